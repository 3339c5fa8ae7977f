//! The hocba profile's headers: the body protected header and each signer's protected header.
//!
//! ```cddl
//! ; body protected header (the content of the COSE_Sign's protected bstr)
//! hocba-body-header = { 3 => "application/vnd.hocba.year-record+cbor" }
//!
//! ; signer protected header (the content of each COSE_Signature's protected bstr)
//! hocba-signer-header = {
//!   1 => -8 / -7 / -35 / -37 / -257,      ; alg: EdDSA, ES256, ES384, PS256, RS256
//!   33 => bstr / [2*5 bstr],               ; x5chain (RFC 9360), leaf first
//!   -70001 => "gvcn" / "hieu_truong" / "con_dau",   ; role
//!   -70002 => uint,                        ; signing time, seconds since 1970-01-01T00:00:00Z
//!   ? -70003 => "hieu_truong" / "kt_hieu_truong",   ; capacity: present iff role = hieu_truong
//! }
//! ```
//! Maps are deterministic (RFC 8949 §4.2.1): shortest heads, keys in bytewise order of their
//! encoding (1, 33, -70001, -70002, -70003), no other labels.

use std::ops::Range;

use super::cbor::{self, ARRAY, BYTES, MAP, Reader};
use super::cose;
use super::{Algorithm, EnvelopeError, SignerRole};
use crate::model::PrincipalCapacity;

/// COSE header label `alg` (RFC 9052 §3.1).
pub const LABEL_ALG: i64 = 1;
/// COSE header label `content type` (RFC 9052 §3.1).
pub const LABEL_CONTENT_TYPE: i64 = 3;
/// COSE header label `x5chain` (RFC 9360 §2).
pub const LABEL_X5CHAIN: i64 = 33;
/// hocba private-use label (RFC 9052 §16.2: below -65536): the signer's role.
pub const LABEL_ROLE: i64 = -70001;
/// hocba private-use label: the signing time, an unsigned integer of seconds since
/// 1970-01-01T00:00:00Z (leap seconds not counted, like CWT NumericDate).
pub const LABEL_SIGNING_TIME: i64 = -70002;
/// hocba private-use label: the principal's capacity (`hieu_truong` or `kt_hieu_truong`).
pub const LABEL_CAPACITY: i64 = -70003;

/// The content type of a hocba year record payload.
pub const CONTENT_TYPE: &str = "application/vnd.hocba.year-record+cbor";

/// Most certificates in one `x5chain`.
pub const MAX_CHAIN_LEN: usize = 5;
/// Largest certificate in an `x5chain`, in bytes.
pub const MAX_CERT_BYTES: usize = 16 * 1024;
/// Latest accepted signing time: 9999-12-31T23:59:59Z.
pub(crate) const MAX_SIGNING_TIME: u64 = 253_402_300_799;

/// The encoded body protected header.
pub(crate) fn body_header() -> Vec<u8> {
    let mut out = Vec::with_capacity(48);
    cbor::put_head(&mut out, MAP, 1);
    cbor::put_int(&mut out, LABEL_CONTENT_TYPE);
    cbor::put_text(&mut out, CONTENT_TYPE);
    out
}

/// A signer's protected header, read from (or written to) its bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct SignerHeader {
    pub alg: Algorithm,
    /// Ranges of the certificates inside the header bytes, leaf first.
    pub chain: Vec<Range<usize>>,
    pub role: SignerRole,
    pub signing_time: u64,
    pub capacity: Option<PrincipalCapacity>,
}

fn bad(what: &'static str) -> EnvelopeError {
    EnvelopeError::SignerHeader { what }
}

impl SignerHeader {
    /// Encodes a header. `chain` is leaf first; `capacity` must be given for the principal
    /// and only for them.
    pub(crate) fn encode(
        alg: Algorithm,
        chain: &[&[u8]],
        role: SignerRole,
        signing_time: u64,
        capacity: Option<PrincipalCapacity>,
    ) -> Result<Vec<u8>, EnvelopeError> {
        check_chain_shape(chain.len(), chain.iter().map(|c| c.len()))?;
        if (role == SignerRole::Principal) != capacity.is_some() {
            return Err(bad("capacity"));
        }
        if signing_time > MAX_SIGNING_TIME {
            return Err(bad("signing time"));
        }
        let mut out = Vec::with_capacity(64 + chain.iter().map(|c| c.len() + 3).sum::<usize>());
        cbor::put_head(&mut out, MAP, if capacity.is_some() { 5 } else { 4 });
        cbor::put_int(&mut out, LABEL_ALG);
        cbor::put_int(&mut out, alg.cose_id());
        cbor::put_int(&mut out, LABEL_X5CHAIN);
        if let [one] = chain {
            cbor::put_bytes(&mut out, one);
        } else {
            cbor::put_head(&mut out, ARRAY, chain.len() as u64);
            for c in chain {
                cbor::put_bytes(&mut out, c);
            }
        }
        cbor::put_int(&mut out, LABEL_ROLE);
        cbor::put_text(&mut out, role.code());
        cbor::put_int(&mut out, LABEL_SIGNING_TIME);
        cbor::put_head(&mut out, cbor::UINT, signing_time);
        if let Some(c) = capacity {
            cbor::put_int(&mut out, LABEL_CAPACITY);
            cbor::put_text(&mut out, c.code());
        }
        Ok(out)
    }

    /// Reads a header from the content of a COSE_Signature's protected bstr.
    pub(crate) fn decode(bytes: &[u8]) -> Result<Self, EnvelopeError> {
        let mut r = Reader::new(bytes);
        let n = r.map(cose::MAX_HEADER_ENTRIES, "signer protected header")?;
        let (mut alg, mut chain, mut role, mut time, mut capacity) = (None, None, None, None, None);
        let mut prev_key: Option<&[u8]> = None;
        for _ in 0..n {
            let key_start = r.pos();
            let label = r.int("header label")?;
            let key = r.slice(key_start, r.pos());
            // Deterministic order: keys strictly increasing by their encoded bytes.
            if prev_key.is_some_and(|p| p >= key) {
                return Err(EnvelopeError::NotDeterministic {
                    at: "signer header key order",
                });
            }
            prev_key = Some(key);
            match label {
                LABEL_ALG => alg = Some(Algorithm::from_cose_id(r.int("alg")?)?),
                LABEL_X5CHAIN => chain = Some(read_chain(&mut r)?),
                LABEL_ROLE => {
                    let t = r.text("role")?;
                    role = Some(SignerRole::from_code(t).ok_or(bad("role"))?);
                }
                LABEL_SIGNING_TIME => {
                    let t = r.uint("signing time")?;
                    if t > MAX_SIGNING_TIME {
                        return Err(bad("signing time"));
                    }
                    time = Some(t);
                }
                LABEL_CAPACITY => {
                    let t = r.text("capacity")?;
                    capacity = Some(PrincipalCapacity::from_code(t).map_err(|_| bad("capacity"))?);
                }
                _ => return Err(bad("unknown label")),
            }
        }
        if !r.is_empty() {
            return Err(EnvelopeError::Malformed {
                at: "signer protected header",
            });
        }
        let role = role.ok_or(bad("missing role"))?;
        if (role == SignerRole::Principal) != capacity.is_some() {
            return Err(bad("capacity"));
        }
        Ok(Self {
            alg: alg.ok_or(bad("missing alg"))?,
            chain: chain.ok_or(bad("missing x5chain"))?,
            role,
            signing_time: time.ok_or(bad("missing signing time"))?,
            capacity,
        })
    }
}

fn check_chain_shape(
    len: usize,
    mut sizes: impl Iterator<Item = usize>,
) -> Result<(), EnvelopeError> {
    if len == 0 || len > MAX_CHAIN_LEN {
        return Err(EnvelopeError::TooLarge { what: "x5chain" });
    }
    if sizes.any(|s| s == 0 || s > MAX_CERT_BYTES) {
        return Err(EnvelopeError::TooLarge {
            what: "certificate",
        });
    }
    Ok(())
}

fn read_chain(r: &mut Reader<'_>) -> Result<Vec<Range<usize>>, EnvelopeError> {
    let mut out = Vec::new();
    let mut one = |r: &mut Reader<'_>| -> Result<(), EnvelopeError> {
        let b = r.bytes("x5chain")?;
        out.push(r.pos() - b.len()..r.pos());
        Ok(())
    };
    match r.peek_major() {
        Some(BYTES) => one(r)?,
        Some(ARRAY) => {
            let n = r.array(MAX_CHAIN_LEN, "x5chain")?;
            // RFC 9360: one certificate is a bstr, never an array of one.
            if n < 2 {
                return Err(EnvelopeError::NotDeterministic { at: "x5chain" });
            }
            for _ in 0..n {
                one(r)?;
            }
        }
        _ => return Err(bad("x5chain")),
    }
    check_chain_shape(out.len(), out.iter().map(|c| c.len()))?;
    Ok(out)
}

/// Checks a body protected header is exactly [`body_header`].
pub(crate) fn check_body_header(bytes: &[u8]) -> Result<(), EnvelopeError> {
    if bytes == body_header().as_slice() {
        Ok(())
    } else {
        Err(EnvelopeError::BodyHeader)
    }
}
