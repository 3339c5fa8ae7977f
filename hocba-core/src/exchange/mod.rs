//! Exchange with the receiving portal (Cổng tiếp nhận học bạ số) and the Ministry's store: the
//! packing of `content`, the `DANH_SACH_HOC_BA` lists and the JSON messages of the six
//! transactions of CV 2088/BGDĐT-GDTH §2 (`docs/spec/exchange.md`). Shared by the school side
//! (`hocba submit`) and the portal (`hocba-server`). Pure functions, no I/O.
//!
//! ```
//! use hocba_core::exchange::{PackLimits, QuoteEscape, pack, unpack};
//!
//! let list = r#"<DANH_SACH_HOC_BA><HOC_BA a="1"/></DANH_SACH_HOC_BA>"#;
//! let content = pack(list, QuoteEscape::Backslash)?;
//! assert_eq!(unpack(&content, &PackLimits::default())?, list);
//! assert_eq!(unpack("@@", &PackLimits::default()).unwrap_err().code(), "bad_base64");
//! # Ok::<(), hocba_core::exchange::ExchangeError>(())
//! ```

mod client;
mod error;
mod messages;
mod pack;
mod records;

pub use client::{
    Account, TransactionSigner, message_id, recall_request, status_request, submit_request,
};
pub use error::ExchangeError;
pub use messages::{
    AuthenticationRequest, CERTIFICATE_APPROVED, CERTIFICATE_NOT_APPROVED, CertificateRegistration,
    CertificateStatus, RECALL_ACCEPTED, RECALL_PENDING, RECALL_REFUSED, RECORD_ACCEPTED,
    RECORD_REJECTED, RecallStatus, RecordStatus, Request, Response, SIGNING_KINDS,
    TransactionSignature, TransactionType, is_password_wire, password_wire, signing_input,
};
pub use pack::{
    MAX_CONTENT_BYTES, MAX_UNPACKED_BYTES, PackLimits, QuoteEscape, escape_quotes, pack,
    unescape_quotes, unpack,
};
pub use records::{
    LIST_ROOT, MAX_RECORDS_PER_LIST, RECORD_ELEMENT, RecallEntry, XML_DECLARATION, join_records,
    recall_entry_from_record, recall_list_from_xml, recall_list_to_xml, record_document,
    split_records,
};

#[cfg(test)]
mod tests;
