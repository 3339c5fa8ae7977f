//! `hocba inspect`: show any hocba file — a record or transcript (JSON or CBOR), a signed year
//! record (`.cose`) or a signed transcript container (`.hocba`) — as pretty JSON, or as CBOR
//! diagnostic notation. Signed files are read strictly and shown as claimed: their signatures
//! are not checked here (`hocba verify`).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;
use hocba_core::Document;
use hocba_core::canonical::{annotated_hex, diagnostic};
use hocba_core::model::to_json_pretty;
use serde_json::{Value, json};

use crate::input::read_file;
use crate::output::{Outcome, Ui, print_json};
use crate::parse::{AnyInput, core_failure, parse_any};

/// Arguments of `hocba inspect`.
#[derive(Debug, Args)]
pub struct InspectArgs {
    /// The file: a year record or a transcript (JSON or canonical CBOR), a national XML (a
    /// `HOC_BA` or a `DANH_SACH_HOC_BA` list), a signed year record or a signed transcript
    /// container.
    pub file: PathBuf,
    /// Print CBOR diagnostic notation (RFC 8949 §8) of the canonical bytes instead of JSON
    /// (of each record, for a signed file).
    #[arg(long, conflicts_with = "hex")]
    pub diag: bool,
    /// Print the canonical bytes as hex annotated item by item.
    #[arg(long)]
    pub hex: bool,
}

/// Decodes strictly and prints.
pub fn run(args: &InspectArgs, ui: Ui) -> Outcome {
    let bytes = read_file(&args.file, ui)?;
    let input = parse_any(&bytes, ui)?;
    // The canonical bytes shown: the document's, or each signed record's payload.
    let cbor: Vec<Vec<u8>> = match &input {
        AnyInput::Plain(doc, _) => vec![doc.to_cbor()],
        AnyInput::Signed(r, ..) => vec![Document::YearRecord(r.clone()).to_cbor()],
        AnyInput::Container(records, _) | AnyInput::List(records, _) => records
            .iter()
            .map(|r| Document::YearRecord(Box::new(r.clone())).to_cbor())
            .collect(),
    };
    let (kind, format) = (input.kind(), input.format());
    if args.diag || args.hex {
        let mut parts = Vec::with_capacity(cbor.len());
        for c in &cbor {
            parts.push(
                if args.diag {
                    diagnostic(c)
                } else {
                    annotated_hex(c)
                }
                .map_err(|e| core_failure(&e.into(), ui))?,
            );
        }
        let text = parts.join("\n\n");
        if ui.json {
            print_json(&json!({ "ok": true, "kind": kind, "format": format, "text": text }));
        } else {
            crate::outln!("{text}");
        }
        return Ok(ExitCode::SUCCESS);
    }
    let (text, extra) = match &input {
        AnyInput::Plain(doc, _) => (doc.to_json(), Value::Null),
        AnyInput::Signed(r, roles, _) => (
            to_json_pretty(r.as_ref()),
            json!({ "signed_by": roles.iter().map(|r| r.code()).collect::<Vec<_>>() }),
        ),
        AnyInput::Container(records, current) => {
            (json_array(records), json!({ "current": current }))
        }
        AnyInput::List(records, roles) => (
            json_array(records),
            json!({ "signed_by": roles
                .iter()
                .map(|r| r.as_ref().map(|r| r.iter().map(|r| r.code()).collect::<Vec<_>>()))
                .collect::<Vec<_>>() }),
        ),
    };
    let body: Value = serde_json::from_str(&text).unwrap_or_default();
    if ui.json {
        let mut v = json!({ "ok": true, "kind": kind, "format": format, "document": body });
        if input.is_signed() {
            v["signatures_verified"] = json!(false);
        }
        if let Value::Object(m) = extra {
            for (k, x) in m {
                v[k] = x;
            }
        }
        print_json(&v);
    } else {
        if input.is_signed() {
            eprintln!("{}", crate::parse::unchecked_note(ui));
        }
        crate::outln!("{text}");
    }
    Ok(ExitCode::SUCCESS)
}

/// Records as one pretty JSON array.
fn json_array(records: &[hocba_core::model::YearRecord]) -> String {
    format!(
        "[{}]",
        records
            .iter()
            .map(to_json_pretty)
            .collect::<Vec<_>>()
            .join(",\n")
    )
}
