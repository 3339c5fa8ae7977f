//! Type 5 (request the recall of issued records) and type 6 (the recall result). A request
//! names records by their identifying fields; every entry must be an issued record of the
//! requesting school (at the national store: a record of a school that belongs to the
//! requesting province now, ADR 0228) whose personal ID and school code match, or the whole
//! request is refused and nothing stored. Entries wait (`trang_thai` 1) for an operator to
//! accept (2: the record is marked recalled, never deleted) or refuse (3). The school then
//! submits the re-created record under a new lookup code, which the portal links to the
//! recalled one.

use axum::http::StatusCode;
use hocba_core::exchange::{
    AuthenticationRequest, RECALL_PENDING, Request, Response, TransactionType,
    recall_list_from_xml, unpack,
};

use super::{
    Outcome, Refusal, SCHOOL_OF_ANOTHER_PROVINCE, check_transaction_signature, claim_messageid,
    own_transaction, refuse_replay, sha256_hex,
};
use crate::app::{Role, Shared};
use crate::clock;
use crate::store::{self, Account, RecallRow, TransactionRow, audit};

/// The refusal of the whole request for entry `index` (counted from 0; the message counts from
/// 1, as the core's messages about a recall request's entries do).
fn entry_refused(status: StatusCode, index: usize, code: &str, vi: &str, en: &str) -> Refusal {
    let number = index + 1;
    Refusal::new(
        status,
        code,
        format!("mục thu hồi thứ {number} (đếm từ 1): {vi}"),
        format!("recall entry {number} (counting from 1): {en}"),
    )
}

fn refused(index: usize, code: &str, vi: &str, en: &str) -> Refusal {
    entry_refused(StatusCode::FORBIDDEN, index, code, vi, en)
}

/// The record is recalled already, or a recall of it is pending: at most one pending recall per
/// record (ADR 0254).
fn not_recallable(index: usize) -> Refusal {
    refused(
        index,
        NOT_RECALLABLE,
        "học bạ đã bị thu hồi hoặc đang chờ thu hồi",
        "the record is already recalled or has a pending recall",
    )
}

/// `not_recallable`: a recall entry names a record already recalled or with a pending recall.
pub const NOT_RECALLABLE: &str = "not_recallable";

/// `duplicate_recall_entry`: a recall request names one record in two entries (ADR 0254).
pub const DUPLICATE_RECALL_ENTRY: &str = "duplicate_recall_entry";

/// Whether `rec` may get a pending recall now: issued, and no recall of it pending. Run again
/// inside the write transaction, where it decides (ADR 0254).
async fn recallable<'e, E>(e: E, rec: &store::RecordRow) -> Result<bool, store::StoreError>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    Ok(rec.state == "issued" && !store::pending_recall_exists(e, &rec.ma_tra_cuu_uuid).await?)
}

/// Type 5.
pub async fn request(state: &Shared, account: &Account, req: &Request) -> Outcome {
    let a = &req.authentication_request;
    let content = req.content.as_deref().ok_or_else(|| {
        Refusal::new(
            StatusCode::BAD_REQUEST,
            "missing_content",
            "yêu cầu thu hồi thiếu content",
            "the recall request has no content",
        )
    })?;
    let content_sha256 = sha256_hex(content.as_bytes());
    refuse_replay(state, account, a.kind, &a.messageid, &content_sha256).await?;
    check_transaction_signature(state, account, req, content).await?;
    let list = unpack(content, &state.pack)?;
    let entries = recall_list_from_xml(&list)?;
    // At the national store, the province that forwarded each record (in the audit entry).
    let mut forwarded_by = Vec::new();
    let mut named = std::collections::HashSet::new();
    for (index, e) in entries.iter().enumerate() {
        let uuid = e.ma_tra_cuu_uuid.to_ascii_lowercase();
        if !named.insert(uuid.clone()) {
            return Err(entry_refused(
                StatusCode::BAD_REQUEST,
                index,
                DUPLICATE_RECALL_ENTRY,
                "trùng học bạ của một mục trước trong cùng yêu cầu; mỗi học bạ chỉ được nêu \
                 một lần, không lưu gì",
                "names the same record as an earlier entry of this request; each record is \
                 named once, nothing stored",
            ));
        }
        let Some(rec) = store::record_by_uuid(state.store.pool(), &uuid).await? else {
            return Err(refused(
                index,
                "record_not_found",
                "không có học bạ với mã tra cứu này",
                "no record has this lookup code",
            ));
        };
        // A school recalls its own records at the province; a province, at the national store,
        // the records of the schools that belong to it now (ADR 0228).
        let owner = match state.role {
            Role::Province => rec.ma_truong.clone(),
            Role::National => {
                let (owner, forwarder) = national_recaller(state, &rec).await?;
                if owner != account.ma_don_vi && forwarder == account.ma_don_vi {
                    return Err(refused(
                        index,
                        SCHOOL_OF_ANOTHER_PROVINCE,
                        "trường của học bạ nay thuộc Sở khác; chỉ Sở đó được yêu cầu thu hồi, \
                         không còn là Sở đã chuyển học bạ lên",
                        "the record's school now belongs to another province; only that province \
                         may request its recall, no longer the province that forwarded it",
                    ));
                }
                forwarded_by.push(forwarder);
                owner
            }
        };
        if owner != account.ma_don_vi || e.ma_truong != rec.ma_truong || e.so_cccd != rec.so_cccd {
            return Err(refused(
                index,
                "not_own_record",
                "học bạ không thuộc trường gửi yêu cầu hoặc thông tin định danh không khớp",
                "the record is not the requesting school's, or its identifying fields do not match",
            ));
        }
        // Looked at here to refuse early; decided again in the write transaction below.
        if !recallable(state.store.pool(), &rec).await? {
            return Err(not_recallable(index));
        }
    }
    let at = clock::now_secs();
    let mut w = state.store.write().await?;
    claim_messageid(
        &state.store,
        &mut w,
        &TransactionRow {
            messageid: a.messageid.clone(),
            kind: i64::from(u8::from(TransactionType::Recall)),
            ma_don_vi: account.ma_don_vi.clone(),
            user_name: account.user_name.clone(),
            nam_hoc: i64::from(a.nam_hoc),
            content_sha256,
            response_code: "ok".into(),
            item_count: entries.len() as i64,
            accepted_count: 0,
            received_at: at,
        },
    )
    .await?;
    // Decided under the write transaction (SQLite: the one writer; PostgreSQL: the unique index
    // on pending recalls makes a concurrent request's insert wait for this one and fail once it
    // commits): another request may have recalled or claimed a record since the look above.
    let mut uuids = Vec::new();
    for (index, e) in entries.iter().enumerate() {
        let uuid = e.ma_tra_cuu_uuid.to_ascii_lowercase();
        let now_recallable = match store::record_by_uuid(&mut *w.tx, &uuid).await? {
            Some(rec) => recallable(&mut *w.tx, &rec).await?,
            None => false,
        };
        let inserted = if now_recallable {
            store::insert_recall(
                &mut *w.tx,
                &RecallRow {
                    messageid: a.messageid.clone(),
                    item_index: index as i64,
                    ma_tra_cuu_uuid: uuid.clone(),
                    ma_don_vi: account.ma_don_vi.clone(),
                    state: i64::from(RECALL_PENDING),
                    decided_by: None,
                    decided_at: None,
                },
            )
            .await
        } else {
            Ok(())
        };
        match inserted {
            Ok(()) if now_recallable => {}
            Err(e) if !e.is_unique_violation() => return Err(e.into()),
            _ => {
                // Nothing of this request is kept, its messageid included.
                w.rollback().await?;
                return Err(not_recallable(index));
            }
        }
        uuids.push(uuid);
    }
    audit::append(
        &mut w,
        at,
        &audit::Event {
            actor: &account.user_name,
            action: "recall_request",
            subject: &a.messageid,
            detail: match state.role {
                Role::Province => serde_json::json!({"unit": account.ma_don_vi, "records": uuids}),
                Role::National => serde_json::json!({
                    "unit": account.ma_don_vi,
                    "records": uuids,
                    "forwarded_by": forwarded_by,
                }),
            }
            .to_string(),
        },
    )
    .await?;
    w.commit().await?;
    let mut resp = Response::ok(&a.messageid);
    resp.response_description = format!(
        "Đã nhận yêu cầu thu hồi {} học bạ, chờ phê duyệt",
        entries.len()
    );
    resp.response_description_en = format!(
        "Recall request for {} records received, awaiting approval",
        entries.len()
    );
    Ok(resp)
}

/// Who may recall `rec` at the national store, and who forwarded it (ADR 0228): the province
/// the record's school belongs to now (the national operator's assignment, ADR 0225, else the
/// province that vouched for it first, ADR 0202) — responsible for the school's records, the
/// only one whose approvals of its seals count — or, for a school the store binds to no
/// province (records stored before ADR 0202), the province that forwarded it.
async fn national_recaller(
    state: &Shared,
    rec: &store::RecordRow,
) -> Result<(String, String), store::StoreError> {
    let pool = state.store.pool();
    let forwarder = store::transaction(pool, &rec.messageid)
        .await?
        .map(|t| t.ma_don_vi)
        .unwrap_or_default();
    let owner = store::school_province(pool, &rec.ma_truong)
        .await?
        .unwrap_or_else(|| forwarder.clone());
    Ok((owner, forwarder))
}

/// Type 6.
pub async fn status(state: &Shared, account: &Account, a: &AuthenticationRequest) -> Outcome {
    own_transaction(state, account, &a.messageid, TransactionType::Recall).await?;
    let items = store::recall_statuses(state.store.pool(), &a.messageid).await?;
    let mut resp = Response::ok(&a.messageid);
    resp.response_description = "Kết quả thu hồi".into();
    resp.response_description_en = "Recall result".into();
    resp.danh_sach_thu_hoi = Some(items);
    Ok(resp)
}
