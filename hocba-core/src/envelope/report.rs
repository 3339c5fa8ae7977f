//! The verification report: per signer who, which role, which certificate, valid or exactly
//! why not; overall valid, incomplete or invalid.

use serde_json::{Value, json};

use super::{Algorithm, EnvelopeError, SignerRole, TrustError, UnixTime};
use crate::Lang;
use crate::model::{PrincipalCapacity, Sha256Digest};

/// Overall outcome of a verification.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Status {
    /// All three roles signed, in order, and every signature and certificate is valid.
    Valid,
    /// Every signature present is valid, but a later role has not signed yet
    /// (e.g. "awaiting principal").
    Incomplete,
    /// Some signature, certificate or structural check failed.
    Invalid,
}

impl Status {
    /// `valid`, `incomplete` or `invalid`.
    pub const fn code(self) -> &'static str {
        match self {
            Status::Valid => "valid",
            Status::Incomplete => "incomplete",
            Status::Invalid => "invalid",
        }
    }

    /// A label in `lang`.
    pub const fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Status::Valid, Lang::Vi) => "hợp lệ",
            (Status::Incomplete, Lang::Vi) => "chưa đủ chữ ký",
            (Status::Invalid, Lang::Vi) => "không hợp lệ",
            (Status::Valid, Lang::En) => "valid",
            (Status::Incomplete, Lang::En) => "incomplete",
            (Status::Invalid, Lang::En) => "invalid",
        }
    }
}

/// Why one signer's signature is not valid. The most specific failure is reported (order
/// of the checks: `docs/spec/signature.md` §"Verification").
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SignerFailure {
    /// The role is not the one expected at this position (GVCN → Hiệu trưởng → con dấu).
    #[error("role out of order: expected {}", expected.code())]
    RoleOutOfOrder {
        /// The role expected at this position.
        expected: SignerRole,
    },
    /// The leaf certificate or its key cannot be used (unreadable, unsupported, RSA below
    /// 2048 bits, key not fitting `alg`).
    #[error("{0}")]
    Key(EnvelopeError),
    /// The signature does not verify over the payload, the headers and the earlier
    /// signatures.
    #[error("signature does not verify")]
    Signature,
    /// The signing time is before the previous signer's (beyond the clock skew).
    #[error("signing time precedes the previous signer's")]
    SigningTimeOrder,
    /// The principal's capacity in the header differs from the record's principal block.
    #[error("principal capacity differs from the record")]
    CapacityMismatch,
    /// The trust store refused the signing time (in the future), the certificate chain for
    /// this role at the signing time, or the certificate for the record's school.
    #[error("certificate: {0}")]
    Certificate(TrustError),
    /// An XML signature's references or value break the profile: a digest that does not
    /// match (the data changed), a signature length that does not fit the key
    /// (`docs/spec/xml-signature.md`).
    #[error("{0}")]
    XmlSignature(crate::xmldsig::XmlSigError),
    /// The signature's RFC 3161 time-stamp token was refused (ADR 0160): a token is never
    /// ignored.
    #[error("time-stamp: {0}")]
    Timestamp(crate::timestamp::TimestampError),
}

impl SignerFailure {
    /// Stable machine code.
    pub fn code(&self) -> &'static str {
        match self {
            SignerFailure::RoleOutOfOrder { .. } => "role_out_of_order",
            SignerFailure::Key(e) => e.code(),
            SignerFailure::Signature => "signature_invalid",
            SignerFailure::SigningTimeOrder => "signing_time_order",
            SignerFailure::CapacityMismatch => "capacity_mismatch",
            SignerFailure::Certificate(e) => e.code(),
            SignerFailure::XmlSignature(e) => e.code(),
            SignerFailure::Timestamp(e) => e.code(),
        }
    }

    /// Message in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        if lang == Lang::En {
            return self.to_string();
        }
        match self {
            SignerFailure::RoleOutOfOrder { expected } => {
                format!(
                    "sai thứ tự người ký: vị trí này phải là {}",
                    role_label(*expected, Lang::Vi)
                )
            }
            SignerFailure::Key(e) => e.message_vi(),
            SignerFailure::Signature => "chữ ký không đúng".into(),
            SignerFailure::SigningTimeOrder => "thời điểm ký sớm hơn người ký trước".into(),
            SignerFailure::CapacityMismatch => {
                "tư cách ký của hiệu trưởng không khớp với hồ sơ".into()
            }
            SignerFailure::Certificate(e) => e.message_vi(),
            SignerFailure::XmlSignature(e) => e.message_vi(),
            SignerFailure::Timestamp(e) => format!("dấu thời gian: {}", e.message_vi()),
        }
    }
}

/// The role's label as printed in the học bạ.
pub fn role_label(role: SignerRole, lang: Lang) -> &'static str {
    match (role, lang) {
        (SignerRole::HomeroomTeacher, Lang::Vi) => "Giáo viên chủ nhiệm",
        (SignerRole::Principal, Lang::Vi) => "Hiệu trưởng",
        (SignerRole::SchoolSeal, Lang::Vi) => "Con dấu của trường",
        (SignerRole::HomeroomTeacher, Lang::En) => "Homeroom teacher",
        (SignerRole::Principal, Lang::En) => "Principal",
        (SignerRole::SchoolSeal, Lang::En) => "School seal",
    }
}

/// What the leaf certificate says, read from its received bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CertificateSummary {
    /// Subject common name: the person, or the school for a seal certificate.
    pub subject_name: String,
    /// Subject organisation, where present.
    pub organisation: Option<String>,
    /// Issuer (RFC 4514 string).
    pub issuer: String,
    /// Serial number, lower-case hex.
    pub serial_hex: String,
    /// Whether the trust policy classified it as an organisation certificate (known only
    /// when the chain was accepted).
    pub is_organisation: Option<bool>,
}

/// A revocation of a certificate of the signer's path dated after the claimed signing time:
/// accepted under the default policy for reasons that do not reach back (the signature stands
/// and the report says so), refused under [`crate::trust::RevocationPolicy::Strict`]
/// (`docs/spec/trust.md`, ADR 0141).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LaterRevocation {
    /// The CRL's revocation date.
    pub revoked_at: UnixTime,
    /// The CRLReason code (RFC 5280 §5.3.1), if the CRL gave one.
    pub reason: Option<u8>,
}

impl LaterRevocation {
    /// The reason's RFC 5280 name in snake case (`affiliation_changed`), `None` without one.
    pub fn reason_code(&self) -> Option<&'static str> {
        self.reason.map(crl_reason_code)
    }
}

/// RFC 5280 §5.3.1 CRLReason in snake case.
pub fn crl_reason_code(reason: u8) -> &'static str {
    match reason {
        0 => "unspecified",
        1 => "key_compromise",
        2 => "ca_compromise",
        3 => "affiliation_changed",
        4 => "superseded",
        5 => "cessation_of_operation",
        6 => "certificate_hold",
        8 => "remove_from_crl",
        9 => "privilege_withdrawn",
        10 => "aa_compromise",
        _ => "other",
    }
}

fn crl_reason_label(reason: Option<u8>, lang: Lang) -> &'static str {
    match (reason, lang) {
        (None, Lang::Vi) => "không nêu lý do",
        (None, Lang::En) => "no reason given",
        (Some(1), Lang::Vi) => "lộ khoá",
        (Some(2), Lang::Vi) => "lộ khoá của tổ chức cấp",
        (Some(3), Lang::Vi) => "thay đổi đơn vị công tác",
        (Some(4), Lang::Vi) => "đã được thay thế",
        (Some(5), Lang::Vi) => "ngừng hoạt động",
        (Some(6), Lang::Vi) => "tạm dừng",
        (Some(9), Lang::Vi) => "bị rút quyền",
        (Some(_), Lang::Vi) => "lý do khác",
        (Some(1), Lang::En) => "key compromise",
        (Some(2), Lang::En) => "CA compromise",
        (Some(3), Lang::En) => "affiliation changed",
        (Some(4), Lang::En) => "superseded",
        (Some(5), Lang::En) => "cessation of operation",
        (Some(6), Lang::En) => "certificate hold",
        (Some(9), Lang::En) => "privilege withdrawn",
        (Some(_), Lang::En) => "other reason",
    }
}

/// One signer's line of the report.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignerReport {
    /// Position in the signatures array (0 = first).
    pub position: usize,
    /// The role from the protected header.
    pub role: SignerRole,
    /// The principal's capacity (principal only).
    pub capacity: Option<PrincipalCapacity>,
    /// The algorithm.
    pub algorithm: Algorithm,
    /// The signing time from the protected header.
    pub signing_time: UnixTime,
    /// The leaf certificate, when it could be read.
    pub certificate: Option<CertificateSummary>,
    /// `Ok` or the precise reason.
    pub outcome: Result<(), SignerFailure>,
    /// A revocation dated after the claimed signing time: with `Ok`, a signature accepted
    /// although its certificate was revoked later; with `revoked_after_claimed_time`, the
    /// revocation the strict policy counted.
    pub revoked_later: Option<LaterRevocation>,
    /// The verified RFC 3161 time-stamp whose time the certificate chain was judged at
    /// (ADR 0160); `None`: judged at the claimed `signing_time`.
    pub timestamp: Option<crate::timestamp::TimestampInfo>,
}

impl SignerReport {
    /// Which time the certificate chain was judged at: `claimed` (the signer's own
    /// `signing_time`) or `timestamp` (a verified time-stamp's `genTime`).
    pub fn time_source(&self) -> &'static str {
        if self.timestamp.is_some() {
            "timestamp"
        } else {
            "claimed"
        }
    }

    /// The time the certificate chain was judged at.
    pub fn judged_at(&self) -> UnixTime {
        self.timestamp
            .as_ref()
            .map_or(self.signing_time, |t| t.time)
    }

    /// The later revocation named by `outcome` or by the accepted certificate `info`.
    pub(crate) fn later_revocation(
        outcome: &Result<(), SignerFailure>,
        info: Option<&crate::trust::CertificateInfo>,
    ) -> Option<LaterRevocation> {
        match outcome {
            Err(SignerFailure::Certificate(TrustError::RevokedAfterClaimedTime {
                revoked_at,
                reason,
                ..
            })) => Some(LaterRevocation {
                revoked_at: *revoked_at,
                reason: *reason,
            }),
            Ok(()) => info.and_then(|i| {
                i.revoked_later.map(|revoked_at| LaterRevocation {
                    revoked_at,
                    reason: i.revoked_later_reason,
                })
            }),
            Err(_) => None,
        }
    }
}

/// The format of the signed record a report is about, and what that format's verification
/// required: the one decision of which keys a report has (`to_json`, `to_text`), so the CLI,
/// Python and Kotlin/Swift show the same report for the same bytes (ADR 0260).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum RecordFormat {
    /// hocba's COSE_Sign profile: all three roles, in order.
    Cose,
    /// The national XML (CV 2088, XML-DSig), under a policy on the roles a valid record needs.
    NationalXml(crate::xmldsig::RequiredRoles),
}

impl RecordFormat {
    /// `cose` or `national_xml`.
    pub const fn code(self) -> &'static str {
        match self {
            RecordFormat::Cose => "cose",
            RecordFormat::NationalXml(_) => "national_xml",
        }
    }

    /// The roles the national XML's policy requires, as slot names (`GVCN`, `CBQL`,
    /// `KY_PHAT_HANH`); `None` for COSE, which has no slots.
    pub fn required_slots(self) -> Option<Vec<&'static str>> {
        match self {
            RecordFormat::Cose => None,
            RecordFormat::NationalXml(required) => Some(
                SignerRole::ALL
                    .into_iter()
                    .filter(|r| required.requires(*r))
                    .map(crate::xmldsig::slot_name)
                    .collect(),
            ),
        }
    }

    /// The slot a role signs in (`GVCN`, `CBQL`, `KY_PHAT_HANH`); `None` for COSE.
    pub fn slot(self, role: SignerRole) -> Option<&'static str> {
        match self {
            RecordFormat::Cose => None,
            RecordFormat::NationalXml(_) => Some(crate::xmldsig::slot_name(role)),
        }
    }
}

/// The result of verifying one signed year record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VerificationReport {
    /// The format of the record and, for the national XML, the roles required.
    pub format: RecordFormat,
    /// Overall status.
    pub status: Status,
    /// The machine code of the failure for `Invalid` (the first failing signer's), or
    /// `incomplete`; `None` when valid.
    pub error: Option<&'static str>,
    /// One line per signature present, in order.
    pub signers: Vec<SignerReport>,
    /// Roles that have not signed yet (in order).
    pub missing: Vec<SignerRole>,
    /// SHA-256 of the complete signed bytes (what a correction names in `supersedes`).
    pub digest: Sha256Digest,
    /// SHA-256 of the payload (the canonical year record).
    pub payload_digest: Sha256Digest,
    /// The verification time used.
    pub verified_at: UnixTime,
    /// Findings of the content checks run during verification ([`super::ContentCheck`]).
    pub findings: Vec<super::ContentFinding>,
}

/// RFC 3339 UTC form of a time (`2027-05-25T08:30:00Z`).
pub fn format_time(t: UnixTime) -> String {
    t.to_rfc3339()
}

impl VerificationReport {
    /// The report as JSON: the one shape the CLI's `--json` (one record and the lines of
    /// bulk verification), Python's `to_dict` and the Kotlin/Swift report map (ADR 0260).
    /// Every report has `ok` (the status is `valid`) and `format` (`cose`, `national_xml`); a
    /// national XML's also has `required_roles` and `missing_slots` (slot names) and each
    /// signer's `slot`. Contains signer names from the certificates, never pupil data.
    pub fn to_json(&self, lang: Lang) -> Value {
        let mut j = json!({
            "ok": self.status == Status::Valid,
            "format": self.format.code(),
            "status": self.status.code(),
            "error": self.error,
            "digest": self.digest.to_hex(),
            "payload_digest": self.payload_digest.to_hex(),
            "verified_at": format_time(self.verified_at),
            "missing": self.missing.iter().map(|r| r.code()).collect::<Vec<_>>(),
            "signers": self.signers.iter().map(|s| self.signer_json(s, lang)).collect::<Vec<_>>(),
            "findings": self.findings.iter().map(|f| json!({
                "code": f.code, "rule": f.rule, "path": f.path, "blocking": f.blocking,
                "message": match lang { Lang::Vi => &f.message_vi, Lang::En => &f.message_en },
            })).collect::<Vec<_>>(),
        });
        if let Some(required) = self.format.required_slots() {
            j["required_roles"] = json!(required);
            j["missing_slots"] = json!(self.missing_slots());
        }
        j
    }

    /// The slots of the roles that have not signed (national XML; empty for COSE).
    pub fn missing_slots(&self) -> Vec<&'static str> {
        self.missing
            .iter()
            .filter_map(|m| self.format.slot(*m))
            .collect()
    }

    fn signer_json(&self, s: &SignerReport, lang: Lang) -> Value {
        let mut j = json!({
            "position": s.position,
            "role": s.role.code(),
            "capacity": s.capacity.map(|c| c.code()),
            "algorithm": s.algorithm.name(),
            "signing_time": format_time(s.signing_time),
            "certificate": s.certificate.as_ref().map(|c| json!({
                "subject_name": c.subject_name,
                "organisation": c.organisation,
                "issuer": c.issuer,
                "serial": c.serial_hex,
                "is_organisation": c.is_organisation,
            })),
            "revoked_later": s.revoked_later.map(|r| json!({
                "revoked_at": format_time(r.revoked_at),
                "reason": r.reason_code(),
            })),
            "time_source": s.time_source(),
            "judged_at": format_time(s.judged_at()),
            "timestamp": s.timestamp.as_ref().map(crate::timestamp::TimestampInfo::to_json),
            "valid": s.outcome.is_ok(),
            "error": s.outcome.as_ref().err().map(SignerFailure::code),
            "message": s.outcome.as_ref().err().map(|e| e.message(lang)),
        });
        if let Some(slot) = self.format.slot(s.role) {
            j["slot"] = json!(slot);
        }
        j
    }

    /// A short human-readable report, one line per signer: the one text the CLI, Python's
    /// `to_text` and Kotlin/Swift's `summary_vi`/`summary_en` show (ADR 0260). A national
    /// XML's names each signer's slot, the slots not yet signed and the roles required.
    pub fn to_text(&self, lang: Lang) -> String {
        let mut out = String::new();
        let t = |vi: &'static str, en: &'static str| if lang == Lang::Vi { vi } else { en };
        let status_word = match self.format {
            RecordFormat::Cose => t("Trạng thái", "Status"),
            RecordFormat::NationalXml(_) => {
                t("Học bạ số (XML quốc gia)", "National học bạ số (XML)")
            }
        };
        let missing_word = t("Chưa ký", "Not yet signed");
        out.push_str(&format!("{status_word}: {}\n", self.status.label(lang)));
        for s in &self.signers {
            let who = s
                .certificate
                .as_ref()
                .map(|c| c.subject_name.as_str())
                .unwrap_or("?");
            let capacity = match (s.capacity, lang) {
                (Some(c @ PrincipalCapacity::OnBehalf), Lang::Vi) => format!(" ({})", c.label_vi()),
                (Some(c @ PrincipalCapacity::OnBehalf), Lang::En) => format!(" ({})", c.label_en()),
                _ => String::new(),
            };
            let outcome = match &s.outcome {
                Ok(()) => "✓".to_string(),
                Err(e) => format!("✗ {} [{}]", e.message(lang), e.code()),
            };
            let role = match self.format.slot(s.role) {
                Some(slot) => format!("{slot} ({}{capacity})", role_label(s.role, lang)),
                None => format!("{}{capacity}", role_label(s.role, lang)),
            };
            out.push_str(&format!(
                "  {}. {}: {} — {} {} — {}\n",
                s.position + 1,
                role,
                who,
                s.algorithm,
                format_time(s.signing_time),
                outcome
            ));
            if let Some(ts) = &s.timestamp {
                let word = t(
                    "dấu thời gian (chứng thư số được đánh giá tại thời điểm này)",
                    "time-stamp (the certificate was judged at this time)",
                );
                out.push_str(&format!(
                    "     {word}: {} — {}\n",
                    format_time(ts.time),
                    ts.tsa_name
                ));
            }
            if let Some(r) = &s.revoked_later {
                let word = match lang {
                    Lang::Vi => "chứng thư số bị thu hồi sau thời điểm ký được khai",
                    Lang::En => "certificate revoked after the claimed signing time",
                };
                out.push_str(&format!(
                    "     {word}: {} ({})\n",
                    format_time(r.revoked_at),
                    crl_reason_label(r.reason, lang)
                ));
            }
        }
        for r in &self.missing {
            match self.format.slot(*r) {
                Some(slot) => out.push_str(&format!(
                    "  {missing_word}: {slot} ({})\n",
                    role_label(*r, lang)
                )),
                None => out.push_str(&format!("  {missing_word}: {}\n", role_label(*r, lang))),
            }
        }
        if let Some(required) = self.format.required_slots() {
            out.push_str(&format!(
                "  {}: {}\n",
                t("Cần chữ ký của", "Required signers"),
                required.join(", ")
            ));
        }
        // The blocking findings (the TT27 rules' errors, the dates against the signing times,
        // ADR 0265), one line each.
        for f in self.findings.iter().filter(|f| f.blocking) {
            let m = match lang {
                Lang::Vi => &f.message_vi,
                Lang::En => &f.message_en,
            };
            out.push_str(&format!("  {}: {m} [{}]\n", t("Lỗi", "Error"), f.code));
        }
        out
    }
}
