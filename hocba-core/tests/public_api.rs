//! hocba's public API names no type or trait of the cryptographic crates it uses (issue 14
//! item 17), so that a release of `rsa`, `ed25519-dalek`, `p256`, `p384` or `rand_core` is not
//! a breaking change of hocba: a caller signs with its own source of randomness through
//! hocba's [`Randomness`], and reads a key's kind through [`PublicKey::kind`].

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic

use std::path::Path;

use hocba_core::envelope::{KeyKind, PublicKey, Randomness, RandomnessFailed, SigningKey};

/// A caller's own randomness: hocba's trait, no `rand_core` implementation needed.
struct Counter(u8);

impl Randomness for Counter {
    fn fill(&mut self, dst: &mut [u8]) -> Result<(), RandomnessFailed> {
        for b in dst {
            self.0 = self.0.wrapping_add(1);
            *b = self.0;
        }
        Ok(())
    }
}

/// A source that always fails.
struct Broken;

impl Randomness for Broken {
    fn fill(&mut self, _: &mut [u8]) -> Result<(), RandomnessFailed> {
        Err(RandomnessFailed)
    }
}

fn vectors() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/vectors/pki"))
}

#[test]
fn a_callers_randomness_salts_a_ps256_signature_and_its_failure_is_a_signing_error() {
    let der = std::fs::read(vectors().join("keys/gvcn-rsa.pk8")).expect("test key");
    let key = SigningKey::from_pkcs8_der(&der, None).expect("RSA key");
    let public = key.public_key();
    assert_eq!(public.kind(), KeyKind::Rsa { bits: 2048 });
    assert_eq!(public.signature_len(), 256);
    let sig = key.sign(b"message", &mut Counter(0)).expect("signed");
    public
        .verify(key.algorithm(), b"message", &sig)
        .expect("PS256 verifies");
    let err = key.sign(b"message", &mut Broken).unwrap_err();
    assert_eq!(err.code(), "signing_failed");
}

#[test]
fn deterministic_keys_never_draw_randomness() {
    let der = std::fs::read(vectors().join("keys/gvcn-ed25519.pk8")).expect("test key");
    let key = SigningKey::from_pkcs8_der(&der, None).expect("Ed25519 key");
    assert_eq!(key.public_key().kind(), KeyKind::Ed25519);
    let sig = key
        .sign(b"message", &mut Broken)
        .expect("Ed25519 needs no randomness");
    key.public_key()
        .verify(key.algorithm(), b"message", &sig)
        .expect("verifies");
    let _: fn(&[u8]) -> Result<PublicKey, _> = PublicKey::from_spki_der;
}

/// The crates whose types must not appear in a public item's signature or a public type's
/// fields and variants.
const FOREIGN: &[&str] = &[
    "rsa::",
    "ed25519_dalek::",
    "p256::",
    "p384::",
    "rand_core",
    "ring::",
    "ecdsa::",
];

/// Scans the library's source for public items (and the fields and variants of public types)
/// that name a cryptographic crate's type. A line-level scan: `pub(crate)` and private items,
/// comments and function bodies are not public API and are skipped.
#[test]
fn no_public_item_names_a_cryptographic_crates_type() {
    let src = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/src"));
    let mut found = Vec::new();
    let mut files = vec![src.to_path_buf()];
    while let Some(path) = files.pop() {
        if path.is_dir() {
            for entry in std::fs::read_dir(&path).expect("source dir") {
                files.push(entry.expect("entry").path());
            }
            continue;
        }
        if path.extension().is_none_or(|e| e != "rs") || path.ends_with("tests.rs") {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("source");
        // Inside a `pub struct`/`pub enum` body: (its indentation).
        let mut in_type: Option<usize> = None;
        // Inside a public fn's signature (until its body's `{` or `;`).
        let mut in_signature = false;
        for (n, line) in text.lines().enumerate() {
            let trimmed = line.trim_start();
            if trimmed.starts_with("//") {
                continue;
            }
            let indent = line.len() - trimmed.len();
            if let Some(i) = in_type {
                if indent == i && trimmed.starts_with('}') {
                    in_type = None;
                } else if !trimmed.starts_with("pub(") && FOREIGN.iter().any(|f| line.contains(f)) {
                    found.push(format!("{}:{}: {}", path.display(), n + 1, trimmed));
                }
                continue;
            }
            let public = trimmed.starts_with("pub ");
            if public && (trimmed.starts_with("pub struct ") || trimmed.starts_with("pub enum ")) {
                if trimmed.ends_with('{') {
                    in_type = Some(indent);
                }
                if trimmed.contains('(') && FOREIGN.iter().any(|f| line.contains(f)) {
                    found.push(format!("{}:{}: {}", path.display(), n + 1, trimmed));
                }
                continue;
            }
            if public && (trimmed.starts_with("pub fn ") || trimmed.starts_with("pub type ")) {
                in_signature = true;
            }
            if in_signature {
                if FOREIGN.iter().any(|f| line.contains(f)) {
                    found.push(format!("{}:{}: {}", path.display(), n + 1, trimmed));
                }
                if trimmed.ends_with('{') || trimmed.ends_with(';') {
                    in_signature = false;
                }
            }
        }
    }
    assert!(
        found.is_empty(),
        "public items name a cryptographic crate's type:\n{}",
        found.join("\n")
    );
}
