//! Verification of a three-signer national XML record (RSA-2048, RS256: GVCN, principal and
//! school seal of the test PKI's private-school tree) against the bare cost of its three RSA
//! signature checks (the floor: any verifier must do those).
//!
//! `cargo bench -p hocba-core --bench xmldsig`. Group `xmldsig_rsa2048`:
//! - `bare_3_checks`: three RustCrypto `rsa` PKCS#1 v1.5 checks over the precomputed canonical
//!   `SignedInfo`s (the floor the target was set against);
//! - `bare_3_checks_ring`: the same three checks with `ring` (hocba's provider from ADR 0120 to
//!   ADR 0117);
//! - `bare_3_checks_aws_lc_parsed`: the same with `aws-lc-rs`, each key parsed once (the provider
//!   in use since ADR 0117: the floor);
//! - `read`: `UnverifiedXml::from_bytes` alone (strict parse, positions, profile, C14N and the
//!   reference digests), no signature or certificate checked;
//! - `verify_warm`: read + `verify_in` with a shared `Verifier` (chains validated once, as in
//!   bulk verification of one school's records);
//! - `verify_cold`: read + `verify` with a fresh verifier (every chain validated again);
//! - `parse_only`: `roxmltree` parsing the signed document (the floor of reading it);
//! - `c14n_data`: the exclusive canonical form of `DU_LIEU_HOC_BA` hashed (`data_digest`).
//!
//! Before the groups it prints the national year's budget (ADR 0118): what 8.9 million records in
//! 10 minutes on 2 cores leave per record, against the parts no reader can avoid, measured
//! alternately in this run.

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

    national_year_budget(&xml, &bare_lc, &warm);

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

/// ADR 0118's budget, measured: 8.9 million records in 10 minutes on 2 cores leave
/// 2 × 600 s / 8.9 M ≈ 134.8 µs of CPU per record. Against it, alternately (medians of 200
/// rounds of 50 records): the three RSA checks (`rsa`, keys parsed once); the SHA-256 every
/// verifier of this record must compute (`sha`: the whole file for the report's digest, the
/// data, the two signatures a later signer references, and the three `SignedInfo`); reading the
/// file from the page cache (`read`); tokenizing it with quick-xml, end tags checked and values
/// unescaped, no namespaces and no tree (`tokenize`: the least a strict reader does); hocba's
/// strict front (`parse`: roxmltree plus the refusals of `hocba_core::xml`); and hocba's warm
/// verification without the record model (`verify`).
fn national_year_budget(xml: &[u8], rsa: &dyn Fn(), verify: &dyn Fn()) {
    use sha2::Digest;
    let budget = 2.0 * 600.0 / 8.9e6 * 1e6;
    let text = std::str::from_utf8(xml).unwrap();
    let range = |open: &str, close: &str, from: usize| {
        let start = from + text[from..].find(open).unwrap();
        let end = start + text[start..].find(close).unwrap() + close.len();
        start..end
    };
    let data = range("<DU_LIEU_HOC_BA", "</DU_LIEU_HOC_BA>", 0);
    let gvcn = range("<ds:Signature", "</ds:Signature>", 0);
    let cbql = range("<ds:Signature", "</ds:Signature>", gvcn.end);
    let mut signed_infos = Vec::new();
    let mut from = 0;
    while let Some(i) = text[from..].find("<ds:SignedInfo") {
        let r = range("<ds:SignedInfo", "</ds:SignedInfo>", from + i);
        from = r.end;
        signed_infos.push(r);
    }
    assert_eq!(signed_infos.len(), 3);
    let sha = || {
        let mut out = sha2::Sha256::digest(xml)[0];
        for r in [&data, &gvcn, &cbql].into_iter().chain(&signed_infos) {
            out ^= sha2::Sha256::digest(&xml[r.clone()])[0];
        }
        std::hint::black_box(out);
    };
    let file = std::env::temp_dir().join(format!("hocba-budget-{}.xml", std::process::id()));
    std::fs::write(&file, xml).unwrap();
    let read = || {
        std::hint::black_box(std::fs::read(&file).unwrap());
    };
    let tokenize = || {
        use quick_xml::events::Event;
        let mut r = quick_xml::Reader::from_str(text);
        r.config_mut().check_end_names = true;
        let mut n = 0usize;
        loop {
            match r.read_event().unwrap() {
                Event::Eof => break,
                Event::Start(e) | Event::Empty(e) => {
                    for a in e.attributes() {
                        n += a.unwrap().unescape_value().unwrap().len();
                    }
                }
                Event::Text(t) => n += t.decode().unwrap().len(),
                _ => {}
            }
        }
        std::hint::black_box(n);
    };
    let parse = || {
        let doc = hocba_core::xml::parse(xml, &hocba_core::xml::XmlLimits::RECORD).unwrap();
        std::hint::black_box(doc.root_element().range());
    };
    let parts: [(&str, &dyn Fn()); 6] = [
        ("rsa", rsa),
        ("sha", &sha),
        ("read", &read),
        ("tokenize", &tokenize),
        ("parse", &parse),
        ("verify", verify),
    ];
    let mut times: Vec<Vec<f64>> = vec![Vec::new(); parts.len()];
    for _ in 0..200 {
        for ((_, f), t) in parts.iter().zip(&mut times) {
            let start = std::time::Instant::now();
            for _ in 0..50 {
                f();
            }
            t.push(start.elapsed().as_secs_f64() / 50.0 * 1e6);
        }
    }
    std::fs::remove_file(&file).unwrap();
    let median: Vec<f64> = times
        .iter_mut()
        .map(|t| {
            t.sort_by(f64::total_cmp);
            t[t.len() / 2]
        })
        .collect();
    let [rsa, sha, read, tokenize, parse, verify] = median[..] else {
        unreachable!()
    };
    let floor = rsa + sha + read;
    eprintln!(
        "national year budget: {budget:.1} µs per record (8.9 M records, 10 min, 2 cores); \
         unavoidable: RSA {rsa:.1} + SHA-256 {sha:.1} + file read {read:.1} = {floor:.1} µs; \
         left for reading the XML, the profile, the model and the report: {:.1} µs; \
         quick-xml strict tokenizing alone {tokenize:.1} µs, hocba's strict parse {parse:.1} µs, \
         hocba's warm verification without the model {verify:.1} µs (medians of 200 alternated rounds)",
        budget - floor
    );
}

criterion_group!(benches, bench);
criterion_main!(benches);
