//! Turning input bytes into a model document (a year record or a transcript).

use hocba_core::{Document, Encoding};

use crate::output::{Failure, Ui};

/// Decodes `bytes` (JSON or canonical CBOR, record or transcript), strictly.
pub fn parse_document(bytes: &[u8], ui: Ui) -> Result<(Document, Encoding), Failure> {
    Document::decode(bytes).map_err(|e| core_failure(&e, ui))
}

/// A core error as a CLI failure: exit 2 when the input could not be parsed, 1 when invalid.
pub fn core_failure(e: &hocba_core::Error, ui: Ui) -> Failure {
    Failure::from_core(e, ui, if e.is_unreadable() { 2 } else { 1 })
}

/// `json` or `cbor`.
pub fn encoding_name(e: Encoding) -> &'static str {
    e.name()
}
