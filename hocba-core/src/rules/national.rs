//! The national format's fields (Công văn 2088/BGDĐT-GDTH, Phụ lục 1.1: the field table of
//! the học bạ số XML): absence counts that a school year can hold, and — as warnings, under
//! the policy `national_completeness` — every field the table marks required that a record
//! of the model may leave out. None of this is a TT27 rule: a record without these fields is
//! a valid học bạ under TT27, but it cannot be submitted as national XML yet.

use super::registry::RuleCode;
use super::report::{Params, Sink};
use crate::model::{Text, YearRecord};

/// Weeks of teaching in a school year (Chương trình GDPT 2018, TT32/2018/TT-BGDĐT: "35
/// tuần"; the programme's figure — the year's calendar may run a little longer, hence a
/// warning).
pub const SCHOOL_WEEKS_PER_YEAR: u16 = 35;
/// School days a week at primary level (Monday to Friday).
pub const SCHOOL_DAYS_PER_WEEK: u16 = 5;
/// Sessions (buổi) a day at a school teaching two sessions a day (TT32/2018: "dạy học 2
/// buổi/ngày"), the most a primary school has.
pub const SESSIONS_PER_DAY: u16 = 2;
/// The most school days a year has: 35 × 5.
pub const MAX_SCHOOL_DAYS_PER_YEAR: u16 = SCHOOL_WEEKS_PER_YEAR * SCHOOL_DAYS_PER_WEEK;
/// The most sessions a year has: 35 × 5 × 2. More sessions absent than this is implausible.
pub const MAX_SESSIONS_PER_YEAR: u16 = MAX_SCHOOL_DAYS_PER_YEAR * SESSIONS_PER_DAY;

/// True when the record carries any field that format 2 added for the national XML (the
/// lookup code, absences in sessions, the register number, the school path, the group
/// comments, the issuance, the Sở, the signers' personal IDs or the principal's title).
pub(crate) fn uses_national_fields(r: &YearRecord) -> bool {
    r.lookup_code.is_some()
        || r.absences_excused.is_some()
        || r.absences_unexcused.is_some()
        || r.register_number.is_some()
        || !r.history.is_empty()
        || !r.comments.is_empty()
        || r.issuance.is_some()
        || r.school.department.is_some()
        || r.homeroom_teacher.personal_id.is_some()
        || r.principal.personal_id.is_some()
        || r.principal.title.is_some()
}

/// Runs the absence and completeness rules, and — for a record read from the national XML —
/// names the optional elements it held empty (`national_empty_element`, ADR 0266).
pub(crate) fn check(record: &YearRecord, sink: &mut Sink<'_>) {
    absences(record, sink);
    completeness(record, sink);
    let empty: Vec<_> = sink
        .national
        .map(|f| {
            f.empty_elements
                .iter()
                .map(|e| (e.tag, e.path.clone()))
                .collect()
        })
        .unwrap_or_default();
    for (tag, path) in empty {
        sink.emit(RuleCode::NationalEmptyElement, path, Params::item(tag, tag));
    }
}

fn absences(r: &YearRecord, sink: &mut Sink<'_>) {
    let excused = r.absences_excused.unwrap_or(0);
    let unexcused = r.absences_unexcused.unwrap_or(0);
    let sessions = u32::from(excused) + u32::from(unexcused);
    let has_sessions = r.absences_excused.is_some() || r.absences_unexcused.is_some();
    if sessions > u32::from(MAX_SESSIONS_PER_YEAR) {
        let path = if unexcused > excused {
            "absences_unexcused"
        } else {
            "absences_excused"
        };
        sink.emit(
            RuleCode::AbsencesImplausible,
            path,
            Params::item(
                "tổng số buổi nghỉ (có phép và không phép) nhiều hơn số buổi học của một năm học (35 tuần, 5 ngày mỗi tuần, 2 buổi mỗi ngày)",
                "the sessions absent (with and without permission) exceed the sessions of a school year (35 weeks, 5 days a week, 2 sessions a day)",
            ),
        );
    }
    if let Some(days) = r.days_absent {
        if days > MAX_SCHOOL_DAYS_PER_YEAR {
            sink.emit(
                RuleCode::AbsencesImplausible,
                "days_absent",
                Params::item(
                    "số ngày nghỉ nhiều hơn số ngày học của một năm học (35 tuần, 5 ngày mỗi tuần)",
                    "the days absent exceed the school days of a year (35 weeks, 5 days a week)",
                ),
            );
        } else if has_sessions && sessions < u32::from(days) {
            sink.emit(
                RuleCode::AbsencesImplausible,
                "absences_excused",
                Params::item(
                    "tổng số buổi nghỉ ít hơn số ngày nghỉ (mỗi ngày nghỉ là ít nhất một buổi nghỉ)",
                    "fewer sessions absent than days absent (each day absent is at least one session)",
                ),
            );
        }
    }
}

fn blank(t: Option<&Text>) -> bool {
    t.is_none_or(Text::is_blank)
}

fn completeness(r: &YearRecord, sink: &mut Sink<'_>) {
    let c = &r.comments;
    let missing: [(bool, &str, &'static str, &'static str); 16] = [
        (
            r.lookup_code.is_none(),
            "lookup_code",
            "Mã tra cứu học bạ (MA_TRA_CUU_UUID)",
            "Lookup code (MA_TRA_CUU_UUID)",
        ),
        (
            r.school.department.is_none(),
            "school.department",
            "Sở Giáo dục và Đào tạo (MA_SO_GIAO_DUC, TEN_SO_GD)",
            "Department of Education and Training (MA_SO_GIAO_DUC, TEN_SO_GD)",
        ),
        (
            blank(r.register_number.as_ref()),
            "register_number",
            "Số sổ đăng bộ (SO_SO_DANG_BO)",
            "Enrolment register number (SO_SO_DANG_BO)",
        ),
        (
            r.height_mm.is_none(),
            "height_mm",
            "Chiều cao (CHIEU_CAO)",
            "Height (CHIEU_CAO)",
        ),
        (
            r.weight_g.is_none(),
            "weight_g",
            "Cân nặng (CAN_NANG)",
            "Weight (CAN_NANG)",
        ),
        (
            r.absences_excused.is_none(),
            "absences_excused",
            "Tổng số buổi nghỉ có phép (TONG_SO_BUOI_NGHI_CO_PHEP)",
            "Sessions absent with permission (TONG_SO_BUOI_NGHI_CO_PHEP)",
        ),
        (
            r.absences_unexcused.is_none(),
            "absences_unexcused",
            "Tổng số buổi nghỉ không phép (THONG_SO_BUOI_NGHI_KHONG_PHEP)",
            "Sessions absent without permission (THONG_SO_BUOI_NGHI_KHONG_PHEP)",
        ),
        (
            r.history.is_empty(),
            "history",
            "Quá trình học tập (QUA_TRINH_HOC_TAP)",
            "School path (QUA_TRINH_HOC_TAP)",
        ),
        (
            r.homeroom_teacher.personal_id.is_none(),
            "homeroom_teacher.personal_id",
            "Số định danh cá nhân của giáo viên chủ nhiệm (SO_CCCD_GIAO_VIEN_CHU_NHIEM)",
            "Homeroom teacher's personal ID (SO_CCCD_GIAO_VIEN_CHU_NHIEM)",
        ),
        (
            r.principal.personal_id.is_none(),
            "principal.personal_id",
            "Số định danh cá nhân của người ký học bạ (SO_CCCD_GIAM_HIEU_KY_HOC_BA)",
            "Signing principal's personal ID (SO_CCCD_GIAM_HIEU_KY_HOC_BA)",
        ),
        (
            r.issuance.is_none(),
            "issuance",
            "Địa danh và ngày tạo học bạ (DIA_DANH_PHAT_HANH_HOC_BA, NGAY_TAO_HOC_BA)",
            "Place and date the record was made (DIA_DANH_PHAT_HANH_HOC_BA, NGAY_TAO_HOC_BA)",
        ),
        (
            r.issuance.as_ref().is_some_and(|i| i.issued_at.is_none()),
            "issuance.issued_at",
            "Ngày ký phát hành học bạ (NGAY_KY_PHAT_HANH_HOC_BA)",
            "Date of issue (NGAY_KY_PHAT_HANH_HOC_BA)",
        ),
        (
            blank(c.qualities.as_ref()),
            "comments.qualities",
            "Nhận xét về phẩm chất (NHAN_XET_PHAM_CHAT)",
            "Comment on the qualities (NHAN_XET_PHAM_CHAT)",
        ),
        (
            blank(c.general_competencies.as_ref()),
            "comments.general_competencies",
            "Nhận xét về năng lực chung (NHAN_XET_NANG_LUC_CHUNG)",
            "Comment on the general competencies (NHAN_XET_NANG_LUC_CHUNG)",
        ),
        (
            blank(c.specific_competencies.as_ref()),
            "comments.specific_competencies",
            "Nhận xét về năng lực đặc thù (NHAN_XET_NANG_LUC_DAC_THU)",
            "Comment on the specific competencies (NHAN_XET_NANG_LUC_DAC_THU)",
        ),
        (
            blank(c.homeroom.as_ref()),
            "comments.homeroom",
            "Nhận xét của giáo viên chủ nhiệm (NHAN_XET_GVCN)",
            "Homeroom teacher's comment (NHAN_XET_GVCN)",
        ),
    ];
    for (absent, path, vi, en) in missing {
        if absent {
            sink.emit(RuleCode::NationalFieldMissing, path, Params::item(vi, en));
        }
    }
}
