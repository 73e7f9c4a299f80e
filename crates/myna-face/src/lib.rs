//! Face confirmation: the card photo (card-surface AP EF `0002`, tag `DF27`, JPEG 2000) against
//! live camera frames. Everything runs on the kiosk; pictures and descriptors stay in memory,
//! are wiped on drop, and are never logged.
//!
//! Use: [`FaceMatcher::load`] once at start (a failure means PIN-only), then per visit
//! [`FaceMatcher::enroll_card_photo`] → a [`FaceCheck`]; feed it frames one by one with
//! [`FaceCheck::check_frame`] until it returns [`Progress::Done`], or ask
//! [`FaceCheck::verdict`] when the frames run out.
//!
//! Pipeline: BlazeFace (box + 6 keypoints, second pass for precise eyes) → a 150×150 chip aligned
//! on the eyes → dlib's ResNet descriptor → L2 distance to the card photo's descriptor.
//!
//! [`ocr`] reads the printed fields of the card front that 照合番号B needs (issue 20).

mod camera;
mod check;
mod config;
mod detector;
mod embedder;
pub mod jpeg2000_header;
mod liveness;
mod model;
pub mod ocr;
mod picture;
mod source;

use std::path::Path;
use std::sync::Arc;

pub use camera::{CARD_FRONT_FRAME, CameraSource, FACE_FRAME};
pub use check::{FaceBox, FaceCheck, Progress, Verdict};
pub use config::{FaceConfig, FrameSourceKind};
pub use detector::{Detection, Point};
pub use embedder::Embedding;
pub use liveness::{TurnDirection, yaw};
pub use picture::Picture;
pub use source::{FileSource, FrameSource, open_card_front_source, open_source, open_source_for};

use detector::Detector;
use embedder::Embedder;

/// File names under `FaceConfig::models_dir`, made by `scripts/fetch-models.sh`.
pub const DETECTOR_FILE: &str = "face_detection_short_range.onnx";
pub const EMBEDDER_FILE: &str = "dlib_face_recognition_resnet_v1.onnx";

/// Detector score from which a second face in the picture counts as a person.
const SECOND_FACE_SCORE: f32 = 0.7;

/// Smallest eye distance accepted in the card photo (a real one is about 300×400 pixels).
const MIN_CARD_EYE_DISTANCE: f32 = 16.0;

/// Errors of the face layer. None of them carries pixels or descriptors.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum FaceError {
    #[error("face model {path} could not be loaded ({reason}); run scripts/fetch-models.sh")]
    ModelLoad { path: String, reason: String },
    #[error(
        "card-front OCR model {path} could not be loaded ({reason}); run scripts/fetch-ocr-models.sh"
    )]
    OcrModelLoad { path: String, reason: String },
    #[error("picture could not be read: {0}")]
    BadImage(String),
    #[error("face model failed: {0}")]
    Inference(String),
    #[error("no face found")]
    NoFace,
    #[error("{0} faces found where one was expected")]
    SeveralFaces(usize),
    #[error(
        "the face is too small (eyes {eye_distance:.0} pixels apart, at least {min:.0} needed)"
    )]
    TinyFace { eye_distance: f32, min: f32 },
    #[error("no camera: {0}")]
    CameraUnavailable(String),
    #[error("frame source: {0}")]
    Source(String),
}

impl FaceError {
    fn model(path: &Path, reason: &dyn std::fmt::Display) -> Self {
        FaceError::ModelLoad {
            path: path.display().to_string(),
            reason: reason.to_string(),
        }
    }

    fn ocr_model(path: &Path, reason: &dyn std::fmt::Display) -> Self {
        FaceError::OcrModelLoad {
            path: path.display().to_string(),
            reason: reason.to_string(),
        }
    }
}

/// The loaded models and the matching settings; cheap to clone (the models are shared).
#[derive(Clone)]
pub struct FaceMatcher {
    detector: Arc<Detector>,
    embedder: Arc<Embedder>,
    config: FaceConfig,
}

impl std::fmt::Debug for FaceMatcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FaceMatcher")
            .field("config", &self.config)
            .finish_non_exhaustive()
    }
}

impl FaceMatcher {
    /// Loads both models from `config.models_dir` (about 0.2 s). An error here means the kiosk
    /// offers PIN and staff only.
    pub fn load(config: &FaceConfig) -> Result<Self, FaceError> {
        let detector = Detector::load(&config.models_dir.join(DETECTOR_FILE))?;
        let embedder = Embedder::load(&config.models_dir.join(EMBEDDER_FILE))?;
        Ok(Self {
            detector: Arc::new(detector),
            embedder: Arc::new(embedder),
            config: config.clone(),
        })
    }

    pub fn config(&self) -> &FaceConfig {
        &self.config
    }

    /// The same models with the threshold lowered to the gateway's maximum when that is
    /// stricter ([`FaceConfig::under_gateway_max`]).
    pub fn under_gateway_max(&self, gateway_max: Option<f64>) -> FaceMatcher {
        FaceMatcher {
            config: self.config.under_gateway_max(gateway_max),
            ..self.clone()
        }
    }

    /// All faces in a picture, best first.
    pub fn detect(&self, picture: &Picture) -> Result<Vec<Detection>, FaceError> {
        self.detector.detect(picture)
    }

    /// The one face of `picture` and its descriptor. Faces much smaller than the largest one are
    /// ignored (people passing behind the patient); two comparable faces are an error, as is a
    /// face whose eyes are closer than `min_eye_distance` pixels.
    pub fn embed_single_face(
        &self,
        picture: &Picture,
        min_eye_distance: f32,
    ) -> Result<(Embedding, Detection), FaceError> {
        let faces = self.detect(picture)?;
        let largest = faces.iter().map(|d| d.width).fold(0.0f32, f32::max);
        let best = faces.iter().map(|d| d.score).fold(0.0f32, f32::max);
        // A second face counts only when it is sure and not much smaller: weak detections on
        // clothing or background should not block a patient.
        let mut main: Vec<Detection> = faces
            .into_iter()
            .filter(|d| {
                d.width >= largest * 0.5 && (d.score >= best || d.score >= SECOND_FACE_SCORE)
            })
            .collect();
        let face = match main.len() {
            0 => return Err(FaceError::NoFace),
            1 => main.remove(0),
            n => return Err(FaceError::SeveralFaces(n)),
        };
        let eye_distance = face.eye_distance();
        if eye_distance < min_eye_distance {
            return Err(FaceError::TinyFace {
                eye_distance,
                min: min_eye_distance,
            });
        }
        Ok((self.embedder.embed(picture, &face)?, face))
    }

    /// Starts one visit's check: decodes and embeds the card photo (JPEG 2000 from the card) and
    /// asks for a turn in `direction` (pick it at random per visit, e.g. [`TurnDirection::pick`]).
    pub fn enroll_card_photo(
        &self,
        jp2: &[u8],
        direction: TurnDirection,
    ) -> Result<FaceCheck, FaceError> {
        let photo = Picture::decode_jpeg2000(jp2)?;
        self.enroll_picture(&photo, direction)
    }

    /// As [`Self::enroll_card_photo`] for an already decoded picture. The live frames are compared
    /// in grey when the card photo is grey (real card photos are).
    pub fn enroll_picture(
        &self,
        photo: &Picture,
        direction: TurnDirection,
    ) -> Result<FaceCheck, FaceError> {
        let grey = photo
            .rgb()
            .chunks_exact(3)
            .all(|p| p[0] == p[1] && p[1] == p[2]);
        let (card, _) = self.embed_single_face(photo, MIN_CARD_EYE_DISTANCE)?;
        Ok(FaceCheck::new(self.clone(), card, grey, direction))
    }
}
