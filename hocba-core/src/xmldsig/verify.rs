//! Verifying a signed national XML: bytes → [`UnverifiedXml::from_bytes`] (strict reading,
//! positions, the profile, the digests) → [`UnverifiedXml::verify`] (keys, signatures,
//! certificate chains at the signing time, with the caller's roots) → [`XmlVerification`]:
//! the shared [`VerificationReport`] and, when valid, a [`Verified<SignedXml>`].

use std::ops::Range;

use sha2::Digest;

use super::layout::{self, data_field};
use super::profile::{DigestAlg, RequiredRoles};
use super::read::{DataDigests, ReadSignature, read_signature};
use super::{C14nMethod, XmlSigError};
use crate::envelope::{
    EnvelopeError, PublicKey, RecordFormat, SignerFailure, SignerReport, Status,
    VerificationReport, Verified, Verifier,
};
use crate::model::Sha256Digest;
use crate::trust::{SignerRole, TrustStore, UnixTime};

/// A national XML whose signatures verified: where its signed data lies in the bytes.
/// [`Verified::signed_bytes`] holds the whole document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignedXml {
    data: Range<usize>,
    data_digest: Sha256Digest,
}

impl SignedXml {
    /// The byte range of the `DU_LIEU_HOC_BA` element in the signed bytes.
    pub fn data_range(&self) -> Range<usize> {
        self.data.clone()
    }

    /// SHA-256 of the exclusive canonical form of `DU_LIEU_HOC_BA` (the signed data).
    pub fn data_digest(&self) -> Sha256Digest {
        self.data_digest
    }
}

impl Verified<SignedXml> {
    /// The year record read from the verified bytes by the national reader
    /// ([`crate::moet::from_xml`], which leaves the signature slots to this module): the
    /// type-state step from a verified document to a verified record.
    pub fn year_record(
        &self,
        profile: &crate::moet::Profile,
    ) -> Result<Verified<crate::model::YearRecord>, crate::Error> {
        let record = crate::moet::from_xml(self.signed_bytes(), profile)?;
        Ok(Verified::new(
            record,
            self.signed_bytes().to_vec(),
            self.digest(),
        ))
    }
}

/// The outcome of verifying a national XML: always a report; the verified document only when
/// the status is [`Status::Valid`].
#[derive(Clone, Debug)]
pub struct XmlVerification {
    report: VerificationReport,
    verified: Option<Verified<SignedXml>>,
}

impl XmlVerification {
    /// The report.
    pub fn report(&self) -> &VerificationReport {
        &self.report
    }
    /// The verified document, when valid.
    pub fn verified(&self) -> Option<&Verified<SignedXml>> {
        self.verified.as_ref()
    }
    /// Report and (when valid) verified document.
    pub fn into_parts(self) -> (VerificationReport, Option<Verified<SignedXml>>) {
        (self.report, self.verified)
    }
}

/// A national XML read strictly and checked against the signature profile; no signature or
/// certificate checked yet.
#[derive(Clone, Debug)]
pub struct UnverifiedXml {
    bytes: Vec<u8>,
    read: ReadXml,
}

/// What [`UnverifiedXml`] read from the bytes: owned, no borrow of them or of their tree, so
/// bulk verification can judge a record while its tree is alive and then move the bytes
/// themselves (not a copy) into the verified record.
#[derive(Clone, Debug)]
struct ReadXml {
    data: Range<usize>,
    data_digest: Sha256Digest,
    school_name: String,
    school_code: String,
    /// The persons the data names: (name, số định danh) of the GVCN and of the CBQL.
    teacher: (String, Option<String>),
    principal: (String, Option<String>),
    signatures: Vec<ReadSignature>,
}

impl UnverifiedXml {
    /// Reads a national XML: UTF-8, no DTD, bounded; one `HOC_BA` with `DU_LIEU_HOC_BA` first
    /// and `DANH_SACH_THONG_TIN_KY` second; no comment, no duplicate `Id`; every signature
    /// in its slot, of the profile, its references resolved by position and their digests
    /// computed. Fails on the first breach with its typed code.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, XmlSigError> {
        Ok(Self {
            read: ReadXml::from_document(&layout::parse(bytes)?)?,
            bytes: bytes.to_vec(),
        })
    }

    /// [`from_bytes`](Self::from_bytes) for a record handed in to be verified: one with no
    /// signature at all is [`XmlSigError::NotSigned`] (nothing to verify, as COSE's
    /// `not_signed`), the one policy the CLI, the bindings and bulk verification share.
    pub fn from_signed_bytes(bytes: &[u8]) -> Result<Self, XmlSigError> {
        Ok(Self {
            read: ReadXml::signed_from_document(&layout::parse(bytes)?)?,
            bytes: bytes.to_vec(),
        })
    }

    /// The exact bytes read.
    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// The roles that signed, in slot order (unverified).
    pub fn roles(&self) -> Vec<SignerRole> {
        self.read.signatures.iter().map(|s| s.role).collect()
    }

    /// The certificates `role`'s signature carries in its `KeyInfo`, leaf first (DER), as
    /// written — a hint until [`verify`](Self::verify) has checked them; `None` when the role
    /// has not signed. A portal matches the KY_PHAT_HANH leaf against the school's approved
    /// certificates with it, without reading the document again.
    pub fn certificates(&self, role: SignerRole) -> Option<&[Vec<u8>]> {
        self.read
            .signatures
            .iter()
            .find(|s| s.role == role)
            .map(|s| s.chain.as_slice())
    }

    /// Verifies every signature and certificate chain at `at`, requiring all three roles.
    pub fn verify(self, trust: &TrustStore, at: UnixTime) -> XmlVerification {
        self.verify_in(&Verifier::new(trust, at), RequiredRoles::All)
    }

    /// Verifies with a shared [`Verifier`] (certificate chains checked once across records)
    /// and a policy on the required roles.
    pub fn verify_in(self, v: &Verifier<'_>, required: RequiredRoles) -> XmlVerification {
        let report = self.read.judge(&self.bytes, v, required);
        let verified = (report.status == Status::Valid).then(|| {
            Verified::new(
                SignedXml {
                    data: self.read.data.clone(),
                    data_digest: self.read.data_digest,
                },
                self.bytes,
                report.digest,
            )
        });
        XmlVerification { report, verified }
    }
}

impl ReadXml {
    /// Reads `doc` (parsed by the strict front): the profile's positions, every signature of
    /// a slot and its references' digests.
    fn from_document(doc: &roxmltree::Document<'_>) -> Result<Self, XmlSigError> {
        let l = layout::layout(doc)?;
        let mut cache = DataDigests::default();
        let mut signatures = Vec::new();
        for slot in l.slots.iter().filter(|s| s.signature.is_some()) {
            signatures.push(read_signature(&l, slot, &mut cache)?);
        }
        let data_digest = Sha256Digest(
            cache
                .get(l.data, C14nMethod::Exclusive, DigestAlg::Sha256)
                .try_into()
                .unwrap_or([0; 32]),
        );
        Ok(Self {
            data: l.data.range(),
            data_digest,
            school_name: data_field(l.data, "TEN_TRUONG").unwrap_or("").to_owned(),
            school_code: data_field(l.data, "MA_TRUONG").unwrap_or("").to_owned(),
            teacher: named_in_data(l.data, SignerRole::HomeroomTeacher),
            principal: named_in_data(l.data, SignerRole::Principal),
            signatures,
        })
    }

    /// [`from_document`](Self::from_document) for a record handed in to be verified (see
    /// [`UnverifiedXml::from_signed_bytes`]).
    fn signed_from_document(doc: &roxmltree::Document<'_>) -> Result<Self, XmlSigError> {
        let read = Self::from_document(doc)?;
        if read.signatures.is_empty() {
            return Err(XmlSigError::NotSigned);
        }
        Ok(read)
    }

    /// The report on `bytes` (the document this was read from): every signature and
    /// certificate chain checked with `v`, the roles `required` present.
    fn judge(&self, bytes: &[u8], v: &Verifier<'_>, required: RequiredRoles) -> VerificationReport {
        let signers = self.check_signers(v);
        let first_failure = signers.iter().find_map(|s| s.outcome.as_ref().err());
        let present: Vec<SignerRole> = self.signatures.iter().map(|s| s.role).collect();
        let missing: Vec<SignerRole> = SignerRole::ALL
            .into_iter()
            .filter(|r| required.requires(*r) && !present.contains(r))
            .collect();
        let (status, error) = match first_failure {
            Some(f) => (Status::Invalid, Some(f.code())),
            None if !missing.is_empty() => (Status::Incomplete, Some("incomplete")),
            None => (Status::Valid, None),
        };
        VerificationReport {
            format: RecordFormat::NationalXml(required),
            status,
            error,
            signers,
            missing,
            digest: Sha256Digest::of(bytes),
            payload_digest: self.data_digest,
            verified_at: v.at(),
            findings: Vec::new(),
        }
    }

    fn check_signers(&self, v: &Verifier<'_>) -> Vec<SignerReport> {
        let trust = v.trust();
        let mut out = Vec::with_capacity(self.signatures.len());
        let mut previous_time: Option<UnixTime> = None;
        let mut accepted: Vec<(SignerRole, crate::trust::CertificateInfo)> = Vec::new();
        for (i, s) in self.signatures.iter().enumerate() {
            let chain: Vec<&[u8]> = s.chain.iter().map(Vec::as_slice).collect();
            let known = v.chain(&chain);
            let certificate = known.as_ref().and_then(|k| k.leaf.summary.clone());
            let mut stamped: Option<crate::timestamp::TimestampInfo> = None;
            let mut check = || -> Result<crate::trust::CertificateInfo, SignerFailure> {
                let Some(known) = &known else {
                    return Err(SignerFailure::Key(EnvelopeError::CertificateUnreadable));
                };
                let key = known
                    .leaf
                    .key
                    .as_ref()
                    .map_err(|e| SignerFailure::Key(e.clone()))?;
                if !key.fits(s.alg) {
                    return Err(SignerFailure::Key(EnvelopeError::KeyAlgorithmMismatch));
                }
                if s.value.len() != signature_len(key) {
                    return Err(SignerFailure::XmlSignature(XmlSigError::SignatureLength));
                }
                s.digests.clone().map_err(SignerFailure::XmlSignature)?;
                key.verify(s.alg, &s.signed_info, &s.value)
                    .map_err(|_| SignerFailure::Signature)?;
                trust
                    .check_signing_time(s.signing_time, v.at())
                    .map_err(SignerFailure::Certificate)?;
                let skew = trust.policy().future_skew_secs;
                if previous_time
                    .is_some_and(|p| s.signing_time.secs().saturating_add(skew) < p.secs())
                {
                    return Err(SignerFailure::SigningTimeOrder);
                }
                // A time-stamp (ADR 0160): verified against the TSA roots, never earlier than
                // the claim; the chain is then judged at its time instead of the claim's.
                let info = match &s.timestamp {
                    None => v.certificate(
                        &chain,
                        known.fingerprint,
                        s.role,
                        s.signing_time,
                        &self.school_name,
                        &self.school_code,
                    ),
                    Some(ts) => {
                        let t = crate::timestamp::verify_for_claim(
                            &ts.token,
                            &ts.signature_value_c14n,
                            trust,
                            v.at(),
                            s.signing_time,
                        )
                        .map_err(SignerFailure::Timestamp)?;
                        let at = t.time;
                        stamped = Some(t);
                        // Not cached: the cache holds results for claimed times.
                        trust
                            .validate_at_timestamp(&chain, s.role, at, v.at())
                            .and_then(|info| {
                                trust
                                    .check_school(
                                        &info,
                                        s.role,
                                        &self.school_name,
                                        &self.school_code,
                                    )
                                    .map(|()| info)
                            })
                    }
                }
                .map_err(SignerFailure::Certificate)?;
                trust
                    .check_person(
                        &info,
                        s.role,
                        &self.named_person(s.role, s.unsigned_id.as_deref()),
                    )
                    .map_err(SignerFailure::Certificate)?;
                let earlier: Vec<_> = accepted.iter().map(|(r, e)| (*r, e)).collect();
                crate::trust::check_distinct_signers(&info, s.role, &earlier)
                    .map_err(SignerFailure::Certificate)?;
                Ok(info)
            };
            let checked = check();
            previous_time = Some(s.signing_time);
            let certificate = certificate.map(|mut c| {
                c.is_organisation = checked.as_ref().ok().map(|i| i.is_organisation);
                c
            });
            let outcome = checked.as_ref().map(|_| ()).map_err(Clone::clone);
            let revoked_later = SignerReport::later_revocation(&outcome, checked.as_ref().ok());
            if let Ok(info) = checked {
                accepted.push((s.role, info));
            }
            out.push(SignerReport {
                position: i,
                role: s.role,
                capacity: None,
                algorithm: s.alg,
                signing_time: s.signing_time,
                certificate,
                outcome,
                revoked_later,
                timestamp: stamped,
            });
        }
        out
    }
}

impl ReadXml {
    /// The person the signed data names for `role` (`TEN_GIAO_VIEN_CHU_NHIEM` and
    /// `SO_CCCD_GIAO_VIEN_CHU_NHIEM`, `TEN_GIAM_HIEU_KY_HOC_BA` and
    /// `SO_CCCD_GIAM_HIEU_KY_HOC_BA`, CV 2088 Phụ lục 1.1).
    /// The person the data names for `role`, with the slot's `SO_CCCD` when the data names no
    /// số định danh (`unsigned_id`, ADR 0140).
    fn named_person<'s>(
        &'s self,
        role: SignerRole,
        unsigned_id: Option<&'s str>,
    ) -> crate::trust::NamedPerson<'s> {
        let (name, id) = match role {
            SignerRole::HomeroomTeacher => &self.teacher,
            SignerRole::Principal => &self.principal,
            SignerRole::SchoolSeal => return crate::trust::NamedPerson::default(),
        };
        crate::trust::NamedPerson {
            full_name: name,
            personal_id: id.as_deref(),
            unsigned_id,
        }
    }
}

/// The (name, số định danh) the data gives for a personal role (empty for the seal).
pub(crate) fn named_in_data(
    data: roxmltree::Node<'_, '_>,
    role: SignerRole,
) -> (String, Option<String>) {
    let (name, id) = match role {
        SignerRole::HomeroomTeacher => ("TEN_GIAO_VIEN_CHU_NHIEM", "SO_CCCD_GIAO_VIEN_CHU_NHIEM"),
        SignerRole::Principal => ("TEN_GIAM_HIEU_KY_HOC_BA", "SO_CCCD_GIAM_HIEU_KY_HOC_BA"),
        SignerRole::SchoolSeal => return (String::new(), None),
    };
    (
        data_field(data, name).unwrap_or("").to_owned(),
        data_field(data, id).map(str::to_owned),
    )
}

/// The length of a signature by `key` in XML-DSig form: the modulus length for RSA, `r ‖ s`
/// for ECDSA (RFC 4051 §3.3).
pub(crate) fn signature_len(key: &PublicKey) -> usize {
    key.signature_len()
}

/// Reads and verifies `bytes` at `at` with the caller's `trust`, requiring all three roles.
pub fn verify(
    bytes: &[u8],
    trust: &TrustStore,
    at: UnixTime,
) -> Result<XmlVerification, XmlSigError> {
    Ok(UnverifiedXml::from_bytes(bytes)?.verify(trust, at))
}

/// SHA-256 of the exclusive canonical `DU_LIEU_HOC_BA` of an (unsigned or signed) national
/// XML, read strictly.
pub fn data_digest(bytes: &[u8]) -> Result<Sha256Digest, XmlSigError> {
    let doc = layout::parse(bytes)?;
    let l = layout::layout(&doc)?;
    let mut h = super::c14n::Hashing(sha2::Sha256::new());
    super::c14n::canonicalize(l.data, C14nMethod::Exclusive, &mut h);
    Ok(Sha256Digest(h.0.finalize().into()))
}

/// Bulk verification of a national XML (`crate::bulk`), in the COSE path's terms: the shared
/// report and, when valid, the record read by the national reader (profile 2088/1.0). A
/// document that breaks the profile before any signature is checked is reported as invalid
/// with its code; one that is not readable XML, or whose valid data the national reader
/// refuses, is an error.
///
/// The bytes are parsed once, for the signatures and the record model, and end up in the
/// verified record themselves, not a copy of them.
pub(crate) fn verify_for_bulk(
    bytes: Vec<u8>,
    v: &Verifier<'_>,
    required: RequiredRoles,
) -> Result<
    (
        crate::envelope::Verification,
        Option<crate::moet::NationalFacts>,
    ),
    EnvelopeError,
> {
    let (report, record) = {
        let doc = layout::parse(&bytes).map_err(EnvelopeError::NationalXml)?;
        let read = match ReadXml::signed_from_document(&doc) {
            Ok(read) => read,
            Err(e) if e.is_unreadable() => return Err(EnvelopeError::NationalXml(e)),
            Err(e) => {
                let report = VerificationReport {
                    format: RecordFormat::NationalXml(required),
                    status: Status::Invalid,
                    error: Some(e.code()),
                    signers: Vec::new(),
                    missing: Vec::new(),
                    digest: Sha256Digest::of(&bytes),
                    payload_digest: Sha256Digest([0; 32]),
                    verified_at: v.at(),
                    findings: Vec::new(),
                };
                return Ok((crate::envelope::Verification::new(report, None), None));
            }
        };
        let report = read.judge(&bytes, v, required);
        // Read only once the signatures are valid (the type-state: no record of unverified
        // data is handed out).
        let record = (report.status == Status::Valid)
            .then(|| crate::moet::from_document_national(&doc, &crate::moet::Profile::V2088_1_0))
            .transpose()
            .map_err(|e| match e {
                crate::Error::Xml(x) => EnvelopeError::NationalXml(XmlSigError::Xml(x)),
                _ => EnvelopeError::Malformed {
                    at: "national record",
                },
            })?;
        (report, record)
    };
    let digest = report.digest;
    let (record, facts) = match record {
        Some((r, facts)) => (Some(Verified::new(r, bytes, digest)), Some(facts)),
        None => (None, None),
    };
    Ok((crate::envelope::Verification::new(report, record), facts))
}
