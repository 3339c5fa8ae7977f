//! Records the national store rejected inside a forwarded transaction it accepted, and the
//! province operator's re-sends of them (ADR 0230). The forwarder keeps each rejection from the
//! store's per-record answer (type 2) when it marks the entry sent; the operator re-sends a
//! school's open rejections as a new outbox entry (`forward_resends`, listed as `resends`) with
//! its own upstream `messageid` (ADR 0229), which the forwarder sends like a submission.

use sqlx::any::AnyRow;
use sqlx::{Any, Executor, Row};

use super::StoreError;
use super::queries::{DELIVERY_COLUMNS, Delivery, delivery};

type R<T> = Result<T, StoreError>;

/// One record the national store rejected in a forwarded transaction, as its per-record answer
/// gave it (`danh_sach_hoc_ba`: the record's lookup code, `error`, `error_field_title`,
/// `error_description`; never the pupil's name or ID).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rejected {
    /// Its index in the forwarded transaction.
    pub item_index: i64,
    /// `ma_tra_cuu_uuid` (lower case, as records are stored).
    pub ma_tra_cuu_uuid: String,
    /// `error`.
    pub code: String,
    /// `error_field_title`.
    pub field: Option<String>,
    /// `error_description` (Vietnamese).
    pub description: Option<String>,
}

/// A rejection as the operator sees it.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct RejectionRow {
    /// The upstream `messageid` of the forwarded transaction that carried the record.
    pub upstream_messageid: String,
    /// The outbox of that transaction: `forwarding` (a school's submission) or `resends`.
    pub list: String,
    /// The school's submission that carried it, when the transaction was one.
    pub messageid: Option<String>,
    /// Its index in that transaction.
    pub item_index: i64,
    /// The record's lookup code.
    pub ma_tra_cuu_uuid: String,
    /// The school.
    pub ma_don_vi: String,
    /// The school year of the transaction.
    pub nam_hoc: i64,
    /// The national store's code (`seal_not_approved` …).
    pub code: String,
    /// The element or signer it is about.
    pub field: Option<String>,
    /// The reason in Vietnamese, as the national store gave it.
    pub description: Option<String>,
    /// Unix seconds.
    pub recorded_at: i64,
    /// The re-send that carries it again, once the operator re-sent it.
    pub resend_id: Option<String>,
}

const REJECTION_SELECT: &str = "SELECT j.upstream_messageid, \
     CASE WHEN q.messageid IS NULL THEN 'resends' ELSE 'forwarding' END, q.messageid, \
     j.item_index, j.ma_tra_cuu_uuid, j.ma_don_vi, j.nam_hoc, j.code, j.field, j.description, \
     j.recorded_at, j.resend_id FROM forward_rejections j \
     LEFT JOIN forward_queue q ON q.upstream_messageid = j.upstream_messageid";

fn rejection(r: &AnyRow) -> R<RejectionRow> {
    Ok(RejectionRow {
        upstream_messageid: r.try_get(0)?,
        list: r.try_get(1)?,
        messageid: r.try_get(2)?,
        item_index: r.try_get(3)?,
        ma_tra_cuu_uuid: r.try_get(4)?,
        ma_don_vi: r.try_get(5)?,
        nam_hoc: r.try_get(6)?,
        code: r.try_get(7)?,
        field: r.try_get(8)?,
        description: r.try_get(9)?,
        recorded_at: r.try_get(10)?,
        resend_id: r.try_get(11)?,
    })
}

/// Keeps the records the national store rejected in the transaction forwarded under `upstream`
/// (of school `unit`, year `nam_hoc`). A rejection already kept (the same transaction's answer
/// read again after a resend) is left as it is.
pub async fn record_rejections(
    c: &mut sqlx::AnyConnection,
    upstream: &str,
    unit: &str,
    nam_hoc: i64,
    rejected: &[Rejected],
    now: i64,
) -> R<()> {
    for r in rejected {
        sqlx::query(
            "INSERT INTO forward_rejections (upstream_messageid, item_index, ma_tra_cuu_uuid, \
             ma_don_vi, nam_hoc, code, field, description, recorded_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) \
             ON CONFLICT (upstream_messageid, item_index) DO NOTHING",
        )
        .bind(upstream)
        .bind(r.item_index)
        .bind(&r.ma_tra_cuu_uuid)
        .bind(unit)
        .bind(nam_hoc)
        .bind(&r.code)
        .bind(r.field.as_deref())
        .bind(r.description.as_deref())
        .bind(now)
        .execute(&mut *c)
        .await?;
    }
    Ok(())
}

/// Every rejection kept, newest first (the operator's view).
pub async fn rejections<'e, E: Executor<'e, Database = Any>>(e: E) -> R<Vec<RejectionRow>> {
    sqlx::query(&format!(
        "{REJECTION_SELECT} ORDER BY j.recorded_at DESC, j.upstream_messageid, j.item_index"
    ))
    .fetch_all(e)
    .await?
    .iter()
    .map(rejection)
    .collect()
}

/// The school years of `unit`'s open rejections (not re-sent) whose record is still issued at
/// the province (a record recalled here since is not sent again), in order.
pub async fn open_rejection_years<'e, E: Executor<'e, Database = Any>>(
    e: E,
    unit: &str,
) -> R<Vec<i64>> {
    Ok(sqlx::query_scalar(
        "SELECT DISTINCT j.nam_hoc FROM forward_rejections j \
         JOIN records r ON r.ma_tra_cuu_uuid = j.ma_tra_cuu_uuid \
         WHERE j.ma_don_vi = $1 AND j.resend_id IS NULL AND r.state = 'issued' \
         ORDER BY j.nam_hoc",
    )
    .bind(unit)
    .fetch_all(e)
    .await?)
}

/// How many re-sends exist (the next one's number is this plus one).
pub async fn resend_count<'e, E: Executor<'e, Database = Any>>(e: E) -> R<i64> {
    Ok(sqlx::query_scalar("SELECT COUNT(*) FROM forward_resends")
        .fetch_one(e)
        .await?)
}

/// A re-send as the operator asked for it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewResend<'a> {
    /// Its id.
    pub id: &'a str,
    /// The school.
    pub ma_don_vi: &'a str,
    /// The school year of its records.
    pub nam_hoc: i64,
    /// The operator.
    pub requested_by: &'a str,
    /// Its upstream `messageid` (ADR 0229).
    pub upstream_messageid: &'a str,
}

/// Queues re-send `r` holding `r.ma_don_vi`'s open rejections of year `r.nam_hoc` whose record
/// is still issued; returns their lookup codes, in the order they will be sent (none: nothing
/// queued).
pub async fn queue_resend(
    c: &mut sqlx::AnyConnection,
    r: &NewResend<'_>,
    now: i64,
) -> R<Vec<String>> {
    // The row first: the rejections refer to it.
    sqlx::query(&format!(
        "INSERT INTO forward_resends (id, ma_don_vi, nam_hoc, requested_by, requested_at, \
         upstream_messageid, state, attempts, next_attempt_at, last_code, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, {})",
        super::queries::new_delivery("$5")
    ))
    .bind(r.id)
    .bind(r.ma_don_vi)
    .bind(r.nam_hoc)
    .bind(r.requested_by)
    .bind(now)
    .bind(r.upstream_messageid)
    .execute(&mut *c)
    .await?;
    sqlx::query(
        "UPDATE forward_rejections SET resend_id = $1 \
         WHERE ma_don_vi = $2 AND nam_hoc = $3 AND resend_id IS NULL AND ma_tra_cuu_uuid IN \
         (SELECT ma_tra_cuu_uuid FROM records WHERE state = 'issued')",
    )
    .bind(r.id)
    .bind(r.ma_don_vi)
    .bind(r.nam_hoc)
    .execute(&mut *c)
    .await?;
    resend_records(&mut *c, r.id).await
}

/// The lookup codes of the records re-send `id` carries, in the order it sends them.
pub async fn resend_records<'e, E: Executor<'e, Database = Any>>(e: E, id: &str) -> R<Vec<String>> {
    Ok(sqlx::query_scalar(
        "SELECT ma_tra_cuu_uuid FROM forward_rejections WHERE resend_id = $1 \
         ORDER BY upstream_messageid, item_index",
    )
    .bind(id)
    .fetch_all(e)
    .await?)
}

/// The signed bytes of the records re-send `id` carries, in the order it sends them.
pub async fn resend_bytes<'e, E: Executor<'e, Database = Any>>(e: E, id: &str) -> R<Vec<Vec<u8>>> {
    Ok(sqlx::query_scalar(
        "SELECT r.signed_xml FROM forward_rejections j \
         JOIN records r ON r.ma_tra_cuu_uuid = j.ma_tra_cuu_uuid \
         WHERE j.resend_id = $1 ORDER BY j.upstream_messageid, j.item_index",
    )
    .bind(id)
    .fetch_all(e)
    .await?)
}

/// One re-send in the province's outbox.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct ForwardResendRow {
    /// Its id.
    pub id: String,
    /// The school.
    pub ma_don_vi: String,
    /// The school year of its records.
    pub nam_hoc: i64,
    /// The operator who asked for it.
    pub requested_by: String,
    /// Unix seconds.
    pub requested_at: i64,
    /// Its delivery (`upstream_messageid`: `fwd2.e.…`, ADR 0229).
    #[serde(flatten)]
    pub delivery: Delivery,
}

fn resend(r: &AnyRow) -> R<ForwardResendRow> {
    Ok(ForwardResendRow {
        id: r.try_get(0)?,
        ma_don_vi: r.try_get(1)?,
        nam_hoc: r.try_get(2)?,
        requested_by: r.try_get(3)?,
        requested_at: r.try_get(4)?,
        delivery: delivery(r, 5)?,
    })
}

fn resend_select() -> String {
    format!(
        "SELECT f.id, f.ma_don_vi, f.nam_hoc, f.requested_by, f.requested_at, \
         {DELIVERY_COLUMNS} FROM forward_resends f"
    )
}

/// Pending re-sends due at `now`, oldest first.
pub async fn due_forward_resends<'e, E: Executor<'e, Database = Any>>(
    e: E,
    now: i64,
    limit: i64,
) -> R<Vec<ForwardResendRow>> {
    sqlx::query(&format!(
        "{} WHERE f.state = 'pending' AND f.next_attempt_at <= $1 \
         ORDER BY f.next_attempt_at, f.id LIMIT $2",
        resend_select()
    ))
    .bind(now)
    .bind(limit)
    .fetch_all(e)
    .await?
    .iter()
    .map(resend)
    .collect()
}

/// Every re-send, newest first (the operator's view).
pub async fn forward_resends<'e, E: Executor<'e, Database = Any>>(
    e: E,
) -> R<Vec<ForwardResendRow>> {
    sqlx::query(&format!(
        "{} ORDER BY f.updated_at DESC, f.id",
        resend_select()
    ))
    .fetch_all(e)
    .await?
    .iter()
    .map(resend)
    .collect()
}
