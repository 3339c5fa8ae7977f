//! hocba's own policy on top of path validation (`docs/spec/trust.md`, ADR 0021, ADR 0022).

use std::collections::BTreeMap;

use unicode_normalization::UnicodeNormalization;
use x509_cert::name::Name;

use super::cert::{self, CertificateInfo, oids};
use super::person::{PersonIdRules, PersonMatch};
use super::{SignerRole, TrustError};

/// Default allowance for a signing time after the verification time (clock skew of the
/// signer's device): 5 minutes.
pub const DEFAULT_FUTURE_SKEW_SECS: i64 = 300;
/// Default minimum RSA modulus of a signer's key.
pub const DEFAULT_MIN_RSA_BITS: usize = 2048;
/// Default longest chain accepted (leaf + intermediates, as carried in `x5chain`).
pub const DEFAULT_MAX_CHAIN_LEN: usize = 6;
/// Default largest certificate accepted, in bytes.
pub const DEFAULT_MAX_CERT_LEN: usize = 16 * 1024;

/// Whether a certificate's holder is a person or an organisation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum HolderKind {
    /// A natural person (teacher, principal).
    Person,
    /// An organisation (the school, for its seal).
    Organisation,
}

/// How a certificate with neither a personal nor an organisation marker is classified.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum UnmarkedHolder {
    /// Organisation when the subject's commonName equals its organizationName (the school's
    /// own certificate names itself twice), person otherwise. The default.
    #[default]
    CommonNameIsOrganisation,
    /// Always a person.
    Person,
    /// Always an organisation.
    Organisation,
}

/// How a certificate is recognised as a person's or an organisation's (ADR 0022).
///
/// Vietnamese CA profiles are not published in a form we could confirm; the defaults follow
/// what certificates of the public CAs are seen to carry — a UID (or serialNumber) attribute of
/// the form `CCCD:<số CCCD>`, `CMND:<số>`, `HC:<hộ chiếu>` for people and `MST:<mã số thuế>`,
/// `MNS:<mã quan hệ ngân sách>` for organisations — and are configurable.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct HolderRules {
    /// Prefixes of UID/serialNumber values that mark a person (compared case-insensitively).
    pub person_id_prefixes: Vec<String>,
    /// Prefixes of UID/serialNumber values that mark an organisation.
    pub organisation_id_prefixes: Vec<String>,
    /// The fallback when no marker is present.
    pub unmarked: UnmarkedHolder,
}

impl Default for HolderRules {
    fn default() -> Self {
        HolderRules {
            person_id_prefixes: ["CCCD:", "CMND:", "HC:", "PID:"].map(String::from).to_vec(),
            organisation_id_prefixes: ["MST:", "MNS:", "MSDN:"].map(String::from).to_vec(),
            unmarked: UnmarkedHolder::default(),
        }
    }
}

fn has_prefix(value: &str, prefixes: &[String]) -> bool {
    let v = value.trim_start().to_uppercase();
    prefixes.iter().any(|p| v.starts_with(&p.to_uppercase()))
}

impl HolderRules {
    /// Classify a subject name. In order: any personal marker (a personal ID prefix, a
    /// givenName or a surname) → person; else any organisation marker (an organisation ID
    /// prefix, an organizationIdentifier) → organisation; else [`Self::unmarked`].
    pub(crate) fn classify(&self, subject: &Name) -> HolderKind {
        let ids: Vec<String> = cert::attrs(subject, oids::UID)
            .into_iter()
            .chain(cert::attrs(subject, oids::SERIAL_NUMBER))
            .collect();
        let personal = ids.iter().any(|v| has_prefix(v, &self.person_id_prefixes))
            || !cert::attrs(subject, oids::GIVEN_NAME).is_empty()
            || !cert::attrs(subject, oids::SURNAME).is_empty();
        if personal {
            return HolderKind::Person;
        }
        let organisation = ids
            .iter()
            .any(|v| has_prefix(v, &self.organisation_id_prefixes))
            || !cert::attrs(subject, oids::ORGANIZATION_IDENTIFIER).is_empty();
        if organisation {
            return HolderKind::Organisation;
        }
        match self.unmarked {
            UnmarkedHolder::Person => HolderKind::Person,
            UnmarkedHolder::Organisation => HolderKind::Organisation,
            UnmarkedHolder::CommonNameIsOrganisation => {
                match (
                    cert::first(subject, oids::CN),
                    cert::first(subject, oids::O),
                ) {
                    (Some(cn), Some(o)) if same_name(&cn, &o) => HolderKind::Organisation,
                    _ => HolderKind::Person,
                }
            }
        }
    }
}

/// Names compared as people read them: NFC, case-folded, whitespace collapsed.
pub fn same_name(a: &str, b: &str) -> bool {
    // Verification asks this for every signer of every record, nearly always about two equal
    // strings: answer that without normalising, and otherwise without allocating.
    a == b || read_as(a).eq(read_as(b))
}

/// The characters of `s` as [`same_name`] compares them.
fn read_as(s: &str) -> impl Iterator<Item = char> + '_ {
    let mut chars = s.nfc().flat_map(char::to_lowercase).peekable();
    let mut started = false;
    std::iter::from_fn(move || {
        loop {
            let c = chars.next()?;
            if !c.is_whitespace() {
                started = true;
                return Some(c);
            }
            // A run of whitespace: one space between words, none at either end.
            while chars.next_if(|c| c.is_whitespace()).is_some() {}
            if started && chars.peek().is_some() {
                return Some(' ');
            }
        }
    })
}

/// Which revocations count against a signature (ADR 0021).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum RevocationPolicy {
    /// A revocation counts when its date is at or before the signing time, or when its reason is
    /// keyCompromise, cACompromise or aACompromise (the signing time is the signer's own claim,
    /// so a stolen key could backdate). A teacher who left the school (affiliationChanged,
    /// superseded, cessationOfOperation, no reason) keeps the signatures made before. The default.
    #[default]
    AtSigningTime,
    /// Any listed revocation counts, whatever its date or reason.
    Any,
    /// As [`RevocationPolicy::AtSigningTime`], and a revocation dated after the claimed
    /// signing time counts too (`revoked_after_claimed_time`) unless a time-stamp proves the
    /// signing time: the claimed time is the signer's own word (ADR 0141). hocba reads no
    /// time-stamp tokens yet, so every later revocation counts.
    Strict,
}

impl RevocationPolicy {
    /// The stable name: `at_signing_time`, `any`, `strict`.
    pub const fn code(self) -> &'static str {
        match self {
            RevocationPolicy::AtSigningTime => "at_signing_time",
            RevocationPolicy::Any => "any",
            RevocationPolicy::Strict => "strict",
        }
    }

    /// The policy named `code` (see [`Self::code`]).
    pub fn from_code(code: &str) -> Option<Self> {
        [
            RevocationPolicy::AtSigningTime,
            RevocationPolicy::Any,
            RevocationPolicy::Strict,
        ]
        .into_iter()
        .find(|p| p.code() == code)
    }
}

/// CRLReason codes (RFC 5280 §5.3.1) that reach back before the revocation date.
pub(crate) const COMPROMISE_REASONS: [u8; 3] = [1, 2, 10];

/// How a signer's certificate is matched to the record's school (ADR 0022).
#[derive(Clone, Debug, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum SchoolMatch {
    /// No check.
    Any,
    /// The seal's organizationName (or commonName) must be the school's name (compared with
    /// [`same_name`]); people are not checked (their O may name another unit). The default.
    #[default]
    SealName,
    /// Every signer's organizationName must be the school's name.
    AllNames,
    /// The seal must carry one of the identifiers listed for the school code (e.g.
    /// `"79000001" → ["MNS:1000001"]`), matched exactly against its UID/serialNumber values; a
    /// school code missing from the map fails.
    SealIdentifier(BTreeMap<String, Vec<String>>),
}

impl SchoolMatch {
    /// Whether `info`, signing as `role`, belongs to the school named `school_name` with code
    /// `school_code` (mã trường).
    pub fn check(
        &self,
        info: &CertificateInfo,
        role: SignerRole,
        school_name: &str,
        school_code: &str,
    ) -> Result<(), TrustError> {
        let names_school = || {
            info.organisation
                .as_deref()
                .is_some_and(|o| same_name(o, school_name))
                || (role.needs_organisation() && same_name(&info.subject_name, school_name))
        };
        let ok = match self {
            SchoolMatch::Any => true,
            SchoolMatch::SealName => !role.needs_organisation() || names_school(),
            SchoolMatch::AllNames => names_school(),
            SchoolMatch::SealIdentifier(map) => {
                !role.needs_organisation()
                    || map
                        .get(school_code)
                        .is_some_and(|ids| info.subject_ids.iter().any(|v| ids.contains(v)))
            }
        };
        if ok {
            Ok(())
        } else {
            Err(TrustError::SchoolMismatch)
        }
    }
}

/// hocba's policy on top of X.509 path validation. Start from `TrustPolicy::default()` and
/// change fields; `docs/spec/trust.md` documents each default.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct TrustPolicy {
    /// Smallest RSA modulus for a signer's key (default 2048).
    pub min_rsa_bits: usize,
    /// Longest chain presented (leaf + intermediates; default 6).
    pub max_chain_len: usize,
    /// Largest certificate, in bytes (default 16 KiB).
    pub max_cert_len: usize,
    /// How far a signing time may lie after the verification time, in seconds (default 300).
    pub future_skew_secs: i64,
    /// Accept a signer's certificate without a keyUsage extension (default false).
    pub allow_missing_key_usage: bool,
    /// Which revocations count.
    pub revocation: RevocationPolicy,
    /// How person and organisation certificates are told apart.
    pub holder: HolderRules,
    /// How a certificate is matched to the record's school.
    pub school: SchoolMatch,
    /// How a personal signer is matched to the person the record names (ADR 0140).
    pub person: PersonMatch,
    /// How personal identifiers are read from certificates (ADR 0140).
    pub person_ids: PersonIdRules,
}

impl Default for TrustPolicy {
    fn default() -> Self {
        TrustPolicy {
            min_rsa_bits: DEFAULT_MIN_RSA_BITS,
            max_chain_len: DEFAULT_MAX_CHAIN_LEN,
            max_cert_len: DEFAULT_MAX_CERT_LEN,
            future_skew_secs: DEFAULT_FUTURE_SKEW_SECS,
            allow_missing_key_usage: false,
            revocation: RevocationPolicy::default(),
            holder: HolderRules::default(),
            school: SchoolMatch::default(),
            person: PersonMatch::default(),
            person_ids: PersonIdRules::default(),
        }
    }
}

#[cfg(test)]
mod tests {
    use unicode_normalization::UnicodeNormalization;

    use super::same_name;

    #[test]
    fn names_compare_as_people_read_them() {
        let school = "Trường Tiểu học Thử Nghiệm Số 1";
        for same in [
            school,
            "  Trường   Tiểu học\tThử Nghiệm Số 1 ",
            "TRƯỜNG TIỂU HỌC THỬ NGHIỆM SỐ 1",
            // Decomposed (NFD) letters.
            &school.nfd().collect::<String>(),
        ] {
            assert!(same_name(same, school), "{same:?}");
            assert!(same_name(school, same), "{same:?}");
        }
        for other in [
            "Trường Tiểu học Thử Nghiệm Số 2",
            "Trường Tiểu học Thử Nghiệm Số",
            "TrườngTiểu học Thử Nghiệm Số 1",
            "Truong Tieu hoc Thu Nghiem So 1",
            "",
        ] {
            assert!(!same_name(other, school), "{other:?}");
        }
        assert!(same_name(" ", ""));
    }
}
