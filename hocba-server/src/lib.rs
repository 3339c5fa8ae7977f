//! # hocba-server
//!
//! The receiving portal a Sở runs (Cổng tiếp nhận học bạ số, role `province`) and the
//! Ministry's store (Kho học bạ số, role `national`): the six transactions of
//! CV 2088/BGDĐT-GDTH §2 over HTTP (JSON), storage on SQLite or PostgreSQL with a hash-chained
//! audit log, certificate and recall approval by an operator, and the lookup page `/tra-cuu`.
//! Thin over `hocba-core`: packing, messages and signatures are the core's.
//!
//! ```no_run
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! use hocba_server::{Config, Role, Store, router, serve};
//! let store = Store::open("sqlite:/tmp/hocba.db").await?;
//! let app = router(store, Config::new(Role::Province));
//! let listener = tokio::net::TcpListener::bind("127.0.0.1:8080").await?;
//! serve(listener, app).await?;
//! # Ok(()) }
//! ```
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod api;
mod app;
pub mod approval;
pub mod auth;
mod budget;
mod client;
mod clock;
#[cfg(feature = "demo")]
pub mod demo;
pub mod forward;
mod limits;
mod log;
mod lookup;
mod operator;
pub mod record;
mod rejection;
mod serve;
pub mod setup;
pub mod store;
mod upload;
pub mod years;

pub use api::{
    HEALTH_TIMEOUT_SECS, MESSAGEID_REUSED, RETRYABLE_CODES, Refusal, SEAL_APPROVAL_NOT_FORWARDED,
    SEAL_APPROVAL_RETRY_AFTER_SECS, valid_message_id,
};
pub use app::{Config, MAX_TRANSACTION_BODY, MAX_UPLOAD_BODY, Role, router};
pub use serve::{ServeOptions, serve, serve_with};
pub use store::{Backend, Store, StoreError};
