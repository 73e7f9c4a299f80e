//! 照合番号B from the card front in a camera frame (issue 20): find the card's outline
//! ([`find_card`]), correct the perspective ([`Homography`], [`warp_band`]), read the three
//! field bands of [`super::layout::BANDS`] with the [`super::Recogniser`] and a field alphabet,
//! parse and check them ([`FrontCode`]), and agree over frames ([`Agreement`]) before anything
//! is shown. [`FrameReader::read_frame`] does all of it for one camera frame and says what the
//! patient should do ([`Guidance`]).
//!
//! Privacy: only the three bands (birth date, expiry, security code) are ever cut out and read;
//! the name and the address are never read, and the Individual Number is on the back. The code
//! is card data: wiped on drop, redacted in `Debug`, never logged.
//!
//! Pure image code (no imaging crate beyond `image`): why, in `edges.rs`.

mod agreement;
mod edges;
mod finder;
mod guidance;
mod homography;
mod line_crop;
mod lines;
mod parse;
mod reader;
mod refine;
mod sought;
mod stack;

pub use agreement::{Agreed, Agreement, AgreementRules, FieldReadings};
pub use finder::{Sighting, find_card};
pub use guidance::{
    Guidance, MAX_BLUR_MM, MAX_GLARE_SHARE, MAX_MOVE_SHARE, MIN_CARD_PIXELS, MIN_CARD_SHARE, glare,
    glare_share, min_card_width, movement, moving, too_blurred, too_far,
};
pub use homography::{Homography, card_outline, rectify, warp_band};
pub use parse::{
    Birth, BirthForm, CODE_DIGITS, FrontCode, parse_birth, parse_expiry, parse_security_code,
};
pub use reader::{FieldsRead, FrameOutcome, FrameReader, read_card};

use crate::Point;

/// The card's corners in frame pixels, in the order top-left, top-right, bottom-right,
/// bottom-left of the card as printed (when it is shown upside down, [`Self::turned`] is).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CardCorners {
    pub points: [Point; 4],
}

impl CardCorners {
    /// Four corners around a quadrilateral (either way round) ordered clockwise on screen,
    /// starting at the end of a long side such that the side runs as much to the right as it
    /// can: the card as upright as the picture shows it (or upside down: see [`Self::turned`]).
    pub fn ordered(points: [Point; 4]) -> CardCorners {
        let mut p = points;
        let area: f32 = (0..4)
            .map(|i| p[i].x * p[(i + 1) % 4].y - p[(i + 1) % 4].x * p[i].y)
            .sum();
        if area < 0.0 {
            p.reverse();
        }
        let len = |i: usize| distance(p[i], p[(i + 1) % 4]);
        let first_long = usize::from(len(1) + len(3) > len(0) + len(2));
        let start = [first_long, first_long + 2]
            .into_iter()
            .max_by(|&a, &b| {
                let right = |i: usize| (p[(i + 1) % 4].x - p[i].x) / len(i).max(1e-3);
                right(a).total_cmp(&right(b))
            })
            .unwrap_or(0);
        CardCorners {
            points: [0, 1, 2, 3].map(|i| p[(start + i) % 4]),
        }
    }

    /// The same card turned half round (shown upside down).
    pub fn turned(&self) -> CardCorners {
        let p = self.points;
        CardCorners {
            points: [p[2], p[3], p[0], p[1]],
        }
    }

    /// The card's width in frame pixels: the mean of its top and bottom sides.
    pub fn width(&self) -> f32 {
        let p = self.points;
        (distance(p[0], p[1]) + distance(p[3], p[2])) / 2.0
    }
}

fn distance(a: Point, b: Point) -> f32 {
    ((a.x - b.x).powi(2) + (a.y - b.y).powi(2)).sqrt()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pt(x: f32, y: f32) -> Point {
        Point { x, y }
    }

    #[test]
    fn corners_are_ordered_from_the_top_left_clockwise() {
        let want = [
            pt(100.0, 50.0),
            pt(500.0, 70.0),
            pt(490.0, 320.0),
            pt(90.0, 300.0),
        ];
        // Any start, either way round.
        for start in 0..4 {
            for reverse in [false, true] {
                let mut p = [0, 1, 2, 3].map(|i| want[(start + i) % 4]);
                if reverse {
                    p.reverse();
                }
                assert_eq!(CardCorners::ordered(p).points, want, "{start} {reverse}");
            }
        }
        let c = CardCorners::ordered(want);
        assert_eq!(c.turned().points[0], want[2]);
        assert_eq!(c.turned().turned(), c);
        assert!(
            (c.width() - (400.5 + 400.5) / 2.0).abs() < 0.1,
            "{}",
            c.width()
        );
    }

    #[test]
    fn a_card_held_upright_in_portrait_starts_at_a_long_side() {
        // Long sides vertical: the start is on a long side, whichever of the two.
        let p = [
            pt(100.0, 50.0),
            pt(300.0, 50.0),
            pt(300.0, 370.0),
            pt(100.0, 370.0),
        ];
        let c = CardCorners::ordered(p);
        assert!(distance(c.points[0], c.points[1]) > 300.0, "{c:?}");
    }
}
