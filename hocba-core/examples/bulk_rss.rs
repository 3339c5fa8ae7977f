//! Streams N synthetic signed records (generated on the fly, never held together) through
//! `bulk::verify_stream` on all cores and prints the counts, the time and the peak resident
//! memory (`VmHWM`); `scripts/bench.sh` runs it for the memory line of `docs/performance.md`.
//!
//! `cargo run --release -p hocba-core --example bulk_rss -- [N]` (default 1 000 000).
//!
//! The records are synthetic pupils of the test PKI's school, signed by the three Ed25519
//! roles of `tests/vectors/pki/`: a pool of 256 distinct records is signed first, then the
//! stream hands out a fresh copy of one of them per input (so the run measures verification,
//! not signing). The pool (≈ 1 MB) is included in the peak.

use std::time::Instant;

use hocba_core::bulk::{BulkOptions, verify_stream};
use hocba_core::envelope::{Envelope, SignerRole, SigningKey, Verifier};
use hocba_core::model::{Grade, PrincipalCapacity, Text};
use hocba_core::{TrustStore, UnixTime};

macro_rules! pki {
    ($path:literal) => {
        include_bytes!(concat!("../../tests/vectors/pki/", $path)).as_slice()
    };
}

/// Distinct signed records, a multiple of 32.
const POOL: usize = 256;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let n: u64 = std::env::args()
        .nth(1)
        .map_or(Ok(1_000_000), |a| a.parse())?;
    let mut trust = TrustStore::new();
    trust.add_roots_pem(pki!("roots.pem"))?;
    let ca = pki!("certs/gov-ca.der");
    let signers = [
        (
            SignerRole::HomeroomTeacher,
            pki!("certs/gvcn-ed25519.der"),
            pki!("keys/gvcn-ed25519.pk8"),
        ),
        (
            SignerRole::Principal,
            pki!("certs/principal-ed25519.der"),
            pki!("keys/principal-ed25519.pk8"),
        ),
        (
            SignerRole::SchoolSeal,
            pki!("certs/seal-ed25519.der"),
            pki!("keys/seal-ed25519.pk8"),
        ),
    ]
    .map(|(role, cert, key)| (role, [cert, ca], SigningKey::from_pkcs8_der(key, None)));
    let school = Text::new("Trường Tiểu học Thử Nghiệm Số 1")?;
    let t0 = 1_811_232_000i64;
    // A pool of distinct signed records (8 classes); the stream hands out a fresh copy of
    // one of them per input, so that signing does not dominate the run.
    let mut pool: Vec<Vec<u8>> = Vec::with_capacity(POOL);
    for class in 0..(POOL / 32) as u64 {
        for (i, mut r) in hocba_core::synth::class(class, Grade::G5, 2026, 32)
            .into_iter()
            .enumerate()
        {
            r.school.name = school.clone();
            r.principal.capacity = PrincipalCapacity::Principal;
            // The record names the certificates' holders: signing checks the person (ADR 0140).
            hocba_core::synth::name_signers(
                &mut r,
                pki!("certs/gvcn-ed25519.der"),
                pki!("certs/principal-ed25519.der"),
            );
            let mut e = Envelope::new(&r);
            for (k, (role, chain, key)) in signers.iter().enumerate() {
                let key = key.as_ref().map_err(|e| e.to_string())?;
                let t = UnixTime::from_secs(t0 + 32 * class as i64 + i as i64 + 60 * k as i64);
                e = e.sign(key, *role, chain, t, &mut NoRng)?;
            }
            pool.push(e.to_bytes()?);
        }
    }
    let inputs = (0..n).map(|i| ((), Ok::<_, ()>(pool[(i % POOL as u64) as usize].clone())));
    let threads = std::thread::available_parallelism().map_or(1, usize::from);
    let verifier = Verifier::new(&trust, UnixTime::from_secs(1_811_808_000));
    let start = Instant::now();
    let summary = verify_stream(&verifier, &BulkOptions::new(threads), inputs, |(), _| {});
    let secs = start.elapsed().as_secs_f64();
    let hwm = std::fs::read_to_string("/proc/self/status")?
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .map(|l| l.trim_start_matches("VmHWM:").trim().to_string())
        .unwrap_or_default();
    println!(
        "records {} valid {} threads {threads} seconds {secs:.1} peak_rss {hwm}",
        summary.total, summary.valid
    );
    if !summary.all_valid() {
        return Err(format!("not all valid: {:?}", summary.by_code).into());
    }
    Ok(())
}

/// Ed25519 signs deterministically; no randomness is drawn.
struct NoRng;

impl hocba_core::envelope::Randomness for NoRng {
    fn fill(&mut self, _: &mut [u8]) -> Result<(), hocba_core::envelope::RandomnessFailed> {
        Err(hocba_core::envelope::RandomnessFailed)
    }
}
