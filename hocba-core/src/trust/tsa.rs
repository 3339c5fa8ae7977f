//! Roots of time-stamping authorities (RFC 3161) and the validation of a TSA's certificate
//! path, kept apart from the signers' roots (ADR 0160): a school's or a teacher's CA does not
//! vouch for a time-stamp, and a TSA root does not vouch for a signer.

use rustls_pki_types::CertificateDer;
use rustls_pki_types::pem::PemObject;
use webpki::{
    EndEntityCert, ExpirationPolicy, RevocationCheckDepth, RevocationOptionsBuilder,
    UnknownStatusPolicy,
};

use super::store::{AnyEku, MAX_TRUST_INPUTS, check_chain_bounds, map_webpki, pki_time, read_root};
use super::{CertPosition, TrustError, TrustStore, UnixTime, algs, cert};

/// What the store says of a TSA certificate whose path it accepted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct TsaPath {
    /// The TSA certificate's common name (or its whole subject).
    pub name: String,
    /// The TSA root's name.
    pub root: String,
}

impl TrustStore {
    /// Number of TSA roots.
    pub fn tsa_root_count(&self) -> usize {
        self.tsa_roots.len()
    }

    /// Trust a time-stamping authority's root certificate (DER) for RFC 3161 time-stamp tokens
    /// only (ADR 0160). A signer root added with [`Self::add_root_der`] is not a TSA root.
    pub fn add_tsa_root_der(&mut self, der: &[u8]) -> Result<(), TrustError> {
        if self.tsa_anchors.len() >= MAX_TRUST_INPUTS {
            return Err(TrustError::TooManyTrustInputs {
                max: MAX_TRUST_INPUTS,
            });
        }
        let (root, anchor) = read_root(der, self.policy())?;
        self.tsa_roots.push(root);
        self.tsa_anchors.push(anchor);
        Ok(())
    }

    /// Trust every certificate of a PEM bundle as a TSA root; returns how many. Adds nothing
    /// when a block is broken or there is no certificate.
    pub fn add_tsa_roots_pem(&mut self, pem: &[u8]) -> Result<usize, TrustError> {
        let ders: Vec<CertificateDer<'static>> = CertificateDer::pem_slice_iter(pem)
            .collect::<Result<_, _>>()
            .map_err(|_| TrustError::MalformedPem)?;
        if ders.is_empty() {
            return Err(TrustError::MalformedPem);
        }
        if self.tsa_anchors.len() + ders.len() > MAX_TRUST_INPUTS {
            return Err(TrustError::TooManyTrustInputs {
                max: MAX_TRUST_INPUTS,
            });
        }
        let before = self.tsa_anchors.len();
        for d in &ders {
            if let Err(e) = self.add_tsa_root_der(d.as_ref()) {
                self.tsa_anchors.truncate(before);
                self.tsa_roots.truncate(before);
                return Err(e);
            }
        }
        Ok(ders.len())
    }

    /// Validates a TSA's certificate path (`chain`: the TSA certificate first, then any
    /// intermediates, DER) to a TSA root at `at` (the token's `genTime`): bounds, parsing,
    /// validity of every certificate at `at`, signatures, CA constraints, and the store's CRLs
    /// (a revocation at or before `at`, or for a compromise reason, counts). The extended key
    /// usage (RFC 3161 §2.3) is checked by the caller.
    pub(crate) fn validate_tsa(
        &self,
        chain: &[&[u8]],
        at: UnixTime,
    ) -> Result<TsaPath, TrustError> {
        let p = self.policy();
        check_chain_bounds(chain, p)?;
        let Some(leaf_der) = chain.first() else {
            return Err(TrustError::ChainEmpty);
        };
        let leaf_parsed = cert::parse(leaf_der).ok_or(TrustError::MalformedCertificate {
            position: CertPosition::Leaf,
        })?;
        let leaf_cert = CertificateDer::from(*leaf_der);
        let leaf =
            EndEntityCert::try_from(&leaf_cert).map_err(|_| TrustError::MalformedCertificate {
                position: CertPosition::Leaf,
            })?;
        let intermediates: Vec<CertificateDer<'_>> = chain[1..]
            .iter()
            .map(|c| CertificateDer::from(*c))
            .collect();
        let crl_refs: Vec<_> = self.crls.iter().collect();
        let revocation = RevocationOptionsBuilder::new(&crl_refs).ok().map(|b| {
            b.with_depth(RevocationCheckDepth::Chain)
                .with_status_policy(UnknownStatusPolicy::Allow)
                .with_expiration_policy(ExpirationPolicy::Ignore)
                .build()
        });
        let verify = |revocation| {
            leaf.verify_for_usage(
                algs::ALL,
                &self.tsa_anchors,
                &intermediates,
                pki_time(at),
                AnyEku,
                revocation,
                None,
            )
        };
        let path = match verify(revocation) {
            Ok(path) => path,
            Err(webpki::Error::CertRevoked) => {
                let path = verify(None).map_err(|e| map_webpki(e, at))?;
                if self.revocation_decision(&path, at, true)?.is_none() {
                    return Err(TrustError::Revoked {
                        position: CertPosition::Chain,
                        serial_hex: String::new(),
                        revoked_at: at,
                        reason: None,
                    });
                }
                path
            }
            Err(e) => return Err(map_webpki(e, at)),
        };
        let anchor_subject = path.anchor().subject.as_ref();
        let root = self
            .tsa_roots
            .iter()
            .find(|r| r.subject == anchor_subject)
            .map(|r| r.name.clone())
            .unwrap_or_default();
        Ok(TsaPath {
            name: cert::display_name(leaf_parsed.tbs().subject()),
            root,
        })
    }
}
