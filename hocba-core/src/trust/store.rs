//! The trust store: roots and CRLs handed in by the caller, and chain validation for a role at a
//! signing time.

use std::time::Duration;

use rustls_pki_types::pem::PemObject;
use rustls_pki_types::{CertificateDer, CertificateRevocationListDer, TrustAnchor};
use webpki::{
    CertRevocationList, EndEntityCert, ExpirationPolicy, ExtendedKeyUsageValidator,
    KeyPurposeIdIter, OwnedCertRevocationList, RevocationCheckDepth, RevocationOptionsBuilder,
    UnknownStatusPolicy,
};

use super::cert::{self, CertificateInfo, Parsed};
use super::policy::{COMPROMISE_REASONS, HolderKind, RevocationPolicy, TrustPolicy};
use super::{CertPosition, SignerRole, TrustError, UnixTime, algs};

/// At most this many roots, and this many CRLs, in one store.
pub const MAX_TRUST_INPUTS: usize = 1024;
/// Largest CRL accepted, in bytes.
pub const MAX_CRL_LEN: usize = 16 * 1024 * 1024;

/// A fingerprint of a presented chain: SHA-256 over each certificate's 4-byte big-endian length
/// followed by its DER, leaf first. Equal chains have equal fingerprints; use it as a cache key
/// (with the role) for [`TrustStore::validate`] results (see [`CertificateInfo::valid_from`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ChainFingerprint(pub [u8; 32]);

impl ChainFingerprint {
    /// Lower-case hex.
    pub fn to_hex(&self) -> String {
        hex::encode(self.0)
    }
}

/// The fingerprint of `chain` (leaf first, DER).
pub fn chain_fingerprint(chain: &[&[u8]]) -> ChainFingerprint {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    for c in chain {
        h.update(u32::try_from(c.len()).unwrap_or(u32::MAX).to_be_bytes());
        h.update(c);
    }
    ChainFingerprint(h.finalize().into())
}

pub(super) struct Root {
    pub(super) name: String,
    pub(super) subject: Vec<u8>,
}

/// Root certificates and CRLs given by the caller (Việt Nam has two trees: the national public
/// root and the government root), plus the [`TrustPolicy`]. Immutable while validating, no
/// interior state: [`TrustStore::validate`] is a pure function of the store, the chain bytes, the
/// role and the two times, so results can be cached by [`chain_fingerprint`].
pub struct TrustStore {
    anchors: Vec<TrustAnchor<'static>>,
    roots: Vec<Root>,
    /// Roots of time-stamping authorities (RFC 3161), a separate set: a signer's root does not
    /// vouch for a TSA, nor a TSA root for a signer (`docs/spec/trust.md`, ADR 0160).
    pub(super) tsa_anchors: Vec<TrustAnchor<'static>>,
    pub(super) tsa_roots: Vec<Root>,
    pub(super) crls: Vec<CertRevocationList<'static>>,
    policy: TrustPolicy,
}

impl std::fmt::Debug for TrustStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TrustStore")
            .field(
                "roots",
                &self.roots.iter().map(|r| &r.name).collect::<Vec<_>>(),
            )
            .field(
                "tsa_roots",
                &self.tsa_roots.iter().map(|r| &r.name).collect::<Vec<_>>(),
            )
            .field("crls", &self.crls.len())
            .field("policy", &self.policy)
            .finish()
    }
}

impl Default for TrustStore {
    fn default() -> Self {
        Self::new()
    }
}

/// hocba accepts any extended key usage: Vietnamese signing certificates carry clientAuth,
/// emailProtection, document-signing OIDs or none (ADR 0021). The keyUsage bits are checked by
/// the policy instead.
pub(super) struct AnyEku;

impl ExtendedKeyUsageValidator for AnyEku {
    fn validate(&self, iter: KeyPurposeIdIter<'_, '_>) -> Result<(), webpki::Error> {
        for purpose in iter {
            purpose?;
        }
        Ok(())
    }
}

pub(super) fn pki_time(t: UnixTime) -> rustls_pki_types::UnixTime {
    rustls_pki_types::UnixTime::since_unix_epoch(Duration::from_secs(
        t.secs().max(0).unsigned_abs(),
    ))
}

fn from_pki(t: rustls_pki_types::UnixTime) -> UnixTime {
    UnixTime::from_secs(i64::try_from(t.as_secs()).unwrap_or(i64::MAX))
}

fn position(index: usize) -> CertPosition {
    if index == 0 {
        CertPosition::Leaf
    } else {
        CertPosition::Intermediate(index)
    }
}

/// Map a path-validation error to ours (the validator already picked the most specific one).
#[allow(deprecated)] // older webpki variants still have to be matched
pub(super) fn map_webpki(e: webpki::Error, signing_time: UnixTime) -> TrustError {
    use webpki::Error as E;
    match e {
        E::CertExpired { not_after, .. } => TrustError::Expired {
            signing_time,
            not_after: from_pki(not_after),
        },
        E::CertNotValidYet { not_before, .. } => TrustError::NotYetValid {
            signing_time,
            not_before: from_pki(not_before),
        },
        E::UnknownIssuer => TrustError::UnknownIssuer,
        E::InvalidSignatureForPublicKey | E::SignatureAlgorithmMismatch => TrustError::BadSignature,
        E::EndEntityUsedAsCa => TrustError::IntermediateNotCa,
        E::CaUsedAsEndEntity => TrustError::LeafIsCa,
        E::PathLenConstraintViolated | E::NameConstraintViolation => TrustError::ConstraintViolated,
        E::MaximumPathBuildCallsExceeded
        | E::MaximumSignatureChecksExceeded
        | E::MaximumPathDepthExceeded
        | E::MaximumNameConstraintComparisonsExceeded => TrustError::PathTooComplex,
        E::InvalidCrlSignatureForPublicKey
        | E::IssuerNotCrlSigner
        | E::CrlExpired { .. }
        | E::UnsupportedCrlVersion
        | E::UnsupportedDeltaCrl
        | E::UnsupportedIndirectCrl
        | E::UnsupportedRevocationReason
        | E::UnsupportedRevocationReasonsPartitioning
        | E::UnsupportedCrlIssuingDistributionPoint
        | E::UnsupportedCrlSignatureAlgorithm
        | E::UnsupportedCrlSignatureAlgorithmContext(_)
        | E::UnsupportedCrlSignatureAlgorithmForPublicKey
        | E::UnsupportedCrlSignatureAlgorithmForPublicKeyContext(_)
        | E::InvalidCrlNumber => TrustError::CrlInvalid,
        E::UnsupportedSignatureAlgorithm
        | E::UnsupportedSignatureAlgorithmContext(_)
        | E::UnsupportedSignatureAlgorithmForPublicKey
        | E::UnsupportedSignatureAlgorithmForPublicKeyContext(_) => {
            TrustError::UnsupportedAlgorithm
        }
        E::BadDer
        | E::BadDerTime
        | E::TrailingData(_)
        | E::MalformedExtensions
        | E::ExtensionValueInvalid
        | E::InvalidCertValidity
        | E::InvalidSerialNumber
        | E::UnsupportedCertVersion => TrustError::MalformedCertificate {
            position: CertPosition::Chain,
        },
        other => TrustError::ChainInvalid {
            detail: format!("{other:?}"),
        },
    }
}

impl TrustStore {
    /// An empty store with the default [`TrustPolicy`]. Nothing validates until a root is added.
    pub fn new() -> Self {
        TrustStore {
            anchors: Vec::new(),
            roots: Vec::new(),
            tsa_anchors: Vec::new(),
            tsa_roots: Vec::new(),
            crls: Vec::new(),
            policy: TrustPolicy::default(),
        }
    }

    /// Replace the policy.
    pub fn with_policy(mut self, policy: TrustPolicy) -> Self {
        self.policy = policy;
        self
    }

    /// The policy in force.
    pub fn policy(&self) -> &TrustPolicy {
        &self.policy
    }

    /// Number of roots.
    pub fn root_count(&self) -> usize {
        self.roots.len()
    }

    /// Number of CRLs.
    pub fn crl_count(&self) -> usize {
        self.crls.len()
    }

    /// Trust a root certificate (DER). The root's own validity period and signature are not
    /// checked (RFC 5280 §6.1: a trust anchor is an input, not a certificate to validate).
    pub fn add_root_der(&mut self, der: &[u8]) -> Result<(), TrustError> {
        if self.anchors.len() >= MAX_TRUST_INPUTS {
            return Err(TrustError::TooManyTrustInputs {
                max: MAX_TRUST_INPUTS,
            });
        }
        let (root, anchor) = read_root(der, &self.policy)?;
        self.roots.push(root);
        self.anchors.push(anchor);
        Ok(())
    }

    /// Trust every certificate in a PEM bundle; returns how many were added. Fails (adding
    /// nothing) if a block is broken or there is no certificate.
    pub fn add_roots_pem(&mut self, pem: &[u8]) -> Result<usize, TrustError> {
        let ders: Vec<CertificateDer<'static>> = CertificateDer::pem_slice_iter(pem)
            .collect::<Result<_, _>>()
            .map_err(|_| TrustError::MalformedPem)?;
        if ders.is_empty() {
            return Err(TrustError::MalformedPem);
        }
        let mut staged = TrustStore::new().with_policy(self.policy.clone());
        for d in &ders {
            staged.add_root_der(d.as_ref())?;
        }
        if self.anchors.len() + staged.anchors.len() > MAX_TRUST_INPUTS {
            return Err(TrustError::TooManyTrustInputs {
                max: MAX_TRUST_INPUTS,
            });
        }
        self.anchors.append(&mut staged.anchors);
        self.roots.append(&mut staged.roots);
        Ok(ders.len())
    }

    /// Add a certificate revocation list (DER). Its signature is checked against the issuing CA
    /// when it is used.
    pub fn add_crl_der(&mut self, der: &[u8]) -> Result<(), TrustError> {
        if self.crls.len() >= MAX_TRUST_INPUTS {
            return Err(TrustError::TooManyTrustInputs {
                max: MAX_TRUST_INPUTS,
            });
        }
        if der.len() > MAX_CRL_LEN {
            return Err(TrustError::MalformedCrl);
        }
        let crl = OwnedCertRevocationList::from_der(der).map_err(|_| TrustError::MalformedCrl)?;
        self.crls.push(CertRevocationList::Owned(crl));
        Ok(())
    }

    /// Add every CRL in a PEM file (`-----BEGIN X509 CRL-----`); returns how many.
    pub fn add_crls_pem(&mut self, pem: &[u8]) -> Result<usize, TrustError> {
        let ders: Vec<CertificateRevocationListDer<'static>> =
            CertificateRevocationListDer::pem_slice_iter(pem)
                .collect::<Result<_, _>>()
                .map_err(|_| TrustError::MalformedPem)?;
        if ders.is_empty() {
            return Err(TrustError::MalformedPem);
        }
        for d in &ders {
            self.add_crl_der(d.as_ref())?;
        }
        Ok(ders.len())
    }

    /// Check a signing time against the verification time: not before 1970, and not later than
    /// the verification time plus [`TrustPolicy::future_skew_secs`].
    pub fn check_signing_time(
        &self,
        signing_time: UnixTime,
        verification_time: UnixTime,
    ) -> Result<(), TrustError> {
        if signing_time.secs() < 0 {
            return Err(TrustError::SigningTimeInvalid { signing_time });
        }
        let skew = self.policy.future_skew_secs;
        if signing_time.secs() > verification_time.secs().saturating_add(skew) {
            return Err(TrustError::SigningTimeInFuture {
                signing_time,
                verification_time,
                skew_secs: skew,
            });
        }
        Ok(())
    }

    /// Whether `info` (from [`Self::validate`]), signing as `role`, belongs to the record's school
    /// under [`TrustPolicy::school`].
    pub fn check_school(
        &self,
        info: &CertificateInfo,
        role: SignerRole,
        school_name: &str,
        school_code: &str,
    ) -> Result<(), TrustError> {
        self.policy
            .school
            .check(info, role, school_name, school_code)
    }

    /// Validate `chain` (leaf first, then intermediates, DER, as carried in the COSE `x5chain`)
    /// for `role` at `signing_time`; `verification_time` bounds the signing time (see
    /// [`Self::check_signing_time`]). The path is judged at the signing time: a certificate that
    /// expired after the signature was made does not invalidate it (transcripts do not expire).
    ///
    /// Checks, in this order (the first failure is returned): bounds and parsing of every
    /// certificate; the signing time; the path to a root (rustls-webpki, which itself reports
    /// the most specific of its errors); revocation; the signer's key (type, RSA size); its
    /// keyUsage; whether it fits the role (organisation for the seal, person otherwise).
    pub fn validate(
        &self,
        chain: &[&[u8]],
        role: SignerRole,
        signing_time: UnixTime,
        verification_time: UnixTime,
    ) -> Result<CertificateInfo, TrustError> {
        self.validate_inner(chain, role, signing_time, verification_time, false)
    }

    /// [`Self::validate`] at a time a verified RFC 3161 time-stamp proves (its `genTime`, ADR
    /// 0160) instead of the signer's claim: the same checks, except that under
    /// [`RevocationPolicy::Strict`] a revocation dated after that time no longer counts
    /// (`revoked_after_claimed_time` is for unproven claims); it is reported as
    /// `revoked_later`, as under the default policy. Revocations for a compromise reason still
    /// count whatever their date.
    pub fn validate_at_timestamp(
        &self,
        chain: &[&[u8]],
        role: SignerRole,
        timestamp_time: UnixTime,
        verification_time: UnixTime,
    ) -> Result<CertificateInfo, TrustError> {
        self.validate_inner(chain, role, timestamp_time, verification_time, true)
    }

    fn validate_inner(
        &self,
        chain: &[&[u8]],
        role: SignerRole,
        signing_time: UnixTime,
        verification_time: UnixTime,
        proven: bool,
    ) -> Result<CertificateInfo, TrustError> {
        let p = &self.policy;
        check_chain_bounds(chain, p)?;
        let parsed: Vec<Parsed> = chain
            .iter()
            .enumerate()
            .map(|(i, c)| {
                cert::parse(c).ok_or(TrustError::MalformedCertificate {
                    position: position(i),
                })
            })
            .collect::<Result<_, _>>()?;
        self.check_signing_time(signing_time, verification_time)?;

        let leaf_der = CertificateDer::from(chain[0]);
        let leaf =
            EndEntityCert::try_from(&leaf_der).map_err(|_| TrustError::MalformedCertificate {
                position: CertPosition::Leaf,
            })?;
        let intermediates: Vec<CertificateDer<'_>> = chain[1..]
            .iter()
            .map(|c| CertificateDer::from(*c))
            .collect();
        let time = pki_time(signing_time);
        let crl_refs: Vec<&CertRevocationList<'static>> = self.crls.iter().collect();
        let revocation = RevocationOptionsBuilder::new(&crl_refs).ok().map(|b| {
            b.with_depth(RevocationCheckDepth::Chain)
                .with_status_policy(UnknownStatusPolicy::Allow)
                .with_expiration_policy(ExpirationPolicy::Ignore)
                .build()
        });
        let verify = |revocation| {
            leaf.verify_for_usage(
                algs::ALL,
                &self.anchors,
                &intermediates,
                time,
                AnyEku,
                revocation,
                None,
            )
        };
        let (path, revoked_later) = match verify(revocation) {
            Ok(path) => (path, None),
            Err(webpki::Error::CertRevoked) => {
                // A listed certificate: find the entries along the path and apply the policy.
                let path = verify(None).map_err(|e| map_webpki(e, signing_time))?;
                match self.revocation_decision(&path, signing_time, proven)? {
                    Some(later) => (path, Some(later)),
                    // The validator found a listing we could not attribute: stay on the safe side.
                    None => {
                        return Err(TrustError::Revoked {
                            position: CertPosition::Chain,
                            serial_hex: String::new(),
                            revoked_at: signing_time,
                            reason: None,
                        });
                    }
                }
            }
            Err(e) => return Err(map_webpki(e, signing_time)),
        };

        // The certificates of the path (leaf and the intermediates actually used).
        let mut in_path: Vec<&Parsed> = vec![&parsed[0]];
        for c in path.intermediate_certificates() {
            if let Some(i) = chain.iter().position(|d| *d == c.der().as_ref()) {
                in_path.push(&parsed[i]);
            }
        }
        let valid_from = in_path
            .iter()
            .map(|c| c.not_before())
            .max()
            .unwrap_or(signing_time);
        let mut valid_until = in_path
            .iter()
            .map(|c| c.not_after())
            .min()
            .unwrap_or(signing_time);
        if let Some((r, _)) = revoked_later {
            valid_until = valid_until.min(UnixTime::from_secs(r.secs() - 1));
        }
        let anchor_subject = path.anchor().subject.as_ref();
        let root = self
            .roots
            .iter()
            .find(|r| r.subject == anchor_subject)
            .map(|r| r.name.clone())
            .unwrap_or_default();

        let spki = leaf.subject_public_key_info().as_ref().to_vec();
        let mut info = self.leaf_info(&parsed[0], chain[0], spki, root);
        info.valid_from = valid_from;
        info.valid_until = valid_until;
        info.revoked_later = revoked_later.map(|(at, _)| at);
        info.revoked_later_reason = revoked_later.and_then(|(_, reason)| reason);
        self.check_leaf(&info, &parsed[0], role)?;
        Ok(info)
    }

    /// What the leaf says, under the policy (validity window: the leaf's own).
    fn leaf_info(&self, lp: &Parsed, der: &[u8], spki: Vec<u8>, root: String) -> CertificateInfo {
        let p = &self.policy;
        let tbs = lp.tbs();
        let key = lp.public_key(spki);
        let holder = p.holder.classify(tbs.subject());
        let (digital_signature, non_repudiation) = lp.key_usage().unwrap_or((false, false));
        CertificateInfo {
            subject_name: cert::display_name(tbs.subject()),
            organisation: cert::first(tbs.subject(), cert::oids::O),
            organisational_unit: cert::first(tbs.subject(), cert::oids::OU),
            subject_ids: cert::attrs(tbs.subject(), cert::oids::UID)
                .into_iter()
                .chain(cert::attrs(tbs.subject(), cert::oids::SERIAL_NUMBER))
                .collect(),
            personal_ids: if holder == HolderKind::Person {
                p.person_ids.extract(tbs.subject())
            } else {
                Vec::new()
            },
            subject_dn: tbs.subject().to_string(),
            issuer: cert::display_name(tbs.issuer()),
            issuer_dn: tbs.issuer().to_string(),
            root,
            serial_hex: lp.serial_hex(),
            not_before: lp.not_before(),
            not_after: lp.not_after(),
            key,
            digital_signature,
            non_repudiation,
            holder,
            is_organisation: holder == HolderKind::Organisation,
            fingerprint_sha256: cert::sha256(der),
            valid_from: lp.not_before(),
            valid_until: lp.not_after(),
            revoked_later: None,
            revoked_later_reason: None,
        }
    }

    /// The checks of the signer's own certificate that need no root (before signing, when the
    /// caller gives no trust: ADR 0142): readable, within its validity at `signing_time`, a
    /// supported key of the policy's size, keyUsage, not a CA, person or organisation as
    /// `role` needs. The returned info names no root.
    pub fn check_leaf_for_role(
        &self,
        leaf_der: &[u8],
        role: SignerRole,
        signing_time: UnixTime,
    ) -> Result<CertificateInfo, TrustError> {
        use der::Encode;
        let bad = TrustError::MalformedCertificate {
            position: CertPosition::Leaf,
        };
        if leaf_der.len() > self.policy.max_cert_len {
            return Err(TrustError::CertTooLarge {
                index: 0,
                len: leaf_der.len(),
                max: self.policy.max_cert_len,
            });
        }
        let lp = cert::parse(leaf_der).ok_or(bad.clone())?;
        if signing_time < lp.not_before() {
            return Err(TrustError::NotYetValid {
                signing_time,
                not_before: lp.not_before(),
            });
        }
        if signing_time > lp.not_after() {
            return Err(TrustError::Expired {
                signing_time,
                not_after: lp.not_after(),
            });
        }
        let spki = lp
            .tbs()
            .subject_public_key_info()
            .to_der()
            .map_err(|_| bad)?;
        let info = self.leaf_info(&lp, leaf_der, spki, String::new());
        self.check_leaf(&info, &lp, role)?;
        Ok(info)
    }

    /// What a leaf certificate says under the policy, without any check (`None` if unreadable).
    pub(crate) fn describe_leaf(&self, leaf_der: &[u8]) -> Option<CertificateInfo> {
        use der::Encode;
        let lp = cert::parse(leaf_der)?;
        let spki = lp.tbs().subject_public_key_info().to_der().ok()?;
        Some(self.leaf_info(&lp, leaf_der, spki, String::new()))
    }

    /// Whether `info`, signing as `role`, is the certificate of the person the record names
    /// (under [`TrustPolicy::person`]; the seal always passes).
    pub fn check_person(
        &self,
        info: &CertificateInfo,
        role: SignerRole,
        named: &super::NamedPerson<'_>,
    ) -> Result<(), TrustError> {
        self.policy.person.check(info, role, named)
    }

    /// The signer's own certificate against the policy: key, keyUsage, role.
    fn check_leaf(
        &self,
        info: &CertificateInfo,
        leaf: &Parsed,
        role: SignerRole,
    ) -> Result<(), TrustError> {
        use super::KeyAlgorithm;
        let p = &self.policy;
        match info.key.algorithm {
            KeyAlgorithm::Other => return Err(TrustError::UnsupportedKey),
            KeyAlgorithm::Rsa if info.key.bits < p.min_rsa_bits => {
                return Err(TrustError::WeakRsaKey {
                    bits: info.key.bits,
                    min: p.min_rsa_bits,
                });
            }
            KeyAlgorithm::Rsa if info.key.bits > algs::MAX_RSA_BITS => {
                return Err(TrustError::UnsupportedKey);
            }
            _ => {}
        }
        match leaf.key_usage() {
            Some((ds, nr)) if ds || nr => {}
            None if p.allow_missing_key_usage => {}
            _ => return Err(TrustError::MissingDigitalSignature),
        }
        if leaf.is_ca() {
            return Err(TrustError::LeafIsCa);
        }
        match (role.needs_organisation(), info.holder) {
            (true, HolderKind::Person) => Err(TrustError::PersonalCertForSeal),
            (false, HolderKind::Organisation) => {
                Err(TrustError::OrganisationCertForPerson { role })
            }
            _ => Ok(()),
        }
    }

    /// Look up every certificate of `path` in the CRLs. A revocation that counts under the
    /// policy is an error (leaf first); otherwise the earliest later revocation date (and its
    /// reason) is returned.
    pub(super) fn revocation_decision(
        &self,
        path: &webpki::VerifiedPath<'_>,
        signing_time: UnixTime,
        proven: bool,
    ) -> Result<Option<(UnixTime, Option<u8>)>, TrustError> {
        let certs = std::iter::once(&**path.end_entity()).chain(path.intermediate_certificates());
        let mut later: Option<(UnixTime, Option<u8>)> = None;
        for (i, c) in certs.enumerate() {
            for crl in self.crls.iter().filter(|crl| crl.issuer() == c.issuer()) {
                let Ok(Some(entry)) = crl.find_serial(c.serial()) else {
                    continue;
                };
                let revoked_at = from_pki(entry.revocation_date);
                let reason = entry.reason_code.map(|r| r as u8);
                let counts = match self.policy.revocation {
                    RevocationPolicy::Any => true,
                    RevocationPolicy::AtSigningTime | RevocationPolicy::Strict => {
                        revoked_at <= signing_time
                            || reason.is_some_and(|r| COMPROMISE_REASONS.contains(&r))
                    }
                };
                let position = if i == 0 {
                    CertPosition::Leaf
                } else {
                    CertPosition::Chain
                };
                if counts {
                    return Err(TrustError::Revoked {
                        position,
                        serial_hex: hex::encode(c.serial()),
                        revoked_at,
                        reason,
                    });
                }
                // A later revocation: the claimed signing time alone cannot prove the
                // signature came first under the strict policy; a verified time-stamp can
                // (`proven`, ADR 0160).
                if self.policy.revocation == RevocationPolicy::Strict && !proven {
                    return Err(TrustError::RevokedAfterClaimedTime {
                        position,
                        serial_hex: hex::encode(c.serial()),
                        revoked_at,
                        reason,
                    });
                }
                if later.is_none_or(|(l, _)| revoked_at < l) {
                    later = Some((revoked_at, reason));
                }
            }
        }
        Ok(later)
    }
}

/// A root certificate (DER) read as a trust anchor and its name: the one reading of a root,
/// for signer roots and TSA roots (ADR 0160) alike. Its own validity and signature are not
/// checked (RFC 5280 §6.1: a trust anchor is an input).
pub(super) fn read_root(
    der: &[u8],
    policy: &TrustPolicy,
) -> Result<(Root, TrustAnchor<'static>), TrustError> {
    if der.len() > policy.max_cert_len {
        return Err(TrustError::MalformedRoot);
    }
    let parsed = cert::parse(der).ok_or(TrustError::MalformedRoot)?;
    let anchor = webpki::anchor_from_trusted_cert(&CertificateDer::from(der))
        .map_err(|_| TrustError::MalformedRoot)?
        .to_owned();
    let root = Root {
        name: cert::display_name(parsed.tbs().subject()),
        subject: anchor.subject.as_ref().to_vec(),
    };
    Ok((root, anchor))
}

/// The bounds every chain is held to before anything in it is parsed: not empty, at most
/// `max_chain_len` certificates of at most `max_cert_len` bytes each (signers' and TSAs' alike).
pub(super) fn check_chain_bounds(chain: &[&[u8]], p: &TrustPolicy) -> Result<(), TrustError> {
    if chain.is_empty() {
        return Err(TrustError::ChainEmpty);
    }
    if chain.len() > p.max_chain_len {
        return Err(TrustError::ChainTooLong {
            len: chain.len(),
            max: p.max_chain_len,
        });
    }
    if let Some((index, c)) = chain
        .iter()
        .enumerate()
        .find(|(_, c)| c.len() > p.max_cert_len)
    {
        return Err(TrustError::CertTooLarge {
            index,
            len: c.len(),
            max: p.max_cert_len,
        });
    }
    Ok(())
}
