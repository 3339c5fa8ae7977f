//! Cost of validating a signer's chain (`TrustStore::validate`) per algorithm, against the cost
//! of a cache hit by chain fingerprint (what the bulk verifier does for every record after the
//! first one of a signer). Reads the committed test PKI; skips if it is absent.
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used)]

use std::collections::HashMap;
use std::hint::black_box;
use std::path::PathBuf;

use criterion::{Criterion, criterion_group, criterion_main};
use hocba_core::{SignerRole, TrustStore, UnixTime, chain_fingerprint};
use rustls_pki_types::CertificateDer;
use rustls_pki_types::pem::PemObject;

fn pki() -> Option<PathBuf> {
    let dir = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/vectors/pki"));
    dir.join("roots.pem").exists().then_some(dir)
}

fn chain(dir: &std::path::Path, name: &str) -> Vec<Vec<u8>> {
    let pem = std::fs::read(dir.join(format!("chains/{name}.pem"))).unwrap();
    CertificateDer::pem_slice_iter(&pem)
        .map(|c| c.unwrap().as_ref().to_vec())
        .collect()
}

fn bench(c: &mut Criterion) {
    let Some(dir) = pki() else {
        eprintln!("skipped: tests/vectors/pki not found");
        return;
    };
    let mut store = TrustStore::new();
    store
        .add_roots_pem(&std::fs::read(dir.join("roots.pem")).unwrap())
        .unwrap();
    for crl in ["gov-ca", "gov-ca-rsa", "public-ca"] {
        store
            .add_crl_der(&std::fs::read(dir.join(format!("crl/{crl}.crl"))).unwrap())
            .unwrap();
    }
    let at = UnixTime::from_secs(1_780_272_000);
    let mut g = c.benchmark_group("trust_validate");
    for (name, role) in [
        ("gvcn-ed25519", SignerRole::HomeroomTeacher), // Ed25519 leaf sig, RSA-PSS intermediate sig
        ("gvcn-p256", SignerRole::HomeroomTeacher), // ECDSA P-256 leaf sig, P-384 intermediate sig
        ("seal-rsa-gov", SignerRole::SchoolSeal),   // RSA PKCS#1 v1.5 twice
    ] {
        let owned = chain(&dir, name);
        let refs: Vec<&[u8]> = owned.iter().map(Vec::as_slice).collect();
        assert!(store.validate(&refs, role, at, at).is_ok(), "{name}");
        g.bench_function(name, |b| {
            b.iter(|| store.validate(black_box(&refs), role, at, at).unwrap())
        });
        let mut cache = HashMap::new();
        cache.insert(
            (chain_fingerprint(&refs), role),
            store.validate(&refs, role, at, at).unwrap(),
        );
        g.bench_function(format!("{name}_cached"), |b| {
            b.iter(|| {
                let info = &cache[&(chain_fingerprint(black_box(&refs)), role)];
                assert!(info.valid_from <= at && at <= info.valid_until);
                store.check_signing_time(at, at).unwrap();
            })
        });
    }
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20).measurement_time(std::time::Duration::from_secs(2)).warm_up_time(std::time::Duration::from_millis(500));
    targets = bench
}
criterion_main!(benches);
