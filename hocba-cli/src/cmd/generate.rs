//! `hocba gen`: deterministic synthetic transcripts (never real pupils).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;
use hocba_core::model::{Transcript, to_json_pretty};
use hocba_core::synth::{CohortSpec, cohort};
use serde_json::json;

use crate::input::write_file;
use crate::output::{Outcome, Ui, print_json};

/// Arguments of `hocba gen`.
#[derive(Debug, Args)]
pub struct GenArgs {
    /// Seed: the same seed always gives the same pupils.
    #[arg(long, default_value_t = 2020)]
    pub seed: u64,
    /// Number of pupils.
    #[arg(long, default_value_t = 30)]
    pub pupils: usize,
    /// School year of grade 1 (2020 = first TT27 cohort).
    #[arg(long, default_value_t = 2020)]
    pub first_year: u16,
    /// Output directory.
    #[arg(long, short)]
    pub out: PathBuf,
    /// Also write each year record as the national XML (CV 2088, profile 2088/1.0) beside
    /// its JSON: `records/NNN-yYYYY-gG.xml`.
    #[arg(long)]
    pub xml: bool,
}

/// Writes `transcripts/NNN.json` and one `records/NNN-yYYYY-gG.json` per year record (and its
/// `.xml` with `--xml`).
pub fn run(args: &GenArgs, ui: Ui) -> Outcome {
    let spec = CohortSpec {
        seed: args.seed,
        pupils: args.pupils,
        first_year: args.first_year,
    };
    let pupils = cohort(&spec);
    let mut files = 0usize;
    for (i, t) in pupils.iter().enumerate() {
        files += write_transcript(args, i, t, ui)?;
    }
    if ui.json {
        print_json(&json!({ "ok": true, "pupils": pupils.len(), "files": files, "out": args.out }));
    } else {
        crate::outln!(
            "{} {} {} ({} {}) → {}",
            ui.t("Đã tạo", "Generated"),
            pupils.len(),
            ui.t("học bạ tổng hợp", "synthetic transcripts"),
            files,
            ui.t("tệp", "files"),
            args.out.display()
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn write_transcript(
    args: &GenArgs,
    i: usize,
    t: &Transcript,
    ui: Ui,
) -> Result<usize, crate::output::Failure> {
    let mut files = 0;
    let stem = format!("{:03}", i + 1);
    write_file(
        &args.out.join("transcripts").join(format!("{stem}.json")),
        to_json_pretty(t).as_bytes(),
        ui,
    )?;
    files += 1;
    for y in &t.years {
        let name = format!("{stem}-y{}-g{}", y.school_year.start(), y.grade);
        write_file(
            &args.out.join("records").join(format!("{name}.json")),
            to_json_pretty(y).as_bytes(),
            ui,
        )?;
        files += 1;
        if args.xml {
            let xml = hocba_core::moet::to_xml(y, &hocba_core::moet::Profile::default());
            write_file(
                &args.out.join("records").join(format!("{name}.xml")),
                &xml,
                ui,
            )?;
            files += 1;
        }
    }
    Ok(files)
}
