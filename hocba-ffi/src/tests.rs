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
    assert_eq!(r.pupil.residence.province.code.as_deref(), Some("48"));
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
        let Err(e) = crate::TrustStore::new(vec![bad.to_vec()], vec![]) else {
            panic!("accepted a broken anchor");
        };
        assert!(matches!(e, HocbaError::Trust { .. }), "{e:?}");
        assert_eq!(e.code(), code);
    }
}
