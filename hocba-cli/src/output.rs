//! How every command reports: human text in Vietnamese or English, or one JSON document,
//! and the exit code (0 success, 1 the input is invalid, 2 it could not be read or parsed).

use std::process::ExitCode;

use clap::ValueEnum;
use hocba_core::Lang;
use serde_json::{Value, json};

/// `--lang vi|en`.
#[derive(Clone, Copy, Debug, Default, ValueEnum)]
pub enum LangArg {
    /// Tiếng Việt.
    #[default]
    Vi,
    /// English.
    En,
}

impl From<LangArg> for Lang {
    fn from(l: LangArg) -> Lang {
        match l {
            LangArg::Vi => Lang::Vi,
            LangArg::En => Lang::En,
        }
    }
}

/// Options every command shares.
#[derive(Clone, Copy, Debug)]
pub struct Ui {
    /// Message language.
    pub lang: Lang,
    /// Machine-readable output.
    pub json: bool,
}

impl Ui {
    /// Picks the Vietnamese or the English text.
    pub fn t<'a>(&self, vi: &'a str, en: &'a str) -> &'a str {
        match self.lang {
            Lang::Vi => vi,
            Lang::En => en,
        }
    }
}

/// Why a command failed.
#[derive(Debug)]
pub struct Failure {
    /// 1 (invalid input) or 2 (unreadable input).
    pub exit: u8,
    /// Stable machine code.
    pub code: String,
    /// Human message in the chosen language.
    pub message: String,
    /// Extra machine-readable detail for `--json`.
    pub detail: Option<Value>,
}

impl Failure {
    /// The input is invalid (exit 1). (Only the demo's own checks use it: every other invalid
    /// input is a core error, classed by the core.)
    #[cfg_attr(not(feature = "demo"), allow(dead_code))]
    pub fn invalid(code: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            exit: 1,
            code: code.into(),
            message: message.into(),
            detail: None,
        }
    }

    /// The input could not be read or parsed (exit 2).
    pub fn unreadable(code: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            exit: 2,
            code: code.into(),
            message: message.into(),
            detail: None,
        }
    }

    /// From a core error: its code, its message in the chosen language, and the exit code of
    /// its class, decided by the core (`hocba_core::ErrorClass`, ADR 0090) — never here.
    pub fn from_core(err: &hocba_core::Error, ui: Ui) -> Self {
        Self {
            exit: err.class().exit_code(),
            code: err.code().to_owned(),
            message: err.message(ui.lang),
            detail: None,
        }
    }
}

/// What a command returns.
pub type Outcome = Result<ExitCode, Failure>;

/// Prints a failure the way the user asked and turns it into the exit code.
pub fn report_failure(ui: Ui, f: Failure) -> ExitCode {
    if ui.json {
        let mut v = json!({
            "ok": false,
            "error": { "code": f.code, "message": f.message },
        });
        if let Some(d) = f.detail {
            v["detail"] = d;
        }
        out(&format!("{v:#}"));
    } else {
        eprintln!("{}: {} [{}]", ui.t("Lỗi", "Error"), f.message, f.code);
    }
    ExitCode::from(f.exit)
}

/// Prints a JSON document on stdout.
pub fn print_json(v: &Value) {
    out(&format!("{v:#}"));
}

/// Writes `v` as one compact line (JSON Lines, for per-record output of bulk commands).
pub fn print_json_line(v: &Value) {
    out(&v.to_string());
}

/// The language of the one message printed when stdout cannot be written ([`out`] has no
/// [`Ui`]); set once by `main`.
static OUTPUT_LANG: std::sync::OnceLock<Lang> = std::sync::OnceLock::new();

/// Sets the language of the message printed when stdout cannot be written.
pub fn set_output_lang(lang: Lang) {
    let _ = OUTPUT_LANG.set(lang);
}

/// What to do when writing stdout failed: a closed pipe (`hocba inspect … | head`) ends the
/// program quietly, with success (the reader asked for no more); any other failure (a full
/// disk: `hocba verify DIR --csv > report.csv`) fails the command, exit 2 with code
/// `io_error` and a message on stderr, as a failure to write an `-o` file does — never a
/// silent success with nothing written.
fn write_failed(e: &std::io::Error) -> ! {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        std::process::exit(0);
    }
    let ui = Ui {
        lang: OUTPUT_LANG.get().copied().unwrap_or_default(),
        json: false,
    };
    eprintln!(
        "{}: {}: {} [io_error]",
        ui.t("Lỗi", "Error"),
        ui.t(
            "Không ghi được đầu ra chuẩn (stdout)",
            "Cannot write the standard output (stdout)"
        ),
        crate::input::io_text(e, ui)
    );
    std::process::exit(2);
}

/// Writes a line on stdout (see [`write_failed`] for when it cannot).
pub fn out(line: &str) {
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    if let Err(e) = writeln!(stdout, "{line}").and_then(|()| stdout.flush()) {
        write_failed(&e);
    }
}

/// Lines on stdout through one buffer, for commands that write a line per record (bulk
/// verification): one write per buffer-full instead of one per line. Lines are whole and in
/// order; [`Lines::flush`] makes what was written visible. A write that fails ends the
/// program as [`out`] does ([`write_failed`]).
pub struct Lines(std::sync::Mutex<std::io::BufWriter<std::io::Stdout>>);

impl Lines {
    pub fn new() -> Self {
        Lines(std::sync::Mutex::new(std::io::BufWriter::with_capacity(
            64 * 1024,
            std::io::stdout(),
        )))
    }

    /// Writes `line` and a line end.
    pub fn put(&self, line: &str) {
        use std::io::Write;
        let mut w = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if let Err(e) = writeln!(w, "{line}") {
            write_failed(&e);
        }
    }

    /// Writes out what is buffered.
    pub fn flush(&self) {
        use std::io::Write;
        let mut w = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if let Err(e) = w.flush() {
            write_failed(&e);
        }
    }
}

impl Drop for Lines {
    fn drop(&mut self) {
        self.flush();
    }
}

/// `println!` that survives a closed pipe and fails the command (exit 2) on any other write
/// failure ([`write_failed`]).
#[macro_export]
macro_rules! outln {
    ($($arg:tt)*) => {
        $crate::output::out(&format!($($arg)*))
    };
}
