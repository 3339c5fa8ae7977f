//! The national XML of CV 2088 signed with XML-DSig: `verify_xml`, the external route
//! `prepare_xml` → `XmlToBeSigned` → `attach(signature)`, and in-process `sign_xml`.
//! Bulk verification is `verify_many`, which takes signed XML as it takes COSE.

use hocba_core::envelope::Verifier;
use hocba_core::trust::{SignerRole, TrustStore as CoreStore};
use hocba_core::xmldsig::{self, Prepared};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDateTime};

use crate::bytes::input;
use crate::errors::{argument_error, code, to_py};
use crate::sign::{algorithm_arg, chain_arg, key_arg, natural_algorithm, sign_options};
use crate::time::{py_datetime, time_arg};
use crate::trust::expect_store;
use crate::verify::{VerificationReport, content_checks};

fn core_err(e: impl Into<hocba_core::Error>) -> PyErr {
    to_py(e.into())
}

pub(crate) fn role_arg(role: &str) -> PyResult<SignerRole> {
    SignerRole::from_code(role).ok_or_else(|| {
        argument_error(
            code::ARGUMENT_VALUE,
            "role must be 'gvcn', 'hieu_truong' or 'con_dau'",
            "role phải là 'gvcn', 'hieu_truong' hoặc 'con_dau'",
        )
    })
}

/// Verifies a signed national XML (CV 2088, XML-DSig in `GVCN`, `CBQL`, `KY_PHAT_HANH`)
/// against `trust` at `at` (a timezone-aware `datetime`; default now), requiring all three
/// roles. Returns a `VerificationReport` — the same class as for a COSE record: per signer the
/// role, certificate, algorithm, signing time and code; the record only when valid. XML that
/// breaks the signature profile (signature wrapping, a duplicated `Id`, a forbidden transform,
/// …) is a report with status `"invalid"` and its code; raises `SignatureError` only when
/// `data` cannot be read as XML at all. `rules=True` runs the TT27 rules on a verified record.
#[pyfunction]
#[pyo3(signature = (data, trust, *, at = None, rules = true))]
pub(crate) fn verify_xml(
    py: Python<'_>,
    data: &Bound<'_, PyAny>,
    trust: &Bound<'_, PyAny>,
    at: Option<&Bound<'_, PyAny>>,
    rules: bool,
) -> PyResult<VerificationReport> {
    let checks = content_checks(rules);
    let store = expect_store(trust)?;
    let at = time_arg(at, "at")?;
    let data = input(data, "data")?;
    let bytes = data.as_slice();
    let store: &CoreStore = &store.0;
    let result = py
        .detach(|| xmldsig::verify_year_record(bytes, &Verifier::new(store, at), checks.as_ref()));
    result
        .map(VerificationReport::from_verification)
        .map_err(core_err)
}

/// A signature prepared over a national XML for an external signer (USB token, VNPT SmartCA,
/// Viettel MySign): the exact canonical `SignedInfo` bytes (`data`), their `digest` for
/// services that sign a hash, and a pending state (`to_file_bytes`) to keep while the signer
/// signs. `attach(signature)` checks the signature against the certificate and returns the
/// signed XML.
#[pyclass(frozen, module = "hocba")]
pub struct XmlToBeSigned(Prepared);

#[pymethods]
impl XmlToBeSigned {
    /// The exact bytes to sign: the exclusive canonical form of the new `ds:SignedInfo`.
    #[getter]
    fn data<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        PyBytes::new(py, self.0.signed_info())
    }
    /// The digest of `data` for the algorithm (SHA-384 for ES384, SHA-256 otherwise).
    #[getter]
    fn digest<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        PyBytes::new(py, &self.0.digest())
    }
    /// The algorithm, e.g. `"RS256"`.
    #[getter]
    fn algorithm(&self) -> &'static str {
        self.0.algorithm().name()
    }
    /// The role signing: `"gvcn"`, `"hieu_truong"` or `"con_dau"`.
    #[getter]
    fn role(&self) -> &'static str {
        self.0.role().code()
    }
    /// The slot the signature goes into: `"GVCN"`, `"CBQL"` or `"KY_PHAT_HANH"`.
    #[getter]
    fn slot(&self) -> &'static str {
        xmldsig::slot_name(self.0.role())
    }
    /// The signing time written into `SigningTime` and `NGAY_KY` (UTC).
    #[getter]
    fn signing_time<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDateTime>> {
        py_datetime(py, self.0.signing_time())
    }
    /// Checks `signature` (raw bytes; for ECDSA `r ‖ s` or DER) against the signer's
    /// certificate and returns the signed XML. A signature that does not verify raises
    /// `SignatureError` whose code names the likely cause (`attach_pss_salt_length`,
    /// `attach_pkcs1_not_pss`, `attach_pss_not_pkcs1`, `attach_base64_not_raw`,
    /// `attach_digest_signed_as_message`, `attach_pkcs1_no_digest_info`,
    /// `attach_pkcs1_wrong_hash`, `attach_wrong_key`) and whose message is the hint. With
    /// `trust` (a `TrustStore`, e.g. the Ministry's roots) the signer's chain is checked
    /// against its roots again first, at the signing time (a refusal raises `SignatureError`
    /// with verification's code, e.g. `unknown_issuer`); without it the chain to roots is not
    /// checked here (ADR 0273).
    #[pyo3(signature = (signature, *, trust = None))]
    fn attach<'py>(
        &self,
        py: Python<'py>,
        signature: &Bound<'_, PyAny>,
        trust: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Bound<'py, PyBytes>> {
        let sig = input(signature, "signature")?;
        let store = trust.map(expect_store).transpose()?;
        let store: Option<&CoreStore> = store.as_ref().map(|s| &s.0);
        let prepared = self.0.clone();
        let bytes = sig.as_slice();
        let signed = py
            .detach(|| xmldsig::attach_with(prepared, bytes, store))
            .map_err(core_err)?;
        Ok(PyBytes::new(py, &signed.signed))
    }
    /// The pending signature as bytes (JSON), to keep until the signer answers.
    fn to_file_bytes<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        PyBytes::new(py, &self.0.to_file_bytes())
    }
    /// Reads bytes written by `to_file_bytes`, preparing again and checking that the
    /// `SignedInfo` is the one the signer was shown (`xmldsig_pending_malformed` otherwise).
    #[staticmethod]
    fn from_file_bytes(data: &Bound<'_, PyAny>) -> PyResult<Self> {
        Prepared::from_file_bytes(input(data, "data")?.as_slice())
            .map(XmlToBeSigned)
            .map_err(core_err)
    }
    fn __repr__(&self) -> String {
        format!(
            "<hocba.XmlToBeSigned {} {}>",
            xmldsig::slot_name(self.0.role()),
            self.0.algorithm().name()
        )
    }
}

/// Prepares `role`'s XML signature over the national XML `xml` for an external signer.
/// `chain` is the signer's certificate chain, leaf first (PEM bytes, DER bytes, a path, or a
/// list of those); `algorithm` defaults to the leaf key's (PS256 for RSA; `"RS256"`, `"PS256"`,
/// `"ES256"`, `"ES384"`); `signing_time` is a timezone-aware `datetime` (default now). The
/// role's slot must be empty and no later role may have signed (`role_out_of_order`). Every
/// check before signing runs (ADR 0142) but those named in `without` (`"certificate"`,
/// `"chain"`, `"school"`, `"person"`, `"record"`); a refusal raises `SignatureError` with
/// verification's code (`signer_id_mismatch`, `certificate_reused`, …) or `record_has_errors`.
#[pyfunction]
#[pyo3(signature = (xml, chain, *, role, algorithm = None, signing_time = None, without = Vec::new()))]
pub(crate) fn prepare_xml(
    xml: &Bound<'_, PyAny>,
    chain: &Bound<'_, PyAny>,
    role: &str,
    algorithm: Option<&str>,
    signing_time: Option<&Bound<'_, PyAny>>,
    without: Vec<String>,
) -> PyResult<XmlToBeSigned> {
    let opts = sign_options(&without)?;
    let role = role_arg(role)?;
    let chain = chain_arg(chain)?;
    // The core's refusal of an empty chain (`xmldsig::prepare_with`), raised before the leaf's
    // key chooses the algorithm.
    let leaf = chain.first().ok_or_else(|| {
        core_err(xmldsig::XmlSigError::Prepare {
            what: "no certificate",
        })
    })?;
    let alg = match algorithm_arg(algorithm)? {
        Some(a) => a,
        None => natural_algorithm(leaf)?,
    };
    let at = time_arg(signing_time, "signing_time")?;
    let xml = input(xml, "xml")?;
    let refs: Vec<&[u8]> = chain.iter().map(Vec::as_slice).collect();
    xmldsig::prepare_with(xml.as_slice(), role, &refs, alg, at, &opts)
        .map(XmlToBeSigned)
        .map_err(core_err)
}

/// Signs the national XML `xml` as `role` with an in-process `key` (tests, a school's own
/// seal key) and returns the signed XML: `prepare_xml`, the key, `attach` in one step, with
/// the same checks before signing (`without` as for `prepare_xml`).
#[pyfunction]
#[pyo3(signature = (xml, key, chain, *, role, signing_time = None, without = Vec::new()))]
pub(crate) fn sign_xml<'py>(
    py: Python<'py>,
    xml: &Bound<'_, PyAny>,
    key: &Bound<'_, PyAny>,
    chain: &Bound<'_, PyAny>,
    role: &str,
    signing_time: Option<&Bound<'_, PyAny>>,
    without: Vec<String>,
) -> PyResult<Bound<'py, PyBytes>> {
    let opts = sign_options(&without)?;
    let key = key_arg(key)?;
    let role = role_arg(role)?;
    let chain = chain_arg(chain)?;
    let at = time_arg(signing_time, "signing_time")?;
    let xml = input(xml, "xml")?;
    let bytes = xml.as_slice();
    let key = &key.get().0;
    let signed = py
        .detach(|| {
            let refs: Vec<&[u8]> = chain.iter().map(Vec::as_slice).collect();
            // PS256 needs a random salt; the others are deterministic and ignore the RNG.
            xmldsig::sign_with(
                bytes,
                key,
                role,
                &refs,
                at,
                &mut hocba_core::envelope::SystemRng,
                &opts,
            )
        })
        .map_err(core_err)?;
    Ok(PyBytes::new(py, &signed))
}
