//! `kiosk.toml`: every binary reads it (`--config PATH`, default `./kiosk.toml`); flags override it.
//! Unknown keys are errors that name the key, so a typo never silently falls back to a default.

use std::path::{Path, PathBuf};

use serde::Deserialize;

pub const DEFAULT_PATH: &str = "kiosk.toml";

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    #[serde(default)]
    pub card: CardConfig,
    #[serde(default)]
    pub sim: SimConfig,
}

/// `[card]`
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CardConfig {
    /// PC/SC reader name (exact). Unset: the only reader present.
    pub reader: Option<String>,
}

/// `[sim]`: defaults for `myna-sim`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SimConfig {
    #[serde(default = "default_vpcd_host")]
    pub vpcd_host: String,
    #[serde(default = "default_vpcd_port")]
    pub vpcd_port: u16,
    pub profile: Option<PathBuf>,
}

impl Default for SimConfig {
    fn default() -> Self {
        SimConfig {
            vpcd_host: default_vpcd_host(),
            vpcd_port: default_vpcd_port(),
            profile: None,
        }
    }
}

fn default_vpcd_host() -> String {
    "127.0.0.1".into()
}

/// The port of Debian's stock vpcd reader "Virtual PCD 00 00".
fn default_vpcd_port() -> u16 {
    35963
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}: {message}")]
    Invalid { path: PathBuf, message: String },
}

impl Config {
    /// Loads `path`; a missing file is an error only when the path was given explicitly.
    pub fn load(path: Option<&Path>) -> Result<Self, ConfigError> {
        let explicit = path.is_some();
        let path = path.unwrap_or(Path::new(DEFAULT_PATH));
        match std::fs::read_to_string(path) {
            Ok(text) => Self::parse(&text).map_err(|message| ConfigError::Invalid {
                path: path.to_path_buf(),
                message,
            }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && !explicit => {
                Ok(Config::default())
            }
            Err(source) => Err(ConfigError::Read {
                path: path.to_path_buf(),
                source,
            }),
        }
    }

    pub fn parse(text: &str) -> Result<Self, String> {
        toml::from_str(text).map_err(|e| e.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_keys_are_named() {
        let err = Config::parse("[card]\nreadr = \"x\"\n").unwrap_err();
        assert!(err.contains("readr"), "{err}");
        let err = Config::parse("[sim]\nvpcd_port = 70000\n").unwrap_err();
        assert!(err.contains("vpcd_port"), "{err}");
    }

    #[test]
    fn the_shipped_file_parses() {
        let text =
            std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/kiosk.toml")).unwrap();
        let config = Config::parse(&text).unwrap();
        assert_eq!(config.sim.vpcd_port, 35963);
    }
}
