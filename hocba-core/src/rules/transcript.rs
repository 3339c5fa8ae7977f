//! Rules across the years of one transcript: the same pupil, one record per school year,
//! consecutive years, grades following the promotion decisions (TT27 Điều 11), no year after
//! completing primary (Điều 11.2), an enrolment history (quá trình học tập) that matches,
//! transfers included (TT 28/2020/TT-BGDĐT Điều 36), and a lookup code of its own for each
//! record (CV 2088/BGDĐT-GDTH §1).

use super::policy::Policy;
use super::registry::RuleCode;
use super::report::{Params, Report, Sink};
use super::{identity, rule_set};
use crate::model::{Admission, Promotion, Pupil, Transcript, YearRecord};

/// Validates a whole transcript: the identity page, every year record (paths
/// `years[i]…`), and the rules across years. Returns every violation.
pub fn validate_transcript(t: &Transcript, policy: &Policy) -> Report {
    let mut report = Report::default();
    let out = &mut report.violations;
    {
        let mut sink = Sink {
            policy,
            prefix: "",
            out,
            national: None,
        };
        identity::check_pupil(&t.pupil, &mut sink);
        if t.years.is_empty() {
            sink.emit(RuleCode::TranscriptEmpty, "years", Params::default());
        }
    }
    for (i, y) in t.years.iter().enumerate() {
        let prefix = format!("years[{i}].");
        let mut sink = Sink {
            policy,
            prefix: &prefix,
            out,
            national: None,
        };
        // The identity page is checked once; a year's copy only when it says otherwise.
        let same_pupil = same_identity(&y.pupil, &t.pupil);
        report
            .derived
            .push(rule_set::check_year(y, !same_pupil, &mut sink));
        if !same_pupil {
            compare_pupil(&y.pupil, &t.pupil, &mut sink);
        }
    }
    let mut sink = Sink {
        policy,
        prefix: "",
        out,
        national: None,
    };
    across_years(&t.years, &mut sink);
    enrolments(t, &mut sink);
    report
}

/// Validates the year records of a signed transcript container, which carries no identity page
/// nor enrolment history: every year record (paths `years[i]…`, identity rules included) and
/// the rules across years, in the order given (chronological).
pub fn validate_years(years: &[YearRecord], policy: &Policy) -> Report {
    let mut report = Report::default();
    for (i, y) in years.iter().enumerate() {
        let prefix = format!("years[{i}].");
        let mut sink = Sink {
            policy,
            prefix: &prefix,
            out: &mut report.violations,
            national: None,
        };
        report
            .derived
            .push(rule_set::check_year(y, true, &mut sink));
    }
    let mut sink = Sink {
        policy,
        prefix: "",
        out: &mut report.violations,
        national: None,
    };
    if years.is_empty() {
        sink.emit(RuleCode::TranscriptEmpty, "years", Params::default());
    }
    across_years(years, &mut sink);
    report
}

/// Validates the records of a national `DANH_SACH_HOC_BA` ([`crate::moet::read_national_list`]):
/// each for what the national format carries, as [`super::validate_national`] judges one
/// record. A list of one pupil's records (the national XML of a transcript) is judged as that
/// pupil's years — paths `years[i].…` and the rules across years ([`validate_years`]); a list of
/// several pupils' records (a school's submission) record by record — paths `records[i].…` —
/// and a lookup code given to two records is refused there too (CV 2088 §1).
pub fn validate_national_list(
    list: &[(YearRecord, crate::moet::NationalFacts)],
    policy: &Policy,
) -> Report {
    let one_pupil = list
        .iter()
        .all(|(r, _)| crate::envelope::years::same_pupil(&r.pupil, &list[0].0.pupil));
    let name = if one_pupil { "years" } else { "records" };
    let mut report = Report::default();
    for (i, (record, facts)) in list.iter().enumerate() {
        let prefix = format!("{name}[{i}].");
        let mut sink = Sink {
            policy,
            prefix: &prefix,
            out: &mut report.violations,
            national: Some(facts),
        };
        report
            .derived
            .push(rule_set::check_year(record, true, &mut sink));
    }
    let mut sink = Sink {
        policy,
        prefix: "",
        out: &mut report.violations,
        national: None,
    };
    if list.is_empty() {
        sink.emit(RuleCode::TranscriptEmpty, "years", Params::default());
    } else if one_pupil {
        let years: Vec<YearRecord> = list.iter().map(|(r, _)| r.clone()).collect();
        across_years(&years, &mut sink);
    } else {
        for (i, (r, _)) in list.iter().enumerate() {
            if r.lookup_code.is_some()
                && list[..i]
                    .iter()
                    .any(|(e, _)| e.lookup_code == r.lookup_code)
            {
                sink.emit(
                    RuleCode::LookupCodeDuplicate,
                    format_args!("records[{i}].lookup_code"),
                    Params::default(),
                );
            }
        }
    }
    report
}

/// True when the fields the identity rules read are equal (the residence may change).
fn same_identity(a: &Pupil, b: &Pupil) -> bool {
    a.full_name == b.full_name
        && a.place_of_birth == b.place_of_birth
        && a.personal_id == b.personal_id
        && a.pupil_code == b.pupil_code
        && a.date_of_birth == b.date_of_birth
        && a.gender == b.gender
}

fn compare_pupil(year: &Pupil, page: &Pupil, sink: &mut Sink<'_>) {
    let differs = |a: Option<&str>, b: Option<&str>| matches!((a, b), (Some(a), Some(b)) if a != b);
    if differs(
        year.personal_id.as_ref().map(|p| p.as_str()),
        page.personal_id.as_ref().map(|p| p.as_str()),
    ) || differs(
        year.pupil_code.as_ref().map(|p| p.as_str()),
        page.pupil_code.as_ref().map(|p| p.as_str()),
    ) || year.date_of_birth != page.date_of_birth
        || year.gender != page.gender
    {
        sink.emit(RuleCode::PupilMismatch, "pupil", Params::default());
    }
    if year.full_name != page.full_name {
        sink.emit(
            RuleCode::PupilNameChanged,
            "pupil.full_name",
            Params::default(),
        );
    }
}

pub(crate) fn across_years(years: &[YearRecord], sink: &mut Sink<'_>) {
    // The previous record that is not a duplicate of an earlier school year.
    let mut prev: Option<&YearRecord> = None;
    for (i, y) in years.iter().enumerate() {
        // CV 2088 §1: a lookup code belongs to one record; a replacement gets a new one.
        if y.lookup_code.is_some() && years[..i].iter().any(|e| e.lookup_code == y.lookup_code) {
            sink.emit(
                RuleCode::LookupCodeDuplicate,
                format_args!("years[{i}].lookup_code"),
                Params::default(),
            );
        }
        if years[..i].iter().any(|e| e.school_year == y.school_year) {
            sink.emit(
                RuleCode::SchoolYearDuplicate,
                format_args!("years[{i}].school_year"),
                Params::default(),
            );
            continue;
        }
        if let Some(p) = prev {
            if p.school_year.next() != Some(y.school_year) {
                sink.emit(
                    RuleCode::SchoolYearsNotConsecutive,
                    format_args!("years[{i}].school_year"),
                    Params::default(),
                );
            }
            if p.completion.primary_completed {
                sink.emit(
                    RuleCode::YearAfterPrimaryCompleted,
                    format_args!("years[{i}]"),
                    Params::default(),
                );
            } else {
                let expected = match p.completion.promotion {
                    Promotion::Promoted => p.grade.next(),
                    Promotion::Retained => Some(p.grade),
                };
                if expected != Some(y.grade) {
                    sink.emit(
                        RuleCode::GradeProgressionMismatch,
                        format_args!("years[{i}].grade"),
                        Params::default(),
                    );
                }
            }
        }
        prev = Some(y);
    }
}

fn enrolments(t: &Transcript, sink: &mut Sink<'_>) {
    for (k, w) in t.enrolments.windows(2).enumerate() {
        if w[1].school_year < w[0].school_year || w[1].admitted_on < w[0].admitted_on {
            sink.emit(
                RuleCode::EnrolmentOutOfOrder,
                format_args!("enrolments[{}]", k + 1),
                Params::default(),
            );
        }
    }
    for (i, y) in t.years.iter().enumerate() {
        let rows = || {
            t.enrolments
                .iter()
                .filter(|e| e.school_year == y.school_year)
        };
        // The school at year end is the last row of that school year.
        if rows()
            .next_back()
            .is_none_or(|e| e.school_code != y.school.code)
        {
            sink.emit(
                RuleCode::EnrolmentMissing,
                format_args!("years[{i}].school"),
                Params::default(),
            );
            continue;
        }
        let changed = i > 0 && t.years[i - 1].school.code != y.school.code;
        if changed
            && !rows()
                .any(|e| e.school_code == y.school.code && e.admission == Admission::TransferredIn)
        {
            sink.emit(
                RuleCode::TransferNotRecorded,
                format_args!("years[{i}].school"),
                Params::default(),
            );
        }
    }
    for (k, e) in t.enrolments.iter().enumerate() {
        let first_of_year = t.enrolments[..k]
            .iter()
            .all(|x| x.school_year != e.school_year);
        if first_of_year && !t.years.iter().any(|y| y.school_year == e.school_year) {
            sink.emit(
                RuleCode::EnrolmentWithoutRecord,
                format_args!("enrolments[{k}]"),
                Params::default(),
            );
        }
    }
}
