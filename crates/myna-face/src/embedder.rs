//! dlib's face-recognition ResNet: a 150×150 chip aligned on the eyes → 128 numbers; two chips of
//! the same person lie close in L2 distance (dlib's own threshold is 0.6).

use std::fmt;
use std::path::Path;
use zeroize::Zeroizing;

use super::FaceError;
use super::detector::Detection;
use super::model::{self, Plan};
use super::picture::{Picture, warp_nchw};

pub const CHIP: usize = 150;
const SHAPE: [usize; 4] = [1, 3, CHIP, CHIP];
/// Where dlib's 5-point alignment puts the eye centres in a 150-pixel chip (measured on dlib's
/// own chips); aligning on the two eyes alone reproduces it closely.
const EYE_LEFT: (f32, f32) = (48.2, 46.3);
const EYE_RIGHT: (f32, f32) = (99.8, 46.3);

/// A face descriptor. Wiped on drop; `Debug` never prints it.
#[derive(Clone)]
pub struct Embedding(Zeroizing<Vec<f32>>);

impl fmt::Debug for Embedding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Embedding(redacted)")
    }
}

impl Embedding {
    /// Euclidean distance between two descriptors.
    pub fn distance(&self, other: &Embedding) -> f32 {
        self.0
            .iter()
            .zip(other.0.iter())
            .map(|(a, b)| (a - b) * (a - b))
            .sum::<f32>()
            .sqrt()
    }

    #[cfg(test)]
    pub(crate) fn from_values(values: Vec<f32>) -> Self {
        Self(Zeroizing::new(values))
    }
}

pub(crate) struct Embedder {
    model: Plan,
}

impl Embedder {
    pub fn load(path: &Path) -> Result<Self, FaceError> {
        let model = model::plan(path, SHAPE).map_err(|e| FaceError::model(path, &e))?;
        Ok(Self { model })
    }

    /// Aligns the face on its eyes and embeds the chip.
    pub fn embed(&self, picture: &Picture, face: &Detection) -> Result<Embedding, FaceError> {
        let chip = align(picture, face);
        let out = model::run_first(&self.model, SHAPE, &chip, "embedder")?;
        let values: Vec<f32> = model::floats(&out)?.iter().copied().collect();
        if values.len() != 128 {
            return Err(FaceError::Inference(format!(
                "descriptor has {} values",
                values.len()
            )));
        }
        Ok(Embedding(Zeroizing::new(values)))
    }
}

/// The 150×150 chip (NCHW, 0..255) under the similarity transform that puts the eyes where dlib's
/// chips have them.
pub(crate) fn align(picture: &Picture, face: &Detection) -> Zeroizing<Vec<f32>> {
    let [mut a, mut b, ..] = face.keypoints;
    if a.x > b.x {
        std::mem::swap(&mut a, &mut b);
    }
    let (dx, dy) = (b.x - a.x, b.y - a.y);
    let target = EYE_RIGHT.0 - EYE_LEFT.0;
    // chip → picture: rotate by the eye line's angle and scale by eye distance / target distance.
    let scale = dx.hypot(dy) / target;
    let (sin, cos) = dy.atan2(dx).sin_cos();
    warp_nchw(
        picture,
        CHIP,
        |x, y| {
            let (u, v) = ((x - EYE_LEFT.0) * scale, (y - EYE_LEFT.1) * scale);
            (a.x + u * cos - v * sin, a.y + u * sin + v * cos)
        },
        |v| v,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distance_is_euclidean() {
        let a = Embedding::from_values(vec![0.0, 3.0]);
        let b = Embedding::from_values(vec![4.0, 0.0]);
        assert!((a.distance(&b) - 5.0).abs() < 1e-6);
        assert_eq!(format!("{a:?}"), "Embedding(redacted)");
    }
}
