//! Checks before signing (ADR 0142): Thông tư 15/2025/TT-BKHCN requires signing software to
//! check the certificate before it signs, and a record with TT27 errors must be corrected
//! before it is signed ("phải sửa trước khi ký"). COSE ([`super::Envelope::prepare_with`]) and
//! the national XML ([`crate::xmldsig::prepare_with`]) run the same checks, refusing with the
//! codes verification would give.

use super::{SignerRole, TrustError, TrustStore, UnixTime};
use crate::trust::{CertificateInfo, NamedPerson};

/// One check run before signing; each can be turned off by the caller, never silently.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SignCheck {
    /// The signer's certificate can sign as the role: person or organisation, keyUsage, not a
    /// CA, key type and size, within its validity at the signing time; and it is neither the
    /// certificate nor (for a person) the person of a role that signed before
    /// (`certificate_reused`, `signer_reused`: ADR 0140, verification's check).
    Certificate,
    /// The chain to a root of the caller's trust store and its CRLs (only when
    /// [`SignOptions::trust`] is given).
    Chain,
    /// The seal belongs to the record's school ([`crate::trust::SchoolMatch`]).
    School,
    /// A personal certificate is the person the record names for the role (ADR 0140).
    Person,
    /// The record has no TT27 error (`rules::validate`; warnings do not block).
    Record,
}

impl SignCheck {
    /// Every check.
    pub const ALL: [SignCheck; 5] = [
        SignCheck::Certificate,
        SignCheck::Chain,
        SignCheck::School,
        SignCheck::Person,
        SignCheck::Record,
    ];

    /// Stable name: `certificate`, `chain`, `school`, `person`, `record`.
    pub const fn code(self) -> &'static str {
        match self {
            SignCheck::Certificate => "certificate",
            SignCheck::Chain => "chain",
            SignCheck::School => "school",
            SignCheck::Person => "person",
            SignCheck::Record => "record",
        }
    }

    /// The check named `code`.
    pub fn from_code(code: &str) -> Option<Self> {
        SignCheck::ALL.into_iter().find(|c| c.code() == code)
    }

    const fn bit(self) -> u8 {
        1 << (self as u8)
    }
}

/// What to check before signing. `SignOptions::default()` runs every check (the chain only
/// when a trust store is given, with [`SignOptions::with_trust`]); a check is turned off only
/// by naming it ([`SignOptions::without`]), e.g. the TT27 check for a record awaiting the
/// supplementary assessment (đánh giá bổ sung, TT27 Điều 11.1.b).
// `Default`: no trust store, no check turned off (`off` is a set of turned-off checks).
#[derive(Clone, Copy, Debug, Default)]
pub struct SignOptions<'a> {
    trust: Option<&'a TrustStore>,
    off: u8,
}

impl<'a> SignOptions<'a> {
    /// Every check, the chain and CRLs against `trust` too (its policy is used for all).
    pub fn with_trust(trust: &'a TrustStore) -> Self {
        SignOptions {
            trust: Some(trust),
            off: 0,
        }
    }

    /// No check at all: only for rebuilding a signature already prepared with checks (a
    /// pending file), or a caller that checks otherwise and says so.
    pub fn unchecked() -> Self {
        SignOptions {
            trust: None,
            off: u8::MAX,
        }
    }

    /// The same options with `check` turned off.
    pub fn without(mut self, check: SignCheck) -> Self {
        self.off |= check.bit();
        self
    }

    /// Whether `check` runs.
    pub fn runs(&self, check: SignCheck) -> bool {
        self.off & check.bit() == 0
    }

    /// The trust store given, if any.
    pub fn trust(&self) -> Option<&'a TrustStore> {
        self.trust
    }
}

/// Why signing was refused before anything was signed. The code is verification's
/// (`organisation_cert_for_person`, `signer_id_mismatch`, `cert_expired`, …) or
/// `record_has_errors`.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SignRefusal {
    /// The certificate cannot pass verification for this role, record and signing time.
    #[error("refused before signing: {0}")]
    Certificate(TrustError),
    /// The record has TT27 errors to correct before signing.
    #[error("refused before signing: the record has {count} error(s) to correct first ({first})")]
    RecordHasErrors {
        /// How many errors.
        count: usize,
        /// The first error's rule code.
        first: String,
    },
    /// The national XML's data could not be read as a record for the TT27 check.
    #[error("refused before signing: the data cannot be read for the TT27 checks ({code})")]
    RecordUnreadable {
        /// The reader's error code.
        code: &'static str,
    },
}

impl SignRefusal {
    /// Stable code.
    pub fn code(&self) -> &'static str {
        match self {
            SignRefusal::Certificate(e) => e.code(),
            SignRefusal::RecordHasErrors { .. } => "record_has_errors",
            SignRefusal::RecordUnreadable { code } => code,
        }
    }

    /// The message in Vietnamese.
    pub fn message_vi(&self) -> String {
        match self {
            SignRefusal::Certificate(e) => format!("Không ký: {}", e.message_vi()),
            SignRefusal::RecordHasErrors { count, first } => format!(
                "Không ký: học bạ còn {count} lỗi theo Thông tư 27, phải sửa trước khi ký ({first})"
            ),
            SignRefusal::RecordUnreadable { code } => {
                format!("Không ký: không đọc được dữ liệu học bạ để kiểm tra ({code})")
            }
        }
    }
}

/// What the record says the signer of `role` must be.
pub(crate) struct SigningContext<'r> {
    pub role: SignerRole,
    pub signing_time: UnixTime,
    pub school_name: &'r str,
    pub school_code: &'r str,
    pub named: NamedPerson<'r>,
    /// The leaf certificates (DER) of the roles that signed before, with their roles: the
    /// three roles are three certificates and the two personal roles two persons (ADR 0140).
    pub earlier: Vec<(SignerRole, &'r [u8])>,
}

/// Runs the checks `opts` asks for; `record` is produced only when the TT27 check runs.
pub(crate) fn check_before_signing(
    opts: &SignOptions<'_>,
    chain: &[&[u8]],
    cx: &SigningContext<'_>,
    validation: impl FnOnce() -> Result<crate::rules::Report, SignRefusal>,
) -> Result<(), SignRefusal> {
    let default_store;
    let store = match opts.trust {
        Some(t) => t,
        None => {
            default_store = TrustStore::new();
            &default_store
        }
    };
    let refuse = SignRefusal::Certificate;
    let leaf = chain.first().copied().unwrap_or_default();
    let mut info: Option<CertificateInfo> = None;
    if opts.runs(SignCheck::Certificate) {
        info = Some(
            store
                .check_leaf_for_role(leaf, cx.role, cx.signing_time)
                .map_err(refuse)?,
        );
    }
    if let Some(trust) = opts.trust
        && opts.runs(SignCheck::Chain)
    {
        info = Some(chain_to_roots(trust, chain, cx.role, cx.signing_time)?);
    }
    let needs_info = opts.runs(SignCheck::School) || opts.runs(SignCheck::Person);
    if needs_info && info.is_none() {
        info = store.describe_leaf(leaf);
    }
    if let Some(info) = &info {
        if opts.runs(SignCheck::School) {
            store
                .check_school(info, cx.role, cx.school_name, cx.school_code)
                .map_err(refuse)?;
        }
        if opts.runs(SignCheck::Person) {
            store
                .check_person(info, cx.role, &cx.named)
                .map_err(refuse)?;
        }
        if opts.runs(SignCheck::Certificate) {
            // Verification's own check and code (`certificate_reused`, `signer_reused`),
            // against the earlier signers' certificates as the same store reads them. An
            // earlier certificate that cannot be read is left to verification to refuse.
            let earlier: Vec<(SignerRole, CertificateInfo)> = cx
                .earlier
                .iter()
                .filter_map(|(r, der)| store.describe_leaf(der).map(|i| (*r, i)))
                .collect();
            let earlier: Vec<(SignerRole, &CertificateInfo)> =
                earlier.iter().map(|(r, i)| (*r, i)).collect();
            crate::trust::check_distinct_signers(info, cx.role, &earlier).map_err(refuse)?;
        }
    } else if needs_info {
        return Err(refuse(TrustError::MalformedCertificate {
            position: crate::trust::CertPosition::Leaf,
        }));
    }
    if opts.runs(SignCheck::Record) {
        let report = validation()?;
        let errors: Vec<_> = report.errors().collect();
        if let Some(first) = errors.first() {
            return Err(SignRefusal::RecordHasErrors {
                count: errors.len(),
                first: first.code.to_string(),
            });
        }
    }
    Ok(())
}

/// The chain to a root of `trust` and its CRLs, judged as verification will judge it: at the
/// signing time, for the role. The one check `prepare` runs with a trust store
/// ([`SignCheck::Chain`]) and `attach` runs again when given one ([`roots_at_attach`]).
fn chain_to_roots(
    trust: &TrustStore,
    chain: &[&[u8]],
    role: SignerRole,
    signing_time: UnixTime,
) -> Result<CertificateInfo, SignRefusal> {
    trust
        .validate(chain, role, signing_time, signing_time)
        .map_err(SignRefusal::Certificate)
}

/// Whether `attach` checked the signer's chain to trusted roots (ADR 0273). Without a trust
/// store it is not checked, and every front-end says so: the portal, which verifies against
/// the Ministry's roots, is then the first to judge it.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum RootsCheck {
    /// The chain leads to the trust store's root `root` (its name) at the signing time, and
    /// no certificate of it is revoked by the store's CRLs.
    Chained {
        /// The root's name, as the trust store reads it.
        root: String,
    },
    /// No trust store was given: the chain to roots was not checked.
    NotChecked,
}

impl RootsCheck {
    /// Stable name: `chained` or `not_checked`.
    pub fn code(&self) -> &'static str {
        match self {
            RootsCheck::Chained { .. } => "chained",
            RootsCheck::NotChecked => "not_checked",
        }
    }

    /// What was checked, for the signer's screen.
    pub fn message(&self, lang: crate::Lang) -> String {
        match (self, lang) {
            (RootsCheck::Chained { root }, crate::Lang::Vi) => {
                format!("chuỗi chứng thư số dẫn đến chứng thư số gốc tin cậy {root}")
            }
            (RootsCheck::Chained { root }, crate::Lang::En) => {
                format!("the certificate chain leads to the trusted root {root}")
            }
            (RootsCheck::NotChecked, crate::Lang::Vi) => "chưa kiểm tra chuỗi chứng thư số đến \
                 chứng thư số gốc tin cậy (không có danh sách gốc): cổng tiếp nhận sẽ kiểm tra"
                .into(),
            (RootsCheck::NotChecked, crate::Lang::En) => "the certificate chain to trusted roots \
                 was not checked (no roots given): the receiving portal will check it"
                .into(),
        }
    }
}

/// An external signature written in, and whether the chain to roots was checked on the way
/// (`ToBeSigned::attach_with`, `xmldsig::attach_with`).
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct Attached<T> {
    /// The signed record (COSE envelope, or the national XML's bytes).
    pub signed: T,
    /// Whether the chain to roots was checked.
    pub roots: RootsCheck,
}

/// The chain-to-roots check at attach, the same for COSE and the national XML (ADR 0273):
/// with a trust store, the check `prepare` runs with one ([`chain_to_roots`], CRLs included,
/// at the signing time the pending signature holds); without, [`RootsCheck::NotChecked`].
pub(crate) fn roots_at_attach(
    trust: Option<&TrustStore>,
    chain: &[&[u8]],
    role: SignerRole,
    signing_time: UnixTime,
) -> Result<RootsCheck, SignRefusal> {
    match trust {
        Some(t) => chain_to_roots(t, chain, role, signing_time)
            .map(|info| RootsCheck::Chained { root: info.root }),
        None => Ok(RootsCheck::NotChecked),
    }
}
