//! TT27 rules: validation and derivation, with a rule catalogue.
//!
//! - [`validate`] checks one year record, [`validate_transcript`] a whole học bạ; both return
//!   a [`Report`] with **every** violation (stable code, legal basis, path, severity,
//!   Vietnamese and English message) and the derived values.
//! - [`derive::derive`] and [`derive::fill_derived`] compute the year-end result (Điều 9.2.a),
//!   the commendation eligibility (Điều 13) and the completion (Điều 11) on their own; the
//!   validator uses the same functions.
//! - [`RULES`] is the registry of every rule (`docs/spec/rules.md` is the same table).
//! - [`Policy`] holds every behaviour whose legal basis is UNCONFIRMED, with safe defaults.
//!
//! ```
//! use hocba_core::rules::{Policy, validate};
//! let record = hocba_core::synth::year_record(1);
//! let report = validate(&record, &Policy::default());
//! assert!(report.is_ok());
//! assert_eq!(report.derived().map(|d| d.result), Some(record.result));
//! ```
//!
//! One file per rule group: [`curriculum`] (TT32/2018), `tests_scores` (Điều 7.1), `levels`
//! (Điều 7.2), `result` (Điều 9), `awards` (Điều 13), `completion` (Điều 11), `identity`,
//! `national` (the fields the national XML of CV 2088 requires), `transcript` (across years),
//! `rule_set` (which regulation applies).

mod awards;
mod completion;
pub mod curriculum;
mod dates;
pub mod derive;
mod identity;
mod levels;
mod national;
mod policy;
mod registry;
mod report;
mod result;
mod rule_set;
mod tests_scores;
mod transcript;
mod verification;

pub use dates::{
    SCHOOL_YEAR_OPENS, VIET_NAM_OFFSET_SECS, YEAR_END_EARLIEST, YEAR_END_LATEST,
    check_signing_time, school_year_opens,
};
pub use derive::{derive, derive_with, fill_derived, fill_derived_with};
pub use identity::{PROVINCE_CODES, USUAL_AGE_GRADE_1, age_plausible, century_gender_digit};
pub use policy::{AgeWindow, Check, IctTest, Policy, PolicyError, TechCompetencies};
pub use registry::{RULES, Rule, RuleCode, Severity, rule_by_code, rule_by_id};
pub use report::{AwardEligibility, Derived, Report, ValidationError, Violation};
pub use rule_set::{KNOWN_NOT_IMPLEMENTED, TT27_FIRST_YEAR_GRADE_1, implemented_rule_sets};
pub use transcript::{validate_national_list, validate_transcript, validate_years};
pub use verification::Tt27Checks;

use crate::model::YearRecord;

/// Validates one year record under `policy`: its rule set, every TT27 rule and the
/// identity rules. Paths are relative to the record (`subjects[3].score`).
pub fn validate(record: &YearRecord, policy: &Policy) -> Report {
    let mut report = Report::default();
    let mut sink = report::Sink {
        policy,
        prefix: "",
        out: &mut report.violations,
        national: None,
    };
    let derived = rule_set::check_year(record, true, &mut sink);
    report.derived.push(derived);
    report
}

/// Validates a year record read from the national XML ([`crate::moet::read_national`]) under
/// `policy`: [`validate`], except where the national format cannot carry what a rule needs
/// (ADR 0242). A pupil who did not complete at year end and is not recorded as completing
/// gets the info `supplementary_not_carried` instead of the error `supplementary_missing`
/// (the format has no additional assessment and no principal's decision, TT27 Điều 11.1.b,
/// 11.1.c); and the completion sentence `NOI_DUNG_HOAN_THANH_CHUONG_TRINH`, which the
/// signatures cover, must not contradict the completion flags (`completion_sentence_mismatch`,
/// Điều 11.1, 11.2; ADR 0243).
///
/// ```
/// use hocba_core::{moet, rules, synth};
/// let xml = moet::to_xml(&synth::demo_transcript().years[1], &moet::Profile::default());
/// let (record, facts) = moet::read_national(&xml, &moet::Profile::default())?;
/// assert!(rules::validate_national(&record, &facts, &rules::Policy::default()).is_ok());
/// # Ok::<(), hocba_core::Error>(())
/// ```
pub fn validate_national(
    record: &YearRecord,
    facts: &crate::moet::NationalFacts,
    policy: &Policy,
) -> Report {
    let mut report = Report::default();
    let mut sink = report::Sink {
        policy,
        prefix: "",
        out: &mut report.violations,
        national: Some(facts),
    };
    let derived = rule_set::check_year(record, true, &mut sink);
    report.derived.push(derived);
    report
}

/// Where a year record was read from, as far as the rules care: the decision of which rules
/// judge it travels with the record, so a record read from the national XML is judged the
/// national way wherever it is validated (ADR 0242, 0261).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum Origin {
    /// hocba's own forms (JSON, canonical CBOR, a COSE record) or a record built in code:
    /// every rule applies ([`validate`]).
    #[default]
    Model,
    /// The national XML of CV 2088, with what it says beyond the model
    /// ([`validate_national`]).
    NationalXml(crate::moet::NationalFacts),
}

/// Validates a year record read from `origin` under `policy`: [`validate_national`] for a
/// record read from the national XML, [`validate`] otherwise. The one entry point for a caller
/// that keeps a record apart from its bytes (Python's `YearRecord`).
pub fn validate_from(record: &YearRecord, origin: &Origin, policy: &Policy) -> Report {
    let facts = match origin {
        Origin::Model => None,
        Origin::NationalXml(facts) => Some(facts),
    };
    validate_read_from(record, facts, policy)
}

/// [`validate_national`] when the record was read from the national XML (`facts`), else
/// [`validate`]: the one choice [`validate_from`] and [`validate_for_signing`] make.
fn validate_read_from(
    record: &YearRecord,
    facts: Option<&crate::moet::NationalFacts>,
    policy: &Policy,
) -> Report {
    match facts {
        Some(facts) => validate_national(record, facts, policy),
        None => validate(record, policy),
    }
}

/// What the checks before signing judge (`SignCheck::Record`, ADR 0142): [`validate`], or
/// [`validate_national`] for a record read from the national XML (`facts`), and the record's
/// dates against the signature about to be made by `role` at `signing_time`
/// ([`check_signing_time`], ADR 0265) — so a signature verification would report as made
/// before the record existed is refused before the token signs.
pub fn validate_for_signing(
    record: &YearRecord,
    facts: Option<&crate::moet::NationalFacts>,
    role: crate::trust::SignerRole,
    signing_time: crate::trust::UnixTime,
    policy: &Policy,
) -> Report {
    let mut report = validate_read_from(record, facts, policy);
    report
        .violations
        .extend(check_signing_time(record, role, signing_time, policy));
    report
}

/// Validates the bytes of a year record or a transcript, read as [`crate::Document::decode`]
/// reads them (JSON, canonical CBOR or the national XML): a national XML with
/// [`validate_national`] (a `DANH_SACH_HOC_BA` with [`validate_national_list`]), anything else
/// with [`validate_document`]. The one entry point for a
/// caller holding bytes (the bindings), so that a national XML is judged the same everywhere.
pub fn validate_bytes(bytes: &[u8], policy: &Policy) -> Result<Report, crate::Error> {
    if crate::moet::looks_like_xml(bytes) {
        use crate::moet::NationalDocument;
        return Ok(
            match crate::moet::read_national_any(bytes, &crate::moet::Profile::default())? {
                NationalDocument::Record(r) => validate_national(&r.0, &r.1, policy),
                NationalDocument::List(list) => validate_national_list(&list, policy),
            },
        );
    }
    Ok(validate_document(
        &crate::Document::decode(bytes)?.0,
        policy,
    ))
}

/// Validates a [`Document`](crate::Document) of either kind: [`validate`] for a year record,
/// [`validate_transcript`] for a transcript.
pub fn validate_document(doc: &crate::Document, policy: &Policy) -> Report {
    match doc {
        crate::Document::YearRecord(r) => validate(r, policy),
        crate::Document::Transcript(t) => validate_transcript(t, policy),
    }
}

#[cfg(test)]
mod tests;
