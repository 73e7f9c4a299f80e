//! What the card commands of `myna-card` and `myna-kiosk` share: finding the reader, reading a
//! card's status, and reporting a failure as one JSON object with its exit code
//! (docs/integrators.md).

use std::process::ExitCode;

use serde::Serialize;

use crate::pcsc::{Pcsc, PcscTransport};
use crate::{AuthCertificate, CardError, CardKind, CardSession};

/// The card could not be used: no reader, no card, pcscd missing, not a My Number Card.
pub const EXIT_CARD_PROBLEM: u8 = 5;
/// Bad flags or configuration.
pub const EXIT_USAGE: u8 = 64;

/// Why a command failed, as its JSON report says it, and its exit code.
#[derive(Debug)]
pub struct Failure {
    pub reader: Option<String>,
    pub card_kind: Option<CardKind>,
    pub code: &'static str,
    pub message: String,
    pub exit: u8,
}

impl Failure {
    pub fn usage(message: impl Into<String>) -> Self {
        Failure {
            reader: None,
            card_kind: None,
            code: "usage",
            message: message.into(),
            exit: EXIT_USAGE,
        }
    }

    /// A card problem (exit 5) in `reader`.
    pub fn card(reader: Option<&str>, card_kind: Option<CardKind>, error: &CardError) -> Self {
        Self::card_problem(reader, card_kind, error.code(), error.to_string())
    }

    /// A card problem (exit 5) that is no [`CardError`].
    pub fn card_problem(
        reader: Option<&str>,
        card_kind: Option<CardKind>,
        code: &'static str,
        message: String,
    ) -> Self {
        Failure {
            reader: reader.map(str::to_owned),
            card_kind,
            code,
            message,
            exit: EXIT_CARD_PROBLEM,
        }
    }

    /// Says the message on standard error after `program: `, prints the JSON report on standard
    /// output, and gives the exit code.
    pub fn report(&self, program: &str) -> ExitCode {
        #[derive(Serialize)]
        struct Report<'a> {
            reader: Option<&'a str>,
            #[serde(skip_serializing_if = "Option::is_none")]
            card_kind: Option<CardKind>,
            error: Body<'a>,
        }
        #[derive(Serialize)]
        struct Body<'a> {
            code: &'a str,
            message: &'a str,
        }
        eprintln!("{program}: {}", self.message);
        print_json(
            program,
            &Report {
                reader: self.reader.as_deref(),
                card_kind: self.card_kind,
                error: Body {
                    code: self.code,
                    message: &self.message,
                },
            },
        );
        ExitCode::from(self.exit)
    }
}

/// One JSON object on a line of standard output.
pub fn print_json(program: &str, value: &impl Serialize) {
    match serde_json::to_string(value) {
        Ok(json) => println!("{json}"),
        Err(e) => eprintln!("{program}: {e}"),
    }
}

/// A PC/SC context, or a card problem when pcscd is not there.
pub fn establish(reader: Option<&str>) -> Result<Pcsc, Failure> {
    Pcsc::establish().map_err(|e| Failure::card(reader, None, &e))
}

/// The reader to use: the one named, else the only one present.
pub fn choose_reader(pcsc: &Pcsc, reader: Option<String>) -> Result<String, Failure> {
    if let Some(reader) = reader {
        return Ok(reader);
    }
    let readers = pcsc.readers().unwrap_or_default();
    match &readers[..] {
        [only] => Ok(only.clone()),
        [] => Err(Failure::card_problem(
            None,
            None,
            "no_reader",
            "no card reader is connected".into(),
        )),
        _ => Err(Failure::usage(format!(
            "several readers: choose one with --reader ({})",
            readers.join(", ")
        ))),
    }
}

/// What `card status` prints: the card's kind, its authentication certificate where it can be
/// read without a PIN, and the PIN tries left. Reading it spends no PIN try.
#[derive(Debug, Serialize)]
pub struct CardStatus {
    pub reader: String,
    pub card_kind: CardKind,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub auth_cert: Option<AuthCertificate>,
    pub pin_tries_left: Option<u8>,
}

/// The status of the card in `reader` (default: the only reader present).
pub fn status(reader: Option<String>) -> Result<CardStatus, Failure> {
    let pcsc = establish(reader.as_deref())?;
    let readers = pcsc.readers().unwrap_or_default();
    let reader = choose_reader(&pcsc, reader)?;
    let transport = pcsc.connect(&reader).map_err(|e| {
        let mut failure = Failure::card(Some(&reader), None, &e);
        if matches!(e, CardError::NoReader(_)) {
            failure.message = format!("{e}; readers present: {}", readers.join(", "));
        }
        failure
    })?;
    let status = read_status(&reader, transport)
        .map_err(|(kind, e)| Failure::card(Some(&reader), kind, &e))?;
    if status.card_kind == CardKind::Unknown {
        return Err(Failure::card_problem(
            Some(&reader),
            Some(CardKind::Unknown),
            "not_my_number_card",
            "this card is not a My Number Card".into(),
        ));
    }
    Ok(status)
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
