//! The strict XML front: every XML input hocba reads (the national học bạ số of CV
//! 2088/BGDĐT-GDTH, its signatures, the portal's lists) goes through [`parse`] first.
//!
//! On top of roxmltree (a read-only DOM that keeps byte positions, ADR 0075) it refuses what a
//! học bạ never needs and an attacker likes: a DOCTYPE and so every entity declaration (billion
//! laughs, external entities), entity references beyond the five predefined ones, processing
//! instructions (the XML declaration is not one), comments, CDATA sections, invalid UTF-8, an
//! XML declaration naming another encoding than UTF-8 (which every other reader would decode
//! differently: a parser differential under the signatures, ADR 0244), a
//! character reference to a non-character (XML 1.0 §4.1: roxmltree reads `&#xD800;` as U+FFFD), and
//! inputs beyond [`XmlLimits`] in size, nesting, node count, attributes or namespace declarations
//! per element, namespaces in scope or in the document, or text length. The attribute and
//! namespace bounds are enforced by a linear pre-scan of the raw text before roxmltree parses it
//! (its parse is quadratic in one element's attributes and superlinear in namespace declarations).
//! Errors are typed ([`XmlErrorKind`]) with the element path and never quote the input.

mod error;
mod prescan;

pub use error::{XmlError, XmlErrorKind};

/// Bounds on one XML input.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct XmlLimits {
    /// Largest input, in bytes.
    pub max_bytes: usize,
    /// Deepest element nesting (the root is depth 1).
    pub max_depth: usize,
    /// Most nodes (elements, texts, attributes) in the document.
    pub max_nodes: u32,
    /// Most attributes on one element, namespace declarations not counted (checked before
    /// parsing).
    pub max_attributes: usize,
    /// Most namespace declarations (`xmlns`, `xmlns:p`) on one element (checked before parsing).
    pub max_namespace_declarations: usize,
    /// Most namespace declarations on an element and its ancestors together (checked before
    /// parsing): what inclusive C14N renders on an apex.
    pub max_namespaces_in_scope: usize,
    /// Most namespace declarations in the whole document (checked before parsing).
    pub max_namespace_declarations_total: usize,
    /// Longest text node, in bytes (a signature's base64 certificate is the longest legitimate one).
    pub max_text_bytes: usize,
}

impl XmlLimits {
    /// One học bạ (one pupil, one school year) with its signatures: 1 MiB, depth 16.
    /// A signed demo record is about 20 kB; three certificate chains fit many times over.
    pub const RECORD: XmlLimits = XmlLimits {
        max_bytes: 1 << 20,
        max_depth: 16,
        max_nodes: 20_000,
        max_attributes: 8,
        max_namespace_declarations: 8,
        max_namespaces_in_scope: 16,
        max_namespace_declarations_total: 64,
        max_text_bytes: 64 * 1024,
    };

    /// A `DANH_SACH_HOC_BA` of many records (a school's submission): 256 MiB, depth 17.
    pub const LIST: XmlLimits = XmlLimits {
        max_bytes: 256 << 20,
        max_depth: 17,
        max_nodes: 50_000_000,
        max_attributes: 8,
        max_namespace_declarations: 8,
        max_namespaces_in_scope: 16,
        max_namespace_declarations_total: 4 << 20,
        max_text_bytes: 64 * 1024,
    };
}

/// Parses `bytes` as one XML document under `limits`, refusing everything the module docs list.
pub fn parse<'a>(bytes: &'a [u8], limits: &XmlLimits) -> Result<roxmltree::Document<'a>, XmlError> {
    if bytes.len() > limits.max_bytes {
        return Err(XmlError::new(XmlErrorKind::TooLarge, String::new()));
    }
    let text = simdutf8::basic::from_utf8(bytes)
        .map_err(|_| XmlError::new(XmlErrorKind::InvalidUtf8, String::new()))?;
    // A byte-order mark is allowed by XML; CV 2088 says UTF-8, which needs none.
    if text.starts_with('\u{feff}') {
        return Err(XmlError::new(XmlErrorKind::Malformed, String::new()));
    }
    // roxmltree reads text as UTF-8 whatever the declaration says; libxml2 (xmlsec1), expat
    // and every conforming reader decode by the declaration. Anything but UTF-8 declared is
    // refused, so no two readers see different characters under one signature (ADR 0244).
    if !declared_encoding_is_utf8(text) {
        return Err(XmlError::new(XmlErrorKind::Encoding, String::new()).at(1, 1));
    }
    // roxmltree keeps CDATA as plain text, so refuse it on the raw input (a học bạ has none,
    // and it is one more way to hide markup-like text from a reviewer).
    if memchr_cdata(bytes) {
        return Err(XmlError::new(XmlErrorKind::CdataSection, String::new()));
    }
    // roxmltree reads a reference to a non-character (a surrogate such as `&#xD800;`) as
    // U+FFFD: refuse it, as XML 1.0 §4.1 ("Legal Character") does.
    if !character_references_legal(bytes) {
        return Err(XmlError::new(XmlErrorKind::Malformed, String::new()));
    }
    // Before the parse, whose cost these bounds are about (see `prescan`).
    prescan::prescan(bytes, limits)?;
    let options = roxmltree::ParsingOptions {
        allow_dtd: false,
        nodes_limit: limits.max_nodes,
        ..roxmltree::ParsingOptions::default()
    };
    let doc = roxmltree::Document::parse_with_options(text, options).map_err(from_roxmltree)?;
    check_tree(&doc, limits)?;
    Ok(doc)
}

/// Whether the XML declaration, if any, names UTF-8 as its encoding or none (XML 1.0 §4.3.3:
/// encoding names are case-insensitive; `UTF8` is the alias libxml2 also reads as UTF-8). A
/// declaration without an encoding is UTF-8 by §4.3.3. A malformed declaration is left to the
/// parser, which refuses it.
fn declared_encoding_is_utf8(text: &str) -> bool {
    prescan::declaration(text.as_bytes())
        .into_iter()
        .find(|(name, _)| *name == b"encoding")
        .is_none_or(|(_, v)| v.eq_ignore_ascii_case(b"UTF-8") || v.eq_ignore_ascii_case(b"UTF8"))
}

/// Whether every character reference (`&#N;`, `&#xH;`) in `bytes` names an XML 1.0 `Char`
/// (§2.2: TAB, LF, CR, U+0020–U+D7FF, U+E000–U+FFFD, U+10000–U+10FFFF). A malformed reference
/// is left to the parser, which refuses it.
fn character_references_legal(bytes: &[u8]) -> bool {
    memchr::memmem::find_iter(bytes, b"&#").all(|at| {
        let rest = &bytes[at + 2..];
        let (digits, radix) = match rest.first() {
            Some(b'x') => (&rest[1..], 16),
            _ => (rest, 10),
        };
        let len = digits
            .iter()
            .position(|b| !b.is_ascii_hexdigit())
            .unwrap_or(digits.len());
        let Some(text) = digits.get(..len).and_then(|d| std::str::from_utf8(d).ok()) else {
            return true;
        };
        if digits.get(len) != Some(&b';') || text.is_empty() {
            return true; // not a reference the parser accepts: it refuses it itself
        }
        match u32::from_str_radix(text, radix) {
            Ok(c) => matches!(c, 0x9 | 0xA | 0xD | 0x20..=0xD7FF | 0xE000..=0xFFFD | 0x1_0000..=0x10_FFFF),
            Err(_) => false, // digits beyond u32: no character
        }
    })
}

fn memchr_cdata(bytes: &[u8]) -> bool {
    // memmem: a byte-by-byte window compare was a tenth of bulk verification's time.
    memchr::memmem::find(bytes, b"<![CDATA[").is_some()
}

fn from_roxmltree(e: roxmltree::Error) -> XmlError {
    use roxmltree::Error as E;
    let kind = match e {
        E::DtdDetected => XmlErrorKind::Doctype,
        E::UnknownEntityReference(..) | E::EntityReferenceLoop(..) => XmlErrorKind::Entity,
        E::NodesLimitReached | E::AttributesLimitReached | E::NamespacesLimitReached => {
            XmlErrorKind::TooLarge
        }
        E::InvalidXmlPrefixUri(..)
        | E::UnexpectedXmlUri(..)
        | E::UnexpectedXmlnsUri(..)
        | E::InvalidElementNamePrefix(..)
        | E::DuplicatedNamespace(..)
        | E::UnknownNamespace(..) => XmlErrorKind::Namespace,
        E::DuplicatedAttribute(..) => XmlErrorKind::DuplicateAttribute,
        _ => XmlErrorKind::Malformed,
    };
    let pos = e.pos();
    XmlError::new(kind, String::new()).at(pos.row, pos.col)
}

/// The checks roxmltree leaves to us, in one pass over the tree.
fn check_tree(doc: &roxmltree::Document<'_>, limits: &XmlLimits) -> Result<(), XmlError> {
    use roxmltree::NodeType;
    // Depth by node id: a parent comes before its children in document order.
    let mut depth = vec![0usize; doc.descendants().count() + 1];
    for node in doc.descendants() {
        let parent_depth = node.parent().map_or(0, |p| depth[p.id().get_usize()]);
        let here = parent_depth + usize::from(node.is_element());
        depth[node.id().get_usize()] = here;
        let at = || node.parent().map(path_of).unwrap_or_default();
        match node.node_type() {
            NodeType::Element => {
                if here > limits.max_depth {
                    return Err(XmlError::new(XmlErrorKind::TooDeep, String::new()));
                }
                if node.attributes().len() > limits.max_attributes {
                    return Err(XmlError::new(
                        XmlErrorKind::TooManyAttributes,
                        path_of(node),
                    ));
                }
            }
            NodeType::PI => {
                return Err(XmlError::new(XmlErrorKind::ProcessingInstruction, at()));
            }
            NodeType::Comment => return Err(XmlError::new(XmlErrorKind::Comment, at())),
            NodeType::Text => {
                if node.text().map_or(0, str::len) > limits.max_text_bytes {
                    return Err(XmlError::new(XmlErrorKind::TextTooLong, at()));
                }
            }
            NodeType::Root => {}
        }
    }
    Ok(())
}

/// The text of a text node as XML 1.0 reads it, where roxmltree does not; for an element, the
/// text of its first child when that is text (what `roxmltree::Node::text` gives, read the
/// same way), so a reader of leaf elements cannot get roxmltree's reading by passing the
/// element.
///
/// roxmltree 0.21 leaves a raw CR as CR when a reference follows it (`\r&quot;`) or when it
/// ends a text after a reference (`&#46;\r`): its line-end translation (XML 1.0 §2.11: CR LF and
/// a lone CR become LF) looks at the next byte only, and a reference's character is appended
/// without that look. libxml2 reads LF there, so hocba's canonical form, digest and reading
/// would differ from every other verifier's. A text whose parsed value holds a CR (from a
/// reference `&#xD;`, or from that defect) is therefore decoded again from its source range:
/// line ends translated, then the five predefined entities and character references resolved
/// (a DTD-free document has no other), and only CRs roxmltree kept where that reading has LF
/// are taken from it. Any other text is roxmltree's, borrowed.
pub fn text<'a>(node: roxmltree::Node<'a, '_>) -> Option<std::borrow::Cow<'a, str>> {
    use std::borrow::Cow;
    if node.is_element() {
        return node.first_child().filter(|c| c.is_text()).and_then(text);
    }
    let parsed = node.text()?;
    if memchr::memchr(b'\r', parsed.as_bytes()).is_none() || !node.is_text() {
        return Some(Cow::Borrowed(parsed));
    }
    let Some(raw) = node.document().input_text().get(node.range()) else {
        return Some(Cow::Borrowed(parsed));
    };
    // The decoding replaces roxmltree's only where it kept a CR that is a line end: same length,
    // the same bytes but CR → LF. Anything else (a text roxmltree merged from several source
    // pieces, as around a CDATA section, which its range does not cover) keeps roxmltree's.
    match decode_text(raw) {
        Some(decoded)
            if decoded.len() == parsed.len()
                && decoded
                    .bytes()
                    .zip(parsed.bytes())
                    .all(|(d, p)| d == p || (d, p) == (b'\n', b'\r')) =>
        {
            Some(Cow::Owned(decoded))
        }
        _ => Some(Cow::Borrowed(parsed)),
    }
}

/// A text's source decoded as XML 1.0 does (§2.11 line ends, §4.1 character references, §4.6
/// predefined entities); `None` for a reference the parser would have refused.
fn decode_text(raw: &str) -> Option<String> {
    let b = raw.as_bytes();
    let mut out = String::with_capacity(raw.len());
    let mut i = 0;
    while let Some(k) = memchr::memchr2(b'&', b'\r', &b[i..]) {
        out.push_str(raw.get(i..i + k)?);
        i += k;
        if b[i] == b'\r' {
            out.push('\n');
            i += 1 + usize::from(b.get(i + 1) == Some(&b'\n'));
            continue;
        }
        let len = b[i..].iter().position(|c| *c == b';')?;
        let name = raw.get(i + 1..i + len)?;
        let c = match name {
            "amp" => '&',
            "lt" => '<',
            "gt" => '>',
            "quot" => '"',
            "apos" => '\'',
            _ => {
                let digits = name.strip_prefix('#')?;
                let value = match digits.strip_prefix('x') {
                    Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                    None => digits.parse().ok()?,
                };
                char::from_u32(value)?
            }
        };
        out.push(c);
        i += len + 1;
    }
    out.push_str(raw.get(i..)?);
    Some(out)
}

/// Whether `element`'s name is in no namespace. roxmltree 0.21 reads `xmlns=""` as a binding
/// of the default namespace to the empty URI, and gives the element (and its unprefixed
/// descendants) the namespace `""`; Namespaces in XML 1.0 §6.2 says the empty value undeclares
/// the default: they are in no namespace, as libxml2 reads them. A redundant `xmlns=""` is a
/// no-op (C14N drops it), so hocba's checks ask this, never `namespace().is_none()`.
pub fn in_no_namespace(element: roxmltree::Node<'_, '_>) -> bool {
    element.tag_name().namespace().is_none_or(str::is_empty)
}

/// The path of an element from the root, by local names: `HOC_BA/DU_LIEU_HOC_BA/TONG_KET`.
pub fn path_of(node: roxmltree::Node<'_, '_>) -> String {
    let mut names: Vec<&str> = node
        .ancestors()
        .filter(|n| n.is_element())
        .map(|n| n.tag_name().name())
        .collect();
    names.reverse();
    names.join("/")
}

#[cfg(test)]
mod tests;
