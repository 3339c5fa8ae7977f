//! Bulk verification (`hocba_core::bulk::verify_stream`) gives, for every `verify` case of the
//! manifest that is a year record, exactly the report of single verification — with all the
//! cases sharing one verifier (and its certificate cache) per trust store and time, on several
//! threads, with and without Ed25519 batches.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;

use hocba_core::UnixTime;
use hocba_core::bulk::{BulkOptions, Outcome, verify_stream};
use hocba_core::envelope::{UnverifiedRecord, VerificationReport, Verifier};
use hocba_tests::kinds::verify::trust_store;
use hocba_tests::vectors::{Case, load, read, vectors_dir};

type Got = Result<VerificationReport, String>;

fn single(bytes: &[u8], trust: &hocba_core::TrustStore, at: UnixTime) -> Got {
    let record = UnverifiedRecord::from_bytes(bytes).map_err(|e| e.code().to_owned())?;
    Ok(record.verify(trust, at).into_parts().0)
}

fn code(got: &Got) -> String {
    match got {
        Ok(r) => r.error.unwrap_or("valid").to_owned(),
        Err(c) => c.clone(),
    }
}

#[test]
fn bulk_equals_single_on_every_manifest_verify_case() {
    let root = vectors_dir();
    if !root.join("manifest.json").exists() {
        eprintln!("skipped: no {}", root.join("manifest.json").display());
        return;
    }
    let manifest = load(&root).unwrap();
    let cases: Vec<&Case> = manifest
        .cases
        .iter()
        .filter(|c| c.kind == "verify")
        .filter(|c| c.extra.get("type").and_then(|t| t.as_str()) != Some("transcript"))
        .collect();
    assert!(cases.len() >= 10, "only {} verify cases", cases.len());
    // One verifier per (trust store, time): the cases share its caches, as records do in bulk.
    let mut groups: BTreeMap<(String, String, String), Vec<&Case>> = BTreeMap::new();
    for c in &cases {
        let key = (
            c.extra
                .get("trust")
                .map(ToString::to_string)
                .unwrap_or_default(),
            c.extra
                .get("crls")
                .map(ToString::to_string)
                .unwrap_or_default(),
            c.field("at").unwrap().to_owned(),
        );
        groups.entry(key).or_default().push(c);
    }
    let mut checked = 0;
    for group in groups.values() {
        let trust = trust_store(&root, group[0]).unwrap();
        let at = UnixTime::parse_rfc3339(group[0].field("at").unwrap()).unwrap();
        let inputs: Vec<(String, Vec<u8>)> = group
            .iter()
            .map(|c| (c.id.clone(), read(&root, &c.input).unwrap()))
            .collect();
        let expected: Vec<(String, Got)> = inputs
            .iter()
            .map(|(id, b)| (id.clone(), single(b, &trust, at)))
            .collect();
        // The single way agrees with the manifest (so the comparison below is meaningful).
        for ((_, got), case) in expected.iter().zip(group) {
            let want = if case.expect.ok {
                "valid".to_owned()
            } else {
                case.expect.error.clone().unwrap_or_default()
            };
            assert_eq!(code(got), want, "{}", case.id);
        }
        for (threads, chunk, batch) in [(2, 64, true), (3, 2, true), (2, 3, false)] {
            let verifier = Verifier::new(&trust, at);
            let options = BulkOptions::new(threads)
                .with_chunk(chunk)
                .with_ed25519_batch(batch);
            let mut got: Vec<(String, Got)> = Vec::new();
            let stream = inputs
                .iter()
                .map(|(id, b)| (id.clone(), Ok::<_, ()>(b.clone())));
            verify_stream(&verifier, &options, stream, |id, outcome| {
                got.push((
                    id,
                    match outcome {
                        Outcome::Checked(v) => Ok(v.into_parts().0),
                        Outcome::Unreadable(e) => Err(e.code().to_owned()),
                        Outcome::Input(()) => Err("input_error".to_owned()),
                    },
                ))
            });
            assert_eq!(
                got, expected,
                "threads {threads}, chunk {chunk}, batch {batch}"
            );
        }
        checked += inputs.len();
    }
    assert_eq!(checked, cases.len());
}
