//! TT27 rules on arbitrary model values (the model-wide strategies of `hocba_tests`): the
//! validator never panics, and its derived values are `derive`'s (TT27 Điều 9.2.a, 11, 13).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use hocba_core::rules::{Policy, Severity, derive, fill_derived, validate, validate_transcript};
use hocba_tests::strategies;
use proptest::prelude::*;

/// Rules that only depend on derivable values: none may fail after `fill_derived`.
const DERIVABLE: &[&str] = &[
    "result_mismatch",
    "award_excellent_requires_htxs",
    "award_exemplary_requires_htt",
    "award_duplicate",
    "award_excellent_not_recorded",
    "class_completion_mismatch",
    "supplementary_unexpected",
    "promotion_mismatch",
    "principal_decision_missing",
    "primary_completion_mismatch",
    "primary_completion_not_grade_5",
];

proptest! {
    #[test]
    fn any_year_record(mut r in strategies::year_record()) {
        let report = validate(&r, &Policy::default());
        prop_assert_eq!(report.derived.len(), 1);
        prop_assert_eq!(
            report.is_ok(),
            !report.violations.iter().any(|v| v.severity == Severity::Error)
        );
        if let Some(d) = report.derived() {
            prop_assert_eq!(d, &derive(&r));
            prop_assert_eq!(report.has("result_mismatch"), r.result != d.result);
            fill_derived(&mut r);
            let after = validate(&r, &Policy::default());
            for code in DERIVABLE {
                prop_assert!(!after.has(code), "{} after fill_derived", code);
            }
        }
    }

    #[test]
    fn any_transcript(t in strategies::transcript()) {
        let report = validate_transcript(&t, &Policy::default());
        prop_assert_eq!(report.derived.len(), t.years.len());
        for v in &report.violations {
            prop_assert!(v.path.is_empty() || v.path.starts_with("years")
                || v.path.starts_with("pupil") || v.path.starts_with("enrolments["));
        }
    }
}

#[test]
fn validate_vectors_name_registry_codes() {
    use hocba_tests::vectors::{load, vectors_dir};
    let manifest = load(&vectors_dir()).expect("manifest");
    let cases: Vec<_> = manifest
        .cases
        .iter()
        .filter(|c| c.kind == "validate")
        .collect();
    assert!(cases.len() >= 30, "validate vectors: {}", cases.len());
    for c in cases {
        let codes = c.extra["violations"].as_array().expect("violations");
        for code in codes {
            let code = code.as_str().expect("a code");
            assert!(
                hocba_core::rules::rule_by_code(code).is_some(),
                "{}: {code} is not in the registry",
                c.id
            );
        }
        if let Some(e) = &c.expect.error {
            assert!(codes.iter().any(|v| v == e.as_str()), "{}", c.id);
        }
    }
}
