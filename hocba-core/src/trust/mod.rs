//! Trust: X.509 certificates, chains, the trust store and revocation (`docs/spec/trust.md`).
//!
//! A signer's certificate chain (leaf first, as carried in the COSE `x5chain`) is validated
//! against roots the caller hands in, **at the signing time**, with rustls-webpki (ADR 0020)
//! plus hocba's policy: keyUsage, RSA size, person vs organisation for the role, revocation
//! dates, school matching ([`TrustPolicy`], ADR 0021, ADR 0022).
//!
//! ```
//! use hocba_core::{SignerRole, TrustStore, UnixTime};
//!
//! let mut store = TrustStore::new();
//! assert_eq!(store.root_count(), 0);
//! // store.add_roots_pem(&std::fs::read("roots.pem")?)?;
//! let signing = UnixTime::from_secs(1_780_272_000); // 2026-06-01T00:00:00Z
//! let now = UnixTime::from_secs(1_780_272_100);
//! let err = store.validate(&[], SignerRole::HomeroomTeacher, signing, now).unwrap_err();
//! assert_eq!(err.code(), "chain_empty");
//! ```

mod algs;
mod cert;
mod error;
mod person;
mod policy;
mod role;
mod store;
mod time;
mod tsa;

pub use cert::{CertificateInfo, KeyAlgorithm, PublicKeyInfo};

/// Whether `der` is a certificate whose basicConstraints say it is a CA's (for the hint of a
/// chain given out of order; an unreadable certificate is not one).
pub(crate) fn is_ca_certificate(der: &[u8]) -> bool {
    cert::parse(der).is_some_and(|c| c.is_ca())
}
pub use error::{CertPosition, TrustError};
pub use person::{
    NamedPerson, PERSONAL_ID_LEN, PersonIdRules, PersonMatch, certificate_holder,
    check_distinct_signers,
};
pub use policy::{
    DEFAULT_FUTURE_SKEW_SECS, DEFAULT_MAX_CERT_LEN, DEFAULT_MAX_CHAIN_LEN, DEFAULT_MIN_RSA_BITS,
    HolderKind, HolderRules, RevocationPolicy, SchoolMatch, TrustPolicy, UnmarkedHolder, same_name,
};
pub use role::SignerRole;
pub use store::{ChainFingerprint, MAX_CRL_LEN, MAX_TRUST_INPUTS, TrustStore, chain_fingerprint};
pub use time::UnixTime;
pub(crate) use time::vietnam_time;

#[cfg(test)]
mod tests;
