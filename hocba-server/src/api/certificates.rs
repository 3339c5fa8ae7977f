//! Type 3 (register a digital certificate) and type 4 (its registration result). A
//! registration is stored pending; an operator approves or refuses it
//! (`POST /api/v1/operator/certificates/{fingerprint}/approve|refuse`). Only an approved
//! certificate may sign a unit's transactions and a school's KY_PHAT_HANH (CV 2088 §2).

use axum::http::StatusCode;
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use hocba_core::SignerRole;
use hocba_core::exchange::{
    AuthenticationRequest, CERTIFICATE_APPROVED, CERTIFICATE_NOT_APPROVED, CertificateRegistration,
    CertificateStatus, Request, Response, SIGNING_KINDS, TransactionType, unpack,
};

use super::{
    Outcome, Refusal, check_transaction_signature, claim_messageid, own_transaction, refuse_replay,
    sha256_hex,
};
use crate::app::{Role, Shared};
use crate::approval::ForwardedApproval;
use crate::clock;
use crate::store::{self, Account, CertificateRow, TransactionRow, audit};

fn invalid(what: &str) -> Refusal {
    Refusal::new(
        StatusCode::BAD_REQUEST,
        "invalid_registration",
        format!("đăng ký chứng thư số không hợp lệ: {what}"),
        format!("invalid certificate registration: {what}"),
    )
}

/// Serial numbers compare as hex digits, case and separators aside, leading zeros dropped.
fn serial_key(s: &str) -> String {
    let hex: String = s
        .chars()
        .filter(char::is_ascii_hexdigit)
        .map(|c| c.to_ascii_lowercase())
        .collect();
    let trimmed = hex.trim_start_matches('0');
    if trimmed.is_empty() {
        "0".into()
    } else {
        trimmed.into()
    }
}

/// The registration's fields checked and its chain decoded.
fn read_registration(req: &Request) -> Result<(&CertificateRegistration, Vec<Vec<u8>>), Refusal> {
    let reg = req
        .certificate
        .as_ref()
        .ok_or_else(|| invalid("thiếu chung_thu_so / chung_thu_so missing"))?;
    if !SIGNING_KINDS.contains(&reg.ma_kieu_chu_ky.as_str()) {
        return Err(invalid("ma_kieu_chu_ky"));
    }
    if reg.nha_phat_hanh.trim().is_empty() || reg.nha_phat_hanh.len() > 64 {
        return Err(invalid("nha_phat_hanh"));
    }
    if reg.x509_certificate.is_empty() || reg.x509_certificate.len() > 8 {
        return Err(invalid("x509_certificate"));
    }
    let chain = reg
        .x509_certificate
        .iter()
        .map(|c| STANDARD.decode(c))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|_| invalid("x509_certificate"))?;
    Ok((reg, chain))
}

/// An organisation certificate valid now under the portal's roots, whose serial is the one
/// registered.
fn check_chain(state: &Shared, chain: &[Vec<u8>], serial: &str) -> Result<(), Refusal> {
    let now = clock::now();
    let refs: Vec<&[u8]> = chain.iter().map(Vec::as_slice).collect();
    let info = state
        .trust
        .validate(&refs, SignerRole::SchoolSeal, now, now)?;
    if serial_key(&info.serial_hex) != serial_key(serial) {
        return Err(invalid(
            "serial_number khác chứng thư / serial_number differs from the certificate",
        ));
    }
    Ok(())
}

/// Type 3.
pub async fn register(state: &Shared, account: &Account, req: &Request) -> Outcome {
    if state.role == Role::National && req.content.is_some() {
        return register_forwarded(state, account, req).await;
    }
    let a = &req.authentication_request;
    let (reg, chain) = read_registration(req)?;
    // A school's registration stores its certificate's fingerprint as its content digest.
    let fingerprint = sha256_hex(&chain[0]);
    refuse_replay(state, account, a.kind, &a.messageid, &fingerprint).await?;
    let now = clock::now();
    check_chain(state, &chain, &reg.serial_number)?;
    if store::certificate_by_fingerprint(state.store.pool(), &fingerprint)
        .await?
        .is_some()
    {
        return Err(already_registered());
    }
    let at = now.secs();
    let mut w = state.store.write().await?;
    claim_messageid(
        &state.store,
        &mut w,
        &registration(a, account, fingerprint.clone(), at),
    )
    .await?;
    store::insert_certificate(
        &mut *w.tx,
        &CertificateRow {
            fingerprint: fingerprint.clone(),
            ma_don_vi: account.ma_don_vi.clone(),
            messageid: a.messageid.clone(),
            serial_number: reg.serial_number.clone(),
            ngay_hieu_luc: reg.ngay_hieu_luc.clone(),
            ma_kieu_chu_ky: reg.ma_kieu_chu_ky.clone(),
            nha_phat_hanh: reg.nha_phat_hanh.clone(),
            chain_der: store::chain_to_blob(&chain),
            state: "pending".into(),
            decided_by: None,
            decided_at: None,
            created_at: at,
            approved_by_unit: None,
            approval_evidence: None,
        },
    )
    .await
    .map_err(|e| certificate_insert_refusal(&mut w, e, already_registered))?;
    audit::append(
        &mut w,
        at,
        &audit::Event {
            actor: &account.user_name,
            action: "register_certificate",
            subject: &a.messageid,
            detail: serde_json::json!({"unit": account.ma_don_vi, "fingerprint": fingerprint})
                .to_string(),
        },
    )
    .await?;
    w.commit().await?;
    let mut resp = Response::ok(&a.messageid);
    resp.response_description = "Đã nhận đăng ký chứng thư số, chờ phê duyệt".into();
    resp.response_description_en = "Certificate registration received, awaiting approval".into();
    Ok(resp)
}

/// Type 3 at the national store with `content`: a province forwards its approval of a school's
/// certificate (ADR 0201). The province's transaction `Signature` (an approved certificate of
/// the province) covers the attestation, which names the school and the certificate's
/// fingerprint; the chain must be an organisation certificate valid now under the national
/// roots. The certificate is recorded as the school's, approved by that province (its unit code
/// and the signed transaction kept as evidence) — the national operator does not decide it again.
/// The same certificate already approved for the same school by the same province is answered
/// as done; one the national store's own operator approved for that school gets this province's
/// approval recorded on it. A school belongs to the province whose approval of one of its
/// certificates was recorded first (ADR 0202): another province's approval for it, or of a
/// certificate another province approved, is refused (`school_of_another_province`); a
/// certificate held for another unit, or refused, is a conflict.
async fn register_forwarded(state: &Shared, account: &Account, req: &Request) -> Outcome {
    let a = &req.authentication_request;
    let content = req.content.as_deref().unwrap_or_default();
    let pool = state.store.pool();
    if store::unit_kind(pool, &account.ma_don_vi).await?.as_deref() != Some("province") {
        return Err(Refusal::new(
            StatusCode::FORBIDDEN,
            "not_a_province",
            "chỉ Sở được chuyển phê duyệt chứng thư số của trường lên Bộ",
            "only a province forwards the approval of a school's certificate",
        ));
    }
    let (reg, chain) = read_registration(req)?;
    let content_sha256 = sha256_hex(content.as_bytes());
    refuse_replay(state, account, a.kind, &a.messageid, &content_sha256).await?;
    check_transaction_signature(state, account, req, content).await?;
    let approval = ForwardedApproval::from_xml(&unpack(content, &state.pack)?).map_err(invalid)?;
    let fingerprint = sha256_hex(&chain[0]);
    if approval.fingerprint != fingerprint {
        return Err(invalid(
            "VAN_TAY_SHA256 khác chứng thư / VAN_TAY_SHA256 differs from the certificate",
        ));
    }
    check_chain(state, &chain, &reg.serial_number)?;
    let at = clock::now_secs();
    let evidence = serde_json::json!({
        "type": u8::from(a.kind),
        "ma_don_vi": a.ma_don_vi,
        "nam_hoc": a.nam_hoc,
        "messageid": a.messageid,
        "content": content,
        "signature": req.signature,
    })
    .to_string();
    let mut w = state.store.write().await?;
    // One writer at a time decides which province a school belongs to (ADR 0202): the province
    // whose approval of one of its certificates was recorded first; another's is refused.
    store::lock_writers(&mut w, 7303).await?;
    if store::school_province(&mut *w.tx, &approval.ma_truong)
        .await?
        .is_some_and(|p| p != account.ma_don_vi)
    {
        return Err(school_of_another_province());
    }
    // Decided under the writers' lock, so two forwarded approvals of one certificate, or of two
    // certificates of a school not known yet, are judged one after the other.
    let school_kind = store::unit_kind(&mut *w.tx, &approval.ma_truong).await?;
    if school_kind.as_deref().is_some_and(|k| k != "school") {
        return Err(invalid("MA_TRUONG"));
    }
    let existing = store::certificate_by_fingerprint(&mut *w.tx, &fingerprint).await?;
    let (already, adopt) = forwarded_decision(existing.as_ref(), &approval.ma_truong, account)?;
    claim_messageid(
        &state.store,
        &mut w,
        &registration(a, account, content_sha256, at),
    )
    .await?;
    if adopt {
        // Under the writers' lock: another province's approval recorded meanwhile leaves
        // nothing to adopt.
        if !store::adopt_certificate_approval(
            &mut *w.tx,
            &fingerprint,
            &account.ma_don_vi,
            &evidence,
        )
        .await?
        {
            return Err(school_of_another_province());
        }
    } else if !already {
        if school_kind.is_none() {
            store::insert_unit(
                &mut *w.tx,
                &approval.ma_truong,
                &approval.ten_truong,
                "school",
                at,
            )
            .await?;
        }
        store::insert_certificate(
            &mut *w.tx,
            &CertificateRow {
                fingerprint: fingerprint.clone(),
                ma_don_vi: approval.ma_truong.clone(),
                messageid: a.messageid.clone(),
                serial_number: reg.serial_number.clone(),
                ngay_hieu_luc: reg.ngay_hieu_luc.clone(),
                ma_kieu_chu_ky: reg.ma_kieu_chu_ky.clone(),
                nha_phat_hanh: reg.nha_phat_hanh.clone(),
                chain_der: store::chain_to_blob(&chain),
                state: "approved".into(),
                decided_by: Some(account.user_name.clone()),
                decided_at: Some(approval.approved_at),
                created_at: at,
                approved_by_unit: Some(account.ma_don_vi.clone()),
                approval_evidence: Some(evidence),
            },
        )
        .await
        .map_err(|e| certificate_insert_refusal(&mut w, e, registered_elsewhere))?;
    }
    audit::append(
        &mut w,
        at,
        &audit::Event {
            actor: &account.user_name,
            action: "register_certificate_forwarded",
            subject: &a.messageid,
            detail: serde_json::json!({
                "province": account.ma_don_vi,
                "unit": approval.ma_truong,
                "fingerprint": fingerprint,
                "already": already,
                "adopted": adopt,
            })
            .to_string(),
        },
    )
    .await?;
    w.commit().await?;
    let mut resp = Response::ok(&a.messageid);
    resp.response_description = "Đã ghi nhận chứng thư số của trường, do Sở phê duyệt".into();
    resp.response_description_en =
        "The school's certificate is recorded as approved by the province".into();
    Ok(resp)
}

/// The transaction row of an accepted certificate registration (type 3, one item) from
/// `account`, whose content hashes to `content_sha256`.
fn registration(
    a: &AuthenticationRequest,
    account: &Account,
    content_sha256: String,
    at: i64,
) -> TransactionRow {
    TransactionRow {
        messageid: a.messageid.clone(),
        kind: i64::from(u8::from(TransactionType::RegisterCertificate)),
        ma_don_vi: account.ma_don_vi.clone(),
        user_name: account.user_name.clone(),
        nam_hoc: i64::from(a.nam_hoc),
        content_sha256,
        response_code: "ok".into(),
        item_count: 1,
        accepted_count: 1,
        received_at: at,
    }
}

/// What a province's forwarded approval of a certificate does, given the certificate the
/// national store holds under its fingerprint (ADR 0202): `(already, adopt)`. The same
/// certificate already approved for the same school by this province: done (`already`); by the
/// national store's own operator (no province's approval yet): this province's approval is
/// recorded on it (`adopt`); for another unit, by another province, or refused: a conflict.
fn forwarded_decision(
    existing: Option<&CertificateRow>,
    ma_truong: &str,
    account: &Account,
) -> Result<(bool, bool), Refusal> {
    match existing {
        None => Ok((false, false)),
        Some(c) if c.ma_don_vi == ma_truong && c.state == "approved" => {
            match c.approved_by_unit.as_deref() {
                Some(p) if p == account.ma_don_vi => Ok((true, false)),
                None => Ok((false, true)),
                Some(_) => Err(school_of_another_province()),
            }
        }
        Some(_) => Err(registered_elsewhere()),
    }
}

/// A school's registration of a certificate the store already holds.
fn already_registered() -> Refusal {
    Refusal::new(
        StatusCode::CONFLICT,
        "certificate_already_registered",
        "chứng thư số này đã được đăng ký",
        "this certificate is already registered",
    )
}

/// A forwarded approval of a certificate held for another unit, or refused.
fn registered_elsewhere() -> Refusal {
    Refusal::new(
        StatusCode::CONFLICT,
        "certificate_already_registered",
        "chứng thư số này đã được đăng ký cho đơn vị khác hoặc đã bị từ chối",
        "this certificate is registered for another unit, or was refused",
    )
}

/// Maps a failed insert of a certificate: a unique violation is the same certificate stored
/// meanwhile by a registration that did not wait for this one's lock (a school registering it
/// itself); it is answered as the check before the insert would answer it now.
fn certificate_insert_refusal(
    w: &mut store::WriteTx<'_>,
    e: store::StoreError,
    refusal: fn() -> Refusal,
) -> Refusal {
    if e.is_unique_violation() {
        w.refused();
        refusal()
    } else {
        e.into()
    }
}

fn school_of_another_province() -> Refusal {
    Refusal::new(
        StatusCode::CONFLICT,
        super::SCHOOL_OF_ANOTHER_PROVINCE,
        "trường này thuộc Sở khác: chỉ Sở đã phê duyệt chứng thư số của trường được xác nhận cho trường",
        "this school belongs to another province: only the province that approved its certificates vouches for it",
    )
}

/// Type 4.
pub async fn status(state: &Shared, account: &Account, a: &AuthenticationRequest) -> Outcome {
    own_transaction(
        state,
        account,
        &a.messageid,
        TransactionType::RegisterCertificate,
    )
    .await?;
    let certs = store::certificates_where(
        state.store.pool(),
        store::CertFilter::MessageId,
        &a.messageid,
    )
    .await?;
    let mut resp = Response::ok(&a.messageid);
    resp.response_description = "Kết quả đăng ký chứng thư số".into();
    resp.response_description_en = "Certificate registration result".into();
    resp.danh_sach_chung_thu_so = Some(
        certs
            .into_iter()
            .map(|c| CertificateStatus {
                serial_number: c.serial_number,
                nha_phat_hanh: c.nha_phat_hanh,
                trang_thai_phe_duyet: if c.state == "approved" {
                    CERTIFICATE_APPROVED
                } else {
                    CERTIFICATE_NOT_APPROVED
                },
                trang_thai_chi_tiet: c.state,
            })
            .collect(),
    );
    Ok(resp)
}

#[cfg(test)]
mod tests {
    #[test]
    fn serials_compare_as_numbers_in_hex() {
        assert_eq!(super::serial_key("00:AB:cd"), super::serial_key("abcd"));
        assert_ne!(super::serial_key("abce"), super::serial_key("abcd"));
        assert_eq!(super::serial_key("000"), "0");
    }
}
