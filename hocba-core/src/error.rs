//! The crate's error type: one variant per phase, each with a stable machine code and a
//! message in Vietnamese and English. `Display` (English) never contains pupil data.

use crate::canonical::DecodeError;
use crate::envelope::EnvelopeError;
use crate::exchange::ExchangeError;
use crate::model::{JsonError, ModelError};
use crate::render::RenderError;
use crate::trust::TrustError;
use crate::xml::XmlError;

/// Language of a human-readable message.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Lang {
    /// Tiếng Việt (the default everywhere).
    #[default]
    Vi,
    /// English.
    En,
}

/// Any error hocba returns.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A domain value was out of its range.
    #[error(transparent)]
    Model(#[from] ModelError),
    /// JSON input could not be read as the model.
    #[error(transparent)]
    Json(#[from] JsonError),
    /// hocba-CBOR input rejected by the strict decoder (code passes through).
    #[error(transparent)]
    Decode(#[from] DecodeError),
    /// A PDF could not be rendered, or a PDF is not a valid hocba PDF.
    #[error(transparent)]
    Render(#[from] RenderError),
    /// Signed bytes could not be read, or a signing step was refused.
    #[error(transparent)]
    Envelope(#[from] EnvelopeError),
    /// A certificate chain or trust input was not accepted.
    #[error(transparent)]
    Trust(#[from] TrustError),
    /// A record that breaks TT27 rules (see [`crate::rules::validate`]).
    #[error(transparent)]
    Validation(#[from] crate::rules::ValidationError),
    /// XML input refused by the strict XML front or the national-format reader.
    #[error(transparent)]
    Xml(#[from] XmlError),
    /// An exchange message (packed `content`, a `DANH_SACH_HOC_BA` list, a transaction) was
    /// refused.
    #[error(transparent)]
    Exchange(#[from] ExchangeError),
}

impl Error {
    /// Stable snake_case machine code, never changed once released (`docs/spec/errors.md`).
    pub fn code(&self) -> &'static str {
        match self {
            Error::Model(e) => e.code(),
            Error::Json(e) if e.is_syntax() => "json_syntax",
            Error::Json(JsonError {
                domain: Some(d), ..
            }) => d.code(),
            Error::Json(_) => "json_data",
            Error::Decode(e) => e.code(),
            Error::Render(e) => e.code(),
            Error::Envelope(e) => e.code(),
            Error::Trust(e) => e.code(),
            Error::Validation(e) => e.code(),
            Error::Xml(e) => e.code(),
            Error::Exchange(e) => e.code(),
        }
    }

    /// True when the input could not be parsed at all — not JSON, not well-formed CBOR, or
    /// larger than the limit — as opposed to parsed but invalid. The CLI exits 2 for these
    /// and 1 for every other error.
    pub fn is_unreadable(&self) -> bool {
        matches!(
            self.code(),
            "json_syntax"
                | "truncated"
                | "malformed"
                | "too_large"
                | "pdf_malformed"
                | "pdf_attachment_too_large"
        ) || matches!(self, Error::Envelope(e) if e.is_unreadable())
            || matches!(self, Error::Xml(e) if e.kind.is_unreadable())
            || matches!(self, Error::Exchange(e) if e.is_unreadable())
    }

    /// Human-readable message in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (_, Lang::En) => self.to_string(),
            (Error::Model(e), Lang::Vi) => e.message_vi(),
            (Error::Decode(e), Lang::Vi) => e.message_vi(),
            (Error::Render(e), Lang::Vi) => e.message_vi(),
            (Error::Envelope(e), Lang::Vi) => e.message_vi(),
            (Error::Trust(e), Lang::Vi) => e.message_vi(),
            (Error::Validation(e), Lang::Vi) => e.message_vi(),
            (Error::Xml(e), Lang::Vi) => e.message_vi(),
            (Error::Exchange(e), Lang::Vi) => e.message_vi(),
            (Error::Json(e), Lang::Vi) => {
                let what = match (e.reason, &e.domain) {
                    ("syntax", _) => "sai cú pháp".to_owned(),
                    ("eof", _) => "kết thúc giữa chừng".to_owned(),
                    ("missing_field", _) => "thiếu trường bắt buộc".to_owned(),
                    ("unknown_field", _) => "trường không xác định".to_owned(),
                    ("invalid_type", _) => "sai kiểu dữ liệu".to_owned(),
                    ("invalid_value", _) => "giá trị không hợp lệ".to_owned(),
                    ("invalid_length", _) => "sai số phần tử".to_owned(),
                    (_, Some(d)) => d.message_vi(),
                    _ => "sai dữ liệu".to_owned(),
                };
                let at = if e.path.is_empty() || e.path == "." {
                    "gốc tài liệu"
                } else {
                    e.path.as_str()
                };
                format!(
                    "JSON không hợp lệ ({what}) tại {at} (dòng {}, cột {})",
                    e.line, e.column
                )
            }
        }
    }
}
