//! The clinic's own systems (issue 6 part 6): receipt and EHR software that reads the
//! online-eligibility system's XML (domain/eligibility.md §0, §2, §3).
//!
//! - [`result_file`]: each confirmed result as an XML file in the layout of the system's result
//!   (`XmlMsg` → `MessageHeader` / `MessageBody` / `ResultList` /
//!   `ResultOfQualificationConfirmation`), written atomically into a configured folder.
//! - [`folder`]: insurance-number queries (照会区分 2) through the 資格確認端末's folder
//!   interface: `OQSsiquc01req_*.xml` into `req`, the answer read from `res`.
//!
//! Values that domain/eligibility.md marks UNCONFIRMED are [`XmlSettings`], read from
//! `[clinic]` in `kiosk.toml`.

pub mod folder;
pub mod layout;
pub mod result_file;
pub mod xml;

use std::path::PathBuf;

use serde::Deserialize;

/// How 6-digit 国保 insurer numbers are written in the OQS files. UNCONFIRMED
/// (domain/eligibility.md §2.2): one clinic pads with leading spaces, one client with zeros.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum InsurerNumberPadding {
    /// As typed: 6 or 8 digits (the project's rule: never pad).
    #[default]
    None,
    /// Leading zeros to 8 digits.
    Zeros,
    /// Leading spaces to 8 characters.
    Spaces,
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
    /// CharacterCodeIdentifier (OQSCD005) written into result files. The files are UTF-8;
    /// sources disagree whether UTF-8 is "0" or "1" (UNCONFIRMED); default "0".
    pub character_code_identifier: String,
    /// The SegmentOfResult value of a failed request. Code tables say "9", one comment "3"
    /// (UNCONFIRMED); default "9".
    pub error_segment_of_result: String,
    pub insurer_number_padding: InsurerNumberPadding,
}

impl Default for XmlSettings {
    fn default() -> Self {
        XmlSettings {
            medical_institution_code: None,
            character_code_identifier: "0".into(),
            error_segment_of_result: "9".into(),
            insurer_number_padding: InsurerNumberPadding::None,
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
    Malformed {
        path: PathBuf,
        source: xml::ParseError,
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
        character_code_identifier: config.clinic.character_code_identifier.clone(),
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
        .map(|dir| result_file::ResultWriter::new(dir.clone(), xml_settings(config)))
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
