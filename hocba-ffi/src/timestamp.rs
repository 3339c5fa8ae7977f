//! RFC 3161 time-stamps on signatures (ADR 0160), as the CLI's `hocba timestamp` makes them:
//! the DER request over one signature of a national XML ([`timestamp_request_xml`]) or over
//! the last PDF signature ([`timestamp_request_pdf`], PAdES B-T), and the TSA's response
//! written into that signature ([`attach_timestamp_xml`], [`attach_timestamp_pdf`]). hocba
//! opens no connection: the app sends the request to the TSA (NEAC's service, or another) as
//! an HTTP POST with `Content-Type: application/timestamp-query` and hands back the response.
//! The TSA's trust is judged when the document is verified, against the `tsa_roots` of the
//! verifier's [`TrustStore`](crate::TrustStore).

use hocba_core::Error as CoreError;
use hocba_core::envelope::{Randomness, SystemRng};
use hocba_core::pades;
use hocba_core::timestamp::TimestampRequest;
use hocba_core::xmldsig;

use crate::error::{HocbaError, guard};
use crate::verify::SignerRole;

/// The caller's nonce, or 8 random bytes from the operating system (as the CLI draws).
fn nonce_or_random(nonce: Option<Vec<u8>>) -> Result<Vec<u8>, HocbaError> {
    if let Some(n) = nonce {
        return Ok(n);
    }
    let mut n = vec![0u8; 8];
    SystemRng.fill(&mut n).map_err(|_| HocbaError::Other {
        code: "random_unavailable".into(),
        message_en: "The operating system's random generator is unavailable".into(),
        message_vi: "Không lấy được số ngẫu nhiên của hệ điều hành".into(),
        path: None,
        record: None,
    })?;
    Ok(n)
}

fn request_of(request: Option<Vec<u8>>) -> Result<Option<TimestampRequest>, CoreError> {
    request
        .map(|r| TimestampRequest::from_der(&r).map_err(CoreError::from))
        .transpose()
}

/// The DER RFC 3161 time-stamp request (`application/timestamp-query`) for the signature of
/// `role` in the signed national XML `signed_xml`: a SHA-256 imprint of its signature value,
/// `nonce` (at most 32 bytes; default 8 random bytes) and certReq. Keep it for
/// [`attach_timestamp_xml`]. Time-stamp a signature right after it is made: once the next role
/// has signed, the request is refused (`xmldsig_prepare`).
#[uniffi::export(default(nonce = None))]
pub fn timestamp_request_xml(
    signed_xml: Vec<u8>,
    role: SignerRole,
    nonce: Option<Vec<u8>>,
) -> Result<Vec<u8>, HocbaError> {
    guard(|| {
        let nonce = nonce_or_random(nonce)?;
        let req = xmldsig::timestamp_request(&signed_xml, role.into(), Some(&nonce))?;
        Ok(req.to_der().to_vec())
    })
}

/// Writes the TSA's DER `response` into the signature of `role` in `signed_xml`, where XAdES
/// puts a signature time-stamp, and returns the new XML (every other byte kept). The response
/// must be granted, its token signed and over this signature; given the `request` it answers,
/// the nonce must come back (`timestamp_imprint_mismatch`, `timestamp_nonce_mismatch`,
/// `timestamp_not_granted`, …).
#[uniffi::export(default(request = None))]
pub fn attach_timestamp_xml(
    signed_xml: Vec<u8>,
    role: SignerRole,
    response: Vec<u8>,
    request: Option<Vec<u8>>,
) -> Result<Vec<u8>, HocbaError> {
    guard(|| {
        let request = request_of(request)?;
        Ok(xmldsig::attach_timestamp(
            &signed_xml,
            role.into(),
            &response,
            request.as_ref(),
        )?)
    })
}

/// The DER RFC 3161 time-stamp request for the last PDF signature of `pdf` (PAdES B-T): a
/// SHA-256 imprint of its signature value, `nonce` (default 8 random bytes) and certReq. Only
/// the last signature can be time-stamped, and once (`pades_timestamp_placement`).
#[uniffi::export(default(nonce = None))]
pub fn timestamp_request_pdf(pdf: Vec<u8>, nonce: Option<Vec<u8>>) -> Result<Vec<u8>, HocbaError> {
    guard(|| {
        let nonce = nonce_or_random(nonce)?;
        let req = pades::timestamp_request(&pdf, Some(&nonce)).map_err(CoreError::from)?;
        Ok(req.to_der().to_vec())
    })
}

/// Writes the TSA's DER `response` into the last PDF signature of `pdf` as its signature
/// time-stamp (PAdES B-T) and returns the new PDF: the same length, every signed byte
/// unchanged; checked as [`attach_timestamp_xml`] checks it (a failure is `pades_timestamp`,
/// its message saying which check, or `pades_timestamp_placement`).
#[uniffi::export(default(request = None))]
pub fn attach_timestamp_pdf(
    pdf: Vec<u8>,
    response: Vec<u8>,
    request: Option<Vec<u8>>,
) -> Result<Vec<u8>, HocbaError> {
    guard(|| {
        let request = request_of(request)?;
        Ok(pades::attach_timestamp(&pdf, &response, request.as_ref()).map_err(CoreError::from)?)
    })
}
