//! COSE_Sign / COSE_Sign1 structure (RFC 9052 §4): parsing into byte ranges of the received
//! input, the `Sig_structure`, and writing.
//!
//! ```cddl
//! COSE_Sign_Tagged = #6.98(COSE_Sign)
//! COSE_Sign = [ protected: bstr, unprotected: header_map, payload: bstr / nil,
//!               signatures: [+ COSE_Signature] ]
//! COSE_Signature = [ protected: bstr, unprotected: header_map, signature: bstr ]
//! Sig_structure = [ context: "Signature" / "Signature1", body_protected: bstr,
//!                   ? sign_protected: bstr, external_aad: bstr, payload: bstr ]
//! ```

use std::ops::Range;

use super::EnvelopeError;
use super::cbor::{self, ARRAY, Reader, TAG};

/// CBOR tag of COSE_Sign.
pub const TAG_COSE_SIGN: u64 = 98;
/// CBOR tag of COSE_Sign1.
pub(crate) const TAG_COSE_SIGN1: u64 = 18;

/// At most this many COSE_Signatures are read from any COSE_Sign.
pub(crate) const MAX_SIGNATURES: usize = 16;
/// At most this many entries in any header map.
pub(crate) const MAX_HEADER_ENTRIES: usize = 16;

/// One COSE_Signature, as ranges of the received bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct SignatureRanges {
    /// The whole encoded COSE_Signature.
    pub whole: Range<usize>,
    /// The content of the protected bstr (the encoded header map, or empty).
    pub protected: Range<usize>,
    /// The encoded unprotected map.
    pub unprotected: Range<usize>,
    /// The content of the signature bstr.
    pub signature: Range<usize>,
}

/// A COSE_Sign (or COSE_Sign1, then with exactly one signature whose `protected` and
/// `unprotected` are the body's), as ranges of the received bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct SignRanges {
    /// Whether the outer tag was present.
    pub tagged: bool,
    /// Whether this is a COSE_Sign1.
    pub sign1: bool,
    /// The content of the body's protected bstr.
    pub body_protected: Range<usize>,
    /// The encoded body unprotected map.
    pub body_unprotected: Range<usize>,
    /// The content of the payload bstr.
    pub payload: Range<usize>,
    /// The signatures, in order.
    pub signatures: Vec<SignatureRanges>,
}

fn bstr_range(r: &mut Reader<'_>, at: &'static str) -> Result<Range<usize>, EnvelopeError> {
    let b = r.bytes(at)?;
    let end = r.pos();
    Ok(end - b.len()..end)
}

fn map_range(r: &mut Reader<'_>, at: &'static str) -> Result<Range<usize>, EnvelopeError> {
    let start = r.pos();
    if r.peek_major() != Some(cbor::MAP) {
        return Err(EnvelopeError::Malformed { at });
    }
    r.skip(0, at)?;
    Ok(start..r.pos())
}

/// Parses a COSE_Sign or COSE_Sign1, tagged or not (the hocba profile then requires the
/// tag 98; the COSE working group's examples use both forms).
pub(crate) fn parse(bytes: &[u8]) -> Result<SignRanges, EnvelopeError> {
    let mut r = Reader::new(bytes);
    let mut tag = None;
    if r.peek_major() == Some(TAG) {
        tag = Some(r.head("tag")?.1);
    }
    let sign1 = match tag {
        Some(TAG_COSE_SIGN) | None => false,
        Some(TAG_COSE_SIGN1) => true,
        Some(_) => return Err(EnvelopeError::NotCoseSign),
    };
    if r.peek_major() != Some(ARRAY) {
        return Err(EnvelopeError::NotCoseSign);
    }
    let n = r.array(8, "COSE_Sign")?;
    // Untagged: the arity tells COSE_Sign (4) from COSE_Sign1 (4 too), so an untagged
    // message is read as COSE_Sign when its 4th item is an array.
    if n != 4 {
        return Err(EnvelopeError::NotCoseSign);
    }
    let body_protected = bstr_range(&mut r, "protected")?;
    let body_unprotected = map_range(&mut r, "unprotected")?;
    let payload = bstr_range(&mut r, "payload")?;
    let sign1 = sign1 || (tag.is_none() && r.peek_major() == Some(cbor::BYTES));
    let signatures = if sign1 {
        let signature = bstr_range(&mut r, "signature")?;
        vec![SignatureRanges {
            whole: 0..0,
            protected: body_protected.clone(),
            unprotected: body_unprotected.clone(),
            signature,
        }]
    } else {
        let n = r.array(MAX_SIGNATURES, "signatures")?;
        if n == 0 {
            return Err(EnvelopeError::NotSigned);
        }
        let mut out = Vec::with_capacity(n);
        for _ in 0..n {
            let start = r.pos();
            if r.array(3, "COSE_Signature")? != 3 {
                return Err(EnvelopeError::Malformed {
                    at: "COSE_Signature",
                });
            }
            let protected = bstr_range(&mut r, "signer protected")?;
            let unprotected = map_range(&mut r, "signer unprotected")?;
            let signature = bstr_range(&mut r, "signature")?;
            out.push(SignatureRanges {
                whole: start..r.pos(),
                protected,
                unprotected,
                signature,
            });
        }
        out
    };
    if !r.is_empty() {
        return Err(EnvelopeError::Malformed {
            at: "trailing bytes",
        });
    }
    Ok(SignRanges {
        tagged: tag.is_some(),
        sign1,
        body_protected,
        body_unprotected,
        payload,
        signatures,
    })
}

/// The `Sig_structure` bytes (RFC 9052 §4.4) a signer signs.
pub(crate) fn sig_structure(
    body_protected: &[u8],
    sign_protected: Option<&[u8]>,
    external_aad: &[u8],
    payload: &[u8],
) -> Vec<u8> {
    let mut out = Vec::with_capacity(
        32 + body_protected.len()
            + sign_protected.map_or(0, <[u8]>::len)
            + external_aad.len()
            + payload.len(),
    );
    match sign_protected {
        Some(sp) => {
            cbor::put_head(&mut out, ARRAY, 5);
            cbor::put_text(&mut out, "Signature");
            cbor::put_bytes(&mut out, body_protected);
            cbor::put_bytes(&mut out, sp);
        }
        None => {
            cbor::put_head(&mut out, ARRAY, 4);
            cbor::put_text(&mut out, "Signature1");
            cbor::put_bytes(&mut out, body_protected);
        }
    }
    cbor::put_bytes(&mut out, external_aad);
    cbor::put_bytes(&mut out, payload);
    out
}

/// The `Sig_structure` of a hocba signer whose external data is the chained earlier
/// signatures (signing and verification both use it): the same bytes as
/// `sig_structure(body, Some(protected), &chained_aad(earlier), payload)`, held as its parts.
/// Signing writes it out ([`SigStructure::to_vec`]); single verification feeds its parts to the
/// Ed25519 hash without copying the payload ([`SigStructure::for_each_piece`], ADR 0074).
#[derive(Clone, Debug)]
pub(crate) struct SigStructure<'a> {
    pub body_protected: &'a [u8],
    pub sign_protected: &'a [u8],
    /// The received bytes of the earlier COSE_Signatures, in order.
    pub earlier: &'a [&'a [u8]],
    pub payload: &'a [u8],
}

impl SigStructure<'_> {
    /// Calls `f` with consecutive pieces whose concatenation is the encoded `Sig_structure`.
    pub(crate) fn for_each_piece(&self, mut f: impl FnMut(&[u8])) {
        let aad_head_len = if self.earlier.is_empty() {
            0
        } else {
            cbor::head_len(self.earlier.len() as u64)
        };
        let aad_len = aad_head_len + self.earlier.iter().map(|s| s.len()).sum::<usize>();
        // Every head before a long part, written into one small buffer: array(5), the context
        // "Signature", and the byte-string heads (≤ 9 bytes each) with the aad's array head.
        let mut heads = [0u8; 64];
        let mut w = HeadWriter {
            buf: &mut heads,
            len: 0,
        };
        w.put(ARRAY, 5);
        w.put(cbor::TEXT, 9);
        w.extend(b"Signature");
        w.put(cbor::BYTES, self.body_protected.len() as u64);
        let a = w.len;
        w.put(cbor::BYTES, self.sign_protected.len() as u64);
        let b = w.len;
        w.put(cbor::BYTES, aad_len as u64);
        if !self.earlier.is_empty() {
            w.put(ARRAY, self.earlier.len() as u64);
        }
        let c = w.len;
        w.put(cbor::BYTES, self.payload.len() as u64);
        let d = w.len;
        f(&heads[..a]);
        f(self.body_protected);
        f(&heads[a..b]);
        f(self.sign_protected);
        f(&heads[b..c]);
        for s in self.earlier {
            f(s);
        }
        f(&heads[c..d]);
        f(self.payload);
    }

    /// The encoded length.
    pub(crate) fn len(&self) -> usize {
        let mut n = 0;
        self.for_each_piece(|p| n += p.len());
        n
    }

    /// The encoded `Sig_structure`, in one buffer.
    pub(crate) fn to_vec(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.len());
        self.for_each_piece(|p| out.extend_from_slice(p));
        out
    }
}

/// Writes CBOR heads into a fixed buffer (the few heads of a `Sig_structure`).
struct HeadWriter<'b> {
    buf: &'b mut [u8; 64],
    len: usize,
}

impl HeadWriter<'_> {
    fn extend(&mut self, bytes: &[u8]) {
        self.buf[self.len..self.len + bytes.len()].copy_from_slice(bytes);
        self.len += bytes.len();
    }

    fn put(&mut self, major: u8, arg: u64) {
        let mut head = [0u8; 9];
        let n = cbor::write_head(&mut head, major, arg);
        self.extend(&head[..n]);
    }
}

/// Encodes one COSE_Signature with an empty unprotected map.
pub(crate) fn encode_signature(protected: &[u8], signature: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(protected.len() + signature.len() + 8);
    cbor::put_head(&mut out, ARRAY, 3);
    cbor::put_bytes(&mut out, protected);
    out.push(0xa0); // map(0)
    cbor::put_bytes(&mut out, signature);
    out
}

/// Encodes a tagged COSE_Sign with an empty body unprotected map from already encoded
/// COSE_Signatures (copied byte for byte).
pub(crate) fn encode_sign(body_protected: &[u8], payload: &[u8], signatures: &[&[u8]]) -> Vec<u8> {
    let total: usize = signatures.iter().map(|s| s.len()).sum();
    let mut out = Vec::with_capacity(body_protected.len() + payload.len() + total + 16);
    cbor::put_head(&mut out, TAG, TAG_COSE_SIGN);
    cbor::put_head(&mut out, ARRAY, 4);
    cbor::put_bytes(&mut out, body_protected);
    out.push(0xa0); // map(0)
    cbor::put_bytes(&mut out, payload);
    cbor::put_head(&mut out, ARRAY, signatures.len() as u64);
    for s in signatures {
        out.extend_from_slice(s);
    }
    out
}

/// The external data of the signer at `index` (hocba profile, `docs/spec/signature.md`
/// §"Chaining"): empty for the first signer; otherwise a CBOR array head of length `index`
/// followed by the received bytes of the earlier COSE_Signatures, in order.
/// The definition [`SigStructure`] is tested against.
#[cfg(test)]
pub(crate) fn chained_aad(earlier: &[&[u8]]) -> Vec<u8> {
    if earlier.is_empty() {
        return Vec::new();
    }
    let total: usize = earlier.iter().map(|s| s.len()).sum();
    let mut out = Vec::with_capacity(total + 9);
    cbor::put_head(&mut out, ARRAY, earlier.len() as u64);
    for s in earlier {
        out.extend_from_slice(s);
    }
    out
}

/// Reads the `alg` (label 1) of a generic protected header map; `None` when absent or not
/// an integer. Used for messages outside the hocba profile (the COSE WG examples).
pub(crate) fn generic_alg(protected: &[u8]) -> Result<Option<i64>, EnvelopeError> {
    if protected.is_empty() {
        return Ok(None);
    }
    let mut r = Reader::new(protected);
    let n = r.map(MAX_HEADER_ENTRIES, "protected header")?;
    let mut alg = None;
    for _ in 0..n {
        let is_int = matches!(r.peek_major(), Some(cbor::UINT | cbor::NINT));
        if is_int && r.int("label")? == 1 {
            if matches!(r.peek_major(), Some(cbor::UINT | cbor::NINT)) {
                alg = Some(r.int("alg")?);
            } else {
                r.skip(1, "alg")?;
            }
        } else {
            if !is_int {
                r.skip(1, "label")?;
            }
            r.skip(1, "header value")?;
        }
    }
    if !r.is_empty() {
        return Err(EnvelopeError::Malformed {
            at: "protected header",
        });
    }
    Ok(alg)
}

/// Verifies signature `index` of any COSE_Sign or COSE_Sign1 message (tagged or not) with a
/// raw public key and caller-given external data, following RFC 9052 alone: no hocba
/// profile, no roles, no chaining, no certificates. The algorithm is read from the signer's
/// protected header (the body's for COSE_Sign1) and must be one of [`super::Algorithm`].
pub fn verify_cose_signature(
    message: &[u8],
    index: usize,
    key: &super::PublicKey,
    external_aad: &[u8],
) -> Result<(), EnvelopeError> {
    let m = parse(message)?;
    let s = m.signatures.get(index).ok_or(EnvelopeError::NotSigned)?;
    let protected = &message[s.protected.clone()];
    // `alg` belongs in the protected header; RFC 9052 §3.1 also allows the unprotected one.
    let alg = match generic_alg(protected)? {
        Some(a) => a,
        None => {
            generic_alg(&message[s.unprotected.clone()])?.ok_or(EnvelopeError::SignerHeader {
                what: "missing alg",
            })?
        }
    };
    let alg = super::Algorithm::from_cose_id(alg)?;
    // RFC 9052 §4.4: no protected attributes are signed as a zero-length bstr, so an
    // encoded empty map (h'A0') is signed as h''.
    let body_protected = empty_if_no_attributes(&message[m.body_protected.clone()]);
    let tbs = sig_structure(
        body_protected,
        (!m.sign1).then_some(empty_if_no_attributes(protected)),
        external_aad,
        &message[m.payload.clone()],
    );
    key.verify(alg, &tbs, &message[s.signature.clone()])
}

fn empty_if_no_attributes(b: &[u8]) -> &[u8] {
    if b == [0xa0] { &[] } else { b }
}
