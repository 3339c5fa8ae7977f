//! XML Signature (XML-DSig) on the national học bạ số XML (CV 2088/BGDĐT-GDTH §1.6): one
//! `ds:Signature` in each of the slots `GVCN`, `CBQL`, `KY_PHAT_HANH` of
//! `DANH_SACH_THONG_TIN_KY`, outside the `DU_LIEU_HOC_BA` it covers.
//!
//! The profile is specified in `docs/spec/xml-signature.md`; the decisions are ADR 0080
//! (canonicalization), ADR 0081 (the profile and chained references) and ADR 0082
//! (hardened verification).
//!
//! - Signing externally: [`prepare`] → [`Prepared`] (the canonical `SignedInfo` bytes and
//!   their digest) → the token or remote-signing service → [`attach`] → signed XML bytes.
//! - Signing in-process: [`sign`] with an [`envelope::SigningKey`](crate::envelope::SigningKey).
//! - Time-stamping a signature (RFC 3161, ADR 0160): [`timestamp_request`] → the TSA →
//!   [`attach_timestamp`]; verification then judges that signer's chain at the token's time.
//! - Verifying: bytes → [`UnverifiedXml::from_bytes`] → [`UnverifiedXml::verify`] →
//!   [`XmlVerification`]: the shared [`VerificationReport`](crate::envelope::VerificationReport)
//!   and, when valid, a [`Verified<SignedXml>`](crate::envelope::Verified).
//! - Verifying as a year record (bindings, bulk): [`verify_year_record`], the same outcome in
//!   every front end.
//!
//! ```
//! use hocba_core::xmldsig::{self, C14nMethod};
//! let xml = "<HOC_BA><DU_LIEU_HOC_BA Id=\"data\"><A>Trường</A></DU_LIEU_HOC_BA><DANH_SACH_THONG_TIN_KY/></HOC_BA>";
//! // Unsigned: nothing to verify yet, but the data digest is what every signer will cover.
//! let digest = xmldsig::data_digest(xml.as_bytes())?;
//! assert_eq!(digest.to_hex().len(), 64);
//! assert_eq!(C14nMethod::Exclusive.uri(), "http://www.w3.org/2001/10/xml-exc-c14n#");
//! # Ok::<(), hocba_core::xmldsig::XmlSigError>(())
//! ```

mod c14n;
mod error;
mod layout;
mod profile;
mod read;
pub(crate) mod record;
mod sign;
mod timestamp;
mod verify;
mod years;

#[cfg(test)]
mod attacks;
#[cfg(test)]
mod signflow_tests;
#[cfg(test)]
pub(crate) mod tests;
#[cfg(test)]
mod timestamp_tests;
#[cfg(test)]
mod years_tests;

pub use c14n::{AsWritten, C14nMethod, Hashing, Sink, as_written, canonicalize, canonicalize_tree};
pub use error::{AttachCause, ChainFault, XmlSigError};
pub(crate) use error::{BYTES_TO_SIGN_GIVEN, what_vi};
pub use layout::{MAX_DEPTH, MAX_XML_BYTES};
pub use profile::{
    DATA_ID, DS_NS, DigestAlg, RequiredRoles, SIGNATURE_METHODS, signature_method_uri, slot_name,
    slot_role,
};
pub(crate) use read::{ChainOrderError, chain_order};
pub use read::{MAX_CERTS, XADES_NS};
pub use record::{
    content_findings, verify_signed_year_record, verify_year_record, verify_year_record_with,
};
pub use sign::{
    Prepared, attach, attach_with, format_signing_time, prepare, prepare_with, properties_id, sign,
    sign_with, signature_id,
};
pub use timestamp::{attach_timestamp, timestamp_request};
pub use verify::{SignedXml, UnverifiedXml, XmlVerification, data_digest, verify};
pub use years::{RecordError, UnverifiedXmlYears};
