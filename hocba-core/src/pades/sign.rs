//! Adding a PAdES signature as an incremental update (ISO 32000-1 §7.5.6, §12.8; ETSI EN
//! 319 142-1 §5): the rendered bytes stay byte for byte, a new revision appends the signature
//! dictionary, a signature field widget with its visible appearance on the first page, the
//! catalog with `/AcroForm` (`/SigFlags 3`) and the page with the widget in `/Annots`.

use der::Decode;
use sha2::{Digest, Sha256};
use x509_cert::Certificate;

use super::cms;
use super::syntax::{Dict, Obj, Pdf};
use super::{CONTENTS_CAPACITY, PadesError};
use crate::envelope::{Algorithm, PublicKey, SigningKey};
use crate::render::{Face, write_stamp};
use crate::trust::UnixTime;

/// Width and height of the visible signature, in points.
const STAMP_W: f32 = 230.0;
const STAMP_H: f32 = 42.0;
/// Right margin (15 mm, the page's) and height above the bottom edge of the first stamp.
const STAMP_RIGHT: f32 = 42.52;
const STAMP_BOTTOM: f32 = 48.0;
/// Width of the `/ByteRange` numbers' field, filled once the file is laid out.
const BYTE_RANGE_FIELD: usize = 3 * 10 + 2;

/// What to sign with: the signer's chain, the algorithm, the signing time shown in `/M` and in
/// the appearance.
#[derive(Clone, Debug)]
pub struct SignRequest {
    /// The signer's certificate chain, DER, leaf first (the school's organisation certificate
    /// for `KY_PHAT_HANH`, or the principal's).
    pub chain: Vec<Vec<u8>>,
    /// RS256, PS256 (RSA) or ES256 (ECDSA P-256).
    pub algorithm: Algorithm,
    /// The signing time (`/M`, the appearance's "Ngày ký").
    pub signing_time: UnixTime,
}

/// A PDF with its signature hole, waiting for the signature value (external signing).
#[derive(Clone)]
pub struct PreparedSignature {
    pdf: Vec<u8>,
    /// The hex digits inside `<…>` of `/Contents`.
    hole: std::ops::Range<usize>,
    attrs: cms::SignedAttributesOwned,
    attrs_der: Vec<u8>,
    chain: Vec<Vec<u8>>,
    algorithm: Algorithm,
    key: PublicKey,
}

impl std::fmt::Debug for PreparedSignature {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "PreparedSignature({} bytes, {})",
            self.pdf.len(),
            self.algorithm
        )
    }
}

impl PreparedSignature {
    /// The DER signed attributes (a SET OF): the bytes the signer signs.
    pub fn signed_attributes(&self) -> &[u8] {
        &self.attrs_der
    }

    /// SHA-256 of [`PreparedSignature::signed_attributes`]: what a token or remote-signing
    /// service that signs a hash must sign.
    pub fn digest_to_sign(&self) -> [u8; 32] {
        Sha256::digest(&self.attrs_der).into()
    }

    /// The algorithm the signature value must be made with.
    pub fn algorithm(&self) -> Algorithm {
        self.algorithm
    }

    /// The PDF with the zero-filled `/Contents` hole (to keep between `prepare` and `attach`,
    /// with [`PreparedSignature::from_prepared_pdf`]).
    pub fn prepared_pdf(&self) -> &[u8] {
        &self.pdf
    }

    /// Rebuilds a prepared signature from its PDF (as [`PreparedSignature::prepared_pdf`]
    /// returned it), the same chain and algorithm: the signed attributes are a function of
    /// the byte ranges and the leaf certificate.
    pub fn from_prepared_pdf(
        pdf: Vec<u8>,
        chain: Vec<Vec<u8>>,
        algorithm: Algorithm,
    ) -> Result<Self, PadesError> {
        let (hole, digest) = {
            let parsed = Pdf::parse(&pdf)?;
            let last = parsed.revisions.len() - 1;
            if last == 0 {
                return Err(PadesError::NoSignature);
            }
            let sig = super::verify::signature_dictionary(&parsed, last)?;
            let (a, b) = super::verify::check_byte_range(&parsed, last, &sig)?;
            if pdf[a + 1..b - 1].iter().any(|&c| c != b'0') {
                return Err(PadesError::SignatureDictionary {
                    revision: last + 1,
                    what: "/Contents already filled",
                });
            }
            (a + 1..b - 1, ranges_digest(&pdf, a, b))
        };
        Self::new(pdf, hole, &digest, chain, algorithm)
    }

    fn new(
        pdf: Vec<u8>,
        hole: std::ops::Range<usize>,
        digest: &[u8],
        chain: Vec<Vec<u8>>,
        algorithm: Algorithm,
    ) -> Result<Self, PadesError> {
        let leaf = chain.first().ok_or(PadesError::CertificateMissing)?;
        let key = PublicKey::from_certificate_der(leaf).map_err(|_| PadesError::UnsupportedKey)?;
        if !matches!(
            algorithm,
            Algorithm::Rs256 | Algorithm::Ps256 | Algorithm::Es256
        ) || !key.fits(algorithm)
        {
            return Err(PadesError::UnsupportedKey);
        }
        let attrs = cms::signed_attributes(digest, leaf)?;
        let attrs_der = cms::attributes_der(&attrs)?;
        Ok(Self {
            pdf,
            hole,
            attrs,
            attrs_der,
            chain,
            algorithm,
            key,
        })
    }

    /// Writes the signature into the hole. `signature` is either the signature value over
    /// [`PreparedSignature::signed_attributes`] (RSA; ECDSA as `r ‖ s` or DER) or a complete
    /// CMS ContentInfo from a remote-signing service. Either is checked against the signer's
    /// certificate and the byte ranges before anything is written: a wrong one is refused.
    pub fn attach(self, signature: &[u8]) -> Result<Vec<u8>, PadesError> {
        let digest = {
            let a = self.hole.start - 1;
            let b = self.hole.end + 1;
            ranges_digest(&self.pdf, a, b)
        };
        let as_cms = cms::der_prefix(signature)
            .ok()
            .filter(|d| d.len() == signature.len())
            .and_then(|d| cms::check(d, &digest).ok().map(|c| (d, c)));
        let der = match as_cms {
            Some((der, checked)) => {
                if checked.chain.first() != self.chain.first() {
                    return Err(PadesError::SigningCertificateMismatch);
                }
                der.to_vec()
            }
            None => {
                let value = cms::cms_signature_value(&self.key, signature);
                cms::check_value(&self.key, self.algorithm, &self.attrs_der, &value)?;
                cms::signed_data(&self.chain, self.attrs.clone(), self.algorithm, &value)?
            }
        };
        // The CMS just built (or given) must verify over this file's ranges.
        cms::check(&der, &digest)?;
        let capacity = self.hole.len() / 2;
        if der.len() > capacity {
            return Err(PadesError::ContentsTooLarge {
                len: der.len(),
                capacity,
            });
        }
        let mut pdf = self.pdf;
        let hex = hex::encode_upper(&der);
        pdf[self.hole.start..self.hole.start + hex.len()].copy_from_slice(hex.as_bytes());
        Ok(pdf)
    }
}

/// SHA-256 of the file without the `/Contents` value at `a..b`.
pub(crate) fn ranges_digest(pdf: &[u8], a: usize, b: usize) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update(&pdf[..a]);
    h.update(&pdf[b..]);
    h.finalize().into()
}

/// Appends a signature revision to `pdf` and returns it with its hole, for external signing.
pub fn prepare(pdf: &[u8], request: &SignRequest) -> Result<PreparedSignature, PadesError> {
    let leaf = request
        .chain
        .first()
        .ok_or(PadesError::CertificateMissing)?;
    let (out, hole) = signature_revision(pdf, leaf, request.signing_time)?;
    let digest = ranges_digest(&out, hole.start - 1, hole.end + 1);
    PreparedSignature::new(out, hole, &digest, request.chain.clone(), request.algorithm)
}

/// `pdf` with the signature revision hocba writes for the signer whose certificate is `leaf`
/// (DER) at `signing_time`, and the range of the hex digits of its zero-filled `/Contents`.
/// A function of its inputs alone: the verifier calls it again to check that a signature
/// revision is exactly this one (ADR 0275).
pub(crate) fn signature_revision(
    pdf: &[u8],
    leaf: &[u8],
    signing_time: UnixTime,
) -> Result<(Vec<u8>, std::ops::Range<usize>), PadesError> {
    let cert = Certificate::from_der(leaf).map_err(|_| PadesError::CertificateMissing)?;
    let signer = common_name(&cert).unwrap_or_else(|| "?".to_owned());
    let when = vietnam_time(signing_time)?;
    let lines = vec![
        (Face::Bold, 9.0, format!("Ký bởi: {signer}")),
        (Face::Regular, 8.5, format!("Ngày ký: {}", when.display)),
    ];
    write_revision(pdf, &lines, &when.pdf_date)
}

/// Signs in-process (tests, the demo, a school's own seal key on a server).
pub fn sign<R: crate::envelope::Randomness + ?Sized>(
    pdf: &[u8],
    request: &SignRequest,
    key: &SigningKey,
    rng: &mut R,
) -> Result<Vec<u8>, PadesError> {
    let prepared = prepare(pdf, request)?;
    let value = key
        .sign(prepared.signed_attributes(), rng)
        .map_err(|_| PadesError::UnsupportedKey)?;
    prepared.attach(&value)
}

fn common_name(cert: &Certificate) -> Option<String> {
    use der::{Decode, Encode};
    const CN: der::asn1::ObjectIdentifier = der::asn1::ObjectIdentifier::new_unwrap("2.5.4.3");
    let atv = cert
        .tbs_certificate()
        .subject()
        .iter()
        .find(|a| a.oid == CN)?;
    let der = atv.value.to_der().ok()?;
    if let Ok(s) = der::asn1::Utf8StringRef::from_der(&der) {
        return Some(s.as_str().to_owned());
    }
    der::asn1::PrintableStringRef::from_der(&der)
        .ok()
        .map(|s| s.as_str().to_owned())
}

struct When {
    display: String,
    pdf_date: String,
}

/// The signing time in Vietnam time (UTC+7), for the appearance and `/M` (ISO 32000-1 §7.9.4).
fn vietnam_time(t: UnixTime) -> Result<When, PadesError> {
    let offset = time::UtcOffset::from_hms(7, 0, 0).map_err(|_| PadesError::Appearance)?;
    let local = t
        .to_offset_date_time()
        .ok_or(PadesError::SigningTime { revision: 0 })?
        .to_offset(offset);
    let (y, mo, d) = (local.year(), u8::from(local.month()), local.day());
    let (h, mi, s) = (local.hour(), local.minute(), local.second());
    Ok(When {
        display: format!("{d:02}/{mo:02}/{y:04} {h:02}:{mi:02}:{s:02} (UTC+7)"),
        pdf_date: format!("D:{y:04}{mo:02}{d:02}{h:02}{mi:02}{s:02}+07'00'"),
    })
}

fn write_obj_header(out: &mut Vec<u8>, offsets: &mut Vec<(u32, usize)>, num: u32) {
    offsets.push((num, out.len()));
    out.extend_from_slice(format!("{num} 0 obj\n").as_bytes());
}

fn write_dict_with(out: &mut Vec<u8>, d: &Dict<'_>, extra: &[u8]) {
    let mut body = Vec::new();
    d.write(&mut body, &|n| n);
    body.truncate(body.len() - 2); // drop ">>"
    out.extend_from_slice(&body);
    out.extend_from_slice(extra);
    out.extend_from_slice(b">>");
}

fn refs(items: &[Obj<'_>]) -> Result<Vec<u32>, PadesError> {
    items
        .iter()
        .map(|o| match o {
            Obj::Ref(n, 0) => Ok(*n),
            _ => Err(PadesError::Unsupported(
                "a field or annotation that is not a reference",
            )),
        })
        .collect()
}

fn ref_list(nums: &[u32]) -> String {
    nums.iter()
        .map(|n| format!("{n} 0 R"))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The new revision: returns the whole file and the range of the hex digits of `/Contents`.
fn write_revision(
    pdf: &[u8],
    lines: &[(Face, f32, String)],
    pdf_date: &str,
) -> Result<(Vec<u8>, std::ops::Range<usize>), PadesError> {
    let parsed = Pdf::parse(pdf)?;
    let rev = parsed.revisions.len() - 1;
    let last = &parsed.revisions[rev];
    let trailer = &last.trailer;
    let root = parsed.root(rev)?;
    let size = trailer
        .int(b"Size")
        .and_then(|n| u32::try_from(n).ok())
        .filter(|n| *n < 1 << 22)
        .ok_or(PadesError::Malformed("trailer without a usable /Size"))?;
    let catalog = parsed.dict(root, rev)?;
    let page_num = *parsed
        .pages(rev, 1)?
        .first()
        .ok_or(PadesError::Malformed("no page"))?;
    let page = parsed.dict(page_num, rev)?;
    let mut fields = match catalog.get(b"AcroForm") {
        None => Vec::new(),
        Some(Obj::Dict(af)) => match af.get(b"Fields") {
            Some(Obj::Array(items)) => refs(items)?,
            _ => {
                return Err(PadesError::Unsupported(
                    "/AcroForm without a direct /Fields",
                ));
            }
        },
        Some(_) => return Err(PadesError::Unsupported("indirect /AcroForm")),
    };
    let mut annots = match page.get(b"Annots") {
        None => Vec::new(),
        Some(Obj::Array(items)) => refs(items)?,
        Some(_) => return Err(PadesError::Unsupported("indirect /Annots")),
    };
    let index = fields.len();
    let stamp = write_stamp(STAMP_W, STAMP_H, lines).map_err(|_| PadesError::Appearance)?;
    let sig = size;
    let widget = size + 1;
    let form = size + 2;
    let mut next = size + 3;
    let transplanted = super::appearance::transplant(&stamp, &mut next)?;

    let mut out = pdf.to_vec();
    if !out.ends_with(b"\n") && !out.ends_with(b"\r") {
        out.push(b'\n');
    }
    let mut offsets: Vec<(u32, usize)> = Vec::new();

    // The signature dictionary (ISO 32000-1 Table 252; ETSI EN 319 142-1 §5.3).
    write_obj_header(&mut out, &mut offsets, sig);
    out.extend_from_slice(
        format!(
            "<</Type/Sig/Filter/Adobe.PPKLite/SubFilter/ETSI.CAdES.detached/M({pdf_date})/ByteRange[0 "
        )
        .as_bytes(),
    );
    let range_field = out.len();
    out.extend(std::iter::repeat_n(b' ', BYTE_RANGE_FIELD));
    out.extend_from_slice(b"]/Contents<");
    let hole_start = out.len();
    out.extend(std::iter::repeat_n(b'0', 2 * CONTENTS_CAPACITY));
    let hole_end = out.len();
    out.extend_from_slice(b">>>\nendobj\n");

    // The field and its widget, merged (ISO 32000-1 §12.7.4.5); printed, locked (PDF/A-3
    // 6.3.2: the Print flag set, Hidden/Invisible/NoView clear).
    // Two stamps a row, right to left, rows upwards (the seal, then the principal, …).
    let (column, row) = ((index % 2) as f32, (index / 2) as f32);
    let x2 = 595.276 - STAMP_RIGHT - column * (STAMP_W + 8.0);
    let x1 = x2 - STAMP_W;
    let y1 = STAMP_BOTTOM + row * (STAMP_H + 6.0);
    let y2 = y1 + STAMP_H;
    write_obj_header(&mut out, &mut offsets, widget);
    out.extend_from_slice(
        format!(
            "<</Type/Annot/Subtype/Widget/FT/Sig/T(Signature{})/F 132/Rect[{x1:.2} {y1:.2} {x2:.2} {y2:.2}]/P {page_num} 0 R/V {sig} 0 R/AP<</N {form} 0 R>>>>\nendobj\n",
            index + 1
        )
        .as_bytes(),
    );

    // The appearance: the stamp page's content as a form XObject.
    write_obj_header(&mut out, &mut offsets, form);
    out.extend_from_slice(
        format!("<</Type/XObject/Subtype/Form/BBox[0 0 {STAMP_W} {STAMP_H}]/Resources ").as_bytes(),
    );
    out.extend_from_slice(&transplanted.resources);
    out.extend_from_slice(&transplanted.stream_keys);
    out.extend_from_slice(b">>\nstream\n");
    out.extend_from_slice(&transplanted.stream);
    out.extend_from_slice(b"\nendstream\nendobj\n");
    for (num, body) in &transplanted.objects {
        write_obj_header(&mut out, &mut offsets, *num);
        out.extend_from_slice(body);
        out.extend_from_slice(b"\nendobj\n");
    }

    // The catalog with the form, the page with the widget.
    fields.push(widget);
    annots.push(widget);
    write_obj_header(&mut out, &mut offsets, root);
    write_dict_with(
        &mut out,
        &catalog.without(&[b"AcroForm"]),
        format!("/AcroForm<</Fields[{}]/SigFlags 3>>", ref_list(&fields)).as_bytes(),
    );
    out.extend_from_slice(b"\nendobj\n");
    write_obj_header(&mut out, &mut offsets, page_num);
    write_dict_with(
        &mut out,
        &page.without(&[b"Annots"]),
        format!("/Annots[{}]", ref_list(&annots)).as_bytes(),
    );
    out.extend_from_slice(b"\nendobj\n");

    // The cross-reference section of the revision, and its trailer.
    offsets.sort_unstable();
    let xref = out.len();
    out.extend_from_slice(b"xref\n");
    let mut i = 0;
    while i < offsets.len() {
        let mut j = i + 1;
        while j < offsets.len() && offsets[j].0 == offsets[j - 1].0 + 1 {
            j += 1;
        }
        out.extend_from_slice(format!("{} {}\n", offsets[i].0, j - i).as_bytes());
        for (_, off) in &offsets[i..j] {
            out.extend_from_slice(format!("{off:010} 00000 n\r\n").as_bytes());
        }
        i = j;
    }
    let mut t = format!("trailer\n<</Size {next}/Root {root} 0 R").into_bytes();
    for key in [b"Info".as_slice(), b"ID"] {
        if let Some(v) = trailer.get(key) {
            t.push(b'/');
            t.extend_from_slice(key);
            t.push(b' ');
            v.write(&mut t, &|n| n);
        }
    }
    t.extend_from_slice(format!("/Prev {}>>\nstartxref\n{xref}\n%%EOF\n", last.xref).as_bytes());
    out.extend_from_slice(&t);

    // The byte range: everything but `<…>` of /Contents.
    let (a, b) = (hole_start - 1, hole_end + 1);
    let field = format!("{a} {b} {}]", out.len() - b);
    let field = &field[..field.len() - 1];
    if field.len() > BYTE_RANGE_FIELD {
        return Err(PadesError::TooLarge(super::syntax::MAX_PDF_BYTES));
    }
    out[range_field..range_field + field.len()].copy_from_slice(field.as_bytes());
    Ok((out, hole_start..hole_end))
}
