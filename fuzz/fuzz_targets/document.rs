//! `Document::decode`: JSON or CBOR, record or transcript. Oracle: no panic; an accepted
//! document survives CBOR and JSON round trips unchanged, and accepted CBOR is canonical.
#![no_main]

use hocba_core::{Document, Encoding};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok((doc, encoding)) = Document::decode(data) else {
        return;
    };
    let cbor = doc.to_cbor();
    if encoding == Encoding::Cbor {
        assert_eq!(cbor, data, "accepted CBOR is not canonical");
    }
    let again = Document::from_cbor(&cbor).expect("our own CBOR decodes");
    assert_eq!(again, doc, "CBOR round trip changed the document");
    let json = doc.to_json();
    let (from_json, enc) = Document::decode(json.as_bytes()).expect("our own JSON decodes");
    assert_eq!(enc, Encoding::Json);
    assert_eq!(from_json, doc, "JSON round trip changed the document");
});
