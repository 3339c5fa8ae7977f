//! Turning input bytes into a model document (a year record or a transcript).

use hocba_core::{Document, Encoding};

use crate::input::{Format, detect};
use crate::output::{Failure, Ui};

/// Decodes `bytes` (JSON or canonical CBOR, record or transcript), strictly. A PDF is refused
/// as `unsupported_format` (exit 2) by every command that takes a document.
pub fn parse_document(bytes: &[u8], ui: Ui) -> Result<(Document, Encoding), Failure> {
    if detect(bytes) == Format::Pdf {
        return Err(Failure::unreadable(
            "unsupported_format",
            ui.t(
                "Đây là tệp PDF: hãy dùng `hocba verify`",
                "This is a PDF: use `hocba verify`",
            ),
        ));
    }
    Document::decode(bytes).map_err(|e| core_failure(&e, ui))
}

/// A core error as a CLI failure; its exit code is its class's (`hocba_core::ErrorClass`).
pub fn core_failure(e: &hocba_core::Error, ui: Ui) -> Failure {
    Failure::from_core(e, ui)
}

/// `json` or `cbor`.
pub fn encoding_name(e: Encoding) -> &'static str {
    e.name()
}
