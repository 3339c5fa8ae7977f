//! The packing of `content` (CV 2088/BGDĐT-GDTH §2): the `DANH_SACH_HOC_BA` XML, quote-escaped,
//! as UTF-8 → gzip → a 4-byte little-endian length of the uncompressed bytes in front (as .NET
//! `BitConverter.GetBytes(int)` writes it on x86) → Base64 (standard alphabet, padded, as
//! `Convert.ToBase64String` writes it). [`unpack`] is the bounded reverse.

use std::io::{Read, Write};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use flate2::Compression;
use flate2::bufread::GzDecoder;
use flate2::write::GzEncoder;

use super::ExchangeError;

/// At most 10 MB per transaction (CV 2088 §2): the bound on the Base64 `content` text.
pub const MAX_CONTENT_BYTES: usize = 10 * 1024 * 1024;

/// Default bound on the uncompressed list: 16 × the transaction bound. Signed XML compresses
/// about 5–10 × (measured on the demo records); a larger declared length is refused before any
/// byte is inflated.
pub const MAX_UNPACKED_BYTES: usize = 16 * MAX_CONTENT_BYTES;

/// How `"` is written inside the packed text. The specification says the XML is
/// "quote-escaped" before packing without showing the function; hocba reads that as the usual
/// string escape `"` → `\"` ([`QuoteEscape::Backslash`], the default) and keeps the choice a
/// parameter until the official sample confirms it (ADR 0100).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum QuoteEscape {
    /// Every `"` becomes `\"`; unpacking turns every `\"` back and refuses a bare `"`.
    #[default]
    Backslash,
    /// The XML is packed as it is.
    None,
}

/// Bounds and options of [`unpack`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PackLimits {
    /// Longest Base64 `content` accepted.
    pub max_content: usize,
    /// Longest uncompressed text accepted (the declared and the real length).
    pub max_unpacked: usize,
    /// The quote escaping the sender applied.
    pub quote: QuoteEscape,
}

impl Default for PackLimits {
    fn default() -> Self {
        Self {
            max_content: MAX_CONTENT_BYTES,
            max_unpacked: MAX_UNPACKED_BYTES,
            quote: QuoteEscape::default(),
        }
    }
}

/// Escapes `"` as `\"`.
pub fn escape_quotes(xml: &str) -> String {
    xml.replace('"', "\\\"")
}

/// The reverse of [`escape_quotes`]: every `\"` becomes `"`; a `"` without its backslash is
/// refused (the escaping never writes one).
pub fn unescape_quotes(text: &str) -> Result<String, ExchangeError> {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut start = 0;
    for (i, b) in bytes.iter().enumerate() {
        if *b == b'"' {
            if i == 0 || bytes[i - 1] != b'\\' {
                return Err(ExchangeError::BadQuoteEscape { offset: i });
            }
            // `\` and `"` are ASCII, so both cuts fall on character boundaries.
            out.push_str(&text[start..i - 1]);
            out.push('"');
            start = i + 1;
        }
    }
    out.push_str(&text[start..]);
    Ok(out)
}

/// Packs `xml` into the transaction's `content` string.
pub fn pack(xml: &str, quote: QuoteEscape) -> Result<String, ExchangeError> {
    let text = match quote {
        QuoteEscape::Backslash => escape_quotes(xml),
        QuoteEscape::None => xml.to_owned(),
    };
    let raw = text.as_bytes();
    // The prefix is a 32-bit integer on the wire.
    let len = u32::try_from(raw.len()).map_err(|_| ExchangeError::DeclaredLengthTooLarge {
        declared: raw.len() as u64,
        max: u32::MAX as usize,
    })?;
    let mut gz = GzEncoder::new(len.to_le_bytes().to_vec(), Compression::default());
    // Writing into a Vec cannot fail; the error arm is never taken.
    gz.write_all(raw).map_err(|_| ExchangeError::BadGzip)?;
    let packed = gz.finish().map_err(|_| ExchangeError::BadGzip)?;
    Ok(STANDARD.encode(packed))
}

/// Unpacks a transaction's `content` into its XML text, within `limits`: the Base64 text is
/// bounded, the declared length is checked against the bound before inflating and against the
/// real length after, and inflating stops one byte past the declared length (so a gzip bomb
/// costs at most `max_unpacked + 1` bytes of memory).
pub fn unpack(content: &str, limits: &PackLimits) -> Result<String, ExchangeError> {
    if content.len() > limits.max_content {
        return Err(ExchangeError::ContentTooLarge {
            len: content.len(),
            max: limits.max_content,
        });
    }
    let bytes = STANDARD
        .decode(content.as_bytes())
        .map_err(|_| ExchangeError::BadBase64)?;
    let Some((prefix, gz)) = bytes.split_first_chunk::<4>() else {
        return Err(ExchangeError::MissingLengthPrefix);
    };
    let declared = u32::from_le_bytes(*prefix) as u64;
    if declared > limits.max_unpacked as u64 {
        return Err(ExchangeError::DeclaredLengthTooLarge {
            declared,
            max: limits.max_unpacked,
        });
    }
    let mut rest: &[u8] = gz;
    let mut decoder = GzDecoder::new(&mut rest);
    // `declared` is at most `max_unpacked`, a usize.
    let mut raw = Vec::with_capacity((declared as usize).min(1 << 20));
    (&mut decoder)
        .take(declared + 1)
        .read_to_end(&mut raw)
        .map_err(|_| ExchangeError::BadGzip)?;
    let actual = raw.len() as u64;
    if actual != declared {
        return Err(ExchangeError::LengthMismatch { declared, actual });
    }
    // `take` stopped short of `declared + 1`, so the gzip member ended; nothing may follow it.
    drop(decoder);
    if !rest.is_empty() {
        return Err(ExchangeError::TrailingData);
    }
    let text = String::from_utf8(raw).map_err(|_| ExchangeError::NotUtf8)?;
    match limits.quote {
        QuoteEscape::Backslash => unescape_quotes(&text),
        QuoteEscape::None => Ok(text),
    }
}
