use super::audit::{self, Event, check_chain};
use super::*;

async fn temp_store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite:{}", dir.path().join("t.db").display());
    let store = Store::open(&url).await.unwrap();
    (dir, store)
}

async fn append(store: &Store, n: usize) {
    for i in 0..n {
        let mut w = store.write().await.unwrap();
        audit::append(
            &mut w,
            1_780_000_000 + i as i64,
            &Event {
                actor: "t",
                action: "submit",
                subject: &format!("m-{i}"),
                detail: format!("{{\"i\":{i}}}"),
            },
        )
        .await
        .unwrap();
        w.commit().await.unwrap();
    }
}

async fn raw(store: &Store, sql: &str) -> Result<(), sqlx::Error> {
    sqlx::raw_sql(sql).execute(store.pool()).await.map(|_| ())
}

#[tokio::test]
async fn migrations_are_idempotent_and_recorded() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite:{}", dir.path().join("t.db").display());
    drop(Store::open(&url).await.unwrap());
    let store = Store::open(&url).await.unwrap();
    let versions: Vec<i64> = sqlx::query_scalar("SELECT version FROM schema_migrations")
        .fetch_all(store.pool())
        .await
        .unwrap();
    assert_eq!(versions, vec![1, 2, 3, 4, 5, 6, 7, 8]);
}

#[tokio::test]
async fn the_database_refuses_to_delete_or_rewrite_history() {
    let (_d, store) = temp_store().await;
    append(&store, 2).await;
    let e = raw(&store, "DELETE FROM audit_log WHERE seq = 1").await;
    assert!(e.unwrap_err().to_string().contains("append-only"));
    let e = raw(&store, "UPDATE audit_log SET detail = 'x' WHERE seq = 1").await;
    assert!(e.unwrap_err().to_string().contains("append-only"));
    let e = raw(&store, "DELETE FROM records").await;
    assert!(e.is_ok(), "no row, so the row trigger does not fire");
    assert_eq!(
        check_chain(&store, None).await.unwrap().first_break,
        None,
        "history intact"
    );
}

#[tokio::test]
async fn an_altered_entry_is_detected() {
    let (_d, store) = temp_store().await;
    append(&store, 4).await;
    let ok = check_chain(&store, None).await.unwrap();
    assert_eq!(ok.entries, 4);
    assert_eq!(ok.first_break, None);
    // Someone with database access drops the trigger and edits entry 2.
    raw(&store, "DROP TRIGGER audit_log_no_update")
        .await
        .unwrap();
    raw(
        &store,
        "UPDATE audit_log SET detail = '{\"i\":99}' WHERE seq = 2",
    )
    .await
    .unwrap();
    let c = check_chain(&store, None).await.unwrap();
    assert_eq!(
        c.first_break,
        Some(audit::ChainBreak {
            seq: 2,
            reason: "hash"
        })
    );
    // Re-hashing the edited entry does not help: the next entry's link breaks.
    let row: (i64, String, String, String, String, String) = sqlx::query_as(
        "SELECT at, actor, action, subject, detail, prev_hash FROM audit_log WHERE seq = 2",
    )
    .fetch_one(store.pool())
    .await
    .unwrap();
    let h = audit::entry_hash(&row.5, 2, row.0, &row.1, &row.2, &row.3, &row.4);
    sqlx::query("UPDATE audit_log SET hash = $1 WHERE seq = 2")
        .bind(&h)
        .execute(store.pool())
        .await
        .unwrap();
    let c = check_chain(&store, None).await.unwrap();
    assert_eq!(
        c.first_break,
        Some(audit::ChainBreak {
            seq: 3,
            reason: "prev_hash"
        })
    );
}

#[tokio::test]
async fn a_removed_entry_is_detected() {
    let (_d, store) = temp_store().await;
    append(&store, 5).await;
    let head = check_chain(&store, None).await.unwrap();
    raw(&store, "DROP TRIGGER audit_log_no_delete")
        .await
        .unwrap();
    raw(&store, "DELETE FROM audit_log WHERE seq = 3")
        .await
        .unwrap();
    assert_eq!(
        check_chain(&store, None).await.unwrap().first_break,
        Some(audit::ChainBreak {
            seq: 3,
            reason: "gap"
        })
    );
    // Removing the tail leaves a consistent chain: the head recorded earlier catches it.
    let (_d2, store2) = temp_store().await;
    append(&store2, 5).await;
    let head2 = check_chain(&store2, None).await.unwrap();
    raw(&store2, "DROP TRIGGER audit_log_no_delete")
        .await
        .unwrap();
    raw(&store2, "DELETE FROM audit_log WHERE seq = 5")
        .await
        .unwrap();
    assert_eq!(check_chain(&store2, None).await.unwrap().first_break, None);
    assert_eq!(
        check_chain(&store2, Some((5, &head2.head)))
            .await
            .unwrap()
            .first_break,
        Some(audit::ChainBreak {
            seq: 5,
            reason: "head"
        })
    );
    assert_ne!(head.head, audit::GENESIS);
}

#[test]
fn chain_blob_round_trip() {
    let chain = vec![vec![1, 2, 3], vec![], vec![9; 300]];
    assert_eq!(chain_from_blob(&chain_to_blob(&chain)), chain);
}

/// Sets `PRAGMA max_page_count` on every connection of the pool (the setting is a
/// connection's): all of them are held at once, so each is a distinct connection.
async fn limit_pages(store: &Store, pages: i64) {
    let mut held = Vec::new();
    for _ in 0..8 {
        held.push(store.pool().acquire().await.unwrap());
    }
    for c in &mut held {
        sqlx::raw_sql(&format!("PRAGMA max_page_count = {pages}"))
            .execute(&mut **c)
            .await
            .unwrap();
    }
}

/// One write transaction inserting `bytes` into `filler` (a submission's records, in small).
async fn fill(store: &Store, tag: &str, bytes: usize) -> Result<(), StoreError> {
    let mut w = store.write().await?;
    sqlx::query("INSERT INTO filler (tag, b) VALUES ($1, $2)")
        .bind(tag)
        .bind(vec![7u8; bytes])
        .execute(&mut *w.tx)
        .await?;
    w.commit().await
}

/// A store whose database is full (`PRAGMA max_page_count` makes SQLite answer SQLITE_FULL as a
/// full disk does, here when a page is allocated): writes fail, and once there is room again
/// they succeed without a restart; every write whose commit returned `Ok` is in the file.
#[tokio::test]
async fn a_full_database_refuses_writes_and_takes_them_again_once_there_is_room() {
    let (dir, store) = temp_store().await;
    raw(
        &store,
        "CREATE TABLE filler (tag TEXT NOT NULL, b BLOB NOT NULL)",
    )
    .await
    .unwrap();
    let pages: i64 = sqlx::query_scalar("PRAGMA page_count")
        .fetch_one(store.pool())
        .await
        .unwrap();
    limit_pages(&store, pages + 40).await;
    let mut acknowledged = Vec::new();
    let mut full = 0;
    for i in 0..40 {
        let tag = format!("fill-{i}");
        match fill(&store, &tag, 24 * 1024).await {
            Ok(()) => acknowledged.push(tag),
            Err(e) => {
                assert!(e.to_string().contains("full"), "{e}");
                full += 1;
            }
        }
    }
    assert!(full > 0, "the database never got full");
    // The operator makes room; the portal is not restarted.
    limit_pages(&store, 1_000_000).await;
    for i in 0..20 {
        let tag = format!("after-{i}");
        fill(&store, &tag, 100).await.unwrap();
        acknowledged.push(tag);
    }
    store.pool().close().await;
    let again = Store::open_existing(&format!("sqlite:{}", dir.path().join("t.db").display()))
        .await
        .unwrap();
    let stored: Vec<String> = sqlx::query_scalar("SELECT tag FROM filler ORDER BY rowid")
        .fetch_all(again.pool())
        .await
        .unwrap();
    assert_eq!(stored, acknowledged);
}

/// A store on one pooled connection (so the test knows which connection each write gets).
async fn one_connection_store(dir: &tempfile::TempDir) -> (String, Store) {
    install_default_drivers();
    let url = format!("sqlite:{}", dir.path().join("t.db").display());
    let pool = AnyPoolOptions::new()
        .max_connections(1)
        .connect(&format!("sqlite://{}?mode=rwc", &url["sqlite:".len()..]))
        .await
        .unwrap();
    sqlx::raw_sql("PRAGMA journal_mode = WAL")
        .execute(&pool)
        .await
        .unwrap();
    let store = Store {
        pool,
        backend: Backend::Sqlite,
        writer: Arc::new(Mutex::new(())),
        last_write_failure: Arc::new(AtomicI64::new(0)),
        last_statement_failure: Arc::new(AtomicI64::new(0)),
    };
    store.migrate().await.unwrap();
    raw(
        &store,
        "CREATE TABLE filler (tag TEXT NOT NULL UNIQUE, b BLOB NOT NULL)",
    )
    .await
    .unwrap();
    (url, store)
}

/// The tags in `filler` as a new connection reads them: what is committed.
async fn committed_tags(url: &str) -> Vec<String> {
    let store = Store::open_existing(url).await.unwrap();
    sqlx::query_scalar("SELECT tag FROM filler ORDER BY rowid")
        .fetch_all(store.pool())
        .await
        .unwrap()
}

/// QA 2026-12-05 (repro 01, ADR 0253): on a full disk SQLite answers a `COMMIT` SQLITE_FULL and
/// rolls the transaction back by itself (measured on a 1 MB tmpfs with sqlx 0.8.6). sqlx's
/// transaction depth stayed 1 (its `ROLLBACK` on drop then fails, no transaction being
/// active): the connection's next `begin()` was a `SAVEPOINT`, a refused write's rollback a
/// `ROLLBACK TO SAVEPOINT` that leaves the transaction open, and every later write on it was
/// answered committed while it sat uncommitted, lost at restart. `INSERT OR ROLLBACK` makes
/// SQLite end the transaction by itself the same way, without a full disk.
#[tokio::test]
async fn a_transaction_sqlite_ended_itself_never_swallows_later_writes() {
    let dir = tempfile::tempdir().unwrap();
    let (url, store) = one_connection_store(&dir).await;
    let mut acknowledged = Vec::new();
    fill(&store, "first", 10).await.unwrap();
    acknowledged.push("first".to_owned());
    // SQLite rolls the whole transaction back (the duplicate tag) and answers an error.
    let mut w = store.write().await.unwrap();
    let e = sqlx::query("INSERT OR ROLLBACK INTO filler (tag, b) VALUES ('first', x'00')")
        .execute(&mut *w.tx)
        .await
        .unwrap_err();
    assert!(e.to_string().contains("UNIQUE"), "{e}");
    drop(w);
    fill(&store, "second", 10).await.unwrap();
    acknowledged.push("second".to_owned());
    // A write refused after it began (a refusal decided in the transaction, an error).
    let mut w = store.write().await.unwrap();
    sqlx::query("INSERT INTO filler (tag, b) VALUES ('refused', x'00')")
        .execute(&mut *w.tx)
        .await
        .unwrap();
    drop(w);
    for tag in ["third", "fourth"] {
        fill(&store, tag, 10).await.unwrap();
        acknowledged.push(tag.to_owned());
    }
    store.pool().close().await;
    assert_eq!(committed_tags(&url).await, acknowledged);
}

/// A pooled connection left inside a transaction (by anything: the store no longer can) is
/// never written in: `Store::write` checks that its `BEGIN` starts a transaction, closes that
/// connection and takes another (ADR 0253).
#[tokio::test]
async fn a_write_never_begins_inside_a_transaction() {
    let dir = tempfile::tempdir().unwrap();
    let (url, store) = one_connection_store(&dir).await;
    let mut c = store.pool().acquire().await.unwrap();
    sqlx::raw_sql("BEGIN").execute(&mut *c).await.unwrap();
    drop(c);
    fill(&store, "after", 10).await.unwrap();
    // The same holds for a commit or rollback the database refused: the connection is closed.
    let w = store.write().await.unwrap();
    w.rollback().await.unwrap();
    store.pool().close().await;
    assert_eq!(committed_tags(&url).await, vec!["after".to_owned()]);
}

/// PostgreSQL answers `BEGIN` inside a transaction with a warning only: the check is that the
/// transaction started with this message (`HOCBA_TEST_POSTGRES`, as the server's tests).
#[tokio::test]
async fn postgres_refuses_to_begin_inside_a_transaction() {
    let Some(url) = std::env::var("HOCBA_TEST_POSTGRES")
        .ok()
        .filter(|s| !s.is_empty())
    else {
        return;
    };
    install_default_drivers();
    let mut c = <AnyConnection as sqlx::Connection>::connect(&url)
        .await
        .unwrap();
    begin(&mut c, Backend::Postgres).await.unwrap();
    sqlx::raw_sql("ROLLBACK").execute(&mut c).await.unwrap();
    sqlx::raw_sql("BEGIN; SELECT 1")
        .execute(&mut c)
        .await
        .unwrap();
    assert!(matches!(
        begin(&mut c, Backend::Postgres).await,
        Err(StoreError::InTransaction)
    ));
}

/// `/healthz`'s write check (ADR 0253): a database that refuses writes fails the probe (which
/// writes nothing); a commit the database refused makes writes count as failing until one
/// commits.
#[tokio::test]
async fn a_refused_commit_counts_as_failing_writes_until_one_commits() {
    let dir = tempfile::tempdir().unwrap();
    let (url, store) = one_connection_store(&dir).await;
    assert!(store.writes_work().await);
    // The same file opened read-only (as a file the portal may not write): refused.
    let read_only = Store {
        pool: AnyPoolOptions::new()
            .max_connections(1)
            .connect(&format!("sqlite://{}?mode=ro", &url["sqlite:".len()..]))
            .await
            .unwrap(),
        backend: Backend::Sqlite,
        writer: Arc::new(Mutex::new(())),
        last_write_failure: Arc::new(AtomicI64::new(0)),
        last_statement_failure: Arc::new(AtomicI64::new(0)),
    };
    assert!(!read_only.writes_work().await);
    read_only.pool().close().await;
    raw(
        &store,
        "CREATE TABLE dangling (tag TEXT NOT NULL \
         REFERENCES filler (tag) DEFERRABLE INITIALLY DEFERRED)",
    )
    .await
    .unwrap();
    // A deferred foreign key fails at COMMIT, as a full disk does.
    let mut w = store.write().await.unwrap();
    sqlx::query("INSERT INTO dangling (tag) VALUES ('nowhere')")
        .execute(&mut *w.tx)
        .await
        .unwrap();
    let e = w.commit().await.unwrap_err();
    assert!(e.to_string().contains("FOREIGN KEY"), "{e}");
    assert!(!store.writes_work().await);
    fill(&store, "then", 10).await.unwrap();
    assert!(store.writes_work().await);
    store.pool().close().await;
    assert_eq!(committed_tags(&url).await, vec!["then".to_owned()]);
}
