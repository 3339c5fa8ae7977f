//! One schema per hocba-CBOR structure (issue 14 item 16, ADR 0211).
//!
//! Each map of `docs/spec/hocba.cddl` is written once, in [`super::keys`], as a table of its
//! fields: key, name (the model's field), presence and type. The [`cbor_maps!`] macro derives
//! from that one table the key constants and field list (compared with the CDDL by a test),
//! the canonical encoder (fields in key order, the map's length from the fields present) and
//! the strict decoder (each key read once, unknown keys refused or — in a newer minor
//! version's top-level map — kept, required fields checked, the path of every error named).
//!
//! Presence, as the profile writes it:
//! - `req`: always present; missing is `missing_field`;
//! - `opt`: an `Option`, written when `Some`;
//! - `flag`: a `bool` written only when true (`false` would be a second encoding of absent);
//! - `some`: a `Vec` written only when not empty (an empty array would be a second encoding);
//! - `dflt`: a value written only when not empty (`is_empty`), its default when absent.
//!
//! A field marked `since 2` exists from format 2 on: in a format 1.0 record its key is
//! unknown (ADR 0076).

use std::str::FromStr;

use super::decode::{Dec, R, model_err};
use super::head::Writer;
use crate::model::{
    AdminCode, Admission, AwardKind, Competency, CountryCode, Date, DateTime, DepartmentCode,
    Ethnicity, Gender, Grade, LookupCode, ModelError, Moment, PersonalId, PrincipalCapacity,
    Promotion, PupilCode, Quality, QualityLevel, SchoolCode, SchoolYear, Score, Sha256Digest,
    Subject, SubjectLevel, Text, YearResult,
};

/// A value of a field: how the canonical encoder writes it and the strict decoder reads it.
pub(super) trait Field: Sized {
    /// Writes the value (its key was written).
    fn put(&self, w: &mut Writer);
    /// Reads the value (its key was read).
    fn get(d: &mut Dec<'_, '_>) -> R<Self>;
}

/// Declares every map of the format: per map, a module of key constants with its field list,
/// and the [`Field`] implementation of its model type. See the module documentation.
macro_rules! cbor_maps {
    ($(
        $(#[$m:meta])*
        $module:ident = $rule:literal => $kind:ident $ty:ident $(where $check:path)? {
            $( $konst:ident = $n:literal => $field:ident: $mode:ident $fty:ty $(, since $since:literal)?; )+
        }
    )+) => {
        $(
            cbor_maps!(@keys $kind $(#[$m])* $module { $( $konst = $n => $field; )+ });
            cbor_maps!(@codec $kind $module $ty $(where $check)? { $( $konst => $field: $mode $fty $(, since $since)?; )+ });
        )+

        /// Every CDDL rule with integer keys: (rule name, its fields).
        pub const RULES: &[(&str, &[(&str, u64)])] = &[ $( ($rule, $module::FIELDS), )+ ];
    };

    (@keys map $(#[$m:meta])* $module:ident { $( $konst:ident = $n:literal => $field:ident; )+ }) => {
        $(#[$m])*
        pub mod $module {
            $(
                #[doc = concat!("Key of `", stringify!($field), "`.")]
                pub const $konst: u64 = $n;
            )+
            /// Every field of the rule as (field name, key), in key order.
            pub const FIELDS: &[(&str, u64)] = &[ $( (stringify!($field), $n), )+ ];
        }
    };
    (@keys versioned $(#[$m:meta])* $module:ident { $( $konst:ident = $n:literal => $field:ident; )+ }) => {
        $(#[$m])*
        pub mod $module {
            /// Key of `version`, the format version `[major, minor]` that opens the map.
            pub const VERSION: u64 = 0;
            $(
                #[doc = concat!("Key of `", stringify!($field), "`.")]
                pub const $konst: u64 = $n;
            )+
            /// Every field of the rule as (field name, key), in key order.
            pub const FIELDS: &[(&str, u64)] = &[ ("version", VERSION), $( (stringify!($field), $n), )+ ];
        }
    };

    (@codec map $module:ident $ty:ident $(where $check:path)? { $( $konst:ident => $field:ident: $mode:ident $fty:ty $(, since $since:literal)?; )+ }) => {
        impl $crate::canonical::schema::Field for $crate::model::$ty {
            fn put(&self, w: &mut $crate::canonical::head::Writer) {
                let n = 0 $( + usize::from(cbor_maps!(@present $mode self.$field)) )+;
                w.map(n);
                $( cbor_maps!(@put $mode w, $module::$konst, self.$field); )+
            }

            fn get(d: &mut $crate::canonical::decode::Dec<'_, '_>) -> $crate::canonical::decode::R<Self> {
                let (n, at) = d.map()?;
                $( let mut $field: cbor_maps!(@slot $mode $fty) = cbor_maps!(@init $mode); )+
                for _ in 0..n {
                    let (key, key_at) = d.key()?;
                    match key {
                        $(
                            $module::$konst $( if d.major_at_least($since) )? => {
                                cbor_maps!(@get $mode d, $field, $fty);
                            }
                        )+
                        _ => return Err($crate::canonical::decode::unknown(key_at)),
                    }
                }
                let _ = at;
                let value = Self {
                    $( $field: cbor_maps!(@finish $mode $field, at), )+
                };
                $( $check(d, &value, at)?; )?
                Ok(value)
            }
        }
    };
    (@codec versioned $module:ident $ty:ident { $( $konst:ident => $field:ident: $mode:ident $fty:ty $(, since $since:literal)?; )+ }) => {
        impl $crate::canonical::schema::Field for $crate::model::$ty {
            fn put(&self, w: &mut $crate::canonical::head::Writer) {
                let ext = $crate::canonical::encode::extension_fields(&self.extensions, $module::FIELDS);
                let n = 1 $( + usize::from(cbor_maps!(@present $mode self.$field)) )+;
                w.map(n + ext.len());
                $crate::canonical::encode::version(w, &self.extensions);
                $( cbor_maps!(@put $mode w, $module::$konst, self.$field); )+
                $crate::canonical::encode::write_extensions(w, &ext);
            }

            fn get(d: &mut $crate::canonical::decode::Dec<'_, '_>) -> $crate::canonical::decode::R<Self> {
                let (n, at) = d.map()?;
                let mut extensions = d.open_versioned(n, at)?;
                $( let mut $field: cbor_maps!(@slot $mode $fty) = cbor_maps!(@init $mode); )+
                for _ in 1..n {
                    let (key, key_at) = d.key()?;
                    match key {
                        $(
                            $module::$konst $( if d.major_at_least($since) )? => {
                                cbor_maps!(@get $mode d, $field, $fty);
                            }
                        )+
                        _ => d.extension(&mut extensions, key, key_at)?,
                    }
                }
                Ok(Self {
                    $( $field: cbor_maps!(@finish $mode $field, at), )+
                    extensions,
                })
            }
        }
    };

    (@present req $v:expr) => { true };
    (@present opt $v:expr) => { $v.is_some() };
    (@present flag $v:expr) => { $v };
    (@present some $v:expr) => { !$v.is_empty() };
    (@present dflt $v:expr) => { !$v.is_empty() };

    (@put req $w:ident, $k:expr, $v:expr) => {{
        $w.uint($k);
        $crate::canonical::schema::Field::put(&$v, $w);
    }};
    (@put opt $w:ident, $k:expr, $v:expr) => {
        if let Some(v) = &$v {
            $w.uint($k);
            $crate::canonical::schema::Field::put(v, $w);
        }
    };
    (@put flag $w:ident, $k:expr, $v:expr) => {
        if $v {
            $w.uint($k);
            $w.bool(true);
        }
    };
    (@put some $w:ident, $k:expr, $v:expr) => {
        if !$v.is_empty() {
            $w.uint($k);
            $crate::canonical::schema::Field::put(&$v, $w);
        }
    };
    (@put dflt $w:ident, $k:expr, $v:expr) => {
        if !$v.is_empty() {
            $w.uint($k);
            $crate::canonical::schema::Field::put(&$v, $w);
        }
    };

    (@slot req $t:ty) => { Option<$t> };
    (@slot opt $t:ty) => { Option<$t> };
    (@slot flag $t:ty) => { bool };
    (@slot some $t:ty) => { Vec<$t> };
    (@slot dflt $t:ty) => { $t };

    (@init req) => { None };
    (@init opt) => { None };
    (@init flag) => { false };
    (@init some) => { Vec::new() };
    (@init dflt) => { Default::default() };

    (@get req $d:ident, $f:ident, $t:ty) => {
        $f = Some($d.field(stringify!($f), <$t as $crate::canonical::schema::Field>::get)?)
    };
    (@get opt $d:ident, $f:ident, $t:ty) => {
        $f = Some($d.field(stringify!($f), <$t as $crate::canonical::schema::Field>::get)?)
    };
    (@get flag $d:ident, $f:ident, $t:ty) => {
        $f = $d.field(stringify!($f), $crate::canonical::decode::Dec::flag)?
    };
    (@get some $d:ident, $f:ident, $t:ty) => {
        $f = $d.field(stringify!($f), |d| {
            d.list(true, <$t as $crate::canonical::schema::Field>::get)
        })?
    };
    (@get dflt $d:ident, $f:ident, $t:ty) => {
        $f = $d.field(stringify!($f), <$t as $crate::canonical::schema::Field>::get)?
    };

    (@finish req $f:ident, $at:ident) => { $crate::canonical::decode::req($f, stringify!($f), $at)? };
    (@finish opt $f:ident, $at:ident) => { $f };
    (@finish flag $f:ident, $at:ident) => { $f };
    (@finish some $f:ident, $at:ident) => { $f };
    (@finish dflt $f:ident, $at:ident) => { $f };
}
pub(super) use cbor_maps;

/// A required list: an array, possibly empty, of one structure.
impl<T: Field> Field for Vec<T> {
    fn put(&self, w: &mut Writer) {
        w.array(self.len());
        for v in self {
            v.put(w);
        }
    }
    fn get(d: &mut Dec<'_, '_>) -> R<Self> {
        d.list(false, T::get)
    }
}

impl Field for Text {
    fn put(&self, w: &mut Writer) {
        w.text(self.as_str());
    }
    fn get(d: &mut Dec<'_, '_>) -> R<Self> {
        d.text()
    }
}

impl Field for bool {
    fn put(&self, w: &mut Writer) {
        w.bool(*self);
    }
    fn get(d: &mut Dec<'_, '_>) -> R<Self> {
        d.bool()
    }
}

/// Counts (heights, weights, days, years): an unsigned integer that fits the type, else
/// `invalid_value`.
macro_rules! small_uint {
    ($($t:ty),+) => {$(
        impl Field for $t {
            fn put(&self, w: &mut Writer) {
                w.uint(u64::from(*self));
            }
            fn get(d: &mut Dec<'_, '_>) -> R<Self> {
                d.small::<$t>()
            }
        }
    )+};
}
small_uint!(u16, u32);

/// Domain numbers (grade, score, ethnicity): an unsigned integer, its domain's error when out
/// of range.
macro_rules! domain_uint {
    ($($t:ty => $overflow:expr, $value:expr;)+) => {$(
        impl Field for $t {
            fn put(&self, w: &mut Writer) {
                w.uint(u64::from($value(*self)));
            }
            fn get(d: &mut Dec<'_, '_>) -> R<Self> {
                let (v, at) = d.uint()?;
                u8::try_from(v)
                    .map_err(|_| $overflow)
                    .and_then(<$t>::try_from)
                    .map_err(|e| model_err(e, at))
            }
        }
    )+};
}
domain_uint! {
    Grade => ModelError::InvalidGrade, Grade::get;
    Score => ModelError::InvalidScore, Score::get;
    Ethnicity => ModelError::InvalidEthnicity, Ethnicity::code;
}

impl Field for SchoolYear {
    /// The school year's first calendar year.
    fn put(&self, w: &mut Writer) {
        w.uint(u64::from(self.start()));
    }
    fn get(d: &mut Dec<'_, '_>) -> R<Self> {
        let (v, at) = d.uint()?;
        u16::try_from(v)
            .map_err(|_| ModelError::InvalidSchoolYear)
            .and_then(SchoolYear::starting)
            .map_err(|e| model_err(e, at))
    }
}

/// Wire-coded enums: their stable code as a text string.
macro_rules! code_text {
    ($($t:ty),+) => {$(
        impl Field for $t {
            fn put(&self, w: &mut Writer) {
                w.text(self.code());
            }
            fn get(d: &mut Dec<'_, '_>) -> R<Self> {
                d.parsed(<$t>::from_code)
            }
        }
    )+};
}
code_text!(
    Gender,
    Subject,
    SubjectLevel,
    Quality,
    QualityLevel,
    Competency,
    YearResult,
    Moment,
    AwardKind,
    Promotion,
    PrincipalCapacity,
    Admission
);

/// Validated identifiers and codes: their text.
macro_rules! str_text {
    ($($t:ty),+) => {$(
        impl Field for $t {
            fn put(&self, w: &mut Writer) {
                w.text(self.as_str());
            }
            fn get(d: &mut Dec<'_, '_>) -> R<Self> {
                d.parsed(|s| <$t>::try_from(s))
            }
        }
    )+};
}
str_text!(
    PersonalId,
    PupilCode,
    SchoolCode,
    AdminCode,
    CountryCode,
    DepartmentCode
);

/// Values written as their `Display` text and read with `FromStr` (RFC 3339 dates and
/// date-times, UUIDs).
macro_rules! display_text {
    ($($t:ty),+) => {$(
        impl Field for $t {
            fn put(&self, w: &mut Writer) {
                w.text(&self.to_string());
            }
            fn get(d: &mut Dec<'_, '_>) -> R<Self> {
                d.parsed(<$t>::from_str)
            }
        }
    )+};
}
display_text!(Date, DateTime, LookupCode);

impl Field for Sha256Digest {
    /// The 32 bytes as a byte string.
    fn put(&self, w: &mut Writer) {
        w.bytes(&self.0);
    }
    fn get(d: &mut Dec<'_, '_>) -> R<Self> {
        d.digest()
    }
}
