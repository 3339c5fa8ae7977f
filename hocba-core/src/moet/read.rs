//! The strict reader: the national XML into the model. Every element must be one the profile
//! defines, at its place, in its order, at most once unless it repeats; required ones must be
//! there; values must have the profile's form. The first problem refuses the whole document.

use std::str::FromStr;

use roxmltree::Node;

use super::profile::{DateStyle, LevelStyle, NameStyle, Profile};
use super::sentence::{EmptyElement, NationalFacts};
use super::tags as t;
use super::write::{AWARD_SEPARATOR, VIET_NAM};
use crate::model::{
    AdminUnit, Award, AwardKind, CompetencyRating, Completion, CountryCode, Date, DateTime,
    Department, DepartmentCode, Ethnicity, Extensions, Gender, Grade, GroupComments, Guardian,
    Issuance, LookupCode, ModelError, PersonalId, Place, PrincipalCapacity, PrincipalSignatory,
    Promotion, Pupil, PupilCode, QualityLevel, QualityRating, RULE_SET_TT27, School, SchoolCode,
    SchoolStep, SchoolYear, Score, Signatory, Subject, SubjectLevel, SubjectResult,
    SupplementaryAssessment, Text, YearRecord, YearResult,
};
use crate::xml::{XmlError, XmlErrorKind as K, path_of};

type R<T> = Result<T, XmlError>;

/// The element children of one element, consumed in order.
struct Children<'a, 'i> {
    parent: Node<'a, 'i>,
    nodes: Vec<Node<'a, 'i>>,
    next: usize,
    taken: Vec<&'static str>,
    /// Every tag this container may hold (to tell a misplaced element from an unknown one).
    known: &'static [&'static str],
    /// Optional elements present but empty, read as absent (ADR 0266).
    empty: Vec<EmptyElement>,
}

fn err(kind: K, node: Node<'_, '_>) -> XmlError {
    let pos = node.document().text_pos_at(node.range().start);
    XmlError::new(kind, path_of(node)).at(pos.row, pos.col)
}

fn err_in(kind: K, parent: Node<'_, '_>, tag: &str) -> XmlError {
    let mut e = err(kind, parent);
    e.path = format!("{}/{tag}", e.path);
    e
}

/// Only whitespace may stand between elements.
fn only_elements<'a, 'i>(node: Node<'a, 'i>) -> R<Vec<Node<'a, 'i>>> {
    let mut out = Vec::new();
    for c in node.children() {
        if c.is_element() {
            if !crate::xml::in_no_namespace(c) {
                return Err(err(K::Namespace, c));
            }
            out.push(c);
        } else if c.is_text() && !c.text().unwrap_or("").trim().is_empty() {
            return Err(err(K::UnexpectedContent, node));
        }
    }
    Ok(out)
}

fn no_attributes(node: Node<'_, '_>) -> R<()> {
    if node.attributes().len() != 0 {
        return Err(err(K::BadAttribute, node));
    }
    Ok(())
}

impl<'a, 'i> Children<'a, 'i> {
    fn of(parent: Node<'a, 'i>, known: &'static [&'static str]) -> R<Self> {
        Ok(Self {
            parent,
            nodes: only_elements(parent)?,
            next: 0,
            taken: Vec::new(),
            known,
            empty: Vec::new(),
        })
    }

    /// [`finish`](Self::finish), handing the optional elements read as absent to `empty`.
    fn done(mut self, empty: &mut Vec<EmptyElement>) -> R<()> {
        empty.append(&mut self.empty);
        self.finish()
    }

    /// The optional element `tag`, when present with content; present but empty (a null the
    /// specification writes by leaving the element out), it is noted and read as absent.
    fn opt_filled(&mut self, tag: &'static str) -> R<Option<Node<'a, 'i>>> {
        match self.opt(tag)? {
            Some(n) if blank(n) => {
                self.empty.push(EmptyElement {
                    tag,
                    path: path_of(n),
                });
                Ok(None)
            }
            other => Ok(other),
        }
    }

    /// The required element `tag` with a value: an empty one is refused like a missing one
    /// (`xml_empty_element`): the model has no blank date, code, number or label.
    fn req_filled(&mut self, tag: &'static str) -> R<Node<'a, 'i>> {
        let n = self.req(tag)?;
        if blank(n) {
            return Err(err(K::EmptyElement, n));
        }
        Ok(n)
    }

    fn opt(&mut self, tag: &'static str) -> R<Option<Node<'a, 'i>>> {
        match self.nodes.get(self.next) {
            Some(n) if n.tag_name().name() == tag => {
                self.next += 1;
                self.taken.push(tag);
                no_attributes(*n)?;
                Ok(Some(*n))
            }
            _ => Ok(None),
        }
    }

    fn req(&mut self, tag: &'static str) -> R<Node<'a, 'i>> {
        match self.opt(tag)? {
            Some(n) => Ok(n),
            None => Err(self.unexpected_or_missing(tag)),
        }
    }

    fn many(&mut self, tag: &'static str) -> R<Vec<Node<'a, 'i>>> {
        let mut out = Vec::new();
        while let Some(n) = self.opt(tag)? {
            out.push(n);
        }
        Ok(out)
    }

    /// The error for the element standing where `tag` was required.
    fn unexpected_or_missing(&self, tag: &str) -> XmlError {
        let later = self.nodes[self.next..]
            .iter()
            .find(|n| n.tag_name().name() == tag);
        match (self.nodes.get(self.next), later) {
            (Some(n), _) if self.taken.contains(&n.tag_name().name()) => {
                err(K::RepeatedElement, *n)
            }
            (Some(n), _) if !self.known.contains(&n.tag_name().name()) => {
                err(K::UnknownElement, *n)
            }
            // The required element is there, but after one that should follow it.
            (_, Some(n)) => err(K::MisplacedElement, *n),
            _ => err_in(K::MissingElement, self.parent, tag),
        }
    }

    fn finish(self) -> R<()> {
        match self.nodes.get(self.next) {
            None => Ok(()),
            Some(n) => {
                let name = n.tag_name().name();
                let kind = if self.taken.contains(&name) {
                    K::RepeatedElement
                } else if self.known.contains(&name) {
                    K::MisplacedElement
                } else {
                    K::UnknownElement
                };
                Err(err(kind, *n))
            }
        }
    }

    // ---- typed leaves ----

    fn text(&mut self, tag: &'static str) -> R<Text> {
        let n = self.req(tag)?;
        leaf_text(n)
    }

    fn opt_text(&mut self, tag: &'static str) -> R<Option<Text>> {
        self.opt_filled(tag)?.map(leaf_text).transpose()
    }

    fn opt_str(&mut self, tag: &'static str) -> R<Option<(Text, Node<'a, 'i>)>> {
        match self.opt_filled(tag)? {
            Some(n) => Ok(Some((leaf_text(n)?, n))),
            None => Ok(None),
        }
    }

    fn parsed<T>(
        &mut self,
        tag: &'static str,
        parse: impl FnOnce(&str) -> Result<T, ModelError>,
    ) -> R<T> {
        let n = self.req_filled(tag)?;
        let s = leaf_text(n)?;
        parse(s.as_str()).map_err(|e| domain(e, n))
    }

    fn opt_parsed<T>(
        &mut self,
        tag: &'static str,
        parse: impl FnOnce(&str) -> Result<T, ModelError>,
    ) -> R<Option<T>> {
        match self.opt_filled(tag)? {
            Some(n) => {
                let s = leaf_text(n)?;
                parse(s.as_str()).map(Some).map_err(|e| domain(e, n))
            }
            None => Ok(None),
        }
    }

    fn value<T>(&mut self, tag: &'static str, parse: impl FnOnce(&str) -> Option<T>) -> R<T> {
        let n = self.req_filled(tag)?;
        let s = leaf_text(n)?;
        parse(s.as_str()).ok_or_else(|| err(K::InvalidValue, n))
    }

    fn opt_value<T>(
        &mut self,
        tag: &'static str,
        kind: K,
        parse: impl FnOnce(&str) -> Option<T>,
    ) -> R<Option<T>> {
        match self.opt_filled(tag)? {
            Some(n) => {
                let s = leaf_text(n)?;
                parse(s.as_str()).map(Some).ok_or_else(|| err(kind, n))
            }
            None => Ok(None),
        }
    }
}

fn domain(e: ModelError, n: Node<'_, '_>) -> XmlError {
    let pos = n.document().text_pos_at(n.range().start);
    XmlError::domain(e, path_of(n)).at(pos.row, pos.col)
}

/// True when `n` holds no element and no text but whitespace: the element is there, its value
/// is not.
fn blank(n: Node<'_, '_>) -> bool {
    !n.children().any(|c| c.is_element())
        && n.children()
            .filter(|c| c.is_text())
            .all(|c| crate::xml::text(c).is_none_or(|t| t.trim().is_empty()))
}

/// The text of a leaf element: no child elements, NFC, within the model's text bound.
fn leaf_text(n: Node<'_, '_>) -> R<Text> {
    if n.children().any(|c| c.is_element()) {
        return Err(err(K::UnexpectedContent, n));
    }
    // Through the strict front's reading of a text (a lone CR next to a reference is LF).
    let s = n
        .first_child()
        .filter(|c| c.is_text())
        .and_then(crate::xml::text)
        .unwrap_or_default();
    Text::from_nfc(&s).map_err(|e| match e {
        ModelError::NotNfc => err(K::NotNfc, n),
        ModelError::TextTooLong => err(K::TextTooLong, n),
        e => domain(e, n),
    })
}

/// `^[0-9]+(\.[0-9]{1,4})?$` as (integer part, fraction in ten-thousandths).
fn decimal(s: &str) -> Option<(u64, u32)> {
    let (int, frac) = s.split_once('.').unwrap_or((s, ""));
    let digits = |d: &str| d.bytes().all(|b| b.is_ascii_digit());
    if int.is_empty() || int.len() > 9 || !digits(int) || frac.len() > 4 || !digits(frac) {
        return None;
    }
    if s.contains('.') && frac.is_empty() {
        return None;
    }
    let mut f: u32 = frac.parse().unwrap_or(0);
    for _ in frac.len()..4 {
        f *= 10;
    }
    Some((int.parse().ok()?, f))
}

/// A non-negative integer count (no sign, no decimals, no leading `+`).
fn count(s: &str) -> Option<u16> {
    match decimal(s) {
        Some((n, 0)) if !s.contains('.') => u16::try_from(n).ok(),
        _ => None,
    }
}

fn date(s: &str, p: &Profile) -> Result<Date, ModelError> {
    match p.dates {
        DateStyle::Iso => Date::from_str(s),
        // The message names the form that was read (`dd/MM/yyyy`), not the model's.
        DateStyle::DayMonthYear => {
            let b = s.as_bytes();
            if b.len() != 10 || b[2] != b'/' || b[5] != b'/' || !s.is_ascii() {
                return Err(ModelError::InvalidDayMonthYearDate);
            }
            Date::from_str(&format!("{}-{}-{}", &s[6..], &s[3..5], &s[..2]))
                .map_err(|_| ModelError::InvalidDayMonthYearDate)
        }
    }
}

fn by_label<T: Copy>(all: &[T], s: &str, label: impl Fn(T) -> &'static str) -> Option<T> {
    all.iter().copied().find(|v| label(*v) == s)
}

fn subject_level(s: &str, p: &Profile) -> Option<SubjectLevel> {
    match p.levels {
        LevelStyle::Label => by_label(SubjectLevel::ALL, s, SubjectLevel::label_vi),
        LevelStyle::Code => SubjectLevel::from_code(s).ok(),
    }
}

fn quality_level(s: &str, p: &Profile) -> Option<QualityLevel> {
    match p.levels {
        LevelStyle::Label => by_label(QualityLevel::ALL, s, QualityLevel::label_vi),
        LevelStyle::Code => QualityLevel::from_code(s).ok(),
    }
}

fn boolean(s: &str, p: &Profile) -> Option<bool> {
    match s {
        _ if s == p.booleans.0 => Some(true),
        _ if s == p.booleans.1 => Some(false),
        _ => None,
    }
}

/// Reads one `HOC_BA` element into a year record, and what it says beyond the model.
pub(super) fn hoc_ba(root: Node<'_, '_>, p: &Profile) -> R<(YearRecord, NationalFacts)> {
    if root.tag_name().name() != t::HOC_BA || !crate::xml::in_no_namespace(root) {
        return Err(err(K::WrongRoot, root));
    }
    no_attributes(root)?;
    let mut top = Children::of(root, &[t::DU_LIEU_HOC_BA, t::DANH_SACH_THONG_TIN_KY])?;
    // The data element: exactly one, first, with exactly `Id="data"`.
    let data = match top.nodes.first() {
        Some(n) if n.tag_name().name() == t::DU_LIEU_HOC_BA => *n,
        _ => return Err(top.unexpected_or_missing(t::DU_LIEU_HOC_BA)),
    };
    top.next = 1;
    top.taken.push(t::DU_LIEU_HOC_BA);
    let mut attrs = data.attributes();
    match (attrs.next(), attrs.next()) {
        (Some(a), None)
            if a.name() == "Id" && a.namespace().is_none() && a.value() == t::DATA_ID => {}
        _ => return Err(err(K::BadAttribute, data)),
    }
    let signatures = top.req(t::DANH_SACH_THONG_TIN_KY)?;
    top.finish()?;
    let mut slots = Children::of(signatures, &t::SIGNATURE_SLOTS)?;
    for slot in t::SIGNATURE_SLOTS {
        // The slots' content is the signature module's; here only their names and order.
        if slots
            .nodes
            .get(slots.next)
            .is_some_and(|n| n.tag_name().name() == slot)
        {
            slots.next += 1;
            slots.taken.push(slot);
        }
    }
    slots.finish()?;
    data_element(data, p)
}

const DATA_TAGS: &[&str] = &[t::THONG_TIN_CHUNG, t::QUA_TRINH_HOC_TAP, t::TONG_KET];

fn data_element(data: Node<'_, '_>, p: &Profile) -> R<(YearRecord, NationalFacts)> {
    let mut c = Children::of(data, DATA_TAGS)?;
    let general = c.req(t::THONG_TIN_CHUNG)?;
    let path = c.opt(t::QUA_TRINH_HOC_TAP)?;
    let summary = c.req(t::TONG_KET)?;
    c.finish()?;
    let mut empty = Vec::new();
    let mut record = general_info(general, p, &mut empty)?;
    if let Some(path) = path {
        record.history = school_path(path, p, &mut empty)?;
    }
    let mut facts = read_summary(summary, p, &mut record, &mut empty)?;
    facts.empty_elements = empty;
    Ok((record, facts))
}

const GENERAL_TAGS: &[&str] = &[
    "PHIEN_BAN",
    "THONG_TU",
    "MA_TRA_CUU_UUID",
    "TEN_NAM_HOC",
    "MA_SO_GIAO_DUC",
    "TEN_SO_GD",
    "MA_TRUONG",
    "TEN_TRUONG",
    "TEN_QUAN_HUYEN",
    "TEN_XA_PHUONG",
    "TEN_TINH_THANH_PHO",
    "MA_CAP_HOC",
    "SO_SO_DANG_BO",
    "HO_VA_TEN",
    "SO_CCCD",
    "MA_HOC_SINH",
    "GIOI_TINH",
    "NGAY_SINH",
    "CAN_NANG",
    "CHIEU_CAO",
    "TONG_SO_BUOI_NGHI_CO_PHEP",
    "THONG_SO_BUOI_NGHI_KHONG_PHEP",
    "NOI_SINH",
    "QUE_QUAN",
    "CHO_O_HIEN_NAY",
    "DAN_TOC",
    "QUOC_TICH",
    "HO_VA_TEN_CHA",
    "HO_VA_TEN_ME",
    "HO_VA_TEN_NGUOI_GIAM_HO",
    "TEN_GIAM_HIEU_KY_HOC_BA",
    "SO_CCCD_GIAM_HIEU_KY_HOC_BA",
    "DIA_DANH_PHAT_HANH_HOC_BA",
    "NGAY_TAO_HOC_BA",
    "NGAY_KY_PHAT_HANH_HOC_BA",
    "CHUC_VU_GIAM_HIEU_KY_HOC_BA",
    "TEN_GIAO_VIEN_CHU_NHIEM",
    "SO_CCCD_GIAO_VIEN_CHU_NHIEM",
    "MA_KHOI",
    "TEN_LOP",
    "NAM_HOC",
];

fn unit(name: Option<Text>) -> Option<AdminUnit> {
    name.map(|name| AdminUnit { code: None, name })
}

fn guardian(name: Option<Text>) -> Option<Guardian> {
    name.map(|full_name| Guardian {
        full_name,
        birth_year: None,
        occupation: None,
    })
}

fn general_info(node: Node<'_, '_>, p: &Profile, empty: &mut Vec<EmptyElement>) -> R<YearRecord> {
    let mut c = Children::of(node, GENERAL_TAGS)?;
    c.value("PHIEN_BAN", |s| (s == p.spec_version).then_some(()))?;
    let rule_set = c.text("THONG_TU")?;
    let rule_set = if rule_set.as_str() == t::THONG_TU_27 {
        Text::from_nfc(RULE_SET_TT27).map_err(|e| domain(e, node))?
    } else {
        rule_set
    };
    let lookup_code = c.opt_parsed("MA_TRA_CUU_UUID", LookupCode::from_str)?;
    let school_year = c.parsed("TEN_NAM_HOC", |s| SchoolYear::try_from(s.to_owned()))?;
    let department = match c.opt_parsed("MA_SO_GIAO_DUC", |s| DepartmentCode::try_from(s))? {
        Some(code) => Some(Department {
            code,
            name: c.text("TEN_SO_GD")?,
        }),
        None => {
            // Without a Sở code, an empty name goes with it; a name is left to `finish`
            // (misplaced: it belongs after a code).
            if c.nodes
                .get(c.next)
                .is_some_and(|n| n.tag_name().name() == "TEN_SO_GD" && blank(*n))
            {
                c.opt_filled("TEN_SO_GD")?;
            }
            None
        }
    };
    let school_code = c.parsed("MA_TRUONG", |s| SchoolCode::try_from(s))?;
    let school_name = c.text("TEN_TRUONG")?;
    let district = c.opt_text("TEN_QUAN_HUYEN")?;
    let commune = c.opt_text("TEN_XA_PHUONG")?;
    let province = c.opt_text("TEN_TINH_THANH_PHO")?;
    c.value("MA_CAP_HOC", |s| (s == p.primary_level_code).then_some(()))?;
    let register_number = c.opt_text("SO_SO_DANG_BO")?;
    let full_name = c.text("HO_VA_TEN")?;
    let personal_id = c.opt_parsed("SO_CCCD", |s| PersonalId::try_from(s))?;
    let pupil_code = c.opt_parsed("MA_HOC_SINH", |s| PupilCode::try_from(s))?;
    let gender = c.value("GIOI_TINH", |s| match p.names {
        NameStyle::Label => by_label(Gender::ALL, s, Gender::label_vi),
        NameStyle::Code => Gender::from_code(s).ok(),
    })?;
    let date_of_birth = c.parsed("NGAY_SINH", |s| date(s, p))?;
    let weight_g = c.opt_value("CAN_NANG", K::InvalidNumber, |s| {
        let (kg, frac) = decimal(s)?;
        // Grams are whole: at most three decimals of a kilogram carry information.
        (frac % 10 == 0)
            .then(|| u32::try_from(kg * 1000 + u64::from(frac / 10)).ok())
            .flatten()
    })?;
    let height_mm = c.opt_value("CHIEU_CAO", K::InvalidNumber, |s| {
        let (cm, frac) = decimal(s)?;
        (frac % 1000 == 0)
            .then(|| u16::try_from(cm * 10 + u64::from(frac / 1000)).ok())
            .flatten()
    })?;
    let absences_excused = c.opt_value("TONG_SO_BUOI_NGHI_CO_PHEP", K::InvalidNumber, count)?;
    let absences_unexcused =
        c.opt_value("THONG_SO_BUOI_NGHI_KHONG_PHEP", K::InvalidNumber, count)?;
    let place_of_birth = c.text("NOI_SINH")?;
    let hometown = c.opt_text("QUE_QUAN")?;
    let residence = c.text("CHO_O_HIEN_NAY")?;
    let ethnicity = match c.opt_str("DAN_TOC")? {
        Some((s, n)) => Some(
            match p.names {
                NameStyle::Label => Ethnicity::all().find(|e| e.name() == s.as_str()),
                NameStyle::Code => s
                    .as_str()
                    .parse::<u8>()
                    .ok()
                    .and_then(|v| Ethnicity::try_from(v).ok()),
            }
            .ok_or_else(|| err(K::InvalidValue, n))?,
        ),
        None => None,
    };
    let nationality = c.parsed("QUOC_TICH", |s| match (p.names, s) {
        (NameStyle::Label, VIET_NAM) => Ok(CountryCode::vn()),
        _ => CountryCode::try_from(s),
    })?;
    let father = guardian(c.opt_text("HO_VA_TEN_CHA")?);
    let mother = guardian(c.opt_text("HO_VA_TEN_ME")?);
    let guardian_ = guardian(c.opt_text("HO_VA_TEN_NGUOI_GIAM_HO")?);
    let principal_name = c.text("TEN_GIAM_HIEU_KY_HOC_BA")?;
    let principal_id = c.opt_parsed("SO_CCCD_GIAM_HIEU_KY_HOC_BA", |s| PersonalId::try_from(s))?;
    // The place opens the group and is required in it: present but empty, it is read (blank,
    // as `required_field_blank` reports it), not taken for an absent group.
    let issuance = match c
        .opt("DIA_DANH_PHAT_HANH_HOC_BA")?
        .map(leaf_text)
        .transpose()?
    {
        Some(place) => Some(Issuance {
            place,
            created_at: c.parsed("NGAY_TAO_HOC_BA", DateTime::from_str)?,
            issued_at: c.opt_parsed("NGAY_KY_PHAT_HANH_HOC_BA", DateTime::from_str)?,
        }),
        None => None,
    };
    let title = c.text("CHUC_VU_GIAM_HIEU_KY_HOC_BA")?;
    let capacity = by_label(PrincipalCapacity::ALL, title.as_str(), |c| c.label_vi());
    let principal = PrincipalSignatory {
        full_name: principal_name,
        capacity: capacity.unwrap_or(PrincipalCapacity::OnBehalf),
        personal_id: principal_id,
        // The capacity's own label is not repeated as a title.
        title: capacity.is_none().then_some(title),
    };
    let homeroom_teacher = Signatory {
        full_name: c.text("TEN_GIAO_VIEN_CHU_NHIEM")?,
        personal_id: c.opt_parsed("SO_CCCD_GIAO_VIEN_CHU_NHIEM", |s| PersonalId::try_from(s))?,
    };
    let grade = c.parsed("MA_KHOI", |s| {
        s.parse::<u8>()
            .ok()
            .filter(|_| s.len() == 1)
            .ok_or(ModelError::InvalidGrade)
            .and_then(Grade::try_from)
    })?;
    let class_name = c.text("TEN_LOP")?;
    let year_node = c.req_filled("NAM_HOC")?;
    if leaf_text(year_node)?.as_str() != school_year.start().to_string() {
        return Err(err(K::InvalidValue, year_node));
    }
    c.done(empty)?;
    let pupil = Pupil {
        full_name,
        gender,
        date_of_birth,
        place_of_birth,
        hometown,
        ethnicity,
        nationality,
        residence: Place {
            detail: Some(residence),
            commune: None,
            district: None,
            province: None,
            as_of: None,
        },
        father,
        mother,
        guardian: guardian_,
        personal_id,
        pupil_code,
    };
    let school = School {
        name: school_name,
        code: school_code,
        place: Place {
            detail: None,
            commune: unit(commune),
            district: unit(district),
            province: unit(province),
            as_of: None,
        },
        department,
    };
    Ok(YearRecord {
        rule_set,
        pupil,
        school,
        school_year,
        grade,
        class_name,
        homeroom_teacher,
        principal,
        height_mm,
        weight_g,
        days_absent: None,
        subjects: Vec::new(),
        qualities: Vec::new(),
        competencies: Vec::new(),
        periodic: Vec::new(),
        result: YearResult::Completed,
        awards: Vec::new(),
        completion: Completion {
            class_completed: false,
            supplementary: None,
            promotion: Promotion::Retained,
            principal_decision: false,
            primary_completed: false,
        },
        correction: None,
        lookup_code,
        absences_excused,
        absences_unexcused,
        register_number,
        history: Vec::new(),
        comments: GroupComments::default(),
        issuance,
        extensions: Extensions::default(),
    })
}

const STEP_TAGS: &[&str] = &[
    "TEN_NAM_HOC",
    "TEN_LOP",
    "TEN_TRUONG",
    "NGAY_TRANG_THAI_CHUYEN_DEN",
];

fn school_path(
    node: Node<'_, '_>,
    p: &Profile,
    empty: &mut Vec<EmptyElement>,
) -> R<Vec<SchoolStep>> {
    let mut c = Children::of(node, &[t::QUA_TRINH])?;
    let steps = c.many(t::QUA_TRINH)?;
    c.finish()?;
    steps
        .into_iter()
        .map(|n| {
            let mut c = Children::of(n, STEP_TAGS)?;
            let step = SchoolStep {
                school_year: c.parsed("TEN_NAM_HOC", |s| SchoolYear::try_from(s.to_owned()))?,
                class_name: c.text("TEN_LOP")?,
                school_name: c.text("TEN_TRUONG")?,
                moved_in_on: c.opt_parsed("NGAY_TRANG_THAI_CHUYEN_DEN", |s| date(s, p))?,
            };
            c.done(empty)?;
            Ok(step)
        })
        .collect()
}

const SUMMARY_TAGS: &[&str] = &[
    "KET_QUA_XEP_LOAI",
    "DUOC_LEN_LOP",
    t::NOI_DUNG_HOAN_THANH_CHUONG_TRINH,
    "DA_HOAN_THANH_CHUONG_TRINH_LOP_HOC",
    "DA_HOAN_THANH_CHUONG_TRINH_TIEU_HOC",
    "NOI_DUNG_KHEN_THUONG",
    "NOI_DUNG_KHEN_THUONG_DOT_XUAT",
    "NHAN_XET_GVCN",
    t::BANG_DIEM,
    t::NANG_LUC_PHAM_CHAT,
];

fn read_summary(
    node: Node<'_, '_>,
    p: &Profile,
    r: &mut YearRecord,
    empty: &mut Vec<EmptyElement>,
) -> R<NationalFacts> {
    let mut c = Children::of(node, SUMMARY_TAGS)?;
    r.result = c.value("KET_QUA_XEP_LOAI", |s| match p.levels {
        LevelStyle::Label => by_label(YearResult::ALL, s, YearResult::label_vi),
        LevelStyle::Code => YearResult::from_code(s).ok(),
    })?;
    let promoted = c.value("DUOC_LEN_LOP", |s| boolean(s, p))?;
    // The sentence is derived from the flags below when hocba writes it; not stored in the
    // model, but kept for the validator, which compares it with the flags (ADR 0243).
    let sentence = c.opt_text(t::NOI_DUNG_HOAN_THANH_CHUONG_TRINH)?;
    let class_completed = c.value("DA_HOAN_THANH_CHUONG_TRINH_LOP_HOC", |s| boolean(s, p))?;
    let primary = c.opt_value(
        "DA_HOAN_THANH_CHUONG_TRINH_TIEU_HOC",
        K::InvalidValue,
        |s| boolean(s, p),
    )?;
    // A pupil whose year-end result is Chưa hoàn thành has completed the class programme only
    // through the additional assessment (TT27 Điều 11.1.a, 11.1.b): the flag then carries
    // that assessment's outcome, which is all the national format says of it (ADR 0242).
    // Its date and note are not carried; a pupil still not completing after it is not told
    // apart from one not yet assessed, so nothing is read for them.
    let supplementary = (r.result == YearResult::NotCompleted && class_completed).then_some(
        SupplementaryAssessment {
            completed: true,
            date: None,
            comment: None,
        },
    );
    r.completion = Completion {
        class_completed,
        supplementary,
        promotion: if promoted {
            Promotion::Promoted
        } else {
            Promotion::Retained
        },
        principal_decision: false,
        primary_completed: primary.unwrap_or(false),
    };
    if let Some(text) = c.opt_text("NOI_DUNG_KHEN_THUONG")? {
        r.awards.extend(awards(&text, false));
    }
    if let Some(text) = c.opt_text("NOI_DUNG_KHEN_THUONG_DOT_XUAT")? {
        r.awards.extend(awards(&text, true));
    }
    r.comments.homeroom = c.opt_text("NHAN_XET_GVCN")?;
    if let Some(table) = c.opt(t::BANG_DIEM)? {
        r.subjects = subjects(table, p, empty)?;
    }
    let levels = c.req(t::NANG_LUC_PHAM_CHAT)?;
    c.done(empty)?;
    read_levels(levels, p, r, empty)?;
    Ok(NationalFacts::with_sentence(sentence))
}

/// The awards of one field: each line a kind's label, optionally followed by ": " and its
/// description; a line that names no kind is a commendation by a higher level (cấp trên) in
/// `NOI_DUNG_KHEN_THUONG`, a special one (đột xuất) in `…_DOT_XUAT`, with the line as its text.
fn awards(text: &Text, special: bool) -> Vec<Award> {
    let fallback = if special {
        AwardKind::Special
    } else {
        AwardKind::HigherLevel
    };
    text.as_str()
        .split(AWARD_SEPARATOR)
        .map(|line| {
            let named = AwardKind::ALL.iter().find_map(|k| {
                let rest = line.strip_prefix(k.label_vi())?;
                match rest.strip_prefix(": ") {
                    Some(d) => Some((*k, Text::from_nfc(d).ok())),
                    None if rest.is_empty() => Some((*k, None)),
                    None => None,
                }
            });
            let (kind, description) =
                named.unwrap_or_else(|| (fallback, Text::from_nfc(line).ok()));
            Award { kind, description }
        })
        .collect()
}

const SUBJECT_TAGS: &[&str] = &[
    "MA_MON_HOC",
    "TEN_MON_HOC",
    "MUC_DAT_DUOC",
    "DIEM_KIEM_TRA_DINH_KY",
];

fn subjects(
    node: Node<'_, '_>,
    p: &Profile,
    empty: &mut Vec<EmptyElement>,
) -> R<Vec<SubjectResult>> {
    let mut c = Children::of(node, &[t::MON_HOC])?;
    let rows = c.many(t::MON_HOC)?;
    c.finish()?;
    rows.into_iter()
        .map(|n| {
            let mut c = Children::of(n, SUBJECT_TAGS)?;
            let subject = c.parsed("MA_MON_HOC", Subject::from_code)?;
            let name_node = c.req_filled("TEN_MON_HOC")?;
            let name = leaf_text(name_node)?;
            let language = match subject {
                Subject::NgoaiNgu1 | Subject::TiengDanToc
                    if name.as_str() != subject.label_vi() =>
                {
                    Some(name)
                }
                _ if name.as_str() != subject.label_vi() => {
                    return Err(err(K::InvalidValue, name_node));
                }
                _ => None,
            };
            let level = c.value("MUC_DAT_DUOC", |s| subject_level(s, p))?;
            let score = c.opt_parsed("DIEM_KIEM_TRA_DINH_KY", |s| {
                s.parse::<u8>()
                    .ok()
                    .filter(|_| s.len() <= 2 && s.bytes().all(|b| b.is_ascii_digit()))
                    .ok_or(ModelError::InvalidScore)
                    .and_then(Score::try_from)
            })?;
            c.done(empty)?;
            Ok(SubjectResult {
                subject,
                language,
                level,
                score,
                retest: false,
                comment: None,
            })
        })
        .collect()
}

fn level_tags() -> &'static [&'static str] {
    const TAGS: [&str; 18] = [
        t::COMPETENCIES[0].1,
        t::COMPETENCIES[1].1,
        t::COMPETENCIES[2].1,
        t::COMPETENCIES[3].1,
        t::COMPETENCIES[4].1,
        t::COMPETENCIES[5].1,
        t::COMPETENCIES[6].1,
        t::COMPETENCIES[7].1,
        t::COMPETENCIES[8].1,
        t::COMPETENCIES[9].1,
        t::QUALITIES[0].1,
        t::QUALITIES[1].1,
        t::QUALITIES[2].1,
        t::QUALITIES[3].1,
        t::QUALITIES[4].1,
        "NHAN_XET_PHAM_CHAT",
        "NHAN_XET_NANG_LUC_CHUNG",
        "NHAN_XET_NANG_LUC_DAC_THU",
    ];
    &TAGS
}

fn read_levels(
    node: Node<'_, '_>,
    p: &Profile,
    r: &mut YearRecord,
    empty: &mut Vec<EmptyElement>,
) -> R<()> {
    let mut c = Children::of(node, level_tags())?;
    for (competency, tag) in t::COMPETENCIES {
        if let Some(level) = c.opt_value(tag, K::InvalidValue, |s| quality_level(s, p))? {
            r.competencies.push(CompetencyRating {
                competency,
                level,
                comment: None,
            });
        }
    }
    for (quality, tag) in t::QUALITIES {
        if let Some(level) = c.opt_value(tag, K::InvalidValue, |s| quality_level(s, p))? {
            r.qualities.push(QualityRating {
                quality,
                level,
                comment: None,
            });
        }
    }
    r.comments.qualities = c.opt_text("NHAN_XET_PHAM_CHAT")?;
    r.comments.general_competencies = c.opt_text("NHAN_XET_NANG_LUC_CHUNG")?;
    r.comments.specific_competencies = c.opt_text("NHAN_XET_NANG_LUC_DAC_THU")?;
    c.done(empty)
}
