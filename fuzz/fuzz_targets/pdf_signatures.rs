//! Reading and checking the PAdES signatures of a PDF (`pades::verify`, the first step of
//! `hocba verify FILE.pdf` for a signed PDF). Oracle: no panic; every failure has a stable
//! `pades_` code and messages in both languages; a report has one signature per revision after
//! the first, its `original_len` lies inside the input, and `original_revision` agrees with it.
#![no_main]

use hocba_core::pades::{has_signature_revisions, original_revision, verify};
use hocba_core::trust::{TrustStore, UnixTime};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let trust = TrustStore::new();
    let at = UnixTime::from_secs(1_780_272_000);
    match verify(data, &trust, at) {
        Ok(report) => {
            assert!(!report.signatures.is_empty());
            assert!(report.original_len <= data.len());
            assert_eq!(original_revision(data).ok().map(<[u8]>::len), Some(report.original_len));
            assert_eq!(has_signature_revisions(data).ok(), Some(true));
            for s in &report.signatures {
                // No roots were given: no signature can be trusted.
                assert!(s.outcome.is_err());
                if let Err(e) = &s.outcome {
                    assert!(e.code().starts_with("pades_"));
                    assert!(!e.message_vi().is_empty());
                }
            }
        }
        Err(e) => {
            assert!(e.code().starts_with("pades_"));
            assert!(!e.to_string().is_empty() && !e.message_vi().is_empty());
        }
    }
});
