//! A year record: one school year's page of the học bạ.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{
    AwardKind, Competency, Date, DateTime, Extensions, Grade, LookupCode, Moment, PersonalId,
    PrincipalCapacity, Promotion, Pupil, Quality, QualityLevel, School, SchoolStep, SchoolYear,
    Score, Sha256Digest, Subject, SubjectLevel, Text, YearResult,
};

/// Identifier of the regulation a year was assessed under, e.g. `TT27/2020`.
///
/// Kept as text so a record naming a rule set this version of hocba does not know
/// (a future circular, or TT22/2016) can still be read; the rules report it.
pub type RuleSetId = Text;

/// The rule set identifier of Thông tư 27/2020/TT-BGDĐT.
pub const RULE_SET_TT27: &str = "TT27/2020";

/// One row of "Các môn học và hoạt động giáo dục".
// The CBOR form, in rustdoc only (so it stays out of the JSON Schema's descriptions).
#[cfg_attr(
    doc,
    doc = r#"

CBOR form (`docs/spec/hocba.cddl`):
```cddl
subject-result = {
  1 => subject,                         ; subject
  ? 2 => nfc-text,                      ; language
  3 => subject-level,                   ; level
  ? 4 => score,                         ; score
  ? 5 => true,                          ; retest
  ? 6 => nfc-text,                      ; comment
}
```
"#
)]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SubjectResult {
    /// The subject or activity.
    pub subject: Subject,
    /// For Ngoại ngữ 1 and Tiếng dân tộc thiểu số: which language (e.g. "Tiếng Anh",
    /// "Tiếng Chăm").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<Text>,
    /// Mức đạt được: T / H / C.
    pub level: SubjectLevel,
    /// Điểm KTĐK: the periodic-test score, where the subject is tested at this moment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score: Option<Score>,
    /// True when `score` is the score of a retest (the học bạ records the last test).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub retest: bool,
    /// Nhận xét.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<Text>,
}

/// One row of "Những phẩm chất chủ yếu".
// The CBOR form, in rustdoc only (so it stays out of the JSON Schema's descriptions).
#[cfg_attr(
    doc,
    doc = r#"

CBOR form (`docs/spec/hocba.cddl`):
```cddl
quality-rating = {
  1 => quality,                         ; quality
  2 => quality-level,                   ; level
  ? 3 => nfc-text,                      ; comment
}
```
"#
)]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct QualityRating {
    /// The quality.
    pub quality: Quality,
    /// Mức đạt được: T / Đ / C.
    pub level: QualityLevel,
    /// Nhận xét.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<Text>,
}

/// One row of "Những năng lực cốt lõi".
// The CBOR form, in rustdoc only (so it stays out of the JSON Schema's descriptions).
#[cfg_attr(
    doc,
    doc = r#"

CBOR form (`docs/spec/hocba.cddl`):
```cddl
competency-rating = {
  1 => competency,                      ; competency
  2 => quality-level,                   ; level
  ? 3 => nfc-text,                      ; comment
}
```
"#
)]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CompetencyRating {
    /// The competency.
    pub competency: Competency,
    /// Mức đạt được: T / Đ / C.
    pub level: QualityLevel,
    /// Nhận xét.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<Text>,
}

/// The assessments of one mid-year periodic moment (giữa học kì I, cuối học kì I, giữa
/// học kì II). Optional: the học bạ itself records the year end; vendors may carry the
/// mid-year results from the Bảng tổng hợp.
// The CBOR form, in rustdoc only (so it stays out of the JSON Schema's descriptions).
#[cfg_attr(
    doc,
    doc = r#"

CBOR form (`docs/spec/hocba.cddl`):
```cddl
periodic-result = {
  1 => moment,                          ; moment
  ? 2 => [+ subject-result],            ; subjects
  ? 3 => [+ quality-rating],            ; qualities
  ? 4 => [+ competency-rating],         ; competencies
}
```
"#
)]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PeriodicResult {
    /// The moment.
    pub moment: Moment,
    /// Subjects and activities at that moment.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub subjects: Vec<SubjectResult>,
    /// Qualities at that moment.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub qualities: Vec<QualityRating>,
    /// Competencies at that moment.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub competencies: Vec<CompetencyRating>,
}

/// A commendation written into the học bạ (TT27 Điều 13).
// The CBOR form, in rustdoc only (so it stays out of the JSON Schema's descriptions).
#[cfg_attr(
    doc,
    doc = r#"

CBOR form (`docs/spec/hocba.cddl`):
```cddl
award = {
  1 => award-kind,                      ; kind
  ? 2 => nfc-text,                      ; description
}
```
"#
)]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Award {
    /// Which commendation.
    pub kind: AwardKind,
    /// Its wording or reason where the kind leaves it open (đột xuất, cấp trên).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<Text>,
}

/// The additional assessment (đánh giá bổ sung) of a pupil who had not completed the class
/// programme at year end (TT27 Điều 11.1.b).
// The CBOR form, in rustdoc only (so it stays out of the JSON Schema's descriptions).
#[cfg_attr(
    doc,
    doc = r#"

CBOR form (`docs/spec/hocba.cddl`):
```cddl
supplementary-assessment = {
  1 => bool,                            ; completed
  ? 2 => date,                          ; date
  ? 3 => nfc-text,                      ; comment
}
```
"#
)]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SupplementaryAssessment {
    /// Whether the pupil completed the class programme after the additional assessment.
    pub completed: bool,
    /// Date of the additional assessment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<Date>,
    /// The teacher's note.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<Text>,
}

/// Class completion and promotion (TT27 Điều 11).
// The CBOR form, in rustdoc only (so it stays out of the JSON Schema's descriptions).
#[cfg_attr(
    doc,
    doc = r#"

CBOR form (`docs/spec/hocba.cddl`):
```cddl
completion = {
  1 => bool,                            ; class_completed
  ? 2 => supplementary-assessment,      ; supplementary
  3 => promotion,                       ; promotion
  ? 4 => true,                          ; principal_decision
  ? 5 => true,                          ; primary_completed
}
```
"#
)]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Completion {
    /// Hoàn thành chương trình lớp học (Điều 11.1.a), as finally decided for the year
    /// (after any additional assessment).
    pub class_completed: bool,
    /// The additional assessment, where one was held (Điều 11.1.b).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub supplementary: Option<SupplementaryAssessment>,
    /// Được lên lớp / chưa được lên lớp.
    pub promotion: Promotion,
    /// True when the promotion was decided by the principal after the school's own
    /// assessment of a pupil still not completing (Điều 11.1.c).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub principal_decision: bool,
    /// "Hoàn thành chương trình tiểu học" (Điều 11.2); grade 5 only.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub primary_completed: bool,
}

/// A person named on the record (homeroom teacher, principal).
// The CBOR form, in rustdoc only (so it stays out of the JSON Schema's descriptions).
#[cfg_attr(
    doc,
    doc = r#"

CBOR form (`docs/spec/hocba.cddl`):
```cddl
signatory = {
  1 => nfc-text,                        ; full_name
  ? 2 => personal-id,                   ; personal_id
}
```
"#
)]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Signatory {
    /// Họ và tên, as it will be printed under "ký, ghi rõ họ tên".
    pub full_name: Text,
    /// Số định danh cá nhân (CCCD) of the signer (`SO_CCCD_GIAO_VIEN_CHU_NHIEM`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub personal_id: Option<PersonalId>,
}

/// The principal's block: who signs and in which capacity.
// The CBOR form, in rustdoc only (so it stays out of the JSON Schema's descriptions).
#[cfg_attr(
    doc,
    doc = r#"

CBOR form (`docs/spec/hocba.cddl`):
```cddl
principal-signatory = {
  1 => nfc-text,                        ; full_name
  2 => principal-capacity,              ; capacity
  ? 3 => personal-id,                   ; personal_id
  ? 4 => nfc-text,                      ; title
}
```
"#
)]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PrincipalSignatory {
    /// Họ và tên.
    pub full_name: Text,
    /// Hiệu trưởng, or a vice-principal signing "KT. HIỆU TRƯỞNG".
    pub capacity: PrincipalCapacity,
    /// Số định danh cá nhân (CCCD) of the signer (`SO_CCCD_GIAM_HIEU_KY_HOC_BA`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub personal_id: Option<PersonalId>,
    /// Chức vụ as written (`CHUC_VU_GIAM_HIEU_KY_HOC_BA`) where it differs from the
    /// capacity's own label, e.g. "Phó Hiệu trưởng".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<Text>,
}

impl PrincipalSignatory {
    /// The title as printed: `title` if given, else the capacity's label.
    pub fn title_or_capacity(&self) -> &str {
        self.title
            .as_ref()
            .map_or(self.capacity.label_vi(), Text::as_str)
    }
}

/// The comments of the national format, one per group (CV 2088 Phụ lục 1.1:
/// `NHAN_XET_PHAM_CHAT`, `NHAN_XET_NANG_LUC_CHUNG`, `NHAN_XET_NANG_LUC_DAC_THU`,
/// `NHAN_XET_GVCN`). They sit beside the per-row comments (ADR 0076).
// The CBOR form, in rustdoc only (so it stays out of the JSON Schema's descriptions).
#[cfg_attr(
    doc,
    doc = r#"

CBOR form (`docs/spec/hocba.cddl`):
```cddl
group-comments = {
  ? 1 => nfc-text,                      ; qualities
  ? 2 => nfc-text,                      ; general_competencies
  ? 3 => nfc-text,                      ; specific_competencies
  ? 4 => nfc-text,                      ; homeroom
}
```
"#
)]
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GroupComments {
    /// Nhận xét về phẩm chất.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub qualities: Option<Text>,
    /// Nhận xét về năng lực chung.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub general_competencies: Option<Text>,
    /// Nhận xét về năng lực đặc thù.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub specific_competencies: Option<Text>,
    /// Nhận xét của giáo viên chủ nhiệm.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub homeroom: Option<Text>,
}

impl GroupComments {
    /// True when no comment is set.
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

/// Where and when the học bạ was made and issued (`DIA_DANH_PHAT_HANH_HOC_BA`,
/// `NGAY_TAO_HOC_BA`, `NGAY_KY_PHAT_HANH_HOC_BA`).
// The CBOR form, in rustdoc only (so it stays out of the JSON Schema's descriptions).
#[cfg_attr(
    doc,
    doc = r#"

CBOR form (`docs/spec/hocba.cddl`):
```cddl
issuance = {
  1 => nfc-text,                        ; place
  2 => date-time,                       ; created_at
  ? 3 => date-time,                     ; issued_at
}
```
"#
)]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Issuance {
    /// Địa danh, as printed before the date ("Đà Nẵng, ngày … tháng … năm …").
    pub place: Text,
    /// When the record was made.
    pub created_at: DateTime,
    /// When the school signed it for issue, once known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issued_at: Option<DateTime>,
}

/// A correction: this record replaces an earlier signed record of the same year.
// The CBOR form, in rustdoc only (so it stays out of the JSON Schema's descriptions).
#[cfg_attr(
    doc,
    doc = r#"

CBOR form (`docs/spec/hocba.cddl`):
```cddl
correction = {
  1 => sha256,                          ; supersedes
  2 => nfc-text,                        ; reason
}
```
"#
)]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Correction {
    /// SHA-256 of the complete signed bytes (the COSE_Sign) of the record superseded.
    pub supersedes: Sha256Digest,
    /// Why it was corrected (lý do điều chỉnh).
    pub reason: Text,
}

/// One school year of the học bạ: everything the GVCN, the principal and the school seal sign.
// The CBOR form, in rustdoc only (so it stays out of the JSON Schema's descriptions).
#[cfg_attr(
    doc,
    doc = r#"

CBOR form (`docs/spec/hocba.cddl`):
```cddl
year-record = {
  0 => version,                         ; version
  1 => rule-set-id,                     ; rule_set
  2 => pupil,                           ; pupil
  3 => school,                          ; school
  4 => school-year,                     ; school_year
  5 => grade,                           ; grade
  6 => nfc-text,                        ; class_name
  7 => signatory,                       ; homeroom_teacher
  8 => principal-signatory,             ; principal
  ? 9 => uint16,                        ; height_mm
  ? 10 => uint32,                       ; weight_g
  ? 11 => uint16,                       ; days_absent
  12 => [* subject-result],             ; subjects
  13 => [* quality-rating],             ; qualities
  14 => [* competency-rating],          ; competencies
  ? 15 => [+ periodic-result],          ; periodic
  16 => year-result,                    ; result
  ? 17 => [+ award],                    ; awards
  18 => completion,                     ; completion
  ? 19 => correction,                   ; correction
  ? 20 => lookup-code,                  ; lookup_code
  ? 21 => uint16,                       ; absences_excused
  ? 22 => uint16,                       ; absences_unexcused
  ? 23 => nfc-text,                     ; register_number
  ? 24 => [+ school-step],              ; history
  ? 25 => group-comments,               ; comments
  ? 26 => issuance,                     ; issuance
  * uint => any                         ; extensions (newer minor only)
}
```
"#
)]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct YearRecord {
    /// The regulation the year was assessed under, e.g. [`RULE_SET_TT27`].
    pub rule_set: RuleSetId,
    /// The pupil, as the school knew them that year.
    pub pupil: Pupil,
    /// The school.
    pub school: School,
    /// Năm học.
    pub school_year: SchoolYear,
    /// Khối lớp 1–5.
    pub grade: Grade,
    /// Lớp, e.g. "3A".
    pub class_name: Text,
    /// Giáo viên chủ nhiệm.
    pub homeroom_teacher: Signatory,
    /// Hiệu trưởng (or KT. Hiệu trưởng).
    pub principal: PrincipalSignatory,
    /// Chiều cao in millimetres (no floats in signed data).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub height_mm: Option<u16>,
    /// Cân nặng in grams.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weight_g: Option<u32>,
    /// Số ngày nghỉ (days absent) in the year.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub days_absent: Option<u16>,
    /// Year-end (cuối năm) results per subject and activity.
    pub subjects: Vec<SubjectResult>,
    /// Year-end ratings of the five qualities.
    pub qualities: Vec<QualityRating>,
    /// Year-end ratings of the competencies.
    pub competencies: Vec<CompetencyRating>,
    /// Optional mid-year periodic results.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub periodic: Vec<PeriodicResult>,
    /// Đánh giá kết quả giáo dục (Điều 9.2.a).
    pub result: YearResult,
    /// Khen thưởng (Điều 13).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub awards: Vec<Award>,
    /// Hoàn thành chương trình lớp học, lên lớp (Điều 11).
    pub completion: Completion,
    /// Set when this record corrects an earlier signed one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub correction: Option<Correction>,
    /// Mã tra cứu học bạ (`MA_TRA_CUU_UUID`): required by the national format; a replacement
    /// record gets a new one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lookup_code: Option<LookupCode>,
    /// Tổng số buổi nghỉ có phép (sessions absent with permission), as the national format counts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub absences_excused: Option<u16>,
    /// Tổng số buổi nghỉ không phép (sessions absent without permission).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub absences_unexcused: Option<u16>,
    /// Số sổ đăng bộ: the pupil's number in the school's enrolment register.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub register_number: Option<Text>,
    /// Quá trình học tập up to this year, as the national format carries it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub history: Vec<SchoolStep>,
    /// The national format's comments per group and the homeroom teacher's comment.
    #[serde(default, skip_serializing_if = "GroupComments::is_empty")]
    pub comments: GroupComments,
    /// Where and when the record was made and issued.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issuance: Option<Issuance>,
    /// Top-level fields of a newer minor format version, kept verbatim (ADR 0011).
    #[serde(default, skip_serializing_if = "Extensions::is_empty")]
    pub extensions: Extensions,
}

impl YearRecord {
    /// The year-end result of `subject`, if the record has it.
    pub fn subject(&self, subject: Subject) -> Option<&SubjectResult> {
        self.subjects.iter().find(|s| s.subject == subject)
    }
}
