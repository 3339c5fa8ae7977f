//! `hocba convert`: JSON ↔ canonical CBOR ↔ the national XML (CV 2088); the content of a signed
//! year record (`.cose`) to any of them.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, ValueEnum};
use hocba_core::{Document, Encoding};
use serde_json::json;

use crate::input::{read_file, write_file};
use crate::output::{Failure, Outcome, Ui, print_json};
use crate::parse::{AnyInput, core_failure, parse_any};

/// Target encoding.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum To {
    /// Canonical hocba-CBOR (the signed form).
    Cbor,
    /// Pretty JSON (the vendor form).
    Json,
    /// The national XML of CV 2088/BGDĐT-GDTH (profile 2088/1.0).
    Xml,
}

/// Arguments of `hocba convert`.
#[derive(Debug, Args)]
pub struct ConvertArgs {
    /// Input: a record or transcript (JSON, CBOR or the national XML), or a signed year record
    /// (`.cose`: its content is converted, unsigned and unchecked).
    pub file: PathBuf,
    /// Output file.
    #[arg(long, short)]
    pub out: PathBuf,
    /// Target encoding; by default the other one.
    #[arg(long, value_enum)]
    pub to: Option<To>,
}

/// Decodes strictly and writes the other encoding. A signed year record (`.cose`, or a national
/// XML carrying signatures) is read as
/// `hocba inspect` reads it: its record's content is converted — the output is not signed, and
/// the signatures are not checked (`hocba verify`) —, said on stderr and in `--json`. A signed
/// transcript container (`.hocba`) holds several signed records, not one document: refused as
/// `unsupported_format` (exit 2), naming `hocba inspect` and `hocba verify`.
pub fn run(args: &ConvertArgs, ui: Ui) -> Outcome {
    let bytes = read_file(&args.file, ui)?;
    let input = parse_any(&bytes, ui)?;
    let from_name = input.format();
    let (doc, from, signed) = match input {
        AnyInput::Plain(doc, from) => (doc, from, false),
        // The payload of a COSE_Sign is canonical CBOR; a signed national XML is XML.
        AnyInput::Signed(record, _, from) => (Document::YearRecord(record), from, true),
        // One pupil's years are their transcript; several pupils' records are no one's
        // (`xml_list_of_several_pupils`, decided by the core).
        ref list @ AnyInput::List(..) => (
            Document::from_national_xml(&bytes).map_err(|e| core_failure(&e, ui))?,
            Encoding::Xml,
            list.is_signed(),
        ),
        AnyInput::Container(..) => {
            return Err(Failure::unreadable(
                "unsupported_format",
                ui.t(
                    "Đây là hồ sơ học bạ đã ký (.hocba: nhiều bản ghi đã ký), không phải một bản \
                     ghi hay một học bạ: `hocba convert` không chuyển được. Dùng `hocba inspect` \
                     để xem nội dung các bản ghi, `hocba verify` để kiểm tra chữ ký",
                    "This is a signed transcript container (.hocba: several signed records), not \
                     one record or transcript: `hocba convert` cannot convert it. Use `hocba \
                     inspect` to read its records, `hocba verify` to check the signatures",
                ),
            ));
        }
    };
    let to = args.to.unwrap_or(match from {
        Encoding::Json => To::Cbor,
        Encoding::Cbor | Encoding::Xml => To::Json,
    });
    // What the national format cannot hold is said, never dropped silently (ADR 0075).
    let mut not_carried = match to {
        To::Xml => doc.not_carried_in_xml(),
        _ => Vec::new(),
    };
    // The completion sentence of a national XML is not in the model: every output carries
    // the one its flags give. One that said something else is named, not rewritten silently
    // (ADR 0243; `hocba validate` reports the contradiction).
    let sentence_rewritten = from == Encoding::Xml
        && match (
            &doc,
            hocba_core::moet::read_national(&bytes, &Default::default()),
        ) {
            (Document::YearRecord(r), Ok((_, facts))) => {
                hocba_core::moet::rewrites_completion_sentence(r, &facts)
            }
            _ => false,
        };
    if sentence_rewritten {
        not_carried.push(hocba_core::moet::tags::NOI_DUNG_HOAN_THANH_CHUONG_TRINH.to_owned());
    }
    let out = match to {
        To::Cbor => doc.to_cbor(),
        To::Json => (doc.to_json() + "\n").into_bytes(),
        To::Xml => doc.to_xml(),
    };
    write_file(&args.out, &out, ui)?;
    let to_name = match to {
        To::Cbor => "cbor",
        To::Json => "json",
        To::Xml => "xml",
    };
    if ui.json {
        let mut v = json!({ "ok": true, "kind": doc.kind(), "from": from_name, "to": to_name, "bytes": out.len(), "out": args.out, "not_carried": not_carried });
        if signed {
            // The content of a signed record, as `inspect` shows it: not verified, not signed.
            v["signed_input"] = json!(true);
            v["signatures_verified"] = json!(false);
        }
        print_json(&v);
    } else {
        if signed {
            eprintln!(
                "{}",
                ui.t(
                    "Tệp đã ký số: đã chuyển nội dung bản ghi như được ghi; tệp kết quả KHÔNG mang chữ ký, chữ ký CHƯA được kiểm tra (dùng `hocba verify`).",
                    "A signed file: the record's content was converted as written; the output is NOT signed, and the signatures were NOT checked (use `hocba verify`).",
                )
            );
        }
        if sentence_rewritten {
            eprintln!(
                "{}",
                ui.t(
                    "Cảnh báo: câu NOI_DUNG_HOAN_THANH_CHUONG_TRINH của tệp gốc khác câu suy ra từ các trường hoàn thành chương trình và lên lớp; tệp kết quả ghi câu suy ra (xem `hocba validate`).",
                    "Warning: the input's NOI_DUNG_HOAN_THANH_CHUONG_TRINH sentence differs from the one its completion and promotion fields give; the output has the derived sentence (see `hocba validate`).",
                )
            );
        }
        if !not_carried.is_empty() {
            eprintln!(
                "{}: {}",
                ui.t(
                    "Cảnh báo: định dạng XML quốc gia không chứa các trường",
                    "Warning: the national XML does not carry the fields"
                ),
                not_carried.join(", ")
            );
        }
        crate::outln!(
            "{} {} ({}) → {} ({}, {} byte)",
            ui.t("Đã chuyển", "Converted"),
            args.file.display(),
            from_name,
            args.out.display(),
            to_name,
            out.len()
        );
    }
    Ok(ExitCode::SUCCESS)
}
