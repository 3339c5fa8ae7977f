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
        check_repertoire(&normalised)?;
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
        check_repertoire(s)?;
        Ok(Self(s.to_owned()))
    }

    /// Accepts `s`, which the caller has already checked is NFC (the strict CBOR decoder,
    /// whose profile check ran over every text string of the input): only the length is
    /// checked here, so the NFC scan is not run twice.
    pub(crate) fn from_checked_nfc(s: &str) -> Result<Self, ModelError> {
        if s.len() > MAX_TEXT_BYTES {
            return Err(ModelError::TextTooLong);
        }
        check_repertoire(s)?;
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

/// Whether `c` belongs to the text a học bạ may hold (ADR 0094): what Vietnamese schools write —
/// the Vietnamese alphabet, Latin letters (names of other languages, foreign words), digits,
/// space, line break, common punctuation and the combining marks NFC leaves on a letter with no
/// precomposed form — and every character of it the renderer's font
/// (Noto Serif) draws, so that a record that validates and signs can always be rendered as
/// PDF/A. Refused: tab and every other control character, DEL, emoji, CJK, Arabic and other
/// scripts, private-use and unassigned code points.
pub fn is_allowed_char(c: char) -> bool {
    matches!(c,
        '\n'
        | ' '..='~'                  // ASCII letters, digits, punctuation
        | '\u{A0}'..='\u{FF}'        // Latin-1: no-break space, « » ° · ×, À–ÿ
        | '\u{100}'..='\u{17F}'      // Latin Extended-A: Đ đ, Ĩ ĩ, Ũ ũ, …
        | '\u{180}'..='\u{24F}'      // Latin Extended-B: Ơ ơ, Ư ư, …
        | '\u{300}'..='\u{36F}'      // combining marks NFC leaves on letters without a precomposed form
        | '\u{1E00}'..='\u{1EFF}'    // Latin Extended Additional: ạ ả ấ … ỹ (Vietnamese)
        | '\u{2010}'..='\u{2027}'    // dashes, quotes ‘ ’ “ ”, bullet, ellipsis
        | '\u{2030}'..='\u{203A}'    // ‰ ′ ″ ‹ ›
        | '\u{20AB}'                 // ₫
        | '\u{2116}'                 // №
    )
}

/// Refuses text with a character outside [`is_allowed_char`].
fn check_repertoire(s: &str) -> Result<(), ModelError> {
    if s.chars().all(is_allowed_char) {
        Ok(())
    } else {
        Err(ModelError::CharacterNotAllowed)
    }
}

/// True when `s` is in Unicode Normalization Form C.
pub fn is_nfc(s: &str) -> bool {
    // Fast path: a string made only of characters that are starters (canonical combining
    // class 0) with NFC_Quick_Check = Yes is NFC. Below U+0300 and in Latin Extended
    // Additional (U+1E00–U+1EFF, the precomposed Vietnamese letters) every character is such
    // a starter (checked exhaustively by a test), so Vietnamese text needs no table lookups.
    if is_trivially_nfc(s) {
        return true;
    }
    match is_nfc_quick(s.chars()) {
        IsNormalized::Yes => true,
        IsNormalized::No => false,
        IsNormalized::Maybe => s.chars().eq(s.nfc()),
    }
}

/// Whether every character of `s` is one for which [`is_nfc`] needs no Unicode tables
/// (below U+0300 or in U+1E00–U+1EFF), judged on the UTF-8 bytes. `s` is valid UTF-8, so a
/// byte from CC up is the lead of a character from U+0300 up (continuation bytes are 80–BF and
/// leads C2–CB begin U+0080–U+02FF), and the only such characters allowed are U+1E00–U+1EFF,
/// led by E1 then B8–BB. Each byte is judged with its successor, without branching, so the
/// compiler vectorises the loop: verification meets a few hundred strings per record. A test
/// checks it against the `char` definition for every character.
#[allow(clippy::manual_range_contains)]
fn is_trivially_nfc(s: &str) -> bool {
    let b = s.as_bytes();
    // The last byte is ASCII or a continuation byte (a lead needs one after it): below CC.
    let next = b.get(1..).unwrap_or_default();
    // `&` and `|` rather than `&&`, `||` and `contains`: no short-circuit, no branch.
    b.iter().zip(next).fold(true, |ok, (&c, &n)| {
        ok & ((c < 0xcc) | ((c == 0xe1) & (n >= 0xb8) & (n <= 0xbb)))
    })
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

#[cfg(test)]
mod fast_path_tests {
    use super::*;

    /// The characters [`is_trivially_nfc`] accepts, by definition.
    fn is_trivial_nfc_starter(c: char) -> bool {
        c < '\u{300}' || ('\u{1E00}'..='\u{1EFF}').contains(&c)
    }

    /// The fast path's ranges hold only starters with NFC_Quick_Check = Yes.
    #[test]
    fn fast_path_characters_are_nfc_starters() {
        let ranges = [0u32..0x300, 0x1E00..0x1F00];
        for c in ranges.into_iter().flatten().filter_map(char::from_u32) {
            assert!(is_trivial_nfc_starter(c));
            assert_eq!(
                is_nfc_quick(std::iter::once(c)),
                IsNormalized::Yes,
                "U+{:04X}",
                c as u32
            );
            assert_eq!(
                unicode_normalization::char::canonical_combining_class(c),
                0,
                "U+{:04X}",
                c as u32
            );
        }
        assert!(!is_trivial_nfc_starter('\u{301}'));
    }

    /// The byte-level fast path accepts exactly the strings of fast-path characters: every
    /// character alone, and next to ASCII and a Vietnamese letter.
    #[test]
    fn byte_fast_path_matches_char_definition() {
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            let alone = c.to_string();
            assert_eq!(
                is_trivially_nfc(&alone),
                is_trivial_nfc_starter(c),
                "U+{:04X}",
                c as u32
            );
            let mixed = format!("a{c}ệ{c}");
            assert_eq!(
                is_trivially_nfc(&mixed),
                mixed.chars().all(is_trivial_nfc_starter),
                "U+{:04X}",
                c as u32
            );
        }
        assert!(is_trivially_nfc(""));
    }

    #[test]
    fn fast_and_slow_paths_agree() {
        for s in [
            "Nguyễn Thị Ánh",
            "Nguye\u{302}\u{303}n",
            "ê\u{301}",
            "Ω",
            "\u{212B}",
            "Trường Tiểu học",
        ] {
            let slow = match is_nfc_quick(s.chars()) {
                IsNormalized::Yes => true,
                IsNormalized::No => false,
                IsNormalized::Maybe => s.chars().eq(s.nfc()),
            };
            assert_eq!(is_nfc(s), slow, "{s:?}");
        }
    }
}
