//! XML canonicalization of one element's subtree, the node-set a same-document reference
//! (`URI="#id"`) or `SignedInfo` selects: Exclusive XML Canonicalization 1.0
//! (<https://www.w3.org/TR/xml-exc-c14n/>) and Canonical XML 1.0
//! (<https://www.w3.org/TR/xml-c14n/>), both **without comments**.
//!
//! ADR 0080 records why this is our own code over the `roxmltree` tree hocba already parsed
//! (rather than `bergshamra-c14n` or libxmlsec1), and how it was tested: the W3C examples that
//! need no DTD, and differential runs against libxml2 (`xmllint --exc-c14n` / `--c14n`, and
//! lxml's subtree canonicalization) on national-XML-shaped inputs.
//!
//! Scope (enough for XML-DSig over a parsed, DTD-free document):
//! - the input is a whole element subtree: no XPath node-set subsets;
//! - comments are dropped, processing instructions inside the subtree are kept, written as the
//!   parser read them: a PI named `xml`, which XML 1.0 §2.6 reserves and roxmltree takes when
//!   no space follows the target (`<?xml?>`), comes out as a declaration out of place, not
//!   well-formed. hocba's verifiers never canonicalize one: their strict front
//!   ([`crate::xml::parse`]) refuses every processing instruction (ADR 0231);
//! - text and attribute values are taken after parsing (character references resolved, line
//!   ends and attribute whitespace normalised by the parser) and escaped as C14N says;
//! - namespace declarations are rendered by the exclusive rule (only the prefixes an element
//!   visibly uses, when the nearest rendered ancestor did not already declare them the same)
//!   or the inclusive rule (every in-scope namespace at the apex, then only changes); the
//!   inclusive method also copies inherited `xml:*` attributes onto the apex (C14N 1.0 §2.4);
//! - `InclusiveNamespaces PrefixList` is not supported (the profile refuses it).
//!
//! Two ways to the same bytes: a subtree written canonically, or differing from its canonical
//! form only by edits one scan of its source text finds (an inherited prefix declared, attributes
//! sorted, empty tags closed, text references and `>` written as C14N writes their characters,
//! `&#7879;` as `ệ`), is copied from the text ([`as_written`]: ADR 0115, ADR 0116, ADR 0231);
//! anything else is rendered from the tree ([`canonicalize_tree`]).

use std::ops::Range;

use roxmltree::Node;

/// `xml` namespace URI (never declared in canonical output).
const XML_NS: &str = "http://www.w3.org/XML/1998/namespace";

/// A canonicalization method of the profile (both without comments).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum C14nMethod {
    /// Exclusive XML Canonicalization 1.0, what hocba signs with.
    Exclusive,
    /// Canonical XML 1.0 (inclusive), what .NET `SignedXml` and some vendor tools produce;
    /// accepted when verifying.
    Inclusive,
}

impl C14nMethod {
    /// The algorithm identifier.
    pub const fn uri(self) -> &'static str {
        match self {
            C14nMethod::Exclusive => "http://www.w3.org/2001/10/xml-exc-c14n#",
            C14nMethod::Inclusive => "http://www.w3.org/TR/2001/REC-xml-c14n-20010315",
        }
    }

    /// The method named by `uri`; `None` for anything else (the `#WithComments` variants,
    /// C14N 1.1, C14N 2.0).
    pub fn from_uri(uri: &str) -> Option<Self> {
        [C14nMethod::Exclusive, C14nMethod::Inclusive]
            .into_iter()
            .find(|m| m.uri() == uri)
    }
}

/// Where canonical bytes go: a buffer, or straight into a hash.
pub trait Sink {
    /// Appends `bytes`.
    fn put(&mut self, bytes: &[u8]);
}

impl Sink for Vec<u8> {
    fn put(&mut self, bytes: &[u8]) {
        self.extend_from_slice(bytes);
    }
}

impl<D: sha2::digest::Update> Sink for Hashing<D> {
    fn put(&mut self, bytes: &[u8]) {
        self.0.update(bytes);
    }
}

/// A hash state as a [`Sink`].
pub struct Hashing<D>(pub D);

/// Writes the canonical form of `element`'s subtree (the element, its attributes, namespace
/// declarations and descendants; comments removed) to `out`.
///
/// `element` must be an element node; anything else writes nothing.
///
/// A subtree whose source text is already in canonical form, or differs from it only in the
/// ways [`as_written`] knows (as hocba and most vendors write the signed data and the
/// signatures), is copied from the text; anything else is rendered from the tree
/// ([`canonicalize_tree`]). ADR 0115, ADR 0116.
pub fn canonicalize(element: Node<'_, '_>, method: C14nMethod, out: &mut impl Sink) {
    match as_written(element) {
        Some(copy) => copy.write(out),
        None => canonicalize_tree(element, method, out),
    }
}

/// The canonical form of a subtree as a copy of its source text, found by [`as_written`]: the
/// text with a few edits, each of a kind C14N makes to text that needs no escaping.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AsWritten<'a> {
    text: &'a str,
    /// In text order, none overlapping another.
    edits: Vec<Edit<'a>>,
}

/// One difference between a subtree's source text and its canonical form.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Edit<'a> {
    /// The apex's inherited prefix declared (` xmlns:p="uri"` inserted after its name).
    Declare {
        at: usize,
        prefix: &'a str,
        uri: &'a str,
    },
    /// A start tag's unprefixed attributes (from `range`: each ` name="value"`) sorted by name
    /// (C14N 1.0 §2.2), as (name, value) ranges of the text.
    Sort {
        range: Range<usize>,
        sorted: Vec<(Range<usize>, Range<usize>)>,
    },
    /// An empty-element tag closed: its `/>` at `at` written `></name>` (C14N 1.0 §2.3).
    Close { at: usize, name: Range<usize> },
    /// A character of text written as C14N writes it ([`write_text_char`]): `range` holds a
    /// raw `>`, `&quot;`, `&apos;` or a character reference other than `&#xD;`, which stand
    /// for `char`.
    Text { range: Range<usize>, char: char },
}

impl Edit<'_> {
    /// The range of the text the edit replaces.
    fn range(&self) -> Range<usize> {
        match self {
            Edit::Declare { at, .. } => *at..*at,
            Edit::Sort { range, .. } => range.clone(),
            Edit::Close { at, .. } => *at..*at + 2,
            Edit::Text { range, .. } => range.clone(),
        }
    }
}

impl<'a> AsWritten<'a> {
    /// The source text, when the canonical form is exactly that text (no edit).
    pub fn verbatim(&self) -> Option<&'a str> {
        self.edits.is_empty().then_some(self.text)
    }

    /// Writes the canonical form to `out`.
    pub fn write(&self, out: &mut impl Sink) {
        let b = self.text.as_bytes();
        let mut from = 0;
        for edit in &self.edits {
            let r = edit.range();
            out.put(&b[from..r.start]);
            match edit {
                Edit::Declare { prefix, uri, .. } => {
                    out.put(b" xmlns:");
                    out.put(prefix.as_bytes());
                    out.put(b"=\"");
                    out.put(uri.as_bytes());
                    out.put(b"\"");
                }
                Edit::Sort { sorted, .. } => {
                    for (name, value) in sorted {
                        out.put(b" ");
                        out.put(&b[name.clone()]);
                        out.put(b"=\"");
                        out.put(&b[value.clone()]);
                        out.put(b"\"");
                    }
                }
                Edit::Close { name, .. } => {
                    out.put(b"></");
                    out.put(&b[name.clone()]);
                    out.put(b">");
                }
                Edit::Text { char, .. } => write_text_char(*char, out),
            }
            from = r.end;
        }
        out.put(&b[from..]);
    }
}

/// How `element`'s subtree becomes its canonical form by copying its source text, under both
/// methods; `None` when one scan of the text cannot show it.
///
/// The scan accepts only what both methods render from the copy, in a parsed, DTD-free
/// document:
/// - namespaces: none in scope at the apex; or exactly one prefix `p` in scope, the apex named
///   `p:…`, every element inside named `p:…` or without prefix (in no namespace), and no
///   declaration inside but `xmlns:p` as the apex's first attribute. Both methods render that
///   one declaration on the apex and no other: when the apex does not carry it (it is
///   inherited), it is inserted after the apex's name. No `xml:*` attribute on an ancestor
///   (which inclusive C14N would copy onto the apex);
/// - start tags `<n>` or `<n a="v" b="w">`: one space before each attribute, double quotes,
///   unprefixed names (written in any order, copied sorted: C14N 1.0 §2.2), values without
///   `&`, `<`, TAB, LF or CR (which the parser would normalise or C14N escape); end tags
///   `</n>`; empty-element tags `<n …/>`, written `<n …></n>` (C14N 1.0 §2.3);
/// - text without a raw CR, whose references are `&amp;`, `&lt;`, `&gt;`, `&#xD;` (copied:
///   C14N writes them so), `&quot;`, `&apos;` and any character reference to an XML `Char`
///   (`&#233;`, `&#x1EC7;`, `&#13;`, `&#60;`…), each copied as C14N writes its character (`&`,
///   `<`, `>` as `&amp;`, `&lt;`, `&gt;`, CR as `&#xD;`, any other character as its UTF-8
///   bytes), like a raw `>` (copied `&gt;`): C14N 1.0 §2.3;
/// - no comment, CDATA section or processing instruction.
pub fn as_written<'a, 'i: 'a>(element: Node<'a, 'i>) -> Option<AsWritten<'a>> {
    if !element.is_element() {
        return None;
    }
    let mut scope = element.namespaces();
    let prefix = match (scope.next(), scope.next()) {
        (None, _) => None,
        (Some(ns), None) => Some((ns.name()?, ns.uri())),
        (Some(_), Some(_)) => return None,
    };
    let inherits_xml_attr = element
        .ancestors()
        .skip(1)
        .any(|a| a.attributes().any(|x| x.namespace() == Some(XML_NS)));
    if inherits_xml_attr {
        return None;
    }
    let text = element.document().input_text().get(element.range())?;
    let b = text.as_bytes();
    if memchr::memchr(b'\r', b).is_some() {
        return None;
    }
    let mut scan = Scan {
        b,
        prefix: prefix.map(|(p, _)| p.as_bytes()),
        declaration: prefix.map(|(p, u)| (p.as_bytes(), u.as_bytes())),
        declared: false,
        edits: Vec::new(),
    };
    // The apex start tag first: it may declare the prefix, and carries it (exclusive C14N
    // declares a prefix where it is first used, inclusive C14N on the apex).
    let apex_prefix = |p: &str| b.get(1..)?.strip_prefix(p.as_bytes())?.strip_prefix(b":");
    if b.first() != Some(&b'<') || prefix.is_some_and(|(p, _)| apex_prefix(p).is_none()) {
        return None;
    }
    let mut i = scan.tag(1)?;
    scan.declaration = None;
    while let Some(k) = memchr::memchr3(b'<', b'&', b'>', b.get(i..)?) {
        i += k;
        i = match b[i] {
            b'&' => {
                let (len, char) = text_reference(b.get(i + 1..)?)?;
                let end = i + 1 + len;
                if let Some(char) = char {
                    scan.edits.push(Edit::Text {
                        range: i..end,
                        char,
                    });
                }
                end
            }
            b'<' => scan.tag(i + 1)?,
            _ => {
                // `>` in text (the tags are skipped whole): C14N writes `&gt;`.
                scan.edits.push(Edit::Text {
                    range: i..i + 1,
                    char: '>',
                });
                i + 1
            }
        };
    }
    let mut edits = scan.edits;
    if let Some((prefix, uri)) = prefix.filter(|_| !scan.declared) {
        // Inserted as written: only a URI C14N would not escape.
        if uri
            .bytes()
            .any(|c| matches!(c, b'&' | b'<' | b'"' | b'\t' | b'\n' | b'\r'))
        {
            return None;
        }
        let at = 1 + text.get(1..)?.find([' ', '>', '/'])?;
        edits.insert(0, Edit::Declare { at, prefix, uri });
    }
    Some(AsWritten { text, edits })
}

/// A reference in text, from the bytes after its `&`: its length after the `&`, and the
/// character to write instead of it ([`write_text_char`]), `None` when C14N writes the reference
/// itself (`&amp;`, `&lt;`, `&gt;`, `&#xD;`: C14N 1.0 §2.3). `None` for a reference the copy
/// does not take: an entity other than the five XML 1.0 §4.6 predefines, or a character
/// reference [`char_reference`] refuses.
pub(super) fn text_reference(rest: &[u8]) -> Option<(usize, Option<char>)> {
    let named = |name: &[u8], char| rest.starts_with(name).then_some((name.len(), char));
    match rest.first()? {
        b'#' if rest.starts_with(b"#xD;") => Some((4, None)),
        b'#' => {
            let (len, char) = char_reference(&rest[1..])?;
            Some((1 + len, Some(char)))
        }
        b'a' => named(b"amp;", None).or_else(|| named(b"apos;", Some('\''))),
        b'l' => named(b"lt;", None),
        b'g' => named(b"gt;", None),
        b'q' => named(b"quot;", Some('"')),
        _ => None,
    }
}

/// The character a character reference names (XML 1.0 §4.1: `'&#' [0-9]+ ';'` or
/// `'&#x' [0-9a-fA-F]+ ';'`), from the bytes after its `&#`: the reference's length after the
/// `&#` (up to and including `;`) and the character. `None` for anything else, and wherever the
/// parser might have read it differently: no digit, `&#X…`, a value beyond U+10FFFF (checked
/// digit by digit, so no overflow), or a character outside XML 1.0 §2.2 `Char` (roxmltree 0.21
/// reads a surrogate or an out-of-range value as U+FFFD; the tree renders what it read).
fn char_reference(rest: &[u8]) -> Option<(usize, char)> {
    let (radix, first) = match rest.first()? {
        b'x' => (16, 1),
        _ => (10, 0),
    };
    let mut value: u32 = 0;
    let mut i = first;
    loop {
        let digit = char::from(*rest.get(i)?);
        if digit == ';' {
            break;
        }
        // `to_digit(16)` takes `a-f` and `A-F`, `to_digit(10)` only `0-9`.
        value = value * radix + digit.to_digit(radix)?;
        if value > 0x10_FFFF {
            return None;
        }
        i += 1;
    }
    if i == first {
        return None;
    }
    let char = char::from_u32(value).filter(|c| is_xml_char(*c))?;
    Some((i + 1, char))
}

/// XML 1.0 §2.2 `Char`: `#x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] |
/// [#x10000-#x10FFFF]` (a Rust `char` is never a surrogate).
const fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{FFFD}' | '\u{10000}'..='\u{10FFFF}')
}

/// Writes a character of text as C14N does (C14N 1.0 §2.3: `&`, `<`, `>` and CR escaped, any
/// other character as its UTF-8 bytes), with the tree's escaping ([`replacement`]).
fn write_text_char(c: char, out: &mut impl Sink) {
    match u8::try_from(c).ok().and_then(replacement::<true>) {
        Some(escaped) => out.put(escaped),
        None => out.put(c.encode_utf8(&mut [0; 4]).as_bytes()),
    }
}

/// The state of [`as_written`]'s scan of a subtree's text.
struct Scan<'b, 'a> {
    b: &'b [u8],
    /// The one prefix every element must carry, if the subtree is in a namespace.
    prefix: Option<&'b [u8]>,
    /// The declaration the apex may carry as its first attribute (only while scanning it).
    declaration: Option<(&'b [u8], &'b [u8])>,
    /// Whether the apex carried it.
    declared: bool,
    edits: Vec<Edit<'a>>,
}

impl Scan<'_, '_> {
    /// The end of the name starting at `i`.
    fn name_end(&self, i: usize) -> Option<usize> {
        self.b
            .get(i..)?
            .iter()
            .position(|c| matches!(c, b' ' | b'\t' | b'\n' | b'\r' | b'/' | b'>' | b'='))
            .map(|n| i + n)
    }

    /// Whether `name` is an element name the copy may hold: without prefix (in no namespace:
    /// no default namespace is ever in scope), or `p:local` with the subtree's one prefix.
    fn element_name(&self, name: &[u8]) -> bool {
        let local = match name.iter().position(|c| *c == b':') {
            None => name,
            Some(colon) if self.prefix == Some(&name[..colon]) => &name[colon + 1..],
            Some(_) => return false,
        };
        !local.is_empty() && !local.contains(&b':') && !matches!(local[0], b'!' | b'?')
    }

    /// Checks the tag whose `<` precedes `b[i]` is written canonically but for the edits it
    /// records; returns the index after its `>`.
    fn tag(&mut self, mut i: usize) -> Option<usize> {
        let b = self.b;
        if b.get(i) == Some(&b'/') {
            let end = self.name_end(i + 1)?;
            return (self.element_name(b.get(i + 1..end)?) && b.get(end) == Some(&b'>'))
                .then_some(end + 1);
        }
        let name_start = i;
        let end = self.name_end(i)?;
        if !self.element_name(b.get(i..end)?) {
            return None;
        }
        i = end;
        // The attributes after a declaration, as (name, value) ranges; whether in order.
        let mut attributes: Vec<(Range<usize>, Range<usize>)> = Vec::new();
        let mut from = i;
        let mut in_order = true;
        loop {
            match b.get(i)? {
                b'>' | b'/' => {
                    let close = b[i] == b'/';
                    if close && b.get(i + 1) != Some(&b'>') {
                        return None;
                    }
                    if !in_order {
                        let mut sorted = attributes;
                        sorted.sort_unstable_by(|x, y| b[x.0.clone()].cmp(&b[y.0.clone()]));
                        self.edits.push(Edit::Sort {
                            range: from..i,
                            sorted,
                        });
                    }
                    if close {
                        self.edits.push(Edit::Close {
                            at: i,
                            name: name_start..end,
                        });
                        return Some(i + 2);
                    }
                    return Some(i + 1);
                }
                b' ' => {
                    let start = i + 1;
                    let end = self.name_end(start)?;
                    let name = b.get(start..end)?;
                    if b.get(end..end + 2)? != b"=\"" {
                        return None;
                    }
                    let value_start = end + 2;
                    let len = b.get(value_start..)?.iter().position(|c| *c == b'"')?;
                    let value = b.get(value_start..value_start + len)?;
                    if value
                        .iter()
                        .any(|c| matches!(c, b'&' | b'<' | b'\t' | b'\n' | b'\r'))
                    {
                        return None;
                    }
                    let declares = |(p, uri): (&[u8], &[u8])| {
                        name.strip_prefix(b"xmlns:") == Some(p) && value == uri
                    };
                    i = value_start + len + 1;
                    // The apex's first attribute may declare its prefix.
                    let first = from == start - 1;
                    if first && self.declaration.is_some_and(declares) {
                        self.declared = true;
                        from = i;
                        continue;
                    }
                    if name.is_empty() || name.starts_with(b"xmlns") || name.contains(&b':') {
                        return None;
                    }
                    if attributes
                        .last()
                        .is_some_and(|(last, _)| &b[last.clone()] >= name)
                    {
                        in_order = false;
                    }
                    attributes.push((start..end, value_start..value_start + len));
                }
                _ => return None, // a prefix, or whitespace C14N would drop
            }
        }
    }
}

/// [`canonicalize`] without the copy of a subtree written canonically: the canonical form
/// rendered from the parsed tree, whatever the source text looks like.
pub fn canonicalize_tree(element: Node<'_, '_>, method: C14nMethod, out: &mut impl Sink) {
    if !element.is_element() {
        return;
    }
    let input = element.document().input_text();
    // Rendered namespace context, one frame per open element: (prefix, uri), "" = default.
    let mut rendered: Vec<Vec<(&str, &str)>> = Vec::new();
    // Depth-first without a child list per element: descend to the first child, else close
    // and move to the next sibling, climbing until one exists or the apex is closed.
    let mut node = element;
    loop {
        if node.is_element() {
            let frame = open_element(input, node, node == element, method, &rendered, out);
            rendered.push(frame);
            if let Some(child) = node.first_child() {
                node = child;
                continue;
            }
        } else if node.is_text() {
            escape_text(&crate::xml::text(node).unwrap_or_default(), out);
        } else if let Some(pi) = node.pi() {
            out.put(b"<?");
            out.put(pi.target.as_bytes());
            if let Some(v) = pi.value.filter(|v| !v.is_empty()) {
                out.put(b" ");
                out.put(v.as_bytes());
            }
            out.put(b"?>");
        }
        // Comments are dropped (the methods are the "without comments" ones).
        loop {
            if node.is_element() {
                close_element(input, node, out);
                rendered.pop();
            }
            if node == element {
                return;
            }
            if let Some(next) = node.next_sibling() {
                node = next;
                break;
            }
            match node.parent() {
                Some(parent) => node = parent,
                None => return,
            }
        }
    }
}

fn close_element(input: &str, node: Node<'_, '_>, out: &mut impl Sink) {
    out.put(b"</");
    out.put(qname(input, node).as_bytes());
    out.put(b">");
}

/// The qualified name of an element as written (`ds:Signature`), read from the source text:
/// roxmltree keeps the namespace, not the prefix.
fn qname<'i>(input: &'i str, node: Node<'_, 'i>) -> &'i str {
    let start = node.range().start + 1;
    let rest = input.get(start..).unwrap_or_default();
    let end = rest
        .bytes()
        .position(|b| matches!(b, b' ' | b'\t' | b'\r' | b'\n' | b'/' | b'>'))
        .unwrap_or(rest.len());
    // The delimiters are ASCII, so `end` is a char boundary.
    rest.get(..end).unwrap_or_default()
}

fn prefix_of(qname: &str) -> &str {
    qname.split_once(':').map_or("", |(p, _)| p)
}

/// The binding of `prefix` ("" = default) in scope at `node`: its URI, "" when unbound.
fn in_scope<'a>(node: Node<'a, '_>, prefix: &str) -> &'a str {
    let name = (!prefix.is_empty()).then_some(prefix);
    node.namespaces()
        .find(|ns| ns.name() == name)
        .map_or("", |ns| ns.uri())
}

fn rendered_binding<'r>(rendered: &[Vec<(&str, &'r str)>], prefix: &str) -> Option<&'r str> {
    rendered
        .iter()
        .rev()
        .find_map(|f| f.iter().find(|(p, _)| *p == prefix).map(|(_, u)| *u))
}

/// Writes the start tag; returns the namespace declarations it rendered.
fn open_element<'a, 'i: 'a>(
    input: &'i str,
    node: Node<'a, 'i>,
    apex: bool,
    method: C14nMethod,
    rendered: &[Vec<(&'a str, &'a str)>],
    out: &mut impl Sink,
) -> Vec<(&'a str, &'a str)> {
    let name = qname(input, node);
    // Namespace declarations to render, as (prefix, uri).
    let mut decls: Vec<(&'a str, &'a str)> = Vec::new();
    // Each prefix is considered once: an element's in-scope namespaces have distinct prefixes
    // (roxmltree keeps one binding per prefix), and the callers below check the rest.
    let consider = |prefix: &'a str, uri: &'a str, decls: &mut Vec<(&'a str, &'a str)>| {
        if prefix == "xml" {
            return;
        }
        let before = rendered_binding(rendered, prefix).unwrap_or("");
        if before != uri {
            decls.push((prefix, uri));
        }
    };
    match method {
        C14nMethod::Exclusive => {
            let p = prefix_of(name);
            consider(p, in_scope(node, p), &mut decls);
            for a in node.attributes() {
                let ap = attr_prefix(input, &a);
                if !ap.is_empty() && !decls.iter().any(|(d, _)| *d == ap) {
                    consider(ap, in_scope(node, ap), &mut decls);
                }
            }
        }
        // Below the apex, an element that declares no namespace has its parent's in-scope
        // namespaces (roxmltree shares them: the same values, compared by address), which
        // the parent rendered: nothing to render. Only elements that declare one are walked,
        // so the cost is the namespaces in scope once per declaring element, not per element.
        C14nMethod::Inclusive if !apex && same_namespaces_as_parent(node) => {}
        C14nMethod::Inclusive => {
            for ns in node.namespaces() {
                consider(ns.name().unwrap_or(""), ns.uri(), &mut decls);
            }
            // The default namespace undeclared here but declared on a rendered ancestor (unless
            // roxmltree listed the undeclaration, `xmlns=""`, as a binding to "" above).
            if in_scope(node, "").is_empty() && !decls.iter().any(|(p, _)| p.is_empty()) {
                consider("", "", &mut decls);
            }
        }
    }
    decls.sort_unstable_by(|a, b| a.0.cmp(b.0));

    // Attributes: (namespace uri, local name, qualified name, value), sorted by uri then name.
    let mut attrs: Vec<(&str, &str, &str, &str)> = node
        .attributes()
        .map(|a| {
            let q = &input[a.range_qname()];
            (a.namespace().unwrap_or(""), a.name(), q, a.value())
        })
        .collect();
    if apex && method == C14nMethod::Inclusive {
        // C14N 1.0 §2.4: the apex inherits the xml:* attributes of its ancestors.
        for anc in node.ancestors().skip(1).filter(|n| n.is_element()) {
            for a in anc.attributes().filter(|a| a.namespace() == Some(XML_NS)) {
                if !attrs.iter().any(|x| x.0 == XML_NS && x.1 == a.name()) {
                    attrs.push((XML_NS, a.name(), &input[a.range_qname()], a.value()));
                }
            }
        }
    }
    attrs.sort_unstable_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)));

    out.put(b"<");
    out.put(name.as_bytes());
    for (p, uri) in &decls {
        if p.is_empty() {
            out.put(b" xmlns=\"");
        } else {
            out.put(b" xmlns:");
            out.put(p.as_bytes());
            out.put(b"=\"");
        }
        escape_attr(uri, out);
        out.put(b"\"");
    }
    for (_, _, q, v) in &attrs {
        out.put(b" ");
        out.put(q.as_bytes());
        out.put(b"=\"");
        escape_attr(v, out);
        out.put(b"\"");
    }
    out.put(b">");
    decls
}

/// Whether `node`'s in-scope namespaces are its parent element's, value for value (roxmltree
/// stores each distinct namespace once: equal addresses are the same binding).
fn same_namespaces_as_parent(node: Node<'_, '_>) -> bool {
    node.parent_element().is_some_and(|parent| {
        node.namespaces()
            .map(std::ptr::from_ref)
            .eq(parent.namespaces().map(std::ptr::from_ref))
    })
}

fn attr_prefix<'i>(input: &'i str, a: &roxmltree::Attribute<'_, 'i>) -> &'i str {
    prefix_of(input.get(a.range_qname()).unwrap_or_default())
}

/// Text node escaping (C14N 1.0 §2.3): `&`, `<`, `>`, CR.
fn escape_text(s: &str, out: &mut impl Sink) {
    escape::<true>(s, out);
}

/// Attribute value escaping (C14N 1.0 §2.3): `&`, `<`, `"`, TAB, LF, CR.
fn escape_attr(s: &str, out: &mut impl Sink) {
    escape::<false>(s, out);
}

/// The replacement of byte `b` in text (`TEXT`) or in an attribute value, if any.
const fn replacement<const TEXT: bool>(b: u8) -> Option<&'static [u8]> {
    match (b, TEXT) {
        (b'&', _) => Some(b"&amp;"),
        (b'<', _) => Some(b"&lt;"),
        (b'\r', _) => Some(b"&#xD;"),
        (b'>', true) => Some(b"&gt;"),
        (b'"', false) => Some(b"&quot;"),
        (b'\t', false) => Some(b"&#x9;"),
        (b'\n', false) => Some(b"&#xA;"),
        _ => None,
    }
}

fn escape<const TEXT: bool>(s: &str, out: &mut impl Sink) {
    let bytes = s.as_bytes();
    let mut from = 0;
    let mut i = 0;
    while i < bytes.len() {
        // Every byte replaced is ASCII and at most '>' (0x3E): skip eight bytes at a time when
        // none of them is (the "has a byte less than n" word test, n = 0x3F ≤ 128).
        if let Some(word) = bytes.get(i..i + 8) {
            let mut w = [0u8; 8];
            w.copy_from_slice(word);
            let x = u64::from_le_bytes(w);
            const ONES: u64 = 0x0101_0101_0101_0101;
            if x.wrapping_sub(ONES * 0x3F) & !x & (ONES * 0x80) == 0 {
                i += 8;
                continue;
            }
        }
        // `i` is a char boundary whenever a replacement happens (the bytes replaced are ASCII).
        if let Some(rep) = replacement::<TEXT>(bytes[i]) {
            out.put(&bytes[from..i]);
            out.put(rep);
            from = i + 1;
        }
        i += 1;
    }
    out.put(&bytes[from..]);
}
