//! Active liveness: the patient is asked to turn the head to one side. The turn is read from the
//! detector's keypoints; a photo held up to the camera cannot turn, and repeated identical
//! frames (a still image fed as video) are refused outright.

use super::detector::Detection;

/// Which way the patient is asked to turn, as seen in the camera picture.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TurnDirection {
    /// The nose moves towards the picture's left edge.
    PictureLeft,
    /// The nose moves towards the picture's right edge.
    PictureRight,
}

impl TurnDirection {
    /// A direction that changes from visit to visit (clock nanoseconds), so that a prepared video
    /// turning one way fails half the time; the flow may choose its own.
    pub fn pick() -> Self {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        if (nanos / 1000).is_multiple_of(2) {
            Self::PictureLeft
        } else {
            Self::PictureRight
        }
    }
}

/// Head yaw from the keypoints, about -0.5..0.5: where the nose tip lies between the two ears
/// (0 = midway, facing the camera; negative = towards the picture's left). Ears rather than eyes
/// because the ear-to-ear span shrinks least when the head turns.
pub fn yaw(face: &Detection) -> f32 {
    let [_, _, nose, _, ear_a, ear_b] = face.keypoints;
    let (left, right) = if ear_a.x <= ear_b.x {
        (ear_a, ear_b)
    } else {
        (ear_b, ear_a)
    };
    let span = right.x - left.x;
    if span <= f32::EPSILON {
        return 0.0;
    }
    (nose.x - (left.x + right.x) / 2.0) / span
}

/// Whether `face` shows the requested turn: its yaw moved by at least `threshold` the asked way
/// from `baseline` (the yaw while facing the camera). Relative, because people (and cameras
/// mounted off-centre) do not face the lens exactly.
pub fn turned(face: &Detection, baseline: f32, direction: TurnDirection, threshold: f32) -> bool {
    let delta = yaw(face) - baseline;
    match direction {
        TurnDirection::PictureLeft => delta <= -threshold,
        TurnDirection::PictureRight => delta >= threshold,
    }
}

#[cfg(test)]
mod tests {
    use super::super::detector::Point;
    use super::*;

    fn face_with_nose(nose_x: f32) -> Detection {
        let p = |x| Point { x, y: 0.0 };
        Detection {
            score: 1.0,
            left: 0.0,
            top: 0.0,
            width: 100.0,
            height: 100.0,
            keypoints: [p(30.0), p(70.0), p(nose_x), p(50.0), p(0.0), p(100.0)],
        }
    }

    #[test]
    fn yaw_follows_the_nose() {
        use TurnDirection::{PictureLeft, PictureRight};
        assert_eq!(yaw(&face_with_nose(50.0)), 0.0);
        assert!((yaw(&face_with_nose(20.0)) + 0.3).abs() < 1e-6);
        assert!(turned(&face_with_nose(20.0), 0.0, PictureLeft, 0.25));
        assert!(!turned(&face_with_nose(20.0), 0.0, PictureRight, 0.25));
        assert!(!turned(&face_with_nose(55.0), 0.0, PictureRight, 0.25));
        // From a baseline of 0.2 (facing a little right), 0.1 is a small turn left, not enough.
        assert!(!turned(&face_with_nose(60.0), 0.2, PictureLeft, 0.25));
        assert!(turned(&face_with_nose(40.0), 0.2, PictureLeft, 0.25));
    }
}
