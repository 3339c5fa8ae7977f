//! The signature envelope: a year record's canonical bytes signed as a COSE_Sign (RFC 9052,
//! tag 98) by the homeroom teacher (GVCN), the principal (Hiệu trưởng) and the school seal
//! (con dấu), in that order, each later signature covering the earlier ones.
//!
//! The wire format is specified in `docs/spec/signature.md`; the decisions are in
//! `docs/adr/0025-cose-sign-envelope-and-chained-signatures.md` and following.
//!
//! - Verifying: bytes → [`UnverifiedRecord::from_bytes`] → [`UnverifiedRecord::verify`] →
//!   [`Verification`]: a [`VerificationReport`] and, when valid, a [`Verified<YearRecord>`].
//! - Signing externally: [`Envelope::prepare`] → [`ToBeSigned`] (exact bytes, digest,
//!   summary) → the signer's token or app → [`ToBeSigned::attach`].
//! - Signing in-process: [`Envelope::sign`] with a [`SigningKey`] read from PKCS#8.
//! - Corrections and multi-year transcripts: [`transcript`].

mod alg;
mod attach;
pub(crate) mod cbor;
mod cose;
mod error;
mod header;
mod options;
mod report;
mod sign;
pub mod transcript;
mod verifier;
mod verify;
pub(crate) mod years;

#[cfg(test)]
pub(crate) mod tests;
#[cfg(test)]
mod trust_tests;

pub(crate) use alg::Key;
#[cfg(test)]
pub(crate) use alg::RandCore;
pub(crate) use alg::ed25519_r_is_strict;
pub use alg::{
    Algorithm, KeyKind, MAX_RSA_BITS, MIN_RSA_BITS, PublicKey, Randomness, RandomnessFailed,
    SigningKey, SystemRng, is_pem, read_certificates,
};
pub use attach::{AttachCause, OtherHash};
pub(crate) use attach::{diagnose, is_bytes_to_sign};
pub(crate) use cose::SigStructure;
pub use cose::{TAG_COSE_SIGN, verify_cose_signature};
pub use error::{EnvelopeError, Expected};
pub use header::{
    CONTENT_TYPE, LABEL_ALG, LABEL_CAPACITY, LABEL_CONTENT_TYPE, LABEL_ROLE, LABEL_SIGNING_TIME,
    LABEL_X5CHAIN, MAX_CERT_BYTES, MAX_CHAIN_LEN,
};
pub(crate) use options::roots_at_attach;
pub use options::{Attached, RootsCheck, SignCheck, SignOptions, SignRefusal};
pub(crate) use options::{SigningContext, check_before_signing};
pub use report::{
    CertificateSummary, LaterRevocation, RecordFormat, SignerFailure, SignerReport, Status,
    VerificationReport, crl_reason_code, format_time, role_label,
};
pub use sign::{Envelope, ToBeSigned};
pub use verifier::Verifier;
pub(crate) use verify::SignatureCheck;
pub use verify::{MAX_ENVELOPE_BYTES, MAX_PAYLOAD_BYTES, UnverifiedRecord, Verification, Verified};

pub use crate::trust::{SignerRole, TrustError, TrustStore, UnixTime};

use crate::model::YearRecord;

/// The order in which the roles sign (TT27 Phụ lục 1: GVCN, then Hiệu trưởng, then the
/// school's seal).
pub const ROLE_ORDER: [SignerRole; 3] = [
    SignerRole::HomeroomTeacher,
    SignerRole::Principal,
    SignerRole::SchoolSeal,
];

/// A header signing time (at most [`header::MAX_SIGNING_TIME`], so it fits) as a [`UnixTime`].
fn unix_time(secs: u64) -> UnixTime {
    UnixTime::from_secs(i64::try_from(secs).unwrap_or(i64::MAX))
}

fn encode_payload(record: &YearRecord) -> Vec<u8> {
    crate::canonical::encode_year_record(record)
}

fn decode_payload(bytes: &[u8]) -> Result<YearRecord, EnvelopeError> {
    crate::canonical::decode_year_record(bytes).map_err(EnvelopeError::Payload)
}

/// Limits of the strict profile check over a whole signed record: deterministic CBOR, the
/// COSE_Sign tag only, no `null`, shallow.
const ENVELOPE_LIMITS: crate::canonical::Limits = crate::canonical::Limits {
    max_input_bytes: verify::MAX_ENVELOPE_BYTES,
    max_depth: 8,
    allowed_tags: &[cose::TAG_COSE_SIGN],
    allow_null: false,
};

/// Limits of the strict profile check over a protected header map.
const HEADER_LIMITS: crate::canonical::Limits = crate::canonical::Limits {
    max_input_bytes: 6 * header::MAX_CERT_BYTES,
    max_depth: 4,
    allowed_tags: &[],
    allow_null: false,
};

/// Runs the hocba-CBOR profile check, mapping its faults to envelope errors.
fn check_profile(bytes: &[u8], limits: &crate::canonical::Limits) -> Result<(), EnvelopeError> {
    use crate::canonical::DecodeErrorKind as K;
    crate::canonical::check_profile(bytes, limits).map_err(|e| match e.kind {
        K::TooLarge | K::TooDeep => EnvelopeError::TooLarge { what: e.code() },
        K::Truncated | K::Malformed | K::TrailingBytes | K::InvalidUtf8 | K::WrongType => {
            EnvelopeError::Malformed { at: e.code() }
        }
        _ => EnvelopeError::NotDeterministic { at: e.code() },
    })
}

/// One finding of a content check (the TT27 rules plug in through [`ContentCheck`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContentFinding {
    /// Stable machine code of the rule.
    pub code: String,
    /// The article enforced, e.g. "TT27 Điều 9.2.a".
    pub rule: String,
    /// Path into the record, e.g. `subjects[3].score`.
    pub path: String,
    /// Whether it is an error (as opposed to a warning).
    pub blocking: bool,
    /// Message in Vietnamese.
    pub message_vi: String,
    /// Message in English.
    pub message_en: String,
}

/// Checks of a record's content run during verification. The TT27 rules implement this;
/// the findings go into [`VerificationReport::findings`] and do not change the signature
/// status.
pub trait ContentCheck {
    /// Checks one year record.
    fn check_year(&self, record: &YearRecord) -> Vec<ContentFinding>;
    /// Checks one year record read from a national XML, with what the document says beyond
    /// the model (ADR 0242); by default [`check_year`](Self::check_year).
    fn check_national_year(
        &self,
        record: &YearRecord,
        facts: &crate::moet::NationalFacts,
    ) -> Vec<ContentFinding> {
        let _ = facts;
        self.check_year(record)
    }
    /// Checks the current revisions of a transcript's years, in chronological order
    /// (the cross-year rules).
    fn check_transcript(&self, years: &[&YearRecord]) -> Vec<ContentFinding> {
        let _ = years;
        Vec::new()
    }
    /// Checks a year record's dates against the signing time each signer claims, in signing
    /// order (ADR 0265: a record signed before it was made, an event it reports dated after a
    /// signature); by default nothing. Run on every verified record of either format, after
    /// [`check_year`](Self::check_year) or [`check_national_year`](Self::check_national_year).
    fn check_signing_times(
        &self,
        record: &YearRecord,
        signatures: &[(crate::trust::SignerRole, crate::trust::UnixTime)],
    ) -> Vec<ContentFinding> {
        let _ = (record, signatures);
        Vec::new()
    }
}

/// The signers of `report` as (role, claimed signing time), in signing order: what
/// [`ContentCheck::check_signing_times`] judges.
pub(crate) fn signing_times(
    report: &VerificationReport,
) -> Vec<(crate::trust::SignerRole, crate::trust::UnixTime)> {
    report
        .signers
        .iter()
        .map(|s| (s.role, s.signing_time))
        .collect()
}

/// No content checks: signatures and trust only.
#[derive(Clone, Copy, Debug, Default)]
pub struct NoContentChecks;

impl ContentCheck for NoContentChecks {
    fn check_year(&self, _record: &YearRecord) -> Vec<ContentFinding> {
        Vec::new()
    }
}
