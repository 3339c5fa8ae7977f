//! Errors raised when a domain value is constructed.

/// A value that does not fit its domain type. `Display` names the rule, never the value.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ModelError {
    /// A score outside 0–10.
    #[error("score must be an integer from 0 to 10")]
    InvalidScore,
    /// A grade outside 1–5.
    #[error("grade must be 1 to 5")]
    InvalidGrade,
    /// A school year not of the form `YYYY-YYYY` with consecutive years.
    #[error("school year must look like 2024-2025")]
    InvalidSchoolYear,
    /// A personal ID that is not 12 digits.
    #[error("personal identification number must be 12 digits")]
    InvalidPersonalId,
    /// A malformed pupil code.
    #[error("pupil code must be 1-32 ASCII letters, digits, '-', '_' or '.'")]
    InvalidPupilCode,
    /// A malformed school code.
    #[error("school code must be 1-32 ASCII letters, digits, '-', '_' or '.'")]
    InvalidSchoolCode,
    /// A malformed administrative-unit code.
    #[error("administrative unit code must be 1-16 ASCII letters or digits")]
    InvalidAdminCode,
    /// A nationality that is not an ISO 3166-1 alpha-2 code.
    #[error("nationality must be an ISO 3166-1 alpha-2 code such as VN")]
    InvalidCountryCode,
    /// An ethnicity code outside 1–54.
    #[error("ethnicity code must be 1 to 54")]
    InvalidEthnicity,
    /// A date that is not a real `YYYY-MM-DD` date.
    #[error("date must be a real calendar date written YYYY-MM-DD")]
    InvalidDate,
    /// A date of the national XML (`NGAY_SINH`, CV 2088 profile `dd/MM/yyyy`) that is not a
    /// real date written `dd/MM/yyyy`: the same code as [`ModelError::InvalidDate`], the
    /// message naming the form of the input that was read.
    #[error("date must be a real calendar date written dd/MM/yyyy (the national XML's form)")]
    InvalidDayMonthYearDate,
    /// A digest that is not 64 lower-case hex digits.
    #[error("digest must be 64 lower-case hex digits")]
    InvalidDigest,
    /// An unknown wire code for an enumeration.
    #[error("unknown code{}", for_kind(kind))]
    UnknownCode {
        /// The enumeration's Rust name.
        kind: &'static str,
    },
    /// Text longer than [`super::MAX_TEXT_BYTES`].
    #[error("text is longer than 2000 bytes")]
    TextTooLong,
    /// Text that is not Unicode NFC where NFC is required.
    #[error("text is not in Unicode NFC")]
    NotNfc,
    /// An extension value that is not one canonical hocba-CBOR item (ADR 0011).
    #[error("extension value must be one canonical CBOR item, in lower-case hex in JSON")]
    InvalidExtension,
    /// A lookup code that is not a lower-case hyphenated UUID version 4.
    #[error("lookup code must be a UUID version 4 written as 36 lower-case characters")]
    InvalidLookupCode,
    /// A date-time not of the form `2024-05-24T18:39:30+07:00`.
    #[error("date-time must be written YYYY-MM-DDThh:mm:ss+hh:mm")]
    InvalidDateTime,
    /// A malformed Department of Education code.
    #[error("department code must be 1-32 ASCII letters, digits, '-', '_' or '.'")]
    InvalidDepartmentCode,
    /// Text holding a character outside the học bạ's repertoire
    /// ([`super::text::is_allowed_char`], ADR 0094).
    #[error(
        "text may hold only Vietnamese and Latin letters, digits, spaces, line breaks and common punctuation (no tabs, control characters, emoji or other scripts)"
    )]
    CharacterNotAllowed,
}

/// " for Gender", or nothing when the enumeration is not known.
fn for_kind(kind: &str) -> String {
    if kind.is_empty() {
        String::new()
    } else {
        format!(" for {kind}")
    }
}

impl ModelError {
    /// One of each kind (`UnknownCode` with no enumeration named).
    pub(crate) const KINDS: [ModelError; 20] = [
        ModelError::InvalidScore,
        ModelError::InvalidGrade,
        ModelError::InvalidSchoolYear,
        ModelError::InvalidPersonalId,
        ModelError::InvalidPupilCode,
        ModelError::InvalidSchoolCode,
        ModelError::InvalidAdminCode,
        ModelError::InvalidCountryCode,
        ModelError::InvalidEthnicity,
        ModelError::InvalidDate,
        ModelError::InvalidDayMonthYearDate,
        ModelError::InvalidDigest,
        ModelError::UnknownCode { kind: "" },
        ModelError::CharacterNotAllowed,
        ModelError::TextTooLong,
        ModelError::NotNfc,
        ModelError::InvalidExtension,
        ModelError::InvalidLookupCode,
        ModelError::InvalidDateTime,
        ModelError::InvalidDepartmentCode,
    ];

    /// The model error a deserializer's message reports: serde passes a domain type's refusal
    /// on as its `Display` text (plus where it happened), so the text names the kind. The
    /// enumeration of an unknown code is not recovered.
    pub(crate) fn from_message(message: &str) -> Option<ModelError> {
        // An unknown code names its enumeration ("unknown code for Gender at line 1 …"): the
        // name is recovered when it is one of the model's, so the message stays whole.
        if let Some(rest) = message.strip_prefix("unknown code") {
            let kind = rest
                .strip_prefix(" for ")
                .and_then(|r| r.split(|c: char| !c.is_ascii_alphanumeric()).next())
                .and_then(|name| super::codes::WIRE_ENUMS.iter().find(|k| **k == name))
                .copied()
                .unwrap_or("");
            return Some(ModelError::UnknownCode { kind });
        }
        Self::KINDS.into_iter().find(|k| match k {
            ModelError::UnknownCode { .. } => false,
            k => message.starts_with(&k.to_string()),
        })
    }

    /// Stable machine code.
    pub fn code(&self) -> &'static str {
        match self {
            ModelError::InvalidScore => "invalid_score",
            ModelError::InvalidGrade => "invalid_grade",
            ModelError::InvalidSchoolYear => "invalid_school_year",
            ModelError::InvalidPersonalId => "invalid_personal_id",
            ModelError::InvalidPupilCode => "invalid_pupil_code",
            ModelError::InvalidSchoolCode => "invalid_school_code",
            ModelError::InvalidAdminCode => "invalid_admin_code",
            ModelError::InvalidCountryCode => "invalid_country_code",
            ModelError::InvalidEthnicity => "invalid_ethnicity",
            ModelError::InvalidDate | ModelError::InvalidDayMonthYearDate => "invalid_date",
            ModelError::InvalidDigest => "invalid_digest",
            ModelError::UnknownCode { .. } => "unknown_code",
            ModelError::TextTooLong => "text_too_long",
            ModelError::NotNfc => "non_nfc_text",
            ModelError::CharacterNotAllowed => "character_not_allowed",
            ModelError::InvalidExtension => "invalid_extension",
            ModelError::InvalidLookupCode => "invalid_lookup_code",
            ModelError::InvalidDateTime => "invalid_date_time",
            ModelError::InvalidDepartmentCode => "invalid_department_code",
        }
    }

    /// The message in Vietnamese.
    pub fn message_vi(&self) -> String {
        match self {
            ModelError::InvalidScore => "điểm phải là số nguyên từ 0 đến 10".into(),
            ModelError::InvalidGrade => "khối lớp phải từ 1 đến 5".into(),
            ModelError::InvalidSchoolYear => "năm học phải có dạng 2024-2025".into(),
            ModelError::InvalidPersonalId => "số định danh cá nhân phải gồm 12 chữ số".into(),
            ModelError::InvalidPupilCode => {
                "mã học sinh chỉ gồm 1–32 chữ cái, chữ số, '-', '_' hoặc '.'".into()
            }
            ModelError::InvalidSchoolCode => {
                "mã trường chỉ gồm 1–32 chữ cái, chữ số, '-', '_' hoặc '.'".into()
            }
            ModelError::InvalidAdminCode => {
                "mã đơn vị hành chính chỉ gồm 1–16 chữ cái hoặc chữ số".into()
            }
            ModelError::InvalidCountryCode => {
                "quốc tịch phải là mã ISO 3166-1 hai chữ cái, ví dụ VN".into()
            }
            ModelError::InvalidEthnicity => "mã dân tộc phải từ 1 đến 54".into(),
            ModelError::InvalidDate => {
                "ngày phải là ngày có thật, viết theo dạng YYYY-MM-DD".into()
            }
            ModelError::InvalidDayMonthYearDate => {
                "ngày phải là ngày có thật, viết theo dạng dd/MM/yyyy (dạng của XML quốc gia)".into()
            }
            ModelError::InvalidDigest => {
                "giá trị băm phải gồm 64 chữ số hệ mười sáu viết thường".into()
            }
            ModelError::UnknownCode { kind: "" } => "mã không hợp lệ".into(),
            ModelError::UnknownCode { kind } => format!("mã không hợp lệ cho {kind}"),
            ModelError::TextTooLong => "văn bản dài quá 2000 byte".into(),
            ModelError::NotNfc => "văn bản không ở dạng chuẩn Unicode NFC".into(),
            ModelError::CharacterNotAllowed => {
                "văn bản chỉ được gồm chữ cái tiếng Việt và Latinh, chữ số, dấu cách, xuống dòng và dấu câu thông dụng (không có ký tự tab, ký tự điều khiển, biểu tượng cảm xúc hay chữ viết khác)"
                    .into()
            }
            ModelError::InvalidExtension => {
                "giá trị mở rộng phải là đúng một phần tử CBOR chuẩn (dạng hex viết thường trong JSON)"
                    .into()
            }
            ModelError::InvalidLookupCode => {
                "mã tra cứu phải là UUID phiên bản 4, viết 36 ký tự chữ thường".into()
            }
            ModelError::InvalidDateTime => {
                "ngày giờ phải viết theo dạng YYYY-MM-DDThh:mm:ss+hh:mm".into()
            }
            ModelError::InvalidDepartmentCode => {
                "mã Sở GDĐT chỉ gồm 1–32 chữ cái, chữ số, '-', '_' hoặc '.'".into()
            }
        }
    }
}
