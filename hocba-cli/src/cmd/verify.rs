//! `hocba verify`: verify a signed year record or a transcript container against trust roots;
//! several files, directories or archives (`.tar`, `.tar.gz`, `.zip`) of records are verified in bulk
//! ([`super::verify_bulk`]).
//!
//! Exit 0 valid, 1 invalid or incomplete, 2 unreadable.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;
use hocba_core::InputKind;
use hocba_core::envelope::transcript::{TranscriptReport, UnverifiedTranscript};
use hocba_core::envelope::{EnvelopeError, Status, UnverifiedRecord, format_time};
use serde_json::json;

use crate::input::read_file;
use crate::keys::{read_trust, time_arg};
use crate::output::{Failure, Outcome, Ui, print_json};
use crate::parse::core_failure;

use super::verify_xml::RolesArg;

/// Arguments of `hocba verify`.
#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// A signed year record (COSE_Sign), a signed national XML (XML-DSig; a `DANH_SACH_HOC_BA`
    /// list's records are verified one by one, `FILE#N`), a transcript container or a hocba
    /// PDF; or several files,
    /// directories and `.tar`, `.tar.gz`/`.tgz` or `.zip` archives of signed year records
    /// (verified in bulk on all cores; in a directory, a link to a directory is not followed
    /// and a named pipe, socket or device is reported as unreadable, not opened).
    #[arg(value_name = "DIR_OR_FILES", required = true, num_args = 1..)]
    pub files: Vec<PathBuf>,
    /// Trusted root certificates (PEM bundle or DER; repeatable).
    #[arg(long = "trust", required = true)]
    pub trust: Vec<PathBuf>,
    /// Certificate revocation lists (DER or PEM; repeatable).
    #[arg(long = "crl")]
    pub crls: Vec<PathBuf>,
    /// Roots of time-stamping authorities (PEM bundle or DER; repeatable): RFC 3161 tokens on
    /// signatures are checked against these only, never against `--trust` (ADR 0160).
    #[arg(long = "tsa-roots")]
    pub tsa_roots: Vec<PathBuf>,
    /// Verification time (RFC 3339); by default now.
    #[arg(long)]
    pub at: Option<String>,
    /// Bulk: one CSV line per record on stdout (the summary goes to stderr).
    #[arg(long)]
    pub csv: bool,
    /// Bulk: worker threads, 1 to 256 (default: all cores, at most 256).
    #[arg(long)]
    pub threads: Option<usize>,
    /// National XML: the roles a valid record needs — `all` (GVCN, CBQL, KY_PHAT_HANH) or
    /// `spec-minimum` (CBQL and KY_PHAT_HANH, CV 2088 Phụ lục 1.1); for one file, in bulk and
    /// with `--as-transcript` alike.
    #[arg(long, value_enum, default_value_t = RolesArg::All)]
    pub roles: RolesArg,
    /// National XML: the files are one pupil's signed records of several school years, verified
    /// as one học bạ (same pupil, one record in force per year, consecutive years, grade
    /// progression, the cross-year TT27 rules) instead of one by one.
    #[arg(long)]
    pub as_transcript: bool,
    /// With `--as-transcript`: a lookup code (MA_TRA_CUU_UUID) the portal recalled (thu hồi);
    /// repeatable.
    #[arg(long = "recalled", value_name = "UUID", requires = "as_transcript")]
    pub recalled: Vec<String>,
    /// With `--as-transcript`: `OLD=NEW`, a recalled record's lookup code and its
    /// replacement's, as the portal links them; repeatable.
    #[arg(long = "replaced", value_name = "OLD=NEW", requires = "as_transcript")]
    pub replaced: Vec<String>,
    /// Which revocations count (docs/spec/trust.md): `at-signing-time` (default) keeps a
    /// signature made before a revocation that does not reach back, and reports it as
    /// `revoked_later`; `strict` also refuses it, since the signing time is the signer's own
    /// claim (`revoked_after_claimed_time`); `any` refuses every listed certificate.
    #[arg(long, value_enum, default_value_t = RevocationArg::AtSigningTime)]
    pub revocation: RevocationArg,
}

/// `--revocation`: [`hocba_core::trust::RevocationPolicy`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum RevocationArg {
    /// The default.
    AtSigningTime,
    /// A revocation after the claimed signing time counts too.
    Strict,
    /// Every listed revocation counts.
    Any,
}

impl RevocationArg {
    /// The core's policy.
    pub fn policy(self) -> hocba_core::trust::RevocationPolicy {
        use hocba_core::trust::RevocationPolicy as P;
        match self {
            RevocationArg::AtSigningTime => P::AtSigningTime,
            RevocationArg::Strict => P::Strict,
            RevocationArg::Any => P::Any,
        }
    }
}

/// The trust store of `hocba verify`: roots and CRLs, under the `--revocation` policy.
pub(crate) fn verify_trust(args: &VerifyArgs, ui: Ui) -> Result<hocba_core::TrustStore, Failure> {
    let mut trust = read_trust(&args.trust, &args.crls, ui)?;
    crate::keys::add_tsa_roots(&mut trust, &args.tsa_roots, ui)?;
    let mut policy = trust.policy().clone();
    policy.revocation = args.revocation.policy();
    Ok(trust.with_policy(policy))
}

fn envelope_failure(e: EnvelopeError, ui: Ui) -> Failure {
    core_failure(&hocba_core::Error::from(e), ui)
}

fn exit(status: Status) -> ExitCode {
    match status {
        Status::Valid => ExitCode::SUCCESS,
        _ => ExitCode::from(1),
    }
}

/// Verifies and reports.
pub fn run(args: &VerifyArgs, ui: Ui) -> Outcome {
    if let Some(n) = args.threads {
        // Refused the same way whether one file or many are given.
        hocba_core::bulk::BulkOptions::try_new(n).map_err(|e| core_failure(&e.into(), ui))?;
    }
    if args.as_transcript {
        return super::verify_years::run(args, ui);
    }
    let file = match args.files.as_slice() {
        [one] if one.is_file() && !args.csv && !super::verify_bulk::is_archive(one) => one,
        _ => return super::verify_bulk::run(args, ui),
    };
    let bytes = read_file(file, ui)?;
    if hocba_core::moet::is_list(&bytes) {
        // A national list holds many records: verified one by one, as in bulk.
        return super::verify_bulk::run(args, ui);
    }
    let trust = verify_trust(args, ui)?;
    let at = time_arg(args.at.as_deref(), ui)?;
    verify_bytes(&bytes, &trust, at, args.roles.into(), ui)
}

/// Verifies one input of any signed kind — a signed year record, a transcript container or a
/// hocba PDF — routed by `InputKind::sniff`; a signed national XML goes to
/// [`super::verify_xml`] with the `required` roles. Anything else goes to the signed record's
/// reader, whose error the core decides: `not_cose_sign` for an unsigned record (JSON or
/// CBOR), `unrecognised_input` for bytes no hocba reader takes (exit 2, ADR 0220).
pub fn verify_bytes(
    bytes: &[u8],
    trust: &hocba_core::TrustStore,
    at: hocba_core::UnixTime,
    required: hocba_core::xmldsig::RequiredRoles,
    ui: Ui,
) -> Outcome {
    let kind = InputKind::sniff(bytes);
    if kind == InputKind::Pdf {
        return verify_pdf(bytes, trust, at, ui);
    }
    if kind == InputKind::Xml {
        return super::verify_xml::verify(bytes, trust, at, required, ui);
    }
    if kind != InputKind::TranscriptContainer {
        let record = UnverifiedRecord::from_bytes(bytes).map_err(|e| envelope_failure(e, ui))?;
        // With the TT27 rules and the dates against the signing times (ADR 0265), as bulk
        // verification and the bindings report them.
        let v = record.verify_with(trust, at, &hocba_core::rules::Tt27Checks::default());
        let report = v.report();
        if ui.json {
            print_json(&report.to_json(ui.lang));
        } else {
            crate::outln!("{}", report.to_text(ui.lang).trim_end());
        }
        return Ok(exit(report.status));
    }
    let transcript =
        UnverifiedTranscript::from_bytes(bytes).map_err(|e| envelope_failure(e, ui))?;
    let v = transcript.verify(trust, at);
    let report = v.report();
    if ui.json {
        print_json(&transcript_json(report, None, ui));
    } else {
        print_transcript(report, None, ui);
    }
    Ok(exit(report.status))
}

/// A transcript report as JSON; `files` names the input of each record index (several
/// national XML files), absent for a container.
pub(crate) fn transcript_json(
    r: &TranscriptReport,
    files: Option<&[String]>,
    ui: Ui,
) -> serde_json::Value {
    let file = |i: usize| files.and_then(|f| f.get(i)).cloned();
    json!({
        "ok": r.status == Status::Valid,
        "status": r.status.code(),
        "error": r.error,
        "issues": r.issues.iter().map(|i| json!({"code": i.code, "record": i.record, "file": file(i.record), "message": i.message(ui.lang)})).collect::<Vec<_>>(),
        "findings": r.findings.iter().map(|f| json!({
            "code": f.code, "rule": f.rule, "path": f.path, "blocking": f.blocking,
            "message": match ui.lang { hocba_core::Lang::Vi => &f.message_vi, hocba_core::Lang::En => &f.message_en },
        })).collect::<Vec<_>>(),
        "years": r.years.iter().map(|y| json!({
            "school_year": y.school_year.to_string(),
            "grade": y.grade.to_string(),
            "current": y.current.to_hex(),
            "revisions": y.revisions.iter().map(|rev| json!({
                "record": rev.index,
                "file": file(rev.index),
                "digest": rev.digest.to_hex(),
                "supersedes": rev.supersedes.map(|d| d.to_hex()),
                "lookup_code": rev.lookup_code.map(|c| c.to_string()),
                "recalled": rev.recalled,
                "report": rev.report.to_json(ui.lang),
            })).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
    })
}

/// A transcript report as text; `files` as for [`transcript_json`].
pub(crate) fn print_transcript(r: &TranscriptReport, files: Option<&[String]>, ui: Ui) {
    crate::outln!(
        "{}: {}",
        ui.t("Học bạ", "Transcript"),
        r.status.label(ui.lang)
    );
    for y in &r.years {
        crate::outln!(
            "{} {} ({} {}): {} {}",
            ui.t("Năm học", "School year"),
            y.school_year,
            ui.t("khối", "grade"),
            y.grade,
            y.revisions.len(),
            ui.t("bản", "revision(s)")
        );
        for rev in &y.revisions {
            let signed = rev
                .report
                .signers
                .last()
                .map(|s| format_time(s.signing_time))
                .unwrap_or_default();
            let file = files
                .and_then(|f| f.get(rev.index))
                .map(|f| format!(" {f}"))
                .unwrap_or_default();
            crate::outln!(
                "  {}{file} {} — {} {}",
                &rev.digest.to_hex()[..16],
                rev.report.status.label(ui.lang),
                signed,
                if rev.recalled {
                    ui.t("(đã thu hồi)", "(recalled)")
                } else if rev.digest == y.current {
                    ui.t("(hiện hành)", "(current)")
                } else {
                    ""
                }
            );
        }
    }
    for f in r.findings.iter().filter(|f| f.blocking) {
        let m = match ui.lang {
            hocba_core::Lang::Vi => &f.message_vi,
            hocba_core::Lang::En => &f.message_en,
        };
        crate::outln!("  {}: {m} [{}]", ui.t("Lỗi", "Error"), f.code);
    }
    for i in &r.issues {
        crate::outln!(
            "  {}: {} [{}]",
            ui.t("Lỗi", "Error"),
            i.message(ui.lang),
            i.code
        );
    }
}

/// A hocba PDF: every embedded signed record (COSE_Sign or signed national XML) verified, and the
/// pages re-rendered from them and compared byte for byte (`docs/spec/pdf.md`). Exit 0 only when
/// both hold.
fn verify_pdf(
    bytes: &[u8],
    trust: &hocba_core::trust::TrustStore,
    at: hocba_core::trust::UnixTime,
    ui: Ui,
) -> Outcome {
    use hocba_core::render::{self, SignatureStatus};
    // The core's one way: PAdES signatures, if any, then the embedded records of the signed
    // revision verified and its pages re-rendered.
    let checked = render::verify_signed_pdf(bytes, trust, at).map_err(|e| core_failure(&e, ui))?;
    let valid = checked.is_valid();
    // The core's first reason (a PDF signature, then a record, the pages, …), as the bindings
    // report it (ADR 0280).
    let error = checked.error().map(str::to_owned);
    let (pades, report) = (checked.pades, checked.pdf);
    let status = |s: &SignatureStatus| match s {
        SignatureStatus::Verified(_) if s.is_fully_verified() => "valid".to_owned(),
        SignatureStatus::Verified(_) | SignatureStatus::Incomplete(_) => "incomplete".to_owned(),
        SignatureStatus::Invalid { code } => code.clone(),
        SignatureStatus::Unsigned => "unsigned".to_owned(),
    };
    if ui.json {
        print_json(&json!({
            "ok": valid,
            "error": error,
            "pages_match": report.pages_match,
            "pupil_bound": report.pupil_bound,
            "findings": report.findings.iter().map(|f| json!({
                "code": f.code, "rule": f.rule, "blocking": f.blocking,
                "message": match ui.lang { hocba_core::Lang::Vi => &f.message_vi, hocba_core::Lang::En => &f.message_en },
            })).collect::<Vec<_>>(),
            "transcript": report.transcript,
            "pades": super::pades::to_json(pades.as_ref(), ui),
            "records": report.years.iter().map(|y| json!({
                "attachment": y.attachment, "status": status(&y.status),
            })).collect::<Vec<_>>(),
        }));
    } else {
        // Words in the chosen language; the codes stay in `--json`.
        let label = |s: &SignatureStatus| match s {
            SignatureStatus::Verified(_) if s.is_fully_verified() => {
                ui.t("hợp lệ", "valid").to_owned()
            }
            SignatureStatus::Verified(_) | SignatureStatus::Incomplete(_) => {
                ui.t("chưa đủ chữ ký", "incomplete").to_owned()
            }
            SignatureStatus::Invalid { code } => {
                format!("{} [{code}]", ui.t("không hợp lệ", "invalid"))
            }
            SignatureStatus::Unsigned => ui.t("chưa ký số", "unsigned").to_owned(),
        };
        for y in &report.years {
            crate::outln!("{}: {}", y.attachment, label(&y.status));
        }
        super::pades::print(pades.as_ref(), ui);
        crate::outln!(
            "{}",
            if report.pages_match {
                ui.t(
                    "Các trang được in từ đúng hồ sơ đã ký kèm theo.",
                    "The pages were rendered from the embedded signed record(s).",
                )
            } else {
                ui.t(
                    "CÁC TRANG KHÔNG KHỚP với hồ sơ đã ký kèm theo (pdf_not_rendered_from_record).",
                    "The pages DO NOT MATCH the embedded signed record(s) (pdf_not_rendered_from_record).",
                )
            }
        );
        if !report.pupil_bound {
            crate::outln!(
                "{}",
                ui.t(
                    "TRANG THÔNG TIN HỌC SINH hoặc QUÁ TRÌNH HỌC TẬP KHÁC với các hồ sơ đã ký (pupil_mismatch).",
                    "The IDENTITY PAGE or ENROLMENT HISTORY DIFFERS from the signed records (pupil_mismatch).",
                )
            );
        }
        for f in report.findings.iter().filter(|f| f.blocking) {
            let m = match ui.lang {
                hocba_core::Lang::Vi => &f.message_vi,
                hocba_core::Lang::En => &f.message_en,
            };
            crate::outln!("{}: {m} [{}]", ui.t("Lỗi", "Error"), f.code);
        }
    }
    Ok(if valid {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
