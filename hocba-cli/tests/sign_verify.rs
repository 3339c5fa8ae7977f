//! `hocba sign` and `hocba verify` end to end on the test PKI: in-process signing, the
//! external `--prepare` / `--attach` round trip, exit codes 0 / 1 / 2 and `--json`.

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

fn tmp() -> PathBuf {
    let d = std::env::temp_dir().join(format!("hocba-cli-sign-{}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// Ed25519 needs no randomness: the stand-in for an external signer's RNG.
struct NoRng;
impl hocba_core::envelope::Randomness for NoRng {
    fn fill(&mut self, _: &mut [u8]) -> Result<(), hocba_core::envelope::RandomnessFailed> {
        Err(hocba_core::envelope::RandomnessFailed)
    }
}

#[test]
fn sign_three_roles_then_verify() {
    let d = tmp();
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/examples/year-record.json");
    let mut rec: Value = serde_json::from_slice(&std::fs::read(example).unwrap()).unwrap();
    rec["school"]["name"] = "Trường Tiểu học Thử Nghiệm Số 1".into();
    rec["principal"]["capacity"] = "hieu_truong".into();
    // The signers are the test PKI's gvcn-ed25519 and principal-ed25519: the record names them
    // (verification binds each signer to the person named, ADR 0140).
    rec["homeroom_teacher"] =
        serde_json::json!({"full_name": "Nguyễn Thị Lan", "personal_id": "001190000001"});
    rec["principal"]["full_name"] = "Trần Văn Minh".into();
    rec["principal"]["personal_id"] = "001080000002".into();
    let r = d.join("r.json");
    std::fs::write(&r, serde_json::to_vec(&rec).unwrap()).unwrap();
    let (s1, tbs, s2, s3) = (
        d.join("s1.cose"),
        d.join("p.tbs"),
        d.join("s2.cose"),
        d.join("s3.cose"),
    );
    let t = |h: u8| format!("2026-06-01T0{h}:00:00Z");

    let out = hocba(&[
        "sign",
        s(&r),
        "--cert",
        &pki("chains/gvcn-ed25519.pem"),
        "--key",
        &pki("keys/gvcn-ed25519.key.pem"),
        "--time",
        &t(0),
        "-o",
        s(&s1),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    // The principal signs externally: prepare, sign the bytes elsewhere (here: hocba's own
    // in-process sign of a copy, to stay independent of openssl), attach.
    let out = hocba(&[
        "sign",
        s(&s1),
        "--prepare",
        "--alg",
        "EdDSA",
        "--cert",
        &pki("chains/principal-ed25519.pem"),
        "--time",
        &t(1),
        "-o",
        s(&tbs),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let summary = String::from_utf8_lossy(&out.stdout);
    assert!(
        summary.contains("Hiệu trưởng") && summary.contains("Trần Văn Minh"),
        "{summary}"
    );
    let bytes = std::fs::read(d.join("p.tbs.bin")).unwrap();
    let key = hocba_core::envelope::SigningKey::from_pkcs8_der(
        &std::fs::read(pki("keys/principal-ed25519.pk8")).unwrap(),
        None,
    )
    .unwrap();
    let sig = key.sign(&bytes, &mut NoRng).unwrap();
    let sig_path = d.join("p.sig");
    // A wrong signature is refused (exit 1) with its likely cause: not the certificate's key.
    std::fs::write(&sig_path, [0u8; 64]).unwrap();
    let out = hocba(&[
        "--json",
        "sign",
        s(&tbs),
        "--attach",
        "--signature",
        s(&sig_path),
        "-o",
        s(&s2),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let j: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(j["error"]["code"], "attach_wrong_key");
    std::fs::write(&sig_path, &sig).unwrap();
    let out = hocba(&[
        "sign",
        s(&tbs),
        "--attach",
        "--signature",
        s(&sig_path),
        "-o",
        s(&s2),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    // Awaiting the seal: exit 1, status incomplete.
    let at = "2026-06-15T00:00:00Z";
    let out = hocba(&[
        "--json",
        "verify",
        s(&s2),
        "--trust",
        &pki("roots.pem"),
        "--at",
        at,
    ]);
    assert_eq!(out.status.code(), Some(1));
    let j: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        (j["status"].as_str(), j["error"].as_str()),
        (Some("incomplete"), Some("incomplete"))
    );

    let out = hocba(&[
        "sign",
        s(&s2),
        "--cert",
        &pki("chains/seal-ed25519.pem"),
        "--key",
        &pki("keys/seal-ed25519.pk8"),
        "--time",
        &t(2),
        "-o",
        s(&s3),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = hocba(&[
        "--json",
        "--lang",
        "en",
        "verify",
        s(&s3),
        "--trust",
        &pki("roots.pem"),
        "--crl",
        &pki("crl/gov-ca.crl"),
        "--at",
        at,
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let j: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(j["status"], "valid");
    assert_eq!(
        j["signers"][1]["certificate"]["subject_name"],
        "Trần Văn Minh"
    );

    // Unknown roots: exit 1 (unknown_issuer); unreadable input: exit 2.
    let out = hocba(&[
        "--json",
        "verify",
        s(&s3),
        "--trust",
        &pki("certs/unknown-root.der"),
        "--at",
        at,
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        serde_json::from_slice::<Value>(&out.stdout).unwrap()["error"],
        "unknown_issuer"
    );
    let out = hocba(&["verify", s(&r), "--trust", &pki("roots.pem")]);
    assert_eq!(out.status.code(), Some(2));
    let _ = std::fs::remove_dir_all(&d);
}

/// A school signs a whole directory in one command, role by role; a broken file and a
/// record out of turn are reported without stopping the others; then the directory verifies
/// in bulk.
#[test]
fn sign_a_directory_role_by_role_then_verify_it() {
    let d = tmp().join("bulk-sign");
    let (unsigned, gvcn, principal, seal) = (
        d.join("in"),
        d.join("gvcn"),
        d.join("principal"),
        d.join("seal"),
    );
    std::fs::create_dir_all(&unsigned).unwrap();
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/examples/year-record.json");
    let mut rec: Value = serde_json::from_slice(&std::fs::read(example).unwrap()).unwrap();
    rec["school"]["name"] = "Trường Tiểu học Thử Nghiệm Số 1".into();
    rec["principal"]["capacity"] = "hieu_truong".into();
    // The signers are the test PKI's gvcn-ed25519 and principal-ed25519: the record names them
    // (verification binds each signer to the person named, ADR 0140).
    rec["homeroom_teacher"] =
        serde_json::json!({"full_name": "Nguyễn Thị Lan", "personal_id": "001190000001"});
    rec["principal"]["full_name"] = "Trần Văn Minh".into();
    rec["principal"]["personal_id"] = "001080000002".into();
    for (i, class) in ["5A", "5B", "5C"].iter().enumerate() {
        rec["class_name"] = (*class).into();
        std::fs::write(
            unsigned.join(format!("hs-{i}.json")),
            serde_json::to_vec(&rec).unwrap(),
        )
        .unwrap();
    }
    std::fs::write(unsigned.join("hs-9.json"), b"{ not json").unwrap();
    std::fs::write(unsigned.join("notes.txt"), b"ignored: not a record file").unwrap();
    let sign = |input: &Path, out: &Path, role: &str, who: &str, minute: u8| {
        hocba(&[
            "--json",
            "sign",
            s(input),
            "--role",
            role,
            "--cert",
            &pki(&format!("chains/{who}-ed25519.pem")),
            "--key",
            &pki(&format!("keys/{who}-ed25519.key.pem")),
            "--time",
            &format!("2026-06-01T00:{minute:02}:00Z"),
            "-o",
            s(out),
        ])
    };
    let lines = |out: &Output| -> Vec<Value> {
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    };
    let out = sign(&unsigned, &gvcn, "gvcn", "gvcn", 0);
    // The broken file cannot be read (not JSON): the run exits 2, as `verify DIR` does.
    assert_eq!(out.status.code(), Some(2), "the broken file fails");
    let l = lines(&out);
    let summary = &l.last().unwrap()["summary"];
    assert_eq!(summary["total"], 4);
    assert_eq!(summary["signed"], 3);
    assert_eq!(summary["role"], "gvcn");
    assert!(
        l.iter()
            .any(|v| v["ok"] == false && v["file"].as_str().unwrap().ends_with("hs-9.json")),
        "{l:?}"
    );
    // The seal cannot sign before the principal: every record is reported out of turn.
    let early = sign(&gvcn, &d.join("early"), "con-dau", "seal", 1);
    assert_eq!(early.status.code(), Some(1));
    assert!(
        lines(&early)
            .iter()
            .filter(|v| v["ok"] == false)
            .all(|v| v["code"] == "role_out_of_order")
    );
    // The principal signs the directory externally (a token: one session for the school):
    // prepare every record, sign each NAME.tbs.bin elsewhere, attach NAME.sig from a directory.
    let (tbs_dir, sig_dir) = (d.join("tbs"), d.join("sigs"));
    let out = hocba(&[
        "--json",
        "sign",
        s(&gvcn),
        "--prepare",
        "--alg",
        "EdDSA",
        "--role",
        "hieu-truong",
        "--cert",
        &pki("chains/principal-ed25519.pem"),
        "--time",
        "2026-06-01T00:02:00Z",
        "-o",
        s(&tbs_dir),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let l = lines(&out);
    assert_eq!(l.last().unwrap()["summary"]["prepared"], 3);
    assert!(
        l[..3].iter().all(
            |v| v["digest"].as_str().unwrap().len() == 64 && v["digest_algorithm"] == "SHA-256"
        ),
        "{l:?}"
    );
    // No pupil data on the terminal of a bulk run: file names and digests only.
    assert!(!String::from_utf8_lossy(&out.stdout).contains("Trần Văn Minh"));
    let key = hocba_core::envelope::SigningKey::from_pkcs8_der(
        &std::fs::read(pki("keys/principal-ed25519.pk8")).unwrap(),
        None,
    )
    .unwrap();
    std::fs::create_dir_all(&sig_dir).unwrap();
    for i in 0..3 {
        let bytes = std::fs::read(tbs_dir.join(format!("hs-{i}.tbs.bin"))).unwrap();
        let sig = key.sign(&bytes, &mut NoRng).unwrap();
        if i != 2 {
            std::fs::write(sig_dir.join(format!("hs-{i}.sig")), sig).unwrap();
        }
    }
    // hs-1's signature is damaged and hs-2's is missing: both reported, hs-0 attached.
    let mut bad = std::fs::read(sig_dir.join("hs-1.sig")).unwrap();
    bad[0] ^= 1;
    std::fs::write(sig_dir.join("hs-1.sig"), &bad).unwrap();
    let attach = |out: &Path| {
        hocba(&[
            "--json",
            "sign",
            s(&tbs_dir),
            "--attach",
            "--signature",
            s(&sig_dir),
            "-o",
            s(out),
        ])
    };
    let partial = attach(&d.join("partial"));
    // hs-2's signature file is missing (cannot be read): the worst failure, exit 2.
    assert_eq!(partial.status.code(), Some(2));
    let l = lines(&partial);
    assert_eq!(l.last().unwrap()["summary"]["signed"], 1);
    let failed: Vec<(&str, &str)> = l
        .iter()
        .filter(|v| v["ok"] == false)
        .map(|v| (v["file"].as_str().unwrap(), v["code"].as_str().unwrap()))
        .collect();
    assert!(
        failed
            .iter()
            .any(|(f, c)| f.ends_with("hs-1.tbs") && *c == "attach_wrong_key"),
        "{failed:?}"
    );
    assert!(
        failed.iter().any(|(f, _)| f.ends_with("hs-2.tbs")),
        "{failed:?}"
    );
    for i in 1..3 {
        let bytes = std::fs::read(tbs_dir.join(format!("hs-{i}.tbs.bin"))).unwrap();
        std::fs::write(
            sig_dir.join(format!("hs-{i}.sig")),
            key.sign(&bytes, &mut NoRng).unwrap(),
        )
        .unwrap();
    }
    let out = attach(&principal);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert_eq!(
        lines(&out).last().unwrap()["summary"]["role"],
        "hieu_truong"
    );
    // Attaching needs a directory of signatures.
    let not_dir = hocba(&[
        "sign",
        s(&tbs_dir),
        "--attach",
        "--signature",
        s(&sig_dir.join("hs-0.sig")),
        "-o",
        s(&d.join("x")),
    ]);
    assert_eq!(not_dir.status.code(), Some(2));
    // ADR 0270: a signature file no `.tbs` uses is reported, never ignored, and the run does
    // not exit 0 although every record was attached; with --trust the chain is checked again.
    std::fs::copy(sig_dir.join("hs-0.sig"), sig_dir.join("hs-7.sig")).unwrap();
    let extra = hocba(&[
        "--json",
        "sign",
        s(&tbs_dir),
        "--attach",
        "--signature",
        s(&sig_dir),
        "--trust",
        &pki("roots.pem"),
        "-o",
        s(&d.join("extra")),
    ]);
    assert_eq!(extra.status.code(), Some(1));
    let l = lines(&extra);
    let summary = &l.last().unwrap()["summary"];
    assert_eq!(summary["signed"], 3);
    assert_eq!(summary["unused_signatures"], 1);
    assert_eq!(summary["chain_to_roots"], "chained");
    let unused: Vec<&Value> = l
        .iter()
        .filter(|v| v["code"] == "signature_unused")
        .collect();
    assert_eq!(unused.len(), 1, "{l:?}");
    assert!(unused[0]["file"].as_str().unwrap().ends_with("hs-7.sig"));
    assert!(
        l[..3].iter().all(|v| v["chain_to_roots"] == "chained"),
        "{l:?}"
    );
    std::fs::remove_file(sig_dir.join("hs-7.sig")).unwrap();
    let out = sign(&principal, &seal, "con-dau", "seal", 3);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let out = hocba(&[
        "--json",
        "verify",
        s(&seal),
        "--trust",
        &pki("roots.pem"),
        "--at",
        "2026-06-15T00:00:00Z",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let l = lines(&out);
    assert_eq!(l.last().unwrap()["summary"]["valid"], 3);
    // An empty directory is a usage error.
    let empty = d.join("empty");
    std::fs::create_dir_all(&empty).unwrap();
    assert_eq!(
        sign(&empty, &d.join("x"), "gvcn", "gvcn", 0).status.code(),
        Some(2)
    );
    std::fs::remove_dir_all(&d).unwrap();
}
