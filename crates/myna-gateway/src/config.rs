//! `[gateway.server]` of `kiosk.toml`: defaults for `myna-gateway` (its flags override them).

use std::path::{Path, PathBuf};

use myna_protocol::settings::{SettingsError, load_section};
use serde::Deserialize;

/// `[gateway.server]`: defaults for `myna-gateway` (its flags override them).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServerConfig {
    /// `--listen`, e.g. `127.0.0.1:8443`.
    pub listen: Option<String>,
    /// `--data`: seed data directory.
    pub data: Option<PathBuf>,
    /// `--db`: SQLite file.
    pub db: Option<PathBuf>,
    /// `--tls-cert`, `--tls-key`: PEM certificate chain and private key.
    pub tls_cert: Option<PathBuf>,
    pub tls_key: Option<PathBuf>,
    /// `--rate-limit`: requests a second from each kiosk (bursts of twice that); 0: none.
    pub rate_limit: Option<u32>,
    /// `--request-timeout`: seconds for the TLS handshake, the headers, and the body with the
    /// answer, each (default 10).
    pub request_timeout_secs: Option<u64>,
    /// `--max-connections`: connections open at once, in all (default 512).
    pub max_connections: Option<usize>,
    /// `--max-connections-per-address`: connections open at once from one address (default 32).
    pub max_connections_per_address: Option<usize>,
    /// `--require-client-certificate`: only kiosks presenting their registered device key as
    /// TLS client certificate get past the handshake (default false).
    pub require_client_certificate: Option<bool>,
    /// `--max-challenges-per-kiosk`: unanswered challenges one kiosk may hold (default 64).
    pub max_challenges_per_kiosk: Option<usize>,
    /// `--retention-days`: confirmations and consents older than this are purged (default
    /// 1096, three years).
    pub retention_days: Option<u32>,
    /// `--audit-retention-days`: the staff console's audit is kept this long (default 1827,
    /// five years, and at least `retention_days`).
    pub audit_retention_days: Option<u32>,
    /// `--case-retention-days`: resolved kiosk cases and report events are kept this long
    /// (default 1096, three years).
    pub case_retention_days: Option<u32>,
    /// `--stale-after`: seconds without a health report after which a kiosk is stale on the
    /// health board (default 20).
    pub stale_after_secs: Option<u64>,
    /// `--console-session-minutes`: a staff console session left idle this long is over
    /// (1 to 1440, default 15).
    pub console_session_minutes: Option<u64>,
}

impl ServerConfig {
    /// `[gateway.server]` of `path` (default `kiosk.toml`); nothing else of the file is read.
    pub fn load(path: Option<&Path>) -> Result<Self, SettingsError> {
        load_section(path, &["gateway", "server"])
    }
}
