//! Identity: required fields present; the 12-digit personal identification number's
//! structure (Nghị định 137/2015/NĐ-CP Điều 13; province codes of TT 07/2016/TT-BCA); a
//! birth date plausible for the grade. Structure and age are warnings (policy), because
//! the century/gender mapping and the age rule's article are UNCONFIRMED.

use super::registry::RuleCode;
use super::report::{Params, Sink};
use crate::model::{Date, Gender, Grade, Pupil, SchoolYear, Text, YearRecord};

/// Province codes of birth registration (3 digits) of the 63 provinces and centrally-run
/// cities before the 2025 reorganisation, as used in the personal identification number
/// (TT 07/2016/TT-BCA; they equal the national administrative-unit codes). Đà Nẵng 048 and
/// Quảng Nam 049 are confirmed by the reference; the rest follow the same code list.
pub const PROVINCE_CODES: &[&str] = &[
    "001", "002", "004", "006", "008", "010", "011", "012", "014", "015", "017", "019", "020",
    "022", "024", "025", "026", "027", "030", "031", "033", "034", "035", "036", "037", "038",
    "040", "042", "044", "045", "046", "048", "049", "051", "052", "054", "056", "058", "060",
    "062", "064", "066", "067", "068", "070", "072", "074", "075", "077", "079", "080", "082",
    "083", "084", "086", "087", "089", "091", "092", "093", "094", "095", "096",
];

/// The century/gender digit for a birth in `year` (ND 137/2015 Điều 13; mapping
/// UNCONFIRMED): 20th century 0 male / 1 female, 21st 2 / 3, 22nd 4 / 5, and so on.
/// `None` before 1900.
pub fn century_gender_digit(year: i32, gender: Gender) -> Option<u8> {
    let century_index = u8::try_from(year / 100 - 19).ok()?;
    if century_index > 4 {
        return None;
    }
    Some(century_index * 2 + u8::from(gender == Gender::Female))
}

/// Age in calendar years of a pupil of grade 1 in the usual case (enters grade 1 in the
/// year they turn six).
pub const USUAL_AGE_GRADE_1: i32 = 6;

/// True when a pupil born on `dob` is of a plausible age for `grade` in `year`, given the
/// policy's window.
pub fn age_plausible(
    dob: Date,
    grade: Grade,
    year: SchoolYear,
    window: super::policy::AgeWindow,
) -> bool {
    let age = i32::from(year.start()) - dob.year();
    let usual = USUAL_AGE_GRADE_1 + i32::from(grade.get()) - 1;
    (usual - i32::from(window.younger)..=usual + i32::from(window.older)).contains(&age)
}

/// The required text of parts the record may leave out, when it has them (CV 2088 Phụ lục
/// 1.1 marks each required; ADR 0266): the Sở's name, the principal's title, the place of
/// issue, each school-path row's class and school. Blank, the national XML would carry an
/// element without a value.
fn blank_when_given(r: &YearRecord, sink: &mut Sink<'_>) {
    if let Some(d) = &r.school.department {
        required(
            &d.name,
            "school.department.name",
            "Tên Sở Giáo dục và Đào tạo (TEN_SO_GD)",
            "Name of the Department of Education and Training (TEN_SO_GD)",
            sink,
        );
    }
    if let Some(t) = &r.principal.title {
        required(
            t,
            "principal.title",
            "Chức vụ người ký học bạ (CHUC_VU_GIAM_HIEU_KY_HOC_BA)",
            "Title of the signing principal (CHUC_VU_GIAM_HIEU_KY_HOC_BA)",
            sink,
        );
    }
    if let Some(i) = &r.issuance {
        required(
            &i.place,
            "issuance.place",
            "Địa danh phát hành học bạ (DIA_DANH_PHAT_HANH_HOC_BA)",
            "Place of issue (DIA_DANH_PHAT_HANH_HOC_BA)",
            sink,
        );
    }
    for (i, step) in r.history.iter().enumerate() {
        for (text, field, vi, en) in [
            (
                &step.class_name,
                "class_name",
                "Lớp trong quá trình học tập (TEN_LOP)",
                "Class in the school path (TEN_LOP)",
            ),
            (
                &step.school_name,
                "school_name",
                "Trường trong quá trình học tập (TEN_TRUONG)",
                "School in the school path (TEN_TRUONG)",
            ),
        ] {
            if text.is_blank() {
                sink.emit(
                    RuleCode::RequiredFieldBlank,
                    format_args!("history[{i}].{field}"),
                    Params::item(vi, en),
                );
            }
        }
    }
}

fn required(
    text: &Text,
    path: &'static str,
    vi: &'static str,
    en: &'static str,
    sink: &mut Sink<'_>,
) {
    if text.is_blank() {
        sink.emit(RuleCode::RequiredFieldBlank, path, Params::item(vi, en));
    }
}

/// The identity page's rules, for a pupil at `pupil.` (relative to the sink's prefix).
pub(crate) fn check_pupil(pupil: &Pupil, sink: &mut Sink<'_>) {
    required(
        &pupil.full_name,
        "pupil.full_name",
        "Họ và tên học sinh",
        "Pupil's full name",
        sink,
    );
    required(
        &pupil.place_of_birth,
        "pupil.place_of_birth",
        "Nơi sinh",
        "Place of birth",
        sink,
    );
    // `CHO_O_HIEN_NAY`, required in the national XML: a place with nothing in it is blank.
    if pupil.residence.one_line().trim().is_empty() {
        sink.emit(
            RuleCode::RequiredFieldBlank,
            "pupil.residence",
            Params::item("Nơi ở hiện nay", "Current residence"),
        );
    }
    match &pupil.personal_id {
        None => sink.emit(
            RuleCode::PersonalIdMissing,
            "pupil.personal_id",
            Params::default(),
        ),
        Some(id) => {
            let path = "pupil.personal_id";
            if !PROVINCE_CODES.contains(&id.province_code()) {
                sink.emit(RuleCode::PersonalIdProvince, path, Params::default());
            }
            let year = pupil.date_of_birth.year();
            if let Some(expected) = century_gender_digit(year, pupil.gender)
                && expected != id.century_gender_digit()
            {
                sink.emit(RuleCode::PersonalIdCenturyGender, path, Params::default());
            }
            if i32::from(id.birth_year_2()) != year.rem_euclid(100) {
                sink.emit(RuleCode::PersonalIdBirthYear, path, Params::default());
            }
        }
    }
    if pupil.pupil_code.is_none() {
        sink.emit(
            RuleCode::PupilCodeMissing,
            "pupil.pupil_code",
            Params::default(),
        );
    }
}

/// The identity rules of one year record: the record's own required fields, the pupil's
/// age for the grade, and (when `with_pupil`) the identity page.
pub(crate) fn check_record(record: &YearRecord, with_pupil: bool, sink: &mut Sink<'_>) {
    if with_pupil {
        check_pupil(&record.pupil, sink);
    }
    required(
        &record.school.name,
        "school.name",
        "Tên trường",
        "School name",
        sink,
    );
    required(&record.class_name, "class_name", "Lớp", "Class", sink);
    required(
        &record.homeroom_teacher.full_name,
        "homeroom_teacher.full_name",
        "Giáo viên chủ nhiệm",
        "Homeroom teacher",
        sink,
    );
    required(
        &record.principal.full_name,
        "principal.full_name",
        "Hiệu trưởng",
        "Principal",
        sink,
    );
    blank_when_given(record, sink);
    if !age_plausible(
        record.pupil.date_of_birth,
        record.grade,
        record.school_year,
        sink.policy.age_window,
    ) {
        sink.emit(
            RuleCode::BirthDateImplausible,
            "pupil.date_of_birth",
            Params {
                grade: Some(record.grade),
                ..Params::default()
            },
        );
    }
}
