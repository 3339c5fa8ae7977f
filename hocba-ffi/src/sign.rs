//! Signing, for vendors on the JVM and Swift: in-process keys ([`SigningKey`], then
//! [`Envelope::sign`]) and the external route for USB tokens and remote-signing services
//! ([`Envelope::prepare`] → [`ToBeSigned::data`] or [`ToBeSigned::digest`] → the signer →
//! [`ToBeSigned::attach`]). Signers sign in the order the law sets: GVCN, then Hiệu trưởng, then
//! the school's seal; each signature covers the ones before it.

use std::sync::Arc;
use std::time::SystemTime;

use hocba_core::envelope::{
    self, Algorithm, Envelope as CoreEnvelope, PublicKey, SigningKey as CoreKey, SystemRng,
    ToBeSigned as CoreTbs,
};
use hocba_core::{Document, Error as CoreError, Lang};

use crate::error::{HocbaError, guard};
use crate::model::YearRecord;
use crate::verify::{SignerRole, to_system_time, to_unix_time};

/// One check run before signing (ADR 0142): each is turned off only by naming it in `without`,
/// never silently. The same checks, names and codes as Python's `without=[...]` and the CLI's
/// `--no-check`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, uniffi::Enum)]
pub enum SignCheck {
    /// The signer's certificate can sign as the role (person or organisation, keyUsage, not a
    /// CA, key type and size, validity at the signing time), and is neither the certificate
    /// nor the person of a role that signed before (`certificate_reused`, `signer_reused`).
    Certificate,
    /// The chain to a trusted root and its CRLs (runs only when a trust store is given; the
    /// bindings give none, as Python).
    Chain,
    /// The seal belongs to the record's school.
    School,
    /// A personal certificate is the person the record names for the role (ADR 0140).
    Person,
    /// The record has no TT27 error (warnings do not block): turn it off for a record awaiting
    /// the supplementary assessment (TT27 Điều 11.1.b).
    Record,
}

impl From<SignCheck> for envelope::SignCheck {
    fn from(c: SignCheck) -> Self {
        match c {
            SignCheck::Certificate => envelope::SignCheck::Certificate,
            SignCheck::Chain => envelope::SignCheck::Chain,
            SignCheck::School => envelope::SignCheck::School,
            SignCheck::Person => envelope::SignCheck::Person,
            SignCheck::Record => envelope::SignCheck::Record,
        }
    }
}

#[uniffi::export]
impl SignCheck {
    /// The stable name (`certificate`, `chain`, `school`, `person`, `record`).
    pub fn code(&self) -> String {
        envelope::SignCheck::from(*self).code().to_owned()
    }
}

/// Every check before signing but those named in `without`.
pub(crate) fn sign_options(without: &[SignCheck]) -> envelope::SignOptions<'static> {
    without
        .iter()
        .fold(envelope::SignOptions::default(), |o, c| {
            o.without((*c).into())
        })
}

pub(crate) fn algorithm_arg(name: &str) -> Result<Algorithm, HocbaError> {
    Algorithm::from_name(name).ok_or_else(|| HocbaError::Envelope {
        code: "unsupported_algorithm".into(),
        message_en: "the algorithm must be EdDSA, ES256, ES384, PS256 or RS256".into(),
        message_vi: "thuật toán phải là EdDSA, ES256, ES384, PS256 hoặc RS256".into(),
        path: None,
        record: None,
    })
}

/// The chain, leaf first: each item one DER certificate or a PEM bundle of them.
pub(crate) fn chain_arg(chain: &[Vec<u8>]) -> Result<Vec<Vec<u8>>, HocbaError> {
    let mut out = Vec::new();
    for item in chain {
        out.extend(envelope::read_certificates(item).map_err(CoreError::from)?);
    }
    Ok(out)
}

/// A private key held in this process: an unencrypted PKCS#8 key (PEM or DER). For keys on a
/// USB token or at a remote-signing service use [`Envelope::prepare`] instead.
#[derive(uniffi::Object)]
pub struct SigningKey {
    pub(crate) inner: CoreKey,
}

#[uniffi::export]
impl SigningKey {
    /// Reads `pkcs8` (PEM or DER). `algorithm` (`EdDSA`, `ES256`, `ES384`, `PS256`, `RS256`)
    /// chooses between PS256 (the default) and RS256 for an RSA key; for other keys leave it
    /// null or give the key's own algorithm.
    #[uniffi::constructor]
    pub fn from_pkcs8(pkcs8: Vec<u8>, algorithm: Option<String>) -> Result<Arc<Self>, HocbaError> {
        guard(|| {
            let alg = algorithm.as_deref().map(algorithm_arg).transpose()?;
            let inner = CoreKey::from_pkcs8(&pkcs8, alg).map_err(CoreError::from)?;
            Ok(Arc::new(Self { inner }))
        })
    }

    /// The algorithm this key signs with (`EdDSA`, `ES256`, …).
    pub fn algorithm(&self) -> String {
        self.inner.algorithm().name().to_owned()
    }
}

/// A year record and the signatures it has so far. Immutable: signing returns a new
/// envelope.
#[derive(uniffi::Object)]
pub struct Envelope {
    inner: CoreEnvelope,
}

/// Shows the roles signed so far, never the record (it names a pupil).
impl std::fmt::Debug for Envelope {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let roles: Vec<&str> = self.inner.roles().iter().map(|r| r.code()).collect();
        write!(f, "Envelope(signed by {roles:?})")
    }
}

impl std::fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "SigningKey({})", self.inner.algorithm().name())
    }
}

impl std::fmt::Debug for ToBeSigned {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.inner.fmt(f)
    }
}

impl Envelope {
    fn wrap(inner: CoreEnvelope) -> Arc<Self> {
        Arc::new(Self { inner })
    }
}

#[uniffi::export]
impl Envelope {
    /// An unsigned envelope around a year record given as JSON or canonical CBOR (a transcript
    /// is refused: each year is signed on its own).
    #[uniffi::constructor]
    pub fn from_record(document: Vec<u8>) -> Result<Arc<Self>, HocbaError> {
        guard(|| match Document::decode(&document)?.0 {
            Document::YearRecord(r) => Ok(Self::wrap(CoreEnvelope::new(&r))),
            Document::Transcript(_) => Err(HocbaError::Decode {
                code: "not_a_year_record".into(),
                message_en: "sign one year record at a time, not a transcript".into(),
                message_vi: "chỉ ký từng hồ sơ năm học, không ký cả học bạ".into(),
                path: None,
                record: None,
            }),
        })
    }

    /// A partly (or fully) signed record read from its bytes, to add the next signature.
    #[uniffi::constructor]
    pub fn from_signed(signed_record: Vec<u8>) -> Result<Arc<Self>, HocbaError> {
        guard(|| {
            let inner = CoreEnvelope::from_signed_bytes(&signed_record).map_err(CoreError::from)?;
            Ok(Self::wrap(inner))
        })
    }

    /// The record being signed, as the signer sees it (not verified).
    pub fn record(&self) -> YearRecord {
        self.inner.record().clone().into()
    }

    /// The roles that have signed, in order.
    pub fn roles(&self) -> Vec<SignerRole> {
        self.inner.roles().into_iter().map(Into::into).collect()
    }

    /// The role whose turn it is, or null when all three have signed.
    pub fn next_role(&self) -> Option<SignerRole> {
        self.inner.next_role().map(Into::into)
    }

    /// The signed bytes (a COSE_Sign); an `Envelope` error `not_signed` before the first
    /// signature.
    pub fn to_bytes(&self) -> Result<Vec<u8>, HocbaError> {
        guard(|| Ok(self.inner.to_bytes().map_err(CoreError::from)?))
    }

    /// Adds `role`'s signature made with `key`: `chain` is the signer's certificate chain, leaf
    /// first (each item DER or a PEM bundle), `signing_time` the time written in the signature.
    /// `role` must be [`Envelope::next_role`]. The PS256 salt comes from the operating system;
    /// the other algorithms are deterministic. Every check before signing runs but those named
    /// in `without` (ADR 0142); a refusal is an `Envelope` error with verification's code
    /// (`organisation_cert_for_person`, `signer_id_mismatch`, `certificate_reused`, …) or
    /// `record_has_errors`.
    #[uniffi::method(default(without = []))]
    pub fn sign(
        &self,
        key: Arc<SigningKey>,
        role: SignerRole,
        chain: Vec<Vec<u8>>,
        signing_time: SystemTime,
        without: Vec<SignCheck>,
    ) -> Result<Arc<Envelope>, HocbaError> {
        guard(|| {
            let chain = chain_arg(&chain)?;
            let refs: Vec<&[u8]> = chain.iter().map(Vec::as_slice).collect();
            let signed = self
                .inner
                .sign_with(
                    &key.inner,
                    role.into(),
                    &refs,
                    to_unix_time(signing_time),
                    &mut SystemRng,
                    &sign_options(&without),
                )
                .map_err(CoreError::from)?;
            Ok(Self::wrap(signed))
        })
    }

    /// Prepares `role`'s signature for an external signer. `algorithm` defaults to the leaf
    /// key's own (PS256 for RSA). Give [`ToBeSigned::data`] (or, to a signer that signs a
    /// hash, [`ToBeSigned::digest`]) to the signer and its signature to
    /// [`ToBeSigned::attach`]. The checks before signing run as for [`Envelope::sign`].
    #[uniffi::method(default(without = []))]
    pub fn prepare(
        &self,
        role: SignerRole,
        chain: Vec<Vec<u8>>,
        algorithm: Option<String>,
        signing_time: SystemTime,
        without: Vec<SignCheck>,
    ) -> Result<Arc<ToBeSigned>, HocbaError> {
        guard(|| {
            let chain = chain_arg(&chain)?;
            let refs: Vec<&[u8]> = chain.iter().map(Vec::as_slice).collect();
            let alg = match algorithm.as_deref() {
                Some(name) => algorithm_arg(name)?,
                None => {
                    let leaf = refs.first().ok_or(CoreError::from(
                        envelope::EnvelopeError::CertificateUnreadable,
                    ))?;
                    PublicKey::from_certificate_der(leaf)
                        .map_err(CoreError::from)?
                        .default_algorithm()
                }
            };
            let inner = self
                .inner
                .prepare_with(
                    role.into(),
                    &refs,
                    alg,
                    to_unix_time(signing_time),
                    &sign_options(&without),
                )
                .map_err(CoreError::from)?;
            Ok(Arc::new(ToBeSigned { inner }))
        })
    }
}

/// A signature waiting for an external signer: the exact bytes to sign, their digest, and
/// what is being signed. It can be saved ([`ToBeSigned::to_file_bytes`]) and picked up later.
#[derive(uniffi::Object)]
pub struct ToBeSigned {
    inner: CoreTbs,
}

#[uniffi::export]
impl ToBeSigned {
    /// Reads a pending signature saved with [`ToBeSigned::to_file_bytes`], checking it again.
    #[uniffi::constructor]
    pub fn from_file_bytes(bytes: Vec<u8>) -> Result<Arc<Self>, HocbaError> {
        guard(|| {
            let inner = CoreTbs::from_file_bytes(&bytes).map_err(CoreError::from)?;
            Ok(Arc::new(Self { inner }))
        })
    }

    /// The exact bytes to sign (the COSE `Sig_structure`): what Ed25519 signers and most
    /// signing tools take.
    pub fn data(&self) -> Vec<u8> {
        self.inner.bytes().to_vec()
    }

    /// The digest of [`ToBeSigned::data`] (SHA-384 for ES384, SHA-256 otherwise), for tokens
    /// and services that sign a hash.
    /// For RS256 through a raw RSA mechanism (`NONEwithRSA`, PKCS#11 `CKM_RSA_PKCS`) sign the
    /// DER `DigestInfo` of SHA-256 followed by this digest; without it `attach` refuses the
    /// signature as `attach_pkcs1_no_digest_info`.
    pub fn digest(&self) -> Vec<u8> {
        self.inner.digest()
    }

    /// The algorithm (`EdDSA`, `ES256`, …).
    pub fn algorithm(&self) -> String {
        self.inner.algorithm().name().to_owned()
    }

    /// The role signing.
    pub fn role(&self) -> SignerRole {
        self.inner.role().into()
    }

    /// The signing time written in the signature.
    pub fn signing_time(&self) -> SystemTime {
        to_system_time(self.inner.signing_time())
    }

    /// What is being signed, in Vietnamese, for the signer's own screen. It names the pupil:
    /// show it to the signer, never log it.
    pub fn summary_vi(&self) -> String {
        self.inner.summary(Lang::Vi)
    }

    /// The same summary in English.
    pub fn summary_en(&self) -> String {
        self.inner.summary(Lang::En)
    }

    /// Adds the signer's `signature` (raw; an ECDSA signature may also be DER), after checking
    /// it against the certificate's key, and returns the envelope with it. A signature that
    /// does not verify is an `Envelope` error whose code names the likely cause, as for the
    /// national XML (`attach_pss_salt_length`, `attach_hex_not_raw`,
    /// `attach_pkcs1_no_digest_info`, `attach_wrong_key`, …). With `trust` (e.g. the
    /// Ministry's roots) the signer's chain is checked against its roots again first, at the
    /// signing time (a refusal is an `Envelope` error with verification's code, e.g.
    /// `unknown_issuer`); without it the chain to roots is not checked here (ADR 0273).
    #[uniffi::method(default(trust = None))]
    pub fn attach(
        &self,
        signature: Vec<u8>,
        trust: Option<Arc<crate::trust::TrustStore>>,
    ) -> Result<Arc<Envelope>, HocbaError> {
        guard(|| {
            let store = trust.as_ref().map(|t| &t.inner);
            let attached = self
                .inner
                .clone()
                .attach_with(&signature, store)
                .map_err(CoreError::from)?;
            Ok(Envelope::wrap(attached.signed))
        })
    }

    /// The pending signature as a file, for signing on another machine or later.
    pub fn to_file_bytes(&self) -> Vec<u8> {
        self.inner.to_file_bytes()
    }
}
