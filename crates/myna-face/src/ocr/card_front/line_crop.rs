//! The printed line inside a band, cut close: the bands are generous (field positions are
//! UNCONFIRMED, layout.rs), so a line fills only a third of its band's height, and the
//! recogniser, which scales its input to 48 pixels high, then sees it a third as large as
//! PaddleOCR expects. Cutting to the ink (plus a margin) stays inside the band: nothing else of
//! the card is ever read.

use zeroize::Zeroizing;

use crate::Picture;

/// A row or column is ink when this share of it is dark.
const INK_SHARE: f32 = 0.02;
/// Dark: below the band's paper grey by this share of the paper-to-darkest range.
const INK_DEPTH: f32 = 0.4;
/// Gaps of up to this many rows inside a line (between the strokes of 年 and a digit) are kept.
const ROW_GAP: usize = 2;
/// A column next to the line still holds print when its darkest pixel on the line's rows is
/// below its lightest by this share of the band's paper-to-darkest range.
const FAINT_DEPTH: f32 = 0.2;
/// Margin kept around the ink, as a share of the line's height (PaddleOCR's crops have some).
const MARGIN: f32 = 0.25;

/// The part of `band` that holds its tallest line of print with a margin; `band` itself when
/// nothing stands out from the paper.
pub(crate) fn tighten(band: &Picture) -> Picture {
    let (w, h) = (band.width() as usize, band.height() as usize);
    // Card print: wiped on drop like the crop itself.
    let grey: Zeroizing<Vec<u8>> = Zeroizing::new(
        band.rgb()
            .chunks_exact(3)
            .map(|p| {
                ((77 * u32::from(p[0]) + 150 * u32::from(p[1]) + 29 * u32::from(p[2])) >> 8) as u8
            })
            .collect(),
    );
    let mut sorted = grey.clone();
    sorted.sort_unstable();
    // Print covers well under half a band: the median is paper, the 1st percentile ink.
    let (paper, darkest) = (
        f32::from(sorted[sorted.len() / 2]),
        f32::from(sorted[sorted.len() / 100]),
    );
    if paper - darkest < 30.0 {
        return band.clone();
    }
    let ink = |v: u8| f32::from(v) < paper - INK_DEPTH * (paper - darkest);
    let rows: Vec<bool> = (0..h)
        .map(|y| {
            grey[y * w..][..w].iter().filter(|&&v| ink(v)).count() as f32 >= INK_SHARE * w as f32
        })
        .collect();
    let Some((top, bottom)) = tallest_run(&rows, ROW_GAP) else {
        return band.clone();
    };
    let columns: Vec<bool> = (0..w)
        .map(|x| (top..=bottom).any(|y| ink(grey[y * w + x])))
        .collect();
    let (Some(left), Some(right)) = (
        columns.iter().position(|&c| c),
        columns.iter().rposition(|&c| c),
    ) else {
        return band.clone();
    };
    // Print under a veil of glare is paler than the band's ink, but still darker than the paper
    // above and below it in its own column: the line is followed on through such columns, so that
    // glare over its first digits does not cut them off (seen on the synthetic photographs: an
    // expiry line read from its 4th digit on).
    let faint: Vec<bool> = (0..w)
        .map(|x| {
            let at = |y: usize| grey[y * w + x];
            let lightest = (0..h).map(at).max().unwrap_or(0);
            let darkest_here = (top..=bottom).map(at).min().unwrap_or(255);
            f32::from(lightest.saturating_sub(darkest_here)) >= FAINT_DEPTH * (paper - darkest)
        })
        .collect();
    let gap = bottom - top + 1;
    let (left, right) = (
        follow(&faint, left, gap, false),
        follow(&faint, right, gap, true),
    );
    let margin = ((bottom - top + 1) as f32 * MARGIN).ceil() as usize;
    let (top, bottom) = (top.saturating_sub(margin), (bottom + margin).min(h - 1));
    let (left, right) = (left.saturating_sub(margin), (right + margin).min(w - 1));
    let (cw, ch) = (right - left + 1, bottom - top + 1);
    let mut rgb = Vec::with_capacity(cw * ch * 3);
    for y in top..=bottom {
        rgb.extend_from_slice(&band.rgb()[(y * w + left) * 3..][..cw * 3]);
    }
    Picture::from_rgb(cw as u32, ch as u32, rgb).unwrap_or_else(|_| band.clone())
}

/// From `from`, the farthest column of `faint` reached towards the right (or left) across gaps
/// of at most `gap` columns.
fn follow(faint: &[bool], from: usize, gap: usize, right: bool) -> usize {
    let mut last = from;
    let mut at = from;
    loop {
        let next = if right {
            at.checked_add(1).filter(|&n| n < faint.len())
        } else {
            at.checked_sub(1)
        };
        let Some(next) = next.filter(|&n| n.abs_diff(last) <= gap + 1) else {
            return last;
        };
        if faint[next] {
            last = next;
        }
        at = next;
    }
}

/// The longest run of true (gaps of up to `gap` false inside it), first and last index.
fn tallest_run(rows: &[bool], gap: usize) -> Option<(usize, usize)> {
    let mut best: Option<(usize, usize)> = None;
    let mut start: Option<usize> = None;
    let mut last = 0;
    for (i, &r) in rows.iter().enumerate() {
        if r {
            match start {
                Some(_) if i - last <= gap + 1 => {}
                _ => start = Some(i),
            }
            last = i;
            let s = start.unwrap_or(i);
            if best.is_none_or(|(a, b)| i - s > b - a) {
                best = Some((s, i));
            }
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cuts_to_the_line_with_a_margin() {
        // 200×80 paper with a 100×20 line of ink at (50, 30), and a speck row above.
        let (w, h) = (200usize, 80usize);
        let mut rgb = vec![230u8; w * h * 3];
        for y in 30..50 {
            for x in 50..150 {
                if (x + y) % 3 != 0 {
                    rgb[(y * w + x) * 3..][..3].fill(30);
                }
            }
        }
        for x in 0..10 {
            rgb[(5 * w + x) * 3..][..3].fill(30);
        }
        let band = Picture::from_rgb(w as u32, h as u32, rgb).unwrap();
        let line = tighten(&band);
        // 20 rows of ink, a margin of 5 each way.
        assert_eq!((line.width(), line.height()), (110, 30));
    }

    #[test]
    fn print_under_glare_is_kept_in_the_line() {
        // The same line, its first 30 columns of print paler (200) under a veil of glare that
        // lightens the paper around them (252), and glare over bare paper further left.
        let (w, h) = (200usize, 80usize);
        let mut rgb = vec![230u8; w * h * 3];
        for y in 0..h {
            for x in 0..w {
                let v = match (x, y) {
                    (20..50, 30..50) if (x + y) % 3 != 0 => 200,
                    (50..150, 30..50) if (x + y) % 3 != 0 => 30,
                    (0..50, _) => 252,
                    _ => 230,
                };
                rgb[(y * w + x) * 3..][..3].fill(v);
            }
        }
        let band = Picture::from_rgb(w as u32, h as u32, rgb).unwrap();
        let line = tighten(&band);
        // From column 20 (not 50) to 149, a margin of 5 each way.
        assert_eq!((line.width(), line.height()), (140, 30));
    }

    #[test]
    fn a_blank_band_is_kept_whole() {
        let band = Picture::from_rgb(50, 20, vec![200; 50 * 20 * 3]).unwrap();
        assert_eq!(tighten(&band).width(), 50);
    }

    #[test]
    fn runs_bridge_small_gaps() {
        let rows = [
            false, true, true, false, false, true, false, false, false, false, true,
        ];
        assert_eq!(tallest_run(&rows, 2), Some((1, 5)));
        assert_eq!(tallest_run(&rows, 0), Some((1, 2)));
        assert_eq!(tallest_run(&[false; 4], 2), None);
    }
}
