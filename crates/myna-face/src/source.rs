//! Where frames come from: a camera, or picture files (tests, demo, integrators).

use std::path::{Path, PathBuf};

use super::camera::{CARD_FRONT_FRAME, CameraSource, FACE_FRAME};
use super::config::{FaceConfig, FrameSourceKind};
use super::liveness::TurnDirection;
use super::{FaceError, Picture};

/// A source of camera frames. `Ok(None)` means the source has ended (files) or has nothing yet.
pub trait FrameSource: Send {
    fn next_frame(&mut self) -> Result<Option<Picture>, FaceError>;
}

/// Pictures read one by one from a folder (sorted by file name) or from a list file (one path a
/// line, relative to the list's folder; blank lines and `#` comments skipped).
#[derive(Debug)]
pub struct FileSource {
    files: Vec<PathBuf>,
    next: usize,
}

impl FileSource {
    pub fn open(path: &Path) -> Result<Self, FaceError> {
        let err = |e: std::io::Error| FaceError::Source(format!("{}: {e}", path.display()));
        let files = if path.is_dir() {
            let mut files: Vec<PathBuf> = std::fs::read_dir(path)
                .map_err(err)?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| {
                    p.extension().and_then(|e| e.to_str()).is_some_and(|e| {
                        matches!(e.to_ascii_lowercase().as_str(), "jpg" | "jpeg" | "png")
                    })
                })
                .collect();
            files.sort();
            files
        } else {
            let text = std::fs::read_to_string(path).map_err(err)?;
            let base = path.parent().unwrap_or(Path::new("."));
            text.lines()
                .map(str::trim)
                .filter(|l| !l.is_empty() && !l.starts_with('#'))
                .map(|l| base.join(l))
                .collect()
        };
        if files.is_empty() {
            return Err(FaceError::Source(format!(
                "{}: no pictures",
                path.display()
            )));
        }
        Ok(Self { files, next: 0 })
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }
}

impl FrameSource for FileSource {
    fn next_frame(&mut self) -> Result<Option<Picture>, FaceError> {
        let Some(path) = self.files.get(self.next) else {
            return Ok(None);
        };
        self.next += 1;
        let bytes = std::fs::read(path)
            .map_err(|e| FaceError::Source(format!("{}: {e}", path.display())))?;
        Picture::decode(&bytes).map(Some)
    }
}

/// Opens the source kiosk.toml names. No camera gives `FaceError::CameraUnavailable`: the caller
/// hides face mode and tells staff.
pub fn open_source(config: &FaceConfig) -> Result<Box<dyn FrameSource>, FaceError> {
    open_source_for(config, TurnDirection::PictureLeft)
}

/// [`open_source`] for an attempt that asks for a turn in `direction`. A files folder holding
/// `picture_left/` and `picture_right/` gives the sequence of that direction (recorded sequences
/// can only turn one way; a camera needs no such thing).
pub fn open_source_for(
    config: &FaceConfig,
    direction: TurnDirection,
) -> Result<Box<dyn FrameSource>, FaceError> {
    match config.source {
        FrameSourceKind::Files => {
            let path = config
                .path
                .as_deref()
                .ok_or_else(|| FaceError::Source("[face] source = \"files\" needs path".into()))?;
            let turned = path.join(match direction {
                TurnDirection::PictureLeft => "picture_left",
                TurnDirection::PictureRight => "picture_right",
            });
            let path = if turned.is_dir() { &turned } else { path };
            Ok(Box::new(FileSource::open(path)?))
        }
        FrameSourceKind::Camera => open_camera(config, FACE_FRAME),
    }
}

fn open_camera(config: &FaceConfig, size: (u32, u32)) -> Result<Box<dyn FrameSource>, FaceError> {
    if !config.device.exists() {
        return Err(FaceError::CameraUnavailable(format!(
            "{} does not exist",
            config.device.display()
        )));
    }
    Ok(Box::new(CameraSource::open(&config.device, size)?))
}

/// The frames the card-front reader looks at (issue 20): the camera of `[face] device` at
/// [`CARD_FRONT_FRAME`], or the pictures of `[face] card_front_path` when `source = "files"`.
pub fn open_card_front_source(config: &FaceConfig) -> Result<Box<dyn FrameSource>, FaceError> {
    match config.source {
        FrameSourceKind::Files => {
            let path = config.card_front_path.as_deref().ok_or_else(|| {
                FaceError::Source("[face] source = \"files\" needs card_front_path".into())
            })?;
            Ok(Box::new(FileSource::open(path)?))
        }
        FrameSourceKind::Camera => open_camera(config, CARD_FRONT_FRAME),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_camera_is_a_clear_error() {
        let config = FaceConfig {
            device: "/nonexistent/video9".into(),
            ..FaceConfig::default()
        };
        assert!(matches!(
            open_source(&config),
            Err(FaceError::CameraUnavailable(_))
        ));
        // A device that exists but is not a camera.
        let config = FaceConfig {
            device: "/dev/null".into(),
            ..FaceConfig::default()
        };
        assert!(matches!(
            open_source(&config),
            Err(FaceError::CameraUnavailable(_))
        ));
    }

    #[test]
    fn list_file_resolves_relative_paths_and_skips_comments() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("list.txt"), "# frames\na.jpg\n\nb.png\n").unwrap();
        let source = FileSource::open(&dir.path().join("list.txt")).unwrap();
        assert_eq!(
            source.files,
            vec![dir.path().join("a.jpg"), dir.path().join("b.png")]
        );
        let empty = tempfile::tempdir().unwrap();
        assert!(FileSource::open(empty.path()).is_err());
    }
}
