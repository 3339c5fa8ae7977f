//! A pupil's signed national XML records verified across years (ADR 0170): every case of
//! issue 13 item 6 — a year missing, years out of order, two pupils, a recalled year with and
//! without its replacement, two records in force for one year, a later year from another
//! school — through the same linking code as the COSE container.

use std::sync::OnceLock;

use super::tests::{chain, key, leaf, now, time, trust};
use super::{RequiredRoles, UnverifiedXmlYears};
use crate::envelope::transcript::{RecallFacts, TranscriptReport, TranscriptVerification};
use crate::envelope::{Status, SystemRng, Verifier};
use crate::model::{LookupCode, SchoolYear, Text, YearRecord};
use crate::moet::{self, Profile};
use crate::rules::Tt27Checks;
use crate::trust::SignerRole;

const GOV_SCHOOL: &str = "Trường Tiểu học Thử Nghiệm Số 1";
const PRIVATE_SCHOOL: &str = "Trường Tiểu học Tư thục Thử Nghiệm";

/// Signers of the public school (government CA) and of the private one (public CA).
const GOV: [(SignerRole, &str); 3] = [
    (SignerRole::HomeroomTeacher, "gvcn-p384"),
    (SignerRole::Principal, "principal-rsa-gov"),
    (SignerRole::SchoolSeal, "seal-rsa-gov"),
];
const PRIVATE: [(SignerRole, &str); 3] = [
    (SignerRole::HomeroomTeacher, "gvcn-rsa"),
    (SignerRole::Principal, "principal-rsa"),
    (SignerRole::SchoolSeal, "seal-rsa"),
];

/// `record` at the school the `signers`' seal names, written by the national writer and signed
/// by `signers` (all of them, or only the roles `roles` keeps).
fn signed(record: &YearRecord, signers: &[(SignerRole, &str)]) -> Vec<u8> {
    signed_with(record, signers, &crate::envelope::SignOptions::default())
}

/// [`signed`] with the checks before signing `opts` asks for.
fn signed_with(
    record: &YearRecord,
    signers: &[(SignerRole, &str)],
    opts: &crate::envelope::SignOptions<'_>,
) -> Vec<u8> {
    let mut record = record.clone();
    let private = signers.iter().any(|(_, n)| *n == "seal-rsa");
    record.school.name = Text::new(if private { PRIVATE_SCHOOL } else { GOV_SCHOOL }).unwrap();
    if private {
        record.school.code = "79000999".try_into().unwrap();
    }
    let (teacher, principal) = if private {
        ("gvcn-rsa", "principal-rsa")
    } else {
        ("gvcn-p384", "principal-rsa-gov")
    };
    crate::synth::name_signers(&mut record, &leaf(teacher), &leaf(principal));
    let mut xml = moet::to_xml(&record, &Profile::V2088_1_0);
    for (i, (role, name)) in signers.iter().enumerate() {
        let c = chain(name);
        let refs: Vec<&[u8]> = c.iter().map(Vec::as_slice).collect();
        xml = super::sign_with(
            &xml,
            &key(name),
            *role,
            &refs,
            time(i as i64),
            &mut SystemRng,
            opts,
        )
        .unwrap();
    }
    xml
}

/// The demo pupil's five years: grades 1–3 at the public school, then a transfer to the
/// private school for grades 4–5.
fn pupil() -> &'static (Vec<YearRecord>, Vec<Vec<u8>>) {
    static P: OnceLock<(Vec<YearRecord>, Vec<Vec<u8>>)> = OnceLock::new();
    P.get_or_init(|| {
        let years = crate::synth::demo_transcript().years;
        let signed = years
            .iter()
            .enumerate()
            .map(|(i, y)| signed(y, if i < 3 { &GOV } else { &PRIVATE }))
            .collect();
        (years, signed)
    })
}

fn run(records: &[&Vec<u8>], recalls: &RecallFacts) -> TranscriptVerification {
    let t = trust();
    UnverifiedXmlYears::from_records(records.iter().map(|r| (*r).clone()).collect())
        .unwrap()
        .verify_in(
            &Verifier::new(&t, now()),
            RequiredRoles::All,
            &Tt27Checks::default(),
            recalls,
        )
}

fn report(records: &[&Vec<u8>], recalls: &RecallFacts) -> TranscriptReport {
    run(records, recalls).into_parts().0
}

fn codes(r: &TranscriptReport) -> Vec<&'static str> {
    r.issues.iter().map(|i| i.code).collect()
}

/// A replacement of `record`: the same year, corrected, under a new lookup code.
fn replacement(record: &YearRecord, seed: u8) -> (YearRecord, LookupCode) {
    let mut fixed = record.clone();
    let code = LookupCode::from_random_bytes([seed; 16]);
    fixed.lookup_code = Some(code);
    fixed.comments.homeroom = Some(Text::new("Nhận xét đã sửa.").unwrap());
    (fixed, code)
}

#[test]
fn five_years_across_two_schools_verify_as_one() {
    let (years, s) = pupil();
    let v = run(&s.iter().collect::<Vec<_>>(), &RecallFacts::new());
    let r = v.report();
    assert_eq!(
        (r.status, r.error),
        (Status::Valid, None),
        "{:?} {:?}",
        r.issues,
        r.findings.iter().filter(|f| f.blocking).collect::<Vec<_>>()
    );
    assert_eq!(r.years.len(), 5);
    assert!(r.years.iter().all(|y| y.revisions.len() == 1));
    // The later years' records come from the other school and verify like the first.
    let verified = v.verified().expect("valid: records handed out");
    assert_eq!(verified[3].school.name.as_str(), PRIVATE_SCHOOL);
    assert_eq!(verified[0].school.name.as_str(), GOV_SCHOOL);
    assert_eq!(
        verified.iter().map(|y| y.grade).collect::<Vec<_>>(),
        years.iter().map(|y| y.grade).collect::<Vec<_>>()
    );
    // Handed in any order, the years are put in chronological order.
    let shuffled = [&s[4], &s[1], &s[3], &s[0], &s[2]];
    let r = report(&shuffled, &RecallFacts::new());
    assert_eq!(r.status, Status::Valid);
    let order: Vec<SchoolYear> = r.years.iter().map(|y| y.school_year).collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]));
    assert_eq!(r.years[0].current_index, 3);
}

#[test]
fn a_year_missing_or_a_grade_out_of_order_is_invalid() {
    let (years, s) = pupil();
    let r = report(&[&s[0], &s[1], &s[3], &s[4]], &RecallFacts::new());
    assert_eq!(
        (r.status, r.error),
        (Status::Invalid, Some("school_years_not_consecutive"))
    );
    let ok = run(&[&s[0], &s[1], &s[3]], &RecallFacts::new());
    assert!(ok.verified().is_none(), "nothing handed out when invalid");
    // Grade 3 recorded again in the fourth year, though the pupil was promoted.
    let mut back = years[3].clone();
    back.grade = years[2].grade;
    // Grade-4 subjects on a grade-3 record: the check before signing would refuse it, so it is
    // turned off by name for this record only (a school's software that skipped it).
    let back = signed_with(
        &back,
        &PRIVATE,
        &crate::envelope::SignOptions::default().without(crate::envelope::SignCheck::Record),
    );
    let r = report(&[&s[0], &s[1], &s[2], &back], &RecallFacts::new());
    assert_eq!(
        (r.status, r.error),
        (Status::Invalid, Some("grade_progression_mismatch")),
        "{:?}",
        r.issues
    );
}

#[test]
fn records_of_two_pupils_are_refused() {
    let (_, s) = pupil();
    let other = crate::synth::transcript(5, crate::synth::Path::Regular);
    let stranger = signed(&other.years[2], &GOV);
    let r = report(&[&s[0], &s[1], &stranger], &RecallFacts::new());
    assert_eq!(
        (r.status, r.error),
        (Status::Invalid, Some("pupil_mismatch"))
    );
    assert_eq!(codes(&r), vec!["pupil_mismatch"]);
    assert_eq!(r.issues[0].record, 2);
}

#[test]
fn a_recalled_year_and_its_replacement() {
    let (years, s) = pupil();
    let old = years[1].lookup_code.unwrap();
    let (fixed, new) = replacement(&years[1], 7);
    let fixed = signed(&fixed, &GOV);
    let all = [&s[0], &s[1], &fixed, &s[2], &s[3], &s[4]];
    // Without the portal's facts: two records in force claim the same pupil-year.
    let r = report(&all, &RecallFacts::new());
    assert_eq!(
        (r.status, r.error),
        (Status::Invalid, Some("duplicate_year"))
    );
    assert_eq!(r.issues[0].record, 2);
    // The old one recalled, link unknown: linked by pupil and school year.
    let mut recalls = RecallFacts::new();
    recalls.recall(old);
    let v = run(&all, &recalls);
    let r = v.report();
    assert_eq!((r.status, r.error), (Status::Valid, None), "{:?}", r.issues);
    let y = &r.years[1];
    assert_eq!(y.revisions.len(), 2);
    assert!(y.revisions[0].recalled && !y.revisions[1].recalled);
    assert_eq!(y.revisions[0].lookup_code, Some(old));
    assert_eq!(y.current_index, 2);
    assert_eq!(y.revisions[1].supersedes, None);
    assert_eq!(v.verified().unwrap()[1].lookup_code, Some(new));
    // With the link the portal stored: the replacement supersedes the recalled record.
    let mut recalls = RecallFacts::new();
    recalls.replace(old, new);
    let r = report(&all, &recalls);
    assert_eq!(r.status, Status::Valid, "{:?}", r.issues);
    let y = &r.years[1];
    assert_eq!(y.revisions[1].supersedes, Some(y.revisions[0].digest));
    assert_eq!(y.current, y.revisions[1].digest);
    // The recalled record alone: the year has no record in force.
    let mut recalls = RecallFacts::new();
    recalls.recall(old);
    let r = report(&[&s[0], &s[1], &s[2]], &recalls);
    assert_eq!(
        (r.status, r.error),
        (Status::Invalid, Some("year_recalled"))
    );
    assert_eq!(r.issues[0].record, 1);
}

#[test]
fn two_records_in_force_for_one_year_are_a_finding_not_a_choice() {
    let (years, s) = pupil();
    let (a, _) = replacement(&years[2], 8);
    let (b, _) = replacement(&years[2], 9);
    let (a, b) = (signed(&a, &GOV), signed(&b, &GOV));
    // The original recalled, two replacements in force.
    let mut recalls = RecallFacts::new();
    recalls.recall(years[2].lookup_code.unwrap());
    let r = report(&[&s[0], &s[1], &s[2], &a, &b], &recalls);
    assert_eq!(
        (r.status, r.error),
        (Status::Invalid, Some("duplicate_year"))
    );
    assert_eq!(codes(&r), vec!["duplicate_year"]);
    assert_eq!(r.issues[0].record, 4);
    // A lookup code on two different records (a replacement must get a new one).
    let mut same = years[2].clone();
    same.comments.homeroom = Some(Text::new("Khác.").unwrap());
    let same = signed(&same, &GOV);
    let r = report(&[&s[1], &s[2], &same], &RecallFacts::new());
    assert_eq!(r.error, Some("lookup_code_reused"));
}

#[test]
fn a_replacement_for_another_year_and_a_bad_record_are_reported() {
    let (years, s) = pupil();
    let mut recalls = RecallFacts::new();
    recalls.replace(years[1].lookup_code.unwrap(), years[2].lookup_code.unwrap());
    let r = report(&[&s[1], &s[2]], &recalls);
    assert_eq!(r.error, Some("correction_year_mismatch"));
    // One record's data changed after signing: that year is invalid, so is the whole.
    let tampered = String::from_utf8(s[1].clone())
        .unwrap()
        .replacen("<TEN_LOP>", "<TEN_LOP>X", 1)
        .into_bytes();
    let r = report(&[&s[0], &tampered, &s[2]], &RecallFacts::new());
    assert_eq!(
        (r.status, r.error),
        (Status::Invalid, Some("record_invalid"))
    );
    assert_eq!(
        r.years[1].revisions[0].report.error,
        Some("xmldsig_digest_mismatch")
    );
}

#[test]
fn the_roles_policy_applies_to_every_year_and_to_bulk() {
    let (years, s) = pupil();
    let no_teacher = signed(&years[2], &GOV[1..]);
    let t = trust();
    let verifier = Verifier::new(&t, now());
    let input =
        || UnverifiedXmlYears::from_records(vec![s[1].clone(), no_teacher.clone()]).unwrap();
    let checks = Tt27Checks::default();
    let all = input().verify_in(&verifier, RequiredRoles::All, &checks, &RecallFacts::new());
    assert_eq!(
        (all.report().status, all.report().error),
        (Status::Incomplete, Some("incomplete"))
    );
    let min = input().verify_in(
        &verifier,
        RequiredRoles::SpecMinimum,
        &checks,
        &RecallFacts::new(),
    );
    assert_eq!(min.report().status, Status::Valid);
    // Bulk verification takes the same policy (one policy in the core).
    use crate::bulk::{BulkOptions, verify_stream};
    let mut seen = Vec::new();
    for roles in [RequiredRoles::All, RequiredRoles::SpecMinimum] {
        let inputs: Vec<(&str, Result<Vec<u8>, String>)> = vec![("x", Ok(no_teacher.clone()))];
        let options = BulkOptions::new(1).with_xml_roles(roles);
        verify_stream(&verifier, &options, inputs, |_, o| seen.push(o.code()));
    }
    assert_eq!(seen, vec!["incomplete", "valid"]);
}

#[test]
fn unreadable_inputs_name_the_record() {
    let (_, s) = pupil();
    let e = UnverifiedXmlYears::from_records(vec![s[0].clone(), b"<HOC_BA".to_vec()]).unwrap_err();
    assert_eq!((e.index, e.error.code()), (1, "xml_malformed"));
    let unsigned = moet::to_xml(&pupil().0[0], &Profile::V2088_1_0);
    let e = UnverifiedXmlYears::from_records(vec![unsigned]).unwrap_err();
    assert_eq!((e.index, e.error.code()), (0, "xmldsig_not_signed"));
    let e = UnverifiedXmlYears::from_records(Vec::new()).unwrap_err();
    assert_eq!(e.error.code(), "transcript_malformed");
}

#[test]
fn every_transcript_issue_has_its_own_messages_in_both_languages() {
    use crate::envelope::transcript::TranscriptIssue;
    let codes = [
        "duplicate_record",
        "correction_target_missing",
        "correction_year_mismatch",
        "correction_fork",
        "duplicate_year",
        "year_recalled",
        "pupil_mismatch",
        "lookup_code_reused",
    ];
    for lang in [crate::Lang::Vi, crate::Lang::En] {
        let messages: std::collections::BTreeSet<String> = codes
            .iter()
            .map(|c| TranscriptIssue::new(c, 0).message(lang))
            .collect();
        assert_eq!(messages.len(), codes.len(), "{lang:?}: {messages:?}");
    }
    // NFC, as every message (style).
    use unicode_normalization::UnicodeNormalization;
    for c in codes {
        let m = TranscriptIssue::new(c, 0).message_vi();
        assert_eq!(m.nfc().collect::<String>(), m);
    }
}

/// The five years rendered as one học bạ PDF from the signed national XML: each year's signed
/// bytes embedded, its signature blocks from verification, and the PDF verifies on its own
/// (pages re-rendered from the embedded records, the identity page bound to them).
#[test]
fn five_years_render_as_one_pdf_that_verifies_on_its_own() {
    use crate::render::{RenderError, render_signed_xml_years, verify_signed_pdf};
    let (years, s) = pupil();
    let t = trust();
    let v = Verifier::new(&t, now());
    let checks = Tt27Checks::default();
    // The enrolment history of the school system, naming the schools that signed.
    let mut enrolments = crate::synth::demo_transcript().enrolments;
    for e in &mut enrolments {
        let at = years.iter().position(|y| y.school_year == e.school_year);
        let private = at.is_some_and(|i| i >= 3);
        e.school_name = Text::new(if private { PRIVATE_SCHOOL } else { GOV_SCHOOL }).unwrap();
        e.school_code = if private {
            "79000999".try_into().unwrap()
        } else {
            years[0].school.code.clone()
        };
    }
    // Handed in any order: the years are rendered in chronological order.
    let shuffled: Vec<Vec<u8>> = [4, 0, 2, 1, 3].iter().map(|&i| s[i].clone()).collect();
    let render =
        |p: Option<&crate::model::Pupil>, e: &[crate::model::Enrolment], r: Vec<Vec<u8>>| {
            let read = UnverifiedXmlYears::from_records(r).unwrap();
            render_signed_xml_years(
                p,
                e,
                read,
                &v,
                RequiredRoles::All,
                &checks,
                &RecallFacts::new(),
            )
        };
    let (pdf, report) = render(Some(&years[4].pupil), &enrolments, shuffled).unwrap();
    assert_eq!(report.status, Status::Valid, "{:?}", report.issues);
    assert_eq!(report.years.len(), 5);
    let checked = verify_signed_pdf(&pdf, &t, now()).unwrap();
    assert!(checked.pdf.transcript && checked.pdf.pages_match && checked.pdf.pupil_bound);
    assert!(checked.pdf.is_valid(), "{:?}", checked.pdf.findings);
    assert_eq!(checked.embedded, *s, "the signed bytes, in year order");
    assert!(
        checked
            .records
            .iter()
            .all(|r| r.report().status == Status::Valid)
    );

    // Without the school system's data: the identity page from the latest signed year, no
    // enrolment history; the PDF still verifies on its own.
    let (pdf, _) = render(None, &[], s.clone()).unwrap();
    assert!(verify_signed_pdf(&pdf, &t, now()).unwrap().pdf.is_valid());

    // One byte of a year's data changed: rendered "KHÔNG CÓ GIÁ TRỊ", and the PDF does not
    // verify as valid.
    let mut broken = s.clone();
    let tag = b"<DIEM_KIEM_TRA_DINH_KY>";
    let at = tag.len() + broken[4].windows(tag.len()).position(|w| w == tag).unwrap();
    broken[4][at] = if broken[4][at] == b'9' { b'8' } else { b'9' };
    let (pdf, report) = render(None, &[], broken).unwrap();
    assert_ne!(report.status, Status::Valid);
    assert!(!verify_signed_pdf(&pdf, &t, now()).unwrap().pdf.is_valid());

    // Another child's identity page, or a history naming another school, is refused.
    let mut other = years[4].pupil.clone();
    (other.personal_id, other.pupil_code) = (None, None);
    other.full_name = Text::new("Trần Thị Khác").unwrap();
    let refused = |p: Option<&crate::model::Pupil>, e: &[crate::model::Enrolment]| {
        render(p, e, s.clone()).unwrap_err().code()
    };
    assert_eq!(
        refused(Some(&other), &[]),
        RenderError::PupilMismatch.code()
    );
    let demo = crate::synth::demo_transcript().enrolments;
    assert_eq!(refused(None, &demo), RenderError::EnrolmentMismatch.code());

    // A school year with two records in force, or with its only record recalled: no page can
    // show it (the PDF could not reveal the choice), whatever each record's own verification.
    let (fixed, new) = replacement(&years[1], 7);
    let mut both = s.clone();
    both.push(signed(&fixed, &GOV));
    let not_in_force = |records: Vec<Vec<u8>>, recalls: &RecallFacts| {
        let read = UnverifiedXmlYears::from_records(records).unwrap();
        render_signed_xml_years(None, &[], read, &v, RequiredRoles::All, &checks, recalls)
            .unwrap_err()
    };
    let e = not_in_force(both.clone(), &RecallFacts::new());
    assert_eq!(
        (e.code(), e.to_string().contains("duplicate_year")),
        ("year_not_in_force", true)
    );
    let mut recalls = RecallFacts::new();
    recalls.recall(years[1].lookup_code.unwrap());
    let e = not_in_force(s.clone(), &recalls);
    assert_eq!(
        (e.code(), e.to_string().contains("year_recalled")),
        ("year_not_in_force", true)
    );
    // With the portal's recall, the replacement is the year in force and the PDF is valid.
    recalls.replace(years[1].lookup_code.unwrap(), new);
    let read = UnverifiedXmlYears::from_records(both).unwrap();
    let (pdf, report) =
        render_signed_xml_years(None, &[], read, &v, RequiredRoles::All, &checks, &recalls)
            .unwrap();
    assert_eq!(report.status, Status::Valid, "{:?}", report.issues);
    assert!(verify_signed_pdf(&pdf, &t, now()).unwrap().pdf.is_valid());
}
