//! The signing workflow's guards (QA pass 3): outputs that would overwrite an input or each
//! other, a chain out of order refused at `--prepare` (before the token signs), an edited
//! pending file refused at `--attach`, the likely cause of a refused signature named for both
//! formats, and a signed national XML converted or validated with the "signatures not checked"
//! note.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a failed test may panic

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

/// The binary under test: this build, or another one (`HOCBA_BIN=…`, how these tests were
/// seen to fail before the fixes).
fn hocba(args: &[&str]) -> Output {
    let bin = std::env::var("HOCBA_BIN").unwrap_or_else(|_| env!("CARGO_BIN_EXE_hocba").into());
    Command::new(bin).args(args).output().expect("run hocba")
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

fn tmp(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("hocba-cli-flow-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn json_of(o: &Output) -> Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| {
        panic!(
            "{e}: {}{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        )
    })
}

/// The exit code and the `--json` error code of a failed command.
fn refused(o: &Output) -> (i32, String) {
    let v = json_of(o);
    assert_eq!(v["ok"], false, "{v}");
    (
        o.status.code().unwrap(),
        v["error"]["code"].as_str().unwrap().to_owned(),
    )
}

fn unsigned_xml() -> String {
    vectors("xmldsig/national-unsigned.xml")
}

fn files_in(d: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(d)
        .map(|r| {
            r.map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

// ---- 1. two inputs, one output name (QA3 repro 05) ----

#[test]
fn a_directory_whose_inputs_share_an_output_name_is_refused_before_anything_is_written() {
    let d = tmp("collide");
    // COSE path: hs01.json and hs01.cbor both become hs01.cose; HS02.json and hs02.cbor
    // differ only in letter case (one file on macOS and Windows).
    for (dir, a, b) in [
        ("same", "hs01.json", "hs01.cbor"),
        ("case", "HS02.json", "hs02.cbor"),
    ] {
        let input = d.join(dir);
        std::fs::create_dir_all(&input).unwrap();
        std::fs::copy(vectors("canonical/year_record_full.json"), input.join(a)).unwrap();
        std::fs::copy(vectors("canonical/year_record_full.cbor"), input.join(b)).unwrap();
        let out = d.join(format!("{dir}-out"));
        let key = pki("keys/gvcn-ed25519.pk8");
        for mode in [
            vec!["--key", key.as_str()],
            vec!["--prepare", "--alg", "EdDSA"],
        ] {
            let chain = pki("chains/gvcn-ed25519.pem");
            let mut args = vec![
                "--lang",
                "en",
                "--json",
                "sign",
                s(&input),
                "--role",
                "gvcn",
                "--cert",
                &chain,
                "-o",
                s(&out),
            ];
            args.extend(mode);
            let o = hocba(&args);
            assert_eq!(refused(&o), (2, "output_name_collision".into()), "{dir}");
            let msg = json_of(&o)["error"]["message"].as_str().unwrap().to_owned();
            assert!(msg.contains(a) && msg.contains(b), "{msg}");
            assert!(files_in(&out).is_empty(), "{dir}: {:?}", files_in(&out));
        }
    }
    // National XML: a.xml and a.XML, signed and prepared; Vietnamese message first by default.
    let input = d.join("xml");
    std::fs::create_dir_all(&input).unwrap();
    std::fs::copy(unsigned_xml(), input.join("a.xml")).unwrap();
    std::fs::copy(unsigned_xml(), input.join("a.XML")).unwrap();
    let out = d.join("xml-out");
    let chain = pki("chains/gvcn-rsa.pem");
    let key = pki("keys/gvcn-rsa.pk8");
    for mode in [
        vec!["--key", key.as_str()],
        vec!["--prepare", "--alg", "RS256"],
    ] {
        let mut args = vec![
            "--json",
            "sign",
            s(&input),
            "--role",
            "gvcn",
            "--cert",
            &chain,
            "-o",
            s(&out),
        ];
        args.extend(mode);
        let o = hocba(&args);
        assert_eq!(refused(&o), (2, "output_name_collision".into()));
        let msg = json_of(&o)["error"]["message"].as_str().unwrap().to_owned();
        assert!(msg.starts_with("Hai tệp đầu vào"), "{msg}");
        assert!(files_in(&out).is_empty());
    }
    // The same directory with distinct names signs both.
    std::fs::rename(input.join("a.XML"), input.join("b.xml")).unwrap();
    let o = hocba(&[
        "sign",
        s(&input),
        "--role",
        "gvcn",
        "--cert",
        &chain,
        "--key",
        &key,
        "--alg",
        "RS256",
        "--time",
        "2026-06-01T07:00:00+07:00",
        "-o",
        s(&out),
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
    assert_eq!(files_in(&out), ["a.xml", "b.xml"]);
}

#[test]
fn a_directory_signed_into_itself_is_refused() {
    let d = tmp("inplace");
    std::fs::copy(unsigned_xml(), d.join("a.xml")).unwrap();
    let before = std::fs::read(d.join("a.xml")).unwrap();
    let chain = pki("chains/gvcn-rsa.pem");
    let key = pki("keys/gvcn-rsa.pk8");
    // `-o` the input directory, as given or by another path to it.
    let other = d.join(".").join("");
    for out in [d.clone(), other] {
        let o = hocba(&[
            "--json",
            "sign",
            s(&d),
            "--role",
            "gvcn",
            "--cert",
            &chain,
            "--key",
            &key,
            "--alg",
            "RS256",
            "-o",
            s(&out),
        ]);
        assert_eq!(refused(&o), (2, "output_is_input".into()));
        assert_eq!(std::fs::read(d.join("a.xml")).unwrap(), before);
    }
}

// ---- 2. the output is the input (QA3 repro 17) ----

#[test]
fn an_output_that_is_the_input_is_refused_in_every_mode() {
    let d = tmp("self");
    let rec = d.join("rec.xml");
    std::fs::copy(unsigned_xml(), &rec).unwrap();
    let before = std::fs::read(&rec).unwrap();
    let chain = pki("chains/gvcn-rsa.pem");
    let key = pki("keys/gvcn-rsa.pk8");
    let time = "2026-06-01T07:00:00+07:00";
    // --prepare, in-process, and through another path to the same file (a hard link).
    let link = d.join("link.xml");
    std::fs::hard_link(&rec, &link).unwrap();
    for (out, mode) in [
        (&rec, vec!["--prepare", "--alg", "RS256"]),
        (&rec, vec!["--key", key.as_str(), "--alg", "RS256"]),
        (&link, vec!["--prepare", "--alg", "RS256"]),
    ] {
        let mut args = vec![
            "--json",
            "sign",
            s(&rec),
            "--role",
            "gvcn",
            "--cert",
            &chain,
            "--time",
            time,
            "-o",
            s(out),
        ];
        args.extend(mode);
        let o = hocba(&args);
        assert_eq!(refused(&o), (2, "output_is_input".into()), "{out:?}");
        assert_eq!(std::fs::read(&rec).unwrap(), before);
    }
    // --attach: the output is the pending file, or the signature file.
    let tbs = d.join("g.tbs");
    let o = hocba(&[
        "sign",
        s(&rec),
        "--prepare",
        "--role",
        "gvcn",
        "--alg",
        "RS256",
        "--cert",
        &chain,
        "--time",
        time,
        "-o",
        s(&tbs),
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let sig = d.join("g.sig");
    std::fs::write(&sig, b"not a signature").unwrap();
    for out in [&tbs, &sig] {
        let kept = std::fs::read(out).unwrap();
        let o = hocba(&[
            "--json",
            "sign",
            s(&tbs),
            "--attach",
            "--signature",
            s(&sig),
            "-o",
            s(out),
        ]);
        assert_eq!(refused(&o), (2, "output_is_input".into()));
        assert_eq!(std::fs::read(out).unwrap(), kept);
    }
}

// ---- 3. the chain and the algorithm checked at --prepare (QA3 repros 07, 08, 19) ----

fn pem_of(names: &[&str]) -> String {
    names
        .iter()
        .map(|n| std::fs::read_to_string(pki(&format!("certs/{n}.pem"))).unwrap())
        .collect()
}

#[test]
fn prepare_refuses_a_chain_out_of_order_before_anything_is_signed() {
    let d = tmp("order");
    // Leaf, root, intermediate (a common bundle order), and CA first (as portals export).
    for (name, certs, hint) in [
        (
            "mixed",
            &["gvcn-p384", "gov-root", "gov-ca"][..],
            "not the issuer of the one before it",
        ),
        (
            "reversed",
            &["gov-ca", "gvcn-p384"][..],
            "the signer's comes later",
        ),
    ] {
        let pem = d.join(format!("{name}.pem"));
        std::fs::write(&pem, pem_of(certs)).unwrap();
        let tbs = d.join(format!("{name}.tbs"));
        let o = hocba(&[
            "--lang",
            "en",
            "--json",
            "sign",
            &unsigned_xml(),
            "--prepare",
            "--role",
            "gvcn",
            "--alg",
            "ES384",
            "--cert",
            s(&pem),
            "-o",
            s(&tbs),
        ]);
        assert_eq!(refused(&o), (1, "xmldsig_chain_order".into()), "{name}");
        let msg = json_of(&o)["error"]["message"].as_str().unwrap().to_owned();
        assert!(msg.contains(hint), "{name}: {msg}");
        assert!(!tbs.exists() && !d.join(format!("{name}.tbs.bin")).exists());
    }
}

#[test]
fn prepare_names_an_algorithm_that_does_not_fit_the_certificates_key() {
    let d = tmp("alg");
    let o = hocba(&[
        "--lang",
        "en",
        "--json",
        "sign",
        &unsigned_xml(),
        "--prepare",
        "--role",
        "gvcn",
        "--alg",
        "ES256",
        "--cert",
        &pki("chains/gvcn-p384.pem"),
        "-o",
        s(&d.join("z.tbs")),
    ]);
    assert_eq!(refused(&o), (1, "key_algorithm_mismatch".into()));
    let msg = json_of(&o)["error"]["message"].as_str().unwrap().to_owned();
    assert!(
        msg.contains("ES256") && msg.contains("P-384") && msg.contains("ES384"),
        "{msg}"
    );
    assert!(!msg.contains("signing key"), "{msg}");
}

// ---- 4. an edited pending file (QA3 repro 14) ----

/// Signs `bin` with the test key `name` (the external signer).
fn external_sign(name: &str, alg: hocba_core::envelope::Algorithm, bin: &Path, out: &Path) {
    let der = std::fs::read(pki(&format!("keys/{name}.pk8"))).unwrap();
    let k = hocba_core::envelope::SigningKey::from_pkcs8_der(&der, Some(alg)).unwrap();
    let sig = k
        .sign(
            &std::fs::read(bin).unwrap(),
            &mut hocba_core::envelope::SystemRng,
        )
        .unwrap();
    std::fs::write(out, sig).unwrap();
}

fn prepare_xml(d: &Path) -> (PathBuf, PathBuf) {
    let tbs = d.join("g.tbs");
    let o = hocba(&[
        "sign",
        &unsigned_xml(),
        "--prepare",
        "--role",
        "gvcn",
        "--alg",
        "RS256",
        "--cert",
        &pki("chains/gvcn-rsa.pem"),
        "--time",
        "2026-06-01T07:00:00+07:00",
        "-o",
        s(&tbs),
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    (tbs, d.join("g.tbs.bin"))
}

#[test]
fn attach_refuses_a_pending_file_whose_chain_was_replaced() {
    use base64::Engine;
    let d = tmp("edited");
    let (tbs, bin) = prepare_xml(&d);
    let mut v: Value = serde_json::from_slice(&std::fs::read(&tbs).unwrap()).unwrap();
    let seal = std::fs::read_to_string(pki("chains/seal-rsa.pem")).unwrap();
    let der: Vec<String> = seal
        .split("-----BEGIN CERTIFICATE-----")
        .skip(1)
        .map(|b| {
            let body: String = b
                .split("-----END")
                .next()
                .unwrap()
                .split_whitespace()
                .collect();
            let raw = base64::engine::general_purpose::STANDARD
                .decode(&body)
                .unwrap();
            base64::engine::general_purpose::STANDARD.encode(raw)
        })
        .collect();
    v["chain"] = der.into();
    let edited = d.join("edited.tbs");
    std::fs::write(&edited, serde_json::to_vec(&v).unwrap()).unwrap();
    let sig = d.join("s.sig");
    external_sign(
        "seal-rsa",
        hocba_core::envelope::Algorithm::Rs256,
        &bin,
        &sig,
    );
    let out = d.join("out.xml");
    let o = hocba(&[
        "--lang",
        "en",
        "--json",
        "sign",
        s(&edited),
        "--attach",
        "--signature",
        s(&sig),
        "-o",
        s(&out),
    ]);
    assert_eq!(refused(&o), (1, "xmldsig_pending_malformed".into()));
    assert!(!out.exists());
    // The file as prepared attaches the teacher's signature.
    external_sign(
        "gvcn-rsa",
        hocba_core::envelope::Algorithm::Rs256,
        &bin,
        &sig,
    );
    let o = hocba(&[
        "sign",
        s(&tbs),
        "--attach",
        "--signature",
        s(&sig),
        "-o",
        s(&out),
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
}

// ---- 5. attach names the mistake, for both formats (QA3 repros 01, 11, 18) ----

#[test]
fn xml_attach_names_the_bytes_to_sign_and_a_hex_signature() {
    let d = tmp("xmlhints");
    let (tbs, bin) = prepare_xml(&d);
    let sig = d.join("g.sig");
    external_sign(
        "gvcn-rsa",
        hocba_core::envelope::Algorithm::Rs256,
        &bin,
        &sig,
    );
    let out = d.join("g.xml");
    // The .tbs.bin given for the .tbs.
    let o = hocba(&[
        "--lang",
        "en",
        "--json",
        "sign",
        s(&bin),
        "--attach",
        "--signature",
        s(&sig),
        "-o",
        s(&out),
    ]);
    assert_eq!(refused(&o), (2, "to_be_signed_malformed".into()));
    let msg = json_of(&o)["error"]["message"].as_str().unwrap().to_owned();
    assert!(
        msg.contains("these are the bytes to sign (.tbs.bin)"),
        "{msg}"
    );
    // The signature as hex text (as remote-signing APIs return it).
    let hex_sig = d.join("g.hex");
    std::fs::write(&hex_sig, hex::encode(std::fs::read(&sig).unwrap()) + "\n").unwrap();
    let o = hocba(&[
        "--lang",
        "en",
        "--json",
        "sign",
        s(&tbs),
        "--attach",
        "--signature",
        s(&hex_sig),
        "-o",
        s(&out),
    ]);
    assert_eq!(refused(&o), (1, "attach_hex_not_raw".into()));
    assert_eq!(json_of(&o)["detail"]["cause"], "attach_hex_not_raw");
    assert!(!out.exists());
}

#[test]
#[cfg(feature = "demo")] // `hocba demo` (test PKI) is built only with the `demo` feature
fn cose_attach_names_the_likely_cause_as_the_xml_path_does() {
    use hocba_core::envelope::{Algorithm, SigningKey, SystemRng};
    let d = tmp("cosehints");
    let demo = d.join("demo");
    assert_eq!(hocba(&["demo", "--out", s(&demo)]).status.code(), Some(0));
    let json = d.join("r.json");
    let o = hocba(&[
        "convert",
        s(&demo.join("national-2024-2025-grade5.xml")),
        "--to",
        "json",
        "-o",
        s(&json),
    ]);
    assert_eq!(o.status.code(), Some(0));
    let g = d.join("g.cose");
    let o = hocba(&[
        "sign",
        s(&json),
        "--role",
        "gvcn",
        "--key",
        &pki("keys/gvcn-p384.pk8"),
        "--cert",
        &pki("chains/gvcn-p384.pem"),
        "-o",
        s(&g),
        "--time",
        "2025-05-31T09:00:00+07:00",
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let tbs = d.join("h.tbs");
    let o = hocba(&[
        "sign",
        s(&g),
        "--prepare",
        "--alg",
        "PS256",
        "--role",
        "hieu-truong",
        "--cert",
        &pki("chains/principal-rsa-gov.pem"),
        "-o",
        s(&tbs),
        "--time",
        "2025-05-31T10:00:00+07:00",
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let bytes = std::fs::read(d.join("h.tbs.bin")).unwrap();
    let der = std::fs::read(pki("keys/principal-rsa-gov.pk8")).unwrap();
    let pkcs1 = SigningKey::from_pkcs8_der(&der, Some(Algorithm::Rs256)).unwrap();
    let pss = SigningKey::from_pkcs8_der(&der, Some(Algorithm::Ps256)).unwrap();
    let digest = {
        use sha2::Digest;
        sha2::Sha256::digest(&bytes).to_vec()
    };
    let good = pss.sign(&bytes, &mut SystemRng).unwrap();
    let out = d.join("o.cose");
    for (sig, code) in [
        (
            pkcs1.sign(&bytes, &mut SystemRng).unwrap(),
            "attach_pkcs1_not_pss",
        ),
        (
            pss.sign(&digest, &mut SystemRng).unwrap(),
            "attach_digest_signed_as_message",
        ),
        (hex::encode(&good).into_bytes(), "attach_hex_not_raw"),
    ] {
        let f = d.join("x.sig");
        std::fs::write(&f, sig).unwrap();
        let o = hocba(&[
            "--lang",
            "en",
            "--json",
            "sign",
            s(&tbs),
            "--attach",
            "--signature",
            s(&f),
            "-o",
            s(&out),
        ]);
        assert_eq!(refused(&o), (1, code.into()));
        assert_eq!(json_of(&o)["detail"]["cause"], code);
        assert!(!out.exists());
    }
    let f = d.join("x.sig");
    std::fs::write(&f, good).unwrap();
    let o = hocba(&[
        "sign",
        s(&tbs),
        "--attach",
        "--signature",
        s(&f),
        "-o",
        s(&out),
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
}

// ---- 6. a signed national XML converted or validated (QA3 repro 10) ----

#[test]
fn a_signed_national_xml_is_converted_and_validated_as_a_signed_record() {
    let d = tmp("signedxml");
    let signed = d.join("g.xml");
    let o = hocba(&[
        "sign",
        &unsigned_xml(),
        "--role",
        "gvcn",
        "--key",
        &pki("keys/gvcn-rsa.pk8"),
        "--alg",
        "RS256",
        "--cert",
        &pki("chains/gvcn-rsa.pem"),
        "--time",
        "2026-06-01T07:00:00+07:00",
        "-o",
        s(&signed),
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    // Broken on purpose: convert and validate read the content, they check no signature.
    let text = std::fs::read_to_string(&signed).unwrap();
    let tampered = d.join("t.xml");
    std::fs::write(&tampered, text.replacen("<TEN_TRUONG>", "<TEN_TRUONG>X", 1)).unwrap();
    for (file, signed_input) in [(&signed, true), (&tampered, true)] {
        let o = hocba(&[
            "--lang",
            "en",
            "--json",
            "convert",
            s(file),
            "--to",
            "json",
            "-o",
            s(&d.join("c.json")),
        ]);
        let v = json_of(&o);
        assert_eq!(v["signatures_verified"], false, "{v}");
        assert_eq!(v["signed_input"], signed_input, "{v}");
        assert_eq!(v["from"], "xml", "{v}");
        let o = hocba(&["--lang", "en", "--json", "validate", s(file)]);
        let v = json_of(&o);
        assert_eq!(v["signatures_verified"], false, "{v}");
        assert_eq!(v["kind"], "signed_year_record", "{v}");
        assert_eq!(v["format"], "xml", "{v}");
        // Text mode: the note on stderr, as for a .cose.
        let o = hocba(&["--lang", "en", "validate", s(file)]);
        assert!(
            String::from_utf8_lossy(&o.stderr).contains("signatures NOT checked"),
            "{}",
            String::from_utf8_lossy(&o.stderr)
        );
        let o = hocba(&[
            "--lang",
            "en",
            "convert",
            s(file),
            "-o",
            s(&d.join("c.json")),
        ]);
        assert!(
            String::from_utf8_lossy(&o.stderr).contains("the signatures were NOT checked"),
            "{}",
            String::from_utf8_lossy(&o.stderr)
        );
    }
    // An unsigned national XML is a plain record.
    let o = hocba(&["--json", "validate", &unsigned_xml()]);
    let v = json_of(&o);
    assert_eq!(v["kind"], "year_record", "{v}");
    assert!(v.get("signatures_verified").is_none(), "{v}");
}

// ---- 6. leftovers of QA pass 3 (ADR 0270, 0271, 0273) ----

/// The lines of a `--json` directory run.
fn json_lines(o: &Output) -> Vec<Value> {
    String::from_utf8_lossy(&o.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// Two national XMLs prepared for the GVCN in one sitting: `(TBSDIR, [a.tbs.bin, b.tbs.bin])`.
fn prepare_xml_dir(d: &Path) -> PathBuf {
    let input = d.join("in");
    std::fs::create_dir_all(&input).unwrap();
    for n in ["a", "b"] {
        std::fs::copy(unsigned_xml(), input.join(format!("{n}.xml"))).unwrap();
    }
    let tbs = d.join("tbs");
    let o = hocba(&[
        "sign",
        s(&input),
        "--prepare",
        "--role",
        "gvcn",
        "--alg",
        "RS256",
        "--cert",
        &pki("chains/gvcn-rsa.pem"),
        "--time",
        "2026-06-01T07:00:00+07:00",
        "-o",
        s(&tbs),
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
    tbs
}

/// ADR 0270: a `.sig` file no pending file uses — one matching no `.tbs`, a second one for a
/// `.tbs`, one named after the `.tbs.bin` — is reported with why, counted in the summary, and
/// the run does not exit 0; every output written is whole (the others are attached).
#[test]
fn bulk_attach_reports_every_signature_file_it_did_not_use() {
    use hocba_core::envelope::Algorithm;
    let d = tmp("unused");
    let tbs = prepare_xml_dir(&d);
    let sigs = d.join("sigs");
    std::fs::create_dir_all(&sigs).unwrap();
    for n in ["a", "b"] {
        let bin = tbs.join(format!("{n}.tbs.bin"));
        external_sign(
            "gvcn-rsa",
            Algorithm::Rs256,
            &bin,
            &sigs.join(format!("{n}.sig")),
        );
    }
    // b signed twice (the tool's own name beside NAME.sig), and a signature from another run.
    std::fs::copy(sigs.join("b.sig"), sigs.join("b.tbs.bin.sig")).unwrap();
    std::fs::copy(sigs.join("a.sig"), sigs.join("z.sig")).unwrap();
    let out = d.join("out");
    let attach = |sigs: &Path, out: &Path, json: bool| {
        let mut args = vec!["--lang", "en"];
        if json {
            args.push("--json");
        }
        args.extend([
            "sign",
            s(&tbs),
            "--attach",
            "--signature",
            s(sigs),
            "-o",
            s(out),
        ]);
        hocba(&args)
    };
    let o = attach(&sigs, &out, true);
    assert_eq!(
        o.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
    let l = json_lines(&o);
    let summary = &l.last().unwrap()["summary"];
    assert_eq!(summary["signed"], 2);
    assert_eq!(summary["failed"], 0);
    assert_eq!(summary["unused_signatures"], 2);
    let unused: Vec<(String, String)> = l
        .iter()
        .filter(|v| v["code"] == "signature_unused")
        .map(|v| {
            let f = v["file"].as_str().unwrap();
            let name = Path::new(f)
                .file_name()
                .unwrap()
                .to_string_lossy()
                .into_owned();
            (name, v["message"].as_str().unwrap().to_owned())
        })
        .collect();
    assert_eq!(unused.len(), 2, "{l:?}");
    assert_eq!(unused[0].0, "b.tbs.bin.sig");
    assert!(
        unused[0].1.contains("second signature file for b.tbs"),
        "{unused:?}"
    );
    assert_eq!(unused[1].0, "z.sig");
    assert!(
        unused[1].1.contains("matches no pending file"),
        "{unused:?}"
    );
    assert_eq!(files_in(&out), ["a.xml", "b.xml"]);
    // Text: one line per file not used, and the count.
    let o = attach(&sigs, &d.join("out-text"), false);
    assert_eq!(o.status.code(), Some(1));
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(
        text.contains("Signature not used") && text.contains("z.sig"),
        "{text}"
    );
    assert!(text.contains("Signature files not used: 2"), "{text}");
    // A signature named after the bytes signed, and no NAME.sig: the pending file fails, and the
    // signature says what it must be named.
    let misnamed = d.join("misnamed");
    std::fs::create_dir_all(&misnamed).unwrap();
    std::fs::copy(sigs.join("a.sig"), misnamed.join("a.tbs.bin.sig")).unwrap();
    std::fs::copy(sigs.join("b.sig"), misnamed.join("b.sig")).unwrap();
    let o = attach(&misnamed, &d.join("out-misnamed"), true);
    assert_eq!(o.status.code(), Some(2));
    let l = json_lines(&o);
    let hint = l
        .iter()
        .find(|v| v["code"] == "signature_unused")
        .expect("reported");
    assert!(
        hint["message"]
            .as_str()
            .unwrap()
            .contains("the signature of a.tbs must be named a.sig"),
        "{hint}"
    );
    assert_eq!(files_in(&d.join("out-misnamed")), ["b.xml"]);
    // Only NAME.sig files: exit 0, nothing reported.
    std::fs::remove_file(sigs.join("b.tbs.bin.sig")).unwrap();
    std::fs::remove_file(sigs.join("z.sig")).unwrap();
    let o = attach(&sigs, &d.join("out-clean"), true);
    assert_eq!(o.status.code(), Some(0));
    assert!(json_lines(&o).last().unwrap()["summary"]["unused_signatures"].is_null());
}

/// ADR 0273: `--attach --trust` checks the signer's chain to the roots again (a vendor learns
/// here, not at the portal, that it leads to none of them); without `--trust` the output says
/// the chain to roots was not checked.
#[test]
fn attach_checks_the_chain_to_roots_with_trust_and_says_when_it_did_not() {
    use hocba_core::envelope::Algorithm;
    let d = tmp("roots");
    let (tbs, bin) = prepare_xml(&d);
    let sig = d.join("g.sig");
    external_sign("gvcn-rsa", Algorithm::Rs256, &bin, &sig);
    let attach = |out: &Path, extra: &[&str]| {
        let mut args = vec!["--lang", "en", "--json", "sign", s(&tbs), "--attach"];
        args.extend(["--signature", s(&sig), "-o", s(out)]);
        args.extend_from_slice(extra);
        hocba(&args)
    };
    // Roots the chain does not lead to: refused with verification's code, nothing written.
    let other = pki("certs/unknown-root.pem");
    let refused_out = d.join("refused.xml");
    let o = attach(&refused_out, &["--trust", &other]);
    assert_eq!(refused(&o), (1, "unknown_issuer".into()));
    assert!(!refused_out.exists());
    // The test PKI's roots: checked, and said.
    let roots = pki("roots.pem");
    let o = attach(&d.join("checked.xml"), &["--trust", &roots]);
    assert_eq!(o.status.code(), Some(0));
    let j = json_of(&o);
    assert_eq!(j["chain_to_roots"], "chained");
    assert!(j["root"].as_str().is_some_and(|r| !r.is_empty()), "{j}");
    // No --trust: attached as before, and said not checked.
    let o = attach(&d.join("unchecked.xml"), &[]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(json_of(&o)["chain_to_roots"], "not_checked");
    let o = hocba(&[
        "--lang",
        "en",
        "sign",
        s(&tbs),
        "--attach",
        "--signature",
        s(&sig),
        "-o",
        s(&d.join("text.xml")),
    ]);
    assert_eq!(o.status.code(), Some(0));
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(
        text.contains("chain to trusted roots was not checked") && text.contains("--trust"),
        "{text}"
    );
}

/// ADR 0271: COSE `--prepare` refuses a chain out of order as the national XML's does (before,
/// a chain given CA first was judged as if the CA's certificate were the GVCN's).
#[test]
fn cose_prepare_refuses_a_chain_out_of_order() {
    let d = tmp("coseorder");
    // The order is checked before the certificate and the record are.
    let rec = Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/examples/year-record.json");
    let pem = d.join("reversed.pem");
    std::fs::write(&pem, pem_of(&["gov-ca", "gvcn-ed25519"])).unwrap();
    let tbs = d.join("g.tbs");
    let o = hocba(&[
        "--lang",
        "en",
        "--json",
        "sign",
        s(&rec),
        "--prepare",
        "--role",
        "gvcn",
        "--alg",
        "EdDSA",
        "--cert",
        s(&pem),
        "-o",
        s(&tbs),
    ]);
    assert_eq!(refused(&o), (1, "chain_order".into()));
    let msg = json_of(&o)["error"]["message"].as_str().unwrap().to_owned();
    assert!(msg.contains("the signer's comes later"), "{msg}");
    assert!(!tbs.exists());
}
