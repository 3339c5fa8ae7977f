//! Reading input files: bounded in size, format detected from the bytes.

use std::fs::File;
use std::io::Read;
use std::path::Path;

use crate::output::{Failure, Ui};

/// Largest file any command reads: the core's one bound for every front end.
pub const MAX_FILE_BYTES: u64 = hocba_core::MAX_INPUT_BYTES;

/// The encoding of an input file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// JSON text (the vendor form).
    Json,
    /// CBOR (canonical record, transcript or signed envelope).
    Cbor,
    /// A PDF document.
    Pdf,
    /// XML (the national học bạ số of CV 2088).
    Xml,
}

/// Why an operating-system call failed, in the chosen language: the core's Vietnamese words
/// for its kind, or the operating system's English text.
pub fn io_text(e: &std::io::Error, ui: Ui) -> String {
    match ui.lang {
        hocba_core::Lang::Vi => hocba_core::input::io_error_vi(e),
        _ => e.to_string(),
    }
}

/// Reads `path` whole, refusing files larger than [`MAX_FILE_BYTES`].
pub fn read_file(path: &Path, ui: Ui) -> Result<Vec<u8>, Failure> {
    let unreadable = |e: std::io::Error| {
        Failure::unreadable(
            "io_error",
            format!(
                "{} {}: {}",
                ui.t("Không đọc được tệp", "Cannot read file"),
                path.display(),
                io_text(&e, ui)
            ),
        )
    };
    let file = File::open(path).map_err(unreadable)?;
    let mut bytes = Vec::new();
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(unreadable)?;
    hocba_core::input::check_len(bytes.len()).map_err(|e| {
        let mut f = Failure::from_core(&e.into(), ui);
        f.message = format!("{}: {}", path.display(), f.message);
        f
    })?;
    Ok(bytes)
}

/// [`read_file`] for an entry met in a directory: a named pipe, socket or device (or a link to
/// one, or a broken link) is reported as unreadable without being opened (a named pipe would
/// block), as `hocba verify DIR` reports it. A path the user names is read with [`read_file`],
/// whatever it is (`<(cat a.json)`).
pub fn read_entry(path: &Path, ui: Ui) -> Result<Vec<u8>, Failure> {
    if !std::fs::metadata(path).is_ok_and(|m| m.is_file()) {
        return Err(Failure::unreadable(
            "io_error",
            format!(
                "{} {}: {}",
                ui.t("Không đọc được tệp", "Cannot read file"),
                path.display(),
                ui.t(
                    "không phải tệp thường (ống có tên, socket, thiết bị hoặc liên kết hỏng): không mở",
                    "not a regular file (named pipe, socket, device or broken link): not opened",
                )
            ),
        ));
    }
    read_file(path, ui)
}

/// Guesses the format from the first bytes: `%PDF` is a PDF, `{` (after whitespace) is
/// JSON, anything else is treated as CBOR and left to the strict decoder.
pub fn detect(bytes: &[u8]) -> Format {
    if bytes.starts_with(b"%PDF") {
        return Format::Pdf;
    }
    match bytes.iter().find(|b| !b.is_ascii_whitespace()) {
        Some(b'{') => Format::Json,
        Some(b'<') => Format::Xml,
        _ => Format::Cbor,
    }
}

/// Writes `bytes` to `path`, creating parent directories.
pub fn write_file(path: &Path, bytes: &[u8], ui: Ui) -> Result<(), Failure> {
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(|e| write_failure(parent, &e, ui))?;
    }
    std::fs::write(path, bytes).map_err(|e| write_failure(path, &e, ui))
}

fn write_failure(path: &Path, e: &std::io::Error, ui: Ui) -> Failure {
    Failure::unreadable(
        "io_error",
        format!(
            "{} {}: {}",
            ui.t("Không ghi được", "Cannot write"),
            path.display(),
            io_text(e, ui)
        ),
    )
}
