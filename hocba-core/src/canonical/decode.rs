//! The strict decoder: the profile check over the raw bytes, then a typed reading into
//! the model in which every field has the type `docs/spec/hocba.cddl` gives it. What each
//! structure reads is derived from its schema in [`super::keys`] (ADR 0211); this file holds
//! the entry points and the cursor every structure reads with.

use std::collections::BTreeMap;

use super::head::{ARRAY, BYTES, MAP, Reader, SIMPLE, TEXT, UINT};
use super::profile::{CheckedText, check_profile_texts};
use super::schema::Field;
use super::{DecodeError, DecodeErrorKind as K, FORMAT_MAJOR, FORMAT_MINOR, LEGACY_MAJOR, Limits};
use crate::model::{
    Extensions, ModelError, Place, RawCbor, Sha256Digest, Text, Transcript, YearRecord,
};

pub(super) type R<T> = Result<T, DecodeError>;

/// Decodes a year record from hocba-CBOR bytes, strictly: the profile check
/// ([`check_profile`](super::check_profile) with [`Limits::HOCBA`]) first, then every field's type and domain.
pub fn decode_year_record(bytes: &[u8]) -> Result<YearRecord, DecodeError> {
    let texts = check_profile_texts(bytes, &Limits::HOCBA)?;
    YearRecord::get(&mut Dec::new(bytes, &texts))
}

/// Decodes a transcript from hocba-CBOR bytes, strictly (as [`decode_year_record`]).
pub fn decode_transcript(bytes: &[u8]) -> Result<Transcript, DecodeError> {
    let texts = check_profile_texts(bytes, &Limits::HOCBA)?;
    Transcript::get(&mut Dec::new(bytes, &texts))
}

/// A cursor over bytes that passed the profile check.
pub(super) struct Dec<'a, 't> {
    r: Reader<'a>,
    /// The text strings the profile check validated, in byte order, and the next one that may
    /// be this cursor's next string (the cursor skips the ones it does not decode, such as
    /// strings inside kept extensions).
    texts: &'t [CheckedText<'a>],
    next_text: usize,
    /// The major format version of the record being read: [`FORMAT_MAJOR`], or
    /// [`LEGACY_MAJOR`] for a format 1.0 record, which has none of the fields format 2 added.
    major: u64,
}

pub(super) fn model_err(e: ModelError, at: usize) -> DecodeError {
    DecodeError::new(K::InvalidValue(Some(e)), at)
}

impl<'a, 't> Dec<'a, 't> {
    pub(super) fn new(bytes: &'a [u8], texts: &'t [CheckedText<'a>]) -> Self {
        Self {
            r: Reader::new(bytes),
            texts,
            next_text: 0,
            major: FORMAT_MAJOR,
        }
    }

    /// Decodes one field, naming it in the path of any error.
    pub(super) fn field<T>(&mut self, name: &str, f: impl FnOnce(&mut Self) -> R<T>) -> R<T> {
        f(self).map_err(|e| e.within(name))
    }

    /// Reads a head of major type `major`, or fails with `wrong_type`.
    pub(super) fn expect(&mut self, major: u8) -> R<(u64, usize)> {
        let h = self.r.head()?;
        if h.major != major {
            return Err(DecodeError::new(K::WrongType, h.start));
        }
        Ok((h.arg, h.start))
    }

    pub(super) fn uint(&mut self) -> R<(u64, usize)> {
        self.expect(UINT)
    }

    pub(super) fn small<T: TryFrom<u64>>(&mut self) -> R<T> {
        let (v, at) = self.uint()?;
        T::try_from(v).map_err(|_| DecodeError::new(K::InvalidValue(None), at))
    }

    pub(super) fn str(&mut self) -> R<(&'a str, usize)> {
        let (len, at) = self.expect(TEXT)?;
        let start = self.r.pos;
        let body = self.r.take(len)?;
        // The profile check met every text string in byte order; this one is among them.
        while self.texts.get(self.next_text).is_some_and(|t| t.0 < start) {
            self.next_text += 1;
        }
        if let Some(&(s_start, s)) = self.texts.get(self.next_text)
            && s_start == start
            && s.len() == body.len()
        {
            self.next_text += 1;
            return Ok((s, at));
        }
        let s = std::str::from_utf8(body).map_err(|_| DecodeError::new(K::InvalidUtf8, at))?;
        Ok((s, at))
    }

    pub(super) fn text(&mut self) -> R<Text> {
        let (s, at) = self.str()?;
        // Every text string passed the profile check's NFC test before decoding began.
        Text::from_checked_nfc(s).map_err(|e| model_err(e, at))
    }

    /// A text value parsed by `parse` (wire codes, dates, identifiers).
    pub(super) fn parsed<T>(&mut self, parse: impl FnOnce(&str) -> Result<T, ModelError>) -> R<T> {
        let (s, at) = self.str()?;
        parse(s).map_err(|e| model_err(e, at))
    }

    pub(super) fn bool(&mut self) -> R<bool> {
        let h = self.r.head()?;
        match (h.major, h.info) {
            (SIMPLE, 20) => Ok(false),
            (SIMPLE, 21) => Ok(true),
            _ => Err(DecodeError::new(K::WrongType, h.start)),
        }
    }

    /// A flag written only when true: `false` would be a second encoding of "absent".
    pub(super) fn flag(&mut self) -> R<bool> {
        let at = self.r.pos;
        if self.bool()? {
            Ok(true)
        } else {
            Err(DecodeError::new(K::WrongType, at))
        }
    }

    pub(super) fn map(&mut self) -> R<(u64, usize)> {
        self.expect(MAP)
    }

    pub(super) fn array(&mut self) -> R<u64> {
        Ok(self.expect(ARRAY)?.0)
    }

    /// An array of `item`s; `non_empty` for optional lists, which are omitted when empty.
    pub(super) fn list<T>(
        &mut self,
        non_empty: bool,
        item: impl Fn(&mut Self) -> R<T>,
    ) -> R<Vec<T>> {
        let at = self.r.pos;
        let n = self.array()?;
        if non_empty && n == 0 {
            return Err(DecodeError::new(K::WrongType, at));
        }
        // `n` is bounded by the input length, but not by what one item costs in memory:
        // reserve a little and let the vector grow as items actually decode.
        let mut v = Vec::with_capacity(usize::try_from(n.min(16)).unwrap_or(0));
        for i in 0..n {
            let i_usize = usize::try_from(i).unwrap_or(usize::MAX);
            v.push(item(self).map_err(|e| e.at_index(i_usize))?);
        }
        Ok(v)
    }

    /// Reads a map key: an unsigned integer. Any other key is one the format does not
    /// define.
    pub(super) fn key(&mut self) -> R<(u64, usize)> {
        let at = self.r.pos;
        let h = self.r.head()?;
        if h.major != UINT {
            return Err(DecodeError::new(K::UnknownField, at));
        }
        Ok((h.arg, at))
    }

    /// Skips one item and returns its bytes.
    pub(super) fn raw(&mut self) -> R<&'a [u8]> {
        let start = self.r.pos;
        self.skip()?;
        Ok(&self.r.buf[start..self.r.pos])
    }

    pub(super) fn skip(&mut self) -> R<()> {
        let h = self.r.head()?;
        match h.major {
            BYTES | TEXT => self.r.take(h.arg).map(|_| ()),
            ARRAY => (0..h.arg).try_for_each(|_| self.skip()),
            MAP => (0..h.arg.saturating_mul(2)).try_for_each(|_| self.skip()),
            6 => self.skip(),
            _ => Ok(()),
        }
    }

    /// The format version `[major, minor]`; returns the minor.
    pub(super) fn version(&mut self) -> R<u64> {
        let at = self.r.pos;
        if self.array()? != 2 {
            return Err(DecodeError::new(K::WrongType, at));
        }
        let (major, at_major) = self.uint()?;
        let (minor, at_minor) = self.uint()?;
        // Format 1 had one version, 1.0: it is read as it was (ADR 0076); a "newer" 1.x could
        // only come from a writer that never existed.
        match major {
            FORMAT_MAJOR => {}
            LEGACY_MAJOR if minor == 0 => {}
            LEGACY_MAJOR => return Err(DecodeError::new(K::UnsupportedVersion, at_minor)),
            _ => return Err(DecodeError::new(K::UnsupportedVersion, at_major)),
        }
        self.major = major;
        Ok(minor)
    }

    /// True when the record being read is of format `major` or later: a field added by
    /// that format may appear (format 2's may not in a 1.0 record).
    pub(super) fn major_at_least(&self, major: u64) -> bool {
        self.major >= major
    }

    /// A SHA-256 digest: a byte string of exactly 32 bytes.
    pub(super) fn digest(&mut self) -> R<Sha256Digest> {
        let (len, at) = self.expect(BYTES)?;
        let body = self.r.take(len)?;
        <[u8; 32]>::try_from(body)
            .map(Sha256Digest)
            .map_err(|_| model_err(ModelError::InvalidDigest, at))
    }

    /// Reads the version key and value that open a top-level map.
    pub(super) fn open_versioned(&mut self, n: u64, map_at: usize) -> R<Extensions> {
        if n == 0 {
            return Err(missing("version", map_at));
        }
        let (key, key_at) = self.key()?;
        if key != 0 {
            // Keys are sorted, so a first key other than 0 means there is no version.
            let _ = key_at;
            return Err(missing("version", map_at));
        }
        let minor = self.field("version", Self::version)?;
        Ok(Extensions {
            minor: if minor > FORMAT_MINOR { minor } else { 0 },
            fields: BTreeMap::new(),
        })
    }

    /// An unknown top-level key: kept when the record is of a newer minor version,
    /// rejected otherwise (ADR 0011).
    pub(super) fn extension(&mut self, ext: &mut Extensions, key: u64, key_at: usize) -> R<()> {
        let newer = ext.minor > FORMAT_MINOR;
        if !newer {
            return Err(DecodeError::new(K::UnknownField, key_at));
        }
        let at = self.r.pos;
        let raw = self.raw()?;
        let value = RawCbor::try_from(raw.to_vec()).map_err(|e| model_err(e, at))?;
        ext.fields.insert(key, value);
        Ok(())
    }
}

pub(super) fn missing(field: &str, at: usize) -> DecodeError {
    DecodeError::new(K::MissingField, at).within(field)
}

pub(super) fn req<T>(v: Option<T>, field: &str, at: usize) -> R<T> {
    v.ok_or_else(|| missing(field, at))
}

pub(super) fn unknown(at: usize) -> DecodeError {
    DecodeError::new(K::UnknownField, at)
}

/// Format 1.0 required a place's province and date; format 2 also holds an address as written
/// (the `place` map's check, [`super::keys`]).
pub(super) fn place_format_1(d: &Dec<'_, '_>, p: &Place, at: usize) -> R<()> {
    if !d.major_at_least(2) {
        req(p.province.as_ref(), "province", at)?;
        req(p.as_of, "as_of", at)?;
    }
    Ok(())
}
