//! `hocba sign`: sign a year record in-process, or externally in two steps
//! (`--prepare` writes a to-be-signed file, `--attach` adds the signature made elsewhere).
//! Given a directory, every record in it is signed with the same key and role, as a school
//! does at the end of a year (`hocba_core::bulk::sign_all`). A national XML (CV 2088) is
//! signed with XML-DSig the same three ways ([`super::sign_xml`]).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, ValueEnum};
use hocba_core::envelope::{
    Algorithm, Attached, Envelope, EnvelopeError, RootsCheck, SigningKey, ToBeSigned,
};
use hocba_core::{Document, SignerRole};
use serde_json::json;

use crate::input::{read_entry, read_file, write_file};
use crate::keys::{read_chain, read_key, time_arg};
use crate::output::{Failure, Outcome, Ui, print_json, print_json_line};
use crate::parse::{core_failure, parse_document};
use hocba_core::envelope::SystemRng;

/// The signer's role.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum RoleArg {
    /// Giáo viên chủ nhiệm (the national XML's `GVCN` slot).
    Gvcn,
    /// Hiệu trưởng (or KT. Hiệu trưởng, as the record says); also `hieu_truong`, the wire code,
    /// and `cbql`, the national XML's slot.
    #[value(aliases = ["hieu_truong", "cbql"])]
    HieuTruong,
    /// Con dấu của trường (organisation certificate); also `con_dau`, the wire code, and
    /// `ky-phat-hanh`, the national XML's slot.
    #[value(aliases = ["con_dau", "ky-phat-hanh", "ky_phat_hanh"])]
    ConDau,
}

impl From<RoleArg> for SignerRole {
    fn from(r: RoleArg) -> Self {
        match r {
            RoleArg::Gvcn => SignerRole::HomeroomTeacher,
            RoleArg::HieuTruong => SignerRole::Principal,
            RoleArg::ConDau => SignerRole::SchoolSeal,
        }
    }
}

/// Arguments of `hocba sign`.
#[derive(Debug, Args)]
pub struct SignArgs {
    /// The record to sign: a year record (JSON or CBOR), a partially signed record (COSE), or
    /// a national XML (signed with XML-DSig into its GVCN, CBQL or KY_PHAT_HANH slot), or a
    /// rendered PDF (a PAdES signature as an incremental update: the school's organisation
    /// certificate, then optionally the principal's; ADR 0150). With
    /// `--attach`: the to-be-signed (pending) file written by `--prepare`. A directory: every
    /// `.json`, `.cbor` and `.cose` file in it — or every `.xml` file (not recursive), signed
    /// with `--key` or prepared with `--prepare`; with `--attach`, every `.tbs` file in it.
    pub file: PathBuf,
    /// Output: the signed record (or, with `--prepare`, the to-be-signed file); for a
    /// directory, the directory to write `NAME.cose` (or `NAME.xml`) files to.
    #[arg(long, short)]
    pub out: PathBuf,
    /// Role of the signer; by default the next one (GVCN → Hiệu trưởng → con dấu).
    #[arg(long, value_enum)]
    pub role: Option<RoleArg>,
    /// The signer's certificate chain, leaf first (PEM or DER; repeatable).
    #[arg(long = "cert")]
    pub certs: Vec<PathBuf>,
    /// In-process signing: the unencrypted PKCS#8 private key (PEM or DER).
    #[arg(long, conflicts_with_all = ["prepare", "attach"])]
    pub key: Option<PathBuf>,
    /// Algorithm: EdDSA, ES256, ES384, PS256, RS256 (by default the key's: PS256 for RSA).
    #[arg(long)]
    pub alg: Option<String>,
    /// Signing time (RFC 3339); by default now.
    #[arg(long)]
    pub time: Option<String>,
    /// External signing, step 1: write the to-be-signed file to `--out` and the exact bytes to
    /// sign to `--out` + `.bin`. For a directory: `NAME.tbs` and `NAME.tbs.bin` per record in
    /// the `--out` directory.
    #[arg(long, conflicts_with = "attach")]
    pub prepare: bool,
    /// External signing, step 2: FILE is the to-be-signed file; add `--signature` (and
    /// `--trust` to check the chain to roots again). FILE may be a directory of `.tbs` files:
    /// then `--signature` is the directory holding `NAME.sig` for each `NAME.tbs`; any other
    /// `.sig` file there (matching no `.tbs`, or a second one for a `.tbs`) is reported as not
    /// used and the exit code is not 0.
    #[arg(long, requires = "signature")]
    pub attach: bool,
    /// The signature made by the external tool (raw bytes; ECDSA also as DER); for a
    /// directory, the directory of `NAME.sig` files.
    #[arg(long)]
    pub signature: Option<PathBuf>,
    /// Before signing, also check the chain and CRLs against these roots (PEM or DER;
    /// repeatable). The certificate, the seal's school, the person named and the TT27 errors
    /// are checked without it (docs/spec/trust.md, "Checks before signing"). With `--attach`:
    /// check the signer's chain (from the pending file) against these roots again, at its
    /// signing time, before the signature is written — e.g. the Ministry's roots, so a chain
    /// the portal would refuse is refused here; without it the chain to roots is not checked,
    /// and the output says so.
    #[arg(long = "trust")]
    pub trust: Vec<PathBuf>,
    /// Revocation lists for the check before signing (with `--trust`; repeatable).
    #[arg(long = "crl", requires = "trust")]
    pub crls: Vec<PathBuf>,
    /// Turn one check before signing off, explicitly (repeatable): `certificate`, `chain`,
    /// `school`, `person`, `record` (e.g. `record` for a record awaiting the supplementary
    /// assessment).
    #[arg(long = "no-check", value_name = "CHECK")]
    pub no_check: Vec<String>,
}

fn envelope_failure(e: EnvelopeError, ui: Ui) -> Failure {
    core_failure(&hocba_core::Error::from(e), ui)
}

/// A refused `--attach` of either format: the core's error, and for a signature that does not
/// verify its likely cause, diagnosed by the core for both (`hocba_core::envelope::AttachCause`),
/// with the hint in the detail of `--json`.
pub(super) fn attach_failure(
    err: hocba_core::Error,
    cause: Option<hocba_core::envelope::AttachCause>,
    ui: Ui,
) -> Failure {
    let mut f = core_failure(&err, ui);
    if let Some(c) = cause {
        f.detail = Some(json!({ "cause": c.code(), "hint": ui.t(c.hint_vi(), c.hint_en()) }));
    }
    f
}

fn cose_attach_failure(e: EnvelopeError, ui: Ui) -> Failure {
    let cause = match &e {
        EnvelopeError::AttachRefused { cause } => Some(*cause),
        _ => None,
    };
    attach_failure(e.into(), cause, ui)
}

pub(super) fn usage(code: &str, vi: &str, en: &str, ui: Ui) -> Failure {
    Failure {
        exit: 2,
        code: code.into(),
        message: ui.t(vi, en).into(),
        detail: None,
    }
}

/// The signer's chain (`--cert`, required), leaf first.
pub(super) fn chain_arg(args: &SignArgs, ui: Ui) -> Result<Vec<Vec<u8>>, Failure> {
    if args.certs.is_empty() {
        return Err(usage(
            "missing_certificate",
            "Cần --cert (chuỗi chứng thư số)",
            "--cert (the certificate chain) is required",
            ui,
        ));
    }
    read_chain(&args.certs, ui)
}

/// `--alg`, if given.
pub(super) fn alg_arg(args: &SignArgs, ui: Ui) -> Result<Option<Algorithm>, Failure> {
    args.alg
        .as_deref()
        .map(|a| {
            Algorithm::from_name(a).ok_or_else(|| {
                usage(
                    "unsupported_algorithm",
                    "Thuật toán không được hỗ trợ",
                    "Unsupported algorithm",
                    ui,
                )
            })
        })
        .transpose()
}

/// Reads FILE as the envelope to add a signature to.
/// The algorithm of an external signature: `--alg` is required with `--prepare`.
pub(super) fn prepare_alg(args: &SignArgs, ui: Ui) -> Result<Algorithm, Failure> {
    alg_arg(args, ui)?.ok_or_else(|| {
        usage(
            "missing_algorithm",
            "Cần --alg khi ký ngoài",
            "--alg is required with --prepare",
            ui,
        )
    })
}

/// The in-process key of `--key` (with `--alg` for RSA); without `--key`, a usage error.
pub(super) fn in_process_key(args: &SignArgs, ui: Ui) -> Result<SigningKey, Failure> {
    let Some(key_path) = &args.key else {
        return Err(usage(
            "missing_key",
            "Cần --key, hoặc --prepare để ký ngoài",
            "--key is required, or --prepare to sign externally",
            ui,
        ));
    };
    SigningKey::from_pkcs8_der(&read_key(key_path, ui)?, alg_arg(args, ui)?)
        .map_err(|e| envelope_failure(e, ui))
}

fn envelope(bytes: &[u8], ui: Ui) -> Result<Envelope, Failure> {
    if bytes.starts_with(&[0xd8, 0x62]) {
        return Envelope::from_signed_bytes(bytes).map_err(|e| envelope_failure(e, ui));
    }
    match parse_document(bytes, ui)?.0 {
        Document::YearRecord(r) => Ok(Envelope::new(&r)),
        Document::Transcript(_) => Err(usage(
            "not_a_year_record",
            "Chỉ ký từng hồ sơ năm học, không ký cả học bạ",
            "Sign one year record at a time, not a transcript",
            ui,
        )),
    }
}

/// The roots and CRLs of `--trust`/`--crl`, for the checks before signing.
pub(super) fn sign_trust(
    args: &SignArgs,
    ui: Ui,
) -> Result<Option<hocba_core::TrustStore>, Failure> {
    if args.trust.is_empty() {
        return Ok(None);
    }
    crate::keys::read_trust(&args.trust, &args.crls, ui).map(Some)
}

/// The checks before signing: all, with the chain when `--trust` is given, less `--no-check`.
pub(super) fn sign_options<'t>(
    args: &SignArgs,
    trust: Option<&'t hocba_core::TrustStore>,
    ui: Ui,
) -> Result<hocba_core::envelope::SignOptions<'t>, Failure> {
    use hocba_core::envelope::{SignCheck, SignOptions};
    let mut opts = trust.map_or_else(SignOptions::default, SignOptions::with_trust);
    for name in &args.no_check {
        let check = SignCheck::from_code(name).ok_or_else(|| {
            usage(
                "invalid_check",
                "--no-check: certificate, chain, school, person hoặc record",
                "--no-check: certificate, chain, school, person or record",
                ui,
            )
        })?;
        opts = opts.without(check);
    }
    Ok(opts)
}

/// Signs, prepares or attaches.
pub fn run(args: &SignArgs, ui: Ui) -> Outcome {
    if args.file.is_dir() {
        return run_bulk(args, ui);
    }
    // Before anything is read or written: `-o` (and, with --prepare, the `.bin` beside it)
    // must not be the record, the pending file or the signature file (QA repro 17).
    let bin = with_bin(&args.out);
    let mut outputs = vec![args.out.as_path()];
    if args.prepare {
        outputs.push(&bin);
    }
    let mut inputs = vec![args.file.as_path()];
    inputs.extend(args.signature.as_deref());
    crate::outpaths::refuse_output_over_input(&outputs, &inputs, ui)?;
    let bytes = read_file(&args.file, ui)?;
    if bytes.starts_with(b"%PDF-") {
        // A rendered học bạ: a PAdES signature revision (ADR 0150).
        return super::pades::sign(args, &bytes, ui);
    }
    if args.attach && super::sign_xml::is_pending(&bytes) {
        return super::sign_xml::attach(args, &bytes, ui);
    }
    if !args.attach && hocba_core::InputKind::sniff(&bytes) == hocba_core::InputKind::Xml {
        return super::sign_xml::sign(args, &bytes, ui);
    }
    let mut roots = None;
    let signed = if args.attach {
        let tbs = ToBeSigned::from_file_bytes(&bytes).map_err(|e| envelope_failure(e, ui))?;
        let sig_path = args.signature.as_deref().unwrap_or(args.file.as_path());
        let sig = read_file(sig_path, ui)?;
        let trust = sign_trust(args, ui)?;
        let attached = tbs
            .attach_with(&sig, trust.as_ref())
            .map_err(|e| cose_attach_failure(e, ui))?;
        roots = Some(attached.roots);
        attached.signed
    } else {
        let env = envelope(&bytes, ui)?;
        let role = match args.role {
            Some(r) => r.into(),
            None => env.next_role().ok_or_else(|| {
                usage(
                    "already_complete",
                    "Hồ sơ đã đủ ba chữ ký",
                    "The record already has all three signatures",
                    ui,
                )
            })?,
        };
        let chain = chain_arg(args, ui)?;
        let chain: Vec<&[u8]> = chain.iter().map(Vec::as_slice).collect();
        let time = time_arg(args.time.as_deref(), ui)?;
        let trust = sign_trust(args, ui)?;
        let opts = sign_options(args, trust.as_ref(), ui)?;
        if args.prepare {
            let alg = prepare_alg(args, ui)?;
            let tbs = env
                .prepare_with(role, &chain, alg, time, &opts)
                .map_err(|e| envelope_failure(e, ui))?;
            write_file(&args.out, &tbs.to_file_bytes(), ui)?;
            let raw = with_bin(&args.out);
            write_file(&raw, tbs.bytes(), ui)?;
            let digest = hex::encode(tbs.digest());
            if ui.json {
                print_json(&json!({
                    "ok": true, "role": role.code(), "algorithm": alg.name(),
                    "to_be_signed": args.out, "bytes_to_sign": raw,
                    "digest_algorithm": alg.digest_name(), "digest": digest,
                }));
            } else {
                // The summary names the pupil: it is for the signer's own screen.
                crate::outln!("{}", tbs.summary(ui.lang));
                crate::outln!(
                    "{}: {}",
                    ui.t("Dữ liệu cần ký", "Bytes to sign"),
                    raw.display()
                );
                crate::outln!(
                    "{} ({}): {digest}",
                    ui.t("Mã băm", "Digest"),
                    alg.digest_name()
                );
            }
            return Ok(ExitCode::SUCCESS);
        }
        let key = in_process_key(args, ui)?;
        env.sign_with(&key, role, &chain, time, &mut SystemRng, &opts)
            .map_err(|e| envelope_failure(e, ui))?
    };
    let out = signed.to_bytes().map_err(|e| envelope_failure(e, ui))?;
    write_file(&args.out, &out, ui)?;
    let roles: Vec<&str> = signed.roles().iter().map(|r| r.code()).collect();
    let next = signed.next_role().map(|r| r.code());
    if ui.json {
        let mut j = json!({ "ok": true, "out": args.out, "signed_by": roles, "next": next, "bytes": out.len() });
        add_roots(&mut j, roots.as_ref());
        print_json(&j);
    } else {
        crate::outln!(
            "{} {} ({}: {}; {}: {})",
            ui.t("Đã ghi", "Wrote"),
            args.out.display(),
            ui.t("đã ký", "signed by"),
            roles.join(", "),
            ui.t("tiếp theo", "next"),
            next.unwrap_or("—")
        );
        print_roots(roots.as_ref(), ui);
    }
    Ok(ExitCode::SUCCESS)
}

/// `--attach`'s word on the chain to roots (the core's [`RootsCheck`]) in a JSON object:
/// `chain_to_roots` (`chained`, `not_checked`) and, when chained, `root`.
pub(super) fn add_roots(j: &mut serde_json::Value, roots: Option<&RootsCheck>) {
    if let Some(r) = roots {
        j["chain_to_roots"] = json!(r.code());
        if let RootsCheck::Chained { root } = r {
            j["root"] = json!(root);
        }
    }
}

/// `--attach`'s word on the chain to roots, as a text line (the core's message; without
/// `--trust`, how to check it).
pub(super) fn print_roots(roots: Option<&RootsCheck>, ui: Ui) {
    match roots {
        Some(r @ RootsCheck::NotChecked) => crate::outln!(
            "{}: {} ({})",
            ui.t("Lưu ý", "Note"),
            r.message(ui.lang),
            ui.t(
                "thêm --trust để kiểm tra khi gắn chữ ký",
                "add --trust to check it at --attach"
            )
        ),
        Some(r) => crate::outln!(
            "{}: {}",
            ui.t("Chuỗi chứng thư số", "Certificate chain"),
            r.message(ui.lang)
        ),
        None => {}
    }
}

/// Signs a whole directory for one role, as a school does at the end of a year: every
/// `.json`, `.cbor` and `.cose` record of `args.file` with `--key` (`bulk::sign_all`), or
/// externally in two steps: `--prepare` writes `NAME.tbs` and the bytes to sign `NAME.tbs.bin`
/// for every record (`bulk::prepare_all`: one session, one PIN), and `--attach` takes a
/// directory of `.tbs` files with `--signature SIGDIR` holding `NAME.sig` for each
/// (`bulk::attach_all`). Output goes to `args.out/`. Every file gets a line (or a JSON object);
/// a file that cannot be read, prepared or signed is reported and the others go on; `--json`
/// writes JSON Lines, a summary object last. Exit 0 when every file succeeded, otherwise
/// the worst failure's: 2 when some file could not be read, else 1.
fn run_bulk(args: &SignArgs, ui: Ui) -> Outcome {
    if super::sign_xml::is_xml_dir(args, ui)? {
        return super::sign_xml::run_bulk(args, ui);
    }
    if args.attach {
        return run_bulk_attach(args, ui);
    }
    let chain = chain_arg(args, ui)?;
    let chain: Vec<&[u8]> = chain.iter().map(Vec::as_slice).collect();
    let time = time_arg(args.time.as_deref(), ui)?;
    // Check every argument before any file is read or written.
    enum Mode {
        Prepare(Algorithm),
        Sign(Box<SigningKey>),
    }
    let mode = if args.prepare {
        Mode::Prepare(prepare_alg(args, ui)?)
    } else {
        Mode::Sign(Box::new(in_process_key(args, ui)?))
    };
    let files = files_in(&args.file, &["json", "cbor", "cose"], ui)?;
    let exts: &[&str] = if args.prepare {
        &[".tbs", ".tbs.bin"]
    } else {
        &[".cose"]
    };
    plan_outputs(args, &files, exts, ui)?;
    std::fs::create_dir_all(&args.out)
        .map_err(|e| Failure::unreadable("output_error", e.to_string()))?;
    let mut report = BulkReport::new(ui, matches!(mode, Mode::Prepare(_)));
    let mut paths = Vec::new();
    let mut envs = Vec::new();
    for f in files {
        match read_entry(&f, ui).and_then(|b| envelope(&b, ui)) {
            Ok(e) => {
                paths.push(f);
                envs.push(e);
            }
            Err(e) => report.failed(f, e),
        }
    }
    // One role for the directory: the one asked for, or the first record's next one.
    let role: Option<SignerRole> = args
        .role
        .map(Into::into)
        .or_else(|| envs.first().and_then(Envelope::next_role));
    if let Some(role) = role {
        match mode {
            Mode::Prepare(alg) => {
                let results = hocba_core::bulk::prepare_all(envs, role, &chain, alg, time);
                for (path, result) in paths.into_iter().zip(results) {
                    match result {
                        Ok(tbs) => report.prepared(path, &args.out, &tbs),
                        Err(e) => report.failed(path, envelope_failure(e, ui)),
                    }
                }
            }
            Mode::Sign(key) => {
                let results =
                    hocba_core::bulk::sign_all(envs, &key, role, &chain, time, &mut SystemRng);
                for (path, result) in paths.into_iter().zip(results) {
                    report.signed(path, &args.out, result);
                }
            }
        }
    }
    report.finish(role)
}

/// `hocba sign DIR --attach --signature SIGDIR -o OUTDIR`: every `NAME.tbs` of DIR with the
/// signature `SIGDIR/NAME.sig`, checked and attached (`bulk::attach_all`).
fn run_bulk_attach(args: &SignArgs, ui: Ui) -> Outcome {
    let sig_dir = args.signature.as_deref().unwrap_or(args.file.as_path());
    if !sig_dir.is_dir() {
        return Err(usage(
            "signature_dir_required",
            "Với cả thư mục, --signature là thư mục chứa TÊN.sig cho mỗi TÊN.tbs",
            "For a directory, --signature is the directory holding NAME.sig for each NAME.tbs",
            ui,
        ));
    }
    let files = files_in(&args.file, &["tbs"], ui)?;
    plan_outputs(args, &files, &[".cose"], ui)?;
    let trust = sign_trust(args, ui)?;
    let unused = unused_signatures(sig_dir, &files, ui)?;
    std::fs::create_dir_all(&args.out)
        .map_err(|e| Failure::unreadable("output_error", e.to_string()))?;
    let mut report = BulkReport::new(ui, false);
    report.unused = unused;
    let mut paths = Vec::new();
    let mut pairs = Vec::new();
    for f in files {
        let mut sig_name = f.file_stem().unwrap_or_default().to_os_string();
        sig_name.push(".sig");
        let read = read_entry(&f, ui).and_then(|b| {
            let tbs = ToBeSigned::from_file_bytes(&b).map_err(|e| envelope_failure(e, ui))?;
            Ok((tbs, read_file(&sig_dir.join(&sig_name), ui)?))
        });
        match read {
            Ok(pair) => {
                paths.push(f);
                pairs.push(pair);
            }
            Err(e) => report.failed(f, e),
        }
    }
    let role = pairs.first().map(|(tbs, _)| tbs.role());
    let results = hocba_core::bulk::attach_all_with(pairs, trust.as_ref());
    for (path, result) in paths.into_iter().zip(results) {
        report.attached(path, &args.out, result);
    }
    report.finish(role)
}

/// The `.sig` files of `sig_dir` that no pending file of the run reads, each with why (ADR
/// 0270): the signature of `NAME.tbs` is `SIGDIR/NAME.sig`, so a `.sig` file matching no
/// `.tbs` (a signature made for another run, a typo), or a second one for a `.tbs`
/// (`NAME.SIG`, `NAME.tbs.sig`, `NAME.tbs.bin.sig` beside `NAME.sig`) is reported, never
/// ignored: each was a signature the signer made that is in no output.
pub(super) fn unused_signatures(
    sig_dir: &std::path::Path,
    pendings: &[PathBuf],
    ui: Ui,
) -> Result<Vec<(PathBuf, String)>, Failure> {
    let name_of = |p: &std::path::Path| p.file_name().map(|n| n.to_string_lossy().into_owned());
    let stems: Vec<String> = pendings
        .iter()
        .filter_map(|p| p.file_stem().map(|s| s.to_string_lossy().into_owned()))
        .collect();
    let mut sigs: Vec<PathBuf> = std::fs::read_dir(sig_dir)
        .and_then(|d| d.map(|e| e.map(|e| e.path())).collect())
        .map_err(|e| Failure::unreadable("input_error", e.to_string()))?;
    sigs.retain(|p| {
        !p.is_dir()
            && p.extension()
                .is_some_and(|e| e.to_string_lossy().eq_ignore_ascii_case("sig"))
    });
    sigs.sort();
    let mut unused = Vec::new();
    for sig in sigs {
        let Some(name) = name_of(&sig) else { continue };
        if stems.iter().any(|stem| name == format!("{stem}.sig")) {
            continue;
        }
        // The pending file this one looks made for: its name without `.sig`, letter case
        // aside, is `NAME`, `NAME.tbs`, `NAME.tbs.bin` or `NAME.bin`.
        let base = name[..name.len() - 4].to_lowercase();
        let owner = stems.iter().find(|stem| {
            let stem = stem.to_lowercase();
            ["", ".tbs", ".tbs.bin", ".bin"]
                .iter()
                .any(|suffix| base == format!("{stem}{suffix}"))
        });
        let why = match owner {
            Some(stem) if sig_dir.join(format!("{stem}.sig")).is_file() => match ui.lang {
                hocba_core::Lang::Vi => {
                    format!("tệp chữ ký thứ hai cho {stem}.tbs: chỉ dùng {stem}.sig")
                }
                hocba_core::Lang::En => {
                    format!("a second signature file for {stem}.tbs: {stem}.sig is the one used")
                }
            },
            Some(stem) => format!(
                "{} {stem}.tbs {} {stem}.sig",
                ui.t("chữ ký của", "the signature of"),
                ui.t("phải đặt tên là", "must be named")
            ),
            None => ui
                .t(
                    "không khớp tệp chờ ký (TÊN.tbs) nào của thư mục",
                    "matches no pending file (NAME.tbs) of the directory",
                )
                .to_owned(),
        };
        unused.push((sig, why));
    }
    Ok(unused)
}

/// The entries of `dir` (not recursive) whose extension is one of `exts`, sorted; none is a
/// usage error. A directory (or a link to one) is left out; a named pipe, socket or device is
/// kept, to be reported as unreadable by [`read_entry`] without being opened, as
/// `hocba verify DIR` does.
pub(super) fn files_in(
    dir: &std::path::Path,
    exts: &[&str],
    ui: Ui,
) -> Result<Vec<PathBuf>, Failure> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .and_then(|d| d.map(|e| e.map(|e| e.path())).collect())
        .map_err(|e| Failure::unreadable("input_error", e.to_string()))?;
    files.retain(|p| {
        !p.is_dir()
            && p.extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| exts.contains(&e.to_ascii_lowercase().as_str()))
    });
    files.sort();
    if files.is_empty() {
        let list = exts
            .iter()
            .map(|e| format!(".{e}"))
            .collect::<Vec<_>>()
            .join(", ");
        return Err(usage(
            "no_records",
            &format!("Thư mục không có tệp nào cần xử lý ({list})"),
            &format!("The directory holds no file to process ({list})"),
            ui,
        ));
    }
    Ok(files)
}

/// `PATH.bin`: where `--prepare` writes the bytes to sign, beside the to-be-signed file.
pub(super) fn with_bin(out: &std::path::Path) -> PathBuf {
    let mut raw = out.as_os_str().to_owned();
    raw.push(".bin");
    PathBuf::from(raw)
}

/// The outputs `OUTDIR/STEM.ext` (one per `ext`) of every input of a directory run, refused
/// before anything is written when two inputs would share one or an output is an input
/// ([`crate::outpaths::plan_outputs`]).
pub(super) fn plan_outputs(
    args: &SignArgs,
    files: &[PathBuf],
    exts: &[&str],
    ui: Ui,
) -> Result<(), Failure> {
    crate::outpaths::plan_outputs(
        &args.file,
        files,
        &args.out,
        |p| exts.iter().map(|e| out_name(&args.out, p, e)).collect(),
        ui,
    )
    .map(drop)
}

/// `OUTDIR/STEM.ext` for the input `path`.
pub(super) fn out_name(out_dir: &std::path::Path, path: &std::path::Path, ext: &str) -> PathBuf {
    let mut name = path
        .file_stem()
        .map_or_else(|| "record".into(), |s| s.to_os_string());
    name.push(ext);
    out_dir.join(name)
}

/// The per-file lines and the summary of a directory run.
pub(super) struct BulkReport {
    ui: Ui,
    prepare: bool,
    done: usize,
    failures: Vec<(PathBuf, Failure)>,
    written: crate::outpaths::Written,
    /// `--attach`: the signature files no pending file used, with why ([`unused_signatures`]).
    pub(super) unused: Vec<(PathBuf, String)>,
    /// `--attach`: whether the chain to roots was checked (the last file attached says).
    pub(super) roots: Option<RootsCheck>,
}

impl BulkReport {
    pub(super) fn new(ui: Ui, prepare: bool) -> Self {
        Self {
            ui,
            prepare,
            done: 0,
            failures: Vec::new(),
            written: crate::outpaths::Written::default(),
            unused: Vec::new(),
            roots: None,
        }
    }

    /// The language and output mode of the run.
    pub(super) fn ui(&self) -> Ui {
        self.ui
    }

    /// Writes one output of the run, never over an output written earlier in it.
    pub(super) fn write(&self, path: &std::path::Path, bytes: &[u8]) -> Result<(), Failure> {
        self.written.claim(path, self.ui)?;
        write_file(path, bytes, self.ui)
    }

    pub(super) fn failed(&mut self, path: PathBuf, failure: Failure) {
        self.failures.push((path, failure));
    }

    /// A file done, reported by the caller: one JSON line or one text line.
    pub(super) fn done(&mut self, line: serde_json::Value, text: String) {
        self.done += 1;
        if self.ui.json {
            print_json_line(&line);
        } else {
            crate::outln!("{text}");
        }
    }

    /// A signed envelope: written to `OUTDIR/NAME.cose`.
    fn signed(
        &mut self,
        path: PathBuf,
        out_dir: &std::path::Path,
        result: Result<Envelope, EnvelopeError>,
    ) {
        let ui = self.ui;
        let (env, bytes) = match result.and_then(|env| env.to_bytes().map(|b| (env, b))) {
            Ok(signed) => signed,
            Err(e) => return self.failed(path, envelope_failure(e, ui)),
        };
        let out = out_name(out_dir, &path, ".cose");
        if let Err(e) = self.write(&out, &bytes) {
            return self.failed(path, e);
        }
        self.done += 1;
        let roles: Vec<&str> = env.roles().iter().map(|r| r.code()).collect();
        if ui.json {
            let mut line = json!({ "file": path, "ok": true, "out": out, "signed_by": roles });
            add_roots(&mut line, self.roots.as_ref());
            print_json_line(&line);
        } else {
            crate::outln!(
                "{} {} → {}",
                ui.t("Đã ký", "Signed"),
                path.display(),
                out.display()
            );
        }
    }

    /// An attached signature: the envelope written as [`BulkReport::signed`] writes it; the
    /// chain-to-roots word kept for the summary.
    fn attached(
        &mut self,
        path: PathBuf,
        out_dir: &std::path::Path,
        result: Result<Attached<Envelope>, EnvelopeError>,
    ) {
        let result = result.map(|a| {
            self.roots = Some(a.roots);
            a.signed
        });
        self.signed(path, out_dir, result);
    }

    /// A prepared signature: `OUTDIR/NAME.tbs` and the bytes to sign `OUTDIR/NAME.tbs.bin`.
    fn prepared(&mut self, path: PathBuf, out_dir: &std::path::Path, tbs: &ToBeSigned) {
        let ui = self.ui;
        let out = out_name(out_dir, &path, ".tbs");
        let raw = out_name(out_dir, &path, ".tbs.bin");
        if let Err(e) = self
            .write(&out, &tbs.to_file_bytes())
            .and_then(|()| self.write(&raw, tbs.bytes()))
        {
            return self.failed(path, e);
        }
        self.done += 1;
        let digest = hex::encode(tbs.digest());
        if ui.json {
            print_json_line(&json!({
                "file": path, "ok": true, "to_be_signed": out, "bytes_to_sign": raw,
                "digest_algorithm": tbs.algorithm().digest_name(), "digest": digest,
            }));
        } else {
            // File names and the digest only: the per-record summary names the pupil.
            crate::outln!(
                "{} {} → {} ({}: {digest})",
                ui.t("Đã chuẩn bị", "Prepared"),
                path.display(),
                raw.display(),
                tbs.algorithm().digest_name()
            );
        }
    }

    pub(super) fn finish(self, role: Option<SignerRole>) -> Outcome {
        let ui = self.ui;
        for (path, f) in &self.failures {
            if ui.json {
                print_json_line(
                    &json!({ "file": path, "ok": false, "code": f.code, "message": f.message }),
                );
            } else {
                let what = if self.prepare {
                    ui.t("Không chuẩn bị được", "Not prepared")
                } else {
                    ui.t("Không ký được", "Not signed")
                };
                crate::outln!("{what} {}: {} [{}]", path.display(), f.message, f.code);
            }
        }
        for (path, why) in &self.unused {
            if ui.json {
                print_json_line(&json!({
                    "file": path, "ok": false, "code": "signature_unused", "message": why,
                }));
            } else {
                crate::outln!(
                    "{} {}: {why} [signature_unused]",
                    ui.t("Chữ ký không được dùng", "Signature not used"),
                    path.display()
                );
            }
        }
        let total = self.done + self.failures.len();
        let done_key = if self.prepare { "prepared" } else { "signed" };
        if ui.json {
            let mut summary = json!({
                "total": total, done_key: self.done, "failed": self.failures.len(),
                "role": role.map(SignerRole::code) });
            if !self.prepare && self.roots.is_some() {
                add_roots(&mut summary, self.roots.as_ref());
            }
            if !self.unused.is_empty() {
                summary["unused_signatures"] = json!(self.unused.len());
            }
            print_json_line(&json!({ "summary": summary }));
        } else {
            crate::outln!(
                "{}: {}/{total} {}",
                role.map_or("—", |r| hocba_core::envelope::role_label(r, ui.lang)),
                self.done,
                if self.prepare {
                    ui.t(
                        "hồ sơ chờ ký ngoài",
                        "records prepared for external signing",
                    )
                } else {
                    ui.t("hồ sơ đã ký", "records signed")
                }
            );
            if !self.unused.is_empty() {
                crate::outln!(
                    "{}: {}",
                    ui.t("Tệp chữ ký không được dùng", "Signature files not used"),
                    self.unused.len()
                );
            }
            print_roots(self.roots.as_ref(), ui);
        }
        // The worst failure's exit code: 2 when some input could not be read, else 1; a
        // signature not used is at least 1 (a signature made and in no output).
        let unused = (!self.unused.is_empty()).then_some(1);
        Ok(
            match self
                .failures
                .iter()
                .map(|(_, f)| f.exit)
                .chain(unused)
                .max()
            {
                None => ExitCode::SUCCESS,
                Some(exit) => ExitCode::from(exit),
            },
        )
    }
}
