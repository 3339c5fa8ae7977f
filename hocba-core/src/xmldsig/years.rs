//! A pupil's signed national XML records of several school years — possibly from several
//! schools, possibly recalled and replaced on the receiving portal — verified as one học bạ
//! (ADR 0170): each record as a single one ([`verify_year_record_with`]: trust store, roles
//! policy, explicit time), then linked and checked by the same code as the COSE transcript
//! container ([`crate::envelope::transcript`]): one pupil, one record in force per school year,
//! consecutive years, the grade following the promotion, the cross-year TT27 rules.
//!
//! The national format carries no link between a recalled record and its replacement (a
//! replacement has a new `MA_TRA_CUU_UUID` and names nothing of the old one, CV
//! 2088/BGDĐT-GDTH §1, §2): the portal's [`RecallFacts`] say which lookup codes were recalled and,
//! where known, what replaced them; records are otherwise linked by pupil and school year.
//!
//! ```no_run
//! use hocba_core::envelope::{Verifier, transcript::RecallFacts};
//! use hocba_core::rules::Tt27Checks;
//! use hocba_core::xmldsig::{RequiredRoles, UnverifiedXmlYears};
//! # fn f(files: Vec<Vec<u8>>, trust: &hocba_core::TrustStore, at: hocba_core::UnixTime,
//! #      old: hocba_core::model::LookupCode) -> Result<(), hocba_core::xmldsig::RecordError> {
//! let mut recalls = RecallFacts::new();
//! recalls.recall(old);
//! let years = UnverifiedXmlYears::from_records(files)?;
//! let v = years.verify_in(&Verifier::new(trust, at), RequiredRoles::All,
//!                         &Tt27Checks::default(), &recalls);
//! println!("{:?}", v.report().status);
//! # Ok(()) }
//! ```

use super::{RequiredRoles, UnverifiedXml, verify_year_record_with};
use crate::envelope::transcript::{MAX_TRANSCRIPT_RECORDS, RecallFacts, TranscriptVerification};
use crate::envelope::years::{Entry, assemble};
use crate::envelope::{
    ContentCheck, EnvelopeError, Status, TrustStore, UnixTime, VerificationReport, Verifier,
};
use crate::model::{Sha256Digest, YearRecord};
use crate::moet::{self, Profile};

/// A record of [`UnverifiedXmlYears::from_records`] that cannot be read as a signed national
/// year record: which one (0-based, in the order given) and why.
#[derive(Debug, thiserror::Error)]
#[error("record {}: {error}", index + 1)]
pub struct RecordError {
    /// The record's position in the input, from 0.
    pub index: usize,
    /// Why it cannot be read (its class decides the exit code, ADR 0090).
    pub error: crate::Error,
}

/// Several signed national XML records read strictly, not yet verified.
#[derive(Clone, Debug)]
pub struct UnverifiedXmlYears {
    records: Vec<(Vec<u8>, YearRecord)>,
}

impl UnverifiedXmlYears {
    /// Reads each record: a readable XML with at least one signature
    /// ([`UnverifiedXml::from_signed_bytes`]: an unsigned one is `xmldsig_not_signed`) whose
    /// data the national reader (profile 2088/1.0) reads. One to
    /// [`MAX_TRANSCRIPT_RECORDS`] records.
    pub fn from_records(records: Vec<Vec<u8>>) -> Result<Self, RecordError> {
        let at = |index: usize, e: EnvelopeError| RecordError {
            index,
            error: e.into(),
        };
        if records.is_empty() {
            return Err(at(
                0,
                EnvelopeError::TranscriptMalformed { at: "no records" },
            ));
        }
        if records.len() > MAX_TRANSCRIPT_RECORDS {
            return Err(at(
                MAX_TRANSCRIPT_RECORDS,
                EnvelopeError::TooLarge { what: "transcript" },
            ));
        }
        let mut out = Vec::with_capacity(records.len());
        for (index, bytes) in records.into_iter().enumerate() {
            match UnverifiedXml::from_signed_bytes(&bytes) {
                Err(e) if e.is_unreadable() => {
                    return Err(RecordError {
                        index,
                        error: e.into(),
                    });
                }
                // A profile breach is that record's invalid report, at verification.
                _ => {}
            }
            let record = moet::from_xml(&bytes, &Profile::V2088_1_0)
                .map_err(|error| RecordError { index, error })?;
            out.push((bytes, record));
        }
        Ok(Self { records: out })
    }

    /// The records' data as read (not verified), in input order.
    pub fn records_unverified(&self) -> impl Iterator<Item = &YearRecord> {
        self.records.iter().map(|(_, r)| r)
    }

    /// Each record's bytes and its data as read (not verified), in input order: the indexes
    /// of the transcript report's years (`current_index`).
    pub fn records(&self) -> impl Iterator<Item = (&[u8], &YearRecord)> {
        self.records.iter().map(|(b, r)| (b.as_slice(), r))
    }

    /// Verifies with all three roles required, the core's default checks (TT27, ADR 0093) and
    /// no recall known.
    pub fn verify(self, trust: &TrustStore, at: UnixTime) -> TranscriptVerification {
        self.verify_in(
            &Verifier::new(trust, at),
            RequiredRoles::All,
            &crate::rules::Tt27Checks::default(),
            &RecallFacts::new(),
        )
    }

    /// Verifies every record with `v` under the `required` roles policy, runs `checks` on each
    /// and across the years, and links the records with the portal's `recalls`.
    pub fn verify_in(
        self,
        v: &Verifier<'_>,
        required: RequiredRoles,
        checks: &dyn ContentCheck,
        recalls: &RecallFacts,
    ) -> TranscriptVerification {
        let entries = self
            .records
            .into_iter()
            .map(|(bytes, record)| {
                let (report, verified) = match verify_year_record_with(&bytes, v, checks, required)
                {
                    Ok(v) => v.into_parts(),
                    // Not reachable for bytes `from_records` read; reported, not hidden.
                    Err(e) => (invalid(&bytes, v.at(), required, e.code()), None),
                };
                Entry {
                    year: record.school_year,
                    grade: record.grade,
                    supersedes: None,
                    lookup: record.lookup_code,
                    pupil: record.pupil,
                    report,
                    verified,
                }
            })
            .collect();
        assemble(entries, checks, recalls)
    }
}

fn invalid(
    bytes: &[u8],
    at: UnixTime,
    required: RequiredRoles,
    code: &'static str,
) -> VerificationReport {
    VerificationReport {
        format: crate::envelope::RecordFormat::NationalXml(required),
        status: Status::Invalid,
        error: Some(code),
        signers: Vec::new(),
        missing: Vec::new(),
        digest: Sha256Digest::of(bytes),
        payload_digest: Sha256Digest([0; 32]),
        verified_at: at,
        findings: Vec::new(),
    }
}
