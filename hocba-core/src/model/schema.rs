//! JSON Schema of the JSON form (`docs/spec/hocba.schema.json` is generated from here by
//! `hocba schema`; a test fails when the committed file differs).
//!
//! Structs derive their schema (doc comments become descriptions); the validated newtypes
//! and the wire-coded enums describe themselves here, with the same constraints their
//! constructors enforce.

use std::borrow::Cow;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};

use super::*;

macro_rules! schema {
    ($ty:ty, $name:literal, $body:tt) => {
        impl JsonSchema for $ty {
            fn schema_name() -> Cow<'static, str> {
                $name.into()
            }
            fn json_schema(_: &mut SchemaGenerator) -> Schema {
                json_schema!($body)
            }
        }
    };
}

schema!(Text, "Text", {
    "type": "string",
    "description": "Unicode text, NFC-normalised on input; at most 2000 bytes of UTF-8."
});
schema!(Score, "Score", {
    "type": "integer", "minimum": 0, "maximum": 10,
    "description": "Periodic-test score on the 10-point scale, integer (TT27 Điều 7.1.d)."
});
schema!(Grade, "Grade", {
    "type": "integer", "minimum": 1, "maximum": 5,
    "description": "Khối lớp 1–5."
});
schema!(SchoolYear, "SchoolYear", {
    "type": "string", "pattern": "^[0-9]{4}-[0-9]{4}$",
    "description": "Năm học, e.g. 2024-2025 (the second year is the first plus one)."
});
schema!(PersonalId, "PersonalId", {
    "type": "string", "pattern": "^[0-9]{12}$",
    "description": "Số định danh cá nhân: 12 digits."
});
schema!(PupilCode, "PupilCode", {
    "type": "string", "pattern": "^[A-Za-z0-9._-]{1,32}$",
    "description": "Mã định danh Bộ GD&ĐT (sector-database pupil code)."
});
schema!(SchoolCode, "SchoolCode", {
    "type": "string", "pattern": "^[A-Za-z0-9._-]{1,32}$",
    "description": "Mã trường."
});
schema!(AdminCode, "AdminCode", {
    "type": "string", "pattern": "^[A-Za-z0-9]{1,16}$",
    "description": "Mã đơn vị hành chính."
});
schema!(CountryCode, "CountryCode", {
    "type": "string", "pattern": "^[A-Z]{2}$",
    "description": "ISO 3166-1 alpha-2 country code (quốc tịch)."
});
schema!(Date, "Date", {
    "type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
    "description": "Calendar date YYYY-MM-DD (RFC 3339 full-date)."
});
schema!(LookupCode, "LookupCode", {
    "type": "string", "pattern": "^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$",
    "description": "Mã tra cứu học bạ (MA_TRA_CUU_UUID): a UUID version 4, lower case."
});
schema!(DateTime, "DateTime", {
    "type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}[+-][0-9]{2}:[0-9]{2}$",
    "description": "Date and time with its UTC offset, to the second (CV 2088 form, e.g. 2024-05-24T18:39:30+07:00)."
});
schema!(DepartmentCode, "DepartmentCode", {
    "type": "string", "pattern": "^[A-Za-z0-9._-]{1,32}$",
    "description": "Mã Sở GDĐT (MA_SO_GIAO_DUC)."
});
schema!(Sha256Digest, "Sha256Digest", {
    "type": "string", "pattern": "^[0-9a-f]{64}$",
    "description": "SHA-256 digest, lower-case hex."
});
schema!(RawCbor, "RawCbor", {
    "type": "string", "pattern": "^([0-9a-f]{2})+$",
    "description": "One canonical hocba-CBOR item, lower-case hex (a field from a newer minor format version, kept verbatim)."
});
schema!(Ethnicity, "Ethnicity", {
    "type": "integer", "minimum": 1, "maximum": 54,
    "description": "Dân tộc: official code 1–54 (1 = Kinh), see docs/spec/codes.md."
});

macro_rules! enum_schema {
    ($($ty:ident),+) => {$(
        impl JsonSchema for $ty {
            fn schema_name() -> Cow<'static, str> {
                stringify!($ty).into()
            }
            fn json_schema(_: &mut SchemaGenerator) -> Schema {
                let codes: Vec<&str> = $ty::ALL.iter().map(|v| v.code()).collect();
                let labels: Vec<String> =
                    $ty::ALL.iter().map(|v| format!("{} = {}", v.code(), v.label_vi())).collect();
                json_schema!({
                    "type": "string",
                    "enum": codes,
                    "description": labels.join("; "),
                })
            }
        }
    )+};
}

enum_schema!(
    Gender,
    Subject,
    SubjectLevel,
    QualityLevel,
    Quality,
    Competency,
    YearResult,
    Moment,
    AwardKind,
    Promotion,
    Admission,
    PrincipalCapacity
);

/// The JSON Schema (draft 2020-12) of a transcript's JSON form; `$defs` holds every model type.
pub fn transcript_schema() -> serde_json::Value {
    schemars::schema_for!(Transcript).to_value()
}

/// The JSON Schema (draft 2020-12) of a year record's JSON form.
pub fn year_record_schema() -> serde_json::Value {
    schemars::schema_for!(YearRecord).to_value()
}

/// One schema for both documents: a year record or a transcript.
pub fn document_schema() -> serde_json::Value {
    let mut generator = schemars::generate::SchemaSettings::draft2020_12().into_generator();
    let record = generator.subschema_for::<YearRecord>();
    let transcript = generator.subschema_for::<Transcript>();
    let defs = generator.take_definitions(true);
    serde_json::json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://hocba.example.invalid/spec/hocba.schema.json",
        "title": "hocba — Học bạ số cấp Tiểu học (JSON form)",
        "description": "A year record (one school year of the học bạ) or a transcript (the pupil and all year records). Field names: docs/spec/json.md.",
        "oneOf": [record, transcript],
        "$defs": defs,
    })
}
