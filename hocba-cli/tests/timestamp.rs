//! `hocba timestamp` with a local TSA (`openssl ts -reply`, skipped with a message when openssl
//! is absent) and `hocba verify --tsa-roots`: the stamped signer is judged at the token's time
//! and the report says so (ADR 0160).

#![allow(clippy::unwrap_used, clippy::expect_used)] // a failed test may panic

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use hocba_core::UnixTime;
use serde_json::Value;

fn hocba(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_hocba"))
        .args(args)
        .output()
        .expect("run hocba")
}

fn pki(rel: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/vectors/pki")
        .join(rel)
        .to_string_lossy()
        .into_owned()
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn json(o: &Output) -> Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| {
        panic!(
            "{e}: {}{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        )
    })
}

fn tmp() -> PathBuf {
    let d = std::env::temp_dir().join(format!("hocba-cli-tsa-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn sign(input: &Path, out: &Path, role: &str, leaf: &str, time: &str) {
    let o = hocba(&[
        "sign",
        "--no-check",
        "record",
        s(input),
        "-o",
        s(out),
        "--role",
        role,
        "--key",
        &pki(&format!("keys/{leaf}.pk8")),
        "--cert",
        &pki(&format!("chains/{leaf}.pem")),
        "--alg",
        "RS256",
        "--time",
        time,
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
}

/// The test PKI's TSA answering `req` with `openssl ts -reply`.
fn openssl_reply(dir: &Path, req: &Path, out: &Path) {
    let cfg = dir.join("tsa.cnf");
    std::fs::write(
        &cfg,
        format!(
            "[ tsa ]\ndefault_tsa = t\n[ t ]\nserial = {d}/serial\nsigner_cert = {c}\nsigner_key = {k}\nsigner_digest = sha256\ndefault_policy = 1.3.6.1.4.1.99999.2\ndigests = sha256\ness_cert_id_alg = sha256\n",
            d = dir.display(),
            c = pki("certs/tsa.pem"),
            k = pki("keys/tsa.key.pem"),
        ),
    )
    .unwrap();
    std::fs::write(dir.join("serial"), "01\n").unwrap();
    let o = Command::new("openssl")
        .args([
            "ts",
            "-reply",
            "-config",
            s(&cfg),
            "-queryfile",
            s(req),
            "-out",
            s(out),
        ])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

#[test]
fn a_signature_time_stamped_by_a_local_tsa_is_judged_at_the_token_time() {
    if Command::new("openssl").arg("version").output().is_err() {
        eprintln!("SKIPPED: openssl is not installed; hocba timestamp was not exercised");
        return;
    }
    let d = tmp();
    let wall = i64::try_from(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs(),
    )
    .unwrap();
    let t = |offset: i64| UnixTime::from_secs(wall + offset).to_rfc3339();
    let unsigned = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/vectors/xmldsig/national-unsigned.xml");
    let (g, tsq, tsr, gt, c, k) = (
        d.join("g.xml"),
        d.join("g.tsq"),
        d.join("g.tsr"),
        d.join("gt.xml"),
        d.join("c.xml"),
        d.join("k.xml"),
    );
    sign(&unsigned, &g, "gvcn", "gvcn-rsa", &t(-3600));
    // Step 1: the request.
    let o = hocba(&[
        "--json",
        "timestamp",
        s(&g),
        "--role",
        "gvcn",
        "--request",
        s(&tsq),
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let j = json(&o);
    assert_eq!(j["slot"], "GVCN");
    assert_eq!(j["nonce"].as_str().unwrap().len(), 16);
    openssl_reply(&d, &tsq, &tsr);
    // Step 2: the response, checked against the request, written into the signature.
    let o = hocba(&[
        "timestamp",
        s(&g),
        "--role",
        "gvcn",
        "--attach",
        s(&tsr),
        "--request",
        s(&tsq),
        "-o",
        s(&gt),
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    // Twice: refused (exit 1); a response that is not DER: unreadable (exit 2).
    let o = hocba(&[
        "--json",
        "timestamp",
        s(&gt),
        "--role",
        "gvcn",
        "--attach",
        s(&tsr),
    ]);
    assert_eq!(
        (o.status.code(), json(&o)["error"]["code"].as_str()),
        (Some(1), Some("xmldsig_prepare"))
    );
    let o = hocba(&[
        "--json",
        "timestamp",
        s(&g),
        "--role",
        "gvcn",
        "--attach",
        s(&g),
    ]);
    assert_eq!(
        (o.status.code(), json(&o)["error"]["code"].as_str()),
        (Some(2), Some("timestamp_response_malformed"))
    );
    sign(&gt, &c, "cbql", "principal-rsa", &t(-3000));
    sign(&c, &k, "ky-phat-hanh", "seal-rsa", &t(-2400));
    let at = t(60);
    let (roots, crl) = (pki("roots.pem"), pki("crl/gov-ca-rsa.crl"));
    let verify = |extra: &[&str]| {
        let mut args = vec![
            "--json",
            "verify",
            s(&k),
            "--trust",
            &roots,
            "--crl",
            &crl,
            "--at",
            &at,
            "--revocation",
            "strict",
        ];
        args.extend_from_slice(extra);
        let o = hocba(&args);
        (o.status.code().unwrap(), json(&o))
    };
    let tsa_roots = pki("tsa-roots.pem");
    let (code, j) = verify(&["--tsa-roots", &tsa_roots]);
    assert_eq!(code, 0, "{j}");
    let g0 = &j["signers"][0];
    assert_eq!(g0["time_source"], "timestamp");
    assert_eq!(g0["timestamp"]["tsa"], "Hocba Test TSA");
    assert_eq!(g0["judged_at"], g0["timestamp"]["time"]);
    assert_eq!(j["signers"][1]["time_source"], "claimed");
    assert_eq!(j["signers"][1]["timestamp"], Value::Null);
    // The TSA root given as a signer root, or no TSA root: the token is refused, never ignored.
    let (code, j) = verify(&["--trust", &tsa_roots]);
    assert_eq!(
        (code, j["error"].as_str()),
        (1, Some("timestamp_tsa_untrusted"))
    );
    // The human report shows the time used.
    let o = hocba(&[
        "--lang",
        "en",
        "verify",
        s(&k),
        "--trust",
        &pki("roots.pem"),
        "--tsa-roots",
        &tsa_roots,
        "--at",
        &at,
    ]);
    let text = String::from_utf8_lossy(&o.stdout);
    assert_eq!(o.status.code(), Some(0), "{text}");
    assert!(
        text.contains("time-stamp (the certificate was judged at this time)"),
        "{text}"
    );
    assert!(text.contains("Hocba Test TSA"), "{text}");
    let _ = std::fs::remove_dir_all(&d);
}

/// A PDF's last signature is the one time-stamped: `--role` is for an XML, and an XML needs it.
#[test]
fn the_role_is_for_an_xml_and_a_pdf_takes_none() {
    // Its own directory: `tmp()` empties the one the other test works in.
    let d = std::env::temp_dir().join(format!("hocba-cli-tsa-roles-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    let pdf = d.join("x.pdf");
    std::fs::write(&pdf, b"%PDF-1.7\n").unwrap();
    let o = hocba(&[
        "--json",
        "timestamp",
        s(&pdf),
        "--role",
        "gvcn",
        "--request",
        s(&d.join("r.tsq")),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(json(&o)["error"]["code"], "timestamp_role");
    let xml = d.join("x.xml");
    std::fs::write(&xml, b"<HOC_BA/>").unwrap();
    let o = hocba(&[
        "--json",
        "timestamp",
        s(&xml),
        "--request",
        s(&d.join("r.tsq")),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(json(&o)["error"]["code"], "timestamp_role");
    // A PDF without PDF signatures: nothing to time-stamp (exit 1, the core's code).
    let o = hocba(&[
        "--json",
        "timestamp",
        s(&pdf),
        "--request",
        s(&d.join("r.tsq")),
    ]);
    assert_ne!(o.status.code(), Some(0));
    assert!(!d.join("r.tsq").exists());
    std::fs::remove_dir_all(&d).unwrap();
}
