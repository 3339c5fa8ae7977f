//! A small page-flow engine: paragraphs, growing table rows and page breaks, laid out into a
//! display list of pages that `pdf.rs` then writes with krilla.
//!
//! Laying out first and writing afterwards lets every page carry "Trang i/N" and keeps the
//! template code free of PDF details. All lengths are PDF points (1/72 inch), y grows downwards.

use super::text::{Face, Fonts};

/// A4 width (210 mm).
pub(crate) const PAGE_W: f32 = 595.276;
/// A4 height (297 mm).
pub(crate) const PAGE_H: f32 = 841.89;
/// Left margin (20 mm: the binding side of the printed book).
pub(crate) const LEFT: f32 = 56.69;
/// Right edge of the text area (15 mm margin).
pub(crate) const RIGHT: f32 = PAGE_W - 42.52;
/// Top of the text area (15 mm).
pub(crate) const TOP: f32 = 42.52;
/// Bottom of the text area (20 mm: the footer sits below it).
pub(crate) const BOTTOM: f32 = PAGE_H - 56.69;
/// Width of the text area.
pub(crate) const WIDTH: f32 = RIGHT - LEFT;
/// Line height as a multiple of the font size (room for stacked Vietnamese marks).
pub(crate) const LEADING: f32 = 1.35;
/// Inner padding of a table cell.
const PAD: f32 = 3.5;

/// An sRGB colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Rgb(pub u8, pub u8, pub u8);

pub(crate) const BLACK: Rgb = Rgb(0, 0, 0);
pub(crate) const RED: Rgb = Rgb(200, 0, 0);
pub(crate) const GREY: Rgb = Rgb(90, 90, 90);
pub(crate) const SHADE: Rgb = Rgb(235, 235, 235);
pub(crate) const GREEN: Rgb = Rgb(0, 110, 50);
pub(crate) const WATERMARK: Rgb = Rgb(255, 205, 205);

/// Horizontal alignment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Align {
    Left,
    Center,
}

/// One drawing operation.
#[derive(Clone, Debug)]
pub(crate) enum Op {
    /// A single line of text; `y` is the baseline.
    Text {
        x: f32,
        y: f32,
        face: Face,
        size: f32,
        text: String,
        color: Rgb,
    },
    /// A rectangle, filled and/or stroked.
    Rect {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        fill: Option<Rgb>,
        stroke: Option<(Rgb, f32)>,
    },
    /// A QR symbol: `width`×`width` modules of `module` points, dark where true, at (x, y).
    Qr {
        x: f32,
        y: f32,
        module: f32,
        width: usize,
        dark: Vec<bool>,
    },
}

/// One laid-out page.
#[derive(Clone, Debug, Default)]
pub(crate) struct PageOps {
    pub ops: Vec<Op>,
    /// Large diagonal text drawn under the content ("KHÔNG CÓ GIÁ TRỊ").
    pub watermark: Option<&'static str>,
    /// Footer text (left); "Trang i/N" is added on the right when writing.
    pub footer: String,
}

/// What every page of a section repeats.
#[derive(Clone, Debug, Default)]
pub(crate) struct Section {
    /// Printed at the top of the section's continuation pages.
    pub continuation: Option<String>,
    /// A red banner at the top of every page of the section (unsigned or invalid record).
    pub banner: Option<String>,
    pub watermark: Option<&'static str>,
    pub footer: String,
}

/// A table column.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Col {
    pub width: f32,
    pub align: Align,
}

/// A table cell: wrapped to its column when the row is added.
#[derive(Clone, Debug)]
pub(crate) struct Cell {
    pub text: String,
    pub face: Face,
}

impl Cell {
    pub fn new(text: impl Into<String>) -> Self {
        Self {
            text: text.into(),
            face: Face::Regular,
        }
    }
    pub fn bold(text: impl Into<String>) -> Self {
        Self {
            text: text.into(),
            face: Face::Bold,
        }
    }
}

/// A table row: ordinary cells, or one cell spanning every column (a group heading).
#[derive(Clone, Debug)]
pub(crate) enum Row {
    Cells(Vec<Cell>),
    Group(String),
}

/// The page flow.
pub(crate) struct Flow<'f> {
    pub fonts: &'f Fonts,
    pub pages: Vec<PageOps>,
    /// The next free y on the current page.
    pub y: f32,
    section: Section,
}

impl<'f> Flow<'f> {
    pub fn new(fonts: &'f Fonts) -> Self {
        Self {
            fonts,
            pages: Vec::new(),
            y: TOP,
            section: Section::default(),
        }
    }

    /// Starts a section on a fresh page.
    pub fn begin_section(&mut self, section: Section) {
        self.section = section;
        self.start_page(false);
    }

    fn start_page(&mut self, continuation: bool) {
        self.pages.push(PageOps {
            ops: Vec::new(),
            watermark: self.section.watermark,
            footer: self.section.footer.clone(),
        });
        self.y = TOP;
        if let Some(banner) = self.section.banner.clone() {
            self.banner(&banner);
        }
        if continuation && let Some(c) = self.section.continuation.clone() {
            self.line(&c, Face::Regular, 9.0, GREY, Align::Left, LEFT, WIDTH);
            self.y += 4.0;
        }
    }

    /// Starts a new page of the current section.
    pub fn page_break(&mut self) {
        self.start_page(true);
    }

    fn push(&mut self, op: Op) {
        if self.pages.is_empty() {
            self.start_page(false);
        }
        if let Some(p) = self.pages.last_mut() {
            p.ops.push(op);
        }
    }

    /// Breaks the page unless `h` points still fit.
    pub fn ensure(&mut self, h: f32) {
        if self.y + h > BOTTOM && self.y > TOP + 40.0 {
            self.page_break();
        }
    }

    /// Draws one line of text (no wrapping) with its top at `self.y`, and advances.
    #[allow(clippy::too_many_arguments)]
    pub fn line(
        &mut self,
        text: &str,
        face: Face,
        size: f32,
        color: Rgb,
        align: Align,
        x: f32,
        w: f32,
    ) {
        let y = self.y;
        self.text_at(text, face, size, color, align, x, w, y + size);
        self.y += size * LEADING;
    }

    /// Draws one line of text with its baseline at `baseline` (does not advance).
    #[allow(clippy::too_many_arguments)]
    pub fn text_at(
        &mut self,
        text: &str,
        face: Face,
        size: f32,
        color: Rgb,
        align: Align,
        x: f32,
        w: f32,
        baseline: f32,
    ) {
        if text.is_empty() {
            return;
        }
        let tx = match align {
            Align::Left => x,
            Align::Center => x + (w - self.fonts.width(face, size, text)) / 2.0,
        };
        self.push(Op::Text {
            x: tx,
            y: baseline,
            face,
            size,
            text: text.to_owned(),
            color,
        });
    }

    /// A wrapped paragraph in the column `x..x+w`, breaking pages between lines.
    #[allow(clippy::too_many_arguments)]
    pub fn paragraph(
        &mut self,
        text: &str,
        face: Face,
        size: f32,
        color: Rgb,
        align: Align,
        x: f32,
        w: f32,
    ) {
        for l in self.fonts.wrap(face, size, text, w) {
            self.ensure(size * LEADING);
            self.line(&l, face, size, color, align, x, w);
        }
    }

    /// "Label: value" with the value wrapped and indented after the label.
    pub fn field(&mut self, label: &str, value: &str, size: f32) {
        let label = format!("{label}: ");
        let lw = self.fonts.width(Face::Regular, size, &label);
        let lines = self.fonts.wrap(Face::Bold, size, value, WIDTH - lw);
        for (i, l) in lines.iter().enumerate() {
            self.ensure(size * LEADING);
            let baseline = self.y + size;
            if i == 0 {
                self.text_at(
                    &label,
                    Face::Regular,
                    size,
                    BLACK,
                    Align::Left,
                    LEFT,
                    lw,
                    baseline,
                );
            }
            self.text_at(
                l,
                Face::Bold,
                size,
                BLACK,
                Align::Left,
                LEFT + lw,
                WIDTH - lw,
                baseline,
            );
            self.y += size * LEADING;
        }
    }

    /// A red framed banner across the text area.
    pub fn banner(&mut self, text: &str) {
        let size = 10.0;
        let lines = self.fonts.wrap(Face::Bold, size, text, WIDTH - 2.0 * PAD);
        let h = lines.len() as f32 * size * LEADING + 2.0 * PAD;
        self.push(Op::Rect {
            x: LEFT,
            y: self.y,
            w: WIDTH,
            h,
            fill: None,
            stroke: Some((RED, 1.5)),
        });
        self.y += PAD;
        for l in lines {
            self.line(&l, Face::Bold, size, RED, Align::Center, LEFT, WIDTH);
        }
        self.y += PAD + 6.0;
    }

    pub fn rect(
        &mut self,
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        fill: Option<Rgb>,
        stroke: Option<(Rgb, f32)>,
    ) {
        self.push(Op::Rect {
            x,
            y,
            w,
            h,
            fill,
            stroke,
        });
    }

    pub fn qr(&mut self, x: f32, y: f32, module: f32, width: usize, dark: Vec<bool>) {
        self.push(Op::Qr {
            x,
            y,
            module,
            width,
            dark,
        });
    }

    /// A table whose rows grow with their text; the header row repeats after a page break and
    /// a row taller than a page is continued on the next page line by line.
    pub fn table(&mut self, cols: &[Col], header: &[&str], rows: &[Row], size: f32) {
        let lh = size * LEADING;
        let header_cells: Vec<Vec<String>> = cols
            .iter()
            .zip(header)
            .map(|(c, h)| self.fonts.wrap(Face::Bold, size, h, c.width - 2.0 * PAD))
            .collect();
        let header_lines = header_cells.iter().map(Vec::len).max().unwrap_or(1);
        let header_h = header_lines as f32 * lh + 2.0 * PAD;
        let draw_header = |flow: &mut Flow<'_>| {
            let y = flow.y;
            let mut x = LEFT;
            for (c, lines) in cols.iter().zip(&header_cells) {
                flow.rect(x, y, c.width, header_h, Some(SHADE), Some((BLACK, 0.6)));
                let top = y + (header_h - lines.len() as f32 * lh) / 2.0;
                for (i, l) in lines.iter().enumerate() {
                    let baseline = top + i as f32 * lh + size;
                    flow.text_at(
                        l,
                        Face::Bold,
                        size,
                        BLACK,
                        Align::Center,
                        x + PAD,
                        c.width - 2.0 * PAD,
                        baseline,
                    );
                }
                x += c.width;
            }
            flow.y += header_h;
        };
        // Keep the header with at least one line of the first row.
        self.ensure(header_h + lh + 2.0 * PAD);
        draw_header(self);
        let total_w: f32 = cols.iter().map(|c| c.width).sum();
        // Lines a fresh continuation page can hold under the repeated header.
        let fresh_lines =
            (((BOTTOM - TOP - 40.0 - header_h - 2.0 * PAD) / lh).floor() as usize).max(1);

        for row in rows {
            let (cells, faces, aligns, widths): (
                Vec<Vec<String>>,
                Vec<Face>,
                Vec<Align>,
                Vec<f32>,
            ) = match row {
                Row::Cells(cells) => {
                    let mut out = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
                    for (c, cell) in cols.iter().zip(cells) {
                        out.0.push(self.fonts.wrap(
                            cell.face,
                            size,
                            &cell.text,
                            c.width - 2.0 * PAD,
                        ));
                        out.1.push(cell.face);
                        out.2.push(c.align);
                        out.3.push(c.width);
                    }
                    out
                }
                Row::Group(title) => (
                    vec![
                        self.fonts
                            .wrap(Face::Bold, size, title, total_w - 2.0 * PAD),
                    ],
                    vec![Face::Bold],
                    vec![Align::Left],
                    vec![total_w],
                ),
            };
            let n = cells.iter().map(Vec::len).max().unwrap_or(1).max(1);
            let shaded = matches!(row, Row::Group(_));
            // A group heading stays with the first line of the row after it.
            if shaded && self.y + (n as f32 + 1.0) * lh + 4.0 * PAD > BOTTOM {
                self.page_break();
                draw_header(self);
            }
            let mut start = 0;
            // True right after a page break made for this row: never break twice in a row.
            let mut fresh = false;
            while start < n {
                let avail = ((BOTTOM - self.y - 2.0 * PAD) / lh).floor().max(0.0) as usize;
                let remaining = n - start;
                let take = if remaining <= avail {
                    remaining
                } else if !fresh && ((start == 0 && remaining <= fresh_lines) || avail == 0) {
                    // Keep the row whole on the next page (or nothing fits here).
                    self.page_break();
                    draw_header(self);
                    fresh = true;
                    continue;
                } else {
                    avail.max(1)
                };
                let h = take as f32 * lh + 2.0 * PAD;
                let y = self.y;
                let mut x = LEFT;
                for (k, lines) in cells.iter().enumerate() {
                    let w = widths[k];
                    self.rect(x, y, w, h, shaded.then_some(SHADE), Some((BLACK, 0.6)));
                    let end = (start + take).min(lines.len());
                    for (i, l) in lines.get(start..end).unwrap_or(&[]).iter().enumerate() {
                        let baseline = y + PAD + i as f32 * lh + size;
                        self.text_at(
                            l,
                            faces[k],
                            size,
                            BLACK,
                            aligns[k],
                            x + PAD,
                            w - 2.0 * PAD,
                            baseline,
                        );
                    }
                    x += w;
                }
                self.y += h;
                start += take;
                if start < n {
                    self.page_break();
                    draw_header(self);
                    fresh = true;
                }
            }
        }
    }
}
