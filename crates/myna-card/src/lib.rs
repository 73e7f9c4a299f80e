//! Card layer: APDUs, status words, transports (PC/SC and memory), the card monitor, and the
//! typed operations on a My Number Card that are the kiosk's only way to use one.
//!
//! Layer rule (docs/design.md): no egui, HTTP or SQLite here, and no path to the Individual Number.

pub mod apdu;
pub mod ber;
mod certificate;
pub mod cli;
mod credentials;
mod issuer;
mod kind;
pub mod monitor;
pub mod pcsc;
mod session;
pub mod status;
mod surface;
pub mod transport;

use std::fmt;

pub use certificate::AuthCertificate;
pub use credentials::{AuthPin, DigestInfo, VerificationCodeB};
pub use issuer::{CardDataProblem, CvCertificate, IssuerKey};
pub use kind::CardKind;
pub use session::{AuthenticatedSession, CardSession, PhoneAnswer, PinStatus};
pub use status::StatusWord;
pub use surface::CardFace;

/// Which secret a VERIFY carried.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Credential {
    /// 利用者証明用電子証明書暗証番号 (JPKI `0018`).
    AuthPin,
    /// 照合番号B (card-surface `0012`).
    VerificationCodeB,
}

impl fmt::Display for Credential {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Credential::AuthPin => "auth PIN",
            Credential::VerificationCodeB => "照合番号B",
        })
    }
}

/// Everything that can go wrong between the kiosk and a card.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CardError {
    #[error("the PC/SC service (pcscd) is not running")]
    ServiceUnavailable,
    #[error("no reader named {0:?}")]
    NoReader(String),
    #[error("another program is using the reader")]
    ReaderBusy,
    #[error("no card in the reader")]
    NoCard,
    #[error("the card was removed")]
    CardRemoved,
    #[error("the card does not respond")]
    CardNotResponding,
    #[error("this card has no card-surface application")]
    NoCardSurface,
    #[error("wrong {credential}: {tries_left} tries left")]
    WrongPin {
        credential: Credential,
        tries_left: u8,
    },
    #[error("{credential} is blocked")]
    Blocked { credential: Credential },
    #[error("the card needs the PIN first")]
    PinRequired,
    #[error("invalid input: {0}")]
    InvalidCredential(&'static str),
    #[error("the card answered {status} to {command}")]
    UnexpectedStatus {
        command: &'static str,
        status: StatusWord,
    },
    #[error("malformed answer to {command}: {reason}")]
    Malformed {
        command: &'static str,
        reason: String,
    },
    #[error("invalid auth certificate: {0}")]
    Certificate(String),
    #[error("invalid card face record: {0}")]
    CardFace(String),
    #[error("reader error: {0}")]
    Transport(String),
}

impl CardError {
    /// Stable snake_case code for JSON output (`card status`, `check`).
    pub fn code(&self) -> &'static str {
        match self {
            CardError::ServiceUnavailable => "pcsc_unavailable",
            CardError::NoReader(_) => "no_reader",
            CardError::ReaderBusy => "reader_busy",
            CardError::NoCard => "no_card",
            CardError::CardRemoved => "card_removed",
            CardError::CardNotResponding => "card_not_responding",
            CardError::NoCardSurface => "no_card_surface",
            CardError::WrongPin { .. } => "wrong_pin",
            CardError::Blocked { .. } => "pin_blocked",
            CardError::PinRequired => "pin_required",
            CardError::InvalidCredential(_) => "invalid_input",
            CardError::Certificate(_) => "bad_certificate",
            CardError::UnexpectedStatus { .. }
            | CardError::Malformed { .. }
            | CardError::CardFace(_)
            | CardError::Transport(_) => "card_error",
        }
    }
}
