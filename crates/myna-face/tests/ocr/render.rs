//! Renders one line of text the way a field crop from the card front looks: dark print on a
//! light ground, in Debian's Noto CJK fonts (installed by scripts/install-deps.sh), by
//! myna-synth's rasteriser (the synthetic cards' own: one rasteriser in the workspace).

use std::path::Path;

use myna_face::Picture;

/// A font file (a .ttc collection and the face in it).
pub struct Font(myna_synth::raster::Font);

impl Font {
    pub fn open(path: &Path, index: u32) -> Option<Font> {
        myna_synth::raster::Font::open(path, index).ok().map(Font)
    }

    /// `text` at `px` pixels a em, with a margin of a quarter em around it.
    pub fn render(&self, text: &str, px: f32) -> Picture {
        self.0.line_picture(text, px).unwrap()
    }
}

/// A poorly lit, noisy camera crop: contrast cut to a third on a grey ground, plus uniform noise
/// of ±`noise` grey levels (a fixed pseudo-random sequence, so that runs agree).
pub fn dim_and_noisy(picture: &Picture, noise: f32) -> Picture {
    let mut state: u32 = 0x2545_f491;
    let rgb = picture
        .rgb()
        .chunks_exact(3)
        .flat_map(|px| {
            // xorshift32: deterministic, no dependency.
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            let n = (state as f32 / u32::MAX as f32 * 2.0 - 1.0) * noise;
            let v = (f32::from(px[0]) * 0.35 + 70.0 + n).clamp(0.0, 255.0) as u8;
            [v, v, v]
        })
        .collect();
    Picture::from_rgb(picture.width(), picture.height(), rgb).unwrap()
}
