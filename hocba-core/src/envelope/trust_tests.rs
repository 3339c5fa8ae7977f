//! Issue 15 on the COSE records: the signer bound to the person named (ADR 0140), the checks
//! before signing (ADR 0142), later revocations shown and the strict policy (ADR 0141).

use super::tests::TestRng;
use super::*;
use crate::model::{PrincipalCapacity, Text, YearRecord};
use crate::trust::{PersonMatch, RevocationPolicy, TrustPolicy};

macro_rules! pki {
    ($path:literal) => {
        include_bytes!(concat!("../../../tests/vectors/pki/", $path)).as_slice()
    };
}

const GOV_CA: &[u8] = pki!("certs/gov-ca.der");
const GOV_CA_RSA: &[u8] = pki!("certs/gov-ca-rsa.der");
const PUBLIC_CA: &[u8] = pki!("certs/public-ca.der");
const TEACHER: &[u8] = pki!("certs/gvcn-ed25519.der");
const TEACHER_KEY: &[u8] = pki!("keys/gvcn-ed25519.pk8");
const PRINCIPAL: &[u8] = pki!("certs/principal-rsa-gov.der");
const PRINCIPAL_KEY: &[u8] = pki!("keys/principal-rsa-gov.pk8");
const SEAL: &[u8] = pki!("certs/seal-p384.der");
const SEAL_KEY: &[u8] = pki!("keys/seal-p384.pk8");

/// 2027-05-25T08:00:00Z.
const T0: i64 = 1_811_232_000;
/// 2027-06-01T00:00:00Z.
const AT: UnixTime = UnixTime::from_secs(1_811_808_000);

fn key(der: &[u8]) -> SigningKey {
    SigningKey::from_pkcs8_der(der, None).expect("key")
}

fn trust_with(policy: TrustPolicy) -> TrustStore {
    let mut t = TrustStore::new().with_policy(policy);
    t.add_roots_pem(pki!("roots.pem")).expect("roots");
    t.add_crl_der(pki!("crl/gov-ca.crl")).expect("crl");
    t
}

fn trust() -> TrustStore {
    trust_with(TrustPolicy::default())
}

/// A record of the test PKI's public school naming `teacher` and `principal`'s holders.
fn record_naming(teacher: &[u8], principal: &[u8]) -> YearRecord {
    let mut r = crate::synth::year_record(7);
    r.school.name = Text::new("Trường Tiểu học Thử Nghiệm Số 1").expect("text");
    r.principal.capacity = PrincipalCapacity::Principal;
    crate::synth::name_signers(&mut r, teacher, principal);
    r
}

type Signer<'a> = (&'a [u8], &'a [&'a [u8]], i64);

/// Signs `rec` by `signers` in role order, without the checks before signing (the point is to
/// make what an attacker or a careless tool would, and see verification refuse it).
fn forged(rec: &YearRecord, signers: &[Signer<'_>]) -> Vec<u8> {
    let mut e = Envelope::new(rec);
    for ((k, chain, t), role) in signers.iter().zip(ROLE_ORDER) {
        e = e
            .sign_with(
                &key(k),
                role,
                chain,
                UnixTime::from_secs(*t),
                &mut TestRng(5),
                &SignOptions::unchecked(),
            )
            .expect("sign");
    }
    e.to_bytes().expect("bytes")
}

fn report(bytes: &[u8], trust: &TrustStore, at: UnixTime) -> VerificationReport {
    UnverifiedRecord::from_bytes(bytes)
        .expect("read")
        .verify(trust, at)
        .into_parts()
        .0
}

fn codes(r: &VerificationReport) -> Vec<Option<&'static str>> {
    r.signers
        .iter()
        .map(|s| s.outcome.as_ref().err().map(SignerFailure::code))
        .collect()
}

const TEACHER_SIGNS: Signer<'static> = (TEACHER_KEY, &[TEACHER, GOV_CA], T0);
const PRINCIPAL_SIGNS: Signer<'static> = (PRINCIPAL_KEY, &[PRINCIPAL, GOV_CA_RSA], T0 + 60);
const SEAL_SIGNS: Signer<'static> = (SEAL_KEY, &[SEAL, GOV_CA], T0 + 120);

#[test]
fn the_right_people_sign_valid() {
    let rec = record_naming(TEACHER, PRINCIPAL);
    let r = report(
        &forged(&rec, &[TEACHER_SIGNS, PRINCIPAL_SIGNS, SEAL_SIGNS]),
        &trust(),
        AT,
    );
    assert_eq!((r.status, r.error), (Status::Valid, None), "{r:?}");
    assert!(r.signers.iter().all(|s| s.revoked_later.is_none()));
}

/// Each reproduction of issue 15 gives its code, not "valid".
#[test]
fn a_signature_is_tied_to_the_person_the_record_names() {
    let rec = record_naming(TEACHER, PRINCIPAL);
    let teacher_as_principal: Signer<'_> = (TEACHER_KEY, &[TEACHER, GOV_CA], T0 + 60);
    let principal_as_teacher: Signer<'_> = (PRINCIPAL_KEY, &[PRINCIPAL, GOV_CA_RSA], T0);
    let other_school_principal: Signer<'_> = (
        pki!("keys/principal-rsa.pk8"),
        &[pki!("certs/principal-rsa.der"), PUBLIC_CA],
        T0 + 60,
    );
    let other_teacher: Signer<'_> = (
        pki!("keys/gvcn-p256.pk8"),
        &[pki!("certs/gvcn-p256.der"), PUBLIC_CA],
        T0,
    );
    // Same name as the teacher named, another CCCD: the identifier decides.
    let namesake: Signer<'_> = (
        pki!("keys/gvcn-wrong-person.pk8"),
        &[pki!("certs/gvcn-wrong-person.der"), GOV_CA],
        T0,
    );
    type Case<'a> = (&'a str, [Signer<'a>; 3], [Option<&'a str>; 3]);
    let cases: [Case<'_>; 4] = [
        (
            "principal's signature made with the teacher's certificate",
            [TEACHER_SIGNS, teacher_as_principal, SEAL_SIGNS],
            [None, Some("signer_id_mismatch"), None],
        ),
        (
            "teacher's signature made with the principal's certificate",
            [principal_as_teacher, PRINCIPAL_SIGNS, SEAL_SIGNS],
            [Some("signer_id_mismatch"), None, None],
        ),
        (
            "a principal of another school",
            [TEACHER_SIGNS, other_school_principal, SEAL_SIGNS],
            [None, Some("signer_id_mismatch"), None],
        ),
        (
            "a teacher certificate with another name",
            [other_teacher, PRINCIPAL_SIGNS, SEAL_SIGNS],
            [Some("signer_id_mismatch"), None, None],
        ),
    ];
    for (what, signers, expected) in cases {
        let r = report(&forged(&rec, &signers), &trust(), AT);
        assert_eq!(r.status, Status::Invalid, "{what}");
        assert_eq!(codes(&r), expected, "{what}");
        assert!(
            r.to_text(crate::Lang::Vi).contains("✗"),
            "{what}: the signer is marked"
        );
    }
    let r = report(
        &forged(&rec, &[namesake, PRINCIPAL_SIGNS, SEAL_SIGNS]),
        &trust(),
        AT,
    );
    assert_eq!(r.error, Some("signer_id_mismatch"), "same name, other CCCD");

    // Without the record's identifier, the name is the fallback (the policy allows it).
    let mut no_id = rec.clone();
    no_id.homeroom_teacher.personal_id = None;
    let r = report(
        &forged(&no_id, &[other_teacher, PRINCIPAL_SIGNS, SEAL_SIGNS]),
        &trust(),
        AT,
    );
    assert_eq!(r.error, Some("signer_name_mismatch"));
    let namesake_bytes = forged(&no_id, &[namesake, PRINCIPAL_SIGNS, SEAL_SIGNS]);
    assert_eq!(report(&namesake_bytes, &trust(), AT).status, Status::Valid);
    // A policy requiring identifiers refuses the same record; `Off` accepts any person.
    let strict = TrustPolicy {
        person: PersonMatch::IdOnly,
        ..TrustPolicy::default()
    };
    let r = report(&namesake_bytes, &trust_with(strict), AT);
    assert_eq!(r.error, Some("signer_not_identified"));
    let off = TrustPolicy {
        person: PersonMatch::Off,
        ..TrustPolicy::default()
    };
    let r = report(
        &forged(&rec, &[other_teacher, PRINCIPAL_SIGNS, SEAL_SIGNS]),
        &trust_with(off),
        AT,
    );
    assert_eq!(r.status, Status::Valid);
}

#[test]
fn identifiers_are_read_in_the_forms_seen() {
    // CCCD in serialNumber instead of UID.
    let serial = pki!("certs/gvcn-serialnumber.der");
    let rec = record_naming(serial, PRINCIPAL);
    assert_eq!(
        rec.homeroom_teacher
            .personal_id
            .as_ref()
            .map(|i| i.as_str()),
        Some("001185000023")
    );
    let s: Signer<'_> = (pki!("keys/gvcn-serialnumber.pk8"), &[serial, GOV_CA], T0);
    let r = report(
        &forged(&rec, &[s, PRINCIPAL_SIGNS, SEAL_SIGNS]),
        &trust(),
        AT,
    );
    assert_eq!(r.status, Status::Valid, "{:?}", codes(&r));
    // A 9-digit CMND cannot be compared with the record's CCCD: the name decides.
    let cmnd = pki!("certs/principal-cmnd.der");
    let mut rec = record_naming(TEACHER, cmnd);
    assert_eq!(rec.principal.full_name.as_str(), "Lâm Văn Hải");
    rec.principal.personal_id = Some("001080000077".to_owned().try_into().expect("id"));
    let p: Signer<'_> = (pki!("keys/principal-cmnd.pk8"), &[cmnd, GOV_CA], T0 + 60);
    let bytes = forged(&rec, &[TEACHER_SIGNS, p, SEAL_SIGNS]);
    assert_eq!(report(&bytes, &trust(), AT).status, Status::Valid);
    rec.principal.full_name = Text::new("Lâm Văn Hà").expect("text");
    let bytes = forged(&rec, &[TEACHER_SIGNS, p, SEAL_SIGNS]);
    assert_eq!(
        report(&bytes, &trust(), AT).error,
        Some("signer_name_mismatch")
    );
}

#[test]
fn three_roles_are_three_certificates_and_persons() {
    // The teacher is named as both: the person check passes, the certificate is reused.
    let rec = record_naming(TEACHER, TEACHER);
    let twice: Signer<'_> = (TEACHER_KEY, &[TEACHER, GOV_CA], T0 + 60);
    let r = report(
        &forged(&rec, &[TEACHER_SIGNS, twice, SEAL_SIGNS]),
        &trust(),
        AT,
    );
    assert_eq!(codes(&r), [None, Some("certificate_reused"), None]);
    // One person with two certificates in two roles.
    let store = trust();
    let a = store.describe_leaf(TEACHER).expect("leaf");
    let mut b = store.describe_leaf(PRINCIPAL).expect("leaf");
    assert_eq!(
        crate::trust::check_distinct_signers(
            &b,
            SignerRole::Principal,
            &[(SignerRole::HomeroomTeacher, &a)]
        ),
        Ok(())
    );
    b.personal_ids = a.personal_ids.clone();
    assert_eq!(
        crate::trust::check_distinct_signers(
            &b,
            SignerRole::Principal,
            &[(SignerRole::HomeroomTeacher, &a)]
        )
        .map_err(|e| e.code()),
        Err("signer_reused")
    );
}

fn prepare_code(
    rec: &YearRecord,
    role: SignerRole,
    chain: &[&[u8]],
    opts: &SignOptions<'_>,
) -> Result<(), &'static str> {
    let mut e = Envelope::new(rec);
    if role != SignerRole::HomeroomTeacher {
        e = e
            .sign(
                &key(TEACHER_KEY),
                SignerRole::HomeroomTeacher,
                &[TEACHER, GOV_CA],
                UnixTime::from_secs(T0),
                &mut TestRng(1),
            )
            .expect("teacher");
    }
    if role == SignerRole::SchoolSeal {
        e = e
            .sign(
                &key(PRINCIPAL_KEY),
                SignerRole::Principal,
                &[PRINCIPAL, GOV_CA_RSA],
                UnixTime::from_secs(T0 + 60),
                &mut TestRng(1),
            )
            .expect("principal");
    }
    let alg = crate::envelope::PublicKey::from_certificate_der(chain[0])
        .map(|k| match k.kind() {
            KeyKind::Rsa { .. } => Algorithm::Rs256,
            _ => k.default_algorithm(),
        })
        .map_err(|e| e.code())?;
    e.prepare_with(role, chain, alg, UnixTime::from_secs(T0 + 120), opts)
        .map(|_| ())
        .map_err(|e| e.code())
}

/// `prepare` refuses, with verification's codes, what verification would refuse.
#[test]
fn checks_before_signing_refuse_with_the_verification_codes() {
    let rec = record_naming(TEACHER, PRINCIPAL);
    let d = SignOptions::default();
    let gvcn = SignerRole::HomeroomTeacher;
    let cases: [(&str, SignerRole, &[&[u8]], &str); 8] = [
        (
            "organisation certificate as GVCN",
            gvcn,
            &[SEAL, GOV_CA],
            "organisation_cert_for_person",
        ),
        (
            "personal certificate as the seal",
            SignerRole::SchoolSeal,
            &[pki!("certs/principal-ed25519.der"), GOV_CA],
            "personal_cert_for_seal",
        ),
        (
            "expired",
            gvcn,
            &[pki!("certs/bad-expired.der"), GOV_CA],
            "cert_expired",
        ),
        (
            "not yet valid",
            gvcn,
            &[pki!("certs/bad-not-yet-valid.der"), GOV_CA],
            "cert_not_yet_valid",
        ),
        (
            "keyUsage without digitalSignature",
            gvcn,
            &[pki!("certs/bad-no-digital-signature.der"), GOV_CA],
            "missing_digital_signature",
        ),
        (
            "a CA certificate",
            gvcn,
            &[GOV_CA],
            "missing_digital_signature",
        ),
        (
            "another person",
            gvcn,
            &[pki!("certs/gvcn-wrong-person.der"), GOV_CA],
            "signer_id_mismatch",
        ),
        (
            "the seal of another school",
            SignerRole::SchoolSeal,
            &[pki!("certs/seal-rsa.der"), PUBLIC_CA],
            "school_mismatch",
        ),
    ];
    for (what, role, chain, code) in cases {
        assert_eq!(prepare_code(&rec, role, chain, &d), Err(code), "{what}");
    }
    // Revocation and the chain need the caller's trust.
    let revoked: &[&[u8]] = &[pki!("certs/bad-revoked.der"), GOV_CA];
    let mut rec_revoked = rec.clone();
    crate::synth::name_signers(&mut rec_revoked, revoked[0], PRINCIPAL);
    assert_eq!(prepare_code(&rec_revoked, gvcn, revoked, &d), Ok(()));
    let t = trust();
    assert_eq!(
        prepare_code(&rec_revoked, gvcn, revoked, &SignOptions::with_trust(&t)),
        Err("cert_revoked")
    );
    let unknown: &[&[u8]] = &[
        pki!("certs/bad-unknown-root.der"),
        pki!("certs/unknown-ca.der"),
    ];
    let mut rec_unknown = rec.clone();
    crate::synth::name_signers(&mut rec_unknown, unknown[0], PRINCIPAL);
    assert_eq!(
        prepare_code(&rec_unknown, gvcn, unknown, &SignOptions::with_trust(&t)),
        Err("unknown_issuer")
    );
    assert_eq!(
        prepare_code(&rec, gvcn, &[TEACHER, GOV_CA], &SignOptions::with_trust(&t)),
        Ok(())
    );
    // Each check is turned off only by name.
    let wrong: &[&[u8]] = &[pki!("certs/gvcn-wrong-person.der"), GOV_CA];
    assert_eq!(
        prepare_code(&rec, gvcn, wrong, &d.without(SignCheck::Person)),
        Ok(())
    );
    assert_eq!(
        prepare_code(&rec, gvcn, &[SEAL, GOV_CA], &d.without(SignCheck::Person)),
        Err("organisation_cert_for_person")
    );
    assert_eq!(
        prepare_code(&rec, gvcn, &[SEAL, GOV_CA], &SignOptions::unchecked()),
        Ok(())
    );
}

#[test]
fn a_record_with_tt27_errors_is_refused_before_signing() {
    let mut rec = record_naming(TEACHER, PRINCIPAL);
    rec.subjects.push(rec.subjects[0].clone());
    let errors = crate::rules::validate(&rec, &crate::rules::Policy::default());
    assert!(!errors.is_ok());
    let e = Envelope::new(&rec);
    let refused = e
        .sign(
            &key(TEACHER_KEY),
            SignerRole::HomeroomTeacher,
            &[TEACHER, GOV_CA],
            UnixTime::from_secs(T0),
            &mut TestRng(1),
        )
        .map(|_| ())
        .unwrap_err();
    assert_eq!(refused.code(), "record_has_errors");
    assert!(
        refused.message_vi().contains("phải sửa trước khi ký"),
        "{}",
        refused.message_vi()
    );
    assert!(!refused.to_string().contains(rec.pupil.full_name.as_str()));
    // A record awaiting the supplementary assessment: the caller says so.
    let opts = SignOptions::default().without(SignCheck::Record);
    assert!(
        e.sign_with(
            &key(TEACHER_KEY),
            SignerRole::HomeroomTeacher,
            &[TEACHER, GOV_CA],
            UnixTime::from_secs(T0),
            &mut TestRng(1),
            &opts
        )
        .is_ok()
    );
}

/// A certificate revoked on 2026-03-01 (no reason given) signs on 2026-12-03 claiming
/// 2026-01-15: valid under the default policy, but the report shows the revocation; invalid
/// under the strict policy.
#[test]
fn back_dated_after_revocation_shows_revoked_later_and_is_invalid_under_strict() {
    let revoked = pki!("certs/revoked-no-reason.der");
    let rec = record_naming(revoked, PRINCIPAL);
    let claimed = 1_768_435_200; // 2026-01-15T00:00:00Z
    let verified = UnixTime::from_secs(1_796_256_000); // 2026-12-03T00:00:00Z
    let signers: [Signer<'_>; 3] = [
        (
            pki!("keys/revoked-no-reason.pk8"),
            &[revoked, GOV_CA],
            claimed,
        ),
        (PRINCIPAL_KEY, &[PRINCIPAL, GOV_CA_RSA], claimed + 60),
        (SEAL_KEY, &[SEAL, GOV_CA], claimed + 120),
    ];
    let bytes = forged(&rec, &signers);
    let r = report(&bytes, &trust(), verified);
    assert_eq!(r.status, Status::Valid);
    let later = r.signers[0].revoked_later.expect("revoked_later");
    assert_eq!(later.revoked_at.to_rfc3339(), "2026-03-01T00:00:00Z");
    assert_eq!(later.reason, None);
    let j = r.to_json(crate::Lang::En);
    assert_eq!(
        j["signers"][0]["revoked_later"]["revoked_at"],
        "2026-03-01T00:00:00Z"
    );
    assert_eq!(
        j["signers"][0]["revoked_later"]["reason"],
        serde_json::Value::Null
    );
    assert_eq!(j["signers"][1]["revoked_later"], serde_json::Value::Null);
    assert!(
        r.to_text(crate::Lang::Vi)
            .contains("bị thu hồi sau thời điểm ký được khai: 2026-03-01")
    );
    assert!(r.to_text(crate::Lang::En).contains("no reason given"));

    let policy = TrustPolicy {
        revocation: RevocationPolicy::Strict,
        ..TrustPolicy::default()
    };
    let r = report(&bytes, &trust_with(policy), verified);
    assert_eq!(r.status, Status::Invalid);
    assert_eq!(codes(&r), [Some("revoked_after_claimed_time"), None, None]);
    assert_eq!(
        r.signers[0]
            .revoked_later
            .map(|l| l.revoked_at.to_rfc3339())
            .as_deref(),
        Some("2026-03-01T00:00:00Z")
    );

    // The affiliationChanged revocation of 2027-03-01: its reason is shown.
    let moved = pki!("certs/revoked-after-signing.der");
    let rec = record_naming(moved, PRINCIPAL);
    let bytes = forged(
        &rec,
        &[
            (
                pki!("keys/revoked-after-signing.pk8"),
                &[moved, GOV_CA],
                T0 - 86_400 * 100,
            ),
            PRINCIPAL_SIGNS,
            SEAL_SIGNS,
        ],
    );
    let r = report(&bytes, &trust(), AT);
    assert_eq!(r.status, Status::Valid);
    assert_eq!(
        r.signers[0].revoked_later.and_then(|l| l.reason_code()),
        Some("affiliation_changed")
    );
    assert_eq!(
        RevocationPolicy::from_code("strict"),
        Some(RevocationPolicy::Strict)
    );
}

/// ADR 0140 before signing: a certificate or a person that signed an earlier role is refused
/// by `prepare` with verification's codes (`certificate_reused`, `signer_reused`), through the
/// same `trust::check_distinct_signers`; only `without(SignCheck::Certificate)` lets it through.
#[test]
fn an_earlier_roles_certificate_or_person_is_refused_before_signing() {
    let d = SignOptions::default();
    // The teacher is named as both: the person check passes, the certificate is reused.
    let rec = record_naming(TEACHER, TEACHER);
    let principal = SignerRole::Principal;
    assert_eq!(
        prepare_code(&rec, principal, &[TEACHER, GOV_CA], &d),
        Err("certificate_reused")
    );
    assert_eq!(
        prepare_code(
            &rec,
            principal,
            &[TEACHER, GOV_CA],
            &d.without(SignCheck::Certificate)
        ),
        Ok(())
    );
    // Two certificates of one name: under a policy that reads no identifier from
    // certificates, they are one person (ADR 0140: without identifiers the name decides).
    let namesake = pki!("certs/gvcn-wrong-person.der");
    let rec = record_naming(TEACHER, namesake);
    let mut policy = TrustPolicy::default();
    policy.person_ids.prefixes.clear();
    policy.person_ids.bare_serial_number = false;
    let nameless = trust_with(policy);
    let refused = Envelope::new(&rec)
        .sign_with(
            &key(TEACHER_KEY),
            SignerRole::HomeroomTeacher,
            &[TEACHER, GOV_CA],
            UnixTime::from_secs(T0),
            &mut TestRng(1),
            &SignOptions::with_trust(&nameless),
        )
        .expect("teacher")
        .prepare_with(
            principal,
            &[namesake, GOV_CA],
            Algorithm::EdDsa,
            UnixTime::from_secs(T0 + 60),
            &SignOptions::with_trust(&nameless),
        )
        .map(|_| ())
        .map_err(|e| e.code());
    assert_eq!(refused, Err("signer_reused"));
    // Under the default policy the CCCDs differ: two persons, accepted.
    assert_eq!(
        prepare_code(&rec, principal, &[namesake, GOV_CA], &d),
        Ok(())
    );
}
