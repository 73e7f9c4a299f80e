//! BlazeFace short range (MediaPipe): 128×128 input, 896 SSD anchors, a box and six keypoints
//! per face. Decoding follows MediaPipe's own graph: unit anchors, offsets divided by 128.

use super::FaceError;
use super::model::{self, Plan};
use super::picture::{Picture, warp_nchw};
use std::path::Path;

const INPUT: usize = 128;
const SHAPE: [usize; 4] = [1, 3, INPUT, INPUT];
const MIN_SCORE: f32 = 0.5;
const NMS_IOU: f32 = 0.3;
/// The second pass looks at a square this many times the first box, where the face fills more
/// of the 128 pixels and the eyes come out more precisely.
const REFINE_CROP: f32 = 2.2;

/// A point in picture pixels.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Point {
    pub x: f32,
    pub y: f32,
}

/// One face: box and keypoints in picture pixels. Keypoints as MediaPipe orders them: the eye on
/// the picture's left, the other eye, nose tip, mouth centre, the ear (tragion) on the picture's
/// left, the other ear.
#[derive(Clone, Debug)]
pub struct Detection {
    pub score: f32,
    pub left: f32,
    pub top: f32,
    pub width: f32,
    pub height: f32,
    pub keypoints: [Point; 6],
}

impl Detection {
    pub fn centre(&self) -> Point {
        Point {
            x: self.left + self.width / 2.0,
            y: self.top + self.height / 2.0,
        }
    }

    /// Distance between the two eye centres, in pixels.
    pub fn eye_distance(&self) -> f32 {
        let [a, b, ..] = self.keypoints;
        (b.x - a.x).hypot(b.y - a.y)
    }

    fn iou(&self, other: &Detection) -> f32 {
        let x0 = self.left.max(other.left);
        let y0 = self.top.max(other.top);
        let x1 = (self.left + self.width).min(other.left + other.width);
        let y1 = (self.top + self.height).min(other.top + other.height);
        let inter = (x1 - x0).max(0.0) * (y1 - y0).max(0.0);
        let union = self.width * self.height + other.width * other.height - inter;
        if union <= 0.0 { 0.0 } else { inter / union }
    }
}

/// SSD anchor centres of the short-range model: a 16×16 grid with 2 anchors a cell (stride 8),
/// then an 8×8 grid with 6 (three stride-16 layers share one grid), 896 in all.
fn anchors() -> Vec<(f32, f32)> {
    let mut out = Vec::with_capacity(896);
    for (grid, per_cell) in [(16usize, 2usize), (8, 6)] {
        for y in 0..grid {
            for x in 0..grid {
                let centre = (
                    (x as f32 + 0.5) / grid as f32,
                    (y as f32 + 0.5) / grid as f32,
                );
                out.extend(std::iter::repeat_n(centre, per_cell));
            }
        }
    }
    out
}

pub(crate) struct Detector {
    model: Plan,
    anchors: Vec<(f32, f32)>,
}

impl Detector {
    pub fn load(path: &Path) -> Result<Self, FaceError> {
        let model = model::plan(path, SHAPE).map_err(|e| FaceError::model(path, &e))?;
        Ok(Self {
            model,
            anchors: anchors(),
        })
    }

    /// All faces in `picture` (weighted NMS), best first, with eyes refined by a second pass.
    pub fn detect(&self, picture: &Picture) -> Result<Vec<Detection>, FaceError> {
        let (w, h) = (picture.width() as f32, picture.height() as f32);
        let side = w.max(h);
        let mut faces = self.detect_in_square(picture, (w - side) / 2.0, (h - side) / 2.0, side)?;
        if faces.is_empty() && side > 1.3 * w.min(h) {
            // A tall or wide picture (a portrait photo) makes the face too small once letterboxed:
            // look again in squares along the long side, half overlapping.
            let short = w.min(h);
            let mut offset = 0.0;
            loop {
                let end = (offset + short).min(side);
                let (x0, y0) = if w > h {
                    (end - short, 0.0)
                } else {
                    (0.0, end - short)
                };
                faces.extend(self.detect_in_square(picture, x0, y0, short)?);
                if end >= side {
                    break;
                }
                offset += short / 2.0;
            }
            faces = weighted_nms(faces);
        }
        let mut refined = Vec::with_capacity(faces.len());
        for face in faces {
            let side = face.width.max(face.height) * REFINE_CROP;
            let centre = face.centre();
            let second =
                self.detect_in_square(picture, centre.x - side / 2.0, centre.y - side / 2.0, side)?;
            // Keep the second pass only if it found the same face.
            match second.into_iter().find(|d| d.iou(&face) > 0.3) {
                Some(better) => refined.push(better),
                None => refined.push(face),
            }
        }
        Ok(refined)
    }

    /// Runs the network on the square (x0, y0, side) of the picture (parts outside are black:
    /// this is the letterbox) and returns faces in picture pixels.
    fn detect_in_square(
        &self,
        picture: &Picture,
        x0: f32,
        y0: f32,
        side: f32,
    ) -> Result<Vec<Detection>, FaceError> {
        let step = side / INPUT as f32;
        let input = warp_nchw(
            picture,
            INPUT,
            |x, y| (x0 + x * step, y0 + y * step),
            |v| v / 127.5 - 1.0,
        );
        let outputs = model::run(&self.model, SHAPE, &input)?;
        let (mut boxes, mut scores) = (None, None);
        for out in outputs.iter() {
            let view = model::floats(out)?;
            match view.shape().last() {
                Some(16) => boxes = Some(view),
                Some(1) => scores = Some(view),
                _ => {}
            }
        }
        let (Some(boxes), Some(scores)) = (boxes, scores) else {
            return Err(FaceError::Inference(
                "detector outputs are not [896,16] and [896,1]".into(),
            ));
        };
        let boxes = boxes.as_slice().unwrap_or_default();
        let scores = scores.as_slice().unwrap_or_default();
        if boxes.len() != 896 * 16 || scores.len() != 896 {
            return Err(FaceError::Inference("detector output size".into()));
        }
        let to_px = |nx: f32, ny: f32| Point {
            x: x0 + nx * side,
            y: y0 + ny * side,
        };
        let mut found = Vec::new();
        for (i, &(ax, ay)) in self.anchors.iter().enumerate() {
            let score = 1.0 / (1.0 + (-scores[i].clamp(-100.0, 100.0)).exp());
            if score < MIN_SCORE {
                continue;
            }
            let r = &boxes[i * 16..i * 16 + 16];
            let (cx, cy) = (ax + r[0] / INPUT as f32, ay + r[1] / INPUT as f32);
            let (bw, bh) = (r[2] / INPUT as f32, r[3] / INPUT as f32);
            let corner = to_px(cx - bw / 2.0, cy - bh / 2.0);
            let mut keypoints = [Point { x: 0.0, y: 0.0 }; 6];
            for (k, kp) in keypoints.iter_mut().enumerate() {
                *kp = to_px(
                    ax + r[4 + 2 * k] / INPUT as f32,
                    ay + r[5 + 2 * k] / INPUT as f32,
                );
            }
            found.push(Detection {
                score,
                left: corner.x,
                top: corner.y,
                width: bw * side,
                height: bh * side,
                keypoints,
            });
        }
        Ok(weighted_nms(found))
    }
}

/// MediaPipe's weighted non-maximum suppression: overlapping candidates are averaged, weighted by
/// score, rather than dropped; this steadies the keypoints.
fn weighted_nms(mut candidates: Vec<Detection>) -> Vec<Detection> {
    candidates.sort_by(|a, b| b.score.total_cmp(&a.score));
    let mut out = Vec::new();
    while let Some(best) = candidates.first().cloned() {
        let (overlapping, rest): (Vec<_>, Vec<_>) =
            candidates.into_iter().partition(|d| d.iou(&best) > NMS_IOU);
        candidates = rest;
        let total: f32 = overlapping.iter().map(|d| d.score).sum();
        let mut merged = best.clone();
        if total > 0.0 {
            let avg = |f: &dyn Fn(&Detection) -> f32| {
                overlapping.iter().map(|d| f(d) * d.score).sum::<f32>() / total
            };
            merged.left = avg(&|d| d.left);
            merged.top = avg(&|d| d.top);
            merged.width = avg(&|d| d.width);
            merged.height = avg(&|d| d.height);
            for k in 0..6 {
                merged.keypoints[k] = Point {
                    x: avg(&|d| d.keypoints[k].x),
                    y: avg(&|d| d.keypoints[k].y),
                };
            }
        }
        out.push(merged);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn face(left: f32, score: f32) -> Detection {
        let p = Point { x: left, y: 0.0 };
        Detection {
            score,
            left,
            top: 0.0,
            width: 10.0,
            height: 10.0,
            keypoints: [p; 6],
        }
    }

    #[test]
    fn anchors_match_the_model() {
        let a = anchors();
        assert_eq!(a.len(), 896);
        assert_eq!(a[0], (1.0 / 32.0, 1.0 / 32.0));
        assert_eq!(a[1], a[0]);
        assert_eq!(a[512], (1.0 / 16.0, 1.0 / 16.0));
        assert_eq!(a[895], (15.0 / 16.0, 15.0 / 16.0));
    }

    #[test]
    fn weighted_nms_merges_overlaps_and_keeps_apart() {
        let out = weighted_nms(vec![face(0.0, 0.9), face(2.0, 0.9), face(50.0, 0.6)]);
        assert_eq!(out.len(), 2);
        assert!((out[0].left - 1.0).abs() < 1e-4);
        assert_eq!(out[1].left, 50.0);
    }
}
