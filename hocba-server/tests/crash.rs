//! `kill -9` of the server in the middle of a large submission: after a restart every record is
//! either stored and reported accepted, or absent and reported not accepted (the whole
//! submission is one database transaction); the audit chain holds; resending the same
//! `messageid` then stores every record once. The record count is `HOCBA_CRASH_RECORDS`
//! (default 400; `scripts/test-server.sh` runs 2,000 — one transaction holds at most about
//! 6,500 under the 10 MB bound, so 10,000 records are two transactions), the kill delay
//! `HOCBA_CRASH_KILL_MS` (default 1500 ms after the upload starts, while the server verifies).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::*;
use hocba_core::exchange::TransactionType;
use hocba_server::store::{self, Counted};
use hocba_server::{Store, setup};

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn start_server(db: &str, port: u16, log: &std::path::Path) -> Child {
    let log = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(log)
        .unwrap();
    let child = Command::new(env!("CARGO_BIN_EXE_hocba-server"))
        .args(["--db", db, "--listen", &format!("127.0.0.1:{port}")])
        .args(["--trust-roots", &format!("{PKI}roots.pem")])
        .args(["--transactions-per-minute", "0"])
        .stdout(Stdio::null())
        .stderr(log)
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(60);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "the server did not start");
        std::thread::sleep(Duration::from_millis(50));
    }
    child
}

#[test]
fn kill_9_in_the_middle_of_a_submission_leaves_all_or_nothing() {
    let n: u32 = std::env::var("HOCBA_CRASH_RECORDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(400);
    let rt = tokio::runtime::Runtime::new().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite:{}", dir.path().join("crash.db").display());
    let log = dir.path().join("server.log");
    let school = rt.block_on(async {
        let store = Store::open(&db).await.unwrap();
        let c = setup::add_account(
            &store,
            (OTHER_SCHOOL, "Trường thử", "school"),
            "t",
            "unit",
            None,
        )
        .await
        .unwrap();
        setup::approve_certificate(
            &store,
            OTHER_SCHOOL,
            &chain("seal-rsa"),
            &serial("seal-rsa"),
            "op",
        )
        .await
        .unwrap();
        c
    });
    let t0 = Instant::now();
    // Signing is the slow part in a debug build: both cores.
    let records: Vec<String> = std::thread::scope(|s| {
        let half = n / 2;
        let a = s.spawn(move || {
            (0..half)
                .map(|i| {
                    record(
                        &uuid(100_000 + i),
                        OTHER_SCHOOL,
                        &format!("{i:05}"),
                        "seal-rsa",
                    )
                })
                .collect::<Vec<_>>()
        });
        let b: Vec<String> = (half..n)
            .map(|i| {
                record(
                    &uuid(100_000 + i),
                    OTHER_SCHOOL,
                    &format!("{i:05}"),
                    "seal-rsa",
                )
            })
            .collect();
        let mut all = a.join().unwrap();
        all.extend(b);
        all
    });
    eprintln!("{n} signed records in {:?}", t0.elapsed());

    let port = free_port();
    let client = Client::new(format!("http://127.0.0.1:{port}"), school.clone());
    let body = client.submission("big-1", &records, "seal-rsa");
    eprintln!("request body {} bytes", body.len());
    let mut server = start_server(&db, port, &log);
    let sender = {
        let client = client.clone();
        std::thread::spawn(move || client.post_raw(&body))
    };
    // The upload takes milliseconds on loopback; verifying the records takes seconds.
    let delay: u64 = std::env::var("HOCBA_CRASH_KILL_MS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1500);
    std::thread::sleep(Duration::from_millis(delay));
    server.kill().unwrap(); // SIGKILL
    server.wait().unwrap();
    let outcome = sender.join().unwrap();
    eprintln!("client saw: {outcome:?}");

    // Restart on the same file.
    let mut server = start_server(&db, port, &log);
    let stored = rt.block_on(async {
        let store = Store::open(&db).await.unwrap();
        let count = store::count(store.pool(), Counted::Records).await.unwrap();
        let chain = store::audit::check_chain(&store, None).await.unwrap();
        assert_eq!(chain.first_break, None, "the audit chain holds");
        let ok: String = sqlx::query_scalar("PRAGMA integrity_check")
            .fetch_one(store.pool())
            .await
            .unwrap();
        assert_eq!(ok, "ok");
        count
    });
    let (status, st) = client.status("big-1", TransactionType::SubmitStatus);
    match status {
        404 => assert_eq!(
            stored, 0,
            "absent and reported unknown: nothing half-stored"
        ),
        200 => {
            let items = st.danh_sach_hoc_ba.unwrap();
            assert_eq!(items.len() as u32, n);
            assert!(items.iter().all(|i| i.trang_thai == 1));
            assert_eq!(stored as u32, n, "stored and reported accepted, every one");
        }
        other => panic!("status {other}"),
    }
    eprintln!("after restart: status {status}, {stored} records stored");

    // Whatever happened, the school can resend the same messageid: stored once.
    let (status, _) = client.try_submit("big-1", &records, "seal-rsa").unwrap();
    let (_, st) = client.status("big-1", TransactionType::SubmitStatus);
    let items = st.danh_sach_hoc_ba.unwrap();
    assert!(status == 200 || status == 409, "{status}");
    assert_eq!(items.len() as u32, n);
    assert!(items.iter().all(|i| i.trang_thai == 1));
    let count = rt.block_on(async {
        let store = Store::open(&db).await.unwrap();
        store::count(store.pool(), Counted::Records).await.unwrap()
    });
    assert_eq!(count as u32, n);
    server.kill().unwrap();
    server.wait().unwrap();

    // The server's log names transactions and counts, never a pupil.
    let text = std::fs::read_to_string(&log).unwrap();
    assert!(text.contains("submit: messageid=big-1"), "{text}");
    for pupil_data in ["Nguyễn Văn An", "001217", "HS00"] {
        assert!(
            !text.contains(pupil_data),
            "the log holds pupil data: {pupil_data}"
        );
    }
}
