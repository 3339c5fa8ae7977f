//! XML Signature (XML-DSig) on the national học bạ số XML (CV 2088/BGDĐT-GDTH §1.6).
//!
//! This step holds the canonicalization (ADR 0080); the signature profile follows.

mod c14n;

#[cfg(test)]
mod tests;

pub use c14n::{C14nMethod, Hashing, Sink, canonicalize};
