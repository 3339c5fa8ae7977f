//! Completion and promotion (TT27 Điều 11): class completion follows from the result and
//! the additional assessment; a pupil who completed is promoted; one who still has not is
//! promoted or retained by the principal's decision; grade 5 completion of primary.
//!
//! On a record read from the national XML (ADR 0242, 0243), which cannot carry the additional
//! assessment nor the principal's decision, a pupil who did not complete and is not recorded
//! as completing is `supplementary_not_carried` (info: Điều 11.1.b and 11.1.c cannot be
//! checked), never `supplementary_missing`; and the completion sentence must not contradict
//! the flags (`completion_sentence_mismatch`).

use super::derive::result_completes;
use super::registry::RuleCode;
use super::report::{Derived, Params, Sink};
use crate::model::{Grade, Promotion, YearRecord};
use crate::moet::CompletionClaims;

/// Runs the completion rules against the derived values.
pub(crate) fn check(record: &YearRecord, derived: &Derived, sink: &mut Sink<'_>) {
    let c = &record.completion;
    let none = Params::default;
    let completes = result_completes(derived.result);
    match (completes, c.supplementary.is_some()) {
        (true, true) => sink.emit(
            RuleCode::SupplementaryUnexpected,
            format_args!("completion.supplementary"),
            none(),
        ),
        (false, false) => sink.emit(
            if sink.national.is_some() {
                RuleCode::SupplementaryNotCarried
            } else {
                RuleCode::SupplementaryMissing
            },
            format_args!("completion.supplementary"),
            none(),
        ),
        _ => {}
    }
    if c.class_completed != derived.class_completed {
        sink.emit(
            RuleCode::ClassCompletionMismatch,
            format_args!("completion.class_completed"),
            none(),
        );
    }
    if derived.class_completed {
        if c.promotion != Promotion::Promoted || c.principal_decision {
            sink.emit(
                RuleCode::PromotionMismatch,
                format_args!("completion.promotion"),
                none(),
            );
        }
    } else if c.supplementary.is_some() && !c.principal_decision {
        sink.emit(
            RuleCode::PrincipalDecisionMissing,
            format_args!("completion.principal_decision"),
            none(),
        );
    }
    if c.primary_completed != derived.primary_completed {
        let code = if record.grade == Grade::G5 {
            RuleCode::PrimaryCompletionMismatch
        } else {
            RuleCode::PrimaryCompletionNotGrade5
        };
        sink.emit(code, format_args!("completion.primary_completed"), none());
    }
    if let Some(facts) = sink.national {
        sentence(record, &facts.completion_claims(), sink);
    }
}

/// `completion_sentence_mismatch` for each flag the national XML's completion sentence
/// contradicts (TT27 Điều 11.1: completion and promotion; Điều 11.2: primary). What the sentence
/// does not say, or says in words hocba does not recognise, is not compared.
fn sentence(record: &YearRecord, claims: &CompletionClaims, sink: &mut Sink<'_>) {
    let c = &record.completion;
    let g = record.grade.get();
    let promoted = c.promotion == Promotion::Promoted;
    let mut found: Vec<(&str, (&'static str, &'static str))> = Vec::new();
    if claims
        .class_completed
        .is_some_and(|x| x != c.class_completed)
    {
        found.push((
            "completion.class_completed",
            (
                "\"Đã hoàn thành chương trình lớp học\" (DA_HOAN_THANH_CHUONG_TRINH_LOP_HOC)",
                "\"completed the class programme\" (DA_HOAN_THANH_CHUONG_TRINH_LOP_HOC)",
            ),
        ));
    }
    if claims.promoted.is_some_and(|x| x != promoted) {
        found.push((
            "completion.promotion",
            (
                "\"Được lên lớp\" (DUOC_LEN_LOP)",
                "\"promoted\" (DUOC_LEN_LOP)",
            ),
        ));
    }
    if claims
        .primary_completed
        .is_some_and(|x| x != c.primary_completed)
    {
        found.push((
            "completion.primary_completed",
            (
                "\"Đã hoàn thành chương trình tiểu học\" (DA_HOAN_THANH_CHUONG_TRINH_TIEU_HOC)",
                "\"completed primary education\" (DA_HOAN_THANH_CHUONG_TRINH_TIEU_HOC)",
            ),
        ));
    }
    // The grades it names: the class clause names this grade; "được lên lớp N" the next one,
    // "ở lại lớp N" this one (compared only where the promotion clause itself agrees).
    let next_ok = match claims.promoted {
        Some(true) => claims.promotion_grade.is_none_or(|n| n == g + 1),
        Some(false) => claims.promotion_grade.is_none_or(|n| n == g),
        None => true,
    };
    if claims.class_grade.is_some_and(|n| n != g) || !next_ok {
        found.push(("grade", ("khối lớp (MA_KHOI)", "grade (MA_KHOI)")));
    }
    for (path, (vi, en)) in found {
        sink.emit(
            RuleCode::CompletionSentenceMismatch,
            path,
            Params::item(vi, en),
        );
    }
}
