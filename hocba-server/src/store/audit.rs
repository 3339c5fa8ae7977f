//! The audit log: append-only (database triggers refuse UPDATE and DELETE) and hash-chained —
//! each entry's hash covers the previous entry's hash and every field of its own — so that an
//! entry removed or altered behind the server's back (with the triggers dropped) is found by
//! [`check_chain`]. Entries name transactions, lookup codes and certificates, never a pupil's
//! name, personal ID or birth date.

use sha2::{Digest, Sha256};
use sqlx::Row;

use super::{Store, StoreError, WriteTx, lock_writers};

/// The `prev_hash` of the first entry.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// What happened, by whom, to what.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Event<'a> {
    /// The account (or `system`, `public` for the lookup page).
    pub actor: &'a str,
    /// A stable verb: `submit`, `submit_refused`, `register_certificate`, `approve_certificate`,
    /// `recall_request`, `approve_recall`, `refuse_recall`, `lookup_copy`, `lookup_verify` …
    pub action: &'a str,
    /// The object: a `messageid`, a lookup code, a certificate fingerprint.
    pub subject: &'a str,
    /// Details (counts, codes, lookup codes), JSON text.
    pub detail: String,
}

/// One stored entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// 1, 2, 3 … without gaps.
    pub seq: i64,
    /// Unix seconds.
    pub at: i64,
    /// See [`Event::actor`].
    pub actor: String,
    /// See [`Event::action`].
    pub action: String,
    /// See [`Event::subject`].
    pub subject: String,
    /// See [`Event::detail`].
    pub detail: String,
    /// The previous entry's hash ([`GENESIS`] for the first).
    pub prev_hash: String,
    /// [`entry_hash`] of this entry.
    pub hash: String,
}

/// SHA-256 (hex) over the previous hash and the entry's fields, written as one JSON array so
/// that no two different entries give the same input.
pub fn entry_hash(
    prev_hash: &str,
    seq: i64,
    at: i64,
    actor: &str,
    action: &str,
    subject: &str,
    detail: &str,
) -> String {
    let input = serde_json::json!([prev_hash, seq, at, actor, action, subject, detail]).to_string();
    hex::encode(Sha256::digest(input.as_bytes()))
}

/// Appends `event` in the caller's transaction (so it commits with what it records).
pub async fn append(w: &mut WriteTx<'_>, at: i64, event: &Event<'_>) -> Result<i64, StoreError> {
    lock_writers(w, 7302).await?;
    let last = sqlx::query("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1")
        .fetch_optional(&mut *w.tx)
        .await?;
    let (prev_seq, prev_hash) = match last {
        Some(row) => (row.try_get::<i64, _>(0)?, row.try_get::<String, _>(1)?),
        None => (0, GENESIS.to_owned()),
    };
    let seq = prev_seq + 1;
    let hash = entry_hash(
        &prev_hash,
        seq,
        at,
        event.actor,
        event.action,
        event.subject,
        &event.detail,
    );
    sqlx::query(
        "INSERT INTO audit_log (seq, at, actor, action, subject, detail, prev_hash, hash) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(seq)
    .bind(at)
    .bind(event.actor)
    .bind(event.action)
    .bind(event.subject)
    .bind(&event.detail)
    .bind(&prev_hash)
    .bind(&hash)
    .execute(&mut *w.tx)
    .await?;
    Ok(seq)
}

/// Where the chain is broken.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct ChainBreak {
    /// The first entry that does not follow from the one before it (or the missing number).
    pub seq: i64,
    /// `gap` (an entry removed), `prev_hash` (the link to the previous entry is wrong), `hash`
    /// (the entry was altered), `head` (the log ends before the head recorded elsewhere).
    pub reason: &'static str,
}

/// The result of [`check_chain`].
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct ChainCheck {
    /// Entries read.
    pub entries: i64,
    /// The last entry's hash ([`GENESIS`] when empty): publish it, and pass it back as
    /// `expected_head` to detect a removed tail.
    pub head: String,
    /// The first break, if any.
    pub first_break: Option<ChainBreak>,
}

/// Re-computes the whole chain. `expected_head`: a (seq, hash) recorded earlier outside the
/// database; the log must still contain it unchanged.
pub async fn check_chain(
    store: &Store,
    expected_head: Option<(i64, &str)>,
) -> Result<ChainCheck, StoreError> {
    let rows = sqlx::query(
        "SELECT seq, at, actor, action, subject, detail, prev_hash, hash FROM audit_log \
         ORDER BY seq",
    )
    .fetch_all(store.pool())
    .await?;
    let mut prev = GENESIS.to_owned();
    let mut expected_seq = 1;
    let mut first_break = None;
    let mut head_seen = expected_head.is_none();
    for row in &rows {
        let e = Entry {
            seq: row.try_get(0)?,
            at: row.try_get(1)?,
            actor: row.try_get(2)?,
            action: row.try_get(3)?,
            subject: row.try_get(4)?,
            detail: row.try_get(5)?,
            prev_hash: row.try_get(6)?,
            hash: row.try_get(7)?,
        };
        let reason = if e.seq != expected_seq {
            Some("gap")
        } else if e.prev_hash != prev {
            Some("prev_hash")
        } else if e.hash
            != entry_hash(
                &e.prev_hash,
                e.seq,
                e.at,
                &e.actor,
                &e.action,
                &e.subject,
                &e.detail,
            )
        {
            Some("hash")
        } else {
            None
        };
        if let Some(reason) = reason {
            first_break.get_or_insert(ChainBreak {
                seq: expected_seq.min(e.seq),
                reason,
            });
        }
        if let Some((s, h)) = expected_head
            && s == e.seq
        {
            head_seen = h == e.hash;
        }
        prev = e.hash;
        expected_seq = e.seq + 1;
    }
    if !head_seen && first_break.is_none() {
        first_break = Some(ChainBreak {
            seq: expected_head.map_or(0, |(s, _)| s),
            reason: "head",
        });
    }
    Ok(ChainCheck {
        entries: rows.len() as i64,
        head: prev,
        first_break,
    })
}
