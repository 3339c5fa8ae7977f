//! Why an exchange message was refused: one table, each row a variant with its stable code and
//! its English and Vietnamese message. `Display` and the messages never contain pupil data.

/// Writes the error enum, its codes and its Vietnamese messages from one table. Every field of a
/// variant must appear in its Vietnamese message (a named argument left unused does not compile).
macro_rules! exchange_errors {
    ($(
        $(#[$doc:meta])*
        $variant:ident $({ $($(#[$fdoc:meta])* $field:ident : $ty:ty),* $(,)? })?
            => $code:literal, unreadable: $unreadable:literal, en: $en:literal, vi: $vi:literal;
    )*) => {
        /// Why packed `content`, a `DANH_SACH_HOC_BA` list or a transaction message was refused
        /// (CV 2088/BGDĐT-GDTH §2; `docs/spec/exchange.md`).
        #[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
        #[non_exhaustive]
        pub enum ExchangeError {
            $(
                $(#[$doc])*
                #[error($en)]
                $variant $({ $($(#[$fdoc])* #[doc = concat!("The `", stringify!($field), "` the message names.")] $field: $ty),* })?,
            )*
        }

        impl ExchangeError {
            /// Every code, in table order.
            pub const ALL_CODES: &'static [&'static str] = &[$($code),*];

            /// Stable snake_case machine code.
            pub fn code(&self) -> &'static str {
                match self {
                    $(Self::$variant { .. } => $code,)*
                }
            }

            /// True when the input could not be read at all (bad Base64, a broken gzip stream,
            /// not XML), as opposed to read but refused.
            pub fn is_unreadable(&self) -> bool {
                match self {
                    $(Self::$variant { .. } => $unreadable,)*
                }
            }

            /// The message in Vietnamese.
            pub fn message_vi(&self) -> String {
                match self {
                    $(Self::$variant $({ $($field),* })? => format!($vi $($(, $field = $field)*)?),)*
                }
            }
        }
    };
}

exchange_errors! {
    /// The Base64 `content` is longer than the transaction bound.
    ContentTooLarge { len: usize, max: usize }
        => "content_too_large", unreadable: true,
        en: "content of {len} bytes exceeds the {max}-byte transaction limit",
        vi: "nội dung {len} byte vượt giới hạn {max} byte của một giao dịch";
    /// `content` is not standard padded Base64.
    BadBase64
        => "bad_base64", unreadable: true,
        en: "content is not valid Base64",
        vi: "nội dung không phải Base64 hợp lệ";
    /// Fewer than the four bytes of the length prefix.
    MissingLengthPrefix
        => "missing_length_prefix", unreadable: true,
        en: "content is shorter than its 4-byte length prefix",
        vi: "nội dung ngắn hơn 4 byte độ dài ở đầu";
    /// The declared uncompressed length is above the bound (checked before decompressing).
    DeclaredLengthTooLarge { declared: u64, max: usize }
        => "declared_length_too_large", unreadable: true,
        en: "declared uncompressed length {declared} exceeds the limit of {max} bytes",
        vi: "độ dài khai báo {declared} byte vượt giới hạn {max} byte";
    /// The gzip stream inflates to another length than the prefix declares (a gzip bomb stops
    /// here, one byte past the declared length).
    LengthMismatch { declared: u64, actual: u64 }
        => "length_mismatch", unreadable: true,
        en: "declared uncompressed length {declared} differs from the actual length (at least {actual})",
        vi: "độ dài khai báo {declared} byte khác độ dài thực (ít nhất {actual} byte)";
    /// The gzip stream is corrupt or truncated.
    BadGzip
        => "bad_gzip", unreadable: true,
        en: "content is not a valid gzip stream",
        vi: "nội dung không phải luồng gzip hợp lệ";
    /// Bytes after the end of the gzip stream.
    TrailingData
        => "trailing_data", unreadable: true,
        en: "bytes after the end of the gzip stream",
        vi: "có dữ liệu thừa sau luồng gzip";
    /// The uncompressed bytes are not UTF-8.
    NotUtf8
        => "not_utf8", unreadable: true,
        en: "uncompressed content is not UTF-8",
        vi: "nội dung giải nén không phải UTF-8";
    /// A double quote not written as `\"` (the packing escapes every one).
    BadQuoteEscape { offset: usize }
        => "bad_quote_escape", unreadable: true,
        en: "unescaped double quote at byte {offset}",
        vi: "dấu nháy kép chưa được thoát tại byte {offset}";
    /// The list is not well-formed XML, or uses a DTD.
    MalformedXml { line: u32 }
        => "malformed_xml", unreadable: true,
        en: "the list is not well-formed XML (line {line})",
        vi: "danh sách không phải XML hợp lệ (dòng {line})";
    /// The root element is not the one the transaction needs.
    WrongRoot { expected: &'static str }
        => "wrong_root", unreadable: false,
        en: "the root element is not {expected}",
        vi: "phần tử gốc không phải {expected}";
    /// A child of the list that is not a record (`HOC_BA`), or text between records, or an
    /// unknown element in a recall entry. `number` is the item's place counting from 1.
    UnexpectedContent { number: usize }
        => "unexpected_content", unreadable: false,
        en: "item {number} (counting from 1) of the list is not a HOC_BA element as expected",
        vi: "mục thứ {number} (đếm từ 1) của danh sách không phải phần tử HOC_BA như quy định";
    /// A list without any record.
    EmptyList
        => "empty_list", unreadable: false,
        en: "the list holds no record",
        vi: "danh sách không có học bạ nào";
    /// More records than the bound.
    TooManyRecords { max: usize }
        => "too_many_records", unreadable: false,
        en: "the list holds more than {max} records",
        vi: "danh sách có quá {max} học bạ";
    /// A file handed to [`join_records`](super::join_records) or
    /// [`recall_entry_from_record`](super::recall_entry_from_record) is not one `HOC_BA`
    /// document. `number` is the file's place counting from 1 (the first file is file 1), as a
    /// person counts; a front end that has the file's name says it too.
    NotARecord { number: usize }
        => "not_a_record", unreadable: false,
        en: "file {number} (counting from 1) is not a HOC_BA document",
        vi: "tệp thứ {number} (đếm từ 1) không phải tài liệu HOC_BA";
    /// A recall entry lacks a required field (or has it empty). `number` is the entry's place
    /// counting from 1.
    MissingField { number: usize, field: &'static str }
        => "missing_field", unreadable: false,
        en: "recall entry {number} (counting from 1) lacks {field}",
        vi: "mục thu hồi thứ {number} (đếm từ 1) thiếu {field}";
    /// A field of a transaction message out of its domain (an unknown `type`, a password that is
    /// not 64 hex digits…).
    InvalidField { field: &'static str }
        => "invalid_field", unreadable: false,
        en: "invalid value of {field}",
        vi: "giá trị không hợp lệ của {field}";
    /// The transaction `Signature` is missing parts, unreadable, or does not verify with its
    /// certificate's key.
    BadTransactionSignature
        => "bad_transaction_signature", unreadable: false,
        en: "the transaction signature does not verify",
        vi: "chữ ký của giao dịch không hợp lệ";
    /// The portal's reply (HTTP status `status`) is not a transaction reply: not JSON, or
    /// without the reply's fields (a proxy's error page, a wrong URL).
    ReplyUnreadable { status: u16 }
        => "portal_reply_unreadable", unreadable: true,
        en: "the portal's reply is not a transaction reply (HTTP {status})",
        vi: "cổng trả lời không đúng định dạng giao dịch (HTTP {status})";
}
