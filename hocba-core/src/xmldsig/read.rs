//! Reading one `ds:Signature` of a slot under the profile (`docs/spec/xml-signature.md` §4):
//! its elements in their order, the listed algorithms only, each `Reference` resolved to the
//! element at its required position, the digests checked; the result is owned (no borrow of
//! the parsed tree), ready for the signature and trust checks.

use base64::Engine;
use roxmltree::Node;

use super::c14n::{C14nMethod, canonicalize};
use super::layout::{Layout, Slot, element_children, leaf_text};
use super::profile::{DS_NS, DigestAlg, ENVELOPED, signature_method};
use super::{ChainFault, XmlSigError};
use crate::envelope::Algorithm;
use crate::trust::{SignerRole, UnixTime};

/// Longest `SignatureValue` accepted, in base64 characters (an 8192-bit RSA signature).
const MAX_SIGNATURE_B64: usize = 1368;
/// Longest `DigestValue` accepted, in base64 characters (SHA-512).
const MAX_DIGEST_B64: usize = 88;
/// Longest `X509Certificate` accepted, in base64 characters (16 KiB of DER).
const MAX_CERT_B64: usize = 21848;
/// Most certificates in `X509Data`.
pub const MAX_CERTS: usize = 6;
/// Most `Reference`s in one `SignedInfo`: the data, the signing time, two earlier signatures.
const MAX_REFERENCES: usize = 4;

/// What one signature says, read and checked against the profile.
#[derive(Clone, Debug)]
pub(crate) struct ReadSignature {
    pub role: SignerRole,
    pub alg: Algorithm,
    /// The canonical `SignedInfo`: what the signature is over.
    pub signed_info: Vec<u8>,
    /// `SignatureValue`, decoded.
    pub value: Vec<u8>,
    /// `X509Certificate`s, leaf first, DER.
    pub chain: Vec<Vec<u8>>,
    pub signing_time: UnixTime,
    /// Whether every reference's digest matched (checked here: no key needed).
    pub digests: Result<(), XmlSigError>,
    /// The XAdES signature time-stamp, when the signature carries one (ADR 0160).
    pub timestamp: Option<XmlTimestamp>,
    /// The slot's `SO_CCCD` when the signed data names no số định danh for the role: outside
    /// every signature, so it is compared with the certificate's identifiers (ADR 0140).
    pub unsigned_id: Option<String>,
}

/// A `xades:SignatureTimeStamp` read from its one allowed place: the token and what it must
/// time-stamp.
#[derive(Clone, Debug)]
pub(crate) struct XmlTimestamp {
    /// `EncapsulatedTimeStamp`, decoded: a DER ContentInfo (RFC 3161 TimeStampToken).
    pub token: Vec<u8>,
    /// The canonical form of `ds:SignatureValue` under the time-stamp's
    /// `CanonicalizationMethod`: the bytes whose SHA-256 is the token's imprint.
    pub signature_value_c14n: Vec<u8>,
}

/// XAdES 1.3.2 (ETSI EN 319 132-1).
pub const XADES_NS: &str = "http://uri.etsi.org/01903/v1.3.2#";
/// Longest `EncapsulatedTimeStamp` accepted, in base64 characters (64 KiB of DER).
const MAX_TOKEN_B64: usize = (crate::timestamp::MAX_TOKEN_LEN / 3 + 1) * 4;

fn ds_children<'a, 'i>(node: Node<'a, 'i>) -> Result<Vec<Node<'a, 'i>>, XmlSigError> {
    let kids = element_children(
        node,
        XmlSigError::SignatureStructure {
            what: "text inside a signature element",
        },
    )?;
    if kids.iter().any(|k| k.tag_name().namespace() != Some(DS_NS)) {
        return Err(XmlSigError::SignatureStructure {
            what: "foreign element inside the signature",
        });
    }
    Ok(kids)
}

fn expect<'a, 'i>(
    node: Option<&Node<'a, 'i>>,
    local: &str,
    what: &'static str,
) -> Result<Node<'a, 'i>, XmlSigError> {
    node.filter(|n| n.tag_name().name() == local)
        .copied()
        .ok_or(XmlSigError::SignatureStructure { what })
}

fn algorithm_attr<'a>(node: Node<'a, '_>) -> Result<&'a str, XmlSigError> {
    node.attribute("Algorithm")
        .ok_or(XmlSigError::SignatureStructure {
            what: "Algorithm attribute missing",
        })
}

/// Decodes base64 text with XML whitespace in it, refusing anything longer than `max`
/// characters (without whitespace).
pub(crate) fn base64_value(
    text: &str,
    max: usize,
    what: &'static str,
) -> Result<Vec<u8>, XmlSigError> {
    let is_space = |b: &u8| matches!(b, b' ' | b'\t' | b'\r' | b'\n');
    let raw = text.as_bytes();
    let compact: std::borrow::Cow<'_, [u8]> = if raw.iter().any(is_space) {
        raw.iter()
            .copied()
            .filter(|b| !is_space(b))
            .collect::<Vec<u8>>()
            .into()
    } else {
        raw.into()
    };
    if compact.len() > max {
        return Err(XmlSigError::Base64 { what });
    }
    base64::engine::general_purpose::STANDARD
        .decode(&compact)
        .map_err(|_| XmlSigError::Base64 { what })
}

/// Parses a profile date-time `YYYY-MM-DDThh:mm:ss` + `Z` or `±hh:mm` (no fractions).
pub(crate) fn parse_date_time(s: &str) -> Option<UnixTime> {
    if !(s.len() == 20 || s.len() == 25) || s.contains('.') {
        return None;
    }
    UnixTime::parse_rfc3339(s)
}

/// The canonicalization of a `Reference`'s transforms: none (inclusive C14N, XML-DSig §4.4.3.2),
/// an optional enveloped-signature, then at most one C14N method; and whether the
/// enveloped-signature transform is there. It is a no-op on a reference to the data or to an
/// earlier signature (neither holds this signature) and refused by the caller on the
/// reference to this signature's own `SignatureProperties`, whose whole node-set it removes.
fn reference_method(transforms: Option<Node<'_, '_>>) -> Result<(C14nMethod, bool), XmlSigError> {
    let Some(t) = transforms else {
        return Ok((C14nMethod::Inclusive, false));
    };
    let list = ds_children(t)?;
    if list.is_empty() || list.len() > 2 {
        return Err(XmlSigError::SignatureStructure {
            what: "Transforms holds one or two Transform",
        });
    }
    let mut method = C14nMethod::Inclusive;
    let mut enveloped = false;
    for (i, tr) in list.iter().enumerate() {
        if tr.tag_name().name() != "Transform" {
            return Err(XmlSigError::SignatureStructure {
                what: "Transforms holds only Transform",
            });
        }
        let uri = algorithm_attr(*tr)?;
        if tr.has_children() {
            // InclusiveNamespaces, XPath, XSLT bodies.
            return Err(XmlSigError::Transform { uri: uri.into() });
        }
        match (i, uri, C14nMethod::from_uri(uri)) {
            // Alone it leaves the node-set to the default C14N 1.0 (XML-DSig §4.4.3.2), as
            // .NET SignedXml templates write it.
            (0, ENVELOPED, _) => enveloped = true,
            (_, _, Some(m)) if i + 1 == list.len() => method = m,
            _ => return Err(XmlSigError::Transform { uri: uri.into() }),
        }
    }
    Ok((method, enveloped))
}

/// What a reference points to, by position.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Target {
    Data,
    Props,
    Earlier(SignerRole),
}

/// Canonical-and-hashed forms of referenced elements (the data, earlier signatures), computed
/// once per (element, method, digest) across all the signatures of a document.
#[derive(Default)]
pub(crate) struct DataDigests(Vec<(roxmltree::NodeId, C14nMethod, DigestAlg, Vec<u8>)>);

impl DataDigests {
    pub(crate) fn get(&mut self, node: Node<'_, '_>, m: C14nMethod, d: DigestAlg) -> &[u8] {
        let id = node.id();
        let i = match self
            .0
            .iter()
            .position(|(n, a, b, _)| *n == id && *a == m && *b == d)
        {
            Some(i) => i,
            None => {
                self.0.push((id, m, d, d.digest_c14n(node, m)));
                self.0.len() - 1
            }
        };
        &self.0[i].3
    }
}

/// The parts of a `ds:Signature` read in the profile's order.
pub(crate) struct Parts<'a, 'i> {
    pub signed_info: Node<'a, 'i>,
    pub signature_value: Node<'a, 'i>,
    pub key_info: Node<'a, 'i>,
    pub props: Node<'a, 'i>,
    pub signing_time: Node<'a, 'i>,
    /// The `xades:SignatureTimeStamp` in a second `Object`, if any.
    pub timestamp: Option<Node<'a, 'i>>,
}

/// Splits a signature into its parts: `SignedInfo`, `SignatureValue`, `KeyInfo`, one
/// `Object` with one `SignatureProperties` holding one `SignatureProperty` with a
/// `SigningTime`.
pub(crate) fn parts<'a, 'i>(signature: Node<'a, 'i>) -> Result<Parts<'a, 'i>, XmlSigError> {
    let s = |what| XmlSigError::SignatureStructure { what };
    let kids = ds_children(signature)?;
    if kids.len() != 4 && kids.len() != 5 {
        return Err(s(
            "Signature holds SignedInfo, SignatureValue, KeyInfo, one Object and optionally the time-stamp's Object",
        ));
    }
    let signed_info = expect(kids.first(), "SignedInfo", "SignedInfo first")?;
    let signature_value = expect(kids.get(1), "SignatureValue", "SignatureValue second")?;
    let key_info = expect(kids.get(2), "KeyInfo", "KeyInfo third")?;
    let object = expect(kids.get(3), "Object", "one Object last")?;
    let missing_time = XmlSigError::SigningTime {
        what: "no SignatureProperties/SignatureProperty/SigningTime in the Object",
    };
    let props = match ds_children(object)?[..] {
        [p] if p.tag_name().name() == "SignatureProperties" => p,
        _ => return Err(missing_time),
    };
    let prop = match ds_children(props)?[..] {
        [p] if p.tag_name().name() == "SignatureProperty" => p,
        _ => return Err(missing_time),
    };
    let own_id = signature.attribute("Id");
    match (prop.attribute("Target"), own_id) {
        (Some(t), Some(id)) if t.strip_prefix('#') == Some(id) => {}
        (Some(_), None) => {}
        _ => {
            return Err(XmlSigError::SigningTime {
                what: "SignatureProperty Target does not name this signature",
            });
        }
    }
    let signing_time = match element_children(prop, missing_time.clone())?[..] {
        [t] if t.tag_name().name() == "SigningTime" => t,
        _ => return Err(missing_time),
    };
    let timestamp = match kids.get(4) {
        Some(o) => Some(signature_time_stamp(*o, own_id)?),
        None => None,
    };
    Ok(Parts {
        signed_info,
        signature_value,
        key_info,
        props,
        signing_time,
        timestamp,
    })
}

/// The second `ds:Object` of a time-stamped signature, exactly as XAdES places a signature
/// time-stamp (ETSI EN 319 132-1 §4.3, §5.3): `Object/QualifyingProperties[@Target =
/// #signature]/UnsignedProperties/UnsignedSignatureProperties/SignatureTimeStamp`, each element
/// once and alone, the last holding an optional `ds:CanonicalizationMethod` and one
/// `EncapsulatedTimeStamp`. Only `Id` attributes besides `Target`.
fn signature_time_stamp<'a, 'i>(
    object: Node<'a, 'i>,
    own_id: Option<&str>,
) -> Result<Node<'a, 'i>, XmlSigError> {
    let s = |what| XmlSigError::SignatureStructure { what };
    let only_id = |n: Node<'_, '_>, also: &str| {
        n.attributes()
            .all(|a| a.namespace().is_none() && (a.name() == "Id" || a.name() == also))
    };
    let one_xades = |n: Node<'a, 'i>, local: &str, what| -> Result<Node<'a, 'i>, XmlSigError> {
        match element_children(n, s(what))?[..] {
            [k] if k.tag_name().namespace() == Some(XADES_NS)
                && k.tag_name().name() == local
                && only_id(
                    k,
                    if local == "QualifyingProperties" {
                        "Target"
                    } else {
                        "Id"
                    },
                ) =>
            {
                Ok(k)
            }
            _ => Err(s(what)),
        }
    };
    if object.tag_name().name() != "Object" || object.attributes().len() != 0 {
        return Err(s(
            "a second Object holds only the XAdES signature time-stamp",
        ));
    }
    let qp = one_xades(
        object,
        "QualifyingProperties",
        "a second Object holds only the XAdES signature time-stamp",
    )?;
    match (qp.attribute("Target"), own_id) {
        (Some(t), Some(id)) if t.strip_prefix('#') == Some(id) => {}
        _ => {
            return Err(s(
                "QualifyingProperties Target does not name this signature",
            ));
        }
    }
    let up = one_xades(
        qp,
        "UnsignedProperties",
        "QualifyingProperties holds UnsignedProperties only",
    )?;
    let usp = one_xades(
        up,
        "UnsignedSignatureProperties",
        "UnsignedProperties holds UnsignedSignatureProperties only",
    )?;
    one_xades(
        usp,
        "SignatureTimeStamp",
        "UnsignedSignatureProperties holds one SignatureTimeStamp only",
    )
}

/// Reads a `xades:SignatureTimeStamp`: the token and the canonical `SignatureValue` it must
/// cover (C14N by its `ds:CanonicalizationMethod`, Canonical XML 1.0 when absent, XAdES
/// §5.1.4.1).
fn read_time_stamp(
    ts: Node<'_, '_>,
    signature_value: Node<'_, '_>,
) -> Result<XmlTimestamp, XmlSigError> {
    let s = |what| XmlSigError::SignatureStructure { what };
    let kids = element_children(ts, s("SignatureTimeStamp holds elements only"))?;
    let (method, rest) = match kids.first() {
        Some(c)
            if c.tag_name().namespace() == Some(DS_NS)
                && c.tag_name().name() == "CanonicalizationMethod" =>
        {
            let uri = algorithm_attr(*c)?;
            let m = C14nMethod::from_uri(uri)
                .ok_or_else(|| XmlSigError::Transform { uri: uri.into() })?;
            if c.has_children() || c.attributes().len() != 1 {
                return Err(XmlSigError::Transform { uri: uri.into() });
            }
            (m, &kids[1..])
        }
        _ => (C14nMethod::Inclusive, &kids[..]),
    };
    let enc = match rest {
        [e] if e.tag_name().namespace() == Some(XADES_NS)
            && e.tag_name().name() == "EncapsulatedTimeStamp"
            && e.attributes()
                .all(|a| a.namespace().is_none() && a.name() == "Id") =>
        {
            *e
        }
        _ => {
            return Err(s(
                "SignatureTimeStamp holds an optional CanonicalizationMethod and one EncapsulatedTimeStamp",
            ));
        }
    };
    let token = base64_value(
        leaf_text(enc).ok_or(s("EncapsulatedTimeStamp is not text"))?,
        MAX_TOKEN_B64,
        "EncapsulatedTimeStamp",
    )?;
    let mut signature_value_c14n = Vec::new();
    canonicalize(signature_value, method, &mut signature_value_c14n);
    Ok(XmlTimestamp {
        token,
        signature_value_c14n,
    })
}

/// Reads the signature of `slot` (which must be signed).
pub(crate) fn read_signature(
    layout: &Layout<'_, '_>,
    slot: &Slot<'_, '_>,
    data_digests: &mut DataDigests,
) -> Result<ReadSignature, XmlSigError> {
    let sig_node = slot
        .signature
        .ok_or(XmlSigError::Slot { what: "not signed" })?;
    let p = parts(sig_node)?;
    let s = |what| XmlSigError::SignatureStructure { what };

    // Signing time, and the slot's NGAY_KY.
    let time_text = leaf_text(p.signing_time).ok_or(XmlSigError::SigningTime {
        what: "SigningTime is not text",
    })?;
    let signing_time = parse_date_time(time_text).ok_or(XmlSigError::SigningTime {
        what: "SigningTime is not YYYY-MM-DDThh:mm:ss with a zone",
    })?;
    let ngay_ky = slot
        .ngay_ky
        .and_then(parse_date_time)
        .ok_or(XmlSigError::SigningTime {
            what: "NGAY_KY is not a date-time",
        })?;
    if ngay_ky != signing_time {
        return Err(XmlSigError::SigningTime {
            what: "NGAY_KY differs from SigningTime",
        });
    }

    // The slot's SO_CCCD against the record's field for the role, when the record has one.
    let field = match slot.role {
        SignerRole::HomeroomTeacher => Some("SO_CCCD_GIAO_VIEN_CHU_NHIEM"),
        SignerRole::Principal => Some("SO_CCCD_GIAM_HIEU_KY_HOC_BA"),
        SignerRole::SchoolSeal => None,
    };
    let expected = field.and_then(|f| super::layout::data_field(layout.data, f));
    if let Some(expected) = expected
        && slot.so_cccd != Some(expected)
    {
        return Err(XmlSigError::Slot {
            what: "SO_CCCD differs from the record's",
        });
    }
    let unsigned_id = match expected {
        None => slot.so_cccd.map(str::to_owned),
        Some(_) => None,
    };

    // SignedInfo.
    let si = ds_children(p.signed_info)?;
    let c14n_node = expect(
        si.first(),
        "CanonicalizationMethod",
        "CanonicalizationMethod first",
    )?;
    let c14n_uri = algorithm_attr(c14n_node)?;
    let c14n = C14nMethod::from_uri(c14n_uri).ok_or_else(|| XmlSigError::Transform {
        uri: c14n_uri.into(),
    })?;
    if c14n_node.has_children() {
        return Err(XmlSigError::Transform {
            uri: c14n_uri.into(),
        });
    }
    let method_node = expect(si.get(1), "SignatureMethod", "SignatureMethod second")?;
    let alg = signature_method(algorithm_attr(method_node)?)?;
    if method_node.has_children() {
        return Err(s("SignatureMethod has content"));
    }
    let refs = &si[2..];
    if refs.is_empty() || refs.len() > MAX_REFERENCES {
        return Err(XmlSigError::Reference {
            what: "SignedInfo holds the data reference, the signing-time reference and at most two earlier signatures",
        });
    }

    // References, resolved by position.
    let mut targets: Vec<Target> = Vec::new();
    let mut digests: Result<(), XmlSigError> = Ok(());
    for r in refs {
        if r.tag_name().name() != "Reference" {
            return Err(s("SignedInfo holds only Reference after SignatureMethod"));
        }
        let uri = r.attribute("URI").ok_or(XmlSigError::Reference {
            what: "Reference without URI",
        })?;
        let id = uri
            .strip_prefix('#')
            .filter(|id| !id.is_empty() && !id.contains(['(', ')', '/', '#']))
            .ok_or(XmlSigError::Reference {
                what: "URI is not a same-document #Id",
            })?;
        let target = resolve(layout, slot, &p, id)?;
        if targets.contains(&target) {
            return Err(XmlSigError::Reference {
                what: "two references to the same element",
            });
        }
        targets.push(target);
        let kids = ds_children(*r)?;
        let (transforms, rest) = match kids.first() {
            Some(t) if t.tag_name().name() == "Transforms" => (Some(*t), &kids[1..]),
            _ => (None, &kids[..]),
        };
        let (method, enveloped) = reference_method(transforms)?;
        if enveloped && target == Target::Props {
            // XML-DSig §6.6.4: the transform removes the signature holding it, and with it
            // the SignatureProperties inside: the digest would be of nothing (what libxmlsec1
            // computes), the signing time covered by no digest. Never accepted, never a
            // digest mismatch either.
            return Err(XmlSigError::SigningTime {
                what: "enveloped-signature transform on the SignatureProperties reference (it digests nothing)",
            });
        }
        let dm = expect(rest.first(), "DigestMethod", "DigestMethod in Reference")?;
        let dv = expect(rest.get(1), "DigestValue", "DigestValue after DigestMethod")?;
        if rest.len() != 2 || dm.has_children() {
            return Err(s("Reference holds Transforms, DigestMethod, DigestValue"));
        }
        let dalg = DigestAlg::from_uri(algorithm_attr(dm)?)?;
        let expected = base64_value(
            leaf_text(dv).ok_or(s("DigestValue is not text"))?,
            MAX_DIGEST_B64,
            "DigestValue",
        )?;
        if expected.len() != dalg.output_len() {
            return Err(XmlSigError::Base64 {
                what: "DigestValue length",
            });
        }
        let node = match target {
            Target::Data => layout.data,
            Target::Props => p.props,
            Target::Earlier(role) => {
                layout
                    .slot(role)
                    .and_then(|s| s.signature)
                    .ok_or(XmlSigError::Reference {
                        what: "earlier signature missing",
                    })?
            }
        };
        let actual = match target {
            Target::Props => dalg.digest_c14n(node, method),
            _ => data_digests.get(node, method, dalg).to_vec(),
        };
        if actual != expected && digests.is_ok() {
            digests = Err(XmlSigError::DigestMismatch);
        }
    }
    if !targets.contains(&Target::Data) {
        return Err(XmlSigError::Reference {
            what: "no reference to DU_LIEU_HOC_BA",
        });
    }
    if !targets.contains(&Target::Props) {
        return Err(XmlSigError::SigningTime {
            what: "SignatureProperties not covered by a Reference",
        });
    }

    let value_text = leaf_text(p.signature_value).ok_or(s("SignatureValue is not text"))?;
    if p.signature_value.attributes().any(|a| a.name() != "Id") {
        return Err(s("SignatureValue attribute"));
    }
    let value = base64_value(value_text, MAX_SIGNATURE_B64, "SignatureValue")?;
    let chain = read_key_info(p.key_info)?;

    let mut signed_info = Vec::new();
    canonicalize(p.signed_info, c14n, &mut signed_info);
    let timestamp = p
        .timestamp
        .map(|ts| read_time_stamp(ts, p.signature_value))
        .transpose()?;
    Ok(ReadSignature {
        role: slot.role,
        alg,
        signed_info,
        value,
        chain,
        signing_time,
        digests,
        timestamp,
        unsigned_id,
    })
}

/// The element a same-document reference must name: the data, this signature's own
/// `SignatureProperties`, or the `ds:Signature` of an earlier slot — each compared at its
/// position, so an element elsewhere with the same `Id` is never selected.
fn resolve(
    layout: &Layout<'_, '_>,
    slot: &Slot<'_, '_>,
    p: &Parts<'_, '_>,
    id: &str,
) -> Result<Target, XmlSigError> {
    if layout.data.attribute("Id") == Some(id) {
        return Ok(Target::Data);
    }
    if p.props.attribute("Id") == Some(id) {
        return Ok(Target::Props);
    }
    for earlier in layout.slots.iter().filter(|s| s.role < slot.role) {
        if earlier.signature.and_then(|s| s.attribute("Id")) == Some(id) {
            return Ok(Target::Earlier(earlier.role));
        }
    }
    Err(XmlSigError::Reference {
        what: "URI names no element the profile lets a signature cover",
    })
}

/// `KeyInfo`: one `X509Data` (an optional `KeyValue` is ignored: the key comes from the
/// certificate); in `X509Data` at most one `X509SubjectName` and 1 to [`MAX_CERTS`]
/// `X509Certificate`s, leaf first, each the issuer of the one before.
pub(crate) fn read_key_info(key_info: Node<'_, '_>) -> Result<Vec<Vec<u8>>, XmlSigError> {
    let k = |what| XmlSigError::KeyInfo { what };
    let mut x509 = None;
    for c in ds_children(key_info)? {
        match c.tag_name().name() {
            "X509Data" if x509.is_none() => x509 = Some(c),
            "X509Data" => return Err(k("more than one X509Data")),
            "KeyValue" => {}
            "RetrievalMethod" => return Err(k("RetrievalMethod is not allowed")),
            "KeyName" => return Err(k("KeyName is not allowed")),
            _ => return Err(k("only X509Data (and KeyValue) are allowed")),
        }
    }
    let x509 = x509.ok_or(k("no X509Data"))?;
    let mut chain = Vec::new();
    let mut names = 0;
    for c in ds_children(x509)? {
        match c.tag_name().name() {
            "X509Certificate" => {
                if chain.len() == MAX_CERTS {
                    return Err(k("too many certificates"));
                }
                let text = leaf_text(c).ok_or(k("X509Certificate is not text"))?;
                chain.push(base64_value(text, MAX_CERT_B64, "X509Certificate")?);
            }
            "X509SubjectName" if names == 0 => names += 1,
            "X509IssuerSerial" | "X509SKI" => {}
            _ => return Err(k("unexpected element in X509Data")),
        }
    }
    if chain.is_empty() {
        return Err(k("no X509Certificate"));
    }
    check_chain_order(&chain)?;
    Ok(chain)
}

/// Why a list of certificates is not one chain, leaf first ([`chain_order`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ChainOrderError {
    /// A certificate is not DER.
    NotDer,
    /// What is out of order.
    Fault(ChainFault),
}

/// Each certificate after the first is the issuer of the one before it, and none repeats:
/// an extra or unrelated certificate is refused rather than silently ignored. Names are
/// compared as DER bytes (as path building does); the certificates themselves are parsed and
/// judged by the trust store. Verification runs it on `KeyInfo`, `prepare` on the chain it is
/// given (what verification would refuse is refused before anything is signed). When it
/// fails, the certificates are read to say how ([`ChainFault`]).
pub(crate) fn check_chain_order<C: AsRef<[u8]>>(chain: &[C]) -> Result<(), XmlSigError> {
    chain_order(chain).map_err(|e| match e {
        ChainOrderError::NotDer => XmlSigError::KeyInfo {
            what: "X509Certificate is not a DER certificate",
        },
        ChainOrderError::Fault(fault) => XmlSigError::ChainOrder { fault },
    })
}

/// The one chain-order check, for both formats: the national XML's `KeyInfo` and `prepare`
/// ([`check_chain_order`]) and the COSE path's `prepare` (`Envelope::prepare_with`, ADR
/// 0271), each mapping the result to its own error.
pub(crate) fn chain_order<C: AsRef<[u8]>>(chain: &[C]) -> Result<(), ChainOrderError> {
    let names: Vec<(&[u8], &[u8])> = chain
        .iter()
        .map(|c| issuer_and_subject(c.as_ref()))
        .collect::<Option<_>>()
        .ok_or(ChainOrderError::NotDer)?;
    for (i, pair) in names.windows(2).enumerate() {
        let next = chain[i + 1].as_ref();
        let fault = if chain[..=i].iter().any(|c| c.as_ref() == next) {
            ChainFault::Repeated
        } else if pair[0].0 != pair[1].1 {
            ChainFault::NotIssuer
        } else {
            continue;
        };
        let is_ca = |c: &C| crate::trust::is_ca_certificate(c.as_ref());
        let fault = if is_ca(&chain[0]) && chain[1..].iter().any(|c| !is_ca(c)) {
            ChainFault::LeafNotFirst
        } else {
            fault
        };
        return Err(ChainOrderError::Fault(fault));
    }
    Ok(())
}

/// One DER TLV: (tag, whole TLV, content, the bytes after it).
type Tlv<'a> = (u8, &'a [u8], &'a [u8], &'a [u8]);

/// The DER TLV at the start of `b`.
fn tlv(b: &[u8]) -> Option<Tlv<'_>> {
    let (&tag, rest) = b.split_first()?;
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
            .fold(0usize, |a, &x| (a << 8) | usize::from(x));
        (len, &rest[n..])
    };
    if rest.len() < len {
        return None;
    }
    let header = b.len() - rest.len();
    Some((tag, &b[..header + len], &rest[..len], &rest[len..]))
}

/// The raw DER issuer and subject Names of a certificate.
fn issuer_and_subject(cert: &[u8]) -> Option<(&[u8], &[u8])> {
    let (0x30, _, body, []) = tlv(cert)? else {
        return None;
    };
    let (0x30, _, tbs, _) = tlv(body)? else {
        return None;
    };
    let mut rest = tbs;
    let (tag, _, _, r) = tlv(rest)?;
    if tag == 0xa0 {
        rest = r; // [0] version
    }
    let (_, _, _, r) = tlv(rest)?; // serialNumber
    let (_, _, _, r) = tlv(r)?; // signature AlgorithmIdentifier
    let (0x30, issuer, _, r) = tlv(r)? else {
        return None;
    };
    let (_, _, _, r) = tlv(r)?; // validity
    let (0x30, subject, _, _) = tlv(r)? else {
        return None;
    };
    Some((issuer, subject))
}
