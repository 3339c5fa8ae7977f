//! The COSE working group's public examples (../shared/vectors/cose-wg-examples) pass through
//! the envelope's signature verification: pass cases verify, fail cases fail, for the
//! algorithms hocba supports (EdDSA/Ed25519, ES256, ES384, PS256). Others are skipped and
//! counted.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a failed test may panic

use std::path::{Path, PathBuf};

use hocba_core::envelope::{PublicKey, verify_cose_signature};
use serde_json::Value;

fn examples_dir() -> Option<PathBuf> {
    let d = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/vectors/cose-wg-examples");
    d.is_dir().then_some(d)
}

fn b64url(s: &str) -> Vec<u8> {
    let val = |c: u8| match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'-' | b'+' => 62,
        _ => 63,
    };
    let mut out = Vec::new();
    let (mut acc, mut bits) = (0u32, 0);
    for c in s.bytes().filter(|&c| c != b'=') {
        acc = acc << 6 | u32::from(val(c));
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
    }
    out
}

/// The public key of a JWK-like example key, or `None` when hocba does not support it.
fn key(k: &Value, alg: &str) -> Option<PublicKey> {
    let s = |f: &str| k[f].as_str().unwrap_or_default();
    match (s("kty"), alg) {
        ("EC", "ES256" | "ES384") => {
            let mut p = vec![0x04];
            p.extend(b64url(s("x")));
            p.extend(b64url(s("y")));
            PublicKey::from_ec_sec1(&p).ok()
        }
        ("OKP", "EdDSA") if s("crv") == "Ed25519" => {
            let x = match hex::decode(s("x_hex")) {
                Ok(x) if !x.is_empty() => x,
                _ => b64url(s("x")),
            };
            PublicKey::from_ed25519_bytes(&x).ok()
        }
        ("RSA", "PS256" | "RSA-PSS-256") => {
            let n = hex::decode(s("n_hex")).ok()?;
            let e = hex::decode(s("e_hex")).ok()?;
            PublicKey::from_rsa_components(&n, &e).ok()
        }
        _ => None,
    }
}

#[test]
fn cose_wg_examples_pass_and_fail_as_published() {
    let Some(dir) = examples_dir() else {
        eprintln!("SKIP: ../shared/vectors/cose-wg-examples is absent");
        return;
    };
    let (mut passed, mut failed_as_expected, mut skipped) = (0, 0, Vec::new());
    for sub in [
        "sign-tests",
        "sign1-tests",
        "eddsa-examples",
        "ecdsa-examples",
        "rsa-pss-examples",
    ] {
        let mut files: Vec<_> = std::fs::read_dir(dir.join(sub))
            .expect("dir")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "json"))
            .collect();
        files.sort();
        for f in files {
            let name = format!(
                "{sub}/{}",
                f.file_name().unwrap_or_default().to_string_lossy()
            );
            let v: Value = serde_json::from_slice(&std::fs::read(&f).expect("read")).expect("json");
            let input = &v["input"];
            let signers: Vec<&Value> = if let Some(s) = input["sign"]["signers"].as_array() {
                s.iter().collect()
            } else if input["sign0"].is_object() {
                vec![&input["sign0"]]
            } else {
                skipped.push(name);
                continue;
            };
            let should_fail = v["fail"].as_bool().unwrap_or(false);
            let message =
                hex::decode(v["output"]["cbor"].as_str().unwrap_or_default()).expect("hex");
            for (i, s) in signers.iter().enumerate() {
                let alg = s["protected"]["alg"]
                    .as_str()
                    .or(s["alg"].as_str())
                    .unwrap_or_default();
                let Some(k) = key(&s["key"], alg) else {
                    skipped.push(format!("{name} ({alg})"));
                    continue;
                };
                let external =
                    hex::decode(s["external"].as_str().unwrap_or_default()).expect("hex");
                let outcome = verify_cose_signature(&message, i, &k, &external);
                if should_fail {
                    assert!(outcome.is_err(), "{name}: a fail case verified");
                    failed_as_expected += 1;
                } else {
                    assert_eq!(outcome, Ok(()), "{name}: a pass case did not verify");
                    passed += 1;
                }
            }
        }
    }
    eprintln!(
        "COSE WG examples: {passed} verified, {failed_as_expected} failed as expected, {} skipped (unsupported): {skipped:?}",
        skipped.len()
    );
    assert!(
        passed >= 10 && failed_as_expected >= 10,
        "too few examples ran"
    );
}
