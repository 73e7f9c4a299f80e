//! `myna-card`: the integrator's card commands, without the kiosk (docs/integrators.md).
//!
//! `myna-card status [--reader NAME]` identifies the card in a reader and prints one JSON object
//! (spends no PIN try); the same as `myna-kiosk card status`. Exit codes: 0, 5 card problem,
//! 64 usage.
#![forbid(unsafe_code)]

use std::process::ExitCode;

use clap::{Parser, Subcommand};
use myna_card::cli;

/// Card commands for integrators: PC/SC, the My Number Card, no kiosk.
#[derive(Parser)]
#[command(version)]
struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Identify the card in a reader and print one JSON object (spends no PIN try).
    Status {
        /// PC/SC reader name; default: the only reader present.
        #[arg(long)]
        reader: Option<String>,
    },
}

fn main() -> ExitCode {
    let Command::Status { reader } = Args::parse().command;
    match cli::status(reader) {
        Ok(status) => {
            cli::print_json("myna-card", &status);
            ExitCode::SUCCESS
        }
        Err(failure) => failure.report("myna-card"),
    }
}
