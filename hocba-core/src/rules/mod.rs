//! TT27 rules: the curriculum, the derivation of year-end results, and (with the validator)
//! every check a year record and a transcript must pass.

pub mod curriculum;
pub mod derive;
