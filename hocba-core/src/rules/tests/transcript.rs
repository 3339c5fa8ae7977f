//! Cross-year rules of a transcript.
