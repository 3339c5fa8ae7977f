//! `hocba.loads`: a year record or a transcript, from JSON or canonical CBOR, detected.

use hocba_core::Document;
use hocba_core::rules::Origin;
use pyo3::prelude::*;
use pyo3::types::PyString;

use crate::bytes::input;
use crate::errors::to_py;
use crate::model::{Transcript, YearRecord};

/// Reads a year record or a transcript from `data`: JSON text (`str`), or `bytes` holding JSON
/// or canonical hocba-CBOR (detected from the first byte; CBOR is decoded strictly), or the
/// national XML (a `YearRecord` that `validate` judges the national way, ADR 0261).
#[pyfunction]
pub(crate) fn loads<'py>(data: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    let py = data.py();
    // A record read from the national XML keeps its origin (ADR 0261).
    let (doc, origin) = if let Ok(text) = data.cast::<PyString>() {
        Document::from_json_bytes(text.to_cow()?.as_bytes()).map(|d| (d, Origin::Model))
    } else {
        Document::decode_with_origin(input(data, "data")?.as_slice()).map(|(d, _, o)| (d, o))
    }
    .map_err(to_py)?;
    Ok(match doc {
        Document::YearRecord(r) => Bound::new(py, YearRecord(*r, origin))?.into_any(),
        Document::Transcript(t) => Bound::new(py, Transcript(*t))?.into_any(),
    })
}
