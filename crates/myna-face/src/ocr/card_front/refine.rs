//! Corner refinement on the full frame: each side's edge found to a fraction of a pixel across
//! the side at a few dozen places, a line fitted through them (outliers such as a finger
//! dropped), neighbouring lines crossed. The same edge profiles tell how blurred the frame is.

use crate::{Picture, Point};

use super::CardCorners;

/// Places along each side (the middle 80 %: the corners are rounded).
const SAMPLES: usize = 32;
/// A place whose strongest step is under this (grey levels a pixel) has no edge.
const MIN_STEP: f32 = 6.0;
/// Points this far (frame pixels) off the first fit are dropped before the second.
const OUTLIER: f32 = 1.5;
/// Half-length of the profile the blur is judged on (frame pixels): a blurred edge must reach
/// its flat parts on both sides.
const BLUR_REACH: f32 = 8.0;

/// The corners refined on `frame` (found on a frame scaled down by `scale`), and the blur of the
/// outline (see `Sighting::Card`).
pub(crate) fn refine(
    frame: &Picture,
    corners: &CardCorners,
    scale: f32,
) -> (CardCorners, Option<f32>) {
    let mut lines: [Option<(Point, Point)>; 4] = [None; 4];
    let mut current = *corners;
    // First within the working scale's uncertainty, then close around the first fit.
    for reach in [2.0 * scale + 2.0, 2.5] {
        for (n, line) in lines.iter_mut().enumerate() {
            let (p, q) = (current.points[n], current.points[(n + 1) % 4]);
            *line = fit_side(frame, p, q, reach).or(Some((p, q)));
        }
        let mut next = current;
        for n in 0..4 {
            if let (Some(a), Some(b)) = (lines[(n + 3) % 4], lines[n])
                && let Some(p) = cross(a, b)
            {
                next.points[n] = p;
            }
        }
        current = next;
    }
    let mut blurs: Vec<f32> = (0..4)
        .flat_map(|n| side_blur(frame, current.points[n], current.points[(n + 1) % 4]))
        .collect();
    blurs.sort_by(f32::total_cmp);
    (current, blurs.get(blurs.len() / 2).copied())
}

fn luma(frame: &Picture, x: f32, y: f32) -> f32 {
    // `sample` takes pixel indices; a pixel's centre is at +0.5.
    let (x, y) = (x - 0.5, y - 0.5);
    0.299 * frame.sample(x, y, 0) + 0.587 * frame.sample(x, y, 1) + 0.114 * frame.sample(x, y, 2)
}

/// Whether the profile of half-length `reach` around `(x, y)` lies inside the frame.
fn inside(frame: &Picture, x: f32, y: f32, reach: f32) -> bool {
    x >= reach + 1.0
        && y >= reach + 1.0
        && x <= frame.width() as f32 - reach - 1.0
        && y <= frame.height() as f32 - reach - 1.0
}

/// The places along p→q and the unit normal.
fn places(p: Point, q: Point) -> (impl Iterator<Item = Point>, Point) {
    let len = ((q.x - p.x).powi(2) + (q.y - p.y).powi(2)).sqrt().max(1e-3);
    let normal = Point {
        x: -(q.y - p.y) / len,
        y: (q.x - p.x) / len,
    };
    let at = (0..SAMPLES).map(move |s| {
        let t = 0.1 + 0.8 * (s as f32 + 0.5) / SAMPLES as f32;
        Point {
            x: p.x + t * (q.x - p.x),
            y: p.y + t * (q.y - p.y),
        }
    });
    (at, normal)
}

/// The line (two points on it) fitted to the strongest step across p→q within `reach`.
fn fit_side(frame: &Picture, p: Point, q: Point, reach: f32) -> Option<(Point, Point)> {
    let (at, n) = places(p, q);
    let mut points = Vec::with_capacity(SAMPLES);
    let steps = reach.ceil() as i32;
    for s in at {
        if !inside(frame, s.x, s.y, reach + 1.0) {
            continue;
        }
        let g = |d: f32| luma(frame, s.x + d * n.x, s.y + d * n.y);
        let profile: Vec<f32> = (-steps - 1..=steps + 1).map(|d| g(d as f32)).collect();
        let slope: Vec<f32> = profile.windows(3).map(|w| (w[2] - w[0]) / 2.0).collect();
        let Some((i, best)) = slope
            .iter()
            .enumerate()
            .max_by(|a, b| a.1.abs().total_cmp(&b.1.abs()))
        else {
            continue;
        };
        if best.abs() < MIN_STEP || i == 0 || i + 1 == slope.len() {
            continue;
        }
        // Parabola through the three slopes around the peak.
        let (a, b, c) = (slope[i - 1].abs(), best.abs(), slope[i + 1].abs());
        let denominator = a - 2.0 * b + c;
        let offset = if denominator.abs() > 1e-6 {
            (0.5 * (a - c) / denominator).clamp(-0.5, 0.5)
        } else {
            0.0
        };
        let d = (i as i32 - steps) as f32 + offset;
        points.push(Point {
            x: s.x + d * n.x,
            y: s.y + d * n.y,
        });
    }
    let first = fit(&points)?;
    let kept: Vec<Point> = points
        .into_iter()
        .filter(|p| distance(first, *p) <= OUTLIER)
        .collect();
    fit(&kept)
}

/// Total least squares through `points` (at least six): a point and the direction.
fn fit(points: &[Point]) -> Option<(Point, Point)> {
    if points.len() < 6 {
        return None;
    }
    let n = points.len() as f32;
    let (mx, my) = (
        points.iter().map(|p| p.x).sum::<f32>() / n,
        points.iter().map(|p| p.y).sum::<f32>() / n,
    );
    let (mut sxx, mut sxy, mut syy) = (0.0, 0.0, 0.0);
    for p in points {
        let (dx, dy) = (p.x - mx, p.y - my);
        sxx += dx * dx;
        sxy += dx * dy;
        syy += dy * dy;
    }
    // The direction of most spread: the major axis of the covariance.
    let angle = 0.5 * (2.0 * sxy).atan2(sxx - syy);
    let centre = Point { x: mx, y: my };
    Some((
        centre,
        Point {
            x: mx + angle.cos(),
            y: my + angle.sin(),
        },
    ))
}

fn distance((a, b): (Point, Point), p: Point) -> f32 {
    let (dx, dy) = (b.x - a.x, b.y - a.y);
    let len = (dx * dx + dy * dy).sqrt().max(1e-6);
    ((p.x - a.x) * dy - (p.y - a.y) * dx).abs() / len
}

/// Where the lines through (a0, a1) and (b0, b1) cross.
fn cross((a0, a1): (Point, Point), (b0, b1): (Point, Point)) -> Option<Point> {
    let (d1x, d1y) = (a1.x - a0.x, a1.y - a0.y);
    let (d2x, d2y) = (b1.x - b0.x, b1.y - b0.y);
    let det = d1x * d2y - d1y * d2x;
    if det.abs() < 1e-6 {
        return None;
    }
    let t = ((b0.x - a0.x) * d2y - (b0.y - a0.y) * d2x) / det;
    Some(Point {
        x: a0.x + t * d1x,
        y: a0.y + t * d1y,
    })
}

/// The blur at each place along p→q with a clear step: a step of height C blurred by a
/// Gaussian of deviation σ is at most C / (σ √(2π)) steep.
fn side_blur(frame: &Picture, p: Point, q: Point) -> Vec<f32> {
    let (at, n) = places(p, q);
    let mut out = Vec::new();
    for s in at {
        if !inside(frame, s.x, s.y, BLUR_REACH + 1.0) {
            continue;
        }
        let g = |d: f32| luma(frame, s.x + d * n.x, s.y + d * n.y);
        let step = (g(BLUR_REACH) - g(-BLUR_REACH)).abs();
        let steepest = (-3..=3)
            .map(|d| {
                let d = d as f32 * 0.5;
                ((g(d + 0.5) - g(d - 0.5)).abs(), d)
            })
            .fold(0.0f32, |m, (v, _)| m.max(v));
        if step >= 4.0 * MIN_STEP && steepest > 0.0 {
            out.push(step / (steepest * (2.0 * std::f32::consts::PI).sqrt()));
        }
    }
    out
}
