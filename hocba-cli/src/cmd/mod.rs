//! One module per subcommand.

pub mod demo;
pub mod generate;
pub mod inspect;
pub mod schema;
