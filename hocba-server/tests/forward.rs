//! Province → national forwarding: accepted records reach the national store byte for byte under
//! a fixed upstream messageid; a resend after a lost reply is counted as delivered and stores
//! nothing twice; an unreachable store leaves the entry pending with back-off.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::sync::Arc;
use std::time::Duration;

use common::*;
use hocba_core::exchange::TransactionType;
use hocba_server::forward::{self, Upstream};
use hocba_server::store::{self, Counted};
use hocba_server::{Role, setup};

const PROVINCE: &str = "SO-49";

#[test]
fn accepted_records_reach_the_national_store_once() {
    for db in databases() {
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
        let upstream = |url: &str| {
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
        };
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
        let as_province = setup::Credentials {
            user_name: so.user_name.clone(),
            ma_don_vi: PROVINCE.into(),
            token: so.token.clone(),
            password: so.password.clone(),
        };
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
