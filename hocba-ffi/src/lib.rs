//! # hocba-ffi
//!
//! The Kotlin and Swift surface of **hocba** (Học bạ số cấp Tiểu học, Thông tư
//! 27/2020/TT-BGDĐT), generated with [uniffi](https://mozilla.github.io/uniffi-rs/) from proc
//! macros. It is thin: every function converts its arguments, calls `hocba_core`, and converts
//! the result into the mirror records of this crate ([`YearRecord`], …) or into the one error
//! type, [`HocbaError`]. No panic crosses the boundary: every body runs under
//! `catch_unwind` and a panic becomes [`HocbaError::Internal`].
//!
//! Guides: `docs/bindings.md`; decisions: `docs/adr/0060-uniffi-bindings.md`.

#![deny(unsafe_code)]

mod decode;
mod error;
mod model;
mod render;
mod sign;
mod timestamp;
mod trust;
mod validate;
mod verify;
mod xmldsig;

pub use decode::{
    Decoded, Document, Encoding, decode, decode_transcript, decode_year_record, to_canonical_cbor,
    to_json, transcript_from_json, year_record_from_json,
};
pub use error::HocbaError;
pub use model::{
    AdminUnit, Admission, Award, AwardKind, Competency, CompetencyRating, Completion, Correction,
    Enrolment, Extensions, Gender, Guardian, Moment, PeriodicResult, Place, PrincipalCapacity,
    PrincipalSignatory, Promotion, Pupil, Quality, QualityLevel, QualityRating, School, Signatory,
    Subject, SubjectLevel, SubjectResult, SupplementaryAssessment, Transcript, YearRecord,
    YearResult,
};
pub use render::{
    PdfSignatureReport, PdfToBeSigned, PdfVerificationReport, PdfYearReport, render_year_pdf,
    sign_pdf,
};
pub use sign::{Envelope, SignCheck, SigningKey, ToBeSigned};
pub use timestamp::{
    attach_timestamp_pdf, attach_timestamp_xml, timestamp_request_pdf, timestamp_request_xml,
};
pub use trust::{RevocationPolicy, TrustStore};
pub use validate::{
    AwardEligibility, Check, Derived, IctTest, Policy, Severity, TechCompetencies,
    ValidationReport, Violation, default_policy, validate,
};
pub use verify::{
    CertificateSummary, ContentFinding, LaterRevocation, Revision, SignerReport, SignerRole,
    TranscriptIssue, TranscriptVerificationReport, VerificationReport, VerificationStatus,
    YearHistory, verify_year_record,
};
pub use xmldsig::{XmlToBeSigned, sign_xml};

uniffi::setup_scaffolding!();

#[cfg(test)]
mod tests;
