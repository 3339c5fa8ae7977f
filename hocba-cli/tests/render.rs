//! `hocba render` end to end.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a failed test may panic

use std::path::{Path, PathBuf};
use std::process::Command;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn tmp(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("hocba-cli-render-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    d
}

#[test]
fn render_writes_a_deterministic_pdf_of_a_transcript_and_of_a_record() {
    let d = tmp("render");
    for (input, out) in [
        ("docs/examples/transcript.json", "t"),
        ("docs/examples/year-record.json", "y"),
    ] {
        let mut pdfs = Vec::new();
        for i in 0..2 {
            let path = d.join(format!("{out}{i}.pdf"));
            let o = Command::new(env!("CARGO_BIN_EXE_hocba"))
                .args(["--json", "render"])
                .arg(repo().join(input))
                .arg("-o")
                .arg(&path)
                .output()
                .unwrap();
            assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
            let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
            assert_eq!(v["ok"], true);
            assert_eq!(v["signed"], false);
            pdfs.push(std::fs::read(&path).unwrap());
        }
        assert!(pdfs[0].starts_with(b"%PDF-"));
        assert_eq!(pdfs[0], pdfs[1]);
    }
    let _ = std::fs::remove_dir_all(&d);
}

#[test]
fn render_of_unreadable_input_exits_2() {
    let d = tmp("bad");
    let bad = d.join("bad.json");
    std::fs::write(&bad, b"{ not json").unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_hocba"))
        .args(["render"])
        .arg(&bad)
        .arg("-o")
        .arg(d.join("x.pdf"))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(!d.join("x.pdf").exists());
    let _ = std::fs::remove_dir_all(&d);
}

fn pki(rel: &str) -> String {
    repo()
        .join("tests/vectors/pki")
        .join(rel)
        .to_string_lossy()
        .into_owned()
}

fn hocba(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_hocba"))
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn render_of_a_signed_record_verifies_first_and_embeds_the_signed_bytes() {
    let d = tmp("signed");
    let mut rec: serde_json::Value = serde_json::from_slice(
        &std::fs::read(repo().join("docs/examples/year-record.json")).unwrap(),
    )
    .unwrap();
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
    let mut input = r.to_string_lossy().into_owned();
    for (i, (chain, key)) in [
        ("chains/gvcn-ed25519.pem", "keys/gvcn-ed25519.pk8"),
        ("chains/principal-ed25519.pem", "keys/principal-ed25519.pk8"),
        ("chains/seal-ed25519.pem", "keys/seal-ed25519.pk8"),
    ]
    .into_iter()
    .enumerate()
    {
        let out = d.join(format!("s{i}.cose")).to_string_lossy().into_owned();
        let time = format!("2026-06-01T0{i}:00:00Z");
        let o = hocba(&[
            "sign",
            &input,
            "--cert",
            &pki(chain),
            "--key",
            &pki(key),
            "--time",
            &time,
            "-o",
            &out,
        ]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        input = out;
    }
    let pdf = d.join("signed.pdf");
    let pdf_s = pdf.to_string_lossy().into_owned();
    // Without trust roots a signed record is not rendered.
    let o = hocba(&["render", &input, "-o", &pdf_s]);
    assert_eq!(o.status.code(), Some(2));
    let o = hocba(&[
        "--json",
        "render",
        &input,
        "--trust",
        &pki("roots.pem"),
        "--at",
        "2026-06-15T00:00:00Z",
        "-o",
        &pdf_s,
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(
        (v["signed"].as_bool(), v["verified"].as_bool()),
        (Some(true), Some(true))
    );
    let bytes = std::fs::read(&pdf).unwrap();
    assert_eq!(
        hocba_core::render::extract_signed(&bytes).unwrap(),
        std::fs::read(&input).unwrap()
    );
    let _ = std::fs::remove_dir_all(&d);
}

#[test]
fn verify_of_a_pdf_checks_the_signatures_and_the_pages() {
    let d = tmp("verifypdf");
    let mut rec: serde_json::Value = serde_json::from_slice(
        &std::fs::read(repo().join("docs/examples/year-record.json")).unwrap(),
    )
    .unwrap();
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
    let mut input = r.to_string_lossy().into_owned();
    for (i, name) in ["gvcn-ed25519", "principal-ed25519", "seal-ed25519"]
        .into_iter()
        .enumerate()
    {
        let out = d.join(format!("s{i}.cose")).to_string_lossy().into_owned();
        let (chain, key, time) = (
            pki(&format!("chains/{name}.pem")),
            pki(&format!("keys/{name}.pk8")),
            format!("2026-06-01T0{i}:00:00Z"),
        );
        assert!(
            hocba(&[
                "sign", &input, "--cert", &chain, "--key", &key, "--time", &time, "-o", &out
            ])
            .status
            .success()
        );
        input = out;
    }
    let roots = pki("roots.pem");
    let at = "2026-06-15T00:00:00Z";
    let pdf = d.join("y.pdf").to_string_lossy().into_owned();
    assert!(
        hocba(&["render", &input, "--trust", &roots, "--at", at, "-o", &pdf])
            .status
            .success()
    );
    let o = hocba(&["--json", "verify", &pdf, "--trust", &roots, "--at", at]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(
        (v["ok"].as_bool(), v["pages_match"].as_bool()),
        (Some(true), Some(true))
    );

    // A tampered attachment: one byte of the embedded signed record flipped.
    let cose = std::fs::read(&input).unwrap();
    let mut bytes = std::fs::read(&pdf).unwrap();
    let at_byte = bytes
        .windows(cose.len())
        .position(|w| w == cose.as_slice())
        .unwrap()
        + cose.len()
        - 40;
    bytes[at_byte] ^= 0x01;
    let bad = d.join("bad.pdf").to_string_lossy().into_owned();
    std::fs::write(&bad, &bytes).unwrap();
    let o = hocba(&["--json", "verify", &bad, "--trust", &roots, "--at", at]);
    assert_ne!(o.status.code(), Some(0));
    let _ = std::fs::remove_dir_all(&d);
}

/// A signed transcript container renders after the identity page of its transcript; the PDF
/// verifies on its own; a container without `--transcript`, or with another pupil's, is refused.
#[test]
#[cfg(feature = "demo")] // `hocba demo` (test PKI) is built only with the `demo` feature
fn render_of_a_signed_transcript_container() {
    let d = tmp("container");
    let demo = d.join("demo");
    let o = hocba(&["--json", "demo", "--out", demo.to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let (container, transcript, roots) = (
        demo.join("transcript.hocba"),
        demo.join("transcript.json"),
        demo.join("trust/roots.pem"),
    );
    let pdf = d.join("t.pdf");
    let render = |context: &Path| {
        hocba(&[
            "--json",
            "render",
            container.to_str().unwrap(),
            "--transcript",
            context.to_str().unwrap(),
            "--trust",
            roots.to_str().unwrap(),
            "--at",
            "2026-06-15T00:00:00Z",
            "-o",
            pdf.to_str().unwrap(),
        ])
    };
    let o = render(&transcript);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stdout));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["kind"], "signed_transcript");
    assert_eq!(v["years"], 5);
    assert_eq!(v["status"], "valid");
    let o = hocba(&[
        "verify",
        pdf.to_str().unwrap(),
        "--trust",
        roots.to_str().unwrap(),
        "--at",
        "2026-06-15T00:00:00Z",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stdout));

    // Another pupil's identity page must not front these years.
    let mut other: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&transcript).unwrap()).unwrap();
    other["pupil"]["full_name"] = "Trần Văn Khác".into();
    other["pupil"]["personal_id"] = "001099000001".into();
    other["pupil"]["pupil_code"] = serde_json::Value::Null;
    let other_path = d.join("other.json");
    std::fs::write(&other_path, serde_json::to_vec(&other).unwrap()).unwrap();
    let o = render(&other_path);
    assert_eq!(o.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["error"]["code"], "pupil_mismatch", "{v}");

    let o = hocba(&[
        "--json",
        "render",
        container.to_str().unwrap(),
        "-o",
        pdf.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["error"]["code"], "transcript_required");
    std::fs::remove_dir_all(&d).unwrap();
}
