//! A signed transcript container (`.hocba`) as one học bạ PDF: verify, then render what
//! verification found.

use super::{RenderError, SignatureStatus, TranscriptInput, YearInput, render_transcript};
use crate::envelope::transcript::{TranscriptReport, UnverifiedTranscript, same_pupil};
use crate::envelope::{ContentCheck, TrustStore, UnixTime};
use crate::model::{Enrolment, Pupil, YearRecord};

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
    let mut years = Vec::with_capacity(report.years.len());
    for year in &report.years {
        let (Some((bytes, record)), Some(current)) =
            (records.get(year.current_index), year.revisions.last())
        else {
            continue;
        };
        if !same_pupil(pupil, &record.pupil) {
            return Err(RenderError::PupilMismatch.into());
        }
        years.push(YearInput {
            record,
            signed: Some(bytes),
            status: SignatureStatus::from_report(&current.report),
        });
    }
    let pdf = render_transcript(&TranscriptInput {
        pupil,
        enrolments,
        years,
    })?;
    Ok((pdf, report))
}
