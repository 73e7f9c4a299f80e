//! Straight lines through the edge map: a Hough transform where each edge pixel votes only for
//! the few angles its own gradient allows (a few votes a pixel instead of 180), then the
//! strongest separate peaks.

use super::edges::EdgeMap;

/// Angle bins: 1° each over half a turn (a line and its opposite normal are one line).
const ANGLES: usize = 180;
/// An edge pixel votes for its gradient's angle ± this many bins: the Sobel angle is a few
/// degrees off on short or blurred edges.
const SPREAD: i64 = 2;
/// At most this many lines go on to the quadrilateral search (pairs of pairs grow fast).
pub(crate) const MAX_LINES: usize = 36;
/// Peaks closer than this (degrees, working pixels) are one line.
const SAME_ANGLE: usize = 4;
const SAME_OFFSET: f32 = 5.0;

/// A line `x·nx + y·ny = rho` in working pixels (unit normal), with its votes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Line {
    pub nx: f32,
    pub ny: f32,
    pub rho: f32,
    pub votes: u32,
}

impl Line {
    /// Where two lines cross; `None` when (nearly) parallel.
    pub fn cross(&self, other: &Line) -> Option<(f32, f32)> {
        let det = self.nx * other.ny - self.ny * other.nx;
        if det.abs() < 1e-3 {
            return None;
        }
        Some((
            (self.rho * other.ny - self.ny * other.rho) / det,
            (self.nx * other.rho - self.rho * other.nx) / det,
        ))
    }

    /// |cos| of the angle between the two lines' normals (1: parallel).
    pub fn parallelism(&self, other: &Line) -> f32 {
        (self.nx * other.nx + self.ny * other.ny).abs()
    }
}

/// The strongest lines with at least `min_votes` edge pixels on them, strongest first.
pub(crate) fn find_lines(map: &EdgeMap, min_votes: u32) -> Vec<Line> {
    let diag = ((map.width * map.width + map.height * map.height) as f32)
        .sqrt()
        .ceil() as i64;
    let offsets = (2 * diag + 1) as usize;
    let table: Vec<(f32, f32)> = (0..ANGLES)
        .map(|a| {
            let t = (a as f32).to_radians();
            (t.cos(), t.sin())
        })
        .collect();
    let mut votes = vec![0u16; ANGLES * offsets];
    for y in 0..map.height {
        for x in 0..map.width {
            let i = y * map.width + x;
            if !map.edge[i] {
                continue;
            }
            let angle = map.gy[i].atan2(map.gx[i]).to_degrees().round() as i64;
            let (px, py) = (x as f32 + 0.5, y as f32 + 0.5);
            for a in angle - SPREAD..=angle + SPREAD {
                let a = a.rem_euclid(ANGLES as i64) as usize;
                let (c, s) = table[a];
                let rho = (px * c + py * s).round() as i64 + diag;
                let cell = &mut votes[a * offsets + rho as usize];
                *cell = cell.saturating_add(1);
            }
        }
    }
    let mut peaks: Vec<(u16, usize, usize)> = Vec::new();
    for a in 0..ANGLES {
        for r in 0..offsets {
            let v = votes[a * offsets + r];
            if u32::from(v) >= min_votes && is_local_max(&votes, offsets, a, r) {
                peaks.push((v, a, r));
            }
        }
    }
    peaks.sort_by_key(|p| std::cmp::Reverse(p.0));
    let mut lines: Vec<Line> = Vec::new();
    for (v, a, r) in peaks {
        let (nx, ny) = table[a];
        let line = Line {
            nx,
            ny,
            rho: (r as i64 - diag) as f32,
            votes: u32::from(v),
        };
        if !lines.iter().any(|l| same_line(l, &line)) {
            lines.push(line);
            if lines.len() == MAX_LINES {
                break;
            }
        }
    }
    lines
}

/// Whether no neighbour (±2 angle bins, ±2 offsets, same angle wrap aside) has more votes;
/// ties go to the first.
fn is_local_max(votes: &[u16], offsets: usize, a: usize, r: usize) -> bool {
    let v = votes[a * offsets + r];
    for da in -2i64..=2 {
        let na = a as i64 + da;
        if na < 0 || na >= ANGLES as i64 {
            continue;
        }
        for dr in -2i64..=2 {
            let nr = r as i64 + dr;
            if nr < 0 || nr >= offsets as i64 || (da == 0 && dr == 0) {
                continue;
            }
            let w = votes[na as usize * offsets + nr as usize];
            let earlier = (da, dr) < (0, 0);
            if w > v || (w == v && earlier) {
                return false;
            }
        }
    }
    true
}

/// Two peaks for one line: nearly the same angle and offset (across the 0°/180° wrap too).
fn same_line(a: &Line, b: &Line) -> bool {
    let cos = a.nx * b.nx + a.ny * b.ny;
    if cos.abs() < (SAME_ANGLE as f32).to_radians().cos() {
        return false;
    }
    let rho_b = if cos < 0.0 { -b.rho } else { b.rho };
    (a.rho - rho_b).abs() <= SAME_OFFSET
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ocr::card_front::edges::light_box;

    #[test]
    fn a_rectangle_gives_its_four_sides_first() {
        let map = EdgeMap::new(&light_box());
        let lines = find_lines(&map, 20);
        assert!(lines.len() >= 4, "{lines:?}");
        // Working pixels: x = 100 and 250, y = 50 and 150 (edges lie between pixels).
        let mut found: Vec<(bool, f32)> = lines[..4]
            .iter()
            .map(|l| {
                let vertical = l.nx.abs() > 0.99;
                (vertical, (l.rho * if vertical { l.nx } else { l.ny }).abs())
            })
            .collect();
        found.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)));
        let want = [(false, 50.0), (false, 150.0), (true, 100.0), (true, 250.0)];
        for ((v, r), (wv, wr)) in found.iter().zip(want) {
            assert!(*v == wv && (r - wr).abs() <= 1.5, "{found:?}");
        }
        let (top, left) = (
            lines.iter().find(|l| l.ny.abs() > 0.99).unwrap(),
            lines.iter().find(|l| l.nx.abs() > 0.99).unwrap(),
        );
        assert!(top.cross(left).is_some() && top.parallelism(left) < 0.01);
    }
}
