//! Kind `hostile`: inputs the strict decoder must reject, at least one per rejection
//! reason, each with the exact error code. Every input is the minimal valid year record
//! (`canonical/year_record_minimal.cbor`) with one targeted change, so each case fails for
//! exactly one reason.
//!
//! Fields: `type` (the document type to decode as) and `cddl`: `invalid` when the change
//! is structural (the CDDL rejects it too), `n/a` when it is about the encoding, which a
//! CDDL validator does not see (non-shortest heads, key order, NFC, limits…).

use std::io;
use std::path::Path;

use hocba_core::canonical::{MAX_DEPTH, MAX_INPUT_BYTES, encode_year_record};

use super::{Kind, decode_as};
use crate::samples;
use crate::vectors::{Case, Expect, Out, read};

/// The kind.
pub const KIND: Kind = Kind {
    name: "hostile",
    generate,
    run,
};

/// Replaces the one occurrence of `pattern` in `bytes`.
fn replace(bytes: &[u8], pattern: &[u8], with: &[u8]) -> io::Result<Vec<u8>> {
    let hits: Vec<usize> = bytes
        .windows(pattern.len())
        .enumerate()
        .filter(|(_, w)| *w == pattern)
        .map(|(i, _)| i)
        .collect();
    let [at] = hits[..] else {
        return Err(io::Error::other(format!(
            "pattern {pattern:02x?} occurs {} times",
            hits.len()
        )));
    };
    let mut v = bytes[..at].to_vec();
    v.extend_from_slice(with);
    v.extend_from_slice(&bytes[at + pattern.len()..]);
    Ok(v)
}

fn text_item(s: &str) -> Vec<u8> {
    let mut v = Vec::new();
    let n = s.len();
    if n < 24 {
        v.push(0x60 | n as u8);
    } else {
        v.extend_from_slice(&[0x78, n as u8]);
    }
    v.extend_from_slice(s.as_bytes());
    v
}

/// Adds `delta` to the entry count of the top-level map (fewer than 24 entries).
fn recount(mut bytes: Vec<u8>, delta: i8) -> Vec<u8> {
    bytes[0] = bytes[0].wrapping_add_signed(delta);
    bytes
}

/// (name, expected code, cddl, description, bytes)
type Hostile = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    Vec<u8>,
);

/// Every hostile input.
pub fn inputs() -> io::Result<Vec<Hostile>> {
    let m = encode_year_record(&samples::minimal_record());
    // school_year 2024, grade 3: `04 19 07e8 05 03`.
    let year_grade: &[u8] = &[0x04, 0x19, 0x07, 0xe8, 0x05, 0x03];
    let class = [&[0x06][..], &text_item("3A")].concat();
    let dob = [&[0x03][..], &text_item("2016-03-09")].concat();
    let name = text_item("Nguyễn Văn An");
    let teacher = [&[0x07, 0xa1, 0x01][..], &text_item("Lê Thị Mai")].concat();
    let completion = [&[0xa2, 0x01, 0xf5, 0x03][..], &text_item("len_lop")].concat();
    let result = [&[0x10][..], &text_item("ht")].concat();
    let deep_rule_set: Vec<u8> = [0x01]
        .into_iter()
        .chain(std::iter::repeat_n(0x81, MAX_DEPTH - 1))
        .chain([0x60])
        .collect();

    let mut too_large = m.clone();
    too_large.resize(MAX_INPUT_BYTES + 1, 0);

    Ok(vec![
        (
            "non_shortest_integer",
            "non_shortest_integer",
            "n/a",
            "grade 3 written with a one-byte argument (18 03) instead of 03.",
            replace(&m, year_grade, &[0x04, 0x19, 0x07, 0xe8, 0x05, 0x18, 0x03])?,
        ),
        (
            "non_shortest_length",
            "non_shortest_length",
            "n/a",
            "class name \"3A\" with its length in a one-byte argument (78 02).",
            replace(&m, &class, &[0x06, 0x78, 0x02, b'3', b'A'])?,
        ),
        (
            "indefinite_length",
            "indefinite_length",
            "n/a",
            "class name as an indefinite-length text string (7f … ff).",
            replace(&m, &class, &[0x06, 0x7f, 0x62, b'3', b'A', 0xff])?,
        ),
        (
            "unsorted_keys",
            "unsorted_keys",
            "n/a",
            "grade (key 5) written before school_year (key 4).",
            replace(&m, year_grade, &[0x05, 0x03, 0x04, 0x19, 0x07, 0xe8])?,
        ),
        (
            "duplicate_key",
            "duplicate_key",
            "n/a",
            "school_year replaced by a second grade entry: key 5 twice.",
            replace(&m, year_grade, &[0x05, 0x03, 0x05, 0x03])?,
        ),
        (
            "trailing_bytes",
            "trailing_bytes",
            "n/a",
            "one zero byte after the record.",
            [&m[..], &[0x00]].concat(),
        ),
        (
            "float",
            "float",
            "invalid",
            "grade as the half-precision float 3.0 (f9 4200).",
            replace(
                &m,
                year_grade,
                &[0x04, 0x19, 0x07, 0xe8, 0x05, 0xf9, 0x42, 0x00],
            )?,
        ),
        (
            "forbidden_tag",
            "forbidden_tag",
            "invalid",
            "date of birth wrapped in tag 1004 (RFC 8943 full-date); hocba uses plain text.",
            replace(
                &m,
                &dob,
                &[&[0x03, 0xd9, 0x03, 0xec][..], &dob[1..]].concat(),
            )?,
        ),
        (
            "forbidden_simple_value",
            "forbidden_simple_value",
            "invalid",
            "class_completed is null (f6) instead of true.",
            replace(
                &m,
                &completion,
                &[&[0xa2, 0x01, 0xf6][..], &completion[3..]].concat(),
            )?,
        ),
        (
            "invalid_utf8",
            "invalid_utf8",
            "n/a",
            "class name bytes c3 28: not UTF-8.",
            replace(&m, &class, &[0x06, 0x62, 0xc3, 0x28])?,
        ),
        (
            "non_nfc_text",
            "non_nfc_text",
            "n/a",
            "pupil's name in NFD (e + U+0302 + U+0303 for ễ): same text, other bytes.",
            replace(&m, &name, &text_item("Nguye\u{302}\u{303}n Văn An"))?,
        ),
        (
            "too_deep",
            "too_deep",
            "invalid",
            "rule_set as text nested in 15 arrays: 17 levels, the limit is 16.",
            replace(
                &m,
                &[&[0x01][..], &text_item("TT27/2020")].concat(),
                &deep_rule_set,
            )?,
        ),
        (
            "too_large",
            "too_large",
            "n/a",
            "the minimal record padded with zero bytes to 4 MiB + 1 byte.",
            too_large,
        ),
        (
            "truncated",
            "truncated",
            "n/a",
            "the minimal record without its last 5 bytes.",
            m[..m.len() - 5].to_vec(),
        ),
        (
            "malformed",
            "malformed",
            "n/a",
            "grade with reserved additional information 28 (1c).",
            replace(&m, year_grade, &[0x04, 0x19, 0x07, 0xe8, 0x05, 0x1c])?,
        ),
        (
            "wrong_type",
            "wrong_type",
            "invalid",
            "grade as the text \"3\".",
            replace(&m, year_grade, &[0x04, 0x19, 0x07, 0xe8, 0x05, 0x61, b'3'])?,
        ),
        (
            "missing_field",
            "missing_field",
            "invalid",
            "no result (key 16).",
            recount(replace(&m, &result, &[])?, -1),
        ),
        (
            "unknown_field",
            "unknown_field",
            "invalid",
            "homeroom teacher with an undefined key 3.",
            replace(
                &m,
                &teacher,
                &[&[0x07, 0xa2][..], &teacher[2..], &[0x03, 0x00]].concat(),
            )?,
        ),
        (
            "unknown_field_top_level",
            "unknown_field",
            "n/a",
            "key 27 at the top level of a 2.0 record (only a newer minor may add keys).",
            recount([&m[..], &[0x18, 0x1b, 0x00]].concat(), 1),
        ),
        (
            "invalid_value",
            "invalid_value",
            "invalid",
            "grade 6 (grades are 1-5).",
            replace(&m, year_grade, &[0x04, 0x19, 0x07, 0xe8, 0x05, 0x06])?,
        ),
        (
            "date_multibyte",
            "invalid_value",
            "invalid",
            "date of birth: ten bytes with a multi-byte character across byte 4 (20c\u{b57}9-05); \
             a fuzz finding: the date parser once sliced inside the character and panicked.",
            replace(
                &m,
                &dob,
                &[&[0x03][..], &text_item("20c\u{b57}9-05")].concat(),
            )?,
        ),
        (
            "unsupported_version",
            "unsupported_version",
            "invalid",
            "format version [3, 0].",
            replace(&m, &[0x00, 0x82, 0x02, 0x00], &[0x00, 0x82, 0x03, 0x00])?,
        ),
    ])
}

fn generate(out: &mut Out) -> io::Result<()> {
    for (name, code, cddl, description, bytes) in inputs()? {
        let input = format!("hostile/{name}.cbor");
        out.write(&input, &bytes)?;
        let mut extra = serde_json::Map::new();
        extra.insert("type".into(), "year_record".into());
        extra.insert("cddl".into(), cddl.into());
        // What every binding must report besides the code: the core's kind (the exception
        // class) and path (ADR 0096).
        if let Err(e) = decode_as("year_record", &bytes) {
            extra.insert("error_kind".into(), e.kind().code().into());
            extra.insert("error_path".into(), e.path().into());
        }
        out.case(Case {
            id: format!("hostile/{name}"),
            description: description.to_owned(),
            kind: KIND.name.to_owned(),
            input,
            expect: Expect::error(code),
            extra,
        });
    }
    Ok(())
}

fn run(root: &Path, case: &Case) -> Result<(), String> {
    let bytes = read(root, &case.input)?;
    let expected = case
        .expect
        .error
        .as_deref()
        .ok_or("hostile cases expect an error")?;
    match decode_as(case.field("type")?, &bytes) {
        Ok(_) => Err(format!("accepted; expected `{expected}`")),
        Err(e) if e.code() == expected => {
            let kind = case.field("error_kind")?;
            let path = case.extra.get("error_path").and_then(|p| p.as_str());
            if e.kind().code() != kind || e.path() != path {
                return Err(format!(
                    "kind/path {}/{:?}; expected {kind}/{path:?}",
                    e.kind().code(),
                    e.path()
                ));
            }
            Ok(())
        }
        Err(e) => Err(format!(
            "rejected with `{}`; expected `{expected}`",
            e.code()
        )),
    }
}
