//! The rendered PDF checked with independent tools from Debian: `pdftotext`, `pdfdetach`,
//! `pdftoppm` (poppler-utils), `zbarimg` (zbar-tools) and `qpdf`. Each test skips with a message
//! when its tool is absent; `scripts/install-pdf-tools.sh` installs them.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a failed test may panic

use std::path::{Path, PathBuf};
use std::process::Command;

use hocba_core::model::{Transcript, YearRecord};
use hocba_core::render::{self, SignatureStatus, SignerRole, VerifiedSigner, YearInput};
use hocba_core::synth;

fn have(tool: &str) -> bool {
    let ok = Command::new(tool).arg("-v").output().is_ok();
    if !ok {
        eprintln!("SKIP: `{tool}` not installed (run scripts/install-pdf-tools.sh)");
    }
    ok
}

struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> Self {
        let p = std::env::temp_dir().join(format!("hocba-render-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&p);
        std::fs::create_dir_all(&p).unwrap();
        Self(p)
    }
    fn path(&self, f: &str) -> PathBuf {
        self.0.join(f)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn run(cmd: &mut Command) -> String {
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{cmd:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Test stand-in for the signed bytes (any bytes are embedded as they are).
fn signed_bytes(r: &YearRecord) -> Vec<u8> {
    hocba_core::model::to_json_pretty(r).into_bytes()
}

fn verified() -> SignatureStatus {
    let t = time::macros::datetime!(2025-05-26 10:00:00 UTC);
    SignatureStatus::Verified(
        [
            SignerRole::HomeroomTeacher,
            SignerRole::Principal,
            SignerRole::SchoolSeal,
        ]
        .into_iter()
        .map(|role| VerifiedSigner {
            role,
            name: format!("Người ký {}", role.label(hocba_core::Lang::Vi)),
            organisation: Some("Trường Tiểu học Trần Quốc Toản".to_owned()),
            issuer: "CA thử nghiệm hocba".to_owned(),
            signing_time: t,
        })
        .collect(),
    )
}

fn demo() -> (Transcript, Vec<Vec<u8>>) {
    let t = synth::demo_transcript();
    let signed = t.years.iter().map(signed_bytes).collect();
    (t, signed)
}

fn write(dir: &TempDir, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.path(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

#[test]
fn pdftotext_finds_the_name_every_subject_and_level_with_diacritics() {
    if !have("pdftotext") {
        return;
    }
    let dir = TempDir::new("text");
    let (t, signed) = demo();
    for (r, s) in t.years.iter().zip(&signed) {
        let pdf = render::render_year(&YearInput {
            record: r,
            signed: Some(s),
            status: verified(),
        })
        .unwrap();
        let p = write(&dir, "y.pdf", &pdf);
        let text = run(Command::new("pdftotext")
            .args(["-layout", "-enc", "UTF-8"])
            .arg(&p)
            .arg("-"));
        assert!(
            text.contains(r.pupil.full_name.as_str()),
            "pupil name missing"
        );
        for s in &r.subjects {
            let name = s.subject.label_vi();
            // The row's line starts with the subject name and carries the level letter.
            // A long label ("Tin học và Công nghệ (Tin học)") wraps in its column: then the
            // row's first line starts with the part before " (" and the next one with the rest.
            let lines: Vec<&str> = text.lines().collect();
            let (head, tail) = name
                .split_once(" (")
                .map_or((name, None), |(h, t)| (h, Some(t)));
            let line = (0..lines.len())
                .find(|&i| {
                    let l = lines[i].trim_start();
                    l.starts_with(name)
                        || (l.starts_with(head)
                            && !l.starts_with(&format!("{head} ("))
                            && tail.is_some_and(|t| {
                                lines
                                    .get(i + 1)
                                    .is_some_and(|n| n.trim_start().starts_with(&format!("({t}")))
                            }))
                })
                .map(|i| lines[i])
                .unwrap_or_else(|| panic!("subject {name} missing"));
            let cells: Vec<&str> = line
                .split("  ")
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .collect();
            assert!(
                cells.contains(&s.level.code()),
                "level of {name} missing in {cells:?}"
            );
        }
        // Labels that wrap inside their cell: the raw (content-order) text, whitespace collapsed.
        let raw = run(Command::new("pdftotext")
            .args(["-raw", "-enc", "UTF-8"])
            .arg(&p)
            .arg("-"));
        let raw = raw.split_whitespace().collect::<Vec<_>>().join(" ");
        for q in &r.qualities {
            assert!(raw.contains(q.quality.label_vi()));
        }
        for c in &r.competencies {
            assert!(
                raw.contains(c.competency.label_vi()),
                "{}",
                c.competency.label_vi()
            );
        }
        for comment in r.subjects.iter().filter_map(|s| s.comment.as_ref()) {
            let comment = comment
                .as_str()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            assert!(raw.contains(&comment), "a comment is not intact");
        }
        assert!(text.contains(r.result.label_vi()));
        assert!(text.contains("ĐÃ KÝ SỐ – Hiệu trưởng"));
        assert!(!text.contains("KHÔNG CÓ GIÁ TRỊ"));
    }
}

#[test]
fn an_unsigned_record_is_marked_void_in_the_text() {
    if !have("pdftotext") {
        return;
    }
    let dir = TempDir::new("void");
    let (t, _) = demo();
    let pdf = render::render_year(&YearInput {
        record: &t.years[0],
        signed: None,
        status: SignatureStatus::Unsigned,
    })
    .unwrap();
    let p = write(&dir, "u.pdf", &pdf);
    let text = run(Command::new("pdftotext")
        .args(["-enc", "UTF-8"])
        .arg(&p)
        .arg("-"));
    assert!(text.contains("BẢN CHƯA KÝ SỐ – KHÔNG CÓ GIÁ TRỊ / NOT SIGNED"));
    assert!(text.contains("CHƯA KÝ SỐ"));
    assert!(!text.contains("ĐÃ KÝ SỐ"));
}

#[test]
fn pdfdetach_lists_the_attachment_and_saves_the_signed_bytes() {
    if !have("pdfdetach") {
        return;
    }
    let dir = TempDir::new("detach");
    let (t, signed) = demo();
    let r = &t.years[4];
    let pdf = render::render_year(&YearInput {
        record: r,
        signed: Some(&signed[4]),
        status: verified(),
    })
    .unwrap();
    let p = write(&dir, "y.pdf", &pdf);
    let list = run(Command::new("pdfdetach").arg("-list").arg(&p));
    assert!(list.contains("1 embedded files"), "{list}");
    assert!(list.contains("hocba-2024-2025-lop5.cose"), "{list}");
    let out = dir.path("saved.cose");
    run(Command::new("pdfdetach")
        .args(["-save", "1", "-o"])
        .arg(&out)
        .arg(&p));
    assert_eq!(std::fs::read(&out).unwrap(), signed[4]);
}

fn decode_qr(dir: &TempDir, pdf: &Path, page: u32) -> String {
    let prefix = dir.path(&format!("p{page}"));
    let p = page.to_string();
    run(Command::new("pdftoppm")
        .args(["-r", "150", "-png", "-f", &p, "-l", &p, "-singlefile"])
        .arg(pdf)
        .arg(&prefix));
    let png = prefix.with_extension("png");
    run(Command::new("zbarimg").args(["--raw", "-q"]).arg(&png))
        .trim_end_matches('\n')
        .to_owned()
}

#[test]
fn zbarimg_decodes_the_qr_to_the_documented_reference() {
    if !have("pdftoppm") || !have("zbarimg") {
        return;
    }
    let dir = TempDir::new("qr");
    let (t, signed) = demo();
    let r = &t.years[3];
    let input = YearInput {
        record: r,
        signed: Some(&signed[3]),
        status: verified(),
    };
    let pdf = render::render_year(&input).unwrap();
    let p = write(&dir, "y.pdf", &pdf);
    let digest = render::signed_digest_hex(&signed[3]);
    let expected = render::qr_reference(&input, Some(&digest));
    assert!(expected.starts_with("HOCBA1;") && expected.ends_with(&digest));
    assert_eq!(decode_qr(&dir, &p, 1), expected);
}

#[test]
fn a_page_swapped_in_with_qpdf_fails_the_rendered_from_check() {
    if !have("qpdf") {
        return;
    }
    let dir = TempDir::new("swap");
    let (t, signed) = demo();
    let a = render::render_year(&YearInput {
        record: &t.years[3],
        signed: Some(&signed[3]),
        status: verified(),
    })
    .unwrap();
    let other = synth::transcript(7, synth::Path::Regular);
    let b_signed = signed_bytes(&other.years[3]);
    let b = render::render_year(&YearInput {
        record: &other.years[3],
        signed: Some(&b_signed),
        status: verified(),
    })
    .unwrap();
    let (pa, pb) = (write(&dir, "a.pdf", &a), write(&dir, "b.pdf", &b));
    let forged = dir.path("forged.pdf");
    // A's first page and embedded record, B's second page.
    let out = Command::new("qpdf")
        .arg(&pa)
        .arg("--pages")
        .arg(&pa)
        .arg("1")
        .arg(&pb)
        .arg("2")
        .arg("--")
        .arg(&forged)
        .output()
        .unwrap();
    assert!(
        out.status.code().is_some_and(|c| c == 0 || c == 3),
        "qpdf failed"
    );
    let forged = std::fs::read(&forged).unwrap();
    // Whatever qpdf kept of the attachment, re-rendering from it cannot give the forged bytes.
    let verify = |b: &[u8]| -> Result<(YearRecord, SignatureStatus), hocba_core::Error> {
        let text = std::str::from_utf8(b).unwrap();
        Ok((hocba_core::model::year_record_from_json(text)?, verified()))
    };
    match render::verify_pdf(&forged, verify) {
        Ok(report) => assert!(!report.pages_match && !report.is_valid()),
        Err(e) => assert!(e.code().starts_with("pdf_"), "{}", e.code()),
    }
    // The untouched PDF passes the same check.
    assert!(render::verify_pdf(&a, verify).unwrap().is_valid());
}

#[test]
fn the_output_declares_pdf_a_3u_and_passes_krillas_validator() {
    // krilla refuses to write a PDF/A-3u document that breaks a rule it can check (the render
    // would fail); here we check the declaration a validator reads.
    let (t, signed) = demo();
    let pdf = render::render_year(&YearInput {
        record: &t.years[0],
        signed: Some(&signed[0]),
        status: verified(),
    })
    .unwrap();
    let s = String::from_utf8_lossy(&pdf);
    assert!(s.contains("<pdfaid:part>3</pdfaid:part>"));
    assert!(s.contains("<pdfaid:conformance>U</pdfaid:conformance>"));
    assert!(s.contains("/AFRelationship/Source"));
    assert!(s.contains("/OutputIntents"));
}

#[test]
fn an_incomplete_record_shows_its_signatures_and_is_marked_void() {
    if !have("pdftotext") {
        return;
    }
    let dir = TempDir::new("incomplete");
    let (t, signed) = demo();
    let SignatureStatus::Verified(all) = verified() else {
        unreachable!()
    };
    let status = SignatureStatus::Incomplete(all[..2].to_vec());
    let pdf = render::render_year(&YearInput {
        record: &t.years[1],
        signed: Some(&signed[1]),
        status,
    })
    .unwrap();
    let p = write(&dir, "i.pdf", &pdf);
    let text = run(Command::new("pdftotext")
        .args(["-raw", "-enc", "UTF-8"])
        .arg(&p)
        .arg("-"));
    assert!(text.contains("CHƯA ĐỦ CHỮ KÝ SỐ – KHÔNG CÓ GIÁ TRỊ"));
    assert!(text.contains("ĐÃ KÝ SỐ – Giáo viên chủ nhiệm"));
    assert!(text.contains("ĐÃ KÝ SỐ – Hiệu trưởng"));
    assert!(text.contains("KHÔNG CÓ CHỮ KÝ SỐ – Con dấu"));
}

/// The three group comments and the homeroom teacher's comment (`NHAN_XET_PHAM_CHAT`,
/// `NHAN_XET_NANG_LUC_CHUNG`, `NHAN_XET_NANG_LUC_DAC_THU`, `NHAN_XET_GVCN`) come back from the
/// PDF's text exactly as the record's NFC text, whole, even at the model's 2,000-byte limit and
/// across a page break (ADR 0250; QA repro 04).
#[test]
fn pdftotext_returns_every_comment_whole_as_nfc() {
    use hocba_core::model::{MAX_TEXT_BYTES, Text};
    if !have("pdftotext") {
        return;
    }
    let dir = TempDir::new("comments");
    let (t, signed) = demo();
    let long = |head: &str| {
        let mut s = String::new();
        for i in 1.. {
            let next = format!("{head} {i}: em ngoan, lễ phép, tiến bộ rõ rệt; đọc lưu loát.");
            if s.len() + next.len() + 1 > MAX_TEXT_BYTES {
                break;
            }
            if !s.is_empty() {
                s.push(' ');
            }
            s.push_str(&next);
        }
        Text::new(s).unwrap()
    };
    let mut r = t.years[4].clone();
    r.comments.specific_competencies = Some(long("Ý"));
    r.comments.homeroom = Some(long("Ghi chú"));
    let pdf = render::render_year(&YearInput {
        record: &r,
        signed: Some(&signed[4]),
        status: verified(),
    })
    .unwrap();
    let p = write(&dir, "c.pdf", &pdf);
    // Content order: each cell's lines in turn, so a comment's lines follow one another, with
    // only a repeated table header or the continuation line between two pages.
    let raw = run(Command::new("pdftotext")
        .args(["-raw", "-enc", "UTF-8"])
        .arg(&p)
        .arg("-"));
    assert!(
        unicode_normalization::is_nfc(&raw),
        "the text layer is not NFC"
    );
    let lines: Vec<&str> = raw.lines().map(str::trim).collect();
    let c = &r.comments;
    for (field, comment) in [
        ("qualities", &c.qualities),
        ("general_competencies", &c.general_competencies),
        ("specific_competencies", &c.specific_competencies),
        ("homeroom", &c.homeroom),
    ] {
        let want = comment.as_ref().unwrap().as_str();
        let want = want.split_whitespace().collect::<Vec<_>>().join(" ");
        let first = want.split(' ').take(3).collect::<Vec<_>>().join(" ");
        let whole = (0..lines.len())
            .filter(|&i| lines[i].contains(&first))
            .any(|start| {
                // The first line may carry the row's label before the text (same baseline).
                let at = lines[start].find(&first).unwrap_or(0);
                let mut rest = want.as_str();
                let mut pieces =
                    std::iter::once(&lines[start][at..]).chain(lines[start + 1..].iter().copied());
                pieces.any(|l| {
                    if let Some(r) = rest.strip_prefix(l).filter(|_| !l.is_empty()) {
                        rest = r.trim_start();
                    }
                    rest.is_empty()
                })
            });
        assert!(whole, "{field}: not whole in the PDF's text");
    }
    // The long ones need a second page for the year.
    let pages = run(Command::new("pdfinfo").arg(&p));
    assert!(
        pages
            .lines()
            .any(|l| l.starts_with("Pages:") && l.split_whitespace().nth(1) != Some("1")),
        "{pages}"
    );
}
