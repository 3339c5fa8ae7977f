//! Dates against each other (ADR 0265): one case per rule, each failing without its check.

use super::*;
use crate::trust::{SignerRole, UnixTime};

fn dt(s: &str) -> DateTime {
    s.parse().unwrap()
}

fn d(s: &str) -> Date {
    Date::try_from(s.to_owned()).unwrap()
}

fn t(s: &str) -> UnixTime {
    UnixTime::parse_rfc3339(s).unwrap()
}

/// A clean grade 4 record of 2024–2025, made on 24 May 2025 and issued on 28 May 2025.
fn dated() -> YearRecord {
    let mut r = clean(4);
    r.issuance = Some(Issuance {
        place: Text::from_nfc("Đà Nẵng").unwrap(),
        created_at: dt("2025-05-24T09:00:00+07:00"),
        issued_at: Some(dt("2025-05-28T15:00:00+07:00")),
    });
    r
}

fn with_code(r: &YearRecord, policy: &Policy, code: &str) -> Vec<(Severity, String)> {
    validate(r, policy)
        .violations
        .into_iter()
        .filter(|v| v.code == code)
        .map(|v| (v.severity, v.path))
        .collect()
}

#[test]
fn a_clean_record_has_no_date_finding() {
    let r = dated();
    let codes = validate(&r, &Policy::default()).codes();
    assert!(
        !codes
            .iter()
            .any(|c| rule_by_code(c).unwrap().id.starts_with("DAT")),
        "{codes:?}"
    );
    for role in SignerRole::ALL {
        assert_eq!(
            check_signing_time(&r, role, t("2025-05-28T15:00:00+07:00"), &Policy::default()),
            vec![]
        );
    }
}

#[test]
fn issued_before_created_is_an_error() {
    // CV 2088 §2: the record is made, then signed, then issued.
    let mut r = dated();
    r.issuance.as_mut().unwrap().issued_at = Some(dt("2025-05-24T08:59:59+07:00"));
    assert_eq!(
        with_code(&r, &Policy::default(), "issued_before_created"),
        [(Severity::Error, "issuance.issued_at".to_owned())]
    );
    // The same instant written in another offset is not earlier.
    r.issuance.as_mut().unwrap().issued_at = Some(dt("2025-05-24T02:00:00+00:00"));
    assert!(with_code(&r, &Policy::default(), "issued_before_created").is_empty());
}

#[test]
fn a_record_dated_before_its_school_year_is_an_error() {
    let mut r = dated();
    r.issuance.as_mut().unwrap().created_at = dt("2024-07-31T09:00:00+07:00");
    assert_eq!(
        with_code(&r, &Policy::default(), "dated_before_school_year"),
        [(Severity::Error, "issuance.created_at".to_owned())]
    );
    let v = validate(&r, &Policy::default());
    let m = &v
        .violations
        .iter()
        .find(|v| v.code == "dated_before_school_year")
        .unwrap()
        .message_vi;
    assert!(
        m.starts_with("Ngày tạo học bạ (NGAY_TAO_HOC_BA) sớm hơn"),
        "{m}"
    );
    // 1 August is the first day the year can begin: not before it.
    r.issuance.as_mut().unwrap().created_at = dt("2024-08-01T00:00:00+07:00");
    assert!(with_code(&r, &Policy::default(), "dated_before_school_year").is_empty());
}

#[test]
fn a_record_dated_before_the_year_end_is_a_policy_warning() {
    let mut r = dated();
    r.issuance.as_mut().unwrap().created_at = dt("2025-04-30T09:00:00+07:00");
    assert_eq!(
        with_code(&r, &Policy::default(), "dated_before_year_end"),
        [(Severity::Warning, "issuance.created_at".to_owned())]
    );
    let strict = Policy {
        school_calendar: Check::Error,
        ..Policy::default()
    };
    assert_eq!(
        with_code(&r, &strict, "dated_before_year_end")[0].0,
        Severity::Error
    );
    let off = Policy {
        school_calendar: Check::Off,
        ..Policy::default()
    };
    assert!(with_code(&r, &off, "dated_before_year_end").is_empty());
}

#[test]
fn a_pupil_born_after_the_school_year_began_is_an_error() {
    let mut r = dated();
    r.pupil.date_of_birth = d("2024-08-01");
    let found = with_code(&r, &Policy::default(), "birth_date_after_school_year");
    assert_eq!(found, [(Severity::Error, "pupil.date_of_birth".to_owned())]);
    // Even with the age check off, the impossible date is reported.
    let lenient = Policy {
        birth_date: Check::Off,
        ..Policy::default()
    };
    assert_eq!(
        with_code(&r, &lenient, "birth_date_after_school_year").len(),
        1
    );
    r.pupil.date_of_birth = d("2024-07-31");
    assert!(with_code(&r, &Policy::default(), "birth_date_after_school_year").is_empty());
}

fn step(year: u16, moved: Option<&str>) -> SchoolStep {
    SchoolStep {
        school_year: SchoolYear::starting(year).unwrap(),
        class_name: Text::from_nfc("4A").unwrap(),
        school_name: Text::from_nfc("Trường Tiểu học Hoà Bình").unwrap(),
        moved_in_on: moved.map(d),
    }
}

#[test]
fn moving_in_before_birth_is_an_error_and_after_the_year_a_warning() {
    let mut r = dated();
    let dob = r.pupil.date_of_birth.to_string();
    let before = Date::from(r.pupil.date_of_birth.get().previous_day().unwrap()).to_string();
    r.history = vec![step(2023, Some(&before)), step(2024, Some("2025-06-01"))];
    assert_eq!(
        with_code(&r, &Policy::default(), "date_before_birth"),
        [(Severity::Error, "history[0].moved_in_on".to_owned())]
    );
    assert_eq!(
        with_code(&r, &Policy::default(), "moved_in_after_school_year"),
        [(Severity::Warning, "history[1].moved_in_on".to_owned())]
    );
    // A summer transfer before the year begins, and the original admission years before,
    // are what schools write: nothing to report.
    r.history = vec![step(2023, Some(&dob)), step(2024, Some("2024-08-12"))];
    assert!(with_code(&r, &Policy::default(), "date_before_birth").is_empty());
    assert!(with_code(&r, &Policy::default(), "moved_in_after_school_year").is_empty());
}

#[test]
fn an_event_after_the_issue_date_is_an_error() {
    let mut r = dated();
    r.history = vec![step(2024, Some("2025-05-29"))];
    assert_eq!(
        with_code(&r, &Policy::default(), "date_after_issue"),
        [(Severity::Error, "history[0].moved_in_on".to_owned())]
    );
    r.history = vec![step(2024, Some("2025-05-28"))];
    assert!(with_code(&r, &Policy::default(), "date_after_issue").is_empty());
}

#[test]
fn signed_before_the_record_was_made_is_an_error() {
    let r = dated();
    let found = check_signing_time(
        &r,
        SignerRole::HomeroomTeacher,
        t("2025-05-23T23:59:59+07:00"),
        &Policy::default(),
    );
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].code, "signed_before_created");
    assert_eq!(found[0].severity, Severity::Error);
    assert_eq!(found[0].path, "issuance.created_at");
    assert!(found[0].message_vi.contains("Giáo viên chủ nhiệm"));
    // Earlier the same day: another clock, not an impossibility (compared by day).
    assert!(
        check_signing_time(
            &r,
            SignerRole::HomeroomTeacher,
            t("2025-05-24T08:00:00+07:00"),
            &Policy::default(),
        )
        .is_empty()
    );
}

#[test]
fn signed_before_the_school_year_or_its_end() {
    let mut r = dated();
    r.issuance = None;
    let codes = |at: &str| -> Vec<(&'static str, Severity)> {
        check_signing_time(&r, SignerRole::Principal, t(at), &Policy::default())
            .into_iter()
            .map(|v| (v.code, v.severity))
            .collect()
    };
    assert_eq!(
        codes("2024-07-31T16:59:59+00:00"),
        [("signed_before_school_year", Severity::Error)]
    );
    assert_eq!(
        codes("2025-04-30T09:00:00+07:00"),
        [("signed_before_year_end", Severity::Warning)]
    );
    assert_eq!(codes("2025-05-01T00:00:00+07:00"), []);
}

#[test]
fn an_event_after_a_signature_is_an_error() {
    let mut r = dated();
    r.issuance = None;
    r.history = vec![step(2024, Some("2025-05-29"))];
    let found = check_signing_time(
        &r,
        SignerRole::SchoolSeal,
        t("2025-05-28T23:00:00+07:00"),
        &Policy::default(),
    );
    assert_eq!(
        found
            .iter()
            .map(|v| (v.code, v.path.as_str()))
            .collect::<Vec<_>>(),
        [("date_after_signing", "history[0].moved_in_on")]
    );
}

#[test]
fn the_issue_date_is_the_seals_day() {
    let r = dated();
    let seal = |at: &str, policy: &Policy| -> Vec<(&'static str, Severity)> {
        check_signing_time(&r, SignerRole::SchoolSeal, t(at), policy)
            .into_iter()
            .map(|v| (v.code, v.severity))
            .collect()
    };
    assert_eq!(seal("2025-05-28T08:00:00+07:00", &Policy::default()), []);
    assert_eq!(
        seal("2025-05-31T11:00:00+07:00", &Policy::default()),
        [("issue_date_differs_from_seal", Severity::Warning)]
    );
    let off = Policy {
        issue_date: Check::Off,
        ..Policy::default()
    };
    assert_eq!(seal("2025-05-31T11:00:00+07:00", &off), []);
    // Only the seal issues: the teacher signing on another day is not compared.
    assert!(
        check_signing_time(
            &r,
            SignerRole::HomeroomTeacher,
            t("2025-05-27T11:00:00+07:00"),
            &Policy::default()
        )
        .is_empty()
    );
}

#[test]
fn verification_reports_a_signing_time_finding_once() {
    use crate::envelope::ContentCheck;
    let r = dated();
    let early = t("2025-05-20T09:00:00+07:00");
    let findings = Tt27Checks::default().check_signing_times(
        &r,
        &[
            (SignerRole::HomeroomTeacher, early),
            (SignerRole::Principal, early),
            (SignerRole::SchoolSeal, t("2025-05-28T09:00:00+07:00")),
        ],
    );
    let codes: Vec<_> = findings
        .iter()
        .map(|f| (f.code.as_str(), f.blocking))
        .collect();
    assert_eq!(codes, [("signed_before_created", true)]);
}

#[test]
fn the_checks_before_signing_refuse_a_signature_before_the_record() {
    let r = dated();
    let report = validate_for_signing(
        &r,
        None,
        SignerRole::HomeroomTeacher,
        t("2025-05-01T09:00:00+07:00"),
        &Policy::default(),
    );
    assert!(report.has("signed_before_created"));
    assert!(!report.is_ok());
}

#[test]
fn generated_records_satisfy_the_date_rules() {
    for path in [
        synth::Path::Regular,
        synth::Path::RetainedOnce,
        synth::Path::Supplementary,
        synth::Path::Transfer,
    ] {
        for seed in 0..8 {
            let t = synth::transcript(seed, path);
            let report = validate_transcript(&t, &Policy::default());
            let dates: Vec<_> = report
                .violations
                .iter()
                .filter(|v| v.rule_id.starts_with("DAT"))
                .map(|v| (v.code, v.path.clone()))
                .collect();
            assert_eq!(dates, [], "{path:?} seed {seed}");
        }
    }
}
