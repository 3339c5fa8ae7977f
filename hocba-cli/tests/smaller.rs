//! Issue 14, item 11: the smaller defects users met — `--policy` inline or a file with messages
//! in the chosen language, role spellings, the bytes to sign given to `--attach`, and what a
//! refused signature's message says.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a failed test may panic

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

fn hocba(args: &[&str]) -> Output {
    Command::new(
        std::env::var_os("HOCBA_BIN").unwrap_or_else(|| env!("CARGO_BIN_EXE_hocba").into()),
    )
    .args(args)
    .output()
    .expect("run hocba")
}

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn pki(rel: &str) -> String {
    repo()
        .join("tests/vectors/pki")
        .join(rel)
        .to_string_lossy()
        .into_owned()
}

fn tmp(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("hocba-smaller-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn record(d: &Path) -> PathBuf {
    let mut rec: Value = serde_json::from_slice(
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
    r
}

#[test]
fn policy_inline_or_file_and_messages_in_the_chosen_language() {
    let d = tmp("policy");
    let r = record(&d);
    let inline = hocba(&[
        "--json",
        "validate",
        r.to_str().unwrap(),
        "--policy",
        "{\"zero_score\": \"error\"}",
    ]);
    assert!(
        matches!(inline.status.code(), Some(0 | 1)),
        "{}",
        String::from_utf8_lossy(&inline.stdout)
    );
    let bad = hocba(&[
        "--lang",
        "en",
        "validate",
        r.to_str().unwrap(),
        "--policy",
        "{\"zero_score\": ",
    ]);
    let err = String::from_utf8_lossy(&bad.stderr);
    assert_eq!(bad.status.code(), Some(2));
    assert!(err.contains("line") && err.contains("column"), "{err}");
    assert!(!err.contains("dòng") && !err.contains("cột"), "{err}");
    // A setting that does not take the value is named (the core's one reading of a policy).
    let bad = hocba(&[
        "--lang",
        "en",
        "validate",
        r.to_str().unwrap(),
        "--policy",
        "{\"zero_score\": \"nope\"}",
    ]);
    let err = String::from_utf8_lossy(&bad.stderr);
    assert_eq!(bad.status.code(), Some(2));
    assert!(
        err.contains("«zero_score»") && err.contains("invalid_policy"),
        "{err}"
    );
}

#[test]
fn roles_are_spelled_either_way_and_the_bytes_to_sign_are_not_the_tbs_file() {
    let d = tmp("roles");
    let r = record(&d);
    let s1 = d.join("s1.cose");
    let o = hocba(&[
        "sign",
        r.to_str().unwrap(),
        "--role",
        "gvcn",
        "--cert",
        &pki("chains/gvcn-ed25519.pem"),
        "--key",
        &pki("keys/gvcn-ed25519.key.pem"),
        "--time",
        "2026-06-01T00:00:00Z",
        "-o",
        s1.to_str().unwrap(),
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    for role in ["hieu_truong", "hieu-truong"] {
        let tbs = d.join(format!("{role}.tbs"));
        let o = hocba(&[
            "sign",
            s1.to_str().unwrap(),
            "--role",
            role,
            "--prepare",
            "--alg",
            "EdDSA",
            "--cert",
            &pki("chains/principal-ed25519.pem"),
            "--time",
            "2026-06-01T01:00:00Z",
            "-o",
            tbs.to_str().unwrap(),
        ]);
        assert_eq!(
            o.status.code(),
            Some(0),
            "{role}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
    }
    // The .tbs.bin given where the .tbs file is expected.
    let bin = d.join("hieu_truong.tbs.bin");
    let o = hocba(&[
        "--json",
        "--lang",
        "en",
        "sign",
        bin.to_str().unwrap(),
        "--attach",
        "--signature",
        bin.to_str().unwrap(),
        "-o",
        d.join("x.cose").to_str().unwrap(),
    ]);
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["error"]["code"], "to_be_signed_malformed", "{v}");
    assert!(
        v["error"]["message"]
            .as_str()
            .unwrap()
            .contains(".tbs file"),
        "{v}"
    );
    // A signature written as base64 text: the message says so.
    let sig = d.join("sig.b64");
    std::fs::write(
        &sig,
        b"bm90IGEgc2lnbmF0dXJlIGF0IGFsbCBub3QgYSBzaWduYXR1cmUgYXQgYWxsIG5vdCBhIHNpZ25hdHVyZSBh\n",
    )
    .unwrap();
    let o = hocba(&[
        "--json",
        "--lang",
        "en",
        "sign",
        d.join("hieu_truong.tbs").to_str().unwrap(),
        "--attach",
        "--signature",
        sig.to_str().unwrap(),
        "-o",
        d.join("y.cose").to_str().unwrap(),
    ]);
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(o.status.code(), Some(1), "{v}");
    assert_eq!(v["error"]["code"], "attach_base64_not_raw", "{v}");
    assert!(
        v["error"]["message"]
            .as_str()
            .unwrap()
            .contains("raw signature bytes"),
        "{v}"
    );
}
