//! The plane-to-plane map between the rectified card and the camera frame, and the bilinear warp
//! that cuts the card (or one band of it) out of the frame.

use crate::{FaceError, Picture, Point};

use super::super::layout::{Band, CARD_HEIGHT, CARD_WIDTH};
use super::CardCorners;

/// A 3×3 projective map (row-major, `h[8]` = 1), in f64: the card's corners lie hundreds of
/// pixels out and f32 loses the last pixel on the way through the 8×8 solve.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Homography([f64; 9]);

impl Homography {
    /// The map taking each `from[i]` to `to[i]`; `None` when three points are collinear.
    pub fn from_points(from: [Point; 4], to: [Point; 4]) -> Option<Self> {
        // Two rows a point: x' (h6 x + h7 y + 1) = h0 x + h1 y + h2, likewise for y'.
        let mut a = [[0.0f64; 9]; 8];
        for i in 0..4 {
            let (x, y) = (f64::from(from[i].x), f64::from(from[i].y));
            let (u, v) = (f64::from(to[i].x), f64::from(to[i].y));
            a[2 * i] = [x, y, 1.0, 0.0, 0.0, 0.0, -u * x, -u * y, u];
            a[2 * i + 1] = [0.0, 0.0, 0.0, x, y, 1.0, -v * x, -v * y, v];
        }
        let h = solve8(a)?;
        Some(Self([h[0], h[1], h[2], h[3], h[4], h[5], h[6], h[7], 1.0]))
    }

    /// The map from the rectified card ([`CARD_WIDTH`] × [`CARD_HEIGHT`], pixel edges) to the
    /// frame, for `corners` in the card's top-left, top-right, bottom-right, bottom-left order.
    pub fn card_to_frame(corners: &CardCorners) -> Option<Self> {
        Self::from_points(card_outline(), corners.points)
    }

    /// Where `(x, y)` goes; far away (not NaN) for points on the horizon line.
    pub fn map(&self, x: f32, y: f32) -> Point {
        let h = &self.0;
        let (x, y) = (f64::from(x), f64::from(y));
        let w = h[6] * x + h[7] * y + h[8];
        let w = if w.abs() < 1e-12 { 1e-12 } else { w };
        Point {
            x: ((h[0] * x + h[1] * y + h[2]) / w) as f32,
            y: ((h[3] * x + h[4] * y + h[5]) / w) as f32,
        }
    }
}

/// The rectified card's corners (pixel edges), top left first, clockwise.
pub fn card_outline() -> [Point; 4] {
    let (w, h) = (CARD_WIDTH as f32, CARD_HEIGHT as f32);
    [
        Point { x: 0.0, y: 0.0 },
        Point { x: w, y: 0.0 },
        Point { x: w, y: h },
        Point { x: 0.0, y: h },
    ]
}

/// Gaussian elimination with partial pivoting on the 8×8 system `a` (last column: right side).
fn solve8(mut a: [[f64; 9]; 8]) -> Option<[f64; 8]> {
    for col in 0..8 {
        let pivot = (col..8).max_by(|&i, &j| a[i][col].abs().total_cmp(&a[j][col].abs()))?;
        if a[pivot][col].abs() < 1e-9 {
            return None;
        }
        a.swap(col, pivot);
        for row in 0..8 {
            if row != col {
                let f = a[row][col] / a[col][col];
                let pivot_row = a[col];
                for (x, p) in a[row].iter_mut().zip(pivot_row).skip(col) {
                    *x -= f * p;
                }
            }
        }
    }
    let mut x = [0.0; 8];
    for (i, xi) in x.iter_mut().enumerate() {
        *xi = a[i][8] / a[i][i];
    }
    Some(x)
}

/// The whole card, rectified to [`CARD_WIDTH`] × [`CARD_HEIGHT`] (for tests and inspection: the
/// reader warps only the bands, [`warp_band`], which is the same pixels for less work).
pub fn rectify(frame: &Picture, corners: &CardCorners) -> Result<Picture, FaceError> {
    let whole = Band {
        field: super::super::layout::Field::BirthDate,
        left: 0,
        top: 0,
        width: CARD_WIDTH,
        height: CARD_HEIGHT,
    };
    warp_band(frame, corners, whole)
}

/// The pixels of `band` of the rectified card, sampled straight from the frame (bilinear).
pub fn warp_band(frame: &Picture, corners: &CardCorners, band: Band) -> Result<Picture, FaceError> {
    let map = Homography::card_to_frame(corners)
        .ok_or_else(|| FaceError::BadImage("card corners make no quadrilateral".into()))?;
    let mut rgb = Vec::with_capacity(band.width as usize * band.height as usize * 3);
    for y in 0..band.height {
        for x in 0..band.width {
            let p = map.map((band.left + x) as f32 + 0.5, (band.top + y) as f32 + 0.5);
            for c in 0..3 {
                // `sample` takes pixel indices; a pixel's centre is at +0.5.
                let v = frame.sample(p.x - 0.5, p.y - 0.5, c);
                rgb.push(v.round().clamp(0.0, 255.0) as u8);
            }
        }
    }
    Picture::from_rgb(band.width, band.height, rgb)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pt(x: f32, y: f32) -> Point {
        Point { x, y }
    }

    #[test]
    fn maps_its_four_points_and_a_known_fifth() {
        let from = [pt(0.0, 0.0), pt(1.0, 0.0), pt(1.0, 1.0), pt(0.0, 1.0)];
        // A trapezoid: the unit square's centre goes to where the diagonals cross, not to the
        // trapezoid's mean corner.
        let to = [pt(0.0, 0.0), pt(4.0, 0.0), pt(3.0, 2.0), pt(1.0, 2.0)];
        let h = Homography::from_points(from, to).unwrap();
        for (f, t) in from.iter().zip(to) {
            let m = h.map(f.x, f.y);
            assert!(
                (m.x - t.x).abs() < 1e-4 && (m.y - t.y).abs() < 1e-4,
                "{m:?} {t:?}"
            );
        }
        // Diagonals (0,0)-(3,2) and (4,0)-(1,2) cross at (2, 4/3).
        let c = h.map(0.5, 0.5);
        assert!(
            (c.x - 2.0).abs() < 1e-4 && (c.y - 4.0 / 3.0).abs() < 1e-4,
            "{c:?}"
        );
        // Not affine: the midpoint of the bottom edge is not the image's midpoint.
        let bottom = h.map(0.5, 1.0);
        assert!((bottom.x - 2.0).abs() < 1e-4 && (bottom.y - 2.0).abs() < 1e-4);
    }

    #[test]
    fn collinear_points_make_no_map() {
        let line = [pt(0.0, 0.0), pt(1.0, 1.0), pt(2.0, 2.0), pt(3.0, 3.0)];
        assert!(Homography::from_points(line, line).is_none());
    }

    #[test]
    fn a_scaled_card_warps_back_to_its_pixels() {
        // A frame that is the card at half size, offset by (10, 20): the band warped back reads
        // the frame's pixels at twice the size.
        let (w, h) = (500u32, 300u32);
        let mut rgb = vec![0u8; (w * h * 3) as usize];
        for y in 0..h {
            for x in 0..w {
                let v = if (x / 20 + y / 20) % 2 == 0 { 200 } else { 40 };
                rgb[((y * w + x) * 3) as usize..][..3].fill(v);
            }
        }
        let frame = Picture::from_rgb(w, h, rgb).unwrap();
        let corners = CardCorners {
            points: [
                pt(10.0, 20.0),
                pt(438.0, 20.0),
                pt(438.0, 290.0),
                pt(10.0, 290.0),
            ],
        };
        let card = rectify(&frame, &corners).unwrap();
        assert_eq!((card.width(), card.height()), (CARD_WIDTH, CARD_HEIGHT));
        // Card (25, 25) is frame (22.5, 32.5): square (1, 1), bright.
        let at = |x: u32, y: u32| card.rgb()[((y * CARD_WIDTH + x) * 3) as usize];
        assert_eq!(at(25, 25), 200);
        // Card (25, 65) is frame (22.5, 52.5): square (1, 2), dark.
        assert_eq!(at(25, 65), 40);
    }
}
