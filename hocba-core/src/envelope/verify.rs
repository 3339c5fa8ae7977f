//! Reading and verifying a signed year record: bytes → [`UnverifiedRecord`] →
//! [`UnverifiedRecord::verify`] → [`Verified<YearRecord>`] + [`VerificationReport`].

use der::Decode;

use super::cose::{self, SignRanges};
use super::header::{SignerHeader, check_body_header};
use super::report::{CertificateSummary, SignerFailure, SignerReport, Status, VerificationReport};
use super::{
    ContentCheck, ENVELOPE_LIMITS, EnvelopeError, HEADER_LIMITS, NoContentChecks, ROLE_ORDER,
    SignerRole, TrustStore, UnixTime, Verifier, check_profile, decode_payload, unix_time,
};
use crate::InputKind;
use crate::model::{Sha256Digest, YearRecord};

/// Largest signed record accepted, in bytes.
pub const MAX_ENVELOPE_BYTES: usize = 1024 * 1024;
/// Largest payload accepted, in bytes.
pub const MAX_PAYLOAD_BYTES: usize = 256 * 1024;

/// A value that passed signature and trust verification; only
/// [`UnverifiedRecord::verify`] (and the transcript verifier) can make one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Verified<T> {
    value: T,
    signed_bytes: Vec<u8>,
    digest: Sha256Digest,
}

impl<T> Verified<T> {
    /// Made only by a verifier of this crate (COSE or XML), after every check passed.
    pub(crate) fn new(value: T, signed_bytes: Vec<u8>, digest: Sha256Digest) -> Self {
        Self {
            value,
            signed_bytes,
            digest,
        }
    }
    /// The verified value.
    pub fn get(&self) -> &T {
        &self.value
    }
    /// The verified value, by value.
    pub fn into_inner(self) -> T {
        self.value
    }
    /// The exact signed bytes it was read from (what a PDF embeds).
    pub fn signed_bytes(&self) -> &[u8] {
        &self.signed_bytes
    }
    /// SHA-256 of the signed bytes.
    pub fn digest(&self) -> Sha256Digest {
        self.digest
    }
}

impl<T> std::ops::Deref for Verified<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}

/// The outcome of [`UnverifiedRecord::verify`]: always a report; the verified record only
/// when the status is [`Status::Valid`].
#[derive(Clone, Debug)]
pub struct Verification {
    report: VerificationReport,
    verified: Option<Verified<YearRecord>>,
    origin: crate::rules::Origin,
}

impl Verification {
    /// Made only by a verifier of this crate (COSE, or the national XML in bulk).
    pub(crate) fn new(report: VerificationReport, verified: Option<Verified<YearRecord>>) -> Self {
        Self {
            report,
            verified,
            origin: crate::rules::Origin::Model,
        }
    }

    /// The verified record's origin: [`Origin::NationalXml`](crate::rules::Origin) with what a
    /// national XML says beyond the model, so validating the record later judges it as its
    /// bytes are judged ([`crate::rules::validate_from`], ADR 0261).
    pub fn origin(&self) -> &crate::rules::Origin {
        &self.origin
    }

    pub(crate) fn with_origin(mut self, origin: crate::rules::Origin) -> Self {
        self.origin = origin;
        self
    }

    /// The report.
    pub fn report(&self) -> &VerificationReport {
        &self.report
    }
    /// The verified record, when valid.
    pub fn verified(&self) -> Option<&Verified<YearRecord>> {
        self.verified.as_ref()
    }
    /// Report and (when valid) verified record.
    pub fn into_parts(self) -> (VerificationReport, Option<Verified<YearRecord>>) {
        (self.report, self.verified)
    }
}

/// A signed year record read strictly from bytes, not yet verified.
///
/// Reading checks the structure (tag 98, deterministic headers, bounded sizes, the body
/// header, each signer's protected header) and decodes the payload as a canonical year
/// record; it checks no signature.
#[derive(Clone, Debug)]
pub struct UnverifiedRecord {
    pub(crate) bytes: Vec<u8>,
    pub(crate) ranges: SignRanges,
    pub(crate) headers: Vec<SignerHeader>,
    pub(crate) record: YearRecord,
}

impl UnverifiedRecord {
    /// Reads a signed record (a tagged COSE_Sign of the hocba profile).
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, EnvelopeError> {
        if bytes.len() > MAX_ENVELOPE_BYTES {
            return Err(EnvelopeError::TooLarge { what: "envelope" });
        }
        // The hocba profile is a tagged COSE_Sign (tag 98, head `d8 62`): an untagged
        // message, COSE_Sign1 (tag 18) or any other tag is not one, whatever follows.
        if !bytes.starts_with(&[0xd8, 0x62]) {
            // Bytes no hocba reader takes are called that, not "not a COSE_Sign" (a damaged
            // file named `.xml`, a ZIP, a text): the router decides which (ADR 0220).
            return Err(match InputKind::sniff(bytes) {
                InputKind::Unrecognised => EnvelopeError::UnrecognisedInput,
                _ => EnvelopeError::NotCoseSign,
            });
        }
        let ranges = cose::parse(bytes)?;
        if !ranges.tagged || ranges.sign1 {
            return Err(EnvelopeError::NotCoseSign);
        }
        check_profile(bytes, &ENVELOPE_LIMITS)?;
        check_body_header(&bytes[ranges.body_protected.clone()])?;
        if bytes[ranges.body_unprotected.clone()] != [0xa0] {
            return Err(EnvelopeError::BodyHeader);
        }
        if ranges.payload.len() > MAX_PAYLOAD_BYTES {
            return Err(EnvelopeError::TooLarge { what: "payload" });
        }
        if ranges.signatures.len() > ROLE_ORDER.len() {
            return Err(EnvelopeError::TooLarge { what: "signatures" });
        }
        let mut headers = Vec::with_capacity(ranges.signatures.len());
        for s in &ranges.signatures {
            if bytes[s.unprotected.clone()] != [0xa0] {
                return Err(EnvelopeError::SignerHeader {
                    what: "unprotected header not empty",
                });
            }
            let protected = &bytes[s.protected.clone()];
            check_profile(protected, &HEADER_LIMITS)?;
            headers.push(SignerHeader::decode(protected)?);
        }
        let record = decode_payload(&bytes[ranges.payload.clone()])?;
        Ok(Self {
            bytes: bytes.to_vec(),
            ranges,
            headers,
            record,
        })
    }

    /// The exact bytes read.
    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// The payload bytes (the canonical year record).
    pub fn payload(&self) -> &[u8] {
        &self.bytes[self.ranges.payload.clone()]
    }

    /// SHA-256 of the bytes read.
    pub fn digest(&self) -> Sha256Digest {
        Sha256Digest::of(&self.bytes)
    }

    /// The roles present in the signatures array, in order (unverified).
    pub fn roles(&self) -> Vec<SignerRole> {
        self.headers.iter().map(|h| h.role).collect()
    }

    /// The record **as claimed**, before any check: for showing a signer what they are about
    /// to sign, never for trusting.
    pub fn record_unverified(&self) -> &YearRecord {
        &self.record
    }

    /// The encoded COSE_Signatures, as received.
    pub(crate) fn signature_bytes(&self) -> Vec<&[u8]> {
        self.ranges
            .signatures
            .iter()
            .map(|s| &self.bytes[s.whole.clone()])
            .collect()
    }

    /// Verifies every signature and certificate chain at `at` (see
    /// `docs/spec/signature.md` §"Verification").
    pub fn verify(self, trust: &TrustStore, at: UnixTime) -> Verification {
        self.verify_with(trust, at, &NoContentChecks)
    }

    /// As [`UnverifiedRecord::verify`], also running `checks` on the record's content and
    /// putting their findings into the report.
    pub fn verify_with(
        self,
        trust: &TrustStore,
        at: UnixTime,
        checks: &dyn ContentCheck,
    ) -> Verification {
        Verifier::new(trust, at).verify_with(self, checks)
    }

    pub(crate) fn verify_in(self, v: &Verifier<'_>, checks: &dyn ContentCheck) -> Verification {
        self.verify_in_with(v, checks, &mut CheckNow)
    }

    /// As [`Self::verify_in`], with the signature checks done by `sigs` (bulk verification
    /// defers Ed25519 checks to a batch and redoes the record if the batch fails).
    pub(crate) fn verify_in_with(
        self,
        v: &Verifier<'_>,
        checks: &dyn ContentCheck,
        sigs: &mut dyn SignatureCheck,
    ) -> Verification {
        let at = v.at();
        let signers = self.check_signers(v, sigs);
        let first_failure = signers.iter().find_map(|s| s.outcome.as_ref().err());
        let missing: Vec<SignerRole> = ROLE_ORDER[signers.len().min(ROLE_ORDER.len())..].to_vec();
        let (status, error) = match first_failure {
            Some(f) => (Status::Invalid, Some(f.code())),
            None if !missing.is_empty() => (Status::Incomplete, Some("incomplete")),
            None => (Status::Valid, None),
        };
        let digest = self.digest();
        let mut report = VerificationReport {
            format: super::RecordFormat::Cose,
            status,
            error,
            signers,
            missing,
            digest,
            payload_digest: Sha256Digest::of(self.payload()),
            verified_at: at,
            findings: checks.check_year(&self.record),
        };
        let times = super::signing_times(&report);
        report
            .findings
            .extend(checks.check_signing_times(&self.record, &times));
        let verified = (status == Status::Valid).then_some(Verified {
            value: self.record,
            signed_bytes: self.bytes,
            digest,
        });
        Verification::new(report, verified)
    }

    fn check_signers(&self, v: &Verifier<'_>, sigs: &mut dyn SignatureCheck) -> Vec<SignerReport> {
        let (trust, at) = (v.trust(), v.at());
        let all = self.signature_bytes();
        let body_protected = &self.bytes[self.ranges.body_protected.clone()];
        let payload = self.payload();
        let mut out = Vec::with_capacity(self.headers.len());
        let mut accepted: Vec<(SignerRole, crate::trust::CertificateInfo)> = Vec::new();
        for (i, (h, s)) in self.headers.iter().zip(&self.ranges.signatures).enumerate() {
            let protected = &self.bytes[s.protected.clone()];
            let chain: Vec<&[u8]> = h.chain.iter().map(|r| &protected[r.clone()]).collect();
            let known = v.chain(&chain);
            let certificate = known.as_ref().and_then(|k| k.leaf.summary.clone());
            let previous_time = i.checked_sub(1).map(|p| self.headers[p].signing_time);
            let mut check = || -> Result<crate::trust::CertificateInfo, SignerFailure> {
                if h.role != ROLE_ORDER[i] {
                    return Err(SignerFailure::RoleOutOfOrder {
                        expected: ROLE_ORDER[i],
                    });
                }
                let Some(known) = &known else {
                    return Err(SignerFailure::Key(EnvelopeError::CertificateUnreadable));
                };
                let key = known
                    .leaf
                    .key
                    .as_ref()
                    .map_err(|e| SignerFailure::Key(e.clone()))?;
                if !key.fits(h.alg) {
                    return Err(SignerFailure::Key(EnvelopeError::KeyAlgorithmMismatch));
                }
                let tbs = cose::SigStructure {
                    body_protected,
                    sign_protected: protected,
                    earlier: &all[..i],
                    payload,
                };
                sigs.check(key, h.alg, &tbs, &self.bytes[s.signature.clone()])
                    .map_err(|_| SignerFailure::Signature)?;
                let signing_time = unix_time(h.signing_time);
                trust
                    .check_signing_time(signing_time, at)
                    .map_err(SignerFailure::Certificate)?;
                // Signers sign in order; clocks of different devices may differ by the skew.
                let skew = trust.policy().future_skew_secs;
                if previous_time.is_some_and(|p| {
                    unix_time(h.signing_time).secs().saturating_add(skew) < unix_time(p).secs()
                }) {
                    return Err(SignerFailure::SigningTimeOrder);
                }
                if h.role == SignerRole::Principal
                    && h.capacity != Some(self.record.principal.capacity)
                {
                    return Err(SignerFailure::CapacityMismatch);
                }
                let school = &self.record.school;
                let info = v
                    .certificate(
                        &chain,
                        known.fingerprint,
                        h.role,
                        signing_time,
                        school.name.as_str(),
                        school.code.as_str(),
                    )
                    .map_err(SignerFailure::Certificate)?;
                trust
                    .check_person(&info, h.role, &named_person(&self.record, h.role))
                    .map_err(SignerFailure::Certificate)?;
                let earlier: Vec<_> = accepted.iter().map(|(r, e)| (*r, e)).collect();
                crate::trust::check_distinct_signers(&info, h.role, &earlier)
                    .map_err(SignerFailure::Certificate)?;
                Ok(info)
            };
            let checked = check();
            let certificate = certificate.map(|mut c| {
                c.is_organisation = checked.as_ref().ok().map(|i| i.is_organisation);
                c
            });
            let outcome = checked.as_ref().map(|_| ()).map_err(Clone::clone);
            let revoked_later = SignerReport::later_revocation(&outcome, checked.as_ref().ok());
            if let Ok(info) = checked {
                accepted.push((h.role, info));
            }
            out.push(SignerReport {
                position: i,
                role: h.role,
                capacity: h.capacity,
                algorithm: h.alg,
                signing_time: unix_time(h.signing_time),
                certificate,
                outcome,
                revoked_later,
                timestamp: None,
            });
        }
        out
    }
}

/// The person `record` names for `role` (the seal names nobody: an empty name, never
/// compared).
pub(crate) fn named_person(record: &YearRecord, role: SignerRole) -> crate::trust::NamedPerson<'_> {
    match role {
        SignerRole::HomeroomTeacher => crate::trust::NamedPerson {
            full_name: record.homeroom_teacher.full_name.as_str(),
            personal_id: record
                .homeroom_teacher
                .personal_id
                .as_ref()
                .map(|i| i.as_str()),
            unsigned_id: None,
        },
        SignerRole::Principal => crate::trust::NamedPerson {
            full_name: record.principal.full_name.as_str(),
            personal_id: record.principal.personal_id.as_ref().map(|i| i.as_str()),
            unsigned_id: None,
        },
        SignerRole::SchoolSeal => crate::trust::NamedPerson::default(),
    }
}

/// How verification checks one signature (`key`, `alg`, the `Sig_structure`, the
/// signature): at once ([`CheckNow`]) or later in a batch (`crate::bulk`).
pub(crate) trait SignatureCheck {
    fn check(
        &mut self,
        key: &super::PublicKey,
        alg: super::Algorithm,
        tbs: &cose::SigStructure<'_>,
        signature: &[u8],
    ) -> Result<(), EnvelopeError>;
}

/// Every signature checked at once, with [`PublicKey::verify_structure`](super::PublicKey).
pub(crate) struct CheckNow;

impl SignatureCheck for CheckNow {
    fn check(
        &mut self,
        key: &super::PublicKey,
        alg: super::Algorithm,
        tbs: &cose::SigStructure<'_>,
        signature: &[u8],
    ) -> Result<(), EnvelopeError> {
        key.verify_structure(alg, tbs, signature)
    }
}

/// Reads who a certificate names, from its received bytes.
pub(crate) fn summarise_certificate(der: &[u8]) -> Option<CertificateSummary> {
    let cert = x509_cert::Certificate::from_der(der).ok()?;
    let tbs = cert.tbs_certificate();
    let text = |v: der::Result<Option<x509_cert::ext::pkix::name::DirectoryString>>| {
        v.ok().flatten().map(|d| d.value().into_owned())
    };
    Some(CertificateSummary {
        subject_name: text(tbs.subject().common_name()).unwrap_or_default(),
        organisation: text(tbs.subject().organization()),
        issuer: tbs.issuer().to_string(),
        serial_hex: hex::encode(tbs.serial_number().as_bytes()),
        is_organisation: None,
    })
}
