//! Certificate handling in the trust store: the input is read as a chain of DER
//! certificates laid end to end (each one a SEQUENCE; a `.der` file is a chain of one), then
//! validated for every role at two signing times; the same bytes are offered as a root, a
//! CRL and PEM, and read as a signer key. Oracle: no panic; a chain that validates has a
//! validity window that contains the signing time; error codes are non-empty.
#![no_main]

use std::sync::OnceLock;

use hocba_core::envelope::PublicKey;
use hocba_core::{SignerRole, TrustStore, UnixTime};
use libfuzzer_sys::fuzz_target;

fn trust() -> &'static TrustStore {
    static TRUST: OnceLock<TrustStore> = OnceLock::new();
    TRUST.get_or_init(|| {
        let mut t = TrustStore::new();
        t.add_roots_pem(include_bytes!("../../tests/vectors/pki/roots.pem"))
            .expect("test roots");
        t.add_crl_der(include_bytes!("../../tests/vectors/pki/crl/gov-ca.crl"))
            .expect("test CRL");
        t
    })
}

/// Splits `data` into DER items by their outer headers (at most 6); the rest is dropped.
fn split(mut data: &[u8]) -> Vec<&[u8]> {
    let mut out = Vec::new();
    while data.len() >= 2 && out.len() < 6 {
        let (len, head) = match data[1] {
            l @ 0..=0x7f => (l as usize, 2),
            0x81 if data.len() >= 3 => (data[2] as usize, 3),
            0x82 if data.len() >= 4 => (u16::from_be_bytes([data[2], data[3]]) as usize, 4),
            _ => break,
        };
        let end = (head + len).min(data.len());
        out.push(&data[..end]);
        data = &data[end..];
    }
    out
}

fuzz_target!(|data: &[u8]| {
    let chain = split(data);
    let at = UnixTime::from_secs(1_811_808_000);
    for role in [SignerRole::HomeroomTeacher, SignerRole::Principal, SignerRole::SchoolSeal] {
        for t in [1_780_272_000, 1_000_000_000] {
            let signing = UnixTime::from_secs(t);
            match trust().validate(&chain, role, signing, at) {
                Ok(info) => {
                    assert!(info.valid_from <= signing && signing <= info.valid_until);
                }
                Err(e) => assert!(!e.code().is_empty()),
            }
        }
    }
    if let Some(first) = chain.first() {
        let _ = PublicKey::from_certificate_der(first);
    }
    let mut store = TrustStore::new();
    let _ = store.add_root_der(data);
    let _ = store.add_crl_der(data);
    let _ = store.add_roots_pem(data);
    let _ = store.add_crls_pem(data);
});
