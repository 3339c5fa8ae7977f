//! The signer roles of a year record and what kind of certificate each needs.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::Lang;

/// Who signs a year record, in signing order: the homeroom teacher, then the principal (or a
/// vice-principal on the principal's behalf — same role, shown by the record), then the school
/// seal. Wire codes `gvcn`, `hieu_truong`, `con_dau` never change (`docs/spec/trust.md`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SignerRole {
    /// Giáo viên chủ nhiệm (GVCN): a personal certificate.
    HomeroomTeacher,
    /// Hiệu trưởng, or a Phó Hiệu trưởng signing "KT. Hiệu trưởng": a personal certificate.
    Principal,
    /// Con dấu: the school's organisation certificate.
    SchoolSeal,
}

impl SignerRole {
    /// Every role, in signing order.
    pub const ALL: [SignerRole; 3] = [
        SignerRole::HomeroomTeacher,
        SignerRole::Principal,
        SignerRole::SchoolSeal,
    ];

    /// The stable wire code.
    pub const fn code(self) -> &'static str {
        match self {
            SignerRole::HomeroomTeacher => "gvcn",
            SignerRole::Principal => "hieu_truong",
            SignerRole::SchoolSeal => "con_dau",
        }
    }

    /// The role with wire code `code`.
    pub fn from_code(code: &str) -> Option<Self> {
        SignerRole::ALL.into_iter().find(|r| r.code() == code)
    }

    /// Position in the signing order (0, 1, 2).
    pub const fn position(self) -> usize {
        match self {
            SignerRole::HomeroomTeacher => 0,
            SignerRole::Principal => 1,
            SignerRole::SchoolSeal => 2,
        }
    }

    /// True for the role that needs an organisation certificate (the seal).
    pub const fn needs_organisation(self) -> bool {
        matches!(self, SignerRole::SchoolSeal)
    }

    /// A human-readable label.
    pub const fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (SignerRole::HomeroomTeacher, Lang::Vi) => "Giáo viên chủ nhiệm",
            (SignerRole::HomeroomTeacher, Lang::En) => "Homeroom teacher",
            (SignerRole::Principal, Lang::Vi) => "Hiệu trưởng",
            (SignerRole::Principal, Lang::En) => "Principal",
            (SignerRole::SchoolSeal, Lang::Vi) => "Con dấu (chứng thư số của nhà trường)",
            (SignerRole::SchoolSeal, Lang::En) => "School seal (organisation certificate)",
        }
    }
}

impl fmt::Display for SignerRole {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl Serialize for SignerRole {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.code())
    }
}

impl<'de> Deserialize<'de> for SignerRole {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        SignerRole::from_code(&s).ok_or_else(|| {
            serde::de::Error::custom("unknown signer role (gvcn, hieu_truong, con_dau)")
        })
    }
}
