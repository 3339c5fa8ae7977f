//! Verifying a signed year record against trust anchors the caller hands in.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use hocba_core::Lang;
use hocba_core::envelope::{self, Verifier};
use hocba_core::trust::UnixTime;

use crate::error::{HocbaError, guard};
use crate::model::{PrincipalCapacity, YearRecord};
use crate::trust::TrustStore;

/// A signer's role, in signing order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, uniffi::Enum)]
pub enum SignerRole {
    /// Giáo viên chủ nhiệm (GVCN), signs first.
    HomeroomTeacher,
    /// Hiệu trưởng, signs second.
    Principal,
    /// Con dấu: the school's organisation certificate, signs last.
    SchoolSeal,
}

impl From<envelope::SignerRole> for SignerRole {
    fn from(r: envelope::SignerRole) -> Self {
        match r {
            envelope::SignerRole::HomeroomTeacher => SignerRole::HomeroomTeacher,
            envelope::SignerRole::Principal => SignerRole::Principal,
            envelope::SignerRole::SchoolSeal => SignerRole::SchoolSeal,
        }
    }
}

impl From<SignerRole> for envelope::SignerRole {
    fn from(r: SignerRole) -> Self {
        match r {
            SignerRole::HomeroomTeacher => envelope::SignerRole::HomeroomTeacher,
            SignerRole::Principal => envelope::SignerRole::Principal,
            SignerRole::SchoolSeal => envelope::SignerRole::SchoolSeal,
        }
    }
}

#[uniffi::export]
impl SignerRole {
    /// The stable wire code (`gvcn`, `hieu_truong`, `con_dau`).
    pub fn code(&self) -> String {
        envelope::SignerRole::from(*self).code().to_owned()
    }

    /// The Vietnamese label, as printed in the học bạ.
    pub fn label_vi(&self) -> String {
        envelope::role_label((*self).into(), Lang::Vi).to_owned()
    }

    /// The English label.
    pub fn label_en(&self) -> String {
        envelope::role_label((*self).into(), Lang::En).to_owned()
    }
}

/// Overall outcome of a verification.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, uniffi::Enum)]
pub enum VerificationStatus {
    /// All three roles signed, in order, and every signature and certificate is valid.
    Valid,
    /// Every signature present is valid, but a later role has not signed yet.
    Incomplete,
    /// Some signature, certificate or structural check failed.
    Invalid,
}

impl From<envelope::Status> for VerificationStatus {
    fn from(s: envelope::Status) -> Self {
        match s {
            envelope::Status::Valid => VerificationStatus::Valid,
            envelope::Status::Incomplete => VerificationStatus::Incomplete,
            envelope::Status::Invalid => VerificationStatus::Invalid,
        }
    }
}

/// What a signer's leaf certificate says.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct CertificateSummary {
    /// Subject common name: the person, or the school for a seal certificate.
    pub subject_name: String,
    /// Subject organisation, where present.
    pub organisation: Option<String>,
    /// Issuer (RFC 4514 string).
    pub issuer: String,
    /// Serial number, lower-case hex.
    pub serial_hex: String,
    /// Whether the trust policy classified it as an organisation certificate (known only when
    /// the chain was accepted).
    pub is_organisation: Option<bool>,
}

/// One signer's line of the report: who, which role, which certificate, valid or why not.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct SignerReport {
    /// Position in the signatures array (0 = first).
    pub position: u32,
    /// The role from the protected header.
    pub role: SignerRole,
    /// The national XML's slot the signature is in (`GVCN`, `CBQL`, `KY_PHAT_HANH`); null for
    /// a COSE record (the core's `slot`, ADR 0260).
    pub slot: Option<String>,
    /// The principal's capacity (principal only).
    pub capacity: Option<PrincipalCapacity>,
    /// The algorithm, e.g. `EdDSA`, `PS256`.
    pub algorithm: String,
    /// The signing time from the protected header.
    pub signing_time: SystemTime,
    /// The leaf certificate, when it could be read.
    pub certificate: Option<CertificateSummary>,
    /// True when this signature and its certificate are valid.
    pub valid: bool,
    /// The stable code of the failure, when not valid.
    pub error: Option<String>,
    /// The failure in Vietnamese, when not valid.
    pub message_vi: Option<String>,
    /// The failure in English, when not valid.
    pub message_en: Option<String>,
    /// A revocation of the certificate dated after the claimed signing time (ADR 0141): with
    /// `valid`, a signature the default policy kept; with `error` `revoked_after_claimed_time`,
    /// the one `RevocationPolicy::Strict` counted. Null otherwise.
    pub revoked_later: Option<LaterRevocation>,
    /// Which time the certificate chain was judged at: `claimed` (the signing time above) or
    /// `timestamp` (a verified RFC 3161 time-stamp's time, ADR 0160).
    pub time_source: String,
    /// The time the chain was judged at: the time-stamp's, or the claimed signing time.
    pub judged_at: SystemTime,
    /// The verified time-stamp's time, when `time_source` is `timestamp`.
    pub timestamp_time: Option<SystemTime>,
    /// The time-stamping authority that vouched for it (its certificate's name).
    pub timestamp_tsa: Option<String>,
    /// The TSA root the time-stamp's authority chains to (its name).
    pub timestamp_tsa_root: Option<String>,
    /// The time-stamp token's serial number, lower-case hex.
    pub timestamp_serial: Option<String>,
    /// The time-stamp's TSA policy OID, dotted.
    pub timestamp_policy: Option<String>,
}

/// A revocation dated after the claimed signing time, as the CRL gives it.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct LaterRevocation {
    /// The CRL's revocation date.
    pub revoked_at: SystemTime,
    /// The CRLReason (RFC 5280 §5.3.1) in snake case (`affiliation_changed`), null when the
    /// CRL gives none.
    pub reason: Option<String>,
}

/// One finding of the content checks run during verification.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct ContentFinding {
    /// Stable machine code of the rule.
    pub code: String,
    /// The article enforced, e.g. "TT27 Điều 9.2.a".
    pub rule: String,
    /// Path into the record, e.g. `subjects[3].score`.
    pub path: String,
    /// An error (as opposed to a warning).
    pub blocking: bool,
    /// Message in Vietnamese.
    pub message_vi: String,
    /// Message in English.
    pub message_en: String,
}

impl From<envelope::ContentFinding> for ContentFinding {
    fn from(f: envelope::ContentFinding) -> Self {
        let envelope::ContentFinding {
            code,
            rule,
            path,
            blocking,
            message_vi,
            message_en,
        } = f;
        Self {
            code,
            rule,
            path,
            blocking,
            message_vi,
            message_en,
        }
    }
}

/// The result of verifying one signed year record.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct VerificationReport {
    /// Overall status.
    pub status: VerificationStatus,
    /// The format of the signed record: `cose` or `national_xml` (the core's `format`, ADR
    /// 0260); null when the input could not be read as either.
    pub format: Option<String>,
    /// A national XML's required roles, as slot names (`GVCN`, `CBQL`, `KY_PHAT_HANH`); null
    /// for a COSE record.
    pub required_roles: Option<Vec<String>>,
    /// A national XML's slots not yet signed, in order; null for a COSE record.
    pub missing_slots: Option<Vec<String>>,
    /// The code of the failure for `Invalid` (the first failing signer's), `incomplete` for
    /// `Incomplete`, none when valid.
    pub error: Option<String>,
    /// One line per signature present, in order.
    pub signers: Vec<SignerReport>,
    /// Roles that have not signed yet, in order.
    pub missing: Vec<SignerRole>,
    /// SHA-256 (hex) of the complete signed bytes (what a correction names in `supersedes`).
    pub digest: String,
    /// SHA-256 (hex) of the payload (the canonical year record).
    pub payload_digest: String,
    /// The verification time used.
    pub verified_at: SystemTime,
    /// Findings of the TT27 rules (default policy) run on the content; they never change
    /// the signature status.
    pub findings: Vec<ContentFinding>,
    /// The record, present only when every signature is valid (`status == Valid`): an
    /// unverified record is never handed out as if it were signed.
    pub record: Option<YearRecord>,
    /// A short human-readable report in Vietnamese, one line per signer.
    pub summary_vi: String,
    /// The same in English.
    pub summary_en: String,
}

pub(crate) fn to_system_time(t: UnixTime) -> SystemTime {
    let secs = t.secs();
    if secs >= 0 {
        UNIX_EPOCH + Duration::from_secs(secs.unsigned_abs())
    } else {
        UNIX_EPOCH - Duration::from_secs(secs.unsigned_abs())
    }
}

pub(crate) fn to_unix_time(t: SystemTime) -> UnixTime {
    let secs = match t.duration_since(UNIX_EPOCH) {
        Ok(d) => i64::try_from(d.as_secs()).unwrap_or(i64::MAX),
        Err(e) => i64::try_from(e.duration().as_secs()).map_or(i64::MIN, |s| -s),
    };
    UnixTime::from_secs(secs)
}

/// A certificate accepted by the trust store, as a PDF signature's report shows it.
pub(crate) fn certificate_summary(c: &hocba_core::trust::CertificateInfo) -> CertificateSummary {
    CertificateSummary {
        subject_name: c.subject_name.clone(),
        organisation: c.organisation.clone(),
        issuer: c.issuer.clone(),
        serial_hex: c.serial_hex.clone(),
        is_organisation: Some(c.is_organisation),
    }
}

pub(crate) fn signer_report(
    s: &envelope::SignerReport,
    format: envelope::RecordFormat,
) -> SignerReport {
    SignerReport {
        position: u32::try_from(s.position).unwrap_or(u32::MAX),
        role: s.role.into(),
        slot: format.slot(s.role).map(str::to_owned),
        capacity: s.capacity.map(Into::into),
        algorithm: s.algorithm.name().to_owned(),
        signing_time: to_system_time(s.signing_time),
        certificate: s.certificate.as_ref().map(|c| CertificateSummary {
            subject_name: c.subject_name.clone(),
            organisation: c.organisation.clone(),
            issuer: c.issuer.clone(),
            serial_hex: c.serial_hex.clone(),
            is_organisation: c.is_organisation,
        }),
        valid: s.outcome.is_ok(),
        error: s.outcome.as_ref().err().map(|e| e.code().to_owned()),
        message_vi: s.outcome.as_ref().err().map(|e| e.message(Lang::Vi)),
        message_en: s.outcome.as_ref().err().map(|e| e.message(Lang::En)),
        revoked_later: s.revoked_later.as_ref().map(|r| LaterRevocation {
            revoked_at: to_system_time(r.revoked_at),
            reason: r.reason_code().map(str::to_owned),
        }),
        time_source: s.time_source().to_owned(),
        judged_at: to_system_time(s.judged_at()),
        timestamp_time: s.timestamp.as_ref().map(|t| to_system_time(t.time)),
        timestamp_tsa: s.timestamp.as_ref().map(|t| t.tsa_name.clone()),
        timestamp_tsa_root: s.timestamp.as_ref().map(|t| t.tsa_root.clone()),
        timestamp_serial: s.timestamp.as_ref().map(|t| t.serial_hex.clone()),
        timestamp_policy: s.timestamp.as_ref().map(|t| t.policy.clone()),
    }
}

fn report(r: envelope::VerificationReport, record: Option<YearRecord>) -> VerificationReport {
    let strings = |v: Vec<&str>| v.into_iter().map(str::to_owned).collect::<Vec<_>>();
    VerificationReport {
        status: r.status.into(),
        format: Some(r.format.code().to_owned()),
        required_roles: r.format.required_slots().map(strings),
        missing_slots: r
            .format
            .required_slots()
            .map(|_| strings(r.missing_slots())),
        error: r.error.map(str::to_owned),
        signers: r
            .signers
            .iter()
            .map(|s| signer_report(s, r.format))
            .collect(),
        missing: r.missing.iter().map(|&m| m.into()).collect(),
        digest: r.digest.to_hex(),
        payload_digest: r.payload_digest.to_hex(),
        verified_at: to_system_time(r.verified_at),
        summary_vi: r.to_text(Lang::Vi),
        summary_en: r.to_text(Lang::En),
        findings: r.findings.into_iter().map(Into::into).collect(),
        record,
    }
}

pub(crate) fn record_report_with(v: envelope::Verification) -> VerificationReport {
    record_report(v)
}

fn record_report(v: envelope::Verification) -> VerificationReport {
    let (r, verified) = v.into_parts();
    report(r, verified.map(|v| v.into_inner().into()))
}

/// The report of an input that is not a signed record: `Invalid` with the reading error.
fn unreadable_report(
    err: hocba_core::Error,
    digest: hocba_core::model::Sha256Digest,
    at: UnixTime,
) -> VerificationReport {
    VerificationReport {
        status: VerificationStatus::Invalid,
        format: None,
        required_roles: None,
        missing_slots: None,
        error: Some(err.code().to_owned()),
        signers: Vec::new(),
        missing: Vec::new(),
        digest: digest.to_hex(),
        payload_digest: String::new(),
        verified_at: to_system_time(at),
        findings: Vec::new(),
        record: None,
        summary_vi: err.message(Lang::Vi),
        summary_en: err.message(Lang::En),
    }
}

/// A transcript-level problem (corrections, duplicates, pupil mismatch).
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct TranscriptIssue {
    /// Stable code: `duplicate_record`, `correction_target_missing`,
    /// `correction_year_mismatch`, `correction_fork`, `duplicate_year`, `pupil_mismatch`,
    /// `lookup_code_reused`.
    pub code: String,
    /// Index of the record concerned, in container order.
    pub record: u32,
    /// Message in Vietnamese.
    pub message_vi: String,
    /// Message in English.
    pub message_en: String,
}

/// One revision of a school year.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct Revision {
    /// Index in the container.
    pub index: u32,
    /// SHA-256 (hex) of its signed bytes.
    pub digest: String,
    /// The digest it supersedes (a correction), if any.
    pub supersedes: Option<String>,
    /// Its lookup code (format 2), if it has one.
    pub lookup_code: Option<String>,
    /// Whether the portal recalled it (the caller's recall facts).
    pub recalled: bool,
    /// Its verification report (without the record: the verified years are in
    /// [`TranscriptVerificationReport::years_verified`]).
    pub report: VerificationReport,
}

/// The history of one school year: every revision, oldest first; the last is current.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct YearHistory {
    /// Năm học, `2024-2025`.
    pub school_year: String,
    /// Grade of the current revision.
    pub grade: u8,
    /// Digest (hex) of the current revision.
    pub current: String,
    /// Container index of the current revision.
    pub current_index: u32,
    /// Every revision, oldest first.
    pub revisions: Vec<Revision>,
}

/// The result of verifying a signed transcript container.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct TranscriptVerificationReport {
    /// Valid when every record is valid and no transcript rule is broken.
    pub status: VerificationStatus,
    /// The first transcript issue's code, `record_invalid`, `incomplete`, or none.
    pub error: Option<String>,
    /// Years in chronological order.
    pub years: Vec<YearHistory>,
    /// Transcript-level problems.
    pub issues: Vec<TranscriptIssue>,
    /// Cross-year content findings.
    pub findings: Vec<ContentFinding>,
    /// The current revision of every year, chronological, present only when the whole
    /// transcript is valid.
    pub years_verified: Option<Vec<YearRecord>>,
}

/// The TT27 rules under the default policy, run on the content during verification; their
/// violations become the report's `findings` and never change the signature status.
pub(crate) fn tt27() -> hocba_core::rules::Tt27Checks {
    hocba_core::rules::Tt27Checks {
        policy: hocba_core::rules::Policy::default(),
    }
}

fn u32_of(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

pub(crate) fn transcript_report(
    v: envelope::transcript::TranscriptVerification,
) -> TranscriptVerificationReport {
    let (r, verified) = v.into_parts();
    TranscriptVerificationReport {
        status: r.status.into(),
        error: r.error.map(str::to_owned),
        years: r
            .years
            .into_iter()
            .map(|y| YearHistory {
                school_year: y.school_year.into(),
                grade: y.grade.into(),
                current: y.current.to_hex(),
                current_index: u32_of(y.current_index),
                revisions: y
                    .revisions
                    .into_iter()
                    .map(|rev| Revision {
                        index: u32_of(rev.index),
                        digest: rev.digest.to_hex(),
                        supersedes: rev.supersedes.map(|d| d.to_hex()),
                        lookup_code: rev.lookup_code.map(|c| c.to_string()),
                        recalled: rev.recalled,
                        report: report(rev.report, None),
                    })
                    .collect(),
            })
            .collect(),
        issues: r
            .issues
            .iter()
            .map(|i| TranscriptIssue {
                code: i.code.to_owned(),
                record: u32_of(i.record),
                message_vi: i.message_vi(),
                message_en: i.message_en(),
            })
            .collect(),
        findings: r.findings.into_iter().map(Into::into).collect(),
        years_verified: verified
            .map(|years| years.into_iter().map(|v| v.into_inner().into()).collect()),
    }
}

#[uniffi::export]
impl TrustStore {
    /// Verifies a signed year record — a signed national XML (XML-DSig, all three roles
    /// required, as [`TrustStore::verify_xml`]) or a COSE_Sign of the hocba profile — at
    /// `verification_time`. Bytes that are not a signed record are an error; a signed record
    /// whose signatures or certificates fail is a report with status `Invalid` and the reason
    /// per signer.
    pub fn verify(
        &self,
        signed_record: Vec<u8>,
        verification_time: SystemTime,
    ) -> Result<VerificationReport, HocbaError> {
        guard(|| {
            let verifier = Verifier::new(&self.inner, to_unix_time(verification_time));
            Ok(record_report(
                hocba_core::xmldsig::verify_signed_year_record(
                    &signed_record,
                    &verifier,
                    &tt27(),
                    hocba_core::xmldsig::RequiredRoles::All,
                )?,
            ))
        })
    }

    /// Verifies many signed year records at `verification_time` with all cores: the core's
    /// bulk verifier (Ed25519 signatures in batches, every certificate chain validated once for
    /// the whole call instead of once per record). Each input is a COSE record or a national
    /// XML signed with XML-DSig (the same report as [`TrustStore::verify_xml`] gives); they
    /// may be mixed. One report per input, in input order. An
    /// input that is not a signed record at all gives a report with status `Invalid`, its
    /// `error` code and message, no signers, the SHA-256 of the input as `digest` and an empty
    /// `payloadDigest`, so one bad file never stops the others.
    pub fn verify_many(
        &self,
        signed_records: Vec<Vec<u8>>,
        verification_time: SystemTime,
    ) -> Result<Vec<VerificationReport>, HocbaError> {
        guard(|| {
            let at = to_unix_time(verification_time);
            let verifier = envelope::Verifier::new(&self.inner, at);
            let threads = std::thread::available_parallelism().map_or(1, usize::from);
            // The bulk verifier hands the outcomes out in input order, one per input.
            let mut out = Vec::with_capacity(signed_records.len());
            // Each record is copied as the stream takes it (cheaper than hashing every input
            // up front); only an unreadable one is hashed, for its report's `digest`.
            let inputs = signed_records
                .iter()
                .enumerate()
                .map(|(i, b)| (i, Ok::<_, std::convert::Infallible>(b.clone())));
            hocba_core::bulk::verify_stream_with(
                &verifier,
                &hocba_core::bulk::BulkOptions::new(threads),
                &tt27(),
                inputs,
                |i, outcome| {
                    let r = match outcome {
                        hocba_core::bulk::Outcome::Checked(v) => record_report(*v),
                        hocba_core::bulk::Outcome::Unreadable(e) => {
                            let digest = hocba_core::model::Sha256Digest::of(&signed_records[i]);
                            unreadable_report(e.into(), digest, at)
                        }
                        hocba_core::bulk::Outcome::Input(never) => match never {},
                    };
                    out.push(r);
                },
            );
            Ok(out)
        })
    }

    /// Verifies a signed transcript container (every signed year record, with corrections)
    /// at `verification_time`.
    pub fn verify_transcript(
        &self,
        signed_transcript: Vec<u8>,
        verification_time: SystemTime,
    ) -> Result<TranscriptVerificationReport, HocbaError> {
        guard(|| {
            let unverified =
                envelope::transcript::UnverifiedTranscript::from_bytes(&signed_transcript)
                    .map_err(hocba_core::Error::from)?;
            Ok(transcript_report(unverified.verify_with(
                &self.inner,
                to_unix_time(verification_time),
                &tt27(),
            )))
        })
    }
}

/// Verifies a signed year record against `trust_anchors` (DER or PEM) and optional `crls`
/// at `verification_time`, in one call. For many records, make one [`TrustStore`] instead.
#[uniffi::export]
pub fn verify_year_record(
    signed_record: Vec<u8>,
    trust_anchors: Vec<Vec<u8>>,
    crls: Vec<Vec<u8>>,
    verification_time: SystemTime,
) -> Result<VerificationReport, HocbaError> {
    TrustStore::new(trust_anchors, crls, None, None)?.verify(signed_record, verification_time)
}
