//! Logs to standard error, filtered by `MYNA_LOG` (tracing's env-filter syntax). The card layer
//! logs APDUs at `trace` with VERIFY data masked; nothing logs card data, PINs or photos.

use std::io::IsTerminal;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

static STARTED: OnceLock<Instant> = OnceLock::new();

/// Time since [`init`] (called first thing in `main`), for start-up figures.
pub fn since_start() -> Duration {
    STARTED.get().map(Instant::elapsed).unwrap_or_default()
}

/// `default` is the filter when `MYNA_LOG` is unset (e.g. `"warn"`).
pub fn init(default: &str) {
    let _ = STARTED.set(Instant::now());
    let filter =
        tracing_subscriber::EnvFilter::try_from_env("MYNA_LOG").unwrap_or_else(|_| default.into());
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .with_env_filter(filter)
        .init();
}
