//! Periodic tests and their scores (TT27 Điều 7.1.b–d): a score exactly where the grade has
//! a test at that moment, none where it has not; 0 is a policy; a retest records the last
//! score. Integers on the 10-point scale are enforced by [`crate::model::Score`] itself.

use super::curriculum;
use super::registry::RuleCode;
use super::report::{Params, Sink, SubjectPath};
use crate::model::{Grade, Moment, SubjectResult, YearRecord};

/// Runs the score rules on the year-end subjects and on every mid-year periodic moment.
pub(crate) fn check(record: &YearRecord, sink: &mut Sink<'_>) {
    for (index, s) in record.subjects.iter().enumerate() {
        check_subject(s, record.grade, Moment::EndOfYear, None, index, sink);
    }
    // A year end among the mid-year moments is `periodic_moment_invalid`; not judged again.
    for (j, p) in record.periodic.iter().enumerate() {
        if p.moment == Moment::EndOfYear {
            continue;
        }
        for (index, s) in p.subjects.iter().enumerate() {
            check_subject(s, record.grade, p.moment, Some(j), index, sink);
        }
    }
}

fn check_subject(
    s: &SubjectResult,
    grade: Grade,
    moment: Moment,
    periodic: Option<usize>,
    index: usize,
    sink: &mut Sink<'_>,
) {
    // A subject from another grade is `subject_not_in_grade`; its score is not judged.
    let Some(entry) = curriculum::entry(s.subject, grade) else {
        return;
    };
    let at = |field| SubjectPath {
        periodic,
        index,
        field,
    };
    let params = Params {
        moment: Some(moment),
        ..Params::subject(s.subject, grade)
    };
    let tested = curriculum::is_tested(s.subject, grade, moment);
    match (tested, s.score) {
        (true, None) => sink.emit(RuleCode::ScoreMissing, at("score"), params),
        (false, Some(_)) if entry.compulsory => {
            sink.emit(RuleCode::ScoreUnexpected, at("score"), params)
        }
        (false, Some(_)) => sink.emit(RuleCode::ScoreOptionalSubject, at("score"), params),
        _ => {}
    }
    if s.score.is_some_and(|x| x.get() == 0) {
        sink.emit(RuleCode::ScoreZero, at("score"), params);
    }
    if s.retest {
        if s.score.is_none() {
            sink.emit(RuleCode::RetestWithoutScore, at("retest"), params);
        } else if matches!(moment, Moment::MidTerm1 | Moment::MidTerm2) {
            sink.emit(RuleCode::RetestAtMoment, at("retest"), params);
        } else {
            sink.emit(RuleCode::RetestRecorded, at("score"), params);
        }
    }
}
