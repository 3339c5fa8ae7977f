//! `hocba convert`: JSON ↔ canonical CBOR ↔ the national XML (CV 2088).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, ValueEnum};
use hocba_core::Encoding;
use serde_json::json;

use crate::input::{read_file, write_file};
use crate::output::{Outcome, Ui, print_json};
use crate::parse::{encoding_name, parse_document};

/// Target encoding.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum To {
    /// Canonical hocba-CBOR (the signed form).
    Cbor,
    /// Pretty JSON (the vendor form).
    Json,
    /// The national XML of CV 2088/BGDĐT-GDTH (profile 2088/1.0).
    Xml,
}

/// Arguments of `hocba convert`.
#[derive(Debug, Args)]
pub struct ConvertArgs {
    /// Input: a record or transcript, JSON or CBOR.
    pub file: PathBuf,
    /// Output file.
    #[arg(long, short)]
    pub out: PathBuf,
    /// Target encoding; by default the other one.
    #[arg(long, value_enum)]
    pub to: Option<To>,
}

/// Decodes strictly and writes the other encoding.
pub fn run(args: &ConvertArgs, ui: Ui) -> Outcome {
    let bytes = read_file(&args.file, ui)?;
    let (doc, from) = parse_document(&bytes, ui)?;
    let to = args.to.unwrap_or(match from {
        Encoding::Json => To::Cbor,
        Encoding::Cbor | Encoding::Xml => To::Json,
    });
    // What the national format cannot hold is said, never dropped silently (ADR 0075).
    let not_carried = match to {
        To::Xml => doc.not_carried_in_xml(),
        _ => Vec::new(),
    };
    let out = match to {
        To::Cbor => doc.to_cbor(),
        To::Json => (doc.to_json() + "\n").into_bytes(),
        To::Xml => doc.to_xml(),
    };
    write_file(&args.out, &out, ui)?;
    let to_name = match to {
        To::Cbor => "cbor",
        To::Json => "json",
        To::Xml => "xml",
    };
    if ui.json {
        print_json(
            &json!({ "ok": true, "kind": doc.kind(), "from": encoding_name(from), "to": to_name, "bytes": out.len(), "out": args.out, "not_carried": not_carried }),
        );
    } else {
        if !not_carried.is_empty() {
            eprintln!(
                "{}: {}",
                ui.t(
                    "Cảnh báo: định dạng XML quốc gia không chứa các trường",
                    "Warning: the national XML does not carry the fields"
                ),
                not_carried.join(", ")
            );
        }
        crate::outln!(
            "{} {} ({}) → {} ({}, {} byte)",
            ui.t("Đã chuyển", "Converted"),
            args.file.display(),
            encoding_name(from),
            args.out.display(),
            to_name,
            out.len()
        );
    }
    Ok(ExitCode::SUCCESS)
}
