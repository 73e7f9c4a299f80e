//! Virtual photographs of a card front, as the kiosk's camera takes them (1280×720, the size
//! the kiosk asks the camera for in the card-front step): the card held in a hand over a desk,
//! tilted, rotated, blurred, noisy, dim, with glare and a finger over an edge, through a JPEG
//! round trip. Each shot returns the true corners, for the card finder's tests and for reading
//! with ground-truth rectification.

use image::ExtendedColorType;
use image::codecs::jpeg::JpegEncoder;
use myna_face::Picture;
use myna_face::ocr::layout::{self, CARD_HEIGHT, CARD_WIDTH};
use rand::{Rng, RngExt};
use rand_distr::{Distribution, Normal};

use crate::card_front::BAND_MARGIN;
use crate::geometry::{Homography, Point, Pose, rectangle_corners};
use crate::raster::{Canvas, Extent, Rgb};
use crate::{SynthError, rng};

/// The kiosk camera's frame in the card-front step ([`myna_face::CARD_FRONT_FRAME`]).
pub const FRAME_WIDTH: usize = myna_face::CARD_FRONT_FRAME.0 as usize;
pub const FRAME_HEIGHT: usize = myna_face::CARD_FRONT_FRAME.1 as usize;
/// Frame pixels per pixel of a 640-wide frame. Blur, hand movements, glare, the card's shadow
/// and its margin to the frame's edges are given as at 640 wide (where these photographs were
/// first drawn) and scaled, so that a camera of more pixels does not see a sharper scene. Not
/// scaled: the sensor noise per pixel, the JPEG quality and the desk's clutter (docs/
/// card-front-ocr.md §7 says what that may flatter).
pub const SCALE: f32 = FRAME_WIDTH as f32 / 640.0;

/// ID-1 corner radius, 3.18 mm, in card pixels.
const CORNER_RADIUS: f32 = 31.8;

/// Ranges each photograph draws from.
#[derive(Debug, Clone, PartialEq)]
pub struct Conditions {
    /// Largest tilt about either card axis, degrees.
    pub max_tilt: f32,
    /// Largest in-plane rotation, degrees.
    pub max_roll: f32,
    /// Share of the frame's width the card spans (square to the camera).
    pub fill: (f32, f32),
    /// Gaussian blur σ in pixels of a 640-wide frame ([`SCALE`]d when drawn: the same blur at
    /// any resolution).
    pub blur: (f32, f32),
    /// Sensor noise σ (0–255 scale), before the JPEG round trip.
    pub noise: (f32, f32),
    /// Light level (1 = well lit).
    pub light: (f32, f32),
    /// Gamma applied after the light (above 1: darker mid-tones).
    pub gamma: (f32, f32),
    /// How many glare spots (inclusive range) and their peak brightness added.
    pub glare_spots: (u32, u32),
    pub glare_peak: (f32, f32),
    /// Chance that a finger covers part of the card.
    pub finger_chance: f64,
    /// Card areas (card pixels) a finger never covers; a finger may touch their surroundings.
    pub keep_clear: Vec<Extent>,
    /// JPEG quality range.
    pub jpeg_quality: (u8, u8),
}

impl Conditions {
    /// The conditions of the "readable" sets: everything the issue lists, at strengths a
    /// patient's hand and a kiosk camera produce, a finger never over a field's print (it may
    /// touch the band around it: [`BAND_MARGIN`]).
    pub fn readable() -> Self {
        Self {
            max_tilt: 25.0,
            max_roll: 15.0,
            fill: (0.40, 0.85),
            blur: (0.0, 1.4),
            noise: (1.5, 7.0),
            light: (0.45, 1.05),
            gamma: (0.8, 1.4),
            glare_spots: (1, 2),
            glare_peak: (30.0, 150.0),
            finger_chance: 0.6,
            keep_clear: layout::BANDS
                .iter()
                .map(|b| Extent {
                    left: b.left as f32 + BAND_MARGIN,
                    top: b.top as f32 + BAND_MARGIN,
                    right: (b.left + b.width) as f32 - BAND_MARGIN,
                    bottom: (b.top + b.height) as f32 - BAND_MARGIN,
                })
                .collect(),
            jpeg_quality: (50, 90),
        }
    }

    /// A card held well: near (60–80 % of the frame wide), little tilted, sharp, lit, no glare,
    /// no finger (the demo's card-front camera).
    pub fn near() -> Self {
        Self {
            fill: (0.6, 0.8),
            max_tilt: 10.0,
            max_roll: 5.0,
            ..Self::clean()
        }
    }

    /// No degradation at all: the card square-ish, sharp, well lit, no glare, no finger (for
    /// tests of the geometry).
    pub fn clean() -> Self {
        Self {
            blur: (0.0, 0.0),
            noise: (0.0, 0.0),
            light: (1.0, 1.0),
            gamma: (1.0, 1.0),
            glare_spots: (0, 0),
            finger_chance: 0.0,
            jpeg_quality: (95, 95),
            ..Self::readable()
        }
    }
}

/// One photograph: the JPEG bytes as the camera would deliver them, the decoded frame, and the
/// card's corners in frame pixels (top left, top right, bottom right, bottom left of the card as
/// printed; (0, 0) is the top left corner of the frame's top left pixel).
pub struct Shot {
    pub jpeg: Vec<u8>,
    pub picture: Picture,
    pub corners: [Point; 4],
}

/// One photograph of `card` (856×540; another size is stretched to the card's shape).
pub fn shoot(card: &Picture, seed: u64, conditions: &Conditions) -> Result<Shot, SynthError> {
    let scene = Scene::random(seed, conditions)?;
    scene.expose(&Canvas::from_picture(card), seed, 0)
}

/// `count` consecutive frames of one hand-held card (10 a second, so 10 frames are about one
/// second): the same desk and light, the card moving a little from frame to frame.
pub fn shoot_frames(
    card: &Picture,
    seed: u64,
    conditions: &Conditions,
    count: usize,
) -> Result<Vec<Shot>, SynthError> {
    let mut held = HeldCard::new(card, seed, conditions)?;
    (0..count).map(|_| held.next(Asked::Nothing)).collect()
}

/// What the patient is asked on the kiosk's screen while showing the card (the guidance of
/// `myna_face::ocr::card_front`, as the patient understands it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Asked {
    /// Nothing new to do (reading, or nothing shown yet): keep holding the card.
    Nothing,
    /// Bring the card closer.
    Closer,
    /// Bring the whole card into view (also what a patient does when told to show the card
    /// while holding it up: move it towards the middle).
    IntoView,
    /// Hold still.
    HoldStill,
    /// Tilt the card a little against glare.
    Tilt,
}

/// How long a patient takes to act on a request shown on the screen: five frames (0.5 s) of
/// the same request. UNCONFIRMED: chosen, not measured (no study of patients at a kiosk found).
pub const REACTION_FRAMES: u32 = 5;

/// A card held up to the camera by a patient who does what the screen asks, after
/// [`REACTION_FRAMES`]: closer by 6 % a frame (to 60 % of the frame's width at most),
/// towards the middle by a fifth of the way a frame, steadier when asked to hold still, and
/// tilted 3° a frame (four frames) against glare, which moves the reflection over the card.
/// The same hand motion as [`shoot_frames`] otherwise; a patient who ignores the screen is
/// `shoot_frames`. These moves are UNCONFIRMED (chosen as slow and small; no measurement).
pub struct HeldCard {
    scene: Scene,
    card: Canvas,
    conditions: Conditions,
    motion: rand::rngs::Xoshiro256PlusPlus,
    seed: u64,
    frame: u64,
    asked: Asked,
    asked_for: u32,
    tilted: u32,
}

impl HeldCard {
    pub fn new(card: &Picture, seed: u64, conditions: &Conditions) -> Result<Self, SynthError> {
        Ok(Self {
            scene: Scene::random(seed, conditions)?,
            card: Canvas::from_picture(card),
            conditions: conditions.clone(),
            motion: rng(seed, 20),
            seed,
            frame: 0,
            asked: Asked::Nothing,
            asked_for: 0,
            tilted: 0,
        })
    }

    /// The next frame (0.1 s after the last), `asked` being what the screen showed after the
    /// last frame. The first frame is the scene as drawn.
    pub fn next(&mut self, asked: Asked) -> Result<Shot, SynthError> {
        self.move_card(asked);
        let shot = self.scene.expose(&self.card, self.seed, self.frame)?;
        self.frame += 1;
        Ok(shot)
    }

    /// Where the card's corners are in the next frame, as [`HeldCard::next`] would give them,
    /// without taking the photograph (the moves do not depend on it).
    pub fn next_corners(&mut self, asked: Asked) -> [Point; 4] {
        self.move_card(asked);
        self.frame += 1;
        self.scene
            .pose
            .project(CARD_WIDTH as f32, CARD_HEIGHT as f32)
    }

    fn move_card(&mut self, asked: Asked) {
        if asked == self.asked {
            self.asked_for += 1;
        } else {
            (self.asked, self.asked_for) = (asked, 1);
        }
        if self.frame > 0 {
            let steady = if self.asked == Asked::HoldStill && self.acting() {
                self.scene.blur = (self.scene.blur - 0.2).max(self.conditions.blur.0);
                0.3
            } else {
                1.0
            };
            self.scene
                .move_hand_by(&mut self.motion, &self.conditions, steady);
            if self.acting() {
                self.act();
            }
        }
    }

    fn acting(&self) -> bool {
        self.asked != Asked::Nothing && self.asked_for >= REACTION_FRAMES
    }

    fn act(&mut self) {
        let mut pose = self.scene.pose;
        let middle = (FRAME_WIDTH as f32 / 2.0, FRAME_HEIGHT as f32 / 2.0);
        let towards_middle = |pose: &mut Pose| {
            pose.centre.0 += (middle.0 - pose.centre.0) * 0.2;
            pose.centre.1 += (middle.1 - pose.centre.1) * 0.2;
        };
        match self.asked {
            Asked::Closer => {
                pose.width_px = (pose.width_px * 1.06).min(0.6 * FRAME_WIDTH as f32);
                towards_middle(&mut pose);
            }
            Asked::IntoView => towards_middle(&mut pose),
            Asked::Tilt if self.tilted < 4 => {
                self.tilted += 1;
                let step = if pose.tilt_x > 0.0 { -3.0 } else { 3.0 };
                pose.tilt_x += step;
                // The reflection of a light moves over the card twice as far as it turns.
                let shift = 2.0 * step.to_radians() * pose.width_px;
                for g in &mut self.scene.glare {
                    g.centre.1 += shift;
                }
            }
            Asked::Tilt | Asked::HoldStill | Asked::Nothing => {}
        }
        if in_frame(&pose) {
            self.scene.pose = pose;
        }
    }
}

/// A finger in card pixels: a capsule from `base` (off the card) to `tip`.
#[derive(Debug, Clone, Copy)]
pub struct Finger {
    pub base: Point,
    pub tip: Point,
    pub radius: f32,
    skin: Rgb,
}

impl Finger {
    /// A finger placed by the rule photographs use (its own draw from `seed`, not the one a
    /// photograph of `seed` makes), never over a `keep_clear` area; None when none was found.
    pub fn random(seed: u64, keep_clear: &[Extent]) -> Option<Self> {
        random_finger(&mut rng(seed, 99), keep_clear)
    }
}

#[derive(Debug, Clone, Copy)]
struct Glare {
    centre: Point,
    radii: (f32, f32),
    angle: f32,
    peak: f32,
}

/// Everything one photograph is made of.
#[derive(Debug, Clone)]
struct Scene {
    pose: Pose,
    desk: u64,
    finger: Option<Finger>,
    glare: Vec<Glare>,
    light: f32,
    light_slope: (f32, f32),
    tint: Rgb,
    gamma: f32,
    blur: f32,
    noise: f32,
    quality: u8,
}

fn range(r: &mut impl Rng, (low, high): (f32, f32)) -> f32 {
    if high > low {
        r.random_range(low..high)
    } else {
        low
    }
}

impl Scene {
    fn random(seed: u64, c: &Conditions) -> Result<Self, SynthError> {
        let mut r = rng(seed, 10);
        let pose = random_pose(&mut r, c).ok_or(SynthError::Pose)?;
        let finger = if r.random_bool(c.finger_chance.clamp(0.0, 1.0)) {
            random_finger(&mut r, &c.keep_clear)
        } else {
            None
        };
        let spots = r.random_range(c.glare_spots.0..=c.glare_spots.1.max(c.glare_spots.0));
        let to_frame = card_to_frame(&pose)?;
        let glare = (0..spots)
            .map(|_| Glare {
                centre: to_frame.apply((
                    r.random_range(0.0..CARD_WIDTH as f32),
                    r.random_range(0.0..CARD_HEIGHT as f32),
                )),
                radii: (
                    SCALE * r.random_range(20.0..90.0),
                    SCALE * r.random_range(10.0..45.0),
                ),
                angle: r.random_range(0.0..std::f32::consts::PI),
                peak: range(&mut r, c.glare_peak),
            })
            .collect();
        let light = range(&mut r, c.light);
        Ok(Self {
            pose,
            desk: r.random(),
            finger,
            glare,
            light,
            light_slope: (r.random_range(-0.3..0.3), r.random_range(-0.3..0.3)),
            tint: if light < 1.0 {
                [
                    r.random_range(0.92..1.08),
                    r.random_range(0.95..1.03),
                    r.random_range(0.85..1.05),
                ]
            } else {
                [1.0; 3]
            },
            gamma: range(&mut r, c.gamma),
            blur: range(&mut r, c.blur),
            noise: range(&mut r, c.noise),
            quality: r.random_range(c.jpeg_quality.0..=c.jpeg_quality.1.max(c.jpeg_quality.0)),
        })
    }

    /// A small hand movement between two frames 0.1 s apart, scaled by `steady` (1: as usual;
    /// less: a patient holding still); the card stays in the frame.
    fn move_hand_by(&mut self, r: &mut impl Rng, c: &Conditions, steady: f32) {
        let gauss = |r: &mut dyn rand::Rng, s: f32| {
            Normal::new(0.0f32, s * steady).map_or(0.0, |n| n.sample(r))
        };
        for _ in 0..10 {
            let mut pose = self.pose;
            pose.centre.0 += gauss(r, 2.5 * SCALE);
            pose.centre.1 += gauss(r, 2.5 * SCALE);
            pose.roll = (pose.roll + gauss(r, 0.4)).clamp(-c.max_roll, c.max_roll);
            pose.tilt_x = (pose.tilt_x + gauss(r, 0.8)).clamp(-c.max_tilt, c.max_tilt);
            pose.tilt_y = (pose.tilt_y + gauss(r, 0.8)).clamp(-c.max_tilt, c.max_tilt);
            pose.width_px *= 1.0 + gauss(r, 0.01);
            if in_frame(&pose) {
                let shift = (
                    pose.centre.0 - self.pose.centre.0,
                    pose.centre.1 - self.pose.centre.1,
                );
                // Glare follows the light, not the card: it slides a little the other way.
                for g in &mut self.glare {
                    g.centre.0 -= shift.0 * 0.5 + gauss(r, 1.5 * SCALE);
                    g.centre.1 -= shift.1 * 0.5 + gauss(r, 1.5 * SCALE);
                }
                self.pose = pose;
                break;
            }
        }
        // A moving hand blurs a little more now and then.
        self.blur = (self.blur + gauss(r, 0.15)).clamp(c.blur.0, c.blur.1.max(c.blur.0) + 0.3);
    }

    fn expose(&self, card: &Canvas, seed: u64, frame: u64) -> Result<Shot, SynthError> {
        let (w, h) = (FRAME_WIDTH, FRAME_HEIGHT);
        let mut canvas = desk(self.desk, w, h);
        let corners = self.pose.project(CARD_WIDTH as f32, CARD_HEIGHT as f32);
        let to_card = card_to_frame(&self.pose)?
            .inverse()
            .ok_or(SynthError::Pose)?;
        let card_px = CARD_WIDTH as f32 / self.pose.width_px; // card pixels a frame pixel
        let stretch = (
            card.width as f32 / CARD_WIDTH as f32,
            card.height as f32 / CARD_HEIGHT as f32,
        );
        let shadow = (4.0 * SCALE, 6.0 * SCALE);
        for y in 0..h {
            for x in 0..w {
                let (fx, fy) = (x as f32 + 0.5, y as f32 + 0.5);
                // A soft shadow of the card on the desk.
                let s = to_card.apply((fx - shadow.0, fy - shadow.1));
                if on_card(s) {
                    let p = &mut canvas.pixels[y * w + x];
                    *p = p.map(|c| c * 0.7);
                }
                let mut covered = 0.0;
                for (dx, dy) in [(-0.25, -0.25), (0.25, -0.25), (-0.25, 0.25), (0.25, 0.25)] {
                    if on_card(to_card.apply((fx + dx, fy + dy))) {
                        covered += 0.25;
                    }
                }
                let (u, v) = to_card.apply((fx, fy));
                if covered > 0.0 {
                    // A card picture of another size than 856×540 is stretched onto the card.
                    let colour = card.sample(u * stretch.0, v * stretch.1);
                    canvas.blend(x, y, colour, covered);
                }
                if let Some(f) = &self.finger {
                    let d = distance_to_segment((u, v), f.base, f.tip);
                    let alpha = ((f.radius - d) / card_px).clamp(0.0, 1.0);
                    if alpha > 0.0 {
                        // Rounded: darker towards the finger's sides.
                        let shade = 1.0 - 0.35 * (d / f.radius).powi(2);
                        canvas.blend(x, y, f.skin.map(|c| c * shade), alpha);
                    }
                }
            }
        }
        self.light_and_glare(&mut canvas);
        canvas.blur(self.blur * SCALE);
        let mut noise = rng(seed, 30 + frame);
        if let Ok(normal) = Normal::new(0.0f32, self.noise.max(0.0)) {
            for p in &mut canvas.pixels {
                for c in p.iter_mut() {
                    *c += normal.sample(&mut noise);
                }
            }
        }
        let raw = canvas.to_picture()?;
        let mut jpeg = Vec::new();
        JpegEncoder::new_with_quality(&mut jpeg, self.quality)
            .encode(raw.rgb(), w as u32, h as u32, ExtendedColorType::Rgb8)
            .map_err(|e| SynthError::Jpeg(e.to_string()))?;
        let picture = Picture::decode(&jpeg).map_err(|e| SynthError::Picture(e.to_string()))?;
        Ok(Shot {
            jpeg,
            picture,
            corners,
        })
    }

    fn light_and_glare(&self, canvas: &mut Canvas) {
        let (w, h) = (canvas.width as f32, canvas.height as f32);
        for y in 0..canvas.height {
            for x in 0..canvas.width {
                let (nx, ny) = (x as f32 / w - 0.5, y as f32 / h - 0.5);
                let vignette = 1.0 - 0.35 * (nx * nx + ny * ny);
                let level = (self.light
                    * (1.0 + self.light_slope.0 * nx + self.light_slope.1 * ny)
                    * vignette)
                    .max(0.05);
                let mut glare = 0.0;
                for g in &self.glare {
                    let (dx, dy) = (x as f32 - g.centre.0, y as f32 - g.centre.1);
                    let (s, c) = g.angle.sin_cos();
                    let (a, b) = (
                        (dx * c + dy * s) / g.radii.0,
                        (-dx * s + dy * c) / g.radii.1,
                    );
                    glare += g.peak * (-(a * a + b * b) / 2.0).exp();
                }
                let p = &mut canvas.pixels[y * canvas.width + x];
                for (i, v) in p.iter_mut().enumerate() {
                    let lit = (*v * level * self.tint[i] / 255.0).clamp(0.0, 1.0);
                    *v = 255.0 * lit.powf(self.gamma) + glare;
                }
            }
        }
    }
}

fn card_to_frame(pose: &Pose) -> Result<Homography, SynthError> {
    let (w, h) = (CARD_WIDTH as f32, CARD_HEIGHT as f32);
    Homography::from_points(&rectangle_corners(w, h), &pose.project(w, h)).ok_or(SynthError::Pose)
}

/// Inside the card's outline, rounded corners included.
fn on_card((u, v): Point) -> bool {
    let (w, h) = (CARD_WIDTH as f32, CARD_HEIGHT as f32);
    if !(0.0..w).contains(&u) || !(0.0..h).contains(&v) {
        return false;
    }
    let cx = u.clamp(CORNER_RADIUS, w - CORNER_RADIUS);
    let cy = v.clamp(CORNER_RADIUS, h - CORNER_RADIUS);
    (u - cx).powi(2) + (v - cy).powi(2) <= CORNER_RADIUS * CORNER_RADIUS
}

/// Room kept between the card and the frame's edges.
const FRAME_MARGIN: f32 = 6.0 * SCALE;

/// The whole card inside the frame, [`FRAME_MARGIN`] from its edges.
fn in_frame(pose: &Pose) -> bool {
    pose.project(CARD_WIDTH as f32, CARD_HEIGHT as f32)
        .iter()
        .all(|&(x, y)| {
            (FRAME_MARGIN..FRAME_WIDTH as f32 - FRAME_MARGIN).contains(&x)
                && (FRAME_MARGIN..FRAME_HEIGHT as f32 - FRAME_MARGIN).contains(&y)
        })
}

fn random_pose(r: &mut impl Rng, c: &Conditions) -> Option<Pose> {
    let mut pose = Pose {
        tilt_x: r.random_range(-1.0..=1.0) * c.max_tilt,
        tilt_y: r.random_range(-1.0..=1.0) * c.max_tilt,
        roll: r.random_range(-1.0..=1.0) * c.max_roll,
        width_px: range(r, c.fill) * FRAME_WIDTH as f32,
        centre: (FRAME_WIDTH as f32 / 2.0, FRAME_HEIGHT as f32 / 2.0),
    };
    // Shrink until the card fits, then place it anywhere it still fits.
    for _ in 0..40 {
        let corners = pose.project(CARD_WIDTH as f32, CARD_HEIGHT as f32);
        let (min_x, max_x) = extent(corners.iter().map(|p| p.0));
        let (min_y, max_y) = extent(corners.iter().map(|p| p.1));
        let room_x = FRAME_WIDTH as f32 - 2.0 * FRAME_MARGIN - (max_x - min_x);
        let room_y = FRAME_HEIGHT as f32 - 2.0 * FRAME_MARGIN - (max_y - min_y);
        if room_x > 0.0 && room_y > 0.0 {
            let dx = r.random_range(-0.5..0.5) * room_x;
            let dy = r.random_range(-0.5..0.5) * room_y;
            let mid = ((min_x + max_x) / 2.0, (min_y + max_y) / 2.0);
            pose.centre = (
                pose.centre.0 + FRAME_WIDTH as f32 / 2.0 - mid.0 + dx,
                pose.centre.1 + FRAME_HEIGHT as f32 / 2.0 - mid.1 + dy,
            );
            return in_frame(&pose).then_some(pose);
        }
        pose.width_px *= 0.96;
    }
    None
}

fn extent(values: impl Iterator<Item = f32>) -> (f32, f32) {
    values.fold((f32::MAX, f32::MIN), |(lo, hi), v| (lo.min(v), hi.max(v)))
}

/// A finger from one of the card's edges, its tip up to a quarter of the card inside, never
/// over a `keep_clear` area; None when 30 tries found no such place.
fn random_finger(r: &mut impl Rng, keep_clear: &[Extent]) -> Option<Finger> {
    let (w, h) = (CARD_WIDTH as f32, CARD_HEIGHT as f32);
    let skin = [
        r.random_range(185.0..235.0),
        r.random_range(135.0..180.0),
        r.random_range(110.0..150.0),
    ];
    for _ in 0..30 {
        let radius = r.random_range(65.0..95.0);
        let depth = r.random_range(10.0..220.0);
        let along = r.random_range(0.05..0.95);
        let lean = r.random_range(-0.5..0.5);
        let (edge_point, inward) = match r.random_range(0..4) {
            0 => ((along * w, 0.0), (0.0, 1.0)),
            1 => ((w, along * h), (-1.0, 0.0)),
            2 => ((along * w, h), (0.0, -1.0)),
            _ => ((0.0, along * h), (1.0, 0.0)),
        };
        let dir = normalise((inward.0 + lean * inward.1, inward.1 - lean * inward.0));
        let tip = (edge_point.0 + dir.0 * depth, edge_point.1 + dir.1 * depth);
        // The finger's base far off the card: it reaches out of the frame, as a hand's does.
        let base = (edge_point.0 - dir.0 * 3000.0, edge_point.1 - dir.1 * 3000.0);
        let clear = keep_clear
            .iter()
            .all(|e| segment_to_extent(base, tip, e) > radius + 2.0);
        if clear {
            return Some(Finger {
                base,
                tip,
                radius,
                skin,
            });
        }
    }
    None
}

fn normalise((x, y): Point) -> Point {
    let n = (x * x + y * y).sqrt().max(1e-6);
    (x / n, y / n)
}

fn distance_to_segment(p: Point, a: Point, b: Point) -> f32 {
    let (abx, aby) = (b.0 - a.0, b.1 - a.1);
    let t = (((p.0 - a.0) * abx + (p.1 - a.1) * aby) / (abx * abx + aby * aby).max(1e-6))
        .clamp(0.0, 1.0);
    let (x, y) = (a.0 + abx * t - p.0, a.1 + aby * t - p.1);
    (x * x + y * y).sqrt()
}

/// Distance between a segment and a box (0 when they meet): the closest pair is an end of the
/// segment and the box, or a corner of the box and the segment, unless they cross.
fn segment_to_extent(a: Point, b: Point, e: &Extent) -> f32 {
    let corners = [
        (e.left, e.top),
        (e.right, e.top),
        (e.right, e.bottom),
        (e.left, e.bottom),
    ];
    let crosses = (0..4).any(|i| segments_cross(a, b, corners[i], corners[(i + 1) % 4]));
    if crosses {
        return 0.0;
    }
    corners
        .iter()
        .map(|c| distance_to_segment(*c, a, b))
        .chain([distance_to_extent(a, e), distance_to_extent(b, e)])
        .fold(f32::MAX, f32::min)
}

fn segments_cross(p1: Point, p2: Point, q1: Point, q2: Point) -> bool {
    let side = |a: Point, b: Point, c: Point| (b.0 - a.0) * (c.1 - a.1) - (b.1 - a.1) * (c.0 - a.0);
    let (d1, d2) = (side(q1, q2, p1), side(q1, q2, p2));
    let (d3, d4) = (side(p1, p2, q1), side(p1, p2, q2));
    d1 * d2 < 0.0 && d3 * d4 < 0.0
}

fn distance_to_extent(p: Point, e: &Extent) -> f32 {
    let dx = (e.left - p.0).max(p.0 - e.right).max(0.0);
    let dy = (e.top - p.1).max(p.1 - e.bottom).max(0.0);
    (dx * dx + dy * dy).sqrt()
}

/// The desk behind the card: a surface colour with a soft gradient and grain, some clutter
/// (papers, pens), and the palm of the hand holding the card.
fn desk(seed: u64, w: usize, h: usize) -> Canvas {
    let mut r = rng(seed, 40);
    const SURFACES: [Rgb; 6] = [
        [150.0, 110.0, 72.0],
        [120.0, 120.0, 126.0],
        [214.0, 210.0, 202.0],
        [48.0, 50.0, 56.0],
        [62.0, 82.0, 120.0],
        [176.0, 160.0, 130.0],
    ];
    let base = SURFACES[r.random_range(0..SURFACES.len())];
    let mut canvas = Canvas::new(w, h, base);
    let slope = (r.random_range(-40.0..40.0), r.random_range(-40.0..40.0));
    let grain = r.random_range(0.0..8.0);
    let grain_freq = r.random_range(0.05..0.3);
    for y in 0..h {
        for x in 0..w {
            let (nx, ny) = (x as f32 / w as f32 - 0.5, y as f32 / h as f32 - 0.5);
            let g = grain * ((y as f32 * grain_freq + (x as f32 * 0.013).sin() * 6.0).sin());
            let p = &mut canvas.pixels[y * w + x];
            *p = p.map(|c| c + slope.0 * nx + slope.1 * ny + g);
        }
    }
    let all = Extent {
        left: 0.0,
        top: 0.0,
        right: w as f32,
        bottom: h as f32,
    };
    for _ in 0..r.random_range(1..6) {
        let colour = [
            r.random_range(30.0..250.0),
            r.random_range(30.0..250.0),
            r.random_range(30.0..250.0),
        ];
        let (cx, cy) = (r.random_range(0.0..w as f32), r.random_range(0.0..h as f32));
        let (a, b) = (r.random_range(8.0..200.0), r.random_range(3.0..160.0));
        let angle: f32 = r.random_range(0.0..std::f32::consts::PI);
        let (s, c) = angle.sin_cos();
        let round = r.random_bool(0.4);
        canvas.fill(all, colour, |x, y| {
            let (dx, dy) = (x - cx, y - cy);
            let (u, v) = ((dx * c + dy * s) / a, (-dx * s + dy * c) / b);
            let inside = if round {
                u * u + v * v <= 1.0
            } else {
                u.abs() <= 1.0 && v.abs() <= 1.0
            };
            if inside { 1.0 } else { 0.0 }
        });
    }
    // The palm holding the card, low in the frame, under where the card will be.
    let skin = [
        r.random_range(180.0..230.0),
        r.random_range(130.0..175.0),
        r.random_range(105.0..145.0),
    ];
    let (px, py) = (
        r.random_range(0.2..0.8) * w as f32,
        h as f32 * r.random_range(0.75..1.1),
    );
    let (a, b) = (r.random_range(120.0..220.0), r.random_range(90.0..160.0));
    canvas.fill(all, skin, |x, y| {
        let d = ((x - px) / a).powi(2) + ((y - py) / b).powi(2);
        ((1.0 - d) * 8.0).clamp(0.0, 1.0)
    });
    canvas
}
