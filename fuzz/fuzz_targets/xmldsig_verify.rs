//! The national XML signature reader and verifier (`hocba_core::xmldsig`). Oracle: no panic;
//! verification against the test PKI gives a report whose status agrees with its error code;
//! the canonicalizer is idempotent — the exclusive canonical form of any DTD-free document,
//! parsed again and canonicalized, gives the same bytes; and every subtree copied from its text
//! (`as_written`, ADR 0115 and 0116) is byte for byte its rendering from the tree, under both
//! methods.
#![no_main]

use std::sync::OnceLock;

use hocba_core::envelope::Status;
use hocba_core::xmldsig::{C14nMethod, UnverifiedXml, as_written, canonicalize, canonicalize_tree};
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
    if let Ok(u) = UnverifiedXml::from_bytes(data) {
        let report = u.verify(trust(), UnixTime::from_secs(1_780_444_800)).into_parts().0;
        assert_eq!(report.status == Status::Valid, report.error.is_none());
    }
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(doc) = roxmltree::Document::parse(text) else {
        return;
    };
    // roxmltree takes `<?xml>` followed by no space inside a document as a processing
    // instruction named `xml`, which XML 1.0 §2.6 reserves (a document with one is not
    // well-formed); written back with the space C14N puts after a target it is an XML
    // declaration out of place. Such input has no canonical form to be idempotent on; hocba's
    // strict front refuses every processing instruction anyway
    // (regression: fuzz/regressions/xmldsig_verify/pi-named-xml-without-space).
    let reserved_pi = doc
        .descendants()
        .any(|n| n.pi().is_some_and(|pi| pi.target.eq_ignore_ascii_case("xml")));
    for method in [C14nMethod::Exclusive, C14nMethod::Inclusive] {
        if reserved_pi {
            break;
        }
        let mut once = Vec::new();
        canonicalize(doc.root_element(), method, &mut once);
        let again_text = std::str::from_utf8(&once).expect("canonical form is UTF-8");
        let again = roxmltree::Document::parse(again_text).expect("canonical form parses");
        let mut twice = Vec::new();
        canonicalize(again.root_element(), method, &mut twice);
        assert_eq!(once, twice, "canonicalization is not idempotent");
    }
    for node in doc.descendants().filter(|n| n.is_element()).take(256) {
        let Some(copy) = as_written(node) else {
            continue;
        };
        let mut copied = Vec::new();
        copy.write(&mut copied);
        for method in [C14nMethod::Exclusive, C14nMethod::Inclusive] {
            let mut tree = Vec::new();
            canonicalize_tree(node, method, &mut tree);
            assert_eq!(copied, tree, "the copy differs from the tree ({method:?})");
        }
    }
});
