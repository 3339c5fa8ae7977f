//! `hocba validate FILE`: checks a year record or a transcript against the TT27 rules and
//! prints every violation — for a school secretary in Vietnamese by default, or as JSON.
//!
//! Exit 0 when there is no error (warnings allowed), 1 when there are errors (or the file is
//! well-formed JSON of the wrong shape), 2 when the file cannot be read or parsed.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;
use hocba_core::model::{Subject, YearRecord};
use hocba_core::rules::{Derived, Policy, Report, Severity, Violation};
use hocba_core::{Document, Encoding};
use serde_json::json;

use crate::input::read_file;
use crate::output::{Failure, Outcome, Ui, print_json};
use crate::parse::{AnyInput, core_failure, parse_any};

/// Arguments of `hocba validate`.
#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// The file: a year record or a transcript (JSON or canonical CBOR), a national XML (a
    /// `HOC_BA`, or a `DANH_SACH_HOC_BA` list of records, each judged), or a signed file (its
    /// content as written, signatures not checked).
    pub file: PathBuf,
    /// A validation policy: inline JSON (fields of `rules::Policy`, e.g.
    /// `{"zero_score": "error"}`) or the path of a file holding it; unspecified fields keep
    /// their defaults.
    #[arg(long)]
    pub policy: Option<String>,
}

/// Reads, validates, prints; the exit code says whether there are errors.
pub fn run(args: &ValidateArgs, ui: Ui) -> Outcome {
    let policy = match &args.policy {
        None => Policy::default(),
        Some(p) => {
            // Inline JSON when it starts with `{`, else a file.
            let bytes = if p.trim_start().starts_with('{') {
                p.as_bytes().to_vec()
            } else {
                read_file(std::path::Path::new(p), ui)?
            };
            Policy::from_json(&bytes)
                .map_err(|e| Failure::from_core(&hocba_core::Error::from(e), ui))?
        }
    };
    let bytes = read_file(&args.file, ui)?;
    let input = parse_any(&bytes, ui)?;
    // A signed file's records are validated as written; their signatures are `verify`'s job.
    // A national XML (one record or a list) is judged for what its format carries (ADR 0242,
    // 0243) by the core's one entry point for bytes.
    let national =
        || hocba_core::rules::validate_bytes(&bytes, &policy).map_err(|e| core_failure(&e, ui));
    let (report, years, shape): (Report, Vec<&YearRecord>, Shape) = match &input {
        AnyInput::Plain(doc, Encoding::Xml) => (national()?, years(doc), Shape::of(doc)),
        AnyInput::Plain(doc, _) => (
            hocba_core::rules::validate_document(doc, &policy),
            years(doc),
            Shape::of(doc),
        ),
        AnyInput::Signed(r, ..) => (
            hocba_core::rules::validate(r, &policy),
            vec![r],
            Shape::Year,
        ),
        AnyInput::Container(records, current) => {
            let years: Vec<YearRecord> = current.iter().map(|&i| records[i].clone()).collect();
            (
                hocba_core::rules::validate_years(&years, &policy),
                current.iter().map(|&i| &records[i]).collect(),
                Shape::Years,
            )
        }
        AnyInput::List(records, _) => (national()?, records.iter().collect(), Shape::List),
    };
    if ui.json {
        let mut v = report.to_json();
        v["kind"] = json!(input.kind());
        v["format"] = json!(input.format());
        if input.is_signed() {
            v["signatures_verified"] = json!(false);
        }
        v["counts"] = json!({
            "error": report.errors().count(),
            "warning": report.warnings().count(),
            "info": report.with_severity(Severity::Info).count(),
        });
        print_json(&v);
    } else {
        if input.is_signed() {
            eprintln!("{}", crate::parse::unchecked_note(ui));
        }
        print_human(&args.file, &years, shape, &report, ui);
    }
    Ok(if report.is_ok() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// What was validated, for the human report's wording and paths.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Shape {
    /// One school year's record: paths are relative to it.
    Year,
    /// One pupil's years (a transcript, a signed container): paths `years[i].…`.
    Years,
    /// A national `DANH_SACH_HOC_BA`: `years[i].…` when it holds one pupil's records,
    /// `records[i].…` when several pupils' (`rules::validate_national_list`).
    List,
}

impl Shape {
    fn of(doc: &Document) -> Shape {
        match doc {
            Document::YearRecord(_) => Shape::Year,
            Document::Transcript(_) => Shape::Years,
        }
    }
}

fn years(doc: &Document) -> Vec<&YearRecord> {
    match doc {
        Document::YearRecord(r) => vec![r],
        Document::Transcript(t) => t.years.iter().collect(),
    }
}

fn print_human(
    file: &std::path::Path,
    years: &[&YearRecord],
    shape: Shape,
    report: &Report,
    ui: Ui,
) {
    let kind = match shape {
        Shape::Year => ui.t("trang học bạ một năm học", "one school year record"),
        Shape::Years => ui.t("học bạ", "transcript"),
        Shape::List => ui.t("danh sách học bạ", "list of records"),
    };
    let count = if shape == Shape::List {
        ui.t("học bạ", "record(s)")
    } else {
        ui.t("năm học", "school year(s)")
    };
    crate::outln!(
        "{} {} ({kind}, {} {count})",
        ui.t(
            "Kiểm tra theo Thông tư 27/2020/TT-BGDĐT:",
            "Checked against Circular 27/2020/TT-BGDĐT:"
        ),
        file.display(),
        years.len(),
    );
    let (e, w, i) = (
        report.errors().count(),
        report.warnings().count(),
        report.with_severity(Severity::Info).count(),
    );
    let verdict = if report.is_ok() {
        ui.t("HỢP LỆ", "VALID")
    } else {
        ui.t("CHƯA HỢP LỆ", "NOT VALID")
    };
    crate::outln!(
        "{}: {verdict} — {e} {}, {w} {}, {i} {}",
        ui.t("Kết luận", "Verdict"),
        ui.t("lỗi", "error(s)"),
        ui.t("cảnh báo", "warning(s)"),
        ui.t("thông tin", "note(s)")
    );
    for (sev, title) in [
        (
            Severity::Error,
            ui.t(
                "Lỗi (phải sửa trước khi ký)",
                "Errors (must be fixed before signing)",
            ),
        ),
        (
            Severity::Warning,
            ui.t("Cảnh báo (nên kiểm tra lại)", "Warnings (please check)"),
        ),
        (Severity::Info, ui.t("Thông tin", "Notes")),
    ] {
        let list: Vec<&Violation> = report.with_severity(sev).collect();
        if list.is_empty() {
            continue;
        }
        crate::outln!("");
        crate::outln!("{title}:");
        for (n, v) in list.iter().enumerate() {
            crate::outln!("  {}. {}", n + 1, v.message(ui.lang));
            crate::outln!(
                "     {}: {} · {}: {} · {}: {}",
                ui.t("Vị trí", "Where"),
                locate(years, shape, &v.path, ui),
                ui.t("Căn cứ", "Basis"),
                v.rule,
                ui.t("mã", "code"),
                v.code
            );
        }
    }
    crate::outln!("");
    crate::outln!(
        "{}:",
        ui.t(
            "Kết quả tính theo Thông tư 27",
            "Results derived under Circular 27"
        )
    );
    for (n, (y, d)) in years.iter().zip(&report.derived).enumerate() {
        let number = if shape == Shape::List {
            format!("{} {}: ", ui.t("Học bạ", "Record"), n + 1)
        } else {
            String::new()
        };
        let head = format!(
            "  {number}{} {}, {} {}",
            ui.t("Năm học", "School year"),
            y.school_year,
            ui.t("lớp", "grade"),
            y.grade
        );
        match d {
            Some(d) => crate::outln!("{head}: {}", derived_line(d, ui)),
            None => crate::outln!(
                "{head}: {}",
                ui.t(
                    "không tính được (bộ quy định không áp dụng, hoặc thiếu điểm kiểm tra cuối năm nên chưa đánh giá được theo Điều 9.2.a)",
                    "not derived (the rule set does not apply, or an end-of-year test score is missing so Điều 9.2.a cannot be judged)"
                )
            ),
        }
    }
}

fn derived_line(d: &Derived, ui: Ui) -> String {
    let label = |vi: &'static str, en: &'static str| ui.t(vi, en).to_owned();
    let mut parts = vec![match ui.lang {
        hocba_core::Lang::Vi => d.result.label_vi().to_owned(),
        hocba_core::Lang::En => d.result.label_en().to_owned(),
    }];
    for a in &d.eligible_awards {
        let name = match ui.lang {
            hocba_core::Lang::Vi => a.award.label_vi(),
            hocba_core::Lang::En => a.award.label_en(),
        };
        parts.push(if a.requires_class_recognition {
            format!(
                "{} \"{name}\" {}",
                ui.t("có thể xét", "may be considered for"),
                ui.t(
                    "(cần tập thể lớp công nhận)",
                    "(needs the class's recognition)"
                )
            )
        } else {
            format!("{} \"{name}\"", ui.t("đủ điều kiện", "eligible for"))
        });
    }
    parts.push(if d.class_completed {
        label(
            "hoàn thành chương trình lớp học",
            "class programme completed",
        )
    } else {
        label(
            "chưa hoàn thành chương trình lớp học",
            "class programme not completed",
        )
    });
    if d.primary_completed {
        parts.push(label(
            "hoàn thành chương trình tiểu học",
            "primary education completed",
        ));
    }
    parts.join("; ")
}

/// A path such as `years[2].subjects[1].score` in words: "năm học 2022-2023 (lớp 3) › Toán ›
/// điểm KTĐK".
fn locate(years: &[&YearRecord], shape: Shape, path: &str, ui: Ui) -> String {
    let single = shape == Shape::Year;
    if path.is_empty() {
        return ui.t("toàn bộ", "whole record").to_owned();
    }
    let mut out: Vec<String> = Vec::new();
    let mut year: Option<&YearRecord> = if single { years.first().copied() } else { None };
    let mut periodic: Option<usize> = None;
    for seg in path.split('.') {
        let (name, index) = match seg.split_once('[') {
            Some((n, rest)) => (n, rest.trim_end_matches(']').parse::<usize>().ok()),
            None => (seg, None),
        };
        match (name, index) {
            ("years" | "records", Some(i)) => {
                year = years.get(i).copied();
                let number = if name == "records" {
                    format!("{} {}, ", ui.t("học bạ", "record"), i + 1)
                } else {
                    String::new()
                };
                out.push(match year {
                    Some(y) => format!(
                        "{number}{} {} ({} {})",
                        ui.t("năm học", "school year"),
                        y.school_year,
                        ui.t("lớp", "grade"),
                        y.grade
                    ),
                    None => seg.to_owned(),
                });
            }
            ("periodic", Some(j)) => {
                periodic = Some(j);
                let m = year.and_then(|y| y.periodic.get(j)).map(|p| p.moment);
                out.push(m.map_or(seg.to_owned(), |m| match ui.lang {
                    hocba_core::Lang::Vi => m.label_vi().to_owned(),
                    hocba_core::Lang::En => m.label_en().to_owned(),
                }));
            }
            ("subjects", Some(i)) => {
                let s: Option<Subject> = year.and_then(|y| match periodic {
                    Some(j) => y
                        .periodic
                        .get(j)
                        .and_then(|p| p.subjects.get(i))
                        .map(|s| s.subject),
                    None => y.subjects.get(i).map(|s| s.subject),
                });
                out.push(s.map_or(seg.to_owned(), |s| match ui.lang {
                    hocba_core::Lang::Vi => format!("môn {}", s.label_vi()),
                    hocba_core::Lang::En => s.label_en().to_owned(),
                }));
            }
            _ => out.push(field_label(name, ui).map_or_else(|| seg.to_owned(), str::to_owned)),
        }
    }
    format!("{} [{path}]", out.join(" › "))
}

fn field_label(name: &str, ui: Ui) -> Option<&'static str> {
    Some(match name {
        "score" => ui.t("điểm KTĐK", "test score"),
        "level" => ui.t("mức đạt được", "level"),
        "comment" => ui.t("nhận xét", "comment"),
        "retest" => ui.t("kiểm tra lại", "retest"),
        "language" => ui.t("ngôn ngữ", "language"),
        "subject" => ui.t("môn học", "subject"),
        "subjects" => ui.t(
            "các môn học và hoạt động giáo dục",
            "subjects and activities",
        ),
        "qualities" => ui.t("phẩm chất", "qualities"),
        "competencies" => ui.t("năng lực", "competencies"),
        "result" => ui.t("đánh giá kết quả giáo dục", "year-end result"),
        "awards" => ui.t("khen thưởng", "commendations"),
        "completion" => ui.t("hoàn thành chương trình", "completion"),
        "class_completed" => ui.t("hoàn thành chương trình lớp học", "class completed"),
        "supplementary" => ui.t("đánh giá bổ sung", "additional assessment"),
        "promotion" => ui.t("lên lớp", "promotion"),
        "principal_decision" => ui.t("quyết định của hiệu trưởng", "principal's decision"),
        "primary_completed" => ui.t("hoàn thành chương trình tiểu học", "primary completed"),
        "pupil" => ui.t("thông tin học sinh", "pupil"),
        "full_name" => ui.t("họ và tên", "full name"),
        "personal_id" => ui.t("số định danh cá nhân", "personal ID"),
        "pupil_code" => ui.t("mã học sinh", "pupil code"),
        "date_of_birth" => ui.t("ngày sinh", "date of birth"),
        "place_of_birth" => ui.t("nơi sinh", "place of birth"),
        "rule_set" => ui.t("bộ quy định đánh giá", "rule set"),
        "school" => ui.t("trường", "school"),
        "school_year" => ui.t("năm học", "school year"),
        "grade" => ui.t("khối lớp", "grade"),
        "class_name" => ui.t("lớp", "class"),
        "homeroom_teacher" => ui.t("giáo viên chủ nhiệm", "homeroom teacher"),
        "principal" => ui.t("hiệu trưởng", "principal"),
        "moment" => ui.t("thời điểm đánh giá", "moment"),
        "enrolments" => ui.t("quá trình học tập", "enrolment history"),
        "name" => ui.t("tên", "name"),
        "kind" => ui.t("danh hiệu", "title"),
        "description" => ui.t("nội dung", "wording"),
        _ => return None,
    })
}
