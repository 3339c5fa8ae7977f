//! Ed25519 batch verification with the checks a batch skips (ADR 0070).
//!
//! `verify_strict`, which single verification uses, rejects a small-order (weak) public key
//! and a small-order `R`; `ed25519_dalek::verify_batch` checks neither. So a signature is
//! deferred to a batch only when its key is not weak and its `R` decodes to a point that is
//! not of small order; any other Ed25519 signature (and every RSA and ECDSA one) is checked at
//! once, exactly as single verification does. When a batch fails, each of its signatures is
//! checked with `verify_strict` to name the bad ones, and their records are verified again
//! the single way.

use ed25519_dalek::{Signature, VerifyingKey};

use crate::envelope::{
    Algorithm, EnvelopeError, PublicKey, SigStructure, SignatureCheck, ed25519_r_is_strict,
};

/// One deferred Ed25519 check.
struct Pending {
    /// Index of its record in the work item.
    record: usize,
    key: VerifyingKey,
    message: Vec<u8>,
    signature: Signature,
}

/// Collects the Ed25519 signatures of a work item's records (a [`SignatureCheck`] that
/// answers "valid" for them now and checks them in [`Batch::finish`]).
pub(super) struct Batch {
    enabled: bool,
    record: usize,
    pending: Vec<Pending>,
}

impl Batch {
    pub(super) fn new(enabled: bool, capacity: usize) -> Self {
        Batch {
            enabled,
            record: 0,
            pending: Vec::with_capacity(if enabled { capacity } else { 0 }),
        }
    }

    /// The signatures that follow belong to record `index` of the work item.
    pub(super) fn start_record(&mut self, index: usize) {
        self.record = index;
    }

    /// Checks every deferred signature; returns how many were batched, whether the batch
    /// failed, and the records with a bad signature (sorted, without duplicates).
    pub(super) fn finish(&mut self) -> (u64, bool, Vec<usize>) {
        let n = self.pending.len() as u64;
        if self.pending.is_empty() {
            return (0, false, Vec::new());
        }
        let messages: Vec<&[u8]> = self.pending.iter().map(|p| p.message.as_slice()).collect();
        let signatures: Vec<Signature> = self.pending.iter().map(|p| p.signature).collect();
        let keys: Vec<VerifyingKey> = self.pending.iter().map(|p| p.key).collect();
        if ed25519_dalek::verify_batch(&messages, &signatures, &keys).is_ok() {
            self.pending.clear();
            return (n, false, Vec::new());
        }
        let mut bad: Vec<usize> = self
            .pending
            .iter()
            .filter(|p| p.key.verify_strict(&p.message, &p.signature).is_err())
            .map(|p| p.record)
            .collect();
        bad.dedup();
        self.pending.clear();
        (n, true, bad)
    }
}

/// Whether a batch would judge this signature as `verify_strict` does, up to the documented
/// torsion gap (ADR 0070): the key is not weak, and `R` is the canonical encoding of a point
/// that is not of small order ([`ed25519_r_is_strict`], judged on the bytes: decompressing `R`
/// is a field square root, as costly as the rest of a batched check, and `verify_batch`
/// decompresses it anyway).
pub(super) fn batchable(key: &VerifyingKey, signature: &Signature) -> bool {
    !key.is_weak() && ed25519_r_is_strict(signature)
}

impl SignatureCheck for Batch {
    fn check(
        &mut self,
        key: &PublicKey,
        alg: Algorithm,
        tbs: &SigStructure<'_>,
        signature: &[u8],
    ) -> Result<(), EnvelopeError> {
        if self.enabled
            && let (crate::envelope::Key::Ed25519(k), Algorithm::EdDsa) = (&key.0, alg)
            && let Ok(sig) = Signature::from_slice(signature)
            && batchable(k, &sig)
        {
            self.pending.push(Pending {
                record: self.record,
                key: *k,
                message: tbs.to_vec(),
                signature: sig,
            });
            return Ok(());
        }
        key.verify_structure(alg, tbs, signature)
    }
}
