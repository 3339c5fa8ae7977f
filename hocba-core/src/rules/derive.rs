//! Derived values: what TT27 says the year-end result, the commendations and the completion
//! are, given the assessments. The validator compares the record against these same
//! functions, so derivation and validation can never disagree.
//!
//! A vendor fills in the assessments and asks for the rest:
//!
//! ```
//! use hocba_core::rules::derive::{derive, fill_derived};
//! let mut record = hocba_core::synth::year_record(7);
//! let derived = derive(&record);
//! fill_derived(&mut record);
//! assert_eq!(record.result, derived.result);
//! ```

use super::curriculum;
use super::policy::Policy;
use super::report::{AwardEligibility, Derived};
use crate::model::{
    Award, AwardKind, Grade, Moment, Promotion, QualityLevel, SubjectLevel, YearRecord, YearResult,
};

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
/// Thresholds apply to **each** tested subject, never to an average. Only subjects with an
/// end-of-year periodic test for the grade (Điều 7.1.b, [`curriculum::is_tested`]) impose a
/// score condition: a score on an optional subject does not count, and a tested subject
/// whose score is missing imposes none (the validator reports `score_missing`).
///
/// Tin học và Công nghệ as two rows: each row is a subject row (its level counts like any
/// other), and each score the default policy lets it carry counts on its own — both, when
/// both parts have one (ADR 0110). [`year_result_with`] takes another policy.
pub fn year_result(record: &YearRecord) -> YearResult {
    year_result_with(record, &Policy::default())
}

/// [`year_result`] under `policy`: which rows of Tin học và Công nghệ carry a counting score
/// follows [`Policy::ict_periodic_test`] (a score on the row the policy says has no test
/// does not count, like a score on an optional subject).
pub fn year_result_with(record: &YearRecord, policy: &Policy) -> YearResult {
    let mut all_good = true;
    let mut none_c = true;
    for s in &record.subjects {
        all_good &= s.level == SubjectLevel::Good;
        none_c &= s.level != SubjectLevel::NotCompleted;
    }
    let ratings = record
        .qualities
        .iter()
        .map(|q| q.level)
        .chain(record.competencies.iter().map(|c| c.level));
    for l in ratings {
        all_good &= l == QualityLevel::Good;
        none_c &= l != QualityLevel::NeedsEffort;
    }
    let min_score = record
        .subjects
        .iter()
        .filter(|s| {
            curriculum::score_rule(
                s.subject,
                record.grade,
                Moment::EndOfYear,
                policy.ict_periodic_test,
            )
            .carries_score()
        })
        .filter_map(|s| s.score.map(|x| x.get()))
        .min()
        .unwrap_or(u8::MAX);
    if all_good && min_score >= EXCELLENT_MIN_SCORE {
        YearResult::Excellent
    } else if all_good && min_score >= GOOD_MIN_SCORE {
        YearResult::Good
    } else if none_c && min_score >= COMPLETED_MIN_SCORE {
        YearResult::Completed
    } else {
        YearResult::NotCompleted
    }
}

/// Whether every criterion of Điều 9.2.a can be judged under `policy`: no subject of the grade
/// is missing and no end-of-year test score the policy requires is missing (exactly when the
/// validator reports neither `subject_missing` nor an end-of-year `score_missing`). When one
/// is missing the result cannot be derived — a missing Toán score must not yield Hoàn thành
/// xuất sắc — and the validator derives nothing for the year.
pub fn judgeable(record: &YearRecord, policy: &super::Policy) -> bool {
    let mut out = Vec::new();
    let mut sink = super::report::Sink {
        policy,
        prefix: "",
        out: &mut out,
        national: None,
    };
    super::curriculum::check(record, &mut sink);
    super::tests_scores::check(record, &mut sink);
    !blocks_derivation(&out)
}

/// Whether `violations` (of one year, from the curriculum and score checks) say a criterion of
/// Điều 9.2.a cannot be judged.
pub(crate) fn blocks_derivation(violations: &[super::Violation]) -> bool {
    violations.iter().any(|v| {
        v.code == "subject_missing" || (v.code == "score_missing" && !v.path.contains("periodic"))
    })
}

/// True when `result` means the class programme is completed (Điều 11.1.a: Hoàn thành xuất
/// sắc, Hoàn thành tốt or Hoàn thành).
pub fn result_completes(result: YearResult) -> bool {
    result != YearResult::NotCompleted
}

/// The year-end titles a `result` makes the pupil eligible for (Điều 13.1.a).
pub fn eligible_awards(result: YearResult) -> Vec<AwardEligibility> {
    match result {
        YearResult::Excellent => vec![AwardEligibility {
            award: AwardKind::Excellent,
            requires_class_recognition: false,
        }],
        YearResult::Good => vec![AwardEligibility {
            award: AwardKind::Exemplary,
            requires_class_recognition: true,
        }],
        YearResult::Completed | YearResult::NotCompleted => Vec::new(),
    }
}

/// Hoàn thành chương trình lớp học given the year-end `result` and the outcome of the
/// additional assessment, if one was held (Điều 11.1.a, 11.1.b).
pub fn class_completed(result: YearResult, supplementary_completed: Option<bool>) -> bool {
    result_completes(result) || supplementary_completed == Some(true)
}

/// Hoàn thành chương trình tiểu học (Điều 11.2): grade 5 and the class programme completed.
pub fn primary_completed(grade: Grade, class_completed: bool) -> bool {
    grade == Grade::G5 && class_completed
}

/// Everything TT27 derives from the record's year-end assessments (and, for completion, the
/// outcome of the additional assessment the record carries), under the default policy.
pub fn derive(record: &YearRecord) -> Derived {
    derive_with(record, &Policy::default())
}

/// [`derive()`] under `policy` (the validator's: it only changes which Tin học / Công nghệ
/// scores count).
pub fn derive_with(record: &YearRecord, policy: &Policy) -> Derived {
    let result = year_result_with(record, policy);
    let supplementary = record
        .completion
        .supplementary
        .as_ref()
        .map(|s| s.completed);
    // An additional assessment only counts for a pupil who had not completed (Điều 11.1.b).
    let class_completed =
        class_completed(result, supplementary.filter(|_| !result_completes(result)));
    Derived {
        result,
        eligible_awards: eligible_awards(result),
        class_completed,
        primary_completed: primary_completed(record.grade, class_completed),
    }
}

/// Writes the derived values into `record`, leaving what cannot be derived as given:
///
/// - `result` := the Điều 9.2.a result;
/// - completion: a pupil who completed at year end is promoted, with no additional
///   assessment and no principal's decision; otherwise `class_completed` follows the
///   additional assessment (none recorded → not completed), and a pupil still not completed
///   gets `principal_decision` (the decision itself, `promotion`, is the principal's and is
///   kept); `primary_completed` per Điều 11.2;
/// - awards: "Học sinh Xuất sắc" is added for Hoàn thành xuất sắc and removed otherwise;
///   "Học sinh Tiêu biểu…" is removed unless the result is Hoàn thành tốt (it is never added:
///   class recognition cannot be derived); a repeated year-end title is dropped; other
///   commendations are kept.
pub fn fill_derived(record: &mut YearRecord) {
    fill_derived_with(record, &Policy::default());
}

/// [`fill_derived`] under `policy`.
pub fn fill_derived_with(record: &mut YearRecord, policy: &Policy) {
    let result = year_result_with(record, policy);
    record.result = result;
    let c = &mut record.completion;
    if result_completes(result) {
        c.class_completed = true;
        c.supplementary = None;
        c.promotion = Promotion::Promoted;
        c.principal_decision = false;
    } else {
        c.class_completed = c.supplementary.as_ref().is_some_and(|s| s.completed);
        if c.class_completed {
            c.promotion = Promotion::Promoted;
            c.principal_decision = false;
        } else {
            c.principal_decision = true;
        }
    }
    c.primary_completed = primary_completed(record.grade, c.class_completed);
    let (mut seen_excellent, mut seen_exemplary) = (false, false);
    record.awards.retain(|a| match a.kind {
        AwardKind::Excellent => {
            result == YearResult::Excellent && !std::mem::replace(&mut seen_excellent, true)
        }
        AwardKind::Exemplary => {
            result == YearResult::Good && !std::mem::replace(&mut seen_exemplary, true)
        }
        AwardKind::Special | AwardKind::HigherLevel => true,
    });
    if result == YearResult::Excellent
        && !record.awards.iter().any(|a| a.kind == AwardKind::Excellent)
    {
        record.awards.insert(
            0,
            Award {
                kind: AwardKind::Excellent,
                description: None,
            },
        );
    }
}
