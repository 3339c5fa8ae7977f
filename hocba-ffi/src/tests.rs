//! Unit tests of the boundary: error mapping and panic containment.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

use crate::error::guard;
use crate::{HocbaError, year_record_from_json};

#[test]
fn a_panic_becomes_a_typed_internal_error() {
    let r: Result<u8, HocbaError> = guard(|| panic!("boom"));
    let e = r.expect_err("the panic must be caught");
    assert!(matches!(e, HocbaError::Internal { .. }));
    assert_eq!(e.code(), "internal_panic");
}

#[test]
fn guard_passes_values_and_errors_through() {
    assert_eq!(guard(|| Ok(7u8)), Ok(7));
    let e = HocbaError::Other {
        code: "x".into(),
        message_en: "en".into(),
        message_vi: "vi".into(),
        path: None,
        record: None,
    };
    assert_eq!(guard::<u8>(|| Err(e.clone())), Err(e));
}

#[test]
fn malformed_json_is_a_decode_error_with_the_core_code() {
    let e = year_record_from_json("{".into()).expect_err("not a record");
    assert!(matches!(e, HocbaError::Decode { .. }), "{e:?}");
    assert_eq!(e.code(), "json_syntax");
    let e = year_record_from_json("{}".into()).expect_err("not a record");
    assert_eq!(e.code(), "json_data");
}

#[test]
fn error_messages_are_bilingual() {
    let e = year_record_from_json("[".into()).expect_err("not a record");
    let HocbaError::Decode {
        message_en,
        message_vi,
        ..
    } = e
    else {
        panic!("expected a decode error");
    };
    assert!(message_en.contains("JSON"));
    assert!(message_vi.contains("JSON không hợp lệ"));
}

const SAMPLE: &str = include_str!("../../bindings/testdata/year_record.json");

#[test]
fn a_json_record_is_mirrored_field_by_field() {
    let r = year_record_from_json(SAMPLE.into()).expect("sample record");
    assert_eq!(r.grade, 3);
    assert_eq!(r.school_year, "2024-2025");
    assert_eq!(r.result, crate::YearResult::Good);
    assert_eq!(r.result.code(), "htt");
    assert_eq!(r.result.label_vi(), "Hoàn thành tốt");
    assert_eq!(r.subjects[1].subject, crate::Subject::Toan);
    assert_eq!(r.subjects[1].score, Some(10));
    assert_eq!(r.pupil.gender, crate::Gender::Female);
    assert_eq!(
        r.pupil
            .residence
            .province
            .as_ref()
            .and_then(|p| p.code.as_deref()),
        Some("48")
    );
    assert_eq!(r.awards[0].kind, crate::AwardKind::Exemplary);
}

const ROOTS_PEM: &[u8] = include_bytes!("../../tests/vectors/pki/roots.pem");
const GOV_ROOT_DER: &[u8] = include_bytes!("../../tests/vectors/pki/certs/gov-root.der");
const GOV_CA_CRL: &[u8] = include_bytes!("../../tests/vectors/pki/crl/gov-ca.crl");

#[test]
fn a_trust_store_takes_der_and_pem_roots_and_crls() {
    let t = crate::TrustStore::new(
        vec![ROOTS_PEM.to_vec(), GOV_ROOT_DER.to_vec()],
        vec![GOV_CA_CRL.to_vec()],
        None,
        None,
    )
    .expect("trust store");
    assert_eq!(t.root_count(), 3);
    assert_eq!(t.crl_count(), 1);
}

#[test]
fn an_unreadable_trust_anchor_is_a_trust_error() {
    for (bad, code) in [
        (
            &b"-----BEGIN CERTIFICATE-----\nnot base64\n"[..],
            "pem_malformed",
        ),
        (b"\x30\x03\x02\x01", "root_malformed"),
    ] {
        let Err(e) = crate::TrustStore::new(vec![bad.to_vec()], vec![], None, None) else {
            panic!("accepted a broken anchor");
        };
        assert!(matches!(e, HocbaError::Trust { .. }), "{e:?}");
        assert_eq!(e.code(), code);
    }
}

fn pki(rel: &str) -> Vec<u8> {
    std::fs::read(format!(
        "{}/../tests/vectors/pki/{rel}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .expect("test PKI file")
}

/// The bindings' sample record, moved to the test PKI's school so its certificates match.
fn sample_of_test_school() -> Vec<u8> {
    SAMPLE
        .replace(
            "Trường Tiểu học Trần Quốc Toản",
            "Trường Tiểu học Thử Nghiệm Số 1",
        )
        .into_bytes()
}

#[test]
fn a_vendor_signs_in_process_and_externally_and_the_record_verifies() {
    use std::time::{Duration, UNIX_EPOCH};

    use crate::{Envelope, SignerRole, SigningKey, ToBeSigned, VerificationStatus};
    let t0 = UNIX_EPOCH + Duration::from_secs(1_780_272_000); // 2026-06-01
    let env = Envelope::from_record(sample_of_test_school()).expect("a year record");
    assert_eq!(env.next_role(), Some(SignerRole::HomeroomTeacher));
    assert_eq!(env.to_bytes().expect_err("unsigned").code(), "not_signed");
    // GVCN: a PEM key and a PEM chain (leaf, then the CA) in one bundle.
    let mut bundle = pki("certs/gvcn-ed25519.pem");
    bundle.extend(pki("certs/gov-ca.pem"));
    let gvcn = SigningKey::from_pkcs8(pki("keys/gvcn-ed25519.key.pem"), None).expect("PEM key");
    assert_eq!(gvcn.algorithm(), "EdDSA");
    let env = env
        .sign(gvcn, SignerRole::HomeroomTeacher, vec![bundle], t0, vec![])
        .expect("GVCN signs");
    // Out of turn: the seal cannot sign before the principal.
    let seal = SigningKey::from_pkcs8(pki("keys/seal-ed25519.pk8"), None).expect("DER key");
    let seal_chain = vec![pki("certs/seal-ed25519.der"), pki("certs/gov-ca.der")];
    let e = env
        .sign(
            seal.clone(),
            SignerRole::SchoolSeal,
            seal_chain.clone(),
            t0 + Duration::from_secs(60),
            vec![],
        )
        .expect_err("out of order");
    assert_eq!(e.code(), "role_out_of_order");
    // Hiệu trưởng: an external signer (here the same library, standing in for a token).
    let principal_chain = vec![pki("certs/principal-ed25519.der"), pki("certs/gov-ca.der")];
    let tbs = env
        .prepare(
            SignerRole::Principal,
            principal_chain,
            None,
            t0 + Duration::from_secs(60),
            vec![],
        )
        .expect("prepare");
    assert_eq!(tbs.algorithm(), "EdDSA");
    assert_eq!(tbs.digest().len(), 32);
    assert!(
        tbs.summary_vi().contains("Hiệu trưởng"),
        "{}",
        tbs.summary_vi()
    );
    let saved = ToBeSigned::from_file_bytes(tbs.to_file_bytes()).expect("round trip");
    let token =
        hocba_core::envelope::SigningKey::from_pkcs8_der(&pki("keys/principal-ed25519.pk8"), None)
            .expect("key");
    let signature = token
        .sign(&saved.data(), &mut hocba_core::envelope::SystemRng)
        .expect("sign");
    let mut wrong = signature.clone();
    wrong[0] ^= 1;
    assert_eq!(
        saved
            .attach(wrong, None)
            .expect_err("a bad signature")
            .code(),
        "attach_wrong_key"
    );
    // ADR 0273: with a trust store, the chain to its roots is checked again at attach.
    let other = crate::TrustStore::new(vec![pki("certs/unknown-root.der")], vec![], None, None)
        .expect("other root");
    assert_eq!(
        saved
            .attach(signature.clone(), Some(other))
            .expect_err("another tree's root")
            .code(),
        "unknown_issuer"
    );
    let roots =
        crate::TrustStore::new(vec![ROOTS_PEM.to_vec()], vec![], None, None).expect("trust");
    let env = saved.attach(signature, Some(roots)).expect("attach");
    let env = env
        .sign(
            seal,
            SignerRole::SchoolSeal,
            seal_chain,
            t0 + Duration::from_secs(120),
            vec![],
        )
        .expect("seal");
    assert_eq!(env.next_role(), None);
    assert_eq!(env.roles().len(), 3);
    let trust =
        crate::TrustStore::new(vec![ROOTS_PEM.to_vec()], vec![], None, None).expect("trust");
    let report = trust
        .verify(
            env.to_bytes().expect("signed"),
            t0 + Duration::from_secs(86_400),
        )
        .expect("a signed record");
    assert_eq!(report.status, VerificationStatus::Valid, "{report:?}");
    assert_eq!(
        report.record.expect("verified record").school.name,
        "Trường Tiểu học Thử Nghiệm Số 1"
    );
}

#[test]
fn signing_inputs_are_checked() {
    use crate::{Envelope, SigningKey};
    assert_eq!(
        SigningKey::from_pkcs8(b"not a key".to_vec(), None)
            .err()
            .map(|e| e.code().to_owned()),
        Some("unsupported_key".into())
    );
    assert_eq!(
        SigningKey::from_pkcs8(pki("keys/gvcn-ed25519.pk8"), Some("ES512".into()))
            .err()
            .map(|e| e.code().to_owned()),
        Some("unsupported_algorithm".into())
    );
    let transcript = hocba_core::model::to_json_pretty(&hocba_core::synth::demo_transcript());
    assert_eq!(
        Envelope::from_record(transcript.into_bytes())
            .err()
            .map(|e| e.code().to_owned()),
        Some("not_a_year_record".into())
    );
}

/// The variant is the core's kind (`hocba_core::ErrorKind`), as Python's exception class is:
/// a signed record whose payload is not canonical is a decoding failure in every language
/// (it was `Envelope` here and `DecodeError` in Python), a domain value is `Model`, a refused
/// signing step `Envelope` (issue 14, item 13).
#[test]
fn the_variant_is_the_cores_kind() {
    use hocba_core::envelope::EnvelopeError;
    let payload = hocba_core::Error::from(EnvelopeError::Payload(
        hocba_core::canonical::decode_year_record(&[0xa0]).unwrap_err(),
    ));
    assert_eq!(payload.kind(), hocba_core::ErrorKind::Decode);
    assert!(matches!(
        HocbaError::from(payload),
        HocbaError::Decode { .. }
    ));
    let model = hocba_core::Error::from(hocba_core::model::ModelError::InvalidScore);
    assert!(matches!(HocbaError::from(model), HocbaError::Model { .. }));
    let refused = hocba_core::Error::from(EnvelopeError::BadSignature);
    assert!(matches!(
        HocbaError::from(refused),
        HocbaError::Envelope { .. }
    ));
}

/// Bytes no hocba reader takes are the core's `unrecognised_input` (a `Decode` error, messages
/// in both languages) from `verify` and from `decode`, and the same code in `verify_many`'s
/// report (ADR 0220); an unsigned record stays `not_cose_sign`.
#[test]
fn bytes_no_reader_takes_are_an_unrecognised_input() {
    use std::time::{Duration, UNIX_EPOCH};

    use crate::{TrustStore, VerificationStatus};
    let vectors = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/vectors");
    let roots = std::fs::read(vectors.join("pki/roots.pem")).unwrap();
    let trust = TrustStore::new(vec![roots], vec![], None, None).unwrap();
    let at = UNIX_EPOCH + Duration::from_secs(1_781_481_600); // 2026-06-15T00:00:00Z
    let garbage = b"PK\x03\x04\x14\x00 not a record".to_vec();
    let e = trust.verify(garbage.clone(), at).unwrap_err();
    let HocbaError::Decode {
        code,
        message_en,
        message_vi,
        path,
        record,
    } = e
    else {
        panic!("{e:?}")
    };
    assert_eq!((path.as_deref(), record), (None, None));
    assert_eq!(code, "unrecognised_input");
    assert!(message_en.starts_with("unrecognised input"), "{message_en}");
    assert!(
        message_vi.starts_with("không nhận ra dữ liệu vào"),
        "{message_vi}"
    );
    let e = crate::decode(garbage.clone()).unwrap_err();
    assert!(
        matches!(&e, HocbaError::Decode { code, .. } if code == "unrecognised_input"),
        "{e:?}"
    );
    let e = trust.verify(b"{}".to_vec(), at).unwrap_err();
    assert_eq!(e.code(), "not_cose_sign");
    let [r] = &trust.verify_many(vec![garbage], at).unwrap()[..] else {
        panic!("one report")
    };
    assert_eq!(r.status, VerificationStatus::Invalid);
    assert_eq!(r.error.as_deref(), Some("unrecognised_input"));
    assert!(r.summary_vi.starts_with("không nhận ra dữ liệu vào"));
}

/// A pupil-year recalled on the portal and replaced (ADR 0170): with the portal's link the
/// replacement supersedes the recalled revision; the recalled record alone leaves the year
/// without a record in force; a lookup code that is not one and an unreadable record are the
/// core's errors.
#[test]
fn xml_years_with_a_recall_state_the_recalled_revision() {
    use std::collections::HashMap;
    use std::time::{Duration, UNIX_EPOCH};

    use crate::{TrustStore, VerificationStatus};
    let vectors = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/vectors");
    let read = |rel: &str| std::fs::read(vectors.join(rel)).unwrap();
    let at = UNIX_EPOCH + Duration::from_secs(1_781_481_600); // 2026-06-15T00:00:00Z
    let trust = TrustStore::new(vec![read("pki/roots.pem")], vec![], None, None).unwrap();
    let (old, new) = (
        read("signed_xml/valid_rs256.xml"),
        read("signed_xml/replacement_rs256.xml"),
    );
    let code = |xml: &[u8]| {
        hocba_core::moet::from_xml(xml, &hocba_core::moet::Profile::V2088_1_0)
            .unwrap()
            .lookup_code
            .unwrap()
            .to_string()
    };
    let replaced = HashMap::from([(code(&old), code(&new))]);
    let r = trust
        .verify_xml_transcript(vec![new.clone(), old.clone()], at, vec![], replaced)
        .unwrap();
    assert_eq!(r.status, VerificationStatus::Valid, "{:?}", r.issues);
    let revs = &r.years[0].revisions;
    assert_eq!(revs.len(), 2);
    assert!(revs[0].recalled && !revs[1].recalled);
    assert_eq!(revs[0].lookup_code.as_deref(), Some(code(&old).as_str()));
    assert_eq!(revs[1].supersedes.as_ref(), Some(&revs[0].digest));
    assert_eq!(
        r.years[0].current_index, 0,
        "the replacement, first in the input"
    );
    assert_eq!(r.years_verified.as_ref().map(Vec::len), Some(1));

    let r = trust
        .verify_xml_transcript(vec![old.clone()], at, vec![code(&old)], HashMap::new())
        .unwrap();
    assert_eq!(r.status, VerificationStatus::Invalid);
    assert_eq!(r.error.as_deref(), Some("year_recalled"));
    assert!(r.years[0].revisions[0].recalled);
    assert!(r.years_verified.is_none());

    let e = trust
        .verify_xml_transcript(vec![old.clone()], at, vec!["x".into()], HashMap::new())
        .unwrap_err();
    assert!(matches!(e, HocbaError::Model { .. }), "{e:?}");
    assert_eq!(e.record(), None, "a lookup code is no record");
    // An unreadable record is named by its index in the input, as Python's `.record` (the core's
    // `RecordError::index`); its variant and code are the core's error's.
    for (records, index) in [
        (vec![old.clone(), b"\xff".to_vec()], 1),
        (vec![b"<HOC_BA".to_vec(), old.clone()], 0),
        (vec![old.clone(), old.clone(), b"<HOC_BA".to_vec()], 2),
    ] {
        let e = trust
            .verify_xml_transcript(records, at, vec![], HashMap::new())
            .unwrap_err();
        assert!(!matches!(e, HocbaError::Internal { .. }), "{e:?}");
        assert_eq!(e.record(), Some(index), "{e:?}");
    }
    let e = trust
        .verify_xml_transcript(
            vec![old.clone(), b"<HOC_BA".to_vec()],
            at,
            vec![],
            HashMap::new(),
        )
        .unwrap_err();
    let core =
        hocba_core::xmldsig::UnverifiedXmlYears::from_records(vec![old, b"<HOC_BA".to_vec()])
            .unwrap_err();
    assert_eq!((e.code(), e.record()), (core.error.code(), Some(1)));
    assert_eq!(e, HocbaError::from(core));
    assert_eq!(
        e.code(),
        "xml_malformed",
        "as Python's test_roles_policy_and_errors"
    );
}

/// The signed-XML surface returns typed errors for hostile input, never `Internal`: every
/// truncation of a signed record, garbage pending files, a chain that is not a certificate.
#[test]
fn signed_xml_functions_return_typed_errors_on_hostile_input() {
    use std::time::{Duration, UNIX_EPOCH};

    use crate::{SignerRole, TrustStore, VerificationStatus, XmlToBeSigned};
    let vectors = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/vectors");
    let read = |rel: &str| std::fs::read(vectors.join(rel)).unwrap();
    let at = UNIX_EPOCH + Duration::from_secs(1_781_481_600); // 2026-06-15T00:00:00Z
    let trust = TrustStore::new(vec![read("pki/roots.pem")], vec![], None, None).unwrap();
    let signed = read("signed_xml/valid_rs256.xml");
    let report = trust.verify_xml(signed.clone(), at).unwrap();
    assert_eq!(
        report.status,
        VerificationStatus::Valid,
        "{}",
        report.summary_en
    );
    assert!(report.record.is_some());
    for n in (0..signed.len()).step_by(97) {
        match trust.verify_xml(signed[..n].to_vec(), at) {
            Ok(r) => assert_eq!(r.status, VerificationStatus::Invalid, "truncated at {n}"),
            Err(e) => assert!(!matches!(e, HocbaError::Internal { .. }), "{e:?}"),
        }
    }
    let e = XmlToBeSigned::from_file_bytes(b"\xff{".to_vec())
        .err()
        .unwrap();
    assert_eq!(e.code(), "xmldsig_pending_malformed");
    let e = XmlToBeSigned::prepare(
        read("signed_xml/unsigned.xml"),
        SignerRole::HomeroomTeacher,
        vec![b"not a certificate".to_vec()],
        Some("RS256".into()),
        at,
        vec![],
    )
    .err()
    .unwrap();
    assert!(!matches!(e, HocbaError::Internal { .. }), "{e:?}");
    let e = XmlToBeSigned::prepare(
        signed,
        SignerRole::Principal,
        vec![read("pki/chains/principal-rsa.pem")],
        Some("RS256".into()),
        at,
        vec![],
    )
    .err()
    .unwrap();
    assert_eq!(e.code(), "role_out_of_order");
    assert!(matches!(e, HocbaError::Envelope { .. }));
}

/// The time a signer's chain was judged at crosses the boundary as the core says it (ADR 0160).
#[test]
fn a_signer_report_says_which_time_was_used() {
    use hocba_core::envelope::{Algorithm, SignerReport};
    use hocba_core::timestamp::TimestampInfo;
    use hocba_core::{SignerRole, UnixTime};
    let claimed = SignerReport {
        position: 0,
        role: SignerRole::HomeroomTeacher,
        capacity: None,
        algorithm: Algorithm::Es256,
        signing_time: UnixTime::from_secs(1_768_435_200),
        certificate: None,
        outcome: Ok(()),
        revoked_later: None,
        timestamp: None,
    };
    let r = crate::verify::signer_report(&claimed, hocba_core::envelope::RecordFormat::Cose);
    assert_eq!(
        (r.time_source.as_str(), r.timestamp_time, r.timestamp_tsa),
        ("claimed", None, None)
    );
    assert_eq!(r.judged_at, r.signing_time);
    let stamped = SignerReport {
        timestamp: Some(TimestampInfo {
            time: UnixTime::from_secs(1_768_435_800),
            tsa_name: "Hocba Test TSA".into(),
            tsa_root: "Hocba Test Root TSA".into(),
            serial_hex: "0123".into(),
            policy: "1.3.6.1.4.1.99999.1".into(),
        }),
        ..claimed
    };
    let r = crate::verify::signer_report(&stamped, hocba_core::envelope::RecordFormat::Cose);
    assert_eq!(r.time_source, "timestamp");
    assert_eq!(r.judged_at, r.timestamp_time.unwrap());
    assert_eq!(
        r.timestamp_time,
        Some(std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_768_435_800))
    );
    assert_eq!(r.timestamp_tsa.as_deref(), Some("Hocba Test TSA"));
}

/// A national XML's seal signature and a PDF signature time-stamped through the FFI by a
/// local TSA: with the TSA root in `tsa_roots`, each report says the chain was judged at the
/// token's time (ADR 0160); without it, the token is refused, never ignored.
#[test]
fn time_stamps_made_through_the_ffi_are_judged_at_the_token_time() {
    use std::time::{Duration, SystemTime};

    use crate::{SignerRole, SigningKey, TrustStore, VerificationStatus};
    let pki = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/vectors/pki");
    let Some(tsa) = hocba_core::testpki::OpensslTsa::new("ffi-judged", &pki) else {
        return;
    };
    let vectors = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/vectors");
    let read = |rel: &str| std::fs::read(vectors.join(rel)).unwrap();
    // openssl stamps the wall clock: verify a minute after it.
    let now = SystemTime::now();
    let later = now + Duration::from_secs(60);
    let with_tsa = TrustStore::new(
        vec![read("pki/roots.pem")],
        vec![],
        None,
        Some(vec![read("pki/tsa-roots.pem")]),
    )
    .unwrap();
    assert_eq!(with_tsa.tsa_root_count(), 1);
    let without_tsa = TrustStore::new(vec![read("pki/roots.pem")], vec![], None, None).unwrap();

    // The national XML: the seal's signature, the last one.
    let xml = read("signed_xml/valid_rs256.xml");
    let req = crate::timestamp_request_xml(xml.clone(), SignerRole::SchoolSeal, None).unwrap();
    let stamped = crate::attach_timestamp_xml(
        xml.clone(),
        SignerRole::SchoolSeal,
        tsa.reply(&req),
        Some(req.clone()),
    )
    .unwrap();
    let r = with_tsa.verify_xml(stamped.clone(), later).unwrap();
    assert_eq!(r.status, VerificationStatus::Valid, "{}", r.summary_en);
    let seal = &r.signers[2];
    assert_eq!(seal.time_source, "timestamp");
    assert_eq!(Some(seal.judged_at), seal.timestamp_time);
    assert_eq!(seal.timestamp_tsa.as_deref(), Some("Hocba Test TSA"));
    assert_eq!(r.signers[0].time_source, "claimed");
    assert_eq!(r.signers[0].judged_at, r.signers[0].signing_time);
    let r = without_tsa.verify_xml(stamped, later).unwrap();
    assert_eq!(r.error.as_deref(), Some("timestamp_tsa_untrusted"));
    // A signature the next role has covered cannot be stamped any more.
    let e = crate::timestamp_request_xml(xml, SignerRole::Principal, None).unwrap_err();
    assert_eq!(e.code(), "xmldsig_prepare");

    // A PDF: the rendered record, sealed, then stamped (B-T).
    let pdf = with_tsa
        .render_signed_year_pdf(read("verify/valid_ed25519.cose"), later)
        .unwrap();
    let key = SigningKey::from_pkcs8(read("pki/keys/seal-rsa-gov.pk8"), None).unwrap();
    let signed = crate::sign_pdf(pdf, key, vec![read("pki/chains/seal-rsa-gov.pem")], now).unwrap();
    let req = crate::timestamp_request_pdf(signed.clone(), Some(vec![0x0a, 0x0b])).unwrap();
    // The answer to another request (another nonce) is refused.
    let other = crate::timestamp_request_pdf(signed.clone(), Some(vec![0x0c])).unwrap();
    let e = crate::attach_timestamp_pdf(signed.clone(), tsa.reply(&other), Some(req.clone()))
        .unwrap_err();
    // A PDF signature's time-stamp failures have one code (`pades_timestamp`); the message
    // says which check.
    assert_eq!(e.code(), "pades_timestamp");
    assert!(e.to_string().contains("nonce"), "{e}");
    let stamped = crate::attach_timestamp_pdf(signed.clone(), tsa.reply(&req), Some(req)).unwrap();
    assert_eq!(stamped.len(), signed.len());
    let r = with_tsa.verify_pdf(signed, later).unwrap();
    let s = &r.pades.as_ref().unwrap()[0];
    assert_eq!(
        (s.time_source.as_str(), s.timestamp_time, s.judged_at),
        ("claimed", None, s.signing_time)
    );
    let r = with_tsa.verify_pdf(stamped.clone(), later).unwrap();
    assert!(r.valid, "{:?}", r.error);
    let s = &r.pades.as_ref().unwrap()[0];
    assert_eq!(s.time_source, "timestamp");
    assert_eq!(Some(s.judged_at), s.timestamp_time);
    assert_eq!(s.timestamp_tsa.as_deref(), Some("Hocba Test TSA"));
    let stamp = s.timestamp_time.unwrap();
    assert!(stamp >= now - Duration::from_secs(5) && stamp <= later);
    let r = without_tsa.verify_pdf(stamped, later).unwrap();
    assert!(!r.valid);
    assert_eq!(r.error.as_deref(), Some("pades_timestamp"));
}

/// ADR 0260: the Kotlin/Swift report of a national XML maps the core's one shape — `format`,
/// `required_roles`, `missing_slots`, each signer's `slot`, and the text as `summary_*` — with
/// the values of the core's JSON (the CLI's `--json verify`), whichever call verified it.
#[test]
fn the_report_of_a_national_xml_is_the_cores_shape() {
    use std::time::{Duration, UNIX_EPOCH};

    use crate::TrustStore;
    let vectors = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/vectors");
    let read = |rel: &str| std::fs::read(vectors.join(rel)).unwrap();
    let at = UNIX_EPOCH + Duration::from_secs(1_781_481_600); // 2026-06-15T00:00:00Z
    let roots = read("pki/roots.pem");
    let trust = TrustStore::new(vec![roots.clone()], vec![], None, None).unwrap();
    let xml = read("signed_xml/incomplete_awaiting_seal.xml");
    let mut core_trust = hocba_core::TrustStore::new();
    core_trust.add_roots_pem(&roots).unwrap();
    let core = hocba_core::xmldsig::verify_year_record(
        &xml,
        &hocba_core::envelope::Verifier::new(&core_trust, crate::verify::to_unix_time(at)),
        &crate::verify::tt27(),
    )
    .unwrap();
    let want = core.report().to_json(hocba_core::Lang::En);
    assert_eq!(want["missing_slots"], serde_json::json!(["KY_PHAT_HANH"]));
    let reports = [
        trust.verify_xml(xml.clone(), at).unwrap(),
        trust.verify(xml.clone(), at).unwrap(),
        trust.verify_many(vec![xml.clone()], at).unwrap().remove(0),
    ];
    for r in reports {
        assert_eq!(serde_json::json!(r.format), want["format"]);
        assert_eq!(serde_json::json!(r.required_roles), want["required_roles"]);
        assert_eq!(serde_json::json!(r.missing_slots), want["missing_slots"]);
        let slots: Vec<_> = r.signers.iter().map(|s| s.slot.clone()).collect();
        let want_slots: Vec<_> = want["signers"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["slot"].as_str().map(str::to_owned))
            .collect();
        assert_eq!(slots, want_slots);
        assert_eq!(r.summary_en, core.report().to_text(hocba_core::Lang::En));
        assert!(
            r.summary_en
                .contains("Not yet signed: KY_PHAT_HANH (School seal)"),
            "{}",
            r.summary_en
        );
    }
}
