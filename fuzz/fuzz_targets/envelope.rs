//! The COSE_Sign envelope reader and the verifier behind it. Oracle: no panic; a record that
//! reads re-encodes to exactly its bytes (it is kept byte for byte); verification against the
//! test PKI gives a report whose status agrees with its error code, whatever the bytes.
#![no_main]

use std::sync::OnceLock;

use hocba_core::envelope::{Envelope, Status, UnverifiedRecord};
use hocba_core::{TrustStore, UnixTime};
use libfuzzer_sys::fuzz_target;

fn trust() -> &'static TrustStore {
    static TRUST: OnceLock<TrustStore> = OnceLock::new();
    TRUST.get_or_init(|| {
        let mut t = TrustStore::new();
        t.add_roots_pem(include_bytes!("../../tests/vectors/pki/roots.pem"))
            .expect("test roots");
        t
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(record) = UnverifiedRecord::from_bytes(data) else {
        return;
    };
    let again = Envelope::from(record.clone()).to_bytes();
    assert_eq!(again.as_deref().ok(), Some(data), "a signed record did not survive re-encoding");
    let report = record.verify(trust(), UnixTime::from_secs(1_811_808_000)).into_parts().0;
    assert_eq!(report.status == Status::Valid, report.error.is_none());
});
