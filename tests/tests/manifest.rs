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

/// Every verification case states its full outcome (issue 14 item 13, ADR 0210).
#[test]
fn every_verification_case_states_its_full_outcome() {
    let manifest = load(&vectors_dir()).expect("manifest");
    for c in manifest
        .cases
        .iter()
        .filter(|c| c.kind == "verify" || c.kind == "signed_xml")
    {
        let o = c.extra.get("outcome").unwrap_or_else(|| panic!("{}", c.id));
        assert!(
            o.pointer("/raised/kind").is_some() || o.pointer("/report/status").is_some(),
            "{}: {o}",
            c.id
        );
    }
}

/// A runner compares every field of the outcome: a kind, a path, a finding or a signer's field
/// other than the core's fails the case.
#[test]
fn a_changed_outcome_field_fails() {
    let root = vectors_dir();
    let manifest = load(&root).expect("manifest");
    let case = |id: &str| {
        manifest
            .cases
            .iter()
            .find(|c| c.id == id)
            .cloned()
            .unwrap_or_else(|| panic!("no case {id}"))
    };
    let mutations: [(&str, &str, serde_json::Value); 12] = [
        (
            "verify/payload_grade_out_of_range",
            "/raised/path",
            serde_json::Value::Null,
        ),
        (
            "verify/payload_grade_out_of_range",
            "/raised/kind",
            "signature".into(),
        ),
        (
            "signed_xml/attack/dtd-entity",
            "/raised/kind",
            "decode".into(),
        ),
        (
            "verify/valid_ed25519",
            "/report/signers/2/subject_name",
            "X".into(),
        ),
        (
            "verify/cert_revoked_after_signing",
            "/report/signers/0/revoked_later",
            serde_json::Value::Null,
        ),
        (
            "verify/valid_vice_principal",
            "/report/signers/1/capacity",
            "hieu_truong".into(),
        ),
        (
            "verify/valid_ed25519",
            "/report/signers/2/issuer",
            "X".into(),
        ),
        (
            "signed_xml/timestamped_seal",
            "/report/signers/2/judged_at",
            "2026-06-01T00:02:00Z".into(),
        ),
        (
            "signed_xml/timestamped_seal",
            "/report/signers/2/timestamp",
            serde_json::Value::Null,
        ),
        (
            "verify/correction_chain",
            "/report/years/0/revisions/1/lookup_code",
            serde_json::Value::Null,
        ),
        (
            "verify/correction_chain",
            "/report/years/0/revisions/1/supersedes",
            serde_json::Value::Null,
        ),
        (
            "signed_xml/years_recalled_and_replaced",
            "/report/years/0/revisions/0/recalled",
            false.into(),
        ),
    ];
    for (id, pointer, value) in mutations {
        let mut c = case(id);
        run_case(&root, &c).unwrap_or_else(|e| panic!("{e}"));
        let o = c.extra.get_mut("outcome").expect("outcome");
        *o.pointer_mut(pointer)
            .unwrap_or_else(|| panic!("{id}{pointer}")) = value;
        let err = run_case(&root, &c).expect_err(id);
        assert!(err.contains(pointer), "{id}: {err}");
    }
    // A finding dropped.
    let with_finding = manifest
        .cases
        .iter()
        .find(|c| {
            c.extra
                .get("outcome")
                .and_then(|o| o.pointer("/report/findings/0"))
                .is_some()
        })
        .expect("a case with a finding")
        .clone();
    let mut c = with_finding;
    c.extra
        .get_mut("outcome")
        .and_then(|o| o.pointer_mut("/report/findings"))
        .and_then(serde_json::Value::as_array_mut)
        .expect("findings")
        .remove(0);
    assert!(run_case(&root, &c).is_err(), "{}", c.id);
}
