//! Verification of a three-signer national XML record (RSA-2048, RS256: GVCN, principal and
//! school seal of the test PKI's private-school tree) against the bare cost of its three RSA
//! signature checks (the floor: any verifier must do those).
//!
//! `cargo bench -p hocba-core --bench xmldsig`. Group `xmldsig_rsa2048`:
//! - `bare_3_checks`: three RustCrypto `rsa` PKCS#1 v1.5 checks over the precomputed canonical
//!   `SignedInfo`s (the floor the target was set against);
//! - `bare_3_checks_ring`: the same three checks with `ring`, which hocba verifies RSA with since
//!   ADR 0120 (the floor of the provider in use);
//! - `read`: `UnverifiedXml::from_bytes` alone (strict parse, positions, profile, C14N and the
//!   reference digests), no signature or certificate checked;
//! - `verify_warm`: read + `verify_in` with a shared `Verifier` (chains validated once, as in
//!   bulk verification of one school's records);
//! - `verify_cold`: read + `verify` with a fresh verifier (every chain validated again);
//! - `parse_only`: `roxmltree` parsing the signed document (the floor of reading it);
//! - `c14n_data`: the exclusive canonical form of `DU_LIEU_HOC_BA` hashed (`data_digest`).

#![allow(missing_docs)]
#![allow(clippy::unwrap_used, clippy::expect_used)] // benchmark set-up may panic

use criterion::{Criterion, criterion_group, criterion_main};
use hocba_core::envelope::{
    Algorithm, PublicKey, SigningKey, SystemRng, Verifier, read_certificates,
};
use hocba_core::xmldsig::{self, RequiredRoles, UnverifiedXml};
use hocba_core::{SignerRole, TrustStore, UnixTime};

macro_rules! vector {
    ($path:literal) => {
        include_bytes!(concat!("../../tests/vectors/", $path)).as_slice()
    };
}

/// One signature check: key, message (canonical SignedInfo), signature, leaf DER.
type Check = (PublicKey, Vec<u8>, Vec<u8>, Vec<u8>);

fn signed() -> (Vec<u8>, Vec<Check>) {
    let signers: [(SignerRole, &[u8], &[u8]); 3] = [
        (
            SignerRole::HomeroomTeacher,
            vector!("pki/keys/gvcn-rsa.pk8"),
            vector!("pki/chains/gvcn-rsa.pem"),
        ),
        (
            SignerRole::Principal,
            vector!("pki/keys/principal-rsa.pk8"),
            vector!("pki/chains/principal-rsa.pem"),
        ),
        (
            SignerRole::SchoolSeal,
            vector!("pki/keys/seal-rsa.pk8"),
            vector!("pki/chains/seal-rsa.pem"),
        ),
    ];
    let mut xml = vector!("xmldsig/national-unsigned.xml").to_vec();
    let mut bare = Vec::new();
    for (i, (role, key, chain)) in signers.into_iter().enumerate() {
        let key = SigningKey::from_pkcs8_der(key, Some(Algorithm::Rs256)).unwrap();
        let chain = read_certificates(chain).unwrap();
        let refs: Vec<&[u8]> = chain.iter().map(Vec::as_slice).collect();
        let t = UnixTime::from_secs(1_780_272_000 + 3600 * i as i64);
        let p = xmldsig::prepare(&xml, role, &refs, Algorithm::Rs256, t).unwrap();
        let sig = key.sign(p.signed_info(), &mut SystemRng).unwrap();
        bare.push((
            PublicKey::from_certificate_der(&chain[0]).unwrap(),
            p.signed_info().to_vec(),
            sig.clone(),
            chain[0].clone(),
        ));
        xml = xmldsig::attach(p, &sig).unwrap();
    }
    (xml, bare)
}

/// The PKCS#1 `RSAPublicKey` inside a certificate (what `ring` takes).
fn rsa_public_key(cert: &[u8]) -> Vec<u8> {
    use der::Decode;
    let c = x509_cert::Certificate::from_der(cert).unwrap();
    c.tbs_certificate()
        .subject_public_key_info()
        .subject_public_key
        .raw_bytes()
        .to_vec()
}

fn bench(c: &mut Criterion) {
    let mut trust = TrustStore::new();
    trust.add_roots_pem(vector!("pki/roots.pem")).unwrap();
    let at = UnixTime::from_secs(1_780_272_000 + 48 * 3600);
    let (xml, bare) = signed();
    let v = UnverifiedXml::from_bytes(&xml).unwrap().verify(&trust, at);
    assert_eq!(
        v.report().error,
        None,
        "{}",
        v.report().to_text(hocba_core::Lang::En)
    );

    let verifier = Verifier::new(&trust, at);
    let warm = || {
        let v = UnverifiedXml::from_bytes(&xml)
            .unwrap()
            .verify_in(&verifier, RequiredRoles::All);
        assert!(v.verified().is_some());
    };
    // RustCrypto `rsa` directly (hocba's `PublicKey::verify` uses ring since ADR 0120).
    let rc_keys: Vec<rsa::pkcs1v15::VerifyingKey<sha2::Sha256>> = bare
        .iter()
        .map(|b| {
            use rsa::pkcs1::DecodeRsaPublicKey;
            rsa::pkcs1v15::VerifyingKey::new(
                rsa::PublicKey::from_pkcs1_der(&rsa_public_key(&b.3)).unwrap(),
            )
        })
        .collect();
    let bare_rsa = || {
        use rsa::signature::Verifier as _;
        for ((_, msg, sig, _), k) in bare.iter().zip(&rc_keys) {
            k.verify(
                msg,
                &rsa::pkcs1v15::Signature::try_from(sig.as_slice()).unwrap(),
            )
            .unwrap();
        }
    };
    let ring_keys: Vec<Vec<u8>> = bare.iter().map(|b| rsa_public_key(&b.3)).collect();
    let bare_ring = || {
        for ((_, msg, sig, _), k) in bare.iter().zip(&ring_keys) {
            ring::signature::UnparsedPublicKey::new(
                &ring::signature::RSA_PKCS1_2048_8192_SHA256,
                k,
            )
            .verify(msg, sig)
            .unwrap();
        }
    };
    // aws-lc-rs with each key parsed once: the provider hocba uses since ADR 0117.
    let lc_keys: Vec<aws_lc_rs::signature::ParsedPublicKey> = ring_keys
        .iter()
        .map(|k| {
            aws_lc_rs::signature::ParsedPublicKey::new(
                &aws_lc_rs::signature::RSA_PKCS1_2048_8192_SHA256,
                k,
            )
            .unwrap()
        })
        .collect();
    let bare_lc = || {
        for ((_, msg, sig, _), k) in bare.iter().zip(&lc_keys) {
            k.verify_sig(msg, sig).unwrap();
        }
    };
    // hocba's own check of the three signatures (`PublicKey::verify`, now aws-lc-rs).
    for (key, msg, sig, _) in &bare {
        key.verify(Algorithm::Rs256, msg, sig).unwrap();
    }
    // The figure on a shared, noisy machine: the two measured alternately, pair by
    // pair, so a load change hits both; the median of the per-pair ratios is printed.
    let mut ratios = Vec::new();
    let mut ratios_ring = Vec::new();
    let mut ratios_lc = Vec::new();
    for _ in 0..400 {
        let t0 = std::time::Instant::now();
        bare_rsa();
        let t1 = std::time::Instant::now();
        warm();
        let t2 = std::time::Instant::now();
        bare_ring();
        let t3 = std::time::Instant::now();
        bare_lc();
        let t4 = std::time::Instant::now();
        ratios.push((t1 - t0).as_secs_f64() / (t2 - t1).as_secs_f64());
        ratios_ring.push((t3 - t2).as_secs_f64() / (t2 - t1).as_secs_f64());
        ratios_lc.push((t4 - t3).as_secs_f64() / (t2 - t1).as_secs_f64());
    }
    ratios.sort_by(f64::total_cmp);
    ratios_ring.sort_by(f64::total_cmp);
    ratios_lc.sort_by(f64::total_cmp);
    eprintln!(
        "xmldsig ratio (3 bare RSA checks / full warm verification), median of 400 alternated pairs: {:.2} (quartiles {:.2}..{:.2})",
        ratios[200], ratios[100], ratios[300]
    );
    eprintln!(
        "xmldsig ratio ring (3 bare ring RSA checks / full warm verification), median of 400 alternated triples: {:.2} (quartiles {:.2}..{:.2})",
        ratios_ring[200], ratios_ring[100], ratios_ring[300]
    );
    eprintln!(
        "xmldsig ratio aws-lc (3 bare aws-lc-rs checks, keys parsed once / full warm verification), median of 400 alternated rounds: {:.2} (quartiles {:.2}..{:.2})",
        ratios_lc[200], ratios_lc[100], ratios_lc[300]
    );

    let mut g = c.benchmark_group("xmldsig_rsa2048");
    g.bench_function("bare_3_checks", |b| b.iter(bare_rsa));
    g.bench_function("bare_3_checks_ring", |b| b.iter(bare_ring));
    g.bench_function("bare_3_checks_aws_lc_parsed", |b| b.iter(bare_lc));
    g.bench_function("read", |b| {
        b.iter(|| UnverifiedXml::from_bytes(&xml).unwrap())
    });
    let text = std::str::from_utf8(&xml).unwrap();
    g.bench_function("parse_only", |b| {
        b.iter(|| {
            roxmltree::Document::parse(text)
                .unwrap()
                .descendants()
                .count()
        })
    });
    g.bench_function("verify_warm", |b| b.iter(warm));
    g.bench_function("verify_cold", |b| {
        b.iter(|| {
            let v = UnverifiedXml::from_bytes(&xml).unwrap().verify(&trust, at);
            assert!(v.verified().is_some());
        })
    });
    g.bench_function("c14n_data", |b| {
        b.iter(|| xmldsig::data_digest(&xml).unwrap())
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
