//! The worker: owns the card session and the gateway connection, runs the flow's effects and
//! turns their outcome into events. The only place in reception that does I/O.

use time::OffsetDateTime;
use tracing::{info, warn};

use super::flow::{CardInfo, CardProblem, Effect, Event, GatewayProblem, PinOutcome};
use crate::card::transport::Transport;
use crate::card::{AuthCertificate, AuthPin, CardError, CardSession, DigestInfo};
use crate::eligibility::protocol::{
    CardEvidence, ConfirmationRequest, ConfirmationResult, Consent, ErrorCode, Method,
};

/// How the worker reaches the card in the reader (PC/SC, or the demo's virtual card).
pub trait CardAccess: Send {
    fn connect(&mut self) -> Result<Box<dyn Transport>, CardError>;
}

/// The eligibility gateway as the worker needs it.
pub trait Gateway: Send {
    /// A fresh one-time challenge, as the gateway sent it (base64).
    fn challenge(&mut self) -> Result<String, GatewayProblem>;
    fn confirm(
        &mut self,
        request: &ConfirmationRequest,
    ) -> Result<ConfirmationResult, GatewayProblem>;
}

/// Signed evidence from one verified PIN entry, waiting for the patient's consent.
struct Evidence {
    challenge: String,
    card: CardEvidence,
}

pub struct Worker<C: CardAccess, G: Gateway> {
    card: C,
    gateway: G,
    session: Option<CardSession<Box<dyn Transport>>>,
    certificate: Option<AuthCertificate>,
    evidence: Option<Evidence>,
    /// The last answer from the gateway, for `check`'s JSON.
    pub last_answer: Option<ConfirmationResult>,
    facility_code: Option<String>,
}

impl<C: CardAccess, G: Gateway> Worker<C, G> {
    pub fn new(card: C, gateway: G) -> Self {
        Worker {
            card,
            gateway,
            session: None,
            certificate: None,
            evidence: None,
            last_answer: None,
            facility_code: None,
        }
    }

    /// The 医療機関コード sent with each confirmation (`[gateway] facility_code`).
    pub fn with_facility_code(mut self, code: Option<String>) -> Self {
        self.facility_code = code;
        self
    }

    pub fn card_access(&mut self) -> &mut C {
        &mut self.card
    }

    /// Runs one effect; returns the events it produced.
    pub fn run(&mut self, effect: Effect) -> Option<Event> {
        match effect {
            Effect::ReadCard => Some(Event::CardRead {
                result: self.read_card(),
                now: OffsetDateTime::now_utc(),
            }),
            Effect::VerifyPinAndSign(pin) => Some(Event::Pin(self.verify_and_sign(pin))),
            Effect::QueryGateway(consent) => {
                Some(Event::Gateway(self.query(consent).map(Box::new)))
            }
            Effect::Forget => {
                self.forget();
                None
            }
            Effect::CallStaff => {
                info!("a patient asked for staff");
                None
            }
        }
    }

    fn forget(&mut self) {
        self.session = None;
        self.certificate = None;
        self.evidence = None;
    }

    fn read_card(&mut self) -> Result<CardInfo, CardProblem> {
        self.forget();
        let transport = self.card.connect().map_err(problem)?;
        let mut session = CardSession::new(transport);
        let kind = session.identify().map_err(problem)?;
        let mut info = CardInfo {
            kind,
            certificate_not_after: None,
            pin: crate::card::PinStatus::NotReported,
        };
        if kind != crate::card::CardKind::Unknown {
            if !kind.certificate_needs_pin() {
                match session.read_auth_certificate() {
                    Ok(cert) => {
                        info.certificate_not_after = Some(cert.not_after);
                        self.certificate = Some(cert);
                    }
                    Err(CardError::PinRequired) => {}
                    Err(e) => return Err(problem(e)),
                }
            }
            info.pin = session.auth_pin_status().map_err(problem)?;
        }
        self.session = Some(session);
        Ok(info)
    }

    fn verify_and_sign(&mut self, pin: AuthPin) -> PinOutcome {
        let Some(session) = self.session.as_mut() else {
            return PinOutcome::Card(CardProblem::Removed);
        };
        // The challenge first: if the gateway is down, the PIN is never sent to the card.
        let challenge = match self.gateway.challenge() {
            Ok(challenge) => challenge,
            Err(_) => return PinOutcome::GatewayUnreachable,
        };
        let Ok(challenge_bytes) = base64_decode(&challenge) else {
            warn!("gateway sent a challenge that is not base64");
            return PinOutcome::GatewayUnreachable;
        };
        let mut authenticated = match session.verify_auth_pin(pin) {
            Ok(authenticated) => authenticated,
            Err(CardError::WrongPin { tries_left, .. }) => return PinOutcome::Wrong { tries_left },
            Err(CardError::Blocked { .. }) => return PinOutcome::Locked,
            Err(e) => return PinOutcome::Card(problem(e)),
        };
        let certificate = match self.certificate.take() {
            Some(cert) => cert,
            None => match authenticated.read_auth_certificate() {
                Ok(cert) => cert,
                Err(e) => return PinOutcome::Card(problem(e)),
            },
        };
        let signature = match authenticated.sign(&DigestInfo::sha256(&challenge_bytes)) {
            Ok(signature) => signature,
            Err(e) => return PinOutcome::Card(problem(e)),
        };
        self.evidence = Some(Evidence {
            challenge,
            card: CardEvidence {
                auth_certificate: base64_encode(certificate.der()),
                signature: base64_encode(&signature),
            },
        });
        self.certificate = Some(certificate);
        PinOutcome::Verified
    }

    fn query(&mut self, consent: Consent) -> Result<ConfirmationResult, GatewayProblem> {
        let evidence = self
            .evidence
            .take()
            .ok_or(GatewayProblem::Refused(ErrorCode::BadRequest))?;
        let request = ConfirmationRequest {
            request_id: request_id(),
            method: Method::Pin,
            challenge: evidence.challenge,
            evidence: evidence.card,
            consent,
            facility_code: self.facility_code.clone(),
        };
        let answer = self.gateway.confirm(&request)?;
        self.last_answer = Some(answer.clone());
        Ok(answer)
    }
}

fn problem(e: CardError) -> CardProblem {
    match e {
        CardError::CardRemoved | CardError::NoCard => CardProblem::Removed,
        e => {
            warn!("card: {e}");
            CardProblem::Unreadable
        }
    }
}

/// 16 random bytes, hex: unique per confirmation (idempotency key at the gateway).
fn request_id() -> String {
    use ring::rand::SecureRandom;
    let mut bytes = [0u8; 16];
    // SystemRandom failing means the OS has no randomness: a time-based id is still unique here.
    if ring::rand::SystemRandom::new().fill(&mut bytes).is_err() {
        bytes = OffsetDateTime::now_utc()
            .unix_timestamp_nanos()
            .to_be_bytes();
    }
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn base64_encode(bytes: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

fn base64_decode(text: &str) -> Result<Vec<u8>, base64::DecodeError> {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.decode(text)
}
