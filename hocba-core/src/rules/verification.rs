//! The TT27 rules run during signature verification: a signed record's content is checked
//! with the same validator vendors call, and the findings join the verification report
//! (they never change the signature status — a signed record stays what was signed).

use super::report::Sink;
use super::{Policy, Violation, validate};
use crate::envelope::{ContentCheck, ContentFinding};
use crate::model::YearRecord;

/// [`ContentCheck`] with the TT27 rules under a [`Policy`]: pass it to
/// `UnverifiedRecord::verify_with` / `UnverifiedTranscript::verify_with`.
#[derive(Clone, Debug, Default)]
pub struct Tt27Checks {
    /// The policy for the rules marked UNCONFIRMED.
    pub policy: Policy,
}

fn finding(v: Violation) -> ContentFinding {
    ContentFinding {
        code: v.code.to_owned(),
        rule: v.rule,
        path: v.path,
        blocking: v.severity == super::Severity::Error,
        message_vi: v.message_vi,
        message_en: v.message_en,
    }
}

impl ContentCheck for Tt27Checks {
    fn check_year(&self, record: &YearRecord) -> Vec<ContentFinding> {
        validate(record, &self.policy)
            .violations
            .into_iter()
            .map(finding)
            .collect()
    }

    /// [`validate_national`](super::validate_national): the national format's limits
    /// (ADR 0242) and its completion sentence (ADR 0243).
    fn check_national_year(
        &self,
        record: &YearRecord,
        facts: &crate::moet::NationalFacts,
    ) -> Vec<ContentFinding> {
        super::validate_national(record, facts, &self.policy)
            .violations
            .into_iter()
            .map(finding)
            .collect()
    }

    /// [`check_signing_time`](super::check_signing_time) for every signer, a finding reported
    /// once (the first signer it concerns) when several signatures break the same rule at the
    /// same place.
    fn check_signing_times(
        &self,
        record: &YearRecord,
        signatures: &[(crate::trust::SignerRole, crate::trust::UnixTime)],
    ) -> Vec<ContentFinding> {
        let mut out: Vec<ContentFinding> = Vec::new();
        for (role, at) in signatures {
            for v in super::check_signing_time(record, *role, *at, &self.policy) {
                if !out.iter().any(|f| f.code == v.code && f.path == v.path) {
                    out.push(finding(v));
                }
            }
        }
        out
    }

    /// The cross-year rules over the current revision of every year (consecutive school
    /// years, grade progression consistent with promotion, nothing after grade 5 completion).
    fn check_transcript(&self, years: &[&YearRecord]) -> Vec<ContentFinding> {
        let owned: Vec<YearRecord> = years.iter().map(|y| (*y).clone()).collect();
        let mut out = Vec::new();
        let mut sink = Sink {
            policy: &self.policy,
            prefix: "",
            out: &mut out,
            national: None,
        };
        super::transcript::across_years(&owned, &mut sink);
        out.into_iter().map(finding).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::YearResult;
    use crate::synth;

    #[test]
    fn findings_are_the_validators() {
        let mut r = synth::demo_transcript().years[0].clone();
        assert!(
            Tt27Checks::default()
                .check_year(&r)
                .iter()
                .all(|f| !f.blocking)
        );
        r.result = if r.result == YearResult::NotCompleted {
            YearResult::Excellent
        } else {
            YearResult::NotCompleted
        };
        let findings = Tt27Checks::default().check_year(&r);
        assert!(
            findings
                .iter()
                .any(|f| f.code == "result_mismatch" && f.blocking),
            "{:?}",
            findings.iter().map(|f| &f.code).collect::<Vec<_>>()
        );
    }

    #[test]
    fn cross_year_findings() {
        let t = synth::demo_transcript();
        let years: Vec<&YearRecord> = t.years.iter().collect();
        assert!(Tt27Checks::default().check_transcript(&years).is_empty());
        let skipped = [years[0], years[2]];
        assert!(!Tt27Checks::default().check_transcript(&skipped).is_empty());
    }
}
