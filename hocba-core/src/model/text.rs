//! NFC-normalised text, the only string type in the model.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize};
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

use super::ModelError;

/// Longest text field accepted anywhere in the model, in bytes of UTF-8.
///
/// A comment ("Nhận xét") is the longest thing a teacher writes; two thousand
/// bytes is several paragraphs of Vietnamese and bounds what a hostile input can make us hold.
pub const MAX_TEXT_BYTES: usize = 2000;

/// Unicode NFC text of at most [`MAX_TEXT_BYTES`] bytes.
///
/// Every string in the model is a `Text`. Construction normalises to NFC, so
/// "Nguyễn" typed as decomposed marks (NFD) and as precomposed letters (NFC) become
/// the same value and the same signed bytes. Leading and trailing whitespace is kept
/// exactly as given: what a teacher wrote is what gets signed.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Default)]
#[serde(transparent)]
pub struct Text(String);

impl Text {
    /// Normalises `s` to NFC and checks its length.
    pub fn new(s: impl AsRef<str>) -> Result<Self, ModelError> {
        let s = s.as_ref();
        let normalised: String = match is_nfc_quick(s.chars()) {
            IsNormalized::Yes => s.to_owned(),
            _ => s.nfc().collect(),
        };
        if normalised.len() > MAX_TEXT_BYTES {
            return Err(ModelError::TextTooLong);
        }
        Ok(Self(normalised))
    }

    /// Accepts `s` only if it already is NFC (the strict decoder's path: signed bytes
    /// must not be silently changed).
    pub fn from_nfc(s: &str) -> Result<Self, ModelError> {
        if !is_nfc(s) {
            return Err(ModelError::NotNfc);
        }
        if s.len() > MAX_TEXT_BYTES {
            return Err(ModelError::TextTooLong);
        }
        Ok(Self(s.to_owned()))
    }

    /// Accepts `s`, which the caller has already checked is NFC (the strict CBOR decoder,
    /// whose profile check ran over every text string of the input): only the length is
    /// checked here, so the NFC scan is not run twice.
    pub(crate) fn from_checked_nfc(s: &str) -> Result<Self, ModelError> {
        if s.len() > MAX_TEXT_BYTES {
            return Err(ModelError::TextTooLong);
        }
        Ok(Self(s.to_owned()))
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// True when the text is empty or only whitespace.
    pub fn is_blank(&self) -> bool {
        self.0.trim().is_empty()
    }
}

/// True when `s` is in Unicode Normalization Form C.
pub fn is_nfc(s: &str) -> bool {
    match is_nfc_quick(s.chars()) {
        IsNormalized::Yes => true,
        IsNormalized::No => false,
        IsNormalized::Maybe => s.chars().eq(s.nfc()),
    }
}

impl AsRef<str> for Text {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// `Debug` shows the length only: a `Text` may be a pupil's name, and `{:?}` ends up in logs.
impl fmt::Debug for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Text({} bytes)", self.0.len())
    }
}

impl TryFrom<&str> for Text {
    type Error = ModelError;
    fn try_from(s: &str) -> Result<Self, ModelError> {
        Self::new(s)
    }
}

impl TryFrom<String> for Text {
    type Error = ModelError;
    fn try_from(s: String) -> Result<Self, ModelError> {
        Self::new(s)
    }
}

impl From<Text> for String {
    fn from(t: Text) -> String {
        t.0
    }
}

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        Text::new(s.as_ref()).map_err(serde::de::Error::custom)
    }
}
