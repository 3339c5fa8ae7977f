//! The transcript container (a pupil's signed year records). Oracle: no panic; verification
//! against the test PKI runs to a report on anything that reads.
#![no_main]

use std::sync::OnceLock;

use hocba_core::envelope::transcript::UnverifiedTranscript;
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
    let Ok(transcript) = UnverifiedTranscript::from_bytes(data) else {
        return;
    };
    let n = transcript.records().len();
    assert!(n > 0 || data.len() < 16);
    let _ = transcript.verify(trust(), UnixTime::from_secs(1_811_808_000));
});
