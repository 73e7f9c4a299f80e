//! `myna-kiosk`: the reception kiosk. For now, the integrator command `card status`.
#![forbid(unsafe_code)]

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use myna_kiosk::card::pcsc::{Pcsc, PcscTransport};
use myna_kiosk::card::{AuthCertificate, CardError, CardKind, CardSession};
use myna_kiosk::config::Config;
use serde::Serialize;

#[derive(Parser)]
#[command(
    version,
    about = "Reception kiosk for the My Number Card as health insurance card"
)]
struct Args {
    /// Configuration file.
    #[arg(long, global = true)]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Card commands for integrators.
    #[command(subcommand)]
    Card(CardCommand),
}

#[derive(Subcommand)]
enum CardCommand {
    /// Identify the card in a reader and print one JSON object (spends no PIN try).
    Status {
        /// PC/SC reader name; default: [card] reader, else the only reader present.
        #[arg(long)]
        reader: Option<String>,
    },
}

/// Exit codes of design.md.
const EXIT_CARD_PROBLEM: u8 = 5;
const EXIT_USAGE: u8 = 64;

fn main() -> ExitCode {
    myna_kiosk::logging::init("warn");
    let args = Args::parse();
    let config = match Config::load(args.config.as_deref()) {
        Ok(config) => config,
        Err(e) => {
            eprintln!("myna-kiosk: {e}");
            return ExitCode::from(EXIT_USAGE);
        }
    };
    match args.command {
        Command::Card(CardCommand::Status { reader }) => card_status(reader.or(config.card.reader)),
    }
}

#[derive(Serialize)]
struct CardStatus {
    reader: String,
    card_kind: CardKind,
    #[serde(skip_serializing_if = "Option::is_none")]
    auth_cert: Option<AuthCertificate>,
    pin_tries_left: Option<u8>,
}

#[derive(Serialize)]
struct ErrorReport<'a> {
    reader: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    card_kind: Option<CardKind>,
    error: ErrorBody,
}

#[derive(Serialize)]
struct ErrorBody {
    code: &'static str,
    message: String,
}

fn print_json(value: &impl Serialize) {
    match serde_json::to_string(value) {
        Ok(json) => println!("{json}"),
        Err(e) => eprintln!("myna-kiosk: {e}"),
    }
}

fn fail(
    reader: Option<&str>,
    card_kind: Option<CardKind>,
    code: &'static str,
    message: String,
    exit: u8,
) -> ExitCode {
    eprintln!("myna-kiosk: {message}");
    print_json(&ErrorReport {
        reader,
        card_kind,
        error: ErrorBody { code, message },
    });
    ExitCode::from(exit)
}

fn card_status(reader: Option<String>) -> ExitCode {
    let pcsc = match Pcsc::establish() {
        Ok(pcsc) => pcsc,
        Err(e) => {
            return fail(
                reader.as_deref(),
                None,
                e.code(),
                e.to_string(),
                EXIT_CARD_PROBLEM,
            );
        }
    };
    let readers = pcsc.readers().unwrap_or_default();
    let reader = match reader {
        Some(reader) => reader,
        None => match &readers[..] {
            [only] => only.clone(),
            [] => {
                return fail(
                    None,
                    None,
                    "no_reader",
                    "no card reader is connected".into(),
                    EXIT_CARD_PROBLEM,
                );
            }
            _ => {
                let message = format!(
                    "several readers: choose one with --reader ({})",
                    readers.join(", ")
                );
                return fail(None, None, "usage", message, EXIT_USAGE);
            }
        },
    };
    let transport = match pcsc.connect(&reader) {
        Ok(transport) => transport,
        Err(e @ CardError::NoReader(_)) => {
            let message = format!("{e}; readers present: {}", readers.join(", "));
            return fail(Some(&reader), None, e.code(), message, EXIT_CARD_PROBLEM);
        }
        Err(e) => {
            return fail(
                Some(&reader),
                None,
                e.code(),
                e.to_string(),
                EXIT_CARD_PROBLEM,
            );
        }
    };
    match read_status(&reader, transport) {
        Ok(status) if status.card_kind == CardKind::Unknown => fail(
            Some(&reader),
            Some(CardKind::Unknown),
            "not_my_number_card",
            "this card is not a My Number Card".into(),
            EXIT_CARD_PROBLEM,
        ),
        Ok(status) => {
            print_json(&status);
            ExitCode::SUCCESS
        }
        Err((kind, e)) => fail(
            Some(&reader),
            kind,
            e.code(),
            e.to_string(),
            EXIT_CARD_PROBLEM,
        ),
    }
}

fn read_status(
    reader: &str,
    transport: PcscTransport,
) -> Result<CardStatus, (Option<CardKind>, CardError)> {
    let mut session = CardSession::new(transport);
    let card_kind = session.identify().map_err(|e| (None, e))?;
    let mut status = CardStatus {
        reader: reader.to_string(),
        card_kind,
        auth_cert: None,
        pin_tries_left: None,
    };
    if card_kind == CardKind::Unknown {
        return Ok(status);
    }
    let with_kind = |e| (Some(card_kind), e);
    if !card_kind.certificate_needs_pin() {
        status.auth_cert = match session.read_auth_certificate() {
            Ok(cert) => Some(cert),
            Err(CardError::PinRequired) => None,
            Err(e) => return Err(with_kind(e)),
        };
    }
    status.pin_tries_left = session.auth_pin_status().map_err(with_kind)?.tries_left();
    Ok(status)
}
