//! Time-stamp tests: the request's bytes, real responses from `openssl ts -reply` (skipped with
//! a message when openssl is absent), and tokens built here for the attacks.

use std::process::Command;

use cms::cert::{CertificateChoices, IssuerAndSerialNumber};
use cms::content_info::{CmsVersion, ContentInfo};
use cms::signed_data::{
    CertificateSet, EncapsulatedContentInfo, SignedData, SignerIdentifier, SignerInfo, SignerInfos,
};
use der::asn1::{OctetString, SetOfVec};
use der::{Any, Decode, Encode};
use sha2::{Digest, Sha256};
use x509_cert::Certificate;

use super::asn1::{tlv, uint};
use super::*;
use crate::envelope::{SigningKey, SystemRng};
use crate::pades::cms as pcms;
use crate::testpki::OpensslTsa;
use crate::trust::{TrustStore, UnixTime};
use crate::xmldsig::tests::read;

/// id-ct-TSTInfo.
const TST_INFO: der::asn1::ObjectIdentifier =
    der::asn1::ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.16.1.4");

/// 2026-12-04T00:00:00Z, a verification time for the built tokens.
pub(crate) const NOW: UnixTime = UnixTime::from_secs(1_796_342_400);

/// A store with the test PKI's signer roots, its CRLs and its TSA root.
pub(crate) fn store() -> TrustStore {
    let mut t = TrustStore::new();
    t.add_roots_pem(&read("pki/roots.pem")).unwrap();
    t.add_tsa_roots_pem(&read("pki/tsa-roots.pem")).unwrap();
    for c in ["gov-ca", "gov-ca-rsa", "public-ca"] {
        t.add_crl_der(&read(&format!("pki/crl/{c}.crl"))).unwrap();
    }
    t
}

/// What a built token says; `Default` is a good token by `tsa`.
pub(crate) struct Spec<'a> {
    pub imprint: [u8; 32],
    /// GeneralizedTime text.
    pub time: &'a str,
    pub nonce: Option<&'a [u8]>,
    /// Test-PKI name of the signing certificate and key.
    pub signer: &'a str,
    /// Corrupt the signature value.
    pub bad_signature: bool,
    /// Carry the ESS signing-certificate-v2 attribute naming the signer (SHA-256).
    pub ess_v2: bool,
    /// Carry the ESS signing-certificate (v1, SHA-1) attribute naming this test-PKI
    /// certificate (ADR 0190).
    pub ess_v1: Option<&'a str>,
}

impl Default for Spec<'_> {
    fn default() -> Self {
        Spec {
            imprint: [0; 32],
            time: "20260116000000Z",
            nonce: None,
            signer: "tsa",
            bad_signature: false,
            ess_v2: true,
            ess_v1: None,
        }
    }
}

/// A DER TimeStampToken (ContentInfo) made as a TSA makes it, signed with a test-PKI key.
pub(crate) fn make_token(spec: &Spec<'_>) -> Vec<u8> {
    let cert_der = read(&format!("pki/certs/{}.der", spec.signer));
    let key =
        SigningKey::from_pkcs8(&read(&format!("pki/keys/{}.pk8", spec.signer)), None).unwrap();
    let mut tst = tlv(0x02, &[1]); // version v1
    tst.extend(
        der::asn1::ObjectIdentifier::new_unwrap("1.3.6.1.4.1.99999.1")
            .to_der()
            .unwrap(), // policy
    );
    tst.extend(tlv(
        0x30,
        &[request::sha256_alg_id(), tlv(0x04, &spec.imprint)].concat(),
    )); // messageImprint
    tst.extend(uint(&[0x01, 0x23])); // serialNumber
    tst.extend(tlv(0x18, spec.time.as_bytes())); // genTime
    if let Some(n) = spec.nonce {
        tst.extend(uint(n));
    }
    let tst = tlv(0x30, &tst);
    let cert = Certificate::from_der(&cert_der).unwrap();
    let mut attrs = SetOfVec::new();
    attrs
        .insert(pcms::attribute(pcms::ID_CONTENT_TYPE, &TST_INFO.to_der().unwrap()).unwrap())
        .unwrap();
    attrs
        .insert(
            pcms::attribute(pcms::ID_MESSAGE_DIGEST, &tlv(0x04, &Sha256::digest(&tst))).unwrap(),
        )
        .unwrap();
    if spec.ess_v2 {
        let v2 = pcms::signing_certificate_v2(&cert, &cert_der).unwrap();
        attrs
            .insert(pcms::attribute(pcms::ID_SIGNING_CERTIFICATE_V2, &v2).unwrap())
            .unwrap();
    }
    if let Some(named) = spec.ess_v1 {
        let v1 = signing_certificate_v1(&read(&format!("pki/certs/{named}.der")));
        attrs
            .insert(pcms::attribute(pcms::ID_SIGNING_CERTIFICATE, &v1).unwrap())
            .unwrap();
    }
    let raw = key.sign(&attrs.to_der().unwrap(), &mut SystemRng).unwrap();
    let mut value = pcms::cms_signature_value(&key.public_key(), &raw);
    if spec.bad_signature {
        let last = value.len() - 3;
        value[last] ^= 0x01;
    }
    let info = SignerInfo {
        version: CmsVersion::V1,
        sid: SignerIdentifier::IssuerAndSerialNumber(IssuerAndSerialNumber {
            issuer: cert.tbs_certificate().issuer().clone(),
            serial_number: cert.tbs_certificate().serial_number().clone(),
        }),
        digest_alg: pcms::sha256_id(),
        signed_attrs: Some(attrs),
        signature_algorithm: pcms::signature_algorithm(key.algorithm()).unwrap(),
        signature: OctetString::new(value).unwrap(),
        unsigned_attrs: None,
    };
    let mut digests = SetOfVec::new();
    digests.insert(pcms::sha256_id()).unwrap();
    let sd = SignedData {
        version: CmsVersion::V3,
        digest_algorithms: digests,
        encap_content_info: EncapsulatedContentInfo {
            econtent_type: TST_INFO,
            econtent: Some(Any::from_der(&tlv(0x04, &tst)).unwrap()),
        },
        certificates: Some(
            CertificateSet::try_from(vec![CertificateChoices::Certificate(cert)]).unwrap(),
        ),
        crls: None,
        signer_infos: SignerInfos::try_from(vec![info]).unwrap(),
    };
    ContentInfo {
        content_type: pcms::ID_SIGNED_DATA,
        content: Any::encode_from(&sd).unwrap(),
    }
    .to_der()
    .unwrap()
}

/// The ESS signing-certificate (v1) value naming `cert_der` as OpenSSL writes it (RFC 2634
/// §5.4): `SEQUENCE { SEQUENCE OF ESSCertID { certHash SHA-1, issuerSerial } }`.
fn signing_certificate_v1(cert_der: &[u8]) -> Vec<u8> {
    use sha1::Digest as _;
    signing_certificate_v1_with(&sha1::Sha1::digest(cert_der), cert_der)
}

/// An ESS signing-certificate (v1) value with `hash` and the issuerSerial of `issuer_serial_of`.
fn signing_certificate_v1_with(hash: &[u8], issuer_serial_of: &[u8]) -> Vec<u8> {
    let cert = Certificate::from_der(issuer_serial_of).unwrap();
    let tbs = cert.tbs_certificate();
    let issuer = tbs.issuer().to_der().unwrap();
    let serial = tbs.serial_number().to_der().unwrap();
    let issuer_serial = tlv(0x30, &[tlv(0x30, &tlv(0xa4, &issuer)), serial].concat());
    let ess_cert_id = tlv(0x30, &[tlv(0x04, hash), issuer_serial].concat());
    tlv(0x30, &tlv(0x30, &ess_cert_id))
}

/// A granted TimeStampResp around `token`.
pub(crate) fn response(token: &[u8]) -> Vec<u8> {
    tlv(
        0x30,
        &[tlv(0x30, &tlv(0x02, &[0])), token.to_vec()].concat(),
    )
}

fn imprint_of(message: &[u8]) -> [u8; 32] {
    Sha256::digest(message).into()
}

#[test]
fn the_request_is_rfc_3161_der() {
    let req = TimestampRequest::for_digest([0xab; 32], Some(&[0x00, 0x80, 0x01])).unwrap();
    let mut expected = vec![
        0x30, 0x3c, // TimeStampReq SEQUENCE
        0x02, 0x01, 0x01, // version 1
        0x30, 0x2f, // messageImprint
        0x30, 0x0b, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02,
        0x01, // sha256
        0x04, 0x20, // hashedMessage
    ];
    expected.extend([0xab; 32]);
    expected.extend([
        0x02, 0x03, 0x00, 0x80, 0x01, // nonce 0x8001 (leading zero kept for the sign bit)
        0x01, 0x01, 0xff, // certReq TRUE
    ]);
    assert_eq!(req.to_der(), expected.as_slice());
    assert_eq!(req.nonce(), Some(&[0x80, 0x01][..]));
    let back = TimestampRequest::from_der(req.to_der()).unwrap();
    assert_eq!(back, req);
}

#[test]
fn requests_that_are_not_der_are_refused() {
    let req = TimestampRequest::new(b"x", None).unwrap();
    let mut long_len = req.to_der().to_vec();
    // The same SEQUENCE with a non-minimal length (0x81 0x..).
    long_len.splice(1..2, [0x81, long_len[1]]);
    for bad in [
        &b""[..],
        &[0x30, 0x00][..],
        &long_len[..],
        &req.to_der()[..10],
    ] {
        let e = TimestampRequest::from_der(bad).unwrap_err();
        assert_eq!(e.code(), "timestamp_request_malformed", "{bad:02x?}");
        assert!(e.is_unreadable());
    }
}

#[test]
fn a_built_token_verifies_and_says_its_time() {
    let message = b"signature value";
    let token = make_token(&Spec {
        imprint: imprint_of(message),
        ..Spec::default()
    });
    let info = verify_token(&token, message, &store(), NOW).unwrap();
    assert_eq!(info.time.to_rfc3339(), "2026-01-16T00:00:00Z");
    assert_eq!(info.tsa_name, "Hocba Test TSA");
    assert_eq!(info.tsa_root, "Hocba Test Root TSA (dấu thời gian)");
    assert_eq!(info.serial_hex, "0123");
    assert_eq!(info.policy, "1.3.6.1.4.1.99999.1");
}

#[test]
fn attacks_on_a_token_are_refused_with_their_code() {
    let message = b"signature value";
    let good = Spec {
        imprint: imprint_of(message),
        ..Spec::default()
    };
    let mut only_signer_roots = TrustStore::new();
    only_signer_roots
        .add_roots_pem(&read("pki/roots.pem"))
        .unwrap();
    // The TSA root given as a signer root is not a TSA root.
    let mut tsa_as_signer_root = TrustStore::new();
    tsa_as_signer_root
        .add_roots_pem(&read("pki/tsa-roots.pem"))
        .unwrap();
    let mut tampered = make_token(&good);
    let at = tampered
        .windows(15)
        .position(|w| w == b"20260116000000Z")
        .unwrap();
    tampered[at + 3] = b'7'; // genTime 2027: the message digest no longer matches
    /// What is attacked, the token, the message, the store, the expected code.
    type Case<'a> = (&'a str, Vec<u8>, &'a [u8], TrustStore, &'a str);
    let cases: Vec<Case<'_>> = vec![
        (
            "other data",
            make_token(&good),
            b"other",
            store(),
            "timestamp_imprint_mismatch",
        ),
        (
            "a signer's certificate, not a TSA's",
            make_token(&Spec {
                signer: "gvcn-p256",
                ..Spec {
                    imprint: good.imprint,
                    ..Spec::default()
                }
            }),
            message,
            store(),
            "timestamp_not_tsa_certificate",
        ),
        (
            "no TSA root",
            make_token(&good),
            message,
            only_signer_roots,
            "timestamp_tsa_untrusted",
        ),
        (
            "a TSA root given as a signer root",
            make_token(&good),
            message,
            tsa_as_signer_root,
            "timestamp_tsa_untrusted",
        ),
        (
            "TSA certificate expired at genTime",
            make_token(&Spec {
                signer: "tsa-expired",
                ..Spec {
                    imprint: good.imprint,
                    ..Spec::default()
                }
            }),
            message,
            store(),
            "timestamp_tsa_expired",
        ),
        (
            "bad signature value",
            make_token(&Spec {
                bad_signature: true,
                ..Spec {
                    imprint: good.imprint,
                    ..Spec::default()
                }
            }),
            message,
            store(),
            "timestamp_bad_signature",
        ),
        (
            "TSTInfo changed after signing",
            tampered,
            message,
            store(),
            "timestamp_bad_signature",
        ),
        (
            "a time after the verification time",
            make_token(&Spec {
                time: "20301231000000Z",
                ..Spec {
                    imprint: good.imprint,
                    ..Spec::default()
                }
            }),
            message,
            store(),
            "timestamp_in_future",
        ),
        (
            "not DER",
            b"\x30\x03\x02\x01".to_vec(),
            message,
            store(),
            "timestamp_malformed",
        ),
    ];
    for (what, token, msg, trust, code) in cases {
        let e = verify_token(&token, msg, &trust, NOW).unwrap_err();
        assert_eq!(e.code(), code, "{what}: {e}");
        assert!(!e.message_vi().is_empty());
        assert!(TimestampError::CODES.contains(&e.code()));
    }
}

#[test]
fn a_response_is_checked_against_its_request() {
    let message = b"signature value";
    let req = TimestampRequest::new(message, Some(&[7, 7, 7])).unwrap();
    let ok = make_token(&Spec {
        imprint: *req.imprint(),
        nonce: Some(&[7, 7, 7]),
        ..Spec::default()
    });
    assert_eq!(token_from_response(&response(&ok), &req).unwrap(), ok);
    let other_nonce = make_token(&Spec {
        imprint: *req.imprint(),
        nonce: Some(&[8]),
        ..Spec::default()
    });
    let no_nonce = make_token(&Spec {
        imprint: *req.imprint(),
        ..Spec::default()
    });
    let other_data = make_token(&Spec {
        imprint: imprint_of(b"x"),
        nonce: Some(&[7, 7, 7]),
        ..Spec::default()
    });
    let rejection = tlv(0x30, &tlv(0x30, &tlv(0x02, &[2])));
    for (resp, code) in [
        (response(&other_nonce), "timestamp_nonce_mismatch"),
        (response(&no_nonce), "timestamp_nonce_mismatch"),
        (response(&other_data), "timestamp_imprint_mismatch"),
        (rejection, "timestamp_not_granted"),
        (ok.clone(), "timestamp_response_malformed"),
        (vec![0x30; MAX_TOKEN_LEN + 1], "timestamp_too_large"),
    ] {
        let e = token_from_response(&resp, &req).unwrap_err();
        assert_eq!(e.code(), code);
    }
}

/// `openssl ts` as the test PKI's TSA, with the committed test PKI (`tests/vectors/pki`).
pub(crate) fn openssl_tsa(label: &str) -> Option<OpensslTsa> {
    OpensslTsa::new(label, &crate::xmldsig::tests::vectors().join("pki"))
}

#[test]
fn openssl_ts_answers_our_request_and_we_verify_its_token() {
    let Some(tsa) = openssl_tsa("core") else {
        return;
    };
    let message = b"signature value";
    let req = TimestampRequest::new(message, Some(&[0x12, 0x34, 0x56, 0x78])).unwrap();
    let resp = tsa.reply(req.to_der());
    let token = token_from_response(&resp, &req).unwrap();
    // openssl stamps the wall clock: verify at a time after it.
    let later = UnixTime::from_secs(
        i64::try_from(
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_secs(),
        )
        .unwrap()
            + 60,
    );
    let info = verify_token(&token, message, &store(), later).unwrap();
    assert!((later.secs() - info.time.secs()).abs() < 600, "{info:?}");
    assert_eq!(info.tsa_name, "Hocba Test TSA");
    assert_eq!(info.policy, "1.3.6.1.4.1.99999.2");
    // The same token over other data, or with signer roots only, is refused.
    let e = verify_token(&token, b"other", &store(), later).unwrap_err();
    assert_eq!(e.code(), "timestamp_imprint_mismatch");
    let mut signer_roots = TrustStore::new();
    signer_roots.add_roots_pem(&read("pki/roots.pem")).unwrap();
    let e = verify_token(&token, message, &signer_roots, later).unwrap_err();
    assert_eq!(e.code(), "timestamp_tsa_untrusted");
    // The answer to another request (another nonce) is refused for this one.
    let other = TimestampRequest::new(message, Some(&[0x99])).unwrap();
    let e = token_from_response(&tsa.reply(other.to_der()), &req).unwrap_err();
    assert_eq!(e.code(), "timestamp_nonce_mismatch");
}

#[test]
fn openssl_queries_are_read() {
    let Some(tsa) = openssl_tsa("query") else {
        return;
    };
    let data = tsa.dir().join("data");
    std::fs::write(&data, b"signature value").unwrap();
    let out = Command::new("openssl")
        .args(["ts", "-query", "-sha256", "-cert", "-data"])
        .arg(&data)
        .output()
        .unwrap();
    assert!(out.status.success());
    let req = TimestampRequest::from_der(&out.stdout).unwrap();
    assert_eq!(req.imprint(), &imprint_of(b"signature value"));
    assert!(req.nonce().is_some());
}

#[test]
fn codes_are_unique_and_documented() {
    let mut seen = std::collections::BTreeSet::new();
    for c in TimestampError::CODES {
        assert!(seen.insert(*c), "duplicate code {c}");
    }
    let doc = crate::xmldsig::tests::vectors().join("../../docs/spec/trust.md");
    let text = std::fs::read_to_string(&doc).unwrap();
    for c in TimestampError::CODES {
        assert!(
            text.contains(&format!("| `{c}` |")),
            "{c} missing from docs/spec/trust.md"
        );
    }
}

/// Every one-byte change and every truncation of a token is handled without a panic, with a
/// catalogued code; a change anywhere in the signed `TSTInfo` never verifies.
#[test]
fn mutated_tokens_never_panic_and_a_changed_tst_info_never_verifies() {
    let message = b"signature value";
    let token = make_token(&Spec {
        imprint: imprint_of(message),
        ..Spec::default()
    });
    let trust = store();
    let checked = token::check_token(&token).unwrap();
    assert_eq!(checked.info.serial_hex, "0123");
    // The TSTInfo: the SEQUENCE that starts with version 1 and the policy OID.
    let tst_start = token
        .windows(5)
        .position(|w| w == [0x02, 0x01, 0x01, 0x06, 0x09])
        .unwrap()
        - 2;
    let tst_len = usize::from(token[tst_start + 1]) + 2;
    for i in 0..token.len() {
        for flip in [0x01u8, 0x80] {
            let mut m = token.clone();
            m[i] ^= flip;
            match verify_token(&m, message, &trust, NOW) {
                Err(e) => assert!(TimestampError::CODES.contains(&e.code())),
                Ok(_) => assert!(
                    !(tst_start..tst_start + tst_len).contains(&i),
                    "TSTInfo byte {i} changed and still verified"
                ),
            }
        }
    }
    for n in 0..token.len() {
        let e = verify_token(&token[..n], message, &trust, NOW).unwrap_err();
        assert!(TimestampError::CODES.contains(&e.code()));
    }
}

/// id-aa-signingCertificate (v1) and id-aa-signingCertificateV2 as DER OID TLVs.
const ESS_V1_OID: &[u8] = &[
    0x06, 0x0b, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, 0x10, 0x02, 0x0c,
];
const ESS_V2_OID: &[u8] = &[
    0x06, 0x0b, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, 0x10, 0x02, 0x2f,
];

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

/// OpenSSL 3.0's `openssl ts -reply` with its default `ess_cert_id_alg` (SHA-1) names the TSA
/// certificate in an ESS signing-certificate (v1) attribute only: accepted (ADR 0190), the
/// certificate's path still validated against the TSA roots.
#[test]
fn openssl_default_sha1_ess_cert_id_tokens_are_accepted() {
    let Some(tsa) = OpensslTsa::with_ess(
        "ess-v1",
        &crate::xmldsig::tests::vectors().join("pki"),
        None,
    ) else {
        return;
    };
    let message = b"signature value";
    let req = TimestampRequest::new(message, Some(&[0x42])).unwrap();
    let token = token_from_response(&tsa.reply(req.to_der()), &req).unwrap();
    assert!(contains(&token, ESS_V1_OID), "the token carries ESS v1");
    assert!(!contains(&token, ESS_V2_OID), "and not ESS v2");
    let later = UnixTime::from_secs(
        i64::try_from(
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_secs(),
        )
        .unwrap()
            + 60,
    );
    let info = verify_token(&token, message, &store(), later).unwrap();
    assert_eq!(info.tsa_name, "Hocba Test TSA");
    // Accepted ESS does not mean trusted: signer roots only still refuse the TSA.
    let mut signer_roots = TrustStore::new();
    signer_roots.add_roots_pem(&read("pki/roots.pem")).unwrap();
    let e = verify_token(&token, message, &signer_roots, later).unwrap_err();
    assert_eq!(e.code(), "timestamp_tsa_untrusted");
}

/// The ESS attributes of a token, v1 (SHA-1) and v2 (SHA-256): at least one, and each one
/// present must name the certificate that signed (ADR 0190).
#[test]
fn each_ess_signing_certificate_present_must_name_the_signer() {
    let message = b"signature value";
    let good = Spec {
        imprint: imprint_of(message),
        ..Spec::default()
    };
    let cases: [(&str, bool, Option<&str>, Option<&str>); 6] = [
        ("v2 only", true, None, None),
        ("v1 only", false, Some("tsa"), None),
        ("v1 and v2", true, Some("tsa"), None),
        (
            "neither",
            false,
            None,
            Some("timestamp_signing_certificate"),
        ),
        (
            "v1 names another certificate",
            false,
            Some("tsa-expired"),
            Some("timestamp_signing_certificate"),
        ),
        (
            "v2 good, v1 names another certificate",
            true,
            Some("tsa-expired"),
            Some("timestamp_signing_certificate"),
        ),
    ];
    for (what, ess_v2, ess_v1, want) in cases {
        let token = make_token(&Spec {
            ess_v2,
            ess_v1,
            ..Spec {
                imprint: good.imprint,
                ..Spec::default()
            }
        });
        let got = verify_token(&token, message, &store(), NOW).map(|_| ());
        assert_eq!(
            got.map_err(|e| e.code()),
            want.map_or(Ok(()), Err),
            "{what}"
        );
    }
    // The v1 value with one bit of its SHA-1 changed is refused; with another certificate's
    // issuer and serial number, too.
    use sha1::Digest as _;
    let cert = read("pki/certs/tsa.der");
    let check = |v: &[u8]| crate::pades::cms::check_signing_certificate_v1(v, &cert).is_ok();
    let hash: [u8; 20] = sha1::Sha1::digest(&cert).into();
    assert!(check(&signing_certificate_v1_with(&hash, &cert)));
    let mut flipped = hash;
    flipped[0] ^= 0x01;
    assert!(!check(&signing_certificate_v1_with(&flipped, &cert)));
    for other in ["tsa-expired", "gvcn-p256"] {
        let other = read(&format!("pki/certs/{other}.der"));
        assert!(!check(&signing_certificate_v1_with(&hash, &other)));
    }
    // A SHA-256 where v1 has a SHA-1 is not a v1 ESSCertID.
    assert!(!check(&signing_certificate_v1_with(
        &Sha256::digest(&cert),
        &cert
    )));
}
