//! Completion and promotion (TT27 Điều 11): class completion follows from the result and
//! the additional assessment; a pupil who completed is promoted; one who still has not is
//! promoted or retained by the principal's decision; grade 5 completion of primary.

use super::derive::result_completes;
use super::registry::RuleCode;
use super::report::{Derived, Params, Sink};
use crate::model::{Grade, Promotion, YearRecord};

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
            RuleCode::SupplementaryMissing,
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
}
