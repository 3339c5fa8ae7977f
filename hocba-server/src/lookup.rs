//! The lookup page `/tra-cuu` (server-rendered HTML, Vietnamese first, no JavaScript) and its
//! API twin `POST /api/v1/tra-cuu`.
//!
//! A parent, a receiving school or an admission office either gives the lookup code with the
//! pupil's name, date of birth and personal ID — all four must match, and a mismatch is answered
//! exactly like an unknown code — or uploads a học bạ XML or PDF (the PDF verified by the core:
//! its PAdES signatures and its pages against the embedded XML, which is then checked as an
//! uploaded XML). The page shows the verified record:
//! who signed and when, valid or exactly why not, whether it equals the stored copy, whether it
//! was recalled or replaced, and the pupil's other stored years. Handing out a copy is audited
//! (`lookup_copy`), and so is every successful lookup (`lookup_view`, `lookup_verify`): the
//! entry is committed before the answer, and when it cannot be written nothing is shown
//! (`503` `storage_error`, ADR 0253).

use axum::Json;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use hocba_core::exchange::record_document;
use serde::Deserialize;
use serde_json::json;
use unicode_normalization::UnicodeNormalization;

use crate::app::Shared;
use crate::client::ClientAddr;
use crate::clock;
use crate::record::{Rejection, Verified, is_uuid};
use crate::rejection::{FormBody, JsonBody};
use crate::store::{self, RecordRow, StoreError, audit};
use crate::years::{self, TranscriptView, YearInput};

/// HTML-escapes text.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

const STYLE: &str = "body{font-family:system-ui,sans-serif;max-width:52rem;margin:2rem auto;\
padding:0 1rem;line-height:1.5;color:#1a1a1a}h1{font-size:1.6rem}.en{color:#666;font-size:.9em}\
fieldset{margin:1rem 0;padding:1rem;border:1px solid #bbb;border-radius:.4rem}\
label{display:block;margin:.5rem 0 .2rem}input[type=text],input[type=date]{width:100%;\
padding:.4rem;font-size:1rem}button{margin-top:.8rem;padding:.5rem 1rem;font-size:1rem}\
.ok{color:#0a6b2d;font-weight:bold}.bad{color:#a40000;font-weight:bold}\
table{border-collapse:collapse;width:100%}td,th{border:1px solid #ccc;padding:.3rem .5rem;\
text-align:left;vertical-align:top}";

pub(crate) fn page(title: &str, body: &str) -> Html<String> {
    Html(format!(
        "<!DOCTYPE html><html lang=\"vi\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">\
         <title>{}</title><style>{STYLE}</style></head><body>{body}\
         <p class=\"en\"><a href=\"/tra-cuu\">Tra cứu khác · Another lookup</a></p></body></html>",
        esc(title)
    ))
}

const FORM: &str = r#"<h1>Tra cứu học bạ số <span class="en">· Digital transcript lookup</span></h1>
<form method="post" action="/tra-cuu"><fieldset>
<legend>Tra cứu bằng mã tra cứu <span class="en">· By lookup code</span></legend>
<label for="ma">Mã tra cứu (MA_TRA_CUU_UUID) <span class="en">· Lookup code</span></label>
<input type="text" id="ma" name="ma_tra_cuu_uuid" required maxlength="36" autocomplete="off">
<label for="ten">Họ và tên học sinh <span class="en">· Pupil's full name</span></label>
<input type="text" id="ten" name="ho_va_ten" required maxlength="100">
<label for="ns">Ngày sinh <span class="en">· Date of birth</span></label>
<input type="date" id="ns" name="ngay_sinh" required>
<label for="cccd">Số định danh cá nhân (CCCD) <span class="en">· Personal ID</span></label>
<input type="text" id="cccd" name="so_cccd" required maxlength="12" inputmode="numeric">
<button type="submit">Tra cứu <span class="en">· Look up</span></button>
</fieldset></form>
<form method="post" action="/tra-cuu/tai-len" enctype="multipart/form-data"><fieldset>
<legend>Kiểm tra tệp học bạ XML hoặc PDF <span class="en">· Verify a transcript XML or PDF file</span></legend>
<label for="tep">Tệp học bạ (.xml, .pdf) <span class="en">· Transcript file</span></label>
<input type="file" id="tep" name="tep" accept=".xml,.pdf,application/xml,text/xml,application/pdf" multiple required>
<p class="en">Có thể chọn nhiều tệp (các năm học của một học sinh) · Several files (one pupil's school years) may be chosen</p>
<button type="submit">Kiểm tra <span class="en">· Verify</span></button>
</fieldset></form>"#;

/// `GET /`: to the lookup page.
pub async fn home() -> impl IntoResponse {
    (StatusCode::SEE_OTHER, [(header::LOCATION, "/tra-cuu")])
}

/// `GET /tra-cuu`.
pub async fn form() -> Html<String> {
    page("Tra cứu học bạ số", FORM)
}

/// The four identifying fields.
#[derive(Clone, Debug, Deserialize)]
pub struct LookupQuery {
    /// Lookup code.
    pub ma_tra_cuu_uuid: String,
    /// Full name.
    pub ho_va_ten: String,
    /// Date of birth, `YYYY-MM-DD` or `DD/MM/YYYY`.
    pub ngay_sinh: String,
    /// Personal ID.
    pub so_cccd: String,
}

fn norm_name(s: &str) -> String {
    s.nfc()
        .collect::<String>()
        .to_lowercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// `YYYY-MM-DD` from `YYYY-MM-DD[T…]` or `DD/MM/YYYY`.
fn norm_date(s: &str) -> String {
    let s = s.trim();
    let parts: Vec<&str> = s.split('/').collect();
    if let [d, m, y] = parts.as_slice() {
        return format!("{y:0>4}-{m:0>2}-{d:0>2}");
    }
    s.chars().take(10).collect()
}

/// Finds the record the four fields name; `None` when the code is unknown or any field differs
/// (the two are answered alike).
async fn find(state: &Shared, q: &LookupQuery) -> Result<Option<RecordRow>, StoreError> {
    let uuid = q.ma_tra_cuu_uuid.trim().to_ascii_lowercase();
    if !is_uuid(&uuid) {
        return Ok(None);
    }
    let Some(r) = store::record_by_uuid(state.store.pool(), &uuid).await? else {
        return Ok(None);
    };
    let matches = norm_name(&r.ho_va_ten) == norm_name(&q.ho_va_ten)
        && norm_date(&r.ngay_sinh) == norm_date(&q.ngay_sinh)
        && r.so_cccd == q.so_cccd.trim();
    Ok(matches.then_some(r))
}

pub(crate) fn limited() -> Response {
    (
        StatusCode::TOO_MANY_REQUESTS,
        page(
            "Quá nhiều yêu cầu",
            "<h1>Quá nhiều yêu cầu</h1><p>Xin thử lại sau ít phút. \
             <span class=\"en\">Too many requests; try again in a few minutes.</span></p>",
        ),
    )
        .into_response()
}

pub(crate) fn storage_page(e: &StoreError) -> Response {
    crate::log::error("storage", &e.to_string());
    (
        StatusCode::SERVICE_UNAVAILABLE,
        page(
            "Lỗi",
            "<h1>Lỗi lưu trữ</h1><p>Xin thử lại sau. <span class=\"en\">Storage error; try again later.</span></p>",
        ),
    )
        .into_response()
}

/// Verification results of stored records by SHA-256 (a stored record's bytes never change;
/// its verification depends only on them and the roots, which are fixed for the process).
/// Bounded: cleared when full.
#[derive(Debug, Default)]
pub struct VerifiedCache {
    map: std::sync::Mutex<std::collections::HashMap<String, Result<Verified, Rejection>>>,
    /// Multi-year verifications of a pupil's stored records, by a digest of what they depend on.
    years: std::sync::Mutex<std::collections::HashMap<String, TranscriptView>>,
}

impl VerifiedCache {
    const MAX: usize = 10_000;

    fn record_get(&self, sha256: &str) -> Option<Result<Verified, Rejection>> {
        // A poisoned lock only means a panic elsewhere mid-insert; the map is still usable.
        let map = self.map.lock().unwrap_or_else(|e| e.into_inner());
        map.get(sha256).cloned()
    }

    fn years_get(&self, key: &str) -> Option<TranscriptView> {
        // A poisoned lock only means a panic elsewhere mid-insert; the map is still usable.
        let map = self.years.lock().unwrap_or_else(|e| e.into_inner());
        map.get(key).cloned()
    }

    fn years_put(&self, key: String, view: TranscriptView) {
        let mut map = self.years.lock().unwrap_or_else(|e| e.into_inner());
        if map.len() >= Self::MAX {
            map.clear();
        }
        map.insert(key, view);
    }
}

fn verify_record(state: &Shared, r: &RecordRow) -> Result<Verified, Rejection> {
    if let Some(v) = state.lookup_cache.record_get(&r.sha256) {
        return v;
    }
    let text = String::from_utf8_lossy(&r.signed_xml);
    let v = state.verifier.verify(
        record_document(&text).as_bytes(),
        &state.trust,
        clock::now(),
    );
    let mut map = state
        .lookup_cache
        .map
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    if map.len() >= VerifiedCache::MAX {
        map.clear();
    }
    map.insert(r.sha256.clone(), v.clone());
    v
}

/// What a lookup verifies: the record itself (the portal's verifier), and every stored record of
/// the pupil (every year, recalled ones included, with the portal's recall facts) as one học bạ.
/// Both are cached (the multi-year result by a digest of the rows' bytes, recall state and
/// school: the roots and the policy are fixed for the process, and a recall or a replacement
/// changes the key); what is not cached is computed off the async threads under one permit.
async fn verify_lookup(
    state: &Shared,
    r: &RecordRow,
    rows: Vec<RecordRow>,
) -> (Result<Verified, Rejection>, TranscriptView) {
    let mut key = String::new();
    for row in &rows {
        for part in [
            row.sha256.as_str(),
            row.state.as_str(),
            row.replaced_by_uuid.as_deref().unwrap_or(""),
            row.ma_truong.as_str(),
        ] {
            key.push_str(part);
            key.push('|');
        }
        key.push('\n');
    }
    let key = crate::api::sha256_hex(key.as_bytes());
    let single = state.lookup_cache.record_get(&r.sha256);
    let across = state.lookup_cache.years_get(&key);
    if let (Some(single), Some(across)) = (&single, &across) {
        return (single.clone(), across.clone());
    }
    let (st, r2) = (state.clone(), r.clone());
    let permit = state.heavy.acquire().await;
    let out = tokio::task::spawn_blocking(move || {
        let single = single.unwrap_or_else(|| verify_record(&st, &r2));
        // Checked again under the permit: a concurrent lookup of the same pupil may have just
        // computed it (the permits bound the work in flight, so the rest find it cached).
        let across = across
            .or_else(|| st.lookup_cache.years_get(&key))
            .unwrap_or_else(|| {
                let inputs: Vec<YearInput> = rows
                    .iter()
                    .map(|row| YearInput {
                        source: row.ma_truong.clone(),
                        document: record_document(&String::from_utf8_lossy(&row.signed_xml))
                            .into_bytes(),
                    })
                    .collect();
                let view = years::verify(
                    &inputs,
                    &st.trust,
                    clock::now(),
                    st.verifier.required_roles(),
                    &years::recall_facts(&rows),
                );
                st.lookup_cache.years_put(key, view.clone());
                view
            });
        (single, across)
    })
    .await;
    drop(permit);
    out.unwrap_or_else(|_| {
        (
            Err(Rejection::new(
                "internal_error",
                "HOC_BA",
                "lỗi nội bộ",
                "internal error",
            )),
            TranscriptView::Unreadable {
                source: String::new(),
                code: "internal_error",
                message_vi: "lỗi nội bộ".into(),
                message_en: "internal error".into(),
            },
        )
    })
}

/// [`years::verify`] with the portal's trust, time and roles policy, off the async threads.
pub(crate) async fn verify_years(
    state: &Shared,
    inputs: Vec<YearInput>,
    recalls: hocba_core::envelope::transcript::RecallFacts,
) -> TranscriptView {
    let st = state.clone();
    let permit = state.heavy.acquire().await;
    let view = tokio::task::spawn_blocking(move || {
        years::verify(
            &inputs,
            &st.trust,
            clock::now(),
            st.verifier.required_roles(),
            &recalls,
        )
    })
    .await
    .unwrap_or_else(|_| TranscriptView::Unreadable {
        source: String::new(),
        code: "internal_error",
        message_vi: "lỗi nội bộ".into(),
        message_en: "internal error".into(),
    });
    drop(permit);
    view
}

pub(crate) fn verification_html(v: &Result<Verified, Rejection>) -> String {
    match v {
        Ok(v) => {
            let mut rows = String::new();
            for s in &v.signers {
                rows.push_str(&format!(
                    "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
                    esc(&s.role),
                    esc(&s.name),
                    esc(&s.signed_at.to_vietnam_display())
                ));
            }
            format!(
                "<p class=\"ok\">Chữ ký hợp lệ, dữ liệu không bị sửa đổi. \
                 <span class=\"en\">Signatures valid, data unaltered.</span></p>\
                 <table><tr><th>Vai trò <span class=\"en\">Role</span></th>\
                 <th>Người / đơn vị ký <span class=\"en\">Signer</span></th>\
                 <th>Thời điểm ký <span class=\"en\">Signed at</span></th></tr>{rows}</table>"
            )
        }
        Err(r) => format!(
            "<p class=\"bad\">Không xác minh được: {} ({}, {}). <span class=\"en\">Not verified: {}</span></p>",
            esc(&r.vi),
            esc(&r.code),
            esc(&r.field),
            esc(&r.en)
        ),
    }
}

/// What the PDF itself shows: its pages rendered from the embedded record or not, and each
/// PAdES signature (signer from its certificate, valid or why not).
pub(crate) fn pdf_html(c: &hocba_core::render::PdfVerification) -> String {
    let mut out = if c.pdf.pages_match {
        "<p class=\"ok\">Tệp PDF: các trang được in từ đúng học bạ đã ký kèm theo. \
         <span class=\"en\">PDF: the pages were rendered from the embedded signed record.</span></p>"
            .to_owned()
    } else {
        "<p class=\"bad\">Tệp PDF: CÁC TRANG KHÔNG KHỚP với học bạ đã ký kèm theo \
         (pdf_not_rendered_from_record). <span class=\"en\">PDF: the pages do not match the \
         embedded signed record.</span></p>"
            .to_owned()
    };
    for s in c.pades.iter().flat_map(|p| &p.signatures) {
        let signer = s
            .certificate
            .as_ref()
            .map_or_else(String::new, |c| c.subject_name.clone());
        out.push_str(&match &s.outcome {
            Ok(()) => format!(
                "<p class=\"ok\">Chữ ký số trên tệp PDF của {}: hợp lệ. \
                 <span class=\"en\">PDF signature: valid.</span></p>",
                esc(&signer)
            ),
            Err(e) => format!(
                "<p class=\"bad\">Chữ ký số trên tệp PDF của {}: không hợp lệ — {} ({}). \
                 <span class=\"en\">PDF signature invalid: {}</span></p>",
                esc(&signer),
                esc(&e.message_vi()),
                esc(e.code()),
                esc(&e.to_string())
            ),
        });
    }
    out
}

pub(crate) fn state_html(r: &RecordRow) -> String {
    let mut s = if r.state == "recalled" {
        "<p class=\"bad\">Học bạ này đã bị thu hồi. <span class=\"en\">This record was recalled.</span></p>".to_owned()
    } else {
        "<p class=\"ok\">Học bạ đang có hiệu lực. <span class=\"en\">This record is in force.</span></p>".to_owned()
    };
    if let Some(new) = &r.replaced_by_uuid {
        s.push_str(&format!(
            "<p>Được thay thế bằng học bạ mã <code>{}</code>. <span class=\"en\">Replaced by</span></p>",
            esc(new)
        ));
    }
    if let Some(old) = &r.replaces_uuid {
        s.push_str(&format!(
            "<p>Thay thế học bạ đã thu hồi mã <code>{}</code>. <span class=\"en\">Replaces</span></p>",
            esc(old)
        ));
    }
    s
}

/// Writes the audit entry of a lookup (`lookup_view`, `lookup_copy`, `lookup_verify`). The
/// caller hands out nothing when it fails: no copy of a pupil's record leaves the portal without
/// its entry (ADR 0101, ADR 0253); the error is answered `storage_error` (503).
pub(crate) async fn log_event(
    state: &Shared,
    action: &str,
    subject: &str,
    detail: serde_json::Value,
) -> Result<(), StoreError> {
    let at = clock::now_secs();
    let mut w = state.store.write().await?;
    audit::append(
        &mut w,
        at,
        &audit::Event {
            actor: "public",
            action,
            subject,
            detail: detail.to_string(),
        },
    )
    .await?;
    w.commit().await
}

/// The API's answer when the store fails (logged).
fn storage_json(e: &StoreError) -> (StatusCode, Json<serde_json::Value>) {
    crate::log::error("storage", &e.to_string());
    (
        StatusCode::SERVICE_UNAVAILABLE,
        Json(json!({"error": "storage_error"})),
    )
}

/// `POST /tra-cuu`: the record the four fields name.
pub async fn by_code(
    State(state): State<Shared>,
    ClientAddr(ip): ClientAddr,
    FormBody(q): FormBody<LookupQuery>,
) -> Response {
    if !state.lookup_rate.allow(&ip.to_string()) {
        return limited();
    }
    let r = match find(&state, &q).await {
        Ok(Some(r)) => r,
        Ok(None) => {
            return (
                StatusCode::NOT_FOUND,
                page(
                    "Không tìm thấy",
                    "<h1>Không tìm thấy học bạ</h1><p>Không có học bạ khớp với cả bốn thông tin đã nhập. \
                     <span class=\"en\">No record matches all four fields.</span></p>",
                ),
            )
                .into_response();
        }
        Err(e) => return storage_page(&e),
    };
    let others = match store::records_by_cccd(state.store.pool(), &r.so_cccd).await {
        Ok(o) => o,
        Err(e) => return storage_page(&e),
    };
    let years_count = others.len();
    let (verification, across) = verify_lookup(&state, &r, others).await;
    if let Err(e) = log_event(
        &state,
        "lookup_view",
        &r.ma_tra_cuu_uuid,
        json!({"ip": ip.to_string(), "years": years_count}),
    )
    .await
    {
        return storage_page(&e);
    }
    let hidden = |name: &str, v: &str| {
        format!(
            "<input type=\"hidden\" name=\"{name}\" value=\"{}\">",
            esc(v)
        )
    };
    let body = format!(
        "<h1>Học bạ số <span class=\"en\">· Digital transcript</span></h1>\
         <table><tr><th>Họ và tên</th><td>{}</td></tr><tr><th>Ngày sinh</th><td>{}</td></tr>\
         <tr><th>Trường (mã)</th><td>{}</td></tr><tr><th>Năm học</th><td>{}</td></tr>\
         <tr><th>Mã tra cứu</th><td><code>{}</code></td></tr>\
         <tr><th>SHA-256 bản lưu <span class=\"en\">stored copy</span></th><td><code>{}</code></td></tr></table>\
         {}{}{}\
         <form method=\"post\" action=\"/tra-cuu/ban-sao\">{}{}{}{}\
         <button type=\"submit\">Tải bản sao XML <span class=\"en\">· Download the XML copy</span></button></form>",
        esc(&r.ho_va_ten),
        esc(&r.ngay_sinh),
        esc(&r.ma_truong),
        esc(&r.nam_hoc),
        esc(&r.ma_tra_cuu_uuid),
        esc(&r.sha256),
        verification_html(&verification),
        state_html(&r),
        across.to_html(),
        hidden("ma_tra_cuu_uuid", &q.ma_tra_cuu_uuid),
        hidden("ho_va_ten", &q.ho_va_ten),
        hidden("ngay_sinh", &q.ngay_sinh),
        hidden("so_cccd", &q.so_cccd),
    );
    (StatusCode::OK, page("Học bạ số", &body)).into_response()
}

/// `POST /tra-cuu/ban-sao`: the stored signed XML, byte for byte (audited).
pub async fn copy(
    State(state): State<Shared>,
    ClientAddr(ip): ClientAddr,
    FormBody(q): FormBody<LookupQuery>,
) -> Response {
    if !state.lookup_rate.allow(&ip.to_string()) {
        return limited();
    }
    match find(&state, &q).await {
        Ok(Some(r)) => {
            if let Err(e) = log_event(
                &state,
                "lookup_copy",
                &r.ma_tra_cuu_uuid,
                json!({"ip": ip.to_string(), "sha256": r.sha256}),
            )
            .await
            {
                return storage_page(&e);
            }
            let text = String::from_utf8_lossy(&r.signed_xml);
            let file = format!("attachment; filename=\"hoc-ba-{}.xml\"", r.ma_tra_cuu_uuid);
            (
                StatusCode::OK,
                [
                    (
                        header::CONTENT_TYPE,
                        "application/xml; charset=utf-8".to_owned(),
                    ),
                    (header::CONTENT_DISPOSITION, file),
                ],
                record_document(&text),
            )
                .into_response()
        }
        Ok(None) => (
            StatusCode::NOT_FOUND,
            page("Không tìm thấy", "<h1>Không tìm thấy học bạ</h1>"),
        )
            .into_response(),
        Err(e) => storage_page(&e),
    }
}

/// The `HOC_BA` element's bytes of a document (what the portal stores), or the whole text when
/// it cannot be parsed.
pub(crate) fn element_bytes(doc: &str) -> String {
    let opts = roxmltree::ParsingOptions {
        allow_dtd: false,
        ..roxmltree::ParsingOptions::default()
    };
    roxmltree::Document::parse_with_options(doc, opts)
        .map(|d| doc[d.root_element().range()].to_owned())
        .unwrap_or_else(|_| doc.to_owned())
}

/// `POST /api/v1/tra-cuu`: the JSON twin of the form (audited like the page).
pub async fn api_lookup(
    State(state): State<Shared>,
    ClientAddr(ip): ClientAddr,
    JsonBody(q): JsonBody<LookupQuery>,
) -> (StatusCode, Json<serde_json::Value>) {
    if !state.lookup_rate.allow(&ip.to_string()) {
        return (
            StatusCode::TOO_MANY_REQUESTS,
            Json(json!({"error": "rate_limited"})),
        );
    }
    let r = match find(&state, &q).await {
        Ok(Some(r)) => r,
        Ok(None) => return (StatusCode::NOT_FOUND, Json(json!({"error": "not_found"}))),
        Err(e) => return storage_json(&e),
    };
    let others = match store::records_by_cccd(state.store.pool(), &r.so_cccd).await {
        Ok(o) => o,
        Err(e) => return storage_json(&e),
    };
    let years_count = others.len();
    let (v, across) = verify_lookup(&state, &r, others).await;
    if let Err(e) = log_event(
        &state,
        "lookup_copy",
        &r.ma_tra_cuu_uuid,
        json!({"ip": ip.to_string(), "sha256": r.sha256, "api": true, "years": years_count}),
    )
    .await
    {
        return storage_json(&e);
    }
    let verification = match &v {
        Ok(v) => json!({"valid": true, "signers": v.signers.iter().map(|s| json!({
            "role": s.role, "name": s.name, "signed_at": s.signed_at.to_rfc3339()})).collect::<Vec<_>>()}),
        Err(r) => json!({"valid": false, "error": r.code, "field": r.field,
            "message_vi": r.vi, "message_en": r.en}),
    };
    let text = String::from_utf8_lossy(&r.signed_xml);
    (
        StatusCode::OK,
        Json(json!({
            "ma_tra_cuu_uuid": r.ma_tra_cuu_uuid,
            "trang_thai": r.state,
            "thay_the_boi": r.replaced_by_uuid,
            "thay_the_cho": r.replaces_uuid,
            "sha256": r.sha256,
            "verification": verification,
            "transcript": across.to_json(),
            "xml": record_document(&text),
        })),
    )
}
