//! The tag names of CV 2088/BGDĐT-GDTH Phụ lục 1.1, spelled exactly as the specification
//! spells them (its misspellings `THONG_SO_BUOI_NGHI_KHONG_PHEP` and
//! `NANG_LUC_GIAO_TIEP_HOC_TAC` included: receivers match them). The container names for
//! repeated rows (`QUA_TRINH`, `BANG_DIEM`, `MON_HOC`, `NANG_LUC_PHAM_CHAT`) are not in the
//! public transcription of the specification and are profile choices (UNCONFIRMED).

use crate::model::{Competency, Quality};

/// The root of one học bạ.
pub const HOC_BA: &str = "HOC_BA";
/// The root of a list of học bạ (a submission's `content`).
pub const DANH_SACH_HOC_BA: &str = "DANH_SACH_HOC_BA";
/// Everything the school made: what the signatures cover.
pub const DU_LIEU_HOC_BA: &str = "DU_LIEU_HOC_BA";
/// The `Id` every signature references (`URI="#data"`).
pub const DATA_ID: &str = "data";
/// The signatures' container, outside the data.
pub const DANH_SACH_THONG_TIN_KY: &str = "DANH_SACH_THONG_TIN_KY";
/// The three signature slots, in signing order.
pub const SIGNATURE_SLOTS: [&str; 3] = ["GVCN", "CBQL", "KY_PHAT_HANH"];

/// General information.
pub const THONG_TIN_CHUNG: &str = "THONG_TIN_CHUNG";
/// The school path.
pub const QUA_TRINH_HOC_TAP: &str = "QUA_TRINH_HOC_TAP";
/// One school year of the path (profile choice).
pub const QUA_TRINH: &str = "QUA_TRINH";
/// The year's results.
pub const TONG_KET: &str = "TONG_KET";
/// The completion sentence ("Hoàn thành chương trình lớp 4; Được lên lớp 5."), derived from
/// the completion flags by the writer and compared with them by the validator (ADR 0243).
pub const NOI_DUNG_HOAN_THANH_CHUONG_TRINH: &str = "NOI_DUNG_HOAN_THANH_CHUONG_TRINH";
/// The subjects table (profile choice).
pub const BANG_DIEM: &str = "BANG_DIEM";
/// One subject row (profile choice).
pub const MON_HOC: &str = "MON_HOC";
/// The qualities and competencies (profile choice).
pub const NANG_LUC_PHAM_CHAT: &str = "NANG_LUC_PHAM_CHAT";

/// The tag of each competency, in the specification's order.
pub const COMPETENCIES: [(Competency, &str); 10] = [
    (Competency::SelfReliance, "NANG_LUC_TU_CHU_TU_HOC"),
    (Competency::Communication, "NANG_LUC_GIAO_TIEP_HOC_TAC"),
    (
        Competency::ProblemSolving,
        "NANG_LUC_GIAI_QUYET_VAN_DE_SANG_TAO",
    ),
    (Competency::Language, "NANG_LUC_NGON_NGU"),
    (Competency::Numeracy, "NANG_LUC_TINH_TOAN"),
    (Competency::Science, "NANG_LUC_KHOA_HOC"),
    (Competency::Technology, "NANG_LUC_CONG_NGHE"),
    (Competency::Informatics, "NANG_LUC_TIN_HOC"),
    (Competency::Aesthetics, "NANG_LUC_THAM_MI"),
    (Competency::Physical, "NANG_LUC_THE_CHAT"),
];

/// The tag of each quality, in the specification's order.
pub const QUALITIES: [(Quality, &str); 5] = [
    (Quality::Patriotism, "PHAM_CHAT_YEU_NUOC"),
    (Quality::Compassion, "PHAM_CHAT_NHAN_AI"),
    (Quality::Diligence, "PHAM_CHAT_CHAM_CHI"),
    (Quality::Honesty, "PHAM_CHAT_TRUNG_THUC"),
    (Quality::Responsibility, "PHAM_CHAT_TRACH_NHIEM"),
];

/// The rule set `TT27/2020` as `THONG_TU` writes it.
pub const THONG_TU_27: &str = "27/2020/TT-BGDĐT";
