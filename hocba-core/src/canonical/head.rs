//! The CBOR item head (RFC 8949 §3): the initial byte and its argument, written in the
//! shortest form and read with what the reader needs to judge it. The one place hocba reads and
//! writes CBOR heads: the canonical record codec ([`Reader`], [`Writer`]) and the COSE envelope
//! (`envelope::cbor`, which adds its own strictness and error codes) are both built on
//! [`read_head`] and [`put_head`] (issue 14 item 16).

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
        put_head(&mut self.buf, major, arg);
    }

    pub(crate) fn uint(&mut self, v: u64) {
        self.head(UINT, v);
    }

    pub(crate) fn text(&mut self, s: &str) {
        put_text(&mut self.buf, s);
    }

    pub(crate) fn bytes(&mut self, b: &[u8]) {
        put_bytes(&mut self.buf, b);
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
        let (head, next) = read_head(self.buf, self.pos).map_err(|e| match e {
            HeadError::Truncated { at } => DecodeError::new(DecodeErrorKind::Truncated, at),
            HeadError::Reserved { at } => DecodeError::new(DecodeErrorKind::Malformed, at),
        })?;
        self.pos = next;
        Ok(head)
    }

    /// Bytes not yet read.
    pub(crate) fn remaining(&self) -> usize {
        self.buf.len() - self.pos
    }
}

/// Why [`read_head`] could not read a head.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum HeadError {
    /// The input ends inside the head; `at` is where the missing bytes should be.
    Truncated {
        /// Offset of the first missing byte's item part.
        at: usize,
    },
    /// Reserved additional information 28–30 (RFC 8949 §3); `at` is the initial byte.
    Reserved {
        /// Offset of the initial byte.
        at: usize,
    },
}

/// Reads the head at `buf[pos..]` and returns it with the offset after it. Additional
/// information 31 (indefinite length or break) is returned as is; shortest form is not
/// checked here ([`Head::is_non_shortest`] tells): each reader applies its own rules.
pub(crate) fn read_head(buf: &[u8], pos: usize) -> Result<(Head, usize), HeadError> {
    let ib = *buf.get(pos).ok_or(HeadError::Truncated { at: pos })?;
    let (major, info) = (ib >> 5, ib & 0x1f);
    let width = match info {
        0..=23 | 31 => 0,
        24..=27 => 1usize << (info - 24),
        _ => return Err(HeadError::Reserved { at: pos }),
    };
    let body = buf
        .get(pos + 1..pos + 1 + width)
        .ok_or(HeadError::Truncated { at: pos + 1 })?;
    let arg = match info {
        0..=23 => u64::from(info),
        31 => 0,
        _ => body.iter().fold(0, |a, &b| a << 8 | u64::from(b)),
    };
    Ok((
        Head {
            major,
            info,
            arg,
            start: pos,
        },
        pos + 1 + width,
    ))
}

/// Writes a head in its shortest form into `out`; returns its length (1 to 9 bytes).
pub(crate) fn write_head(out: &mut [u8; 9], major: u8, arg: u64) -> usize {
    let m = major << 5;
    match arg {
        0..=23 => {
            out[0] = m | arg as u8;
            1
        }
        24..=0xff => {
            out[..2].copy_from_slice(&[m | 24, arg as u8]);
            2
        }
        0x100..=0xffff => {
            out[0] = m | 25;
            out[1..3].copy_from_slice(&(arg as u16).to_be_bytes());
            3
        }
        0x1_0000..=0xffff_ffff => {
            out[0] = m | 26;
            out[1..5].copy_from_slice(&(arg as u32).to_be_bytes());
            5
        }
        _ => {
            out[0] = m | 27;
            out[1..9].copy_from_slice(&arg.to_be_bytes());
            9
        }
    }
}

/// The length of the shortest head for `arg`.
pub(crate) fn head_len(arg: u64) -> usize {
    write_head(&mut [0; 9], 0, arg)
}

/// Appends a head in its shortest form.
pub(crate) fn put_head(out: &mut Vec<u8>, major: u8, arg: u64) {
    let mut head = [0; 9];
    let n = write_head(&mut head, major, arg);
    out.extend_from_slice(&head[..n]);
}

/// Appends an integer (major type 0 or 1).
pub(crate) fn put_int(out: &mut Vec<u8>, v: i64) {
    if v >= 0 {
        put_head(out, UINT, v as u64);
    } else {
        put_head(out, NINT, (-1 - v) as u64);
    }
}

/// Appends a byte string.
pub(crate) fn put_bytes(out: &mut Vec<u8>, b: &[u8]) {
    put_head(out, BYTES, b.len() as u64);
    out.extend_from_slice(b);
}

/// Appends a text string.
pub(crate) fn put_text(out: &mut Vec<u8>, s: &str) {
    put_head(out, TEXT, s.len() as u64);
    out.extend_from_slice(s.as_bytes());
}
