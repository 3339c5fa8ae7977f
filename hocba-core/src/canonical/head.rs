//! The CBOR item head (RFC 8949 §3): the initial byte and its argument, written and read
//! in the shortest form. Everything else in this module is built on these two types.

use super::{DecodeError, DecodeErrorKind};

/// Major type 0: unsigned integer.
pub(crate) const UINT: u8 = 0;
/// Major type 1: negative integer.
pub(crate) const NINT: u8 = 1;
/// Major type 2: byte string.
pub(crate) const BYTES: u8 = 2;
/// Major type 3: text string.
pub(crate) const TEXT: u8 = 3;
/// Major type 4: array.
pub(crate) const ARRAY: u8 = 4;
/// Major type 5: map.
pub(crate) const MAP: u8 = 5;
/// Major type 6: tag.
pub(crate) const TAG: u8 = 6;
/// Major type 7: simple values and floats.
pub(crate) const SIMPLE: u8 = 7;

/// Appends canonical CBOR to a buffer. Only shortest heads and definite lengths exist here.
pub(crate) struct Writer {
    pub(crate) buf: Vec<u8>,
}

impl Writer {
    pub(crate) fn with_capacity(n: usize) -> Self {
        Self {
            buf: Vec::with_capacity(n),
        }
    }

    /// Writes a head in its shortest form (RFC 8949 §4.2.1, first rule).
    pub(crate) fn head(&mut self, major: u8, arg: u64) {
        let m = major << 5;
        if arg < 24 {
            self.buf.push(m | arg as u8);
        } else if arg <= u64::from(u8::MAX) {
            self.buf.extend_from_slice(&[m | 24, arg as u8]);
        } else if arg <= u64::from(u16::MAX) {
            self.buf.push(m | 25);
            self.buf.extend_from_slice(&(arg as u16).to_be_bytes());
        } else if arg <= u64::from(u32::MAX) {
            self.buf.push(m | 26);
            self.buf.extend_from_slice(&(arg as u32).to_be_bytes());
        } else {
            self.buf.push(m | 27);
            self.buf.extend_from_slice(&arg.to_be_bytes());
        }
    }

    pub(crate) fn uint(&mut self, v: u64) {
        self.head(UINT, v);
    }

    pub(crate) fn text(&mut self, s: &str) {
        self.head(TEXT, s.len() as u64);
        self.buf.extend_from_slice(s.as_bytes());
    }

    pub(crate) fn bytes(&mut self, b: &[u8]) {
        self.head(BYTES, b.len() as u64);
        self.buf.extend_from_slice(b);
    }

    pub(crate) fn bool(&mut self, b: bool) {
        self.buf.push(if b { 0xf5 } else { 0xf4 });
    }

    pub(crate) fn array(&mut self, n: usize) {
        self.head(ARRAY, n as u64);
    }

    pub(crate) fn map(&mut self, n: usize) {
        self.head(MAP, n as u64);
    }

    /// Appends an already-encoded item verbatim.
    pub(crate) fn raw(&mut self, item: &[u8]) {
        self.buf.extend_from_slice(item);
    }
}

/// One item head as read from the input.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Head {
    /// Major type 0–7.
    pub(crate) major: u8,
    /// Additional information 0–31.
    pub(crate) info: u8,
    /// The argument (for major 7 with info < 24: the simple value; with 25–27: the raw
    /// float bits; with 31: 0).
    pub(crate) arg: u64,
    /// Offset of the initial byte.
    pub(crate) start: usize,
}

impl Head {
    /// True when the head used more bytes than its argument needs.
    pub(crate) fn is_non_shortest(&self) -> bool {
        match self.info {
            24 => self.arg < 24,
            25 => self.arg <= u64::from(u8::MAX),
            26 => self.arg <= u64::from(u16::MAX),
            27 => self.arg <= u64::from(u32::MAX),
            _ => false,
        }
    }
}

/// A cursor over CBOR bytes that reads heads and string bodies, bounds-checked.
pub(crate) struct Reader<'a> {
    pub(crate) buf: &'a [u8],
    pub(crate) pos: usize,
}

impl<'a> Reader<'a> {
    pub(crate) fn new(buf: &'a [u8]) -> Self {
        Self { buf, pos: 0 }
    }

    fn truncated(&self) -> DecodeError {
        DecodeError::new(DecodeErrorKind::Truncated, self.pos)
    }

    /// Reads `n` bytes.
    pub(crate) fn take(&mut self, n: u64) -> Result<&'a [u8], DecodeError> {
        let left = self.buf.len() - self.pos;
        let n = usize::try_from(n)
            .ok()
            .filter(|&n| n <= left)
            .ok_or_else(|| self.truncated())?;
        let s = &self.buf[self.pos..self.pos + n];
        self.pos += n;
        Ok(s)
    }

    /// Reads one head. Reserved additional information (28–30) is `malformed`; 31
    /// (indefinite length or break) is returned as is for the caller to judge.
    pub(crate) fn head(&mut self) -> Result<Head, DecodeError> {
        let start = self.pos;
        let ib = *self.buf.get(self.pos).ok_or_else(|| self.truncated())?;
        self.pos += 1;
        let major = ib >> 5;
        let info = ib & 0x1f;
        let arg = match info {
            0..=23 => u64::from(info),
            24 => u64::from(self.take(1)?[0]),
            25 => self.take(2)?.iter().fold(0, |a, &b| a << 8 | u64::from(b)),
            26 => self.take(4)?.iter().fold(0, |a, &b| a << 8 | u64::from(b)),
            27 => self.take(8)?.iter().fold(0, |a, &b| a << 8 | u64::from(b)),
            31 => 0,
            _ => return Err(DecodeError::new(DecodeErrorKind::Malformed, start)),
        };
        Ok(Head {
            major,
            info,
            arg,
            start,
        })
    }

    /// Bytes not yet read.
    pub(crate) fn remaining(&self) -> usize {
        self.buf.len() - self.pos
    }
}
