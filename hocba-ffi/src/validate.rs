//! TT27 validation: every violation, and the values TT27 derives.

use hocba_core::rules;

use crate::error::{HocbaError, guard};
use crate::model::{AwardKind, YearResult};

/// What to do when a policy-controlled rule is broken.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, uniffi::Enum)]
pub enum Check {
    /// Do not report it.
    Off,
    /// Report it as information.
    Info,
    /// Report it as a warning (the record stays valid).
    Warning,
    /// Report it as an error (the record is not valid).
    Error,
}

impl From<rules::Check> for Check {
    fn from(c: rules::Check) -> Self {
        match c {
            rules::Check::Off => Check::Off,
            rules::Check::Info => Check::Info,
            rules::Check::Warning => Check::Warning,
            rules::Check::Error => Check::Error,
        }
    }
}

impl From<Check> for rules::Check {
    fn from(c: Check) -> Self {
        match c {
            Check::Off => rules::Check::Off,
            Check::Info => rules::Check::Info,
            Check::Warning => rules::Check::Warning,
            Check::Error => rules::Check::Error,
        }
    }
}

/// Whether grades 1–2 rate the competencies "Công nghệ" and "Tin học".
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, uniffi::Enum)]
pub enum TechCompetencies {
    /// All ten competencies are rated in every grade (the default).
    Required,
    /// In grades 1–2 the two may be left out.
    Optional,
}

impl From<rules::TechCompetencies> for TechCompetencies {
    fn from(t: rules::TechCompetencies) -> Self {
        match t {
            rules::TechCompetencies::Required => TechCompetencies::Required,
            rules::TechCompetencies::Optional => TechCompetencies::Optional,
        }
    }
}

impl From<TechCompetencies> for rules::TechCompetencies {
    fn from(t: TechCompetencies) -> Self {
        match t {
            TechCompetencies::Required => rules::TechCompetencies::Required,
            TechCompetencies::Optional => rules::TechCompetencies::Optional,
        }
    }
}

/// Which row of Tin học và Công nghệ carries the periodic test (UNCONFIRMED; ADR 0110).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, uniffi::Enum)]
pub enum IctTest {
    /// A score on at least one of the two rows (the default).
    Either,
    /// The test is on Tin học.
    TinHoc,
    /// The test is on Công nghệ.
    CongNghe,
    /// Each row has its own test.
    Both,
}

impl From<rules::IctTest> for IctTest {
    fn from(t: rules::IctTest) -> Self {
        match t {
            rules::IctTest::Either => IctTest::Either,
            rules::IctTest::TinHoc => IctTest::TinHoc,
            rules::IctTest::CongNghe => IctTest::CongNghe,
            rules::IctTest::Both => IctTest::Both,
        }
    }
}

impl From<IctTest> for rules::IctTest {
    fn from(t: IctTest) -> Self {
        match t {
            IctTest::Either => rules::IctTest::Either,
            IctTest::TinHoc => rules::IctTest::TinHoc,
            IctTest::CongNghe => rules::IctTest::CongNghe,
            IctTest::Both => rules::IctTest::Both,
        }
    }
}

/// The validation policy: every behaviour whose legal basis is unconfirmed, with safe
/// defaults ([`default_policy`]; `docs/spec/rules.md`, "Policy").
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, uniffi::Record)]
pub struct Policy {
    /// `score_zero`: a periodic-test score of 0.
    pub zero_score: Check,
    /// `score_optional_subject`: a score on an optional subject.
    pub optional_subject_score: Check,
    /// `comment_missing`: a C level without a comment.
    pub comment_for_c: Check,
    /// `retest_at_moment`: a retest flag at a mid-term moment.
    pub retest_moment: Check,
    /// `personal_id_missing`: no số định danh cá nhân.
    pub personal_id_missing: Check,
    /// The structure of the 12-digit personal ID.
    pub personal_id_structure: Check,
    /// `birth_date_implausible`: age outside the window below.
    pub birth_date: Check,
    /// Years younger than the usual age of the grade that are still plausible.
    pub age_younger: u8,
    /// Years older than the usual age of the grade that are still plausible.
    pub age_older: u8,
    /// Công nghệ and Tin học in grades 1–2.
    pub tech_competencies_grades_1_2: TechCompetencies,
    /// Which row of Tin học và Công nghệ carries the periodic test.
    pub ict_periodic_test: IctTest,
    /// `national_field_missing`: a field the national XML (CV 2088) requires is absent.
    pub national_completeness: Check,
    /// `dated_before_year_end`, `moved_in_after_school_year`, `signed_before_year_end`: dates
    /// against the school calendar (unconfirmed).
    pub school_calendar: Check,
    /// `issue_date_differs_from_seal`: the issue date is not the day the school seal signed.
    pub issue_date: Check,
}

impl From<rules::Policy> for Policy {
    fn from(p: rules::Policy) -> Self {
        let rules::Policy {
            zero_score,
            optional_subject_score,
            comment_for_c,
            retest_moment,
            personal_id_missing,
            personal_id_structure,
            birth_date,
            age_window,
            tech_competencies_grades_1_2,
            ict_periodic_test,
            national_completeness,
            school_calendar,
            issue_date,
        } = p;
        Self {
            zero_score: zero_score.into(),
            optional_subject_score: optional_subject_score.into(),
            comment_for_c: comment_for_c.into(),
            retest_moment: retest_moment.into(),
            personal_id_missing: personal_id_missing.into(),
            personal_id_structure: personal_id_structure.into(),
            birth_date: birth_date.into(),
            age_younger: age_window.younger,
            age_older: age_window.older,
            tech_competencies_grades_1_2: tech_competencies_grades_1_2.into(),
            ict_periodic_test: ict_periodic_test.into(),
            national_completeness: national_completeness.into(),
            school_calendar: school_calendar.into(),
            issue_date: issue_date.into(),
        }
    }
}

impl From<Policy> for rules::Policy {
    fn from(p: Policy) -> Self {
        rules::Policy {
            zero_score: p.zero_score.into(),
            optional_subject_score: p.optional_subject_score.into(),
            comment_for_c: p.comment_for_c.into(),
            retest_moment: p.retest_moment.into(),
            personal_id_missing: p.personal_id_missing.into(),
            personal_id_structure: p.personal_id_structure.into(),
            birth_date: p.birth_date.into(),
            age_window: rules::AgeWindow {
                younger: p.age_younger,
                older: p.age_older,
            },
            tech_competencies_grades_1_2: p.tech_competencies_grades_1_2.into(),
            ict_periodic_test: p.ict_periodic_test.into(),
            national_completeness: p.national_completeness.into(),
            school_calendar: p.school_calendar.into(),
            issue_date: p.issue_date.into(),
        }
    }
}

/// The default policy (every unconfirmed rule a warning; ages 1 year younger to 3 older).
#[uniffi::export]
pub fn default_policy() -> Policy {
    rules::Policy::default().into()
}

/// How serious a violation is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, uniffi::Enum)]
pub enum Severity {
    /// Worth knowing; nothing to fix.
    Info,
    /// Probably wrong; the record is still valid.
    Warning,
    /// The record breaks the rule; it is not valid.
    Error,
}

impl From<rules::Severity> for Severity {
    fn from(s: rules::Severity) -> Self {
        match s {
            rules::Severity::Info => Severity::Info,
            rules::Severity::Warning => Severity::Warning,
            rules::Severity::Error => Severity::Error,
        }
    }
}

/// One broken rule at one place in the record. Messages never contain pupil data.
#[derive(Clone, Debug, PartialEq, Eq, Hash, uniffi::Record)]
pub struct Violation {
    /// Stable snake_case code, e.g. `score_missing`.
    pub code: String,
    /// Catalogue id, e.g. `SCO-01`.
    pub rule_id: String,
    /// The legal basis, e.g. "TT27 Điều 9.2.a".
    pub rule: String,
    /// Where: `subjects[3].score`; in a transcript `years[2].subjects[3].score`.
    pub path: String,
    /// How serious it is under the policy used.
    pub severity: Severity,
    /// Message in Vietnamese.
    pub message_vi: String,
    /// Message in English.
    pub message_en: String,
}

impl From<rules::Violation> for Violation {
    fn from(v: rules::Violation) -> Self {
        let rules::Violation {
            code,
            rule_id,
            rule,
            path,
            severity,
            message_vi,
            message_en,
        } = v;
        Self {
            code: code.to_owned(),
            rule_id: rule_id.to_owned(),
            rule,
            path,
            severity: severity.into(),
            message_vi,
            message_en,
        }
    }
}

/// Eligibility for a year-end title (TT27 Điều 13.1.a).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, uniffi::Record)]
pub struct AwardEligibility {
    /// The title.
    pub award: AwardKind,
    /// True when the result alone does not decide it (needs the class collective's
    /// recognition, which no record field can prove).
    pub requires_class_recognition: bool,
}

/// What TT27 derives from a year's assessments.
#[derive(Clone, Debug, PartialEq, Eq, Hash, uniffi::Record)]
pub struct Derived {
    /// Đánh giá kết quả giáo dục (Điều 9.2.a).
    pub result: YearResult,
    /// Titles the pupil is eligible for (Điều 13.1.a).
    pub eligible_awards: Vec<AwardEligibility>,
    /// Hoàn thành chương trình lớp học (Điều 11.1).
    pub class_completed: bool,
    /// Hoàn thành chương trình tiểu học (Điều 11.2).
    pub primary_completed: bool,
}

impl From<rules::Derived> for Derived {
    fn from(d: rules::Derived) -> Self {
        let rules::Derived {
            result,
            eligible_awards,
            class_completed,
            primary_completed,
        } = d;
        Self {
            result: result.into(),
            eligible_awards: eligible_awards
                .into_iter()
                .map(|e| AwardEligibility {
                    award: e.award.into(),
                    requires_class_recognition: e.requires_class_recognition,
                })
                .collect(),
            class_completed,
            primary_completed,
        }
    }
}

/// The result of a validation: every violation and the derived values.
#[derive(Clone, Debug, PartialEq, Eq, Hash, uniffi::Record)]
pub struct ValidationReport {
    /// True when there is no error (warnings and information allowed).
    pub ok: bool,
    /// Every violation, in the order the checks ran.
    pub violations: Vec<Violation>,
    /// Derived values per year record, in record order (a single record: one entry); none
    /// where the record's rule set could not be applied.
    pub derived: Vec<Option<Derived>>,
}

impl From<rules::Report> for ValidationReport {
    fn from(r: rules::Report) -> Self {
        let ok = r.is_ok();
        let rules::Report {
            violations,
            derived,
        } = r;
        Self {
            ok,
            violations: violations.into_iter().map(Into::into).collect(),
            derived: derived.into_iter().map(|d| d.map(Into::into)).collect(),
        }
    }
}

/// Validates a year record or a transcript (JSON or canonical CBOR, detected as [`decode`]
/// does) against the TT27 rules under `policy` (the default policy when absent). A document
/// that cannot be decoded is an error; a decoded one always gives a report.
///
/// [`decode`]: crate::decode
#[uniffi::export(default(policy = None))]
pub fn validate(document: Vec<u8>, policy: Option<Policy>) -> Result<ValidationReport, HocbaError> {
    guard(|| {
        let policy = policy.map_or_else(rules::Policy::default, Into::into);
        // A national XML is judged for what its format carries (ADR 0242, 0243).
        Ok(rules::validate_bytes(&document, &policy)?.into())
    })
}
