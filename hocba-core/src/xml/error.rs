//! Errors of the XML front and of the national-format reader.

use std::fmt;

/// What was wrong with an XML input. Each kind has a stable code ([`XmlErrorKind::code`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum XmlErrorKind {
    /// Larger than the limit (bytes or nodes).
    TooLarge,
    /// Not UTF-8.
    InvalidUtf8,
    /// An XML declaration naming an encoding other than UTF-8 (CV 2088: UTF-8 only).
    Encoding,
    /// Not well-formed XML.
    Malformed,
    /// A DOCTYPE (and with it any entity declaration).
    Doctype,
    /// An entity reference other than the five predefined ones.
    Entity,
    /// A processing instruction other than the XML declaration.
    ProcessingInstruction,
    /// A comment.
    Comment,
    /// A CDATA section.
    CdataSection,
    /// A namespace problem, or a national element in a namespace.
    Namespace,
    /// An attribute given twice.
    DuplicateAttribute,
    /// Nesting deeper than the limit.
    TooDeep,
    /// More attributes on one element than the limit.
    TooManyAttributes,
    /// A text node longer than the limit.
    TextTooLong,
    /// More namespace declarations on one element than the limit.
    TooManyNamespaces,
    /// More namespace declarations on an element and its ancestors than the limit.
    TooManyNamespacesInScope,
    /// More namespace declarations in the document than the limit.
    TooManyNamespacesInDocument,
    /// The root is not the expected element.
    WrongRoot,
    /// An element the format does not define at this place.
    UnknownElement,
    /// An element the format defines, but not here or not in this order.
    MisplacedElement,
    /// An element that may appear once, given again.
    RepeatedElement,
    /// A required element is missing.
    MissingElement,
    /// A required element present but empty (or only whitespace) whose value cannot be blank
    /// — a date, a code, a number, a level, a label: the specification writes a null by
    /// leaving the element out, and this one may not be null (ADR 0266).
    EmptyElement,
    /// An attribute the format does not define, or a required one missing or wrong.
    BadAttribute,
    /// Text where only elements are allowed, or elements where text is expected.
    UnexpectedContent,
    /// A number not written as the format says (digits, `.` as the decimal separator).
    InvalidNumber,
    /// A date or date-time not written as the profile says.
    InvalidDate,
    /// A value the profile does not define (a level label, a subject code, a gender, …).
    InvalidValue,
    /// Text that is not Unicode NFC.
    NotNfc,
    /// A `DANH_SACH_HOC_BA` holding the records of more than one pupil, where one pupil's
    /// học bạ is expected (a transcript; `validate` reads such a list record by record).
    ListOfSeveralPupils,
}

impl XmlErrorKind {
    /// Stable snake_case code, never changed once released.
    pub const fn code(self) -> &'static str {
        match self {
            XmlErrorKind::TooLarge => "xml_too_large",
            XmlErrorKind::InvalidUtf8 => "xml_invalid_utf8",
            XmlErrorKind::Encoding => "xml_encoding",
            XmlErrorKind::Malformed => "xml_malformed",
            XmlErrorKind::Doctype => "xml_doctype",
            XmlErrorKind::Entity => "xml_entity",
            XmlErrorKind::ProcessingInstruction => "xml_processing_instruction",
            XmlErrorKind::Comment => "xml_comment",
            XmlErrorKind::CdataSection => "xml_cdata",
            XmlErrorKind::Namespace => "xml_namespace",
            XmlErrorKind::DuplicateAttribute => "xml_duplicate_attribute",
            XmlErrorKind::TooDeep => "xml_too_deep",
            XmlErrorKind::TooManyAttributes => "xml_too_many_attributes",
            XmlErrorKind::TextTooLong => "xml_text_too_long",
            XmlErrorKind::TooManyNamespaces => "xml_too_many_namespaces",
            XmlErrorKind::TooManyNamespacesInScope => "xml_too_many_namespaces_in_scope",
            XmlErrorKind::TooManyNamespacesInDocument => "xml_too_many_namespaces_in_document",
            XmlErrorKind::WrongRoot => "xml_wrong_root",
            XmlErrorKind::UnknownElement => "xml_unknown_element",
            XmlErrorKind::MisplacedElement => "xml_misplaced_element",
            XmlErrorKind::RepeatedElement => "xml_repeated_element",
            XmlErrorKind::MissingElement => "xml_missing_element",
            XmlErrorKind::EmptyElement => "xml_empty_element",
            XmlErrorKind::BadAttribute => "xml_bad_attribute",
            XmlErrorKind::UnexpectedContent => "xml_unexpected_content",
            XmlErrorKind::InvalidNumber => "xml_invalid_number",
            XmlErrorKind::InvalidDate => "xml_invalid_date",
            XmlErrorKind::InvalidValue => "xml_invalid_value",
            XmlErrorKind::NotNfc => "xml_not_nfc",
            XmlErrorKind::ListOfSeveralPupils => "xml_list_of_several_pupils",
        }
    }

    /// True when the input could not be read as XML at all (exit code 2), as opposed to
    /// well-formed XML that is not a valid học bạ. Every XML refusal is a reading failure:
    /// the national reader refuses the whole document, never part of it.
    pub const fn is_unreadable(self) -> bool {
        true
    }

    /// What is wrong, in English.
    pub const fn message_en(self) -> &'static str {
        match self {
            XmlErrorKind::TooLarge => "the XML is larger than the limit",
            XmlErrorKind::InvalidUtf8 => "the XML is not valid UTF-8",
            XmlErrorKind::Encoding => {
                "the XML declaration names an encoding other than UTF-8 (the national format is UTF-8 only)"
            }
            XmlErrorKind::Malformed => "the XML is not well-formed",
            XmlErrorKind::Doctype => "a DOCTYPE (document type declaration) is not allowed",
            XmlErrorKind::Entity => {
                "an entity reference other than &lt; &gt; &amp; &quot; &apos; is not allowed"
            }
            XmlErrorKind::ProcessingInstruction => "a processing instruction is not allowed",
            XmlErrorKind::Comment => "a comment is not allowed",
            XmlErrorKind::CdataSection => "a CDATA section is not allowed",
            XmlErrorKind::Namespace => "a namespace is missing, wrong or not allowed here",
            XmlErrorKind::DuplicateAttribute => "an attribute is given twice",
            XmlErrorKind::TooDeep => "the elements are nested deeper than the limit",
            XmlErrorKind::TooManyAttributes => "an element has more attributes than the limit",
            XmlErrorKind::TextTooLong => "a text is longer than the limit",
            XmlErrorKind::TooManyNamespaces => {
                "an element has more namespace declarations than the limit"
            }
            XmlErrorKind::TooManyNamespacesInScope => {
                "an element and its ancestors declare more namespaces than the limit"
            }
            XmlErrorKind::TooManyNamespacesInDocument => {
                "the document has more namespace declarations than the limit"
            }
            XmlErrorKind::WrongRoot => "the root element is not the one expected",
            XmlErrorKind::UnknownElement => "an element the format does not define",
            XmlErrorKind::MisplacedElement => "an element out of place or out of order",
            XmlErrorKind::RepeatedElement => "an element that may appear once appears again",
            XmlErrorKind::MissingElement => "a required element is missing",
            XmlErrorKind::EmptyElement => "a required element is empty",
            XmlErrorKind::BadAttribute => "an attribute is missing, unknown or wrong",
            XmlErrorKind::UnexpectedContent => "text or elements where the format has none",
            XmlErrorKind::InvalidNumber => {
                "a number must be digits with '.' as the decimal separator, at most 4 decimals"
            }
            XmlErrorKind::InvalidDate => "a date or date-time is not in the profile's form",
            XmlErrorKind::InvalidValue => "a value the profile does not define",
            XmlErrorKind::NotNfc => "text is not in Unicode NFC",
            XmlErrorKind::ListOfSeveralPupils => {
                "the DANH_SACH_HOC_BA list holds the records of more than one pupil; one pupil's học bạ is read here (hocba validate reads such a list record by record)"
            }
        }
    }

    /// What is wrong, in Vietnamese.
    pub const fn message_vi(self) -> &'static str {
        match self {
            XmlErrorKind::TooLarge => "tệp XML lớn hơn giới hạn cho phép",
            XmlErrorKind::InvalidUtf8 => "tệp XML không phải UTF-8 hợp lệ",
            XmlErrorKind::Encoding => {
                "khai báo XML ghi bảng mã khác UTF-8 (định dạng quốc gia chỉ dùng UTF-8)"
            }
            XmlErrorKind::Malformed => "tệp XML sai cú pháp",
            XmlErrorKind::Doctype => "không được dùng khai báo DOCTYPE",
            XmlErrorKind::Entity => {
                "không được dùng tham chiếu thực thể ngoài &lt; &gt; &amp; &quot; &apos;"
            }
            XmlErrorKind::ProcessingInstruction => "không được dùng chỉ thị xử lý",
            XmlErrorKind::Comment => "không được có chú thích (comment)",
            XmlErrorKind::CdataSection => "không được dùng khối CDATA",
            XmlErrorKind::Namespace => "không gian tên thiếu, sai hoặc không được phép ở đây",
            XmlErrorKind::DuplicateAttribute => "một thuộc tính bị lặp lại",
            XmlErrorKind::TooDeep => "các thẻ lồng nhau sâu quá giới hạn",
            XmlErrorKind::TooManyAttributes => "một thẻ có quá nhiều thuộc tính",
            XmlErrorKind::TextTooLong => "một đoạn văn bản dài quá giới hạn",
            XmlErrorKind::TooManyNamespaces => "một thẻ khai báo quá nhiều không gian tên",
            XmlErrorKind::TooManyNamespacesInScope => {
                "một thẻ và các thẻ cha khai báo quá nhiều không gian tên"
            }
            XmlErrorKind::TooManyNamespacesInDocument => {
                "tài liệu khai báo quá nhiều không gian tên"
            }
            XmlErrorKind::WrongRoot => "thẻ gốc không đúng",
            XmlErrorKind::UnknownElement => "thẻ không có trong đặc tả",
            XmlErrorKind::MisplacedElement => "thẻ sai vị trí hoặc sai thứ tự",
            XmlErrorKind::RepeatedElement => "thẻ chỉ được có một lần nhưng bị lặp lại",
            XmlErrorKind::MissingElement => "thiếu thẻ bắt buộc",
            XmlErrorKind::EmptyElement => "thẻ bắt buộc không có giá trị",
            XmlErrorKind::BadAttribute => "thuộc tính thiếu, lạ hoặc sai",
            XmlErrorKind::UnexpectedContent => "có văn bản hoặc thẻ ở nơi đặc tả không cho phép",
            XmlErrorKind::InvalidNumber => {
                "số phải gồm chữ số, dùng dấu '.' để phân cách thập phân, tối đa 4 chữ số thập phân"
            }
            XmlErrorKind::InvalidDate => "ngày hoặc ngày giờ không đúng dạng của hồ sơ đặc tả",
            XmlErrorKind::InvalidValue => "giá trị không có trong hồ sơ đặc tả",
            XmlErrorKind::NotNfc => "văn bản không ở dạng chuẩn Unicode NFC",
            XmlErrorKind::ListOfSeveralPupils => {
                "danh sách DANH_SACH_HOC_BA chứa học bạ của nhiều học sinh; ở đây chỉ đọc học bạ của một học sinh (hocba validate đọc từng học bạ của danh sách)"
            }
        }
    }
}

/// An XML input refused: the kind, the element path (tag names only, never content) and,
/// when the parser knows it, the line and column.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct XmlError {
    /// What was wrong.
    pub kind: XmlErrorKind,
    /// Where: element names from the root, e.g. `HOC_BA/DU_LIEU_HOC_BA/TONG_KET/BANG_DIEM`;
    /// for an unknown, misplaced or missing element, its name is the last segment.
    pub path: String,
    /// 1-based line and column, where known (0 otherwise).
    pub line: u32,
    /// 1-based column.
    pub column: u32,
    /// The domain type's refusal, when a value was well-formed XML but not a valid value of
    /// the model (then [`XmlError::code`] is that type's code, as for JSON and CBOR input).
    pub domain: Option<crate::model::ModelError>,
}

impl XmlError {
    /// An error of `kind` at `path`.
    pub fn new(kind: XmlErrorKind, path: String) -> Self {
        Self {
            kind,
            path,
            line: 0,
            column: 0,
            domain: None,
        }
    }

    /// A value the model refused, at `path`.
    pub fn domain(e: crate::model::ModelError, path: String) -> Self {
        let mut err = Self::new(XmlErrorKind::InvalidValue, path);
        err.domain = Some(e);
        err
    }

    /// The same error at a line and column.
    pub fn at(mut self, line: u32, column: u32) -> Self {
        self.line = line;
        self.column = column;
        self
    }

    /// Stable code.
    pub fn code(&self) -> &'static str {
        self.domain.as_ref().map_or(self.kind.code(), |d| d.code())
    }

    fn location(&self, lang: crate::Lang) -> String {
        let (at, line, col, top) = match lang {
            crate::Lang::Vi => ("tại", "dòng", "cột", "đầu tài liệu"),
            crate::Lang::En => ("at", "line", "column", "the start of the document"),
        };
        let mut s = if self.path.is_empty() {
            format!("{at} {top}")
        } else {
            format!("{at} {}", self.path)
        };
        if self.line > 0 {
            s.push_str(&format!(" ({line} {}, {col} {})", self.line, self.column));
        }
        s
    }

    /// The message in Vietnamese.
    pub fn message_vi(&self) -> String {
        let what = self
            .domain
            .as_ref()
            .map_or_else(|| self.kind.message_vi().to_owned(), |d| d.message_vi());
        format!(
            "XML không hợp lệ: {what} {}",
            self.location(crate::Lang::Vi)
        )
    }
}

impl fmt::Display for XmlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.domain {
            Some(d) => write!(f, "invalid XML: {d} {}", self.location(crate::Lang::En)),
            None => write!(
                f,
                "invalid XML: {} {}",
                self.kind.message_en(),
                self.location(crate::Lang::En)
            ),
        }
    }
}

impl std::error::Error for XmlError {}
