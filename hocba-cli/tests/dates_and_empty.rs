//! Dates cross-checked (ADR 0265) and empty elements of the national XML (ADR 0266), through
//! the CLI: `hocba validate` on crafted XML, `hocba sign` refusing a signature dated before the
//! record was made, and `hocba verify` reporting it when the check before signing was skipped.

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
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/vectors")
        .join(rel)
        .to_string_lossy()
        .into_owned()
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn tmp(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("hocba-cli-dates-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
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

/// The unsigned fixture (2023–2024, made 24/5/2024 09:27, issued 28/5/2024 15:10) with `from`
/// replaced by `to`, written to `dir/name`.
fn crafted(dir: &Path, name: &str, from: &str, to: &str) -> PathBuf {
    let xml = std::fs::read_to_string(vectors("xmldsig/national-unsigned.xml")).unwrap();
    assert!(xml.contains(from), "{from}");
    let p = dir.join(name);
    std::fs::write(&p, xml.replacen(from, to, 1)).unwrap();
    p
}

fn validate(p: &Path) -> (i32, Value) {
    let o = hocba(&["--lang", "en", "--json", "validate", s(p)]);
    (o.status.code().unwrap(), json(&o))
}

fn violations(v: &Value) -> Vec<(String, String)> {
    v["violations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| {
            (
                x["code"].as_str().unwrap().to_owned(),
                x["severity"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

fn has(v: &Value, code: &str, severity: &str) -> bool {
    violations(v)
        .iter()
        .any(|(c, s)| c == code && s == severity)
}

#[test]
fn validate_judges_the_dates_of_a_national_xml() {
    let d = tmp("validate");
    let (rc, v) = validate(Path::new(&vectors("xmldsig/national-unsigned.xml")));
    assert_eq!(rc, 0, "{v}");
    assert!(
        !violations(&v)
            .iter()
            .any(|(c, _)| c.contains("date") || c.contains("signed")),
        "{v}"
    );
    let early_issue = crafted(
        &d,
        "issued.xml",
        "<NGAY_KY_PHAT_HANH_HOC_BA>2024-05-28T15:10:00+07:00",
        "<NGAY_KY_PHAT_HANH_HOC_BA>2024-05-20T15:10:00+07:00",
    );
    let (rc, v) = validate(&early_issue);
    assert_ne!(rc, 0, "{v}");
    assert_eq!(v["ok"], false);
    assert!(has(&v, "issued_before_created", "error"), "{v}");
    let unborn = crafted(
        &d,
        "unborn.xml",
        "<NGAY_SINH>15/04/2014</NGAY_SINH>",
        "<NGAY_SINH>15/09/2023</NGAY_SINH>",
    );
    let (_, v) = validate(&unborn);
    assert!(has(&v, "birth_date_after_school_year", "error"), "{v}");
    // The school calendar is a policy: `--policy` turns it into an error.
    let april = crafted(
        &d,
        "april.xml",
        "<NGAY_TAO_HOC_BA>2024-05-24T09:27:00+07:00",
        "<NGAY_TAO_HOC_BA>2024-04-24T09:27:00+07:00",
    );
    let (rc, v) = validate(&april);
    assert_eq!(rc, 0, "{v}");
    assert!(has(&v, "dated_before_year_end", "warning"), "{v}");
    let policy = d.join("policy.json");
    std::fs::write(&policy, br#"{"school_calendar": "error"}"#).unwrap();
    let o = hocba(&["--json", "validate", s(&april), "--policy", s(&policy)]);
    assert_ne!(o.status.code(), Some(0));
    assert!(has(&json(&o), "dated_before_year_end", "error"));
}

#[test]
fn validate_reports_or_refuses_empty_elements() {
    let d = tmp("empty");
    // Optional and empty: read as absent, named with a warning.
    let p = crafted(
        &d,
        "father.xml",
        "<HO_VA_TEN_CHA>Đỗ Gia Đạt</HO_VA_TEN_CHA>",
        "<HO_VA_TEN_CHA/>",
    );
    let (rc, v) = validate(&p);
    assert_eq!(rc, 0, "{v}");
    assert!(has(&v, "national_empty_element", "warning"), "{v}");
    let m = v["violations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["code"] == "national_empty_element")
        .unwrap()["message_en"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(m.contains("HO_VA_TEN_CHA"), "{m}");
    // A required name, blank: read, and an error.
    let p = crafted(
        &d,
        "name.xml",
        "<HO_VA_TEN>Đỗ Gia Nam</HO_VA_TEN>",
        "<HO_VA_TEN>  </HO_VA_TEN>",
    );
    let (rc, v) = validate(&p);
    assert_ne!(rc, 0, "{v}");
    assert!(has(&v, "required_field_blank", "error"), "{v}");
    // A required date, empty: refused while reading, with the element's path.
    let p = crafted(
        &d,
        "dob.xml",
        "<NGAY_SINH>15/04/2014</NGAY_SINH>",
        "<NGAY_SINH></NGAY_SINH>",
    );
    let o = hocba(&["--lang", "en", "--json", "validate", s(&p)]);
    assert_ne!(o.status.code(), Some(0));
    let v = json(&o);
    assert_eq!(v["error"]["code"], "xml_empty_element", "{v}");
    assert!(v.to_string().contains("NGAY_SINH"), "{v}");
    assert!(
        !v.to_string().contains("Đỗ Gia"),
        "pupil data in the error: {v}"
    );
}

fn sign(input: &Path, out: &Path, role: &str, leaf: &str, time: &str, extra: &[&str]) -> Output {
    let key = vectors(&format!("pki/keys/{leaf}.pk8"));
    let chain = vectors(&format!("pki/chains/{leaf}.pem"));
    let mut args = vec![
        "--json",
        "sign",
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
    ];
    args.extend_from_slice(extra);
    hocba(&args)
}

#[test]
fn a_signature_before_the_record_is_refused_then_reported() {
    let d = tmp("sign");
    let unsigned = PathBuf::from(vectors("xmldsig/national-unsigned.xml"));
    let (g, c, k) = (d.join("g.xml"), d.join("c.xml"), d.join("k.xml"));
    // Four days before NGAY_TAO_HOC_BA: the check before signing refuses it.
    let early = "2024-05-20T07:00:00+07:00";
    let o = sign(&unsigned, &g, "gvcn", "gvcn-rsa", early, &[]);
    assert_ne!(o.status.code(), Some(0));
    let out = format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(out.contains("signed_before_created"), "{out}");
    assert!(!g.exists());
    // Signed anyway (the record check skipped), then the principal and the school on the day
    // of issue: the signatures are valid, the report names the impossible date.
    let o = sign(
        &unsigned,
        &g,
        "gvcn",
        "gvcn-rsa",
        early,
        &["--no-check", "record"],
    );
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    for (input, out, role, leaf, time) in [
        (&g, &c, "cbql", "principal-rsa", "2024-05-28T08:00:00+07:00"),
        (
            &c,
            &k,
            "ky_phat_hanh",
            "seal-rsa",
            "2024-05-28T09:00:00+07:00",
        ),
    ] {
        let o = sign(input, out, role, leaf, time, &["--no-check", "record"]);
        assert_eq!(
            o.status.code(),
            Some(0),
            "{role}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
    }
    let trust = vectors("pki/roots.pem");
    let o = hocba(&["--json", "verify", s(&k), "--trust", &trust, "--at", AT]);
    let v = json(&o);
    assert_eq!(v["status"], "valid", "{v}");
    let findings: Vec<(String, bool)> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["code"].as_str().unwrap().to_owned(),
                f["blocking"].as_bool().unwrap(),
            )
        })
        .collect();
    assert!(
        findings.contains(&("signed_before_created".into(), true)),
        "{v}"
    );
    // The seal signed on the day of issue: no `issue_date_differs_from_seal`.
    assert!(
        !findings
            .iter()
            .any(|(c, _)| c == "issue_date_differs_from_seal"),
        "{v}"
    );
    // The text report shows it as an error.
    let o = hocba(&[
        "--lang",
        "en",
        "verify",
        s(&k),
        "--trust",
        &trust,
        "--at",
        AT,
    ]);
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(text.contains("[signed_before_created]"), "{text}");
}
