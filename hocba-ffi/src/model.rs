//! Mirror records of the core model (`hocba_core::model`): Kotlin data classes and Swift structs.
//!
//! The one place core model values are converted for the bindings (`From<core> for mirror`).
//! Newtypes become their plain value (`Score` → `u8`, `SchoolYear` → `"2024-2025"`, `Date` →
//! `"YYYY-MM-DD"`, codes → `String`); the core's wire-coded enums become enums with `code()`,
//! `label_vi()` and `label_en()` methods. Exhaustive matches make a model change a compile error
//! here rather than a silent gap in the bindings.

use std::collections::{BTreeMap, HashMap};

use hocba_core::model as core;

/// Declares a mirror of a core wire-coded enum, both conversions, and its label methods.
macro_rules! mirror_enum {
    ($(#[$m:meta])* $name:ident { $($(#[$vm:meta])* $var:ident,)+ }) => {
        $(#[$m])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, uniffi::Enum)]
        pub enum $name {
            $($(#[$vm])* $var,)+
        }

        impl From<core::$name> for $name {
            fn from(v: core::$name) -> Self {
                match v {
                    $(core::$name::$var => $name::$var,)+
                }
            }
        }

        impl From<$name> for core::$name {
            fn from(v: $name) -> Self {
                match v {
                    $($name::$var => core::$name::$var,)+
                }
            }
        }

        #[uniffi::export]
        impl $name {
            /// The stable ASCII wire code (the same in JSON and CBOR).
            pub fn code(&self) -> String {
                core::$name::from(*self).code().to_owned()
            }

            /// The Vietnamese label, as printed in the học bạ.
            pub fn label_vi(&self) -> String {
                core::$name::from(*self).label_vi().to_owned()
            }

            /// The English label.
            pub fn label_en(&self) -> String {
                core::$name::from(*self).label_en().to_owned()
            }
        }
    };
}

mirror_enum! {
    /// Giới tính.
    Gender {
        /// Nam.
        Male,
        /// Nữ.
        Female,
    }
}

mirror_enum! {
    /// A subject or educational activity (Thông tư 32/2018/TT-BGDĐT).
    Subject {
        /// Tiếng Việt.
        TiengViet,
        /// Toán.
        Toan,
        /// Ngoại ngữ 1.
        NgoaiNgu1,
        /// Đạo đức.
        DaoDuc,
        /// Tự nhiên và Xã hội.
        TuNhienXaHoi,
        /// Lịch sử và Địa lí.
        LichSuDiaLi,
        /// Khoa học.
        KhoaHoc,
        /// Tin học và Công nghệ as one row (format 1 records).
        TinHocCongNghe,
        /// Tin học và Công nghệ (Tin học).
        TinHoc,
        /// Tin học và Công nghệ (Công nghệ).
        CongNghe,
        /// Giáo dục thể chất.
        GiaoDucTheChat,
        /// Âm nhạc.
        AmNhac,
        /// Mĩ thuật.
        MiThuat,
        /// Hoạt động trải nghiệm.
        HoatDongTraiNghiem,
        /// Tiếng dân tộc thiểu số.
        TiengDanToc,
    }
}

mirror_enum! {
    /// Mức đạt được of a subject or activity (TT27 Điều 7.1.a).
    SubjectLevel {
        /// Hoàn thành tốt (T).
        Good,
        /// Hoàn thành (H).
        Completed,
        /// Chưa hoàn thành (C).
        NotCompleted,
    }
}

mirror_enum! {
    /// Mức đạt được of a quality or competency (TT27 Điều 7.1.b).
    QualityLevel {
        /// Tốt (T).
        Good,
        /// Đạt (Đ).
        Pass,
        /// Cần cố gắng (C).
        NeedsEffort,
    }
}

mirror_enum! {
    /// Một phẩm chất chủ yếu.
    Quality {
        /// Yêu nước.
        Patriotism,
        /// Nhân ái.
        Compassion,
        /// Chăm chỉ.
        Diligence,
        /// Trung thực.
        Honesty,
        /// Trách nhiệm.
        Responsibility,
    }
}

mirror_enum! {
    /// Một năng lực cốt lõi (general or specific).
    Competency {
        /// Tự chủ và tự học.
        SelfReliance,
        /// Giao tiếp và hợp tác.
        Communication,
        /// Giải quyết vấn đề và sáng tạo.
        ProblemSolving,
        /// Ngôn ngữ.
        Language,
        /// Tính toán.
        Numeracy,
        /// Khoa học.
        Science,
        /// Công nghệ.
        Technology,
        /// Tin học.
        Informatics,
        /// Thẩm mĩ.
        Aesthetics,
        /// Thể chất.
        Physical,
    }
}

mirror_enum! {
    /// Đánh giá kết quả giáo dục (TT27 Điều 9.2.a).
    YearResult {
        /// Hoàn thành xuất sắc.
        Excellent,
        /// Hoàn thành tốt.
        Good,
        /// Hoàn thành.
        Completed,
        /// Chưa hoàn thành.
        NotCompleted,
    }
}

mirror_enum! {
    /// A periodic assessment moment.
    Moment {
        /// Giữa học kì I.
        MidTerm1,
        /// Cuối học kì I.
        EndTerm1,
        /// Giữa học kì II.
        MidTerm2,
        /// Cuối năm học.
        EndOfYear,
    }
}

mirror_enum! {
    /// A commendation (TT27 Điều 13).
    AwardKind {
        /// Học sinh Xuất sắc.
        Excellent,
        /// Học sinh Tiêu biểu.
        Exemplary,
        /// Khen thưởng đột xuất.
        Special,
        /// Khen thưởng cấp trên.
        HigherLevel,
    }
}

mirror_enum! {
    /// Lên lớp or not.
    Promotion {
        /// Được lên lớp.
        Promoted,
        /// Chưa được lên lớp.
        Retained,
    }
}

mirror_enum! {
    /// How a pupil joined a school.
    Admission {
        /// Nhập học.
        Admitted,
        /// Chuyển đến.
        TransferredIn,
    }
}

mirror_enum! {
    /// In which capacity the principal's block is signed.
    PrincipalCapacity {
        /// Hiệu trưởng.
        Principal,
        /// KT. Hiệu trưởng – Phó Hiệu trưởng.
        OnBehalf,
    }
}

fn text(t: core::Text) -> String {
    t.into()
}

fn opt_text(t: Option<core::Text>) -> Option<String> {
    t.map(String::from)
}

/// Declares a mirror record and its `From<core::X>`, field by field. Each field is
/// `name: Type = conversion`, where the conversion is a function of the core field's value.
macro_rules! mirror_record {
    ($(#[$m:meta])* $name:ident { $($(#[$fm:meta])* $field:ident : $ty:ty = $conv:expr,)+ }) => {
        $(#[$m])*
        #[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
        pub struct $name {
            $($(#[$fm])* pub $field: $ty,)+
        }

        impl From<core::$name> for $name {
            fn from(v: core::$name) -> Self {
                // Destructure without `..`: a new core field is a compile error here.
                let core::$name { $($field,)+ } = v;
                Self { $($field: ($conv)($field),)+ }
            }
        }
    };
}

fn vec_into<A, B: From<A>>(v: Vec<A>) -> Vec<B> {
    v.into_iter().map(B::from).collect()
}

fn opt_into<A, B: From<A>>(v: Option<A>) -> Option<B> {
    v.map(B::from)
}

fn same<T>(v: T) -> T {
    v
}

mirror_record! {
    /// An administrative unit: official name and, where known, its code.
    AdminUnit {
        /// Mã đơn vị hành chính.
        code: Option<String> = |c: Option<core::AdminCode>| c.map(String::from),
        /// Official name.
        name: String = text,
    }
}

mirror_record! {
    /// A place, with the date on which its unit names were in force.
    Place {
        /// Below the commune: street, hamlet, house number.
        detail: Option<String> = opt_text,
        /// Xã / phường / thị trấn.
        commune: Option<AdminUnit> = opt_into,
        /// Huyện / quận (absent under two-tier local government).
        district: Option<AdminUnit> = opt_into,
        /// Tỉnh / thành phố; absent for an address kept as written (national XML).
        province: Option<AdminUnit> = opt_into,
        /// `YYYY-MM-DD`, where known.
        as_of: Option<String> = |d: Option<core::Date>| d.map(String::from),
    }
}

mirror_record! {
    /// A parent or guardian.
    Guardian {
        /// Họ và tên.
        full_name: String = text,
        /// Năm sinh.
        birth_year: Option<u16> = same,
        /// Nghề nghiệp.
        occupation: Option<String> = opt_text,
    }
}

mirror_record! {
    /// The pupil's identity page.
    Pupil {
        /// Họ và tên học sinh.
        full_name: String = text,
        /// Giới tính.
        gender: Gender = Gender::from,
        /// Ngày sinh, `YYYY-MM-DD`.
        date_of_birth: String = String::from,
        /// Nơi sinh.
        place_of_birth: String = text,
        /// Quê quán.
        hometown: Option<String> = opt_text,
        /// Dân tộc: code 1–54 of the official list.
        ethnicity: Option<u8> = |e: Option<core::Ethnicity>| e.map(u8::from),
        /// Quốc tịch, ISO 3166-1 alpha-2.
        nationality: String = String::from,
        /// Nơi ở hiện nay.
        residence: Place = Place::from,
        /// Cha.
        father: Option<Guardian> = opt_into,
        /// Mẹ.
        mother: Option<Guardian> = opt_into,
        /// Người giám hộ.
        guardian: Option<Guardian> = opt_into,
        /// Số định danh cá nhân (12 digits).
        personal_id: Option<String> = |p: Option<core::PersonalId>| p.map(String::from),
        /// Mã định danh Bộ GD&ĐT.
        pupil_code: Option<String> = |p: Option<core::PupilCode>| p.map(String::from),
    }
}

mirror_record! {
    /// A school.
    School {
        /// Tên trường.
        name: String = text,
        /// Mã trường.
        code: String = String::from,
        /// Where it is.
        place: Place = Place::from,
        /// The Sở GDĐT the school reports to.
        department: Option<Department> = opt_into,
    }
}

mirror_record! {
    /// A provincial Department of Education and Training (Sở GDĐT).
    Department {
        /// Mã Sở (`MA_SO_GIAO_DUC`).
        code: String = String::from,
        /// Tên Sở.
        name: String = text,
    }
}

mirror_record! {
    /// One line of the school path a year record carries (`QUA_TRINH_HOC_TAP`).
    SchoolStep {
        /// Năm học, `2024-2025`.
        school_year: String = String::from,
        /// Lớp.
        class_name: String = text,
        /// Tên trường.
        school_name: String = text,
        /// Ngày chuyển đến, `YYYY-MM-DD`.
        moved_in_on: Option<String> = |d: Option<core::Date>| d.map(String::from),
    }
}

mirror_record! {
    /// The national format's comments per group.
    GroupComments {
        /// Nhận xét phẩm chất.
        qualities: Option<String> = opt_text,
        /// Nhận xét năng lực chung.
        general_competencies: Option<String> = opt_text,
        /// Nhận xét năng lực đặc thù.
        specific_competencies: Option<String> = opt_text,
        /// Nhận xét của giáo viên chủ nhiệm.
        homeroom: Option<String> = opt_text,
    }
}

mirror_record! {
    /// Where and when the record was made and issued.
    Issuance {
        /// Địa danh.
        place: String = text,
        /// `2024-05-24T18:39:30+07:00`.
        created_at: String = String::from,
        /// When the school signed it for issue.
        issued_at: Option<String> = |d: Option<core::DateTime>| d.map(String::from),
    }
}

mirror_record! {
    /// One row of "Quá trình học tập".
    Enrolment {
        /// Năm học, `2024-2025`.
        school_year: String = String::from,
        /// Lớp.
        class_name: String = text,
        /// Tên trường.
        school_name: String = text,
        /// Mã trường.
        school_code: String = String::from,
        /// Số đăng bộ.
        register_number: String = text,
        /// Ngày nhập học / chuyển đến, `YYYY-MM-DD`.
        admitted_on: String = String::from,
        /// Nhập học or chuyển đến.
        admission: Admission = Admission::from,
    }
}

mirror_record! {
    /// One subject or activity row.
    SubjectResult {
        /// The subject or activity.
        subject: Subject = Subject::from,
        /// Which language, for Ngoại ngữ 1 and Tiếng dân tộc thiểu số.
        language: Option<String> = opt_text,
        /// Mức đạt được.
        level: SubjectLevel = SubjectLevel::from,
        /// Điểm KTĐK, 0–10.
        score: Option<u8> = |s: Option<core::Score>| s.map(u8::from),
        /// True when `score` is a retest score.
        retest: bool = same,
        /// Nhận xét.
        comment: Option<String> = opt_text,
    }
}

mirror_record! {
    /// One quality row.
    QualityRating {
        /// The quality.
        quality: Quality = Quality::from,
        /// Mức đạt được.
        level: QualityLevel = QualityLevel::from,
        /// Nhận xét.
        comment: Option<String> = opt_text,
    }
}

mirror_record! {
    /// One competency row.
    CompetencyRating {
        /// The competency.
        competency: Competency = Competency::from,
        /// Mức đạt được.
        level: QualityLevel = QualityLevel::from,
        /// Nhận xét.
        comment: Option<String> = opt_text,
    }
}

mirror_record! {
    /// The assessments of one mid-year moment.
    PeriodicResult {
        /// The moment.
        moment: Moment = Moment::from,
        /// Subjects and activities.
        subjects: Vec<SubjectResult> = vec_into,
        /// Qualities.
        qualities: Vec<QualityRating> = vec_into,
        /// Competencies.
        competencies: Vec<CompetencyRating> = vec_into,
    }
}

mirror_record! {
    /// A commendation.
    Award {
        /// Which commendation.
        kind: AwardKind = AwardKind::from,
        /// Its wording, where the kind leaves it open.
        description: Option<String> = opt_text,
    }
}

mirror_record! {
    /// The additional assessment (TT27 Điều 11.1.b).
    SupplementaryAssessment {
        /// Completed after the additional assessment.
        completed: bool = same,
        /// Date, `YYYY-MM-DD`.
        date: Option<String> = |d: Option<core::Date>| d.map(String::from),
        /// The teacher's note.
        comment: Option<String> = opt_text,
    }
}

mirror_record! {
    /// Class completion and promotion (TT27 Điều 11).
    Completion {
        /// Hoàn thành chương trình lớp học.
        class_completed: bool = same,
        /// The additional assessment, if held.
        supplementary: Option<SupplementaryAssessment> = opt_into,
        /// Lên lớp or not.
        promotion: Promotion = Promotion::from,
        /// Promotion decided by the principal (Điều 11.1.c).
        principal_decision: bool = same,
        /// Hoàn thành chương trình tiểu học (grade 5).
        primary_completed: bool = same,
    }
}

mirror_record! {
    /// A person named on the record.
    Signatory {
        /// Họ và tên.
        full_name: String = text,
        /// Số định danh cá nhân.
        personal_id: Option<String> = |p: Option<core::PersonalId>| p.map(String::from),
    }
}

mirror_record! {
    /// The principal's block.
    PrincipalSignatory {
        /// Họ và tên.
        full_name: String = text,
        /// Hiệu trưởng or KT. Hiệu trưởng.
        capacity: PrincipalCapacity = PrincipalCapacity::from,
        /// Số định danh cá nhân.
        personal_id: Option<String> = |p: Option<core::PersonalId>| p.map(String::from),
        /// Chức vụ as written, where it differs from the capacity's label.
        title: Option<String> = opt_text,
    }
}

mirror_record! {
    /// This record replaces an earlier signed record of the same year.
    Correction {
        /// SHA-256 (hex) of the signed bytes superseded.
        supersedes: String = |d: core::Sha256Digest| d.to_hex(),
        /// Lý do điều chỉnh.
        reason: String = text,
    }
}

mirror_record! {
    /// Top-level fields written by a newer minor version of the format, kept verbatim so that
    /// nothing is lost (ADR 0011). Empty for a record of a version this reader knows.
    Extensions {
        /// The writer's minor format version; 0 means this reader's own.
        minor: u64 = same,
        /// Unknown top-level fields by integer key, each one canonical CBOR item in lower-case
        /// hex (as in the JSON form; hex keeps record equality by value in Kotlin and Swift).
        fields: HashMap<u64, String> = |f: BTreeMap<u64, core::RawCbor>| {
            f.into_iter().map(|(k, v)| (k, String::from(v))).collect()
        },
    }
}

mirror_record! {
    /// One school year of the học bạ.
    YearRecord {
        /// Rule set, e.g. `TT27/2020`.
        rule_set: String = text,
        /// The pupil.
        pupil: Pupil = Pupil::from,
        /// The school.
        school: School = School::from,
        /// Năm học, `2024-2025`.
        school_year: String = String::from,
        /// Khối lớp 1–5.
        grade: u8 = u8::from,
        /// Lớp.
        class_name: String = text,
        /// Giáo viên chủ nhiệm.
        homeroom_teacher: Signatory = Signatory::from,
        /// Hiệu trưởng.
        principal: PrincipalSignatory = PrincipalSignatory::from,
        /// Chiều cao, mm.
        height_mm: Option<u16> = same,
        /// Cân nặng, g.
        weight_g: Option<u32> = same,
        /// Số ngày nghỉ.
        days_absent: Option<u16> = same,
        /// Year-end subject results.
        subjects: Vec<SubjectResult> = vec_into,
        /// Year-end qualities.
        qualities: Vec<QualityRating> = vec_into,
        /// Year-end competencies.
        competencies: Vec<CompetencyRating> = vec_into,
        /// Mid-year results.
        periodic: Vec<PeriodicResult> = vec_into,
        /// Đánh giá kết quả giáo dục.
        result: YearResult = YearResult::from,
        /// Khen thưởng.
        awards: Vec<Award> = vec_into,
        /// Hoàn thành chương trình lớp học, lên lớp.
        completion: Completion = Completion::from,
        /// Set when this record corrects an earlier one.
        correction: Option<Correction> = opt_into,
        /// Mã tra cứu học bạ (UUID v4).
        lookup_code: Option<String> = |c: Option<core::LookupCode>| c.map(String::from),
        /// Số buổi nghỉ có phép.
        absences_excused: Option<u16> = same,
        /// Số buổi nghỉ không phép.
        absences_unexcused: Option<u16> = same,
        /// Số sổ đăng bộ.
        register_number: Option<String> = opt_text,
        /// Quá trình học tập up to this year.
        history: Vec<SchoolStep> = vec_into,
        /// Comments per group (national format).
        comments: GroupComments = GroupComments::from,
        /// Where and when the record was made and issued.
        issuance: Option<Issuance> = opt_into,
        /// Fields of a newer minor format version, kept verbatim.
        extensions: Extensions = Extensions::from,
    }
}

mirror_record! {
    /// A pupil's whole học bạ.
    Transcript {
        /// The identity page.
        pupil: Pupil = Pupil::from,
        /// Quá trình học tập.
        enrolments: Vec<Enrolment> = vec_into,
        /// The year records.
        years: Vec<YearRecord> = vec_into,
        /// Fields of a newer minor format version, kept verbatim.
        extensions: Extensions = Extensions::from,
    }
}
