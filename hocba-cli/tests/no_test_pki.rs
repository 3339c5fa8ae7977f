//! The published test PKI (`hocba_core::testpki`: test roots and their private keys) is not in
//! what ships: without the `demo` feature the `hocba` binary holds no test root and has no
//! `demo` command (issue 14, item 14; ADR 0095). `scripts/test.sh` runs this test on a build
//! without the feature: `cargo test -p hocba-cli --test no_test_pki` (a debug build keeps more
//! than a release build, so what it lacks the release lacks too).

#![allow(clippy::unwrap_used, clippy::expect_used)] // a failed test may panic

/// Bytes every certificate of the test PKI names (its organisation, `O=`).
const TEST_PKI_MARK: &[u8] = "Hocba Test PKI (không dùng thật)".as_bytes();

fn binary() -> Vec<u8> {
    std::fs::read(env!("CARGO_BIN_EXE_hocba")).expect("read the hocba binary")
}

fn holds(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

#[test]
#[cfg(not(feature = "demo"))]
fn the_binary_holds_no_test_root_and_no_demo() {
    assert!(
        !holds(&binary(), TEST_PKI_MARK),
        "the hocba binary holds the test PKI"
    );
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_hocba"))
        .args(["demo", "--out", "/nonexistent"])
        .output()
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(2),
        "`hocba demo` exists without the demo feature"
    );
}

/// With the feature the mark is found: the check above can fail.
#[test]
#[cfg(feature = "demo")]
fn the_demo_build_holds_the_test_pki() {
    assert!(holds(&binary(), TEST_PKI_MARK));
}
