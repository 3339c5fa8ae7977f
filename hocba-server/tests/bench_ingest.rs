//! Measurements for `docs/server-at-scale.md` (ignored by default; run with
//! `cargo test --release -p hocba-server --test bench_ingest -- --ignored --nocapture`, with
//! `HOCBA_TEST_POSTGRES` for PostgreSQL too). One run, ratios in the same run:
//! bare verification of N signed records (the core's XML-signature verifier, one thread) against
//! ingest of the same records through the portal (HTTP, unpack, read, verify, store), bytes
//! stored per record, and lookup latency.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::time::Instant;

use common::*;
use hocba_core::UnixTime;
use hocba_core::envelope::Verifier;
use hocba_core::xmldsig::{RequiredRoles, UnverifiedXml};
use hocba_server::store::Counted;

#[test]
#[ignore = "a measurement, not a test: run in release"]
fn ingest_against_bare_verification() {
    let n: u32 = std::env::var("HOCBA_BENCH_RECORDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(2000);
    let records: Vec<String> = (0..n)
        .map(|i| record(&uuid(400_000 + i), SCHOOL, &format!("{i:05}"), "seal-p384"))
        .collect();
    let trust = trust();
    let now = UnixTime::from_secs(1_790_000_000);
    let t = Instant::now();
    let v = Verifier::new(&trust, now);
    for r in &records {
        let out = UnverifiedXml::from_bytes(r.as_bytes())
            .unwrap()
            .verify_in(&v, RequiredRoles::SpecMinimum);
        assert!(out.verified().is_some());
    }
    let bare = t.elapsed();
    let bare_rate = f64::from(n) / bare.as_secs_f64();
    println!("bare verification: {n} records in {bare:?} = {bare_rate:.0} records/s (1 thread)");
    for db in databases() {
        let p = Portal::start(db);
        let chunk = 1000usize;
        let t = Instant::now();
        for (k, part) in records.chunks(chunk).enumerate() {
            let (status, resp) =
                p.submit_records(&p.school, &format!("bench-{k}"), part, "seal-ed25519");
            assert_eq!(status, 200, "{resp:?}");
        }
        let ingest = t.elapsed();
        assert_eq!(p.count(Counted::Records), i64::from(n));
        let rate = f64::from(n) / ingest.as_secs_f64();
        println!(
            "{db}: ingest {n} records in {ingest:?} = {rate:.0} records/s = {:.0} % of bare verification",
            100.0 * rate / bare_rate
        );
        if db == "sqlite" {
            let bytes: i64 = p.block_on(async {
                sqlx::query_scalar::<_, i64>(
                    "SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()",
                )
                .fetch_one(p.store.pool())
                .await
                .unwrap()
            });
            let xml: i64 = records.iter().map(|r| r.len() as i64).sum();
            println!(
                "sqlite: {} bytes per record in the database (signed XML alone {} bytes)",
                bytes / i64::from(n),
                xml / i64::from(n)
            );
        }
        // Lookup latency, one client (the load test measures 100 concurrent ones).
        let mut lat = Vec::new();
        for r in records.iter().take(200) {
            let f = hocba_server::record::read_facts(r).unwrap();
            let t = Instant::now();
            let (status, _) = p.form(
                "/tra-cuu",
                &[
                    ("ma_tra_cuu_uuid", &f.ma_tra_cuu_uuid),
                    ("ho_va_ten", &f.ho_va_ten),
                    ("ngay_sinh", &f.ngay_sinh),
                    ("so_cccd", &f.so_cccd),
                ],
            );
            lat.push(t.elapsed());
            assert_eq!(status, 200);
        }
        lat.sort_unstable();
        println!(
            "{db}: lookup page, first view of each record (verification + audit entry): median {:?}, p99 {:?}",
            lat[lat.len() / 2],
            lat[lat.len() * 99 / 100]
        );
        // A pupil with five stored years: the lookup verifies all five as one (ADR 0200).
        let pupils = 40u32;
        let five: Vec<Vec<String>> = (0..pupils)
            .map(|i| {
                (0..5)
                    .map(|y| {
                        record_at(
                            &uuid(600_000 + i * 5 + y),
                            SCHOOL,
                            &format!("9{i:04}"),
                            "seal-p384",
                            y as usize,
                        )
                    })
                    .collect()
            })
            .collect();
        for (k, years) in five.iter().enumerate() {
            let (status, _) =
                p.submit_records(&p.school, &format!("five-{k}"), years, "seal-ed25519");
            assert_eq!(status, 200);
        }
        let mut lat = Vec::new();
        for years in &five {
            let f = hocba_server::record::read_facts(&years[4]).unwrap();
            let t = Instant::now();
            let (status, html) = p.form(
                "/tra-cuu",
                &[
                    ("ma_tra_cuu_uuid", &f.ma_tra_cuu_uuid),
                    ("ho_va_ten", &f.ho_va_ten),
                    ("ngay_sinh", &f.ngay_sinh),
                    ("so_cccd", &f.so_cccd),
                ],
            );
            lat.push(t.elapsed());
            assert_eq!(status, 200);
            assert!(html.contains("data-transcript-status=\"valid\""));
        }
        lat.sort_unstable();
        println!(
            "{db}: lookup page of a pupil with five stored years (six verifications + audit entry): median {:?}, p99 {:?}",
            lat[lat.len() / 2],
            lat[lat.len() * 99 / 100]
        );
    }
}
