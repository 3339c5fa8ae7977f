//! `hocba render`: a record or transcript as the official học bạ PDF (PDF/A-3u).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;
use hocba_core::Document;
use hocba_core::render::{self, SignatureStatus, TranscriptInput, YearInput};
use serde_json::json;

use crate::input::{read_file, write_file};
use crate::output::{Failure, Outcome, Ui, print_json};
use crate::parse::{core_failure, parse_document};

/// Arguments of `hocba render`.
#[derive(Debug, Args)]
pub struct RenderArgs {
    /// Input: a year record or a transcript, JSON or CBOR.
    pub file: PathBuf,
    /// Output PDF.
    #[arg(long, short)]
    pub out: PathBuf,
}

/// Renders the document. An unsigned record is rendered as a draft marked
/// "KHÔNG CÓ GIÁ TRỊ" on every page.
pub fn run(args: &RenderArgs, ui: Ui) -> Outcome {
    let bytes = read_file(&args.file, ui)?;
    let (doc, _) = parse_document(&bytes, ui)?;
    let unsigned = |r| YearInput {
        record: r,
        signed: None,
        status: SignatureStatus::Unsigned,
    };
    let (pdf, kind, years) = match &doc {
        Document::YearRecord(r) => (render::render_year(&unsigned(r)), "year_record", 1),
        Document::Transcript(t) => {
            let input = TranscriptInput {
                pupil: &t.pupil,
                enrolments: &t.enrolments,
                years: t.years.iter().map(unsigned).collect(),
            };
            (
                render::render_transcript(&input),
                "transcript",
                t.years.len(),
            )
        }
    };
    let pdf = pdf.map_err(|e| render_failure(e, ui))?;
    write_file(&args.out, &pdf, ui)?;
    if ui.json {
        print_json(&json!({
            "ok": true, "kind": kind, "years": years, "signed": false,
            "bytes": pdf.len(), "out": args.out,
        }));
    } else {
        crate::outln!(
            "{} {} → {} ({} byte; {})",
            ui.t("Đã in", "Rendered"),
            args.file.display(),
            args.out.display(),
            pdf.len(),
            ui.t(
                "bản chưa ký số, đánh dấu KHÔNG CÓ GIÁ TRỊ",
                "unsigned draft, marked KHÔNG CÓ GIÁ TRỊ"
            )
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn render_failure(e: render::RenderError, ui: Ui) -> Failure {
    core_failure(&hocba_core::Error::from(e), ui)
}
