//! `hocba sign x.pdf` (PAdES) and `hocba verify x.pdf` with PDF signatures, end to end.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a failed test may panic

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn pki(p: &str) -> String {
    repo()
        .join("tests/vectors/pki")
        .join(p)
        .to_string_lossy()
        .into_owned()
}

fn hocba(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_hocba"))
        .args(args)
        .output()
        .unwrap()
}

fn json(o: &Output) -> serde_json::Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|_| {
        panic!(
            "not JSON: {}{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        )
    })
}

/// A signed year record rendered to PDF, sealed with PAdES in-process, then by the principal
/// through --prepare / --attach; verify reports both signatures and the record; a changed byte,
/// a wrong external signature and an unsigned revision after signing are refused with codes.
#[test]
fn a_pdf_is_sealed_countersigned_verified_and_tampering_is_refused() {
    let d = std::env::temp_dir().join(format!("hocba-cli-pades-{}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    let p = |n: &str| d.join(n).to_string_lossy().into_owned();
    // A record signed by the three roles, rendered.
    let mut rec: serde_json::Value = serde_json::from_slice(
        &std::fs::read(repo().join("docs/examples/year-record.json")).unwrap(),
    )
    .unwrap();
    rec["school"]["name"] = "Trường Tiểu học Thử Nghiệm Số 1".into();
    rec["principal"]["capacity"] = "hieu_truong".into();
    // The signers are the test PKI's gvcn-ed25519 and principal-rsa-gov: the record names them
    // (verification binds each signer to the person named, ADR 0140); the same school and
    // principal then sign the PDF (a PDF signer must have signed the record, ADR 0276).
    rec["homeroom_teacher"] =
        serde_json::json!({"full_name": "Nguyễn Thị Lan", "personal_id": "001190000001"});
    rec["principal"]["full_name"] = "Bùi Văn Nam".into();
    rec["principal"]["personal_id"] = "001075000006".into();
    std::fs::write(p("r.json"), serde_json::to_vec(&rec).unwrap()).unwrap();
    let mut input = p("r.json");
    for (i, name) in ["gvcn-ed25519", "principal-rsa-gov", "seal-ed25519"]
        .into_iter()
        .enumerate()
    {
        let out = p(&format!("s{i}.cose"));
        let time = format!("2026-06-01T0{i}:00:00Z");
        let o = hocba(&[
            "sign",
            &input,
            "--cert",
            &pki(&format!("chains/{name}.pem")),
            "--key",
            &pki(&format!("keys/{name}.pk8")),
            "--time",
            &time,
            "-o",
            &out,
        ]);
        assert!(o.status.success());
        input = out;
    }
    let roots = pki("roots.pem");
    let at = "2026-06-15T00:00:00Z";
    let verify = |pdf: &str| hocba(&["--json", "verify", pdf, "--trust", &roots, "--at", at]);
    let pdf = p("y.pdf");
    let o = hocba(&["render", &input, "--trust", &roots, "--at", at, "-o", &pdf]);
    assert!(o.status.success());

    // The seal, in-process (the record's school, RSA under the government-like root).
    let sealed = p("sealed.pdf");
    let o = hocba(&[
        "--json",
        "sign",
        &pdf,
        "-o",
        &sealed,
        "--key",
        &pki("keys/seal-rsa-gov.pk8"),
        "--cert",
        &pki("chains/seal-rsa-gov.pem"),
        "--time",
        "2026-06-01T03:00:00Z",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stdout));
    // The principal, externally: prepare, a wrong signature is refused, the right one attached.
    let prepared = p("prepared.pdf");
    let o = hocba(&[
        "--json",
        "sign",
        &sealed,
        "-o",
        &prepared,
        "--prepare",
        "--alg",
        "RS256",
        "--cert",
        &pki("chains/principal-rsa-gov.pem"),
        "--time",
        "2026-06-01T04:00:00Z",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stdout));
    assert_eq!(json(&o)["digest_algorithm"], "SHA-256");
    let tbs = std::fs::read(format!("{prepared}.bin")).unwrap();
    std::fs::write(p("wrong.sig"), vec![7u8; 256]).unwrap();
    let attach = |sig: &str, out: &str| {
        hocba(&[
            "--json",
            "sign",
            &prepared,
            "-o",
            out,
            "--attach",
            "--alg",
            "RS256",
            "--signature",
            sig,
            "--cert",
            &pki("chains/principal-rsa-gov.pem"),
        ])
    };
    let o = attach(&p("wrong.sig"), &p("never.pdf"));
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        json(&o)["error"]["code"],
        "pades_bad_signature",
        "{}",
        json(&o)
    );
    assert!(!Path::new(&p("never.pdf")).exists());
    // The right signature, made here with the test key (RSASSA-PKCS1-v1_5, SHA-256).
    let key = hocba_core::envelope::SigningKey::from_pkcs8_der(
        &std::fs::read(pki("keys/principal-rsa-gov.pk8")).unwrap(),
        Some(hocba_core::envelope::Algorithm::Rs256),
    )
    .unwrap();
    let sig = key
        .sign(&tbs, &mut hocba_core::envelope::SystemRng)
        .unwrap();
    std::fs::write(p("principal.sig"), sig).unwrap();
    let signed = p("signed.pdf");
    let o = attach(&p("principal.sig"), &signed);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stdout));

    let o = verify(&signed);
    let v = json(&o);
    assert_eq!(o.status.code(), Some(0), "{v}");
    assert_eq!(v["ok"], true);
    assert_eq!(v["pages_match"], true);
    assert_eq!(v["pades"]["ok"], true);
    let roles: Vec<&str> = v["pades"]["signatures"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["role"].as_str().unwrap())
        .collect();
    assert_eq!(roles, ["con_dau", "hieu_truong"]);
    // An unsigned PDF still verifies from its records, with no PDF signature.
    let o = verify(&pdf);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(json(&o)["pades"], serde_json::Value::Null);

    // One byte changed in the rendered part: the signatures fail, exit 1.
    let mut bytes = std::fs::read(&signed).unwrap();
    let at_creator = bytes.windows(8).position(|w| w == b"/Creator").unwrap();
    bytes[at_creator + 2] = b'X';
    std::fs::write(p("tampered.pdf"), &bytes).unwrap();
    let o = verify(&p("tampered.pdf"));
    let v = json(&o);
    assert_eq!(o.status.code(), Some(1), "{v}");
    assert_eq!(v["ok"], false);
    // The first reason is the PAdES one (the file changed after signing explains the pages).
    assert_eq!(
        (v["error"].clone(), v["pages_match"].clone()),
        (
            serde_json::json!("pades_digest_mismatch"),
            serde_json::json!(false)
        ),
        "{v}"
    );
    // One byte changed inside the embedded signed record (in the signed range): the record
    // cannot be read any more, but the PDF is invalid for its PAdES signatures (exit 1), not
    // unreadable (exit 2).
    let mut bytes = std::fs::read(&signed).unwrap();
    let file = bytes
        .windows(13)
        .position(|w| w == b"/EmbeddedFile")
        .unwrap();
    let data = file
        + bytes[file..]
            .windows(7)
            .position(|w| w == b"stream\n")
            .unwrap()
        + 7;
    bytes[data + 20] ^= 0x55;
    std::fs::write(p("tampered-record.pdf"), &bytes).unwrap();
    let o = verify(&p("tampered-record.pdf"));
    let v = json(&o);
    assert_eq!(o.status.code(), Some(1), "{v}");
    assert_eq!(v["error"], "pades_digest_mismatch", "{v}");
    // One byte changed in a signature dictionary (its /M date), the rendered pages untouched:
    // the reason is the PAdES one, the core's first reason as every binding reports it.
    let mut bytes = std::fs::read(&signed).unwrap();
    let m = bytes.windows(5).rposition(|w| w == b"/M(D:").unwrap() + 5;
    bytes[m + 13] = if bytes[m + 13] == b'0' { b'1' } else { b'0' };
    std::fs::write(p("tampered-m.pdf"), &bytes).unwrap();
    let o = verify(&p("tampered-m.pdf"));
    let v = json(&o);
    assert_eq!(o.status.code(), Some(1), "{v}");
    assert_eq!(
        (v["pages_match"].clone(), v["error"].clone()),
        (
            serde_json::json!(true),
            serde_json::json!("pades_digest_mismatch")
        ),
        "{v}"
    );
    // Bytes appended after the last signature: not a hocba PDF with PDF signatures (exit 2).
    let mut appended = std::fs::read(&signed).unwrap();
    appended.extend_from_slice(b"1 0 obj\n<<>>\nendobj\n");
    std::fs::write(p("appended.pdf"), &appended).unwrap();
    let o = verify(&p("appended.pdf"));
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(json(&o)["error"]["code"], "pades_malformed");
    // Another school's seal (a trusted certificate, a valid signature) does not seal this học
    // bạ: exit 1 with the core's code, the record and pages still matching (QA qapdf/02).
    let foreign = p("foreign.pdf");
    let o = hocba(&[
        "sign",
        &pdf,
        "-o",
        &foreign,
        "--key",
        &pki("keys/seal-p256.pk8"),
        "--cert",
        &pki("chains/seal-p256.pem"),
        "--time",
        "2026-06-01T03:00:00Z",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let o = verify(&foreign);
    let v = json(&o);
    assert_eq!(o.status.code(), Some(1), "{v}");
    assert_eq!(
        (v["error"].clone(), v["pages_match"].clone()),
        (
            serde_json::json!("pades_signer_not_of_record"),
            serde_json::json!(true)
        ),
        "{v}"
    );
    std::fs::remove_dir_all(&d).unwrap();
}
