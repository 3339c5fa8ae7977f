//! Writes synthetic seed inputs for the fuzz targets (`fuzz/seed-corpus.sh` calls it):
//! year records and transcripts from `synth`, each as canonical CBOR and as JSON.
//!
//! `cargo run -p hocba-core --example fuzz_seeds -- OUT_DIR`

use std::path::PathBuf;

use hocba_core::canonical::{encode_transcript, encode_year_record};
use hocba_core::model::to_json_pretty;
use hocba_core::synth::{self, CohortSpec};

fn main() -> std::io::Result<()> {
    let out = PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| "fuzz-seeds".into()));
    std::fs::create_dir_all(&out)?;
    let cohort = synth::cohort(&CohortSpec {
        seed: 7,
        pupils: 4,
        first_year: 2020,
    });
    let mut n = 0;
    for (i, t) in cohort.iter().chain([&synth::demo_transcript()]).enumerate() {
        std::fs::write(out.join(format!("transcript-{i}.cbor")), encode_transcript(t))?;
        std::fs::write(out.join(format!("transcript-{i}.json")), to_json_pretty(t))?;
        n += 2;
        for (j, y) in t.years.iter().enumerate() {
            std::fs::write(out.join(format!("record-{i}-{j}.cbor")), encode_year_record(y))?;
            std::fs::write(out.join(format!("record-{i}-{j}.json")), to_json_pretty(y))?;
            n += 2;
        }
    }
    eprintln!("{n} seed files in {}", out.display());
    Ok(())
}
