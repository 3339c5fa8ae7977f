//! PAdES signatures on a hocba PDF (`hocba_core::pades`, ADR 0150): `hocba sign x.pdf`
//! (in-process with `--key`, or `--prepare` / `--attach`) and the PDF-signature part of
//! `hocba verify x.pdf`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use hocba_core::envelope::{Algorithm, SigningKey, SystemRng};
use hocba_core::pades::{self, PadesError, PadesReport, PreparedSignature, SignRequest};
use serde_json::json;

use super::sign::SignArgs;
use crate::input::{read_file, write_file};
use crate::keys::{read_chain, read_key, time_arg};
use crate::output::{Failure, Outcome, Ui, print_json};

/// A PAdES error as a CLI failure, through the core's one error mapping (`Error::Pades`): the
/// core decides unreadable (exit 2) or invalid (exit 1) and the messages.
pub fn failure(e: &PadesError, ui: Ui) -> Failure {
    Failure::from_core(&hocba_core::Error::from(e.clone()), ui)
}

fn usage(code: &str, vi: &str, en: &str, ui: Ui) -> Failure {
    Failure {
        exit: 2,
        code: code.into(),
        message: ui.t(vi, en).into(),
        detail: None,
    }
}

/// The algorithm: `--alg`, or the key's (ES256 for P-256, PS256 for RSA).
fn algorithm(args: &SignArgs, key: Option<&SigningKey>, ui: Ui) -> Result<Algorithm, Failure> {
    match (&args.alg, key) {
        (Some(a), _) => Algorithm::from_name(a).ok_or_else(|| {
            usage(
                "unsupported_algorithm",
                "Thuật toán không được hỗ trợ",
                "Unsupported algorithm",
                ui,
            )
        }),
        (None, Some(k)) => Ok(k.algorithm()),
        (None, None) => Err(usage(
            "missing_algorithm",
            "Cần --alg khi ký ngoài",
            "--alg is required with --prepare and --attach",
            ui,
        )),
    }
}

fn chain(args: &SignArgs, ui: Ui) -> Result<Vec<Vec<u8>>, Failure> {
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

fn with_suffix(p: &Path, suffix: &str) -> PathBuf {
    let mut s = p.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}

/// `hocba sign x.pdf`: adds a PAdES signature revision (the school's organisation certificate,
/// or the principal's for a second revision).
pub fn sign(args: &SignArgs, pdf: &[u8], ui: Ui) -> Outcome {
    let chain = chain(args, ui)?;
    if args.attach {
        let alg = algorithm(args, None, ui)?;
        let sig_path = args.signature.as_deref().unwrap_or(args.file.as_path());
        let sig = read_file(sig_path, ui)?;
        let prepared = PreparedSignature::from_prepared_pdf(pdf.to_vec(), chain, alg)
            .map_err(|e| failure(&e, ui))?;
        let signed = prepared.attach(&sig).map_err(|e| failure(&e, ui))?;
        return wrote(args, &signed, ui);
    }
    let time = time_arg(args.time.as_deref(), ui)?;
    if args.prepare {
        let alg = algorithm(args, None, ui)?;
        let request = SignRequest {
            chain,
            algorithm: alg,
            signing_time: time,
        };
        let prepared = pades::prepare(pdf, &request).map_err(|e| failure(&e, ui))?;
        write_file(&args.out, prepared.prepared_pdf(), ui)?;
        let bin = with_suffix(&args.out, ".bin");
        write_file(&bin, prepared.signed_attributes(), ui)?;
        let digest = hex::encode(prepared.digest_to_sign());
        if ui.json {
            print_json(&json!({
                "ok": true, "algorithm": alg.name(), "prepared": args.out,
                "bytes_to_sign": bin, "digest_algorithm": "SHA-256", "digest": digest,
            }));
        } else {
            crate::outln!(
                "{}: {}",
                ui.t("PDF chờ chữ ký", "PDF waiting for its signature"),
                args.out.display()
            );
            crate::outln!(
                "{}: {} (SHA-256: {digest})",
                ui.t(
                    "Dữ liệu cần ký (thuộc tính ký CMS)",
                    "Bytes to sign (CMS signed attributes)"
                ),
                bin.display()
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
    let alg = match &args.alg {
        Some(_) => Some(algorithm(args, None, ui)?),
        None => None,
    };
    let key = SigningKey::from_pkcs8_der(&read_key(key_path, ui)?, alg)
        .map_err(|e| crate::parse::core_failure(&hocba_core::Error::from(e), ui))?;
    let request = SignRequest {
        chain,
        algorithm: key.algorithm(),
        signing_time: time,
    };
    let signed = pades::sign(pdf, &request, &key, &mut SystemRng).map_err(|e| failure(&e, ui))?;
    wrote(args, &signed, ui)
}

fn wrote(args: &SignArgs, signed: &[u8], ui: Ui) -> Outcome {
    write_file(&args.out, signed, ui)?;
    if ui.json {
        print_json(&json!({ "ok": true, "out": args.out, "bytes": signed.len() }));
    } else {
        crate::outln!(
            "{} {} ({})",
            ui.t("Đã ghi", "Wrote"),
            args.out.display(),
            ui.t("đã ký PAdES", "PAdES-signed")
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// The PAdES part of the JSON report.
pub fn to_json(report: Option<&PadesReport>, ui: Ui) -> serde_json::Value {
    let Some(r) = report else {
        return json!(null);
    };
    json!({
        "ok": r.is_valid(),
        "signatures": r.signatures.iter().map(|s| json!({
            "revision": s.revision,
            "signing_time": s.signing_time.to_rfc3339(),
            "algorithm": s.algorithm.map(|a| a.name()),
            "role": s.role.map(|r| r.code()),
            "signer": s.certificate.as_ref().map(|c| c.subject_name.clone()),
            "issuer": s.certificate.as_ref().map(|c| c.issuer.clone()),
            "time_source": s.time_source(),
            "judged_at": s.judged_at().to_rfc3339(),
            "timestamp": s.timestamp.as_ref().map(hocba_core::timestamp::TimestampInfo::to_json),
            "ok": s.outcome.is_ok(),
            "error": s.outcome.as_ref().err().map(PadesError::code),
            "message": s.outcome.as_ref().err().map(|e| match ui.lang {
                hocba_core::Lang::Vi => e.message_vi(),
                hocba_core::Lang::En => e.to_string(),
            }),
        })).collect::<Vec<_>>(),
    })
}

/// The PAdES part of the text report.
pub fn print(report: Option<&PadesReport>, ui: Ui) {
    let Some(r) = report else {
        crate::outln!(
            "{}",
            ui.t(
                "Chữ ký PDF (PAdES): không có.",
                "PDF signature (PAdES): none."
            )
        );
        return;
    };
    for s in &r.signatures {
        let who = s
            .certificate
            .as_ref()
            .map(|c| c.subject_name.clone())
            .unwrap_or_default();
        match &s.outcome {
            Ok(()) => crate::outln!(
                "{} {}: {} — {who} ({})",
                ui.t(
                    "Chữ ký PDF (PAdES), phiên bản",
                    "PDF signature (PAdES), revision"
                ),
                s.revision,
                ui.t("hợp lệ", "valid"),
                s.signing_time.to_rfc3339()
            ),
            Err(e) => crate::outln!(
                "{} {}: {} [{}] {}",
                ui.t(
                    "Chữ ký PDF (PAdES), phiên bản",
                    "PDF signature (PAdES), revision"
                ),
                s.revision,
                ui.t("KHÔNG HỢP LỆ", "INVALID"),
                e.code(),
                match ui.lang {
                    hocba_core::Lang::Vi => e.message_vi(),
                    hocba_core::Lang::En => e.to_string(),
                }
            ),
        }
        if let Some(ts) = &s.timestamp {
            crate::outln!(
                "     {}: {} — {}",
                ui.t(
                    "dấu thời gian (chứng thư số được đánh giá tại thời điểm này)",
                    "time-stamp (the certificate was judged at this time)"
                ),
                ts.time.to_rfc3339(),
                ts.tsa_name
            );
        }
    }
}
