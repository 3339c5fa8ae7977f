//! What a certificate says: parsed with x509-cert from the bytes as received (nothing here is
//! re-encoded and then trusted — signatures are checked by the path validator over the raw bytes).

use der::{Decode, Tag, Tagged};
use sha2::{Digest, Sha256};
use x509_cert::Certificate;
use x509_cert::ext::pkix::{BasicConstraints, KeyUsage};
use x509_cert::name::Name;

use super::UnixTime;
use super::policy::HolderKind;

/// Subject attribute OIDs hocba reads.
pub(crate) mod oids {
    use der::asn1::ObjectIdentifier as Oid;
    /// commonName.
    pub const CN: Oid = Oid::new_unwrap("2.5.4.3");
    /// surname.
    pub const SURNAME: Oid = Oid::new_unwrap("2.5.4.4");
    /// serialNumber (the attribute, not the certificate serial).
    pub const SERIAL_NUMBER: Oid = Oid::new_unwrap("2.5.4.5");
    /// organizationName.
    pub const O: Oid = Oid::new_unwrap("2.5.4.10");
    /// organizationalUnitName.
    pub const OU: Oid = Oid::new_unwrap("2.5.4.11");
    /// givenName.
    pub const GIVEN_NAME: Oid = Oid::new_unwrap("2.5.4.42");
    /// organizationIdentifier.
    pub const ORGANIZATION_IDENTIFIER: Oid = Oid::new_unwrap("2.5.4.97");
    /// userId (UID), where Vietnamese CAs put "CCCD:…", "MST:…" and the like.
    pub const UID: Oid = Oid::new_unwrap("0.9.2342.19200300.100.1.1");
    /// id-Ed25519.
    pub const ED25519: Oid = Oid::new_unwrap("1.3.101.112");
    /// rsaEncryption.
    pub const RSA: Oid = Oid::new_unwrap("1.2.840.113549.1.1.1");
    /// id-ecPublicKey.
    pub const EC: Oid = Oid::new_unwrap("1.2.840.10045.2.1");
    /// secp256r1.
    pub const P256: Oid = Oid::new_unwrap("1.2.840.10045.3.1.7");
    /// secp384r1.
    pub const P384: Oid = Oid::new_unwrap("1.3.132.0.34");
}

/// The family of a public key.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum KeyAlgorithm {
    /// Ed25519 (RFC 8410).
    Ed25519,
    /// RSA (rsaEncryption).
    Rsa,
    /// ECDSA on P-256.
    EcdsaP256,
    /// ECDSA on P-384.
    EcdsaP384,
    /// Anything else (rejected for signers as `unsupported_key`).
    Other,
}

impl KeyAlgorithm {
    /// A short stable name: `ed25519`, `rsa`, `ecdsa_p256`, `ecdsa_p384`, `other`.
    pub const fn code(self) -> &'static str {
        match self {
            KeyAlgorithm::Ed25519 => "ed25519",
            KeyAlgorithm::Rsa => "rsa",
            KeyAlgorithm::EcdsaP256 => "ecdsa_p256",
            KeyAlgorithm::EcdsaP384 => "ecdsa_p384",
            KeyAlgorithm::Other => "other",
        }
    }
}

/// A certificate's public key.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct PublicKeyInfo {
    /// Its family.
    pub algorithm: KeyAlgorithm,
    /// Its size in bits (the RSA modulus size; 256/384 for the curves, 256 for Ed25519).
    pub bits: usize,
    /// The DER SubjectPublicKeyInfo, exactly as in the certificate.
    pub spki_der: Vec<u8>,
}

impl PublicKeyInfo {
    /// The raw `subjectPublicKey` bits (the Ed25519 point, the SEC1 point, the PKCS#1 RSA key).
    pub fn subject_public_key(&self) -> Option<Vec<u8>> {
        let spki = spki_ref(&self.spki_der)?;
        spki.subject_public_key.as_bytes().map(<[u8]>::to_vec)
    }
}

fn spki_ref(der: &[u8]) -> Option<x509_cert::spki::SubjectPublicKeyInfoRef<'_>> {
    x509_cert::spki::SubjectPublicKeyInfoRef::from_der(der).ok()
}

/// What the certificate that made a signature says, after its chain was accepted.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct CertificateInfo {
    /// The subject's commonName (a person's name, or the school's name for the seal); the whole
    /// subject DN if there is no CN.
    pub subject_name: String,
    /// The subject's organizationName (the school, or the employer), if any.
    pub organisation: Option<String>,
    /// The subject's organizationalUnitName, if any.
    pub organisational_unit: Option<String>,
    /// Identifier attributes of the subject (UID and serialNumber values, e.g. "MST:0100000001").
    pub subject_ids: Vec<String>,
    /// The holder's personal identifiers (digits only, e.g. the 12-digit CCCD number), read
    /// from the subject under [`super::PersonIdRules`]; empty for most organisations.
    pub personal_ids: Vec<String>,
    /// The subject DN in RFC 4514 form.
    pub subject_dn: String,
    /// The issuer's commonName (the whole issuer DN if it has none).
    pub issuer: String,
    /// The issuer DN in RFC 4514 form.
    pub issuer_dn: String,
    /// The trust anchor the path ended at: its commonName (or DN).
    pub root: String,
    /// Serial number, lower-case hex, as encoded (no sign byte stripped beyond DER).
    pub serial_hex: String,
    /// notBefore.
    pub not_before: UnixTime,
    /// notAfter.
    pub not_after: UnixTime,
    /// The public key.
    pub key: PublicKeyInfo,
    /// keyUsage digitalSignature.
    pub digital_signature: bool,
    /// keyUsage nonRepudiation (contentCommitment).
    pub non_repudiation: bool,
    /// Whether the holder is a person or an organisation, under the store's policy.
    pub holder: HolderKind,
    /// `holder == HolderKind::Organisation`.
    pub is_organisation: bool,
    /// SHA-256 of the leaf certificate's DER.
    pub fingerprint_sha256: [u8; 32],
    /// First signing time for which this same chain gives this same result (the latest notBefore
    /// along the path). Cache a result only for signing times in `[valid_from, valid_until]`.
    pub valid_from: UnixTime,
    /// Last such signing time: the earliest notAfter along the path, or the second before a
    /// revocation that did not count for this signing time.
    pub valid_until: UnixTime,
    /// Set when a certificate of the path was revoked *after* the signing time for a reason that
    /// does not reach back (accepted under [`super::RevocationPolicy::AtSigningTime`]).
    pub revoked_later: Option<UnixTime>,
    /// The CRLReason code (RFC 5280 §5.3.1) of that later revocation, if the CRL gave one.
    pub revoked_later_reason: Option<u8>,
}

/// The parts of one certificate the store needs, parsed once.
pub(crate) struct Parsed {
    pub(crate) cert: Certificate,
}

pub(crate) fn parse(der: &[u8]) -> Option<Parsed> {
    let cert = Certificate::from_der(der).ok()?;
    Some(Parsed { cert })
}

/// Text of an attribute value: UTF8String, PrintableString, IA5String, TeletexString (as
/// Latin-1) or BMPString.
fn attr_text(value: &der::Any) -> Option<String> {
    let bytes = value.value();
    match value.tag() {
        Tag::Utf8String | Tag::PrintableString | Tag::Ia5String => {
            std::str::from_utf8(bytes).ok().map(str::to_owned)
        }
        Tag::TeletexString => Some(bytes.iter().map(|b| char::from(*b)).collect()),
        Tag::BmpString => {
            let units: Vec<u16> = bytes
                .chunks_exact(2)
                .map(|c| u16::from_be_bytes([c[0], c[1]]))
                .collect();
            String::from_utf16(&units).ok()
        }
        _ => None,
    }
}

pub(crate) fn attrs(name: &Name, oid: der::asn1::ObjectIdentifier) -> Vec<String> {
    name.iter()
        .filter(|a| a.oid == oid)
        .filter_map(|a| attr_text(&a.value))
        .collect()
}

pub(crate) fn first(name: &Name, oid: der::asn1::ObjectIdentifier) -> Option<String> {
    attrs(name, oid).into_iter().next()
}

pub(crate) fn display_name(name: &Name) -> String {
    first(name, oids::CN).unwrap_or_else(|| name.to_string())
}

fn unix(t: x509_cert::time::Time) -> UnixTime {
    UnixTime::from_secs(i64::try_from(t.to_unix_duration().as_secs()).unwrap_or(i64::MAX))
}

impl Parsed {
    pub(crate) fn tbs(&self) -> &x509_cert::TbsCertificate {
        self.cert.tbs_certificate()
    }

    pub(crate) fn not_before(&self) -> UnixTime {
        unix(self.tbs().validity().not_before)
    }

    pub(crate) fn not_after(&self) -> UnixTime {
        unix(self.tbs().validity().not_after)
    }

    pub(crate) fn serial_hex(&self) -> String {
        hex::encode(self.tbs().serial_number().as_bytes())
    }

    /// `(digitalSignature, nonRepudiation)`, or `None` without a keyUsage extension.
    pub(crate) fn key_usage(&self) -> Option<(bool, bool)> {
        match self.tbs().get_extension::<KeyUsage>() {
            Ok(Some((_, ku))) => Some((ku.digital_signature(), ku.non_repudiation())),
            _ => None,
        }
    }

    pub(crate) fn is_ca(&self) -> bool {
        matches!(self.tbs().get_extension::<BasicConstraints>(), Ok(Some((_, bc))) if bc.ca)
    }

    pub(crate) fn public_key(&self, spki_der: Vec<u8>) -> PublicKeyInfo {
        let spki = self.tbs().subject_public_key_info();
        let raw = spki.subject_public_key.as_bytes().unwrap_or_default();
        let (algorithm, bits) = if spki.algorithm.oid == oids::ED25519 {
            (KeyAlgorithm::Ed25519, 256)
        } else if spki.algorithm.oid == oids::RSA {
            match rsa_bits(raw) {
                Some(bits) => (KeyAlgorithm::Rsa, bits),
                None => (KeyAlgorithm::Other, 0),
            }
        } else if spki.algorithm.oid == oids::EC {
            let curve = spki
                .algorithm
                .parameters
                .as_ref()
                .and_then(|p| p.decode_as::<der::asn1::ObjectIdentifier>().ok());
            match curve {
                Some(c) if c == oids::P256 => (KeyAlgorithm::EcdsaP256, 256),
                Some(c) if c == oids::P384 => (KeyAlgorithm::EcdsaP384, 384),
                _ => (KeyAlgorithm::Other, 0),
            }
        } else {
            (KeyAlgorithm::Other, 0)
        };
        PublicKeyInfo {
            algorithm,
            bits,
            spki_der,
        }
    }
}

/// Modulus size of a PKCS#1 RSAPublicKey, from its DER.
fn rsa_bits(pkcs1: &[u8]) -> Option<usize> {
    let key = rsa::pkcs1::RsaPublicKey::<der::asn1::UintRef<'_>>::from_der(pkcs1).ok()?;
    let n = key.modulus.as_bytes();
    let first = *n.first()?;
    Some(n.len() * 8 - first.leading_zeros() as usize)
}

pub(crate) fn sha256(bytes: &[u8]) -> [u8; 32] {
    Sha256::digest(bytes).into()
}
