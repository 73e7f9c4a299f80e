//! `myna-kiosk check`: the flags, then the patient flow of [`crate::check`].

use std::ffi::OsStr;

use clap::ValueEnum;
use clap::builder::{EnumValueParser, PossibleValue, TypedValueParser};

use crate::card::AuthPin;
use crate::check::{self as flow, CheckOptions, ConsentWord};
use crate::config::Config;
use crate::reception::adapters::PcscReader;
use crate::reception::worker::Worker;

use super::{CliError, Outcome};

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// PC/SC reader name; default: [card] reader, else the only reader present.
    #[arg(long)]
    reader: Option<String>,
    /// Gateway base URL; default: [gateway] url.
    #[arg(long)]
    gateway: Option<String>,
    /// Read the 4-digit PIN from the first line of standard input (not needed for an
    /// iPhone, whose holder confirms on the phone; a PIN given for one is never sent).
    #[arg(long)]
    pin_stdin: bool,
    /// `pin` (face confirmation is not available yet).
    #[arg(long, value_enum, default_value_t = Method::Pin)]
    method: Method,
    /// `all`, `none`, or a comma list of medication_clinical, surgery, health_check (the 限度額
    /// information is always returned: not a consent).
    #[arg(long, value_parser = ConsentWordParser, value_delimiter = ',', default_value = "none")]
    consent: Vec<ConsentWord>,
    /// Spend the last PIN try when only one is left (the patient's explicit confirmation).
    #[arg(long)]
    confirm_last_try: bool,
}

/// How the patient confirms who they are at `check`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Method {
    /// The card's authentication PIN (4 digits, from standard input).
    Pin,
    /// Face confirmation: not available at `check` yet (a usage error that says so).
    Face,
}

/// `--consent` words as [`ConsentWord`]'s value enum takes them, with the blanks around each
/// word of a comma list dropped (`"surgery, health_check"`) and an empty word taken as `none`,
/// as before clap parsed them.
#[derive(Clone, Copy, Debug)]
struct ConsentWordParser;

impl TypedValueParser for ConsentWordParser {
    type Value = ConsentWord;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &OsStr,
    ) -> Result<ConsentWord, clap::Error> {
        let value = value.to_str().map_or(value, |s| OsStr::new(s.trim()));
        if value.is_empty() {
            return Ok(ConsentWord::None);
        }
        EnumValueParser::<ConsentWord>::new().parse_ref(cmd, arg, value)
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        Some(Box::new(
            ConsentWord::value_variants()
                .iter()
                .filter_map(ValueEnum::to_possible_value),
        ))
    }
}

/// The usage error for a `--method` other than `pin`.
pub(super) fn method_refused(value: &str) -> String {
    format!("--method {value}: only pin is available (face confirmation comes later)")
}

pub(super) fn run(args: CheckArgs, config: Config) -> Outcome {
    if args.method != Method::Pin {
        let value = args.method.to_possible_value();
        let name = value.as_ref().map_or("", |v| v.get_name());
        return Err(CliError::usage(method_refused(name)));
    }
    let consent = flow::consent_from_words(&args.consent).map_err(CliError::usage)?;
    // Without --pin-stdin only an iPhone can be confirmed (a card asking for its PIN then ends
    // with `pin_needed`): the PIN is never taken from the command line.
    let pin = if args.pin_stdin {
        let mut line = zeroize::Zeroizing::new(String::new());
        std::io::stdin()
            .read_line(&mut line)
            .map_err(|_| CliError::usage("could not read the PIN from standard input"))?;
        Some(AuthPin::new(line.trim()).map_err(|e| CliError::usage(e.to_string()))?)
    } else {
        None
    };
    let mut gateway = config.gateway.clone();
    if args.gateway.is_some() {
        gateway.url = args.gateway;
    }
    let (client, offline) = super::connect(&gateway, &config.store)?;
    let writer = super::result_writer(&config)?;
    let (pcsc, reader) = super::reader(args.reader.or(config.card.reader.clone()))?;
    let mut worker = Worker::new(PcscReader::new(pcsc, reader), client)
        .with_offline(offline)
        .with_facility_code(gateway.facility_code.clone())
        .with_result_writer(writer)
        .with_phone_wait(config.card.phone_confirm_timeout());
    let options = CheckOptions {
        pin,
        consent,
        confirm_last_try: args.confirm_last_try,
    };
    let report = flow::run(&mut worker, options);
    if let Some(error) = &report.error {
        eprintln!("{}: {}", super::PROGRAM, error.message);
    }
    super::print_json(&report);
    Ok(report.exit_code)
}
