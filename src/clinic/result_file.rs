//! Confirmed results as files for the clinic's receipt/EHR software.
//!
//! File name: `<prefix><yyyyMMdd>_<id>.xml`, where the prefix is `[clinic] result_file_prefix`
//! (default [`DEFAULT_PREFIX`], `OQSsiquc01res_kiosk_`), `yyyyMMdd` the
//! QualificationConfirmationDate and `<id>` the result's request id (the file's
//! ArbitraryFileIdentifier) when it is 1–64 characters of `A-Z a-z 0-9 -`, otherwise the first
//! 16 hex digits of its SHA-256. The `OQSsiquc01res_` start is what software that already reads
//! the system's results looks for; `kiosk` keeps the names apart from the reader's `face` files;
//! a clinic whose software watches another pattern sets its own prefix.
//! Writing the same result again (an outbox replay) replaces the file rather than adding one.
//!
//! The file is in `[clinic] encoding` (UTF-8 or Shift_JIS), and readers of these files refuse
//! one without MedicalInstitutionCode or without the items `layout` always writes: the writer
//! needs `[gateway] facility_code`, and a result lacking such an item is refused, not written
//! short.
//!
//! The write is atomic: a temporary file (`.OQS…tmp`, a dot name that `*.xml` watchers skip) in
//! the same folder, fsync, rename over the final name, fsync of the folder. A reader sees either
//! no file or the whole file, even if the kiosk dies mid-write. Files are mode 0640 whatever the
//! process's umask (the packaged unit runs with `UMask=0077`): the mode is set on the open file
//! before it gets its name. The clinic grants the receipt software's account the group (the
//! kiosk's, or the folder's when the folder is set-group-ID).

use std::fs::{self, File};
use std::io::Write;
use std::path::{Path, PathBuf};

use super::layout::{oqs_date, result_document};
use super::{ClinicError, XmlSettings, xml};
use crate::eligibility::protocol::{ConfirmationResult, Method};

/// The default start of a result file's name.
pub const DEFAULT_PREFIX: &str = "OQSsiquc01res_kiosk_";

/// A file-name prefix must be 1-64 of `A-Z a-z 0-9 _ -`, not starting with `-` (a dot name
/// would be taken for the writer's temporary files, a `/` would leave the folder).
pub fn check_prefix(prefix: &str) -> Result<(), String> {
    let fine = !prefix.is_empty()
        && prefix.len() <= 64
        && !prefix.starts_with('-')
        && prefix
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-'));
    if fine {
        Ok(())
    } else {
        Err(format!(
            "1-64 of A-Z a-z 0-9 _ - (not starting with -), not {prefix:?}"
        ))
    }
}

/// Writes confirmed results into one folder.
#[derive(Debug, Clone)]
pub struct ResultWriter {
    dir: PathBuf,
    settings: XmlSettings,
    prefix: String,
}

impl ResultWriter {
    /// `dir` must exist (it is usually a share the receipt software watches; creating it here
    /// would hide a wrong path) and take new files: a temporary file is created and removed,
    /// so that a folder the kiosk cannot write is an error at start, not at the first visit.
    /// The 医療機関コード is needed too: readers of these files refuse one without
    /// MedicalInstitutionCode.
    pub fn new(dir: impl Into<PathBuf>, settings: XmlSettings) -> Result<Self, ClinicError> {
        let dir = dir.into();
        if settings.medical_institution_code.is_none() {
            return Err(ClinicError::NotConfigured(
                "gateway.facility_code (MedicalInstitutionCode) is needed for result files",
            ));
        }
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
        Ok(ResultWriter {
            dir,
            settings,
            prefix: DEFAULT_PREFIX.into(),
        })
    }

    /// Names files `<prefix><yyyyMMdd>_<id>.xml`. The prefix is checked by the configuration
    /// ([`check_prefix`]); an unchecked one that fails the check keeps the default.
    pub fn with_file_prefix(mut self, prefix: &str) -> Self {
        if check_prefix(prefix).is_ok() {
            self.prefix = prefix.to_string();
        }
        self
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
        let path = self.dir.join(file_name(&self.prefix, result)?);
        let bytes = xml::write(&document, self.settings.encoding).map_err(|source| {
            ClinicError::Encoding {
                path: path.clone(),
                source,
            }
        })?;
        write_atomically(&self.dir, &path, &bytes)?;
        Ok(path)
    }
}

/// The final file name of `result` (see the module documentation).
pub fn file_name(prefix: &str, result: &ConfirmationResult) -> Result<String, ClinicError> {
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
    Ok(format!("{prefix}{date}_{id}.xml"))
}

/// The mode of every file the kiosk writes into a clinic folder (result and req files).
pub const FILE_MODE: u32 = 0o640;

/// Temp file in `dir` (mode [`FILE_MODE`]), fsync, rename to `path`, fsync `dir`.
pub(crate) fn write_atomically(dir: &Path, path: &Path, bytes: &[u8]) -> Result<(), ClinicError> {
    use std::os::unix::fs::PermissionsExt;
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| ClinicError::Io { path, source }
    };
    let mut temp = tempfile::Builder::new()
        .prefix(".OQS")
        .suffix(".tmp")
        .permissions(fs::Permissions::from_mode(FILE_MODE))
        .tempfile_in(dir)
        .map_err(io(dir))?;
    // The mode given to open() loses the umask's bits (0600 under the unit's UMask=0077);
    // fchmod on the open file is not masked.
    temp.as_file()
        .set_permissions(fs::Permissions::from_mode(FILE_MODE))
        .map_err(io(temp.path()))?;
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
