//! External signing round trip with keys held outside hocba: the `openssl` command signs the
//! to-be-signed bytes (Ed25519 raw, RSA-PSS and ECDSA over SHA-256, ECDSA returning DER),
//! hocba attaches the signatures and the record verifies. Skipped when `openssl` is absent.

use std::path::{Path, PathBuf};
use std::process::Command;

use hocba_core::envelope::{
    Algorithm, Envelope, EnvelopeError, SignerRole, Status, ToBeSigned, TrustStore, UnixTime,
    UnverifiedRecord,
};

fn testdata(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src/envelope/testdata").join(name)
}

fn read(name: &str) -> Vec<u8> {
    std::fs::read(testdata(name)).expect("fixture")
}

fn openssl_available() -> bool {
    Command::new("openssl").arg("version").output().is_ok_and(|o| o.status.success())
}

/// Signs `tbs` with `openssl` and the PEM key `key`, using `args` after the input options.
fn openssl_sign(dir: &Path, tbs: &ToBeSigned, key: &str, args: &[&str]) -> Vec<u8> {
    let input = dir.join("tbs.bin");
    let output = dir.join("sig.bin");
    // The file round trip an external signer sees: the to-be-signed file is re-read first.
    let tbs = ToBeSigned::from_file_bytes(&tbs.to_file_bytes()).expect("tbs file");
    std::fs::write(&input, tbs.bytes()).expect("write");
    let key = testdata(key);
    let mut cmd = Command::new("openssl");
    if args.first() == Some(&"pkeyutl") {
        cmd.args(["pkeyutl", "-sign", "-rawin", "-inkey"]).arg(&key);
        cmd.arg("-in").arg(&input).arg("-out").arg(&output);
    } else {
        cmd.args(["dgst", "-sha256", "-sign"]).arg(&key).args(args);
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
    let record = hocba_core::synth::year_record(11);
    let (teacher, principal, seal, root) =
        (read("teacher.der"), read("principal.der"), read("seal.der"), read("root.der"));
    let t0 = 1_811_232_000; // 2027-05-25T08:00:00Z

    let e = Envelope::new(&record);
    let tbs = e
        .prepare(SignerRole::HomeroomTeacher, &[&teacher], Algorithm::EdDsa, UnixTime::from_secs(t0))
        .expect("prepare");
    let sig = openssl_sign(&dir, &tbs, "teacher.key.pem", &["pkeyutl"]);
    let e = tbs.attach(&sig).expect("Ed25519 signature from openssl");

    let tbs = e
        .prepare(SignerRole::Principal, &[&principal, &root], Algorithm::Ps256, UnixTime::from_secs(t0 + 60))
        .expect("prepare");
    // A signature by the wrong key is refused.
    let wrong = openssl_sign(
        &dir,
        &tbs,
        "teacher384.key.pem",
        &[],
    );
    assert_eq!(tbs.clone().attach(&wrong).map(|_| ()), Err(EnvelopeError::BadSignature));
    let sig = openssl_sign(
        &dir,
        &tbs,
        "principal.key.pem",
        &["-sigopt", "rsa_padding_mode:pss", "-sigopt", "rsa_pss_saltlen:32", "-sigopt", "rsa_mgf1_md:sha256"],
    );
    let e = tbs.attach(&sig).expect("PS256 signature from openssl");

    let tbs = e
        .prepare(SignerRole::SchoolSeal, &[&seal], Algorithm::Es256, UnixTime::from_secs(t0 + 120))
        .expect("prepare");
    let sig = openssl_sign(&dir, &tbs, "seal.key.pem", &[]); // ECDSA: DER from openssl
    let e = tbs.attach(&sig).expect("ES256 signature from openssl");

    let mut trust = TrustStore::new();
    trust.add_root_der(&root).expect("root");
    let bytes = e.to_bytes().expect("bytes");
    let report = UnverifiedRecord::from_bytes(&bytes)
        .expect("read")
        .verify(&trust, UnixTime::from_secs(t0 + 86_400))
        .into_parts()
        .0;
    assert_eq!(report.status, Status::Valid, "{}", report.to_text(hocba_core::Lang::En));

    // RS256 with openssl's default RSA padding.
    let tbs = Envelope::new(&record)
        .prepare(SignerRole::HomeroomTeacher, &[&principal], Algorithm::Rs256, UnixTime::from_secs(t0))
        .expect("prepare");
    let sig = openssl_sign(&dir, &tbs, "principal.key.pem", &[]);
    tbs.attach(&sig).expect("RS256 signature from openssl");
    let _ = std::fs::remove_dir_all(&dir);
}
