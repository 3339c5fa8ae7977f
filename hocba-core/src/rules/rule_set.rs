//! Rule sets: the regulation a year record names (`rule_set`), whether hocba implements it,
//! and whether it applied to that grade in that school year (ADR 0030).
//!
//! A future circular is added as one more [`RuleSet`] implementation in its own module and
//! one more entry in [`IMPLEMENTED`]; the TT27 code is not touched.

use super::derive;
use super::registry::RuleCode;
use super::report::{Derived, Params, Sink};
use super::{
    awards, completion, curriculum, dates, identity, levels, national, result, tests_scores,
};
use crate::model::{Grade, RULE_SET_TT27, SchoolYear, YearRecord};

/// An assessment regulation hocba implements.
pub(crate) trait RuleSet: Sync {
    /// The identifier a record names, e.g. `TT27/2020`.
    fn id(&self) -> &'static str;

    /// The first school year the regulation applies to `grade`, if it applies at all.
    fn first_school_year(&self, grade: Grade) -> Option<SchoolYear>;

    /// Runs every rule of the regulation except identity (shared by all) on `record`.
    fn check_year(&self, record: &YearRecord, sink: &mut Sink<'_>) -> Option<Derived>;
}

/// Thông tư 27/2020/TT-BGDĐT.
pub(crate) struct Tt27;

/// School year in which TT27 reached grade 1 (2020–2021); grade `g` from `2019 + g`
/// (TT27/2020, lộ trình áp dụng: lớp 1 từ 2020–2021 … lớp 5 từ 2024–2025).
pub const TT27_FIRST_YEAR_GRADE_1: u16 = 2020;

impl RuleSet for Tt27 {
    fn id(&self) -> &'static str {
        RULE_SET_TT27
    }

    fn first_school_year(&self, grade: Grade) -> Option<SchoolYear> {
        SchoolYear::starting(TT27_FIRST_YEAR_GRADE_1 + u16::from(grade.get()) - 1).ok()
    }

    fn check_year(&self, record: &YearRecord, sink: &mut Sink<'_>) -> Option<Derived> {
        let before = sink.out.len();
        curriculum::check(record, sink);
        tests_scores::check(record, sink);
        // Nothing is derived, and nothing compared with a derivation, when a criterion of
        // Điều 9.2.a cannot be judged (a subject, or an end-of-year test score, missing).
        let blocked = derive::blocks_derivation(&sink.out[before..]);
        levels::check(record, sink);
        if blocked {
            return None;
        }
        let derived = derive::derive_with(record, sink.policy);
        result::check(record, &derived, sink);
        awards::check(record, &derived, sink);
        completion::check(record, &derived, sink);
        Some(derived)
    }
}

/// The rule sets hocba implements.
pub(crate) static IMPLEMENTED: &[&dyn RuleSet] = &[&Tt27];

/// Rule sets hocba knows of but does not implement (yet).
pub const KNOWN_NOT_IMPLEMENTED: &[&str] = &["TT22/2016"];

/// The identifiers of the rule sets hocba implements.
pub fn implemented_rule_sets() -> Vec<&'static str> {
    IMPLEMENTED.iter().map(|r| r.id()).collect()
}

/// Checks the record's rule set and, when it applies, runs it; then the identity rules and the
/// national format's fields, which do not depend on the regulation (the identity page itself only when `with_pupil`). Returns the derived values when the rule set
/// could be applied.
pub(crate) fn check_year(
    record: &YearRecord,
    with_pupil: bool,
    sink: &mut Sink<'_>,
) -> Option<Derived> {
    let id = record.rule_set.as_str();
    let derived = match IMPLEMENTED.iter().find(|r| r.id() == id) {
        Some(rs) => match rs.first_school_year(record.grade) {
            Some(from) if record.school_year >= from => rs.check_year(record, sink),
            from => {
                sink.emit(
                    RuleCode::RuleSetNotInForce,
                    format_args!("rule_set"),
                    Params {
                        grade: Some(record.grade),
                        from,
                        ..Params::default()
                    },
                );
                None
            }
        },
        None if KNOWN_NOT_IMPLEMENTED.contains(&id) => {
            sink.emit(
                RuleCode::RuleSetNotImplemented,
                format_args!("rule_set"),
                Params::default(),
            );
            None
        }
        None => {
            sink.emit(
                RuleCode::RuleSetUnknown,
                format_args!("rule_set"),
                Params::default(),
            );
            None
        }
    };
    identity::check_record(record, with_pupil, sink);
    national::check(record, sink);
    dates::check(record, sink);
    derived
}
