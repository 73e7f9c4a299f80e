//! The card's outline in a camera frame: the largest convex quadrilateral of edge lines whose
//! sides are long enough, well covered by edges, and whose proportions fit an ID-1 card seen at
//! up to about 25° of tilt; its corners then refined to a fraction of a pixel on the full frame.

use crate::{Picture, Point};

use super::CardCorners;
use super::edges::EdgeMap;
use super::lines::{Line, find_lines};

/// ID-1: 85.6 × 54 mm.
pub(crate) const CARD_ASPECT: f32 = 85.6 / 54.0;
/// Proportions accepted (long side / short side, each the mean of two opposite sides): 1.585
/// foreshortened by a 25° tilt gives 1.44 or 1.75, and perspective adds some more: 1.25–2.05.
const ASPECT_RANGE: (f32, f32) = (CARD_ASPECT * 0.79, CARD_ASPECT * 1.29);
/// Smallest card the finder looks for: a long side of this share of the frame width. Smaller
/// ones cannot be read; cards up to 45 % wide are found only to ask the patient to come closer.
const MIN_LONG_SIDE: f32 = 0.15;
/// Opposite sides may converge by this much under perspective (cos 30°).
const PARALLEL: f32 = 0.866;
/// Neighbouring sides meet at more than 50° (cos 50°).
const CROSSING: f32 = 0.643;
/// Share of a side (corners aside) that must have an edge along it: fingers hold the card by
/// its edges, so not all of it.
const MIN_SUPPORT: f32 = 0.5;
/// An edge pixel counts for a side when its gradient is within 20° of the side's normal.
const COS_ALONG: f32 = 0.94;
/// Quadrilaterals whose support is checked, largest first (enough for cluttered scenes; the
/// check is the costly part).
const MAX_CHECKED: usize = 300;

/// What the finder saw in one frame.
#[derive(Debug, Clone, PartialEq)]
pub enum Sighting {
    /// No card-shaped outline.
    NoCard,
    /// A card whose outline runs out of the frame: its corners when all four lines were seen
    /// (a corner lies outside), `None` when a whole side is outside.
    CutByEdge(Option<CardCorners>),
    /// A whole card: its corners (frame pixels, refined) and the blur of its outline, as the
    /// standard deviation in frame pixels of a Gaussian blur (about 0.8 when sharp; `None` when
    /// the outline gave too little contrast to tell).
    Card {
        corners: CardCorners,
        blur: Option<f32>,
    },
}

/// Finds the card in `frame` (a few milliseconds at 640×480 in release).
pub fn find_card(frame: &Picture) -> Sighting {
    let map = EdgeMap::new(frame);
    let (w, h) = (map.width as f32, map.height as f32);
    let min_side = MIN_LONG_SIDE * w;
    let mut lines: Vec<(Line, bool)> = find_lines(&map, (min_side * 0.4) as u32)
        .into_iter()
        .map(|l| (l, false))
        .collect();
    // The frame's own borders stand in for a side that lies outside (the card is cut).
    for (nx, ny, rho) in [(1.0, 0.0, 0.0), (1.0, 0.0, w), (0.0, 1.0, 0.0), (0.0, 1.0, h)] {
        lines.push((
            Line {
                nx,
                ny,
                rho,
                votes: 0,
            },
            true,
        ));
    }
    let candidates = candidates(&lines, w, h, min_side);
    let mut cut: Option<Option<CardCorners>> = None;
    for quad in candidates.iter().take(MAX_CHECKED) {
        if !supported(&map, quad) {
            continue;
        }
        let inside = quad
            .corners
            .iter()
            .all(|&(x, y)| x >= 2.0 && y >= 2.0 && x <= w - 2.0 && y <= h - 2.0);
        let in_frame = |(x, y): (f32, f32)| Point {
            x: x * map.scale,
            y: y * map.scale,
        };
        let corners = CardCorners::ordered(quad.corners.map(in_frame));
        if quad.border.is_some() {
            cut.get_or_insert(None);
        } else if !inside {
            cut.get_or_insert(Some(corners));
        } else {
            let (corners, blur) = super::refine::refine(frame, &corners, map.scale);
            return Sighting::Card { corners, blur };
        }
    }
    match cut {
        Some(corners) => Sighting::CutByEdge(corners),
        None => Sighting::NoCard,
    }
}

/// A candidate: four corners (working pixels, in order around it), which of its sides is a
/// frame border (if any), its area.
struct Quad {
    corners: [(f32, f32); 4],
    border: Option<usize>,
    area: f32,
}

/// Every quadrilateral of two pairs of opposite lines that has a card's shape, largest first.
fn candidates(lines: &[(Line, bool)], w: f32, h: f32, min_side: f32) -> Vec<Quad> {
    let centre = (w / 2.0, h / 2.0);
    let mut pairs = Vec::new();
    for i in 0..lines.len() {
        for j in i + 1..lines.len() {
            let (a, b) = (&lines[i].0, &lines[j].0);
            if lines[i].1 && lines[j].1 || a.parallelism(b) < PARALLEL {
                continue;
            }
            // Apart by at least a short side, measured near the frame's centre.
            let off = a.rho - (a.nx * centre.0 + a.ny * centre.1);
            let p = (centre.0 + off * a.nx, centre.1 + off * a.ny);
            if (b.nx * p.0 + b.ny * p.1 - b.rho).abs() >= min_side / ASPECT_RANGE.1 {
                pairs.push((i, j));
            }
        }
    }
    let margin = 0.3 * w;
    let mut quads = Vec::new();
    for (k, &(a, b)) in pairs.iter().enumerate() {
        for &(c, d) in &pairs[k + 1..] {
            let ids = [a, c, b, d];
            if ids.iter().filter(|&&i| lines[i].1).count() > 1
                || lines[a].0.parallelism(&lines[c].0) > CROSSING
                || [c, d].contains(&a)
                || [c, d].contains(&b)
            {
                continue;
            }
            // Corner k lies between sides ids[k] and ids[k + 1]; side k runs along ids[k + 1].
            let mut corners = [(0.0, 0.0); 4];
            let mut ok = true;
            for n in 0..4 {
                match lines[ids[n]].0.cross(&lines[ids[(n + 1) % 4]].0) {
                    Some(p)
                        if p.0 > -margin
                            && p.1 > -margin
                            && p.0 < w + margin
                            && p.1 < h + margin =>
                    {
                        corners[n] = p
                    }
                    _ => ok = false,
                }
            }
            let border = (0..4).find(|&n| lines[ids[(n + 1) % 4]].1);
            if ok && let Some(area) = card_shaped(&corners, min_side, border.is_some()) {
                quads.push(Quad {
                    corners,
                    border,
                    area,
                });
            }
        }
    }
    quads.sort_by(|a, b| b.area.total_cmp(&a.area));
    quads
}

/// The area when `corners` make a convex quadrilateral of a card's proportions and size (a cut
/// card's visible part only needs the size).
fn card_shaped(corners: &[(f32, f32); 4], min_side: f32, cut: bool) -> Option<f32> {
    let side = |n: usize| {
        let (p, q) = (corners[n], corners[(n + 1) % 4]);
        ((q.0 - p.0).powi(2) + (q.1 - p.1).powi(2)).sqrt()
    };
    let mut turn = 0.0f32;
    let mut area = 0.0;
    for n in 0..4 {
        let (p, q, r) = (corners[n], corners[(n + 1) % 4], corners[(n + 2) % 4]);
        let cross = (q.0 - p.0) * (r.1 - q.1) - (q.1 - p.1) * (r.0 - q.0);
        if turn != 0.0 && cross.signum() != turn.signum() {
            return None;
        }
        turn = cross;
        area += p.0 * q.1 - q.0 * p.1;
    }
    let (one, two) = ((side(0) + side(2)) / 2.0, (side(1) + side(3)) / 2.0);
    let (long, short) = (one.max(two), one.min(two));
    let aspect = long / short.max(1e-3);
    let shaped = cut || (ASPECT_RANGE.0..=ASPECT_RANGE.1).contains(&aspect);
    (shaped && long >= min_side && short >= min_side / ASPECT_RANGE.1).then_some(area.abs() / 2.0)
}

/// Whether every side that is not a frame border has edges along [`MIN_SUPPORT`] of its
/// visible length (and at least a third of it is visible).
fn supported(map: &EdgeMap, quad: &Quad) -> bool {
    let (w, h) = (map.width as f32, map.height as f32);
    (0..4).filter(|&n| quad.border != Some(n)).all(|n| {
        let (p, q) = (quad.corners[n], quad.corners[(n + 1) % 4]);
        let len = ((q.0 - p.0).powi(2) + (q.1 - p.1).powi(2)).sqrt();
        let (dx, dy) = ((q.0 - p.0) / len, (q.1 - p.1) / len);
        let steps = len as usize;
        let (mut seen, mut hits, mut total) = (0usize, 0usize, 0usize);
        // The corners are rounded (3 mm of 85.6): leave out 8 % at each end.
        for s in 0..steps {
            let t = 0.08 + 0.84 * s as f32 / steps.max(1) as f32;
            let (x, y) = (p.0 + t * (q.0 - p.0), p.1 + t * (q.1 - p.1));
            total += 1;
            if x < 2.0 || y < 2.0 || x > w - 3.0 || y > h - 3.0 {
                continue;
            }
            seen += 1;
            if map.edge_near(x, y, -dy, dx, COS_ALONG) {
                hits += 1;
            }
        }
        seen * 3 >= total && hits as f32 >= MIN_SUPPORT * seen as f32
    })
}
