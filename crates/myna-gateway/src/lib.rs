//! `myna-gateway`, the reference eligibility gateway (docs/design.md, docs/gateway-protocol.md).
//!
//! It authenticates kiosks by their Ed25519 device keys (per TLS connection, when the kiosk shows
//! its key as its client certificate, else per request), hands out one-time challenges, checks
//! the card's auth certificate (trusted CA, revocation, expiry with the 3-month grace) and its
//! signature over the challenge, looks the insured person(s) up by the certificate (issuer, serial) in its
//! SQLite database, records consent and the confirmation, and answers with the
//! online-eligibility items. A production gateway would relay to the clinic's 資格確認端末.
//!
//! Modules: [`data`] (seed data directory), `pki` (certificates), `store` (SQLite, its schema in `schema`), `auth`
//! (kiosk signatures, replay, challenges), `service` (the confirmation itself), `enrolment` (new kiosks asking to be registered), `http` (axum
//! routes and the TLS or loopback listener), [`reports`] (what kiosks report: cases, health,
//! acknowledgements, and the staff console's API over them), [`staff`] (the staff console's
//! members), `console` (the staff console's pages, under `/console/`), [`clock`] (its time,
//! moved forward by tests).

mod attestation;
mod auth;
pub mod clock;
mod config;
mod connections;
mod console;
pub mod data;
mod enrolment;
mod http;
mod limit;
mod pki;
pub mod reports;
mod schema;
mod service;
pub mod staff;
mod store;

use std::path::PathBuf;

use myna_protocol::protocol::ErrorCode;

pub use auth::KioskHeaders;
pub use config::ServerConfig;
pub use connections::Limits;
pub use http::{ListenAddr, Options, router, run};
pub use pki::TrustedCa;
pub use reports::{EventWhat, KioskCase, KioskHealth, ReportEvent, Reports};
pub use service::Gateway;
pub use staff::members::Members;

/// The one error type of the gateway layer. [`Error::Refused`] becomes a 4xx JSON answer with
/// its stable code; everything else is a startup error or, while serving, a 500 `internal`
/// answer whose details go to the log only.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{message}")]
    Refused { code: ErrorCode, message: String },
    #[error("{path}: {message}")]
    Data { path: PathBuf, message: String },
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("database: {0}")]
    Db(#[from] rusqlite::Error),
    #[error("{0}")]
    Usage(String),
    #[error("internal error: {0}")]
    Internal(String),
}

impl Error {
    pub(crate) fn refused(code: ErrorCode, message: impl Into<String>) -> Self {
        Error::Refused {
            code,
            message: message.into(),
        }
    }

    pub(crate) fn data(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Error::Data {
            path: path.into(),
            message: message.into(),
        }
    }

    pub(crate) fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }

    /// The protocol code this error is answered with.
    pub fn code(&self) -> ErrorCode {
        match self {
            Error::Refused { code, .. } => *code,
            _ => ErrorCode::Internal,
        }
    }

    /// The HTTP status it is answered with (docs/gateway-protocol.md, "Errors").
    pub fn http_status(&self) -> u16 {
        status_of(self.code())
    }
}

/// HTTP status of each error code; the errors table in docs/gateway-protocol.md follows this.
pub fn status_of(code: ErrorCode) -> u16 {
    match code {
        ErrorCode::BadRequest | ErrorCode::BadCertificate => 400,
        ErrorCode::UnknownKiosk | ErrorCode::BadKioskSignature | ErrorCode::StaleRequest => 401,
        ErrorCode::UnknownCa
        | ErrorCode::CertificateRevoked
        | ErrorCode::CertificateExpired
        | ErrorCode::BadCardSignature
        | ErrorCode::BadAttestation
        | ErrorCode::FaceNotMatched => 403,
        ErrorCode::ReplayedRequest
        | ErrorCode::UnknownChallenge
        | ErrorCode::ExpiredChallenge
        | ErrorCode::KioskIdTaken => 409,
        ErrorCode::RateLimited => 429,
        ErrorCode::Internal => 500,
    }
}
