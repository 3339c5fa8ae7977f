//! `hocba verify x.xml`: a signed national học bạ số (CV 2088, XML-DSig) verified by the core
//! (`hocba_core::xmldsig`, `docs/spec/xml-signature.md` §4) with the caller's trust roots at
//! `--at`, one line per signer, and the record's status. The exit code is the status's, and a
//! document refused before any signature is checked exits with its error's class (ADR 0090).

use std::process::ExitCode;

use clap::ValueEnum;
use hocba_core::envelope::Status;
use hocba_core::xmldsig::{RequiredRoles, UnverifiedXml};
use hocba_core::{TrustStore, UnixTime};

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
    // The report's shape — `format`, `required_roles`, `missing_slots`, each signer's `slot`,
    // the blocking findings — is the core's (ADR 0260), the same in Python and Kotlin/Swift.
    if ui.json {
        print_json(&report.to_json(ui.lang));
    } else {
        crate::outln!("{}", report.to_text(ui.lang).trim_end());
    }
    Ok(match report.status {
        Status::Valid => ExitCode::SUCCESS,
        _ => ExitCode::from(1),
    })
}
