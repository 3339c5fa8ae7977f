//! Forwarding (province → national): the province reports the records it accepted, and the
//! recalls its operator approved, to the Ministry's store with the same transactions (types 1
//! and 5, CV 2088 §2), built by the core's exchange client as a school's are; and the school
//! certificates it approved, as type 3 carrying its signed attestation (ADR 0201,
//! [`crate::approval`]).
//!
//! The outboxes: a submission with accepted records is queued in the same database transaction
//! that stores them, an approved recall in the same transaction as the approval (so nothing is
//! stored or recalled without being queued), an approved certificate by this task itself, an
//! operator's re-send of rejected records by the operator's request; and when this task starts,
//! whatever the province accepted or approved while it ran without forwarding ([`catch_up`],
//! ADR 0255). This task sends each
//! queued entry under the upstream `messageid` stored in its row when it was queued
//! ([`upstream_id`], ADR 0229: one per entry, distinct across outboxes and provinces), so a
//! resend after a lost reply is answered upstream `duplicate_messageid` — the same transaction,
//! processed before, which the task counts as delivered — and nothing is lost or sent twice; a
//! `messageid` the store holds for another transaction is answered `messageid_reused` and stops
//! the entry in `failed`. A recall waits until the submission that carried its record was
//! delivered. What a reply means is decided by its `ResponseCode` first
//! (`disposition`, ADR 0226): a code of [`crate::RETRYABLE_CODES`] — the store failed, the
//! province went too fast, or the national store has not yet recorded this province's approval
//! of a record's KY_PHAT_HANH certificate (`seal_approval_not_forwarded`, ADR 0202; certificates
//! are sent first on every pass, so a later attempt finds them) — is retried with exponential
//! back-off (2, 4, 8 … up to 300 s) whatever the HTTP status; so is an unreachable store, and
//! a 429 or 5xx reply with a code this forwarder does not know (a proxy's `http_NNN`, a newer
//! store's); `Retry-After` is not read. Any other refusal stops the entry in
//! `failed` with its code for the operator (`GET /api/v1/operator/forwarding`), who puts it
//! back in the queue once the cause is removed upstream (ADR 0227, the operator's
//! `…/forwarding/requeue` endpoints). Upstream, a forwarded recall waits for the national
//! operator's decision like a school's at the province.
//!
//! A submission counts as delivered once the national store's per-record answer (type 2) is
//! read: the records it rejected inside the accepted transaction are kept with the entry's
//! settlement (ADR 0230), and the operator's re-sends of them (`…/forwarding/resend`) are a
//! fourth outbox, sent as submissions after the school submissions.

use std::sync::Arc;
use std::time::Duration;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use hocba_core::envelope::{SigningKey, SystemRng};
use hocba_core::exchange::{
    Account, CertificateRegistration, QuoteEscape, Request, Response, TransactionSignature,
    TransactionSigner, TransactionType, pack, signing_input,
};

use crate::approval::ForwardedApproval;
use crate::clock;
use crate::store::{self, CertificateRow, Store, StoreError, audit};

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

/// What an outbox entry forwards, as named in its upstream `messageid` (ADR 0229).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Forwarded<'a> {
    /// A school's submission, by its `messageid` at the province.
    Submission(&'a str),
    /// Entry `index` of a school's recall request `messageid` (each approved entry is forwarded
    /// on its own: the operator decides entry by entry).
    Recall(&'a str, i64),
    /// The approval of a school certificate, by its SHA-256 fingerprint (hex).
    Certificate(&'a str),
    /// The operator's re-send of records the national store rejected (ADR 0230), by its id.
    Resend(&'a str),
}

impl Forwarded<'_> {
    /// The tag of its outbox kind in the upstream `messageid`.
    fn tag(self) -> &'static str {
        match self {
            Forwarded::Submission(_) => "s",
            Forwarded::Recall(..) => "r",
            Forwarded::Certificate(_) => "c",
            Forwarded::Resend(_) => "e",
        }
    }
}

/// The prefix of every upstream `messageid` of the current scheme (ADR 0229); an older
/// version's entries (`fwd-` + the school's `messageid`, `-` + the index for a recall,
/// `fwd-cert-` + 32 hex digits for a certificate) keep theirs, stored in their row.
pub const UPSTREAM_PREFIX: &str = "fwd2.";

/// The upstream `messageid` of an outbox entry of the province `unit` (ADR 0229):
/// `fwd2.` + the kind's tag (`s`, `r`, `c`, `e`) + `.` + the first 40 hex digits of SHA-256 over
/// `hocba-forward/v2` and, each preceded by its length (4 bytes, big-endian), the province's
/// unit code, the tag and the entry's fields (the school's `messageid`; with the recall entry's
/// index in decimal; the certificate's fingerprint; the re-send's id). Distinct entries — of
/// one outbox, of two outboxes, of two provinces (the national store's `messageid`s are one
/// namespace) — get distinct ids (up to a collision of SHA-256 truncated to 160 bits), always
/// 47 characters of the portal's `messageid` alphabet, whatever the length of the school's
/// own. Computed once, when the entry is queued, and stored in its row: every attempt, and a
/// re-queued entry's, sends the same one, so a resend is idempotent upstream.
pub fn upstream_id(unit: &str, what: Forwarded<'_>) -> String {
    use sha2::{Digest, Sha256};
    let index;
    let parts: Vec<&str> = match what {
        Forwarded::Submission(m) | Forwarded::Certificate(m) | Forwarded::Resend(m) => vec![m],
        Forwarded::Recall(m, i) => {
            index = i.to_string();
            vec![m, &index]
        }
    };
    let mut h = Sha256::new();
    h.update(b"hocba-forward/v2");
    for field in [unit, what.tag()].into_iter().chain(parts) {
        // A field longer than 4 GiB cannot reach here (messageids are at most 128 bytes).
        h.update(u32::try_from(field.len()).unwrap_or(u32::MAX).to_be_bytes());
        h.update(field.as_bytes());
    }
    let digest = hex::encode(h.finalize());
    format!("{UPSTREAM_PREFIX}{}.{}", what.tag(), &digest[..40])
}

/// Seconds before attempt `attempts + 1`.
pub fn backoff_secs(attempts: i64) -> i64 {
    2_i64
        .saturating_pow(u32::try_from(attempts.clamp(0, 16)).unwrap_or(16) + 1)
        .min(300)
}

/// What one attempt gave.
#[derive(Debug, PartialEq, Eq)]
enum Attempt {
    Delivered(String),
    Retry(String),
    Refused(String),
}

impl Upstream {
    /// The province's account upstream, reporting for `school_year`.
    fn account(&self, school_year: i32) -> Account {
        Account {
            token: self.token.clone(),
            user_name: self.user.clone(),
            password: self.password.clone(),
            unit: self.unit.clone(),
            school_year,
        }
    }

    fn signer(&self) -> TransactionSigner<'_> {
        TransactionSigner {
            key: &self.key,
            chain: &self.chain,
        }
    }
}

/// What to send: the records of a submission, or the one record of a recall.
enum Outgoing {
    Submit,
    Recall,
}

/// Builds and posts one transaction; blocking (run it on the blocking pool).
fn send(
    up: &Upstream,
    kind: Outgoing,
    upstream_messageid: &str,
    records: &[Vec<u8>],
    school_year: i32,
) -> Attempt {
    let refs: Vec<&[u8]> = records.iter().map(Vec::as_slice).collect();
    let account = up.account(school_year);
    let built = match kind {
        Outgoing::Submit => hocba_core::exchange::submit_request(
            &account,
            &refs,
            upstream_messageid,
            up.signer(),
            &mut SystemRng,
        ),
        Outgoing::Recall => hocba_core::exchange::recall_request(
            &account,
            &refs,
            upstream_messageid,
            up.signer(),
            &mut SystemRng,
        ),
    };
    match built {
        Ok(req) => post(up, &req),
        Err(e) => Attempt::Refused(e.code().to_owned()),
    }
}

/// Builds and posts the forwarded approval of a school certificate (type 3 with the province's
/// attestation as `content`, signed by the province, ADR 0201); blocking.
fn send_certificate(
    up: &Upstream,
    cert: &CertificateRow,
    school_name: &str,
    upstream_messageid: &str,
) -> Attempt {
    let approval = ForwardedApproval {
        ma_truong: cert.ma_don_vi.clone(),
        ten_truong: school_name.to_owned(),
        fingerprint: cert.fingerprint.clone(),
        approved_at: cert.decided_at.unwrap_or(cert.created_at),
    };
    let content = match pack(&approval.to_xml(), QuoteEscape::default()) {
        Ok(c) => c,
        Err(e) => return Attempt::Refused(e.code().to_owned()),
    };
    let auth = up
        .account(0)
        .authentication(TransactionType::RegisterCertificate, upstream_messageid);
    let value = match up
        .key
        .sign(&signing_input(&auth, Some(&content)), &mut SystemRng)
    {
        Ok(v) => v,
        Err(_) => return Attempt::Refused("signing_failed".into()),
    };
    let req = Request {
        authentication_request: auth,
        content: Some(content),
        signature: Some(TransactionSignature::new(
            &up.chain,
            up.key.algorithm(),
            &value,
        )),
        certificate: Some(CertificateRegistration {
            serial_number: cert.serial_number.clone(),
            ngay_hieu_luc: cert.ngay_hieu_luc.clone(),
            ma_kieu_chu_ky: cert.ma_kieu_chu_ky.clone(),
            nha_phat_hanh: cert.nha_phat_hanh.clone(),
            x509_certificate: store::chain_from_blob(&cert.chain_der)
                .iter()
                .map(|c| STANDARD.encode(c))
                .collect(),
        }),
    };
    post(up, &req)
}

fn post(up: &Upstream, req: &Request) -> Attempt {
    match exchange(up, req) {
        Ok((status, reply)) => {
            let code = reply
                .as_ref()
                .map_or_else(|| format!("http_{status}"), |r| r.response_code.clone());
            disposition(status, code)
        }
        Err(code) => Attempt::Retry(code),
    }
}

/// Posts `req` to the national store; the HTTP status and the reply, if it is one. `Err` with
/// a code when nothing came back (`unreachable`) or the request could not be written.
fn exchange(up: &Upstream, req: &Request) -> Result<(u16, Option<Response>), String> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(600)))
        .build()
        .into();
    let url = format!("{}/api/v1/giao-dich", up.url.trim_end_matches('/'));
    let body = serde_json::to_vec(req).map_err(|_| "invalid_request".to_owned())?;
    let mut res = agent
        .post(&url)
        .header("content-type", "application/json")
        .send(&body[..])
        .map_err(|_| "unreachable".to_owned())?;
    let status = res.status().as_u16();
    let reply: Option<Response> = res
        .body_mut()
        .read_to_string()
        .ok()
        .and_then(|t| serde_json::from_str(&t).ok());
    Ok((status, reply))
}

/// The national store's per-record answer (type 2) to the submission it accepted under
/// `upstream_messageid`: the records it rejected, by index (ADR 0230). `Err` with a code when
/// the answer could not be read (the entry is then retried: a resend is answered
/// `duplicate_messageid` and the answer asked for again).
fn rejected_records(
    up: &Upstream,
    upstream_messageid: &str,
    school_year: i32,
) -> Result<Vec<store::Rejected>, String> {
    let req = hocba_core::exchange::status_request(
        &up.account(school_year),
        TransactionType::Submit,
        upstream_messageid,
    )
    .map_err(|e| e.code().to_owned())?;
    let (status, reply) = exchange(up, &req)?;
    let reply = reply.ok_or_else(|| format!("http_{status}"))?;
    if reply.response_code != "ok" {
        return Err(reply.response_code);
    }
    Ok(reply
        .danh_sach_hoc_ba
        .unwrap_or_default()
        .into_iter()
        .enumerate()
        .filter(|(_, r)| r.trang_thai != hocba_core::exchange::RECORD_ACCEPTED)
        .map(|(i, r)| store::Rejected {
            item_index: i64::try_from(i).unwrap_or(i64::MAX),
            ma_tra_cuu_uuid: r.ma_tra_cuu_uuid.to_ascii_lowercase(),
            code: r.error.unwrap_or_else(|| "rejected".into()),
            field: r.error_field_title,
            description: r.error_description,
        })
        .collect())
}

/// A delivered submission or re-send with the records the national store rejected in it: a
/// delivery counts only once that answer is read (else the entry is retried, idempotently).
async fn with_rejections(
    up: &Arc<Upstream>,
    attempt: Attempt,
    upstream_messageid: &str,
    school_year: i64,
) -> (Attempt, Vec<store::Rejected>) {
    if !matches!(attempt, Attempt::Delivered(_)) {
        return (attempt, Vec::new());
    }
    let (u, mid) = (up.clone(), upstream_messageid.to_owned());
    let year = i32::try_from(school_year).unwrap_or(0);
    match tokio::task::spawn_blocking(move || rejected_records(&u, &mid, year)).await {
        Ok(Ok(rejected)) => (attempt, rejected),
        Ok(Err(code)) => (Attempt::Retry(code), Vec::new()),
        Err(_) => (Attempt::Retry("internal_error".into()), Vec::new()),
    }
}

/// What a reply means for its outbox entry, decided by its `ResponseCode` first and by the HTTP
/// status only for a code this forwarder does not know (ADR 0226): `ok`, or a resend's
/// `duplicate_messageid` (delivered before, the reply was lost: the national store answers it
/// only for the same unit, type and content, ADR 0229), is delivered; `messageid_reused` (the
/// id is another transaction's upstream) is a refusal for good, never delivered; a retryable code
/// ([`crate::RETRYABLE_CODES`]: nothing stored, the `messageid` unused) is retried whatever
/// the status; another code is retried when its status is 429 or 5xx (a proxy's `http_NNN`, or
/// a failure code of a newer store: nothing is lost by sending again) and is otherwise a
/// refusal for good.
fn disposition(status: u16, code: String) -> Attempt {
    if crate::RETRYABLE_CODES.contains(&code.as_str()) {
        return Attempt::Retry(code);
    }
    match (status, code.as_str()) {
        (200, "ok") | (409, "duplicate_messageid") => Attempt::Delivered(code),
        (429 | 500..=599, _) => Attempt::Retry(code),
        _ => Attempt::Refused(code),
    }
}

/// The state an attempt leaves its entry in: (state, next attempt, code).
fn outcome(attempt: Attempt, attempts: i64, at: i64) -> (&'static str, i64, String) {
    match attempt {
        Attempt::Delivered(c) => ("sent", at, c),
        Attempt::Retry(c) => ("pending", at + backoff_secs(attempts), c),
        Attempt::Refused(c) => ("failed", at, c),
    }
}

/// The audit actions of an entry that ends sent or failed, by outbox.
fn audit_actions(entry: store::OutboxEntry<'_>) -> (&'static str, &'static str) {
    match entry {
        store::OutboxEntry::Submission(_) => ("forward_sent", "forward_failed"),
        store::OutboxEntry::Recall(..) => ("forward_recall_sent", "forward_recall_failed"),
        store::OutboxEntry::Certificate(_) => {
            ("forward_certificate_sent", "forward_certificate_failed")
        }
        store::OutboxEntry::Resend(_) => ("forward_resend_sent", "forward_resend_failed"),
    }
}

/// The audit action of an operator's re-queueing of a failed entry of `outbox` (ADR 0227),
/// named like the forwarder's own entries about it.
pub(crate) fn requeue_action(outbox: store::Outbox) -> &'static str {
    match outbox {
        store::Outbox::Submissions => "requeue_forward",
        store::Outbox::Recalls => "requeue_forward_recall",
        store::Outbox::Certificates => "requeue_forward_certificate",
        store::Outbox::Resends => "requeue_forward_resend",
    }
}

/// The records the national store rejected in a delivered submission or re-send, with the
/// school and year they are kept under.
struct Rejections {
    unit: String,
    nam_hoc: i64,
    items: Vec<store::Rejected>,
}

/// Stores what one attempt on `entry` (whose delivery was `delivery`) gave, in one
/// transaction: its new delivery state, and when that ends the entry (sent or failed) an audit
/// entry about `subject` whose detail is `detail` with the upstream `messageid` and the code.
/// When a submission or re-send is sent, the records the national store rejected in it
/// (`rejected`) are kept in the same transaction, and their number is in the audit detail
/// (ADR 0230). Returns (state, code). Every outbox goes through here.
async fn settle(
    store: &Store,
    entry: store::OutboxEntry<'_>,
    delivery: &store::Delivery,
    attempt: Attempt,
    subject: &str,
    mut detail: serde_json::Map<String, serde_json::Value>,
    rejected: Option<Rejections>,
) -> Result<(&'static str, String), StoreError> {
    let at = clock::now_secs();
    let (state, next, code) = outcome(attempt, delivery.attempts, at);
    let mut w = store.write().await?;
    store::update_delivery(&mut *w.tx, entry, state, next, &code, at).await?;
    if let Some(r) = rejected.filter(|_| state == "sent") {
        store::record_rejections(
            &mut w.tx,
            &delivery.upstream_messageid,
            &r.unit,
            r.nam_hoc,
            &r.items,
            at,
        )
        .await?;
        detail.insert("rejected".into(), r.items.len().into());
    }
    if state != "pending" {
        let (sent, failed) = audit_actions(entry);
        let action = if state == "sent" { sent } else { failed };
        detail.insert(
            "upstream".into(),
            delivery.upstream_messageid.clone().into(),
        );
        detail.insert("code".into(), code.clone().into());
        audit_forward(&mut w, at, action, subject, &detail.into()).await?;
    }
    w.commit().await?;
    Ok((state, code))
}

/// The delivery of an entry as it is to be sent now (ADR 0229): as stored, except that an entry
/// queued by an older version (its upstream `messageid` `fwd-…`, not [`UPSTREAM_PREFIX`]) that
/// nothing reached upstream under that id — never attempted (no `last_code`), or answered
/// [`crate::MESSAGEID_REUSED`] (the id was another transaction's) — first gets its current id
/// ([`upstream_id`]), stored in one transaction with an audit entry `forward_rekeyed` about
/// `subject` (`{list, from, to, previous_code}`). An older entry that was attempted keeps its id,
/// so a resend after a lost reply stays idempotent upstream.
async fn current_delivery(
    store: &Store,
    up: &Upstream,
    outbox: store::Outbox,
    what: Forwarded<'_>,
    delivery: &store::Delivery,
    subject: &str,
) -> Result<store::Delivery, StoreError> {
    let old = &delivery.upstream_messageid;
    let unsent = matches!(
        delivery.last_code.as_deref(),
        None | Some(crate::MESSAGEID_REUSED)
    );
    if old.starts_with(UPSTREAM_PREFIX) || !unsent {
        return Ok(delivery.clone());
    }
    let new = upstream_id(&up.unit, what);
    let at = clock::now_secs();
    let mut w = store.write().await?;
    if store::rekey(&mut *w.tx, outbox, old, &new, at).await? {
        let detail = serde_json::json!({
            "list": outbox.list_name(),
            "from": old,
            "to": new,
            "previous_code": delivery.last_code,
        });
        audit_forward(&mut w, at, "forward_rekeyed", subject, &detail).await?;
    }
    w.commit().await?;
    Ok(store::Delivery {
        upstream_messageid: new,
        ..delivery.clone()
    })
}

/// An older entry's id answered [`crate::MESSAGEID_REUSED`] is retried (under its current id,
/// given by [`current_delivery`] on the next pass) rather than failed: the store said nothing
/// was processed under it (ADR 0229). An entry of the current scheme answered so fails, for
/// the operator.
fn reused_old_id(attempt: Attempt, delivery: &store::Delivery) -> Attempt {
    match attempt {
        Attempt::Refused(c)
            if c == crate::MESSAGEID_REUSED
                && !delivery.upstream_messageid.starts_with(UPSTREAM_PREFIX) =>
        {
            Attempt::Retry(c)
        }
        other => other,
    }
}

async fn attempt_blocking(
    up: &Arc<Upstream>,
    kind: Outgoing,
    upstream_messageid: &str,
    records: Vec<Vec<u8>>,
    school_year: i64,
) -> Attempt {
    let (up, mid) = (up.clone(), upstream_messageid.to_owned());
    let year = i32::try_from(school_year).unwrap_or(0);
    tokio::task::spawn_blocking(move || send(&up, kind, &mid, &records, year))
        .await
        .unwrap_or_else(|_| Attempt::Retry("internal_error".into()))
}

/// One pass over the due entries — certificate approvals, then submissions, then the
/// operator's re-sends of rejected records, then recalls; returns how many were handled. On
/// PostgreSQL one pass at a time per database (ADR 0287): while another process's forwarder
/// runs its pass, this one handles nothing (0).
pub async fn run_once(store: &Store, up: &Arc<Upstream>) -> Result<usize, StoreError> {
    let Some(pass) = store.forwarder_pass().await? else {
        return Ok(0);
    };
    let handled = run_pass(store, up).await;
    pass.release().await;
    handled
}

async fn run_pass(store: &Store, up: &Arc<Upstream>) -> Result<usize, StoreError> {
    let now = clock::now_secs();
    let certificates = forward_certificates(store, up, now).await?;
    let due = store::due_forwards(store.pool(), now, 16).await?;
    for row in &due {
        let delivery = current_delivery(
            store,
            up,
            store::Outbox::Submissions,
            Forwarded::Submission(&row.messageid),
            &row.delivery,
            &row.messageid,
        )
        .await?;
        let records = store::accepted_bytes(store.pool(), &row.messageid).await?;
        let (unit, nam_hoc) = store::transaction(store.pool(), &row.messageid)
            .await?
            .map_or((String::new(), 0), |t| (t.ma_don_vi, t.nam_hoc));
        let attempt = attempt_blocking(
            up,
            Outgoing::Submit,
            &delivery.upstream_messageid,
            records,
            nam_hoc,
        )
        .await;
        let attempt = reused_old_id(attempt, &delivery);
        let (attempt, items) =
            with_rejections(up, attempt, &delivery.upstream_messageid, nam_hoc).await;
        let entry = store::OutboxEntry::Submission(&row.messageid);
        let detail = serde_json::Map::new();
        let rejected = Rejections {
            unit,
            nam_hoc,
            items,
        };
        let (state, code) = settle(
            store,
            entry,
            &delivery,
            attempt,
            &row.messageid,
            detail,
            Some(rejected),
        )
        .await?;
        crate::log::info(
            "forward",
            &format!("messageid={} state={state} code={code}", row.messageid),
        );
    }
    // The operator's re-sends of records the national store rejected (ADR 0230), sent as
    // submissions under their own upstream ids.
    let resends = store::due_forward_resends(store.pool(), clock::now_secs(), 16).await?;
    for row in &resends {
        let records = store::resend_bytes(store.pool(), &row.id).await?;
        let mid = &row.delivery.upstream_messageid;
        let attempt = attempt_blocking(up, Outgoing::Submit, mid, records, row.nam_hoc).await;
        let (attempt, items) = with_rejections(up, attempt, mid, row.nam_hoc).await;
        let rejected = Rejections {
            unit: row.ma_don_vi.clone(),
            nam_hoc: row.nam_hoc,
            items,
        };
        let entry = store::OutboxEntry::Resend(&row.id);
        let detail = serde_json::Map::new();
        let (state, code) = settle(
            store,
            entry,
            &row.delivery,
            attempt,
            &row.id,
            detail,
            Some(rejected),
        )
        .await?;
        crate::log::info(
            "forward",
            &format!("resend id={} state={state} code={code}", row.id),
        );
    }
    // Recalls, once the submission carrying their record was delivered (the query says).
    let recalls = store::due_forward_recalls(store.pool(), clock::now_secs(), 16).await?;
    for row in &recalls {
        let Some(record) = store::record_by_uuid(store.pool(), &row.ma_tra_cuu_uuid).await? else {
            continue;
        };
        let delivery = current_delivery(
            store,
            up,
            store::Outbox::Recalls,
            Forwarded::Recall(&row.messageid, row.item_index),
            &row.delivery,
            &row.ma_tra_cuu_uuid,
        )
        .await?;
        let nam_hoc = store::transaction(store.pool(), &row.messageid)
            .await?
            .map_or(0, |t| t.nam_hoc);
        let attempt = attempt_blocking(
            up,
            Outgoing::Recall,
            &delivery.upstream_messageid,
            vec![record.signed_xml],
            nam_hoc,
        )
        .await;
        let attempt = reused_old_id(attempt, &delivery);
        let entry = store::OutboxEntry::Recall(&row.messageid, row.item_index);
        let mut detail = serde_json::Map::new();
        detail.insert("index".into(), row.item_index.into());
        let (state, code) = settle(
            store,
            entry,
            &delivery,
            attempt,
            &row.ma_tra_cuu_uuid,
            detail,
            None,
        )
        .await?;
        crate::log::info(
            "forward",
            &format!(
                "recall messageid={} index={} state={state} code={code}",
                row.messageid, row.item_index
            ),
        );
    }
    Ok(certificates + due.len() + resends.len() + recalls.len())
}

/// Queues every approved school certificate not queued yet (from the certificates table: an
/// approval by the operator, by `setup`, or older than the outbox is never missed), then sends
/// the due ones; returns how many were handled.
async fn forward_certificates(
    store: &Store,
    up: &Arc<Upstream>,
    now: i64,
) -> Result<usize, StoreError> {
    let mut w = store.write().await?;
    store::enqueue_approved_certificates(&mut w.tx, now, |fingerprint| {
        upstream_id(&up.unit, Forwarded::Certificate(fingerprint))
    })
    .await?;
    w.commit().await?;
    let due = store::due_forward_certificates(store.pool(), now, 16).await?;
    for row in &due {
        let Some(cert) = store::certificate_by_fingerprint(store.pool(), &row.fingerprint).await?
        else {
            continue;
        };
        let name = store::unit_name(store.pool(), &cert.ma_don_vi)
            .await?
            .unwrap_or_default();
        let delivery = current_delivery(
            store,
            up,
            store::Outbox::Certificates,
            Forwarded::Certificate(&row.fingerprint),
            &row.delivery,
            &row.fingerprint,
        )
        .await?;
        let (u, mid) = (up.clone(), delivery.upstream_messageid.clone());
        let attempt = tokio::task::spawn_blocking(move || send_certificate(&u, &cert, &name, &mid))
            .await
            .unwrap_or_else(|_| Attempt::Retry("internal_error".into()));
        let attempt = reused_old_id(attempt, &delivery);
        let entry = store::OutboxEntry::Certificate(&row.fingerprint);
        let detail = serde_json::Map::new();
        let (state, code) = settle(
            store,
            entry,
            &delivery,
            attempt,
            &row.fingerprint,
            detail,
            None,
        )
        .await?;
        crate::log::info(
            "forward",
            &format!(
                "certificate upstream={} state={state} code={code}",
                delivery.upstream_messageid
            ),
        );
    }
    Ok(due.len())
}

async fn audit_forward(
    w: &mut store::WriteTx<'_>,
    at: i64,
    action: &str,
    subject: &str,
    detail: &serde_json::Value,
) -> Result<(), StoreError> {
    audit::append(
        w,
        at,
        &audit::Event {
            actor: "system",
            action,
            subject,
            detail: detail.to_string(),
        },
    )
    .await
    .map(|_| ())
}

/// Queues what the province accepted or approved while it ran without forwarding (ADR 0255):
/// every submission with accepted records that has no outbox entry, and every approved recall
/// entry that has none, under their upstream `messageid`s, in one transaction with an audit
/// entry `forward_catch_up` (how many; none written when there is nothing). With forwarding on,
/// both are queued in the transaction that stores them, so this finds only what a process
/// without `--forward-to` stored. Returns (submissions, recall entries) queued.
pub async fn catch_up(store: &Store, up: &Upstream) -> Result<(usize, usize), StoreError> {
    let at = clock::now_secs();
    let mut w = store.write().await?;
    let submissions = store::unforwarded_submissions(&mut *w.tx).await?;
    let recalls = store::unforwarded_recalls(&mut *w.tx).await?;
    if submissions.is_empty() && recalls.is_empty() {
        w.rollback().await?;
        return Ok((0, 0));
    }
    for messageid in &submissions {
        let id = upstream_id(&up.unit, Forwarded::Submission(messageid));
        store::enqueue_forward(&mut *w.tx, messageid, &id, at).await?;
    }
    for (messageid, index, uuid) in &recalls {
        let id = upstream_id(&up.unit, Forwarded::Recall(messageid, *index));
        store::enqueue_forward_recall(&mut *w.tx, messageid, *index, uuid, &id, at).await?;
    }
    audit_forward(
        &mut w,
        at,
        "forward_catch_up",
        &up.unit,
        &serde_json::json!({"submissions": submissions, "recalls": recalls.len()}),
    )
    .await?;
    w.commit().await?;
    crate::log::info(
        "forward",
        &format!(
            "catch_up submissions={} recalls={}",
            submissions.len(),
            recalls.len()
        ),
    );
    Ok((submissions.len(), recalls.len()))
}

/// Runs the forwarder until the process ends: first [`catch_up`] (tried again on every pass
/// until it succeeds), then a pass every `poll`.
pub fn spawn(store: Store, up: Arc<Upstream>) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut caught_up = false;
        loop {
            if !caught_up {
                match catch_up(&store, &up).await {
                    Ok(_) => caught_up = true,
                    Err(e) => crate::log::error("forward", &e.to_string()),
                }
            }
            if let Err(e) = run_once(&store, &up).await {
                crate::log::error("forward", &e.to_string());
            }
            tokio::time::sleep(up.poll).await;
        }
    })
}

#[cfg(test)]
mod tests {
    use super::{Attempt, disposition};

    /// (HTTP status, `ResponseCode`) → what the forwarder does: the code decides.
    #[test]
    fn replies_are_judged_by_their_code() {
        let seal = crate::SEAL_APPROVAL_NOT_FORWARDED;
        for (status, code, want) in [
            (200, "ok", "delivered"),
            (409, "duplicate_messageid", "delivered"),
            // The national store's ordering wait (ADR 0226: 409), and as stores before it sent
            // it (503): retried either way, never delivered, never failed.
            (409, seal, "retry"),
            (503, seal, "retry"),
            (503, "storage_error", "retry"),
            (500, "internal_error", "retry"),
            (429, "rate_limited", "retry"),
            // Not the store's reply: a proxy's error page.
            (502, "http_502", "retry"),
            (429, "http_429", "retry"),
            (404, "http_404", "refused"),
            // Refusals for good.
            (409, "school_of_another_province", "refused"),
            (409, "certificate_already_registered", "refused"),
            (403, "certificate_not_approved", "refused"),
            (400, "invalid_registration", "refused"),
            // A code this forwarder does not know: the status decides.
            (503, "a_newer_failure_code", "retry"),
            (409, "a_newer_conflict_code", "refused"),
            (200, "duplicate_messageid", "refused"),
            // The messageid was another transaction's upstream (ADR 0229): never delivered.
            (409, "messageid_reused", "refused"),
        ] {
            let got = match disposition(status, code.to_owned()) {
                Attempt::Delivered(c) => ("delivered", c),
                Attempt::Retry(c) => ("retry", c),
                Attempt::Refused(c) => ("refused", c),
            };
            assert_eq!(got, (want, code.to_owned()), "{status} {code}");
        }
    }

    #[test]
    fn backoff_doubles_up_to_five_minutes() {
        let b: Vec<i64> = (0..10).map(super::backoff_secs).collect();
        assert_eq!(b, vec![2, 4, 8, 16, 32, 64, 128, 256, 300, 300]);
        assert_eq!(super::backoff_secs(i64::MAX), 300);
    }

    /// ADR 0229's upstream `messageid`s, computed independently (Python's `hashlib`): the
    /// entries that collided under the old scheme (`fwd-x-0` for submission `x-0` and entry 0
    /// of recall request `x`; one school `messageid` at two provinces) now differ, and every id
    /// is 47 characters the portal accepts as a `messageid`.
    #[test]
    fn upstream_ids_differ_across_outboxes_and_provinces() {
        use super::{Forwarded, upstream_id};
        let fp = "ab".repeat(32);
        let table = [
            (
                "SO-49",
                Forwarded::Submission("x-0"),
                "fwd2.s.3dfdbaa503bf40d0cbe32c76dd951f5b88453097",
            ),
            (
                "SO-49",
                Forwarded::Recall("x", 0),
                "fwd2.r.8983eac280eed44b2a54ffe5b680f1b0716ac05d",
            ),
            (
                "SO-79",
                Forwarded::Submission("x-0"),
                "fwd2.s.26b33e8bbc5f730e58dae571e5c2084d16601c0d",
            ),
            (
                "SO-49",
                Forwarded::Certificate(&fp),
                "fwd2.c.51f0190743e3acfc0155652578e34ab0c2ff348a",
            ),
            (
                "SO-49",
                Forwarded::Resend("7"),
                "fwd2.e.53e2e99d1f1b6da456c44c60badb3b89e350c128",
            ),
        ];
        for (unit, what, want) in table {
            let got = upstream_id(unit, what);
            assert_eq!(got, want, "{unit} {what:?}");
            assert_eq!(got.len(), 47);
            assert!(crate::valid_message_id(&got));
        }
        // A school messageid of the longest kind still gives a valid upstream id.
        assert!(crate::valid_message_id(&upstream_id(
            "SO-49",
            Forwarded::Submission(&"m".repeat(128))
        )));
    }
}
