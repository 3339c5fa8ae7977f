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

/// Writes a line on stdout. A closed pipe (`hocba inspect … | head`) ends the program
/// quietly instead of panicking.
pub fn out(line: &str) {
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    if writeln!(stdout, "{line}").is_err() {
        std::process::exit(0);
    }
}

/// Lines on stdout through one buffer, for commands that write a line per record (bulk
/// verification): one write per buffer-full instead of one per line. Lines are whole and in
/// order; [`Lines::flush`] makes what was written visible. A closed pipe ends the program
/// quietly, as [`out`] does.
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
        if writeln!(w, "{line}").is_err() {
            std::process::exit(0);
        }
    }

    /// Writes out what is buffered.
    pub fn flush(&self) {
        use std::io::Write;
        let mut w = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if w.flush().is_err() {
            std::process::exit(0);
        }
    }
}

impl Drop for Lines {
    fn drop(&mut self) {
        self.flush();
    }
}

/// `println!` that survives a closed pipe.
#[macro_export]
macro_rules! outln {
    ($($arg:tt)*) => {
        $crate::output::out(&format!($($arg)*))
    };
}
