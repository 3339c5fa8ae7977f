//! `--demo`: a province portal on SQLite in a temporary directory with the demo school (the
//! school of `hocba demo`, whose seal certificates come from the published test PKI), its
//! approved certificates, an account with fixed, published credentials and an operator token.
//! Behind the `demo` cargo feature, which a release build does not enable: the test PKI's
//! private keys are public.

use hocba_core::envelope::read_certificates;
use hocba_core::{TrustStore, synth, testpki};

use crate::setup::{self, Credentials, SetupError};
use crate::store::Store;

/// The demo school's account (published: test use only).
pub const DEMO_USER: &str = "truong-demo";
/// Its token.
pub const DEMO_TOKEN: &str = "demo-token-khong-dung-that";
/// Its password.
pub const DEMO_PASSWORD: &str = "demo-mat-khau";
/// The operator's token.
pub const DEMO_OPERATOR_TOKEN: &str = "demo-operator-token-khong-dung-that";
/// The seal certificates approved for the demo school (test PKI leaf names).
pub const DEMO_SEALS: &[&str] = &["seal-rsa-gov", "seal-ed25519"];

/// The demo school: its code (`MA_TRUONG`) and name, as `hocba demo` writes them.
pub fn demo_school() -> (String, String) {
    let t = synth::demo_transcript();
    let code = t
        .years
        .last()
        .map(|y| y.school.code.as_str().to_owned())
        .unwrap_or_default();
    (code, "Trường Tiểu học Thử Nghiệm Số 1".to_owned())
}

/// The test PKI, generated once per process (it takes seconds in a debug build).
fn pki() -> &'static [testpki::File] {
    static PKI: std::sync::OnceLock<Vec<testpki::File>> = std::sync::OnceLock::new();
    PKI.get_or_init(testpki::generate)
}

/// The test PKI's file `path` (e.g. `chains/seal-rsa-gov.pem`).
pub fn pki_file(path: &str) -> Option<Vec<u8>> {
    pki()
        .iter()
        .find(|(p, _)| p == path)
        .map(|(_, b)| b.clone())
}

/// The test PKI's roots and CRLs.
pub fn demo_trust() -> TrustStore {
    let mut t = TrustStore::new();
    for (path, bytes) in pki() {
        let added = if path == "roots.pem" {
            t.add_roots_pem(bytes).map(|_| ())
        } else if path.starts_with("crl/") && path.ends_with(".crl") {
            t.add_crl_der(bytes)
        } else {
            Ok(())
        };
        if let Err(e) = added {
            crate::log::error("demo", &format!("test PKI file {path} refused: {e}"));
        }
    }
    t
}

/// What the demo set up.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Demo {
    /// The school's account.
    pub school: Credentials,
    /// The operator's account.
    pub operator: Credentials,
    /// Fingerprints of the approved seal certificates.
    pub certificates: Vec<String>,
}

/// Creates the demo school, its account, the operator and the approved certificates.
pub async fn seed(store: &Store) -> Result<Demo, SetupError> {
    let (code, name) = demo_school();
    let school = setup::add_account(
        store,
        (&code, &name, "school"),
        DEMO_USER,
        "unit",
        Some((DEMO_TOKEN, DEMO_PASSWORD)),
    )
    .await?;
    let operator = setup::add_account(
        store,
        ("SO-GDDT-DEMO", "Sở Giáo dục và Đào tạo (demo)", "operator"),
        "van-hanh-demo",
        "operator",
        Some((DEMO_OPERATOR_TOKEN, DEMO_PASSWORD)),
    )
    .await?;
    let trust = demo_trust();
    let mut certificates = Vec::new();
    for seal in DEMO_SEALS {
        let chain = pki_file(&format!("chains/{seal}.pem"))
            .and_then(|pem| read_certificates(&pem).ok())
            .ok_or_else(|| SetupError::Secrets(format!("test PKI has no chain {seal}")))?;
        let refs: Vec<&[u8]> = chain.iter().map(Vec::as_slice).collect();
        let at = hocba_core::UnixTime::from_secs(testpki::REFERENCE_SIGNING_TIME);
        let serial = trust
            .validate(&refs, hocba_core::SignerRole::SchoolSeal, at, at)
            .map(|i| i.serial_hex)
            .map_err(|e| SetupError::Secrets(e.to_string()))?;
        certificates.push(
            setup::approve_certificate(store, &code, &chain, &serial, "van-hanh-demo").await?,
        );
    }
    Ok(Demo {
        school,
        operator,
        certificates,
    })
}
