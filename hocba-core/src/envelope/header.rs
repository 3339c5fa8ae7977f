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

/// The signer protected header, written once (issue 14 item 16, ADR 0211): each label with the
/// field it holds, whether it is required, and how its value is written and read. The label
/// constants, [`SignerHeader::encode`] (labels in this order, which is the bytewise order of
/// their encodings, RFC 8949 §4.2.1; the map's length from the fields present) and
/// [`SignerHeader::decode`] (each label once and in order, unknown labels refused, required ones
/// checked) are derived from it.
macro_rules! signer_header {
    ($(
        $(#[$m:meta])*
        $konst:ident = $label:literal => $field:ident: $mode:ident $out:ty, in $input:ty,
            put $put:path, get $get:path $(, missing $missing:literal)?;
    )+) => {
        $(
            $(#[$m])*
            pub const $konst: i64 = $label;
        )+

        /// A signer's protected header, read from (or written to) its bytes.
        #[derive(Clone, Debug, PartialEq, Eq)]
        pub(crate) struct SignerHeader {
            $( pub $field: signer_header!(@ty $mode $out), )+
        }

        impl SignerHeader {
            /// Writes the fields present, in label order (the checks across fields are
            /// [`SignerHeader::encode`]'s).
            fn write(
                $( $field: signer_header!(@ty $mode $input), )+
            ) -> Vec<u8> {
                let mut out = Vec::with_capacity(64);
                let n = 0 $( + u64::from(signer_header!(@present $mode $field)) )+;
                cbor::put_head(&mut out, MAP, n);
                $( signer_header!(@put $mode out, $konst, $field, $put); )+
                out
            }

            /// Reads each label once, in order, and the required ones (the checks across
            /// fields are [`SignerHeader::decode`]'s).
            fn read(bytes: &[u8]) -> Result<Self, EnvelopeError> {
                let mut r = Reader::new(bytes);
                let n = r.map(cose::MAX_HEADER_ENTRIES, "signer protected header")?;
                $( let mut $field: Option<$out> = None; )+
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
                        $( $konst => $field = Some($get(&mut r)?), )+
                        _ => return Err(bad("unknown label")),
                    }
                }
                if !r.is_empty() {
                    return Err(EnvelopeError::Malformed {
                        at: "signer protected header",
                    });
                }
                Ok(Self {
                    $( $field: signer_header!(@finish $mode $field $(, $missing)?), )+
                })
            }
        }
    };

    (@ty req $t:ty) => { $t };
    (@ty opt $t:ty) => { Option<$t> };
    (@present req $v:ident) => { true };
    (@present opt $v:ident) => { $v.is_some() };
    (@put req $out:ident, $k:ident, $v:ident, $put:path) => {{
        cbor::put_int(&mut $out, $k);
        $put(&mut $out, $v);
    }};
    (@put opt $out:ident, $k:ident, $v:ident, $put:path) => {
        if let Some(v) = $v {
            cbor::put_int(&mut $out, $k);
            $put(&mut $out, v);
        }
    };
    (@finish req $v:ident, $missing:literal) => { $v.ok_or(bad($missing))? };
    (@finish opt $v:ident) => { $v };
}

signer_header! {
    /// COSE header label `alg` (RFC 9052 §3.1).
    LABEL_ALG = 1 => alg: req Algorithm, in Algorithm,
        put put_alg, get get_alg, missing "missing alg";
    /// COSE header label `x5chain` (RFC 9360 §2).
    LABEL_X5CHAIN = 33 => chain: req Vec<Range<usize>>, in &[&[u8]],
        put put_chain, get read_chain, missing "missing x5chain";
    /// hocba private-use label (RFC 9052 §16.2: below -65536): the signer's role.
    LABEL_ROLE = -70001 => role: req SignerRole, in SignerRole,
        put put_role, get get_role, missing "missing role";
    /// hocba private-use label: the signing time, an unsigned integer of seconds since
    /// 1970-01-01T00:00:00Z (leap seconds not counted, like CWT NumericDate).
    LABEL_SIGNING_TIME = -70002 => signing_time: req u64, in u64,
        put put_time, get get_time, missing "missing signing time";
    /// hocba private-use label: the principal's capacity (`hieu_truong` or `kt_hieu_truong`).
    LABEL_CAPACITY = -70003 => capacity: opt PrincipalCapacity, in PrincipalCapacity,
        put put_capacity, get get_capacity;
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
        check_fields(
            chain.len(),
            chain.iter().map(|c| c.len()),
            role,
            signing_time,
            capacity,
        )?;
        Ok(Self::write(alg, chain, role, signing_time, capacity))
    }

    /// Reads a header from the content of a COSE_Signature's protected bstr.
    pub(crate) fn decode(bytes: &[u8]) -> Result<Self, EnvelopeError> {
        let h = Self::read(bytes)?;
        check_fields(
            h.chain.len(),
            h.chain.iter().map(|c| c.len()),
            h.role,
            h.signing_time,
            h.capacity,
        )?;
        Ok(h)
    }
}

/// COSE header label `content type` (RFC 9052 §3.1).
pub const LABEL_CONTENT_TYPE: i64 = 3;

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

fn bad(what: &'static str) -> EnvelopeError {
    EnvelopeError::SignerHeader { what }
}

/// What holds across fields, checked when writing and when reading: the chain's shape, the
/// signing time's bound, and a capacity exactly for the principal.
fn check_fields(
    chain_len: usize,
    cert_sizes: impl Iterator<Item = usize>,
    role: SignerRole,
    signing_time: u64,
    capacity: Option<PrincipalCapacity>,
) -> Result<(), EnvelopeError> {
    check_chain_shape(chain_len, cert_sizes)?;
    if (role == SignerRole::Principal) != capacity.is_some() {
        return Err(bad("capacity"));
    }
    if signing_time > MAX_SIGNING_TIME {
        return Err(bad("signing time"));
    }
    Ok(())
}

fn put_alg(out: &mut Vec<u8>, alg: Algorithm) {
    cbor::put_int(out, alg.cose_id());
}

fn get_alg(r: &mut Reader<'_>) -> Result<Algorithm, EnvelopeError> {
    Algorithm::from_cose_id(r.int("alg")?)
}

/// One certificate is a bstr, more an array of them (RFC 9360).
fn put_chain(out: &mut Vec<u8>, chain: &[&[u8]]) {
    if let [one] = chain {
        cbor::put_bytes(out, one);
    } else {
        cbor::put_head(out, ARRAY, chain.len() as u64);
        for c in chain {
            cbor::put_bytes(out, c);
        }
    }
}

fn put_role(out: &mut Vec<u8>, role: SignerRole) {
    cbor::put_text(out, role.code());
}

fn get_role(r: &mut Reader<'_>) -> Result<SignerRole, EnvelopeError> {
    SignerRole::from_code(r.text("role")?).ok_or(bad("role"))
}

fn put_time(out: &mut Vec<u8>, t: u64) {
    cbor::put_head(out, cbor::UINT, t);
}

fn get_time(r: &mut Reader<'_>) -> Result<u64, EnvelopeError> {
    let t = r.uint("signing time")?;
    if t > MAX_SIGNING_TIME {
        return Err(bad("signing time"));
    }
    Ok(t)
}

fn put_capacity(out: &mut Vec<u8>, c: PrincipalCapacity) {
    cbor::put_text(out, c.code());
}

fn get_capacity(r: &mut Reader<'_>) -> Result<PrincipalCapacity, EnvelopeError> {
    PrincipalCapacity::from_code(r.text("capacity")?).map_err(|_| bad("capacity"))
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
