//! Why an external signature was refused at attach, for both formats: the COSE to-be-signed
//! file ([`super::ToBeSigned::attach`]) and the national XML's pending signature
//! (`xmldsig::attach`) run one diagnosis ([`diagnose`]) and name the likely cause with one
//! code (`docs/guide/external-signing.md` §3, ADR 0248).

use base64::Engine;

use super::{Algorithm, Key, PublicKey};

/// The likely reason an external signature does not verify against the certificate.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum AttachCause {
    /// An RSASSA-PSS signature with a salt length other than 32 bytes (RFC 6931 uses the
    /// hash length).
    PssSaltLength,
    /// RSASSA-PKCS1-v1_5 given where RSASSA-PSS was prepared.
    Pkcs1InsteadOfPss,
    /// RSASSA-PSS given where RSASSA-PKCS1-v1_5 was prepared.
    PssInsteadOfPkcs1,
    /// The signature was given as base64 text instead of raw bytes.
    Base64Text,
    /// The signature was given as hexadecimal text instead of raw bytes (as many
    /// remote-signing APIs return it).
    HexText,
    /// The service signed the digest as if it were the message (a hash of the hash).
    DigestSignedAsMessage,
    /// RSASSA-PKCS1-v1_5 made by a raw RSA "sign hash" mode over the bare SHA-256 digest,
    /// without the `DigestInfo` prefix (PKCS#11 `CKM_RSA_PKCS` given the digest alone; ADR
    /// 0272).
    Pkcs1NoDigestInfo,
    /// RSASSA-PKCS1-v1_5 whose `DigestInfo` names another hash than SHA-256: made with that
    /// hash, or its `DigestInfo` prefix put before the SHA-256 digest (ADR 0272).
    Pkcs1OtherHash {
        /// The hash the `DigestInfo` names.
        hash: OtherHash,
    },
    /// None of the above: the signature was made by another key than the certificate's, or over
    /// other bytes.
    WrongKey,
}

/// A hash other than SHA-256 named by a PKCS#1 v1.5 `DigestInfo` ([`AttachCause::Pkcs1OtherHash`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum OtherHash {
    /// SHA-1.
    Sha1,
    /// SHA-224.
    Sha224,
    /// SHA-384.
    Sha384,
    /// SHA-512.
    Sha512,
}

impl OtherHash {
    const ALL: [OtherHash; 4] = [
        OtherHash::Sha1,
        OtherHash::Sha224,
        OtherHash::Sha384,
        OtherHash::Sha512,
    ];

    /// The hash's name: `SHA-1`, `SHA-224`, `SHA-384`, `SHA-512`.
    pub const fn name(self) -> &'static str {
        match self {
            OtherHash::Sha1 => "SHA-1",
            OtherHash::Sha224 => "SHA-224",
            OtherHash::Sha384 => "SHA-384",
            OtherHash::Sha512 => "SHA-512",
        }
    }

    /// The DER `DigestInfo` prefix of RFC 8017 §9.2 note 1 (everything before the hash value).
    const fn digest_info_prefix(self) -> &'static [u8] {
        match self {
            OtherHash::Sha1 => &digest_info::SHA1,
            OtherHash::Sha224 => &digest_info::SHA224,
            OtherHash::Sha384 => &digest_info::SHA384,
            OtherHash::Sha512 => &digest_info::SHA512,
        }
    }

    fn digest(self, msg: &[u8]) -> Vec<u8> {
        match self {
            OtherHash::Sha1 => <sha1::Sha1 as sha1::Digest>::digest(msg).to_vec(),
            OtherHash::Sha224 => <sha2::Sha224 as sha2::Digest>::digest(msg).to_vec(),
            OtherHash::Sha384 => <sha2::Sha384 as sha2::Digest>::digest(msg).to_vec(),
            OtherHash::Sha512 => <sha2::Sha512 as sha2::Digest>::digest(msg).to_vec(),
        }
    }
}

/// The `DigestInfo` prefixes of RFC 8017 §9.2 note 1: `SEQUENCE { AlgorithmIdentifier, OCTET
/// STRING (length of the hash) }` up to the hash value.
pub(crate) mod digest_info {
    pub(crate) const SHA1: [u8; 15] = [
        0x30, 0x21, 0x30, 0x09, 0x06, 0x05, 0x2b, 0x0e, 0x03, 0x02, 0x1a, 0x05, 0x00, 0x04, 0x14,
    ];
    pub(crate) const SHA224: [u8; 19] = [
        0x30, 0x2d, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x04,
        0x05, 0x00, 0x04, 0x1c,
    ];
    #[cfg(test)]
    pub(crate) const SHA256: [u8; 19] = [
        0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01,
        0x05, 0x00, 0x04, 0x20,
    ];
    pub(crate) const SHA384: [u8; 19] = [
        0x30, 0x41, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x02,
        0x05, 0x00, 0x04, 0x30,
    ];
    pub(crate) const SHA512: [u8; 19] = [
        0x30, 0x51, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x03,
        0x05, 0x00, 0x04, 0x40,
    ];
}

/// The fix for a PKCS#1 v1.5 signature without the SHA-256 `DigestInfo`, in English.
macro_rules! pkcs1_fix_en {
    () => {
        "sign the prepared bytes (.tbs.bin) with the token's PKCS#1 v1.5 \"sign data\" mode with SHA-256 (SHA256withRSA, CKM_SHA256_RSA_PKCS), or, with a raw \"sign hash\" mode, put the SHA-256 DigestInfo prefix 3031300d060960864801650304020105000420 before the SHA-256 digest and sign those 51 bytes"
    };
}

/// The same fix in Vietnamese.
macro_rules! pkcs1_fix_vi {
    () => {
        "hãy ký dữ liệu đã chuẩn bị (.tbs.bin) bằng chế độ \"ký dữ liệu\" PKCS#1 v1.5 với SHA-256 của token (SHA256withRSA, CKM_SHA256_RSA_PKCS), hoặc, nếu dùng chế độ \"ký giá trị băm\" thô, đặt tiền tố DigestInfo của SHA-256 3031300d060960864801650304020105000420 trước giá trị băm SHA-256 rồi ký cả 51 byte đó"
    };
}

/// [`AttachCause::Pkcs1OtherHash`]'s hint for the hash named `$h`, in English.
macro_rules! other_hash_en {
    ($h:literal) => {
        concat!(
            "an RSASSA-PKCS1-v1_5 signature whose DigestInfo names ",
            $h,
            ", not SHA-256 (the token's hash or mechanism setting); ",
            pkcs1_fix_en!()
        )
    };
}

/// The same in Vietnamese.
macro_rules! other_hash_vi {
    ($h:literal) => {
        concat!(
            "chữ ký RSASSA-PKCS1-v1_5 có DigestInfo ghi ",
            $h,
            " thay vì SHA-256 (do thiết lập hàm băm hoặc cơ chế ký của token); ",
            pkcs1_fix_vi!()
        )
    };
}

impl AttachCause {
    /// Stable machine code.
    pub const fn code(self) -> &'static str {
        match self {
            AttachCause::PssSaltLength => "attach_pss_salt_length",
            AttachCause::Pkcs1InsteadOfPss => "attach_pkcs1_not_pss",
            AttachCause::PssInsteadOfPkcs1 => "attach_pss_not_pkcs1",
            AttachCause::Base64Text => "attach_base64_not_raw",
            AttachCause::HexText => "attach_hex_not_raw",
            AttachCause::DigestSignedAsMessage => "attach_digest_signed_as_message",
            AttachCause::Pkcs1NoDigestInfo => "attach_pkcs1_no_digest_info",
            AttachCause::Pkcs1OtherHash { .. } => "attach_pkcs1_wrong_hash",
            AttachCause::WrongKey => "attach_wrong_key",
        }
    }

    /// The hint in English.
    pub const fn hint_en(self) -> &'static str {
        match self {
            AttachCause::PssSaltLength => {
                "RSASSA-PSS with a salt length other than 32 bytes; set the signer's salt length to the hash length"
            }
            AttachCause::Pkcs1InsteadOfPss => {
                "an RSASSA-PKCS1-v1_5 signature, but RSASSA-PSS was prepared; prepare with RS256 or sign with PSS"
            }
            AttachCause::PssInsteadOfPkcs1 => {
                "an RSASSA-PSS signature, but RSASSA-PKCS1-v1_5 was prepared; prepare with PS256 or sign with PKCS#1 v1.5"
            }
            AttachCause::Base64Text => {
                "the signature file is base64 text; decode it (`base64 -d`) and pass the raw signature bytes"
            }
            AttachCause::HexText => {
                "the signature file is hexadecimal text; decode it (`xxd -r -p`) and pass the raw signature bytes"
            }
            AttachCause::DigestSignedAsMessage => {
                "the digest was hashed again before signing; give the service the digest as a pre-hashed value"
            }
            AttachCause::Pkcs1NoDigestInfo => concat!(
                "a raw RSA PKCS#1 v1.5 signature over the bare SHA-256 digest, without the DigestInfo prefix (a token's or HSM's raw \"sign hash\" mode, such as CKM_RSA_PKCS); ",
                pkcs1_fix_en!()
            ),
            AttachCause::Pkcs1OtherHash { hash } => match hash {
                OtherHash::Sha1 => other_hash_en!("SHA-1"),
                OtherHash::Sha224 => other_hash_en!("SHA-224"),
                OtherHash::Sha384 => other_hash_en!("SHA-384"),
                OtherHash::Sha512 => other_hash_en!("SHA-512"),
            },
            AttachCause::WrongKey => {
                "the signature was not made by the certificate's key over the prepared bytes (.tbs.bin); for ECDSA, with the algorithm's hash"
            }
        }
    }

    /// The hint in Vietnamese.
    pub const fn hint_vi(self) -> &'static str {
        match self {
            AttachCause::PssSaltLength => {
                "chữ ký RSASSA-PSS có độ dài salt khác 32 byte; đặt độ dài salt bằng độ dài hàm băm"
            }
            AttachCause::Pkcs1InsteadOfPss => {
                "chữ ký RSASSA-PKCS1-v1_5 trong khi đã chuẩn bị RSASSA-PSS; chuẩn bị lại với RS256 hoặc ký bằng PSS"
            }
            AttachCause::PssInsteadOfPkcs1 => {
                "chữ ký RSASSA-PSS trong khi đã chuẩn bị RSASSA-PKCS1-v1_5; chuẩn bị lại với PS256 hoặc ký bằng PKCS#1 v1.5"
            }
            AttachCause::Base64Text => {
                "tệp chữ ký là văn bản base64; hãy giải mã (`base64 -d`) và đưa các byte chữ ký gốc"
            }
            AttachCause::HexText => {
                "tệp chữ ký là văn bản hệ mười sáu (hex); hãy giải mã (`xxd -r -p`) và đưa các byte chữ ký gốc"
            }
            AttachCause::DigestSignedAsMessage => {
                "giá trị băm đã bị băm lại trước khi ký; hãy gửi giá trị băm cho dịch vụ ký dưới dạng đã băm sẵn"
            }
            AttachCause::Pkcs1NoDigestInfo => concat!(
                "chữ ký RSA PKCS#1 v1.5 thô trên giá trị băm SHA-256 trần, thiếu tiền tố DigestInfo (chế độ \"ký giá trị băm\" thô của token hoặc HSM, như CKM_RSA_PKCS); ",
                pkcs1_fix_vi!()
            ),
            AttachCause::Pkcs1OtherHash { hash } => match hash {
                OtherHash::Sha1 => other_hash_vi!("SHA-1"),
                OtherHash::Sha224 => other_hash_vi!("SHA-224"),
                OtherHash::Sha384 => other_hash_vi!("SHA-384"),
                OtherHash::Sha512 => other_hash_vi!("SHA-512"),
            },
            AttachCause::WrongKey => {
                "chữ ký không do khoá của chứng thư số tạo ra trên dữ liệu đã chuẩn bị (.tbs.bin); với ECDSA, phải dùng đúng hàm băm của thuật toán"
            }
        }
    }
}

/// Whether `bytes` are the bytes to sign written by a `prepare` beside its pending file
/// (`.tbs.bin`) — a COSE `Sig_structure` (`["Signature", …]`, RFC 9052 §4.4) or a national
/// XML's exclusive-canonical `SignedInfo` — given where the pending file is expected: both
/// readers refuse them with the same words.
pub(crate) fn is_bytes_to_sign(bytes: &[u8]) -> bool {
    bytes.starts_with(b"\x85\x69Signature") || bytes.starts_with(b"<ds:SignedInfo")
}

/// The likely reason `sig` does not verify over `msg` with `alg` under `key` (already known
/// not to): text instead of raw bytes (base64, hex), the other RSA padding, a PSS salt other
/// than the hash length, the digest hashed again before signing; else another key or other
/// bytes. An RSASSA-PKCS1-v1_5 signature over the bare digest (no `DigestInfo`) or with
/// another hash's `DigestInfo` is named as such where RS256 was prepared, and as the other
/// padding where PS256 was. Each candidate is verified, never guessed from the shape alone —
/// except a file that is all text, which cannot be a raw signature whatever it decodes to.
pub(crate) fn diagnose(key: &PublicKey, alg: Algorithm, msg: &[u8], sig: &[u8]) -> AttachCause {
    use rsa::signature::Verifier;
    let verifies = |raw: &[u8]| key.verify(alg, msg, &key.normalise_signature(raw)).is_ok();
    if let Some(cause) = as_text(sig, verifies) {
        return cause;
    }
    if let Key::Rsa(k) = &key.0 {
        let pss_any_salt = || {
            rsa::pss::Signature::try_from(sig).is_ok_and(|s| {
                rsa::pss::VerifyingKey::<sha2::Sha256>::new_with_auto_salt_len((**k).clone())
                    .verify(msg, &s)
                    .is_ok()
            })
        };
        match alg {
            Algorithm::Ps256 => {
                // Any PKCS#1 v1.5 form (with or without the right DigestInfo): the padding is
                // the first thing to change.
                if key.verify(Algorithm::Rs256, msg, sig).is_ok()
                    || pkcs1_form(k, msg, sig).is_some()
                {
                    return AttachCause::Pkcs1InsteadOfPss;
                }
                if pss_any_salt() {
                    return AttachCause::PssSaltLength;
                }
            }
            Algorithm::Rs256 => {
                if pss_any_salt() {
                    return AttachCause::PssInsteadOfPkcs1;
                }
                if let Some(cause) = pkcs1_form(k, msg, sig) {
                    return cause;
                }
            }
            _ => {}
        }
    }
    let normalised = key.normalise_signature(sig);
    if key.verify(alg, &alg.digest(msg), &normalised).is_ok() {
        return AttachCause::DigestSignedAsMessage;
    }
    AttachCause::WrongKey
}

/// A PKCS#1 v1.5 signature over `msg` made without the SHA-256 `DigestInfo` (ADR 0272): the
/// encoded message the public key recovers (`00 01 FF…FF 00 ‖ T`) is checked by the `rsa`
/// crate's verification against each candidate `T` — the bare SHA-256 digest (a raw "sign
/// hash" mode), or a `DigestInfo` naming SHA-1, SHA-224, SHA-384 or SHA-512 over that hash of
/// `msg` or over its SHA-256 digest. Each is verified with the key, never guessed.
fn pkcs1_form(key: &rsa::PublicKey, msg: &[u8], sig: &[u8]) -> Option<AttachCause> {
    use rsa::pkcs1v15::Pkcs1v15Sign;
    let verifies = |prefix: &[u8], hashed: &[u8]| {
        let scheme = Pkcs1v15Sign {
            hash_len: None,
            prefix: prefix.into(),
        };
        key.verify(scheme, hashed, sig).is_ok()
    };
    let sha256 = Algorithm::Rs256.digest(msg);
    if verifies(&[], &sha256) {
        return Some(AttachCause::Pkcs1NoDigestInfo);
    }
    OtherHash::ALL.into_iter().find_map(|hash| {
        let prefix = hash.digest_info_prefix();
        // The DigestInfo of `hash` with a 32-byte value: the prefix's AlgorithmIdentifier
        // between new lengths (all below 128, so one length byte each).
        let alg_id = &prefix[2..prefix.len() - 2];
        let mut over_sha256 = vec![0x30, (alg_id.len() + 2 + sha256.len()) as u8];
        over_sha256.extend_from_slice(alg_id);
        over_sha256.extend_from_slice(&[0x04, sha256.len() as u8]);
        (verifies(prefix, &hash.digest(msg)) || verifies(&over_sha256, &sha256))
            .then_some(AttachCause::Pkcs1OtherHash { hash })
    })
}

/// A signature file that is text: hex or base64 (with line breaks or spaces) of a signature.
/// The decoding that verifies wins; text that verifies under neither is still text (a raw
/// signature of 64 bytes or more is never all hex digits or base64 characters), hex when every
/// character is a hex digit.
fn as_text(sig: &[u8], verifies: impl Fn(&[u8]) -> bool) -> Option<AttachCause> {
    let text: Vec<u8> = sig
        .iter()
        .copied()
        .filter(|b| !b.is_ascii_whitespace())
        .collect();
    let in_alphabet = |b: &u8| b.is_ascii_alphanumeric() || b"+/=-_".contains(b);
    if text.len() < 16
        || !sig
            .iter()
            .all(|b| in_alphabet(b) || b.is_ascii_whitespace())
    {
        return None;
    }
    let is_hex = text.len().is_multiple_of(2) && text.iter().all(u8::is_ascii_hexdigit);
    let hex = is_hex.then(|| hex::decode(&text).ok()).flatten();
    if hex.as_deref().is_some_and(&verifies) {
        return Some(AttachCause::HexText);
    }
    let b64 = base64::engine::general_purpose::STANDARD
        .decode(&text)
        .or_else(|_| base64::engine::general_purpose::URL_SAFE.decode(&text))
        .or_else(|_| base64::engine::general_purpose::STANDARD_NO_PAD.decode(&text))
        .or_else(|_| base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(&text));
    if b64.as_deref().is_ok_and(&verifies) {
        return Some(AttachCause::Base64Text);
    }
    Some(if is_hex {
        AttachCause::HexText
    } else {
        AttachCause::Base64Text
    })
}
