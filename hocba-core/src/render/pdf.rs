//! Writing the laid-out pages with krilla: PDF/A-3u, subset font, fixed document ID and dates,
//! the signed record(s) as associated files.

use krilla::Document;
use krilla::SerializeSettings;
use krilla::color::rgb;
use krilla::configure::{Archival, ConfigurationBuilder};
use krilla::embed::{AssociationKind, EmbeddedFile, MimeType};
use krilla::geom::{PathBuilder, Point, Rect, Transform};
use krilla::metadata::{DateTime, Metadata};
use krilla::num::NormalizedF32;
use krilla::page::PageSettings;
use krilla::paint::{Fill, FillRule, Stroke};
use krilla::surface::Surface;

use super::RenderError;
use super::layout::{BLACK, GREY, LEFT, Op, PAGE_H, PAGE_W, PageOps, RIGHT, Rgb, WATERMARK};
use super::text::{Face, Fonts};

/// A file to attach to the PDF.
pub(crate) struct Attach {
    pub name: String,
    pub mime: &'static str,
    pub description: String,
    pub kind: AssociationKind,
    pub bytes: Vec<u8>,
}

/// Document-level metadata, all derived from the input.
pub(crate) struct DocMeta {
    pub title: String,
    pub id: String,
    pub keywords: Vec<String>,
    pub date: time::OffsetDateTime,
}

fn color(c: Rgb) -> rgb::Color {
    rgb::Color::new(c.0, c.1, c.2)
}

fn fill(c: Rgb) -> Fill {
    Fill {
        paint: color(c).into(),
        opacity: NormalizedF32::ONE,
        rule: FillRule::NonZero,
    }
}

fn krilla_date(t: time::OffsetDateTime) -> DateTime {
    let t = t.to_offset(time::UtcOffset::UTC);
    // Years outside 0..=9999 cannot come from a record (dates are 4-digit); clamp anyway.
    DateTime::new(t.year().clamp(0, 9999) as u16)
        .month(u8::from(t.month()))
        .day(t.day())
        .hour(t.hour())
        .minute(t.minute())
        .second(t.second())
        .utc_offset_hour(0)
        .utc_offset_minute(0)
}

#[allow(clippy::too_many_arguments)]
fn draw_text(
    surface: &mut Surface<'_>,
    fonts: &Fonts,
    x: f32,
    y: f32,
    face: Face,
    size: f32,
    text: &str,
    c: Rgb,
) {
    let shaped = fonts.shape(face, text);
    surface.set_fill(Some(fill(c)));
    surface.set_stroke(None);
    surface.draw_glyphs(
        Point::from_xy(x, y),
        &shaped.glyphs,
        fonts.krilla(face),
        text,
        size,
        false,
    );
}

fn draw_page(
    surface: &mut Surface<'_>,
    fonts: &Fonts,
    page: &PageOps,
    number: usize,
    total: usize,
) {
    if let Some(mark) = page.watermark {
        // Under the content, diagonally across the page, in light red.
        let size = 64.0;
        let w = fonts.width(Face::Bold, size, mark);
        surface.push_transform(&Transform::from_rotate_at(
            -50.0,
            PAGE_W / 2.0,
            PAGE_H / 2.0,
        ));
        draw_text(
            surface,
            fonts,
            (PAGE_W - w) / 2.0,
            PAGE_H / 2.0 + size / 3.0,
            Face::Bold,
            size,
            mark,
            WATERMARK,
        );
        surface.pop();
    }
    for op in &page.ops {
        match op {
            Op::Text {
                x,
                y,
                face,
                size,
                text,
                color,
            } => {
                draw_text(surface, fonts, *x, *y, *face, *size, text, *color);
            }
            Op::Rect {
                x,
                y,
                w,
                h,
                fill: f,
                stroke,
            } => {
                let Some(rect) = Rect::from_xywh(*x, *y, *w, *h) else {
                    continue;
                };
                let mut pb = PathBuilder::new();
                pb.push_rect(rect);
                let Some(path) = pb.finish() else { continue };
                surface.set_fill(f.map(fill));
                surface.set_stroke(stroke.map(|(c, width)| Stroke {
                    paint: color(c).into(),
                    width,
                    ..Stroke::default()
                }));
                surface.draw_path(&path);
            }
            Op::Qr {
                x,
                y,
                module,
                width,
                dark,
            } => {
                // Horizontal runs of dark modules, one path.
                let mut pb = PathBuilder::new();
                for row in 0..*width {
                    let mut col = 0;
                    while col < *width {
                        if dark[row * width + col] {
                            let start = col;
                            while col < *width && dark[row * width + col] {
                                col += 1;
                            }
                            if let Some(r) = Rect::from_xywh(
                                x + start as f32 * module,
                                y + row as f32 * module,
                                (col - start) as f32 * module,
                                *module,
                            ) {
                                pb.push_rect(r);
                            }
                        } else {
                            col += 1;
                        }
                    }
                }
                if let Some(path) = pb.finish() {
                    surface.set_fill(Some(fill(BLACK)));
                    surface.set_stroke(None);
                    surface.draw_path(&path);
                }
            }
        }
    }
    let y = PAGE_H - 30.0;
    draw_text(
        surface,
        fonts,
        LEFT,
        y,
        Face::Regular,
        7.5,
        &page.footer,
        GREY,
    );
    let n = format!("Trang {number}/{total}");
    let w = fonts.width(Face::Regular, 7.5, &n);
    draw_text(surface, fonts, RIGHT - w, y, Face::Regular, 7.5, &n, GREY);
}

/// Writes the pages, the metadata and the attachments as PDF/A-3u.
pub(crate) fn write(
    fonts: &Fonts,
    pages: &[PageOps],
    meta: DocMeta,
    attachments: Vec<Attach>,
) -> Result<Vec<u8>, RenderError> {
    let configuration = ConfigurationBuilder::new()
        .with_archival_validator(Archival::A3_U)
        .finish()
        .map_err(|_| RenderError::Write("PDF/A-3u configuration".to_owned()))?;
    let settings = SerializeSettings {
        configuration,
        enable_tagging: false,
        ..SerializeSettings::default()
    };
    let mut doc = Document::new_with(settings);
    let date = krilla_date(meta.date);
    doc.set_metadata(
        Metadata::new()
            .title(meta.title)
            .language("vi".to_owned())
            .creator(format!("hocba {}", env!("CARGO_PKG_VERSION")))
            .producer(format!("hocba {} (krilla)", env!("CARGO_PKG_VERSION")))
            .keywords(meta.keywords)
            .creation_date(date)
            .document_id(meta.id),
    );
    let total = pages.len();
    for (i, page) in pages.iter().enumerate() {
        let settings = PageSettings::from_wh(PAGE_W, PAGE_H)
            .ok_or(RenderError::Write("page size".to_owned()))?;
        let mut p = doc.start_page_with(settings);
        let mut surface = p.surface();
        draw_page(&mut surface, fonts, page, i + 1, total);
        surface.finish();
        p.finish();
    }
    for a in attachments {
        let file = EmbeddedFile {
            path: a.name,
            mime_type: MimeType::new(a.mime),
            description: Some(a.description),
            association_kind: a.kind,
            data: a.bytes.into(),
            modification_date: Some(date),
            // Stored as is: the attachment bytes are the signed bytes, byte for byte.
            compress: Some(false),
            location: None,
        };
        doc.embed_file(file)
            .ok_or(RenderError::Write("duplicate attachment name".to_owned()))?;
    }
    doc.finish().map_err(|e| RenderError::Write(describe(&e)))
}

/// A krilla error without any document content (validation errors can quote text).
fn describe(e: &krilla::error::KrillaError) -> String {
    use krilla::error::KrillaError as K;
    match e {
        K::Font(..) => "font embedding failed".to_owned(),
        K::Validation(v) => format!("PDF/A-3u validation failed with {} error(s)", v.len()),
        K::Limit(_) => "a PDF limit was exceeded".to_owned(),
        _ => "PDF writer error".to_owned(),
    }
}

/// A one-page PDF/A-3u of `w` × `h` points showing `lines` (face, size, text) from the top
/// left, in a thin frame: the visible appearance of a PDF signature. The PAdES writer takes the
/// page's content and resources (the subset font) into the signed file as a form XObject, so
/// the appearance uses the same embedded font, subset and checked by krilla like every page.
pub(crate) fn write_stamp(
    w: f32,
    h: f32,
    lines: &[(Face, f32, String)],
) -> Result<Vec<u8>, RenderError> {
    let fonts = Fonts::load()?;
    let configuration = ConfigurationBuilder::new()
        .with_archival_validator(Archival::A3_U)
        .finish()
        .map_err(|_| RenderError::Write("PDF/A-3u configuration".to_owned()))?;
    let settings = SerializeSettings {
        configuration,
        enable_tagging: false,
        ..SerializeSettings::default()
    };
    let mut doc = Document::new_with(settings);
    doc.set_metadata(
        Metadata::new()
            .title("hocba signature appearance".to_owned())
            .language("vi".to_owned())
            // Discarded with the rest of this document (only the page is taken), but PDF/A
            // needs one.
            .creation_date(krilla_date(time::OffsetDateTime::UNIX_EPOCH))
            .document_id("hocba-stamp".to_owned()),
    );
    let page_settings =
        PageSettings::from_wh(w, h).ok_or(RenderError::Write("page size".to_owned()))?;
    let mut page = doc.start_page_with(page_settings);
    let mut surface = page.surface();
    if let Some(rect) = Rect::from_xywh(0.5, 0.5, w - 1.0, h - 1.0) {
        let mut pb = PathBuilder::new();
        pb.push_rect(rect);
        if let Some(path) = pb.finish() {
            surface.set_fill(None);
            surface.set_stroke(Some(Stroke {
                paint: color(BLACK).into(),
                width: 0.8,
                ..Stroke::default()
            }));
            surface.draw_path(&path);
        }
    }
    let mut y = 4.0;
    for (face, size, text) in lines {
        y += size * 1.25;
        draw_text(&mut surface, &fonts, 5.0, y, *face, *size, text, BLACK);
    }
    surface.finish();
    page.finish();
    doc.finish().map_err(|e| RenderError::Write(describe(&e)))
}
