//! The strict year-record decoder. Oracle: it never panics, and whatever it accepts is
//! canonical — re-encoding the decoded record gives back exactly the input bytes.
#![no_main]

use hocba_core::canonical::{decode_year_record, encode_year_record};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(record) = decode_year_record(data) {
        assert_eq!(encode_year_record(&record), data, "accepted bytes are not canonical");
    }
});
