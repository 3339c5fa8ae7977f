//! Qualities and competencies (TT27 Điều 7.2): all five phẩm chất and all ten năng lực rated
//! at year end, each once (Công nghệ and Tin học in grades 1–2: a policy); and a comment
//! wherever a level is C (the học bạ filling guide; strictness is a policy). The levels
//! themselves (T/H/C, T/Đ/C) are enforced by the model's types.

use super::policy::TechCompetencies;
use super::registry::RuleCode;
use super::report::{Params, Sink, SubjectPath};
use crate::model::{Competency, Quality, QualityLevel, SubjectLevel, Text, YearRecord};

/// True when TT27 (under `policy`) requires a year-end rating of `c` in `grade`.
pub(crate) fn competency_required(c: Competency, grade: u8, policy: TechCompetencies) -> bool {
    !(grade <= 2
        && policy == TechCompetencies::Optional
        && matches!(c, Competency::Technology | Competency::Informatics))
}

fn blank(comment: Option<&Text>) -> bool {
    comment.is_none_or(Text::is_blank)
}

/// Runs the quality, competency and comment rules.
pub(crate) fn check(record: &YearRecord, sink: &mut Sink<'_>) {
    // The national XML has no comment per subject, quality or competency (only one per group
    // and the homeroom teacher's): on a record read from it, `comment_missing` (TT27 Phụ lục 1)
    // cannot be judged per row and is not reported (ADR 0242).
    let per_row = sink.national.is_none();
    let mut seen = 0u16;
    for (i, q) in record.qualities.iter().enumerate() {
        let bit = 1u16 << (q.quality as u16);
        let item = Params::item(q.quality.label_vi(), q.quality.label_en());
        if seen & bit != 0 {
            sink.emit(
                RuleCode::QualityDuplicate,
                format_args!("qualities[{i}].quality"),
                item,
            );
        }
        seen |= bit;
        if per_row && q.level == QualityLevel::NeedsEffort && blank(q.comment.as_ref()) {
            sink.emit(
                RuleCode::CommentMissing,
                format_args!("qualities[{i}].comment"),
                item,
            );
        }
    }
    for &q in Quality::ALL {
        if seen & (1u16 << (q as u16)) == 0 {
            sink.emit(
                RuleCode::QualityMissing,
                format_args!("qualities"),
                Params::item(q.label_vi(), q.label_en()),
            );
        }
    }

    let mut seen = 0u16;
    for (i, c) in record.competencies.iter().enumerate() {
        let bit = 1u16 << (c.competency as u16);
        let item = Params::item(c.competency.label_vi(), c.competency.label_en());
        if seen & bit != 0 {
            sink.emit(
                RuleCode::CompetencyDuplicate,
                format_args!("competencies[{i}].competency"),
                item,
            );
        }
        seen |= bit;
        if per_row && c.level == QualityLevel::NeedsEffort && blank(c.comment.as_ref()) {
            sink.emit(
                RuleCode::CommentMissing,
                format_args!("competencies[{i}].comment"),
                item,
            );
        }
    }
    let tech = sink.policy.tech_competencies_grades_1_2;
    for &c in Competency::ALL {
        if seen & (1u16 << (c as u16)) == 0 && competency_required(c, record.grade.get(), tech) {
            sink.emit(
                RuleCode::CompetencyMissing,
                format_args!("competencies"),
                Params::item(c.label_vi(), c.label_en()),
            );
        }
    }

    for (index, s) in record.subjects.iter().enumerate() {
        if per_row && s.level == SubjectLevel::NotCompleted && blank(s.comment.as_ref()) {
            let path = SubjectPath {
                periodic: None,
                index,
                field: "comment",
            };
            sink.emit(
                RuleCode::CommentMissing,
                path,
                Params::item(s.subject.label_vi(), s.subject.label_en()),
            );
        }
    }
}
