//! # hocba-core
//!
//! The core of **hocba**, Việt Nam's digital primary-school transcript (Học bạ số cấp Tiểu
//! học) under Thông tư 27/2020/TT-BGDĐT: the model, the TT27 rules, the canonical
//! hocba-CBOR encoding, COSE signatures, X.509 trust and the PDF rendering.
//!
//! No I/O, no clock, no global state: everything is an argument.
//!
//! ## Quickstart
//!
//! ```
//! use hocba_core::model::{Subject, to_json_pretty, year_record_from_json};
//! use hocba_core::synth;
//!
//! // A realistic synthetic pupil (grades 1–5), deterministic.
//! let transcript = synth::demo_transcript();
//! let grade4 = &transcript.years[3];
//! assert!(grade4.subject(Subject::KhoaHoc).is_some()); // Khoa học is taught from grade 4
//!
//! // JSON is the vendor form: text is NFC-normalised on the way in, errors name the field path.
//! let back = year_record_from_json(&to_json_pretty(grade4))?;
//! assert_eq!(&back, grade4);
//! # Ok::<(), hocba_core::Error>(())
//! ```
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod bulk;
pub mod canonical;
mod document;
pub mod envelope;
mod error;
pub mod exchange;
pub mod input;
pub mod model;
pub mod moet;
pub mod pades;
mod pdfsyntax;
pub mod trust;
pub mod xmldsig;

pub use document::{Document, Encoding, InputKind};
pub use error::{Error, ErrorClass, ErrorKind, Lang};
pub use input::{InputError, MAX_INPUT_BYTES};
pub mod render;
pub mod rules;
pub mod synth;
// Also in this crate's own unit tests (its OpenSSL TSA helper); never in what ships (ADR 0095).
#[cfg(any(test, feature = "test-pki"))]
pub mod testpki;
pub mod timestamp;
pub mod xml;
pub use trust::{
    CertificateInfo, SignerRole, TrustError, TrustPolicy, TrustStore, UnixTime, chain_fingerprint,
};

/// The README's Rust examples are compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
struct ReadmeDoctests;
