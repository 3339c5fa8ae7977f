//! Errors of the XML-signature phase: reading a national XML strictly, the signature
//! profile (`docs/spec/xml-signature.md`), preparing and attaching a signature.
//!
//! `Display` (English) and [`XmlSigError::message_vi`] never contain record data.

pub use crate::envelope::AttachCause;

/// Why a national XML could not be read under the signature profile, or a signing step was
/// refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum XmlSigError {
    /// Refused by the strict XML front ([`crate::xml::parse`]): not well-formed, not UTF-8, a
    /// DOCTYPE or entity, a comment or processing instruction (the C14N methods drop comments,
    /// so a comment could change what a reader sees without breaking a digest), CDATA, or beyond
    /// the bounds. The code is the front's (`xml_*`).
    #[error(transparent)]
    Xml(#[from] crate::xml::XmlError),
    /// The root is not one `HOC_BA`, or its children are not `DU_LIEU_HOC_BA` then
    /// `DANH_SACH_THONG_TIN_KY`.
    #[error("document structure: {what}")]
    Structure {
        /// What is wrong.
        what: &'static str,
    },
    /// A second `DU_LIEU_HOC_BA` anywhere in the document.
    #[error("more than one DU_LIEU_HOC_BA")]
    SecondData,
    /// Two elements carry the same `Id` (or `ID`, `id`) value.
    #[error("duplicate Id value")]
    DuplicateId,
    /// An `xml:id` attribute (W3C xml:id), which the profile never uses and libxml2 (xmlsec1)
    /// resolves same-document references to, like `Id`.
    #[error("an xml:id attribute, which the profile does not use")]
    XmlId,
    /// A `ds:Signature` outside the three signature slots (inside the data, inside another
    /// signature, elsewhere).
    #[error("ds:Signature outside a signature slot")]
    SignatureMisplaced,
    /// A signature slot (`GVCN`, `CBQL`, `KY_PHAT_HANH`) out of order, duplicated, or with
    /// content other than `NGAY_KY`, `SO_CCCD` and one `ds:Signature`.
    #[error("signature slot: {what}")]
    Slot {
        /// What is wrong.
        what: &'static str,
    },
    /// A `ds:Signature` that breaks the profile's element structure.
    #[error("signature structure: {what}")]
    SignatureStructure {
        /// What is wrong.
        what: &'static str,
    },
    /// A `Reference` that does not point to the element at its required position, or a
    /// missing, extra or duplicated reference.
    #[error("reference: {what}")]
    Reference {
        /// What is wrong.
        what: &'static str,
    },
    /// The signing time is missing, not covered by a reference, not a date-time of the
    /// profile, or differs from the slot's `NGAY_KY`.
    #[error("signing time: {what}")]
    SigningTime {
        /// What is wrong.
        what: &'static str,
    },
    /// A `SignatureMethod` outside the profile (SHA-1, HMAC, MD5, …).
    #[error("signature method not allowed: {uri}")]
    SignatureMethod {
        /// The algorithm URI.
        uri: String,
    },
    /// A `DigestMethod` outside the profile (SHA-1, MD5, …).
    #[error("digest method not allowed: {uri}")]
    DigestMethod {
        /// The algorithm URI.
        uri: String,
    },
    /// A `CanonicalizationMethod` or `Transform` outside the profile (XPath, XSLT, Base64,
    /// comments kept, C14N 1.1, `InclusiveNamespaces`).
    #[error("transform not allowed: {uri}")]
    Transform {
        /// The algorithm URI.
        uri: String,
    },
    /// `KeyInfo` with something other than `X509Data` (`RetrievalMethod`, `KeyName`, …) or
    /// without a certificate.
    #[error("KeyInfo: {what}")]
    KeyInfo {
        /// What is wrong.
        what: &'static str,
    },
    /// The certificates (in `X509Data`, or the chain given to sign with) are not one chain,
    /// leaf first: the signer's certificate after a CA's, a certificate that is not the issuer
    /// of the one before it, or one given twice. Verification and `prepare` run the same check.
    #[error("the certificates are not one chain, leaf first: {}", fault.hint_en())]
    ChainOrder {
        /// What is out of order.
        fault: ChainFault,
    },
    /// A base64 value that is not base64, or longer than its bound.
    #[error("base64 value: {what}")]
    Base64 {
        /// Which value.
        what: &'static str,
    },
    /// The `SignatureValue` length does not fit the key (truncated or padded).
    #[error("signature length does not fit the key")]
    SignatureLength,
    /// A referenced element's digest differs from its `DigestValue`.
    #[error("digest of a referenced element does not match")]
    DigestMismatch,
    /// A national XML that carries no signature at all: nothing to verify (like a COSE_Sign
    /// without signatures, `not_signed`).
    #[error("the national XML carries no signature")]
    NotSigned,
    /// The role cannot sign now (its slot is filled, or a later role has signed).
    #[error("role {role} cannot sign now")]
    RoleOutOfOrder {
        /// The slot name.
        role: &'static str,
    },
    /// At `prepare`, the algorithm asked for does not fit the certificate's key (ES256 for a
    /// P-384 key): the same code as the COSE path's.
    #[error(
        "the algorithm {alg} does not fit the certificate's key ({key}): {}",
        fits_en(fits)
    )]
    AlgorithmNotTheKeys {
        /// The algorithm asked for.
        alg: &'static str,
        /// The certificate's key, in words (`ECDSA P-384`, `RSA`, `Ed25519`).
        key: &'static str,
        /// The profile's algorithms that fit the key (none for Ed25519).
        fits: &'static [&'static str],
    },
    /// A signing input is missing or unusable.
    #[error("cannot prepare the signature: {what}")]
    Prepare {
        /// What is missing.
        what: &'static str,
    },
    /// A pending-signature file that is not one hocba wrote, or no longer matches.
    #[error("malformed pending signature ({what})")]
    PendingMalformed {
        /// What is wrong.
        what: &'static str,
    },
    /// `attach` refused a signature that does not verify, naming the likely cause.
    #[error("signature refused: {}", cause.hint_en())]
    AttachRefused {
        /// The likely cause.
        cause: AttachCause,
    },
    /// A check before signing refused (ADR 0142); the code is verification's or
    /// `record_has_errors`.
    #[error(transparent)]
    Refused(crate::envelope::SignRefusal),
}

fn fits_en(fits: &[&str]) -> String {
    if fits.is_empty() {
        "no algorithm of the profile (RS256, PS256, ES256, ES384) fits it: sign with another certificate".into()
    } else {
        format!("prepare with {}", fits.join(" or "))
    }
}

fn fits_vi(fits: &[&str]) -> String {
    if fits.is_empty() {
        "không thuật toán nào của hồ sơ đặc tả (RS256, PS256, ES256, ES384) hợp với khóa này: hãy ký bằng chứng thư số khác".into()
    } else {
        format!("hãy chuẩn bị với {}", fits.join(" hoặc "))
    }
}

/// Why a list of certificates is not one chain, leaf first ([`XmlSigError::ChainOrder`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ChainFault {
    /// The first certificate is a CA's and the signer's (an end-entity certificate) comes
    /// later: a chain given root side first, as many CA portals export it.
    LeafNotFirst,
    /// A certificate is not the issuer of the one before it (leaf, root, intermediate; or an
    /// unrelated certificate).
    NotIssuer,
    /// A certificate is given twice.
    Repeated,
}

impl ChainFault {
    /// The hint in English.
    pub const fn hint_en(self) -> &'static str {
        match self {
            ChainFault::LeafNotFirst => {
                "the first certificate is a CA's and the signer's comes later; give the signer's certificate first, then its issuer, and so on"
            }
            ChainFault::NotIssuer => {
                "a certificate is not the issuer of the one before it; order the chain: the signer's certificate, its issuer, and so on up to the root (which may be left out), without unrelated certificates"
            }
            ChainFault::Repeated => "a certificate is given twice; give each once",
        }
    }

    /// The hint in Vietnamese.
    pub const fn hint_vi(self) -> &'static str {
        match self {
            ChainFault::LeafNotFirst => {
                "chứng thư số đầu tiên là của tổ chức cấp (CA), chứng thư số của người ký nằm sau; hãy đặt chứng thư số của người ký trước, rồi đến chứng thư số cấp cho nó, và cứ thế tiếp"
            }
            ChainFault::NotIssuer => {
                "có chứng thư số không phải là chứng thư số cấp cho chứng thư số đứng trước nó; hãy sắp xếp chuỗi: chứng thư số của người ký, chứng thư số cấp cho nó, và cứ thế đến chứng thư số gốc (có thể bỏ), không kèm chứng thư số không liên quan"
            }
            ChainFault::Repeated => {
                "có chứng thư số xuất hiện hai lần; mỗi chứng thư số chỉ đưa một lần"
            }
        }
    }
}

impl XmlSigError {
    /// Stable snake_case machine code (`docs/spec/xml-signature.md` lists them all).
    pub fn code(&self) -> &'static str {
        match self {
            XmlSigError::Xml(e) => e.code(),
            XmlSigError::Structure { .. } => "xml_structure",
            XmlSigError::SecondData => "xml_second_data",
            XmlSigError::DuplicateId => "xml_duplicate_id",
            XmlSigError::XmlId => "xml_id_attribute",
            XmlSigError::SignatureMisplaced => "xmldsig_signature_misplaced",
            XmlSigError::Slot { .. } => "xmldsig_slot",
            XmlSigError::SignatureStructure { .. } => "xmldsig_structure",
            XmlSigError::Reference { .. } => "xmldsig_reference",
            XmlSigError::SigningTime { .. } => "xmldsig_signing_time",
            XmlSigError::SignatureMethod { .. } => "xmldsig_signature_method",
            XmlSigError::DigestMethod { .. } => "xmldsig_digest_method",
            XmlSigError::Transform { .. } => "xmldsig_transform",
            XmlSigError::KeyInfo { .. } => "xmldsig_key_info",
            XmlSigError::ChainOrder { .. } => "xmldsig_chain_order",
            XmlSigError::Base64 { .. } => "xmldsig_base64",
            XmlSigError::SignatureLength => "xmldsig_signature_length",
            XmlSigError::DigestMismatch => "xmldsig_digest_mismatch",
            XmlSigError::NotSigned => "xmldsig_not_signed",
            XmlSigError::RoleOutOfOrder { .. } => "role_out_of_order",
            XmlSigError::AlgorithmNotTheKeys { .. } => "key_algorithm_mismatch",
            XmlSigError::Prepare { .. } => "xmldsig_prepare",
            XmlSigError::PendingMalformed { .. } => "xmldsig_pending_malformed",
            XmlSigError::AttachRefused { cause } => cause.code(),
            XmlSigError::Refused(r) => r.code(),
        }
    }

    /// True when the input could not be read as XML at all (the CLI's exit code 2), as
    /// opposed to XML that was read and breaks the profile; and an XML with no signature,
    /// where no signature was judged (as a COSE_Sign without one, ADR 0090).
    pub fn is_unreadable(&self) -> bool {
        match self {
            XmlSigError::Xml(e) => e.kind.is_unreadable(),
            XmlSigError::NotSigned => true,
            _ => false,
        }
    }

    /// The message in Vietnamese.
    pub fn message_vi(&self) -> String {
        match self {
            XmlSigError::Xml(e) => e.message_vi(),
            XmlSigError::Structure { what } => format!("cấu trúc tài liệu sai: {what}"),
            XmlSigError::SecondData => "có nhiều hơn một DU_LIEU_HOC_BA".into(),
            XmlSigError::DuplicateId => "giá trị Id bị trùng".into(),
            XmlSigError::XmlId => {
                "có thuộc tính xml:id, hồ sơ đặc tả không dùng thuộc tính này".into()
            }
            XmlSigError::SignatureMisplaced => "ds:Signature nằm ngoài các vị trí chữ ký".into(),
            XmlSigError::Slot { what } => format!("vị trí chữ ký sai: {what}"),
            XmlSigError::SignatureStructure { what } => {
                format!("cấu trúc chữ ký sai: {what}")
            }
            XmlSigError::Reference { what } => format!("tham chiếu (Reference) sai: {what}"),
            XmlSigError::SigningTime { what } => format!("thời điểm ký sai: {what}"),
            XmlSigError::SignatureMethod { uri } => {
                format!("thuật toán chữ ký không được chấp nhận: {uri}")
            }
            XmlSigError::DigestMethod { uri } => {
                format!("thuật toán băm không được chấp nhận: {uri}")
            }
            XmlSigError::Transform { uri } => {
                format!("phép biến đổi không được chấp nhận: {uri}")
            }
            XmlSigError::KeyInfo { what } => format!("KeyInfo sai: {what}"),
            XmlSigError::ChainOrder { fault } => format!(
                "các chứng thư số không tạo thành một chuỗi bắt đầu từ chứng thư số của người ký: {}",
                fault.hint_vi()
            ),
            XmlSigError::Base64 { what } => format!("giá trị base64 sai: {what}"),
            XmlSigError::SignatureLength => "độ dài chữ ký không khớp với khoá".into(),
            XmlSigError::DigestMismatch => {
                "giá trị băm của phần được ký không khớp (dữ liệu đã bị thay đổi)".into()
            }
            XmlSigError::NotSigned => "tệp XML học bạ số chưa có chữ ký số nào (chưa ký)".into(),
            XmlSigError::RoleOutOfOrder { role } => format!("vai trò {role} chưa thể ký lúc này"),
            XmlSigError::AlgorithmNotTheKeys { alg, key, fits } => format!(
                "thuật toán {alg} không hợp với khóa của chứng thư số ({key}): {}",
                fits_vi(fits)
            ),
            XmlSigError::Prepare { what } => {
                format!("không chuẩn bị được chữ ký: {}", what_vi(what))
            }
            XmlSigError::PendingMalformed { what } => {
                format!("tệp chữ ký đang chờ sai cấu trúc ({})", what_vi(what))
            }
            XmlSigError::AttachRefused { cause } => {
                format!("chữ ký bị từ chối: {}", cause.hint_vi())
            }
            XmlSigError::Refused(r) => r.message_vi(),
        }
    }
}

/// The Vietnamese of a [`XmlSigError::Prepare`] or [`XmlSigError::PendingMalformed`] detail:
/// one row per English detail written in `sign.rs` and `timestamp.rs`, so that a Vietnamese
/// message carries no English. A detail that is a field name of the pending file (`alg`,
/// `chain`, `xml`…) is the same in both languages.
pub(crate) fn what_vi(what: &str) -> &str {
    match what {
        KEY_NOT_THE_CERTIFICATES => {
            "khóa ký không phải khóa của chứng thư số (có thể là khóa của một chứng thư số \
             khác), hoặc thuật toán không hợp với khóa của chứng thư số"
        }
        SIGNED_INFO_CHANGED => {
            "SignedInfo khác với SignedInfo đã chuẩn bị: tệp chờ ký hoặc hồ sơ trong đó đã bị \
             sửa sau khi chuẩn bị"
        }
        PENDING_DOCUMENT_CHANGED => {
            "tài liệu đã chuẩn bị khác với tài liệu trong tệp chờ ký: tệp đã bị sửa sau khi \
             chuẩn bị (ví dụ chuỗi chứng thư số đã bị thay); hãy chuẩn bị lại"
        }
        PENDING_FORMAT_OLD => {
            "tệp chờ ký của một phiên bản hocba trước (hocba-xmldsig-pending/1, không bảo vệ \
             chuỗi chứng thư số): hãy chuẩn bị lại rồi ký"
        }
        BYTES_TO_SIGN_GIVEN => "đây là dữ liệu cần ký (.tbs.bin); hãy đưa tệp .tbs",
        LATER_SIGNATURE_COVERS => {
            "một chữ ký sau đã bao trùm chữ ký này: hãy gắn dấu thời gian cho một chữ ký trước \
             khi vai tiếp theo ký"
        }
        "no SO_CCCD: neither in the record nor in the certificate" => {
            "không có SO_CCCD: không có trong hồ sơ, cũng không có trong chứng thư số"
        }
        "no certificate" => "không có chứng thư số",
        "not JSON" => "không phải JSON",
        "signing time out of range" => "thời điểm ký nằm ngoài phạm vi cho phép",
        "the algorithm has no XML-DSig identifier in the profile (RS256, PS256, ES256, ES384)" => {
            "thuật toán không có định danh XML-DSig trong hồ sơ đặc tả (RS256, PS256, ES256, ES384)"
        }
        "the in-process key failed to sign" => "khóa ký trong chương trình không ký được",
        "the new slot was not found" => "không tìm thấy vị trí của chữ ký mới",
        "the role has not signed" => "vai này chưa ký",
        "the signature has no Id for QualifyingProperties/@Target" => {
            "chữ ký không có thuộc tính Id cho QualifyingProperties/@Target"
        }
        "the signature has no end tag" => "chữ ký không có thẻ đóng",
        "the signature is already time-stamped" => "chữ ký đã được gắn dấu thời gian",
        "the signer's certificate cannot be read" => "không đọc được chứng thư số của người ký",
        "the signer's certificate or key is not supported" => {
            "chứng thư số hoặc khóa của người ký không được hỗ trợ"
        }
        "too many certificates" => "quá nhiều chứng thư số",
        other => other,
    }
}

/// The detail when the signing key does not fit the certificate's key: the usual cause is the
/// key of another certificate (or `--alg` naming an algorithm of another key type).
pub(crate) const KEY_NOT_THE_CERTIFICATES: &str = "the signing key is not the certificate's key \
     (a key of another certificate?), or the algorithm does not fit the certificate's key";
/// The detail when a pending file's SignedInfo no longer matches what was prepared.
pub(crate) const SIGNED_INFO_CHANGED: &str = "the SignedInfo differs from the one prepared: \
     the pending file or the record in it was changed after it was prepared";
/// The detail when a time-stamp is asked for a signature a later one covers.
pub(crate) const LATER_SIGNATURE_COVERS: &str =
    "a later signature covers this one: time-stamp a signature before the next role signs";
/// The detail when a pending file's prepared document (its chain included) no longer matches.
pub(crate) const PENDING_DOCUMENT_CHANGED: &str = "the prepared document differs from the one \
     in the pending file: it was changed after it was prepared (its certificate chain \
     replaced?); prepare again";
/// The detail for a pending file of format 1, whose integrity value did not cover the chain.
pub(crate) const PENDING_FORMAT_OLD: &str = "a pending file of an earlier hocba \
     (hocba-xmldsig-pending/1, its certificate chain not covered): prepare again, then sign";
/// The detail when the bytes to sign are given where the pending file is expected (the same
/// words as the COSE path's `to_be_signed_malformed`).
pub(crate) const BYTES_TO_SIGN_GIVEN: &str =
    "these are the bytes to sign (.tbs.bin); give the .tbs file";
