//! proptest strategies for the whole model. Every generated value is valid for the model
//! (the newtypes are built through their checked constructors); the TT27 rules may still
//! find it implausible (a grade-1 pupil with Khoa học), which is what a rules test wants.
//!
//! ```
//! use proptest::prelude::*;
//! use hocba_tests::strategies;
//!
//! proptest!(|(r in strategies::year_record())| {
//!     prop_assert!((1..=5).contains(&r.grade.get()));
//! });
//! ```

use std::collections::BTreeMap;

use hocba_core::model::{
    AdminCode, AdminUnit, Admission, Award, AwardKind, Competency, CompetencyRating, Completion,
    Correction, CountryCode, Date, DateTime, Department, DepartmentCode, Enrolment, Ethnicity,
    Extensions, Gender, Grade, GroupComments, Guardian, Issuance, LookupCode, Moment,
    PeriodicResult, PersonalId, Place, PrincipalCapacity, PrincipalSignatory, Promotion, Pupil,
    PupilCode, Quality, QualityLevel, QualityRating, RawCbor, School, SchoolCode, SchoolStep,
    SchoolYear, Score, Sha256Digest, Signatory, Subject, SubjectLevel, SubjectResult,
    SupplementaryAssessment, Text, Transcript, YearRecord, YearResult,
};
use proptest::collection::vec;
use proptest::option;
use proptest::prelude::*;
use proptest::sample::select;

/// Vietnamese-looking text up to `max` characters: letters with and without diacritics,
/// some given as combining marks (so NFC normalisation is exercised), spaces, punctuation.
pub fn text_up_to(max: usize) -> impl Strategy<Value = Text> {
    let pattern = format!(
        "[a-zA-ZđĐàáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ .,;:!?()–0-9\u{300}\u{301}\u{303}\u{309}\u{323}]{{0,{max}}}"
    );
    proptest::string::string_regex(&pattern)
        .expect("valid regex")
        .prop_map(|s| Text::new(s).expect("short text"))
}

/// A short text (names, places).
pub fn short_text() -> impl Strategy<Value = Text> {
    text_up_to(40)
}

/// A comment: usually absent, sometimes long.
pub fn comment() -> impl Strategy<Value = Option<Text>> {
    option::of(text_up_to(120))
}

/// A real calendar date between 1950 and 2100.
pub fn date() -> impl Strategy<Value = Date> {
    (1950i32..=2100, 1u8..=12, 1u8..=28)
        .prop_map(|(y, m, d)| Date::from_ymd(y, m, d).expect("day ≤ 28 exists"))
}

/// A school year 2000–2060.
pub fn school_year() -> impl Strategy<Value = SchoolYear> {
    (2000u16..=2060).prop_map(|y| SchoolYear::starting(y).expect("in range"))
}

/// Grade 1–5.
pub fn grade() -> impl Strategy<Value = Grade> {
    (1u8..=5).prop_map(|g| Grade::try_from(g).expect("1-5"))
}

/// A score 0–10.
pub fn score() -> impl Strategy<Value = Score> {
    (0u8..=10).prop_map(|s| Score::try_from(s).expect("0-10"))
}

/// One of the 54 ethnic groups.
pub fn ethnicity() -> impl Strategy<Value = Ethnicity> {
    (1u8..=54).prop_map(|e| Ethnicity::try_from(e).expect("1-54"))
}

/// An ASCII code of 1–`max` characters from `[A-Za-z0-9._-]`.
fn code_str(max: usize) -> impl Strategy<Value = String> {
    proptest::string::string_regex(&format!("[A-Za-z0-9._-]{{1,{max}}}")).expect("valid regex")
}

/// A school code.
pub fn school_code() -> impl Strategy<Value = SchoolCode> {
    code_str(32).prop_map(|s| SchoolCode::try_from(s).expect("valid"))
}

/// A pupil code.
pub fn pupil_code() -> impl Strategy<Value = PupilCode> {
    code_str(32).prop_map(|s| PupilCode::try_from(s).expect("valid"))
}

/// An administrative-unit code.
pub fn admin_code() -> impl Strategy<Value = AdminCode> {
    "[A-Za-z0-9]{1,16}".prop_map(|s| AdminCode::try_from(s).expect("valid"))
}

/// A 12-digit personal identification number.
pub fn personal_id() -> impl Strategy<Value = PersonalId> {
    "[0-9]{12}".prop_map(|s| PersonalId::try_from(s).expect("12 digits"))
}

/// A nationality.
pub fn country() -> impl Strategy<Value = CountryCode> {
    "[A-Z]{2}".prop_map(|s| CountryCode::try_from(s).expect("two letters"))
}

/// An administrative unit.
pub fn admin_unit() -> impl Strategy<Value = AdminUnit> {
    (option::of(admin_code()), short_text()).prop_map(|(code, name)| AdminUnit { code, name })
}

/// A place.
pub fn place() -> impl Strategy<Value = Place> {
    (
        option::of(short_text()),
        option::of(admin_unit()),
        option::of(admin_unit()),
        option::of(admin_unit()),
        option::of(date()),
    )
        .prop_map(|(detail, commune, district, province, as_of)| Place {
            detail,
            commune,
            district,
            province,
            as_of,
        })
}

/// A parent or guardian.
pub fn guardian() -> impl Strategy<Value = Guardian> {
    (
        short_text(),
        option::of(1940u16..=2010),
        option::of(short_text()),
    )
        .prop_map(|(full_name, birth_year, occupation)| Guardian {
            full_name,
            birth_year,
            occupation,
        })
}

/// A pupil.
pub fn pupil() -> impl Strategy<Value = Pupil> {
    (
        (
            short_text(),
            select(Gender::ALL),
            date(),
            short_text(),
            option::of(short_text()),
            option::of(ethnicity()),
            country(),
        ),
        (
            place(),
            option::of(guardian()),
            option::of(guardian()),
            option::of(guardian()),
            option::of(personal_id()),
            option::of(pupil_code()),
        ),
    )
        .prop_map(
            |(
                (
                    full_name,
                    gender,
                    date_of_birth,
                    place_of_birth,
                    hometown,
                    ethnicity,
                    nationality,
                ),
                (residence, father, mother, guardian, personal_id, pupil_code),
            )| Pupil {
                full_name,
                gender,
                date_of_birth,
                place_of_birth,
                hometown,
                ethnicity,
                nationality,
                residence,
                father,
                mother,
                guardian,
                personal_id,
                pupil_code,
            },
        )
}

/// A school.
pub fn school() -> impl Strategy<Value = School> {
    (
        short_text(),
        school_code(),
        place(),
        option::of(department()),
    )
        .prop_map(|(name, code, place, department)| School {
            name,
            code,
            place,
            department,
        })
}

/// A Department of Education and Training.
pub fn department() -> impl Strategy<Value = Department> {
    ("[A-Za-z0-9._-]{1,32}", short_text()).prop_map(|(code, name)| Department {
        code: DepartmentCode::try_from(code).expect("the pattern is the code's alphabet"),
        name,
    })
}

/// A lookup code (any 16 random bytes make a v4 UUID).
pub fn lookup_code() -> impl Strategy<Value = LookupCode> {
    any::<[u8; 16]>().prop_map(LookupCode::from_random_bytes)
}

/// A date-time to the second with a whole-minute offset.
pub fn date_time() -> impl Strategy<Value = DateTime> {
    (date(), 0u32..86_400, -720i32..=840).prop_map(|(d, secs, offset_min)| {
        let offset = time::UtcOffset::from_whole_seconds(offset_min * 60).expect("within ±14 h");
        let t = time::PrimitiveDateTime::new(d.get(), time::Time::MIDNIGHT)
            + time::Duration::seconds(i64::from(secs));
        DateTime::try_from(t.assume_offset(offset)).expect("whole seconds and minutes")
    })
}

/// A line of the school path.
pub fn school_step() -> impl Strategy<Value = SchoolStep> {
    (
        school_year(),
        short_text(),
        short_text(),
        option::of(date()),
    )
        .prop_map(
            |(school_year, class_name, school_name, moved_in_on)| SchoolStep {
                school_year,
                class_name,
                school_name,
                moved_in_on,
            },
        )
}

/// The national format's group comments.
pub fn group_comments() -> impl Strategy<Value = GroupComments> {
    (comment(), comment(), comment(), comment()).prop_map(|(a, b, c, d)| GroupComments {
        qualities: a,
        general_competencies: b,
        specific_competencies: c,
        homeroom: d,
    })
}

/// Where and when a record was made and issued.
pub fn issuance() -> impl Strategy<Value = Issuance> {
    (short_text(), date_time(), option::of(date_time())).prop_map(
        |(place, created_at, issued_at)| Issuance {
            place,
            created_at,
            issued_at,
        },
    )
}

/// An enrolment row.
pub fn enrolment() -> impl Strategy<Value = Enrolment> {
    (
        school_year(),
        short_text(),
        short_text(),
        school_code(),
        short_text(),
        date(),
        select(Admission::ALL),
    )
        .prop_map(
            |(
                school_year,
                class_name,
                school_name,
                school_code,
                register_number,
                admitted_on,
                admission,
            )| {
                Enrolment {
                    school_year,
                    class_name,
                    school_name,
                    school_code,
                    register_number,
                    admitted_on,
                    admission,
                }
            },
        )
}

/// A subject row.
pub fn subject_result() -> impl Strategy<Value = SubjectResult> {
    (
        select(Subject::ALL),
        option::of(short_text()),
        select(SubjectLevel::ALL),
        option::of(score()),
        any::<bool>(),
        comment(),
    )
        .prop_map(
            |(subject, language, level, score, retest, comment)| SubjectResult {
                subject,
                language,
                level,
                score,
                retest,
                comment,
            },
        )
}

/// A quality row.
pub fn quality_rating() -> impl Strategy<Value = QualityRating> {
    (select(Quality::ALL), select(QualityLevel::ALL), comment()).prop_map(
        |(quality, level, comment)| QualityRating {
            quality,
            level,
            comment,
        },
    )
}

/// A competency row.
pub fn competency_rating() -> impl Strategy<Value = CompetencyRating> {
    (
        select(Competency::ALL),
        select(QualityLevel::ALL),
        comment(),
    )
        .prop_map(|(competency, level, comment)| CompetencyRating {
            competency,
            level,
            comment,
        })
}

/// A mid-year periodic result.
pub fn periodic_result() -> impl Strategy<Value = PeriodicResult> {
    (
        select(Moment::ALL),
        vec(subject_result(), 0..4),
        vec(quality_rating(), 0..3),
        vec(competency_rating(), 0..3),
    )
        .prop_map(
            |(moment, subjects, qualities, competencies)| PeriodicResult {
                moment,
                subjects,
                qualities,
                competencies,
            },
        )
}

/// An award.
pub fn award() -> impl Strategy<Value = Award> {
    (select(AwardKind::ALL), comment()).prop_map(|(kind, description)| Award { kind, description })
}

/// A completion block.
pub fn completion() -> impl Strategy<Value = Completion> {
    (
        any::<bool>(),
        option::of((any::<bool>(), option::of(date()), comment()).prop_map(
            |(completed, date, comment)| SupplementaryAssessment {
                completed,
                date,
                comment,
            },
        )),
        select(Promotion::ALL),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(
            |(class_completed, supplementary, promotion, principal_decision, primary_completed)| {
                Completion {
                    class_completed,
                    supplementary,
                    promotion,
                    principal_decision,
                    primary_completed,
                }
            },
        )
}

/// A correction.
pub fn correction() -> impl Strategy<Value = Correction> {
    (any::<[u8; 32]>(), short_text()).prop_map(|(d, reason)| Correction {
        supersedes: Sha256Digest(d),
        reason,
    })
}

/// One small canonical CBOR item (an unsigned integer, a text or a one-entry map).
pub fn raw_cbor() -> impl Strategy<Value = RawCbor> {
    prop_oneof![
        (0u8..24).prop_map(|v| vec![v]),
        "[a-z]{0,20}".prop_map(|s| {
            let mut v = vec![0x60 | s.len() as u8];
            v.extend_from_slice(s.as_bytes());
            v
        }),
        (0u8..24, 0u8..24).prop_map(|(k, v)| vec![0xa1, k, v]),
    ]
    .prop_map(|bytes| RawCbor::try_from(bytes).expect("canonical item"))
}

/// Extensions as a reader of this version keeps them: usually none; sometimes a newer
/// minor with fields keyed from `first_key` up.
pub fn extensions(first_key: u64) -> impl Strategy<Value = Extensions> {
    prop_oneof![
        3 => Just(Extensions::default()),
        1 => (1u64..5, proptest::collection::btree_map(first_key..first_key + 40, raw_cbor(), 0..3))
            .prop_map(|(minor, fields): (u64, BTreeMap<u64, RawCbor>)| Extensions { minor, fields }),
    ]
}

/// The fields format 2 added to a year record.
pub fn national_fields() -> impl Strategy<Value = NationalFields> {
    (
        option::of(lookup_code()),
        option::of(0u16..400),
        option::of(0u16..400),
        option::of(short_text()),
        vec(school_step(), 0..6),
        group_comments(),
        option::of(issuance()),
    )
}

/// What [`national_fields`] generates, in `YearRecord` field order.
pub type NationalFields = (
    Option<LookupCode>,
    Option<u16>,
    Option<u16>,
    Option<Text>,
    Vec<SchoolStep>,
    GroupComments,
    Option<Issuance>,
);

/// A year record (extension keys from 27, after the 2.0 keys 0–26).
pub fn year_record() -> impl Strategy<Value = YearRecord> {
    (
        (
            short_text(),
            pupil(),
            school(),
            school_year(),
            grade(),
            short_text(),
            (short_text(), option::of(personal_id())).prop_map(|(full_name, personal_id)| {
                Signatory {
                    full_name,
                    personal_id,
                }
            }),
            (
                short_text(),
                select(PrincipalCapacity::ALL),
                option::of(personal_id()),
                option::of(short_text()),
            )
                .prop_map(|(full_name, capacity, personal_id, title)| {
                    PrincipalSignatory {
                        full_name,
                        capacity,
                        personal_id,
                        title,
                    }
                }),
        ),
        (
            option::of(any::<u16>()),
            option::of(any::<u32>()),
            option::of(0u16..200),
            vec(subject_result(), 0..13),
            vec(quality_rating(), 0..6),
            vec(competency_rating(), 0..11),
            vec(periodic_result(), 0..3),
        ),
        (
            select(YearResult::ALL),
            vec(award(), 0..3),
            completion(),
            option::of(correction()),
            extensions(27),
        ),
        national_fields(),
    )
        .prop_map(
            |(
                (
                    rule_set,
                    pupil,
                    school,
                    school_year,
                    grade,
                    class_name,
                    homeroom_teacher,
                    principal,
                ),
                (height_mm, weight_g, days_absent, subjects, qualities, competencies, periodic),
                (result, awards, completion, correction, extensions),
                (
                    lookup_code,
                    absences_excused,
                    absences_unexcused,
                    register_number,
                    history,
                    comments,
                    issuance,
                ),
            )| YearRecord {
                rule_set,
                pupil,
                school,
                school_year,
                grade,
                class_name,
                homeroom_teacher,
                principal,
                height_mm,
                weight_g,
                days_absent,
                subjects,
                qualities,
                competencies,
                periodic,
                result,
                awards,
                completion,
                correction,
                lookup_code,
                absences_excused,
                absences_unexcused,
                register_number,
                history,
                comments,
                issuance,
                extensions,
            },
        )
}

/// A transcript of 0–5 years (extension keys from 4).
pub fn transcript() -> impl Strategy<Value = Transcript> {
    (
        pupil(),
        vec(enrolment(), 0..6),
        vec(year_record(), 0..5),
        extensions(4),
    )
        .prop_map(|(pupil, enrolments, years, extensions)| Transcript {
            pupil,
            enrolments,
            years,
            extensions,
        })
}
