//! JSON text ⇄ Python values, through the standard `json` module.
//!
//! A `dict` argument is serialised with `json.dumps` (which rejects cycles, NaN and
//! non-JSON types with ordinary Python exceptions) and then read by the core like any JSON
//! text, so a record made from a dict and one made from text go through the same checks.

use pyo3::intern;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyString};

use crate::errors::{code, type_error};

/// The JSON text of a `str` argument, or of a `dict` argument serialised with `json.dumps`.
pub(crate) fn dump_json_arg(data: &Bound<'_, PyAny>) -> PyResult<String> {
    if let Ok(s) = data.cast::<PyString>() {
        return Ok(s.to_cow()?.into_owned());
    }
    if data.is_instance_of::<PyDict>() {
        let py = data.py();
        let json = py.import(intern!(py, "json"))?;
        let kwargs = PyDict::new(py);
        kwargs.set_item(intern!(py, "ensure_ascii"), false)?;
        kwargs.set_item(intern!(py, "allow_nan"), false)?;
        let text = json
            .getattr(intern!(py, "dumps"))?
            .call((data,), Some(&kwargs))?;
        return text.extract::<String>();
    }
    let ty = data.get_type().name()?;
    Err(type_error(
        code::ARGUMENT_TYPE,
        format!("expected JSON text (str) or a dict, not {ty}"),
        format!("cần văn bản JSON (str) hoặc một dict, không phải {ty}"),
    ))
}

/// Parses JSON text produced by the core into Python values with `json.loads`.
pub(crate) fn json_to_py<'py>(py: Python<'py>, text: &str) -> PyResult<Bound<'py, PyAny>> {
    py.import(intern!(py, "json"))?
        .getattr(intern!(py, "loads"))?
        .call1((text,))
}
