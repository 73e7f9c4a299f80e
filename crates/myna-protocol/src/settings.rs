//! `kiosk.toml`, the one configuration file of a kiosk machine: the kiosk reads all of it, the
//! simulator only `[sim]` and the gateway only `[gateway.server]` ([`load_section`]).

use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;

/// Read when no `--config` is given; missing, every section takes its defaults.
pub const DEFAULT_PATH: &str = "kiosk.toml";

/// A configuration file that cannot be used; it names the file.
#[derive(Debug, thiserror::Error)]
pub enum SettingsError {
    #[error("{path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}: {message}")]
    Invalid { path: PathBuf, message: String },
}

/// The section at `keys` (e.g. `["gateway", "server"]`) of `path`, or of [`DEFAULT_PATH`] when
/// `path` is `None`. A missing section, or a missing default file, gives the section's defaults;
/// a missing file that was named is an error.
pub fn load_section<T: DeserializeOwned + Default>(
    path: Option<&Path>,
    keys: &[&str],
) -> Result<T, SettingsError> {
    let explicit = path.is_some();
    let path = path.unwrap_or(Path::new(DEFAULT_PATH));
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && !explicit => {
            return Ok(T::default());
        }
        Err(source) => {
            return Err(SettingsError::Read {
                path: path.to_path_buf(),
                source,
            });
        }
    };
    let invalid = |message: String| SettingsError::Invalid {
        path: path.to_path_buf(),
        message,
    };
    let mut value: toml::Value = toml::from_str(&text).map_err(|e| invalid(e.to_string()))?;
    for key in keys {
        value = match value {
            toml::Value::Table(mut table) => match table.remove(*key) {
                Some(inner) => inner,
                None => return Ok(T::default()),
            },
            _ => return Err(invalid(format!("{} is not a table", keys.join(".")))),
        };
    }
    value
        .try_into()
        .map_err(|e: toml::de::Error| invalid(format!("[{}]: {e}", keys.join("."))))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Default, serde::Deserialize, PartialEq)]
    #[serde(deny_unknown_fields)]
    struct Server {
        listen: Option<String>,
    }

    fn file(text: &str) -> tempfile::NamedTempFile {
        let file = tempfile::NamedTempFile::new().unwrap();
        std::fs::write(file.path(), text).unwrap();
        file
    }

    #[test]
    fn a_section_is_read_and_checked() {
        let f = file("[ui]\nx = 1\n[gateway.server]\nlisten = \"127.0.0.1:1\"\n");
        let s: Server = load_section(Some(f.path()), &["gateway", "server"]).unwrap();
        assert_eq!(s.listen.as_deref(), Some("127.0.0.1:1"));
        let f = file("[gateway.server]\nlisten_on = \"x\"\n");
        let e = load_section::<Server>(Some(f.path()), &["gateway", "server"]).unwrap_err();
        assert!(e.to_string().contains("[gateway.server]"), "{e}");
        assert!(e.to_string().contains("listen_on"), "{e}");
    }

    #[test]
    fn a_missing_section_has_defaults_and_a_missing_named_file_is_an_error() {
        let f = file("[ui]\n");
        let s: Server = load_section(Some(f.path()), &["gateway", "server"]).unwrap();
        assert_eq!(s, Server::default());
        let e = load_section::<Server>(Some(Path::new("/nonexistent/k.toml")), &["sim"]);
        assert!(matches!(e, Err(SettingsError::Read { .. })));
        let f = file("gateway = 3\n");
        assert!(load_section::<Server>(Some(f.path()), &["gateway", "server"]).is_err());
    }
}
