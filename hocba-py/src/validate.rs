//! `hocba.validate`: the TT27 rules over a year record or a transcript.

use hocba_core::rules::{self, AwardEligibility as CoreAward, Derived as CoreDerived, Policy};
use hocba_core::rules::{Report, Violation as CoreViolation};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};

use crate::errors::{Phase, exception, to_py};
use crate::json::{dump_json_arg, json_to_py};
use crate::model::{Transcript, YearRecord};

/// One broken rule at one place in the record.
#[pyclass(frozen, eq, module = "hocba")]
#[derive(Clone, PartialEq)]
pub struct Violation(pub(crate) CoreViolation);

#[pymethods]
impl Violation {
    /// Stable machine code, e.g. `"score_missing"`.
    #[getter]
    fn code(&self) -> &'static str {
        self.0.code
    }
    /// Catalogue id, e.g. `"SCO-01"`.
    #[getter]
    fn rule_id(&self) -> &'static str {
        self.0.rule_id
    }
    /// The legal basis, e.g. `"TT27 Điều 9.2.a"`.
    #[getter]
    fn rule(&self) -> &str {
        &self.0.rule
    }
    /// Where in the record, e.g. `"subjects[3].score"` (empty for the whole record).
    #[getter]
    fn path(&self) -> &str {
        &self.0.path
    }
    /// `"error"`, `"warning"` or `"info"`.
    #[getter]
    fn severity(&self) -> &'static str {
        self.0.severity.code()
    }
    /// The English message.
    #[getter]
    fn message(&self) -> &str {
        &self.0.message_en
    }
    /// The Vietnamese message.
    #[getter]
    fn message_vi(&self) -> &str {
        &self.0.message_vi
    }
    /// The violation as a dict (the items of `ValidationError.errors()`).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        violation_dict(py, &self.0)
    }
    fn __repr__(&self) -> String {
        format!(
            "<hocba.Violation {} {} at {:?}>",
            self.0.severity.code(),
            self.0.code,
            self.0.path
        )
    }
}

/// A violation as a plain dict: code, rule_id, rule, path, severity, message, message_vi.
fn violation_dict<'py>(py: Python<'py>, v: &CoreViolation) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item("code", v.code)?;
    d.set_item("rule_id", v.rule_id)?;
    d.set_item("rule", &v.rule)?;
    d.set_item("path", &v.path)?;
    d.set_item("severity", v.severity.code())?;
    d.set_item("message", &v.message_en)?;
    d.set_item("message_vi", &v.message_vi)?;
    Ok(d)
}

/// Eligibility for a year-end title (TT27 Điều 13.1.a).
#[pyclass(frozen, eq, module = "hocba")]
#[derive(Clone, PartialEq)]
pub struct AwardEligibility(CoreAward);

#[pymethods]
impl AwardEligibility {
    /// The title's code: `"xuat_sac"` or `"tieu_bieu"`.
    #[getter]
    fn award(&self) -> &'static str {
        self.0.award.code()
    }
    /// True when the result alone does not decide it (it also needs the class's recognition).
    #[getter]
    fn requires_class_recognition(&self) -> bool {
        self.0.requires_class_recognition
    }
    fn __repr__(&self) -> String {
        format!("<hocba.AwardEligibility {}>", self.0.award.code())
    }
}

/// What TT27 derives from a year's assessments (the result, awards, completion).
#[pyclass(frozen, eq, module = "hocba")]
#[derive(Clone, PartialEq)]
pub struct Derived(CoreDerived);

#[pymethods]
impl Derived {
    /// Đánh giá kết quả giáo dục (Điều 9.2.a): `"htxs"`, `"htt"`, `"ht"` or `"cht"`.
    #[getter]
    fn result(&self) -> &'static str {
        self.0.result.code()
    }
    /// Titles the pupil is eligible for (Điều 13.1.a).
    #[getter]
    fn eligible_awards(&self) -> Vec<AwardEligibility> {
        self.0
            .eligible_awards
            .iter()
            .copied()
            .map(AwardEligibility)
            .collect()
    }
    /// Hoàn thành chương trình lớp học (Điều 11.1).
    #[getter]
    fn class_completed(&self) -> bool {
        self.0.class_completed
    }
    /// Hoàn thành chương trình tiểu học (Điều 11.2).
    #[getter]
    fn primary_completed(&self) -> bool {
        self.0.primary_completed
    }
    fn __repr__(&self) -> &'static str {
        "<hocba.Derived>"
    }
}

/// The result of `validate`: every violation and the derived values.
#[pyclass(frozen, module = "hocba")]
pub struct ValidationReport(Report);

#[pymethods]
impl ValidationReport {
    /// True when there is no error (warnings and information allowed).
    #[getter]
    fn ok(&self) -> bool {
        self.0.is_ok()
    }
    /// Every violation, in the order the checks ran.
    #[getter]
    fn violations(&self) -> Vec<Violation> {
        self.0.violations.iter().cloned().map(Violation).collect()
    }
    /// The violations of severity `"error"`.
    #[getter]
    fn errors(&self) -> Vec<Violation> {
        self.0.errors().cloned().map(Violation).collect()
    }
    /// The violations of severity `"warning"`.
    #[getter]
    fn warnings(&self) -> Vec<Violation> {
        self.0.warnings().cloned().map(Violation).collect()
    }
    /// The codes of all violations, in order.
    #[getter]
    fn codes(&self) -> Vec<&'static str> {
        self.0.codes()
    }
    /// The derived values of the (first) year record, or `None` when its rule set could not
    /// be applied.
    #[getter]
    fn derived(&self) -> Option<Derived> {
        self.0.derived().cloned().map(Derived)
    }
    /// The derived values of every year record, in record order.
    #[getter]
    fn derived_per_year(&self) -> Vec<Option<Derived>> {
        self.0
            .derived
            .iter()
            .map(|d| d.clone().map(Derived))
            .collect()
    }
    /// True when a violation with `code` was reported.
    fn has(&self, code: &str) -> bool {
        self.0.has(code)
    }
    /// Raises `ValidationError` (with `.errors()`) when there is an error; returns `self`
    /// otherwise.
    fn raise_for_errors(slf: Bound<'_, Self>) -> PyResult<Bound<'_, Self>> {
        match slf.get().0.clone().into_result() {
            Ok(_) => Ok(slf),
            Err(e) => Err(validation_error(slf.py(), &e)?),
        }
    }
    /// The report as a dict: `{"ok", "violations", "derived"}`.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        json_to_py(py, &self.0.to_json().to_string())
    }
    fn __len__(&self) -> usize {
        self.0.violations.len()
    }
    fn __bool__(&self) -> bool {
        self.0.is_ok()
    }
    fn __repr__(&self) -> String {
        format!(
            "<hocba.ValidationReport ok={} errors={} warnings={}>",
            if self.0.is_ok() { "True" } else { "False" },
            self.0.errors().count(),
            self.0.warnings().count()
        )
    }
}

/// The `ValidationError` exception for a failed validation, with `.errors()`.
pub(crate) fn validation_error(py: Python<'_>, e: &rules::ValidationError) -> PyResult<PyErr> {
    let list = PyList::empty(py);
    for v in &e.violations {
        list.append(violation_dict(py, v)?)?;
    }
    Ok(exception(
        Phase::Validation,
        e.code(),
        e.to_string(),
        e.message_vi(),
        None,
        Some(list.into_any().unbind()),
    ))
}

/// Reads a policy from a dict (the JSON form of `hocba_core::rules::Policy`).
fn policy_arg(policy: Option<&Bound<'_, PyAny>>) -> PyResult<Policy> {
    match policy {
        None => Ok(Policy::default()),
        Some(p) => {
            let text = dump_json_arg(p)?;
            Policy::from_json(text.as_bytes()).map_err(|e| to_py(e.into()))
        }
    }
}

/// Validates a `YearRecord` or a `Transcript` against the TT27 rules and returns every
/// violation and the derived values. `policy` (a dict) sets the behaviours whose legal basis is
/// unconfirmed, e.g. `{"zero_score": "error"}`. The bytes of a document (`bytes`, `bytearray`,
/// `memoryview`) are read and judged as the CLI's `hocba validate` judges them: a national XML
/// with the rules for what that format carries (ADR 0242: no error for the supplementary
/// assessment it cannot hold, its completion sentence checked), the same as Kotlin/Swift's
/// `validate`; so is a `YearRecord` read from the national XML (`from_xml`, `loads`, the record
/// of a verified national XML), which remembers its origin (ADR 0261).
#[pyfunction]
#[pyo3(signature = (record, policy = None))]
pub(crate) fn validate(
    record: &Bound<'_, PyAny>,
    policy: Option<&Bound<'_, PyAny>>,
) -> PyResult<ValidationReport> {
    let policy = policy_arg(policy)?;
    if record.is_instance_of::<pyo3::types::PyBytes>()
        || record.is_instance_of::<pyo3::types::PyByteArray>()
        || record.is_instance_of::<pyo3::types::PyMemoryView>()
    {
        let bytes = crate::bytes::input(record, "record")?;
        return rules::validate_bytes(bytes.as_slice(), &policy)
            .map(ValidationReport)
            .map_err(to_py);
    }
    if let Ok(r) = record.cast::<YearRecord>() {
        let r = r.get();
        return Ok(ValidationReport(rules::validate_from(&r.0, &r.1, &policy)));
    }
    if let Ok(t) = record.cast::<Transcript>() {
        return Ok(ValidationReport(rules::validate_transcript(
            &t.get().0,
            &policy,
        )));
    }
    let ty = record.get_type().name()?;
    Err(crate::errors::type_error(
        crate::errors::code::ARGUMENT_TYPE,
        format!("expected a YearRecord or a Transcript, not {ty}"),
        format!("cần một YearRecord hoặc một Transcript, không phải {ty}"),
    ))
}
