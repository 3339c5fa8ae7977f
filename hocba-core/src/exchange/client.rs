//! The school side of the transactions: the requests a unit sends to a receiving portal (submit,
//! the three status queries, recall), built and signed here so the CLI (`hocba submit`), Python
//! (`hocba.Portal`) and any other caller send the same bytes. No I/O: the caller posts the
//! request's JSON to `{portal}/api/v1/giao-dich` and reads a [`Response`](super::Response).

use super::messages::{
    AuthenticationRequest, Request, TransactionSignature, TransactionType, password_wire,
    signing_input,
};
use super::pack::{QuoteEscape, pack};
use super::records::{join_records, recall_entry_from_record, recall_list_to_xml};
use crate::Error;
use crate::envelope::SigningKey;

/// A unit's account at a portal and the school year it reports for: the fields of
/// `authenticationRequest` that do not change from one transaction to the next.
///
/// `Debug` shows the user name and unit only: the token and password are secrets.
#[derive(Clone)]
pub struct Account {
    /// `token`: the unit's access token issued by the portal.
    pub token: String,
    /// `user_name`.
    pub user_name: String,
    /// The password itself; only its [`password_wire`] form is sent.
    pub password: String,
    /// `ma_don_vi`: the unit's code (a school's `MA_TRUONG`).
    pub unit: String,
    /// `nam_hoc`: the school year by its first calendar year (2025 for 2025-2026). The core reads
    /// no clock: the caller says which year.
    pub school_year: i32,
}

impl std::fmt::Debug for Account {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Account")
            .field("user_name", &self.user_name)
            .field("unit", &self.unit)
            .field("school_year", &self.school_year)
            .finish_non_exhaustive()
    }
}

impl Account {
    /// The `authenticationRequest` of one transaction.
    pub fn authentication(&self, kind: TransactionType, message_id: &str) -> AuthenticationRequest {
        AuthenticationRequest {
            token: self.token.clone(),
            user_name: self.user_name.clone(),
            password: password_wire(&self.password),
            ma_don_vi: self.unit.clone(),
            nam_hoc: self.school_year,
            messageid: message_id.to_owned(),
            kind,
            function: String::new(),
        }
    }
}

/// A new `messageid` from 16 random bytes the caller supplies (`hocba-` and 32 hex digits).
pub fn message_id(random: [u8; 16]) -> String {
    format!("hocba-{}", hex::encode(random))
}

/// The unit's organisation key and its certificate chain (DER, leaf first), which sign the
/// transactions that carry `content` (types 1 and 5).
#[derive(Clone, Copy, Debug)]
pub struct TransactionSigner<'a> {
    /// The unit's organisation key.
    pub key: &'a SigningKey,
    /// Its certificate chain, leaf first.
    pub chain: &'a [Vec<u8>],
}

impl TransactionSigner<'_> {
    fn sign<R: crate::envelope::Randomness + ?Sized>(
        &self,
        auth: &AuthenticationRequest,
        content: &str,
        rng: &mut R,
    ) -> Result<TransactionSignature, Error> {
        let value = self.key.sign(&signing_input(auth, Some(content)), rng)?;
        Ok(TransactionSignature::new(
            self.chain,
            self.key.algorithm(),
            &value,
        ))
    }
}

/// Type 1: submit signed records (each one national XML `HOC_BA`) under `message_id`.
///
/// # Errors
/// The records cannot be joined into a `DANH_SACH_HOC_BA` (not a record, too many), the list
/// exceeds the transaction bound, or the key cannot sign.
pub fn submit_request<R: crate::envelope::Randomness + ?Sized>(
    account: &Account,
    records: &[&[u8]],
    message_id: &str,
    signer: TransactionSigner<'_>,
    rng: &mut R,
) -> Result<Request, Error> {
    let content = pack(&join_records(records)?, QuoteEscape::default())?;
    signed_request(
        account,
        TransactionType::Submit,
        message_id,
        content,
        signer,
        rng,
    )
}

/// Type 5: ask for the recall of records as submitted; their identifying fields are sent.
///
/// # Errors
/// A record lacks an identifying field, the list exceeds the bound, or the key cannot sign.
pub fn recall_request<R: crate::envelope::Randomness + ?Sized>(
    account: &Account,
    records: &[&[u8]],
    message_id: &str,
    signer: TransactionSigner<'_>,
    rng: &mut R,
) -> Result<Request, Error> {
    let entries = records
        .iter()
        .enumerate()
        .map(|(i, r)| recall_entry_from_record(r, i))
        .collect::<Result<Vec<_>, _>>()?;
    let content = pack(&recall_list_to_xml(&entries), QuoteEscape::default())?;
    signed_request(
        account,
        TransactionType::Recall,
        message_id,
        content,
        signer,
        rng,
    )
}

fn signed_request<R: crate::envelope::Randomness + ?Sized>(
    account: &Account,
    kind: TransactionType,
    message_id: &str,
    content: String,
    signer: TransactionSigner<'_>,
    rng: &mut R,
) -> Result<Request, Error> {
    let auth = account.authentication(kind, message_id);
    let signature = signer.sign(&auth, &content, rng)?;
    Ok(Request {
        authentication_request: auth,
        content: Some(content),
        signature: Some(signature),
        certificate: None,
    })
}

/// Types 2, 4, 6: ask for the result of the request `message_id` of kind `of` (a submission, a
/// certificate registration or a recall).
///
/// # Errors
/// `of` is itself a status query ([`ExchangeError::InvalidField`](super::ExchangeError)).
pub fn status_request(
    account: &Account,
    of: TransactionType,
    message_id: &str,
) -> Result<Request, Error> {
    let kind = of
        .status_query()
        .ok_or(super::ExchangeError::InvalidField { field: "type" })?;
    Ok(Request {
        authentication_request: account.authentication(kind, message_id),
        content: None,
        signature: None,
        certificate: None,
    })
}
