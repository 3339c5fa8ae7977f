//! Issue 15 through the CLI: `hocba sign --prepare` refuses an organisation certificate as GVCN
//! and a record with TT27 errors (each check off only by `--no-check`); a back-dated signature
//! after a revocation shows `revoked_later` and is invalid under `--revocation strict`.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a failed test may panic

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

fn hocba(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_hocba"))
        .args(args)
        .output()
        .expect("run hocba")
}

fn pki(rel: &str) -> String {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/vectors/pki")
        .join(rel);
    p.to_string_lossy().into_owned()
}

fn tmp(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("hocba-cli-trust-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// The example record at the test PKI's public school, naming `teacher` (name, số định danh)
/// and the principal of `principal-ed25519`.
fn record(dir: &Path, teacher: (&str, &str), edit: impl FnOnce(&mut Value)) -> PathBuf {
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/examples/year-record.json");
    let mut rec: Value = serde_json::from_slice(&std::fs::read(example).unwrap()).unwrap();
    rec["school"]["name"] = "Trường Tiểu học Thử Nghiệm Số 1".into();
    rec["homeroom_teacher"] = serde_json::json!({"full_name": teacher.0, "personal_id": teacher.1});
    rec["principal"]["capacity"] = "hieu_truong".into();
    rec["principal"]["full_name"] = "Trần Văn Minh".into();
    rec["principal"]["personal_id"] = "001080000002".into();
    edit(&mut rec);
    let r = dir.join("r.json");
    std::fs::write(&r, serde_json::to_vec(&rec).unwrap()).unwrap();
    r
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

const LAN: (&str, &str) = ("Nguyễn Thị Lan", "001190000001");

#[test]
fn prepare_refuses_an_organisation_certificate_as_gvcn_and_tt27_errors() {
    let d = tmp("prepare");
    let r = record(&d, LAN, |_| {});
    let tbs = d.join("p.tbs");
    let prepare = |r: &Path, chain: &str, extra: &[&str]| {
        let mut args = vec![
            "--json",
            "sign",
            s(r),
            "--role",
            "gvcn",
            "--prepare",
            "--alg",
            "EdDSA",
            "--time",
            "2026-06-01T00:00:00Z",
            "--cert",
            chain,
            "-o",
            s(&tbs),
        ];
        args.extend_from_slice(extra);
        hocba(&args)
    };
    let seal = pki("chains/seal-ed25519.pem");
    let out = prepare(&r, &seal, &[]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(
        text(&out).contains("organisation_cert_for_person"),
        "{}",
        text(&out)
    );
    assert!(!tbs.exists(), "nothing was prepared");
    // Turning the person check off does not turn the certificate check off.
    let out = prepare(&r, &seal, &["--no-check", "person"]);
    assert!(
        text(&out).contains("organisation_cert_for_person"),
        "{}",
        text(&out)
    );

    let teacher = pki("chains/gvcn-ed25519.pem");
    let out = prepare(&r, &teacher, &[]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    // Another person's certificate.
    let out = prepare(&r, &pki("chains/gvcn-wrong-person.pem"), &[]);
    assert!(text(&out).contains("signer_id_mismatch"), "{}", text(&out));

    // A subject twice: a TT27 error to correct before signing.
    let broken = record(&d, LAN, |rec| {
        let first = rec["subjects"][0].clone();
        rec["subjects"].as_array_mut().unwrap().push(first);
    });
    let out = prepare(&broken, &teacher, &[]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(text(&out).contains("record_has_errors"), "{}", text(&out));
    let out = prepare(&broken, &teacher, &["--no-check", "record"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let out = prepare(&broken, &teacher, &["--no-check", "nothing"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    // With the roots and CRLs, a revoked certificate is refused before signing.
    let revoked = record(&d, ("Kiều Thị Nhung", "001189000017"), |_| {});
    let chain = pki("chains/bad-revoked.pem");
    let (roots, crl) = (pki("roots.pem"), pki("crl/gov-ca.crl"));
    assert_eq!(prepare(&revoked, &chain, &[]).status.code(), Some(0));
    let out = prepare(&revoked, &chain, &["--trust", &roots, "--crl", &crl]);
    assert!(text(&out).contains("cert_revoked"), "{}", text(&out));
}

#[test]
fn back_dated_after_revocation_shows_revoked_later_and_strict_refuses_it() {
    let d = tmp("revoked");
    // Revoked 2026-03-01 without a reason; signs claiming 2026-01-15.
    let mut input = record(&d, ("Đinh Thị Hạnh", "001197000024"), |_| {});
    for (i, name) in ["revoked-no-reason", "principal-ed25519", "seal-ed25519"]
        .into_iter()
        .enumerate()
    {
        let out_path = d.join(format!("s{i}.cose"));
        let out = hocba(&[
            "sign",
            s(&input),
            "--cert",
            &pki(&format!("chains/{name}.pem")),
            "--key",
            &pki(&format!("keys/{name}.pk8")),
            "--time",
            &format!("2026-01-15T0{i}:00:00Z"),
            "-o",
            s(&out_path),
        ]);
        assert_eq!(out.status.code(), Some(0), "{name}: {}", text(&out));
        input = out_path;
    }
    let verify = |extra: &[&str]| {
        let (roots, crl) = (pki("roots.pem"), pki("crl/gov-ca.crl"));
        let mut args = vec![
            "--json",
            "verify",
            s(&input),
            "--trust",
            &roots,
            "--crl",
            &crl,
            "--at",
            "2026-12-03T00:00:00Z",
        ];
        args.extend_from_slice(extra);
        hocba(&args)
    };
    let out = verify(&[]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let j: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(j["status"], "valid");
    assert_eq!(
        j["signers"][0]["revoked_later"],
        serde_json::json!({"revoked_at": "2026-03-01T00:00:00Z", "reason": null})
    );
    let out = verify(&["--revocation", "strict"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let j: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(j["error"], "revoked_after_claimed_time");
    assert_eq!(
        j["signers"][0]["revoked_later"]["revoked_at"],
        "2026-03-01T00:00:00Z"
    );
    // The human report says it too.
    let (roots, crl) = (pki("roots.pem"), pki("crl/gov-ca.crl"));
    let out = hocba(&[
        "--lang",
        "en",
        "verify",
        s(&input),
        "--trust",
        &roots,
        "--crl",
        &crl,
        "--at",
        "2026-12-03T00:00:00Z",
    ]);
    assert!(
        text(&out).contains("certificate revoked after the claimed signing time: 2026-03-01"),
        "{}",
        text(&out)
    );
}
