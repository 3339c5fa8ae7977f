//! RFC 3161 time-stamps on signatures (ADR 0160), as the CLI's `hocba timestamp` makes them:
//! the DER request over one signature of a national XML (per role) or over the last PDF
//! signature (PAdES B-T), and the TSA's response written into that signature. hocba opens no
//! connection: the caller sends the request to the TSA (NEAC's service, or another) — e.g. an
//! HTTP POST with `Content-Type: application/timestamp-query` — and hands back the response.

use hocba_core::envelope::{Randomness, SystemRng};
use hocba_core::pades;
use hocba_core::timestamp::TimestampRequest;
use hocba_core::xmldsig;
use pyo3::exceptions::PyOSError;
use pyo3::prelude::*;
use pyo3::types::PyBytes;

use crate::bytes::input;
use crate::errors::to_py;
use crate::xmldsig::role_arg;

fn core_err(e: impl Into<hocba_core::Error>) -> PyErr {
    to_py(e.into())
}

/// The caller's nonce, or 8 random bytes from the operating system (as the CLI draws).
fn nonce_arg(nonce: Option<&Bound<'_, PyAny>>) -> PyResult<Vec<u8>> {
    match nonce {
        Some(n) => Ok(input(n, "nonce")?.as_slice().to_vec()),
        None => {
            let mut n = vec![0u8; 8];
            SystemRng.fill(&mut n).map_err(|_| {
                PyOSError::new_err("the operating system's random generator is unavailable")
            })?;
            Ok(n)
        }
    }
}

/// The request a response answers, when the caller kept it.
fn request_arg(request: Option<&Bound<'_, PyAny>>) -> PyResult<Option<TimestampRequest>> {
    request
        .map(|r| TimestampRequest::from_der(input(r, "request")?.as_slice()).map_err(core_err))
        .transpose()
}

/// The DER RFC 3161 time-stamp request (`.tsq`, `application/timestamp-query`) for the
/// signature of `role` (`"gvcn"`, `"hieu_truong"`, `"con_dau"`) in the signed national XML
/// `xml`: a SHA-256 imprint of the signature's value, `nonce` (bytes, at most 32; default 8
/// random bytes) and certReq. Send it to the TSA; keep it for `attach_timestamp_xml`.
/// Time-stamp a signature right after it is made: once the next role has signed, the request
/// is refused (`SignatureError`, `xmldsig_prepare`).
#[pyfunction]
#[pyo3(signature = (xml, *, role, nonce = None))]
pub(crate) fn timestamp_request_xml<'py>(
    py: Python<'py>,
    xml: &Bound<'_, PyAny>,
    role: &str,
    nonce: Option<&Bound<'_, PyAny>>,
) -> PyResult<Bound<'py, PyBytes>> {
    let role = role_arg(role)?;
    let nonce = nonce_arg(nonce)?;
    let data = input(xml, "xml")?;
    let bytes = data.as_slice();
    let req = py
        .detach(|| xmldsig::timestamp_request(bytes, role, Some(&nonce)))
        .map_err(core_err)?;
    Ok(PyBytes::new(py, req.to_der()))
}

/// Writes the TSA's DER `response` (`.tsr`) into the signature of `role` in `xml`, where
/// XAdES puts a signature time-stamp, and returns the new XML (every other byte kept). The
/// response must be granted, its token signed and over this signature; given the `request`
/// it answers (`timestamp_request_xml`'s bytes), the nonce must come back. Raises
/// `SignatureError` (`timestamp_imprint_mismatch`, `timestamp_nonce_mismatch`,
/// `timestamp_not_granted`, …). The TSA's trust is judged when the XML is verified, against
/// the verifier's `TrustStore.add_tsa_roots`.
#[pyfunction]
#[pyo3(signature = (xml, response, *, role, request = None))]
pub(crate) fn attach_timestamp_xml<'py>(
    py: Python<'py>,
    xml: &Bound<'_, PyAny>,
    response: &Bound<'_, PyAny>,
    role: &str,
    request: Option<&Bound<'_, PyAny>>,
) -> PyResult<Bound<'py, PyBytes>> {
    let role = role_arg(role)?;
    let request = request_arg(request)?;
    let data = input(xml, "xml")?;
    let resp = input(response, "response")?;
    let (bytes, resp) = (data.as_slice(), resp.as_slice());
    let stamped = py
        .detach(|| xmldsig::attach_timestamp(bytes, role, resp, request.as_ref()))
        .map_err(core_err)?;
    Ok(PyBytes::new(py, &stamped))
}

/// The DER RFC 3161 time-stamp request for the last PDF signature of `pdf` (PAdES B-T): a
/// SHA-256 imprint of its signature value, `nonce` (default 8 random bytes) and certReq. Only
/// the last signature can be time-stamped, and once (`SignatureError`,
/// `pades_timestamp_placement`).
#[pyfunction]
#[pyo3(signature = (pdf, *, nonce = None))]
pub(crate) fn timestamp_request_pdf<'py>(
    py: Python<'py>,
    pdf: &Bound<'_, PyAny>,
    nonce: Option<&Bound<'_, PyAny>>,
) -> PyResult<Bound<'py, PyBytes>> {
    let nonce = nonce_arg(nonce)?;
    let data = input(pdf, "pdf")?;
    let bytes = data.as_slice();
    let req = py
        .detach(|| pades::timestamp_request(bytes, Some(&nonce)))
        .map_err(core_err)?;
    Ok(PyBytes::new(py, req.to_der()))
}

/// Writes the TSA's DER `response` into the last PDF signature of `pdf` as its signature
/// time-stamp (PAdES B-T) and returns the new PDF: the same length, every signed byte
/// unchanged. Checked as `attach_timestamp_xml` checks it (granted, signed, over this
/// signature; the nonce of `request` when given); a failure raises `SignatureError`
/// `pades_timestamp` (its message says which check) or `pades_timestamp_placement`.
#[pyfunction]
#[pyo3(signature = (pdf, response, *, request = None))]
pub(crate) fn attach_timestamp_pdf<'py>(
    py: Python<'py>,
    pdf: &Bound<'_, PyAny>,
    response: &Bound<'_, PyAny>,
    request: Option<&Bound<'_, PyAny>>,
) -> PyResult<Bound<'py, PyBytes>> {
    let request = request_arg(request)?;
    let data = input(pdf, "pdf")?;
    let resp = input(response, "response")?;
    let (bytes, resp) = (data.as_slice(), resp.as_slice());
    let stamped = py
        .detach(|| pades::attach_timestamp(bytes, resp, request.as_ref()))
        .map_err(core_err)?;
    Ok(PyBytes::new(py, &stamped))
}
