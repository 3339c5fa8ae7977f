//! The time-stamp response and token (RFC 3161 §2.4.2):
//!
//! ```text
//! TimeStampResp ::= SEQUENCE { status PKIStatusInfo, timeStampToken TimeStampToken OPTIONAL }
//! TimeStampToken ::= ContentInfo  -- SignedData, eContentType id-ct-TSTInfo
//! TSTInfo ::= SEQUENCE {
//!    version INTEGER { v1(1) }, policy TSAPolicyId, messageImprint MessageImprint,
//!    serialNumber INTEGER, genTime GeneralizedTime, accuracy Accuracy OPTIONAL,
//!    ordering BOOLEAN DEFAULT FALSE, nonce INTEGER OPTIONAL,
//!    tsa [0] GeneralName OPTIONAL, extensions [1] IMPLICIT Extensions OPTIONAL }
//! ```
//!
//! The CMS is read with RustCrypto `cms` and checked with the PAdES module's helpers (ADR
//! 0150): one SignerInfo identified by issuer and serial, SHA-256, signed attributes
//! content-type (id-ct-TSTInfo), message-digest and ESS signing-certificate-v2 (RFC 5816) or
//! signing-certificate (v1, SHA-1 ESSCertID, RFC 3161 §2.4.2; ADR 0190), RSA PKCS#1 v1.5,
//! RSASSA-PSS or ECDSA P-256 with SHA-256.

use cms::content_info::ContentInfo;
use cms::signed_data::SignedData;
use der::asn1::{ObjectIdentifier as Oid, OctetString};
use der::{Decode, Encode};
use sha2::{Digest, Sha256};
use x509_cert::Certificate;

use super::asn1::{self, Reader, tlv};
use super::request::{TimestampRequest, normalise_nonce};
use super::{MAX_TOKEN_LEN, TimestampError};
use crate::envelope::PublicKey;
use crate::pades::cms::{
    ID_CONTENT_TYPE, ID_MESSAGE_DIGEST, ID_SHA256, ID_SIGNED_DATA, ID_SIGNING_CERTIFICATE,
    ID_SIGNING_CERTIFICATE_V2, SignerCertificate, algorithm_of, check_signing_certificate_v1,
    check_signing_certificate_v2, check_value, signer_certificate,
};
use crate::trust::{TrustStore, UnixTime};

/// id-ct-TSTInfo (RFC 3161 §2.4.2).
const ID_CT_TST_INFO: Oid = Oid::new_unwrap("1.2.840.113549.1.9.16.1.4");
/// id-kp-timeStamping (RFC 3161 §2.3).
const ID_KP_TIME_STAMPING: Oid = Oid::new_unwrap("1.3.6.1.5.5.7.3.8");
/// id-ce-extKeyUsage.
const ID_CE_EXT_KEY_USAGE: Oid = Oid::new_unwrap("2.5.29.37");

/// What a verified time-stamp token says (RFC 3161 `TSTInfo`) and who vouched for it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TimestampInfo {
    /// `genTime`, to the second (fractions dropped).
    pub time: UnixTime,
    /// The TSA certificate's common name.
    pub tsa_name: String,
    /// The TSA root it chains to (empty before trust is checked).
    pub tsa_root: String,
    /// The token's serial number, lower-case hex.
    pub serial_hex: String,
    /// The TSA policy OID, dotted.
    pub policy: String,
}

impl TimestampInfo {
    /// The token as it appears in every JSON report (the CLI's, the bindings', the shared
    /// manifest's): `{"time", "tsa", "tsa_root", "serial", "policy"}`, the time in RFC 3339.
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::json!({
            "time": self.time.to_rfc3339(),
            "tsa": self.tsa_name,
            "tsa_root": self.tsa_root,
            "serial": self.serial_hex,
            "policy": self.policy,
        })
    }
}

/// A token read and its signature checked, trust not yet judged.
#[derive(Clone, Debug)]
pub(crate) struct CheckedToken {
    pub imprint: [u8; 32],
    pub nonce: Option<Vec<u8>>,
    pub info: TimestampInfo,
    /// The TSA's certificate first, then the other certificates of the token.
    pub chain: Vec<Vec<u8>>,
}

/// `MessageImprint` content: SHA-256 (parameters absent or NULL) and 32 bytes.
pub(crate) fn read_imprint(content: &[u8]) -> Result<[u8; 32], TimestampError> {
    let unsupported = TimestampError::Unsupported("message imprint other than SHA-256");
    let mut r = Reader(content);
    let alg = r.expect(0x30).ok_or(unsupported.clone())?;
    let hash = r.expect(0x04).ok_or(unsupported.clone())?;
    if !r.is_empty() {
        return Err(unsupported);
    }
    let mut a = Reader(alg.content);
    let oid = a.expect(0x06).ok_or(unsupported.clone())?;
    if oid.content != ID_SHA256.as_bytes() {
        return Err(unsupported);
    }
    if let Some(p) = a.next()
        && (p.tag != 0x05 || !p.content.is_empty())
    {
        return Err(unsupported);
    }
    if !a.is_empty() {
        return Err(unsupported);
    }
    hash.content.try_into().map_err(|_| unsupported)
}

/// `YYYYMMDDhhmmss[.f…]Z` (X.680 §46, DER: UTC, no trailing zeros in the fraction).
fn generalized_time(content: &[u8]) -> Option<UnixTime> {
    let s = std::str::from_utf8(content).ok()?;
    let s = s.strip_suffix('Z')?;
    let (whole, fraction) = match s.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (s, None),
    };
    if whole.len() != 14 || !whole.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if let Some(f) = fraction
        && (f.is_empty() || !f.bytes().all(|b| b.is_ascii_digit()) || f.ends_with('0'))
    {
        return None;
    }
    let rfc = format!(
        "{}-{}-{}T{}:{}:{}Z",
        &whole[0..4],
        &whole[4..6],
        &whole[6..8],
        &whole[8..10],
        &whole[10..12],
        &whole[12..14]
    );
    UnixTime::parse_rfc3339(&rfc)
}

fn dotted(oid_content: &[u8]) -> String {
    Oid::from_bytes(oid_content)
        .map(|o| o.to_string())
        .unwrap_or_default()
}

struct TstInfo {
    imprint: [u8; 32],
    nonce: Option<Vec<u8>>,
    time: UnixTime,
    serial_hex: String,
    policy: String,
}

fn read_tst_info(der: &[u8]) -> Result<TstInfo, TimestampError> {
    let bad = TimestampError::TokenMalformed;
    let tst = asn1::single(der, 0x30).ok_or(bad("TSTInfo is not a DER SEQUENCE"))?;
    let mut r = Reader(tst.content);
    let version = r.expect(0x02).ok_or(bad("TSTInfo version"))?;
    if version.content != [1] {
        return Err(bad("TSTInfo version is not 1"));
    }
    let policy = r.expect(0x06).ok_or(bad("TSTInfo policy"))?;
    let mi = r.expect(0x30).ok_or(bad("TSTInfo messageImprint"))?;
    let imprint = read_imprint(mi.content)?;
    let serial = r.expect(0x02).ok_or(bad("TSTInfo serialNumber"))?;
    if !asn1::minimal_integer(serial.content) {
        return Err(bad("TSTInfo serialNumber"));
    }
    let gen_time = r.expect(0x18).ok_or(bad("TSTInfo genTime"))?;
    let time = generalized_time(gen_time.content).ok_or(bad("TSTInfo genTime"))?;
    r.next_if(0x30); // accuracy
    if let Some(o) = r.next_if(0x01)
        && o.content != [0x00]
        && o.content != [0xff]
    {
        return Err(bad("TSTInfo ordering"));
    }
    let nonce = match r.next_if(0x02) {
        Some(n) if asn1::minimal_integer(n.content) && n.content[0] & 0x80 == 0 => {
            Some(normalise_nonce(n.content).map_err(|_| bad("TSTInfo nonce"))?)
        }
        Some(_) => return Err(bad("TSTInfo nonce")),
        None => None,
    };
    r.next_if(0xa0); // tsa
    r.next_if(0xa1); // extensions
    if !r.is_empty() {
        return Err(bad("TSTInfo has unexpected fields"));
    }
    Ok(TstInfo {
        imprint,
        nonce,
        time,
        serial_hex: hex::encode(serial.content),
        policy: dotted(policy.content),
    })
}

/// Reads a `TimeStampResp`: granted (0) or grantedWithMods (1), with a token; returns the
/// token's DER (a ContentInfo).
pub(crate) fn token_of_response(resp: &[u8]) -> Result<&[u8], TimestampError> {
    let bad = TimestampError::ResponseMalformed;
    if resp.len() > MAX_TOKEN_LEN {
        return Err(TimestampError::TooLarge { max: MAX_TOKEN_LEN });
    }
    let outer = asn1::single(resp, 0x30).ok_or(bad("not a DER SEQUENCE"))?;
    let mut r = Reader(outer.content);
    let status_info = r.expect(0x30).ok_or(bad("PKIStatusInfo"))?;
    let status = Reader(status_info.content)
        .expect(0x02)
        .and_then(|s| asn1::small_uint(s.content))
        .ok_or(bad("PKIStatus"))?;
    if status > 1 {
        return Err(TimestampError::NotGranted {
            status: u8::try_from(status).unwrap_or(u8::MAX),
        });
    }
    let token = r.expect(0x30).ok_or(bad("granted without a token"))?;
    if !r.is_empty() {
        return Err(bad("data after the token"));
    }
    Ok(token.whole)
}

/// Checks a token's CMS and reads its `TSTInfo`: not its trust.
pub(crate) fn check_token(token: &[u8]) -> Result<CheckedToken, TimestampError> {
    let bad = TimestampError::TokenMalformed;
    if token.len() > MAX_TOKEN_LEN {
        return Err(TimestampError::TooLarge { max: MAX_TOKEN_LEN });
    }
    let ci = ContentInfo::from_der(token).map_err(|_| bad("not a DER ContentInfo"))?;
    if ci.content_type != ID_SIGNED_DATA {
        return Err(bad("not a SignedData"));
    }
    let sd: SignedData = ci
        .content
        .decode_as()
        .map_err(|_| bad("SignedData is not DER"))?;
    if sd.encap_content_info.econtent_type != ID_CT_TST_INFO {
        return Err(bad("eContentType is not id-ct-TSTInfo"));
    }
    let tst_der = sd
        .encap_content_info
        .econtent
        .as_ref()
        .ok_or(bad("no TSTInfo"))?
        .decode_as::<OctetString>()
        .map_err(|_| bad("eContent is not an OCTET STRING"))?;
    let tst_der = tst_der.as_bytes();
    let [info] = sd.signer_infos.0.as_slice() else {
        return Err(bad("not exactly one SignerInfo"));
    };
    if info.digest_alg.oid != ID_SHA256 {
        return Err(TimestampError::Unsupported(
            "digest algorithm other than SHA-256",
        ));
    }
    let attrs = info
        .signed_attrs
        .as_ref()
        .ok_or(bad("no signed attributes"))?;
    let single = |oid: Oid| -> Result<Option<Vec<u8>>, TimestampError> {
        let mut found = attrs.iter().filter(|a| a.oid == oid);
        let Some(a) = found.next() else {
            return Ok(None);
        };
        let mut values = a.values.iter();
        match (found.next(), values.next(), values.next()) {
            (None, Some(v), None) => Ok(Some(v.to_der().map_err(|_| bad("attribute"))?)),
            _ => Err(bad("repeated signed attribute")),
        }
    };
    let content_type = single(ID_CONTENT_TYPE)?.ok_or(bad("no content-type attribute"))?;
    if content_type != ID_CT_TST_INFO.to_der().map_err(|_| bad("OID"))? {
        return Err(bad("content-type attribute is not id-ct-TSTInfo"));
    }
    let md = single(ID_MESSAGE_DIGEST)?.ok_or(bad("no message-digest attribute"))?;
    if md != tlv(0x04, &Sha256::digest(tst_der)) {
        return Err(TimestampError::BadSignature);
    }
    let (certs, leaf_index) = signer_certificate(&sd, &info.sid).map_err(|e| match e {
        SignerCertificate::KeyIdentifier => {
            TimestampError::Unsupported("signer identified by key identifier")
        }
        SignerCertificate::Missing => TimestampError::SigningCertificate,
    })?;
    let leaf_der = certs[leaf_index].clone();
    // ESS signing-certificate-v2 (RFC 5816) or v1 (RFC 3161 §2.4.2, SHA-1; ADR 0190): at
    // least one, and each one present names the certificate that signed.
    let ess_v2 = single(ID_SIGNING_CERTIFICATE_V2)?;
    let ess_v1 = single(ID_SIGNING_CERTIFICATE)?;
    if ess_v2.is_none() && ess_v1.is_none() {
        return Err(TimestampError::SigningCertificate);
    }
    if let Some(v2) = ess_v2 {
        check_signing_certificate_v2(&v2, &leaf_der)
            .map_err(|_| TimestampError::SigningCertificate)?;
    }
    if let Some(v1) = ess_v1 {
        check_signing_certificate_v1(&v1, &leaf_der)
            .map_err(|_| TimestampError::SigningCertificate)?;
    }
    let key = PublicKey::from_certificate_der(&leaf_der)
        .map_err(|_| TimestampError::Unsupported("TSA key"))?;
    let alg = algorithm_of(&info.signature_algorithm, &key)
        .map_err(|_| TimestampError::Unsupported("signature algorithm"))?;
    let signed = attrs.to_der().map_err(|_| bad("signed attributes"))?;
    check_value(&key, alg, &signed, info.signature.as_bytes())
        .map_err(|_| TimestampError::BadSignature)?;
    let tst = read_tst_info(tst_der)?;
    let mut chain = vec![leaf_der];
    chain.extend(
        certs
            .into_iter()
            .enumerate()
            .filter(|(i, _)| *i != leaf_index)
            .map(|(_, c)| c),
    );
    Ok(CheckedToken {
        imprint: tst.imprint,
        nonce: tst.nonce,
        info: TimestampInfo {
            time: tst.time,
            tsa_name: String::new(),
            tsa_root: String::new(),
            serial_hex: tst.serial_hex,
            policy: tst.policy,
        },
        chain,
    })
}

/// The TSA certificate's extended key usage is exactly id-kp-timeStamping and critical
/// (RFC 3161 §2.3).
fn check_tsa_eku(leaf_der: &[u8]) -> Result<(), TimestampError> {
    let not_tsa = TimestampError::NotTsaCertificate;
    let cert = Certificate::from_der(leaf_der).map_err(|_| not_tsa.clone())?;
    let exts = cert
        .tbs_certificate()
        .extensions()
        .map_or(&[][..], Vec::as_slice);
    let mut eku = exts.iter().filter(|e| e.extn_id == ID_CE_EXT_KEY_USAGE);
    let (Some(ext), None) = (eku.next(), eku.next()) else {
        return Err(not_tsa);
    };
    if !ext.critical {
        return Err(not_tsa);
    }
    let seq = asn1::single(ext.extn_value.as_bytes(), 0x30).ok_or(not_tsa.clone())?;
    let mut r = Reader(seq.content);
    let only = r.expect(0x06).ok_or(not_tsa.clone())?;
    if only.content != ID_KP_TIME_STAMPING.as_bytes() || !r.is_empty() {
        return Err(not_tsa);
    }
    Ok(())
}

/// Reads a TSA's response to `request` and returns its token (DER ContentInfo), checked:
/// status granted, the token's CMS and signature, the imprint and the nonce equal to the
/// request's. The TSA's trust is judged when the signature is verified
/// ([`verify_token`]), against the TSA roots of that verifier's trust store.
pub fn token_from_response(
    response: &[u8],
    request: &TimestampRequest,
) -> Result<Vec<u8>, TimestampError> {
    let token = token_of_response(response)?;
    let checked = check_token(token)?;
    if &checked.imprint != request.imprint() {
        return Err(TimestampError::ImprintMismatch);
    }
    if let Some(n) = request.nonce()
        && checked.nonce.as_deref() != Some(n)
    {
        return Err(TimestampError::NonceMismatch);
    }
    check_tsa_eku(&checked.chain[0])?;
    Ok(token.to_vec())
}

/// Verifies a time-stamp token over `message` (its SHA-256 must be the imprint): the CMS
/// and its signature, the TSA certificate's extended key usage, its path to a TSA root of
/// `trust` at the token's time (with the store's CRLs), and a time not after `at` plus the
/// policy's skew. Returns what the token says.
pub fn verify_token(
    token: &[u8],
    message: &[u8],
    trust: &TrustStore,
    at: UnixTime,
) -> Result<TimestampInfo, TimestampError> {
    let checked = check_token(token)?;
    if checked.imprint.as_slice() != Sha256::digest(message).as_slice() {
        return Err(TimestampError::ImprintMismatch);
    }
    check_tsa_eku(&checked.chain[0])?;
    let time = checked.info.time;
    if time.secs() > at.secs().saturating_add(trust.policy().future_skew_secs) {
        return Err(TimestampError::InFuture { time });
    }
    let chain: Vec<&[u8]> = checked.chain.iter().map(Vec::as_slice).collect();
    let path = trust
        .validate_tsa(&chain, time)
        .map_err(TimestampError::TsaChain)?;
    Ok(TimestampInfo {
        tsa_name: path.name,
        tsa_root: path.root,
        ..checked.info
    })
}

/// [`verify_token`] over a signature whose signer claims `claimed` as its signing time: the
/// token's time must not be earlier than the claim by more than the trust policy's clock skew
/// (ADR 0160). The one rule for every signature hocba time-stamps (national XML, PAdES).
pub(crate) fn verify_for_claim(
    token: &[u8],
    message: &[u8],
    trust: &TrustStore,
    at: UnixTime,
    claimed: UnixTime,
) -> Result<TimestampInfo, TimestampError> {
    let t = verify_token(token, message, trust, at)?;
    if t.time
        .secs()
        .saturating_add(trust.policy().future_skew_secs)
        < claimed.secs()
    {
        return Err(TimestampError::BeforeSigningTime {
            time: t.time,
            claimed,
        });
    }
    Ok(t)
}
