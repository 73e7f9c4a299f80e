//! Logs to standard error, filtered by `MYNA_LOG` (tracing's env-filter syntax). The card layer
//! logs APDUs at `trace` with VERIFY data masked; nothing logs card data, PINs or photos.

use std::io::IsTerminal;

/// `default` is the filter when `MYNA_LOG` is unset (e.g. `"warn"`).
pub fn init(default: &str) {
    let filter =
        tracing_subscriber::EnvFilter::try_from_env("MYNA_LOG").unwrap_or_else(|_| default.into());
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .with_env_filter(filter)
        .init();
}
