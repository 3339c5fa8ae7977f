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
    assert_eq!(versions, vec![1, 2, 3, 4, 5, 6, 7]);
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
