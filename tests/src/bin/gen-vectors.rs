//! Writes the shared test vectors: `cargo run -p hocba-tests --bin gen-vectors [DIR]`.
//!
//! DIR defaults to `tests/vectors/`; it is emptied and rewritten, deterministically.
//! `scripts/check-vectors.sh` regenerates into a temporary directory and fails on any
//! difference with the committed tree.

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let dir = std::env::args_os()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(hocba_tests::vectors::vectors_dir);
    match hocba_tests::vectors::generate(&dir) {
        Ok(m) => {
            println!("{} cases written to {}", m.cases.len(), dir.display());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("gen-vectors: {e}");
            ExitCode::FAILURE
        }
    }
}
