//! Reading the embedded files back out of a hocba PDF: bounded and strict.
//!
//! Read with hocba's one PDF reader (`crate::pdfsyntax`, shared with PAdES): classic
//! cross-reference tables (every revision, through `/Prev`), the objects in force in the last
//! revision, `/Filespec` dictionaries whose `/EF /F` points to an uncompressed `/EmbeddedFile`
//! stream with a direct `/Length`. Every length and count is checked against the input before
//! use, nesting is limited, and nothing is decompressed, so hostile input costs at most a
//! linear scan. Anything else is [`RenderError::Malformed`]. The final word on a PDF is the
//! rendered-from check ([`super::check_rendered_from`]), which compares every byte.

use std::collections::BTreeSet;

use super::RenderError;
use crate::pdfsyntax::{Obj, Object, Pdf, SyntaxError};

/// Largest PDF accepted (64 MiB): a five-year transcript is well under 1 MiB.
pub const MAX_PDF_BYTES: usize = crate::pdfsyntax::MAX_PDF_BYTES;
/// Largest embedded file accepted (4 MiB): a signed record with its certificate chains is tens
/// of kilobytes.
pub const MAX_ATTACHMENT_BYTES: usize = 4 << 20;
/// Most embedded files.
const MAX_ATTACHMENTS: usize = 64;

impl From<SyntaxError> for RenderError {
    fn from(e: SyntaxError) -> Self {
        match e {
            SyntaxError::Malformed(w) | SyntaxError::Unsupported(w) => RenderError::Malformed(w),
            SyntaxError::TooLarge(n) => RenderError::TooLarge(n),
        }
    }
}

/// An embedded file.
#[derive(Clone, PartialEq, Eq)]
pub struct Attachment {
    /// Its file name (`/F` of the file specification).
    pub name: String,
    /// Its bytes, exactly as embedded.
    pub bytes: Vec<u8>,
}

impl std::fmt::Debug for Attachment {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Attachment({}, {} bytes)", self.name, self.bytes.len())
    }
}

/// The single signed record (`*.cose`) embedded in a year PDF.
///
/// Fails with [`RenderError::NoSignedRecord`] when there is none and
/// [`RenderError::SeveralSignedRecords`] for a transcript PDF (use [`extract_attachments`]).
pub fn extract_signed(pdf: &[u8]) -> Result<Vec<u8>, RenderError> {
    let mut signed: Vec<Attachment> = extract_attachments(pdf)?
        .into_iter()
        .filter(|a| a.name.ends_with(".cose") || a.name.ends_with(".xml"))
        .collect();
    match signed.len() {
        0 => Err(RenderError::NoSignedRecord),
        1 => Ok(signed.remove(0).bytes),
        n => Err(RenderError::SeveralSignedRecords(n)),
    }
}

/// Every embedded file of the objects in force in the last revision, by object number.
pub fn extract_attachments(pdf: &[u8]) -> Result<Vec<Attachment>, RenderError> {
    let doc = Pdf::parse(pdf)?;
    let last = doc.revisions.len() - 1;
    let numbers: BTreeSet<u32> = doc
        .revisions
        .iter()
        .flat_map(|r| r.entries.iter().map(|e| e.0))
        .collect();
    let mut out = Vec::new();
    for num in numbers {
        if doc.locate(num, last).is_none() {
            continue; // freed
        }
        let Object {
            value: Obj::Dict(d),
            ..
        } = doc.object(num, last)?
        else {
            continue;
        };
        if d.name(b"Type") != Some(b"Filespec") {
            continue;
        }
        let name = match d.get(b"F") {
            Some(Obj::Str(s)) if !s.is_empty() && s.iter().all(|c| c.is_ascii_graphic()) => {
                String::from_utf8_lossy(s).into_owned()
            }
            _ => {
                return Err(RenderError::Malformed(
                    "file specification without an ASCII /F name",
                ));
            }
        };
        let Some(Obj::Dict(ef)) = d.get(b"EF") else {
            return Err(RenderError::Malformed("file specification without /EF"));
        };
        let Some(target) = ef.reference(b"F") else {
            return Err(RenderError::Malformed("/EF without an /F reference"));
        };
        if doc.locate(target, last).is_none() {
            return Err(RenderError::Malformed("/EF points to a missing object"));
        }
        let Object {
            value: Obj::Dict(sd),
            stream: Some(data),
        } = doc.object(target, last)?
        else {
            return Err(RenderError::Malformed("/EF does not point to a stream"));
        };
        if sd.name(b"Type") != Some(b"EmbeddedFile") {
            return Err(RenderError::Malformed("/EF stream is not an /EmbeddedFile"));
        }
        if sd.get(b"Filter").is_some() || sd.get(b"DecodeParms").is_some() {
            return Err(RenderError::Malformed("compressed embedded file"));
        }
        if data.len() > MAX_ATTACHMENT_BYTES {
            return Err(RenderError::TooLarge(MAX_ATTACHMENT_BYTES));
        }
        if out.len() == MAX_ATTACHMENTS {
            return Err(RenderError::Malformed("too many embedded files"));
        }
        out.push(Attachment {
            name,
            bytes: data.to_vec(),
        });
    }
    Ok(out)
}
