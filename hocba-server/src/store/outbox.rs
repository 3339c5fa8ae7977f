//! The province's three outboxes to the national store seen as one kind of thing, for the
//! operator's re-queueing of failed entries (ADR 0227): which list an entry is in, what it
//! forwards, which unit it belongs to, and the one state change an operator may make.

use sqlx::any::AnyRow;
use sqlx::{Any, Executor, Row};

use super::StoreError;
use super::queries::{DELIVERY_COLUMNS, Delivery, delivery};

type R<T> = Result<T, StoreError>;

/// One of the province's outboxes, named as its list in the operator's view
/// (`GET /api/v1/operator/forwarding`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outbox {
    /// Approved school certificates (`certificates`, table `forward_certificates`, ADR 0201).
    Certificates,
    /// Accepted submissions (`forwarding`, table `forward_queue`).
    Submissions,
    /// Approved recalls (`recalls`, table `forward_recalls`).
    Recalls,
    /// The operator's re-sends of records the national store rejected (`resends`, table
    /// `forward_resends`, ADR 0230).
    Resends,
}

impl Outbox {
    /// Every outbox, in the order the forwarder sends them (certificates first).
    pub const ALL: [Outbox; 4] = [
        Outbox::Certificates,
        Outbox::Submissions,
        Outbox::Resends,
        Outbox::Recalls,
    ];

    /// The outbox whose list in the operator's view is called `name`.
    pub fn from_list_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|o| o.list_name() == name)
    }

    /// The name of its list in the operator's view.
    pub fn list_name(self) -> &'static str {
        match self {
            Outbox::Certificates => "certificates",
            Outbox::Submissions => "forwarding",
            Outbox::Recalls => "recalls",
            Outbox::Resends => "resends",
        }
    }

    fn table(self) -> &'static str {
        match self {
            Outbox::Certificates => "forward_certificates",
            Outbox::Submissions => "forward_queue",
            Outbox::Recalls => "forward_recalls",
            Outbox::Resends => "forward_resends",
        }
    }

    /// `SELECT subject, unit, delivery… FROM outbox f JOIN what it forwards`, and the unit's
    /// column. The subject is what the forwarder's audit entries of the outbox name (a
    /// submission's `messageid`, a recalled record's lookup code, a certificate's fingerprint,
    /// a re-send's id);
    /// the unit is the school the entry is of.
    fn select(self) -> (String, &'static str) {
        let (subject, unit, join) = match self {
            Outbox::Certificates => (
                "f.fingerprint",
                "c.ma_don_vi",
                "JOIN certificates c ON c.fingerprint = f.fingerprint",
            ),
            Outbox::Submissions => (
                "f.messageid",
                "t.ma_don_vi",
                "JOIN transactions t ON t.messageid = f.messageid",
            ),
            Outbox::Recalls => (
                "f.ma_tra_cuu_uuid",
                "r.ma_don_vi",
                "JOIN recalls r ON r.messageid = f.messageid AND r.item_index = f.item_index",
            ),
            Outbox::Resends => ("f.id", "f.ma_don_vi", ""),
        };
        (
            format!(
                "SELECT {subject}, {unit}, {DELIVERY_COLUMNS} FROM {} f {join}",
                self.table()
            ),
            unit,
        )
    }
}

/// One entry of an outbox, with what it forwards and whose it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutboxItem {
    /// The outbox.
    pub outbox: Outbox,
    /// What it forwards: a submission's `messageid`, a recalled record's lookup code, a
    /// certificate's fingerprint (the subject of the forwarder's audit entries about it).
    pub subject: String,
    /// The school it is of (the submitting or recalling school, the certificate's school).
    pub ma_don_vi: String,
    /// Its delivery.
    pub delivery: Delivery,
}

fn item(outbox: Outbox, r: &AnyRow) -> R<OutboxItem> {
    Ok(OutboxItem {
        outbox,
        subject: r.try_get(0)?,
        ma_don_vi: r.try_get(1)?,
        delivery: delivery(r, 2)?,
    })
}

/// The entry of `outbox` forwarded under `upstream_messageid` (unique in each outbox).
pub async fn outbox_item<'e, E: Executor<'e, Database = Any>>(
    e: E,
    outbox: Outbox,
    upstream_messageid: &str,
) -> R<Option<OutboxItem>> {
    let (select, _) = outbox.select();
    sqlx::query(&format!("{select} WHERE f.upstream_messageid = $1"))
        .bind(upstream_messageid)
        .fetch_optional(e)
        .await?
        .as_ref()
        .map(|r| item(outbox, r))
        .transpose()
}

/// The `failed` entries of `outbox` that are `unit`'s, oldest update first.
pub async fn failed_outbox_items_of_unit<'e, E: Executor<'e, Database = Any>>(
    e: E,
    outbox: Outbox,
    unit: &str,
) -> R<Vec<OutboxItem>> {
    let (select, unit_column) = outbox.select();
    sqlx::query(&format!(
        "{select} WHERE f.state = 'failed' AND {unit_column} = $1 \
         ORDER BY f.updated_at, f.upstream_messageid"
    ))
    .bind(unit)
    .fetch_all(e)
    .await?
    .iter()
    .map(|r| item(outbox, r))
    .collect()
}

/// Puts a `failed` entry back in the queue (ADR 0227): `pending`, due at `now`, its attempts
/// counted from zero again (so the back-off starts over); its `last_code` stays until the next
/// attempt replaces it. Returns whether the entry was `failed` (an entry pending or sent is left
/// as it is).
pub async fn requeue_failed<'e, E: Executor<'e, Database = Any>>(
    e: E,
    outbox: Outbox,
    upstream_messageid: &str,
    now: i64,
) -> R<bool> {
    Ok(sqlx::query(&format!(
        "UPDATE {} SET state = 'pending', attempts = 0, next_attempt_at = $1, updated_at = $1 \
         WHERE upstream_messageid = $2 AND state = 'failed'",
        outbox.table()
    ))
    .bind(now)
    .bind(upstream_messageid)
    .execute(e)
    .await?
    .rows_affected()
        == 1)
}

/// Gives the entry of `outbox` forwarded under `old` the upstream `messageid` `new` (ADR 0229:
/// an entry queued by an older version, before its first attempt reaches upstream); its state
/// is left as it is. Conditional on the old id, so two forwarders re-key it once. Returns
/// whether it changed.
pub async fn rekey<'e, E: Executor<'e, Database = Any>>(
    e: E,
    outbox: Outbox,
    old: &str,
    new: &str,
    now: i64,
) -> R<bool> {
    Ok(sqlx::query(&format!(
        "UPDATE {} SET upstream_messageid = $1, updated_at = $2 WHERE upstream_messageid = $3",
        outbox.table()
    ))
    .bind(new)
    .bind(now)
    .bind(old)
    .execute(e)
    .await?
    .rows_affected()
        == 1)
}
