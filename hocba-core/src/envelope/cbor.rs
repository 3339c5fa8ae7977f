//! A small, strict CBOR reader for the envelope's fixed structure, on the one head reader and
//! writer of `canonical::head` (issue 14 item 16).
//!
//! The reader works on the received bytes and hands out sub-slices of them, so every signed
//! part (payload, protected headers, earlier signatures) is kept exactly as received. It
//! rejects what the hocba profile forbids in the envelope: indefinite lengths, non-shortest
//! heads, reserved additional-information values, and (in [`Reader::skip`]) nesting deeper
//! than [`MAX_DEPTH`].

use super::EnvelopeError;
pub(crate) use crate::canonical::head::{
    ARRAY, BYTES, MAP, NINT, SIMPLE, TAG, TEXT, UINT, head_len, put_bytes, put_head, put_int,
    put_text, write_head,
};
use crate::canonical::head::{HeadError, read_head};

/// Deepest nesting [`Reader::skip`] follows (headers of the profile nest at most 2 deep).
pub(crate) const MAX_DEPTH: usize = 16;

/// A strict reader over received bytes.
pub(crate) struct Reader<'a> {
    buf: &'a [u8],
    pos: usize,
}

fn malformed(at: &'static str) -> EnvelopeError {
    EnvelopeError::Malformed { at }
}

impl<'a> Reader<'a> {
    pub(crate) fn new(buf: &'a [u8]) -> Self {
        Self { buf, pos: 0 }
    }

    pub(crate) fn pos(&self) -> usize {
        self.pos
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.pos == self.buf.len()
    }

    /// The received bytes between two positions of this reader.
    pub(crate) fn slice(&self, start: usize, end: usize) -> &'a [u8] {
        &self.buf[start..end]
    }

    fn take(&mut self, n: usize, at: &'static str) -> Result<&'a [u8], EnvelopeError> {
        let end = self.pos.checked_add(n).ok_or_else(|| malformed(at))?;
        let s = self.buf.get(self.pos..end).ok_or_else(|| malformed(at))?;
        self.pos = end;
        Ok(s)
    }

    /// Peeks at the major type of the next item.
    pub(crate) fn peek_major(&self) -> Option<u8> {
        self.buf.get(self.pos).map(|b| b >> 5)
    }

    /// Reads one head: (major type, argument). Rejects indefinite lengths, reserved
    /// values and non-shortest arguments.
    pub(crate) fn head(&mut self, at: &'static str) -> Result<(u8, u64), EnvelopeError> {
        let (h, next) = read_head(self.buf, self.pos).map_err(|e| match e {
            HeadError::Truncated { .. } | HeadError::Reserved { .. } => malformed(at),
        })?;
        self.pos = next;
        if h.info == 31 {
            return Err(EnvelopeError::NotDeterministic { at });
        }
        // Simple values below 32 must use the one-byte form (RFC 8949 §3.3); floats (major 7)
        // have fixed widths; integers and lengths must be shortest (RFC 8949 §4.2.1).
        let simple_two_byte = h.major == SIMPLE && h.info == 24 && h.arg < 32;
        if simple_two_byte || (h.major != SIMPLE && h.is_non_shortest()) {
            return Err(EnvelopeError::NotDeterministic { at });
        }
        Ok((h.major, h.arg))
    }

    fn expect_major(&mut self, want: u8, at: &'static str) -> Result<u64, EnvelopeError> {
        let (major, arg) = self.head(at)?;
        if major != want {
            return Err(malformed(at));
        }
        Ok(arg)
    }

    /// A byte string, as a slice of the received bytes.
    pub(crate) fn bytes(&mut self, at: &'static str) -> Result<&'a [u8], EnvelopeError> {
        let n = self.expect_major(BYTES, at)?;
        let n = usize::try_from(n).map_err(|_| malformed(at))?;
        self.take(n, at)
    }

    /// A text string (valid UTF-8).
    pub(crate) fn text(&mut self, at: &'static str) -> Result<&'a str, EnvelopeError> {
        let n = self.expect_major(TEXT, at)?;
        let n = usize::try_from(n).map_err(|_| malformed(at))?;
        std::str::from_utf8(self.take(n, at)?).map_err(|_| malformed(at))
    }

    /// An array head, its length at most `max`.
    pub(crate) fn array(&mut self, max: usize, at: &'static str) -> Result<usize, EnvelopeError> {
        let n = self.expect_major(ARRAY, at)?;
        bounded(n, max, at)
    }

    /// A map head, its length at most `max`.
    pub(crate) fn map(&mut self, max: usize, at: &'static str) -> Result<usize, EnvelopeError> {
        let n = self.expect_major(MAP, at)?;
        bounded(n, max, at)
    }

    /// An integer (major type 0 or 1) that fits in `i64`.
    pub(crate) fn int(&mut self, at: &'static str) -> Result<i64, EnvelopeError> {
        match self.head(at)? {
            (UINT, v) => i64::try_from(v).map_err(|_| malformed(at)),
            (NINT, v) => i64::try_from(v).map(|v| -1 - v).map_err(|_| malformed(at)),
            _ => Err(malformed(at)),
        }
    }

    /// An unsigned integer.
    pub(crate) fn uint(&mut self, at: &'static str) -> Result<u64, EnvelopeError> {
        self.expect_major(UINT, at)
    }

    /// Skips one well-formed item of any type, following at most [`MAX_DEPTH`] levels.
    pub(crate) fn skip(&mut self, depth: usize, at: &'static str) -> Result<(), EnvelopeError> {
        if depth > MAX_DEPTH {
            return Err(EnvelopeError::TooLarge { what: "nesting" });
        }
        let (major, arg) = self.head(at)?;
        let len = |arg: u64| usize::try_from(arg).map_err(|_| malformed(at));
        match major {
            UINT | NINT | SIMPLE => {}
            BYTES => {
                self.take(len(arg)?, at)?;
            }
            TEXT => {
                let s = self.take(len(arg)?, at)?;
                std::str::from_utf8(s).map_err(|_| malformed(at))?;
            }
            ARRAY => {
                for _ in 0..arg {
                    self.skip(depth + 1, at)?;
                }
            }
            MAP => {
                for _ in 0..arg {
                    self.skip(depth + 1, at)?;
                    self.skip(depth + 1, at)?;
                }
            }
            _ => self.skip(depth + 1, at)?, // a tag: its content follows
        }
        Ok(())
    }
}

fn bounded(n: u64, max: usize, at: &'static str) -> Result<usize, EnvelopeError> {
    match usize::try_from(n) {
        Ok(n) if n <= max => Ok(n),
        _ => Err(EnvelopeError::TooLarge { what: at }),
    }
}
