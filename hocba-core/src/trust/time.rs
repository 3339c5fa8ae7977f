//! Time as the trust module sees it: whole seconds since 1970-01-01T00:00:00Z, UTC.

use std::fmt;

/// A point in time: whole seconds since the Unix epoch (1970-01-01T00:00:00Z), UTC, no leap
/// seconds. The core never reads a clock: the caller passes the signing time (from the signature's
/// protected header) and the verification time (usually "now").
///
/// Converts from and to [`time::OffsetDateTime`] (sub-second parts are truncated).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct UnixTime(i64);

impl UnixTime {
    /// The time `secs` seconds after the epoch (negative: before it).
    pub const fn from_secs(secs: i64) -> Self {
        UnixTime(secs)
    }

    /// Seconds since the epoch.
    pub const fn secs(self) -> i64 {
        self.0
    }

    /// As an [`time::OffsetDateTime`] in UTC, if it is within `time`'s range.
    pub fn to_offset_date_time(self) -> Option<time::OffsetDateTime> {
        time::OffsetDateTime::from_unix_timestamp(self.0).ok()
    }

    /// RFC 3339 form, e.g. `2026-06-01T00:00:00Z` (the number of seconds if out of range).
    pub fn to_rfc3339(self) -> String {
        self.to_offset_date_time()
            .and_then(|t| {
                t.format(&time::format_description::well_known::Rfc3339)
                    .ok()
            })
            .unwrap_or_else(|| self.0.to_string())
    }

    /// As people in Vietnam read a signing time, on the rendered transcript and the portal's
    /// pages: Vietnam time (UTC+7), `31/05/2025 09:00:00 (giờ Việt Nam, UTC+7)`; the number of
    /// seconds if out of range.
    pub fn to_vietnam_display(self) -> String {
        self.to_offset_date_time()
            .map(vietnam_time)
            .map(|t| {
                format!(
                    "{:02}/{:02}/{} {:02}:{:02}:{:02} (giờ Việt Nam, UTC+7)",
                    t.day(),
                    u8::from(t.month()),
                    t.year(),
                    t.hour(),
                    t.minute(),
                    t.second()
                )
            })
            .unwrap_or_else(|| self.0.to_string())
    }

    /// Parse an RFC 3339 timestamp (`2026-06-01T07:00:00+07:00`).
    pub fn parse_rfc3339(s: &str) -> Option<Self> {
        time::OffsetDateTime::parse(s, &time::format_description::well_known::Rfc3339)
            .ok()
            .map(Self::from)
    }
}

impl From<time::OffsetDateTime> for UnixTime {
    fn from(t: time::OffsetDateTime) -> Self {
        UnixTime(t.unix_timestamp())
    }
}

impl fmt::Display for UnixTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_rfc3339())
    }
}

/// `t` in Vietnam time (UTC+7), the offset every signing time is shown in.
pub(crate) fn vietnam_time(t: time::OffsetDateTime) -> time::OffsetDateTime {
    // 7 hours is always a valid offset (the range is ±25:59:59).
    t.to_offset(time::UtcOffset::from_hms(7, 0, 0).unwrap_or(time::UtcOffset::UTC))
}
