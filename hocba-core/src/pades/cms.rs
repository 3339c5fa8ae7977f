//! The CMS SignedData of a PAdES baseline B-B signature (ETSI EN 319 142-1 §6.3, ETSI EN
//! 319 122-1 §5, RFC 5652 §5): detached (`id-data`, no eContent), one SignerInfo identified by
//! issuer and serial number, SHA-256, signed attributes content-type, message-digest and ESS
//! signing-certificate-v2 (RFC 5035), the signer's chain in `certificates`. Structures from
//! RustCrypto `cms` (ADR 0150); the ESS attribute is written and read here, byte by byte.

use cms::cert::{CertificateChoices, IssuerAndSerialNumber};
use cms::content_info::{CmsVersion, ContentInfo};
use cms::signed_data::{
    CertificateSet, EncapsulatedContentInfo, SignedAttributes, SignedData, SignerIdentifier,
    SignerInfo, SignerInfos,
};
use der::asn1::{ObjectIdentifier as Oid, OctetString, SetOfVec};
use der::{Any, Decode, Encode};
use sha2::{Digest, Sha256};
use spki::AlgorithmIdentifierOwned;
use x509_cert::Certificate;
use x509_cert::attr::Attribute;

use super::PadesError;
use crate::envelope::{Algorithm, PublicKey};

/// The signed attributes (an owned SET OF Attribute).
pub(crate) type SignedAttributesOwned = SignedAttributes;

const ID_DATA: Oid = Oid::new_unwrap("1.2.840.113549.1.7.1");
pub(crate) const ID_SIGNED_DATA: Oid = Oid::new_unwrap("1.2.840.113549.1.7.2");
pub(crate) const ID_CONTENT_TYPE: Oid = Oid::new_unwrap("1.2.840.113549.1.9.3");
pub(crate) const ID_MESSAGE_DIGEST: Oid = Oid::new_unwrap("1.2.840.113549.1.9.4");
pub(crate) const ID_SIGNING_CERTIFICATE_V2: Oid = Oid::new_unwrap("1.2.840.113549.1.9.16.2.47");
/// id-aa-signingCertificate (RFC 2634 §5.4): the ESS signing-certificate (v1, SHA-1).
pub(crate) const ID_SIGNING_CERTIFICATE: Oid = Oid::new_unwrap("1.2.840.113549.1.9.16.2.12");
pub(crate) const ID_SHA256: Oid = Oid::new_unwrap("2.16.840.1.101.3.4.2.1");
/// id-aa-signatureTimeStampToken (RFC 3161 Appendix A): the unsigned attribute of PAdES B-T.
pub(crate) const ID_SIGNATURE_TIME_STAMP_TOKEN: Oid = Oid::new_unwrap("1.2.840.113549.1.9.16.2.14");
const RSA_ENCRYPTION: Oid = Oid::new_unwrap("1.2.840.113549.1.1.1");
const SHA256_WITH_RSA: Oid = Oid::new_unwrap("1.2.840.113549.1.1.11");
const RSASSA_PSS: Oid = Oid::new_unwrap("1.2.840.113549.1.1.10");
const ECDSA_WITH_SHA256: Oid = Oid::new_unwrap("1.2.840.10045.4.3.2");

/// RSASSA-PSS-params for SHA-256, MGF1-SHA-256, salt 32 (RFC 4055 §3.1), as written.
const PSS_PARAMS: &[u8] = &[
    0x30, 0x34, // SEQUENCE
    0xa0, 0x0f, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05,
    0x00, // [0] hashAlgorithm sha256, NULL
    0xa1, 0x1c, 0x30, 0x1a, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x08, 0x30,
    0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05,
    0x00, // [1] maskGenAlgorithm mgf1(sha256, NULL)
    0xa2, 0x03, 0x02, 0x01, 0x20, // [2] saltLength 32
];
/// The same parameters with the hash algorithms' parameters absent (also common).
const PSS_PARAMS_NO_NULL: &[u8] = &[
    0x30, 0x30, 0xa0, 0x0d, 0x30, 0x0b, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02,
    0x01, 0xa1, 0x1a, 0x30, 0x18, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x08,
    0x30, 0x0b, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0xa2, 0x03, 0x02,
    0x01, 0x20,
];

fn malformed(_: der::Error) -> PadesError {
    PadesError::CmsMalformed("DER")
}

pub(crate) fn sha256_id() -> AlgorithmIdentifierOwned {
    AlgorithmIdentifierOwned {
        oid: ID_SHA256,
        parameters: None,
    }
}

/// The AlgorithmIdentifier of a signature algorithm in a SignerInfo.
pub(crate) fn signature_algorithm(alg: Algorithm) -> Result<AlgorithmIdentifierOwned, PadesError> {
    Ok(match alg {
        Algorithm::Rs256 => AlgorithmIdentifierOwned {
            oid: SHA256_WITH_RSA,
            parameters: Some(Any::null()),
        },
        Algorithm::Ps256 => AlgorithmIdentifierOwned {
            oid: RSASSA_PSS,
            parameters: Some(Any::from_der(PSS_PARAMS).map_err(malformed)?),
        },
        Algorithm::Es256 => AlgorithmIdentifierOwned {
            oid: ECDSA_WITH_SHA256,
            parameters: None,
        },
        _ => return Err(PadesError::UnsupportedKey),
    })
}

/// The algorithm a SignerInfo's signatureAlgorithm names, for a key of `key`'s type.
pub(crate) fn algorithm_of(
    id: &AlgorithmIdentifierOwned,
    key: &PublicKey,
) -> Result<Algorithm, PadesError> {
    let unsupported = PadesError::CmsUnsupported("signature algorithm");
    let params = id.parameters.as_ref().map(|p| p.to_der()).transpose();
    let params = params.map_err(malformed)?;
    let null_or_absent = params.as_deref().is_none_or(|p| p == [0x05, 0x00]);
    let alg = if (id.oid == SHA256_WITH_RSA || id.oid == RSA_ENCRYPTION) && null_or_absent {
        Algorithm::Rs256
    } else if id.oid == RSASSA_PSS
        && matches!(params.as_deref(), Some(p) if p == PSS_PARAMS || p == PSS_PARAMS_NO_NULL)
    {
        Algorithm::Ps256
    } else if id.oid == ECDSA_WITH_SHA256 && params.is_none() {
        Algorithm::Es256
    } else {
        return Err(unsupported);
    };
    if key.fits(alg) {
        Ok(alg)
    } else {
        Err(unsupported)
    }
}

pub(crate) fn tlv(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    let n = content.len();
    if n < 0x80 {
        out.push(n as u8);
    } else {
        let bytes: Vec<u8> = n
            .to_be_bytes()
            .iter()
            .copied()
            .skip_while(|b| *b == 0)
            .collect();
        out.push(0x80 | bytes.len() as u8);
        out.extend(bytes);
    }
    out.extend_from_slice(content);
    out
}

/// Reads one DER TLV: `(tag, content, rest)`. Only definite lengths up to 4 bytes.
fn read_tlv(input: &[u8]) -> Option<(u8, &[u8], &[u8])> {
    let (&tag, rest) = input.split_first()?;
    let (&first, rest) = rest.split_first()?;
    let (len, rest) = if first < 0x80 {
        (usize::from(first), rest)
    } else {
        let n = usize::from(first & 0x7f);
        if n == 0 || n > 4 || rest.len() < n {
            return None;
        }
        let len = rest[..n]
            .iter()
            .fold(0usize, |a, &b| (a << 8) | usize::from(b));
        (len, &rest[n..])
    };
    if rest.len() < len {
        return None;
    }
    Some((tag, &rest[..len], &rest[len..]))
}

/// The length of the single DER value at the start of `bytes` (the CMS in its zero-padded
/// `/Contents` hole), with the rest required to be zero padding.
pub(crate) fn der_prefix(bytes: &[u8]) -> Result<&[u8], PadesError> {
    let (tag, _, rest) = read_tlv(bytes).ok_or(PadesError::CmsMalformed("not DER"))?;
    if tag != 0x30 {
        return Err(PadesError::CmsMalformed("not a SEQUENCE"));
    }
    if rest.iter().any(|&b| b != 0) {
        return Err(PadesError::CmsMalformed("data after the CMS in /Contents"));
    }
    Ok(&bytes[..bytes.len() - rest.len()])
}

/// The ESS signing-certificate-v2 value naming `cert` (hash SHA-256, the default, so omitted
/// in DER; with its issuer and serial number).
pub(crate) fn signing_certificate_v2(
    cert: &Certificate,
    cert_der: &[u8],
) -> Result<Vec<u8>, PadesError> {
    let tbs = cert.tbs_certificate();
    let issuer = tbs.issuer().to_der().map_err(malformed)?;
    let serial = tbs.serial_number().to_der().map_err(malformed)?;
    let hash = Sha256::digest(cert_der);
    let general_names = tlv(0x30, &tlv(0xa4, &issuer)); // GeneralNames { directoryName [4] }
    let issuer_serial = tlv(0x30, &[general_names, serial].concat());
    let ess_cert_id = tlv(0x30, &[tlv(0x04, &hash), issuer_serial].concat());
    Ok(tlv(0x30, &tlv(0x30, &ess_cert_id)))
}

pub(crate) fn attribute(oid: Oid, value_der: &[u8]) -> Result<Attribute, PadesError> {
    let mut values = SetOfVec::new();
    values
        .insert(Any::from_der(value_der).map_err(malformed)?)
        .map_err(malformed)?;
    Ok(Attribute { oid, values })
}

/// The signed attributes for `message_digest` (SHA-256 of the byte ranges) by `leaf`.
pub(crate) fn signed_attributes(
    message_digest: &[u8],
    leaf_der: &[u8],
) -> Result<SignedAttributes, PadesError> {
    let leaf = Certificate::from_der(leaf_der).map_err(|_| PadesError::CertificateMissing)?;
    let mut attrs = SetOfVec::new();
    for a in [
        attribute(ID_CONTENT_TYPE, &ID_DATA.to_der().map_err(malformed)?)?,
        attribute(ID_MESSAGE_DIGEST, &tlv(0x04, message_digest))?,
        attribute(
            ID_SIGNING_CERTIFICATE_V2,
            &signing_certificate_v2(&leaf, leaf_der)?,
        )?,
    ] {
        attrs.insert(a).map_err(malformed)?;
    }
    Ok(attrs)
}

/// The DER bytes that are signed: the attributes as a SET OF (RFC 5652 §5.4).
pub(crate) fn attributes_der(attrs: &SignedAttributes) -> Result<Vec<u8>, PadesError> {
    attrs.to_der().map_err(malformed)
}

/// The complete ContentInfo(SignedData).
pub(crate) fn signed_data(
    chain: &[Vec<u8>],
    attrs: SignedAttributes,
    alg: Algorithm,
    signature: &[u8],
) -> Result<Vec<u8>, PadesError> {
    let leaf_der = chain.first().ok_or(PadesError::CertificateMissing)?;
    let leaf = Certificate::from_der(leaf_der).map_err(|_| PadesError::CertificateMissing)?;
    let sid = SignerIdentifier::IssuerAndSerialNumber(IssuerAndSerialNumber {
        issuer: leaf.tbs_certificate().issuer().clone(),
        serial_number: leaf.tbs_certificate().serial_number().clone(),
    });
    let info = SignerInfo {
        version: CmsVersion::V1,
        sid,
        digest_alg: sha256_id(),
        signed_attrs: Some(attrs),
        signature_algorithm: signature_algorithm(alg)?,
        signature: OctetString::new(signature).map_err(malformed)?,
        unsigned_attrs: None,
    };
    let mut certs = Vec::new();
    for c in chain {
        certs.push(CertificateChoices::Certificate(
            Certificate::from_der(c).map_err(|_| PadesError::CertificateMissing)?,
        ));
    }
    let mut digests = SetOfVec::new();
    digests.insert(sha256_id()).map_err(malformed)?;
    let sd = SignedData {
        version: CmsVersion::V1,
        digest_algorithms: digests,
        encap_content_info: EncapsulatedContentInfo {
            econtent_type: ID_DATA,
            econtent: None,
        },
        certificates: Some(CertificateSet::try_from(certs).map_err(malformed)?),
        crls: None,
        signer_infos: SignerInfos::try_from(vec![info]).map_err(malformed)?,
    };
    let ci = ContentInfo {
        content_type: ID_SIGNED_DATA,
        content: Any::encode_from(&sd).map_err(malformed)?,
    };
    ci.to_der().map_err(malformed)
}

/// The signature value in the CMS form: ECDSA as a DER `ECDSA-Sig-Value` (RFC 5753 §7.2), RSA
/// unchanged. `raw` may be ECDSA in `r ‖ s` or DER.
pub(crate) fn cms_signature_value(key: &PublicKey, raw: &[u8]) -> Vec<u8> {
    match &key.0 {
        crate::envelope::Key::P256(_) => {
            let normal = key.normalise_signature(raw);
            match p256::ecdsa::Signature::from_slice(&normal) {
                Ok(s) => s.to_der().as_bytes().to_vec(),
                Err(_) => raw.to_vec(),
            }
        }
        _ => raw.to_vec(),
    }
}

/// Checks `value` (CMS form) over `signed` with `key` and `alg`.
pub(crate) fn check_value(
    key: &PublicKey,
    alg: Algorithm,
    signed: &[u8],
    value: &[u8],
) -> Result<(), PadesError> {
    let raw = match &key.0 {
        crate::envelope::Key::P256(_) => p256::ecdsa::Signature::from_der(value)
            .map_err(|_| PadesError::BadSignature)?
            .to_bytes()
            .to_vec(),
        _ => value.to_vec(),
    };
    key.verify(alg, signed, &raw)
        .map_err(|_| PadesError::BadSignature)
}

/// What a checked CMS says: the signer's chain (leaf first) and algorithm, its signature value
/// (what a signature time-stamp's imprint covers) and its time-stamp token, if any.
#[derive(Debug)]
pub(crate) struct Checked {
    pub chain: Vec<Vec<u8>>,
    pub algorithm: Algorithm,
    pub signature_value: Vec<u8>,
    /// The DER ContentInfo of the signature-time-stamp unsigned attribute (B-T).
    pub timestamp_token: Option<Vec<u8>>,
}

/// Checks a detached CMS over the byte ranges whose SHA-256 is `digest`: structure of the
/// profile, message digest, signer certificate present, signing-certificate-v2 naming it, and
/// the signature value. The chain is not judged here (the trust store does that).
pub(crate) fn check(cms_der: &[u8], digest: &[u8]) -> Result<Checked, PadesError> {
    let ci = ContentInfo::from_der(cms_der).map_err(malformed)?;
    if ci.content_type != ID_SIGNED_DATA {
        return Err(PadesError::CmsMalformed("not a SignedData"));
    }
    let sd: SignedData = ci.content.decode_as().map_err(malformed)?;
    if sd.encap_content_info.econtent_type != ID_DATA || sd.encap_content_info.econtent.is_some() {
        return Err(PadesError::CmsUnsupported(
            "not a detached signature over id-data",
        ));
    }
    let infos = sd.signer_infos.0.as_slice();
    let [info] = infos else {
        return Err(PadesError::CmsUnsupported("not exactly one SignerInfo"));
    };
    if info.digest_alg.oid != ID_SHA256 {
        return Err(PadesError::CmsUnsupported(
            "digest algorithm other than SHA-256",
        ));
    }
    let attrs = info
        .signed_attrs
        .as_ref()
        .ok_or(PadesError::CmsUnsupported("no signed attributes"))?;
    let single = |oid: Oid| -> Result<Option<Vec<u8>>, PadesError> {
        let mut found = attrs.iter().filter(|a| a.oid == oid);
        let Some(a) = found.next() else {
            return Ok(None);
        };
        if found.next().is_some() || a.values.len() != 1 {
            return Err(PadesError::CmsMalformed("repeated signed attribute"));
        }
        let v = a
            .values
            .iter()
            .next()
            .ok_or(PadesError::CmsMalformed("empty attribute"))?;
        Ok(Some(v.to_der().map_err(malformed)?))
    };
    let content_type =
        single(ID_CONTENT_TYPE)?.ok_or(PadesError::CmsMalformed("no content-type attribute"))?;
    if content_type != ID_DATA.to_der().map_err(malformed)? {
        return Err(PadesError::CmsUnsupported(
            "content type other than id-data",
        ));
    }
    let md = single(ID_MESSAGE_DIGEST)?
        .ok_or(PadesError::CmsMalformed("no message-digest attribute"))?;
    if md != tlv(0x04, digest) {
        return Err(PadesError::DigestMismatch);
    }
    let (certs, leaf_index) = signer_certificate(&sd, &info.sid).map_err(|e| match e {
        SignerCertificate::KeyIdentifier => {
            PadesError::CmsUnsupported("signer identified by key identifier")
        }
        SignerCertificate::Missing => PadesError::CertificateMissing,
    })?;
    let leaf_der = certs[leaf_index].clone();
    let ess = single(ID_SIGNING_CERTIFICATE_V2)?.ok_or(PadesError::SigningCertificateMismatch)?;
    check_signing_certificate_v2(&ess, &leaf_der)?;
    let key = PublicKey::from_certificate_der(&leaf_der).map_err(|_| PadesError::UnsupportedKey)?;
    let algorithm = algorithm_of(&info.signature_algorithm, &key)?;
    let signed = attrs.to_der().map_err(malformed)?;
    check_value(&key, algorithm, &signed, info.signature.as_bytes())?;
    let timestamp_token = signature_timestamp(info)?;
    let mut chain = vec![leaf_der];
    chain.extend(
        certs
            .into_iter()
            .enumerate()
            .filter(|(i, _)| *i != leaf_index)
            .map(|(_, c)| c),
    );
    Ok(Checked {
        chain,
        algorithm,
        signature_value: info.signature.as_bytes().to_vec(),
        timestamp_token,
    })
}

/// The one unsigned attribute the profile reads: at most one signature-time-stamp with one
/// token (ETSI EN 319 142-1 §5.3, B-T). Any other unsigned attribute is outside the profile.
fn signature_timestamp(info: &SignerInfo) -> Result<Option<Vec<u8>>, PadesError> {
    let Some(attrs) = &info.unsigned_attrs else {
        return Ok(None);
    };
    let mut token = None;
    for a in attrs.iter() {
        if a.oid != ID_SIGNATURE_TIME_STAMP_TOKEN {
            return Err(PadesError::CmsUnsupported(
                "unsigned attribute other than a signature time-stamp",
            ));
        }
        let [value] = a.values.as_slice() else {
            return Err(PadesError::CmsMalformed(
                "signature time-stamp with other than one token",
            ));
        };
        if token.is_some() {
            return Err(PadesError::CmsMalformed("repeated signature time-stamp"));
        }
        token = Some(value.to_der().map_err(malformed)?);
    }
    Ok(token)
}

/// `cms_der` with the signature-time-stamp `token` (a DER ContentInfo) as its SignerInfo's one
/// unsigned attribute; the signed part (content, signed attributes, signature value,
/// certificates) is re-encoded unchanged.
pub(crate) fn with_signature_timestamp(
    cms_der: &[u8],
    token: &[u8],
) -> Result<Vec<u8>, PadesError> {
    let ci = ContentInfo::from_der(cms_der).map_err(malformed)?;
    let mut sd: SignedData = ci.content.decode_as().map_err(malformed)?;
    let mut infos: Vec<SignerInfo> = sd.signer_infos.0.into_vec();
    let [info] = infos.as_mut_slice() else {
        return Err(PadesError::CmsUnsupported("not exactly one SignerInfo"));
    };
    if info.unsigned_attrs.is_some() {
        return Err(PadesError::TimestampPlacement(
            "the signature is already time-stamped",
        ));
    }
    let mut attrs = SetOfVec::new();
    attrs
        .insert(attribute(ID_SIGNATURE_TIME_STAMP_TOKEN, token)?)
        .map_err(malformed)?;
    info.unsigned_attrs = Some(attrs);
    sd.signer_infos = SignerInfos::try_from(infos).map_err(malformed)?;
    ContentInfo {
        content_type: ID_SIGNED_DATA,
        content: Any::encode_from(&sd).map_err(malformed)?,
    }
    .to_der()
    .map_err(malformed)
}

/// Why [`signer_certificate`] found no signer certificate.
pub(crate) enum SignerCertificate {
    /// The SignerInfo names its signer by key identifier (the profile requires issuer and
    /// serial number).
    KeyIdentifier,
    /// No certificate of the SignedData has that issuer and serial number.
    Missing,
}

/// The certificates a SignedData carries (DER, in order) and the index of the one `sid` names
/// by issuer and serial number (RFC 5652 §5.3): the one lookup of a CMS signer's certificate,
/// for PDF signatures and time-stamp tokens alike.
pub(crate) fn signer_certificate(
    sd: &SignedData,
    sid: &SignerIdentifier,
) -> Result<(Vec<Vec<u8>>, usize), SignerCertificate> {
    let certs: Vec<Vec<u8>> = match &sd.certificates {
        Some(set) => set
            .0
            .iter()
            .filter_map(|c| match c {
                CertificateChoices::Certificate(c) => c.to_der().ok(),
                CertificateChoices::Other(_) => None,
            })
            .collect(),
        None => Vec::new(),
    };
    let SignerIdentifier::IssuerAndSerialNumber(isn) = sid else {
        return Err(SignerCertificate::KeyIdentifier);
    };
    let leaf_index = certs
        .iter()
        .position(|der| {
            Certificate::from_der(der).is_ok_and(|c| {
                c.tbs_certificate().issuer() == &isn.issuer
                    && c.tbs_certificate().serial_number() == &isn.serial_number
            })
        })
        .ok_or(SignerCertificate::Missing)?;
    Ok((certs, leaf_index))
}

/// The first ESSCertIDv2 of an ESS signing-certificate-v2 value (RFC 5035 §3) must name
/// `leaf_der`: its hash algorithm SHA-256 (absent or explicit), its hash the leaf's SHA-256,
/// its issuerSerial (if present) the leaf's.
pub(crate) fn check_signing_certificate_v2(
    value: &[u8],
    leaf_der: &[u8],
) -> Result<(), PadesError> {
    let mismatch = PadesError::SigningCertificateMismatch;
    let first = first_ess_cert_id(value).ok_or(mismatch.clone())?;
    let (mut tag, mut content, mut rest) = read_tlv(first).ok_or(mismatch.clone())?;
    if tag == 0x30 {
        // An explicit hashAlgorithm: only SHA-256.
        let (0x06, oid, _) = read_tlv(content).ok_or(mismatch.clone())? else {
            return Err(mismatch);
        };
        if oid != ID_SHA256.as_bytes() {
            return Err(mismatch);
        }
        (tag, content, rest) = read_tlv(rest).ok_or(mismatch.clone())?;
    }
    if tag != 0x04 || content != Sha256::digest(leaf_der).as_slice() {
        return Err(mismatch);
    }
    check_issuer_serial(rest, leaf_der)
}

/// The first ESSCertID of an ESS signing-certificate value (RFC 2634 §5.4, the v1 attribute
/// RFC 3161 §2.4.2 names and OpenSSL 3.0's `openssl ts` writes by default) must name
/// `leaf_der`: its certHash the leaf's SHA-1, its issuerSerial (if present) the leaf's. Only
/// for time-stamp tokens (ADR 0190): the SHA-1 identifies a certificate the token carries and
/// whose path is validated anyway; it signs nothing.
pub(crate) fn check_signing_certificate_v1(
    value: &[u8],
    leaf_der: &[u8],
) -> Result<(), PadesError> {
    use sha1::Digest as _;
    let mismatch = PadesError::SigningCertificateMismatch;
    let first = first_ess_cert_id(value).ok_or(mismatch.clone())?;
    let (0x04, hash, rest) = read_tlv(first).ok_or(mismatch.clone())? else {
        return Err(mismatch);
    };
    if hash != sha1::Sha1::digest(leaf_der).as_slice() {
        return Err(mismatch);
    }
    check_issuer_serial(rest, leaf_der)
}

/// The content of the first ESSCertID(v2) of a SigningCertificate(V2) value:
/// `SEQUENCE { certs SEQUENCE OF ESSCertID(v2), policies … OPTIONAL }`.
fn first_ess_cert_id(value: &[u8]) -> Option<&[u8]> {
    let (0x30, body, []) = read_tlv(value)? else {
        return None;
    };
    let (0x30, certs, _) = read_tlv(body)? else {
        return None;
    };
    let (0x30, first, _) = read_tlv(certs)? else {
        return None;
    };
    Some(first)
}

/// What follows an ESSCertID(v2)'s hash: nothing, or an IssuerSerial (RFC 5035) whose serial
/// number is the leaf's and, when its GeneralNames is a directoryName, whose issuer is the
/// leaf's.
fn check_issuer_serial(rest: &[u8], leaf_der: &[u8]) -> Result<(), PadesError> {
    let mismatch = PadesError::SigningCertificateMismatch;
    if rest.is_empty() {
        return Ok(());
    }
    let leaf = Certificate::from_der(leaf_der).map_err(|_| mismatch.clone())?;
    let tbs = leaf.tbs_certificate();
    let serial = tbs.serial_number().to_der().map_err(|_| mismatch.clone())?;
    let issuer = tbs.issuer().to_der().map_err(|_| mismatch.clone())?;
    let (0x30, issuer_serial, []) = read_tlv(rest).ok_or(mismatch.clone())? else {
        return Err(mismatch);
    };
    let (0x30, names, serial_part) = read_tlv(issuer_serial).ok_or(mismatch.clone())? else {
        return Err(mismatch);
    };
    if serial_part != serial.as_slice() {
        return Err(mismatch);
    }
    if let Some((0xa4, name, [])) = read_tlv(names)
        && name != issuer.as_slice()
    {
        return Err(mismatch);
    }
    Ok(())
}
