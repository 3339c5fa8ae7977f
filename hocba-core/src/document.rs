//! A hocba document of either kind (a year record or a transcript) in any encoding (JSON,
//! canonical CBOR, or the national XML of CV 2088: a `HOC_BA` for a year record, a
//! `DANH_SACH_HOC_BA` of one pupil's years for a transcript), for callers that take "a file" —
//! the CLI and the bindings.

use crate::Error;
use crate::canonical::{
    Limits, check_profile, decode_transcript, decode_year_record, encode_transcript,
    encode_year_record,
};
use crate::model::{Transcript, YearRecord, from_json, to_json_pretty};
use crate::xml::{XmlError, XmlErrorKind};

/// How a document was (or is to be) encoded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    /// JSON text, the vendor form.
    Json,
    /// Canonical hocba-CBOR, the signed form.
    Cbor,
    /// The national XML (CV 2088/BGDĐT-GDTH, profile [`crate::moet::Profile::default`]).
    Xml,
}

impl Encoding {
    /// Guesses the encoding from the first bytes: a JSON document starts with `{` and an XML
    /// one with `<` (after whitespace); a canonical CBOR document starts with a map head, never
    /// with either (0x7b and 0x3c are a text-string and a negative-integer head).
    pub fn sniff(bytes: &[u8]) -> Encoding {
        // A UTF-8 byte-order mark before `<` is still XML (which the XML reader then refuses:
        // CV 2088 says UTF-8, which needs none) — not CBOR's simple value 0xef.
        let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
        match bytes.iter().find(|b| !b.is_ascii_whitespace()) {
            Some(b'{') => Encoding::Json,
            Some(b'<') => Encoding::Xml,
            _ => Encoding::Cbor,
        }
    }

    /// The encoding's name: `json`, `cbor`, `xml`.
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Json => "json",
            Encoding::Cbor => "cbor",
            Encoding::Xml => "xml",
        }
    }
}

/// What kind of hocba input a file is, told from its first bytes: the one router of every
/// command and binding that takes "a file" (ADR 0092). A cheap test to route the bytes to
/// their reader, never a check: each reader then refuses what is not what it reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InputKind {
    /// A PDF (`%PDF`): a hocba PDF carries its signed records inside.
    Pdf,
    /// A signed year record: a CBOR tag (98 is COSE_Sign; 18, COSE_Sign1, and any other tag
    /// are refused by the envelope reader as `not_cose_sign`) or an untagged array.
    SignedRecord,
    /// A signed transcript container (`.hocba`: a map whose first entry is its version).
    TranscriptContainer,
    /// JSON text, the vendor form of a record or transcript.
    Json,
    /// The national XML (CV 2088).
    Xml,
    /// A CBOR map (major type 5), what a hocba-CBOR record or transcript starts with: left to
    /// the canonical CBOR decoder.
    Cbor,
    /// Anything else (empty input, a text, a ZIP or gzip file, UTF-16, random bytes, or a file
    /// of a well-known kind whose first byte only looks like CBOR: a PNG, an old Office
    /// document…): none of hocba's readers takes it. Verification and [`Document::decode`] refuse it as
    /// `unrecognised_input` (ADR 0220).
    Unrecognised,
}

impl InputKind {
    /// Tells the kind of `bytes`.
    pub fn sniff(bytes: &[u8]) -> InputKind {
        if bytes.starts_with(b"%PDF") {
            return InputKind::Pdf;
        }
        if crate::envelope::transcript::UnverifiedTranscript::looks_like_container(bytes) {
            return InputKind::TranscriptContainer;
        }
        if FOREIGN_SIGNATURES.iter().any(|s| bytes.starts_with(s)) {
            return InputKind::Unrecognised;
        }
        let major = bytes.first().map(|b| b >> 5);
        match major {
            // Major type 6 (tag) or 4 (array): what a COSE message starts with.
            Some(6 | 4) => InputKind::SignedRecord,
            _ => match Encoding::sniff(bytes) {
                Encoding::Json => InputKind::Json,
                Encoding::Xml => InputKind::Xml,
                // Major type 5: a map.
                Encoding::Cbor if major == Some(5) => InputKind::Cbor,
                Encoding::Cbor => InputKind::Unrecognised,
            },
        }
    }

    /// What it is, for a message: (English, Vietnamese).
    pub fn describe(self) -> (&'static str, &'static str) {
        match self {
            InputKind::Pdf => ("a PDF document", "một tài liệu PDF"),
            InputKind::SignedRecord => (
                "a signed year record of hocba's COSE profile",
                "một hồ sơ năm học đã ký theo hồ sơ COSE của hocba",
            ),
            InputKind::TranscriptContainer => (
                "a signed transcript container (.hocba)",
                "một tệp học bạ nhiều năm đã ký (.hocba)",
            ),
            InputKind::Json => ("JSON text", "văn bản JSON"),
            InputKind::Xml => (
                "a national XML (CV 2088)",
                "một tệp XML học bạ quốc gia (CV 2088)",
            ),
            InputKind::Cbor => ("hocba-CBOR", "dữ liệu hocba-CBOR"),
            InputKind::Unrecognised => ("unrecognised bytes", "dữ liệu không nhận ra"),
        }
    }

    /// `pdf`, `signed_year_record`, `signed_transcript`, `json`, `xml`, `cbor`,
    /// `unrecognised`.
    pub fn code(self) -> &'static str {
        match self {
            InputKind::Pdf => "pdf",
            InputKind::SignedRecord => "signed_year_record",
            InputKind::TranscriptContainer => "signed_transcript",
            InputKind::Json => "json",
            InputKind::Xml => "xml",
            InputKind::Cbor => "cbor",
            InputKind::Unrecognised => "unrecognised",
        }
    }
}

/// Signatures of well-known file kinds whose first byte is a CBOR tag, array or map head
/// (0x80–0xdf), which the router would otherwise send to the COSE or CBOR reader (ADR 0220):
/// each at least four bytes, none a possible start of a hocba input (a COSE_Sign starts
/// `d8 62`; a hocba-CBOR record, transcript or container is a map whose first key is a small
/// unsigned integer: `ae 00`, `a2 01`).
const FOREIGN_SIGNATURES: [&[u8]; 7] = [
    b"\x89PNG\r\n\x1a\n",                // PNG image
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", // OLE2 compound file: .doc, .xls, .ppt, .msi
    b"\xca\xfe\xba\xbe",                 // Java class, Mach-O universal binary
    b"\xce\xfa\xed\xfe",                 // Mach-O binary, 32-bit
    b"\xcf\xfa\xed\xfe",                 // Mach-O binary, 64-bit
    b"\xa1\xb2\xc3\xd4",                 // pcap capture, big-endian
    b"\xd4\xc3\xb2\xa1",                 // pcap capture, little-endian
];

/// A year record or a transcript.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Document {
    /// One school year of the học bạ.
    YearRecord(Box<YearRecord>),
    /// A pupil's whole học bạ.
    Transcript(Box<Transcript>),
}

impl Document {
    /// Decodes `bytes`, detecting the encoding ([`Encoding::sniff`]) and the kind. CBOR is
    /// decoded strictly (profile check first); JSON text is NFC-normalised. Bytes the router
    /// recognises as no hocba input ([`InputKind::Unrecognised`]: a text, a ZIP, a PNG…) are
    /// `unrecognised_input` (ADR 0220), not a CBOR decoder's complaint about them.
    pub fn decode(bytes: &[u8]) -> Result<(Document, Encoding), Error> {
        match InputKind::sniff(bytes) {
            InputKind::Unrecognised => {
                return Err(crate::envelope::EnvelopeError::UnrecognisedInput.into());
            }
            // A PDF is named (`wrong_document`), not read as CBOR ("trailing bytes").
            found @ InputKind::Pdf => {
                return Err(crate::envelope::EnvelopeError::WrongDocument {
                    found,
                    expected: crate::envelope::Expected::Document,
                }
                .into());
            }
            _ => {}
        }
        let encoding = Encoding::sniff(bytes);
        let doc = match encoding {
            Encoding::Json => Self::from_json_bytes(bytes)?,
            Encoding::Cbor => Self::from_cbor(bytes)?,
            Encoding::Xml => Self::from_national_xml(bytes)?,
        };
        Ok((doc, encoding))
    }

    /// Reads a national XML: a `HOC_BA` is a year record; a `DANH_SACH_HOC_BA` of one pupil's
    /// records — what [`Document::to_xml`] writes for a transcript — is a transcript of those
    /// years, its identity page the latest year's pupil and no enrolment history (the national
    /// format carries none). A list holding several pupils' records (a school's submission) is
    /// `xml_list_of_several_pupils`: it is no one's học bạ (`rules::validate_bytes` reads it
    /// record by record).
    pub fn from_national_xml(bytes: &[u8]) -> Result<Document, Error> {
        Ok(Self::national_with_origin(bytes)?.0)
    }

    /// [`from_national_xml`](Self::from_national_xml) with the origin of a `HOC_BA` (what it
    /// says beyond the model); a list's transcript is [`Origin::Model`](crate::rules::Origin).
    fn national_with_origin(bytes: &[u8]) -> Result<(Document, crate::rules::Origin), Error> {
        use crate::moet::NationalDocument;
        match crate::moet::read_national_any(bytes, &crate::moet::Profile::default())? {
            NationalDocument::Record(r) => Ok((
                Document::YearRecord(Box::new(r.0)),
                crate::rules::Origin::NationalXml(r.1),
            )),
            NationalDocument::List(list) => {
                let years: Vec<YearRecord> = list.into_iter().map(|(r, _)| r).collect();
                Ok((
                    Document::Transcript(Box::new(transcript_of_years(years)?)),
                    crate::rules::Origin::Model,
                ))
            }
        }
    }

    /// [`decode`](Self::decode), with the record's [`Origin`](crate::rules::Origin): a national
    /// `HOC_BA` is read with what it says beyond the model ([`crate::moet::read_national`]),
    /// which the validator needs to judge it for what its format carries (ADR 0242, 0261). A
    /// `DANH_SACH_HOC_BA` read as a transcript ([`Document::from_national_xml`]) is
    /// [`Origin::Model`](crate::rules::Origin): [`crate::rules::validate_bytes`] judges such bytes.
    pub fn decode_with_origin(
        bytes: &[u8],
    ) -> Result<(Document, Encoding, crate::rules::Origin), Error> {
        if crate::moet::looks_like_xml(bytes) {
            let (doc, origin) = Self::national_with_origin(bytes)?;
            return Ok((doc, Encoding::Xml, origin));
        }
        let (doc, encoding) = Self::decode(bytes)?;
        Ok((doc, encoding, crate::rules::Origin::Model))
    }

    /// Decodes canonical CBOR of either kind.
    pub fn from_cbor(bytes: &[u8]) -> Result<Document, Error> {
        check_profile(bytes, &Limits::HOCBA)?;
        if is_transcript_cbor(bytes) {
            Ok(Document::Transcript(Box::new(decode_transcript(bytes)?)))
        } else {
            Ok(Document::YearRecord(Box::new(decode_year_record(bytes)?)))
        }
    }

    /// Decodes JSON of either kind: a transcript is the object with a `years` member.
    pub fn from_json_bytes(bytes: &[u8]) -> Result<Document, Error> {
        let text = std::str::from_utf8(bytes).map_err(|_| {
            Error::Json(crate::model::JsonError {
                reason: "syntax",
                domain: None,
                path: String::new(),
                field: None,
                line: 0,
                column: 0,
            })
        })?;
        let probe: serde_json::Value =
            serde_json::from_str(text).map_err(crate::model::JsonError::from)?;
        if probe.get("years").is_some() {
            Ok(Document::Transcript(Box::new(from_json(text)?)))
        } else {
            Ok(Document::YearRecord(Box::new(from_json(text)?)))
        }
    }

    /// The canonical CBOR bytes.
    pub fn to_cbor(&self) -> Vec<u8> {
        match self {
            Document::YearRecord(r) => encode_year_record(r),
            Document::Transcript(t) => encode_transcript(t),
        }
    }

    /// The national XML: one `HOC_BA` for a year record, a `DANH_SACH_HOC_BA` of its years
    /// for a transcript (the identity page and enrolments live in each year's record there).
    pub fn to_xml(&self) -> Vec<u8> {
        let profile = crate::moet::Profile::default();
        match self {
            Document::YearRecord(r) => crate::moet::to_xml(r, &profile),
            Document::Transcript(t) => crate::moet::to_xml_list(&t.years, &profile),
        }
    }

    /// What writing this document as the national XML would not carry (model paths, each
    /// prefixed by `years[i].` for a transcript); see [`crate::moet::not_carried`].
    pub fn not_carried_in_xml(&self) -> Vec<String> {
        let profile = crate::moet::Profile::default();
        match self {
            Document::YearRecord(r) => crate::moet::not_carried(r, &profile),
            Document::Transcript(t) => {
                // The list carries the years only: the history and an identity page other
                // than the latest year's pupil are lost (`from_national_xml`).
                let mut lost = Vec::new();
                if !t.enrolments.is_empty() {
                    lost.push("enrolments".to_owned());
                }
                if latest_pupil(&t.years) != Some(&t.pupil) {
                    lost.push("pupil".to_owned());
                }
                if !t.extensions.is_empty() {
                    lost.push("extensions".to_owned());
                }
                lost.extend(t.years.iter().enumerate().flat_map(|(i, y)| {
                    crate::moet::not_carried(y, &profile)
                        .into_iter()
                        .map(move |p| format!("years[{i}].{p}"))
                }));
                lost
            }
        }
    }

    /// Pretty JSON.
    pub fn to_json(&self) -> String {
        match self {
            Document::YearRecord(r) => to_json_pretty(r),
            Document::Transcript(t) => to_json_pretty(t),
        }
    }

    /// `year_record` or `transcript`.
    pub fn kind(&self) -> &'static str {
        match self {
            Document::YearRecord(_) => "year_record",
            Document::Transcript(_) => "transcript",
        }
    }
}

/// True when profile-checked bytes look like a transcript: the value under key 1 is a map
/// (the pupil) rather than a text (a record's rule set). Anything unexpected is left to the
/// year-record decoder, whose error then names the problem.
fn is_transcript_cbor(bytes: &[u8]) -> bool {
    // map head, key 0, version [major, minor] (format 2, or 1.0), key 1, then the value's head.
    let mut i = 0;
    let Some(&first) = bytes.first() else {
        return false;
    };
    if first >> 5 != 5 {
        return false;
    }
    i += match first & 0x1f {
        0..=23 => 1,
        24 => 2,
        _ => return false,
    };
    let major = crate::canonical::FORMAT_MAJOR as u8;
    let legacy = crate::canonical::LEGACY_MAJOR as u8;
    if !matches!(bytes.get(i..i + 3), Some(&[0x00, 0x82, m]) if m == major || m == legacy) {
        return false;
    }
    i += 3;
    i += match bytes.get(i) {
        Some(0..=0x17) => 1,
        Some(0x18) => 2,
        Some(0x19) => 3,
        Some(0x1a) => 5,
        Some(0x1b) => 9,
        _ => return false,
    };
    bytes.get(i) == Some(&0x01) && bytes.get(i + 1).is_some_and(|b| b >> 5 == 5)
}

/// The pupil as the latest school year of `years` names them.
fn latest_pupil(years: &[YearRecord]) -> Option<&crate::model::Pupil> {
    years.iter().max_by_key(|y| y.school_year).map(|y| &y.pupil)
}

/// One pupil's year records as a transcript (see [`Document::from_national_xml`]).
fn transcript_of_years(years: Vec<YearRecord>) -> Result<Transcript, Error> {
    let Some(pupil) = latest_pupil(&years).cloned() else {
        return Err(XmlError::new(
            XmlErrorKind::MissingElement,
            "DANH_SACH_HOC_BA/HOC_BA".into(),
        )
        .into());
    };
    if !years
        .iter()
        .all(|y| crate::envelope::years::same_pupil(&y.pupil, &pupil))
    {
        return Err(
            XmlError::new(XmlErrorKind::ListOfSeveralPupils, "DANH_SACH_HOC_BA".into()).into(),
        );
    }
    Ok(Transcript {
        pupil,
        enrolments: Vec::new(),
        years,
        extensions: Default::default(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::synth;

    #[test]
    fn detects_kind_and_encoding_both_ways() {
        let t = synth::demo_transcript();
        let docs = [
            Document::Transcript(Box::new(t.clone())),
            Document::YearRecord(Box::new(t.years[2].clone())),
        ];
        for doc in docs {
            let cbor = doc.to_cbor();
            assert_eq!(
                Document::decode(&cbor).unwrap(),
                (doc.clone(), Encoding::Cbor)
            );
            let json = doc.to_json();
            assert_eq!(
                Document::decode(json.as_bytes()).unwrap(),
                (doc.clone(), Encoding::Json)
            );
        }
    }

    /// A transcript written as the national XML (a `DANH_SACH_HOC_BA` of its years) reads back
    /// as the transcript of those years, and what the list cannot hold (the enrolment
    /// history, an identity page other than the latest year's) is named by
    /// `not_carried_in_xml`, never dropped silently. A list of several pupils' records is
    /// nobody's transcript.
    #[test]
    fn a_national_list_of_one_pupils_years_is_their_transcript() {
        let t = synth::demo_transcript();
        assert!(!t.enrolments.is_empty());
        let doc = Document::Transcript(Box::new(t.clone()));
        let xml = doc.to_xml();
        assert!(crate::moet::is_list(&xml));
        let (back, encoding) = Document::decode(&xml).unwrap();
        assert_eq!(encoding, Encoding::Xml);
        let Document::Transcript(back) = back else {
            panic!("a list of one pupil's years is a transcript");
        };
        assert_eq!(back.years.len(), t.years.len());
        assert!(back.enrolments.is_empty());
        assert_eq!(Some(&back.pupil), latest_pupil(&back.years));
        assert!(doc.not_carried_in_xml().contains(&"enrolments".to_owned()));
        // Written again, the same bytes: the list is read as written.
        assert_eq!(Document::Transcript(back).to_xml(), xml);

        let other = synth::transcript(7, synth::Path::Regular);
        assert!(!crate::envelope::years::same_pupil(&other.pupil, &t.pupil));
        let list = crate::moet::to_xml_list(
            &[t.years[0].clone(), other.years[0].clone()],
            &crate::moet::Profile::default(),
        );
        let e = Document::decode(&list).unwrap_err();
        assert_eq!(e.code(), "xml_list_of_several_pupils");
        // No pupil data in the message.
        assert!(
            !e.message(crate::Lang::En)
                .contains(t.pupil.full_name.as_str())
        );
    }

    /// A PDF given to be decoded is named as one (QA `qamobile`: "invalid CBOR:
    /// trailing_bytes").
    #[test]
    fn a_pdf_is_not_decoded_as_cbor() {
        let e =
            Document::decode(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n").unwrap_err();
        assert_eq!(e.code(), "wrong_document");
        assert!(
            e.message(crate::Lang::En).contains("a PDF document"),
            "{}",
            e.message(crate::Lang::En)
        );
    }

    /// The router tells what hocba reads from what it does not (ADR 0092, ADR 0220): bytes
    /// that start as none of its inputs are `Unrecognised`, and every verification entry point
    /// and `Document::decode` refuse them as `unrecognised_input` (unreadable, exit 2; kind
    /// decode), while an unsigned record stays `not_cose_sign`.
    #[test]
    fn bytes_no_reader_takes_are_unrecognised_everywhere() {
        use crate::envelope::UnverifiedRecord;
        use crate::envelope::transcript::UnverifiedTranscript;
        // A seeded generator's bytes, first byte 0x11 (major type 0, an unsigned integer).
        let mut x = 0x5eed_u64;
        let mut random: Vec<u8> = (0..512)
            .map(|_| {
                x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
                (x >> 33) as u8
            })
            .collect();
        random[0] = 0x11;
        let unrecognised: [&[u8]; 11] = [
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",      // an array head
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00\x00", // a tag head
            b"\xa1\xb2\xc3\xd4\x00\x02",                 // a map head
            &random,
            b"",
            b"hello, not a record",
            b"\x1f\x8b\x08\x00",   // gzip
            b"PK\x03\x04\x14\x00", // ZIP (.docx, .xlsx)
            b"\xff\xfe<\x00H\x00", // UTF-16 XML
            b"\xef\xbb\xbfHOC_BA", // UTF-8 BOM, then not `<`
            b"  \n\x00\x01",       // whitespace, then not `{` or `<`
        ];
        let t = synth::demo_transcript();
        for bytes in unrecognised {
            assert_eq!(
                InputKind::sniff(bytes),
                InputKind::Unrecognised,
                "{bytes:x?}"
            );
            let e = crate::Error::from(UnverifiedRecord::from_bytes(bytes).unwrap_err());
            assert_eq!(e.code(), "unrecognised_input", "{bytes:x?}");
            assert_eq!(e.class(), crate::ErrorClass::Unreadable);
            assert_eq!(e.kind(), crate::ErrorKind::Decode);
            assert!(
                e.message(crate::Lang::Vi)
                    .starts_with("không nhận ra dữ liệu vào")
            );
            assert!(e.message(crate::Lang::En).starts_with("unrecognised input"));
            let e = UnverifiedTranscript::from_bytes(bytes).unwrap_err();
            assert_eq!(e.code(), "unrecognised_input", "{bytes:x?}");
            // Decoding a document (inspect, validate, convert; every binding's decode) says
            // the same, not what the CBOR decoder makes of them.
            let e = Document::decode(bytes).unwrap_err();
            assert_eq!(e.code(), "unrecognised_input", "{bytes:x?}");
            assert_eq!(e.kind(), crate::ErrorKind::Decode);
        }
        // What the router reads is not unrecognised; an unsigned record is not a COSE_Sign.
        let year = Document::YearRecord(Box::new(t.years[0].clone()));
        for (bytes, kind) in [
            (year.to_cbor(), InputKind::Cbor),
            (year.to_json().into_bytes(), InputKind::Json),
            (b"  <HOC_BA/>".to_vec(), InputKind::Xml),
            (b"\xd2\x84".to_vec(), InputKind::SignedRecord),
            (b"%PDF-1.7".to_vec(), InputKind::Pdf),
        ] {
            assert_eq!(InputKind::sniff(&bytes), kind, "{bytes:x?}");
            if matches!(
                kind,
                InputKind::Cbor | InputKind::Json | InputKind::SignedRecord
            ) {
                let e = UnverifiedRecord::from_bytes(&bytes).unwrap_err();
                assert_eq!(e.code(), "not_cose_sign", "{kind:?}");
            }
        }
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        for bytes in [
            &b""[..],
            b"{",
            b"\xff\xff",
            b"\xa1\x00\x82\x01",
            b"  {\"years\": 1}",
        ] {
            assert!(Document::decode(bytes).is_err());
        }
    }
}
