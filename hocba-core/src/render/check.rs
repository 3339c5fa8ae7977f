//! Verifying a hocba PDF: extract the signed record(s), verify them, re-render, compare bytes
//! (ADR 0041, `docs/spec/pdf.md` "The rendered-from check").

use super::{
    CONTEXT_ATTACHMENT, RenderError, SignatureStatus, TranscriptContext, TranscriptInput,
    YearInput, extract_attachments, render_transcript, render_year,
};
use crate::model::YearRecord;

/// One embedded signed record, as the verifier found it.
#[derive(Clone, Debug)]
pub struct PdfYear {
    /// The attachment's name, e.g. `hocba-2023-2024-lop4.cose`.
    pub attachment: String,
    /// The record decoded from the signed bytes.
    pub record: YearRecord,
    /// What verification concluded.
    pub status: SignatureStatus,
}

/// The outcome of [`verify_pdf`].
#[derive(Clone, Debug)]
pub struct PdfReport {
    /// Every embedded signed record, in the PDF's order.
    pub years: Vec<PdfYear>,
    /// True when the PDF is a transcript (it carries `hocba-context.json`).
    pub transcript: bool,
    /// True when the PDF's bytes are exactly what the renderer makes from those records.
    pub pages_match: bool,
    /// For a transcript: its identity page is exactly the latest signed year's pupil and its
    /// enrolment history agrees with the signed schools (always true for one year).
    pub pupil_bound: bool,
    /// For a transcript: the cross-year TT27 rules over the embedded years (a dropped year, a
    /// grade that does not follow); a blocking one makes the PDF invalid.
    pub findings: Vec<crate::envelope::ContentFinding>,
}

impl PdfReport {
    /// True when every embedded record is fully signed and verified, the pages were rendered
    /// from them, what the PDF shows as the pupil is the signed records' pupil, and no
    /// cross-year rule is broken.
    pub fn is_valid(&self) -> bool {
        self.pages_match
            && self.pupil_bound
            && !self.findings.iter().any(|f| f.blocking)
            && !self.years.is_empty()
            && self.years.iter().all(|y| y.status.is_fully_verified())
    }

    /// The first reason the PDF is not valid, as a stable code (`None` when valid):
    /// `pdf_not_rendered_from_record`, `pupil_mismatch`, a cross-year rule's code, or the first
    /// record's signature problem (`record_invalid`).
    pub fn error(&self) -> Option<&str> {
        if self.is_valid() {
            None
        } else if !self.pages_match {
            Some("pdf_not_rendered_from_record")
        } else if !self.pupil_bound {
            Some("pupil_mismatch")
        } else if let Some(f) = self.findings.iter().find(|f| f.blocking) {
            Some(f.code.as_str())
        } else {
            Some("record_invalid")
        }
    }
}

/// The rendered-from check: `pdf` must be byte-identical to `rerendered`, the output of
/// [`render_year`] / [`render_transcript`] on the record(s) extracted from `pdf` and verified.
///
/// Byte equality covers every page, the attachments and the metadata: a swapped, edited or
/// added page, or a tampered attachment, fails. It holds for PDFs made by the same hocba
/// version and font; `docs/spec/pdf.md` says what to do across versions.
pub fn check_rendered_from(pdf: &[u8], rerendered: &[u8]) -> Result<(), RenderError> {
    if pdf == rerendered {
        Ok(())
    } else {
        Err(RenderError::NotRenderedFromRecord)
    }
}

/// Verifies a hocba PDF on its own: extracts every embedded `*.cose` (COSE_Sign) and `*.xml`
/// (signed national XML), hands each to `verify`
/// (which decodes the record and checks its signatures against the caller's trust store and
/// time, returning `SignatureStatus::Invalid` for a record that decodes but does not verify),
/// re-renders from what it returned, and compares bytes.
///
/// Errors are structural (not a hocba PDF, no signed record, a record that cannot be decoded);
/// a signature or page mismatch is reported in the [`PdfReport`].
pub fn verify_pdf<F>(pdf: &[u8], mut verify: F) -> Result<PdfReport, crate::Error>
where
    F: FnMut(&[u8]) -> Result<(YearRecord, SignatureStatus), crate::Error>,
{
    let attachments = extract_attachments(pdf)?;
    let mut signed: Vec<(&str, &[u8])> = Vec::new();
    let mut context = None;
    for a in &attachments {
        if a.name.ends_with(".cose") || a.name.ends_with(".xml") {
            signed.push((&a.name, &a.bytes));
        } else if a.name == CONTEXT_ATTACHMENT {
            context = Some(TranscriptContext::from_json_bytes(&a.bytes)?);
        } else {
            return Err(RenderError::Malformed("unexpected embedded file").into());
        }
    }
    if signed.is_empty() {
        return Err(RenderError::NoSignedRecord.into());
    }
    let mut years = Vec::with_capacity(signed.len());
    for (name, bytes) in &signed {
        let (record, status) = verify(bytes)?;
        years.push(PdfYear {
            attachment: (*name).to_owned(),
            record,
            status,
        });
    }
    let inputs: Vec<YearInput<'_>> = years
        .iter()
        .zip(&signed)
        .map(|(y, (_, bytes))| YearInput {
            record: &y.record,
            signed: Some(bytes),
            status: y.status.clone(),
        })
        .collect();
    let rerendered = match &context {
        Some(ctx) => render_transcript(&TranscriptInput {
            pupil: &ctx.pupil,
            enrolments: &ctx.enrolments,
            years: inputs,
        })?,
        None if inputs.len() == 1 => render_year(&inputs[0])?,
        None => return Err(RenderError::SeveralSignedRecords(inputs.len()).into()),
    };
    let pages_match = check_rendered_from(pdf, &rerendered).is_ok();
    let (pupil_bound, findings) = match &context {
        Some(ctx) => {
            let mut records: Vec<&YearRecord> = years.iter().map(|y| &y.record).collect();
            records.sort_by_key(|r| r.school_year);
            (
                super::signed::context_bound(&ctx.pupil, &ctx.enrolments, &records),
                crate::envelope::ContentCheck::check_transcript(
                    &crate::rules::Tt27Checks::default(),
                    &records,
                ),
            )
        }
        None => (true, Vec::new()),
    };
    Ok(PdfReport {
        years,
        transcript: context.is_some(),
        pages_match,
        pupil_bound,
        findings,
    })
}
