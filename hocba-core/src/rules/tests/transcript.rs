//! Cross-year rules of a transcript (TT27 Điều 11; TT 28/2020/TT-BGDĐT Điều 36; one record
//! per school year).

use super::*;

/// Pupils 0–3 of a synthetic cohort: regular, transfer (grade 3), retained once (grade 2),
/// additional assessment (grade 3). All valid.
fn cohort() -> Vec<Transcript> {
    synth::cohort(&synth::CohortSpec {
        seed: 42,
        pupils: 4,
        first_year: 2020,
    })
}

fn sorted_codes(t: &Transcript) -> Vec<&'static str> {
    let mut c = validate_transcript(t, &Policy::default()).codes();
    c.sort_unstable();
    c
}

type Edit = fn(&mut Transcript);

#[test]
fn across_years() {
    let table: &[(&str, &str, usize, Edit, &[&str])] = &[
        ("regular pupil", "TT27 Điều 11", 0, |_| {}, &[]),
        (
            "transfer at grade 3, recorded as chuyển đến",
            "TT 28/2020 Điều 36",
            1,
            |_| {},
            &[],
        ),
        (
            "retained once, grade 2 twice",
            "TT27 Điều 11.1.c",
            2,
            |_| {},
            &[],
        ),
        (
            "completed after the additional assessment",
            "TT27 Điều 11.1.b",
            3,
            |_| {},
            &[],
        ),
        (
            "a corrected record added next to the original",
            "ADR 0033",
            0,
            |t| {
                let mut y = t.years[2].clone();
                y.lookup_code = Some(LookupCode::from_random_bytes([0x42; 16]));
                t.years.insert(3, y);
            },
            &["school_year_duplicate"],
        ),
        (
            "a replacement added next to the original, keeping its lookup code",
            "CV 2088 §1",
            0,
            |t| {
                let y = t.years[2].clone();
                t.years.insert(3, y);
            },
            &["lookup_code_duplicate", "school_year_duplicate"],
        ),
        (
            "two school years with one lookup code",
            "CV 2088 §1",
            0,
            |t| t.years[3].lookup_code = t.years[1].lookup_code,
            &["lookup_code_duplicate"],
        ),
        (
            "format 1 years without lookup codes are not duplicates",
            "CV 2088 §1",
            0,
            |t| {
                for y in &mut t.years {
                    y.lookup_code = None;
                }
            },
            &[
                "national_field_missing",
                "national_field_missing",
                "national_field_missing",
                "national_field_missing",
                "national_field_missing",
            ],
        ),
        (
            "a missing year",
            "TT27 Phụ lục 1",
            0,
            |t| {
                t.years.remove(2);
            },
            &[
                "enrolment_without_record",
                "grade_progression_mismatch",
                "school_years_not_consecutive",
            ],
        ),
        (
            "years out of order",
            "TT27 Phụ lục 1",
            0,
            |t| {
                t.years.swap(3, 4);
            },
            &[
                "grade_progression_mismatch",
                "school_years_not_consecutive",
                "school_years_not_consecutive",
                "year_after_primary_completed",
            ],
        ),
        (
            "retained by the principal, yet next year in grade 3",
            "TT27 Điều 11.1.c",
            2,
            |t| {
                t.years[1].completion.promotion = Promotion::Promoted;
            },
            &["grade_progression_mismatch"],
        ),
        (
            "a year after completing primary",
            "TT27 Điều 11.2",
            0,
            |t| {
                let mut y = t.years[4].clone();
                y.school_year = y.school_year.next().unwrap();
                // Made and issued a year later too.
                fn later(d: DateTime) -> DateTime {
                    DateTime::try_from(d.get().replace_year(d.get().year() + 1).unwrap()).unwrap()
                }
                if let Some(i) = &mut y.issuance {
                    i.created_at = later(i.created_at);
                    i.issued_at = i.issued_at.map(later);
                }
                y.lookup_code = Some(LookupCode::from_random_bytes([0x43; 16]));
                let mut e = t.enrolments[4].clone();
                e.school_year = y.school_year;
                t.years.push(y);
                t.enrolments.push(e);
            },
            &["year_after_primary_completed"],
        ),
        (
            "another pupil's personal ID in one year",
            "TT27 Phụ lục 1",
            0,
            |t| {
                let id = t.pupil.personal_id.as_ref().unwrap().as_str();
                let other = format!(
                    "{}{}",
                    &id[..6],
                    if &id[6..] == "000000" {
                        "000001"
                    } else {
                        "000000"
                    }
                );
                t.years[2].pupil.personal_id = Some(PersonalId::try_from(other).unwrap());
            },
            &["pupil_mismatch"],
        ),
        (
            "another birth date in one year",
            "TT27 Phụ lục 1",
            0,
            |t| {
                let d = t.pupil.date_of_birth;
                t.years[1].pupil.date_of_birth = Date::from(d.get().next_day().unwrap());
            },
            &["pupil_mismatch"],
        ),
        (
            "the name spelt differently in one year",
            "TT27 Phụ lục 1",
            0,
            |t| {
                t.years[3].pupil.full_name = Text::new("Tên Khác Hẳn").unwrap();
            },
            &["pupil_name_changed"],
        ),
        (
            "transfer without chuyển đến",
            "TT 28/2020 Điều 36",
            1,
            |t| {
                t.enrolments[2].admission = Admission::Admitted;
            },
            &["transfer_not_recorded"],
        ),
        (
            "no enrolment row for a year",
            "TT 28/2020 Điều 36",
            0,
            |t| {
                t.enrolments.remove(3);
            },
            &["enrolment_missing"],
        ),
        (
            "enrolment at another school than the record",
            "TT 28/2020 Điều 36",
            0,
            |t| {
                t.enrolments[1].school_code = SchoolCode::try_from("ZZ999").unwrap();
            },
            &["enrolment_missing"],
        ),
        (
            "enrolment rows out of order",
            "TT27 Phụ lục 1",
            0,
            |t| {
                t.enrolments.swap(0, 1);
            },
            &["enrolment_out_of_order"],
        ),
        (
            "the current year enrolled, not yet recorded",
            "TT27 Phụ lục 1",
            0,
            |t| {
                t.years.pop();
            },
            &["enrolment_without_record"],
        ),
        (
            "no year at all",
            "TT27 Phụ lục 1",
            0,
            |t| {
                t.years.clear();
                t.enrolments.clear();
            },
            &["transcript_empty"],
        ),
    ];
    let base = cohort();
    for (name, article, pupil, edit, expected) in table {
        let mut t = base[*pupil].clone();
        edit(&mut t);
        let mut want = expected.to_vec();
        want.sort_unstable();
        assert_eq!(sorted_codes(&t), want, "{name} ({article})");
    }
}

#[test]
fn year_paths_are_prefixed_and_identity_is_checked_once() {
    let mut t = cohort()[0].clone();
    let i = t.years[2]
        .subjects
        .iter()
        .position(|s| s.subject == Subject::Toan)
        .unwrap();
    t.years[2].subjects[i].score = None;
    t.pupil.personal_id = None;
    for y in &mut t.years {
        y.pupil.personal_id = None;
    }
    let report = validate_transcript(&t, &Policy::default());
    let got: Vec<(&str, &str)> = report
        .violations
        .iter()
        .map(|v| (v.code, v.path.as_str()))
        .collect();
    let score_path = format!("years[2].subjects[{i}].score");
    assert!(
        got.contains(&("score_missing", score_path.as_str())),
        "{got:?}"
    );
    assert!(
        got.contains(&("result_mismatch", "years[2].result"))
            || !got.iter().any(|g| g.0 == "result_mismatch")
    );
    // The identity page is checked once, not once per year.
    let missing: Vec<_> = got
        .iter()
        .filter(|g| g.0 == "personal_id_missing")
        .collect();
    assert_eq!(missing, [&("personal_id_missing", "pupil.personal_id")]);
    assert_eq!(report.derived.len(), t.years.len());
}
