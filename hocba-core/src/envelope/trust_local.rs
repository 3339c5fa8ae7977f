//! LOCAL STAND-IN for the `trust` module (branch `trust`), with the signatures agreed for
//! issue 4. It does no path validation at all: it reads the leaf certificate, requires the
//! chain to end at (or under) a root added to the store and the leaf to be valid at the
//! signing time. This file is deleted when the `trust` branch is merged; nothing outside
//! `envelope/mod.rs` names it.

use der::Decode;
use x509_cert::Certificate;

/// A point in time, seconds since 1970-01-01T00:00:00Z.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct UnixTime(u64);

impl UnixTime {
    /// From seconds since the epoch.
    pub const fn from_secs(secs: u64) -> Self {
        Self(secs)
    }
    /// Seconds since the epoch.
    pub const fn as_secs(self) -> u64 {
        self.0
    }
}

/// The role a signer signs in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SignerRole {
    /// Giáo viên chủ nhiệm (`gvcn`).
    HomeroomTeacher,
    /// Hiệu trưởng (`hieu_truong`).
    Principal,
    /// Con dấu (`con_dau`).
    SchoolSeal,
}

impl SignerRole {
    /// The wire code.
    pub const fn code(self) -> &'static str {
        match self {
            SignerRole::HomeroomTeacher => "gvcn",
            SignerRole::Principal => "hieu_truong",
            SignerRole::SchoolSeal => "con_dau",
        }
    }
    /// The role with wire code `code`.
    pub fn from_code(code: &str) -> Option<Self> {
        [Self::HomeroomTeacher, Self::Principal, Self::SchoolSeal]
            .into_iter()
            .find(|r| r.code() == code)
    }
}

/// What the store learnt about a valid signer certificate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CertificateInfo {
    /// Subject common name.
    pub subject_name: String,
    /// Subject organisation.
    pub organisation: Option<String>,
    /// Issuer, RFC 4514 form.
    pub issuer: String,
    /// Serial number, lower-case hex.
    pub serial_hex: String,
    /// notBefore.
    pub not_before: UnixTime,
    /// notAfter.
    pub not_after: UnixTime,
    /// Whether it is an organisation certificate.
    pub is_organisation: bool,
}

/// Why a chain was refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("certificate refused: {code}")]
pub struct TrustError {
    code: &'static str,
}

impl TrustError {
    /// Stable code.
    pub fn code(&self) -> &'static str {
        self.code
    }
    /// Vietnamese message.
    pub fn message_vi(&self) -> String {
        format!("chứng thư số bị từ chối: {}", self.code)
    }
}

/// Roots given by the caller.
#[derive(Clone, Debug, Default)]
pub struct TrustStore {
    roots: Vec<Vec<u8>>,
}

impl TrustStore {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }
    /// Adds a root (DER).
    pub fn add_root_der(&mut self, der: &[u8]) -> Result<(), TrustError> {
        Certificate::from_der(der).map_err(|_| TrustError { code: "certificate_unreadable" })?;
        self.roots.push(der.to_vec());
        Ok(())
    }

    /// Judges `chain` (leaf first) for `role` at `signing_time`.
    pub fn validate(
        &self,
        chain: &[&[u8]],
        _role: SignerRole,
        signing_time: UnixTime,
        _verification_time: UnixTime,
    ) -> Result<CertificateInfo, TrustError> {
        let err = |code| TrustError { code };
        let leaf = chain.first().ok_or(err("certificate_unreadable"))?;
        let cert = Certificate::from_der(leaf).map_err(|_| err("certificate_unreadable"))?;
        let last = Certificate::from_der(chain.last().copied().unwrap_or(leaf))
            .map_err(|_| err("certificate_unreadable"))?;
        let anchored = self.roots.iter().any(|r| {
            r.as_slice() == *chain.last().unwrap_or(leaf)
                || Certificate::from_der(r)
                    .is_ok_and(|rc| rc.tbs_certificate().subject() == last.tbs_certificate().issuer())
        });
        if !anchored {
            return Err(err("unknown_issuer"));
        }
        let tbs = cert.tbs_certificate();
        let nb = tbs.validity().not_before.to_unix_duration().as_secs();
        let na = tbs.validity().not_after.to_unix_duration().as_secs();
        if signing_time.as_secs() < nb {
            return Err(err("certificate_not_yet_valid"));
        }
        if signing_time.as_secs() > na {
            return Err(err("certificate_expired"));
        }
        let text = |v: der::Result<Option<x509_cert::ext::pkix::name::DirectoryString>>| {
            v.ok().flatten().map(|d| d.value().into_owned())
        };
        Ok(CertificateInfo {
            subject_name: text(tbs.subject().common_name()).unwrap_or_default(),
            organisation: text(tbs.subject().organization()),
            issuer: tbs.issuer().to_string(),
            serial_hex: tbs
                .serial_number()
                .as_bytes()
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect(),
            not_before: UnixTime(nb),
            not_after: UnixTime(na),
            is_organisation: false,
        })
    }
}
