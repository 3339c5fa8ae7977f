//! The national XML of CV 2088 signed with XML-DSig (one `ds:Signature` in each of `GVCN`,
//! `CBQL`, `KY_PHAT_HANH`): verification ([`TrustStore::verify_xml`]; many at once with
//! [`TrustStore::verify_many`], which takes signed XML as it takes COSE), the external route
//! for USB tokens and remote-signing services ([`XmlToBeSigned::prepare`] →
//! [`XmlToBeSigned::data`] or [`XmlToBeSigned::digest`] → the signer →
//! [`XmlToBeSigned::attach`]) and in-process signing ([`sign_xml`]).

use std::collections::HashMap;
use std::sync::Arc;
use std::time::SystemTime;

use hocba_core::Error as CoreError;
use hocba_core::envelope::transcript::RecallFacts;
use hocba_core::envelope::{EnvelopeError, PublicKey, SystemRng, Verifier};
use hocba_core::model::LookupCode;
use hocba_core::xmldsig::{self, Prepared, RequiredRoles, UnverifiedXmlYears};

use crate::error::{HocbaError, guard};
use crate::sign::{SignCheck, SigningKey, algorithm_arg, chain_arg, sign_options};
use crate::trust::TrustStore;
use crate::verify::{
    SignerRole, TranscriptVerificationReport, VerificationReport, record_report_with,
    to_system_time, to_unix_time, transcript_report, tt27,
};

#[uniffi::export]
impl TrustStore {
    /// Verifies a signed national XML at `verification_time`, requiring all three roles: the
    /// same report as for a COSE record (per signer the role, certificate, algorithm, signing
    /// time and code; the record only when `Valid`; the TT27 rules' findings on a verified
    /// record). XML that breaks the signature profile (signature wrapping, a duplicated `Id`, a
    /// forbidden transform, …) is a report with status `Invalid` and its code. Bytes that
    /// cannot be read as XML at all are an error.
    pub fn verify_xml(
        &self,
        signed_xml: Vec<u8>,
        verification_time: SystemTime,
    ) -> Result<VerificationReport, HocbaError> {
        guard(|| {
            let verifier = Verifier::new(&self.inner, to_unix_time(verification_time));
            let checks = hocba_core::rules::Tt27Checks {
                policy: hocba_core::rules::Policy::default(),
            };
            let v = xmldsig::verify_year_record(&signed_xml, &verifier, &checks)
                .map_err(CoreError::from)?;
            Ok(record_report_with(v))
        })
    }

    /// Verifies one pupil's signed national XML records of several school years (one or more
    /// per year, in any order, possibly from several schools) as one học bạ at
    /// `verification_time`: each record as [`TrustStore::verify_xml`] does, then the same
    /// pupil, one record in force per school year, consecutive years, the grade progression and
    /// the cross-year TT27 rules (ADR 0170). `recalled` lists the lookup codes
    /// (`MA_TRA_CUU_UUID`) the portal recalled; `replaced` maps a recalled lookup code to its
    /// replacement's (the link the portal stored). Each revision says whether it was
    /// `recalled`. The verified years are handed out only when the whole is valid. The first
    /// record that cannot be read is an error naming it: its `record` is the record's index in
    /// `signed_xmls` (from 0, as Python's `.record`); a lookup code that is not one is an error
    /// too (without `record`).
    pub fn verify_xml_transcript(
        &self,
        signed_xmls: Vec<Vec<u8>>,
        verification_time: SystemTime,
        recalled: Vec<String>,
        replaced: HashMap<String, String>,
    ) -> Result<TranscriptVerificationReport, HocbaError> {
        guard(|| {
            let facts = recall_facts(&recalled, &replaced)?;
            let years = UnverifiedXmlYears::from_records(signed_xmls)?;
            let verifier = Verifier::new(&self.inner, to_unix_time(verification_time));
            Ok(transcript_report(years.verify_in(
                &verifier,
                RequiredRoles::All,
                &tt27(),
                &facts,
            )))
        })
    }

    /// Verifies one pupil's signed national XML records of several school years as one học bạ
    /// (as [`TrustStore::verify_xml_transcript`], with the portal's `recalled` and `replaced`)
    /// and renders them as one PDF (ADR 0121): each year's record in force with its signature blocks from its
    /// verification ("KHÔNG CÓ GIÁ TRỊ" on a year that is not valid) and its signed XML
    /// embedded, so the PDF verifies on its own ([`TrustStore::verify_pdf`]). The identity page
    /// is the latest signed year's pupil; `transcript` (the school system's transcript, JSON or
    /// CBOR), when given, must name the same pupil (`Render` error `pupil_mismatch`), and its
    /// enrolment history the schools that signed (`enrolment_mismatch`). A school year with two
    /// records in force, or only recalled ones, is a `Render` error `year_not_in_force`. A
    /// record that cannot be read is an error whose `record` is its index in `signed_xmls`.
    pub fn render_xml_transcript_pdf(
        &self,
        signed_xmls: Vec<Vec<u8>>,
        transcript: Option<Vec<u8>>,
        verification_time: SystemTime,
        recalled: Vec<String>,
        replaced: HashMap<String, String>,
    ) -> Result<Vec<u8>, HocbaError> {
        guard(|| {
            let facts = recall_facts(&recalled, &replaced)?;
            let context = transcript
                .map(|t| crate::render::transcript_context(&t))
                .transpose()?;
            let years = UnverifiedXmlYears::from_records(signed_xmls)?;
            let verifier = Verifier::new(&self.inner, to_unix_time(verification_time));
            let (pdf, _) = hocba_core::render::render_signed_xml_years(
                context.as_ref().map(|t| &t.pupil),
                context.as_ref().map_or(&[][..], |t| &t.enrolments),
                years,
                &verifier,
                RequiredRoles::All,
                &tt27(),
                &facts,
            )?;
            Ok(pdf)
        })
    }
}

/// The portal's recall facts: the lookup codes recalled, and recalled → replacement links.
fn recall_facts(
    recalled: &[String],
    replaced: &HashMap<String, String>,
) -> Result<RecallFacts, HocbaError> {
    let code = |s: &str| LookupCode::try_from(s).map_err(CoreError::from);
    let mut facts = RecallFacts::new();
    for c in recalled {
        facts.recall(code(c)?);
    }
    for (old, new) in replaced {
        facts.replace(code(old)?, code(new)?);
    }
    Ok(facts)
}

/// An XML signature waiting for an external signer: the exact canonical `SignedInfo` bytes to
/// sign, their digest, and a pending state ([`XmlToBeSigned::to_file_bytes`]) to keep until
/// the signer answers.
#[derive(uniffi::Object)]
pub struct XmlToBeSigned {
    inner: Prepared,
}

#[uniffi::export]
impl XmlToBeSigned {
    /// Prepares `role`'s signature over the national XML `xml`. `chain` is the signer's
    /// certificate chain, leaf first (each item one DER certificate or a PEM bundle);
    /// `algorithm` (`RS256`, `PS256`, `ES256`, `ES384`) defaults to the leaf key's own (PS256
    /// for RSA). The role's slot must be empty and no later role may have signed
    /// (`role_out_of_order`). Every check before signing runs but those named in `without`
    /// (ADR 0142; the data is read as profile 2088/1.0 for the TT27 check): a refusal is an
    /// `Envelope` error with verification's code (`signer_id_mismatch`, `certificate_reused`,
    /// …) or `record_has_errors`.
    #[uniffi::constructor(default(without = []))]
    pub fn prepare(
        xml: Vec<u8>,
        role: SignerRole,
        chain: Vec<Vec<u8>>,
        algorithm: Option<String>,
        signing_time: SystemTime,
        without: Vec<SignCheck>,
    ) -> Result<Arc<Self>, HocbaError> {
        guard(|| {
            let chain = chain_arg(&chain)?;
            let refs: Vec<&[u8]> = chain.iter().map(Vec::as_slice).collect();
            let alg = match algorithm.as_deref() {
                Some(name) => algorithm_arg(name)?,
                None => {
                    let leaf = refs
                        .first()
                        .ok_or(CoreError::from(EnvelopeError::CertificateUnreadable))?;
                    PublicKey::from_certificate_der(leaf)
                        .map_err(CoreError::from)?
                        .default_algorithm()
                }
            };
            let inner = xmldsig::prepare_with(
                &xml,
                role.into(),
                &refs,
                alg,
                to_unix_time(signing_time),
                &sign_options(&without),
            )
            .map_err(CoreError::from)?;
            Ok(Arc::new(Self { inner }))
        })
    }

    /// Reads a pending signature saved with [`XmlToBeSigned::to_file_bytes`], preparing again,
    /// checking the `SignedInfo` and the whole prepared document (the certificate chain
    /// included) are the ones prepared, and running the checks before signing again.
    #[uniffi::constructor]
    pub fn from_file_bytes(bytes: Vec<u8>) -> Result<Arc<Self>, HocbaError> {
        guard(|| {
            let inner = Prepared::from_file_bytes(&bytes).map_err(CoreError::from)?;
            Ok(Arc::new(Self { inner }))
        })
    }

    /// The exact bytes to sign: the exclusive canonical form of the new `ds:SignedInfo`.
    pub fn data(&self) -> Vec<u8> {
        self.inner.signed_info().to_vec()
    }

    /// The digest of [`XmlToBeSigned::data`] (SHA-384 for ES384, SHA-256 otherwise), for
    /// tokens and services that sign a hash.
    /// For RS256 through a raw RSA mechanism (`NONEwithRSA`, PKCS#11 `CKM_RSA_PKCS`) sign the
    /// DER `DigestInfo` of SHA-256 followed by this digest; without it `attach` refuses the
    /// signature as `attach_pkcs1_no_digest_info`.
    pub fn digest(&self) -> Vec<u8> {
        self.inner.digest()
    }

    /// The algorithm (`RS256`, `PS256`, `ES256`, `ES384`).
    pub fn algorithm(&self) -> String {
        self.inner.algorithm().name().to_owned()
    }

    /// The role signing.
    pub fn role(&self) -> SignerRole {
        self.inner.role().into()
    }

    /// The slot the signature goes into: `GVCN`, `CBQL` or `KY_PHAT_HANH`.
    pub fn slot(&self) -> String {
        xmldsig::slot_name(self.inner.role()).to_owned()
    }

    /// The signing time written into `SigningTime` and the slot's `NGAY_KY`.
    pub fn signing_time(&self) -> SystemTime {
        to_system_time(self.inner.signing_time())
    }

    /// Checks the signer's `signature` (raw bytes; ECDSA `r ‖ s` or DER) against the
    /// certificate and returns the signed XML. A signature that does not verify is an
    /// `Envelope` error whose code names the likely cause (`attach_pss_salt_length`,
    /// `attach_pkcs1_not_pss`, `attach_pss_not_pkcs1`, `attach_base64_not_raw`,
    /// `attach_hex_not_raw`, `attach_digest_signed_as_message`, `attach_wrong_key`; the COSE
    /// path's codes too; `attach_pkcs1_no_digest_info`, `attach_pkcs1_wrong_hash` for a
    /// PKCS#1 v1.5 signature without the SHA-256 `DigestInfo`) and whose messages are the hint.
    /// With `trust` (e.g. the Ministry's roots) the signer's chain is checked against its roots
    /// again first, at the signing time (a refusal is an `Envelope` error with verification's
    /// code, e.g. `unknown_issuer`); without it the chain to roots is not checked here (ADR
    /// 0273).
    #[uniffi::method(default(trust = None))]
    pub fn attach(
        &self,
        signature: Vec<u8>,
        trust: Option<Arc<TrustStore>>,
    ) -> Result<Vec<u8>, HocbaError> {
        guard(|| {
            let store = trust.as_ref().map(|t| &t.inner);
            Ok(xmldsig::attach_with(self.inner.clone(), &signature, store)
                .map_err(CoreError::from)?
                .signed)
        })
    }

    /// The pending signature as a file (JSON), for signing on another machine or later.
    pub fn to_file_bytes(&self) -> Vec<u8> {
        self.inner.to_file_bytes()
    }
}

/// Signs the national XML `xml` as `role` with an in-process `key` (tests, a school's own seal
/// key) and returns the signed XML: [`XmlToBeSigned::prepare`], the key and
/// [`XmlToBeSigned::attach`] in one step, with the same checks before signing.
#[uniffi::export(default(without = []))]
pub fn sign_xml(
    xml: Vec<u8>,
    key: Arc<SigningKey>,
    role: SignerRole,
    chain: Vec<Vec<u8>>,
    signing_time: SystemTime,
    without: Vec<SignCheck>,
) -> Result<Vec<u8>, HocbaError> {
    guard(|| {
        let chain = chain_arg(&chain)?;
        let refs: Vec<&[u8]> = chain.iter().map(Vec::as_slice).collect();
        // PS256 needs a random salt; the others are deterministic and ignore the RNG.
        Ok(xmldsig::sign_with(
            &xml,
            &key.inner,
            role.into(),
            &refs,
            to_unix_time(signing_time),
            &mut SystemRng,
            &sign_options(&without),
        )
        .map_err(CoreError::from)?)
    })
}
