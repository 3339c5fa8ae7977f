//! Type 3 (register a digital certificate) and type 4 (its registration result). A
//! registration is stored pending; an operator approves or refuses it
//! (`POST /api/v1/operator/certificates/{fingerprint}/approve|refuse`). Only an approved
//! certificate may sign a unit's transactions and a school's KY_PHAT_HANH (CV 2088 §2).

use axum::http::StatusCode;
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use hocba_core::SignerRole;
use hocba_core::exchange::{
    AuthenticationRequest, CERTIFICATE_APPROVED, CERTIFICATE_NOT_APPROVED, CertificateStatus,
    Request, Response, SIGNING_KINDS, TransactionType,
};

use super::{Outcome, Refusal, insert_refusal, own_transaction, refuse_replay, sha256_hex};
use crate::app::Shared;
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

/// Type 3.
pub async fn register(state: &Shared, account: &Account, req: &Request) -> Outcome {
    let a = &req.authentication_request;
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
    refuse_replay(state, &a.messageid).await?;
    let now = clock::now();
    let refs: Vec<&[u8]> = chain.iter().map(Vec::as_slice).collect();
    // An organisation certificate valid now under the portal's roots.
    let info = state
        .trust
        .validate(&refs, SignerRole::SchoolSeal, now, now)?;
    if serial_key(&info.serial_hex) != serial_key(&reg.serial_number) {
        return Err(invalid(
            "serial_number khác chứng thư / serial_number differs from the certificate",
        ));
    }
    let fingerprint = sha256_hex(&chain[0]);
    if store::certificate_by_fingerprint(state.store.pool(), &fingerprint)
        .await?
        .is_some()
    {
        return Err(Refusal::new(
            StatusCode::CONFLICT,
            "certificate_already_registered",
            "chứng thư số này đã được đăng ký",
            "this certificate is already registered",
        ));
    }
    let at = now.secs();
    let mut w = state.store.write().await?;
    store::insert_transaction(
        &mut *w.tx,
        &TransactionRow {
            messageid: a.messageid.clone(),
            kind: i64::from(u8::from(TransactionType::RegisterCertificate)),
            ma_don_vi: account.ma_don_vi.clone(),
            user_name: account.user_name.clone(),
            nam_hoc: i64::from(a.nam_hoc),
            content_sha256: fingerprint.clone(),
            response_code: "ok".into(),
            item_count: 1,
            accepted_count: 1,
            received_at: at,
        },
    )
    .await
    .map_err(insert_refusal)?;
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
        },
    )
    .await
    .map_err(insert_refusal)?;
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
