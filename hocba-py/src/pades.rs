//! PDF signatures (PAdES, ADR 0150) on a rendered học bạ: the external route `prepare_pdf` →
//! `PdfToBeSigned` → `attach(signature)`, in-process `sign_pdf`, and `verify_pdf`, the core's
//! one verification of a PDF (`render::verify_signed_pdf`: its PDF signatures, the embedded
//! signed records and the rendered-from check).

use hocba_core::envelope::Algorithm;
use hocba_core::pades::{self, PadesError, PreparedSignature, SignRequest};
use hocba_core::render::{self, PdfVerification};
use hocba_core::trust::TrustStore as CoreStore;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyList};

use crate::bytes::input;
use crate::errors::to_py;
use crate::sign::{algorithm_arg, chain_arg, key_arg, natural_algorithm};
use crate::time::{py_datetime, time_arg};
use crate::trust::expect_store;
use crate::verify::{VerificationReport, timestamp_dict};

fn core_err(e: impl Into<hocba_core::Error>) -> PyErr {
    to_py(e.into())
}

/// The algorithm of a PDF signature: the caller's, or the leaf key's own.
fn pdf_algorithm(name: Option<&str>, chain: &[Vec<u8>]) -> PyResult<Algorithm> {
    match algorithm_arg(name)? {
        Some(a) => Ok(a),
        None => {
            let leaf = chain
                .first()
                .ok_or_else(|| core_err(PadesError::CertificateMissing))?;
            natural_algorithm(leaf)
        }
    }
}

/// A PDF signature waiting for an external signer (USB token, remote-signing service): the PDF
/// with its signature hole (`prepared_pdf`), the DER `signed_attributes` to sign and their
/// SHA-256 (`digest`). `attach(signature)` checks the signature and returns the signed PDF.
#[pyclass(frozen, module = "hocba")]
pub struct PdfToBeSigned(PreparedSignature);

#[pymethods]
impl PdfToBeSigned {
    /// The DER signed attributes (a SET OF): the bytes the signer signs.
    #[getter]
    fn signed_attributes<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        PyBytes::new(py, self.0.signed_attributes())
    }
    /// SHA-256 of `signed_attributes`, for signers that sign a hash.
    #[getter]
    fn digest<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        PyBytes::new(py, &self.0.digest_to_sign())
    }
    /// The algorithm the signature must be made with: `"RS256"`, `"PS256"` or `"ES256"`.
    #[getter]
    fn algorithm(&self) -> &'static str {
        self.0.algorithm().name()
    }
    /// The PDF with the zero-filled signature hole: what to keep until the signer answers
    /// (`PdfToBeSigned.from_prepared_pdf`).
    #[getter]
    fn prepared_pdf<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        PyBytes::new(py, self.0.prepared_pdf())
    }
    /// Writes `signature` — the value over `signed_attributes` (RSA; ECDSA `r ‖ s` or DER) or
    /// a complete CMS from a remote-signing service — after checking it against the
    /// certificate and the byte ranges, and returns the signed PDF. A wrong one raises
    /// `SignatureError` (`pades_bad_signature`, `pades_signing_certificate_mismatch`, …).
    fn attach<'py>(
        &self,
        py: Python<'py>,
        signature: &Bound<'_, PyAny>,
    ) -> PyResult<Bound<'py, PyBytes>> {
        let sig = input(signature, "signature")?;
        let prepared = self.0.clone();
        let bytes = sig.as_slice();
        let signed = py.detach(|| prepared.attach(bytes)).map_err(core_err)?;
        Ok(PyBytes::new(py, &signed))
    }
    /// Rebuilds a prepared signature from its `prepared_pdf`, the same `chain` and `algorithm`
    /// (the signed attributes are a function of the byte ranges and the leaf certificate).
    #[staticmethod]
    fn from_prepared_pdf(
        prepared_pdf: &Bound<'_, PyAny>,
        chain: &Bound<'_, PyAny>,
        algorithm: &str,
    ) -> PyResult<Self> {
        let chain = chain_arg(chain)?;
        let alg = pdf_algorithm(Some(algorithm), &chain)?;
        let pdf = input(prepared_pdf, "prepared_pdf")?.as_slice().to_vec();
        PreparedSignature::from_prepared_pdf(pdf, chain, alg)
            .map(PdfToBeSigned)
            .map_err(core_err)
    }
    fn __repr__(&self) -> String {
        format!("<hocba.PdfToBeSigned {}>", self.0.algorithm().name())
    }
}

/// Prepares a PDF signature (PAdES baseline B-B, an incremental update) on `pdf` — a rendered
/// học bạ, or one signed before — for the signer whose certificate chain is `chain` (leaf
/// first; PEM bytes, DER bytes, a path, or a list of those): the school's organisation
/// certificate, or the principal's. `algorithm` (`"RS256"`, `"PS256"`, `"ES256"`) defaults to
/// the leaf key's own (PS256 for RSA, ES256 for P-256); other keys raise `SignatureError`
/// (`pades_unsupported_key`). `signing_time` (timezone-aware `datetime`, default now) is
/// written in `/M` and the visible stamp.
#[pyfunction]
#[pyo3(signature = (pdf, chain, *, algorithm = None, signing_time = None))]
pub(crate) fn prepare_pdf(
    py: Python<'_>,
    pdf: &Bound<'_, PyAny>,
    chain: &Bound<'_, PyAny>,
    algorithm: Option<&str>,
    signing_time: Option<&Bound<'_, PyAny>>,
) -> PyResult<PdfToBeSigned> {
    let chain = chain_arg(chain)?;
    let algorithm = pdf_algorithm(algorithm, &chain)?;
    let request = SignRequest {
        chain,
        algorithm,
        signing_time: time_arg(signing_time, "signing_time")?,
    };
    let pdf = input(pdf, "pdf")?;
    let bytes = pdf.as_slice();
    py.detach(|| pades::prepare(bytes, &request))
        .map(PdfToBeSigned)
        .map_err(core_err)
}

/// Adds a PDF signature to `pdf` with an in-process `key` (tests, a school's own seal key on a
/// server) and returns the signed PDF: `prepare_pdf` with the key's algorithm, the key, and
/// `attach` in one step.
#[pyfunction]
#[pyo3(signature = (pdf, key, chain, *, signing_time = None))]
pub(crate) fn sign_pdf<'py>(
    py: Python<'py>,
    pdf: &Bound<'_, PyAny>,
    key: &Bound<'_, PyAny>,
    chain: &Bound<'_, PyAny>,
    signing_time: Option<&Bound<'_, PyAny>>,
) -> PyResult<Bound<'py, PyBytes>> {
    let key = &key_arg(key)?.get().0;
    let request = SignRequest {
        chain: chain_arg(chain)?,
        algorithm: key.algorithm(),
        signing_time: time_arg(signing_time, "signing_time")?,
    };
    let pdf = input(pdf, "pdf")?;
    let bytes = pdf.as_slice();
    // PS256 needs a random salt; the others are deterministic and ignore the RNG.
    let signed = py
        .detach(|| pades::sign(bytes, &request, key, &mut hocba_core::envelope::SystemRng))
        .map_err(core_err)?;
    Ok(PyBytes::new(py, &signed))
}

/// What `verify_pdf` found: the same fields as Kotlin/Swift's `PdfVerificationReport`.
#[pyclass(frozen, module = "hocba")]
pub struct PdfVerificationReport {
    checked: PdfVerification,
}

#[pymethods]
impl PdfVerificationReport {
    /// True when every embedded record is fully signed and valid, the pages are exactly what
    /// the renderer makes from them, and every PDF signature is valid.
    #[getter]
    fn valid(&self) -> bool {
        self.checked.is_valid()
    }
    /// The first reason the PDF is not valid (`None` when valid), the core's choice: the first
    /// failed PDF signature's code (`"pades_digest_mismatch"`…), then `"record_invalid"` (an
    /// embedded record did not verify), then `"pdf_not_rendered_from_record"`,
    /// `"pupil_mismatch"`, a cross-year rule's code.
    #[getter]
    fn error(&self) -> Option<&str> {
        self.checked.error()
    }
    /// True when the PDF's bytes (its first revision) are exactly the rendering of the
    /// embedded records.
    #[getter]
    fn pages_match(&self) -> bool {
        self.checked.pdf.pages_match
    }
    /// For a transcript: its identity page is the signed years' pupil (true for one year).
    #[getter]
    fn pupil_bound(&self) -> bool {
        self.checked.pdf.pupil_bound
    }
    /// True when the PDF is a whole transcript.
    #[getter]
    fn transcript(&self) -> bool {
        self.checked.pdf.transcript
    }
    /// For a transcript, the cross-year TT27 findings: dicts with `code`, `rule`, `path`,
    /// `blocking`, `message` (English) and `message_vi`.
    #[getter]
    fn findings<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        crate::verify::findings_list(py, &self.checked.pdf.findings)
    }
    /// Every embedded signed record, in the PDF's order: dicts with `attachment` (its name)
    /// and `report` (its `VerificationReport`).
    #[getter]
    fn years<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let out = PyList::empty(py);
        for (y, v) in self.checked.pdf.years.iter().zip(&self.checked.records) {
            let d = PyDict::new(py);
            d.set_item("attachment", &y.attachment)?;
            let report = VerificationReport::from_verification(v.clone());
            d.set_item("report", Bound::new(py, report)?)?;
            out.append(d)?;
        }
        Ok(out)
    }
    /// The PDF signatures, oldest first, or `None` for a PDF without any: dicts with
    /// `revision`, `signing_time` (the claimed `/M`), `algorithm`, `role`, `subject_name`,
    /// `issuer`, `serial`, `time_source` (`"claimed"`, or `"timestamp"` for a verified PAdES
    /// B-T time-stamp), `judged_at` (the time the chain was judged at), `timestamp` (as
    /// `SignerReport.timestamp`: `time`, `tsa`, `tsa_root`, `serial`, `policy`; `None` without
    /// one), `valid`, `error`, `message` (English) and `message_vi`.
    #[getter]
    fn pades<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyList>>> {
        let Some(p) = &self.checked.pades else {
            return Ok(None);
        };
        let out = PyList::empty(py);
        for s in &p.signatures {
            let d = PyDict::new(py);
            let err = s.outcome.as_ref().err();
            let cert = s.certificate.as_ref();
            d.set_item("revision", s.revision)?;
            d.set_item("signing_time", py_datetime(py, s.signing_time)?)?;
            d.set_item("algorithm", s.algorithm.map(|a| a.name()))?;
            d.set_item("role", s.role.map(|r| r.code()))?;
            d.set_item("subject_name", cert.map(|c| c.subject_name.as_str()))?;
            d.set_item("issuer", cert.map(|c| c.issuer.as_str()))?;
            d.set_item("serial", cert.map(|c| c.serial_hex.as_str()))?;
            d.set_item("time_source", s.time_source())?;
            d.set_item("judged_at", py_datetime(py, s.judged_at())?)?;
            let stamp = s.timestamp.as_ref();
            d.set_item(
                "timestamp",
                stamp.map(|t| timestamp_dict(py, t)).transpose()?,
            )?;
            d.set_item("valid", s.outcome.is_ok())?;
            d.set_item("error", err.map(PadesError::code))?;
            d.set_item("message", err.map(ToString::to_string))?;
            d.set_item("message_vi", err.map(PadesError::message_vi))?;
            out.append(d)?;
        }
        Ok(Some(out))
    }
    fn __bool__(&self) -> bool {
        self.valid()
    }
    fn __repr__(&self) -> String {
        format!(
            "<hocba.PdfVerificationReport {}>",
            self.checked.error().unwrap_or("valid")
        )
    }
}

/// Verifies a học bạ PDF on its own against `trust` at `at` (timezone-aware `datetime`,
/// default now), the one way every front end does it (`hocba verify x.pdf`, Kotlin/Swift
/// `TrustStore.verifyPdf`): its PDF signatures, if any (a later revision that changes what was
/// signed is an error), every embedded signed record (COSE or national XML), and the pages
/// re-rendered and compared byte for byte. Raises (`RenderError`, `SignatureError`, …) only
/// when the file cannot be read as a hocba PDF; anything found wrong is in the report.
#[pyfunction]
#[pyo3(signature = (pdf, trust, *, at = None))]
pub(crate) fn verify_pdf(
    py: Python<'_>,
    pdf: &Bound<'_, PyAny>,
    trust: &Bound<'_, PyAny>,
    at: Option<&Bound<'_, PyAny>>,
) -> PyResult<PdfVerificationReport> {
    let store = expect_store(trust)?;
    let at = time_arg(at, "at")?;
    let data = input(pdf, "pdf")?;
    let bytes = data.as_slice();
    let store: &CoreStore = &store.0;
    py.detach(|| render::verify_signed_pdf(bytes, store, at))
        .map(|checked| PdfVerificationReport { checked })
        .map_err(to_py)
}
