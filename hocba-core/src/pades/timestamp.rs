//! PAdES baseline B-T: a signature time-stamp (RFC 3161) on the last PDF signature, as the CMS
//! unsigned attribute signature-time-stamp (id-aa-signatureTimeStampToken, ETSI EN 319 142-1
//! §5.3, ETSI EN 319 122-1 §5.3), its imprint the SHA-256 of the SignerInfo's signature value.
//!
//! The token goes into the same `/Contents` hole (16 KiB reserved, [`super::CONTENTS_CAPACITY`]):
//! the byte ranges, and so every signed byte, stay as they were; the file's length does not
//! change. Only the last signature can be stamped — a later signer's byte range covers the
//! earlier `/Contents` — so a signer's service stamps right after signing, as for the national
//! XML (ADR 0160). hocba opens no connection: [`timestamp_request`] gives the request the caller
//! sends to the TSA, [`attach_timestamp`] checks the TSA's response and writes it.

use super::syntax::{Obj, Pdf};
use super::{PadesError, cms};
use crate::timestamp::{TimestampRequest, token_from_response};

/// The last signature of `pdf`: its hole (`a..b`, the `/Contents` value with its brackets) and
/// its CMS, checked over the byte ranges.
fn last_signature(pdf: &[u8]) -> Result<(usize, usize, Vec<u8>, cms::Checked), PadesError> {
    let parsed = Pdf::parse(pdf)?;
    if parsed.revisions.len() < 2 {
        return Err(PadesError::NoSignature);
    }
    let last = parsed.revisions.len() - 1;
    if parsed.revisions[last].end != pdf.len() {
        return Err(PadesError::TimestampPlacement(
            "bytes follow the last signature",
        ));
    }
    let sig = super::verify::signature_dictionary(&parsed, last)?;
    let (a, b) = super::verify::check_byte_range(&parsed, last, &sig)?;
    let Some(Obj::Str(contents)) = sig.get(b"Contents") else {
        return Err(PadesError::SignatureDictionary {
            revision: last + 1,
            what: "/Contents",
        });
    };
    let der = cms::der_prefix(contents)?.to_vec();
    let checked = cms::check(&der, &super::sign::ranges_digest(pdf, a, b))?;
    Ok((a, b, der, checked))
}

/// The RFC 3161 request for a time-stamp on the last signature of the signed PDF `pdf`: its
/// imprint is the SHA-256 of the signature value; `nonce` (at most 32 bytes) is echoed by the
/// TSA. Keep the request: [`attach_timestamp`] checks the response against it.
pub fn timestamp_request(pdf: &[u8], nonce: Option<&[u8]>) -> Result<TimestampRequest, PadesError> {
    let (_, _, _, checked) = last_signature(pdf)?;
    if checked.timestamp_token.is_some() {
        return Err(PadesError::TimestampPlacement(
            "the signature is already time-stamped",
        ));
    }
    TimestampRequest::new(&checked.signature_value, nonce).map_err(PadesError::Timestamp)
}

/// Writes the TSA's `response` into the last signature of `pdf` as its signature time-stamp
/// (B-T). The response must be granted, its token signed and its imprint this signature's;
/// given the `request` it answers, that request must be for this signature and the nonce must
/// come back. The CMS with the token must fit the hole. Returns the new file, the same length;
/// every signed byte unchanged.
pub fn attach_timestamp(
    pdf: &[u8],
    response: &[u8],
    request: Option<&TimestampRequest>,
) -> Result<Vec<u8>, PadesError> {
    let (a, b, der, checked) = last_signature(pdf)?;
    if checked.timestamp_token.is_some() {
        return Err(PadesError::TimestampPlacement(
            "the signature is already time-stamped",
        ));
    }
    let own =
        TimestampRequest::new(&checked.signature_value, None).map_err(PadesError::Timestamp)?;
    if request.is_some_and(|r| r.imprint() != own.imprint()) {
        return Err(PadesError::Timestamp(
            crate::timestamp::TimestampError::ImprintMismatch,
        ));
    }
    let token =
        token_from_response(response, request.unwrap_or(&own)).map_err(PadesError::Timestamp)?;
    let stamped = cms::with_signature_timestamp(&der, &token)?;
    let capacity = (b - a - 2) / 2;
    if stamped.len() > capacity {
        return Err(PadesError::ContentsTooLarge {
            len: stamped.len(),
            capacity,
        });
    }
    let mut out = pdf.to_vec();
    let hex = hex::encode_upper(&stamped);
    out[a + 1..b - 1].fill(b'0');
    out[a + 1..a + 1 + hex.len()].copy_from_slice(hex.as_bytes());
    Ok(out)
}
