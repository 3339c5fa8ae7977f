//! `hocba verify a.xml b.xml … --as-transcript`: one pupil's signed national XML records of
//! several school years verified as one học bạ by the core
//! (`hocba_core::xmldsig::UnverifiedXmlYears`, ADR 0170), with the portal's recalls
//! (`--recalled UUID`, `--replaced OLD=NEW`). The report is the COSE transcript container's.
//! Exit 0 valid, 1 invalid or incomplete, 2 a record unreadable.

use std::process::ExitCode;

use hocba_core::envelope::transcript::RecallFacts;
use hocba_core::envelope::{Status, Verifier};
use hocba_core::model::LookupCode;
use hocba_core::rules::Tt27Checks;
use hocba_core::xmldsig::UnverifiedXmlYears;
use serde_json::json;

use super::verify::{VerifyArgs, print_transcript, transcript_json, verify_trust};
use crate::input::read_file;
use crate::keys::time_arg;
use crate::output::{Failure, Outcome, Ui, print_json};
use crate::parse::core_failure;

fn lookup_code(s: &str, ui: Ui) -> Result<LookupCode, Failure> {
    LookupCode::try_from(s.trim()).map_err(|e| core_failure(&e.into(), ui))
}

/// The portal's recall facts given on the command line.
fn recalls(args: &VerifyArgs, ui: Ui) -> Result<RecallFacts, Failure> {
    let mut facts = RecallFacts::new();
    for code in &args.recalled {
        facts.recall(lookup_code(code, ui)?);
    }
    for pair in &args.replaced {
        let Some((old, new)) = pair.split_once('=') else {
            return Err(Failure {
                exit: 2,
                code: "replaced_syntax".into(),
                message: ui
                    .t(
                        "--replaced cần dạng MÃ_CŨ=MÃ_MỚI (hai mã tra cứu)",
                        "--replaced takes OLD=NEW (two lookup codes)",
                    )
                    .into(),
                detail: None,
            });
        };
        facts.replace(lookup_code(old, ui)?, lookup_code(new, ui)?);
    }
    Ok(facts)
}

/// Reads `records` (the bytes of `files`) as one pupil's signed national XML records; a record
/// that cannot be read is named by its file.
pub(crate) fn read_years(
    files: &[std::path::PathBuf],
    records: Vec<Vec<u8>>,
    ui: Ui,
) -> Result<UnverifiedXmlYears, Failure> {
    UnverifiedXmlYears::from_records(records).map_err(|e| {
        let mut f = core_failure(&e.error, ui);
        let file = files.get(e.index).map(|p| p.display().to_string());
        f.detail = Some(json!({ "record": e.index, "file": file }));
        if let Some(file) = file {
            f.message = format!("{file}: {}", f.message);
        }
        f
    })
}

/// Verifies `args.files` as one pupil's national XML records.
pub fn run(args: &VerifyArgs, ui: Ui) -> Outcome {
    let recalls = recalls(args, ui)?;
    let mut records = Vec::with_capacity(args.files.len());
    for f in &args.files {
        records.push(read_file(f, ui)?);
    }
    let trust = verify_trust(args, ui)?;
    let at = time_arg(args.at.as_deref(), ui)?;
    let years = read_years(&args.files, records, ui)?;
    let v = years.verify_in(
        &Verifier::new(&trust, at),
        args.roles.into(),
        &Tt27Checks::default(),
        &recalls,
    );
    let report = v.report();
    let files: Vec<String> = args.files.iter().map(|p| p.display().to_string()).collect();
    if ui.json {
        print_json(&transcript_json(report, Some(&files), ui));
    } else {
        print_transcript(report, Some(&files), ui);
    }
    Ok(match report.status {
        Status::Valid => ExitCode::SUCCESS,
        _ => ExitCode::from(1),
    })
}
