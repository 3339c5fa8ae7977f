//! Re-sending records the national store rejected inside a forwarded transaction it accepted
//! (ADR 0230). Such a transaction's outbox entry is `sent` and its upstream `messageid` used, so
//! re-queueing (ADR 0227) cannot reach the records; the forwarder keeps each rejection from the
//! store's per-record answer, and once the cause is removed upstream — typically the national
//! operator moved the school to this province (ADR 0225), whose seal approvals were then
//! refused and its records `seal_not_approved` — the province's operator re-sends the school's
//! open rejections: one new outbox entry per school year (`resends`), holding only those
//! records, under its own upstream `messageid` (ADR 0229), audited `resend_rejected`.

use axum::extract::State;
use serde_json::json;

use super::Reply;
use super::requeue::{ProvinceOperator, school_answer};
use crate::app::Shared;
use crate::clock;
use crate::forward::{self, Forwarded};
use crate::rejection::Path;
use crate::store::{self, StoreError, audit};

/// One re-send queued: its id, upstream `messageid`, school year and records.
struct Queued {
    id: String,
    upstream: String,
    nam_hoc: i64,
    records: Vec<String>,
}

/// `POST /api/v1/operator/schools/{ma_truong}/forwarding/resend` (province, ADR 0230): every
/// record of the school the national store rejected in a forwarded transaction, not re-sent
/// yet and still issued here, goes into a new outbox entry (one per school year) that the
/// forwarder sends as a submission under its own upstream `messageid`. None: nothing changes
/// (`changed: false`, `resends` empty).
pub async fn resend_school(
    State(state): State<Shared>,
    ProvinceOperator(op): ProvinceOperator,
    Path(school): Path<String>,
) -> Reply {
    let at = clock::now_secs();
    let result: Result<Option<Vec<Queued>>, StoreError> = async {
        let mut w = state.store.write().await?;
        if store::unit_kind(&mut *w.tx, &school).await?.as_deref() != Some("school") {
            return Ok(None);
        }
        // A province without an upstream forwards nothing, so nothing was rejected upstream.
        let Some(province) = state.forwarding.as_deref() else {
            return Ok(Some(Vec::new()));
        };
        // Re-sends are numbered: two operators at once take their numbers one after the other.
        store::lock_writers(&mut w, 7302).await?;
        let mut queued = Vec::new();
        for nam_hoc in store::open_rejection_years(&mut *w.tx, &school).await? {
            let n = store::resend_count(&mut *w.tx).await? + 1;
            let id = format!("{school}-{n}");
            let upstream = forward::upstream_id(province, Forwarded::Resend(&id));
            let new = store::NewResend {
                id: &id,
                ma_don_vi: &school,
                nam_hoc,
                requested_by: &op.user_name,
                upstream_messageid: &upstream,
            };
            let records = store::queue_resend(&mut w.tx, &new, at).await?;
            audit::append(
                &mut w,
                at,
                &audit::Event {
                    actor: &op.user_name,
                    action: "resend_rejected",
                    subject: &id,
                    detail: json!({
                        "list": store::Outbox::Resends.list_name(),
                        "upstream": upstream,
                        "unit": school,
                        "nam_hoc": nam_hoc,
                        "records": records,
                    })
                    .to_string(),
                },
            )
            .await?;
            queued.push(Queued {
                id,
                upstream,
                nam_hoc,
                records,
            });
        }
        if !queued.is_empty() {
            w.commit().await?;
        }
        Ok(Some(queued))
    }
    .await;
    let listed = result.map(|r| {
        r.map(|queued| {
            queued
                .iter()
                .map(|q| {
                    json!({
                        "id": q.id,
                        "upstream_messageid": q.upstream,
                        "nam_hoc": q.nam_hoc,
                        "records": q.records,
                    })
                })
                .collect()
        })
    });
    school_answer(
        listed,
        &school,
        "resends",
        (
            "Đã đưa các học bạ bị Kho học bạ số của Bộ từ chối vào hàng đợi gửi lại",
            "The records the national store rejected are queued to be sent again",
        ),
        (
            "Trường không có học bạ nào bị Kho học bạ số của Bộ từ chối chưa gửi lại; \
             không có gì thay đổi",
            "The school has no record rejected by the national store left to send \
             again; nothing changed",
        ),
    )
}
