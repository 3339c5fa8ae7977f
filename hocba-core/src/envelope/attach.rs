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
    /// An RSASSA-PKCS1-v1_5 signature over the bare digest, without its DER `DigestInfo`: a
    /// raw RSA signer (Java's `NONEwithRSA`, PKCS#11 `CKM_RSA_PKCS`) given the digest alone.
    DigestInfoMissing,
    /// None of the above: the signature was made by another key than the certificate's, or over
    /// other bytes.
    WrongKey,
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
            AttachCause::DigestInfoMissing => "attach_digest_info_missing",
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
            AttachCause::DigestInfoMissing => {
                "a PKCS#1 v1.5 signature over the bare digest, without its DigestInfo; a raw RSA signer (NONEwithRSA, PKCS#11 CKM_RSA_PKCS) must sign the DER DigestInfo of SHA-256 followed by the digest"
            }
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
            AttachCause::DigestInfoMissing => {
                "chữ ký PKCS#1 v1.5 trên giá trị băm trần, thiếu DigestInfo; bộ ký RSA thô (NONEwithRSA, PKCS#11 CKM_RSA_PKCS) phải ký DigestInfo DER của SHA-256 rồi đến giá trị băm"
            }
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
/// bytes. An RSASSA-PKCS1-v1_5 signature over the bare digest (no `DigestInfo`) is named as such
/// where RS256 was prepared, and as the other padding where PS256 was. Each candidate is verified, never guessed from the shape alone — except a file that
/// is all text, which cannot be a raw signature whatever it decodes to.
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
        // PKCS#1 v1.5 whose encoded message holds the SHA-256 of `msg` without the DigestInfo
        // that names the hash (RFC 8017 §9.2 step 2): the digest handed to a raw RSA signer.
        let pkcs1_bare_digest = || {
            rsa::pkcs1v15::Signature::try_from(sig).is_ok_and(|s| {
                rsa::pkcs1v15::VerifyingKey::<sha2::Sha256>::new_unprefixed((**k).clone())
                    .verify(msg, &s)
                    .is_ok()
            })
        };
        match alg {
            Algorithm::Ps256 => {
                if key.verify(Algorithm::Rs256, msg, sig).is_ok() || pkcs1_bare_digest() {
                    return AttachCause::Pkcs1InsteadOfPss;
                }
                if pss_any_salt() {
                    return AttachCause::PssSaltLength;
                }
            }
            Algorithm::Rs256 if pss_any_salt() => return AttachCause::PssInsteadOfPkcs1,
            Algorithm::Rs256 if pkcs1_bare_digest() => return AttachCause::DigestInfoMissing,
            _ => {}
        }
    }
    let normalised = key.normalise_signature(sig);
    if key.verify(alg, &alg.digest(msg), &normalised).is_ok() {
        return AttachCause::DigestSignedAsMessage;
    }
    AttachCause::WrongKey
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
