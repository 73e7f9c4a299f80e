//! The virtual My Number Card (test only): an ISO 7816 interpreter, card profiles, and the
//! link that plugs it into pcscd through the vpcd driver. It uses the card layer's APDU and
//! status-word types only; it is the one place that knows the text AP and the Individual Number.

pub mod atr;
pub mod card;
mod config;
mod pki;
pub mod profile;
pub mod vpcd;

use std::path::{Path, PathBuf};

pub use card::VirtualCard;
pub use config::SimConfig;
pub use profile::load_card;

#[derive(Debug, thiserror::Error)]
pub enum SimError {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("profile {path}: {message}")]
    Profile { path: PathBuf, message: String },
    #[error("{0}")]
    Invalid(String),
    #[error("test PKI: {0}")]
    Pki(String),
    #[error("vpcd link: {0}")]
    Vpcd(std::io::Error),
}

impl SimError {
    fn io(path: &Path, source: std::io::Error) -> Self {
        SimError::Io {
            path: path.to_path_buf(),
            source,
        }
    }
}
