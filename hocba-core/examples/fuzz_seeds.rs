//! Writes synthetic seed inputs for the fuzz targets (`fuzz/seed-corpus.sh` calls it):
//! year records and transcripts from `synth`, each as canonical CBOR and as JSON, and the
//! records signed by the test PKI (`tests/vectors/pki/`) — one, two and three signers —
//! alone and in a transcript container — and the year PDF of a signed record, also with one
//! and two PAdES signatures.
//!
//! `cargo run -p hocba-core --example fuzz_seeds -- OUT_DIR`

use std::path::PathBuf;

use hocba_core::canonical::{encode_transcript, encode_year_record};
use hocba_core::envelope::UnverifiedRecord;
use hocba_core::envelope::{Algorithm, Envelope, SignerRole, SigningKey, SystemRng, transcript};
use hocba_core::model::to_json_pretty;
use hocba_core::model::{PrincipalCapacity, Text};
use hocba_core::pades;
use hocba_core::render::{SignatureStatus, YearInput, render_year};
use hocba_core::synth::{self, CohortSpec};
use hocba_core::{TrustStore, UnixTime};

fn main() -> std::io::Result<()> {
    let out = PathBuf::from(
        std::env::args()
            .nth(1)
            .unwrap_or_else(|| "fuzz-seeds".into()),
    );
    std::fs::create_dir_all(&out)?;
    let cohort = synth::cohort(&CohortSpec {
        seed: 7,
        pupils: 4,
        first_year: 2020,
    });
    let mut n = 0;
    for (i, t) in cohort.iter().chain([&synth::demo_transcript()]).enumerate() {
        std::fs::write(
            out.join(format!("transcript-{i}.cbor")),
            encode_transcript(t),
        )?;
        std::fs::write(out.join(format!("transcript-{i}.json")), to_json_pretty(t))?;
        n += 2;
        for (j, y) in t.years.iter().enumerate() {
            std::fs::write(
                out.join(format!("record-{i}-{j}.cbor")),
                encode_year_record(y),
            )?;
            std::fs::write(out.join(format!("record-{i}-{j}.json")), to_json_pretty(y))?;
            n += 2;
        }
    }
    let ca = include_bytes!("../../tests/vectors/pki/certs/gov-ca.der").as_slice();
    let signers = [
        (
            SignerRole::HomeroomTeacher,
            include_bytes!("../../tests/vectors/pki/certs/gvcn-ed25519.der").as_slice(),
            include_bytes!("../../tests/vectors/pki/keys/gvcn-ed25519.pk8").as_slice(),
        ),
        (
            SignerRole::Principal,
            include_bytes!("../../tests/vectors/pki/certs/principal-p384.der").as_slice(),
            include_bytes!("../../tests/vectors/pki/keys/principal-p384.pk8").as_slice(),
        ),
        (
            SignerRole::SchoolSeal,
            include_bytes!("../../tests/vectors/pki/certs/seal-ed25519.der").as_slice(),
            include_bytes!("../../tests/vectors/pki/keys/seal-ed25519.pk8").as_slice(),
        ),
    ];
    let mut signed_all = Vec::new();
    for (i, mut record) in synth::class(11, hocba_core::model::Grade::G5, 2026, 2)
        .into_iter()
        .enumerate()
    {
        record.school.name = Text::new("Trường Tiểu học Thử Nghiệm Số 1").map_err(other)?;
        record.principal.capacity = PrincipalCapacity::Principal;
        // The record names the certificates' holders: signing checks the person (ADR 0140).
        synth::name_signers(&mut record, signers[0].1, signers[1].1);
        let mut e = Envelope::new(&record);
        for (k, (role, cert, key)) in signers.iter().enumerate() {
            let key = SigningKey::from_pkcs8_der(key, None).map_err(other)?;
            let t = UnixTime::from_secs(1_811_232_000 + 60 * k as i64);
            e = e
                .sign(&key, *role, &[cert, ca], t, &mut NoRng)
                .map_err(other)?;
            let bytes = e.to_bytes().map_err(other)?;
            std::fs::write(out.join(format!("signed-{i}-{k}.cose")), &bytes)?;
            n += 1;
            if k == 2 {
                signed_all.push(bytes);
            }
        }
    }
    // A year PDF with the signed record embedded, for the PDF attachment reader.
    if let Some(signed) = signed_all.first() {
        let mut trust = TrustStore::new();
        trust
            .add_roots_pem(include_bytes!("../../tests/vectors/pki/roots.pem"))
            .map_err(other)?;
        let unverified = UnverifiedRecord::from_bytes(signed).map_err(other)?;
        let record = unverified.record_unverified().clone();
        let (report, _) = unverified
            .verify(&trust, UnixTime::from_secs(1_811_808_000))
            .into_parts();
        let pdf = render_year(&YearInput {
            record: &record,
            signed: Some(signed),
            status: SignatureStatus::from_report(&report),
        })
        .map_err(other)?;
        std::fs::write(out.join("year-signed.pdf"), &pdf)?;
        n += 1;
        // The same PDF with PAdES signatures (seal, then principal), for the PDF signature
        // reader (`pdf_signatures`).
        let mut sealed = pdf;
        for (leaf, ca, alg) in [
            ("seal-p256", "public-ca", Algorithm::Es256),
            ("principal-rsa", "public-ca", Algorithm::Rs256),
        ] {
            let pki = |p: String| {
                std::fs::read(format!(
                    "{}/../tests/vectors/pki/{p}",
                    env!("CARGO_MANIFEST_DIR")
                ))
            };
            let key = SigningKey::from_pkcs8_der(&pki(format!("keys/{leaf}.pk8"))?, Some(alg))
                .map_err(other)?;
            let request = pades::SignRequest {
                chain: vec![
                    pki(format!("certs/{leaf}.der"))?,
                    pki(format!("certs/{ca}.der"))?,
                ],
                algorithm: alg,
                signing_time: UnixTime::from_secs(1_780_272_000),
            };
            sealed = pades::sign(&sealed, &request, &key, &mut SystemRng).map_err(other)?;
            std::fs::write(out.join(format!("year-pades-{leaf}.pdf")), &sealed)?;
            n += 1;
        }
    }
    let parts: Vec<&[u8]> = signed_all.iter().map(Vec::as_slice).collect();
    std::fs::write(
        out.join("transcript-signed.cose"),
        transcript::encode(&parts),
    )?;
    n += 1;
    eprintln!("{n} seed files in {}", out.display());
    Ok(())
}

fn other(e: impl std::fmt::Display) -> std::io::Error {
    std::io::Error::other(e.to_string())
}

/// Ed25519 and ECDSA sign deterministically; no randomness is drawn.
struct NoRng;

impl hocba_core::envelope::Randomness for NoRng {
    fn fill(&mut self, _: &mut [u8]) -> Result<(), hocba_core::envelope::RandomnessFailed> {
        Err(hocba_core::envelope::RandomnessFailed)
    }
}
