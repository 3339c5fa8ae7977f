//! Byte-string arguments: `bytes` is borrowed; `bytearray` and `memoryview` are copied.

use pyo3::exceptions::PyTypeError;
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

/// Reads a byte-string argument; anything else (including `str`) is a `TypeError`.
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
    Err(PyTypeError::new_err(format!(
        "{what} must be bytes, bytearray or memoryview, not {}",
        obj.get_type().name()?
    )))
}
