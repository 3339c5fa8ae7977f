//! What the portal reads from one received record, and the check of its signatures.
//!
//! The identifying fields (lookup code, school, pupil, year) are read from `THONG_TIN_CHUNG`
//! to index the record; the signatures are checked by a [`RecordVerifier`]: [`XmlDsig`], the
//! core's XML-signature verifier — the portal never accepts a record whose signatures it did
//! not verify.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use hocba_core::envelope::{Status, Verifier};
use hocba_core::xml::XmlLimits;
use hocba_core::{Lang, SignerRole, TrustStore, UnixTime, moet, xmldsig};
use roxmltree::Node;
use sha2::{Digest, Sha256};

/// Why one record was rejected: the status item's `error`, `error_field_title` and messages.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rejection {
    /// hocba's stable code.
    pub code: String,
    /// The element or signer it is about (`KY_PHAT_HANH`, `MA_TRA_CUU_UUID` …).
    pub field: String,
    /// Vietnamese message (no pupil data).
    pub vi: String,
    /// English message (no pupil data).
    pub en: String,
}

impl Rejection {
    /// A rejection.
    pub fn new(code: &str, field: &str, vi: impl Into<String>, en: impl Into<String>) -> Self {
        Self {
            code: code.to_owned(),
            field: field.to_owned(),
            vi: vi.into(),
            en: en.into(),
        }
    }
}

/// The identifying fields of a record (`THONG_TIN_CHUNG`) and its KY_PHAT_HANH certificate.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Facts {
    /// `MA_TRA_CUU_UUID`.
    pub ma_tra_cuu_uuid: String,
    /// `MA_TRUONG`.
    pub ma_truong: String,
    /// `MA_HOC_SINH`.
    pub ma_hoc_sinh: String,
    /// `SO_CCCD`.
    pub so_cccd: String,
    /// `HO_VA_TEN`.
    pub ho_va_ten: String,
    /// `NGAY_SINH`.
    pub ngay_sinh: String,
    /// `TEN_NAM_HOC` (`2025-2026`; or `NAM_HOC` when absent).
    pub nam_hoc: String,
    /// The leaf certificate (DER) carried in `KY_PHAT_HANH`'s signature, if any.
    pub seal_certificate: Option<Vec<u8>>,
}

impl Facts {
    /// SHA-256 hex of the KY_PHAT_HANH certificate.
    pub fn seal_fingerprint(&self) -> Option<String> {
        self.seal_certificate
            .as_ref()
            .map(|c| hex::encode(Sha256::digest(c)))
    }
}

fn child<'a, 'i>(n: Node<'a, 'i>, name: &str) -> Option<Node<'a, 'i>> {
    n.children()
        .find(|c| c.is_element() && c.tag_name().name() == name)
}

fn text_of(n: Node<'_, '_>, name: &str) -> String {
    child(n, name)
        .and_then(|c| c.text())
        .map(|t| t.trim().to_owned())
        .unwrap_or_default()
}

/// Whether `s` is a UUID in its 36-character text form (version 4 per CV 2088 §1).
pub fn is_uuid(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 36
        && b.iter().enumerate().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => *c == b'-',
            _ => c.is_ascii_hexdigit(),
        })
}

/// Reads one `HOC_BA` (its exact bytes) with the core's strict national-format reader
/// (`moet::from_xml`, profile 2088/1.0) — a record the reader refuses is rejected with the
/// reader's code and element — then takes its identifying fields.
pub fn read_facts(record: &str) -> Result<Facts, Rejection> {
    let reader_refused = |e: hocba_core::Error| {
        let field = match &e {
            hocba_core::Error::Xml(x) => x.path.rsplit('/').next().unwrap_or("HOC_BA").to_owned(),
            _ => "HOC_BA".to_owned(),
        };
        Rejection::new(e.code(), &field, e.message(Lang::Vi), e.message(Lang::En))
    };
    // One strict parse serves the reader and the identifying fields.
    let doc = hocba_core::xml::parse(record.as_bytes(), &XmlLimits::RECORD)
        .map_err(|e| reader_refused(e.into()))?;
    moet::from_document(&doc, &moet::Profile::default()).map_err(reader_refused)?;
    let root = doc.root_element();
    let missing = |field: &'static str| {
        Rejection::new(
            "missing_field",
            field,
            format!("thiếu {field}"),
            format!("{field} is missing"),
        )
    };
    let data = child(root, "DU_LIEU_HOC_BA").ok_or_else(|| missing("DU_LIEU_HOC_BA"))?;
    let general = child(data, "THONG_TIN_CHUNG").ok_or_else(|| missing("THONG_TIN_CHUNG"))?;
    let mut nam_hoc = text_of(general, "TEN_NAM_HOC");
    if nam_hoc.is_empty() {
        nam_hoc = text_of(general, "NAM_HOC");
    }
    let facts = Facts {
        ma_tra_cuu_uuid: text_of(general, "MA_TRA_CUU_UUID").to_ascii_lowercase(),
        ma_truong: text_of(general, "MA_TRUONG"),
        ma_hoc_sinh: text_of(general, "MA_HOC_SINH"),
        so_cccd: text_of(general, "SO_CCCD"),
        ho_va_ten: text_of(general, "HO_VA_TEN"),
        ngay_sinh: text_of(general, "NGAY_SINH"),
        nam_hoc,
        seal_certificate: seal_leaf(root),
    };
    for (name, value) in [
        ("MA_TRA_CUU_UUID", &facts.ma_tra_cuu_uuid),
        ("MA_TRUONG", &facts.ma_truong),
        ("MA_HOC_SINH", &facts.ma_hoc_sinh),
        ("SO_CCCD", &facts.so_cccd),
        ("HO_VA_TEN", &facts.ho_va_ten),
        ("NGAY_SINH", &facts.ngay_sinh),
        ("NAM_HOC", &facts.nam_hoc),
    ] {
        if value.is_empty() {
            return Err(missing(name));
        }
    }
    if !is_uuid(&facts.ma_tra_cuu_uuid) {
        return Err(Rejection::new(
            "invalid_lookup_code",
            "MA_TRA_CUU_UUID",
            "MA_TRA_CUU_UUID không phải UUID",
            "MA_TRA_CUU_UUID is not a UUID",
        ));
    }
    Ok(facts)
}

/// The first `KY_PHAT_HANH/Signature/KeyInfo/X509Data/X509Certificate` (the leaf, by the
/// profile), decoded; `None` when absent or not Base64.
fn seal_leaf(root: Node<'_, '_>) -> Option<Vec<u8>> {
    let seal = child(root, "DANH_SACH_THONG_TIN_KY").and_then(|l| child(l, "KY_PHAT_HANH"))?;
    let cert = seal
        .descendants()
        .find(|n| n.is_element() && n.tag_name().name() == "X509Certificate")?;
    let b64: String = cert
        .text()?
        .chars()
        .filter(|c| !c.is_ascii_whitespace())
        .collect();
    STANDARD.decode(b64).ok()
}

/// One signature of a verified record, for people to read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Signer {
    /// `GVCN`, `CBQL` or `KY_PHAT_HANH`.
    pub role: String,
    /// The certificate's subject name (a person, or the school).
    pub name: String,
    /// The signing time (JSON: RFC 3339; pages: Vietnam time).
    pub signed_at: hocba_core::UnixTime,
}

/// The outcome of verifying one record's signatures.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Verified {
    /// The KY_PHAT_HANH leaf certificate (DER) the verifier accepted.
    pub seal_certificate: Vec<u8>,
    /// Every signature, in signing order.
    pub signers: Vec<Signer>,
}

/// Checks every signature of a signed record (GVCN, CBQL, KY_PHAT_HANH) against `trust` at
/// `at`. The portal then matches the KY_PHAT_HANH certificate against the school's approved
/// certificates itself.
pub trait RecordVerifier: Send + Sync + 'static {
    /// `document`: the record as a file of its own ([`hocba_core::exchange::record_document`]),
    /// checked with a shared [`Verifier`] (its certificate-chain cache serves every record of
    /// a submission, from several threads).
    fn verify_with(&self, document: &[u8], verifier: &Verifier<'_>) -> Result<Verified, Rejection>;

    /// One record on its own.
    fn verify(
        &self,
        document: &[u8],
        trust: &TrustStore,
        at: UnixTime,
    ) -> Result<Verified, Rejection> {
        self.verify_with(document, &Verifier::new(trust, at))
    }

    /// A name for `/healthz` and the logs.
    fn name(&self) -> &'static str;

    /// The roles that must have signed, for the lookup page's multi-year verification (the
    /// core's, under the same policy as this verifier's). The specification's minimum unless
    /// the verifier says otherwise.
    fn required_roles(&self) -> xmldsig::RequiredRoles {
        xmldsig::RequiredRoles::SpecMinimum
    }
}

/// The core's XML-signature verifier (`hocba_core::xmldsig`): every signature present and
/// every certificate chain is checked at the signing time under the portal's roots, the roles
/// `required` must all have signed (by default the specification's minimum, CBQL and
/// KY_PHAT_HANH; GVCN is optional in CV 2088 Phụ lục 1.1), and the data must be unaltered.
/// The KY_PHAT_HANH certificate returned is the leaf the verifier checked the seal with (the
/// first `X509Certificate` of its `KeyInfo`, leaf first by the profile).
#[derive(Clone, Copy, Debug, Default)]
pub struct XmlDsig {
    /// The roles that must have signed.
    pub required: xmldsig::RequiredRoles,
}

impl XmlDsig {
    /// Requires CBQL and KY_PHAT_HANH (CV 2088 Phụ lục 1.1).
    pub fn spec_minimum() -> Self {
        Self {
            required: xmldsig::RequiredRoles::SpecMinimum,
        }
    }
}

impl RecordVerifier for XmlDsig {
    fn verify_with(&self, document: &[u8], verifier: &Verifier<'_>) -> Result<Verified, Rejection> {
        let unverified = xmldsig::UnverifiedXml::from_bytes(document).map_err(|e| {
            Rejection::new(
                e.code(),
                "DANH_SACH_THONG_TIN_KY",
                e.message_vi(),
                e.to_string(),
            )
        })?;
        // The leaf KY_PHAT_HANH's KeyInfo carries (the one the verifier checks the seal with),
        // taken before verification consumes the reading: no second parse.
        let seal_leaf = unverified
            .certificates(SignerRole::SchoolSeal)
            .and_then(|c| c.first().cloned());
        let outcome = unverified.verify_in(verifier, self.required);
        let report = outcome.report();
        if report.status != Status::Valid || outcome.verified().is_none() {
            if let Some((s, Err(f))) = report
                .signers
                .iter()
                .map(|s| (s, &s.outcome))
                .find(|(_, o)| o.is_err())
            {
                return Err(Rejection::new(
                    f.code(),
                    xmldsig::slot_name(s.role),
                    f.message(Lang::Vi),
                    f.message(Lang::En),
                ));
            }
            if let Some(role) = report.missing.first() {
                return Err(Rejection::new(
                    "missing_signature",
                    xmldsig::slot_name(*role),
                    format!("thiếu chữ ký {}", xmldsig::slot_name(*role)),
                    format!("the {} signature is missing", xmldsig::slot_name(*role)),
                ));
            }
            return Err(Rejection::new(
                report.error.unwrap_or(report.status.code()),
                "HOC_BA",
                format!("học bạ không hợp lệ ({})", report.status.label(Lang::Vi)),
                format!(
                    "the record is not valid ({})",
                    report.status.label(Lang::En)
                ),
            ));
        }
        let seal = seal_leaf
            .filter(|_| {
                report
                    .signers
                    .iter()
                    .any(|s| s.role == SignerRole::SchoolSeal)
            })
            .ok_or_else(|| {
                Rejection::new(
                    "missing_signature",
                    "KY_PHAT_HANH",
                    "thiếu chữ ký KY_PHAT_HANH",
                    "the KY_PHAT_HANH signature is missing",
                )
            })?;
        Ok(Verified {
            seal_certificate: seal,
            signers: report
                .signers
                .iter()
                .map(|s| Signer {
                    role: xmldsig::slot_name(s.role).to_owned(),
                    name: s
                        .certificate
                        .as_ref()
                        .map(|c| c.subject_name.clone())
                        .unwrap_or_default(),
                    signed_at: s.signing_time,
                })
                .collect(),
        })
    }

    fn name(&self) -> &'static str {
        "xmldsig"
    }

    fn required_roles(&self) -> xmldsig::RequiredRoles {
        self.required
    }
}
