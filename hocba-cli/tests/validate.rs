//! `hocba validate`: exit codes (0 valid, 1 errors, 2 unreadable), JSON output, languages.

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

fn example(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../docs/examples")
        .join(name)
}

fn broken_record() -> PathBuf {
    let mut r: Value =
        serde_json::from_slice(&std::fs::read(example("year-record.json")).unwrap()).unwrap();
    for s in r["subjects"].as_array_mut().unwrap() {
        if s["subject"] == "toan" {
            s.as_object_mut().unwrap().remove("score");
        }
    }
    r["result"] = "htxs".into();
    // A second, independent error: with Toán's score missing no result is derived (TT27 Điều
    // 9.2.a cannot be judged, issue 14 item 11), so `result_mismatch` cannot be the second one.
    let first = r["subjects"][0].clone();
    r["subjects"].as_array_mut().unwrap().push(first);
    let d = std::env::temp_dir().join(format!("hocba-validate-{}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    let p = d.join("broken.json");
    std::fs::write(&p, serde_json::to_vec(&r).unwrap()).unwrap();
    p
}

#[test]
fn valid_examples_exit_0() {
    for name in ["year-record.json", "transcript.json"] {
        let out = hocba(&["validate", example(name).to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(0), "{name}");
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(text.contains("HỢP LỆ"), "{text}");
        let out = hocba(&["--json", "validate", example(name).to_str().unwrap()]);
        let v: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(v["ok"], true);
        assert_eq!(v["counts"]["error"], 0);
    }
}

#[test]
fn errors_exit_1_with_every_violation() {
    let p = broken_record();
    let out = hocba(&["--json", "validate", p.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["ok"], false);
    let codes: Vec<&str> = v["violations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["code"].as_str().unwrap())
        .collect();
    assert!(
        codes.contains(&"score_missing") && codes.contains(&"subject_duplicate"),
        "{codes:?}"
    );
    let score = v["violations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["code"] == "score_missing")
        .unwrap();
    assert_eq!(score["rule"], "TT27 Điều 7.1.b");

    let vi = hocba(&["validate", p.to_str().unwrap()]);
    assert_eq!(vi.status.code(), Some(1));
    let vi = String::from_utf8(vi.stdout).unwrap();
    assert!(
        vi.contains("CHƯA HỢP LỆ") && vi.contains("môn Toán › điểm KTĐK"),
        "{vi}"
    );
    let en = hocba(&["--lang", "en", "validate", p.to_str().unwrap()]);
    let en = String::from_utf8(en.stdout).unwrap();
    assert!(
        en.contains("NOT VALID") && en.contains("Mathematics"),
        "{en}"
    );
}

#[test]
fn unreadable_exits_2() {
    let out = hocba(&["validate", "/nonexistent/hocba.json"]);
    assert_eq!(out.status.code(), Some(2));
    let d = std::env::temp_dir().join(format!("hocba-validate-bad-{}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    let p = d.join("bad.json");
    std::fs::write(&p, b"{\"years\": [").unwrap();
    let out = hocba(&["--json", "validate", p.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["error"]["code"], "json_syntax");
}

#[test]
fn policy_file_changes_severity() {
    let mut r: Value =
        serde_json::from_slice(&std::fs::read(example("year-record.json")).unwrap()).unwrap();
    r["pupil"].as_object_mut().unwrap().remove("personal_id");
    let d = std::env::temp_dir().join(format!("hocba-validate-pol-{}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    let rec = d.join("r.json");
    std::fs::write(&rec, serde_json::to_vec(&r).unwrap()).unwrap();
    let out = hocba(&["validate", rec.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "a warning by default");
    let pol = d.join("strict.json");
    std::fs::write(&pol, br#"{"personal_id_missing": "error"}"#).unwrap();
    let out = hocba(&[
        "validate",
        "--policy",
        pol.to_str().unwrap(),
        rec.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    std::fs::write(&pol, br#"{"no_such_setting": 1}"#).unwrap();
    let out = hocba(&[
        "validate",
        "--policy",
        pol.to_str().unwrap(),
        rec.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn canonical_cbor_is_validated_too() {
    let d = std::env::temp_dir().join(format!("hocba-validate-cbor-{}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    let cbor = d.join("t.cbor");
    let out = hocba(&[
        "convert",
        example("transcript.json").to_str().unwrap(),
        "-o",
        cbor.to_str().unwrap(),
    ]);
    assert!(out.status.success());
    let out = hocba(&["--json", "validate", cbor.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        (v["format"].as_str(), v["kind"].as_str()),
        (Some("cbor"), Some("transcript"))
    );
    assert_eq!(v["derived"].as_array().unwrap().len(), 5);
}

#[test]
fn a_decimal_or_out_of_range_score_is_rejected_before_validation() {
    // TT27 Điều 7.1.d: integer scores on the 10-point scale; the model refuses anything else.
    let d = std::env::temp_dir().join(format!("hocba-validate-score-{}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    for (name, score) in [("decimal", Value::from(7.5)), ("eleven", Value::from(11))] {
        let mut r: Value =
            serde_json::from_slice(&std::fs::read(example("year-record.json")).unwrap()).unwrap();
        r["subjects"][0]["score"] = score;
        let p = d.join(format!("{name}.json"));
        std::fs::write(&p, serde_json::to_vec(&r).unwrap()).unwrap();
        let out = hocba(&["--json", "validate", p.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(1), "{name}");
        let v: Value = serde_json::from_slice(&out.stdout).unwrap();
        // 7.5 is not an integer (the wrong JSON type); 11 is outside the score's domain.
        let code = if name == "eleven" {
            "invalid_score"
        } else {
            "json_data"
        };
        assert_eq!(v["error"]["code"], code, "{name}");
        assert!(
            v["error"]["message"]
                .as_str()
                .unwrap()
                .contains("subjects[0].score")
        );
    }
}
