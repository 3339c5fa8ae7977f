//! A signed national XML verified as a year record: the one entry point the bindings (Python,
//! Kotlin, Swift) and bulk verification share, so that every front end reports the same
//! outcome for the same bytes (ADR 0130).
//!
//! - Bytes that cannot be read as XML at all (not well-formed, not UTF-8, a DTD, over a
//!   bound: [`ErrorClass::Unreadable`](crate::ErrorClass)) are an error; so is a national XML
//!   with no signature at all (`xmldsig_not_signed`, as COSE's `not_signed`): nothing to verify.
//! - XML that breaks the signature profile before any signature is checked (signature
//!   wrapping, a duplicated `Id`, a forbidden transform, …) is a report with status
//!   [`Status::Invalid`](crate::envelope::Status) and the breach's code, like a signature that
//!   does not verify.
//! - Otherwise the report of [`UnverifiedXml::verify_in`](super::UnverifiedXml::verify_in)
//!   with all three roles required, and, only when valid, the record read by the national
//!   reader (profile 2088/1.0) with the content checks' findings.

use super::RequiredRoles;
use crate::envelope::{
    ContentCheck, ContentFinding, EnvelopeError, Verification, VerificationReport, Verified,
    Verifier,
};

/// Verifies the signed national XML `bytes` with `v` (its trust store, time and certificate
/// cache) and runs `checks` (e.g. the TT27 rules) on the record when the signatures are valid.
/// All three roles are required.
///
/// Errors only when the bytes cannot be read as XML, or when valid signatures cover data the
/// national reader refuses ([`EnvelopeError::NationalXml`], [`EnvelopeError::Malformed`]).
pub fn verify_year_record(
    bytes: &[u8],
    v: &Verifier<'_>,
    checks: &dyn ContentCheck,
) -> Result<Verification, EnvelopeError> {
    verify_year_record_with(bytes, v, checks, RequiredRoles::All)
}

/// Verifies one signed year record of either format: a signed national XML (XML-DSig, under
/// the `required` roles policy, as [`verify_year_record_with`]) or a COSE_Sign of hocba's
/// profile, told apart as bulk verification and the PDF verifier tell them apart
/// ([`crate::moet::looks_like_xml`]). The one single-record entry point the bindings' `verify`
/// calls (ADR 0112, amended 2026-12-05), so a national XML given to it is verified instead of
/// refused `not_cose_sign`.
pub fn verify_signed_year_record(
    bytes: &[u8],
    v: &Verifier<'_>,
    checks: &dyn ContentCheck,
    required: RequiredRoles,
) -> Result<Verification, crate::Error> {
    use crate::InputKind;
    match InputKind::sniff(bytes) {
        InputKind::Xml => Ok(verify_year_record_with(bytes, v, checks, required)?),
        found @ (InputKind::Pdf | InputKind::TranscriptContainer) => {
            Err(EnvelopeError::WrongDocument {
                found,
                expected: crate::envelope::Expected::SignedYearRecord,
            }
            .into())
        }
        _ => {
            let record = crate::envelope::UnverifiedRecord::from_bytes(bytes)?;
            Ok(v.verify_with(record, checks))
        }
    }
}

/// As [`verify_year_record`], with a policy on the roles a valid record needs (the one the
/// single-record verifier, bulk verification and multi-year verification share).
pub fn verify_year_record_with(
    bytes: &[u8],
    v: &Verifier<'_>,
    checks: &dyn ContentCheck,
    required: RequiredRoles,
) -> Result<Verification, EnvelopeError> {
    use crate::InputKind;
    // A document hocba reads elsewhere is named, not read as broken XML.
    if let found @ (InputKind::Pdf | InputKind::SignedRecord | InputKind::TranscriptContainer) =
        InputKind::sniff(bytes)
    {
        return Err(EnvelopeError::WrongDocument {
            found,
            expected: crate::envelope::Expected::NationalXml,
        });
    }
    verify_owned(bytes.to_vec(), v, checks, required)
}

/// [`verify_year_record_with`] taking the bytes, which end up in the verified record (bulk
/// verification reads them into a buffer of its own: no copy).
pub(crate) fn verify_owned(
    bytes: Vec<u8>,
    v: &Verifier<'_>,
    checks: &dyn ContentCheck,
    required: RequiredRoles,
) -> Result<Verification, EnvelopeError> {
    let (verification, facts) = super::verify::verify_for_bulk(bytes, v, required)?;
    let (mut report, verified) = verification.into_parts();
    if let (Some(record), Some(facts)) = (&verified, &facts) {
        report.findings = findings(record.get(), facts, &report, checks);
    }
    let origin = facts.map_or(
        crate::rules::Origin::Model,
        crate::rules::Origin::NationalXml,
    );
    Ok(Verification::new(report, verified).with_origin(origin))
}

/// What `checks` find in a verified national record: [`ContentCheck::check_national_year`],
/// then its dates against each signer's signing time ([`ContentCheck::check_signing_times`],
/// ADR 0265).
fn findings(
    record: &crate::model::YearRecord,
    facts: &crate::moet::NationalFacts,
    report: &VerificationReport,
    checks: &dyn ContentCheck,
) -> Vec<ContentFinding> {
    let mut out = checks.check_national_year(record, facts);
    out.extend(checks.check_signing_times(record, &crate::envelope::signing_times(report)));
    out
}

/// The findings of `checks` on a national XML whose signatures verified (`doc`, with its
/// `report`): the record read by the national reader (profile 2088/1.0) judged as
/// [`verify_year_record`] judges it. For a caller that verified with
/// [`UnverifiedXml::verify_in`](super::UnverifiedXml::verify_in) (the CLI's single-file
/// `verify`), so its report holds the same findings. An error when the national reader refuses
/// the signed data.
pub fn content_findings(
    doc: &Verified<super::SignedXml>,
    report: &VerificationReport,
    checks: &dyn ContentCheck,
) -> Result<Vec<ContentFinding>, crate::Error> {
    let (record, facts) =
        crate::moet::read_national(doc.signed_bytes(), &crate::moet::Profile::V2088_1_0)?;
    Ok(findings(&record, &facts, report, checks))
}
