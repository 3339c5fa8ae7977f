//! Trusted time: RFC 3161 time-stamp tokens on signatures (ADR 0160, `docs/spec/trust.md`
//! §"Time-stamps").
//!
//! A signer's signing time is its own claim. A time-stamp token from a time-stamping authority
//! (TSA: NEAC's service, or another) proves that the signature value existed at the token's
//! `genTime`; a verifier then judges the signer's certificate chain at that time instead of
//! the claim. hocba opens no connection: [`TimestampRequest`] builds the DER request the caller
//! sends, [`token_from_response`] checks the TSA's reply against it, and [`verify_token`] checks
//! a token against the TSA roots of a [`TrustStore`](crate::TrustStore)
//! ([`add_tsa_roots_pem`](crate::TrustStore::add_tsa_roots_pem)) — a separate set from the
//! signers' roots. The national XML carries the token where XAdES puts a signature time-stamp
//! ([`crate::xmldsig::timestamp_request`], [`crate::xmldsig::attach_timestamp`]).
//!
//! ```
//! use hocba_core::timestamp::TimestampRequest;
//! let req = TimestampRequest::new(b"signature value", Some(&[0x01, 0x02]))?;
//! let again = TimestampRequest::from_der(req.to_der())?;
//! assert_eq!(again.imprint(), req.imprint());
//! assert_eq!(again.nonce(), Some(&[0x01, 0x02][..]));
//! # Ok::<(), hocba_core::timestamp::TimestampError>(())
//! ```

mod asn1;
mod error;
mod request;
mod token;

pub use error::TimestampError;
pub use request::{MAX_NONCE_LEN, TimestampRequest};
pub(crate) use token::verify_for_claim;
pub use token::{TimestampInfo, token_from_response, verify_token};

/// Largest request, response or token accepted, in bytes (a token with a chain of three
/// RSA-4096 certificates is about 6 KiB).
pub const MAX_TOKEN_LEN: usize = 64 * 1024;

#[cfg(test)]
pub(crate) mod tests;
