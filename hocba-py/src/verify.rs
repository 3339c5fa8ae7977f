//! `hocba.verify` and `hocba.verify_many`: signed year records against a trust store.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread;

use hocba_core::bulk::{BulkOptions, OptionsError, Outcome as BulkOutcome, verify_stream_with};
use hocba_core::envelope::transcript::{TranscriptReport, UnverifiedTranscript};
use hocba_core::envelope::{ContentCheck, NoContentChecks};
use hocba_core::envelope::{
    RecordFormat, SignerReport as CoreSigner, Status, Verification,
    VerificationReport as CoreReport, Verifier,
};
use hocba_core::model::YearRecord as CoreRecord;
use hocba_core::rules::{Origin, Policy, Tt27Checks};
use hocba_core::trust::TrustStore as CoreStore;
use hocba_core::{Error, Lang};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDateTime, PyDict, PyInt, PyIterator, PyList, PyString};

use crate::bytes::input;
use crate::errors::{argument_error, code, to_py, type_error};
use crate::json::json_to_py;
use crate::model::YearRecord;
use crate::time::{py_datetime, time_arg};
use crate::trust::{TrustStore, expect_store};

/// Items handed to the worker threads at once: bounds the memory of a long iterable.
const CHUNK: usize = 4096;
/// How often (in outcomes) a running batch checks for a signal (Ctrl-C).
const SIGNAL_EVERY: usize = 64;

/// The language of a summary, `"vi"` or `"en"` (the core has no parser of its own).
pub(crate) fn lang_arg(lang: &str) -> PyResult<Lang> {
    match lang {
        "vi" => Ok(Lang::Vi),
        "en" => Ok(Lang::En),
        _ => Err(argument_error(
            code::ARGUMENT_VALUE,
            "lang must be 'vi' or 'en'",
            "lang phải là 'vi' hoặc 'en'",
        )),
    }
}

/// The content checks run during verification: the TT27 rules (default policy), or none.
pub(crate) fn content_checks(rules: bool) -> Box<dyn ContentCheck + Sync> {
    if rules {
        Box::new(Tt27Checks {
            policy: Policy::default(),
        })
    } else {
        Box::new(NoContentChecks)
    }
}

/// One signer's line of a verification report (and the report's format, which names its slot).
#[pyclass(frozen, module = "hocba")]
pub struct SignerReport(CoreSigner, RecordFormat);

#[pymethods]
impl SignerReport {
    /// Position in the signatures (0 = first).
    #[getter]
    fn position(&self) -> usize {
        self.0.position
    }
    /// `"gvcn"`, `"hieu_truong"` or `"con_dau"`.
    #[getter]
    fn role(&self) -> &'static str {
        self.0.role.code()
    }
    /// The national XML's slot the signature is in (`"GVCN"`, `"CBQL"`, `"KY_PHAT_HANH"`);
    /// `None` for a COSE record.
    #[getter]
    fn slot(&self) -> Option<&'static str> {
        self.1.slot(self.0.role)
    }
    /// The principal's capacity (`"hieu_truong"` / `"kt_hieu_truong"`), principal only.
    #[getter]
    fn capacity(&self) -> Option<&'static str> {
        self.0.capacity.map(|c| c.code())
    }
    /// Signature algorithm, e.g. `"EdDSA"`.
    #[getter]
    fn algorithm(&self) -> &'static str {
        self.0.algorithm.name()
    }
    /// The signing time from the protected header (UTC).
    #[getter]
    fn signing_time<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDateTime>> {
        py_datetime(py, self.0.signing_time)
    }
    /// Subject common name of the signer's certificate (a person, or the school for the seal).
    #[getter]
    fn subject_name(&self) -> Option<&str> {
        self.0.certificate.as_ref().map(|c| c.subject_name.as_str())
    }
    /// Subject organisation of the certificate.
    #[getter]
    fn organisation(&self) -> Option<&str> {
        self.0
            .certificate
            .as_ref()
            .and_then(|c| c.organisation.as_deref())
    }
    /// Issuer of the certificate (RFC 4514).
    #[getter]
    fn issuer(&self) -> Option<&str> {
        self.0.certificate.as_ref().map(|c| c.issuer.as_str())
    }
    /// Serial number of the certificate (hex).
    #[getter]
    fn serial(&self) -> Option<&str> {
        self.0.certificate.as_ref().map(|c| c.serial_hex.as_str())
    }
    /// Whether the trust policy classified the certificate as an organisation's (a seal);
    /// `None` when the chain was not accepted.
    #[getter]
    fn is_organisation(&self) -> Option<bool> {
        self.0.certificate.as_ref().and_then(|c| c.is_organisation)
    }
    /// True when this signature and its certificate chain are valid.
    #[getter]
    fn valid(&self) -> bool {
        self.0.outcome.is_ok()
    }
    /// Machine code of the failure, or `None`.
    #[getter]
    fn error(&self) -> Option<&'static str> {
        self.0.outcome.as_ref().err().map(|f| f.code())
    }
    /// Why not, in `lang` (`"vi"` or `"en"`); `None` when valid.
    #[pyo3(signature = (lang = "vi"))]
    fn message(&self, lang: &str) -> PyResult<Option<String>> {
        let lang = lang_arg(lang)?;
        Ok(self.0.outcome.as_ref().err().map(|f| f.message(lang)))
    }
    /// A revocation of the certificate dated after the claimed signing time, as
    /// `{"revoked_at": datetime, "reason": str | None}` (RFC 5280 reason, snake case): with
    /// `valid`, a signature the default policy kept; with `error`
    /// `"revoked_after_claimed_time"`, the one the strict policy counted. `None` otherwise.
    #[getter]
    fn revoked_later<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyDict>>> {
        let Some(r) = &self.0.revoked_later else {
            return Ok(None);
        };
        let d = PyDict::new(py);
        d.set_item("revoked_at", py_datetime(py, r.revoked_at)?)?;
        d.set_item("reason", r.reason_code())?;
        Ok(Some(d))
    }
    /// Which time the certificate chain was judged at: `"claimed"` (the signer's own signing
    /// time) or `"timestamp"` (a verified RFC 3161 time-stamp's time, ADR 0160).
    #[getter]
    fn time_source(&self) -> &'static str {
        self.0.time_source()
    }
    /// The time the certificate chain was judged at: the time-stamp's when `time_source` is
    /// `"timestamp"`, else the claimed signing time (UTC).
    #[getter]
    fn judged_at<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDateTime>> {
        py_datetime(py, self.0.judged_at())
    }
    /// The verified RFC 3161 time-stamp the chain was judged at, as `{"time": datetime, "tsa":
    /// str, "tsa_root": str, "serial": str, "policy": str}`; `None` without one.
    #[getter]
    fn timestamp<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyDict>>> {
        self.0
            .timestamp
            .as_ref()
            .map(|t| timestamp_dict(py, t))
            .transpose()
    }
    fn __repr__(&self) -> String {
        format!(
            "<hocba.SignerReport {} {}>",
            self.0.role.code(),
            self.0.outcome.as_ref().err().map_or("valid", |f| f.code())
        )
    }
}

/// What happened to one input of `verify_many`.
enum Outcome {
    /// The report and, when valid, the record with its origin (ADR 0261).
    Verified(Box<CoreReport>, Option<Box<(CoreRecord, Origin)>>),
    /// Not readable as a signed record (or the file could not be read).
    Unreadable {
        code: String,
        en: String,
        vi: String,
        /// SHA-256 of the input's bytes, hex, when they could be read (as Kotlin/Swift report).
        digest: Option<String>,
    },
}

/// The result of verifying one signed year record: overall status, one line per signer, and
/// the record when (and only when) everything is valid.
#[pyclass(frozen, module = "hocba")]
pub struct VerificationReport(Outcome);

impl VerificationReport {
    pub(crate) fn from_verification(v: Verification) -> Self {
        let origin = v.origin().clone();
        let (report, verified) = v.into_parts();
        VerificationReport(Outcome::Verified(
            Box::new(report),
            verified.map(|v| Box::new((v.into_inner(), origin))),
        ))
    }

    pub(crate) fn unreadable(err: Error, bytes: Option<&[u8]>) -> Self {
        VerificationReport(Outcome::Unreadable {
            code: err.code().to_owned(),
            en: err.message(Lang::En),
            vi: err.message(Lang::Vi),
            digest: bytes.map(|b| hocba_core::model::Sha256Digest::of(b).to_hex()),
        })
    }
}

#[pymethods]
impl VerificationReport {
    /// `"valid"` (all three signed, everything checks), `"incomplete"` (every signature
    /// present is valid, a later role has not signed) or `"invalid"`.
    #[getter]
    fn status(&self) -> &'static str {
        match &self.0 {
            Outcome::Verified(r, _) => r.status.code(),
            Outcome::Unreadable { .. } => Status::Invalid.code(),
        }
    }
    /// True when the status is `"valid"`.
    #[getter]
    fn valid(&self) -> bool {
        matches!(&self.0, Outcome::Verified(r, _) if r.status == Status::Valid)
    }
    /// Machine code of the failure (`"incomplete"` when incomplete), or `None` when valid.
    #[getter]
    fn error(&self) -> Option<&str> {
        match &self.0 {
            Outcome::Verified(r, _) => r.error,
            Outcome::Unreadable { code, .. } => Some(code),
        }
    }
    /// Why the input could not be read at all (`None` when it could), in `lang`.
    #[pyo3(signature = (lang = "vi"))]
    fn unreadable_message(&self, lang: &str) -> PyResult<Option<String>> {
        let lang = lang_arg(lang)?;
        Ok(match &self.0 {
            Outcome::Verified(..) => None,
            Outcome::Unreadable { en, vi, .. } => Some(match lang {
                Lang::En => en.clone(),
                _ => vi.clone(),
            }),
        })
    }
    /// One line per signature present, in order.
    #[getter]
    fn signers(&self) -> Vec<SignerReport> {
        match &self.0 {
            Outcome::Verified(r, _) => r
                .signers
                .iter()
                .map(|s| SignerReport(s.clone(), r.format))
                .collect(),
            Outcome::Unreadable { .. } => Vec::new(),
        }
    }
    /// Roles that have not signed yet, in order.
    #[getter]
    fn missing(&self) -> Vec<&'static str> {
        match &self.0 {
            Outcome::Verified(r, _) => r.missing.iter().map(|m| m.code()).collect(),
            Outcome::Unreadable { .. } => Vec::new(),
        }
    }
    /// The format of the signed record: `"cose"` or `"national_xml"`; `None` when the input
    /// could not be read as either.
    #[getter]
    fn format(&self) -> Option<&'static str> {
        match &self.0 {
            Outcome::Verified(r, _) => Some(r.format.code()),
            Outcome::Unreadable { .. } => None,
        }
    }
    /// A national XML's required roles, as slot names (`["GVCN", "CBQL", "KY_PHAT_HANH"]`);
    /// `None` for a COSE record.
    #[getter]
    fn required_roles(&self) -> Option<Vec<&'static str>> {
        match &self.0 {
            Outcome::Verified(r, _) => r.format.required_slots(),
            Outcome::Unreadable { .. } => None,
        }
    }
    /// A national XML's slots not yet signed, in order; `None` for a COSE record.
    #[getter]
    fn missing_slots(&self) -> Option<Vec<&'static str>> {
        match &self.0 {
            Outcome::Verified(r, _) => r.format.required_slots().map(|_| r.missing_slots()),
            Outcome::Unreadable { .. } => None,
        }
    }
    /// SHA-256 (hex) of the signed bytes: what a correction names in `supersedes`.
    #[getter]
    fn digest(&self) -> Option<String> {
        match &self.0 {
            Outcome::Verified(r, _) => Some(r.digest.to_hex()),
            Outcome::Unreadable { digest, .. } => digest.clone(),
        }
    }
    /// Findings of the TT27 rules run during verification (when `rules=True`): dicts with
    /// `code`, `rule`, `path`, `blocking`, `message` (English) and `message_vi`. They do not
    /// change the signature status.
    #[getter]
    fn findings<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        match &self.0 {
            Outcome::Verified(r, _) => findings_list(py, &r.findings),
            _ => Ok(PyList::empty(py)),
        }
    }
    /// The verified year record, or `None` unless the status is `"valid"`.
    #[getter]
    fn record(&self) -> Option<YearRecord> {
        match &self.0 {
            Outcome::Verified(_, Some(r)) => Some(YearRecord(r.0.clone(), r.1.clone())),
            _ => None,
        }
    }
    /// The report as a dict (messages in `lang`): the core's shape, the keys of the CLI's
    /// `hocba --json verify` (`ok`, `format`, and for a national XML `required_roles`,
    /// `missing_slots` and each signer's `slot`; ADR 0260).
    #[pyo3(signature = (lang = "vi"))]
    fn to_dict<'py>(&self, py: Python<'py>, lang: &str) -> PyResult<Bound<'py, PyAny>> {
        let lang = lang_arg(lang)?;
        let value = match &self.0 {
            Outcome::Verified(r, _) => r.to_json(lang),
            Outcome::Unreadable {
                code,
                en,
                vi,
                digest,
            } => serde_json::json!({
                "ok": false,
                "status": "invalid",
                "error": code,
                "digest": digest,
                "message": if lang == Lang::En { en } else { vi },
                "signers": [],
                "missing": [],
            }),
        };
        json_to_py(py, &value.to_string())
    }
    /// A short human-readable report, one line per signer, in `lang`.
    #[pyo3(signature = (lang = "vi"))]
    fn to_text(&self, lang: &str) -> PyResult<String> {
        let lang = lang_arg(lang)?;
        Ok(match &self.0 {
            Outcome::Verified(r, _) => r.to_text(lang),
            Outcome::Unreadable { en, vi, .. } => {
                if lang == Lang::En {
                    en.clone()
                } else {
                    vi.clone()
                }
            }
        })
    }
    fn __bool__(&self) -> bool {
        self.valid()
    }
    fn __repr__(&self) -> String {
        format!(
            "<hocba.VerificationReport {}{}>",
            self.status(),
            self.error().map(|e| format!(" {e}")).unwrap_or_default()
        )
    }
}

/// Verifies one signed year record — a signed national XML (XML-DSig, all three roles
/// required, as `verify_xml`) or a COSE_Sign of the hocba profile — against `trust` at `at` (a
/// timezone-aware `datetime`; default now). Returns a `VerificationReport` whatever the
/// signatures say; raises `SignatureError`/`DecodeError` only when `data` cannot be read as a
/// signed record at all. `rules=True` also runs the TT27 rules on the record
/// (`report.findings`).
#[pyfunction]
#[pyo3(signature = (data, trust, *, at = None, rules = true))]
pub(crate) fn verify(
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
    let result = py.detach(|| {
        hocba_core::xmldsig::verify_signed_year_record(
            bytes,
            &Verifier::new(store, at),
            checks.as_ref(),
            hocba_core::xmldsig::RequiredRoles::All,
        )
    });
    result
        .map(VerificationReport::from_verification)
        .map_err(to_py)
}

/// One input of `verify_many`, as the worker threads see it.
enum Item<'a> {
    Slice(&'a [u8]),
    Owned(Vec<u8>),
    Path(PathBuf),
}

/// Verifies one chunk with the core's bulk verifier (all cores, Ed25519 batches, the
/// verifier's certificate cache); reports in input order.
fn verify_chunk(
    verifier: &Verifier<'_>,
    options: &BulkOptions,
    checks: &(dyn ContentCheck + Sync),
    items: &[Item<'_>],
) -> PyResult<Vec<VerificationReport>> {
    // Ctrl-C: the outcomes are handed out on this thread (the caller's, detached), where a
    // signal handler may run; every `SIGNAL_EVERY` outcomes it takes the GIL to check, and an
    // interrupt stops the reader (no new input is read; what is in flight finishes).
    let stop = AtomicBool::new(false);
    let mut interrupted: Option<PyErr> = None;
    let inputs = items
        .iter()
        .enumerate()
        .take_while(|_| !stop.load(Ordering::Relaxed))
        .map(|(i, item)| {
            let bytes = match item {
                Item::Slice(s) => Ok(s.to_vec()),
                Item::Owned(v) => Ok(v.clone()),
                Item::Path(p) => crate::bytes::read_bounded(p),
            };
            (i, bytes)
        });
    // The bulk verifier hands the outcomes out in input order, one per input.
    let mut out = Vec::with_capacity(items.len());
    verify_stream_with(verifier, options, checks, inputs, |i, outcome| {
        if interrupted.is_none()
            && i % SIGNAL_EVERY == SIGNAL_EVERY - 1
            && let Err(e) = Python::attach(|py| py.check_signals())
        {
            interrupted = Some(e);
            stop.store(true, Ordering::Relaxed);
        }
        let report = match outcome {
            BulkOutcome::Checked(v) => VerificationReport::from_verification(*v),
            // The input's digest, as Kotlin/Swift report it (re-read for a path: only an
            // unreadable input is hashed).
            BulkOutcome::Unreadable(e) => {
                let bytes = match &items[i] {
                    Item::Slice(s) => Some(s.to_vec()),
                    Item::Owned(v) => Some(v.clone()),
                    Item::Path(p) => crate::bytes::read_bounded(p).ok(),
                };
                VerificationReport::unreadable(e.into(), bytes.as_deref())
            }
            BulkOutcome::Input(e) => VerificationReport(Outcome::Unreadable {
                code: e.code().to_owned(),
                en: e.to_string(),
                vi: match &e {
                    crate::bytes::ReadError::Io(io) => {
                        format!("không đọc được tệp: {}", hocba_core::input::io_error_vi(io))
                    }
                    crate::bytes::ReadError::TooLarge(t) => t.message_vi(),
                },
                digest: None,
            }),
        };
        out.push(report);
    });
    match interrupted {
        Some(e) => Err(e),
        None => Ok(out),
    }
}

/// The arguments `verify_many` and `verify_iter` share, read once: the trust store, the time,
/// the threads and the content checks.
struct Bulk {
    store: Py<TrustStore>,
    at: hocba_core::trust::UnixTime,
    options: BulkOptions,
    rules: bool,
}

impl Bulk {
    fn from_args(
        items: &Bound<'_, PyAny>,
        trust: &Bound<'_, PyAny>,
        at: Option<&Bound<'_, PyAny>>,
        threads: Option<&Bound<'_, PyAny>>,
        rules: bool,
    ) -> PyResult<Self> {
        // One path or one record is not a batch: a `str` would be read one character at a
        // time as paths, `bytes` one integer at a time.
        if items.is_instance_of::<PyString>() || items.is_instance_of::<PyBytes>() {
            let ty = items.get_type().name()?;
            return Err(type_error(
                code::ARGUMENT_TYPE,
                format!(
                    "items must be an iterable of records or paths (a list), not one {ty}: \
                     wrap it in a list"
                ),
                format!(
                    "items phải là một tập lặp (iterable, ví dụ list) các hồ sơ hoặc đường dẫn, \
                     không phải một {ty} đơn lẻ: hãy đặt nó vào một list"
                ),
            ));
        }
        let store = expect_store(trust)?.into();
        let at = time_arg(at, "at")?;
        // Out of 1..=256 — negative or beyond any machine integer included: the core's typed
        // error (`ArgumentError`, `threads_out_of_range`), never an `OverflowError`; not an
        // `int`: a `TypeError`.
        let options = match threads {
            Some(t) => {
                let out_of_range = || {
                    to_py(
                        OptionsError::ThreadsOutOfRange {
                            max: hocba_core::bulk::MAX_THREADS,
                        }
                        .into(),
                    )
                };
                match t.extract::<usize>() {
                    Ok(n) => BulkOptions::try_new(n).map_err(|e| to_py(e.into()))?,
                    Err(_) if t.is_instance_of::<PyInt>() => return Err(out_of_range()),
                    Err(e) => return Err(e),
                }
            }
            None => BulkOptions::new(thread::available_parallelism().map_or(1, |n| n.get())),
        };
        Ok(Self {
            store,
            at,
            options,
            rules,
        })
    }

    /// The next chunk of `iter` (at most `CHUNK` items), verified without the GIL; `None` once
    /// `iter` is exhausted. A pending signal (Ctrl-C) is raised before each chunk: a long
    /// batch stops within one chunk.
    fn next_chunk(
        &self,
        py: Python<'_>,
        iter: &Bound<'_, PyIterator>,
    ) -> PyResult<Option<Vec<VerificationReport>>> {
        py.check_signals()?;
        // Collect a chunk while attached: `bytes` are borrowed (kept alive by `held`),
        // anything else is copied or kept as a path.
        let mut held: Vec<Bound<'_, PyBytes>> = Vec::new();
        let mut kinds: Vec<Option<Item<'static>>> = Vec::new();
        for item in iter.clone().take(CHUNK) {
            let item = item?;
            if let Ok(b) = item.cast::<PyBytes>() {
                held.push(b.clone());
                kinds.push(None);
            } else if item.is_instance_of::<PyString>() || item.hasattr("__fspath__")? {
                kinds.push(Some(Item::Path(item.extract()?)));
            } else {
                kinds.push(Some(Item::Owned(
                    input(&item, "each item")?.as_slice().to_vec(),
                )));
            }
        }
        if kinds.is_empty() {
            return Ok(None);
        }
        let mut borrowed = held.iter().map(|b| b.as_bytes());
        let chunk: Vec<Item<'_>> = kinds
            .into_iter()
            .map(|k| match k {
                Some(item) => item,
                // One borrowed slice per `None`, in the same order.
                None => Item::Slice(borrowed.next().unwrap_or_default()),
            })
            .collect();
        let store = self.store.bind(py).try_borrow()?;
        let store: &CoreStore = &store.0;
        let checks = content_checks(self.rules);
        let verifier = Verifier::new(store, self.at);
        let reports =
            py.detach(|| verify_chunk(&verifier, &self.options, checks.as_ref(), &chunk))?;
        Ok(Some(reports))
    }
}

/// Verifies many signed year records with all cores, without holding the GIL: COSE records and
/// national XML signed with XML-DSig (the same report as `verify_xml`), mixed. `items` is any
/// iterable of `bytes` (or `bytearray`/`memoryview`) or file paths (`str`/`os.PathLike`, read
/// in the worker threads); one `str` or `bytes` alone is a `TypeError`. `threads` from 1 to 256,
/// any other integer an `ArgumentError` (`threads_out_of_range`). Returns one
/// `VerificationReport` per item, in order; an item that
/// cannot be read at all gives a report with status `"invalid"` and its `error` code rather
/// than an exception, so one bad file does not stop a batch. `rules=True` also runs the TT27
/// rules on each record (`report.findings`); they never change the signature status. Every
/// report is kept until the call returns: for a province's year use `verify_iter`. Ctrl-C
/// stops it within one chunk of 4,096 items (`KeyboardInterrupt`).
#[pyfunction]
#[pyo3(signature = (items, trust, *, at = None, threads = None, rules = true))]
pub(crate) fn verify_many(
    py: Python<'_>,
    items: &Bound<'_, PyAny>,
    trust: &Bound<'_, PyAny>,
    at: Option<&Bound<'_, PyAny>>,
    threads: Option<&Bound<'_, PyAny>>,
    rules: bool,
) -> PyResult<Vec<VerificationReport>> {
    let bulk = Bulk::from_args(items, trust, at, threads, rules)?;
    let iter = items.try_iter()?;
    let mut out = Vec::new();
    while let Some(reports) = bulk.next_chunk(py, &iter)? {
        out.extend(reports);
    }
    Ok(out)
}

/// `verify_many` as an iterator: the same reports, in the same order, verified a chunk of 4,096
/// items at a time as the caller asks for them — memory stays one chunk's whatever the number
/// of records (a national school year is millions), and `items` may itself be a generator.
/// The arguments are checked when it is called; the trust store must not be changed while it
/// runs (it is read at each chunk).
#[pyfunction]
#[pyo3(signature = (items, trust, *, at = None, threads = None, rules = true))]
pub(crate) fn verify_iter(
    items: &Bound<'_, PyAny>,
    trust: &Bound<'_, PyAny>,
    at: Option<&Bound<'_, PyAny>>,
    threads: Option<&Bound<'_, PyAny>>,
    rules: bool,
) -> PyResult<ReportIterator> {
    let bulk = Bulk::from_args(items, trust, at, threads, rules)?;
    Ok(ReportIterator {
        bulk,
        items: Some(items.try_iter()?.unbind()),
        pending: std::collections::VecDeque::new(),
    })
}

/// The iterator `verify_iter` returns: `VerificationReport`s in input order.
#[pyclass(module = "hocba")]
pub struct ReportIterator {
    bulk: Bulk,
    /// `None` once exhausted.
    items: Option<Py<PyIterator>>,
    pending: std::collections::VecDeque<VerificationReport>,
}

#[pymethods]
impl ReportIterator {
    fn __iter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __next__(&mut self, py: Python<'_>) -> PyResult<Option<VerificationReport>> {
        if let Some(r) = self.pending.pop_front() {
            return Ok(Some(r));
        }
        let Some(items) = &self.items else {
            return Ok(None);
        };
        match self.bulk.next_chunk(py, items.bind(py))? {
            Some(reports) => {
                self.pending.extend(reports);
                Ok(self.pending.pop_front())
            }
            None => {
                self.items = None;
                Ok(None)
            }
        }
    }

    fn __repr__(&self) -> String {
        format!(
            "<hocba.ReportIterator {}>",
            if self.items.is_some() {
                "running"
            } else {
                "done"
            }
        )
    }
}

/// The result of verifying a signed transcript (every revision of every school year):
/// overall status, transcript-level issues, each year's revisions, and the current year
/// records when (and only when) everything is valid.
#[pyclass(frozen, module = "hocba")]
pub struct TranscriptVerificationReport {
    report: TranscriptReport,
    records: Option<Vec<CoreRecord>>,
}

impl TranscriptVerificationReport {
    /// A report and, when valid, the current record of every year.
    pub(crate) fn from_parts(
        report: TranscriptReport,
        verified: Option<Vec<hocba_core::envelope::Verified<CoreRecord>>>,
    ) -> Self {
        Self {
            report,
            records: verified.map(|vs| vs.into_iter().map(|v| v.into_inner()).collect()),
        }
    }
}

#[pymethods]
impl TranscriptVerificationReport {
    /// `"valid"`, `"incomplete"` or `"invalid"`.
    #[getter]
    fn status(&self) -> &'static str {
        self.report.status.code()
    }
    /// True when the status is `"valid"`.
    #[getter]
    fn valid(&self) -> bool {
        self.report.status == Status::Valid
    }
    /// The first transcript issue's code, `"record_invalid"`, `"incomplete"`, or `None`.
    #[getter]
    fn error(&self) -> Option<&'static str> {
        self.report.error
    }
    /// Transcript-level problems: dicts with `code`, `record` (index in the container),
    /// `message` (English) and `message_vi`.
    #[getter]
    fn issues<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let out = PyList::empty(py);
        for i in &self.report.issues {
            let d = PyDict::new(py);
            d.set_item("code", i.code)?;
            d.set_item("record", i.record)?;
            d.set_item("message", i.message_en())?;
            d.set_item("message_vi", i.message_vi())?;
            out.append(d)?;
        }
        Ok(out)
    }
    /// Findings of the cross-year TT27 rules (a dropped year, a grade that does not follow),
    /// run by the core's default checks: dicts with `code`, `rule`, `path`, `blocking`,
    /// `message` (English) and `message_vi`, as Kotlin/Swift `findings` (ADR 0093).
    #[getter]
    fn findings<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        findings_list(py, &self.report.findings)
    }
    /// Each school year, chronological: dicts with `school_year`, `grade`, `current` (digest of
    /// the current revision), `revisions` (a `VerificationReport` per revision, oldest
    /// first) and `revision_info` (per revision, in the same order: `record` — its index in
    /// the input —, `digest`, `supersedes`, `lookup_code`, `recalled`).
    #[getter]
    fn years<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let out = PyList::empty(py);
        for y in &self.report.years {
            let d = PyDict::new(py);
            d.set_item("school_year", y.school_year.to_string())?;
            d.set_item("grade", y.grade.get())?;
            d.set_item("current", y.current.to_hex())?;
            let revisions = PyList::empty(py);
            for r in &y.revisions {
                let report =
                    VerificationReport(Outcome::Verified(Box::new(r.report.clone()), None));
                revisions.append(Bound::new(py, report)?)?;
            }
            d.set_item("revisions", revisions)?;
            let info = PyList::empty(py);
            for r in &y.revisions {
                let i = PyDict::new(py);
                i.set_item("record", r.index)?;
                i.set_item("digest", r.digest.to_hex())?;
                i.set_item("supersedes", r.supersedes.map(|d| d.to_hex()))?;
                i.set_item("lookup_code", r.lookup_code.map(|c| c.to_string()))?;
                i.set_item("recalled", r.recalled)?;
                info.append(i)?;
            }
            d.set_item("revision_info", info)?;
            out.append(d)?;
        }
        Ok(out)
    }
    /// The current revision of every year, chronological, or `None` unless valid.
    #[getter]
    fn records(&self) -> Option<Vec<YearRecord>> {
        self.records
            .as_ref()
            .map(|rs| rs.iter().cloned().map(YearRecord::model).collect())
    }
    fn __bool__(&self) -> bool {
        self.valid()
    }
    fn __repr__(&self) -> String {
        format!(
            "<hocba.TranscriptVerificationReport {}{}>",
            self.report.status.code(),
            self.report
                .error
                .map(|e| format!(" {e}"))
                .unwrap_or_default()
        )
    }
}

/// Verifies a signed transcript (the container of every signed year record and its
/// corrections) against `trust` at `at` (default now). Raises `SignatureError` when `data`
/// cannot be read as a signed transcript at all.
#[pyfunction]
#[pyo3(signature = (data, trust, *, at = None))]
pub(crate) fn verify_transcript(
    py: Python<'_>,
    data: &Bound<'_, PyAny>,
    trust: &Bound<'_, PyAny>,
    at: Option<&Bound<'_, PyAny>>,
) -> PyResult<TranscriptVerificationReport> {
    let store = expect_store(trust)?;
    let at = time_arg(at, "at")?;
    let data = input(data, "data")?;
    let bytes = data.as_slice();
    let store: &CoreStore = &store.0;
    let result = py.detach(|| UnverifiedTranscript::from_bytes(bytes).map(|t| t.verify(store, at)));
    let (report, verified) = result.map_err(|e| to_py(e.into()))?.into_parts();
    Ok(TranscriptVerificationReport {
        report,
        records: verified.map(|vs| vs.into_iter().map(|v| v.into_inner()).collect()),
    })
}

/// Content findings (the TT27 rules run on a verified record) as a list of dicts: `code`,
/// `rule`, `path`, `blocking`, `message` (English) and `message_vi`; every report that carries
/// findings gives them this way.
pub(crate) fn findings_list<'py>(
    py: Python<'py>,
    findings: &[hocba_core::envelope::ContentFinding],
) -> PyResult<Bound<'py, PyList>> {
    let out = PyList::empty(py);
    for f in findings {
        let d = PyDict::new(py);
        d.set_item("code", &f.code)?;
        d.set_item("rule", &f.rule)?;
        d.set_item("path", &f.path)?;
        d.set_item("blocking", f.blocking)?;
        d.set_item("message", &f.message_en)?;
        d.set_item("message_vi", &f.message_vi)?;
        out.append(d)?;
    }
    Ok(out)
}

/// A verified RFC 3161 time-stamp as a dict: `time` (datetime), `tsa`, `tsa_root`, `serial`
/// and `policy`; the XML signers' and the PDF signatures' reports give it this way.
pub(crate) fn timestamp_dict<'py>(
    py: Python<'py>,
    t: &hocba_core::timestamp::TimestampInfo,
) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item("time", py_datetime(py, t.time)?)?;
    d.set_item("tsa", &t.tsa_name)?;
    d.set_item("tsa_root", &t.tsa_root)?;
    d.set_item("serial", &t.serial_hex)?;
    d.set_item("policy", &t.policy)?;
    Ok(d)
}
