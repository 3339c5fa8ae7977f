//! The memory of request bodies buffered before authentication, bounded (ADR 0257): the
//! transaction endpoint reads the whole body (up to [`crate::MAX_TRANSACTION_BODY`]) before it
//! can check the credentials inside it, and the lookup upload reads its files (up to
//! [`crate::MAX_UPLOAD_BODY`]) without any. Each request whose body may be larger than
//! [`SMALL_BODY`] takes its declared length (or its endpoint's limit when it declares none)
//! from one budget before its handler runs and gives it back when the handler has answered.
//! A request that finds no room within the wait is answered `503 server_busy` in its
//! endpoint's shape, with `Retry-After`, its body unread.

use std::time::Duration;

use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::Response;
use tokio::sync::Semaphore;

use crate::app::{MAX_TRANSACTION_BODY, MAX_UPLOAD_BODY, Shared, TRANSACTION_PATH};
use crate::rejection::{Part, rejected};

/// Bodies up to this size are not charged: their memory is bounded by the connection bound.
pub const SMALL_BODY: usize = 64 * 1024;

/// Seconds a refused sender is told to wait (`Retry-After`).
const BUSY_RETRY_AFTER_SECS: u32 = 10;

/// The budget, in KiB.
pub struct BodyBudget {
    kib: Semaphore,
    total_kib: u32,
    wait: Duration,
}

impl BodyBudget {
    /// A budget of `bytes` (at least one largest transaction body), waited for at most `wait`.
    pub fn new(bytes: usize, wait: Duration) -> Self {
        let total_kib = u32::try_from(bytes.max(MAX_TRANSACTION_BODY).div_ceil(1024))
            .unwrap_or(u32::MAX)
            .min(u32::try_from(Semaphore::MAX_PERMITS).unwrap_or(u32::MAX));
        Self {
            kib: Semaphore::new(total_kib as usize),
            total_kib,
            wait,
        }
    }
}

/// What a request's body may take: its declared length up to its endpoint's limit; the limit
/// when it is sent in chunks; nothing when it has no body.
fn charge(req: &Request) -> usize {
    let limit = if req.uri().path() == TRANSACTION_PATH {
        MAX_TRANSACTION_BODY
    } else {
        MAX_UPLOAD_BODY
    };
    let headers = req.headers();
    if let Some(n) = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok())
    {
        usize::try_from(n).unwrap_or(usize::MAX).min(limit)
    } else if headers.contains_key(header::TRANSFER_ENCODING) {
        limit
    } else {
        0
    }
}

/// The middleware of the endpoints that buffer bodies before authentication.
pub async fn admit(State(state): State<Shared>, req: Request, next: Next) -> Response {
    let bytes = charge(&req);
    if bytes <= SMALL_BODY {
        return next.run(req).await;
    }
    let budget = &state.bodies;
    let kib = u32::try_from(bytes.div_ceil(1024))
        .unwrap_or(u32::MAX)
        .min(budget.total_kib);
    let Ok(Ok(_permit)) = tokio::time::timeout(budget.wait, budget.kib.acquire_many(kib)).await
    else {
        let path = req.uri().path();
        let r = rejected(Part::Body, StatusCode::SERVICE_UNAVAILABLE);
        if path == TRANSACTION_PATH {
            crate::log::refused(None, r.code);
        }
        let mut res = r.reply_for(path);
        res.headers_mut().insert(
            header::RETRY_AFTER,
            HeaderValue::from(BUSY_RETRY_AFTER_SECS),
        );
        return res;
    };
    next.run(req).await
}
