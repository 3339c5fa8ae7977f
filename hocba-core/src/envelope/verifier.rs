//! [`Verifier`]: verification of many records against one trust store at one time, reading
//! each signer certificate and validating each chain once, not once per record.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, RwLock, RwLockReadGuard, RwLockWriteGuard};

use super::report::CertificateSummary;
use super::verify::summarise_certificate;
use super::{
    ContentCheck, EnvelopeError, NoContentChecks, PublicKey, SignerRole, TrustError, TrustStore,
    UnixTime, UnverifiedRecord, Verification,
};
use crate::trust::{CertificateInfo, ChainFingerprint, chain_fingerprint};

/// Entries kept per cache before it is emptied (bounds memory on hostile input).
const MAX_CACHE_ENTRIES: usize = 16_384;

/// Chains remembered byte for byte, so a chain seen lately is recognised by comparing bytes
/// instead of hashing them (a school's records carry the same three chains, over and over).
const RECENT_CHAINS: usize = 32;

/// Verifies records against `trust` at time `at`, remembering what it learnt about
/// certificates: a leaf's key and names are read once, and a chain's validation for a role is
/// reused for every signing time inside the window the trust store reported for it
/// ([`CertificateInfo::valid_from`] ..= [`CertificateInfo::valid_until`]). The result is
/// exactly that of validating every time. `Sync`: share one across threads.
pub struct Verifier<'t> {
    trust: &'t TrustStore,
    at: UnixTime,
    /// Read-locked on the hot path (a known chain), write-locked only to learn a new one, so
    /// bulk workers do not queue behind each other.
    cache: RwLock<Cache>,
}

#[derive(Default)]
struct Cache {
    /// The last chains seen (most recent first), their exact bytes and fingerprint.
    recent: VecDeque<(Vec<Box<[u8]>>, ChainFingerprint)>,
    /// The leaf of each chain, read.
    leaves: HashMap<ChainFingerprint, Arc<Leaf>>,
    chains: HashMap<(ChainFingerprint, SignerRole), Vec<CertificateInfo>>,
}

impl Cache {
    fn recent(&self, chain: &[&[u8]]) -> Option<ChainFingerprint> {
        self.recent
            .iter()
            .find(|(bytes, _)| {
                bytes.len() == chain.len() && bytes.iter().zip(chain).all(|(a, b)| **a == **b)
            })
            .map(|(_, fp)| *fp)
    }
}

/// A presented chain as the verifier knows it: its fingerprint (the cache key) and its leaf.
pub(crate) struct KnownChain {
    pub fingerprint: ChainFingerprint,
    pub leaf: Arc<Leaf>,
}

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
            cache: RwLock::new(Cache::default()),
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

    fn cache(&self) -> RwLockReadGuard<'_, Cache> {
        // A panic while holding the lock cannot leave the maps inconsistent (each update is
        // one insert), so a poisoned lock is still usable.
        self.cache.read().unwrap_or_else(|e| e.into_inner())
    }

    fn cache_mut(&self) -> RwLockWriteGuard<'_, Cache> {
        self.cache.write().unwrap_or_else(|e| e.into_inner())
    }

    /// The fingerprint of `chain` and the key and names of its leaf (`None` for an empty
    /// chain). A chain met lately is recognised by its bytes, without hashing.
    pub(crate) fn chain(&self, chain: &[&[u8]]) -> Option<KnownChain> {
        let der = *chain.first()?;
        {
            let c = self.cache();
            if let Some(fingerprint) = c.recent(chain)
                && let Some(leaf) = c.leaves.get(&fingerprint)
            {
                return Some(KnownChain {
                    fingerprint,
                    leaf: Arc::clone(leaf),
                });
            }
        }
        let fingerprint = chain_fingerprint(chain);
        let leaf = {
            let c = self.cache();
            c.leaves.get(&fingerprint).cloned()
        }
        .unwrap_or_else(|| {
            Arc::new(Leaf {
                key: PublicKey::from_certificate_der(der),
                summary: summarise_certificate(der),
            })
        });
        let mut c = self.cache_mut();
        if c.leaves.len() >= MAX_CACHE_ENTRIES {
            c.leaves.clear();
        }
        c.leaves.insert(fingerprint, Arc::clone(&leaf));
        if c.recent.len() >= RECENT_CHAINS {
            c.recent.pop_back();
        }
        c.recent
            .push_front((chain.iter().map(|d| Box::from(*d)).collect(), fingerprint));
        Some(KnownChain { fingerprint, leaf })
    }

    /// Validates `chain` for `role` at `signing_time` and matches it to the record's school;
    /// returns what the trust store says of the signer's certificate.
    pub(crate) fn certificate(
        &self,
        chain: &[&[u8]],
        fingerprint: ChainFingerprint,
        role: SignerRole,
        signing_time: UnixTime,
        school_name: &str,
        school_code: &str,
    ) -> Result<CertificateInfo, TrustError> {
        let key = (fingerprint, role);
        let school = |info: &CertificateInfo| {
            self.trust
                .check_school(info, role, school_name, school_code)
                .map(|()| info.clone())
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
        let mut c = self.cache_mut();
        if c.chains.len() >= MAX_CACHE_ENTRIES {
            c.chains.clear();
        }
        c.chains.entry(key).or_default().push(info);
        out
    }
}
