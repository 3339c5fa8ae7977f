//! Reading records and transcripts, in either encoding.

use hocba_core::Document as CoreDocument;
use hocba_core::Encoding as CoreEncoding;
use hocba_core::canonical;

use crate::error::{HocbaError, guard};
use crate::model::{Transcript, YearRecord};

/// How a document is encoded.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, uniffi::Enum)]
pub enum Encoding {
    /// JSON text, the vendor form.
    Json,
    /// Canonical hocba-CBOR, the signed form.
    Cbor,
    /// The national XML of CV 2088/BGDĐT-GDTH (profile 2088/1.0).
    Xml,
}

impl From<CoreEncoding> for Encoding {
    fn from(e: CoreEncoding) -> Self {
        match e {
            CoreEncoding::Json => Encoding::Json,
            CoreEncoding::Cbor => Encoding::Cbor,
            CoreEncoding::Xml => Encoding::Xml,
        }
    }
}

/// A year record or a transcript.
// Variants are not boxed: uniffi serialises enums by value into a buffer anyway, and `Box` is
// not a type uniffi can lower.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Enum)]
pub enum Document {
    /// One school year of the học bạ.
    YearRecord {
        /// The record.
        record: YearRecord,
    },
    /// A pupil's whole học bạ.
    Transcript {
        /// The transcript.
        transcript: Transcript,
    },
}

impl From<CoreDocument> for Document {
    fn from(d: CoreDocument) -> Self {
        match d {
            CoreDocument::YearRecord(r) => Document::YearRecord {
                record: (*r).into(),
            },
            CoreDocument::Transcript(t) => Document::Transcript {
                transcript: (*t).into(),
            },
        }
    }
}

/// A decoded document and the encoding it was found in.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct Decoded {
    /// The year record or transcript.
    pub document: Document,
    /// JSON or CBOR.
    pub encoding: Encoding,
}

/// Decodes a year record or a transcript from JSON or canonical hocba-CBOR, detecting both
/// the encoding (JSON starts with `{`) and the kind. CBOR is decoded strictly (any deviation
/// from the canonical profile is an error); JSON text is NFC-normalised.
#[uniffi::export]
pub fn decode(bytes: Vec<u8>) -> Result<Decoded, HocbaError> {
    guard(|| {
        let (document, encoding) = CoreDocument::decode(&bytes)?;
        Ok(Decoded {
            document: document.into(),
            encoding: encoding.into(),
        })
    })
}

/// Decodes a year record from canonical hocba-CBOR (the signed form), strictly: bytes outside
/// the profile (non-shortest integers, unsorted or duplicate keys, indefinite lengths,
/// trailing bytes, non-NFC text…) are an error with the decoder's code.
#[uniffi::export]
pub fn decode_year_record(cbor: Vec<u8>) -> Result<YearRecord, HocbaError> {
    guard(|| {
        Ok(canonical::decode_year_record(&cbor)
            .map_err(hocba_core::Error::from)?
            .into())
    })
}

/// Decodes a transcript from canonical hocba-CBOR, strictly (as [`decode_year_record`]).
#[uniffi::export]
pub fn decode_transcript(cbor: Vec<u8>) -> Result<Transcript, HocbaError> {
    guard(|| {
        Ok(canonical::decode_transcript(&cbor)
            .map_err(hocba_core::Error::from)?
            .into())
    })
}

/// Reads a year record from its JSON form (text is NFC-normalised on the way in).
#[uniffi::export]
pub fn year_record_from_json(json: String) -> Result<YearRecord, HocbaError> {
    guard(|| Ok(hocba_core::model::year_record_from_json(&json)?.into()))
}

/// Reads a transcript from its JSON form (text is NFC-normalised on the way in).
#[uniffi::export]
pub fn transcript_from_json(json: String) -> Result<Transcript, HocbaError> {
    guard(|| Ok(hocba_core::model::transcript_from_json(&json)?.into()))
}

/// Reads one national học bạ (the XML of CV 2088/BGDĐT-GDTH, profile 2088/1.0) strictly: no
/// DOCTYPE or entities, every element in its place; errors carry the element path.
#[uniffi::export]
pub fn year_record_from_xml(xml: Vec<u8>) -> Result<YearRecord, HocbaError> {
    guard(|| Ok(hocba_core::moet::from_xml(&xml, &hocba_core::moet::Profile::default())?.into()))
}

/// The national XML (CV 2088, profile 2088/1.0) of a document given in JSON, CBOR or XML: one
/// `HOC_BA` for a year record, a `DANH_SACH_HOC_BA` of its years for a transcript.
#[uniffi::export]
pub fn to_national_xml(bytes: Vec<u8>) -> Result<Vec<u8>, HocbaError> {
    guard(|| Ok(CoreDocument::decode(&bytes)?.0.to_xml()))
}

/// The canonical hocba-CBOR bytes of a document given in JSON or CBOR (what gets signed).
#[uniffi::export]
pub fn to_canonical_cbor(bytes: Vec<u8>) -> Result<Vec<u8>, HocbaError> {
    guard(|| Ok(CoreDocument::decode(&bytes)?.0.to_cbor()))
}

/// The pretty JSON form of a document given in JSON or CBOR.
#[uniffi::export]
pub fn to_json(bytes: Vec<u8>) -> Result<String, HocbaError> {
    guard(|| Ok(CoreDocument::decode(&bytes)?.0.to_json()))
}
