//! The text recogniser: one printed line in, its text and confidence out.

use std::path::Path;
use std::sync::Arc;

use image::{ImageBuffer, Rgb, imageops};
use zeroize::Zeroizing;

use super::ctc::{self, Reading};
use super::{KEYS_FILE, RECOGNISER_FILE};
use crate::model::{self, Plan};
use crate::{FaceError, Picture};

/// The model's input height (PaddleOCR's `rec_img_shape`).
pub const INPUT_HEIGHT: usize = 48;
/// The one input width the model is planned for: a concrete width runs about 4× faster in tract
/// than a symbolic one (docs/card-front-ocr.md §3). Narrower lines are padded on the right, wider
/// ones squeezed, as PaddleOCR does.
pub const INPUT_WIDTH: usize = 320;
const SHAPE: [usize; 4] = [1, 3, INPUT_HEIGHT, INPUT_WIDTH];

/// PP-OCRv6's recogniser with its alphabet; cheap to clone (the plan is shared).
#[derive(Clone)]
pub struct Recogniser {
    model: Plan,
    alphabet: Arc<Vec<String>>,
}

impl std::fmt::Debug for Recogniser {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Recogniser({} characters)", self.alphabet.len())
    }
}

impl Recogniser {
    /// Loads the model and its alphabet from `models_dir` and plans it for one 48×320 line
    /// (a few hundred milliseconds, once at start).
    pub fn load(models_dir: &Path) -> Result<Self, FaceError> {
        let keys_path = models_dir.join(KEYS_FILE);
        let keys = std::fs::read_to_string(&keys_path)
            .map_err(|e| FaceError::ocr_model(&keys_path, &e))?;
        let alphabet: Vec<String> = keys.lines().map(str::to_owned).collect();
        let path = models_dir.join(RECOGNISER_FILE);
        let model = model::plan(&path, SHAPE).map_err(|e| FaceError::ocr_model(&path, &e))?;
        Ok(Self {
            model,
            alphabet: Arc::new(alphabet),
        })
    }

    /// Reads the one line of text in `crop` (any size; the text should fill most of its height).
    pub fn read(&self, crop: &Picture) -> Result<Reading, FaceError> {
        self.read_limited(crop, None)
    }

    /// As [`Self::read`], with only the characters of `allowed` competing at each step: a field's
    /// own characters (digits, 年月日生, the era names) cut confusions such as 令 read as 合 or 今.
    pub fn read_only(&self, crop: &Picture, allowed: &str) -> Result<Reading, FaceError> {
        // Class i + 1 is alphabet[i]; the blank (class 0) always competes.
        let mut mask = vec![false; self.alphabet.len() + 2];
        for (i, key) in self.alphabet.iter().enumerate() {
            mask[i + 1] = !key.is_empty() && key.chars().all(|c| allowed.contains(c));
        }
        self.read_limited(crop, Some(&mask))
    }

    fn read_limited(&self, crop: &Picture, allowed: Option<&[bool]>) -> Result<Reading, FaceError> {
        let out = model::run_first(&self.model, SHAPE, &input(crop)?, "recogniser")?;
        let view = model::floats(&out)?;
        // [1, time steps, classes]: the blank, the alphabet, then PaddleOCR's space.
        let classes = view.shape().last().copied().unwrap_or(0);
        if view.ndim() != 3 || classes != self.alphabet.len() + 2 {
            return Err(FaceError::Inference(format!(
                "recogniser output {:?} does not fit an alphabet of {}",
                view.shape(),
                self.alphabet.len()
            )));
        }
        let probs = view
            .as_slice()
            .ok_or_else(|| FaceError::Inference("recogniser output not contiguous".into()))?;
        Ok(ctc::decode(probs, classes, &self.alphabet, allowed))
    }
}

/// PaddleOCR's recogniser input: the crop scaled to 48 pixels high keeping its aspect (squeezed
/// to 320 when wider), channels in BGR order (PaddleOCR reads with OpenCV), (x/255 − 0.5)/0.5,
/// and zeros (mid grey) to the right.
fn input(crop: &Picture) -> Result<Zeroizing<Vec<f32>>, FaceError> {
    let (w, h) = (crop.width(), crop.height());
    let source = ImageBuffer::<Rgb<u8>, &[u8]>::from_raw(w, h, crop.rgb())
        .ok_or_else(|| FaceError::BadImage("crop size does not fit its pixels".into()))?;
    let width = (INPUT_HEIGHT as f32 * w as f32 / h as f32).ceil() as usize;
    let width = width.clamp(1, INPUT_WIDTH);
    let scaled = Zeroizing::new(
        imageops::resize(
            &source,
            width as u32,
            INPUT_HEIGHT as u32,
            imageops::FilterType::Triangle,
        )
        .into_raw(),
    );
    let plane = INPUT_HEIGHT * INPUT_WIDTH;
    let mut data = Zeroizing::new(vec![0.0f32; 3 * plane]);
    for y in 0..INPUT_HEIGHT {
        for x in 0..width {
            let px = &scaled[(y * width + x) * 3..][..3];
            for c in 0..3 {
                data[c * plane + y * INPUT_WIDTH + x] = f32::from(px[2 - c]) / 127.5 - 1.0;
            }
        }
    }
    Ok(data)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Channel `c`, row `y`, column `x` of the NCHW input.
    fn at(input: &[f32], c: usize, y: usize, x: usize) -> f32 {
        input[(c * INPUT_HEIGHT + y) * INPUT_WIDTH + x]
    }

    #[test]
    fn a_short_line_is_scaled_to_48_high_and_padded_with_mid_grey() {
        // 10×5 white: 96 wide once 48 high, then zeros.
        let crop = Picture::from_rgb(10, 5, vec![255; 150]).unwrap();
        let v = input(&crop).unwrap();
        assert_eq!(v.len(), 3 * 48 * 320);
        assert_eq!(at(&v, 0, 10, 95), 1.0);
        assert_eq!(at(&v, 2, 47, 96), 0.0);
    }

    #[test]
    fn channels_go_in_bgr_order() {
        let crop = Picture::from_rgb(1, 1, vec![255, 0, 0]).unwrap();
        let v = input(&crop).unwrap();
        assert_eq!((at(&v, 0, 0, 0), at(&v, 2, 0, 0)), (-1.0, 1.0));
    }

    #[test]
    fn a_long_line_is_squeezed_to_the_planned_width() {
        let crop = Picture::from_rgb(100, 5, vec![0; 1500]).unwrap();
        let v = input(&crop).unwrap();
        assert_eq!(at(&v, 1, 20, 319), -1.0);
    }
}
