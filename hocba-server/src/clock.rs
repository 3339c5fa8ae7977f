//! The server's one clock read (the core takes time as a parameter).

use hocba_core::UnixTime;

/// Now, in Unix seconds.
pub fn now_secs() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

/// Now, as the core's time.
pub fn now() -> UnixTime {
    UnixTime::from_secs(now_secs())
}
