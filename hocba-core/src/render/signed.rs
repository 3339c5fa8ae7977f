//! Signed input as a học bạ PDF — a signed year record, a signed national XML, a pupil's
//! signed national XML records of several years, a signed transcript container (`.hocba`):
//! verify, then render what verification found.

use super::{RenderError, SignatureStatus, TranscriptInput, YearInput, render_transcript};
use crate::envelope::transcript::{TranscriptReport, UnverifiedTranscript, same_pupil};
use crate::envelope::{ContentCheck, TrustStore, UnixTime, UnverifiedRecord, VerificationReport};
use crate::model::{Enrolment, Pupil, YearRecord};

/// The pupil as the latest signed school year names them.
pub(crate) fn latest_pupil<'a>(years: &[&'a YearRecord]) -> Option<&'a Pupil> {
    years.iter().max_by_key(|y| y.school_year).map(|y| &y.pupil)
}

/// Each signed school year with enrolments listed for it must have one at the school that
/// signed it (a transfer year lists the old school too).
pub(crate) fn check_enrolments(
    enrolments: &[Enrolment],
    years: &[&YearRecord],
) -> Result<(), RenderError> {
    for y in years {
        let listed: Vec<&Enrolment> = enrolments
            .iter()
            .filter(|e| e.school_year == y.school_year)
            .collect();
        if !listed.is_empty()
            && !listed
                .iter()
                .any(|e| e.school_code == y.school.code && e.school_name == y.school.name)
        {
            return Err(RenderError::EnrolmentMismatch);
        }
    }
    Ok(())
}

/// Whether a transcript PDF's unsigned context (identity page, enrolment history) is bound to
/// its signed records: the identity page is exactly the latest signed year's pupil, and the
/// history agrees with the signed schools.
pub(crate) fn context_bound(
    pupil: &Pupil,
    enrolments: &[Enrolment],
    years: &[&YearRecord],
) -> bool {
    latest_pupil(years) == Some(pupil) && check_enrolments(enrolments, years).is_ok()
}

/// Verifies the signed year record `signed` at `at` against `trust` and renders it: the signers
/// as verification found them, the "KHÔNG CÓ GIÁ TRỊ" banner unless it is fully valid, and the
/// signed bytes embedded so the PDF alone can be verified. Returns the PDF and the report.
///
/// `signed` is a signed national XML (XML-DSig, CV 2088: [`render_signed_xml`] with all three
/// roles required; another roles policy is `render_signed_xml`'s) or a COSE_Sign, told apart as
/// [`super::verify_signed_pdf`] tells its embedded records apart: one entry point per input, so
/// the CLI and the bindings render either (ADR 0121).
pub fn render_signed_year(
    signed: &[u8],
    trust: &TrustStore,
    at: UnixTime,
) -> Result<(Vec<u8>, VerificationReport), crate::Error> {
    if crate::moet::looks_like_xml(signed) {
        return render_signed_xml(signed, trust, at, crate::xmldsig::RequiredRoles::All);
    }
    let unverified = UnverifiedRecord::from_bytes(signed)?;
    let record = unverified.record_unverified().clone();
    let report = unverified.verify(trust, at).into_parts().0;
    let pdf = super::render_year(&YearInput {
        record: &record,
        signed: Some(signed),
        status: SignatureStatus::from_report(&report),
    })?;
    Ok((pdf, report))
}

/// Verifies the signed national XML `signed` (XML-DSig, CV 2088) at `at` against `trust`,
/// requiring the roles of `required`, and renders it like [`render_signed_year`]: the signature
/// blocks from what verification found (never from the record's own signer fields), the
/// "KHÔNG CÓ GIÁ TRỊ" banner unless it is valid with all three roles, and the signed XML embedded
/// byte for byte (`hocba-<năm học>-lop<khối>.xml`), so the PDF alone can be verified
/// ([`super::verify_pdf`]). The record on the pages is the national reader's reading of the same
/// bytes (profile 2088/1.0). Fails when the XML breaks the signature profile, carries no
/// signature, or its data is not a record the national reader accepts.
pub fn render_signed_xml(
    signed: &[u8],
    trust: &TrustStore,
    at: UnixTime,
    required: crate::xmldsig::RequiredRoles,
) -> Result<(Vec<u8>, VerificationReport), crate::Error> {
    let unverified = crate::xmldsig::UnverifiedXml::from_signed_bytes(signed)?;
    let record = crate::moet::from_xml(signed, &crate::moet::Profile::V2088_1_0)?;
    let verifier = crate::envelope::Verifier::new(trust, at);
    let report = unverified.verify_in(&verifier, required).into_parts().0;
    let pdf = super::render_year(&YearInput {
        record: &record,
        signed: Some(signed),
        status: SignatureStatus::from_report(&report),
    })?;
    Ok((pdf, report))
}

/// Verifies the signed transcript container `container` at `at` against `trust` (running
/// `checks` on the content) and renders it as one PDF: the identity page and the enrolment
/// history from `pupil` and `enrolments` — the unsigned part of a học bạ, kept by the school
/// system — then, for each school year, its current revision from the signed bytes, with the
/// signature blocks as verification found them ("KHÔNG CÓ GIÁ TRỊ" on a year that is not
/// valid). Every signed record is embedded byte for byte, so the PDF verifies on its own
/// ([`super::verify_pdf`]).
///
/// Returns the PDF and the transcript report. Fails when the container cannot be read, has no
/// year, or when `pupil` is not the pupil of the signed records (an identity page must never
/// front another child's years).
pub fn render_signed_transcript(
    pupil: &Pupil,
    enrolments: &[Enrolment],
    container: &[u8],
    trust: &TrustStore,
    at: UnixTime,
    checks: &dyn ContentCheck,
) -> Result<(Vec<u8>, TranscriptReport), crate::Error> {
    let unverified = UnverifiedTranscript::from_bytes(container)?;
    let records: Vec<(Vec<u8>, YearRecord)> = unverified
        .records()
        .iter()
        .map(|r| (r.bytes().to_vec(), r.record_unverified().clone()))
        .collect();
    let report = unverified.verify_with(trust, at, checks).into_parts().0;
    let pdf = render_verified_years(Some(pupil), enrolments, &records, &report)?;
    Ok((pdf, report))
}

/// Verifies a pupil's signed national XML records of several school years as one học bạ
/// (ADR 0170: each record under the `required` roles policy, then one pupil, one record in force
/// per year, the cross-year rules of `checks`, the portal's `recalls`;
/// [`crate::xmldsig::UnverifiedXmlYears::verify_in`]) and renders them as one PDF like
/// [`render_signed_transcript`]: each year's record in force from its signed bytes, embedded
/// byte for byte, with the signature blocks as verification found them ("KHÔNG CÓ GIÁ TRỊ" on a
/// year that is not valid). ADR 0121.
///
/// `years` are the records as read ([`crate::xmldsig::UnverifiedXmlYears::from_records`], which
/// says which record cannot be read). The identity page is the latest signed year's pupil.
/// `pupil`, when given (the school system's), must be that pupil; `enrolments` (the enrolment
/// history, which the national XML does not carry) must agree with the signed years' schools,
/// and when empty "Quá trình học tập" prints the history the records carry (their
/// `QUA_TRINH_HOC_TAP` and the years themselves, ADR 0262). Returns the PDF and the transcript
/// report.
pub fn render_signed_xml_years(
    pupil: Option<&Pupil>,
    enrolments: &[Enrolment],
    years: crate::xmldsig::UnverifiedXmlYears,
    verifier: &crate::envelope::Verifier<'_>,
    required: crate::xmldsig::RequiredRoles,
    checks: &dyn ContentCheck,
    recalls: &crate::envelope::transcript::RecallFacts,
) -> Result<(Vec<u8>, TranscriptReport), crate::Error> {
    let records: Vec<(Vec<u8>, YearRecord)> = years
        .records()
        .map(|(bytes, record)| (bytes.to_vec(), record.clone()))
        .collect();
    let report = years
        .verify_in(verifier, required, checks, recalls)
        .into_parts()
        .0;
    let pdf = render_verified_years(pupil, enrolments, &records, &report)?;
    Ok((pdf, report))
}

/// Renders a transcript's verified years (refused when a school year has no single record in
/// force, [`RenderError::YearNotInForce`]): the identity page from the latest signed year's pupil
/// (`pupil`, when given, must be the same child: an identity page must never front another
/// child's years), the enrolment history (which must agree with the signed years' schools,
/// ADR 0093), then each year's record in force (`report.years[_].current_index` into `records`,
/// the signed bytes and their reading) with the signature blocks of its verification.
fn render_verified_years(
    pupil: Option<&Pupil>,
    enrolments: &[Enrolment],
    records: &[(Vec<u8>, YearRecord)],
    report: &TranscriptReport,
) -> Result<Vec<u8>, crate::Error> {
    let current: Vec<&YearRecord> = report
        .years
        .iter()
        .filter_map(|y| records.get(y.current_index).map(|(_, r)| r))
        .collect();
    // A year with two records in force, or none (recalled), has no page to show: printing one
    // of them as the học bạ of that year would be a silent choice the PDF cannot reveal.
    if let Some(issue) = report
        .issues
        .iter()
        .find(|i| matches!(i.code, "duplicate_year" | "year_recalled"))
    {
        return Err(RenderError::YearNotInForce(issue.code).into());
    }
    let signed_pupil = latest_pupil(&current).ok_or(RenderError::NoYears)?;
    if pupil.is_some_and(|p| !same_pupil(p, signed_pupil)) {
        return Err(RenderError::PupilMismatch.into());
    }
    check_enrolments(enrolments, &current)?;
    let mut years = Vec::with_capacity(report.years.len());
    for year in &report.years {
        let (Some((bytes, record)), Some(current)) =
            (records.get(year.current_index), year.revisions.last())
        else {
            continue;
        };
        if !same_pupil(signed_pupil, &record.pupil) {
            return Err(RenderError::PupilMismatch.into());
        }
        years.push(YearInput {
            record,
            signed: Some(bytes),
            status: SignatureStatus::from_report(&current.report),
        });
    }
    Ok(render_transcript(&TranscriptInput {
        pupil: signed_pupil,
        enrolments,
        years,
    })?)
}
