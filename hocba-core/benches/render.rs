//! Rendering throughput: a year record (its page or pages) and a whole demo transcript.

use criterion::{Criterion, criterion_group, criterion_main};
use hocba_core::render::{self, SignatureStatus, TranscriptInput, YearInput};
use hocba_core::synth;

fn bench(c: &mut Criterion) {
    let t = synth::demo_transcript();
    let year = YearInput {
        record: &t.years[3],
        signed: None,
        status: SignatureStatus::Unsigned,
    };
    c.bench_function("render_year (grade 4, unsigned)", |b| {
        b.iter(|| render::render_year(std::hint::black_box(&year)))
    });
    let input = TranscriptInput {
        pupil: &t.pupil,
        enrolments: &t.enrolments,
        years: t
            .years
            .iter()
            .map(|r| YearInput {
                record: r,
                signed: None,
                status: SignatureStatus::Unsigned,
            })
            .collect(),
    };
    c.bench_function("render_transcript (demo, 5 years)", |b| {
        b.iter(|| render::render_transcript(std::hint::black_box(&input)))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
