//! The transcript model: every field of the TT27 học bạ (Phụ lục 1 of Thông tư
//! 27/2020/TT-BGDĐT) as typed Rust values.
//!
//! Domain values are newtypes that cannot hold an invalid value ([`Score`], [`Grade`],
//! [`SchoolYear`], [`PersonalId`], …); all text is [`Text`], NFC-normalised when it is made.
//! JSON is derived with serde (field names are the documented JSON names, see
//! `docs/spec/json.md`); the canonical CBOR form lives in the `canonical` module.

mod codes;
mod error;
mod ethnicity;
mod extensions;
mod pupil;
mod record;
mod schema;
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
pub use pupil::{AdminUnit, Department, Enrolment, Guardian, Place, Pupil, School, SchoolStep};
pub use record::{
    Award, CompetencyRating, Completion, Correction, GroupComments, Issuance, PeriodicResult,
    PrincipalSignatory, QualityRating, RULE_SET_TT27, RuleSetId, Signatory, SubjectResult,
    SupplementaryAssessment, YearRecord,
};
pub use schema::{document_schema, transcript_schema, year_record_schema};
pub use text::{MAX_TEXT_BYTES, Text, is_nfc};
pub use transcript::Transcript;
pub use values::{
    AdminCode, CountryCode, Date, DateTime, DepartmentCode, Grade, LookupCode, MAX_SCORE,
    PersonalId, PupilCode, SCHOOL_YEAR_RANGE, SchoolCode, SchoolYear, Score, Sha256Digest,
};

/// Reads a year record from its JSON form (text is NFC-normalised on the way in).
pub fn year_record_from_json(json: &str) -> Result<YearRecord, crate::Error> {
    from_json(json)
}

/// Reads a transcript from its JSON form (text is NFC-normalised on the way in).
pub fn transcript_from_json(json: &str) -> Result<Transcript, crate::Error> {
    from_json(json)
}

/// Reads any model value from JSON, reporting where it went wrong as a field path.
pub fn from_json<T: serde::de::DeserializeOwned>(json: &str) -> Result<T, crate::Error> {
    let mut de = serde_json::Deserializer::from_str(json);
    let value = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        JsonError::new(e.into_inner(), path)
    })?;
    de.end().map_err(|e| JsonError::new(e, String::new()))?;
    Ok(value)
}

/// Writes any model value as pretty JSON.
pub fn to_json_pretty<T: serde::Serialize>(value: &T) -> String {
    // Serialising model types cannot fail: they hold no maps with non-string keys and no
    // floats, which are serde_json's only failure cases.
    serde_json::to_string_pretty(value).unwrap_or_default()
}

/// A JSON input that could not be read as the model.
///
/// Only the position, the field path and the kind of problem are kept: serde's own message
/// can quote the input, and the input may be a pupil's data.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid JSON ({reason}) at {} (line {line}, column {column})", if path.is_empty() || path == "." { "the top level" } else { path.as_str() })]
pub struct JsonError {
    /// `syntax`, `eof`, `missing_field`, `unknown_field`, `invalid_type`, `invalid_value`,
    /// `invalid_length`; for a value its domain type refuses, that type's code
    /// (`invalid_score`, `invalid_date`, `unknown_code`, …, as in [`ModelError::code`]); or
    /// `data` (any other shape or value problem).
    pub reason: &'static str,
    /// The domain type's refusal, when that is what failed (then [`crate::Error::code`] is its
    /// code, the same as the canonical CBOR decoder reports).
    pub domain: Option<ModelError>,
    /// Where in the document, e.g. `years[2].subjects[3].score` (field names and indices only).
    pub path: String,
    /// 1-based line (0 when unknown).
    pub line: usize,
    /// 1-based column (0 when unknown).
    pub column: usize,
}

impl JsonError {
    fn new(e: serde_json::Error, path: String) -> Self {
        use serde_json::error::Category;
        let msg = e.to_string();
        let domain = match e.classify() {
            Category::Data => ModelError::from_message(&msg),
            _ => None,
        };
        let reason = match e.classify() {
            Category::Io | Category::Syntax => "syntax",
            Category::Eof => "eof",
            Category::Data => [
                "missing field",
                "unknown field",
                "invalid type",
                "invalid value",
                "invalid length",
            ]
            .iter()
            .zip([
                "missing_field",
                "unknown_field",
                "invalid_type",
                "invalid_value",
                "invalid_length",
            ])
            .find(|(prefix, _)| msg.starts_with(*prefix))
            .map_or_else(
                || domain.as_ref().map_or("data", ModelError::code),
                |(_, code)| code,
            ),
        };
        Self {
            reason,
            domain,
            path,
            line: e.line(),
            column: e.column(),
        }
    }

    /// True for malformed JSON text (as opposed to well-formed JSON of the wrong shape).
    pub fn is_syntax(&self) -> bool {
        matches!(self.reason, "syntax" | "eof")
    }
}

impl From<serde_json::Error> for JsonError {
    fn from(e: serde_json::Error) -> Self {
        Self::new(e, String::new())
    }
}

#[cfg(test)]
mod tests;
