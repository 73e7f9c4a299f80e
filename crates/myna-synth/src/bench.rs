//! The card-front OCR benchmark (issue 20), skeleton: over a set of photographed synthetic
//! cards, rectify each frame to 856×540, crop the three bands of `myna_face::ocr::layout`, read
//! each with `myna_face::ocr::Recogniser::read_only` and its field's alphabet, and count the
//! cards whose three printed lines all read exactly (spaces aside).
//!
//! For now the rectification uses the TRUE corners of the card ([`ground_truth`]): the card
//! finder is being written elsewhere (`myna_face::ocr::card_front`). Swapping it in is one
//! argument of [`run`]: a [`Rectify`] that finds the card in the frame and ignores the truth.
//! Line equality stands in for parsing into 照合番号B until the finder's parser lands: where
//! all three lines read exactly, the 14 digits follow from them.

use std::io::Write;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use myna_face::Picture;
use myna_face::ocr::Recogniser;
use myna_face::ocr::layout::{self, Band, CARD_HEIGHT, CARD_WIDTH, Field};

use crate::card_front::Renderer;
use crate::geometry::{Homography, Point, rectangle_corners};
use crate::photograph::Conditions;
use crate::raster::Canvas;
use crate::{SynthError, set};

/// Turns a camera frame into the card rectified to 856×540, or None when no card is found.
/// The second argument is the true corners (ground truth), which a real finder ignores.
pub type Rectify<'a> = dyn FnMut(&Picture, &[Point; 4]) -> Option<Picture> + 'a;

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

pub struct Options {
    pub seed: u64,
    pub count: u64,
    /// Frames per card: 1 a single shot; more a sequence at 10 frames a second (30 = 3 s).
    pub frames: usize,
    pub models_dir: PathBuf,
    pub faces_dir: PathBuf,
    /// Where to write each misread frame, rectified (`NNNN-KK.png`), and `misread.tsv` (what
    /// was printed and what was read): synthetic cards only, for looking at the failures.
    pub misread_dir: Option<PathBuf>,
}

/// The figures of one run.
pub struct Report {
    pub cards: u64,
    pub frames: u64,
    /// Frames whose three lines all read exactly.
    pub all_right: u64,
    /// Cards with at least one such frame: an upper bound for any agreement over the frames
    /// (the agreement rule itself is the reader's, `myna_face::ocr::card_front`).
    pub cards_any_frame_right: u64,
    /// Per field, in the order of `layout::BANDS`: frames where that line read exactly.
    pub field_right: [u64; 3],
    /// Frames the rectifier found no card in.
    pub not_found: u64,
    pub load: Duration,
    /// Rectification plus the three readings, per frame.
    pub frame_times: Vec<Duration>,
    /// The three readings alone, per frame (the rectification here is the benchmark's own
    /// ground-truth stand-in; the finder's will cost differently).
    pub read_times: Vec<Duration>,
    /// Peak resident memory (VmHWM, KiB) right after the model load, and at the end (the
    /// latter includes the card generator: fonts and pictures).
    pub peak_after_load_kib: u64,
    pub peak_end_kib: u64,
}

/// Runs the benchmark on `options.count` cards of the set `options.seed`, `options.frames`
/// frames each.
/// `progress` gets a line every 50 cards.
pub fn run(
    options: &Options,
    rectify: &mut Rectify<'_>,
    progress: &mut dyn Write,
) -> Result<Report, SynthError> {
    let start = Instant::now();
    let recogniser = Recogniser::load(&options.models_dir)?;
    let load = start.elapsed();
    let peak_after_load_kib = peak_kib();
    let renderer = Renderer::load(&options.faces_dir)?;
    let conditions = Conditions::readable();
    let mut report = Report {
        cards: 0,
        frames: 0,
        all_right: 0,
        cards_any_frame_right: 0,
        field_right: [0; 3],
        not_found: 0,
        load,
        frame_times: Vec::new(),
        read_times: Vec::new(),
        peak_after_load_kib,
        peak_end_kib: 0,
    };
    for index in 0..options.count {
        let item = set::item(&renderer, options.seed, index, options.frames, &conditions)?;
        report.cards += 1;
        let mut any = false;
        for shot in &item.shots {
            report.frames += 1;
            let t = Instant::now();
            let Some(card) = rectify(&shot.picture, &shot.corners) else {
                report.frame_times.push(t.elapsed());
                report.not_found += 1;
                continue;
            };
            let r = Instant::now();
            let texts = read_bands(&recogniser, &card)?;
            report.read_times.push(r.elapsed());
            report.frame_times.push(t.elapsed());
            let mut all = true;
            let mut lines = String::new();
            for (i, band) in layout::BANDS.iter().enumerate() {
                let printed = item.card.printed(band.field);
                let right = without_spaces(&texts[i]) == without_spaces(&printed);
                report.field_right[i] += u64::from(right);
                all &= right;
                lines += &format!("\t{printed}\t{}", texts[i]);
            }
            if let (false, Some(dir)) = (all, &options.misread_dir) {
                let name = format!("{index:04}-{:02}.png", report.frames - 1);
                keep_misread(dir, &name, &card, &lines)?;
            }
            report.all_right += u64::from(all);
            any |= all;
        }
        report.cards_any_frame_right += u64::from(any);
        if (index + 1) % 50 == 0 {
            let _ = writeln!(
                progress,
                "{} cards, {} read right",
                index + 1,
                report.all_right
            );
        }
    }
    report.peak_end_kib = peak_kib();
    Ok(report)
}

impl Report {
    /// The figures as a Markdown table.
    pub fn table(&self, label: &str) -> String {
        let share =
            |n: u64, of: u64| format!("{n}/{of} ({:.1} %)", 100.0 * n as f64 / of.max(1) as f64);
        let spread = |times: &[Duration]| {
            let mut times = times.to_vec();
            times.sort();
            let at = |p: usize| {
                times
                    .get((times.len() * p / 100).min(times.len().saturating_sub(1)))
                    .map_or("-".to_string(), |d| {
                        format!("{:.1} ms", d.as_secs_f64() * 1e3)
                    })
            };
            format!("{} / {} / {}", at(50), at(95), at(100))
        };
        let mut t = format!("| measure ({label}) | value |\n|---|---|\n");
        t += &format!("| cards / frames | {} / {} |\n", self.cards, self.frames);
        t += &format!(
            "| frames whose three lines all read exactly | {} |\n",
            share(self.all_right, self.frames)
        );
        t += &format!(
            "| cards with such a frame (upper bound of a multi-frame agreement) | {} |\n",
            share(self.cards_any_frame_right, self.cards)
        );
        for (i, band) in layout::BANDS.iter().enumerate() {
            t += &format!(
                "| {:?} line read exactly | {} |\n",
                band.field,
                share(self.field_right[i], self.frames)
            );
        }
        t += &format!(
            "| frames with no card found | {} |\n",
            share(self.not_found, self.frames)
        );
        t += &format!(
            "| per frame (rectify + 3 readings): median / p95 / max | {} |\n",
            spread(&self.frame_times)
        );
        t += &format!(
            "| the 3 readings alone: median / p95 / max | {} |\n",
            spread(&self.read_times)
        );
        t += &format!(
            "| model load and plan | {:.0} ms |\n",
            self.load.as_secs_f64() * 1e3
        );
        t += &format!(
            "| peak memory (VmHWM) after model load / at the end incl. generator | {} / {} MiB |\n",
            self.peak_after_load_kib / 1024,
            self.peak_end_kib / 1024
        );
        t
    }
}

fn keep_misread(
    dir: &std::path::Path,
    name: &str,
    card: &Picture,
    lines: &str,
) -> Result<(), SynthError> {
    let io = |e| SynthError::Io(dir.display().to_string(), e);
    std::fs::create_dir_all(dir).map_err(io)?;
    image::save_buffer(
        dir.join(name),
        card.rgb(),
        card.width(),
        card.height(),
        image::ColorType::Rgb8,
    )
    .map_err(|e| SynthError::Picture(e.to_string()))?;
    let mut tsv = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(dir.join("misread.tsv"))
        .map_err(io)?;
    writeln!(tsv, "{name}{lines}").map_err(io)
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
