//! The identifiers of the XML-signature profile (`docs/spec/xml-signature.md` §2): which
//! `SignatureMethod`, `DigestMethod`, `CanonicalizationMethod` and `Transform` URIs are
//! written, which are read, and the slot names of the roles.

use sha2::Digest;

use super::XmlSigError;
use super::c14n::C14nMethod;
use crate::envelope::Algorithm;
use crate::trust::SignerRole;

/// The XML-DSig namespace.
pub const DS_NS: &str = "http://www.w3.org/2000/09/xmldsig#";

/// `enveloped-signature`: a no-op on the references to the data and to earlier signatures (they
/// never hold the signature); refused on the reference to the signature's own
/// `SignatureProperties`, whose node-set it empties (`xmldsig_signing_time`).
pub const ENVELOPED: &str = "http://www.w3.org/2000/09/xmldsig#enveloped-signature";

/// `Reference/@Type` of the reference to the signature's own `SignatureProperties`.
pub const TYPE_SIGNATURE_PROPERTIES: &str = "http://www.w3.org/2000/09/xmldsig#SignatureProperties";

/// The `Id` of `DU_LIEU_HOC_BA` hocba writes and signs (`#data`).
pub const DATA_ID: &str = "data";

/// `SignatureMethod` URIs of the profile (RFC 6931) and hocba's algorithm for each.
pub const SIGNATURE_METHODS: [(&str, Algorithm); 4] = [
    (
        "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256",
        Algorithm::Rs256,
    ),
    (
        "http://www.w3.org/2007/05/xmldsig-more#sha256-rsa-MGF1",
        Algorithm::Ps256,
    ),
    (
        "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256",
        Algorithm::Es256,
    ),
    (
        "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha384",
        Algorithm::Es384,
    ),
];

/// The `SignatureMethod` URI of `alg`; `None` for EdDSA (not in the profile).
pub fn signature_method_uri(alg: Algorithm) -> Option<&'static str> {
    SIGNATURE_METHODS
        .iter()
        .find(|(_, a)| *a == alg)
        .map(|(u, _)| *u)
}

/// The algorithm of a `SignatureMethod` URI; anything else (RSA-SHA1, HMAC, DSA, MD5, …) is
/// [`XmlSigError::SignatureMethod`].
pub fn signature_method(uri: &str) -> Result<Algorithm, XmlSigError> {
    SIGNATURE_METHODS
        .iter()
        .find(|(u, _)| *u == uri)
        .map(|(_, a)| *a)
        .ok_or_else(|| XmlSigError::SignatureMethod { uri: bounded(uri) })
}

/// A digest algorithm of the profile.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DigestAlg {
    /// SHA-256 (written).
    Sha256,
    /// SHA-384 (read).
    Sha384,
    /// SHA-512 (read).
    Sha512,
}

impl DigestAlg {
    /// The `DigestMethod` URI.
    pub const fn uri(self) -> &'static str {
        match self {
            DigestAlg::Sha256 => "http://www.w3.org/2001/04/xmlenc#sha256",
            DigestAlg::Sha384 => "http://www.w3.org/2001/04/xmldsig-more#sha384",
            DigestAlg::Sha512 => "http://www.w3.org/2001/04/xmlenc#sha512",
        }
    }

    /// The algorithm of a `DigestMethod` URI; SHA-1, MD5 and anything else are refused.
    pub fn from_uri(uri: &str) -> Result<Self, XmlSigError> {
        [DigestAlg::Sha256, DigestAlg::Sha384, DigestAlg::Sha512]
            .into_iter()
            .find(|d| d.uri() == uri)
            .ok_or_else(|| XmlSigError::DigestMethod { uri: bounded(uri) })
    }

    /// Output length in bytes.
    pub const fn output_len(self) -> usize {
        match self {
            DigestAlg::Sha256 => 32,
            DigestAlg::Sha384 => 48,
            DigestAlg::Sha512 => 64,
        }
    }

    /// The canonical form of `node` under `method`, hashed.
    pub(crate) fn digest_c14n(self, node: roxmltree::Node<'_, '_>, method: C14nMethod) -> Vec<u8> {
        use super::c14n::{Hashing, canonicalize};
        match self {
            DigestAlg::Sha256 => {
                let mut h = Hashing(sha2::Sha256::new());
                canonicalize(node, method, &mut h);
                h.0.finalize().to_vec()
            }
            DigestAlg::Sha384 => {
                let mut h = Hashing(sha2::Sha384::new());
                canonicalize(node, method, &mut h);
                h.0.finalize().to_vec()
            }
            DigestAlg::Sha512 => {
                let mut h = Hashing(sha2::Sha512::new());
                canonicalize(node, method, &mut h);
                h.0.finalize().to_vec()
            }
        }
    }
}

/// The slot element of a role in `DANH_SACH_THONG_TIN_KY`.
pub const fn slot_name(role: SignerRole) -> &'static str {
    match role {
        SignerRole::HomeroomTeacher => "GVCN",
        SignerRole::Principal => "CBQL",
        SignerRole::SchoolSeal => "KY_PHAT_HANH",
    }
}

/// The role of a slot element name.
pub fn slot_role(name: &str) -> Option<SignerRole> {
    SignerRole::ALL.into_iter().find(|r| slot_name(*r) == name)
}

/// Which roles a record needs before it is valid.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum RequiredRoles {
    /// GVCN, CBQL and KY_PHAT_HANH (TT27 practice, HCMC QĐ 1789). The default.
    #[default]
    All,
    /// CBQL and KY_PHAT_HANH: the national specification's minimum (CV 2088 Phụ lục 1.1,
    /// where the GVCN signature is optional).
    SpecMinimum,
}

impl RequiredRoles {
    /// Whether `role` is required.
    pub const fn requires(self, role: SignerRole) -> bool {
        match self {
            RequiredRoles::All => true,
            RequiredRoles::SpecMinimum => !matches!(role, SignerRole::HomeroomTeacher),
        }
    }
}

/// An attacker's URI, cut to a bound before it goes into an error.
fn bounded(uri: &str) -> String {
    uri.chars().take(120).collect()
}
