//! Byte-string arguments: `bytes` is borrowed; `bytearray` and `memoryview` are copied.

use pyo3::prelude::*;
use pyo3::types::{PyByteArray, PyBytes, PyMemoryView};

/// The bytes of a `bytes`, `bytearray` or `memoryview` argument.
pub(crate) enum Input<'py> {
    /// Borrowed from an immutable `bytes` object.
    Bytes(Bound<'py, PyBytes>),
    /// Copied from a mutable buffer.
    Owned(Vec<u8>),
}

impl Input<'_> {
    /// The bytes.
    pub(crate) fn as_slice(&self) -> &[u8] {
        match self {
            Input::Bytes(b) => b.as_bytes(),
            Input::Owned(v) => v,
        }
    }
}

/// Reads a byte-string argument; anything else (including `str`) is an `ArgumentTypeError`.
pub(crate) fn input<'py>(obj: &Bound<'py, PyAny>, what: &str) -> PyResult<Input<'py>> {
    if let Ok(b) = obj.cast::<PyBytes>() {
        return Ok(Input::Bytes(b.clone()));
    }
    if let Ok(b) = obj.cast::<PyByteArray>() {
        return Ok(Input::Owned(b.to_vec()));
    }
    if obj.is_instance_of::<PyMemoryView>() {
        let copy = obj.py().get_type::<PyBytes>().call1((obj,))?;
        return Ok(Input::Bytes(copy.cast_into::<PyBytes>()?));
    }
    Err(crate::errors::wrong_type(
        what,
        "bytes, bytearray or memoryview",
        "bytes, bytearray hoặc memoryview",
        obj,
    ))
}

/// Why a file could not be read whole.
#[derive(Debug)]
pub(crate) enum ReadError {
    /// Opening or reading failed (`OSError`).
    Io(std::io::Error),
    /// Over the core's one bound of every input.
    TooLarge(hocba_core::InputError),
}

impl ReadError {
    /// Stable code, as the CLI reports it.
    pub(crate) fn code(&self) -> &'static str {
        match self {
            ReadError::Io(_) => "io_error",
            ReadError::TooLarge(e) => e.code(),
        }
    }
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadError::Io(e) => write!(f, "the file could not be read: {e}"),
            ReadError::TooLarge(e) => write!(f, "{e}"),
        }
    }
}

impl From<ReadError> for PyErr {
    fn from(e: ReadError) -> PyErr {
        match e {
            ReadError::Io(e) => e.into(),
            ReadError::TooLarge(e) => crate::errors::to_py(e.into()),
        }
    }
}

/// Reads the file at `path` whole, but never more than `hocba_core::MAX_INPUT_BYTES` (+1 to
/// tell): the one reader of every path the package takes, so `/dev/zero` or a 300 MB file costs
/// at most that much memory and fails with `file_too_large` (ADR 0091). Needs no interpreter.
pub(crate) fn read_bounded(path: &std::path::Path) -> Result<Vec<u8>, ReadError> {
    use std::io::Read;
    let file = std::fs::File::open(path).map_err(ReadError::Io)?;
    let mut bytes = Vec::new();
    file.take(hocba_core::MAX_INPUT_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(ReadError::Io)?;
    hocba_core::input::check_len(bytes.len()).map_err(ReadError::TooLarge)?;
    Ok(bytes)
}

/// The bytes of an argument that is `bytes`-like, or a path (`str` / `os.PathLike`) to read
/// through [`read_bounded`].
pub(crate) fn path_or_bytes(obj: &Bound<'_, PyAny>, what: &str) -> PyResult<Vec<u8>> {
    if obj.is_instance_of::<pyo3::types::PyString>() || obj.hasattr("__fspath__")? {
        let path: std::path::PathBuf = obj.extract()?;
        return Ok(read_bounded(&path)?);
    }
    Ok(input(obj, what)?.as_slice().to_vec())
}

/// `hocba._native.read_file(path)`: the file's bytes through the one size bound
/// (`file_too_large`, a `DecodeError`, beyond `MAX_INPUT_BYTES`); `OSError` when it cannot be
/// read.
#[pyfunction]
pub(crate) fn read_file<'py>(
    py: Python<'py>,
    path: std::path::PathBuf,
) -> PyResult<Bound<'py, PyBytes>> {
    let bytes = py.detach(|| read_bounded(&path))?;
    Ok(PyBytes::new(py, &bytes))
}
