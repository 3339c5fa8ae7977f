//! The JSON messages of the six transactions (CV 2088/BGDĐT-GDTH §2), with the specification's
//! field names. Fields the specification does not name but a working portal needs are hocba's
//! additions, marked as such and listed in `docs/spec/exchange.md`.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::ExchangeError;
use crate::envelope::{Algorithm, PublicKey};

/// The six transactions (`type`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "u8", into = "u8")]
#[repr(u8)]
pub enum TransactionType {
    /// 1: submit a report of học bạ số.
    Submit = 1,
    /// 2: query the issuing result of a submission.
    SubmitStatus = 2,
    /// 3: register a digital certificate.
    RegisterCertificate = 3,
    /// 4: query the certificate registration result.
    CertificateStatus = 4,
    /// 5: request the recall (thu hồi) of issued records.
    Recall = 5,
    /// 6: query the recall result.
    RecallStatus = 6,
}

impl TransactionType {
    /// The transactions that create something and so must carry a new `messageid`.
    pub fn is_request(self) -> bool {
        matches!(
            self,
            Self::Submit | Self::RegisterCertificate | Self::Recall
        )
    }

    /// The query that asks about this request's result.
    pub fn status_query(self) -> Option<Self> {
        match self {
            Self::Submit => Some(Self::SubmitStatus),
            Self::RegisterCertificate => Some(Self::CertificateStatus),
            Self::Recall => Some(Self::RecallStatus),
            _ => None,
        }
    }
}

impl From<TransactionType> for u8 {
    fn from(t: TransactionType) -> u8 {
        t as u8
    }
}

impl TryFrom<u8> for TransactionType {
    type Error = ExchangeError;
    fn try_from(v: u8) -> Result<Self, ExchangeError> {
        Ok(match v {
            1 => Self::Submit,
            2 => Self::SubmitStatus,
            3 => Self::RegisterCertificate,
            4 => Self::CertificateStatus,
            5 => Self::Recall,
            6 => Self::RecallStatus,
            _ => return Err(ExchangeError::InvalidField { field: "type" }),
        })
    }
}

/// The wire form of a password: the lower-case hex SHA-256 of its UTF-8 bytes (CV 2088 §2).
/// It is only the transport form; a portal keeps a salted slow hash of it.
pub fn password_wire(password: &str) -> String {
    hex::encode(Sha256::digest(password.as_bytes()))
}

/// Whether `s` has the shape of [`password_wire`]'s output (64 lower- or upper-case hex digits).
pub fn is_password_wire(s: &str) -> bool {
    s.len() == 64 && s.bytes().all(|b| b.is_ascii_hexdigit())
}

/// `authenticationRequest`: who sends, for which unit and year, which transaction.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuthenticationRequest {
    /// `token`: the unit's access token issued by the portal.
    pub token: String,
    /// `user_name`.
    pub user_name: String,
    /// `password`: [`password_wire`] of the password (never the password itself).
    pub password: String,
    /// `ma_don_vi`: the sending unit's code (a school's `MA_TRUONG`, a Sở's code).
    pub ma_don_vi: String,
    /// `nam_hoc`: the school year, by its first calendar year (2025 for 2025-2026).
    pub nam_hoc: i32,
    /// `messageid`: the transaction's identifier, chosen by the sender; for a status query, the
    /// identifier of the transaction asked about.
    pub messageid: String,
    /// `type`: the transaction.
    #[serde(rename = "type")]
    pub kind: TransactionType,
    /// `function`: free text the specification does not define further.
    #[serde(default)]
    pub function: String,
}

/// `Signature`: the sending unit's organisation signature over the transaction (hocba's form of
/// the field the specification names without describing it, ADR 0100). The signature is over
/// [`signing_input`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TransactionSignature {
    /// The signer's certificate chain, leaf first, each Base64 DER (like `X509Certificate`).
    pub x509_certificate: Vec<String>,
    /// The algorithm: `RS256`, `PS256`, `ES256`, `ES384` or `EdDSA`.
    pub algorithm: String,
    /// The signature value, Base64 (ECDSA as `r ‖ s`).
    pub signature_value: String,
}

/// The bytes a transaction [`Signature`](TransactionSignature) covers: a fixed label, then the
/// type, unit, year, message id and `content` (empty when absent), each on its own line.
pub fn signing_input(auth: &AuthenticationRequest, content: Option<&str>) -> Vec<u8> {
    let mut out = Vec::with_capacity(64 + content.map_or(0, str::len));
    out.extend_from_slice(b"hocba-transaction/v1\n");
    for part in [
        u8::from(auth.kind).to_string(),
        auth.ma_don_vi.clone(),
        auth.nam_hoc.to_string(),
        auth.messageid.clone(),
    ] {
        out.extend_from_slice(part.as_bytes());
        out.push(b'\n');
    }
    out.extend_from_slice(content.unwrap_or("").as_bytes());
    out
}

impl TransactionSignature {
    /// Wraps a signature made over [`signing_input`] by the leaf of `chain`.
    pub fn new(chain: &[Vec<u8>], algorithm: Algorithm, signature: &[u8]) -> Self {
        Self {
            x509_certificate: chain.iter().map(|c| STANDARD.encode(c)).collect(),
            algorithm: algorithm.name().to_owned(),
            signature_value: STANDARD.encode(signature),
        }
    }

    /// Checks the signature over `input` with the leaf certificate's key and returns the chain
    /// (DER, leaf first) for the caller to match against its registry and trust store.
    pub fn verify(&self, input: &[u8]) -> Result<Vec<Vec<u8>>, ExchangeError> {
        let bad = ExchangeError::BadTransactionSignature;
        if self.x509_certificate.is_empty() || self.x509_certificate.len() > 8 {
            return Err(bad);
        }
        let chain = self
            .x509_certificate
            .iter()
            .map(|c| STANDARD.decode(c))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|_| ExchangeError::BadTransactionSignature)?;
        let alg = Algorithm::from_name(&self.algorithm).ok_or(bad.clone())?;
        let value = STANDARD
            .decode(&self.signature_value)
            .map_err(|_| bad.clone())?;
        let key = PublicKey::from_certificate_der(&chain[0]).map_err(|_| bad.clone())?;
        key.verify(alg, input, &value).map_err(|_| bad)?;
        Ok(chain)
    }
}

/// One request of any of the six transactions.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Request {
    /// `authenticationRequest`.
    #[serde(rename = "authenticationRequest")]
    pub authentication_request: AuthenticationRequest,
    /// `content`: the packed `DANH_SACH_HOC_BA` (types 1 and 5).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content: Option<String>,
    /// `Signature`: the unit's signature over the transaction (types 1 and 5).
    #[serde(rename = "Signature", default, skip_serializing_if = "Option::is_none")]
    pub signature: Option<TransactionSignature>,
    /// The certificate to register (type 3).
    #[serde(
        rename = "chung_thu_so",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub certificate: Option<CertificateRegistration>,
}

/// How a certificate's key is held (`ma_kieu_chu_ky`).
pub const SIGNING_KINDS: &[&str] = &["REMOTE_SIGNING", "USB_TOKEN"];

/// A certificate registration (type 3).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CertificateRegistration {
    /// `serial_number`: the certificate's serial, hex.
    pub serial_number: String,
    /// `ngay_hieu_luc`: the date it takes effect (`YYYY-MM-DD` or the spec's date-time).
    pub ngay_hieu_luc: String,
    /// `ma_kieu_chu_ky`: one of [`SIGNING_KINDS`].
    pub ma_kieu_chu_ky: String,
    /// `nha_phat_hanh`: the CA (`VNPT`, `BKAV`, `VIETTEL`, `BAN_CO_YEU`, …).
    pub nha_phat_hanh: String,
    /// hocba's addition: the certificate chain itself, leaf first, Base64 DER, so the portal can
    /// check it and match signatures against it byte for byte.
    pub x509_certificate: Vec<String>,
}

/// The reply to any transaction.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Response {
    /// `MessageId`: the transaction's `messageid`.
    #[serde(rename = "MessageId")]
    pub message_id: String,
    /// `Error`: whether the transaction was refused as a whole.
    #[serde(rename = "Error")]
    pub error: bool,
    /// `ErrorDescription`: why, in Vietnamese (empty when accepted).
    #[serde(rename = "ErrorDescription", default)]
    pub error_description: String,
    /// `ResponseCode`: hocba's stable code (`ok`, or the refusal's code).
    #[serde(rename = "ResponseCode")]
    pub response_code: String,
    /// `ResponseDescription`: the outcome in Vietnamese.
    #[serde(rename = "ResponseDescription")]
    pub response_description: String,
    /// hocba's addition: the outcome in English.
    #[serde(rename = "ResponseDescriptionEn", default)]
    pub response_description_en: String,
    /// Type 2: one item per record of the submission.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub danh_sach_hoc_ba: Option<Vec<RecordStatus>>,
    /// Type 4: the registration asked about.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub danh_sach_chung_thu_so: Option<Vec<CertificateStatus>>,
    /// Type 6: one item per recall entry.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub danh_sach_thu_hoi: Option<Vec<RecallStatus>>,
}

/// `trang_thai` of a record: accepted.
pub const RECORD_ACCEPTED: u8 = 1;
/// `trang_thai` of a record: rejected.
pub const RECORD_REJECTED: u8 = 0;

/// The issuing result of one record (type 2).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordStatus {
    /// `ma_hoc_sinh` (empty when the record could not be read).
    pub ma_hoc_sinh: String,
    /// `ten_hoc_sinh`.
    pub ten_hoc_sinh: String,
    /// `so_cccd`.
    pub so_cccd: String,
    /// `ma_tra_cuu_uuid`.
    pub ma_tra_cuu_uuid: String,
    /// `trang_thai`: [`RECORD_ACCEPTED`] or [`RECORD_REJECTED`].
    pub trang_thai: u8,
    /// `error`: hocba's code of the first reason it was rejected.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// `error_field_title`: the element or signer the error is about.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_field_title: Option<String>,
    /// `error_description`: the reason in Vietnamese.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_description: Option<String>,
}

/// `trang_thai_phe_duyet`: approved.
pub const CERTIFICATE_APPROVED: u8 = 1;
/// `trang_thai_phe_duyet`: not (or not yet) approved.
pub const CERTIFICATE_NOT_APPROVED: u8 = 0;

/// A registration's state (type 4).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CertificateStatus {
    /// `serial_number`.
    pub serial_number: String,
    /// `nha_phat_hanh`.
    pub nha_phat_hanh: String,
    /// `trang_thai_phe_duyet`: [`CERTIFICATE_APPROVED`] or [`CERTIFICATE_NOT_APPROVED`].
    pub trang_thai_phe_duyet: u8,
    /// hocba's addition: `pending`, `approved` or `refused`.
    pub trang_thai_chi_tiet: String,
}

/// Recall `trang_thai`: waiting for the operator.
pub const RECALL_PENDING: u8 = 1;
/// Recall `trang_thai`: accepted (the record is marked recalled).
pub const RECALL_ACCEPTED: u8 = 2;
/// Recall `trang_thai`: refused.
pub const RECALL_REFUSED: u8 = 3;

/// One recall entry's state (type 6).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecallStatus {
    /// `ma_tra_cuu_uuid` of the recalled record.
    pub ma_tra_cuu_uuid: String,
    /// `trang_thai`: [`RECALL_PENDING`], [`RECALL_ACCEPTED`] or [`RECALL_REFUSED`].
    pub trang_thai: u8,
    /// hocba's addition: the lookup code of the record that replaced it, once submitted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ma_tra_cuu_uuid_moi: Option<String>,
}

impl Response {
    /// An accepted transaction.
    pub fn ok(message_id: &str) -> Self {
        Self {
            message_id: message_id.to_owned(),
            error: false,
            error_description: String::new(),
            response_code: "ok".to_owned(),
            response_description: "Đã tiếp nhận".to_owned(),
            response_description_en: "Accepted".to_owned(),
            danh_sach_hoc_ba: None,
            danh_sach_chung_thu_so: None,
            danh_sach_thu_hoi: None,
        }
    }

    /// Reads a portal's reply: `body` as it came, `status` its HTTP status (said in the error).
    ///
    /// # Errors
    /// [`ExchangeError::ReplyUnreadable`] when the body is not a transaction reply.
    pub fn from_json(body: &[u8], status: u16) -> Result<Self, ExchangeError> {
        serde_json::from_slice(body).map_err(|_| ExchangeError::ReplyUnreadable { status })
    }

    /// A refused transaction, with a stable code and its Vietnamese and English messages.
    pub fn refused(message_id: &str, code: &str, vi: String, en: String) -> Self {
        Self {
            message_id: message_id.to_owned(),
            error: true,
            error_description: vi.clone(),
            response_code: code.to_owned(),
            response_description: vi,
            response_description_en: en,
            danh_sach_hoc_ba: None,
            danh_sach_chung_thu_so: None,
            danh_sach_thu_hoi: None,
        }
    }
}

impl From<(&str, &ExchangeError)> for Response {
    fn from((message_id, e): (&str, &ExchangeError)) -> Self {
        Self::refused(message_id, e.code(), e.message_vi(), e.to_string())
    }
}
