//! The lookup page's file check, `POST /tra-cuu/tai-len`, and its API twin
//! `POST /api/v1/tra-cuu/tai-len`: one or several uploaded files — signed national XML records,
//! or hocba PDFs that embed a pupil's signed XML records of one or several years.
//!
//! Every record found is shown on its own, year by year: who signed and when, valid or exactly
//! why not (the portal's verifier), whether it equals the stored copy, whether it was recalled
//! or replaced. A PDF also shows what the PDF itself proves (its pages rendered from the
//! embedded records, its PAdES signatures). When there are records of more than one year, they
//! are verified together as one học bạ ([`crate::years`], ADR 0170, ADR 0200). Each record
//! checked is audited (`lookup_verify`); nothing of the files is kept.

use std::net::IpAddr;

use axum::Json;
use axum::extract::multipart::{MultipartError, MultipartRejection};
use axum::extract::{Multipart, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use hocba_core::render::PdfVerification;
use serde_json::{Value, json};

use crate::api::sha256_hex;
use crate::app::Shared;
use crate::client::ClientAddr;
use crate::clock;
use crate::lookup::{
    element_bytes, esc, limited, log_event, page, pdf_html, state_html, verification_html,
    verify_years,
};
use crate::record::{Facts, Rejection, Verified, read_facts};
use crate::rejection::{Part, body_rejected, rejected};
use crate::store::{self, RecordRow, StoreError};
use crate::years::{self, TranscriptView, YearInput};

/// Most files in one upload (a pupil's five years, and room for recalled ones).
pub const MAX_UPLOAD_FILES: usize = 12;

/// One record found in the upload, checked alone.
struct YearCheck {
    /// The file (and, in a PDF, the attachment) it came from.
    source: String,
    /// The record as a file of its own.
    document: String,
    facts: Facts,
    verification: Result<Verified, Rejection>,
    /// The stored record with the same lookup code, if any.
    stored: Option<RecordRow>,
    /// Whether the record's bytes equal the stored copy's.
    equals_stored: bool,
}

/// One uploaded PDF: what the PDF itself shows.
struct PdfCheck {
    source: String,
    checked: PdfVerification,
}

/// Everything the check found.
struct Report {
    pdfs: Vec<PdfCheck>,
    years: Vec<YearCheck>,
    /// With records of two or more: all of them verified as one học bạ.
    across: Option<TranscriptView>,
}

/// A refusal of the upload (nothing checked): status and messages.
struct Refused {
    status: StatusCode,
    code: &'static str,
    vi: String,
    en: String,
}

fn refused(code: &'static str, vi: impl Into<String>, en: impl Into<String>) -> Refused {
    Refused {
        status: StatusCode::BAD_REQUEST,
        code,
        vi: vi.into(),
        en: en.into(),
    }
}

impl From<StoreError> for Refused {
    fn from(e: StoreError) -> Self {
        crate::log::error("storage", &e.to_string());
        Refused {
            status: StatusCode::SERVICE_UNAVAILABLE,
            code: "storage_error",
            vi: "Lỗi lưu trữ, xin thử lại sau.".into(),
            en: "Storage error; try again later.".into(),
        }
    }
}

impl From<MultipartError> for Refused {
    /// The body could not be read: over [`crate::MAX_UPLOAD_BODY`] (`413 content_too_large`),
    /// stopped arriving (`408 request_timeout`), not well-formed multipart (`400
    /// invalid_request`); nothing of it is checked (ADR 0258).
    fn from(e: MultipartError) -> Self {
        let r = body_rejected(e.status(), &e);
        Refused {
            status: r.status,
            code: r.code,
            vi: r.vi.into(),
            en: r.en.into(),
        }
    }
}

/// The uploaded files (`tep`, repeated), in order, with their names. A body that cannot be
/// read to its end refuses the whole upload, never checks the files before the failure alone.
async fn files(multipart: &mut Multipart) -> Result<Vec<(String, axum::body::Bytes)>, Refused> {
    let mut out = Vec::new();
    while let Some(field) = multipart.next_field().await? {
        if field.name() != Some("tep") {
            continue;
        }
        let name = field
            .file_name()
            .map(|n| n.chars().filter(|c| !c.is_control()).take(100).collect())
            .unwrap_or_default();
        let bytes = field.bytes().await?;
        if bytes.is_empty() {
            continue;
        }
        if out.len() == MAX_UPLOAD_FILES {
            return Err(refused(
                "too_many_files",
                format!("Tải lên tối đa {MAX_UPLOAD_FILES} tệp một lần."),
                format!("At most {MAX_UPLOAD_FILES} files at once."),
            ));
        }
        out.push((name, bytes));
    }
    if out.is_empty() {
        return Err(refused(
            "no_file",
            "Chưa chọn tệp.",
            "No file was uploaded.",
        ));
    }
    Ok(out)
}

/// A PDF verified by the core (its PAdES signatures, its pages against the embedded records).
async fn check_pdf(state: &Shared, bytes: axum::body::Bytes) -> Result<PdfVerification, Refused> {
    let st = state.clone();
    let permit = state.heavy.acquire().await;
    let checked = tokio::task::spawn_blocking(move || {
        hocba_core::render::verify_signed_pdf(&bytes, &st.trust, clock::now())
    })
    .await;
    drop(permit);
    match checked {
        Ok(Ok(c)) => Ok(c),
        Ok(Err(e)) => Err(refused(
            "pdf_unreadable",
            format!(
                "Tệp PDF không đọc được: {} ({}).",
                e.message(hocba_core::Lang::Vi),
                e.code()
            ),
            format!("The PDF cannot be read: {e} ({}).", e.code()),
        )),
        Err(_) => Err(refused("internal_error", "Lỗi nội bộ.", "Internal error.")),
    }
}

/// One record checked alone with the portal's verifier and against the stored copy.
async fn check_year(state: &Shared, source: String, bytes: &[u8]) -> Result<YearCheck, Refused> {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return Err(refused(
            "not_a_record",
            "Tệp không phải học bạ XML (UTF-8) hay PDF.",
            "The file is neither a transcript XML (UTF-8) nor a PDF.",
        ));
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text).to_owned();
    let facts = read_facts(&text).map_err(|r| Refused {
        status: StatusCode::BAD_REQUEST,
        code: "record_unreadable",
        vi: r.vi,
        en: r.en,
    })?;
    let st = state.clone();
    let doc = text.clone();
    let permit = state.heavy.acquire().await;
    let verification = tokio::task::spawn_blocking(move || {
        st.verifier.verify(doc.as_bytes(), &st.trust, clock::now())
    })
    .await
    .unwrap_or_else(|_| {
        Err(Rejection::new(
            "internal_error",
            "HOC_BA",
            "lỗi nội bộ",
            "internal error",
        ))
    });
    drop(permit);
    let stored = store::record_by_uuid(state.store.pool(), &facts.ma_tra_cuu_uuid).await?;
    let equals_stored = stored
        .as_ref()
        .is_some_and(|r| sha256_hex(element_bytes(&text).as_bytes()) == r.sha256);
    Ok(YearCheck {
        source,
        document: text,
        facts,
        verification,
        stored,
        equals_stored,
    })
}

/// Checks every file and, with several records, verifies them together; audits each record.
async fn check(state: &Shared, ip: IpAddr, multipart: &mut Multipart) -> Result<Report, Refused> {
    let mut pdfs = Vec::new();
    let mut years = Vec::new();
    for (name, bytes) in files(multipart).await? {
        if hocba_core::InputKind::sniff(&bytes) == hocba_core::InputKind::Pdf {
            let checked = check_pdf(state, bytes).await?;
            let xml: Vec<(String, Vec<u8>)> = checked
                .pdf
                .years
                .iter()
                .zip(&checked.embedded)
                .filter(|(_, b)| hocba_core::moet::looks_like_xml(b))
                .map(|(y, b)| (format!("{name} › {}", y.attachment), b.clone()))
                .collect();
            if xml.is_empty() {
                return Err(refused(
                    "pdf_without_xml",
                    "Tệp PDF không kèm học bạ số dạng XML.",
                    "The PDF carries no national XML record.",
                ));
            }
            for (source, b) in xml {
                years.push(check_year(state, source, &b).await?);
            }
            pdfs.push(PdfCheck {
                source: name,
                checked,
            });
        } else {
            years.push(check_year(state, name, &bytes).await?);
        }
    }
    let across = if years.len() >= 2 {
        let stored: Vec<RecordRow> = years.iter().filter_map(|y| y.stored.clone()).collect();
        let inputs = years
            .iter()
            .map(|y| YearInput {
                source: y.source.clone(),
                document: y.document.clone().into_bytes(),
            })
            .collect();
        Some(verify_years(state, inputs, years::recall_facts(&stored)).await)
    } else {
        None
    };
    for y in &years {
        log_event(
            state,
            "lookup_verify",
            &y.facts.ma_tra_cuu_uuid,
            json!({"ip": ip.to_string(), "stored": y.stored.is_some(), "records": years.len()}),
        )
        .await?;
    }
    Ok(Report {
        pdfs,
        years,
        across,
    })
}

fn comparison_html(y: &YearCheck) -> String {
    match &y.stored {
        None => "<p class=\"bad\">Cổng không lưu học bạ nào với mã tra cứu này. \
                 <span class=\"en\">The portal stores no record with this lookup code.</span></p>"
            .to_owned(),
        Some(r) if y.equals_stored => format!(
            "<p class=\"ok\">Tệp trùng khớp với bản lưu tại cổng. <span class=\"en\">The file equals the stored copy.</span></p>{}",
            state_html(r)
        ),
        Some(r) => format!(
            "<p class=\"bad\">Tệp KHÁC bản lưu tại cổng. <span class=\"en\">The file differs from the stored copy.</span></p>{}",
            state_html(r)
        ),
    }
}

fn report_html(r: &Report) -> String {
    let mut body =
        String::from("<h1>Kết quả kiểm tra tệp <span class=\"en\">· File verification</span></h1>");
    for p in &r.pdfs {
        body.push_str(&format!(
            "<h2>Tệp PDF {} <span class=\"en\">· PDF file</span></h2>{}",
            esc(&p.source),
            pdf_html(&p.checked)
        ));
    }
    for y in &r.years {
        body.push_str(&format!(
            "<section class=\"nam-hoc\"><h2>Năm học {} <span class=\"en\">· School year</span></h2>\
             <p>Tệp <span class=\"en\">File</span>: {} · Mã tra cứu: <code>{}</code> · Trường: {}</p>{}{}</section>",
            esc(&y.facts.nam_hoc),
            esc(&y.source),
            esc(&y.facts.ma_tra_cuu_uuid),
            esc(&y.facts.ma_truong),
            verification_html(&y.verification),
            comparison_html(y)
        ));
    }
    if let Some(a) = &r.across {
        body.push_str(&a.to_html());
    }
    body
}

fn verification_json(v: &Result<Verified, Rejection>) -> Value {
    match v {
        Ok(v) => json!({"valid": true, "signers": v.signers.iter().map(|s| json!({
            "role": s.role, "name": s.name, "signed_at": s.signed_at.to_rfc3339()})).collect::<Vec<_>>()}),
        Err(r) => json!({"valid": false, "error": r.code, "field": r.field,
            "message_vi": r.vi, "message_en": r.en}),
    }
}

fn pdf_json(p: &PdfCheck) -> Value {
    let c = &p.checked;
    json!({
        "source": p.source,
        "valid": c.is_valid(),
        "error": c.error(),
        "pages_match": c.pdf.pages_match,
        "pupil_bound": c.pdf.pupil_bound,
        "attachments": c.pdf.years.iter().map(|y| &y.attachment).collect::<Vec<_>>(),
        "pades": c.pades.iter().flat_map(|p| &p.signatures).map(|s| json!({
            "signer": s.certificate.as_ref().map(|c| &c.subject_name),
            "valid": s.outcome.is_ok(),
            "error": s.outcome.as_ref().err().map(|e| e.code()),
            "message_vi": s.outcome.as_ref().err().map(|e| e.message_vi()),
            "message_en": s.outcome.as_ref().err().map(ToString::to_string),
        })).collect::<Vec<_>>(),
    })
}

fn report_json(r: &Report) -> Value {
    json!({
        "pdfs": r.pdfs.iter().map(pdf_json).collect::<Vec<_>>(),
        "years": r.years.iter().map(|y| json!({
            "source": y.source,
            "ma_tra_cuu_uuid": y.facts.ma_tra_cuu_uuid,
            "ma_truong": y.facts.ma_truong,
            "nam_hoc": y.facts.nam_hoc,
            "verification": verification_json(&y.verification),
            "stored": y.stored.is_some(),
            "equals_stored": y.equals_stored,
            "trang_thai": y.stored.as_ref().map(|s| &s.state),
            "thay_the_boi": y.stored.as_ref().and_then(|s| s.replaced_by_uuid.as_ref()),
            "thay_the_cho": y.stored.as_ref().and_then(|s| s.replaces_uuid.as_ref()),
        })).collect::<Vec<_>>(),
        "transcript": r.across.as_ref().map(TranscriptView::to_json),
    })
}

/// `POST /tra-cuu/tai-len`: the page.
pub async fn upload(
    State(state): State<Shared>,
    ClientAddr(ip): ClientAddr,
    multipart: Result<Multipart, MultipartRejection>,
) -> Response {
    if !state.lookup_rate.allow(&ip.to_string()) {
        return limited();
    }
    let mut multipart = match multipart {
        Ok(m) => m,
        Err(e) => return rejected(Part::Body, e.status()).html_page(),
    };
    match check(&state, ip, &mut multipart).await {
        Ok(r) => (StatusCode::OK, page("Kết quả kiểm tra", &report_html(&r))).into_response(),
        Err(e) => (
            e.status,
            page(
                "Tệp không hợp lệ",
                &format!(
                    "<h1>Không kiểm tra được <span class=\"en\">· Not checked</span></h1><p>{} <span class=\"en\">{}</span></p>",
                    esc(&e.vi),
                    esc(&e.en)
                ),
            ),
        )
            .into_response(),
    }
}

/// `POST /api/v1/tra-cuu/tai-len`: the same check as JSON.
pub async fn api_upload(
    State(state): State<Shared>,
    ClientAddr(ip): ClientAddr,
    multipart: Result<Multipart, MultipartRejection>,
) -> (StatusCode, Json<Value>) {
    if !state.lookup_rate.allow(&ip.to_string()) {
        return (
            StatusCode::TOO_MANY_REQUESTS,
            Json(json!({"error": "rate_limited"})),
        );
    }
    let mut multipart = match multipart {
        Ok(m) => m,
        Err(e) => return rejected(Part::Body, e.status()).error_json(),
    };
    match check(&state, ip, &mut multipart).await {
        Ok(r) => (StatusCode::OK, Json(report_json(&r))),
        Err(e) => (
            e.status,
            Json(json!({"error": e.code, "message_vi": e.vi, "message_en": e.en})),
        ),
    }
}
