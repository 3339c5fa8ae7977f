//! Human views of hocba-CBOR bytes: diagnostic notation (RFC 8949 §8) and annotated hex.

use std::fmt::Write as _;

use super::head::{ARRAY, BYTES, Head, MAP, NINT, Reader, TAG, TEXT, UINT};
use super::{DecodeError, Limits, check_profile};

/// The limits the views accept: the hocba payload profile plus the COSE tags and `null`,
/// so that signed envelopes can be inspected too ([`Limits::COSE`]).
const VIEW_LIMITS: Limits = Limits::COSE;

/// Renders `bytes` in CBOR diagnostic notation (RFC 8949 §8), indented two spaces per
/// level, e.g. `{0: [1, 0], 1: "TT27/2020", …}`.
///
/// The bytes must pass [`check_profile`] with [`Limits::COSE`] (the hocba profile plus
/// the COSE tags and `null`), so what is shown is exactly what a strict reader sees.
pub fn diagnostic(bytes: &[u8]) -> Result<String, DecodeError> {
    check_profile(bytes, &VIEW_LIMITS)?;
    let mut out = String::new();
    let mut r = Reader::new(bytes);
    diag_item(&mut r, &mut out, 0)?;
    Ok(out)
}

/// Renders `bytes` as annotated hex: one head per line, indented by nesting, with a `#`
/// comment naming it (`a3  # map(3)`), string bodies on their own line. Removing the
/// comments and whitespace gives back the bytes. Same profile check as [`diagnostic`].
pub fn annotated_hex(bytes: &[u8]) -> Result<String, DecodeError> {
    check_profile(bytes, &VIEW_LIMITS)?;
    let mut out = String::new();
    let mut r = Reader::new(bytes);
    hex_item(&mut r, &mut out, 0)?;
    Ok(out)
}

fn push_indent(out: &mut String, level: usize) {
    for _ in 0..level {
        out.push_str("  ");
    }
}

fn quote(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

fn body<'a>(r: &mut Reader<'a>, h: &Head) -> Result<&'a [u8], DecodeError> {
    r.take(h.arg)
}

/// Containers whose items all fit on one line are written on one line up to this width.
const INLINE_WIDTH: usize = 60;

fn diag_item(r: &mut Reader<'_>, out: &mut String, level: usize) -> Result<(), DecodeError> {
    let h = r.head()?;
    match h.major {
        UINT => {
            let _ = write!(out, "{}", h.arg);
        }
        NINT => {
            let _ = write!(out, "{}", -1 - i128::from(h.arg));
        }
        BYTES => {
            let b = body(r, &h)?;
            let _ = write!(out, "h'{}'", hex::encode(b));
        }
        TEXT => {
            let b = body(r, &h)?;
            quote(out, &String::from_utf8_lossy(b));
        }
        ARRAY | MAP => {
            let (open, close) = if h.major == ARRAY {
                ('[', ']')
            } else {
                ('{', '}')
            };
            let mut items = Vec::new();
            for _ in 0..h.arg {
                let mut item = String::new();
                diag_item(r, &mut item, level + 1)?;
                if h.major == MAP {
                    item.push_str(": ");
                    diag_item(r, &mut item, level + 1)?;
                }
                items.push(item);
            }
            let one_line = items.iter().all(|i| !i.contains('\n'))
                && items.iter().map(|i| i.len() + 2).sum::<usize>() <= INLINE_WIDTH;
            out.push(open);
            if one_line {
                out.push_str(&items.join(", "));
            } else {
                for (i, item) in items.iter().enumerate() {
                    out.push('\n');
                    push_indent(out, level + 1);
                    out.push_str(item);
                    if i + 1 < items.len() {
                        out.push(',');
                    }
                }
                out.push('\n');
                push_indent(out, level);
            }
            out.push(close);
        }
        TAG => {
            let _ = write!(out, "{}(", h.arg);
            diag_item(r, out, level)?;
            out.push(')');
        }
        _ => out.push_str(match h.info {
            20 => "false",
            21 => "true",
            _ => "null",
        }),
    }
    Ok(())
}

/// Column at which `#` comments start.
const COMMENT_COLUMN: usize = 32;

fn hex_line(out: &mut String, level: usize, bytes: &[u8], comment: &str) {
    let start = out.len();
    push_indent(out, level);
    out.push_str(&hex::encode(bytes));
    let width = out.len() - start;
    let pad = COMMENT_COLUMN.saturating_sub(width).max(1);
    out.extend(std::iter::repeat_n(' ', pad));
    out.push_str("# ");
    out.push_str(comment);
    out.push('\n');
}

fn hex_item(r: &mut Reader<'_>, out: &mut String, level: usize) -> Result<(), DecodeError> {
    let h = r.head()?;
    let head_bytes = &r.buf[h.start..r.pos];
    match h.major {
        UINT => hex_line(out, level, head_bytes, &format!("unsigned({})", h.arg)),
        NINT => hex_line(
            out,
            level,
            head_bytes,
            &format!("negative({})", -1 - i128::from(h.arg)),
        ),
        BYTES | TEXT => {
            let name = if h.major == BYTES { "bytes" } else { "text" };
            hex_line(out, level, head_bytes, &format!("{name}({})", h.arg));
            let b = body(r, &h)?;
            if !b.is_empty() {
                let mut comment = String::new();
                if h.major == TEXT {
                    quote(&mut comment, &String::from_utf8_lossy(b));
                } else {
                    comment.push_str("bytes");
                }
                hex_line(out, level + 1, b, &comment);
            }
        }
        ARRAY => {
            hex_line(out, level, head_bytes, &format!("array({})", h.arg));
            for _ in 0..h.arg {
                hex_item(r, out, level + 1)?;
            }
        }
        MAP => {
            hex_line(out, level, head_bytes, &format!("map({})", h.arg));
            for _ in 0..h.arg {
                hex_item(r, out, level + 1)?;
                hex_item(r, out, level + 1)?;
            }
        }
        TAG => {
            hex_line(out, level, head_bytes, &format!("tag({})", h.arg));
            hex_item(r, out, level + 1)?;
        }
        _ => {
            let name = match h.info {
                20 => "false",
                21 => "true",
                _ => "null",
            };
            hex_line(out, level, head_bytes, &format!("primitive({name})"));
        }
    }
    Ok(())
}
