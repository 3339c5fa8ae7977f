//! The direct encoder: each structure writes its fields in canonical key order (the order
//! of `docs/spec/hocba.cddl`), with no generic sort. Every key below 24 is one byte, so
//! ascending integer order is the bytewise order of RFC 8949 §4.2.1. What each structure
//! writes is derived from its schema in [`super::keys`] (ADR 0211); this file holds the
//! entry points and what the top-level maps share (version, extensions).

use super::head::Writer;
use super::schema::Field;
use super::{FORMAT_MAJOR, FORMAT_MINOR};
use crate::model::{Extensions, Transcript, YearRecord};

/// Encodes a year record in the hocba-CBOR profile.
pub fn encode_year_record(record: &YearRecord) -> Vec<u8> {
    let mut w = Writer::with_capacity(4096);
    record.put(&mut w);
    w.buf
}

/// Encodes a transcript in the hocba-CBOR profile. Each of its year records is encoded
/// exactly as [`encode_year_record`] encodes it alone.
pub fn encode_transcript(transcript: &Transcript) -> Vec<u8> {
    let mut w = Writer::with_capacity(4096 * (1 + transcript.years.len()));
    transcript.put(&mut w);
    w.buf
}

/// The extension fields to write: those whose key the structure does not define.
pub(super) fn extension_fields<'a>(
    ext: &'a Extensions,
    known: &[(&str, u64)],
) -> Vec<(u64, &'a [u8])> {
    ext.fields
        .iter()
        .filter(|(k, _)| !known.iter().any(|(_, n)| n == *k))
        .map(|(k, v)| (*k, v.as_bytes()))
        .collect()
}

/// Extension keys are above every key the structure defines (a newer minor only appends
/// keys), so they follow the known fields; a `BTreeMap` yields them in ascending order,
/// which for unsigned integers is the bytewise order of their encodings.
pub(super) fn write_extensions(w: &mut Writer, ext: &[(u64, &[u8])]) {
    for (k, v) in ext {
        w.uint(*k);
        w.raw(v);
    }
}

/// The format version `[major, minor]` under key 0, opening a top-level map.
pub(super) fn version(w: &mut Writer, ext: &Extensions) {
    w.uint(0);
    w.array(2);
    w.uint(FORMAT_MAJOR);
    let minor = if ext.minor > FORMAT_MINOR {
        ext.minor
    } else {
        FORMAT_MINOR
    };
    w.uint(minor);
}
