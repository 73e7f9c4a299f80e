//! Logs to standard error or, with `[log] dir`, to daily files (`myna-kiosk.YYYY-MM-DD.log`,
//! the oldest deleted beyond `keep_days`), as text or one JSON object a line; filtered by
//! `MYNA_LOG` (tracing's env-filter syntax). The card layer logs APDUs at `trace` with VERIFY
//! data masked; nothing logs card data, PINs or photos.

use std::io::IsTerminal;

use crate::config::{LogConfig, LogFormat};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

static STARTED: OnceLock<Instant> = OnceLock::new();

/// Time since [`init`] (called first thing in `main`), for start-up figures.
pub fn since_start() -> Duration {
    STARTED.get().map(Instant::elapsed).unwrap_or_default()
}

/// Logs to standard error; `default` is the filter when `MYNA_LOG` is unset (e.g. `"warn"`).
pub fn init(default: &str) {
    let _ = STARTED.set(Instant::now());
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .with_env_filter(filter(default))
        .init();
}

/// Logs as `[log]` says. An error (the folder cannot be made or written) names the folder.
pub fn init_with(config: &LogConfig, default: &str) -> Result<(), String> {
    let _ = STARTED.set(Instant::now());
    let Some(dir) = &config.dir else {
        if config.format == LogFormat::Json {
            tracing_subscriber::fmt()
                .json()
                .with_writer(std::io::stderr)
                .with_env_filter(filter(default))
                .init();
        } else {
            init(default);
        }
        return Ok(());
    };
    let files = tracing_appender::rolling::RollingFileAppender::builder()
        .rotation(tracing_appender::rolling::Rotation::DAILY)
        .filename_prefix("myna-kiosk")
        .filename_suffix("log")
        .max_log_files(usize::try_from(config.keep_days).unwrap_or(usize::MAX))
        .build(dir)
        .map_err(|e| format!("[log] dir {}: {e}", dir.display()))?;
    let builder = tracing_subscriber::fmt()
        .with_writer(files)
        .with_ansi(false)
        .with_env_filter(filter(default));
    match config.format {
        LogFormat::Json => builder.json().init(),
        LogFormat::Text => builder.init(),
    }
    Ok(())
}

fn filter(default: &str) -> tracing_subscriber::EnvFilter {
    tracing_subscriber::EnvFilter::try_from_env("MYNA_LOG").unwrap_or_else(|_| default.into())
}
