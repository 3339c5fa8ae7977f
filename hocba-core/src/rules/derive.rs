//! Derived values: what TT27 says the year-end result, the commendation and the completion
//! are, given the assessments. The validator compares the record against these same
//! functions, so derivation and validation can never disagree.

use crate::model::{QualityLevel, SubjectLevel, YearRecord, YearResult};

/// Minimum end-of-year test score in **each** tested subject for Hoàn thành xuất sắc
/// (TT27 Điều 9.2.a).
pub const EXCELLENT_MIN_SCORE: u8 = 9;
/// Minimum end-of-year test score in each tested subject for Hoàn thành tốt (Điều 9.2.a).
pub const GOOD_MIN_SCORE: u8 = 7;
/// Minimum end-of-year test score in each tested subject for Hoàn thành (Điều 9.2.a).
pub const COMPLETED_MIN_SCORE: u8 = 5;

/// The year-end result TT27 Điều 9.2.a gives for the record's year-end assessments.
///
/// - Hoàn thành xuất sắc: every subject and activity T, every quality and competency Tốt,
///   every end-of-year test score ≥ 9;
/// - Hoàn thành tốt: the same with every score ≥ 7;
/// - Hoàn thành: every subject T or H, every quality/competency Tốt or Đạt, every score ≥ 5;
/// - otherwise Chưa hoàn thành.
///
/// Thresholds apply to each tested subject, never to an average. Subjects without a score
/// impose no score condition.
pub fn year_result(record: &YearRecord) -> YearResult {
    let all_subjects = |ok: fn(SubjectLevel) -> bool| record.subjects.iter().all(|s| ok(s.level));
    let all_ratings = |ok: fn(QualityLevel) -> bool| {
        record.qualities.iter().all(|q| ok(q.level))
            && record.competencies.iter().all(|c| ok(c.level))
    };
    let min_score = record
        .subjects
        .iter()
        .filter_map(|s| s.score.map(|x| x.get()))
        .min()
        .unwrap_or(u8::MAX);
    let top_levels =
        all_subjects(|l| l == SubjectLevel::Good) && all_ratings(|l| l == QualityLevel::Good);
    if top_levels && min_score >= EXCELLENT_MIN_SCORE {
        YearResult::Excellent
    } else if top_levels && min_score >= GOOD_MIN_SCORE {
        YearResult::Good
    } else if all_subjects(|l| l != SubjectLevel::NotCompleted)
        && all_ratings(|l| l != QualityLevel::NeedsEffort)
        && min_score >= COMPLETED_MIN_SCORE
    {
        YearResult::Completed
    } else {
        YearResult::NotCompleted
    }
}
