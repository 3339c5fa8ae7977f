//! Read-only Python views of the model: each class wraps the Rust value, so a record that
//! exists in Python is always a valid record (validated and NFC-normalised on the way in).
//!
//! Attribute types: text → `str`, wire codes (subjects, levels, results…) → `str` code,
//! dates → `datetime.date`, numbers → `int`, absent optional fields → `None`, repeated
//! fields → `list`. `repr()` never shows a pupil's name, ID, birth date or scores.

use hocba_core::model as m;
use hocba_core::rules::Origin;
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::types::{PyDate, PyType};

use hocba_core::canonical;
use pyo3::types::PyBytes;

use crate::bytes::input;
use crate::errors::to_py;
use crate::json::{dump_json_arg, json_to_py};

/// A `datetime.date` for a model date.
pub(crate) fn py_date(py: Python<'_>, d: m::Date) -> PyResult<Bound<'_, PyDate>> {
    let d = d.get();
    PyDate::new(py, d.year(), u8::from(d.month()), d.day())
}

fn opt_text(t: &Option<m::Text>) -> Option<&str> {
    t.as_ref().map(m::Text::as_str)
}

fn opt_date(py: Python<'_>, d: Option<m::Date>) -> PyResult<Option<Bound<'_, PyDate>>> {
    d.map(|d| py_date(py, d)).transpose()
}

/// A timezone-aware `datetime.datetime` with the value's own UTC offset.
fn py_date_time(py: Python<'_>, t: m::DateTime) -> PyResult<Bound<'_, PyAny>> {
    // The model's form (`2024-05-24T18:39:30+07:00`) is one `fromisoformat` reads (3.7+).
    py.import(intern!(py, "datetime"))?
        .getattr(intern!(py, "datetime"))?
        .call_method1(intern!(py, "fromisoformat"), (t.to_string(),))
}

/// Declares a frozen view class over a model type with the methods every view has
/// (`to_dict`, `to_json`, `==`, a redacted `repr`) plus the given getters.
macro_rules! view {
    ($(#[$doc:meta])* $name:ident($rust:ty) { $($getters:tt)* }) => {
        $(#[$doc])*
        #[pyclass(frozen, eq, module = "hocba")]
        #[derive(Clone, PartialEq)]
        pub struct $name(pub(crate) $rust);

        view!(@methods $name { $($getters)* });
    };
    // A view that also keeps where its value was read from (`rules::Origin`, ADR 0261): equal
    // when the values are equal, whatever their origin.
    ($(#[$doc:meta])* $name:ident($rust:ty, $origin:ty) { $($getters:tt)* }) => {
        $(#[$doc])*
        #[pyclass(frozen, eq, module = "hocba")]
        #[derive(Clone)]
        pub struct $name(pub(crate) $rust, pub(crate) $origin);

        impl PartialEq for $name {
            fn eq(&self, other: &Self) -> bool {
                self.0 == other.0
            }
        }

        view!(@methods $name { $($getters)* });
    };
    (@methods $name:ident { $($getters:tt)* }) => {
        #[pymethods]
        impl $name {
            $($getters)*

            /// The JSON form as a `dict` (the documented JSON field names).
            fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
                json_to_py(py, &to_json_string(&self.0, false))
            }

            /// The JSON form as text; `indent=True` pretty-prints it.
            #[pyo3(signature = (*, indent = false))]
            fn to_json(&self, indent: bool) -> String {
                to_json_string(&self.0, indent)
            }

            fn __repr__(&self) -> String {
                concat!("<hocba.", stringify!($name), ">").to_owned()
            }
        }
    };
}

impl YearRecord {
    /// A record of hocba's own forms (JSON, CBOR, a COSE record) or built in code.
    pub(crate) fn model(record: m::YearRecord) -> Self {
        Self(record, Origin::Model)
    }
}

fn to_json_string<T: serde::Serialize>(v: &T, indent: bool) -> String {
    if indent {
        m::to_json_pretty(v)
    } else {
        // Serialising model types cannot fail (no non-string map keys, no floats).
        serde_json::to_string(v).unwrap_or_default()
    }
}

view! {
    /// An administrative unit: a name and, where known, its official code.
    AdminUnit(m::AdminUnit) {
        /// Official code (mã đơn vị hành chính), or `None`.
        #[getter] fn code(&self) -> Option<&str> { self.0.code.as_ref().map(m::AdminCode::as_str) }
        /// Official name.
        #[getter] fn name(&self) -> &str { self.0.name.as_str() }
    }
}

view! {
    /// A place as named on a given date (`as_of`).
    Place(m::Place) {
        /// Below the commune: street, hamlet, house number.
        #[getter] fn detail(&self) -> Option<&str> { opt_text(&self.0.detail) }
        /// Xã / phường / thị trấn.
        #[getter] fn commune(&self) -> Option<AdminUnit> { self.0.commune.clone().map(AdminUnit) }
        /// Huyện / quận / thị xã (absent under two-tier local government).
        #[getter] fn district(&self) -> Option<AdminUnit> { self.0.district.clone().map(AdminUnit) }
        /// Tỉnh / thành phố, or `None` for an address kept as written (national XML).
        #[getter] fn province(&self) -> Option<AdminUnit> { self.0.province.clone().map(AdminUnit) }
        /// The date on which these names were in force, or `None` when unknown.
        #[getter] fn as_of<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyDate>>> { self.0.as_of.map(|d| py_date(py, d)).transpose() }
        /// The place as one line, smallest unit first.
        fn one_line(&self) -> String { self.0.one_line() }
    }
}

view! {
    /// A parent or guardian.
    Guardian(m::Guardian) {
        /// Họ và tên.
        #[getter] fn full_name(&self) -> &str { self.0.full_name.as_str() }
        /// Năm sinh, or `None`.
        #[getter] fn birth_year(&self) -> Option<u16> { self.0.birth_year }
        /// Nghề nghiệp, or `None`.
        #[getter] fn occupation(&self) -> Option<&str> { opt_text(&self.0.occupation) }
    }
}

view! {
    /// The pupil's identity page.
    Pupil(m::Pupil) {
        /// Họ và tên học sinh.
        #[getter] fn full_name(&self) -> &str { self.0.full_name.as_str() }
        /// Giới tính: `"M"` or `"F"`.
        #[getter] fn gender(&self) -> &'static str { self.0.gender.code() }
        /// Ngày sinh.
        #[getter] fn date_of_birth<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDate>> { py_date(py, self.0.date_of_birth) }
        /// Nơi sinh.
        #[getter] fn place_of_birth(&self) -> &str { self.0.place_of_birth.as_str() }
        /// Quê quán, or `None`.
        #[getter] fn hometown(&self) -> Option<&str> { opt_text(&self.0.hometown) }
        /// Dân tộc: the official code 1–54, or `None`.
        #[getter] fn ethnicity(&self) -> Option<u8> { self.0.ethnicity.map(m::Ethnicity::code) }
        /// Quốc tịch: ISO 3166-1 alpha-2 code.
        #[getter] fn nationality(&self) -> &str { self.0.nationality.as_str() }
        /// Nơi ở hiện nay.
        #[getter] fn residence(&self) -> Place { Place(self.0.residence.clone()) }
        /// Cha, or `None`.
        #[getter] fn father(&self) -> Option<Guardian> { self.0.father.clone().map(Guardian) }
        /// Mẹ, or `None`.
        #[getter] fn mother(&self) -> Option<Guardian> { self.0.mother.clone().map(Guardian) }
        /// Người giám hộ, or `None`.
        #[getter] fn guardian(&self) -> Option<Guardian> { self.0.guardian.clone().map(Guardian) }
        /// Số định danh cá nhân (12 digits), or `None`.
        #[getter] fn personal_id(&self) -> Option<&str> { self.0.personal_id.as_ref().map(m::PersonalId::as_str) }
        /// Mã định danh Bộ GD&ĐT, or `None`.
        #[getter] fn pupil_code(&self) -> Option<&str> { self.0.pupil_code.as_ref().map(m::PupilCode::as_str) }
    }
}

view! {
    /// A provincial Department of Education and Training (Sở GDĐT).
    Department(m::Department) {
        /// Mã Sở (`MA_SO_GIAO_DUC`).
        #[getter] fn code(&self) -> &str { self.0.code.as_str() }
        /// Tên Sở (`TEN_SO_GD`).
        #[getter] fn name(&self) -> &str { self.0.name.as_str() }
    }
}

view! {
    /// A school: name, code, place.
    School(m::School) {
        /// Tên trường.
        #[getter] fn name(&self) -> &str { self.0.name.as_str() }
        /// Mã trường.
        #[getter] fn code(&self) -> &str { self.0.code.as_str() }
        /// Where the school is.
        #[getter] fn place(&self) -> Place { Place(self.0.place.clone()) }
        /// The Sở the school reports to, or `None`.
        #[getter] fn department(&self) -> Option<Department> { self.0.department.clone().map(Department) }
    }
}

view! {
    /// One line of the school path a year record carries (`QUA_TRINH_HOC_TAP`).
    SchoolStep(m::SchoolStep) {
        /// Năm học, e.g. `"2024-2025"`.
        #[getter] fn school_year(&self) -> String { self.0.school_year.to_string() }
        /// Lớp.
        #[getter] fn class_name(&self) -> &str { self.0.class_name.as_str() }
        /// Tên trường.
        #[getter] fn school_name(&self) -> &str { self.0.school_name.as_str() }
        /// Ngày chuyển đến, or `None`.
        #[getter] fn moved_in_on<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyDate>>> { opt_date(py, self.0.moved_in_on) }
    }
}

view! {
    /// The national format's comments, one per group, and the homeroom teacher's comment.
    GroupComments(m::GroupComments) {
        /// Nhận xét về phẩm chất (`NHAN_XET_PHAM_CHAT`), or `None`.
        #[getter] fn qualities(&self) -> Option<&str> { opt_text(&self.0.qualities) }
        /// Nhận xét về năng lực chung (`NHAN_XET_NANG_LUC_CHUNG`), or `None`.
        #[getter] fn general_competencies(&self) -> Option<&str> { opt_text(&self.0.general_competencies) }
        /// Nhận xét về năng lực đặc thù (`NHAN_XET_NANG_LUC_DAC_THU`), or `None`.
        #[getter] fn specific_competencies(&self) -> Option<&str> { opt_text(&self.0.specific_competencies) }
        /// Nhận xét của giáo viên chủ nhiệm (`NHAN_XET_GVCN`), or `None`.
        #[getter] fn homeroom(&self) -> Option<&str> { opt_text(&self.0.homeroom) }
    }
}

view! {
    /// Where and when the record was made and issued.
    Issuance(m::Issuance) {
        /// Địa danh (`DIA_DANH_PHAT_HANH_HOC_BA`).
        #[getter] fn place(&self) -> &str { self.0.place.as_str() }
        /// When the record was made (`NGAY_TAO_HOC_BA`): a timezone-aware `datetime`.
        #[getter] fn created_at<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> { py_date_time(py, self.0.created_at) }
        /// When the school signed it for issue (`NGAY_KY_PHAT_HANH_HOC_BA`), or `None`.
        #[getter] fn issued_at<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> { self.0.issued_at.map(|t| py_date_time(py, t)).transpose() }
    }
}

view! {
    /// One row of "Quá trình học tập".
    Enrolment(m::Enrolment) {
        /// Năm học, e.g. `"2024-2025"`.
        #[getter] fn school_year(&self) -> String { self.0.school_year.to_string() }
        /// Lớp.
        #[getter] fn class_name(&self) -> &str { self.0.class_name.as_str() }
        /// Tên trường.
        #[getter] fn school_name(&self) -> &str { self.0.school_name.as_str() }
        /// Mã trường.
        #[getter] fn school_code(&self) -> &str { self.0.school_code.as_str() }
        /// Số đăng bộ.
        #[getter] fn register_number(&self) -> &str { self.0.register_number.as_str() }
        /// Ngày nhập học / chuyển đến.
        #[getter] fn admitted_on<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDate>> { py_date(py, self.0.admitted_on) }
        /// `"nhap_hoc"` or `"chuyen_den"`.
        #[getter] fn admission(&self) -> &'static str { self.0.admission.code() }
    }
}

view! {
    /// One subject or activity result.
    SubjectResult(m::SubjectResult) {
        /// Subject code, e.g. `"toan"`.
        #[getter] fn subject(&self) -> &'static str { self.0.subject.code() }
        /// Language, for Ngoại ngữ 1 and Tiếng dân tộc thiểu số.
        #[getter] fn language(&self) -> Option<&str> { opt_text(&self.0.language) }
        /// Mức đạt được: `"T"`, `"H"` or `"C"`.
        #[getter] fn level(&self) -> &'static str { self.0.level.code() }
        /// Điểm KTĐK (0–10), or `None`.
        #[getter] fn score(&self) -> Option<u8> { self.0.score.map(m::Score::get) }
        /// True when `score` is a retest score.
        #[getter] fn retest(&self) -> bool { self.0.retest }
        /// Nhận xét, or `None`.
        #[getter] fn comment(&self) -> Option<&str> { opt_text(&self.0.comment) }
    }
}

view! {
    /// One quality rating.
    QualityRating(m::QualityRating) {
        /// Quality code, e.g. `"yeu_nuoc"`.
        #[getter] fn quality(&self) -> &'static str { self.0.quality.code() }
        /// `"T"`, `"D"` or `"C"`.
        #[getter] fn level(&self) -> &'static str { self.0.level.code() }
        /// Nhận xét, or `None`.
        #[getter] fn comment(&self) -> Option<&str> { opt_text(&self.0.comment) }
    }
}

view! {
    /// One competency rating.
    CompetencyRating(m::CompetencyRating) {
        /// Competency code, e.g. `"tu_chu_tu_hoc"`.
        #[getter] fn competency(&self) -> &'static str { self.0.competency.code() }
        /// `"T"`, `"D"` or `"C"`.
        #[getter] fn level(&self) -> &'static str { self.0.level.code() }
        /// Nhận xét, or `None`.
        #[getter] fn comment(&self) -> Option<&str> { opt_text(&self.0.comment) }
    }
}

view! {
    /// The results of one mid-year periodic moment.
    PeriodicResult(m::PeriodicResult) {
        /// `"ghk1"`, `"chk1"`, `"ghk2"` or `"cn"`.
        #[getter] fn moment(&self) -> &'static str { self.0.moment.code() }
        /// Subjects at that moment.
        #[getter] fn subjects(&self) -> Vec<SubjectResult> { self.0.subjects.iter().cloned().map(SubjectResult).collect() }
        /// Qualities at that moment.
        #[getter] fn qualities(&self) -> Vec<QualityRating> { self.0.qualities.iter().cloned().map(QualityRating).collect() }
        /// Competencies at that moment.
        #[getter] fn competencies(&self) -> Vec<CompetencyRating> { self.0.competencies.iter().cloned().map(CompetencyRating).collect() }
    }
}

view! {
    /// A commendation (TT27 Điều 13).
    Award(m::Award) {
        /// `"xuat_sac"`, `"tieu_bieu"`, `"dot_xuat"` or `"cap_tren"`.
        #[getter] fn kind(&self) -> &'static str { self.0.kind.code() }
        /// Wording or reason, or `None`.
        #[getter] fn description(&self) -> Option<&str> { opt_text(&self.0.description) }
    }
}

view! {
    /// The additional assessment of TT27 Điều 11.1.b.
    SupplementaryAssessment(m::SupplementaryAssessment) {
        /// Whether the pupil completed the class programme after it.
        #[getter] fn completed(&self) -> bool { self.0.completed }
        /// Its date, or `None`.
        #[getter] fn date<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyDate>>> { opt_date(py, self.0.date) }
        /// The teacher's note, or `None`.
        #[getter] fn comment(&self) -> Option<&str> { opt_text(&self.0.comment) }
    }
}

view! {
    /// Class completion and promotion (TT27 Điều 11).
    Completion(m::Completion) {
        /// Hoàn thành chương trình lớp học.
        #[getter] fn class_completed(&self) -> bool { self.0.class_completed }
        /// The additional assessment, or `None`.
        #[getter] fn supplementary(&self) -> Option<SupplementaryAssessment> { self.0.supplementary.clone().map(SupplementaryAssessment) }
        /// `"len_lop"` or `"o_lai"`.
        #[getter] fn promotion(&self) -> &'static str { self.0.promotion.code() }
        /// Promotion decided by the principal (Điều 11.1.c).
        #[getter] fn principal_decision(&self) -> bool { self.0.principal_decision }
        /// Hoàn thành chương trình tiểu học (grade 5).
        #[getter] fn primary_completed(&self) -> bool { self.0.primary_completed }
    }
}

view! {
    /// A person named on the record.
    Signatory(m::Signatory) {
        /// Họ và tên.
        #[getter] fn full_name(&self) -> &str { self.0.full_name.as_str() }
        /// Số định danh cá nhân (CCCD), or `None`.
        #[getter] fn personal_id(&self) -> Option<&str> { self.0.personal_id.as_ref().map(m::PersonalId::as_str) }
    }
}

view! {
    /// The principal's block.
    PrincipalSignatory(m::PrincipalSignatory) {
        /// Họ và tên.
        #[getter] fn full_name(&self) -> &str { self.0.full_name.as_str() }
        /// `"hieu_truong"` or `"kt_hieu_truong"`.
        #[getter] fn capacity(&self) -> &'static str { self.0.capacity.code() }
        /// Số định danh cá nhân (CCCD), or `None`.
        #[getter] fn personal_id(&self) -> Option<&str> { self.0.personal_id.as_ref().map(m::PersonalId::as_str) }
        /// Chức vụ as written, or `None`.
        #[getter] fn title(&self) -> Option<&str> { opt_text(&self.0.title) }
        /// The title as printed: `title`, else the capacity's Vietnamese label.
        fn title_or_capacity(&self) -> &str { self.0.title_or_capacity() }
    }
}

view! {
    /// This record replaces an earlier signed record of the same year.
    Correction(m::Correction) {
        /// SHA-256 (hex) of the signed bytes of the record superseded.
        #[getter] fn supersedes(&self) -> String { self.0.supersedes.to_hex() }
        /// Lý do điều chỉnh.
        #[getter] fn reason(&self) -> &str { self.0.reason.as_str() }
    }
}

view! {
    /// One school year of the học bạ: what the GVCN, the principal and the school seal sign.
    ///
    /// Make one with `YearRecord.from_json(text_or_dict)` (or `from_cbor(bytes)`); it is
    /// immutable and always holds valid, NFC-normalised values.
    YearRecord(m::YearRecord, Origin) {
        /// Reads a year record from JSON text or from a `dict` of the JSON form.
        ///
        /// Raises `DecodeError` (a `ValueError`) when the input is not a valid record.
        #[classmethod]
        fn from_json(_cls: &Bound<'_, PyType>, data: &Bound<'_, PyAny>) -> PyResult<Self> {
            let text = dump_json_arg(data)?;
            m::year_record_from_json(&text).map(Self::model).map_err(to_py)
        }

        /// Reads the canonical hocba-CBOR bytes (strict: anything outside the profile is a
        /// `DecodeError` with the code of the reason, e.g. `unsorted_keys`).
        #[classmethod]
        fn from_cbor(_cls: &Bound<'_, PyType>, data: &Bound<'_, PyAny>) -> PyResult<Self> {
            let data = input(data, "data")?;
            canonical::decode_year_record(data.as_slice())
                .map(Self::model)
                .map_err(|e| to_py(e.into()))
        }

        /// The canonical hocba-CBOR bytes (deterministic: the same record gives the same bytes).
        fn to_cbor<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
            PyBytes::new(py, &canonical::encode_year_record(&self.0))
        }

        /// Reads one national học bạ: the XML of Công văn 2088/BGDĐT-GDTH (profile 2088/1.0),
        /// strictly (no DOCTYPE or entities, every element in its place). Raises `DecodeError`
        /// with the code and the element path. The record remembers it was read from the
        /// national XML: `validate` judges it for what that format carries, as it judges the
        /// bytes (ADR 0242, 0261).
        #[classmethod]
        fn from_xml(_cls: &Bound<'_, PyType>, data: &Bound<'_, PyAny>) -> PyResult<Self> {
            let data = input(data, "data")?;
            hocba_core::moet::read_national(data.as_slice(), &hocba_core::moet::Profile::default())
                .map(|(record, facts)| Self(record, Origin::NationalXml(facts)))
                .map_err(to_py)
        }

        /// The national XML of this record (CV 2088, profile 2088/1.0): the same bytes for the
        /// same record; the signature list `DANH_SACH_THONG_TIN_KY` is empty, ready for signing.
        fn to_xml<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
            PyBytes::new(
                py,
                &hocba_core::moet::to_xml(&self.0, &hocba_core::moet::Profile::default()),
            )
        }

        /// The fields of this record the national XML does not carry (model paths); empty
        /// when `YearRecord.from_xml(r.to_xml()) == r`.
        fn not_carried_in_xml(&self) -> Vec<String> {
            hocba_core::moet::not_carried(&self.0, &hocba_core::moet::Profile::default())
        }

        /// The regulation the year was assessed under, e.g. `"TT27/2020"`.
        #[getter] fn rule_set(&self) -> &str { self.0.rule_set.as_str() }
        /// The pupil.
        #[getter] fn pupil(&self) -> Pupil { Pupil(self.0.pupil.clone()) }
        /// The school.
        #[getter] fn school(&self) -> School { School(self.0.school.clone()) }
        /// Năm học, e.g. `"2024-2025"`.
        #[getter] fn school_year(&self) -> String { self.0.school_year.to_string() }
        /// Khối lớp 1–5.
        #[getter] fn grade(&self) -> u8 { self.0.grade.get() }
        /// Lớp, e.g. `"3A"`.
        #[getter] fn class_name(&self) -> &str { self.0.class_name.as_str() }
        /// Giáo viên chủ nhiệm.
        #[getter] fn homeroom_teacher(&self) -> Signatory { Signatory(self.0.homeroom_teacher.clone()) }
        /// Hiệu trưởng.
        #[getter] fn principal(&self) -> PrincipalSignatory { PrincipalSignatory(self.0.principal.clone()) }
        /// Chiều cao (mm), or `None`.
        #[getter] fn height_mm(&self) -> Option<u16> { self.0.height_mm }
        /// Cân nặng (g), or `None`.
        #[getter] fn weight_g(&self) -> Option<u32> { self.0.weight_g }
        /// Số ngày nghỉ, or `None`.
        #[getter] fn days_absent(&self) -> Option<u16> { self.0.days_absent }
        /// Year-end results per subject and activity.
        #[getter] fn subjects(&self) -> Vec<SubjectResult> { self.0.subjects.iter().cloned().map(SubjectResult).collect() }
        /// Year-end quality ratings.
        #[getter] fn qualities(&self) -> Vec<QualityRating> { self.0.qualities.iter().cloned().map(QualityRating).collect() }
        /// Year-end competency ratings.
        #[getter] fn competencies(&self) -> Vec<CompetencyRating> { self.0.competencies.iter().cloned().map(CompetencyRating).collect() }
        /// Mid-year periodic results.
        #[getter] fn periodic(&self) -> Vec<PeriodicResult> { self.0.periodic.iter().cloned().map(PeriodicResult).collect() }
        /// Đánh giá kết quả giáo dục: `"htxs"`, `"htt"`, `"ht"` or `"cht"`.
        #[getter] fn result(&self) -> &'static str { self.0.result.code() }
        /// Khen thưởng.
        #[getter] fn awards(&self) -> Vec<Award> { self.0.awards.iter().cloned().map(Award).collect() }
        /// Hoàn thành chương trình lớp học, lên lớp.
        #[getter] fn completion(&self) -> Completion { Completion(self.0.completion.clone()) }
        /// The correction this record makes, or `None`.
        #[getter] fn correction(&self) -> Option<Correction> { self.0.correction.clone().map(Correction) }
        /// Mã tra cứu học bạ (`MA_TRA_CUU_UUID`, a UUID v4 in lower case), or `None`.
        #[getter] fn lookup_code(&self) -> Option<String> { self.0.lookup_code.map(|c| c.to_string()) }
        /// Tổng số buổi nghỉ có phép (sessions), or `None`.
        #[getter] fn absences_excused(&self) -> Option<u16> { self.0.absences_excused }
        /// Tổng số buổi nghỉ không phép (sessions), or `None`.
        #[getter] fn absences_unexcused(&self) -> Option<u16> { self.0.absences_unexcused }
        /// Số sổ đăng bộ, or `None`.
        #[getter] fn register_number(&self) -> Option<&str> { opt_text(&self.0.register_number) }
        /// Quá trình học tập up to this year (the national format's school path).
        #[getter] fn history(&self) -> Vec<SchoolStep> { self.0.history.iter().cloned().map(SchoolStep).collect() }
        /// The national format's group comments and the homeroom comment.
        #[getter] fn comments(&self) -> GroupComments { GroupComments(self.0.comments.clone()) }
        /// Where and when the record was made and issued, or `None`.
        #[getter] fn issuance(&self) -> Option<Issuance> { self.0.issuance.clone().map(Issuance) }

        /// The year-end result of `subject` (a code such as `"toan"`), or `None`.
        fn subject(&self, subject: &str) -> Option<SubjectResult> {
            let s = m::Subject::from_code(subject).ok()?;
            self.0.subject(s).cloned().map(SubjectResult)
        }

        fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<(Bound<'py, PyAny>, (String,))> {
            Ok((slf.getattr("from_json")?, (to_json_string(&slf.get().0, false),)))
        }
    }
}

view! {
    /// The whole học bạ of one pupil: identity, enrolments and the year records.
    Transcript(m::Transcript) {
        /// Reads a transcript from JSON text or from a `dict` of the JSON form.
        ///
        /// Raises `DecodeError` (a `ValueError`) when the input is not a valid transcript.
        #[classmethod]
        fn from_json(_cls: &Bound<'_, PyType>, data: &Bound<'_, PyAny>) -> PyResult<Self> {
            let text = dump_json_arg(data)?;
            m::transcript_from_json(&text).map(Self).map_err(to_py)
        }

        /// Reads the canonical hocba-CBOR bytes (strict: anything outside the profile is a
        /// `DecodeError` with the code of the reason, e.g. `unsorted_keys`).
        #[classmethod]
        fn from_cbor(_cls: &Bound<'_, PyType>, data: &Bound<'_, PyAny>) -> PyResult<Self> {
            let data = input(data, "data")?;
            canonical::decode_transcript(data.as_slice())
                .map(Self)
                .map_err(|e| to_py(e.into()))
        }

        /// The canonical hocba-CBOR bytes (deterministic: the same record gives the same bytes).
        fn to_cbor<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
            PyBytes::new(py, &canonical::encode_transcript(&self.0))
        }

        /// The identity page.
        #[getter] fn pupil(&self) -> Pupil { Pupil(self.0.pupil.clone()) }
        /// Quá trình học tập.
        #[getter] fn enrolments(&self) -> Vec<Enrolment> { self.0.enrolments.iter().cloned().map(Enrolment).collect() }
        /// The year records, in chronological order.
        #[getter] fn years(&self) -> Vec<YearRecord> { self.0.years.iter().cloned().map(YearRecord::model).collect() }

        fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<(Bound<'py, PyAny>, (String,))> {
            Ok((slf.getattr("from_json")?, (to_json_string(&slf.get().0, false),)))
        }
    }
}
