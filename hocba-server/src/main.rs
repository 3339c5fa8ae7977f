//! `hocba-server`: the receiving portal (`--role province`) or the national store
//! (`--role national`).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use hocba_core::TrustStore;
use hocba_server::{Config, Role, ServeOptions, Store, router, serve_with, setup};

mod messages;
use messages::both;

#[derive(Parser, Debug)]
#[command(
    name = "hocba-server",
    version,
    about = "Cổng tiếp nhận học bạ số / Kho học bạ số (CV 2088)"
)]
struct Cli {
    /// province: a Sở's receiving portal; national: the Ministry's store.
    #[arg(long, value_enum, default_value = "province", global = true)]
    role: Role,
    /// sqlite:FILE or postgres://USER@HOST/DB.
    #[arg(long, default_value = "sqlite:hocba-server.db", global = true)]
    db: String,
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080")]
    listen: String,
    /// Root certificates (PEM) signatures are checked against; repeatable.
    #[arg(long = "trust-roots", global = true)]
    trust_roots: Vec<PathBuf>,
    /// CRLs (DER or PEM); repeatable.
    #[arg(long, global = true)]
    crl: Vec<PathBuf>,
    /// Transactions per authenticated account per minute (0: unlimited).
    #[arg(long, default_value_t = 60)]
    transactions_per_minute: u32,
    /// Failed authentications per client address per minute (0: unlimited); past it the
    /// address is answered 429 before its credentials are checked.
    #[arg(long, default_value_t = 30)]
    auth_failures_per_minute: u32,
    /// Lookups per client address per minute (0: unlimited).
    #[arg(long, default_value_t = 30)]
    lookups_per_minute: u32,
    /// A reverse proxy (IP address) whose X-Forwarded-For names the client, for the
    /// per-address limits and the lookup audit; repeatable. Without it the client is the TCP
    /// peer and X-Forwarded-For is ignored.
    #[arg(long = "trusted-proxy", value_name = "ADDR")]
    trusted_proxies: Vec<std::net::IpAddr>,
    /// Province: forward accepted submissions to this national store (base URL).
    #[arg(long)]
    forward_to: Option<String>,
    /// The province's user_name at the national store.
    #[arg(long, env = "HOCBA_FORWARD_USER")]
    forward_user: Option<String>,
    /// Its token.
    #[arg(long, env = "HOCBA_FORWARD_TOKEN", hide_env_values = true)]
    forward_token: Option<String>,
    /// Its password.
    #[arg(long, env = "HOCBA_FORWARD_PASSWORD", hide_env_values = true)]
    forward_password: Option<String>,
    /// Its ma_don_vi (the Sở's code).
    #[arg(long)]
    forward_unit: Option<String>,
    /// The Sở's organisation key (PKCS#8) for the transaction Signature.
    #[arg(long)]
    forward_key: Option<PathBuf>,
    /// Its approved certificate chain (PEM), leaf first.
    #[arg(long)]
    forward_cert: Option<PathBuf>,
    /// Connections open at once; one more is closed when accepted (keep it below the
    /// process's limit of open files, `ulimit -n`).
    #[arg(long, default_value_t = 512)]
    max_connections: usize,
    /// Seconds to receive a request's headers; also how long an idle kept-alive connection
    /// stays open.
    #[arg(long, default_value_t = 20, value_parser = clap::value_parser!(u64).range(1..))]
    header_read_timeout: u64,
    /// Seconds to wait for the next part of a request body (then 408 request_timeout), and
    /// for room in --body-memory-mib (then 503 server_busy).
    #[arg(long, default_value_t = 30, value_parser = clap::value_parser!(u64).range(1..))]
    body_read_timeout: u64,
    /// MiB of request bodies buffered at once before authentication (at least one largest
    /// transaction, 10.25 MiB).
    #[arg(long, default_value_t = 128)]
    body_memory_mib: usize,
    /// Demo: SQLite in a temporary directory, the demo school with its approved test-PKI
    /// certificates and an account (only in builds with the `demo` feature).
    #[arg(long)]
    demo: bool,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Create a unit's account and print its token and password (shown once).
    AddAccount {
        /// ma_don_vi.
        #[arg(long)]
        unit: String,
        /// The unit's name.
        #[arg(long)]
        name: String,
        /// school, province or operator.
        #[arg(long, default_value = "school")]
        kind: String,
        /// user_name.
        #[arg(long)]
        user: String,
        /// An operator account (approves certificates and recalls).
        #[arg(long)]
        operator: bool,
    },
    /// Re-compute the audit chain; exit 1 if it is broken. The database must exist.
    CheckAudit,
    /// Write a consistent copy of the SQLite database while the portal serves, then check the
    /// copy (its audit chain, its records); exit 1 if the copy's audit chain is broken.
    /// PostgreSQL: use pg_dump or WAL archiving.
    Backup {
        /// The new file (never replaced if it exists).
        #[arg(long)]
        to: PathBuf,
    },
}

fn trust(cli: &Cli) -> Result<TrustStore, String> {
    let mut t = TrustStore::new();
    for p in &cli.trust_roots {
        let b = std::fs::read(p).map_err(|e| messages::io(&p.display().to_string(), &e))?;
        t.add_roots_pem(&b).map_err(|e| {
            let p = p.display();
            both(&format!("{p}: {}", e.message_vi()), &format!("{p}: {e}"))
        })?;
    }
    for p in &cli.crl {
        let b = std::fs::read(p).map_err(|e| messages::io(&p.display().to_string(), &e))?;
        let r = if hocba_core::envelope::is_pem(&b) {
            t.add_crls_pem(&b).map(|_| ())
        } else {
            t.add_crl_der(&b)
        };
        r.map_err(|e| {
            let p = p.display();
            both(&format!("{p}: {}", e.message_vi()), &format!("{p}: {e}"))
        })?;
    }
    Ok(t)
}

fn upstream(cli: &Cli) -> Result<Option<hocba_server::forward::Upstream>, String> {
    let Some(url) = &cli.forward_to else {
        return Ok(None);
    };
    let missing = |name: &str| {
        both(
            &format!("--forward-to cần thêm --{name}"),
            &format!("--forward-to needs --{name}"),
        )
    };
    let need = |v: &Option<String>, name: &str| v.clone().ok_or_else(|| missing(name));
    let key_path = cli
        .forward_key
        .as_ref()
        .ok_or_else(|| missing("forward-key"))?;
    let cert_path = cli
        .forward_cert
        .as_ref()
        .ok_or_else(|| missing("forward-cert"))?;
    let envelope = |p: &std::path::Path, e: hocba_core::envelope::EnvelopeError| {
        let p = p.display();
        both(&format!("{p}: {}", e.message_vi()), &format!("{p}: {e}"))
    };
    let key =
        std::fs::read(key_path).map_err(|e| messages::io(&key_path.display().to_string(), &e))?;
    let key = hocba_core::envelope::SigningKey::from_pkcs8(&key, None)
        .map_err(|e| envelope(key_path, e))?;
    let chain =
        std::fs::read(cert_path).map_err(|e| messages::io(&cert_path.display().to_string(), &e))?;
    let chain =
        hocba_core::envelope::read_certificates(&chain).map_err(|e| envelope(cert_path, e))?;
    Ok(Some(hocba_server::forward::Upstream {
        url: url.clone(),
        user: need(&cli.forward_user, "forward-user")?,
        token: need(&cli.forward_token, "forward-token")?,
        password: need(&cli.forward_password, "forward-password")?,
        unit: need(&cli.forward_unit, "forward-unit")?,
        key,
        chain,
        poll: std::time::Duration::from_secs(2),
    }))
}

async fn run(cli: Cli) -> Result<(), String> {
    let mut config = Config::new(cli.role);
    let upstream = upstream(&cli)?;
    if upstream.is_some() && cli.role != Role::Province {
        return Err(both(
            "--forward-to chỉ dùng với --role province",
            "--forward-to is for the province role",
        ));
    }
    config.forwarding = upstream.as_ref().map(|u| u.unit.clone());
    config.trust = trust(&cli)?;
    config.transactions_per_minute = cli.transactions_per_minute;
    config.auth_failures_per_minute = cli.auth_failures_per_minute;
    config.lookups_per_minute = cli.lookups_per_minute;
    config.trusted_proxies = cli.trusted_proxies.clone();
    config.body_memory = cli.body_memory_mib.saturating_mul(1024 * 1024);
    config.body_wait = std::time::Duration::from_secs(cli.body_read_timeout);
    let serving = ServeOptions {
        max_connections: cli.max_connections,
        header_read_timeout: std::time::Duration::from_secs(cli.header_read_timeout),
        body_read_timeout: std::time::Duration::from_secs(cli.body_read_timeout),
    };
    #[cfg(feature = "demo")]
    let _demo_dir;
    let store = if cli.demo {
        #[cfg(feature = "demo")]
        {
            let dir = tempfile::tempdir().map_err(|e| messages::io("demo", &e))?;
            let url = format!("sqlite:{}", dir.path().join("hocba.db").display());
            let store = Store::open(&url).await.map_err(|e| messages::store(&e))?;
            let demo = hocba_server::demo::seed(&store)
                .await
                .map_err(|e| messages::setup(&e))?;
            config.trust = hocba_server::demo::demo_trust();
            eprintln!(
                "demo: {url}\n{}",
                serde_json::to_string_pretty(&demo).unwrap_or_default()
            );
            _demo_dir = dir;
            store
        }
        #[cfg(not(feature = "demo"))]
        return Err(both(
            "--demo cần bản dựng có tính năng `demo`",
            "--demo needs a build with the `demo` feature \
             (cargo run -p hocba-server --features demo -- --demo)",
        ));
    } else if matches!(
        cli.command,
        Some(Command::CheckAudit | Command::Backup { .. })
    ) {
        // A check or a backup looks at the portal's database: never a new one a typo creates.
        Store::open_existing(&cli.db)
            .await
            .map_err(|e| messages::store(&e))?
    } else {
        Store::open(&cli.db)
            .await
            .map_err(|e| messages::store(&e))?
    };
    match cli.command {
        Some(Command::AddAccount {
            unit,
            name,
            kind,
            user,
            operator,
        }) => {
            let role = if operator { "operator" } else { "unit" };
            // The token and password are shown once: written out before the account is
            // committed, so that a failed write (a full disk, a closed pipe) creates nothing.
            setup::add_account_handing_over(
                &store,
                (&unit, &name, &kind),
                &user,
                role,
                None,
                |c| print_json(c).map_err(|e| e.to_string()),
            )
            .await
            .map_err(|e| messages::setup(&e))?;
            Ok(())
        }
        Some(Command::CheckAudit) => {
            let c = hocba_server::store::audit::check_chain(&store, None)
                .await
                .map_err(|e| messages::store(&e))?;
            chain_verdict(
                print_json(&c),
                c.first_break.as_ref(),
                ("chuỗi nhật ký kiểm toán", "audit chain"),
            )
        }
        Some(Command::Backup { to }) => {
            let bytes = store.backup_to(&to).await.map_err(|e| match &e {
                hocba_server::store::BackupError::Store(s) => messages::store(s),
                _ => both(&e.message_vi(), &e.to_string()),
            })?;
            let copy = Store::open_existing(&format!("sqlite:{}", to.display()))
                .await
                .map_err(|e| messages::store(&e))?;
            let records: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM records")
                .fetch_one(copy.pool())
                .await
                .map_err(|e| messages::store(&e.into()))?;
            let audit = hocba_server::store::audit::check_chain(&copy, None)
                .await
                .map_err(|e| messages::store(&e))?;
            // Closed, so that SQLite removes the copy's -wal and -shm files: one file to keep.
            copy.pool().close().await;
            let printed = print_json(&serde_json::json!({
                "backup": to.display().to_string(),
                "bytes": bytes,
                "records": records,
                "audit": audit,
            }));
            chain_verdict(
                printed,
                audit.first_break.as_ref(),
                (
                    "bản sao đã ghi nhưng chuỗi nhật ký kiểm toán của nó",
                    "the copy is written but its audit chain is",
                ),
            )
        }
        None => {
            let listener = tokio::net::TcpListener::bind(&cli.listen)
                .await
                .map_err(|e| messages::listen(&cli.listen, &e))?;
            let addr = listener
                .local_addr()
                .map_err(|e| messages::listen(&cli.listen, &e))?;
            eprintln!(
                "hocba-server ({}) listening on http://{addr} — lookup page http://{addr}/tra-cuu",
                cli.role.name()
            );
            if let Some(up) = upstream {
                hocba_server::forward::spawn(store.clone(), std::sync::Arc::new(up));
            }
            serve_with(listener, router(store, config), serving)
                .await
                .map_err(|e| messages::listen(&cli.listen, &e))
        }
    }
}

/// Writes `v` as pretty JSON and a newline to standard output, flushed: a write error (a full
/// disk, a pipe closed by its reader) is returned, never a panic as `println!` would.
fn print_json(v: &impl serde::Serialize) -> std::io::Result<()> {
    use std::io::Write as _;
    let mut out = std::io::stdout().lock();
    serde_json::to_writer_pretty(&mut out, v)?;
    writeln!(out)?;
    out.flush()
}

/// The outcome of a command that printed an audit chain's check: a broken chain fails it
/// (whether or not the JSON could be written), otherwise a failed write does. `chain` names the
/// chain in Vietnamese and English.
fn chain_verdict(
    printed: std::io::Result<()>,
    first_break: Option<&hocba_server::store::audit::ChainBreak>,
    chain: (&str, &str),
) -> Result<(), String> {
    match first_break {
        None => printed.map_err(|e| cannot_write(&e)),
        Some(b) => Err(both(
            &format!("{} bị đứt tại {} ({})", chain.0, b.seq, b.reason),
            &format!("{} broken at {} ({})", chain.1, b.seq, b.reason),
        )),
    }
}
/// The message of a failed write to standard output.
fn cannot_write(e: &std::io::Error) -> String {
    format!("không ghi được ra đầu ra chuẩn (cannot write to standard output): {e}")
}

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("hocba-server: {e}");
            ExitCode::FAILURE
        }
    }
}
