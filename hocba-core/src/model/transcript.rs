//! A transcript: the pupil and their year records, grades 1..5, maybe from several schools.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{Enrolment, Extensions, Pupil, YearRecord};

/// The whole học bạ of one pupil.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Transcript {
    /// The identity page, as currently known.
    pub pupil: Pupil,
    /// Quá trình học tập, in chronological order.
    pub enrolments: Vec<Enrolment>,
    /// The year records, in chronological order.
    pub years: Vec<YearRecord>,
    /// Top-level fields of a newer minor format version, kept verbatim (ADR 0011).
    #[serde(default, skip_serializing_if = "Extensions::is_empty")]
    pub extensions: Extensions,
}
