//! The primary curriculum of the 2018 general-education programme (Chương trình GDPT 2018,
//! Thông tư 32/2018/TT-BGDĐT) and the periodic-test matrix of TT27 Điều 7.1.b.

use super::registry::RuleCode;
use super::report::{Params, Sink, SubjectPath};
use crate::model::{Grade, Moment, Subject, SubjectResult, YearRecord};

/// One subject or activity of a grade's curriculum.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CurriculumEntry {
    /// The subject or activity.
    pub subject: Subject,
    /// Bắt buộc (compulsory) or tự chọn (optional).
    pub compulsory: bool,
}

const fn c(subject: Subject) -> CurriculumEntry {
    CurriculumEntry {
        subject,
        compulsory: true,
    }
}

const fn o(subject: Subject) -> CurriculumEntry {
    CurriculumEntry {
        subject,
        compulsory: false,
    }
}

use Subject::*;

/// Grades 1–2 (TT32/2018, kế hoạch giáo dục lớp 1, 2): Ngoại ngữ 1 and Tiếng dân tộc
/// thiểu số are optional.
const GRADES_1_2: &[CurriculumEntry] = &[
    c(TiengViet),
    c(Toan),
    o(NgoaiNgu1),
    c(DaoDuc),
    c(TuNhienXaHoi),
    c(GiaoDucTheChat),
    c(AmNhac),
    c(MiThuat),
    c(HoatDongTraiNghiem),
    o(TiengDanToc),
];

/// Grade 3 (TT32/2018, kế hoạch giáo dục lớp 3): Ngoại ngữ 1 and Tin học và Công nghệ
/// become compulsory.
const GRADE_3: &[CurriculumEntry] = &[
    c(TiengViet),
    c(Toan),
    c(NgoaiNgu1),
    c(DaoDuc),
    c(TuNhienXaHoi),
    c(TinHocCongNghe),
    c(GiaoDucTheChat),
    c(AmNhac),
    c(MiThuat),
    c(HoatDongTraiNghiem),
    o(TiengDanToc),
];

/// Grades 4–5 (TT32/2018, kế hoạch giáo dục lớp 4, 5): Lịch sử và Địa lí and Khoa học
/// replace Tự nhiên và Xã hội.
const GRADES_4_5: &[CurriculumEntry] = &[
    c(TiengViet),
    c(Toan),
    c(NgoaiNgu1),
    c(DaoDuc),
    c(LichSuDiaLi),
    c(KhoaHoc),
    c(TinHocCongNghe),
    c(GiaoDucTheChat),
    c(AmNhac),
    c(MiThuat),
    c(HoatDongTraiNghiem),
    o(TiengDanToc),
];

/// The subjects and activities of `grade`, in the order of the học bạ table.
pub fn subjects_for(grade: Grade) -> &'static [CurriculumEntry] {
    match grade.get() {
        1 | 2 => GRADES_1_2,
        3 => GRADE_3,
        _ => GRADES_4_5,
    }
}

/// The curriculum entry of `subject` in `grade`, if the subject belongs to that grade.
pub fn entry(subject: Subject, grade: Grade) -> Option<CurriculumEntry> {
    subjects_for(grade)
        .iter()
        .copied()
        .find(|e| e.subject == subject)
}

/// Subjects with a periodic test at cuối học kì I and cuối năm học, where they are
/// compulsory (TT27 Điều 7.1.b). Khoa học is included (see the reference, §1.3).
pub const TESTED_SUBJECTS: &[Subject] = &[
    TiengViet,
    Toan,
    NgoaiNgu1,
    LichSuDiaLi,
    KhoaHoc,
    TinHocCongNghe,
];

/// Subjects with an additional mid-term test (giữa học kì I and II) in grades 4 and 5
/// (TT27 Điều 7.1.b).
pub const MID_TERM_TESTED_SUBJECTS: &[Subject] = &[TiengViet, Toan];

/// First grade with mid-term periodic tests (TT27 Điều 7.1.b: "lớp 4, lớp 5").
pub const MID_TERM_TESTS_FROM_GRADE: u8 = 4;

/// True when TT27 Điều 7.1.b requires a periodic test (and so a score) for `subject` in
/// `grade` at `moment`. Optional subjects (Ngoại ngữ 1 in grades 1–2, Tiếng dân tộc
/// thiểu số) have none: the article names compulsory subjects only.
pub fn is_tested(subject: Subject, grade: Grade, moment: Moment) -> bool {
    let Some(entry) = entry(subject, grade) else {
        return false;
    };
    if !entry.compulsory {
        return false;
    }
    match moment {
        Moment::EndTerm1 | Moment::EndOfYear => TESTED_SUBJECTS.contains(&subject),
        Moment::MidTerm1 | Moment::MidTerm2 => {
            grade.get() >= MID_TERM_TESTS_FROM_GRADE && MID_TERM_TESTED_SUBJECTS.contains(&subject)
        }
    }
}

/// A set of subjects as a bit mask (13 subjects fit in a `u16`).
#[derive(Clone, Copy, Default)]
pub(crate) struct SubjectSet(u16);

impl SubjectSet {
    /// Adds `s`; false when it was already there.
    pub(crate) fn insert(&mut self, s: Subject) -> bool {
        let bit = 1u16 << (s as u16);
        let fresh = self.0 & bit == 0;
        self.0 |= bit;
        fresh
    }

    pub(crate) fn contains(self, s: Subject) -> bool {
        self.0 & (1u16 << (s as u16)) != 0
    }
}

/// Curriculum rules (TT32/2018, kế hoạch giáo dục lớp 1–5): every subject belongs to the
/// grade, each at most once, every compulsory subject has its year-end assessment, and the
/// languages of Ngoại ngữ 1 and Tiếng dân tộc thiểu số are named. Mid-year periodic results
/// (TT27 Điều 7.1.a) may list fewer subjects, but none from another grade, and each moment
/// once.
pub(crate) fn check(record: &YearRecord, sink: &mut Sink<'_>) {
    let grade = record.grade;
    let seen = check_subjects(&record.subjects, grade, None, sink);
    for e in subjects_for(grade).iter().filter(|e| e.compulsory) {
        if !seen.contains(e.subject) {
            sink.emit(
                RuleCode::SubjectMissing,
                format_args!("subjects"),
                Params::subject(e.subject, grade),
            );
        }
    }
    let mut moments = 0u8;
    for (j, p) in record.periodic.iter().enumerate() {
        if p.moment == Moment::EndOfYear {
            sink.emit(
                RuleCode::PeriodicMomentInvalid,
                format_args!("periodic[{j}].moment"),
                Params::default(),
            );
        }
        let bit = 1u8 << (p.moment as u8);
        if moments & bit != 0 {
            sink.emit(
                RuleCode::PeriodicMomentDuplicate,
                format_args!("periodic[{j}].moment"),
                Params {
                    moment: Some(p.moment),
                    ..Params::default()
                },
            );
        }
        moments |= bit;
        check_subjects(&p.subjects, grade, Some(j), sink);
    }
}

fn check_subjects(
    subjects: &[SubjectResult],
    grade: Grade,
    periodic: Option<usize>,
    sink: &mut Sink<'_>,
) -> SubjectSet {
    let mut seen = SubjectSet::default();
    for (index, s) in subjects.iter().enumerate() {
        let params = Params::subject(s.subject, grade);
        let at = |field| SubjectPath {
            periodic,
            index,
            field,
        };
        if entry(s.subject, grade).is_none() {
            sink.emit(RuleCode::SubjectNotInGrade, at("subject"), params);
        }
        if !seen.insert(s.subject) {
            sink.emit(RuleCode::SubjectDuplicate, at("subject"), params);
        }
        if matches!(s.subject, NgoaiNgu1 | TiengDanToc)
            && s.language.as_ref().is_none_or(|l| l.is_blank())
        {
            sink.emit(RuleCode::LanguageMissing, at("language"), params);
        }
    }
    seen
}
