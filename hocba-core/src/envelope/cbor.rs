//! A small, strict CBOR reader and writer for the envelope's fixed structure.
//!
//! The reader works on the received bytes and hands out sub-slices of them, so every signed
//! part (payload, protected headers, earlier signatures) is kept exactly as received. It
//! rejects what the hocba profile forbids in the envelope: indefinite lengths, non-shortest
//! heads, reserved additional-information values, and (in [`Reader::skip`]) nesting deeper
//! than [`MAX_DEPTH`].

use super::EnvelopeError;

/// Deepest nesting [`Reader::skip`] follows (headers of the profile nest at most 2 deep).
pub(crate) const MAX_DEPTH: usize = 16;

/// CBOR major types.
pub(crate) const MAJOR_UINT: u8 = 0;
pub(crate) const MAJOR_NINT: u8 = 1;
pub(crate) const MAJOR_BYTES: u8 = 2;
pub(crate) const MAJOR_TEXT: u8 = 3;
pub(crate) const MAJOR_ARRAY: u8 = 4;
pub(crate) const MAJOR_MAP: u8 = 5;
pub(crate) const MAJOR_TAG: u8 = 6;
pub(crate) const MAJOR_SIMPLE: u8 = 7;

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
        let b = self.take(1, at)?[0];
        let (major, ai) = (b >> 5, b & 0x1f);
        let arg = match ai {
            0..=23 => u64::from(ai),
            24 => {
                let v = u64::from(self.take(1, at)?[0]);
                // Simple values below 32 must use the one-byte form (RFC 8949 §3.3).
                if v < 24 || (major == MAJOR_SIMPLE && v < 32) {
                    return Err(EnvelopeError::NotDeterministic { at });
                }
                v
            }
            25..=27 => {
                let n = 1usize << (ai - 24);
                let bytes = self.take(n, at)?;
                let v = bytes.iter().fold(0u64, |acc, &x| acc << 8 | u64::from(x));
                // Floats (major 7) have fixed widths; integers and lengths must be shortest.
                if major != MAJOR_SIMPLE && v < (1u64 << (4 * n)) {
                    return Err(EnvelopeError::NotDeterministic { at });
                }
                v
            }
            31 => return Err(EnvelopeError::NotDeterministic { at }),
            _ => return Err(malformed(at)),
        };
        Ok((major, arg))
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
        let n = self.expect_major(MAJOR_BYTES, at)?;
        let n = usize::try_from(n).map_err(|_| malformed(at))?;
        self.take(n, at)
    }

    /// A text string (valid UTF-8).
    pub(crate) fn text(&mut self, at: &'static str) -> Result<&'a str, EnvelopeError> {
        let n = self.expect_major(MAJOR_TEXT, at)?;
        let n = usize::try_from(n).map_err(|_| malformed(at))?;
        std::str::from_utf8(self.take(n, at)?).map_err(|_| malformed(at))
    }

    /// An array head, its length at most `max`.
    pub(crate) fn array(&mut self, max: usize, at: &'static str) -> Result<usize, EnvelopeError> {
        let n = self.expect_major(MAJOR_ARRAY, at)?;
        bounded(n, max, at)
    }

    /// A map head, its length at most `max`.
    pub(crate) fn map(&mut self, max: usize, at: &'static str) -> Result<usize, EnvelopeError> {
        let n = self.expect_major(MAJOR_MAP, at)?;
        bounded(n, max, at)
    }

    /// An integer (major type 0 or 1) that fits in `i64`.
    pub(crate) fn int(&mut self, at: &'static str) -> Result<i64, EnvelopeError> {
        match self.head(at)? {
            (MAJOR_UINT, v) => i64::try_from(v).map_err(|_| malformed(at)),
            (MAJOR_NINT, v) => i64::try_from(v).map(|v| -1 - v).map_err(|_| malformed(at)),
            _ => Err(malformed(at)),
        }
    }

    /// An unsigned integer.
    pub(crate) fn uint(&mut self, at: &'static str) -> Result<u64, EnvelopeError> {
        self.expect_major(MAJOR_UINT, at)
    }

    /// Skips one well-formed item of any type, following at most [`MAX_DEPTH`] levels.
    pub(crate) fn skip(&mut self, depth: usize, at: &'static str) -> Result<(), EnvelopeError> {
        if depth > MAX_DEPTH {
            return Err(EnvelopeError::TooLarge { what: "nesting" });
        }
        let (major, arg) = self.head(at)?;
        let len = |arg: u64| usize::try_from(arg).map_err(|_| malformed(at));
        match major {
            MAJOR_UINT | MAJOR_NINT | MAJOR_SIMPLE => {}
            MAJOR_BYTES => {
                self.take(len(arg)?, at)?;
            }
            MAJOR_TEXT => {
                let s = self.take(len(arg)?, at)?;
                std::str::from_utf8(s).map_err(|_| malformed(at))?;
            }
            MAJOR_ARRAY => {
                for _ in 0..arg {
                    self.skip(depth + 1, at)?;
                }
            }
            MAJOR_MAP => {
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

/// Appends an integer.
pub(crate) fn put_int(out: &mut Vec<u8>, v: i64) {
    if v >= 0 {
        put_head(out, MAJOR_UINT, v as u64);
    } else {
        put_head(out, MAJOR_NINT, (-1 - v) as u64);
    }
}

/// Appends a byte string.
pub(crate) fn put_bytes(out: &mut Vec<u8>, b: &[u8]) {
    put_head(out, MAJOR_BYTES, b.len() as u64);
    out.extend_from_slice(b);
}

/// Appends a text string.
pub(crate) fn put_text(out: &mut Vec<u8>, s: &str) {
    put_head(out, MAJOR_TEXT, s.len() as u64);
    out.extend_from_slice(s.as_bytes());
}
