//! Deterministic synthetic data: realistic classes of pupils in Quảng Nam and Đà Nẵng,
//! grades 1–5, for the demo, the tests and the benchmarks. **Never real pupils.**
//!
//! The same seed gives the same records on every machine and every version of the
//! dependencies (the random numbers come from our own SplitMix64).
//!
//! A cohort includes, on purpose, the cases a vendor meets in real life: a pupil who
//! transfers between schools, a pupil retained once, a pupil who needs the additional
//! assessment of TT27 Điều 11.1.b, and records on both sides of the 2025 merger of Quảng
//! Nam into Đà Nẵng (places are versioned by their `as_of` date).
//!
//! Grades 3–5 carry *Tin học và Công nghệ* as the national template's two rows, Tin học and
//! Công nghệ, each with its own level and (per the default policy `ict_periodic_test =
//! either`) its own score where the subject is tested (ADR 0110).

mod data;
mod rng;

use data::*;
use rng::Rng;

use crate::model::*;
use crate::rules::{curriculum, derive};

/// What happens to a generated pupil over primary school.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Path {
    /// Five years at one school, grades 1–5.
    Regular,
    /// Changes school after grade 2 (transfer-in at grade 3).
    Transfer,
    /// Does not complete grade 2, fails the additional assessment and repeats grade 2.
    RetainedOnce,
    /// Does not complete grade 3 at year end, completes after the additional assessment.
    Supplementary,
}

/// Options for [`cohort`].
#[derive(Clone, Debug)]
pub struct CohortSpec {
    /// The seed; the same seed gives the same cohort.
    pub seed: u64,
    /// Number of pupils.
    pub pupils: usize,
    /// The school year of grade 1 (2020 is the first TT27 cohort).
    pub first_year: u16,
}

impl Default for CohortSpec {
    fn default() -> Self {
        Self {
            seed: 2020,
            pupils: 30,
            first_year: 2020,
        }
    }
}

/// A cohort of pupils who start grade 1 together, each with a full transcript.
///
/// Pupil 1 transfers, pupil 2 is retained once, pupil 3 needs the additional assessment;
/// everyone else follows the regular path (with at least 4 pupils all four paths appear).
pub fn cohort(spec: &CohortSpec) -> Vec<Transcript> {
    let mut rng = Rng::new(spec.seed);
    let school = rng.below(SCHOOLS.len() as u64) as usize;
    (0..spec.pupils)
        .map(|i| {
            let path = match i {
                1 => Path::Transfer,
                2 => Path::RetainedOnce,
                3 => Path::Supplementary,
                _ => Path::Regular,
            };
            let mut pr = rng.fork(i as u64);
            transcript_with(&mut pr, school, spec.first_year, path)
        })
        .collect()
}

/// One pupil's transcript following `path`, from `seed`.
pub fn transcript(seed: u64, path: Path) -> Transcript {
    let mut rng = Rng::new(seed);
    let school = rng.below(SCHOOLS.len() as u64) as usize;
    transcript_with(&mut rng, school, 2020, path)
}

/// The demo pupil: five regular years at Trường Tiểu học Trần Quốc Toản, Hội An, with
/// results from Hoàn thành xuất sắc to Hoàn thành.
pub fn demo_transcript() -> Transcript {
    // Seed 18: a strong pupil (xuất sắc in grades 1–2, tốt in 3–4, hoàn thành in 5).
    let mut rng = Rng::new(18);
    transcript_with(&mut rng, 0, 2020, Path::Regular)
}

/// A realistic single year record (grade 4, mid-year results included), for benchmarks.
pub fn year_record(seed: u64) -> YearRecord {
    let t = transcript(seed, Path::Regular);
    t.years[3].clone()
}

/// Names `record`'s homeroom teacher and principal as the certificates `teacher` and
/// `principal` (DER) name their holders — name and số định danh — so a synthetic record signed
/// with test certificates names its signers (verification binds each signer to the person
/// named, ADR 0140). A certificate that cannot be read leaves its signatory unchanged.
pub fn name_signers(record: &mut YearRecord, teacher: &[u8], principal: &[u8]) {
    let holder = |der: &[u8]| {
        let (name, id) = crate::trust::certificate_holder(der)?;
        Some((
            Text::new(&name).ok()?,
            id.and_then(|i| PersonalId::try_from(i).ok()),
        ))
    };
    if let Some((name, id)) = holder(teacher) {
        record.homeroom_teacher.full_name = name;
        record.homeroom_teacher.personal_id = id;
    }
    if let Some((name, id)) = holder(principal) {
        record.principal.full_name = name;
        record.principal.personal_id = id;
    }
}

/// A whole class of one school year: `size` pupils of `grade` in `start_year`.
pub fn class(seed: u64, grade: Grade, start_year: u16, size: usize) -> Vec<YearRecord> {
    let mut rng = Rng::new(seed);
    let school = rng.below(SCHOOLS.len() as u64) as usize;
    let first_year = start_year - u16::from(grade.get() - 1);
    (0..size)
        .map(|i| {
            let mut pr = rng.fork(i as u64);
            let t = transcript_with(&mut pr, school, first_year, Path::Regular);
            t.years[usize::from(grade.get() - 1)].clone()
        })
        .collect()
}

fn text(s: &str) -> Text {
    // Inputs are the constant NFC tables above and short formatted strings: always valid.
    Text::new(s).unwrap_or_default()
}

fn date(y: i32, m: u8, d: u8) -> Date {
    // Only called with real calendar dates built from the constant tables below.
    Date::from_ymd(y, m, d).unwrap_or_else(|_| Date::from(time::Date::MIN))
}

/// 1 July 2025: from this date the generator writes places in the merged Đà Nẵng without
/// districts (the effective date is UNCONFIRMED in the reference; it is synthetic here).
fn merged_from() -> Date {
    date(2025, 7, 1)
}

fn unit(code: &str, name: &str) -> AdminUnit {
    AdminUnit {
        code: AdminCode::try_from(code).ok(),
        name: text(name),
    }
}

fn place(p: &OldPlace, detail: Option<&str>, as_of: Date) -> Place {
    if as_of >= merged_from() {
        Place {
            detail: detail.map(text),
            commune: Some(unit(p.new_commune.0, p.new_commune.1)),
            district: None,
            province: Some(unit(MERGED_PROVINCE.0, MERGED_PROVINCE.1)),
            as_of: Some(as_of),
        }
    } else {
        Place {
            detail: detail.map(text),
            commune: Some(unit(p.commune.0, p.commune.1)),
            district: Some(unit(p.district.0, p.district.1)),
            province: Some(unit(p.province.0, p.province.1)),
            as_of: Some(as_of),
        }
    }
}

fn school_at(index: usize, as_of: Date) -> School {
    let (name, code, place_index) = SCHOOLS[index % SCHOOLS.len()];
    let place = place(&PLACES[place_index], None, as_of);
    // The Sở of the school's province as named that year (Quảng Nam's until the 2025 merger).
    let department = place.province.as_ref().map(|p| Department {
        code: DepartmentCode::try_from(p.code.as_ref().map_or("00", |c| c.as_str()))
            .unwrap_or_else(|_| unreachable_department()),
        name: text(&format!(
            "Sở Giáo dục và Đào tạo {}",
            p.name
                .as_str()
                .replacen("Thành phố", "thành phố", 1)
                .replacen("Tỉnh", "tỉnh", 1)
        )),
    });
    School {
        name: text(name),
        code: SchoolCode::try_from(code).unwrap_or_else(|_| unreachable_code()),
        place,
        department,
    }
}

fn unreachable_department() -> DepartmentCode {
    // Province codes in `data.rs` are valid codes; this is never called.
    DepartmentCode::try_from("00").unwrap_or_else(|_| unreachable_department())
}

/// A synthetic adult's 12-digit personal ID (born in the 1970s–1990s, per Nghị định 137/2015;
/// the century/gender mapping is UNCONFIRMED, as for pupils).
fn adult_id(rng: &mut Rng, province_code: &str) -> Option<PersonalId> {
    let gender_digit = rng.below(2);
    let year = 70 + rng.below(30);
    PersonalId::try_from(format!(
        "{province_code}{gender_digit}{year:02}{:06}",
        rng.below(1_000_000)
    ))
    .ok()
}

fn unreachable_code() -> SchoolCode {
    // The school codes in `data.rs` are valid ASCII codes; this is never called.
    SchoolCode::try_from("0").unwrap_or_else(|_| unreachable_code())
}

fn person_name(rng: &mut Rng, gender: Gender) -> String {
    let (middle, given) = match gender {
        Gender::Male => (MIDDLE_MALE, GIVEN_MALE),
        Gender::Female => (MIDDLE_FEMALE, GIVEN_FEMALE),
    };
    format!(
        "{} {} {}",
        rng.pick(SURNAMES),
        rng.pick(middle),
        rng.pick(given)
    )
}

fn pupil(rng: &mut Rng, school: usize, first_year: u16) -> Pupil {
    let gender = if rng.chance(50) {
        Gender::Male
    } else {
        Gender::Female
    };
    let full_name = person_name(rng, gender);
    let surname = full_name.split(' ').next().unwrap_or("Nguyễn").to_owned();
    let birth_year = i32::from(first_year) - 6;
    let dob = date(birth_year, 1 + rng.below(12) as u8, 1 + rng.below(28) as u8);
    let home = &PLACES[SCHOOLS[school].2];
    let province_code = if home.province.0 == "48" {
        "048"
    } else {
        "049"
    };
    // Century/gender digit per Nghị định 137/2015 (mapping UNCONFIRMED): 2 male / 3 female, 21st century.
    let century_gender = match (birth_year >= 2000, gender) {
        (true, Gender::Male) => 2,
        (true, Gender::Female) => 3,
        (false, Gender::Male) => 0,
        (false, Gender::Female) => 1,
    };
    let id = format!(
        "{province_code}{century_gender}{:02}{:06}",
        birth_year % 100,
        rng.below(1_000_000)
    );
    let father = Guardian {
        full_name: text(&format!(
            "{surname} {} {}",
            rng.pick(MIDDLE_MALE),
            rng.pick(GIVEN_MALE)
        )),
        birth_year: Some((birth_year - 28 - rng.below(8) as i32) as u16),
        occupation: Some(text(rng.pick(OCCUPATIONS))),
    };
    let mother = Guardian {
        full_name: text(&person_name(rng, Gender::Female)),
        birth_year: Some((birth_year - 25 - rng.below(8) as i32) as u16),
        occupation: Some(text(rng.pick(OCCUPATIONS))),
    };
    let entry = date(i32::from(first_year), 9, 5);
    Pupil {
        full_name: text(&full_name),
        gender,
        date_of_birth: dob,
        place_of_birth: text(&format!(
            "Bệnh viện Đa khoa {}",
            home.province.1.trim_start_matches("Tỉnh ")
        )),
        hometown: Some(text(&format!("{}, {}", home.district.1, home.province.1))),
        ethnicity: Some(if rng.chance(92) {
            Ethnicity::KINH
        } else {
            // Cơ-tu (26) and Xơ-đăng (14) live in the mountains of Quảng Nam.
            Ethnicity::try_from(if rng.chance(50) { 26 } else { 14 }).unwrap_or(Ethnicity::KINH)
        }),
        nationality: CountryCode::vn(),
        residence: place(home, Some(rng.pick(home.hamlets)), entry),
        father: Some(father),
        mother: Some(mother),
        guardian: None,
        personal_id: PersonalId::try_from(id).ok(),
        pupil_code: PupilCode::try_from(format!(
            "{}{:07}",
            &SCHOOLS[school].1[..2],
            rng.below(10_000_000)
        ))
        .ok(),
    }
}

/// How strong the pupil is this year: shifts the level draws.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Strength {
    Strong,
    Average,
    Struggling,
}

/// Level draws per mille: a strong pupil is nearly always T; "Chưa hoàn thành" is rare
/// outside a struggling year (nationally about one pupil in a hundred).
fn subject_level(rng: &mut Rng, s: Strength) -> SubjectLevel {
    let r = rng.below(1000);
    match s {
        Strength::Strong if r < 975 => SubjectLevel::Good,
        Strength::Strong => SubjectLevel::Completed,
        Strength::Average if r < 450 => SubjectLevel::Good,
        Strength::Average if r < 998 => SubjectLevel::Completed,
        Strength::Average => SubjectLevel::NotCompleted,
        Strength::Struggling if r < 100 => SubjectLevel::Good,
        Strength::Struggling if r < 650 => SubjectLevel::Completed,
        Strength::Struggling => SubjectLevel::NotCompleted,
    }
}

fn score_for(rng: &mut Rng, level: SubjectLevel) -> Score {
    let v = match level {
        SubjectLevel::Good => 8 + rng.below(3),
        SubjectLevel::Completed => 5 + rng.below(4),
        SubjectLevel::NotCompleted => 2 + rng.below(3),
    };
    Score::try_from(v as u8)
        .unwrap_or_else(|_| Score::try_from(5).unwrap_or_else(|_| unreachable_score()))
}

fn unreachable_score() -> Score {
    // 0..=10 are valid scores; the values above are 2..=10.
    Score::try_from(0).unwrap_or_else(|_| unreachable_score())
}

fn quality_level(rng: &mut Rng, s: Strength) -> QualityLevel {
    let r = rng.below(1000);
    match s {
        Strength::Strong if r < 985 => QualityLevel::Good,
        Strength::Strong => QualityLevel::Pass,
        Strength::Average if r < 550 => QualityLevel::Good,
        Strength::Average => QualityLevel::Pass,
        Strength::Struggling if r < 150 => QualityLevel::Good,
        Strength::Struggling if r < 850 => QualityLevel::Pass,
        Strength::Struggling => QualityLevel::NeedsEffort,
    }
}

fn subject_comment(rng: &mut Rng, level: SubjectLevel) -> Text {
    text(rng.pick(match level {
        SubjectLevel::Good => COMMENT_GOOD,
        SubjectLevel::Completed => COMMENT_COMPLETED,
        SubjectLevel::NotCompleted => COMMENT_NOT_COMPLETED,
    }))
}

fn quality_comment(rng: &mut Rng, level: QualityLevel) -> Text {
    text(rng.pick(match level {
        QualityLevel::Good => COMMENT_QUALITY_GOOD,
        QualityLevel::Pass => COMMENT_QUALITY_PASS,
        QualityLevel::NeedsEffort => COMMENT_QUALITY_WEAK,
    }))
}

fn subjects_at(
    rng: &mut Rng,
    grade: Grade,
    moment: Moment,
    strength: Strength,
    english_early: bool,
) -> Vec<SubjectResult> {
    curriculum::subjects_for(grade)
        .iter()
        .filter(|e| e.compulsory || (e.subject == Subject::NgoaiNgu1 && english_early))
        .map(|e| {
            let level = subject_level(rng, strength);
            let tested = curriculum::is_tested(e.subject, grade, moment);
            SubjectResult {
                subject: e.subject,
                language: (e.subject == Subject::NgoaiNgu1).then(|| text("Tiếng Anh")),
                level,
                score: tested.then(|| score_for(rng, level)),
                retest: false,
                comment: Some(subject_comment(rng, level)),
            }
        })
        .collect()
}

struct YearPlan {
    school: usize,
    year: u16,
    grade: Grade,
    strength: Strength,
    /// Outcome of the additional assessment if the year ends "Chưa hoàn thành".
    supplementary_passes: bool,
}

fn year_record_for(
    rng: &mut Rng,
    pupil: &Pupil,
    plan: &YearPlan,
    class_letter: char,
) -> YearRecord {
    let grade = plan.grade;
    let english_early = rng.chance(60);
    let mut subjects = subjects_at(rng, grade, Moment::EndOfYear, plan.strength, english_early);
    if plan.strength == Strength::Struggling {
        // A struggling year ends with at least one subject not completed.
        if let Some(s) = subjects
            .iter_mut()
            .find(|s| s.subject == Subject::TiengViet)
        {
            s.level = SubjectLevel::NotCompleted;
            s.score = s.score.map(|_| score_for(rng, SubjectLevel::NotCompleted));
            s.comment = Some(subject_comment(rng, SubjectLevel::NotCompleted));
        }
    }
    let qualities = Quality::ALL
        .iter()
        .map(|&q| {
            let level = quality_level(rng, plan.strength);
            QualityRating {
                quality: q,
                level,
                comment: Some(quality_comment(rng, level)),
            }
        })
        .collect();
    let competencies = Competency::ALL
        .iter()
        .map(|&c| {
            let level = quality_level(rng, plan.strength);
            CompetencyRating {
                competency: c,
                level,
                comment: Some(quality_comment(rng, level)),
            }
        })
        .collect();
    let periodic = [Moment::MidTerm1, Moment::EndTerm1, Moment::MidTerm2]
        .iter()
        .map(|&m| PeriodicResult {
            moment: m,
            subjects: subjects_at(rng, grade, m, plan.strength, english_early),
            qualities: Vec::new(),
            competencies: Vec::new(),
        })
        .collect();
    let as_of = date(i32::from(plan.year), 9, 5);
    let principal_on_behalf = rng.chance(15);
    // Format 2 fields draw from their own stream, so format 1 fields keep their values.
    let mut ids = rng.fork(2);
    let days_absent = rng.below(6) as u16;
    let unexcused = ids.below(3) as u16;
    let mut record = YearRecord {
        rule_set: text(RULE_SET_TT27),
        pupil: pupil.clone(),
        school: school_at(plan.school, as_of),
        school_year: SchoolYear::starting(plan.year).unwrap_or_else(|_| unreachable_year()),
        grade,
        class_name: text(&format!("{}{}", grade.get(), class_letter)),
        homeroom_teacher: Signatory {
            full_name: text(rng.pick(TEACHER_NAMES)),
            personal_id: adult_id(&mut ids, "048"),
        },
        principal: PrincipalSignatory {
            full_name: text(if principal_on_behalf {
                rng.pick(VICE_PRINCIPAL_NAMES)
            } else {
                PRINCIPAL_NAMES[plan.school % PRINCIPAL_NAMES.len()]
            }),
            capacity: if principal_on_behalf {
                PrincipalCapacity::OnBehalf
            } else {
                PrincipalCapacity::Principal
            },
            personal_id: adult_id(&mut ids, "048"),
            title: principal_on_behalf.then(|| text("Phó Hiệu trưởng")),
        },
        height_mm: Some(1130 + 55 * u16::from(grade.get() - 1) + rng.below(80) as u16),
        weight_g: Some(19_000 + 2_600 * u32::from(grade.get() - 1) + rng.below(6_000) as u32),
        days_absent: Some(days_absent),
        subjects,
        qualities,
        competencies,
        periodic,
        result: YearResult::Completed,
        awards: Vec::new(),
        completion: Completion {
            class_completed: true,
            supplementary: None,
            promotion: Promotion::Promoted,
            principal_decision: false,
            primary_completed: false,
        },
        correction: None,
        lookup_code: Some(LookupCode::from_random_bytes(ids.bytes16())),
        absences_excused: Some(2 * days_absent - unexcused.min(2 * days_absent)),
        absences_unexcused: Some(unexcused.min(2 * days_absent)),
        register_number: None,
        history: Vec::new(),
        comments: GroupComments {
            qualities: Some(text(ids.pick(COMMENT_QUALITIES_GROUP))),
            general_competencies: Some(text(ids.pick(COMMENT_GENERAL_GROUP))),
            specific_competencies: Some(text(ids.pick(COMMENT_SPECIFIC_GROUP))),
            homeroom: Some(text(ids.pick(COMMENT_HOMEROOM))),
        },
        issuance: Some(issuance(&mut ids, plan.year)),
        extensions: Extensions::default(),
    };
    record.result = derive::year_result(&record);
    if record.result == YearResult::Excellent {
        record.awards.push(Award {
            kind: AwardKind::Excellent,
            description: None,
        });
    } else if record.result == YearResult::Good && rng.chance(30) {
        record.awards.push(Award {
            kind: AwardKind::Exemplary,
            description: Some(text(
                "Có thành tích nổi bật ở môn Toán, được tập thể lớp công nhận.",
            )),
        });
    }
    if record.result == YearResult::NotCompleted {
        let passes = plan.supplementary_passes;
        record.completion = Completion {
            class_completed: passes,
            supplementary: Some(SupplementaryAssessment {
                completed: passes,
                date: Some(date(i32::from(plan.year) + 1, 8, 10)),
                comment: Some(text(COMMENT_SUPPLEMENTARY[usize::from(!passes)])),
            }),
            promotion: if passes {
                Promotion::Promoted
            } else {
                Promotion::Retained
            },
            principal_decision: !passes,
            primary_completed: false,
        };
    }
    record.completion.primary_completed = grade == Grade::G5 && record.completion.class_completed;
    // A record holding the additional assessment (10 August) is issued after it, not at the
    // year end: an issued record cannot report a later event (`date_after_issue`, ADR 0265).
    if record.completion.supplementary.is_some()
        && let Some(i) = &mut record.issuance
    {
        i.issued_at = format!("{}-08-15T15:00:00+07:00", plan.year + 1)
            .parse()
            .ok();
    }
    record
}

/// Where and when a year's record is made (late May, as schools close the year) and issued.
fn issuance(rng: &mut Rng, year: u16) -> Issuance {
    let end = i32::from(year) + 1;
    let mut at = |day: u8, hour: u8| {
        let t = time::PrimitiveDateTime::new(
            date(end, 5, day).get(),
            time::Time::from_hms(hour, rng.below(60) as u8, 0).unwrap_or(time::Time::MIDNIGHT),
        )
        .assume_offset(time::UtcOffset::from_hms(7, 0, 0).unwrap_or(time::UtcOffset::UTC));
        DateTime::try_from(t).ok()
    };
    let created_at = at(24, 9).unwrap_or_else(unreachable_date_time);
    Issuance {
        place: text("Đà Nẵng"),
        created_at,
        issued_at: at(28, 15),
    }
}

fn unreachable_date_time() -> DateTime {
    // Whole seconds and a whole-hour offset in a four-digit year: always a valid DateTime.
    "2025-05-24T09:00:00+07:00"
        .parse()
        .unwrap_or_else(|_| unreachable_date_time())
}

fn unreachable_year() -> SchoolYear {
    // Generated years are 2020..2030, inside SCHOOL_YEAR_RANGE.
    SchoolYear::starting(2020).unwrap_or_else(|_| unreachable_year())
}

fn transcript_with(rng: &mut Rng, school: usize, first_year: u16, path: Path) -> Transcript {
    let mut p = pupil(rng, school, first_year);
    let class_letter = ['A', 'B', 'C', 'D'][rng.below(4) as usize];
    let base = match rng.below(10) {
        0..=2 => Strength::Strong,
        _ => Strength::Average,
    };
    let mut plans = Vec::new();
    let mut year = first_year;
    let mut grade_no = 1u8;
    let mut current_school = school;
    while grade_no <= 5 {
        let mut strength = base;
        let mut passes = true;
        match path {
            Path::RetainedOnce
                if grade_no == 2 && !plans.iter().any(|p: &YearPlan| p.grade.get() == 2) =>
            {
                strength = Strength::Struggling;
                passes = false;
            }
            Path::Supplementary if grade_no == 3 => strength = Strength::Struggling,
            Path::Transfer if grade_no == 3 => current_school = (school + 1) % SCHOOLS.len(),
            _ => {}
        }
        let grade = Grade::try_from(grade_no).unwrap_or(Grade::G1);
        plans.push(YearPlan {
            school: current_school,
            year,
            grade,
            strength,
            supplementary_passes: passes,
        });
        if strength != Strength::Struggling || passes {
            grade_no += 1;
        }
        year += 1;
    }
    let mut years = Vec::new();
    let mut enrolments = Vec::new();
    let register = 100 + rng.below(800);
    for (i, plan) in plans.iter().enumerate() {
        let as_of = date(i32::from(plan.year), 9, 5);
        // The pupil's place as the school knew it that year (versioned around the 2025 merger).
        let home = &PLACES[SCHOOLS[plan.school].2];
        p.residence = place(home, p.residence.detail.as_ref().map(Text::as_str), as_of);
        years.push(year_record_for(rng, &p, plan, class_letter));
        let changed_school = i == 0 || plans[i - 1].school != plan.school;
        let (name, code, _) = SCHOOLS[plan.school];
        let admitted_on = if changed_school {
            if i == 0 {
                date(i32::from(plan.year), 8, 20)
            } else {
                date(i32::from(plan.year), 8, 12)
            }
        } else {
            enrolments
                .last()
                .map(|e: &Enrolment| e.admitted_on)
                .unwrap_or(as_of)
        };
        enrolments.push(Enrolment {
            school_year: SchoolYear::starting(plan.year).unwrap_or_else(|_| unreachable_year()),
            class_name: years[i].class_name.clone(),
            school_name: text(name),
            school_code: SchoolCode::try_from(code).unwrap_or_else(|_| unreachable_code()),
            register_number: text(&format!(
                "{}/{}",
                register + if changed_school && i > 0 { 400 } else { 0 },
                plans
                    .iter()
                    .find(|q| q.school == plan.school)
                    .map_or(plan.year, |q| q.year)
            )),
            admitted_on,
            admission: if i > 0 && changed_school {
                Admission::TransferredIn
            } else {
                Admission::Admitted
            },
        });
    }
    // Each year carries its register number and the path up to it, as the national XML does.
    for (i, y) in years.iter_mut().enumerate() {
        y.register_number = Some(enrolments[i].register_number.clone());
        y.history = enrolments[..=i]
            .iter()
            .map(|e| SchoolStep {
                school_year: e.school_year,
                class_name: e.class_name.clone(),
                school_name: e.school_name.clone(),
                moved_in_on: (e.admission == Admission::TransferredIn).then_some(e.admitted_on),
            })
            .collect();
    }
    Transcript {
        pupil: p,
        enrolments,
        years,
        extensions: Extensions::default(),
    }
}

#[cfg(test)]
mod tests;
