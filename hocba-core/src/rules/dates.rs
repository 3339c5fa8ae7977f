//! Dates against each other (ADR 0265): what the record carries — the pupil's birth date, the
//! school year, the date a pupil moved in (`NGAY_TRANG_THAI_CHUYEN_DEN`), the additional
//! assessment's date, the dates the record was made and issued (`NGAY_TAO_HOC_BA`,
//! `NGAY_KY_PHAT_HANH_HOC_BA`) — and, in verification and before signing, the signers' signing
//! times (`SigningTime`, COSE's signing time).
//!
//! An order that cannot happen is an error: a record issued before it was made, or signed
//! before it was made; a year record dated or signed before its school year began; a pupil born
//! after it began or moving in before being born; a record issued or signed before an event it
//! records. What depends on the school calendar, which the references do not settle
//! (UNCONFIRMED), is a warning under the policy `school_calendar`; the school's issue date that
//! differs from the day the school seal signed is a warning under the policy `issue_date`
//! (vendors write the issue date when they prepare the data, before anyone signs).
//!
//! Dates of the data and signing times come from different clocks (the vendor's server, the
//! signer's phone or token): they are compared by calendar day — in Việt Nam's time, UTC+07:00,
//! for a date without a time — never to the second.

use time::{Month, UtcOffset};

use super::Policy;
use super::registry::RuleCode;
use super::report::{Params, Sink, Violation};
use crate::Lang;
use crate::model::{Date, DateTime, SchoolYear, YearRecord};
use crate::trust::{SignerRole, UnixTime};

/// The earliest day a school year can begin: 1 August of its first calendar year. The
/// Ministry's yearly framework of the school calendar (khung kế hoạch thời gian năm học) opens
/// the year in late August or early September (tựu trường, khai giảng) — the dates are
/// UNCONFIRMED in the references; 1 August is weeks before any of them, so a date before it is
/// before the school year began whatever the province's calendar.
pub const SCHOOL_YEAR_OPENS: (Month, u8) = (Month::August, 1);

/// The earliest day a school year's year-end assessment (cuối năm học, TT27 Điều 7.1.a, 9.2)
/// can be made: 1 May of its second calendar year. The frameworks end the school year by 31
/// May (UNCONFIRMED); 35 teaching weeks (TT32/2018) from September end in the second half of
/// May. A record dated or signed before it is a warning (policy `school_calendar`).
pub const YEAR_END_EARLIEST: (Month, u8) = (Month::May, 1);

/// The last day of a school year's teaching: 31 May of its second calendar year ("kết thúc
/// năm học trước ngày 31 tháng 5", UNCONFIRMED). A pupil recorded as moving into a school for a
/// year after it is a warning (policy `school_calendar`).
pub const YEAR_END_LATEST: (Month, u8) = (Month::May, 31);

/// Việt Nam's time (UTC+07:00, no daylight saving), in which a signing time is given a
/// calendar day when it is compared with a date of the data.
pub const VIET_NAM_OFFSET_SECS: i32 = 7 * 3600;

fn day(year: u16, (month, day): (Month, u8)) -> Option<time::Date> {
    time::Date::from_calendar_date(i32::from(year), month, day).ok()
}

/// The first day `year` can begin ([`SCHOOL_YEAR_OPENS`] of its first calendar year).
pub fn school_year_opens(year: SchoolYear) -> Option<Date> {
    day(year.start(), SCHOOL_YEAR_OPENS).map(Date::from)
}

fn year_end_earliest(year: SchoolYear) -> Option<time::Date> {
    day(year.end(), YEAR_END_EARLIEST)
}

fn year_end_latest(year: SchoolYear) -> Option<time::Date> {
    day(year.end(), YEAR_END_LATEST)
}

/// The calendar day of `t` at `offset`.
fn day_at(t: UnixTime, offset: UtcOffset) -> Option<time::Date> {
    time::OffsetDateTime::from_unix_timestamp(t.secs())
        .ok()
        .map(|t| t.to_offset(offset).date())
}

fn viet_nam() -> UtcOffset {
    UtcOffset::from_whole_seconds(VIET_NAM_OFFSET_SECS).unwrap_or(UtcOffset::UTC)
}

/// A date of the data, for paths and `{item}`: (model path, Vietnamese, English).
type Label = (&'static str, &'static str, &'static str);

/// Labels of the data's dates.
const CREATED: Label = (
    "issuance.created_at",
    "Ngày tạo học bạ (NGAY_TAO_HOC_BA)",
    "date the record was made (NGAY_TAO_HOC_BA)",
);
const ISSUED: Label = (
    "issuance.issued_at",
    "Ngày ký phát hành học bạ (NGAY_KY_PHAT_HANH_HOC_BA)",
    "date of issue (NGAY_KY_PHAT_HANH_HOC_BA)",
);
const SUPPLEMENTARY: Label = (
    "completion.supplementary.date",
    "Ngày đánh giá bổ sung",
    "date of the additional assessment",
);

/// The record's dates of events it reports (the date a pupil moved in, per row of the school
/// path; the additional assessment's date): (path, Vietnamese, English, date).
fn event_dates(r: &YearRecord) -> Vec<(String, &'static str, &'static str, Date)> {
    let mut out: Vec<_> = r
        .history
        .iter()
        .enumerate()
        .filter_map(|(i, s)| {
            Some((
                format!("history[{i}].moved_in_on"),
                "Ngày chuyển đến (NGAY_TRANG_THAI_CHUYEN_DEN)",
                "date moved in (NGAY_TRANG_THAI_CHUYEN_DEN)",
                s.moved_in_on?,
            ))
        })
        .collect();
    if let Some(d) = r.completion.supplementary.as_ref().and_then(|s| s.date) {
        out.push((SUPPLEMENTARY.0.into(), SUPPLEMENTARY.1, SUPPLEMENTARY.2, d));
    }
    out
}

/// The rules on the record's own dates (run by `validate`, `validate_national`, verification's
/// content checks and the checks before signing).
pub(crate) fn check(r: &YearRecord, sink: &mut Sink<'_>) {
    let opens = school_year_opens(r.school_year);
    let dob = r.pupil.date_of_birth;
    // Born on or after the first day the school year can begin: no pupil of that year.
    if opens.is_some_and(|o| dob >= o) {
        sink.emit(
            RuleCode::BirthDateAfterSchoolYear,
            "pupil.date_of_birth",
            Params::default(),
        );
    }
    if let Some(i) = &r.issuance {
        let stamps: [(Label, Option<DateTime>); 2] =
            [(CREATED, Some(i.created_at)), (ISSUED, i.issued_at)];
        if let Some(issued) = i.issued_at
            && issued.unix_timestamp() < i.created_at.unix_timestamp()
        {
            sink.emit(RuleCode::IssuedBeforeCreated, ISSUED.0, Params::default());
        }
        for (label, at) in stamps {
            let Some(at) = at else { continue };
            let (path, vi, en) = label;
            if opens.is_some_and(|o| at.date() < o) {
                sink.emit(RuleCode::DatedBeforeSchoolYear, path, Params::item(vi, en));
            } else if year_end_earliest(r.school_year).is_some_and(|e| at.get().date() < e) {
                sink.emit(RuleCode::DatedBeforeYearEnd, path, Params::item(vi, en));
            }
        }
    }
    if let Some(d) = r.completion.supplementary.as_ref().and_then(|s| s.date)
        && year_end_earliest(r.school_year).is_some_and(|e| d.get() < e)
    {
        let (path, vi, en) = SUPPLEMENTARY;
        sink.emit(RuleCode::DatedBeforeYearEnd, path, Params::item(vi, en));
    }
    for (i, step) in r.history.iter().enumerate() {
        let Some(moved) = step.moved_in_on else {
            continue;
        };
        if moved < dob {
            sink.emit(
                RuleCode::DateBeforeBirth,
                format_args!("history[{i}].moved_in_on"),
                Params::item(
                    "Ngày chuyển đến (NGAY_TRANG_THAI_CHUYEN_DEN)",
                    "date moved in (NGAY_TRANG_THAI_CHUYEN_DEN)",
                ),
            );
        }
        if year_end_latest(step.school_year).is_some_and(|e| moved.get() > e) {
            sink.emit(
                RuleCode::MovedInAfterSchoolYear,
                format_args!("history[{i}].moved_in_on"),
                Params::default(),
            );
        }
    }
    // Issued before an event the record reports: the issued record cannot know it.
    if let Some(issued) = r.issuance.as_ref().and_then(|i| i.issued_at) {
        for (path, vi, en, d) in event_dates(r) {
            if d > issued.date() {
                sink.emit(RuleCode::DateAfterIssue, path, Params::item(vi, en));
            }
        }
    }
}

/// The record's dates against a signature by `role` made at `signing_time` (ADR 0265): signed
/// before the record was made (`signed_before_created`) or before its school year began
/// (`signed_before_school_year`) — errors; before the year can have ended
/// (`signed_before_year_end`, policy `school_calendar`); an event the record reports dated
/// after the signature (`date_after_signing`) — an error; the school seal's day differing from
/// the issue date the data gives (`issue_date_differs_from_seal`, policy `issue_date`).
///
/// Run by verification on every signature (COSE and national XML, the report's findings) and by
/// the checks before signing on the signature being prepared. Paths name the data's date; the
/// message names the signer's role, never a person.
///
/// ```
/// use hocba_core::rules::{Policy, check_signing_time};
/// use hocba_core::trust::{SignerRole, UnixTime};
/// let record = &hocba_core::synth::demo_transcript().years[0]; // 2020–2021, made 24/5/2021
/// let before = UnixTime::parse_rfc3339("2021-05-01T09:00:00+07:00").unwrap();
/// let found = check_signing_time(record, SignerRole::Principal, before, &Policy::default());
/// assert!(found.iter().any(|v| v.code == "signed_before_created"));
/// ```
pub fn check_signing_time(
    record: &YearRecord,
    role: SignerRole,
    signing_time: UnixTime,
    policy: &Policy,
) -> Vec<Violation> {
    let mut out = Vec::new();
    let mut sink = Sink {
        policy,
        prefix: "",
        out: &mut out,
        national: None,
    };
    signing_time_into(record, role, signing_time, &mut sink);
    out
}

fn signing_time_into(r: &YearRecord, role: SignerRole, at: UnixTime, sink: &mut Sink<'_>) {
    let who = Params::item(role.label(Lang::Vi), role.label(Lang::En));
    let Some(signed_vn) = day_at(at, viet_nam()) else {
        return;
    };
    if let Some(i) = &r.issuance {
        // The record's own clock and offset for the day it was made.
        let created = i.created_at.get();
        if day_at(at, created.offset()).is_some_and(|d| d < created.date()) {
            sink.emit(RuleCode::SignedBeforeCreated, CREATED.0, who);
        }
    }
    if school_year_opens(r.school_year).is_some_and(|o| signed_vn < o.get()) {
        sink.emit(RuleCode::SignedBeforeSchoolYear, "school_year", who);
    } else if year_end_earliest(r.school_year).is_some_and(|e| signed_vn < e) {
        sink.emit(RuleCode::SignedBeforeYearEnd, "school_year", who);
    }
    for (path, vi, en, d) in event_dates(r) {
        if d.get() > signed_vn {
            sink.emit(RuleCode::DateAfterSigning, path, Params::item(vi, en));
        }
    }
    if role == SignerRole::SchoolSeal
        && let Some(issued) = r.issuance.as_ref().and_then(|i| i.issued_at)
    {
        let issued = issued.get();
        if day_at(at, issued.offset()).is_some_and(|d| d != issued.date()) {
            sink.emit(
                RuleCode::IssueDateDiffersFromSeal,
                ISSUED.0,
                Params::default(),
            );
        }
    }
}
