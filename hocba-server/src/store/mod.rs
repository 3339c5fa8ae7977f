//! Storage: one schema on SQLite (the default, one file) or PostgreSQL, through sqlx's `Any`
//! driver so every query is written once (`$1` placeholders work on both). Migrations are the
//! numbered files of `migrations/sqlite` and `migrations/postgres`, applied in order and
//! recorded in `schema_migrations` (ADR 0101).
//!
//! Every write goes through [`Store::write`]: one transaction, and on SQLite one writer at a
//! time (SQLite has one writer; a second would fail with "database is locked" instead of
//! waiting). A submission's records, their statuses and its audit entry are stored in the same
//! transaction, so a crash leaves all of them or none.
//!
//! A write transaction is this module's, not sqlx's (ADR 0253): it starts only on a connection
//! at autocommit (checked by the database, not by a counter), and a connection whose transaction
//! did not end in a successful `COMMIT` or `ROLLBACK` is closed, never handed to another
//! request. So `Ok` from [`WriteTx::commit`] means committed: a failed commit (a full disk) can
//! no longer leave a transaction open on a pooled connection for later writes to nest in.
//! A transaction dropped unended is rolled back in the background and its connection reused
//! once the database acknowledged the `ROLLBACK`; one whose statement failed counts as a
//! failing write for `/healthz` (ADR 0285).

pub mod audit;
mod outbox;
mod queries;
mod rejections;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

use sqlx::any::{AnyPoolOptions, install_default_drivers};
use sqlx::pool::PoolConnection;
use sqlx::{Any, AnyConnection, AnyPool};
use tokio::sync::{Mutex, OwnedMutexGuard};

pub use outbox::{
    Outbox, OutboxItem, failed_outbox_items_of_unit, outbox_item, rekey, requeue_failed,
};
pub use queries::*;
pub use rejections::{
    ForwardResendRow, NewResend, Rejected, RejectionRow, due_forward_resends, forward_resends,
    open_rejection_years, queue_resend, record_rejections, rejections, resend_bytes, resend_count,
    resend_records,
};

/// Which database is behind the pool.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    /// SQLite (one file, one writer).
    Sqlite,
    /// PostgreSQL.
    Postgres,
}

/// The migrations of each backend, in order: (version, SQL).
const SQLITE_MIGRATIONS: &[(i64, &str)] = &[
    (1, include_str!("../../migrations/sqlite/0001_init.sql")),
    (
        2,
        include_str!("../../migrations/sqlite/0002_forwarding.sql"),
    ),
    (
        3,
        include_str!("../../migrations/sqlite/0003_forward_recalls.sql"),
    ),
    (
        4,
        include_str!("../../migrations/sqlite/0004_forward_certificates.sql"),
    ),
    (
        5,
        include_str!("../../migrations/sqlite/0005_school_provinces.sql"),
    ),
    (
        6,
        include_str!("../../migrations/sqlite/0006_upstream_messageids.sql"),
    ),
    (
        7,
        include_str!("../../migrations/sqlite/0007_forward_rejections.sql"),
    ),
    (
        8,
        include_str!("../../migrations/sqlite/0008_one_pending_recall.sql"),
    ),
];
const POSTGRES_MIGRATIONS: &[(i64, &str)] = &[
    (1, include_str!("../../migrations/postgres/0001_init.sql")),
    (
        2,
        include_str!("../../migrations/postgres/0002_forwarding.sql"),
    ),
    (
        3,
        include_str!("../../migrations/postgres/0003_forward_recalls.sql"),
    ),
    (
        4,
        include_str!("../../migrations/postgres/0004_forward_certificates.sql"),
    ),
    (
        5,
        include_str!("../../migrations/postgres/0005_school_provinces.sql"),
    ),
    (
        6,
        include_str!("../../migrations/postgres/0006_upstream_messageids.sql"),
    ),
    (
        7,
        include_str!("../../migrations/postgres/0007_forward_rejections.sql"),
    ),
    (
        8,
        include_str!("../../migrations/postgres/0008_one_pending_recall.sql"),
    ),
];

/// A storage failure. Its `Display` is the database's message, which never holds pupil data
/// because every value is a bound parameter; it is logged, and the client sees only
/// `storage_error`.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database refused or failed.
    #[error("database: {0}")]
    Db(#[from] sqlx::Error),
    /// The URL names no supported database.
    #[error("unsupported database URL (use sqlite:FILE or postgres://…)")]
    UnsupportedUrl,
    /// A store that must exist is not there ([`Store::open_existing`]).
    #[error("no database file at {}", .0.display())]
    NoSuchDatabase(PathBuf),
    /// A pooled connection was inside a transaction when a write began on it; it is closed
    /// (ADR 0253).
    #[error("a pooled connection was inside a transaction (closed)")]
    InTransaction,
}

impl StoreError {
    /// The message in Vietnamese (the English is `Display`).
    pub fn message_vi(&self) -> String {
        match self {
            StoreError::Db(e) => format!("cơ sở dữ liệu: {e}"),
            StoreError::UnsupportedUrl => {
                "địa chỉ cơ sở dữ liệu không được hỗ trợ (dùng sqlite:TỆP hoặc postgres://…)".into()
            }
            StoreError::NoSuchDatabase(p) => {
                format!("không có tệp cơ sở dữ liệu tại {}", p.display())
            }
            StoreError::InTransaction => {
                "một kết nối trong nhóm đang ở giữa một giao dịch (đã đóng)".into()
            }
        }
    }
}

/// Why a backup was not made ([`Store::backup_to`]); nothing is left behind.
#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    /// The store is PostgreSQL.
    #[error(
        "a PostgreSQL store is backed up with pg_dump or WAL archiving \
         (docs/guide/operating-hocba-server.md, Backups)"
    )]
    NotSqlite,
    /// The target exists.
    #[error("{} already exists: a backup never replaces a file", .0.display())]
    Exists(PathBuf),
    /// Writing the copy failed.
    #[error("{}: {}", .0.display(), .1)]
    Io(PathBuf, std::io::Error),
    /// The database failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl BackupError {
    /// The message in Vietnamese (the English is `Display`).
    pub fn message_vi(&self) -> String {
        match self {
            BackupError::NotSqlite => "cơ sở dữ liệu PostgreSQL được sao lưu bằng pg_dump hoặc \
                                       lưu trữ WAL (docs/guide/operating-hocba-server.md, Backups)"
                .into(),
            BackupError::Exists(p) => {
                format!(
                    "{} đã tồn tại: bản sao lưu không bao giờ ghi đè tệp",
                    p.display()
                )
            }
            BackupError::Io(p, e) => {
                format!("{}: {}", p.display(), hocba_core::input::io_error_vi(e))
            }
            BackupError::Store(e) => e.message_vi(),
        }
    }
}

impl StoreError {
    /// Whether the database refused a duplicate key (a replayed `messageid`, a second copy of a
    /// record) — the caller maps it to its own refusal.
    pub fn is_unique_violation(&self) -> bool {
        matches!(self, StoreError::Db(sqlx::Error::Database(e)) if e.is_unique_violation())
    }
}

/// The store: a pool and the writer lock.
#[derive(Clone, Debug)]
pub struct Store {
    pool: AnyPool,
    backend: Backend,
    writer: Arc<Mutex<()>>,
    /// Unix seconds of the last write that could not begin or commit, 0 after a commit
    /// ([`Store::writes_work`]).
    last_write_failure: Arc<AtomicI64>,
    /// Unix seconds of the last write transaction ended by a failed statement (ADR 0285): not
    /// reset by a commit, which shows nothing about the statement that failed.
    last_statement_failure: Arc<AtomicI64>,
}

/// One write transaction (holding the writer lock on SQLite until it ends). Dropped without
/// [`WriteTx::commit`] or [`WriteTx::rollback`] (a refusal, an error, a cancelled request), it
/// is rolled back in the background ([`TxConnection`], ADR 0285).
pub struct WriteTx<'a> {
    /// The connection, inside the transaction (an `&mut AnyConnection` through `&mut *w.tx`).
    pub tx: TxConnection,
    backend: Backend,
    last_write_failure: &'a AtomicI64,
}

/// The connection of a [`WriteTx`]. It goes back to the pool only after a `COMMIT` or
/// `ROLLBACK` the database acknowledged; otherwise it is closed (ADR 0253). Dropped while its
/// transaction is open, it is handed to a background task that rolls the transaction back and
/// then returns it to the pool — or closes it if that fails or takes longer than
/// [`ABANDONED_ROLLBACK_SECS`] — holding SQLite's writer lock until then (ADR 0285). A
/// transaction a statement failed in (PostgreSQL: aborted; SQLite: already rolled back by
/// itself) counts as a failing write for [`Store::writes_work`].
pub struct TxConnection {
    // `Some` until the transaction ends.
    conn: Option<PoolConnection<Any>>,
    // SQLite's one-writer lock, released when the transaction has ended.
    guard: Option<OwnedMutexGuard<()>>,
    backend: Backend,
    last_statement_failure: Arc<AtomicI64>,
    // A statement failed on purpose ([`WriteTx::refused`]): not a failing write.
    refused: bool,
}

/// How long the background rollback of a dropped write transaction may take before its
/// connection is closed instead (ADR 0285).
pub const ABANDONED_ROLLBACK_SECS: u64 = 5;

impl TxConnection {
    /// Ends the transaction with `sql` (`COMMIT` or `ROLLBACK`): the connection goes back to the
    /// pool if the database did it, else it is closed (what it holds is rolled back).
    async fn end(&mut self, sql: &'static str) -> Result<(), StoreError> {
        let Some(mut conn) = self.conn.take() else {
            return Ok(());
        };
        // The writer lock is released when this returns (the connection back or closed).
        let _guard = self.guard.take();
        // Through the connection's `Executor` (a boxed, `Send` future): the generic
        // `RawSql::execute` makes every handler's future fail rustc's `Send` check.
        match sqlx::Executor::execute(&mut *conn, sqlx::raw_sql(sql)).await {
            Ok(_) => Ok(()),
            Err(e) => {
                conn.close_on_drop();
                Err(e.into())
            }
        }
    }
}

impl std::ops::Deref for TxConnection {
    type Target = AnyConnection;

    fn deref(&self) -> &AnyConnection {
        match &self.conn {
            Some(c) => c,
            // `conn` is taken only by `end`, which consumes the WriteTx's use of it.
            None => unreachable!("a write transaction's connection is used after it ended"),
        }
    }
}

impl std::ops::DerefMut for TxConnection {
    fn deref_mut(&mut self) -> &mut AnyConnection {
        match &mut self.conn {
            Some(c) => c,
            None => unreachable!("a write transaction's connection is used after it ended"),
        }
    }
}

impl Drop for TxConnection {
    fn drop(&mut self) {
        let Some(mut conn) = self.conn.take() else {
            return;
        };
        let guard = self.guard.take();
        match tokio::runtime::Handle::try_current() {
            Ok(rt) => {
                let failures = (!self.refused).then(|| self.last_statement_failure.clone());
                rt.spawn(roll_back_abandoned(conn, guard, self.backend, failures));
            }
            // No runtime to roll back on: closing the connection rolls its transaction back.
            Err(_) => conn.close_on_drop(),
        }
    }
}

/// PostgreSQL's SQLSTATE for a statement sent in a transaction an earlier statement failed in
/// (`in_failed_sql_transaction`).
const IN_FAILED_SQL_TRANSACTION: &str = "25P02";

/// Ends a write transaction that was dropped open (ADR 0285): on PostgreSQL a `SELECT 1` tells
/// whether a statement failed in it (the transaction is then aborted: `25P02`), then `ROLLBACK`.
/// The connection goes back to the pool when the database acknowledged the rollback; it is
/// closed when anything failed (SQLite answers a `ROLLBACK` of a transaction it rolled back by
/// itself — a full disk, an I/O error — with an error) or took longer than
/// [`ABANDONED_ROLLBACK_SECS`] (a statement still running, e.g. waiting for a lock). A failed
/// statement, or a failed end, is a failing write for [`Store::writes_work`] (stored in
/// `failures`, `None` after [`WriteTx::refused`]); a refusal decided in the transaction or a
/// cancelled request is not.
async fn roll_back_abandoned(
    conn: PoolConnection<Any>,
    guard: Option<OwnedMutexGuard<()>>,
    backend: Backend,
    failures: Option<Arc<AtomicI64>>,
) {
    let count = || {
        if let Some(f) = &failures {
            f.store(crate::clock::now_secs(), Ordering::Relaxed);
        }
    };
    // Closed unless the rollback is acknowledged, also if this task is dropped unfinished (a
    // runtime shutting down): never back to the pool inside the transaction.
    let mut held = Abandoned(Some(conn));
    let Some(conn) = held.0.as_mut() else {
        return;
    };
    let ended = tokio::time::timeout(
        std::time::Duration::from_secs(ABANDONED_ROLLBACK_SECS),
        async {
            let mut failed = false;
            if backend == Backend::Postgres {
                match sqlx::Executor::execute(&mut **conn, sqlx::raw_sql("SELECT 1")).await {
                    Ok(_) => {}
                    Err(sqlx::Error::Database(e))
                        if e.code().as_deref() == Some(IN_FAILED_SQL_TRANSACTION) =>
                    {
                        failed = true;
                    }
                    Err(_) => return None,
                }
            }
            match sqlx::Executor::execute(&mut **conn, sqlx::raw_sql("ROLLBACK")).await {
                Ok(_) => Some(failed),
                Err(_) => None,
            }
        },
    )
    .await;
    match ended {
        Ok(Some(failed)) => {
            if failed {
                count();
            }
            // Back to the pool, at autocommit.
            drop(held.0.take());
        }
        Ok(None) => count(),
        // Still busy (the dropped request's statement waits): its state is unknown.
        Err(_) => {}
    }
    drop(held);
    drop(guard);
}

/// A connection whose transaction is being rolled back: closed when dropped, unless taken out
/// once the database acknowledged the rollback.
struct Abandoned(Option<PoolConnection<Any>>);

impl Drop for Abandoned {
    fn drop(&mut self) {
        if let Some(conn) = self.0.as_mut() {
            conn.close_on_drop();
        }
    }
}

impl WriteTx<'_> {
    /// Commits. `Ok` only once the database has committed; on an error nothing of the
    /// transaction is kept and its connection is closed.
    pub async fn commit(mut self) -> Result<(), StoreError> {
        let result = self.tx.end("COMMIT").await;
        let failed_at = if result.is_ok() {
            0
        } else {
            crate::clock::now_secs()
        };
        self.last_write_failure.store(failed_at, Ordering::Relaxed);
        result
    }

    /// Rolls back (a refusal decided inside the transaction), keeping the connection when the
    /// database acknowledged it.
    pub async fn rollback(mut self) -> Result<(), StoreError> {
        self.tx.end("ROLLBACK").await
    }

    /// The backend.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Says that a statement of this transaction failed on purpose — the database refused a
    /// duplicate key that the caller answers as a refusal (a `messageid` claimed meanwhile):
    /// dropped, the transaction is rolled back without counting as a failing write (ADR 0285).
    pub fn refused(&mut self) {
        self.tx.refused = true;
    }
}

/// The SQLite file a `sqlite:FILE` URL names (`None` for another database).
pub fn sqlite_path(url: &str) -> Option<&Path> {
    let path = url.strip_prefix("sqlite:")?.trim_start_matches("//");
    Some(Path::new(path.split('?').next().unwrap_or(path)))
}

impl Store {
    /// Opens (creating a SQLite file if needed) and migrates. `url`: `sqlite:FILE` or
    /// `postgres://…`.
    pub async fn open(url: &str) -> Result<Self, StoreError> {
        let store = Self::connect(url, true).await?;
        store.migrate().await?;
        Ok(store)
    }

    /// Opens a store that must already exist, as it is: a missing SQLite file is an error (never
    /// created empty) and nothing is migrated. For the operator's checks and backups, which
    /// must look at the database the portal writes, not at a new one a typo would create.
    pub async fn open_existing(url: &str) -> Result<Self, StoreError> {
        if let Some(path) = sqlite_path(url)
            && !path.is_file()
        {
            return Err(StoreError::NoSuchDatabase(path.to_owned()));
        }
        Self::connect(url, false).await
    }

    async fn connect(url: &str, create: bool) -> Result<Self, StoreError> {
        install_default_drivers();
        let (backend, url) = if let Some(path) = url.strip_prefix("sqlite:") {
            let path = path.trim_start_matches("//");
            let sep = if path.contains('?') { '&' } else { '?' };
            let mode = if create { "rwc" } else { "rw" };
            (Backend::Sqlite, format!("sqlite://{path}{sep}mode={mode}"))
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            (Backend::Postgres, url.to_owned())
        } else {
            return Err(StoreError::UnsupportedUrl);
        };
        let max = match backend {
            Backend::Sqlite => 8,
            Backend::Postgres => 16,
        };
        // sqlx's SQLite defaults: foreign keys on, synchronous FULL (a committed submission
        // survives a power cut), a 5 s busy timeout.
        let pool = AnyPoolOptions::new()
            .max_connections(max)
            .connect(&url)
            .await?;
        if backend == Backend::Sqlite && create {
            // WAL (kept in the file): readers do not wait for the writer. A store opened as it
            // is (a check, a backup's copy) keeps its mode.
            sqlx::raw_sql("PRAGMA journal_mode = WAL")
                .execute(&pool)
                .await?;
        }
        Ok(Self {
            pool,
            backend,
            writer: Arc::new(Mutex::new(())),
            last_write_failure: Arc::new(AtomicI64::new(0)),
            last_statement_failure: Arc::new(AtomicI64::new(0)),
        })
    }

    /// A consistent copy of the SQLite store at `to`, made while the portal serves: SQLite's
    /// `VACUUM INTO` writes the snapshot one read transaction sees (every committed submission,
    /// none half) into a temporary file beside `to`, which is synced and then linked to `to`:
    /// `to` is the whole copy or absent, never a part, and an existing file is never replaced.
    /// Returns its size. PostgreSQL is backed up with its own tools (`pg_dump`, WAL archiving).
    pub async fn backup_to(&self, to: &Path) -> Result<u64, BackupError> {
        if self.backend != Backend::Sqlite {
            return Err(BackupError::NotSqlite);
        }
        if to.symlink_metadata().is_ok() {
            return Err(BackupError::Exists(to.to_owned()));
        }
        let io = |e| BackupError::Io(to.to_owned(), e);
        let dir = match to.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_owned(),
            _ => PathBuf::from("."),
        };
        let name = to.file_name().ok_or_else(|| {
            io(std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                "not a file name",
            ))
        })?;
        let tmp = tempfile::Builder::new()
            .prefix(&format!(".{}.", name.to_string_lossy()))
            .suffix(".partial")
            .tempfile_in(&dir)
            .map_err(io)?
            .into_temp_path();
        // VACUUM INTO wants a file that does not exist (or is empty); the guard removes it on
        // every early return.
        std::fs::remove_file(&tmp).map_err(io)?;
        let tmp_str = tmp.to_str().ok_or_else(|| {
            io(std::io::Error::new(
                std::io::ErrorKind::InvalidFilename,
                "the path is not UTF-8",
            ))
        })?;
        sqlx::query("VACUUM INTO $1")
            .bind(tmp_str)
            .execute(&self.pool)
            .await
            .map_err(|e| BackupError::Store(e.into()))?;
        // The copy keeps the WAL mode of the store; a backup is one file: rollback journal
        // (the portal sets WAL again when it opens a restored copy).
        let mut copy = <sqlx::AnyConnection as sqlx::Connection>::connect(&format!(
            "sqlite://{tmp_str}?mode=rw"
        ))
        .await
        .map_err(|e| BackupError::Store(e.into()))?;
        sqlx::raw_sql("PRAGMA journal_mode = DELETE")
            .execute(&mut copy)
            .await
            .map_err(|e| BackupError::Store(e.into()))?;
        sqlx::Connection::close(copy)
            .await
            .map_err(|e| BackupError::Store(e.into()))?;
        std::fs::File::open(&tmp)
            .and_then(|f| f.sync_all())
            .map_err(io)?;
        let bytes = std::fs::metadata(&tmp).map_err(io)?.len();
        // A link fails when `to` appeared meanwhile: nothing is overwritten.
        std::fs::hard_link(&tmp, to).map_err(|e| match e.kind() {
            std::io::ErrorKind::AlreadyExists => BackupError::Exists(to.to_owned()),
            _ => io(e),
        })?;
        drop(tmp);
        std::fs::File::open(&dir)
            .and_then(|d| d.sync_all())
            .map_err(io)?;
        Ok(bytes)
    }

    /// The pool, for reads.
    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    /// The backend.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Starts a write transaction, on a connection the database shows at autocommit (ADR 0253):
    /// SQLite's `BEGIN IMMEDIATE` fails inside a transaction (and takes the write lock at once,
    /// so a transaction that reads before it writes is never refused for a snapshot another
    /// process made stale); on PostgreSQL, where `BEGIN` inside a transaction is only a warning,
    /// the transaction's start time must be this message's (`now()` is the start of the current
    /// transaction, `statement_timestamp()` the receipt of the `BEGIN`'s message). A connection
    /// that fails the check is closed and another one tried, once.
    pub async fn write(&self) -> Result<WriteTx<'_>, StoreError> {
        let guard = match self.backend {
            Backend::Sqlite => Some(self.writer.clone().lock_owned().await),
            Backend::Postgres => None,
        };
        let mut tries = 0;
        loop {
            tries += 1;
            let mut conn = self.pool.acquire().await?;
            match begin(&mut conn, self.backend).await {
                Ok(()) => {
                    return Ok(WriteTx {
                        tx: TxConnection {
                            conn: Some(conn),
                            guard,
                            backend: self.backend,
                            last_statement_failure: self.last_statement_failure.clone(),
                            refused: false,
                        },
                        backend: self.backend,
                        last_write_failure: &self.last_write_failure,
                    });
                }
                Err(e) => {
                    // The connection's state is unknown: never reused.
                    conn.close_on_drop();
                    drop(conn);
                    if tries == 2 {
                        self.last_write_failure
                            .store(crate::clock::now_secs(), Ordering::Relaxed);
                        return Err(e);
                    }
                    crate::log::error("storage", &format!("write transaction not begun: {e}"));
                }
            }
        }
    }

    /// Whether writes work, for `/healthz` (ADR 0253): not when a write could not begin or
    /// commit in the last [`WRITE_FAILURE_WINDOW_SECS`] and none committed since (a full disk
    /// fails at commit), nor when a write cannot be made now (a read-only file, SQLite's write
    /// lock held elsewhere past the busy timeout): a transaction is begun, an `UPDATE` touching
    /// no row run in it, and it is rolled back — nothing written. After the window only the
    /// probe counts, so a portal taken out of service for failing is not kept out for want of a
    /// write to succeed.
    ///
    /// A write transaction a statement failed in (ADR 0285: a full tablespace, a
    /// `statement_timeout`, a lost connection) counts for the window too, whatever commits
    /// meanwhile: the forwarder commits every pass, and its commits say nothing of the
    /// statement that failed.
    pub async fn writes_work(&self) -> bool {
        let now = crate::clock::now_secs();
        let recent = |at: i64| at != 0 && now - at < WRITE_FAILURE_WINDOW_SECS;
        if recent(self.last_write_failure.load(Ordering::Relaxed))
            || recent(self.last_statement_failure.load(Ordering::Relaxed))
        {
            return false;
        }
        let Ok(mut w) = self.write().await else {
            return false;
        };
        // A statement that writes, touching no row: SQLite opens a read-only file without
        // saying so and begins on it, and refuses only a write; PostgreSQL refuses it in a
        // read-only transaction.
        let probe = sqlx::Executor::execute(
            &mut *w.tx,
            "UPDATE schema_migrations SET applied_at = applied_at WHERE version < 0",
        )
        .await;
        probe.is_ok() && w.rollback().await.is_ok()
    }

    async fn migrate(&self) -> Result<(), StoreError> {
        let migrations = match self.backend {
            Backend::Sqlite => SQLITE_MIGRATIONS,
            Backend::Postgres => POSTGRES_MIGRATIONS,
        };
        let mut w = self.write().await?;
        if w.backend == Backend::Postgres {
            // Two servers starting on one database migrate one after the other.
            lock_writers(&mut w, 7301).await?;
        }
        sqlx::raw_sql(
            "CREATE TABLE IF NOT EXISTS schema_migrations \
             (version BIGINT PRIMARY KEY, applied_at BIGINT NOT NULL)",
        )
        .execute(&mut *w.tx)
        .await?;
        let applied: Vec<i64> = sqlx::query_scalar("SELECT version FROM schema_migrations")
            .fetch_all(&mut *w.tx)
            .await?;
        for (version, sql) in migrations {
            if applied.contains(version) {
                continue;
            }
            sqlx::raw_sql(sql).execute(&mut *w.tx).await?;
            sqlx::query("INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)")
                .bind(*version)
                .bind(crate::clock::now_secs())
                .execute(&mut *w.tx)
                .await?;
        }
        w.commit().await
    }
}

/// How long a failed write makes [`Store::writes_work`] answer `false` unless a write commits.
pub const WRITE_FAILURE_WINDOW_SECS: i64 = 60;

/// Begins a write transaction on `conn`, checking that it was at autocommit.
async fn begin(conn: &mut AnyConnection, backend: Backend) -> Result<(), StoreError> {
    match backend {
        Backend::Sqlite => {
            sqlx::Executor::execute(&mut *conn, sqlx::raw_sql("BEGIN IMMEDIATE")).await?;
        }
        Backend::Postgres => {
            // One message (the simple protocol): both statements share its receipt time.
            let rows = sqlx::Executor::fetch_all(
                &mut *conn,
                sqlx::raw_sql(
                    "BEGIN; SELECT CASE WHEN now() = statement_timestamp() THEN 1 ELSE 0 END",
                ),
            )
            .await?;
            let fresh: Option<i32> = rows
                .first()
                .map(|row| sqlx::Row::try_get(row, 0))
                .transpose()?;
            if fresh != Some(1) {
                return Err(StoreError::InTransaction);
            }
        }
    }
    Ok(())
}

/// PostgreSQL's advisory lock key of the forwarder's pass (ADR 0287).
const FORWARDER_PASS_LOCK: i64 = 7304;

/// The right to run one forwarder pass ([`Store::forwarder_pass`]): on PostgreSQL a session
/// advisory lock held on a pooled connection; released by [`ForwarderPass::release`], or by
/// closing that connection when dropped (an error ended the pass early) — the session's end
/// releases the lock, also when the process dies.
pub struct ForwarderPass {
    conn: Option<PoolConnection<Any>>,
}

impl ForwarderPass {
    /// Releases the lock; the connection goes back to the pool when the database confirms.
    pub async fn release(mut self) {
        if let Some(mut conn) = self.conn.take() {
            let unlocked: Result<bool, sqlx::Error> =
                sqlx::query_scalar("SELECT pg_advisory_unlock($1)")
                    .bind(FORWARDER_PASS_LOCK)
                    .fetch_one(&mut *conn)
                    .await;
            if !matches!(unlocked, Ok(true)) {
                conn.close_on_drop();
            }
        }
    }
}

impl Drop for ForwarderPass {
    fn drop(&mut self) {
        if let Some(conn) = self.conn.as_mut() {
            conn.close_on_drop();
        }
    }
}

impl Store {
    /// One forwarder pass at a time per database (ADR 0287): on PostgreSQL, `None` while
    /// another process's forwarder (every portal process of a province runs one) holds the
    /// pass — two passes would both send an entry and both record it `forward_sent`. SQLite:
    /// always granted (one process writes a SQLite file in the supported set-up).
    pub async fn forwarder_pass(&self) -> Result<Option<ForwarderPass>, StoreError> {
        match self.backend {
            Backend::Sqlite => Ok(Some(ForwarderPass { conn: None })),
            Backend::Postgres => {
                let mut conn = self.pool.acquire().await?;
                let got: bool = sqlx::query_scalar("SELECT pg_try_advisory_lock($1)")
                    .bind(FORWARDER_PASS_LOCK)
                    .fetch_one(&mut *conn)
                    .await?;
                Ok(got.then_some(ForwarderPass { conn: Some(conn) }))
            }
        }
    }
}

/// On PostgreSQL, makes concurrent writers that append to the same chain (the audit log, the
/// migrations) wait for each other until commit; SQLite writers are already one at a time.
pub(crate) async fn lock_writers(w: &mut WriteTx<'_>, key: i64) -> Result<(), StoreError> {
    if w.backend == Backend::Postgres {
        // The lock function returns `void`, a type the Any driver does not decode: count it.
        sqlx::query("SELECT count(*) FROM (SELECT pg_advisory_xact_lock($1)) AS l")
            .bind(key)
            .execute(&mut *w.tx)
            .await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests;
