//! Bulk signing for a school: one role, one key or external signer, many records.
//!
//! A school's GVCNs, its principal and its seal each sign hundreds of records at the end of
//! the year. [`sign_all`] does it with an in-process key; with a USB token or a remote-signing
//! service, [`prepare_all`] gives every exact to-be-signed byte string (and digest) at once —
//! one session, one PIN, one request — and [`attach_all`] takes the signatures back, checking
//! each against the certificate as [`ToBeSigned::attach`] does.

use crate::envelope::{
    Algorithm, Attached, Envelope, EnvelopeError, SignerRole, SigningKey, ToBeSigned, TrustStore,
};
use crate::trust::UnixTime;

/// Prepares `role`'s signature over every envelope (see [`Envelope::prepare`]): one result
/// per envelope, in order.
pub fn prepare_all(
    envelopes: impl IntoIterator<Item = Envelope>,
    role: SignerRole,
    chain: &[&[u8]],
    alg: Algorithm,
    signing_time: UnixTime,
) -> Vec<Result<ToBeSigned, EnvelopeError>> {
    envelopes
        .into_iter()
        .map(|e| e.prepare(role, chain, alg, signing_time))
        .collect()
}

/// Attaches each signature to what it signs (see [`ToBeSigned::attach`]): one result per
/// pair, in order; a signature that does not verify against the certificate is refused.
pub fn attach_all(
    signed: impl IntoIterator<Item = (ToBeSigned, Vec<u8>)>,
) -> Vec<Result<Envelope, EnvelopeError>> {
    signed
        .into_iter()
        .map(|(tbs, signature)| tbs.attach(&signature))
        .collect()
}

/// As [`attach_all`], checking each signer's chain to the roots of `trust` first when given
/// (see [`ToBeSigned::attach_with`], ADR 0273).
pub fn attach_all_with(
    signed: impl IntoIterator<Item = (ToBeSigned, Vec<u8>)>,
    trust: Option<&TrustStore>,
) -> Vec<Result<Attached<Envelope>, EnvelopeError>> {
    signed
        .into_iter()
        .map(|(tbs, signature)| tbs.attach_with(&signature, trust))
        .collect()
}

/// Adds `role`'s signature, made with the in-process `key`, to every envelope: one result
/// per envelope, in order. `rng` is used by RSA-PSS only.
pub fn sign_all<R: crate::envelope::Randomness + ?Sized>(
    envelopes: impl IntoIterator<Item = Envelope>,
    key: &SigningKey,
    role: SignerRole,
    chain: &[&[u8]],
    signing_time: UnixTime,
    rng: &mut R,
) -> Vec<Result<Envelope, EnvelopeError>> {
    envelopes
        .into_iter()
        .map(|e| e.sign(key, role, chain, signing_time, rng))
        .collect()
}
