//! Bulk verification equals single verification, record for record, whatever the threads,
//! chunk sizes and batching; memory stays bounded; bulk signing gives valid records.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use super::*;
use crate::envelope::{
    Algorithm, Envelope, SignerRole, SigningKey, UnverifiedRecord, VerificationReport, Verifier,
};
use crate::model::{Grade, PrincipalCapacity, Text, YearRecord};
use crate::trust::{TrustStore, UnixTime};

use crate::envelope::tests::TestRng;

macro_rules! pki {
    ($path:literal) => {
        include_bytes!(concat!("../../../tests/vectors/pki/", $path)).as_slice()
    };
}

const GOV_CA: &[u8] = pki!("certs/gov-ca.der");
const PUBLIC_CA: &[u8] = pki!("certs/public-ca.der");
/// 2027-05-25T08:00:00Z.
const T0: i64 = 1_811_232_000;
/// 2027-06-01T00:00:00Z.
const AT: UnixTime = UnixTime::from_secs(1_811_808_000);
const GOV_SCHOOL: &str = "Trường Tiểu học Thử Nghiệm Số 1";
const PRIVATE_SCHOOL: &str = "Trường Tiểu học Tư thục Thử Nghiệm";

fn trust() -> TrustStore {
    let mut t = TrustStore::new();
    t.add_roots_pem(pki!("roots.pem")).expect("roots");
    t.add_crl_der(pki!("crl/gov-ca.crl")).expect("crl");
    t.add_crl_der(pki!("crl/public-ca.crl")).expect("crl");
    t
}

struct Signer {
    chain: Vec<&'static [u8]>,
    key: SigningKey,
    role: SignerRole,
}

fn signer(
    cert: &'static [u8],
    ca: &'static [u8],
    key: &[u8],
    alg: Option<Algorithm>,
    role: SignerRole,
) -> Signer {
    Signer {
        chain: vec![cert, ca],
        key: SigningKey::from_pkcs8_der(key, alg).expect("key"),
        role,
    }
}

fn ed25519_signers() -> Vec<Signer> {
    vec![
        signer(
            pki!("certs/gvcn-ed25519.der"),
            GOV_CA,
            pki!("keys/gvcn-ed25519.pk8"),
            None,
            SignerRole::HomeroomTeacher,
        ),
        signer(
            pki!("certs/principal-ed25519.der"),
            GOV_CA,
            pki!("keys/principal-ed25519.pk8"),
            None,
            SignerRole::Principal,
        ),
        signer(
            pki!("certs/seal-ed25519.der"),
            GOV_CA,
            pki!("keys/seal-ed25519.pk8"),
            None,
            SignerRole::SchoolSeal,
        ),
    ]
}

fn p384_signers() -> Vec<Signer> {
    vec![
        signer(
            pki!("certs/gvcn-p384.der"),
            GOV_CA,
            pki!("keys/gvcn-p384.pk8"),
            None,
            SignerRole::HomeroomTeacher,
        ),
        signer(
            pki!("certs/principal-p384.der"),
            GOV_CA,
            pki!("keys/principal-p384.pk8"),
            None,
            SignerRole::Principal,
        ),
        signer(
            pki!("certs/seal-ed25519.der"),
            GOV_CA,
            pki!("keys/seal-ed25519.pk8"),
            None,
            SignerRole::SchoolSeal,
        ),
    ]
}

/// The private-school tree: RSA-PSS teacher, P-256 principal, RSA PKCS#1 v1.5 seal.
fn mixed_signers() -> Vec<Signer> {
    vec![
        signer(
            pki!("certs/gvcn-rsa.der"),
            PUBLIC_CA,
            pki!("keys/gvcn-rsa.pk8"),
            Some(Algorithm::Ps256),
            SignerRole::HomeroomTeacher,
        ),
        signer(
            pki!("certs/principal-p256.der"),
            PUBLIC_CA,
            pki!("keys/principal-p256.pk8"),
            None,
            SignerRole::Principal,
        ),
        signer(
            pki!("certs/seal-rsa.der"),
            PUBLIC_CA,
            pki!("keys/seal-rsa.pk8"),
            Some(Algorithm::Rs256),
            SignerRole::SchoolSeal,
        ),
    ]
}

fn class(school: &str, seed: u64, size: usize) -> Vec<YearRecord> {
    crate::synth::class(seed, Grade::try_from(3u8).expect("grade"), 2026, size)
        .into_iter()
        .map(|mut r| {
            r.school.name = Text::new(school).expect("text");
            r.principal.capacity = PrincipalCapacity::Principal;
            r
        })
        .collect()
}

/// Signs `record`, naming the holders of the first two certificates as its GVCN and
/// principal (ADR 0140), with the first `n` of `signers`, the k-th at `t + 60 k`. The corpus
/// holds certificates verification must refuse (expired, signing before 1970), so the checks
/// before signing are turned off: this is verification's corpus.
fn signed(record: &YearRecord, signers: &[Signer], n: usize, t: i64) -> Vec<u8> {
    let mut rng = TestRng(9);
    let mut record = record.clone();
    crate::synth::name_signers(&mut record, signers[0].chain[0], signers[1].chain[0]);
    let mut e = Envelope::new(&record);
    for (k, s) in signers.iter().take(n).enumerate() {
        e = e
            .sign_with(
                &s.key,
                s.role,
                &s.chain,
                UnixTime::from_secs(t + 60 * k as i64),
                &mut rng,
                &crate::envelope::SignOptions::unchecked(),
            )
            .expect("sign");
    }
    e.to_bytes().expect("bytes")
}

/// A corpus mixing every outcome: valid Ed25519, P-384 and RSA/P-256 records, a bad
/// Ed25519 signature among good ones (a failed batch), incomplete records, bad
/// certificates, garbage, and inputs the caller could not read.
fn corpus() -> Vec<(String, Result<Vec<u8>, String>)> {
    let ed = ed25519_signers();
    let p384 = p384_signers();
    let mixed = mixed_signers();
    let expired = [
        signer(
            pki!("certs/bad-expired.der"),
            GOV_CA,
            pki!("keys/bad-expired.pk8"),
            None,
            SignerRole::HomeroomTeacher,
        ),
        signer(
            pki!("certs/principal-ed25519.der"),
            GOV_CA,
            pki!("keys/principal-ed25519.pk8"),
            None,
            SignerRole::Principal,
        ),
    ];
    let mut out: Vec<(String, Result<Vec<u8>, String>)> = Vec::new();
    let mut push = |label: String, bytes: Result<Vec<u8>, String>| out.push((label, bytes));
    for (i, r) in class(GOV_SCHOOL, 1, 30).iter().enumerate() {
        let t = T0 + 3600 * i as i64;
        let mut bytes = signed(r, &ed, 3, t);
        if i % 13 == 5 {
            // Flip a bit of the last signature (the seal's, Ed25519): the batch fails.
            let n = bytes.len();
            bytes[n - 10] ^= 0x01;
            push(format!("ed-{i}-tampered"), Ok(bytes));
        } else if i % 11 == 3 {
            push(format!("ed-{i}-incomplete"), Ok(signed(r, &ed, 2, t)));
        } else {
            push(format!("ed-{i}"), Ok(bytes));
        }
    }
    for (i, r) in class(GOV_SCHOOL, 2, 6).iter().enumerate() {
        push(
            format!("p384-{i}"),
            Ok(signed(r, &p384, 3, T0 + 7 * i as i64)),
        );
    }
    for (i, r) in class(PRIVATE_SCHOOL, 3, 6).iter().enumerate() {
        push(
            format!("mixed-{i}"),
            Ok(signed(r, &mixed, 3, T0 + 11 * i as i64)),
        );
    }
    for (i, r) in class(GOV_SCHOOL, 4, 3).iter().enumerate() {
        push(format!("expired-{i}"), Ok(signed(r, &expired, 2, T0)));
    }
    // The Ed25519 records signed at a time the trust store has no valid path for yet.
    push(
        "early".into(),
        Ok(signed(&class(GOV_SCHOOL, 5, 1)[0], &ed, 3, 1_000_000_000)),
    );
    push(
        "garbage".into(),
        Ok(vec![0xd8, 0x62, 0x84, 0x40, 0xa0, 0xf6, 0x80]),
    );
    push("empty".into(), Ok(Vec::new()));
    push("unreadable-file".into(), Err("permission denied".into()));
    let first = out[0].1.clone();
    out.push(("duplicate".into(), first));
    out
}

/// A record's report, or the code of why there is none.
type Checked = Result<VerificationReport, &'static str>;

/// The single way: a fresh verifier per record.
fn single(
    bytes: &Result<Vec<u8>, String>,
    trust: &TrustStore,
) -> Result<VerificationReport, &'static str> {
    let bytes = bytes.as_ref().map_err(|_| "input_error")?;
    let record = UnverifiedRecord::from_bytes(bytes).map_err(|e| e.code())?;
    Ok(record.verify(trust, AT).into_parts().0)
}

fn bulk(
    inputs: &[(String, Result<Vec<u8>, String>)],
    trust: &TrustStore,
    options: &BulkOptions,
) -> (Vec<(String, Checked)>, BulkSummary) {
    let verifier = Verifier::new(trust, AT);
    let mut out = Vec::new();
    let summary = verify_stream(&verifier, options, inputs.to_vec(), |label, outcome| {
        let r = match outcome {
            Outcome::Checked(v) => Ok(v.into_parts().0),
            Outcome::Unreadable(e) => Err(e.code()),
            Outcome::Input(_) => Err("input_error"),
        };
        out.push((label, r));
    });
    (out, summary)
}

#[test]
fn bulk_equals_single_for_every_record_and_setting() {
    let trust = trust();
    let inputs = corpus();
    let expected: Vec<_> = inputs
        .iter()
        .map(|(l, b)| (l.clone(), single(b, &trust)))
        .collect();
    // The corpus really has every kind of outcome.
    let codes: std::collections::BTreeSet<&str> = expected
        .iter()
        .map(|(_, r)| match r {
            Ok(rep) => rep.error.unwrap_or("valid"),
            Err(c) => c,
        })
        .collect();
    for c in ["valid", "incomplete", "signature_invalid", "input_error"] {
        assert!(codes.contains(c), "corpus lacks {c}: {codes:?}");
    }
    assert!(codes.len() >= 7, "{codes:?}");
    // (threads, records per chunk, Ed25519 batches): one record per chunk, chunks that
    // split the corpus unevenly, one chunk for everything; batching off.
    for (threads, chunk, batch) in [(1, 64, true), (2, 1, true), (3, 5, true), (2, 7, false)] {
        let options = BulkOptions::new(threads)
            .with_chunk(chunk)
            .with_ed25519_batch(batch)
            .with_in_flight(threads + 1);
        let (got, summary) = bulk(&inputs, &trust, &options);
        assert_eq!(
            got, expected,
            "threads {threads}, chunk {chunk}, batch {batch}"
        );
        assert_eq!(summary.total, inputs.len() as u64);
        let valid = expected
            .iter()
            .filter(|(_, r)| matches!(r, Ok(rep) if rep.error.is_none()))
            .count();
        assert_eq!(summary.valid, valid as u64);
        assert_eq!(
            summary.valid
                + summary.invalid
                + summary.incomplete
                + summary.unreadable
                + summary.input_errors,
            summary.total
        );
        assert_eq!(summary.input_errors, 1);
        assert_eq!(
            summary.by_code.values().sum::<u64>(),
            summary.total - summary.valid
        );
        if batch {
            assert!(summary.batched_signatures > 0);
            assert!(
                summary.failed_batches >= 1,
                "the tampered records fail their batch"
            );
        } else {
            assert_eq!(summary.batched_signatures, 0);
        }
    }
}

#[test]
fn weak_key_and_small_order_r_are_not_batched() {
    use curve25519_dalek::edwards::CompressedEdwardsY;
    use ed25519_dalek::{Signature, VerifyingKey};
    // The identity point is of small order: as a key it is weak, as R it is refused.
    let identity = CompressedEdwardsY::default()
        .decompress()
        .expect("identity")
        .compress();
    let mut id_bytes = [0u8; 32];
    id_bytes[0] = 1;
    assert_eq!(identity.to_bytes(), id_bytes);
    let good = ed25519_dalek::SigningKey::from_bytes(&[7; 32]);
    let weak = VerifyingKey::from_bytes(&id_bytes).expect("decodes");
    let sig = ed25519_dalek::Signer::sign(&good, b"m");
    assert!(!batch::batchable(&weak, &sig));
    assert!(batch::batchable(&good.verifying_key(), &sig));
    let mut small_r = sig.to_bytes();
    small_r[..32].copy_from_slice(&id_bytes);
    assert!(!batch::batchable(
        &good.verifying_key(),
        &Signature::from_bytes(&small_r)
    ));
}

/// The byte screen agrees with the definition it replaces — `R` decompresses, is not of small
/// order, and is canonical (re-compresses to the same bytes) — on every encoding of a
/// small-order point (both sign bits), every non-canonical `y`, points with and without a
/// torsion component, and bytes that are not on the curve (a canonical one passes the screen and
/// is left to the batch, which fails and falls back to `verify_strict`).
#[test]
fn r_byte_screen_matches_decompression() {
    use curve25519_dalek::constants::{ED25519_BASEPOINT_POINT, EIGHT_TORSION};
    use curve25519_dalek::edwards::CompressedEdwardsY;
    use curve25519_dalek::scalar::Scalar;
    use ed25519_dalek::Signature;
    let key = ed25519_dalek::SigningKey::from_bytes(&[9; 32]).verifying_key();
    let screen = |r: [u8; 32]| {
        let mut sig = [0u8; 64];
        sig[..32].copy_from_slice(&r);
        batch::batchable(&key, &Signature::from_bytes(&sig))
    };
    let reference = |r: [u8; 32]| {
        CompressedEdwardsY(r)
            .decompress()
            .map(|p| !p.is_small_order() && p.compress().to_bytes() == r)
    };
    let mut candidates: Vec<[u8; 32]> = Vec::new();
    for t in EIGHT_TORSION {
        let b = t.compress().to_bytes();
        candidates.push(b);
        let mut flipped = b;
        flipped[31] ^= 0x80;
        candidates.push(flipped);
    }
    for low in 0xedu8..=0xff {
        let mut y = [0xffu8; 32];
        y[0] = low;
        y[31] = 0x7f;
        candidates.push(y);
        y[31] = 0xff;
        candidates.push(y);
    }
    let mut x = 0x2545_f491_4f6c_dd1du64;
    for i in 0..400u64 {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        let p = ED25519_BASEPOINT_POINT * Scalar::from(x);
        candidates.push(p.compress().to_bytes());
        candidates.push((p + EIGHT_TORSION[(i % 8) as usize]).compress().to_bytes());
        let mut junk = [0u8; 32];
        for (k, b) in junk.iter_mut().enumerate() {
            *b = (x >> (k % 8 * 8)) as u8 ^ k as u8;
        }
        candidates.push(junk);
    }
    let mut off_curve = 0;
    for r in candidates {
        match reference(r) {
            Some(batchable) => assert_eq!(screen(r), batchable, "R = {r:02x?}"),
            // Not a point: either answer is sound (a batch holding it fails and falls back).
            None => off_curve += 1,
        }
    }
    assert!(
        off_curve > 100,
        "the junk candidates exercise the off-curve case"
    );
}

#[test]
fn memory_is_bounded_by_in_flight_chunks() {
    let trust = trust();
    let ed = ed25519_signers();
    let one = signed(&class(GOV_SCHOOL, 1, 1)[0], &ed, 3, T0);
    let taken = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&taken);
    let n = 300;
    let inputs = (0..n).map(move |i| {
        counter.fetch_add(1, Ordering::SeqCst);
        (i, Ok::<_, ()>(one.clone()))
    });
    let verifier = Verifier::new(&trust, AT);
    let options = BulkOptions::new(2).with_chunk(4).with_in_flight(3);
    let mut delivered = 0usize;
    let mut max_outstanding = 0usize;
    let mut order = Vec::new();
    let summary = verify_stream(&verifier, &options, inputs, |i, outcome| {
        assert!(outcome.is_valid(), "{}", outcome.code());
        delivered += 1;
        order.push(i);
        max_outstanding = max_outstanding.max(taken.load(Ordering::SeqCst) - delivered);
    });
    assert_eq!(summary.valid, n as u64);
    assert_eq!(order, (0..n).collect::<Vec<_>>());
    // At most 3 chunks of 4 in flight, plus the one input the reader peeked at.
    assert!(
        max_outstanding <= 3 * 4 + 1,
        "{max_outstanding} records outstanding"
    );
}

#[test]
fn a_school_signs_in_bulk_in_process_and_externally() {
    let trust = trust();
    let ed = ed25519_signers();
    let mut records = class(GOV_SCHOOL, 8, 12);
    for r in &mut records {
        crate::synth::name_signers(r, ed[0].chain[0], ed[1].chain[0]);
    }
    let mut rng = TestRng(3);
    let t = UnixTime::from_secs(T0);
    // GVCN and principal with an in-process key, the seal through an "external" signer.
    let mut envelopes: Vec<Envelope> = records.iter().map(Envelope::new).collect();
    for s in &ed[..2] {
        envelopes = sign_all(envelopes, &s.key, s.role, &s.chain, t, &mut rng)
            .into_iter()
            .collect::<Result<_, _>>()
            .expect("in-process signing");
    }
    let seal = &ed[2];
    let prepared: Vec<_> = prepare_all(envelopes, seal.role, &seal.chain, Algorithm::EdDsa, t)
        .into_iter()
        .collect::<Result<_, _>>()
        .expect("prepare");
    let signatures: Vec<Vec<u8>> = prepared
        .iter()
        .map(|p| seal.key.sign(p.bytes(), &mut rng).expect("token"))
        .collect();
    // A wrong signature (another record's) is refused when attached, with the attach
    // diagnosis both formats share (ADR 0248): an Ed25519 signature over other bytes cannot be
    // told from one by another key.
    let wrong = attach_all(vec![(prepared[0].clone(), signatures[1].clone())]);
    assert_eq!(
        wrong[0].as_ref().map(|_| ()).unwrap_err().code(),
        "attach_wrong_key"
    );
    let done: Vec<Envelope> = attach_all(prepared.into_iter().zip(signatures))
        .into_iter()
        .collect::<Result<_, _>>()
        .expect("attach");
    let inputs: Vec<_> = done
        .iter()
        .map(|e| ((), Ok::<_, ()>(e.to_bytes().expect("bytes"))))
        .collect();
    let verifier = Verifier::new(&trust, AT);
    let summary = verify_stream(&verifier, &BulkOptions::new(2), inputs, |(), _| {});
    assert_eq!(summary.valid, 12, "{summary:?}");
    assert!(summary.all_valid());
}

/// A thread count of 0 or above `MAX_THREADS` is a typed error, never an allocation the process
/// cannot make; `new` clamps into the same range.
#[test]
fn thread_count_is_bounded() {
    use crate::bulk::{MAX_THREADS, OptionsError};
    for bad in [0, MAX_THREADS + 1, 2_147_483_648, usize::MAX] {
        let err = BulkOptions::try_new(bad).unwrap_err();
        assert_eq!(err, OptionsError::ThreadsOutOfRange { max: MAX_THREADS });
        let err = crate::Error::from(err);
        assert_eq!(err.code(), "threads_out_of_range");
        assert_eq!(err.class(), crate::ErrorClass::Unreadable);
        assert_eq!(
            BulkOptions::new(bad).threads.get(),
            if bad == 0 { 1 } else { MAX_THREADS }
        );
    }
    for good in [1, 2, MAX_THREADS] {
        assert_eq!(BulkOptions::try_new(good).unwrap().threads.get(), good);
    }
}

/// A signed national XML after a UTF-8 byte-order mark goes to the XML reader in bulk as it does
/// alone (ADR 0220: `InputKind::sniff`), which refuses it as `xml_malformed` — it used to be
/// reported `not_cose_sign` by bulk verification only.
#[test]
fn bom_xml_is_routed_to_the_xml_reader_in_bulk() {
    let xml: &[u8] = include_bytes!("../../../tests/vectors/signed_xml/valid_es256.xml");
    let mut bom = b"\xef\xbb\xbf".to_vec();
    bom.extend_from_slice(xml);
    assert_eq!(crate::InputKind::sniff(&bom), crate::InputKind::Xml);
    assert!(crate::moet::looks_like_xml(&bom));
    let (out, summary) = bulk(
        &[("bom.xml".to_owned(), Ok(bom))],
        &trust(),
        &BulkOptions::new(1),
    );
    assert_eq!(out.len(), 1);
    assert_eq!(out[0].1.as_ref().err(), Some(&"xml_malformed"));
    assert_eq!(summary.unreadable, 1);
}
