//! The strict transcript decoder. Oracle: it never panics, and whatever it accepts is
//! canonical — re-encoding the decoded transcript gives back exactly the input bytes.
#![no_main]

use hocba_core::canonical::{decode_transcript, encode_transcript};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(transcript) = decode_transcript(data) {
        assert_eq!(encode_transcript(&transcript), data, "accepted bytes are not canonical");
    }
});
