//! `hocba convert`: JSON ↔ canonical CBOR.

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
        Encoding::Cbor => To::Json,
    });
    let out = match to {
        To::Cbor => doc.to_cbor(),
        To::Json => (doc.to_json() + "\n").into_bytes(),
    };
    write_file(&args.out, &out, ui)?;
    let to_name = match to {
        To::Cbor => "cbor",
        To::Json => "json",
    };
    if ui.json {
        print_json(
            &json!({ "ok": true, "kind": doc.kind(), "from": encoding_name(from), "to": to_name, "bytes": out.len(), "out": args.out }),
        );
    } else {
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
