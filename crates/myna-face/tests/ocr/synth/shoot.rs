//! The photographs: deterministic, at the camera's size, and the corners they report are where
//! the card is.

use myna_face::Picture;
use myna_face::ocr::layout::{CARD_HEIGHT, CARD_WIDTH};
use myna_synth::card_front::CardFront;
use myna_synth::geometry::Point;
use myna_synth::photograph::{self, Conditions, FRAME_HEIGHT, FRAME_WIDTH, Finger};
use myna_synth::raster::Extent;
use myna_synth::set;

fn plain_card(rgb: [u8; 3]) -> Picture {
    let pixels = (CARD_WIDTH * CARD_HEIGHT) as usize;
    Picture::from_rgb(CARD_WIDTH, CARD_HEIGHT, rgb.repeat(pixels)).unwrap()
}

fn pixel(p: &Picture, (x, y): Point) -> [i32; 3] {
    let i = (y as usize * p.width() as usize + x as usize) * 3;
    [0, 1, 2].map(|c| i32::from(p.rgb()[i + c]))
}

/// Where the diagonals cross: the card's centre under any perspective.
fn centre(c: &[Point; 4]) -> Point {
    let (p, r) = (c[0], (c[2].0 - c[0].0, c[2].1 - c[0].1));
    let (q, s) = (c[1], (c[3].0 - c[1].0, c[3].1 - c[1].1));
    let cross = |a: Point, b: Point| a.0 * b.1 - a.1 * b.0;
    let t = cross((q.0 - p.0, q.1 - p.1), s) / cross(r, s);
    (p.0 + t * r.0, p.1 + t * r.1)
}

#[test]
fn the_corners_are_where_the_card_is() {
    let (red, green) = (plain_card([220, 30, 30]), plain_card([30, 220, 30]));
    let conditions = Conditions::clean();
    for seed in 0..12 {
        // Same scene, two card colours: the card's pixels differ, the desk's do not.
        let a = photograph::shoot(&red, seed, &conditions).unwrap();
        let b = photograph::shoot(&green, seed, &conditions).unwrap();
        assert_eq!(a.corners, b.corners);
        assert_eq!(
            (a.picture.width(), a.picture.height()),
            (FRAME_WIDTH as u32, FRAME_HEIGHT as u32)
        );
        let mid = centre(&a.corners);
        let (pa, pb) = (pixel(&a.picture, mid), pixel(&b.picture, mid));
        assert!(
            pa[0] - pb[0] > 100 && pb[1] - pa[1] > 100,
            "seed {seed}: centre {mid:?} {pa:?} {pb:?}"
        );
        // 12 pixels beyond each corner (along the diagonal) and each edge's middle: the desk.
        let mut outside: Vec<Point> = Vec::new();
        for (i, c) in a.corners.iter().enumerate() {
            let n = a.corners[(i + 1) % 4];
            for p in [*c, ((c.0 + n.0) / 2.0, (c.1 + n.1) / 2.0)] {
                let (dx, dy) = (p.0 - mid.0, p.1 - mid.1);
                let len = (dx * dx + dy * dy).sqrt();
                outside.push((p.0 + 12.0 * dx / len, p.1 + 12.0 * dy / len));
            }
        }
        for p in outside {
            let (pa, pb) = (pixel(&a.picture, p), pixel(&b.picture, p));
            let diff = (0..3).map(|c| (pa[c] - pb[c]).abs()).max().unwrap();
            assert!(
                diff < 30,
                "seed {seed}: {p:?} outside the card differs: {pa:?} {pb:?}"
            );
        }
    }
}

#[test]
fn the_same_seed_gives_the_same_bytes_and_another_seed_others() {
    let Some(renderer) = super::renderer() else {
        return;
    };
    let card = renderer.render(&CardFront::random(3), 3).unwrap().picture;
    let conditions = Conditions::readable();
    let a = photograph::shoot(&card, 3, &conditions).unwrap();
    let b = photograph::shoot(&card, 3, &conditions).unwrap();
    let c = photograph::shoot(&card, 4, &conditions).unwrap();
    assert!(a.jpeg == b.jpeg);
    assert_eq!(a.corners, b.corners);
    assert!(a.jpeg != c.jpeg);
    assert_ne!(a.corners, c.corners);
}

#[test]
fn a_sequence_moves_a_little_from_frame_to_frame() {
    let card = plain_card([240, 240, 235]);
    let frames = photograph::shoot_frames(&card, 5, &Conditions::readable(), 10).unwrap();
    assert_eq!(frames.len(), 10);
    for pair in frames.windows(2) {
        let moved = (0..4)
            .map(|i| {
                let (a, b) = (pair[0].corners[i], pair[1].corners[i]);
                ((a.0 - b.0).powi(2) + (a.1 - b.1).powi(2)).sqrt()
            })
            .fold(0.0f32, f32::max);
        assert!(moved > 0.0 && moved < 40.0, "a corner moved {moved} pixels");
        for (x, y) in pair[1].corners {
            assert!(
                (0.0..FRAME_WIDTH as f32).contains(&x) && (0.0..FRAME_HEIGHT as f32).contains(&y)
            );
        }
    }
}

#[test]
fn a_set_on_disk_has_its_frames_and_truth() {
    let Some(renderer) = super::renderer() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let options = set::Options {
        seed: 11,
        count: 2,
        frames: 3,
        flat: false,
    };
    set::write(renderer, dir.path(), &options, &Conditions::readable()).unwrap();
    let truth = std::fs::read_to_string(dir.path().join("truth.tsv")).unwrap();
    let lines: Vec<&str> = truth.lines().collect();
    assert_eq!(lines[0], set::TRUTH_HEADER);
    assert_eq!(lines.len(), 1 + 2 * 3);
    for line in &lines[1..] {
        let cols: Vec<&str> = line.split('\t').collect();
        assert_eq!(cols.len(), 13, "{line}");
        let frame = std::fs::read(dir.path().join(cols[0])).unwrap();
        let picture = Picture::decode(&frame).unwrap();
        assert_eq!(picture.width(), FRAME_WIDTH as u32);
        assert_eq!(cols[1].len(), 14);
        assert!(
            cols[2..10].iter().all(|v| v.parse::<f32>().is_ok()),
            "{line}"
        );
    }
    assert!(lines[1].starts_with("0000/frame-00.jpg\t"));
}

/// Width of the card's outline in the frame (the longer of its top and bottom sides).
fn outline_width(c: &[Point; 4]) -> f32 {
    let side = |a: Point, b: Point| ((b.0 - a.0).powi(2) + (b.1 - a.1).powi(2)).sqrt();
    side(c[0], c[1]).max(side(c[3], c[2]))
}

#[test]
fn the_virtual_patient_does_what_the_screen_asks_after_half_a_second() {
    use photograph::{Asked, HeldCard, REACTION_FRAMES};
    let card = plain_card([200, 200, 200]);
    let conditions = Conditions {
        fill: (0.3, 0.35),
        ..Conditions::clean()
    };
    for seed in 0..4 {
        // Asked nothing: the frames of a patient who ignores the screen.
        let ignoring = photograph::shoot_frames(&card, seed, &conditions, 3).unwrap();
        let mut held = HeldCard::new(&card, seed, &conditions).unwrap();
        for shot in &ignoring {
            assert_eq!(held.next_corners(Asked::Nothing), shot.corners);
        }
        // Asked to come closer: hardly any change while the patient takes it in, then the card
        // grows frame by frame, never beyond the frame.
        let before = outline_width(&ignoring[2].corners);
        let mut widths = Vec::new();
        for _ in 0..REACTION_FRAMES + 10 {
            let corners = held.next_corners(Asked::Closer);
            assert!(
                corners
                    .iter()
                    .all(|p| (0.0..FRAME_WIDTH as f32).contains(&p.0)
                        && (0.0..FRAME_HEIGHT as f32).contains(&p.1)),
                "seed {seed}: {corners:?}"
            );
            widths.push(outline_width(&corners));
        }
        let reacting = REACTION_FRAMES as usize - 1;
        assert!(
            widths[..reacting]
                .iter()
                .all(|w| (w / before - 1.0).abs() < 0.08),
            "seed {seed}: moved before reacting: {before} {widths:?}"
        );
        assert!(
            widths[widths.len() - 1] > 1.5 * before,
            "seed {seed}: not closer: {before} {widths:?}"
        );
    }
}

/// A finger of a readable photograph never covers a field: every point of its axis is farther
/// from each band than its radius (sampled here, not by the placement's own distance).
#[test]
fn a_readable_finger_keeps_off_the_print() {
    let c = Conditions::readable();
    let distance = |(x, y): Point, e: &Extent| {
        let dx = (e.left - x).max(x - e.right).max(0.0);
        let dy = (e.top - y).max(y - e.bottom).max(0.0);
        (dx * dx + dy * dy).sqrt()
    };
    let mut fingers = 0;
    for seed in 0..200 {
        let Some(f) = Finger::random(seed, &c.keep_clear) else {
            continue;
        };
        fingers += 1;
        for e in &c.keep_clear {
            for i in 0..=10_000 {
                let t = i as f32 / 10_000.0;
                let p = (
                    f.base.0 + (f.tip.0 - f.base.0) * t,
                    f.base.1 + (f.tip.1 - f.base.1) * t,
                );
                assert!(distance(p, e) > f.radius, "{f:?} over {e:?}");
            }
        }
    }
    assert!(fingers > 150, "only {fingers} of 200 found a place");
}
