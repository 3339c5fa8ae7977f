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
