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
            for number in ["138057", "06139999", "01130012"] {
                assert_eq!(padding.unpad(&padding.pad(number)), number, "{padding:?}");
            }
        }
        assert_eq!(InsurerNumberPadding::Zeros.pad("138057"), "00138057");
        assert_eq!(InsurerNumberPadding::Spaces.pad("138057"), "  138057");
        assert_eq!(InsurerNumberPadding::None.pad("138057"), "138057");
    }
}
