//! The học bạ as a PDF (official TT27 layout, PDF/A-3u, signed bytes embedded) and the
//! verification of such a PDF.

use std::sync::Arc;
use std::time::SystemTime;

use hocba_core::envelope::{Algorithm, PublicKey, SystemRng};
use hocba_core::render::{self, SignatureStatus, YearInput};
use hocba_core::{Document as CoreDocument, Error as CoreError, pades};

use crate::error::{HocbaError, guard};
use crate::sign::{SigningKey, algorithm_arg, chain_arg};
use crate::trust::TrustStore;
use crate::verify::{
    CertificateSummary, ContentFinding, SignerRole, VerificationReport, certificate_summary,
    record_report_with, to_system_time, to_unix_time,
};

/// Renders an unsigned year record (JSON or CBOR) as its học bạ page(s). The PDF carries the
/// "KHÔNG CÓ GIÁ TRỊ" banner: only a verified record is rendered as signed
/// ([`TrustStore::render_signed_year_pdf`]). Same input, same bytes.
#[uniffi::export]
pub fn render_year_pdf(document: Vec<u8>) -> Result<Vec<u8>, HocbaError> {
    guard(|| match CoreDocument::decode(&document)?.0 {
        CoreDocument::YearRecord(record) => Ok(render::render_year(&YearInput {
            record: &record,
            signed: None,
            status: SignatureStatus::Unsigned,
        })
        .map_err(hocba_core::Error::from)?),
        CoreDocument::Transcript(_) => Err(HocbaError::Other {
            code: "not_a_year_record".into(),
            message_en: "the document is a transcript, not a year record".into(),
            message_vi: "tài liệu là học bạ nhiều năm, không phải hồ sơ một năm học".into(),
            path: None,
            record: None,
        }),
    })
}

/// One signed record embedded in a PDF, and what its verification found.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct PdfYearReport {
    /// The attachment's name, e.g. `hocba-2023-2024-lop4.cose`.
    pub attachment: String,
    /// The verification report of the embedded signed bytes.
    pub report: VerificationReport,
}

/// The verification of a học bạ PDF: what `hocba_core::render::verify_signed_pdf` found, as
/// Python's `verify_pdf` returns it.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct PdfVerificationReport {
    /// True when every embedded record is fully signed and valid, the pages are exactly
    /// what the renderer makes from them, and every PAdES signature of the PDF is valid.
    pub valid: bool,
    /// The first reason the PDF is not valid (null when valid), the core's choice: the first
    /// failed PDF signature's code (`pades_digest_mismatch`, …), then `record_invalid` (an
    /// embedded record did not verify here: each year's `report` says why), then
    /// `pdf_not_rendered_from_record`, `pupil_mismatch`, a cross-year rule's code.
    pub error: Option<String>,
    /// True when the PDF's bytes are exactly the rendering of the embedded records (the
    /// printed pages say what was signed).
    pub pages_match: bool,
    /// For a transcript: its identity page is the signed years' pupil (always true for one
    /// year).
    pub pupil_bound: bool,
    /// True when the PDF is a whole transcript.
    pub transcript: bool,
    /// For a transcript: the cross-year TT27 rules' findings; a blocking one makes it invalid.
    pub findings: Vec<ContentFinding>,
    /// Every embedded signed record, in the PDF's order.
    pub years: Vec<PdfYearReport>,
    /// The PDF's PAdES signatures, oldest first; null for a PDF without PDF signatures.
    pub pades: Option<Vec<PdfSignatureReport>>,
}

/// One PDF (PAdES) signature of the file and what its check found (ADR 0150).
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct PdfSignatureReport {
    /// The revision the signature closes (2 = the first signature after the rendered file).
    pub revision: u32,
    /// The signing time claimed in `/M` (the signer's word; B-T adds a trusted time).
    pub signing_time: SystemTime,
    /// The algorithm, once the CMS was read.
    pub algorithm: Option<String>,
    /// The role the certificate was accepted for (the seal or the principal).
    pub role: Option<SignerRole>,
    /// The signer's certificate, once its chain was accepted.
    pub certificate: Option<CertificateSummary>,
    /// Which time the certificate chain was judged at: `claimed` (`/M`) or `timestamp` (a
    /// verified PAdES B-T signature time-stamp, ADR 0160), as for the national XML's signers.
    pub time_source: String,
    /// The time the chain was judged at: the time-stamp's, or the claimed `/M`.
    pub judged_at: SystemTime,
    /// The verified time-stamp's time, when `time_source` is `timestamp`.
    pub timestamp_time: Option<SystemTime>,
    /// The time-stamping authority that vouched for it (its certificate's name).
    pub timestamp_tsa: Option<String>,
    /// True when this signature is valid.
    pub valid: bool,
    /// The stable code of the failure (`pades_digest_mismatch`, `pades_untrusted`, …).
    pub error: Option<String>,
    /// The failure in Vietnamese.
    pub message_vi: Option<String>,
    /// The failure in English.
    pub message_en: Option<String>,
}

fn pdf_signature_report(s: &pades::SignatureReport) -> PdfSignatureReport {
    let err = s.outcome.as_ref().err();
    PdfSignatureReport {
        revision: u32::try_from(s.revision).unwrap_or(u32::MAX),
        signing_time: to_system_time(s.signing_time),
        algorithm: s.algorithm.map(|a| a.name().to_owned()),
        role: s.role.map(Into::into),
        certificate: s.certificate.as_ref().map(certificate_summary),
        time_source: s.time_source().to_owned(),
        judged_at: to_system_time(s.judged_at()),
        timestamp_time: s.timestamp.as_ref().map(|t| to_system_time(t.time)),
        timestamp_tsa: s.timestamp.as_ref().map(|t| t.tsa_name.clone()),
        valid: s.outcome.is_ok(),
        error: err.map(|e| e.code().to_owned()),
        message_vi: err.map(pades::PadesError::message_vi),
        message_en: err.map(ToString::to_string),
    }
}

/// A PDF signature (PAdES) waiting for an external signer (USB token, remote-signing service):
/// the PDF with its signature hole, the DER signed attributes to sign and their SHA-256.
/// [`PdfToBeSigned::attach`] takes the signature value, or a complete CMS, checks it against
/// the certificate over the byte ranges and returns the signed PDF (ADR 0150).
#[derive(uniffi::Object)]
pub struct PdfToBeSigned {
    inner: pades::PreparedSignature,
}

#[uniffi::export]
impl PdfToBeSigned {
    /// Appends a signature revision to `pdf` (a rendered học bạ, or one signed before) for the
    /// signer whose certificate chain is `chain` (leaf first; each item DER or a PEM bundle):
    /// the school's organisation certificate, or the principal's. `algorithm` (`RS256`,
    /// `PS256`, `ES256`) defaults to the leaf key's own (PS256 for RSA, ES256 for P-256);
    /// other keys are refused (`pades_unsupported_key`). `signing_time` is shown in `/M` and
    /// in the visible stamp.
    #[uniffi::constructor]
    pub fn prepare(
        pdf: Vec<u8>,
        chain: Vec<Vec<u8>>,
        algorithm: Option<String>,
        signing_time: SystemTime,
    ) -> Result<Arc<Self>, HocbaError> {
        guard(|| {
            let chain = chain_arg(&chain)?;
            let algorithm = pdf_algorithm(algorithm.as_deref(), &chain)?;
            let request = pades::SignRequest {
                chain,
                algorithm,
                signing_time: to_unix_time(signing_time),
            };
            let inner = pades::prepare(&pdf, &request).map_err(CoreError::from)?;
            Ok(Arc::new(Self { inner }))
        })
    }

    /// Rebuilds a prepared signature from its PDF ([`PdfToBeSigned::prepared_pdf`]), the same
    /// chain and algorithm: what to keep between prepare and attach is the prepared PDF.
    #[uniffi::constructor]
    pub fn from_prepared_pdf(
        prepared_pdf: Vec<u8>,
        chain: Vec<Vec<u8>>,
        algorithm: String,
    ) -> Result<Arc<Self>, HocbaError> {
        guard(|| {
            let chain = chain_arg(&chain)?;
            let alg = algorithm_arg(&algorithm)?;
            let inner = pades::PreparedSignature::from_prepared_pdf(prepared_pdf, chain, alg)
                .map_err(CoreError::from)?;
            Ok(Arc::new(Self { inner }))
        })
    }

    /// The DER signed attributes: the bytes the signer signs.
    pub fn signed_attributes(&self) -> Vec<u8> {
        self.inner.signed_attributes().to_vec()
    }

    /// SHA-256 of [`PdfToBeSigned::signed_attributes`], for signers that sign a hash.
    pub fn digest(&self) -> Vec<u8> {
        self.inner.digest_to_sign().to_vec()
    }

    /// The algorithm the signature must be made with.
    pub fn algorithm(&self) -> String {
        self.inner.algorithm().name().to_owned()
    }

    /// The PDF with the zero-filled signature hole.
    pub fn prepared_pdf(&self) -> Vec<u8> {
        self.inner.prepared_pdf().to_vec()
    }

    /// Writes `signature` — the value over the signed attributes (RSA; ECDSA `r ‖ s` or DER)
    /// or a complete CMS — after checking it against the certificate and the byte ranges, and
    /// returns the signed PDF. A wrong one is an `Envelope` error (`pades_bad_signature`, …).
    pub fn attach(&self, signature: Vec<u8>) -> Result<Vec<u8>, HocbaError> {
        guard(|| {
            Ok(self
                .inner
                .clone()
                .attach(&signature)
                .map_err(CoreError::from)?)
        })
    }
}

/// The algorithm of a PDF signature: the caller's, or the leaf key's own.
fn pdf_algorithm(name: Option<&str>, chain: &[Vec<u8>]) -> Result<Algorithm, HocbaError> {
    match name {
        Some(n) => algorithm_arg(n),
        None => {
            let leaf = chain
                .first()
                .ok_or(CoreError::from(pades::PadesError::CertificateMissing))?;
            Ok(PublicKey::from_certificate_der(leaf)
                .map_err(|_| CoreError::from(pades::PadesError::UnsupportedKey))?
                .default_algorithm())
        }
    }
}

/// Adds a PDF signature (PAdES) to `pdf` with an in-process `key` (tests, a school's own seal
/// key on a server): [`PdfToBeSigned::prepare`], the key and [`PdfToBeSigned::attach`] in one
/// step, with the key's algorithm.
#[uniffi::export]
pub fn sign_pdf(
    pdf: Vec<u8>,
    key: Arc<SigningKey>,
    chain: Vec<Vec<u8>>,
    signing_time: SystemTime,
) -> Result<Vec<u8>, HocbaError> {
    guard(|| {
        let request = pades::SignRequest {
            chain: chain_arg(&chain)?,
            algorithm: key.inner.algorithm(),
            signing_time: to_unix_time(signing_time),
        };
        // PS256 needs a random salt; the others are deterministic and ignore the RNG.
        Ok(pades::sign(&pdf, &request, &key.inner, &mut SystemRng).map_err(CoreError::from)?)
    })
}

/// The school system's transcript (JSON or CBOR) whose identity page and enrolment history
/// head a transcript PDF.
pub(crate) fn transcript_context(
    transcript: &[u8],
) -> Result<Box<hocba_core::model::Transcript>, HocbaError> {
    match CoreDocument::decode(transcript)?.0 {
        CoreDocument::Transcript(context) => Ok(context),
        CoreDocument::YearRecord(_) => Err(HocbaError::Decode {
            code: "not_a_transcript".into(),
            message_en: "the identity document must be a transcript, not a year record".into(),
            message_vi: "tài liệu thông tin học sinh phải là học bạ, không phải hồ sơ một năm học"
                .into(),
            path: None,
            record: None,
        }),
    }
}

#[uniffi::export]
impl TrustStore {
    /// Verifies a signed year record — a signed national XML (all three roles required) or a
    /// COSE_Sign — and renders it: as signed (signers named from their
    /// certificates) when valid, otherwise with the "KHÔNG CÓ GIÁ TRỊ" banner. The signed bytes
    /// are embedded, so the PDF alone can be verified ([`TrustStore::verify_pdf`]).
    pub fn render_signed_year_pdf(
        &self,
        signed_record: Vec<u8>,
        verification_time: SystemTime,
    ) -> Result<Vec<u8>, HocbaError> {
        guard(|| {
            let (pdf, _) = render::render_signed_year(
                &signed_record,
                &self.inner,
                to_unix_time(verification_time),
            )?;
            Ok(pdf)
        })
    }

    /// Verifies a signed transcript container (`.hocba`) and renders it as one PDF: the
    /// identity page and enrolment history from `transcript` (the unsigned transcript, JSON or
    /// CBOR, which must name the same pupil as the signed records: otherwise a `Render` error
    /// `pupil_mismatch`), then each school year's current signed revision as verification
    /// found it. Every signed record is embedded, so the PDF verifies on its own.
    pub fn render_signed_transcript_pdf(
        &self,
        signed_transcript: Vec<u8>,
        transcript: Vec<u8>,
        verification_time: SystemTime,
    ) -> Result<Vec<u8>, HocbaError> {
        guard(|| {
            let context = transcript_context(&transcript)?;
            let (pdf, _) = render::render_signed_transcript(
                &context.pupil,
                &context.enrolments,
                &signed_transcript,
                &self.inner,
                to_unix_time(verification_time),
                &hocba_core::rules::Tt27Checks::default(),
            )?;
            Ok(pdf)
        })
    }

    /// Verifies a học bạ PDF at `verification_time`: its PAdES signatures (if any), every
    /// embedded signed record (COSE or national XML), and that the pages are exactly their
    /// rendering.
    pub fn verify_pdf(
        &self,
        pdf: Vec<u8>,
        verification_time: SystemTime,
    ) -> Result<PdfVerificationReport, HocbaError> {
        guard(|| {
            // The core's one way (as `hocba verify x.pdf`): PAdES signatures, then the
            // embedded COSE or national-XML records and the rendered-from check.
            let checked =
                render::verify_signed_pdf(&pdf, &self.inner, to_unix_time(verification_time))?;
            let valid = checked.is_valid();
            let error = checked.error().map(str::to_owned);
            let pades = checked
                .pades
                .as_ref()
                .map(|p| p.signatures.iter().map(pdf_signature_report).collect());
            let (r, reports) = (
                checked.pdf,
                checked.records.into_iter().map(record_report_with),
            );
            Ok(PdfVerificationReport {
                valid,
                error,
                pages_match: r.pages_match,
                pupil_bound: r.pupil_bound,
                transcript: r.transcript,
                findings: r.findings.into_iter().map(Into::into).collect(),
                pades,
                years: r
                    .years
                    .into_iter()
                    .zip(reports)
                    .map(|(y, report)| PdfYearReport {
                        attachment: y.attachment,
                        report,
                    })
                    .collect(),
            })
        })
    }
}
