//! The JSON Schema in docs/spec/ is the model's, and every JSON example and vector obeys it.
//!
//! Regenerate the committed files with `HOCBA_BLESS=1 cargo test -p hocba-core --test json_schema`.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a failed test may panic

use std::path::{Path, PathBuf};

use hocba_core::model::{document_schema, to_json_pretty};
use hocba_core::synth;
use serde_json::Value;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Compares `actual` with the committed file, or rewrites it under HOCBA_BLESS=1.
fn committed(path: &Path, actual: &str) {
    if std::env::var_os("HOCBA_BLESS").is_some() {
        std::fs::write(path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        expected == actual,
        "{} is out of date: run HOCBA_BLESS=1 cargo test -p hocba-core --test json_schema",
        path.display()
    );
}

fn validator() -> jsonschema::Validator {
    jsonschema::validator_for(&document_schema())
        .expect("the schema is a valid draft 2020-12 schema")
}

#[test]
fn committed_schema_is_the_models() {
    let text = format!("{:#}\n", document_schema());
    committed(&repo().join("docs/spec/hocba.schema.json"), &text);
}

#[test]
fn committed_examples_are_the_demo() {
    let t = synth::demo_transcript();
    committed(
        &repo().join("docs/examples/transcript.json"),
        &(to_json_pretty(&t) + "\n"),
    );
    committed(
        &repo().join("docs/examples/year-record.json"),
        &(to_json_pretty(&t.years[4]) + "\n"),
    );
}

#[test]
fn synthetic_cohorts_validate() {
    let v = validator();
    for seed in 0..5 {
        for t in synth::cohort(&synth::CohortSpec {
            seed,
            pupils: 6,
            first_year: 2020,
        }) {
            let value = serde_json::to_value(&t).unwrap();
            assert!(
                v.is_valid(&value),
                "{:?}",
                v.iter_errors(&value)
                    .map(|e| e.to_string())
                    .collect::<Vec<_>>()
            );
            for y in &t.years {
                assert!(v.is_valid(&serde_json::to_value(y).unwrap()));
            }
        }
    }
}

fn json_documents(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            json_documents(&p, out);
        } else if p.extension().is_some_and(|x| x == "json") {
            out.push(p);
        }
    }
}

/// Every JSON record or transcript under docs/examples and tests/vectors validates, except
/// the vectors the manifest expects to be rejected as JSON of the wrong shape.
#[test]
fn examples_and_vectors_validate() {
    let v = validator();
    let vectors = repo().join("tests/vectors");
    let manifest: Value = std::fs::read_to_string(vectors.join("manifest.json"))
        .ok()
        .and_then(|s| serde_json::from_str(&s).ok())
        .unwrap_or(Value::Null);
    let rejected_as_json: Vec<PathBuf> = manifest["cases"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|c| {
            c["expect"]["error"]
                .as_str()
                .is_some_and(|e| e.starts_with("json_"))
        })
        .filter_map(|c| c["input"].as_str().map(|i| vectors.join(i)))
        .collect();
    let mut files = Vec::new();
    json_documents(&repo().join("docs/examples"), &mut files);
    json_documents(&vectors, &mut files);
    let mut checked = 0;
    for f in files {
        let Ok(value) = serde_json::from_str::<Value>(&std::fs::read_to_string(&f).unwrap()) else {
            continue;
        };
        let is_document = value.get("rule_set").is_some() || value.get("years").is_some();
        if !is_document {
            continue;
        }
        let expect_valid = !rejected_as_json.contains(&f);
        assert_eq!(v.is_valid(&value), expect_valid, "{}", f.display());
        checked += 1;
    }
    assert!(checked >= 2, "no JSON documents found");
}

#[test]
fn schema_rejects_what_the_model_rejects() {
    let v = validator();
    let good = serde_json::to_value(&synth::demo_transcript().years[0]).unwrap();
    assert!(v.is_valid(&good));
    let cases: [(&str, Value); 4] = [
        ("/subjects/0/score", Value::from(11)),
        ("/grade", Value::from(6)),
        ("/subjects/0/level", Value::from("X")),
        ("/school_year", Value::from("2024/2025")),
    ];
    for (pointer, bad) in cases {
        let mut doc = good.clone();
        *doc.pointer_mut(pointer).unwrap() = bad;
        assert!(!v.is_valid(&doc), "{pointer}");
        let as_model = serde_json::from_value::<hocba_core::model::YearRecord>(doc);
        assert!(as_model.is_err(), "{pointer}");
    }
    let mut unknown = good.clone();
    unknown["nickname"] = Value::from("x");
    assert!(!v.is_valid(&unknown));
}
