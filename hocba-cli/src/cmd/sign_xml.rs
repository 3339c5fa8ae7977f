//! `hocba sign x.xml`: the national học bạ số signed with XML-DSig into its `GVCN`, `CBQL` or
//! `KY_PHAT_HANH` slot (`hocba_core::xmldsig`, `docs/spec/xml-signature.md` §3), the three ways
//! COSE records are signed: in-process (`--key`), or externally in two steps — `--prepare`
//! writes the pending file and the exact canonical `SignedInfo` bytes to sign (`.bin`), and
//! prints their digest for a token or remote-signing service that signs a hash; `--attach`
//! takes the raw signature, checks it against the certificate (a wrong one is refused with the
//! core's likely cause) and writes the signed XML. Given a directory of `.xml` files, every one
//! is signed or prepared for the same role, as a principal signs a whole school in one sitting.

use std::path::Path;
use std::process::ExitCode;

use hocba_core::envelope::SystemRng;
use hocba_core::xmldsig::{self, Prepared, UnverifiedXml, XmlSigError, slot_name};
use hocba_core::{SignerRole, UnixTime};
use serde_json::json;

use super::sign::{
    BulkReport, SignArgs, chain_arg, files_in, in_process_key, out_name, plan_outputs, prepare_alg,
    usage, with_bin,
};
use crate::input::{read_entry, read_file, write_file};
use crate::output::{Failure, Outcome, Ui, print_json};

/// Whether `bytes` is a pending XML signature written by `--prepare` (a JSON file of the
/// core's `hocba-xmldsig-pending/` format), as opposed to a COSE to-be-signed file.
pub fn is_pending(bytes: &[u8]) -> bool {
    serde_json::from_slice::<serde_json::Value>(bytes)
        .ok()
        .and_then(|v| {
            v["format"]
                .as_str()
                .map(|f| f.starts_with("hocba-xmldsig-pending/"))
        })
        .unwrap_or(false)
}

fn xml_failure(e: XmlSigError, ui: Ui) -> Failure {
    let cause = match &e {
        XmlSigError::AttachRefused { cause } => Some(*cause),
        _ => None,
    };
    super::sign::attach_failure(e.into(), cause, ui)
}

/// The slots already signed in `xml` (read strictly, unverified).
fn signed_roles(xml: &[u8], ui: Ui) -> Result<Vec<SignerRole>, Failure> {
    UnverifiedXml::from_bytes(xml)
        .map(|u| u.roles())
        .map_err(|e| xml_failure(e, ui))
}

/// The role after the last one that signed.
fn next_role(signed: &[SignerRole]) -> Option<SignerRole> {
    SignerRole::ALL
        .into_iter()
        .find(|r| signed.iter().all(|s| s < r))
}

/// `--role`, or the next role of `xml`.
fn role_for(args: &SignArgs, xml: &[u8], ui: Ui) -> Result<SignerRole, Failure> {
    if let Some(r) = args.role {
        return Ok(r.into());
    }
    next_role(&signed_roles(xml, ui)?).ok_or_else(|| {
        usage(
            "already_complete",
            "Học bạ số đã đủ ba chữ ký (GVCN, CBQL, KY_PHAT_HANH)",
            "The national XML already has all three signatures (GVCN, CBQL, KY_PHAT_HANH)",
            ui,
        )
    })
}

fn slots(roles: &[SignerRole]) -> Vec<&'static str> {
    roles.iter().map(|r| slot_name(*r)).collect()
}

/// Signs in-process (`--key`) or prepares (`--prepare`) one national XML.
pub fn sign(args: &SignArgs, xml: &[u8], ui: Ui) -> Outcome {
    let role = role_for(args, xml, ui)?;
    let chain = chain_arg(args, ui)?;
    let chain: Vec<&[u8]> = chain.iter().map(Vec::as_slice).collect();
    let time = crate::keys::time_arg(args.time.as_deref(), ui)?;
    let trust = super::sign::sign_trust(args, ui)?;
    let opts = super::sign::sign_options(args, trust.as_ref(), ui)?;
    if args.prepare {
        let alg = prepare_alg(args, ui)?;
        let p = xmldsig::prepare_with(xml, role, &chain, alg, time, &opts)
            .map_err(|e| xml_failure(e, ui))?;
        let raw = with_bin(&args.out);
        write_file(&args.out, &p.to_file_bytes(), ui)?;
        write_file(&raw, p.signed_info(), ui)?;
        let digest = hex::encode(p.digest());
        if ui.json {
            print_json(&json!({
                "ok": true, "format": "national_xml", "role": role.code(), "slot": slot_name(role),
                "algorithm": alg.name(), "to_be_signed": args.out, "bytes_to_sign": raw,
                "digest_algorithm": alg.digest_name(), "digest": digest,
            }));
        } else {
            crate::outln!(
                "{} {} ({}) — {}",
                ui.t("Chuẩn bị chữ ký XML cho", "Prepared the XML signature of"),
                slot_name(role),
                hocba_core::envelope::role_label(role, ui.lang),
                alg.name()
            );
            crate::outln!(
                "{}: {}",
                ui.t("SignedInfo cần ký", "SignedInfo to sign"),
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
    let signed = xmldsig::sign_with(xml, &key, role, &chain, time, &mut SystemRng, &opts)
        .map_err(|e| xml_failure(e, ui))?;
    finish_one(args, &signed, None, ui)
}

/// `--attach`: the pending file `pending` and the raw signature of `--signature`.
pub fn attach(args: &SignArgs, pending: &[u8], ui: Ui) -> Outcome {
    let p = Prepared::from_file_bytes(pending).map_err(|e| xml_failure(e, ui))?;
    let sig_path = args.signature.as_deref().unwrap_or(args.file.as_path());
    let sig = read_file(sig_path, ui)?;
    let trust = super::sign::sign_trust(args, ui)?;
    let attached = xmldsig::attach_with(p, &sig, trust.as_ref()).map_err(|e| xml_failure(e, ui))?;
    finish_one(args, &attached.signed, Some(&attached.roots), ui)
}

fn finish_one(
    args: &SignArgs,
    signed: &[u8],
    roots: Option<&hocba_core::envelope::RootsCheck>,
    ui: Ui,
) -> Outcome {
    write_file(&args.out, signed, ui)?;
    let roles = signed_roles(signed, ui)?;
    let next = next_role(&roles).map(slot_name);
    if ui.json {
        let mut j = json!({
            "ok": true, "format": "national_xml", "out": args.out, "signed_by": slots(&roles),
            "next": next, "bytes": signed.len(),
        });
        super::sign::add_roots(&mut j, roots);
        print_json(&j);
    } else {
        crate::outln!(
            "{} {} ({}: {}; {}: {})",
            ui.t("Đã ghi", "Wrote"),
            args.out.display(),
            ui.t("đã ký", "signed by"),
            slots(&roles).join(", "),
            ui.t("tiếp theo", "next"),
            next.unwrap_or("—")
        );
        super::sign::print_roots(roots, ui);
    }
    Ok(ExitCode::SUCCESS)
}

/// Whether a directory given to `hocba sign` holds national XML work: `.xml` files to sign or
/// prepare, or (with `--attach`) XML pending files. A directory with both `.xml` files and
/// COSE-path records (`.json`, `.cbor`, `.cose`) is refused: one kind per sitting.
pub fn is_xml_dir(args: &SignArgs, ui: Ui) -> Result<bool, Failure> {
    let has = |exts: &[&str]| {
        std::fs::read_dir(&args.file)
            .map(|d| {
                d.flatten().any(|e| {
                    let p = e.path();
                    p.is_file()
                        && p.extension()
                            .and_then(|x| x.to_str())
                            .is_some_and(|x| exts.contains(&x.to_ascii_lowercase().as_str()))
                })
            })
            .unwrap_or(false)
    };
    if args.attach {
        let first = files_in(&args.file, &["tbs"], ui)?;
        return Ok(first
            .first()
            .is_some_and(|f| read_entry(f, ui).is_ok_and(|b| is_pending(&b))));
    }
    let xml = has(&["xml"]);
    if xml && has(&["json", "cbor", "cose"]) {
        return Err(usage(
            "mixed_directory",
            "Thư mục có cả tệp XML và hồ sơ .json/.cbor/.cose: hãy ký từng loại trong một thư mục riêng",
            "The directory holds both XML files and .json/.cbor/.cose records: sign each kind from its own directory",
            ui,
        ));
    }
    Ok(xml)
}

/// A directory: every `.xml` signed with `--key` (`OUTDIR/NAME.xml`) or prepared
/// (`OUTDIR/NAME.tbs` and the bytes to sign `OUTDIR/NAME.tbs.bin`), all for one role (`--role`,
/// or the first file's next one); with `--attach`, every `NAME.tbs` with `SIGDIR/NAME.sig`.
/// One line (or JSON line) per file, failures reported and the others go on, a summary
/// last; exit 0 when every file succeeded, else the worst failure's.
pub fn run_bulk(args: &SignArgs, ui: Ui) -> Outcome {
    if args.attach {
        return run_bulk_attach(args, ui);
    }
    let chain = chain_arg(args, ui)?;
    let chain: Vec<&[u8]> = chain.iter().map(Vec::as_slice).collect();
    let time = crate::keys::time_arg(args.time.as_deref(), ui)?;
    let trust = super::sign::sign_trust(args, ui)?;
    let opts = super::sign::sign_options(args, trust.as_ref(), ui)?;
    enum Mode {
        Prepare(hocba_core::envelope::Algorithm),
        Sign(Box<hocba_core::envelope::SigningKey>),
    }
    let mode = if args.prepare {
        Mode::Prepare(prepare_alg(args, ui)?)
    } else {
        Mode::Sign(Box::new(in_process_key(args, ui)?))
    };
    let files = files_in(&args.file, &["xml"], ui)?;
    let exts: &[&str] = if args.prepare {
        &[".tbs", ".tbs.bin"]
    } else {
        &[".xml"]
    };
    plan_outputs(args, &files, exts, ui)?;
    std::fs::create_dir_all(&args.out)
        .map_err(|e| Failure::unreadable("output_error", e.to_string()))?;
    let mut report = BulkReport::new(ui, args.prepare);
    let mut role: Option<SignerRole> = args.role.map(Into::into);
    for path in files {
        let xml = match read_entry(&path, ui) {
            Ok(b) => b,
            Err(e) => {
                report.failed(path, e);
                continue;
            }
        };
        let r = match role {
            Some(r) => r,
            None => match role_for(args, &xml, ui) {
                Ok(r) => *role.insert(r),
                Err(e) => {
                    report.failed(path, e);
                    continue;
                }
            },
        };
        let done = match &mode {
            Mode::Sign(key) => {
                sign_file(&xml, key, r, &chain, time, &path, &args.out, &opts, &report)
            }
            Mode::Prepare(alg) => prepare_file(
                &xml, r, &chain, *alg, time, &path, &args.out, &opts, &report,
            ),
        };
        match done {
            Ok((line, text)) => report.done(line, text),
            Err(e) => report.failed(path, e),
        }
    }
    report.finish(role)
}

type Line = (serde_json::Value, String);

#[allow(clippy::too_many_arguments)]
fn sign_file(
    xml: &[u8],
    key: &hocba_core::envelope::SigningKey,
    role: SignerRole,
    chain: &[&[u8]],
    time: UnixTime,
    path: &Path,
    out_dir: &Path,
    opts: &hocba_core::envelope::SignOptions<'_>,
    report: &BulkReport,
) -> Result<Line, Failure> {
    let ui = report.ui();
    let signed = xmldsig::sign_with(xml, key, role, chain, time, &mut SystemRng, opts)
        .map_err(|e| xml_failure(e, ui))?;
    let out = out_name(out_dir, path, ".xml");
    report.write(&out, &signed)?;
    let roles = slots(&signed_roles(&signed, ui)?);
    let text = format!(
        "{} {} → {}",
        ui.t("Đã ký", "Signed"),
        path.display(),
        out.display()
    );
    Ok((
        json!({ "file": path, "ok": true, "out": out, "signed_by": roles }),
        text,
    ))
}

#[allow(clippy::too_many_arguments)]
fn prepare_file(
    xml: &[u8],
    role: SignerRole,
    chain: &[&[u8]],
    alg: hocba_core::envelope::Algorithm,
    time: UnixTime,
    path: &Path,
    out_dir: &Path,
    opts: &hocba_core::envelope::SignOptions<'_>,
    report: &BulkReport,
) -> Result<Line, Failure> {
    let ui = report.ui();
    let p =
        xmldsig::prepare_with(xml, role, chain, alg, time, opts).map_err(|e| xml_failure(e, ui))?;
    let out = out_name(out_dir, path, ".tbs");
    let raw = out_name(out_dir, path, ".tbs.bin");
    report.write(&out, &p.to_file_bytes())?;
    report.write(&raw, p.signed_info())?;
    let digest = hex::encode(p.digest());
    // File names and the digest only, never record data.
    let text = format!(
        "{} {} → {} ({}: {digest})",
        ui.t("Đã chuẩn bị", "Prepared"),
        path.display(),
        raw.display(),
        alg.digest_name()
    );
    Ok((
        json!({
            "file": path, "ok": true, "to_be_signed": out, "bytes_to_sign": raw,
            "digest_algorithm": alg.digest_name(), "digest": digest,
        }),
        text,
    ))
}

/// `hocba sign DIR --attach --signature SIGDIR -o OUTDIR` for XML pending files.
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
    plan_outputs(args, &files, &[".xml"], ui)?;
    let trust = super::sign::sign_trust(args, ui)?;
    let unused = super::sign::unused_signatures(sig_dir, &files, ui)?;
    std::fs::create_dir_all(&args.out)
        .map_err(|e| Failure::unreadable("output_error", e.to_string()))?;
    let mut report = BulkReport::new(ui, false);
    report.unused = unused;
    let mut role = None;
    let mut roots = None;
    for path in files {
        let mut sig_name = path.file_stem().unwrap_or_default().to_os_string();
        sig_name.push(".sig");
        let result = read_entry(&path, ui).and_then(|pending| {
            let p = Prepared::from_file_bytes(&pending).map_err(|e| xml_failure(e, ui))?;
            role.get_or_insert(p.role());
            let sig = read_file(&sig_dir.join(&sig_name), ui)?;
            let attached =
                xmldsig::attach_with(p, &sig, trust.as_ref()).map_err(|e| xml_failure(e, ui))?;
            let signed = attached.signed;
            let out = out_name(&args.out, &path, ".xml");
            report.write(&out, &signed)?;
            let sig_roles = slots(&signed_roles(&signed, ui)?);
            let text = format!(
                "{} {} → {}",
                ui.t("Đã ký", "Signed"),
                path.display(),
                out.display()
            );
            let mut line = json!({ "file": path, "ok": true, "out": out, "signed_by": sig_roles });
            super::sign::add_roots(&mut line, Some(&attached.roots));
            roots = Some(attached.roots);
            Ok((line, text))
        });
        match result {
            Ok((line, text)) => report.done(line, text),
            Err(e) => report.failed(path, e),
        }
    }
    report.roots = roots;
    report.finish(role)
}
