//! The hocba-CBOR profile: deterministic CBOR (RFC 8949 §4.2.1) with small integer map
//! keys, described by `docs/spec/hocba.cddl` and specified in `docs/spec/canonical.md`.
//!
//! - [`encode_year_record`] / [`encode_transcript`] write the canonical bytes directly,
//!   each structure's fields in key order (no generic sort).
//! - [`decode_year_record`] / [`decode_transcript`] are strict: [`check_profile`] over the
//!   raw bytes first (one item, shortest heads, definite lengths, strictly increasing map
//!   keys, NFC text, no floats, limits), then typed decoding. Every rejection has a stable
//!   code ([`DecodeErrorKind::code`]).
//! - [`check_profile`] is reusable on other structures (COSE) with other [`Limits`].
//! - [`diagnostic`] and [`annotated_hex`] show bytes to a human.
//!
//! ```
//! use hocba_core::canonical::{check_profile, decode_year_record, Limits};
//!
//! // A map with a duplicate key is rejected before any decoding.
//! let err = check_profile(&[0xa2, 0x01, 0x01, 0x01, 0x02], &Limits::HOCBA).unwrap_err();
//! assert_eq!(err.code(), "duplicate_key");
//! assert_eq!(decode_year_record(&[0xf9, 0x3c, 0x00]).unwrap_err().code(), "float");
//! ```

mod decode;
mod diag;
mod encode;
mod error;
pub(crate) mod head;
pub mod keys;
mod profile;
mod schema;

pub use decode::{decode_transcript, decode_year_record};
pub use diag::{annotated_hex, diagnostic};
pub use encode::{encode_transcript, encode_year_record};
pub use error::{DecodeError, DecodeErrorKind};
pub use profile::{COSE_TAGS, Limits, MAX_DEPTH, MAX_INPUT_BYTES, check_profile};

/// Major version of the hocba-CBOR format this crate writes (ADR 0011). Format 2 added what
/// the national XML carries (ADR 0076). A record of another major version than this one or
/// [`LEGACY_MAJOR`] is `unsupported_version`.
pub const FORMAT_MAJOR: u64 = 2;

/// Format 1.0, still read as it was written: none of format 2's fields may appear in it, and
/// a place must have its province and date. hocba writes format 2 only.
pub const LEGACY_MAJOR: u64 = 1;

/// Minor version of the format this crate writes. Records of a higher minor version are
/// read, their unknown top-level fields kept verbatim in
/// [`Extensions`](crate::model::Extensions) (ADR 0011).
pub const FORMAT_MINOR: u64 = 0;

#[cfg(test)]
mod tests;
