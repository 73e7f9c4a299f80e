//! One visit's face check: frames in, progress out, then a verdict.
//!
//! Rules: `agreeing_frames` frames facing the camera must each match the card photo; then the
//! patient turns the head the asked way and that frame must match too (a little more loosely);
//! the face must have moved between frames; three identical frames in a row end the attempt
//! (a still image fed as video). As many frames that do not match end it with "no match".

use super::detector::Detection;
use super::embedder::Embedding;
use super::liveness::{TurnDirection, turned, yaw};
use super::picture::Picture;
use super::{FaceError, FaceMatcher};

/// Movement of the face centre, relative to the eye distance, that shows a live person.
const MIN_MOVEMENT: f32 = 0.02;
const STILL_FRAMES_LIMIT: u32 = 2;

/// The face's box in frame pixels, for the preview's overlay.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct FaceBox {
    pub left: f32,
    pub top: f32,
    pub width: f32,
    pub height: f32,
}

impl From<&Detection> for FaceBox {
    fn from(d: &Detection) -> Self {
        Self {
            left: d.left,
            top: d.top,
            width: d.width,
            height: d.height,
        }
    }
}

/// The final answer of one attempt.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Verdict {
    /// Same person: median distance of the agreeing frames.
    Match { distance: f32 },
    /// Not the card's person: median distance of the frames that did not match.
    NoMatch { distance: f32 },
    /// The face matched but never turned as asked, did not move, or the frames were identical.
    LivenessFailed,
    /// No usable face was seen.
    NoFace,
    /// Frames ran out before either outcome (e.g. half of them matched).
    Inconclusive,
}

/// What the screen should say after a frame.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Progress {
    NoFace,
    SeveralFaces,
    /// The face is too small: "please come closer".
    ComeCloser(FaceBox),
    /// A face facing the camera was compared; `agreeing` of the needed frames matched so far.
    /// `yaw` is the head turn read from the keypoints (see `yaw`), for a progress hint.
    Looking {
        face: FaceBox,
        yaw: f32,
        agreeing: u32,
        needed: u32,
    },
    /// Enough frames agree: ask for the turn.
    TurnHead {
        face: FaceBox,
        yaw: f32,
        direction: TurnDirection,
    },
    Done(Verdict),
}

/// A visit's check, created by [`FaceMatcher::enroll_card_photo`]. Holds the card descriptor
/// (wiped on drop) and counts; never the frames.
pub struct FaceCheck {
    matcher: FaceMatcher,
    card: Embedding,
    grey: bool,
    direction: TurnDirection,
    frames: u32,
    faces_seen: u32,
    agreeing: Vec<f32>,
    facing_yaws: Vec<f32>,
    disagreeing: Vec<f32>,
    turn_seen: bool,
    first_centre: Option<(f32, f32)>,
    moved: bool,
    last_fingerprint: Option<u64>,
    still_frames: u32,
    done: Option<Verdict>,
}

impl std::fmt::Debug for FaceCheck {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FaceCheck")
            .field("direction", &self.direction)
            .field("frames", &self.frames)
            .field("done", &self.done)
            .finish_non_exhaustive()
    }
}

impl FaceCheck {
    pub(crate) fn new(
        matcher: FaceMatcher,
        card: Embedding,
        grey: bool,
        direction: TurnDirection,
    ) -> Self {
        Self {
            matcher,
            card,
            grey,
            direction,
            frames: 0,
            faces_seen: 0,
            agreeing: Vec::new(),
            facing_yaws: Vec::new(),
            disagreeing: Vec::new(),
            turn_seen: false,
            first_centre: None,
            moved: false,
            last_fingerprint: None,
            still_frames: 0,
            done: None,
        }
    }

    /// The turn this visit asks for.
    pub fn direction(&self) -> TurnDirection {
        self.direction
    }

    /// Feeds one frame. After `Progress::Done` further frames change nothing.
    pub fn check_frame(&mut self, frame: &Picture) -> Result<Progress, FaceError> {
        if let Some(v) = self.done {
            return Ok(Progress::Done(v));
        }
        self.frames += 1;
        let progress = self.step(frame)?;
        if !matches!(progress, Progress::Done(_)) && self.frames >= self.matcher.config.max_frames {
            return Ok(self.finish(self.verdict()));
        }
        Ok(progress)
    }

    fn step(&mut self, frame: &Picture) -> Result<Progress, FaceError> {
        let fingerprint = frame.fingerprint();
        if self.last_fingerprint == Some(fingerprint) {
            self.still_frames += 1;
            if self.still_frames >= STILL_FRAMES_LIMIT {
                return Ok(self.finish(Verdict::LivenessFailed));
            }
        } else {
            self.still_frames = 0;
        }
        self.last_fingerprint = Some(fingerprint);

        let config = self.matcher.config.clone();
        let grey;
        let picture = if self.grey {
            grey = frame.to_grey();
            &grey
        } else {
            frame
        };
        let (embedding, face) = match self
            .matcher
            .embed_single_face(picture, config.min_eye_distance)
        {
            Ok(found) => found,
            Err(FaceError::NoFace) => return Ok(Progress::NoFace),
            Err(FaceError::SeveralFaces(_)) => return Ok(Progress::SeveralFaces),
            Err(FaceError::TinyFace { .. }) => {
                let faces = self.matcher.detect(picture)?;
                return Ok(faces
                    .first()
                    .map_or(Progress::NoFace, |f| Progress::ComeCloser(f.into())));
            }
            Err(e) => return Err(e),
        };
        self.faces_seen += 1;
        self.note_movement(&face);
        let distance = embedding.distance(&self.card);
        let needed = config.agreeing_frames;
        let enough = self.agreeing.len() as u32 >= needed;

        let baseline = self.facing_yaws.iter().sum::<f32>() / self.facing_yaws.len().max(1) as f32;
        if enough && turned(&face, baseline, self.direction, config.turn_yaw) {
            if distance < config.threshold + config.turned_margin {
                self.turn_seen = true;
                if self.moved {
                    return Ok(self.finish(Verdict::Match {
                        distance: median(&self.agreeing),
                    }));
                }
                return Ok(self.finish(Verdict::LivenessFailed));
            }
            self.disagreeing.push(distance);
        } else if yaw(&face).abs() <= config.facing_yaw {
            if distance < config.threshold {
                self.agreeing.push(distance);
                self.facing_yaws.push(yaw(&face));
            } else {
                self.disagreeing.push(distance);
            }
        }
        if self.disagreeing.len() as u32 >= needed {
            return Ok(self.finish(Verdict::NoMatch {
                distance: median(&self.disagreeing),
            }));
        }
        if self.agreeing.len() as u32 >= needed {
            Ok(Progress::TurnHead {
                face: (&face).into(),
                yaw: yaw(&face),
                direction: self.direction,
            })
        } else {
            Ok(Progress::Looking {
                face: (&face).into(),
                yaw: yaw(&face),
                agreeing: self.agreeing.len() as u32,
                needed,
            })
        }
    }

    fn note_movement(&mut self, face: &Detection) {
        let c = face.centre();
        match self.first_centre {
            None => self.first_centre = Some((c.x, c.y)),
            Some((x, y)) => {
                let scale = face.eye_distance().max(1.0);
                if (c.x - x).hypot(c.y - y) / scale > MIN_MOVEMENT {
                    self.moved = true;
                }
            }
        }
    }

    fn finish(&mut self, verdict: Verdict) -> Progress {
        self.done = Some(verdict);
        Progress::Done(verdict)
    }

    /// The verdict now: the final one once `Progress::Done` was returned, otherwise what the
    /// frames so far show (used when the frames run out or time is up).
    pub fn verdict(&self) -> Verdict {
        if let Some(v) = self.done {
            return v;
        }
        let needed = self.matcher.config.agreeing_frames as usize;
        if self.faces_seen == 0 {
            Verdict::NoFace
        } else if self.disagreeing.len() >= needed.max(1)
            && self.disagreeing.len() > self.agreeing.len()
        {
            Verdict::NoMatch {
                distance: median(&self.disagreeing),
            }
        } else if self.agreeing.len() >= needed {
            // Matched, but the turn (or movement) never came: a photo or a video loop.
            Verdict::LivenessFailed
        } else {
            Verdict::Inconclusive
        }
    }
}

fn median(values: &[f32]) -> f32 {
    let mut v = values.to_vec();
    v.sort_by(f32::total_cmp);
    v.get(v.len() / 2).copied().unwrap_or(f32::NAN)
}

#[cfg(test)]
mod tests {
    use super::median;

    #[test]
    fn median_of_odd_and_even() {
        assert_eq!(median(&[0.3, 0.1, 0.2]), 0.2);
        assert_eq!(median(&[0.4, 0.1]), 0.4);
        assert!(median(&[]).is_nan());
    }
}
