//! The strict front's pre-scan: one linear pass over the raw text, before roxmltree parses it,
//! that enforces the bounds whose cost is in the parse itself.
//!
//! roxmltree's work is not linear in the input for two shapes: the attributes of one element
//! (its duplicate check compares each with the ones before: 85,000 attributes in 0.9 MB took
//! 18 s before the attribute bound, checked on the tree, refused them) and namespace declarations
//! (each element that declares one copies every namespace in scope, after a scan of its own
//! declarations for each: 2,000 declarations on the root and 2,000 elements declaring one, 70 kB,
//! took 14–36 s). Canonical XML 1.0 renders every namespace in scope, so the same declarations
//! also made inclusive C14N superlinear. The pre-scan counts, per start tag, the attributes and
//! the namespace declarations (`xmlns`, `xmlns:p`), and the declarations in scope and in the
//! document, and refuses an input beyond [`XmlLimits`] before any tree exists (ADR 0075,
//! docs/spec/national-xml.md "The strict reader").
//!
//! The scan recognises tags exactly as XML 1.0 does on a well-formed input (`<` in content always
//! opens markup; in a start tag, `>` outside a quoted value closes it; comments and processing
//! instructions are skipped whole). On a malformed input it stops where the parser stops (the
//! parser refuses it there, having parsed only what the scan counted), or counts on: its counts
//! then only over-estimate, which refuses earlier, never later.

use super::{XmlError, XmlErrorKind, XmlLimits};

/// Refuses `b` when one of its start tags, or the document, is beyond `limits`' attribute and
/// namespace bounds.
pub(super) fn prescan(b: &[u8], limits: &XmlLimits) -> Result<(), XmlError> {
    if !declaration_values_valid(b) {
        return Err(XmlError::new(XmlErrorKind::Malformed, String::new()).at(1, 1));
    }
    // The open elements: (name range, namespace declarations it carries).
    let mut open: Vec<(usize, usize, usize)> = Vec::new();
    let mut in_scope = 0usize;
    let mut total = 0usize;
    let mut i = 0usize;
    while let Some(k) = memchr::memchr(b'<', &b[i..]) {
        i += k + 1;
        match b.get(i) {
            None => return Ok(()),
            Some(b'!') => {
                i = if b[i..].starts_with(b"!--") {
                    match memchr::memmem::find(&b[i + 3..], b"-->") {
                        Some(end) => i + 3 + end + 3,
                        None => return Ok(()),
                    }
                } else {
                    // A DOCTYPE (refused by the parser before any element) or a CDATA
                    // section (refused before the scan): skip to the next `>`.
                    match memchr::memchr(b'>', &b[i..]) {
                        Some(end) => i + end + 1,
                        None => return Ok(()),
                    }
                };
            }
            Some(b'?') => match memchr::memmem::find(&b[i..], b"?>") {
                Some(end) => i = i + end + 2,
                None => return Ok(()),
            },
            Some(b'/') => {
                if let Some((_, _, declared)) = open.pop() {
                    in_scope -= declared;
                }
                match memchr::memchr(b'>', &b[i..]) {
                    Some(end) => i += end + 1,
                    None => return Ok(()),
                }
            }
            Some(_) => {
                let Some(tag) = start_tag(b, i) else {
                    return Ok(()); // the parser stops here too
                };
                let name = (i, i + name_len(&b[i..]));
                let path = || element_path(b, &open, name);
                if tag.attributes > limits.max_attributes {
                    return Err(XmlError::new(XmlErrorKind::TooManyAttributes, path()));
                }
                if tag.uri_escaped {
                    // C14N 1.0 §2.3 escapes `&`, `<`, `"`, TAB, LF, CR in a namespace URI as
                    // in an attribute value; libxml2 (xmlsec1, lxml) writes the URI raw. The
                    // national XML's URIs (xmldsig, XAdES) hold none: refused, so the two never
                    // disagree (a raw TAB, LF or CR is read as a space by both, and `<` is
                    // not well-formed). ADR 0080.
                    return Err(XmlError::new(XmlErrorKind::Namespace, path()));
                }
                if tag.declarations > limits.max_namespace_declarations {
                    return Err(XmlError::new(XmlErrorKind::TooManyNamespaces, path()));
                }
                in_scope += tag.declarations;
                total += tag.declarations;
                if in_scope > limits.max_namespaces_in_scope {
                    return Err(XmlError::new(
                        XmlErrorKind::TooManyNamespacesInScope,
                        path(),
                    ));
                }
                if total > limits.max_namespace_declarations_total {
                    return Err(XmlError::new(
                        XmlErrorKind::TooManyNamespacesInDocument,
                        path(),
                    ));
                }
                if tag.empty {
                    in_scope -= tag.declarations;
                } else {
                    open.push((name.0, name.1, tag.declarations));
                }
                i = tag.end;
            }
        }
    }
    Ok(())
}

/// What one start tag holds.
struct StartTag {
    /// Attributes other than namespace declarations.
    attributes: usize,
    /// Namespace declarations (`xmlns="…"`, `xmlns:p="…"`).
    declarations: usize,
    /// Whether it is an empty-element tag (`<n …/>`).
    empty: bool,
    /// Whether a namespace URI holds a reference (`&…;`) or a `"`.
    uri_escaped: bool,
    /// The index after its `>`.
    end: usize,
}

/// The start tag whose name begins at `b[from]`; `None` where the parser refuses the input (a
/// quoted value or the tag not closed, a `<` inside the tag).
fn start_tag(b: &[u8], from: usize) -> Option<StartTag> {
    let mut tag = StartTag {
        attributes: 0,
        declarations: 0,
        empty: false,
        uri_escaped: false,
        end: 0,
    };
    let mut i = from;
    // Where the bytes before the next `=` start (after the last quoted value or `=`): each byte
    // is looked at a bounded number of times, whatever the input.
    let mut segment = from;
    // Whether the next quoted value is a namespace declaration's.
    let mut declaration = false;
    loop {
        let k = b[i..]
            .iter()
            .position(|c| matches!(c, b'"' | b'\'' | b'=' | b'>' | b'<'))?;
        i += k;
        match b[i] {
            quote @ (b'"' | b'\'') => {
                let len = memchr::memchr(quote, &b[i + 1..])?;
                if declaration
                    && b[i + 1..i + 1 + len]
                        .iter()
                        .any(|c| matches!(c, b'&' | b'"'))
                {
                    tag.uri_escaped = true;
                }
                declaration = false;
                i += 1 + len + 1;
                segment = i;
            }
            b'=' => {
                // The attribute's name: the bytes before `=`, after optional whitespace.
                let trimmed = b[segment..i].trim_ascii_end();
                let start = trimmed
                    .iter()
                    .rposition(|c| c.is_ascii_whitespace())
                    .map_or(0, |p| p + 1);
                let name = &trimmed[start..];
                declaration = name == b"xmlns" || name.starts_with(b"xmlns:");
                if declaration {
                    tag.declarations += 1;
                } else {
                    tag.attributes += 1;
                }
                i += 1;
                segment = i;
            }
            b'>' => {
                tag.empty = i > from && b[i - 1] == b'/';
                tag.end = i + 1;
                return Some(tag);
            }
            _ => return None,
        }
    }
}

/// The length of the name at the start of `b`.
fn name_len(b: &[u8]) -> usize {
    b.iter()
        .position(|c| c.is_ascii_whitespace() || matches!(c, b'/' | b'>'))
        .unwrap_or(b.len())
}

/// The path of the element named at `name` (local names from the root, as
/// [`super::path_of`] writes it).
fn element_path(b: &[u8], open: &[(usize, usize, usize)], name: (usize, usize)) -> String {
    let local = |(s, e): (usize, usize)| {
        let q = String::from_utf8_lossy(&b[s..e]).into_owned();
        match q.split_once(':') {
            Some((_, l)) => l.to_owned(),
            None => q,
        }
    };
    let mut names: Vec<String> = open.iter().map(|&(s, e, _)| local((s, e))).collect();
    names.push(local(name));
    names.join("/")
}

/// The pseudo-attributes of the XML declaration (`<?xml version="1.0" encoding="UTF-8"?>`),
/// name and value, in order; none when there is no declaration. Read as far as they are well
/// formed: the rest of the declaration's syntax is the parser's, which refuses it. The one
/// reading of the declaration the strict front's checks share.
pub(super) fn declaration(b: &[u8]) -> Vec<(&[u8], &[u8])> {
    let mut out = Vec::new();
    let Some(rest) = b.strip_prefix(b"<?xml") else {
        return out;
    };
    if !rest.first().is_some_and(u8::is_ascii_whitespace) {
        return out; // a processing instruction such as `<?xml-stylesheet?>`: refused later
    }
    let Some(end) = memchr::memmem::find(rest, b"?>") else {
        return out; // not closed: the parser refuses it
    };
    let mut d = &rest[..end];
    loop {
        d = d.trim_ascii_start();
        let Some(eq) = memchr::memchr(b'=', d) else {
            return out;
        };
        let name = d[..eq].trim_ascii();
        let after = d[eq + 1..].trim_ascii_start();
        let Some(&quote) = after.first().filter(|q| matches!(q, b'"' | b'\'')) else {
            return out;
        };
        let Some(len) = memchr::memchr(quote, &after[1..]) else {
            return out;
        };
        out.push((name, &after[1..1 + len]));
        d = &after[1 + len + 1..];
    }
}

/// Whether the XML declaration, if any, gives values XML 1.0 allows to `version`
/// (§2.8 `VersionNum ::= '1.' [0-9]+`) and `standalone` (§2.9: `yes` or `no`); roxmltree 0.21
/// takes any (`version="2.0"`, `standalone="maybe"`), libxml2 refuses the document (QA qa4/08).
fn declaration_values_valid(b: &[u8]) -> bool {
    declaration(b).into_iter().all(|(name, value)| match name {
        b"version" => value
            .strip_prefix(b"1.")
            .is_some_and(|n| !n.is_empty() && n.iter().all(u8::is_ascii_digit)),
        b"standalone" => matches!(value, b"yes" | b"no"),
        _ => true,
    })
}
