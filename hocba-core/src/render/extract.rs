//! Reading the embedded files back out of a hocba PDF: bounded and strict.
//!
//! Only the structure this renderer writes is accepted: a classic cross-reference table, direct
//! objects, `/Filespec` dictionaries whose `/EF /F` points to an uncompressed `/EmbeddedFile`
//! stream with a direct `/Length`. Every length and count is checked against the input before
//! use, nesting is limited, and nothing is decompressed, so hostile input costs at most a
//! linear scan. Anything else is [`RenderError::Malformed`]. The final word on a PDF is the
//! rendered-from check ([`super::check_rendered_from`]), which compares every byte.

use super::RenderError;

/// Largest PDF accepted (64 MiB): a five-year transcript is well under 1 MiB.
pub const MAX_PDF_BYTES: usize = 64 << 20;
/// Largest embedded file accepted (4 MiB): a signed record with its certificate chains is tens
/// of kilobytes.
pub const MAX_ATTACHMENT_BYTES: usize = 4 << 20;
/// Most objects in the cross-reference table.
const MAX_OBJECTS: usize = 1 << 20;
/// Most embedded files.
const MAX_ATTACHMENTS: usize = 64;
/// Deepest nesting of arrays and dictionaries.
const MAX_DEPTH: usize = 32;

/// An embedded file.
#[derive(Clone, PartialEq, Eq)]
pub struct Attachment {
    /// Its file name (`/F` of the file specification).
    pub name: String,
    /// Its bytes, exactly as embedded.
    pub bytes: Vec<u8>,
}

impl std::fmt::Debug for Attachment {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Attachment({}, {} bytes)", self.name, self.bytes.len())
    }
}

/// The single signed record (`*.cose`) embedded in a year PDF.
///
/// Fails with [`RenderError::NoSignedRecord`] when there is none and
/// [`RenderError::SeveralSignedRecords`] for a transcript PDF (use [`extract_attachments`]).
pub fn extract_signed(pdf: &[u8]) -> Result<Vec<u8>, RenderError> {
    let mut signed: Vec<Attachment> = extract_attachments(pdf)?
        .into_iter()
        .filter(|a| a.name.ends_with(".cose") || a.name.ends_with(".xml"))
        .collect();
    match signed.len() {
        0 => Err(RenderError::NoSignedRecord),
        1 => Ok(signed.remove(0).bytes),
        n => Err(RenderError::SeveralSignedRecords(n)),
    }
}

/// Every embedded file, in object order.
pub fn extract_attachments(pdf: &[u8]) -> Result<Vec<Attachment>, RenderError> {
    if pdf.len() > MAX_PDF_BYTES {
        return Err(RenderError::TooLarge(MAX_PDF_BYTES));
    }
    if !pdf.starts_with(b"%PDF-") {
        return Err(RenderError::Malformed("no %PDF- header"));
    }
    let offsets = xref(pdf)?;
    let mut objects: Vec<(u32, Parsed<'_>)> = Vec::new();
    for (num, off) in offsets {
        objects.push((num, object_at(pdf, off, num)?));
    }
    let find = |num: u32| objects.iter().find(|(n, _)| *n == num).map(|(_, o)| o);
    let mut out = Vec::new();
    for (_, o) in &objects {
        let Obj::Dict(d) = &o.value else { continue };
        if get(d, b"Type") != Some(&Obj::Name(b"Filespec")) {
            continue;
        }
        let name = match get(d, b"F") {
            Some(Obj::Str(s)) if !s.is_empty() && s.iter().all(|c| c.is_ascii_graphic()) => {
                String::from_utf8_lossy(s).into_owned()
            }
            _ => {
                return Err(RenderError::Malformed(
                    "file specification without an ASCII /F name",
                ));
            }
        };
        let Some(Obj::Dict(ef)) = get(d, b"EF") else {
            return Err(RenderError::Malformed("file specification without /EF"));
        };
        let Some(Obj::Ref(target)) = get(ef, b"F") else {
            return Err(RenderError::Malformed("/EF without an /F reference"));
        };
        let stream =
            find(*target).ok_or(RenderError::Malformed("/EF points to a missing object"))?;
        let (Obj::Dict(sd), Some(data)) = (&stream.value, stream.stream) else {
            return Err(RenderError::Malformed("/EF does not point to a stream"));
        };
        if get(sd, b"Type") != Some(&Obj::Name(b"EmbeddedFile")) {
            return Err(RenderError::Malformed("/EF stream is not an /EmbeddedFile"));
        }
        if get(sd, b"Filter").is_some() || get(sd, b"DecodeParms").is_some() {
            return Err(RenderError::Malformed("compressed embedded file"));
        }
        if out.len() == MAX_ATTACHMENTS {
            return Err(RenderError::Malformed("too many embedded files"));
        }
        out.push(Attachment {
            name,
            bytes: data.to_vec(),
        });
    }
    Ok(out)
}

/// A parsed PDF object.
#[derive(Debug, PartialEq)]
enum Obj<'a> {
    Null,
    Bool(bool),
    Int(i64),
    Real,
    Name(&'a [u8]),
    Str(Vec<u8>),
    Array(Vec<Obj<'a>>),
    Dict(Vec<(&'a [u8], Obj<'a>)>),
    Ref(u32),
}

struct Parsed<'a> {
    value: Obj<'a>,
    stream: Option<&'a [u8]>,
}

fn get<'o, 'a>(d: &'o [(&'a [u8], Obj<'a>)], key: &[u8]) -> Option<&'o Obj<'a>> {
    d.iter().find(|(k, _)| *k == key).map(|(_, v)| v)
}

/// The in-use objects of the (single, classic) cross-reference table: (number, offset).
fn xref(pdf: &[u8]) -> Result<Vec<(u32, usize)>, RenderError> {
    let tail_from = pdf.len().saturating_sub(1024);
    let tail = &pdf[tail_from..];
    let sx = rfind(tail, b"startxref").ok_or(RenderError::Malformed("no startxref"))? + tail_from;
    let mut p = Parser {
        s: pdf,
        i: sx + b"startxref".len(),
    };
    let off = p.uint()? as usize;
    if off >= pdf.len() {
        return Err(RenderError::Malformed("startxref beyond the end"));
    }
    let mut p = Parser { s: pdf, i: off };
    p.expect(b"xref")?;
    let mut out = Vec::new();
    loop {
        p.ws();
        if p.peek_is(b"trailer") {
            break;
        }
        let first = p.uint()?;
        let count = p.uint()? as usize;
        if count > MAX_OBJECTS || out.len() + count > MAX_OBJECTS {
            return Err(RenderError::Malformed("too many objects"));
        }
        p.ws();
        for k in 0..count {
            let entry = pdf
                .get(p.i..p.i + 20)
                .ok_or(RenderError::Malformed("truncated cross-reference table"))?;
            let offset = digits(&entry[0..10])?;
            let kind = entry[17];
            if entry[10] != b' '
                || entry[16] != b' '
                || !entry[18].is_ascii_whitespace()
                || !entry[19].is_ascii_whitespace()
            {
                return Err(RenderError::Malformed("bad cross-reference entry"));
            }
            if kind == b'n' {
                let num = u32::try_from(first + k as u64)
                    .map_err(|_| RenderError::Malformed("object number overflow"))?;
                let offset = usize::try_from(offset)
                    .map_err(|_| RenderError::Malformed("offset overflow"))?;
                if offset >= pdf.len() {
                    return Err(RenderError::Malformed("object offset beyond the end"));
                }
                out.push((num, offset));
            } else if kind != b'f' {
                return Err(RenderError::Malformed("bad cross-reference entry type"));
            }
            p.i += 20;
        }
    }
    Ok(out)
}

fn digits(s: &[u8]) -> Result<u64, RenderError> {
    if s.is_empty() || !s.iter().all(u8::is_ascii_digit) {
        return Err(RenderError::Malformed("expected digits"));
    }
    Ok(s.iter().fold(0u64, |a, &d| a * 10 + u64::from(d - b'0')))
}

fn rfind(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).rposition(|w| w == needle)
}

/// `num 0 obj <value> [stream … endstream] endobj` at `off`.
fn object_at(pdf: &[u8], off: usize, num: u32) -> Result<Parsed<'_>, RenderError> {
    let mut p = Parser { s: pdf, i: off };
    if p.uint()? != u64::from(num) {
        return Err(RenderError::Malformed(
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
            return Err(RenderError::Malformed(
                "stream keyword not followed by an end of line",
            ));
        }
        let Obj::Dict(d) = &value else {
            return Err(RenderError::Malformed("stream without a dictionary"));
        };
        let len = match get(d, b"Length") {
            Some(Obj::Int(n)) if *n >= 0 => *n as usize,
            _ => return Err(RenderError::Malformed("stream without a direct /Length")),
        };
        let is_file = get(d, b"Type") == Some(&Obj::Name(b"EmbeddedFile"));
        if is_file && len > MAX_ATTACHMENT_BYTES {
            return Err(RenderError::TooLarge(MAX_ATTACHMENT_BYTES));
        }
        let data = pdf
            .get(
                p.i..p
                    .i
                    .checked_add(len)
                    .ok_or(RenderError::Malformed("length overflow"))?,
            )
            .ok_or(RenderError::Malformed("stream runs past the end"))?;
        p.i += len;
        p.ws();
        p.expect(b"endstream")?;
        stream = Some(data);
    }
    p.expect(b"endobj")?;
    Ok(Parsed { value, stream })
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
            if c.is_ascii_whitespace() || c == 0 {
                self.i += 1;
            } else if c == b'%' {
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

    fn expect(&mut self, kw: &[u8]) -> Result<(), RenderError> {
        self.ws();
        if self.peek_is(kw) {
            self.i += kw.len();
            Ok(())
        } else {
            Err(RenderError::Malformed("unexpected token"))
        }
    }

    fn uint(&mut self) -> Result<u64, RenderError> {
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

    fn value(&mut self, depth: usize) -> Result<Obj<'a>, RenderError> {
        if depth > MAX_DEPTH {
            return Err(RenderError::Malformed("nesting too deep"));
        }
        self.ws();
        let c = *self
            .s
            .get(self.i)
            .ok_or(RenderError::Malformed("unexpected end"))?;
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
                        return Ok(Obj::Dict(entries));
                    }
                    let Obj::Name(k) = self.value(depth + 1)? else {
                        return Err(RenderError::Malformed("dictionary key is not a name"));
                    };
                    let v = self.value(depth + 1)?;
                    entries.push((k, v));
                }
            }
            b'<' => {
                self.i += 1;
                let mut hexd = Vec::new();
                loop {
                    let c = *self
                        .s
                        .get(self.i)
                        .ok_or(RenderError::Malformed("unterminated hex string"))?;
                    self.i += 1;
                    match c {
                        b'>' => break,
                        c if c.is_ascii_hexdigit() => hexd.push(c),
                        c if c.is_ascii_whitespace() => {}
                        _ => return Err(RenderError::Malformed("bad hex string")),
                    }
                }
                if hexd.len() % 2 == 1 {
                    hexd.push(b'0');
                }
                let nib = |c: u8| (c as char).to_digit(16).unwrap_or(0) as u8;
                Ok(Obj::Str(
                    hexd.chunks(2).map(|p| nib(p[0]) << 4 | nib(p[1])).collect(),
                ))
            }
            b'(' => {
                self.i += 1;
                let mut out = Vec::new();
                let mut level = 1usize;
                loop {
                    let c = *self
                        .s
                        .get(self.i)
                        .ok_or(RenderError::Malformed("unterminated string"))?;
                    self.i += 1;
                    match c {
                        b'\\' => {
                            let e = *self
                                .s
                                .get(self.i)
                                .ok_or(RenderError::Malformed("unterminated string"))?;
                            self.i += 1;
                            out.push(match e {
                                b'n' => b'\n',
                                b'r' => b'\r',
                                b't' => b'\t',
                                b'b' => 8,
                                b'f' => 12,
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
                                    (v & 0xff) as u8
                                }
                                other => other,
                            });
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
                    items.push(self.value(depth + 1)?);
                }
            }
            _ => {
                let tok = self.regular();
                match tok {
                    b"" => Err(RenderError::Malformed("unexpected delimiter")),
                    b"null" => Ok(Obj::Null),
                    b"true" => Ok(Obj::Bool(true)),
                    b"false" => Ok(Obj::Bool(false)),
                    t if t.iter().all(u8::is_ascii_digit) && t.len() <= 18 => {
                        let n = digits(t)?;
                        // `n g R` is a reference.
                        let save = self.i;
                        self.ws();
                        let gen_tok = self.regular();
                        if !gen_tok.is_empty()
                            && gen_tok.iter().all(u8::is_ascii_digit)
                            && gen_tok.len() <= 5
                        {
                            self.ws();
                            if self.peek_is(b"R")
                                && self
                                    .s
                                    .get(self.i + 1)
                                    .is_none_or(|&c| c.is_ascii_whitespace() || is_delim(c))
                            {
                                self.i += 1;
                                let num = u32::try_from(n).map_err(|_| {
                                    RenderError::Malformed("object number overflow")
                                })?;
                                return Ok(Obj::Ref(num));
                            }
                        }
                        self.i = save;
                        Ok(Obj::Int(n as i64))
                    }
                    t if t
                        .iter()
                        .all(|c| c.is_ascii_digit() || matches!(c, b'+' | b'-' | b'.'))
                        && t.len() <= 32 =>
                    {
                        match std::str::from_utf8(t)
                            .ok()
                            .and_then(|s| s.parse::<i64>().ok())
                        {
                            Some(n) => Ok(Obj::Int(n)),
                            None => Ok(Obj::Real),
                        }
                    }
                    _ => Err(RenderError::Malformed("unknown token")),
                }
            }
        }
    }
}
