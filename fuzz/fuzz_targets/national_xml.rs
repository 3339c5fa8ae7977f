//! `moet::from_xml`: the strict national-XML reader (CV 2088). Oracle: no panic; an accepted
//! document's record writes XML that reads back to the same record and writes the same bytes.
#![no_main]

use hocba_core::moet::{self, Profile};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let p = Profile::default();
    let Ok(record) = moet::from_xml(data, &p) else {
        return;
    };
    let xml = moet::to_xml(&record, &p);
    let back = moet::from_xml(&xml, &p).expect("our own XML reads back");
    assert_eq!(back, record, "XML round trip changed the record");
    assert_eq!(moet::to_xml(&back, &p), xml, "the writer is not deterministic");
});
