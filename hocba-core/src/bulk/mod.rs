//! National scale: verifying a stream of signed year records on all cores, and signing a
//! whole school's records in one call (`docs/adr/0070-bulk-verification.md`).
//!
//! - [`verify_stream`] reads records from any iterator (files, an archive, a database
//!   cursor), verifies them on [`BulkOptions::threads`] threads with bounded memory (at
//!   most [`BulkOptions::in_flight`] chunks of [`BulkOptions::chunk`] records exist at a
//!   time) and hands every outcome, **in input order**, to a callback. Certificates are read
//!   and chains validated once (the [`Verifier`] cache); Ed25519 signatures are checked in
//!   batches, with a fallback that redoes a record the single way when its batch fails. The
//!   outcome of every record equals that of [`UnverifiedRecord::verify`].
//! - [`sign_all`] (in-process key) and [`prepare_all`] / [`attach_all`] (external signer:
//!   token or remote-signing service) add one role's signature to many records.
//!
//! ```
//! use hocba_core::bulk::{BulkOptions, Outcome, verify_stream};
//! use hocba_core::envelope::Verifier;
//! use hocba_core::{TrustStore, UnixTime};
//!
//! let trust = TrustStore::new();
//! let verifier = Verifier::new(&trust, UnixTime::from_secs(1_811_808_000));
//! // Inputs are (label, bytes or the caller's own read error); here: one garbage record and
//! // one file that could not be read.
//! let inputs = vec![
//!     ("a.cose", Ok(vec![0xd8, 0x62, 0x80])),
//!     ("b.cose", Err("permission denied")),
//! ];
//! let mut seen = Vec::new();
//! let summary = verify_stream(&verifier, &BulkOptions::new(2), inputs, |label, outcome| {
//!     seen.push((label, outcome.code()));
//! });
//! assert_eq!(summary.total, 2);
//! assert_eq!(summary.unreadable, 1);
//! assert_eq!(summary.input_errors, 1);
//! assert_eq!(seen[1], ("b.cose", "input_error"));
//! ```

mod batch;
mod sign;
mod verify;

#[cfg(test)]
mod tests;

use std::collections::BTreeMap;
use std::num::NonZeroUsize;

pub use sign::{attach_all, attach_all_with, prepare_all, sign_all};
pub use verify::{verify_stream, verify_stream_with};

use crate::envelope::{EnvelopeError, Status, Verification};
#[cfg(doc)]
use crate::envelope::{UnverifiedRecord, Verifier};

/// How [`verify_stream`] runs. The core reads no machine facts: the caller says how many
/// threads (the CLI passes `std::thread::available_parallelism`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct BulkOptions {
    /// Worker threads verifying records.
    pub threads: NonZeroUsize,
    /// Records per work item (and per Ed25519 batch: up to 3 × this many signatures).
    pub chunk: NonZeroUsize,
    /// Work items in flight at most (read, queued, being verified or waiting to be handed
    /// out in order): bounds memory to about `in_flight × chunk` records.
    pub in_flight: NonZeroUsize,
    /// Check Ed25519 signatures in batches (default). `false` checks each one with
    /// `verify_strict`, as single verification does.
    pub ed25519_batch: bool,
    /// The signer roles a signed national XML needs to be valid: all three by default
    /// (TT27 practice), or the national specification's minimum — the same policy as a
    /// single record's ([`RequiredRoles`](crate::xmldsig::RequiredRoles)).
    pub xml_roles: crate::xmldsig::RequiredRoles,
}

/// The most worker threads [`BulkOptions`] accepts. Each thread and each work item in flight
/// costs memory (`4 × threads` items of up to [`BulkOptions::chunk`] records), and more
/// threads than cores verify nothing faster; a count above this is a caller's mistake, refused
/// with [`OptionsError::ThreadsOutOfRange`] rather than an allocation the process cannot make.
pub const MAX_THREADS: usize = 256;

/// An option of a bulk run out of its range.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum OptionsError {
    /// A thread count of 0 or above [`MAX_THREADS`].
    #[error("the number of threads must be from 1 to {max}")]
    ThreadsOutOfRange {
        /// [`MAX_THREADS`].
        max: usize,
    },
}

impl OptionsError {
    /// Stable snake_case machine code.
    pub fn code(&self) -> &'static str {
        match self {
            OptionsError::ThreadsOutOfRange { .. } => "threads_out_of_range",
        }
    }

    /// The message in Vietnamese.
    pub fn message_vi(&self) -> String {
        match self {
            OptionsError::ThreadsOutOfRange { max } => {
                format!("số luồng xử lý phải từ 1 đến {max}")
            }
        }
    }
}

impl BulkOptions {
    /// Defaults for `threads` workers, which must be from 1 to [`MAX_THREADS`]: chunks of 64
    /// records, `4 × threads` chunks in flight, Ed25519 batches on.
    pub fn try_new(threads: usize) -> Result<Self, OptionsError> {
        if (1..=MAX_THREADS).contains(&threads) {
            Ok(Self::new(threads))
        } else {
            Err(OptionsError::ThreadsOutOfRange { max: MAX_THREADS })
        }
    }

    /// Defaults for `threads` workers, clamped to 1..=[`MAX_THREADS`] (see
    /// [`BulkOptions::try_new`] to refuse a count out of range instead): chunks of 64 records,
    /// `4 × threads` chunks in flight, Ed25519 batches on.
    pub fn new(threads: usize) -> Self {
        let threads = NonZeroUsize::new(threads.min(MAX_THREADS)).unwrap_or(NonZeroUsize::MIN);
        BulkOptions {
            threads,
            chunk: NonZeroUsize::new(64).unwrap_or(NonZeroUsize::MIN),
            in_flight: threads.saturating_mul(NonZeroUsize::new(4).unwrap_or(NonZeroUsize::MIN)),
            ed25519_batch: true,
            xml_roles: crate::xmldsig::RequiredRoles::All,
        }
    }

    /// With `roles` required of every signed national XML.
    pub fn with_xml_roles(mut self, roles: crate::xmldsig::RequiredRoles) -> Self {
        self.xml_roles = roles;
        self
    }

    /// With `chunk` records per work item (at least one).
    pub fn with_chunk(mut self, chunk: usize) -> Self {
        self.chunk = NonZeroUsize::new(chunk).unwrap_or(NonZeroUsize::MIN);
        self
    }

    /// With at most `in_flight` work items in flight (at least one).
    pub fn with_in_flight(mut self, in_flight: usize) -> Self {
        self.in_flight = NonZeroUsize::new(in_flight).unwrap_or(NonZeroUsize::MIN);
        self
    }

    /// With Ed25519 batch verification on or off.
    pub fn with_ed25519_batch(mut self, on: bool) -> Self {
        self.ed25519_batch = on;
        self
    }
}

/// What became of one input of [`verify_stream`].
#[derive(Debug)]
pub enum Outcome<E> {
    /// The signed record was read and verified: its report says valid, invalid (and why) or
    /// incomplete; the verified record is there when valid.
    Checked(Box<Verification>),
    /// The bytes are not a signed hocba record (structure, header or payload).
    Unreadable(EnvelopeError),
    /// The caller could not supply the bytes (its own error, passed through unchanged).
    Input(E),
}

impl<E> Outcome<E> {
    /// `valid`, the report's error code (e.g. `signature_invalid`, `incomplete`), the
    /// envelope error code of an unreadable record, or `input_error`.
    pub fn code(&self) -> &'static str {
        match self {
            Outcome::Checked(v) => v.report().error.unwrap_or("valid"),
            Outcome::Unreadable(e) => e.code(),
            Outcome::Input(_) => "input_error",
        }
    }

    /// Whether the record was verified and valid.
    pub fn is_valid(&self) -> bool {
        matches!(self, Outcome::Checked(v) if v.report().status == Status::Valid)
    }
}

/// Counts over a whole [`verify_stream`] run.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct BulkSummary {
    /// Inputs seen.
    pub total: u64,
    /// Valid records.
    pub valid: u64,
    /// Records whose verification failed.
    pub invalid: u64,
    /// Records with correct signatures but not all three roles.
    pub incomplete: u64,
    /// Inputs that are not signed hocba records.
    pub unreadable: u64,
    /// Inputs the caller could not read.
    pub input_errors: u64,
    /// Every outcome code that is not `valid`, with its count.
    pub by_code: BTreeMap<&'static str, u64>,
    /// Ed25519 signatures checked in batches.
    pub batched_signatures: u64,
    /// Batches that failed, after which their records were verified one by one.
    pub failed_batches: u64,
}

impl BulkSummary {
    fn add<E>(&mut self, outcome: &Outcome<E>) {
        self.total += 1;
        match outcome {
            Outcome::Checked(v) => match v.report().status {
                Status::Valid => self.valid += 1,
                Status::Incomplete => self.incomplete += 1,
                _ => self.invalid += 1,
            },
            Outcome::Unreadable(_) => self.unreadable += 1,
            Outcome::Input(_) => self.input_errors += 1,
        }
        if !outcome.is_valid() {
            *self.by_code.entry(outcome.code()).or_default() += 1;
        }
    }

    /// Whether every input was a valid record.
    pub fn all_valid(&self) -> bool {
        self.valid == self.total
    }
}
