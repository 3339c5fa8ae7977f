//! Table-driven tests, one table per rule group; every case cites the article it checks and
//! lists exactly the codes the validator must report (none for the positive cases).

use super::*;

type Edit = fn(&mut YearRecord);

/// (name, article, grade, edit of a clean record, expected codes in any order).
type Case = (
    &'static str,
    &'static str,
    u8,
    Edit,
    &'static [&'static str],
);

fn run(table: &[Case]) {
    for (name, article, grade, edit, expected) in table {
        let mut r = clean(*grade);
        edit(&mut r);
        let mut got = codes(&r);
        got.sort_unstable();
        let mut want = expected.to_vec();
        want.sort_unstable();
        assert_eq!(got, want, "{name} ({article})");
        for code in *expected {
            let v = validate(&r, &Policy::default());
            let v = v.violations.iter().find(|v| v.code == *code).unwrap();
            assert!(!v.rule.is_empty() && !v.message_vi.is_empty() && !v.message_en.is_empty());
        }
    }
}

fn score(v: u8) -> Option<Score> {
    Some(Score::try_from(v).unwrap())
}

fn text(s: &str) -> Option<Text> {
    Some(Text::new(s).unwrap())
}

/// A grade-3 record with Tiếng Việt not completed (C, commented): Chưa hoàn thành.
fn not_completed(r: &mut YearRecord) {
    set_level(r, Subject::TiengViet, SubjectLevel::NotCompleted);
    fill_derived(r);
}

fn supplementary(completed: bool) -> Option<SupplementaryAssessment> {
    Some(SupplementaryAssessment {
        completed,
        date: Some(Date::from_ymd(2025, 8, 10).unwrap()),
        comment: text("Đã được hướng dẫn, hỗ trợ trong hè."),
    })
}

#[test]
fn curriculum_tt32() {
    run(&[
        (
            "full grade 1 curriculum with optional Ngoại ngữ 1",
            "TT32/2018 — lớp 1",
            1,
            |r| {
                r.subjects.retain(|s| s.subject != Subject::NgoaiNgu1);
                r.subjects.push(SubjectResult {
                    subject: Subject::NgoaiNgu1,
                    language: text("Tiếng Anh"),
                    level: SubjectLevel::Good,
                    score: None,
                    retest: false,
                    comment: text("Tốt"),
                });
            },
            &[],
        ),
        (
            "optional Tiếng dân tộc thiểu số in grade 4",
            "TT32/2018 — lớp 4",
            4,
            |r| {
                r.subjects.push(SubjectResult {
                    subject: Subject::TiengDanToc,
                    language: text("Tiếng Chăm"),
                    level: SubjectLevel::Good,
                    score: None,
                    retest: false,
                    comment: text("Tốt"),
                });
            },
            &[],
        ),
        (
            "Khoa học is not a grade 3 subject",
            "TT32/2018 — lớp 3",
            3,
            |r| {
                r.subjects.push(SubjectResult {
                    subject: Subject::KhoaHoc,
                    language: None,
                    level: SubjectLevel::Good,
                    score: None,
                    retest: false,
                    comment: None,
                });
            },
            &["subject_not_in_grade"],
        ),
        (
            "Tự nhiên và Xã hội is not a grade 4 subject",
            "TT32/2018 — lớp 4",
            4,
            |r| {
                r.subjects.push(SubjectResult {
                    subject: Subject::TuNhienXaHoi,
                    language: None,
                    level: SubjectLevel::Good,
                    score: None,
                    retest: false,
                    comment: None,
                });
            },
            &["subject_not_in_grade"],
        ),
        (
            "Tin học và Công nghệ is not a grade 2 subject",
            "TT32/2018 — lớp 2",
            2,
            |r| {
                r.subjects.push(SubjectResult {
                    subject: Subject::TinHocCongNghe,
                    language: None,
                    level: SubjectLevel::Good,
                    score: None,
                    retest: false,
                    comment: None,
                });
            },
            &["subject_not_in_grade"],
        ),
        (
            "compulsory Ngoại ngữ 1 missing in grade 3",
            "TT32/2018 — lớp 3",
            3,
            |r| {
                r.subjects.retain(|s| s.subject != Subject::NgoaiNgu1);
            },
            &["subject_missing"],
        ),
        (
            "activity Hoạt động trải nghiệm missing",
            "TT32/2018 — lớp 5",
            5,
            |r| {
                r.subjects
                    .retain(|s| s.subject != Subject::HoatDongTraiNghiem);
            },
            &["subject_missing"],
        ),
        (
            "a subject twice",
            "TT27 Phụ lục 1",
            2,
            |r| {
                let s = r.subjects[0].clone();
                r.subjects.push(s);
            },
            &["subject_duplicate"],
        ),
        (
            "Ngoại ngữ 1 without its language",
            "TT32/2018",
            5,
            |r| {
                r.subjects
                    .iter_mut()
                    .find(|s| s.subject == Subject::NgoaiNgu1)
                    .unwrap()
                    .language = None;
            },
            &["language_missing"],
        ),
        (
            "periodic results: end of year among mid-year moments",
            "TT27 Điều 7.1.a",
            4,
            |r| {
                r.periodic[0].moment = Moment::EndOfYear;
            },
            &["periodic_moment_invalid"],
        ),
        (
            "periodic results: a moment twice",
            "TT27 Điều 7.1.a",
            4,
            |r| {
                let p = r.periodic[0].clone();
                r.periodic.push(p);
            },
            &["periodic_moment_duplicate"],
        ),
        (
            "periodic results: a subject of another grade",
            "TT32/2018 — lớp 4",
            4,
            |r| {
                r.periodic[0].subjects[0].subject = Subject::TuNhienXaHoi;
            },
            &["subject_not_in_grade"],
        ),
    ]);
}

#[test]
fn periodic_tests_article_7_1() {
    run(&[
        (
            "grade 1: Tiếng Việt tested at year end, score required",
            "TT27 Điều 7.1.b",
            1,
            |r| {
                set_score(r, Subject::TiengViet, None);
                fill_derived(r);
            },
            &["score_missing"],
        ),
        (
            "grade 2: Đạo đức has no test",
            "TT27 Điều 7.1.b",
            2,
            |r| {
                set_score(r, Subject::DaoDuc, Some(9));
            },
            &["score_unexpected"],
        ),
        (
            "grade 3: Ngoại ngữ 1 tested",
            "TT27 Điều 7.1.b",
            3,
            |r| {
                set_score(r, Subject::NgoaiNgu1, None);
                fill_derived(r);
            },
            &["score_missing"],
        ),
        (
            "grade 3: Tin học và Công nghệ tested (neither of its two rows scored)",
            "TT27 Điều 7.1.b",
            3,
            |r| {
                set_score(r, Subject::TinHoc, None);
                set_score(r, Subject::CongNghe, None);
                fill_derived(r);
            },
            &["score_missing"],
        ),
        (
            "grade 5: Khoa học tested",
            "TT27 Điều 7.1.b",
            5,
            |r| {
                set_score(r, Subject::KhoaHoc, None);
                fill_derived(r);
            },
            &["score_missing"],
        ),
        (
            "grade 4: Lịch sử và Địa lí tested",
            "TT27 Điều 7.1.b",
            4,
            |r| {
                set_score(r, Subject::LichSuDiaLi, None);
                fill_derived(r);
            },
            &["score_missing"],
        ),
        (
            "grade 4: Âm nhạc has no test",
            "TT27 Điều 7.1.b",
            4,
            |r| {
                set_score(r, Subject::AmNhac, Some(10));
            },
            &["score_unexpected"],
        ),
        (
            "grade 4 mid-term I: Toán tested",
            "TT27 Điều 7.1.b (lớp 4, 5)",
            4,
            |r| {
                let p = r
                    .periodic
                    .iter_mut()
                    .find(|p| p.moment == Moment::MidTerm1)
                    .unwrap();
                p.subjects
                    .iter_mut()
                    .find(|s| s.subject == Subject::Toan)
                    .unwrap()
                    .score = None;
            },
            &["score_missing"],
        ),
        (
            "grade 5 mid-term II: Khoa học not tested",
            "TT27 Điều 7.1.b",
            5,
            |r| {
                let p = r
                    .periodic
                    .iter_mut()
                    .find(|p| p.moment == Moment::MidTerm2)
                    .unwrap();
                p.subjects
                    .iter_mut()
                    .find(|s| s.subject == Subject::KhoaHoc)
                    .unwrap()
                    .score = score(8);
            },
            &["score_unexpected"],
        ),
        (
            "grade 3 mid-term I: no test at all",
            "TT27 Điều 7.1.b",
            3,
            |r| {
                let p = r
                    .periodic
                    .iter_mut()
                    .find(|p| p.moment == Moment::MidTerm1)
                    .unwrap();
                p.subjects
                    .iter_mut()
                    .find(|s| s.subject == Subject::Toan)
                    .unwrap()
                    .score = score(8);
            },
            &["score_unexpected"],
        ),
        (
            "grade 3 end of term I: Ngoại ngữ 1 tested",
            "TT27 Điều 7.1.b",
            3,
            |r| {
                let p = r
                    .periodic
                    .iter_mut()
                    .find(|p| p.moment == Moment::EndTerm1)
                    .unwrap();
                p.subjects
                    .iter_mut()
                    .find(|s| s.subject == Subject::NgoaiNgu1)
                    .unwrap()
                    .score = None;
            },
            &["score_missing"],
        ),
        (
            "grade 1 optional Ngoại ngữ 1 with a score: policy warning",
            "TT27 Điều 7.1.b",
            1,
            |r| {
                r.subjects.retain(|s| s.subject != Subject::NgoaiNgu1);
                r.subjects.push(SubjectResult {
                    subject: Subject::NgoaiNgu1,
                    language: text("Tiếng Anh"),
                    level: SubjectLevel::Good,
                    score: score(3),
                    retest: false,
                    comment: None,
                });
            },
            &["score_optional_subject"],
        ),
        (
            "score 0 is a policy warning",
            "TT27 Điều 7.1.d",
            3,
            |r| {
                set_score(r, Subject::Toan, Some(0));
                set_level(r, Subject::Toan, SubjectLevel::NotCompleted);
                r.subjects
                    .iter_mut()
                    .find(|s| s.subject == Subject::Toan)
                    .unwrap()
                    .comment = text("Cần luyện thêm phép nhân.");
                let c = &mut r.completion;
                c.supplementary = supplementary(true);
                fill_derived(r);
            },
            &["score_zero"],
        ),
        (
            "retest at year end: informational",
            "TT27 Phụ lục 1 (điểm kiểm tra lại)",
            2,
            |r| {
                r.subjects
                    .iter_mut()
                    .find(|s| s.subject == Subject::Toan)
                    .unwrap()
                    .retest = true;
            },
            &["retest_recorded"],
        ),
        (
            "retest without a score",
            "TT27 Phụ lục 1 (điểm kiểm tra lại)",
            2,
            |r| {
                r.subjects
                    .iter_mut()
                    .find(|s| s.subject == Subject::DaoDuc)
                    .unwrap()
                    .retest = true;
            },
            &["retest_without_score"],
        ),
        (
            "retest at a mid-term moment: policy warning",
            "TT27 Điều 7.1.d",
            5,
            |r| {
                let p = r
                    .periodic
                    .iter_mut()
                    .find(|p| p.moment == Moment::MidTerm1)
                    .unwrap();
                p.subjects
                    .iter_mut()
                    .find(|s| s.subject == Subject::Toan)
                    .unwrap()
                    .retest = true;
            },
            &["retest_at_moment"],
        ),
    ]);
}

#[test]
fn qualities_competencies_comments_article_7_2() {
    run(&[
        (
            "a quality missing",
            "TT27 Điều 7.2",
            3,
            |r| {
                r.qualities.retain(|q| q.quality != Quality::Honesty);
            },
            &["quality_missing"],
        ),
        (
            "a quality twice",
            "TT27 Điều 7.2",
            3,
            |r| {
                let q = r.qualities[0].clone();
                r.qualities.push(q);
            },
            &["quality_duplicate"],
        ),
        (
            "a competency missing",
            "TT27 Điều 7.2",
            5,
            |r| {
                r.competencies
                    .retain(|c| c.competency != Competency::Aesthetics);
            },
            &["competency_missing"],
        ),
        (
            "a competency twice",
            "TT27 Điều 7.2",
            5,
            |r| {
                let c = r.competencies[3].clone();
                r.competencies.push(c);
            },
            &["competency_duplicate"],
        ),
        (
            "grade 1 without Công nghệ and Tin học: required by default",
            "TT27 Điều 7.2",
            1,
            |r| {
                r.competencies.retain(|c| {
                    !matches!(
                        c.competency,
                        Competency::Technology | Competency::Informatics
                    )
                });
            },
            &["competency_missing", "competency_missing"],
        ),
        (
            "subject C without a comment: warning",
            "TT27 Phụ lục 1",
            3,
            |r| {
                not_completed(r);
                r.completion.supplementary = supplementary(true);
                fill_derived(r);
                r.subjects
                    .iter_mut()
                    .find(|s| s.subject == Subject::TiengViet)
                    .unwrap()
                    .comment = None;
            },
            &["comment_missing"],
        ),
        (
            "quality Cần cố gắng with a blank comment: warning",
            "TT27 Phụ lục 1",
            3,
            |r| {
                r.qualities[2].level = QualityLevel::NeedsEffort;
                r.qualities[2].comment = text("  ");
                r.completion.supplementary = supplementary(true);
                fill_derived(r);
            },
            &["comment_missing"],
        ),
        (
            "competency Cần cố gắng with a comment",
            "TT27 Phụ lục 1",
            3,
            |r| {
                r.competencies[4].level = QualityLevel::NeedsEffort;
                r.competencies[4].comment = text("Cần rèn thêm kĩ năng tính nhẩm.");
                r.completion.supplementary = supplementary(true);
                fill_derived(r);
            },
            &[],
        ),
    ]);
}

#[test]
fn grade_1_2_tech_competencies_policy() {
    let mut r = clean(2);
    r.competencies.retain(|c| {
        !matches!(
            c.competency,
            Competency::Technology | Competency::Informatics
        )
    });
    let lenient = Policy {
        tech_competencies_grades_1_2: TechCompetencies::Optional,
        ..Policy::default()
    };
    assert!(validate(&r, &lenient).violations.is_empty());
    // Grade 3 and up: required whatever the policy.
    let mut r3 = clean(3);
    r3.competencies
        .retain(|c| c.competency != Competency::Informatics);
    assert_eq!(validate(&r3, &lenient).codes(), ["competency_missing"]);
}

#[test]
fn policy_checks_change_severity_or_turn_off() {
    let mut r = clean(4);
    set_score(&mut r, Subject::Toan, Some(0));
    set_level(&mut r, Subject::Toan, SubjectLevel::NotCompleted);
    r.completion.supplementary = supplementary(true);
    fill_derived(&mut r);
    let strict = Policy {
        zero_score: Check::Error,
        ..Policy::default()
    };
    let report = validate(&r, &strict);
    assert!(!report.is_ok());
    assert_eq!(report.first_error().unwrap().code, "score_zero");
    let off = Policy {
        zero_score: Check::Off,
        ..Policy::default()
    };
    assert!(!validate(&r, &off).has("score_zero"));
    assert_eq!(
        validate(&r, &Policy::default())
            .warnings()
            .next()
            .unwrap()
            .code,
        "score_zero"
    );
}

/// Điều 9.2.a: (name, grade, edit, expected result). The worked examples of public guidance
/// come first.
#[test]
fn year_result_article_9_2_a() {
    let table: &[(&str, u8, Edit, YearResult)] = &[
        (
            "8 in Toán, 9 or 10 elsewhere, all top levels → Hoàn thành tốt, not xuất sắc (lawnet S18)",
            4,
            |r| {
                set_score(r, Subject::Toan, Some(8));
                set_score(r, Subject::TiengViet, Some(9));
                set_score(r, Subject::KhoaHoc, Some(9));
            },
            YearResult::Good,
        ),
        (
            "one H in Âm nhạc, everything else top → at most Hoàn thành (Dân trí 2026, S20)",
            3,
            |r| {
                set_level(r, Subject::AmNhac, SubjectLevel::Completed);
            },
            YearResult::Completed,
        ),
        (
            "every score ≥ 9, all T, all Tốt → Hoàn thành xuất sắc",
            5,
            |r| {
                set_score(r, Subject::NgoaiNgu1, Some(9));
            },
            YearResult::Excellent,
        ),
        (
            "one score 7 → Hoàn thành tốt",
            5,
            |r| {
                set_score(r, Subject::TinHoc, Some(7));
            },
            YearResult::Good,
        ),
        (
            "one score 6 with all T → Hoàn thành",
            5,
            |r| {
                set_score(r, Subject::LichSuDiaLi, Some(6));
            },
            YearResult::Completed,
        ),
        (
            "one score 5 → still Hoàn thành",
            2,
            |r| {
                set_score(r, Subject::TiengViet, Some(5));
            },
            YearResult::Completed,
        ),
        (
            "one score 4, average 9 → Chưa hoàn thành (each subject, not an average)",
            4,
            |r| {
                set_score(r, Subject::Toan, Some(4));
            },
            YearResult::NotCompleted,
        ),
        (
            "one quality Đạt → Hoàn thành",
            1,
            |r| {
                r.qualities[0].level = QualityLevel::Pass;
            },
            YearResult::Completed,
        ),
        (
            "one competency Đạt → Hoàn thành",
            3,
            |r| {
                r.competencies[9].level = QualityLevel::Pass;
            },
            YearResult::Completed,
        ),
        (
            "one competency Cần cố gắng → Chưa hoàn thành",
            3,
            |r| {
                r.competencies[0].level = QualityLevel::NeedsEffort;
            },
            YearResult::NotCompleted,
        ),
        (
            "one activity C → Chưa hoàn thành",
            2,
            |r| {
                set_level(r, Subject::HoatDongTraiNghiem, SubjectLevel::NotCompleted);
            },
            YearResult::NotCompleted,
        ),
        (
            "H and Đạt with scores ≥ 5 → Hoàn thành",
            4,
            |r| {
                set_level(r, Subject::Toan, SubjectLevel::Completed);
                r.qualities[1].level = QualityLevel::Pass;
                set_score(r, Subject::Toan, Some(5));
            },
            YearResult::Completed,
        ),
        (
            "optional subject's score does not count",
            1,
            |r| {
                r.subjects.retain(|s| s.subject != Subject::NgoaiNgu1);
                r.subjects.push(SubjectResult {
                    subject: Subject::NgoaiNgu1,
                    language: text("Tiếng Anh"),
                    level: SubjectLevel::Good,
                    score: score(2),
                    retest: false,
                    comment: None,
                });
            },
            YearResult::Excellent,
        ),
    ];
    for (name, grade, edit, expected) in table {
        let mut r = clean(*grade);
        edit(&mut r);
        assert_eq!(derive(&r).result, *expected, "{name}");
        // The validator agrees: the old result is flagged unless it already was right…
        let recorded = r.result;
        assert_eq!(
            codes(&r).contains(&"result_mismatch"),
            recorded != *expected,
            "{name}"
        );
        // …and once filled in, the result rule holds.
        fill_derived(&mut r);
        assert_eq!(r.result, *expected, "{name}");
        assert!(!codes(&r).contains(&"result_mismatch"), "{name}");
    }
}

#[test]
fn worked_example_8_in_toan_reports_result_and_title() {
    let mut r = clean(4);
    set_score(&mut r, Subject::Toan, Some(8));
    assert_eq!(
        codes(&r),
        ["result_mismatch", "award_excellent_requires_htxs"],
        "TT27 Điều 9.2.a, 13.1.a"
    );
    let d = derive(&r);
    assert_eq!(d.result, YearResult::Good);
    assert_eq!(
        d.eligible_awards,
        [AwardEligibility {
            award: AwardKind::Exemplary,
            requires_class_recognition: true
        }]
    );
    fill_derived(&mut r);
    assert!(r.awards.is_empty(), "Tiêu biểu is never derived");
    assert!(codes(&r).is_empty());
}

#[test]
fn awards_article_13() {
    run(&[
        (
            "HTXS without the title: information only",
            "TT27 Điều 13.1.a",
            3,
            |r| {
                r.awards.clear();
            },
            &["award_excellent_not_recorded"],
        ),
        (
            "Học sinh Xuất sắc for HTT",
            "TT27 Điều 13.1.a",
            3,
            |r| {
                set_score(r, Subject::Toan, Some(7));
                r.result = YearResult::Good;
            },
            &["award_excellent_requires_htxs"],
        ),
        (
            "Học sinh Tiêu biểu for HTT with its basis",
            "TT27 Điều 13.1.a",
            3,
            |r| {
                set_score(r, Subject::Toan, Some(7));
                fill_derived(r);
                r.awards.push(Award {
                    kind: AwardKind::Exemplary,
                    description: text(
                        "Tiến bộ rõ rệt về năng lực tính toán, được tập thể lớp công nhận.",
                    ),
                });
            },
            &[],
        ),
        (
            "Học sinh Tiêu biểu without basis",
            "TT27 Điều 13.1.a",
            3,
            |r| {
                set_score(r, Subject::Toan, Some(7));
                fill_derived(r);
                r.awards.push(Award {
                    kind: AwardKind::Exemplary,
                    description: None,
                });
            },
            &["award_exemplary_basis_missing"],
        ),
        (
            "Học sinh Tiêu biểu for HTXS",
            "TT27 Điều 13.1.a",
            3,
            |r| {
                r.awards.push(Award {
                    kind: AwardKind::Exemplary,
                    description: text("Toán"),
                });
            },
            &["award_exemplary_requires_htt"],
        ),
        (
            "Học sinh Tiêu biểu for Hoàn thành",
            "TT27 Điều 13.1.a",
            3,
            |r| {
                set_level(r, Subject::AmNhac, SubjectLevel::Completed);
                fill_derived(r);
                r.awards.push(Award {
                    kind: AwardKind::Exemplary,
                    description: text("Toán"),
                });
            },
            &["award_exemplary_requires_htt"],
        ),
        (
            "the title twice",
            "TT27 Điều 13.1.a",
            3,
            |r| {
                let a = r.awards[0].clone();
                r.awards.push(a);
            },
            &["award_duplicate"],
        ),
        (
            "khen thưởng đột xuất without wording",
            "TT27 Điều 13.1.b",
            3,
            |r| {
                r.awards.push(Award {
                    kind: AwardKind::Special,
                    description: None,
                });
            },
            &["award_description_missing"],
        ),
        (
            "khen thưởng đột xuất for a pupil who did not complete",
            "TT27 Điều 13.1.b",
            3,
            |r| {
                not_completed(r);
                r.completion.supplementary = supplementary(true);
                fill_derived(r);
                r.awards.push(Award {
                    kind: AwardKind::Special,
                    description: text("Dũng cảm cứu bạn."),
                });
            },
            &[],
        ),
    ]);
}

#[test]
fn completion_article_11() {
    run(&[
        (
            "CHT, completed after the additional assessment, promoted",
            "TT27 Điều 11.1.b",
            3,
            |r| {
                not_completed(r);
                r.completion.supplementary = supplementary(true);
                fill_derived(r);
            },
            &[],
        ),
        (
            "CHT, not completed, retained by the principal",
            "TT27 Điều 11.1.c",
            3,
            |r| {
                not_completed(r);
                r.completion.supplementary = supplementary(false);
                r.completion.promotion = Promotion::Retained;
                fill_derived(r);
            },
            &[],
        ),
        (
            "CHT, not completed, promoted by the principal's decision",
            "TT27 Điều 11.1.c",
            3,
            |r| {
                not_completed(r);
                r.completion.supplementary = supplementary(false);
                r.completion.promotion = Promotion::Promoted;
                fill_derived(r);
            },
            &[],
        ),
        (
            "CHT without additional assessment",
            "TT27 Điều 11.1.b",
            3,
            |r| {
                not_completed(r);
            },
            &["supplementary_missing"],
        ),
        (
            "CHT recorded as completed",
            "TT27 Điều 11.1.a",
            3,
            |r| {
                not_completed(r);
                r.completion.supplementary = supplementary(false);
                r.completion.class_completed = true;
                r.completion.principal_decision = true;
            },
            &["class_completion_mismatch"],
        ),
        (
            "HTXS recorded as not completed",
            "TT27 Điều 11.1.a",
            2,
            |r| {
                r.completion.class_completed = false;
            },
            &["class_completion_mismatch"],
        ),
        (
            "additional assessment for a pupil who completed",
            "TT27 Điều 11.1.b",
            2,
            |r| {
                r.completion.supplementary = supplementary(true);
            },
            &["supplementary_unexpected"],
        ),
        (
            "completed but retained",
            "TT27 Điều 11.1",
            2,
            |r| {
                r.completion.promotion = Promotion::Retained;
            },
            &["promotion_mismatch"],
        ),
        (
            "still not completed, no principal's decision",
            "TT27 Điều 11.1.c",
            3,
            |r| {
                not_completed(r);
                r.completion.supplementary = supplementary(false);
                fill_derived(r);
                r.completion.principal_decision = false;
            },
            &["principal_decision_missing"],
        ),
        (
            "grade 5 completed without Hoàn thành chương trình tiểu học",
            "TT27 Điều 11.2",
            5,
            |r| {
                r.completion.primary_completed = false;
            },
            &["primary_completion_mismatch"],
        ),
        (
            "grade 5 not completed but primary completed",
            "TT27 Điều 11.2",
            5,
            |r| {
                not_completed(r);
                r.completion.supplementary = supplementary(false);
                r.completion.promotion = Promotion::Retained;
                fill_derived(r);
                r.completion.primary_completed = true;
            },
            &["primary_completion_mismatch"],
        ),
        (
            "primary completed in grade 4",
            "TT27 Điều 11.2",
            4,
            |r| {
                r.completion.primary_completed = true;
            },
            &["primary_completion_not_grade_5"],
        ),
    ]);
    let r = clean(5);
    assert!(r.completion.primary_completed && derive(&r).primary_completed);
}

#[test]
fn identity() {
    run(&[
        (
            "no personal ID: warning",
            "NĐ 137/2015 Điều 13",
            3,
            |r| {
                r.pupil.personal_id = None;
            },
            &["personal_id_missing"],
        ),
        (
            "province code 000 unknown",
            "TT 07/2016/TT-BCA",
            3,
            |r| {
                let id = r.pupil.personal_id.as_ref().unwrap().as_str().to_owned();
                r.pupil.personal_id =
                    Some(PersonalId::try_from(format!("000{}", &id[3..])).unwrap());
            },
            &["personal_id_province"],
        ),
        (
            "century/gender digit of the other gender",
            "NĐ 137/2015 Điều 13",
            3,
            |r| {
                r.pupil.gender = match r.pupil.gender {
                    Gender::Male => Gender::Female,
                    Gender::Female => Gender::Male,
                };
            },
            &["personal_id_century_gender"],
        ),
        (
            "year digits do not match the birth date",
            "NĐ 137/2015 Điều 13",
            3,
            |r| {
                let d = r.pupil.date_of_birth;
                r.pupil.date_of_birth = Date::from_ymd(d.year() - 1, 1, 15).unwrap();
            },
            &["personal_id_birth_year"],
        ),
        (
            "born in the 20th century",
            "NĐ 137/2015 Điều 13; TT 28/2020",
            3,
            |r| {
                r.pupil.date_of_birth = Date::from_ymd(1999, 5, 1).unwrap();
            },
            &[
                "personal_id_century_gender",
                "personal_id_birth_year",
                "birth_date_implausible",
            ],
        ),
        (
            "a grade 3 pupil aged 4",
            "TT 28/2020",
            3,
            |r| {
                r.pupil.date_of_birth = Date::from_ymd(2020, 5, 1).unwrap();
                r.pupil.personal_id = None;
            },
            &["personal_id_missing", "birth_date_implausible"],
        ),
        (
            "blank name and teacher",
            "TT27 Phụ lục 1",
            3,
            |r| {
                r.pupil.full_name = Text::new(" ").unwrap();
                r.homeroom_teacher.full_name = Text::default();
            },
            &["required_field_blank", "required_field_blank"],
        ),
        (
            "no MOET pupil code: information",
            "CSDL ngành",
            3,
            |r| {
                r.pupil.pupil_code = None;
            },
            &["pupil_code_missing"],
        ),
    ]);
    assert_eq!(century_gender_digit(2014, Gender::Male), Some(2));
    assert_eq!(century_gender_digit(2014, Gender::Female), Some(3));
    assert_eq!(century_gender_digit(1990, Gender::Female), Some(1));
    assert_eq!(century_gender_digit(1850, Gender::Male), None);
    assert_eq!(PROVINCE_CODES.len(), 63);
    assert!(PROVINCE_CODES.contains(&"048") && PROVINCE_CODES.contains(&"049"));
}

#[test]
fn rule_set_known_and_in_force() {
    run(&[
        (
            "TT27 grade 5 in 2024–2025 (first year)",
            "TT27 — lộ trình",
            5,
            |_| {},
            &[],
        ),
        (
            "TT27 grade 5 in 2023–2024: TT22/2016 year",
            "TT27 — lộ trình",
            5,
            |r| {
                r.school_year = SchoolYear::starting(2023).unwrap();
                r.pupil.personal_id = None;
            },
            &["rule_set_not_in_force", "personal_id_missing"],
        ),
        (
            "TT27 grade 1 in 2019–2020",
            "TT27 — lộ trình",
            1,
            |r| {
                r.school_year = SchoolYear::starting(2019).unwrap();
                r.pupil.date_of_birth = Date::from_ymd(2013, 3, 3).unwrap();
                r.pupil.personal_id = None;
            },
            &["rule_set_not_in_force", "personal_id_missing"],
        ),
        (
            "TT22/2016 named",
            "TT22/2016",
            3,
            |r| {
                r.rule_set = Text::new("TT22/2016").unwrap();
                r.result = YearResult::Good; // not judged under an unimplemented rule set
            },
            &["rule_set_not_implemented"],
        ),
        (
            "an unknown rule set",
            "ADR 0030",
            3,
            |r| {
                r.rule_set = Text::new("TT99/2031").unwrap();
            },
            &["rule_set_unknown"],
        ),
    ]);
    let mut r = clean(4);
    r.school_year = SchoolYear::starting(2022).unwrap();
    r.pupil.personal_id = None;
    let report = validate(&r, &Policy::default());
    assert_eq!(report.derived, vec![None]);
    let v = report.first_error().unwrap();
    assert_eq!(v.path, "rule_set");
    assert!(v.message_vi.contains("lớp 4 từ năm học 2023-2024"));
    assert!(v.message_vi.contains("22/2016"));
    assert_eq!(implemented_rule_sets(), [RULE_SET_TT27]);
}

#[test]
fn paths_point_into_the_record() {
    let mut r = clean(4);
    set_score(&mut r, Subject::AmNhac, Some(9));
    let i = r
        .subjects
        .iter()
        .position(|s| s.subject == Subject::AmNhac)
        .unwrap();
    let p = r
        .periodic
        .iter()
        .position(|p| p.moment == Moment::MidTerm2)
        .unwrap();
    let k = r.periodic[p]
        .subjects
        .iter()
        .position(|s| s.subject == Subject::TiengViet)
        .unwrap();
    r.periodic[p].subjects[k].score = None;
    let report = validate(&r, &Policy::default());
    let paths: Vec<_> = report.violations.iter().map(|v| v.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            format!("subjects[{i}].score"),
            format!("periodic[{p}].subjects[{k}].score")
        ]
    );
    assert_eq!(report.violations[0].rule, "TT27 Điều 7.1.b");
    assert_eq!(
        report.violations[1].message_vi,
        "Môn Tiếng Việt lớp 4 có bài kiểm tra định kì giữa học kì II nhưng chưa ghi điểm."
    );
    let mut r3 = clean(3);
    r3.subjects[0].subject = Subject::KhoaHoc;
    let v = validate(&r3, &Policy::default());
    assert_eq!(v.violations[0].rule, "TT32/2018 — kế hoạch giáo dục lớp 3");
}

/// A grade-4 record without its end-of-year Toán score derives no result: Điều 9.2.a cannot be
/// judged, so neither Hoàn thành xuất sắc nor any other result is claimed, and no
/// result/award/completion comparison is made; `score_missing` says why (issue 14, item 11).
#[test]
fn a_missing_tested_score_derives_no_result() {
    let mut r = clean(4);
    let report = validate(&r, &Policy::default());
    assert!(report.derived().is_some());
    let toan = r
        .subjects
        .iter_mut()
        .find(|s| s.subject == Subject::Toan)
        .expect("Toán");
    toan.score = None;
    let report = validate(&r, &Policy::default());
    assert_eq!(report.derived(), None, "derived without Toán's score");
    let codes: Vec<&str> = report.violations.iter().map(|v| v.code).collect();
    assert!(codes.contains(&"score_missing"), "{codes:?}");
    assert!(!codes.contains(&"result_mismatch"), "{codes:?}");
    assert!(!crate::rules::derive::judgeable(&r, &Policy::default()));
}
