//! Pictures in memory: camera frames and the card photo, as 8-bit RGB wiped on drop.

use std::fmt;

use zeroize::Zeroizing;

use super::FaceError;

/// An RGB picture (8 bits a channel, rows top to bottom). Face images never leave memory: the
/// pixels are zeroed when dropped and `Debug` prints only the size.
#[derive(Clone)]
pub struct Picture {
    width: u32,
    height: u32,
    rgb: Zeroizing<Vec<u8>>,
}

impl fmt::Debug for Picture {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "Picture({}x{}, pixels redacted)",
            self.width, self.height
        )
    }
}

impl Picture {
    /// Wraps interleaved RGB bytes; fails when the length does not fit the size.
    pub fn from_rgb(width: u32, height: u32, rgb: Vec<u8>) -> Result<Self, FaceError> {
        let rgb = Zeroizing::new(rgb);
        if width == 0 || height == 0 || rgb.len() != width as usize * height as usize * 3 {
            return Err(FaceError::BadImage(
                "pixel data does not match the size".into(),
            ));
        }
        Ok(Self { width, height, rgb })
    }

    /// Decodes a JPEG or PNG camera frame or test photo.
    pub fn decode(bytes: &[u8]) -> Result<Self, FaceError> {
        let decoded =
            image::load_from_memory(bytes).map_err(|e| FaceError::BadImage(e.to_string()))?;
        let rgb = decoded.to_rgb8();
        let (width, height) = rgb.dimensions();
        Self::from_rgb(width, height, rgb.into_raw())
    }

    /// Decodes the card photo: JPEG 2000 (JP2 box or raw codestream), greyscale on real cards.
    /// Its headers are read first ([`super::jpeg2000_header`]): a photo that claims more than
    /// a card photo can be is refused before the decoder sees it.
    pub fn decode_jpeg2000(bytes: &[u8]) -> Result<Self, FaceError> {
        use hayro_jpeg2000::{DecodeSettings, DecoderContext, Image};
        let bad = |e: &dyn fmt::Display| FaceError::BadImage(format!("JPEG 2000: {e}"));
        let declared = super::jpeg2000_header::check(bytes).map_err(|e| bad(&e))?;
        let image = Image::new(bytes, &DecodeSettings::default()).map_err(|e| bad(&e))?;
        let (width, height) = (image.width(), image.height());
        if (width, height) != (declared.width, declared.height) {
            return Err(bad(
                &"the decoder reads another size than the headers claim",
            ));
        }
        let mut context = DecoderContext::default();
        let decoded = image.decode(&mut context).map_err(|e| bad(&e))?;
        let channels = decoded.components().len();
        let samples = Zeroizing::new(decoded.data_u8());
        let pixels = width as usize * height as usize;
        if channels == 0 || samples.len() != pixels * channels {
            return Err(FaceError::BadImage(
                "JPEG 2000: unexpected component layout".into(),
            ));
        }
        let mut rgb = Vec::with_capacity(pixels * 3);
        for px in samples.chunks_exact(channels) {
            // Grey (1 channel, or grey + alpha) is repeated; colour keeps its first three.
            if channels < 3 {
                rgb.extend_from_slice(&[px[0], px[0], px[0]]);
            } else {
                rgb.extend_from_slice(&px[..3]);
            }
        }
        Self::from_rgb(width, height, rgb)
    }

    pub fn width(&self) -> u32 {
        self.width
    }

    pub fn height(&self) -> u32 {
        self.height
    }

    /// The raw RGB bytes (for callers that show a preview; never log or store them).
    pub fn rgb(&self) -> &[u8] {
        &self.rgb
    }

    /// The picture shrunk by a whole factor to at most `width` pixels wide, each pixel the mean
    /// of its block (a preview for the screen: 1280×720 gives 640×360); a copy when it is
    /// narrower already. Written here rather than with `image::imageops::resize`, whose working
    /// buffers would keep the card's picture in memory unwiped.
    pub fn at_most_wide(&self, width: u32) -> Picture {
        let factor = self.width.div_ceil(width.max(1)).max(1) as usize;
        if factor == 1 {
            return self.clone();
        }
        let (w, h) = (self.width as usize, self.height as usize);
        let (sw, sh) = ((w / factor).max(1), (h / factor).max(1));
        let mut rgb = Zeroizing::new(vec![0u8; sw * sh * 3]);
        let mut sum = Zeroizing::new([0u32; 3]);
        for y in 0..sh {
            for x in 0..sw {
                sum.fill(0);
                let (rows, cols) = (
                    y * factor..((y + 1) * factor).min(h),
                    x * factor..((x + 1) * factor).min(w),
                );
                let count = (rows.len() * cols.len()).max(1) as u32;
                for row in rows {
                    for px in self.rgb[(row * w + cols.start) * 3..(row * w + cols.end) * 3]
                        .chunks_exact(3)
                    {
                        for c in 0..3 {
                            sum[c] += u32::from(px[c]);
                        }
                    }
                }
                for c in 0..3 {
                    rgb[(y * sw + x) * 3 + c] = ((sum[c] + count / 2) / count) as u8;
                }
            }
        }
        Picture {
            width: sw as u32,
            height: sh as u32,
            rgb,
        }
    }

    /// The same picture in grey (ITU-R BT.601 luma), kept as RGB: live frames are compared in grey
    /// because card photos are grey.
    pub fn to_grey(&self) -> Picture {
        let mut rgb = Zeroizing::new(self.rgb.to_vec());
        for px in rgb.chunks_exact_mut(3) {
            let y = (0.299 * f32::from(px[0]) + 0.587 * f32::from(px[1]) + 0.114 * f32::from(px[2]))
                .round()
                .clamp(0.0, 255.0) as u8;
            px.fill(y);
        }
        Picture {
            width: self.width,
            height: self.height,
            rgb,
        }
    }

    /// Bilinear sample of channel `c` at (x, y); 0 outside the picture.
    pub(crate) fn sample(&self, x: f32, y: f32, c: usize) -> f32 {
        let (w, h) = (self.width as i64, self.height as i64);
        let (x0, y0) = (x.floor(), y.floor());
        let (fx, fy) = (x - x0, y - y0);
        let (x0, y0) = (x0 as i64, y0 as i64);
        let at = |xi: i64, yi: i64| -> f32 {
            if xi < 0 || yi < 0 || xi >= w || yi >= h {
                0.0
            } else {
                f32::from(self.rgb[((yi * w + xi) * 3) as usize + c])
            }
        };
        let top = at(x0, y0) * (1.0 - fx) + at(x0 + 1, y0) * fx;
        let bottom = at(x0, y0 + 1) * (1.0 - fx) + at(x0 + 1, y0 + 1) * fx;
        top * (1.0 - fy) + bottom * fy
    }

    /// A cheap fingerprint of the pixels (FNV-1a over a sparse grid), to notice repeated frames.
    pub(crate) fn fingerprint(&self) -> u64 {
        let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
        for byte in self.rgb.iter().step_by(7) {
            hash ^= u64::from(*byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
        hash ^ (u64::from(self.width) << 32 | u64::from(self.height))
    }
}

/// Builds an NCHW float tensor of `size`×`size` from `picture`, mapping each target pixel through
/// `to_source` (target → source coordinates) and each sample through `scale`.
pub(crate) fn warp_nchw(
    picture: &Picture,
    size: usize,
    to_source: impl Fn(f32, f32) -> (f32, f32),
    scale: impl Fn(f32) -> f32,
) -> Zeroizing<Vec<f32>> {
    let plane = size * size;
    let mut out = Zeroizing::new(vec![0.0f32; 3 * plane]);
    for ty in 0..size {
        for tx in 0..size {
            let (sx, sy) = to_source(tx as f32 + 0.5, ty as f32 + 0.5);
            for c in 0..3 {
                out[c * plane + ty * size + tx] = scale(picture.sample(sx - 0.5, sy - 0.5, c));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shrinks_by_a_whole_factor_to_block_means() {
        // 4×2 grey: a left block of 0, 10, 20, 30 and a right one of 100.
        let greys = [0u8, 10, 100, 100, 20, 30, 100, 100];
        let p = Picture::from_rgb(4, 2, greys.iter().flat_map(|&g| [g; 3]).collect()).unwrap();
        let small = p.at_most_wide(2);
        assert_eq!((small.width(), small.height()), (2, 1));
        assert_eq!(small.rgb(), &[15, 15, 15, 100, 100, 100]);
        // 3 wide into 2: a factor of 2, one pixel left over.
        assert_eq!(p.at_most_wide(3).width(), 2);
        assert_eq!(p.at_most_wide(4).rgb(), p.rgb());
    }

    #[test]
    fn size_must_match_pixels() {
        assert!(Picture::from_rgb(2, 2, vec![0; 11]).is_err());
        assert!(Picture::from_rgb(2, 2, vec![0; 12]).is_ok());
    }

    #[test]
    fn debug_hides_pixels() {
        let p = Picture::from_rgb(1, 1, vec![1, 2, 3]).unwrap();
        assert_eq!(format!("{p:?}"), "Picture(1x1, pixels redacted)");
    }

    #[test]
    fn bilinear_sample_interpolates_and_is_black_outside() {
        let p = Picture::from_rgb(2, 1, vec![0, 0, 0, 100, 100, 100]).unwrap();
        assert!((p.sample(0.5, 0.0, 0) - 50.0).abs() < 1e-3);
        assert_eq!(p.sample(-5.0, 0.0, 1), 0.0);
    }

    #[test]
    fn grey_uses_luma() {
        let p = Picture::from_rgb(1, 1, vec![255, 0, 0]).unwrap().to_grey();
        assert_eq!(p.rgb(), &[76, 76, 76]);
    }
}
