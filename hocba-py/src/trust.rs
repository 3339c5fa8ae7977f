//! `hocba.TrustStore`: the roots (and CRLs) signatures are verified against.

use hocba_core::envelope::is_pem;
use hocba_core::trust::TrustStore as CoreStore;
use pyo3::prelude::*;
use pyo3::types::{PyList, PyTuple};

use crate::bytes::path_or_bytes;
use crate::errors::{argument_error, code, to_py, type_error};

/// The bytes of a certificate/CRL source: `bytes`-like, or a path (`str` / `os.PathLike`)
/// to read. `str` is always a path here: PEM text should be passed as bytes.
fn source_bytes(obj: &Bound<'_, PyAny>) -> PyResult<Vec<u8>> {
    path_or_bytes(obj, "certificate source")
}

/// Calls `f` for each source in `obj`: one source, or a list/tuple of sources.
fn each_source(obj: &Bound<'_, PyAny>, f: &mut dyn FnMut(Vec<u8>) -> PyResult<()>) -> PyResult<()> {
    if obj.is_instance_of::<PyList>() || obj.is_instance_of::<PyTuple>() {
        for item in obj.try_iter()? {
            f(source_bytes(&item?)?)?;
        }
        return Ok(());
    }
    f(source_bytes(obj)?)
}

/// The trust anchors: root certificates handed in by the caller (Việt Nam has two trees:
/// the national public root and the government root) and, optionally, CRLs.
///
/// `TrustStore(roots=..., crls=...)` takes, for each argument, one source or a list of
/// sources; a source is `bytes` (PEM, possibly several certificates, or one DER
/// certificate) or a path (`str` or `pathlib.Path`) to such a file. `revocation` says which
/// revocations count (`docs/spec/trust.md`, as `hocba verify --revocation`):
/// `"at_signing_time"` (default; a later revocation is kept and shown as `revoked_later`),
/// `"strict"` (a revocation after the claimed signing time counts too) or `"any"`.
/// `tsa_roots` (sources, as `roots`) are the time-stamping authorities' roots, trusted for
/// RFC 3161 time-stamps only (`add_tsa_roots`, ADR 0160).
#[pyclass(module = "hocba")]
pub struct TrustStore(pub(crate) CoreStore);

#[pymethods]
impl TrustStore {
    #[new]
    #[pyo3(signature = (roots = None, crls = None, *, revocation = "at_signing_time", tsa_roots = None))]
    fn new(
        roots: Option<&Bound<'_, PyAny>>,
        crls: Option<&Bound<'_, PyAny>>,
        revocation: &str,
        tsa_roots: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        let Some(revocation) = hocba_core::trust::RevocationPolicy::from_code(revocation) else {
            return Err(argument_error(
                code::ARGUMENT_VALUE,
                "revocation must be 'at_signing_time', 'strict' or 'any'",
                "revocation phải là 'at_signing_time', 'strict' hoặc 'any'",
            ));
        };
        let core = CoreStore::new();
        let mut policy = core.policy().clone();
        policy.revocation = revocation;
        let mut store = TrustStore(core.with_policy(policy));
        if let Some(r) = roots {
            store.add_roots(r)?;
        }
        if let Some(c) = crls {
            store.add_crls(c)?;
        }
        if let Some(t) = tsa_roots {
            store.add_tsa_roots(t)?;
        }
        Ok(store)
    }

    /// Trusts the root certificates in `source` (see the class); returns how many were added.
    fn add_roots(&mut self, source: &Bound<'_, PyAny>) -> PyResult<usize> {
        let mut added = 0;
        each_source(source, &mut |data| {
            if is_pem(&data) {
                added += self.0.add_roots_pem(&data).map_err(|e| to_py(e.into()))?;
            } else {
                self.0.add_root_der(&data).map_err(|e| to_py(e.into()))?;
                added += 1;
            }
            Ok(())
        })?;
        Ok(added)
    }

    /// Adds the certificate revocation lists in `source` (PEM or DER bytes, or paths);
    /// returns how many were added.
    fn add_crls(&mut self, source: &Bound<'_, PyAny>) -> PyResult<usize> {
        let mut added = 0;
        each_source(source, &mut |data| {
            if is_pem(&data) {
                added += self.0.add_crls_pem(&data).map_err(|e| to_py(e.into()))?;
            } else {
                self.0.add_crl_der(&data).map_err(|e| to_py(e.into()))?;
                added += 1;
            }
            Ok(())
        })?;
        Ok(added)
    }

    /// Trusts the time-stamping authorities' root certificates in `source` (as `add_roots`)
    /// for RFC 3161 time-stamps only: a separate set from the signers' roots (ADR 0160).
    /// Returns how many were added.
    fn add_tsa_roots(&mut self, source: &Bound<'_, PyAny>) -> PyResult<usize> {
        let mut added = 0;
        each_source(source, &mut |data| {
            if is_pem(&data) {
                added += self
                    .0
                    .add_tsa_roots_pem(&data)
                    .map_err(|e| to_py(e.into()))?;
            } else {
                self.0
                    .add_tsa_root_der(&data)
                    .map_err(|e| to_py(e.into()))?;
                added += 1;
            }
            Ok(())
        })?;
        Ok(added)
    }

    /// Number of trusted roots.
    #[getter]
    fn root_count(&self) -> usize {
        self.0.root_count()
    }

    /// Number of trusted time-stamping authority roots.
    #[getter]
    fn tsa_root_count(&self) -> usize {
        self.0.tsa_root_count()
    }

    /// Number of CRLs.
    #[getter]
    fn crl_count(&self) -> usize {
        self.0.crl_count()
    }

    /// Which revocations count: `"at_signing_time"`, `"strict"` or `"any"`.
    #[getter]
    fn revocation(&self) -> &'static str {
        self.0.policy().revocation.code()
    }

    fn __repr__(&self) -> String {
        format!(
            "<hocba.TrustStore roots={} crls={}>",
            self.0.root_count(),
            self.0.crl_count()
        )
    }
}

/// An `ArgumentTypeError` for a trust-store argument of the wrong type.
pub(crate) fn expect_store<'py>(obj: &Bound<'py, PyAny>) -> PyResult<PyRef<'py, TrustStore>> {
    obj.cast::<TrustStore>()
        .map_err(|_| {
            type_error(
                code::ARGUMENT_TYPE,
                "trust must be a hocba.TrustStore",
                "trust phải là một hocba.TrustStore",
            )
        })?
        .try_borrow()
        .map_err(Into::into)
}
