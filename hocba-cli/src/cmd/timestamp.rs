//! `hocba timestamp x.xml --role gvcn --request out.tsq` and `… --attach resp.tsr`: an RFC 3161
//! time-stamp on one signature of a national XML (`hocba_core::xmldsig::timestamp_request`,
//! `attach_timestamp`; ADR 0160); `hocba timestamp x.pdf --request …` / `--attach …` the same on
//! the last PDF signature (PAdES B-T, `hocba_core::pades`). hocba opens no connection: the request goes to the TSA (the
//! NEAC service, or another) by the caller's own means, e.g.
//! `curl -H 'Content-Type: application/timestamp-query' --data-binary @out.tsq URL > resp.tsr`.
//! Time-stamp a signature right after it is made: the next role's signature covers it.

use std::path::PathBuf;
use std::process::ExitCode;

use hocba_core::SignerRole;
use hocba_core::timestamp::TimestampRequest;
use hocba_core::xmldsig::{attach_timestamp, slot_name, timestamp_request};
use serde_json::json;

use super::sign::RoleArg;
use crate::input::{read_file, write_file};
use crate::output::{Outcome, Ui, print_json};
use crate::parse::core_failure;

/// `hocba timestamp`.
#[derive(Debug, clap::Args)]
pub struct TimestampArgs {
    /// A signed national XML, or a PDF with PDF signatures (its last one is time-stamped).
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// For an XML: the signature to time-stamp (its slot: gvcn, cbql, ky-phat-hanh).
    #[arg(long, value_enum)]
    pub role: Option<RoleArg>,
    /// Step 1: write the DER time-stamp request (`.tsq`, with a random 8-byte nonce) here.
    /// With `--attach`: the request the response answers (its nonce is checked).
    #[arg(long)]
    pub request: Option<PathBuf>,
    /// Step 2: the TSA's DER response (`.tsr`) to write into the signature.
    #[arg(long)]
    pub attach: Option<PathBuf>,
    /// With `--attach`: where to write the time-stamped XML (default: over FILE).
    #[arg(long, short, requires = "attach")]
    pub out: Option<PathBuf>,
}

/// Runs `hocba timestamp`.
pub fn run(args: &TimestampArgs, ui: Ui) -> Outcome {
    let core = |e: hocba_core::Error| core_failure(&e, ui);
    let xml = read_file(&args.file, ui)?;
    if xml.starts_with(b"%PDF-") {
        if args.role.is_some() {
            return Err(super::sign::usage(
                "timestamp_role",
                "--role chỉ dùng cho XML: với PDF, chữ ký cuối cùng được đóng dấu thời gian",
                "--role is for an XML: a PDF's last signature is the one time-stamped",
                ui,
            ));
        }
        return run_pdf(args, &xml, ui);
    }
    let Some(role) = args.role.map(SignerRole::from) else {
        return Err(super::sign::usage(
            "timestamp_role",
            "Cần --role (gvcn, cbql, ky-phat-hanh): chữ ký nào được đóng dấu thời gian",
            "Give --role (gvcn, cbql, ky-phat-hanh): which signature to time-stamp",
            ui,
        ));
    };
    match (&args.attach, &args.request) {
        (None, Some(out)) => {
            let nonce = nonce(ui)?;
            let req = timestamp_request(&xml, role, Some(&nonce)).map_err(core)?;
            write_file(out, req.to_der(), ui)?;
            if ui.json {
                print_json(&json!({
                    "ok": true,
                    "slot": slot_name(role),
                    "request": out.display().to_string(),
                    "imprint_sha256": hex::encode(req.imprint()),
                    "nonce": hex::encode(nonce),
                }));
            } else {
                crate::outln!(
                    "{} {} → {}",
                    ui.t(
                        "Yêu cầu dấu thời gian cho chữ ký",
                        "Time-stamp request for the signature"
                    ),
                    slot_name(role),
                    out.display()
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        (Some(resp_path), request) => {
            let resp = read_file(resp_path, ui)?;
            let req = match request {
                Some(p) => Some(
                    TimestampRequest::from_der(&read_file(p, ui)?).map_err(|e| core(e.into()))?,
                ),
                None => None,
            };
            let stamped = attach_timestamp(&xml, role, &resp, req.as_ref()).map_err(core)?;
            let out = args.out.as_ref().unwrap_or(&args.file);
            write_file(out, &stamped, ui)?;
            if ui.json {
                print_json(&json!({
                    "ok": true,
                    "slot": slot_name(role),
                    "out": out.display().to_string(),
                }));
            } else {
                crate::outln!(
                    "{} {} → {}",
                    ui.t(
                        "Đã gắn dấu thời gian vào chữ ký",
                        "Time-stamp attached to the signature"
                    ),
                    slot_name(role),
                    out.display()
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        (None, None) => Err(super::sign::usage(
            "timestamp_mode",
            "Cần --request TỆP (bước 1) hoặc --attach TỆP (bước 2)",
            "Give --request FILE (step 1) or --attach FILE (step 2)",
            ui,
        )),
    }
}

/// An 8-byte nonce from the operating system, which the TSA echoes.
fn nonce(ui: Ui) -> Result<[u8; 8], crate::output::Failure> {
    let mut nonce = [0u8; 8];
    getrandom::fill(&mut nonce).map_err(|_| {
        crate::output::Failure::invalid(
            "random_unavailable",
            ui.t(
                "Không lấy được số ngẫu nhiên của hệ điều hành",
                "The operating system's random generator is unavailable",
            ),
        )
    })?;
    Ok(nonce)
}

/// The PDF steps: the request over the last signature's value, then the response written into
/// that signature's CMS (B-T).
fn run_pdf(args: &TimestampArgs, pdf: &[u8], ui: Ui) -> Outcome {
    let core = |e: hocba_core::pades::PadesError| core_failure(&hocba_core::Error::Pades(e), ui);
    match (&args.attach, &args.request) {
        (None, Some(out)) => {
            let nonce = nonce(ui)?;
            let req = hocba_core::pades::timestamp_request(pdf, Some(&nonce)).map_err(core)?;
            write_file(out, req.to_der(), ui)?;
            if ui.json {
                print_json(&json!({
                    "ok": true,
                    "request": out.display().to_string(),
                    "imprint_sha256": hex::encode(req.imprint()),
                    "nonce": hex::encode(nonce),
                }));
            } else {
                crate::outln!(
                    "{} → {}",
                    ui.t(
                        "Yêu cầu dấu thời gian cho chữ ký PDF cuối cùng",
                        "Time-stamp request for the last PDF signature"
                    ),
                    out.display()
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        (Some(resp_path), request) => {
            let resp = read_file(resp_path, ui)?;
            let req = match request {
                Some(p) => Some(
                    TimestampRequest::from_der(&read_file(p, ui)?)
                        .map_err(|e| core_failure(&e.into(), ui))?,
                ),
                None => None,
            };
            let stamped =
                hocba_core::pades::attach_timestamp(pdf, &resp, req.as_ref()).map_err(core)?;
            let out = args.out.as_ref().unwrap_or(&args.file);
            write_file(out, &stamped, ui)?;
            if ui.json {
                print_json(&json!({"ok": true, "out": out.display().to_string()}));
            } else {
                crate::outln!(
                    "{} → {}",
                    ui.t(
                        "Đã gắn dấu thời gian vào chữ ký PDF cuối cùng (PAdES B-T)",
                        "Time-stamp attached to the last PDF signature (PAdES B-T)"
                    ),
                    out.display()
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        (None, None) => Err(super::sign::usage(
            "timestamp_mode",
            "Cần --request TỆP (bước 1) hoặc --attach TỆP (bước 2)",
            "Give --request FILE (step 1) or --attach FILE (step 2)",
            ui,
        )),
    }
}
