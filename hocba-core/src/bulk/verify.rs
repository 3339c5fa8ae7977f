//! The streaming engine of [`verify_stream`]: a reader thread cuts the input into work items,
//! worker threads verify them, the calling thread hands the outcomes out in input order.
//!
//! Memory is bounded by tickets: the reader takes one before sending a work item and the
//! calling thread returns it after handing the item's outcomes out, so at most
//! [`BulkOptions::in_flight`] items exist at once, however slow one of them is.

use std::collections::BTreeMap;
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::sync::{Arc, Mutex};

use super::batch::Batch;
use super::{BulkOptions, BulkSummary, Outcome};
use crate::envelope::{ContentCheck, NoContentChecks, UnverifiedRecord, Verifier};
use crate::xmldsig::RequiredRoles;

/// A work item: its sequence number and its inputs.
type Item<L, E> = (u64, Vec<(L, Result<Vec<u8>, E>)>);
/// A verified work item: its sequence number, its outcomes, batch statistics.
type Done<L, E> = (u64, Vec<(L, Outcome<E>)>, u64, bool);

/// Verifies every signed record of `inputs` with `verifier` (signatures and trust only) and
/// calls `sink(label, outcome)` for each, in input order; returns the counts.
///
/// `inputs` yields `(label, bytes)` pairs, where `bytes` is the caller's own error when it
/// could not read the record: that error comes back as [`Outcome::Input`], so nothing is
/// skipped silently. The iterator is consumed on a thread of its own (hence `Send`); `sink`
/// runs on the calling thread.
pub fn verify_stream<L, E, I, F>(
    verifier: &Verifier<'_>,
    options: &BulkOptions,
    inputs: I,
    sink: F,
) -> BulkSummary
where
    I: IntoIterator<Item = (L, Result<Vec<u8>, E>)>,
    I::IntoIter: Send,
    L: Send,
    E: Send,
    F: FnMut(L, Outcome<E>),
{
    verify_stream_with(verifier, options, &NoContentChecks, inputs, sink)
}

/// As [`verify_stream`], also running `checks` (e.g. the TT27 rules) on every record's
/// content; their findings go into each report.
pub fn verify_stream_with<L, E, I, F>(
    verifier: &Verifier<'_>,
    options: &BulkOptions,
    checks: &(dyn ContentCheck + Sync),
    inputs: I,
    mut sink: F,
) -> BulkSummary
where
    I: IntoIterator<Item = (L, Result<Vec<u8>, E>)>,
    I::IntoIter: Send,
    L: Send,
    E: Send,
    F: FnMut(L, Outcome<E>),
{
    let inputs = inputs.into_iter();
    let in_flight = options.in_flight.get();
    let chunk = options.chunk.get();
    let (ticket_tx, ticket_rx) = sync_channel::<()>(in_flight);
    for _ in 0..in_flight {
        // Cannot fail: the channel holds exactly `in_flight` tickets and its receiver lives.
        let _ = ticket_tx.send(());
    }
    let (work_tx, work_rx) = sync_channel::<Item<L, E>>(in_flight);
    let work_rx = Arc::new(Mutex::new(work_rx));
    let (done_tx, done_rx) = sync_channel::<Done<L, E>>(in_flight);
    let mut summary = BulkSummary::default();

    std::thread::scope(|scope| {
        scope.spawn(move || read(inputs, chunk, &ticket_rx, &work_tx));
        for _ in 0..options.threads.get() {
            let work_rx = Arc::clone(&work_rx);
            let done_tx = done_tx.clone();
            let batch = options.ed25519_batch;
            let roles = options.xml_roles;
            scope.spawn(move || work(verifier, checks, (batch, roles), chunk, &work_rx, &done_tx));
        }
        drop(done_tx);
        // Hand outcomes out in order; a work item that finished early waits in `parked`.
        let mut next = 0u64;
        let mut parked: BTreeMap<u64, Vec<(L, Outcome<E>)>> = BTreeMap::new();
        for (seq, outcomes, batched, failed) in done_rx.iter() {
            summary.batched_signatures += batched;
            summary.failed_batches += u64::from(failed);
            parked.insert(seq, outcomes);
            while let Some(outcomes) = parked.remove(&next) {
                for (label, outcome) in outcomes {
                    summary.add(&outcome);
                    sink(label, outcome);
                }
                next += 1;
                // The reader may be gone (input exhausted): then nobody needs the ticket.
                let _ = ticket_tx.send(());
            }
        }
    });
    summary
}

/// The reader: cuts `inputs` into work items of `chunk`, one ticket each.
fn read<L, E>(
    inputs: impl Iterator<Item = (L, Result<Vec<u8>, E>)>,
    chunk: usize,
    tickets: &Receiver<()>,
    work: &SyncSender<Item<L, E>>,
) {
    let mut inputs = inputs.peekable();
    let mut seq = 0u64;
    while inputs.peek().is_some() {
        if tickets.recv().is_err() {
            return;
        }
        let item: Vec<_> = inputs.by_ref().take(chunk).collect();
        if work.send((seq, item)).is_err() {
            return;
        }
        seq += 1;
    }
}

/// A worker: verifies work items until the reader is done.
fn work<L, E>(
    verifier: &Verifier<'_>,
    checks: &(dyn ContentCheck + Sync),
    (ed25519_batch, roles): (bool, RequiredRoles),
    chunk: usize,
    work: &Mutex<Receiver<Item<L, E>>>,
    done: &SyncSender<Done<L, E>>,
) {
    let mut batch = Batch::new(ed25519_batch, 3 * chunk);
    loop {
        // A worker that panicked while holding the lock left nothing half-done in it.
        let next = work.lock().unwrap_or_else(|e| e.into_inner()).recv();
        let Ok((seq, inputs)) = next else {
            return;
        };
        let (outcomes, batched, failed) = verify_item(verifier, checks, roles, &mut batch, inputs);
        if done.send((seq, outcomes, batched, failed)).is_err() {
            return;
        }
    }
}

/// Verifies one work item: every record with the batch deferring its Ed25519 checks, then
/// the batch, then the single way again for any record the batch found a bad signature in.
fn verify_item<L, E>(
    verifier: &Verifier<'_>,
    checks: &(dyn ContentCheck + Sync),
    roles: RequiredRoles,
    batch: &mut Batch,
    inputs: Vec<(L, Result<Vec<u8>, E>)>,
) -> (Vec<(L, Outcome<E>)>, u64, bool) {
    let mut kept: Vec<Option<Vec<u8>>> = Vec::with_capacity(inputs.len());
    let mut outcomes: Vec<(L, Outcome<E>)> = Vec::with_capacity(inputs.len());
    for (i, (label, bytes)) in inputs.into_iter().enumerate() {
        let outcome = match bytes {
            Err(e) => {
                kept.push(None);
                Outcome::Input(e)
            }
            Ok(bytes) => match UnverifiedRecord::from_bytes(&bytes) {
                // A signed national XML (issue 13): its own reader and verifier, the same
                // report and content checks; no Ed25519 in that profile, so nothing for the
                // batch, and its bytes move into the verified record.
                Err(_) if crate::moet::looks_like_xml(&bytes) => {
                    kept.push(None);
                    match crate::xmldsig::record::verify_owned(bytes, verifier, checks, roles) {
                        Ok(v) => Outcome::Checked(Box::new(v)),
                        Err(e) => Outcome::Unreadable(e),
                    }
                }
                Err(e) => {
                    kept.push(None);
                    Outcome::Unreadable(e)
                }
                Ok(record) => {
                    batch.start_record(i);
                    let outcome =
                        Outcome::Checked(Box::new(record.verify_in_with(verifier, checks, batch)));
                    kept.push(Some(bytes));
                    outcome
                }
            },
        };
        outcomes.push((label, outcome));
    }
    let (batched, failed, bad) = batch.finish();
    for i in bad {
        let redo = kept
            .get(i)
            .and_then(Option::as_deref)
            .and_then(|b| UnverifiedRecord::from_bytes(b).ok());
        if let (Some(record), Some(slot)) = (redo, outcomes.get_mut(i)) {
            slot.1 = Outcome::Checked(Box::new(verifier.verify_with(record, checks)));
        }
    }
    (outcomes, batched, failed)
}
