//! Errors of signing a PDF (PAdES) and of verifying its signatures.

use crate::trust::TrustError;

/// Why a PDF could not be signed, or why one of its PDF signatures is not valid.
///
/// `Display` (English) and [`PadesError::message_vi`] never contain pupil data.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PadesError {
    /// The file is not a PDF this reader accepts (ISO 32000-1 §7.5 file structure).
    #[error("malformed PDF: {0}")]
    Malformed(&'static str),
    /// Well-formed, but uses a feature the signer/verifier does not support.
    #[error("unsupported PDF structure: {0}")]
    Unsupported(&'static str),
    /// The file is larger than the limit.
    #[error("the PDF exceeds the {0}-byte limit")]
    TooLarge(usize),
    /// No PDF signature (no revision after the rendered one).
    #[error("the PDF carries no PDF signature")]
    NoSignature,
    /// A revision added after the rendered file carries no signature dictionary, or more than
    /// one (ETSI EN 319 142-1 §5.4: one signature per incremental update).
    #[error("revision {revision} is not a signature revision")]
    NotASignatureRevision {
        /// The revision (1 = the rendered file).
        revision: usize,
    },
    /// `/ByteRange` does not cover the whole revision except exactly the `/Contents` hole
    /// (ISO 32000-1 §12.8.1, ETSI EN 319 142-1 §5.1).
    #[error("revision {revision}: the byte range does not cover the file except the signature")]
    ByteRange {
        /// The revision.
        revision: usize,
    },
    /// The signature dictionary lacks a key PAdES requires, or has a wrong value.
    #[error("revision {revision}: bad signature dictionary ({what})")]
    SignatureDictionary {
        /// The revision.
        revision: usize,
        /// What is wrong.
        what: &'static str,
    },
    /// A revision after signing changes what the document shows or carries (pages, content,
    /// annotations other than signature widgets, embedded files): the incremental-update attack.
    #[error("revision {revision} changes the document after it was signed ({what})")]
    ModifiedAfterSigning {
        /// The revision.
        revision: usize,
        /// What it changes.
        what: &'static str,
    },
    /// The CMS in `/Contents` is not DER, or not a SignedData of this profile.
    #[error("the CMS signature is malformed: {0}")]
    CmsMalformed(&'static str),
    /// The CMS uses an algorithm or a structure outside the profile.
    #[error("the CMS signature is not supported: {0}")]
    CmsUnsupported(&'static str),
    /// The message-digest attribute is not the SHA-256 of the byte ranges.
    #[error("the signed byte ranges do not match the signature's message digest")]
    DigestMismatch,
    /// The signer's certificate is not in the CMS.
    #[error("the signer's certificate is not in the signature")]
    CertificateMissing,
    /// The ESS signing-certificate-v2 attribute is missing or names another certificate
    /// (RFC 5035; ETSI EN 319 122-1 §5.2.2).
    #[error("the signing-certificate attribute does not match the signer's certificate")]
    SigningCertificateMismatch,
    /// The signature value does not verify with the certificate's key.
    #[error("the signature value does not verify with the signer's certificate")]
    BadSignature,
    /// The signer's key type cannot make a PAdES signature here (RSA, ECDSA P-256 only).
    #[error("the signer's key type is not supported for PDF signatures")]
    UnsupportedKey,
    /// The `/Contents` hole is too small for the CMS.
    #[error("the CMS signature ({len} bytes) does not fit the {capacity}-byte hole")]
    ContentsTooLarge {
        /// The CMS size.
        len: usize,
        /// The hole's size.
        capacity: usize,
    },
    /// `/M` is missing or not a PDF date (ISO 32000-1 §7.9.4).
    #[error("revision {revision}: the signing time /M is missing or malformed")]
    SigningTime {
        /// The revision.
        revision: usize,
    },
    /// The signer's certificate chain is not accepted at the signing time.
    #[error("the signer's certificate is not trusted: {0}")]
    Untrusted(TrustError),
    /// The appearance could not be drawn (a font or writer defect).
    #[error("the signature appearance could not be drawn")]
    Appearance,
    /// The signature's time-stamp token (PAdES B-T: the CMS unsigned attribute
    /// signature-time-stamp, ETSI EN 319 142-1 §5.3) does not verify, or the TSA's response
    /// does not fit the request.
    #[error("the signature time-stamp is not valid: {0}")]
    Timestamp(crate::timestamp::TimestampError),
    /// A time-stamp cannot be added there: only to the last signature of the file (a later
    /// signature covers the earlier one's `/Contents`), and once.
    #[error("the signature cannot be time-stamped: {0}")]
    TimestampPlacement(&'static str),
    /// The PDF signature is valid, but its certificate is not that of a signer of an embedded
    /// record in the same role (the school's seal, or the principal): a trusted certificate of
    /// anyone else (a parent's personal one) does not seal a học bạ (ADR 0276).
    #[error(
        "revision {revision}: the PDF signer is not the school seal or principal that signed an embedded record"
    )]
    SignerNotOfRecord {
        /// The revision.
        revision: usize,
    },
}

impl PadesError {
    /// Stable snake_case machine code (`docs/spec/pdf.md`).
    pub fn code(&self) -> &'static str {
        match self {
            PadesError::Malformed(_) => "pades_malformed",
            PadesError::Unsupported(_) => "pades_unsupported",
            PadesError::TooLarge(_) => "pades_too_large",
            PadesError::NoSignature => "pades_no_signature",
            PadesError::NotASignatureRevision { .. } => "pades_unsigned_revision",
            PadesError::ByteRange { .. } => "pades_byte_range",
            PadesError::SignatureDictionary { .. } => "pades_signature_dictionary",
            PadesError::ModifiedAfterSigning { .. } => "pades_modified_after_signing",
            PadesError::CmsMalformed(_) => "pades_cms_malformed",
            PadesError::CmsUnsupported(_) => "pades_cms_unsupported",
            PadesError::DigestMismatch => "pades_digest_mismatch",
            PadesError::CertificateMissing => "pades_certificate_missing",
            PadesError::SigningCertificateMismatch => "pades_signing_certificate_mismatch",
            PadesError::BadSignature => "pades_bad_signature",
            PadesError::UnsupportedKey => "pades_unsupported_key",
            PadesError::ContentsTooLarge { .. } => "pades_contents_too_large",
            PadesError::SigningTime { .. } => "pades_signing_time",
            PadesError::Untrusted(_) => "pades_untrusted",
            PadesError::Appearance => "pades_appearance",
            PadesError::Timestamp(_) => "pades_timestamp",
            PadesError::TimestampPlacement(_) => "pades_timestamp_placement",
            PadesError::SignerNotOfRecord { .. } => "pades_signer_not_of_record",
        }
    }

    /// The message in Vietnamese.
    pub fn message_vi(&self) -> String {
        match self {
            PadesError::Malformed(w) => format!("Tệp PDF không đúng cấu trúc: {w}"),
            PadesError::Unsupported(w) => format!("Cấu trúc PDF không được hỗ trợ: {w}"),
            PadesError::TooLarge(n) => format!("Tệp PDF vượt quá giới hạn {n} byte"),
            PadesError::NoSignature => "Tệp PDF không có chữ ký số PDF".to_owned(),
            PadesError::NotASignatureRevision { revision } => {
                format!("Phiên bản {revision} của tệp PDF được thêm vào mà không có chữ ký số")
            }
            PadesError::ByteRange { revision } => format!(
                "Phiên bản {revision}: vùng dữ liệu được ký không bao phủ toàn bộ tệp ngoài chữ ký"
            ),
            PadesError::SignatureDictionary { revision, what } => {
                format!("Phiên bản {revision}: từ điển chữ ký không hợp lệ ({what})")
            }
            PadesError::ModifiedAfterSigning { revision, what } => format!(
                "Phiên bản {revision} thay đổi tài liệu sau khi đã ký ({what})"
            ),
            PadesError::CmsMalformed(w) => format!("Chữ ký CMS không đúng cấu trúc: {w}"),
            PadesError::CmsUnsupported(w) => format!("Chữ ký CMS không được hỗ trợ: {w}"),
            PadesError::DigestMismatch => {
                "Giá trị băm của vùng dữ liệu được ký không khớp với chữ ký".to_owned()
            }
            PadesError::CertificateMissing => {
                "Chữ ký không chứa chứng thư số của người ký".to_owned()
            }
            PadesError::SigningCertificateMismatch => {
                "Thuộc tính chứng thư ký (signing-certificate-v2) không khớp với chứng thư của người ký"
                    .to_owned()
            }
            PadesError::BadSignature => {
                "Giá trị chữ ký không hợp lệ với khóa của chứng thư người ký".to_owned()
            }
            PadesError::UnsupportedKey => {
                "Loại khóa của người ký không được hỗ trợ cho chữ ký PDF".to_owned()
            }
            PadesError::ContentsTooLarge { len, capacity } => format!(
                "Chữ ký CMS ({len} byte) không vừa chỗ dành sẵn ({capacity} byte)"
            ),
            PadesError::SigningTime { revision } => {
                format!("Phiên bản {revision}: thời điểm ký /M thiếu hoặc sai định dạng")
            }
            PadesError::Untrusted(e) => {
                format!("Chứng thư số của người ký không được tin cậy: {}", e.message_vi())
            }
            PadesError::Appearance => "Không vẽ được hình thức hiển thị của chữ ký".to_owned(),
            PadesError::Timestamp(e) => {
                format!("Dấu thời gian của chữ ký không hợp lệ: {}", e.message_vi())
            }
            PadesError::TimestampPlacement(w) => {
                format!("Không thể gắn dấu thời gian vào chữ ký này: {w}")
            }
            PadesError::SignerNotOfRecord { revision } => format!(
                "Phiên bản {revision}: người ký tệp PDF không phải con dấu của trường hay hiệu trưởng đã ký hồ sơ học bạ kèm theo"
            ),
        }
    }

    /// True when the bytes could not be read as a PDF with signatures at all (ADR 0090:
    /// unreadable, CLI exit 2); false when something was read and found wrong.
    pub fn is_unreadable(&self) -> bool {
        matches!(
            self,
            PadesError::Malformed(_) | PadesError::Unsupported(_) | PadesError::TooLarge(_)
        )
    }

    /// The error class every front end maps (ADR 0090).
    pub fn class(&self) -> crate::ErrorClass {
        if self.is_unreadable() {
            crate::ErrorClass::Unreadable
        } else {
            crate::ErrorClass::Invalid
        }
    }
}

impl From<crate::pdfsyntax::SyntaxError> for PadesError {
    fn from(e: crate::pdfsyntax::SyntaxError) -> Self {
        use crate::pdfsyntax::SyntaxError as S;
        match e {
            S::Malformed(w) => PadesError::Malformed(w),
            S::Unsupported(w) => PadesError::Unsupported(w),
            S::TooLarge(n) => PadesError::TooLarge(n),
        }
    }
}
