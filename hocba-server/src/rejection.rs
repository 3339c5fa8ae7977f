//! What axum refuses before a handler runs — a body over the limit or not JSON, a path or a query
//! that does not parse — mapped in this one place to hocba's codes, in Vietnamese and English,
//! and answered in the endpoint's JSON shape (ADR 0236): the transaction endpoint's `Response`
//! ([`crate::Refusal`]), the operator's and the lookup API's `{error, message_vi, message_en}`
//! ([`ErrorJson`]). axum's own text (`Failed to buffer the request body…`, `Cannot parse … to a
//! i64`) is never sent: it is English only and may quote the request, which can hold pupil data.

use axum::Json;
use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
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
            .map_err(|e: JsonRejection| ErrorJson(rejected(Part::Body, e.status())))
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
        ];
        for part in [Part::Body, Part::Path, Part::Query] {
            for s in statuses {
                let r = rejected(part, s);
                assert!(r.status.is_client_error(), "{part:?} {s}");
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
    }
}
