//! Rendering throughput: a year record (its page or pages) and a whole demo transcript
//! (`render/year`, `render/transcript_5_years`; `scripts/bench.sh` reports them).

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
    let mut g = c.benchmark_group("render");
    g.sample_size(20);
    // One year record (grade 4 of the demo transcript, unsigned): its page or pages.
    g.bench_function("year", |b| {
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
    // The whole demo transcript: identity page, history, five years.
    g.bench_function("transcript_5_years", |b| {
        b.iter(|| render::render_transcript(std::hint::black_box(&input)))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
