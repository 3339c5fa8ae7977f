//! Cross-crate tests of hocba and the shared test vectors every binding runs.
//!
//! - [`vectors`]: the manifest (`tests/vectors/manifest.json`), its cases and the runner
//!   that dispatches each case on its `kind`;
//! - [`kinds`]: one module per kind of vector, each generating its files and running its
//!   cases (add a kind: a file in `src/kinds/` and one line in [`kinds::KINDS`]);
//! - [`strategies`]: proptest strategies for the whole model;
//! - [`samples`]: hand-built synthetic records;
//! - [`pki`]: the deterministic test PKI (`tests/vectors/pki/`).
//!
//! This crate is test support: a failing `expect` here is a failing test, so the
//! workspace's `unwrap_used`/`expect_used` lints are allowed.
#![allow(clippy::unwrap_used, clippy::expect_used)]

pub mod kinds;
pub use hocba_core::testpki as pki;
pub mod samples;
pub mod strategies;
pub mod vectors;
