//! A strict, bounded reader of PDF files with incremental updates, the one PDF reader of hocba:
//! the PAdES signature writer and verifier and the embedded-file reader
//! (`render::extract_attachments`) share it. Classic cross-reference tables only (every
//! revision, through `/Prev`), direct stream lengths, no decompression. Every value keeps its byte span, so a signature's
//! `/Contents` hole can be located exactly, and values can be written back out unchanged.
//!
//! Hostile input costs at most a linear scan per object read: every count, length, offset and
//! nesting depth is checked against the input before use (ISO 32000-1 §7.5 for the file
//! structure, §7.5.6 for incremental updates).

/// What is wrong with a PDF's structure; each reader maps it to its own error
/// (`SyntaxError`, `RenderError`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum SyntaxError {
    /// Not the structure ISO 32000-1 describes, or beyond a bound: what is wrong.
    Malformed(&'static str),
    /// A structure hocba does not read (cross-reference streams, hybrid files, too many
    /// revisions).
    Unsupported(&'static str),
    /// Larger than the bound, in bytes.
    TooLarge(usize),
}

/// Largest PDF accepted (64 MiB, as for the embedded-file reader).
pub const MAX_PDF_BYTES: usize = 64 << 20;
/// Most revisions (the rendered file plus one per signature).
pub const MAX_REVISIONS: usize = 16;
/// Most objects in one cross-reference section.
const MAX_OBJECTS: usize = 1 << 20;
/// Deepest nesting of arrays and dictionaries.
const MAX_DEPTH: usize = 32;

fn bad(what: &'static str) -> SyntaxError {
    SyntaxError::Malformed(what)
}

/// A PDF value. Numbers and names keep their raw bytes; strings their decoded bytes.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Obj<'a> {
    Null,
    Bool(bool),
    /// An integer or a real, as written.
    Num(&'a [u8]),
    /// A name without its slash, as written (escapes kept).
    Name(&'a [u8]),
    Str(Vec<u8>),
    Array(Vec<Obj<'a>>),
    Dict(Dict<'a>),
    Ref(u32, u16),
}

/// A dictionary: its entries in file order, each with the byte span of its value.
#[derive(Clone, Debug, PartialEq, Default)]
pub(crate) struct Dict<'a> {
    pub entries: Vec<Entry<'a>>,
}

/// One dictionary entry.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Entry<'a> {
    pub key: &'a [u8],
    pub value: Obj<'a>,
    /// Byte offsets of the value in the file: `start..end`.
    pub start: usize,
    pub end: usize,
}

impl<'a> Dict<'a> {
    pub fn get(&self, key: &[u8]) -> Option<&Obj<'a>> {
        self.entry(key).map(|e| &e.value)
    }

    pub fn entry(&self, key: &[u8]) -> Option<&Entry<'a>> {
        self.entries.iter().find(|e| e.key == key)
    }

    pub fn name(&self, key: &[u8]) -> Option<&'a [u8]> {
        match self.get(key) {
            Some(Obj::Name(n)) => Some(n),
            _ => None,
        }
    }

    pub fn int(&self, key: &[u8]) -> Option<i64> {
        self.get(key).and_then(Obj::as_int)
    }

    pub fn reference(&self, key: &[u8]) -> Option<u32> {
        match self.get(key) {
            Some(Obj::Ref(n, 0)) => Some(*n),
            _ => None,
        }
    }

    /// The same dictionary without the entries named in `keys`.
    pub fn without(&self, keys: &[&[u8]]) -> Dict<'a> {
        Dict {
            entries: self
                .entries
                .iter()
                .filter(|e| !keys.contains(&e.key))
                .cloned()
                .collect(),
        }
    }

    /// Equal entries, ignoring the spans and the order.
    pub fn same_as(&self, other: &Dict<'_>) -> bool {
        self.entries.len() == other.entries.len()
            && self
                .entries
                .iter()
                .all(|e| other.get(e.key).is_some_and(|v| v.same_as(&e.value)))
    }
}

impl Obj<'_> {
    /// An integer (no fraction, no exponent).
    pub fn as_int(&self) -> Option<i64> {
        let Obj::Num(raw) = self else { return None };
        let s = std::str::from_utf8(raw).ok()?;
        s.parse::<i64>().ok()
    }

    /// Structural equality, ignoring the spans inside dictionaries.
    pub fn same_as(&self, other: &Obj<'_>) -> bool {
        match (self, other) {
            (Obj::Null, Obj::Null) => true,
            (Obj::Bool(a), Obj::Bool(b)) => a == b,
            (Obj::Num(a), Obj::Num(b)) => a == b,
            (Obj::Name(a), Obj::Name(b)) => a == b,
            (Obj::Str(a), Obj::Str(b)) => a == b,
            (Obj::Ref(a, g), Obj::Ref(b, h)) => a == b && g == h,
            (Obj::Array(a), Obj::Array(b)) => {
                a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.same_as(y))
            }
            (Obj::Dict(a), Obj::Dict(b)) => a.same_as(b),
            _ => false,
        }
    }

    /// Writes the value in PDF syntax, with every reference number passed through `map`.
    pub fn write(&self, out: &mut Vec<u8>, map: &dyn Fn(u32) -> u32) {
        match self {
            Obj::Null => out.extend_from_slice(b"null"),
            Obj::Bool(true) => out.extend_from_slice(b"true"),
            Obj::Bool(false) => out.extend_from_slice(b"false"),
            Obj::Num(raw) => out.extend_from_slice(raw),
            Obj::Name(raw) => {
                out.push(b'/');
                out.extend_from_slice(raw);
            }
            Obj::Str(bytes) => {
                out.push(b'<');
                out.extend_from_slice(hex::encode(bytes).as_bytes());
                out.push(b'>');
            }
            Obj::Array(items) => {
                out.push(b'[');
                for (i, v) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(b' ');
                    }
                    v.write(out, map);
                }
                out.push(b']');
            }
            Obj::Dict(d) => d.write(out, map),
            Obj::Ref(n, g) => out.extend_from_slice(format!("{} {g} R", map(*n)).as_bytes()),
        }
    }
}

impl Dict<'_> {
    /// Writes `<<…>>`, with every reference number passed through `map`.
    pub fn write(&self, out: &mut Vec<u8>, map: &dyn Fn(u32) -> u32) {
        out.extend_from_slice(b"<<");
        for e in &self.entries {
            out.push(b'/');
            out.extend_from_slice(e.key);
            out.push(b' ');
            e.value.write(out, map);
        }
        out.extend_from_slice(b">>");
    }
}

/// An indirect object as read: its value, its stream data if any, and where it lies.
#[derive(Clone, Debug)]
pub(crate) struct Object<'a> {
    pub value: Obj<'a>,
    pub stream: Option<&'a [u8]>,
}

/// One revision: the bytes `..end`, its cross-reference section at `xref`.
#[derive(Clone, Debug)]
pub(crate) struct Revision<'a> {
    /// Offset of the `xref` keyword of this revision's section.
    pub xref: usize,
    /// End of this revision: just after its `%%EOF` and one optional end-of-line.
    pub end: usize,
    /// Just after its `%%EOF` (the renderer writes no end-of-line after it: the rendered
    /// file is `..eof` of the first revision).
    pub eof: usize,
    /// `(number, generation, Some(offset))` for in-use entries, `None` for free ones.
    pub entries: Vec<(u32, u16, Option<usize>)>,
    /// Index of each object number's entry in `entries` (a number is listed once per section),
    /// so a lookup costs O(1) and reading a file stays linear in its size.
    by_number: std::collections::HashMap<u32, usize>,
    pub trailer: Dict<'a>,
}

/// A parsed file: its revisions, oldest first.
#[derive(Debug)]
pub(crate) struct Pdf<'a> {
    pub bytes: &'a [u8],
    pub revisions: Vec<Revision<'a>>,
}

impl<'a> Pdf<'a> {
    /// Reads the cross-reference sections of every revision and checks how they nest: each
    /// revision's objects and section lie after the previous revision's end.
    pub fn parse(bytes: &'a [u8]) -> Result<Self, SyntaxError> {
        if bytes.len() > MAX_PDF_BYTES {
            return Err(SyntaxError::TooLarge(MAX_PDF_BYTES));
        }
        if !bytes.starts_with(b"%PDF-") {
            return Err(bad("no %PDF- header"));
        }
        let tail_from = bytes.len().saturating_sub(1024);
        let sx = rfind(&bytes[tail_from..], b"startxref").ok_or(bad("no startxref"))? + tail_from;
        let mut p = Parser { s: bytes, i: sx };
        p.expect(b"startxref")?;
        let mut off = usize::try_from(p.uint()?).map_err(|_| bad("offset overflow"))?;
        let mut newest_first: Vec<Revision<'a>> = Vec::new();
        loop {
            if newest_first.len() == MAX_REVISIONS {
                return Err(SyntaxError::Unsupported("too many revisions"));
            }
            let rev = section(bytes, off)?;
            let prev = match rev.trailer.get(b"Prev") {
                None => None,
                Some(v) => Some(
                    v.as_int()
                        .and_then(|n| usize::try_from(n).ok())
                        .ok_or(bad("/Prev is not an offset"))?,
                ),
            };
            if rev.trailer.get(b"XRefStm").is_some() {
                return Err(SyntaxError::Unsupported("hybrid cross-reference file"));
            }
            newest_first.push(rev);
            match prev {
                None => break,
                Some(p) if p < off => off = p,
                Some(_) => return Err(bad("/Prev does not point backwards")),
            }
        }
        newest_first.reverse();
        let revisions = newest_first;
        let last = revisions.last().ok_or(bad("no revision"))?;
        if last.end != bytes.len() {
            return Err(bad("data after the last %%EOF"));
        }
        for pair in revisions.windows(2) {
            let (older, newer) = (&pair[0], &pair[1]);
            if newer.xref < older.end {
                return Err(bad("revisions overlap"));
            }
            for (_, _, o) in &newer.entries {
                if let Some(o) = o
                    && (*o < older.end || *o >= newer.xref)
                {
                    return Err(bad("an object lies outside its revision"));
                }
            }
        }
        if let Some(first) = revisions.first() {
            for (_, _, o) in &first.entries {
                if let Some(o) = o
                    && *o >= first.xref
                {
                    return Err(bad("an object lies outside its revision"));
                }
            }
        }
        Ok(Self { bytes, revisions })
    }

    /// Where object `num` is defined as of revision `rev` (0-based): `(revision, offset)`,
    /// `None` if it is free or never defined.
    pub fn locate(&self, num: u32, rev: usize) -> Option<(usize, usize)> {
        for r in (0..=rev.min(self.revisions.len().saturating_sub(1))).rev() {
            let revision = &self.revisions[r];
            if let Some(&i) = revision.by_number.get(&num) {
                return revision.entries[i].2.map(|o| (r, o));
            }
        }
        None
    }

    /// Object `num` as of revision `rev`.
    pub fn object(&self, num: u32, rev: usize) -> Result<Object<'a>, SyntaxError> {
        let (r, off) = self
            .locate(num, rev)
            .ok_or(bad("reference to a missing object"))?;
        object_at(&self.bytes[..self.revisions[r].end], off, num)
    }

    /// Object `num` as of revision `rev`, which must be a dictionary (not a stream).
    pub fn dict(&self, num: u32, rev: usize) -> Result<Dict<'a>, SyntaxError> {
        match self.object(num, rev)? {
            Object {
                value: Obj::Dict(d),
                stream: None,
            } => Ok(d),
            _ => Err(bad("expected a dictionary object")),
        }
    }

    /// The catalog's object number as of revision `rev`.
    pub fn root(&self, rev: usize) -> Result<u32, SyntaxError> {
        self.revisions
            .get(rev)
            .and_then(|r| r.trailer.reference(b"Root"))
            .ok_or(bad("trailer without /Root"))
    }

    /// The page objects in order, as of revision `rev` (at most `max` of them).
    pub fn pages(&self, rev: usize, max: usize) -> Result<Vec<u32>, SyntaxError> {
        let catalog = self.dict(self.root(rev)?, rev)?;
        let top = catalog
            .reference(b"Pages")
            .ok_or(bad("catalog without /Pages"))?;
        let mut out = Vec::new();
        let mut stack = vec![(top, 0usize)];
        let mut visited = 0usize;
        while let Some((num, depth)) = stack.pop() {
            visited += 1;
            if depth > MAX_DEPTH || visited > MAX_OBJECTS {
                return Err(bad("page tree too deep"));
            }
            let d = self.dict(num, rev)?;
            match d.name(b"Type") {
                Some(b"Page") => {
                    out.push(num);
                    if out.len() >= max {
                        break;
                    }
                }
                Some(b"Pages") => {
                    let Some(Obj::Array(kids)) = d.get(b"Kids") else {
                        return Err(bad("page tree node without /Kids"));
                    };
                    for k in kids.iter().rev() {
                        let Obj::Ref(n, 0) = k else {
                            return Err(bad("page tree kid is not a reference"));
                        };
                        stack.push((*n, depth + 1));
                    }
                }
                _ => return Err(bad("page tree node of unknown type")),
            }
        }
        Ok(out)
    }
}

/// One cross-reference section with its trailer, at `off`.
fn section(pdf: &[u8], off: usize) -> Result<Revision<'_>, SyntaxError> {
    if off >= pdf.len() {
        return Err(bad("cross-reference offset beyond the end"));
    }
    let mut p = Parser { s: pdf, i: off };
    if !p.peek_is(b"xref") {
        return Err(SyntaxError::Unsupported("cross-reference streams"));
    }
    p.i += 4;
    let mut entries = Vec::new();
    let mut by_number = std::collections::HashMap::new();
    loop {
        p.ws();
        if p.peek_is(b"trailer") {
            p.i += b"trailer".len();
            break;
        }
        let first = p.uint()?;
        let count = usize::try_from(p.uint()?).map_err(|_| bad("count overflow"))?;
        if count > MAX_OBJECTS || entries.len() + count > MAX_OBJECTS {
            return Err(bad("too many objects"));
        }
        p.ws();
        for k in 0..count {
            let entry = pdf
                .get(p.i..p.i + 20)
                .ok_or(bad("truncated cross-reference table"))?;
            if entry[10] != b' '
                || entry[16] != b' '
                || !entry[18].is_ascii_whitespace()
                || !entry[19].is_ascii_whitespace()
            {
                return Err(bad("bad cross-reference entry"));
            }
            let offset = digits(&entry[0..10])?;
            let generation =
                u16::try_from(digits(&entry[11..16])?).map_err(|_| bad("generation overflow"))?;
            let num = u32::try_from(first + k as u64).map_err(|_| bad("object number overflow"))?;
            // Readers disagree on which of two entries wins (the shadow-attack surface), and a
            // strict reader has no reason to choose: a number is listed once per section.
            if by_number.insert(num, entries.len()).is_some() {
                return Err(bad(
                    "an object is listed twice in one cross-reference section",
                ));
            }
            match entry[17] {
                b'n' => {
                    let offset = usize::try_from(offset).map_err(|_| bad("offset overflow"))?;
                    if offset >= off {
                        return Err(bad("object offset after its cross-reference section"));
                    }
                    entries.push((num, generation, Some(offset)));
                }
                b'f' => entries.push((num, generation, None)),
                _ => return Err(bad("bad cross-reference entry type")),
            }
            p.i += 20;
        }
    }
    let Obj::Dict(trailer) = p.value(0)? else {
        return Err(bad("trailer is not a dictionary"));
    };
    p.expect(b"startxref")?;
    if p.uint()? != off as u64 {
        return Err(bad("startxref does not point to its section"));
    }
    p.expect(b"%%EOF")?;
    let eof = p.i;
    if pdf.get(p.i..p.i + 2) == Some(b"\r\n") {
        p.i += 2;
    } else if matches!(pdf.get(p.i), Some(b'\n' | b'\r')) {
        p.i += 1;
    }
    Ok(Revision {
        xref: off,
        end: p.i,
        eof,
        entries,
        by_number,
        trailer,
    })
}

fn digits(s: &[u8]) -> Result<u64, SyntaxError> {
    if s.is_empty() || s.len() > 19 || !s.iter().all(u8::is_ascii_digit) {
        return Err(bad("expected digits"));
    }
    Ok(s.iter().fold(0u64, |a, &d| a * 10 + u64::from(d - b'0')))
}

pub(crate) fn rfind(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).rposition(|w| w == needle)
}

/// `num gen obj <value> [stream … endstream] endobj` at `off`, within `pdf`.
pub(crate) fn object_at(pdf: &[u8], off: usize, num: u32) -> Result<Object<'_>, SyntaxError> {
    let mut p = Parser { s: pdf, i: off };
    if p.uint()? != u64::from(num) {
        return Err(bad(
            "object number does not match the cross-reference table",
        ));
    }
    p.uint()?;
    p.expect(b"obj")?;
    let value = p.value(0)?;
    p.ws();
    let mut stream = None;
    if p.peek_is(b"stream") {
        p.i += b"stream".len();
        // The keyword is followed by CRLF or LF (ISO 32000-1 §7.3.8.1).
        if p.s.get(p.i..p.i + 2) == Some(b"\r\n") {
            p.i += 2;
        } else if p.s.get(p.i) == Some(&b'\n') {
            p.i += 1;
        } else {
            return Err(bad("stream keyword not followed by an end of line"));
        }
        let Obj::Dict(d) = &value else {
            return Err(bad("stream without a dictionary"));
        };
        let len = d
            .int(b"Length")
            .and_then(|n| usize::try_from(n).ok())
            .ok_or(bad("stream without a direct /Length"))?;
        let end = p.i.checked_add(len).ok_or(bad("length overflow"))?;
        let data = pdf.get(p.i..end).ok_or(bad("stream runs past the end"))?;
        p.i = end;
        p.expect(b"endstream")?;
        stream = Some(data);
    }
    p.expect(b"endobj")?;
    Ok(Object { value, stream })
}

struct Parser<'a> {
    s: &'a [u8],
    i: usize,
}

fn is_delim(c: u8) -> bool {
    matches!(
        c,
        b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%'
    )
}

impl<'a> Parser<'a> {
    fn ws(&mut self) {
        while let Some(&c) = self.s.get(self.i) {
            if c.is_ascii_whitespace() || c == 0 || c == 0x0c {
                self.i += 1;
            } else if c == b'%' && !self.peek_is(b"%%EOF") {
                while let Some(&c) = self.s.get(self.i) {
                    if c == b'\n' || c == b'\r' {
                        break;
                    }
                    self.i += 1;
                }
            } else {
                break;
            }
        }
    }

    fn peek_is(&self, kw: &[u8]) -> bool {
        self.s.get(self.i..self.i + kw.len()) == Some(kw)
    }

    fn expect(&mut self, kw: &[u8]) -> Result<(), SyntaxError> {
        self.ws();
        if self.peek_is(kw) {
            self.i += kw.len();
            Ok(())
        } else {
            Err(bad("unexpected token"))
        }
    }

    fn uint(&mut self) -> Result<u64, SyntaxError> {
        self.ws();
        let start = self.i;
        while self.s.get(self.i).is_some_and(u8::is_ascii_digit) && self.i - start < 19 {
            self.i += 1;
        }
        digits(&self.s[start..self.i])
    }

    fn regular(&mut self) -> &'a [u8] {
        let start = self.i;
        while let Some(&c) = self.s.get(self.i) {
            if c.is_ascii_whitespace() || c == 0 || is_delim(c) {
                break;
            }
            self.i += 1;
        }
        &self.s[start..self.i]
    }

    fn value(&mut self, depth: usize) -> Result<Obj<'a>, SyntaxError> {
        if depth > MAX_DEPTH {
            return Err(bad("nesting too deep"));
        }
        self.ws();
        let c = *self.s.get(self.i).ok_or(bad("unexpected end"))?;
        match c {
            b'/' => {
                self.i += 1;
                Ok(Obj::Name(self.regular()))
            }
            b'<' if self.s.get(self.i + 1) == Some(&b'<') => {
                self.i += 2;
                let mut entries = Vec::new();
                loop {
                    self.ws();
                    if self.peek_is(b">>") {
                        self.i += 2;
                        return Ok(Obj::Dict(Dict { entries }));
                    }
                    let Obj::Name(key) = self.value(depth + 1)? else {
                        return Err(bad("dictionary key is not a name"));
                    };
                    self.ws();
                    let start = self.i;
                    let value = self.value(depth + 1)?;
                    if entries.len() >= MAX_OBJECTS {
                        return Err(bad("dictionary too large"));
                    }
                    entries.push(Entry {
                        key,
                        value,
                        start,
                        end: self.i,
                    });
                }
            }
            b'<' => {
                self.i += 1;
                let mut nibbles = Vec::new();
                loop {
                    let c = *self.s.get(self.i).ok_or(bad("unterminated hex string"))?;
                    self.i += 1;
                    match c {
                        b'>' => break,
                        c if c.is_ascii_hexdigit() => nibbles.push(c),
                        c if c.is_ascii_whitespace() => {}
                        _ => return Err(bad("bad hex string")),
                    }
                }
                if nibbles.len() % 2 == 1 {
                    nibbles.push(b'0');
                }
                let nib = |c: u8| (c as char).to_digit(16).unwrap_or(0) as u8;
                Ok(Obj::Str(
                    nibbles
                        .chunks(2)
                        .map(|p| (nib(p[0]) << 4) | nib(p[1]))
                        .collect(),
                ))
            }
            b'(' => {
                self.i += 1;
                let mut out = Vec::new();
                let mut level = 1usize;
                loop {
                    let c = *self.s.get(self.i).ok_or(bad("unterminated string"))?;
                    self.i += 1;
                    match c {
                        b'\\' => {
                            let e = *self.s.get(self.i).ok_or(bad("unterminated string"))?;
                            self.i += 1;
                            match e {
                                b'n' => out.push(b'\n'),
                                b'r' => out.push(b'\r'),
                                b't' => out.push(b'\t'),
                                b'b' => out.push(8),
                                b'f' => out.push(12),
                                // A backslash before an end of line continues the string.
                                b'\n' => {}
                                b'\r' => {
                                    if self.s.get(self.i) == Some(&b'\n') {
                                        self.i += 1;
                                    }
                                }
                                b'0'..=b'7' => {
                                    let mut v = u32::from(e - b'0');
                                    for _ in 0..2 {
                                        match self.s.get(self.i) {
                                            Some(&d @ b'0'..=b'7') => {
                                                v = v * 8 + u32::from(d - b'0');
                                                self.i += 1;
                                            }
                                            _ => break,
                                        }
                                    }
                                    out.push((v & 0xff) as u8);
                                }
                                other => out.push(other),
                            }
                        }
                        b'(' => {
                            level += 1;
                            out.push(c);
                        }
                        b')' => {
                            level -= 1;
                            if level == 0 {
                                return Ok(Obj::Str(out));
                            }
                            out.push(c);
                        }
                        _ => out.push(c),
                    }
                }
            }
            b'[' => {
                self.i += 1;
                let mut items = Vec::new();
                loop {
                    self.ws();
                    if self.peek_is(b"]") {
                        self.i += 1;
                        return Ok(Obj::Array(items));
                    }
                    if items.len() >= MAX_OBJECTS {
                        return Err(bad("array too large"));
                    }
                    items.push(self.value(depth + 1)?);
                }
            }
            _ => {
                let tok = self.regular();
                match tok {
                    b"" => Err(bad("unexpected delimiter")),
                    b"null" => Ok(Obj::Null),
                    b"true" => Ok(Obj::Bool(true)),
                    b"false" => Ok(Obj::Bool(false)),
                    t if !t.is_empty() && t.iter().all(u8::is_ascii_digit) && t.len() <= 10 => {
                        // `n g R` is a reference.
                        let save = self.i;
                        self.ws();
                        let g = self.regular();
                        if !g.is_empty() && g.len() <= 5 && g.iter().all(u8::is_ascii_digit) {
                            self.ws();
                            if self.peek_is(b"R")
                                && self
                                    .s
                                    .get(self.i + 1)
                                    .is_none_or(|&c| c.is_ascii_whitespace() || is_delim(c))
                            {
                                self.i += 1;
                                let n = u32::try_from(digits(t)?)
                                    .map_err(|_| bad("object number overflow"))?;
                                let g = u16::try_from(digits(g)?)
                                    .map_err(|_| bad("generation overflow"))?;
                                return Ok(Obj::Ref(n, g));
                            }
                        }
                        self.i = save;
                        Ok(Obj::Num(t))
                    }
                    t if t.len() <= 32
                        && t.iter()
                            .all(|c| c.is_ascii_digit() || matches!(c, b'+' | b'-' | b'.'))
                        && t.iter().any(u8::is_ascii_digit) =>
                    {
                        Ok(Obj::Num(t))
                    }
                    _ => Err(bad("unknown token")),
                }
            }
        }
    }
}
