//! External signing round trip with keys held outside hocba: the `openssl` command signs the
//! to-be-signed bytes (Ed25519 raw, RSA-PSS and ECDSA over SHA-256, ECDSA returning DER),
//! hocba attaches the signatures and the record verifies. Skipped when `openssl` is absent.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a failed test may panic

use std::path::{Path, PathBuf};
use std::process::Command;

use hocba_core::envelope::{
    Algorithm, Envelope, EnvelopeError, SignerRole, Status, ToBeSigned, TrustStore, UnixTime,
    UnverifiedRecord,
};

fn testdata(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/vectors/pki")
        .join(name)
}

fn read(name: &str) -> Vec<u8> {
    std::fs::read(testdata(name)).expect("fixture")
}

fn openssl_available() -> bool {
    Command::new("openssl")
        .arg("version")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Signs `tbs` with `openssl` and the PEM key `keys/NAME.key.pem`: `["pkeyutl"]` signs the
/// raw bytes (Ed25519), otherwise `openssl dgst -DIGEST -sign` with `args` (digest first).
fn openssl_sign(dir: &Path, tbs: &ToBeSigned, key: &str, args: &[&str]) -> Vec<u8> {
    let input = dir.join("tbs.bin");
    let output = dir.join("sig.bin");
    // The file round trip an external signer sees: the to-be-signed file is re-read first.
    let tbs = ToBeSigned::from_file_bytes(&tbs.to_file_bytes()).expect("tbs file");
    std::fs::write(&input, tbs.bytes()).expect("write");
    let key = testdata(&format!("keys/{key}.key.pem"));
    let mut cmd = Command::new("openssl");
    if args.first() == Some(&"pkeyutl") {
        // OpenSSL 3.0 cannot read the PKI's Ed25519 keys in PKCS#8 v2 (with the public key),
        // so hand it the same seed as a PKCS#8 v1 DER key (RFC 8410 §7).
        let pk8 = std::fs::read(key.with_extension("").with_extension("pk8")).expect("pk8");
        let at = pk8
            .windows(4)
            .position(|w| w == [0x04, 0x22, 0x04, 0x20])
            .expect("seed");
        let mut v1 = hex::decode("302e020100300506032b657004220420").expect("hex");
        v1.extend_from_slice(&pk8[at + 4..at + 36]);
        let v1_path = dir.join("ed25519-v1.der");
        std::fs::write(&v1_path, v1).expect("write");
        cmd.args(["pkeyutl", "-sign", "-rawin", "-keyform", "DER", "-inkey"])
            .arg(&v1_path);
        cmd.arg("-in").arg(&input).arg("-out").arg(&output);
    } else {
        cmd.arg("dgst")
            .arg(args[0])
            .arg("-sign")
            .arg(&key)
            .args(&args[1..]);
        cmd.arg("-out").arg(&output).arg(&input);
    }
    let st = cmd.status().expect("openssl");
    assert!(st.success(), "openssl failed");
    std::fs::read(&output).expect("signature")
}

#[test]
fn openssl_signs_all_three_roles_externally() {
    if !openssl_available() {
        eprintln!("SKIP: the openssl command is absent");
        return;
    }
    let dir = std::env::temp_dir().join(format!("hocba-openssl-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("tmp");
    let mut record = hocba_core::synth::year_record(11);
    record.school.name =
        hocba_core::model::Text::new("Trường Tiểu học Thử Nghiệm Số 1").expect("text");
    record.principal.capacity = hocba_core::model::PrincipalCapacity::Principal;
    let (gov_ca, gov_ca_rsa, public_ca) = (
        read("certs/gov-ca.der"),
        read("certs/gov-ca-rsa.der"),
        read("certs/public-ca.der"),
    );
    let (teacher, principal, seal) = (
        read("certs/gvcn-ed25519.der"),
        read("certs/principal-rsa-gov.der"),
        read("certs/seal-p384.der"),
    );
    // The record names its signers as their certificates do (ADR 0140).
    hocba_core::synth::name_signers(&mut record, &teacher, &principal);
    let t0 = 1_811_232_000; // 2027-05-25T08:00:00Z

    let e = Envelope::new(&record);
    let tbs = e
        .prepare(
            SignerRole::HomeroomTeacher,
            &[&teacher, &gov_ca],
            Algorithm::EdDsa,
            UnixTime::from_secs(t0),
        )
        .expect("prepare");
    let sig = openssl_sign(&dir, &tbs, "gvcn-ed25519", &["pkeyutl"]);
    let e = tbs.attach(&sig).expect("Ed25519 signature from openssl");

    let tbs = e
        .prepare(
            SignerRole::Principal,
            &[&principal, &gov_ca_rsa],
            Algorithm::Ps256,
            UnixTime::from_secs(t0 + 60),
        )
        .expect("prepare");
    // A signature by the wrong key is refused, the cause named (ADR 0248).
    let wrong = openssl_sign(
        &dir,
        &tbs,
        "gvcn-rsa",
        &[
            "-sha256",
            "-sigopt",
            "rsa_padding_mode:pss",
            "-sigopt",
            "rsa_pss_saltlen:32",
        ],
    );
    assert_eq!(
        tbs.clone().attach(&wrong).map(|_| ()),
        Err(EnvelopeError::AttachRefused {
            cause: hocba_core::envelope::AttachCause::WrongKey
        })
    );
    let sig = openssl_sign(
        &dir,
        &tbs,
        "principal-rsa-gov",
        &[
            "-sha256",
            "-sigopt",
            "rsa_padding_mode:pss",
            "-sigopt",
            "rsa_pss_saltlen:32",
            "-sigopt",
            "rsa_mgf1_md:sha256",
        ],
    );
    let e = tbs.attach(&sig).expect("PS256 signature from openssl");

    let tbs = e
        .prepare(
            SignerRole::SchoolSeal,
            &[&seal, &gov_ca],
            Algorithm::Es384,
            UnixTime::from_secs(t0 + 120),
        )
        .expect("prepare");
    let sig = openssl_sign(&dir, &tbs, "seal-p384", &["-sha384"]); // ECDSA: DER from openssl
    let e = tbs.attach(&sig).expect("ES384 signature from openssl");

    let mut trust = TrustStore::new();
    trust.add_roots_pem(&read("roots.pem")).expect("roots");
    let bytes = e.to_bytes().expect("bytes");
    let report = UnverifiedRecord::from_bytes(&bytes)
        .expect("read")
        .verify(&trust, UnixTime::from_secs(t0 + 86_400))
        .into_parts()
        .0;
    assert_eq!(
        report.status,
        Status::Valid,
        "{}",
        report.to_text(hocba_core::Lang::En)
    );

    // RS256 with openssl's default RSA padding; ES256 with a DER signature (each record naming
    // the teacher whose certificate signs).
    let named = |cert: &[u8]| {
        let mut r = record.clone();
        hocba_core::synth::name_signers(&mut r, cert, &principal);
        r
    };
    let tbs = Envelope::new(&named(&read("certs/gvcn-rsa.der")))
        .prepare(
            SignerRole::HomeroomTeacher,
            &[&read("certs/gvcn-rsa.der"), &public_ca],
            Algorithm::Rs256,
            UnixTime::from_secs(t0),
        )
        .expect("prepare");
    let sig = openssl_sign(&dir, &tbs, "gvcn-rsa", &["-sha256"]);
    tbs.attach(&sig).expect("RS256 signature from openssl");
    let tbs = Envelope::new(&named(&read("certs/gvcn-p256.der")))
        .prepare(
            SignerRole::HomeroomTeacher,
            &[&read("certs/gvcn-p256.der"), &public_ca],
            Algorithm::Es256,
            UnixTime::from_secs(t0),
        )
        .expect("prepare");
    let sig = openssl_sign(&dir, &tbs, "gvcn-p256", &["-sha256"]);
    tbs.attach(&sig).expect("ES256 signature from openssl");
    let _ = std::fs::remove_dir_all(&dir);
}
