//! `gen-pki`: write (or, with `--check`, compare) the deterministic test PKI under
//! `tests/vectors/pki/`. The generator itself is `tests/src/pki.rs`.
//!
//! Usage: `gen-pki [--check] [OUT_DIR]` (default `tests/vectors/pki` relative to the workspace).

#[path = "../../../tests/src/pki.rs"]
#[allow(dead_code)]
mod pki;

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let mut check = false;
    let mut out = PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/vectors/pki"
    ));
    for arg in std::env::args().skip(1) {
        match arg.as_str() {
            "--check" => check = true,
            "-h" | "--help" => {
                println!("gen-pki [--check] [OUT_DIR]");
                return ExitCode::SUCCESS;
            }
            dir => out = PathBuf::from(dir),
        }
    }
    let files = pki::generate();
    let mut drift = 0;
    for (rel, bytes) in &files {
        let path = out.join(rel);
        if check {
            if std::fs::read(&path).ok().as_deref() != Some(bytes.as_slice()) {
                eprintln!("drift: {}", path.display());
                drift += 1;
            }
        } else {
            if let Some(dir) = path.parent()
                && let Err(e) = std::fs::create_dir_all(dir)
            {
                eprintln!("cannot create {}: {e}", dir.display());
                return ExitCode::from(2);
            }
            if let Err(e) = std::fs::write(&path, bytes) {
                eprintln!("cannot write {}: {e}", path.display());
                return ExitCode::from(2);
            }
        }
    }
    if drift > 0 {
        eprintln!(
            "{drift} file(s) differ from the generator: run `cargo run -p hocba-gen-pki --bin gen-pki`"
        );
        return ExitCode::FAILURE;
    }
    println!(
        "{} {} files in {}",
        if check { "checked" } else { "wrote" },
        files.len(),
        out.display()
    );
    ExitCode::SUCCESS
}
