//! `myna-gateway`: the reference eligibility gateway (docs/gateway-protocol.md).
//!
//! `myna-gateway --listen ADDR --data DIR [--db FILE] [--tls-cert F --tls-key F] [--config PATH]
//! [--rate-limit N] [--face-max-distance D] [--request-timeout SECS] [--max-connections N]
//! [--max-connections-per-address N] [--require-client-certificate] [--max-challenges-per-kiosk N]
//! [--retention-days DAYS] [--audit-retention-days DAYS] [--case-retention-days DAYS]
//! [--stale-after SECS]`
//! Prints `myna-gateway listening on URL` on stdout once it accepts connections.
//! `myna-gateway staff add|remove|list|unlock …`: the staff console's members (`staff_cli`).
//! Exit codes: 64 usage or configuration error (bad flags, bad seed data, plain HTTP on a
//! non-loopback address), 1 any other failure.
#![forbid(unsafe_code)]

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

mod staff_cli;

use clap::{Parser, Subcommand};
use myna_gateway::{self as gateway, Limits, ListenAddr, Options, ServerConfig};
use myna_protocol::protocol::CHALLENGE_TTL_SECS;

/// Reference eligibility gateway: kiosk-signed JSON over HTTPS, seed data in DIR, SQLite.
#[derive(Parser)]
#[command(version, args_conflicts_with_subcommands = true)]
struct Args {
    #[command(subcommand)]
    command: Option<Command>,
    /// Configuration file ([gateway.server] section gives defaults for the flags).
    #[arg(long)]
    config: Option<PathBuf>,
    /// Address to listen on, e.g. 127.0.0.1:8443 (port 0: any free port). Plain HTTP is
    /// refused unless it is a loopback address.
    #[arg(long)]
    listen: Option<String>,
    /// Seed data: insured/*.toml, ca/*.pem, revoked.txt, kiosks/<kiosk_id>.pub.
    #[arg(long)]
    data: Option<PathBuf>,
    /// SQLite database (created when missing). Default: myna-gateway.sqlite.
    #[arg(long)]
    db: Option<PathBuf>,
    /// TLS certificate chain (PEM).
    #[arg(long, requires = "tls_key")]
    tls_cert: Option<PathBuf>,
    /// TLS private key (PEM, PKCS#8 or SEC1 or PKCS#1).
    #[arg(long, requires = "tls_cert")]
    tls_key: Option<PathBuf>,
    /// Requests a second taken from each kiosk (bursts of twice that; more: HTTP 429
    /// `rate_limited`); 0: no limit. Default: [gateway.server] rate_limit, else 20.
    #[arg(long)]
    rate_limit: Option<u32>,
    /// The largest face distance (L2, dlib descriptors) a face verdict must be under; told to
    /// kiosks with each challenge. Above 0, at most 0.6 (dlib's threshold). Default:
    /// policy.toml's [face] max_distance, else 0.5 (the kiosk's default too).
    #[arg(long, value_name = "D", allow_negative_numbers = true)]
    face_max_distance: Option<f64>,
    /// Seconds for the TLS handshake, for the request headers, and for the request body with
    /// the answer, each; an idle kept-alive connection is closed after it too. 1 to 300.
    /// Default: [gateway.server] request_timeout_secs, else 10.
    #[arg(long, value_name = "SECS")]
    request_timeout: Option<u64>,
    /// Connections open at once, all clients together (more are closed at once). Default:
    /// [gateway.server] max_connections, else 512.
    #[arg(long, value_name = "N")]
    max_connections: Option<usize>,
    /// Connections open at once from one address (an IPv6 /64 counts as one), so that one
    /// client cannot take them all. Default: [gateway.server] max_connections_per_address,
    /// else 32.
    #[arg(long, value_name = "N")]
    max_connections_per_address: Option<usize>,
    /// Only kiosks that present their registered device key as TLS client certificate get past
    /// the TLS handshake (docs/gateway-protocol.md: turn it on once every kiosk does). Needs
    /// TLS. Default: [gateway.server] require_client_certificate, else off.
    #[arg(long)]
    require_client_certificate: bool,
    /// Unanswered challenges one kiosk may hold (more: HTTP 429 `rate_limited`). Default:
    /// [gateway.server] max_challenges_per_kiosk, else 64.
    #[arg(long, value_name = "N")]
    max_challenges_per_kiosk: Option<usize>,
    /// Confirmations and consents older than this many days are purged, at start and daily,
    /// each purge recorded in the table retention_purges. 30 to 36525. Default:
    /// [gateway.server] retention_days, else 1096 (three years, docs/gateway-protocol.md,
    /// "Retention").
    #[arg(long, value_name = "DAYS")]
    retention_days: Option<u32>,
    /// Days the staff console's audit is kept (--retention-days to 36525). Default:
    /// [gateway.server] audit_retention_days, else 1827 (five years) or --retention-days when
    /// longer.
    #[arg(long, value_name = "DAYS")]
    audit_retention_days: Option<u32>,
    /// Days resolved kiosk cases and report events are kept; open cases stay (30 to 36525).
    /// Default: [gateway.server] case_retention_days, else 1096 (three years).
    #[arg(long, value_name = "DAYS")]
    case_retention_days: Option<u32>,
    /// Minutes a staff console session may stay idle before it is over (1 to 1440). Default:
    /// [gateway.server] console_session_minutes, else 15.
    #[arg(long, value_name = "MINUTES")]
    console_session_minutes: Option<u64>,
    /// Seconds a staff console session may stay idle (tests only; overrides the minutes).
    #[arg(long, hide = true)]
    console_session_secs: Option<u64>,
    /// Seconds of the console's first lock-out (tests only; default 5 minutes).
    #[arg(long, hide = true)]
    console_lockout_secs: Option<u64>,
    /// Seconds without a health report after which a kiosk is stale on the health board.
    /// Default: [gateway.server] stale_after_secs, else 20.
    #[arg(long, value_name = "SECS")]
    stale_after: Option<u64>,
    /// Seconds between retention purges after the one at start (tests only).
    #[arg(long, hide = true, default_value_t = 86_400)]
    retention_purge_every_secs: u64,
    /// Challenge lifetime in seconds (tests only).
    #[arg(long, hide = true, default_value_t = CHALLENGE_TTL_SECS)]
    challenge_ttl_secs: i64,
}

#[derive(Subcommand)]
enum Command {
    /// The staff console's members, in the gateway's database.
    Staff(staff_cli::StaffArgs),
}

fn usage(message: impl std::fmt::Display) -> ExitCode {
    eprintln!("myna-gateway: {message}");
    ExitCode::from(64)
}

fn main() -> ExitCode {
    init_logging();
    let args = Args::parse();
    if let Some(Command::Staff(staff)) = args.command {
        return staff_cli::run(staff);
    }
    let config = match ServerConfig::load(args.config.as_deref()) {
        Ok(config) => config,
        Err(e) => return usage(e),
    };
    let Some(listen) = args.listen.or(config.listen) else {
        return usage("--listen ADDR is required (or [gateway.server] listen)");
    };
    let listen = match ListenAddr::parse(&listen) {
        Ok(addr) => addr,
        Err(e) => return usage(e),
    };
    let Some(data) = args.data.or(config.data) else {
        return usage("--data DIR is required (or [gateway.server] data)");
    };
    let tls = match (
        args.tls_cert.or(config.tls_cert),
        args.tls_key.or(config.tls_key),
    ) {
        (Some(cert), Some(key)) => Some((cert, key)),
        (None, None) => None,
        _ => return usage("--tls-cert and --tls-key go together"),
    };
    if !(1..=86_400).contains(&args.challenge_ttl_secs) {
        return usage("--challenge-ttl-secs: 1 to 86400");
    }
    let defaults = Limits::default();
    let retention_days = args
        .retention_days
        .or(config.retention_days)
        .unwrap_or(defaults.retention_days);
    let options = Options {
        listen,
        data,
        db: args
            .db
            .or(config.db)
            .unwrap_or_else(|| PathBuf::from("myna-gateway.sqlite")),
        tls,
        challenge_ttl: time::Duration::seconds(args.challenge_ttl_secs),
        rate_limit: args.rate_limit.or(config.rate_limit).unwrap_or(20),
        face_max_distance: args.face_max_distance,
        limits: Limits {
            request_timeout: args
                .request_timeout
                .or(config.request_timeout_secs)
                .map_or(defaults.request_timeout, std::time::Duration::from_secs),
            max_connections: args
                .max_connections
                .or(config.max_connections)
                .unwrap_or(defaults.max_connections),
            max_connections_per_address: args
                .max_connections_per_address
                .or(config.max_connections_per_address)
                .unwrap_or(defaults.max_connections_per_address),
            require_client_certificate: args.require_client_certificate
                || config.require_client_certificate.unwrap_or(false),
            max_challenges_per_kiosk: args
                .max_challenges_per_kiosk
                .or(config.max_challenges_per_kiosk)
                .unwrap_or(defaults.max_challenges_per_kiosk),
            retention_days,
            // Never shorter than the confirmations it speaks of, unless asked (then refused).
            audit_retention_days: args
                .audit_retention_days
                .or(config.audit_retention_days)
                .unwrap_or(defaults.audit_retention_days.max(retention_days)),
            case_retention_days: args
                .case_retention_days
                .or(config.case_retention_days)
                .unwrap_or(defaults.case_retention_days),
            purge_every: std::time::Duration::from_secs(args.retention_purge_every_secs),
            stale_after: args
                .stale_after
                .or(config.stale_after_secs)
                .map_or(defaults.stale_after, std::time::Duration::from_secs),
            console_session: match args.console_session_secs {
                Some(secs) => std::time::Duration::from_secs(secs),
                None => args
                    .console_session_minutes
                    .or(config.console_session_minutes)
                    .map_or(defaults.console_session, |minutes| {
                        std::time::Duration::from_secs(minutes.saturating_mul(60))
                    }),
            },
            console_lockout: args
                .console_lockout_secs
                .map_or(defaults.console_lockout, std::time::Duration::from_secs),
        },
        clock: myna_gateway::clock::system(),
    };
    // Err means a provider is installed already, which is all we need.
    let _ = rustls::crypto::ring::default_provider().install_default();
    let result = gateway::run(&options, |url| {
        let mut out = std::io::stdout().lock();
        let _ = writeln!(out, "myna-gateway listening on {url}");
        let _ = out.flush();
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(
            e
            @ (gateway::Error::Usage(_) | gateway::Error::Data { .. } | gateway::Error::Io { .. }),
        ) => usage(e),
        Err(e) => {
            eprintln!("myna-gateway: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Logs to standard error, filtered by `MYNA_LOG` (tracing's env-filter syntax; default `info`).
fn init_logging() {
    use std::io::IsTerminal;
    let filter =
        tracing_subscriber::EnvFilter::try_from_env("MYNA_LOG").unwrap_or_else(|_| "info".into());
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .with_env_filter(filter)
        .init();
}
