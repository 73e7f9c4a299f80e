//! A band's crops from the last few reading frames, laid over each other: the median of each
//! pixel keeps the print, which stays put on the card, and drops what changes from frame to
//! frame: the camera's noise in dim light, and glare, which slides over the card as the hand
//! moves. Read beside the frame's own crop when the band's last reading was not sure
//! (`reader::read_band`; docs/card-front-ocr.md §7).
//!
//! The crops are in the card's own pixels (`warp_band`), so a card moved in the frame still
//! lands in the same place; what is left to align is the outline's error of a few pixels, found
//! by trying small shifts. Card data: the crops are wiped on drop (`Picture`) and held only
//! while one patient's card is read.

use std::collections::VecDeque;

use zeroize::Zeroizing;

use crate::{FaceError, Picture};

/// Crops kept: at ~7 reading frames a second, the last ~0.7 s (the agreement's window).
const DEPTH: usize = 5;
/// Crops needed before a median is read: of two, the (lower) median is only the darker.
const LEAST: usize = 3;
/// Shifts tried when aligning a crop on the latest, in card pixels each way (0.6 mm): the
/// finder's corners are off by up to ~4 frame pixels, about as many card pixels.
const SHIFT: i32 = 6;

/// One band's recent crops with their greys, latest last; all of one size (the band's).
#[derive(Default)]
pub(crate) struct Stack {
    crops: VecDeque<(Picture, Zeroizing<Vec<u8>>)>,
    /// Whether the band's last reading was sure (else the next frame's median is read as well).
    pub(crate) last_sure: bool,
}

impl Stack {
    /// Adds this frame's crop, dropping the oldest beyond [`DEPTH`]. A crop of another size
    /// (not one of the band's) starts the stack again: [`Self::median`] relies on one size.
    pub(crate) fn push(&mut self, crop: &Picture) {
        if self
            .crops
            .back()
            .is_some_and(|(c, _)| (c.width(), c.height()) != (crop.width(), crop.height()))
        {
            self.crops.clear();
        }
        if self.crops.len() == DEPTH {
            self.crops.pop_front();
        }
        self.crops.push_back((crop.clone(), grey(crop)));
    }

    pub(crate) fn clear(&mut self) {
        self.crops.clear();
        self.last_sure = false;
    }

    /// The median of the crops, each aligned on the latest; `None` with fewer than [`LEAST`].
    /// Of an even count, the lower of the two middle values: print is dark and glare bright, so
    /// a pixel glared in half the crops keeps its ink.
    pub(crate) fn median(&self) -> Result<Option<Picture>, FaceError> {
        let Some((latest, reference)) = self.crops.back() else {
            return Ok(None);
        };
        if self.crops.len() < LEAST {
            return Ok(None);
        }
        let (w, h) = (latest.width() as i32, latest.height() as i32);
        let last = self.crops.len() - 1;
        let shifts: Vec<(i32, i32)> = self
            .crops
            .iter()
            .enumerate()
            .map(|(i, (_, g))| {
                if i == last {
                    (0, 0)
                } else {
                    best_shift(reference, g, w, h)
                }
            })
            .collect();
        let mut rgb = Vec::with_capacity((w * h * 3) as usize);
        let mut values = Zeroizing::new(Vec::with_capacity(self.crops.len()));
        for y in 0..h {
            for x in 0..w {
                for channel in 0..3 {
                    values.clear();
                    for ((crop, _), (dx, dy)) in self.crops.iter().zip(&shifts) {
                        let (sx, sy) = ((x + dx).clamp(0, w - 1), (y + dy).clamp(0, h - 1));
                        values.push(crop.rgb()[((sy * w + sx) * 3 + channel) as usize]);
                    }
                    values.sort_unstable();
                    rgb.push(values[(values.len() - 1) / 2]);
                }
            }
        }
        Picture::from_rgb(w as u32, h as u32, rgb).map(Some)
    }
}

/// Each pixel's grey (wiped on drop, as the crop).
fn grey(p: &Picture) -> Zeroizing<Vec<u8>> {
    Zeroizing::new(p.to_grey().rgb().chunks_exact(3).map(|px| px[0]).collect())
}

/// The shift (dx, dy) within ±[`SHIFT`] such that `crop` at (x + dx, y + dy) best matches
/// `reference` at (x, y): the least sum of absolute differences over the inside of the band,
/// every second pixel.
fn best_shift(reference: &[u8], crop: &[u8], w: i32, h: i32) -> (i32, i32) {
    let mut best = ((0, 0), (u64::MAX, u32::MAX));
    for dy in -SHIFT..=SHIFT {
        for dx in -SHIFT..=SHIFT {
            let mut sum = 0u64;
            for y in (SHIFT..h - SHIFT).step_by(2) {
                for x in (SHIFT..w - SHIFT).step_by(2) {
                    let a = reference[(y * w + x) as usize];
                    let b = crop[((y + dy) * w + x + dx) as usize];
                    sum += u64::from(a.abs_diff(b));
                }
            }
            // Ties go to the smaller shift.
            let key = (sum, dx.unsigned_abs() + dy.unsigned_abs());
            if key < best.1 {
                best = ((dx, dy), key);
            }
        }
    }
    best.0
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A 120×40 band: paper 200 with a dark bar at x 40..80, y 15..25, moved by (dx, dy), with
    /// a white blot (glare) at `glare_x`.
    fn band(dx: i32, dy: i32, glare_x: Option<i32>) -> Picture {
        let (w, h) = (120, 40);
        let mut rgb = Vec::new();
        for y in 0..h {
            for x in 0..w {
                let ink = (40 + dx..80 + dx).contains(&x) && (15 + dy..25 + dy).contains(&y);
                let glared = glare_x.is_some_and(|g| (g..g + 15).contains(&x));
                let v = if glared {
                    255
                } else if ink {
                    30
                } else {
                    200
                };
                rgb.extend([v, v, v]);
            }
        }
        Picture::from_rgb(w as u32, h as u32, rgb).unwrap()
    }

    #[test]
    fn finds_the_shift_between_two_crops() {
        let (a, b) = (grey(&band(0, 0, None)), grey(&band(3, -2, None)));
        assert_eq!(best_shift(&a, &b, 120, 40), (3, -2));
    }

    #[test]
    fn the_median_keeps_the_print_and_drops_glare_that_moves() {
        let mut stack = Stack::default();
        stack.push(&band(2, 1, Some(50)));
        assert!(stack.median().unwrap().is_none(), "one crop is no stack");
        stack.push(&band(-1, 0, Some(10)));
        stack.push(&band(0, 0, Some(90)));
        let m = stack.median().unwrap().unwrap();
        let at = |x: usize, y: usize| m.rgb()[(y * 120 + x) * 3];
        // Aligned on the latest crop (no shift): its bar, without any of the three blots.
        assert_eq!(at(60, 20), 30, "the bar under the first crop's glare");
        assert_eq!(at(95, 5), 200, "the latest crop's glare");
        assert_eq!(at(15, 5), 200, "the second crop's glare");
        assert_eq!(at(45, 20), 30);
        assert_eq!(at(85, 20), 200);
    }

    #[test]
    fn of_an_even_count_the_ink_wins_over_glare() {
        let mut stack = Stack::default();
        for glare_x in [50, 10, 50, 90] {
            stack.push(&band(0, 0, Some(glare_x)));
        }
        let m = stack.median().unwrap().unwrap();
        // Under glare in two of the four crops: the bar's ink, not the glare.
        assert_eq!(m.rgb()[(20 * 120 + 55) * 3], 30);
    }

    #[test]
    fn keeps_the_latest_few() {
        let mut stack = Stack::default();
        for _ in 0..DEPTH + 3 {
            stack.push(&band(0, 0, None));
        }
        assert_eq!(stack.crops.len(), DEPTH);
        stack.push(&Picture::from_rgb(10, 10, vec![0; 300]).unwrap());
        assert_eq!(stack.crops.len(), 1, "another size starts again");
    }
}
