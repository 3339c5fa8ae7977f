//! What axum refuses before a handler runs — a body over the limit or not JSON, a path or a query
//! that does not parse, an address no route serves, a method the address does not take — mapped
//! in this one place to hocba's codes, in Vietnamese and English, and answered in the shape of the
//! address (ADR 0236): the transaction endpoint's `Response` ([`crate::Refusal`]), the other
//! APIs' `{error, message_vi, message_en}` ([`ErrorJson`]), the lookup pages' HTML
//! ([`HtmlPage`]). axum's own text (`Failed to buffer the request body…`, `Cannot parse … to a
//! i64`, `Failed to deserialize form body: …`) is never sent: it is English only and may quote
//! the request, which can hold pupil data.

use axum::extract::rejection::{FormRejection, JsonRejection, PathRejection, QueryRejection};
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::{Form, Json};
use serde::de::DeserializeOwned;
use serde_json::json;

/// Which part of the request axum could not extract.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Part {
    /// The body (its size, its content type, its JSON).
    Body,
    /// A path segment (`{index}` not a number in range, …).
    Path,
    /// The query string.
    Query,
    /// The route: no route serves the address (axum's 404), or the address does not take the
    /// method (405).
    Route,
}

/// A refusal before the handler: its status and hocba code, and the message in both languages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rejected {
    /// HTTP status.
    pub status: StatusCode,
    /// hocba's stable code.
    pub code: &'static str,
    /// Vietnamese.
    pub vi: &'static str,
    /// English.
    pub en: &'static str,
}

/// The one mapping: axum's status of the rejection of `part` to hocba's.
pub fn rejected(part: Part, status: StatusCode) -> Rejected {
    let r = |status, code, vi, en| Rejected {
        status,
        code,
        vi,
        en,
    };
    match (part, status) {
        (Part::Body, StatusCode::PAYLOAD_TOO_LARGE) => r(
            StatusCode::PAYLOAD_TOO_LARGE,
            "content_too_large",
            "yêu cầu vượt quá kích thước cho phép",
            "the request is larger than allowed",
        ),
        (Part::Body, StatusCode::REQUEST_TIMEOUT) => r(
            StatusCode::REQUEST_TIMEOUT,
            "request_timeout",
            "nội dung yêu cầu không đến kịp thời hạn, xin gửi lại",
            "the request's body did not arrive in time; send it again",
        ),
        (Part::Body, StatusCode::SERVICE_UNAVAILABLE) => r(
            StatusCode::SERVICE_UNAVAILABLE,
            "server_busy",
            "cổng đang nhận quá nhiều yêu cầu lớn cùng lúc, xin gửi lại sau",
            "the portal is receiving too many large requests at once; send again later",
        ),
        (Part::Body, StatusCode::UNSUPPORTED_MEDIA_TYPE) => r(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "invalid_content_type",
            "Content-Type của yêu cầu không phải loại địa chỉ này nhận (application/json)",
            "the request's Content-Type is not the one this address takes (application/json)",
        ),
        (Part::Body, _) => r(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "không đọc được yêu cầu (sai định dạng hoặc thiếu trường cần có)",
            "the request cannot be read (not in the expected format, or a required field is missing)",
        ),
        (Part::Path, _) => r(
            StatusCode::BAD_REQUEST,
            "invalid_path",
            "địa chỉ yêu cầu có thành phần không hợp lệ (ví dụ một số ngoài phạm vi)",
            "a part of the request's address is not valid (for example a number out of range)",
        ),
        (Part::Query, _) => r(
            StatusCode::BAD_REQUEST,
            "invalid_query",
            "tham số truy vấn không hợp lệ",
            "a query parameter is not valid",
        ),
        (Part::Route, StatusCode::METHOD_NOT_ALLOWED) => r(
            StatusCode::METHOD_NOT_ALLOWED,
            "method_not_allowed",
            "địa chỉ này không nhận phương thức HTTP của yêu cầu",
            "this address does not take the request's HTTP method",
        ),
        (Part::Route, _) => r(
            StatusCode::NOT_FOUND,
            "not_found",
            "không có địa chỉ này trên cổng tiếp nhận",
            "the portal has no such address",
        ),
    }
}

/// The refusal of a body axum could not read, whose rejection says `status` and whose error is
/// `err`: `408 request_timeout` when the body stopped arriving ([`crate::serve`]'s bound), else
/// [`rejected`]`(Part::Body, status)`.
pub fn body_rejected(status: StatusCode, err: &(dyn std::error::Error + 'static)) -> Rejected {
    if crate::serve::is_body_timeout(err) {
        rejected(Part::Body, StatusCode::REQUEST_TIMEOUT)
    } else {
        rejected(Part::Body, status)
    }
}

/// The shape an address answers in: the transaction endpoint's `Response`, the other APIs'
/// JSON, or an HTML page (the lookup pages and any other address a browser may open).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    /// `POST /api/v1/giao-dich`: the specification's `Response` (CV 2088).
    Transaction,
    /// Any other address under `/api/`: `{error, message_vi, message_en}`.
    Api,
    /// Everything else: an HTML page in Vietnamese with the English beside it.
    Page,
}

impl Shape {
    /// The shape of the address `path`.
    pub fn of(path: &str) -> Self {
        if path == crate::app::TRANSACTION_PATH {
            Shape::Transaction
        } else if path == "/api" || path.starts_with("/api/") {
            Shape::Api
        } else {
            Shape::Page
        }
    }
}

impl Rejected {
    /// As `{error, message_vi, message_en}` (the operator's and the lookup API's shape).
    pub fn error_json(self) -> (StatusCode, Json<serde_json::Value>) {
        (
            self.status,
            Json(json!({"error": self.code, "message_vi": self.vi, "message_en": self.en})),
        )
    }
}

impl Rejected {
    /// As an HTML page (the lookup pages' shape).
    pub fn html_page(self) -> Response {
        let body = format!(
            "<h1>{} <span class=\"en\">· {}</span></h1>",
            crate::lookup::esc(self.vi),
            crate::lookup::esc(self.en)
        );
        (self.status, crate::lookup::page(self.vi, &body)).into_response()
    }

    /// In the shape of the address `path`.
    pub fn reply_for(self, path: &str) -> Response {
        match Shape::of(path) {
            Shape::Transaction => {
                crate::api::Refusal::new(self.status, self.code, self.vi, self.en).reply("")
            }
            Shape::Api => self.error_json().into_response(),
            Shape::Page => self.html_page(),
        }
    }
}

/// The router's fallback: an address no route serves (`404 not_found`), in its shape.
pub async fn not_found(uri: Uri) -> Response {
    rejected(Part::Route, StatusCode::NOT_FOUND).reply_for(uri.path())
}

/// The fallback of an address that does not take the method (`405 method_not_allowed`), in its
/// shape; axum adds the `Allow` header.
pub async fn method_not_allowed(uri: Uri) -> Response {
    rejected(Part::Route, StatusCode::METHOD_NOT_ALLOWED).reply_for(uri.path())
}

/// The rejection of the extractors below: [`Rejected`] in the `{error, message_vi,
/// message_en}` shape.
#[derive(Debug)]
pub struct ErrorJson(pub Rejected);

impl IntoResponse for ErrorJson {
    fn into_response(self) -> Response {
        self.0.error_json().into_response()
    }
}

/// axum's `Path`, refused as [`ErrorJson`].
pub struct Path<T>(pub T);

impl<T, S> FromRequestParts<S> for Path<T>
where
    T: DeserializeOwned + Send,
    S: Send + Sync,
{
    type Rejection = ErrorJson;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ErrorJson> {
        axum::extract::Path::<T>::from_request_parts(parts, state)
            .await
            .map(|p| Path(p.0))
            .map_err(|e: PathRejection| ErrorJson(rejected(Part::Path, e.status())))
    }
}

/// axum's `Query`, refused as [`ErrorJson`].
pub struct Query<T>(pub T);

impl<T, S> FromRequestParts<S> for Query<T>
where
    T: DeserializeOwned + Send,
    S: Send + Sync,
{
    type Rejection = ErrorJson;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ErrorJson> {
        axum::extract::Query::<T>::from_request_parts(parts, state)
            .await
            .map(|q| Query(q.0))
            .map_err(|e: QueryRejection| ErrorJson(rejected(Part::Query, e.status())))
    }
}

/// axum's `Json` body, refused as [`ErrorJson`].
pub struct JsonBody<T>(pub T);

impl<T, S> FromRequest<S> for JsonBody<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ErrorJson;

    async fn from_request(req: Request, state: &S) -> Result<Self, ErrorJson> {
        Json::<T>::from_request(req, state)
            .await
            .map(|j| JsonBody(j.0))
            .map_err(|e: JsonRejection| ErrorJson(body_rejected(e.status(), &e)))
    }
}

/// The rejection of [`FormBody`]: [`Rejected`] as an HTML page.
#[derive(Debug)]
pub struct HtmlPage(pub Rejected);

impl IntoResponse for HtmlPage {
    fn into_response(self) -> Response {
        self.0.html_page()
    }
}

/// axum's `Form` body (the lookup pages' posts), refused as [`HtmlPage`]: serde's message
/// would name the field and may quote what a citizen typed.
pub struct FormBody<T>(pub T);

impl<T, S> FromRequest<S> for FormBody<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = HtmlPage;

    async fn from_request(req: Request, state: &S) -> Result<Self, HtmlPage> {
        Form::<T>::from_request(req, state)
            .await
            .map(|f| FormBody(f.0))
            .map_err(|e: FormRejection| HtmlPage(body_rejected(e.status(), &e)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rejection_has_a_code_and_both_languages() {
        let statuses = [
            StatusCode::BAD_REQUEST,
            StatusCode::PAYLOAD_TOO_LARGE,
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            StatusCode::UNPROCESSABLE_ENTITY,
            StatusCode::REQUEST_TIMEOUT,
            StatusCode::SERVICE_UNAVAILABLE,
        ];
        for part in [Part::Body, Part::Path, Part::Query, Part::Route] {
            for s in statuses {
                let r = rejected(part, s);
                assert!(
                    r.status.is_client_error() || r.code == "server_busy",
                    "{part:?} {s}"
                );
                assert!(!r.code.is_empty() && !r.vi.is_empty() && !r.en.is_empty());
            }
        }
        assert_eq!(
            rejected(Part::Body, StatusCode::UNPROCESSABLE_ENTITY).code,
            "invalid_request"
        );
        assert_eq!(
            rejected(Part::Body, StatusCode::PAYLOAD_TOO_LARGE).code,
            "content_too_large"
        );
        assert_eq!(
            body_rejected(StatusCode::BAD_REQUEST, &crate::serve::BodyTimedOut).code,
            "request_timeout"
        );
        assert_eq!(
            rejected(Part::Body, StatusCode::SERVICE_UNAVAILABLE).code,
            "server_busy"
        );
        assert_eq!(
            rejected(Part::Route, StatusCode::METHOD_NOT_ALLOWED).code,
            "method_not_allowed"
        );
        assert_eq!(
            rejected(Part::Route, StatusCode::NOT_FOUND).code,
            "not_found"
        );
    }

    #[test]
    fn each_address_has_its_shape() {
        assert_eq!(Shape::of("/api/v1/giao-dich"), Shape::Transaction);
        assert_eq!(Shape::of("/api/v1/giao-dich/x"), Shape::Api);
        assert_eq!(Shape::of("/api/v1/operator/x"), Shape::Api);
        assert_eq!(Shape::of("/api"), Shape::Api);
        assert_eq!(Shape::of("/apix"), Shape::Page);
        assert_eq!(Shape::of("/tra-cuu/x"), Shape::Page);
    }
}
