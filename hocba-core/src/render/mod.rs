//! The học bạ as a PDF: the official TT27 layout (Phụ lục 1 of Thông tư 27/2020/TT-BGDĐT),
//! PDF/A-3u, with the signed record(s) embedded so the PDF alone can be verified.
//!
//! Rendering is a pure function of its input and the embedded font (architecture decision 7):
//! the same input gives the same bytes, because the document ID and every date in the file are
//! derived from the record(s), and nothing reads a clock.
//!
//! * [`render_year`] — one school year (its page or pages), with its signed COSE_Sign bytes as
//!   a PDF/A-3 associated file and a QR reference ([`qr_reference`]).
//! * [`render_transcript`] — the whole học bạ: cover, identity page, "Quá trình học tập", then
//!   every year; each year's signed bytes embedded, plus the (unsigned) identity and enrolment
//!   data as `hocba-context.json` so the pages can be re-made from the PDF alone.
//! * [`extract_signed`] / [`extract_attachments`] — read the embedded files back (bounded,
//!   strict; only the structure this renderer writes is accepted).
//! * [`verify_pdf`] — the PDF alone: extract, verify each record with the caller's verifier,
//!   re-render, and require byte equality ([`check_rendered_from`]; `docs/spec/pdf.md`).
//!
//! Signatures are shown **from verification, not from claims**: a year is printed as signed
//! only from a [`SignatureStatus::Verified`] built from what the verifier found; anything else
//! is printed with a red "KHÔNG CÓ GIÁ TRỊ" banner, watermark and signature boxes.
//!
//! ```
//! use hocba_core::render::{self, SignatureStatus, YearInput};
//! let transcript = hocba_core::synth::demo_transcript();
//! let input = YearInput { record: &transcript.years[0], signed: None, status: SignatureStatus::Unsigned };
//! let pdf = render::render_year(&input).unwrap();
//! assert!(pdf.starts_with(b"%PDF-"));
//! assert_eq!(pdf, render::render_year(&input).unwrap()); // deterministic
//! ```

mod check;
mod error;
mod extract;
mod layout;
mod pdf;
mod qr;
mod signed;
mod template;
#[cfg(test)]
mod tests;
mod text;

pub(crate) use pdf::write_stamp;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
pub(crate) use text::Face;
use time::OffsetDateTime;

pub use check::{
    PdfReport, PdfVerification, PdfYear, check_rendered_from, verify_pdf, verify_signed_pdf,
};
pub use error::RenderError;
pub use extract::{
    Attachment, MAX_ATTACHMENT_BYTES, MAX_PDF_BYTES, extract_attachments, extract_signed,
};
pub use qr::{QR_VERSION, reference as qr_reference};
pub use signed::{
    render_signed_transcript, render_signed_xml, render_signed_xml_years, render_signed_year,
};

use crate::model::{Enrolment, Pupil, YearRecord};

/// Name of the attachment holding a transcript's unsigned identity and enrolment data.
pub const CONTEXT_ATTACHMENT: &str = "hocba-context.json";

pub use crate::trust::SignerRole;

/// One signature **as the verifier found it**: names from the signer's certificate, not from
/// the record.
#[derive(Clone, PartialEq, Eq)]
pub struct VerifiedSigner {
    /// The role the signature was checked for.
    pub role: SignerRole,
    /// The signer's name (certificate subject common name).
    pub name: String,
    /// The signer's organisation (certificate subject organisation), if any.
    pub organisation: Option<String>,
    /// Who issued the signer's certificate (issuer common name or organisation).
    pub issuer: String,
    /// The signing time from the signature's protected header.
    pub signing_time: OffsetDateTime,
}

/// Signer names are personal data: `Debug` shows the role only.
impl std::fmt::Debug for VerifiedSigner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("VerifiedSigner")
            .field("role", &self.role)
            .finish_non_exhaustive()
    }
}

/// What verification concluded about a year record's signatures.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SignatureStatus {
    /// A draft: there are no signed bytes.
    Unsigned,
    /// Signed bytes whose verification failed; `code` is the verifier's stable error code.
    Invalid {
        /// The verifier's error code.
        code: String,
    },
    /// Every signature present verified, but a later role has not signed yet (e.g. awaiting
    /// the principal). Printed with the signatures found and marked "KHÔNG CÓ GIÁ TRỊ".
    Incomplete(Vec<VerifiedSigner>),
    /// Every signature verified against the trust store; one entry per signer, in order.
    Verified(Vec<VerifiedSigner>),
}

impl SignatureStatus {
    /// What the envelope's verifier found (`docs/spec/pdf.md`): `Valid` → [`Verified`],
    /// `Incomplete` → [`Incomplete`], `Invalid` → [`Invalid`] with the report's error code. Only
    /// signers whose outcome is `Ok` are listed, named from their certificate.
    ///
    /// [`Verified`]: SignatureStatus::Verified
    /// [`Incomplete`]: SignatureStatus::Incomplete
    /// [`Invalid`]: SignatureStatus::Invalid
    pub fn from_report(report: &crate::envelope::VerificationReport) -> Self {
        use crate::envelope::Status;
        let signers = || {
            report
                .signers
                .iter()
                .filter(|s| s.outcome.is_ok())
                .filter_map(|s| {
                    let cert = s.certificate.as_ref()?;
                    Some(VerifiedSigner {
                        role: s.role,
                        name: cert.subject_name.clone(),
                        organisation: cert.organisation.clone(),
                        issuer: cert.issuer.clone(),
                        signing_time: s.signing_time.to_offset_date_time()?,
                    })
                })
                .collect()
        };
        match report.status {
            Status::Valid => SignatureStatus::Verified(signers()),
            Status::Incomplete => SignatureStatus::Incomplete(signers()),
            Status::Invalid => SignatureStatus::Invalid {
                code: report.error.unwrap_or("invalid").to_owned(),
            },
        }
    }

    /// The signers the verifier accepted (empty for `Unsigned` and `Invalid`).
    pub fn signers(&self) -> &[VerifiedSigner] {
        match self {
            SignatureStatus::Verified(s) | SignatureStatus::Incomplete(s) => s,
            SignatureStatus::Unsigned | SignatureStatus::Invalid { .. } => &[],
        }
    }

    /// True only for `Verified` with a signature of every role (GVCN, Hiệu trưởng, con dấu):
    /// the only status printed without the "KHÔNG CÓ GIÁ TRỊ" marking.
    pub fn is_fully_verified(&self) -> bool {
        match self {
            SignatureStatus::Verified(s) => [
                SignerRole::HomeroomTeacher,
                SignerRole::Principal,
                SignerRole::SchoolSeal,
            ]
            .iter()
            .all(|r| s.iter().any(|v| v.role == *r)),
            _ => false,
        }
    }
}

/// One school year to render.
#[derive(Clone, Debug)]
pub struct YearInput<'a> {
    /// The record (for a signed record: the one decoded from `signed`).
    pub record: &'a YearRecord,
    /// The exact signed bytes (COSE_Sign), embedded as they are.
    pub signed: Option<&'a [u8]>,
    /// What verification found.
    pub status: SignatureStatus,
}

/// A whole transcript to render.
#[derive(Clone, Debug)]
pub struct TranscriptInput<'a> {
    /// The identity page.
    pub pupil: &'a Pupil,
    /// "Quá trình học tập"; when empty, the page prints the history the years' records carry
    /// (ADR 0262).
    pub enrolments: &'a [Enrolment],
    /// The years, in chronological order.
    pub years: Vec<YearInput<'a>>,
}

/// The unsigned part of a transcript PDF (identity page and enrolment history), embedded as
/// [`CONTEXT_ATTACHMENT`] so the pages can be re-rendered from the PDF alone.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TranscriptContext {
    /// The identity page.
    pub pupil: Pupil,
    /// "Quá trình học tập".
    pub enrolments: Vec<Enrolment>,
}

impl TranscriptContext {
    /// Reads the context from the bytes of a [`CONTEXT_ATTACHMENT`].
    pub fn from_json_bytes(bytes: &[u8]) -> Result<Self, RenderError> {
        serde_json::from_slice(bytes)
            .map_err(|_| RenderError::Malformed("hocba-context.json is not a transcript context"))
    }

    fn to_json_bytes(&self) -> Vec<u8> {
        crate::model::to_json_pretty(self).into_bytes()
    }
}

/// SHA-256 of the signed bytes, lower-case hex: what the QR code, the footer and the PDF
/// keywords name.
pub fn signed_digest_hex(signed: &[u8]) -> String {
    hex::encode(Sha256::digest(signed))
}

/// The attachment name of a year's signed bytes as a COSE_Sign: `hocba-2023-2024-lop4.cose`.
pub fn attachment_name(record: &YearRecord) -> String {
    format!("hocba-{}-lop{}.cose", record.school_year, record.grade)
}

/// The attachment name of a year's signed bytes of either kind: [`attachment_name`] for a
/// COSE_Sign, `hocba-2023-2024-lop4.xml` for a signed national XML (XML-DSig, CV 2088).
pub fn signed_attachment_name(record: &YearRecord, signed: &[u8]) -> String {
    if crate::moet::looks_like_xml(signed) {
        format!("hocba-{}-lop{}.xml", record.school_year, record.grade)
    } else {
        attachment_name(record)
    }
}

/// The document date: the latest verified signing time, else 31 May of the school year's end.
fn year_date(y: &YearInput<'_>) -> OffsetDateTime {
    if let Some(t) = y.status.signers().iter().map(|s| s.signing_time).max() {
        return t;
    }
    let end = i32::from(y.record.school_year.end());
    time::Date::from_calendar_date(end, time::Month::May, 31)
        .map(|d| d.midnight().assume_utc())
        .unwrap_or(OffsetDateTime::UNIX_EPOCH)
}

struct Prepared {
    digest: Option<String>,
}

fn prepare(y: &YearInput<'_>) -> Prepared {
    Prepared {
        digest: y.signed.map(signed_digest_hex),
    }
}

fn document_id(parts: &[&[u8]]) -> String {
    let mut h = Sha256::new();
    h.update(b"hocba-pdf-1");
    for p in parts {
        h.update((p.len() as u64).to_be_bytes());
        h.update(p);
    }
    hex::encode(h.finalize())
}

fn year_attachment(y: &YearInput<'_>) -> Option<pdf::Attach> {
    y.signed.map(|bytes| {
        let xml = crate::moet::looks_like_xml(bytes);
        pdf::Attach {
            name: signed_attachment_name(y.record, bytes),
            mime: if xml {
                "application/xml"
            } else {
                "application/cose"
            },
            description: format!(
                "Hồ sơ học bạ năm học {} đã ký số ({}) / signed year record",
                y.record.school_year,
                if xml {
                    "XML quốc gia, XML-DSig"
                } else {
                    "COSE_Sign"
                }
            ),
            kind: krilla::embed::AssociationKind::Source,
            bytes: bytes.to_vec(),
        }
    })
}

fn record_bytes_for_id(y: &YearInput<'_>) -> Vec<u8> {
    match y.signed {
        Some(s) => s.to_vec(),
        None => crate::model::to_json_pretty(y.record).into_bytes(),
    }
}

/// Renders one school year as a PDF/A-3u document.
///
/// The signed bytes, if any, are embedded as `hocba-<năm học>-lop<khối>.cose`.
pub fn render_year(input: &YearInput<'_>) -> Result<Vec<u8>, RenderError> {
    let fonts = text::Fonts::load()?;
    let mut flow = layout::Flow::new(&fonts);
    let p = prepare(input);
    template::year(
        &mut flow,
        input,
        p.digest.as_deref(),
        template::History::Print,
    )?;
    let r = input.record;
    let id_bytes = record_bytes_for_id(input);
    let meta = pdf::DocMeta {
        title: format!(
            "Học bạ tiểu học – {} – năm học {}",
            r.pupil.full_name, r.school_year
        ),
        id: document_id(&[&id_bytes]),
        keywords: keywords(std::slice::from_ref(input)),
        date: year_date(input),
    };
    pdf::write(
        &fonts,
        &flow.pages,
        meta,
        year_attachment(input).into_iter().collect(),
    )
}

fn keywords(years: &[YearInput<'_>]) -> Vec<String> {
    let mut k = vec!["hocba".to_owned(), "TT27/2020".to_owned()];
    for y in years {
        if let Some(s) = y.signed {
            k.push(format!(
                "{}:sha256:{}",
                signed_attachment_name(y.record, s),
                signed_digest_hex(s)
            ));
        }
    }
    k
}

/// Renders a whole transcript: cover, identity page, enrolment history, then every year.
pub fn render_transcript(input: &TranscriptInput<'_>) -> Result<Vec<u8>, RenderError> {
    let last = input.years.last().ok_or(RenderError::NoYears)?;
    let fonts = text::Fonts::load()?;
    let mut flow = layout::Flow::new(&fonts);
    let school = &last.record.school;
    template::cover(
        &mut flow,
        input.pupil,
        school.name.as_str(),
        &place_line(&school.place),
    );
    template::identity(&mut flow, input);
    template::enrolments(&mut flow, input);
    let mut attachments = Vec::new();
    let mut id_parts: Vec<Vec<u8>> = Vec::new();
    for y in &input.years {
        let p = prepare(y);
        template::year(
            &mut flow,
            y,
            p.digest.as_deref(),
            template::History::OnItsOwnPage,
        )?;
        attachments.extend(year_attachment(y));
        id_parts.push(record_bytes_for_id(y));
    }
    let context = TranscriptContext {
        pupil: input.pupil.clone(),
        enrolments: input.enrolments.to_vec(),
    }
    .to_json_bytes();
    id_parts.push(context.clone());
    attachments.push(pdf::Attach {
        name: CONTEXT_ATTACHMENT.to_owned(),
        mime: "application/json",
        description: "Thông tin học sinh và quá trình học tập (không ký số) / identity and enrolment history (not signed)".to_owned(),
        kind: krilla::embed::AssociationKind::Data,
        bytes: context,
    });
    let parts: Vec<&[u8]> = id_parts.iter().map(Vec::as_slice).collect();
    let meta = pdf::DocMeta {
        title: format!("Học bạ tiểu học – {}", input.pupil.full_name),
        id: document_id(&parts),
        keywords: keywords(&input.years),
        date: input
            .years
            .iter()
            .map(year_date)
            .max()
            .unwrap_or(OffsetDateTime::UNIX_EPOCH),
    };
    pdf::write(&fonts, &flow.pages, meta, attachments)
}

fn place_line(p: &crate::model::Place) -> String {
    let mut parts = Vec::new();
    if let Some(c) = &p.commune {
        parts.push(c.name.as_str());
    }
    if let Some(d) = &p.district {
        parts.push(d.name.as_str());
    }
    if let Some(u) = &p.province {
        parts.push(u.name.as_str());
    }
    parts.join(", ")
}
