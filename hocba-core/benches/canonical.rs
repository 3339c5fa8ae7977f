//! Encode and strict decode of a realistic year record in the hocba-CBOR profile.
//!
//! `cargo bench -p hocba-core --bench canonical`. The record is a synthetic grade-4 year
//! with mid-year results (`synth::year_record(1)`, also the vector
//! `tests/vectors/canonical/year_record_synth_grade4`).

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use hocba_core::canonical::{Limits, check_profile, decode_year_record, encode_year_record};
use hocba_core::synth;

fn bench(c: &mut Criterion) {
    let record = synth::year_record(1);
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
