//! Turning input bytes into a model document (a year record or a transcript).

use hocba_core::{Document, Encoding};

use crate::input::{Format, detect};
use crate::output::{Failure, Ui};

/// Decodes `bytes` (JSON or canonical CBOR, record or transcript), strictly. A PDF is refused
/// as `unsupported_format` (exit 2) by every command that takes a document.
pub fn parse_document(bytes: &[u8], ui: Ui) -> Result<(Document, Encoding), Failure> {
    if detect(bytes) == Format::Pdf {
        return Err(Failure::unreadable(
            "unsupported_format",
            ui.t(
                "Đây là tệp PDF: hãy dùng `hocba verify`",
                "This is a PDF: use `hocba verify`",
            ),
        ));
    }
    Document::decode(bytes).map_err(|e| core_failure(&e, ui))
}

/// A core error as a CLI failure; its exit code is its class's (`hocba_core::ErrorClass`).
pub fn core_failure(e: &hocba_core::Error, ui: Ui) -> Failure {
    Failure::from_core(e, ui)
}

/// `json` or `cbor`.
pub fn encoding_name(e: Encoding) -> &'static str {
    e.name()
}

/// Any record input `inspect` and `validate` take: a plain document, or the records inside a
/// signed file, read strictly but **not verified** (that is `hocba verify`'s job).
pub enum AnyInput {
    /// A year record or a transcript, JSON or canonical CBOR.
    Plain(Document, Encoding),
    /// The record inside a signed year record — a COSE_Sign (`Encoding::Cbor`) or a national
    /// XML carrying XML-DSig signatures (`Encoding::Xml`) — and the roles that signed it.
    Signed(
        Box<hocba_core::model::YearRecord>,
        Vec<hocba_core::SignerRole>,
        Encoding,
    ),
    /// The records of a signed transcript container, in container order, and the indices of
    /// the current revisions (not superseded by another record of the container), in
    /// chronological order.
    Container(Vec<hocba_core::model::YearRecord>, Vec<usize>),
    /// The records of a national `DANH_SACH_HOC_BA` (a school's submission, or one pupil's
    /// years), in document order, each with the roles whose slots hold a signature (`None`:
    /// unsigned). Signatures are not checked.
    List(
        Vec<hocba_core::model::YearRecord>,
        Vec<Option<Vec<hocba_core::SignerRole>>>,
    ),
}

impl AnyInput {
    /// `year_record`, `transcript`, `signed_year_record`, `signed_transcript`.
    pub fn kind(&self) -> &'static str {
        match self {
            AnyInput::Plain(d, _) => d.kind(),
            AnyInput::Signed(..) => "signed_year_record",
            AnyInput::Container(..) => "signed_transcript",
            AnyInput::List(..) => "record_list",
        }
    }

    /// Whether the input carries signatures (left unchecked by `inspect`, `validate`,
    /// `convert`).
    pub fn is_signed(&self) -> bool {
        match self {
            AnyInput::Plain(..) => false,
            AnyInput::Signed(..) | AnyInput::Container(..) => true,
            AnyInput::List(_, roles) => roles.iter().any(Option::is_some),
        }
    }

    /// `json`, `cbor`, `cose`, `xml` (a signed national XML) or `hocba`.
    pub fn format(&self) -> &'static str {
        match self {
            AnyInput::Plain(_, e) => encoding_name(*e),
            AnyInput::Signed(_, _, Encoding::Xml) | AnyInput::List(..) => "xml",
            AnyInput::Signed(..) => "cose",
            AnyInput::Container(..) => "hocba",
        }
    }
}

/// The note on stderr when `inspect` or `validate` read a signed file (either format).
pub fn unchecked_note(ui: Ui) -> &'static str {
    ui.t(
        "Tệp đã ký số: nội dung như được ghi, chữ ký CHƯA được kiểm tra (dùng `hocba verify`).",
        "A signed file: the content as written; signatures NOT checked (use `hocba verify`).",
    )
}

/// Reads any record input, routed by `InputKind::sniff`; a PDF is `unsupported_format`.
pub fn parse_any(bytes: &[u8], ui: Ui) -> Result<AnyInput, Failure> {
    use hocba_core::InputKind;
    use hocba_core::envelope::UnverifiedRecord;
    use hocba_core::envelope::transcript::UnverifiedTranscript;
    use hocba_core::model::Sha256Digest;
    let envelope = |e: hocba_core::envelope::EnvelopeError| core_failure(&e.into(), ui);
    match InputKind::sniff(bytes) {
        InputKind::SignedRecord => {
            let r = UnverifiedRecord::from_bytes(bytes).map_err(envelope)?;
            let roles = r.roles();
            Ok(AnyInput::Signed(
                Box::new(r.record_unverified().clone()),
                roles,
                Encoding::Cbor,
            ))
        }
        // A national XML is a signed record when it carries a signature: read as written,
        // signatures not checked, as a COSE_Sign is (ADR 0249).
        InputKind::Xml if hocba_core::moet::is_list(bytes) => parse_list(bytes, ui),
        InputKind::Xml => match (parse_document(bytes, ui)?, signed_xml_roles(bytes)) {
            ((Document::YearRecord(r), Encoding::Xml), Some(roles)) => {
                Ok(AnyInput::Signed(r, roles, Encoding::Xml))
            }
            ((d, e), _) => Ok(AnyInput::Plain(d, e)),
        },
        InputKind::TranscriptContainer => {
            let t = UnverifiedTranscript::from_bytes(bytes).map_err(envelope)?;
            let digests: Vec<Sha256Digest> = t.records().iter().map(|r| r.digest()).collect();
            let records: Vec<_> = t
                .records()
                .iter()
                .map(|r| r.record_unverified().clone())
                .collect();
            let superseded: Vec<Sha256Digest> = records
                .iter()
                .filter_map(|r| r.correction.as_ref().map(|c| c.supersedes))
                .collect();
            let mut current: Vec<usize> = (0..records.len())
                .filter(|&i| !superseded.contains(&digests[i]))
                .collect();
            current.sort_by_key(|&i| records[i].school_year);
            Ok(AnyInput::Container(records, current))
        }
        _ => parse_document(bytes, ui).map(|(d, e)| AnyInput::Plain(d, e)),
    }
}

/// A national `DANH_SACH_HOC_BA`: every record read strictly, and the roles signed in each
/// (read from the record's own bytes, as a portal splits a submission).
fn parse_list(bytes: &[u8], ui: Ui) -> Result<AnyInput, Failure> {
    use hocba_core::exchange::{record_document, split_records};
    let list = hocba_core::moet::read_national_list(bytes, &hocba_core::moet::Profile::default())
        .map_err(|e| core_failure(&e, ui))?;
    // The reader accepted the list, so it is UTF-8 and splits as it read.
    let text = std::str::from_utf8(bytes).unwrap_or_default();
    let roles = split_records(text)
        .map(|parts| {
            parts
                .iter()
                .map(|p| signed_xml_roles(record_document(p).as_bytes()))
                .collect()
        })
        .unwrap_or_else(|_| vec![None; list.len()]);
    Ok(AnyInput::List(
        list.into_iter().map(|(r, _)| r).collect(),
        roles,
    ))
}

/// The roles whose slots hold a signature, when the national XML `bytes` carries any: read
/// under the signature profile, unverified. A signature the profile cannot even read is still
/// a signature (no role named); an XML without the XML-DSig namespace carries none.
fn signed_xml_roles(bytes: &[u8]) -> Option<Vec<hocba_core::SignerRole>> {
    use hocba_core::xmldsig::{DS_NS, UnverifiedXml};
    match UnverifiedXml::from_bytes(bytes) {
        Ok(u) => Some(u.roles()).filter(|r| !r.is_empty()),
        Err(_) => bytes
            .windows(DS_NS.len())
            .any(|w| w == DS_NS.as_bytes())
            .then(Vec::new),
    }
}
