//! `myna-sim`: a virtual My Number Card (test PKI, synthetic people) in a vpcd reader of pcscd.
//!
//! Standard input takes control commands, one per line: `remove`, `insert`, `pull-after N`, `quit`.
#![forbid(unsafe_code)]

use std::io::BufRead;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use myna_sim::vpcd::{Control, Link};
use myna_sim::{SimConfig, load_card};
use time::OffsetDateTime;

/// Attach a virtual My Number Card to pcscd through the vpcd driver.
#[derive(Parser)]
#[command(version)]
struct Args {
    /// Configuration file ([sim] section).
    #[arg(long)]
    config: Option<PathBuf>,
    /// Card profile (fixtures/cards/*.toml).
    #[arg(long)]
    profile: Option<PathBuf>,
    /// vpcd port of the reader slot (Debian's "Virtual PCD 00 00" is 35963).
    #[arg(long)]
    vpcd_port: Option<u16>,
    #[arg(long)]
    vpcd_host: Option<String>,
    /// Write every APDU exchange here (VERIFY data masked, no response data).
    #[arg(long)]
    apdu_log: Option<PathBuf>,
    /// Pull the card out after answering this many command APDUs (re-insert with `insert`).
    #[arg(long)]
    pull_after: Option<u64>,
    /// The moment the profile's certificate days count from, as Unix seconds (default: now).
    /// The same moment gives the same certificate, as a real card keeps its own from one visit
    /// to the next (the clinic-day simulation starts one process a visit).
    #[arg(long)]
    issued_at: Option<i64>,
}

fn main() -> ExitCode {
    init_logging();
    let args = Args::parse();
    let config = match SimConfig::load(args.config.as_deref()) {
        Ok(config) => config,
        Err(e) => {
            eprintln!("myna-sim: {e}");
            return ExitCode::from(64);
        }
    };
    let Some(profile) = args.profile.or(config.profile) else {
        eprintln!("myna-sim: --profile FILE is required (or [sim] profile in the configuration)");
        return ExitCode::from(64);
    };
    let issued = match args.issued_at.map(OffsetDateTime::from_unix_timestamp) {
        None => OffsetDateTime::now_utc(),
        Some(Ok(at)) => at,
        Some(Err(e)) => {
            eprintln!("myna-sim: --issued-at: {e}");
            return ExitCode::from(64);
        }
    };
    let card = match load_card(&profile, issued) {
        Ok(card) => card,
        Err(e) => {
            eprintln!("myna-sim: {e}");
            return ExitCode::from(64);
        }
    };
    let host = args.vpcd_host.unwrap_or(config.vpcd_host);
    let port = args.vpcd_port.unwrap_or(config.vpcd_port);
    let link = Link::new(&host, port, args.pull_after);
    let control = link.clone();
    std::thread::spawn(move || {
        for line in std::io::stdin().lock().lines() {
            let Ok(line) = line else { break };
            if line.trim().is_empty() {
                continue;
            }
            match line.parse::<Control>() {
                Ok(command) => control.control(command),
                Err(e) => eprintln!("myna-sim: {e}"),
            }
        }
    });
    eprintln!("myna-sim: {} → vpcd {host}:{port}", profile.display());
    match link.run(card, args.apdu_log.as_deref()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("myna-sim: {e}");
            ExitCode::from(1)
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
