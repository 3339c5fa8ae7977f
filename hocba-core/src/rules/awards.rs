//! Commendations (TT27 Điều 13): the year-end titles follow from the derived result;
//! "Học sinh Tiêu biểu…" also needs class recognition, which is stated, not derived.

use super::registry::RuleCode;
use super::report::{Derived, Params, Sink};
use crate::model::{AwardKind, Text, YearRecord, YearResult};

/// Runs the commendation rules against the derived result.
pub(crate) fn check(record: &YearRecord, derived: &Derived, sink: &mut Sink<'_>) {
    let mut seen = 0u8;
    for (i, a) in record.awards.iter().enumerate() {
        let item = Params::item(a.kind.label_vi(), a.kind.label_en());
        let described = a.description.as_ref().is_some_and(|d| !Text::is_blank(d));
        match a.kind {
            AwardKind::Excellent if derived.result != YearResult::Excellent => sink.emit(
                RuleCode::AwardExcellentRequiresHtxs,
                format_args!("awards[{i}].kind"),
                item,
            ),
            AwardKind::Exemplary if derived.result != YearResult::Good => sink.emit(
                RuleCode::AwardExemplaryRequiresHtt,
                format_args!("awards[{i}].kind"),
                item,
            ),
            AwardKind::Exemplary if !described => sink.emit(
                RuleCode::AwardExemplaryBasisMissing,
                format_args!("awards[{i}].description"),
                item,
            ),
            AwardKind::Special | AwardKind::HigherLevel if !described => sink.emit(
                RuleCode::AwardDescriptionMissing,
                format_args!("awards[{i}].description"),
                item,
            ),
            _ => {}
        }
        if matches!(a.kind, AwardKind::Excellent | AwardKind::Exemplary) {
            let bit = 1u8 << (a.kind as u8);
            if seen & bit != 0 {
                sink.emit(
                    RuleCode::AwardDuplicate,
                    format_args!("awards[{i}].kind"),
                    item,
                );
            }
            seen |= bit;
        }
    }
    if derived.result == YearResult::Excellent && seen & (1u8 << (AwardKind::Excellent as u8)) == 0
    {
        sink.emit(
            RuleCode::AwardExcellentNotRecorded,
            format_args!("awards"),
            Params::default(),
        );
    }
}
