//! The transcript model: every field of the TT27 học bạ (Phụ lục 1 of Thông tư
//! 27/2020/TT-BGDĐT) as typed Rust values.
//!
//! Domain values are newtypes that cannot hold an invalid value ([`Score`], [`Grade`],
//! [`SchoolYear`], [`PersonalId`], …); all text is [`Text`], NFC-normalised when it is made.
//! JSON is derived with serde (field names are the documented JSON names, see
//! `docs/spec/json.md`); the canonical CBOR form lives in [`crate::canonical`].

mod codes;
mod error;
mod ethnicity;
mod extensions;
mod pupil;
mod record;
mod text;
mod transcript;
mod values;

pub use codes::{
    Admission, AwardKind, Competency, Gender, Moment, PrincipalCapacity, Promotion, Quality,
    QualityLevel, Subject, SubjectLevel, YearResult,
};
pub use error::ModelError;
pub use ethnicity::Ethnicity;
pub use extensions::{Extensions, RawCbor};
pub use pupil::{AdminUnit, Enrolment, Guardian, Place, Pupil, School};
pub use record::{
    Award, CompetencyRating, Completion, Correction, PeriodicResult, PrincipalSignatory,
    QualityRating, RULE_SET_TT27, RuleSetId, Signatory, SubjectResult, SupplementaryAssessment,
    YearRecord,
};
pub use text::{MAX_TEXT_BYTES, Text, is_nfc};
pub use transcript::Transcript;
pub use values::{
    AdminCode, CountryCode, Date, Grade, MAX_SCORE, PersonalId, PupilCode, SCHOOL_YEAR_RANGE,
    SchoolCode, SchoolYear, Score, Sha256Digest,
};

/// Reads a year record from its JSON form (text is NFC-normalised on the way in).
pub fn year_record_from_json(json: &str) -> Result<YearRecord, crate::Error> {
    serde_json::from_str(json).map_err(|e| crate::Error::Json(JsonError::from(e)))
}

/// Reads a transcript from its JSON form (text is NFC-normalised on the way in).
pub fn transcript_from_json(json: &str) -> Result<Transcript, crate::Error> {
    serde_json::from_str(json).map_err(|e| crate::Error::Json(JsonError::from(e)))
}

/// Writes any model value as pretty JSON.
pub fn to_json_pretty<T: serde::Serialize>(value: &T) -> String {
    // Serialising model types cannot fail: they hold no maps with non-string keys and no
    // floats, which are serde_json's only failure cases.
    serde_json::to_string_pretty(value).unwrap_or_default()
}

/// A JSON input that could not be read as the model.
///
/// Only the position and the category are kept: serde's own message can quote the input,
/// and the input may be a pupil's data.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid JSON ({category}) at line {line}, column {column}")]
pub struct JsonError {
    /// `syntax`, `data` (valid JSON, wrong shape or value) or `eof`.
    pub category: &'static str,
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
}

impl From<serde_json::Error> for JsonError {
    fn from(e: serde_json::Error) -> Self {
        use serde_json::error::Category;
        let category = match e.classify() {
            Category::Io => "io",
            Category::Syntax => "syntax",
            Category::Data => "data",
            Category::Eof => "eof",
        };
        Self {
            category,
            line: e.line(),
            column: e.column(),
        }
    }
}
