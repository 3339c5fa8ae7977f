//! The one place where Rust errors become Python exceptions.
//!
//! The exception classes are plain Python classes (`hocba/_errors.py`), so that
//! `ValidationError` can be both a `HocbaError` and a `ValueError` and carry `.errors()`;
//! they are imported here lazily. Every exception carries the stable `code` of the Rust
//! error, the English message (`str(e)`) and the Vietnamese one (`e.message_vi`).
//!
//! The binding's own checks of its arguments (a Python type, a name the core takes as an enum,
//! a required argument) raise `ArgumentTypeError` (a `TypeError`) through [`type_error`] and
//! `ArgumentError` (a `ValueError`) through [`argument_error`], with one of the codes below
//! (ADR 0239). Their messages name an argument's type, never its value: the value may be a
//! pupil's data.

use hocba_core::{Error, ErrorKind, Lang};
use pyo3::import_exception;
use pyo3::prelude::*;

import_exception!(hocba._errors, DecodeError);
import_exception!(hocba._errors, ModelError);
import_exception!(hocba._errors, ValidationError);
import_exception!(hocba._errors, SignatureError);
import_exception!(hocba._errors, TrustError);
import_exception!(hocba._errors, RenderError);
import_exception!(hocba._errors, ArgumentError);
import_exception!(hocba._errors, ArgumentTypeError);

/// The codes of the binding's own argument checks (ADR 0239; the table is in
/// `hocba-py/README.md`). Stable once released, like the core's codes.
pub(crate) mod code {
    /// An argument, or an item of one, of the wrong Python type (`ArgumentTypeError`).
    pub(crate) const ARGUMENT_TYPE: &str = "argument_type";
    /// A required argument, or one of arguments that go together, left out.
    pub(crate) const ARGUMENT_MISSING: &str = "argument_missing";
    /// A name that is not one of those the argument takes (`lang`, `role`, `revocation`, …).
    pub(crate) const ARGUMENT_VALUE: &str = "argument_value";
    /// A number outside the range the argument takes.
    pub(crate) const ARGUMENT_OUT_OF_RANGE: &str = "argument_out_of_range";
    /// A `datetime` without a time zone.
    pub(crate) const NAIVE_DATETIME: &str = "naive_datetime";
    /// An algorithm name that is not one hocba signs with (the CLI's and Kotlin/Swift's code).
    pub(crate) const UNSUPPORTED_ALGORITHM: &str = "unsupported_algorithm";
    /// A check before signing named in `without` that does not exist (the CLI's code).
    pub(crate) const INVALID_CHECK: &str = "invalid_check";
    /// A signature asked of an envelope all three roles have signed (the CLI's code).
    pub(crate) const ALREADY_COMPLETE: &str = "already_complete";
}

/// `hocba.ArgumentTypeError` (a `TypeError`) with `code` and both messages.
pub(crate) fn type_error(code: &str, en: impl Into<String>, vi: impl Into<String>) -> PyErr {
    ArgumentTypeError::new_err((code.to_owned(), en.into(), vi.into(), None::<String>))
}

/// `hocba.ArgumentError` (a `ValueError`) with `code` and both messages.
pub(crate) fn argument_error(code: &str, en: impl Into<String>, vi: impl Into<String>) -> PyErr {
    ArgumentError::new_err((code.to_owned(), en.into(), vi.into(), None::<String>))
}

/// The `ArgumentTypeError` of an argument `what` that is not `en_expected` (`vi_expected` in
/// Vietnamese), naming the type `obj` has.
pub(crate) fn wrong_type(
    what: &str,
    en_expected: &str,
    vi_expected: &str,
    obj: &Bound<'_, PyAny>,
) -> PyErr {
    match obj.get_type().name() {
        Ok(ty) => type_error(
            code::ARGUMENT_TYPE,
            format!("{what} must be {en_expected}, not {ty}"),
            format!("{what} phải là {vi_expected}, không phải {ty}"),
        ),
        Err(e) => e,
    }
}

/// Python exception class of a Rust error's phase.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Phase {
    /// A domain value out of range (`ModelError`, a `DecodeError`).
    Model,
    /// Input could not be read: JSON, CBOR, XML, a signed payload, over the size bound.
    Decode,
    /// TT27 rules.
    Validation,
    /// COSE envelope, signing, signature checks.
    Signature,
    /// Certificates, chains, revocation.
    Trust,
    /// PDF rendering.
    Render,
    /// An argument out of its range.
    Argument,
}

/// The Python class of `err`: the core's kind (`hocba_core::ErrorKind`), the same one the
/// Kotlin/Swift bindings map (ADR 0096).
pub(crate) fn phase(err: &Error) -> Phase {
    match err.kind() {
        ErrorKind::Model => Phase::Model,
        ErrorKind::Decode => Phase::Decode,
        ErrorKind::Validation => Phase::Validation,
        ErrorKind::Signature => Phase::Signature,
        ErrorKind::Trust => Phase::Trust,
        ErrorKind::Render => Phase::Render,
        ErrorKind::Argument => Phase::Argument,
    }
}

/// Builds the Python exception of `phase` with `code`, both messages, where known the path
/// in the input the error is about, and for `ValidationError` the list of error dicts.
pub(crate) fn exception(
    phase: Phase,
    code: &str,
    message_en: String,
    message_vi: String,
    path: Option<String>,
    errors: Option<Py<PyAny>>,
) -> PyErr {
    let code = code.to_owned();
    if let Some(errors) = errors {
        return ValidationError::new_err((code, message_en, message_vi, path, errors));
    }
    let args = (code, message_en, message_vi, path);
    match phase {
        Phase::Model => ModelError::new_err(args),
        Phase::Decode => DecodeError::new_err(args),
        Phase::Validation => ValidationError::new_err(args),
        Phase::Signature => SignatureError::new_err(args),
        Phase::Trust => TrustError::new_err(args),
        Phase::Render => RenderError::new_err(args),
        Phase::Argument => ArgumentError::new_err(args),
    }
}

/// Where in the input `err` is about: the core's path, the same in every binding.
fn path(err: &Error) -> Option<String> {
    err.path().map(str::to_owned)
}

/// Converts a core error into its Python exception.
pub(crate) fn to_py(err: Error) -> PyErr {
    if let Error::Validation(e) = &err {
        // With the violations as `.errors()`; building them needs the interpreter.
        return Python::attach(|py| {
            crate::validate::validation_error(py, e).unwrap_or_else(|failed| failed)
        });
    }
    exception(
        phase(&err),
        err.code(),
        err.message(Lang::En),
        err.message(Lang::Vi),
        path(&err),
        None,
    )
}
