//! Round-trip properties of the canonical encoding over generated records.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use hocba_core::canonical::{
    Limits, check_profile, decode_transcript, decode_year_record, encode_transcript,
    encode_year_record,
};
use hocba_core::model::{to_json_pretty, transcript_from_json, year_record_from_json};
use hocba_tests::strategies;
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn year_record_round_trips(r in strategies::year_record()) {
        let bytes = encode_year_record(&r);
        prop_assert!(check_profile(&bytes, &Limits::HOCBA).is_ok());
        let back = decode_year_record(&bytes).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(&back, &r);
        // Encoding is stable: the same value gives the same bytes.
        prop_assert_eq!(encode_year_record(&back), bytes);
    }

    #[test]
    fn year_record_json_round_trips(r in strategies::year_record()) {
        let json = to_json_pretty(&r);
        let back = year_record_from_json(&json).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(encode_year_record(&back), encode_year_record(&r));
        prop_assert_eq!(back, r);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(40))]

    #[test]
    fn transcript_round_trips(t in strategies::transcript()) {
        let bytes = encode_transcript(&t);
        prop_assert!(check_profile(&bytes, &Limits::HOCBA).is_ok());
        let back = decode_transcript(&bytes).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(&back, &t);
        prop_assert_eq!(encode_transcript(&back), bytes.clone());
        let json = to_json_pretty(&t);
        let from_json = transcript_from_json(&json).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(encode_transcript(&from_json), bytes);
    }

    /// Any single-byte change to a valid record is either rejected with a code or decodes
    /// to a record that re-encodes to exactly the changed bytes (never a silent change).
    #[test]
    fn one_byte_mutations_never_change_meaning_silently(
        r in strategies::year_record(), at in any::<prop::sample::Index>(), byte in any::<u8>()
    ) {
        let mut bytes = encode_year_record(&r);
        let i = at.index(bytes.len());
        bytes[i] = byte;
        if let Ok(back) = decode_year_record(&bytes) {
            prop_assert_eq!(encode_year_record(&back), bytes);
        }
    }
}
