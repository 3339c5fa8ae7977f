//! `hocba demo`: the main job end to end on a synthetic pupil.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;
use hocba_core::model::to_json_pretty;
use hocba_core::synth;
use serde_json::json;

use crate::input::write_file;
use crate::output::{Outcome, Ui, print_json};

/// Arguments of `hocba demo`.
#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Output directory.
    #[arg(long, short, default_value = "out/demo")]
    pub out: PathBuf,
}

/// Creates the demo transcript and writes it out.
pub fn run(args: &DemoArgs, ui: Ui) -> Outcome {
    let transcript = synth::demo_transcript();
    let mut steps = Vec::new();
    let json_path = args.out.join("transcript.json");
    write_file(&json_path, to_json_pretty(&transcript).as_bytes(), ui)?;
    steps.push(json!({ "step": "create", "file": json_path }));
    if !ui.json {
        crate::outln!(
            "1. {} {} {} → {}",
            ui.t("Tạo học bạ tổng hợp", "Created a synthetic transcript"),
            transcript.years.len(),
            ui.t("năm học", "school years"),
            json_path.display()
        );
    }
    if ui.json {
        print_json(&json!({ "ok": true, "steps": steps }));
    }
    Ok(ExitCode::SUCCESS)
}
