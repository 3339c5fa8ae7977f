//! `hocba sign` and `hocba verify` on the national XML (XML-DSig, issue 13) with the committed
//! vectors: the attack corpus verified with its expected codes and exit codes, the three
//! roles signed in-process, through `--prepare`/`--attach` and over a directory, wrong
//! signatures refused with the core's cause, the required-roles policy, an unsigned XML.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a failed test may panic

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

const AT: &str = "2026-06-03T00:00:00Z";

fn hocba(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_hocba"))
        .args(args)
        .output()
        .expect("run hocba")
}

fn vectors(rel: &str) -> String {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/vectors")
        .join(rel);
    p.to_string_lossy().into_owned()
}

fn pki(rel: &str) -> String {
    vectors(&format!("pki/{rel}"))
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn stdout_json(o: &Output) -> Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| {
        panic!(
            "{e}: {}{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        )
    })
}

fn verify_json(file: &str, extra: &[&str]) -> (i32, Value) {
    let trust = pki("roots.pem");
    let mut args = vec!["--json", "verify", file, "--trust", &trust, "--at", AT];
    args.extend_from_slice(extra);
    let o = hocba(&args);
    (o.status.code().unwrap(), stdout_json(&o))
}

/// The external signer (a token, a remote-signing service): signs the `.bin` bytes with the
/// test key, outside hocba's signing path.
fn external_sign(key: &str, bin: &Path, out: &Path) {
    let der = std::fs::read(pki(&format!("keys/{key}.pk8"))).unwrap();
    let k = hocba_core::envelope::SigningKey::from_pkcs8_der(
        &der,
        Some(hocba_core::envelope::Algorithm::Rs256),
    )
    .unwrap();
    let sig = k
        .sign(
            &std::fs::read(bin).unwrap(),
            &mut hocba_core::envelope::SystemRng,
        )
        .unwrap();
    std::fs::write(out, sig).unwrap();
}

#[test]
fn the_attack_corpus_is_refused_with_its_code_and_exit() {
    let manifest: Value =
        serde_json::from_slice(&std::fs::read(vectors("xmldsig/attacks/manifest.json")).unwrap())
            .unwrap();
    let cases = manifest["cases"].as_array().unwrap();
    assert!(cases.len() > 20);
    for c in cases {
        let file = vectors(&format!("xmldsig/attacks/{}", c["file"].as_str().unwrap()));
        let expect = c["expect"].as_str().unwrap();
        let (code, j) = verify_json(&file, &[]);
        if expect == "valid" {
            assert_eq!(code, 0, "{file}: {j}");
            assert_eq!(j["status"], "valid");
            assert_eq!(j["format"], "national_xml");
            let slots: Vec<&str> = j["signers"]
                .as_array()
                .unwrap()
                .iter()
                .map(|s| s["slot"].as_str().unwrap())
                .collect();
            assert_eq!(slots, ["GVCN", "CBQL", "KY_PHAT_HANH"]);
            continue;
        }
        assert_eq!(j["ok"], false, "{file}");
        // Refused while reading (the error object), or by a signer (the report).
        let got = j["error"]["code"]
            .as_str()
            .or_else(|| j["error"].as_str())
            .unwrap();
        assert_eq!(got, expect, "{file}: {j}");
        // The exit code is the core's: a refusal while reading exits with its error's class
        // (ADR 0090), a signer's failure 1.
        let expected_exit =
            match hocba_core::xmldsig::UnverifiedXml::from_bytes(&std::fs::read(&file).unwrap()) {
                Err(e) => i32::from(hocba_core::Error::from(e).class().exit_code()),
                Ok(_) => 1,
            };
        assert_eq!(code, expected_exit, "{file}");
    }
}

#[test]
fn text_report_names_each_slot_signer_and_status() {
    let trust = pki("roots.pem");
    let file = vectors("xmldsig/attacks/valid-rs256.xml");
    let o = hocba(&["verify", &file, "--trust", &trust, "--at", AT]);
    assert_eq!(o.status.code(), Some(0));
    let text = String::from_utf8(o.stdout).unwrap();
    assert!(
        text.starts_with("Học bạ số (XML quốc gia): hợp lệ"),
        "{text}"
    );
    for line in [
        "1. GVCN (Giáo viên chủ nhiệm): ",
        "2. CBQL (Hiệu trưởng): ",
        "3. KY_PHAT_HANH (Con dấu của trường): ",
    ] {
        assert!(text.contains(line), "{line} in {text}");
    }
    assert_eq!(text.matches("RS256").count(), 3, "{text}");
    assert_eq!(text.matches("— ✓").count(), 3, "{text}");
    // A tampered record: every signer names the digest mismatch; exit 1.
    let bad = vectors("xmldsig/attacks/data-byte-changed.xml");
    let o = hocba(&[
        "--lang", "en", "verify", &bad, "--trust", &trust, "--at", AT,
    ]);
    assert_eq!(o.status.code(), Some(1));
    let text = String::from_utf8(o.stdout).unwrap();
    assert!(
        text.starts_with("National học bạ số (XML): invalid"),
        "{text}"
    );
    assert_eq!(
        text.matches("[xmldsig_digest_mismatch]").count(),
        3,
        "{text}"
    );
}

#[test]
fn trust_and_time_decide_as_for_cose() {
    let file = vectors("xmldsig/attacks/valid-rs256.xml");
    // Another root: the chains do not build.
    let other = pki("certs/unknown-root.pem");
    let o = hocba(&["--json", "verify", &file, "--trust", &other, "--at", AT]);
    assert_eq!(o.status.code(), Some(1));
    let j = stdout_json(&o);
    assert_eq!(j["status"], "invalid");
    assert!(j["signers"][0]["valid"] == false, "{j}");
    // Verified before it was signed: the signing time is in the future.
    let (code, j) = {
        let trust = pki("roots.pem");
        let o = hocba(&[
            "--json",
            "verify",
            &file,
            "--trust",
            &trust,
            "--at",
            "2026-05-01T00:00:00Z",
        ]);
        (o.status.code().unwrap(), stdout_json(&o))
    };
    assert_eq!(code, 1);
    assert_eq!(j["status"], "invalid", "{j}");
}

#[test]
fn unsigned_xml_is_a_clear_refusal() {
    let trust = pki("roots.pem");
    let file = vectors("xmldsig/national-unsigned.xml");
    let o = hocba(&["verify", &file, "--trust", &trust, "--at", AT]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8(o.stderr).unwrap();
    assert!(err.contains("chưa có chữ ký số nào"), "{err}");
    assert!(err.contains("[xmldsig_not_signed]"), "{err}");
    let o = hocba(&["--json", "verify", &file, "--trust", &trust]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(stdout_json(&o)["error"]["code"], "xmldsig_not_signed");
}

fn tmp(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("hocba-cli-xml-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn sign_in_process(input: &Path, out: &Path, role: &str, leaf: &str, time: &str) -> Output {
    let key = pki(&format!("keys/{leaf}.pk8"));
    let chain = pki(&format!("chains/{leaf}.pem"));
    hocba(&[
        "sign",
        // Every check before signing runs (ADR 0142): the fixture is the national writer's.
        s(input),
        "-o",
        s(out),
        "--role",
        role,
        "--key",
        &key,
        "--cert",
        &chain,
        "--alg",
        "RS256",
        "--time",
        time,
    ])
}

#[test]
fn three_roles_in_process_and_external_then_valid() {
    let d = tmp("three");
    let unsigned = PathBuf::from(vectors("xmldsig/national-unsigned.xml"));
    let (g, tbs, c, k) = (
        d.join("g.xml"),
        d.join("c.tbs"),
        d.join("c.xml"),
        d.join("k.xml"),
    );
    // GVCN in-process; the role's slot name is accepted as --role.
    let o = sign_in_process(
        &unsigned,
        &g,
        "gvcn",
        "gvcn-rsa",
        "2026-06-01T07:00:00+07:00",
    );
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    // CBQL externally: the role is the next one by default.
    let chain = pki("chains/principal-rsa.pem");
    let o = hocba(&[
        "--json",
        "sign",
        s(&g),
        "-o",
        s(&tbs),
        "--prepare",
        "--alg",
        "RS256",
        "--cert",
        &chain,
        "--time",
        "2026-06-01T08:00:00+07:00",
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let j = stdout_json(&o);
    assert_eq!(j["slot"], "CBQL");
    assert_eq!(j["digest_algorithm"], "SHA-256");
    let bin = d.join("c.tbs.bin");
    let signed_info = std::fs::read(&bin).unwrap();
    assert!(
        signed_info.starts_with(b"<ds:SignedInfo"),
        "the canonical SignedInfo"
    );
    // The printed digest is the SHA-256 of the bytes to sign.
    use sha2::Digest;
    assert_eq!(
        j["digest"].as_str().unwrap(),
        hex::encode(sha2::Sha256::digest(&signed_info))
    );
    // A signature by another key is refused with the core's cause; base64 text too.
    let wrong = d.join("wrong.sig");
    external_sign("gvcn-rsa", &bin, &wrong);
    let o = hocba(&[
        "--json",
        "sign",
        s(&tbs),
        "--attach",
        "--signature",
        s(&wrong),
        "-o",
        s(&c),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(stdout_json(&o)["error"]["code"], "attach_wrong_key");
    assert!(!c.exists(), "nothing written for a refused signature");
    let sig = d.join("c.sig");
    external_sign("principal-rsa", &bin, &sig);
    use base64::Engine;
    let b64 = d.join("b64.sig");
    std::fs::write(
        &b64,
        base64::engine::general_purpose::STANDARD.encode(std::fs::read(&sig).unwrap()),
    )
    .unwrap();
    let o = hocba(&[
        "--json",
        "sign",
        s(&tbs),
        "--attach",
        "--signature",
        s(&b64),
        "-o",
        s(&c),
    ]);
    assert_eq!(o.status.code(), Some(1));
    let j = stdout_json(&o);
    assert_eq!(j["error"]["code"], "attach_base64_not_raw");
    assert_eq!(j["detail"]["cause"], "attach_base64_not_raw");
    let o = hocba(&[
        "--json",
        "sign",
        s(&tbs),
        "--attach",
        "--signature",
        s(&sig),
        "-o",
        s(&c),
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
    let j = stdout_json(&o);
    assert_eq!(j["signed_by"], serde_json::json!(["GVCN", "CBQL"]));
    assert_eq!(j["next"], "KY_PHAT_HANH");
    // GVCN and CBQL: incomplete (every policy needs KY_PHAT_HANH).
    let (code, j) = verify_json(s(&c), &[]);
    assert_eq!((code, j["status"].as_str()), (1, Some("incomplete")));
    assert_eq!(j["missing_slots"], serde_json::json!(["KY_PHAT_HANH"]));
    // The school seal in-process; the role's slot name is accepted.
    let o = sign_in_process(
        &c,
        &k,
        "ky-phat-hanh",
        "seal-rsa",
        "2026-06-01T09:00:00+07:00",
    );
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let (code, j) = verify_json(s(&k), &[]);
    assert_eq!((code, j["status"].as_str()), (0, Some("valid")), "{j}");
    // The slot is filled: signing it again is refused.
    let o = sign_in_process(
        &k,
        &d.join("again.xml"),
        "cbql",
        "principal-rsa",
        "2026-06-01T10:00:00+07:00",
    );
    assert_eq!(o.status.code(), Some(1));
    let _ = std::fs::remove_dir_all(&d);
}

#[test]
fn spec_minimum_accepts_cbql_and_ky_phat_hanh() {
    let d = tmp("minimum");
    let unsigned = PathBuf::from(vectors("xmldsig/national-unsigned.xml"));
    let (c, k) = (d.join("c.xml"), d.join("k.xml"));
    let o = sign_in_process(
        &unsigned,
        &c,
        "cbql",
        "principal-rsa",
        "2026-06-01T08:00:00+07:00",
    );
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let o = sign_in_process(&c, &k, "con_dau", "seal-rsa", "2026-06-01T09:00:00+07:00");
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let (code, j) = verify_json(s(&k), &[]);
    assert_eq!((code, j["status"].as_str()), (1, Some("incomplete")));
    assert_eq!(j["missing_slots"], serde_json::json!(["GVCN"]));
    let (code, j) = verify_json(s(&k), &["--roles", "spec-minimum"]);
    assert_eq!((code, j["status"].as_str()), (0, Some("valid")), "{j}");
    assert_eq!(
        j["required_roles"],
        serde_json::json!(["CBQL", "KY_PHAT_HANH"])
    );
    // Only CBQL: incomplete even under the minimum.
    let (code, j) = verify_json(s(&c), &["--roles", "spec-minimum"]);
    assert_eq!((code, j["status"].as_str()), (1, Some("incomplete")));
    // Bulk and `--as-transcript` take the same policy: `xml_years.rs` (records the national
    // reader reads, which bulk verification needs).
    let _ = std::fs::remove_dir_all(&d);
}

#[test]
fn a_school_directory_signed_prepared_and_attached() {
    let d = tmp("bulk");
    let school = d.join("school");
    std::fs::create_dir_all(&school).unwrap();
    for n in ["a", "b", "c"] {
        std::fs::copy(
            vectors("xmldsig/national-unsigned.xml"),
            school.join(format!("{n}.xml")),
        )
        .unwrap();
    }
    let (g, p, sigs, c) = (d.join("g"), d.join("p"), d.join("sigs"), d.join("c"));
    let o = sign_in_process(&school, &g, "gvcn", "gvcn-rsa", "2026-06-01T07:00:00+07:00");
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
    let chain = pki("chains/principal-rsa.pem");
    let o = hocba(&[
        "--json",
        "sign",
        s(&g),
        "-o",
        s(&p),
        "--prepare",
        "--alg",
        "RS256",
        "--cert",
        &chain,
        "--time",
        "2026-06-01T08:00:00+07:00",
    ]);
    assert_eq!(o.status.code(), Some(0));
    let lines: Vec<Value> = String::from_utf8(o.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.last().unwrap()["summary"]["prepared"], 3);
    std::fs::create_dir_all(&sigs).unwrap();
    for n in ["a", "b"] {
        external_sign(
            "principal-rsa",
            &p.join(format!("{n}.tbs.bin")),
            &sigs.join(format!("{n}.sig")),
        );
    }
    // c's signature is by the wrong key: refused, the others attached.
    external_sign("seal-rsa", &p.join("c.tbs.bin"), &sigs.join("c.sig"));
    let o = hocba(&[
        "--json",
        "sign",
        s(&p),
        "--attach",
        "--signature",
        s(&sigs),
        "-o",
        s(&c),
    ]);
    assert_eq!(o.status.code(), Some(1));
    let lines: Vec<Value> = String::from_utf8(o.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let failed: Vec<&Value> = lines.iter().filter(|l| l["ok"] == false).collect();
    assert_eq!(failed.len(), 1);
    assert_eq!(failed[0]["code"], "attach_wrong_key");
    assert_eq!(lines.last().unwrap()["summary"]["signed"], 2);
    for n in ["a", "b"] {
        let (code, j) = verify_json(s(&c.join(format!("{n}.xml"))), &[]);
        assert_eq!(code, 1);
        assert_eq!(j["missing_slots"], serde_json::json!(["KY_PHAT_HANH"]));
        assert!(
            j["signers"]
                .as_array()
                .unwrap()
                .iter()
                .all(|s| s["valid"] == true),
            "{j}"
        );
    }
    assert!(!c.join("c.xml").exists());
    let _ = std::fs::remove_dir_all(&d);
}

/// Issue 13's "done when": the demo signs its national XML for the three roles through
/// prepare/attach, verifies it with the core verifier, and `hocba verify` says valid; a
/// one-byte change inside the signed data makes it invalid.
#[test]
#[cfg(feature = "demo")] // `hocba demo` (test PKI) is built only with the `demo` feature
fn the_demo_national_xml_verifies_in_the_cli() {
    let d = tmp("demo");
    let demo = d.join("demo");
    let o = hocba(&["--json", "demo", "--out", s(&demo)]);
    assert_eq!(o.status.code(), Some(0));
    let j = stdout_json(&o);
    let step = j["steps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["step"] == "verify_xml")
        .expect("the demo verifies its national XML")
        .clone();
    assert_eq!(step["status"], "valid", "{step}");
    let algs: Vec<&str> = step["report"]["signers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["algorithm"].as_str().unwrap())
        .collect();
    assert_eq!(algs, ["ES384", "RS256", "RS256"]);
    let xml = PathBuf::from(step["file"].as_str().unwrap());
    let roots = demo.join("trust/roots.pem");
    let at = "2026-09-01T00:00:00Z";
    let o = hocba(&["verify", s(&xml), "--trust", s(&roots), "--at", at]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
    let text = String::from_utf8(o.stdout).unwrap();
    assert_eq!(text.matches("— ✓").count(), 3, "{text}");
    let mut bytes = std::fs::read(&xml).unwrap();
    let data = String::from_utf8_lossy(&bytes).find("<TEN_LOP>").unwrap() + "<TEN_LOP>".len();
    bytes[data] = if bytes[data] == b'5' { b'4' } else { b'5' };
    let tampered = d.join("tampered.xml");
    std::fs::write(&tampered, &bytes).unwrap();
    let o = hocba(&[
        "--json",
        "verify",
        s(&tampered),
        "--trust",
        s(&roots),
        "--at",
        at,
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(stdout_json(&o)["error"], "xmldsig_digest_mismatch");

    // Every year is signed as national XML; the years verify as one học bạ and render as one
    // PDF that verifies on its own.
    let step = |name: &str| {
        j["steps"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["step"] == name)
            .unwrap_or_else(|| panic!("the demo's step {name}"))
            .clone()
    };
    assert_eq!(step("verify_xml_years")["status"], "valid");
    assert_eq!(step("verify_xml_years")["years"], 5);
    assert_eq!(step("render_xml")["pdf_valid"], true);
    let pdf = demo.join("national-transcript.pdf");
    let o = hocba(&["verify", s(&pdf), "--trust", s(&roots), "--at", at]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
    let mut years: Vec<PathBuf> = std::fs::read_dir(&demo)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with(".signed.xml"))
        .collect();
    years.sort();
    years.reverse();
    assert_eq!(years.len(), 5);
    let transcript = demo.join("transcript.json");
    let render = |files: &[PathBuf], out: &PathBuf, context: bool| {
        let mut args = vec!["--json", "render"];
        args.extend(files.iter().map(|p| s(p)));
        if context {
            args.extend(["--transcript", s(&transcript)]);
        }
        args.extend(["--trust", s(&roots), "--at", at, "-o", s(out)]);
        hocba(&args)
    };
    let again = d.join("again.pdf");
    let o = render(&years, &again, true);
    assert_eq!(o.status.code(), Some(0));
    let r = stdout_json(&o);
    assert_eq!(
        (r["kind"].as_str(), r["years"].as_u64()),
        (Some("signed_national_xml_years"), Some(5))
    );
    assert_eq!(r["verified"], true);
    assert!(
        std::fs::read(&again).unwrap() == std::fs::read(&pdf).unwrap(),
        "the demo's PDF again, from the files given in any order"
    );
    // One year tampered: rendered, marked, and the PDF does not verify.
    years[0] = tampered;
    let marked = d.join("marked.pdf");
    let o = render(&years, &marked, false);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(stdout_json(&o)["verified"], false);
    let o = hocba(&["verify", s(&marked), "--trust", s(&roots), "--at", at]);
    assert_eq!(o.status.code(), Some(1));
    // A file that is not a signed national XML among several: unreadable, nothing written.
    years[0] = roots.clone();
    let o = render(&years, &d.join("none.pdf"), false);
    assert_eq!(o.status.code(), Some(2));
    assert!(!d.join("none.pdf").exists());
    let _ = std::fs::remove_dir_all(&d);
}

/// Issue 13 item 7: a signed national XML renders as a PDF whose signature blocks come from
/// verification (the certificates' names, not the record's signer fields) with the signed XML
/// embedded, and the PDF verifies on its own; an incomplete one is marked and does not.
#[test]
fn a_signed_national_xml_renders_and_its_pdf_verifies() {
    let d = tmp("render");
    let generated = d.join("gen");
    let o = hocba(&[
        "gen",
        "--seed",
        "7",
        "--pupils",
        "1",
        "--xml",
        "--out",
        s(&generated),
    ]);
    assert_eq!(o.status.code(), Some(0));
    // A reader-valid record of the test PKI's private school (the seal names it).
    let xml = std::fs::read_to_string(generated.join("records/001-y2024-g5.xml"))
        .unwrap()
        .replace(
            "<TEN_TRUONG>Trường Tiểu học Kim Đồng<",
            "<TEN_TRUONG>Trường Tiểu học Tư thục Thử Nghiệm<",
        )
        .replace("<MA_TRUONG>49TH0015<", "<MA_TRUONG>01000001<");
    assert!(xml.contains("<TEN_GIAO_VIEN_CHU_NHIEM>Huỳnh Thị Ngọc Ánh<"));
    // The record names the holders of gvcn-rsa and principal-rsa, who sign below: verification
    // binds each signer to the person named (ADR 0140).
    let set = |xml: String, tag: &str, value: &str| -> String {
        let (open, close) = (format!("<{tag}>"), format!("</{tag}>"));
        let start = xml.find(&open).unwrap() + open.len();
        let end = start + xml[start..].find(&close).unwrap();
        format!("{}{value}{}", &xml[..start], &xml[end..])
    };
    let xml = set(xml, "TEN_GIAO_VIEN_CHU_NHIEM", "Phạm Thu Hà");
    let xml = set(xml, "SO_CCCD_GIAO_VIEN_CHU_NHIEM", "001191000007");
    let xml = set(xml, "TEN_GIAM_HIEU_KY_HOC_BA", "Đỗ Quang Huy");
    let xml = set(xml, "SO_CCCD_GIAM_HIEU_KY_HOC_BA", "001079000008");
    let mut prev = d.join("u.xml");
    std::fs::write(&prev, xml).unwrap();
    for (i, (role, leaf)) in [
        ("gvcn", "gvcn-rsa"),
        ("cbql", "principal-rsa"),
        ("ky-phat-hanh", "seal-rsa"),
    ]
    .into_iter()
    .enumerate()
    {
        let out = d.join(format!("s{i}.xml"));
        let o = sign_in_process(
            &prev,
            &out,
            role,
            leaf,
            &format!("2026-06-01T0{}:00:00+07:00", 7 + i),
        );
        assert_eq!(
            o.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&o.stderr)
        );
        prev = out;
    }
    let trust = pki("roots.pem");
    let pdf = d.join("s.pdf");
    let o = hocba(&[
        "--json",
        "render",
        s(&prev),
        "-o",
        s(&pdf),
        "--trust",
        &trust,
        "--at",
        AT,
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
    let j = stdout_json(&o);
    assert_eq!(
        (j["kind"].as_str(), j["verified"].as_bool()),
        (Some("signed_national_xml"), Some(true))
    );
    // The embedded file is the signed XML, byte for byte.
    let bytes = std::fs::read(&pdf).unwrap();
    let embedded = hocba_core::render::extract_signed(&bytes).unwrap();
    assert_eq!(embedded, std::fs::read(&prev).unwrap());
    let (code, j) = verify_json(s(&pdf), &[]);
    assert_eq!(code, 0, "{j}");
    assert_eq!(j["records"][0]["attachment"], "hocba-2024-2025-lop5.xml");
    assert_eq!(j["records"][0]["status"], "valid");
    assert_eq!(j["pages_match"], true);
    // Incomplete (no seal yet): rendered, marked, and its PDF does not verify as valid.
    let partial = d.join("p.pdf");
    let o = hocba(&[
        "--json",
        "render",
        s(&d.join("s1.xml")),
        "-o",
        s(&partial),
        "--trust",
        &trust,
        "--at",
        AT,
    ]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(stdout_json(&o)["verified"], false);
    let (code, j) = verify_json(s(&partial), &[]);
    assert_eq!(code, 1);
    assert_eq!(j["records"][0]["status"], "incomplete");
    assert_eq!(j["pages_match"], true);
    let _ = std::fs::remove_dir_all(&d);
}

/// One report shape (ADR 0260): the lines of `hocba --json verify DIR` carry, for each national
/// XML, the report `hocba --json verify FILE` prints — `ok`, `format`, `required_roles`,
/// `missing_slots`, each signer's `slot` — under either roles policy (the bulk lines' report
/// lacked them: each front end added its own keys).
#[test]
fn bulk_lines_carry_the_single_file_report() {
    let d = tmp("bulk-shape");
    let dir = d.join("in");
    std::fs::create_dir_all(&dir).unwrap();
    let unsigned = PathBuf::from(vectors("xmldsig/national-unsigned.xml"));
    let cbql = d.join("cbql.xml");
    assert_eq!(
        sign_in_process(
            &unsigned,
            &cbql,
            "cbql",
            "principal-rsa",
            "2026-06-01T08:00:00+07:00"
        )
        .status
        .code(),
        Some(0)
    );
    let minimum = dir.join("minimum.xml");
    let o = sign_in_process(
        &cbql,
        &minimum,
        "con_dau",
        "seal-rsa",
        "2026-06-01T09:00:00+07:00",
    );
    assert_eq!(o.status.code(), Some(0));
    std::fs::copy(
        vectors("xmldsig/attacks/valid-rs256.xml"),
        dir.join("valid.xml"),
    )
    .unwrap();
    let trust = pki("roots.pem");
    for roles in [&[][..], &["--roles", "spec-minimum"][..]] {
        let mut args = vec!["--json", "verify", s(&dir), "--trust", &trust, "--at", AT];
        args.extend_from_slice(roles);
        let o = hocba(&args);
        let lines: Vec<Value> = String::from_utf8(o.stdout)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        let mut seen = 0;
        for line in lines.iter().filter(|l| l.get("file").is_some()) {
            let file = line["file"].as_str().unwrap();
            let (_, single) = verify_json(file, roles);
            assert_eq!(line["report"], single, "{file} {roles:?}");
            assert_eq!(single["format"], "national_xml");
            assert_eq!(single["ok"], single["status"] == "valid");
            seen += 1;
        }
        assert_eq!(seen, 2, "{lines:?}");
    }
    // The values themselves, for the record signed by CBQL and KY_PHAT_HANH only.
    let (_, j) = verify_json(s(&minimum), &[]);
    assert_eq!(
        j["required_roles"],
        serde_json::json!(["GVCN", "CBQL", "KY_PHAT_HANH"])
    );
    assert_eq!(j["missing_slots"], serde_json::json!(["GVCN"]));
    let slots: Vec<&str> = j["signers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["slot"].as_str().unwrap())
        .collect();
    assert_eq!(slots, ["CBQL", "KY_PHAT_HANH"]);
    let _ = std::fs::remove_dir_all(&d);
}
