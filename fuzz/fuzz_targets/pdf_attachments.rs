//! Reading the embedded files of a hocba PDF (`render::extract_attachments`, the first step of
//! `hocba verify FILE.pdf`). Oracle: no panic; the documented bounds hold (at most 64 files,
//! none over `MAX_ATTACHMENT_BYTES`); nothing is decompressed, so every attachment's bytes occur
//! verbatim in the input; `extract_signed` agrees with the list (exactly one `*.cose` or an
//! error), and a signed record found there goes through the strict envelope reader.
#![no_main]

use hocba_core::envelope::UnverifiedRecord;
use hocba_core::render::{MAX_ATTACHMENT_BYTES, RenderError, extract_attachments, extract_signed};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let attachments = match extract_attachments(data) {
        Ok(a) => a,
        Err(e) => {
            // Every failure has a message in both languages and no panic behind it.
            assert!(!e.to_string().is_empty());
            return;
        }
    };
    assert!(attachments.len() <= 64, "more embedded files than the bound");
    for a in &attachments {
        assert!(a.bytes.len() <= MAX_ATTACHMENT_BYTES, "an attachment over the bound");
        assert!(
            a.bytes.is_empty() || data.windows(a.bytes.len()).any(|w| w == a.bytes.as_slice()),
            "an attachment's bytes are not in the input"
        );
    }
    let cose: Vec<_> = attachments.iter().filter(|a| a.name.ends_with(".cose")).collect();
    match (extract_signed(data), cose.as_slice()) {
        (Ok(bytes), [one]) => {
            assert_eq!(bytes, one.bytes);
            let _ = UnverifiedRecord::from_bytes(&bytes);
        }
        (Err(RenderError::NoSignedRecord), []) => {}
        (Err(RenderError::SeveralSignedRecords(n)), many) => assert_eq!(n, many.len()),
        (other, _) => panic!("extract_signed disagrees with extract_attachments: {:?}", other.err()),
    }
});
