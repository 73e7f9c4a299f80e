//! The `[face]` section of kiosk.toml.

use std::path::PathBuf;

use serde::{Deserialize, Deserializer};

use myna_protocol::protocol::{DEFAULT_FACE_MAX_DISTANCE, check_face_max_distance};

/// Where frames come from.
#[derive(Clone, Copy, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum FrameSourceKind {
    /// A V4L2 camera (`device`).
    #[default]
    Camera,
    /// Pictures from `path`: a folder (sorted by name) or a text file listing one picture a line.
    Files,
}

/// Face matching settings (`[face]` in kiosk.toml). Every field has a default.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct FaceConfig {
    pub source: FrameSourceKind,
    /// Folder or list file for `source = "files"`.
    pub path: Option<PathBuf>,
    /// Folder or list file of card-FRONT frames for `source = "files"` (issue 20: the kiosk
    /// reads 照合番号B from them instead of a camera). Unset: the patient types the code.
    pub card_front_path: Option<PathBuf>,
    /// Camera device for `source = "camera"`.
    pub device: PathBuf,
    /// Where scripts/fetch-models.sh put the ONNX models.
    pub models_dir: PathBuf,
    /// L2 distance a match must be under. Default [`DEFAULT_FACE_MAX_DISTANCE`], the gateway's
    /// default too (dlib uses 0.6; we start stricter because the evidence here is thin, see
    /// docs/face.md, and every refusal has a PIN/staff fallback); above 0, at most 0.6. When the
    /// gateway tells a stricter maximum with its challenge, that one applies
    /// ([`FaceConfig::under_gateway_max`]).
    #[serde(deserialize_with = "face_max")]
    pub threshold: f32,
    /// Face attempts offered before the kiosk moves on to PIN, then staff.
    pub attempts: u32,
    /// Frames facing the camera that must agree (each within `threshold`) before the turn.
    pub agreeing_frames: u32,
    /// Largest head yaw (nose between the ears, see `yaw`) that still counts as facing the camera.
    pub facing_yaw: f32,
    /// Change of head yaw, from the facing frames' mean, that counts as the asked turn.
    pub turn_yaw: f32,
    /// Extra distance allowed on the turned frame (a turned face embeds less well).
    pub turned_margin: f32,
    /// Smallest eye distance in a frame, in pixels; closer-set eyes ask the patient to come closer.
    pub min_eye_distance: f32,
    /// Frames after which an attempt ends with the verdict so far.
    pub max_frames: u32,
    /// The J-LIS public key (PEM) that card-surface data must be proven by before face or staff
    /// 目視確認 uses the card photo (docs/domain/mynacard.md §5.3). Read and checked by the kiosk,
    /// not by this crate. `None`: not checked; confirmations are marked `not_verified`.
    pub issuer_key: Option<PathBuf>,
}

impl Default for FaceConfig {
    fn default() -> Self {
        Self {
            source: FrameSourceKind::Camera,
            path: None,
            card_front_path: None,
            device: PathBuf::from("/dev/video0"),
            models_dir: PathBuf::from("assets/models"),
            threshold: DEFAULT_FACE_MAX_DISTANCE as f32,
            issuer_key: None,
            attempts: 3,
            agreeing_frames: 3,
            // Measured on the package photos: a portrait facing the camera 0.04, three-quarter
            // views 0.16 and -0.27 (a real turn of the head moves it by 0.3 or more).
            facing_yaw: 0.2,
            turn_yaw: 0.25,
            turned_margin: 0.1,
            min_eye_distance: 30.0,
            max_frames: 150,
        }
    }
}

impl FaceConfig {
    /// These settings with the threshold lowered to the gateway's maximum when that is stricter
    /// (`None`: offline or an older gateway, the kiosk's own applies).
    pub fn under_gateway_max(&self, gateway_max: Option<f64>) -> FaceConfig {
        let threshold =
            myna_protocol::protocol::stricter_face_max(f64::from(self.threshold), gateway_max);
        FaceConfig {
            threshold: (threshold as f32).min(self.threshold),
            ..self.clone()
        }
    }
}

/// `threshold`: a number above 0 and at most dlib's 0.6 (a clear error otherwise).
fn face_max<'de, D: Deserializer<'de>>(deserializer: D) -> Result<f32, D::Error> {
    let value = f32::deserialize(deserializer)?;
    check_face_max_distance(f64::from(value)).map_err(serde::de::Error::custom)?;
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn section_parses_with_defaults() {
        let c: FaceConfig =
            toml::from_str("source = \"files\"\npath = \"x\"\nthreshold = 0.45").unwrap();
        assert_eq!(c.source, FrameSourceKind::Files);
        assert_eq!(c.threshold, 0.45);
        assert_eq!(c.attempts, 3);
        assert!(toml::from_str::<FaceConfig>("treshold = 1").is_err());
        for bad in ["-0.1", "0", "0.7", "nan"] {
            let err = toml::from_str::<FaceConfig>(&format!("threshold = {bad}")).unwrap_err();
            assert!(err.to_string().contains("at most 0.6"), "{bad}: {err}");
        }
    }

    #[test]
    fn the_gateway_max_applies_only_when_stricter() {
        let own = FaceConfig::default();
        assert_eq!(own.threshold, 0.5);
        assert_eq!(own.under_gateway_max(Some(0.45)).threshold, 0.45);
        assert_eq!(own.under_gateway_max(Some(0.55)).threshold, 0.5);
        assert_eq!(own.under_gateway_max(None).threshold, 0.5);
        assert_eq!(own.under_gateway_max(Some(f64::NAN)).threshold, 0.0);
        let strict = FaceConfig {
            threshold: 0.4,
            ..FaceConfig::default()
        };
        assert_eq!(strict.under_gateway_max(Some(0.5)).threshold, 0.4);
        // Everything else is kept.
        assert_eq!(own.under_gateway_max(Some(0.45)).attempts, own.attempts);
    }

    #[test]
    fn the_shipped_file_has_a_face_section() {
        let text =
            std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../kiosk.toml"))
                .unwrap();
        let file: toml::Table = toml::from_str(&text).unwrap();
        let face: FaceConfig = file["face"].clone().try_into().unwrap();
        assert_eq!(face.source, FrameSourceKind::Camera);
        assert_eq!(face.threshold, 0.5);
        assert_eq!(face.models_dir, PathBuf::from("assets/models"));
    }
}
