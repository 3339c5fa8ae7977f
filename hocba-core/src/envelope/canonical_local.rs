//! LOCAL STAND-IN for `canonical::encode_year_record` / `decode_year_record` (branch
//! `canonical`), so the envelope can be built and tested before the hocba-CBOR profile lands.
//! It uses compact JSON bytes as the payload. This file is deleted when the `canonical`
//! branch is merged; nothing outside `envelope/mod.rs` names it.

use crate::model::YearRecord;

/// Why payload bytes are not a canonical year record.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("payload is not a canonical year record")]
pub struct DecodeError;

impl DecodeError {
    /// Stable code.
    pub fn code(&self) -> &'static str {
        "payload_not_canonical"
    }
    /// Vietnamese message.
    pub fn message_vi(&self) -> String {
        "nội dung không phải hồ sơ năm học ở dạng chuẩn".into()
    }
}

/// The canonical bytes of a record.
pub fn encode_year_record(record: &YearRecord) -> Vec<u8> {
    serde_json::to_vec(record).unwrap_or_default()
}

/// Reads canonical bytes, refusing any other encoding of the same record.
pub fn decode_year_record(bytes: &[u8]) -> Result<YearRecord, DecodeError> {
    let r: YearRecord = serde_json::from_slice(bytes).map_err(|_| DecodeError)?;
    if encode_year_record(&r) != bytes {
        return Err(DecodeError);
    }
    Ok(r)
}
