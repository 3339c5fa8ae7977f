//! Fields written by a newer minor version of the format, kept verbatim (ADR 0011).

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use super::ModelError;
use crate::canonical::{Limits, MAX_DEPTH, check_profile};

/// One CBOR item in the hocba-CBOR profile, kept as its exact bytes.
///
/// It is checked when made ([`RawCbor::try_from`]), so re-encoding it can never produce
/// non-canonical bytes. Hex in JSON.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct RawCbor(Vec<u8>);

impl RawCbor {
    /// Deepest an extension value may nest on its own: it sits at most three levels down
    /// (transcript → years → year record → value).
    pub const MAX_DEPTH: usize = MAX_DEPTH - 3;

    /// The encoded item.
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }
}

impl TryFrom<Vec<u8>> for RawCbor {
    type Error = ModelError;
    fn try_from(bytes: Vec<u8>) -> Result<Self, ModelError> {
        let limits = Limits {
            max_depth: Self::MAX_DEPTH,
            ..Limits::HOCBA
        };
        check_profile(&bytes, &limits).map_err(|_| ModelError::InvalidExtension)?;
        Ok(Self(bytes))
    }
}

impl TryFrom<String> for RawCbor {
    type Error = ModelError;
    fn try_from(s: String) -> Result<Self, ModelError> {
        let b = s.as_bytes();
        if !b.len().is_multiple_of(2) {
            return Err(ModelError::InvalidExtension);
        }
        let nib = |c: u8| match c {
            b'0'..=b'9' => Ok(c - b'0'),
            b'a'..=b'f' => Ok(c - b'a' + 10),
            _ => Err(ModelError::InvalidExtension),
        };
        let bytes = b
            .chunks_exact(2)
            .map(|p| Ok(nib(p[0])? << 4 | nib(p[1])?))
            .collect::<Result<Vec<u8>, ModelError>>()?;
        Self::try_from(bytes)
    }
}

impl From<RawCbor> for String {
    fn from(r: RawCbor) -> String {
        hex::encode(r.0)
    }
}

/// An extension may carry pupil data: `Debug` shows the length only.
impl fmt::Debug for RawCbor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "RawCbor({} bytes)", self.0.len())
    }
}

/// What a record written by a newer minor version of the format carried beyond what this
/// version of hocba knows: the writer's minor version and its unknown top-level fields,
/// verbatim, so that `encode(decode(x)) == x` and no data is lost (ADR 0011).
///
/// Empty (the default) for every record of a version this reader fully knows. Only the
/// top level of a [`YearRecord`](super::YearRecord) or [`Transcript`](super::Transcript)
/// can carry extensions; a minor version never adds fields to nested structures.
///
/// The encoder writes `[1, minor]` as the version (never less than its own minor) and
/// merges `fields` into the map in key order; a field whose key is one the structure
/// defines is not written (decoding never produces one).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Extensions {
    /// The minor format version of the writer; 0 means this reader's own version.
    #[serde(default)]
    pub minor: u64,
    /// Unknown top-level fields by integer key, each one canonical CBOR item.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub fields: BTreeMap<u64, RawCbor>,
}

impl Extensions {
    /// True when there is nothing to keep (the record is of a version this reader knows).
    pub fn is_empty(&self) -> bool {
        self.minor == 0 && self.fields.is_empty()
    }
}
