//! `hocba inspect`: show any hocba file (record or transcript, JSON or CBOR) as pretty JSON,
//! or as CBOR diagnostic notation.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;
use hocba_core::canonical::{annotated_hex, diagnostic};
use serde_json::json;

use crate::input::read_file;
use crate::output::{Outcome, Ui, print_json};
use crate::parse::{core_failure, encoding_name, parse_document};

/// Arguments of `hocba inspect`.
#[derive(Debug, Args)]
pub struct InspectArgs {
    /// The file: a year record or a transcript, JSON or canonical CBOR.
    pub file: PathBuf,
    /// Print CBOR diagnostic notation (RFC 8949 §8) of the canonical bytes instead of JSON.
    #[arg(long, conflicts_with = "hex")]
    pub diag: bool,
    /// Print the canonical bytes as hex annotated item by item.
    #[arg(long)]
    pub hex: bool,
}

/// Decodes strictly and prints.
pub fn run(args: &InspectArgs, ui: Ui) -> Outcome {
    let bytes = read_file(&args.file, ui)?;
    let (doc, encoding) = parse_document(&bytes, ui)?;
    if args.diag || args.hex {
        let cbor = doc.to_cbor();
        let text = if args.diag {
            diagnostic(&cbor)
        } else {
            annotated_hex(&cbor)
        }
        .map_err(|e| core_failure(&e.into(), ui))?;
        if ui.json {
            print_json(
                &json!({ "ok": true, "kind": doc.kind(), "format": encoding_name(encoding), "text": text }),
            );
        } else {
            crate::outln!("{text}");
        }
        return Ok(ExitCode::SUCCESS);
    }
    let body: serde_json::Value = serde_json::from_str(&doc.to_json()).unwrap_or_default();
    if ui.json {
        print_json(
            &json!({ "ok": true, "kind": doc.kind(), "format": encoding_name(encoding), "document": body }),
        );
    } else {
        crate::outln!("{}", doc.to_json());
    }
    Ok(ExitCode::SUCCESS)
}
