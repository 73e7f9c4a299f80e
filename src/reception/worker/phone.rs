//! The iPhone path of the worker: the gateway's challenge (and the kiosk's offline one) signed by
//! the phone once its holder confirms there (Face ID / Touch ID). No VERIFY is ever sent: the
//! card layer's [`CardSession::sign_confirmed_on_phone`] has no PIN to send.
//!
//! UNCONFIRMED (docs/domain/mynacard.md §7): how a real iPhone answers while its holder has not
//! confirmed yet is not public. The kiosk asks again every [`POLL_EVERY`] while the phone says
//! "not yet", until `[card] phone_confirm_seconds` have passed; a cancel, an unknown status word
//! or a phone taken away ends the visit cleanly, with nothing recorded. A phone that holds its
//! answer back instead of saying "not yet" only makes one request take longer.

use std::time::{Duration, Instant};

use tracing::{info, warn};

use super::{CardAccess, Challenges, Evidence, Gateway, Worker, base64_encode, problem};
use crate::card::{CardSession, DigestInfo, PhoneAnswer};
use crate::reception::flow::{CardProblem, PhoneStep};
use crate::store::VisitMethod;

/// How often the phone is asked again while its holder has not confirmed.
const POLL_EVERY: Duration = Duration::from_millis(500);

/// What the phone is asked to sign, until its holder confirms or the wait runs out.
pub(super) struct PhoneRequest {
    challenges: Challenges,
    /// The phone's signature over the gateway's challenge, once given.
    online_signature: Option<String>,
    deadline: Instant,
}

impl<C: CardAccess, G: Gateway> Worker<C, G> {
    /// Fetches the challenges and asks the phone for the first time.
    pub(super) fn confirm_on_phone(&mut self) -> PhoneStep {
        self.phone = None;
        if self.session.is_none() {
            return PhoneStep::Card(CardProblem::Removed);
        }
        // The challenge first: nothing is asked of the phone when it could not be used.
        let Some(challenges) = self.challenges() else {
            return PhoneStep::GatewayUnreachable;
        };
        self.phone = Some(PhoneRequest {
            challenges,
            online_signature: None,
            deadline: self.clock.now() + self.phone_wait,
        });
        self.poll_phone()
    }

    /// Asks the phone once more; waits [`POLL_EVERY`] before answering "still waiting", so the
    /// flow's next poll comes at that pace (and the countdown moves).
    pub(super) fn poll_phone(&mut self) -> PhoneStep {
        let step = self.ask_phone();
        if !matches!(step, PhoneStep::Waiting { .. }) {
            self.phone = None;
        }
        step
    }

    fn ask_phone(&mut self) -> PhoneStep {
        let (Some(request), Some(session)) = (self.phone.as_mut(), self.session.as_mut()) else {
            return PhoneStep::Card(CardProblem::Removed);
        };
        loop {
            // The gateway's challenge first, then the kiosk's offline one.
            let online = request.challenges.online.as_ref();
            let bytes = match (online, &request.online_signature) {
                (Some((_, bytes)), None) => bytes.as_slice(),
                _ => request.challenges.offline.as_slice(),
            };
            match ask(session, bytes) {
                Ok(PhoneAnswer::Signed(signature)) => {
                    let signature = base64_encode(&signature);
                    if online.is_some() && request.online_signature.is_none() {
                        request.online_signature = Some(signature);
                        continue;
                    }
                    return self.confirmed(Some(signature));
                }
                Ok(PhoneAnswer::Waiting) if request.online_signature.is_some() => {
                    // UNCONFIRMED: a phone may want a second confirmation for the second
                    // signature. The gateway's signature is enough while it answers; the
                    // patient is not asked twice.
                    warn!("the iPhone signed the gateway's challenge but not the offline one");
                    return self.confirmed(None);
                }
                Ok(PhoneAnswer::Waiting) => {
                    let left = request.deadline.saturating_duration_since(self.clock.now());
                    if left.is_zero() {
                        info!("no confirmation from the iPhone in time");
                        return PhoneStep::NoAnswer;
                    }
                    std::thread::sleep(POLL_EVERY.min(left));
                    let left = request.deadline.saturating_duration_since(self.clock.now());
                    return PhoneStep::Waiting {
                        seconds_left: left.as_secs_f64().ceil() as u32,
                    };
                }
                Ok(PhoneAnswer::Cancelled) => {
                    info!("confirmation cancelled on the iPhone");
                    return PhoneStep::Cancelled;
                }
                Err(e) => return PhoneStep::Card(problem(e)),
            }
        }
    }

    /// The phone signed: the evidence waits for the patient's consent, like a PIN entry's.
    fn confirmed(&mut self, offline_signature: Option<String>) -> PhoneStep {
        let Some(PhoneRequest {
            challenges,
            online_signature,
            ..
        }) = self.phone.take()
        else {
            return PhoneStep::Card(CardProblem::Removed);
        };
        let certificate = match self.certificate.take() {
            Some(certificate) => certificate,
            None => match self
                .session
                .as_mut()
                .map(CardSession::read_auth_certificate)
            {
                Some(Ok(certificate)) => certificate,
                Some(Err(e)) => return PhoneStep::Card(problem(e)),
                None => return PhoneStep::Card(CardProblem::Removed),
            },
        };
        let online = challenges
            .online
            .map(|(challenge, _)| challenge)
            .zip(online_signature);
        self.evidence = Some(Evidence {
            certificate,
            online,
            request_id: challenges.request_id,
            signed_at: challenges.signed_at,
            offline_signature,
            method: VisitMethod::Iphone,
        });
        PhoneStep::Confirmed
    }
}

fn ask(
    session: &mut CardSession<Box<dyn crate::card::transport::Transport>>,
    bytes: &[u8],
) -> Result<PhoneAnswer, crate::card::CardError> {
    session.sign_confirmed_on_phone(&DigestInfo::sha256(bytes))
}
