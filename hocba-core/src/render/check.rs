//! Verifying a hocba PDF: extract the signed record(s), verify them, re-render, compare bytes
//! (ADR 0041, `docs/spec/pdf.md` "The rendered-from check").

use super::{
    CONTEXT_ATTACHMENT, RenderError, SignatureStatus, TranscriptContext, TranscriptInput,
    YearInput, extract_attachments, render_transcript, render_year,
};
use crate::model::YearRecord;

/// One embedded signed record, as the verifier found it.
#[derive(Clone, Debug)]
pub struct PdfYear {
    /// The attachment's name, e.g. `hocba-2023-2024-lop4.cose`.
    pub attachment: String,
    /// The record decoded from the signed bytes.
    pub record: YearRecord,
    /// What verification concluded.
    pub status: SignatureStatus,
}

/// The outcome of [`verify_pdf`].
#[derive(Clone, Debug)]
pub struct PdfReport {
    /// Every embedded signed record, in the PDF's order.
    pub years: Vec<PdfYear>,
    /// True when the PDF is a transcript (it carries `hocba-context.json`).
    pub transcript: bool,
    /// True when the PDF's bytes are exactly what the renderer makes from those records.
    pub pages_match: bool,
    /// For a transcript: its identity page is exactly the latest signed year's pupil and its
    /// enrolment history agrees with the signed schools (always true for one year).
    pub pupil_bound: bool,
    /// For a transcript: the cross-year TT27 rules over the embedded years (a dropped year, a
    /// grade that does not follow); a blocking one makes the PDF invalid.
    pub findings: Vec<crate::envelope::ContentFinding>,
}

impl PdfReport {
    /// True when every embedded record is fully signed and verified, the pages were rendered
    /// from them, what the PDF shows as the pupil is the signed records' pupil, and no
    /// cross-year rule is broken.
    pub fn is_valid(&self) -> bool {
        self.pages_match
            && self.pupil_bound
            && !self.findings.iter().any(|f| f.blocking)
            && !self.years.is_empty()
            && self.years.iter().all(|y| y.status.is_fully_verified())
    }

    /// The first reason the PDF is not valid, as a stable code (`None` when valid): an embedded
    /// record that did not verify (`record_invalid`; each year's status says why), then
    /// `pdf_not_rendered_from_record`, `pupil_mismatch`, a cross-year rule's code.
    ///
    /// The record comes first (ADR 0041, ADR 0280): a PDF rendered while its record verified,
    /// checked where it does not (a root the verifier does not trust, a signer revoked since),
    /// is re-rendered with the "KHÔNG CÓ GIÁ TRỊ" banner and so never matches its pages; the
    /// reason to show is the record's, not a forged page.
    pub fn error(&self) -> Option<&str> {
        if self.is_valid() {
            None
        } else if !self.years.iter().all(|y| y.status.is_fully_verified()) {
            Some("record_invalid")
        } else if !self.pages_match {
            Some("pdf_not_rendered_from_record")
        } else if !self.pupil_bound {
            Some("pupil_mismatch")
        } else if let Some(f) = self.findings.iter().find(|f| f.blocking) {
            Some(f.code.as_str())
        } else {
            Some("record_invalid")
        }
    }
}

/// The rendered-from check: `pdf` must be byte-identical to `rerendered`, the output of
/// [`render_year`] / [`render_transcript`] on the record(s) extracted from `pdf` and verified.
///
/// Byte equality covers every page, the attachments and the metadata: a swapped, edited or
/// added page, or a tampered attachment, fails. It holds for PDFs made by the same hocba
/// version and font; `docs/spec/pdf.md` says what to do across versions.
pub fn check_rendered_from(pdf: &[u8], rerendered: &[u8]) -> Result<(), RenderError> {
    if pdf == rerendered {
        Ok(())
    } else {
        Err(RenderError::NotRenderedFromRecord)
    }
}

/// Verifies a hocba PDF on its own: extracts every embedded `*.cose` (COSE_Sign) and `*.xml`
/// (signed national XML), hands each to `verify`
/// (which decodes the record and checks its signatures against the caller's trust store and
/// time, returning `SignatureStatus::Invalid` for a record that decodes but does not verify),
/// re-renders from what it returned, and compares bytes.
///
/// Errors are structural (not a hocba PDF, no signed record, a record that cannot be decoded);
/// a signature or page mismatch is reported in the [`PdfReport`].
pub fn verify_pdf<F>(pdf: &[u8], mut verify: F) -> Result<PdfReport, crate::Error>
where
    F: FnMut(&[u8]) -> Result<(YearRecord, SignatureStatus), crate::Error>,
{
    let attachments = extract_attachments(pdf)?;
    let mut signed: Vec<(&str, &[u8])> = Vec::new();
    let mut context = None;
    for a in &attachments {
        if a.name.ends_with(".cose") || a.name.ends_with(".xml") {
            signed.push((&a.name, &a.bytes));
        } else if a.name == CONTEXT_ATTACHMENT {
            context = Some(TranscriptContext::from_json_bytes(&a.bytes)?);
        } else {
            return Err(RenderError::Malformed("unexpected embedded file").into());
        }
    }
    if signed.is_empty() {
        return Err(RenderError::NoSignedRecord.into());
    }
    let mut years = Vec::with_capacity(signed.len());
    for (name, bytes) in &signed {
        let (record, status) = verify(bytes)?;
        years.push(PdfYear {
            attachment: (*name).to_owned(),
            record,
            status,
        });
    }
    let inputs: Vec<YearInput<'_>> = years
        .iter()
        .zip(&signed)
        .map(|(y, (_, bytes))| YearInput {
            record: &y.record,
            signed: Some(bytes),
            status: y.status.clone(),
        })
        .collect();
    let rerendered = match &context {
        Some(ctx) => render_transcript(&TranscriptInput {
            pupil: &ctx.pupil,
            enrolments: &ctx.enrolments,
            years: inputs,
        })?,
        None if inputs.len() == 1 => render_year(&inputs[0])?,
        None => return Err(RenderError::SeveralSignedRecords(inputs.len()).into()),
    };
    let pages_match = check_rendered_from(pdf, &rerendered).is_ok();
    let (pupil_bound, findings) = match &context {
        Some(ctx) => {
            let mut records: Vec<&YearRecord> = years.iter().map(|y| &y.record).collect();
            records.sort_by_key(|r| r.school_year);
            (
                super::signed::context_bound(&ctx.pupil, &ctx.enrolments, &records),
                crate::envelope::ContentCheck::check_transcript(
                    &crate::rules::Tt27Checks::default(),
                    &records,
                ),
            )
        }
        None => (true, Vec::new()),
    };
    Ok(PdfReport {
        years,
        transcript: context.is_some(),
        pages_match,
        pupil_bound,
        findings,
    })
}

/// Everything [`verify_signed_pdf`] found: the PAdES signatures (when the PDF has any), the
/// rendered-from check of the revision they cover, and each embedded record's verification.
#[derive(Debug)]
pub struct PdfVerification {
    /// The PDF's PAdES signatures; `None` for a PDF without signature revisions.
    pub pades: Option<crate::pades::PadesReport>,
    /// The embedded records and the rendered-from check of the original revision.
    pub pdf: PdfReport,
    /// Each embedded record's verification, in [`PdfReport::years`]' order.
    pub records: Vec<crate::envelope::Verification>,
    /// Each embedded record's exact signed bytes (COSE_Sign or national XML), in the same
    /// order: what a portal compares with its stored copy.
    pub embedded: Vec<Vec<u8>>,
}

impl PdfVerification {
    /// Valid only when the embedded records, the pages and every PAdES signature are.
    pub fn is_valid(&self) -> bool {
        self.pdf.is_valid() && self.pades.as_ref().is_none_or(|p| p.is_valid())
    }

    /// The first reason the PDF is not valid (`None` when valid): the first failed PAdES
    /// signature's code (the file was changed after it was signed: `pades_digest_mismatch`, …,
    /// which also explains any page or record reason), else the page or record reason of
    /// [`PdfReport::error`].
    pub fn error(&self) -> Option<&str> {
        let pades = self.pades.as_ref().and_then(|p| {
            p.signatures
                .iter()
                .find_map(|s| s.outcome.as_ref().err().map(crate::pades::PadesError::code))
        });
        pades.or_else(|| self.pdf.error())
    }
}

/// Verifies a hocba PDF on its own, the one way every front end (CLI, bindings) does it: its
/// PAdES signatures, if any (a later revision that changes what was signed is an error), then
/// every embedded signed record — a COSE_Sign, or a signed national XML verified as rendered
/// (all three roles; a record with no signature is `xmldsig_not_signed`) — against `trust` at
/// `at`, and the pages of the signed revision re-rendered and compared byte for byte.
///
/// # Errors
/// The PDF's structure (PAdES syntax, not a hocba PDF, no signed record, a record that
/// cannot be decoded); a signature or page mismatch is in the result instead.
pub fn verify_signed_pdf(
    pdf: &[u8],
    trust: &crate::trust::TrustStore,
    at: crate::trust::UnixTime,
) -> Result<PdfVerification, crate::Error> {
    use crate::envelope::UnverifiedRecord;
    let (pades, original) = if crate::pades::has_signature_revisions(pdf)? {
        let report = crate::pades::verify(pdf, trust, at)?;
        let original = pdf
            .get(..report.original_len)
            .ok_or(crate::pades::PadesError::Malformed("original revision"))?;
        (Some(report), original)
    } else {
        (None, pdf)
    };
    let mut records = Vec::new();
    let mut embedded = Vec::new();
    let checked = verify_pdf(original, |signed| {
        let (record, v) = if crate::moet::looks_like_xml(signed) {
            // The record as printed is read even when its signatures fail (the pages are
            // compared either way); it is handed out only through a valid verification.
            let record = crate::moet::from_xml(signed, &crate::moet::Profile::V2088_1_0)?;
            let verifier = crate::envelope::Verifier::new(trust, at);
            let v = crate::xmldsig::verify_year_record(
                signed,
                &verifier,
                &crate::envelope::NoContentChecks,
            )?;
            (record, v)
        } else {
            let unverified = UnverifiedRecord::from_bytes(signed)?;
            let record = unverified.record_unverified().clone();
            (record, unverified.verify(trust, at))
        };
        let status = SignatureStatus::from_report(v.report());
        records.push(v);
        embedded.push(signed.to_vec());
        Ok((record, status))
    });
    let report = match (checked, &pades) {
        (Ok(report), _) => report,
        // A PAdES signature failed: the signed revision was changed after signing, so its
        // embedded records may no longer be readable; the PDF is invalid for that reason
        // (exit 1), not unreadable.
        (Err(_), Some(p)) if !p.is_valid() => {
            return Ok(PdfVerification {
                pades,
                pdf: PdfReport {
                    years: Vec::new(),
                    transcript: false,
                    pages_match: false,
                    pupil_bound: false,
                    findings: Vec::new(),
                },
                records: Vec::new(),
                embedded: Vec::new(),
            });
        }
        (Err(e), _) => return Err(e),
    };
    let mut pades = pades;
    if let Some(p) = pades.as_mut() {
        bind_pdf_signers(p, &records);
    }
    Ok(PdfVerification {
        pades,
        pdf: report,
        records,
        embedded,
    })
}

/// A PDF signature seals the học bạ only when its signer signed an embedded record in the same
/// role: the seal's certificate is a record's `KY_PHAT_HANH`/con dấu signer, a person's is a
/// record's principal (CBQL/Hiệu trưởng). "The same signer" is the same subject common name and
/// organisation, the organisation present (a renewed certificate, or one from another trusted
/// CA, still binds; both chains were accepted by the trust store); a valid signature by anyone
/// else is `pades_signer_not_of_record` (ADR 0276).
fn bind_pdf_signers(
    pades: &mut crate::pades::PadesReport,
    records: &[crate::envelope::Verification],
) {
    for sig in &mut pades.signatures {
        let (Ok(()), Some(role), Some(cert)) = (&sig.outcome, sig.role, &sig.certificate) else {
            continue;
        };
        let bound = records.iter().any(|v| {
            v.report().signers.iter().any(|s| {
                s.outcome.is_ok()
                    && s.role == role
                    && s.certificate.as_ref().is_some_and(|c| {
                        c.subject_name == cert.subject_name
                            && c.organisation.is_some()
                            && c.organisation == cert.organisation
                    })
            })
        });
        if !bound {
            sig.outcome = Err(crate::pades::PadesError::SignerNotOfRecord {
                revision: sig.revision,
            });
        }
    }
}
