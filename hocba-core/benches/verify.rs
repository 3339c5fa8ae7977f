//! Verification of a three-signer year record against the bare cost of its three signature
//! checks (the floor: any verifier must do those).
//!
//! `cargo bench -p hocba-core --bench verify`. Groups:
//! - `ed25519` / `rsa`: the record signed by Ed25519 signers (GVCN, principal, seal of the
//!   test PKI's government tree) or by RSA-2048 PS256/RS256 signers (private-school tree);
//!   - `bare_3_checks`: three signature checks over precomputed `Sig_structure`s and keys;
//!   - `verify_warm`: `Verifier::verify` (read + strict checks + payload decode + 3 checks +
//!     cached chain validation), as in bulk verification of many records of one school;
//!   - `verify_cold`: `UnverifiedRecord::verify`, a fresh verifier each time, so every chain
//!     is validated again (rustls-webpki: two more signature checks per signer).

#![allow(missing_docs)]
#![allow(clippy::unwrap_used, clippy::expect_used)] // benchmark set-up may panic

use criterion::{Criterion, criterion_group, criterion_main};
use hocba_core::envelope::{
    Algorithm, Envelope, PublicKey, SignerRole, SigningKey, SystemRng, UnverifiedRecord, Verifier,
};
use hocba_core::{TrustStore, UnixTime};

macro_rules! pki {
    ($path:literal) => {
        include_bytes!(concat!("../../tests/vectors/pki/", $path)).as_slice()
    };
}

struct Signer {
    chain: Vec<&'static [u8]>,
    key: SigningKey,
    role: SignerRole,
}

/// One signature check: key, algorithm, message, signature.
type Check = (PublicKey, Algorithm, Vec<u8>, Vec<u8>);

fn signed(record: &hocba_core::model::YearRecord, signers: &[Signer]) -> (Vec<u8>, Vec<Check>) {
    let mut e = Envelope::new(record);
    let mut bare = Vec::new();
    for (i, s) in signers.iter().enumerate() {
        let t = UnixTime::from_secs(1_811_232_000 + 60 * i as i64);
        let tbs = e.prepare(s.role, &s.chain, s.key.algorithm(), t).unwrap();
        let sig = s.key.sign(tbs.bytes(), &mut SystemRng).unwrap();
        bare.push((
            PublicKey::from_certificate_der(s.chain[0]).unwrap(),
            s.key.algorithm(),
            tbs.bytes().to_vec(),
            sig.clone(),
        ));
        e = tbs.attach(&sig).unwrap();
    }
    (e.to_bytes().unwrap(), bare)
}

fn bench(c: &mut Criterion) {
    let mut trust = TrustStore::new();
    trust.add_roots_pem(pki!("roots.pem")).unwrap();
    let at = UnixTime::from_secs(1_811_808_000);
    let mut record = hocba_core::synth::year_record(1);
    let k = |der: &[u8], alg| SigningKey::from_pkcs8_der(der, alg).unwrap();
    let gov_ca = pki!("certs/gov-ca.der");
    let public_ca = pki!("certs/public-ca.der");
    let ed = [
        Signer {
            chain: vec![pki!("certs/gvcn-ed25519.der"), gov_ca],
            key: k(pki!("keys/gvcn-ed25519.pk8"), None),
            role: SignerRole::HomeroomTeacher,
        },
        Signer {
            chain: vec![pki!("certs/principal-ed25519.der"), gov_ca],
            key: k(pki!("keys/principal-ed25519.pk8"), None),
            role: SignerRole::Principal,
        },
        Signer {
            chain: vec![pki!("certs/seal-ed25519.der"), gov_ca],
            key: k(pki!("keys/seal-ed25519.pk8"), None),
            role: SignerRole::SchoolSeal,
        },
    ];
    let rsa = [
        Signer {
            chain: vec![pki!("certs/gvcn-rsa.der"), public_ca],
            key: k(pki!("keys/gvcn-rsa.pk8"), Some(Algorithm::Ps256)),
            role: SignerRole::HomeroomTeacher,
        },
        Signer {
            chain: vec![pki!("certs/principal-rsa.der"), public_ca],
            key: k(pki!("keys/principal-rsa.pk8"), Some(Algorithm::Rs256)),
            role: SignerRole::Principal,
        },
        Signer {
            chain: vec![pki!("certs/seal-rsa.der"), public_ca],
            key: k(pki!("keys/seal-rsa.pk8"), Some(Algorithm::Ps256)),
            role: SignerRole::SchoolSeal,
        },
    ];
    for (name, signers, school) in [
        ("ed25519", &ed, "Trường Tiểu học Thử Nghiệm Số 1"),
        ("rsa", &rsa, "Trường Tiểu học Tư thục Thử Nghiệm"),
    ] {
        record.school.name = hocba_core::model::Text::new(school).unwrap();
        record.principal.capacity = hocba_core::model::PrincipalCapacity::Principal;
        let (bytes, bare) = signed(&record, signers);
        let verifier = Verifier::new(&trust, at);
        let check = verifier.verify(UnverifiedRecord::from_bytes(&bytes).unwrap());
        assert_eq!(
            check.report().error,
            None,
            "{}",
            check.report().to_text(hocba_core::Lang::En)
        );

        let mut g = c.benchmark_group(name);
        g.bench_function("bare_3_checks", |b| {
            b.iter(|| {
                for (key, alg, msg, sig) in &bare {
                    key.verify(*alg, std::hint::black_box(msg), sig).unwrap();
                }
            })
        });
        g.bench_function("verify_warm", |b| {
            b.iter(|| {
                let u = UnverifiedRecord::from_bytes(std::hint::black_box(&bytes)).unwrap();
                verifier.verify(u)
            })
        });
        g.bench_function("verify_cold", |b| {
            b.iter(|| {
                let u = UnverifiedRecord::from_bytes(std::hint::black_box(&bytes)).unwrap();
                u.verify(&trust, at)
            })
        });
        g.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
