//! Errors of the envelope phase.

use crate::canonical::DecodeError as PayloadError;

/// What a verifying call reads, for [`EnvelopeError::WrongDocument`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Expected {
    /// One signed year record: a signed national XML or a COSE_Sign of hocba's profile.
    SignedYearRecord,
    /// A signed national XML.
    NationalXml,
    /// A year record or a transcript to read ([`crate::Document::decode`]).
    Document,
}

impl Expected {
    /// (English, Vietnamese).
    pub fn describe(self) -> (&'static str, &'static str) {
        match self {
            Expected::SignedYearRecord => (
                "one signed year record (a national XML or a COSE record)",
                "một hồ sơ năm học đã ký (XML học bạ quốc gia hoặc hồ sơ COSE)",
            ),
            Expected::NationalXml => (
                "a national XML (CV 2088)",
                "một tệp XML học bạ quốc gia (CV 2088)",
            ),
            Expected::Document => (
                "a year record or a transcript (JSON, canonical CBOR or the national XML)",
                "một hồ sơ năm học hoặc một học bạ (JSON, CBOR chuẩn tắc hoặc XML quốc gia)",
            ),
        }
    }
}

/// Why signed bytes could not be read, or a signing step was refused.
///
/// `Display` (English) and [`EnvelopeError::message_vi`] never contain record data.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum EnvelopeError {
    /// Not a COSE_Sign (wrong tag, wrong shape).
    #[error("not a COSE_Sign message")]
    NotCoseSign,
    /// Bytes that start as none of the inputs hocba reads ([`crate::InputKind::Unrecognised`]:
    /// not a national XML, JSON, CBOR or COSE, a transcript container or a PDF), given to be
    /// verified — a damaged or foreign file, whatever its name (ADR 0220).
    #[error(
        "unrecognised input: not a national XML (CV 2088), a signed CBOR/COSE record, a \
         transcript container, JSON or a PDF"
    )]
    UnrecognisedInput,
    /// A document of another kind than the call reads — a PDF given to a year record's
    /// verifier, a COSE record to the national XML's: which call reads it is said, rather than
    /// the format error the wrong reader would give (`not_cose_sign`, `xml_invalid_utf8`).
    #[error(
        "this is {}, not {}: verify it as {}",
        .found.describe().0,
        .expected.describe().0,
        .found.describe().0
    )]
    WrongDocument {
        /// What the bytes are.
        found: crate::InputKind,
        /// What the call reads.
        expected: Expected,
    },
    /// A COSE_Sign without any signature.
    #[error("the message carries no signature")]
    NotSigned,
    /// Not well-formed CBOR, or a wrong type where the structure needs another.
    #[error("malformed envelope ({at})")]
    Malformed {
        /// The part being read.
        at: &'static str,
    },
    /// Well-formed but not deterministic CBOR (non-shortest head, indefinite length,
    /// unsorted keys).
    #[error("envelope is not deterministic CBOR ({at})")]
    NotDeterministic {
        /// The part being read.
        at: &'static str,
    },
    /// A size or count above the profile's bounds.
    #[error("envelope exceeds a size bound ({what})")]
    TooLarge {
        /// What was too large.
        what: &'static str,
    },
    /// The body headers are not the hocba profile's.
    #[error("body header is not the hocba year-record header")]
    BodyHeader,
    /// A signer's protected header breaks the profile.
    #[error("invalid signer header ({what})")]
    SignerHeader {
        /// What is wrong.
        what: &'static str,
    },
    /// An algorithm outside the profile.
    #[error("unsupported signature algorithm {alg}")]
    UnsupportedAlgorithm {
        /// The COSE algorithm identifier.
        alg: i64,
    },
    /// The payload is not a canonical year record (the hocba-CBOR decoder's error inside).
    #[error("payload is not a canonical year record: {0}")]
    Payload(PayloadError),
    /// A public or private key of an unsupported type or size.
    #[error("unsupported key")]
    UnsupportedKey,
    /// An RSA key below 2048 bits.
    #[error("RSA key of {bits} bits is below the 2048-bit minimum")]
    WeakKey {
        /// Modulus size.
        bits: usize,
    },
    /// The key does not fit the algorithm.
    #[error("key does not fit the signature algorithm")]
    KeyAlgorithmMismatch,
    /// The signature does not verify.
    #[error("signature does not verify")]
    BadSignature,
    /// `ToBeSigned::attach` refused an external signature that does not verify, naming the
    /// likely cause (the same diagnosis and codes as the national XML's).
    #[error("signature refused: {}", cause.hint_en())]
    AttachRefused {
        /// The likely cause.
        cause: super::AttachCause,
    },
    /// The signer's certificate cannot be read.
    #[error("signer certificate cannot be read")]
    CertificateUnreadable,
    /// The private key failed to sign.
    #[error("signing failed")]
    SigningFailed,
    /// At `prepare`, the chain given is not one chain, leaf first (RFC 9360 §2): the signer's
    /// certificate after a CA's, a certificate that is not the issuer of the one before it, or
    /// one given twice — the national XML's check (`xmldsig_chain_order` there; ADR 0271).
    #[error("the certificates are not one chain, leaf first: {}", fault.hint_en())]
    ChainOrder {
        /// What is out of order.
        fault: crate::xmldsig::ChainFault,
    },
    /// The role asked for is not the next one to sign.
    #[error("role {role} cannot sign now: the next signer is {expected}")]
    RoleOutOfOrder {
        /// The role asked for.
        role: &'static str,
        /// The role whose turn it is (`none` when all have signed).
        expected: &'static str,
    },
    /// A to-be-signed file that is not one hocba wrote.
    #[error("malformed to-be-signed data ({at})")]
    ToBeSignedMalformed {
        /// The part being read.
        at: &'static str,
    },
    /// A transcript container that breaks its format.
    #[error("malformed transcript container ({at})")]
    TranscriptMalformed {
        /// The part being read.
        at: &'static str,
    },
    /// A signed national XML (met by bulk verification) that is unreadable or breaks the
    /// XML-signature profile; the code is the XML error's.
    #[error(transparent)]
    NationalXml(crate::xmldsig::XmlSigError),
    /// A check before signing refused (ADR 0142); the code is verification's or
    /// `record_has_errors`.
    #[error(transparent)]
    Refused(super::SignRefusal),
}

impl EnvelopeError {
    /// Stable snake_case machine code (`docs/spec/signature.md` lists them all).
    pub fn code(&self) -> &'static str {
        match self {
            EnvelopeError::NotCoseSign => "not_cose_sign",
            EnvelopeError::UnrecognisedInput => "unrecognised_input",
            EnvelopeError::WrongDocument { .. } => "wrong_document",
            EnvelopeError::NotSigned => "not_signed",
            EnvelopeError::Malformed { .. } => "envelope_malformed",
            EnvelopeError::NotDeterministic { .. } => "envelope_not_deterministic",
            EnvelopeError::TooLarge { .. } => "envelope_too_large",
            EnvelopeError::BodyHeader => "invalid_body_header",
            EnvelopeError::SignerHeader { .. } => "invalid_signer_header",
            EnvelopeError::UnsupportedAlgorithm { .. } => "unsupported_algorithm",
            EnvelopeError::Payload(_) => "payload_not_canonical",
            EnvelopeError::UnsupportedKey => "unsupported_key",
            EnvelopeError::WeakKey { .. } => "weak_rsa_key",
            EnvelopeError::KeyAlgorithmMismatch => "key_algorithm_mismatch",
            EnvelopeError::BadSignature => "signature_invalid",
            EnvelopeError::AttachRefused { cause } => cause.code(),
            EnvelopeError::CertificateUnreadable => "certificate_unreadable",
            EnvelopeError::SigningFailed => "signing_failed",
            EnvelopeError::ChainOrder { .. } => "chain_order",
            EnvelopeError::RoleOutOfOrder { .. } => "role_out_of_order",
            EnvelopeError::ToBeSignedMalformed { .. } => "to_be_signed_malformed",
            EnvelopeError::TranscriptMalformed { .. } => "transcript_malformed",
            EnvelopeError::NationalXml(e) => e.code(),
            EnvelopeError::Refused(r) => r.code(),
        }
    }

    /// The message in Vietnamese.
    pub fn message_vi(&self) -> String {
        match self {
            EnvelopeError::NotCoseSign => "không phải thông điệp COSE_Sign".into(),
            EnvelopeError::UnrecognisedInput => "không nhận ra dữ liệu vào: không phải XML học bạ \
                 (CV 2088), hồ sơ CBOR/COSE đã ký, tệp học bạ nhiều năm, JSON hay PDF"
                .into(),
            EnvelopeError::WrongDocument { found, expected } => format!(
                "đây là {}, không phải {}: hãy kiểm tra nó như {}",
                found.describe().1,
                expected.describe().1,
                found.describe().1
            ),
            EnvelopeError::NotSigned => "thông điệp không mang chữ ký nào".into(),
            EnvelopeError::Malformed { at } => format!("phong bì chữ ký sai cấu trúc ({at})"),
            EnvelopeError::NotDeterministic { at } => {
                format!("phong bì chữ ký không ở dạng CBOR tất định ({at})")
            }
            EnvelopeError::TooLarge { what } => {
                format!("phong bì chữ ký vượt giới hạn kích thước ({what})")
            }
            EnvelopeError::BodyHeader => {
                "tiêu đề thân thông điệp không phải của hồ sơ năm học hocba".into()
            }
            EnvelopeError::SignerHeader { what } => {
                format!("tiêu đề của người ký không hợp lệ ({what})")
            }
            EnvelopeError::UnsupportedAlgorithm { alg } => {
                format!("thuật toán chữ ký {alg} không được hỗ trợ")
            }
            EnvelopeError::Payload(e) => format!("nội dung hồ sơ: {}", e.message_vi()),
            EnvelopeError::UnsupportedKey => "khoá không được hỗ trợ".into(),
            EnvelopeError::WeakKey { bits } => {
                format!("khoá RSA {bits} bit ngắn hơn mức tối thiểu 2048 bit")
            }
            EnvelopeError::KeyAlgorithmMismatch => "khoá không khớp thuật toán chữ ký".into(),
            EnvelopeError::BadSignature => "chữ ký không đúng".into(),
            EnvelopeError::AttachRefused { cause } => {
                format!("chữ ký bị từ chối: {}", cause.hint_vi())
            }
            EnvelopeError::CertificateUnreadable => {
                "không đọc được chứng thư số của người ký".into()
            }
            EnvelopeError::SigningFailed => "ký không thành công".into(),
            EnvelopeError::ChainOrder { fault } => format!(
                "các chứng thư số không tạo thành một chuỗi bắt đầu từ chứng thư số của người ký: {}",
                fault.hint_vi()
            ),
            EnvelopeError::RoleOutOfOrder { role, expected } => {
                format!("vai trò {role} chưa đến lượt ký: người ký tiếp theo là {expected}")
            }
            EnvelopeError::ToBeSignedMalformed { at } => {
                format!(
                    "dữ liệu cần ký sai cấu trúc ({})",
                    crate::xmldsig::what_vi(at)
                )
            }
            EnvelopeError::TranscriptMalformed { at } => {
                format!("tệp học bạ nhiều năm sai cấu trúc ({at})")
            }
            EnvelopeError::NationalXml(e) => e.message_vi(),
            EnvelopeError::Refused(r) => r.message_vi(),
        }
    }
}
