//! Kind `canonical`: valid documents in both forms. Each case has the JSON form (`json`),
//! the canonical bytes (`input`, `.cbor`) and the same bytes annotated (`hex`,
//! `.hex.txt`, `a3  # map(3)` style). The runner encodes the JSON and compares bytes,
//! decodes the bytes and compares values, and checks the annotated hex.

use std::io;
use std::path::Path;

use hocba_core::canonical::{
    annotated_hex, decode_transcript, decode_year_record, encode_transcript, encode_year_record,
};
use hocba_core::model::{
    RawCbor, Text, Transcript, YearRecord, to_json_pretty, transcript_from_json,
    year_record_from_json,
};
use hocba_core::synth;

use super::Kind;
use crate::samples;
use crate::vectors::{Case, Expect, Out, read};

/// The kind.
pub const KIND: Kind = Kind {
    name: "canonical",
    generate,
    run,
};

/// A document of either type.
pub enum Doc {
    /// A year record.
    Year(Box<YearRecord>),
    /// A transcript.
    Transcript(Box<Transcript>),
}

impl Doc {
    fn ty(&self) -> &'static str {
        match self {
            Doc::Year(_) => "year_record",
            Doc::Transcript(_) => "transcript",
        }
    }

    fn encode(&self) -> Vec<u8> {
        match self {
            Doc::Year(r) => encode_year_record(r),
            Doc::Transcript(t) => encode_transcript(t),
        }
    }

    fn json(&self) -> String {
        match self {
            Doc::Year(r) => to_json_pretty(r),
            Doc::Transcript(t) => to_json_pretty(t),
        }
    }
}

/// A year record written by a (hypothetical) format 2.1 writer: one more top-level field,
/// key 27, that this version keeps verbatim.
fn newer_minor() -> YearRecord {
    let mut r = samples::minimal_record();
    r.extensions.minor = 1;
    // 27: {1: "Hồ sơ sức khỏe đã nộp"} (29 bytes of UTF-8, so a one-byte length) — a
    // field a 2.0 reader does not know.
    let mut value = vec![0xa1, 0x01];
    let note = Text::new("Hồ sơ sức khỏe đã nộp").expect("short");
    value.extend_from_slice(&[
        0x78,
        u8::try_from(note.as_str().len()).expect("< 256 bytes"),
    ]);
    value.extend_from_slice(note.as_str().as_bytes());
    r.extensions
        .fields
        .insert(27, RawCbor::try_from(value).expect("canonical"));
    r
}

/// The documents of this kind: (name, description, document).
pub fn documents() -> Vec<(&'static str, &'static str, Doc)> {
    vec![
        (
            "year_record_minimal",
            "The smallest valid year record: required fields only.",
            Doc::Year(Box::new(samples::minimal_record())),
        ),
        (
            "year_record_full",
            "A year record with every optional field of every structure present.",
            Doc::Year(Box::new(samples::full_record())),
        ),
        (
            "year_record_realistic",
            "A realistic grade-3 year: all subjects, 5 qualities, 10 competencies, comments.",
            Doc::Year(Box::new(samples::realistic_record())),
        ),
        (
            "year_record_newer_minor",
            "A format 2.1 record with an unknown top-level field 27, kept verbatim by a 2.0 reader.",
            Doc::Year(Box::new(newer_minor())),
        ),
        (
            "year_record_synth_grade4",
            "A synthetic grade-4 year from hocba_core::synth (seed 1), mid-year results included.",
            Doc::Year(Box::new(synth::year_record(1))),
        ),
        (
            "transcript_synth_transfer",
            "A synthetic five-year transcript from hocba_core::synth (seed 2) with a transfer.",
            Doc::Transcript(Box::new(synth::transcript(2, synth::Path::Transfer))),
        ),
        (
            "transcript_two_schools",
            "A two-year transcript with a transfer between schools.",
            Doc::Transcript(Box::new(samples::transcript())),
        ),
    ]
}

fn generate(out: &mut Out) -> io::Result<()> {
    for (name, description, doc) in documents() {
        let bytes = doc.encode();
        let base = format!("canonical/{name}");
        out.write(&format!("{base}.cbor"), &bytes)?;
        let mut json = doc.json();
        json.push('\n');
        out.write(&format!("{base}.json"), json.as_bytes())?;
        let hex = annotated_hex(&bytes).map_err(io::Error::other)?;
        out.write(&format!("{base}.hex.txt"), hex.as_bytes())?;
        let mut extra = serde_json::Map::new();
        extra.insert("type".into(), doc.ty().into());
        extra.insert("json".into(), format!("{base}.json").into());
        extra.insert("hex".into(), format!("{base}.hex.txt").into());
        extra.insert("cddl".into(), "valid".into());
        out.case(Case {
            id: base.clone(),
            description: description.to_owned(),
            kind: KIND.name.to_owned(),
            input: format!("{base}.cbor"),
            expect: Expect::ok(),
            extra,
        });
    }
    Ok(())
}

/// Strips `#` comments and whitespace from annotated hex and decodes it.
pub fn parse_annotated_hex(text: &str) -> Result<Vec<u8>, String> {
    let digits: String = text
        .lines()
        .map(|l| l.split('#').next().unwrap_or(""))
        .flat_map(|l| l.chars().filter(|c| !c.is_whitespace()))
        .collect();
    hex::decode(digits).map_err(|e| format!("annotated hex: {e}"))
}

fn first_difference(a: &[u8], b: &[u8]) -> usize {
    a.iter()
        .zip(b)
        .position(|(x, y)| x != y)
        .unwrap_or(a.len().min(b.len()))
}

fn run(root: &Path, case: &Case) -> Result<(), String> {
    if !case.expect.ok {
        return Err("canonical cases are valid documents".into());
    }
    let bytes = read(root, &case.input)?;
    let json = String::from_utf8(read(root, case.field("json")?)?).map_err(|e| e.to_string())?;
    let (encoded, decoded_equal) = match case.field("type")? {
        "year_record" => {
            let r = year_record_from_json(&json).map_err(|e| e.to_string())?;
            let d = decode_year_record(&bytes).map_err(|e| e.code().to_owned())?;
            (encode_year_record(&r), d == r)
        }
        "transcript" => {
            let t = transcript_from_json(&json).map_err(|e| e.to_string())?;
            let d = decode_transcript(&bytes).map_err(|e| e.code().to_owned())?;
            (encode_transcript(&t), d == t)
        }
        other => return Err(format!("unknown type `{other}`")),
    };
    if encoded != bytes {
        return Err(format!(
            "encoding the JSON differs from the vector at byte {}",
            first_difference(&encoded, &bytes)
        ));
    }
    if !decoded_equal {
        return Err("decoding the bytes does not give the JSON's value".into());
    }
    let hex_text = String::from_utf8(read(root, case.field("hex")?)?).map_err(|e| e.to_string())?;
    if parse_annotated_hex(&hex_text)? != bytes {
        return Err("the annotated hex is not the vector's bytes".into());
    }
    Ok(())
}
