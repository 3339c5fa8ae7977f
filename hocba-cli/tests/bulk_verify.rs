//! `hocba verify DIR_OR_FILES...` in bulk over the manifest's signed records: a directory, a
//! `.tar` archive, a missing file and a non-record; per-record `--json` and `--csv` lines
//! agree with `hocba verify FILE` one by one; the summary counts everything; exit codes.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a failed test may panic

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

fn hocba(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_hocba"))
        .args(args)
        .output()
        .expect("run hocba")
}

/// Runs `hocba` with `paths` and the trust arguments.
fn hocba_on(head: &[&str], paths: &[&Path]) -> Output {
    let mut args: Vec<String> = head.iter().map(|s| (*s).to_owned()).collect();
    args.extend(paths.iter().map(|p| p.display().to_string()));
    args.extend(trust_args());
    hocba(&args.iter().map(String::as_str).collect::<Vec<_>>())
}

/// stdout as JSON Lines.
fn json_lines(out: &Output) -> Vec<Value> {
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn vectors() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/vectors")
}

fn trust_args() -> Vec<String> {
    let v = vectors();
    let mut a = vec![
        "--trust".into(),
        v.join("pki/roots.pem").display().to_string(),
    ];
    for crl in ["gov-ca", "gov-ca-rsa", "public-ca"] {
        a.push("--crl".into());
        a.push(v.join(format!("pki/crl/{crl}.crl")).display().to_string());
    }
    a.push("--at".into());
    a.push("2026-06-15T00:00:00Z".into());
    a
}

#[test]
fn bulk_directory_archive_and_failures() {
    let src = vectors().join("verify");
    if !src.exists() {
        eprintln!("skipped: no {}", src.display());
        return;
    }
    let d = std::env::temp_dir().join(format!("hocba-cli-bulk-{}", std::process::id()));
    let dir = d.join("records");
    std::fs::create_dir_all(&dir).unwrap();
    let mut names: Vec<String> = std::fs::read_dir(&src)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".cose"))
        .collect();
    names.sort();
    assert!(names.len() >= 10);
    for n in &names {
        std::fs::copy(src.join(n), dir.join(n)).unwrap();
    }
    std::fs::write(dir.join("zz-notes.txt"), b"not a record").unwrap();
    let tar_path = d.join("records.tar");
    let mut b = tar::Builder::new(std::fs::File::create(&tar_path).unwrap());
    b.append_path_with_name(src.join("valid_ed25519.cose"), "a/valid.cose")
        .unwrap();
    b.append_path_with_name(src.join("flip_payload.cose"), "a/flipped.cose")
        .unwrap();
    b.finish().unwrap();
    drop(b);
    let missing = d.join("missing.cose");

    let out = hocba_on(&["--json", "verify"], &[&dir, &tar_path, &missing]);
    assert_eq!(out.status.code(), Some(2), "unreadable inputs make exit 2");
    let lines = json_lines(&out);
    let (summary, records) = lines.split_last().unwrap();
    // Every input is there, in order: the directory's files by name, the archive's members,
    // then the missing file.
    assert_eq!(records.len(), names.len() + 1 + 2 + 1);
    let files: Vec<&str> = records
        .iter()
        .map(|r| r["file"].as_str().unwrap())
        .collect();
    assert!(files[names.len()].ends_with("zz-notes.txt"));
    assert!(files[names.len() + 1].ends_with("records.tar:a/valid.cose"));
    assert_eq!(records[names.len()]["code"], "unrecognised_input");
    assert_eq!(records[names.len() + 1]["code"], "valid");
    assert_eq!(records[names.len() + 2]["code"], "signature_invalid");
    assert_eq!(records.last().unwrap()["code"], "input_error");
    // Each record's code is the one single verification gives.
    for (n, r) in names.iter().zip(records) {
        let mut one: Vec<String> = vec![
            "--json".into(),
            "verify".into(),
            src.join(n).display().to_string(),
        ];
        one.extend(trust_args());
        let single = hocba(&one.iter().map(String::as_str).collect::<Vec<_>>());
        let v: Value = serde_json::from_slice(&single.stdout).unwrap();
        let code = v["error"]
            .as_str()
            .or_else(|| v["error"]["code"].as_str())
            .unwrap_or("valid");
        assert_eq!(r["code"], code, "{n}");
    }
    let s = &summary["summary"];
    assert_eq!(s["total"], records.len());
    let unreadable = records
        .iter()
        .filter(|r| r["status"] == "unreadable")
        .count();
    assert!(unreadable >= 2, "the non-record and the missing file");
    assert_eq!(s["unreadable"], unreadable);
    let counted = ["valid", "invalid", "incomplete", "unreadable"]
        .iter()
        .map(|k| s[k].as_u64().unwrap())
        .sum::<u64>();
    assert_eq!(counted, records.len() as u64);

    // CSV: a header and one line per record; the summary on stderr; exit 1 (invalid, no
    // unreadable input).
    let out = hocba_on(&["verify", "--csv"], &[&tar_path]);
    assert_eq!(out.status.code(), Some(1));
    let csv = String::from_utf8(out.stdout).unwrap();
    let rows: Vec<&str> = csv.lines().collect();
    assert_eq!(rows[0], "file,status,code,signers,digest");
    assert_eq!(rows.len(), 3);
    assert!(rows[1].contains(",valid,valid,gvcn+hieu_truong+con_dau,"));
    assert!(rows[2].contains(",invalid,signature_invalid,"));
    assert!(!String::from_utf8(out.stderr).unwrap().is_empty());
    std::fs::remove_dir_all(&d).unwrap();
}

/// `.zip` and `.tar.gz` archives give the same outcomes as `.tar`, member by member; a member
/// that inflates beyond the record bound (a compression bomb) and a damaged archive are
/// reported, not skipped and not read whole.
#[test]
fn bulk_zip_and_tar_gz_archives() {
    use std::io::Write;
    let src = vectors().join("verify");
    if !src.exists() {
        eprintln!("skipped: no {}", src.display());
        return;
    }
    let d = std::env::temp_dir().join(format!("hocba-cli-bulk-zip-{}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    let valid = std::fs::read(src.join("valid_ed25519.cose")).unwrap();
    let flipped = std::fs::read(src.join("flip_payload.cose")).unwrap();

    let zip_path = d.join("records.zip");
    let mut z = zip::ZipWriter::new(std::fs::File::create(&zip_path).unwrap());
    let deflated = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    z.add_directory("a/", deflated).unwrap();
    z.start_file("a/valid.cose", deflated).unwrap();
    z.write_all(&valid).unwrap();
    z.start_file("a/flipped.cose", zip::write::SimpleFileOptions::default())
        .unwrap();
    z.write_all(&flipped).unwrap();
    // 8 MiB of zeros: a few kilobytes deflated, far over the 1 MiB record bound inflated.
    z.start_file("a/bomb.cose", deflated).unwrap();
    z.write_all(&vec![0u8; 8 << 20]).unwrap();
    z.finish().unwrap();

    let tgz_path = d.join("records.tgz");
    let gz = flate2::write::GzEncoder::new(
        std::fs::File::create(&tgz_path).unwrap(),
        flate2::Compression::default(),
    );
    let mut t = tar::Builder::new(gz);
    t.append_path_with_name(src.join("valid_ed25519.cose"), "a/valid.cose")
        .unwrap();
    t.append_path_with_name(src.join("flip_payload.cose"), "a/flipped.cose")
        .unwrap();
    t.into_inner().unwrap().finish().unwrap();

    let broken = d.join("broken.zip");
    std::fs::write(&broken, b"PK\x03\x04 not really a zip").unwrap();

    let out = hocba_on(&["--json", "verify"], &[&zip_path, &tgz_path, &broken]);
    assert_eq!(out.status.code(), Some(2), "unreadable inputs make exit 2");
    let lines = json_lines(&out);
    let (summary, records) = lines.split_last().unwrap();
    let got: Vec<(String, String)> = records
        .iter()
        .map(|r| {
            let file = r["file"].as_str().unwrap();
            let short = file.rsplit('/').next().unwrap_or(file).to_owned();
            (short, r["code"].as_str().unwrap().to_owned())
        })
        .collect();
    let short = |s: &str| s.rsplit('/').next().unwrap().to_owned();
    assert_eq!(
        got,
        vec![
            (short("records.zip:a/valid.cose"), "valid".into()),
            (
                short("records.zip:a/flipped.cose"),
                "signature_invalid".into()
            ),
            (short("records.zip:a/bomb.cose"), "input_error".into()),
            (short("records.tgz:a/valid.cose"), "valid".into()),
            (
                short("records.tgz:a/flipped.cose"),
                "signature_invalid".into()
            ),
            (short("broken.zip"), "input_error".into()),
        ]
    );
    assert!(
        records[0]["file"]
            .as_str()
            .unwrap()
            .ends_with("records.zip:a/valid.cose")
    );
    assert_eq!(summary["summary"]["total"], 6);
    std::fs::remove_dir_all(&d).unwrap();
}

/// Runs `hocba` with a deadline: a run that blocks (on a named pipe) fails the test instead of
/// hanging it.
#[cfg(unix)]
fn hocba_within(args: &[String], secs: u64) -> Output {
    use std::process::Stdio;
    let mut child = Command::new(env!("CARGO_BIN_EXE_hocba"))
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run hocba");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(secs);
    while child.try_wait().unwrap().is_none() {
        if std::time::Instant::now() > deadline {
            child.kill().unwrap();
            let _ = child.wait();
            panic!("hocba {args:?} still running after {secs} s");
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    child.wait_with_output().unwrap()
}

/// In a directory, a symbolic link to an ancestor is not followed (each record is reported
/// once), a symbolic link to a file is read, and a named pipe is reported as unreadable
/// without being opened (opening it blocked the run forever); `hocba sign DIR` reports the
/// same pipe instead of skipping it.
#[cfg(unix)]
#[test]
fn bulk_directory_links_and_named_pipes() {
    let src = vectors().join("verify/valid_ed25519.cose");
    let d = std::env::temp_dir().join(format!("hocba-cli-bulk-links-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    let dir = d.join("records");
    std::fs::create_dir_all(dir.join("sub")).unwrap();
    std::fs::copy(&src, dir.join("a.cose")).unwrap();
    std::os::unix::fs::symlink("..", dir.join("sub/parent")).unwrap();
    std::os::unix::fs::symlink("a.cose", dir.join("c-link.cose")).unwrap();
    let st = Command::new("mkfifo")
        .arg(dir.join("b-pipe.cose"))
        .status()
        .unwrap();
    assert!(st.success());
    let mut args: Vec<String> = ["--lang", "en", "verify", "--csv"]
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
    args.push(dir.display().to_string());
    args.extend(trust_args());
    let out = hocba_within(&args, 60);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let rows: Vec<&str> = stdout.lines().skip(1).collect();
    assert_eq!(rows.len(), 3, "{stdout}");
    assert!(rows[0].contains("a.cose,valid,"), "{stdout}");
    assert!(rows[1].contains("b-pipe.cose,unreadable,"), "{stdout}");
    assert!(rows[2].contains("c-link.cose,valid"), "{stdout}");
    // The pipe makes the run exit 2 (an input could not be read).
    assert_eq!(out.status.code(), Some(2));
    // Human output names why, in the chosen language.
    let mut args_vi: Vec<String> = vec!["--lang".into(), "vi".into(), "verify".into()];
    args_vi.push(dir.display().to_string());
    args_vi.extend(trust_args());
    let out = hocba_within(&args_vi, 60);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("không phải tệp thường"), "{stdout}");
    assert!(!stdout.contains("not a regular file"), "{stdout}");

    // `hocba sign DIR` over a directory with a record and a pipe: the pipe is reported (it was
    // skipped without a word), the record handled.
    let sdir = d.join("to-sign");
    std::fs::create_dir_all(&sdir).unwrap();
    std::fs::copy(
        vectors().join("canonical/year_record_full.json"),
        sdir.join("a.json"),
    )
    .unwrap();
    let st = Command::new("mkfifo")
        .arg(sdir.join("b.json"))
        .status()
        .unwrap();
    assert!(st.success());
    let pki = |p: &str| vectors().join("pki").join(p).display().to_string();
    let args: Vec<String> = [
        "--lang",
        "en",
        "sign",
        &sdir.display().to_string(),
        "--cert",
        &pki("chains/gvcn-ed25519.pem"),
        "--key",
        &pki("keys/gvcn-ed25519.key.pem"),
        "-o",
        &d.join("signed").display().to_string(),
    ]
    .iter()
    .map(|s| (*s).to_string())
    .collect();
    let out = hocba_within(&args, 60);
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(all.contains("b.json"), "{all}");
    assert!(all.contains("not a regular file"), "{all}");
    // The other record is still handled (this one is refused for its signer, not for the pipe).
    assert!(all.contains("a.json"), "{all}");
    assert_eq!(out.status.code(), Some(2), "{all}");
    let _ = std::fs::remove_dir_all(&d);
}
