//! Reading what signing and verification need from files: certificate chains, private keys,
//! trust roots and CRLs (PEM or DER), times, and randomness for RSA-PSS.

use std::path::{Path, PathBuf};

use hocba_core::{TrustStore, UnixTime};

use crate::input::read_file;
use crate::output::{Failure, Ui};

/// The DER items of a file: every PEM block with `label`, or the whole file when it is DER.
fn der_items(bytes: &[u8], label: &str, path: &Path, ui: Ui) -> Result<Vec<Vec<u8>>, Failure> {
    let bad = || {
        Failure::unreadable(
            "pem_malformed",
            format!(
                "{} {}",
                ui.t("Tệp PEM hỏng:", "Malformed PEM file:"),
                path.display()
            ),
        )
    };
    let is_pem = bytes.windows(10).take(4096).any(|w| w == b"-----BEGIN");
    if !is_pem {
        return Ok(vec![bytes.to_vec()]);
    }
    let out = pem_blocks(bytes, label).ok_or_else(bad)?;
    if out.is_empty() {
        return Err(bad());
    }
    Ok(out)
}

/// The DER contents of every PEM block labelled `label` in `bytes`, in order; `None` when the
/// text is not UTF-8 or a block does not decode.
pub fn pem_blocks(bytes: &[u8], label: &str) -> Option<Vec<Vec<u8>>> {
    let text = std::str::from_utf8(bytes).ok()?;
    let end = format!("-----END {label}-----");
    let mut out = Vec::new();
    for block in text
        .split_inclusive(end.as_str())
        .filter(|b| b.contains(&end))
    {
        let start = block.find("-----BEGIN")?;
        let (l, der) = pem_rfc7468::decode_vec(&block.as_bytes()[start..]).ok()?;
        if l == label {
            out.push(der);
        }
    }
    Some(out)
}

/// A certificate chain, leaf first, from one or more files (PEM with several certificates,
/// or DER).
pub fn read_chain(paths: &[PathBuf], ui: Ui) -> Result<Vec<Vec<u8>>, Failure> {
    let mut chain = Vec::new();
    for p in paths {
        chain.extend(der_items(&read_file(p, ui)?, "CERTIFICATE", p, ui)?);
    }
    Ok(chain)
}

/// An unencrypted PKCS#8 private key (PEM `PRIVATE KEY` or DER).
pub fn read_key(path: &Path, ui: Ui) -> Result<Vec<u8>, Failure> {
    let mut items = der_items(&read_file(path, ui)?, "PRIVATE KEY", path, ui)?;
    Ok(items.swap_remove(0))
}

/// A trust store from root files (PEM bundles or DER) and CRL files (DER or PEM).
pub fn read_trust(roots: &[PathBuf], crls: &[PathBuf], ui: Ui) -> Result<TrustStore, Failure> {
    let mut t = TrustStore::new();
    let failure = |p: &Path, e: hocba_core::TrustError| {
        let mut f = Failure::from_core(&e.into(), ui);
        f.message = format!("{}: {}", p.display(), f.message);
        f
    };
    for p in roots {
        for der in der_items(&read_file(p, ui)?, "CERTIFICATE", p, ui)? {
            t.add_root_der(&der).map_err(|e| failure(p, e))?;
        }
    }
    for p in crls {
        for der in der_items(&read_file(p, ui)?, "X509 CRL", p, ui)? {
            t.add_crl_der(&der).map_err(|e| failure(p, e))?;
        }
    }
    Ok(t)
}

/// Adds time-stamping authorities' roots (PEM bundles or DER) to `trust` (ADR 0160).
pub fn add_tsa_roots(trust: &mut TrustStore, paths: &[PathBuf], ui: Ui) -> Result<(), Failure> {
    for p in paths {
        for der in der_items(&read_file(p, ui)?, "CERTIFICATE", p, ui)? {
            trust.add_tsa_root_der(&der).map_err(|e| {
                let mut f = Failure::from_core(&e.into(), ui);
                f.message = format!("{}: {}", p.display(), f.message);
                f
            })?;
        }
    }
    Ok(())
}

/// `--at` / `--time`: an RFC 3339 time, or now.
pub fn time_arg(arg: Option<&str>, ui: Ui) -> Result<UnixTime, Failure> {
    match arg {
        Some(s) => UnixTime::parse_rfc3339(s).ok_or_else(|| Failure {
            exit: 2,
            code: "invalid_time".into(),
            message: format!(
                "{} {s}",
                ui.t(
                    "Thời điểm không đúng dạng RFC 3339:",
                    "Not an RFC 3339 time:"
                )
            ),
            detail: None,
        }),
        None => {
            let secs = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_secs())
                .unwrap_or(0);
            Ok(UnixTime::from_secs(i64::try_from(secs).unwrap_or(i64::MAX)))
        }
    }
}
