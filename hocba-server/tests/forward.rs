//! Province → national forwarding: accepted records reach the national store byte for byte under
//! a fixed upstream messageid; a resend after a lost reply is counted as delivered and stores
//! nothing twice; an unreachable store leaves the entry pending with back-off. A recall approved
//! at the province reaches the national store after the record's submission, and waits there
//! for the national operator. The national store takes a record's seal only as approved by the
//! province that forwards it (ADR 0202); a record arriving before its certificate's approval is
//! refused retryably, nothing stored, and the forwarder sends it again.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::sync::Arc;
use std::time::Duration;

use common::*;
use hocba_core::exchange::{
    QuoteEscape, TransactionType, join_records, pack, recall_entry_from_record, recall_list_to_xml,
};
use hocba_server::forward::{self, Upstream};
use hocba_server::store::{self, Counted};
use hocba_server::{Role, setup};

const PROVINCE: &str = "SO-49";

/// The upstream messageid of PROVINCE's forwarded submission `messageid` (ADR 0229).
fn up_submission(messageid: &str) -> String {
    forward::upstream_id(PROVINCE, forward::Forwarded::Submission(messageid))
}

/// The upstream messageid of PROVINCE's forwarded recall entry (ADR 0229).
fn up_recall(messageid: &str, index: i64) -> String {
    forward::upstream_id(PROVINCE, forward::Forwarded::Recall(messageid, index))
}

/// The upstream messageid of PROVINCE's forwarded approval of certificate `fp` (ADR 0229).
fn up_certificate(fp: &str) -> String {
    forward::upstream_id(PROVINCE, forward::Forwarded::Certificate(fp))
}

#[test]
fn accepted_records_reach_the_national_store_once() {
    for db in databases() {
        let (national, so) = national_with_province(db);
        let province = Portal::start_full(db, Role::Province, Some(PROVINCE));
        let own = record(&uuid(70), SCHOOL, "070", "seal-p384");
        let foreign = record(&uuid(71), OTHER_SCHOOL, "071", "seal-rsa");
        school_submits(&province, "s-1", &[own.clone(), foreign]);
        let upstream = |url: &str| upstream_to(url, &so);
        let up = upstream(&national.base);
        // The three school certificates the province approved (ADR 0201), then the submission.
        assert_eq!(forward_once(&province, &up), 4);
        let rows = province
            .block_on(store::forwards(province.store.pool()))
            .unwrap();
        assert_eq!(
            (
                rows[0].delivery.state.as_str(),
                rows[0].delivery.upstream_messageid.as_str()
            ),
            ("sent", up_submission("s-1").as_str())
        );

        // The national store holds the one accepted record, byte for byte.
        // The province's account at the national store.
        let as_province = so.clone();
        let (_, st) = national.query(
            &as_province,
            TransactionType::SubmitStatus,
            &up_submission("s-1"),
        );
        let items = st.danh_sach_hoc_ba.unwrap();
        assert_eq!(items.len(), 1);
        assert_eq!(
            (items[0].trang_thai, items[0].ma_tra_cuu_uuid.as_str()),
            (1, uuid(70).as_str())
        );
        let stored = |p: &Portal| {
            p.block_on(store::record_by_uuid(p.store.pool(), &uuid(70)))
                .unwrap()
                .unwrap()
                .signed_xml
        };
        assert_eq!(stored(&national), stored(&province));

        // The reply was lost: the entry is sent again, refused upstream as a duplicate, counted
        // as delivered, nothing stored twice.
        exec(&province, "UPDATE forward_queue SET state = 'pending'");
        assert_eq!(forward_once(&province, &up), 1);
        let rows = province
            .block_on(store::forwards(province.store.pool()))
            .unwrap();
        assert_eq!(rows[0].delivery.state, "sent");
        assert_eq!(
            rows[0].delivery.last_code.as_deref(),
            Some("duplicate_messageid")
        );
        assert_eq!(national.count(Counted::Records), 1);

        // The national store is down: the entry stays pending, with back-off.
        let own2 = record(&uuid(72), SCHOOL, "072", "seal-p384");
        province.submit_records(&province.school, "s-2", &[own2], "seal-ed25519");
        let down = upstream("http://127.0.0.1:9");
        forward_once(&province, &down);
        let rows = province
            .block_on(store::forwards(province.store.pool()))
            .unwrap();
        let row = rows.iter().find(|r| r.messageid == "s-2").unwrap();
        assert_eq!(
            (row.delivery.state.as_str(), row.delivery.attempts),
            ("pending", 1)
        );
        assert_eq!(row.delivery.last_code.as_deref(), Some("unreachable"));
        assert!(row.delivery.next_attempt_at > row.delivery.updated_at);
        // Not due yet: the next pass does not try it.
        assert_eq!(forward_once(&province, &up), 0);
        let (status, list) = province.operator_get("/api/v1/operator/forwarding");
        assert_eq!(status, 200);
        assert_eq!(list["forwarding"].as_array().unwrap().len(), 2);
        // The delivery fields are shown flat beside each outbox's key, as before.
        let shown = list["forwarding"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["messageid"] == "s-2")
            .unwrap();
        let keys: Vec<&str> = shown
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(
            keys,
            [
                "attempts",
                "last_code",
                "messageid",
                "next_attempt_at",
                "state",
                "updated_at",
                "upstream_messageid"
            ]
        );
        assert_eq!(
            (shown["attempts"].as_i64(), shown["last_code"].as_str()),
            (Some(1), Some("unreachable"))
        );
    }
}

/// The national store, the province's account there, the province's portal (forwarding as
/// PROVINCE) and its upstream to the national store.
fn national_and_province(db: &str) -> (Portal, setup::Credentials, Portal, Arc<Upstream>) {
    let (national, so) = national_with_province(db);
    let province = Portal::start_full(db, Role::Province, Some(PROVINCE));
    let up = upstream_to(&national.base, &so);
    (national, so, province, up)
}

/// The national store, the province's account there, and the province's upstream to it.
fn national_with_province(db: &str) -> (Portal, setup::Credentials) {
    let national = Portal::start_with(db, Role::National);
    let so = national
        .block_on(setup::add_account(
            &national.store,
            (PROVINCE, "Sở GDĐT (thử)", "province"),
            "so-49",
            "unit",
            None,
        ))
        .unwrap();
    national
        .block_on(setup::approve_certificate(
            &national.store,
            PROVINCE,
            &chain("seal-p256"),
            &serial("seal-p256"),
            "bo-van-hanh",
        ))
        .unwrap();
    (national, so)
}

fn upstream_to(url: &str, so: &setup::Credentials) -> Arc<Upstream> {
    Arc::new(Upstream {
        url: url.to_owned(),
        user: so.user_name.clone(),
        token: so.token.clone(),
        password: so.password.clone(),
        unit: PROVINCE.into(),
        key: key("seal-p256"),
        chain: chain("seal-p256"),
        poll: Duration::from_millis(10),
    })
}

#[test]
fn an_approved_recall_reaches_the_national_store_after_its_record() {
    for db in databases() {
        let (national, so) = national_with_province(db);
        let province = Portal::start_full(db, Role::Province, Some(PROVINCE));
        let own = record(&uuid(80), SCHOOL, "080", "seal-p384");
        school_submits(&province, "s-1", std::slice::from_ref(&own));

        // The school asks for the recall; the province's operator approves it before the
        // submission itself was forwarded.
        recall_approved(&province, "r-1", &own);
        let (_, list) = province.operator_get("/api/v1/operator/forwarding");
        assert_eq!(
            list["recalls"][0]["upstream_messageid"],
            up_recall("r-1", 0)
        );
        assert_eq!(list["recalls"][0]["state"], "pending");

        // A first pass delivers the submission; the recall waited for it and goes on the next.
        let up = upstream_to(&national.base, &so);
        let first = forward_once(&province, &up);
        let rows = province
            .block_on(store::forward_recalls(province.store.pool()))
            .unwrap();
        if first == 1 {
            assert_eq!(
                rows[0].delivery.state, "pending",
                "the recall waits for its record"
            );
            forward_once(&province, &up);
        }
        let rows = province
            .block_on(store::forward_recalls(province.store.pool()))
            .unwrap();
        assert_eq!(
            (
                rows[0].delivery.state.as_str(),
                rows[0].delivery.last_code.as_deref()
            ),
            ("sent", Some("ok"))
        );

        // Upstream, the province's recall of the record it forwarded waits for the national
        // operator, who approves it: the national copy is marked recalled, not deleted.
        // The province's account at the national store.
        let as_province = so.clone();
        let (_, st) = national.query(
            &as_province,
            TransactionType::RecallStatus,
            &up_recall("r-1", 0),
        );
        assert_eq!(st.danh_sach_thu_hoi.as_ref().unwrap()[0].trang_thai, 1);
        let (status, _) = national.operator_post(&format!(
            "/api/v1/operator/recalls/{}/0/approve",
            up_recall("r-1", 0)
        ));
        assert_eq!(status, 200);
        assert_eq!(record_state(&national, 80), "recalled");
        assert_eq!(national.count(Counted::Records), 1);

        // A lost reply: the resend is a duplicate upstream, counted as delivered.
        exec(&province, "UPDATE forward_recalls SET state = 'pending'");
        forward_once(&province, &up);
        let rows = province
            .block_on(store::forward_recalls(province.store.pool()))
            .unwrap();
        assert_eq!(
            (
                rows[0].delivery.state.as_str(),
                rows[0].delivery.last_code.as_deref()
            ),
            ("sent", Some("duplicate_messageid"))
        );
    }
}

#[test]
fn a_province_cannot_recall_at_the_national_store_what_another_province_forwarded() {
    for db in databases() {
        let (national, so) = national_with_province(db);
        let other = national
            .block_on(setup::add_account(
                &national.store,
                ("SO-79", "Sở GDĐT khác (thử)", "province"),
                "so-79",
                "unit",
                None,
            ))
            .unwrap();
        national
            .block_on(setup::approve_certificate(
                &national.store,
                "SO-79",
                &chain("seal-rsa-gov"),
                &serial("seal-rsa-gov"),
                "bo-van-hanh",
            ))
            .unwrap();
        let province = Portal::start_full(db, Role::Province, Some(PROVINCE));
        let own = record(&uuid(81), SCHOOL, "081", "seal-p384");
        school_submits(&province, "s-1", std::slice::from_ref(&own));
        province
            .block_on(forward::run_once(
                &province.store,
                &upstream_to(&national.base, &so),
            ))
            .unwrap();
        let entry = recall_entry_from_record(own.as_bytes(), 0).unwrap();
        let content = pack(
            &recall_list_to_xml(std::slice::from_ref(&entry)),
            QuoteEscape::default(),
        )
        .unwrap();
        let as_other = setup::Credentials {
            user_name: other.user_name.clone(),
            ma_don_vi: "SO-79".into(),
            token: other.token.clone(),
            password: other.password.clone(),
        };
        let req = national.signed(
            national.auth(&as_other, TransactionType::Recall, "r-x"),
            content,
            "seal-rsa-gov",
        );
        let (status, resp) = national.send(&req);
        assert_eq!(status, 403, "{resp:?}");
        assert_eq!(resp.response_code, "not_own_record");
    }
}

/// A forwarded approval (type 3 with the province's signed attestation) built by hand, sent by
/// `who` signing with `signer`, for `school`'s certificate `seal`, the attestation naming
/// `fingerprint`.
fn forwarded_approval(
    p: &Portal,
    who: &setup::Credentials,
    signer: &str,
    messageid: &str,
    school: &str,
    seal: &str,
    fingerprint: &str,
) -> hocba_core::exchange::Request {
    use base64::Engine as _;
    let approval = hocba_server::approval::ForwardedApproval {
        ma_truong: school.into(),
        ten_truong: "Trường (thử)".into(),
        fingerprint: fingerprint.into(),
        approved_at: 1_790_000_000,
    };
    let content = pack(&approval.to_xml(), QuoteEscape::Backslash).unwrap();
    let mut req = p.signed(
        p.auth(who, TransactionType::RegisterCertificate, messageid),
        content,
        signer,
    );
    req.certificate = Some(hocba_core::exchange::CertificateRegistration {
        serial_number: serial(seal),
        ngay_hieu_luc: "2026-01-01".into(),
        ma_kieu_chu_ky: "USB_TOKEN".into(),
        nha_phat_hanh: "BAN_CO_YEU".into(),
        x509_certificate: chain(seal)
            .iter()
            .map(|c| base64::engine::general_purpose::STANDARD.encode(c))
            .collect(),
    });
    req
}

/// `province`'s school submits `records` (its transaction signed `seal-ed25519`) as
/// `messageid`: accepted.
fn school_submits(province: &Portal, messageid: &str, records: &[String]) {
    let (status, resp) =
        province.submit_records(&province.school, messageid, records, "seal-ed25519");
    assert_eq!(status, 200, "{messageid}: {resp:?}");
}

/// Sends `req`; the HTTP status, the `Retry-After` header and the reply.
fn send_reading_retry_after(
    p: &Portal,
    req: &hocba_core::exchange::Request,
) -> (u16, Option<String>, hocba_core::exchange::Response) {
    let mut res = p
        .agent
        .post(format!("{}/api/v1/giao-dich", p.base))
        .header("content-type", "application/json")
        .send(&serde_json::to_vec(req).unwrap()[..])
        .unwrap();
    let retry_after = res
        .headers()
        .get("retry-after")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    (
        res.status().as_u16(),
        retry_after,
        res.body_mut().read_json().unwrap(),
    )
}

fn fingerprint_of(seal: &str) -> String {
    use sha2::Digest as _;
    hex::encode(sha2::Sha256::digest(&chain(seal)[0]))
}

/// A school the national store does not know (49TH0099), added at `province`, which registers
/// its `seal-rsa-gov` certificate there (not yet approved); its credentials and the
/// certificate's fingerprint.
fn unknown_school_registered(province: &Portal) -> (setup::Credentials, String) {
    let school = province
        .block_on(setup::add_account(
            &province.store,
            ("49TH0099", "Trường Tiểu học Mới (thử)", "school"),
            "truong-moi",
            "unit",
            None,
        ))
        .unwrap();
    let (status, resp) = province.register(&school, "reg-new", "seal-rsa-gov");
    assert_eq!(status, 200, "{resp:?}");
    (school, fingerprint_of("seal-rsa-gov"))
}

/// [`unknown_school_registered`], its certificate approved by `province`'s operator, and its
/// submission `messageid` of record `uuid(n)` sealed with it accepted there: the certificate's
/// fingerprint and the record.
fn unknown_school_submits(province: &Portal, messageid: &str, n: u32) -> (String, String) {
    let (school, fp) = unknown_school_registered(province);
    let (status, _) =
        province.operator_post(&format!("/api/v1/operator/certificates/{fp}/approve"));
    assert_eq!(status, 200);
    let rec = record(&uuid(n), "49TH0099", &format!("{n:03}"), "seal-rsa-gov");
    let (status, resp) = province.submit_records(
        &school,
        messageid,
        std::slice::from_ref(&rec),
        "seal-rsa-gov",
    );
    assert_eq!(status, 200, "{resp:?}");
    (fp, rec)
}

#[test]
fn approved_school_certificates_reach_the_national_store_as_the_provinces_approval() {
    for db in databases() {
        let (national, so, province, up) = national_and_province(db);
        // A school the national store does not know registers its certificate at the province.
        let (_school, fp) = unknown_school_registered(&province);

        // Not approved yet: only the three certificates approved at setup go up (the national
        // store's own operator approved them for the same schools: the province's approval is
        // recorded on them, ADR 0202).
        assert_eq!(forward_once(&province, &up), 3);
        let rows = province
            .block_on(store::forward_certificates(province.store.pool()))
            .unwrap();
        assert_eq!(rows.len(), 3);
        assert!(rows.iter().all(|r| r.delivery.state == "sent"), "{rows:?}");
        assert!(rows.iter().all(|r| r.fingerprint != fp));

        // The province's operator approves it: the next pass forwards it.
        let (status, _) =
            province.operator_post(&format!("/api/v1/operator/certificates/{fp}/approve"));
        assert_eq!(status, 200);
        assert_eq!(forward_once(&province, &up), 1);
        let upstream_mid = up_certificate(&fp);
        let rows = province
            .block_on(store::forward_certificates(province.store.pool()))
            .unwrap();
        let row = rows.iter().find(|r| r.fingerprint == fp).unwrap();
        assert_eq!(
            (
                row.delivery.state.as_str(),
                row.delivery.upstream_messageid.as_str()
            ),
            ("sent", upstream_mid.as_str())
        );
        let (_, list) = province.operator_get("/api/v1/operator/forwarding");
        assert_eq!(list["certificates"].as_array().unwrap().len(), 4);

        // The national store records it as the school's, approved by the province, with the
        // province's signed transaction as evidence; the national operator has nothing to decide.
        let at_province = certificate_at(&province, &fp);
        let cert = certificate_at(&national, &fp);
        assert_eq!(cert.ma_don_vi, "49TH0099");
        assert_eq!(cert.state, "approved");
        assert_eq!(cert.approved_by_unit.as_deref(), Some(PROVINCE));
        assert_eq!(cert.decided_at, at_province.decided_at);
        assert_eq!(cert.chain_der, at_province.chain_der);
        assert_eq!(
            national
                .block_on(store::unit_kind(national.store.pool(), "49TH0099"))
                .unwrap()
                .as_deref(),
            Some("school")
        );
        let (_, pending) = national.operator_get("/api/v1/operator/certificates?state=pending");
        assert!(pending["certificates"].as_array().unwrap().is_empty());
        // The evidence is the province's signature over the attestation: it checks again, and
        // the attestation names this school and this certificate.
        let evidence: serde_json::Value =
            serde_json::from_str(cert.approval_evidence.as_deref().unwrap()).unwrap();
        let sig: hocba_core::exchange::TransactionSignature =
            serde_json::from_value(evidence["signature"].clone()).unwrap();
        let mut auth = province.auth(&so, TransactionType::RegisterCertificate, &upstream_mid);
        auth.ma_don_vi = evidence["ma_don_vi"].as_str().unwrap().into();
        auth.nam_hoc = i32::try_from(evidence["nam_hoc"].as_i64().unwrap()).unwrap();
        let content = evidence["content"].as_str().unwrap();
        let signed_by = sig
            .verify(&hocba_core::exchange::signing_input(&auth, Some(content)))
            .unwrap();
        assert_eq!(signed_by, chain("seal-p256"), "signed by the province");
        let attested = hocba_server::approval::ForwardedApproval::from_xml(
            &hocba_core::exchange::unpack(content, &Default::default()).unwrap(),
        )
        .unwrap();
        assert_eq!(
            (attested.ma_truong.as_str(), attested.fingerprint.as_str()),
            ("49TH0099", fp.as_str())
        );
        // The province asks for the result (type 4): approved.
        let (_, st) = national.query(&so, TransactionType::CertificateStatus, &upstream_mid);
        assert_eq!(
            st.danh_sach_chung_thu_so.unwrap()[0].trang_thai_phe_duyet,
            1
        );

        // The reply was lost: sent again, refused upstream as a duplicate, counted as delivered,
        // nothing recorded twice.
        exec(
            &province,
            "UPDATE forward_certificates SET state = 'pending'",
        );
        let before = national.count(Counted::Transactions);
        assert_eq!(forward_once(&province, &up), 4);
        let rows = province
            .block_on(store::forward_certificates(province.store.pool()))
            .unwrap();
        assert!(rows.iter().all(|r| r.delivery.state == "sent"));
        assert!(
            rows.iter()
                .all(|r| r.delivery.last_code.as_deref() == Some("duplicate_messageid"))
        );
        assert_eq!(national.count(Counted::Transactions), before);

        // Refused at the national store, nothing recorded: a school is not a province; an
        // attestation naming another certificate than the chain sent; a certificate the national
        // store holds for another unit (the province's own).
        let req = forwarded_approval(
            &national,
            &national.school,
            "seal-ed25519",
            "f-1",
            "49TH0098",
            "seal-rsa-gov",
            &fp,
        );
        let (status, resp) = national.send(&req);
        assert_eq!(
            (status, resp.response_code.as_str()),
            (403, "not_a_province")
        );
        let req = forwarded_approval(
            &national,
            &so,
            "seal-p256",
            "f-2",
            "49TH0098",
            "seal-rsa-gov",
            &"00".repeat(32),
        );
        let (status, resp) = national.send(&req);
        assert_eq!(
            (status, resp.response_code.as_str()),
            (400, "invalid_registration")
        );
        let req = forwarded_approval(
            &national,
            &so,
            "seal-p256",
            "f-3",
            "49TH0098",
            "seal-p256",
            &fingerprint_of("seal-p256"),
        );
        let (status, resp) = national.send(&req);
        assert_eq!(
            (status, resp.response_code.as_str()),
            (409, "certificate_already_registered")
        );
        assert_eq!(national.count(Counted::Transactions), before);
        assert!(
            national
                .block_on(store::unit_kind(national.store.pool(), "49TH0098"))
                .unwrap()
                .is_none()
        );
        audit_unbroken(&national);
    }
}

/// A province's account at the national store, from its credentials there.
fn province_at(national: &Portal, code: &str, user: &str, seal: &str) -> setup::Credentials {
    let who = national
        .block_on(setup::add_account(
            &national.store,
            (code, "Sở GDĐT khác (thử)", "province"),
            user,
            "unit",
            None,
        ))
        .unwrap();
    national
        .block_on(setup::approve_certificate(
            &national.store,
            code,
            &chain(seal),
            &serial(seal),
            "bo-van-hanh",
        ))
        .unwrap();
    who
}

#[test]
fn a_record_arriving_before_its_certificate_is_retried_then_accepted() {
    for db in databases() {
        let (national, so, province, up) = national_and_province(db);
        // A school the national store knows nothing of: its certificate is approved at the
        // province, and it submits a record sealed with it.
        let (fp, rec) = unknown_school_submits(&province, "s-9", 90);
        assert_eq!(province.count(Counted::Records), 1);

        // Sent straight to the national store by the province, before the approval: refused
        // as a whole, retryably, nothing stored (an unknown certificate).
        let (before_tx, before_audit) = (
            national.count(Counted::Transactions),
            national.count(Counted::Audit),
        );
        // 409 with Retry-After (ADR 0226): the store's state, not an outage.
        let files = [rec.as_bytes()];
        let content = pack(&join_records(&files).unwrap(), QuoteEscape::Backslash).unwrap();
        let req = national.signed(
            national.auth(&so, TransactionType::Submit, "d-1"),
            content,
            "seal-p256",
        );
        let (status, retry_after, resp) = send_reading_retry_after(&national, &req);
        assert_eq!(
            (status, resp.response_code.as_str()),
            (409, hocba_server::SEAL_APPROVAL_NOT_FORWARDED),
            "{resp:?}"
        );
        assert_eq!(
            retry_after,
            Some(hocba_server::SEAL_APPROVAL_RETRY_AFTER_SECS.to_string())
        );
        assert_eq!(national.count(Counted::Transactions), before_tx);
        assert_eq!(national.count(Counted::Records), 0);
        assert_eq!(national.count(Counted::Items), 0);
        assert_eq!(national.count(Counted::Audit), before_audit);
        // A sender that is not a province forwards no approvals: for it the same record is
        // rejected for good (per record), not deferred.
        let (status, resp) = national.submit_records(
            &national.school,
            "d-2",
            std::slice::from_ref(&rec),
            "seal-ed25519",
        );
        assert_eq!(status, 200, "{resp:?}");
        let (_, st) = national.query(&national.school, TransactionType::SubmitStatus, "d-2");
        assert_eq!(
            st.danh_sach_hoc_ba.unwrap()[0].error.as_deref(),
            Some("seal_not_approved")
        );
        assert_eq!(national.count(Counted::Records), 0);
        let before_tx = national.count(Counted::Transactions);

        // The forwarder: the certificate approvals are held back (their outbox rows stopped),
        // so the submission arrives first — refused, left pending with back-off, not delivered.
        province.block_on(async {
            let mut c = province.store.pool().acquire().await.unwrap();
            store::enqueue_approved_certificates(&mut c, 0, up_certificate)
                .await
                .unwrap();
            sqlx::query("UPDATE forward_certificates SET state = 'failed'")
                .execute(province.store.pool())
                .await
                .unwrap()
        });
        assert_eq!(forward_once(&province, &up), 1);
        let rows = province
            .block_on(store::forwards(province.store.pool()))
            .unwrap();
        let row = rows.iter().find(|r| r.messageid == "s-9").unwrap();
        assert_eq!(
            (row.delivery.state.as_str(), row.delivery.attempts),
            ("pending", 1)
        );
        assert_eq!(
            row.delivery.last_code.as_deref(),
            Some(hocba_server::SEAL_APPROVAL_NOT_FORWARDED)
        );
        assert!(row.delivery.next_attempt_at > row.delivery.updated_at);
        assert_eq!(national.count(Counted::Transactions), before_tx);
        assert_eq!(national.count(Counted::Records), 0);
        let (status, _) = national.query(&so, TransactionType::SubmitStatus, &up_submission("s-9"));
        assert_eq!(status, 404, "the upstream messageid is still unused");

        // The approvals go again (the operator's retry) and the entry is due: one pass sends the
        // certificates first, then the submission, which is now accepted under its messageid.
        province.block_on(async {
            for q in [
                "UPDATE forward_certificates SET state = 'pending', next_attempt_at = 0",
                "UPDATE forward_queue SET next_attempt_at = 0",
            ] {
                sqlx::query(q).execute(province.store.pool()).await.unwrap();
            }
        });
        assert_eq!(forward_once(&province, &up), 5);
        let rows = province
            .block_on(store::forwards(province.store.pool()))
            .unwrap();
        let row = rows.iter().find(|r| r.messageid == "s-9").unwrap();
        assert_eq!(
            (
                row.delivery.state.as_str(),
                row.delivery.last_code.as_deref()
            ),
            ("sent", Some("ok"))
        );
        let (_, st) = national.query(&so, TransactionType::SubmitStatus, &up_submission("s-9"));
        let items = st.danh_sach_hoc_ba.unwrap();
        assert_eq!(
            (items.len(), items[0].trang_thai, items[0].error.as_deref()),
            (1, 1, None)
        );
        let stored = |p: &Portal| {
            p.block_on(store::record_by_uuid(p.store.pool(), &uuid(90)))
                .unwrap()
                .unwrap()
                .signed_xml
        };
        assert!(stored(&national) == stored(&province), "byte for byte");
        let cert = certificate_at(&national, &fp);
        assert_eq!(
            (cert.ma_don_vi.as_str(), cert.approved_by_unit.as_deref()),
            ("49TH0099", Some(PROVINCE))
        );
        audit_unbroken(&national);
    }
}

#[test]
fn the_national_store_takes_a_seal_only_as_approved_for_that_school_by_that_province() {
    for db in databases() {
        let (national, so) = national_with_province(db);
        let so79 = province_at(&national, "SO-79", "so-79", "seal-rsa-gov");
        // SO-49's approval of seal-p384 for the school reaches the national store (recorded on
        // the national operator's own approval): the school is SO-49's from now on.
        let req = forwarded_approval(
            &national,
            &so,
            "seal-p256",
            "a-1",
            SCHOOL,
            "seal-p384",
            &fingerprint_of("seal-p384"),
        );
        let (status, resp) = national.send(&req);
        assert_eq!(status, 200, "{resp:?}");

        // Another province cannot vouch for that school: neither for the certificate SO-49
        // approved, nor for another one the national store holds for the school.
        for (mid, seal) in [("a-2", "seal-p384"), ("a-3", "seal-ed25519")] {
            let req = forwarded_approval(
                &national,
                &so79,
                "seal-rsa-gov",
                mid,
                SCHOOL,
                seal,
                &fingerprint_of(seal),
            );
            let (status, resp) = national.send(&req);
            assert_eq!(
                (status, resp.response_code.as_str()),
                (409, "school_of_another_province"),
                "{seal}"
            );
        }
        let cert = |seal: &str| {
            national
                .block_on(store::certificate_by_fingerprint(
                    national.store.pool(),
                    &fingerprint_of(seal),
                ))
                .unwrap()
                .unwrap()
        };
        assert_eq!(cert("seal-ed25519").approved_by_unit, None);

        // The other province's record of that school, sealed with the certificate SO-49
        // approved: rejected like at a province (per record, nothing stored).
        let theirs = record(&uuid(93), SCHOOL, "093", "seal-p384");
        let (status, resp) =
            national.submit_records(&so79, "n-79", std::slice::from_ref(&theirs), "seal-rsa-gov");
        assert_eq!(status, 200, "{resp:?}");
        let (_, st) = national.query(&so79, TransactionType::SubmitStatus, "n-79");
        let items = st.danh_sach_hoc_ba.unwrap();
        assert_eq!(
            (
                items[0].trang_thai,
                items[0].error.as_deref(),
                items[0].error_field_title.as_deref()
            ),
            (0, Some("seal_not_approved"), Some("KY_PHAT_HANH"))
        );

        // The province forwards its other approvals (seal-ed25519 for the school, seal-rsa for
        // the other school): recorded as SO-49's.
        let province = Portal::start_full(db, Role::Province, Some(PROVINCE));
        let up = upstream_to(&national.base, &so);
        assert_eq!(forward_once(&province, &up), 3);
        for seal in ["seal-ed25519", "seal-p384", "seal-rsa"] {
            assert_eq!(
                cert(seal).approved_by_unit.as_deref(),
                Some(PROVINCE),
                "{seal}"
            );
        }

        // SO-49 sends a record sealed with its approved certificate of the school (accepted) and
        // one naming the school but sealed with the other school's certificate (rejected): the
        // accepted one alone is stored.
        let own = record(&uuid(91), SCHOOL, "091", "seal-p384");
        let wrong_school = record(&uuid(92), SCHOOL, "092", "seal-rsa");
        let (status, resp) =
            national.submit_records(&so, "n-49", &[own.clone(), wrong_school], "seal-p256");
        assert_eq!(status, 200, "{resp:?}");
        let (_, st) = national.query(&so, TransactionType::SubmitStatus, "n-49");
        let items = st.danh_sach_hoc_ba.unwrap();
        assert_eq!((items[0].trang_thai, items[0].error.as_deref()), (1, None));
        assert_eq!(
            (
                items[1].trang_thai,
                items[1].error.as_deref(),
                items[1].ma_tra_cuu_uuid.as_str()
            ),
            (0, Some("seal_not_approved"), uuid(92).as_str())
        );

        // SO-79 sends a record of the other school sealed with its certificate, approved by
        // SO-49: rejected.
        let other = record(&uuid(94), OTHER_SCHOOL, "094", "seal-rsa");
        let (status, _) =
            national.submit_records(&so79, "n-79b", std::slice::from_ref(&other), "seal-rsa-gov");
        assert_eq!(status, 200);
        let (_, st) = national.query(&so79, TransactionType::SubmitStatus, "n-79b");
        assert_eq!(
            st.danh_sach_hoc_ba.unwrap()[0].error.as_deref(),
            Some("seal_not_approved")
        );

        // Only SO-49's approved record is stored.
        assert_eq!(national.count(Counted::Records), 1);
        for n in [92, 93, 94] {
            assert!(
                national
                    .block_on(store::record_by_uuid(national.store.pool(), &uuid(n)))
                    .unwrap()
                    .is_none()
            );
        }
        audit_unbroken(&national);
    }
}

#[test]
fn the_national_operator_moves_a_school_to_another_province() {
    for db in databases() {
        let (national, so) = national_with_province(db);
        let so79 = province_at(&national, "SO-79", "so-79", "seal-rsa-gov");
        let p384 = fingerprint_of("seal-p384");
        // SO-49 vouches first for the school (ADR 0202); SO-79's approval is refused.
        let req = forwarded_approval(
            &national,
            &so,
            "seal-p256",
            "a-1",
            SCHOOL,
            "seal-p384",
            &p384,
        );
        assert_eq!(national.send(&req).0, 200);
        let from_79 = forwarded_approval(
            &national,
            &so79,
            "seal-rsa-gov",
            "b-1",
            SCHOOL,
            "seal-p384",
            &p384,
        );
        let (status, retry_after, resp) = send_reading_retry_after(&national, &from_79);
        assert_eq!(
            (status, resp.response_code.as_str(), retry_after),
            (409, "school_of_another_province", None),
            "a refusal for good says no Retry-After"
        );
        let path = format!("/api/v1/operator/schools/{SCHOOL}/province/SO-79");

        // Only an operator may move a school: no token, or a school's token, is refused.
        for token in [None, Some(national.school.token.as_str())] {
            let mut req = national.agent.post(format!("{}{path}", national.base));
            if let Some(t) = token {
                req = req.header("authorization", format!("Bearer {t}"));
            }
            let mut res = req.send_empty().unwrap();
            assert_eq!(res.status().as_u16(), 401);
            let body: serde_json::Value = res.body_mut().read_json().unwrap();
            assert_eq!(body["error"], "auth_failed");
        }
        // Unknown school, or a target that is not a province: refused, nothing written.
        let audit_before = national.count(Counted::Audit);
        let (status, body) =
            national.operator_post("/api/v1/operator/schools/49TH9999/province/SO-79");
        assert_eq!(
            (status, body["error"].as_str()),
            (404, Some("unknown_school"))
        );
        let (status, body) = national.operator_post(&format!(
            "/api/v1/operator/schools/{SCHOOL}/province/{OTHER_SCHOOL}"
        ));
        assert_eq!(
            (status, body["error"].as_str()),
            (404, Some("unknown_province"))
        );
        assert!(body["message_vi"].as_str().unwrap().contains("Sở"));
        assert_eq!(national.count(Counted::Audit), audit_before);

        // The move: SO-49's approval of the school's certificate is withdrawn, audited.
        let (status, body) = national.operator_post(&path);
        assert_eq!(status, 200, "{body}");
        assert_eq!(
            (
                body["changed"].as_bool(),
                body["previous"].as_str(),
                body["province"].as_str()
            ),
            (Some(true), Some(PROVINCE), Some("SO-79"))
        );
        assert_eq!(body["withdrawn_approvals"], serde_json::json!([p384]));
        let cert = |seal: &str| {
            national
                .block_on(store::certificate_by_fingerprint(
                    national.store.pool(),
                    &fingerprint_of(seal),
                ))
                .unwrap()
                .unwrap()
        };
        let c = cert("seal-p384");
        assert_eq!(
            (c.state.as_str(), c.approved_by_unit, c.approval_evidence),
            ("approved", None, None)
        );
        assert_eq!(
            national
                .block_on(store::school_province(national.store.pool(), SCHOOL))
                .unwrap()
                .as_deref(),
            Some("SO-79")
        );
        assert_eq!(national.count(Counted::Audit), audit_before + 1);
        let last: (String, String, String) = national.block_on(async {
            sqlx::query_as("SELECT actor, action, detail FROM audit_log ORDER BY seq DESC LIMIT 1")
                .fetch_one(national.store.pool())
                .await
                .unwrap()
        });
        assert_eq!(
            (last.0.as_str(), last.1.as_str()),
            ("van-hanh", "assign_school_province")
        );
        let detail: serde_json::Value = serde_json::from_str(&last.2).unwrap();
        assert_eq!(
            (detail["from"].as_str(), detail["to"].as_str()),
            (Some(PROVINCE), Some("SO-79"))
        );
        assert_eq!(detail["withdrawn"][0]["approved_by_unit"], PROVINCE);
        assert!(
            detail["withdrawn"][0]["approval_evidence"]
                .as_str()
                .unwrap()
                .contains("a-1")
        );

        // Idempotent: the same move again changes nothing and audits nothing.
        let (status, body) = national.operator_post(&path);
        assert_eq!((status, body["changed"].as_bool()), (200, Some(false)));
        assert_eq!(body["withdrawn_approvals"], serde_json::json!([]));
        assert_eq!(national.count(Counted::Audit), audit_before + 1);

        // The old province vouches for the school no more: its record is rejected, and its
        // approval of the school's certificates refused.
        let rec = record(&uuid(95), SCHOOL, "095", "seal-p384");
        let (status, _) =
            national.submit_records(&so, "m-49", std::slice::from_ref(&rec), "seal-p256");
        assert_eq!(status, 200);
        let (_, st) = national.query(&so, TransactionType::SubmitStatus, "m-49");
        assert_eq!(
            st.danh_sach_hoc_ba.unwrap()[0].error.as_deref(),
            Some("seal_not_approved")
        );
        let again = forwarded_approval(
            &national,
            &so,
            "seal-p256",
            "a-2",
            SCHOOL,
            "seal-p384",
            &p384,
        );
        let (status, resp) = national.send(&again);
        assert_eq!(
            (status, resp.response_code.as_str()),
            (409, "school_of_another_province")
        );

        // The new province's record waits for its own approval (retryable, nothing stored),
        // which it forwards; then the record is accepted.
        let (status, resp) =
            national.submit_records(&so79, "m-79", std::slice::from_ref(&rec), "seal-rsa-gov");
        assert_eq!(
            (status, resp.response_code.as_str()),
            (409, hocba_server::SEAL_APPROVAL_NOT_FORWARDED),
            "{resp:?}"
        );
        let from_79 = forwarded_approval(
            &national,
            &so79,
            "seal-rsa-gov",
            "b-2",
            SCHOOL,
            "seal-p384",
            &p384,
        );
        let (status, resp) = national.send(&from_79);
        assert_eq!(status, 200, "{resp:?}");
        assert_eq!(cert("seal-p384").approved_by_unit.as_deref(), Some("SO-79"));
        let (status, _) =
            national.submit_records(&so79, "m-79", std::slice::from_ref(&rec), "seal-rsa-gov");
        assert_eq!(status, 200);
        let (_, st) = national.query(&so79, TransactionType::SubmitStatus, "m-79");
        assert_eq!(
            (
                st.danh_sach_hoc_ba.as_ref().unwrap()[0].trang_thai,
                st.danh_sach_hoc_ba.unwrap()[0].error.clone()
            ),
            (1, None)
        );

        // Moving it back withdraws SO-79's approval in turn.
        let (status, body) = national.operator_post(&format!(
            "/api/v1/operator/schools/{SCHOOL}/province/{PROVINCE}"
        ));
        assert_eq!((status, body["changed"].as_bool()), (200, Some(true)));
        assert_eq!(body["previous"], "SO-79");
        assert_eq!(cert("seal-p384").approved_by_unit, None);
        audit_unbroken(&national);
    }
}

#[test]
fn only_the_national_store_moves_schools() {
    for db in databases() {
        let province = Portal::start(db);
        let (status, body) = province.operator_post(&format!(
            "/api/v1/operator/schools/{SCHOOL}/province/{OTHER_SCHOOL}"
        ));
        assert_eq!(
            (status, body["error"].as_str()),
            (404, Some("not_the_national_store"))
        );
        assert!(
            body["message_en"]
                .as_str()
                .unwrap()
                .contains("national store")
        );
    }
}

/// The forwarding entry of `messageid` at `p`.
fn submission_row(p: &Portal, messageid: &str) -> store::ForwardRow {
    p.block_on(store::forwards(p.store.pool()))
        .unwrap()
        .into_iter()
        .find(|r| r.messageid == messageid)
        .unwrap()
}

/// The certificate outbox entry of `fingerprint` at `p`.
fn certificate_row(p: &Portal, fingerprint: &str) -> store::ForwardCertificateRow {
    p.block_on(store::forward_certificates(p.store.pool()))
        .unwrap()
        .into_iter()
        .find(|r| r.fingerprint == fingerprint)
        .unwrap()
}

/// An outbox entry's delivery as the tests compare it: (state, last code).
fn state_code(d: &store::Delivery) -> (&str, Option<&str>) {
    (d.state.as_str(), d.last_code.as_deref())
}

/// The last audit entry at `p`: actor, action, subject, detail.
fn last_audit(p: &Portal) -> (String, String, String, serde_json::Value) {
    let (actor, action, subject, detail): (String, String, String, String) = p.block_on(async {
        sqlx::query_as(
            "SELECT actor, action, subject, detail FROM audit_log ORDER BY seq DESC LIMIT 1",
        )
        .fetch_one(p.store.pool())
        .await
        .unwrap()
    });
    (
        actor,
        action,
        subject,
        serde_json::from_str(&detail).unwrap(),
    )
}

fn is_nfc(s: &str) -> bool {
    use unicode_normalization::UnicodeNormalization as _;
    s.nfc().collect::<String>() == s
}

/// Every field of `expected` (a JSON object) is in `value` with that value (`null`: absent or
/// null); other fields of `value` are not looked at.
fn assert_fields(value: &serde_json::Value, expected: serde_json::Value) {
    for (k, v) in expected.as_object().unwrap() {
        assert_eq!(&value[k], v, "field {k} of {value}");
    }
}

/// The last audit entry at `p` is `actor`'s `action` on `subject`, its detail holding `detail`'s
/// fields (as [`assert_fields`]).
fn assert_last_audit(
    p: &Portal,
    (actor, action, subject): (&str, &str, &str),
    detail: serde_json::Value,
) {
    let (a, ac, s, d) = last_audit(p);
    assert_eq!(
        (a.as_str(), ac.as_str(), s.as_str()),
        (actor, action, subject)
    );
    assert_fields(&d, detail);
}

/// Runs `sql` (one statement or several) on `p`'s database: an outbox put in the state the
/// forwarder or an older version would have left it in.
fn exec(p: &Portal, sql: &str) {
    p.block_on(async { sqlx::raw_sql(sql).execute(p.store.pool()).await.unwrap() });
}

/// `POST path` as `p`'s operator: 200 and `changed` as expected; the answer.
fn operator_changes(p: &Portal, path: &str, changed: bool) -> serde_json::Value {
    let (status, body) = p.operator_post(path);
    assert_eq!(
        (status, body["changed"].as_bool()),
        (200, Some(changed)),
        "{path}: {body}"
    );
    body
}

/// `POST path` as `p`'s operator: refused with `status` and `code`, a bilingual message (NFC).
fn operator_refused(p: &Portal, path: &str, status: u16, code: &str) {
    let (got, body) = p.operator_post(path);
    assert_eq!(
        (got, body["error"].as_str()),
        (status, Some(code)),
        "{path}"
    );
    let (vi, en) = (
        body["message_vi"].as_str().unwrap(),
        body["message_en"].as_str().unwrap(),
    );
    assert!(!vi.is_empty() && !en.is_empty() && vi != en, "{path}");
    assert!(is_nfc(vi), "{path}");
}

/// `POST path` at `p` without a token, then with a school's: 401 `auth_failed` (operators only).
fn operators_only(p: &Portal, path: &str) {
    for token in [None, Some(p.school.token.as_str())] {
        let mut req = p.agent.post(format!("{}{path}", p.base));
        if let Some(t) = token {
            req = req.header("authorization", format!("Bearer {t}"));
        }
        let mut res = req.send_empty().unwrap();
        assert_eq!(res.status().as_u16(), 401, "{path}");
        let body: serde_json::Value = res.body_mut().read_json().unwrap();
        assert_eq!(body["error"], "auth_failed", "{path}");
    }
}

/// The national operator moves `school` to `province` (ADR 0225): changed; the answer.
fn move_school(national: &Portal, school: &str, province: &str) -> serde_json::Value {
    let path = format!("/api/v1/operator/schools/{school}/province/{province}");
    operator_changes(national, &path, true)
}

/// `POST …/forwarding/{list}/{upstream}/requeue`: the path of one outbox entry (ADR 0227).
fn requeue_path(list: &str, upstream: &str) -> String {
    format!("/api/v1/operator/forwarding/{list}/{upstream}/requeue")
}

/// The signed bytes of record `uuid(n)` at `p`.
fn stored_xml(p: &Portal, n: u32) -> Vec<u8> {
    p.block_on(store::record_by_uuid(p.store.pool(), &uuid(n)))
        .unwrap()
        .unwrap()
        .signed_xml
}

/// The state of record `uuid(n)` at `p`.
fn record_state(p: &Portal, n: u32) -> String {
    p.block_on(store::record_by_uuid(p.store.pool(), &uuid(n)))
        .unwrap()
        .unwrap()
        .state
}

/// Record `uuid(n)` is at the national store byte for byte as the province holds it.
fn assert_same_bytes(national: &Portal, province: &Portal, n: u32) {
    assert!(
        stored_xml(national, n) == stored_xml(province, n),
        "record {n}: byte for byte"
    );
}

/// Certificate `fp` as `p` holds it.
fn certificate_at(p: &Portal, fp: &str) -> store::CertificateRow {
    p.block_on(store::certificate_by_fingerprint(p.store.pool(), fp))
        .unwrap()
        .unwrap()
}

/// The audit chain at `p` is unbroken.
fn audit_unbroken(p: &Portal) {
    let (_, check) = p.operator_get("/api/v1/operator/audit");
    assert!(check["first_break"].is_null());
}

/// ADR 0227, the story it exists for: a province approves a school the national store holds as
/// another province's; its approval is refused `school_of_another_province` and stops in
/// `failed`, and the school's records wait (`seal_approval_not_forwarded`). The national
/// operator moves the school (ADR 0225); the province's operator re-queues the school's failed
/// entries; the forwarder delivers the approval, then the records, which are accepted.
#[test]
fn a_refused_approval_requeued_after_the_school_moved_is_delivered_and_its_records_go_in() {
    for db in databases() {
        let (national, so) = national_with_province(db);
        // At the national store the school 49TH0099 is SO-79's (its operator's assignment).
        national.block_on(async {
            let pool = national.store.pool();
            store::insert_unit(pool, "SO-79", "Sở GDĐT khác (thử)", "province", 0)
                .await
                .unwrap();
            store::insert_unit(pool, "49TH0099", "Trường Tiểu học Mới (thử)", "school", 0)
                .await
                .unwrap();
        });
        move_school(&national, "49TH0099", "SO-79");

        // The school is SO-49's in fact: its certificate is approved there and it submits.
        let province = Portal::start_full(db, Role::Province, Some(PROVINCE));
        let up = upstream_to(&national.base, &so);
        let (fp, _) = unknown_school_submits(&province, "s-10", 96);

        // The forwarder: the approval is refused for good, the submission waits for it.
        assert_eq!(forward_once(&province, &up), 5);
        let cert = certificate_row(&province, &fp);
        assert_eq!(
            (state_code(&cert.delivery), cert.delivery.attempts),
            (("failed", Some("school_of_another_province")), 1)
        );
        assert_eq!(
            state_code(&submission_row(&province, "s-10").delivery),
            ("pending", Some(hocba_server::SEAL_APPROVAL_NOT_FORWARDED))
        );
        assert_eq!(national.count(Counted::Records), 0);

        // The national operator moves the school to SO-49.
        let body = move_school(&national, "49TH0099", PROVINCE);
        assert_eq!(body["previous"].as_str(), Some("SO-79"));

        // The province's operator re-queues the school's failed entries: the approval alone (the
        // submission is pending, the other schools' approvals were delivered).
        let audit_before = province.count(Counted::Audit);
        let path = "/api/v1/operator/schools/49TH0099/forwarding/requeue";
        let body = operator_changes(&province, path, true);
        let upstream_mid = up_certificate(&fp);
        assert_eq!(
            body["requeued"],
            serde_json::json!([{
                "list": "certificates",
                "upstream_messageid": upstream_mid,
                "subject": fp,
                "previous_code": "school_of_another_province",
                "attempts": 1,
            }])
        );
        let cert = certificate_row(&province, &fp);
        assert_eq!(
            (cert.delivery.state.as_str(), cert.delivery.attempts),
            ("pending", 0)
        );
        assert!(cert.delivery.next_attempt_at <= cert.delivery.updated_at);
        assert_eq!(
            cert.delivery.last_code.as_deref(),
            Some("school_of_another_province"),
            "the last code stays until the next attempt"
        );
        // Audited: who, what, the code it had failed with.
        assert_eq!(province.count(Counted::Audit), audit_before + 1);
        assert_last_audit(
            &province,
            ("van-hanh", "requeue_forward_certificate", &fp),
            serde_json::json!({
                "previous_code": "school_of_another_province",
                "attempts": 1,
                "upstream": upstream_mid,
                "unit": "49TH0099",
            }),
        );
        // Idempotent: nothing failed any more, nothing changes, nothing audited.
        let body = operator_changes(&province, path, false);
        assert_eq!(body["requeued"], serde_json::json!([]));
        assert!(is_nfc(body["message_vi"].as_str().unwrap()));
        assert_eq!(province.count(Counted::Audit), audit_before + 1);

        // The forwarder delivers the approval on its next pass, then the submission when its
        // back-off (2 s after its one attempt) is over.
        let deadline = std::time::Instant::now() + Duration::from_secs(30);
        while submission_row(&province, "s-10").delivery.state == "pending" {
            assert!(std::time::Instant::now() < deadline, "not delivered");
            forward_once(&province, &up);
            std::thread::sleep(Duration::from_millis(200));
        }
        assert_eq!(
            state_code(&certificate_row(&province, &fp).delivery),
            ("sent", Some("ok"))
        );
        assert_eq!(
            state_code(&submission_row(&province, "s-10").delivery),
            ("sent", Some("ok"))
        );

        // The national store: the approval is SO-49's, the record accepted, byte for byte.
        let held = certificate_at(&national, &fp);
        assert_eq!(
            (held.ma_don_vi.as_str(), held.approved_by_unit.as_deref()),
            ("49TH0099", Some(PROVINCE))
        );
        let (_, st) = national.query(&so, TransactionType::SubmitStatus, &up_submission("s-10"));
        let items = st.danh_sach_hoc_ba.unwrap();
        assert_eq!(
            (items.len(), items[0].trang_thai, items[0].error.as_deref()),
            (1, 1, None)
        );
        assert_same_bytes(&national, &province, 96);
        audit_unbroken(&national);
        audit_unbroken(&province);
    }
}

/// The entry of outbox table `table` (the only one there) failed upstream as the forwarder
/// leaves it (`invalid_request` after `attempts` attempts, at second 5), then re-queued by
/// `POST path` (ADR 0227): the answer says failed → pending, the entry is pending again with its
/// attempts from zero, and `van-hanh`'s `action` on `subject` is audited with the list, the code
/// and the attempts it failed with. The answer.
fn failed_then_requeued(
    p: &Portal,
    (table, list): (&str, &str),
    path: &str,
    attempts: i64,
    (action, subject): (&str, &str),
) -> serde_json::Value {
    exec(
        p,
        &format!(
            "UPDATE {table} SET state = 'failed', attempts = {attempts}, \
             last_code = 'invalid_request', next_attempt_at = 5, updated_at = 5"
        ),
    );
    let audit_before = p.count(Counted::Audit);
    let body = operator_changes(p, path, true);
    assert_fields(
        &body,
        serde_json::json!({
            "list": list,
            "subject": subject,
            "previous_state": "failed",
            "previous_code": "invalid_request",
            "state": "pending",
        }),
    );
    let rows: Vec<(String, i64, i64, i64)> = p.block_on(async {
        sqlx::query_as(&format!(
            "SELECT state, attempts, next_attempt_at, updated_at FROM {table}"
        ))
        .fetch_all(p.store.pool())
        .await
        .unwrap()
    });
    let [(state, attempts_now, next, updated)] = &rows[..] else {
        panic!("{table}: one entry expected, {rows:?}");
    };
    assert_eq!((state.as_str(), *attempts_now), ("pending", 0));
    assert!(*next > 5 && *updated > 5);
    assert_eq!(p.count(Counted::Audit), audit_before + 1);
    assert_last_audit(
        p,
        ("van-hanh", action, subject),
        serde_json::json!({
            "list": list,
            "previous_code": "invalid_request",
            "attempts": attempts,
            "failed_at": 5,
        }),
    );
    body
}

/// ADR 0227: one entry by its list and upstream messageid; pending and sent entries are left
/// as they are and the answer says so; unknown names are 404 with a bilingual message; operators
/// only; a province's portal only.
#[test]
fn one_failed_entry_is_requeued_and_nothing_else_is() {
    for db in databases() {
        let province = Portal::start_full(db, Role::Province, Some(PROVINCE));
        let rec = record(&uuid(97), SCHOOL, "097", "seal-p384");
        school_submits(&province, "s-11", std::slice::from_ref(&rec));
        let path = &requeue_path("forwarding", &up_submission("s-11"));

        // Pending: nothing changes.
        let audit_before = province.count(Counted::Audit);
        let body = operator_changes(&province, path, false);
        assert_fields(
            &body,
            serde_json::json!({
                "state": "pending",
                "previous_state": "pending",
                "subject": "s-11",
                "ma_don_vi": SCHOOL,
            }),
        );
        assert!(
            body["message_en"]
                .as_str()
                .unwrap()
                .contains("already queued")
        );

        // Failed upstream (as the forwarder leaves it): re-queued, attempts from zero, audited.
        failed_then_requeued(
            &province,
            ("forward_queue", "forwarding"),
            path,
            3,
            ("requeue_forward", "s-11"),
        );
        assert_eq!(province.count(Counted::Audit), audit_before + 1);

        // Sent: nothing changes, and the answer says it was delivered.
        exec(
            &province,
            "UPDATE forward_queue SET state = 'sent', last_code = 'ok'",
        );
        let body = operator_changes(&province, path, false);
        assert_eq!(body["state"].as_str(), Some("sent"));
        assert!(body["message_en"].as_str().unwrap().contains("delivered"));
        assert_eq!(province.count(Counted::Audit), audit_before + 1);

        // Unknown entry, unknown list, unknown school: 404, bilingual, nothing written.
        for (path, code) in [
            (
                requeue_path("forwarding", "fwd-nope"),
                "unknown_outbox_entry",
            ),
            (
                requeue_path("certificates", &up_submission("s-11")),
                "unknown_outbox_entry",
            ),
            (
                requeue_path("outbox", &up_submission("s-11")),
                "unknown_outbox",
            ),
            (
                "/api/v1/operator/schools/49TH9999/forwarding/requeue".to_owned(),
                "unknown_school",
            ),
        ] {
            operator_refused(&province, &path, 404, code);
        }
        assert_eq!(province.count(Counted::Audit), audit_before + 1);

        // Operators only: no token, or a school's token.
        operators_only(&province, path);

        // The national store forwards nothing: both endpoints refuse there.
        let national = Portal::start_with(db, Role::National);
        for path in [
            path.to_owned(),
            format!("/api/v1/operator/schools/{SCHOOL}/forwarding/requeue"),
        ] {
            let (status, body) = national.operator_post(&path);
            assert_eq!(
                (status, body["error"].as_str()),
                (404, Some("not_a_province_portal")),
                "{path}"
            );
        }
    }
}

/// The recall request of `records` by province `who` at the national store, signed with
/// `signer`.
fn national_recall(
    national: &Portal,
    who: &setup::Credentials,
    signer: &str,
    messageid: &str,
    records: &[&str],
) -> (u16, hocba_core::exchange::Response) {
    let entries: Vec<_> = records
        .iter()
        .enumerate()
        .map(|(i, r)| recall_entry_from_record(r.as_bytes(), i).unwrap())
        .collect();
    let content = pack(&recall_list_to_xml(&entries), QuoteEscape::default()).unwrap();
    let req = national.signed(
        national.auth(who, TransactionType::Recall, messageid),
        content,
        signer,
    );
    national.send(&req)
}

/// ADR 0228: at the national store a record is recalled by the province its school belongs to
/// now. Before a move that is the province that forwarded it (unchanged); after the national
/// operator moved the school, the new province may recall the old one's records and the old one
/// is refused `school_of_another_province`; the audit names the recalling province.
#[test]
fn after_a_move_the_schools_new_province_recalls_what_the_old_one_forwarded() {
    for db in databases() {
        let (national, so) = national_with_province(db);
        let so79 = province_at(&national, "SO-79", "so-79", "seal-rsa-gov");
        let province = Portal::start_full(db, Role::Province, Some(PROVINCE));
        let first = record(&uuid(98), SCHOOL, "098", "seal-p384");
        let second = record(&uuid(99), SCHOOL, "099", "seal-p384");
        school_submits(&province, "s-12", &[first.clone(), second.clone()]);
        forward_once(&province, &upstream_to(&national.base, &so));
        assert_eq!(national.count(Counted::Records), 2);

        // Before the move: the forwarding province recalls, the other one may not.
        let (status, resp) = national_recall(&national, &so79, "seal-rsa-gov", "r-79a", &[&first]);
        assert_eq!(
            (status, resp.response_code.as_str()),
            (403, "not_own_record")
        );
        let (status, resp) = national_recall(&national, &so, "seal-p256", "r-49a", &[&first]);
        assert_eq!(status, 200, "{resp:?}");

        // The national operator moves the school to SO-79.
        move_school(&national, SCHOOL, "SO-79");

        // The old province is refused, with its own code, nothing stored.
        let before = national.count(Counted::Transactions);
        let (status, resp) = national_recall(&national, &so, "seal-p256", "r-49b", &[&second]);
        assert_eq!(
            (status, resp.response_code.as_str()),
            (403, "school_of_another_province")
        );
        assert!(resp.response_description.contains("Sở khác"));
        assert!(is_nfc(&resp.response_description));
        assert!(
            resp.response_description_en
                .contains("now belongs to another province")
        );
        assert_eq!(national.count(Counted::Transactions), before);

        // The new province recalls the record the old one forwarded: audited as its request.
        let (status, resp) = national_recall(&national, &so79, "seal-rsa-gov", "r-79b", &[&second]);
        assert_eq!(status, 200, "{resp:?}");
        let (actor, action, subject, detail) = last_audit(&national);
        assert_eq!(
            (actor.as_str(), action.as_str(), subject.as_str()),
            ("so-79", "recall_request", "r-79b")
        );
        assert_eq!(
            detail,
            serde_json::json!({
                "unit": "SO-79",
                "records": [uuid(99)],
                "forwarded_by": [PROVINCE],
            })
        );
        let (status, _) = national.operator_post("/api/v1/operator/recalls/r-79b/0/approve");
        assert_eq!(status, 200);
        assert_eq!(record_state(&national, 99), "recalled");
        let (_, st) = national.query(&so79, TransactionType::RecallStatus, "r-79b");
        assert_eq!(st.danh_sach_thu_hoi.unwrap()[0].trang_thai, 2);
        audit_unbroken(&national);
    }
}

/// The school asks `province` to recall `record` (request `messageid`, one entry) and the
/// province's operator approves it: queued for the national store.
fn recall_approved(province: &Portal, messageid: &str, record: &str) {
    let entry = recall_entry_from_record(record.as_bytes(), 0).unwrap();
    let content = pack(
        &recall_list_to_xml(std::slice::from_ref(&entry)),
        QuoteEscape::default(),
    )
    .unwrap();
    let req = province.signed(
        province.auth(&province.school, TransactionType::Recall, messageid),
        content,
        "seal-ed25519",
    );
    let (status, resp) = province.send(&req);
    assert_eq!(status, 200, "{resp:?}");
    let (status, body) =
        province.operator_post(&format!("/api/v1/operator/recalls/{messageid}/0/approve"));
    assert_eq!(status, 200, "{body}");
}

/// One pass of the forwarder at `province`: how many entries it handled.
fn forward_once(province: &Portal, up: &Arc<Upstream>) -> usize {
    province
        .block_on(forward::run_once(&province.store, up))
        .unwrap()
}

/// Runs the forwarder until nothing is due (at most `passes` passes).
fn forward_until_idle(province: &Portal, up: &Arc<Upstream>, passes: usize) {
    for _ in 0..passes {
        if forward_once(province, up) == 0 {
            return;
        }
    }
}

/// Every outbox entry of `province`: (list, upstream messageid, state, last code).
fn outbox_rows(province: &Portal) -> Vec<(&'static str, String, String, Option<String>)> {
    let pool = province.store.pool();
    let mut rows = Vec::new();
    for r in province.block_on(store::forwards(pool)).unwrap() {
        let d = r.delivery;
        rows.push(("forwarding", d.upstream_messageid, d.state, d.last_code));
    }
    for r in province.block_on(store::forward_recalls(pool)).unwrap() {
        let d = r.delivery;
        rows.push(("recalls", d.upstream_messageid, d.state, d.last_code));
    }
    for r in province
        .block_on(store::forward_certificates(pool))
        .unwrap()
    {
        let d = r.delivery;
        rows.push(("certificates", d.upstream_messageid, d.state, d.last_code));
    }
    rows
}

/// Each `(list, upstream messageid, state, last code)` is an entry of `province`'s outboxes.
fn assert_outbox(province: &Portal, expected: &[(&str, &str, &str, &str)]) {
    let rows = outbox_rows(province);
    for &(list, id, state, code) in expected {
        let row = rows.iter().find(|r| r.0 == list && r.1 == id);
        assert_eq!(
            row.map(|r| (r.2.as_str(), r.3.as_deref())),
            Some((state, Some(code))),
            "{list} {id}"
        );
    }
}

/// The recall outbox's only entry at `province`: (upstream messageid, state, last code).
fn only_recall(province: &Portal) -> (String, String, Option<String>) {
    let recalls = province
        .block_on(store::forward_recalls(province.store.pool()))
        .unwrap();
    assert_eq!(recalls.len(), 1);
    let d = recalls.into_iter().next().unwrap().delivery;
    (d.upstream_messageid, d.state, d.last_code)
}

/// ADR 0229, the data-loss bug: under the old scheme submission `x-0` and entry 0 of recall
/// request `x` were both `fwd-x-0` upstream, and a submission `cert-` + 32 hex digits of a
/// certificate's fingerprint was that certificate approval's `fwd-cert-…`; the second sent was
/// answered `duplicate_messageid` and counted delivered. Now every entry has its own id and
/// everything reaches the national store.
#[test]
fn a_submission_a_recall_and_an_approval_never_share_an_upstream_messageid() {
    for db in databases() {
        let (national, so, province, up) = national_and_province(db);
        let fp = fingerprint_of("seal-p384");
        let cert_named = format!("cert-{}", &fp[..32]);
        let a = record(&uuid(90), SCHOOL, "090", "seal-p384");
        let b = record(&uuid(91), SCHOOL, "091", "seal-p384");
        let c = record(&uuid(92), SCHOOL, "092", "seal-p384");
        for (mid, rec) in [("s-x", &a), ("x-0", &b), (cert_named.as_str(), &c)] {
            school_submits(&province, mid, std::slice::from_ref(rec));
        }
        recall_approved(&province, "x", &a);
        // What the old scheme gave these entries: two pairs of equal ids.
        assert_eq!(format!("fwd-{}", "x-0"), format!("fwd-{}-{}", "x", 0));
        assert_eq!(
            format!("fwd-{cert_named}"),
            format!("fwd-cert-{}", &fp[..32])
        );

        forward_until_idle(&province, &up, 4);

        // Every entry delivered as itself (`ok`, never a duplicate), under distinct ids.
        let rows = outbox_rows(&province);
        assert_eq!(rows.len(), 3 + 3 + 1, "{rows:?}");
        for (list, id, state, code) in &rows {
            assert_eq!(
                (state.as_str(), code.as_deref()),
                ("sent", Some("ok")),
                "{list} {id}"
            );
            assert!(id.starts_with(forward::UPSTREAM_PREFIX), "{id}");
        }
        let ids: std::collections::HashSet<&str> =
            rows.iter().map(|(_, id, _, _)| id.as_str()).collect();
        assert_eq!(ids.len(), rows.len());
        assert!(ids.contains(up_submission("x-0").as_str()));
        assert!(ids.contains(up_recall("x", 0).as_str()));
        assert!(ids.contains(up_submission(&cert_named).as_str()));
        assert!(ids.contains(up_certificate(&fp).as_str()));

        // The national store holds the three records, byte for byte, and the recall.
        assert_eq!(national.count(Counted::Records), 3);
        for n in [90, 91, 92] {
            assert_same_bytes(&national, &province, n);
        }
        for (mid, n) in [("x-0", 91), (cert_named.as_str(), 92)] {
            let (_, st) = national.query(&so, TransactionType::SubmitStatus, &up_submission(mid));
            let items = st.danh_sach_hoc_ba.unwrap();
            assert_eq!(
                items
                    .iter()
                    .map(|i| (i.trang_thai, i.ma_tra_cuu_uuid.clone()))
                    .collect::<Vec<_>>(),
                vec![(1, uuid(n))],
                "{mid}"
            );
        }
        let (_, st) = national.query(&so, TransactionType::RecallStatus, &up_recall("x", 0));
        let recalls = st.danh_sach_thu_hoi.unwrap();
        assert_eq!(
            (
                recalls.len(),
                recalls[0].ma_tra_cuu_uuid.as_str(),
                recalls[0].trang_thai
            ),
            (1, uuid(90).as_str(), 1)
        );
        assert_eq!(
            certificate_at(&national, &fp).approved_by_unit.as_deref(),
            Some(PROVINCE)
        );
    }
}

/// ADR 0229: entries queued by an older version (`fwd-…` ids). One never attempted is given
/// its current id before its first attempt; one attempted keeps its id (a resend stays
/// idempotent) — and when that id is another transaction's upstream the national store answers
/// `messageid_reused` (not `duplicate_messageid`), so the entry is re-keyed and delivered, never
/// counted delivered unsent. Migration 6 puts back in the queue an older entry counted delivered
/// on a duplicate whose id another outbox's attempted entry also had.
#[test]
fn older_entries_are_rekeyed_when_nothing_reached_the_store_under_their_id() {
    for db in databases() {
        let (national, so, province, up) = national_and_province(db);
        let a = record(&uuid(93), SCHOOL, "093", "seal-p384");
        let b = record(&uuid(94), SCHOOL, "094", "seal-p384");
        for (mid, rec) in [("s-x", &a), ("x-0", &b)] {
            school_submits(&province, mid, std::slice::from_ref(rec));
        }
        recall_approved(&province, "x", &a);
        // As an older version queued them: `s-x` never attempted; `x-0` and the recall
        // attempted once (the store was unreachable), both under `fwd-x-0`.
        exec(
            &province,
            "UPDATE forward_queue SET upstream_messageid = 'fwd-' || messageid; \
             UPDATE forward_queue SET last_code = 'unreachable', attempts = 1 \
             WHERE messageid = 'x-0'; \
             UPDATE forward_recalls SET upstream_messageid = 'fwd-x-0', \
             last_code = 'unreachable', attempts = 1",
        );

        // First pass: `s-x` re-keyed and sent; `x-0` sent under its old id; the recall under
        // the same id is answered `messageid_reused` — stored nothing, retried, not delivered.
        forward_until_idle(&province, &up, 1);
        assert_outbox(
            &province,
            &[
                ("forwarding", &up_submission("s-x"), "sent", "ok"),
                ("forwarding", "fwd-x-0", "sent", "ok"),
                ("recalls", "fwd-x-0", "pending", "messageid_reused"),
            ],
        );
        let (_, st) = national.query(&so, TransactionType::RecallStatus, "fwd-x-0");
        assert_eq!(st.response_code, "unknown_messageid");

        // Due again: re-keyed to its current id and delivered.
        exec(&province, "UPDATE forward_recalls SET next_attempt_at = 0");
        forward_until_idle(&province, &up, 2);
        assert_eq!(
            only_recall(&province),
            (up_recall("x", 0), "sent".into(), Some("ok".into()))
        );
        let (_, st) = national.query(&so, TransactionType::RecallStatus, &up_recall("x", 0));
        assert_eq!(st.danh_sach_thu_hoi.unwrap()[0].ma_tra_cuu_uuid, uuid(93));
        assert_eq!(national.count(Counted::Records), 2);
        // Each re-keying is audited with both ids.
        let rekeyed = audits(&province, "forward_rekeyed");
        assert_eq!(rekeyed.len(), 2, "{rekeyed:?}");
        assert_eq!(rekeyed[0].1, "s-x");
        assert_fields(
            &rekeyed[0].2,
            serde_json::json!({"from": "fwd-s-x", "to": up_submission("s-x")}),
        );
        assert_eq!(rekeyed[1].1, uuid(93));
        assert_fields(
            &rekeyed[1].2,
            serde_json::json!({
                "list": "recalls",
                "from": "fwd-x-0",
                "previous_code": "messageid_reused",
            }),
        );

        // Migration 6, on what an older national store left: the recall counted delivered on
        // `duplicate_messageid` under `x-0`'s id goes back in the queue; `x-0` (`ok`) and a
        // duplicate with no twin in another outbox stay as they are.
        exec(
            &province,
            "UPDATE forward_recalls SET upstream_messageid = 'fwd-x-0', \
             last_code = 'duplicate_messageid'; \
             UPDATE forward_queue SET upstream_messageid = 'fwd-s-x', \
             last_code = 'duplicate_messageid' WHERE messageid = 's-x'",
        );
        exec(
            &province,
            match db {
                "sqlite" => include_str!("../migrations/sqlite/0006_upstream_messageids.sql"),
                _ => include_str!("../migrations/postgres/0006_upstream_messageids.sql"),
            },
        );
        assert_outbox(
            &province,
            &[
                ("recalls", "fwd-x-0", "pending", "messageid_reused"),
                ("forwarding", "fwd-x-0", "sent", "ok"),
                ("forwarding", "fwd-s-x", "sent", "duplicate_messageid"),
            ],
        );
        // The forwarder re-keys it; the store holds that transaction already under the current
        // id (this test delivered it above), so the resend is a true duplicate: delivered.
        forward_until_idle(&province, &up, 2);
        assert_eq!(
            only_recall(&province),
            (
                up_recall("x", 0),
                "sent".into(),
                Some("duplicate_messageid".into())
            )
        );
    }
}

/// The records the national store rejected, as `GET /api/v1/operator/forwarding` shows them,
/// in the order they were kept.
fn rejected_shown(province: &Portal) -> Vec<serde_json::Value> {
    let (status, list) = province.operator_get("/api/v1/operator/forwarding");
    assert_eq!(status, 200);
    let mut rows = list["rejected"].as_array().unwrap().clone();
    rows.sort_by_key(|r| {
        (
            r["recorded_at"].as_i64().unwrap(),
            r["list"] == "resends",
            r["upstream_messageid"].as_str().unwrap().to_owned(),
            r["item_index"].as_i64().unwrap(),
        )
    });
    rows
}

/// Audit entries of `action` at `p`, oldest first: (actor, subject, detail).
fn audits(p: &Portal, action: &str) -> Vec<(String, String, serde_json::Value)> {
    p.block_on(async {
        sqlx::query_as::<_, (String, String, String)>(
            "SELECT actor, subject, detail FROM audit_log WHERE action = $1 ORDER BY seq",
        )
        .bind(action)
        .fetch_all(p.store.pool())
        .await
        .unwrap()
    })
    .into_iter()
    .map(|(a, s, d)| (a, s, serde_json::from_str(&d).unwrap()))
    .collect()
}

/// ADR 0230's starting point: the national store holds SCHOOL as SO-79's (SO-79 vouched first
/// for its `seal-p384`, a wrong claim); SO-49, its province in fact, submits records 100 and
/// 101 (`s-1`) and forwards them: its approvals refused for good, the submission accepted as a
/// transaction with both records rejected `seal_not_approved`, nothing stored upstream.
struct RejectedAtNational {
    national: Portal,
    so: setup::Credentials,
    province: Portal,
    up: Arc<Upstream>,
    p384: String,
}

fn records_rejected_at_national(db: &str) -> RejectedAtNational {
    let (national, so) = national_with_province(db);
    let so79 = province_at(&national, "SO-79", "so-79", "seal-rsa-gov");
    let p384 = fingerprint_of("seal-p384");
    let from_79 = forwarded_approval(
        &national,
        &so79,
        "seal-rsa-gov",
        "b-1",
        SCHOOL,
        "seal-p384",
        &p384,
    );
    assert_eq!(national.send(&from_79).0, 200);

    let province = Portal::start_full(db, Role::Province, Some(PROVINCE));
    let up = upstream_to(&national.base, &so);
    let a = record(&uuid(100), SCHOOL, "100", "seal-p384");
    let b = record(&uuid(101), SCHOOL, "101", "seal-p384");
    school_submits(&province, "s-1", &[a, b]);

    forward_until_idle(&province, &up, 3);
    assert_eq!(
        certificate_row(&province, &p384)
            .delivery
            .last_code
            .as_deref(),
        Some("school_of_another_province")
    );
    assert_eq!(
        state_code(&submission_row(&province, "s-1").delivery),
        ("sent", Some("ok"))
    );
    assert_eq!(national.count(Counted::Records), 0);
    RejectedAtNational {
        national,
        so,
        province,
        up,
        p384,
    }
}

/// The national operator moves SCHOOL to SO-49 (ADR 0225) and SO-49's operator re-queues its
/// refused approvals (ADR 0227).
fn school_moved_home(s: &RejectedAtNational) {
    move_school(&s.national, SCHOOL, PROVINCE);
    operator_changes(
        &s.province,
        &format!("/api/v1/operator/schools/{SCHOOL}/forwarding/requeue"),
        true,
    );
}

/// `POST /api/v1/operator/schools/{SCHOOL}/forwarding/resend` (ADR 0230).
fn resend_path() -> String {
    format!("/api/v1/operator/schools/{SCHOOL}/forwarding/resend")
}

/// The upstream messageid of PROVINCE's re-send `id` (ADR 0230).
fn up_resend(id: &str) -> String {
    forward::upstream_id(PROVINCE, forward::Forwarded::Resend(id))
}

/// ADR 0230, the story: the national store holds a school as SO-79's (SO-79 vouched first for
/// its seal, a wrong claim); SO-49, its province in fact, forwards two of its records: the
/// transaction is accepted, the records rejected `seal_not_approved`, the outbox entry `sent`
/// — re-queueing cannot reach them. The province keeps the rejections per record and shows
/// them; a re-send before the cause is removed is rejected again (and kept again); the national
/// operator moves the school; the province's operator re-queues its refused approvals and
/// re-sends the records under a fresh upstream messageid: accepted, byte for byte.
#[test]
fn records_rejected_inside_an_accepted_submission_are_kept_and_resent_after_the_move() {
    for db in databases() {
        let s = records_rejected_at_national(db);
        let (national, so, province, up) = (&s.national, &s.so, &s.province, &s.up);

        // Kept per record, from the national store's per-record answer, and shown.
        let rejected = rejected_shown(province);
        assert_eq!(rejected.len(), 2, "{rejected:?}");
        for (row, n) in rejected.iter().zip([100, 101]) {
            assert_eq!(row["ma_tra_cuu_uuid"], uuid(n));
            assert_eq!(row["upstream_messageid"], up_submission("s-1"));
            assert_eq!(
                (row["list"].as_str(), row["messageid"].as_str()),
                (Some("forwarding"), Some("s-1"))
            );
            assert_eq!(
                (row["code"].as_str(), row["field"].as_str()),
                (Some("seal_not_approved"), Some("KY_PHAT_HANH"))
            );
            assert_eq!(row["ma_don_vi"], SCHOOL);
            assert!(row["resend_id"].is_null());
            assert!(!row["description"].as_str().unwrap().is_empty());
        }
        assert_eq!(audits(province, "forward_sent")[0].2["rejected"], 2);
        // A lost reply: the resend is a duplicate upstream, the answer is read again and nothing
        // is kept twice.
        exec(province, "UPDATE forward_queue SET state = 'pending'");
        forward_until_idle(province, up, 2);
        assert_eq!(
            submission_row(province, "s-1")
                .delivery
                .last_code
                .as_deref(),
            Some("duplicate_messageid")
        );
        assert_eq!(rejected_shown(province), rejected);
        // Re-queueing (ADR 0227) does not reach them: the submission is not failed.
        let (_, body) = province.operator_post(&requeue_path("forwarding", &up_submission("s-1")));
        assert_eq!(body["changed"], false);

        // A re-send before the cause is removed: rejected again, and kept again.
        let resend = resend_path();
        let body = operator_changes(province, &resend, true);
        let first = format!("{SCHOOL}-1");
        let first_up = up_resend(&first);
        assert_eq!(body["resends"][0]["id"], first);
        assert_eq!(body["resends"][0]["upstream_messageid"], first_up);
        assert_eq!(
            body["resends"][0]["records"],
            serde_json::json!([uuid(100), uuid(101)])
        );
        assert!(is_nfc(body["message_vi"].as_str().unwrap()));
        forward_until_idle(province, up, 3);
        let rejected = rejected_shown(province);
        assert_eq!(rejected.len(), 4, "{rejected:?}");
        assert!(rejected[..2].iter().all(|r| r["resend_id"] == first));
        for row in &rejected[2..] {
            assert_eq!(
                (row["list"].as_str(), row["upstream_messageid"].as_str()),
                (Some("resends"), Some(first_up.as_str()))
            );
            assert_eq!(row["code"], "seal_not_approved");
            assert!(row["resend_id"].is_null() && row["messageid"].is_null());
        }
        assert_eq!(national.count(Counted::Records), 0);

        // The national operator moves the school to SO-49 (ADR 0225); SO-49's operator
        // re-queues its refused approvals (ADR 0227) and re-sends the rejected records.
        school_moved_home(&s);
        let body = operator_changes(province, &resend, true);
        let second = format!("{SCHOOL}-2");
        let second_up = up_resend(&second);
        assert_eq!(
            (
                body["resends"][0]["id"].as_str(),
                &body["resends"][0]["records"]
            ),
            (
                Some(second.as_str()),
                &serde_json::json!([uuid(100), uuid(101)])
            )
        );
        let (actor, subject, detail) = audits(province, "resend_rejected").pop().unwrap();
        assert_eq!(
            (actor.as_str(), subject.as_str()),
            ("van-hanh", second.as_str())
        );
        assert_eq!(
            (detail["upstream"].as_str(), detail["unit"].as_str()),
            (Some(second_up.as_str()), Some(SCHOOL))
        );

        // The approval goes first, then the re-send: accepted, nothing rejected.
        forward_until_idle(province, up, 4);
        assert_eq!(
            certificate_row(province, &s.p384)
                .delivery
                .last_code
                .as_deref(),
            Some("ok")
        );
        let (_, list) = province.operator_get("/api/v1/operator/forwarding");
        let resends = list["resends"].as_array().unwrap();
        assert_eq!(resends.len(), 2);
        for r in resends {
            assert_eq!(
                (r["state"].as_str(), r["last_code"].as_str()),
                (Some("sent"), Some("ok"))
            );
            assert_eq!(r["ma_don_vi"], SCHOOL);
        }
        let rejected = rejected_shown(province);
        assert_eq!(rejected.len(), 4);
        assert!(rejected[2..].iter().all(|r| r["resend_id"] == second));
        assert_eq!(audits(province, "forward_resend_sent")[1].2["rejected"], 0);
        assert_eq!(national.count(Counted::Records), 2);
        for n in [100, 101] {
            assert_same_bytes(national, province, n);
        }
        let (_, st) = national.query(so, TransactionType::SubmitStatus, &second_up);
        let items = st.danh_sach_hoc_ba.unwrap();
        assert!(items.iter().all(|i| i.trang_thai == 1), "{items:?}");

        // Nothing left to re-send: nothing changes, nothing audited.
        let audit_before = province.count(Counted::Audit);
        let body = operator_changes(province, &resend, false);
        assert_eq!(body["resends"].as_array().map(Vec::len), Some(0));
        assert_eq!(province.count(Counted::Audit), audit_before);
        // Unknown school; operators only; the national store has no outbox.
        let (status, body) =
            province.operator_post("/api/v1/operator/schools/49TH9999/forwarding/resend");
        assert_eq!(
            (status, body["error"].as_str()),
            (404, Some("unknown_school"))
        );
        operators_only(province, &resend);
        let (status, body) = national.operator_post(&resend);
        assert_eq!(
            (status, body["error"].as_str()),
            (404, Some("not_a_province_portal"))
        );
        audit_unbroken(province);
    }
}

/// ADR 0227 + ADR 0230: a re-send of rejected records that failed upstream (as the forwarder
/// leaves an entry refused for good) is re-queued by its upstream messageid in the `resends`
/// list: pending again, attempts from zero, audited; then delivered and its records accepted.
#[test]
fn a_failed_resend_is_requeued_then_delivered() {
    for db in databases() {
        let s = records_rejected_at_national(db);
        let (national, province, up) = (&s.national, &s.province, &s.up);
        school_moved_home(&s);
        operator_changes(province, &resend_path(), true);
        let id = format!("{SCHOOL}-1");
        let upstream = up_resend(&id);
        // Refused for good before its first delivery: failed, nothing sent upstream; re-queued.
        let path = requeue_path("resends", &upstream);
        let audit_before = province.count(Counted::Audit);
        let body = failed_then_requeued(
            province,
            ("forward_resends", "resends"),
            &path,
            2,
            ("requeue_forward_resend", &id),
        );
        assert_fields(
            &body,
            serde_json::json!({"upstream_messageid": upstream, "ma_don_vi": SCHOOL}),
        );
        assert_last_audit(
            province,
            ("van-hanh", "requeue_forward_resend", &id),
            serde_json::json!({"upstream": upstream, "unit": SCHOOL}),
        );
        // Pending now: asked again, nothing changes.
        let body = operator_changes(province, &path, false);
        assert_eq!(body["state"].as_str(), Some("pending"));
        assert_eq!(province.count(Counted::Audit), audit_before + 1);

        // The forwarder delivers it (the approval first): accepted, byte for byte.
        assert_eq!(national.count(Counted::Records), 0);
        forward_until_idle(province, up, 4);
        let resend = province
            .block_on(store::forward_resends(province.store.pool()))
            .unwrap();
        assert_eq!(resend.len(), 1);
        assert_eq!(resend[0].id, id);
        assert_eq!(state_code(&resend[0].delivery), ("sent", Some("ok")));
        assert_eq!(national.count(Counted::Records), 2);
        for n in [100, 101] {
            assert_same_bytes(national, province, n);
        }
        let (_, st) = national.query(&s.so, TransactionType::SubmitStatus, &upstream);
        let items = st.danh_sach_hoc_ba.unwrap();
        assert_eq!(items.len(), 2);
        assert!(items.iter().all(|i| i.trang_thai == 1), "{items:?}");
        // Sent: nothing changes.
        let body = operator_changes(province, &path, false);
        assert_eq!(body["state"].as_str(), Some("sent"));
        audit_unbroken(province);
    }
}

/// The migrations of `db` up to and including version 5, as `Store::open` applies them.
fn migrations_to_5(db: &str) -> [&'static str; 5] {
    match db {
        "sqlite" => [
            include_str!("../migrations/sqlite/0001_init.sql"),
            include_str!("../migrations/sqlite/0002_forwarding.sql"),
            include_str!("../migrations/sqlite/0003_forward_recalls.sql"),
            include_str!("../migrations/sqlite/0004_forward_certificates.sql"),
            include_str!("../migrations/sqlite/0005_school_provinces.sql"),
        ],
        _ => [
            include_str!("../migrations/postgres/0001_init.sql"),
            include_str!("../migrations/postgres/0002_forwarding.sql"),
            include_str!("../migrations/postgres/0003_forward_recalls.sql"),
            include_str!("../migrations/postgres/0004_forward_certificates.sql"),
            include_str!("../migrations/postgres/0005_school_provinces.sql"),
        ],
    }
}

/// ADR 0229, migration 6 in a real upgrade: a province's database made and filled by a version
/// at schema 5 (the old `fwd-…` ids), then opened by this version, which migrates it to the
/// latest. The recall counted delivered on `duplicate_messageid` under the id of a submission
/// that was attempted goes back in the queue (`messageid_reused`, attempts from zero); a
/// duplicate whose twin was never attempted, a duplicate with no twin and the delivered
/// submission stay as they were.
#[test]
fn migration_6_requeues_an_older_duplicate_whose_id_another_outbox_attempted() {
    sqlx::any::install_default_drivers();
    let rt = tokio::runtime::Runtime::new().unwrap();
    for db in databases() {
        let (url, _dir) = rt.block_on(new_database(db));
        rt.block_on(async {
            let raw = match db {
                "sqlite" => format!("sqlite://{}?mode=rwc", &url["sqlite:".len()..]),
                _ => url.clone(),
            };
            let pool = sqlx::AnyPool::connect(&raw).await.unwrap();
            // Schema 5, recorded as the store records it.
            sqlx::raw_sql(
                "CREATE TABLE schema_migrations \
                 (version BIGINT PRIMARY KEY, applied_at BIGINT NOT NULL)",
            )
            .execute(&pool)
            .await
            .unwrap();
            for (i, sql) in migrations_to_5(db).into_iter().enumerate() {
                sqlx::raw_sql(sql).execute(&pool).await.unwrap();
                sqlx::query("INSERT INTO schema_migrations (version, applied_at) VALUES ($1, 1)")
                    .bind(i as i64 + 1)
                    .execute(&pool)
                    .await
                    .unwrap();
            }
            // What the older version left: submission `x-0` attempted and delivered under
            // `fwd-x-0`, then entry 0 of recall request `x` under the same id, answered
            // `duplicate_messageid` and counted delivered; recall `z` counted delivered the same
            // way under the id of submission `z-0`, never attempted; submission `s-y` a
            // duplicate with no twin.
            sqlx::raw_sql(&format!(
                "INSERT INTO units (ma_don_vi, ten, kind, created_at) \
                 VALUES ('{SCHOOL}', 'Trường (thử)', 'school', 1); \
                 INSERT INTO transactions (messageid, kind, ma_don_vi, user_name, nam_hoc, \
                 content_sha256, response_code, item_count, accepted_count, received_at) VALUES \
                 ('x-0', 1, '{SCHOOL}', 'truong', 2025, 'aa', 'ok', 1, 1, 1), \
                 ('s-y', 1, '{SCHOOL}', 'truong', 2025, 'bb', 'ok', 1, 1, 1), \
                 ('z-0', 1, '{SCHOOL}', 'truong', 2025, 'cc', 'ok', 1, 1, 1), \
                 ('x', 2, '{SCHOOL}', 'truong', 2025, 'dd', 'ok', 1, 1, 2), \
                 ('z', 2, '{SCHOOL}', 'truong', 2025, 'ee', 'ok', 1, 1, 2); \
                 INSERT INTO recalls (messageid, item_index, ma_tra_cuu_uuid, ma_don_vi, state) \
                 VALUES ('x', 0, '{u1}', '{SCHOOL}', 1), ('z', 0, '{u2}', '{SCHOOL}', 1); \
                 INSERT INTO forward_queue (messageid, upstream_messageid, state, attempts, \
                 next_attempt_at, last_code, updated_at) VALUES \
                 ('x-0', 'fwd-x-0', 'sent', 1, 10, 'ok', 10), \
                 ('s-y', 'fwd-s-y', 'sent', 2, 10, 'duplicate_messageid', 10), \
                 ('z-0', 'fwd-z-0', 'pending', 0, 10, NULL, 10); \
                 INSERT INTO forward_recalls (messageid, item_index, ma_tra_cuu_uuid, \
                 upstream_messageid, state, attempts, next_attempt_at, last_code, updated_at) \
                 VALUES ('x', 0, '{u1}', 'fwd-x-0', 'sent', 1, 20, 'duplicate_messageid', 20), \
                 ('z', 0, '{u2}', 'fwd-z-0', 'sent', 1, 20, 'duplicate_messageid', 20)",
                u1 = uuid(1),
                u2 = uuid(2),
            ))
            .execute(&pool)
            .await
            .unwrap();
            pool.close().await;

            // This version opens it: the normal migration run, 6 onwards.
            let store = store::Store::open(&url).await.unwrap();
            let pool = store.pool();
            let versions: Vec<i64> =
                sqlx::query_scalar("SELECT version FROM schema_migrations ORDER BY version")
                    .fetch_all(pool)
                    .await
                    .unwrap();
            assert_eq!(versions, (1..=8).collect::<Vec<i64>>(), "{db}");
            let recalls: Vec<_> = store::forward_recalls(pool)
                .await
                .unwrap()
                .into_iter()
                .map(|r| {
                    let d = r.delivery;
                    (
                        r.messageid,
                        d.upstream_messageid,
                        d.state,
                        d.attempts,
                        d.last_code,
                    )
                })
                .collect();
            let recall = |m: &str| recalls.iter().find(|r| r.0 == m).cloned().unwrap();
            assert_eq!(
                recall("x"),
                (
                    "x".into(),
                    "fwd-x-0".into(),
                    "pending".into(),
                    0,
                    Some("messageid_reused".into())
                ),
                "{db}"
            );
            assert_eq!(
                recall("z"),
                (
                    "z".into(),
                    "fwd-z-0".into(),
                    "sent".into(),
                    1,
                    Some("duplicate_messageid".into())
                ),
                "{db}: its twin was never attempted"
            );
            let forwards: Vec<_> = store::forwards(pool)
                .await
                .unwrap()
                .into_iter()
                .map(|r| (r.messageid, r.delivery.state, r.delivery.last_code))
                .collect();
            for (m, state, code) in [
                ("x-0", "sent", Some("ok")),
                ("s-y", "sent", Some("duplicate_messageid")),
                ("z-0", "pending", None),
            ] {
                assert!(
                    forwards
                        .iter()
                        .any(|f| f.0 == m && f.1 == state && f.2.as_deref() == code),
                    "{db} {m}: {forwards:?}"
                );
            }
            // Due at once (its due time, 20, is long past): the forwarder's next pass takes it.
            let x = store::forward_recalls(pool)
                .await
                .unwrap()
                .into_iter()
                .find(|r| r.messageid == "x")
                .unwrap();
            assert!(x.delivery.next_attempt_at <= 20, "{db}");
        });
    }
}

/// QA repro 11 (ADR 0255): what a province accepted and approved while it ran without
/// forwarding is queued when the forwarder starts (`forward::catch_up`, which `forward::spawn`
/// runs first), reaches the national store, and is queued once: a second start finds nothing
/// and writes no audit entry.
#[test]
fn what_a_province_stored_without_forwarding_is_queued_when_forwarding_starts() {
    for db in databases() {
        let (national, so) = national_with_province(db);
        // The province runs without forwarding: a submission, a recall approved, another
        // submission whose record stays issued.
        let province = Portal::start_full(db, Role::Province, None);
        let first = record(&uuid(90), SCHOOL, "090", "seal-p384");
        let second = record(&uuid(91), SCHOOL, "091", "seal-p384");
        school_submits(&province, "s-before-1", std::slice::from_ref(&first));
        school_submits(&province, "s-before-2", std::slice::from_ref(&second));
        recall_approved(&province, "r-before", &first);
        assert!(outbox_rows(&province).is_empty());

        // Restarted with forwarding.
        let up = upstream_to(&national.base, &so);
        let queued = province
            .block_on(forward::catch_up(&province.store, &up))
            .unwrap();
        assert_eq!(queued, (2, 1), "{db}");
        let (actor, action, subject, detail) = last_audit(&province);
        assert_eq!(
            (actor.as_str(), action.as_str(), subject.as_str()),
            ("system", "forward_catch_up", PROVINCE)
        );
        assert_eq!(
            detail,
            serde_json::json!({"submissions": ["s-before-1", "s-before-2"], "recalls": 1})
        );
        let audit = province.count(Counted::Audit);
        assert_eq!(
            province
                .block_on(forward::catch_up(&province.store, &up))
                .unwrap(),
            (0, 0)
        );
        assert_eq!(
            province.count(Counted::Audit),
            audit,
            "nothing to queue, no entry"
        );

        forward_until_idle(&province, &up, 5);
        assert_outbox(
            &province,
            &[
                ("forwarding", &up_submission("s-before-1"), "sent", "ok"),
                ("forwarding", &up_submission("s-before-2"), "sent", "ok"),
                ("recalls", &up_recall("r-before", 0), "sent", "ok"),
            ],
        );
        assert_same_bytes(&national, &province, 90);
        assert_same_bytes(&national, &province, 91);
        let (_, st) = national.query(
            &so,
            TransactionType::RecallStatus,
            &up_recall("r-before", 0),
        );
        assert_eq!(st.danh_sach_thu_hoi.as_ref().unwrap()[0].trang_thai, 1);
        audit_unbroken(&province);
    }
}

/// QA PostgreSQL (ADR 0287): two portal processes of one province on one PostgreSQL database
/// (the operating guide: every process runs with the same forwarding flags) each run the
/// forwarder. Each entry is sent by one pass and recorded `forward_sent` once; before, both
/// passes read the same due entries, both sent them (the national store answering the second
/// `duplicate_messageid`) and both wrote `forward_sent`.
#[test]
fn two_forwarders_on_one_postgres_database_send_each_entry_once() {
    let Some(admin) = std::env::var("HOCBA_TEST_POSTGRES")
        .ok()
        .filter(|s| !s.is_empty())
    else {
        return;
    };
    let (national, so) = national_with_province("postgres");
    let province = Portal::start_full("postgres", Role::Province, Some(PROVINCE));
    for i in 0..6 {
        let r = record(&uuid(90 + i), SCHOOL, &format!("09{i}"), "seal-p384");
        school_submits(&province, &format!("s-{i}"), &[r]);
    }
    let name: String = province
        .block_on(
            sqlx::query_scalar("SELECT current_database()::text").fetch_one(province.store.pool()),
        )
        .unwrap();
    let url = format!("{}/{name}", admin.rsplit_once('/').unwrap().0);
    let other = province.block_on(hocba_server::Store::open(&url)).unwrap();
    let up = upstream_to(&national.base, &so);
    let (a, b) = province.block_on(async {
        tokio::join!(
            forward::run_once(&province.store, &up),
            forward::run_once(&other, &up)
        )
    });
    a.unwrap();
    b.unwrap();
    forward_until_idle(&province, &up, 5);
    let sent: Vec<(String, i64)> = province
        .block_on(
            sqlx::query_as(
                "SELECT subject, count(*) FROM audit_log WHERE action = 'forward_sent' \
                 GROUP BY subject ORDER BY subject",
            )
            .fetch_all(province.store.pool()),
        )
        .unwrap();
    let expected: Vec<(String, i64)> = (0..6).map(|i| (format!("s-{i}"), 1)).collect();
    assert_eq!(sent, expected);
    assert!(
        outbox_rows(&province)
            .iter()
            .all(|(_, _, state, _)| state == "sent")
    );
    province.block_on(other.pool().close());
}
