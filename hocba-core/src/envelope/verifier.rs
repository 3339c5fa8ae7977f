//! [`Verifier`]: verification of many records against one trust store at one time, reading
//! each signer certificate and validating each chain once, not once per record.

use std::collections::HashMap;
use std::sync::Mutex;

use sha2::Digest;

use super::report::CertificateSummary;
use super::verify::summarise_certificate;
use super::{
    ContentCheck, EnvelopeError, NoContentChecks, PublicKey, SignerRole, TrustError, TrustStore,
    UnixTime, UnverifiedRecord, Verification,
};
use crate::trust::{CertificateInfo, ChainFingerprint, chain_fingerprint};

/// Entries kept per cache before it is emptied (bounds memory on hostile input).
const MAX_CACHE_ENTRIES: usize = 16_384;

/// Verifies records against `trust` at time `at`, remembering what it learnt about
/// certificates: a leaf's key and names are read once, and a chain's validation for a role is
/// reused for every signing time inside the window the trust store reported for it
/// ([`CertificateInfo::valid_from`] ..= [`CertificateInfo::valid_until`]). The result is
/// exactly that of validating every time. `Sync`: share one across threads.
pub struct Verifier<'t> {
    trust: &'t TrustStore,
    at: UnixTime,
    cache: Mutex<Cache>,
}

#[derive(Default)]
struct Cache {
    leaves: HashMap<[u8; 32], Leaf>,
    chains: HashMap<(ChainFingerprint, SignerRole), Vec<CertificateInfo>>,
}

#[derive(Clone)]
pub(crate) struct Leaf {
    pub key: Result<PublicKey, EnvelopeError>,
    pub summary: Option<CertificateSummary>,
}

impl std::fmt::Debug for Verifier<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Verifier")
            .field("at", &self.at)
            .finish_non_exhaustive()
    }
}

impl<'t> Verifier<'t> {
    /// A verifier for `trust` at verification time `at`.
    pub fn new(trust: &'t TrustStore, at: UnixTime) -> Self {
        Self {
            trust,
            at,
            cache: Mutex::new(Cache::default()),
        }
    }

    /// The trust store.
    pub fn trust(&self) -> &'t TrustStore {
        self.trust
    }

    /// The verification time.
    pub fn at(&self) -> UnixTime {
        self.at
    }

    /// Verifies one record (see [`UnverifiedRecord::verify`]).
    pub fn verify(&self, record: UnverifiedRecord) -> Verification {
        record.verify_in(self, &NoContentChecks)
    }

    /// Verifies one record, also running `checks` on its content.
    pub fn verify_with(&self, record: UnverifiedRecord, checks: &dyn ContentCheck) -> Verification {
        record.verify_in(self, checks)
    }

    fn cache(&self) -> std::sync::MutexGuard<'_, Cache> {
        // A panic while holding the lock cannot leave the maps inconsistent (each update is
        // one insert), so a poisoned lock is still usable.
        self.cache.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The key and names of a leaf certificate.
    pub(crate) fn leaf(&self, der: &[u8]) -> Leaf {
        let id: [u8; 32] = sha2::Sha256::digest(der).into();
        if let Some(l) = self.cache().leaves.get(&id) {
            return l.clone();
        }
        let leaf = Leaf {
            key: PublicKey::from_certificate_der(der),
            summary: summarise_certificate(der),
        };
        let mut c = self.cache();
        if c.leaves.len() >= MAX_CACHE_ENTRIES {
            c.leaves.clear();
        }
        c.leaves.insert(id, leaf.clone());
        leaf
    }

    /// Validates `chain` for `role` at `signing_time` and matches it to the record's school;
    /// returns whether the holder is an organisation.
    pub(crate) fn certificate(
        &self,
        chain: &[&[u8]],
        role: SignerRole,
        signing_time: UnixTime,
        school_name: &str,
        school_code: &str,
    ) -> Result<bool, TrustError> {
        let key = (chain_fingerprint(chain), role);
        let school = |info: &CertificateInfo| {
            self.trust
                .check_school(info, role, school_name, school_code)
                .map(|()| info.is_organisation)
        };
        {
            let c = self.cache();
            let hit = c.chains.get(&key).and_then(|infos| {
                infos
                    .iter()
                    .find(|i| i.valid_from <= signing_time && signing_time <= i.valid_until)
            });
            if let Some(info) = hit {
                return school(info);
            }
        }
        let info = self.trust.validate(chain, role, signing_time, self.at)?;
        let out = school(&info);
        let mut c = self.cache();
        if c.chains.len() >= MAX_CACHE_ENTRIES {
            c.chains.clear();
        }
        c.chains.entry(key).or_default().push(info);
        out
    }
}
