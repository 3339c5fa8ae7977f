//! The national học bạ số XML of Công văn 2088/BGDĐT-GDTH: the form Việt Nam's systems
//! exchange (the Sở's receiving portal, the Ministry's Kho học bạ số, NEAC's verifier).
//!
//! One học bạ is one pupil's one school year: [`to_xml`] writes a [`YearRecord`] as a
//! `HOC_BA` document — `DU_LIEU_HOC_BA Id="data"` with everything the school made, and an
//! empty `DANH_SACH_THONG_TIN_KY` for the signatures (GVCN, CBQL, KY_PHAT_HANH) — and
//! [`from_xml`] reads one back strictly (through [`crate::xml::parse`]). The open encoding
//! choices are a [`Profile`]; `docs/spec/national-xml.md` maps every tag to the model.
//!
//! The national format carries less than the model (no per-row comments, no mid-year results,
//! places as one line, …): [`not_carried`] names what a record would lose, so nothing is lost
//! silently (ADR 0075).
//!
//! ```
//! use hocba_core::{moet, synth};
//! let record = &synth::demo_transcript().years[2];
//! let xml = moet::to_xml(record, &moet::Profile::default());
//! let back = moet::from_xml(&xml, &moet::Profile::default())?;
//! assert_eq!(moet::to_xml(&back, &moet::Profile::default()), xml); // the same bytes again
//! # Ok::<(), hocba_core::Error>(())
//! ```

mod profile;
mod read;
mod sentence;
pub mod tags;
mod write;

pub use profile::{DateStyle, LevelStyle, NameStyle, Profile};
pub use sentence::{CompletionClaims, EmptyElement, NationalFacts};

use crate::model::YearRecord;
use crate::xml::{XmlError, XmlErrorKind, XmlLimits};

/// One year record as a national `HOC_BA` document (UTF-8, NFC, the same bytes for the same
/// record). Absent values are omitted, as the specification says.
pub fn to_xml(record: &YearRecord, profile: &Profile) -> Vec<u8> {
    let mut w = write::XmlWriter::new();
    write::hoc_ba(&mut w, record, profile);
    w.finish().into_bytes()
}

/// Many records as one `DANH_SACH_HOC_BA` document (a submission's content).
pub fn to_xml_list(records: &[YearRecord], profile: &Profile) -> Vec<u8> {
    let mut w = write::XmlWriter::new();
    w.open(tags::DANH_SACH_HOC_BA);
    for r in records {
        write::hoc_ba(&mut w, r, profile);
    }
    w.close(tags::DANH_SACH_HOC_BA);
    w.finish().into_bytes()
}

/// Reads one national `HOC_BA` document strictly (module docs). The signature slots are
/// checked for their names and order only; their content is [`crate::xmldsig`]'s.
pub fn from_xml(bytes: &[u8], profile: &Profile) -> Result<YearRecord, crate::Error> {
    from_document(&crate::xml::parse(bytes, &XmlLimits::RECORD)?, profile)
}

/// [`from_xml`] over a document the strict front ([`crate::xml::parse`] with
/// [`XmlLimits::RECORD`]) has already parsed, for a caller that reads more from the same tree.
pub fn from_document(
    doc: &roxmltree::Document<'_>,
    profile: &Profile,
) -> Result<YearRecord, crate::Error> {
    Ok(read::hoc_ba(doc.root_element(), profile)?.0)
}

/// [`from_xml`], with what the document says beyond the model ([`NationalFacts`]: the
/// completion sentence), for validating a record read from the national format
/// (`rules::validate_national`, ADR 0242): the rules that need what the format cannot carry
/// are judged for what it does carry.
pub fn read_national(
    bytes: &[u8],
    profile: &Profile,
) -> Result<(YearRecord, NationalFacts), crate::Error> {
    from_document_national(&crate::xml::parse(bytes, &XmlLimits::RECORD)?, profile)
}

/// [`read_national`] over a document the strict front has already parsed.
pub fn from_document_national(
    doc: &roxmltree::Document<'_>,
    profile: &Profile,
) -> Result<(YearRecord, NationalFacts), crate::Error> {
    Ok(read::hoc_ba(doc.root_element(), profile)?)
}

/// Reads a `DANH_SACH_HOC_BA` document: every `HOC_BA` in order.
pub fn from_xml_list(bytes: &[u8], profile: &Profile) -> Result<Vec<YearRecord>, crate::Error> {
    Ok(read_national_list(bytes, profile)?
        .into_iter()
        .map(|(record, _)| record)
        .collect())
}

/// [`from_xml_list`], with each record's [`NationalFacts`] (as [`read_national`] gives them).
pub fn read_national_list(
    bytes: &[u8],
    profile: &Profile,
) -> Result<Vec<(YearRecord, NationalFacts)>, crate::Error> {
    from_list_document(&crate::xml::parse(bytes, &XmlLimits::LIST)?, profile)
}

fn from_list_document(
    doc: &roxmltree::Document<'_>,
    profile: &Profile,
) -> Result<Vec<(YearRecord, NationalFacts)>, crate::Error> {
    let root = doc.root_element();
    if root.tag_name().name() != tags::DANH_SACH_HOC_BA || !crate::xml::in_no_namespace(root) {
        return Err(XmlError::new(XmlErrorKind::WrongRoot, crate::xml::path_of(root)).into());
    }
    let mut out = Vec::new();
    for child in root.children() {
        if child.is_element() {
            out.push(read::hoc_ba(child, profile)?);
        } else if child.is_text() && !child.text().unwrap_or("").trim().is_empty() {
            return Err(XmlError::new(
                XmlErrorKind::UnexpectedContent,
                tags::DANH_SACH_HOC_BA.into(),
            )
            .into());
        }
    }
    Ok(out)
}

/// What one national XML document holds: a `HOC_BA` (one pupil's school year) or a
/// `DANH_SACH_HOC_BA` of them — a school's submission, or the years of one pupil's học bạ as
/// [`to_xml_list`] writes them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NationalDocument {
    /// One `HOC_BA`, with what it says beyond the model.
    Record(Box<(YearRecord, NationalFacts)>),
    /// The records of a `DANH_SACH_HOC_BA`, in document order.
    List(Vec<(YearRecord, NationalFacts)>),
}

/// Reads a national XML document of either kind, told apart by its root element (the strict
/// front allows nothing but the XML declaration and whitespace before it), each under its own
/// limits ([`XmlLimits::RECORD`], [`XmlLimits::LIST`]). The one reading of "a national XML"
/// for the commands that take either (`validate`, `inspect`, `convert`, the bindings' decode).
pub fn read_national_any(
    bytes: &[u8],
    profile: &Profile,
) -> Result<NationalDocument, crate::Error> {
    if is_list(bytes) {
        Ok(NationalDocument::List(read_national_list(bytes, profile)?))
    } else {
        Ok(NationalDocument::Record(Box::new(read_national(
            bytes, profile,
        )?)))
    }
}

/// Whether the document's first element is `<DANH_SACH_HOC_BA` (after an optional XML
/// declaration and whitespace): what [`read_national_any`] reads as a list. Anything else goes
/// to the record reader, which reports it.
pub fn is_list(bytes: &[u8]) -> bool {
    let mut rest = bytes.trim_ascii_start();
    if rest.starts_with(b"<?xml") {
        let Some(end) = memchr::memmem::find(rest, b"?>") else {
            return false;
        };
        rest = rest[end + 2..].trim_ascii_start();
    }
    rest.strip_prefix(b"<")
        .and_then(|r| r.strip_prefix(tags::DANH_SACH_HOC_BA.as_bytes()))
        .is_some_and(|r| matches!(r.first(), Some(b'>' | b'/' | b' ' | b'\t' | b'\n' | b'\r')))
}

/// True when `bytes` go to the XML reader: `<` after optional whitespace, and after an optional
/// UTF-8 byte-order mark, which the XML reader then refuses as `xml_malformed` (ADR 0220). The
/// one routing of [`InputKind::sniff`](crate::InputKind::sniff), for readers that recognise a
/// document by its content (bulk verification, rendering): a file is never XML to one command
/// and "not COSE" to another.
pub fn looks_like_xml(bytes: &[u8]) -> bool {
    crate::InputKind::sniff(bytes) == crate::InputKind::Xml
}

/// The fields of `record` the national format does not carry under `profile`, as model paths
/// (`periodic`, `subjects[2].comment`, `pupil.residence`, …): empty when writing and reading
/// back gives the same record. Found by doing exactly that, so it cannot drift from the
/// writer and reader.
pub fn not_carried(record: &YearRecord, profile: &Profile) -> Vec<String> {
    let back = match from_xml(&to_xml(record, profile), profile) {
        Ok(back) => back,
        // The writer's output not reading back is a bug the round-trip tests catch; report
        // the whole record as not carried rather than claim nothing is lost.
        Err(_) => return vec![String::from("(record)")],
    };
    diff::year_record(record, &back)
}

/// Model paths (as [`not_carried`] gives them) grouped by shape for people to read: each index
/// written `*`, in order of first appearance, with how many paths each shape stands for —
/// `years[*].subjects[*].comment` (50) rather than fifty lines.
///
/// ```
/// let paths = ["periodic", "subjects[0].comment", "subjects[3].comment"].map(String::from);
/// assert_eq!(
///     hocba_core::moet::group_paths(&paths),
///     [("periodic".to_owned(), 1), ("subjects[*].comment".to_owned(), 2)]
/// );
/// ```
pub fn group_paths(paths: &[String]) -> Vec<(String, usize)> {
    let mut out: Vec<(String, usize)> = Vec::new();
    for path in paths {
        let mut shape = String::with_capacity(path.len());
        let mut in_index = false;
        for c in path.chars() {
            match c {
                '[' => {
                    in_index = true;
                    shape.push_str("[*]");
                }
                ']' => in_index = false,
                _ if in_index => {}
                _ => shape.push(c),
            }
        }
        match out.iter_mut().find(|(s, _)| *s == shape) {
            Some((_, n)) => *n += 1,
            None => out.push((shape, 1)),
        }
    }
    out
}

/// True when `facts` hold a completion sentence that writing `record` would not give back
/// (the writer derives `NOI_DUNG_HOAN_THANH_CHUONG_TRINH` from the completion flags): a
/// conversion then changes what the document says, and names it (ADR 0243).
pub fn rewrites_completion_sentence(record: &YearRecord, facts: &NationalFacts) -> bool {
    facts
        .completion_sentence
        .as_ref()
        .is_some_and(|s| s.as_str() != write::completion_sentence(record))
}

mod diff;

#[cfg(test)]
mod tests;
