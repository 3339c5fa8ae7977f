//! Domain values validated at construction: once one exists, it is valid.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::ModelError;

/// Highest periodic-test score: the 10-point scale of TT27 Điều 7.1.d.
pub const MAX_SCORE: u8 = 10;

/// A periodic-test score: an integer on the 10-point scale, no decimals
/// (Thông tư 27/2020/TT-BGDĐT, Điều 7.1.d: "cho điểm theo thang điểm 10, không cho điểm
/// thập phân"). Whether 0 is allowed is UNCONFIRMED: the model accepts 0 and the rules
/// raise a policy-controlled warning.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "u8", into = "u8")]
pub struct Score(u8);

impl Score {
    /// The score as an integer 0–10.
    pub fn get(self) -> u8 {
        self.0
    }
}

impl TryFrom<u8> for Score {
    type Error = ModelError;
    fn try_from(v: u8) -> Result<Self, ModelError> {
        if v <= MAX_SCORE {
            Ok(Self(v))
        } else {
            Err(ModelError::InvalidScore)
        }
    }
}

impl From<Score> for u8 {
    fn from(s: Score) -> u8 {
        s.0
    }
}

/// Scores are personal data: `Debug` does not show the value.
impl fmt::Debug for Score {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Score(..)")
    }
}

/// A primary grade, 1 to 5 (lớp 1 – lớp 5).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "u8", into = "u8")]
pub struct Grade(u8);

impl Grade {
    /// Lớp 1.
    pub const G1: Grade = Grade(1);
    /// Lớp 5, the last grade of primary school.
    pub const G5: Grade = Grade(5);

    /// The grade number 1–5.
    pub fn get(self) -> u8 {
        self.0
    }

    /// The next grade, if any.
    pub fn next(self) -> Option<Grade> {
        Grade::try_from(self.0 + 1).ok()
    }
}

impl TryFrom<u8> for Grade {
    type Error = ModelError;
    fn try_from(v: u8) -> Result<Self, ModelError> {
        if (1..=5).contains(&v) {
            Ok(Self(v))
        } else {
            Err(ModelError::InvalidGrade)
        }
    }
}

impl From<Grade> for u8 {
    fn from(g: Grade) -> u8 {
        g.0
    }
}

impl fmt::Display for Grade {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// First and last calendar year this crate accepts as the start of a school year.
pub const SCHOOL_YEAR_RANGE: std::ops::RangeInclusive<u16> = 1945..=2200;

/// A school year ("năm học"), written `2024-2025`: it starts in September of the first year.
/// Stored as its first calendar year.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct SchoolYear(u16);

impl SchoolYear {
    /// The school year starting in `start` (e.g. 2024 for 2024–2025).
    pub fn starting(start: u16) -> Result<Self, ModelError> {
        if SCHOOL_YEAR_RANGE.contains(&start) {
            Ok(Self(start))
        } else {
            Err(ModelError::InvalidSchoolYear)
        }
    }

    /// The calendar year the school year starts in.
    pub fn start(self) -> u16 {
        self.0
    }

    /// The calendar year the school year ends in.
    pub fn end(self) -> u16 {
        self.0 + 1
    }

    /// The following school year.
    pub fn next(self) -> Option<SchoolYear> {
        SchoolYear::starting(self.0 + 1).ok()
    }
}

impl FromStr for SchoolYear {
    type Err = ModelError;
    fn from_str(s: &str) -> Result<Self, ModelError> {
        let (a, b) = s.split_once('-').ok_or(ModelError::InvalidSchoolYear)?;
        let digits = |x: &str| x.len() == 4 && x.bytes().all(|c| c.is_ascii_digit());
        if !digits(a) || !digits(b) {
            return Err(ModelError::InvalidSchoolYear);
        }
        let start: u16 = a.parse().map_err(|_| ModelError::InvalidSchoolYear)?;
        let end: u16 = b.parse().map_err(|_| ModelError::InvalidSchoolYear)?;
        if end != start + 1 {
            return Err(ModelError::InvalidSchoolYear);
        }
        SchoolYear::starting(start)
    }
}

impl TryFrom<String> for SchoolYear {
    type Error = ModelError;
    fn try_from(s: String) -> Result<Self, ModelError> {
        s.parse()
    }
}

impl From<SchoolYear> for String {
    fn from(y: SchoolYear) -> String {
        y.to_string()
    }
}

impl fmt::Display for SchoolYear {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}", self.0, self.0 + 1)
    }
}

/// A 12-digit personal identification number (số định danh cá nhân, Nghị định
/// 137/2015/NĐ-CP Điều 13): province of birth registration (3 digits), century/gender
/// (1), year of birth (2), random (6). Only the shape (12 ASCII digits) is enforced here;
/// the meaning of the digits is checked by the rules as warnings, because the
/// century/gender mapping is UNCONFIRMED.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct PersonalId(String);

impl PersonalId {
    /// The twelve digits.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The 3-digit province code of birth registration (e.g. "048" Đà Nẵng).
    pub fn province_code(&self) -> &str {
        &self.0[0..3]
    }

    /// The century/gender digit (position 4).
    pub fn century_gender_digit(&self) -> u8 {
        self.0.as_bytes()[3] - b'0'
    }

    /// The last two digits of the year of birth (positions 5–6).
    pub fn birth_year_2(&self) -> u8 {
        let b = self.0.as_bytes();
        (b[4] - b'0') * 10 + (b[5] - b'0')
    }
}

impl TryFrom<String> for PersonalId {
    type Error = ModelError;
    fn try_from(s: String) -> Result<Self, ModelError> {
        if s.len() == 12 && s.bytes().all(|c| c.is_ascii_digit()) {
            Ok(Self(s))
        } else {
            Err(ModelError::InvalidPersonalId)
        }
    }
}

impl TryFrom<&str> for PersonalId {
    type Error = ModelError;
    fn try_from(s: &str) -> Result<Self, ModelError> {
        Self::try_from(s.to_owned())
    }
}

impl From<PersonalId> for String {
    fn from(p: PersonalId) -> String {
        p.0
    }
}

/// A personal ID is personal data: `Debug` shows only that one is present.
impl fmt::Debug for PersonalId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PersonalId(..)")
    }
}

macro_rules! ascii_code {
    ($(#[$m:meta])* $name:ident, $max:expr, $err:ident, $allowed:expr) => {
        $(#[$m])*
        #[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(try_from = "String", into = "String")]
        pub struct $name(String);

        impl $name {
            /// The code.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl TryFrom<String> for $name {
            type Error = ModelError;
            fn try_from(s: String) -> Result<Self, ModelError> {
                let ok = !s.is_empty() && s.len() <= $max && s.bytes().all($allowed);
                if ok { Ok(Self(s)) } else { Err(ModelError::$err) }
            }
        }

        impl TryFrom<&str> for $name {
            type Error = ModelError;
            fn try_from(s: &str) -> Result<Self, ModelError> {
                Self::try_from(s.to_owned())
            }
        }

        impl From<$name> for String {
            fn from(c: $name) -> String {
                c.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

ascii_code!(
    /// The pupil's code in the sector database (mã định danh Bộ GD&ĐT, CSDL ngành).
    /// Its official format is UNCONFIRMED, so only 1–32 ASCII letters, digits, `-`, `_`
    /// and `.` are required.
    PupilCode, 32, InvalidPupilCode, |c: u8| c.is_ascii_alphanumeric() || c == b'-' || c == b'_' || c == b'.'
);

impl fmt::Debug for PupilCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PupilCode(..)")
    }
}

ascii_code!(
    /// A school's code in the sector database (mã trường), 1–32 ASCII letters, digits,
    /// `-`, `_` or `.`.
    SchoolCode, 32, InvalidSchoolCode, |c: u8| c.is_ascii_alphanumeric() || c == b'-' || c == b'_' || c == b'.'
);

impl fmt::Debug for SchoolCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SchoolCode({})", self.0)
    }
}

ascii_code!(
    /// An administrative-unit code (mã đơn vị hành chính, e.g. "48" for TP. Đà Nẵng),
    /// 1–16 ASCII digits or letters.
    AdminCode, 16, InvalidAdminCode, |c: u8| c.is_ascii_alphanumeric()
);

impl fmt::Debug for AdminCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "AdminCode({})", self.0)
    }
}

ascii_code!(
    /// A nationality as an ISO 3166-1 alpha-2 country code ("VN").
    CountryCode, 2, InvalidCountryCode, |c: u8| c.is_ascii_uppercase()
);

impl CountryCode {
    /// Việt Nam.
    pub fn vn() -> Self {
        Self("VN".to_owned())
    }
}

impl fmt::Debug for CountryCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "CountryCode({})", self.0)
    }
}

/// A calendar date, written `YYYY-MM-DD` (ISO 8601 / RFC 3339 full-date) in JSON and CBOR.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Date(time::Date);

const DATE_FORMAT: &[time::format_description::BorrowedFormatItem<'static>] =
    time::macros::format_description!("[year]-[month]-[day]");

impl Date {
    /// The date `year-month-day`.
    pub fn from_ymd(year: i32, month: u8, day: u8) -> Result<Self, ModelError> {
        let month = time::Month::try_from(month).map_err(|_| ModelError::InvalidDate)?;
        time::Date::from_calendar_date(year, month, day)
            .map(Self)
            .map_err(|_| ModelError::InvalidDate)
    }

    /// The underlying `time::Date`.
    pub fn get(self) -> time::Date {
        self.0
    }

    /// The calendar year.
    pub fn year(self) -> i32 {
        self.0.year()
    }
}

impl FromStr for Date {
    type Err = ModelError;
    fn from_str(s: &str) -> Result<Self, ModelError> {
        // `get`, not `[..4]`: the input may have a multi-byte character anywhere (a fuzzer
        // found `20cୗ9-05`, ten bytes, slicing inside a character would panic).
        let year = s.get(..4).and_then(|y| y.parse::<i32>().ok()).unwrap_or(0);
        if s.len() != 10 || !(1000..=9999).contains(&year) {
            return Err(ModelError::InvalidDate);
        }
        time::Date::parse(s, DATE_FORMAT)
            .map(Self)
            .map_err(|_| ModelError::InvalidDate)
    }
}

impl TryFrom<String> for Date {
    type Error = ModelError;
    fn try_from(s: String) -> Result<Self, ModelError> {
        s.parse()
    }
}

impl From<Date> for String {
    fn from(d: Date) -> String {
        d.to_string()
    }
}

impl From<time::Date> for Date {
    fn from(d: time::Date) -> Self {
        Self(d)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:04}-{:02}-{:02}",
            self.0.year(),
            u8::from(self.0.month()),
            self.0.day()
        )
    }
}

/// A date may be a birth date: `Debug` does not show it.
impl fmt::Debug for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Date(..)")
    }
}

/// A SHA-256 digest, hex in JSON, a 32-byte string in CBOR.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Sha256Digest(pub [u8; 32]);

impl Sha256Digest {
    /// The SHA-256 of `bytes` (of a signed record: what a correction names in `supersedes`).
    pub fn of(bytes: &[u8]) -> Self {
        use sha2::Digest;
        Self(sha2::Sha256::digest(bytes).into())
    }

    /// Lower-case hex.
    pub fn to_hex(&self) -> String {
        hex::encode(self.0)
    }
}

impl TryFrom<String> for Sha256Digest {
    type Error = ModelError;
    fn try_from(s: String) -> Result<Self, ModelError> {
        let b = s.as_bytes();
        if b.len() != 64 {
            return Err(ModelError::InvalidDigest);
        }
        let nib = |c: u8| match c {
            b'0'..=b'9' => Ok(c - b'0'),
            b'a'..=b'f' => Ok(c - b'a' + 10),
            _ => Err(ModelError::InvalidDigest),
        };
        let mut out = [0u8; 32];
        for (i, o) in out.iter_mut().enumerate() {
            *o = nib(b[2 * i])? << 4 | nib(b[2 * i + 1])?;
        }
        Ok(Self(out))
    }
}

impl From<Sha256Digest> for String {
    fn from(d: Sha256Digest) -> String {
        d.to_hex()
    }
}

impl fmt::Debug for Sha256Digest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Sha256Digest({})", self.to_hex())
    }
}

impl fmt::Display for Sha256Digest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_hex())
    }
}

/// The lookup code of one học bạ (`MA_TRA_CUU_UUID`, CV 2088/BGDĐT-GDTH Phụ lục 1.1): a UUID
/// version 4, written as 36 lower-case characters. A record recalled and replaced gets a new
/// one; the old one is never reused.
///
/// The core reads no OS randomness: a caller either supplies a code
/// ([`LookupCode::try_from`]) or 16 random bytes from its own generator
/// ([`LookupCode::from_random_bytes`]).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct LookupCode(uuid::Uuid);

impl LookupCode {
    /// A version-4 UUID made from 16 random bytes (the version and variant bits are set
    /// here, as RFC 9562 §5.4 says).
    pub fn from_random_bytes(bytes: [u8; 16]) -> Self {
        Self(uuid::Builder::from_random_bytes(bytes).into_uuid())
    }

    /// The 16 bytes of the UUID.
    pub fn as_bytes(&self) -> &[u8; 16] {
        self.0.as_bytes()
    }
}

impl FromStr for LookupCode {
    type Err = ModelError;
    fn from_str(s: &str) -> Result<Self, ModelError> {
        // Only the hyphenated lower-case form (36 characters): one code, one spelling.
        let ok_shape = s.len() == 36
            && s.bytes().enumerate().all(|(i, c)| match i {
                8 | 13 | 18 | 23 => c == b'-',
                _ => c.is_ascii_digit() || (b'a'..=b'f').contains(&c),
            });
        let uuid = uuid::Uuid::try_parse(s)
            .ok()
            .filter(|u| ok_shape && u.get_version_num() == 4)
            .filter(|u| u.get_variant() == uuid::Variant::RFC4122)
            .ok_or(ModelError::InvalidLookupCode)?;
        Ok(Self(uuid))
    }
}

impl TryFrom<String> for LookupCode {
    type Error = ModelError;
    fn try_from(s: String) -> Result<Self, ModelError> {
        s.parse()
    }
}

impl TryFrom<&str> for LookupCode {
    type Error = ModelError;
    fn try_from(s: &str) -> Result<Self, ModelError> {
        s.parse()
    }
}

impl From<LookupCode> for String {
    fn from(c: LookupCode) -> String {
        c.to_string()
    }
}

impl fmt::Display for LookupCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0.hyphenated(), f)
    }
}

/// The lookup code identifies a pupil's record: `Debug` does not show it.
impl fmt::Debug for LookupCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("LookupCode(..)")
    }
}

/// A date and time with its UTC offset, to the second: `2024-05-24T18:39:30+07:00`, the
/// date-time form of CV 2088/BGDĐT-GDTH (RFC 3339 without fractions; `Z` is not used).
#[derive(Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct DateTime(time::OffsetDateTime);

const DATE_TIME_FORMAT: &[time::format_description::BorrowedFormatItem<'static>] = time::macros::format_description!(
    "[year]-[month]-[day]T[hour]:[minute]:[second][offset_hour sign:mandatory]:[offset_minute]"
);

impl DateTime {
    /// The underlying `time::OffsetDateTime`.
    pub fn get(self) -> time::OffsetDateTime {
        self.0
    }

    /// The calendar date in the value's own offset.
    pub fn date(self) -> Date {
        Date(self.0.date())
    }

    /// Seconds since the Unix epoch.
    pub fn unix_timestamp(self) -> i64 {
        self.0.unix_timestamp()
    }
}

impl TryFrom<time::OffsetDateTime> for DateTime {
    type Error = ModelError;
    fn try_from(t: time::OffsetDateTime) -> Result<Self, ModelError> {
        // Whole seconds, offsets in whole minutes, four-digit years: what the text form holds.
        let ok = t.nanosecond() == 0
            && t.offset().seconds_past_minute() == 0
            && (1000..=9999).contains(&t.year());
        if ok {
            Ok(Self(t))
        } else {
            Err(ModelError::InvalidDateTime)
        }
    }
}

impl FromStr for DateTime {
    type Err = ModelError;
    fn from_str(s: &str) -> Result<Self, ModelError> {
        if s.len() != 25 || !s.is_ascii() {
            return Err(ModelError::InvalidDateTime);
        }
        time::OffsetDateTime::parse(s, DATE_TIME_FORMAT)
            .map_err(|_| ModelError::InvalidDateTime)
            .and_then(Self::try_from)
    }
}

impl TryFrom<String> for DateTime {
    type Error = ModelError;
    fn try_from(s: String) -> Result<Self, ModelError> {
        s.parse()
    }
}

impl From<DateTime> for String {
    fn from(d: DateTime) -> String {
        d.to_string()
    }
}

impl fmt::Display for DateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let t = self.0;
        let off = t.offset().whole_minutes();
        let sign = if off < 0 { '-' } else { '+' };
        write!(
            f,
            "{}T{:02}:{:02}:{:02}{sign}{:02}:{:02}",
            Date(t.date()),
            t.hour(),
            t.minute(),
            t.second(),
            off.unsigned_abs() / 60,
            off.unsigned_abs() % 60
        )
    }
}

impl fmt::Debug for DateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "DateTime({self})")
    }
}

ascii_code!(
    /// The code of a provincial Department of Education and Training (mã Sở GDĐT,
    /// `MA_SO_GIAO_DUC`); its official format is UNCONFIRMED, so 1–32 ASCII letters, digits,
    /// `-`, `_` or `.`.
    DepartmentCode, 32, InvalidDepartmentCode, |c: u8| c.is_ascii_alphanumeric() || c == b'-' || c == b'_' || c == b'.'
);

impl fmt::Debug for DepartmentCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "DepartmentCode({})", self.0)
    }
}
