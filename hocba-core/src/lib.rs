//! # hocba-core
//!
//! The core of **hocba**, Việt Nam's digital primary-school transcript (Học bạ số cấp Tiểu
//! học) under Thông tư 27/2020/TT-BGDĐT: the model, the TT27 rules, the canonical
//! hocba-CBOR encoding, COSE signatures, X.509 trust and the PDF rendering.
//!
//! No I/O, no clock, no global state: everything is an argument.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod error;
pub mod model;

pub use error::{Error, Lang};
pub mod rules;
pub mod synth;
