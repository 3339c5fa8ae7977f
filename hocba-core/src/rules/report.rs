//! What a validation returns: every violation, and the values TT27 derives.

use std::fmt;

use serde::Serialize;

use super::policy::Policy;
use super::registry::{RuleCode, Severity};
use crate::Lang;
use crate::model::{AwardKind, Grade, Moment, SchoolYear, Subject, YearResult};

/// One broken rule, at one place in the record.
///
/// Messages are built from the registry's templates and curriculum facts only: they never
/// contain a pupil's name, identifier, birth date, scores or results.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Violation {
    /// Stable snake_case code, e.g. `score_missing`.
    pub code: &'static str,
    /// Catalogue id, e.g. `SCO-01`.
    pub rule_id: &'static str,
    /// The legal basis, e.g. "TT27 Điều 9.2.a", "TT32/2018 — kế hoạch giáo dục lớp 3".
    pub rule: String,
    /// Where in the record: `subjects[3].score`; in a transcript `years[2].subjects[3].score`.
    /// Empty for the record as a whole.
    pub path: String,
    /// How serious it is (under the policy the validation ran with).
    pub severity: Severity,
    /// Message in Vietnamese.
    pub message_vi: String,
    /// Message in English.
    pub message_en: String,
}

impl Violation {
    /// The message in `lang`.
    pub fn message(&self, lang: Lang) -> &str {
        match lang {
            Lang::Vi => &self.message_vi,
            Lang::En => &self.message_en,
        }
    }
}

/// English, one line: `error score_missing at subjects[1].score (TT27 Điều 7.1.b): …`.
impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.severity.code(), self.code)?;
        if !self.path.is_empty() {
            write!(f, " at {}", self.path)?;
        }
        write!(f, " ({}): {}", self.rule, self.message_en)
    }
}

/// Eligibility for a year-end title of TT27 Điều 13.1.a.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct AwardEligibility {
    /// The title.
    pub award: AwardKind,
    /// True when the result alone does not decide it: "Học sinh Tiêu biểu…" also needs an
    /// outstanding achievement or clear progress **recognised by the class collective**,
    /// which no record field can prove. The record may carry the title; it may not be
    /// derived.
    pub requires_class_recognition: bool,
}

/// What TT27 derives from a year's assessments.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Derived {
    /// Đánh giá kết quả giáo dục (Điều 9.2.a).
    pub result: YearResult,
    /// Titles the pupil is eligible for (Điều 13.1.a).
    pub eligible_awards: Vec<AwardEligibility>,
    /// Hoàn thành chương trình lớp học (Điều 11.1.a; after the additional assessment of
    /// Điều 11.1.b, when the record carries one).
    pub class_completed: bool,
    /// Hoàn thành chương trình tiểu học (Điều 11.2): grade 5 and class completed.
    pub primary_completed: bool,
}

/// The result of a validation: every violation (never only the first) and the derived values.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Report {
    /// Every violation, in the order the checks ran.
    pub violations: Vec<Violation>,
    /// Derived values per year record, in record order (a single record: one entry).
    /// `None` where the record's rule set could not be applied.
    pub derived: Vec<Option<Derived>>,
}

impl Report {
    /// True when there is no error (warnings and information allowed).
    pub fn is_ok(&self) -> bool {
        !self
            .violations
            .iter()
            .any(|v| v.severity == Severity::Error)
    }

    /// The errors.
    pub fn errors(&self) -> impl Iterator<Item = &Violation> {
        self.with_severity(Severity::Error)
    }

    /// The warnings.
    pub fn warnings(&self) -> impl Iterator<Item = &Violation> {
        self.with_severity(Severity::Warning)
    }

    /// The violations of severity `s`.
    pub fn with_severity(&self, s: Severity) -> impl Iterator<Item = &Violation> {
        self.violations.iter().filter(move |v| v.severity == s)
    }

    /// The first error, if any.
    pub fn first_error(&self) -> Option<&Violation> {
        self.errors().next()
    }

    /// The codes of all violations, in order.
    pub fn codes(&self) -> Vec<&'static str> {
        self.violations.iter().map(|v| v.code).collect()
    }

    /// True when a violation with `code` was reported.
    pub fn has(&self, code: &str) -> bool {
        self.violations.iter().any(|v| v.code == code)
    }

    /// The derived values of the first (for a single record: the only) year record.
    pub fn derived(&self) -> Option<&Derived> {
        self.derived.first().and_then(Option::as_ref)
    }

    /// The report as JSON (`{"ok", "violations", "derived"}`).
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::json!({
            "ok": self.is_ok(),
            "violations": self.violations,
            "derived": self.derived,
        })
    }

    /// `Ok(self)` when there is no error, else the errors as a [`ValidationError`].
    pub fn into_result(self) -> Result<Report, ValidationError> {
        if self.is_ok() {
            Ok(self)
        } else {
            Err(ValidationError {
                violations: self
                    .violations
                    .into_iter()
                    .filter(|v| v.severity == Severity::Error)
                    .collect(),
            })
        }
    }
}

/// A record that breaks TT27 rules (the validation phase of [`crate::Error`]).
///
/// Holds the errors (at least one). `Display` names the number of errors and the first code,
/// never pupil data.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidationError {
    /// The errors, in report order.
    pub violations: Vec<Violation>,
}

impl fmt::Display for ValidationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the record breaks {} TT27 rule(s); first: {}",
            self.violations.len(),
            self.code()
        )
    }
}

impl std::error::Error for ValidationError {}

impl ValidationError {
    /// The code of the first error (the stable machine code of this error).
    pub fn code(&self) -> &'static str {
        self.violations.first().map_or("validation", |v| v.code)
    }

    /// The message in Vietnamese.
    pub fn message_vi(&self) -> String {
        format!(
            "bản ghi vi phạm {} quy định; lỗi đầu tiên: {} ({})",
            self.violations.len(),
            self.code(),
            self.violations
                .first()
                .map_or("", |v| v.message_vi.as_str())
        )
    }
}

/// Curriculum facts a message may name. Never pupil data.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Params {
    pub(crate) subject: Option<Subject>,
    pub(crate) grade: Option<Grade>,
    pub(crate) moment: Option<Moment>,
    /// A quality, competency, title or field label: (Vietnamese, English).
    pub(crate) item: Option<(&'static str, &'static str)>,
    pub(crate) from: Option<SchoolYear>,
}

impl Params {
    pub(crate) fn subject(subject: Subject, grade: Grade) -> Self {
        Self {
            subject: Some(subject),
            grade: Some(grade),
            ..Self::default()
        }
    }

    pub(crate) fn item(vi: &'static str, en: &'static str) -> Self {
        Self {
            item: Some((vi, en)),
            ..Self::default()
        }
    }

    fn render(&self, template: &str, lang: Lang) -> String {
        if !template.contains('{') {
            return template.to_owned();
        }
        let mut out = String::with_capacity(template.len() + 32);
        let mut rest = template;
        while let Some(start) = rest.find('{') {
            out.push_str(&rest[..start]);
            let Some(len) = rest[start..].find('}') else {
                break;
            };
            let name = &rest[start + 1..start + len];
            let vi = lang == Lang::Vi;
            match name {
                "subject" => out.push_str(
                    self.subject
                        .map_or("", |s| if vi { s.label_vi() } else { s.label_en() }),
                ),
                "grade" => {
                    if let Some(g) = self.grade {
                        out.push_str(&g.to_string());
                    }
                }
                "moment" => {
                    // Mid-sentence: "kiểm tra định kì cuối năm học", "at end of year".
                    if let Some(m) = self.moment {
                        let label = if vi { m.label_vi() } else { m.label_en() };
                        let mut chars = label.chars();
                        if let Some(first) = chars.next() {
                            out.extend(first.to_lowercase());
                            out.push_str(chars.as_str());
                        }
                    }
                }
                "item" => out.push_str(self.item.map_or("", |(v, e)| if vi { v } else { e })),
                "from" => {
                    if let Some(y) = self.from {
                        out.push_str(&y.to_string());
                    }
                }
                other => {
                    out.push('{');
                    out.push_str(other);
                    out.push('}');
                }
            }
            rest = &rest[start + len + 1..];
        }
        out.push_str(rest);
        out
    }
}

/// Where checks write: the policy, the path prefix (`""` or `years[2].`) and the report.
pub(crate) struct Sink<'a> {
    pub(crate) policy: &'a Policy,
    pub(crate) prefix: &'a str,
    pub(crate) out: &'a mut Vec<Violation>,
    /// What the national XML the record was read from says beyond the model, when it was
    /// read from one (`rules::validate_national`, ADR 0242): the completion rules then judge
    /// what the format carries.
    pub(crate) national: Option<&'a crate::moet::NationalFacts>,
}

impl Sink<'_> {
    /// Reports `code` at `path` (relative to the prefix), with the severity from the
    /// registry or, for policy-controlled rules, from the policy.
    pub(crate) fn emit(&mut self, code: RuleCode, path: impl fmt::Display, params: Params) {
        let rule = code.rule();
        let severity = match rule.policy {
            Some(field) => match self.policy.check(field).and_then(|c| c.severity()) {
                Some(s) => s,
                None => return,
            },
            None => rule.severity,
        };
        let path = path.to_string();
        let path = if path.is_empty() {
            self.prefix.trim_end_matches('.').to_owned()
        } else {
            format!("{}{}", self.prefix, path)
        };
        self.out.push(Violation {
            code: rule.code,
            rule_id: rule.id,
            rule: params.render(rule.article, Lang::Vi),
            path,
            severity,
            message_vi: params.render(rule.message_vi, Lang::Vi),
            message_en: params.render(rule.message_en, Lang::En),
        });
    }
}

/// The path of a subject row: `subjects[i].field` or `periodic[j].subjects[i].field`.
#[derive(Clone, Copy)]
pub(crate) struct SubjectPath {
    pub(crate) periodic: Option<usize>,
    pub(crate) index: usize,
    pub(crate) field: &'static str,
}

impl fmt::Display for SubjectPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(j) = self.periodic {
            write!(f, "periodic[{j}].")?;
        }
        write!(f, "subjects[{}]", self.index)?;
        if !self.field.is_empty() {
            write!(f, ".{}", self.field)?;
        }
        Ok(())
    }
}
