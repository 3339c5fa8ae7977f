//! Province → national forwarding: accepted records reach the national store byte for byte under
//! a fixed upstream messageid; a resend after a lost reply is counted as delivered and stores
//! nothing twice; an unreachable store leaves the entry pending with back-off. A recall approved
//! at the province reaches the national store after the record's submission, and waits there
//! for the national operator.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::sync::Arc;
use std::time::Duration;

use common::*;
use hocba_core::exchange::{
    QuoteEscape, TransactionType, pack, recall_entry_from_record, recall_list_to_xml,
};
use hocba_server::forward::{self, Upstream};
use hocba_server::store::{self, Counted};
use hocba_server::{Role, setup};

const PROVINCE: &str = "SO-49";

#[test]
fn accepted_records_reach_the_national_store_once() {
    for db in databases() {
        let (national, so) = national_with_province(db);
        let province = Portal::start_full(db, Role::Province, true);
        let own = record(&uuid(70), SCHOOL, "070", "seal-p384");
        let foreign = record(&uuid(71), OTHER_SCHOOL, "071", "seal-rsa");
        let (status, _) = province.submit_records(
            &province.school,
            "s-1",
            &[own.clone(), foreign],
            "seal-ed25519",
        );
        assert_eq!(status, 200);
        let upstream = |url: &str| upstream_to(url, &so);
        let up = upstream(&national.base);
        // The three school certificates the province approved (ADR 0201), then the submission.
        assert_eq!(
            province
                .block_on(forward::run_once(&province.store, &up))
                .unwrap(),
            4
        );
        let rows = province
            .block_on(store::forwards(province.store.pool()))
            .unwrap();
        assert_eq!(
            (rows[0].state.as_str(), rows[0].upstream_messageid.as_str()),
            ("sent", "fwd-s-1")
        );

        // The national store holds the one accepted record, byte for byte.
        // The province's account at the national store.
        let as_province = so.clone();
        let (_, st) = national.query(&as_province, TransactionType::SubmitStatus, "fwd-s-1");
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
        province.block_on(async {
            sqlx::query("UPDATE forward_queue SET state = 'pending'")
                .execute(province.store.pool())
                .await
                .unwrap()
        });
        assert_eq!(
            province
                .block_on(forward::run_once(&province.store, &up))
                .unwrap(),
            1
        );
        let rows = province
            .block_on(store::forwards(province.store.pool()))
            .unwrap();
        assert_eq!(rows[0].state, "sent");
        assert_eq!(rows[0].last_code.as_deref(), Some("duplicate_messageid"));
        assert_eq!(national.count(Counted::Records), 1);

        // The national store is down: the entry stays pending, with back-off.
        let own2 = record(&uuid(72), SCHOOL, "072", "seal-p384");
        province.submit_records(&province.school, "s-2", &[own2], "seal-ed25519");
        let down = upstream("http://127.0.0.1:9");
        province
            .block_on(forward::run_once(&province.store, &down))
            .unwrap();
        let rows = province
            .block_on(store::forwards(province.store.pool()))
            .unwrap();
        let row = rows.iter().find(|r| r.messageid == "s-2").unwrap();
        assert_eq!((row.state.as_str(), row.attempts), ("pending", 1));
        assert_eq!(row.last_code.as_deref(), Some("unreachable"));
        assert!(row.next_attempt_at > row.updated_at);
        // Not due yet: the next pass does not try it.
        assert_eq!(
            province
                .block_on(forward::run_once(&province.store, &up))
                .unwrap(),
            0
        );
        let (status, list) = province.operator_get("/api/v1/operator/forwarding");
        assert_eq!(status, 200);
        assert_eq!(list["forwarding"].as_array().unwrap().len(), 2);
    }
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
        let province = Portal::start_full(db, Role::Province, true);
        let own = record(&uuid(80), SCHOOL, "080", "seal-p384");
        let (status, _) = province.submit_records(
            &province.school,
            "s-1",
            std::slice::from_ref(&own),
            "seal-ed25519",
        );
        assert_eq!(status, 200);

        // The school asks for the recall; the province's operator approves it before the
        // submission itself was forwarded.
        let entry = recall_entry_from_record(own.as_bytes(), 0).unwrap();
        let content = pack(
            &recall_list_to_xml(std::slice::from_ref(&entry)),
            QuoteEscape::default(),
        )
        .unwrap();
        let req = province.signed(
            province.auth(&province.school, TransactionType::Recall, "r-1"),
            content,
            "seal-ed25519",
        );
        let (status, resp) = province.send(&req);
        assert_eq!(status, 200, "{resp:?}");
        let (status, _) = province.operator_post("/api/v1/operator/recalls/r-1/0/approve");
        assert_eq!(status, 200);
        let (_, list) = province.operator_get("/api/v1/operator/forwarding");
        assert_eq!(list["recalls"][0]["upstream_messageid"], "fwd-r-1-0");
        assert_eq!(list["recalls"][0]["state"], "pending");

        // A first pass delivers the submission; the recall waited for it and goes on the next.
        let up = upstream_to(&national.base, &so);
        let first = province
            .block_on(forward::run_once(&province.store, &up))
            .unwrap();
        let rows = province
            .block_on(store::forward_recalls(province.store.pool()))
            .unwrap();
        if first == 1 {
            assert_eq!(rows[0].state, "pending", "the recall waits for its record");
            province
                .block_on(forward::run_once(&province.store, &up))
                .unwrap();
        }
        let rows = province
            .block_on(store::forward_recalls(province.store.pool()))
            .unwrap();
        assert_eq!(
            (rows[0].state.as_str(), rows[0].last_code.as_deref()),
            ("sent", Some("ok"))
        );

        // Upstream, the province's recall of the record it forwarded waits for the national
        // operator, who approves it: the national copy is marked recalled, not deleted.
        // The province's account at the national store.
        let as_province = so.clone();
        let (_, st) = national.query(&as_province, TransactionType::RecallStatus, "fwd-r-1-0");
        assert_eq!(st.danh_sach_thu_hoi.as_ref().unwrap()[0].trang_thai, 1);
        let (status, _) = national.operator_post("/api/v1/operator/recalls/fwd-r-1-0/0/approve");
        assert_eq!(status, 200);
        let rec = national
            .block_on(store::record_by_uuid(national.store.pool(), &uuid(80)))
            .unwrap()
            .unwrap();
        assert_eq!(rec.state, "recalled");
        assert_eq!(national.count(Counted::Records), 1);

        // A lost reply: the resend is a duplicate upstream, counted as delivered.
        province.block_on(async {
            sqlx::query("UPDATE forward_recalls SET state = 'pending'")
                .execute(province.store.pool())
                .await
                .unwrap()
        });
        province
            .block_on(forward::run_once(&province.store, &up))
            .unwrap();
        let rows = province
            .block_on(store::forward_recalls(province.store.pool()))
            .unwrap();
        assert_eq!(
            (rows[0].state.as_str(), rows[0].last_code.as_deref()),
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
        let province = Portal::start_full(db, Role::Province, true);
        let own = record(&uuid(81), SCHOOL, "081", "seal-p384");
        province.submit_records(
            &province.school,
            "s-1",
            std::slice::from_ref(&own),
            "seal-ed25519",
        );
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

fn fingerprint_of(seal: &str) -> String {
    use sha2::Digest as _;
    hex::encode(sha2::Sha256::digest(&chain(seal)[0]))
}

#[test]
fn approved_school_certificates_reach_the_national_store_as_the_provinces_approval() {
    for db in databases() {
        let (national, so) = national_with_province(db);
        let province = Portal::start_full(db, Role::Province, true);
        let up = upstream_to(&national.base, &so);
        // A school the national store does not know registers its certificate at the province.
        let new_school = province
            .block_on(setup::add_account(
                &province.store,
                ("49TH0099", "Trường Tiểu học Mới (thử)", "school"),
                "truong-moi",
                "unit",
                None,
            ))
            .unwrap();
        let (status, resp) = province.register(&new_school, "reg-new", "seal-rsa-gov");
        assert_eq!(status, 200, "{resp:?}");
        let fp = fingerprint_of("seal-rsa-gov");

        // Not approved yet: only the three certificates approved at setup go up (the national
        // store already holds them for the same schools: answered as done).
        assert_eq!(
            province
                .block_on(forward::run_once(&province.store, &up))
                .unwrap(),
            3
        );
        let rows = province
            .block_on(store::forward_certificates(province.store.pool()))
            .unwrap();
        assert_eq!(rows.len(), 3);
        assert!(rows.iter().all(|r| r.state == "sent"), "{rows:?}");
        assert!(rows.iter().all(|r| r.fingerprint != fp));

        // The province's operator approves it: the next pass forwards it.
        let (status, _) =
            province.operator_post(&format!("/api/v1/operator/certificates/{fp}/approve"));
        assert_eq!(status, 200);
        assert_eq!(
            province
                .block_on(forward::run_once(&province.store, &up))
                .unwrap(),
            1
        );
        let upstream_mid = format!("fwd-cert-{}", &fp[..32]);
        let rows = province
            .block_on(store::forward_certificates(province.store.pool()))
            .unwrap();
        let row = rows.iter().find(|r| r.fingerprint == fp).unwrap();
        assert_eq!(
            (row.state.as_str(), row.upstream_messageid.as_str()),
            ("sent", upstream_mid.as_str())
        );
        let (_, list) = province.operator_get("/api/v1/operator/forwarding");
        assert_eq!(list["certificates"].as_array().unwrap().len(), 4);

        // The national store records it as the school's, approved by the province, with the
        // province's signed transaction as evidence; the national operator has nothing to decide.
        let at_province = province
            .block_on(store::certificate_by_fingerprint(
                province.store.pool(),
                &fp,
            ))
            .unwrap()
            .unwrap();
        let cert = national
            .block_on(store::certificate_by_fingerprint(
                national.store.pool(),
                &fp,
            ))
            .unwrap()
            .unwrap();
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
        province.block_on(async {
            sqlx::query("UPDATE forward_certificates SET state = 'pending'")
                .execute(province.store.pool())
                .await
                .unwrap()
        });
        let before = national.count(Counted::Transactions);
        assert_eq!(
            province
                .block_on(forward::run_once(&province.store, &up))
                .unwrap(),
            4
        );
        let rows = province
            .block_on(store::forward_certificates(province.store.pool()))
            .unwrap();
        assert!(rows.iter().all(|r| r.state == "sent"));
        assert!(
            rows.iter()
                .all(|r| r.last_code.as_deref() == Some("duplicate_messageid"))
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
        let (_, check) = national.operator_get("/api/v1/operator/audit");
        assert!(check["first_break"].is_null());
    }
}
