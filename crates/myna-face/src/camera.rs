//! A V4L2 camera as a frame source (Linux). Asks for Motion-JPEG at the size the step needs
//! ([`FACE_FRAME`], [`CARD_FRONT_FRAME`]) and takes YUYV when the camera insists on it; a camera
//! without that size gives its nearest one (V4L2 chooses), and the steps work at any size.

use std::path::Path;

use v4l::FourCC;
use v4l::buffer::Type;
use v4l::io::mmap::Stream;
use v4l::io::traits::CaptureStream;
use v4l::video::Capture;

use super::source::FrameSource;
use super::{FaceError, Picture};

/// Face frames: 640×480, which nearly every USB camera offers; a face at the counter fills
/// enough of it, and the face models take smaller inputs.
pub const FACE_FRAME: (u32, u32) = (640, 480);
/// Card-front frames (issue 20): a field's line of print is about 3 mm high, ~12 pixels at 640
/// wide with the card across 55 % of the frame, too few for dim or glare-struck print; 1280×720
/// (offered in Motion-JPEG by HD USB cameras generally; no model checked) doubles that. The
/// reader looks for the card in a copy of the frame ~320 pixels wide and cuts each band to a
/// fixed size, so a frame takes about as long to read at either size (docs/card-front-ocr.md,
/// "Frames of 1280 by 720 for the card front").
pub const CARD_FRONT_FRAME: (u32, u32) = (1280, 720);

pub struct CameraSource {
    stream: Stream<'static>,
    format: v4l::Format,
}

impl std::fmt::Debug for CameraSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "CameraSource({}x{} {})",
            self.format.width, self.format.height, self.format.fourcc
        )
    }
}

impl CameraSource {
    /// Opens `device` for frames of `size` (width, height), or the camera's nearest size.
    pub fn open(device: &Path, size: (u32, u32)) -> Result<Self, FaceError> {
        let unavailable =
            |e: std::io::Error| FaceError::CameraUnavailable(format!("{}: {e}", device.display()));
        let dev = v4l::Device::with_path(device).map_err(unavailable)?;
        let mut wanted = dev.format().map_err(unavailable)?;
        (wanted.width, wanted.height) = size;
        wanted.fourcc = FourCC::new(b"MJPG");
        let mut format = dev.set_format(&wanted).map_err(unavailable)?;
        if format.fourcc != FourCC::new(b"MJPG") {
            wanted.fourcc = FourCC::new(b"YUYV");
            format = dev.set_format(&wanted).map_err(unavailable)?;
        }
        if format.fourcc != FourCC::new(b"MJPG") && format.fourcc != FourCC::new(b"YUYV") {
            return Err(FaceError::CameraUnavailable(format!(
                "{}: offers neither MJPG nor YUYV (only {})",
                device.display(),
                format.fourcc
            )));
        }
        let stream = Stream::with_buffers(&dev, Type::VideoCapture, 4).map_err(unavailable)?;
        Ok(Self { stream, format })
    }
}

impl FrameSource for CameraSource {
    fn next_frame(&mut self) -> Result<Option<Picture>, FaceError> {
        let (buf, meta) = self
            .stream
            .next()
            .map_err(|e| FaceError::Source(format!("camera: {e}")))?;
        let used = (meta.bytesused as usize).min(buf.len());
        let data = &buf[..used];
        if self.format.fourcc == FourCC::new(b"MJPG") {
            return Picture::decode(data).map(Some);
        }
        yuyv_to_picture(
            data,
            self.format.width,
            self.format.height,
            self.format.stride,
        )
        .map(Some)
    }
}

/// YUYV 4:2:2 (Y0 U Y1 V for two pixels) to RGB, BT.601 limited range.
fn yuyv_to_picture(
    data: &[u8],
    width: u32,
    height: u32,
    stride: u32,
) -> Result<Picture, FaceError> {
    let (w, h) = (width as usize, height as usize);
    let stride = (stride as usize).max(w * 2);
    if data.len() < stride * (h - 1) + w * 2 {
        return Err(FaceError::Source("camera: short YUYV frame".into()));
    }
    let mut rgb = Vec::with_capacity(w * h * 3);
    for row in data.chunks(stride).take(h) {
        for quad in row[..w * 2].chunks_exact(4) {
            let (u, v) = (f32::from(quad[1]) - 128.0, f32::from(quad[3]) - 128.0);
            for y in [quad[0], quad[2]] {
                let c = (f32::from(y) - 16.0) * 1.164;
                for value in [c + 1.596 * v, c - 0.392 * u - 0.813 * v, c + 2.017 * u] {
                    rgb.push(value.round().clamp(0.0, 255.0) as u8);
                }
            }
        }
    }
    Picture::from_rgb(width, height, rgb)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yuyv_grey_and_white_convert() {
        // Two pixels: Y=16 (black) and Y=235 (white), no colour.
        let p = yuyv_to_picture(&[16, 128, 235, 128], 2, 1, 4).unwrap();
        assert_eq!(p.rgb(), &[0, 0, 0, 255, 255, 255]);
        assert!(yuyv_to_picture(&[16, 128], 2, 1, 4).is_err());
    }
}
