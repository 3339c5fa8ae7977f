//! The visible signature: the one page that [`crate::render::write_stamp`] draws (in the
//! renderer's embedded, subset font) becomes a form XObject of the signed file. Its content
//! stream and every object its resources reach are copied, renumbered from `next`.

use super::PadesError;
use super::syntax::{Obj, Pdf};

/// Most objects an appearance may bring (fonts, descriptors, font files, ToUnicode, CIDSet).
const MAX_OBJECTS: usize = 64;

/// The copied appearance.
pub(crate) struct Transplanted {
    /// The resources dictionary (or reference), renumbered.
    pub resources: Vec<u8>,
    /// `/Length …` and the filter keys of the content stream.
    pub stream_keys: Vec<u8>,
    /// The content stream's bytes, as encoded.
    pub stream: Vec<u8>,
    /// `(new number, "value [stream…endstream]")` of every copied object.
    pub objects: Vec<(u32, Vec<u8>)>,
}

fn collect_refs(o: &Obj<'_>, out: &mut Vec<u32>) {
    match o {
        Obj::Ref(n, _) => out.push(*n),
        Obj::Array(items) => items.iter().for_each(|i| collect_refs(i, out)),
        Obj::Dict(d) => d.entries.iter().for_each(|e| collect_refs(&e.value, out)),
        _ => {}
    }
}

/// Copies the first page of `stamp` (a PDF from `write_stamp`).
pub(crate) fn transplant(stamp: &[u8], next: &mut u32) -> Result<Transplanted, PadesError> {
    let broken = |_| PadesError::Appearance;
    let pdf = Pdf::parse(stamp).map_err(broken)?;
    let page_num = *pdf
        .pages(0, 1)
        .map_err(broken)?
        .first()
        .ok_or(PadesError::Appearance)?;
    let page = pdf.dict(page_num, 0).map_err(broken)?;
    let resources = page.get(b"Resources").ok_or(PadesError::Appearance)?;
    let contents = page.reference(b"Contents").ok_or(PadesError::Appearance)?;
    let content = pdf.object(contents, 0).map_err(broken)?;
    let (Obj::Dict(content_dict), Some(data)) = (&content.value, content.stream) else {
        return Err(PadesError::Appearance);
    };

    // Every object the resources reach, in discovery order.
    let mut order: Vec<u32> = Vec::new();
    let mut pending = Vec::new();
    collect_refs(resources, &mut pending);
    let mut loaded = Vec::new();
    while let Some(n) = pending.pop() {
        if order.contains(&n) {
            continue;
        }
        if order.len() == MAX_OBJECTS {
            return Err(PadesError::Appearance);
        }
        let o = pdf.object(n, 0).map_err(broken)?;
        collect_refs(&o.value, &mut pending);
        order.push(n);
        loaded.push(o);
    }
    let first = *next;
    let map = |old: u32| {
        order
            .iter()
            .position(|&n| n == old)
            .map_or(0, |i| first + i as u32)
    };
    *next += order.len() as u32;

    let mut res = Vec::new();
    resources.write(&mut res, &map);
    let mut stream_keys = Vec::new();
    for e in &content_dict.entries {
        if matches!(e.key, b"Length" | b"Filter" | b"DecodeParms") {
            stream_keys.push(b'/');
            stream_keys.extend_from_slice(e.key);
            stream_keys.push(b' ');
            e.value.write(&mut stream_keys, &map);
        }
    }
    let mut objects = Vec::new();
    for (i, o) in loaded.iter().enumerate() {
        let mut body = Vec::new();
        o.value.write(&mut body, &map);
        if let Some(s) = o.stream {
            body.extend_from_slice(b"\nstream\n");
            body.extend_from_slice(s);
            body.extend_from_slice(b"\nendstream");
        }
        objects.push((first + i as u32, body));
    }
    Ok(Transplanted {
        resources: res,
        stream_keys,
        stream: data.to_vec(),
        objects,
    })
}
