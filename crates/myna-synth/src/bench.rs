//! The card-front OCR benchmark (issue 20): each card of a set is photographed as a sequence
//! of frames (3 s at the kiosk's 10 frames a second) and the frames go, one by one, through ONE
//! `myna_face::ocr::card_front::FrameReader` per card: the card finder, the guidance, the three
//! field readings, the parser and the agreement over frames, exactly what the kiosk runs. Each
//! card ends read right, read WRONG (an agreed code that is not the card's: it would be shown
//! to the patient), given up (the reader offers typing) or undecided when the frames ran out.
//!
//! With [`Corners::True`] the finder and the guidance are skipped: each frame's fields are read
//! at the card's TRUE corners (`read_card`) and fed to the same `Agreement`, to tell the
//! finder's misses from the recogniser's (diagnosis only). [`ground_truth`] and
//! [`read_bands`] read the bands line by line, for the tests of the renderer and the layout.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use myna_face::ocr::Recogniser;
use myna_face::ocr::card_front::{
    Agreed, Agreement, AgreementRules, CardCorners, FrameReader, FrontCode, Guidance, read_card,
};
use myna_face::ocr::layout::{self, Band, CARD_HEIGHT, CARD_WIDTH, Field};
use myna_face::{Picture, Point as FramePoint};

use crate::card_front::{CardFront, Renderer};
use crate::geometry::{Homography, Point, rectangle_corners};
use crate::photograph::{Asked, Conditions, FRAME_HEIGHT, FRAME_WIDTH, HeldCard};
use crate::raster::Canvas;
use crate::{SynthError, item_seed};

/// What each field may read as (the recogniser's `read_only`): the era kanji and 元 for the
/// birth date, まで有効 for the expiry, digits only for the code.
pub fn alphabet(field: Field) -> &'static str {
    match field {
        Field::BirthDate => "0123456789年月日生明治大正昭和平成令元",
        Field::Expiry => "0123456789年月日まで有効",
        Field::SecurityCode => "0123456789",
    }
}

/// Rectification with the true corners (the benchmark's stand-in for the card finder): each
/// pixel of the 856×540 card sampled bilinearly from the frame.
pub fn ground_truth(frame: &Picture, corners: &[Point; 4]) -> Option<Picture> {
    let (w, h) = (CARD_WIDTH as f32, CARD_HEIGHT as f32);
    let to_frame = Homography::from_points(&rectangle_corners(w, h), corners)?;
    let source = Canvas::from_picture(frame);
    let mut card = Canvas::new(CARD_WIDTH as usize, CARD_HEIGHT as usize, [0.0; 3]);
    for v in 0..card.height {
        for u in 0..card.width {
            let (x, y) = to_frame.apply((u as f32 + 0.5, v as f32 + 0.5));
            card.pixels[v * card.width + u] = source.sample(x, y);
        }
    }
    card.to_picture().ok()
}

/// The pixels of `band` in a rectified card.
pub fn crop(card: &Picture, band: Band) -> Result<Picture, SynthError> {
    let stride = card.width() as usize * 3;
    let mut rgb = Vec::with_capacity(band.width as usize * band.height as usize * 3);
    for y in band.top..band.top + band.height {
        let row = y as usize * stride + band.left as usize * 3;
        rgb.extend_from_slice(&card.rgb()[row..row + band.width as usize * 3]);
    }
    Picture::from_rgb(band.width, band.height, rgb).map_err(SynthError::from)
}

/// Reads the three bands of a rectified card: the text of each, in the order of
/// `layout::BANDS`.
pub fn read_bands(recogniser: &Recogniser, card: &Picture) -> Result<Vec<String>, SynthError> {
    layout::BANDS
        .iter()
        .map(|band| {
            let reading = recogniser.read_only(&crop(card, *band)?, alphabet(band.field))?;
            Ok(reading.text().to_string())
        })
        .collect()
}

/// Text without spaces (one-digit months and days may be padded with one).
pub fn without_spaces(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Where each frame's card comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Corners {
    /// The kiosk's pipeline: `FrameReader::read_frame` finds the card itself.
    Finder,
    /// Diagnosis: the fields are read at the true corners, no finder, no guidance.
    True,
}

pub struct Options {
    pub seed: u64,
    pub count: u64,
    /// Frames per card at 10 frames a second (30 = the 3 s).
    pub frames: usize,
    pub corners: Corners,
    pub models_dir: PathBuf,
    pub faces_dir: PathBuf,
    /// Whether the virtual patient does what the screen asks (closer, into view, hold still,
    /// tilt; `photograph::HeldCard`) or holds the card as first drawn, whatever it says.
    pub patient: Patient,
    /// The agreement rules (the kiosk's are `AgreementRules::default()`).
    pub rules: AgreementRules,
    /// Where to write, for each card not read right, its last frame (`NNNN.jpg`) and a line of
    /// `cards.tsv` (outcome, the true and the agreed code, frames, last guidance): synthetic
    /// cards only, for looking at the failures on the development seed.
    pub misread_dir: Option<PathBuf>,
}

/// The virtual patient of a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Patient {
    /// Does what the guidance asks, after a reaction time (`photograph::HeldCard`).
    Follows,
    /// Ignores the guidance: the hand only wavers (`photograph::shoot_frames`).
    Ignores,
}

/// How a card's sequence ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CardOutcome {
    /// The agreed code is the card's (14 digits, and the era: the patient sees the date).
    Right,
    /// An agreed code that is not the card's: it would be shown to the patient.
    Wrong,
    /// The reader gave up within the frames: typing is offered.
    GaveUp,
    /// Neither within the frames (card too far, cut, blurred, or still reading).
    Undecided,
}

/// The figures of one run.
pub struct Report {
    pub corners: Corners,
    pub cards: u64,
    /// Frames given to the reader (a card's sequence stops once it is decided).
    pub frames: u64,
    pub right: u64,
    pub wrong: u64,
    pub gave_up: u64,
    pub undecided: u64,
    /// Undecided cards by the guidance of their last frame.
    pub undecided_by_guidance: Vec<(Guidance, u64)>,
    /// For each card that agreed on a code (right or wrong): frames until it did (1-based).
    pub frames_to_agree: Vec<usize>,
    pub load: Duration,
    /// `read_frame` (or, with true corners, `read_card` and the agreement), every frame.
    pub frame_times: Vec<Duration>,
    /// The same, only frames whose fields were read (guidance reading, tilt for glare, read,
    /// could not read; a "hold still" frame for a moving card may have read too but is left out).
    pub reading_frame_times: Vec<Duration>,
    /// Decoding each frame's JPEG, as the camera source does before `read_frame`.
    pub decode_times: Vec<Duration>,
    /// Peak resident memory (VmHWM, KiB) right after the model load, and at the end (the
    /// latter includes the card generator: fonts and pictures).
    pub peak_after_load_kib: u64,
    pub peak_end_kib: u64,
}

/// Runs the benchmark on `options.count` cards of the set `options.seed`, `options.frames`
/// frames each. `progress` gets a line every 25 cards.
pub fn run(options: &Options, progress: &mut dyn Write) -> Result<Report, SynthError> {
    let start = Instant::now();
    let recogniser = Recogniser::load(&options.models_dir)?;
    let load = start.elapsed();
    let peak_after_load_kib = peak_kib();
    let renderer = Renderer::load(&options.faces_dir)?;
    let conditions = Conditions::readable();
    let mut report = Report {
        corners: options.corners,
        cards: 0,
        frames: 0,
        right: 0,
        wrong: 0,
        gave_up: 0,
        undecided: 0,
        undecided_by_guidance: Vec::new(),
        frames_to_agree: Vec::new(),
        load,
        frame_times: Vec::new(),
        reading_frame_times: Vec::new(),
        decode_times: Vec::new(),
        peak_after_load_kib,
        peak_end_kib: 0,
    };
    for index in 0..options.count {
        let s = item_seed(options.seed, index);
        let card = CardFront::random(s);
        let rendered = renderer.render(&card, s)?;
        let mut held = HeldCard::new(&rendered.picture, s, &conditions)?;
        let mut sequence = Sequence::new(&recogniser, options.corners, options.rules);
        let mut last = (Guidance::ShowCard, None, 0);
        let mut asked = Asked::Nothing;
        let mut last_jpeg = Vec::new();
        for n in 0..options.frames {
            let shot = held.next(asked)?;
            // As the kiosk's camera source does with each Motion-JPEG frame.
            let t = Instant::now();
            let frame =
                Picture::decode(&shot.jpeg).map_err(|e| SynthError::Picture(e.to_string()))?;
            report.decode_times.push(t.elapsed());
            let t = Instant::now();
            let (guidance, code) = sequence.frame(&frame, &shot.corners)?;
            let took = t.elapsed();
            report.frames += 1;
            report.frame_times.push(took);
            if matches!(
                guidance,
                Guidance::Reading
                    | Guidance::TiltForGlare
                    | Guidance::Read
                    | Guidance::CouldNotRead
            ) {
                report.reading_frame_times.push(took);
            }
            let decided = matches!(guidance, Guidance::Read | Guidance::CouldNotRead);
            last = (guidance, code, n);
            last_jpeg = shot.jpeg;
            if decided {
                break;
            }
            if options.patient == Patient::Follows {
                asked = asked_by(guidance);
            }
        }
        let (guidance, code, n) = last;
        let outcome = match (&code, guidance) {
            (Some(code), _) if is_card(code, &card) => CardOutcome::Right,
            (Some(_), _) => CardOutcome::Wrong,
            (None, Guidance::CouldNotRead) => CardOutcome::GaveUp,
            (None, _) => CardOutcome::Undecided,
        };
        report.cards += 1;
        match outcome {
            CardOutcome::Right => report.right += 1,
            CardOutcome::Wrong => report.wrong += 1,
            CardOutcome::GaveUp => report.gave_up += 1,
            CardOutcome::Undecided => {
                report.undecided += 1;
                match report
                    .undecided_by_guidance
                    .iter_mut()
                    .find(|(g, _)| *g == guidance)
                {
                    Some((_, count)) => *count += 1,
                    None => report.undecided_by_guidance.push((guidance, 1)),
                }
            }
        }
        if code.is_some() {
            report.frames_to_agree.push(n + 1);
        }
        if let (false, Some(dir)) = (outcome == CardOutcome::Right, &options.misread_dir) {
            let agreed = code.as_ref().map_or(String::from("-"), |c| {
                format!("{:?} {}", c.era(), String::from_utf8_lossy(c.digits()))
            });
            let line = format!(
                "{index:04}\t{outcome:?}\t{}\t{agreed}\t{}\t{guidance:?}",
                card.expected_code_b(),
                n + 1
            );
            keep_misread(dir, index, &last_jpeg, &line)?;
        }
        if (index + 1) % 25 == 0 {
            let _ = writeln!(
                progress,
                "{} cards: {} right, {} wrong, {} gave up, {} undecided",
                index + 1,
                report.right,
                report.wrong,
                report.gave_up,
                report.undecided
            );
        }
    }
    report.peak_end_kib = peak_kib();
    Ok(report)
}

/// What a patient makes of the guidance on the screen.
fn asked_by(guidance: Guidance) -> Asked {
    match guidance {
        Guidance::Closer => Asked::Closer,
        Guidance::ShowCard | Guidance::CutByEdge => Asked::IntoView,
        Guidance::HoldStill => Asked::HoldStill,
        Guidance::TiltForGlare => Asked::Tilt,
        Guidance::Reading | Guidance::Read | Guidance::CouldNotRead => Asked::Nothing,
    }
}

/// Whether an agreed code is the card's: the 14 digits and the birth date (so the era too:
/// 昭和5年 and 平成5年 give the same digits, and the patient is shown the date).
fn is_card(code: &FrontCode, card: &crate::card_front::CardFront) -> bool {
    code.digits().as_slice() == card.expected_code_b().as_bytes()
        && code.birth_date() == Some(card.birth)
}

/// One card's sequence of frames, read the kiosk's way or at the true corners.
enum Sequence<'r> {
    Finder(FrameReader),
    True {
        recogniser: &'r Recogniser,
        agreement: Agreement,
        turned: bool,
    },
}

impl<'r> Sequence<'r> {
    fn new(recogniser: &'r Recogniser, corners: Corners, rules: AgreementRules) -> Sequence<'r> {
        match corners {
            // A clone shares the planned model (one load for the whole run); the reader's
            // state (agreement, previous corners) is new for each card, as for each patient.
            Corners::Finder => Sequence::Finder(FrameReader::with_rules(recogniser.clone(), rules)),
            Corners::True => Sequence::True {
                recogniser,
                agreement: Agreement::new(rules),
                turned: false,
            },
        }
    }

    /// One frame: the guidance and the agreed code, if any.
    fn frame(
        &mut self,
        frame: &Picture,
        truth: &[Point; 4],
    ) -> Result<(Guidance, Option<FrontCode>), SynthError> {
        match self {
            Sequence::Finder(reader) => {
                let outcome = reader.read_frame(frame)?;
                Ok((outcome.guidance, outcome.code))
            }
            Sequence::True {
                recogniser,
                agreement,
                turned,
            } => {
                let corners = CardCorners {
                    points: truth.map(|(x, y)| FramePoint { x, y }),
                };
                let fields = read_card(recogniser, frame, &corners, *turned)?;
                *turned = fields.turned;
                Ok(match agreement.feed(fields.readings) {
                    Agreed::Read(code) => (Guidance::Read, Some(code.clone())),
                    Agreed::CouldNotRead => (Guidance::CouldNotRead, None),
                    Agreed::Reading { .. } => (Guidance::Reading, None),
                })
            }
        }
    }
}

impl Report {
    /// The figures as a Markdown table.
    pub fn table(&self, label: &str) -> String {
        let share =
            |n: u64, of: u64| format!("{n}/{of} ({:.1} %)", 100.0 * n as f64 / of.max(1) as f64);
        let ms = |d: &Duration| format!("{:.1} ms", d.as_secs_f64() * 1e3);
        let mut t = format!("| measure ({label}) | value |\n|---|---|\n");
        t += &format!(
            "| cards / frames read (a card stops once decided) | {} / {} |\n",
            self.cards, self.frames
        );
        t += &format!(
            "| agreed code right (target ≥ 95 %) | {} |\n",
            share(self.right, self.cards)
        );
        t += &format!(
            "| agreed code WRONG, shown to the patient (target ≤ 2 %) | {} |\n",
            share(self.wrong, self.cards)
        );
        t += &format!(
            "| gave up: typing offered | {} |\n",
            share(self.gave_up, self.cards)
        );
        let by: Vec<String> = self
            .undecided_by_guidance
            .iter()
            .map(|(g, n)| format!("{g:?} {n}"))
            .collect();
        t += &format!(
            "| undecided when the frames ran out (last guidance) | {} ({}) |\n",
            share(self.undecided, self.cards),
            by.join(", ")
        );
        let mut agree = self.frames_to_agree.clone();
        agree.sort_unstable();
        let at = |p: usize| percentile(&agree, p).map_or("-".to_string(), |n| n.to_string());
        t += &format!(
            "| frames until agreed (10 a second): median / p90 / max | {} / {} / {} |\n",
            at(50),
            at(90),
            at(100)
        );
        let spread = |times: &[Duration]| {
            let mut times = times.to_vec();
            times.sort();
            let at = |p| percentile(&times, p).map_or("-".to_string(), ms);
            format!("{} / {} / {}", at(50), at(95), at(100))
        };
        let what = match self.corners {
            Corners::Finder => "`read_frame`",
            Corners::True => "`read_card` + agreement at the true corners",
        };
        t += &format!(
            "| {what}, every frame: median / p95 / max | {} |\n",
            spread(&self.frame_times)
        );
        t += &format!(
            "| {what}, frames whose fields were read ({}): median / p95 / max | {} |\n",
            self.reading_frame_times.len(),
            spread(&self.reading_frame_times)
        );
        t += &format!(
            "| JPEG decode of each {}×{} frame (before `read_frame`): median / p95 / max | {} |\n",
            FRAME_WIDTH,
            FRAME_HEIGHT,
            spread(&self.decode_times)
        );
        t += &format!("| model load and plan | {} |\n", ms(&self.load));
        t += &format!(
            "| peak memory (VmHWM) after model load / at the end incl. generator | {} / {} MiB |\n",
            self.peak_after_load_kib / 1024,
            self.peak_end_kib / 1024
        );
        t
    }
}

/// The value at `p` percent of sorted `values` (nearest rank below), None when empty.
fn percentile<T>(values: &[T], p: usize) -> Option<&T> {
    values.get((values.len() * p / 100).min(values.len().saturating_sub(1)))
}

fn keep_misread(dir: &Path, index: u64, jpeg: &[u8], line: &str) -> Result<(), SynthError> {
    let io = |e| SynthError::Io(dir.display().to_string(), e);
    std::fs::create_dir_all(dir).map_err(io)?;
    std::fs::write(dir.join(format!("{index:04}.jpg")), jpeg).map_err(io)?;
    let mut tsv = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(dir.join("cards.tsv"))
        .map_err(io)?;
    writeln!(tsv, "{line}").map_err(io)
}

/// This process's peak resident memory (VmHWM), in KiB; 0 when /proc cannot tell.
pub fn peak_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse().ok())
        })
        .unwrap_or(0)
}
