//! `hocba schema`: print the JSON Schema of the JSON form.

use std::process::ExitCode;

use clap::Args;
use hocba_core::model::document_schema;

use crate::output::{Outcome, Ui, print_json};

/// Arguments of `hocba schema`.
#[derive(Debug, Args)]
pub struct SchemaArgs {}

/// Prints the schema (the same document as `docs/spec/hocba.schema.json`).
pub fn run(_args: &SchemaArgs, _ui: Ui) -> Outcome {
    print_json(&document_schema());
    Ok(ExitCode::SUCCESS)
}
