//! A side of the card that the line finder did not see. Against a light background a card's
//! short side can give too few edge pixels to make a line (development cards 132 and 184 of
//! seed 2, looked at on 2026-12-05: in one a finger also covers part of it), and without that
//! line no quadrilateral of the card exists. Given the three sides seen, the fourth is sought
//! where a card's proportions put it, on the gradients themselves, at a weaker step than an
//! edge needs.

use super::edges::EdgeMap;
use super::lines::Line;

/// Where the side may lie, as a share of where a flat card's proportions put it: tilt and
/// perspective make a card 0.79–1.29 times as long as it is (as `finder::ASPECT_RANGE`).
const REACH: (f32, f32) = (0.79, 1.29);
/// Turns of the side from its opposite side's angle tried (degrees): perspective.
const TURNS: [f32; 5] = [-6.0, -3.0, 0.0, 3.0, 6.0];
/// Places along the side looked at (its middle 84 %: the corners are rounded).
const PLACES: usize = 40;
/// A place has the side when the gradient across it, towards the card's lighter (or darker)
/// inside, is at least this: after the edge map's blur a clean step of s grey levels gives 3s,
/// so about 5 levels, where an edge needs about 13 (`edges`).
const MIN_STEP: f32 = 16.0;

/// Three sides seen: `a` and `b` nearly opposite, `c` across them; the fourth is sought on the
/// side of `c` that `towards` (+1 or −1 along `c`'s normal) says, about `distance` working
/// pixels from it. `lighter`: the card is lighter than what is around it along the sides seen.
pub(crate) struct Seen<'a> {
    pub a: &'a Line,
    pub b: &'a Line,
    pub c: &'a Line,
    pub towards: f32,
    pub distance: f32,
    pub lighter: bool,
}

/// The fourth side found: its line, and the share of its places in the frame that have it.
pub(crate) struct Sought {
    pub line: Line,
    pub support: f32,
}

/// The line, near where the proportions put it, along which most places step the right way;
/// `None` when `a`, `b` and `c` do not make two corners, or the side would lie mostly outside
/// the frame.
pub(crate) fn seek(map: &EdgeMap, seen: &Seen) -> Option<Sought> {
    let (p, q) = (seen.a.cross(seen.c)?, seen.b.cross(seen.c)?);
    let middle = ((p.0 + q.0) / 2.0, (p.1 + q.1) / 2.0);
    let (nx, ny) = (seen.c.nx * seen.towards, seen.c.ny * seen.towards);
    let from = (REACH.0 * seen.distance).floor() as usize;
    let to = (REACH.1 * seen.distance).ceil() as usize;
    let mut best: Option<Sought> = None;
    for turn in TURNS {
        let (sin, cos) = turn.to_radians().sin_cos();
        // The side's normal, pointing away from the card.
        let (dx, dy) = (nx * cos - ny * sin, nx * sin + ny * cos);
        for t in from..=to {
            let at = (middle.0 + t as f32 * nx, middle.1 + t as f32 * ny);
            let line = Line {
                nx: dx,
                ny: dy,
                rho: dx * at.0 + dy * at.1,
                votes: 0,
            };
            let Some(support) = steps(map, seen, &line) else {
                continue;
            };
            // Ties go to the later line tried: within a turn the farther one (the card's edge lies
            // beyond what is printed on it), and across turns the last turn (UNCONFIRMED whether
            // preferring the least turned would read more; `refine` straightens the side).
            if best.as_ref().is_none_or(|b| support >= b.support) {
                best = Some(Sought { line, support });
            }
        }
    }
    best
}

/// The share of the places along `line` between `seen.a` and `seen.b` (those in the frame, at
/// least two thirds of them) where the frame steps towards the card's inside as the sides seen
/// do.
fn steps(map: &EdgeMap, seen: &Seen, line: &Line) -> Option<f32> {
    let (p, q) = (line.cross(seen.a)?, line.cross(seen.b)?);
    // Towards the inside (against the normal), lighter, for a lighter card.
    let sign = if seen.lighter { -1.0 } else { 1.0 };
    let (mut inside, mut have) = (0usize, 0usize);
    for k in 0..PLACES {
        let f = 0.08 + 0.84 * (k as f32 + 0.5) / PLACES as f32;
        let (x, y) = (p.0 + f * (q.0 - p.0), p.1 + f * (q.1 - p.1));
        let (px, py) = (x.floor() as i64, y.floor() as i64);
        if px < 1 || py < 1 || px >= map.width as i64 - 1 || py >= map.height as i64 - 1 {
            continue;
        }
        inside += 1;
        let i = py as usize * map.width + px as usize;
        let across = sign * (map.gx[i] * line.nx + map.gy[i] * line.ny);
        have += usize::from(across >= MIN_STEP);
    }
    (3 * inside >= 2 * PLACES).then(|| have as f32 / inside as f32)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ocr::card_front::edges::light_box_beside;

    fn line(nx: f32, ny: f32, rho: f32) -> Line {
        Line {
            nx,
            ny,
            rho,
            votes: 0,
        }
    }

    #[test]
    fn a_faint_short_side_is_found_where_the_proportions_put_it() {
        // Working pixels: the box is 100..250 × 50..150; its right side steps 220 → 214.
        let map = EdgeMap::new(&light_box_beside(214));
        let (top, bottom, left) = (
            line(0.0, 1.0, 50.0),
            line(0.0, 1.0, 150.0),
            line(1.0, 0.0, 100.0),
        );
        let seen = Seen {
            a: &top,
            b: &bottom,
            c: &left,
            towards: 1.0,
            distance: 100.0 * 85.6 / 54.0,
            lighter: true,
        };
        let sought = seek(&map, &seen).unwrap_or_else(|| panic!("nothing sought"));
        assert!(
            (sought.line.rho - 250.0).abs() <= 1.5 && sought.line.nx > 0.99,
            "{:?}",
            sought.line
        );
        assert!(sought.support > 0.9, "{}", sought.support);
        // No step at all there: nothing has the side.
        let map = EdgeMap::new(&light_box_beside(220));
        let sought = seek(&map, &seen).unwrap_or_else(|| panic!("nothing sought"));
        assert!(sought.support < 0.1, "{}", sought.support);
        // Sought on the wrong side of `c`: outside the frame.
        let away = Seen {
            towards: -1.0,
            ..seen
        };
        assert!(seek(&map, &away).is_none());
    }
}
