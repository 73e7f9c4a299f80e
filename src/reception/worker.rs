//! The worker: owns the card session, the gateway connection and the local store, runs the
//! flow's effects and turns their outcome into events. The only place in reception that does I/O.
//!
//! Offline (docs/design.md): after the one VERIFY of a PIN entry the card signs twice: the gateway's
//! challenge (when the gateway answered) and an [`offline_challenge`] the kiosk makes itself. If
//! the gateway cannot be reached, the kiosk checks that signature against the certificate the
//! card presented, answers from the cache entry stored for that very certificate (a provisional
//! result with its date), records the visit and queues the offline-signed confirmation in the
//! outbox in one transaction; [`Worker::replay`] sends the outbox later, and a confirmation the
//! gateway refuses then becomes a staff case ([`replay_outbox_report`]).

mod card_front;
mod desk;
mod face;
mod offline;

use offline::write_result_file;
mod phone;
mod reports;
mod staff_queries;

use std::time::Duration;

use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use tracing::{info, warn};

use super::flow::{
    Answer, CardInfo, CardProblem, Effect, Event, GatewayProblem, PinOutcome, RenewOutcome,
};
use crate::card::transport::Transport;
use crate::card::{AuthCertificate, AuthPin, CardError, CardSession, DigestInfo};
use crate::clinic::result_file::ResultWriter;
use crate::clock::SharedClock;
use crate::eligibility::device_key::DeviceKey;
use crate::eligibility::grace::Token;
use crate::eligibility::protocol::{
    Assurance, CardData, CardEvidence, ConfirmationRequest, ConfirmationResult, Consent, ErrorCode,
    Method, card_signature_verifies, offline_challenge,
};
use crate::eligibility::requests::{ConfirmationAnswer, GatewayRequest};
use crate::reception::desk::ReplayRefusal;
use crate::store::{CacheOrigin, RefusedVisit, Store, StoreError, Visit, VisitMethod, VisitStatus};
use phone::PhoneRequest;

pub use desk::StaffDesk;
pub use offline::{ReplayReport, replay_outbox, replay_outbox_report, replay_outbox_with};

/// How the worker reaches the card in the reader (PC/SC, or the demo's virtual card).
pub trait CardAccess: Send {
    fn connect(&mut self) -> Result<Box<dyn Transport>, CardError>;
    /// Whether the reader is attached (for the staff's health line); `None`: cannot tell.
    fn reader_present(&self) -> Option<bool> {
        None
    }
}

/// The eligibility gateway as the worker needs it.
pub trait Gateway: Send {
    /// The id the gateway knows this kiosk by (part of the offline challenge).
    fn kiosk_id(&self) -> &str;
    /// A fresh one-time challenge, as the gateway sent it (base64).
    fn challenge(&mut self) -> Result<String, GatewayProblem>;
    /// A fresh challenge with the largest face distance the gateway accepts. By default the
    /// gateway is taken not to say (as an older one): the kiosk's own threshold applies.
    fn face_challenge(&mut self) -> Result<FaceChallenge, GatewayProblem> {
        Ok(FaceChallenge {
            challenge: self.challenge()?,
            face_max_distance: None,
        })
    }
    fn confirm(
        &mut self,
        request: &ConfirmationRequest,
    ) -> Result<ConfirmationResult, GatewayProblem>;
    /// Any request, also those the card does not sign (insurance numbers, 目視確認).
    fn send(&mut self, request: &GatewayRequest) -> Result<ConfirmationAnswer, GatewayProblem>;
    /// The key the kiosk signs face and 目視確認 attestations with; `None` when this connection
    /// has none (those confirmations are then not offered).
    fn device_key(&self) -> Option<&DeviceKey>;
}

/// A challenge for a face confirmation and the gateway's face-distance maximum
/// (`ChallengeResponse::face_max_distance`; `None` when the gateway did not say).
#[derive(Debug, Clone, PartialEq)]
pub struct FaceChallenge {
    pub challenge: String,
    pub face_max_distance: Option<f64>,
}

/// The local store, how old a cached result may be, and how long visits and audit rows are kept.
pub struct Offline {
    pub store: Store,
    pub cache_max_age: time::Duration,
    pub visit_retention: time::Duration,
    pub audit_retention: time::Duration,
}

/// Signed evidence from one verified PIN entry (or one confirmation on an iPhone), waiting for
/// the patient's consent.
struct Evidence {
    certificate: AuthCertificate,
    /// The gateway's challenge and the card's signature over it, when the gateway answered.
    online: Option<(String, String)>,
    /// The same request signed over the kiosk's own challenge, for the outbox. `None` when the
    /// phone did not sign it (then a gateway outage sends the patient to staff).
    request_id: String,
    signed_at: String,
    offline_signature: Option<String>,
    /// The visit's method for the store: [`VisitMethod::Pin`] or [`VisitMethod::Iphone`].
    method: VisitMethod,
}

/// The challenges one confirmation is signed over: the gateway's (when it answered) and the
/// kiosk's own offline one.
struct Challenges {
    /// As the gateway sent it (base64), and decoded.
    online: Option<(String, Vec<u8>)>,
    request_id: String,
    signed_at: String,
    offline: Vec<u8>,
}

/// Where the last answer came from (`check`'s `source`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Gateway,
    /// The cache, with the time of the gateway's confirmation it holds (`check`'s `as_of`).
    Cache {
        confirmed_at: OffsetDateTime,
    },
}

/// The gateway, and when it last answered or failed to (for the staff's health line).
struct Watched<G> {
    inner: G,
    last: Option<(bool, OffsetDateTime)>,
}

impl<G: Gateway> Watched<G> {
    fn note<T>(&mut self, outcome: Result<T, GatewayProblem>) -> Result<T, GatewayProblem> {
        let reached = !matches!(outcome, Err(GatewayProblem::Unreachable));
        self.last = Some((reached, OffsetDateTime::now_utc()));
        outcome
    }
}

impl<G: Gateway> Gateway for Watched<G> {
    fn kiosk_id(&self) -> &str {
        self.inner.kiosk_id()
    }

    fn challenge(&mut self) -> Result<String, GatewayProblem> {
        let outcome = self.inner.challenge();
        self.note(outcome)
    }

    fn face_challenge(&mut self) -> Result<FaceChallenge, GatewayProblem> {
        let outcome = self.inner.face_challenge();
        self.note(outcome)
    }

    fn confirm(
        &mut self,
        request: &ConfirmationRequest,
    ) -> Result<ConfirmationResult, GatewayProblem> {
        let outcome = self.inner.confirm(request);
        self.note(outcome)
    }

    fn send(&mut self, request: &GatewayRequest) -> Result<ConfirmationAnswer, GatewayProblem> {
        let outcome = self.inner.send(request);
        self.note(outcome)
    }

    fn device_key(&self) -> Option<&DeviceKey> {
        self.inner.device_key()
    }
}

pub struct Worker<C: CardAccess, G: Gateway> {
    card: C,
    gateway: Watched<G>,
    offline: Option<Offline>,
    session: Option<CardSession<Box<dyn Transport>>>,
    /// What carries the visit's certificate (smartphones have no grace at the gateway).
    token: Token,
    certificate: Option<AuthCertificate>,
    evidence: Option<Evidence>,
    /// The last answer and where it came from, for `check`'s JSON.
    pub last_answer: Option<(ConfirmationResult, Source)>,
    facility_code: Option<String>,
    staff: StaffDesk,
    /// The auth certificate read with the card photo for 目視確認, until confirmed or dropped.
    visual_certificate: Option<AuthCertificate>,
    /// What the staff desk's card photo rests on (with `visual_certificate`).
    visual_card_data: CardData,
    /// `[face] issuer_key`: the J-LIS key card-surface data must be proven by before face or
    /// 目視確認 may use them; `None`: not checked (the confirmation is marked `not_verified`).
    issuer_key: Option<crate::card::IssuerKey>,
    /// Face models and `[face]` settings, when face confirmation is offered.
    face_matcher: Option<crate::identity::face::FaceMatcher>,
    /// The current visit's face attempts, and a match waiting for consent.
    face: Option<face::FaceSession>,
    face_evidence: Option<face::FaceEvidence>,
    /// The card-front recogniser (loaded once at start), and the camera step in progress.
    recogniser: Option<crate::identity::face::ocr::Recogniser>,
    card_front: Option<card_front::CardFrontReading>,
    /// Why there is no face confirmation (set with `with_face`); `None` until then: not asked.
    face_off: Option<crate::reception::desk::FaceOff>,
    /// Number queries through the clinic's 資格確認端末 folders instead of the gateway.
    folder: Option<crate::clinic::folder::FolderGateway>,
    /// Confirmed results from the gateway as files for the clinic's receipt software.
    result_writer: Option<ResultWriter>,
    /// How long an iPhone's holder has to confirm (`[card] phone_confirm_seconds`).
    phone_wait: Duration,
    /// The request the iPhone is asked to sign, while its holder has not confirmed.
    phone: Option<PhoneRequest>,
    /// What the runner's deadlines, the staff lock-outs and the iPhone's wait are measured by.
    clock: SharedClock,
    /// How long a card may stay on the reader after the visit (`[card] card_left_seconds`);
    /// the flow's setting, carried here to the runner that makes the flow.
    card_left: Option<Duration>,
    /// Cases and health to the clinic server, acknowledgements back (issue 19).
    reporter: Option<super::report::Reporter>,
    /// When health is sent next (with a reporter).
    health_due: Option<std::time::Instant>,
    /// The case of the patient at the kiosk now (the last one the flow raised), whose "on my
    /// way" the screen shows.
    patient_case: Option<String>,
}

impl<C: CardAccess, G: Gateway> Worker<C, G> {
    pub fn new(card: C, gateway: G) -> Self {
        Worker {
            card,
            gateway: Watched {
                inner: gateway,
                last: None,
            },
            offline: None,
            session: None,
            token: Token::default(),
            certificate: None,
            evidence: None,
            last_answer: None,
            facility_code: None,
            staff: StaffDesk::default(),
            visual_certificate: None,
            visual_card_data: CardData::NotVerified,
            issuer_key: None,
            face_matcher: None,
            face: None,
            face_evidence: None,
            recogniser: None,
            card_front: None,
            face_off: None,
            folder: None,
            result_writer: None,
            phone_wait: Duration::from_secs(60),
            phone: None,
            clock: crate::clock::system(),
            card_left: None,
            reporter: None,
            health_due: None,
            patient_case: None,
        }
    }

    /// Measures screen timeouts, the desk's idle lock, staff lock-outs and the iPhone's wait by
    /// `clock` instead of the system's (tests and the clinic-day simulation move it).
    pub fn with_clock(mut self, clock: SharedClock) -> Self {
        self.clock = clock;
        self
    }

    /// The clock the runner takes its deadlines from.
    pub fn clock(&self) -> SharedClock {
        self.clock.clone()
    }

    /// How long a card may stay on the reader after the visit before staff get a case
    /// (`[card] card_left_seconds`).
    /// Checks the card face's signature and CV certificate with the J-LIS issuer key before a
    /// face or staff 目視確認 uses the card photo (`[face] issuer_key`).
    pub fn with_issuer_key(mut self, key: Option<crate::card::IssuerKey>) -> Self {
        self.issuer_key = key;
        self
    }

    pub fn with_card_left(mut self, wait: Duration) -> Self {
        self.card_left = Some(wait);
        self
    }

    /// The card-left wait, when set ([`Worker::with_card_left`]).
    pub fn card_left(&self) -> Option<Duration> {
        self.card_left
    }

    /// How long the patient has to confirm on their iPhone (`[card] phone_confirm_seconds`).
    pub fn with_phone_wait(mut self, wait: Duration) -> Self {
        self.phone_wait = wait;
        self
    }

    /// The 医療機関コード sent with each confirmation (`[gateway] facility_code`).
    pub fn with_facility_code(mut self, code: Option<String>) -> Self {
        self.facility_code = code;
        self
    }

    /// The staff desk's lock-out and call settings (`[staff]`).
    pub fn with_staff(mut self, config: &crate::config::StaffConfig) -> Self {
        self.staff = StaffDesk::new(config);
        self
    }

    /// Writes each confirmed result from the gateway (never a cached, provisional one) as an
    /// XML file for the clinic's receipt software (`[clinic] result_dir`).
    pub fn with_result_writer(mut self, writer: Option<ResultWriter>) -> Self {
        self.result_writer = writer;
        self
    }

    /// Sends number queries to the clinic's 資格確認端末 through its req/res folders
    /// (`[clinic] req_dir`, `res_dir`) instead of the gateway.
    pub fn with_folder_gateway(
        mut self,
        folder: Option<crate::clinic::folder::FolderGateway>,
    ) -> Self {
        self.folder = folder;
        self
    }

    /// Answer from the cache and queue confirmations when the gateway cannot be reached.
    pub fn with_offline(mut self, offline: Offline) -> Self {
        self.offline = Some(offline);
        self
    }

    pub fn card_access(&mut self) -> &mut C {
        &mut self.card
    }

    /// Runs one effect; returns the event it produced, if any.
    pub fn run(&mut self, effect: Effect) -> Option<Event> {
        match effect {
            Effect::ReadCard => Some(Event::CardRead {
                result: self.read_card(),
                now: OffsetDateTime::now_utc(),
            }),
            Effect::VerifyPinAndSign(pin) => Some(Event::Pin(self.verify_and_sign(pin))),
            Effect::QueryGateway(consent) => Some(Event::Gateway(self.query(consent))),
            Effect::RenewEvidence => Some(Event::Renewed(self.renew_evidence())),
            Effect::Forget => {
                self.forget();
                None
            }
            // The runner hands the case to the staff desk.
            Effect::ReferToStaff(_) => None,
            Effect::StartFace(code) => Some(Event::FaceStarted(self.start_face(code))),
            Effect::RetryFace => Some(Event::FaceStarted(self.retry_face())),
            Effect::FaceFrame => Some(Event::Face(self.face_frame())),
            Effect::ConfirmOnPhone => Some(Event::Phone(self.confirm_on_phone())),
            Effect::PollPhone => Some(Event::Phone(self.poll_phone())),
            Effect::StartCardFront => Some(Event::CardFront(self.start_card_front())),
            Effect::CardFrontFrame => Some(Event::CardFront(self.card_front_frame())),
            Effect::StopCardFront => {
                self.stop_card_front();
                None
            }
            Effect::CheckCardBack => Some(Event::CardBack {
                same: self.check_card_back(),
            }),
        }
    }

    fn forget(&mut self) {
        self.session = None;
        self.token = Token::default();
        self.certificate = None;
        self.evidence = None;
        self.phone = None;
        self.forget_face();
    }

    /// Reads the card just placed; a read that fails because the card did not answer, the
    /// transport failed or the reader was busy or gone is tried once more after
    /// [`READ_AGAIN_AFTER`]: a card still settling on the reader (a contactless card slid into
    /// the field, or pcscd still powering it up after a quick re-insertion; seen once in CI on
    /// 2026-12-05, no APDU reaching the card) is read rather than sent to the staff. Reading
    /// spends no PIN try, so trying it again is safe. A card that answered wrongly (a bad
    /// certificate, an odd status word) is not read twice.
    fn read_card(&mut self) -> Result<CardInfo, CardProblem> {
        match self.read_card_once() {
            Err(
                e @ (CardError::CardNotResponding
                | CardError::Transport(_)
                | CardError::ReaderBusy
                | CardError::NoReader(_)),
            ) => {
                warn!("card read failed ({e}): reading it again");
                std::thread::sleep(READ_AGAIN_AFTER);
                self.read_card_once().map_err(problem)
            }
            read => read.map_err(problem),
        }
    }

    fn read_card_once(&mut self) -> Result<CardInfo, CardError> {
        self.forget();
        let transport = self.card.connect()?;
        let mut session = CardSession::new(transport);
        let kind = session.identify()?;
        let mut info = CardInfo {
            kind,
            certificate_not_after: None,
            pin: crate::card::PinStatus::NotReported,
        };
        self.token = info.token();
        if kind != crate::card::CardKind::Unknown {
            // UNCONFIRMED how an iPhone reports tries: none is needed (it has no PIN pad here),
            // so it is not asked: the kiosk sends an iPhone no VERIFY at all.
            let pin_pad = kind != crate::card::CardKind::IphoneToken;
            if !kind.certificate_needs_pin() {
                match session.read_auth_certificate() {
                    Ok(cert) => {
                        info.certificate_not_after = Some(cert.not_after);
                        self.certificate = Some(cert);
                    }
                    Err(CardError::PinRequired) => {}
                    Err(e) => return Err(e),
                }
            }
            if pin_pad {
                info.pin = session.auth_pin_status()?;
            }
        }
        self.session = Some(session);
        Ok(info)
    }

    fn verify_and_sign(&mut self, pin: AuthPin) -> PinOutcome {
        if self.session.is_none() {
            return PinOutcome::Card(CardProblem::Removed);
        }
        // The challenge first: if the gateway is down and there is no offline store, the PIN
        // is never sent to the card.
        let Some(Challenges {
            online,
            request_id,
            signed_at,
            offline,
        }) = self.challenges()
        else {
            return PinOutcome::GatewayUnreachable;
        };
        let Some(session) = self.session.as_mut() else {
            return PinOutcome::Card(CardProblem::Removed);
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
        // Two signatures after one VERIFY: no PIN is sent twice.
        let mut sign = |bytes: &[u8]| {
            authenticated
                .sign(&DigestInfo::sha256(bytes))
                .map(|s| base64_encode(&s))
        };
        let online = match online {
            Some((challenge, bytes)) => match sign(&bytes) {
                Ok(signature) => Some((challenge, signature)),
                Err(e) => return PinOutcome::Card(problem(e)),
            },
            None => None,
        };
        let offline_signature = match sign(&offline) {
            Ok(signature) => signature,
            Err(e) => return PinOutcome::Card(problem(e)),
        };
        self.evidence = Some(Evidence {
            certificate,
            online,
            request_id,
            signed_at,
            offline_signature: Some(offline_signature),
            method: VisitMethod::Pin,
        });
        PinOutcome::Verified
    }

    /// The patient took more time on the consent screen: a fresh gateway challenge, signed by
    /// the card that is still authenticated from the one VERIFY of this entry (no PIN, no
    /// VERIFY), or attested again for a face match. An iPhone signs only when its holder
    /// confirms on the phone, so its evidence is not renewed: the visit ends. With the gateway
    /// unreachable, the offline evidence signed at PIN time is kept (answered from the cache).
    fn renew_evidence(&mut self) -> RenewOutcome {
        if self.has_face_evidence() {
            return self.renew_face();
        }
        let Some(evidence) = self.evidence.as_mut() else {
            return RenewOutcome::Failed;
        };
        if evidence.method != VisitMethod::Pin {
            info!("consent: an iPhone's evidence is not renewed without its holder");
            return RenewOutcome::Failed;
        }
        let fresh = self
            .gateway
            .challenge()
            .ok()
            .and_then(|c| base64_decode(&c).ok().map(|bytes| (c, bytes)));
        let Some((challenge, bytes)) = fresh else {
            evidence.online = None;
            return match (&evidence.offline_signature, &self.offline) {
                (Some(_), Some(_)) => RenewOutcome::Renewed,
                _ => RenewOutcome::Failed,
            };
        };
        let Some(session) = self.session.as_mut() else {
            return RenewOutcome::Card(CardProblem::Removed);
        };
        // Never a VERIFY here: without the verified state the visit ends.
        let Some(mut authenticated) = session.still_authenticated() else {
            return RenewOutcome::Failed;
        };
        match authenticated.sign(&DigestInfo::sha256(&bytes)) {
            Ok(signature) => {
                evidence.online = Some((challenge, base64_encode(&signature)));
                info!("consent: the card signed a fresh challenge");
                RenewOutcome::Renewed
            }
            Err(CardError::PinRequired) => {
                warn!("consent: the card no longer signs without the PIN; the visit ends");
                RenewOutcome::Failed
            }
            Err(e) => RenewOutcome::Card(problem(e)),
        }
    }

    /// A fresh gateway challenge (when the gateway answers) and the kiosk's offline one;
    /// `None` when the gateway gave none and there is no offline store to queue in.
    fn challenges(&mut self) -> Option<Challenges> {
        let online = match self.gateway.challenge() {
            Ok(challenge) => match base64_decode(&challenge) {
                Ok(bytes) => Some((challenge, bytes)),
                Err(_) => {
                    warn!("gateway sent a challenge that is not base64");
                    None
                }
            },
            Err(_) => None,
        };
        if online.is_none() && self.offline.is_none() {
            return None;
        }
        let request_id = request_id();
        let signed_at = OffsetDateTime::now_utc()
            .format(&Rfc3339)
            .unwrap_or_default();
        let offline = offline_challenge(self.gateway.kiosk_id(), &request_id, &signed_at);
        Some(Challenges {
            online,
            request_id,
            signed_at,
            offline,
        })
    }

    /// The request for the gateway: over its challenge (`online`), or over the kiosk's own for
    /// the outbox; `None` when that one was not signed (an iPhone that signed only once).
    fn request(
        &self,
        evidence: &Evidence,
        consent: Consent,
        online: bool,
    ) -> Option<ConfirmationRequest> {
        let certificate = base64_encode(evidence.certificate.der());
        let (challenge, signature, offline_signed_at) = match (&evidence.online, online) {
            (Some((challenge, signature)), true) => (challenge.clone(), signature.clone(), None),
            _ => (
                base64_encode(&offline_challenge(
                    self.gateway.kiosk_id(),
                    &evidence.request_id,
                    &evidence.signed_at,
                )),
                evidence.offline_signature.clone()?,
                Some(evidence.signed_at.clone()),
            ),
        };
        Some(ConfirmationRequest {
            request_id: evidence.request_id.clone(),
            method: Method::Pin,
            challenge,
            evidence: CardEvidence {
                auth_certificate: certificate,
                signature,
            },
            consent,
            token: self.token,
            facility_code: self.facility_code.clone(),
            offline_signed_at,
        })
    }

    fn query(&mut self, consent: Consent) -> Result<Answer, GatewayProblem> {
        if self.has_face_evidence() {
            return self.query_face(consent);
        }
        let evidence = self
            .evidence
            .take()
            .ok_or(GatewayProblem::Refused(ErrorCode::BadRequest))?;
        // The gateway gave no challenge moments ago: do not wait for it a second time.
        if evidence.online.is_none() {
            return self.answer_offline(&evidence, consent);
        }
        let Some(request) = self.request(&evidence, consent, true) else {
            return self.answer_offline(&evidence, consent);
        };
        match self.gateway.confirm(&request) {
            Ok(result) => {
                self.remember(&evidence, &result);
                write_result_file(self.result_writer.as_ref(), &result, request.method);
                self.last_answer = Some((result.clone(), Source::Gateway));
                Ok(Answer {
                    result: Box::new(result),
                    cached_on: None,
                })
            }
            Err(GatewayProblem::Unreachable | GatewayProblem::Busy) => {
                self.answer_offline(&evidence, consent)
            }
            Err(refused) => {
                if let Err(e) = self.record(&evidence, VisitStatus::Refused, false, None) {
                    warn!("recording the visit: {e}");
                }
                Err(refused)
            }
        }
    }

    /// A result from the gateway: cached for offline days, and the visit recorded.
    fn remember(&self, evidence: &Evidence, result: &ConfirmationResult) {
        let Some(offline) = &self.offline else { return };
        let now = OffsetDateTime::now_utc();
        // Stored for this very certificate, confirmed on the card's own signature.
        let origin = CacheOrigin::new(evidence.certificate.der(), Assurance::CardSignature);
        if result.is_confirmed()
            && let Err(e) =
                offline
                    .store
                    .cache_put_with_origin(&evidence.certificate.id(), origin, result, now)
        {
            warn!("cache: {e}");
        }
        let status = if result.is_confirmed() {
            VisitStatus::Confirmed
        } else {
            VisitStatus::NeedsStaff
        };
        // The gateway has the confirmation: a visit that cannot be stored only needs a warning.
        if let Err(e) = self.record(evidence, status, false, None) {
            warn!("recording the visit: {e}");
        }
    }
}

/// How long the worker waits before reading a card again whose first read failed: a little
/// over one of pcscd's polls (0.4 s).
const READ_AGAIN_AFTER: Duration = Duration::from_millis(500);

fn problem(e: CardError) -> CardProblem {
    match e {
        CardError::CardRemoved | CardError::NoCard => CardProblem::Removed,
        e => {
            warn!("card: {e}");
            CardProblem::Unreadable
        }
    }
}

/// 16 random bytes, hex (a case id: unique per kiosk).
pub(crate) fn new_id() -> String {
    request_id()
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
