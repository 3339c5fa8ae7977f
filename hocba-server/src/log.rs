//! The server's log: one line per event on standard error, with the time and a short kind.
//! Callers pass codes, counts and `messageid`s, never a pupil's name, personal ID or birth date.

fn line(level: &str, kind: &str, text: &str) {
    let now = hocba_core::UnixTime::from_secs(crate::clock::now_secs()).to_rfc3339();
    eprintln!("{now} {level} {kind}: {text}");
}

/// An event worth keeping.
pub fn info(kind: &str, text: &str) {
    line("INFO", kind, text);
}

/// A failure of the server itself.
pub fn error(kind: &str, text: &str) {
    line("ERROR", kind, text);
}
