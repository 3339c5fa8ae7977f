//! Signing: [`Envelope`] (a record and the signatures so far), [`ToBeSigned`] for external
//! signers (USB tokens, remote-signing apps) and in-process signing with a [`SigningKey`].

use super::cbor::{self, ARRAY, Reader};
use super::cose;
use super::header::{SignerHeader, body_header};
use super::options::{SignOptions, SigningContext, check_before_signing};
use super::report::{format_time, role_label};
use super::verify::{named_person, summarise_certificate};
use super::{
    Algorithm, EnvelopeError, PublicKey, ROLE_ORDER, SignerRole, SigningKey, UnixTime,
    UnverifiedRecord, decode_payload, encode_payload, unix_time,
};
use crate::Lang;
use crate::model::{PrincipalCapacity, Sha256Digest, YearRecord};

/// Context string that starts a to-be-signed file.
const TBS_CONTEXT: &str = "hocba-tbs/1";

/// The header form of a signing time: seconds since the epoch, not before 1970.
fn header_time(t: UnixTime) -> Result<u64, EnvelopeError> {
    u64::try_from(t.secs()).map_err(|_| EnvelopeError::SignerHeader {
        what: "signing time",
    })
}

/// A year record with the signatures it has so far (none, GVCN, GVCN + Hiệu trưởng, or all
/// three). Earlier signatures are kept byte for byte.
#[derive(Clone, Debug)]
pub struct Envelope {
    payload: Vec<u8>,
    record: YearRecord,
    /// Encoded COSE_Signatures, in order.
    signatures: Vec<Vec<u8>>,
    /// Their decoded protected headers.
    headers: Vec<SignerHeader>,
}

impl Envelope {
    /// An unsigned envelope around the canonical bytes of `record`.
    pub fn new(record: &YearRecord) -> Self {
        let payload = encode_payload(record);
        Self {
            payload,
            record: record.clone(),
            signatures: Vec::new(),
            headers: Vec::new(),
        }
    }

    /// An unsigned envelope around payload bytes, which must be a canonical year record.
    pub fn from_payload(payload: &[u8]) -> Result<Self, EnvelopeError> {
        let record = decode_payload(payload)?;
        Ok(Self {
            payload: payload.to_vec(),
            record,
            signatures: Vec::new(),
            headers: Vec::new(),
        })
    }

    /// A partially (or fully) signed record read from its bytes, to add the next signature.
    pub fn from_signed_bytes(bytes: &[u8]) -> Result<Self, EnvelopeError> {
        Ok(UnverifiedRecord::from_bytes(bytes)?.into())
    }

    /// The record being signed (as the signer sees it; not verified).
    pub fn record(&self) -> &YearRecord {
        &self.record
    }

    /// The payload bytes.
    pub fn payload(&self) -> &[u8] {
        &self.payload
    }

    /// Roles that have signed, in order.
    pub fn roles(&self) -> Vec<SignerRole> {
        self.headers.iter().map(|h| h.role).collect()
    }

    /// The role whose turn it is, or `None` when all three have signed.
    pub fn next_role(&self) -> Option<SignerRole> {
        ROLE_ORDER.get(self.signatures.len()).copied()
    }

    /// The leaf certificate (DER) of every signature so far, with its role. Each signature was
    /// read strictly (or built here), so its protected header holds its chain.
    fn earlier_leaves(&self) -> Vec<(SignerRole, &[u8])> {
        self.headers
            .iter()
            .zip(&self.signatures)
            .filter_map(|(h, sig)| {
                let mut r = Reader::new(sig);
                r.array(3, "signature").ok()?;
                let protected = r.bytes("protected").ok()?;
                Some((h.role, protected.get(h.chain.first()?.clone())?))
            })
            .collect()
    }

    /// The signed bytes (a tagged COSE_Sign). Fails with [`EnvelopeError::NotSigned`] before
    /// the first signature.
    pub fn to_bytes(&self) -> Result<Vec<u8>, EnvelopeError> {
        if self.signatures.is_empty() {
            return Err(EnvelopeError::NotSigned);
        }
        let sigs: Vec<&[u8]> = self.signatures.iter().map(Vec::as_slice).collect();
        Ok(cose::encode_sign(&body_header(), &self.payload, &sigs))
    }

    /// Prepares the next signature: `role` must be [`Envelope::next_role`]; `chain` is the
    /// signer's certificate chain, leaf first (DER); `alg` must fit the leaf's key. The
    /// principal's capacity is taken from the record. Runs every check before signing
    /// ([`SignOptions::default`]); see [`Envelope::prepare_with`].
    pub fn prepare(
        &self,
        role: SignerRole,
        chain: &[&[u8]],
        alg: Algorithm,
        signing_time: UnixTime,
    ) -> Result<ToBeSigned, EnvelopeError> {
        self.prepare_with(role, chain, alg, signing_time, &SignOptions::default())
    }

    /// As [`Envelope::prepare`], with the checks before signing `opts` asks for (ADR 0142): a
    /// certificate that cannot pass verification for this role, record and signing time, or a
    /// record with TT27 errors, is refused with [`EnvelopeError::Refused`].
    pub fn prepare_with(
        &self,
        role: SignerRole,
        chain: &[&[u8]],
        alg: Algorithm,
        signing_time: UnixTime,
        opts: &SignOptions<'_>,
    ) -> Result<ToBeSigned, EnvelopeError> {
        let expected = self.next_role();
        if expected != Some(role) {
            return Err(EnvelopeError::RoleOutOfOrder {
                role: role.code(),
                expected: expected.map_or("none", SignerRole::code),
            });
        }
        // RFC 9360 §2 orders `x5chain` leaf first, each certificate followed by its issuer:
        // the national XML's chain-order check, before the certificate checks (which would
        // take a CA's certificate given first for the signer's; ADR 0271).
        crate::xmldsig::chain_order(chain).map_err(|e| match e {
            crate::xmldsig::ChainOrderError::NotDer => EnvelopeError::CertificateUnreadable,
            crate::xmldsig::ChainOrderError::Fault(fault) => EnvelopeError::ChainOrder { fault },
        })?;
        let leaf = chain.first().ok_or(EnvelopeError::CertificateUnreadable)?;
        let key = PublicKey::from_certificate_der(leaf)?;
        if !key.fits(alg) {
            return Err(EnvelopeError::KeyAlgorithmMismatch);
        }
        let r = &self.record;
        let cx = SigningContext {
            role,
            signing_time,
            school_name: r.school.name.as_str(),
            school_code: r.school.code.as_str(),
            named: named_person(r, role),
            earlier: self.earlier_leaves(),
        };
        check_before_signing(opts, chain, &cx, || {
            Ok(crate::rules::validate_for_signing(
                r,
                None,
                role,
                signing_time,
                &crate::rules::Policy::default(),
            ))
        })
        .map_err(EnvelopeError::Refused)?;
        let capacity = (role == SignerRole::Principal).then_some(self.record.principal.capacity);
        let protected =
            SignerHeader::encode(alg, chain, role, header_time(signing_time)?, capacity)?;
        ToBeSigned::build(self.clone(), protected, key)
    }

    /// Prepares, signs with an in-process key and attaches, in one step, after every check
    /// before signing ([`SignOptions::default`]).
    pub fn sign<R: crate::envelope::Randomness + ?Sized>(
        &self,
        key: &SigningKey,
        role: SignerRole,
        chain: &[&[u8]],
        signing_time: UnixTime,
        rng: &mut R,
    ) -> Result<Envelope, EnvelopeError> {
        self.sign_with(key, role, chain, signing_time, rng, &SignOptions::default())
    }

    /// As [`Envelope::sign`], with the checks before signing `opts` asks for.
    pub fn sign_with<R: crate::envelope::Randomness + ?Sized>(
        &self,
        key: &SigningKey,
        role: SignerRole,
        chain: &[&[u8]],
        signing_time: UnixTime,
        rng: &mut R,
        opts: &SignOptions<'_>,
    ) -> Result<Envelope, EnvelopeError> {
        let tbs = self.prepare_with(role, chain, key.algorithm(), signing_time, opts)?;
        let signature = key.sign(tbs.bytes(), rng)?;
        tbs.attach(&signature)
    }
}

impl From<UnverifiedRecord> for Envelope {
    fn from(u: UnverifiedRecord) -> Self {
        let signatures = u
            .signature_bytes()
            .into_iter()
            .map(<[u8]>::to_vec)
            .collect();
        Envelope {
            payload: u.payload().to_vec(),
            signatures,
            headers: u.headers,
            record: u.record,
        }
    }
}

/// What a signer is asked to sign: the exact bytes (the COSE `Sig_structure`), their digest
/// and a human-readable summary. [`ToBeSigned::attach`] takes the signature back.
#[derive(Clone)]
pub struct ToBeSigned {
    envelope: Envelope,
    protected: Vec<u8>,
    header: SignerHeader,
    key: PublicKey,
    bytes: Vec<u8>,
}

impl std::fmt::Debug for ToBeSigned {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ToBeSigned")
            .field("role", &self.header.role)
            .field("alg", &self.header.alg)
            .field("len", &self.bytes.len())
            .finish_non_exhaustive()
    }
}

impl ToBeSigned {
    fn build(
        envelope: Envelope,
        protected: Vec<u8>,
        key: PublicKey,
    ) -> Result<Self, EnvelopeError> {
        let header = SignerHeader::decode(&protected)?;
        let earlier: Vec<&[u8]> = envelope.signatures.iter().map(Vec::as_slice).collect();
        let body = body_header();
        let bytes = cose::SigStructure {
            body_protected: &body,
            sign_protected: &protected,
            earlier: &earlier,
            payload: &envelope.payload,
        }
        .to_vec();
        Ok(Self {
            envelope,
            protected,
            header,
            key,
            bytes,
        })
    }

    /// The exact bytes to sign (Ed25519 and most tools sign these; tokens that sign a hash
    /// sign [`ToBeSigned::digest`]).
    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// The digest of [`ToBeSigned::bytes`] for the algorithm (SHA-384 for ES384, SHA-256
    /// otherwise).
    pub fn digest(&self) -> Vec<u8> {
        self.header.alg.digest(&self.bytes)
    }

    /// The algorithm.
    pub fn algorithm(&self) -> Algorithm {
        self.header.alg
    }

    /// The role signing.
    pub fn role(&self) -> SignerRole {
        self.header.role
    }

    /// The signing time in the header.
    pub fn signing_time(&self) -> UnixTime {
        unix_time(self.header.signing_time)
    }

    /// What is being signed, for the signer's own screen. It names the pupil: show it to
    /// the signer, never write it to a log.
    pub fn summary(&self, lang: Lang) -> String {
        let r = &self.envelope.record;
        let cert = self
            .header
            .chain
            .first()
            .and_then(|c| summarise_certificate(&self.protected[c.clone()]));
        let signer = cert.as_ref().map_or("?", |c| c.subject_name.as_str());
        let payload_digest = Sha256Digest::of(&self.envelope.payload);
        let capacity = match (self.header.capacity, lang) {
            (Some(PrincipalCapacity::OnBehalf), Lang::Vi) => " (KT. HIỆU TRƯỞNG / PHÓ HIỆU TRƯỞNG)",
            (Some(PrincipalCapacity::OnBehalf), Lang::En) => " (vice-principal for the principal)",
            _ => "",
        };
        let earlier: Vec<&str> = self
            .envelope
            .roles()
            .into_iter()
            .map(|r| role_label(r, lang))
            .collect();
        let correction = r.correction.as_ref();
        let labels: [&str; 9] = match lang {
            Lang::Vi => [
                "Ký với vai trò",
                "Người ký",
                "Học sinh",
                "Trường",
                "Năm học",
                "Lớp",
                "Thời điểm ký",
                "Đã ký trước",
                "Mã băm nội dung",
            ],
            Lang::En => [
                "Signing as",
                "Signer",
                "Pupil",
                "School",
                "School year",
                "Class",
                "Signing time",
                "Signed before",
                "Content digest",
            ],
        };
        let mut out = format!(
            "{}: {}{}\n{}: {}\n{}: {} ({})\n{}: {} ({})\n{}: {}\n{}: {} ({} {})\n{}: {}\n{}: {}\n{}: {} ({} {})\n",
            labels[0],
            role_label(self.header.role, lang),
            capacity,
            labels[1],
            signer,
            labels[2],
            r.pupil.full_name.as_str(),
            r.pupil.date_of_birth,
            labels[3],
            r.school.name.as_str(),
            r.school.code,
            labels[4],
            r.school_year,
            labels[5],
            r.class_name.as_str(),
            if lang == Lang::Vi { "khối" } else { "grade" },
            r.grade,
            labels[6],
            format_time(self.signing_time()),
            labels[7],
            if earlier.is_empty() {
                "—".to_string()
            } else {
                earlier.join(", ")
            },
            labels[8],
            payload_digest,
            self.header.alg,
            self.header.alg.digest_name(),
        );
        if let Some(c) = correction {
            let w = if lang == Lang::Vi {
                "Điều chỉnh hồ sơ"
            } else {
                "Corrects record"
            };
            out.push_str(&format!("{w}: {} — {}\n", c.supersedes, c.reason.as_str()));
        }
        out
    }

    /// Attaches `signature` (for ECDSA either `r ‖ s` or ASN.1 DER) after checking it
    /// against the signer's certificate: a wrong signature is refused with
    /// [`EnvelopeError::AttachRefused`] naming the likely cause (text instead of raw bytes,
    /// the other RSA padding, a PSS salt length, the digest signed as bytes, another key).
    pub fn attach(self, signature: &[u8]) -> Result<Envelope, EnvelopeError> {
        self.attach_with(signature, None).map(|a| a.signed)
    }

    /// As [`ToBeSigned::attach`], after checking the signer's chain to the roots of `trust`
    /// at the signing time, as `prepare` does with a trust store (CRLs included; a refusal is
    /// [`EnvelopeError::Refused`] with verification's code, e.g. `unknown_issuer`). Without
    /// `trust` the chain is not checked, and [`Attached::roots`](super::Attached::roots) says so (ADR 0273).
    pub fn attach_with(
        self,
        signature: &[u8],
        trust: Option<&super::TrustStore>,
    ) -> Result<super::Attached<Envelope>, EnvelopeError> {
        let chain: Vec<&[u8]> = self
            .header
            .chain
            .iter()
            .filter_map(|c| self.protected.get(c.clone()))
            .collect();
        let roots = super::roots_at_attach(trust, &chain, self.header.role, self.signing_time())
            .map_err(EnvelopeError::Refused)?;
        let signed = self.attach_signature(signature)?;
        Ok(super::Attached { signed, roots })
    }

    fn attach_signature(self, signature: &[u8]) -> Result<Envelope, EnvelopeError> {
        let alg = self.header.alg;
        let raw = signature;
        let signature = self.key.normalise_signature(raw);
        match self.key.verify(alg, &self.bytes, &signature) {
            Ok(()) => {}
            Err(EnvelopeError::BadSignature) => {
                return Err(EnvelopeError::AttachRefused {
                    cause: super::diagnose(&self.key, alg, &self.bytes, raw),
                });
            }
            Err(e) => return Err(e),
        }
        let mut env = self.envelope;
        env.signatures
            .push(cose::encode_signature(&self.protected, &signature));
        env.headers.push(self.header);
        Ok(env)
    }

    /// Serialises the pending signature to a file for an external signer:
    /// `["hocba-tbs/1", payload: bstr, [* COSE_Signature as bstr], protected: bstr]`.
    pub fn to_file_bytes(&self) -> Vec<u8> {
        let mut out = Vec::new();
        cbor::put_head(&mut out, ARRAY, 4);
        cbor::put_text(&mut out, TBS_CONTEXT);
        cbor::put_bytes(&mut out, &self.envelope.payload);
        cbor::put_head(&mut out, ARRAY, self.envelope.signatures.len() as u64);
        for s in &self.envelope.signatures {
            cbor::put_bytes(&mut out, s);
        }
        cbor::put_bytes(&mut out, &self.protected);
        out
    }

    /// Reads a file written by [`ToBeSigned::to_file_bytes`], re-checking everything in it.
    pub fn from_file_bytes(bytes: &[u8]) -> Result<Self, EnvelopeError> {
        let m = |at| EnvelopeError::ToBeSignedMalformed { at };
        // The bytes to sign, written beside the to-be-signed file as `.tbs.bin` (of either
        // format), given in its place.
        if super::is_bytes_to_sign(bytes) {
            return Err(m(crate::xmldsig::BYTES_TO_SIGN_GIVEN));
        }
        let mut r = Reader::new(bytes);
        if r.array(4, "tbs")? != 4 || r.text("tbs context")? != TBS_CONTEXT {
            return Err(m("context"));
        }
        let payload = r.bytes("payload")?;
        let n = r.array(ROLE_ORDER.len(), "signatures")?;
        let mut sigs = Vec::with_capacity(n);
        for _ in 0..n {
            sigs.push(r.bytes("signature")?);
        }
        let protected = r.bytes("protected")?;
        if !r.is_empty() {
            return Err(m("trailing bytes"));
        }
        let env = if sigs.is_empty() {
            Envelope::from_payload(payload)?
        } else {
            // Rebuild the partially signed record and read it back strictly.
            let signed = cose::encode_sign(&body_header(), payload, &sigs);
            Envelope::from_signed_bytes(&signed)?
        };
        let header = SignerHeader::decode(protected)?;
        let expected = env.next_role();
        if expected != Some(header.role) {
            return Err(m("role"));
        }
        let leaf = header.chain.first().ok_or(m("x5chain"))?;
        let key = PublicKey::from_certificate_der(&protected[leaf.clone()])?;
        if !key.fits(header.alg) {
            return Err(EnvelopeError::KeyAlgorithmMismatch);
        }
        Self::build(env, protected.to_vec(), key)
    }
}
