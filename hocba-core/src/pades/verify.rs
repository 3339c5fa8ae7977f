//! Verifying the PAdES signatures of a hocba PDF.
//!
//! The first revision is the rendered file (judged by the rendered-from check, `render`). Each
//! later revision must be a **signature revision**: exactly one new signature dictionary whose
//! `/ByteRange` covers the file up to the end of that revision except exactly its `/Contents`
//! value; it may add objects, and may replace only the catalog (its `/AcroForm`, nothing else)
//! and pages (their `/Annots`, by appending signature widgets of that revision). Anything else —
//! a replaced content stream, page, annotation or embedded file, a deleted object, a new
//! annotation that is not a signature widget, bytes after the last signature — is the
//! incremental-update attack, refused with a code (ETSI EN 319 142-1 §5.4; ISO 32000-1 §12.8.2).

use sha2::{Digest, Sha256};

use super::PadesError;
use super::cms;
use super::syntax::{Dict, Obj, Pdf};
use crate::envelope::Algorithm;
use crate::trust::{CertificateInfo, SignerRole, TrustError, TrustStore, UnixTime};

/// One PDF signature and what its check found.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct SignatureReport {
    /// The revision the signature closes (2 = the first signature after the rendered file).
    pub revision: usize,
    /// The signing time claimed in `/M` (the signer's word; B-T adds a trusted time).
    pub signing_time: UnixTime,
    /// The signature time-stamp (B-T), when the CMS carries one and it verified: the chain was
    /// then judged at its time instead of `/M` ([`SignatureReport::judged_at`]).
    pub timestamp: Option<crate::timestamp::TimestampInfo>,
    /// The algorithm, once the CMS was read.
    pub algorithm: Option<Algorithm>,
    /// The signer's certificate, once its chain was accepted.
    pub certificate: Option<CertificateInfo>,
    /// The role the certificate was accepted for: the school seal (organisation certificate)
    /// or the principal (a person).
    pub role: Option<SignerRole>,
    /// `Ok(())` when the signature is valid.
    pub outcome: Result<(), PadesError>,
}

/// The PDF signatures of a file, oldest first.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct PadesReport {
    /// Every signature, one per revision after the rendered file.
    pub signatures: Vec<SignatureReport>,
    /// Length of the first revision up to its `%%EOF` (the rendered file, byte for byte).
    pub original_len: usize,
}

impl SignatureReport {
    /// Which time the chain was judged at: `claimed` (`/M`) or `timestamp` (B-T), as for the
    /// national XML's signers.
    pub fn time_source(&self) -> &'static str {
        if self.timestamp.is_some() {
            "timestamp"
        } else {
            "claimed"
        }
    }

    /// The time the signer's chain was judged at: the time-stamp's, or the claimed `/M`.
    pub fn judged_at(&self) -> UnixTime {
        self.timestamp
            .as_ref()
            .map_or(self.signing_time, |t| t.time)
    }
}

impl PadesReport {
    /// True when there is at least one signature and every one is valid.
    pub fn is_valid(&self) -> bool {
        !self.signatures.is_empty() && self.signatures.iter().all(|s| s.outcome.is_ok())
    }
}

/// Whether `pdf` has revisions after its first (a signed or updated file), without judging them.
/// `Err` when the file structure cannot be read.
pub fn has_signature_revisions(pdf: &[u8]) -> Result<bool, PadesError> {
    Ok(Pdf::parse(pdf)?.revisions.len() > 1)
}

/// The first revision: the file as rendered, before any signature.
pub fn original_revision(pdf: &[u8]) -> Result<&[u8], PadesError> {
    let parsed = Pdf::parse(pdf)?;
    Ok(&pdf[..parsed.revisions[0].eof])
}

/// Checks every PDF signature of `pdf`: the structure of every revision after the first (the
/// incremental-update attack is an `Err`), then for each signature the CMS, its digest, the
/// signing-certificate attribute, the signature value and the chain through `trust` at the
/// signing time `/M`, with `now` as the verification time.
pub fn verify(pdf: &[u8], trust: &TrustStore, now: UnixTime) -> Result<PadesReport, PadesError> {
    let parsed = Pdf::parse(pdf)?;
    if parsed.revisions.len() < 2 {
        return Err(PadesError::NoSignature);
    }
    let mut signatures = Vec::new();
    for rev in 1..parsed.revisions.len() {
        let sig = check_revision(&parsed, rev)?;
        let (a, b) = check_byte_range(&parsed, rev, &sig)?;
        let signing_time =
            signing_time(&sig).ok_or(PadesError::SigningTime { revision: rev + 1 })?;
        let mut report = SignatureReport {
            revision: rev + 1,
            signing_time,
            timestamp: None,
            algorithm: None,
            certificate: None,
            role: None,
            outcome: Ok(()),
        };
        let end = parsed.revisions[rev].end;
        let mut h = Sha256::new();
        h.update(&pdf[..a]);
        h.update(&pdf[b..end]);
        let digest = h.finalize();
        let Some(Obj::Str(contents)) = sig.get(b"Contents") else {
            return Err(PadesError::SignatureDictionary {
                revision: rev + 1,
                what: "/Contents",
            });
        };
        report.outcome = (|| {
            let der = cms::der_prefix(contents)?;
            let checked = cms::check(der, &digest)?;
            report.algorithm = Some(checked.algorithm);
            let leaf = checked
                .chain
                .first()
                .ok_or(PadesError::CertificateMissing)?;
            as_written(pdf, &parsed, rev, (a, b), leaf, signing_time)?;
            let chain: Vec<&[u8]> = checked.chain.iter().map(Vec::as_slice).collect();
            // B-T: a token is never ignored; it is verified against the TSA roots, must not be
            // earlier than /M (ADR 0160), and the chain is judged at its time.
            let stamp = match &checked.timestamp_token {
                None => None,
                Some(token) => Some(
                    crate::timestamp::verify_for_claim(
                        token,
                        &checked.signature_value,
                        trust,
                        now,
                        signing_time,
                    )
                    .map_err(PadesError::Timestamp)?,
                ),
            };
            let at = stamp.as_ref().map(|t| t.time);
            report.timestamp = stamp;
            let (role, info) = validate(trust, &chain, signing_time, at, now)?;
            report.role = Some(role);
            report.certificate = Some(info);
            Ok(())
        })();
        signatures.push(report);
    }
    Ok(PadesReport {
        signatures,
        original_len: parsed.revisions[0].eof,
    })
}

/// A signature revision must be, byte for byte outside its `/Contents` value, the revision
/// hocba's signer writes on the previous revision for this certificate at this `/M`
/// (`sign::signature_revision`): the widget's place and size, its appearance (what a reader
/// draws over the page: "Ký bởi …", "Ngày ký …" and nothing else), the catalog, the page and the
/// trailer. The structural check ([`check_revision`]) alone lets a trusted signer draw anything
/// over the rendered page in the widget's appearance (QA qapdf/01; ADR 0275).
fn as_written(
    pdf: &[u8],
    parsed: &Pdf<'_>,
    rev: usize,
    (a, b): (usize, usize),
    leaf: &[u8],
    signing_time: UnixTime,
) -> Result<(), PadesError> {
    let revision = rev + 1;
    let not_as_written = PadesError::ModifiedAfterSigning {
        revision,
        what: "the signature revision is not the one hocba writes for this signer (its widget or appearance differs)",
    };
    let before = &pdf[..parsed.revisions[rev - 1].end];
    let (expected, hole) = super::sign::signature_revision(before, leaf, signing_time)?;
    let actual = &pdf[..parsed.revisions[rev].end];
    // The hole `a+1..b-1` holds the CMS (and the time-stamp token), the one part not signed.
    if expected.len() != actual.len()
        || hole != (a + 1..b - 1)
        || expected[..a + 1] != actual[..a + 1]
        || expected[b - 1..] != actual[b - 1..]
    {
        return Err(not_as_written);
    }
    Ok(())
}

/// The school's organisation certificate signs as the seal; a person's (the principal's) as the
/// principal. `timestamp`: a verified time-stamp's time, at which the chain is judged instead of the
/// claimed `signing_time` (`TrustStore::validate_at_timestamp`).
fn validate(
    trust: &TrustStore,
    chain: &[&[u8]],
    signing_time: UnixTime,
    timestamp: Option<UnixTime>,
    now: UnixTime,
) -> Result<(SignerRole, CertificateInfo), PadesError> {
    let judge = |role| match timestamp {
        Some(t) => trust.validate_at_timestamp(chain, role, t, now),
        None => trust.validate(chain, role, signing_time, now),
    };
    match judge(SignerRole::SchoolSeal) {
        Ok(info) => Ok((SignerRole::SchoolSeal, info)),
        Err(TrustError::PersonalCertForSeal) => judge(SignerRole::Principal)
            .map(|info| (SignerRole::Principal, info))
            .map_err(PadesError::Untrusted),
        Err(e) => Err(PadesError::Untrusted(e)),
    }
}

/// `/M` as a time: `D:YYYYMMDDHHmmSS` followed by `Z` or `±HH'mm'` (ISO 32000-1 §7.9.4).
fn signing_time(sig: &Dict<'_>) -> Option<UnixTime> {
    let Some(Obj::Str(m)) = sig.get(b"M") else {
        return None;
    };
    let s = std::str::from_utf8(m).ok()?.strip_prefix("D:")?;
    let num = |r: std::ops::Range<usize>| -> Option<i64> {
        let t = s.get(r)?;
        t.bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| t.parse().ok())?
    };
    let (y, mo, d, h, mi, sec) = (
        num(0..4)?,
        num(4..6)?,
        num(6..8)?,
        num(8..10)?,
        num(10..12)?,
        num(12..14)?,
    );
    let tz = s.get(14..)?;
    let offset_secs = match tz {
        "Z" | "Z00'00'" => 0,
        _ => {
            let sign = match tz.as_bytes().first()? {
                b'+' => 1,
                b'-' => -1,
                _ => return None,
            };
            let rest = tz.get(1..)?.trim_end_matches('\'');
            let (hh, mm) = rest.split_once('\'')?;
            if hh.len() != 2 || mm.len() != 2 {
                return None;
            }
            let hh: i64 = hh.parse().ok()?;
            let mm: i64 = mm.parse().ok()?;
            if hh > 23 || mm > 59 {
                return None;
            }
            sign * (hh * 3600 + mm * 60)
        }
    };
    let month = time::Month::try_from(u8::try_from(mo).ok()?).ok()?;
    let date = time::Date::from_calendar_date(i32::try_from(y).ok()?, month, u8::try_from(d).ok()?)
        .ok()?;
    let t = time::Time::from_hms(
        u8::try_from(h).ok()?,
        u8::try_from(mi).ok()?,
        u8::try_from(sec).ok()?,
    )
    .ok()?;
    let utc = date.with_time(t).assume_utc().unix_timestamp() - offset_secs;
    Some(UnixTime::from_secs(utc))
}

/// The signature dictionary added by revision `rev` (0-based): exactly one.
pub(crate) fn signature_dictionary<'a>(pdf: &Pdf<'a>, rev: usize) -> Result<Dict<'a>, PadesError> {
    Ok(find_signature(pdf, rev)?.1)
}

fn opt_same(a: Option<&Obj<'_>>, b: Option<&Obj<'_>>) -> bool {
    match (a, b) {
        (None, None) => true,
        (Some(a), Some(b)) => a.same_as(b),
        _ => false,
    }
}

/// The one signature dictionary among the objects that revision `rev` (≥ 1) adds.
fn find_signature<'a>(pdf: &Pdf<'a>, rev: usize) -> Result<(u32, Dict<'a>), PadesError> {
    let mut found = None;
    for &(num, _, off) in &pdf.revisions[rev].entries {
        let added = off.is_some() && rev > 0 && pdf.locate(num, rev - 1).is_none();
        if !added {
            continue;
        }
        let o = pdf.object(num, rev)?;
        if let Obj::Dict(d) = &o.value
            && o.stream.is_none()
            && d.name(b"Type") == Some(b"Sig")
        {
            if found.is_some() {
                return Err(PadesError::NotASignatureRevision { revision: rev + 1 });
            }
            found = Some((num, d.clone()));
        }
    }
    found.ok_or(PadesError::NotASignatureRevision { revision: rev + 1 })
}

/// Checks `/Filter`, `/SubFilter` and that `/ByteRange` is `[0 a b c]` with `a..b` exactly the
/// `/Contents` value and `b + c` the end of the revision. Returns `(a, b)`.
pub(crate) fn check_byte_range(
    pdf: &Pdf<'_>,
    rev: usize,
    sig: &Dict<'_>,
) -> Result<(usize, usize), PadesError> {
    let revision = rev + 1;
    let dict_err = |what| PadesError::SignatureDictionary { revision, what };
    if sig.name(b"Filter") != Some(b"Adobe.PPKLite") {
        return Err(dict_err("/Filter is not /Adobe.PPKLite"));
    }
    if sig.name(b"SubFilter") != Some(b"ETSI.CAdES.detached") {
        return Err(dict_err("/SubFilter is not /ETSI.CAdES.detached"));
    }
    let contents = sig.entry(b"Contents").ok_or(dict_err("no /Contents"))?;
    if !matches!(contents.value, Obj::Str(_)) {
        return Err(dict_err("/Contents is not a string"));
    }
    let Some(Obj::Array(range)) = sig.get(b"ByteRange") else {
        return Err(dict_err("no /ByteRange array"));
    };
    let nums: Option<Vec<usize>> = range
        .iter()
        .map(|o| o.as_int().and_then(|n| usize::try_from(n).ok()))
        .collect();
    let byte_range = PadesError::ByteRange { revision };
    let nums = nums.ok_or(byte_range.clone())?;
    let [zero, a, b, c] =
        <[usize; 4]>::try_from(nums.as_slice()).map_err(|_| byte_range.clone())?;
    let end = pdf.revisions[rev].end;
    let bytes = pdf.bytes;
    if zero != 0
        || a >= b
        || b.checked_add(c) != Some(end)
        || contents.start != a
        || contents.end != b
        || bytes.get(a) != Some(&b'<')
        || bytes.get(b - 1) != Some(&b'>')
    {
        return Err(byte_range);
    }
    Ok((a, b))
}

/// The structure of signature revision `rev` (0-based, ≥ 1): what it may add and replace.
/// Returns its signature dictionary.
fn check_revision<'a>(pdf: &Pdf<'a>, rev: usize) -> Result<Dict<'a>, PadesError> {
    let revision = rev + 1;
    let modified = |what| PadesError::ModifiedAfterSigning { revision, what };
    let prev = rev - 1;
    let root = pdf.root(rev)?;
    if root != pdf.root(prev)? {
        return Err(modified("the catalog is another object"));
    }
    // The trailer may only chain the revision: no /Encrypt, no other /Info.
    let trailer = &pdf.revisions[rev].trailer;
    let before = &pdf.revisions[prev].trailer;
    if trailer
        .entries
        .iter()
        .any(|e| !matches!(e.key, b"Size" | b"Root" | b"Info" | b"ID" | b"Prev"))
        || !opt_same(trailer.get(b"Info"), before.get(b"Info"))
    {
        return Err(modified("the trailer changes beyond /Size, /ID and /Prev"));
    }
    let (sig_num, sig) = find_signature(pdf, rev)?;
    let mut new_annots: Vec<u32> = Vec::new();
    let mut new_fields: Vec<u32> = Vec::new();
    for &(num, generation, off) in &pdf.revisions[rev].entries {
        if off.is_none() {
            if pdf.locate(num, prev).is_some() {
                return Err(modified("an object is deleted"));
            }
            continue;
        }
        if generation != 0 {
            return Err(modified("an object of another generation"));
        }
        if pdf.locate(num, prev).is_none() {
            continue; // a new object: only reachable through what is checked below
        }
        let old = pdf
            .dict(num, prev)
            .map_err(|_| modified("a stream is replaced"))?;
        let new = pdf
            .dict(num, rev)
            .map_err(|_| modified("an object becomes a stream"))?;
        if num == root {
            if !new
                .without(&[b"AcroForm"])
                .same_as(&old.without(&[b"AcroForm"]))
            {
                return Err(modified("the catalog changes beyond /AcroForm"));
            }
            let old_fields = fields(&old).ok_or(modified("the form is not a signature form"))?;
            let fields_now = fields(&new).ok_or(modified("the form is not a signature form"))?;
            if !fields_now.starts_with(&old_fields) {
                return Err(modified("a form field is removed"));
            }
            new_fields.extend_from_slice(&fields_now[old_fields.len()..]);
        } else if old.name(b"Type") == Some(b"Page") {
            if !new
                .without(&[b"Annots"])
                .same_as(&old.without(&[b"Annots"]))
            {
                return Err(modified("a page changes beyond its annotations"));
            }
            let old_annots = annots(&old).ok_or(modified("indirect annotations"))?;
            let annots_now = annots(&new).ok_or(modified("indirect annotations"))?;
            if !annots_now.starts_with(&old_annots) {
                return Err(modified("an annotation is removed"));
            }
            new_annots.extend_from_slice(&annots_now[old_annots.len()..]);
        } else {
            return Err(modified("an object of an earlier revision is replaced"));
        }
    }
    // Every annotation added is this revision's signature widget, and a new field (sets: the
    // arrays are as long as the file allows).
    let annot_set: std::collections::HashSet<u32> = new_annots.iter().copied().collect();
    let field_set: std::collections::HashSet<u32> = new_fields.iter().copied().collect();
    for a in &new_annots {
        if pdf.locate(*a, prev).is_some() || !field_set.contains(a) {
            return Err(modified("an annotation that is not a new signature field"));
        }
        let w = pdf
            .dict(*a, rev)
            .map_err(|_| modified("an annotation that is not a dictionary"))?;
        let ok = w.name(b"Type").is_none_or(|t| t == b"Annot")
            && w.name(b"Subtype") == Some(b"Widget")
            && w.name(b"FT") == Some(b"Sig")
            && w.reference(b"V") == Some(sig_num)
            && w.get(b"Kids").is_none()
            && w.get(b"A").is_none()
            && w.get(b"AA").is_none();
        if !ok {
            return Err(modified(
                "an annotation that is not this revision's signature widget",
            ));
        }
    }
    for f in &new_fields {
        if !annot_set.contains(f) {
            return Err(modified("a form field that is not a signature widget"));
        }
    }
    Ok(sig)
}

/// The catalog's signature form fields: none without `/AcroForm`; `None` when the form has
/// anything but direct `/Fields` of references and `/SigFlags`.
fn fields(catalog: &Dict<'_>) -> Option<Vec<u32>> {
    match catalog.get(b"AcroForm") {
        None => Some(Vec::new()),
        Some(Obj::Dict(af)) => {
            if af
                .entries
                .iter()
                .any(|e| !matches!(e.key, b"Fields" | b"SigFlags"))
            {
                return None;
            }
            match af.get(b"Fields") {
                Some(Obj::Array(items)) => ref_numbers(items),
                _ => None,
            }
        }
        Some(_) => None,
    }
}

fn annots(page: &Dict<'_>) -> Option<Vec<u32>> {
    match page.get(b"Annots") {
        None => Some(Vec::new()),
        Some(Obj::Array(items)) => ref_numbers(items),
        Some(_) => None,
    }
}

fn ref_numbers(items: &[Obj<'_>]) -> Option<Vec<u32>> {
    items
        .iter()
        .map(|o| match o {
            Obj::Ref(n, 0) => Some(*n),
            _ => None,
        })
        .collect()
}
