//! The `[clinic]` section of `kiosk.toml`.

use std::path::PathBuf;

use serde::Deserialize;

/// `[clinic]`: the clinic's receipt/EHR software (`src/clinic`): result files for it and the
/// 資格確認端末's req/res folders. The XML values docs/domain/eligibility.md marks UNCONFIRMED are
/// settings here, with the defaults documented in `kiosk.toml`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(try_from = "ClinicConfigFile")]
pub struct ClinicConfig {
    /// Folder that receives a result file for each confirmed visit. Unset: none written.
    pub result_dir: Option<PathBuf>,
    /// The 資格確認端末's `req` and `res` folders (both or neither). Unset: no folder queries.
    pub req_dir: Option<PathBuf>,
    pub res_dir: Option<PathBuf>,
    /// How long a query waits for its answer (1000-600000 ms).
    pub query_timeout_ms: u64,
    /// How often `res` is looked at while waiting (10-10000 ms, less than the timeout).
    pub poll_interval_ms: u64,
    /// The encoding of the files the kiosk writes (result files, req files); CharacterCodeIdentifier
    /// follows it. Files read are decoded by their own declaration.
    pub encoding: crate::clinic::FileEncoding,
    /// The result files' names start with this, then `<yyyyMMdd>_<id>.xml`.
    pub result_file_prefix: String,
    /// The SegmentOfResult value of a failed request (one digit, not 1 or 2).
    pub error_segment_of_result: String,
    pub insurer_number_padding: crate::clinic::InsurerNumberPadding,
}

impl Default for ClinicConfig {
    fn default() -> Self {
        ClinicConfig {
            result_dir: None,
            req_dir: None,
            res_dir: None,
            query_timeout_ms: 30_000,
            poll_interval_ms: 200,
            encoding: crate::clinic::FileEncoding::Utf8,
            result_file_prefix: crate::clinic::result_file::DEFAULT_PREFIX.into(),
            error_segment_of_result: "9".into(),
            insurer_number_padding: crate::clinic::InsurerNumberPadding::Spaces,
        }
    }
}

/// `[clinic]` as written, before it is checked.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ClinicConfigFile {
    result_dir: Option<PathBuf>,
    req_dir: Option<PathBuf>,
    res_dir: Option<PathBuf>,
    query_timeout_ms: Option<u64>,
    poll_interval_ms: Option<u64>,
    encoding: Option<crate::clinic::FileEncoding>,
    result_file_prefix: Option<String>,
    /// Replaced by `encoding` (the identifier follows the encoding written); kept only to
    /// say so instead of "unknown field".
    character_code_identifier: Option<toml::Value>,
    error_segment_of_result: Option<String>,
    insurer_number_padding: Option<crate::clinic::InsurerNumberPadding>,
}

impl TryFrom<ClinicConfigFile> for ClinicConfig {
    type Error = String;

    fn try_from(file: ClinicConfigFile) -> Result<Self, String> {
        let default = ClinicConfig::default();
        let digit = |value: &str| value.len() == 1 && value.bytes().all(|b| b.is_ascii_digit());
        let config = ClinicConfig {
            result_dir: file.result_dir,
            req_dir: file.req_dir,
            res_dir: file.res_dir,
            query_timeout_ms: file.query_timeout_ms.unwrap_or(default.query_timeout_ms),
            poll_interval_ms: file.poll_interval_ms.unwrap_or(default.poll_interval_ms),
            encoding: file.encoding.unwrap_or(default.encoding),
            result_file_prefix: file
                .result_file_prefix
                .unwrap_or(default.result_file_prefix),
            error_segment_of_result: file
                .error_segment_of_result
                .unwrap_or(default.error_segment_of_result),
            insurer_number_padding: file
                .insurer_number_padding
                .unwrap_or(default.insurer_number_padding),
        };
        if config.req_dir.is_some() != config.res_dir.is_some() {
            return Err("clinic.req_dir and clinic.res_dir are set together or not at all".into());
        }
        if !(1000..=600_000).contains(&config.query_timeout_ms) {
            return Err(format!(
                "clinic.query_timeout_ms must be between 1000 and 600000, not {}",
                config.query_timeout_ms
            ));
        }
        if !(10..=10_000).contains(&config.poll_interval_ms)
            || config.poll_interval_ms >= config.query_timeout_ms
        {
            return Err(format!(
                "clinic.poll_interval_ms must be between 10 and 10000 and less than \
                 clinic.query_timeout_ms, not {}",
                config.poll_interval_ms
            ));
        }
        if file.character_code_identifier.is_some() {
            return Err("clinic.character_code_identifier is no longer a setting: \
                        CharacterCodeIdentifier follows clinic.encoding (\"utf-8\" writes 0, \
                        \"shift_jis\" writes 1); remove it"
                .into());
        }
        crate::clinic::result_file::check_prefix(&config.result_file_prefix)
            .map_err(|problem| format!("clinic.result_file_prefix: {problem}"))?;
        if !digit(&config.error_segment_of_result)
            || matches!(config.error_segment_of_result.as_str(), "1" | "2")
        {
            return Err(format!(
                "clinic.error_segment_of_result must be one digit other than 1 (正常終了) and \
                 2 (処理中), not {:?}",
                config.error_segment_of_result
            ));
        }
        Ok(config)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clinic::InsurerNumberPadding;
    use crate::config::Config;

    #[test]
    fn clinic_section_defaults_checks_and_typos() {
        let config = Config::parse("").unwrap();
        assert_eq!(config.clinic, ClinicConfig::default());
        assert_eq!(config.clinic.error_segment_of_result, "9");
        assert_eq!(config.clinic.encoding, crate::clinic::FileEncoding::Utf8);
        assert_eq!(
            config.clinic.insurer_number_padding,
            InsurerNumberPadding::Spaces
        );
        assert_eq!(config.clinic.result_file_prefix, "OQSsiquc01res_kiosk_");
        let config = Config::parse(
            "[clinic]\nencoding = \"shift_jis\"\nresult_file_prefix = \"OQSsiquc01res_\"\n",
        )
        .unwrap();
        assert_eq!(
            config.clinic.encoding,
            crate::clinic::FileEncoding::ShiftJis
        );
        assert_eq!(config.clinic.result_file_prefix, "OQSsiquc01res_");
        let config = Config::parse(
            "[clinic]\nreq_dir = \"/oqs/req\"\nres_dir = \"/oqs/res\"\n\
             insurer_number_padding = \"spaces\"\nerror_segment_of_result = \"3\"\n",
        )
        .unwrap();
        assert_eq!(config.clinic.req_dir, Some(PathBuf::from("/oqs/req")));
        assert_eq!(
            config.clinic.insurer_number_padding,
            InsurerNumberPadding::Spaces
        );
        assert_eq!(config.clinic.error_segment_of_result, "3");
        for (text, key) in [
            ("[clinic]\nreq_dir = \"/oqs/req\"\n", "res_dir"),
            ("[clinic]\nquery_timeout_ms = 10\n", "query_timeout_ms"),
            ("[clinic]\npoll_interval_ms = 5\n", "poll_interval_ms"),
            (
                "[clinic]\nquery_timeout_ms = 1000\npoll_interval_ms = 1000\n",
                "poll_interval_ms",
            ),
            (
                "[clinic]\ncharacter_code_identifier = \"0\"\n",
                "clinic.encoding",
            ),
            ("[clinic]\nencoding = \"utf8\"\n", "encoding"),
            ("[clinic]\nencoding = \"euc-jp\"\n", "encoding"),
            (
                "[clinic]\nresult_file_prefix = \"\"\n",
                "result_file_prefix",
            ),
            (
                "[clinic]\nresult_file_prefix = \"../x_\"\n",
                "result_file_prefix",
            ),
            (
                "[clinic]\nresult_file_prefix = \".hidden_\"\n",
                "result_file_prefix",
            ),
            (
                "[clinic]\nerror_segment_of_result = \"1\"\n",
                "error_segment_of_result",
            ),
            (
                "[clinic]\ninsurer_number_padding = \"dots\"\n",
                "insurer_number_padding",
            ),
            ("[clinic]\nresult_folder = \"x\"\n", "result_folder"),
        ] {
            let err = Config::parse(text).unwrap_err();
            assert!(err.contains(key), "{text}: {err}");
        }
    }

    #[test]
    fn the_shipped_file_documents_every_clinic_key() {
        let text =
            std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/kiosk.toml")).unwrap();
        let config = Config::parse(&text).unwrap();
        assert_eq!(config.clinic, ClinicConfig::default());
        for key in [
            "result_dir",
            "req_dir",
            "res_dir",
            "query_timeout_ms",
            "poll_interval_ms",
            "encoding",
            "result_file_prefix",
            "error_segment_of_result",
            "insurer_number_padding",
        ] {
            assert!(
                text.contains(&format!("{key} =")),
                "kiosk.toml does not document clinic.{key}"
            );
        }
    }
}
