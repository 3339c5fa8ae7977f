//! Every valid CBOR vector validates against `docs/spec/hocba.cddl`; the structurally
//! wrong hostile vectors do not. Generated records validate too.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use hocba_core::canonical::{encode_transcript, encode_year_record};
use hocba_tests::strategies;
use hocba_tests::vectors::{load, read, vectors_dir};
use proptest::prelude::*;

const CDDL: &str = include_str!("../../docs/spec/hocba.cddl");

/// The CDDL with `rule` as its root (the validator checks against the first rule).
fn schema(ty: &str) -> String {
    let rule = if ty == "transcript" {
        "transcript"
    } else {
        "year-record"
    };
    format!("root = {rule}\n{CDDL}")
}

fn validate(ty: &str, bytes: &[u8]) -> Result<(), String> {
    cddl::validate_cbor_from_slice(&schema(ty), bytes, None).map_err(|e| e.to_string())
}

#[test]
fn the_cddl_parses() {
    cddl::cddl_from_str(CDDL, true).expect("hocba.cddl parses");
}

#[test]
fn vectors_match_the_cddl() {
    let root = vectors_dir();
    let manifest = load(&root).expect("manifest");
    let mut checked = 0;
    for case in &manifest.cases {
        let Some(expect) = case.extra.get("cddl").and_then(|v| v.as_str()) else {
            continue;
        };
        if expect == "n/a" {
            continue;
        }
        let ty = case.field("type").expect("type");
        let bytes = read(&root, &case.input).expect("input");
        let result = validate(ty, &bytes);
        match expect {
            "valid" => assert!(result.is_ok(), "{}: {}", case.id, result.unwrap_err()),
            "invalid" => assert!(result.is_err(), "{}: validates but should not", case.id),
            other => panic!("{}: unknown cddl expectation `{other}`", case.id),
        }
        checked += 1;
    }
    assert!(
        checked >= 10,
        "only {checked} vectors checked against the CDDL"
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(8))]

    #[test]
    fn generated_year_records_match_the_cddl(r in strategies::year_record()) {
        let bytes = encode_year_record(&r);
        prop_assert!(validate("year_record", &bytes).is_ok(), "{:?}", validate("year_record", &bytes));
    }

    #[test]
    fn generated_transcripts_match_the_cddl(t in strategies::transcript()) {
        let bytes = encode_transcript(&t);
        prop_assert!(validate("transcript", &bytes).is_ok(), "{:?}", validate("transcript", &bytes));
    }
}
