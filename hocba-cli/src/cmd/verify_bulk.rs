//! `hocba verify DIR_OR_FILES...`: bulk verification of many signed year records
//! (`hocba_core::bulk::verify_stream` on all cores).
//!
//! Inputs are files, directories (walked recursively, in name order; a symbolic link to a
//! file is read, a symbolic link to a directory is not followed — a link to an ancestor would
//! read the same files again and again —, and a named pipe, socket or device is reported as
//! unreadable without being opened) and archives: `.tar`,
//! `.tar.gz` / `.tgz` and `.zip` (every regular member, in archive order; each member is read
//! through a size bound, so a compression bomb costs at most `MAX_RECORD_BYTES` per member). A reader thread hands them to the core as a bounded stream, so
//! memory does not grow with the number of records. Every input gets an outcome — an
//! unreadable file or archive member is a reported failure, never skipped. Output: a
//! progress line on stderr when it is a terminal; per record a line for each failure (text),
//! a JSON object per record (`--json`, JSON Lines, then a summary object) or a CSV line per
//! record (`--csv`); a summary at the end. Exit 0 when every record is valid, 1 when some are
//! invalid or incomplete, 2 when some input could not be read as a signed record.

use std::fs::File;
use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::mpsc::sync_channel;
use std::time::Instant;

use hocba_core::InputKind;
use hocba_core::bulk::{BulkOptions, BulkSummary, Outcome as BulkOutcome, verify_stream_with};
use hocba_core::envelope::{Status, Verifier};
use serde_json::json;

use super::verify::VerifyArgs;
use crate::input::io_text;
use crate::keys::time_arg;
use crate::output::{Lines, Outcome, Ui};

/// Records larger than the core's bound of a signed record are reported as unreadable without
/// being read.
const MAX_RECORD_BYTES: u64 = hocba_core::envelope::MAX_ENVELOPE_BYTES as u64;

/// The archive formats read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Archive {
    /// `.tar`.
    Tar,
    /// `.tar.gz`, `.tgz`.
    TarGz,
    /// `.zip`.
    Zip,
}

/// Whether `path` is read as an archive of records, and which kind (by its name).
pub fn archive_kind(path: &Path) -> Option<Archive> {
    let name = path.file_name()?.to_str()?.to_ascii_lowercase();
    if name.ends_with(".tar") {
        Some(Archive::Tar)
    } else if name.ends_with(".tar.gz") || name.ends_with(".tgz") {
        Some(Archive::TarGz)
    } else if name.ends_with(".zip") {
        Some(Archive::Zip)
    } else {
        None
    }
}

/// Whether `path` is read as an archive of records.
pub fn is_archive(path: &Path) -> bool {
    archive_kind(path).is_some()
}

type Input = (String, Result<Vec<u8>, String>);

/// Verifies every record under `args.files` and reports.
pub fn run(args: &VerifyArgs, ui: Ui) -> Outcome {
    let trust = super::verify::verify_trust(args, ui)?;
    let at = time_arg(args.at.as_deref(), ui)?;
    // An explicit count out of range is the core's typed error (exit 2); the default is the
    // machine's cores, within the same bound.
    let options = match args.threads {
        Some(n) => {
            BulkOptions::try_new(n).map_err(|e| crate::parse::core_failure(&e.into(), ui))?
        }
        None => BulkOptions::new(std::thread::available_parallelism().map_or(1, usize::from)),
    }
    .with_xml_roles(args.roles.into());
    let verifier = Verifier::new(&trust, at);
    let (tx, rx) = sync_channel::<Input>(1024);
    let roots = args.files.clone();
    // Signed records go to the bulk verifier; a transcript container or a PDF is verified
    // here, in the reader thread, as `hocba verify FILE` would, and counted with the rest.
    let others: std::sync::Mutex<Vec<Other>> = std::sync::Mutex::new(Vec::new());
    let csv = args.csv;
    let lines = Lines::new();
    std::thread::scope(|scope| {
        let others = &others;
        let lines = &lines;
        let verifier = &verifier;
        let reader = scope.spawn(move || {
            for root in roots {
                let go_on = walk(&root, ui, &mut |item| match &item.1 {
                    Ok(bytes)
                        if matches!(
                            InputKind::sniff(bytes),
                            InputKind::Pdf | InputKind::TranscriptContainer
                        ) =>
                    {
                        let other = verify_other(&item.0, bytes, verifier, ui);
                        report_other(&other, csv, ui, lines);
                        others.lock().unwrap_or_else(|e| e.into_inner()).push(other);
                        true
                    }
                    // A national `DANH_SACH_HOC_BA` (a submission's content): each record
                    // verified as the portal cuts it out, labelled `FILE#N`.
                    Ok(bytes) if hocba_core::moet::is_list(bytes) => {
                        list_records(&item.0, bytes, ui)
                            .into_iter()
                            .all(|r| tx.send(r).is_ok())
                    }
                    _ => tx.send(item).is_ok(),
                });
                if !go_on {
                    return;
                }
            }
        });
        let progress = std::io::stderr().is_terminal() && !ui.json;
        let start = Instant::now();
        if args.csv {
            lines.put("file,status,code,signers,digest");
        }
        let mut done = 0u64;
        // The TT27 rules and the dates against the signing times, as `hocba verify FILE`
        // and the bindings' bulk verifiers run them: a record's verdict is its own wherever
        // it is verified (ADR 0265).
        let checks = hocba_core::rules::Tt27Checks::default();
        let summary = verify_stream_with(verifier, &options, &checks, rx, |label, outcome| {
            report(&label, &outcome, args.csv, ui, lines);
            done += 1;
            if progress && done % 128 == 1 {
                lines.flush();
                // One line rewritten in place: records so far, rate, the latest input.
                let secs = start.elapsed().as_secs_f64().max(1e-9);
                eprint!(
                    "\r\x1b[2K{done} {} ({:.0}/s) {}",
                    ui.t("bản ghi", "records"),
                    done as f64 / secs,
                    tail(&label, 50)
                );
            }
        });
        let _ = reader.join();
        if progress {
            eprint!("\r\x1b[2K");
        }
        let mut summary = summary;
        for o in others.lock().unwrap_or_else(|e| e.into_inner()).iter() {
            o.count(&mut summary);
        }
        print_summary(&summary, start.elapsed().as_secs_f64(), args.csv, ui, lines);
        lines.flush();
        Ok(exit(&summary))
    })
}

/// The outcome of a transcript container or a PDF met in a bulk run.
struct Other {
    label: String,
    /// `valid`, `invalid`, `incomplete` or `unreadable`.
    status: &'static str,
    /// `valid` or the error code.
    code: &'static str,
    message: String,
}

impl Other {
    fn count(&self, s: &mut BulkSummary) {
        s.total += 1;
        match self.status {
            "valid" => s.valid += 1,
            "incomplete" => s.incomplete += 1,
            "unreadable" => s.unreadable += 1,
            _ => s.invalid += 1,
        }
        if self.status != "valid" {
            *s.by_code.entry(self.code).or_default() += 1;
        }
    }
}

/// Verifies a transcript container (with the core's default checks) or a hocba PDF.
fn verify_other(label: &str, bytes: &[u8], verifier: &Verifier<'_>, ui: Ui) -> Other {
    use hocba_core::render::{self, SignatureStatus};
    let outcome: Result<(Status, Option<&'static str>), hocba_core::Error> =
        match InputKind::sniff(bytes) {
            InputKind::Pdf => render::verify_pdf(bytes, |cose| {
                let unverified = hocba_core::envelope::UnverifiedRecord::from_bytes(cose)?;
                let record = unverified.record_unverified().clone();
                let v = verifier.verify(unverified);
                Ok((record, SignatureStatus::from_report(v.report())))
            })
            .map(|r| match r.error() {
                None => (Status::Valid, None),
                Some(e) => (
                    Status::Invalid,
                    Some(hocba_core::rules::rule_by_code(e).map_or(
                        match e {
                            "pdf_not_rendered_from_record" => "pdf_not_rendered_from_record",
                            "pupil_mismatch" => "pupil_mismatch",
                            _ => "record_invalid",
                        },
                        |rule| rule.code,
                    )),
                ),
            }),
            _ => hocba_core::envelope::transcript::UnverifiedTranscript::from_bytes(bytes)
                .map(|t| {
                    let v = t.verify_in(verifier, &hocba_core::rules::Tt27Checks::default());
                    (v.report().status, v.report().error)
                })
                .map_err(Into::into),
        };
    match outcome {
        Ok((status, error)) => Other {
            label: label.to_owned(),
            status: status.code(),
            code: error.unwrap_or("valid"),
            message: status.label(ui.lang).to_string(),
        },
        Err(e) => Other {
            label: label.to_owned(),
            status: if e.is_unreadable() {
                "unreadable"
            } else {
                "invalid"
            },
            code: e.code(),
            message: e.message(ui.lang),
        },
    }
}

fn report_other(o: &Other, csv: bool, ui: Ui, lines: &Lines) {
    if csv {
        lines.put(&format!(
            "{},{},{},,",
            csv_field(&o.label),
            o.status,
            o.code
        ));
    } else if ui.json {
        lines.put(
            &json!({
                "file": o.label, "ok": o.status == "valid", "status": o.status, "code": o.code,
                "message": o.message,
            })
            .to_string(),
        );
    } else if o.status != "valid" {
        lines.put(&format!("{}: {} [{}]", o.label, o.message, o.code));
    }
}

/// The last `n` characters of `s`.
fn tail(s: &str, n: usize) -> &str {
    let skip = s.chars().count().saturating_sub(n);
    s.char_indices().nth(skip).map_or("", |(i, _)| &s[i..])
}

fn exit(s: &BulkSummary) -> ExitCode {
    if s.unreadable + s.input_errors > 0 || s.total == 0 {
        ExitCode::from(2)
    } else if s.all_valid() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

/// The records of the national list `bytes` (read from `label`), each as the document a
/// portal makes of it (`exchange::record_document`: its exact bytes after the XML
/// declaration), labelled `label#N` from 1; a list that cannot be split is one unreadable
/// input.
fn list_records(label: &str, bytes: &[u8], ui: Ui) -> Vec<Input> {
    use hocba_core::exchange::{record_document, split_records};
    let split = std::str::from_utf8(bytes)
        .map_err(|_| {
            hocba_core::Error::from(hocba_core::xml::XmlError::new(
                hocba_core::xml::XmlErrorKind::InvalidUtf8,
                String::new(),
            ))
        })
        .and_then(|text| split_records(text).map_err(hocba_core::Error::from));
    match split {
        Ok(parts) => parts
            .iter()
            .enumerate()
            .map(|(i, p)| {
                (
                    format!("{label}#{}", i + 1),
                    Ok(record_document(p).into_bytes()),
                )
            })
            .collect(),
        Err(e) => vec![(
            label.to_owned(),
            Err(format!("{} [{}]", e.message(ui.lang), e.code())),
        )],
    }
}

/// Sends every record found under `path`; stops (returning false) when the receiver is gone.
/// A path named by the user is read whatever it is (a symbolic link, a named pipe such as
/// `<(cat a.xml)`); what a directory holds is read as [`Entry`] says.
fn walk(path: &Path, ui: Ui, send: &mut dyn FnMut(Input) -> bool) -> bool {
    let kind = if path.is_dir() {
        Entry::Dir
    } else {
        Entry::File
    };
    walk_known(path, kind, ui, send)
}

/// What a directory entry is to the walk.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Entry {
    /// A directory: walked.
    Dir,
    /// A regular file, or a symbolic link to one: read.
    File,
    /// A symbolic link to a directory: not followed (a link to an ancestor would walk the
    /// same files again and again), not reported (it is not a record).
    LinkedDir,
    /// A named pipe, a socket, a device (or a link to one), a broken link: never opened (a
    /// named pipe would block the run), reported as unreadable.
    NotRegular,
}

impl Entry {
    /// From the directory entry's own type (no `stat` for a plain file or directory); a
    /// symbolic link is resolved with one `stat`.
    fn of(e: &std::fs::DirEntry) -> Entry {
        let resolved = |path: &Path| match std::fs::metadata(path) {
            Ok(m) if m.is_dir() => Entry::LinkedDir,
            Ok(m) if m.is_file() => Entry::File,
            _ => Entry::NotRegular,
        };
        match e.file_type() {
            Ok(t) if t.is_dir() => Entry::Dir,
            Ok(t) if t.is_file() => Entry::File,
            Ok(t) if t.is_symlink() => resolved(&e.path()),
            Ok(_) => Entry::NotRegular,
            Err(_) => match std::fs::symlink_metadata(e.path()) {
                Ok(m) if m.is_symlink() => resolved(&e.path()),
                Ok(m) if m.is_dir() => Entry::Dir,
                Ok(m) if m.is_file() => Entry::File,
                _ => Entry::NotRegular,
            },
        }
    }
}

/// [`walk`] for a path whose kind is known: a directory's entries say so themselves (no
/// `stat` per file).
fn walk_known(path: &Path, kind: Entry, ui: Ui, send: &mut dyn FnMut(Input) -> bool) -> bool {
    let label = path.display().to_string();
    match kind {
        Entry::LinkedDir => return true,
        Entry::NotRegular => return send((label, Err(not_regular(ui)))),
        Entry::File => {}
        Entry::Dir => {
            let entries = match std::fs::read_dir(path) {
                Ok(e) => e,
                Err(e) => return send((label, Err(io_text(&e, ui)))),
            };
            let mut children: Vec<(PathBuf, Entry)> = Vec::new();
            for entry in entries {
                match entry {
                    Ok(e) => children.push((e.path(), Entry::of(&e))),
                    Err(e) => {
                        if !send((label.clone(), Err(io_text(&e, ui)))) {
                            return false;
                        }
                    }
                }
            }
            children.sort();
            return children.iter().all(|(c, k)| walk_known(c, *k, ui, send));
        }
    }
    match archive_kind(path) {
        Some(Archive::Tar) => return walk_tar(path, false, ui, send),
        Some(Archive::TarGz) => return walk_tar(path, true, ui, send),
        Some(Archive::Zip) => return walk_zip(path, ui, send),
        None => {}
    }
    send((label, read_limited(path, ui)))
}

/// Why a named pipe, socket or device met in a directory is not read.
fn not_regular(ui: Ui) -> String {
    ui.t(
        "không phải tệp thường (ống có tên, socket, thiết bị hoặc liên kết hỏng): không mở",
        "not a regular file (named pipe, socket, device or broken link): not opened",
    )
    .to_owned()
}

/// A record larger than the bound of a signed record.
fn too_large(ui: Ui) -> String {
    match ui.lang {
        hocba_core::Lang::Vi => format!("lớn hơn {MAX_RECORD_BYTES} byte"),
        _ => format!("larger than {MAX_RECORD_BYTES} bytes"),
    }
}

/// A file through the bound of what it holds: a signed record's, or for a `.pdf` or a `.hocba`
/// transcript container the bound of every input.
fn read_limited(path: &Path, ui: Ui) -> Result<Vec<u8>, String> {
    let whole = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("pdf") || e.eq_ignore_ascii_case("hocba"));
    let file = File::open(path).map_err(|e| io_text(&e, ui))?;
    // The file's size, as a capacity hint only (the bound is enforced on what is read): growing
    // the buffer by doubling cost a tenth of bulk verification's time.
    let hint = file.metadata().map_or(0, |m| m.len());
    if whole {
        let mut bytes = Vec::with_capacity(capacity(hint, hocba_core::MAX_INPUT_BYTES));
        file.take(hocba_core::MAX_INPUT_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| io_text(&e, ui))?;
        hocba_core::input::check_len(bytes.len()).map_err(|e| match ui.lang {
            hocba_core::Lang::Vi => e.message_vi(),
            _ => e.to_string(),
        })?;
        return Ok(bytes);
    }
    read_bounded(file, hint, ui)
}

/// A buffer capacity for a file of `hint` bytes read up to `bound` (one more byte, so that the
/// read that finds the end needs no reallocation).
fn capacity(hint: u64, bound: u64) -> usize {
    usize::try_from(hint.min(bound) + 1).unwrap_or(0)
}

/// Reads at most `MAX_RECORD_BYTES` (whatever a header claims), failing beyond; `hint` is the
/// expected size (0 when unknown).
fn read_bounded(r: impl Read, hint: u64, ui: Ui) -> Result<Vec<u8>, String> {
    let mut bytes = Vec::with_capacity(capacity(hint, MAX_RECORD_BYTES));
    r.take(MAX_RECORD_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| io_text(&e, ui))?;
    if bytes.len() as u64 > MAX_RECORD_BYTES {
        return Err(too_large(ui));
    }
    Ok(bytes)
}

/// An archive that cannot be read (the archive library's own text, English).
fn archive_error(e: &dyn std::fmt::Display, ui: Ui) -> String {
    format!("{}: {e}", ui.t("tệp nén không đọc được", "archive"))
}

/// Every file member of a zip archive, as `archive.zip:member`. A member that cannot be
/// read (unsupported compression, encryption, a bad checksum) is a reported failure; a
/// damaged central directory fails the archive as a whole.
fn walk_zip(path: &Path, ui: Ui, send: &mut dyn FnMut(Input) -> bool) -> bool {
    let label = path.display().to_string();
    let file = match File::open(path) {
        Ok(f) => std::io::BufReader::new(f),
        Err(e) => return send((label, Err(io_text(&e, ui)))),
    };
    let mut archive = match zip::ZipArchive::new(file) {
        Ok(a) => a,
        Err(e) => return send((label, Err(archive_error(&e, ui)))),
    };
    for i in 0..archive.len() {
        let item = match archive.by_index(i) {
            Err(e) => (format!("{label}:#{i}"), Err(archive_error(&e, ui))),
            Ok(entry) if !entry.is_file() => continue,
            Ok(entry) => {
                let name = entry
                    .name()
                    .map_or_else(|_| format!("#{i}"), |n| n.into_owned());
                let member = format!("{label}:{name}");
                // Read through the bound: the declared size may lie (a capacity hint only).
                let hint = entry.size();
                (member, read_bounded(entry, hint, ui))
            }
        };
        if !send(item) {
            return false;
        }
    }
    true
}

/// Every regular member of a tar archive (gzip-compressed when `gz`), as
/// `archive.tar:member`.
fn walk_tar(path: &Path, gz: bool, ui: Ui, send: &mut dyn FnMut(Input) -> bool) -> bool {
    let label = path.display().to_string();
    let file = match File::open(path) {
        Ok(f) => std::io::BufReader::new(f),
        Err(e) => return send((label, Err(io_text(&e, ui)))),
    };
    let reader: Box<dyn Read> = if gz {
        Box::new(flate2::read::GzDecoder::new(file))
    } else {
        Box::new(file)
    };
    let mut archive = tar::Archive::new(reader);
    let entries = match archive.entries() {
        Ok(e) => e,
        Err(e) => return send((label, Err(io_text(&e, ui)))),
    };
    for entry in entries {
        // A corrupt archive cannot be read further: its error is the last item.
        let broken = entry.is_err();
        let item = match entry {
            Err(e) => (label.clone(), Err(archive_error(&e, ui))),
            Ok(entry) if !entry.header().entry_type().is_file() => continue,
            Ok(mut entry) => {
                let name = entry
                    .path()
                    .map(|p| p.display().to_string())
                    .unwrap_or_else(|_| "?".into());
                let member = format!("{label}:{name}");
                if entry.size() > MAX_RECORD_BYTES {
                    (member, Err(too_large(ui)))
                } else {
                    let hint = entry.size();
                    (member, read_bounded(&mut entry, hint, ui))
                }
            }
        };
        if !send(item) {
            return false;
        }
        if broken {
            // What was sent is reported.
            return true;
        }
    }
    true
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_owned()
    }
}

fn report(label: &str, outcome: &BulkOutcome<String>, csv: bool, ui: Ui, lines: &Lines) {
    let status = match outcome {
        BulkOutcome::Checked(v) => v.report().status.code(),
        BulkOutcome::Unreadable(_) | BulkOutcome::Input(_) => "unreadable",
    };
    let code = outcome.code();
    if csv {
        let (signers, digest) = match outcome {
            BulkOutcome::Checked(v) => {
                let r = v.report();
                let signers: Vec<&str> = r.signers.iter().map(|s| s.role.code()).collect();
                (signers.join("+"), r.digest.to_hex())
            }
            BulkOutcome::Unreadable(_) | BulkOutcome::Input(_) => (String::new(), String::new()),
        };
        lines.put(&format!(
            "{},{status},{code},{signers},{digest}",
            csv_field(label)
        ));
    } else if ui.json {
        let mut j =
            json!({ "file": label, "ok": outcome.is_valid(), "status": status, "code": code });
        match outcome {
            BulkOutcome::Checked(v) => j["report"] = v.report().to_json(ui.lang),
            BulkOutcome::Input(e) => j["message"] = json!(e),
            BulkOutcome::Unreadable(e) => {
                j["message"] = json!(hocba_core::Error::from(e.clone()).message(ui.lang))
            }
        }
        lines.put(&j.to_string());
    } else if !outcome.is_valid() {
        let why = match outcome {
            BulkOutcome::Checked(v) if v.report().status == Status::Incomplete => {
                ui.t("chưa đủ chữ ký", "incomplete").to_owned()
            }
            BulkOutcome::Checked(_) => ui.t("không hợp lệ", "invalid").to_owned(),
            BulkOutcome::Unreadable(e) => hocba_core::Error::from(e.clone()).message(ui.lang),
            BulkOutcome::Input(e) => format!("{}: {e}", ui.t("không đọc được", "cannot read")),
        };
        lines.put(&format!("{label}: {why} [{code}]"));
    }
}

fn print_summary(s: &BulkSummary, secs: f64, csv: bool, ui: Ui, lines: &Lines) {
    // The per-record lines come first, whatever stream the summary goes to.
    lines.flush();
    if ui.json && !csv {
        lines.put(
            &json!({
                "summary": {
                    "ok": s.all_valid() && s.total > 0,
                    "total": s.total, "valid": s.valid, "invalid": s.invalid,
                    "incomplete": s.incomplete, "unreadable": s.unreadable + s.input_errors,
                    "by_code": s.by_code, "seconds": secs,
                }
            })
            .to_string(),
        );
        return;
    }
    let line = format!(
        "{}: {} {} — {} {}, {} {}, {} {}, {} {} ({:.1} s, {:.0}/s)",
        ui.t("Tổng kết", "Summary"),
        s.total,
        ui.t("bản ghi", "records"),
        s.valid,
        ui.t("hợp lệ", "valid"),
        s.invalid,
        ui.t("không hợp lệ", "invalid"),
        s.incomplete,
        ui.t("chưa đủ chữ ký", "incomplete"),
        s.unreadable + s.input_errors,
        ui.t("không đọc được", "unreadable"),
        secs,
        s.total as f64 / secs.max(1e-9),
    );
    let codes: Vec<String> = s.by_code.iter().map(|(c, n)| format!("{c}: {n}")).collect();
    if csv {
        let mut err = std::io::stderr().lock();
        let _ = writeln!(err, "{line}");
        if !codes.is_empty() {
            let _ = writeln!(err, "  {}", codes.join(", "));
        }
    } else {
        lines.put(&line);
        if !codes.is_empty() {
            lines.put(&format!("  {}", codes.join(", ")));
        }
    }
}
