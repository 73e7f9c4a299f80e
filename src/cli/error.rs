//! [`CliError`]: how a `myna-kiosk` command failed, how that is reported, and its exit code.

use std::process::ExitCode;

use crate::card::cli::{EXIT_USAGE, Failure};

use super::PROGRAM;

/// Exit code of a failure that is neither a usage error nor an outcome of docs/design.md's
/// table (a store that cannot be written, an audit chain that does not verify, a speaker that
/// does not play).
pub const EXIT_FAILURE: u8 = 1;

/// Why a command ended without doing its work, each variant reported as the command always
/// reported it (docs/integrators.md).
#[derive(Debug)]
pub enum CliError {
    /// The card commands' failure: the message on stderr, `{"reader", "card_kind"?, "error":
    /// {"code", "message"}}` on stdout, and its exit code (5 card problem, 64 usage).
    Failure(Failure),
    /// A message on stderr only, with its exit code.
    Message { message: String, exit: u8 },
    /// A command's own JSON report on stdout (and a message on stderr where there is one).
    Report {
        message: Option<String>,
        json: serde_json::Value,
        exit: u8,
    },
    /// The arguments did not parse: clap's message and clap's exit code (help and version are
    /// "errors" that print on stdout and exit 0).
    Clap(clap::Error),
}

impl CliError {
    /// A usage or configuration error of the JSON commands (exit 64, JSON report).
    pub fn usage(message: impl Into<String>) -> Self {
        CliError::Failure(Failure::usage(message))
    }

    /// A configuration that cannot be loaded or used before any command runs: exit 64, the
    /// message on stderr only.
    pub fn config(message: impl std::fmt::Display) -> Self {
        CliError::Message {
            message: message.to_string(),
            exit: EXIT_USAGE,
        }
    }

    /// A command that failed (exit 1), the message on stderr only.
    pub fn failed(message: impl std::fmt::Display) -> Self {
        CliError::Message {
            message: message.to_string(),
            exit: EXIT_FAILURE,
        }
    }

    /// The exit code it ends the process with.
    pub fn exit_code(&self) -> u8 {
        match self {
            CliError::Failure(failure) => failure.exit,
            CliError::Message { exit, .. } | CliError::Report { exit, .. } => *exit,
            // clap's codes fit a byte (0 and 2); anything else would be a usage error.
            CliError::Clap(e) => u8::try_from(e.exit_code()).unwrap_or(EXIT_USAGE),
        }
    }

    /// Says it on stderr (and stdout where the contract has a JSON report) and gives the exit
    /// code.
    pub fn report(self) -> ExitCode {
        let exit = self.exit_code();
        match self {
            CliError::Failure(failure) => return failure.report(PROGRAM),
            CliError::Message { message, .. } => eprintln!("{PROGRAM}: {message}"),
            CliError::Report { message, json, .. } => {
                if let Some(message) = message {
                    eprintln!("{PROGRAM}: {message}");
                }
                println!("{json}");
            }
            CliError::Clap(e) => {
                if let Err(io) = e.print() {
                    eprintln!("{PROGRAM}: {io}");
                }
            }
        }
        ExitCode::from(exit)
    }
}

impl From<Failure> for CliError {
    fn from(failure: Failure) -> Self {
        CliError::Failure(failure)
    }
}
