//! Signing a national XML, external first: [`prepare`] → [`Prepared`] (the exact canonical
//! `SignedInfo` bytes and their digest, for a token or a remote-signing service; a pending
//! file) → [`attach`] (the signature checked against the certificate, refused with a hint
//! when it does not verify) → the signed XML. [`sign`] does all three with an in-process key.
//!
//! The new slot is spliced into `DANH_SACH_THONG_TIN_KY` as text: every byte outside it is
//! kept, so the signed data and earlier signatures stay byte-identical.

use std::ops::Range;

use base64::Engine;
use sha2::Digest;

use super::layout::{self, Layout, data_field, role_slot};
use super::profile::{
    DATA_ID, DS_NS, DigestAlg, TYPE_SIGNATURE_PROPERTIES, signature_method_uri, slot_name,
};
use super::read::{parts, read_key_info};
use super::verify::named_in_data;
use super::verify::{UnverifiedXml, signature_len};
use super::{C14nMethod, XmlSigError, canonicalize};
use crate::envelope::{Algorithm, PublicKey, SignCheck, SignOptions, SignRefusal, SigningKey};
use crate::envelope::{SigningContext, check_before_signing};
use crate::trust::{SignerRole, UnixTime};

const B64: base64::engine::GeneralPurpose = base64::engine::general_purpose::STANDARD;

/// Format of the pending-signature file. Version 2 covers the whole prepared document (the
/// chain in `KeyInfo` included) and records the checks turned off (ADR 0246).
const PENDING_FORMAT: &str = "hocba-xmldsig-pending/2";

/// Version 1, whose integrity value left the chain out: refused with a word to prepare again.
const PENDING_FORMAT_1: &str = "hocba-xmldsig-pending/1";

/// Vietnam's UTC offset, in which signing times are written (`+07:00`).
const VN_OFFSET_SECS: i32 = crate::rules::VIET_NAM_OFFSET_SECS;

/// The `Id` of a role's `ds:Signature`.
pub fn signature_id(role: SignerRole) -> String {
    format!("sig-{}", slot_name(role))
}

/// The `Id` of a role's `SignatureProperties`.
pub fn properties_id(role: SignerRole) -> String {
    format!("props-{}", slot_name(role))
}

/// A signing time in the profile's form, in Vietnam's offset: `2026-06-01T07:00:00+07:00`.
pub fn format_signing_time(t: UnixTime) -> Result<String, XmlSigError> {
    let bad = XmlSigError::Prepare {
        what: "signing time out of range",
    };
    let offset = time::UtcOffset::from_whole_seconds(VN_OFFSET_SECS).map_err(|_| bad.clone())?;
    let dt = time::OffsetDateTime::from_unix_timestamp(t.secs())
        .map_err(|_| bad.clone())?
        .to_offset(offset);
    let fmt = time::macros::format_description!(
        "[year]-[month]-[day]T[hour]:[minute]:[second][offset_hour sign:mandatory]:[offset_minute]"
    );
    dt.format(&fmt).map_err(|_| bad)
}

fn escape_text(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('\r', "&#xD;")
}

/// A signature prepared for the external signer.
#[derive(Clone)]
pub struct Prepared {
    role: SignerRole,
    alg: Algorithm,
    signing_time: UnixTime,
    chain: Vec<Vec<u8>>,
    key: PublicKey,
    original: Vec<u8>,
    signed_info: Vec<u8>,
    /// The signed document up to the `SignatureValue` text, and from its end tag on.
    head: Vec<u8>,
    tail: Vec<u8>,
    /// The checks before signing turned off when it was prepared, run again at attach.
    checks_off: Vec<SignCheck>,
}

impl std::fmt::Debug for Prepared {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Prepared")
            .field("role", &self.role)
            .field("alg", &self.alg)
            .field("signed_info_len", &self.signed_info.len())
            .finish_non_exhaustive()
    }
}

impl Prepared {
    /// The exact bytes to sign: the exclusive canonical form of the new `SignedInfo`.
    pub fn signed_info(&self) -> &[u8] {
        &self.signed_info
    }

    /// The digest a token or remote-signing service signs: SHA-384 for ECDSA-SHA384, SHA-256
    /// otherwise.
    pub fn digest(&self) -> Vec<u8> {
        self.alg.digest(&self.signed_info)
    }

    /// The algorithm.
    pub fn algorithm(&self) -> Algorithm {
        self.alg
    }

    /// The role signing.
    pub fn role(&self) -> SignerRole {
        self.role
    }

    /// The signing time written into the signature.
    pub fn signing_time(&self) -> UnixTime {
        self.signing_time
    }

    /// The SHA-256 of the whole prepared document without its signature value: the data,
    /// the new slot and its `KeyInfo` (the chain, which `SignedInfo` does not cover).
    pub(crate) fn document_sha256(&self) -> String {
        let mut h = sha2::Sha256::new();
        h.update(&self.head);
        h.update(&self.tail);
        hex::encode(h.finalize())
    }

    /// The pending state as a file (JSON): the inputs of [`prepare`], the checks turned off,
    /// the SHA-256 of the `SignedInfo` and of the whole prepared document (its `KeyInfo`
    /// included), so [`Prepared::from_file_bytes`] can rebuild it and notice a change.
    pub fn to_file_bytes(&self) -> Vec<u8> {
        let v = serde_json::json!({
            "format": PENDING_FORMAT,
            "role": self.role.code(),
            "alg": self.alg.name(),
            "signing_time": self.signing_time.secs(),
            "chain": self.chain.iter().map(|c| B64.encode(c)).collect::<Vec<_>>(),
            "checks_off": self.checks_off.iter().map(|c| c.code()).collect::<Vec<_>>(),
            "xml": B64.encode(&self.original),
            "signed_info_sha256": hex::encode(sha2::Sha256::digest(&self.signed_info)),
            "document_sha256": self.document_sha256(),
        });
        serde_json::to_vec_pretty(&v).unwrap_or_default()
    }

    /// Rebuilds a pending signature from [`Prepared::to_file_bytes`]: prepares again, checks
    /// that the `SignedInfo` and the whole document (the chain in `KeyInfo` included) are the
    /// ones prepared, then runs the checks before signing again (all but those the file says
    /// were turned off; the chain against roots only with a trust store, which the file does
    /// not hold). A pending file whose chain was replaced is refused, never attached into a
    /// slot verification would refuse (ADR 0246).
    pub fn from_file_bytes(bytes: &[u8]) -> Result<Self, XmlSigError> {
        let m = |what| XmlSigError::PendingMalformed { what };
        // The exclusive-canonical SignedInfo (the `.tbs.bin` beside the pending file).
        if crate::envelope::is_bytes_to_sign(bytes) {
            return Err(m(super::error::BYTES_TO_SIGN_GIVEN));
        }
        let v: serde_json::Value = serde_json::from_slice(bytes).map_err(|_| m("not JSON"))?;
        if v["format"] == PENDING_FORMAT_1 {
            return Err(m(super::error::PENDING_FORMAT_OLD));
        }
        if v["format"] != PENDING_FORMAT {
            return Err(m("format"));
        }
        let role = v["role"]
            .as_str()
            .and_then(SignerRole::from_code)
            .ok_or(m("role"))?;
        let alg = v["alg"]
            .as_str()
            .and_then(Algorithm::from_name)
            .ok_or(m("alg"))?;
        let time = UnixTime::from_secs(v["signing_time"].as_i64().ok_or(m("signing_time"))?);
        let chain = v["chain"]
            .as_array()
            .ok_or(m("chain"))?
            .iter()
            .map(|c| {
                c.as_str()
                    .and_then(|s| B64.decode(s).ok())
                    .ok_or(m("chain"))
            })
            .collect::<Result<Vec<_>, _>>()?;
        let xml = v["xml"]
            .as_str()
            .and_then(|s| B64.decode(s).ok())
            .ok_or(m("xml"))?;
        let checks_off = v["checks_off"]
            .as_array()
            .ok_or(m("checks_off"))?
            .iter()
            .map(|c| {
                c.as_str()
                    .and_then(SignCheck::from_code)
                    .ok_or(m("checks_off"))
            })
            .collect::<Result<Vec<_>, _>>()?;
        let refs: Vec<&[u8]> = chain.iter().map(Vec::as_slice).collect();
        // Rebuilt as it was, then compared, then checked again.
        let mut p = prepare_with(&xml, role, &refs, alg, time, &SignOptions::unchecked())?;
        if Some(hex::encode(sha2::Sha256::digest(&p.signed_info)).as_str())
            != v["signed_info_sha256"].as_str()
        {
            return Err(m(super::error::SIGNED_INFO_CHANGED));
        }
        if Some(p.document_sha256().as_str()) != v["document_sha256"].as_str() {
            return Err(m(super::error::PENDING_DOCUMENT_CHANGED));
        }
        let opts = checks_off
            .iter()
            .fold(SignOptions::default(), |o, c| o.without(*c));
        let doc = layout::parse(&xml)?;
        checks_before_signing(&layout::layout(&doc)?, &xml, role, &refs, time, &opts)?;
        p.checks_off = checks_off;
        Ok(p)
    }
}

/// What goes into the new slot.
struct Template {
    role: SignerRole,
    method_uri: &'static str,
    time_text: String,
    so_cccd: Option<String>,
    subject: String,
    chain_b64: Vec<String>,
    data_digest: String,
    earlier: Vec<(String, String)>,
    props_digest: String,
}

impl Template {
    /// The slot element; returns it and the offset where the `SignatureValue` text goes.
    fn slot_xml(&self, value_b64: &str) -> (String, usize) {
        let name = slot_name(self.role);
        let sig_id = signature_id(self.role);
        let props_id = properties_id(self.role);
        let sha256 = DigestAlg::Sha256.uri();
        let exc = C14nMethod::Exclusive.uri();
        let reference = |uri: &str, ty: Option<&str>, digest: &str| {
            let ty = ty.map(|t| format!(" Type=\"{t}\"")).unwrap_or_default();
            format!(
                "<ds:Reference URI=\"#{uri}\"{ty}><ds:Transforms><ds:Transform Algorithm=\"{exc}\"/></ds:Transforms><ds:DigestMethod Algorithm=\"{sha256}\"/><ds:DigestValue>{digest}</ds:DigestValue></ds:Reference>"
            )
        };
        let mut refs = reference(DATA_ID, None, &self.data_digest);
        refs.push_str(&reference(
            &props_id,
            Some(TYPE_SIGNATURE_PROPERTIES),
            &self.props_digest,
        ));
        for (id, d) in &self.earlier {
            refs.push_str(&reference(id, None, d));
        }
        let mut out = format!("<{name}><NGAY_KY>{}</NGAY_KY>", self.time_text);
        if let Some(id) = &self.so_cccd {
            out.push_str(&format!("<SO_CCCD>{id}</SO_CCCD>"));
        }
        out.push_str(&format!(
            "<ds:Signature xmlns:ds=\"{DS_NS}\" Id=\"{sig_id}\"><ds:SignedInfo><ds:CanonicalizationMethod Algorithm=\"{exc}\"/><ds:SignatureMethod Algorithm=\"{}\"/>{refs}</ds:SignedInfo><ds:SignatureValue>",
            self.method_uri
        ));
        let at = out.len();
        out.push_str(value_b64);
        out.push_str("</ds:SignatureValue><ds:KeyInfo><ds:X509Data>");
        out.push_str(&format!(
            "<ds:X509SubjectName>{}</ds:X509SubjectName>",
            escape_text(&self.subject)
        ));
        for c in &self.chain_b64 {
            out.push_str(&format!("<ds:X509Certificate>{c}</ds:X509Certificate>"));
        }
        out.push_str(&format!(
            "</ds:X509Data></ds:KeyInfo><ds:Object><ds:SignatureProperties Id=\"{props_id}\"><ds:SignatureProperty Target=\"#{sig_id}\"><SigningTime>{}</SigningTime></ds:SignatureProperty></ds:SignatureProperties></ds:Object></ds:Signature></{name}>",
            self.time_text
        ));
        (out, at)
    }
}

/// Where the new slot goes: the byte range it replaces and the text around it.
struct Splice {
    range: Range<usize>,
    before: &'static str,
    after: &'static str,
}

fn splice_point(l: &Layout<'_, '_>, input: &str, role: SignerRole) -> Result<Splice, XmlSigError> {
    let out_of_order = XmlSigError::RoleOutOfOrder {
        role: role_slot(role),
    };
    if l.slots
        .iter()
        .any(|s| s.signature.is_some() && s.role >= role)
    {
        return Err(out_of_order);
    }
    if let Some(empty) = l.slot(role) {
        return Ok(Splice {
            range: empty.node.range(),
            before: "",
            after: "",
        });
    }
    if let Some(later) = l.slots.iter().find(|s| s.role > role) {
        let at = later.node.range().start;
        return Ok(Splice {
            range: at..at,
            before: "",
            after: "",
        });
    }
    let r = l.list.range();
    let text = &input[r.clone()];
    if text.ends_with("/>") {
        return Ok(Splice {
            range: r,
            before: "<DANH_SACH_THONG_TIN_KY>",
            after: "</DANH_SACH_THONG_TIN_KY>",
        });
    }
    let close = text.rfind("</").ok_or(XmlSigError::Structure {
        what: "DANH_SACH_THONG_TIN_KY has no end tag",
    })?;
    let at = r.start + close;
    Ok(Splice {
        range: at..at,
        before: "",
        after: "",
    })
}

/// The slot's `SO_CCCD`: the record's field for the role, else the certificate's `CCCD:`
/// identifier.
fn so_cccd(
    l: &Layout<'_, '_>,
    role: SignerRole,
    leaf: &[u8],
) -> Result<Option<String>, XmlSigError> {
    let field = match role {
        SignerRole::HomeroomTeacher => "SO_CCCD_GIAO_VIEN_CHU_NHIEM",
        SignerRole::Principal => "SO_CCCD_GIAM_HIEU_KY_HOC_BA",
        SignerRole::SchoolSeal => return Ok(None),
    };
    if let Some(v) = data_field(l.data, field) {
        return Ok(Some(v.to_owned()));
    }
    let from_cert = certificate_ids(leaf).into_iter().find_map(|v| {
        let v = v.trim();
        let (p, n) = v.split_once(':')?;
        (p.eq_ignore_ascii_case("CCCD") && n.len() == 12 && n.bytes().all(|b| b.is_ascii_digit()))
            .then(|| n.to_owned())
    });
    from_cert.map(Some).ok_or(XmlSigError::Prepare {
        what: "no SO_CCCD: neither in the record nor in the certificate",
    })
}

fn certificate_ids(der: &[u8]) -> Vec<String> {
    use der::Decode;
    let Ok(cert) = x509_cert::Certificate::from_der(der) else {
        return Vec::new();
    };
    let uid = const_oid::ObjectIdentifier::new_unwrap("0.9.2342.19200300.100.1.1");
    let serial = const_oid::ObjectIdentifier::new_unwrap("2.5.4.5");
    let mut out = Vec::new();
    for atv in cert.tbs_certificate().subject().iter() {
        if atv.oid == uid || atv.oid == serial {
            if let Ok(s) = atv.value.decode_as::<der::asn1::Utf8StringRef<'_>>() {
                out.push(s.as_str().to_owned());
            } else if let Ok(s) = atv.value.decode_as::<der::asn1::PrintableStringRef<'_>>() {
                out.push(s.as_str().to_owned());
            }
        }
    }
    out
}

fn subject_dn(der: &[u8]) -> Result<String, XmlSigError> {
    use der::Decode;
    x509_cert::Certificate::from_der(der)
        .map(|c| c.tbs_certificate().subject().to_string())
        .map_err(|_| XmlSigError::Prepare {
            what: "the signer's certificate cannot be read",
        })
}

/// Prepares `role`'s signature over the national XML `xml`: `chain` is the signer's
/// certificate chain, leaf first (DER); `alg` must fit the leaf's key (RS256, PS256, ES256,
/// ES384); `signing_time` goes into `SigningTime` and the slot's `NGAY_KY`.
///
/// The role's slot must be empty and no later role may have signed. The new signature
/// references `#data`, its own `SignatureProperties`, and every earlier signature (ADR 0081).
/// Runs every check before signing ([`SignOptions::default`]); see [`prepare_with`].
pub fn prepare(
    xml: &[u8],
    role: SignerRole,
    chain: &[&[u8]],
    alg: Algorithm,
    signing_time: UnixTime,
) -> Result<Prepared, XmlSigError> {
    prepare_with(xml, role, chain, alg, signing_time, &SignOptions::default())
}

/// As [`prepare`], with the checks before signing `opts` asks for (ADR 0142): a certificate
/// that cannot pass verification for this role (person or organisation, keyUsage, validity at
/// `signing_time`, the seal's school `TEN_TRUONG`/`MA_TRUONG`, the person the data names with
/// `SO_CCCD_…`), and with trust its chain and CRLs, or data with TT27 errors (read as profile
/// 2088/1.0), is refused with [`XmlSigError::Refused`].
pub fn prepare_with(
    xml: &[u8],
    role: SignerRole,
    chain: &[&[u8]],
    alg: Algorithm,
    signing_time: UnixTime,
    opts: &SignOptions<'_>,
) -> Result<Prepared, XmlSigError> {
    build(xml, role, chain, alg, signing_time, opts, AlgFrom::Caller)
}

/// Where the algorithm of a preparation comes from, for the message when it does not fit the
/// certificate's key.
#[derive(Clone, Copy, PartialEq, Eq)]
enum AlgFrom {
    /// The caller named it (`--prepare --alg`, a pending file): the algorithm is wrong for
    /// the certificate ([`XmlSigError::AlgorithmNotTheKeys`]).
    Caller,
    /// The in-process signing key's: the key is not the certificate's.
    SigningKey,
}

/// The words for a key in messages, and the profile's algorithms that fit it.
fn key_words(key: &PublicKey) -> (&'static str, &'static [&'static str]) {
    use crate::envelope::KeyKind;
    match key.kind() {
        KeyKind::EcdsaP256 => ("ECDSA P-256", &["ES256"]),
        KeyKind::EcdsaP384 => ("ECDSA P-384", &["ES384"]),
        KeyKind::Rsa { .. } => ("RSA", &["RS256", "PS256"]),
        KeyKind::Ed25519 => ("Ed25519", &[]),
    }
}

fn build(
    xml: &[u8],
    role: SignerRole,
    chain: &[&[u8]],
    alg: Algorithm,
    signing_time: UnixTime,
    opts: &SignOptions<'_>,
    alg_from: AlgFrom,
) -> Result<Prepared, XmlSigError> {
    let doc = layout::parse(xml)?;
    let l = layout::layout(&doc)?;
    let input = doc.input_text();
    let splice = splice_point(&l, input, role)?;
    let leaf = *chain.first().ok_or(XmlSigError::Prepare {
        what: "no certificate",
    })?;
    // What verification refuses in KeyInfo, and what the certificate's key cannot sign, is
    // refused before the token or remote service signs (`docs/spec/xml-signature.md` §4.5):
    // the same chain-order check as verification's, then the algorithm.
    if chain.len() > super::read::MAX_CERTS {
        return Err(XmlSigError::Prepare {
            what: "too many certificates",
        });
    }
    super::read::check_chain_order(chain)?;
    let key = PublicKey::from_certificate_der(leaf).map_err(|_| XmlSigError::Prepare {
        what: "the signer's certificate or key is not supported",
    })?;
    let method_uri = signature_method_uri(alg).ok_or(XmlSigError::Prepare {
        what: "the algorithm has no XML-DSig identifier in the profile (RS256, PS256, ES256, ES384)",
    })?;
    if !key.fits(alg) {
        return Err(match alg_from {
            AlgFrom::SigningKey => XmlSigError::Prepare {
                what: super::error::KEY_NOT_THE_CERTIFICATES,
            },
            AlgFrom::Caller => {
                let (key, fits) = key_words(&key);
                XmlSigError::AlgorithmNotTheKeys {
                    alg: alg.name(),
                    key,
                    fits,
                }
            }
        });
    }
    checks_before_signing(&l, xml, role, chain, signing_time, opts)?;
    let b64_digest = |node, m| B64.encode(DigestAlg::Sha256.digest_c14n(node, m));
    let mut earlier = Vec::new();
    for s in l.slots.iter().filter(|s| s.role < role) {
        if let Some(sig) = s.signature
            && let Some(id) = sig.attribute("Id")
        {
            earlier.push((id.to_owned(), b64_digest(sig, C14nMethod::Exclusive)));
        }
    }
    let mut t = Template {
        role,
        method_uri,
        time_text: format_signing_time(signing_time)?,
        so_cccd: so_cccd(&l, role, leaf)?,
        subject: subject_dn(leaf)?,
        chain_b64: chain.iter().map(|c| B64.encode(c)).collect(),
        data_digest: b64_digest(l.data, C14nMethod::Exclusive),
        earlier,
        props_digest: String::new(),
    };
    let compose = |t: &Template| -> (String, usize) {
        let (slot, at) = t.slot_xml("");
        let head = &input[..splice.range.start];
        let doc = format!(
            "{head}{}{slot}{}{}",
            splice.before,
            splice.after,
            &input[splice.range.end..]
        );
        (doc, head.len() + splice.before.len() + at)
    };
    // Pass 1: the SignatureProperties digest, read back from the composed document.
    let (draft, _) = compose(&t);
    t.props_digest = {
        let d = layout::parse(draft.as_bytes())?;
        let dl = layout::layout(&d)?;
        let sig = dl
            .slot(role)
            .and_then(|s| s.signature)
            .ok_or(XmlSigError::Prepare {
                what: "the new slot was not found",
            })?;
        b64_digest(parts(sig)?.props, C14nMethod::Exclusive)
    };
    // Pass 2: the SignedInfo as a verifier will canonicalize it.
    let (text, value_at) = compose(&t);
    let signed_info = {
        let d = layout::parse(text.as_bytes())?;
        let dl = layout::layout(&d)?;
        let sig = dl
            .slot(role)
            .and_then(|s| s.signature)
            .ok_or(XmlSigError::Prepare {
                what: "the new slot was not found",
            })?;
        let mut out = Vec::new();
        canonicalize(parts(sig)?.signed_info, C14nMethod::Exclusive, &mut out);
        out
    };
    let bytes = text.into_bytes();
    Ok(Prepared {
        role,
        alg,
        signing_time,
        chain: chain.iter().map(|c| c.to_vec()).collect(),
        key,
        original: xml.to_vec(),
        signed_info,
        head: bytes[..value_at].to_vec(),
        tail: bytes[value_at..].to_vec(),
        checks_off: SignCheck::ALL
            .into_iter()
            .filter(|c| !opts.runs(*c))
            .collect(),
    })
}

/// The checks before signing `opts` asks for (ADR 0142), on the document's layout `l`: run
/// by `prepare`, and again at attach on a pending file ([`Prepared::from_file_bytes`]).
fn checks_before_signing(
    l: &Layout<'_, '_>,
    xml: &[u8],
    role: SignerRole,
    chain: &[&[u8]],
    signing_time: UnixTime,
    opts: &SignOptions<'_>,
) -> Result<(), XmlSigError> {
    let (name, id) = named_in_data(l.data, role);
    // The leaf certificates of the roles that signed before, for the check that the three
    // roles are three certificates and persons. A signature whose certificate cannot be
    // read here is refused by verification; it is not this check's to judge.
    let earlier_chains: Vec<(SignerRole, Vec<Vec<u8>>)> = l
        .slots
        .iter()
        .filter(|s| s.role < role)
        .filter_map(|s| {
            let chain = read_key_info(parts(s.signature?).ok()?.key_info).ok()?;
            Some((s.role, chain))
        })
        .collect();
    let cx = SigningContext {
        role,
        signing_time,
        school_name: data_field(l.data, "TEN_TRUONG").unwrap_or(""),
        school_code: data_field(l.data, "MA_TRUONG").unwrap_or(""),
        named: crate::trust::NamedPerson {
            full_name: &name,
            personal_id: id.as_deref(),
            // The slot's SO_CCCD is written from the data or the certificate itself.
            unsigned_id: None,
        },
        earlier: earlier_chains
            .iter()
            .filter_map(|(r, c)| Some((*r, c.first()?.as_slice())))
            .collect(),
    };
    // The national reader's record, judged for what the national format carries (ADR 0242).
    check_before_signing(opts, chain, &cx, || {
        let (record, facts) = crate::moet::read_national(xml, &crate::moet::Profile::V2088_1_0)
            .map_err(|e| SignRefusal::RecordUnreadable { code: e.code() })?;
        Ok(crate::rules::validate_for_signing(
            &record,
            Some(&facts),
            role,
            signing_time,
            &crate::rules::Policy::default(),
        ))
    })
    .map_err(XmlSigError::Refused)
}

/// Writes `signature` (raw bytes; for ECDSA `r ‖ s` or ASN.1 DER) into the prepared slot,
/// after checking it against the certificate over the prepared `SignedInfo`. A signature that
/// does not verify is refused with [`XmlSigError::AttachRefused`] naming the likely cause.
pub fn attach(prepared: Prepared, signature: &[u8]) -> Result<Vec<u8>, XmlSigError> {
    attach_with(prepared, signature, None).map(|a| a.signed)
}

/// As [`attach`], after checking the signer's chain to the roots of `trust` at the signing
/// time, as `prepare` does with a trust store (CRLs included; a refusal is
/// [`XmlSigError::Refused`] with verification's code, e.g. `unknown_issuer`). Without `trust`
/// the chain is not checked, and [`Attached::roots`](crate::envelope::Attached) says so (ADR
/// 0273): the COSE path's check ([`crate::envelope::ToBeSigned::attach_with`]).
pub fn attach_with(
    prepared: Prepared,
    signature: &[u8],
    trust: Option<&crate::trust::TrustStore>,
) -> Result<crate::envelope::Attached<Vec<u8>>, XmlSigError> {
    let p = prepared;
    let chain: Vec<&[u8]> = p.chain.iter().map(Vec::as_slice).collect();
    let roots = crate::envelope::roots_at_attach(trust, &chain, p.role, p.signing_time)
        .map_err(XmlSigError::Refused)?;
    let sig = p.key.normalise_signature(signature);
    let ok =
        sig.len() == signature_len(&p.key) && p.key.verify(p.alg, &p.signed_info, &sig).is_ok();
    if !ok {
        return Err(XmlSigError::AttachRefused {
            cause: crate::envelope::diagnose(&p.key, p.alg, &p.signed_info, signature),
        });
    }
    let mut out = p.head;
    out.extend_from_slice(B64.encode(&sig).as_bytes());
    out.extend_from_slice(&p.tail);
    // The output must read back under the profile (it always should: a safety net).
    UnverifiedXml::from_bytes(&out)?;
    Ok(crate::envelope::Attached { signed: out, roots })
}

/// Prepares, signs with an in-process key and attaches, in one step (tests, the demo, a
/// school's own seal key), after every check before signing ([`SignOptions::default`]).
pub fn sign<R: crate::envelope::Randomness + ?Sized>(
    xml: &[u8],
    key: &SigningKey,
    role: SignerRole,
    chain: &[&[u8]],
    signing_time: UnixTime,
    rng: &mut R,
) -> Result<Vec<u8>, XmlSigError> {
    sign_with(
        xml,
        key,
        role,
        chain,
        signing_time,
        rng,
        &SignOptions::default(),
    )
}

/// As [`sign`], with the checks before signing `opts` asks for.
pub fn sign_with<R: crate::envelope::Randomness + ?Sized>(
    xml: &[u8],
    key: &SigningKey,
    role: SignerRole,
    chain: &[&[u8]],
    signing_time: UnixTime,
    rng: &mut R,
    opts: &SignOptions<'_>,
) -> Result<Vec<u8>, XmlSigError> {
    let p = build(
        xml,
        role,
        chain,
        key.algorithm(),
        signing_time,
        opts,
        AlgFrom::SigningKey,
    )?;
    let signature = key
        .sign(p.signed_info(), rng)
        .map_err(|_| XmlSigError::Prepare {
            what: "the in-process key failed to sign",
        })?;
    attach(p, &signature)
}
