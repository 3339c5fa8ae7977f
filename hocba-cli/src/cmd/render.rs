//! `hocba render`: a record or transcript as the official học bạ PDF (PDF/A-3u).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;
use hocba_core::Document;
use hocba_core::envelope::transcript::UnverifiedTranscript;
use hocba_core::render::{self, SignatureStatus, TranscriptInput, YearInput};
use serde_json::json;

use crate::input::{read_file, write_file};
use crate::keys::{read_trust, time_arg};
use crate::output::{Failure, Outcome, Ui, print_json};
use crate::parse::{core_failure, parse_document};

/// Arguments of `hocba render`.
#[derive(Debug, Args)]
pub struct RenderArgs {
    /// Input: a year record or a transcript (JSON or CBOR), a signed year record (COSE), a
    /// signed national XML (XML-DSig; embedded as is, the signature blocks from its
    /// verification), a signed transcript container (`.hocba`, with `--transcript`) — or
    /// several signed national XML records of one pupil (one per school year, any order),
    /// verified as one học bạ and rendered as one PDF.
    #[arg(required = true, num_args = 1..)]
    pub files: Vec<PathBuf>,
    /// The transcript (JSON or CBOR) whose identity page and enrolment history head the PDF
    /// (the unsigned part of the học bạ; its pupil must be the signed records' pupil): required
    /// for a signed transcript container; optional for signed national XML records, whose
    /// identity page is otherwise the latest signed year's pupil and whose "Quá trình học tập"
    /// is the history the records carry (`QUA_TRINH_HOC_TAP` and the years given).
    /// Its year records are not used: the signed ones are.
    #[arg(long)]
    pub transcript: Option<PathBuf>,
    /// Output PDF.
    #[arg(long, short)]
    pub out: PathBuf,
    /// Trusted root certificates for a signed record (PEM bundle or DER; repeatable). The
    /// signature blocks show what verification against these roots found.
    #[arg(long = "trust")]
    pub trust: Vec<PathBuf>,
    /// Certificate revocation lists (DER or PEM; repeatable).
    #[arg(long = "crl")]
    pub crls: Vec<PathBuf>,
    /// Verification time (RFC 3339); by default now.
    #[arg(long)]
    pub at: Option<String>,
}

/// A signed year record (COSE_Sign or signed national XML): verified, then rendered with what
/// verification found and its exact bytes embedded.
fn render_signed(args: &RenderArgs, bytes: &[u8], ui: Ui) -> Result<(Vec<u8>, bool), Failure> {
    if args.trust.is_empty() {
        return Err(trust_required(ui));
    }
    let trust = read_trust(&args.trust, &args.crls, ui)?;
    let at = time_arg(args.at.as_deref(), ui)?;
    let (pdf, report) =
        render::render_signed_year(bytes, &trust, at).map_err(|e| core_failure(&e, ui))?;
    Ok((
        pdf,
        SignatureStatus::from_report(&report).is_fully_verified(),
    ))
}

/// A signed transcript container: verified, then rendered after the identity page and history
/// of `--transcript`.
fn render_container(args: &RenderArgs, bytes: &[u8], ui: Ui) -> Outcome {
    let Some(context_path) = &args.transcript else {
        return Err(Failure::unreadable(
            "transcript_required",
            ui.t(
                "Tệp học bạ đã ký: cần --transcript HỌC_BẠ.json cho trang thông tin học sinh và \
                 quá trình học tập",
                "A signed transcript container: --transcript TRANSCRIPT.json is needed for the \
                 identity page and the enrolment history",
            ),
        ));
    };
    let context = read_context(context_path, ui)?;
    if args.trust.is_empty() {
        return Err(trust_required(ui));
    }
    let trust = read_trust(&args.trust, &args.crls, ui)?;
    let at = time_arg(args.at.as_deref(), ui)?;
    let (pdf, report) = render::render_signed_transcript(
        &context.pupil,
        &context.enrolments,
        bytes,
        &trust,
        at,
        &hocba_core::rules::Tt27Checks::default(),
    )
    .map_err(|e| core_failure(&e, ui))?;
    write_file(&args.out, &pdf, ui)?;
    let input = args.files[0].display().to_string();
    transcript_rendered(args, "signed_transcript", &input, pdf.len(), &report, ui)
}

/// Reports a rendered transcript PDF (`kind`, from `input`) and what verification found.
fn transcript_rendered(
    args: &RenderArgs,
    kind: &str,
    input: &str,
    bytes: usize,
    report: &hocba_core::envelope::transcript::TranscriptReport,
    ui: Ui,
) -> Outcome {
    if ui.json {
        print_json(&json!({
            "ok": true, "kind": kind, "years": report.years.len(), "signed": true,
            "verified": report.status == hocba_core::envelope::Status::Valid,
            "status": report.status.code(), "bytes": bytes, "out": args.out,
        }));
    } else {
        crate::outln!(
            "{} {input} → {} ({bytes} byte; {} {}: {})",
            ui.t("Đã in", "Rendered"),
            args.out.display(),
            report.years.len(),
            ui.t("năm học", "school years"),
            report.status.label(ui.lang)
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// The transcript of `--transcript`: its identity page and enrolment history.
fn read_context(
    path: &std::path::Path,
    ui: Ui,
) -> Result<Box<hocba_core::model::Transcript>, Failure> {
    match parse_document(&read_file(path, ui)?, ui)?.0 {
        Document::Transcript(t) => Ok(t),
        Document::YearRecord(_) => Err(Failure::unreadable(
            "not_a_transcript",
            ui.t(
                "--transcript phải là một học bạ (JSON hoặc CBOR), không phải hồ sơ một năm",
                "--transcript must be a transcript (JSON or CBOR), not a year record",
            ),
        )),
    }
}

/// Several signed national XML records of one pupil (or one with `--transcript`): verified as
/// one học bạ (ADR 0170), then rendered as one PDF, each year's signed bytes embedded.
fn render_xml_years(args: &RenderArgs, ui: Ui) -> Outcome {
    let mut records = Vec::with_capacity(args.files.len());
    for path in &args.files {
        let bytes = read_file(path, ui)?;
        if !is_signed_xml(&bytes) {
            return Err(Failure::unreadable(
                "not_signed_national_xml",
                ui.t(
                    &format!(
                        "{}: nhiều tệp chỉ in được khi mỗi tệp là một học bạ số XML đã ký",
                        path.display()
                    ),
                    &format!(
                        "{}: several files render only when each is a signed national XML",
                        path.display()
                    ),
                ),
            ));
        }
        records.push(bytes);
    }
    let context = args
        .transcript
        .as_deref()
        .map(|p| read_context(p, ui))
        .transpose()?;
    if args.trust.is_empty() {
        return Err(trust_required(ui));
    }
    let trust = read_trust(&args.trust, &args.crls, ui)?;
    let at = time_arg(args.at.as_deref(), ui)?;
    let years = super::verify_years::read_years(&args.files, records, ui)?;
    let (pdf, report) = render::render_signed_xml_years(
        context.as_ref().map(|t| &t.pupil),
        context.as_ref().map_or(&[][..], |t| &t.enrolments),
        years,
        &hocba_core::envelope::Verifier::new(&trust, at),
        hocba_core::xmldsig::RequiredRoles::All,
        &hocba_core::rules::Tt27Checks::default(),
        &hocba_core::envelope::transcript::RecallFacts::new(),
    )
    .map_err(|e| core_failure(&e, ui))?;
    write_file(&args.out, &pdf, ui)?;
    let input = format!("{} {}", args.files.len(), ui.t("tệp XML", "XML files"));
    transcript_rendered(
        args,
        "signed_national_xml_years",
        &input,
        pdf.len(),
        &report,
        ui,
    )
}

/// A national XML with at least one signature in its slots (an unsigned one renders as a draft,
/// like an unsigned record).
fn is_signed_xml(bytes: &[u8]) -> bool {
    hocba_core::InputKind::sniff(bytes) == hocba_core::InputKind::Xml
        && hocba_core::xmldsig::UnverifiedXml::from_bytes(bytes)
            .is_ok_and(|u| !u.roles().is_empty())
}

fn trust_required(ui: Ui) -> Failure {
    Failure::unreadable(
        "trust_required",
        ui.t(
            "Hồ sơ đã ký: cần --trust ROOTS.pem để xác minh trước khi in",
            "A signed record: --trust ROOTS.pem is needed to verify it before rendering",
        ),
    )
}

/// Renders the document. A signed year record or transcript container is verified first
/// (`--trust`); an unsigned record, or one that does not fully verify, is marked
/// "KHÔNG CÓ GIÁ TRỊ" on every page.
pub fn run(args: &RenderArgs, ui: Ui) -> Outcome {
    if args.files.len() > 1 {
        return render_xml_years(args, ui);
    }
    let bytes = read_file(&args.files[0], ui)?;
    if UnverifiedTranscript::looks_like_container(&bytes) {
        return render_container(args, &bytes, ui);
    }
    if args.transcript.is_some() && is_signed_xml(&bytes) {
        return render_xml_years(args, ui);
    }
    if bytes.starts_with(&[0xd8, 0x62]) || is_signed_xml(&bytes) {
        let kind = if bytes.starts_with(&[0xd8, 0x62]) {
            "signed_year_record"
        } else {
            "signed_national_xml"
        };
        let (pdf, valid) = render_signed(args, &bytes, ui)?;
        write_file(&args.out, &pdf, ui)?;
        if ui.json {
            print_json(&json!({
                "ok": true, "kind": kind, "years": 1, "signed": true,
                "verified": valid, "bytes": pdf.len(), "out": args.out,
            }));
        } else {
            crate::outln!(
                "{} {} → {} ({} byte; {})",
                ui.t("Đã in", "Rendered"),
                args.files[0].display(),
                args.out.display(),
                pdf.len(),
                if valid {
                    ui.t("chữ ký số hợp lệ", "signatures valid")
                } else {
                    ui.t(
                        "chữ ký số không hợp lệ hoặc chưa đủ, đánh dấu KHÔNG CÓ GIÁ TRỊ",
                        "signatures invalid or incomplete, marked KHÔNG CÓ GIÁ TRỊ",
                    )
                }
            );
        }
        return Ok(ExitCode::SUCCESS);
    }
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
            args.files[0].display(),
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
