//! The README's exit-code contract — 0 success, 1 the input is invalid, 2 the input could not
//! be read or parsed — for every command that reads a record, over every kind of input: random
//! bytes, CBOR that breaks the grammar or the deterministic profile, malformed envelopes, PDFs,
//! and well-formed input of the wrong shape. The class comes from the core
//! (`hocba_core::ErrorClass`, ADR 0090); this test is what holds the commands to it.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a failed test may panic

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

/// The `hocba` under test; `HOCBA_BIN` runs these tests against another build (e.g. the one
/// before a fix, to see them fail).
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

fn vector(rel: &str) -> Vec<u8> {
    std::fs::read(repo().join("tests/vectors").join(rel)).unwrap()
}

fn pki(rel: &str) -> String {
    repo()
        .join("tests/vectors/pki")
        .join(rel)
        .to_string_lossy()
        .into_owned()
}

fn tmp(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("hocba-exit-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// 1 KiB from a fixed linear congruential generator: "random bytes" that are the same on
/// every run.
fn random_bytes(seed: u64) -> Vec<u8> {
    let mut x = seed;
    (0..1024)
        .map(|_| {
            x = x
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (x >> 33) as u8
        })
        .collect()
}

/// A valid signed record with one byte changed at the first occurrence of `from`.
fn cose_with(from: &[u8], to: &[u8]) -> Vec<u8> {
    let mut b = vector("verify/valid_ed25519.cose");
    let at = b.windows(from.len()).position(|w| w == from).unwrap();
    b.splice(at..at + from.len(), to.iter().copied());
    b
}

/// Every input kind, what the core calls it (`None`: the code depends on the command), and
/// its class: 2 unreadable, 1 invalid.
fn inputs() -> Vec<(&'static str, Vec<u8>, u8)> {
    let mut trailing_envelope = vector("verify/valid_ed25519.cose");
    trailing_envelope.push(0x00);
    let truncated_envelope = {
        let b = vector("verify/valid_ed25519.cose");
        b[..b.len() / 2].to_vec()
    };
    vec![
        ("random_1", random_bytes(1), 2),
        ("random_2", random_bytes(2), 2),
        ("random_3", random_bytes(3), 2),
        ("empty", Vec::new(), 2),
        ("truncated", vector("hostile/truncated.cbor"), 2),
        ("trailing_bytes", vector("hostile/trailing_bytes.cbor"), 2),
        ("too_deep", vector("hostile/too_deep.cbor"), 2),
        (
            "forbidden_simple_value",
            vector("hostile/forbidden_simple_value.cbor"),
            2,
        ),
        ("float", vector("hostile/float.cbor"), 2),
        (
            "non_shortest_integer",
            vector("hostile/non_shortest_integer.cbor"),
            2,
        ),
        ("envelope_trailing", trailing_envelope, 2),
        ("envelope_truncated", truncated_envelope, 2),
        // The COSE_Sign array's length with a one-byte argument: not deterministic.
        (
            "envelope_not_deterministic",
            cose_with(b"\xd8\x62\x84", b"\xd8\x62\x98\x04"),
            2,
        ),
        // Another content type in the body header.
        (
            "invalid_body_header",
            cose_with(b"year-record", b"yeas-record"),
            2,
        ),
        // Tag 18 (COSE_Sign1) and an untagged array: not a COSE_Sign.
        ("cose_sign1", cose_with(b"\xd8\x62", b"\xd2"), 2),
        (
            "not_a_pdf_but_says_so",
            b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n".to_vec(),
            2,
        ),
        ("json_syntax", b"{\"years\": ".to_vec(), 2),
        ("json_not_utf8", b"{\"a\": \"\xff\"}".to_vec(), 2),
        (
            "xml_not_well_formed",
            b"<HOC_BA><DU_LIEU_HOC_BA".to_vec(),
            2,
        ),
        (
            "xml_doctype",
            b"<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY a \"b\">]><HOC_BA/>".to_vec(),
            2,
        ),
    ]
}

fn command_args(cmd: &str, file: &str, out: &str) -> Vec<String> {
    let v = |a: &[&str]| a.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
    match cmd {
        "inspect" => v(&["inspect", file]),
        "validate" => v(&["validate", file]),
        "convert" => v(&["convert", file, "-o", out]),
        "render" => v(&["render", file, "-o", out, "--trust", &pki("roots.pem")]),
        "sign" => v(&[
            "sign",
            file,
            "--cert",
            &pki("chains/gvcn-ed25519.pem"),
            "--key",
            &pki("keys/gvcn-ed25519.key.pem"),
            "-o",
            out,
        ]),
        "verify" => v(&["verify", file, "--trust", &pki("roots.pem")]),
        _ => unreachable!(),
    }
}

const COMMANDS: [&str; 6] = ["inspect", "validate", "convert", "render", "sign", "verify"];

fn run(cmd: &str, file: &Path, out: &Path) -> (Option<i32>, Value) {
    let mut args = vec!["--json".to_owned()];
    args.extend(command_args(
        cmd,
        file.to_str().unwrap(),
        out.to_str().unwrap(),
    ));
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    let o = hocba(&refs);
    let v = serde_json::from_slice(&o.stdout).unwrap_or(Value::Null);
    (o.status.code(), v)
}

/// Every command gives the input's class as its exit code, with `ok: false` and a code.
#[test]
fn every_command_exits_with_the_class_of_every_input_kind() {
    let d = tmp("kinds");
    let mut wrong = Vec::new();
    for (name, bytes, expect) in inputs() {
        let file = d.join(format!("{name}.in"));
        std::fs::write(&file, &bytes).unwrap();
        for cmd in COMMANDS {
            let (exit, v) = run(cmd, &file, &d.join(format!("{name}.{cmd}.out")));
            let code = v["error"]["code"].as_str().unwrap_or("?").to_owned();
            if exit != Some(i32::from(expect)) || v["ok"] != false {
                wrong.push(format!(
                    "{cmd} {name}: exit {exit:?} ({code}), expected {expect}"
                ));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// Well-formed input of the wrong shape is invalid (1) for every command that reads an
/// unsigned record; a signed record that was read and does not verify is invalid for `verify`.
#[test]
fn read_but_invalid_input_exits_1() {
    let d = tmp("invalid");
    let cases: [(&str, Vec<u8>, &[&str]); 4] = [
        (
            "json_shape",
            b"{\"rule_set\": 3}".to_vec(),
            &["inspect", "validate", "convert", "render", "sign"],
        ),
        (
            "missing_field",
            vector("hostile/missing_field.cbor"),
            &["inspect", "validate", "convert", "render", "sign"],
        ),
        (
            "invalid_value",
            vector("hostile/invalid_value.cbor"),
            &["inspect", "validate", "convert", "render", "sign"],
        ),
        (
            "bad_signature",
            vector("verify/flip_signature_gvcn.cose"),
            &["verify"],
        ),
    ];
    let mut wrong = Vec::new();
    for (name, bytes, commands) in cases {
        let file = d.join(format!("{name}.in"));
        std::fs::write(&file, &bytes).unwrap();
        for cmd in commands {
            let (exit, v) = run(cmd, &file, &d.join(format!("{name}.{cmd}.out")));
            if exit != Some(1) || v["ok"] != false {
                wrong.push(format!("{cmd} {name}: exit {exit:?} {v}"));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// Bulk `verify` counts the same inputs the same way: one unreadable file makes the run exit 2.
#[test]
fn bulk_verify_agrees_with_single_verify() {
    let d = tmp("bulk");
    for (name, bytes, expect) in inputs() {
        let dir = d.join(name);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("x.cose"), &bytes).unwrap();
        let o = hocba(&[
            "--json",
            "verify",
            dir.to_str().unwrap(),
            "--trust",
            &pki("roots.pem"),
        ]);
        assert_eq!(o.status.code(), Some(i32::from(expect)), "{name}");
    }
}

/// COSE_Sign1 (tag 18), another tag and an untagged array are `not_cose_sign`, as is an
/// unsigned record given to `verify` (random bytes are `unrecognised_input`, below).
#[test]
fn what_is_not_a_cose_sign_is_called_so() {
    let d = tmp("not-cose");
    let mut untagged = vector("verify/valid_ed25519.cose");
    untagged.drain(..2);
    let cases = [
        ("sign1", cose_with(b"\xd8\x62", b"\xd2")),
        ("tag_99", cose_with(b"\xd8\x62", b"\xd8\x63")),
        ("untagged", untagged),
        ("unsigned", vector("canonical/year_record_minimal.cbor")),
        ("unsigned_json", b"{\"rule_set\": \"TT27/2020\"}".to_vec()),
    ];
    for (name, bytes) in cases {
        let file = d.join(format!("{name}.cose"));
        std::fs::write(&file, &bytes).unwrap();
        let (exit, v) = run("verify", &file, &d.join("x"));
        assert_eq!(exit, Some(2), "{name}");
        assert_eq!(v["error"]["code"], "not_cose_sign", "{name}");
    }
}

/// Bytes that start as no input hocba reads — random bytes, a ZIP, a text, UTF-16, a PNG — in a
/// file named `.xml` are `unrecognised_input` (exit 2) for `verify`, alone and in a directory,
/// with the core's message in Vietnamese and English; not `not_cose_sign` (ADR 0220). So they
/// are for `inspect`, `validate` and `convert`, not a CBOR decoder's code.
#[test]
fn random_bytes_named_xml_are_an_unrecognised_input() {
    let d = tmp("unrecognised");
    let dir = d.join("dir");
    std::fs::create_dir_all(&dir).unwrap();
    // random_bytes(7) starts with 0x5e (CBOR major type 2), as a text would.
    let cases = [
        ("random", random_bytes(7)),
        ("zip", b"PK\x03\x04\x14\x00\x06\x00\x08\x00".to_vec()),
        ("text", b"HOC_BA hoc ba so".to_vec()),
        ("utf16", b"\xff\xfe<\x00H\x00O\x00C\x00".to_vec()),
        ("png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR".to_vec()),
    ];
    for (name, bytes) in &cases {
        let file = d.join(format!("{name}.xml"));
        std::fs::write(&file, bytes).unwrap();
        std::fs::write(dir.join(format!("{name}.xml")), bytes).unwrap();
        for cmd in ["verify", "inspect", "validate", "convert"] {
            let (exit, v) = run(cmd, &file, &d.join("x"));
            assert_eq!(exit, Some(2), "{cmd} {name}: {v}");
            assert_eq!(
                v["error"]["code"], "unrecognised_input",
                "{cmd} {name}: {v}"
            );
        }
        for (lang, says) in [
            ("vi", "không nhận ra dữ liệu vào"),
            ("en", "unrecognised input"),
        ] {
            let o = hocba(&[
                "--lang",
                lang,
                "verify",
                file.to_str().unwrap(),
                "--trust",
                &pki("roots.pem"),
            ]);
            assert_eq!(o.status.code(), Some(2), "{name} {lang}");
            let all = format!(
                "{}{}",
                String::from_utf8_lossy(&o.stdout),
                String::from_utf8_lossy(&o.stderr)
            );
            assert!(all.contains(says), "{name} {lang}: {all}");
            assert!(!all.contains("COSE_Sign"), "{name} {lang}: {all}");
        }
    }
    // The bulk path (a directory) reports the same code for each file.
    let o = hocba(&[
        "--json",
        "verify",
        dir.to_str().unwrap(),
        "--trust",
        &pki("roots.pem"),
    ]);
    assert_eq!(o.status.code(), Some(2));
    let codes: Vec<String> = String::from_utf8_lossy(&o.stdout)
        .lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .filter_map(|v| v.get("file").is_some().then(|| v["code"].to_string()))
        .collect();
    assert_eq!(codes, vec!["\"unrecognised_input\""; cases.len()], "{o:?}");
}

/// `--threads` out of 1..=256 is the core's typed error with exit 2, never an abort (134) or a
/// panic (101), for one file and for a directory.
#[test]
fn thread_count_out_of_range_is_a_typed_error() {
    let d = tmp("threads");
    let file = d.join("r.cose");
    std::fs::write(&file, vector("verify/valid_ed25519.cose")).unwrap();
    for target in [file.to_str().unwrap(), d.to_str().unwrap()] {
        for n in ["0", "257", "2147483648", "9223372036854775808"] {
            let o = hocba(&[
                "--json",
                "verify",
                target,
                "--trust",
                &pki("roots.pem"),
                "--threads",
                n,
            ]);
            assert_eq!(o.status.code(), Some(2), "{target} --threads {n}");
            let v: Value = serde_json::from_slice(&o.stdout).unwrap();
            assert_eq!(v["error"]["code"], "threads_out_of_range", "{n}");
        }
    }
}

/// An unknown JSON key (here a personal ID typed in the wrong place) is never echoed by any
/// command that reads JSON, in either language, in text or JSON output, nor by a bulk `sign
/// DIR`; a missing field is named; a decimal score is explained (issue 14, items 8 and 2).
#[test]
fn no_pupil_data_in_errors_and_messages_that_explain() {
    let d = tmp("pupil-data");
    let mut r: Value = serde_json::from_slice(
        &std::fs::read(repo().join("docs/examples/year-record.json")).unwrap(),
    )
    .unwrap();
    r["pupil"]["049314355218"] = "Nguyễn".into();
    let file = d.join("r.json");
    std::fs::write(&file, serde_json::to_vec(&r).unwrap()).unwrap();
    let dir = d.join("dir");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("r.json"), serde_json::to_vec(&r).unwrap()).unwrap();
    let mut leaks = Vec::new();
    for lang in ["vi", "en"] {
        for json in [true, false] {
            for cmd in ["inspect", "validate", "convert", "render", "sign"] {
                for target in [&file, &dir] {
                    if target == &dir && cmd != "sign" {
                        continue;
                    }
                    let mut args = vec!["--lang".to_owned(), lang.to_owned()];
                    if json {
                        args.push("--json".into());
                    }
                    args.extend(command_args(
                        cmd,
                        target.to_str().unwrap(),
                        d.join(format!("out-{cmd}")).to_str().unwrap(),
                    ));
                    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
                    let o = hocba(&refs);
                    let all = format!(
                        "{}{}",
                        String::from_utf8_lossy(&o.stdout),
                        String::from_utf8_lossy(&o.stderr)
                    );
                    if all.contains("049314355218") || all.contains("Nguyễn") {
                        leaks.push(format!("{args:?}: {all}"));
                    }
                }
            }
        }
    }
    assert!(leaks.is_empty(), "{}", leaks.join("\n"));

    let mut missing = r.clone();
    missing["pupil"]
        .as_object_mut()
        .unwrap()
        .remove("049314355218");
    missing.as_object_mut().unwrap().remove("school");
    let mut decimal = missing.clone();
    decimal["school"] = r["school"].clone();
    decimal["subjects"][0]["score"] = serde_json::json!(8.5);
    for (name, doc, en, vi) in [
        (
            "missing",
            missing,
            "`school` is missing",
            "thiếu trường bắt buộc `school`",
        ),
        (
            "decimal",
            decimal,
            "no decimal marks",
            "không dùng dấu thập phân",
        ),
    ] {
        let p = d.join(format!("{name}.json"));
        std::fs::write(&p, serde_json::to_vec(&doc).unwrap()).unwrap();
        for (lang, want) in [("en", en), ("vi", vi)] {
            let o = hocba(&["--lang", lang, "validate", p.to_str().unwrap()]);
            let err = String::from_utf8_lossy(&o.stderr);
            assert!(err.contains(want), "{name} {lang}: {err}");
        }
    }
}

/// `inspect` and `validate` take signed files (read as written, signatures not checked);
/// `verify DIR` verifies a transcript container and a PDF as `verify FILE` does; the verdict on
/// a PDF is in the chosen language (issue 14, item 3).
#[test]
fn signed_files_everywhere() {
    let d = tmp("signed");
    let v = repo().join("tests/vectors");
    let cose = v.join("verify/valid_ed25519.cose");
    let container = v.join("verify/correction_chain.cbor");
    let roots = v.join("pki/roots.pem");
    let at = "2026-06-15T00:00:00Z";
    for (file, kind) in [
        (&cose, "signed_year_record"),
        (&container, "signed_transcript"),
    ] {
        for cmd in ["inspect", "validate"] {
            let o = hocba(&["--json", cmd, file.to_str().unwrap()]);
            let out = String::from_utf8_lossy(&o.stdout);
            assert!(
                matches!(o.status.code(), Some(0 | 1)),
                "{cmd} {kind}: {out}"
            );
            let v: Value = serde_json::from_slice(&o.stdout).unwrap();
            assert_eq!(v["kind"], kind, "{cmd}: {out}");
            assert_eq!(v["signatures_verified"], false, "{cmd}");
        }
    }
    // A transcript PDF rendered from the container and its context.
    let pdf = d.join("transcript.pdf");
    let o = hocba(&[
        "render",
        container.to_str().unwrap(),
        "--transcript",
        v.join("verify/correction_chain.context.json")
            .to_str()
            .unwrap(),
        "--trust",
        roots.to_str().unwrap(),
        "--at",
        at,
        "-o",
        pdf.to_str().unwrap(),
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let only_signed = d.join("signed-only");
    std::fs::create_dir_all(&only_signed).unwrap();
    for f in [&cose, &pdf] {
        std::fs::copy(f, only_signed.join(f.file_name().unwrap())).unwrap();
    }
    std::fs::copy(&container, only_signed.join("transcript.hocba")).unwrap();
    let o = hocba(&[
        "--json",
        "verify",
        only_signed.to_str().unwrap(),
        "--trust",
        roots.to_str().unwrap(),
        "--at",
        at,
    ]);
    let out = String::from_utf8_lossy(&o.stdout);
    // Each file's outcome in the directory run is what `verify FILE` says of it.
    let single = |f: &Path| -> Value {
        let o = hocba(&[
            "--json",
            "verify",
            f.to_str().unwrap(),
            "--trust",
            roots.to_str().unwrap(),
            "--at",
            at,
        ]);
        serde_json::from_slice(&o.stdout).unwrap()
    };
    let lines: Vec<Value> = out
        .lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .filter(|v| v.get("file").is_some())
        .collect();
    assert_eq!(lines.len(), 3, "{out}");
    for line in &lines {
        let f = PathBuf::from(line["file"].as_str().unwrap());
        let one = single(&f);
        let code = one["error"]
            .as_str()
            .or_else(|| one["error"]["code"].as_str())
            .unwrap_or("valid");
        assert_eq!(line["code"], code, "{f:?}: {one}");
        assert_ne!(line["code"], "not_cose_sign", "{out}");
    }
    let o = hocba(&[
        "verify",
        pdf.to_str().unwrap(),
        "--trust",
        roots.to_str().unwrap(),
        "--at",
        at,
    ]);
    let text = String::from_utf8_lossy(&o.stdout);
    assert_eq!(o.status.code(), Some(0), "{text}");
    assert!(
        text.contains("hợp lệ") && !text.contains(": valid"),
        "{text}"
    );
}

/// A demo container with grade 3 removed: `verify` says invalid (exit 1) with the cross-year
/// rule's code, and a PDF rendered from it does not verify either (issue 14, item 4).
#[test]
#[cfg(feature = "demo")] // `hocba demo` (test PKI) is built only with the `demo` feature
fn a_dropped_year_does_not_verify_in_the_cli() {
    let d = tmp("dropped");
    let demo = d.join("demo");
    let o = hocba(&["--json", "demo", "--out", demo.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0));
    let whole = std::fs::read(demo.join("transcript.hocba")).unwrap();
    // a2 01 01 02 85: the container's map, version 1, then an array of five byte strings.
    assert_eq!(&whole[..5], b"\xa2\x01\x01\x02\x85");
    let mut items = Vec::new();
    let mut i = 5;
    while i < whole.len() {
        let (len, head) = match whole[i] {
            0x59 => (
                usize::from(u16::from_be_bytes([whole[i + 1], whole[i + 2]])),
                3,
            ),
            0x5a => (
                u32::from_be_bytes([whole[i + 1], whole[i + 2], whole[i + 3], whole[i + 4]])
                    as usize,
                5,
            ),
            b => panic!("unexpected head {b:#x}"),
        };
        items.push(whole[i..i + head + len].to_vec());
        i += head + len;
    }
    assert_eq!(items.len(), 5);
    let mut dropped = b"\xa2\x01\x01\x02\x84".to_vec();
    for (n, it) in items.iter().enumerate() {
        if n != 2 {
            dropped.extend_from_slice(it);
        }
    }
    let file = d.join("dropped.hocba");
    std::fs::write(&file, &dropped).unwrap();
    let roots = demo.join("trust/roots.pem");
    let at = "2026-09-01T00:00:00Z";
    let o = hocba(&[
        "--json",
        "verify",
        file.to_str().unwrap(),
        "--trust",
        roots.to_str().unwrap(),
        "--at",
        at,
    ]);
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(o.status.code(), Some(1), "{v}");
    assert_eq!(v["error"], "school_years_not_consecutive", "{v}");
    let pdf = d.join("dropped.pdf");
    let o = hocba(&[
        "render",
        file.to_str().unwrap(),
        "--transcript",
        demo.join("transcript.json").to_str().unwrap(),
        "--trust",
        roots.to_str().unwrap(),
        "--at",
        at,
        "-o",
        pdf.to_str().unwrap(),
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let o = hocba(&[
        "--json",
        "verify",
        pdf.to_str().unwrap(),
        "--trust",
        roots.to_str().unwrap(),
        "--at",
        at,
    ]);
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(o.status.code(), Some(1), "{v}");
    assert_eq!(v["ok"], false, "{v}");
}
