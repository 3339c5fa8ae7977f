//! A local RFC 3161 time-stamping authority for tests: `openssl ts -reply` with the test PKI's
//! TSA certificate and key (`certs/tsa.pem`, `keys/tsa.key.pem` of the directory
//! `gen-vectors` writes, `tests/vectors/pki`), in a temporary directory removed on drop.
//!
//! One helper for hocba-core's and hocba-ffi's time-stamp tests (ADR 0160, ADR 0190). Like the
//! rest of [`crate::testpki`] it exists only with the `test-pki` feature (and in hocba-core's
//! own unit tests): never in what ships (ADR 0095).
#![allow(clippy::expect_used)] // test support: a temporary file that cannot be written is a failed test

use std::path::{Path, PathBuf};
use std::process::Command;

/// `openssl ts -reply` as the test PKI's TSA (policy `1.3.6.1.4.1.99999.2`, SHA-256, accuracy
/// one second, its name in the token). [`OpensslTsa::new`] is `None`, after a `SKIPPED`
/// message on stderr, when `openssl` is not installed.
#[derive(Debug)]
pub struct OpensslTsa {
    dir: PathBuf,
}

impl OpensslTsa {
    /// A TSA whose tokens name its certificate by SHA-256 (ESS signing-certificate v2), with
    /// the certificate and key of the test PKI directory `pki`; `label` names its temporary
    /// directory (unique per test in one process).
    pub fn new(label: &str, pki: &Path) -> Option<Self> {
        Self::with_ess(label, pki, Some("sha256"))
    }

    /// As [`OpensslTsa::new`], with `ess_cert_id_alg` as given; `None` leaves OpenSSL's
    /// default (SHA-1: the ESS signing-certificate v1 attribute, ADR 0190).
    pub fn with_ess(label: &str, pki: &Path, ess_cert_id_alg: Option<&str>) -> Option<Self> {
        if Command::new("openssl").arg("version").output().is_err() {
            eprintln!("SKIPPED: openssl is not installed; the openssl ts tests did not run");
            return None;
        }
        let dir = std::env::temp_dir().join(format!("hocba-tsa-{label}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temporary directory");
        let cfg = format!(
            "[ tsa ]\ndefault_tsa = hocba\n[ hocba ]\nserial = {dir}/serial\nsigner_cert = {pki}/certs/tsa.pem\nsigner_key = {pki}/keys/tsa.key.pem\nsigner_digest = sha256\ndefault_policy = 1.3.6.1.4.1.99999.2\ndigests = sha256\naccuracy = secs:1\nordering = no\ntsa_name = yes\ness_cert_id_chain = no\n{ess}",
            dir = dir.display(),
            pki = pki.display(),
            ess = ess_cert_id_alg.map_or(String::new(), |a| format!("ess_cert_id_alg = {a}\n")),
        );
        std::fs::write(dir.join("tsa.cnf"), cfg).expect("tsa.cnf");
        std::fs::write(dir.join("serial"), "01\n").expect("serial");
        Some(OpensslTsa { dir })
    }

    /// Its temporary directory (removed on drop), for a test's other openssl files.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The TSA's DER response to the DER `request`; panics with openssl's message when it
    /// refuses.
    pub fn reply(&self, request: &[u8]) -> Vec<u8> {
        let q = self.dir.join("req.tsq");
        let r = self.dir.join("resp.tsr");
        std::fs::write(&q, request).expect("req.tsq");
        let out = Command::new("openssl")
            .args(["ts", "-reply", "-config"])
            .arg(self.dir.join("tsa.cnf"))
            .arg("-queryfile")
            .arg(&q)
            .arg("-out")
            .arg(&r)
            .output()
            .expect("openssl runs");
        assert!(
            out.status.success(),
            "openssl ts -reply: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        std::fs::read(&r).expect("resp.tsr")
    }
}

impl Drop for OpensslTsa {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
