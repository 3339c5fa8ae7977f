//! Re-queueing failed outbox entries at a province (ADR 0227). The forwarder stops an entry in
//! `failed` when the national store refuses it for good (ADR 0226); when the cause is removed
//! upstream — typically a school the national operator has since moved to this province
//! (ADR 0225), whose certificate approval had been refused `school_of_another_province` — the
//! province's operator puts it back in the queue, one entry or every failed entry of a school.
//! An entry pending or sent is left as it is and the answer says so (`changed: false`); each
//! entry re-queued gets its own audit entry with who did it, the code it had failed with and its
//! attempts.

use axum::Json;
use axum::extract::{FromRequestParts, State};
use axum::http::StatusCode;
use axum::http::request::Parts;
use serde_json::{Value, json};

use super::{Reply, error, storage};
use crate::app::{Role, Shared};
use crate::clock;
use crate::rejection::Path;
use crate::store::{self, Account, Outbox, OutboxItem, StoreError, WriteTx, audit};

/// The operator of a province's portal, as an extractor: an [`Operator`](super::Operator), at a
/// province, since only a province forwards (the national store's outboxes stay empty);
/// answered 404 `not_a_province_portal` at the national store.
pub struct ProvinceOperator(pub Account);

impl FromRequestParts<Shared> for ProvinceOperator {
    type Rejection = Reply;

    async fn from_request_parts(parts: &mut Parts, state: &Shared) -> Result<Self, Reply> {
        let super::Operator(op) = super::Operator::from_request_parts(parts, state).await?;
        if state.role != Role::Province {
            return Err(error(
                StatusCode::NOT_FOUND,
                "not_a_province_portal",
                "chỉ Cổng của Sở chuyển tiếp lên Kho học bạ số của Bộ; \
                 ở đây không có hàng đợi chuyển tiếp",
                "only a province's portal forwards to the national store; there is no outbox here",
            ));
        }
        Ok(ProvinceOperator(op))
    }
}

/// Puts `item` back in the queue if it is still `failed`, with its audit entry (who, the code
/// it failed with, its attempts); returns whether it did.
async fn requeue_one(
    w: &mut WriteTx<'_>,
    op: &Account,
    item: &OutboxItem,
    at: i64,
) -> Result<bool, StoreError> {
    let d = &item.delivery;
    if !store::requeue_failed(&mut *w.tx, item.outbox, &d.upstream_messageid, at).await? {
        return Ok(false);
    }
    audit::append(
        w,
        at,
        &audit::Event {
            actor: &op.user_name,
            action: crate::forward::requeue_action(item.outbox),
            subject: &item.subject,
            detail: json!({
                "list": item.outbox.list_name(),
                "upstream": d.upstream_messageid,
                "unit": item.ma_don_vi,
                "previous_code": d.last_code,
                "attempts": d.attempts,
                "failed_at": d.updated_at,
            })
            .to_string(),
        },
    )
    .await?;
    Ok(true)
}

/// The bilingual answer about one entry after a request to re-queue it.
fn messages(changed: bool, state: &str) -> (&'static str, &'static str) {
    match (changed, state) {
        (true, _) => (
            "Đã đưa mục trở lại hàng đợi; lần chuyển tiếp sau sẽ gửi lại",
            "The entry is queued again; the forwarder's next pass sends it",
        ),
        (false, "sent") => (
            "Mục đã được gửi tới Kho học bạ số của Bộ; không có gì thay đổi",
            "The entry was already delivered to the national store; nothing changed",
        ),
        (false, _) => (
            "Mục đang chờ gửi; không có gì thay đổi",
            "The entry is already queued; nothing changed",
        ),
    }
}

/// `POST /api/v1/operator/forwarding/{list}/{upstream_messageid}/requeue` (province, ADR 0227):
/// the entry `upstream_messageid` of the outbox listed as `list` (`certificates`, `forwarding`,
/// `recalls`, `resends`) in `GET /api/v1/operator/forwarding`, if `failed`, is `pending` again, due now,
/// its attempts counted from zero. Pending or sent: nothing changes (`changed: false`).
pub async fn requeue_entry(
    State(state): State<Shared>,
    ProvinceOperator(op): ProvinceOperator,
    Path((list, upstream)): Path<(String, String)>,
) -> Reply {
    let Some(outbox) = Outbox::from_list_name(&list) else {
        return error(
            StatusCode::NOT_FOUND,
            "unknown_outbox",
            "không có hàng đợi chuyển tiếp nào tên này (certificates, forwarding, recalls, resends)",
            "no outbox has this name (certificates, forwarding, recalls, resends)",
        );
    };
    let at = clock::now_secs();
    let result: Result<Option<(OutboxItem, bool)>, StoreError> = async {
        let mut w = state.store.write().await?;
        let Some(item) = store::outbox_item(&mut *w.tx, outbox, &upstream).await? else {
            return Ok(None);
        };
        let changed =
            item.delivery.state == "failed" && requeue_one(&mut w, &op, &item, at).await?;
        if changed {
            w.commit().await?;
            return Ok(Some((item, true)));
        }
        // Not failed, or re-queued by someone else meanwhile: answer with its state now.
        let now = store::outbox_item(&mut *w.tx, outbox, &upstream).await?;
        Ok(now.map(|i| (i, false)))
    }
    .await;
    match result {
        Ok(Some((item, changed))) => {
            let state = if changed {
                "pending"
            } else {
                item.delivery.state.as_str()
            };
            let (vi, en) = messages(changed, state);
            (
                StatusCode::OK,
                Json(json!({
                    "list": item.outbox.list_name(),
                    "upstream_messageid": item.delivery.upstream_messageid,
                    "subject": item.subject,
                    "ma_don_vi": item.ma_don_vi,
                    "changed": changed,
                    "previous_state": item.delivery.state,
                    "previous_code": item.delivery.last_code,
                    "state": state,
                    "message_vi": vi,
                    "message_en": en,
                })),
            )
        }
        Ok(None) => error(
            StatusCode::NOT_FOUND,
            "unknown_outbox_entry",
            "hàng đợi này không có mục nào với upstream_messageid này",
            "this outbox has no entry with this upstream_messageid",
        ),
        Err(e) => storage(e),
    }
}

/// `POST /api/v1/operator/schools/{ma_truong}/forwarding/requeue` (province, ADR 0227): every
/// `failed` entry of the school in the outboxes (its certificates' approvals, its submissions,
/// its re-sends of rejected records, its approved recalls) is `pending` again, as [`requeue_entry`] does for one —
/// what an operator does once the national operator has moved the school to this province
/// (ADR 0225). None failed: nothing changes (`changed: false`, `requeued` empty).
pub async fn requeue_school(
    State(state): State<Shared>,
    ProvinceOperator(op): ProvinceOperator,
    Path(school): Path<String>,
) -> Reply {
    let at = clock::now_secs();
    let result: Result<Option<Vec<OutboxItem>>, StoreError> = async {
        let mut w = state.store.write().await?;
        if store::unit_kind(&mut *w.tx, &school).await?.as_deref() != Some("school") {
            return Ok(None);
        }
        let mut requeued = Vec::new();
        for outbox in Outbox::ALL {
            for item in store::failed_outbox_items_of_unit(&mut *w.tx, outbox, &school).await? {
                if requeue_one(&mut w, &op, &item, at).await? {
                    requeued.push(item);
                }
            }
        }
        if !requeued.is_empty() {
            w.commit().await?;
        }
        Ok(Some(requeued))
    }
    .await;
    let listed = result.map(|r| {
        r.map(|requeued| {
            requeued
                .iter()
                .map(|i| {
                    json!({
                        "list": i.outbox.list_name(),
                        "upstream_messageid": i.delivery.upstream_messageid,
                        "subject": i.subject,
                        "previous_code": i.delivery.last_code,
                        "attempts": i.delivery.attempts,
                    })
                })
                .collect()
        })
    });
    school_answer(
        listed,
        &school,
        "requeued",
        (
            "Đã đưa các mục bị từ chối của trường trở lại hàng đợi",
            "The school's failed entries are queued again",
        ),
        (
            "Trường không có mục nào bị từ chối; không có gì thay đổi",
            "The school has no failed entry; nothing changed",
        ),
    )
}

/// The answer of an operator's action on a school's outbox entries (re-queue, re-send): 200
/// with `changed` (whether `list`, under `key`, is not empty) and the message for each case;
/// 404 `unknown_school` for a code that is no school of this portal (`None`).
pub(super) fn school_answer(
    result: Result<Option<Vec<Value>>, StoreError>,
    school: &str,
    key: &str,
    done: (&str, &str),
    nothing: (&str, &str),
) -> Reply {
    match result {
        Ok(Some(list)) => {
            let changed = !list.is_empty();
            let (vi, en) = if changed { done } else { nothing };
            let mut body = json!({
                "ma_truong": school,
                "changed": changed,
                "message_vi": vi,
                "message_en": en,
            });
            body[key] = Value::Array(list);
            (StatusCode::OK, Json(body))
        }
        Ok(None) => error(
            StatusCode::NOT_FOUND,
            "unknown_school",
            "Cổng không có trường nào với mã này",
            "this portal has no school with this code",
        ),
        Err(e) => storage(e),
    }
}
