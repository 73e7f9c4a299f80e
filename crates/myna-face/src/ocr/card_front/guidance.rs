//! What the patient is asked to do, from what one frame shows (and how the card moved since the
//! previous one). Pure functions: the thresholds are starting points, to be tuned on the
//! synthetic photographs (issue 20's benchmark).

use crate::Picture;

use super::CardCorners;

/// A card narrower than this many frame pixels is too far: its print is under ~12 pixels high
/// (a 3 mm line on a card 352 pixels across), where the recogniser starts to misread, the more
/// so in dim light or beside glare. Seen on synthetic photographs at 640×480 (myna-synth,
/// development seed only): one frame each, no card under 45 % of the frame (288 pixels) read
/// right (0 of 8), 4 of 9 from 45 to 50 %, most above; over 3 s of frames with a patient who
/// follows the guidance (100 cards, 2026-12-05), 80 read right at 45 % and 92 at 55 % (352
/// pixels), none wrong either way (docs/card-front-ocr.md §7).
pub const MIN_CARD_PIXELS: f32 = 352.0;
/// Nor may the card be narrower than this share of the frame, whatever its pixels (at 1280×720,
/// the kiosk's card-front frames, this is the rule: 576 pixels). Chosen on synthetic
/// photographs at 1280×720 (docs/card-front-ocr.md §7, "Frames of 1280 by 720"): against 55 %,
/// development seed 2 read 190 of 200 instead of 187 and the held-out set 462 of 500 instead of
/// 459, none wrong either way, the code agreed sooner but more cards given up: a gain within
/// the noise of such sets, UNCONFIRMED for real patients. Closer than ~60 % a real card may
/// leave the camera's focus: UNCONFIRMED for the kiosk's camera.
pub const MIN_CARD_SHARE: f32 = 0.45;
/// Outline blur, in millimetres of the card, above which the print is smeared (strokes are
/// about 0.3 mm wide; a Gaussian of 0.5 mm merges neighbouring strokes of a kanji).
pub const MAX_BLUR_MM: f32 = 0.5;
/// A corner that moved more than this share of the card's width since the previous frame: the
/// card is moving (a blur the outline alone may not show yet, e.g. at a short exposure).
pub const MAX_MOVE_SHARE: f32 = 0.04;
/// A band with more than this share of saturated pixels has glare on it (a white card under
/// good light stays below 250; specular glare clips to 255 in a patch).
pub const MAX_GLARE_SHARE: f32 = 0.02;
/// A pixel is saturated when its darkest channel is at least this bright.
const SATURATED: u8 = 250;

/// What the kiosk asks of the patient for this frame, most urgent first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Guidance {
    /// No card in view: show the card's front to the camera.
    ShowCard,
    /// Part of the card is outside the picture: bring it fully into view.
    CutByEdge,
    /// The card is too small in the picture: bring it closer.
    Closer,
    /// The card is blurred or moving: hold still.
    HoldStill,
    /// Glare on a field: tilt the card a little.
    TiltForGlare,
    /// The card is well in view; reading (the fields have not agreed yet).
    Reading,
    /// The code was read and agreed: show it for confirmation.
    Read,
    /// No agreed reading within the frames allowed: offer typing.
    CouldNotRead,
}

/// Whether the card is too far: narrower than [`MIN_CARD_PIXELS`] or [`MIN_CARD_SHARE`] of the
/// frame.
pub fn too_far(corners: &CardCorners, frame_width: u32) -> bool {
    corners.width() < min_card_width(frame_width)
}

/// The narrowest card read in a frame `frame_width` pixels wide.
pub fn min_card_width(frame_width: u32) -> f32 {
    MIN_CARD_PIXELS.max(MIN_CARD_SHARE * frame_width as f32)
}

/// Whether an outline blur of `blur` frame pixels smears the print (see [`MAX_BLUR_MM`]).
pub fn too_blurred(blur: Option<f32>, corners: &CardCorners) -> bool {
    let pixels_a_mm = corners.width() / 85.6;
    blur.is_some_and(|b| b / pixels_a_mm > MAX_BLUR_MM)
}

/// How far the card moved between two frames: the largest corner shift over the card's width.
pub fn movement(previous: &CardCorners, current: &CardCorners) -> f32 {
    let shift = previous
        .points
        .iter()
        .zip(&current.points)
        .map(|(a, b)| ((a.x - b.x).powi(2) + (a.y - b.y).powi(2)).sqrt())
        .fold(0.0f32, f32::max);
    shift / current.width().max(1.0)
}

/// Whether the card moved too much since the previous frame (see [`MAX_MOVE_SHARE`]). The
/// corners are compared in the same order either way round (a half turn between frames is a
/// large movement anyway).
pub fn moving(previous: Option<&CardCorners>, current: &CardCorners) -> bool {
    previous.is_some_and(|p| movement(p, current) > MAX_MOVE_SHARE)
}

/// The share of saturated pixels in a band crop.
pub fn glare_share(band: &Picture) -> f32 {
    let pixels = band.rgb().chunks_exact(3);
    let total = pixels.len().max(1);
    let saturated = pixels.filter(|p| p.iter().all(|&c| c >= SATURATED)).count();
    saturated as f32 / total as f32
}

/// Whether a band crop has glare on it (see [`MAX_GLARE_SHARE`]).
pub fn glare(band: &Picture) -> bool {
    glare_share(band) > MAX_GLARE_SHARE
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Point;

    fn card(x: f32, y: f32, width: f32) -> CardCorners {
        let h = width / super::super::finder::CARD_ASPECT;
        CardCorners {
            points: [
                Point { x, y },
                Point { x: x + width, y },
                Point {
                    x: x + width,
                    y: y + h,
                },
                Point { x, y: y + h },
            ],
        }
    }

    #[test]
    fn size() {
        assert!(too_far(&card(10.0, 10.0, 340.0), 640));
        assert!(!too_far(&card(10.0, 10.0, 360.0), 640));
        // At 1280 wide the share rules: 45 % is 576 pixels.
        assert!(too_far(&card(10.0, 10.0, 560.0), 1280));
        assert!(!too_far(&card(10.0, 10.0, 590.0), 1280));
    }

    #[test]
    fn blur_is_judged_in_millimetres_of_the_card() {
        // 400 pixels across: 4.67 pixels a millimetre; 0.5 mm is 2.3 pixels.
        let near = card(0.0, 0.0, 400.0);
        assert!(!too_blurred(Some(0.8), &near));
        assert!(!too_blurred(Some(2.2), &near));
        assert!(too_blurred(Some(2.5), &near));
        assert!(!too_blurred(None, &near));
        // The same 2.2 pixels on a card half as wide is twice the blur on the card.
        assert!(too_blurred(Some(2.2), &card(0.0, 0.0, 200.0)));
    }

    #[test]
    fn movement_between_frames() {
        let a = card(100.0, 100.0, 400.0);
        assert!(!moving(None, &a));
        assert!(!moving(Some(&a), &card(103.0, 102.0, 400.0)));
        assert!(moving(Some(&a), &card(130.0, 100.0, 400.0)));
        assert!((movement(&a, &card(120.0, 100.0, 400.0)) - 0.05).abs() < 1e-4);
    }

    #[test]
    fn glare_is_a_share_of_saturated_pixels() {
        let mut rgb = vec![235u8; 100 * 20 * 3];
        assert!(!glare(&Picture::from_rgb(100, 20, rgb.clone()).unwrap()));
        // 1 % of the pixels at 255: a speck, not glare.
        rgb[..20 * 3].fill(255);
        assert!(!glare(&Picture::from_rgb(100, 20, rgb.clone()).unwrap()));
        // 5 %, one channel short of saturation in half of them: 2.5 % counts.
        rgb[..100 * 3].fill(255);
        for px in rgb[..50 * 3].chunks_exact_mut(3) {
            px[2] = 200;
        }
        let band = Picture::from_rgb(100, 20, rgb).unwrap();
        assert!((glare_share(&band) - 0.025).abs() < 1e-6);
        assert!(glare(&band));
    }
}
