//! A floating-point RGB canvas with the little drawing the card and the photograph need: text
//! from a font's outlines (skrifa, already in egui's tree: no font renderer crate), filled
//! shapes given as coverage functions, and conversion to and from [`Picture`]. Public for
//! myna-face's OCR tests (a dev-dependency), which render their field crops with
//! [`Font::line_picture`] instead of a rasteriser of their own.

use std::path::Path;

use myna_face::Picture;
use skrifa::instance::{LocationRef, Size};
use skrifa::outline::{DrawSettings, OutlinePen};
use skrifa::{FontRef, MetadataProvider};

use crate::SynthError;

/// Sub-scanlines a pixel row is sampled on (anti-aliasing of glyph edges).
const SUBSAMPLES: usize = 4;

pub type Rgb = [f32; 3];

/// RGB, 0–255 a channel, rows top to bottom.
#[derive(Clone)]
pub struct Canvas {
    pub width: usize,
    pub height: usize,
    pub pixels: Vec<Rgb>,
}

/// A box in canvas pixels: left, top, right, bottom (right and bottom exclusive).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Extent {
    pub left: f32,
    pub top: f32,
    pub right: f32,
    pub bottom: f32,
}

impl Canvas {
    pub fn new(width: usize, height: usize, colour: Rgb) -> Self {
        Self {
            width,
            height,
            pixels: vec![colour; width * height],
        }
    }

    pub fn from_picture(picture: &Picture) -> Self {
        let pixels = picture
            .rgb()
            .chunks_exact(3)
            .map(|p| [f32::from(p[0]), f32::from(p[1]), f32::from(p[2])])
            .collect();
        Self {
            width: picture.width() as usize,
            height: picture.height() as usize,
            pixels,
        }
    }

    pub fn to_picture(&self) -> Result<Picture, SynthError> {
        let rgb = self
            .pixels
            .iter()
            .flat_map(|p| p.map(|c| c.round().clamp(0.0, 255.0) as u8))
            .collect();
        Picture::from_rgb(self.width as u32, self.height as u32, rgb)
            .map_err(|e| SynthError::Picture(e.to_string()))
    }

    /// Blends `colour` over the pixel with weight `alpha` (0..1).
    pub fn blend(&mut self, x: usize, y: usize, colour: Rgb, alpha: f32) {
        let alpha = alpha.clamp(0.0, 1.0);
        let p = &mut self.pixels[y * self.width + x];
        for c in 0..3 {
            p[c] += (colour[c] - p[c]) * alpha;
        }
    }

    /// Fills the pixels of `area` (clipped) with `colour` at the coverage `shape(x, y)` returns
    /// for the pixel centre (0 outside, 1 inside, between on a soft edge).
    pub fn fill(&mut self, area: Extent, colour: Rgb, shape: impl Fn(f32, f32) -> f32) {
        let (x0, y0, x1, y1) = self.clip(area);
        for y in y0..y1 {
            for x in x0..x1 {
                let a = shape(x as f32 + 0.5, y as f32 + 0.5);
                if a > 0.0 {
                    self.blend(x, y, colour, a);
                }
            }
        }
    }

    fn clip(&self, e: Extent) -> (usize, usize, usize, usize) {
        let cx = |v: f32| (v.max(0.0) as usize).min(self.width);
        let cy = |v: f32| (v.max(0.0) as usize).min(self.height);
        (
            cx(e.left.floor()),
            cy(e.top.floor()),
            cx(e.right.ceil()),
            cy(e.bottom.ceil()),
        )
    }

    /// Bilinear sample at (x, y) in pixel coordinates (pixel centres at +0.5), edges clamped.
    pub fn sample(&self, x: f32, y: f32) -> Rgb {
        let fx = (x - 0.5).clamp(0.0, (self.width - 1) as f32);
        let fy = (y - 0.5).clamp(0.0, (self.height - 1) as f32);
        let (x0, y0) = (fx.floor() as usize, fy.floor() as usize);
        let (x1, y1) = ((x0 + 1).min(self.width - 1), (y0 + 1).min(self.height - 1));
        let (tx, ty) = (fx - x0 as f32, fy - y0 as f32);
        let p = |x: usize, y: usize| self.pixels[y * self.width + x];
        let (a, b, c, d) = (p(x0, y0), p(x1, y0), p(x0, y1), p(x1, y1));
        let mut out = [0.0; 3];
        for i in 0..3 {
            let top = a[i] + (b[i] - a[i]) * tx;
            let bottom = c[i] + (d[i] - c[i]) * tx;
            out[i] = top + (bottom - top) * ty;
        }
        out
    }

    /// Separable Gaussian blur of standard deviation `sigma` pixels (nothing below 0.3).
    pub fn blur(&mut self, sigma: f32) {
        if sigma < 0.3 {
            return;
        }
        let radius = (sigma * 3.0).ceil() as isize;
        let kernel: Vec<f32> = (-radius..=radius)
            .map(|i| (-((i * i) as f32) / (2.0 * sigma * sigma)).exp())
            .collect();
        let sum: f32 = kernel.iter().sum();
        let kernel: Vec<f32> = kernel.iter().map(|k| k / sum).collect();
        let (w, h) = (self.width as isize, self.height as isize);
        let pass = |src: &[Rgb], horizontal: bool| -> Vec<Rgb> {
            let mut out = vec![[0.0; 3]; src.len()];
            for y in 0..h {
                for x in 0..w {
                    let mut acc = [0.0f32; 3];
                    for (k, weight) in kernel.iter().enumerate() {
                        let d = k as isize - radius;
                        let (sx, sy) = if horizontal {
                            ((x + d).clamp(0, w - 1), y)
                        } else {
                            (x, (y + d).clamp(0, h - 1))
                        };
                        let p = src[(sy * w + sx) as usize];
                        for c in 0..3 {
                            acc[c] += p[c] * weight;
                        }
                    }
                    out[(y * w + x) as usize] = acc;
                }
            }
            out
        };
        let once = pass(&self.pixels, true);
        self.pixels = pass(&once, false);
    }
}

/// A font file (a .ttc collection and the face in it).
pub struct Font {
    bytes: Vec<u8>,
    index: u32,
}

impl Font {
    pub fn open(path: &Path, index: u32) -> Result<Font, SynthError> {
        let missing = |why: String| SynthError::Font {
            path: path.display().to_string(),
            why,
        };
        let bytes = std::fs::read(path).map_err(|e| missing(e.to_string()))?;
        FontRef::from_index(&bytes, index).map_err(|e| missing(e.to_string()))?;
        Ok(Font { bytes, index })
    }

    fn font_ref(&self) -> Result<FontRef<'_>, SynthError> {
        FontRef::from_index(&self.bytes, self.index).map_err(|e| SynthError::Font {
            path: "(loaded font)".into(),
            why: e.to_string(),
        })
    }

    /// The advance of `text` at `px` pixels a em.
    pub fn advance(&self, text: &str, px: f32) -> Result<f32, SynthError> {
        let font = self.font_ref()?;
        let metrics = font.glyph_metrics(Size::new(px), LocationRef::default());
        let charmap = font.charmap();
        Ok(text
            .chars()
            .map(|ch| {
                charmap
                    .map(ch)
                    .and_then(|g| metrics.advance_width(g))
                    .unwrap_or(px)
            })
            .sum())
    }

    /// Draws `text` at `px` pixels a em with its baseline starting at (x, baseline), in
    /// `colour`; returns the box of the ink.
    pub fn draw(
        &self,
        canvas: &mut Canvas,
        text: &str,
        (x, baseline): (f32, f32),
        px: f32,
        colour: Rgb,
    ) -> Result<Extent, SynthError> {
        let font = self.font_ref()?;
        let size = Size::new(px);
        let metrics = font.glyph_metrics(size, LocationRef::default());
        let outlines = font.outline_glyphs();
        let charmap = font.charmap();
        let mut pen = Edges::default();
        let mut at = x;
        for ch in text.chars() {
            let glyph = charmap.map(ch).ok_or_else(|| SynthError::Font {
                path: "(loaded font)".into(),
                why: format!("no glyph for {ch:?}"),
            })?;
            pen.origin = (at, baseline);
            if let Some(outline) = outlines.get(glyph) {
                outline
                    .draw(
                        DrawSettings::unhinted(size, LocationRef::default()),
                        &mut pen,
                    )
                    .map_err(|e| SynthError::Font {
                        path: "(loaded font)".into(),
                        why: e.to_string(),
                    })?;
            }
            at += metrics.advance_width(glyph).unwrap_or(px);
        }
        let Some(ink) = pen.extent() else {
            return Ok(Extent {
                left: x,
                top: baseline,
                right: x,
                bottom: baseline,
            });
        };
        pen.fill(canvas, ink, colour);
        Ok(ink)
    }
}

/// Grey levels of [`Font::line_picture`]: dark print on light paper.
const INK: f32 = 35.0;
const PAPER: f32 = 240.0;

impl Font {
    /// `text` alone at `px` pixels a em, dark on a light ground, with a quarter em around it:
    /// a field crop as the recogniser gets it (myna-face's OCR tests).
    pub fn line_picture(&self, text: &str, px: f32) -> Result<Picture, SynthError> {
        let margin = px / 4.0;
        let width = (self.advance(text, px)? + 2.0 * margin).ceil() as usize;
        let height = (px * 1.5).ceil() as usize;
        let mut canvas = Canvas::new(width, height, [PAPER; 3]);
        self.draw(
            &mut canvas,
            text,
            (margin, margin + px * 0.88),
            px,
            [INK; 3],
        )?;
        canvas.to_picture()
    }
}

/// Outline edges in canvas pixels (y down), curves flattened.
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

    fn extent(&self) -> Option<Extent> {
        let mut it = self.lines.iter();
        let first = it.next()?;
        let mut e = Extent {
            left: first[0],
            top: first[1],
            right: first[0],
            bottom: first[1],
        };
        for l in self.lines.iter() {
            for (x, y) in [(l[0], l[1]), (l[2], l[3])] {
                e.left = e.left.min(x);
                e.right = e.right.max(x);
                e.top = e.top.min(y);
                e.bottom = e.bottom.max(y);
            }
        }
        Some(e)
    }

    /// Blends `colour` at each pixel's coverage under the non-zero winding rule.
    fn fill(&self, canvas: &mut Canvas, ink: Extent, colour: Rgb) {
        let (x0, y0, x1, y1) = canvas.clip(ink);
        if x1 <= x0 {
            return;
        }
        let weight = 1.0 / SUBSAMPLES as f32;
        let mut row = vec![0.0f32; x1 - x0];
        for y in y0..y1 {
            row.fill(0.0);
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
                        add_span(
                            &mut row,
                            pair[0].0 - x0 as f32,
                            pair[1].0 - x0 as f32,
                            weight,
                        );
                    }
                }
            }
            for (i, a) in row.iter().enumerate() {
                if *a > 0.0 {
                    canvas.blend(x0 + i, y, colour, a.min(1.0));
                }
            }
        }
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
