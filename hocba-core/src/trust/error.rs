//! Why a certificate chain was not accepted. Codes are stable (`docs/spec/trust.md`).

use super::{SignerRole, UnixTime};

/// Which certificate of a presented chain an error is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CertPosition {
    /// The signer's own (end-entity) certificate, `x5chain[0]`.
    Leaf,
    /// An intermediate, `x5chain[n]` with n ≥ 1.
    Intermediate(usize),
    /// Somewhere in the path; the validator does not say where.
    Chain,
}

/// A certificate chain failed validation, or trust input (root, CRL, PEM) was unusable.
///
/// When several things are wrong, the most specific one is reported: see the order in
/// `docs/spec/trust.md` ("Which error wins").
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum TrustError {
    /// The chain holds no certificate.
    #[error("certificate chain is empty")]
    ChainEmpty,
    /// More certificates than the policy allows.
    #[error("certificate chain has {len} certificates; at most {max} allowed")]
    ChainTooLong {
        /// Certificates presented.
        len: usize,
        /// The policy's bound.
        max: usize,
    },
    /// A certificate larger than the policy allows.
    #[error("certificate {index} is {len} bytes; at most {max} allowed")]
    CertTooLarge {
        /// Index in the presented chain (0 = leaf).
        index: usize,
        /// Its size in bytes.
        len: usize,
        /// The policy's bound.
        max: usize,
    },
    /// A certificate that is not a well-formed DER X.509 v3 certificate.
    #[error("certificate at {position:?} is malformed")]
    MalformedCertificate {
        /// Which one.
        position: CertPosition,
    },
    /// A root handed to the trust store is not a usable certificate.
    #[error("root certificate is malformed")]
    MalformedRoot,
    /// PEM input holds no certificate or a broken block.
    #[error("PEM input is malformed or holds no certificate")]
    MalformedPem,
    /// A CRL handed to the trust store is not a well-formed DER CRL.
    #[error("certificate revocation list is malformed")]
    MalformedCrl,
    /// More roots or CRLs than the trust store accepts.
    #[error("too many roots or CRLs in the trust store (at most {max})")]
    TooManyTrustInputs {
        /// The bound.
        max: usize,
    },
    /// A signing time before 1970 or otherwise unusable.
    #[error("signing time {signing_time} is not usable")]
    SigningTimeInvalid {
        /// The signing time given.
        signing_time: UnixTime,
    },
    /// The signing time is after the verification time by more than the allowed skew.
    #[error(
        "signing time {signing_time} is after the verification time {verification_time} (allowed skew {skew_secs} s)"
    )]
    SigningTimeInFuture {
        /// Claimed signing time.
        signing_time: UnixTime,
        /// Verification time.
        verification_time: UnixTime,
        /// Allowed skew in seconds.
        skew_secs: i64,
    },
    /// A certificate of the path had expired at the signing time.
    #[error("certificate had expired at the signing time {signing_time} (not after {not_after})")]
    Expired {
        /// The signing time.
        signing_time: UnixTime,
        /// The certificate's notAfter.
        not_after: UnixTime,
    },
    /// A certificate of the path was not yet valid at the signing time.
    #[error(
        "certificate was not yet valid at the signing time {signing_time} (not before {not_before})"
    )]
    NotYetValid {
        /// The signing time.
        signing_time: UnixTime,
        /// The certificate's notBefore.
        not_before: UnixTime,
    },
    /// A certificate of the path was revoked, and the revocation counts for this signing time.
    #[error("certificate {serial_hex} at {position:?} was revoked on {revoked_at}")]
    Revoked {
        /// Which certificate.
        position: CertPosition,
        /// Its serial number, lower-case hex.
        serial_hex: String,
        /// The CRL's revocation date.
        revoked_at: UnixTime,
        /// The CRLReason code (RFC 5280 §5.3.1), if the CRL gave one.
        reason: Option<u8>,
    },
    /// No path to any root in the trust store (unknown root, or missing intermediate).
    #[error("certificate chain does not lead to a trusted root")]
    UnknownIssuer,
    /// A certificate's signature does not verify with its issuer's key (wrong issuer, tampered).
    #[error("certificate signature does not verify with the issuer's key")]
    BadSignature,
    /// An issuing certificate is not a CA (basicConstraints CA:false or absent).
    #[error("an intermediate certificate is not a CA (basicConstraints)")]
    IntermediateNotCa,
    /// The signer's certificate is a CA certificate.
    #[error("the signer's certificate is a CA certificate")]
    LeafIsCa,
    /// A path-length or name constraint of an issuer is violated.
    #[error("a path-length or name constraint is violated")]
    ConstraintViolated,
    /// A certificate or CRL is signed with an algorithm hocba does not accept.
    #[error("certificate or CRL signed with an unsupported algorithm")]
    UnsupportedAlgorithm,
    /// The signer's key is of a kind hocba does not accept.
    #[error("the signer's public key type is not supported")]
    UnsupportedKey,
    /// A supplied CRL could not be used (bad signature, issuer not a CRL signer, unsupported form).
    #[error("a certificate revocation list could not be used")]
    CrlInvalid,
    /// The signer's certificate allows neither digitalSignature nor nonRepudiation.
    #[error("the signer's certificate allows neither digitalSignature nor nonRepudiation")]
    MissingDigitalSignature,
    /// The signer's RSA key is shorter than the policy allows.
    #[error("RSA key of {bits} bits; at least {min} required")]
    WeakRsaKey {
        /// The key's modulus size.
        bits: usize,
        /// The policy's minimum.
        min: usize,
    },
    /// An organisation certificate was used for a person's role.
    #[error("an organisation certificate cannot sign as {role}")]
    OrganisationCertForPerson {
        /// The role it was used for.
        role: SignerRole,
    },
    /// A personal certificate was used for the school seal.
    #[error("a personal certificate cannot be the school seal")]
    PersonalCertForSeal,
    /// The certificate does not belong to the record's school under the school-matching policy.
    #[error("the certificate does not belong to the record's school")]
    SchoolMismatch,
    /// Path building gave up (too many candidate paths or signature checks).
    #[error("certificate path is too complex to build")]
    PathTooComplex,
    /// A certificate of the path was revoked after the claimed signing time, and the strict
    /// policy counts it: nothing proves the signature was made before (ADR 0141).
    #[error(
        "certificate {serial_hex} at {position:?} was revoked on {revoked_at}, after the claimed signing time, and no time-stamp proves the signing time"
    )]
    RevokedAfterClaimedTime {
        /// Which certificate.
        position: CertPosition,
        /// Its serial number, lower-case hex.
        serial_hex: String,
        /// The CRL's revocation date.
        revoked_at: UnixTime,
        /// The CRLReason code (RFC 5280 §5.3.1), if the CRL gave one.
        reason: Option<u8>,
    },
    /// The certificate's personal identifier is not the one the record gives for the role.
    #[error("the certificate's personal identifier is not that of the person named as {role}")]
    SignerIdMismatch {
        /// The role signed.
        role: SignerRole,
    },
    /// The certificate's name is not the one the record prints for the role (no identifier
    /// to compare).
    #[error("the certificate names another person than the one named as {role}")]
    SignerNameMismatch {
        /// The role signed.
        role: SignerRole,
    },
    /// The policy requires identifiers and the certificate or the record gives none.
    #[error("no personal identifier to bind the signer to the person named as {role}")]
    SignerNotIdentified {
        /// The role signed.
        role: SignerRole,
    },
    /// One certificate signed two roles.
    #[error("the certificate that signed as {first_role} also signed as {role}")]
    CertificateReused {
        /// The later role.
        role: SignerRole,
        /// The role it signed first.
        first_role: SignerRole,
    },
    /// One person signed two personal roles (with two certificates).
    #[error("the person who signed as {first_role} also signed as {role}")]
    SignerReused {
        /// The later role.
        role: SignerRole,
        /// The role the person signed first.
        first_role: SignerRole,
    },
    /// Any other reason the path validator gave.
    #[error("certificate chain is invalid ({detail})")]
    ChainInvalid {
        /// The validator's reason, for diagnostics (not stable).
        detail: String,
    },
}

impl TrustError {
    /// Stable snake_case machine code, never changed once released.
    pub fn code(&self) -> &'static str {
        match self {
            TrustError::ChainEmpty => "chain_empty",
            TrustError::ChainTooLong { .. } => "chain_too_long",
            TrustError::CertTooLarge { .. } => "cert_too_large",
            TrustError::MalformedCertificate { .. } => "cert_malformed",
            TrustError::MalformedRoot => "root_malformed",
            TrustError::MalformedPem => "pem_malformed",
            TrustError::MalformedCrl => "crl_malformed",
            TrustError::TooManyTrustInputs { .. } => "too_many_trust_inputs",
            TrustError::SigningTimeInvalid { .. } => "signing_time_invalid",
            TrustError::SigningTimeInFuture { .. } => "signing_time_in_future",
            TrustError::Expired { .. } => "cert_expired",
            TrustError::NotYetValid { .. } => "cert_not_yet_valid",
            TrustError::Revoked { .. } => "cert_revoked",
            TrustError::UnknownIssuer => "unknown_issuer",
            TrustError::BadSignature => "bad_signature",
            TrustError::IntermediateNotCa => "intermediate_not_ca",
            TrustError::LeafIsCa => "leaf_is_ca",
            TrustError::ConstraintViolated => "chain_constraint_violated",
            TrustError::UnsupportedAlgorithm => "unsupported_algorithm",
            TrustError::UnsupportedKey => "unsupported_key",
            TrustError::CrlInvalid => "crl_invalid",
            TrustError::MissingDigitalSignature => "missing_digital_signature",
            TrustError::WeakRsaKey { .. } => "weak_rsa_key",
            TrustError::OrganisationCertForPerson { .. } => "organisation_cert_for_person",
            TrustError::PersonalCertForSeal => "personal_cert_for_seal",
            TrustError::SchoolMismatch => "school_mismatch",
            TrustError::PathTooComplex => "path_too_complex",
            TrustError::ChainInvalid { .. } => "chain_invalid",
            TrustError::RevokedAfterClaimedTime { .. } => "revoked_after_claimed_time",
            TrustError::SignerIdMismatch { .. } => "signer_id_mismatch",
            TrustError::SignerNameMismatch { .. } => "signer_name_mismatch",
            TrustError::SignerNotIdentified { .. } => "signer_not_identified",
            TrustError::CertificateReused { .. } => "certificate_reused",
            TrustError::SignerReused { .. } => "signer_reused",
        }
    }

    /// Every stable code, for the catalogue test against `docs/spec/trust.md`.
    pub const CODES: &'static [&'static str] = &[
        "chain_empty",
        "chain_too_long",
        "cert_too_large",
        "cert_malformed",
        "root_malformed",
        "pem_malformed",
        "crl_malformed",
        "too_many_trust_inputs",
        "signing_time_invalid",
        "signing_time_in_future",
        "cert_expired",
        "cert_not_yet_valid",
        "cert_revoked",
        "unknown_issuer",
        "bad_signature",
        "intermediate_not_ca",
        "leaf_is_ca",
        "chain_constraint_violated",
        "unsupported_algorithm",
        "unsupported_key",
        "crl_invalid",
        "missing_digital_signature",
        "weak_rsa_key",
        "organisation_cert_for_person",
        "personal_cert_for_seal",
        "school_mismatch",
        "path_too_complex",
        "chain_invalid",
        "revoked_after_claimed_time",
        "signer_id_mismatch",
        "signer_name_mismatch",
        "signer_not_identified",
        "certificate_reused",
        "signer_reused",
    ];

    /// The message in Vietnamese.
    pub fn message_vi(&self) -> String {
        match self {
            TrustError::ChainEmpty => "Chuỗi chứng thư số rỗng".into(),
            TrustError::ChainTooLong { len, max } => {
                format!("Chuỗi chứng thư số có {len} chứng thư; tối đa {max}")
            }
            TrustError::CertTooLarge { index, len, max } => {
                format!("Chứng thư số thứ {index} dài {len} byte; tối đa {max}")
            }
            TrustError::MalformedCertificate { .. } => "Chứng thư số không đúng định dạng".into(),
            TrustError::MalformedRoot => "Chứng thư số gốc không đúng định dạng".into(),
            TrustError::MalformedPem => "Tệp PEM hỏng hoặc không chứa chứng thư số".into(),
            TrustError::MalformedCrl => "Danh sách thu hồi (CRL) không đúng định dạng".into(),
            TrustError::TooManyTrustInputs { max } => {
                format!("Quá nhiều chứng thư gốc hoặc CRL (tối đa {max})")
            }
            TrustError::SigningTimeInvalid { .. } => "Thời điểm ký không hợp lệ".into(),
            TrustError::SigningTimeInFuture {
                signing_time,
                verification_time,
                ..
            } => format!(
                "Thời điểm ký {signing_time} muộn hơn thời điểm kiểm tra {verification_time}"
            ),
            TrustError::Expired {
                signing_time,
                not_after,
            } => format!(
                "Chứng thư số đã hết hạn tại thời điểm ký {signing_time} (hết hạn {not_after})"
            ),
            TrustError::NotYetValid {
                signing_time,
                not_before,
            } => format!(
                "Chứng thư số chưa có hiệu lực tại thời điểm ký {signing_time} (hiệu lực từ {not_before})"
            ),
            TrustError::Revoked { revoked_at, .. } => {
                format!("Chứng thư số đã bị thu hồi ngày {revoked_at}")
            }
            TrustError::UnknownIssuer => {
                "Chứng thư số không dẫn tới chứng thư gốc nào được tin cậy".into()
            }
            TrustError::BadSignature => {
                "Chữ ký trên chứng thư số không khớp với khoá của tổ chức cấp".into()
            }
            TrustError::IntermediateNotCa => {
                "Một chứng thư trung gian không phải là chứng thư của tổ chức cấp (CA)".into()
            }
            TrustError::LeafIsCa => "Chứng thư số của người ký là chứng thư CA".into(),
            TrustError::ConstraintViolated => {
                "Vi phạm ràng buộc độ dài đường dẫn hoặc ràng buộc tên".into()
            }
            TrustError::UnsupportedAlgorithm => {
                "Chứng thư số hoặc CRL được ký bằng thuật toán không được hỗ trợ".into()
            }
            TrustError::UnsupportedKey => {
                "Loại khoá công khai của người ký không được hỗ trợ".into()
            }
            TrustError::CrlInvalid => "Không dùng được danh sách thu hồi (CRL)".into(),
            TrustError::MissingDigitalSignature => {
                "Chứng thư số không cho phép ký số (digitalSignature/nonRepudiation)".into()
            }
            TrustError::WeakRsaKey { bits, min } => {
                format!("Khoá RSA {bits} bit quá ngắn; tối thiểu {min} bit")
            }
            TrustError::OrganisationCertForPerson { role } => format!(
                "Chứng thư số của tổ chức không được ký với vai trò {}",
                role.label(crate::Lang::Vi)
            ),
            TrustError::PersonalCertForSeal => {
                "Chứng thư số cá nhân không được dùng làm con dấu của nhà trường".into()
            }
            TrustError::SchoolMismatch => "Chứng thư số không thuộc nhà trường của học bạ".into(),
            TrustError::PathTooComplex => "Chuỗi chứng thư số quá phức tạp".into(),
            TrustError::ChainInvalid { .. } => "Chuỗi chứng thư số không hợp lệ".into(),
            TrustError::RevokedAfterClaimedTime { revoked_at, .. } => format!(
                "Chứng thư số bị thu hồi ngày {revoked_at}, sau thời điểm ký được khai; không có dấu thời gian chứng minh thời điểm ký"
            ),
            TrustError::SignerIdMismatch { role } => format!(
                "Số định danh trên chứng thư số không phải của người được ghi là {} trong học bạ",
                role.label(crate::Lang::Vi)
            ),
            TrustError::SignerNameMismatch { role } => format!(
                "Chứng thư số mang tên người khác với {} được ghi trong học bạ",
                role.label(crate::Lang::Vi)
            ),
            TrustError::SignerNotIdentified { role } => format!(
                "Không có số định danh để đối chiếu người ký với {} được ghi trong học bạ",
                role.label(crate::Lang::Vi)
            ),
            TrustError::CertificateReused { role, first_role } => format!(
                "Cùng một chứng thư số đã ký với vai trò {} và {}",
                first_role.label(crate::Lang::Vi),
                role.label(crate::Lang::Vi)
            ),
            TrustError::SignerReused { role, first_role } => format!(
                "Cùng một người đã ký với vai trò {} và {}",
                first_role.label(crate::Lang::Vi),
                role.label(crate::Lang::Vi)
            ),
        }
    }
}
