//! The national format's fields (CV 2088/BGDĐT-GDTH Phụ lục 1.1): plausible absence counts,
//! and every required field present (warnings under the policy `national_completeness`).

use super::*;

type Edit = fn(&mut YearRecord);

/// (name, edit of a clean grade 4 record, expected (code, path) in report order).
type Case<'a> = (&'a str, Edit, &'a [(&'a str, &'a str)]);

fn run(table: &[Case<'_>]) {
    for (name, edit, expected) in table {
        let mut r = clean(4);
        edit(&mut r);
        let report = validate(&r, &Policy::default());
        let got: Vec<(&str, &str)> = report
            .violations
            .iter()
            .map(|v| (v.code, v.path.as_str()))
            .collect();
        assert_eq!(got, *expected, "{name}");
        assert!(report.is_ok(), "{name}: warnings only");
    }
}

#[test]
fn absences_plausible() {
    run(&[
        ("the clean record", |_| {}, &[]),
        (
            "350 sessions: a whole year of two-session days",
            |r| {
                r.days_absent = Some(175);
                r.absences_excused = Some(300);
                r.absences_unexcused = Some(50);
            },
            &[],
        ),
        (
            "351 sessions",
            |r| {
                r.absences_excused = Some(300);
                r.absences_unexcused = Some(51);
            },
            &[("absences_implausible", "absences_excused")],
        ),
        (
            "more unexcused sessions than a year has",
            |r| {
                r.absences_excused = Some(0);
                r.absences_unexcused = Some(400);
            },
            &[("absences_implausible", "absences_unexcused")],
        ),
        (
            "176 days",
            |r| {
                r.days_absent = Some(176);
                r.absences_excused = Some(352);
                r.absences_unexcused = Some(0);
            },
            &[
                ("absences_implausible", "absences_excused"),
                ("absences_implausible", "days_absent"),
            ],
        ),
        (
            "fewer sessions than days",
            |r| {
                r.days_absent = Some(5);
                r.absences_excused = Some(2);
                r.absences_unexcused = Some(1);
            },
            &[("absences_implausible", "absences_excused")],
        ),
        (
            "days without sessions (format 1) are not compared",
            |r| {
                r.days_absent = Some(5);
                r.absences_excused = None;
                r.absences_unexcused = None;
            },
            &[
                ("national_field_missing", "absences_excused"),
                ("national_field_missing", "absences_unexcused"),
            ],
        ),
    ]);
}

#[test]
fn national_fields_required_by_cv_2088() {
    run(&[
        (
            "lookup code",
            |r| r.lookup_code = None,
            &[("national_field_missing", "lookup_code")],
        ),
        (
            "the Sở",
            |r| r.school.department = None,
            &[("national_field_missing", "school.department")],
        ),
        (
            "register number (blank)",
            |r| r.register_number = Text::new(" ").ok(),
            &[("national_field_missing", "register_number")],
        ),
        (
            "height and weight",
            |r| {
                r.height_mm = None;
                r.weight_g = None;
            },
            &[
                ("national_field_missing", "height_mm"),
                ("national_field_missing", "weight_g"),
            ],
        ),
        (
            "school path",
            |r| r.history.clear(),
            &[("national_field_missing", "history")],
        ),
        (
            "signers' personal IDs",
            |r| {
                r.homeroom_teacher.personal_id = None;
                r.principal.personal_id = None;
            },
            &[
                ("national_field_missing", "homeroom_teacher.personal_id"),
                ("national_field_missing", "principal.personal_id"),
            ],
        ),
        (
            "issuance",
            |r| r.issuance = None,
            &[("national_field_missing", "issuance")],
        ),
        (
            "date of issue not yet known",
            |r| r.issuance.as_mut().unwrap().issued_at = None,
            &[("national_field_missing", "issuance.issued_at")],
        ),
        (
            "group comments and the homeroom comment",
            |r| r.comments = GroupComments::default(),
            &[
                ("national_field_missing", "comments.qualities"),
                ("national_field_missing", "comments.general_competencies"),
                ("national_field_missing", "comments.specific_competencies"),
                ("national_field_missing", "comments.homeroom"),
            ],
        ),
    ]);
}

#[test]
fn completeness_is_a_policy_and_names_the_national_tag() {
    let mut r = clean(2);
    r.lookup_code = None;
    let report = validate(&r, &Policy::default());
    let v = &report.violations[0];
    assert_eq!(v.severity, Severity::Warning);
    assert!(v.message_vi.contains("MA_TRA_CUU_UUID") && v.message_en.contains("MA_TRA_CUU_UUID"));
    assert!(v.rule.contains("CV 2088"));
    let off = Policy {
        national_completeness: Check::Off,
        ..Policy::default()
    };
    assert!(validate(&r, &off).violations.is_empty());
    let strict = Policy {
        national_completeness: Check::Error,
        ..Policy::default()
    };
    assert_eq!(
        validate(&r, &strict).first_error().map(|v| v.code),
        Some("national_field_missing")
    );
    // The absence rule is not a policy: it stays when completeness is off.
    r.absences_unexcused = Some(999);
    assert_eq!(validate(&r, &off).codes(), ["absences_implausible"]);
}

#[test]
fn national_rules_run_when_the_rule_set_does_not_apply() {
    let mut r = clean(3);
    r.rule_set = Text::new("TT22/2016").unwrap();
    r.lookup_code = None;
    let codes = validate(&r, &Policy::default()).codes();
    assert_eq!(
        codes,
        ["rule_set_not_implemented", "national_field_missing"]
    );
}
