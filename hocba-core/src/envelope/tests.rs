//! Unit tests of the envelope (fixtures: `testdata/`, made by `testdata/make.sh`).

use super::transcript::{self, UnverifiedTranscript};
use super::*;
use crate::model::{Correction, PrincipalCapacity, Sha256Digest, Text, YearRecord};

macro_rules! pki {
    ($path:literal) => {
        include_bytes!(concat!("../../../tests/vectors/pki/", $path)).as_slice()
    };
}

const ROOTS: &[u8] = pki!("roots.pem");
const GOV_CA: &[u8] = pki!("certs/gov-ca.der");
const GOV_CA_RSA: &[u8] = pki!("certs/gov-ca-rsa.der");
const PUBLIC_CA: &[u8] = pki!("certs/public-ca.der");
const TEACHER: &[u8] = pki!("certs/gvcn-ed25519.der");
const TEACHER_KEY: &[u8] = pki!("keys/gvcn-ed25519.pk8");
const PRINCIPAL: &[u8] = pki!("certs/principal-rsa-gov.der");
const PRINCIPAL_KEY: &[u8] = pki!("keys/principal-rsa-gov.pk8");
const VICE: &[u8] = pki!("certs/vice-principal-ed25519.der");
const VICE_KEY: &[u8] = pki!("keys/vice-principal-ed25519.pk8");
const SEAL: &[u8] = pki!("certs/seal-p384.der");
const SEAL_KEY: &[u8] = pki!("keys/seal-p384.pk8");
const TEACHER_P256: &[u8] = pki!("certs/gvcn-p256.der");
const TEACHER_P256_KEY: &[u8] = pki!("keys/gvcn-p256.pk8");
const TEACHER_RSA: &[u8] = pki!("certs/gvcn-rsa.der");
const TEACHER_RSA_KEY: &[u8] = pki!("keys/gvcn-rsa.pk8");

/// 2027-05-25T08:00:00Z.
const T0: i64 = 1_811_232_000;

fn time(secs: i64) -> UnixTime {
    UnixTime::from_secs(secs)
}
/// 2027-06-01T00:00:00Z.
const AT: UnixTime = UnixTime::from_secs(1_811_808_000);

/// A deterministic RNG for tests (SHA-256 in counter mode).
pub(crate) struct TestRng(pub(crate) u64);

impl super::Randomness for TestRng {
    fn fill(&mut self, dst: &mut [u8]) -> Result<(), super::RandomnessFailed> {
        use sha2::Digest;
        for chunk in dst.chunks_mut(32) {
            self.0 += 1;
            let h = sha2::Sha256::digest(self.0.to_le_bytes());
            chunk.copy_from_slice(&h[..chunk.len()]);
        }
        Ok(())
    }
}

fn trust() -> TrustStore {
    let mut t = TrustStore::new();
    t.add_roots_pem(ROOTS).expect("roots");
    t.add_crl_der(pki!("crl/gov-ca.crl")).expect("crl");
    t
}

fn key(der: &[u8], alg: Option<Algorithm>) -> SigningKey {
    SigningKey::from_pkcs8_der(der, alg).expect("key")
}

/// The school of the test PKI's government-tree certificates.
const PKI_SCHOOL: &str = "Trường Tiểu học Thử Nghiệm Số 1";

/// A synthetic record moved to the test PKI's school (the seal must name the school), naming
/// as its signers the holders of the certificates [`sign_all`] uses (ADR 0140).
fn at_pki_school(mut rec: YearRecord) -> YearRecord {
    rec.school.name = Text::new(PKI_SCHOOL).expect("text");
    let principal = match rec.principal.capacity {
        PrincipalCapacity::Principal => PRINCIPAL,
        _ => VICE,
    };
    crate::synth::name_signers(&mut rec, TEACHER, principal);
    rec
}

fn record() -> YearRecord {
    let mut rec = crate::synth::year_record(7);
    rec.principal.capacity = PrincipalCapacity::Principal;
    at_pki_school(rec)
}

fn sign_all(record: &YearRecord) -> Vec<u8> {
    let mut rng = TestRng(1);
    let (principal, principal_key): (&[&[u8]], _) = match record.principal.capacity {
        PrincipalCapacity::Principal => (&[PRINCIPAL, GOV_CA_RSA], key(PRINCIPAL_KEY, None)),
        _ => (&[VICE, GOV_CA], key(VICE_KEY, None)),
    };
    let e = Envelope::new(record)
        .sign(
            &key(TEACHER_KEY, None),
            SignerRole::HomeroomTeacher,
            &[TEACHER, GOV_CA],
            time(T0),
            &mut rng,
        )
        .and_then(|e| {
            e.sign(
                &principal_key,
                SignerRole::Principal,
                principal,
                time(T0 + 3600),
                &mut rng,
            )
        })
        .and_then(|e| {
            e.sign(
                &key(SEAL_KEY, None),
                SignerRole::SchoolSeal,
                &[SEAL, GOV_CA],
                time(T0 + 7200),
                &mut rng,
            )
        })
        .expect("signing");
    e.to_bytes().expect("bytes")
}

fn verify(bytes: &[u8]) -> Result<VerificationReport, EnvelopeError> {
    Ok(UnverifiedRecord::from_bytes(bytes)?
        .verify(&trust(), AT)
        .into_parts()
        .0)
}

fn error_of(bytes: &[u8]) -> &'static str {
    match verify(bytes) {
        Ok(r) => r.error.unwrap_or("valid"),
        Err(e) => e.code(),
    }
}

#[test]
fn three_signers_verify_and_report_who_signed() {
    let rec = record();
    let bytes = sign_all(&rec);
    let (report, verified) = UnverifiedRecord::from_bytes(&bytes)
        .expect("read")
        .verify(&trust(), AT)
        .into_parts();
    assert_eq!(
        report.status,
        Status::Valid,
        "{}",
        report.to_text(crate::Lang::En)
    );
    assert_eq!(report.error, None);
    assert!(report.missing.is_empty());
    // A COSE report says its format; it has no slots (ADR 0260).
    let j = report.to_json(crate::Lang::En);
    assert_eq!(
        (j["ok"].as_bool(), j["format"].as_str()),
        (Some(true), Some("cose"))
    );
    assert!(j.get("required_roles").is_none() && j.get("missing_slots").is_none());
    assert!(j["signers"][0].get("slot").is_none());
    assert!(
        report
            .to_text(crate::Lang::Vi)
            .starts_with("Trạng thái: hợp lệ\n")
    );
    let roles: Vec<_> = report.signers.iter().map(|s| s.role).collect();
    assert_eq!(roles, ROLE_ORDER);
    let algs: Vec<_> = report.signers.iter().map(|s| s.algorithm).collect();
    assert_eq!(algs, [Algorithm::EdDsa, Algorithm::Ps256, Algorithm::Es384]);
    let names: Vec<_> = report
        .signers
        .iter()
        .map(|s| s.certificate.as_ref().expect("cert").subject_name.clone())
        .collect();
    assert_eq!(
        names,
        [
            "Nguyễn Thị Lan",
            "Bùi Văn Nam",
            "Trường Tiểu học Thử Nghiệm Số 1"
        ]
    );
    let orgs: Vec<_> = report
        .signers
        .iter()
        .map(|s| s.certificate.as_ref().and_then(|c| c.is_organisation))
        .collect();
    assert_eq!(orgs, [Some(false), Some(false), Some(true)]);
    assert_eq!(report.signers[1].capacity, Some(rec.principal.capacity));
    assert_eq!(report.signers[0].signing_time, time(T0));
    let verified = verified.expect("verified");
    assert_eq!(verified.get(), &rec);
    assert_eq!(verified.signed_bytes(), bytes.as_slice());
    assert_eq!(verified.digest(), report.digest);
}

#[test]
fn envelope_bytes_have_the_documented_shape() {
    let bytes = sign_all(&record());
    assert_eq!(&bytes[..3], &[0xd8, 0x62, 0x84], "tag 98, array(4)");
    let body = header::body_header();
    assert_eq!(body[..3], [0xa1, 0x03, 0x78], "map(1), 3: text(…)");
    assert_eq!(&bytes[3..5], &[0x58, body.len() as u8], "bstr(body header)");
    // The teacher's protected header: map(4) {1: -8, 33: bstr, -70001: "gvcn", -70002: T0}.
    let h = SignerHeader::encode(
        Algorithm::EdDsa,
        &[TEACHER],
        SignerRole::HomeroomTeacher,
        T0 as u64,
        None,
    )
    .expect("header");
    assert_eq!(&h[..3], &[0xa4, 0x01, 0x27], "map(4), 1: -8");
    assert_eq!(
        &h[3..8],
        &[0x18, 0x21, 0x59, 0x02, 0x43],
        "33: bstr(579), as in signature.md"
    );
    assert_eq!(&h[8..8 + TEACHER.len()], TEACHER);
    let tail = [
        0x3a, 0x00, 0x01, 0x11, 0x70, // -70001
        0x64, b'g', b'v', b'c', b'n', // "gvcn"
        0x3a, 0x00, 0x01, 0x11, 0x71, // -70002
        0x1a, 0x6b, 0xf5, 0x35, 0x00, // 1811232000
    ];
    assert_eq!(&h[h.len() - tail.len()..], &tail);
    use super::header::{self, SignerHeader};
}

#[test]
fn each_algorithm_signs_and_verifies() {
    let rec = record();
    type Case<'a> = (&'a [&'a [u8]], &'a [u8], Option<Algorithm>);
    let cases: [Case<'_>; 5] = [
        (&[TEACHER, GOV_CA], TEACHER_KEY, None),
        (
            &[pki!("certs/gvcn-p384.der"), GOV_CA],
            pki!("keys/gvcn-p384.pk8"),
            None,
        ),
        (&[TEACHER_P256, PUBLIC_CA], TEACHER_P256_KEY, None),
        (
            &[TEACHER_RSA, PUBLIC_CA],
            TEACHER_RSA_KEY,
            Some(Algorithm::Ps256),
        ),
        (
            &[TEACHER_RSA, PUBLIC_CA],
            TEACHER_RSA_KEY,
            Some(Algorithm::Rs256),
        ),
    ];
    let mut seen = Vec::new();
    for (cert, k, alg) in cases {
        let k = key(k, alg);
        let mut rec = rec.clone();
        crate::synth::name_signers(&mut rec, cert[0], PRINCIPAL);
        let e = Envelope::new(&rec)
            .sign(
                &k,
                SignerRole::HomeroomTeacher,
                cert,
                time(T0),
                &mut TestRng(9),
            )
            .expect("sign");
        let r = verify(&e.to_bytes().expect("bytes")).expect("read");
        assert_eq!(r.status, Status::Incomplete);
        assert_eq!(r.error, Some("incomplete"));
        assert_eq!(r.missing, [SignerRole::Principal, SignerRole::SchoolSeal]);
        assert_eq!(
            r.signers[0].outcome,
            Ok(()),
            "{}",
            r.to_text(crate::Lang::En)
        );
        seen.push(r.signers[0].algorithm);
    }
    assert_eq!(
        seen,
        [
            Algorithm::EdDsa,
            Algorithm::Es384,
            Algorithm::Es256,
            Algorithm::Ps256,
            Algorithm::Rs256
        ]
    );
}

/// A COSE `--attach` names the likely cause of a signature that does not verify with the same
/// diagnosis and codes as the national XML's (`crate::envelope::diagnose`): the other RSA
/// padding, a PSS salt other than 32, the digest hashed again, text instead of raw bytes.
#[test]
fn cose_attach_names_the_likely_cause_as_the_xml_path_does() {
    use rsa::signature::RandomizedSigner as _;
    let rec = record();
    let e = Envelope::new(&rec)
        .sign(
            &key(TEACHER_KEY, None),
            SignerRole::HomeroomTeacher,
            &[TEACHER, GOV_CA],
            time(T0),
            &mut TestRng(1),
        )
        .expect("gvcn");
    let tbs = || {
        e.prepare(
            SignerRole::Principal,
            &[PRINCIPAL, GOV_CA_RSA],
            Algorithm::Ps256,
            time(T0 + 3600),
        )
        .expect("prepare")
    };
    let bytes = tbs().bytes().to_vec();
    let cause = |sig: &[u8]| match tbs().attach(sig) {
        Err(EnvelopeError::AttachRefused { cause }) => cause.code(),
        other => panic!("{:?}", other.map(|_| ())),
    };
    let pkcs1 = key(PRINCIPAL_KEY, Some(Algorithm::Rs256))
        .sign(&bytes, &mut TestRng(2))
        .expect("sign");
    assert_eq!(cause(&pkcs1), "attach_pkcs1_not_pss");
    let rsa_key: rsa::PrivateKey =
        rsa::pkcs8::DecodePrivateKey::from_pkcs8_der(PRINCIPAL_KEY).expect("rsa key");
    let salt_max = rsa::pss::SigningKey::<sha2::Sha256>::new_with_salt_len(rsa_key, 222)
        .try_sign_with_rng(&mut super::RandCore(&mut TestRng(3)), &bytes)
        .expect("pss");
    let salt_max: Box<[u8]> = salt_max.into();
    assert_eq!(cause(&salt_max), "attach_pss_salt_length");
    let pss = key(PRINCIPAL_KEY, Some(Algorithm::Ps256));
    let digest = tbs().digest().to_vec();
    let double = pss.sign(&digest, &mut TestRng(4)).expect("sign");
    assert_eq!(cause(&double), "attach_digest_signed_as_message");
    let good = pss.sign(&bytes, &mut TestRng(5)).expect("sign");
    assert_eq!(cause(hex::encode(&good).as_bytes()), "attach_hex_not_raw");
    let other = key(TEACHER_RSA_KEY, Some(Algorithm::Ps256))
        .sign(&bytes, &mut TestRng(6))
        .expect("sign");
    assert_eq!(cause(&other), "attach_wrong_key");
    let err = tbs().attach(&other).map(|_| ()).unwrap_err();
    let vi = crate::Error::from(err).message(crate::Lang::Vi);
    assert!(vi.starts_with("chữ ký bị từ chối: "), "{vi}");
    assert!(tbs().attach(&good).is_ok());
}

#[test]
fn key_and_algorithm_must_fit() {
    assert_eq!(
        SigningKey::from_pkcs8_der(TEACHER_KEY, Some(Algorithm::Es256)).map(|_| ()),
        Err(EnvelopeError::KeyAlgorithmMismatch)
    );
    let e = Envelope::new(&record());
    assert_eq!(
        e.prepare(
            SignerRole::HomeroomTeacher,
            &[TEACHER, GOV_CA],
            Algorithm::Rs256,
            time(T0)
        )
        .map(|_| ())
        .map_err(|e| e.code()),
        Err("key_algorithm_mismatch")
    );
}

/// Positions of the parts of a signed record, for tampering.
fn parts(bytes: &[u8]) -> cose::SignRanges {
    cose::parse(bytes).expect("parse")
}

#[test]
fn flipped_bits_break_the_signatures_that_cover_them() {
    let bytes = sign_all(&record());
    let p = parts(&bytes);
    // A bit of the seal's signature: only the seal fails.
    let mut b = bytes.clone();
    b[p.signatures[2].signature.start + 5] ^= 0x01;
    let r = verify(&b).expect("read");
    let outcomes: Vec<_> = r
        .signers
        .iter()
        .map(|s| s.outcome.as_ref().err().map(|e| e.code()))
        .collect();
    assert_eq!(outcomes, [None, None, Some("signature_invalid")]);
    assert_eq!(r.status, Status::Invalid);
    // A bit of the teacher's signature: the teacher and every later signer fail.
    let mut b = bytes.clone();
    b[p.signatures[0].signature.start + 5] ^= 0x01;
    let r = verify(&b).expect("read");
    assert!(
        r.signers
            .iter()
            .all(|s| s.outcome == Err(SignerFailure::Signature))
    );
    assert_eq!(r.error, Some("signature_invalid"));
    // A bit inside the teacher's certificate in the protected header.
    let mut b = bytes.clone();
    b[p.signatures[0].protected.start + 40] ^= 0x01;
    assert_ne!(error_of(&b), "valid");
    // A bit of the signing time (last byte of the teacher's header).
    let mut b = bytes.clone();
    b[p.signatures[0].protected.end - 1] ^= 0x01;
    assert_eq!(error_of(&b), "signature_invalid");
    // A bit of the payload inside a text value: still canonical, signatures fail.
    let payload = &bytes[p.payload.clone()];
    let at = payload
        .windows(4)
        .position(|w| w == b"Toan" || w == b"tt27" || w == b"TT27")
        .expect("a known text");
    let mut b = bytes.clone();
    b[p.payload.start + at] ^= 0x20; // flips the case of one ASCII letter
    assert_eq!(error_of(&b), "signature_invalid");
}

#[test]
fn removed_reordered_or_swapped_earlier_signatures_are_detected() {
    let rec = record();
    let bytes = sign_all(&rec);
    let p = parts(&bytes);
    let sig = |i: usize| bytes[p.signatures[i].whole.clone()].to_vec();
    let body = header::body_header();
    let payload = bytes[p.payload.clone()].to_vec();
    let rebuild = |sigs: Vec<Vec<u8>>| {
        let s: Vec<&[u8]> = sigs.iter().map(Vec::as_slice).collect();
        cose::encode_sign(&body, &payload, &s)
    };
    // Unchanged rebuild is byte-identical.
    assert_eq!(rebuild(vec![sig(0), sig(1), sig(2)]), bytes);
    // Teacher removed.
    assert_eq!(
        error_of(&rebuild(vec![sig(1), sig(2)])),
        "role_out_of_order"
    );
    // Teacher and principal swapped.
    assert_eq!(
        error_of(&rebuild(vec![sig(1), sig(0), sig(2)])),
        "role_out_of_order"
    );
    // Teacher's signature replaced by another valid teacher signature (signed later).
    let other = Envelope::new(&rec)
        .sign(
            &key(TEACHER_KEY, None),
            SignerRole::HomeroomTeacher,
            &[TEACHER, GOV_CA],
            time(T0 + 60),
            &mut TestRng(3),
        )
        .expect("sign")
        .to_bytes()
        .expect("bytes");
    let q = parts(&other);
    let swapped = rebuild(vec![
        other[q.signatures[0].whole.clone()].to_vec(),
        sig(1),
        sig(2),
    ]);
    let r = verify(&swapped).expect("read");
    let outcomes: Vec<_> = r
        .signers
        .iter()
        .map(|s| s.outcome.as_ref().err().map(|e| e.code()))
        .collect();
    assert_eq!(
        outcomes,
        [None, Some("signature_invalid"), Some("signature_invalid")]
    );
    // Seal removed: the rest is a valid but incomplete record.
    let r = verify(&rebuild(vec![sig(0), sig(1)])).expect("read");
    assert_eq!(
        (r.status, r.missing.as_slice()),
        (Status::Incomplete, &[SignerRole::SchoolSeal][..])
    );
    use super::header;
}

#[test]
fn principal_signing_on_behalf_is_carried_and_checked() {
    let mut rec = record();
    rec.principal.capacity = PrincipalCapacity::OnBehalf;
    let rec = at_pki_school(rec);
    let bytes = sign_all(&rec);
    let r = verify(&bytes).expect("read");
    assert_eq!(r.status, Status::Valid);
    assert_eq!(r.signers[1].capacity, Some(PrincipalCapacity::OnBehalf));
    let text = r.to_text(crate::Lang::Vi);
    assert!(text.contains("KT. Hiệu trưởng"), "{text}");
}

#[test]
fn signing_time_in_the_future_or_out_of_order_is_refused() {
    const SKEW: i64 = crate::trust::DEFAULT_FUTURE_SKEW_SECS;
    let rec = record();
    let late = Envelope::new(&rec)
        .sign(
            &key(TEACHER_KEY, None),
            SignerRole::HomeroomTeacher,
            &[TEACHER, GOV_CA],
            time(AT.secs() + SKEW + 1),
            &mut TestRng(1),
        )
        .expect("sign");
    assert_eq!(
        error_of(&late.to_bytes().expect("bytes")),
        "signing_time_in_future"
    );
    let within_skew = Envelope::new(&rec)
        .sign(
            &key(TEACHER_KEY, None),
            SignerRole::HomeroomTeacher,
            &[TEACHER, GOV_CA],
            time(AT.secs() + SKEW),
            &mut TestRng(1),
        )
        .expect("sign");
    assert_eq!(
        error_of(&within_skew.to_bytes().expect("bytes")),
        "incomplete"
    );
    let backwards = Envelope::new(&rec)
        .sign(
            &key(TEACHER_KEY, None),
            SignerRole::HomeroomTeacher,
            &[TEACHER, GOV_CA],
            time(T0),
            &mut TestRng(1),
        )
        .and_then(|e| {
            e.sign(
                &key(PRINCIPAL_KEY, None),
                SignerRole::Principal,
                &[PRINCIPAL],
                time(T0 - SKEW - 1),
                &mut TestRng(1),
            )
        })
        .expect("sign");
    assert_eq!(
        error_of(&backwards.to_bytes().expect("bytes")),
        "signing_time_order"
    );
}

#[test]
fn certificate_refused_by_the_trust_store_is_reported() {
    let bytes = sign_all(&record());
    let empty = TrustStore::new();
    let r = UnverifiedRecord::from_bytes(&bytes)
        .expect("read")
        .verify(&empty, AT)
        .into_parts()
        .0;
    assert_eq!(r.status, Status::Invalid);
    assert_eq!(r.error, Some("unknown_issuer"));
    assert!(r.signers.iter().all(|s| s.certificate.is_some()));
}

#[test]
fn external_signing_round_trip_through_a_file() {
    // The principal below signs with the P-256 certificate: the record names its holder.
    let mut rec = record();
    crate::synth::name_signers(&mut rec, TEACHER, TEACHER_P256);
    let e = Envelope::new(&rec);
    let tbs = e
        .prepare(
            SignerRole::HomeroomTeacher,
            &[TEACHER, GOV_CA],
            Algorithm::EdDsa,
            time(T0),
        )
        .expect("prepare");
    let file = tbs.to_file_bytes();
    let back = ToBeSigned::from_file_bytes(&file).expect("read tbs");
    assert_eq!(back.bytes(), tbs.bytes());
    assert_eq!(back.digest().len(), 32);
    let summary = back.summary(crate::Lang::Vi);
    assert!(
        summary.contains("Giáo viên chủ nhiệm") && summary.contains("Nguyễn Thị Lan"),
        "{summary}"
    );
    assert!(
        summary.contains(rec.pupil.full_name.as_str()),
        "the signer sees whose record it is"
    );
    // A wrong signature is refused with its likely cause (other bytes: attach_wrong_key).
    let wrong = key(TEACHER_KEY, None)
        .sign(b"something else", &mut TestRng(1))
        .expect("sign");
    assert_eq!(
        back.clone().attach(&wrong).map(|_| ()),
        Err(EnvelopeError::AttachRefused {
            cause: super::AttachCause::WrongKey
        })
    );
    let sig = key(TEACHER_KEY, None)
        .sign(back.bytes(), &mut TestRng(1))
        .expect("sign");
    let e = back.attach(&sig).expect("attach");
    // The principal signs externally with an ECDSA key that returns DER (as tokens do).
    let tbs = e
        .prepare(
            SignerRole::Principal,
            &[TEACHER_P256, PUBLIC_CA],
            Algorithm::Es256,
            time(T0 + 10),
        )
        .expect("prepare");
    let tbs = ToBeSigned::from_file_bytes(&tbs.to_file_bytes()).expect("read tbs");
    use p256::ecdsa::signature::Signer;
    use p256::pkcs8::DecodePrivateKey;
    let sk = p256::ecdsa::SigningKey::from_pkcs8_der(TEACHER_P256_KEY).expect("key");
    let der: p256::ecdsa::DerSignature = sk.sign(tbs.bytes());
    let e = tbs.attach(der.as_bytes()).expect("attach DER");
    assert_eq!(
        e.roles(),
        [SignerRole::HomeroomTeacher, SignerRole::Principal]
    );
    assert_eq!(e.next_role(), Some(SignerRole::SchoolSeal));
    let r = verify(&e.to_bytes().expect("bytes")).expect("read");
    assert_eq!(r.status, Status::Incomplete);
    // Wrong role order is refused at prepare.
    assert_eq!(
        e.prepare(
            SignerRole::Principal,
            &[PRINCIPAL, GOV_CA_RSA],
            Algorithm::Ps256,
            time(T0)
        )
        .map(|_| ())
        .map_err(|e| e.code()),
        Err("role_out_of_order")
    );
}

#[test]
fn strict_reading_refuses_non_deterministic_or_foreign_input() {
    let bytes = sign_all(&record());
    // Untagged.
    assert_eq!(error_of(&bytes[2..]), "not_cose_sign");
    // Trailing byte.
    let mut b = bytes.clone();
    b.push(0);
    assert_eq!(error_of(&b), "envelope_malformed");
    // Non-shortest array head for the outer array (0x84 → 0x98 0x04).
    let mut b = bytes[..2].to_vec();
    b.extend_from_slice(&[0x98, 0x04]);
    b.extend_from_slice(&bytes[3..]);
    assert_eq!(error_of(&b), "envelope_not_deterministic");
    // Indefinite-length outer array.
    let mut b = bytes[..2].to_vec();
    b.push(0x9f);
    b.extend_from_slice(&bytes[3..]);
    b.push(0xff);
    assert_eq!(error_of(&b), "envelope_not_deterministic");
    // Unsorted signer header keys: swap the order of alg and x5chain is not expressible by
    // a flip, so build a header with a duplicate key instead.
    let mut h = vec![0xa2, 0x01, 0x27, 0x01, 0x27];
    assert_eq!(
        SignerHeader::decode(&h).map(|_| ()),
        Err(EnvelopeError::NotDeterministic {
            at: "signer header key order"
        })
    );
    h[3] = 0x18;
    assert!(SignerHeader::decode(&h).is_err());
    // Garbage.
    assert_eq!(error_of(b"hello"), "unrecognised_input");
    assert_eq!(error_of(&[]), "unrecognised_input");
    assert_eq!(error_of(b"{}"), "not_cose_sign");
    use super::header::SignerHeader;
}

#[test]
fn non_canonical_payload_is_refused() {
    let rec = record();
    let bytes = sign_all(&rec);
    let p = parts(&bytes);
    let mut payload = bytes[p.payload.clone()].to_vec();
    payload.push(b' ');
    let s: Vec<&[u8]> = p
        .signatures
        .iter()
        .map(|s| &bytes[s.whole.clone()])
        .collect();
    let b = cose::encode_sign(&header::body_header(), &payload, &s);
    assert_eq!(error_of(&b), "payload_not_canonical");
    use super::header;
}

fn correction_of(signed: &[u8], rec: &YearRecord, reason: &str) -> (YearRecord, Vec<u8>) {
    let mut fixed = rec.clone();
    fixed.class_name = Text::new(format!("{}*", rec.class_name.as_str())).expect("text");
    fixed.correction = Some(Correction {
        supersedes: Sha256Digest::of(signed),
        reason: Text::new(reason).expect("text"),
    });
    // A replacement gets a new lookup code (CV 2088 §1).
    let mut fresh = [0u8; 16];
    fresh.copy_from_slice(&Sha256Digest::of(reason.as_bytes()).0[..16]);
    fixed.lookup_code = Some(crate::model::LookupCode::from_random_bytes(fresh));
    let b = sign_all(&fixed);
    (fixed, b)
}

#[test]
fn transcript_with_a_correction_reports_current_revision_and_history() {
    let mut t = crate::synth::demo_transcript();
    t.years = t.years.into_iter().map(at_pki_school).collect();
    let signed: Vec<Vec<u8>> = t.years.iter().map(sign_all).collect();
    let (_, fix) = correction_of(&signed[1], &t.years[1], "Sửa tên lớp");
    let (_, fix2) = correction_of(&fix, &t.years[1], "Sửa lần hai");
    let mut all: Vec<&[u8]> = signed.iter().map(Vec::as_slice).collect();
    all.push(&fix);
    all.push(&fix2);
    let container = transcript::encode(&all);
    let v = UnverifiedTranscript::from_bytes(&container)
        .expect("read")
        .verify(&trust(), AT);
    let r = v.report();
    assert_eq!((r.status, r.error), (Status::Valid, None), "{:?}", r.issues);
    assert_eq!(r.years.len(), t.years.len());
    let y = &r.years[1];
    assert_eq!(y.revisions.len(), 3);
    assert_eq!(y.revisions[0].supersedes, None);
    assert_eq!(y.revisions[1].supersedes, Some(y.revisions[0].digest));
    assert_eq!(y.current, y.revisions[2].digest);
    let verified = v.verified().expect("verified");
    assert_eq!(verified.len(), t.years.len());
    assert!(verified[1].correction.is_some());

    // A correction whose target is absent, a fork, another pupil.
    let container = transcript::encode(&[&signed[0], &fix2]);
    let r = UnverifiedTranscript::from_bytes(&container)
        .expect("read")
        .verify(&trust(), AT)
        .into_parts()
        .0;
    assert_eq!(r.error, Some("correction_target_missing"));
    let (_, fork) = correction_of(&signed[1], &t.years[1], "Sửa khác");
    let container = transcript::encode(&[&signed[1], &fix, &fork]);
    let r = UnverifiedTranscript::from_bytes(&container)
        .expect("read")
        .verify(&trust(), AT)
        .into_parts()
        .0;
    assert_eq!(r.error, Some("correction_fork"));
    let other = crate::synth::transcript(99, crate::synth::Path::Regular);
    let stranger = sign_all(&at_pki_school(other.years[2].clone()));
    let container = transcript::encode(&[&signed[0], &signed[1], &stranger]);
    let r = UnverifiedTranscript::from_bytes(&container)
        .expect("read")
        .verify(&trust(), AT)
        .into_parts()
        .0;
    assert!(
        r.issues.iter().any(|i| i.code == "pupil_mismatch"),
        "{:?}",
        r.issues
    );

    // A correction that keeps the lookup code of the record it replaces (CV 2088 §1).
    let (mut same_code, _) = correction_of(&signed[1], &t.years[1], "Giữ mã cũ");
    same_code.lookup_code = t.years[1].lookup_code;
    assert!(same_code.lookup_code.is_some());
    let same_code = sign_all(&same_code);
    let container = transcript::encode(&[&signed[0], &signed[1], &same_code]);
    let r = UnverifiedTranscript::from_bytes(&container)
        .expect("read")
        .verify(&trust(), AT)
        .into_parts()
        .0;
    assert_eq!(
        (r.status, r.error),
        (Status::Invalid, Some("lookup_code_reused"))
    );
    assert_eq!(r.issues.len(), 1, "{:?}", r.issues);
    assert_eq!(r.issues[0].record, 2);
}

#[test]
fn report_json_has_stable_fields() {
    let r = verify(&sign_all(&record())).expect("read");
    let j = r.to_json(crate::Lang::En);
    assert_eq!(j["status"], "valid");
    assert_eq!(j["signers"][0]["role"], "gvcn");
    assert_eq!(j["signers"][1]["algorithm"], "PS256");
    assert_eq!(j["signers"][0]["signing_time"], "2027-05-25T08:00:00Z");
    assert_eq!(
        j["signers"][2]["certificate"]["subject_name"],
        "Trường Tiểu học Thử Nghiệm Số 1"
    );
    assert_eq!(j["signers"][2]["certificate"]["is_organisation"], true);
}

/// The `Sig_structure` held as parts gives, written out or fed piece by piece, the bytes of
/// the two-step definition (chained external data first), for every number of earlier
/// signatures and for heads of every width.
#[test]
fn sig_structure_in_parts_equals_the_two_step_one() {
    let body = [0xa1, 0x03, 0x00];
    let protected = vec![0x5au8; 300];
    let payload = vec![0x42u8; 70_000];
    let sigs: Vec<Vec<u8>> = [10usize, 200, 70_000]
        .iter()
        .map(|&n| (0..n).map(|i| i as u8).collect())
        .collect();
    for k in 0..=sigs.len() {
        let earlier: Vec<&[u8]> = sigs[..k].iter().map(Vec::as_slice).collect();
        let tbs = super::cose::SigStructure {
            body_protected: &body,
            sign_protected: &protected,
            earlier: &earlier,
            payload: &payload,
        };
        let expected = super::cose::sig_structure(
            &body,
            Some(&protected),
            &super::cose::chained_aad(&earlier),
            &payload,
        );
        assert_eq!(tbs.to_vec(), expected, "{k} earlier signatures");
        assert_eq!(tbs.len(), expected.len());
        let mut fed = Vec::new();
        tbs.for_each_piece(|p| fed.extend_from_slice(p));
        assert_eq!(fed, expected);
    }
}

mod ed25519_streamed {
    //! `ed25519_verify_strict_streamed` against `verify_strict` itself (ADR 0074): the same
    //! answer on valid signatures, on every kind of bad `R` and `s`, on weak keys, on changed
    //! messages, whatever the pieces the message is fed in.
    use curve25519_dalek::constants::EIGHT_TORSION;
    use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};
    use proptest::prelude::*;

    use super::super::alg::ed25519_verify_strict_streamed;

    fn streamed(key: &VerifyingKey, msg: &[u8], sig: &Signature, cuts: &[usize]) -> bool {
        ed25519_verify_strict_streamed(key, sig, |feed| {
            let mut at = 0;
            for &c in cuts {
                let c = c.min(msg.len()).max(at);
                feed(&msg[at..c]);
                at = c;
            }
            feed(&msg[at..]);
        })
    }

    /// Both answers, asserted equal; returns the answer.
    fn same(key: &VerifyingKey, msg: &[u8], sig: &Signature, cuts: &[usize]) -> bool {
        let strict = key.verify_strict(msg, sig).is_ok();
        assert_eq!(
            streamed(key, msg, sig, cuts),
            strict,
            "sig {:02x?}",
            sig.to_bytes()
        );
        strict
    }

    fn with_r(sig: &Signature, r: [u8; 32]) -> Signature {
        let mut b = sig.to_bytes();
        b[..32].copy_from_slice(&r);
        Signature::from_bytes(&b)
    }

    /// Every `R` a strict verifier must refuse on its bytes: the small-order points with either
    /// sign bit, and non-canonical `y`s (2²⁵⁵ − 19 + k), with either sign bit.
    fn hostile_rs() -> Vec<[u8; 32]> {
        let mut out = Vec::new();
        for p in EIGHT_TORSION {
            let r = p.compress().to_bytes();
            out.push(r);
            let mut flipped = r;
            flipped[31] ^= 0x80;
            out.push(flipped);
        }
        for k in 0..19u8 {
            let mut y = [0xffu8; 32];
            y[0] = 0xed + k;
            y[31] = 0x7f;
            out.push(y);
            y[31] |= 0x80;
            out.push(y);
        }
        out
    }

    #[test]
    fn valid_signatures_and_every_hostile_r_agree() {
        let key = SigningKey::from_bytes(&[7; 32]);
        let vk = key.verifying_key();
        let msg = b"Sig_structure of a hoc ba record".repeat(40);
        let sig = key.sign(&msg);
        assert!(same(&vk, &msg, &sig, &[0, 5, 300, 301]));
        assert!(same(&vk, &msg, &sig, &[]));
        for r in hostile_rs() {
            assert!(!same(&vk, &msg, &with_r(&sig, r), &[17]));
        }
        // R plus a torsion point: a different, valid-looking point that does not verify.
        let r = curve25519_dalek::edwards::CompressedEdwardsY(*sig.r_bytes())
            .decompress()
            .unwrap();
        for t in EIGHT_TORSION.iter().skip(1) {
            let mixed = (r + t).compress().to_bytes();
            assert!(!same(&vk, &msg, &with_r(&sig, mixed), &[64]));
        }
    }

    #[test]
    fn non_canonical_s_and_weak_keys_agree() {
        let key = SigningKey::from_bytes(&[9; 32]);
        let msg = b"ky so hieu truong";
        let sig = key.sign(msg);
        // s + l: the same point equation, refused by both as non-canonical.
        let l: [u8; 32] = [
            0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9,
            0xde, 0x14, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10,
        ];
        let mut b = sig.to_bytes();
        let mut carry = 0u16;
        for i in 0..32 {
            let v = u16::from(b[32 + i]) + u16::from(l[i]) + carry;
            b[32 + i] = v as u8;
            carry = v >> 8;
        }
        assert!(!same(
            &key.verifying_key(),
            msg,
            &Signature::from_bytes(&b),
            &[3]
        ));
        // Weak keys (small-order points): refused whatever the signature.
        for p in EIGHT_TORSION {
            if let Ok(weak) = VerifyingKey::from_bytes(&p.compress().to_bytes()) {
                assert!(!same(&weak, msg, &sig, &[]));
                // The classic forgery for the identity key: R = identity, s = 0.
                let mut forged = [0u8; 64];
                forged[0] = 1;
                assert!(!same(&weak, msg, &Signature::from_bytes(&forged), &[]));
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]
        #[test]
        fn random_keys_messages_pieces_and_bit_flips_agree(
            seed in any::<[u8; 32]>(),
            msg in proptest::collection::vec(any::<u8>(), 0..600),
            cuts in proptest::collection::vec(0usize..700, 0..6),
            flip in proptest::option::of((0usize..64, 0u8..8)),
            flip_msg in proptest::option::of(0usize..600),
        ) {
            let key = SigningKey::from_bytes(&seed);
            let sig = key.sign(&msg);
            let mut cuts = cuts;
            cuts.sort_unstable();
            let mut b = sig.to_bytes();
            if let Some((i, bit)) = flip {
                b[i] ^= 1 << bit;
            }
            let mut m = msg.clone();
            if let (Some(i), false) = (flip_msg, m.is_empty()) {
                let i = i % m.len();
                m[i] ^= 1;
            }
            let ok = same(&key.verifying_key(), &m, &Signature::from_bytes(&b), &cuts);
            prop_assert_eq!(ok, flip.is_none() && (flip_msg.is_none() || msg.is_empty()));
        }

        #[test]
        fn random_r_bytes_agree(seed in any::<[u8; 32]>(), r in any::<[u8; 32]>()) {
            let key = SigningKey::from_bytes(&seed);
            let msg = b"any message";
            let sig = key.sign(msg);
            prop_assert!(!same(&key.verifying_key(), msg, &with_r(&sig, r), &[4]) || r == *sig.r_bytes());
        }
    }
}

/// A year dropped from a container: every remaining record verifies, but the container is not
/// the whole học bạ — the default verification runs the cross-year rules and says invalid
/// (issue 14, item 4).
#[test]
fn a_dropped_year_does_not_verify() {
    let mut t = crate::synth::demo_transcript();
    t.years = t.years.into_iter().map(at_pki_school).collect();
    let signed: Vec<Vec<u8>> = t.years.iter().map(sign_all).collect();
    let whole: Vec<&[u8]> = signed.iter().map(Vec::as_slice).collect();
    let r = UnverifiedTranscript::from_bytes(&transcript::encode(&whole))
        .expect("read")
        .verify(&trust(), AT)
        .into_parts()
        .0;
    assert_eq!(
        (r.status, r.error),
        (Status::Valid, None),
        "{:?}",
        r.findings
    );
    let dropped: Vec<&[u8]> = whole
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != 2)
        .map(|(_, b)| *b)
        .collect();
    let r = UnverifiedTranscript::from_bytes(&transcript::encode(&dropped))
        .expect("read")
        .verify(&trust(), AT)
        .into_parts()
        .0;
    assert_eq!(r.status, Status::Invalid);
    assert_eq!(
        r.error,
        Some("school_years_not_consecutive"),
        "{:?}",
        r.findings
    );
    assert!(r.findings.iter().any(|f| f.blocking));
}

/// The signer header is one table (`signer_header!`, ADR 0211): its encoder writes the labels in
/// table order with the map's length from the fields present, and its decoder reads them back,
/// refusing a label the table does not list and a required one missing.
#[test]
fn signer_header_table_encodes_and_decodes_every_label() {
    use super::header::SignerHeader;
    let h = SignerHeader::encode(
        Algorithm::EdDsa,
        &[&[0x01, 0x02, 0x03]],
        SignerRole::Principal,
        0x0102_0304,
        Some(PrincipalCapacity::OnBehalf),
    )
    .unwrap();
    let want = [
        &[0xa5][..],                           // map(5)
        &[0x01, 0x27],                         // 1 (alg): -8 (EdDSA)
        &[0x18, 0x21, 0x43, 0x01, 0x02, 0x03], // 33 (x5chain): h'010203'
        &[0x3a, 0x00, 0x01, 0x11, 0x70, 0x6b], // -70001 (role): text(11)
        b"hieu_truong",                        //   "hieu_truong"
        &[0x3a, 0x00, 0x01, 0x11, 0x71],       // -70002 (signing time)
        &[0x1a, 0x01, 0x02, 0x03, 0x04],       //   0x01020304
        &[0x3a, 0x00, 0x01, 0x11, 0x72, 0x6e], // -70003 (capacity): text(14)
        b"kt_hieu_truong",                     //   "kt_hieu_truong"
    ]
    .concat();
    assert_eq!(h, want);
    let back = SignerHeader::decode(&h).unwrap();
    assert_eq!(
        (back.alg, back.role, back.signing_time, back.capacity),
        (
            Algorithm::EdDsa,
            SignerRole::Principal,
            0x0102_0304,
            Some(PrincipalCapacity::OnBehalf)
        )
    );
    assert_eq!(back.chain, vec![6..9]); // the certificate inside the header bytes
    // A label the table does not list (2), in key order before the others.
    let unknown = [&[0xa5, 0x01, 0x27, 0x02, 0x00][..], &h[3..]].concat();
    let unknown = [&[0xa6][..], &unknown[1..]].concat();
    assert!(matches!(
        SignerHeader::decode(&unknown),
        Err(EnvelopeError::SignerHeader {
            what: "unknown label"
        })
    ));
    // The role missing (and with it the capacity, present iff the role is the principal's).
    let no_role = [&[0xa3][..], &h[1..9]].concat();
    let no_role = [
        &no_role[..],
        &[0x3a, 0x00, 0x01, 0x11, 0x71, 0x1a, 1, 2, 3, 4],
    ]
    .concat();
    assert!(matches!(
        SignerHeader::decode(&no_role),
        Err(EnvelopeError::SignerHeader {
            what: "missing role"
        })
    ));
}

/// A principal's RS256 signature prepared over the GVCN-signed test record, and the RSA
/// private key of its certificate, for signatures a token makes the wrong way.
fn rs256_tbs() -> (ToBeSigned, rsa::PrivateKey) {
    let e = Envelope::new(&record())
        .sign(
            &key(TEACHER_KEY, None),
            SignerRole::HomeroomTeacher,
            &[TEACHER, GOV_CA],
            time(T0),
            &mut TestRng(1),
        )
        .expect("gvcn");
    let tbs = e
        .prepare(
            SignerRole::Principal,
            &[PRINCIPAL, GOV_CA_RSA],
            Algorithm::Rs256,
            time(T0 + 3600),
        )
        .expect("prepare");
    let rsa_key = rsa::pkcs8::DecodePrivateKey::from_pkcs8_der(PRINCIPAL_KEY).expect("rsa key");
    (tbs, rsa_key)
}

/// Raw RSA PKCS#1 v1.5 with `prefix` before `hashed` (`Pkcs1v15Sign` with no hash check): what a
/// token's raw "sign hash" mode (CKM_RSA_PKCS) makes of the bytes it is handed.
fn raw_pkcs1(k: &rsa::PrivateKey, prefix: &[u8], hashed: &[u8]) -> Vec<u8> {
    let scheme = rsa::pkcs1v15::Pkcs1v15Sign {
        hash_len: None,
        prefix: prefix.into(),
    };
    k.sign(scheme, hashed).expect("raw sign")
}

/// ADR 0272: a PKCS#1 v1.5 signature over the bare SHA-256 digest (no DigestInfo), or with the
/// DigestInfo of another hash, is named with its fix, in both languages; the SHA-256 DigestInfo
/// the hint tells the signer to prepend is the one RS256 verifies.
#[test]
fn attach_names_a_pkcs1_signature_without_the_sha256_digest_info() {
    use super::attach::digest_info;
    use sha2::Digest as _;
    let (tbs, k) = rs256_tbs();
    let digest = tbs.digest();
    let bytes = tbs.bytes().to_vec();
    let refused = |sig: &[u8]| match tbs.clone().attach(sig) {
        Err(EnvelopeError::AttachRefused { cause }) => cause,
        other => panic!("{:?}", other.map(|_| ())),
    };
    // The token's raw "sign hash" mode given the bare digest.
    let bare = raw_pkcs1(&k, &[], &digest);
    let cause = refused(&bare);
    assert_eq!(cause, AttachCause::Pkcs1NoDigestInfo);
    assert_eq!(cause.code(), "attach_pkcs1_no_digest_info");
    assert!(
        cause.hint_en().contains("without the DigestInfo"),
        "{}",
        cause.hint_en()
    );
    assert!(
        cause
            .hint_en()
            .contains("3031300d060960864801650304020105000420")
    );
    assert!(
        cause.hint_vi().contains("thiếu tiền tố DigestInfo"),
        "{}",
        cause.hint_vi()
    );
    let err = tbs.clone().attach(&bare).map(|_| ()).unwrap_err();
    let vi = crate::Error::from(err).message(crate::Lang::Vi);
    assert!(vi.contains("CKM_SHA256_RSA_PKCS"), "{vi}");
    // The fix the hint gives: the SHA-256 DigestInfo prefix, then the digest.
    assert_eq!(
        hex::encode(digest_info::SHA256),
        "3031300d060960864801650304020105000420"
    );
    let fixed = raw_pkcs1(&k, &digest_info::SHA256, &digest);
    assert!(tbs.clone().attach(&fixed).is_ok());
    // SHA-1 chosen on the token (SHA1withRSA over the bytes).
    let sha1 = <sha1::Sha1 as sha1::Digest>::digest(&bytes).to_vec();
    let cause = refused(&raw_pkcs1(&k, &digest_info::SHA1, &sha1));
    assert_eq!(
        cause,
        AttachCause::Pkcs1OtherHash {
            hash: OtherHash::Sha1
        }
    );
    assert_eq!(cause.code(), "attach_pkcs1_wrong_hash");
    assert!(
        cause.hint_en().contains("names SHA-1, not SHA-256"),
        "{}",
        cause.hint_en()
    );
    assert!(
        cause.hint_vi().contains("ghi SHA-1 thay vì SHA-256"),
        "{}",
        cause.hint_vi()
    );
    // SHA-512 over the bytes, and SHA-384's DigestInfo put before the SHA-256 digest.
    let sha512 = sha2::Sha512::digest(&bytes).to_vec();
    assert_eq!(
        refused(&raw_pkcs1(&k, &digest_info::SHA512, &sha512)),
        AttachCause::Pkcs1OtherHash {
            hash: OtherHash::Sha512
        }
    );
    let p = &digest_info::SHA384;
    let mut sha384_over_sha256 = vec![0x30, (p.len() - 4 + 2 + 32) as u8];
    sha384_over_sha256.extend_from_slice(&p[2..p.len() - 2]);
    sha384_over_sha256.extend_from_slice(&[0x04, 0x20]);
    assert_eq!(
        refused(&raw_pkcs1(&k, &sha384_over_sha256, &digest)),
        AttachCause::Pkcs1OtherHash {
            hash: OtherHash::Sha384
        }
    );
    // Another key's bare-digest signature is not taken for this mistake.
    let other: rsa::PrivateKey =
        rsa::pkcs8::DecodePrivateKey::from_pkcs8_der(TEACHER_RSA_KEY).expect("rsa key");
    assert_eq!(
        refused(&raw_pkcs1(&other, &[], &digest)),
        AttachCause::WrongKey
    );
}

/// With PS256 prepared, a PKCS#1 v1.5 signature without the DigestInfo is named by its padding
/// first (`attach_pkcs1_not_pss`): PSS is what must change.
#[test]
fn a_bare_digest_pkcs1_signature_for_ps256_is_named_pkcs1_not_pss() {
    let e = Envelope::new(&record())
        .sign(
            &key(TEACHER_KEY, None),
            SignerRole::HomeroomTeacher,
            &[TEACHER, GOV_CA],
            time(T0),
            &mut TestRng(1),
        )
        .expect("gvcn");
    let tbs = e
        .prepare(
            SignerRole::Principal,
            &[PRINCIPAL, GOV_CA_RSA],
            Algorithm::Ps256,
            time(T0 + 3600),
        )
        .expect("prepare");
    let (_, k) = rs256_tbs();
    let bare = raw_pkcs1(&k, &[], &tbs.digest());
    match tbs.attach(&bare) {
        Err(EnvelopeError::AttachRefused { cause }) => {
            assert_eq!(cause, AttachCause::Pkcs1InsteadOfPss)
        }
        other => panic!("{:?}", other.map(|_| ())),
    }
}

/// ADR 0271: COSE `prepare` runs the national XML's chain-order check, naming the fault (before,
/// a chain given CA first was judged as if the CA's certificate were the signer's).
#[test]
fn cose_prepare_refuses_a_chain_out_of_order_with_the_xml_paths_check() {
    use crate::xmldsig::ChainFault;
    let e = Envelope::new(&record());
    let prepare = |chain: &[&[u8]]| {
        e.prepare(
            SignerRole::HomeroomTeacher,
            chain,
            Algorithm::EdDsa,
            time(T0),
        )
    };
    assert!(prepare(&[TEACHER, GOV_CA]).is_ok());
    let gov_root = pki!("certs/gov-root.der");
    for (chain, fault) in [
        (&[GOV_CA, TEACHER][..], ChainFault::LeafNotFirst),
        (&[TEACHER, gov_root, GOV_CA][..], ChainFault::NotIssuer),
        (&[TEACHER, GOV_CA, GOV_CA][..], ChainFault::Repeated),
    ] {
        // The same fault as the XML path's reading of the same chain.
        assert_eq!(
            crate::xmldsig::chain_order(chain),
            Err(crate::xmldsig::ChainOrderError::Fault(fault))
        );
        let err = prepare(chain).map(|_| ()).unwrap_err();
        assert_eq!(err, EnvelopeError::ChainOrder { fault });
        assert_eq!(err.code(), "chain_order");
        assert!(err.to_string().contains(fault.hint_en()), "{err}");
        let vi = crate::Error::from(err).message(crate::Lang::Vi);
        assert!(vi.contains(fault.hint_vi()), "{vi}");
    }
    // In-process signing prepares the same way.
    let signed = e.sign(
        &key(TEACHER_KEY, None),
        SignerRole::HomeroomTeacher,
        &[GOV_CA, TEACHER],
        time(T0),
        &mut TestRng(1),
    );
    assert_eq!(
        signed.map(|_| ()),
        Err(EnvelopeError::ChainOrder {
            fault: ChainFault::LeafNotFirst
        })
    );
}

/// ADR 0273: `attach_with` re-runs the chain-to-roots check when given roots (a chain that
/// leads to none of them is refused with verification's code before anything is written), and
/// says the chain was not checked when given none.
#[test]
fn attach_checks_the_chain_to_roots_when_given_them() {
    let (tbs, k) = rs256_tbs();
    let sig = raw_pkcs1(&k, &super::attach::digest_info::SHA256, &tbs.digest());
    let ok = tbs
        .clone()
        .attach_with(&sig, Some(&trust()))
        .expect("attach");
    match &ok.roots {
        RootsCheck::Chained { root } => assert!(!root.is_empty()),
        other => panic!("{other:?}"),
    }
    assert_eq!(ok.roots.code(), "chained");
    let not = tbs.clone().attach_with(&sig, None).expect("attach");
    assert_eq!(not.roots, RootsCheck::NotChecked);
    assert!(not.roots.message(crate::Lang::En).contains("not checked"));
    assert!(not.roots.message(crate::Lang::Vi).contains("chưa kiểm tra"));
    // Roots of another tree: the certificate does not chain to them.
    let mut other = TrustStore::new();
    other
        .add_roots_pem(pki!("certs/unknown-root.pem"))
        .expect("root");
    let err = tbs.attach_with(&sig, Some(&other)).map(|_| ()).unwrap_err();
    assert!(matches!(err, EnvelopeError::Refused(_)), "{err:?}");
    assert_eq!(err.code(), "unknown_issuer");
}
