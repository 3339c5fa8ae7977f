//! `verify_xml_transcript`: one pupil's signed national XML records of several school years
//! (possibly several schools, possibly recalled and replaced on the portal) verified as one
//! học bạ by the core (`hocba_core::xmldsig::UnverifiedXmlYears`, ADR 0170).

use hocba_core::envelope::Verifier;
use hocba_core::envelope::transcript::RecallFacts;
use hocba_core::model::LookupCode;
use hocba_core::rules::Tt27Checks;
use hocba_core::trust::TrustStore as CoreStore;
use hocba_core::xmldsig::{RequiredRoles, UnverifiedXmlYears};
use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::bytes::input;
use crate::errors::{argument_error, code, to_py};
use crate::time::time_arg;
use crate::trust::expect_store;
use crate::verify::TranscriptVerificationReport;

fn roles_arg(roles: &str) -> PyResult<RequiredRoles> {
    match roles {
        "all" => Ok(RequiredRoles::All),
        "spec_minimum" => Ok(RequiredRoles::SpecMinimum),
        _ => Err(argument_error(
            code::ARGUMENT_VALUE,
            "roles must be 'all' or 'spec_minimum'",
            "roles phải là 'all' hoặc 'spec_minimum'",
        )),
    }
}

fn code_arg(code: &str) -> PyResult<LookupCode> {
    LookupCode::try_from(code).map_err(|e| to_py(e.into()))
}

/// The portal's recall facts from `recalled=` (lookup codes) and `replaced=` (old → new).
pub(crate) fn recall_facts(
    recalled: &[String],
    replaced: Option<&Bound<'_, PyDict>>,
) -> PyResult<RecallFacts> {
    let mut facts = RecallFacts::new();
    for code in recalled {
        facts.recall(code_arg(code)?);
    }
    if let Some(map) = replaced {
        for (old, new) in map.iter() {
            facts.replace(
                code_arg(&old.extract::<String>()?)?,
                code_arg(&new.extract::<String>()?)?,
            );
        }
    }
    Ok(facts)
}

/// Verifies `records` (the signed national XML of one pupil, one or more per school year, in
/// any order) as one học bạ against `trust` at `at` (default now): each record as
/// `verify_xml` does under the `roles` policy (`"all"` or `"spec_minimum"`), then the same
/// pupil, one record in force per school year, consecutive years, the grade progression and
/// the cross-year TT27 rules. `recalled` lists lookup codes the portal recalled; `replaced`
/// maps a recalled lookup code to its replacement's. Returns a
/// `TranscriptVerificationReport` (its `records` only when valid). Raises the core's error,
/// with the attribute `record` (index in `records`), when a record cannot be read.
#[pyfunction]
#[pyo3(signature = (records, trust, *, at = None, roles = "all", recalled = Vec::new(), replaced = None))]
pub(crate) fn verify_xml_transcript(
    py: Python<'_>,
    records: Vec<Bound<'_, PyAny>>,
    trust: &Bound<'_, PyAny>,
    at: Option<&Bound<'_, PyAny>>,
    roles: &str,
    recalled: Vec<String>,
    replaced: Option<&Bound<'_, PyDict>>,
) -> PyResult<TranscriptVerificationReport> {
    let required = roles_arg(roles)?;
    let store = expect_store(trust)?;
    let at = time_arg(at, "at")?;
    let facts = recall_facts(&recalled, replaced)?;
    let mut bytes = Vec::with_capacity(records.len());
    for r in &records {
        bytes.push(input(r, "each record")?.as_slice().to_vec());
    }
    let store: &CoreStore = &store.0;
    let result = py.detach(|| {
        UnverifiedXmlYears::from_records(bytes).map(|y| {
            y.verify_in(
                &Verifier::new(store, at),
                required,
                &Tt27Checks::default(),
                &facts,
            )
        })
    });
    match result {
        Ok(v) => {
            let (report, verified) = v.into_parts();
            Ok(TranscriptVerificationReport::from_parts(report, verified))
        }
        Err(e) => {
            let err = to_py(e.error);
            err.value(py).setattr("record", e.index)?;
            Err(err)
        }
    }
}
