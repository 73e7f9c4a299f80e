//! Confirmed results as files for the clinic's receipt/EHR software.
//!
//! File name: `OQSsiquc01res_kiosk_<yyyyMMdd>_<id>.xml`, where `yyyyMMdd` is the
//! QualificationConfirmationDate and `<id>` the result's request id (the file's
//! ArbitraryFileIdentifier) when it is 1–64 characters of `A-Z a-z 0-9 -`, otherwise the first
//! 16 hex digits of its SHA-256. The `OQSsiquc01res_` prefix is what software that already reads
//! the system's results looks for; `kiosk` keeps the names apart from the reader's `face` files.
//! Writing the same result again (an outbox replay) replaces the file rather than adding one.
//!
//! The write is atomic: a temporary file (`.OQS…tmp`, a dot name that `*.xml` watchers skip) in
//! the same folder, fsync, rename over the final name, fsync of the folder. A reader sees either
//! no file or the whole file, even if the kiosk dies mid-write. Files are mode 0640: the clinic
//! grants the receipt software's account the group.

use std::fs::{self, File};
use std::io::Write;
use std::path::{Path, PathBuf};

use super::layout::{oqs_date, result_document};
use super::{ClinicError, XmlSettings, xml};
use crate::eligibility::protocol::{ConfirmationResult, Method};

/// Writes confirmed results into one folder.
#[derive(Debug, Clone)]
pub struct ResultWriter {
    dir: PathBuf,
    settings: XmlSettings,
}

impl ResultWriter {
    /// `dir` must exist (it is usually a share the receipt software watches; creating it here
    /// would hide a wrong path) and take new files: a temporary file is created and removed,
    /// so that a folder the kiosk cannot write is an error at start, not at the first visit.
    pub fn new(dir: impl Into<PathBuf>, settings: XmlSettings) -> Result<Self, ClinicError> {
        let dir = dir.into();
        let meta = fs::metadata(&dir).map_err(|source| ClinicError::Io {
            path: dir.clone(),
            source,
        })?;
        if !meta.is_dir() {
            return Err(ClinicError::Io {
                path: dir,
                source: std::io::Error::new(std::io::ErrorKind::NotADirectory, "not a folder"),
            });
        }
        let probe = tempfile::Builder::new()
            .prefix(".OQS")
            .suffix(".tmp")
            .tempfile_in(&dir)
            .map_err(|source| ClinicError::Io {
                path: dir.clone(),
                source,
            })?;
        probe.close().map_err(|source| ClinicError::Io {
            path: dir.clone(),
            source,
        })?;
        Ok(ResultWriter { dir, settings })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Writes `result`, confirmed by `method`, and returns the file's path. Only a plain
    /// "valid, one match" ([`ConfirmationResult::is_confirmed`]) is written: the receipt
    /// software takes any such file as proof of eligibility.
    pub fn write(
        &self,
        result: &ConfirmationResult,
        method: Method,
    ) -> Result<PathBuf, ClinicError> {
        if !result.is_confirmed() {
            return Err(ClinicError::BadResult(
                "only a confirmed result (valid, one match) is written".into(),
            ));
        }
        let document =
            result_document(result, method, &self.settings).map_err(ClinicError::BadResult)?;
        let path = self.dir.join(file_name(result)?);
        write_atomically(&self.dir, &path, &xml::write(&document))?;
        Ok(path)
    }
}

/// The final file name of `result` (see the module documentation).
pub fn file_name(result: &ConfirmationResult) -> Result<String, ClinicError> {
    let date = oqs_date(&result.qualification_confirmation_date).ok_or_else(|| {
        ClinicError::BadResult(format!(
            "qualification_confirmation_date is not YYYY-MM-DD: {:?}",
            result.qualification_confirmation_date
        ))
    })?;
    let id = &result.request_id;
    let safe = !id.is_empty()
        && id.len() <= 64
        && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
    let id = if safe {
        id.clone()
    } else {
        let digest = ring::digest::digest(&ring::digest::SHA256, id.as_bytes());
        digest.as_ref()[..8]
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    };
    Ok(format!("OQSsiquc01res_kiosk_{date}_{id}.xml"))
}

/// Temp file in `dir`, fsync, rename to `path`, fsync `dir`.
pub(crate) fn write_atomically(dir: &Path, path: &Path, bytes: &[u8]) -> Result<(), ClinicError> {
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| ClinicError::Io { path, source }
    };
    let mut temp = tempfile::Builder::new()
        .prefix(".OQS")
        .suffix(".tmp")
        .permissions(std::os::unix::fs::PermissionsExt::from_mode(0o640))
        .tempfile_in(dir)
        .map_err(io(dir))?;
    temp.write_all(bytes).map_err(io(temp.path()))?;
    temp.as_file().sync_all().map_err(io(temp.path()))?;
    temp.persist(path).map_err(|e| ClinicError::Io {
        path: path.to_path_buf(),
        source: e.error,
    })?;
    // The rename is durable only once the folder's entry is on disk.
    File::open(dir)
        .and_then(|d| d.sync_all())
        .map_err(io(dir))?;
    Ok(())
}
