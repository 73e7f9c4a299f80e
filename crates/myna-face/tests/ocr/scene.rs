//! Camera frames drawn here for the card finder: a card picture (856×540, the rectified card)
//! put into a frame through a known homography, onto a darker cluttered background, with rounded
//! corners and 2×2 anti-aliasing. Simple drawing only: the synthetic photographs of issue 20
//! (perspective, glare, fingers, JPEG) come from crates/myna-synth.

use myna_face::Picture;
use myna_face::Point;
use myna_face::ocr::card_front::{Homography, card_outline};
use myna_face::ocr::layout::{BANDS, CARD_HEIGHT, CARD_WIDTH};

/// The card's rounded corners: 3.18 mm (ISO/IEC 7810), 10 pixels a millimetre.
const CORNER_RADIUS: f32 = 31.8;

/// xorshift32: deterministic, no dependency.
pub struct Noise(u32);

impl Noise {
    pub fn new(seed: u32) -> Noise {
        Noise(seed.max(1))
    }

    /// Uniform in [0, 1).
    pub fn next(&mut self) -> f32 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 17;
        self.0 ^= self.0 << 5;
        (self.0 >> 8) as f32 / (1u32 << 24) as f32
    }

    fn range(&mut self, lo: f32, hi: f32) -> f32 {
        lo + (hi - lo) * self.next()
    }
}

/// A grey RGB picture being drawn on.
#[derive(Clone)]
pub struct Canvas {
    pub width: u32,
    pub height: u32,
    pub grey: Vec<f32>,
}

impl Canvas {
    pub fn new(width: u32, height: u32, grey: f32) -> Canvas {
        Canvas {
            width,
            height,
            grey: vec![grey; (width * height) as usize],
        }
    }

    pub fn fill_rect(&mut self, left: i64, top: i64, w: i64, h: i64, grey: f32) {
        for y in top.max(0)..(top + h).min(i64::from(self.height)) {
            for x in left.max(0)..(left + w).min(i64::from(self.width)) {
                self.grey[(y * i64::from(self.width) + x) as usize] = grey;
            }
        }
    }

    /// Pastes a picture (its green channel) with its top left at (left, top).
    pub fn paste(&mut self, picture: &Picture, left: u32, top: u32) {
        for y in 0..picture.height().min(self.height - top) {
            for x in 0..picture.width().min(self.width - left) {
                let v = picture.rgb()[((y * picture.width() + x) * 3 + 1) as usize];
                self.grey[((top + y) * self.width + left + x) as usize] = f32::from(v);
            }
        }
    }

    fn at(&self, x: f32, y: f32) -> f32 {
        let (xi, yi) = (x.floor() as i64, y.floor() as i64);
        let xi = xi.clamp(0, i64::from(self.width) - 1);
        let yi = yi.clamp(0, i64::from(self.height) - 1);
        self.grey[(yi * i64::from(self.width) + xi) as usize]
    }

    pub fn picture(&self) -> Picture {
        let rgb = self
            .grey
            .iter()
            .flat_map(|v| {
                let v = v.round().clamp(0.0, 255.0) as u8;
                [v, v, v]
            })
            .collect();
        Picture::from_rgb(self.width, self.height, rgb).unwrap()
    }
}

/// A plain card: light ground, dark "text lines" where the name, address and the three fields
/// are printed, a photo box on the right.
pub fn plain_card() -> Canvas {
    let mut card = Canvas::new(CARD_WIDTH, CARD_HEIGHT, 228.0);
    // Name and address lines above the bands.
    for (top, width) in [(60, 300), (130, 420), (180, 380)] {
        card.fill_rect(60, top, width, 26, 40.0);
    }
    for b in BANDS {
        card.fill_rect(
            i64::from(b.left) + 20,
            i64::from(b.top) + 25,
            i64::from(b.width) * 3 / 5,
            30,
            40.0,
        );
    }
    card.fill_rect(600, 60, 220, 300, 120.0);
    card
}

/// A darker background with clutter: boxes and bars of many greys, some crossing where the
/// card will be. None has a card's shape at a size the finder looks for (a box of 96 pixels or
/// more with sides 1.1 to 2.4 to 1): a card-shaped box in the background is what a card looks
/// like to an outline finder, and would be found as one. Nor is any so large that, hanging off
/// the frame's edge, it could be half a near card cut by the edge.
pub fn clutter(width: u32, height: u32, seed: u32) -> Canvas {
    let mut noise = Noise::new(seed);
    let mut canvas = Canvas::new(width, height, 70.0);
    let mut drawn = 0;
    while drawn < 40 {
        let (w, h) = (noise.range(10.0, 200.0), noise.range(10.0, 140.0));
        let (x, y) = (
            noise.range(-50.0, width as f32),
            noise.range(-50.0, height as f32),
        );
        let grey = noise.range(15.0, 150.0);
        let aspect = w.max(h) / w.min(h);
        if w.max(h) >= 90.0 && (1.1..=2.4).contains(&aspect) {
            continue;
        }
        canvas.fill_rect(x as i64, y as i64, w as i64, h as i64, grey);
        drawn += 1;
    }
    canvas
}

/// The frame corners of a card `width` pixels wide centred at (cx, cy), turned by `degrees`,
/// with its right side shortened by `tilt` (a share: the card turned about its vertical axis)
/// and its bottom narrowed by `lean` (turned about its horizontal axis).
pub fn pose(cx: f32, cy: f32, width: f32, degrees: f32, tilt: f32, lean: f32) -> [Point; 4] {
    let (w, h) = (width / 2.0, width * 54.0 / 85.6 / 2.0);
    let raw = [
        (-w * (1.0 + lean / 2.0), -h * (1.0 + tilt / 2.0)),
        (w * (1.0 + lean / 2.0), -h * (1.0 - tilt / 2.0)),
        (w * (1.0 - lean / 2.0), h * (1.0 - tilt / 2.0)),
        (-w * (1.0 - lean / 2.0), h * (1.0 + tilt / 2.0)),
    ];
    let (s, c) = degrees.to_radians().sin_cos();
    raw.map(|(x, y)| Point {
        x: cx + x * c - y * s,
        y: cy + x * s + y * c,
    })
}

/// `card` (856×540) put on `background` with its corners at `corners` (top left first,
/// clockwise), plus pixel noise of ±`noise` grey levels.
pub fn frame(card: &Canvas, background: &Canvas, corners: [Point; 4], noise: f32) -> Picture {
    let to_card = Homography::from_points(corners, card_outline()).unwrap();
    let mut out = Canvas::new(background.width, background.height, 0.0);
    let mut rng = Noise::new(7);
    for y in 0..out.height {
        for x in 0..out.width {
            let mut sum = 0.0;
            for (sx, sy) in [(0.25, 0.25), (0.75, 0.25), (0.25, 0.75), (0.75, 0.75)] {
                let p = to_card.map(x as f32 + sx, y as f32 + sy);
                sum += if on_card(p.x, p.y) {
                    card.at(p.x, p.y)
                } else {
                    background.grey[(y * out.width + x) as usize]
                };
            }
            out.grey[(y * out.width + x) as usize] = sum / 4.0 + rng.range(-noise, noise);
        }
    }
    out.picture()
}

fn on_card(x: f32, y: f32) -> bool {
    let (w, h, r) = (CARD_WIDTH as f32, CARD_HEIGHT as f32, CORNER_RADIUS);
    if x < 0.0 || y < 0.0 || x >= w || y >= h {
        return false;
    }
    let (dx, dy) = ((r - x).max(x - (w - r)), (r - y).max(y - (h - r)));
    dx <= 0.0 || dy <= 0.0 || dx * dx + dy * dy <= r * r
}

/// A box blur of `radius` pixels, `passes` times (three passes: close to a Gaussian).
pub fn blurred(picture: &Picture, radius: u32, passes: u32) -> Picture {
    let (w, h) = (picture.width() as usize, picture.height() as usize);
    let mut g: Vec<f32> = picture
        .rgb()
        .chunks_exact(3)
        .map(|p| f32::from(p[1]))
        .collect();
    let r = radius as i64;
    for _ in 0..passes {
        for horizontal in [true, false] {
            let src = g.clone();
            for y in 0..h as i64 {
                for x in 0..w as i64 {
                    let mut sum = 0.0;
                    for d in -r..=r {
                        let (sx, sy) = if horizontal { (x + d, y) } else { (x, y + d) };
                        let (sx, sy) = (sx.clamp(0, w as i64 - 1), sy.clamp(0, h as i64 - 1));
                        sum += src[sy as usize * w + sx as usize];
                    }
                    g[y as usize * w + x as usize] = sum / (2 * r + 1) as f32;
                }
            }
        }
    }
    let rgb = g
        .iter()
        .flat_map(|v| {
            let v = v.round() as u8;
            [v, v, v]
        })
        .collect();
    Picture::from_rgb(w as u32, h as u32, rgb).unwrap()
}

/// `picture` with a box of `grey` drawn over it (a finger holding the card, roughly).
pub fn with_box(picture: &Picture, left: u32, top: u32, w: u32, h: u32, grey: u8) -> Picture {
    let mut rgb = picture.rgb().to_vec();
    for y in top..(top + h).min(picture.height()) {
        for x in left..(left + w).min(picture.width()) {
            rgb[((y * picture.width() + x) * 3) as usize..][..3].fill(grey);
        }
    }
    Picture::from_rgb(picture.width(), picture.height(), rgb).unwrap()
}
