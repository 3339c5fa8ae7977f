//! Turning input bytes into a model document (a year record or a transcript).

use hocba_core::model::{Transcript, YearRecord};

use crate::input::Format;
use crate::output::{Failure, Ui};

/// A decoded input.
#[derive(Debug)]
pub enum Document {
    /// One school year.
    Record(Box<YearRecord>),
    /// A pupil's whole học bạ.
    Transcript(Box<Transcript>),
}

/// Decodes `bytes` of `format` as a transcript or a year record (JSON: a transcript has a
/// top-level `years` member).
pub fn parse_document(bytes: &[u8], format: Format, ui: Ui) -> Result<Document, Failure> {
    match format {
        Format::Json => {
            let text = std::str::from_utf8(bytes).map_err(|_| {
                Failure::unreadable(
                    "json_syntax",
                    ui.t("JSON không phải UTF-8", "JSON is not UTF-8"),
                )
            })?;
            let value: serde_json::Value = serde_json::from_str(text).map_err(|e| {
                let err = hocba_core::Error::Json(e.into());
                Failure::from_core(&err, ui, 2)
            })?;
            let is_transcript = value.get("years").is_some();
            let core = |e: hocba_core::Error| Failure::from_core(&e, ui, 1);
            if is_transcript {
                let t = hocba_core::model::transcript_from_json(text).map_err(core)?;
                Ok(Document::Transcript(Box::new(t)))
            } else {
                let r = hocba_core::model::year_record_from_json(text).map_err(core)?;
                Ok(Document::Record(Box::new(r)))
            }
        }
        Format::Cbor | Format::Pdf => Err(Failure::unreadable(
            "unsupported_format",
            ui.t("Định dạng chưa được hỗ trợ", "Format not supported"),
        )),
    }
}
