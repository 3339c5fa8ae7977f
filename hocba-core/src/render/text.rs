//! The embedded font, text shaping and line breaking.
//!
//! krilla's `draw_text` draws one line; the học bạ needs paragraphs (a teacher's comment can be
//! two thousand bytes). So text is shaped here with rustybuzz — the same shaper, same version,
//! that krilla uses — and broken into lines greedily at spaces from the shaped advances. A word
//! wider than the column is broken between glyph clusters, so nothing is ever cut off, and a
//! cluster (a base letter with its stacked Vietnamese marks, e.g. "ệ") is never split.

use std::ops::Range;

use krilla::text::{Font as KrillaFont, GlyphId, KrillaGlyph};

use super::RenderError;

/// Noto Serif Regular (SIL OFL 1.1, `hocba-core/fonts/OFL.txt`): full Vietnamese coverage.
pub(crate) const REGULAR_TTF: &[u8] = include_bytes!("../../fonts/NotoSerif-Regular.ttf");
/// Noto Serif Bold (SIL OFL 1.1).
pub(crate) const BOLD_TTF: &[u8] = include_bytes!("../../fonts/NotoSerif-Bold.ttf");

/// Which of the two embedded faces.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Face {
    Regular,
    Bold,
}

struct LoadedFace {
    krilla: KrillaFont,
    shaper: rustybuzz::Face<'static>,
    /// One shaping plan (left to right, Latin script) reused for every run: building a plan
    /// per call dominated the shaping cost. Vietnamese is written in the Latin script.
    plan: rustybuzz::ShapePlan,
    units_per_em: f32,
}

/// Both faces, parsed once per render.
pub(crate) struct Fonts {
    regular: LoadedFace,
    bold: LoadedFace,
}

/// A shaped run: glyphs with advances in em units, ready for `Surface::draw_glyphs`.
#[derive(Clone, Debug)]
pub(crate) struct Shaped {
    pub glyphs: Vec<KrillaGlyph>,
    /// Sum of the x advances, in em.
    pub width_em: f32,
}

fn load(bytes: &'static [u8]) -> Result<LoadedFace, RenderError> {
    let krilla = KrillaFont::new(bytes.into(), 0).ok_or(RenderError::Font)?;
    let shaper = rustybuzz::Face::from_slice(bytes, 0).ok_or(RenderError::Font)?;
    let units_per_em = shaper.units_per_em() as f32;
    let plan = rustybuzz::ShapePlan::new(
        &shaper,
        rustybuzz::Direction::LeftToRight,
        Some(rustybuzz::script::LATIN),
        None,
        &[],
    );
    Ok(LoadedFace {
        krilla,
        shaper,
        plan,
        units_per_em,
    })
}

impl Fonts {
    /// Parses the embedded fonts.
    pub fn load() -> Result<Self, RenderError> {
        Ok(Self {
            regular: load(REGULAR_TTF)?,
            bold: load(BOLD_TTF)?,
        })
    }

    fn face(&self, face: Face) -> &LoadedFace {
        match face {
            Face::Regular => &self.regular,
            Face::Bold => &self.bold,
        }
    }

    /// The krilla font for `face`.
    pub fn krilla(&self, face: Face) -> KrillaFont {
        self.face(face).krilla.clone()
    }

    /// Shapes `text` (one line, left to right).
    pub fn shape(&self, face: Face, text: &str) -> Shaped {
        let f = self.face(face);
        let mut buffer = rustybuzz::UnicodeBuffer::new();
        buffer.push_str(text);
        buffer.set_direction(rustybuzz::Direction::LeftToRight);
        buffer.set_script(rustybuzz::script::LATIN);
        let out = rustybuzz::shape_with_plan(&f.shaper, &f.plan, buffer);
        let infos = out.glyph_infos();
        let positions = out.glyph_positions();
        let upem = f.units_per_em;
        let mut glyphs = Vec::with_capacity(infos.len());
        let mut width_em = 0.0;
        for (i, (info, pos)) in infos.iter().zip(positions).enumerate() {
            let start = info.cluster as usize;
            // The cluster ends where the next different cluster starts (LTR: clusters ascend).
            let end = infos[i + 1..]
                .iter()
                .map(|n| n.cluster as usize)
                .find(|&c| c != start)
                .unwrap_or(text.len());
            let advance = pos.x_advance as f32 / upem;
            width_em += advance;
            glyphs.push(KrillaGlyph::new(
                GlyphId::new(info.glyph_id),
                advance,
                pos.x_offset as f32 / upem,
                pos.y_offset as f32 / upem,
                pos.y_advance as f32 / upem,
                start..end,
                None,
            ));
        }
        Shaped { glyphs, width_em }
    }

    /// Width of `text` at `size` points.
    pub fn width(&self, face: Face, size: f32, text: &str) -> f32 {
        self.shape(face, text).width_em * size
    }

    /// Breaks `text` into lines no wider than `max_width` points at `size`.
    ///
    /// Breaks at spaces; `\n` forces a break; a word wider than the line is split between
    /// glyph clusters. Every non-space character of `text` appears in exactly one line.
    pub fn wrap(&self, face: Face, size: f32, text: &str, max_width: f32) -> Vec<String> {
        let mut lines = Vec::new();
        for paragraph in text.split('\n') {
            self.wrap_paragraph(face, size, paragraph, max_width, &mut lines);
        }
        lines
    }

    fn wrap_paragraph(
        &self,
        face: Face,
        size: f32,
        text: &str,
        max_width: f32,
        lines: &mut Vec<String>,
    ) {
        let shaped = self.shape(face, text);
        // Width (points) of each cluster start, keyed by byte offset.
        let mut clusters: Vec<(usize, f32)> = Vec::with_capacity(shaped.glyphs.len());
        for g in &shaped.glyphs {
            let w = g.x_advance * size;
            match clusters.last_mut() {
                Some((start, width)) if *start == g.text_range.start => *width += w,
                _ => clusters.push((g.text_range.start, w)),
            }
        }
        clusters.sort_by_key(|c| c.0);
        let range_width = |r: &Range<usize>| -> f32 {
            let lo = clusters.partition_point(|c| c.0 < r.start);
            let hi = clusters.partition_point(|c| c.0 < r.end);
            clusters[lo..hi].iter().map(|c| c.1).sum()
        };
        let space = self.width(face, size, " ");

        let mut line = String::new();
        let mut line_width = 0.0f32;
        let mut offset = 0;
        let mut any = false;
        for word in text.split(' ') {
            let r = offset..offset + word.len();
            offset = r.end + 1;
            if word.is_empty() {
                continue;
            }
            any = true;
            let w = range_width(&r);
            let sep = if line.is_empty() { 0.0 } else { space };
            if line_width + sep + w <= max_width {
                if !line.is_empty() {
                    line.push(' ');
                }
                line.push_str(word);
                line_width += sep + w;
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            if w <= max_width {
                line.push_str(word);
                line_width = w;
                continue;
            }
            // A word wider than the line: split it between clusters.
            let lo = clusters.partition_point(|c| c.0 < r.start);
            let hi = clusters.partition_point(|c| c.0 < r.end);
            let mut piece_start = r.start;
            let mut piece_width = 0.0;
            for &(start, cw) in &clusters[lo..hi] {
                if piece_width + cw > max_width && start > piece_start {
                    lines.push(text[piece_start..start].to_owned());
                    piece_start = start;
                    piece_width = 0.0;
                }
                piece_width += cw;
            }
            line.push_str(&text[piece_start..r.end]);
            line_width = piece_width;
        }
        if !line.is_empty() || !any {
            lines.push(line);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapped_lines_keep_every_word_and_fit() {
        let fonts = Fonts::load().unwrap();
        let text = "Em đọc to, rõ ràng, biết ngắt nghỉ đúng chỗ; viết đúng chính tả, trình bày \
                    bài sạch đẹp. Cần luyện thêm kĩ năng viết đoạn văn kể chuyện theo tranh.";
        let lines = fonts.wrap(Face::Regular, 10.0, text, 150.0);
        assert!(lines.len() > 2);
        for l in &lines {
            assert!(fonts.width(Face::Regular, 10.0, l) <= 150.0 + 0.01, "{l}");
        }
        assert_eq!(
            lines.join(" "),
            text.split_whitespace().collect::<Vec<_>>().join(" ")
        );
    }

    #[test]
    fn an_overlong_word_is_split_between_clusters_not_cut() {
        let fonts = Fonts::load().unwrap();
        let word = "Nguyễn".repeat(20);
        let lines = fonts.wrap(Face::Bold, 12.0, &word, 60.0);
        assert!(lines.len() > 1);
        assert_eq!(lines.concat(), word);
        for l in &lines {
            assert!(fonts.width(Face::Bold, 12.0, l) <= 60.0 + 0.01);
            // "ễ" is one precomposed char (NFC): a piece never starts with a lone mark.
            assert!(!l.starts_with('\u{0302}') && !l.starts_with('\u{0303}'));
        }
    }

    #[test]
    fn empty_text_is_one_empty_line_and_newline_forces_a_break() {
        let fonts = Fonts::load().unwrap();
        assert_eq!(
            fonts.wrap(Face::Regular, 10.0, "", 100.0),
            vec![String::new()]
        );
        assert_eq!(
            fonts.wrap(Face::Regular, 10.0, "Tốt\nĐạt", 100.0),
            vec!["Tốt".to_owned(), "Đạt".to_owned()]
        );
    }

    #[test]
    fn every_vietnamese_letter_has_a_glyph() {
        let fonts = Fonts::load().unwrap();
        let letters = "aăâbcdđeêghiklmnoôơpqrstuưvxyAĂÂBCDĐEÊGHIKLMNOÔƠPQRSTUƯVXY\
                       àáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ\
                       ÀÁẢÃẠẰẮẲẴẶẦẤẨẪẬÈÉẺẼẸỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌỒỐỔỖỘỜỚỞỠỢÙÚỦŨỤỪỨỬỮỰỲÝỶỸỴ–…";
        for face in [Face::Regular, Face::Bold] {
            let shaped = fonts.shape(face, letters);
            assert!(shaped.glyphs.iter().all(|g| g.glyph_id.to_u32() != 0));
        }
    }
}
