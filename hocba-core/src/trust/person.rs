//! Binding a personal signer to the person the record names for the role (ADR 0140).
//!
//! Vietnamese public CAs put the holder's personal identifier in the subject of a personal
//! certificate — a `UID` (0.9.2342.19200300.100.1.1) value `CCCD:<12 digits>` or `CMND:<9 or 12
//! digits>`, sometimes the `serialNumber` attribute (2.5.4.5) instead. The record names the
//! homeroom teacher and the principal, and the national XML carries their số định danh
//! (`SO_CCCD_GIAO_VIEN_CHU_NHIEM`, `SO_CCCD_GIAM_HIEU_KY_HOC_BA`, CV 2088/BGDĐT-GDTH Phụ lục 1.1).
//! A signature counts for the person named only when the certificate is that person's:
//! the identifier first, the name (NFC, case-folded, whitespace collapsed) as the fallback
//! the policy allows.

use super::cert::{self, oids};
use super::policy::same_name;
use super::{CertificateInfo, SignerRole, TrustError};
use x509_cert::name::Name;

/// Length of a số định danh cá nhân (the CCCD number; a 12-digit CMND carries the same number).
pub const PERSONAL_ID_LEN: usize = 12;

/// How a personal identifier is read from a certificate's subject (ADR 0140). The defaults take
/// the forms seen on certificates of Vietnamese public CAs; all are configurable.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct PersonIdRules {
    /// Prefixes (before `:`) of UID/serialNumber values holding a personal identifier, compared
    /// case-insensitively: `CCCD`, `CMND`, `PID`, `SĐDCN` by default.
    pub prefixes: Vec<String>,
    /// Also read a `serialNumber` that is only digits (no prefix) as a personal identifier
    /// (default true: some CAs write the CCCD number there bare).
    pub bare_serial_number: bool,
}

impl Default for PersonIdRules {
    fn default() -> Self {
        PersonIdRules {
            prefixes: ["CCCD", "CMND", "PID", "SĐDCN"].map(String::from).to_vec(),
            bare_serial_number: true,
        }
    }
}

fn digits(s: &str) -> Option<String> {
    let d: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    (!d.is_empty() && d.bytes().all(|b| b.is_ascii_digit())).then_some(d)
}

impl PersonIdRules {
    /// The personal identifiers (digits only) a subject carries, in the order found.
    pub(crate) fn extract(&self, subject: &Name) -> Vec<String> {
        let mut out = Vec::new();
        let prefixed = |v: &str| -> Option<String> {
            let (p, n) = v.split_once(':')?;
            let p = p.trim();
            self.prefixes
                .iter()
                .any(|x| x.to_uppercase() == p.to_uppercase())
                .then(|| digits(n))
                .flatten()
        };
        for v in cert::attrs(subject, oids::UID) {
            if let Some(d) = prefixed(&v) {
                out.push(d);
            }
        }
        for v in cert::attrs(subject, oids::SERIAL_NUMBER) {
            if let Some(d) = prefixed(&v) {
                out.push(d);
            } else if self.bare_serial_number
                && !v.contains(':')
                && let Some(d) = digits(&v)
            {
                out.push(d);
            }
        }
        out.dedup();
        out
    }
}

/// How a personal signer is matched to the person named for the role (ADR 0140).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum PersonMatch {
    /// When the record names the person's số định danh and the certificate carries a 12-digit
    /// identifier, they must be equal (the name is then not compared: the identifier decides);
    /// otherwise the certificate's commonName must be the name the record prints. The default.
    #[default]
    IdThenName,
    /// The identifiers must be present on both sides and equal (`signer_not_identified` when
    /// either is missing).
    IdOnly,
    /// Only the names are compared.
    NameOnly,
    /// No check (a deliberate choice of the caller: e.g. a system that binds signers otherwise).
    Off,
}

/// The person a record names for a personal role.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct NamedPerson<'a> {
    /// Họ và tên, as the record prints it.
    pub full_name: &'a str,
    /// Số định danh cá nhân (12 digits), when the record gives it.
    pub personal_id: Option<&'a str>,
    /// A số định danh written beside the signature but outside the signed data — the national
    /// XML's slot `SO_CCCD` when the data names none for the role. It never identifies the
    /// signer (the name does); when the certificate has a 12-digit identifier it must be that
    /// one, or the slot names someone else (`signer_id_mismatch`, ADR 0140).
    pub unsigned_id: Option<&'a str>,
}

impl PersonMatch {
    /// Whether `info` is the certificate of `named`, signing as `role`. The seal is not a
    /// person: always `Ok` for [`SignerRole::SchoolSeal`].
    pub fn check(
        self,
        info: &CertificateInfo,
        role: SignerRole,
        named: &NamedPerson<'_>,
    ) -> Result<(), TrustError> {
        if role.needs_organisation() || self == PersonMatch::Off {
            return Ok(());
        }
        let comparable: Vec<&str> = info
            .personal_ids
            .iter()
            .map(String::as_str)
            .filter(|d| d.len() == PERSONAL_ID_LEN)
            .collect();
        let record_id = named.personal_id.filter(|d| d.len() == PERSONAL_ID_LEN);
        let by_name = || {
            if same_name(&info.subject_name, named.full_name) {
                Ok(())
            } else {
                Err(TrustError::SignerNameMismatch { role })
            }
        };
        match (self, record_id, comparable.is_empty()) {
            (PersonMatch::NameOnly, _, _) => by_name(),
            (_, Some(id), false) => {
                if comparable.contains(&id) {
                    Ok(())
                } else {
                    Err(TrustError::SignerIdMismatch { role })
                }
            }
            (PersonMatch::IdOnly, _, _) => Err(TrustError::SignerNotIdentified { role }),
            _ => {
                by_name()?;
                match named.unsigned_id {
                    Some(id) if !comparable.is_empty() && !comparable.contains(&id) => {
                        Err(TrustError::SignerIdMismatch { role })
                    }
                    _ => Ok(()),
                }
            }
        }
    }
}

/// Who a personal signer is, for telling the roles apart: the 12-digit identifier when the
/// certificate has one, else the name as [`same_name`] reads it.
pub(crate) fn same_person(a: &CertificateInfo, b: &CertificateInfo) -> bool {
    if a.is_organisation || b.is_organisation {
        return false;
    }
    let id = |i: &CertificateInfo| {
        i.personal_ids
            .iter()
            .find(|d| d.len() == PERSONAL_ID_LEN)
            .cloned()
    };
    match (id(a), id(b)) {
        (Some(x), Some(y)) => x == y,
        _ => same_name(&a.subject_name, &b.subject_name),
    }
}

/// The three roles are three certificates and three persons: `info`, signing as `role`, against
/// the signers before it (their role and certificate). The seal never shares a certificate with
/// a person; two personal roles may not be the same person.
pub fn check_distinct_signers(
    info: &CertificateInfo,
    role: SignerRole,
    earlier: &[(SignerRole, &CertificateInfo)],
) -> Result<(), TrustError> {
    for (r, e) in earlier {
        if e.fingerprint_sha256 == info.fingerprint_sha256 {
            return Err(TrustError::CertificateReused {
                role,
                first_role: *r,
            });
        }
        if same_person(e, info) {
            return Err(TrustError::SignerReused {
                role,
                first_role: *r,
            });
        }
    }
    Ok(())
}

/// The holder a certificate (DER) names: its commonName and, under the default
/// [`PersonIdRules`], its first 12-digit personal identifier. `None` if it cannot be read.
pub fn certificate_holder(der: &[u8]) -> Option<(String, Option<String>)> {
    let parsed = cert::parse(der)?;
    let subject = parsed.tbs().subject();
    let id = PersonIdRules::default()
        .extract(subject)
        .into_iter()
        .find(|d| d.len() == PERSONAL_ID_LEN);
    Some((cert::display_name(subject), id))
}
