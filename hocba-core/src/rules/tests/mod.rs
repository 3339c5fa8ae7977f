//! Rule tests: one table per rule group, each case citing its article; the catalogue test;
//! property tests.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod cases;
mod catalogue;
mod dates;
mod ict;
mod national;
mod national_xml;
mod property;
mod transcript;

use super::*;
use crate::model::*;
use crate::synth;

/// A clean year record of `grade` (school year 2024–2025): every subject T with a score of
/// 10 where tested, every quality and competency Tốt, derived values filled in. Validates
/// with no violation at all.
pub(crate) fn clean(grade: u8) -> YearRecord {
    let g = Grade::try_from(grade).unwrap();
    let mut r = synth::class(11, g, 2024, 1).remove(0);
    for s in &mut r.subjects {
        s.level = SubjectLevel::Good;
        s.score = curriculum::is_tested(s.subject, g, Moment::EndOfYear)
            .then(|| Score::try_from(10).unwrap());
    }
    for q in &mut r.qualities {
        q.level = QualityLevel::Good;
    }
    for c in &mut r.competencies {
        c.level = QualityLevel::Good;
    }
    r.awards.clear();
    r.completion.supplementary = None;
    // Issued after the summer, so that a case adding an additional assessment (held in the
    // summer) is not issued before it (`date_after_issue`, ADR 0265).
    if let Some(i) = &mut r.issuance {
        i.issued_at = Some("2025-08-20T09:00:00+07:00".parse().unwrap());
    }
    fill_derived(&mut r);
    r
}

pub(crate) fn codes(r: &YearRecord) -> Vec<&'static str> {
    validate(r, &Policy::default()).codes()
}

pub(crate) fn set_score(r: &mut YearRecord, subject: Subject, v: Option<u8>) {
    let s = r
        .subjects
        .iter_mut()
        .find(|s| s.subject == subject)
        .unwrap();
    s.score = v.map(|v| Score::try_from(v).unwrap());
}

pub(crate) fn set_level(r: &mut YearRecord, subject: Subject, l: SubjectLevel) {
    r.subjects
        .iter_mut()
        .find(|s| s.subject == subject)
        .unwrap()
        .level = l;
}

#[test]
fn clean_records_have_no_violation_in_any_grade() {
    for g in 1..=5 {
        let r = clean(g);
        let report = validate(&r, &Policy::default());
        assert_eq!(report.codes(), Vec::<&str>::new(), "grade {g}");
        assert_eq!(report.derived().unwrap().result, YearResult::Excellent);
    }
}

#[test]
fn synthetic_cohorts_are_valid() {
    for seed in 0..40 {
        for t in synth::cohort(&synth::CohortSpec {
            seed,
            pupils: 8,
            first_year: 2020,
        }) {
            let report = validate_transcript(&t, &Policy::default());
            let errors: Vec<_> = report.errors().map(|v| (v.code, v.path.clone())).collect();
            assert!(errors.is_empty(), "seed {seed}: {errors:?}");
            for (y, d) in t.years.iter().zip(&report.derived) {
                assert_eq!(Some(y.result), d.as_ref().map(|d| d.result));
            }
        }
    }
    assert!(validate(&synth::year_record(5), &Policy::default()).is_ok());
    assert!(validate_transcript(&synth::demo_transcript(), &Policy::default()).is_ok());
}

#[test]
fn registry_order_matches_the_enum_and_codes_are_unique() {
    for (i, r) in RULES.iter().enumerate() {
        assert_eq!(r.key as usize, i, "{}", r.code);
        assert_eq!(r.key.rule().code, r.code);
        assert!(
            r.code
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_'),
            "{}",
            r.code
        );
        assert_eq!(RULES.iter().filter(|x| x.code == r.code).count(), 1);
        assert_eq!(RULES.iter().filter(|x| x.id == r.id).count(), 1);
        assert_eq!(rule_by_code(r.code), Some(r));
        assert_eq!(rule_by_id(r.id), Some(r));
        assert!(is_nfc(r.message_vi) && is_nfc(r.article));
    }
}

#[test]
fn policy_rules_default_to_their_catalogue_severity() {
    let p = Policy::default();
    for r in RULES {
        if let Some(field) = r.policy {
            let check = p.check(field).unwrap_or_else(|| panic!("{field}"));
            assert_eq!(check.severity(), Some(r.severity), "{}", r.code);
        }
    }
}

#[test]
fn messages_never_contain_pupil_data() {
    // A record whose every personal field is distinctive, broken in many ways at once.
    let mut r = clean(4);
    r.pupil.full_name = Text::new("Zyxwvu Qponml").unwrap();
    r.pupil.personal_id = Some(PersonalId::try_from("999777123456").unwrap());
    r.pupil.date_of_birth = Date::from_ymd(1987, 11, 23).unwrap();
    set_score(&mut r, Subject::Toan, Some(0));
    set_level(&mut r, Subject::AmNhac, SubjectLevel::NotCompleted);
    r.subjects.iter_mut().for_each(|s| s.comment = None);
    r.result = YearResult::Good;
    let report = validate(&r, &Policy::default());
    assert!(report.violations.len() >= 6);
    for v in &report.violations {
        for text in [
            &v.message_vi,
            &v.message_en,
            &v.rule,
            &v.path,
            &v.to_string(),
        ] {
            for secret in [
                "Zyxwvu",
                "Qponml",
                "999777",
                "1987",
                "23",
                "Hoàn thành tốt",
                "Completed well",
            ] {
                assert!(!text.contains(secret), "{} leaks {secret}: {text}", v.code);
            }
        }
        assert!(!v.message_vi.contains('{') && !v.message_en.contains('{'));
    }
}

#[test]
fn validation_error_carries_the_first_error() {
    let mut r = clean(3);
    r.result = YearResult::Good;
    let err = validate(&r, &Policy::default()).into_result().unwrap_err();
    assert_eq!(err.code(), "result_mismatch");
    let e = crate::Error::from(err);
    assert_eq!(e.code(), "result_mismatch");
    assert!(e.message(crate::Lang::Vi).contains("Điều 9.2.a"));
    assert!(
        validate(&clean(3), &Policy::default())
            .into_result()
            .is_ok()
    );
}
