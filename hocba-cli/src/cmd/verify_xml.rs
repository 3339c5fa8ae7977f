//! `hocba verify x.xml`: a signed national học bạ số (CV 2088, XML-DSig) verified by the core
//! (`hocba_core::xmldsig`, `docs/spec/xml-signature.md` §4) with the caller's trust roots at
//! `--at`, one line per signer, and the record's status. The exit code is the status's, and a
//! document refused before any signature is checked exits with its error's class (ADR 0090).

use std::process::ExitCode;

use clap::ValueEnum;
use hocba_core::envelope::{Status, VerificationReport, format_time, role_label};
use hocba_core::xmldsig::{RequiredRoles, UnverifiedXml, slot_name};
use hocba_core::{Lang, SignerRole, TrustStore, UnixTime};
use serde_json::json;

use crate::output::{Outcome, Ui, print_json};
use crate::parse::core_failure;

/// `--roles`: which roles a valid national XML needs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum RolesArg {
    /// GVCN, CBQL and KY_PHAT_HANH (TT27 practice, HCMC QĐ 1789).
    #[default]
    All,
    /// CBQL and KY_PHAT_HANH: the national specification's minimum (CV 2088 Phụ lục 1.1).
    SpecMinimum,
}

impl From<RolesArg> for RequiredRoles {
    fn from(r: RolesArg) -> Self {
        match r {
            RolesArg::All => RequiredRoles::All,
            RolesArg::SpecMinimum => RequiredRoles::SpecMinimum,
        }
    }
}

/// The roles `required` asks for, as slot names.
fn required_slots(required: RequiredRoles) -> Vec<&'static str> {
    SignerRole::ALL
        .into_iter()
        .filter(|r| required.requires(*r))
        .map(slot_name)
        .collect()
}

/// Verifies one national XML and reports it. An XML with no signature at all is
/// `xmldsig_not_signed`, decided by the core.
pub fn verify(
    bytes: &[u8],
    trust: &TrustStore,
    at: UnixTime,
    required: RequiredRoles,
    ui: Ui,
) -> Outcome {
    let unverified =
        UnverifiedXml::from_signed_bytes(bytes).map_err(|e| core_failure(&e.into(), ui))?;
    let verifier = hocba_core::envelope::Verifier::new(trust, at);
    let (mut report, verified) = unverified.verify_in(&verifier, required).into_parts();
    // The TT27 rules and the dates against the signing times (ADR 0265), as bulk verification
    // and the bindings report them.
    if let Some(doc) = &verified {
        report.findings = hocba_core::xmldsig::content_findings(
            doc,
            &report,
            &hocba_core::rules::Tt27Checks::default(),
        )
        .map_err(|e| core_failure(&e, ui))?;
    }
    let report = &report;
    if ui.json {
        print_json(&report_json(report, required, ui.lang));
    } else {
        crate::outln!("{}", report_text(report, required, ui.lang).trim_end());
    }
    Ok(match report.status {
        Status::Valid => ExitCode::SUCCESS,
        _ => ExitCode::from(1),
    })
}

/// The report as JSON: the shared report (`VerificationReport::to_json`) with each signer's
/// slot, the format and the roles required.
pub fn report_json(
    r: &VerificationReport,
    required: RequiredRoles,
    lang: Lang,
) -> serde_json::Value {
    let mut j = r.to_json(lang);
    j["ok"] = json!(r.status == Status::Valid);
    j["format"] = json!("national_xml");
    j["required_roles"] = json!(required_slots(required));
    j["missing_slots"] = json!(r.missing.iter().map(|m| slot_name(*m)).collect::<Vec<_>>());
    if let Some(signers) = j["signers"].as_array_mut() {
        for (s, line) in r.signers.iter().zip(signers) {
            line["slot"] = json!(slot_name(s.role));
        }
    }
    j
}

/// One line per signer — slot, role, signer, algorithm, signing time, ✓ or the reason — then
/// the missing roles and the record's status.
pub fn report_text(r: &VerificationReport, required: RequiredRoles, lang: Lang) -> String {
    let t = |vi: &'static str, en: &'static str| if lang == Lang::Vi { vi } else { en };
    let mut out = format!(
        "{}: {}\n",
        t("Học bạ số (XML quốc gia)", "National học bạ số (XML)"),
        r.status.label(lang)
    );
    for s in &r.signers {
        let who = s
            .certificate
            .as_ref()
            .map_or("?", |c| c.subject_name.as_str());
        let outcome = match &s.outcome {
            Ok(()) => "✓".to_owned(),
            Err(e) => format!("✗ {} [{}]", e.message(lang), e.code()),
        };
        out.push_str(&format!(
            "  {}. {} ({}): {who} — {} {} — {outcome}\n",
            s.position + 1,
            slot_name(s.role),
            role_label(s.role, lang),
            s.algorithm,
            format_time(s.signing_time),
        ));
        if let Some(ts) = &s.timestamp {
            out.push_str(&format!(
                "     {}: {} — {}\n",
                t(
                    "dấu thời gian (chứng thư số được đánh giá tại thời điểm này)",
                    "time-stamp (the certificate was judged at this time)"
                ),
                format_time(ts.time),
                ts.tsa_name
            ));
        }
    }
    out.push_str(&super::verify::blocking_findings(r, lang));
    for m in &r.missing {
        out.push_str(&format!(
            "  {}: {} ({})\n",
            t("Chưa ký", "Not yet signed"),
            slot_name(*m),
            role_label(*m, lang)
        ));
    }
    out.push_str(&format!(
        "  {}: {}\n",
        t("Cần chữ ký của", "Required signers"),
        required_slots(required).join(", ")
    ));
    out
}
