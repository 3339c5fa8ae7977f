//! The year-end result (TT27 Điều 9.2.a) equals the one derived from the assessments.

use super::registry::RuleCode;
use super::report::{Derived, Params, Sink};
use crate::model::YearRecord;

/// Reports `result_mismatch` when the recorded result is not `derived.result`.
pub(crate) fn check(record: &YearRecord, derived: &Derived, sink: &mut Sink<'_>) {
    if record.result != derived.result {
        sink.emit(
            RuleCode::ResultMismatch,
            format_args!("result"),
            Params::default(),
        );
    }
}
