//! The multi-year transcript container, corrections and their verification.
//!
//! ```cddl
//! hocba-transcript = {
//!   1 => 1,                                   ; container version
//!   2 => [+ bstr .cbor COSE_Sign_Tagged],     ; signed year records, every revision, each
//!                                             ; exactly as signed
//! }
//! ```
//!
//! A correction is a signed year record whose `correction.supersedes` is the SHA-256 of the
//! complete signed bytes of the record it replaces, for the same school year. The verifier
//! builds, per school year, the chain of revisions from the original to the current one.

use super::cbor::{self, ARRAY, MAP, Reader};
use super::report::Status;
use super::years::{Entry, assemble};
pub use super::years::{RecallFacts, same_pupil};
use super::{
    ContentCheck, ContentFinding, EnvelopeError, MAX_ENVELOPE_BYTES, TrustStore, UnixTime,
    UnverifiedRecord, VerificationReport, Verified, Verifier,
};
use crate::model::{Grade, LookupCode, SchoolYear, Sha256Digest, YearRecord};

/// The container version written and read.
pub const TRANSCRIPT_VERSION: u64 = 1;
/// Most signed records (all revisions of all years) in one container.
pub const MAX_TRANSCRIPT_RECORDS: usize = 64;

/// Writes a transcript container around signed records (in the order given: chronological,
/// each correction after the record it supersedes).
pub fn encode(records: &[&[u8]]) -> Vec<u8> {
    let mut out = Vec::new();
    cbor::put_head(&mut out, MAP, 2);
    cbor::put_int(&mut out, 1);
    cbor::put_int(&mut out, TRANSCRIPT_VERSION as i64);
    cbor::put_int(&mut out, 2);
    cbor::put_head(&mut out, ARRAY, records.len() as u64);
    for r in records {
        cbor::put_bytes(&mut out, r);
    }
    out
}

/// A transcript container read strictly, not yet verified.
#[derive(Clone, Debug)]
pub struct UnverifiedTranscript {
    records: Vec<UnverifiedRecord>,
}

impl UnverifiedTranscript {
    /// Whether `bytes` begin as a transcript container does (a map of two entries whose first
    /// is the container version): a cheap test to route a file, not a check of the contents.
    pub fn looks_like_container(bytes: &[u8]) -> bool {
        bytes.starts_with(&[0xa2, 0x01, 0x01, 0x02])
    }

    /// Reads a container and every signed record in it.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, EnvelopeError> {
        let m = |at| EnvelopeError::TranscriptMalformed { at };
        if bytes.len() > MAX_TRANSCRIPT_RECORDS * MAX_ENVELOPE_BYTES {
            return Err(EnvelopeError::TooLarge { what: "transcript" });
        }
        // As a signed record's reader: bytes no hocba reader takes are called that (ADR 0220).
        if crate::InputKind::sniff(bytes) == crate::InputKind::Unrecognised {
            return Err(EnvelopeError::UnrecognisedInput);
        }
        let mut r = Reader::new(bytes);
        if r.map(2, "transcript")? != 2 || r.int("key")? != 1 {
            return Err(m("version key"));
        }
        if r.uint("version")? != TRANSCRIPT_VERSION {
            return Err(m("version"));
        }
        if r.int("key")? != 2 {
            return Err(m("records key"));
        }
        let n = r.array(MAX_TRANSCRIPT_RECORDS, "records")?;
        if n == 0 {
            return Err(m("no records"));
        }
        let mut records = Vec::with_capacity(n);
        for _ in 0..n {
            records.push(UnverifiedRecord::from_bytes(r.bytes("record")?)?);
        }
        if !r.is_empty() {
            return Err(m("trailing bytes"));
        }
        Ok(Self { records })
    }

    /// The records, in container order.
    pub fn records(&self) -> &[UnverifiedRecord] {
        &self.records
    }

    /// Verifies every record and the transcript rules (see `docs/spec/signature.md`
    /// §"Transcript"), with the core's default content checks: the TT27 rules with the default
    /// policy, so that the cross-year rules (a dropped year, a grade that does not follow) run
    /// for every caller — CLI, Python, Kotlin/Swift — alike (ADR 0093).
    pub fn verify(self, trust: &TrustStore, at: UnixTime) -> TranscriptVerification {
        self.verify_with(trust, at, &crate::rules::Tt27Checks::default())
    }

    /// As [`UnverifiedTranscript::verify`], also running `checks` (per year and across years).
    pub fn verify_with(
        self,
        trust: &TrustStore,
        at: UnixTime,
        checks: &dyn ContentCheck,
    ) -> TranscriptVerification {
        self.verify_in(&Verifier::new(trust, at), checks)
    }

    /// As [`UnverifiedTranscript::verify_with`], sharing `verifier`'s certificate cache.
    pub fn verify_in(
        self,
        verifier: &Verifier<'_>,
        checks: &dyn ContentCheck,
    ) -> TranscriptVerification {
        let entries = self
            .records
            .into_iter()
            .map(|u| {
                let rec = u.record_unverified();
                let (year, grade, pupil) = (rec.school_year, rec.grade, rec.pupil.clone());
                let supersedes = rec.correction.as_ref().map(|c| c.supersedes);
                let lookup = rec.lookup_code;
                let (report, verified) = verifier.verify_with(u, checks).into_parts();
                Entry {
                    year,
                    grade,
                    supersedes,
                    lookup,
                    pupil,
                    report,
                    verified,
                }
            })
            .collect();
        assemble(entries, checks, &RecallFacts::new())
    }
}

/// A transcript-level problem.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TranscriptIssue {
    /// Stable code: `duplicate_record`, `correction_target_missing`,
    /// `correction_year_mismatch`, `correction_fork`, `duplicate_year`, `year_recalled`,
    /// `pupil_mismatch`, `lookup_code_reused`.
    pub code: &'static str,
    /// Index of the record concerned, in container order.
    pub record: usize,
}

impl TranscriptIssue {
    pub(crate) fn new(code: &'static str, record: usize) -> Self {
        Self { code, record }
    }

    /// Message in Vietnamese.
    pub fn message_vi(&self) -> String {
        let what = match self.code {
            "duplicate_record" => "hồ sơ bị lặp lại",
            "correction_target_missing" => "không có hồ sơ mà bản điều chỉnh thay thế",
            "correction_year_mismatch" => "bản điều chỉnh khác năm học với hồ sơ bị thay thế",
            "correction_fork" => "một hồ sơ bị điều chỉnh hai lần song song",
            "duplicate_year" => {
                "một năm học có hai hồ sơ đang có hiệu lực, không hồ sơ nào thay thế hồ sơ kia"
            }
            "year_recalled" => "hồ sơ của năm học này đã bị thu hồi và không có hồ sơ thay thế",
            "lookup_code_reused" => {
                "hồ sơ dùng lại mã tra cứu của hồ sơ khác (bản thay thế phải có mã mới)"
            }
            _ => "hồ sơ không cùng một học sinh",
        };
        format!("{what} (hồ sơ thứ {})", self.record + 1)
    }

    /// Message in English.
    pub fn message_en(&self) -> String {
        let what = match self.code {
            "duplicate_record" => "a record appears twice",
            "correction_target_missing" => "the record a correction replaces is not there",
            "correction_year_mismatch" => {
                "a correction is for another school year than the record it replaces"
            }
            "correction_fork" => "a record was corrected twice in parallel",
            "duplicate_year" => {
                "a school year has two records in force, neither replacing the other"
            }
            "year_recalled" => "this school year's record was recalled and has no replacement",
            "lookup_code_reused" => {
                "a record reuses another record's lookup code (a replacement needs a new one)"
            }
            _ => "the records are not of the same pupil",
        };
        format!("{what} (record {})", self.record + 1)
    }

    /// Message in `lang`.
    pub fn message(&self, lang: crate::Lang) -> String {
        match lang {
            crate::Lang::Vi => self.message_vi(),
            crate::Lang::En => self.message_en(),
        }
    }
}

/// One revision of a year.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Revision {
    /// Index in the container.
    pub index: usize,
    /// SHA-256 of its signed bytes.
    pub digest: Sha256Digest,
    /// The digest it supersedes (a correction, or the record the portal says it replaced),
    /// if any.
    pub supersedes: Option<Sha256Digest>,
    /// Its lookup code (`MA_TRA_CUU_UUID`), if the record has one.
    pub lookup_code: Option<LookupCode>,
    /// Whether the portal recalled it ([`RecallFacts`]): listed, not in force.
    pub recalled: bool,
    /// Its verification report.
    pub report: VerificationReport,
}

/// The history of one school year: every revision, oldest first (recalled records before the
/// chain in force); the last is current.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct YearHistory {
    /// Năm học.
    pub school_year: SchoolYear,
    /// Grade of the current revision.
    pub grade: Grade,
    /// Digest of the current revision.
    pub current: Sha256Digest,
    /// Container index of the current revision.
    pub current_index: usize,
    /// Every revision, oldest first.
    pub revisions: Vec<Revision>,
}

/// The transcript verifier's report.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TranscriptReport {
    /// Valid when every record is valid and no transcript rule is broken.
    pub status: Status,
    /// The first transcript issue's code, `record_invalid`, `incomplete`, or `None`.
    pub error: Option<&'static str>,
    /// Years in chronological order.
    pub years: Vec<YearHistory>,
    /// Transcript-level problems.
    pub issues: Vec<TranscriptIssue>,
    /// Cross-year content findings ([`ContentCheck::check_transcript`]).
    pub findings: Vec<ContentFinding>,
}

/// The outcome of verifying a transcript.
#[derive(Clone, Debug)]
pub struct TranscriptVerification {
    report: TranscriptReport,
    verified: Option<Vec<Verified<YearRecord>>>,
}

impl TranscriptVerification {
    pub(crate) fn new(
        report: TranscriptReport,
        verified: Option<Vec<Verified<YearRecord>>>,
    ) -> Self {
        Self { report, verified }
    }
    /// The report.
    pub fn report(&self) -> &TranscriptReport {
        &self.report
    }
    /// The current revision of every year, chronological, when the transcript is valid.
    pub fn verified(&self) -> Option<&[Verified<YearRecord>]> {
        self.verified.as_deref()
    }
    /// Report and verified years.
    pub fn into_parts(self) -> (TranscriptReport, Option<Vec<Verified<YearRecord>>>) {
        (self.report, self.verified)
    }
}
