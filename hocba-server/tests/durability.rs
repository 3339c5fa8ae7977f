//! What the portal promises about what it stores and hands out when the database fails or
//! requests race (QA 2026-12-05): no copy of a record without its audit entry (ADR 0253), one
//! pending recall per record (ADR 0254) — on SQLite, and on PostgreSQL when
//! `HOCBA_TEST_POSTGRES` is set.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use hocba_core::exchange::{QuoteEscape, RecallEntry, TransactionType, pack, recall_list_to_xml};
use hocba_server::store::{self, Counted, RecallRow};

fn each_db(test: impl Fn(&str)) {
    for db in databases() {
        eprintln!("-- on {db}");
        test(db);
    }
}

/// Makes every insert into the audit log fail, as a full disk or a read-only file does (the
/// test runs as any user, so a read-only file is not a refusal for root).
fn break_the_audit_log(p: &Portal, db: &str) {
    let sql = match db {
        "sqlite" => {
            "CREATE TRIGGER audit_log_test_refuse BEFORE INSERT ON audit_log \
             BEGIN SELECT RAISE(ABORT, 'test: the audit log cannot be written'); END"
        }
        _ => {
            "CREATE FUNCTION audit_log_test_refuse() RETURNS trigger LANGUAGE plpgsql AS \
             $$ BEGIN RAISE EXCEPTION 'test: the audit log cannot be written'; END $$; \
             CREATE TRIGGER audit_log_test_refuse BEFORE INSERT ON audit_log \
             FOR EACH ROW EXECUTE FUNCTION audit_log_test_refuse()"
        }
    };
    p.block_on(sqlx::raw_sql(sql).execute(p.store.pool()))
        .unwrap();
}

fn multipart(name: &str, data: &[u8]) -> Vec<u8> {
    let mut body = format!(
        "--XyZ\r\nContent-Disposition: form-data; name=\"tep\"; filename=\"{name}\"\r\n\
         Content-Type: application/octet-stream\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(data);
    body.extend_from_slice(b"\r\n--XyZ--\r\n");
    body
}

fn post(p: &Portal, path: &str, content_type: &str, body: &[u8]) -> (u16, String) {
    let mut res = p
        .agent
        .post(format!("{}{path}", p.base))
        .header("content-type", content_type)
        .send(body)
        .unwrap();
    (
        res.status().as_u16(),
        res.body_mut().read_to_string().unwrap(),
    )
}

/// QA repro 07: the lookup page, the copy, the lookup API and the upload check hand out
/// nothing of a record when its audit entry cannot be written: `503` `storage_error`.
#[test]
fn nothing_is_handed_out_when_its_audit_entry_cannot_be_written() {
    each_db(|db| {
        let p = Portal::start(db);
        let own = record(&uuid(1), SCHOOL, "001", "seal-p384");
        let (status, _) =
            p.submit_records(&p.school, "m-1", std::slice::from_ref(&own), "seal-ed25519");
        assert_eq!(status, 200);
        let fields = [
            ("ma_tra_cuu_uuid", uuid(1)),
            ("ho_va_ten", "Nguyễn Văn An".to_owned()),
            ("ngay_sinh", birth_date(&own)),
            ("so_cccd", "001217000001".to_owned()),
        ];
        let f: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
        // While the audit log works, each of them answers and writes its entry.
        let audit = p.count(Counted::Audit);
        let (status, copy) = p.form("/tra-cuu/ban-sao", &f);
        assert_eq!((status, copy.as_str()), (200, own.as_str()));
        assert_eq!(p.count(Counted::Audit), audit + 1);

        break_the_audit_log(&p, db);
        let (status, html) = p.form("/tra-cuu", &f);
        assert_eq!(status, 503, "{html}");
        assert!(
            !html.contains(&uuid(1)) && !html.contains("Nguyễn"),
            "{html}"
        );
        let (status, body) = p.form("/tra-cuu/ban-sao", &f);
        assert_eq!(status, 503, "{body}");
        assert!(!body.contains("HOC_BA"), "no copy: {body}");
        let json = serde_json::json!({
            "ma_tra_cuu_uuid": uuid(1),
            "ho_va_ten": "Nguyễn Văn An",
            "ngay_sinh": birth_date(&own),
            "so_cccd": "001217000001",
        });
        let (status, body) = post(
            &p,
            "/api/v1/tra-cuu",
            "application/json",
            json.to_string().as_bytes(),
        );
        assert_eq!(status, 503, "{body}");
        let v: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert_eq!(v, serde_json::json!({"error": "storage_error"}));
        let (status, body) = post(
            &p,
            "/api/v1/tra-cuu/tai-len",
            "multipart/form-data; boundary=XyZ",
            &multipart("hoc-ba.xml", own.as_bytes()),
        );
        assert_eq!(status, 503, "{body}");
        assert!(
            body.contains("storage_error") && !body.contains(&uuid(1)),
            "{body}"
        );
        assert_eq!(p.count(Counted::Audit), audit + 1);
    });
}

fn recall_entry(n: u32, own: &str) -> RecallEntry {
    RecallEntry {
        ma_tra_cuu_uuid: uuid(n),
        ho_va_ten: "Nguyễn Văn An".into(),
        gioi_tinh: "Nam".into(),
        ngay_sinh: birth_date(own),
        so_cccd: format!("001217{n:06}"),
        ten_truong: "Trường Tiểu học Thử Nghiệm Số 1".into(),
        ma_truong: SCHOOL.into(),
        ten_nam_hoc: "2025-2026".into(),
    }
}

fn recall_request(
    p: &Portal,
    messageid: &str,
    entries: &[RecallEntry],
) -> hocba_core::exchange::Request {
    let content = pack(&recall_list_to_xml(entries), QuoteEscape::Backslash).unwrap();
    p.signed(
        p.auth(&p.school, TransactionType::Recall, messageid),
        content,
        "seal-ed25519",
    )
}

fn pending_recalls(p: &Portal) -> usize {
    let (status, list) = p.operator_get("/api/v1/operator/recalls?state=1");
    assert_eq!(status, 200);
    list["recalls"].as_array().unwrap().len()
}

/// QA repro 02: one request naming a record twice is refused `duplicate_recall_entry` (400,
/// Vietnamese and English), nothing stored; the same record named once is then accepted.
#[test]
fn a_recall_request_naming_a_record_twice_is_refused() {
    each_db(|db| {
        let p = Portal::start(db);
        let own = record(&uuid(40), SCHOOL, "040", "seal-p384");
        p.submit_records(&p.school, "m", std::slice::from_ref(&own), "seal-ed25519");
        let entry = recall_entry(40, &own);
        let (status, resp) = p.send(&recall_request(
            &p,
            "r-twice",
            &[entry.clone(), entry.clone()],
        ));
        assert_eq!(
            (status, resp.response_code.as_str()),
            (400, "duplicate_recall_entry"),
            "{resp:?}"
        );
        assert!(
            resp.response_description
                .contains("mục thu hồi thứ 2 (đếm từ 1)")
                && resp
                    .response_description_en
                    .contains("recall entry 2 (counting from 1)"),
            "{resp:?}"
        );
        let (status, _) = p.query(&p.school, TransactionType::RecallStatus, "r-twice");
        assert_eq!(status, 404, "nothing stored");
        assert_eq!(pending_recalls(&p), 0);
        let (status, resp) = p.send(&recall_request(&p, "r-once", &[entry]));
        assert_eq!(status, 200, "{resp:?}");
        assert_eq!(pending_recalls(&p), 1);
    });
}

/// QA repro 03: recall requests for one record sent at once under different messageids: exactly
/// one is accepted, the others `not_recallable` with nothing stored — decided in the write
/// transaction (SQLite: one writer; PostgreSQL: the unique index on pending recalls). Each
/// round sends its requests from threads released together; their signatures are checked
/// before the decision, so without it several passed the first look.
#[test]
fn concurrent_recall_requests_for_one_record_accept_one() {
    each_db(|db| {
        let p = Portal::start(db);
        let records: Vec<String> = (0..3)
            .map(|i| {
                record(
                    &uuid(50 + i),
                    SCHOOL,
                    &format!("{:03}", 50 + i),
                    "seal-p384",
                )
            })
            .collect();
        let (status, _) = p.submit_records(&p.school, "m", &records, "seal-ed25519");
        assert_eq!(status, 200);
        for (k, own) in records.iter().enumerate() {
            let entry = recall_entry(50 + k as u32, own);
            let requests: Vec<_> = (0..6)
                .map(|i| recall_request(&p, &format!("race-{k}-{i}"), std::slice::from_ref(&entry)))
                .collect();
            let barrier = std::sync::Barrier::new(requests.len());
            let answers: Vec<(u16, String)> = std::thread::scope(|s| {
                let handles: Vec<_> = requests
                    .iter()
                    .map(|req| {
                        let (p, barrier) = (&p, &barrier);
                        s.spawn(move || {
                            barrier.wait();
                            let (status, resp) = p.send(req);
                            (status, resp.response_code)
                        })
                    })
                    .collect();
                handles.into_iter().map(|h| h.join().unwrap()).collect()
            });
            let accepted = answers.iter().filter(|(s, _)| *s == 200).count();
            assert_eq!(accepted, 1, "round {k}: {answers:?}");
            assert!(
                answers
                    .iter()
                    .all(|(s, c)| *s == 200 || (*s == 403 && c == "not_recallable")),
                "{answers:?}"
            );
        }
        assert_eq!(pending_recalls(&p), records.len());
    });
}

/// The database keeps one pending recall per record whoever writes (migration 8's unique
/// partial index): a second pending entry is a unique violation; a decided one is not counted.
#[test]
fn the_database_refuses_a_second_pending_recall_of_a_record() {
    each_db(|db| {
        let p = Portal::start(db);
        let own = record(&uuid(60), SCHOOL, "060", "seal-p384");
        p.submit_records(&p.school, "m", std::slice::from_ref(&own), "seal-ed25519");
        let (status, _) = p.send(&recall_request(&p, "r-1", &[recall_entry(60, &own)]));
        assert_eq!(status, 200);
        let second = |state: i64| RecallRow {
            messageid: "r-1".into(),
            item_index: 1,
            ma_tra_cuu_uuid: uuid(60),
            ma_don_vi: SCHOOL.into(),
            state,
            decided_by: None,
            decided_at: None,
        };
        let e = p
            .block_on(store::insert_recall(p.store.pool(), &second(1)))
            .unwrap_err();
        assert!(e.is_unique_violation(), "{e}");
        p.block_on(store::insert_recall(p.store.pool(), &second(3)))
            .unwrap();
    });
}

/// Migration 8 on a store that holds the duplicates the defect left: of one record's pending
/// entries the earliest (request received first, then messageid, then place) stays pending,
/// the others are refused by `schema-8`; then the index holds.
#[test]
fn migration_8_keeps_the_earliest_pending_recall_of_a_record() {
    for db in databases() {
        let rt = tokio::runtime::Runtime::new().unwrap();
        let (url, _dir) = rt.block_on(new_database(db));
        rt.block_on(async {
            let s = store::Store::open(&url).await.unwrap();
            // Back to schema 7, with what the defect stored.
            sqlx::raw_sql(&format!(
                "DROP INDEX recalls_one_pending; \
                 DELETE FROM schema_migrations WHERE version = 8; \
                 INSERT INTO units (ma_don_vi, ten, kind, created_at) \
                 VALUES ('{SCHOOL}', 'Trường (thử)', 'school', 1); \
                 INSERT INTO transactions (messageid, kind, ma_don_vi, user_name, nam_hoc, \
                 content_sha256, response_code, item_count, accepted_count, received_at) VALUES \
                 ('b-later', 5, '{SCHOOL}', 'truong', 2025, 'aa', 'ok', 2, 0, 20), \
                 ('a-first', 5, '{SCHOOL}', 'truong', 2025, 'bb', 'ok', 2, 0, 10), \
                 ('c-same-time', 5, '{SCHOOL}', 'truong', 2025, 'cc', 'ok', 1, 0, 10); \
                 INSERT INTO recalls (messageid, item_index, ma_tra_cuu_uuid, ma_don_vi, state) VALUES \
                 ('b-later', 0, '{u1}', '{SCHOOL}', 1), ('b-later', 1, '{u2}', '{SCHOOL}', 1), \
                 ('a-first', 0, '{u1}', '{SCHOOL}', 1), ('a-first', 1, '{u1}', '{SCHOOL}', 1), \
                 ('c-same-time', 0, '{u1}', '{SCHOOL}', 1)",
                u1 = uuid(1),
                u2 = uuid(2),
            ))
            .execute(s.pool())
            .await
            .unwrap();
            s.pool().close().await;
            let s = store::Store::open(&url).await.unwrap();
            let rows: Vec<(String, i64, String, i64, Option<String>)> = sqlx::query_as(
                "SELECT messageid, item_index, ma_tra_cuu_uuid, state, decided_by FROM recalls \
                 ORDER BY messageid, item_index",
            )
            .fetch_all(s.pool())
            .await
            .unwrap();
            let refused = Some("schema-8".to_owned());
            assert_eq!(
                rows,
                vec![
                    ("a-first".into(), 0, uuid(1), 1, None),
                    ("a-first".into(), 1, uuid(1), 3, refused.clone()),
                    ("b-later".into(), 0, uuid(1), 3, refused.clone()),
                    ("b-later".into(), 1, uuid(2), 1, None),
                    ("c-same-time".into(), 0, uuid(1), 3, refused),
                ],
                "{db}"
            );
            let e = sqlx::raw_sql(&format!(
                "UPDATE recalls SET state = 1 WHERE messageid = 'b-later' AND item_index = 0 \
                 AND ma_tra_cuu_uuid = '{}'",
                uuid(1)
            ))
            .execute(s.pool())
            .await
            .unwrap_err();
            assert!(
                matches!(&e, sqlx::Error::Database(d) if d.is_unique_violation()),
                "{e}"
            );
        });
    }
}

/// `GET /healthz` as (status, JSON), and how long it took; the agent gives up after 20 s.
fn healthz(p: &Portal) -> (u16, serde_json::Value, std::time::Duration) {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(std::time::Duration::from_secs(20)))
        .build()
        .into();
    let t = std::time::Instant::now();
    let mut res = agent
        .get(format!("{}/healthz", p.base))
        .call()
        .expect("/healthz answers within 20 s");
    let status = res.status().as_u16();
    (status, res.body_mut().read_json().unwrap(), t.elapsed())
}

/// `/healthz` until it answers `status` (the rollback of a dropped transaction runs in the
/// background), at most 5 s.
fn healthz_becomes(p: &Portal, status: u16) -> serde_json::Value {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    loop {
        let (s, v, _) = healthz(p);
        if s == status || std::time::Instant::now() > deadline {
            assert_eq!(s, status, "{v}");
            return v;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}

/// Makes every insert into `records` fail inside the submission's transaction (a full
/// tablespace, a `statement_timeout` behind a lock: a statement fails, not `BEGIN` or
/// `COMMIT`). On SQLite the trigger rolls the transaction back, as SQLite does by itself on a
/// full disk or an I/O error.
fn break_the_records_table(p: &Portal, db: &str) {
    let sql = match db {
        "sqlite" => {
            "CREATE TRIGGER records_test_refuse BEFORE INSERT ON records \
             BEGIN SELECT RAISE(ROLLBACK, 'test: records cannot be written'); END"
        }
        _ => {
            "CREATE FUNCTION records_test_refuse() RETURNS trigger LANGUAGE plpgsql AS \
             $$ BEGIN RAISE EXCEPTION 'test: records cannot be written'; END $$; \
             CREATE TRIGGER records_test_refuse BEFORE INSERT ON records \
             FOR EACH ROW EXECUTE FUNCTION records_test_refuse()"
        }
    };
    p.block_on(sqlx::raw_sql(sql).execute(p.store.pool()))
        .unwrap();
}

/// QA PostgreSQL repro 01 (ADR 0285): a submission whose statement fails inside its
/// transaction is answered `503` `storage_error`, and `/healthz` says writes are failing —
/// also after another write commits (the forwarder commits on every pass): a commit shows
/// nothing about the statement that failed.
#[test]
fn healthz_sees_a_statement_failing_inside_a_write() {
    each_db(|db| {
        let p = Portal::start(db);
        let one = record(&uuid(1), SCHOOL, "001", "seal-p384");
        let (status, _) = p.submit_records(&p.school, "m-1", &[one], "seal-ed25519");
        assert_eq!(status, 200);
        assert_eq!(healthz(&p).0, 200);

        break_the_records_table(&p, db);
        let two = record(&uuid(2), SCHOOL, "002", "seal-p384");
        let (status, r) = p.submit_records(&p.school, "m-2", &[two], "seal-ed25519");
        assert_eq!((status, r.response_code.as_str()), (503, "storage_error"));
        let v = healthz_becomes(&p, 503);
        assert_eq!(
            (&v["status"], &v["writes"]),
            (&"degraded".into(), &"failing".into())
        );
        p.block_on(async {
            let w = p.store.write().await.unwrap();
            w.commit().await.unwrap();
        });
        assert_eq!(healthz(&p).0, 503, "a commit elsewhere does not hide it");
        assert_eq!(p.count(Counted::Records), 1);
    });
}

/// The pool's connections (a closed one is gone from it), once none is out (a dropped transaction's rollback runs in the
/// background), at most 5 s.
fn settled_pool_size(p: &Portal) -> u32 {
    let pool = p.store.pool();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    while pool.num_idle() != pool.size() as usize && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    std::thread::sleep(std::time::Duration::from_millis(100));
    pool.size()
}

/// QA PostgreSQL repro 02 (ADR 0285): a write transaction dropped without `COMMIT` or
/// `ROLLBACK` — a refusal decided in it, a failed statement — is rolled back and its connection
/// kept in the pool (it was closed, and a new one set up: on PostgreSQL a backend, TLS,
/// authentication); nothing of it is stored, and a refusal is not a failing write.
#[test]
fn a_write_dropped_open_is_rolled_back_and_its_connection_kept() {
    each_db(|db| {
        let p = Portal::start(db);
        let size = settled_pool_size(&p);
        assert!(size >= 1);
        let audit = p.count(Counted::Audit);
        // A refusal decided in the transaction: a row written, then the transaction dropped.
        p.block_on(async {
            let mut w = p.store.write().await.unwrap();
            sqlx::query(
                "INSERT INTO units (ma_don_vi, ten, kind, created_at) VALUES ('X-1', 'x', 'school', 0)",
            )
            .execute(&mut *w.tx)
            .await
            .unwrap();
            drop(w);
        });
        assert!(
            settled_pool_size(&p) >= size,
            "the connection is kept, not closed"
        );
        assert_eq!(healthz(&p).0, 200, "a refusal is not a failing write");
        // A statement that fails (the unit exists: a unique key), the error returned with `?`.
        p.block_on(async {
            let mut w = p.store.write().await.unwrap();
            let e = sqlx::query(
                "INSERT INTO units (ma_don_vi, ten, kind, created_at) VALUES ($1, 'x', 'school', 0)",
            )
            .bind(SCHOOL)
            .execute(&mut *w.tx)
            .await;
            assert!(e.is_err());
            drop(w);
        });
        assert!(
            settled_pool_size(&p) >= size,
            "the connection is kept, not closed"
        );
        let units: i64 = p
            .block_on(
                sqlx::query_scalar("SELECT count(*) FROM units WHERE ma_don_vi = 'X-1'")
                    .fetch_one(p.store.pool()),
            )
            .unwrap();
        assert_eq!((units, p.count(Counted::Audit)), (0, audit), "nothing kept");
        // The store writes on as before.
        p.block_on(async {
            let w = p.store.write().await.unwrap();
            w.commit().await.unwrap();
        });
    });
}

/// QA PostgreSQL repro 03 (ADR 0286): `/healthz` answers `503` `storage_error` within
/// `HEALTH_TIMEOUT_SECS` when the database does not answer in time (a stopped PostgreSQL is
/// retried by the pool for 30 s; here a lock makes its queries wait, as a full pool does).
#[test]
fn healthz_answers_in_time_when_the_database_does_not() {
    each_db(|db| {
        let p = Portal::start(db);
        assert_eq!(healthz(&p).0, 200);
        let mut holder = p.block_on(p.store.pool().acquire()).unwrap();
        let lock = match db {
            "sqlite" => "BEGIN EXCLUSIVE",
            _ => "BEGIN; LOCK TABLE audit_log IN ACCESS EXCLUSIVE MODE",
        };
        p.block_on(sqlx::raw_sql(lock).execute(&mut *holder))
            .unwrap();
        let (status, _, took) = healthz(&p);
        assert_eq!(status, 503);
        assert!(
            took < std::time::Duration::from_secs(hocba_server::HEALTH_TIMEOUT_SECS + 3),
            "{took:?}"
        );
        p.block_on(async {
            sqlx::raw_sql("ROLLBACK")
                .execute(&mut *holder)
                .await
                .unwrap();
            drop(holder);
        });
    });
}
