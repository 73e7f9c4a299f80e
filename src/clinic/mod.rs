//! The clinic's own systems (issue 6 part 6): receipt and EHR software that reads the
//! online-eligibility system's XML (docs/domain/eligibility.md §0, §2, §3).
//!
//! - [`result_file`]: each confirmed result as an XML file in the layout of the system's result
//!   (`XmlMsg` → `MessageHeader` / `MessageBody` / `ResultList` /
//!   `ResultOfQualificationConfirmation`), written atomically into a configured folder.
//! - [`folder`]: insurance-number queries (照会区分 2) through the 資格確認端末's folder
//!   interface: `OQSsiquc01req_*.xml` into `req`, the answer read from `res`.
//!
//! Values that docs/domain/eligibility.md marks UNCONFIRMED are [`XmlSettings`], read from
//! `[clinic]` in `kiosk.toml`. Files are read in UTF-8 or Shift_JIS (by their declaration) and
//! written in the configured [`FileEncoding`].

pub mod folder;
pub mod layout;
pub mod result_file;
pub mod untrusted;
pub mod xml;

use std::path::PathBuf;

use serde::Deserialize;

/// How 6-digit 国保 insurer numbers are written in the OQS files (JSON and the gateway
/// protocol never pad). UNCONFIRMED (docs/domain/eligibility.md §2.2): the public result samples pad
/// with leading spaces to 8 characters (the default), one client pads with zeros.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum InsurerNumberPadding {
    /// As typed: 6 or 8 digits.
    None,
    /// Leading zeros to 8 digits.
    Zeros,
    /// Leading spaces to 8 characters, as in the public result samples.
    #[default]
    Spaces,
}

/// The character encoding of the files the kiosk writes (`[clinic] encoding`); files it reads
/// are decoded by their own declaration whatever this says.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
pub enum FileEncoding {
    #[default]
    #[serde(rename = "utf-8")]
    Utf8,
    /// Shift_JIS as Windows writes it (Windows-31J / CP932).
    #[serde(rename = "shift_jis")]
    ShiftJis,
}

impl FileEncoding {
    /// The label in the XML declaration.
    pub fn label(self) -> &'static str {
        match self {
            FileEncoding::Utf8 => "UTF-8",
            FileEncoding::ShiftJis => "Shift_JIS",
        }
    }

    /// CharacterCodeIdentifier (文字コード識別, OQSCD005) of a file in this encoding: "0" UTF-8,
    /// "1" Shift_JIS, as the public code table and result samples give it. UNCONFIRMED against
    /// the 外部インターフェイス仕様書 (not public); one other source has 1 UTF-8 / 2 Shift_JIS
    /// (docs/domain/eligibility.md §2.1). It always follows the encoding actually written.
    pub fn character_code_identifier(self) -> &'static str {
        match self {
            FileEncoding::Utf8 => "0",
            FileEncoding::ShiftJis => "1",
        }
    }
}

impl InsurerNumberPadding {
    /// The number as written into a file.
    pub fn pad(self, number: &str) -> String {
        match self {
            InsurerNumberPadding::None => number.to_string(),
            InsurerNumberPadding::Zeros => format!("{number:0>8}"),
            InsurerNumberPadding::Spaces => format!("{number:>8}"),
        }
    }

    /// The number as the kiosk keeps it (never padded): leading spaces always go; with
    /// `zeros`, an 8-digit number starting "00" is a padded 6-digit 国保 number (no 法別番号
    /// starts with 00).
    pub fn unpad(self, number: &str) -> String {
        let number = number.trim();
        match self {
            InsurerNumberPadding::Zeros if number.len() == 8 && number.starts_with("00") => {
                number[2..].to_string()
            }
            _ => number.to_string(),
        }
    }
}

/// The XML values the kiosk cannot take from a source it trusts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct XmlSettings {
    /// MedicalInstitutionCode (医療機関コード, 10 digits): `[gateway] facility_code`.
    pub medical_institution_code: Option<String>,
    /// The encoding of the files written (`[clinic] encoding`); CharacterCodeIdentifier
    /// follows it ([`FileEncoding::character_code_identifier`]).
    pub encoding: FileEncoding,
    /// The SegmentOfResult value of a failed request. Code tables say "9", one comment "3"
    /// (UNCONFIRMED); default "9".
    pub error_segment_of_result: String,
    pub insurer_number_padding: InsurerNumberPadding,
}

impl Default for XmlSettings {
    fn default() -> Self {
        XmlSettings {
            medical_institution_code: None,
            encoding: FileEncoding::Utf8,
            error_segment_of_result: "9".into(),
            insurer_number_padding: InsurerNumberPadding::Spaces,
        }
    }
}

/// Errors of the clinic-systems layer.
#[derive(Debug, thiserror::Error)]
pub enum ClinicError {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}: {source}")]
    Encoding {
        path: PathBuf,
        source: xml::EncodeError,
    },
    #[error("{path}: {source}")]
    Malformed {
        path: PathBuf,
        source: xml::ParseError,
    },
    /// A file in a clinic folder that is not read: a link, a FIFO or device, or too large
    /// ([`untrusted`]).
    #[error("{path}: not read: {reason}")]
    UnsafeFile {
        path: PathBuf,
        reason: untrusted::Refusal,
    },
    #[error("{path}: not an eligibility result: {problem}")]
    BadAnswer { path: PathBuf, problem: String },
    /// SegmentOfResult was the configured error value: the system refused the request.
    #[error("the eligibility system refused the request: {code} {message}")]
    Refused { code: String, message: String },
    #[error("no answer in {res_dir} within {waited_ms} ms")]
    Timeout { res_dir: PathBuf, waited_ms: u64 },
    #[error("invalid query: {0}")]
    InvalidQuery(String),
    #[error("cannot write this result: {0}")]
    BadResult(String),
    #[error("not configured: {0}")]
    NotConfigured(&'static str),
}

/// The links to the clinic's own systems the kiosk app uses.
#[derive(Debug, Default)]
pub struct ClinicLinks {
    /// Confirmed results as files for the receipt software (`[clinic] result_dir`).
    pub result_writer: Option<result_file::ResultWriter>,
    /// Number queries through the 資格確認端末's folders (`[clinic] req_dir`, `res_dir`).
    pub folder: Option<folder::FolderGateway>,
}

/// The [`XmlSettings`] of `config` (`[clinic]`, and `[gateway] facility_code`).
pub fn xml_settings(config: &crate::config::Config) -> XmlSettings {
    XmlSettings {
        medical_institution_code: config.gateway.facility_code.clone(),
        encoding: config.clinic.encoding,
        error_segment_of_result: config.clinic.error_segment_of_result.clone(),
        insurer_number_padding: config.clinic.insurer_number_padding,
    }
}

/// The result-file writer of `config`; `None` when `[clinic] result_dir` is unset.
pub fn result_writer(
    config: &crate::config::Config,
) -> Result<Option<result_file::ResultWriter>, ClinicError> {
    config
        .clinic
        .result_dir
        .as_ref()
        .map(|dir| {
            result_file::ResultWriter::new(dir.clone(), xml_settings(config))
                .map(|writer| writer.with_file_prefix(&config.clinic.result_file_prefix))
        })
        .transpose()
}

/// The req/res folder gateway of `config`; `None` when `[clinic] req_dir`/`res_dir` are unset.
pub fn folder_gateway(
    config: &crate::config::Config,
) -> Result<Option<folder::FolderGateway>, ClinicError> {
    let clinic = &config.clinic;
    let (Some(req_dir), Some(res_dir)) = (&clinic.req_dir, &clinic.res_dir) else {
        return Ok(None);
    };
    folder::FolderGateway::new(folder::FolderSettings {
        req_dir: req_dir.clone(),
        res_dir: res_dir.clone(),
        timeout: std::time::Duration::from_millis(clinic.query_timeout_ms),
        poll_interval: std::time::Duration::from_millis(clinic.poll_interval_ms),
        xml: xml_settings(config),
    })
    .map(Some)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn padding_round_trips() {
        for padding in [
            InsurerNumberPadding::None,
            InsurerNumberPadding::Zeros,
            InsurerNumberPadding::Spaces,
        ] {
            for number in ["138057", "06139992", "01130012"] {
                assert_eq!(padding.unpad(&padding.pad(number)), number, "{padding:?}");
            }
        }
        assert_eq!(InsurerNumberPadding::Zeros.pad("138057"), "00138057");
        assert_eq!(InsurerNumberPadding::Spaces.pad("138057"), "  138057");
        assert_eq!(InsurerNumberPadding::None.pad("138057"), "138057");
    }

    #[test]
    fn built_from_the_config() {
        let dir = tempfile::tempdir().unwrap();
        let text = format!(
            "[gateway]\nfacility_code = \"1312345678\"\n[clinic]\nresult_dir = {:?}\n\
             req_dir = {:?}\nres_dir = {:?}\ninsurer_number_padding = \"zeros\"\n",
            dir.path(),
            dir.path(),
            dir.path()
        );
        let config = crate::config::Config::parse(&text).unwrap();
        let settings = xml_settings(&config);
        assert_eq!(
            settings.medical_institution_code.as_deref(),
            Some("1312345678")
        );
        assert_eq!(settings.insurer_number_padding, InsurerNumberPadding::Zeros);
        assert!(result_writer(&config).unwrap().is_some());
        assert!(folder_gateway(&config).unwrap().is_some());
        let none = crate::config::Config::parse("").unwrap();
        assert!(result_writer(&none).unwrap().is_none());
        assert!(folder_gateway(&none).unwrap().is_none());
    }
}
