//! Why a hocba-CBOR input was rejected: one variant per reason, each with a stable code.

use std::fmt;

use crate::model::ModelError;

/// The reason a byte string is not a valid hocba-CBOR item. Each reason has a stable
/// snake_case [`code`](DecodeErrorKind::code), listed in `docs/spec/canonical.md`.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum DecodeErrorKind {
    /// An integer, tag or simple value written with a longer head than needed.
    NonShortestInteger,
    /// A string, array or map length written with a longer head than needed.
    NonShortestLength,
    /// An indefinite-length string, array or map.
    IndefiniteLength,
    /// Map keys not in strictly increasing bytewise order of their encodings.
    UnsortedKeys,
    /// The same map key twice.
    DuplicateKey,
    /// Bytes after the one top-level item.
    TrailingBytes,
    /// A floating-point number.
    Float,
    /// A tag the profile does not allow here.
    ForbiddenTag,
    /// A simple value the profile does not allow (anything but `false`/`true`, and `null`
    /// where the caller's [`Limits`](super::Limits) allow it).
    ForbiddenSimpleValue,
    /// A text string that is not valid UTF-8.
    InvalidUtf8,
    /// A text string that is not in Unicode Normalization Form C.
    NonNfcText,
    /// Nesting deeper than the limit.
    TooDeep,
    /// Input longer than the limit.
    TooLarge,
    /// The input ends inside an item.
    Truncated,
    /// A reserved additional-information value (28–30) or a stray "break" byte.
    Malformed,
    /// An item of the wrong CBOR type for the field.
    WrongType,
    /// A required field is absent.
    MissingField,
    /// A map key the format does not define.
    UnknownField,
    /// A value of the right type outside its domain (a score of 11, an unknown wire code…).
    /// The model's reason, or `None` for an integer too large for its field.
    InvalidValue(Option<ModelError>),
    /// A format version this reader does not support (another major version).
    UnsupportedVersion,
}

impl DecodeErrorKind {
    /// Stable machine code.
    pub fn code(&self) -> &'static str {
        match self {
            Self::NonShortestInteger => "non_shortest_integer",
            Self::NonShortestLength => "non_shortest_length",
            Self::IndefiniteLength => "indefinite_length",
            Self::UnsortedKeys => "unsorted_keys",
            Self::DuplicateKey => "duplicate_key",
            Self::TrailingBytes => "trailing_bytes",
            Self::Float => "float",
            Self::ForbiddenTag => "forbidden_tag",
            Self::ForbiddenSimpleValue => "forbidden_simple_value",
            Self::InvalidUtf8 => "invalid_utf8",
            Self::NonNfcText => "non_nfc_text",
            Self::TooDeep => "too_deep",
            Self::TooLarge => "too_large",
            Self::Truncated => "truncated",
            Self::Malformed => "malformed",
            Self::WrongType => "wrong_type",
            Self::MissingField => "missing_field",
            Self::UnknownField => "unknown_field",
            Self::InvalidValue(_) => "invalid_value",
            Self::UnsupportedVersion => "unsupported_version",
        }
    }

    /// Every code, in the order of the table in `docs/spec/canonical.md`.
    pub const ALL_CODES: &'static [&'static str] = &[
        "non_shortest_integer",
        "non_shortest_length",
        "indefinite_length",
        "unsorted_keys",
        "duplicate_key",
        "trailing_bytes",
        "float",
        "forbidden_tag",
        "forbidden_simple_value",
        "invalid_utf8",
        "non_nfc_text",
        "too_deep",
        "too_large",
        "truncated",
        "malformed",
        "wrong_type",
        "missing_field",
        "unknown_field",
        "invalid_value",
        "unsupported_version",
    ];

    fn describe_en(&self) -> String {
        match self {
            Self::NonShortestInteger => "integer not in its shortest form".into(),
            Self::NonShortestLength => "length not in its shortest form".into(),
            Self::IndefiniteLength => "indefinite-length item".into(),
            Self::UnsortedKeys => "map keys not in canonical order".into(),
            Self::DuplicateKey => "duplicate map key".into(),
            Self::TrailingBytes => "bytes after the end of the item".into(),
            Self::Float => "floating-point number".into(),
            Self::ForbiddenTag => "tag not allowed".into(),
            Self::ForbiddenSimpleValue => "simple value not allowed".into(),
            Self::InvalidUtf8 => "text string is not valid UTF-8".into(),
            Self::NonNfcText => "text string is not in Unicode NFC".into(),
            Self::TooDeep => "nesting too deep".into(),
            Self::TooLarge => "input too large".into(),
            Self::Truncated => "input ends inside an item".into(),
            Self::Malformed => "malformed CBOR".into(),
            Self::WrongType => "wrong CBOR type".into(),
            Self::MissingField => "required field missing".into(),
            Self::UnknownField => "unknown field".into(),
            Self::InvalidValue(Some(e)) => format!("invalid value ({e})"),
            Self::InvalidValue(None) => "invalid value (integer out of range)".into(),
            Self::UnsupportedVersion => "unsupported format version".into(),
        }
    }

    fn describe_vi(&self) -> String {
        match self {
            Self::NonShortestInteger => "số nguyên không ở dạng ngắn nhất".into(),
            Self::NonShortestLength => "độ dài không ở dạng ngắn nhất".into(),
            Self::IndefiniteLength => "phần tử có độ dài không xác định".into(),
            Self::UnsortedKeys => "khóa của map không theo thứ tự chuẩn".into(),
            Self::DuplicateKey => "khóa của map bị lặp".into(),
            Self::TrailingBytes => "còn dữ liệu thừa sau phần tử".into(),
            Self::Float => "có số thực dấu phẩy động".into(),
            Self::ForbiddenTag => "thẻ (tag) không được phép".into(),
            Self::ForbiddenSimpleValue => "giá trị đơn (simple value) không được phép".into(),
            Self::InvalidUtf8 => "chuỗi văn bản không phải UTF-8 hợp lệ".into(),
            Self::NonNfcText => "chuỗi văn bản không ở dạng chuẩn Unicode NFC".into(),
            Self::TooDeep => "lồng nhau quá sâu".into(),
            Self::TooLarge => "dữ liệu vào quá lớn".into(),
            Self::Truncated => "dữ liệu bị cắt cụt giữa chừng".into(),
            Self::Malformed => "CBOR sai cấu trúc".into(),
            Self::WrongType => "sai kiểu CBOR".into(),
            Self::MissingField => "thiếu trường bắt buộc".into(),
            Self::UnknownField => "trường không xác định".into(),
            Self::InvalidValue(Some(e)) => format!("giá trị không hợp lệ ({})", e.message_vi()),
            Self::InvalidValue(None) => "giá trị không hợp lệ (số nguyên vượt quá phạm vi)".into(),
            Self::UnsupportedVersion => "phiên bản định dạng không được hỗ trợ".into(),
        }
    }
}

/// A rejected hocba-CBOR input: the reason, the byte offset where it was found and, once
/// the profile check passed, the path of the field (`subjects[3].score`).
///
/// Neither `Display` nor `Debug` ever shows a value from the input.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct DecodeError {
    /// Why.
    pub kind: DecodeErrorKind,
    /// Byte offset into the input of the item at fault.
    pub offset: usize,
    /// Path of the field at fault, empty at the top level or before decoding started.
    pub path: String,
}

impl DecodeError {
    pub(crate) fn new(kind: DecodeErrorKind, offset: usize) -> Self {
        Self {
            kind,
            offset,
            path: String::new(),
        }
    }

    /// Stable machine code of the reason.
    pub fn code(&self) -> &'static str {
        self.kind.code()
    }

    /// The message in Vietnamese.
    pub fn message_vi(&self) -> String {
        let mut s = format!("CBOR không hợp lệ: {}", self.kind.describe_vi());
        if !self.path.is_empty() {
            s.push_str(&format!(" tại trường {}", self.path));
        }
        s.push_str(&format!(" (byte {})", self.offset));
        s
    }

    /// Prepends a field name to the path (used while unwinding out of nested structures).
    pub(crate) fn within(mut self, field: &str) -> Self {
        if self.path.is_empty() {
            self.path = field.to_owned();
        } else if self.path.starts_with('[') {
            self.path = format!("{field}{}", self.path);
        } else {
            self.path = format!("{field}.{}", self.path);
        }
        self
    }

    /// Prepends an array index to the path.
    pub(crate) fn at_index(mut self, i: usize) -> Self {
        if self.path.is_empty() || self.path.starts_with('[') {
            self.path = format!("[{i}]{}", self.path);
        } else {
            self.path = format!("[{i}].{}", self.path);
        }
        self
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid CBOR: {}", self.kind.describe_en())?;
        if !self.path.is_empty() {
            write!(f, " at field {}", self.path)?;
        }
        write!(f, " (byte {})", self.offset)
    }
}
