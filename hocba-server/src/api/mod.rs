//! The six transactions of CV 2088/BGDĐT-GDTH §2 on one endpoint, `POST /api/v1/giao-dich`,
//! chosen by `authenticationRequest.type`. Every reply is the specification's JSON
//! (`MessageId`, `Error`, `ErrorDescription`, `ResponseCode`, `ResponseDescription`), with an
//! HTTP status that says the same: 200 done, 400 unreadable, 401 authentication, 403 not
//! allowed, 404 unknown `messageid`, 409 a conflict with what the store holds (a replayed
//! `messageid`; at the national store a record's seal approval not received yet, with
//! `Retry-After`: send the same transaction again later, ADR 0226), 408 the body did not
//! arrive in time, 413 too large, 429 rate limit, 503 storage down or no room for the body yet.
//! 5xx means this server failed or is overloaded, never that a sender is early; whether a
//! refusal is worth sending again is said by its code ([`RETRYABLE_CODES`]).

mod certificates;
mod recall;
mod submit;

pub use submit::{SEAL_APPROVAL_NOT_FORWARDED, SEAL_APPROVAL_RETRY_AFTER_SECS};

use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::extract::rejection::BytesRejection;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::IntoResponse;
use hocba_core::exchange::{
    AuthenticationRequest, ExchangeError, Request, Response, TransactionType, is_password_wire,
    signing_input,
};
use hocba_core::{SignerRole, TrustError};
use sha2::{Digest, Sha256};

use crate::app::Shared;
use crate::auth;
use crate::client::ClientAddr;
use crate::clock;
use crate::rejection::body_rejected;
use crate::store::{self, Account, StoreError};

/// A refusal of the whole transaction: nothing is stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refusal {
    /// HTTP status.
    pub status: StatusCode,
    /// hocba's stable code (`ResponseCode`).
    pub code: String,
    /// Vietnamese.
    pub vi: String,
    /// English.
    pub en: String,
    /// Seconds after which the same transaction may succeed (`Retry-After`), when known.
    pub retry_after: Option<u32>,
}

/// The refusal codes after which the same transaction, sent again unchanged, may succeed: the
/// store failed (`storage_error`, `internal_error`), the sender went too fast (`rate_limited`),
/// the body did not arrive in time or the portal had no room for it yet (`request_timeout`,
/// `server_busy`, ADR 0257), or (national store) a record's seal approval has not arrived yet
/// ([`SEAL_APPROVAL_NOT_FORWARDED`]). Nothing was stored and the `messageid` is still unused.
/// The province's forwarder retries on these codes whatever the HTTP status (ADR 0226).
pub const RETRYABLE_CODES: &[&str] = &[
    "storage_error",
    "internal_error",
    "rate_limited",
    "request_timeout",
    "server_busy",
    SEAL_APPROVAL_NOT_FORWARDED,
];

/// The national store's refusal of what a province says of a school that belongs to another
/// province: a forwarded certificate approval (409, ADR 0202), a recall of a record of that
/// school (403, ADR 0228).
pub(crate) const SCHOOL_OF_ANOTHER_PROVINCE: &str = "school_of_another_province";

/// The refusal of a `messageid` already used by another transaction — another unit's, another
/// type, or other content (409, ADR 0229). Unlike `duplicate_messageid` (the same transaction
/// again, processed before) it says this transaction was never processed: the province's
/// forwarder stops the entry in `failed`, never counting it delivered.
pub const MESSAGEID_REUSED: &str = "messageid_reused";

impl Refusal {
    /// A refusal.
    pub fn new(
        status: StatusCode,
        code: &str,
        vi: impl Into<String>,
        en: impl Into<String>,
    ) -> Self {
        Self {
            status,
            code: code.to_owned(),
            vi: vi.into(),
            en: en.into(),
            retry_after: None,
        }
    }

    /// The same refusal with a `Retry-After` of `secs` seconds.
    pub fn retry_after(mut self, secs: u32) -> Self {
        self.retry_after = Some(secs);
        self
    }

    pub(crate) fn reply(self, message_id: &str) -> axum::response::Response {
        let retry_after = self.retry_after;
        let mut res = (
            self.status,
            Json(Response::refused(message_id, &self.code, self.vi, self.en)),
        )
            .into_response();
        if let Some(secs) = retry_after {
            res.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        res
    }
}

impl From<ExchangeError> for Refusal {
    fn from(e: ExchangeError) -> Self {
        let status = match &e {
            ExchangeError::ContentTooLarge { .. }
            | ExchangeError::DeclaredLengthTooLarge { .. }
            | ExchangeError::TooManyRecords { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            ExchangeError::BadTransactionSignature => StatusCode::FORBIDDEN,
            _ => StatusCode::BAD_REQUEST,
        };
        Self::new(status, e.code(), e.message_vi(), e.to_string())
    }
}

impl From<StoreError> for Refusal {
    fn from(e: StoreError) -> Self {
        // The database's message goes to the log only (values are bound, so it names no pupil).
        crate::log::error("storage", &e.to_string());
        Self::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "storage_error",
            "lỗi lưu trữ của cổng, xin gửi lại sau",
            "the portal's storage failed; send again later",
        )
    }
}

impl From<TrustError> for Refusal {
    fn from(e: TrustError) -> Self {
        Self::new(
            StatusCode::FORBIDDEN,
            &format!("certificate_{}", e.code()),
            format!("chứng thư số không hợp lệ: {}", e.message_vi()),
            format!("certificate not valid: {e}"),
        )
    }
}

/// The result of a handler: a reply, or a refusal of the whole transaction.
pub type Outcome = Result<Response, Refusal>;

fn auth_failed() -> Refusal {
    Refusal::new(
        StatusCode::UNAUTHORIZED,
        "auth_failed",
        "xác thực không thành công (token, tên đăng nhập, mật khẩu hoặc mã đơn vị sai)",
        "authentication failed (token, user name, password or unit code wrong)",
    )
}

/// Whether a `messageid` has an acceptable shape: 1 to 128 of `A-Z a-z 0-9 . _ : -`.
pub fn valid_message_id(id: &str) -> bool {
    (1..=128).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b':' | b'-'))
}

/// Checks the account, token, password and unit of a request (Argon2 off the async threads).
pub async fn authenticate(state: &Shared, a: &AuthenticationRequest) -> Result<Account, Refusal> {
    if !is_password_wire(&a.password) || a.user_name.len() > 128 || a.token.len() > 256 {
        return Err(auth_failed());
    }
    let account = store::account_by_user(state.store.pool(), &a.user_name)
        .await?
        .ok_or_else(auth_failed)?;
    let token_ok = auth::ct_eq(&auth::token_hash(&a.token), &account.token_sha256);
    if account.disabled || account.role != "unit" || account.ma_don_vi != a.ma_don_vi || !token_ok {
        return Err(auth_failed());
    }
    if state
        .auth_cache
        .hit(&a.user_name, &a.token, &a.password, &account.password_hash)
    {
        return Ok(account);
    }
    let (wire, stored) = (a.password.clone(), account.password_hash.clone());
    let ok = {
        let _permit = state.heavy.acquire().await;
        tokio::task::spawn_blocking(move || auth::verify_password(&wire, &stored))
            .await
            .unwrap_or(false)
    };
    if !ok {
        return Err(auth_failed());
    }
    state
        .auth_cache
        .remember(&a.user_name, &a.token, &a.password, &account.password_hash);
    Ok(account)
}

/// SHA-256 hex of some bytes.
pub fn sha256_hex(b: &[u8]) -> String {
    hex::encode(Sha256::digest(b))
}

/// Checks the transaction `Signature` (types 1 and 5): it verifies over the header and
/// `content`, its certificate is an approved certificate of the sending unit, and its chain
/// is valid now for an organisation. Returns the certificate's fingerprint.
pub async fn check_transaction_signature(
    state: &Shared,
    account: &Account,
    req: &Request,
    content: &str,
) -> Result<String, Refusal> {
    let a = &req.authentication_request;
    let sig = req.signature.as_ref().ok_or_else(|| {
        Refusal::new(
            StatusCode::FORBIDDEN,
            "missing_signature",
            "giao dịch thiếu chữ ký của đơn vị (Signature)",
            "the transaction lacks the unit's Signature",
        )
    })?;
    let input = signing_input(a, Some(content));
    let chain = sig.verify(&input)?;
    let fingerprint = sha256_hex(&chain[0]);
    let approved = store::certificate_by_fingerprint(state.store.pool(), &fingerprint)
        .await?
        .is_some_and(|c| c.ma_don_vi == account.ma_don_vi && c.state == "approved");
    if !approved {
        return Err(Refusal::new(
            StatusCode::FORBIDDEN,
            "certificate_not_approved",
            "chữ ký giao dịch không dùng chứng thư số đã được phê duyệt của đơn vị",
            "the transaction is not signed with an approved certificate of the sending unit",
        ));
    }
    let refs: Vec<&[u8]> = chain.iter().map(Vec::as_slice).collect();
    let now = clock::now();
    state
        .trust
        .validate(&refs, SignerRole::SchoolSeal, now, now)?;
    Ok(fingerprint)
}

/// The refusal of an account past its transactions a minute.
fn rate_limited() -> Refusal {
    Refusal::new(
        StatusCode::TOO_MANY_REQUESTS,
        "rate_limited",
        "quá nhiều giao dịch, xin gửi lại sau ít phút",
        "too many transactions; send again in a few minutes",
    )
}

/// The refusal of a client address past its failed authentications a minute.
fn too_many_failed_authentications() -> Refusal {
    Refusal::new(
        StatusCode::TOO_MANY_REQUESTS,
        "rate_limited",
        "quá nhiều lần xác thực không thành công từ địa chỉ này, xin gửi lại sau ít phút",
        "too many failed authentications from this address; send again in a few minutes",
    )
}

/// `POST /api/v1/giao-dich`.
///
/// Rate limits (ADR 0234): an address with too many failed authentications is refused before
/// its credentials are looked at; an account's own limit is charged only after its credentials
/// are checked, so nobody can spend a school's transactions by naming its `user_name`.
pub async fn transaction(
    State(state): State<Shared>,
    ClientAddr(ip): ClientAddr,
    body: Result<Bytes, BytesRejection>,
) -> axum::response::Response {
    // Refusals before authentication are logged as the later ones are (never the body).
    let body = match body {
        Ok(b) => b,
        // Over the body limit (`content_too_large`), stopped arriving (`request_timeout`) or
        // unreadable: the spec's JSON reply.
        Err(e) => {
            let r = body_rejected(e.status(), &e);
            crate::log::refused(None, r.code);
            return Refusal::new(r.status, r.code, r.vi, r.en).reply("");
        }
    };
    let req: Request = match serde_json::from_slice(&body) {
        Ok(r) => r,
        Err(_) => {
            crate::log::refused(None, "invalid_request");
            return Refusal::new(
                StatusCode::BAD_REQUEST,
                "invalid_request",
                "yêu cầu không phải JSON giao dịch hợp lệ",
                "the request is not a valid transaction JSON",
            )
            .reply("");
        }
    };
    let a = &req.authentication_request;
    let mid = a.messageid.clone();
    if !valid_message_id(&mid) {
        let r = Refusal::from(ExchangeError::InvalidField { field: "messageid" });
        crate::log::refused(Some(u8::from(a.kind)), &r.code);
        return r.reply("");
    }
    let address = ip.to_string();
    let outcome = if !state.auth_fail_rate.has_token(&address) {
        Err(too_many_failed_authentications())
    } else {
        match authenticate(&state, a).await {
            Err(r) => {
                if r.code == "auth_failed" {
                    state.auth_fail_rate.allow(&address);
                }
                Err(r)
            }
            Ok(account) if !state.tx_rate.allow(&account.user_name) => Err(rate_limited()),
            Ok(account) => match a.kind {
                TransactionType::Submit => submit::submit(&state, &account, &req).await,
                TransactionType::SubmitStatus => submit::status(&state, &account, a).await,
                TransactionType::RegisterCertificate => {
                    certificates::register(&state, &account, &req).await
                }
                TransactionType::CertificateStatus => {
                    certificates::status(&state, &account, a).await
                }
                TransactionType::Recall => recall::request(&state, &account, &req).await,
                TransactionType::RecallStatus => recall::status(&state, &account, a).await,
            },
        }
    };
    match outcome {
        Ok(resp) => (StatusCode::OK, Json(resp)).into_response(),
        Err(r) => {
            crate::log::refused(Some(u8::from(a.kind)), &r.code);
            r.reply(&mid)
        }
    }
}

/// The transaction `messageid` refers to, if it belongs to the caller's unit and has the
/// given type; a `messageid` of another unit is answered as unknown.
pub async fn own_transaction(
    state: &Shared,
    account: &Account,
    messageid: &str,
    kind: TransactionType,
) -> Result<store::TransactionRow, Refusal> {
    match store::transaction(state.store.pool(), messageid).await? {
        Some(t) if t.ma_don_vi == account.ma_don_vi && t.kind == i64::from(u8::from(kind)) => Ok(t),
        _ => Err(Refusal::new(
            StatusCode::NOT_FOUND,
            "unknown_messageid",
            "không có giao dịch nào của đơn vị với messageid này",
            "no transaction of this unit has this messageid",
        )),
    }
}

/// Refuses a `messageid` already used, before any work (a transaction that commits under the
/// same `messageid` meanwhile is caught when the row is inserted: [`claim_messageid`]). The
/// same transaction sent again — by the same unit, of the same type, with the same content (its
/// SHA-256 as the transaction row stores it: `content_sha256`) — is `duplicate_messageid`: it
/// was processed, and a sender whose reply was lost may count it done. Any other use is
/// `messageid_reused` (ADR 0229): the earlier transaction under that `messageid` is another
/// one, this one is not processed, and its sender must not count it done.
pub async fn refuse_replay(
    state: &Shared,
    account: &Account,
    kind: TransactionType,
    messageid: &str,
    content_sha256: &str,
) -> Result<(), Refusal> {
    match store::transaction(state.store.pool(), messageid).await? {
        None => Ok(()),
        Some(earlier) => Err(replay_of(
            &earlier,
            &account.ma_don_vi,
            i64::from(u8::from(kind)),
            content_sha256,
        )),
    }
}

/// Inserts the transaction's row in `w`, claiming its `messageid`. A transaction that committed
/// under the same `messageid` after [`refuse_replay`] looked (two sent at once) makes the
/// insert fail on the unique key; it is then judged as `refuse_replay` judges it, against the
/// row that won: `duplicate_messageid` only for the same unit, type and content,
/// `messageid_reused` otherwise (ADR 0229, amended 2026-12-05). Nothing of this one is stored.
pub async fn claim_messageid(
    db: &store::Store,
    w: &mut store::WriteTx<'_>,
    row: &store::TransactionRow,
) -> Result<(), Refusal> {
    match store::insert_transaction(&mut *w.tx, row).await {
        Ok(()) => Ok(()),
        Err(e) if e.is_unique_violation() => {
            w.refused();
            // The winner has committed (SQLite: one writer at a time; PostgreSQL raises the
            // violation only once the other transaction commits), so a read sees its row.
            match store::transaction(db.pool(), &row.messageid).await? {
                Some(earlier) => Err(replay_of(
                    &earlier,
                    &row.ma_don_vi,
                    row.kind,
                    &row.content_sha256,
                )),
                None => Err(e.into()),
            }
        }
        Err(e) => Err(e.into()),
    }
}

/// The refusal of a transaction whose `messageid` the `earlier` transaction holds.
fn replay_of(
    earlier: &store::TransactionRow,
    unit: &str,
    kind: i64,
    content_sha256: &str,
) -> Refusal {
    if earlier.ma_don_vi == unit && earlier.kind == kind && earlier.content_sha256 == content_sha256
    {
        replayed()
    } else {
        Refusal::new(
            StatusCode::CONFLICT,
            MESSAGEID_REUSED,
            "messageid đã được dùng cho một giao dịch khác (khác đơn vị, loại hoặc nội dung); \
             giao dịch này không được xử lý: gửi lại với messageid mới",
            "this messageid was already used by another transaction (another unit, type or \
             content); this one is not processed: send it again under a new messageid",
        )
    }
}

/// The refusal of a replayed `messageid`.
fn replayed() -> Refusal {
    Refusal::new(
        StatusCode::CONFLICT,
        "duplicate_messageid",
        "messageid đã được dùng cho một giao dịch trước; giao dịch không được xử lý lại",
        "this messageid was already used by an earlier transaction; it is not processed again",
    )
}

/// `GET /healthz`: the role, the verifier, what is stored, and whether writes work. `200`
/// `ok`; `503` `degraded` when the database answers reads but writes fail (a full disk, a
/// read-only file: nothing can be accepted, ADR 0253); `503` `storage_error` when it does not
/// answer, or not within [`HEALTH_TIMEOUT_SECS`] (ADR 0286: a stopped PostgreSQL is retried by
/// the pool for 30 s, a lock or a full pool makes the queries wait).
pub async fn health(State(state): State<Shared>) -> (StatusCode, Json<serde_json::Value>) {
    let check = health_check(&state);
    match tokio::time::timeout(std::time::Duration::from_secs(HEALTH_TIMEOUT_SECS), check).await {
        Ok(answer) => answer,
        Err(_) => {
            crate::log::error(
                "storage",
                &format!("health check: no answer from the database in {HEALTH_TIMEOUT_SECS} s"),
            );
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(serde_json::json!({"status": "storage_error"})),
            )
        }
    }
}

/// How long `/healthz` waits for the database before answering `503` `storage_error`.
pub const HEALTH_TIMEOUT_SECS: u64 = 5;

async fn health_check(state: &Shared) -> (StatusCode, Json<serde_json::Value>) {
    let pool = state.store.pool();
    let records = store::count(pool, store::Counted::Records).await;
    let audit = store::count(pool, store::Counted::Audit).await;
    match (records, audit) {
        (Ok(records), Ok(audit)) => {
            let writes = state.store.writes_work().await;
            (
                if writes {
                    StatusCode::OK
                } else {
                    StatusCode::SERVICE_UNAVAILABLE
                },
                Json(serde_json::json!({
                    "status": if writes { "ok" } else { "degraded" },
                    "writes": if writes { "ok" } else { "failing" },
                    "role": state.role.name(),
                    "verifier": state.verifier.name(),
                    "records": records,
                    "audit_entries": audit,
                })),
            )
        }
        _ => (
            StatusCode::SERVICE_UNAVAILABLE,
            Json(serde_json::json!({"status": "storage_error"})),
        ),
    }
}
