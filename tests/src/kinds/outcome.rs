//! The full expected outcome of a verification case (kinds `verify` and `signed_xml`), written
//! into the case's `outcome` field by the generator and compared field by field by every runner
//! (Rust here, Python `hocba-py/tests/test_manifest.py`, Kotlin `ManifestRunner.kt`, Swift
//! `ManifestRunner.swift`; issue 14 item 13, ADR 0210).
//!
//! Everything in it is decided by the core, so a binding that maps an error to another kind,
//! drops a path, a finding or a signer's field fails:
//!
//! - an input the call refuses: `{"raised": {"code", "kind", "path"}}`, the kind being
//!   [`hocba_core::ErrorKind::code`] (the exception class every binding maps it to, ADR 0096)
//!   and the path [`hocba_core::Error::path`];
//! - a report: `{"report": {"status", "error", "digest", "missing", "signers", "findings"}}`, each
//!   signer with `position`, `role`, `capacity`, `algorithm`, `signing_time` (RFC 3339),
//!   `valid`, `error`, its certificate's `subject_name`, `serial`, `issuer`, `organisation` and
//!   `is_organisation`, `time_source`, `judged_at` (the time the chain was judged at),
//!   `timestamp` (`{"time", "tsa", "tsa_root", "serial", "policy"}` of a verified RFC 3161
//!   time-stamp, or null) and `revoked_later`
//!   (`{"revoked_at", "reason"}` or null), each finding with `code`, `rule`, `path` and
//!   `blocking` (its severity: an error when true, a warning when false);
//! - a transcript's report: `{"report": {"status", "error", "issues", "findings", "years"}}`,
//!   each issue with `code` and `record`, each year with its `revisions`, each with its index in
//!   the input (`record`), `digest`, `supersedes`, `lookup_code`, `recalled` and `report`.
//!
//! The content checks are the ones every binding runs by default: the TT27 rules under the
//! default policy ([`checks`]).

use hocba_core::envelope::transcript::TranscriptReport;
use hocba_core::envelope::{ContentFinding, SignerReport, VerificationReport};
use hocba_core::rules::Tt27Checks;
use serde_json::{Value, json};

use crate::vectors::Expect;

/// The content checks the bindings run during verification by default: the TT27 rules under
/// the default policy (what `UnverifiedTranscript::verify` runs).
pub fn checks() -> Tt27Checks {
    Tt27Checks::default()
}

/// The outcome of a call the core refused.
pub fn raised(e: &hocba_core::Error) -> Value {
    json!({"raised": {"code": e.code(), "kind": e.kind().code(), "path": e.path()}})
}

/// The outcome of a year record's report.
pub fn record(r: &VerificationReport) -> Value {
    json!({"report": record_report(r)})
}

/// The outcome of a transcript's report.
pub fn transcript(r: &TranscriptReport) -> Value {
    json!({"report": {
        "status": r.status.code(),
        "error": r.error,
        "issues": r.issues.iter().map(|i| json!({"code": i.code, "record": i.record})).collect::<Vec<_>>(),
        "findings": findings(&r.findings),
        "years": r.years.iter().map(|y| json!({
            "revisions": y.revisions.iter().map(|rev| json!({
                "record": rev.index,
                "digest": rev.digest.to_hex(),
                "supersedes": rev.supersedes.map(|d| d.to_hex()),
                "lookup_code": rev.lookup_code.map(|c| c.to_string()),
                "recalled": rev.recalled,
                "report": record_report(&rev.report),
            })).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
    }})
}

fn record_report(r: &VerificationReport) -> Value {
    json!({
        "status": r.status.code(),
        "error": r.error,
        "digest": r.digest.to_hex(),
        "missing": r.missing.iter().map(|m| m.code()).collect::<Vec<_>>(),
        "signers": r.signers.iter().map(signer).collect::<Vec<_>>(),
        "findings": findings(&r.findings),
    })
}

fn signer(s: &SignerReport) -> Value {
    json!({
        "position": s.position,
        "role": s.role.code(),
        "capacity": s.capacity.map(|c| c.code()),
        "algorithm": s.algorithm.name(),
        "signing_time": s.signing_time.to_rfc3339(),
        "valid": s.outcome.is_ok(),
        "error": s.outcome.as_ref().err().map(|f| f.code()),
        "subject_name": s.certificate.as_ref().map(|c| c.subject_name.as_str()),
        "serial": s.certificate.as_ref().map(|c| c.serial_hex.as_str()),
        "issuer": s.certificate.as_ref().map(|c| c.issuer.as_str()),
        "organisation": s.certificate.as_ref().and_then(|c| c.organisation.as_deref()),
        "is_organisation": s.certificate.as_ref().and_then(|c| c.is_organisation),
        "time_source": s.time_source(),
        "judged_at": s.judged_at().to_rfc3339(),
        "timestamp": s.timestamp.as_ref().map(hocba_core::timestamp::TimestampInfo::to_json),
        "revoked_later": s.revoked_later.map(|r| json!({
            "revoked_at": r.revoked_at.to_rfc3339(),
            "reason": r.reason_code(),
        })),
    })
}

fn findings(f: &[ContentFinding]) -> Vec<Value> {
    f.iter()
        .map(|f| json!({"code": f.code, "rule": f.rule, "path": f.path, "blocking": f.blocking}))
        .collect()
}

/// The short form of an outcome, as `expect` states it: `{"ok": true}` for a valid report, else
/// the raised error's code or the report's `error` (`invalid` when it has none).
pub fn expect_of(outcome: &Value) -> Expect {
    if let Some(code) = outcome.pointer("/raised/code").and_then(Value::as_str) {
        return Expect::error(code);
    }
    match outcome.pointer("/report/status").and_then(Value::as_str) {
        Some("valid") => Expect::ok(),
        _ => Expect::error(
            outcome
                .pointer("/report/error")
                .and_then(Value::as_str)
                .unwrap_or("invalid"),
        ),
    }
}

/// Checks that `outcome` agrees with the case's `expect`.
pub fn check_expect(expect: &Expect, outcome: &Value) -> Result<(), String> {
    let got = expect_of(outcome);
    if &got == expect {
        Ok(())
    } else {
        Err(format!("expected {expect:?}, got {got:?}"))
    }
}

/// Compares a computed outcome with the case's `outcome` field, naming the first field that
/// differs (by its JSON pointer).
pub fn compare(want: Option<&Value>, got: &Value) -> Result<(), String> {
    let want = want.ok_or("missing field `outcome`")?;
    match first_difference(want, got, String::new()) {
        None => Ok(()),
        Some((at, w, g)) => Err(format!("outcome{at}: expected {w}, got {g}")),
    }
}

fn first_difference(want: &Value, got: &Value, at: String) -> Option<(String, Value, Value)> {
    match (want, got) {
        (Value::Object(w), Value::Object(g)) => {
            let keys: std::collections::BTreeSet<&String> = w.keys().chain(g.keys()).collect();
            keys.into_iter().find_map(|k| {
                let (w, g) = (
                    w.get(k).cloned().unwrap_or(Value::Null),
                    g.get(k).cloned().unwrap_or(Value::Null),
                );
                first_difference(&w, &g, format!("{at}/{k}"))
            })
        }
        (Value::Array(w), Value::Array(g)) if w.len() == g.len() => w
            .iter()
            .zip(g)
            .enumerate()
            .find_map(|(i, (w, g))| first_difference(w, g, format!("{at}/{i}"))),
        _ if want == got => None,
        _ => Some((at, want.clone(), got.clone())),
    }
}
