//! The encoding choices CV 2088/BGDĐT-GDTH leaves open, as a named, versioned profile.
//!
//! The technical document gives tag names and which are required, but not the subject codes
//! (`MA_MON_HOC`), whether a level (`MUC_DAT_DUOC`) is a code or a label, how gender and
//! ethnicity are written, nor the form of date-only fields. Each choice below is marked
//! UNCONFIRMED in `docs/spec/national-xml.md`; a revised specification becomes a second
//! profile, not an edit everywhere (ADR 0075).

/// How a level (mức đạt được) or a year result is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LevelStyle {
    /// The Vietnamese label, as the display template prints it: "Hoàn thành tốt", "Tốt", "Đạt".
    Label,
    /// hocba's ASCII wire code: `T`, `H`, `C`; `T`, `D`, `C`; `htxs`, `htt`, `ht`, `cht`.
    Code,
}

/// How a date-only field (`NGAY_SINH`, `NGAY_TRANG_THAI_CHUYEN_DEN`) is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DateStyle {
    /// `17/05/2017`, as the specification's own recall example writes `NGAY_SINH`.
    DayMonthYear,
    /// `2017-05-17` (ISO 8601).
    Iso,
}

/// How a gender, an ethnicity or a nationality is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NameStyle {
    /// The Vietnamese name: "Nam", "Nữ"; "Kinh", "Tày"; "Việt Nam".
    Label,
    /// hocba's code: `M`, `F`; `1`–`54`; `VN`.
    Code,
}

/// A national-format profile: every open encoding choice, fixed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Profile {
    /// The profile's name, e.g. `2088/1.0`.
    pub id: &'static str,
    /// `PHIEN_BAN`: the specification version written and required on reading.
    pub spec_version: &'static str,
    /// `MA_CAP_HOC` of primary school (cấp Tiểu học).
    pub primary_level_code: &'static str,
    /// `MUC_DAT_DUOC`, the quality and competency levels and `KET_QUA_XEP_LOAI`.
    pub levels: LevelStyle,
    /// `NGAY_SINH` and `NGAY_TRANG_THAI_CHUYEN_DEN`.
    pub dates: DateStyle,
    /// `GIOI_TINH`, `DAN_TOC`, `QUOC_TICH`.
    pub names: NameStyle,
    /// The two words of a boolean (`DUOC_LEN_LOP`, `DA_HOAN_THANH_…`): (true, false).
    pub booleans: (&'static str, &'static str),
}

impl Profile {
    /// Profile `2088/1.0`: CV 2088/BGDĐT-GDTH technical document version 1.0 (08/5/2024), with
    /// the defaults `docs/spec/national-xml.md` gives for what it leaves open (all UNCONFIRMED):
    /// labels for levels, gender, ethnicity and nationality; `dd/MM/yyyy` dates; `1`/`0`
    /// booleans; `MA_CAP_HOC` `1`; hocba's subject wire codes as `MA_MON_HOC`.
    pub const V2088_1_0: Profile = Profile {
        id: "2088/1.0",
        spec_version: "1.0",
        primary_level_code: "1",
        levels: LevelStyle::Label,
        dates: DateStyle::DayMonthYear,
        names: NameStyle::Label,
        booleans: ("1", "0"),
    };

    /// The profile with this name, if hocba knows it.
    pub fn named(id: &str) -> Option<Profile> {
        [Profile::V2088_1_0].into_iter().find(|p| p.id == id)
    }
}

impl Default for Profile {
    fn default() -> Self {
        Profile::V2088_1_0
    }
}
