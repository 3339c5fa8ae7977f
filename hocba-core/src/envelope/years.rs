//! One pupil's signed year records verified as one học bạ, whatever carried them: the COSE
//! transcript container ([`super::transcript`]) and several signed national XML records
//! ([`crate::xmldsig::UnverifiedXmlYears`]) both hand their per-record outcomes to
//! [`assemble`], which links the records by school year (corrections, the portal's recalls
//! and replacements), checks they name one pupil, and runs the cross-year TT27 rules
//! (ADR 0093, ADR 0170).

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::report::Status;
use super::transcript::{
    Revision, TranscriptIssue, TranscriptReport, TranscriptVerification, YearHistory,
};
use super::{ContentCheck, VerificationReport, Verified};
use crate::model::{Grade, LookupCode, Pupil, SchoolYear, Sha256Digest, YearRecord};

/// What the receiving portal knows of recalls (CV 2088/BGDĐT-GDTH §2, transactions 5 and 6:
/// *thu hồi*): the lookup codes of recalled records and, where known, the record that replaced
/// each. A replacement is a new record with a new `MA_TRA_CUU_UUID` that names nothing of the
/// old one, so this is the only place the link can come from; without it, records are linked
/// by pupil and school year.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RecallFacts {
    recalled: BTreeSet<LookupCode>,
    replaced_by: BTreeMap<LookupCode, LookupCode>,
}

impl RecallFacts {
    /// No recall known.
    pub fn new() -> Self {
        Self::default()
    }

    /// Records that `code` was recalled (recall accepted, `trang_thai` 2).
    pub fn recall(&mut self, code: LookupCode) -> &mut Self {
        self.recalled.insert(code);
        self
    }

    /// Records that `old` was recalled and replaced by `new`.
    pub fn replace(&mut self, old: LookupCode, new: LookupCode) -> &mut Self {
        self.recalled.insert(old);
        self.replaced_by.insert(old, new);
        self
    }

    /// Whether `code` was recalled.
    pub fn is_recalled(&self, code: &LookupCode) -> bool {
        self.recalled.contains(code)
    }

    /// The record that replaced `code`, when known.
    pub fn replaced_by(&self, code: &LookupCode) -> Option<LookupCode> {
        self.replaced_by.get(code).copied()
    }

    /// Whether no recall is known.
    pub fn is_empty(&self) -> bool {
        self.recalled.is_empty()
    }
}

/// Whether two identity pages name the same pupil: the personal ID when both have one,
/// else the sector pupil code when both have one, else name and date of birth (ADR 0093).
pub fn same_pupil(a: &Pupil, b: &Pupil) -> bool {
    if let (Some(x), Some(y)) = (&a.personal_id, &b.personal_id) {
        return x == y;
    }
    if let (Some(x), Some(y)) = (&a.pupil_code, &b.pupil_code) {
        return x == y;
    }
    a.full_name == b.full_name && a.date_of_birth == b.date_of_birth
}

/// One signed record entering [`assemble`]: what its (unverified) data says, and its
/// verification outcome.
pub(crate) struct Entry {
    pub year: SchoolYear,
    pub grade: Grade,
    /// The digest of the signed record a COSE correction supersedes.
    pub supersedes: Option<Sha256Digest>,
    pub lookup: Option<LookupCode>,
    pub pupil: Pupil,
    pub report: VerificationReport,
    pub verified: Option<Verified<YearRecord>>,
}

/// Links `entries` (in input order) into school years and verifies them as one học bạ:
///
/// 1. the same signed bytes at most once (`duplicate_record`); a lookup code on one record
///    only (`lookup_code_reused`, CV 2088 §1);
/// 2. a record's predecessor is the one its correction supersedes, or the one `recalls` says
///    it replaced (`correction_target_missing`, `correction_year_mismatch`,
///    `correction_fork`);
/// 3. per school year, the chains of revisions: a chain whose last record was recalled is
///    retired (its records listed as recalled); exactly one chain must remain in force —
///    none is `year_recalled`, two are `duplicate_year` (two records claim that pupil-year);
/// 4. the records in force name one pupil (`pupil_mismatch`);
/// 5. the cross-year rules of `checks` over the records in force, chronological; a blocking
///    finding makes the whole invalid with its code (ADR 0093).
pub(crate) fn assemble(
    entries: Vec<Entry>,
    checks: &dyn ContentCheck,
    recalls: &RecallFacts,
) -> TranscriptVerification {
    let mut issues = Vec::new();
    let mut by_digest: HashMap<Sha256Digest, usize> = HashMap::new();
    for (i, it) in entries.iter().enumerate() {
        if by_digest.insert(it.report.digest, i).is_some() {
            issues.push(TranscriptIssue::new("duplicate_record", i));
        }
    }
    // CV 2088 §1: a lookup code belongs to one record; a replacement gets a new one.
    let mut by_lookup: HashMap<LookupCode, usize> = HashMap::new();
    for (i, it) in entries.iter().enumerate() {
        if let Some(code) = it.lookup {
            match by_lookup.get(&code) {
                Some(&j) if entries[j].report.digest != it.report.digest => {
                    issues.push(TranscriptIssue::new("lookup_code_reused", i));
                }
                Some(_) => {}
                None => {
                    by_lookup.insert(code, i);
                }
            }
        }
    }
    let recalled = |i: usize| entries[i].lookup.is_some_and(|c| recalls.is_recalled(&c));
    // The predecessor of each record: a correction's target, or the record the portal says it
    // replaced.
    let mut predecessor: Vec<Option<Result<usize, &'static str>>> = entries
        .iter()
        .map(|it| {
            it.supersedes.map(|d| {
                by_digest
                    .get(&d)
                    .copied()
                    .ok_or("correction_target_missing")
            })
        })
        .collect();
    for (old, new) in &recalls.replaced_by {
        if let (Some(&o), Some(&n)) = (by_lookup.get(old), by_lookup.get(new))
            && predecessor[n].is_none()
            && o != n
        {
            predecessor[n] = Some(Ok(o));
        }
    }
    // successor[i] = the record that supersedes record i.
    let mut successor: HashMap<usize, usize> = HashMap::new();
    let mut roots: BTreeMap<SchoolYear, Vec<usize>> = BTreeMap::new();
    for (i, it) in entries.iter().enumerate() {
        match predecessor[i] {
            None => roots.entry(it.year).or_default().push(i),
            Some(Err(code)) => {
                issues.push(TranscriptIssue::new(code, i));
                roots.entry(it.year).or_default().push(i);
            }
            Some(Ok(t)) if entries[t].year != it.year => {
                issues.push(TranscriptIssue::new("correction_year_mismatch", i));
            }
            Some(Ok(t)) => {
                if successor.insert(t, i).is_some() {
                    issues.push(TranscriptIssue::new("correction_fork", i));
                }
            }
        }
    }
    let chain_of = |root: usize| {
        let mut chain = vec![root];
        let mut at = root;
        while let Some(&next) = successor.get(&at) {
            if chain.len() > entries.len() {
                break;
            }
            chain.push(next);
            at = next;
        }
        chain
    };
    let mut years = Vec::new();
    for (year, rs) in &roots {
        let chains: Vec<Vec<usize>> = rs.iter().map(|&r| chain_of(r)).collect();
        let in_force: Vec<&Vec<usize>> = chains
            .iter()
            .filter(|c| c.last().is_some_and(|&i| !recalled(i)))
            .collect();
        if let Some(second) = in_force.get(1) {
            issues.push(TranscriptIssue::new("duplicate_year", second[0]));
        }
        let live = match in_force.first() {
            Some(c) => *c,
            None => {
                let last = chains.last().unwrap_or(&chains[0]);
                issues.push(TranscriptIssue::new(
                    "year_recalled",
                    *last.last().unwrap_or(&last[0]),
                ));
                last
            }
        };
        // Retired chains first (input order), then the one in force.
        let order = chains
            .iter()
            .filter(|c| !std::ptr::eq(*c, live))
            .flatten()
            .chain(live.iter());
        let revisions = order
            .map(|&i| Revision {
                index: i,
                digest: entries[i].report.digest,
                supersedes: match predecessor[i] {
                    Some(Ok(t)) => Some(entries[t].report.digest),
                    _ => entries[i].supersedes,
                },
                lookup_code: entries[i].lookup,
                recalled: recalled(i),
                report: entries[i].report.clone(),
            })
            .collect();
        let current = *live.last().unwrap_or(&live[0]);
        years.push(YearHistory {
            school_year: *year,
            grade: entries[current].grade,
            current: entries[current].report.digest,
            current_index: current,
            revisions,
        });
    }
    // Records not reachable from a root (corrections of a wrong year) are already issues.
    if let Some(first) = years.first() {
        let p0 = &entries[first.current_index].pupil;
        for y in &years[1..] {
            if !same_pupil(p0, &entries[y.current_index].pupil) {
                issues.push(TranscriptIssue::new("pupil_mismatch", y.current_index));
            }
        }
    }
    let worst = entries
        .iter()
        .map(|it| it.report.status)
        .fold(Status::Valid, |a, s| match (a, s) {
            (Status::Invalid, _) | (_, Status::Invalid) => Status::Invalid,
            (Status::Incomplete, _) | (_, Status::Incomplete) => Status::Incomplete,
            _ => Status::Valid,
        });
    let (status, error) = if let Some(i) = issues.first() {
        (Status::Invalid, Some(i.code))
    } else {
        match worst {
            Status::Invalid => (Status::Invalid, Some("record_invalid")),
            Status::Incomplete => (Status::Incomplete, Some("incomplete")),
            Status::Valid => (Status::Valid, None),
        }
    };
    let current: Vec<usize> = years.iter().map(|y| y.current_index).collect();
    let mut entries: Vec<Option<Entry>> = entries.into_iter().map(Some).collect();
    let current_records: Vec<Verified<YearRecord>> = current
        .iter()
        .filter_map(|&i| entries[i].take().and_then(|it| it.verified))
        .collect();
    let findings = if current_records.len() == current.len() {
        let refs: Vec<&YearRecord> = current_records.iter().map(|v| v.get()).collect();
        checks.check_transcript(&refs)
    } else {
        Vec::new()
    };
    // A blocking cross-year finding (a school year missing between two others, a grade
    // that does not follow the promotion) means the records are not the whole học bạ they
    // claim to be — a year may have been dropped: not valid, whatever each record's
    // signatures say (ADR 0093). Per-record findings stay informative.
    let (status, error) = match findings.iter().find(|f| f.blocking) {
        Some(f) if status == Status::Valid || status == Status::Incomplete => {
            (Status::Invalid, Some(cross_year_code(&f.code)))
        }
        _ => (status, error),
    };
    let verified = (status == Status::Valid).then_some(current_records);
    TranscriptVerification::new(
        TranscriptReport {
            status,
            error,
            years,
            issues,
            findings,
        },
        verified,
    )
}

/// The stable `&'static str` of a cross-year rule's code (reports carry static codes).
fn cross_year_code(code: &str) -> &'static str {
    crate::rules::rule_by_code(code).map_or("transcript_rules_broken", |r| r.code)
}
