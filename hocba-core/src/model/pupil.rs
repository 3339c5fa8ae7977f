//! The pupil's identity page and the enrolment history (quá trình học tập).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{
    AdminCode, Admission, CountryCode, Date, DepartmentCode, Ethnicity, Gender, PersonalId,
    PupilCode, SchoolCode, SchoolYear, Text,
};

/// An administrative unit (đơn vị hành chính): a name and, where known, its official code.
// The CBOR form, in rustdoc only (so it stays out of the JSON Schema's descriptions).
#[cfg_attr(
    doc,
    doc = r#"

CBOR form (`docs/spec/hocba.cddl`):
```cddl
admin-unit = {
  ? 1 => admin-code,                    ; code
  2 => nfc-text,                        ; name
}
```
"#
)]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AdminUnit {
    /// Official code (mã đơn vị hành chính), where known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<AdminCode>,
    /// Official name, e.g. "Thành phố Đà Nẵng", "Xã Điện Bàn Bắc".
    pub name: Text,
}

/// A place in Việt Nam's administrative geography **as it was on a given date**.
///
/// Units change: Quảng Nam merged into Đà Nẵng in 2025 and the district level was removed,
/// so a place names its province, optional district and commune together with the date
/// (`as_of`) on which those names were current. Nothing about geography is hard-coded.
///
/// A place read from the national XML (CV 2088), which writes an address as one line, is
/// that line in `detail` with no units and no date (format 2, ADR 0076).
// The CBOR form, in rustdoc only (so it stays out of the JSON Schema's descriptions).
#[cfg_attr(
    doc,
    doc = r#"

CBOR form (`docs/spec/hocba.cddl`):
```cddl
place = {
  ? 1 => nfc-text,                      ; detail
  ? 2 => admin-unit,                    ; commune
  ? 3 => admin-unit,                    ; district
  ? 4 => admin-unit,                    ; province
  ? 5 => date,                          ; as_of
}
```
"#
)]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Place {
    /// Street, hamlet (thôn, tổ dân phố), house number: the part below the commune.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<Text>,
    /// Xã / phường / thị trấn.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub commune: Option<AdminUnit>,
    /// Huyện / quận / thị xã; absent for places recorded under two-tier local government.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub district: Option<AdminUnit>,
    /// Tỉnh / thành phố trực thuộc trung ương; absent for an address kept as written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub province: Option<AdminUnit>,
    /// The date on which these unit names were in force, where known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub as_of: Option<Date>,
}

impl Place {
    /// The place as one line, smallest unit first: "detail, commune, district, province".
    pub fn one_line(&self) -> String {
        let units = [&self.commune, &self.district, &self.province];
        let parts = self
            .detail
            .iter()
            .map(Text::as_str)
            .chain(units.into_iter().flatten().map(|u| u.name.as_str()));
        parts.collect::<Vec<_>>().join(", ")
    }
}

/// A parent or guardian line of the identity page.
// The CBOR form, in rustdoc only (so it stays out of the JSON Schema's descriptions).
#[cfg_attr(
    doc,
    doc = r#"

CBOR form (`docs/spec/hocba.cddl`):
```cddl
guardian = {
  1 => nfc-text,                        ; full_name
  ? 2 => uint16,                        ; birth_year
  ? 3 => nfc-text,                      ; occupation
}
```
"#
)]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Guardian {
    /// Họ và tên.
    pub full_name: Text,
    /// Năm sinh, where recorded (the sector database keeps it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub birth_year: Option<u16>,
    /// Nghề nghiệp, where recorded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub occupation: Option<Text>,
}

/// The pupil's identity page (trang thông tin học sinh), filled in from the birth certificate.
// The CBOR form, in rustdoc only (so it stays out of the JSON Schema's descriptions).
#[cfg_attr(
    doc,
    doc = r#"

CBOR form (`docs/spec/hocba.cddl`):
```cddl
pupil = {
  1 => nfc-text,                        ; full_name
  2 => gender,                          ; gender
  3 => date,                            ; date_of_birth
  4 => nfc-text,                        ; place_of_birth
  ? 5 => nfc-text,                      ; hometown
  ? 6 => ethnicity,                     ; ethnicity
  7 => country-code,                    ; nationality
  8 => place,                           ; residence
  ? 9 => guardian,                      ; father
  ? 10 => guardian,                     ; mother
  ? 11 => guardian,                     ; guardian
  ? 12 => personal-id,                  ; personal_id
  ? 13 => code32,                       ; pupil_code
}
```
"#
)]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Pupil {
    /// Họ và tên học sinh.
    pub full_name: Text,
    /// Giới tính.
    pub gender: Gender,
    /// Ngày, tháng, năm sinh.
    pub date_of_birth: Date,
    /// Nơi sinh, as written on the birth certificate.
    pub place_of_birth: Text,
    /// Quê quán.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hometown: Option<Text>,
    /// Dân tộc; absent for a foreign pupil.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ethnicity: Option<Ethnicity>,
    /// Quốc tịch.
    pub nationality: CountryCode,
    /// Nơi ở hiện nay.
    pub residence: Place,
    /// Họ và tên cha.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub father: Option<Guardian>,
    /// Họ và tên mẹ.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mother: Option<Guardian>,
    /// Người giám hộ (nếu có).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guardian: Option<Guardian>,
    /// Số định danh cá nhân (12 digits). Optional in the model because the Hà Nội pilot
    /// found pupils without one; the rules flag its absence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub personal_id: Option<PersonalId>,
    /// Mã định danh Bộ GD&ĐT: the pupil's code in the sector database.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pupil_code: Option<PupilCode>,
}

/// A school as it appears on a record: name, code and where it is.
// The CBOR form, in rustdoc only (so it stays out of the JSON Schema's descriptions).
#[cfg_attr(
    doc,
    doc = r#"

CBOR form (`docs/spec/hocba.cddl`):
```cddl
school = {
  1 => nfc-text,                        ; name
  2 => code32,                          ; code
  3 => place,                           ; place
  ? 4 => department,                    ; department
}
```
"#
)]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct School {
    /// Tên trường, e.g. "Trường Tiểu học Trần Quốc Toản".
    pub name: Text,
    /// Mã trường in the sector database.
    pub code: SchoolCode,
    /// The school's administrative location, versioned by date.
    pub place: Place,
    /// The provincial Department of Education and Training the school reports to (Sở GDĐT:
    /// `MA_SO_GIAO_DUC`, `TEN_SO_GD` of the national XML).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub department: Option<Department>,
}

/// A provincial Department of Education and Training (Sở Giáo dục và Đào tạo).
// The CBOR form, in rustdoc only (so it stays out of the JSON Schema's descriptions).
#[cfg_attr(
    doc,
    doc = r#"

CBOR form (`docs/spec/hocba.cddl`):
```cddl
department = {
  1 => code32,                          ; code
  2 => nfc-text,                        ; name
}
```
"#
)]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Department {
    /// Mã Sở GDĐT.
    pub code: DepartmentCode,
    /// Tên Sở, e.g. "Sở Giáo dục và Đào tạo thành phố Đà Nẵng".
    pub name: Text,
}

/// One line of "Quá trình học tập" as a year record carries it (the national XML's
/// `QUA_TRINH_HOC_TAP`): the class and school of a school year, and the date the pupil moved
/// in when they transferred.
// The CBOR form, in rustdoc only (so it stays out of the JSON Schema's descriptions).
#[cfg_attr(
    doc,
    doc = r#"

CBOR form (`docs/spec/hocba.cddl`):
```cddl
school-step = {
  1 => school-year,                     ; school_year
  2 => nfc-text,                        ; class_name
  3 => nfc-text,                        ; school_name
  ? 4 => date,                          ; moved_in_on
}
```
"#
)]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SchoolStep {
    /// Năm học.
    pub school_year: SchoolYear,
    /// Lớp.
    pub class_name: Text,
    /// Tên trường.
    pub school_name: Text,
    /// Ngày chuyển đến (`NGAY_TRANG_THAI_CHUYEN_DEN`), for a year the pupil transferred in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub moved_in_on: Option<Date>,
}

/// One row of "Quá trình học tập": a school year at a school.
// The CBOR form, in rustdoc only (so it stays out of the JSON Schema's descriptions).
#[cfg_attr(
    doc,
    doc = r#"

CBOR form (`docs/spec/hocba.cddl`):
```cddl
enrolment = {
  1 => school-year,                     ; school_year
  2 => nfc-text,                        ; class_name
  3 => nfc-text,                        ; school_name
  4 => code32,                          ; school_code
  5 => nfc-text,                        ; register_number
  6 => date,                            ; admitted_on
  7 => admission,                       ; admission
}
```
"#
)]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Enrolment {
    /// Năm học.
    pub school_year: SchoolYear,
    /// Lớp, e.g. "3A".
    pub class_name: Text,
    /// Tên trường.
    pub school_name: Text,
    /// Mã trường.
    pub school_code: SchoolCode,
    /// Số đăng bộ: the pupil's number in the school's enrolment register.
    pub register_number: Text,
    /// Ngày nhập học / chuyển đến.
    pub admitted_on: Date,
    /// Nhập học or chuyển đến.
    pub admission: Admission,
}
