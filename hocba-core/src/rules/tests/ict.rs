//! Tin học và Công nghệ: the combined row of format 1 or the two rows of the national display
//! template, never both (TT32/2018; CV 2088 Phụ lục 2; QĐ 2904/QĐ-BGDĐT); which row carries
//! the periodic test of TT27 Điều 7.1.b is the policy `ict_periodic_test` (UNCONFIRMED), and
//! it decides which scores count for Điều 9.2.a (ADR 0110).

use super::*;

type Edit = fn(&mut YearRecord);

fn policy(ict: IctTest) -> Policy {
    Policy {
        ict_periodic_test: ict,
        ..Policy::default()
    }
}

/// Format 1 without the national fields: the completeness check is off so the ICT rules
/// show alone.
fn quiet() -> Policy {
    Policy {
        national_completeness: Check::Off,
        ..Policy::default()
    }
}

/// Runs each case on a clean record of `grade`, under `policy`, after `fill_derived_with`
/// unless the edit sets the result itself; compares the codes (any order).
fn run(table: &[(&str, u8, Policy, Edit, &[&str])]) {
    run_on(table, |_| {});
}

/// [`run`] on records prepared by `prepare` first.
fn run_on(table: &[(&str, u8, Policy, Edit, &[&str])], prepare: Edit) {
    for (name, grade, policy, edit, expected) in table {
        let mut r = clean(*grade);
        prepare(&mut r);
        edit(&mut r);
        let report = validate(&r, policy);
        let mut got = report.codes();
        got.sort_unstable();
        let mut want = expected.to_vec();
        want.sort_unstable();
        assert_eq!(got, want, "{name}");
        for v in &report.violations {
            assert!(!v.rule.is_empty() && !v.message_vi.contains('{'), "{name}");
        }
    }
}

fn row(subject: Subject, score: Option<u8>) -> SubjectResult {
    SubjectResult {
        subject,
        language: None,
        level: SubjectLevel::Good,
        score: score.map(|v| Score::try_from(v).unwrap()),
        retest: false,
        comment: None,
    }
}

/// Replaces the two rows by the combined row (score 10) in the year end and every moment
/// that lists them (scored at cuối học kì I, as the grade's test).
fn to_combined(r: &mut YearRecord) {
    let at = r
        .subjects
        .iter()
        .position(|s| s.subject == Subject::TinHoc)
        .unwrap();
    r.subjects.retain(|s| !curriculum::is_ict(s.subject));
    r.subjects
        .insert(at, row(Subject::TinHocCongNghe, Some(10)));
    for p in &mut r.periodic {
        if let Some(at) = p.subjects.iter().position(|s| s.subject == Subject::TinHoc) {
            p.subjects.retain(|s| !curriculum::is_ict(s.subject));
            let score = (p.moment == Moment::EndTerm1).then_some(9);
            p.subjects.insert(at, row(Subject::TinHocCongNghe, score));
        }
    }
}

/// Removes every field format 2 added for the national XML: a format 1 record.
fn to_format_1(r: &mut YearRecord) {
    r.lookup_code = None;
    r.absences_excused = None;
    r.absences_unexcused = None;
    r.register_number = None;
    r.history.clear();
    r.comments = GroupComments::default();
    r.issuance = None;
    r.school.department = None;
    r.homeroom_teacher.personal_id = None;
    r.principal.personal_id = None;
    r.principal.title = None;
}

fn remove(r: &mut YearRecord, subject: Subject) {
    r.subjects.retain(|s| s.subject != subject);
}

#[test]
fn clean_records_use_the_two_rows() {
    for g in 3..=5 {
        let r = clean(g);
        let ict: Vec<Subject> = r
            .subjects
            .iter()
            .map(|s| s.subject)
            .filter(|&s| curriculum::is_ict(s))
            .collect();
        assert_eq!(ict, [Subject::TinHoc, Subject::CongNghe], "grade {g}");
    }
    for g in 1..=2 {
        assert!(
            !clean(g)
                .subjects
                .iter()
                .any(|s| curriculum::is_ict(s.subject))
        );
    }
}

#[test]
fn one_form_of_the_subject() {
    let d = Policy::default();
    run(&[
        ("the two rows", 3, d, |_| {}, &[]),
        (
            "the combined row in a record with the national fields: suggest the two rows",
            4,
            d,
            to_combined,
            &["ict_combined_row"],
        ),
        (
            "the combined row in a format 1 record",
            5,
            quiet(),
            |r| {
                to_combined(r);
                to_format_1(r);
            },
            &[],
        ),
        (
            "the combined row and the two rows",
            3,
            d,
            |r| {
                r.subjects.push(row(Subject::TinHocCongNghe, Some(10)));
            },
            &["ict_rows_mixed"],
        ),
        (
            "the combined row and one part",
            4,
            d,
            |r| {
                remove(r, Subject::CongNghe);
                r.subjects.push(row(Subject::TinHocCongNghe, Some(10)));
            },
            &["ict_rows_mixed"],
        ),
        (
            "Tin học without Công nghệ",
            3,
            d,
            |r| remove(r, Subject::CongNghe),
            &["subject_missing"],
        ),
        (
            "Công nghệ without Tin học",
            5,
            d,
            |r| remove(r, Subject::TinHoc),
            &["subject_missing"],
        ),
        (
            "neither form",
            4,
            d,
            |r| {
                remove(r, Subject::TinHoc);
                remove(r, Subject::CongNghe);
            },
            &["subject_missing"],
        ),
        (
            "a part twice",
            3,
            d,
            |r| r.subjects.push(row(Subject::CongNghe, Some(10))),
            &["subject_duplicate"],
        ),
        (
            "grade 2 has no Tin học",
            2,
            d,
            |r| r.subjects.push(row(Subject::TinHoc, None)),
            &["subject_not_in_grade"],
        ),
        (
            "a moment in the combined form while the year end has the two rows",
            4,
            d,
            |r| {
                let p = r
                    .periodic
                    .iter_mut()
                    .find(|p| p.moment == Moment::EndTerm1)
                    .unwrap();
                p.subjects.retain(|s| !curriculum::is_ict(s.subject));
                p.subjects.push(row(Subject::TinHocCongNghe, Some(9)));
            },
            &["ict_rows_mixed"],
        ),
        (
            "a moment listing only one part is fine (mid-year lists may be partial)",
            4,
            d,
            |r| {
                let p = r
                    .periodic
                    .iter_mut()
                    .find(|p| p.moment == Moment::MidTerm1)
                    .unwrap();
                p.subjects.retain(|s| s.subject != Subject::CongNghe);
            },
            &[],
        ),
    ]);
}

#[test]
fn missing_part_is_named() {
    let mut r = clean(3);
    remove(&mut r, Subject::CongNghe);
    let report = validate(&r, &Policy::default());
    let v = &report.violations[0];
    assert_eq!((v.code, v.path.as_str()), ("subject_missing", "subjects"));
    assert!(v.message_vi.contains("(Công nghệ)"), "{}", v.message_vi);
    assert!(v.message_en.contains("(Technology)"), "{}", v.message_en);
    let mut r = clean(3);
    remove(&mut r, Subject::CongNghe);
    remove(&mut r, Subject::TinHoc);
    let v = validate(&r, &Policy::default()).violations[0].clone();
    assert!(
        v.message_vi
            .contains("môn bắt buộc Tin học và Công nghệ của"),
        "{}",
        v.message_vi
    );
    // Mixed forms: reported on the row that breaks the form, a warning is not an error.
    let mut r = clean(4);
    r.subjects.push(row(Subject::TinHocCongNghe, Some(10)));
    let report = validate(&r, &Policy::default());
    assert_eq!(
        report.violations[0].path,
        format!("subjects[{}].subject", r.subjects.len() - 1)
    );
    assert!(!report.is_ok());
    let mut r = clean(4);
    to_combined(&mut r);
    let report = validate(&r, &Policy::default());
    assert!(report.is_ok());
    assert_eq!(report.warnings().count(), 1);
}

#[test]
fn which_row_carries_the_periodic_test() {
    let either = policy(IctTest::Either);
    let tin_hoc = policy(IctTest::TinHoc);
    let cong_nghe = policy(IctTest::CongNghe);
    let both = policy(IctTest::Both);
    let none: Edit = |r| {
        set_score(r, Subject::TinHoc, None);
        set_score(r, Subject::CongNghe, None);
    };
    let only_tin_hoc: Edit = |r| set_score(r, Subject::CongNghe, None);
    let only_cong_nghe: Edit = |r| set_score(r, Subject::TinHoc, None);
    let table: &[(&str, u8, Policy, Edit, &[&str])] = &[
        ("Either: both scored", 4, either, |_| {}, &[]),
        ("Either: Tin học scored", 4, either, only_tin_hoc, &[]),
        ("Either: Công nghệ scored", 4, either, only_cong_nghe, &[]),
        (
            "Either: neither scored",
            4,
            either,
            none,
            &["score_missing"],
        ),
        ("TinHoc: Tin học scored", 3, tin_hoc, only_tin_hoc, &[]),
        (
            "TinHoc: a score on Công nghệ",
            3,
            tin_hoc,
            |_| {},
            &["score_unexpected"],
        ),
        (
            "TinHoc: Tin học not scored",
            3,
            tin_hoc,
            only_cong_nghe,
            &["score_missing", "score_unexpected"],
        ),
        (
            "CongNghe: Công nghệ scored",
            5,
            cong_nghe,
            only_cong_nghe,
            &[],
        ),
        (
            "CongNghe: neither scored",
            5,
            cong_nghe,
            none,
            &["score_missing"],
        ),
        ("Both: both scored", 5, both, |_| {}, &[]),
        (
            "Both: one missing",
            5,
            both,
            only_tin_hoc,
            &["score_missing"],
        ),
        (
            "Both: neither",
            5,
            both,
            none,
            &["score_missing", "score_missing"],
        ),
        (
            "combined row: its score is required whatever the policy",
            4,
            both,
            |r| {
                to_combined(r);
                set_score(r, Subject::TinHocCongNghe, None);
            },
            &["ict_combined_row", "score_missing"],
        ),
    ];
    // The year end only: the synthetic moments score both rows at cuối học kì I.
    run_on(table, |r| r.periodic.clear());
    run(&[
        (
            "the synthetic moments score both rows at cuối học kì I: fine under Either",
            4,
            either,
            |_| {},
            &[],
        ),
        (
            "… and under TinHoc, the Công nghệ score at cuối học kì I is unexpected",
            4,
            tin_hoc,
            only_tin_hoc,
            &["score_unexpected"],
        ),
        (
            "no test at mid-term: a part's score there is unexpected",
            4,
            either,
            |r| {
                let p = r
                    .periodic
                    .iter_mut()
                    .find(|p| p.moment == Moment::MidTerm2)
                    .unwrap();
                p.subjects
                    .iter_mut()
                    .find(|s| s.subject == Subject::CongNghe)
                    .unwrap()
                    .score = Some(Score::try_from(8).unwrap());
            },
            &["score_unexpected"],
        ),
    ]);
    // Either: the missing score is reported once, on the first of the two rows.
    let mut r = clean(3);
    none(&mut r);
    let v = validate(&r, &either).violations[0].clone();
    let first = r
        .subjects
        .iter()
        .position(|s| s.subject == Subject::TinHoc)
        .unwrap();
    assert_eq!(v.path, format!("subjects[{first}].score"));
    assert!(
        v.message_vi.contains("Môn Tin học và Công nghệ lớp 3"),
        "{}",
        v.message_vi
    );
}

#[test]
fn each_counting_score_decides_the_result_on_its_own() {
    // (name, policy, edit, result)
    let cases: &[(&str, Policy, Edit, YearResult)] = &[
        ("both 10", Policy::default(), |_| {}, YearResult::Excellent),
        (
            "Either: Công nghệ 7 counts (never averaged with Tin học's 10)",
            Policy::default(),
            |r| set_score(r, Subject::CongNghe, Some(7)),
            YearResult::Good,
        ),
        (
            "Either: Tin học 6 alone counts",
            Policy::default(),
            |r| {
                set_score(r, Subject::TinHoc, Some(6));
                set_score(r, Subject::CongNghe, None);
            },
            YearResult::Completed,
        ),
        (
            "TinHoc: a score on Công nghệ does not count",
            policy(IctTest::TinHoc),
            |r| set_score(r, Subject::CongNghe, Some(4)),
            YearResult::Excellent,
        ),
        (
            "CongNghe: Công nghệ 4 counts",
            policy(IctTest::CongNghe),
            |r| set_score(r, Subject::CongNghe, Some(4)),
            YearResult::NotCompleted,
        ),
        (
            "Both: Tin học 8",
            policy(IctTest::Both),
            |r| set_score(r, Subject::TinHoc, Some(8)),
            YearResult::Good,
        ),
        (
            "each row's level counts: Công nghệ H",
            Policy::default(),
            |r| set_level(r, Subject::CongNghe, SubjectLevel::Completed),
            YearResult::Completed,
        ),
        (
            "combined row 7 (format 1)",
            Policy::default(),
            |r| {
                to_combined(r);
                set_score(r, Subject::TinHocCongNghe, Some(7));
            },
            YearResult::Good,
        ),
    ];
    for (name, p, edit, want) in cases {
        let mut r = clean(4);
        edit(&mut r);
        assert_eq!(derive::year_result_with(&r, p), *want, "{name}");
        assert_eq!(derive_with(&r, p).result, *want, "{name}");
        fill_derived_with(&mut r, p);
        assert_eq!(r.result, *want, "{name}");
        let report = validate(&r, p);
        assert_eq!(report.derived().map(|d| d.result), Some(*want), "{name}");
        assert!(!report.has("result_mismatch"), "{name}");
    }
    // The policy changes the result: Công nghệ 4 fails under the default, not under TinHoc.
    let mut r = clean(5);
    set_score(&mut r, Subject::CongNghe, Some(4));
    assert_eq!(derive::year_result(&r), YearResult::NotCompleted);
    assert_eq!(
        derive::year_result_with(&r, &policy(IctTest::TinHoc)),
        YearResult::Excellent
    );
}

#[test]
fn score_rule_matrix() {
    use curriculum::{ScoreRule::*, score_rule};
    let g3 = Grade::try_from(3).unwrap();
    let g2 = Grade::try_from(2).unwrap();
    let cn = Moment::EndOfYear;
    let table = [
        (Subject::TinHoc, g3, cn, IctTest::Either, OneOfIct),
        (Subject::CongNghe, g3, cn, IctTest::Either, OneOfIct),
        (Subject::TinHoc, g3, cn, IctTest::TinHoc, Required),
        (Subject::CongNghe, g3, cn, IctTest::TinHoc, NoTest),
        (Subject::TinHoc, g3, cn, IctTest::CongNghe, NoTest),
        (
            Subject::CongNghe,
            g3,
            Moment::EndTerm1,
            IctTest::CongNghe,
            Required,
        ),
        (Subject::CongNghe, g3, cn, IctTest::Both, Required),
        (Subject::TinHocCongNghe, g3, cn, IctTest::Either, Required),
        (Subject::TinHocCongNghe, g3, cn, IctTest::TinHoc, Required),
        (Subject::TinHoc, g3, Moment::MidTerm1, IctTest::Both, NoTest),
        (Subject::TinHoc, g2, cn, IctTest::Both, NoTest),
        (Subject::TinHocCongNghe, g2, cn, IctTest::Both, NoTest),
    ];
    for (s, g, m, ict, want) in table {
        assert_eq!(score_rule(s, g, m, ict), want, "{s:?} {g} {m:?} {ict:?}");
    }
    assert!(curriculum::is_tested(Subject::TinHoc, g3, cn));
    assert!(
        curriculum::entry(Subject::TinHocCongNghe, g3)
            .unwrap()
            .compulsory
    );
    assert!(curriculum::entry(Subject::TinHocCongNghe, g2).is_none());
}

#[test]
fn policy_reads_from_json() {
    let p: Policy = serde_json::from_str(
        r#"{"ict_periodic_test": "cong_nghe", "national_completeness": "off"}"#,
    )
    .unwrap();
    assert_eq!(p.ict_periodic_test, IctTest::CongNghe);
    assert_eq!(p.national_completeness, Check::Off);
    assert_eq!(Policy::default().ict_periodic_test, IctTest::Either);
    assert!(
        serde_json::from_str::<Policy>(r#"{"ict_periodic_test": "tin_hoc_cong_nghe"}"#).is_err()
    );
}
