//! The time-stamp request (RFC 3161 §2.4.1):
//!
//! ```text
//! TimeStampReq ::= SEQUENCE {
//!    version          INTEGER { v1(1) },
//!    messageImprint   MessageImprint,     -- SHA-256 here
//!    reqPolicy        TSAPolicyId         OPTIONAL,
//!    nonce            INTEGER             OPTIONAL,
//!    certReq          BOOLEAN             DEFAULT FALSE,
//!    extensions       [0] IMPLICIT Extensions OPTIONAL }
//! MessageImprint ::= SEQUENCE { hashAlgorithm AlgorithmIdentifier, hashedMessage OCTET STRING }
//! ```
//!
//! hocba writes version 1, the SHA-256 imprint (algorithm parameters absent, RFC 5754 §2),
//! the caller's nonce when given and `certReq` TRUE (the TSA puts its certificate in the token,
//! so a verifier needs only the TSA root). It opens no connection: the caller sends the DER
//! (`application/timestamp-query`, RFC 3161 §3.4) to the TSA of its choice.

use sha2::{Digest, Sha256};

use super::TimestampError;
use super::asn1::{self, Reader, tlv};
use crate::pades::cms::ID_SHA256;

/// Longest nonce accepted, in bytes (RFC 3161 leaves it open; 64 bits is usual).
pub const MAX_NONCE_LEN: usize = 32;

/// The DER `AlgorithmIdentifier` of SHA-256 with absent parameters.
pub(crate) fn sha256_alg_id() -> Vec<u8> {
    tlv(0x30, &tlv(0x06, ID_SHA256.as_bytes()))
}

/// A time-stamp request over the SHA-256 of some bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TimestampRequest {
    der: Vec<u8>,
    imprint: [u8; 32],
    nonce: Option<Vec<u8>>,
}

impl TimestampRequest {
    /// A request over the SHA-256 of `message`, with `nonce` (big-endian, at most
    /// [`MAX_NONCE_LEN`] bytes; leading zero bytes are not significant) when given.
    pub fn new(message: &[u8], nonce: Option<&[u8]>) -> Result<Self, TimestampError> {
        Self::for_digest(Sha256::digest(message).into(), nonce)
    }

    /// A request for an imprint computed by the caller (SHA-256).
    pub fn for_digest(imprint: [u8; 32], nonce: Option<&[u8]>) -> Result<Self, TimestampError> {
        let nonce = nonce.map(normalise_nonce).transpose()?;
        let mut body = tlv(0x02, &[1]);
        body.extend(tlv(0x30, &[sha256_alg_id(), tlv(0x04, &imprint)].concat()));
        if let Some(n) = &nonce {
            body.extend(asn1::uint(n));
        }
        body.extend(tlv(0x01, &[0xff]));
        Ok(TimestampRequest {
            der: tlv(0x30, &body),
            imprint,
            nonce,
        })
    }

    /// Reads a request hocba or another tool wrote (e.g. `openssl ts -query -sha256`): version
    /// 1, a SHA-256 imprint; policy, nonce, certReq and extensions as RFC 3161 allows.
    pub fn from_der(der: &[u8]) -> Result<Self, TimestampError> {
        let bad = TimestampError::RequestMalformed;
        if der.len() > super::MAX_TOKEN_LEN {
            return Err(TimestampError::TooLarge {
                max: super::MAX_TOKEN_LEN,
            });
        }
        let req = asn1::single(der, 0x30).ok_or(bad("not a DER SEQUENCE"))?;
        let mut r = Reader(req.content);
        let version = r.expect(0x02).ok_or(bad("version"))?;
        if version.content != [1] {
            return Err(bad("version is not 1"));
        }
        let mi = r.expect(0x30).ok_or(bad("messageImprint"))?;
        let imprint = super::token::read_imprint(mi.content)
            .map_err(|_| bad("messageImprint is not SHA-256"))?;
        r.next_if(0x06);
        let nonce = match r.next_if(0x02) {
            Some(n) if asn1::minimal_integer(n.content) && n.content[0] & 0x80 == 0 => {
                Some(normalise_nonce(n.content).map_err(|_| bad("nonce"))?)
            }
            Some(_) => return Err(bad("nonce")),
            None => None,
        };
        if let Some(b) = r.next_if(0x01)
            && b.content != [0xff]
        {
            return Err(bad("certReq is not DER TRUE"));
        }
        r.next_if(0xa0);
        if !r.is_empty() {
            return Err(bad("unexpected field"));
        }
        Ok(TimestampRequest {
            der: der.to_vec(),
            imprint,
            nonce,
        })
    }

    /// The DER bytes to send to the TSA.
    pub fn to_der(&self) -> &[u8] {
        &self.der
    }

    /// The SHA-256 imprint.
    pub fn imprint(&self) -> &[u8; 32] {
        &self.imprint
    }

    /// The nonce, big-endian without leading zero bytes.
    pub fn nonce(&self) -> Option<&[u8]> {
        self.nonce.as_deref()
    }
}

/// A nonce as a magnitude without leading zeros (bounded).
pub(crate) fn normalise_nonce(n: &[u8]) -> Result<Vec<u8>, TimestampError> {
    let start = n.iter().position(|&b| b != 0).unwrap_or(n.len());
    let m = &n[start..];
    if m.len() > MAX_NONCE_LEN {
        return Err(TimestampError::RequestMalformed(
            "nonce longer than 32 bytes",
        ));
    }
    Ok(if m.is_empty() { vec![0] } else { m.to_vec() })
}
