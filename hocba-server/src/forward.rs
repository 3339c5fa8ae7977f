//! Forwarding (province → national): the province reports the records it accepted to the
//! Ministry's store with the same type-1 transaction (CV 2088 §2).
//!
//! An outbox: a submission with accepted records is queued in the same database transaction
//! that stores them (so none is stored without being queued); this task sends each queued
//! submission under a fixed upstream `messageid` (`fwd-` + the school's `messageid`), so a resend
//! after a lost reply is refused upstream as a duplicate — which the task counts as delivered —
//! and a record is neither lost nor stored twice. Unreachable or failing upstream (5xx, 429):
//! retried with exponential back-off (2, 4, 8 … up to 300 s). Any other refusal stops the entry in
//! `failed` with its code for the operator (`GET /api/v1/operator/forwarding`).

use std::sync::Arc;
use std::time::Duration;

use hocba_core::envelope::{SigningKey, SystemRng};
use hocba_core::exchange::{
    AuthenticationRequest, QuoteEscape, Request, Response, TransactionSignature, TransactionType,
    join_records, pack, password_wire, signing_input,
};

use crate::clock;
use crate::store::{self, ForwardRow, Store, StoreError, audit};

/// Where and as whom the province forwards.
pub struct Upstream {
    /// The national store's base URL.
    pub url: String,
    /// The province's `user_name` there.
    pub user: String,
    /// Its token.
    pub token: String,
    /// Its password.
    pub password: String,
    /// Its `ma_don_vi` (the Sở's code).
    pub unit: String,
    /// The Sở's organisation key for the transaction `Signature`.
    pub key: SigningKey,
    /// Its approved certificate chain, leaf first.
    pub chain: Vec<Vec<u8>>,
    /// How often to look for due entries.
    pub poll: Duration,
}

/// The upstream `messageid` of a school's submission.
pub fn upstream_messageid(messageid: &str) -> String {
    format!("fwd-{messageid}")
}

/// Seconds before attempt `attempts + 1`.
pub fn backoff_secs(attempts: i64) -> i64 {
    2_i64
        .saturating_pow(u32::try_from(attempts.clamp(0, 16)).unwrap_or(16) + 1)
        .min(300)
}

/// What one attempt gave.
enum Attempt {
    Delivered(String),
    Retry(String),
    Refused(String),
}

fn send(up: &Upstream, row: &ForwardRow, records: &[Vec<u8>], nam_hoc: i32) -> Attempt {
    let refs: Vec<&[u8]> = records.iter().map(Vec::as_slice).collect();
    let content = match join_records(&refs).and_then(|l| pack(&l, QuoteEscape::default())) {
        Ok(c) => c,
        Err(e) => return Attempt::Refused(e.code().to_owned()),
    };
    let auth = AuthenticationRequest {
        token: up.token.clone(),
        user_name: up.user.clone(),
        password: password_wire(&up.password),
        ma_don_vi: up.unit.clone(),
        nam_hoc,
        messageid: row.upstream_messageid.clone(),
        kind: TransactionType::Submit,
        function: "forward".into(),
    };
    let signature = match up
        .key
        .sign(&signing_input(&auth, Some(&content)), &mut SystemRng)
    {
        Ok(s) => TransactionSignature::new(&up.chain, up.key.algorithm(), &s),
        Err(_) => return Attempt::Retry("signing_failed".into()),
    };
    let req = Request {
        authentication_request: auth,
        content: Some(content),
        signature: Some(signature),
        certificate: None,
    };
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(600)))
        .build()
        .into();
    let url = format!("{}/api/v1/giao-dich", up.url.trim_end_matches('/'));
    let body = match serde_json::to_vec(&req) {
        Ok(b) => b,
        Err(_) => return Attempt::Refused("invalid_request".into()),
    };
    let mut res = match agent
        .post(&url)
        .header("content-type", "application/json")
        .send(&body[..])
    {
        Ok(r) => r,
        Err(_) => return Attempt::Retry("unreachable".into()),
    };
    let status = res.status().as_u16();
    let reply: Option<Response> = res
        .body_mut()
        .read_to_string()
        .ok()
        .and_then(|t| serde_json::from_str(&t).ok());
    let code = reply
        .as_ref()
        .map_or_else(|| format!("http_{status}"), |r| r.response_code.clone());
    match status {
        200 => Attempt::Delivered(code),
        // Already received under this messageid: delivered before, the reply was lost.
        409 if code == "duplicate_messageid" => Attempt::Delivered(code),
        429 | 500..=599 => Attempt::Retry(code),
        _ => Attempt::Refused(code),
    }
}

/// One pass over the due entries; returns how many were handled.
pub async fn run_once(store: &Store, up: &Arc<Upstream>) -> Result<usize, StoreError> {
    let now = clock::now_secs();
    let due = store::due_forwards(store.pool(), now, 16).await?;
    for row in &due {
        let records = store::accepted_bytes(store.pool(), &row.messageid).await?;
        let nam_hoc = store::transaction(store.pool(), &row.messageid)
            .await?
            .map_or(0, |t| i32::try_from(t.nam_hoc).unwrap_or(0));
        let (up2, row2) = (up.clone(), row.clone());
        let attempt = tokio::task::spawn_blocking(move || send(&up2, &row2, &records, nam_hoc))
            .await
            .unwrap_or_else(|_| Attempt::Retry("internal_error".into()));
        let at = clock::now_secs();
        let (state, next, code) = match attempt {
            Attempt::Delivered(c) => ("sent", at, c),
            Attempt::Retry(c) => ("pending", at + backoff_secs(row.attempts), c),
            Attempt::Refused(c) => ("failed", at, c),
        };
        let mut w = store.write().await?;
        store::update_forward(&mut *w.tx, &row.messageid, state, next, &code, at).await?;
        if state != "pending" {
            audit::append(
                &mut w,
                at,
                &audit::Event {
                    actor: "system",
                    action: if state == "sent" {
                        "forward_sent"
                    } else {
                        "forward_failed"
                    },
                    subject: &row.messageid,
                    detail: serde_json::json!({"upstream": row.upstream_messageid, "code": code})
                        .to_string(),
                },
            )
            .await?;
        }
        w.commit().await?;
        crate::log::info(
            "forward",
            &format!("messageid={} state={state} code={code}", row.messageid),
        );
    }
    Ok(due.len())
}

/// Runs the forwarder until the process ends.
pub fn spawn(store: Store, up: Arc<Upstream>) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        loop {
            if let Err(e) = run_once(&store, &up).await {
                crate::log::error("forward", &e.to_string());
            }
            tokio::time::sleep(up.poll).await;
        }
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn backoff_doubles_up_to_five_minutes() {
        let b: Vec<i64> = (0..10).map(super::backoff_secs).collect();
        assert_eq!(b, vec![2, 4, 8, 16, 32, 64, 128, 256, 300, 300]);
        assert_eq!(super::backoff_secs(i64::MAX), 300);
        assert_eq!(super::upstream_messageid("m-1"), "fwd-m-1");
    }
}
