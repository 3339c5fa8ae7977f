//! The byte-level profile check: is this input exactly one deterministically encoded
//! CBOR item (RFC 8949 §4.2.1) within the hocba-CBOR limits?
//!
//! It runs over the raw bytes before any decoding, so a signature is only ever checked
//! over bytes that have exactly one meaning.

use super::head::{ARRAY, BYTES, MAP, NINT, Reader, SIMPLE, TAG, TEXT, UINT};
use super::{DecodeError, DecodeErrorKind};
use crate::model::is_nfc;

/// Largest input accepted, in bytes: 4 MiB.
///
/// A realistic year record is 3–4 kB and a five-year transcript about 20 kB; the limit
/// leaves room for years full of two-thousand-byte comments (`MAX_TEXT_BYTES`) while
/// bounding what a hostile input can make a verifier read.
pub const MAX_INPUT_BYTES: usize = 4 * 1024 * 1024;

/// Deepest nesting accepted: 16 levels, counting the top-level item as level 1 and each
/// array, map or tag around an item as one more.
///
/// The deepest hocba structure (a transcript → years → year record → periodic results →
/// subjects → subject result → field) is 7 levels; a COSE_Sign envelope around it adds 4.
pub const MAX_DEPTH: usize = 16;

/// However a caller sets [`Limits::max_depth`], the check never recurses deeper than this.
const HARD_MAX_DEPTH: usize = 256;

/// Tags of COSE (RFC 9052 §2): COSE_Sign (98), COSE_Sign1 (18), COSE_Mac (97),
/// COSE_Mac0 (17), COSE_Encrypt (96), COSE_Encrypt0 (16).
pub const COSE_TAGS: &[u64] = &[16, 17, 18, 96, 97, 98];

/// What the profile check accepts beyond deterministic encoding.
///
/// [`Limits::HOCBA`] (the [`Default`]) is the profile of hocba payloads: no tags, no
/// `null`. The envelope code uses its own limits, e.g. with `allowed_tags: &[98]`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Inputs longer than this are `too_large`.
    pub max_input_bytes: usize,
    /// Items nested deeper than this are `too_deep` (capped at 256).
    pub max_depth: usize,
    /// Tag numbers allowed anywhere in the item; any other tag is `forbidden_tag`.
    pub allowed_tags: &'static [u64],
    /// Whether the simple value `null` is allowed (COSE uses it for a detached payload).
    pub allow_null: bool,
}

impl Limits {
    /// The hocba payload profile: [`MAX_INPUT_BYTES`], [`MAX_DEPTH`], no tags, no `null`.
    pub const HOCBA: Limits = Limits {
        max_input_bytes: MAX_INPUT_BYTES,
        max_depth: MAX_DEPTH,
        allowed_tags: &[],
        allow_null: false,
    };

    /// The COSE structures around a payload: as [`Limits::HOCBA`] plus the [`COSE_TAGS`]
    /// and `null`.
    pub const COSE: Limits = Limits {
        max_input_bytes: MAX_INPUT_BYTES,
        max_depth: MAX_DEPTH,
        allowed_tags: COSE_TAGS,
        allow_null: true,
    };
}

impl Default for Limits {
    fn default() -> Self {
        Self::HOCBA
    }
}

/// Checks that `input` is exactly one CBOR item in the hocba-CBOR profile:
/// shortest integer and length heads, definite lengths, map keys strictly increasing by
/// their encoded bytes (so no duplicates), valid UTF-8 in NFC, no floats, only the tags
/// and simple values `limits` allows, no deeper than `limits.max_depth`, no longer than
/// `limits.max_input_bytes`, nothing after the item.
///
/// The first fault in byte order is reported, with its offset.
pub fn check_profile(input: &[u8], limits: &Limits) -> Result<(), DecodeError> {
    check(input, limits, None)
}

/// A text string the profile check has validated (UTF-8, NFC): where its content starts in
/// the input, and the content. The decoder takes its strings from this list instead of
/// validating the same bytes a second time.
pub(crate) type CheckedText<'a> = (usize, &'a str);

/// [`check_profile`], also returning every text string it validated, in byte order.
pub(crate) fn check_profile_texts<'a>(
    input: &'a [u8],
    limits: &Limits,
) -> Result<Vec<CheckedText<'a>>, DecodeError> {
    // A year record holds a few hundred strings; one allocation usually covers them.
    let mut texts = Vec::with_capacity(input.len() / 16);
    check(input, limits, Some(&mut texts))?;
    Ok(texts)
}

fn check<'a>(
    input: &'a [u8],
    limits: &Limits,
    texts: Option<&mut Vec<CheckedText<'a>>>,
) -> Result<(), DecodeError> {
    if input.len() > limits.max_input_bytes {
        return Err(DecodeError::new(DecodeErrorKind::TooLarge, 0));
    }
    let mut c = Checker {
        r: Reader::new(input),
        limits,
        max_depth: limits.max_depth.min(HARD_MAX_DEPTH),
        texts,
    };
    c.item(1)?;
    if c.r.remaining() != 0 {
        return Err(DecodeError::new(DecodeErrorKind::TrailingBytes, c.r.pos));
    }
    Ok(())
}

struct Checker<'a, 'l> {
    r: Reader<'a>,
    limits: &'l Limits,
    max_depth: usize,
    texts: Option<&'l mut Vec<CheckedText<'a>>>,
}

impl Checker<'_, '_> {
    fn item(&mut self, depth: usize) -> Result<(), DecodeError> {
        use DecodeErrorKind as K;
        let at = self.r.pos;
        if depth > self.max_depth {
            return Err(DecodeError::new(K::TooDeep, at));
        }
        // An integer below 24 is a whole item in one byte with nothing to check: most map
        // keys and wire codes of a record.
        if self
            .r
            .buf
            .get(at)
            .is_some_and(|&ib| ib < 0x38 && ib & 0x1f < 24)
        {
            self.r.pos += 1;
            return Ok(());
        }
        let h = self.r.head()?;
        let err = |k| Err(DecodeError::new(k, h.start));
        if h.major == SIMPLE {
            return match h.info {
                20 | 21 => Ok(()),
                22 if self.limits.allow_null => Ok(()),
                25..=27 => err(K::Float),
                31 => err(K::Malformed),
                _ => err(K::ForbiddenSimpleValue),
            };
        }
        if h.info == 31 {
            return match h.major {
                BYTES | TEXT | ARRAY | MAP => err(K::IndefiniteLength),
                _ => err(K::Malformed),
            };
        }
        if h.is_non_shortest() {
            return match h.major {
                UINT | NINT | TAG => err(K::NonShortestInteger),
                _ => err(K::NonShortestLength),
            };
        }
        match h.major {
            UINT | NINT => Ok(()),
            BYTES => self.r.take(h.arg).map(|_| ()),
            TEXT => {
                let start = self.r.pos;
                let body = self.r.take(h.arg)?;
                // simdutf8: the same answer as `std::str::from_utf8`, several times faster on
                // the long Vietnamese comments that make up most of a record's text.
                let s = simdutf8::basic::from_utf8(body)
                    .map_err(|_| DecodeError::new(K::InvalidUtf8, h.start))?;
                if !is_nfc(s) {
                    return err(K::NonNfcText);
                }
                if let Some(texts) = self.texts.as_deref_mut() {
                    texts.push((start, s));
                }
                Ok(())
            }
            ARRAY => {
                // Every item is at least one byte: a count beyond the input is truncated,
                // found before any work is done for it.
                if h.arg > self.r.remaining() as u64 {
                    return err(K::Truncated);
                }
                for _ in 0..h.arg {
                    self.item(depth + 1)?;
                }
                Ok(())
            }
            MAP => {
                if h.arg.saturating_mul(2) > self.r.remaining() as u64 {
                    return err(K::Truncated);
                }
                let mut prev: Option<(usize, usize)> = None;
                for _ in 0..h.arg {
                    let key_start = self.r.pos;
                    self.item(depth + 1)?;
                    let key = (key_start, self.r.pos);
                    if let Some(p) = prev {
                        let buf = self.r.buf;
                        let order = if p.1 - p.0 == 1 && key.1 - key.0 == 1 {
                            buf[p.0].cmp(&buf[key.0]) // one-byte keys, the usual case
                        } else {
                            buf[p.0..p.1].cmp(&buf[key.0..key.1])
                        };
                        match order {
                            std::cmp::Ordering::Less => {}
                            std::cmp::Ordering::Equal => {
                                return Err(DecodeError::new(K::DuplicateKey, key_start));
                            }
                            std::cmp::Ordering::Greater => {
                                return Err(DecodeError::new(K::UnsortedKeys, key_start));
                            }
                        }
                    }
                    prev = Some(key);
                    self.item(depth + 1)?;
                }
                Ok(())
            }
            // TAG: the only major type left.
            _ => {
                if !self.limits.allowed_tags.contains(&h.arg) {
                    return err(K::ForbiddenTag);
                }
                self.item(depth + 1)
            }
        }
    }
}
