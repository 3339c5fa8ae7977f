//! Kind `validate`: TT27 validation of a year record or a transcript (JSON form). Each case
//! adds `type` (`year_record` / `transcript`), `violations` (every violation code the
//! validator reports under the default policy, in report order) and, for a year record,
//! `derived` (the Điều 9.2.a result code, or null when the rule set does not apply or a criterion of Điều 9.2.a cannot be judged).
//! `expect` is `{"ok": true}` when there is no error, else `{"ok": false, "error": <code of
//! the first error>}`.

use std::io;
use std::path::Path;

use hocba_core::model::{
    Award, AwardKind, Date, Grade, GroupComments, LookupCode, Moment, PersonalId, Promotion,
    Quality, Score, Subject, SubjectLevel, SubjectResult, SupplementaryAssessment, Text,
    Transcript, YearRecord, YearResult, to_json_pretty, transcript_from_json,
    year_record_from_json,
};
use hocba_core::rules::{Policy, Report, curriculum, fill_derived, validate, validate_transcript};
use hocba_core::synth;
use serde_json::Value;

use super::Kind;
use crate::vectors::{Case, Expect, Out, read};

/// The kind.
pub const KIND: Kind = Kind {
    name: "validate",
    generate,
    run,
};

enum Doc {
    Year(Box<YearRecord>),
    Transcript(Box<Transcript>),
}

impl Doc {
    fn ty(&self) -> &'static str {
        match self {
            Doc::Year(_) => "year_record",
            Doc::Transcript(_) => "transcript",
        }
    }

    fn json(&self) -> String {
        match self {
            Doc::Year(r) => to_json_pretty(r),
            Doc::Transcript(t) => to_json_pretty(t),
        }
    }

    fn validate(&self) -> Report {
        match self {
            Doc::Year(r) => validate(r, &Policy::default()),
            Doc::Transcript(t) => validate_transcript(t, &Policy::default()),
        }
    }
}

/// A year record of `grade` in 2024–2025 with every subject T (score 10 where tested),
/// every quality and competency Tốt, derived values filled in: no violation at all.
fn clean(grade: u8) -> YearRecord {
    let g = Grade::try_from(grade).expect("1..=5");
    let mut r = synth::class(11, g, 2024, 1).remove(0);
    for s in &mut r.subjects {
        s.level = SubjectLevel::Good;
        s.score = curriculum::is_tested(s.subject, g, Moment::EndOfYear)
            .then(|| Score::try_from(10).expect("valid"));
    }
    r.qualities
        .iter_mut()
        .for_each(|q| q.level = hocba_core::model::QualityLevel::Good);
    r.competencies
        .iter_mut()
        .for_each(|c| c.level = hocba_core::model::QualityLevel::Good);
    r.awards.clear();
    r.completion.supplementary = None;
    fill_derived(&mut r);
    r
}

/// Issued on 15 August, after an additional assessment held in the summer (an issued record
/// cannot report a later event: `date_after_issue`, ADR 0265).
fn issued_after_summer(r: &mut YearRecord) {
    if let Some(i) = &mut r.issuance {
        i.issued_at = Some(date_time("2025-08-15T15:00:00+07:00"));
    }
}

fn date_time(s: &str) -> hocba_core::model::DateTime {
    s.parse().expect("valid date-time")
}

fn subject(r: &mut YearRecord, s: Subject) -> &mut hocba_core::model::SubjectResult {
    r.subjects
        .iter_mut()
        .find(|x| x.subject == s)
        .expect("subject present")
}

fn score(v: u8) -> Option<Score> {
    Some(Score::try_from(v).expect("0..=10"))
}

fn text(s: &str) -> Option<Text> {
    Some(Text::new(s).expect("short NFC"))
}

fn year(grade: u8, edit: impl FnOnce(&mut YearRecord)) -> Doc {
    let mut r = clean(grade);
    edit(&mut r);
    Doc::Year(Box::new(r))
}

fn cohort(pupil: usize) -> Transcript {
    synth::cohort(&synth::CohortSpec {
        seed: 42,
        pupils: 4,
        first_year: 2020,
    })
    .swap_remove(pupil)
}

fn transcript(pupil: usize, edit: impl FnOnce(&mut Transcript)) -> Doc {
    let mut t = cohort(pupil);
    edit(&mut t);
    Doc::Transcript(Box::new(t))
}

/// What a document is meant to show: `None` valid, `Some(code)` the first error.
type Intent = Option<&'static str>;

/// The documents of this kind: (name, description, intent, document). The generator fails
/// when the validator's outcome is not the intent, so a vector never records a regression.
fn documents() -> Vec<(&'static str, &'static str, Intent, Doc)> {
    vec![
        (
            "year_clean_grade_1",
            "Grade 1, all top levels, scores only in Tiếng Việt and Toán (Điều 7.1.b): valid, Hoàn thành xuất sắc.",
            None,
            year(1, |_| {}),
        ),
        (
            "year_clean_grade_3",
            "Grade 3 (Ngoại ngữ 1 and Tin học và Công nghệ tested): valid.",
            None,
            year(3, |_| {}),
        ),
        (
            "year_clean_grade_5",
            "Grade 5 with Hoàn thành chương trình tiểu học (Điều 11.2): valid.",
            None,
            year(5, |_| {}),
        ),
        (
            "year_synth_grade_4",
            "A realistic synthetic grade-4 year (seed 1) with mid-year results: valid.",
            None,
            Doc::Year(Box::new(synth::year_record(1))),
        ),
        (
            "year_8_in_toan_recorded_htxs",
            "Worked example: 8 in Toán, 9–10 elsewhere, all T/Tốt is Hoàn thành tốt; recorded as xuất sắc with its title (Điều 9.2.a, 13.1.a).",
            Some("result_mismatch"),
            year(4, |r| {
                subject(r, Subject::Toan).score = score(8);
                subject(r, Subject::TiengViet).score = score(9);
            }),
        ),
        (
            "year_8_in_toan_htt",
            "Worked example: 8 in Toán and 9–10 elsewhere recorded as Hoàn thành tốt: valid (Điều 9.2.a).",
            None,
            year(4, |r| {
                subject(r, Subject::Toan).score = score(8);
                subject(r, Subject::TiengViet).score = score(9);
                fill_derived(r);
            }),
        ),
        (
            "year_h_in_am_nhac_recorded_htt",
            "Worked example: one H in Âm nhạc rules out HTXS and HTT; recorded as Hoàn thành tốt (Điều 9.2.a).",
            Some("result_mismatch"),
            year(3, |r| {
                subject(r, Subject::AmNhac).level = SubjectLevel::Completed;
                fill_derived(r);
                r.result = YearResult::Good;
            }),
        ),
        (
            "year_h_in_am_nhac_ht",
            "Worked example: one H in Âm nhạc, recorded as Hoàn thành: valid (Điều 9.2.a).",
            None,
            year(3, |r| {
                subject(r, Subject::AmNhac).level = SubjectLevel::Completed;
                fill_derived(r);
            }),
        ),
        (
            "year_score_4_not_average",
            "One score of 4 with every other 10: Chưa hoàn thành, thresholds are per subject (Điều 9.2.a); recorded as completed.",
            Some("result_mismatch"),
            year(4, |r| {
                subject(r, Subject::KhoaHoc).score = score(4);
                r.result = YearResult::Completed;
                r.awards.clear();
            }),
        ),
        (
            "year_score_missing",
            "Grade 3 Ngoại ngữ 1 without its end-of-year score (Điều 7.1.b).",
            Some("score_missing"),
            year(3, |r| {
                subject(r, Subject::NgoaiNgu1).score = None;
            }),
        ),
        (
            "year_score_unexpected",
            "A score for Đạo đức, which has no periodic test (Điều 7.1.b).",
            Some("score_unexpected"),
            year(2, |r| {
                subject(r, Subject::DaoDuc).score = score(9);
            }),
        ),
        (
            "year_midterm_score_missing",
            "Grade 5 mid-term I Toán without a score (Điều 7.1.b, grades 4–5).",
            Some("score_missing"),
            year(5, |r| {
                let p = r
                    .periodic
                    .iter_mut()
                    .find(|p| p.moment == Moment::MidTerm1)
                    .expect("ghk1");
                p.subjects
                    .iter_mut()
                    .find(|s| s.subject == Subject::Toan)
                    .expect("toan")
                    .score = None;
            }),
        ),
        (
            "year_score_zero_warning",
            "A score of 0 (Điều 7.1.d; 0 is UNCONFIRMED): a warning, the record stays valid.",
            None,
            year(3, |r| {
                let t = subject(r, Subject::Toan);
                t.score = score(0);
                t.level = SubjectLevel::NotCompleted;
                t.comment = text("Cần luyện thêm phép nhân.");
                r.completion.supplementary = Some(SupplementaryAssessment {
                    completed: true,
                    date: Date::from_ymd(2025, 8, 10).ok(),
                    comment: text("Đã hoàn thành sau khi được hỗ trợ."),
                });
                issued_after_summer(r);
                fill_derived(r);
            }),
        ),
        (
            "year_subject_not_in_grade",
            "Khoa học in grade 3 (TT32/2018).",
            Some("subject_not_in_grade"),
            year(3, |r| {
                let mut s = r.subjects[0].clone();
                s.subject = Subject::KhoaHoc;
                s.score = None;
                r.subjects.push(s);
            }),
        ),
        (
            "year_subject_missing",
            "Grade 4 without Lịch sử và Địa lí (TT32/2018).",
            Some("subject_missing"),
            year(4, |r| {
                r.subjects.retain(|s| s.subject != Subject::LichSuDiaLi);
            }),
        ),
        (
            "year_quality_missing",
            "Trung thực not rated (Điều 7.2).",
            Some("quality_missing"),
            year(2, |r| {
                r.qualities.retain(|q| q.quality != Quality::Honesty);
            }),
        ),
        (
            "year_competencies_missing_grade_1",
            "Grade 1 without Công nghệ and Tin học: required under the default policy (Điều 7.2).",
            Some("competency_missing"),
            year(1, |r| {
                r.competencies.truncate(6);
                r.competencies
                    .extend(clean(1).competencies.into_iter().skip(8));
            }),
        ),
        (
            "year_supplementary_missing",
            "Chưa hoàn thành without the additional assessment (Điều 11.1.b).",
            Some("supplementary_missing"),
            year(3, |r| {
                let s = subject(r, Subject::TiengViet);
                s.level = SubjectLevel::NotCompleted;
                fill_derived(r);
            }),
        ),
        (
            "year_retained_by_principal",
            "Chưa hoàn thành, still not completed after the additional assessment, retained by the principal (Điều 11.1.c): valid.",
            None,
            year(2, |r| {
                subject(r, Subject::TiengViet).level = SubjectLevel::NotCompleted;
                r.completion.supplementary = Some(SupplementaryAssessment {
                    completed: false,
                    date: Date::from_ymd(2025, 8, 10).ok(),
                    comment: text("Chưa đạt yêu cầu đọc hiểu."),
                });
                issued_after_summer(r);
                r.completion.promotion = Promotion::Retained;
                fill_derived(r);
            }),
        ),
        (
            "year_exemplary_for_ht",
            "\"Học sinh Tiêu biểu…\" for a pupil whose result is Hoàn thành (Điều 13.1.a).",
            Some("award_exemplary_requires_htt"),
            year(3, |r| {
                subject(r, Subject::MiThuat).level = SubjectLevel::Completed;
                fill_derived(r);
                r.awards.push(Award {
                    kind: AwardKind::Exemplary,
                    description: text("Tiến bộ rõ rệt, được tập thể lớp công nhận."),
                });
            }),
        ),
        (
            "year_primary_completion_missing",
            "Grade 5 completed without \"Hoàn thành chương trình tiểu học\" (Điều 11.2).",
            Some("primary_completion_mismatch"),
            year(5, |r| {
                r.completion.primary_completed = false;
            }),
        ),
        (
            "year_personal_id_missing",
            "No personal identification number: a warning, valid.",
            None,
            year(3, |r| {
                r.pupil.personal_id = None;
            }),
        ),
        (
            "year_personal_id_century_gender",
            "The ID's century/gender digit says the other gender (NĐ 137/2015; UNCONFIRMED mapping): a warning.",
            None,
            year(3, |r| {
                let id = r
                    .pupil
                    .personal_id
                    .as_ref()
                    .expect("id")
                    .as_str()
                    .to_owned();
                let d = id.as_bytes()[3] - b'0';
                let flipped = format!("{}{}{}", &id[..3], d ^ 1, &id[4..]);
                r.pupil.personal_id = PersonalId::try_from(flipped).ok();
            }),
        ),
        (
            "year_rule_set_not_in_force",
            "TT27 for grade 4 in 2022–2023, a TT22/2016 year (TT27 roadmap).",
            Some("rule_set_not_in_force"),
            year(4, |r| {
                r.school_year = hocba_core::model::SchoolYear::starting(2022).expect("valid");
                r.pupil.date_of_birth = Date::from_ymd(2013, 6, 1).expect("valid");
                r.pupil.personal_id = None;
            }),
        ),
        (
            "year_rule_set_tt22",
            "A record naming TT22/2016, which hocba does not implement.",
            Some("rule_set_not_implemented"),
            year(3, |r| {
                r.rule_set = Text::new("TT22/2016").expect("short");
            }),
        ),
        (
            "year_rule_set_unknown",
            "A record naming an unknown rule set.",
            Some("rule_set_unknown"),
            year(3, |r| {
                r.rule_set = Text::new("TT99/2031").expect("short");
            }),
        ),
        (
            "year_ict_rows_mixed",
            "Grade 4 with Tin học và Công nghệ both as the combined row and as its two rows (TT32/2018; CV 2088 Phụ lục 2).",
            Some("ict_rows_mixed"),
            year(4, |r| {
                r.subjects.push(SubjectResult {
                    subject: Subject::TinHocCongNghe,
                    language: None,
                    level: SubjectLevel::Good,
                    score: score(10),
                    retest: false,
                    comment: None,
                });
            }),
        ),
        (
            "year_ict_part_missing",
            "Grade 3 with Tin học but no Công nghệ row: subject_missing for the missing part.",
            Some("subject_missing"),
            year(3, |r| {
                r.subjects.retain(|s| s.subject != Subject::CongNghe);
            }),
        ),
        (
            "year_ict_combined_row",
            "Grade 5 with the format 1 combined row in a record with national fields: a warning suggesting the two rows, valid.",
            None,
            year(5, |r| {
                let at = r
                    .subjects
                    .iter()
                    .position(|s| s.subject == Subject::TinHoc)
                    .expect("two rows");
                r.subjects
                    .retain(|s| !matches!(s.subject, Subject::TinHoc | Subject::CongNghe));
                r.subjects.insert(
                    at,
                    SubjectResult {
                        subject: Subject::TinHocCongNghe,
                        language: None,
                        level: SubjectLevel::Good,
                        score: score(10),
                        retest: false,
                        comment: None,
                    },
                );
                r.periodic.clear();
            }),
        ),
        (
            "year_ict_no_score",
            "Grade 4 with neither Tin học nor Công nghệ scored at year end (Điều 7.1.b; policy ict_periodic_test = either).",
            Some("score_missing"),
            year(4, |r| {
                subject(r, Subject::TinHoc).score = None;
                subject(r, Subject::CongNghe).score = None;
            }),
        ),
        (
            "year_ict_one_part_scored",
            "Grade 4 with a score on Công nghệ only (policy ict_periodic_test = either): valid.",
            None,
            year(4, |r| {
                subject(r, Subject::TinHoc).score = None;
            }),
        ),
        (
            "year_national_fields_missing",
            "No lookup code, no group comments (CV 2088 Phụ lục 1.1): warnings, valid under TT27.",
            None,
            year(3, |r| {
                r.lookup_code = None;
                r.comments = GroupComments::default();
            }),
        ),
        (
            "year_absences_implausible",
            "More sessions absent than a school year has (35 weeks × 5 days × 2 sessions): a warning.",
            None,
            year(2, |r| {
                r.absences_excused = Some(300);
                r.absences_unexcused = Some(60);
            }),
        ),
        (
            "transcript_regular",
            "A synthetic five-year transcript: valid.",
            None,
            transcript(0, |_| {}),
        ),
        (
            "transcript_transfer",
            "A transfer at grade 3 recorded as chuyển đến (TT 28/2020 Điều 36): valid.",
            None,
            transcript(1, |_| {}),
        ),
        (
            "transcript_retained",
            "Grade 2 twice after the principal's decision (Điều 11.1.c): valid.",
            None,
            transcript(2, |_| {}),
        ),
        (
            "year_issued_before_created",
            "NGAY_KY_PHAT_HANH_HOC_BA before NGAY_TAO_HOC_BA: a record cannot be issued before it exists (ADR 0265).",
            Some("issued_before_created"),
            year(4, |r| {
                let i = r.issuance.as_mut().expect("synthetic records are dated");
                i.issued_at = Some(date_time("2025-05-20T15:00:00+07:00"));
            }),
        ),
        (
            "year_born_after_school_year",
            "A pupil born after the school year began (ADR 0265).",
            Some("birth_date_after_school_year"),
            year(1, |r| {
                r.pupil.date_of_birth = Date::from_ymd(2024, 9, 2).expect("valid");
            }),
        ),
        (
            "year_moved_in_after_issue",
            "A school-path row moved in after the record was issued (ADR 0265).",
            Some("date_after_issue"),
            year(4, |r| {
                r.history = vec![hocba_core::model::SchoolStep {
                    school_year: r.school_year,
                    class_name: r.class_name.clone(),
                    school_name: r.school.name.clone(),
                    moved_in_on: Some(Date::from_ymd(2025, 5, 30).expect("valid")),
                }];
            }),
        ),
        (
            "year_made_in_april",
            "Made on 24 April, before the school year can have ended: a warning of the policy school_calendar (ADR 0265).",
            None,
            year(4, |r| {
                let i = r.issuance.as_mut().expect("synthetic records are dated");
                i.created_at = date_time("2025-04-24T09:00:00+07:00");
            }),
        ),
        (
            "transcript_supplementary",
            "Completed grade 3 after the additional assessment (Điều 11.1.b): valid.",
            None,
            transcript(3, |_| {}),
        ),
        (
            "transcript_duplicate_year",
            "A correction (with its new lookup code) added next to the record it supersedes.",
            Some("school_year_duplicate"),
            transcript(0, |t| {
                let mut y = t.years[2].clone();
                // A correction is a new record: it gets a new lookup code (CV 2088).
                y.lookup_code = Some(LookupCode::from_random_bytes([7; 16]));
                t.years.insert(3, y);
            }),
        ),
        (
            "transcript_lookup_code_duplicate",
            "Two school years with one lookup code MA_TRA_CUU_UUID (CV 2088 §1: one code per record).",
            Some("lookup_code_duplicate"),
            transcript(0, |t| {
                t.years[3].lookup_code = t.years[1].lookup_code;
            }),
        ),
        (
            "transcript_grade_progression",
            "Promoted by the principal, yet the next year repeats grade 2 (Điều 11.1.c).",
            Some("grade_progression_mismatch"),
            transcript(2, |t| {
                let i = t
                    .years
                    .iter()
                    .position(|y| y.completion.promotion == Promotion::Retained)
                    .expect("retained year");
                t.years[i].completion.promotion = Promotion::Promoted;
            }),
        ),
        (
            "transcript_transfer_not_recorded",
            "A change of school without a chuyển đến row (TT 28/2020 Điều 36).",
            Some("transfer_not_recorded"),
            transcript(1, |t| {
                for e in &mut t.enrolments {
                    e.admission = hocba_core::model::Admission::Admitted;
                }
            }),
        ),
        (
            "transcript_other_pupil",
            "A year of another pupil (different birth date) in the transcript.",
            Some("pupil_mismatch"),
            transcript(0, |t| {
                let d = t.years[1].pupil.date_of_birth.get();
                t.years[1].pupil.date_of_birth =
                    Date::from(d.next_day().expect("not the last day"));
            }),
        ),
    ]
}

fn violation_codes(report: &Report) -> Vec<Value> {
    report
        .violations
        .iter()
        .map(|v| Value::from(v.code))
        .collect()
}

fn expect_of(report: &Report) -> Expect {
    match report.first_error() {
        None => Expect::ok(),
        Some(v) => Expect::error(v.code),
    }
}

fn derived_of(report: &Report) -> Value {
    report
        .derived()
        .map_or(Value::Null, |d| Value::from(d.result.code()))
}

fn generate(out: &mut Out) -> io::Result<()> {
    for (name, description, intent, doc) in documents() {
        let rel = format!("validate/{name}.json");
        let mut json = doc.json();
        json.push('\n');
        out.write(&rel, json.as_bytes())?;
        let report = doc.validate();
        let first = report.first_error().map(|v| v.code);
        if first != intent {
            return Err(io::Error::other(format!(
                "validate/{name}: meant to give {intent:?}, the validator gives {first:?}"
            )));
        }
        let mut extra = serde_json::Map::new();
        extra.insert("type".into(), doc.ty().into());
        extra.insert("violations".into(), Value::Array(violation_codes(&report)));
        if matches!(doc, Doc::Year(_)) {
            extra.insert("derived".into(), derived_of(&report));
        }
        out.case(Case {
            id: format!("validate/{name}"),
            description: description.to_owned(),
            kind: KIND.name.to_owned(),
            input: rel,
            expect: expect_of(&report),
            extra,
        });
    }
    Ok(())
}

fn run(root: &Path, case: &Case) -> Result<(), String> {
    let bytes = read(root, &case.input)?;
    let text = std::str::from_utf8(&bytes).map_err(|e| format!("not UTF-8: {e}"))?;
    let doc = match case.field("type")? {
        "transcript" => Doc::Transcript(Box::new(
            transcript_from_json(text).map_err(|e| format!("cannot read: {e}"))?,
        )),
        _ => Doc::Year(Box::new(
            year_record_from_json(text).map_err(|e| format!("cannot read: {e}"))?,
        )),
    };
    let report = doc.validate();
    let got = expect_of(&report);
    if got != case.expect {
        return Err(format!("expected {:?}, got {:?}", case.expect, got));
    }
    let want = case.extra.get("violations").cloned().unwrap_or(Value::Null);
    let got = Value::Array(violation_codes(&report));
    if got != want {
        return Err(format!("violations: expected {want}, got {got}"));
    }
    if let Some(want) = case.extra.get("derived") {
        let got = derived_of(&report);
        if &got != want {
            return Err(format!("derived result: expected {want}, got {got}"));
        }
    }
    Ok(())
}
