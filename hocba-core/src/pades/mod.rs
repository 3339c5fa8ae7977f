//! PAdES: PDF signatures on the rendered học bạ (ETSI EN 319 142-1 baseline B-B; ADR 0150).
//!
//! In Việt Nam the PDF học bạ has the same legal value as the XML one, and PDF readers (Adobe,
//! Foxit, NEAC's verification service) show a PDF signature, not the embedded signed record.
//! So the rendered file can carry PAdES signatures, each one an **incremental update**: the
//! rendered bytes stay byte for byte (the rendered-from check still applies to them), and a new
//! revision appends a signature dictionary (`/SubFilter /ETSI.CAdES.detached`), a signature
//! field with a visible appearance on the first page ("Ký bởi: …", "Ngày ký: …" in the
//! renderer's embedded font), `/AcroForm` with `/SigFlags 3`, and a CMS SignedData over the
//! whole file except the `/Contents` hole.
//!
//! External-first, like every hocba signature: [`prepare`] returns a [`PreparedSignature`]
//! whose [`PreparedSignature::signed_attributes`] (or their SHA-256,
//! [`PreparedSignature::digest_to_sign`]) a token or a remote-signing service signs;
//! [`PreparedSignature::attach`] takes that value, or a complete CMS, checks it against the
//! certificate and writes it. [`sign`] does both in-process. [`verify`] checks every signature
//! and refuses revisions that change the document after signing.
//!
//! ```
//! use hocba_core::pades;
//! // A PDF without PDF signatures has nothing to verify.
//! let err = pades::has_signature_revisions(b"not a pdf").unwrap_err();
//! assert_eq!(err.code(), "pades_malformed");
//! ```

mod appearance;
pub(crate) mod cms;
mod error;
mod sign;
mod timestamp;
pub(crate) use crate::pdfsyntax as syntax;
mod verify;

pub use error::PadesError;
pub use sign::{PreparedSignature, SignRequest, prepare, sign};
pub use syntax::{MAX_PDF_BYTES, MAX_REVISIONS};
pub use timestamp::{attach_timestamp, timestamp_request};
pub use verify::{
    PadesReport, SignatureReport, has_signature_revisions, original_revision, verify,
};

/// Bytes reserved for the CMS in `/Contents` (16 KiB: a chain of three RSA-4096 certificates
/// and a signature take about 6 KiB; the rest leaves room for a time-stamp token, B-T).
pub const CONTENTS_CAPACITY: usize = 16 * 1024;

#[cfg(test)]
mod tests;
