//! One module per subcommand.

pub mod convert;
#[cfg(feature = "demo")]
pub mod demo;
pub mod generate;
pub mod inspect;
pub mod pades;
pub mod portal;
pub mod render;
pub mod schema;
pub mod sign;
pub mod sign_xml;
pub mod timestamp;
pub mod validate;
pub mod verify;
pub mod verify_bulk;
pub mod verify_xml;
pub mod verify_years;
