//! `hocba render` end to end.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a failed test may panic

use std::path::{Path, PathBuf};
use std::process::Command;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn tmp(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("hocba-cli-render-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    d
}

#[test]
fn render_writes_a_deterministic_pdf_of_a_transcript_and_of_a_record() {
    let d = tmp("render");
    for (input, out) in [
        ("docs/examples/transcript.json", "t"),
        ("docs/examples/year-record.json", "y"),
    ] {
        let mut pdfs = Vec::new();
        for i in 0..2 {
            let path = d.join(format!("{out}{i}.pdf"));
            let o = Command::new(env!("CARGO_BIN_EXE_hocba"))
                .args(["--json", "render"])
                .arg(repo().join(input))
                .arg("-o")
                .arg(&path)
                .output()
                .unwrap();
            assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
            let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
            assert_eq!(v["ok"], true);
            assert_eq!(v["signed"], false);
            pdfs.push(std::fs::read(&path).unwrap());
        }
        assert!(pdfs[0].starts_with(b"%PDF-"));
        assert_eq!(pdfs[0], pdfs[1]);
    }
    let _ = std::fs::remove_dir_all(&d);
}

#[test]
fn render_of_unreadable_input_exits_2() {
    let d = tmp("bad");
    let bad = d.join("bad.json");
    std::fs::write(&bad, b"{ not json").unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_hocba"))
        .args(["render"])
        .arg(&bad)
        .arg("-o")
        .arg(d.join("x.pdf"))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(!d.join("x.pdf").exists());
    let _ = std::fs::remove_dir_all(&d);
}
