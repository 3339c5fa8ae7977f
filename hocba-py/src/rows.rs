//! Analysis helpers: flatten records into rows of plain `dict`s, built in Rust.
//!
//! Two shapes, both one `dict` per row with the same identifying columns first:
//! - `year_rows`: one row per pupil-year (results, completion, qualities and competencies
//!   as one column each, e.g. `quality_yeu_nuoc`);
//! - `subject_rows`: one row per pupil-year-subject (level, score, retest).
//!
//! With `identity=False` the directly identifying columns (`full_name`, `personal_id`,
//! `date_of_birth`, `register_number`) are left out; `pupil_code` and the record's
//! `lookup_code` stay so rows can still be joined.

use hocba_core::model as m;
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};

use crate::errors::{code, type_error};
use crate::model::{Transcript, YearRecord, py_date};

/// Calls `f` with every year record found in `records`: a `YearRecord`, a `Transcript`
/// (its years), or any iterable of those.
fn for_each_year(
    records: &Bound<'_, PyAny>,
    f: &mut dyn FnMut(&m::YearRecord) -> PyResult<()>,
) -> PyResult<()> {
    if let Some(one) = year_records_of(records) {
        return one.into_iter().try_for_each(&mut *f);
    }
    let iter = records.try_iter().map_err(|_| {
        type_error(
            code::ARGUMENT_TYPE,
            "expected a YearRecord, a Transcript or an iterable of them",
            "cần một YearRecord, một Transcript hoặc một tập lặp (iterable) của chúng",
        )
    })?;
    for item in iter {
        let item = item?;
        match year_records_of(&item) {
            Some(years) => years.into_iter().try_for_each(&mut *f)?,
            None => {
                let ty = item.get_type().name()?;
                return Err(type_error(
                    code::ARGUMENT_TYPE,
                    format!("expected YearRecord or Transcript items, not {ty}"),
                    format!("các phần tử phải là YearRecord hoặc Transcript, không phải {ty}"),
                ));
            }
        }
    }
    Ok(())
}

/// The year records held by one object, if it is a record-bearing hocba object.
fn year_records_of<'a>(obj: &'a Bound<'_, PyAny>) -> Option<Vec<&'a m::YearRecord>> {
    if let Ok(r) = obj.cast::<YearRecord>() {
        return Some(vec![&r.get().0]);
    }
    if let Ok(t) = obj.cast::<Transcript>() {
        return Some(t.get().0.years.iter().collect());
    }
    None
}

/// Sets the identifying columns shared by both row shapes.
fn key_columns(row: &Bound<'_, PyDict>, r: &m::YearRecord, identity: bool) -> PyResult<()> {
    let py = row.py();
    let p = &r.pupil;
    row.set_item(intern!(py, "school_code"), r.school.code.as_str())?;
    row.set_item(intern!(py, "school_name"), r.school.name.as_str())?;
    row.set_item(intern!(py, "school_year"), r.school_year.to_string())?;
    row.set_item(intern!(py, "grade"), r.grade.get())?;
    row.set_item(intern!(py, "class_name"), r.class_name.as_str())?;
    row.set_item(
        intern!(py, "pupil_code"),
        p.pupil_code.as_ref().map(m::PupilCode::as_str),
    )?;
    // The record's key on the portals (`MA_TRA_CUU_UUID`): a record, not a person, and the
    // join of rows with the portal's data; a lookup still needs the pupil's name, birth date
    // and personal ID.
    row.set_item(
        intern!(py, "lookup_code"),
        r.lookup_code.as_ref().map(ToString::to_string),
    )?;
    if identity {
        row.set_item(
            intern!(py, "register_number"),
            r.register_number.as_ref().map(m::Text::as_str),
        )?;
        row.set_item(
            intern!(py, "personal_id"),
            p.personal_id.as_ref().map(m::PersonalId::as_str),
        )?;
        row.set_item(intern!(py, "full_name"), p.full_name.as_str())?;
        row.set_item(intern!(py, "date_of_birth"), py_date(py, p.date_of_birth)?)?;
    }
    row.set_item(intern!(py, "gender"), p.gender.code())?;
    row.set_item(
        intern!(py, "ethnicity"),
        p.ethnicity.map(m::Ethnicity::code),
    )?;
    Ok(())
}

/// One row per pupil-year.
pub(crate) fn year_row<'py>(
    py: Python<'py>,
    r: &m::YearRecord,
    identity: bool,
) -> PyResult<Bound<'py, PyDict>> {
    let row = PyDict::new(py);
    key_columns(&row, r, identity)?;
    row.set_item(intern!(py, "rule_set"), r.rule_set.as_str())?;
    row.set_item(intern!(py, "result"), r.result.code())?;
    let c = &r.completion;
    row.set_item(intern!(py, "class_completed"), c.class_completed)?;
    row.set_item(intern!(py, "promotion"), c.promotion.code())?;
    row.set_item(intern!(py, "supplementary"), c.supplementary.is_some())?;
    row.set_item(intern!(py, "principal_decision"), c.principal_decision)?;
    row.set_item(intern!(py, "primary_completed"), c.primary_completed)?;
    // Absences: hocba's days (`days_absent`) or the national format's sessions with and
    // without permission (`absences_excused`, `absences_unexcused`); each is None where the
    // record's source does not carry it.
    row.set_item(intern!(py, "days_absent"), r.days_absent)?;
    row.set_item(intern!(py, "absences_excused"), r.absences_excused)?;
    row.set_item(intern!(py, "absences_unexcused"), r.absences_unexcused)?;
    row.set_item(intern!(py, "height_mm"), r.height_mm)?;
    row.set_item(intern!(py, "weight_g"), r.weight_g)?;
    let awards: Vec<&str> = r.awards.iter().map(|a| a.kind.code()).collect();
    row.set_item(intern!(py, "awards"), PyList::new(py, awards)?)?;
    row.set_item(intern!(py, "corrects"), r.correction.is_some())?;
    for q in m::Quality::ALL {
        let level = r
            .qualities
            .iter()
            .find(|x| x.quality == *q)
            .map(|x| x.level.code());
        row.set_item(format!("quality_{}", q.code()), level)?;
    }
    for k in m::Competency::ALL {
        let level = r
            .competencies
            .iter()
            .find(|x| x.competency == *k)
            .map(|x| x.level.code());
        row.set_item(format!("competency_{}", k.code()), level)?;
    }
    Ok(row)
}

/// Rows per pupil-year-subject of one record, appended to `out`.
pub(crate) fn push_subject_rows(
    out: &Bound<'_, PyList>,
    r: &m::YearRecord,
    identity: bool,
) -> PyResult<()> {
    let py = out.py();
    for s in &r.subjects {
        let row = PyDict::new(py);
        key_columns(&row, r, identity)?;
        row.set_item(intern!(py, "subject"), s.subject.code())?;
        row.set_item(
            intern!(py, "language"),
            s.language.as_ref().map(m::Text::as_str),
        )?;
        row.set_item(intern!(py, "level"), s.level.code())?;
        row.set_item(intern!(py, "score"), s.score.map(m::Score::get))?;
        row.set_item(intern!(py, "retest"), s.retest)?;
        out.append(row)?;
    }
    Ok(())
}

/// One `dict` per pupil-year of `records` (a `YearRecord`, a `Transcript`, or an iterable
/// of them).
#[pyfunction]
#[pyo3(signature = (records, *, identity = true))]
pub(crate) fn year_rows<'py>(
    records: &Bound<'py, PyAny>,
    identity: bool,
) -> PyResult<Bound<'py, PyList>> {
    let py = records.py();
    let out = PyList::empty(py);
    for_each_year(records, &mut |r| out.append(year_row(py, r, identity)?))?;
    Ok(out)
}

/// One `dict` per pupil-year-subject of `records` (a `YearRecord`, a `Transcript`, or an
/// iterable of them).
#[pyfunction]
#[pyo3(signature = (records, *, identity = true))]
pub(crate) fn subject_rows<'py>(
    records: &Bound<'py, PyAny>,
    identity: bool,
) -> PyResult<Bound<'py, PyList>> {
    let out = PyList::empty(records.py());
    for_each_year(records, &mut |r| push_subject_rows(&out, r, identity))?;
    Ok(out)
}
