//! The card's outline in a camera frame: of the convex quadrilaterals made of edge lines whose
//! proportions fit an ID-1 card seen at up to about 25° of tilt and whose sides are well covered
//! by edges, the one with the largest area times its sides' cover (the largest, unless a larger
//! one is pieced together from clutter); its corners then refined to a fraction of a pixel on
//! the full frame.
//!
//! Steps: edges at ~320 pixels across (`edges`), lines by a Hough transform (`lines`), the
//! quadrilaterals of two pairs of nearly opposite lines (here) and those of three lines and a
//! fourth side sought where the card's proportions put it (`sought`: a side too faint to make a
//! line), corners refined (`refine`).

use crate::{Picture, Point};

use super::CardCorners;
use super::edges::EdgeMap;
use super::lines::{Line, find_lines};
use super::sought::{Seen, seek};

/// ID-1: 85.6 × 54 mm.
pub(crate) const CARD_ASPECT: f32 = 85.6 / 54.0;
/// Proportions accepted (long side / short side, each the mean of two opposite sides): 1.585
/// foreshortened by a 25° tilt gives 1.44 or 1.75, and perspective adds some more: 1.25–2.05.
const ASPECT_RANGE: (f32, f32) = (CARD_ASPECT * 0.79, CARD_ASPECT * 1.29);
/// Smallest card the finder looks for: a long side of this share of the frame width. Cards
/// from here up to [`super::min_card_width`] are found only to ask the patient to come closer;
/// smaller outlines are too often pieced together from the background.
const MIN_LONG_SIDE: f32 = 0.2;
/// Edge pixels a line needs, as a share of the smallest card's long side: a short side mostly
/// hidden by a finger has few.
const MIN_VOTES: f32 = 0.25;
/// The score kept by a quadrilateral whose inside is lighter along some sides and darker along
/// others.
const MIXED_SIDES: f32 = 0.25;
/// A cut card wins over a whole one only when its score is this many times higher: a card near
/// the frame's edge makes a cut candidate nearly as good as itself (three of its sides and the
/// border), which must not hide it.
const CUT_OVER_WHOLE: f32 = 2.0;
/// A card cut by the frame's edge (a side not seen) is reported only when what is seen is at
/// least this share of the frame's area: half of a card at the reading distance (45 % of the
/// frame wide: 0.128 of the area). Smaller, the three sides could be any box hanging off the
/// edge, and "bring the card into view" would be asked when no card is shown.
const MIN_CUT_AREA: f32 = 0.064;
/// Opposite sides may converge by this much under perspective (cos 30°).
const PARALLEL: f32 = 0.866;
/// Neighbouring sides meet at more than 50° (cos 50°).
const CROSSING: f32 = 0.643;
/// Share of a side (corners aside) that must have an edge along it: fingers hold the card by
/// its edges, so not all of it.
const MIN_SUPPORT: f32 = 0.5;
/// One side of a whole card may be mostly hidden (a finger along it, glare beside it) when the
/// other three are well covered: it needs only this share, they [`MIN_OTHER_SIDES`].
const MIN_HIDDEN_SIDE: f32 = 0.25;
const MIN_OTHER_SIDES: f32 = 0.7;
/// A cut card is held close: its three sides in view must be well covered, all lighter (or
/// darker) inside, else three edges of background meeting the frame's edge would ask the
/// patient to bring a card into view that is not there.
const MIN_CUT_SUPPORT: f32 = 0.75;
/// Cards with a side not among the lines whose fourth side is sought (`sought`), at most.
const MAX_SOUGHT: usize = 4;
/// A sought side counts as a side this much hidden (times its share of places that have it):
/// a card found from three lines is less sure than one found from four.
const SOUGHT_SIDE: f32 = 0.5;
/// An edge pixel counts for a side when its gradient is within 20° of the side's normal.
const COS_ALONG: f32 = 0.94;

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

/// Finds the card in `frame`. Measured at 640×480 (tests/ocr `finder_timing`): 42–56 ms in the
/// dev profile on the loaded 2-core machine, most of it the edge map at opt-level 0; the
/// release build (opt-level 3) was not measured.
pub fn find_card(frame: &Picture) -> Sighting {
    let map = EdgeMap::new(frame);
    let (w, h) = (map.width as f32, map.height as f32);
    let min_side = MIN_LONG_SIDE * w;
    let mut lines: Vec<(Line, Option<Profile>)> = find_lines(&map, (min_side * MIN_VOTES) as u32)
        .into_iter()
        .map(|l| (l, Some(Profile::new(&map, &l))))
        .collect();
    // The frame's own borders stand in for a side that lies outside (the card is cut).
    for (nx, ny, rho) in [
        (1.0, 0.0, 0.0),
        (1.0, 0.0, w),
        (0.0, 1.0, 0.0),
        (0.0, 1.0, h),
    ] {
        let border = Line {
            nx,
            ny,
            rho,
            votes: 0,
        };
        lines.push((border, None));
    }
    let (whole, cut) = best_quads(&map, &lines, min_side);
    // A cut card scoring better wins over a whole quadrilateral pieced together elsewhere
    // (seen: the card's one visible long side closing a box of background).
    let whole = whole.filter(|q| {
        cut.as_ref()
            .is_none_or(|c| c.score <= CUT_OVER_WHOLE * q.score)
    });
    let in_frame = |(x, y): (f32, f32)| Point {
        x: x * map.scale,
        y: y * map.scale,
    };
    if let Some(quad) = whole {
        let corners = CardCorners::ordered(quad.corners.map(in_frame));
        let (corners, blur) = super::refine::refine(frame, &corners, map.scale);
        return Sighting::Card { corners, blur };
    }
    match cut {
        Some(quad) if quad.border.is_none() => {
            Sighting::CutByEdge(Some(CardCorners::ordered(quad.corners.map(in_frame))))
        }
        Some(_) => Sighting::CutByEdge(None),
        None => Sighting::NoCard,
    }
}

/// Which places along a line have an edge running along it, as running counts so that any
/// stretch of the line is judged in constant time: the place `t` is at `rho·n + t·(−ny, nx)`.
struct Profile {
    /// `t` of the first place.
    start: f32,
    /// Places inside the frame, edges with the gradient along the normal, against it.
    seen: Vec<u32>,
    along: Vec<u32>,
    against: Vec<u32>,
}

impl Profile {
    fn new(map: &EdgeMap, line: &Line) -> Profile {
        let (w, h) = (map.width as f32, map.height as f32);
        let reach = (w * w + h * h).sqrt().ceil();
        let places = 2 * reach as usize;
        let mut p = Profile {
            start: -reach,
            seen: Vec::with_capacity(places + 1),
            along: Vec::with_capacity(places + 1),
            against: Vec::with_capacity(places + 1),
        };
        let (mut seen, mut along, mut against) = (0, 0, 0);
        for list in [&mut p.seen, &mut p.along, &mut p.against] {
            list.push(0);
        }
        for i in 0..places {
            let t = -reach + i as f32 + 0.5;
            let (x, y) = (
                line.rho * line.nx - t * line.ny,
                line.rho * line.ny + t * line.nx,
            );
            if x >= 2.0 && y >= 2.0 && x <= w - 3.0 && y <= h - 3.0 {
                seen += 1;
                let (a, b) = map.edge_near(x, y, line.nx, line.ny, COS_ALONG);
                along += u32::from(a);
                against += u32::from(b);
            }
            p.seen.push(seen);
            p.along.push(along);
            p.against.push(against);
        }
        p
    }

    /// The share of the stretch between `from` and `to` (points on the line) that lies in the
    /// frame, and the shares of that with an edge along it whose gradient runs along the
    /// normal, and against it; the ends left out (the corners are rounded: 3 mm of 85.6).
    fn support(&self, line: &Line, from: (f32, f32), to: (f32, f32)) -> (f32, f32, f32) {
        let t = |p: (f32, f32)| -p.0 * line.ny + p.1 * line.nx;
        let (a, b) = (t(from).min(t(to)), t(from).max(t(to)));
        let (a, b) = (a + 0.08 * (b - a), b - 0.08 * (b - a));
        let last = self.seen.len() - 1;
        let index = |t: f32| ((t - self.start).max(0.0) as usize).min(last);
        let (i, j) = (index(a), index(b));
        let total = (j - i).max(1) as f32;
        let seen = (self.seen[j] - self.seen[i]) as f32;
        let share = |run: &[u32]| {
            if seen > 0.0 {
                (run[j] - run[i]) as f32 / seen
            } else {
                0.0
            }
        };
        (seen / total, share(&self.along), share(&self.against))
    }

    /// [`Self::support`] as seen from a card centred at `centre`: the share in the frame, and
    /// the shares with an edge whose inside is the lighter, and the darker.
    fn cover(
        &self,
        line: &Line,
        from: (f32, f32),
        to: (f32, f32),
        centre: (f32, f32),
    ) -> (f32, f32, f32) {
        let (visible, along, against) = self.support(line, from, to);
        if line.nx * centre.0 + line.ny * centre.1 > line.rho {
            (visible, along, against)
        } else {
            (visible, against, along)
        }
    }
}

/// A candidate: four corners (working pixels, in order around it), which of its sides is a
/// frame border (if any), its score.
struct Quad {
    corners: [(f32, f32); 4],
    border: Option<usize>,
    score: f32,
}

/// Of every quadrilateral of two pairs of opposite lines with a card's shape and every side
/// well covered by edges: the best whole one, and the best one cut by the frame (a corner
/// outside, or a frame border for a side). Best: the largest area times the product of the
/// sides' support, so that a line pieced together from clutter, or a side hidden by fingers,
/// counts for less.
fn best_quads(
    map: &EdgeMap,
    lines: &[(Line, Option<Profile>)],
    min_side: f32,
) -> (Option<Quad>, Option<Quad>) {
    let (w, h) = (map.width as f32, map.height as f32);
    let centre = (w / 2.0, h / 2.0);
    let is_border = |i: usize| lines[i].1.is_none();
    let mut pairs = Vec::new();
    for i in 0..lines.len() {
        for j in i + 1..lines.len() {
            let (a, b) = (&lines[i].0, &lines[j].0);
            if is_border(i) && is_border(j) || a.parallelism(b) < PARALLEL {
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
    let (mut whole, mut cut): (Option<Quad>, Option<Quad>) = (None, None);
    for (k, &(a, b)) in pairs.iter().enumerate() {
        for &(c, d) in &pairs[k + 1..] {
            let ids = [a, c, b, d];
            if ids.iter().filter(|&&i| is_border(i)).count() > 1
                || lines[a].0.parallelism(&lines[c].0) > CROSSING
                || [c, d].contains(&a)
                || [c, d].contains(&b)
            {
                continue;
            }
            // Corner n lies between lines ids[n] and ids[n + 1]; side n runs along ids[n + 1].
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
            let border = (0..4).find(|&n| is_border(ids[(n + 1) % 4]));
            let Some(area) = ok
                .then(|| card_shaped(&corners, min_side, border))
                .flatten()
                .filter(|&area| border.is_none() || area >= MIN_CUT_AREA * w * h)
            else {
                continue;
            };
            // A border stands in for a side not seen: it counts as a side half covered.
            let mut score = if border.is_some() { 0.5 * area } else { area };
            let centre = centroid(&corners);
            // Sides whose inside is the lighter, and the darker; a side mostly hidden (whole
            // cards only), and the least support of the others.
            let (mut lighter, mut darker) = (0, 0);
            let (mut hidden, mut least_other) = (false, 1.0f32);
            for n in 0..4 {
                let (line, profile) = &lines[ids[(n + 1) % 4]];
                let Some(profile) = profile else { continue };
                let (visible, light, dark) =
                    profile.cover(line, corners[n], corners[(n + 1) % 4], centre);
                let support = light.max(dark);
                let least = if border.is_some() {
                    MIN_CUT_SUPPORT
                } else {
                    MIN_SUPPORT
                };
                let may_hide = border.is_none() && !hidden && support >= MIN_HIDDEN_SIDE;
                if visible < 1.0 / 3.0 || (support < least && !may_hide) {
                    score = 0.0;
                    break;
                }
                if support < least {
                    hidden = true;
                } else {
                    least_other = least_other.min(support);
                }
                if light >= dark {
                    lighter += 1;
                } else {
                    darker += 1;
                }
                score *= support;
            }
            // A card is one thing lighter (or darker) than what is around it, all round; a
            // quadrilateral pieced together from the edges of several things mostly is not. A
            // card against a background lighter on one side only still counts, for less.
            if lighter > 0 && darker > 0 {
                if border.is_some() {
                    continue;
                }
                score *= MIXED_SIDES;
            }
            if score <= 0.0 || (hidden && least_other < MIN_OTHER_SIDES) {
                continue;
            }
            let inside = corners.iter().all(|&p| in_frame(p, w, h));
            let slot = if border.is_none() && inside {
                &mut whole
            } else {
                &mut cut
            };
            if slot.as_ref().is_none_or(|q| q.score < score) {
                *slot = Some(Quad {
                    corners,
                    border,
                    score,
                });
            }
        }
    }
    if let Some(quad) = best_sought(map, lines, &pairs, min_side)
        && whole.as_ref().is_none_or(|q| q.score < quad.score)
    {
        whole = Some(quad);
    }
    (whole, cut)
}

/// The best whole card of three sides among the lines, well covered and all lighter (or all
/// darker) inside, and a fourth sought where a card's proportions put it (`sought`): for the
/// [`MAX_SOUGHT`] likeliest of them (the largest area times their cover, the fourth placed
/// parallel to its opposite side). Scored as a whole card whose fourth side counts for
/// [`SOUGHT_SIDE`] times its share of places that step the right way.
fn best_sought(
    map: &EdgeMap,
    lines: &[(Line, Option<Profile>)],
    pairs: &[(usize, usize)],
    min_side: f32,
) -> Option<Quad> {
    let (w, h) = (map.width as f32, map.height as f32);
    // The corners of a, c, b and d in turn, and the area times the cover of a, b and c (all
    // inside lighter, or all darker, each at least MIN_OTHER_SIDES); `None` when not
    // card-shaped.
    let closed = |a: usize, b: usize, c: usize, d: &Line, lighter: Option<bool>| {
        let (la, lb, lc) = (&lines[a].0, &lines[b].0, &lines[c].0);
        let corners = [la.cross(lc)?, lb.cross(lc)?, lb.cross(d)?, la.cross(d)?];
        if !corners.iter().all(|&p| in_frame(p, w, h)) {
            return None;
        }
        let area = card_shaped(&corners, min_side, None)?;
        let centre = centroid(&corners);
        let mut lighter = lighter;
        let mut weight = area;
        for (line, from, to) in [(c, 0, 1), (b, 1, 2), (a, 3, 0)] {
            let (line, profile) = (&lines[line].0, lines[line].1.as_ref()?);
            let (visible, light, dark) = profile.cover(line, corners[from], corners[to], centre);
            let light_inside = *lighter.get_or_insert(light >= dark);
            let side = if light_inside { light } else { dark };
            if visible < 0.9 || side < MIN_OTHER_SIDES {
                return None;
            }
            weight *= side;
        }
        Some((corners, weight, lighter?))
    };
    let mut likely = Vec::new();
    for &(a, b) in pairs {
        for (c, (lc, _)) in lines.iter().enumerate() {
            if [a, b].contains(&c)
                || lines[a].0.parallelism(lc) > CROSSING
                || lines[b].0.parallelism(lc) > CROSSING
            {
                continue;
            }
            let Some(across) = lines[a]
                .0
                .cross(lc)
                .zip(lines[b].0.cross(lc))
                .map(|(p, q)| ((p.0 - q.0).powi(2) + (p.1 - q.1).powi(2)).sqrt())
            else {
                continue;
            };
            for towards in [1.0, -1.0] {
                for distance in [across * CARD_ASPECT, across / CARD_ASPECT] {
                    let d = Line {
                        rho: lc.rho + towards * distance,
                        ..*lc
                    };
                    if let Some((_, score, lighter)) = closed(a, b, c, &d, None) {
                        let seen = (a, b, c, towards, distance, lighter);
                        likely.push((score, seen));
                    }
                }
            }
        }
    }
    likely.sort_by(|x, y| y.0.total_cmp(&x.0));
    let mut best: Option<Quad> = None;
    for &(_, (a, b, c, towards, distance, lighter)) in likely.iter().take(MAX_SOUGHT) {
        let seen = Seen {
            a: &lines[a].0,
            b: &lines[b].0,
            c: &lines[c].0,
            towards,
            distance,
            lighter,
        };
        let Some(found) = seek(map, &seen).filter(|f| f.support >= MIN_SUPPORT) else {
            continue;
        };
        let Some((corners, weight, _)) = closed(a, b, c, &found.line, Some(lighter)) else {
            continue;
        };
        let score = weight * SOUGHT_SIDE * found.support;
        if best.as_ref().is_none_or(|q| q.score < score) {
            best = Some(Quad {
                corners,
                border: None,
                score,
            });
        }
    }
    best
}

/// The mean of the four corners.
fn centroid(corners: &[(f32, f32); 4]) -> (f32, f32) {
    (
        corners.iter().map(|c| c.0).sum::<f32>() / 4.0,
        corners.iter().map(|c| c.1).sum::<f32>() / 4.0,
    )
}

/// Whether working pixel `(x, y)` lies in a `w`×`h` frame, 2 pixels in from its edges.
fn in_frame((x, y): (f32, f32), w: f32, h: f32) -> bool {
    x >= 2.0 && y >= 2.0 && x <= w - 2.0 && y <= h - 2.0
}

/// The area when `corners` make a convex quadrilateral of a card's proportions and size. A card
/// cut by the frame (side `border` not seen) needs only the size, and sides running off the
/// frame no longer than a card's long side can be for the side seen whole opposite the border.
fn card_shaped(corners: &[(f32, f32); 4], min_side: f32, border: Option<usize>) -> Option<f32> {
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
    let shaped = match border {
        None => (ASPECT_RANGE.0..=ASPECT_RANGE.1).contains(&(long / short.max(1e-3))),
        Some(b) => {
            let across = (side((b + 1) % 4) + side((b + 3) % 4)) / 2.0;
            across <= ASPECT_RANGE.1 * side((b + 2) % 4)
        }
    };
    (shaped && long >= min_side && short >= min_side / ASPECT_RANGE.1).then_some(area.abs() / 2.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ocr::card_front::edges::{light_box, light_box_beside};

    fn assert_corners(sighting: &Sighting) {
        let Sighting::Card { corners, .. } = sighting else {
            panic!("{sighting:?}");
        };
        let want = [
            (200.0, 100.0),
            (500.0, 100.0),
            (500.0, 300.0),
            (200.0, 300.0),
        ];
        for (got, want) in corners.points.iter().zip(want) {
            assert!(
                (got.x - want.0).abs() < 2.0 && (got.y - want.1).abs() < 2.0,
                "{corners:?}"
            );
        }
    }

    #[test]
    fn a_card_is_found_from_its_four_sides() {
        assert_corners(&find_card(&light_box()));
    }

    #[test]
    fn a_card_whose_short_side_is_too_faint_for_a_line_is_found_from_the_other_three() {
        let frame = light_box_beside(214);
        let map = EdgeMap::new(&frame);
        let lines = find_lines(&map, 10);
        assert!(
            !lines
                .iter()
                .any(|l| l.nx.abs() > 0.99 && (l.rho.abs() - 250.0).abs() < 3.0),
            "the faint side made a line: {lines:?}"
        );
        assert_corners(&find_card(&frame));
    }
}
