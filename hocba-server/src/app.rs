//! The application: its state, its configuration and the router.

use std::sync::Arc;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use hocba_core::TrustStore;
use hocba_core::exchange::{MAX_CONTENT_BYTES, PackLimits};

use crate::limits::RateLimiter;
use crate::record::{RecordVerifier, XmlDsig};
use crate::store::Store;
use crate::{api, lookup, operator, upload};

/// Which level the server runs at (the same transactions at both, CV 2088 §2).
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Role {
    /// A Sở's receiving portal: schools submit to it.
    Province,
    /// The Ministry's store: provinces submit to it.
    National,
}

impl Role {
    /// `province` / `national`.
    pub fn name(self) -> &'static str {
        match self {
            Role::Province => "province",
            Role::National => "national",
        }
    }

    /// The kind of unit that sends transactions to this role.
    pub fn sender_kind(self) -> &'static str {
        match self {
            Role::Province => "school",
            Role::National => "province",
        }
    }
}

/// Everything configurable.
pub struct Config {
    /// The role.
    pub role: Role,
    /// Roots (and CRLs) certificates are validated against.
    pub trust: TrustStore,
    /// The record signature verifier.
    pub verifier: Arc<dyn RecordVerifier>,
    /// Bounds of `content`.
    pub pack: PackLimits,
    /// Transactions per authenticated account per minute (0: unlimited), charged only once the
    /// account's credentials are checked (ADR 0234).
    pub transactions_per_minute: u32,
    /// Failed authentications per client address per minute (0: unlimited): an address past
    /// it is answered `rate_limited` before its credentials are looked at (ADR 0234).
    pub auth_failures_per_minute: u32,
    /// Lookups per client address per minute (0: unlimited).
    pub lookups_per_minute: u32,
    /// Reverse proxies whose `X-Forwarded-For` names the client (none by default: the client
    /// is the TCP peer; ADR 0234 §5).
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// Queue accepted submissions for the national store, where this province's unit code is
    /// the one given (province role with an upstream; the forwarder itself is
    /// [`crate::forward::spawn`]; the code names its outbox entries upstream, ADR 0229).
    pub forwarding: Option<String>,
    /// Memory for request bodies buffered before authentication, in bytes (at least one
    /// largest transaction body; ADR 0257). Default 128 MiB.
    pub body_memory: usize,
    /// Longest wait for room in [`Config::body_memory`] before `503 server_busy`; the serving
    /// loop's body read timeout ([`crate::ServeOptions::body_read_timeout`]). Default 30 s.
    pub body_wait: std::time::Duration,
}

impl Config {
    /// A configuration with the defaults: no roots (add them: without roots no chain is
    /// accepted), the core's XML-signature verifier requiring CBQL and KY_PHAT_HANH, 10 MB
    /// content, 60 transactions, 30 failed authentications and 30 lookups a minute.
    pub fn new(role: Role) -> Self {
        Self {
            role,
            trust: TrustStore::new(),
            verifier: Arc::new(XmlDsig::spec_minimum()),
            pack: PackLimits::default(),
            transactions_per_minute: 60,
            auth_failures_per_minute: 30,
            lookups_per_minute: 30,
            trusted_proxies: Vec::new(),
            forwarding: None,
            body_memory: 128 * 1024 * 1024,
            body_wait: std::time::Duration::from_secs(30),
        }
    }
}

/// Shared state of every request.
pub struct AppState {
    /// Storage.
    pub store: Store,
    /// The role.
    pub role: Role,
    /// Trust roots.
    pub trust: TrustStore,
    /// Record verifier.
    pub verifier: Arc<dyn RecordVerifier>,
    /// Bounds of `content`.
    pub pack: PackLimits,
    /// Per-account limiter of authenticated transactions.
    pub tx_rate: RateLimiter,
    /// Per-address limiter of failed authentications.
    pub auth_fail_rate: RateLimiter,
    /// Per-address limiter of the lookup page and API.
    pub lookup_rate: RateLimiter,
    /// Reverse proxies whose `X-Forwarded-For` names the client.
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// Whether accepted submissions are queued for the national store: this province's unit
    /// code there.
    pub forwarding: Option<String>,
    /// Bounds the CPU- and memory-heavy work running at once (Argon2 takes 19 MiB per check,
    /// unpacking and verifying a submission more): one permit per core.
    pub heavy: tokio::sync::Semaphore,
    /// Accounts whose password verified recently (see [`crate::auth::AuthCache`]).
    pub auth_cache: crate::auth::AuthCache,
    /// Verification results of stored records, by SHA-256, for the lookup page.
    pub lookup_cache: crate::lookup::VerifiedCache,
    /// Memory for bodies buffered before authentication.
    pub bodies: crate::budget::BodyBudget,
}

/// Shared state handle.
pub type Shared = Arc<AppState>;

/// The transaction endpoint (CV 2088 §2).
pub const TRANSACTION_PATH: &str = "/api/v1/giao-dich";

/// Largest request body of the transaction endpoint: the 10 MB content plus room for the rest of
/// the JSON (header, signature, certificate chain).
pub const MAX_TRANSACTION_BODY: usize = MAX_CONTENT_BYTES + 256 * 1024;
/// Largest upload on the lookup page.
pub const MAX_UPLOAD_BODY: usize = 4 * 1024 * 1024;

/// The router: the transaction endpoint, the operator endpoints, the lookup page.
pub fn router(store: Store, config: Config) -> Router {
    let state: Shared = Arc::new(AppState {
        store,
        role: config.role,
        trust: config.trust,
        verifier: config.verifier,
        pack: config.pack,
        tx_rate: RateLimiter::new(
            config.transactions_per_minute,
            config.transactions_per_minute.clamp(1, 20),
        ),
        auth_fail_rate: RateLimiter::new(
            config.auth_failures_per_minute,
            config.auth_failures_per_minute.clamp(1, 20),
        ),
        lookup_rate: RateLimiter::new(
            config.lookups_per_minute,
            config.lookups_per_minute.clamp(1, 10),
        ),
        trusted_proxies: config.trusted_proxies,
        forwarding: config.forwarding,
        heavy: tokio::sync::Semaphore::new(
            std::thread::available_parallelism().map_or(2, |n| n.get()),
        ),
        auth_cache: crate::auth::AuthCache::default(),
        lookup_cache: crate::lookup::VerifiedCache::default(),
        bodies: crate::budget::BodyBudget::new(config.body_memory, config.body_wait),
    });
    let admit = || axum::middleware::from_fn_with_state(state.clone(), crate::budget::admit);
    let transactions = Router::new()
        .route(TRANSACTION_PATH, post(api::transaction))
        .layer(DefaultBodyLimit::max(MAX_TRANSACTION_BODY))
        .route_layer(admit());
    let operator = Router::new()
        .route("/api/v1/operator/certificates", get(operator::certificates))
        .route(
            "/api/v1/operator/certificates/{fingerprint}/{decision}",
            post(operator::decide_certificate),
        )
        .route("/api/v1/operator/recalls", get(operator::recalls))
        .route(
            "/api/v1/operator/recalls/{messageid}/{index}/{decision}",
            post(operator::decide_recall),
        )
        .route("/api/v1/operator/audit", get(operator::audit_check))
        .route("/api/v1/operator/forwarding", get(operator::forwarding))
        .route(
            "/api/v1/operator/forwarding/{list}/{upstream_messageid}/requeue",
            post(operator::requeue_entry),
        )
        .route(
            "/api/v1/operator/schools/{ma_truong}/forwarding/requeue",
            post(operator::requeue_school),
        )
        .route(
            "/api/v1/operator/schools/{ma_truong}/forwarding/resend",
            post(operator::resend_school),
        )
        .route(
            "/api/v1/operator/schools/{ma_truong}/province/{province}",
            post(operator::assign_school),
        );
    let lookup = Router::new()
        .route("/", get(lookup::home))
        .route("/tra-cuu", get(lookup::form).post(lookup::by_code))
        .route("/tra-cuu/tai-len", post(upload::upload))
        .route("/api/v1/tra-cuu/tai-len", post(upload::api_upload))
        .route("/tra-cuu/ban-sao", post(lookup::copy))
        .route("/api/v1/tra-cuu", post(lookup::api_lookup))
        .layer(DefaultBodyLimit::max(MAX_UPLOAD_BODY))
        .route_layer(admit());
    Router::new()
        .merge(transactions)
        .merge(operator)
        .merge(lookup)
        .route("/healthz", get(api::health))
        .fallback(crate::rejection::not_found)
        .method_not_allowed_fallback(crate::rejection::method_not_allowed)
        .with_state(state)
}
