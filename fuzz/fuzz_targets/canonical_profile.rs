//! The raw profile check (under both limit sets) and the human views of bytes.
//! Oracle: no panic; the payload profile is stricter than the COSE one; every error code
//! is one of the catalogue's; whatever passes can be shown as diagnostic notation.
#![no_main]

use hocba_core::canonical::{
    DecodeErrorKind, Limits, annotated_hex, check_profile, diagnostic,
};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let hocba = check_profile(data, &Limits::HOCBA);
    let cose = check_profile(data, &Limits::COSE);
    if hocba.is_ok() {
        assert!(cose.is_ok(), "accepted by the payload profile but not by the COSE one");
    }
    for e in [&hocba, &cose].into_iter().filter_map(|r| r.as_ref().err()) {
        assert!(DecodeErrorKind::ALL_CODES.contains(&e.code()), "unknown code {}", e.code());
    }
    let _ = diagnostic(data);
    let _ = annotated_hex(data);
    if cose.is_ok() {
        assert!(diagnostic(data).is_ok(), "profile-valid bytes have no diagnostic notation");
    }
});
