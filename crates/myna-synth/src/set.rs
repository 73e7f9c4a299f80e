//! Sets of photographed synthetic cards on disk: `NNNN.jpg` (or `NNNN/frame-KK.jpg` for
//! sequences) and `truth.tsv`. Sets go under target/ or a temporary folder, never into the
//! repository (real card images are never committed; synthetic ones need not be: the seed
//! makes them again).

use std::fmt::Write as _;
use std::path::Path;

use crate::card_front::{CardFront, RenderedCard, Renderer};
use crate::photograph::{self, Conditions, Shot};
use crate::{SynthError, item_seed};
use myna_face::ocr::layout::Field;

/// One card of a set: its values, the card as rendered, its photographs.
pub struct Item {
    pub card: CardFront,
    pub rendered: RenderedCard,
    pub shots: Vec<Shot>,
}

/// Card `index` of the set made with `seed`: `frames` photographs (1: a single shot; more: a
/// sequence at 10 frames a second with the hand moving).
pub fn item(
    renderer: &Renderer,
    seed: u64,
    index: u64,
    frames: usize,
    conditions: &Conditions,
) -> Result<Item, SynthError> {
    let s = item_seed(seed, index);
    let card = CardFront::random(s);
    let rendered = renderer.render(&card, s)?;
    let shots = if frames <= 1 {
        vec![photograph::shoot(&rendered.picture, s, conditions)?]
    } else {
        photograph::shoot_frames(&rendered.picture, s, conditions, frames)?
    };
    Ok(Item {
        card,
        rendered,
        shots,
    })
}

/// The header of truth.tsv: the file, 照合番号B, the card's corners in the frame (top left, top
/// right, bottom right, bottom left; x then y, frame pixels), and the three printed lines.
pub const TRUTH_HEADER: &str =
    "file\tcode_b\tx0\ty0\tx1\ty1\tx2\ty2\tx3\ty3\tbirth_line\texpiry_line\tsecurity_code";

/// What [`write`] writes.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    pub seed: u64,
    pub count: u64,
    /// Frames per card (1: single shots).
    pub frames: usize,
    /// Also each card as rendered (`NNNN-card.png`), for looking at or for the finder's tests.
    pub flat: bool,
}

/// Writes the set into `out` (created if missing).
pub fn write(
    renderer: &Renderer,
    out: &Path,
    options: &Options,
    conditions: &Conditions,
) -> Result<(), SynthError> {
    let Options {
        seed,
        count,
        frames,
        flat,
    } = *options;
    let io = |p: &Path, e| SynthError::Io(p.display().to_string(), e);
    std::fs::create_dir_all(out).map_err(|e| io(out, e))?;
    let mut truth = String::from(TRUTH_HEADER);
    truth.push('\n');
    for index in 0..count {
        let item = item(renderer, seed, index, frames, conditions)?;
        if flat {
            let path = out.join(format!("{index:04}-card.png"));
            let p = &item.rendered.picture;
            image::save_buffer(
                &path,
                p.rgb(),
                p.width(),
                p.height(),
                image::ColorType::Rgb8,
            )
            .map_err(|e| SynthError::Picture(e.to_string()))?;
        }
        for (k, shot) in item.shots.iter().enumerate() {
            let file = if frames <= 1 {
                format!("{index:04}.jpg")
            } else {
                let dir = out.join(format!("{index:04}"));
                std::fs::create_dir_all(&dir).map_err(|e| io(&dir, e))?;
                format!("{index:04}/frame-{k:02}.jpg")
            };
            let path = out.join(&file);
            std::fs::write(&path, &shot.jpeg).map_err(|e| io(&path, e))?;
            let _ = write!(truth, "{file}\t{}", item.card.expected_code_b());
            for (x, y) in shot.corners {
                let _ = write!(truth, "\t{x:.2}\t{y:.2}");
            }
            for field in [Field::BirthDate, Field::Expiry, Field::SecurityCode] {
                let _ = write!(truth, "\t{}", item.card.printed(field));
            }
            truth.push('\n');
        }
    }
    let path = out.join("truth.tsv");
    std::fs::write(&path, truth).map_err(|e| io(&path, e))
}
