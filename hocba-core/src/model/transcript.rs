//! A transcript: the pupil and their year records, grades 1..5, maybe from several schools.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{Enrolment, Extensions, Pupil, YearRecord};

/// The whole học bạ of one pupil.
// The CBOR form, in rustdoc only (so it stays out of the JSON Schema's descriptions).
#[cfg_attr(
    doc,
    doc = r#"

CBOR form (`docs/spec/hocba.cddl`):
```cddl
transcript = {
  0 => version,                         ; version
  1 => pupil,                           ; pupil
  2 => [* enrolment],                   ; enrolments
  3 => [* year-record],                 ; years
  * uint => any                         ; extensions (newer minor only)
}
```
"#
)]
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
