//! A pupil's records of several school years verified as one học bạ on the lookup page
//! (ADR 0170, ADR 0200): the stored years of the pupil a lookup names, or the national XML
//! records of several uploaded files, go through the core's multi-year verification
//! (`xmldsig::UnverifiedXmlYears::verify_in`: each year as a single record, then one pupil, one
//! record in force per school year, consecutive years, the grade following the promotion, the
//! cross-year TT27 rules), with the portal's recalls and replacements as
//! [`RecallFacts`]. The outcome is kept as a [`TranscriptView`] that the page renders as HTML
//! and the API as JSON, so both show the same data.

use hocba_core::envelope::transcript::{RecallFacts, TranscriptReport};
use hocba_core::envelope::{Status, Verifier};
use hocba_core::model::LookupCode;
use hocba_core::rules::Tt27Checks;
use hocba_core::xmldsig::{RequiredRoles, UnverifiedXmlYears, slot_name};
use hocba_core::{Lang, TrustStore, UnixTime};
use serde_json::{Value, json};

use crate::lookup::esc;
use crate::store::RecordRow;

/// One record entering the multi-year verification: where it came from (a school code for a
/// stored record, a file name for an upload; shown to the person, never logged) and the
/// record as a file of its own.
#[derive(Clone, Debug)]
pub struct YearInput {
    /// Where it came from.
    pub source: String,
    /// The signed national XML document.
    pub document: Vec<u8>,
}

/// The portal's recall facts for `rows`: every recalled lookup code, and the replacement of
/// each recalled record that has one (`replaced_by_uuid`, set when the school's new record was
/// accepted).
pub fn recall_facts(rows: &[RecordRow]) -> RecallFacts {
    let mut facts = RecallFacts::new();
    let code = |s: &str| LookupCode::try_from(s).ok();
    for r in rows.iter().filter(|r| r.state == "recalled") {
        let Some(old) = code(&r.ma_tra_cuu_uuid) else {
            continue;
        };
        match r.replaced_by_uuid.as_deref().and_then(code) {
            Some(new) => facts.replace(old, new),
            None => facts.recall(old),
        };
    }
    facts
}

/// One signature of a revision, as verification found it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignerView {
    /// `GVCN`, `CBQL` or `KY_PHAT_HANH`.
    pub role: &'static str,
    /// The certificate's subject name.
    pub name: String,
    /// The signing time (JSON: RFC 3339; pages: Vietnam time).
    pub signed_at: hocba_core::UnixTime,
    /// The failure's code, when the signature is not valid.
    pub error: Option<&'static str>,
    /// Why not, in Vietnamese.
    pub message_vi: Option<String>,
    /// Why not, in English.
    pub message_en: Option<String>,
}

/// One record of a school year.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RevisionView {
    /// Where it came from ([`YearInput::source`]).
    pub source: String,
    /// Its lookup code.
    pub lookup_code: Option<String>,
    /// Whether it is the year's record in force.
    pub current: bool,
    /// Whether the portal recalled it.
    pub recalled: bool,
    /// `valid`, `incomplete` or `invalid`.
    pub status: &'static str,
    /// The verifier's code when not valid.
    pub error: Option<&'static str>,
    /// Every signature present.
    pub signers: Vec<SignerView>,
    /// Roles that have not signed.
    pub missing: Vec<&'static str>,
}

/// One school year.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct YearView {
    /// `2024-2025`.
    pub school_year: String,
    /// The grade of the record in force.
    pub grade: String,
    /// Every record of the year, oldest first; the last is in force.
    pub revisions: Vec<RevisionView>,
}

/// A problem of the records taken together (duplicate, pupil mismatch, a year recalled …).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IssueView {
    /// The core's code.
    pub code: &'static str,
    /// Where the record concerned came from.
    pub source: String,
    /// Vietnamese.
    pub message_vi: String,
    /// English.
    pub message_en: String,
}

/// A finding of the TT27 rules (on a year, or across years).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FindingView {
    /// The rule's code.
    pub code: String,
    /// The article.
    pub rule: String,
    /// Where in the data.
    pub path: String,
    /// Whether it makes the whole invalid.
    pub blocking: bool,
    /// Vietnamese.
    pub message_vi: String,
    /// English.
    pub message_en: String,
}

/// The multi-year verification, ready to show.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TranscriptView {
    /// The records were read and verified as one học bạ.
    Verified {
        /// `valid`, `incomplete` or `invalid`.
        status: &'static str,
        /// The first reason it is not valid.
        error: Option<&'static str>,
        /// Years in order.
        years: Vec<YearView>,
        /// Problems of the records taken together.
        issues: Vec<IssueView>,
        /// Cross-year findings of the TT27 rules.
        findings: Vec<FindingView>,
    },
    /// A record could not be read as a signed national record: nothing was verified.
    Unreadable {
        /// Where it came from.
        source: String,
        /// The core's code.
        code: &'static str,
        /// Vietnamese.
        message_vi: String,
        /// English.
        message_en: String,
    },
}

/// Verifies `inputs` as one pupil's records at `at` under `trust`, requiring the roles of
/// `required`, with the portal's `recalls`. Blocking (run it off the async threads).
pub fn verify(
    inputs: &[YearInput],
    trust: &TrustStore,
    at: UnixTime,
    required: RequiredRoles,
    recalls: &RecallFacts,
) -> TranscriptView {
    let source = |i: usize| inputs.get(i).map(|x| x.source.clone()).unwrap_or_default();
    let documents = inputs.iter().map(|i| i.document.clone()).collect();
    let years = match UnverifiedXmlYears::from_records(documents) {
        Ok(y) => y,
        Err(e) => {
            return TranscriptView::Unreadable {
                source: source(e.index),
                code: e.error.code(),
                message_vi: e.error.message(Lang::Vi),
                message_en: e.error.message(Lang::En),
            };
        }
    };
    let v = years.verify_in(
        &Verifier::new(trust, at),
        required,
        &Tt27Checks::default(),
        recalls,
    );
    view(v.report(), &source)
}

fn view(r: &TranscriptReport, source: &dyn Fn(usize) -> String) -> TranscriptView {
    let years = r
        .years
        .iter()
        .map(|y| YearView {
            school_year: y.school_year.to_string(),
            grade: y.grade.to_string(),
            revisions: y
                .revisions
                .iter()
                .map(|rev| RevisionView {
                    source: source(rev.index),
                    lookup_code: rev.lookup_code.map(|c| c.to_string()),
                    current: rev.index == y.current_index && !rev.recalled,
                    recalled: rev.recalled,
                    status: rev.report.status.code(),
                    error: rev.report.error,
                    signers: rev
                        .report
                        .signers
                        .iter()
                        .map(|s| SignerView {
                            role: slot_name(s.role),
                            name: s
                                .certificate
                                .as_ref()
                                .map(|c| c.subject_name.clone())
                                .unwrap_or_default(),
                            signed_at: s.signing_time,
                            error: s.outcome.as_ref().err().map(|e| e.code()),
                            message_vi: s.outcome.as_ref().err().map(|e| e.message(Lang::Vi)),
                            message_en: s.outcome.as_ref().err().map(|e| e.message(Lang::En)),
                        })
                        .collect(),
                    missing: rev.report.missing.iter().map(|m| slot_name(*m)).collect(),
                })
                .collect(),
        })
        .collect();
    TranscriptView::Verified {
        status: r.status.code(),
        error: r.error,
        years,
        issues: r
            .issues
            .iter()
            .map(|i| IssueView {
                code: i.code,
                source: source(i.record),
                message_vi: i.message_vi(),
                message_en: i.message_en(),
            })
            .collect(),
        findings: r
            .findings
            .iter()
            .map(|f| FindingView {
                code: f.code.clone(),
                rule: f.rule.clone(),
                path: f.path.clone(),
                blocking: f.blocking,
                message_vi: f.message_vi.clone(),
                message_en: f.message_en.clone(),
            })
            .collect(),
    }
}

fn status_words(status: &str) -> (&'static str, &'static str) {
    match status {
        "valid" => ("hợp lệ", "valid"),
        "incomplete" => ("chưa đủ chữ ký", "incomplete"),
        _ => ("không hợp lệ", "invalid"),
    }
}

impl TranscriptView {
    /// Whether the records are valid as one học bạ.
    pub fn is_valid(&self) -> bool {
        matches!(self, TranscriptView::Verified { status, .. } if *status == Status::Valid.code())
    }

    /// The view as JSON (the API's `transcript`).
    pub fn to_json(&self) -> Value {
        match self {
            TranscriptView::Unreadable {
                source,
                code,
                message_vi,
                message_en,
            } => json!({
                "status": "unreadable", "error": code, "source": source,
                "message_vi": message_vi, "message_en": message_en,
            }),
            TranscriptView::Verified {
                status,
                error,
                years,
                issues,
                findings,
            } => json!({
                "status": status,
                "error": error,
                "years": years.iter().map(|y| json!({
                    "school_year": y.school_year,
                    "grade": y.grade,
                    "revisions": y.revisions.iter().map(|r| json!({
                        "source": r.source,
                        "ma_tra_cuu_uuid": r.lookup_code,
                        "current": r.current,
                        "recalled": r.recalled,
                        "status": r.status,
                        "error": r.error,
                        "missing": r.missing,
                        "signers": r.signers.iter().map(|s| json!({
                            "role": s.role, "name": s.name, "signed_at": s.signed_at.to_rfc3339(),
                            "valid": s.error.is_none(), "error": s.error,
                            "message_vi": s.message_vi, "message_en": s.message_en,
                        })).collect::<Vec<_>>(),
                    })).collect::<Vec<_>>(),
                })).collect::<Vec<_>>(),
                "issues": issues.iter().map(|i| json!({
                    "code": i.code, "source": i.source,
                    "message_vi": i.message_vi, "message_en": i.message_en,
                })).collect::<Vec<_>>(),
                "findings": findings.iter().map(|f| json!({
                    "code": f.code, "rule": f.rule, "path": f.path, "blocking": f.blocking,
                    "message_vi": f.message_vi, "message_en": f.message_en,
                })).collect::<Vec<_>>(),
            }),
        }
    }

    /// The view as an HTML section (Vietnamese first, no JavaScript).
    pub fn to_html(&self) -> String {
        let mut out = String::from(
            "<h2 id=\"cac-nam-hoc\">Học bạ qua các năm học <span class=\"en\">· \
             The records across school years</span></h2>",
        );
        let (status, error, years, issues, findings) = match self {
            TranscriptView::Unreadable {
                source,
                code,
                message_vi,
                message_en,
            } => {
                out.push_str(&format!(
                    "<p class=\"bad\">Không đọc được hồ sơ {}: {} ({}). \
                     <span class=\"en\">A record cannot be read: {}</span></p>",
                    esc(source),
                    esc(message_vi),
                    esc(code),
                    esc(message_en)
                ));
                return out;
            }
            TranscriptView::Verified {
                status,
                error,
                years,
                issues,
                findings,
            } => (status, error, years, issues, findings),
        };
        let (vi, en) = status_words(status);
        let class = if *status == "valid" { "ok" } else { "bad" };
        out.push_str(&format!(
            "<p class=\"{class}\" data-transcript-status=\"{status}\">Các năm học xét chung: {vi}{}. \
             <span class=\"en\">All years together: {en}</span></p>",
            error.map_or_else(String::new, |e| format!(" ({})", esc(e)))
        ));
        out.push_str(
            "<table><tr><th>Năm học <span class=\"en\">Year</span></th>\
             <th>Khối <span class=\"en\">Grade</span></th>\
             <th>Nguồn · Mã tra cứu <span class=\"en\">Source · Lookup code</span></th>\
             <th>Kết quả <span class=\"en\">Result</span></th>\
             <th>Người ký <span class=\"en\">Signers</span></th></tr>",
        );
        for y in years {
            for r in &y.revisions {
                let (vi, en) = status_words(r.status);
                let mut result = format!(
                    "<span class=\"{}\">{vi}</span> <span class=\"en\">{en}</span>",
                    if r.status == "valid" { "ok" } else { "bad" }
                );
                if let Some(e) = r.error {
                    result.push_str(&format!(" ({})", esc(e)));
                }
                if r.recalled {
                    result.push_str("<br>đã thu hồi <span class=\"en\">recalled</span>");
                } else if r.current {
                    result.push_str("<br>đang có hiệu lực <span class=\"en\">in force</span>");
                }
                for m in &r.missing {
                    result.push_str(&format!(
                        "<br>thiếu chữ ký {m} <span class=\"en\">{m} has not signed</span>"
                    ));
                }
                let mut signers = String::new();
                for s in &r.signers {
                    signers.push_str(&format!(
                        "{}: {} — {}",
                        s.role,
                        esc(&s.name),
                        esc(&s.signed_at.to_vietnam_display())
                    ));
                    if let (Some(code), Some(vi), Some(en)) =
                        (s.error, &s.message_vi, &s.message_en)
                    {
                        signers.push_str(&format!(
                            " <span class=\"bad\">không hợp lệ: {} ({code})</span> \
                             <span class=\"en\">{}</span>",
                            esc(vi),
                            esc(en)
                        ));
                    }
                    signers.push_str("<br>");
                }
                out.push_str(&format!(
                    "<tr><td>{}</td><td>{}</td><td>{}<br><code>{}</code></td><td>{result}</td><td>{signers}</td></tr>",
                    esc(&y.school_year),
                    esc(&y.grade),
                    esc(&r.source),
                    esc(r.lookup_code.as_deref().unwrap_or("")),
                ));
            }
        }
        out.push_str("</table>");
        if !issues.is_empty() || !findings.is_empty() {
            out.push_str(
                "<h3>Nhận xét qua các năm <span class=\"en\">· Findings across years</span></h3><ul>",
            );
            for i in issues {
                out.push_str(&format!(
                    "<li class=\"bad\">{} — {} ({}) <span class=\"en\">{}</span></li>",
                    esc(&i.source),
                    esc(&i.message_vi),
                    esc(i.code),
                    esc(&i.message_en)
                ));
            }
            for f in findings {
                out.push_str(&format!(
                    "<li class=\"{}\">{} ({}, {}) <span class=\"en\">{}</span></li>",
                    if f.blocking { "bad" } else { "" },
                    esc(&f.message_vi),
                    esc(&f.rule),
                    esc(&f.code),
                    esc(&f.message_en)
                ));
            }
            out.push_str("</ul>");
        }
        out
    }
}
