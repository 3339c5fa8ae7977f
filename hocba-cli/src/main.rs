//! `hocba`: create, inspect, validate, sign, verify and render Vietnamese digital
//! primary-school transcripts (Học bạ số cấp Tiểu học).
//!
//! Exit codes: 0 success, 1 the input is invalid, 2 the input could not be read or parsed.

mod cmd;
mod input;
mod keys;
mod outpaths;
mod output;
mod parse;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

use output::{LangArg, Ui, report_failure};

/// hocba — Học bạ số cấp Tiểu học (Thông tư 27/2020/TT-BGDĐT).
#[derive(Debug, Parser)]
#[command(name = "hocba", version, about)]
struct Cli {
    /// Language of messages: vi (default) or en.
    #[arg(long, global = true, value_enum, default_value_t = LangArg::Vi)]
    lang: LangArg,
    /// Machine-readable JSON output on stdout.
    #[arg(long, global = true)]
    json: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run the whole job on a synthetic pupil: create, validate, sign, verify, render.
    #[cfg(feature = "demo")]
    Demo(cmd::demo::DemoArgs),
    /// Generate synthetic transcripts (deterministic, seeded; never real pupils).
    Gen(cmd::generate::GenArgs),
    /// Show a record or transcript (JSON or CBOR) as JSON, or as CBOR diagnostic notation.
    Inspect(cmd::inspect::InspectArgs),
    /// Sign a year record (in-process key, or externally with --prepare / --attach).
    Sign(cmd::sign::SignArgs),
    /// Time-stamp a national XML signature (RFC 3161): --request writes the request for a TSA,
    /// --attach writes its response into the signature.
    Timestamp(cmd::timestamp::TimestampArgs),
    /// Verify a signed year record or transcript (exit 0 valid, 1 invalid or incomplete, 2 unreadable).
    Verify(cmd::verify::VerifyArgs),
    /// Convert a record or transcript between JSON and canonical CBOR.
    Convert(cmd::convert::ConvertArgs),
    /// Print the JSON Schema of the JSON form (docs/spec/hocba.schema.json).
    Schema(cmd::schema::SchemaArgs),
    /// Check a record or transcript against the TT27 rules (exit 0 valid, 1 errors, 2 unreadable).
    Validate(cmd::validate::ValidateArgs),
    /// Render a record or transcript as the official học bạ PDF (PDF/A-3u, QR, signed record inside).
    Render(cmd::render::RenderArgs),
    /// Submit signed national-XML records to a receiving portal (prints the messageid).
    Submit(cmd::portal::SubmitArgs),
    /// Ask a portal for the result of a submission, certificate registration or recall.
    Status(cmd::portal::StatusArgs),
    /// Ask a portal to recall submitted records (pending until its operator decides).
    Recall(cmd::portal::RecallArgs),
}

/// mimalloc (ADR 0119): bulk verification frees on one thread what another allocated.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return match e.kind() {
                clap::error::ErrorKind::DisplayHelp | clap::error::ErrorKind::DisplayVersion => {
                    ExitCode::SUCCESS
                }
                _ => ExitCode::from(2),
            };
        }
    };
    let ui = Ui {
        lang: cli.lang.into(),
        json: cli.json,
    };
    output::set_output_lang(ui.lang);
    let outcome = match &cli.command {
        #[cfg(feature = "demo")]
        Command::Demo(a) => cmd::demo::run(a, ui),
        Command::Gen(a) => cmd::generate::run(a, ui),
        Command::Inspect(a) => cmd::inspect::run(a, ui),
        Command::Sign(a) => cmd::sign::run(a, ui),
        Command::Timestamp(a) => cmd::timestamp::run(a, ui),
        Command::Verify(a) => cmd::verify::run(a, ui),
        Command::Schema(a) => cmd::schema::run(a, ui),
        Command::Convert(a) => cmd::convert::run(a, ui),
        Command::Validate(a) => cmd::validate::run(a, ui),
        Command::Render(a) => cmd::render::run(a, ui),
        Command::Submit(a) => cmd::portal::submit(a, ui),
        Command::Status(a) => cmd::portal::status(a, ui),
        Command::Recall(a) => cmd::portal::recall(a, ui),
    };
    outcome.unwrap_or_else(|f| report_failure(ui, f))
}
