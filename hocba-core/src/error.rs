//! The crate's error type: one variant per phase, each with a stable machine code and a
//! message in Vietnamese and English. `Display` (English) never contains pupil data.

use crate::model::{JsonError, ModelError};
use crate::render::RenderError;

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
    /// A PDF could not be rendered, or a PDF is not a valid hocba PDF.
    #[error(transparent)]
    Render(#[from] RenderError),
}

impl Error {
    /// Stable snake_case machine code, never changed once released (`docs/spec/errors.md`).
    pub fn code(&self) -> &'static str {
        match self {
            Error::Model(e) => e.code(),
            Error::Json(e) => match e.category {
                "syntax" | "eof" | "io" => "json_syntax",
                _ => "json_data",
            },
            Error::Render(e) => e.code(),
        }
    }

    /// Human-readable message in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (_, Lang::En) => self.to_string(),
            (Error::Model(e), Lang::Vi) => e.message_vi(),
            (Error::Render(e), Lang::Vi) => e.message_vi(),
            (Error::Json(e), Lang::Vi) => format!(
                "JSON không hợp lệ ({}) tại dòng {}, cột {}",
                match e.category {
                    "data" => "sai kiểu hoặc giá trị",
                    "eof" => "kết thúc giữa chừng",
                    _ => "sai cú pháp",
                },
                e.line,
                e.column
            ),
        }
    }
}
