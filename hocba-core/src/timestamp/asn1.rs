//! A strict DER reader for the few RFC 3161 structures the RustCrypto crates do not model
//! (`TimeStampReq`, `TimeStampResp`, `TSTInfo`): definite, minimal lengths only, low tag
//! numbers only, nothing after the value read.

/// One TLV: its tag byte, its content and the whole encoding.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Tlv<'a> {
    pub tag: u8,
    pub content: &'a [u8],
    pub whole: &'a [u8],
}

/// A cursor over concatenated DER values.
pub(crate) struct Reader<'a>(pub &'a [u8]);

impl<'a> Reader<'a> {
    /// The next TLV, or `None` at the end or on any non-DER length.
    pub fn next(&mut self) -> Option<Tlv<'a>> {
        let input = self.0;
        let (&tag, rest) = input.split_first()?;
        if tag & 0x1f == 0x1f {
            return None; // high tag numbers: none in these structures
        }
        let (&first, rest) = rest.split_first()?;
        let (len, rest) = if first < 0x80 {
            (usize::from(first), rest)
        } else {
            let n = usize::from(first & 0x7f);
            if n == 0 || n > 4 || rest.len() < n || rest[0] == 0 {
                return None;
            }
            let len = rest[..n]
                .iter()
                .fold(0usize, |a, &b| (a << 8) | usize::from(b));
            if len < 0x80 {
                return None; // not the shortest form
            }
            (len, &rest[n..])
        };
        if rest.len() < len {
            return None;
        }
        let header = input.len() - rest.len();
        let whole = &input[..header + len];
        self.0 = &rest[len..];
        Some(Tlv {
            tag,
            content: &rest[..len],
            whole,
        })
    }

    /// The next TLV if its tag is `tag`.
    pub fn next_if(&mut self, tag: u8) -> Option<Tlv<'a>> {
        if self.0.first() == Some(&tag) {
            self.next()
        } else {
            None
        }
    }

    /// The next TLV, required to have `tag`.
    pub fn expect(&mut self, tag: u8) -> Option<Tlv<'a>> {
        self.next().filter(|t| t.tag == tag)
    }

    /// Whether everything was read.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// The single value `bytes` holds, with tag `tag` and nothing after it.
pub(crate) fn single(bytes: &[u8], tag: u8) -> Option<Tlv<'_>> {
    let mut r = Reader(bytes);
    let t = r.expect(tag)?;
    r.is_empty().then_some(t)
}

/// A DER INTEGER's content is minimal: no redundant leading 0x00 or 0xff byte.
pub(crate) fn minimal_integer(content: &[u8]) -> bool {
    match content {
        [] => false,
        [0x00, b, ..] => b & 0x80 != 0,
        [0xff, b, ..] => b & 0x80 == 0,
        _ => true,
    }
}

/// A small non-negative INTEGER's value.
pub(crate) fn small_uint(content: &[u8]) -> Option<u64> {
    if !minimal_integer(content) || content.len() > 8 || content[0] & 0x80 != 0 {
        return None;
    }
    Some(content.iter().fold(0u64, |a, &b| (a << 8) | u64::from(b)))
}

/// `tag`, length, `content`.
pub(crate) fn tlv(tag: u8, content: &[u8]) -> Vec<u8> {
    crate::pades::cms::tlv(tag, content)
}

/// A DER INTEGER of the non-negative big-endian `magnitude` (leading zeros dropped, a 0x00
/// added when the high bit is set).
pub(crate) fn uint(magnitude: &[u8]) -> Vec<u8> {
    let trimmed: &[u8] = match magnitude.iter().position(|&b| b != 0) {
        Some(i) => &magnitude[i..],
        None => &[0],
    };
    let mut content = Vec::with_capacity(trimmed.len() + 1);
    if trimmed[0] & 0x80 != 0 {
        content.push(0);
    }
    content.extend_from_slice(trimmed);
    tlv(0x02, &content)
}
