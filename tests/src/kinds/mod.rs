//! The kinds of vectors, one module each. A kind generates its files and cases and runs
//! them; the manifest test runs every case through [`KINDS`].
//!
//! To add a kind: write `src/kinds/<kind>.rs` with a `pub const KIND: Kind`, declare the
//! module here and append it to [`KINDS`].

use std::io;
use std::path::Path;

use crate::vectors::{Case, Out};

pub mod canonical;
pub mod hostile;
pub mod outcome;
pub mod pki;
pub mod signed_xml;
pub mod validate;
pub mod verify;
pub mod xml;

/// A kind of vector.
pub struct Kind {
    /// The `kind` value in the manifest.
    pub name: &'static str,
    /// Writes the kind's files and adds its cases.
    pub generate: fn(&mut Out) -> io::Result<()>,
    /// Runs one case of the kind against the vectors directory; `Err` explains a failure.
    pub run: fn(&Path, &Case) -> Result<(), String>,
}

/// Every kind, in generation order.
pub const KINDS: &[Kind] = &[
    canonical::KIND,
    hostile::KIND,
    pki::KIND,
    verify::KIND,
    validate::KIND,
    xml::KIND,
    signed_xml::KIND,
];

/// The CBOR document types a vector can hold (the `type` field of a case).
pub const TYPES: &[&str] = &["year_record", "transcript"];

/// Decodes `bytes` as the document type `ty`, returning its JSON form.
pub fn decode_as(ty: &str, bytes: &[u8]) -> Result<serde_json::Value, hocba_core::Error> {
    use hocba_core::canonical::{decode_transcript, decode_year_record};
    Ok(match ty {
        "transcript" => serde_json::to_value(decode_transcript(bytes)?),
        _ => serde_json::to_value(decode_year_record(bytes)?),
    }
    .unwrap_or_default())
}
