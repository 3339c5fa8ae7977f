//! Why a time-stamp request, response or token was refused. Codes are stable
//! (`docs/spec/trust.md` §"Time-stamps").

use crate::trust::{TrustError, UnixTime};

/// A time-stamp request, response or token (RFC 3161) refused. `Display` (English) and
/// [`TimestampError::message_vi`] never contain record data.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum TimestampError {
    /// Larger than [`super::MAX_TOKEN_LEN`].
    #[error("the time-stamp data is larger than {max} bytes")]
    TooLarge {
        /// The bound.
        max: usize,
    },
    /// Not a DER `TimeStampReq` (RFC 3161 §2.4.1) of this profile.
    #[error("malformed time-stamp request: {0}")]
    RequestMalformed(&'static str),
    /// Not a DER `TimeStampResp` (RFC 3161 §2.4.2).
    #[error("malformed time-stamp response: {0}")]
    ResponseMalformed(&'static str),
    /// The TSA did not grant the request (PKIStatus other than granted or grantedWithMods).
    #[error("the time-stamping authority refused the request (status {status})")]
    NotGranted {
        /// The PKIStatus value.
        status: u8,
    },
    /// The token is not a DER CMS SignedData over a `TSTInfo` (RFC 3161 §2.4.2, RFC 5652).
    #[error("malformed time-stamp token: {0}")]
    TokenMalformed(&'static str),
    /// The token uses an algorithm or form this profile does not accept.
    #[error("unsupported time-stamp token: {0}")]
    Unsupported(&'static str),
    /// The token's message imprint is not the digest of what it should time-stamp.
    #[error("the time-stamp token is over other data (message imprint differs)")]
    ImprintMismatch,
    /// The token's nonce differs from the request's (or is missing).
    #[error("the time-stamp token's nonce differs from the request's")]
    NonceMismatch,
    /// The TSA's certificate is not in the token, or the ESS signing-certificate attribute
    /// (v2, RFC 5035; or v1, RFC 2634, ADR 0190) is missing or names another certificate.
    #[error("the time-stamp token does not identify its signer's certificate")]
    SigningCertificate,
    /// The message-digest attribute or the signature value does not verify.
    #[error("the time-stamp token's signature does not verify")]
    BadSignature,
    /// The signer's certificate is not a TSA certificate: its extended key usage is not the
    /// sole, critical id-kp-timeStamping (RFC 3161 §2.3).
    #[error("the time-stamp token is not signed by a time-stamping certificate")]
    NotTsaCertificate,
    /// The TSA's certificate path was not accepted at the token's time against the TSA roots.
    #[error("the time-stamping authority is not trusted: {0}")]
    TsaChain(TrustError),
    /// The token's time is before the signer's claimed signing time by more than the skew.
    #[error("the time-stamp ({time}) is before the claimed signing time ({claimed})")]
    BeforeSigningTime {
        /// The token's genTime.
        time: UnixTime,
        /// The claimed signing time.
        claimed: UnixTime,
    },
    /// The token's time is after the verification time by more than the skew.
    #[error("the time-stamp ({time}) is after the verification time")]
    InFuture {
        /// The token's genTime.
        time: UnixTime,
    },
}

impl TimestampError {
    /// Every stable code (the catalogue test against `docs/spec/trust.md`).
    pub const CODES: &'static [&'static str] = &[
        "timestamp_too_large",
        "timestamp_request_malformed",
        "timestamp_response_malformed",
        "timestamp_not_granted",
        "timestamp_malformed",
        "timestamp_unsupported",
        "timestamp_imprint_mismatch",
        "timestamp_nonce_mismatch",
        "timestamp_signing_certificate",
        "timestamp_bad_signature",
        "timestamp_not_tsa_certificate",
        "timestamp_tsa_untrusted",
        "timestamp_tsa_expired",
        "timestamp_tsa_revoked",
        "timestamp_tsa_chain_invalid",
        "timestamp_before_signing_time",
        "timestamp_in_future",
    ];

    /// Stable snake_case machine code, never changed once released.
    pub fn code(&self) -> &'static str {
        match self {
            TimestampError::TooLarge { .. } => "timestamp_too_large",
            TimestampError::RequestMalformed(_) => "timestamp_request_malformed",
            TimestampError::ResponseMalformed(_) => "timestamp_response_malformed",
            TimestampError::NotGranted { .. } => "timestamp_not_granted",
            TimestampError::TokenMalformed(_) => "timestamp_malformed",
            TimestampError::Unsupported(_) => "timestamp_unsupported",
            TimestampError::ImprintMismatch => "timestamp_imprint_mismatch",
            TimestampError::NonceMismatch => "timestamp_nonce_mismatch",
            TimestampError::SigningCertificate => "timestamp_signing_certificate",
            TimestampError::BadSignature => "timestamp_bad_signature",
            TimestampError::NotTsaCertificate => "timestamp_not_tsa_certificate",
            TimestampError::TsaChain(e) => match e {
                TrustError::UnknownIssuer => "timestamp_tsa_untrusted",
                TrustError::Expired { .. } | TrustError::NotYetValid { .. } => {
                    "timestamp_tsa_expired"
                }
                TrustError::Revoked { .. } => "timestamp_tsa_revoked",
                _ => "timestamp_tsa_chain_invalid",
            },
            TimestampError::BeforeSigningTime { .. } => "timestamp_before_signing_time",
            TimestampError::InFuture { .. } => "timestamp_in_future",
        }
    }

    /// Whether the input could not be read at all (ADR 0090): a request or response file
    /// that is not DER of its type, or over the bound. A token inside a signed document that
    /// is read and refused is invalid.
    pub fn is_unreadable(&self) -> bool {
        matches!(
            self,
            TimestampError::TooLarge { .. }
                | TimestampError::RequestMalformed(_)
                | TimestampError::ResponseMalformed(_)
        )
    }

    /// The message in Vietnamese.
    pub fn message_vi(&self) -> String {
        match self {
            TimestampError::TooLarge { max } => {
                format!("Dữ liệu dấu thời gian lớn hơn {max} byte")
            }
            TimestampError::RequestMalformed(w) => {
                format!("Yêu cầu cấp dấu thời gian không đúng định dạng: {w}")
            }
            TimestampError::ResponseMalformed(w) => {
                format!("Phản hồi của dịch vụ cấp dấu thời gian không đúng định dạng: {w}")
            }
            TimestampError::NotGranted { status } => {
                format!("Dịch vụ cấp dấu thời gian từ chối yêu cầu (trạng thái {status})")
            }
            TimestampError::TokenMalformed(w) => {
                format!("Dấu thời gian không đúng định dạng: {w}")
            }
            TimestampError::Unsupported(w) => {
                format!("Dấu thời gian dùng thuật toán hoặc dạng không được hỗ trợ: {w}")
            }
            TimestampError::ImprintMismatch => {
                "Dấu thời gian được cấp cho dữ liệu khác (mã băm không khớp)".into()
            }
            TimestampError::NonceMismatch => {
                "Số nonce của dấu thời gian không khớp với yêu cầu".into()
            }
            TimestampError::SigningCertificate => {
                "Dấu thời gian không xác định được chứng thư số của đơn vị cấp".into()
            }
            TimestampError::BadSignature => "Chữ ký trên dấu thời gian không đúng".into(),
            TimestampError::NotTsaCertificate => {
                "Dấu thời gian không được ký bằng chứng thư số cấp dấu thời gian".into()
            }
            TimestampError::TsaChain(e) => format!(
                "Đơn vị cấp dấu thời gian không được tin cậy: {}",
                e.message_vi()
            ),
            TimestampError::BeforeSigningTime { time, claimed } => {
                format!("Dấu thời gian ({time}) sớm hơn thời điểm ký được khai ({claimed})")
            }
            TimestampError::InFuture { time } => {
                format!("Dấu thời gian ({time}) muộn hơn thời điểm kiểm tra")
            }
        }
    }
}
