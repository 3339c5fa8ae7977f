//! Type 1 (submit a report of học bạ số) and type 2 (its issuing result).
//!
//! A submission is checked as a whole first (authentication, replay, the transaction
//! signature by an approved certificate of the sender, the packing of `content`); any failure
//! there refuses it and stores nothing. Then each record is read and verified on its own and
//! accepted or rejected with the specification's status fields. The transaction, every status,
//! every accepted record and the audit entry are written in one database transaction.

use axum::http::StatusCode;
use hocba_core::UnixTime;
use hocba_core::envelope::Verifier;
use hocba_core::exchange::{
    AuthenticationRequest, RECORD_ACCEPTED, RECORD_REJECTED, RecordStatus, Request, Response,
    TransactionType, record_document, split_records, unpack,
};

use super::{
    Outcome, Refusal, check_transaction_signature, claim_messageid, own_transaction, refuse_replay,
    sha256_hex,
};
use crate::app::{AppState, Role, Shared};
use crate::record::{Facts, Rejection, read_facts};
use crate::store::{self, Account, RecordRow, TransactionRow, audit};
use crate::{clock, forward};

/// One record of a submission after its checks.
struct Checked {
    facts: Facts,
    /// The record's exact bytes and its seal fingerprint when it passed every check so far.
    accepted: Option<(String, String)>,
    rejection: Option<Rejection>,
}

fn status_of(c: &Checked) -> RecordStatus {
    let f = &c.facts;
    let r = c.rejection.as_ref();
    RecordStatus {
        ma_hoc_sinh: f.ma_hoc_sinh.clone(),
        ten_hoc_sinh: f.ho_va_ten.clone(),
        so_cccd: f.so_cccd.clone(),
        ma_tra_cuu_uuid: f.ma_tra_cuu_uuid.clone(),
        trang_thai: if c.accepted.is_some() {
            RECORD_ACCEPTED
        } else {
            RECORD_REJECTED
        },
        error: r.map(|r| r.code.clone()),
        error_field_title: r.map(|r| r.field.clone()),
        error_description: r.map(|r| r.vi.clone()),
    }
}

fn reject(c: &mut Checked, r: Rejection) {
    c.accepted = None;
    c.rejection = Some(r);
}

/// Unpacks and verifies every record (CPU work: run off the async threads), on every core,
/// with one certificate-chain cache for the submission; the order of the records is kept.
fn check_records(
    state: &AppState,
    content: &str,
    unit: &str,
    now: UnixTime,
) -> Result<Vec<Checked>, Refusal> {
    let list = unpack(content, &state.pack)?;
    let records = split_records(&list)?;
    let verifier = Verifier::new(&state.trust, now);
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(records.len())
        .max(1);
    let chunk = records.len().div_ceil(threads).max(1);
    let v = &verifier;
    std::thread::scope(|s| {
        let parts: Vec<_> = records
            .chunks(chunk)
            .map(|part| {
                s.spawn(move || {
                    part.iter()
                        .map(|rec| check_one(state, rec, unit, v))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        parts
            .into_iter()
            .map(|h| h.join())
            .collect::<Result<Vec<_>, _>>()
    })
    .map(|parts| parts.into_iter().flatten().collect())
    .map_err(|_| {
        Refusal::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal_error",
            "lỗi nội bộ của cổng",
            "internal error",
        )
    })
}

fn check_one(state: &AppState, rec: &str, unit: &str, verifier: &Verifier<'_>) -> Checked {
    let facts = match read_facts(rec) {
        Ok(f) => f,
        Err(r) => {
            return Checked {
                facts: Facts::default(),
                accepted: None,
                rejection: Some(r),
            };
        }
    };
    let mut c = Checked {
        facts,
        accepted: None,
        rejection: None,
    };
    if state.role == Role::Province && c.facts.ma_truong != unit {
        reject(
            &mut c,
            Rejection::new(
                "not_own_record",
                "MA_TRUONG",
                "học bạ của trường khác: trường chỉ được gửi học bạ của mình",
                "a record of another school: a school submits only its own records",
            ),
        );
        return c;
    }
    match state
        .verifier
        .verify_with(record_document(rec).as_bytes(), verifier)
    {
        Err(r) => reject(&mut c, r),
        Ok(v) => {
            let fp = sha256_hex(&v.seal_certificate);
            if c.facts.seal_fingerprint().as_deref() != Some(fp.as_str()) {
                reject(
                    &mut c,
                    Rejection::new(
                        "seal_mismatch",
                        "KY_PHAT_HANH",
                        "chứng thư số đã kiểm tra không phải chứng thư trong KY_PHAT_HANH",
                        "the verified certificate is not the one KY_PHAT_HANH carries",
                    ),
                );
            } else {
                c.accepted = Some((rec.to_owned(), fp));
            }
        }
    }
    c
}

/// Type 1.
pub async fn submit(state: &Shared, account: &Account, req: &Request) -> Outcome {
    let a = &req.authentication_request;
    let content = req.content.as_deref().ok_or_else(|| {
        Refusal::new(
            StatusCode::BAD_REQUEST,
            "missing_content",
            "giao dịch gửi học bạ thiếu content",
            "the submission has no content",
        )
    })?;
    let content_sha256 = sha256_hex(content.as_bytes());
    refuse_replay(state, account, a.kind, &a.messageid, &content_sha256).await?;
    check_transaction_signature(state, account, req, content).await?;
    let now = clock::now();
    let (st, text, unit) = (state.clone(), content.to_owned(), account.ma_don_vi.clone());
    let permit = state.heavy.acquire().await;
    let mut checked = tokio::task::spawn_blocking(move || check_records(&st, &text, &unit, now))
        .await
        .map_err(|_| {
            Refusal::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal_error",
                "lỗi nội bộ của cổng",
                "internal error",
            )
        })??;
    drop(permit);

    // The KY_PHAT_HANH certificate must be an approved certificate of the record's school
    // (CV 2088 §2). At the national level, approved by the province that sends the record
    // (ADR 0202): a record whose certificate's approval has not reached the national store yet
    // refuses the whole transaction, retryably (409 with Retry-After, ADR 0226), with nothing
    // stored (the `messageid` stays unused and the province's forwarder sends it again).
    let mut not_forwarded = 0_usize;
    // Only a province forwards certificate approvals (ADR 0201): for any other sender a seal
    // without the approval is final.
    let sender_forwards = state.role == Role::National
        && store::unit_kind(state.store.pool(), &account.ma_don_vi)
            .await?
            .as_deref()
            == Some("province");
    for c in checked.iter_mut().filter(|c| c.accepted.is_some()) {
        let fp = c
            .accepted
            .as_ref()
            .map(|(_, fp)| fp.clone())
            .unwrap_or_default();
        let seal = match state.role {
            Role::Province => {
                let approved = store::certificate_by_fingerprint(state.store.pool(), &fp)
                    .await?
                    .is_some_and(|cert| {
                        cert.ma_don_vi == c.facts.ma_truong && cert.state == "approved"
                    });
                if approved {
                    Seal::Approved
                } else {
                    Seal::NotApproved
                }
            }
            Role::National => {
                national_seal(state, &fp, &c.facts.ma_truong, &account.ma_don_vi).await?
            }
        };
        match seal {
            Seal::Approved => {}
            Seal::NotForwarded if sender_forwards => not_forwarded += 1,
            Seal::NotForwarded | Seal::NotApproved => reject(
                c,
                Rejection::new(
                    "seal_not_approved",
                    "KY_PHAT_HANH",
                    "KY_PHAT_HANH không được ký bằng chứng thư số đã phê duyệt của trường",
                    "KY_PHAT_HANH is not signed with an approved certificate of the school",
                ),
            ),
        }
    }
    if not_forwarded > 0 {
        crate::log::info(
            "submit",
            &format!(
                "messageid={} unit={} refused={SEAL_APPROVAL_NOT_FORWARDED} records={not_forwarded}",
                a.messageid, account.ma_don_vi
            ),
        );
        return Err(Refusal::new(
            StatusCode::CONFLICT,
            SEAL_APPROVAL_NOT_FORWARDED,
            format!(
                "{not_forwarded} học bạ có chứng thư số KY_PHAT_HANH mà Bộ chưa nhận phê duyệt của Sở; \
                 không lưu gì, gửi lại giao dịch này sau khi Sở chuyển phê duyệt chứng thư số"
            ),
            format!(
                "{not_forwarded} record(s) carry a KY_PHAT_HANH certificate whose approval by the \
                 province has not reached the national store; nothing stored, send this \
                 transaction again after the province forwards the certificate approval"
            ),
        )
        .retry_after(SEAL_APPROVAL_RETRY_AFTER_SECS));
    }

    let at = now.secs();
    let mut w = state.store.write().await?;
    store::lock_writers(&mut w, 7302).await?;
    claim_messageid(
        &state.store,
        &mut w,
        &TransactionRow {
            messageid: a.messageid.clone(),
            kind: i64::from(u8::from(TransactionType::Submit)),
            ma_don_vi: account.ma_don_vi.clone(),
            user_name: account.user_name.clone(),
            nam_hoc: i64::from(a.nam_hoc),
            content_sha256,
            response_code: "ok".to_owned(),
            item_count: checked.len() as i64,
            accepted_count: 0,
            received_at: at,
        },
    )
    .await?;

    let mut accepted_uuids = Vec::new();
    let mut rejected_codes = std::collections::BTreeMap::<String, usize>::new();
    for (index, c) in checked.iter_mut().enumerate() {
        let mut replaces = None;
        if c.accepted.is_some() {
            match stored_conflict(&mut w, &c.facts).await? {
                Err(r) => reject(c, r),
                Ok(recalled) => replaces = recalled,
            }
        }
        if let Some((bytes, fp)) = &c.accepted {
            let f = &c.facts;
            store::insert_record(
                &mut *w.tx,
                &RecordRow {
                    ma_tra_cuu_uuid: f.ma_tra_cuu_uuid.clone(),
                    messageid: a.messageid.clone(),
                    item_index: index as i64,
                    ma_truong: f.ma_truong.clone(),
                    ma_hoc_sinh: f.ma_hoc_sinh.clone(),
                    so_cccd: f.so_cccd.clone(),
                    ho_va_ten: f.ho_va_ten.clone(),
                    ngay_sinh: f.ngay_sinh.clone(),
                    nam_hoc: f.nam_hoc.clone(),
                    signed_xml: bytes.as_bytes().to_vec(),
                    sha256: sha256_hex(bytes.as_bytes()),
                    seal_fingerprint: fp.clone(),
                    state: "issued".to_owned(),
                    replaces_uuid: replaces.clone(),
                    replaced_by_uuid: None,
                    recalled_at: None,
                    received_at: at,
                },
            )
            .await?;
            accepted_uuids.push(f.ma_tra_cuu_uuid.clone());
        }
        if let Some(old) = &replaces {
            store::set_replaced_by(&mut *w.tx, old, &c.facts.ma_tra_cuu_uuid).await?;
        }
        if let Some(r) = &c.rejection {
            *rejected_codes.entry(r.code.clone()).or_default() += 1;
        }
        store::insert_item(&mut *w.tx, &a.messageid, index as i64, &status_of(c)).await?;
    }
    sqlx::query("UPDATE transactions SET accepted_count = $1 WHERE messageid = $2")
        .bind(accepted_uuids.len() as i64)
        .bind(&a.messageid)
        .execute(&mut *w.tx)
        .await
        .map_err(store::StoreError::from)?;
    if let Some(province) = state.forwarding.as_deref()
        && !accepted_uuids.is_empty()
    {
        store::enqueue_forward(
            &mut *w.tx,
            &a.messageid,
            &forward::upstream_id(province, forward::Forwarded::Submission(&a.messageid)),
            at,
        )
        .await?;
    }
    audit::append(
        &mut w,
        at,
        &audit::Event {
            actor: &account.user_name,
            action: "submit",
            subject: &a.messageid,
            detail: serde_json::json!({
                "unit": account.ma_don_vi,
                "records": checked.len(),
                "accepted": accepted_uuids,
                "rejected": rejected_codes,
            })
            .to_string(),
        },
    )
    .await?;
    w.commit().await?;
    crate::log::info(
        "submit",
        &format!(
            "messageid={} unit={} records={} accepted={}",
            a.messageid,
            account.ma_don_vi,
            checked.len(),
            accepted_uuids.len()
        ),
    );
    let mut resp = Response::ok(&a.messageid);
    resp.response_description = format!(
        "Đã tiếp nhận giao dịch: {}/{} học bạ được chấp nhận; tra cứu kết quả bằng messageid",
        accepted_uuids.len(),
        checked.len()
    );
    resp.response_description_en = format!(
        "Transaction received: {} of {} records accepted; query the result by messageid",
        accepted_uuids.len(),
        checked.len()
    );
    Ok(resp)
}

/// The code of a national refusal of a forwarded submission carrying a record whose
/// KY_PHAT_HANH certificate the national store holds no province's approval of yet (ADR 0202):
/// retryable, nothing stored; the province's forwarder sends the transaction again. HTTP 409
/// (the store's state, not the store, is the obstacle: not an outage) with `Retry-After`
/// (ADR 0226).
pub const SEAL_APPROVAL_NOT_FORWARDED: &str = "seal_approval_not_forwarded";

/// The `Retry-After` of a [`SEAL_APPROVAL_NOT_FORWARDED`] refusal, in seconds: a hint for a
/// sender of its own (the province's forwarder sends its certificate approvals first on every
/// pass and keeps its own back-off, ADR 0226).
pub const SEAL_APPROVAL_RETRY_AFTER_SECS: u32 = 30;

/// What the store says of a record's KY_PHAT_HANH certificate.
enum Seal {
    /// Approved for the school the record names (at the national level: by the sending
    /// province).
    Approved,
    /// National level: no province's approval recorded yet, and the sending province may still
    /// forward it (the certificate is unknown, or held for that school with no province's
    /// approval while the school is not another province's).
    NotForwarded,
    /// Anything else: refused, for another school, approved by another province.
    NotApproved,
}

/// The national rule (ADR 0202): the certificate is approved for `school`, recorded as
/// approved by `province`, the sender.
async fn national_seal(
    state: &Shared,
    fingerprint: &str,
    school: &str,
    province: &str,
) -> Result<Seal, store::StoreError> {
    let pool = state.store.pool();
    let Some(cert) = store::certificate_by_fingerprint(pool, fingerprint).await? else {
        return Ok(Seal::NotForwarded);
    };
    if cert.ma_don_vi != school || cert.state != "approved" {
        return Ok(Seal::NotApproved);
    }
    Ok(match cert.approved_by_unit.as_deref() {
        Some(p) if p == province => Seal::Approved,
        Some(_) => Seal::NotApproved,
        None => match store::school_province(pool, school).await? {
            Some(p) if p != province => Seal::NotApproved,
            _ => Seal::NotForwarded,
        },
    })
}

/// A reason already in the store to reject a record: its lookup code is taken, or the pupil
/// already has an issued (not recalled) record of that school year at that school (ADR 0103
/// step 6). The pupil is found by her personal ID, as the lookup and the core find her (ADR
/// 0093), or by her pupil code (ADR 0235): a second record in force for one `SO_CCCD` would make
/// her học bạ `duplicate_year` at every lookup. Otherwise the lookup code of the recalled record
/// (not yet replaced) this one replaces, if any: one query of the pupil's year serves both.
async fn stored_conflict(
    w: &mut store::WriteTx<'_>,
    f: &Facts,
) -> Result<Result<Option<String>, Rejection>, store::StoreError> {
    if store::record_by_uuid(&mut *w.tx, &f.ma_tra_cuu_uuid)
        .await?
        .is_some()
    {
        return Ok(Err(Rejection::new(
            "duplicate_lookup_code",
            "MA_TRA_CUU_UUID",
            "mã tra cứu đã được dùng cho một học bạ khác; mã cũ không bao giờ được dùng lại",
            "the lookup code is already taken; a lookup code is never reused",
        )));
    }
    let of_pupil_year = store::records_of_pupil_year(
        &mut *w.tx,
        &f.ma_truong,
        &f.so_cccd,
        &f.ma_hoc_sinh,
        &f.nam_hoc,
    )
    .await?;
    if let Some(r) = of_pupil_year.iter().find(|r| r.state == "issued") {
        // The field that names the pupil of the record in force (no value is echoed).
        let field = if r.so_cccd == f.so_cccd {
            "SO_CCCD"
        } else {
            "MA_HOC_SINH"
        };
        return Ok(Err(Rejection::new(
            "already_issued",
            field,
            "học sinh đã có học bạ năm học này; cần thu hồi học bạ cũ trước khi gửi học bạ thay thế",
            "the pupil already has an issued record for this school year; recall it before sending a replacement",
        )));
    }
    // The recalled record this one replaces, if any (not yet linked to a replacement).
    Ok(Ok(of_pupil_year
        .into_iter()
        .find(|r| r.state == "recalled" && r.replaced_by_uuid.is_none())
        .map(|r| r.ma_tra_cuu_uuid)))
}

/// Type 2: the issuing result of submission `messageid`.
pub async fn status(state: &Shared, account: &Account, a: &AuthenticationRequest) -> Outcome {
    let t = own_transaction(state, account, &a.messageid, TransactionType::Submit).await?;
    let items = store::items(state.store.pool(), &a.messageid).await?;
    let mut resp = Response::ok(&a.messageid);
    resp.response_description = format!(
        "Kết quả cấp: {}/{} học bạ được chấp nhận",
        t.accepted_count, t.item_count
    );
    resp.response_description_en = format!(
        "Issuing result: {} of {} records accepted",
        t.accepted_count, t.item_count
    );
    resp.danh_sach_hoc_ba = Some(items);
    Ok(resp)
}
