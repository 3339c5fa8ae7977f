//! Periodic tests and their scores (TT27 Điều 7.1.b–d): a score exactly where the grade has
//! a test at that moment, none where it has not; 0 is a policy; a retest records the last
//! score. Integers on the 10-point scale are enforced by [`crate::model::Score`] itself.
//! Which of the two rows of Tin học và Công nghệ carries the test is the policy
//! [`IctTest`](super::IctTest) (UNCONFIRMED; ADR 0110).

use super::curriculum::{self, ScoreRule};
use super::registry::RuleCode;
use super::report::{Params, Sink, SubjectPath};
use crate::model::{Grade, Moment, Subject, SubjectResult, YearRecord};

/// Runs the score rules on the year-end subjects and on every mid-year periodic moment.
pub(crate) fn check(record: &YearRecord, sink: &mut Sink<'_>) {
    check_list(
        &record.subjects,
        record.grade,
        Moment::EndOfYear,
        None,
        sink,
    );
    // A year end among the mid-year moments is `periodic_moment_invalid`; not judged again.
    for (j, p) in record.periodic.iter().enumerate() {
        if p.moment == Moment::EndOfYear {
            continue;
        }
        check_list(&p.subjects, record.grade, p.moment, Some(j), sink);
    }
}

fn check_list(
    subjects: &[SubjectResult],
    grade: Grade,
    moment: Moment,
    periodic: Option<usize>,
    sink: &mut Sink<'_>,
) {
    for (index, s) in subjects.iter().enumerate() {
        check_subject(s, grade, moment, periodic, index, sink);
    }
    one_of_ict_scored(subjects, grade, moment, periodic, sink);
}

/// [`IctTest::Either`](super::IctTest::Either): where the two rows of Tin học và Công nghệ
/// are listed (and no combined row, which has its own required score), at least one of
/// them carries the test's score. Reported on the first of the two rows.
fn one_of_ict_scored(
    subjects: &[SubjectResult],
    grade: Grade,
    moment: Moment,
    periodic: Option<usize>,
    sink: &mut Sink<'_>,
) {
    let ict = sink.policy.ict_periodic_test;
    let mut first_part = None;
    for (index, s) in subjects.iter().enumerate() {
        match s.subject {
            Subject::TinHocCongNghe => return,
            Subject::TinHoc | Subject::CongNghe => {
                if curriculum::score_rule(s.subject, grade, moment, ict) != ScoreRule::OneOfIct
                    || s.score.is_some()
                {
                    return;
                }
                first_part.get_or_insert(index);
            }
            _ => {}
        }
    }
    if let Some(index) = first_part {
        let at = SubjectPath {
            periodic,
            index,
            field: "score",
        };
        let params = Params {
            moment: Some(moment),
            ..Params::subject(Subject::TinHocCongNghe, grade)
        };
        sink.emit(RuleCode::ScoreMissing, at, params);
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
    let rule = curriculum::score_rule(s.subject, grade, moment, sink.policy.ict_periodic_test);
    match (rule, s.score) {
        (ScoreRule::Required, None) => sink.emit(RuleCode::ScoreMissing, at("score"), params),
        (ScoreRule::NoTest, Some(_)) if entry.compulsory => {
            sink.emit(RuleCode::ScoreUnexpected, at("score"), params)
        }
        (ScoreRule::NoTest, Some(_)) => {
            sink.emit(RuleCode::ScoreOptionalSubject, at("score"), params)
        }
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
