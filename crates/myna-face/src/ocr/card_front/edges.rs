//! The frame's edges at a working size of about 320 pixels across: each colour averaged down and
//! blurred, Sobel gradients (per pixel those of the colour that changes most), thinned to one pixel across (non-maximum suppression, as Canny does).
//!
//! Written here rather than taken from `imageproc` (which has Canny, contours and polygon
//! approximation): imageproc 0.25 with default features off adds 14 crates (nalgebra, simba,
//! wide, ab_glyph, ttf-parser, rand_distr, …; ~35 s of CPU to build them) and turns on
//! features of crates tract shares (matrixmultiply, rand), so every build folder rebuilds the
//! whole tract stack once more (measured 2026-12-04: 5 min on this 2-core machine, issue 21).
//! What the finder needs is a page of code.

use zeroize::Zeroizing;

use crate::Picture;

/// Frames are averaged down by a whole factor to at most this width: 640×480 becomes 320×240,
/// where the card's edges are still several pixels long and the work is a quarter.
const WORKING_WIDTH: u32 = 320;

/// Smallest Sobel magnitude that is an edge: after the [1 2 1]/4 blur a clean step of s grey
/// levels gives 3s, so about 13 levels; card against background is usually far above.
const MIN_EDGE: f32 = 40.0;

/// The edge map at working size. Coordinates are working pixels; frame = working × `scale`.
pub(crate) struct EdgeMap {
    pub width: usize,
    pub height: usize,
    /// Frame pixels a working pixel.
    pub scale: f32,
    /// Gradients (wiped on drop, as every picture of this crate: they draw the frame).
    pub gx: Zeroizing<Vec<f32>>,
    pub gy: Zeroizing<Vec<f32>>,
    /// True where a thinned edge is.
    pub edge: Vec<bool>,
}

impl EdgeMap {
    pub fn new(frame: &Picture) -> EdgeMap {
        let factor = frame.width().div_ceil(WORKING_WIDTH).max(1) as usize;
        let (width, height) = (
            frame.width() as usize / factor,
            frame.height() as usize / factor,
        );
        // Each colour on its own, and per pixel the one that changes most: in grey alone a
        // white card on a yellow or pale background can all but vanish (seen on the synthetic
        // photographs: a card's side along a yellow sheet found no line).
        let mut gx = Zeroizing::new(vec![0.0f32; width * height]);
        let mut gy = Zeroizing::new(vec![0.0f32; width * height]);
        let mut strongest = Zeroizing::new(vec![0.0f32; width * height]);
        for channel in 0..3 {
            let plane = blur(
                &downscale(frame, factor, width, height, channel),
                width,
                height,
            );
            let at = |x: usize, y: usize| plane[y * width + x];
            for y in 1..height.saturating_sub(1) {
                for x in 1..width.saturating_sub(1) {
                    let i = y * width + x;
                    let dx = (at(x + 1, y - 1) + 2.0 * at(x + 1, y) + at(x + 1, y + 1))
                        - (at(x - 1, y - 1) + 2.0 * at(x - 1, y) + at(x - 1, y + 1));
                    let dy = (at(x - 1, y + 1) + 2.0 * at(x, y + 1) + at(x + 1, y + 1))
                        - (at(x - 1, y - 1) + 2.0 * at(x, y - 1) + at(x + 1, y - 1));
                    let m = dx * dx + dy * dy;
                    if m > strongest[i] {
                        strongest[i] = m;
                        gx[i] = dx;
                        gy[i] = dy;
                    }
                }
            }
        }
        let edge = thin(&gx, &gy, width, height);
        EdgeMap {
            width,
            height,
            scale: factor as f32,
            gx,
            gy,
            edge,
        }
    }

    /// Whether an edge whose gradient lies within `cos_tolerance` of the unit normal `(nx, ny)`
    /// is at or next to working pixel `(x, y)`: (one with the gradient along the normal, one
    /// against it). A card's side has its edges all one way (the card is lighter or darker than
    /// what is behind it along that side); a line pieced together from clutter does not.
    pub fn edge_near(&self, x: f32, y: f32, nx: f32, ny: f32, cos_tolerance: f32) -> (bool, bool) {
        let (cx, cy) = (x.floor() as i64, y.floor() as i64);
        let (mut along, mut against) = (false, false);
        for dy in -1..=1 {
            for dx in -1..=1 {
                let (px, py) = (cx + dx, cy + dy);
                if px < 0 || py < 0 || px >= self.width as i64 || py >= self.height as i64 {
                    continue;
                }
                let i = py as usize * self.width + px as usize;
                if !self.edge[i] {
                    continue;
                }
                let (gx, gy) = (self.gx[i], self.gy[i]);
                let m = (gx * gx + gy * gy).sqrt();
                let dot = gx * nx + gy * ny;
                along |= dot >= cos_tolerance * m;
                against |= -dot >= cos_tolerance * m;
            }
        }
        (along, against)
    }
}

/// Channel `channel` averaged over `factor`×`factor` blocks.
fn downscale(
    frame: &Picture,
    factor: usize,
    width: usize,
    height: usize,
    channel: usize,
) -> Zeroizing<Vec<f32>> {
    let rgb = frame.rgb();
    let stride = frame.width() as usize * 3;
    let mut out = Zeroizing::new(vec![0.0f32; width * height]);
    let norm = 1.0 / (factor * factor) as f32;
    for (y, row) in out.chunks_exact_mut(width).enumerate() {
        for (x, v) in row.iter_mut().enumerate() {
            let mut sum = 0u32;
            for sy in 0..factor {
                let line = &rgb[(y * factor + sy) * stride + x * factor * 3..][..factor * 3];
                for px in line.chunks_exact(3) {
                    sum += u32::from(px[channel]);
                }
            }
            *v = sum as f32 * norm;
        }
    }
    out
}

/// [1 2 1]/4 in both directions: takes the sensor noise and JPEG blocks off the gradients.
fn blur(grey: &[f32], width: usize, height: usize) -> Zeroizing<Vec<f32>> {
    let mut across = Zeroizing::new(grey.to_vec());
    for y in 0..height {
        for x in 1..width.saturating_sub(1) {
            let i = y * width + x;
            across[i] = 0.25 * grey[i - 1] + 0.5 * grey[i] + 0.25 * grey[i + 1];
        }
    }
    let mut out = across.clone();
    for y in 1..height.saturating_sub(1) {
        for x in 0..width {
            let i = y * width + x;
            out[i] = 0.25 * across[i - width] + 0.5 * across[i] + 0.25 * across[i + width];
        }
    }
    out
}

/// Non-maximum suppression along the gradient (four directions), above [`MIN_EDGE`].
fn thin(gx: &[f32], gy: &[f32], width: usize, height: usize) -> Vec<bool> {
    let mag = |i: usize| gx[i] * gx[i] + gy[i] * gy[i];
    let mut edge = vec![false; width * height];
    let min = MIN_EDGE * MIN_EDGE;
    for y in 2..height.saturating_sub(2) {
        for x in 2..width.saturating_sub(2) {
            let i = y * width + x;
            let m = mag(i);
            if m < min {
                continue;
            }
            let (ax, ay) = (gx[i].abs(), gy[i].abs());
            // tan 22.5° ≈ 0.4142: which of the four directions the gradient is closest to.
            let step = if ay <= 0.4142 * ax {
                1
            } else if ax <= 0.4142 * ay {
                width
            } else if (gx[i] > 0.0) == (gy[i] > 0.0) {
                width + 1
            } else {
                width - 1
            };
            edge[i] = m >= mag(i - step) && m > mag(i + step);
        }
    }
    edge
}

/// A 640×480 frame: a light box (200..500, 100..300) on dark, for the tests here and in `lines`.
#[cfg(test)]
pub(crate) fn light_box() -> Picture {
    light_box_beside(30)
}

/// [`light_box`] with what lies beside its right side (x ≥ 500, 100 ≤ y < 300) `right` grey: 214
/// makes that side too faint for an edge (a step of 6 grey levels).
#[cfg(test)]
pub(crate) fn light_box_beside(right: u8) -> Picture {
    let (w, h) = (640u32, 480u32);
    let mut rgb = vec![30u8; (w * h * 3) as usize];
    for y in 0..h {
        for x in 0..w {
            let v = match (x, y) {
                (200..500, 100..300) => 220,
                (500.., 100..300) => right,
                _ => 30,
            };
            rgb[((y * w + x) * 3) as usize..][..3].fill(v);
        }
    }
    Picture::from_rgb(w, h, rgb).unwrap_or_else(|e| panic!("{e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bright_square_has_thin_edges_on_its_border_only() {
        let map = EdgeMap::new(&light_box());
        assert_eq!((map.width, map.height, map.scale), (320, 240, 2.0));
        // The left border is at working x = 100: one edge pixel across, mid-height.
        let row: Vec<usize> = (90..110).filter(|&x| map.edge[100 * 320 + x]).collect();
        assert_eq!(row.len(), 1, "{row:?}");
        assert!((99..=100).contains(&row[0]), "{row:?}");
        // Dark to light going right: the gradient points along +x.
        assert_eq!(map.edge_near(100.0, 100.0, 1.0, 0.0, 0.9), (true, false));
        assert_eq!(map.edge_near(100.0, 100.0, -1.0, 0.0, 0.9), (false, true));
        assert_eq!(
            map.edge_near(100.0, 100.0, 0.0, 1.0, 0.9),
            (false, false),
            "wrong direction"
        );
        // Nothing inside or outside.
        assert!(!map.edge[100 * 320 + 170] && !map.edge[20 * 320 + 20]);
    }
}
