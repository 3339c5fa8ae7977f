//! Signing: `Envelope` (a record and its signatures so far), in-process `SigningKey`s and the
//! external route `prepare` → `ToBeSigned` → `attach(signature)`.

use hocba_core::Error;
use hocba_core::bulk;
use hocba_core::envelope::{
    self, Algorithm, Envelope as CoreEnvelope, EnvelopeError, PublicKey, SigningKey as CoreKey,
    ToBeSigned as CoreTbs,
};
use hocba_core::trust::SignerRole;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDateTime, PyList, PyTuple};

use crate::bytes::input;
use crate::errors::{argument_error, code, to_py, type_error};
use crate::model::YearRecord;
use crate::time::{py_datetime, time_arg};
use crate::xmldsig::role_arg;

fn core_err(e: impl Into<Error>) -> PyErr {
    to_py(e.into())
}

/// The role whose turn it is; an envelope all three roles have signed is refused with the
/// CLI's code.
fn next_role(envelope: &CoreEnvelope) -> PyResult<SignerRole> {
    envelope.next_role().ok_or_else(|| {
        argument_error(
            code::ALREADY_COMPLETE,
            "all three roles have already signed",
            "hồ sơ đã có đủ chữ ký của cả ba vai trò",
        )
    })
}

/// The bytes of a key or certificate argument: `bytes`-like, or a path to read.
fn file_or_bytes(obj: &Bound<'_, PyAny>, what: &str) -> PyResult<Vec<u8>> {
    crate::bytes::path_or_bytes(obj, what)
}

/// A certificate chain, leaf first, as DER: one source (PEM bundle, one DER certificate, or a
/// path to either) or a list/tuple of sources.
pub(crate) fn chain_arg(obj: &Bound<'_, PyAny>) -> PyResult<Vec<Vec<u8>>> {
    let mut out = Vec::new();
    let mut add = |data: Vec<u8>| -> PyResult<()> {
        out.extend(envelope::read_certificates(&data).map_err(core_err)?);
        Ok(())
    };
    if obj.is_instance_of::<PyList>() || obj.is_instance_of::<PyTuple>() {
        for item in obj.try_iter()? {
            add(file_or_bytes(&item?, "each certificate")?)?;
        }
    } else {
        add(file_or_bytes(obj, "chain")?)?;
    }
    Ok(out)
}

pub(crate) fn algorithm_arg(name: Option<&str>) -> PyResult<Option<Algorithm>> {
    name.map(|n| {
        // The core names the algorithms (`Algorithm::from_name`) but has no error for an
        // unknown name: the code is the CLI's and Kotlin/Swift's.
        Algorithm::from_name(n).ok_or_else(|| {
            argument_error(
                code::UNSUPPORTED_ALGORITHM,
                "algorithm must be 'EdDSA', 'ES256', 'ES384', 'PS256' or 'RS256'",
                "algorithm phải là 'EdDSA', 'ES256', 'ES384', 'PS256' hoặc 'RS256'",
            )
        })
    })
    .transpose()
}

/// The algorithm a certificate's key signs with by default (PS256 for RSA).
pub(crate) fn natural_algorithm(leaf: &[u8]) -> PyResult<Algorithm> {
    Ok(PublicKey::from_certificate_der(leaf)
        .map_err(core_err)?
        .default_algorithm())
}

pub(crate) fn key_arg<'a, 'py>(key: &'a Bound<'py, PyAny>) -> PyResult<&'a Bound<'py, SigningKey>> {
    key.cast::<SigningKey>().map_err(|_| {
        type_error(
            code::ARGUMENT_TYPE,
            "key must be a hocba.SigningKey",
            "key phải là một hocba.SigningKey",
        )
    })
}

/// The checks before signing (ADR 0142): all of them, but those named in `without`
/// (`"certificate"`, `"chain"`, `"school"`, `"person"`, `"record"`) — turned off by name, never
/// silently.
pub(crate) fn sign_options(
    without: &[String],
) -> PyResult<hocba_core::envelope::SignOptions<'static>> {
    use hocba_core::envelope::{SignCheck, SignOptions};
    without
        .iter()
        .try_fold(SignOptions::default(), |opts, name| {
            // The name is not repeated: whatever was passed may be a pupil's data.
            SignCheck::from_code(name)
                .map(|c| opts.without(c))
                .ok_or_else(|| {
                    argument_error(
                        code::INVALID_CHECK,
                        "unknown check: 'certificate', 'chain', 'school', 'person' or 'record'",
                        "không có phép kiểm tra này: 'certificate', 'chain', 'school', 'person' \
                     hoặc 'record'",
                    )
                })
        })
}

/// A private key held in this process (unencrypted PKCS#8, PEM or DER). For keys on a USB
/// token or a remote-signing service use `Envelope.prepare` instead.
#[pyclass(frozen, module = "hocba")]
pub struct SigningKey(pub(crate) CoreKey);

impl SigningKey {
    /// The core's key, for the other wrappers that sign (the portal's transactions).
    pub(crate) fn core(&self) -> &CoreKey {
        &self.0
    }
}

#[pymethods]
impl SigningKey {
    /// Reads an unencrypted PKCS#8 key from bytes (PEM or DER) or a path. `algorithm`
    /// chooses `"PS256"` or `"RS256"` for an RSA key (default PS256); other keys have one.
    #[staticmethod]
    #[pyo3(signature = (source, algorithm = None))]
    fn from_pkcs8(source: &Bound<'_, PyAny>, algorithm: Option<&str>) -> PyResult<Self> {
        let data = file_or_bytes(source, "source")?;
        CoreKey::from_pkcs8(&data, algorithm_arg(algorithm)?)
            .map(SigningKey)
            .map_err(core_err)
    }

    /// The algorithm this key signs with, e.g. `"EdDSA"`.
    #[getter]
    fn algorithm(&self) -> &'static str {
        self.0.algorithm().name()
    }

    fn __repr__(&self) -> String {
        format!("<hocba.SigningKey {}>", self.0.algorithm().name())
    }
}

/// What an external signer is asked to sign: the exact bytes (`data`), their `digest` for
/// tokens that sign a hash, and a `summary` to show the signer. `attach(signature)` checks
/// the signature against the certificate and returns the envelope with it.
#[pyclass(frozen, module = "hocba")]
pub struct ToBeSigned(CoreTbs);

#[pymethods]
impl ToBeSigned {
    /// The exact bytes to sign (the COSE Sig_structure).
    #[getter]
    fn data<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        PyBytes::new(py, self.0.bytes())
    }
    /// The digest of `data` for the algorithm (SHA-384 for ES384, SHA-256 otherwise).
    #[getter]
    fn digest<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        PyBytes::new(py, &self.0.digest())
    }
    /// The algorithm, e.g. `"EdDSA"`.
    #[getter]
    fn algorithm(&self) -> &'static str {
        self.0.algorithm().name()
    }
    /// The role signing: `"gvcn"`, `"hieu_truong"` or `"con_dau"`.
    #[getter]
    fn role(&self) -> &'static str {
        self.0.role().code()
    }
    /// The signing time written into the signature header (UTC).
    #[getter]
    fn signing_time<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDateTime>> {
        py_datetime(py, self.0.signing_time())
    }
    /// What is being signed, for the signer's own screen (it names the pupil: never log it).
    #[pyo3(signature = (lang = "vi"))]
    fn summary(&self, lang: &str) -> PyResult<String> {
        Ok(self.0.summary(crate::verify::lang_arg(lang)?))
    }
    /// Attaches `signature` (for ECDSA `r ‖ s` or DER) after checking it against the signer's
    /// certificate; a wrong signature raises `SignatureError` naming its likely cause
    /// (`attach_wrong_key`, `attach_pss_salt_length`, `attach_pkcs1_no_digest_info`, …; ADR
    /// 0248, 0272). With `trust` (a `TrustStore`, e.g. the Ministry's roots) the signer's
    /// chain is checked against its roots again first, at the signing time (a refusal raises
    /// `SignatureError` with verification's code, e.g. `unknown_issuer`); without it the
    /// chain to roots is not checked here (ADR 0273).
    #[pyo3(signature = (signature, *, trust = None))]
    fn attach(
        &self,
        signature: &Bound<'_, PyAny>,
        trust: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Envelope> {
        let sig = input(signature, "signature")?;
        let store = trust.map(crate::trust::expect_store).transpose()?;
        self.0
            .clone()
            .attach_with(sig.as_slice(), store.as_ref().map(|s| &s.0))
            .map(|a| Envelope(a.signed))
            .map_err(core_err)
    }
    /// This pending signature as bytes, to hand to another process or machine.
    fn to_file_bytes<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        PyBytes::new(py, &self.0.to_file_bytes())
    }
    /// Reads bytes written by `to_file_bytes`, checking everything again.
    #[staticmethod]
    fn from_file_bytes(data: &Bound<'_, PyAny>) -> PyResult<Self> {
        CoreTbs::from_file_bytes(input(data, "data")?.as_slice())
            .map(ToBeSigned)
            .map_err(core_err)
    }
    fn __repr__(&self) -> String {
        format!(
            "<hocba.ToBeSigned {} {}>",
            self.0.role().code(),
            self.0.algorithm().name()
        )
    }
}

/// A year record with the signatures it has so far. Signers sign in order: GVCN
/// (`"gvcn"`), then the principal (`"hieu_truong"`), then the school seal (`"con_dau"`);
/// each signature covers the earlier ones. Immutable: signing returns a new `Envelope`.
#[pyclass(frozen, module = "hocba")]
pub struct Envelope(CoreEnvelope);

#[pymethods]
impl Envelope {
    /// An unsigned envelope around `record`'s canonical bytes.
    #[new]
    fn new(record: &Bound<'_, PyAny>) -> PyResult<Self> {
        let record = record.cast::<YearRecord>().map_err(|_| {
            type_error(
                code::ARGUMENT_TYPE,
                "record must be a hocba.YearRecord",
                "record phải là một hocba.YearRecord",
            )
        })?;
        Ok(Envelope(CoreEnvelope::new(&record.get().0)))
    }

    /// A partially (or fully) signed record read from its bytes, to add the next signature.
    #[staticmethod]
    fn from_signed(data: &Bound<'_, PyAny>) -> PyResult<Self> {
        CoreEnvelope::from_signed_bytes(input(data, "data")?.as_slice())
            .map(Envelope)
            .map_err(core_err)
    }

    /// The record being signed (as read; not verified).
    #[getter]
    fn record(&self) -> YearRecord {
        YearRecord::model(self.0.record().clone())
    }
    /// Roles that have signed, in order.
    #[getter]
    fn roles(&self) -> Vec<&'static str> {
        self.0.roles().into_iter().map(SignerRole::code).collect()
    }
    /// The role whose turn it is, or `None` when all three have signed.
    #[getter]
    fn next_role(&self) -> Option<&'static str> {
        self.0.next_role().map(SignerRole::code)
    }

    /// Prepares the next signature for an external signer. `chain` is the signer's
    /// certificate chain, leaf first (PEM bytes, DER bytes, a path, or a list of those);
    /// `algorithm` defaults to the leaf key's (PS256 for RSA); `signing_time` is a
    /// timezone-aware `datetime` (default now).
    #[pyo3(signature = (chain, *, algorithm = None, signing_time = None, without = Vec::new()))]
    fn prepare(
        &self,
        chain: &Bound<'_, PyAny>,
        algorithm: Option<&str>,
        signing_time: Option<&Bound<'_, PyAny>>,
        without: Vec<String>,
    ) -> PyResult<ToBeSigned> {
        let opts = sign_options(&without)?;
        let chain = chain_arg(chain)?;
        // The core's refusal of an empty chain (`Envelope::prepare_with`), raised before the
        // leaf's key chooses the algorithm.
        let leaf = chain
            .first()
            .ok_or_else(|| core_err(EnvelopeError::CertificateUnreadable))?;
        let alg = match algorithm_arg(algorithm)? {
            Some(a) => a,
            None => natural_algorithm(leaf)?,
        };
        let role = next_role(&self.0)?;
        let at = time_arg(signing_time, "signing_time")?;
        let refs: Vec<&[u8]> = chain.iter().map(Vec::as_slice).collect();
        self.0
            .prepare_with(role, &refs, alg, at, &opts)
            .map(ToBeSigned)
            .map_err(core_err)
    }

    /// Signs as the next role with an in-process `key` and returns the new envelope.
    #[pyo3(signature = (key, chain, *, signing_time = None, without = Vec::new()))]
    fn sign(
        &self,
        key: &Bound<'_, PyAny>,
        chain: &Bound<'_, PyAny>,
        signing_time: Option<&Bound<'_, PyAny>>,
        without: Vec<String>,
    ) -> PyResult<Envelope> {
        let opts = sign_options(&without)?;
        let key = key_arg(key)?;
        let chain = chain_arg(chain)?;
        let role = next_role(&self.0)?;
        let at = time_arg(signing_time, "signing_time")?;
        let refs: Vec<&[u8]> = chain.iter().map(Vec::as_slice).collect();
        // PS256 needs a random salt; the others are deterministic and ignore the RNG.
        let mut rng = hocba_core::envelope::SystemRng;
        self.0
            .sign_with(&key.get().0, role, &refs, at, &mut rng, &opts)
            .map(Envelope)
            .map_err(core_err)
    }

    /// The signed bytes (a tagged COSE_Sign); `SignatureError` (`not_signed`) before the
    /// first signature.
    fn to_bytes<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyBytes>> {
        let bytes = self.0.to_bytes().map_err(core_err)?;
        Ok(PyBytes::new(py, &bytes))
    }

    fn __repr__(&self) -> String {
        format!("<hocba.Envelope signed by {:?}>", self.roles())
    }
}

/// Signs many records as one `role` ("gvcn", "hieu_truong" or "con_dau") with one in-process
/// key — a school's GVCN, principal or seal at the end of the year — in one call, without
/// holding the GIL. `envelopes` is an iterable of `Envelope`; `chain` and `signing_time` are
/// as for `Envelope.sign`. Returns one item per envelope, in order: the signed `Envelope`, or
/// the error (a `SignatureError`, not raised) for a record that could not be signed — e.g.
/// one whose turn is not `role`'s — so one record out of turn does not stop the school.
#[pyfunction]
#[pyo3(signature = (envelopes, key, chain, *, role, signing_time = None))]
pub(crate) fn sign_many(
    py: Python<'_>,
    envelopes: &Bound<'_, PyAny>,
    key: &Bound<'_, PyAny>,
    chain: &Bound<'_, PyAny>,
    role: &str,
    signing_time: Option<&Bound<'_, PyAny>>,
) -> PyResult<Vec<Py<PyAny>>> {
    let key = key_arg(key)?;
    let role = role_arg(role)?;
    let chain = chain_arg(chain)?;
    let at = time_arg(signing_time, "signing_time")?;
    let mut records = Vec::new();
    for item in envelopes.try_iter()? {
        let item = item?;
        let envelope = item.cast::<Envelope>().map_err(|_| {
            type_error(
                code::ARGUMENT_TYPE,
                "each item must be a hocba.Envelope",
                "mỗi phần tử phải là một hocba.Envelope",
            )
        })?;
        records.push(envelope.get().0.clone());
    }
    let key = &key.get().0;
    let results = py.detach(|| {
        let refs: Vec<&[u8]> = chain.iter().map(Vec::as_slice).collect();
        // PS256 needs a random salt; the others are deterministic and ignore the RNG.
        bulk::sign_all(records, key, role, &refs, at, &mut envelope::SystemRng)
    });
    results
        .into_iter()
        .map(|r| match r {
            Ok(e) => Ok(Py::new(py, Envelope(e))?.into_any()),
            Err(e) => Ok(core_err(e).into_value(py).into_any()),
        })
        .collect()
}
