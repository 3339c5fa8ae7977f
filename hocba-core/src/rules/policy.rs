//! The validation policy: every behaviour whose legal basis the reference marks UNCONFIRMED
//! is a setting here, with a safe default (`docs/spec/rules.md`, "Policy"; ADR 0031).

use serde::{Deserialize, Serialize};

use super::registry::Severity;

/// What to do when a policy-controlled rule is broken.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
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

impl Check {
    /// The severity to report with, or `None` when off.
    pub const fn severity(self) -> Option<Severity> {
        match self {
            Check::Off => None,
            Check::Info => Some(Severity::Info),
            Check::Warning => Some(Severity::Warning),
            Check::Error => Some(Severity::Error),
        }
    }
}

/// Whether grades 1–2 rate the competencies "Công nghệ" and "Tin học".
///
/// TT27 and CT GDPT 2018 list seven specific competencies without a grade restriction, but
/// both are developed mainly through Tin học và Công nghệ, which starts in grade 3; whether
/// grade 1–2 học bạ pages rate them is UNCONFIRMED (reference §2).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TechCompetencies {
    /// All ten competencies are rated in every grade (the default: the reference's
    /// recommendation, and what the template's list of ten says).
    Required,
    /// In grades 1–2 the two may be left out ("not assessed"); when present they count.
    Optional,
}

/// Which row of *Tin học và Công nghệ* carries the periodic test of TT27 Điều 7.1.b when a
/// record has the two rows [`Subject::TinHoc`](crate::model::Subject::TinHoc) and
/// [`Subject::CongNghe`](crate::model::Subject::CongNghe).
///
/// TT27 names "Tin học và Công nghệ" as one tested subject; the national display template
/// (CV 2088 Phụ lục 2, QĐ 2904/QĐ-BGDĐT) shows two rows, each with a level and a score
/// column. Which part the test is on (or whether each part has one) is UNCONFIRMED. Under
/// every setting each score that may be recorded counts on its own for Điều 9.2.a (never
/// averaged, ADR 0110). The combined row of format 1 ([`Subject::TinHocCongNghe`](crate::model::Subject::TinHocCongNghe))
/// keeps its one required score whatever this says.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IctTest {
    /// A score on at least one of the two rows; either or both may carry one, neither is
    /// flagged (the default: accepts every reading until the Ministry settles it).
    #[default]
    Either,
    /// The test is on Tin học: its row needs a score, a score on Công nghệ is unexpected.
    TinHoc,
    /// The test is on Công nghệ: its row needs a score, a score on Tin học is unexpected.
    CongNghe,
    /// Each part has its own test: both rows need a score.
    Both,
}

/// How far a pupil's age may differ from the usual age of the grade before
/// `birth_date_implausible` is reported.
///
/// The usual age is the one a pupil who entered grade 1 in the calendar year they turn six
/// has (Điều lệ trường tiểu học, TT 28/2020/TT-BGDĐT: "vào học lớp một là 06 tuổi", with
/// up to 3 years more for pupils with disabilities, ethnic-minority pupils, returning
/// pupils and others; the article number is UNCONFIRMED). Age is counted in calendar years:
/// first year of the school year minus year of birth.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct AgeWindow {
    /// Years younger than usual that are still plausible (early entry).
    pub younger: u8,
    /// Years older than usual that are still plausible (late entry, retention).
    pub older: u8,
}

/// The policy a validation runs under. Start from [`Policy::default`] and change fields:
/// `Policy { zero_score: Check::Error, ..Policy::default() }`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Policy {
    /// `score_zero`: a periodic-test score of 0. TT22/2016 forbade 0; TT27 quotations only
    /// forbid decimals (UNCONFIRMED). Default: warning.
    pub zero_score: Check,
    /// `score_optional_subject`: a score on an optional subject (Ngoại ngữ 1 in grades 1–2,
    /// Tiếng dân tộc thiểu số). Whether schools score them is UNCONFIRMED; such a score never
    /// counts towards Điều 9.2.a. Default: warning.
    pub optional_subject_score: Check,
    /// `comment_missing`: a C level without a comment. The filling guide asks for the unmet
    /// content; its strictness is UNCONFIRMED. Default: warning.
    pub comment_for_c: Check,
    /// `retest_at_moment`: a retest flag at a mid-term moment (the retest wording of
    /// Điều 7.1.d is UNCONFIRMED). Default: warning.
    pub retest_moment: Check,
    /// `personal_id_missing`: no số định danh cá nhân (a practical prerequisite for signing,
    /// not a TT27 rule). Default: warning.
    pub personal_id_missing: Check,
    /// `personal_id_province`, `personal_id_century_gender`, `personal_id_birth_year`: the
    /// structure of the 12-digit number (the century/gender mapping is UNCONFIRMED).
    /// Default: warning.
    pub personal_id_structure: Check,
    /// `birth_date_implausible`: age outside [`Policy::age_window`]. Default: warning.
    pub birth_date: Check,
    /// The plausible ages per grade. Default: 1 year younger, 3 years older.
    pub age_window: AgeWindow,
    /// Công nghệ and Tin học in grades 1–2. Default: [`TechCompetencies::Required`].
    pub tech_competencies_grades_1_2: TechCompetencies,
    /// Which of the two rows of Tin học và Công nghệ carries the periodic test (UNCONFIRMED).
    /// Default: [`IctTest::Either`].
    pub ict_periodic_test: IctTest,
    /// `national_field_missing`: a field the national XML (CV 2088 Phụ lục 1.1) requires is
    /// absent, so the record cannot be submitted in the national format yet. Not a TT27 rule.
    /// Default: warning.
    pub national_completeness: Check,
    /// `dated_before_year_end`, `moved_in_after_school_year`, `signed_before_year_end`: dates
    /// judged against the school calendar (the school year ends in May: the Ministry's yearly
    /// framework, UNCONFIRMED). Dates that cannot happen whatever the calendar are errors
    /// outside the policy (ADR 0265). Default: warning.
    pub school_calendar: Check,
    /// `issue_date_differs_from_seal`: the issue date the data gives
    /// (`NGAY_KY_PHAT_HANH_HOC_BA`) is not the day the school seal signed. Vendors write it when
    /// they prepare the data, before anyone signs. Default: warning.
    pub issue_date: Check,
}

impl Default for Policy {
    fn default() -> Self {
        Self {
            zero_score: Check::Warning,
            optional_subject_score: Check::Warning,
            comment_for_c: Check::Warning,
            retest_moment: Check::Warning,
            personal_id_missing: Check::Warning,
            personal_id_structure: Check::Warning,
            birth_date: Check::Warning,
            age_window: AgeWindow {
                younger: 1,
                older: 3,
            },
            tech_competencies_grades_1_2: TechCompetencies::Required,
            ict_periodic_test: IctTest::Either,
            national_completeness: Check::Warning,
            school_calendar: Check::Warning,
            issue_date: Check::Warning,
        }
    }
}

impl Policy {
    /// The setting named `field` (a [`Rule::policy`](super::Rule::policy) name).
    pub fn check(&self, field: &str) -> Option<Check> {
        Some(match field {
            "zero_score" => self.zero_score,
            "optional_subject_score" => self.optional_subject_score,
            "comment_for_c" => self.comment_for_c,
            "retest_moment" => self.retest_moment,
            "personal_id_missing" => self.personal_id_missing,
            "personal_id_structure" => self.personal_id_structure,
            "birth_date" => self.birth_date,
            "national_completeness" => self.national_completeness,
            "school_calendar" => self.school_calendar,
            "issue_date" => self.issue_date,
            _ => return None,
        })
    }
}

/// Why a policy given as JSON was not taken ([`Policy::from_json`]): the one reading of a policy
/// the CLI (`--policy`) and the bindings share. The setting's name is the caller's text, never
/// record data; it is shortened to 64 characters.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PolicyError {
    /// Not JSON.
    #[error("invalid policy: not JSON (line {line}, column {column})")]
    NotJson {
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
    },
    /// JSON, but not an object of settings.
    #[error("invalid policy: a JSON object of settings is expected")]
    NotAnObject,
    /// A setting the policy does not have.
    #[error("invalid policy: unknown setting «{name}»")]
    UnknownSetting {
        /// The setting as given.
        name: String,
    },
    /// A value the setting does not take.
    #[error("invalid policy: setting «{name}» does not take this value")]
    BadValue {
        /// The setting.
        name: String,
    },
}

impl PolicyError {
    /// Stable snake_case machine code: `invalid_policy`, whatever the cause.
    pub fn code(&self) -> &'static str {
        "invalid_policy"
    }

    /// The message in Vietnamese.
    pub fn message_vi(&self) -> String {
        match self {
            PolicyError::NotJson { line, column } => format!(
                "chính sách kiểm tra không hợp lệ: không phải JSON (dòng {line}, cột {column})"
            ),
            PolicyError::NotAnObject => {
                "chính sách kiểm tra không hợp lệ: cần một đối tượng JSON gồm các thiết lập".into()
            }
            PolicyError::UnknownSetting { name } => {
                format!("chính sách kiểm tra không hợp lệ: không có thiết lập «{name}»")
            }
            PolicyError::BadValue { name } => {
                format!(
                    "chính sách kiểm tra không hợp lệ: thiết lập «{name}» không nhận giá trị này"
                )
            }
        }
    }
}

impl Policy {
    /// Reads a policy from JSON (an object of the settings to change; the others keep their
    /// defaults), naming the setting that is unknown or given a value it does not take.
    pub fn from_json(bytes: &[u8]) -> Result<Policy, PolicyError> {
        let value: serde_json::Value =
            serde_json::from_slice(bytes).map_err(|e| PolicyError::NotJson {
                line: e.line(),
                column: e.column(),
            })?;
        let settings = value.as_object().ok_or(PolicyError::NotAnObject)?;
        let name_of = |k: &str| k.chars().take(64).collect::<String>();
        for (k, v) in settings {
            let mut one = serde_json::Map::new();
            one.insert(k.clone(), v.clone());
            if let Err(e) = serde_json::from_value::<Policy>(serde_json::Value::Object(one)) {
                return Err(if e.to_string().starts_with("unknown field") {
                    PolicyError::UnknownSetting { name: name_of(k) }
                } else {
                    PolicyError::BadValue { name: name_of(k) }
                });
            }
        }
        serde_json::from_value(value).map_err(|_| PolicyError::NotAnObject)
    }
}

#[cfg(test)]
mod json_tests {
    use super::*;

    #[test]
    fn a_policy_in_json_names_the_setting_it_cannot_take() {
        assert_eq!(
            Policy::from_json(br#"{"zero_score": "error"}"#),
            Ok(Policy {
                zero_score: Check::Error,
                ..Policy::default()
            })
        );
        assert_eq!(Policy::from_json(b"{}"), Ok(Policy::default()));
        let bad = Policy::from_json(br#"{"zero_score": "nope"}"#).unwrap_err();
        assert_eq!(
            bad,
            PolicyError::BadValue {
                name: "zero_score".into()
            }
        );
        assert!(bad.to_string().contains("zero_score"));
        assert!(bad.message_vi().contains("zero_score"));
        assert_eq!(
            Policy::from_json(br#"{"zero": "error"}"#),
            Err(PolicyError::UnknownSetting {
                name: "zero".into()
            })
        );
        assert_eq!(Policy::from_json(b"[1]"), Err(PolicyError::NotAnObject));
        assert!(matches!(
            Policy::from_json(b"{"),
            Err(PolicyError::NotJson { line: 1, .. })
        ));
        assert_eq!(bad.code(), "invalid_policy");
    }
}
