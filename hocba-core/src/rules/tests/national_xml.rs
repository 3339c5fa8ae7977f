//! Records read from the national XML (ADR 0242, 0243): what the format cannot carry (the
//! additional assessment, the principal's decision: TT27 Điều 11.1.b, 11.1.c) is never an
//! error, what its flags carry is read, and the completion sentence must not contradict the
//! flags (Điều 11.1, 11.2).

use super::*;
use crate::moet;

fn xml_of(r: &YearRecord) -> String {
    String::from_utf8(moet::to_xml(r, &moet::Profile::default())).unwrap()
}

fn national_report(xml: &str) -> (YearRecord, Report) {
    let (record, facts) = moet::read_national(xml.as_bytes(), &moet::Profile::default()).unwrap();
    let report = validate_national(&record, &facts, &Policy::default());
    (record, report)
}

fn codes(report: &Report) -> Vec<(&'static str, String)> {
    report
        .violations
        .iter()
        .map(|v| (v.code, v.path.clone()))
        .collect()
}

/// A clean grade 4 record whose year-end result is Chưa hoàn thành (Toán C), with the
/// additional assessment's `outcome` and the matching completion (as `fill_derived` writes it).
fn not_completed(outcome: bool, promotion: Promotion) -> YearRecord {
    let mut r = clean(4);
    let toan = r
        .subjects
        .iter_mut()
        .find(|s| s.subject == Subject::Toan)
        .unwrap();
    toan.level = SubjectLevel::NotCompleted;
    toan.comment = Some(Text::from_nfc("Cần luyện thêm phép chia.").unwrap());
    r.completion.supplementary = Some(SupplementaryAssessment {
        completed: outcome,
        date: Some(Date::try_from("2025-07-20".to_owned()).unwrap()),
        comment: Some(Text::from_nfc("Đánh giá bổ sung trong hè.").unwrap()),
    });
    r.completion.promotion = promotion;
    fill_derived(&mut r);
    assert_eq!(r.result, YearResult::NotCompleted);
    r
}

#[test]
fn retained_pupil_is_valid_in_national_xml() {
    let r = not_completed(false, Promotion::Retained);
    assert!(validate(&r, &Policy::default()).is_ok());
    let (back, report) = national_report(&xml_of(&r));
    assert!(report.is_ok(), "{:?}", codes(&report));
    assert_eq!(
        codes(&report),
        [(
            "supplementary_not_carried",
            "completion.supplementary".into()
        )]
    );
    assert_eq!(report.violations[0].severity, Severity::Info);
    // The same record judged as if it were a JSON record: the error the format cannot avoid.
    assert!(
        validate(&back, &Policy::default())
            .errors()
            .any(|v| v.code == "supplementary_missing")
    );
    // What is lost is named.
    let lost = moet::not_carried(&r, &moet::Profile::default());
    for path in ["completion.principal_decision", "completion.supplementary"] {
        assert!(lost.iter().any(|p| p == path), "{path}: {lost:?}");
    }
}

#[test]
fn promoted_by_the_principal_is_valid_in_national_xml() {
    let r = not_completed(false, Promotion::Promoted);
    assert!(validate(&r, &Policy::default()).is_ok());
    let (_, report) = national_report(&xml_of(&r));
    assert!(report.is_ok(), "{:?}", codes(&report));
    assert_eq!(
        codes(&report),
        [(
            "supplementary_not_carried",
            "completion.supplementary".into()
        )]
    );
}

/// Chưa hoàn thành with "đã hoàn thành chương trình lớp học": the flag carries the outcome of
/// the additional assessment (Điều 11.1.a, 11.1.b), which the reader maps.
#[test]
fn completed_after_the_additional_assessment_is_read_and_valid() {
    let r = not_completed(true, Promotion::Promoted);
    assert!(r.completion.class_completed);
    assert!(validate(&r, &Policy::default()).is_ok());
    let (back, report) = national_report(&xml_of(&r));
    assert!(report.violations.is_empty(), "{:?}", codes(&report));
    assert_eq!(
        back.completion.supplementary,
        Some(SupplementaryAssessment {
            completed: true,
            date: None,
            comment: None
        })
    );
    // Plain validation of the record read back (the JSON it converts to) is valid too: only
    // the per-row comment the format does not carry is missing.
    let plain = validate(&back, &Policy::default());
    assert!(plain.is_ok());
    assert!(plain.violations.iter().all(|v| v.code == "comment_missing"));
    let lost: Vec<String> = moet::not_carried(&r, &moet::Profile::default())
        .into_iter()
        .filter(|p| p.starts_with("completion"))
        .collect();
    assert_eq!(
        lost,
        [
            "completion.supplementary.comment",
            "completion.supplementary.date"
        ]
    );
}

/// Every rule that needs no absent information still holds: a completing result recorded as
/// not completed is an error in the national XML as in JSON (Điều 11.1.a).
#[test]
fn what_the_format_carries_is_still_checked() {
    let mut r = clean(4);
    r.completion.class_completed = false;
    let (_, report) = national_report(&xml_of(&r));
    assert!(
        report
            .errors()
            .any(|v| v.code == "class_completion_mismatch")
    );
    assert!(
        !report
            .violations
            .iter()
            .any(|v| v.code == "supplementary_not_carried")
    );
}

/// Every synthetic record (all four paths of the cohort, every grade) valid in JSON is valid in
/// the national XML, with `supplementary_not_carried` as the only new finding.
#[test]
fn valid_in_json_is_valid_in_national_xml() {
    let spec = synth::CohortSpec {
        seed: 7,
        pupils: 12,
        first_year: 2020,
    };
    let mut compared = 0;
    let mut not_carried = 0;
    for t in synth::cohort(&spec) {
        for r in &t.years {
            let json = validate(r, &Policy::default());
            if !json.is_ok() {
                continue;
            }
            compared += 1;
            let (_, xml) = national_report(&xml_of(r));
            assert!(xml.is_ok(), "{:?}", codes(&xml));
            let before: Vec<&str> = json.violations.iter().map(|v| v.code).collect();
            for v in &xml.violations {
                if !before.contains(&v.code) {
                    assert_eq!(v.code, "supplementary_not_carried");
                    assert_eq!(v.severity, Severity::Info);
                    not_carried += 1;
                }
            }
        }
    }
    assert!(compared >= 50, "{compared}");
    assert!(not_carried >= 1, "the retained pupil's years are compared");
}

/// (sentence, expected (code, path)): the sentence edited in a clean grade 4 record (completed,
/// promoted) read from the national XML.
#[test]
fn completion_sentence_against_the_flags() {
    let r = clean(4);
    let xml = xml_of(&r);
    let written = "Hoàn thành chương trình lớp 4; Được lên lớp 5.";
    assert!(xml.contains(written));
    let m = "completion_sentence_mismatch";
    let table: &[(&str, &[(&str, &str)])] = &[
        (written, &[]),
        ("Hoàn thành chương trình lớp học; được lên lớp.", &[]),
        ("Học sinh tiến bộ.", &[]),
        (
            "Chưa hoàn thành chương trình lớp 4; Ở lại lớp.",
            &[
                (m, "completion.class_completed"),
                (m, "completion.promotion"),
            ],
        ),
        (
            "Hoàn thành chương trình lớp 4; Ở lại lớp 4.",
            &[(m, "completion.promotion")],
        ),
        (
            "Hoàn thành chương trình lớp 3; Được lên lớp 4.",
            &[(m, "grade")],
        ),
        ("Hoàn thành chương trình lớp 4; Được lên lớp 6.", &[]),
        (
            "Hoàn thành chương trình tiểu học.",
            &[(m, "completion.primary_completed")],
        ),
    ];
    for (sentence, want) in table {
        let edited = xml.replace(written, sentence);
        let (_, report) = national_report(&edited);
        let want: Vec<(&str, String)> = want.iter().map(|(c, p)| (*c, (*p).to_owned())).collect();
        assert_eq!(codes(&report), want, "{sentence}");
        for v in &report.violations {
            assert_eq!(v.severity, Severity::Error);
            assert!(!v.message_vi.contains(sentence) && !v.message_en.contains(sentence));
        }
    }
    // No sentence at all: nothing to compare.
    let without = xml.replace(
        &format!("<NOI_DUNG_HOAN_THANH_CHUONG_TRINH>{written}</NOI_DUNG_HOAN_THANH_CHUONG_TRINH>"),
        "",
    );
    assert!(national_report(&without).1.violations.is_empty());
    // Plain validation does not know the sentence: the finding is the national reader's.
    let contradicting = xml.replace(written, "Chưa hoàn thành chương trình lớp 4; Ở lại lớp.");
    let plain = moet::from_xml(contradicting.as_bytes(), &moet::Profile::default()).unwrap();
    assert!(validate(&plain, &Policy::default()).violations.is_empty());
}

/// A retained pupil (Chưa hoàn thành, not completed, not promoted) whose sentence says so.
#[test]
fn completion_sentence_of_a_retained_pupil() {
    let r = not_completed(false, Promotion::Retained);
    let xml = xml_of(&r);
    let written = "Chưa hoàn thành chương trình lớp 4; Ở lại lớp 4.";
    assert!(xml.contains(written));
    let (_, report) = national_report(&xml);
    assert!(
        !report
            .violations
            .iter()
            .any(|v| v.code == "completion_sentence_mismatch")
    );
    let (_, report) =
        national_report(&xml.replace(written, "Hoàn thành chương trình lớp 4; Được lên lớp 5."));
    let got: Vec<String> = report
        .violations
        .iter()
        .filter(|v| v.code == "completion_sentence_mismatch")
        .map(|v| v.path.clone())
        .collect();
    assert_eq!(got, ["completion.class_completed", "completion.promotion"]);
}

/// Verification's content checks of a signed national XML use the national judgement
/// (`ContentCheck::check_national_year`): no blocking finding for what the format cannot carry.
#[test]
fn verification_checks_judge_a_national_record_as_validate_national() {
    use crate::envelope::ContentCheck;
    let r = not_completed(false, Promotion::Retained);
    let (back, facts) = moet::read_national(
        &moet::to_xml(&r, &moet::Profile::default()),
        &moet::Profile::default(),
    )
    .unwrap();
    let checks = Tt27Checks::default();
    assert!(
        checks
            .check_year(&back)
            .iter()
            .any(|f| f.code == "supplementary_missing" && f.blocking)
    );
    let national = checks.check_national_year(&back, &facts);
    assert!(national.iter().all(|f| !f.blocking));
    assert!(
        national
            .iter()
            .any(|f| f.code == "supplementary_not_carried")
    );
}

/// ADR 0261: a record read from the national XML carries its origin, and `validate_from` judges
/// it as `validate_bytes` judges the bytes; the same record in JSON is judged by every rule.
#[test]
fn the_origin_read_with_a_record_decides_its_rules() {
    let r = not_completed(false, Promotion::Retained);
    let xml = xml_of(&r);
    let policy = Policy::default();
    let (doc, encoding, origin) = crate::Document::decode_with_origin(xml.as_bytes()).unwrap();
    assert_eq!(encoding, crate::Encoding::Xml);
    let (_, facts) = moet::read_national(xml.as_bytes(), &moet::Profile::default()).unwrap();
    assert_eq!(origin, Origin::NationalXml(facts));
    let crate::Document::YearRecord(back) = doc else {
        panic!("a year record")
    };
    let from = validate_from(&back, &origin, &policy);
    assert_eq!(
        codes(&from),
        codes(&validate_bytes(xml.as_bytes(), &policy).unwrap())
    );
    assert!(from.is_ok() && from.has("supplementary_not_carried"));
    let json = crate::model::to_json_pretty(&*back);
    let (doc, _, origin) = crate::Document::decode_with_origin(json.as_bytes()).unwrap();
    assert_eq!(origin, Origin::Model);
    let crate::Document::YearRecord(same) = doc else {
        panic!("a year record")
    };
    assert!(validate_from(&same, &origin, &policy).has("supplementary_missing"));
}

/// A `DANH_SACH_HOC_BA` is judged record by record for what the format carries: one pupil's
/// years as that pupil's (paths `years[i].…`, the rules across years), several pupils'
/// records each on its own (paths `records[i].…`), a lookup code given twice refused.
#[test]
fn a_national_list_is_judged_record_by_record() {
    let t = crate::synth::demo_transcript();
    let p = moet::Profile::default();
    let list = moet::to_xml_list(&t.years, &p);
    let report = validate_bytes(&list, &Policy::default()).unwrap();
    assert!(report.is_ok(), "{:?}", codes(&report));
    assert_eq!(report.derived.len(), t.years.len());

    // One pupil's years out of order: the rule across years speaks, on `years[i]`.
    let swapped = [t.years[1].clone(), t.years[0].clone()];
    let report = validate_bytes(&moet::to_xml_list(&swapped, &p), &Policy::default()).unwrap();
    assert!(!report.is_ok());
    assert!(
        report
            .violations
            .iter()
            .all(|v| v.path.is_empty() || v.path.starts_with("years[")),
        "{:?}",
        codes(&report)
    );

    // A retained pupil beside another pupil: national judgement per record, `records[i]`.
    let retained = not_completed(false, Promotion::Retained);
    let other = crate::synth::transcript(7, crate::synth::Path::Regular).years[3].clone();
    let school = moet::to_xml_list(&[other.clone(), retained], &p);
    let report = validate_bytes(&school, &Policy::default()).unwrap();
    assert!(report.is_ok(), "{:?}", codes(&report));
    assert_eq!(
        codes(&report),
        [(
            "supplementary_not_carried",
            "records[1].completion.supplementary".into()
        )]
    );

    // The same lookup code on two records of a submission.
    let mut twin = other.clone();
    twin.pupil.full_name = Text::from_nfc("Lê Thị Mai").unwrap();
    twin.pupil.personal_id = None;
    twin.pupil.pupil_code = None;
    assert!(other.lookup_code.is_some());
    let report =
        validate_bytes(&moet::to_xml_list(&[other, twin], &p), &Policy::default()).unwrap();
    assert!(
        codes(&report).contains(&("lookup_code_duplicate", "records[1].lookup_code".into())),
        "{:?}",
        codes(&report)
    );
}
