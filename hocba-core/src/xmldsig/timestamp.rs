//! RFC 3161 time-stamps on the national XML's signatures, where XAdES puts a signature
//! time-stamp (ETSI EN 319 132-1 §5.3, ADR 0160):
//!
//! ```xml
//! <ds:Object>
//!   <xades:QualifyingProperties xmlns:xades="http://uri.etsi.org/01903/v1.3.2#" Target="#sig-ROLE">
//!     <xades:UnsignedProperties><xades:UnsignedSignatureProperties>
//!       <xades:SignatureTimeStamp>
//!         <ds:CanonicalizationMethod Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/>
//!         <xades:EncapsulatedTimeStamp>…base64 DER TimeStampToken…</xades:EncapsulatedTimeStamp>
//!       </xades:SignatureTimeStamp>
//!     </xades:UnsignedSignatureProperties></xades:UnsignedProperties>
//!   </xades:QualifyingProperties>
//! </ds:Object>
//! ```
//!
//! the last child of the `ds:Signature`, the imprint SHA-256 over the exclusive canonical
//! `ds:SignatureValue`. Outside `SignedInfo`, so the signature itself stays valid; but a later
//! role's signature covers the whole earlier `ds:Signature` (ADR 0081), so a signature is
//! time-stamped right after it is made, before the next role signs.

use base64::Engine;

use super::c14n::{C14nMethod, canonicalize};
use super::layout;
use super::read::{XADES_NS, parts};
use super::{DS_NS, XmlSigError};
use crate::timestamp::{TimestampRequest, token_from_response};
use crate::trust::SignerRole;

/// The signature of `role` in `signed_xml`, its canonical `SignatureValue`, and where the
/// time-stamp's `Object` goes (the byte offset of the `ds:Signature` end tag) with the prefix
/// the signature uses for the XML-DSig namespace.
struct Place {
    signature_value_c14n: Vec<u8>,
    insert_at: usize,
    ds_prefix: Option<String>,
    signature_id: String,
}

fn place(signed_xml: &[u8], role: SignerRole) -> Result<Place, XmlSigError> {
    let refuse = |what| XmlSigError::Prepare { what };
    let doc = layout::parse(signed_xml)?;
    let l = layout::layout(&doc)?;
    let slot = l.slot(role).ok_or(refuse("the role has not signed"))?;
    let sig = slot.signature.ok_or(refuse("the role has not signed"))?;
    // Read strictly, as a verifier will (references, digests).
    super::read::read_signature(&l, slot, &mut super::read::DataDigests::default())?;
    let p = parts(sig)?;
    if p.timestamp.is_some() {
        return Err(refuse("the signature is already time-stamped"));
    }
    let later = SignerRole::ALL
        .into_iter()
        .skip_while(|r| *r != role)
        .skip(1)
        .any(|r| l.slot(r).is_some_and(|s| s.signature.is_some()));
    if later {
        return Err(refuse(super::error::LATER_SIGNATURE_COVERS));
    }
    let signature_id = sig
        .attribute("Id")
        .ok_or(refuse(
            "the signature has no Id for QualifyingProperties/@Target",
        ))?
        .to_owned();
    let mut signature_value_c14n = Vec::new();
    canonicalize(
        p.signature_value,
        C14nMethod::Exclusive,
        &mut signature_value_c14n,
    );
    let range = sig.range();
    let text = &signed_xml[range.clone()];
    let end_tag = text
        .iter()
        .rposition(|&b| b == b'<')
        .filter(|&i| text.get(i + 1) == Some(&b'/'))
        .ok_or(refuse("the signature has no end tag"))?;
    let ds_prefix = sig
        .lookup_prefix(DS_NS)
        .filter(|p| !p.is_empty())
        .map(str::to_owned);
    Ok(Place {
        signature_value_c14n,
        insert_at: range.start + end_tag,
        ds_prefix,
        signature_id,
    })
}

/// The RFC 3161 request for a time-stamp on the signature of `role` in `signed_xml`: the
/// SHA-256 imprint of its exclusive canonical `ds:SignatureValue`, the caller's `nonce`
/// (recommended: 8 random bytes), certReq TRUE. The caller sends [`TimestampRequest::to_der`]
/// to the TSA (hocba opens no connection) and hands the response to [`attach_timestamp`].
pub fn timestamp_request(
    signed_xml: &[u8],
    role: SignerRole,
    nonce: Option<&[u8]>,
) -> Result<TimestampRequest, crate::Error> {
    let p = place(signed_xml, role)?;
    Ok(TimestampRequest::new(&p.signature_value_c14n, nonce)?)
}

/// Writes the TSA's `response` into the signature of `role` (ADR 0160), after checking it
/// against the request made for that signature: status granted, the token's CMS signature, its
/// imprint (the signature's value) and, when `request` is given, the same nonce. Every other
/// byte of the file is kept. The TSA's trust is judged when the document is verified (with the
/// verifier's TSA roots).
pub fn attach_timestamp(
    signed_xml: &[u8],
    role: SignerRole,
    response: &[u8],
    request: Option<&TimestampRequest>,
) -> Result<Vec<u8>, crate::Error> {
    let p = place(signed_xml, role)?;
    let own = TimestampRequest::new(&p.signature_value_c14n, request.and_then(|r| r.nonce()))?;
    if let Some(r) = request
        && r.imprint() != own.imprint()
    {
        return Err(crate::timestamp::TimestampError::ImprintMismatch.into());
    }
    let token = token_from_response(response, &own)?;
    let ds = |local: &str| match &p.ds_prefix {
        Some(prefix) => format!("{prefix}:{local}"),
        None => local.to_owned(),
    };
    let object = format!(
        "<{obj}><xades:QualifyingProperties xmlns:xades=\"{XADES_NS}\" Target=\"#{id}\">\
         <xades:UnsignedProperties><xades:UnsignedSignatureProperties><xades:SignatureTimeStamp>\
         <{cm} Algorithm=\"{exc}\"/>\
         <xades:EncapsulatedTimeStamp>{b64}</xades:EncapsulatedTimeStamp>\
         </xades:SignatureTimeStamp></xades:UnsignedSignatureProperties></xades:UnsignedProperties>\
         </xades:QualifyingProperties></{obj}>",
        obj = ds("Object"),
        cm = ds("CanonicalizationMethod"),
        id = p.signature_id,
        exc = C14nMethod::Exclusive.uri(),
        b64 = base64::engine::general_purpose::STANDARD.encode(&token),
    );
    let mut out = Vec::with_capacity(signed_xml.len() + object.len());
    out.extend_from_slice(&signed_xml[..p.insert_at]);
    out.extend_from_slice(object.as_bytes());
    out.extend_from_slice(&signed_xml[p.insert_at..]);
    // What was written reads back under the profile.
    super::verify::UnverifiedXml::from_bytes(&out)?;
    Ok(out)
}
