//! Enumerations with stable ASCII wire codes (the same in JSON and CBOR) and
//! Vietnamese labels for display. A wire code never changes once released;
//! `docs/spec/codes.md` lists them all.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::ModelError;

/// The Rust names of every enumeration with wire codes, as [`ModelError::UnknownCode`] names
/// them (so a JSON reader can recover the name from serde's message; a test checks the list).
pub(crate) const WIRE_ENUMS: &[&str] = &[
    "Gender",
    "Subject",
    "SubjectLevel",
    "QualityLevel",
    "Quality",
    "Competency",
    "YearResult",
    "Moment",
    "AwardKind",
    "Promotion",
    "Admission",
    "PrincipalCapacity",
];

/// Declares an enum whose variants have a stable ASCII wire code, a Vietnamese label and
/// an English label.
macro_rules! wire_enum {
    (
        $(#[$m:meta])*
        $name:ident {
            $( $(#[$vm:meta])* $var:ident = $code:literal, $vi:literal, $en:literal; )+
        }
    ) => {
        $(#[$m])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum $name {
            $( $(#[$vm])* $var, )+
        }

        impl $name {
            /// Every variant, in declaration order (the order of the official template).
            pub const ALL: &'static [$name] = &[ $( $name::$var, )+ ];

            /// The stable ASCII wire code.
            pub const fn code(self) -> &'static str {
                match self { $( $name::$var => $code, )+ }
            }

            /// The Vietnamese label, as printed in the học bạ.
            pub const fn label_vi(self) -> &'static str {
                match self { $( $name::$var => $vi, )+ }
            }

            /// An English label.
            pub const fn label_en(self) -> &'static str {
                match self { $( $name::$var => $en, )+ }
            }

            /// The variant with wire code `code`.
            pub fn from_code(code: &str) -> Result<Self, ModelError> {
                match code {
                    $( $code => Ok($name::$var), )+
                    _ => Err(ModelError::UnknownCode { kind: stringify!($name) }),
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.code())
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.code())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
                $name::from_code(&s).map_err(serde::de::Error::custom)
            }
        }
    };
}

wire_enum! {
    /// Giới tính, as on the birth certificate.
    Gender {
        /// Nam.
        Male = "M", "Nam", "Male";
        /// Nữ.
        Female = "F", "Nữ", "Female";
    }
}

wire_enum! {
    /// A subject (môn học) or educational activity (hoạt động giáo dục) of the 2018
    /// general-education curriculum at primary level (Thông tư 32/2018/TT-BGDĐT).
    /// Âm nhạc and Mĩ thuật are the two parts of "Nghệ thuật", rated separately in the học bạ.
    Subject {
        /// Tiếng Việt, grades 1–5.
        TiengViet = "tieng_viet", "Tiếng Việt", "Vietnamese";
        /// Toán, grades 1–5.
        Toan = "toan", "Toán", "Mathematics";
        /// Ngoại ngữ 1: compulsory in grades 3–5, optional in grades 1–2.
        NgoaiNgu1 = "ngoai_ngu_1", "Ngoại ngữ 1", "Foreign language 1";
        /// Đạo đức, grades 1–5.
        DaoDuc = "dao_duc", "Đạo đức", "Ethics";
        /// Tự nhiên và Xã hội, grades 1–3.
        TuNhienXaHoi = "tu_nhien_xa_hoi", "Tự nhiên và Xã hội", "Nature and society";
        /// Lịch sử và Địa lí, grades 4–5.
        LichSuDiaLi = "lich_su_dia_li", "Lịch sử và Địa lí", "History and geography";
        /// Khoa học, grades 4–5.
        KhoaHoc = "khoa_hoc", "Khoa học", "Science";
        /// Tin học và Công nghệ as one row (format 1 records): one level, one score. Format 2
        /// records carry the two parts as [`Subject::TinHoc`] and [`Subject::CongNghe`] (ADR 0076).
        TinHocCongNghe = "tin_hoc_cong_nghe", "Tin học và Công nghệ", "Informatics and technology";
        /// Tin học và Công nghệ (Tin học), grades 3–5: its own level and score, as the Ministry's
        /// display template shows it (QĐ 2904/QĐ-BGDĐT).
        TinHoc = "tin_hoc", "Tin học và Công nghệ (Tin học)", "Informatics and technology (Informatics)";
        /// Tin học và Công nghệ (Công nghệ), grades 3–5: its own level and score.
        CongNghe = "cong_nghe", "Tin học và Công nghệ (Công nghệ)", "Informatics and technology (Technology)";
        /// Giáo dục thể chất, grades 1–5.
        GiaoDucTheChat = "giao_duc_the_chat", "Giáo dục thể chất", "Physical education";
        /// Nghệ thuật – Âm nhạc, grades 1–5.
        AmNhac = "am_nhac", "Âm nhạc", "Music";
        /// Nghệ thuật – Mĩ thuật, grades 1–5.
        MiThuat = "mi_thuat", "Mĩ thuật", "Fine arts";
        /// Hoạt động trải nghiệm (an educational activity), grades 1–5.
        HoatDongTraiNghiem = "hoat_dong_trai_nghiem", "Hoạt động trải nghiệm", "Experiential activities";
        /// Tiếng dân tộc thiểu số (optional), grades 1–5.
        TiengDanToc = "tieng_dan_toc", "Tiếng dân tộc thiểu số", "Ethnic minority language";
    }
}

wire_enum! {
    /// Mức đạt được of a subject or activity (TT27 Điều 7.1.a).
    SubjectLevel {
        /// Hoàn thành tốt.
        Good = "T", "Hoàn thành tốt", "Completed well";
        /// Hoàn thành.
        Completed = "H", "Hoàn thành", "Completed";
        /// Chưa hoàn thành.
        NotCompleted = "C", "Chưa hoàn thành", "Not completed";
    }
}

wire_enum! {
    /// Mức đạt được of a quality or competency (TT27 Điều 7.2). "Đạt" has the ASCII wire
    /// code `D`; the label keeps the Vietnamese letter.
    QualityLevel {
        /// Tốt.
        Good = "T", "Tốt", "Good";
        /// Đạt.
        Pass = "D", "Đạt", "Satisfactory";
        /// Cần cố gắng.
        NeedsEffort = "C", "Cần cố gắng", "Needs effort";
    }
}

wire_enum! {
    /// The five principal qualities (phẩm chất chủ yếu) of CT GDPT 2018, assessed under TT27.
    Quality {
        /// Yêu nước.
        Patriotism = "yeu_nuoc", "Yêu nước", "Patriotism";
        /// Nhân ái.
        Compassion = "nhan_ai", "Nhân ái", "Compassion";
        /// Chăm chỉ.
        Diligence = "cham_chi", "Chăm chỉ", "Diligence";
        /// Trung thực.
        Honesty = "trung_thuc", "Trung thực", "Honesty";
        /// Trách nhiệm.
        Responsibility = "trach_nhiem", "Trách nhiệm", "Responsibility";
    }
}

wire_enum! {
    /// The ten core competencies (năng lực cốt lõi): three general (chung) and seven specific
    /// (đặc thù), in the order of CT GDPT 2018.
    Competency {
        /// Tự chủ và tự học (chung).
        SelfReliance = "tu_chu_tu_hoc", "Tự chủ và tự học", "Autonomy and self-learning";
        /// Giao tiếp và hợp tác (chung).
        Communication = "giao_tiep_hop_tac", "Giao tiếp và hợp tác", "Communication and collaboration";
        /// Giải quyết vấn đề và sáng tạo (chung).
        ProblemSolving = "giai_quyet_van_de_sang_tao", "Giải quyết vấn đề và sáng tạo", "Problem solving and creativity";
        /// Ngôn ngữ (đặc thù).
        Language = "ngon_ngu", "Ngôn ngữ", "Language";
        /// Tính toán (đặc thù).
        Numeracy = "tinh_toan", "Tính toán", "Numeracy";
        /// Khoa học (đặc thù).
        Science = "khoa_hoc", "Khoa học", "Science";
        /// Công nghệ (đặc thù).
        Technology = "cong_nghe", "Công nghệ", "Technology";
        /// Tin học (đặc thù).
        Informatics = "tin_hoc", "Tin học", "Informatics";
        /// Thẩm mĩ (đặc thù).
        Aesthetics = "tham_mi", "Thẩm mĩ", "Aesthetics";
        /// Thể chất (đặc thù).
        Physical = "the_chat", "Thể chất", "Physical";
    }
}

impl Competency {
    /// True for the three general competencies (năng lực chung).
    pub fn is_general(self) -> bool {
        matches!(
            self,
            Competency::SelfReliance | Competency::Communication | Competency::ProblemSolving
        )
    }
}

wire_enum! {
    /// The year-end result of education (TT27 Điều 9.2.a).
    YearResult {
        /// Hoàn thành xuất sắc.
        Excellent = "htxs", "Hoàn thành xuất sắc", "Completed with excellence";
        /// Hoàn thành tốt.
        Good = "htt", "Hoàn thành tốt", "Completed well";
        /// Hoàn thành.
        Completed = "ht", "Hoàn thành", "Completed";
        /// Chưa hoàn thành.
        NotCompleted = "cht", "Chưa hoàn thành", "Not completed";
    }
}

wire_enum! {
    /// A periodic assessment moment (TT27 Điều 7.1).
    Moment {
        /// Giữa học kì I.
        MidTerm1 = "ghk1", "Giữa học kì I", "Mid-term I";
        /// Cuối học kì I.
        EndTerm1 = "chk1", "Cuối học kì I", "End of term I";
        /// Giữa học kì II.
        MidTerm2 = "ghk2", "Giữa học kì II", "Mid-term II";
        /// Cuối năm học.
        EndOfYear = "cn", "Cuối năm học", "End of year";
    }
}

wire_enum! {
    /// A commendation (khen thưởng, TT27 Điều 13).
    AwardKind {
        /// "Học sinh Xuất sắc" (Điều 13.1.a), for Hoàn thành xuất sắc.
        Excellent = "xuat_sac", "Học sinh Xuất sắc", "Excellent pupil";
        /// "Học sinh Tiêu biểu hoàn thành tốt trong học tập và rèn luyện" (Điều 13.1.a).
        Exemplary = "tieu_bieu", "Học sinh Tiêu biểu hoàn thành tốt trong học tập và rèn luyện", "Exemplary pupil";
        /// Khen thưởng đột xuất (Điều 13.1.b).
        Special = "dot_xuat", "Khen thưởng đột xuất", "Special commendation";
        /// Proposed for commendation at a higher level (Điều 13.2).
        HigherLevel = "cap_tren", "Khen thưởng cấp trên", "Higher-level commendation";
    }
}

wire_enum! {
    /// The promotion decision (TT27 Điều 11).
    Promotion {
        /// Được lên lớp.
        Promoted = "len_lop", "Được lên lớp", "Promoted";
        /// Chưa được lên lớp (stays in the same grade next year).
        Retained = "o_lai", "Chưa được lên lớp", "Retained";
    }
}

wire_enum! {
    /// How the pupil came to the school in an enrolment row.
    Admission {
        /// Nhập học: first admission.
        Admitted = "nhap_hoc", "Nhập học", "Admitted";
        /// Chuyển đến: transferred in from another school.
        TransferredIn = "chuyen_den", "Chuyển đến", "Transferred in";
    }
}

wire_enum! {
    /// Who signs the principal's block of a year record.
    PrincipalCapacity {
        /// Hiệu trưởng signs in person.
        Principal = "hieu_truong", "Hiệu trưởng", "Principal";
        /// A vice-principal signs on the principal's behalf:
        /// "KT. HIỆU TRƯỞNG / PHÓ HIỆU TRƯỞNG".
        OnBehalf = "kt_hieu_truong", "KT. Hiệu trưởng – Phó Hiệu trưởng", "Vice-principal for the principal";
    }
}
