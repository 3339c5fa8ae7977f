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

/// A transaction refused (`INFO refused: type=N code=CODE`, `type=-` when the request was
/// refused before its type could be read): the operator counts refusals by code.
pub fn refused(kind: Option<u8>, code: &str) {
    let kind = kind.map_or_else(|| "-".to_owned(), |k| k.to_string());
    info("refused", &format!("type={kind} code={code}"));
}
