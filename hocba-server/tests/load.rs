//! A bounded load test on loopback: 50 concurrent submitters and 100 concurrent lookup clients
//! against one portal (SQLite), twice; every request succeeds, every record is stored once, the
//! lookup latency (median, p99) is printed, and the process's resident memory after the second
//! round stays within a bound of the first (no growth per request). Ends by itself.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::time::{Duration, Instant};

use common::*;
use hocba_core::exchange::TransactionType;
use hocba_server::store::Counted;

const SUBMITTERS: u32 = 50;
const LOOKUP_CLIENTS: usize = 100;
const LOOKUPS_EACH: usize = 5;

fn rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse().ok())
        })
        .unwrap_or(0)
}

fn round(
    p: &Portal,
    round: u32,
    lookup_fields: &[(String, String, String, String)],
) -> Vec<Duration> {
    let records: Vec<String> = (0..SUBMITTERS)
        .map(|i| {
            let n = round * 1000 + i;
            record(&uuid(200_000 + n), SCHOOL, &format!("{n:05}"), "seal-p384")
        })
        .collect();
    let client = Client::new(p.base.clone(), p.school.clone());
    let bodies: Vec<Vec<u8>> = records
        .iter()
        .enumerate()
        .map(|(i, r)| {
            client.submission(
                &format!("load-{round}-{i}"),
                std::slice::from_ref(r),
                "seal-ed25519",
            )
        })
        .collect();
    let base = p.base.clone();
    std::thread::scope(|s| {
        let submitters: Vec<_> = bodies
            .into_iter()
            .map(|b| {
                let c = client.clone();
                s.spawn(move || c.post_raw(&b).unwrap())
            })
            .collect();
        let lookups: Vec<_> = (0..LOOKUP_CLIENTS)
            .map(|k| {
                let base = base.clone();
                let fields = lookup_fields.to_vec();
                s.spawn(move || {
                    let agent: ureq::Agent = ureq::Agent::config_builder()
                        .http_status_as_error(false)
                        .build()
                        .into();
                    let mut times = Vec::new();
                    for j in 0..LOOKUPS_EACH {
                        let (u, n, d, c) = &fields[(k + j) % fields.len()];
                        let t = Instant::now();
                        let mut res = agent
                            .post(format!("{base}/api/v1/tra-cuu"))
                            .send_json(serde_json::json!({
                                "ma_tra_cuu_uuid": u, "ho_va_ten": n, "ngay_sinh": d, "so_cccd": c}))
                            .unwrap();
                        let status = res.status().as_u16();
                        let v: serde_json::Value = res.body_mut().read_json().unwrap();
                        times.push(t.elapsed());
                        assert_eq!(status, 200, "{v}");
                        assert_eq!(v["verification"]["valid"], true);
                    }
                    times
                })
            })
            .collect();
        for s in submitters {
            let (status, resp) = s.join().unwrap();
            assert_eq!(status, 200, "{resp:?}");
        }
        lookups
            .into_iter()
            .flat_map(|h| h.join().unwrap())
            .collect()
    })
}

#[test]
fn fifty_submitters_and_a_hundred_lookups_concurrently() {
    let p = Portal::start("sqlite");
    // Records to look up, stored first.
    let seeds: Vec<String> = (0..10)
        .map(|i| {
            record(
                &uuid(300_000 + i),
                SCHOOL,
                &format!("{:05}", 90_000 + i),
                "seal-p384",
            )
        })
        .collect();
    let (status, _) = p.submit_records(&p.school, "seed", &seeds, "seal-ed25519");
    assert_eq!(status, 200);
    let fields: Vec<(String, String, String, String)> = seeds
        .iter()
        .map(|r| {
            let f = hocba_server::record::read_facts(r).unwrap();
            (f.ma_tra_cuu_uuid, f.ho_va_ten, f.ngay_sinh, f.so_cccd)
        })
        .collect();
    let t = Instant::now();
    let mut lat = round(&p, 1, &fields);
    let rss1 = rss_kib();
    let first = t.elapsed();
    let t = Instant::now();
    lat.extend(round(&p, 2, &fields));
    let rss2 = rss_kib();
    let second = t.elapsed();
    assert_eq!(p.count(Counted::Records), 10 + 2 * i64::from(SUBMITTERS));
    for round in 1..=2 {
        for i in 0..SUBMITTERS {
            let (_, st) = p.query(
                &p.school,
                TransactionType::SubmitStatus,
                &format!("load-{round}-{i}"),
            );
            assert_eq!(st.danh_sach_hoc_ba.unwrap()[0].trang_thai, 1);
        }
    }
    lat.sort_unstable();
    let pct = |q: f64| lat[((lat.len() as f64 - 1.0) * q) as usize];
    eprintln!(
        "load: rounds {first:?} and {second:?}; {} lookups under {LOOKUP_CLIENTS} clients: median {:?}, p99 {:?}; RSS {} MiB then {} MiB",
        lat.len(),
        pct(0.5),
        pct(0.99),
        rss1 / 1024,
        rss2 / 1024
    );
    assert!(
        rss2 < rss1 + 64 * 1024,
        "memory grew from {rss1} KiB to {rss2} KiB"
    );
    let (_, check) = p.operator_get("/api/v1/operator/audit");
    assert!(check["first_break"].is_null());
}
