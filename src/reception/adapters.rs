//! The worker's real connections: a PC/SC reader and the gateway client.

use tracing::warn;

use super::flow::GatewayProblem;
use super::worker::{CardAccess, FaceChallenge, Gateway};
use crate::card::CardError;
use crate::card::pcsc::Pcsc;
use crate::card::transport::Transport;
use crate::eligibility::client::{GatewayClient, GatewayError};
use crate::eligibility::device_key::DeviceKey;
use crate::eligibility::protocol::{ConfirmationRequest, ConfirmationResult};
use crate::eligibility::requests::{ConfirmationAnswer, GatewayRequest};

/// The card in a named PC/SC reader.
pub struct PcscReader {
    pcsc: Pcsc,
    reader: String,
}

impl PcscReader {
    pub fn new(pcsc: Pcsc, reader: String) -> Self {
        PcscReader { pcsc, reader }
    }
}

impl CardAccess for PcscReader {
    /// Connects to the card; when pcscd was restarted since (our context is gone), a new
    /// context is made and the connection tried once more, so the kiosk recovers by itself.
    fn connect(&mut self) -> Result<Box<dyn Transport>, CardError> {
        match self.pcsc.connect(&self.reader) {
            Err(CardError::ServiceUnavailable) => {
                warn!("pcscd was restarted: new PC/SC context");
                self.pcsc = Pcsc::establish()?;
                Ok(Box::new(self.pcsc.connect(&self.reader)?))
            }
            connected => Ok(Box::new(connected?)),
        }
    }

    fn reader_present(&self) -> Option<bool> {
        self.pcsc.readers().ok().map(|r| r.contains(&self.reader))
    }
}

impl Gateway for GatewayClient {
    fn kiosk_id(&self) -> &str {
        GatewayClient::kiosk_id(self)
    }

    fn challenge(&mut self) -> Result<String, GatewayProblem> {
        GatewayClient::challenge(self)
            .map(|c| c.challenge)
            .map_err(problem)
    }

    fn face_challenge(&mut self) -> Result<FaceChallenge, GatewayProblem> {
        GatewayClient::challenge(self)
            .map(|c| FaceChallenge {
                challenge: c.challenge,
                face_max_distance: c.face_max_distance,
            })
            .map_err(problem)
    }

    fn confirm(
        &mut self,
        request: &ConfirmationRequest,
    ) -> Result<ConfirmationResult, GatewayProblem> {
        GatewayClient::confirm(self, request).map_err(problem)
    }

    fn send(&mut self, request: &GatewayRequest) -> Result<ConfirmationAnswer, GatewayProblem> {
        GatewayClient::send(self, request).map_err(problem)
    }

    fn device_key(&self) -> Option<&DeviceKey> {
        Some(GatewayClient::device_key(self))
    }
}

fn problem(e: GatewayError) -> GatewayProblem {
    warn!("gateway: {e}");
    match e {
        GatewayError::Refused { code, .. } => GatewayProblem::Refused(code),
        GatewayError::Busy => GatewayProblem::Busy,
        GatewayError::Unreachable(_) | GatewayError::Config(_) => GatewayProblem::Unreachable,
    }
}
