//! Plane projective maps (homographies) and the pose of a hand-held card.
//!
//! Written here because no crate in Cargo.lock solves a homography from four point pairs or
//! warps with one (euclid and kurbo, the geometry crates in the tree, stop at affine maps and 3D
//! transforms without a solver; imageproc and nalgebra are not in the tree and would add their
//! own build cost, which issue 21 measures): an 8×8 linear solve and a bilinear sampler are a
//! few lines.

/// A point in pixels.
pub type Point = (f32, f32);

/// A 3×3 projective map, row-major, `m[8]` normalised to 1.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Homography {
    pub m: [f64; 9],
}

impl Homography {
    /// The map that takes each `from[i]` to `to[i]`; None when the points are degenerate
    /// (three on a line).
    pub fn from_points(from: &[Point; 4], to: &[Point; 4]) -> Option<Self> {
        // a x + b y + c - g x u - h y u = u ; d x + e y + f - g x v - h y v = v
        let mut rows = [[0.0f64; 9]; 8];
        for i in 0..4 {
            let (x, y) = (f64::from(from[i].0), f64::from(from[i].1));
            let (u, v) = (f64::from(to[i].0), f64::from(to[i].1));
            rows[2 * i] = [x, y, 1.0, 0.0, 0.0, 0.0, -x * u, -y * u, u];
            rows[2 * i + 1] = [0.0, 0.0, 0.0, x, y, 1.0, -x * v, -y * v, v];
        }
        let h = solve8(rows)?;
        Some(Self {
            m: [h[0], h[1], h[2], h[3], h[4], h[5], h[6], h[7], 1.0],
        })
    }

    pub fn apply(&self, (x, y): Point) -> Point {
        let m = &self.m;
        let (x, y) = (f64::from(x), f64::from(y));
        let w = m[6] * x + m[7] * y + m[8];
        (
            ((m[0] * x + m[1] * y + m[2]) / w) as f32,
            ((m[3] * x + m[4] * y + m[5]) / w) as f32,
        )
    }

    pub fn inverse(&self) -> Option<Self> {
        let m = &self.m;
        let cof = [
            m[4] * m[8] - m[5] * m[7],
            m[2] * m[7] - m[1] * m[8],
            m[1] * m[5] - m[2] * m[4],
            m[5] * m[6] - m[3] * m[8],
            m[0] * m[8] - m[2] * m[6],
            m[2] * m[3] - m[0] * m[5],
            m[3] * m[7] - m[4] * m[6],
            m[1] * m[6] - m[0] * m[7],
            m[0] * m[4] - m[1] * m[3],
        ];
        let det = m[0] * cof[0] + m[1] * cof[3] + m[2] * cof[6];
        if det.abs() < 1e-12 || cof[8].abs() < 1e-12 {
            return None;
        }
        Some(Self {
            m: cof.map(|c| c / cof[8]),
        })
    }
}

/// Gaussian elimination with partial pivoting on an 8×9 augmented matrix.
fn solve8(mut a: [[f64; 9]; 8]) -> Option<[f64; 8]> {
    for col in 0..8 {
        let pivot = (col..8).max_by(|&i, &j| a[i][col].abs().total_cmp(&a[j][col].abs()))?;
        if a[pivot][col].abs() < 1e-12 {
            return None;
        }
        a.swap(col, pivot);
        let pivot_row = a[col];
        for (i, row) in a.iter_mut().enumerate() {
            if i != col {
                let f = row[col] / pivot_row[col];
                for (value, p) in row.iter_mut().zip(pivot_row).skip(col) {
                    *value -= f * p;
                }
            }
        }
    }
    let mut x = [0.0; 8];
    for i in 0..8 {
        x[i] = a[i][8] / a[i][i];
    }
    Some(x)
}

/// The card's corners in its own pixels: top left, top right, bottom right, bottom left.
pub fn rectangle_corners(width: f32, height: f32) -> [Point; 4] {
    [(0.0, 0.0), (width, 0.0), (width, height), (0.0, height)]
}

/// A card held in front of a pinhole camera: rotations about the card's own axes (degrees),
/// its distance, and where its centre lands in the frame.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Pose {
    /// Tilt about the card's horizontal axis (top towards or away from the camera).
    pub tilt_x: f32,
    /// Tilt about the card's vertical axis.
    pub tilt_y: f32,
    /// In-plane rotation.
    pub roll: f32,
    /// The card's width in frame pixels were it square to the camera.
    pub width_px: f32,
    pub centre: Point,
}

/// Focal length in frame pixels of a webcam with about 60° horizontal field of view: half the
/// frame's width over tan 30°.
const FOCAL_PX: f32 = 0.866 * crate::photograph::FRAME_WIDTH as f32;

impl Pose {
    /// Where the four corners of a `card_w` × `card_h` card land in the frame.
    pub fn project(&self, card_w: f32, card_h: f32) -> [Point; 4] {
        let (ax, ay, az) = (
            self.tilt_x.to_radians(),
            self.tilt_y.to_radians(),
            self.roll.to_radians(),
        );
        // Card units scaled so that its width at the reference distance is `width_px`.
        let scale = self.width_px / card_w;
        let distance = FOCAL_PX;
        rectangle_corners(card_w, card_h).map(|(x, y)| {
            let (x, y) = ((x - card_w / 2.0) * scale, (y - card_h / 2.0) * scale);
            // roll about z, then tilt about x, then about y.
            let (x, y) = (x * az.cos() - y * az.sin(), x * az.sin() + y * az.cos());
            let (y, z) = (y * ax.cos(), y * ax.sin());
            let (x, z) = (x * ay.cos() + z * ay.sin(), -x * ay.sin() + z * ay.cos());
            let depth = distance + z;
            (
                self.centre.0 + FOCAL_PX * x / depth,
                self.centre.1 + FOCAL_PX * y / depth,
            )
        })
    }
}
