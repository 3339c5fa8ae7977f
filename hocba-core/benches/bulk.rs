//! National-scale figures, each against its physical floor measured in the same run
//! (`scripts/bench.sh` runs this and writes `docs/performance.md`).
//!
//! `cargo bench -p hocba-core --bench bulk`. Groups (times per iteration):
//! - `floor/bare_3_checks`: the three Ed25519 `verify_strict` checks of one record, over
//!   precomputed `Sig_structure`s and keys — what any verifier must do;
//! - `floor/streamed_3_checks`: the same three strict checks as single verification does them
//!   (`R` judged on its bytes, the message hashed as a stream: ADR 0074);
//! - `floor/batch_3n_checks`: the same 3 × N signatures in one `verify_batch` (per N records);
//! - `record/verify_warm`: full verification of one 3-signer record with a warm [`Verifier`]
//!   (read, strict checks, payload decode, 3 checks, cached chains);
//! - `record/verify_cold`: the same with a fresh verifier (every chain validated again);
//! - `record/decode_payload`: strict decode of the payload alone;
//! - `record/read_envelope`: `UnverifiedRecord::from_bytes` (COSE structure + payload);
//! - `record/validate`: `rules::validate` (every TT27 rule) of one record;
//! - `bulk/single_loop`: N records verified one after the other with one warm verifier;
//! - `bulk/stream`: the same N records through `verify_stream` on all cores;
//! - `bulk/stream_1_thread`: `verify_stream` on one thread (batching, no parallelism);
//! - `sign/sign_all`: one role's Ed25519 signature added to N records.

#![allow(missing_docs)]
#![allow(clippy::unwrap_used, clippy::expect_used)] // benchmark set-up may panic

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use ed25519_dalek::{Signature, VerifyingKey};
use hocba_core::bulk::{BulkOptions, sign_all, verify_stream};
use hocba_core::envelope::{
    Envelope, SignerRole, SigningKey, SystemRng, UnverifiedRecord, Verifier,
};
use hocba_core::model::{Grade, PrincipalCapacity, Text, YearRecord};
use hocba_core::{TrustStore, UnixTime};

macro_rules! pki {
    ($path:literal) => {
        include_bytes!(concat!("../../tests/vectors/pki/", $path)).as_slice()
    };
}

/// Records per bulk iteration.
const N: usize = 512;
const AT: UnixTime = UnixTime::from_secs(1_811_808_000);
const T0: i64 = 1_811_232_000;

struct Signer {
    chain: Vec<&'static [u8]>,
    key: SigningKey,
    role: SignerRole,
}

fn signers() -> Vec<Signer> {
    let ca = pki!("certs/gov-ca.der");
    let k = |der: &[u8]| SigningKey::from_pkcs8_der(der, None).unwrap();
    vec![
        Signer {
            chain: vec![pki!("certs/gvcn-ed25519.der"), ca],
            key: k(pki!("keys/gvcn-ed25519.pk8")),
            role: SignerRole::HomeroomTeacher,
        },
        Signer {
            chain: vec![pki!("certs/principal-ed25519.der"), ca],
            key: k(pki!("keys/principal-ed25519.pk8")),
            role: SignerRole::Principal,
        },
        Signer {
            chain: vec![pki!("certs/seal-ed25519.der"), ca],
            key: k(pki!("keys/seal-ed25519.pk8")),
            role: SignerRole::SchoolSeal,
        },
    ]
}

/// `n` distinct records of the test PKI's school (classes of 32).
fn records(n: usize) -> Vec<YearRecord> {
    (0..n.div_ceil(32) as u64)
        .flat_map(|c| hocba_core::synth::class(100 + c, Grade::G5, 2026, 32))
        .take(n)
        .map(|mut r| {
            r.school.name = Text::new("Trường Tiểu học Thử Nghiệm Số 1").unwrap();
            r.principal.capacity = PrincipalCapacity::Principal;
            r
        })
        .collect()
}

/// One bare check: key, message, signature.
type Check = (VerifyingKey, Vec<u8>, Signature);

/// Signed bytes and the three bare checks (key, message, signature) of `record`.
fn signed(record: &YearRecord, signers: &[Signer], t: i64) -> (Vec<u8>, Vec<Check>) {
    let mut e = Envelope::new(record);
    let mut bare = Vec::new();
    for (k, s) in signers.iter().enumerate() {
        let tbs = e
            .prepare(
                s.role,
                &s.chain,
                s.key.algorithm(),
                UnixTime::from_secs(t + 60 * k as i64),
            )
            .unwrap();
        let sig = s.key.sign(tbs.bytes(), &mut SystemRng).unwrap();
        let key = ed25519_key(s.chain[0]);
        bare.push((
            key,
            tbs.bytes().to_vec(),
            Signature::from_slice(&sig).unwrap(),
        ));
        e = tbs.attach(&sig).unwrap();
    }
    (e.to_bytes().unwrap(), bare)
}

/// The Ed25519 key of a certificate, as `ed25519-dalek` holds it (the bare floor checks call
/// it directly; hocba's `PublicKey` keeps the crate's type private).
fn ed25519_key(cert: &[u8]) -> VerifyingKey {
    use der::{Decode, Encode};
    use ed25519_dalek::pkcs8::DecodePublicKey;
    let cert = x509_cert::Certificate::from_der(cert).unwrap();
    let spki = cert
        .tbs_certificate()
        .subject_public_key_info()
        .to_der()
        .unwrap();
    VerifyingKey::from_public_key_der(&spki).unwrap()
}

fn bench(c: &mut Criterion) {
    let mut trust = TrustStore::new();
    trust.add_roots_pem(pki!("roots.pem")).unwrap();
    let signers = signers();
    let records = records(N);
    let set: Vec<_> = records
        .iter()
        .enumerate()
        .map(|(i, r)| signed(r, &signers, T0 + i as i64))
        .collect();
    let threads = std::thread::available_parallelism().map_or(1, usize::from);
    let (one, bare) = &set[0];
    let payload = UnverifiedRecord::from_bytes(one)
        .unwrap()
        .payload()
        .to_vec();
    let warm = Verifier::new(&trust, AT);
    assert!(
        warm.verify(UnverifiedRecord::from_bytes(one).unwrap())
            .verified()
            .is_some()
    );

    let mut g = c.benchmark_group("floor");
    g.bench_function("bare_3_checks", |b| {
        b.iter(|| {
            for (key, msg, sig) in bare {
                key.verify_strict(black_box(msg), sig).unwrap();
            }
        })
    });
    // The same three strict checks the way single verification does them (ADR 0074): the key's
    // weak-point test, then ed25519-dalek's streaming verifier, which never decompresses `R`
    // (the `R` byte screen, a few comparisons, is left out).
    g.bench_function("streamed_3_checks", |b| {
        b.iter(|| {
            for (key, msg, sig) in bare {
                assert!(!key.is_weak());
                let mut v = key.verify_stream(sig).unwrap();
                v.update(black_box(msg));
                v.finalize_and_verify().unwrap();
            }
        })
    });
    let all: Vec<_> = set.iter().flat_map(|(_, b)| b.iter()).collect();
    let msgs: Vec<&[u8]> = all.iter().map(|(_, m, _)| m.as_slice()).collect();
    let sigs: Vec<Signature> = all.iter().map(|(_, _, s)| *s).collect();
    let keys: Vec<VerifyingKey> = all.iter().map(|(k, _, _)| *k).collect();
    let chunk = 64 * 3;
    g.bench_function("batch_3n_checks", |b| {
        b.iter(|| {
            for ((m, s), k) in msgs
                .chunks(chunk)
                .zip(sigs.chunks(chunk))
                .zip(keys.chunks(chunk))
            {
                ed25519_dalek::verify_batch(black_box(m), s, k).unwrap();
            }
        })
    });
    g.finish();

    let mut g = c.benchmark_group("record");
    g.bench_function("verify_warm", |b| {
        b.iter(|| warm.verify(UnverifiedRecord::from_bytes(black_box(one)).unwrap()))
    });
    g.bench_function("verify_cold", |b| {
        b.iter(|| {
            UnverifiedRecord::from_bytes(black_box(one))
                .unwrap()
                .verify(&trust, AT)
        })
    });
    g.bench_function("decode_payload", |b| {
        b.iter(|| hocba_core::canonical::decode_year_record(black_box(&payload)).unwrap())
    });
    let policy = hocba_core::rules::Policy::default();
    g.bench_function("validate", |b| {
        b.iter(|| hocba_core::rules::validate(black_box(&records[0]), &policy))
    });
    g.bench_function("read_envelope", |b| {
        b.iter(|| UnverifiedRecord::from_bytes(black_box(one)).unwrap())
    });
    g.finish();

    let mut g = c.benchmark_group("bulk");
    g.sample_size(10);
    g.bench_function("single_loop", |b| {
        b.iter(|| {
            for (bytes, _) in &set {
                let v = warm.verify(UnverifiedRecord::from_bytes(black_box(bytes)).unwrap());
                assert!(v.verified().is_some());
            }
        })
    });
    for (name, t) in [("stream", threads), ("stream_1_thread", 1)] {
        let options = BulkOptions::new(t);
        g.bench_function(name, |b| {
            b.iter(|| {
                let inputs = set
                    .iter()
                    .map(|(bytes, _)| ((), Ok::<_, ()>(bytes.clone())));
                let s = verify_stream(&warm, &options, inputs, |(), o| {
                    black_box(o);
                });
                assert_eq!(s.valid, N as u64);
            })
        });
    }
    g.finish();

    let mut g = c.benchmark_group("sign");
    g.sample_size(10);
    let s = &signers[0];
    g.bench_function("sign_all", |b| {
        b.iter(|| {
            let envelopes = records.iter().map(Envelope::new);
            let out = sign_all(
                envelopes,
                &s.key,
                s.role,
                &s.chain,
                UnixTime::from_secs(T0),
                &mut SystemRng,
            );
            assert!(out.iter().all(Result::is_ok));
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
