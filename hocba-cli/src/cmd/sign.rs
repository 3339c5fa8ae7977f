//! `hocba sign`: sign a year record in-process, or externally in two steps
//! (`--prepare` writes a to-be-signed file, `--attach` adds the signature made elsewhere).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, ValueEnum};
use hocba_core::envelope::{Algorithm, Envelope, EnvelopeError, SigningKey, ToBeSigned};
use hocba_core::{Document, SignerRole};
use serde_json::json;

use crate::input::{read_file, write_file};
use crate::keys::{read_chain, read_key, time_arg};
use crate::output::{Failure, Outcome, Ui, print_json};
use crate::parse::{core_failure, parse_document};
use hocba_core::envelope::SystemRng;

/// The signer's role.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum RoleArg {
    /// Giáo viên chủ nhiệm.
    Gvcn,
    /// Hiệu trưởng (or KT. Hiệu trưởng, as the record says).
    HieuTruong,
    /// Con dấu của trường (organisation certificate).
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
    /// The record to sign: a year record (JSON or CBOR) or a partially signed record (COSE).
    /// With `--attach`: the to-be-signed file written by `--prepare`.
    pub file: PathBuf,
    /// Output: the signed record (or, with `--prepare`, the to-be-signed file).
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
    /// sign to `--out` + `.bin`.
    #[arg(long, conflicts_with = "attach")]
    pub prepare: bool,
    /// External signing, step 2: FILE is the to-be-signed file; add `--signature`.
    #[arg(long, requires = "signature")]
    pub attach: bool,
    /// The signature made by the external tool (raw bytes; ECDSA also as DER).
    #[arg(long)]
    pub signature: Option<PathBuf>,
}

fn envelope_failure(e: EnvelopeError, ui: Ui) -> Failure {
    core_failure(&hocba_core::Error::from(e), ui)
}

fn usage(code: &str, vi: &str, en: &str, ui: Ui) -> Failure {
    Failure {
        exit: 2,
        code: code.into(),
        message: ui.t(vi, en).into(),
        detail: None,
    }
}

/// Reads FILE as the envelope to add a signature to.
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

/// Signs, prepares or attaches.
pub fn run(args: &SignArgs, ui: Ui) -> Outcome {
    let bytes = read_file(&args.file, ui)?;
    let signed = if args.attach {
        let tbs = ToBeSigned::from_file_bytes(&bytes).map_err(|e| envelope_failure(e, ui))?;
        let sig_path = args.signature.as_deref().unwrap_or(args.file.as_path());
        let sig = read_file(sig_path, ui)?;
        tbs.attach(&sig).map_err(|e| envelope_failure(e, ui))?
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
        if args.certs.is_empty() {
            return Err(usage(
                "missing_certificate",
                "Cần --cert (chuỗi chứng thư số)",
                "--cert (the certificate chain) is required",
                ui,
            ));
        }
        let chain = read_chain(&args.certs, ui)?;
        let chain: Vec<&[u8]> = chain.iter().map(Vec::as_slice).collect();
        let alg = match &args.alg {
            Some(a) => Some(Algorithm::from_name(a).ok_or_else(|| {
                usage(
                    "unsupported_algorithm",
                    "Thuật toán không được hỗ trợ",
                    "Unsupported algorithm",
                    ui,
                )
            })?),
            None => None,
        };
        let time = time_arg(args.time.as_deref(), ui)?;
        if args.prepare {
            let alg = alg.ok_or_else(|| {
                usage(
                    "missing_algorithm",
                    "Cần --alg khi ký ngoài",
                    "--alg is required with --prepare",
                    ui,
                )
            })?;
            let tbs = env
                .prepare(role, &chain, alg, time)
                .map_err(|e| envelope_failure(e, ui))?;
            write_file(&args.out, &tbs.to_file_bytes(), ui)?;
            let mut raw = args.out.clone().into_os_string();
            raw.push(".bin");
            write_file(std::path::Path::new(&raw), tbs.bytes(), ui)?;
            let digest: String = tbs.digest().iter().map(|b| format!("{b:02x}")).collect();
            if ui.json {
                print_json(&json!({
                    "ok": true, "role": role.code(), "algorithm": alg.name(),
                    "to_be_signed": args.out, "bytes_to_sign": PathBuf::from(&raw),
                    "digest_algorithm": alg.digest_name(), "digest": digest,
                }));
            } else {
                // The summary names the pupil: it is for the signer's own screen.
                crate::outln!("{}", tbs.summary(ui.lang));
                crate::outln!(
                    "{}: {}",
                    ui.t("Dữ liệu cần ký", "Bytes to sign"),
                    PathBuf::from(&raw).display()
                );
                crate::outln!(
                    "{} ({}): {digest}",
                    ui.t("Mã băm", "Digest"),
                    alg.digest_name()
                );
            }
            return Ok(ExitCode::SUCCESS);
        }
        let Some(key_path) = &args.key else {
            return Err(usage(
                "missing_key",
                "Cần --key, hoặc --prepare để ký ngoài",
                "--key is required, or --prepare to sign externally",
                ui,
            ));
        };
        let key = SigningKey::from_pkcs8_der(&read_key(key_path, ui)?, alg)
            .map_err(|e| envelope_failure(e, ui))?;
        env.sign(&key, role, &chain, time, &mut SystemRng)
            .map_err(|e| envelope_failure(e, ui))?
    };
    let out = signed.to_bytes().map_err(|e| envelope_failure(e, ui))?;
    write_file(&args.out, &out, ui)?;
    let roles: Vec<&str> = signed.roles().iter().map(|r| r.code()).collect();
    let next = signed.next_role().map(|r| r.code());
    if ui.json {
        print_json(
            &json!({ "ok": true, "out": args.out, "signed_by": roles, "next": next, "bytes": out.len() }),
        );
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
    }
    Ok(ExitCode::SUCCESS)
}
