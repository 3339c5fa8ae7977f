//! Reading records and transcripts.

use crate::error::{HocbaError, guard};
use crate::model::{Transcript, YearRecord};

/// Reads a year record from its JSON form (text is NFC-normalised on the way in).
#[uniffi::export]
pub fn year_record_from_json(json: String) -> Result<YearRecord, HocbaError> {
    guard(|| Ok(hocba_core::model::year_record_from_json(&json)?.into()))
}

/// Reads a transcript from its JSON form (text is NFC-normalised on the way in).
#[uniffi::export]
pub fn transcript_from_json(json: String) -> Result<Transcript, HocbaError> {
    guard(|| Ok(hocba_core::model::transcript_from_json(&json)?.into()))
}
