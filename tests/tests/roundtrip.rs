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

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// The national XML (CV 2088, profile 2088/1.0): any record's XML reads back, the record
    /// read back writes the same bytes again (XML → model → XML is exact), and a second trip
    /// changes nothing (model → XML → model is exact for what the format carries). What the first
    /// trip dropped is exactly what `not_carried` names.
    #[test]
    fn year_record_xml_round_trips(r in strategies::year_record()) {
        use hocba_core::moet::{self, Profile};
        let p = Profile::default();
        let xml = moet::to_xml(&r, &p);
        let back = moet::from_xml(&xml, &p).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(moet::to_xml(&back, &p), xml.clone());
        let again = moet::from_xml(&moet::to_xml(&back, &p), &p)
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(&again, &back);
        prop_assert!(moet::not_carried(&back, &p).is_empty());
        prop_assert_eq!(moet::not_carried(&r, &p).is_empty(), back == r);
        // JSON of the carried record → model → XML gives the same bytes (`hocba convert`).
        let json = to_json_pretty(&back);
        let from_json = year_record_from_json(&json).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(moet::to_xml(&from_json, &p), xml);
    }
}
