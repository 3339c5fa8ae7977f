//! The `hocba` command end to end: exit codes, machine output, and no panics on hostile input.

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

fn json_of(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&out.stdout)))
}

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// A file of the test PKI (`tests/vectors/pki/…`), as a command-line argument.
fn pki(p: &str) -> String {
    repo()
        .join("tests/vectors/pki")
        .join(p)
        .display()
        .to_string()
}

fn tmp(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("hocba-cli-test-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    d
}

#[test]
fn convert_round_trips_json_and_cbor() {
    let d = tmp("convert");
    let json = repo().join("docs/examples/transcript.json");
    let cbor = d.join("t.cbor");
    let back = d.join("t.json");
    let out = hocba(&[
        "--json",
        "convert",
        json.to_str().unwrap(),
        "-o",
        cbor.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(json_of(&out)["to"], "cbor");
    let out = hocba(&[
        "convert",
        cbor.to_str().unwrap(),
        "-o",
        back.to_str().unwrap(),
    ]);
    assert!(out.status.success());
    assert_eq!(
        std::fs::read_to_string(&json).unwrap(),
        std::fs::read_to_string(&back).unwrap()
    );
    let out = hocba(&["--json", "inspect", cbor.to_str().unwrap()]);
    let v = json_of(&out);
    assert_eq!(
        (v["ok"].clone(), v["kind"].clone(), v["format"].clone()),
        (Value::Bool(true), "transcript".into(), "cbor".into())
    );
    let diag = hocba(&["inspect", "--diag", cbor.to_str().unwrap()]);
    assert!(String::from_utf8_lossy(&diag.stdout).contains("\"TT27/2020\""));
}

#[test]
fn exit_codes_say_unreadable_or_invalid() {
    let d = tmp("exit");
    let cases: [(&str, &[u8], i32, &str); 7] = [
        ("missing.json", b"", 2, "io_error"),
        ("syntax.json", b"{\"years\": ", 2, "json_syntax"),
        ("shape.json", b"{\"rule_set\": 3}", 1, "json_data"),
        ("truncated.cbor", b"\xa2\x00", 2, "truncated"),
        // A map (what a hocba-CBOR document is) holding a float; a bare float is no hocba
        // input at all (`unrecognised_input`, ADR 0220).
        ("float.cbor", b"\xa1\x00\xf9\x3c\x00", 2, "float"),
        ("bare-float.cbor", b"\xf9\x3c\x00", 2, "unrecognised_input"),
        ("missing.cbor", b"\xa0", 1, "missing_field"),
    ];
    for (name, bytes, exit, code) in cases {
        let path = d.join(name);
        if !bytes.is_empty() {
            std::fs::write(&path, bytes).unwrap();
        }
        let out = hocba(&["--json", "--lang", "en", "inspect", path.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(exit), "{name}");
        let v = json_of(&out);
        assert_eq!(v["ok"], false, "{name}");
        assert_eq!(v["error"]["code"], code, "{name}");
    }
}

#[test]
fn messages_are_vietnamese_by_default_and_english_on_request() {
    let d = tmp("lang");
    let path = d.join("bad.json");
    std::fs::write(&path, b"{\"rule_set\": 3}").unwrap();
    let vi = hocba(&["inspect", path.to_str().unwrap()]);
    assert!(String::from_utf8_lossy(&vi.stderr).contains("không hợp lệ"));
    let en = hocba(&["--lang", "en", "inspect", path.to_str().unwrap()]);
    assert!(String::from_utf8_lossy(&en.stderr).contains("invalid JSON"));
    // The operating system's reason too: its English text, or the core's Vietnamese words.
    let missing = d.join("missing.json");
    let vi = hocba(&["inspect", missing.to_str().unwrap()]);
    let vi = String::from_utf8_lossy(&vi.stderr);
    assert!(
        vi.contains("không tìm thấy tệp hoặc thư mục (mã lỗi hệ điều hành 2)"),
        "{vi}"
    );
    assert!(!vi.contains("No such file"), "{vi}");
    let en = hocba(&["--lang", "en", "inspect", missing.to_str().unwrap()]);
    assert!(
        String::from_utf8_lossy(&en.stderr).contains("No such file or directory"),
        "{en:?}"
    );
}

#[test]
fn gen_is_deterministic() {
    let a = tmp("gen-a");
    let b = tmp("gen-b");
    for d in [&a, &b] {
        let out = hocba(&[
            "gen",
            "--seed",
            "9",
            "--pupils",
            "3",
            "--out",
            d.to_str().unwrap(),
        ]);
        assert!(out.status.success());
    }
    let read = |d: &Path| std::fs::read(d.join("transcripts/002.json")).unwrap();
    assert_eq!(read(&a), read(&b));
    assert!(a.join("records/001-y2024-g5.json").exists());
}

/// Every vector of the shared manifest that is a plain document (CBOR or JSON) goes through
/// `hocba inspect --json`: the expected error code comes out, the exit code is 1 or 2, never a
/// panic (101).
#[test]
fn inspect_on_every_document_vector() {
    let vectors = repo().join("tests/vectors");
    let Ok(text) = std::fs::read_to_string(vectors.join("manifest.json")) else {
        eprintln!("skipping: tests/vectors/manifest.json not found");
        return;
    };
    let manifest: Value = serde_json::from_str(&text).unwrap();
    let mut checked = 0;
    for case in manifest["cases"].as_array().unwrap() {
        let kind = case["kind"].as_str().unwrap_or_default();
        if !matches!(kind, "canonical" | "hostile") {
            continue;
        }
        let input = vectors.join(case["input"].as_str().unwrap());
        let out = hocba(&["--json", "inspect", input.to_str().unwrap()]);
        let id = case["id"].as_str().unwrap_or_default();
        let v = json_of(&out);
        if case["expect"]["ok"] == true {
            assert_eq!(out.status.code(), Some(0), "{id}");
        } else {
            assert!(
                matches!(out.status.code(), Some(1 | 2)),
                "{id}: {:?}",
                out.status
            );
            assert_eq!(v["error"]["code"], case["expect"]["error"], "{id}");
        }
        checked += 1;
    }
    assert!(checked >= 20, "only {checked} document vectors");
}

/// The national XML (issue 12's "done when"): `gen --xml` writes it, `convert` takes it to JSON
/// and back byte for byte, and every hostile XML of the manifest is refused with exit code 2
/// and its code by `validate` and `inspect`.
#[test]
fn national_xml_converts_byte_for_byte_and_hostile_xml_exits_2() {
    let d = tmp("national-xml");
    let out = hocba(&[
        "gen",
        "--seed",
        "7",
        "--pupils",
        "1",
        "--xml",
        "--out",
        d.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut checked = 0;
    for entry in std::fs::read_dir(d.join("records")).unwrap() {
        let xml = entry.unwrap().path();
        if xml.extension().is_none_or(|e| e != "xml") {
            continue;
        }
        let json = xml.with_extension("back.json");
        let again = xml.with_extension("again.xml");
        let out = hocba(&[
            "--json",
            "convert",
            xml.to_str().unwrap(),
            "--to",
            "json",
            "-o",
            json.to_str().unwrap(),
        ]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let out = hocba(&[
            "--json",
            "convert",
            json.to_str().unwrap(),
            "--to",
            "xml",
            "-o",
            again.to_str().unwrap(),
        ]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(json_of(&out)["not_carried"], serde_json::json!([]));
        assert_eq!(std::fs::read(&xml).unwrap(), std::fs::read(&again).unwrap());
        checked += 1;
    }
    assert_eq!(checked, 5, "one XML per year");
    let vectors = repo().join("tests/vectors");
    let manifest: Value =
        serde_json::from_slice(&std::fs::read(vectors.join("manifest.json")).unwrap()).unwrap();
    let mut hostile = 0;
    for case in manifest["cases"].as_array().unwrap() {
        if case["kind"] != "xml" || case["expect"]["ok"] == true {
            continue;
        }
        let input = vectors.join(case["input"].as_str().unwrap());
        for command in ["validate", "inspect"] {
            let out = hocba(&["--json", command, input.to_str().unwrap()]);
            assert_eq!(out.status.code(), Some(2), "{} {command}", case["id"]);
            assert_eq!(
                json_of(&out)["error"]["code"],
                case["expect"]["error"],
                "{}",
                case["id"]
            );
        }
        hostile += 1;
    }
    assert!(hostile >= 40, "only {hostile} hostile XML cases");
}

/// Runs `hocba args` with stdout on `/dev/full` (every write fails: a full disk).
#[cfg(target_os = "linux")]
fn hocba_to_full_disk(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_hocba"))
        .args(args)
        .stdout(std::fs::File::create("/dev/full").unwrap())
        .output()
        .expect("run hocba")
}

/// Output that cannot be written fails the command (exit 2, `io_error`, a message on stderr
/// in the chosen language), as `convert -o /dev/full` does; it used to exit 0 with nothing
/// written.
#[cfg(target_os = "linux")]
#[test]
fn stdout_write_failure_fails_the_command() {
    let d = tmp("full");
    std::fs::copy(
        repo().join("tests/vectors/verify/valid_ed25519.cose"),
        d.join("a.cose"),
    )
    .unwrap();
    let roots = repo().join("tests/vectors/pki/roots.pem");
    let dir = d.display().to_string();
    let roots = roots.display().to_string();
    for (args, vi) in [
        (vec!["--lang", "en", "schema"], false),
        (vec!["schema"], true),
        (vec!["--lang", "en", "--json", "schema"], false),
        (
            vec!["--lang", "en", "verify", &dir, "--trust", &roots, "--csv"],
            false,
        ),
        (vec!["verify", &dir, "--trust", &roots], true),
    ] {
        let out = hocba_to_full_disk(&args);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains("[io_error]"), "{args:?}: {err}");
        let expected = if vi {
            "Không ghi được đầu ra chuẩn"
        } else {
            "Cannot write the standard output"
        };
        assert!(err.contains(expected), "{args:?}: {err}");
        assert!(!err.contains("panicked"), "{args:?}: {err}");
    }
    let _ = std::fs::remove_dir_all(&d);
}

/// A closed pipe (`hocba schema | head -0`) ends the command quietly: no panic, no error.
#[cfg(unix)]
#[test]
fn closed_pipe_ends_quietly() {
    use std::process::Stdio;
    let mut child = Command::new(env!("CARGO_BIN_EXE_hocba"))
        .args(["schema"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take()); // the reader is gone before anything is written
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("panicked"), "{err}");
    assert!(err.is_empty(), "{err}");
    assert_eq!(out.status.code(), Some(0), "{err}");
}

/// `hocba submit a.xml broken.xml` names the file that is not a record, and counts from 1
/// (it said "tệp thứ 1" for the second file and never named it); nothing is sent.
#[test]
fn submit_names_the_file_that_is_not_a_record() {
    let d = tmp("submit-names");
    let good = repo().join("tests/vectors/signed_xml/valid_es256.xml");
    let broken = d.join("broken.xml");
    std::fs::write(&broken, &std::fs::read(&good).unwrap()[..300]).unwrap();
    for (lang, counted) in [("vi", "tệp thứ 2 "), ("en", "file 2 ")] {
        let out = hocba(&[
            "--lang",
            lang,
            "submit",
            &good.display().to_string(),
            &broken.display().to_string(),
            "--portal",
            "http://127.0.0.1:9",
            "--user",
            "u",
            "--token",
            "t",
            "--password",
            "p",
            "--unit",
            "49TH0031",
            "--key",
            &pki("keys/seal-rsa-gov.pk8"),
            "--cert",
            &pki("chains/seal-rsa-gov.pem"),
            "--message-id",
            "x-1",
        ]);
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("[not_a_record]"), "{err}");
        assert!(err.contains(&broken.display().to_string()), "{err}");
        assert!(err.contains(counted), "{err}");
        assert!(!err.contains(&good.display().to_string()), "{err}");
        assert_eq!(out.status.code(), Some(1), "{err}");
    }
    let _ = std::fs::remove_dir_all(&d);
}

/// With `--lang vi` a key of another certificate and a record over the bulk bound are said in
/// Vietnamese (they carried "the key does not fit the algorithm" and "larger than … bytes").
#[test]
fn vietnamese_messages_carry_no_english_detail() {
    let d = tmp("vi-details");
    let out = hocba(&[
        "--lang",
        "vi",
        "sign",
        &repo()
            .join("tests/vectors/signed_xml/unsigned.xml")
            .display()
            .to_string(),
        "--cert",
        &pki("chains/gvcn-p384.pem"),
        "--key",
        &pki("keys/gvcn-p256.pk8"),
        "--no-check",
        "person",
        "--no-check",
        "school",
        "--no-check",
        "record",
        "-o",
        &d.join("x.xml").display().to_string(),
    ]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("[xmldsig_prepare]"), "{err}");
    assert!(err.contains("khóa của một chứng thư số khác"), "{err}");
    assert!(!err.contains("the key"), "{err}");
    let dir = d.join("big");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("big.xml"), vec![b' '; 1_100_000]).unwrap();
    let out = hocba(&[
        "--lang",
        "vi",
        "verify",
        &dir.display().to_string(),
        "--trust",
        &pki("roots.pem"),
    ]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("lớn hơn 1048576 byte"), "{text}");
    assert!(!text.contains("larger than"), "{text}");
    let _ = std::fs::remove_dir_all(&d);
}

/// `hocba convert` reads a signed year record as `inspect` does: its content is converted, said
/// unsigned and unchecked; a signed transcript container is refused as such, naming `inspect`
/// and `verify` (they were "tag not allowed" and "required field missing").
#[test]
fn convert_takes_a_signed_record_and_names_a_container() {
    let d = tmp("convert-signed");
    let v = repo().join("tests/vectors/verify");
    let json_out = d.join("x.json");
    let out = hocba(&[
        "--lang",
        "en",
        "convert",
        v.join("valid_ed25519.cose").to_str().unwrap(),
        "--to",
        "json",
        "-o",
        json_out.to_str().unwrap(),
    ]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(err.contains("NOT signed"), "{err}");
    let inspected = hocba(&[
        "--json",
        "inspect",
        v.join("valid_ed25519.cose").to_str().unwrap(),
    ]);
    let converted: Value = serde_json::from_slice(&std::fs::read(&json_out).unwrap()).unwrap();
    assert_eq!(converted, json_of(&inspected)["document"]);
    let out = hocba(&[
        "--json",
        "convert",
        v.join("valid_ed25519.cose").to_str().unwrap(),
        "--to",
        "cbor",
        "-o",
        d.join("x.cbor").to_str().unwrap(),
    ]);
    let j = json_of(&out);
    assert_eq!(j["from"], "cose");
    assert_eq!(j["signatures_verified"], false);
    for (lang, words) in [
        ("en", "signed transcript container"),
        ("vi", "hồ sơ học bạ đã ký"),
    ] {
        let out = hocba(&[
            "--lang",
            lang,
            "convert",
            v.join("correction_chain.cbor").to_str().unwrap(),
            "--to",
            "json",
            "-o",
            d.join("y.json").to_str().unwrap(),
        ]);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{err}");
        assert!(err.contains("[unsupported_format]"), "{err}");
        assert!(
            err.contains(words) && err.contains("hocba inspect"),
            "{err}"
        );
        assert!(!d.join("y.json").exists());
    }
    let _ = std::fs::remove_dir_all(&d);
}
