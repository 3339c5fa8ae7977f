//! The operator's endpoints: approve or refuse certificate registrations and recall requests,
//! check the audit chain, see the outboxes and (province) re-queue their failed entries
//! ([`requeue`]) and re-send records the national store rejected ([`resend`]), and (national store) set the province a school belongs to. Authenticated with
//! `Authorization: Bearer TOKEN` of an account whose role is `operator`; every decision is
//! audited.

mod requeue;
mod resend;

pub use requeue::{requeue_entry, requeue_school};
pub use resend::resend_school;

use axum::Json;
use axum::extract::{FromRequestParts, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode};
use hocba_core::exchange::{RECALL_ACCEPTED, RECALL_PENDING, RECALL_REFUSED};
use serde::Deserialize;
use serde_json::{Value, json};

use crate::app::{Role, Shared};
use crate::auth;
use crate::rejection::{Path, Query};
use crate::store::{self, Account, StoreError, audit};
use crate::{clock, forward};

type Reply = (StatusCode, Json<Value>);

fn error(status: StatusCode, code: &str, vi: &str, en: &str) -> Reply {
    (
        status,
        Json(json!({"error": code, "message_vi": vi, "message_en": en})),
    )
}

fn storage(e: StoreError) -> Reply {
    crate::log::error("storage", &e.to_string());
    error(
        StatusCode::SERVICE_UNAVAILABLE,
        "storage_error",
        "lỗi lưu trữ",
        "storage failed",
    )
}

async fn operator(state: &Shared, headers: &HeaderMap) -> Result<Account, Reply> {
    let denied = || {
        error(
            StatusCode::UNAUTHORIZED,
            "auth_failed",
            "cần token của cán bộ vận hành",
            "an operator token is required",
        )
    };
    let token = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .ok_or_else(denied)?;
    match store::account_by_token(state.store.pool(), &auth::token_hash(token)).await {
        Ok(Some(a)) if a.role == "operator" && !a.disabled => Ok(a),
        Ok(_) => Err(denied()),
        Err(e) => Err(storage(e)),
    }
}

/// An authenticated operator, as an extractor: a handler that takes one runs only for a request
/// with `Authorization: Bearer TOKEN` of an enabled account whose role is `operator`, and is
/// answered 401 `auth_failed` otherwise (before its path, query or body are looked at).
pub struct Operator(pub Account);

impl FromRequestParts<Shared> for Operator {
    type Rejection = Reply;

    async fn from_request_parts(parts: &mut Parts, state: &Shared) -> Result<Self, Reply> {
        operator(state, &parts.headers).await.map(Operator)
    }
}

/// `?state=` of the listings.
#[derive(Debug, Deserialize)]
pub struct StateQuery {
    state: Option<String>,
}

/// `GET /api/v1/operator/certificates?state=pending|approved|refused`.
pub async fn certificates(
    State(state): State<Shared>,
    _: Operator,
    Query(q): Query<StateQuery>,
) -> Reply {
    let wanted = q.state.unwrap_or_else(|| "pending".into());
    match store::certificates_where(state.store.pool(), store::CertFilter::State, &wanted).await {
        Ok(list) => (StatusCode::OK, Json(json!({ "certificates": list }))),
        Err(e) => storage(e),
    }
}

fn decision(d: &str) -> Option<bool> {
    match d {
        "approve" => Some(true),
        "refuse" => Some(false),
        _ => None,
    }
}

/// `POST /api/v1/operator/certificates/{fingerprint}/approve|refuse`.
pub async fn decide_certificate(
    State(state): State<Shared>,
    Operator(op): Operator,
    Path((fingerprint, d)): Path<(String, String)>,
) -> Reply {
    let Some(approve) = decision(&d) else {
        return error(
            StatusCode::NOT_FOUND,
            "unknown_decision",
            "quyết định phải là approve hoặc refuse",
            "the decision is approve or refuse",
        );
    };
    let new_state = if approve { "approved" } else { "refused" };
    let at = clock::now_secs();
    let result: Result<bool, StoreError> = async {
        let mut w = state.store.write().await?;
        let changed =
            store::decide_certificate(&mut *w.tx, &fingerprint, new_state, &op.user_name, at)
                .await?;
        if changed {
            audit::append(
                &mut w,
                at,
                &audit::Event {
                    actor: &op.user_name,
                    action: if approve {
                        "approve_certificate"
                    } else {
                        "refuse_certificate"
                    },
                    subject: &fingerprint,
                    detail: "{}".into(),
                },
            )
            .await?;
        }
        w.commit().await?;
        Ok(changed)
    }
    .await;
    match result {
        Ok(true) => (
            StatusCode::OK,
            Json(json!({"fingerprint": fingerprint, "state": new_state})),
        ),
        Ok(false) => error(
            StatusCode::CONFLICT,
            "not_pending",
            "không có đăng ký chờ duyệt với dấu vân tay này",
            "no pending registration has this fingerprint",
        ),
        Err(e) => storage(e),
    }
}

/// `GET /api/v1/operator/recalls?state=1|2|3`.
pub async fn recalls(
    State(state): State<Shared>,
    _: Operator,
    Query(q): Query<StateQuery>,
) -> Reply {
    let wanted = q
        .state
        .and_then(|s| s.parse::<i64>().ok())
        .unwrap_or(i64::from(RECALL_PENDING));
    match store::recalls_in_state(state.store.pool(), wanted).await {
        Ok(list) => (StatusCode::OK, Json(json!({ "recalls": list }))),
        Err(e) => storage(e),
    }
}

/// `POST /api/v1/operator/recalls/{messageid}/{index}/approve|refuse`: approving marks the
/// record recalled (it stays stored).
pub async fn decide_recall(
    State(state): State<Shared>,
    Operator(op): Operator,
    Path((messageid, index, d)): Path<(String, i64, String)>,
) -> Reply {
    let Some(approve) = decision(&d) else {
        return error(
            StatusCode::NOT_FOUND,
            "unknown_decision",
            "quyết định phải là approve hoặc refuse",
            "the decision is approve or refuse",
        );
    };
    let at = clock::now_secs();
    let new_state = i64::from(if approve {
        RECALL_ACCEPTED
    } else {
        RECALL_REFUSED
    });
    let result: Result<Option<String>, StoreError> = async {
        let mut w = state.store.write().await?;
        let entry = store::recalls_of_message(&mut *w.tx, &messageid)
            .await?
            .into_iter()
            .find(|r| r.item_index == index);
        let Some(entry) = entry else {
            return Ok(None);
        };
        if !store::decide_recall(&mut *w.tx, &messageid, index, new_state, &op.user_name, at)
            .await?
        {
            return Ok(None);
        }
        if approve {
            store::mark_recalled(&mut *w.tx, &entry.ma_tra_cuu_uuid, at).await?;
            // Queued in the same transaction: the national store learns of every recall
            // approved here (crate::forward).
            if let Some(province) = state.forwarding.as_deref() {
                store::enqueue_forward_recall(
                    &mut *w.tx,
                    &messageid,
                    index,
                    &entry.ma_tra_cuu_uuid,
                    &forward::upstream_id(province, forward::Forwarded::Recall(&messageid, index)),
                    at,
                )
                .await?;
            }
        }
        audit::append(
            &mut w,
            at,
            &audit::Event {
                actor: &op.user_name,
                action: if approve {
                    "approve_recall"
                } else {
                    "refuse_recall"
                },
                subject: &entry.ma_tra_cuu_uuid,
                detail: json!({"messageid": messageid, "index": index}).to_string(),
            },
        )
        .await?;
        w.commit().await?;
        Ok(Some(entry.ma_tra_cuu_uuid))
    }
    .await;
    match result {
        Ok(Some(uuid)) => (
            StatusCode::OK,
            Json(json!({"ma_tra_cuu_uuid": uuid, "trang_thai": new_state})),
        ),
        Ok(None) => error(
            StatusCode::CONFLICT,
            "not_pending",
            "không có mục thu hồi chờ duyệt như vậy",
            "no such pending recall entry",
        ),
        Err(e) => storage(e),
    }
}

/// `POST /api/v1/operator/schools/{ma_truong}/province/{province}` (national store, ADR 0225):
/// the school belongs to `province` from now on, whatever province vouched for it first
/// (ADR 0202). Approvals of the school's certificates recorded for another province are
/// withdrawn (kept in the audit entry): they vouch for no record until `province` forwards its
/// own. Idempotent: when the school already belongs to `province` and no other province's
/// approval is recorded for it, nothing is written and `changed` is false.
pub async fn assign_school(
    State(state): State<Shared>,
    Operator(op): Operator,
    Path((school, province)): Path<(String, String)>,
) -> Reply {
    if state.role != Role::National {
        return error(
            StatusCode::NOT_FOUND,
            "not_the_national_store",
            "chỉ Kho học bạ số của Bộ xác định trường thuộc Sở nào",
            "only the national store decides which province a school belongs to",
        );
    }
    let at = clock::now_secs();
    let result: Result<Result<Value, Reply>, StoreError> = async {
        let mut w = state.store.write().await?;
        // The writers' lock of forwarded approvals (ADR 0202): an approval being recorded and
        // this assignment happen one after the other.
        store::lock_writers(&mut w, 7303).await?;
        if store::unit_kind(&mut *w.tx, &school).await?.as_deref() != Some("school") {
            return Ok(Err(error(
                StatusCode::NOT_FOUND,
                "unknown_school",
                "Kho không có trường nào với mã này",
                "the store has no school with this code",
            )));
        }
        if store::unit_kind(&mut *w.tx, &province).await?.as_deref() != Some("province") {
            return Ok(Err(error(
                StatusCode::NOT_FOUND,
                "unknown_province",
                "Kho không có Sở nào với mã này",
                "the store has no province with this code",
            )));
        }
        let previous = store::school_province(&mut *w.tx, &school).await?;
        let withdrawn =
            store::withdraw_other_provinces_approvals(&mut w.tx, &school, &province).await?;
        let changed = previous.as_deref() != Some(province.as_str()) || !withdrawn.is_empty();
        if changed {
            store::assign_school_province(&mut *w.tx, &school, &province, &op.user_name, at)
                .await?;
            let detail = json!({
                "from": previous,
                "to": province,
                "withdrawn": withdrawn
                    .iter()
                    .map(|c| json!({
                        "fingerprint": c.fingerprint,
                        "approved_by_unit": c.approved_by_unit,
                        "approval_evidence": c.approval_evidence,
                    }))
                    .collect::<Vec<_>>(),
            });
            audit::append(
                &mut w,
                at,
                &audit::Event {
                    actor: &op.user_name,
                    action: "assign_school_province",
                    subject: &school,
                    detail: detail.to_string(),
                },
            )
            .await?;
            w.commit().await?;
        }
        Ok(Ok(json!({
            "ma_truong": school,
            "province": province,
            "previous": previous,
            "changed": changed,
            "withdrawn_approvals": withdrawn.iter().map(|c| &c.fingerprint).collect::<Vec<_>>(),
            "message_vi": if changed {
                "Đã ghi nhận trường thuộc Sở này"
            } else {
                "Trường đã thuộc Sở này; không có gì thay đổi"
            },
            "message_en": if changed {
                "The school now belongs to this province"
            } else {
                "The school already belongs to this province; nothing changed"
            },
        })))
    }
    .await;
    match result {
        Ok(Ok(body)) => (StatusCode::OK, Json(body)),
        Ok(Err(reply)) => reply,
        Err(e) => storage(e),
    }
}

/// `?seq=&hash=`: a head recorded earlier.
#[derive(Debug, Deserialize)]
pub struct HeadQuery {
    seq: Option<i64>,
    hash: Option<String>,
}

/// `GET /api/v1/operator/audit[?seq=N&hash=H]`: re-computes the audit chain.
pub async fn audit_check(
    State(state): State<Shared>,
    _: Operator,
    Query(q): Query<HeadQuery>,
) -> Reply {
    let head = q.seq.zip(q.hash.as_deref());
    match audit::check_chain(&state.store, head).await {
        Ok(c) => (
            if c.first_break.is_none() {
                StatusCode::OK
            } else {
                StatusCode::CONFLICT
            },
            Json(json!(c)),
        ),
        Err(e) => storage(e),
    }
}

/// `GET /api/v1/operator/forwarding`: the outboxes to the national store (submissions in
/// `forwarding`, approved recalls in `recalls`, approved school certificates in
/// `certificates`, the operator's re-sends of rejected records in `resends`), newest first, and
/// the records the national store rejected inside forwarded transactions it accepted
/// (`rejected`, ADR 0230: each with its code and, once re-sent, its re-send's id).
pub async fn forwarding(State(state): State<Shared>, _: Operator) -> Reply {
    let pool = state.store.pool();
    let lists = async {
        Ok::<_, StoreError>(json!({
            "forwarding": store::forwards(pool).await?,
            "recalls": store::forward_recalls(pool).await?,
            "certificates": store::forward_certificates(pool).await?,
            "resends": store::forward_resends(pool).await?,
            "rejected": store::rejections(pool).await?,
        }))
    }
    .await;
    match lists {
        Ok(body) => (StatusCode::OK, Json(body)),
        Err(e) => storage(e),
    }
}
