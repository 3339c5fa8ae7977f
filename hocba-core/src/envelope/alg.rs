//! Signature algorithms of the profile, public keys and in-process signing keys.
//!
//! | COSE `alg` | value | key | notes |
//! | --- | --- | --- | --- |
//! | EdDSA | -8 | Ed25519 | `verify_strict` (rejects small-order keys and non-canonical `S`) |
//! | ES256 | -7 | ECDSA P-256 | signature is `r ‖ s`, 64 bytes (RFC 9053 §2.1) |
//! | ES384 | -35 | ECDSA P-384 | signature is `r ‖ s`, 96 bytes |
//! | PS256 | -37 | RSA ≥ 2048 bits | RSASSA-PSS, SHA-256, MGF1-SHA-256, salt 32 bytes (RFC 8230) |
//! | RS256 | -257 | RSA ≥ 2048 bits | RSASSA-PKCS1-v1_5 with SHA-256 (RFC 8812) |

use rsa::signature::{RandomizedSigner, Signer, Verifier};
use rsa::traits::PublicKeyParts;
use sha2::Digest;
use spki::DecodePublicKey;

use super::EnvelopeError;
use super::cose::SigStructure;

/// Smallest RSA modulus the profile accepts, in bits.
pub const MIN_RSA_BITS: usize = 2048;
/// Largest RSA modulus the profile accepts, in bits (bounds the cost of one check).
pub const MAX_RSA_BITS: usize = 8192;

/// A signature algorithm of the profile.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Algorithm {
    /// EdDSA with Ed25519 (COSE -8).
    EdDsa,
    /// ECDSA P-256 with SHA-256 (COSE -7).
    Es256,
    /// ECDSA P-384 with SHA-384 (COSE -35).
    Es384,
    /// RSASSA-PSS with SHA-256 (COSE -37).
    Ps256,
    /// RSASSA-PKCS1-v1_5 with SHA-256 (COSE -257).
    Rs256,
}

impl Algorithm {
    /// Every algorithm of the profile.
    pub const ALL: [Algorithm; 5] = [
        Algorithm::EdDsa,
        Algorithm::Es256,
        Algorithm::Es384,
        Algorithm::Ps256,
        Algorithm::Rs256,
    ];

    /// The COSE algorithm identifier (IANA "COSE Algorithms").
    pub const fn cose_id(self) -> i64 {
        match self {
            Algorithm::EdDsa => -8,
            Algorithm::Es256 => -7,
            Algorithm::Es384 => -35,
            Algorithm::Ps256 => -37,
            Algorithm::Rs256 => -257,
        }
    }

    /// The algorithm with COSE identifier `id`.
    pub fn from_cose_id(id: i64) -> Result<Self, EnvelopeError> {
        Self::ALL
            .into_iter()
            .find(|a| a.cose_id() == id)
            .ok_or(EnvelopeError::UnsupportedAlgorithm { alg: id })
    }

    /// The COSE name: `EdDSA`, `ES256`, `ES384`, `PS256`, `RS256`.
    pub const fn name(self) -> &'static str {
        match self {
            Algorithm::EdDsa => "EdDSA",
            Algorithm::Es256 => "ES256",
            Algorithm::Es384 => "ES384",
            Algorithm::Ps256 => "PS256",
            Algorithm::Rs256 => "RS256",
        }
    }

    /// The algorithm named `name` (case-insensitive).
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|a| a.name().eq_ignore_ascii_case(name))
    }

    /// The digest an external signer that works on a hash (a token, a remote-signing
    /// service) must sign: SHA-384 for ES384, SHA-256 otherwise. For EdDSA the whole
    /// to-be-signed bytes are signed; the digest is then only for display.
    pub fn digest(self, message: &[u8]) -> Vec<u8> {
        match self {
            Algorithm::Es384 => sha2::Sha384::digest(message).to_vec(),
            _ => sha2::Sha256::digest(message).to_vec(),
        }
    }

    /// The name of [`Algorithm::digest`]: `SHA-256` or `SHA-384`.
    pub const fn digest_name(self) -> &'static str {
        match self {
            Algorithm::Es384 => "SHA-384",
            _ => "SHA-256",
        }
    }
}

impl std::fmt::Display for Algorithm {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// A public key that can check signatures of the profile.
///
/// Opaque: the cryptographic crates' key types stay inside hocba, so that a release of
/// `ed25519-dalek`, `p256`, `p384` or `rsa` is not a breaking change of hocba's API (ADR 0113).
/// [`PublicKey::kind`] says which kind of key it is.
#[derive(Clone, Debug)]
pub struct PublicKey(pub(crate) Key);

/// The key inside a [`PublicKey`], for hocba's own code.
#[derive(Clone, Debug)]
pub(crate) enum Key {
    Ed25519(ed25519_dalek::VerifyingKey),
    P256(p256::ecdsa::VerifyingKey),
    P384(p384::ecdsa::VerifyingKey),
    Rsa(RsaKey),
}

/// An RSA public key: RustCrypto's for reading, signing and diagnostics, and the verifier's
/// own form for each signature algorithm, parsed on first use and kept with the key (ADR 0117:
/// a key kept by [`super::Verifier`] is parsed once for a whole school year, not once per
/// signature).
#[derive(Clone)]
pub(crate) struct RsaKey {
    key: rsa::PublicKey,
    pkcs1: std::sync::OnceLock<Option<aws_lc_rs::signature::ParsedPublicKey>>,
    pss: std::sync::OnceLock<Option<aws_lc_rs::signature::ParsedPublicKey>>,
}

impl RsaKey {
    fn new(key: rsa::PublicKey) -> Self {
        Self {
            key,
            pkcs1: std::sync::OnceLock::new(),
            pss: std::sync::OnceLock::new(),
        }
    }

    /// Checks `signature` over `message` with RSASSA-PKCS1-v1_5 and the SHA-256 `DigestInfo`
    /// (`pss` false) or RSASSA-PSS with MGF1-SHA-256 and a salt of the hash length (RFC 8230
    /// §2, RFC 6931 §2.3.10); the signature exactly the modulus length; keys of 2048 to 8192
    /// bits (checked when the key was read, [`MIN_RSA_BITS`]).
    fn verify(&self, pss: bool, message: &[u8], signature: &[u8]) -> Result<(), EnvelopeError> {
        use aws_lc_rs::signature as lc;
        use rsa::pkcs1::EncodeRsaPublicKey;
        use rsa::traits::PublicKeyParts;
        if signature.len() != self.key.size() {
            return Err(EnvelopeError::BadSignature);
        }
        let (cell, params) = if pss {
            (&self.pss, &lc::RSA_PSS_2048_8192_SHA256)
        } else {
            (&self.pkcs1, &lc::RSA_PKCS1_2048_8192_SHA256)
        };
        let parsed = cell.get_or_init(|| {
            let der = self.key.to_pkcs1_der().ok()?;
            lc::ParsedPublicKey::new(params, der.as_bytes()).ok()
        });
        parsed
            .as_ref()
            .ok_or(EnvelopeError::UnsupportedKey)?
            .verify_sig(message, signature)
            .map_err(|_| EnvelopeError::BadSignature)
    }
}

impl std::ops::Deref for RsaKey {
    type Target = rsa::PublicKey;
    fn deref(&self) -> &rsa::PublicKey {
        &self.key
    }
}

impl std::fmt::Debug for RsaKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.key.fmt(f)
    }
}

/// Which kind of key a [`PublicKey`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum KeyKind {
    /// Ed25519 (RFC 8032).
    Ed25519,
    /// ECDSA on P-256.
    EcdsaP256,
    /// ECDSA on P-384.
    EcdsaP384,
    /// RSA, with its modulus length in bits.
    Rsa {
        /// The modulus length in bits (2048 to 8192, [`MIN_RSA_BITS`], [`MAX_RSA_BITS`]).
        bits: usize,
    },
}

const OID_ED25519: const_oid::ObjectIdentifier =
    const_oid::ObjectIdentifier::new_unwrap("1.3.101.112");
const OID_EC: const_oid::ObjectIdentifier =
    const_oid::ObjectIdentifier::new_unwrap("1.2.840.10045.2.1");
const OID_P256: const_oid::ObjectIdentifier =
    const_oid::ObjectIdentifier::new_unwrap("1.2.840.10045.3.1.7");
const OID_P384: const_oid::ObjectIdentifier =
    const_oid::ObjectIdentifier::new_unwrap("1.3.132.0.34");
const OID_RSA: const_oid::ObjectIdentifier =
    const_oid::ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.1");

impl PublicKey {
    /// Which kind of key this is.
    pub fn kind(&self) -> KeyKind {
        use rsa::traits::PublicKeyParts;
        match &self.0 {
            Key::Ed25519(_) => KeyKind::Ed25519,
            Key::P256(_) => KeyKind::EcdsaP256,
            Key::P384(_) => KeyKind::EcdsaP384,
            Key::Rsa(k) => KeyKind::Rsa {
                bits: k.n().bit_width() as usize,
            },
        }
    }

    /// The length in bytes of a signature by this key in its raw form: the modulus length for
    /// RSA, `r ‖ s` for ECDSA (RFC 4051 §3.3, RFC 9053 §2.1), 64 for Ed25519.
    pub fn signature_len(&self) -> usize {
        use rsa::traits::PublicKeyParts;
        match &self.0 {
            Key::Rsa(k) => k.size(),
            Key::P256(_) => 64,
            Key::P384(_) => 96,
            Key::Ed25519(_) => 64,
        }
    }

    /// The algorithm this key signs with unless told otherwise: EdDSA, ES256, ES384, or PS256
    /// for RSA (RS256 only when asked for).
    pub fn default_algorithm(&self) -> Algorithm {
        match &self.0 {
            Key::Ed25519(_) => Algorithm::EdDsa,
            Key::P256(_) => Algorithm::Es256,
            Key::P384(_) => Algorithm::Es384,
            Key::Rsa(_) => Algorithm::Ps256,
        }
    }

    /// Reads a DER `SubjectPublicKeyInfo` (Ed25519, EC P-256/P-384, rsaEncryption).
    pub fn from_spki_der(der: &[u8]) -> Result<Self, EnvelopeError> {
        use der::Decode;
        let bad = || EnvelopeError::UnsupportedKey;
        let info = spki::SubjectPublicKeyInfoRef::from_der(der).map_err(|_| bad())?;
        let oid = info.algorithm.oid;
        if oid == OID_ED25519 {
            ed25519_dalek::VerifyingKey::from_public_key_der(der)
                .map(|k| PublicKey(Key::Ed25519(k)))
                .map_err(|_| bad())
        } else if oid == OID_EC {
            let curve = info.algorithm.parameters_oid().map_err(|_| bad())?;
            if curve == OID_P256 {
                p256::ecdsa::VerifyingKey::from_public_key_der(der)
                    .map(|k| PublicKey(Key::P256(k)))
                    .map_err(|_| bad())
            } else if curve == OID_P384 {
                p384::ecdsa::VerifyingKey::from_public_key_der(der)
                    .map(|k| PublicKey(Key::P384(k)))
                    .map_err(|_| bad())
            } else {
                Err(bad())
            }
        } else if oid == OID_RSA {
            let key = rsa::PublicKey::from_public_key_der(der).map_err(|_| bad())?;
            Self::from_rsa(key)
        } else {
            Err(bad())
        }
    }

    /// The public key of an X.509 certificate (DER), read from the received bytes.
    pub fn from_certificate_der(cert: &[u8]) -> Result<Self, EnvelopeError> {
        use der::{Decode, Encode};
        let c = x509_cert::Certificate::from_der(cert)
            .map_err(|_| EnvelopeError::CertificateUnreadable)?;
        let spki = c
            .tbs_certificate()
            .subject_public_key_info()
            .to_der()
            .map_err(|_| EnvelopeError::CertificateUnreadable)?;
        Self::from_spki_der(&spki)
    }

    /// An Ed25519 key from its 32 bytes.
    pub fn from_ed25519_bytes(bytes: &[u8]) -> Result<Self, EnvelopeError> {
        let b: &[u8; 32] = bytes
            .try_into()
            .map_err(|_| EnvelopeError::UnsupportedKey)?;
        ed25519_dalek::VerifyingKey::from_bytes(b)
            .map(|k| PublicKey(Key::Ed25519(k)))
            .map_err(|_| EnvelopeError::UnsupportedKey)
    }

    /// An ECDSA key from its SEC1 point; the curve is told by the point's length
    /// (P-256: 33 or 65 bytes, P-384: 49 or 97 bytes).
    pub fn from_ec_sec1(point: &[u8]) -> Result<Self, EnvelopeError> {
        let bad = |_| EnvelopeError::UnsupportedKey;
        match point.len() {
            33 | 65 => p256::ecdsa::VerifyingKey::from_sec1_bytes(point)
                .map(|k| PublicKey(Key::P256(k)))
                .map_err(bad),
            49 | 97 => p384::ecdsa::VerifyingKey::from_sec1_bytes(point)
                .map(|k| PublicKey(Key::P384(k)))
                .map_err(bad),
            _ => Err(EnvelopeError::UnsupportedKey),
        }
    }

    /// An RSA key from its big-endian modulus and exponent.
    pub fn from_rsa_components(n: &[u8], e: &[u8]) -> Result<Self, EnvelopeError> {
        let n = rsa::BoxedUint::from_be_slice_vartime(n);
        let e = rsa::BoxedUint::from_be_slice_vartime(e);
        let key = rsa::PublicKey::new(n, e).map_err(|_| EnvelopeError::UnsupportedKey)?;
        Self::from_rsa(key)
    }

    fn from_rsa(key: rsa::PublicKey) -> Result<Self, EnvelopeError> {
        let bits = key.n().bit_width() as usize;
        if bits < MIN_RSA_BITS {
            return Err(EnvelopeError::WeakKey { bits });
        }
        if bits > MAX_RSA_BITS {
            return Err(EnvelopeError::UnsupportedKey);
        }
        Ok(PublicKey(Key::Rsa(RsaKey::new(key))))
    }

    /// Whether this key can be used with `alg`.
    pub fn fits(&self, alg: Algorithm) -> bool {
        matches!(
            (&self.0, alg),
            (Key::Ed25519(_), Algorithm::EdDsa)
                | (Key::P256(_), Algorithm::Es256)
                | (Key::P384(_), Algorithm::Es384)
                | (Key::Rsa(_), Algorithm::Ps256 | Algorithm::Rs256)
        )
    }

    /// Checks `signature` over `message` with `alg`. Fails with
    /// [`EnvelopeError::KeyAlgorithmMismatch`] when the key does not fit the algorithm and
    /// [`EnvelopeError::BadSignature`] when the signature does not verify.
    pub fn verify(
        &self,
        alg: Algorithm,
        message: &[u8],
        signature: &[u8],
    ) -> Result<(), EnvelopeError> {
        let bad = |_| EnvelopeError::BadSignature;
        match (&self.0, alg) {
            (Key::Ed25519(k), Algorithm::EdDsa) => {
                let sig = ed25519_dalek::Signature::from_slice(signature).map_err(bad)?;
                k.verify_strict(message, &sig).map_err(bad)
            }
            (Key::P256(k), Algorithm::Es256) => {
                let sig = p256::ecdsa::Signature::from_slice(signature).map_err(bad)?;
                k.verify(message, &sig).map_err(bad)
            }
            (Key::P384(k), Algorithm::Es384) => {
                let sig = p384::ecdsa::Signature::from_slice(signature).map_err(bad)?;
                k.verify(message, &sig).map_err(bad)
            }
            (Key::Rsa(k), Algorithm::Ps256) => k.verify(true, message, signature),
            (Key::Rsa(k), Algorithm::Rs256) => k.verify(false, message, signature),
            _ => Err(EnvelopeError::KeyAlgorithmMismatch),
        }
    }

    /// Checks `signature` over the `Sig_structure` `tbs`: the same answer as
    /// [`PublicKey::verify`] over `tbs.to_vec()`. An Ed25519 signature is checked with
    /// [`ed25519_verify_strict_streamed`], without writing the structure out; the other
    /// algorithms take it in one buffer.
    pub(crate) fn verify_structure(
        &self,
        alg: Algorithm,
        tbs: &SigStructure<'_>,
        signature: &[u8],
    ) -> Result<(), EnvelopeError> {
        match (&self.0, alg) {
            (Key::Ed25519(k), Algorithm::EdDsa) => {
                let sig = ed25519_dalek::Signature::from_slice(signature)
                    .map_err(|_| EnvelopeError::BadSignature)?;
                if ed25519_verify_strict_streamed(k, &sig, |feed| tbs.for_each_piece(feed)) {
                    Ok(())
                } else {
                    Err(EnvelopeError::BadSignature)
                }
            }
            _ => self.verify(alg, &tbs.to_vec(), signature),
        }
    }

    /// Brings a signature produced by an external tool into the COSE form: an ECDSA
    /// signature in ASN.1 DER (what `openssl`, PKCS#11 wrappers and most tokens give) becomes
    /// `r ‖ s`; any other signature is returned unchanged.
    pub fn normalise_signature(&self, signature: &[u8]) -> Vec<u8> {
        let der_to_raw = || -> Option<Vec<u8>> {
            match &self.0 {
                Key::P256(_) if signature.len() != 64 => {
                    let s = p256::ecdsa::Signature::from_der(signature).ok()?;
                    Some(s.to_bytes().to_vec())
                }
                Key::P384(_) if signature.len() != 96 => {
                    let s = p384::ecdsa::Signature::from_der(signature).ok()?;
                    Some(s.to_bytes().to_vec())
                }
                _ => None,
            }
        };
        der_to_raw().unwrap_or_else(|| signature.to_vec())
    }
}

/// `verify_strict` of `signature` by `key` over the message that `message` feeds, piece by
/// piece, to the hash (ADR 0074): accepts exactly what
/// `key.verify_strict(&concatenation, signature)` accepts.
///
/// `verify_strict` decompresses `R` (a field square root) to refuse a small-order `R`, then
/// recomputes `R` and compares it byte for byte with the signature's. Here `R` is judged on
/// its bytes instead ([`ed25519_r_is_strict`]): the recomputed `R` is always the canonical
/// encoding of a curve point, so when the bytes match, the signature's `R` decompresses, and
/// it is of small order exactly when its `y` is one of the eight small-order points'. The
/// hash state comes from ed25519-dalek's own `StreamVerifier`, which also refuses a
/// non-canonical `s`; a weak (small-order) key is refused as `verify_strict` does.
pub(crate) fn ed25519_verify_strict_streamed(
    key: &ed25519_dalek::VerifyingKey,
    signature: &ed25519_dalek::Signature,
    message: impl FnOnce(&mut dyn FnMut(&[u8])),
) -> bool {
    if key.is_weak() || !ed25519_r_is_strict(signature) {
        return false;
    }
    let Ok(mut v) = key.verify_stream(signature) else {
        return false;
    };
    message(&mut |piece| v.update(piece));
    v.finalize_and_verify().is_ok()
}

/// Whether the `R` of an Ed25519 signature is the canonical encoding of a point `y` that is
/// not the `y` of a small-order point — judged on the bytes, without decompressing `R`.
///
/// `verify_strict` refuses an `R` that is a small-order point, and — by comparing the
/// recomputed `R` byte for byte — any non-canonical encoding; this refuses exactly those. A
/// non-canonical encoding is a `y` of 2²⁵⁵ − 19 or more (or `x = 0` with the sign bit set,
/// which only the small-order points (0, ±1) have). An `R` that is not on the curve at all
/// passes; the recomputation refuses it (single check) or the batch fails (ADR 0070).
pub(crate) fn ed25519_r_is_strict(signature: &ed25519_dalek::Signature) -> bool {
    let mut y = *signature.r_bytes();
    y[31] &= 0x7f;
    is_canonical_y(&y) && !small_order_ys().contains(&y)
}

/// Whether the 255-bit little-endian `y` (sign bit cleared) is below p = 2²⁵⁵ − 19.
fn is_canonical_y(y: &[u8; 32]) -> bool {
    !(y[31] == 0x7f && y[1..31].iter().all(|&b| b == 0xff) && y[0] >= 0xed)
}

/// The `y` encodings (sign bit cleared) of the eight small-order points, from
/// curve25519-dalek's own table; every encoding of a small-order point, with either sign bit,
/// has one of these `y`s or is non-canonical.
fn small_order_ys() -> &'static [[u8; 32]; 8] {
    static YS: std::sync::OnceLock<[[u8; 32]; 8]> = std::sync::OnceLock::new();
    YS.get_or_init(|| {
        curve25519_dalek::constants::EIGHT_TORSION.map(|p| {
            let mut y = p.compress().to_bytes();
            y[31] &= 0x7f;
            y
        })
    })
}

/// A private key held in this process (demo, tests, a school's own seal key on a server).
///
/// Real teachers sign externally (see [`super::ToBeSigned`]); this exists for keys a
/// program may hold. `Debug` never shows the key.
pub struct SigningKey {
    inner: SigningInner,
    alg: Algorithm,
}

enum SigningInner {
    Ed25519(ed25519_dalek::SigningKey),
    P256(p256::ecdsa::SigningKey),
    P384(p384::ecdsa::SigningKey),
    Rsa(rsa::PrivateKey),
}

impl std::fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "SigningKey({})", self.alg)
    }
}

impl SigningKey {
    /// Reads an unencrypted PKCS#8 private key (DER). `alg` chooses between PS256 and RS256
    /// for an RSA key; for other keys it must match the key (or be `None`: EdDSA for Ed25519,
    /// ES256 for P-256, ES384 for P-384, PS256 for RSA).
    pub fn from_pkcs8_der(der: &[u8], alg: Option<Algorithm>) -> Result<Self, EnvelopeError> {
        use ed25519_dalek::pkcs8::DecodePrivateKey;
        let bad = |_| EnvelopeError::UnsupportedKey;
        let (inner, natural) = if let Ok(k) = ed25519_dalek::SigningKey::from_pkcs8_der(der) {
            (SigningInner::Ed25519(k), Algorithm::EdDsa)
        } else if let Ok(k) = p256::ecdsa::SigningKey::from_pkcs8_der(der) {
            (SigningInner::P256(k), Algorithm::Es256)
        } else if let Ok(k) = p384::ecdsa::SigningKey::from_pkcs8_der(der) {
            (SigningInner::P384(k), Algorithm::Es384)
        } else {
            let k = rsa::PrivateKey::from_pkcs8_der(der).map_err(bad)?;
            let bits = k.n().bit_width() as usize;
            if bits < MIN_RSA_BITS {
                return Err(EnvelopeError::WeakKey { bits });
            }
            (SigningInner::Rsa(k), Algorithm::Ps256)
        };
        let alg = alg.unwrap_or(natural);
        let ok =
            alg == natural || (matches!(inner, SigningInner::Rsa(_)) && alg == Algorithm::Rs256);
        if !ok {
            return Err(EnvelopeError::KeyAlgorithmMismatch);
        }
        Ok(Self { inner, alg })
    }

    /// Reads an unencrypted PKCS#8 private key given as PEM (a `PRIVATE KEY` block) or DER;
    /// `alg` as for [`SigningKey::from_pkcs8_der`].
    pub fn from_pkcs8(bytes: &[u8], alg: Option<Algorithm>) -> Result<Self, EnvelopeError> {
        use rustls_pki_types::PrivatePkcs8KeyDer;
        use rustls_pki_types::pem::PemObject;
        if is_pem(bytes) {
            let der = PrivatePkcs8KeyDer::from_pem_slice(bytes)
                .map_err(|_| EnvelopeError::UnsupportedKey)?;
            Self::from_pkcs8_der(der.secret_pkcs8_der(), alg)
        } else {
            Self::from_pkcs8_der(bytes, alg)
        }
    }

    /// The algorithm this key signs with.
    pub fn algorithm(&self) -> Algorithm {
        self.alg
    }

    /// The matching public key.
    pub fn public_key(&self) -> PublicKey {
        match &self.inner {
            SigningInner::Ed25519(k) => PublicKey(Key::Ed25519(k.verifying_key())),
            SigningInner::P256(k) => PublicKey(Key::P256(*k.verifying_key())),
            SigningInner::P384(k) => PublicKey(Key::P384(*k.verifying_key())),
            SigningInner::Rsa(k) => PublicKey(Key::Rsa(RsaKey::new(k.to_public_key()))),
        }
    }

    /// Signs `message`. Ed25519, ECDSA (RFC 6979 nonces) and RS256 are deterministic and do
    /// not touch `rng`; PS256 draws its 32-byte salt from it.
    pub fn sign<R: Randomness + ?Sized>(
        &self,
        message: &[u8],
        rng: &mut R,
    ) -> Result<Vec<u8>, EnvelopeError> {
        let failed = |_| EnvelopeError::SigningFailed;
        Ok(match (&self.inner, self.alg) {
            (SigningInner::Ed25519(k), _) => k.sign(message).to_bytes().to_vec(),
            (SigningInner::P256(k), _) => {
                let s: p256::ecdsa::Signature = k.try_sign(message).map_err(failed)?;
                s.to_bytes().to_vec()
            }
            (SigningInner::P384(k), _) => {
                let s: p384::ecdsa::Signature = k.try_sign(message).map_err(failed)?;
                s.to_bytes().to_vec()
            }
            (SigningInner::Rsa(k), Algorithm::Rs256) => {
                let sk = rsa::pkcs1v15::SigningKey::<sha2::Sha256>::new(k.clone());
                let s: rsa::pkcs1v15::Signature = sk.try_sign(message).map_err(failed)?;
                Box::<[u8]>::from(s).to_vec()
            }
            (SigningInner::Rsa(k), _) => {
                let sk = rsa::pss::SigningKey::<sha2::Sha256>::new(k.clone());
                let s: rsa::pss::Signature = sk
                    .try_sign_with_rng(&mut RandCore(rng), message)
                    .map_err(failed)?;
                Box::<[u8]>::from(s).to_vec()
            }
        })
    }
}

/// Random bytes for the one signature that draws them: the PS256 salt (RFC 8017 §9.1.1).
/// Ed25519, ECDSA (RFC 6979) and RS256 signatures are deterministic and never call it.
///
/// hocba's own trait rather than RustCrypto's `rand_core` ones, so that a `rand_core` release
/// is not a breaking change of hocba's API (ADR 0113). [`SystemRng`] is the operating
/// system's generator.
pub trait Randomness {
    /// Fills `dst` entirely with random bytes, or says the source failed.
    fn fill(&mut self, dst: &mut [u8]) -> Result<(), RandomnessFailed>;
}

/// A [`Randomness`] source could not give bytes; signing fails with
/// [`EnvelopeError::SigningFailed`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RandomnessFailed;

impl std::fmt::Display for RandomnessFailed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the random source failed")
    }
}

impl std::error::Error for RandomnessFailed {}

/// The operating system's random generator (`getrandom`). Pass `&mut SystemRng` to
/// [`SigningKey::sign`], [`super::Envelope::sign`] or the bulk signer when no other source is
/// at hand.
#[derive(Clone, Copy, Debug, Default)]
pub struct SystemRng;

impl Randomness for SystemRng {
    fn fill(&mut self, dst: &mut [u8]) -> Result<(), RandomnessFailed> {
        getrandom::fill(dst).map_err(|_| RandomnessFailed)
    }
}

/// A [`Randomness`] seen as the `rand_core` generator RustCrypto's signers take; private, so
/// the `rand_core` traits stay out of hocba's API.
pub(crate) struct RandCore<'a, R: ?Sized>(pub(crate) &'a mut R);

impl<R: Randomness + ?Sized> rsa::rand_core::TryRng for RandCore<'_, R> {
    type Error = RandomnessFailed;
    fn try_next_u32(&mut self) -> Result<u32, Self::Error> {
        let mut b = [0u8; 4];
        self.0.fill(&mut b)?;
        Ok(u32::from_le_bytes(b))
    }
    fn try_next_u64(&mut self) -> Result<u64, Self::Error> {
        let mut b = [0u8; 8];
        self.0.fill(&mut b)?;
        Ok(u64::from_le_bytes(b))
    }
    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Self::Error> {
        self.0.fill(dst)
    }
}

impl<R: Randomness + ?Sized> rsa::rand_core::TryCryptoRng for RandCore<'_, R> {}

/// Whether `bytes` are PEM text rather than DER: they hold a `-----BEGIN ` line (possibly
/// after other text, as in OpenSSL's exports with "Bag Attributes"). DER never holds it.
pub fn is_pem(bytes: &[u8]) -> bool {
    bytes.windows(11).any(|w| w == b"-----BEGIN ")
}

/// The certificates in `bytes`: every `CERTIFICATE` block of a PEM bundle, in order, or `bytes`
/// itself as one DER certificate. A PEM text without a certificate, or with a damaged one, is
/// [`EnvelopeError::CertificateUnreadable`]; DER is checked when it is used.
pub fn read_certificates(bytes: &[u8]) -> Result<Vec<Vec<u8>>, EnvelopeError> {
    use rustls_pki_types::CertificateDer;
    use rustls_pki_types::pem::PemObject;
    if !is_pem(bytes) {
        return Ok(vec![bytes.to_vec()]);
    }
    let certs = CertificateDer::pem_slice_iter(bytes)
        .map(|c| c.map(|c| c.as_ref().to_vec()))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|_| EnvelopeError::CertificateUnreadable)?;
    if certs.is_empty() {
        return Err(EnvelopeError::CertificateUnreadable);
    }
    Ok(certs)
}
