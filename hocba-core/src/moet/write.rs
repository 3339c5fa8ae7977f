//! The writer: one year record as the national XML, the same bytes for the same record.

use super::profile::{DateStyle, LevelStyle, NameStyle, Profile};
use super::tags as t;
use crate::model::{
    Award, AwardKind, CountryCode, Date, Ethnicity, Gender, Promotion, QualityLevel, RULE_SET_TT27,
    Subject, SubjectLevel, Text, YearRecord, YearResult,
};

/// The XML declaration every document starts with.
pub(super) const DECLARATION: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";

/// An indenting writer of elements without attributes (but for `Id`), escaping text.
pub(super) struct XmlWriter {
    out: String,
    depth: usize,
}

impl XmlWriter {
    pub(super) fn new() -> Self {
        Self {
            out: String::from(DECLARATION),
            depth: 0,
        }
    }

    fn indent(&mut self) {
        for _ in 0..self.depth {
            self.out.push_str("  ");
        }
    }

    pub(super) fn open(&mut self, tag: &str) {
        self.open_with_id(tag, None);
    }

    fn open_with_id(&mut self, tag: &str, id: Option<&str>) {
        self.indent();
        self.out.push('<');
        self.out.push_str(tag);
        if let Some(id) = id {
            self.out.push_str(" Id=\"");
            escape_into(&mut self.out, id);
            self.out.push('"');
        }
        self.out.push_str(">\n");
        self.depth += 1;
    }

    pub(super) fn close(&mut self, tag: &str) {
        self.depth -= 1;
        self.indent();
        self.out.push_str("</");
        self.out.push_str(tag);
        self.out.push_str(">\n");
    }

    /// An element with no content, written `<TAG></TAG>` (what C14N writes too).
    fn empty(&mut self, tag: &str) {
        self.indent();
        self.out.push_str(&format!("<{tag}></{tag}>\n"));
    }

    fn leaf(&mut self, tag: &str, value: &str) {
        self.indent();
        self.out.push('<');
        self.out.push_str(tag);
        self.out.push('>');
        escape_into(&mut self.out, value);
        self.out.push_str("</");
        self.out.push_str(tag);
        self.out.push_str(">\n");
    }

    /// An optional element: left out when absent, and when blank — the specification writes
    /// a null by leaving the element out, and the reader takes an empty one for absent
    /// (`national_empty_element`, ADR 0266), so the writer never writes one.
    fn opt(&mut self, tag: &str, value: Option<&str>) {
        if let Some(v) = value.filter(|v| !v.trim().is_empty()) {
            self.leaf(tag, v);
        }
    }

    fn text(&mut self, tag: &str, value: &Option<Text>) {
        self.opt(tag, value.as_ref().map(Text::as_str));
    }

    pub(super) fn finish(self) -> String {
        self.out
    }
}

/// Escapes `&`, `<`, `>` and `"` (text and attribute values alike); line breaks and tabs stay.
fn escape_into(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            // A carriage return would be normalised away by every XML parser: keep it as a reference.
            '\r' => out.push_str("&#13;"),
            c => out.push(c),
        }
    }
}

/// A number of thousandths as `.`-decimal text without trailing zeros: 27500 → "27.5".
fn thousandths(v: u32) -> String {
    let (int, frac) = (v / 1000, v % 1000);
    if frac == 0 {
        int.to_string()
    } else {
        format!("{int}.{frac:03}").trim_end_matches('0').to_owned()
    }
}

/// A number of tenths: 1255 → "125.5".
fn tenths(v: u16) -> String {
    let (int, frac) = (v / 10, v % 10);
    if frac == 0 {
        int.to_string()
    } else {
        format!("{int}.{frac}")
    }
}

pub(super) fn date(d: Date, p: &Profile) -> String {
    match p.dates {
        DateStyle::Iso => d.to_string(),
        DateStyle::DayMonthYear => {
            let t = d.get();
            format!("{:02}/{:02}/{:04}", t.day(), u8::from(t.month()), t.year())
        }
    }
}

pub(super) fn subject_level(l: SubjectLevel, p: &Profile) -> &'static str {
    match p.levels {
        LevelStyle::Label => l.label_vi(),
        LevelStyle::Code => l.code(),
    }
}

pub(super) fn quality_level(l: QualityLevel, p: &Profile) -> &'static str {
    match p.levels {
        LevelStyle::Label => l.label_vi(),
        LevelStyle::Code => l.code(),
    }
}

pub(super) fn year_result(r: YearResult, p: &Profile) -> &'static str {
    match p.levels {
        LevelStyle::Label => r.label_vi(),
        LevelStyle::Code => r.code(),
    }
}

pub(super) fn gender(g: Gender, p: &Profile) -> &'static str {
    match p.names {
        NameStyle::Label => g.label_vi(),
        NameStyle::Code => g.code(),
    }
}

pub(super) fn ethnicity(e: Ethnicity, p: &Profile) -> String {
    match p.names {
        NameStyle::Label => e.name().to_owned(),
        NameStyle::Code => e.code().to_string(),
    }
}

/// "Việt Nam" for VN under label style; other nationalities by their ISO code.
pub(super) const VIET_NAM: &str = "Việt Nam";

pub(super) fn nationality(c: &CountryCode, p: &Profile) -> String {
    match p.names {
        NameStyle::Label if c.as_str() == "VN" => VIET_NAM.to_owned(),
        _ => c.as_str().to_owned(),
    }
}

pub(super) fn boolean(b: bool, p: &Profile) -> &'static str {
    if b { p.booleans.0 } else { p.booleans.1 }
}

/// `THONG_TU` from the rule set: TT27 by its official number, any other verbatim.
pub(super) fn thong_tu(rule_set: &Text) -> &str {
    if rule_set.as_str() == RULE_SET_TT27 {
        t::THONG_TU_27
    } else {
        rule_set.as_str()
    }
}

/// `TEN_MON_HOC`: the subject's label, or the language for Ngoại ngữ 1 and Tiếng dân tộc (a
/// blank language is no language: the element is required and never written empty).
fn subject_name(s: Subject, language: &Option<Text>) -> &str {
    match (s, language) {
        (Subject::NgoaiNgu1 | Subject::TiengDanToc, Some(l)) if !l.is_blank() => l.as_str(),
        _ => s.label_vi(),
    }
}

/// One award as a line of `NOI_DUNG_KHEN_THUONG(_DOT_XUAT)`: the kind's label, then the
/// description after ": " where there is one. The field holds every award of its kind joined by
/// [`AWARD_SEPARATOR`], so a separator inside a description is written as ", " (the one way the
/// line reads back as one award; `not_carried` names the change).
pub(super) fn award_line(a: &Award) -> String {
    match &a.description {
        Some(d) => format!(
            "{}: {}",
            a.kind.label_vi(),
            d.as_str().replace(AWARD_SEPARATOR, ", ")
        ),
        None => a.kind.label_vi().to_owned(),
    }
}

/// The separator between awards in one field.
pub(super) const AWARD_SEPARATOR: &str = "; ";

/// "Hoàn thành chương trình lớp 4; Được lên lớp 5." (the display template's sentence).
pub(super) fn completion_sentence(r: &YearRecord) -> String {
    let g = r.grade.get();
    let class = if r.completion.class_completed {
        format!("Hoàn thành chương trình lớp {g}")
    } else {
        format!("Chưa hoàn thành chương trình lớp {g}")
    };
    let next = match (r.completion.primary_completed, r.completion.promotion) {
        (true, _) => "Hoàn thành chương trình tiểu học".to_owned(),
        (false, Promotion::Promoted) if g < 5 => format!("Được lên lớp {}", g + 1),
        (false, Promotion::Promoted) => "Được lên lớp".to_owned(),
        (false, Promotion::Retained) => format!("Ở lại lớp {g}"),
    };
    format!("{class}; {next}.")
}

/// Writes `r` as one `HOC_BA` element (without the XML declaration) into `w`.
pub(super) fn hoc_ba(w: &mut XmlWriter, r: &YearRecord, p: &Profile) {
    w.open(t::HOC_BA);
    w.open_with_id(t::DU_LIEU_HOC_BA, Some(t::DATA_ID));
    general(w, r, p);
    path(w, r, p);
    summary(w, r, p);
    w.close(t::DU_LIEU_HOC_BA);
    w.empty(t::DANH_SACH_THONG_TIN_KY);
    w.close(t::HOC_BA);
}

fn general(w: &mut XmlWriter, r: &YearRecord, p: &Profile) {
    let pupil = &r.pupil;
    let place = &r.school.place;
    w.open(t::THONG_TIN_CHUNG);
    w.leaf("PHIEN_BAN", p.spec_version);
    w.leaf("THONG_TU", thong_tu(&r.rule_set));
    w.opt(
        "MA_TRA_CUU_UUID",
        r.lookup_code.map(|c| c.to_string()).as_deref(),
    );
    w.leaf("TEN_NAM_HOC", &r.school_year.to_string());
    if let Some(d) = &r.school.department {
        w.leaf("MA_SO_GIAO_DUC", d.code.as_str());
        w.leaf("TEN_SO_GD", d.name.as_str());
    }
    w.leaf("MA_TRUONG", r.school.code.as_str());
    w.leaf("TEN_TRUONG", r.school.name.as_str());
    w.opt(
        "TEN_QUAN_HUYEN",
        place.district.as_ref().map(|u| u.name.as_str()),
    );
    w.opt(
        "TEN_XA_PHUONG",
        place.commune.as_ref().map(|u| u.name.as_str()),
    );
    w.opt(
        "TEN_TINH_THANH_PHO",
        place.province.as_ref().map(|u| u.name.as_str()),
    );
    w.leaf("MA_CAP_HOC", p.primary_level_code);
    w.text("SO_SO_DANG_BO", &r.register_number);
    w.leaf("HO_VA_TEN", pupil.full_name.as_str());
    w.opt("SO_CCCD", pupil.personal_id.as_ref().map(|i| i.as_str()));
    w.opt("MA_HOC_SINH", pupil.pupil_code.as_ref().map(|c| c.as_str()));
    w.leaf("GIOI_TINH", gender(pupil.gender, p));
    w.leaf("NGAY_SINH", &date(pupil.date_of_birth, p));
    w.opt("CAN_NANG", r.weight_g.map(thousandths).as_deref());
    w.opt("CHIEU_CAO", r.height_mm.map(tenths).as_deref());
    w.opt(
        "TONG_SO_BUOI_NGHI_CO_PHEP",
        r.absences_excused.map(|n| n.to_string()).as_deref(),
    );
    w.opt(
        "THONG_SO_BUOI_NGHI_KHONG_PHEP",
        r.absences_unexcused.map(|n| n.to_string()).as_deref(),
    );
    w.leaf("NOI_SINH", pupil.place_of_birth.as_str());
    w.text("QUE_QUAN", &pupil.hometown);
    w.leaf("CHO_O_HIEN_NAY", &pupil.residence.one_line());
    w.opt(
        "DAN_TOC",
        pupil.ethnicity.map(|e| ethnicity(e, p)).as_deref(),
    );
    w.leaf("QUOC_TICH", &nationality(&pupil.nationality, p));
    for (tag, g) in [
        ("HO_VA_TEN_CHA", &pupil.father),
        ("HO_VA_TEN_ME", &pupil.mother),
        ("HO_VA_TEN_NGUOI_GIAM_HO", &pupil.guardian),
    ] {
        w.opt(tag, g.as_ref().map(|g| g.full_name.as_str()));
    }
    w.leaf("TEN_GIAM_HIEU_KY_HOC_BA", r.principal.full_name.as_str());
    w.opt(
        "SO_CCCD_GIAM_HIEU_KY_HOC_BA",
        r.principal.personal_id.as_ref().map(|i| i.as_str()),
    );
    if let Some(i) = &r.issuance {
        w.leaf("DIA_DANH_PHAT_HANH_HOC_BA", i.place.as_str());
        w.leaf("NGAY_TAO_HOC_BA", &i.created_at.to_string());
        w.opt(
            "NGAY_KY_PHAT_HANH_HOC_BA",
            i.issued_at.map(|t| t.to_string()).as_deref(),
        );
    }
    w.leaf(
        "CHUC_VU_GIAM_HIEU_KY_HOC_BA",
        r.principal.title_or_capacity(),
    );
    w.leaf(
        "TEN_GIAO_VIEN_CHU_NHIEM",
        r.homeroom_teacher.full_name.as_str(),
    );
    w.opt(
        "SO_CCCD_GIAO_VIEN_CHU_NHIEM",
        r.homeroom_teacher.personal_id.as_ref().map(|i| i.as_str()),
    );
    w.leaf("MA_KHOI", &r.grade.get().to_string());
    w.leaf("TEN_LOP", r.class_name.as_str());
    w.leaf("NAM_HOC", &r.school_year.start().to_string());
    w.close(t::THONG_TIN_CHUNG);
}

fn path(w: &mut XmlWriter, r: &YearRecord, p: &Profile) {
    if r.history.is_empty() {
        return;
    }
    w.open(t::QUA_TRINH_HOC_TAP);
    for s in &r.history {
        w.open(t::QUA_TRINH);
        w.leaf("TEN_NAM_HOC", &s.school_year.to_string());
        w.leaf("TEN_LOP", s.class_name.as_str());
        w.leaf("TEN_TRUONG", s.school_name.as_str());
        w.opt(
            "NGAY_TRANG_THAI_CHUYEN_DEN",
            s.moved_in_on.map(|d| date(d, p)).as_deref(),
        );
        w.close(t::QUA_TRINH);
    }
    w.close(t::QUA_TRINH_HOC_TAP);
}

fn summary(w: &mut XmlWriter, r: &YearRecord, p: &Profile) {
    let c = &r.completion;
    w.open(t::TONG_KET);
    w.leaf("KET_QUA_XEP_LOAI", year_result(r.result, p));
    w.leaf(
        "DUOC_LEN_LOP",
        boolean(c.promotion == Promotion::Promoted, p),
    );
    w.leaf(t::NOI_DUNG_HOAN_THANH_CHUONG_TRINH, &completion_sentence(r));
    w.leaf(
        "DA_HOAN_THANH_CHUONG_TRINH_LOP_HOC",
        boolean(c.class_completed, p),
    );
    if r.grade.get() == 5 || c.primary_completed {
        w.leaf(
            "DA_HOAN_THANH_CHUONG_TRINH_TIEU_HOC",
            boolean(c.primary_completed, p),
        );
    }
    let (special, regular): (Vec<&Award>, Vec<&Award>) =
        r.awards.iter().partition(|a| a.kind == AwardKind::Special);
    for (tag, awards) in [
        ("NOI_DUNG_KHEN_THUONG", regular),
        ("NOI_DUNG_KHEN_THUONG_DOT_XUAT", special),
    ] {
        if !awards.is_empty() {
            let lines: Vec<String> = awards.into_iter().map(award_line).collect();
            w.leaf(tag, &lines.join(AWARD_SEPARATOR));
        }
    }
    w.text("NHAN_XET_GVCN", &r.comments.homeroom);
    if !r.subjects.is_empty() {
        w.open(t::BANG_DIEM);
        for s in &r.subjects {
            w.open(t::MON_HOC);
            w.leaf("MA_MON_HOC", s.subject.code());
            w.leaf("TEN_MON_HOC", subject_name(s.subject, &s.language));
            w.leaf("MUC_DAT_DUOC", subject_level(s.level, p));
            w.opt(
                "DIEM_KIEM_TRA_DINH_KY",
                s.score.map(|v| v.get().to_string()).as_deref(),
            );
            w.close(t::MON_HOC);
        }
        w.close(t::BANG_DIEM);
    }
    w.open(t::NANG_LUC_PHAM_CHAT);
    for (competency, tag) in t::COMPETENCIES {
        if let Some(c) = r.competencies.iter().find(|c| c.competency == competency) {
            w.leaf(tag, quality_level(c.level, p));
        }
    }
    for (quality, tag) in t::QUALITIES {
        if let Some(q) = r.qualities.iter().find(|q| q.quality == quality) {
            w.leaf(tag, quality_level(q.level, p));
        }
    }
    w.text("NHAN_XET_PHAM_CHAT", &r.comments.qualities);
    w.text("NHAN_XET_NANG_LUC_CHUNG", &r.comments.general_competencies);
    w.text(
        "NHAN_XET_NANG_LUC_DAC_THU",
        &r.comments.specific_competencies,
    );
    w.close(t::NANG_LUC_PHAM_CHAT);
    w.close(t::TONG_KET);
}
