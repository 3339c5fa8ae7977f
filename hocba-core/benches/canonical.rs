//! Encode and strict decode of a realistic year record in the hocba-CBOR profile.
//!
//! `cargo bench -p hocba-core --bench canonical`. The record is the realistic grade-3 vector
//! (`tests/vectors/canonical/year_record_realistic.json`).

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use hocba_core::canonical::{Limits, check_profile, decode_year_record, encode_year_record};
use hocba_core::model::year_record_from_json;

const REALISTIC: &str = include_str!("../../tests/vectors/canonical/year_record_realistic.json");

fn bench(c: &mut Criterion) {
    let Ok(record) = year_record_from_json(REALISTIC) else {
        panic!("the realistic vector is a valid year record");
    };
    let bytes = encode_year_record(&record);
    let mut g = c.benchmark_group("canonical");
    g.throughput(Throughput::Bytes(bytes.len() as u64));
    g.bench_function("encode_year_record", |b| {
        b.iter(|| encode_year_record(black_box(&record)))
    });
    g.bench_function("check_profile", |b| {
        b.iter(|| check_profile(black_box(&bytes), &Limits::HOCBA))
    });
    g.bench_function("decode_year_record", |b| {
        b.iter(|| decode_year_record(black_box(&bytes)))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
