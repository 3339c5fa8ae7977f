//! Reading one year record in each form, in one run: the national XML (strict front + reader),
//! JSON (serde, NFC), and the strict hocba-CBOR decode; and writing the XML.
//!
//! `cargo bench -p hocba-core --bench national`. The record is the synthetic grade-4 year of
//! the canonical bench (`synth::year_record(1)`); the XML carries its national fields.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use hocba_core::canonical::{decode_year_record, encode_year_record};
use hocba_core::model::{to_json_pretty, year_record_from_json};
use hocba_core::moet::{self, Profile};
use hocba_core::synth;

fn bench(c: &mut Criterion) {
    let p = Profile::default();
    let record = synth::year_record(1);
    let xml = moet::to_xml(&record, &p);
    let json = to_json_pretty(&record);
    let cbor = encode_year_record(&record);
    let mut g = c.benchmark_group("read_year_record");
    g.bench_function("xml_strict", |b| {
        b.iter(|| moet::from_xml(black_box(&xml), &p))
    });
    g.bench_function("json", |b| {
        b.iter(|| year_record_from_json(black_box(&json)))
    });
    g.bench_function("cbor_strict", |b| {
        b.iter(|| decode_year_record(black_box(&cbor)))
    });
    g.bench_function("xml_write", |b| {
        b.iter(|| moet::to_xml(black_box(&record), &p))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
