//! Runs every case of `tests/vectors/manifest.json`, dispatching on its `kind`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use hocba_tests::vectors::{MANIFEST_VERSION, load, run_case, vectors_dir};

#[test]
fn every_manifest_case_passes() {
    let root = vectors_dir();
    let manifest = load(&root).expect("manifest");
    assert_eq!(manifest.version, MANIFEST_VERSION);
    assert!(!manifest.cases.is_empty());
    let mut ids = std::collections::BTreeSet::new();
    let failures: Vec<String> = manifest
        .cases
        .iter()
        .filter_map(|case| {
            if !ids.insert(case.id.clone()) {
                return Some(format!("{}: duplicate id", case.id));
            }
            run_case(&root, case).err()
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{} failing cases:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn an_unknown_kind_fails() {
    let root = vectors_dir();
    let mut case = load(&root).expect("manifest").cases.remove(0);
    case.kind = "no_such_kind".into();
    let err = run_case(&root, &case).unwrap_err();
    assert!(err.contains("unknown kind"), "{err}");
}

#[test]
fn every_decode_error_code_has_a_hostile_vector() {
    let manifest = load(&vectors_dir()).expect("manifest");
    let covered: Vec<&str> = manifest
        .cases
        .iter()
        .filter(|c| c.kind == "hostile")
        .filter_map(|c| c.expect.error.as_deref())
        .collect();
    for code in hocba_core::canonical::DecodeErrorKind::ALL_CODES {
        assert!(covered.contains(code), "no hostile vector for `{code}`");
    }
}
