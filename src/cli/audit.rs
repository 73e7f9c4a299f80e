//! `myna-kiosk audit verify`.

use crate::config::StoreConfig;
use crate::store::{Store, StoreError};

use super::error::EXIT_FAILURE;
use super::{CliError, Outcome};

/// `{"ok": true, "rows": N, "head": HEX}` and exit 0, or `{"ok": false, "error": MESSAGE,
/// "row": N?}` and exit 1.
pub(super) fn verify(config: &StoreConfig) -> Outcome {
    let result = if config.path.exists() {
        Store::open(&config.path, &config.data_key).and_then(|store| store.verify_audit())
    } else {
        Err(StoreError::Io {
            path: config.path.clone(),
            source: std::io::Error::new(
                std::io::ErrorKind::NotFound,
                "no store here (see [store] path in kiosk.toml)",
            ),
        })
    };
    match result {
        Ok(report) => {
            println!(
                "{}",
                serde_json::json!({ "rows": report.rows, "ok": true, "head": report.head })
            );
            Ok(0)
        }
        Err(e) => {
            let row = match &e {
                StoreError::AuditBroken { row, .. } => Some(*row),
                _ => None,
            };
            Err(CliError::Report {
                message: None,
                json: serde_json::json!({ "ok": false, "error": e.to_string(), "row": row }),
                exit: EXIT_FAILURE,
            })
        }
    }
}
