//! The `myna-kiosk` command line (the binary `src/bin/myna-kiosk.rs` only calls [`main`]): the
//! arguments, one module per command, and [`CliError`], the one error type, carrying the exit
//! code. The JSON on stdout and the exit codes are the integrators' contract (docs/design.md,
//! "Names and command-line contracts"; docs/integrators.md).

mod app;
mod args;
mod audit;
mod check;
mod error;
mod keygen;
mod outbox;
mod staff;

use std::process::ExitCode;

use clap::Parser;
use clap::error::{ContextKind, ContextValue, ErrorKind};

use crate::card::cli as card_cli;
use crate::card::pcsc::Pcsc;
use crate::clinic::result_file::ResultWriter;
use crate::config::{Config, GatewayConfig, StoreConfig};
use crate::eligibility::client::GatewayClient;
use crate::reception::worker::Offline;

pub use args::{
    Args, AuditCommand, CardCommand, Command, DemoGatewayArgs, OutboxCommand, StaffCommand,
};
pub use check::Method;
pub use error::CliError;

/// The name the messages on standard error start with.
pub const PROGRAM: &str = "myna-kiosk";

/// What a command that ran to its end gives back: the exit code of the report it printed (`0`,
/// or for `check` and `outbox replay` the outcome's code of docs/design.md).
pub type Outcome = Result<u8, CliError>;

/// Parses the process's arguments, runs the command and reports how it ended.
pub fn main() -> ExitCode {
    let outcome = parse(std::env::args_os()).and_then(run);
    match outcome {
        Ok(code) => ExitCode::from(code),
        Err(error) => error.report(),
    }
}

/// The arguments, or how they are wrong. clap's own errors keep clap's exit code (2, as for the
/// other binaries) except a bad value of `check --method` or `--consent`: like the values
/// `check` refuses itself (`face`, `limit_certificate`), a usage error of the check contract
/// (exit 64 and a JSON report), so that a script never reads "needs staff" (2) for a typo.
pub fn parse<I, T>(args: I) -> Result<Args, CliError>
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    Args::try_parse_from(args).map_err(|e| {
        if e.kind() == ErrorKind::InvalidValue
            && let Some(message) = check_value_error(&e)
        {
            return CliError::usage(message);
        }
        CliError::Clap(e)
    })
}

/// The check contract's message for a value clap did not take for `--method` or `--consent`.
fn check_value_error(e: &clap::Error) -> Option<String> {
    let string = |kind| match e.get(kind) {
        Some(ContextValue::String(s)) => Some(s.as_str()),
        _ => None,
    };
    let arg = string(ContextKind::InvalidArg)?;
    let value = string(ContextKind::InvalidValue).unwrap_or_default();
    if arg.starts_with("--method") {
        Some(check::method_refused(value))
    } else if arg.starts_with("--consent") {
        Some(crate::check::unknown_consent(value))
    } else {
        None
    }
}

/// Loads the configuration, starts logging and runs the command.
pub fn run(args: Args) -> Outcome {
    let config = Config::load(args.config.as_deref()).map_err(CliError::config)?;
    crate::logging::init_with(&config.log, "warn").map_err(CliError::config)?;
    tracing::info!(
        version = env!("CARGO_PKG_VERSION"),
        pid = std::process::id(),
        "myna-kiosk starting"
    );
    match args.command {
        Command::Run { reader, windowed } => app::run(reader, windowed, &config),
        Command::Demo {
            fixtures,
            fullscreen,
            gateway,
        } => app::demo(&fixtures, fullscreen, gateway, &config),
        Command::Card(CardCommand::Status { reader }) => {
            let status = card_cli::status(reader.or(config.card.reader))?;
            print_json(&status);
            Ok(0)
        }
        Command::Check(check) => check::run(check, config),
        Command::Outbox(OutboxCommand::Replay) => outbox::replay(&config),
        Command::Keygen { out, kiosk_id } => {
            keygen::run(&out, kiosk_id.or(config.gateway.kiosk_id))
        }
        Command::Audit(AuditCommand::Verify) => audit::verify(&config.store),
        Command::SpeakerTest { language } => app::speaker_test(&config.ui.audio_dir, &language),
        Command::Staff(command) => staff::run(command, &config.store),
    }
}

/// The gateway client and the local store of the configuration (usage error otherwise).
fn connect(
    gateway: &GatewayConfig,
    store: &StoreConfig,
) -> Result<(GatewayClient, Offline), CliError> {
    let client = GatewayClient::from_config(gateway).map_err(|e| CliError::usage(e.to_string()))?;
    let offline = Offline::open(store).map_err(|e| CliError::usage(format!("[store]: {e}")))?;
    Ok((client, offline))
}

/// The result-file writer of `[clinic] result_dir`, or a usage error (exit 64) when it is
/// missing or cannot be written.
fn result_writer(config: &Config) -> Result<Option<ResultWriter>, CliError> {
    crate::clinic::result_writer(config)
        .map_err(|e| CliError::usage(format!("[clinic] result_dir: {e}")))
}

/// A PC/SC context and the reader to use (the one named, else the only one present), or the
/// card problem or usage error of `card status`.
fn reader(reader: Option<String>) -> Result<(Pcsc, String), CliError> {
    let pcsc = card_cli::establish(reader.as_deref())?;
    let reader = card_cli::choose_reader(&pcsc, reader)?;
    Ok((pcsc, reader))
}

/// One JSON object on a line of standard output.
fn print_json(value: &impl serde::Serialize) {
    card_cli::print_json(PROGRAM, value);
}
