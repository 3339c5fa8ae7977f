//! Kind `verify`: signed year records (and transcript containers) verified against the test
//! PKI, expecting `{"ok": true}`, the first failing signer's code, `incomplete` for a record
//! awaiting a later signer, or a reading error's code.
//!
//! Fields: `trust` (paths of root certificates, PEM or DER), `crls` (paths of CRLs, DER),
//! `at` (the verification time, RFC 3339) and `type` (`year_record` or `transcript`).
//!
//! The certificates and keys are those of the test PKI (kind `pki`, [`crate::pki`]).

use std::io;
use std::path::Path;

use hocba_core::envelope::transcript::{self, UnverifiedTranscript};
use hocba_core::envelope::{Envelope, SignerRole, SigningKey, UnverifiedRecord};
use hocba_core::model::{Correction, PrincipalCapacity, Sha256Digest, Text, YearRecord};
use hocba_core::{TrustStore, UnixTime};
use serde_json::{Value, json};
use sha2::Digest;

use super::{Kind, outcome};
use crate::vectors::{Case, Expect, Out, read};

/// The kind.
pub const KIND: Kind = Kind {
    name: "verify",
    generate,
    run,
};

/// First signing time of the vectors: 2026-06-01T00:00:00Z (the PKI's reference time).
const T0: i64 = crate::pki::REFERENCE_SIGNING_TIME;
/// The verification time of the vectors.
const AT: &str = "2026-06-15T00:00:00Z";
const AT_SECS: i64 = T0 + 14 * 86_400;
const GOV_SCHOOL: &str = "Trường Tiểu học Thử Nghiệm Số 1";
pub(crate) const PRIVATE_SCHOOL: &str = "Trường Tiểu học Tư thục Thử Nghiệm";
pub(crate) const CRLS: [&str; 3] = [
    "pki/crl/gov-ca.crl",
    "pki/crl/gov-ca-rsa.crl",
    "pki/crl/public-ca.crl",
];

/// A deterministic RNG for the RSA-PSS salts (SHA-256 in counter mode).
pub(crate) struct SeededRng(pub(crate) u64);

impl hocba_core::envelope::Randomness for SeededRng {
    fn fill(&mut self, dst: &mut [u8]) -> Result<(), hocba_core::envelope::RandomnessFailed> {
        for chunk in dst.chunks_mut(32) {
            self.0 += 1;
            let h = sha2::Sha256::digest(
                [b"hocba-verify-vectors/".as_slice(), &self.0.to_le_bytes()].concat(),
            );
            chunk.copy_from_slice(&h[..chunk.len()]);
        }
        Ok(())
    }
}

/// The PKI files, by path relative to `pki/`.
pub(crate) struct Pki(pub(crate) Vec<(String, Vec<u8>)>);

impl Pki {
    pub(crate) fn file(&self, rel: &str) -> &[u8] {
        &self.0.iter().find(|(p, _)| p == rel).expect("PKI file").1
    }
    /// The chain of `name` (leaf + intermediates), DER.
    pub(crate) fn chain(&self, name: &str) -> Vec<Vec<u8>> {
        let pem = String::from_utf8_lossy(self.file(&format!("chains/{name}.pem"))).into_owned();
        pem.split_inclusive("-----END CERTIFICATE-----\n")
            .filter(|b| b.contains("BEGIN"))
            .map(|b| pem_rfc7468::decode_vec(b.as_bytes()).expect("PEM").1)
            .collect()
    }
    pub(crate) fn key(
        &self,
        name: &str,
        alg: Option<hocba_core::envelope::Algorithm>,
    ) -> SigningKey {
        SigningKey::from_pkcs8_der(self.file(&format!("keys/{name}.pk8")), alg).expect("key")
    }
}

/// One signer of a vector: certificate name, role, algorithm override.
type By<'a> = (&'a str, SignerRole, Option<hocba_core::envelope::Algorithm>);

pub(crate) fn record(seed: u64, school: &str, capacity: PrincipalCapacity) -> YearRecord {
    let mut r = hocba_core::synth::year_record(seed);
    r.school.name = Text::new(school).expect("text");
    r.principal.capacity = capacity;
    r
}

/// `record` naming as its GVCN and principal the holders of the certificates that sign in those
/// roles (name and số định danh): verification binds each signer to the person named (ADR 0140).
pub(super) fn named(pki: &Pki, record: &YearRecord, signers: &[By<'_>]) -> YearRecord {
    let mut r = record.clone();
    for (name, role, _) in signers {
        let leaf = pki.chain(name).swap_remove(0);
        let Some((full_name, id)) = hocba_core::trust::certificate_holder(&leaf) else {
            continue;
        };
        let full_name = Text::new(full_name).expect("text");
        let id = id.and_then(|i| hocba_core::model::PersonalId::try_from(i).ok());
        match *role {
            GVCN => {
                (r.homeroom_teacher.full_name, r.homeroom_teacher.personal_id) = (full_name, id)
            }
            HT => (r.principal.full_name, r.principal.personal_id) = (full_name, id),
            _ => {}
        }
    }
    r
}

/// Signs `record`, [`named`] after its signers, by `signers` in order, one minute apart from
/// `t0`; returns the signed bytes after each signature.
fn sign(pki: &Pki, record: &YearRecord, signers: &[By<'_>], t0: i64) -> Vec<Vec<u8>> {
    sign_as_is(pki, &named(pki, record, signers), signers, t0)
}

/// Signs `record` as it is by `signers` (whoever it names), without the checks before signing:
/// the vectors hold what verification must refuse.
fn sign_as_is(pki: &Pki, record: &YearRecord, signers: &[By<'_>], t0: i64) -> Vec<Vec<u8>> {
    let mut rng = SeededRng(t0 as u64);
    let mut e = Envelope::new(record);
    let mut out = Vec::new();
    for (i, (name, role, alg)) in signers.iter().enumerate() {
        let chain = pki.chain(name);
        let chain: Vec<&[u8]> = chain.iter().map(Vec::as_slice).collect();
        let t = UnixTime::from_secs(t0 + 60 * i as i64);
        e = e
            .sign_with(
                &pki.key(name, *alg),
                *role,
                &chain,
                t,
                &mut rng,
                &hocba_core::envelope::SignOptions::unchecked(),
            )
            .expect("sign");
        out.push(e.to_bytes().expect("bytes"));
    }
    out
}

const GVCN: SignerRole = SignerRole::HomeroomTeacher;
const HT: SignerRole = SignerRole::Principal;
const SEAL: SignerRole = SignerRole::SchoolSeal;

/// The COSE_Signatures of a fully signed record (from its 1-, 2- and 3-signer stages) and the
/// prefix before the signatures array.
fn split(stages: &[Vec<u8>]) -> (Vec<u8>, Vec<Vec<u8>>) {
    let n = stages[0]
        .iter()
        .zip(&stages[1])
        .take_while(|(a, b)| a == b)
        .count();
    let prefix = stages[0][..n].to_vec();
    let mut sigs = Vec::new();
    // Stage k is prefix ‖ array head (1 byte) ‖ sig₀ … sigₖ: sigₖ starts where stage k−1 ended.
    let mut at = n + 1;
    for s in stages {
        sigs.push(s[at..].to_vec());
        at = s.len();
    }
    (prefix, sigs)
}

fn join(prefix: &[u8], sigs: &[&Vec<u8>]) -> Vec<u8> {
    let mut v = prefix.to_vec();
    v.push(0x80 + sigs.len() as u8);
    for s in sigs {
        v.extend_from_slice(s);
    }
    v
}

fn flip_at(bytes: &[u8], at: usize, mask: u8) -> Vec<u8> {
    let mut v = bytes.to_vec();
    v[at] ^= mask;
    v
}

fn find(bytes: &[u8], pattern: &[u8]) -> usize {
    bytes
        .windows(pattern.len())
        .position(|w| w == pattern)
        .expect("pattern")
}

fn bstr_head(n: usize) -> Vec<u8> {
    match n {
        0..=23 => vec![0x40 | n as u8],
        24..=0xff => vec![0x58, n as u8],
        _ => [&[0x59][..], &(n as u16).to_be_bytes()].concat(),
    }
}

fn generate(out: &mut Out) -> io::Result<()> {
    let pki = Pki(crate::pki::generate());
    // The public school's record names the Ed25519 signers, who sign it below and in every
    // tampered, corrected and transcript case.
    let gov = named(
        &pki,
        &record(1, GOV_SCHOOL, PrincipalCapacity::Principal),
        &[
            ("gvcn-ed25519", GVCN, None),
            ("principal-ed25519", HT, None),
        ],
    );
    let private = record(2, PRIVATE_SCHOOL, PrincipalCapacity::Principal);
    let mut cases: Vec<(String, String, Expect, Vec<u8>, &str)> = Vec::new();
    let mut add =
        |name: &str, description: &str, expect: Expect, bytes: Vec<u8>, ty: &'static str| {
            cases.push((name.to_owned(), description.to_owned(), expect, bytes, ty));
        };

    // Each algorithm, all three roles valid.
    let valid: [(&str, &str, &YearRecord, [By<'_>; 3]); 5] = [
        (
            "valid_ed25519",
            "EdDSA (Ed25519) for all three roles, government tree",
            &gov,
            [
                ("gvcn-ed25519", GVCN, None),
                ("principal-ed25519", HT, None),
                ("seal-ed25519", SEAL, None),
            ],
        ),
        (
            "valid_p384",
            "ES384 for all three roles",
            &gov,
            [
                ("gvcn-p384", GVCN, None),
                ("principal-p384", HT, None),
                ("seal-p384", SEAL, None),
            ],
        ),
        (
            "valid_rsa_gov",
            "PS256 principal and RS256 seal under the government RSA CA",
            &gov,
            [
                ("gvcn-ed25519", GVCN, None),
                (
                    "principal-rsa-gov",
                    HT,
                    Some(hocba_core::envelope::Algorithm::Ps256),
                ),
                (
                    "seal-rsa-gov",
                    SEAL,
                    Some(hocba_core::envelope::Algorithm::Rs256),
                ),
            ],
        ),
        (
            "valid_p256_private",
            "ES256 for all three roles, private school under the public tree",
            &private,
            [
                ("gvcn-p256", GVCN, None),
                ("principal-p256", HT, None),
                ("seal-p256", SEAL, None),
            ],
        ),
        (
            "valid_rsa_private",
            "RS256 GVCN, PS256 principal and seal, private school",
            &private,
            [
                (
                    "gvcn-rsa",
                    GVCN,
                    Some(hocba_core::envelope::Algorithm::Rs256),
                ),
                ("principal-rsa", HT, None),
                ("seal-rsa", SEAL, None),
            ],
        ),
    ];
    for (name, d, rec, by) in &valid {
        let s = sign(&pki, rec, by, T0);
        add(name, d, Expect::ok(), s[2].clone(), "year_record");
    }
    let vice = record(3, GOV_SCHOOL, PrincipalCapacity::OnBehalf);
    let s = sign(
        &pki,
        &vice,
        &[
            ("gvcn-ed25519", GVCN, None),
            ("vice-principal-ed25519", HT, None),
            ("seal-ed25519", SEAL, None),
        ],
        T0,
    );
    add(
        "valid_vice_principal",
        "a vice-principal signs for the principal (KT. HIỆU TRƯỞNG)",
        Expect::ok(),
        s[2].clone(),
        "year_record",
    );

    // Tampering with a valid Ed25519 record.
    let stages = sign(&pki, &gov, &valid[0].3, T0);
    let full = stages[2].clone();
    let (prefix, sigs) = split(&stages);
    let at_text = find(&full, b"TT27/2020");
    add(
        "flip_payload",
        "one bit of the payload flipped (still a canonical record)",
        Expect::error("signature_invalid"),
        flip_at(&full, at_text + 1, 0x20),
        "year_record",
    );
    let time_gvcn = find(&full, &[0x3a, 0x00, 0x01, 0x11, 0x71, 0x1a]) + 9;
    add(
        "flip_protected_header",
        "one bit of the GVCN's signing time in its protected header flipped",
        Expect::error("signature_invalid"),
        flip_at(&full, time_gvcn, 0x01),
        "year_record",
    );
    let gvcn_sig = prefix.len() + 1 + sigs[0].len() - 10;
    add(
        "flip_signature_gvcn",
        "one bit of the GVCN's signature flipped (breaks all three)",
        Expect::error("signature_invalid"),
        flip_at(&full, gvcn_sig, 0x01),
        "year_record",
    );
    add(
        "flip_signature_seal",
        "one bit of the seal's signature flipped",
        Expect::error("signature_invalid"),
        flip_at(&full, full.len() - 5, 0x01),
        "year_record",
    );
    add(
        "removed_gvcn",
        "the GVCN's signature removed",
        Expect::error("role_out_of_order"),
        join(&prefix, &[&sigs[1], &sigs[2]]),
        "year_record",
    );
    add(
        "reordered",
        "GVCN and principal signatures swapped in order",
        Expect::error("role_out_of_order"),
        join(&prefix, &[&sigs[1], &sigs[0], &sigs[2]]),
        "year_record",
    );
    let (_, other_sigs) = split(&sign(&pki, &gov, &valid[0].3[..2], T0 + 30));
    add(
        "swapped_gvcn",
        "the GVCN's signature replaced by another valid GVCN signature of the same record",
        Expect::error("signature_invalid"),
        join(&prefix, &[&other_sigs[0], &sigs[1], &sigs[2]]),
        "year_record",
    );
    add(
        "incomplete_awaiting_principal",
        "only the GVCN has signed",
        Expect::error("incomplete"),
        stages[0].clone(),
        "year_record",
    );
    add(
        "incomplete_awaiting_seal",
        "the GVCN and the principal have signed",
        Expect::error("incomplete"),
        stages[1].clone(),
        "year_record",
    );
    let mut payload = Envelope::new(&gov).payload().to_vec();
    let head = bstr_head(payload.len());
    let at_payload = find(&prefix, &[head.as_slice(), &payload[..8]].concat());
    payload.push(0x00);
    let bad_prefix = [&prefix[..at_payload], &bstr_head(payload.len()), &payload].concat();
    add(
        "non_canonical_payload",
        "a byte appended to the payload",
        Expect::error("payload_not_canonical"),
        join(&bad_prefix, &[&sigs[0], &sigs[1], &sigs[2]]),
        "year_record",
    );
    // A canonical payload whose grade is out of its domain (6): refused while reading, with
    // the core's kind (`decode`) and the path of the value (`grade`), which every binding
    // must report as they are.
    let payload = Envelope::new(&gov).payload().to_vec();
    let [y0, y1] = gov.school_year.start().to_be_bytes();
    let grade = [0x04, 0x19, y0, y1, 0x05, gov.grade.get()];
    let at_grade = find(&payload, &grade);
    let mut bad_grade = payload.clone();
    bad_grade[at_grade + 5] = 0x06;
    let bad_prefix = [
        &prefix[..at_payload],
        &bstr_head(bad_grade.len()),
        &bad_grade,
    ]
    .concat();
    add(
        "payload_grade_out_of_range",
        "the payload's grade changed to 6 (grades are 1-5): the record cannot be read",
        Expect::error("payload_not_canonical"),
        join(&bad_prefix, &[&sigs[0], &sigs[1], &sigs[2]]),
        "year_record",
    );
    add(
        "not_cose_sign",
        "a JSON text given as a signed record",
        Expect::error("not_cose_sign"),
        b"{\"rule_set\": \"TT27/2020\"}".to_vec(),
        "year_record",
    );
    let future = sign(&pki, &gov, &valid[0].3[..1], AT_SECS + 86_400);
    add(
        "future_signing_time",
        "signed a day after the verification time",
        Expect::error("signing_time_in_future"),
        future[0].clone(),
        "year_record",
    );

    // Certificates the trust store refuses (the PKI catalogue), in the GVCN's place.
    for (cert, code) in [
        ("bad-expired", "cert_expired"),
        ("bad-not-yet-valid", "cert_not_yet_valid"),
        ("bad-revoked", "cert_revoked"),
        ("bad-unknown-root", "unknown_issuer"),
        ("bad-wrong-issuer", "bad_signature"),
        ("bad-ca-false", "intermediate_not_ca"),
        ("bad-no-digital-signature", "missing_digital_signature"),
        ("seal-ed25519", "organisation_cert_for_person"),
    ] {
        let s = sign(&pki, &gov, &[(cert, GVCN, None)], T0);
        let name = format!("cert_{}", cert.replace('-', "_"));
        add(
            &name,
            &format!("GVCN signs with `{cert}`"),
            Expect::error(code),
            s[0].clone(),
            "year_record",
        );
    }
    let s = sign(
        &pki,
        &gov,
        &[
            ("gvcn-ed25519", GVCN, None),
            ("principal-ed25519", HT, None),
            ("gvcn-p384", SEAL, None),
        ],
        T0,
    );
    add(
        "cert_personal_as_seal",
        "a personal certificate used as the school seal",
        Expect::error("personal_cert_for_seal"),
        s[2].clone(),
        "year_record",
    );
    let s = sign(
        &pki,
        &gov,
        &[
            ("gvcn-ed25519", GVCN, None),
            ("principal-ed25519", HT, None),
            ("seal-p256", SEAL, None),
        ],
        T0,
    );
    add(
        "cert_seal_of_other_school",
        "the seal of another school",
        Expect::error("school_mismatch"),
        s[2].clone(),
        "year_record",
    );
    let s = sign(&pki, &gov, &[("revoked-after-signing", GVCN, None)], T0);
    add(
        "cert_revoked_after_signing",
        "GVCN certificate revoked (affiliationChanged) after the signature: still valid",
        Expect::error("incomplete"),
        s[0].clone(),
        "year_record",
    );
    // Issue 15: a signer who is not the person the record names.
    let s = sign_as_is(&pki, &gov, &[("gvcn-wrong-person", GVCN, None)], T0);
    add(
        "signer_other_person",
        "GVCN signs with the certificate of a namesake (same name, another CCCD)",
        Expect::error("signer_id_mismatch"),
        s[0].clone(),
        "year_record",
    );
    let s = sign_as_is(
        &pki,
        &gov,
        &[("gvcn-ed25519", GVCN, None), ("gvcn-ed25519", HT, None)],
        T0,
    );
    add(
        "signer_teacher_as_principal",
        "the principal's signature made with the homeroom teacher's certificate",
        Expect::error("signer_id_mismatch"),
        s[1].clone(),
        "year_record",
    );
    add(
        "cert_bad_rsa1024",
        "GVCN signs with an RSA-1024 key",
        Expect::error("weak_rsa_key"),
        rsa1024_record(&pki, &gov),
        "year_record",
    );

    // A correction chain in a transcript container.
    let original = full.clone();
    let mut fixed = gov.clone();
    fixed.class_name = Text::new(format!("{}B", gov.class_name.as_str())).expect("text");
    fixed.correction = Some(Correction {
        supersedes: Sha256Digest(sha2::Sha256::digest(&original).into()),
        reason: Text::new("Sửa tên lớp").expect("text"),
    });
    // A replacement gets a new lookup code (CV 2088 §1; `lookup_code_reused` otherwise).
    fixed.lookup_code = Some(hocba_core::model::LookupCode::from_random_bytes([0x5c; 16]));
    let correction = sign(&pki, &fixed, &valid[0].3, T0 + 86_400)[2].clone();
    add(
        "correction_chain",
        "a transcript container: a year record and its signed correction",
        Expect::ok(),
        transcript::encode(&[&original, &correction]),
        "transcript",
    );
    // The unsigned part of that pupil's học bạ (identity page, enrolment history), for
    // rendering the container (`render_signed_transcript`); its year is the original record.
    let context = hocba_core::model::Transcript {
        pupil: gov.pupil.clone(),
        enrolments: vec![hocba_core::model::Enrolment {
            school_year: gov.school_year,
            class_name: gov.class_name.clone(),
            school_name: gov.school.name.clone(),
            school_code: gov.school.code.clone(),
            register_number: Text::new("15/2026").expect("text"),
            admitted_on: hocba_core::model::Date::from_ymd(2026, 9, 5).expect("date"),
            admission: hocba_core::model::Admission::Admitted,
        }],
        years: vec![gov.clone()],
        extensions: Default::default(),
    };
    out.write(
        "verify/correction_chain.context.json",
        hocba_core::model::to_json_pretty(&context).as_bytes(),
    )?;
    add(
        "correction_target_missing",
        "a correction whose superseded record is absent",
        Expect::error("correction_target_missing"),
        transcript::encode(&[&correction]),
        "transcript",
    );
    // The same correction keeping the lookup code of the record it replaces.
    let mut reused = fixed.clone();
    reused.lookup_code = gov.lookup_code;
    let reused = sign(&pki, &reused, &valid[0].3, T0 + 86_400)[2].clone();
    add(
        "correction_lookup_code_reused",
        "a correction that keeps the lookup code of the record it replaces (CV 2088: a new one)",
        Expect::error("lookup_code_reused"),
        transcript::encode(&[&original, &reused]),
        "transcript",
    );

    for (name, description, expect, bytes, ty) in cases {
        // The certificate revoked on 2027-03-01 is judged after its revocation.
        let at = if name == "cert_revoked_after_signing" {
            "2027-06-01T00:00:00Z"
        } else {
            AT
        };
        let ext = if ty == "transcript" { "cbor" } else { "cose" };
        let input = format!("verify/{name}.{ext}");
        out.write(&input, &bytes)?;
        let mut extra = serde_json::Map::new();
        extra.insert("type".into(), json!(ty));
        extra.insert("trust".into(), json!(["pki/roots.pem"]));
        extra.insert("crls".into(), json!(CRLS));
        extra.insert("at".into(), json!(at));
        let mut case = Case {
            id: format!("verify/{name}"),
            description,
            kind: "verify".into(),
            input,
            expect,
            extra,
        };
        let got = full_outcome(out.root(), &case).map_err(io::Error::other)?;
        outcome::check_expect(&case.expect, &got)
            .map_err(|e| io::Error::other(format!("{}: {e}", case.id)))?;
        case.extra.insert("outcome".into(), got);
        out.case(case);
    }
    Ok(())
}

/// A one-signer record by `bad-rsa1024` (RS256). hocba refuses to sign with a key below 2048
/// bits, so this one is put together by hand, following `docs/spec/signature.md` §1–2.
fn rsa1024_record(pki: &Pki, rec: &YearRecord) -> Vec<u8> {
    use rsa::pkcs8::DecodePrivateKey;
    use rsa::signature::{SignatureEncoding, Signer};
    let chain = pki.chain("bad-rsa1024");
    assert_eq!(chain.len(), 2, "leaf and public-ca");
    let payload = Envelope::new(rec).payload().to_vec();
    let mut h = vec![0xa4, 0x01, 0x39, 0x01, 0x00, 0x18, 0x21, 0x82]; // {1: -257, 33: [
    for c in &chain {
        h.extend(bstr_head(c.len()));
        h.extend(c);
    }
    h.extend([0x3a, 0x00, 0x01, 0x11, 0x70, 0x64]);
    h.extend(b"gvcn");
    h.extend([0x3a, 0x00, 0x01, 0x11, 0x71, 0x1a]);
    h.extend((T0 as u32).to_be_bytes());
    let body: Vec<u8> = [
        &[0xa1, 0x03, 0x78, 0x26][..],
        b"application/vnd.hocba.year-record+cbor",
    ]
    .concat();
    let bstr = |b: &[u8]| [bstr_head(b.len()).as_slice(), b].concat();
    let tbs = [
        &[0x85, 0x69][..],
        b"Signature",
        &bstr(&body),
        &bstr(&h),
        &[0x40],
        &bstr(&payload),
    ]
    .concat();
    let key = rsa::PrivateKey::from_pkcs8_der(pki.file("keys/bad-rsa1024.pk8")).expect("key");
    let sig = rsa::pkcs1v15::SigningKey::<sha2::Sha256>::new(key)
        .sign(&tbs)
        .to_vec();
    let signature = [&[0x83][..], &bstr(&h), &[0xa0], &bstr(&sig)].concat();
    [
        &[0xd8, 0x62, 0x84][..],
        &bstr(&body),
        &[0xa0],
        &bstr(&payload),
        &[0x81],
        &signature,
    ]
    .concat()
}

/// The trust store a `verify` case names (`trust` roots and `crls`).
pub fn trust_store(root: &Path, case: &Case) -> Result<TrustStore, String> {
    let mut t = TrustStore::new();
    let paths = |f: &str| -> Vec<String> {
        case.extra
            .get(f)
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(|v| v.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default()
    };
    for p in paths("trust") {
        let b = read(root, &p)?;
        let r = if p.ends_with(".pem") {
            t.add_roots_pem(&b).map(|_| ())
        } else {
            t.add_root_der(&b)
        };
        r.map_err(|e| format!("{p}: {e}"))?;
    }
    for p in paths("crls") {
        let b = read(root, &p)?;
        let r = if p.ends_with(".pem") {
            t.add_crls_pem(&b).map(|_| ())
        } else {
            t.add_crl_der(&b)
        };
        r.map_err(|e| format!("{p}: {e}"))?;
    }
    // The time-stamping authorities' roots, a separate set (ADR 0160).
    for p in paths("tsa_roots") {
        let b = read(root, &p)?;
        let r = if p.ends_with(".pem") {
            t.add_tsa_roots_pem(&b).map(|_| ())
        } else {
            t.add_tsa_root_der(&b)
        };
        r.map_err(|e| format!("{p}: {e}"))?;
    }
    Ok(t)
}

/// The full outcome of a case ([`outcome`]): the report of a verification with the bindings'
/// default content checks, or the error that made the bytes unreadable.
fn full_outcome(root: &Path, case: &Case) -> Result<Value, String> {
    let trust = trust_store(root, case)?;
    let at = UnixTime::parse_rfc3339(case.field("at")?).ok_or("bad `at`")?;
    let bytes = read(root, &case.input)?;
    let checks = outcome::checks();
    Ok(match case.extra.get("type").and_then(Value::as_str) {
        Some("transcript") => match UnverifiedTranscript::from_bytes(&bytes) {
            Ok(t) => outcome::transcript(t.verify_with(&trust, at, &checks).report()),
            Err(e) => outcome::raised(&e.into()),
        },
        _ => match UnverifiedRecord::from_bytes(&bytes) {
            Ok(u) => outcome::record(u.verify_with(&trust, at, &checks).report()),
            Err(e) => outcome::raised(&e.into()),
        },
    })
}

fn run(root: &Path, case: &Case) -> Result<(), String> {
    let got = full_outcome(root, case)?;
    outcome::check_expect(&case.expect, &got)?;
    outcome::compare(case.extra.get("outcome"), &got)
}
