//! Validations per second of realistic year records and transcripts (TT27 rules).
//!
//! `cargo bench -p hocba-core --bench rules`. Target: ≥ 100k year records per second on one core.
#![allow(missing_docs)]

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use hocba_core::model::Grade;
use hocba_core::rules::{Policy, derive, validate, validate_transcript};
use hocba_core::synth;

fn bench(c: &mut Criterion) {
    let policy = Policy::default();
    // A realistic mix: a class of each grade in 2024–2025 (mid-year results included).
    let records: Vec<_> = (1..=5u8)
        .flat_map(|g| {
            synth::class(
                u64::from(g),
                Grade::try_from(g).unwrap_or(Grade::G1),
                2024,
                40,
            )
        })
        .collect();
    let transcripts = synth::cohort(&synth::CohortSpec {
        seed: 9,
        pupils: 40,
        first_year: 2020,
    });

    let mut g = c.benchmark_group("rules");
    g.throughput(Throughput::Elements(records.len() as u64));
    g.bench_function("validate_year_record", |b| {
        b.iter(|| {
            for r in &records {
                black_box(validate(black_box(r), &policy));
            }
        })
    });
    g.bench_function("derive_year_record", |b| {
        b.iter(|| {
            for r in &records {
                black_box(derive(black_box(r)));
            }
        })
    });
    g.throughput(Throughput::Elements(transcripts.len() as u64));
    g.bench_function("validate_transcript", |b| {
        b.iter(|| {
            for t in &transcripts {
                black_box(validate_transcript(black_box(t), &policy));
            }
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
