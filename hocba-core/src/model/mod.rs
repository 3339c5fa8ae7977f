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
pub use text::{MAX_TEXT_BYTES, Text, is_allowed_char, is_nfc};
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
        let segments: Vec<String> = e.path().iter().map(ToString::to_string).collect();
        let is_seq: Vec<bool> = e
            .path()
            .iter()
            .map(|s| matches!(s, serde_path_to_error::Segment::Seq { .. }))
            .collect();
        JsonError::new(e.into_inner(), &segments, &is_seq)
    })?;
    de.end().map_err(JsonError::from)?;
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
/// can quote the input, and the input may be a pupil's data. An unknown key is never kept,
/// not even in the path (it could be a pupil's ID typed in the wrong place): the path then
/// names the object holding it. `Display` (English) explains like the Vietnamese message.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid JSON at {} (line {line}, column {column}): {}", self.place(Lang::En), self.describe(Lang::En))]
pub struct JsonError {
    /// `syntax`, `eof`, `missing_field`, `unknown_field`, `invalid_type`, `decimal_number` (a
    /// number with a fraction where a whole number is required), `invalid_value`,
    /// `invalid_length`; for a value its domain type refuses, that type's code
    /// (`invalid_score`, `invalid_date`, `unknown_code`, …, as in [`ModelError::code`]); or
    /// `data` (any other shape or value problem).
    pub reason: &'static str,
    /// The domain type's refusal, when that is what failed (then [`crate::Error::code`] is its
    /// code, the same as the canonical CBOR decoder reports).
    pub domain: Option<ModelError>,
    /// Where in the document, e.g. `years[2].subjects[3].score` (field names and indices only).
    pub path: String,
    /// For `missing_field`: the name of the field missing (a name of the format, never input).
    pub field: Option<String>,
    /// 1-based line (0 when unknown).
    pub line: usize,
    /// 1-based column (0 when unknown).
    pub column: usize,
}

use crate::Lang;

impl JsonError {
    /// `segments` is the path to the error, one entry per field name or `[index]` (`is_seq`
    /// says which); for an unknown field the last segment is the unknown key and is dropped.
    fn new(e: serde_json::Error, segments: &[String], is_seq: &[bool]) -> Self {
        use serde_json::error::Category;
        let msg = e.to_string();
        let domain = match e.classify() {
            Category::Data => ModelError::from_message(&msg),
            _ => None,
        };
        let reason = match e.classify() {
            Category::Io | Category::Syntax => "syntax",
            Category::Eof => "eof",
            Category::Data if msg.starts_with("invalid type: floating point") => "decimal_number",
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
        let keep = if reason == "unknown_field" {
            segments.len().saturating_sub(1)
        } else {
            segments.len()
        };
        let mut path = String::new();
        for (seg, seq) in segments.iter().zip(is_seq).take(keep) {
            if !path.is_empty() && !seq {
                path.push('.');
            }
            path.push_str(seg);
        }
        // serde names a missing field between backticks; it is the format's own name.
        let field = (reason == "missing_field")
            .then(|| msg.split('`').nth(1).map(str::to_owned))
            .flatten();
        Self {
            reason,
            domain,
            path,
            field,
            line: e.line(),
            column: e.column(),
        }
    }

    /// True for malformed JSON text (as opposed to well-formed JSON of the wrong shape).
    pub fn is_syntax(&self) -> bool {
        matches!(self.reason, "syntax" | "eof")
    }

    /// The path in words when it is the whole document.
    fn place(&self, lang: Lang) -> &str {
        if self.path.is_empty() || self.path == "." {
            match lang {
                Lang::Vi => "gốc tài liệu",
                Lang::En => "the top level",
            }
        } else {
            self.path.as_str()
        }
    }

    /// What is wrong, in `lang`, naming the missing field where there is one.
    pub(crate) fn describe(&self, lang: Lang) -> String {
        let vi = matches!(lang, Lang::Vi);
        let pick = |v: &str, e: &str| if vi { v.to_owned() } else { e.to_owned() };
        match (self.reason, &self.domain) {
            ("syntax", _) => pick("sai cú pháp JSON", "not well-formed JSON"),
            ("eof", _) => pick(
                "văn bản kết thúc giữa chừng",
                "the text ends before the document does",
            ),
            ("missing_field", _) => match (&self.field, vi) {
                (Some(f), true) => format!("thiếu trường bắt buộc `{f}`"),
                (Some(f), false) => format!("the required field `{f}` is missing"),
                (None, _) => pick("thiếu trường bắt buộc", "a required field is missing"),
            },
            ("unknown_field", _) => pick(
                "có trường không thuộc định dạng (tên trường không được nhắc lại ở đây)",
                "a field the format does not define (its name is not repeated here)",
            ),
            ("decimal_number", _) => pick(
                "số có phần thập phân ở chỗ cần số nguyên (không dùng dấu thập phân)",
                "a decimal number where a whole number is required (no decimal marks)",
            ),
            ("invalid_type", _) => pick(
                "giá trị sai kiểu (ví dụ chữ ở chỗ cần số, số ở chỗ cần chữ)",
                "a value of the wrong type (e.g. text where a number is required)",
            ),
            ("invalid_length", _) => pick("sai số phần tử", "the wrong number of items"),
            (_, Some(d)) => {
                if vi {
                    d.message_vi()
                } else {
                    d.to_string()
                }
            }
            ("invalid_value", _) => pick(
                "giá trị không thuộc các giá trị cho phép của trường",
                "a value the field does not allow",
            ),
            _ => pick(
                "dữ liệu không đúng định dạng",
                "data that does not fit the format",
            ),
        }
    }

    /// The message in Vietnamese.
    pub(crate) fn message_vi(&self) -> String {
        format!(
            "JSON không hợp lệ tại {} (dòng {}, cột {}): {}",
            self.place(Lang::Vi),
            self.line,
            self.column,
            self.describe(Lang::Vi)
        )
    }
}

impl From<serde_json::Error> for JsonError {
    fn from(e: serde_json::Error) -> Self {
        Self::new(e, &[], &[])
    }
}

#[cfg(test)]
mod tests;
