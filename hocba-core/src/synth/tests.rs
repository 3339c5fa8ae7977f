use super::*;

#[test]
fn same_seed_same_cohort() {
    let spec = CohortSpec {
        seed: 7,
        pupils: 6,
        first_year: 2020,
    };
    assert_eq!(cohort(&spec), cohort(&spec));
    let other = CohortSpec {
        seed: 8,
        ..spec.clone()
    };
    assert_ne!(cohort(&spec), cohort(&other));
}

#[test]
fn regular_pupil_has_grades_one_to_five_in_consecutive_years() {
    let t = demo_transcript();
    let grades: Vec<u8> = t.years.iter().map(|y| y.grade.get()).collect();
    assert_eq!(grades, [1, 2, 3, 4, 5]);
    let years: Vec<u16> = t.years.iter().map(|y| y.school_year.start()).collect();
    assert_eq!(years, [2020, 2021, 2022, 2023, 2024]);
    assert!(t.years[4].completion.primary_completed);
    assert_eq!(t.enrolments.len(), 5);
}

#[test]
fn cohort_contains_transfer_retention_and_supplementary() {
    let c = cohort(&CohortSpec {
        seed: 1,
        pupils: 4,
        first_year: 2020,
    });
    // Transfer: a different school from grade 3, recorded as "chuyển đến".
    let t = &c[1];
    assert_ne!(t.years[1].school.code, t.years[2].school.code);
    assert_eq!(t.enrolments[2].admission, Admission::TransferredIn);
    // Retained once: grade 2 twice, six years, the last after the 2025 merger (no district).
    let r = &c[2];
    let grades: Vec<u8> = r.years.iter().map(|y| y.grade.get()).collect();
    assert_eq!(grades, [1, 2, 2, 3, 4, 5]);
    assert_eq!(r.years[1].completion.promotion, Promotion::Retained);
    assert!(r.years[1].completion.principal_decision);
    assert!(r.years[5].school.place.district.is_none());
    assert_eq!(
        r.years[5]
            .school
            .place
            .province
            .as_ref()
            .map(|p| p.name.as_str()),
        Some("Thành phố Đà Nẵng")
    );
    // Supplementary: grade 3 ends "Chưa hoàn thành", completed after the additional assessment.
    let s = &c[3];
    assert_eq!(s.years[2].result, YearResult::NotCompleted);
    let sup = s.years[2]
        .completion
        .supplementary
        .as_ref()
        .map(|x| x.completed);
    assert_eq!(sup, Some(true));
    assert_eq!(s.years[2].completion.promotion, Promotion::Promoted);
}

#[test]
fn results_are_the_derived_ones_and_scores_only_where_tested() {
    for t in cohort(&CohortSpec {
        seed: 3,
        pupils: 20,
        first_year: 2020,
    }) {
        for y in &t.years {
            assert_eq!(y.result, derive::year_result(y));
            for s in &y.subjects {
                assert_eq!(
                    s.score.is_some(),
                    curriculum::is_tested(s.subject, y.grade, Moment::EndOfYear)
                );
            }
            assert_eq!(y.qualities.len(), 5);
            assert_eq!(y.competencies.len(), 10);
        }
    }
}

#[test]
fn all_text_is_nfc() {
    let json = to_json_pretty(&demo_transcript());
    assert!(is_nfc(&json));
    assert!(json.contains("Tiếng Việt") || json.contains("tieng_viet"));
}

#[test]
fn tin_hoc_and_cong_nghe_as_two_rows_in_grades_3_to_5() {
    // The national display template's two rows (QĐ 2904/QĐ-BGDĐT), each with a level and,
    // under the default policy `ict_periodic_test = either`, a score at cuối học kì I and
    // cuối năm; never the format 1 combined row.
    let t = demo_transcript();
    for y in &t.years {
        let rows: Vec<&SubjectResult> = y
            .subjects
            .iter()
            .filter(|s| curriculum::is_ict(s.subject))
            .collect();
        if y.grade.get() < 3 {
            assert!(rows.is_empty());
            continue;
        }
        let subjects: Vec<Subject> = rows.iter().map(|s| s.subject).collect();
        assert_eq!(subjects, [Subject::TinHoc, Subject::CongNghe]);
        assert!(rows.iter().all(|s| s.score.is_some()));
        for p in &y.periodic {
            for s in p.subjects.iter().filter(|s| curriculum::is_ict(s.subject)) {
                assert_ne!(s.subject, Subject::TinHocCongNghe);
                assert_eq!(s.score.is_some(), p.moment == Moment::EndTerm1);
            }
        }
    }
}
