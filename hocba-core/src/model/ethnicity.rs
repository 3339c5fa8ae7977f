//! The 54 ethnic groups of Việt Nam (dân tộc), by their official code.
//!
//! Codes and names follow the "Danh mục các dân tộc Việt Nam" of the General Statistics
//! Office (Quyết định 121-TCTK/PPCĐ, 1979), which the sector database uses. The wire form is
//! the number 1–54.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::ModelError;

/// Official names, index = code − 1.
const NAMES: [&str; 54] = [
    "Kinh",
    "Tày",
    "Thái",
    "Hoa",
    "Khơ-me",
    "Mường",
    "Nùng",
    "Hmông",
    "Dao",
    "Gia-rai",
    "Ngái",
    "Ê-đê",
    "Ba-na",
    "Xơ-đăng",
    "Sán Chay",
    "Cơ-ho",
    "Chăm",
    "Sán Dìu",
    "Hrê",
    "Mnông",
    "Ra-glai",
    "Xtiêng",
    "Bru-Vân Kiều",
    "Thổ",
    "Giáy",
    "Cơ-tu",
    "Gié-Triêng",
    "Mạ",
    "Khơ-mú",
    "Co",
    "Tà-ôi",
    "Chơ-ro",
    "Kháng",
    "Xinh-mun",
    "Hà Nhì",
    "Chu-ru",
    "Lào",
    "La Chí",
    "La Ha",
    "Phù Lá",
    "La Hủ",
    "Lự",
    "Lô Lô",
    "Chứt",
    "Mảng",
    "Pà Thẻn",
    "Cơ Lao",
    "Cống",
    "Bố Y",
    "Si La",
    "Pu Péo",
    "Brâu",
    "Ơ-đu",
    "Rơ-măm",
];

/// An ethnic group (dân tộc), one of the 54 official groups.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "u8", into = "u8")]
pub struct Ethnicity(u8);

impl Ethnicity {
    /// Kinh, code 1.
    pub const KINH: Ethnicity = Ethnicity(1);
    /// Number of official groups.
    pub const COUNT: u8 = 54;

    /// The official code, 1–54.
    pub fn code(self) -> u8 {
        self.0
    }

    /// The official Vietnamese name.
    pub fn name(self) -> &'static str {
        NAMES[usize::from(self.0 - 1)]
    }

    /// All 54 groups in code order.
    pub fn all() -> impl Iterator<Item = Ethnicity> {
        (1..=Self::COUNT).map(Ethnicity)
    }
}

impl TryFrom<u8> for Ethnicity {
    type Error = ModelError;
    fn try_from(v: u8) -> Result<Self, ModelError> {
        if (1..=Self::COUNT).contains(&v) {
            Ok(Self(v))
        } else {
            Err(ModelError::InvalidEthnicity)
        }
    }
}

impl From<Ethnicity> for u8 {
    fn from(e: Ethnicity) -> u8 {
        e.0
    }
}

impl fmt::Display for Ethnicity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}
