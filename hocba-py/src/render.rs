//! `hocba.render_pdf`: the học bạ page(s) of a year record as a PDF (PDF/A-3, deterministic).

use hocba_core::envelope::transcript::UnverifiedTranscript;
use hocba_core::render::{self, SignatureStatus, YearInput};
use hocba_core::trust::TrustStore as CoreStore;
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyByteArray, PyBytes, PyMemoryView};

use crate::bytes::input;
use crate::errors::to_py;
use crate::model::{Transcript, YearRecord};
use crate::time::time_arg;
use crate::trust::expect_store;

/// Renders one school year as the official học bạ PDF and returns its bytes.
///
/// `source` is either a `YearRecord` (a draft: printed as unsigned, marked "KHÔNG CÓ GIÁ
/// TRỊ") or the signed bytes of a year record, which are verified against `trust` at `at`
/// (default now): the signatures are printed from what verification found, and the signed
/// bytes are embedded so the PDF alone can be verified. Same input, same bytes.
///
/// `source` may also be a signed transcript container (`.hocba` bytes): then `transcript`
/// (the unsigned `Transcript` of the same pupil) gives the identity page and enrolment history,
/// and every school year's current signed revision follows, verified against `trust`.
#[pyfunction]
#[pyo3(signature = (source, trust = None, *, at = None, transcript = None))]
pub(crate) fn render_pdf<'py>(
    py: Python<'py>,
    source: &Bound<'py, PyAny>,
    trust: Option<&Bound<'py, PyAny>>,
    at: Option<&Bound<'py, PyAny>>,
    transcript: Option<&Bound<'py, Transcript>>,
) -> PyResult<Bound<'py, PyBytes>> {
    if let Ok(record) = source.cast::<YearRecord>() {
        let record = &record.get().0;
        let pdf = py.detach(|| {
            render::render_year(&YearInput {
                record,
                signed: None,
                status: SignatureStatus::Unsigned,
            })
        });
        return Ok(PyBytes::new(py, &pdf.map_err(|e| to_py(e.into()))?));
    }
    let is_bytes = source.is_instance_of::<PyBytes>()
        || source.is_instance_of::<PyByteArray>()
        || source.is_instance_of::<PyMemoryView>();
    if !is_bytes {
        return Err(PyTypeError::new_err(
            "source must be a hocba.YearRecord, the signed bytes of one, or a signed transcript",
        ));
    }
    let trust = trust.ok_or_else(|| {
        PyValueError::new_err("signed bytes are rendered from their verification: pass trust=")
    })?;
    let store = expect_store(trust)?;
    let at = time_arg(at, "at")?;
    let data = input(source, "source")?;
    let bytes = data.as_slice();
    let store: &CoreStore = &store.0;
    if UnverifiedTranscript::looks_like_container(bytes) {
        let transcript = transcript.ok_or_else(|| {
            PyValueError::new_err(
                "a signed transcript container needs transcript= (its identity page and history)",
            )
        })?;
        let context = &transcript.get().0;
        let pdf = py.detach(|| {
            render::render_signed_transcript(
                &context.pupil,
                &context.enrolments,
                bytes,
                store,
                at,
                &hocba_core::rules::Tt27Checks::default(),
            )
            .map(|(pdf, _)| pdf)
        });
        return Ok(PyBytes::new(py, &pdf.map_err(to_py)?));
    }
    let pdf = py.detach(|| render::render_signed_year(bytes, store, at).map(|(pdf, _)| pdf));
    Ok(PyBytes::new(py, &pdf.map_err(to_py)?))
}
