//! A virtual card in memory whose APDUs are logged, and a stand-in gateway that checks the
//! card's signature over its fixed challenge: the worker and `check`'s driver without a reader
//! or a gateway process.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use base64::Engine;
use myna_kiosk::card::CardError;
use myna_kiosk::card::transport::{InMemoryTransport, Transport};
use myna_kiosk::eligibility::device_key::DeviceKey;
use myna_kiosk::eligibility::protocol::{
    ConfirmationRequest, ConfirmationResult, QualificationResult,
};
use myna_kiosk::eligibility::requests::{ConfirmationAnswer, GatewayRequest};
use myna_kiosk::reception::flow::GatewayProblem;
use myna_kiosk::reception::worker::{CardAccess, Gateway};
use myna_kiosk::sim::vpcd::log_line;
use time::OffsetDateTime;

/// A profile loaded anew at every connect, each APDU and its answer logged.
pub struct Card {
    pub profile: PathBuf,
    pub log: Arc<Mutex<Vec<String>>>,
}

impl CardAccess for Card {
    fn connect(&mut self) -> Result<Box<dyn Transport>, CardError> {
        let mut card = myna_kiosk::sim::load_card(&self.profile, OffsetDateTime::now_utc())
            .map_err(|e| CardError::Transport(e.to_string()))?;
        let log = self.log.clone();
        Ok(Box::new(InMemoryTransport::new(move |apdu| {
            let app = card.current_application();
            let response = card.process(apdu);
            log.lock().unwrap().push(log_line(app, apdu, &response));
            Some(response)
        })))
    }
}

/// Checks the card's signature over `challenge` and answers "valid, one match" (down when
/// `up` is false). Card confirmations only.
pub struct StandIn {
    pub challenge: Vec<u8>,
    pub up: bool,
}

impl Gateway for StandIn {
    fn kiosk_id(&self) -> &str {
        "stand-in"
    }

    fn challenge(&mut self) -> Result<String, GatewayProblem> {
        if !self.up {
            return Err(GatewayProblem::Unreachable);
        }
        Ok(base64::engine::general_purpose::STANDARD.encode(&self.challenge))
    }

    fn confirm(
        &mut self,
        request: &ConfirmationRequest,
    ) -> Result<ConfirmationResult, GatewayProblem> {
        let b64 = base64::engine::general_purpose::STANDARD;
        let der = b64.decode(&request.evidence.auth_certificate).unwrap();
        let cert = myna_kiosk::card::AuthCertificate::from_der(der).unwrap();
        let signature = b64.decode(&request.evidence.signature).unwrap();
        super::verify_rsa_sha256(cert.public_key(), &self.challenge, &signature).unwrap();
        Ok(super::results::confirmation(
            &request.request_id,
            vec![QualificationResult {
                name: cert.serial.clone(),
                ..Default::default()
            }],
        ))
    }

    fn send(&mut self, _: &GatewayRequest) -> Result<ConfirmationAnswer, GatewayProblem> {
        Err(GatewayProblem::Refused(
            myna_kiosk::eligibility::protocol::ErrorCode::BadRequest,
        ))
    }

    fn device_key(&self) -> Option<&DeviceKey> {
        None
    }
}
