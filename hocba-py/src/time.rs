//! Python `datetime` ⇄ the core's `UnixTime`.

use std::time::{SystemTime, UNIX_EPOCH};

use hocba_core::trust::UnixTime;
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::types::{PyDateTime, PyTzInfo};

use crate::errors::{argument_error, code, wrong_type};

/// A timezone-aware `datetime` as `UnixTime`; `None` is now (the binding reads the clock so
/// the core does not have to).
pub(crate) fn time_arg(at: Option<&Bound<'_, PyAny>>, what: &str) -> PyResult<UnixTime> {
    let Some(at) = at else {
        let secs = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0);
        return Ok(UnixTime::from_secs(i64::try_from(secs).unwrap_or(i64::MAX)));
    };
    if !at.is_instance_of::<PyDateTime>() {
        return Err(wrong_type(
            what,
            "a datetime.datetime",
            "một datetime.datetime",
            at,
        ));
    }
    let py = at.py();
    if at.getattr(intern!(py, "tzinfo"))?.is_none() {
        return Err(argument_error(
            code::NAIVE_DATETIME,
            format!("{what} must be timezone-aware (e.g. datetime.now(timezone.utc))"),
            format!("{what} phải có múi giờ (ví dụ datetime.now(timezone.utc))"),
        ));
    }
    let ts: f64 = at.call_method0(intern!(py, "timestamp"))?.extract()?;
    Ok(UnixTime::from_secs(ts.floor() as i64))
}

/// `UnixTime` as a UTC `datetime`.
pub(crate) fn py_datetime(py: Python<'_>, t: UnixTime) -> PyResult<Bound<'_, PyDateTime>> {
    let utc = PyTzInfo::utc(py)?;
    PyDateTime::from_timestamp(py, t.secs() as f64, Some(&utc))
}
