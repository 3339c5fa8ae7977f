//! The primary curriculum of the 2018 general-education programme (Chương trình GDPT 2018,
//! Thông tư 32/2018/TT-BGDĐT) and the periodic-test matrix of TT27 Điều 7.1.b.
//!
//! *Tin học và Công nghệ* (grades 3–5) is one subject with two parts. A record carries it
//! either as the one combined row of format 1 ([`Subject::TinHocCongNghe`]) or as the two rows
//! of the national display template ([`Subject::TinHoc`], [`Subject::CongNghe`]), never both
//! (ADR 0110). The tables below list the two rows, in the template's order.

use super::national;
use super::policy::IctTest;
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
/// (its two rows, Tin học and Công nghệ) become compulsory.
const GRADE_3: &[CurriculumEntry] = &[
    c(TiengViet),
    c(Toan),
    c(NgoaiNgu1),
    c(DaoDuc),
    c(TuNhienXaHoi),
    c(TinHoc),
    c(CongNghe),
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
    c(TinHoc),
    c(CongNghe),
    c(GiaoDucTheChat),
    c(AmNhac),
    c(MiThuat),
    c(HoatDongTraiNghiem),
    o(TiengDanToc),
];

/// The subjects and activities of `grade`, in the order of the học bạ table (Tin học và Công
/// nghệ as its two rows; [`entry`] also knows the combined row of format 1).
pub fn subjects_for(grade: Grade) -> &'static [CurriculumEntry] {
    match grade.get() {
        1 | 2 => GRADES_1_2,
        3 => GRADE_3,
        _ => GRADES_4_5,
    }
}

/// The curriculum entry of `subject` in `grade`, if the subject belongs to that grade. The
/// combined row [`Subject::TinHocCongNghe`] belongs wherever its two parts do.
pub fn entry(subject: Subject, grade: Grade) -> Option<CurriculumEntry> {
    if subject == TinHocCongNghe {
        return entry(TinHoc, grade).map(|e| CurriculumEntry { subject, ..e });
    }
    subjects_for(grade)
        .iter()
        .copied()
        .find(|e| e.subject == subject)
}

/// The two rows of Tin học và Công nghệ (QĐ 2904/QĐ-BGDĐT; CV 2088 Phụ lục 2).
pub const ICT_PARTS: [Subject; 2] = [TinHoc, CongNghe];

/// True for the rows of Tin học và Công nghệ: the combined row or either part.
pub fn is_ict(subject: Subject) -> bool {
    matches!(subject, TinHocCongNghe | TinHoc | CongNghe)
}

/// Subjects with a periodic test at cuối học kì I and cuối năm học, where they are
/// compulsory (TT27 Điều 7.1.b). Khoa học is included (see the reference, §1.3). Tin học và
/// Công nghệ is listed as its combined row; which of its two rows carries the test is the
/// policy [`IctTest`] (see [`score_rule`]).
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

/// What TT27 Điều 7.1.b asks of the score on one row at one moment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScoreRule {
    /// No periodic test: no score (a score never counts for Điều 9.2.a).
    NoTest,
    /// A periodic test: the row needs a score, and it counts.
    Required,
    /// One of the two rows of Tin học và Công nghệ ([`IctTest::Either`]): the row may carry a
    /// score, which counts; the pair needs at least one.
    OneOfIct,
}

impl ScoreRule {
    /// True when a score belongs on the row (required, or one of the pair).
    pub fn carries_score(self) -> bool {
        self != ScoreRule::NoTest
    }
}

/// The score rule for `subject` in `grade` at `moment` under `ict` (TT27 Điều 7.1.b).
/// Optional subjects (Ngoại ngữ 1 in grades 1–2, Tiếng dân tộc thiểu số) have no test: the
/// article names compulsory subjects only.
pub fn score_rule(subject: Subject, grade: Grade, moment: Moment, ict: IctTest) -> ScoreRule {
    let Some(entry) = entry(subject, grade) else {
        return ScoreRule::NoTest;
    };
    if !entry.compulsory {
        return ScoreRule::NoTest;
    }
    let tested = match moment {
        Moment::EndTerm1 | Moment::EndOfYear => {
            TESTED_SUBJECTS.contains(&subject) || ICT_PARTS.contains(&subject)
        }
        Moment::MidTerm1 | Moment::MidTerm2 => {
            grade.get() >= MID_TERM_TESTS_FROM_GRADE && MID_TERM_TESTED_SUBJECTS.contains(&subject)
        }
    };
    if !tested {
        return ScoreRule::NoTest;
    }
    match (subject, ict) {
        (TinHoc | CongNghe, IctTest::Either) => ScoreRule::OneOfIct,
        (TinHoc, IctTest::CongNghe) | (CongNghe, IctTest::TinHoc) => ScoreRule::NoTest,
        _ => ScoreRule::Required,
    }
}

/// True when a row of `subject` in `grade` carries a periodic-test score at `moment` under
/// the default policy ([`IctTest::Either`]: both rows of Tin học và Công nghệ may); see
/// [`score_rule`] for another policy.
pub fn is_tested(subject: Subject, grade: Grade, moment: Moment) -> bool {
    score_rule(subject, grade, moment, IctTest::default()).carries_score()
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
        // Tin học và Công nghệ: one form or the other, checked below.
        if !is_ict(e.subject) && !seen.contains(e.subject) {
            sink.emit(
                RuleCode::SubjectMissing,
                format_args!("subjects"),
                Params::subject(e.subject, grade),
            );
        }
    }
    let form = ict_year_end(record, seen, sink);
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
        if entry(TinHocCongNghe, grade).is_some() {
            ict_mixed(&p.subjects, Some(j), form, sink);
        }
    }
}

/// How a list of subject rows carries Tin học và Công nghệ.
#[derive(Clone, Copy, PartialEq, Eq)]
enum IctForm {
    /// The combined row of format 1.
    Combined,
    /// The two rows Tin học and Công nghệ (or one of them).
    Parts,
}

/// The year-end rows of Tin học và Công nghệ, where the grade has the subject: one form
/// only (`ict_rows_mixed`), both parts when the parts are used (`subject_missing` for the
/// other), one of the forms at all (`subject_missing` for the subject), and the two rows
/// rather than the combined one in a record that carries the national format's fields
/// (`ict_combined_row`). Returns the form the year end uses (none when mixed or absent).
fn ict_year_end(record: &YearRecord, seen: SubjectSet, sink: &mut Sink<'_>) -> Option<IctForm> {
    let grade = record.grade;
    entry(TinHocCongNghe, grade)?;
    let combined = seen.contains(TinHocCongNghe);
    let parts = ICT_PARTS.map(|p| seen.contains(p));
    let missing = |subject, sink: &mut Sink<'_>| {
        sink.emit(
            RuleCode::SubjectMissing,
            format_args!("subjects"),
            Params::subject(subject, grade),
        );
    };
    match (combined, parts) {
        (false, [false, false]) => {
            missing(TinHocCongNghe, sink);
            None
        }
        (false, [tin_hoc, cong_nghe]) => {
            if !tin_hoc {
                missing(TinHoc, sink);
            }
            if !cong_nghe {
                missing(CongNghe, sink);
            }
            Some(IctForm::Parts)
        }
        (true, [false, false]) => {
            if national::uses_national_fields(record)
                && let Some(i) = record
                    .subjects
                    .iter()
                    .position(|s| s.subject == TinHocCongNghe)
            {
                let at = SubjectPath {
                    periodic: None,
                    index: i,
                    field: "subject",
                };
                sink.emit(
                    RuleCode::IctCombinedRow,
                    at,
                    Params::subject(TinHocCongNghe, grade),
                );
            }
            Some(IctForm::Combined)
        }
        (true, _) => {
            ict_mixed(&record.subjects, None, None, sink);
            None
        }
    }
}

/// `ict_rows_mixed` on the first row of `subjects` whose form of Tin học và Công nghệ differs
/// from `form` (the year end's) or, without one, from the list's own first ICT row.
fn ict_mixed(
    subjects: &[SubjectResult],
    periodic: Option<usize>,
    form: Option<IctForm>,
    sink: &mut Sink<'_>,
) {
    let form_of = |s: Subject| {
        if s == TinHocCongNghe {
            IctForm::Combined
        } else {
            IctForm::Parts
        }
    };
    let mut expected = form;
    for (index, s) in subjects
        .iter()
        .enumerate()
        .filter(|(_, s)| is_ict(s.subject))
    {
        let f = form_of(s.subject);
        match expected {
            None => expected = Some(f),
            Some(e) if e != f => {
                let at = SubjectPath {
                    periodic,
                    index,
                    field: "subject",
                };
                sink.emit(
                    RuleCode::IctRowsMixed,
                    at,
                    Params {
                        subject: Some(TinHocCongNghe),
                        ..Params::default()
                    },
                );
                return;
            }
            Some(_) => {}
        }
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
