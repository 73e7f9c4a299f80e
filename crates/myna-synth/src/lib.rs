//! Synthetic test data for the card-front OCR (issue 20): My Number Card fronts rendered from
//! synthetic values ([`card_front`]), photographed virtually as the kiosk's camera would see
//! them ([`photograph`]), written as sets with their truth ([`set`]), and the benchmark that
//! reads them ([`bench`]). A dev tool: never shipped, never fed real card images.
//!
//! Everything is a function of a seed: the same seed gives the same bytes. Sets for development
//! use [`DEVELOPMENT_SEED`]; the benchmark's figures come from [`HELD_OUT_SEED`].

pub mod bench;
pub mod card_front;
pub mod geometry;
pub mod photograph;
pub mod profile;
pub mod raster;
pub mod set;

use rand::SeedableRng;
use rand::rngs::Xoshiro256PlusPlus;

pub use raster::Extent;

/// The seed of the sets used while developing and tuning the card finder and the reader.
pub const DEVELOPMENT_SEED: u64 = 20_261_204;

/// The seed of the held-out set the benchmark reports on. Never tune anything on it: no
/// threshold, band or preprocessing step may be chosen by looking at its results (issue 20).
pub const HELD_OUT_SEED: u64 = 0x4d59_4e41_4845_4c44; // "MYNAHELD"

/// Errors of the synthetic data tools.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SynthError {
    #[error("font {path} could not be used ({why}); run scripts/install-deps.sh (fonts-noto-cjk)")]
    Font { path: String, why: String },
    #[error("{0}: {1}")]
    Io(String, std::io::Error),
    #[error("picture: {0}")]
    Picture(String),
    #[error("JPEG: {0}")]
    Jpeg(String),
    #[error("degenerate card pose")]
    Pose,
    #[error("{0}")]
    Ocr(#[from] myna_face::FaceError),
    #[error("card profile {0}")]
    Profile(String),
}

/// A generator for one purpose of one seed: each purpose draws from its own stream, so that a
/// change in how one part draws leaves the others' values alone. Xoshiro256++ named, not
/// `SmallRng`, whose algorithm may change between rand versions.
pub(crate) fn rng(seed: u64, purpose: u64) -> Xoshiro256PlusPlus {
    Xoshiro256PlusPlus::seed_from_u64(seed ^ purpose.wrapping_mul(0x9E37_79B9_7F4A_7C15))
}

/// The seed of item `index` of a set made with `seed`.
pub fn item_seed(seed: u64, index: u64) -> u64 {
    seed.wrapping_mul(0xD134_2543_DE82_EF95)
        .wrapping_add(index.wrapping_mul(0x9E37_79B9_7F4A_7C15))
        .rotate_left(17)
}
