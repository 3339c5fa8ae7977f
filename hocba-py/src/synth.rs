//! Seeded synthetic records (never real pupils), for demos, tests and benchmarks.
//! Python: `hocba.synth`.

use hocba_core::model::{Grade, SCHOOL_YEAR_RANGE};
use hocba_core::synth;
use pyo3::prelude::*;

use crate::errors::{argument_error, code, to_py};
use crate::model::{Transcript, YearRecord};

/// Most records one call makes: bounds the memory a typo can ask for.
const MAX_RECORDS: usize = 1_000_000;

/// Years a generated pupil can span (five grades and one repeated year).
const SPAN: u16 = 6;

fn check_first_year(first_year: i64) -> PyResult<u16> {
    let lo = i64::from(*SCHOOL_YEAR_RANGE.start());
    let hi = i64::from(*SCHOOL_YEAR_RANGE.end() - SPAN);
    if (lo..=hi).contains(&first_year) {
        // In range of u16 by the check above.
        Ok(first_year as u16)
    } else {
        Err(argument_error(
            code::ARGUMENT_OUT_OF_RANGE,
            format!("the year of grade 1 must be from {lo} to {hi}"),
            format!("năm học lớp 1 phải từ {lo} đến {hi}"),
        ))
    }
}

fn check_count(n: usize) -> PyResult<usize> {
    if n <= MAX_RECORDS {
        Ok(n)
    } else {
        Err(argument_error(
            code::ARGUMENT_OUT_OF_RANGE,
            format!("at most {MAX_RECORDS} records per call"),
            format!("mỗi lần gọi tạo tối đa {MAX_RECORDS} hồ sơ"),
        ))
    }
}

/// A realistic grade-4 year record from `seed`.
#[pyfunction]
pub(crate) fn synth_year_record(seed: u64) -> YearRecord {
    YearRecord::model(synth::year_record(seed))
}

/// `size` year records of one class: `grade` in the school year starting `start_year`.
#[pyfunction]
pub(crate) fn synth_class(
    seed: u64,
    grade: u8,
    start_year: i64,
    size: usize,
) -> PyResult<Vec<YearRecord>> {
    let grade = Grade::try_from(grade).map_err(|e| to_py(e.into()))?;
    check_first_year(start_year - i64::from(grade.get()) + 1)?;
    let size = check_count(size)?;
    // Checked above: start_year - (grade - 1) is a valid first year, so start_year fits u16.
    let records = synth::class(seed, grade, start_year as u16, size);
    Ok(records.into_iter().map(YearRecord::model).collect())
}

/// One pupil's transcript from `seed`, following `path`.
#[pyfunction]
#[pyo3(signature = (seed, path = "regular"))]
pub(crate) fn synth_transcript(seed: u64, path: &str) -> PyResult<Transcript> {
    let path = match path {
        "regular" => synth::Path::Regular,
        "transfer" => synth::Path::Transfer,
        "retained_once" => synth::Path::RetainedOnce,
        "supplementary" => synth::Path::Supplementary,
        _ => {
            return Err(argument_error(
                code::ARGUMENT_VALUE,
                "path must be 'regular', 'transfer', 'retained_once' or 'supplementary'",
                "path phải là 'regular', 'transfer', 'retained_once' hoặc 'supplementary'",
            ));
        }
    };
    Ok(Transcript(synth::transcript(seed, path)))
}

/// A cohort of `pupils` starting grade 1 in `first_year`.
#[pyfunction]
#[pyo3(signature = (seed = 2020, pupils = 30, first_year = 2020))]
pub(crate) fn synth_cohort(seed: u64, pupils: usize, first_year: i64) -> PyResult<Vec<Transcript>> {
    let spec = synth::CohortSpec {
        seed,
        pupils: check_count(pupils)?,
        first_year: check_first_year(first_year)?,
    };
    Ok(synth::cohort(&spec).into_iter().map(Transcript).collect())
}

/// The demo pupil's transcript.
#[pyfunction]
pub(crate) fn synth_demo_transcript() -> Transcript {
    Transcript(synth::demo_transcript())
}
