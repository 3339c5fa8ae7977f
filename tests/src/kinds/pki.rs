//! Kind `pki`: the deterministic test PKI under `tests/vectors/pki/` (certificates, PKCS#8
//! keys, chains, CRLs, `index.json`, README), written by [`crate::pki::generate`]. It adds no
//! manifest case of its own: the certificates are exercised by the trust unit tests in
//! hocba-core and, through signed records, by the `verify` cases.

use std::io;
use std::path::Path;

use super::Kind;
use crate::vectors::{Case, Out};

/// The kind.
pub const KIND: Kind = Kind {
    name: "pki",
    generate,
    run,
};

fn generate(out: &mut Out) -> io::Result<()> {
    for (rel, bytes) in crate::pki::generate() {
        out.write(&format!("pki/{rel}"), &bytes)?;
    }
    Ok(())
}

fn run(_: &Path, case: &Case) -> Result<(), String> {
    Err(format!("{}: kind `pki` has no cases", case.id))
}
