//! Interop helper for `scripts/test-xmldsig.sh` (not shipped): signs the national fixture with
//! the test PKI, and verifies files signed by other tools.
//!
//! ```text
//! cargo run -p hocba-core --example xmldsig_interop -- sign OUTDIR
//! cargo run -p hocba-core --example xmldsig_interop -- verify FILE [ROLE_REQUIRED=all|minimum]
//! ```
//! `sign` writes `signed-rs256.xml`, `signed-ps256.xml`, `signed-es256.xml` (the three roles
//! each) and `tampered-rs256.xml` (one byte changed inside DU_LIEU_HOC_BA).
//! `verify` prints the report as JSON and exits 0 when valid, 1 otherwise.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use std::path::{Path, PathBuf};

use hocba_core::envelope::{Algorithm, SigningKey, Status, SystemRng, Verifier, read_certificates};
use hocba_core::xmldsig::{self, RequiredRoles, UnverifiedXml};
use hocba_core::{Lang, SignerRole, TrustStore, UnixTime};

fn vectors() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/vectors")
}

fn read(rel: &str) -> Vec<u8> {
    std::fs::read(vectors().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// The fixture names the RSA certificates' holders as GVCN and principal; the P-256 ones are
/// other test persons, and verification binds each signer to the person named (ADR 0140).
fn fixture_for(names: [&str; 3]) -> Vec<u8> {
    let xml = String::from_utf8(read("xmldsig/national-unsigned.xml")).unwrap();
    if names[0] != "gvcn-p256" {
        return xml.into_bytes();
    }
    xml.replace("Phạm Thu Hà", "Ngô Thị Thu")
        .replace("001191000007", "001193000010")
        .replace("Đỗ Quang Huy", "Dương Văn Long")
        .replace("001079000008", "001077000011")
        .into_bytes()
}

fn sign_all(alg: Algorithm, names: [&str; 3]) -> Vec<u8> {
    let mut xml = fixture_for(names);
    for (i, (role, name)) in SignerRole::ALL.iter().zip(names).enumerate() {
        let key =
            SigningKey::from_pkcs8(&read(&format!("pki/keys/{name}.pk8")), Some(alg)).unwrap();
        let chain = read_certificates(&read(&format!("pki/chains/{name}.pem"))).unwrap();
        let refs: Vec<&[u8]> = chain.iter().map(Vec::as_slice).collect();
        let t = UnixTime::from_secs(1_780_272_000 + 3600 * i as i64);
        // Every check before signing runs: the fixture is the national writer's output.
        xml = xmldsig::sign(&xml, &key, *role, &refs, t, &mut SystemRng).unwrap();
    }
    xml
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("sign") => {
            let out = Path::new(&args[1]);
            std::fs::create_dir_all(out).unwrap();
            let rsa = ["gvcn-rsa", "principal-rsa", "seal-rsa"];
            let p256 = ["gvcn-p256", "principal-p256", "seal-p256"];
            let rs = sign_all(Algorithm::Rs256, rsa);
            std::fs::write(out.join("signed-rs256.xml"), &rs).unwrap();
            std::fs::write(
                out.join("signed-ps256.xml"),
                sign_all(Algorithm::Ps256, rsa),
            )
            .unwrap();
            std::fs::write(
                out.join("signed-es256.xml"),
                sign_all(Algorithm::Es256, p256),
            )
            .unwrap();
            let text = String::from_utf8(rs).unwrap();
            let tampered = text.replacen("<CHIEU_CAO>130<", "<CHIEU_CAO>131<", 1);
            assert_ne!(tampered, text);
            std::fs::write(out.join("tampered-rs256.xml"), tampered).unwrap();
        }
        Some("verify") => {
            let bytes = std::fs::read(&args[1]).unwrap();
            let required = match args.get(2).map(String::as_str) {
                Some("minimum") => RequiredRoles::SpecMinimum,
                _ => RequiredRoles::All,
            };
            let mut trust = TrustStore::new();
            trust.add_roots_pem(&read("pki/roots.pem")).unwrap();
            let at = UnixTime::from_secs(1_780_272_000 + 48 * 3600);
            let status = match UnverifiedXml::from_bytes(&bytes) {
                Ok(u) => {
                    let v = u.verify_in(&Verifier::new(&trust, at), required);
                    println!("{}", v.report().to_json(Lang::En));
                    v.report().status
                }
                Err(e) => {
                    println!("{{\"status\":\"invalid\",\"error\":\"{}\"}}", e.code());
                    Status::Invalid
                }
            };
            std::process::exit(if status == Status::Valid { 0 } else { 1 });
        }
        _ => {
            eprintln!("usage: xmldsig_interop sign OUTDIR | verify FILE [all|minimum]");
            std::process::exit(2);
        }
    }
}
