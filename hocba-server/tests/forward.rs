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
        assert_eq!(
            province
                .block_on(forward::run_once(&province.store, &up))
                .unwrap(),
            1
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
