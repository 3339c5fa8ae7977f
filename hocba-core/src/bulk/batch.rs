//! Ed25519 batch verification with the checks a batch skips (ADR 0070).
//!
//! `verify_strict`, which single verification uses, rejects a small-order (weak) public key
//! and a small-order `R`; `ed25519_dalek::verify_batch` checks neither. So a signature is
//! deferred to a batch only when its key is not weak and its `R` decodes to a point that is
//! not of small order; any other Ed25519 signature (and every RSA and ECDSA one) is checked at
//! once, exactly as single verification does. When a batch fails, each of its signatures is
//! checked with `verify_strict` to name the bad ones, and their records are verified again
//! the single way.

use std::sync::OnceLock;

use curve25519_dalek::constants::EIGHT_TORSION;
use ed25519_dalek::{Signature, VerifyingKey};

use crate::envelope::{Algorithm, EnvelopeError, PublicKey, SignatureCheck};

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
/// that is not of small order.
///
/// `R` is judged on its bytes, without decompressing it (a field square root, as costly as the
/// rest of a batched check; `verify_batch` decompresses it anyway). `verify_strict` refuses an
/// `R` that is a small-order point, and — by comparing the recomputed `R` byte for byte — any
/// non-canonical encoding; the byte test refuses exactly those. A non-canonical encoding is a
/// `y` of 2²⁵⁵ − 19 or more (or `x = 0` with the sign bit set, which only the small-order points
/// (0, ±1) have). An `R` that is not on the curve at all passes this screen and makes the batch
/// fail, so the fallback names it with `verify_strict`.
pub(super) fn batchable(key: &VerifyingKey, signature: &Signature) -> bool {
    if key.is_weak() {
        return false;
    }
    let r = signature.r_bytes();
    let mut y = *r;
    y[31] &= 0x7f;
    is_canonical_y(&y) && !small_order_ys().contains(&y)
}

/// Whether the 255-bit little-endian `y` (sign bit cleared) is below p = 2²⁵⁵ − 19.
fn is_canonical_y(y: &[u8; 32]) -> bool {
    !(y[31] == 0x7f && y[1..31].iter().all(|&b| b == 0xff) && y[0] >= 0xed)
}

/// The `y` encodings (sign bit cleared) of the eight small-order points, from
/// curve25519-dalek's own table; every encoding of a small-order point, with either sign bit,
/// has one of these `y`s or is non-canonical.
fn small_order_ys() -> &'static [[u8; 32]; 8] {
    static YS: OnceLock<[[u8; 32]; 8]> = OnceLock::new();
    YS.get_or_init(|| {
        EIGHT_TORSION.map(|p| {
            let mut y = p.compress().to_bytes();
            y[31] &= 0x7f;
            y
        })
    })
}

impl SignatureCheck for Batch {
    fn check(
        &mut self,
        key: &PublicKey,
        alg: Algorithm,
        message: Vec<u8>,
        signature: &[u8],
    ) -> Result<(), EnvelopeError> {
        if self.enabled
            && let (PublicKey::Ed25519(k), Algorithm::EdDsa) = (key, alg)
            && let Ok(sig) = Signature::from_slice(signature)
            && batchable(k, &sig)
        {
            self.pending.push(Pending {
                record: self.record,
                key: *k,
                message,
                signature: sig,
            });
            return Ok(());
        }
        key.verify(alg, &message, signature)
    }
}
