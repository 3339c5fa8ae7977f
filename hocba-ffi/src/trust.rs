//! Trust anchors and revocation lists handed in by the caller.

use std::sync::Arc;

use hocba_core::envelope::is_pem;
use hocba_core::trust::{RevocationPolicy as CoreRevocation, TrustStore as CoreTrustStore};

use crate::error::{HocbaError, guard};

/// Which revocations count when a signature is verified (`docs/spec/trust.md`, ADR 0141; the
/// CLI's `--revocation`, Python's `TrustStore(revocation=…)`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, uniffi::Enum)]
pub enum RevocationPolicy {
    /// A revocation counts from its date on; a later one whose reason does not reach back
    /// (a teacher who moved school) is kept and shown as the signer's `revoked_later`.
    AtSigningTime,
    /// As `AtSigningTime`, and a revocation dated after the claimed signing time counts too
    /// (`revoked_after_claimed_time`): nothing proves the claimed time without a time-stamp.
    Strict,
    /// Any listed revocation counts, whatever its date or reason.
    Any,
}

impl From<RevocationPolicy> for CoreRevocation {
    fn from(p: RevocationPolicy) -> Self {
        match p {
            RevocationPolicy::AtSigningTime => CoreRevocation::AtSigningTime,
            RevocationPolicy::Strict => CoreRevocation::Strict,
            RevocationPolicy::Any => CoreRevocation::Any,
        }
    }
}

impl From<CoreRevocation> for RevocationPolicy {
    fn from(p: CoreRevocation) -> Self {
        match p {
            CoreRevocation::Strict => RevocationPolicy::Strict,
            CoreRevocation::Any => RevocationPolicy::Any,
            // The default, and what a policy added to the core later reads as until mirrored
            // here (the core's enum is non-exhaustive).
            _ => RevocationPolicy::AtSigningTime,
        }
    }
}

#[uniffi::export]
impl RevocationPolicy {
    /// The stable code (`at_signing_time`, `strict`, `any`), as in Python and the CLI.
    pub fn code(&self) -> String {
        CoreRevocation::from(*self).code().to_owned()
    }
}

/// Trust anchors (root certificates: Việt Nam's national public root, the government root)
/// and optional CRLs, read once and reused for every verification (an app's lifetime, a bulk
/// check). Nothing is fetched: what is trusted is exactly what the caller hands in.
#[derive(uniffi::Object)]
pub struct TrustStore {
    pub(crate) inner: CoreTrustStore,
}

#[uniffi::export]
impl TrustStore {
    /// A store trusting `trust_anchors` (each a DER certificate or a PEM bundle of them) and
    /// knowing the revocation lists `crls` (each DER or PEM; may be empty). `revocation` says
    /// which revocations count (default `AtSigningTime`). `tsa_roots` (each DER or PEM) are
    /// the time-stamping authorities' roots, trusted for RFC 3161 time-stamps only — a
    /// separate set from the signers' roots (ADR 0160; the CLI's `--tsa-roots`, Python's
    /// `TrustStore.add_tsa_roots`); without them a time-stamped signature is refused
    /// (`timestamp_tsa_untrusted`). An unreadable certificate or CRL is a `Trust` error;
    /// nothing is half-added.
    #[uniffi::constructor(default(revocation = None, tsa_roots = None))]
    pub fn new(
        trust_anchors: Vec<Vec<u8>>,
        crls: Vec<Vec<u8>>,
        revocation: Option<RevocationPolicy>,
        tsa_roots: Option<Vec<Vec<u8>>>,
    ) -> Result<Arc<Self>, HocbaError> {
        guard(|| {
            let core = CoreTrustStore::new();
            let mut policy = core.policy().clone();
            policy.revocation = revocation.unwrap_or(RevocationPolicy::AtSigningTime).into();
            let mut inner = core.with_policy(policy);
            for a in &trust_anchors {
                if is_pem(a) {
                    inner.add_roots_pem(a).map_err(hocba_core::Error::from)?;
                } else {
                    inner.add_root_der(a).map_err(hocba_core::Error::from)?;
                }
            }
            for t in tsa_roots.iter().flatten() {
                if is_pem(t) {
                    inner
                        .add_tsa_roots_pem(t)
                        .map_err(hocba_core::Error::from)?;
                } else {
                    inner.add_tsa_root_der(t).map_err(hocba_core::Error::from)?;
                }
            }
            for c in &crls {
                if is_pem(c) {
                    inner.add_crls_pem(c).map_err(hocba_core::Error::from)?;
                } else {
                    inner.add_crl_der(c).map_err(hocba_core::Error::from)?;
                }
            }
            Ok(Arc::new(Self { inner }))
        })
    }

    /// Number of trusted roots.
    pub fn root_count(&self) -> u32 {
        u32::try_from(self.inner.root_count()).unwrap_or(u32::MAX)
    }

    /// Number of trusted time-stamping authority roots.
    pub fn tsa_root_count(&self) -> u32 {
        u32::try_from(self.inner.tsa_root_count()).unwrap_or(u32::MAX)
    }

    /// Number of CRLs.
    pub fn crl_count(&self) -> u32 {
        u32::try_from(self.inner.crl_count()).unwrap_or(u32::MAX)
    }

    /// Which revocations count.
    pub fn revocation(&self) -> RevocationPolicy {
        self.inner.policy().revocation.into()
    }
}
