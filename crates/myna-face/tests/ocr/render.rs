//! Renders one line of text the way a field crop from the card front looks: dark print on a
//! light ground, in Debian's Noto CJK fonts (installed by scripts/install-deps.sh), rasterised
//! here from the font's outlines (skrifa) so that the tests need no font renderer crate.

use std::path::Path;

use myna_face::Picture;
use skrifa::instance::{LocationRef, Size};
use skrifa::outline::{DrawSettings, OutlinePen};
use skrifa::{FontRef, MetadataProvider};

/// Sub-scanlines a pixel row is sampled on (anti-aliasing).
const SUBSAMPLES: usize = 4;
const INK: f32 = 35.0;
const PAPER: f32 = 240.0;

/// A font file (a .ttc collection and the face in it).
pub struct Font {
    bytes: Vec<u8>,
    index: u32,
}

impl Font {
    pub fn open(path: &Path, index: u32) -> Option<Font> {
        let bytes = std::fs::read(path).ok()?;
        FontRef::from_index(&bytes, index).ok()?;
        Some(Font { bytes, index })
    }

    /// `text` at `px` pixels a em, with a margin of a quarter em around it.
    pub fn render(&self, text: &str, px: f32) -> Picture {
        let font = FontRef::from_index(&self.bytes, self.index).unwrap();
        let size = Size::new(px);
        let metrics = font.glyph_metrics(size, LocationRef::default());
        let outlines = font.outline_glyphs();
        let charmap = font.charmap();
        let margin = px / 4.0;
        let baseline = margin + px * 0.88;
        let mut pen = Edges::default();
        let mut x = margin;
        for ch in text.chars() {
            let glyph = charmap
                .map(ch)
                .unwrap_or_else(|| panic!("no glyph for {ch}"));
            pen.origin = (x, baseline);
            if let Some(outline) = outlines.get(glyph) {
                outline
                    .draw(
                        DrawSettings::unhinted(size, LocationRef::default()),
                        &mut pen,
                    )
                    .unwrap();
            }
            x += metrics.advance_width(glyph).unwrap_or(px);
        }
        let (width, height) = ((x + margin).ceil() as usize, (px * 1.5).ceil() as usize);
        let coverage = pen.fill(width, height);
        let rgb = coverage
            .iter()
            .flat_map(|c| {
                let v = (PAPER + (INK - PAPER) * c.min(1.0)).round() as u8;
                [v, v, v]
            })
            .collect();
        Picture::from_rgb(width as u32, height as u32, rgb).unwrap()
    }
}

/// Outline edges in picture pixels (y down), curves flattened.
#[derive(Default)]
struct Edges {
    origin: (f32, f32),
    start: (f32, f32),
    at: (f32, f32),
    lines: Vec<[f32; 4]>,
}

impl Edges {
    fn to_px(&self, x: f32, y: f32) -> (f32, f32) {
        (self.origin.0 + x, self.origin.1 - y)
    }

    fn line(&mut self, to: (f32, f32)) {
        self.lines.push([self.at.0, self.at.1, to.0, to.1]);
        self.at = to;
    }

    /// Coverage (0..1) of each pixel under the non-zero winding rule.
    fn fill(&self, width: usize, height: usize) -> Vec<f32> {
        let mut out = vec![0.0f32; width * height];
        let weight = 1.0 / SUBSAMPLES as f32;
        for y in 0..height {
            let row = &mut out[y * width..][..width];
            for s in 0..SUBSAMPLES {
                let sy = y as f32 + (s as f32 + 0.5) / SUBSAMPLES as f32;
                let mut crossings: Vec<(f32, i32)> = self
                    .lines
                    .iter()
                    .filter(|[_, y0, _, y1]| (*y0 <= sy) != (*y1 <= sy))
                    .map(|[x0, y0, x1, y1]| {
                        (
                            x0 + (sy - y0) / (y1 - y0) * (x1 - x0),
                            if y1 > y0 { 1 } else { -1 },
                        )
                    })
                    .collect();
                crossings.sort_by(|a, b| a.0.total_cmp(&b.0));
                let mut winding = 0;
                for pair in crossings.windows(2) {
                    winding += pair[0].1;
                    if winding != 0 {
                        add_span(row, pair[0].0, pair[1].0, weight);
                    }
                }
            }
        }
        out
    }
}

/// Adds `weight` times the covered share of each pixel between x0 and x1.
fn add_span(row: &mut [f32], x0: f32, x1: f32, weight: f32) {
    let (x0, x1) = (x0.max(0.0), x1.min(row.len() as f32));
    let mut x = x0;
    while x < x1 {
        let pixel = x.floor();
        let end = (pixel + 1.0).min(x1);
        row[pixel as usize] += (end - x) * weight;
        x = end;
    }
}

impl OutlinePen for Edges {
    fn move_to(&mut self, x: f32, y: f32) {
        self.at = self.to_px(x, y);
        self.start = self.at;
    }

    fn line_to(&mut self, x: f32, y: f32) {
        let to = self.to_px(x, y);
        self.line(to);
    }

    fn quad_to(&mut self, cx: f32, cy: f32, x: f32, y: f32) {
        let (p0, c, p1) = (self.at, self.to_px(cx, cy), self.to_px(x, y));
        for i in 1..=8 {
            let t = i as f32 / 8.0;
            let u = 1.0 - t;
            self.line((
                u * u * p0.0 + 2.0 * u * t * c.0 + t * t * p1.0,
                u * u * p0.1 + 2.0 * u * t * c.1 + t * t * p1.1,
            ));
        }
    }

    fn curve_to(&mut self, cx0: f32, cy0: f32, cx1: f32, cy1: f32, x: f32, y: f32) {
        let (p0, c0, c1, p1) = (
            self.at,
            self.to_px(cx0, cy0),
            self.to_px(cx1, cy1),
            self.to_px(x, y),
        );
        for i in 1..=12 {
            let t = i as f32 / 12.0;
            let u = 1.0 - t;
            let (a, b, c, d) = (u * u * u, 3.0 * u * u * t, 3.0 * u * t * t, t * t * t);
            self.line((
                a * p0.0 + b * c0.0 + c * c1.0 + d * p1.0,
                a * p0.1 + b * c0.1 + c * c1.1 + d * p1.1,
            ));
        }
    }

    fn close(&mut self) {
        if self.at != self.start {
            self.line(self.start);
        }
    }
}

/// A poorly lit, noisy camera crop: contrast cut to a third on a grey ground, plus uniform noise
/// of ±`noise` grey levels (a fixed pseudo-random sequence, so that runs agree).
pub fn dim_and_noisy(picture: &Picture, noise: f32) -> Picture {
    let mut state: u32 = 0x2545_f491;
    let rgb = picture
        .rgb()
        .chunks_exact(3)
        .flat_map(|px| {
            // xorshift32: deterministic, no dependency.
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            let n = (state as f32 / u32::MAX as f32 * 2.0 - 1.0) * noise;
            let v = (f32::from(px[0]) * 0.35 + 70.0 + n).clamp(0.0, 255.0) as u8;
            [v, v, v]
        })
        .collect();
    Picture::from_rgb(picture.width(), picture.height(), rgb).unwrap()
}
