//! A hocba document of either kind (a year record or a transcript) in any encoding (JSON,
//! canonical CBOR, or the national XML of CV 2088 for a year record), for callers that take
//! "a file" — the CLI and the bindings.

use crate::Error;
use crate::canonical::{
    Limits, check_profile, decode_transcript, decode_year_record, encode_transcript,
    encode_year_record,
};
use crate::model::{Transcript, YearRecord, from_json, to_json_pretty};

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
    /// Anything else: left to the canonical CBOR decoder of a record or transcript.
    Cbor,
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
        match bytes.first().map(|b| b >> 5) {
            // Major type 6 (tag) or 4 (array): what a COSE message starts with.
            Some(6 | 4) => InputKind::SignedRecord,
            _ => match Encoding::sniff(bytes) {
                Encoding::Json => InputKind::Json,
                Encoding::Cbor => InputKind::Cbor,
                Encoding::Xml => InputKind::Xml,
            },
        }
    }

    /// `pdf`, `signed_year_record`, `signed_transcript`, `json`, `xml`, `cbor`.
    pub fn code(self) -> &'static str {
        match self {
            InputKind::Pdf => "pdf",
            InputKind::SignedRecord => "signed_year_record",
            InputKind::TranscriptContainer => "signed_transcript",
            InputKind::Json => "json",
            InputKind::Xml => "xml",
            InputKind::Cbor => "cbor",
        }
    }
}

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
    /// decoded strictly (profile check first); JSON text is NFC-normalised.
    pub fn decode(bytes: &[u8]) -> Result<(Document, Encoding), Error> {
        let encoding = Encoding::sniff(bytes);
        let doc = match encoding {
            Encoding::Json => Self::from_json_bytes(bytes)?,
            Encoding::Cbor => Self::from_cbor(bytes)?,
            Encoding::Xml => Document::YearRecord(Box::new(crate::moet::from_xml(
                bytes,
                &crate::moet::Profile::default(),
            )?)),
        };
        Ok((doc, encoding))
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
            Document::Transcript(t) => t
                .years
                .iter()
                .enumerate()
                .flat_map(|(i, y)| {
                    crate::moet::not_carried(y, &profile)
                        .into_iter()
                        .map(move |p| format!("years[{i}].{p}"))
                })
                .collect(),
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
