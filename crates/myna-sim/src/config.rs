//! `[sim]` of `kiosk.toml`: defaults for `myna-sim` (its flags override them).

use std::path::{Path, PathBuf};

use myna_protocol::settings::{SettingsError, load_section};
use serde::Deserialize;

/// `[sim]`: defaults for `myna-sim`.
#[derive(Debug, Clone, Deserialize)]
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

impl SimConfig {
    /// `[sim]` of `path` (default `kiosk.toml`); nothing else of the file is read.
    pub fn load(path: Option<&Path>) -> Result<Self, SettingsError> {
        load_section(path, &["sim"])
    }
}
