//! The học bạ as a PDF (official TT27 layout, PDF/A-3u, signed bytes embedded) and the
//! verification of such a PDF.

use std::time::SystemTime;

use hocba_core::Document as CoreDocument;
use hocba_core::render::{self, SignatureStatus, YearInput};

use crate::error::{HocbaError, guard};
use crate::trust::TrustStore;
use crate::verify::{VerificationReport, record_report_with, to_unix_time};

/// Renders an unsigned year record (JSON or CBOR) as its học bạ page(s). The PDF carries the
/// "KHÔNG CÓ GIÁ TRỊ" banner: only a verified record is rendered as signed
/// ([`TrustStore::render_signed_year_pdf`]). Same input, same bytes.
#[uniffi::export]
pub fn render_year_pdf(document: Vec<u8>) -> Result<Vec<u8>, HocbaError> {
    guard(|| match CoreDocument::decode(&document)?.0 {
        CoreDocument::YearRecord(record) => Ok(render::render_year(&YearInput {
            record: &record,
            signed: None,
            status: SignatureStatus::Unsigned,
        })
        .map_err(hocba_core::Error::from)?),
        CoreDocument::Transcript(_) => Err(HocbaError::Other {
            code: "not_a_year_record".into(),
            message_en: "the document is a transcript, not a year record".into(),
            message_vi: "tài liệu là học bạ nhiều năm, không phải hồ sơ một năm học".into(),
        }),
    })
}

/// One signed record embedded in a PDF, and what its verification found.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct PdfYearReport {
    /// The attachment's name, e.g. `hocba-2023-2024-lop4.cose`.
    pub attachment: String,
    /// The verification report of the embedded signed bytes.
    pub report: VerificationReport,
}

/// The verification of a học bạ PDF.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct PdfVerificationReport {
    /// True when every embedded record is fully signed and valid, the pages are exactly
    /// what the renderer makes from them, and every PAdES signature of the PDF is valid.
    pub valid: bool,
    /// True when the PDF's bytes are exactly the rendering of the embedded records (the
    /// printed pages say what was signed).
    pub pages_match: bool,
    /// True when the PDF is a whole transcript.
    pub transcript: bool,
    /// Every embedded signed record, in the PDF's order.
    pub years: Vec<PdfYearReport>,
}

#[uniffi::export]
impl TrustStore {
    /// Verifies a signed year record and renders it: as signed (signers named from their
    /// certificates) when valid, otherwise with the "KHÔNG CÓ GIÁ TRỊ" banner. The signed bytes
    /// are embedded, so the PDF alone can be verified ([`TrustStore::verify_pdf`]).
    pub fn render_signed_year_pdf(
        &self,
        signed_record: Vec<u8>,
        verification_time: SystemTime,
    ) -> Result<Vec<u8>, HocbaError> {
        guard(|| {
            let (pdf, _) = render::render_signed_year(
                &signed_record,
                &self.inner,
                to_unix_time(verification_time),
            )?;
            Ok(pdf)
        })
    }

    /// Verifies a signed transcript container (`.hocba`) and renders it as one PDF: the
    /// identity page and enrolment history from `transcript` (the unsigned transcript, JSON or
    /// CBOR, which must name the same pupil as the signed records: otherwise a `Render` error
    /// `pupil_mismatch`), then each school year's current signed revision as verification
    /// found it. Every signed record is embedded, so the PDF verifies on its own.
    pub fn render_signed_transcript_pdf(
        &self,
        signed_transcript: Vec<u8>,
        transcript: Vec<u8>,
        verification_time: SystemTime,
    ) -> Result<Vec<u8>, HocbaError> {
        guard(|| {
            let CoreDocument::Transcript(context) = CoreDocument::decode(&transcript)?.0 else {
                return Err(HocbaError::Decode {
                    code: "not_a_transcript".into(),
                    message_en: "the identity document must be a transcript, not a year record"
                        .into(),
                    message_vi: "tài liệu thông tin học sinh phải là học bạ, không phải hồ sơ một \
                                 năm học"
                        .into(),
                });
            };
            let (pdf, _) = render::render_signed_transcript(
                &context.pupil,
                &context.enrolments,
                &signed_transcript,
                &self.inner,
                to_unix_time(verification_time),
                &hocba_core::rules::Tt27Checks::default(),
            )?;
            Ok(pdf)
        })
    }

    /// Verifies a học bạ PDF at `verification_time`: its PAdES signatures (if any), every
    /// embedded signed record (COSE or national XML), and that the pages are exactly their
    /// rendering.
    pub fn verify_pdf(
        &self,
        pdf: Vec<u8>,
        verification_time: SystemTime,
    ) -> Result<PdfVerificationReport, HocbaError> {
        guard(|| {
            // The core's one way (as `hocba verify x.pdf`): PAdES signatures, then the
            // embedded COSE or national-XML records and the rendered-from check.
            let checked =
                render::verify_signed_pdf(&pdf, &self.inner, to_unix_time(verification_time))?;
            let valid = checked.is_valid();
            let (r, reports) = (
                checked.pdf,
                checked.records.into_iter().map(record_report_with),
            );
            Ok(PdfVerificationReport {
                valid,
                pages_match: r.pages_match,
                transcript: r.transcript,
                years: r
                    .years
                    .into_iter()
                    .zip(reports)
                    .map(|(y, report)| PdfYearReport {
                        attachment: y.attachment,
                        report,
                    })
                    .collect(),
            })
        })
    }
}
