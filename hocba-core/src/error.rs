//! The crate's error type: one variant per phase, each with a stable machine code and a
//! message in Vietnamese and English. `Display` (English) never contains pupil data.

use crate::bulk::OptionsError;
use crate::canonical::{DecodeError, DecodeErrorKind};
use crate::envelope::EnvelopeError;
use crate::exchange::ExchangeError;
use crate::input::InputError;
use crate::model::{JsonError, ModelError};
use crate::render::RenderError;
use crate::trust::TrustError;
use crate::xml::XmlError;

/// Whether an error means the input could not be read at all or was read and found wrong: the
/// one classification every front end maps (the CLI's exit code 2 or 1, the bindings' reports
/// of an unreadable input). Decided here, per error kind, by exhaustive matches, so that a new
/// error variant cannot be added without deciding its class (ADR 0090).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ErrorClass {
    /// The bytes are not what was asked for: not JSON, not well-formed or not deterministic
    /// CBOR, not a COSE_Sign of the hocba profile, not a transcript container, not a hocba
    /// PDF, over a size bound — or an option out of its range, like a command-line usage error.
    /// Nothing in them was judged. CLI exit code 2.
    Unreadable,
    /// The input was read and is not valid (a value out of its domain, a field missing, a
    /// TT27 rule broken, a signature or certificate refused), or an operation on it was
    /// refused. CLI exit code 1.
    Invalid,
}

impl ErrorClass {
    /// The `hocba` command's exit code: 2 for [`ErrorClass::Unreadable`], 1 for
    /// [`ErrorClass::Invalid`] (0 is success).
    pub fn exit_code(self) -> u8 {
        match self {
            ErrorClass::Unreadable => 2,
            ErrorClass::Invalid => 1,
        }
    }

    /// `unreadable` or `invalid`.
    pub fn code(self) -> &'static str {
        match self {
            ErrorClass::Unreadable => "unreadable",
            ErrorClass::Invalid => "invalid",
        }
    }
}
use crate::xmldsig::XmlSigError;

/// Which kind of failure an error is: the one mapping every binding turns into its exception
/// class or error variant (Python `hocba.ModelError`, `DecodeError`, …; Kotlin
/// `HocbaException.Model`, `.Decode`, …; Swift `HocbaError.model`, …), decided here so that the
/// languages agree (ADR 0096).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    /// A domain value out of its range, met outside a document (a score, a grade, a text).
    Model,
    /// Bytes that are not a record: JSON, CBOR, XML or a signed payload that cannot be read as
    /// the model, or an input over the size bound.
    Decode,
    /// A record that breaks TT27 rules where a valid one is required.
    Validation,
    /// A signed envelope that is malformed, a signing step refused, a signature that does not
    /// verify.
    Signature,
    /// A certificate, chain, root or CRL not accepted.
    Trust,
    /// A PDF that cannot be made, or is not a hocba PDF.
    Render,
    /// An argument out of its range.
    Argument,
}

impl ErrorKind {
    /// `model`, `decode`, `validation`, `signature`, `trust`, `render`, `argument`.
    pub fn code(self) -> &'static str {
        match self {
            ErrorKind::Model => "model",
            ErrorKind::Decode => "decode",
            ErrorKind::Validation => "validation",
            ErrorKind::Signature => "signature",
            ErrorKind::Trust => "trust",
            ErrorKind::Render => "render",
            ErrorKind::Argument => "argument",
        }
    }
}

/// Language of a human-readable message.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Lang {
    /// Tiếng Việt (the default everywhere).
    #[default]
    Vi,
    /// English.
    En,
}

/// Any error hocba returns.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A domain value was out of its range.
    #[error(transparent)]
    Model(#[from] ModelError),
    /// JSON input could not be read as the model.
    #[error(transparent)]
    Json(#[from] JsonError),
    /// hocba-CBOR input rejected by the strict decoder (code passes through).
    #[error(transparent)]
    Decode(#[from] DecodeError),
    /// A PDF could not be rendered, or a PDF is not a valid hocba PDF.
    #[error(transparent)]
    Render(#[from] RenderError),
    /// Signed bytes could not be read, or a signing step was refused.
    #[error(transparent)]
    Envelope(#[from] EnvelopeError),
    /// A certificate chain or trust input was not accepted.
    #[error(transparent)]
    Trust(#[from] TrustError),
    /// A record that breaks TT27 rules (see [`crate::rules::validate`]).
    #[error(transparent)]
    Validation(#[from] crate::rules::ValidationError),
    /// XML input refused by the strict XML front or the national-format reader.
    #[error(transparent)]
    Xml(#[from] XmlError),
    /// An input over the one size bound of every front end ([`crate::MAX_INPUT_BYTES`]).
    #[error(transparent)]
    Input(#[from] InputError),
    /// An option the caller passed is out of its range (a bulk run's thread count).
    #[error(transparent)]
    Options(#[from] OptionsError),
    /// A validation policy given as JSON that cannot be taken.
    #[error(transparent)]
    Policy(#[from] crate::rules::PolicyError),
    /// A national XML that breaks the XML-signature profile, or a signing step refused.
    #[error(transparent)]
    XmlSignature(#[from] XmlSigError),
    /// An exchange message (packed `content`, a `DANH_SACH_HOC_BA` list, a transaction) was
    /// refused.
    #[error(transparent)]
    Exchange(#[from] ExchangeError),
    /// A PDF's PAdES signatures could not be read, or a later revision changes what was signed.
    #[error(transparent)]
    Pades(#[from] crate::pades::PadesError),
    /// An RFC 3161 time-stamp request, response or token was refused (ADR 0160).
    #[error(transparent)]
    Timestamp(#[from] crate::timestamp::TimestampError),
}

impl Error {
    /// Stable snake_case machine code, never changed once released (`docs/spec/errors.md`).
    pub fn code(&self) -> &'static str {
        match self {
            Error::Model(e) => e.code(),
            Error::Json(e) if e.is_syntax() => "json_syntax",
            Error::Json(JsonError {
                domain: Some(d), ..
            }) => d.code(),
            Error::Json(_) => "json_data",
            Error::Decode(e) => e.code(),
            Error::Render(e) => e.code(),
            Error::Envelope(e) => e.code(),
            Error::Trust(e) => e.code(),
            Error::Validation(e) => e.code(),
            Error::Xml(e) => e.code(),
            Error::Options(e) => e.code(),
            Error::Policy(e) => e.code(),
            Error::Input(e) => e.code(),
            Error::XmlSignature(e) => e.code(),
            Error::Exchange(e) => e.code(),
            Error::Pades(e) => e.code(),
            Error::Timestamp(e) => e.code(),
        }
    }

    /// Whether the input could not be read at all or was read and found wrong (ADR 0090).
    pub fn class(&self) -> ErrorClass {
        let unreadable = match self {
            Error::Model(_) | Error::Validation(_) => false,
            Error::Json(e) => e.is_syntax(),
            Error::Decode(e) => decode_unreadable(&e.kind),
            Error::Envelope(e) => envelope_unreadable(e),
            Error::Render(e) => render_unreadable(e),
            Error::Trust(e) => trust_unreadable(e),
            // The XML front decides per kind (`XmlErrorKind::is_unreadable`): not well-formed
            // XML, a DOCTYPE or an entity, over a bound — unreadable; the national format's
            // shape and values — invalid.
            Error::Xml(e) => e.kind.is_unreadable(),
            // Like a command-line usage error: nothing was read (CLI exit 2).
            Error::Options(_) | Error::Policy(_) => true,
            Error::Input(InputError::TooLarge) => true,
            Error::XmlSignature(e) => e.is_unreadable(),
            Error::Exchange(e) => e.is_unreadable(),
            Error::Pades(e) => e.is_unreadable(),
            Error::Timestamp(e) => e.is_unreadable(),
        };
        if unreadable {
            ErrorClass::Unreadable
        } else {
            ErrorClass::Invalid
        }
    }

    /// The kind of failure, which every binding maps to its exception class (ADR 0096). A
    /// signed record whose payload is not a canonical record is a decoding failure, like the
    /// same bytes unsigned; so are bytes no hocba reader takes (ADR 0220), whichever call was
    /// given them.
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::Model(_) => ErrorKind::Model,
            Error::Json(_) | Error::Decode(_) | Error::Xml(_) | Error::Input(_) => {
                ErrorKind::Decode
            }
            Error::Envelope(
                EnvelopeError::Payload(_)
                | EnvelopeError::UnrecognisedInput
                | EnvelopeError::WrongDocument { .. },
            ) => ErrorKind::Decode,
            Error::Envelope(_) | Error::XmlSignature(_) | Error::Pades(_) => ErrorKind::Signature,
            // A time-stamp is a signature by a TSA over a signature value.
            Error::Timestamp(_) => ErrorKind::Signature,
            // A submission package of the sector exchange that cannot be read or is refused.
            Error::Exchange(_) => ErrorKind::Decode,
            Error::Validation(_) => ErrorKind::Validation,
            Error::Trust(_) => ErrorKind::Trust,
            Error::Render(_) => ErrorKind::Render,
            Error::Options(_) | Error::Policy(_) => ErrorKind::Argument,
        }
    }

    /// Where in the input the error is, when the core knows: a field path such as
    /// `subjects[1].score` (JSON, CBOR, a signed payload). Field names and indices only, never
    /// input data. Every binding exposes this same value.
    pub fn path(&self) -> Option<&str> {
        let p = match self {
            Error::Json(e) => e.path.as_str(),
            Error::Decode(e) => e.path.as_str(),
            Error::Envelope(EnvelopeError::Payload(e)) => e.path.as_str(),
            Error::Xml(e) => e.path.as_str(),
            _ => "",
        };
        (!p.is_empty() && p != ".").then_some(p)
    }

    /// True when the input could not be read at all ([`ErrorClass::Unreadable`]): the CLI
    /// exits 2 for these and 1 for every other error.
    pub fn is_unreadable(&self) -> bool {
        self.class() == ErrorClass::Unreadable
    }

    /// Human-readable message in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (_, Lang::En) => self.to_string(),
            (Error::Model(e), Lang::Vi) => e.message_vi(),
            (Error::Decode(e), Lang::Vi) => e.message_vi(),
            (Error::Render(e), Lang::Vi) => e.message_vi(),
            (Error::Envelope(e), Lang::Vi) => e.message_vi(),
            (Error::Trust(e), Lang::Vi) => e.message_vi(),
            (Error::Validation(e), Lang::Vi) => e.message_vi(),
            (Error::Xml(e), Lang::Vi) => e.message_vi(),
            (Error::Options(e), Lang::Vi) => e.message_vi(),
            (Error::Policy(e), Lang::Vi) => e.message_vi(),
            (Error::Input(e), Lang::Vi) => e.message_vi(),
            (Error::Json(e), Lang::Vi) => e.message_vi(),
            (Error::XmlSignature(e), Lang::Vi) => e.message_vi(),
            (Error::Exchange(e), Lang::Vi) => e.message_vi(),
            (Error::Pades(e), Lang::Vi) => e.message_vi(),
            (Error::Timestamp(e), Lang::Vi) => e.message_vi(),
        }
    }
}

/// The canonical decoder: a breach of the CBOR grammar or of the deterministic profile (RFC
/// 8949 §4.2.1, `docs/spec/canonical.md`) is unreadable, like a JSON syntax error; a well-formed
/// item of the wrong shape or value for the model is invalid, like JSON of the wrong shape.
fn decode_unreadable(kind: &DecodeErrorKind) -> bool {
    match kind {
        DecodeErrorKind::NonShortestInteger
        | DecodeErrorKind::NonShortestLength
        | DecodeErrorKind::IndefiniteLength
        | DecodeErrorKind::UnsortedKeys
        | DecodeErrorKind::DuplicateKey
        | DecodeErrorKind::TrailingBytes
        | DecodeErrorKind::Float
        | DecodeErrorKind::ForbiddenTag
        | DecodeErrorKind::ForbiddenSimpleValue
        | DecodeErrorKind::InvalidUtf8
        | DecodeErrorKind::NonNfcText
        | DecodeErrorKind::TooDeep
        | DecodeErrorKind::TooLarge
        | DecodeErrorKind::Truncated
        | DecodeErrorKind::Malformed => true,
        DecodeErrorKind::WrongType
        | DecodeErrorKind::MissingField
        | DecodeErrorKind::UnknownField
        | DecodeErrorKind::InvalidValue(_)
        | DecodeErrorKind::UnsupportedVersion => false,
    }
}

/// The envelope: everything reading signed bytes can refuse (`UnverifiedRecord::from_bytes`,
/// a transcript container, a to-be-signed file, the signer's certificate) is unreadable — no
/// signature was judged, and the bulk verifier counts the same errors as unreadable inputs; a
/// refused signing step or signature is invalid.
fn envelope_unreadable(e: &EnvelopeError) -> bool {
    match e {
        EnvelopeError::NotCoseSign
        | EnvelopeError::UnrecognisedInput
        | EnvelopeError::WrongDocument { .. }
        | EnvelopeError::NotSigned
        | EnvelopeError::Malformed { .. }
        | EnvelopeError::NotDeterministic { .. }
        | EnvelopeError::TooLarge { .. }
        | EnvelopeError::BodyHeader
        | EnvelopeError::SignerHeader { .. }
        | EnvelopeError::UnsupportedAlgorithm { .. }
        | EnvelopeError::Payload(_)
        | EnvelopeError::CertificateUnreadable
        | EnvelopeError::ToBeSignedMalformed { .. }
        | EnvelopeError::TranscriptMalformed { .. } => true,
        // A national XML met by bulk verification: as the XML phase decides.
        EnvelopeError::NationalXml(x) => x.is_unreadable(),
        EnvelopeError::UnsupportedKey
        | EnvelopeError::WeakKey { .. }
        | EnvelopeError::KeyAlgorithmMismatch
        | EnvelopeError::BadSignature
        | EnvelopeError::AttachRefused { .. }
        | EnvelopeError::SigningFailed
        | EnvelopeError::RoleOutOfOrder { .. }
        | EnvelopeError::ChainOrder { .. }
        | EnvelopeError::Refused(_) => false,
    }
}

/// Rendering: a PDF that is not one hocba wrote (or carries nothing to read) is unreadable; a
/// PDF whose pages or pupil do not match its signed records, and a record that cannot be
/// rendered, are invalid.
fn render_unreadable(e: &RenderError) -> bool {
    match e {
        RenderError::Malformed(_) | RenderError::NoSignedRecord | RenderError::TooLarge(_) => true,
        RenderError::Font
        | RenderError::Qr
        | RenderError::Write(_)
        | RenderError::NoYears
        | RenderError::SeveralSignedRecords(_)
        | RenderError::NotRenderedFromRecord
        | RenderError::PupilMismatch
        | RenderError::EnrolmentMismatch
        | RenderError::YearNotInForce(_) => false,
    }
}

/// Trust input: a certificate, root, PEM or CRL that cannot be parsed, or one over a size or
/// count bound, is unreadable; a chain that was read and refused is invalid.
fn trust_unreadable(e: &TrustError) -> bool {
    match e {
        TrustError::MalformedCertificate { .. }
        | TrustError::MalformedRoot
        | TrustError::MalformedPem
        | TrustError::MalformedCrl
        | TrustError::CertTooLarge { .. }
        | TrustError::ChainTooLong { .. }
        | TrustError::TooManyTrustInputs { .. } => true,
        TrustError::ChainEmpty
        | TrustError::SigningTimeInvalid { .. }
        | TrustError::SigningTimeInFuture { .. }
        | TrustError::Expired { .. }
        | TrustError::NotYetValid { .. }
        | TrustError::Revoked { .. }
        | TrustError::UnknownIssuer
        | TrustError::BadSignature
        | TrustError::IntermediateNotCa
        | TrustError::LeafIsCa
        | TrustError::ConstraintViolated
        | TrustError::UnsupportedAlgorithm
        | TrustError::UnsupportedKey
        | TrustError::CrlInvalid
        | TrustError::MissingDigitalSignature
        | TrustError::WeakRsaKey { .. }
        | TrustError::OrganisationCertForPerson { .. }
        | TrustError::PersonalCertForSeal
        | TrustError::SchoolMismatch
        | TrustError::PathTooComplex
        | TrustError::ChainInvalid { .. }
        | TrustError::RevokedAfterClaimedTime { .. }
        | TrustError::SignerIdMismatch { .. }
        | TrustError::SignerNameMismatch { .. }
        | TrustError::SignerNotIdentified { .. }
        | TrustError::CertificateReused { .. }
        | TrustError::SignerReused { .. } => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{YearRecord, from_json};

    fn record_json() -> serde_json::Value {
        serde_json::to_value(crate::synth::demo_transcript().years[0].clone()).unwrap_or_default()
    }

    fn json_error(v: &serde_json::Value) -> Error {
        from_json::<YearRecord>(&v.to_string()).expect_err("must be refused")
    }

    /// Everything a caller can see of an error: code, both messages, `Debug`.
    fn shown(e: &Error) -> String {
        format!(
            "{} | {} | {} | {e:?}",
            e.code(),
            e.message(Lang::En),
            e.message(Lang::Vi)
        )
    }

    /// An unknown key may be a pupil's data typed in the wrong place: it is never echoed, not
    /// even in the path, which then names the object that holds it (issue 14, item 8).
    #[test]
    fn an_unknown_json_key_is_not_echoed() {
        let mut r = record_json();
        r["pupil"]["049314355218"] = "x".into();
        let e = json_error(&r);
        assert!(!shown(&e).contains("049314355218"), "{}", shown(&e));
        let Error::Json(j) = &e else { panic!("{e:?}") };
        assert_eq!((j.reason, j.path.as_str()), ("unknown_field", "pupil"));
        assert!(e.message(Lang::En).contains("at pupil"), "{e}");
        let mut r = record_json();
        r["Nguyễn Văn An"] = 1.into();
        let e = json_error(&r);
        assert!(!shown(&e).contains("Nguyễn"), "{}", shown(&e));
        assert!(e.message(Lang::En).contains("the top level"), "{e}");
        let mut r = record_json();
        r["subjects"][1]["2016-05-04"] = 1.into();
        let e = json_error(&r);
        assert!(!shown(&e).contains("2016-05-04"), "{}", shown(&e));
        assert!(
            e.message(Lang::Vi).contains("tại subjects[1]"),
            "{}",
            shown(&e)
        );
    }

    /// English explains as Vietnamese does, names the missing field, and never just repeats
    /// the code (issue 14, item 2).
    #[test]
    fn json_messages_explain_in_both_languages() {
        let mut missing = record_json();
        missing.as_object_mut().map(|o| o.remove("school"));
        let e = json_error(&missing);
        assert_eq!(e.code(), "json_data");
        assert!(e.message(Lang::En).contains("`school` is missing"), "{e}");
        assert!(
            e.message(Lang::Vi)
                .contains("thiếu trường bắt buộc `school`"),
            "{}",
            e.message(Lang::Vi)
        );
        let mut decimal = record_json();
        decimal["subjects"][0]["score"] = serde_json::json!(8.5);
        let e = json_error(&decimal);
        assert!(e.message(Lang::En).contains("no decimal marks"), "{e}");
        assert!(e.message(Lang::En).contains("subjects[0].score"), "{e}");
        assert!(e.message(Lang::Vi).contains("dấu thập phân"), "{e}");
        let mut eleven = record_json();
        eleven["subjects"][0]["score"] = 11.into();
        let e = json_error(&eleven);
        assert_eq!(e.code(), "invalid_score");
        assert!(
            e.message(Lang::En)
                .contains("score must be an integer from 0 to 10"),
            "{e}"
        );
        let mut grade = record_json();
        grade["grade"] = 6.into();
        let e = json_error(&grade);
        assert!(e.message(Lang::En).contains("grade must be 1 to 5"), "{e}");
        let eof = from_json::<YearRecord>("{\"grade\": ").expect_err("eof");
        assert!(eof.message(Lang::En).contains("ends before"), "{eof}");
        for e in [
            json_error(&missing),
            json_error(&decimal),
            json_error(&eleven),
            eof,
        ] {
            for lang in [Lang::En, Lang::Vi] {
                let m = e.message(lang);
                for code in [
                    "(invalid_score)",
                    "(invalid_grade)",
                    "(eof)",
                    "(missing_field)",
                    "(invalid_type)",
                    "json_data",
                ] {
                    assert!(!m.contains(code), "{m}");
                }
            }
        }
    }

    /// The class is decided per kind, for every kind (ADR 0090): the grammar and the profile
    /// are unreadable, the model's shape and values invalid.
    #[test]
    fn error_classes_by_kind() {
        use crate::canonical::DecodeErrorKind as K;
        let unreadable = [
            K::Truncated,
            K::TrailingBytes,
            K::TooDeep,
            K::ForbiddenSimpleValue,
            K::Float,
            K::Malformed,
            K::NonShortestInteger,
        ];
        for k in unreadable {
            let e = Error::Decode(DecodeError::new(k, 0));
            assert_eq!(e.class(), ErrorClass::Unreadable, "{e}");
            assert_eq!(e.class().exit_code(), 2);
        }
        for k in [
            K::MissingField,
            K::WrongType,
            K::UnknownField,
            K::InvalidValue(None),
        ] {
            let e = Error::Decode(DecodeError::new(k, 0));
            assert_eq!(e.class(), ErrorClass::Invalid, "{e}");
        }
        for e in [
            EnvelopeError::NotCoseSign,
            EnvelopeError::UnrecognisedInput,
            EnvelopeError::Malformed { at: "x" },
            EnvelopeError::NotDeterministic { at: "x" },
            EnvelopeError::BodyHeader,
            EnvelopeError::TranscriptMalformed { at: "x" },
        ] {
            assert_eq!(Error::from(e).class(), ErrorClass::Unreadable);
        }
        assert_eq!(
            Error::from(EnvelopeError::BadSignature).class(),
            ErrorClass::Invalid
        );
        assert_eq!(
            Error::from(RenderError::Malformed("x")).class(),
            ErrorClass::Unreadable
        );
        assert_eq!(
            Error::from(ModelError::InvalidScore).class(),
            ErrorClass::Invalid
        );
    }
}

#[cfg(test)]
mod kind_tests {
    use super::*;

    /// One kind per error, and the path where the core knows it: a payload error inside an
    /// envelope has its path and the decoding kind, like the same bytes unsigned.
    #[test]
    fn kind_and_path_are_decided_here() {
        let e = crate::canonical::decode_year_record(&[0xa0]).expect_err("empty map");
        let bare = Error::from(e.clone());
        let signed = Error::from(EnvelopeError::Payload(e));
        assert_eq!(bare.kind(), ErrorKind::Decode);
        assert_eq!(signed.kind(), ErrorKind::Decode);
        assert_eq!(bare.path(), signed.path());
        assert_eq!(
            Error::from(ModelError::InvalidGrade).kind(),
            ErrorKind::Model
        );
        assert_eq!(
            Error::from(EnvelopeError::BadSignature).kind(),
            ErrorKind::Signature
        );
        assert_eq!(Error::from(EnvelopeError::BadSignature).path(), None);
        let mut r = serde_json::to_value(crate::synth::year_record(1)).unwrap_or_default();
        r["subjects"][1]["score"] = 12.into();
        let j = crate::model::from_json::<crate::model::YearRecord>(&r.to_string())
            .expect_err("score 12");
        assert_eq!(
            (j.kind(), j.path()),
            (ErrorKind::Decode, Some("subjects[1].score"))
        );
    }
}
