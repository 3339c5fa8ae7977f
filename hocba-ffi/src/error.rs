//! The one error type of the Kotlin/Swift surface, and the one place core errors are mapped.
//!
//! Kotlin sees `HocbaException.Decode(code, messageEn, messageVi, path, record)` and so on; Swift
//! sees `HocbaError.Decode(code:messageEn:messageVi:path:record:)`. The variant is the phase that
//! failed; `code` is the stable snake_case machine code of `hocba_core::Error::code()` (never
//! changed once released), so callers switch on `code`, not on message text; `path` and `record`
//! say where (Python's `.path` and `.record`).

use std::panic::{AssertUnwindSafe, catch_unwind};

use hocba_core::xmldsig::RecordError;
use hocba_core::{Error as CoreError, ErrorKind, Lang};

/// Any error the hocba bindings raise. Each variant carries the stable machine `code` and the
/// message in English and Vietnamese; none of them contains a pupil's data.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, uniffi::Error)]
#[non_exhaustive]
pub enum HocbaError {
    /// A domain value out of range (score, grade, school year, identifier, code, text).
    #[error("{code}: {message_en}")]
    Model {
        /// Stable machine code, e.g. `invalid_score`.
        code: String,
        /// English message.
        message_en: String,
        /// Vietnamese message.
        message_vi: String,
        /// Where in the input the error is about (`grade`, `pupil.date_of_birth`), when the
        /// core knows it: `hocba_core::Error::path()`, the same as Python's `.path`.
        path: Option<String>,
        /// Which of several inputs the error is about (0-based, in the order given), when the
        /// function takes several and one cannot be read (`TrustStore::verify_xml_transcript`):
        /// the core's `RecordError::index`, the same as Python's `.record`.
        record: Option<u32>,
    },
    /// Bytes that are not a record: malformed JSON or CBOR, or outside the hocba-CBOR profile.
    #[error("{code}: {message_en}")]
    Decode {
        /// Stable machine code, e.g. `json_syntax`.
        code: String,
        /// English message.
        message_en: String,
        /// Vietnamese message.
        message_vi: String,
        /// Where in the input the error is about (`grade`, `pupil.date_of_birth`), when the
        /// core knows it: `hocba_core::Error::path()`, the same as Python's `.path`.
        path: Option<String>,
        /// Which of several inputs the error is about (0-based, in the order given), when the
        /// function takes several and one cannot be read (`TrustStore::verify_xml_transcript`):
        /// the core's `RecordError::index`, the same as Python's `.record`.
        record: Option<u32>,
    },
    /// A record that breaks TT27 rules where a valid one is required; `code` is the first
    /// error's rule code. ([`crate::validate`] itself returns a report, not this error.)
    #[error("{code}: {message_en}")]
    Validation {
        /// Stable machine code of the first broken rule, e.g. `score_missing`.
        code: String,
        /// English message.
        message_en: String,
        /// Vietnamese message.
        message_vi: String,
        /// Where in the input the error is about (`grade`, `pupil.date_of_birth`), when the
        /// core knows it: `hocba_core::Error::path()`, the same as Python's `.path`.
        path: Option<String>,
        /// Which of several inputs the error is about (0-based, in the order given), when the
        /// function takes several and one cannot be read (`TrustStore::verify_xml_transcript`):
        /// the core's `RecordError::index`, the same as Python's `.record`.
        record: Option<u32>,
    },
    /// Signed bytes that are not a signed record (not a COSE_Sign of the hocba profile,
    /// malformed headers, a payload that is not a canonical record).
    #[error("{code}: {message_en}")]
    Envelope {
        /// Stable machine code, e.g. `not_cose_sign`.
        code: String,
        /// English message.
        message_en: String,
        /// Vietnamese message.
        message_vi: String,
        /// Where in the input the error is about (`grade`, `pupil.date_of_birth`), when the
        /// core knows it: `hocba_core::Error::path()`, the same as Python's `.path`.
        path: Option<String>,
        /// Which of several inputs the error is about (0-based, in the order given), when the
        /// function takes several and one cannot be read (`TrustStore::verify_xml_transcript`):
        /// the core's `RecordError::index`, the same as Python's `.record`.
        record: Option<u32>,
    },
    /// A PDF could not be made, or a PDF is not a học bạ PDF hocba can verify.
    #[error("{code}: {message_en}")]
    Render {
        /// Stable machine code.
        code: String,
        /// English message.
        message_en: String,
        /// Vietnamese message.
        message_vi: String,
        /// Where in the input the error is about (`grade`, `pupil.date_of_birth`), when the
        /// core knows it: `hocba_core::Error::path()`, the same as Python's `.path`.
        path: Option<String>,
        /// Which of several inputs the error is about (0-based, in the order given), when the
        /// function takes several and one cannot be read (`TrustStore::verify_xml_transcript`):
        /// the core's `RecordError::index`, the same as Python's `.record`.
        record: Option<u32>,
    },
    /// A trust input (root certificate, CRL) or a certificate chain was not accepted.
    #[error("{code}: {message_en}")]
    Trust {
        /// Stable machine code, e.g. `malformed_pem`, `cert_expired`.
        code: String,
        /// English message.
        message_en: String,
        /// Vietnamese message.
        message_vi: String,
        /// Where in the input the error is about (`grade`, `pupil.date_of_birth`), when the
        /// core knows it: `hocba_core::Error::path()`, the same as Python's `.path`.
        path: Option<String>,
        /// Which of several inputs the error is about (0-based, in the order given), when the
        /// function takes several and one cannot be read (`TrustStore::verify_xml_transcript`):
        /// the core's `RecordError::index`, the same as Python's `.record`.
        record: Option<u32>,
    },
    /// An error of a phase this version of the bindings does not classify yet; `code` is still
    /// the core's stable code.
    #[error("{code}: {message_en}")]
    Other {
        /// Stable machine code.
        code: String,
        /// English message.
        message_en: String,
        /// Vietnamese message.
        message_vi: String,
        /// Where in the input the error is about (`grade`, `pupil.date_of_birth`), when the
        /// core knows it: `hocba_core::Error::path()`, the same as Python's `.path`.
        path: Option<String>,
        /// Which of several inputs the error is about (0-based, in the order given), when the
        /// function takes several and one cannot be read (`TrustStore::verify_xml_transcript`):
        /// the core's `RecordError::index`, the same as Python's `.record`.
        record: Option<u32>,
    },
    /// A bug: the Rust code panicked. The panic was caught at the boundary and never unwinds
    /// into Kotlin or Swift. `code` is always `internal_panic`.
    #[error("{code}: {message_en}")]
    Internal {
        /// Always `internal_panic`.
        code: String,
        /// English message.
        message_en: String,
        /// Vietnamese message.
        message_vi: String,
        /// Where in the input the error is about (`grade`, `pupil.date_of_birth`), when the
        /// core knows it: `hocba_core::Error::path()`, the same as Python's `.path`.
        path: Option<String>,
        /// Which of several inputs the error is about (0-based, in the order given), when the
        /// function takes several and one cannot be read (`TrustStore::verify_xml_transcript`):
        /// the core's `RecordError::index`, the same as Python's `.record`.
        record: Option<u32>,
    },
}

impl HocbaError {
    /// Where in the input the error is about, whatever the variant (none for most errors).
    pub fn path(&self) -> Option<&str> {
        match self {
            HocbaError::Model { path, .. }
            | HocbaError::Decode { path, .. }
            | HocbaError::Validation { path, .. }
            | HocbaError::Envelope { path, .. }
            | HocbaError::Render { path, .. }
            | HocbaError::Trust { path, .. }
            | HocbaError::Other { path, .. }
            | HocbaError::Internal { path, .. } => path.as_deref(),
        }
    }

    /// Which of several inputs the error is about (0-based), whatever the variant (none unless a
    /// function taking several inputs could not read one).
    pub fn record(&self) -> Option<u32> {
        match self {
            HocbaError::Model { record, .. }
            | HocbaError::Decode { record, .. }
            | HocbaError::Validation { record, .. }
            | HocbaError::Envelope { record, .. }
            | HocbaError::Render { record, .. }
            | HocbaError::Trust { record, .. }
            | HocbaError::Other { record, .. }
            | HocbaError::Internal { record, .. } => *record,
        }
    }

    /// The stable machine code, whatever the variant.
    pub fn code(&self) -> &str {
        match self {
            HocbaError::Model { code, .. }
            | HocbaError::Decode { code, .. }
            | HocbaError::Validation { code, .. }
            | HocbaError::Envelope { code, .. }
            | HocbaError::Render { code, .. }
            | HocbaError::Trust { code, .. }
            | HocbaError::Other { code, .. }
            | HocbaError::Internal { code, .. } => code,
        }
    }

    fn panic() -> Self {
        HocbaError::Internal {
            code: "internal_panic".into(),
            message_en: "internal error in hocba (a bug: please report it)".into(),
            message_vi: "lỗi nội bộ trong hocba (lỗi phần mềm, xin báo lại)".into(),
            path: None,
            record: None,
        }
    }
}

/// The one mapping from the core's error to the bindings' error.
impl From<CoreError> for HocbaError {
    fn from(e: CoreError) -> Self {
        classified(&e, None)
    }
}

/// A record of several that cannot be read: the core's error, mapped as every other, with the
/// record's index (`record`), as Python's `verify_xml_transcript` sets `.record`.
impl From<RecordError> for HocbaError {
    fn from(e: RecordError) -> Self {
        classified(&e.error, Some(u32::try_from(e.index).unwrap_or(u32::MAX)))
    }
}

/// The variant is the core's kind (`hocba_core::ErrorKind`, ADR 0096), as in Python; the
/// code, messages and path are the core's.
fn classified(e: &CoreError, record: Option<u32>) -> HocbaError {
    let code = e.code().to_owned();
    let message_en = e.message(Lang::En);
    let message_vi = e.message(Lang::Vi);
    let path = e.path().map(str::to_owned);
    match e.kind() {
        ErrorKind::Model => HocbaError::Model {
            code,
            message_en,
            message_vi,
            path,
            record,
        },
        ErrorKind::Decode => HocbaError::Decode {
            code,
            message_en,
            message_vi,
            path,
            record,
        },
        ErrorKind::Validation => HocbaError::Validation {
            code,
            message_en,
            message_vi,
            path,
            record,
        },
        ErrorKind::Signature => HocbaError::Envelope {
            code,
            message_en,
            message_vi,
            path,
            record,
        },
        ErrorKind::Render => HocbaError::Render {
            code,
            message_en,
            message_vi,
            path,
            record,
        },
        ErrorKind::Trust => HocbaError::Trust {
            code,
            message_en,
            message_vi,
            path,
            record,
        },
        ErrorKind::Argument => HocbaError::Other {
            code,
            message_en,
            message_vi,
            path,
            record,
        },
    }
}

/// Runs `f`, turning a panic into [`HocbaError::Internal`] so that no panic crosses the
/// language boundary. Every exported function body goes through this.
pub(crate) fn guard<T>(f: impl FnOnce() -> Result<T, HocbaError>) -> Result<T, HocbaError> {
    // AssertUnwindSafe: on a panic the closure's captures are dropped, never observed again;
    // exported functions take their inputs by value and share no state.
    catch_unwind(AssertUnwindSafe(f)).unwrap_or_else(|_| Err(HocbaError::panic()))
}
