//! The patient flow as a pure state machine: `step(state, event) -> (state, effects)`.
//! No I/O here: the worker runs the effects and feeds their outcome back as events.
//!
//! PIN rules (docs/design.md): tries left are shown before the entry; one entry sends at most one
//! VERIFY with data ([`Effect::VerifyPinAndSign`]) and is never retried; with one try left the
//! PIN goes out only after the patient confirms; locked or no PIN → face or staff. A patient who
//! asks for more time on the consent screen gets a fresh gateway challenge signed with the card
//! still authenticated ([`Effect::RenewEvidence`], never a VERIFY); if that fails the visit ends. Face (where
//! the kiosk has models and a camera): 照合番号B typed from the card front opens the card photo,
//! then up to `attempts` camera checks, then the PIN (when the card has one), then staff
//! ([`face`]). An iPhone token is confirmed on the phone (Face ID / Touch ID) and never gets a
//! PIN pad or a VERIFY ([`phone`]). Only [`State::Consent`], reached through a verified PIN, a
//! face match or a confirmation on the phone, can ask the gateway. A card removed at any point
//! returns to idle with nothing kept, except while the camera reads the card's front
//! ([`card_front`]): there it must come back, the same card, within [`CARD_BACK_WITHIN`].
//!
//! The card leaves with the patient (issue 18): a result, a notice or a timeout ends on a "please
//! take your card" screen ([`State::TakeCard`], or the result screen itself), and only lifting
//! the card ends the visit; a card left there for [`Flow::card_left`] becomes a staff case.
//! Where staff need the card (目視確認, [`Notice::card_stays`]) the screen says to leave it.
//! A card still on the reader when idle would come back is read at once. "Call staff" in the
//! middle of a visit ends it, so it asks once first ([`State::ConfirmCallStaff`]).

mod card_front;
mod consent;
mod end;
mod face;
mod phone;
mod pin;
mod view;

pub use card_front::{CARD_BACK_WITHIN, CardPlace, FrontStep};
pub use phone::PhoneStep;

use std::time::Duration;

use time::OffsetDateTime;
use zeroize::Zeroizing;

use super::code_b::CodeBEntry;
use super::desk::StaffReason;
use super::view::{
    Assist, CardPreview, FaceGuide, FaceMiss, FacePreview, FaceProblem, FrontGuide, Language,
    Notice, ResultView, ResultWarning, Screen, UiEvent, View,
};
use crate::card::{AuthPin, CardKind, PinStatus, VerificationCodeB};
use crate::eligibility::grace::{self, Standing, Token};
use crate::eligibility::protocol::{ConfirmationResult, Consent, ErrorCode};

use consent::{after_query, after_renew, consent, to_consent};
use end::{card_left, refer, take_card, timed_out, unsettled};
use pin::{after_pin, choose_pin, pin_entry};

const PIN_LEN: usize = 4;

/// What the worker learnt from the card before any PIN.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CardInfo {
    pub kind: CardKind,
    /// End of validity of the auth certificate, when it could be read without the PIN.
    pub certificate_not_after: Option<OffsetDateTime>,
    pub pin: PinStatus,
}

impl CardInfo {
    /// Whose certificate rule applies: smartphones have no grace.
    pub fn token(&self) -> Token {
        match self.kind {
            CardKind::AndroidToken => Token::Android,
            CardKind::IphoneToken => Token::Iphone,
            _ => Token::Card,
        }
    }

    /// Where the auth certificate stands by the one grace rule, when its end date is known.
    pub fn standing(&self, now: OffsetDateTime) -> Option<Standing> {
        self.certificate_not_after
            .map(|not_after| grace::standing(not_after, self.token(), now))
    }

    /// Expired but inside the grace: eligibility only.
    pub fn in_grace(&self, now: OffsetDateTime) -> bool {
        matches!(self.standing(now), Some(Standing::InGrace { .. }))
    }
}

/// Why the card could not be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CardProblem {
    Removed,
    Unreadable,
}

/// The outcome of the one VERIFY of a PIN entry (and of the signature that follows it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PinOutcome {
    /// Verified and the gateway's challenge signed; the worker keeps the evidence.
    Verified,
    Wrong {
        tries_left: u8,
    },
    Locked,
    Card(CardProblem),
    /// The challenge could not be fetched: nothing was sent to the card.
    GatewayUnreachable,
}

/// The outcome of [`Effect::RenewEvidence`]: the evidence signed again over a fresh challenge.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RenewOutcome {
    /// Signed again (or, with the gateway unreachable, the offline evidence kept).
    Renewed,
    /// The card no longer signs without the PIN, or the method cannot sign again without the
    /// patient (an iPhone): the visit ends; the PIN is never asked for again by itself.
    Failed,
    Card(CardProblem),
}

/// The gateway's answer, or the cached one when it could not be reached.
#[derive(Debug)]
pub struct Answer {
    pub result: Box<ConfirmationResult>,
    /// Set when the answer came from the local cache: the date (`YYYY-MM-DD`) it was confirmed.
    pub cached_on: Option<String>,
}

/// What went wrong asking the gateway.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GatewayProblem {
    Unreachable,
    /// Reached, but over its rate for this kiosk: for the patient the same as unreachable.
    Busy,
    Refused(ErrorCode),
    /// Offline, the card's evidence failed the kiosk's own check (its signature over the
    /// offline challenge does not verify with the certificate it presented, or that is not the
    /// certificate the cache entry was stored for): no cached answer, nothing queued.
    CardCheckFailed,
}

#[derive(Debug)]
pub enum Event {
    Ui(UiEvent),
    CardInserted,
    CardRemoved,
    CardRead {
        result: Result<CardInfo, CardProblem>,
        now: OffsetDateTime,
    },
    Pin(PinOutcome),
    /// The answer to [`Effect::RenewEvidence`].
    Renewed(RenewOutcome),
    Gateway(Result<Answer, GatewayProblem>),
    /// The card photo was read and the camera is ready for an attempt (or why not).
    FaceStarted(Result<(), FaceProblem>),
    /// One step of a face attempt.
    Face(FaceStep),
    /// What the iPhone answered (or that the kiosk's wait for it ran out).
    Phone(PhoneStep),
    /// One step of reading the card front with the camera.
    CardFront(FrontStep),
    /// The card put back after the camera step: whether it is the same card (its auth
    /// certificate's serial, read again without PIN).
    CardBack {
        same: bool,
    },
    /// The current state's timeout passed with no event.
    TimedOut,
}

/// What the worker reports after each camera frame of a face attempt.
#[derive(Debug)]
pub enum FaceStep {
    /// Guidance for the patient, with the frame for the preview.
    Frame {
        guide: FaceGuide,
        preview: Option<FacePreview>,
    },
    /// Same person, alive: the worker holds the signed face evidence.
    Matched,
    Missed(FaceMiss),
    Problem(FaceProblem),
}

/// Requests to the worker.
#[derive(Debug)]
pub enum Effect {
    /// Identify the card, read its auth certificate and the tries left (no PIN spent).
    ReadCard,
    /// Fetch a gateway challenge, VERIFY the PIN once, sign the challenge.
    VerifyPinAndSign(AuthPin),
    /// Send the signed evidence with this consent.
    QueryGateway(Consent),
    /// The evidence's gateway challenge may have expired while the patient read the consent
    /// screen: fetch a fresh one and have it signed again, with no PIN and no VERIFY (the card
    /// is still authenticated; a face match is attested again by the device key).
    RenewEvidence,
    /// Drop the card session and any evidence.
    Forget,
    /// The visit needs staff: a case for the staff desk, and staff are called.
    ReferToStaff(StaffReason),
    /// Open the card-surface AP with 照合番号B (one VERIFY), read and enrol the card photo and
    /// the auth certificate (no PIN), start the camera for a first attempt.
    StartFace(VerificationCodeB),
    /// Another attempt with the photo already read (a new turn direction).
    RetryFace,
    /// Check the next camera frame.
    FaceFrame,
    /// iPhone token: fetch a gateway challenge and ask the phone to sign it, which its holder
    /// confirms on the phone. Never a VERIFY.
    ConfirmOnPhone,
    /// Ask the phone again (after a short wait) whether its holder confirmed.
    PollPhone,
    /// Open the camera (or the card-front frames) and a fresh card-front reader; check the
    /// first frame.
    StartCardFront,
    /// Check the next card-front frame.
    CardFrontFrame,
    /// Close the card-front camera (the patient chose typing).
    StopCardFront,
    /// The card was put back after the camera step: a new session, identify, read the auth
    /// certificate without PIN and compare its serial with the one read before.
    CheckCardBack,
}

/// The flow's state. PIN digits live here only while typed, wiped on drop.
#[derive(Debug, Default)]
pub enum State {
    #[default]
    Idle,
    Reading,
    MethodChoice(CardInfo),
    LastTryWarning(CardInfo),
    PinEntry {
        card: CardInfo,
        digits: Digits,
        /// Set after the explicit last-try confirmation.
        last_try_confirmed: bool,
    },
    Verifying(CardInfo),
    /// `not_after`: the auth certificate's end date (`YYYY-MM-DD`) for warnings, when known.
    Consent {
        individually: bool,
        selection: Consent,
        not_after: Option<String>,
    },
    Querying {
        consent: Consent,
        not_after: Option<String>,
    },
    /// The patient asked for more time on the consent screen: the evidence is signed again
    /// over a fresh challenge before the consent screen comes back.
    Renewing {
        not_after: Option<String>,
    },
    /// "Done": shown until the card is lifted; `reported` once the card left on the reader
    /// became a staff case.
    Result {
        view: ResultView,
        reported: bool,
    },
    /// The visit is over; waiting for the card to be lifted (`leave`: staff need it there).
    TakeCard {
        leave: bool,
        timed_out: bool,
        reported: bool,
    },
    /// "Call staff" was touched during a visit: asked once, since it ends the visit. The visit
    /// goes on underneath (a worker's answer still reaches it).
    ConfirmCallStaff(Box<State>),
    /// `back_to`: where "OK" goes (a wrong PIN goes back to the pad; the rest end the visit).
    Notice {
        notice: Notice,
        back_to: Option<CardInfo>,
    },
    /// Face path with a card-front reader: the camera reads 照合番号B from the card's front
    /// (the card may be off the reader here: [`card_front`]).
    CardFront {
        card: CardInfo,
        guide: FrontGuide,
        preview: Option<CardPreview>,
        place: CardPlace,
    },
    /// The camera step is over with `entry` (read, or empty for typing); the lifted card must
    /// come back within [`CARD_BACK_WITHIN`] (`checking`: the one put back is being checked).
    PutCardBack {
        card: CardInfo,
        entry: CodeBEntry,
        checking: bool,
    },
    /// 照合番号B being typed for the face path (or checked, when read from the card front).
    FaceCode {
        card: CardInfo,
        entry: CodeBEntry,
        problem: Option<FaceProblem>,
    },
    /// The worker reads the card photo (`entry` kept until then, to correct a wrong code).
    FaceStarting {
        card: CardInfo,
        attempt: u32,
        entry: Option<CodeBEntry>,
    },
    FaceChecking {
        card: CardInfo,
        attempt: u32,
        guide: FaceGuide,
        preview: Option<FacePreview>,
    },
    FaceRetry {
        card: CardInfo,
        attempt: u32,
        miss: FaceMiss,
    },
    /// A screen was left alone: "do you need more time?" before the visit ends, where it goes
    /// back to (with nothing typed kept), and whether typed digits were cleared (the screen
    /// says so only then).
    MoreTime(Box<State>, bool),
    /// Waiting for the patient to confirm on their iPhone; `seconds_left` of the kiosk's wait,
    /// once the phone has been asked.
    PhoneConfirm {
        card: CardInfo,
        seconds_left: Option<u32>,
    },
}

/// Typed PIN digits: never printed, wiped on drop.
#[derive(Default)]
pub struct Digits(Zeroizing<String>);

impl std::fmt::Debug for Digits {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Digits({} entered)", self.0.len())
    }
}

/// The flow: state plus the patient's language, and the face attempts this kiosk offers
/// (`None`: no face confirmation here: models or camera missing).
#[derive(Debug, Default)]
pub struct Flow {
    pub state: State,
    pub language: Language,
    pub assist: Assist,
    pub face_attempts: Option<u32>,
    /// The kiosk reads 照合番号B from the card front with the camera (OCR models loaded):
    /// face starts with the camera instead of the pad.
    pub card_front: bool,
    /// The visit's card is an expired one inside its grace: eligibility only, so the consent
    /// screen is skipped (docs/domain/eligibility.md §1.6). Reset with the visit.
    pub eligibility_only: bool,
    /// A staff call mechanism is configured (`[staff] call_command`): only then does the
    /// patient screen say that staff were called; otherwise it asks the patient to speak to the
    /// reception counter.
    pub staff_call: bool,
    /// How long a card may stay on the reader after the visit before staff get a case
    /// (`[card] card_left_seconds`); `None`: [`CARD_LEFT_DEFAULT`].
    pub card_left: Option<Duration>,
    /// Whether a card is on the reader, as the reader last said.
    pub card_on_reader: bool,
    /// The card on the reader was read again once already, after the worker found none.
    pub reread: bool,
    /// The visit's card is a smartphone: "take your phone".
    pub phone: bool,
}

/// How long a card may be left on the reader after the visit, by default.
pub const CARD_LEFT_DEFAULT: Duration = Duration::from_secs(60);

impl Flow {
    /// Seconds a screen may wait for a touch before "do you need more time?" or the end of the
    /// visit (design: generous). The consent screen asks within the gateway challenge's 60 s;
    /// a patient who needs more time gets the challenge renewed ([`Effect::RenewEvidence`]).
    /// `None`: the screen waits for a touch or the card (idle, "please speak to reception").
    pub fn timeout(&self) -> Option<Duration> {
        let secs = match &self.state {
            State::Idle => return None,
            State::Notice {
                notice: Notice::SpeakToReception,
                ..
            } => return None,
            State::Reading
            | State::Verifying(_)
            | State::Querying { .. }
            | State::Renewing { .. } => 30,
            // The worker reports at least every second while the phone is asked; this only
            // guards against a worker that stopped answering.
            State::PhoneConfirm { .. } => 30,
            State::FaceStarting { .. } | State::FaceChecking { .. } | State::CardFront { .. } => 30,
            State::PutCardBack { .. } => CARD_BACK_WITHIN.as_secs(),
            State::FaceCode { .. } | State::FaceRetry { .. } => 60,
            State::MoreTime(..) => MORE_TIME_SECS,
            State::Consent { .. } => 45,
            State::MethodChoice(_) | State::LastTryWarning(_) | State::PinEntry { .. } => 60,
            State::Result { .. } | State::TakeCard { .. } => {
                return Some(self.card_left.unwrap_or(CARD_LEFT_DEFAULT));
            }
            State::ConfirmCallStaff(_) => 30,
            State::Notice { .. } => 30,
        };
        Some(Duration::from_secs(secs))
    }

    /// Applies one event; returns the effects to run, in order.
    pub fn step(&mut self, event: Event) -> Vec<Effect> {
        let state = std::mem::take(&mut self.state);
        let was_idle = matches!(state, State::Idle);
        match event {
            Event::CardInserted => {
                self.card_on_reader = true;
                self.reread = false;
            }
            Event::CardRemoved => self.card_on_reader = false,
            _ => {}
        }
        let (state, mut effects) = self.next(state, event);
        let state = match state {
            // Nothing on the reader to take: the visit is over.
            State::TakeCard { .. } if !self.card_on_reader => {
                effects.push(Effect::Forget);
                self.end_visit();
                State::Idle
            }
            // During the grace there is nothing to consent to: straight to the gateway with no
            // viewing consent (the 限度額 information comes with the eligibility anyway).
            State::Consent { not_after, .. } if self.eligibility_only => {
                effects.push(Effect::QueryGateway(Consent::default()));
                State::Querying {
                    consent: Consent::default(),
                    not_after,
                }
            }
            // Without a call mechanism nobody was called: the patient is asked to go to the
            // counter instead of being told to wait.
            State::Notice {
                notice: Notice::StaffCalled,
                back_to,
            } if !self.staff_call => State::Notice {
                notice: Notice::SpeakToReception,
                back_to,
            },
            State::Idle if !was_idle => {
                self.end_visit();
                // The reader says a card is there though the worker found none (it was read
                // while still settling): read it once more rather than ask for it again.
                if self.card_on_reader && !self.reread {
                    self.reread = true;
                    effects.push(Effect::ReadCard);
                    State::Reading
                } else {
                    State::Idle
                }
            }
            state => state,
        };
        self.state = state;
        effects
    }

    fn end_visit(&mut self) {
        self.language = Language::default();
        self.assist = Assist::default();
        self.eligibility_only = false;
        self.phone = false;
    }

    fn next(&mut self, state: State, event: Event) -> (State, Vec<Effect>) {
        use Event as E;
        use UiEvent as U;
        match (state, event) {
            // The one exception: the card lifted to show its front to the camera.
            (
                state @ (State::CardFront { .. } | State::PutCardBack { .. }),
                event @ (E::CardRemoved | E::CardInserted | E::CardBack { .. }),
            ) => card_front::step(state, event),
            // Not back in time: the visit ends with nothing kept.
            (State::PutCardBack { .. }, E::TimedOut) => (State::Idle, vec![Effect::Forget]),
            // Card gone: always back to idle, nothing kept (under "call staff?" the step
            // underneath decides).
            (state, E::CardRemoved) if !card_front::card_may_leave(&state) => {
                (State::Idle, vec![Effect::Forget])
            }
            // Aids can be changed on any screen; nothing else moves.
            (state, E::Ui(U::SetAssist(assist))) => {
                self.assist = assist;
                (state, vec![])
            }
            (State::Idle, E::Ui(U::SelectLanguage(language))) => {
                self.language = language;
                (State::Idle, vec![])
            }
            (State::Idle, E::CardInserted) => (State::Reading, vec![Effect::ReadCard]),
            (State::Reading, E::CardRead { result, now }) => {
                self.eligibility_only = result.as_ref().is_ok_and(|card| card.in_grace(now));
                self.phone = result.as_ref().is_ok_and(|card| {
                    matches!(card.kind, CardKind::IphoneToken | CardKind::AndroidToken)
                });
                after_read(result, now, self.face_attempts.is_some(), self.card_front)
            }
            // Staff called after the face attempts ran out: the case says so.
            (State::FaceRetry { .. }, E::Ui(U::CallStaff)) => refer(StaffReason::FaceFailed),
            // In the middle of a visit "call staff" ends it: asked once.
            (State::ConfirmCallStaff(_), E::Ui(U::CallStaff)) => refer(StaffReason::PatientCalled),
            (State::ConfirmCallStaff(back), E::Ui(U::Back)) => (*back, vec![]),
            (State::ConfirmCallStaff(_), E::TimedOut) => timed_out(),
            (state @ State::ConfirmCallStaff(_), E::Ui(_)) => (state, vec![]),
            // The worker's answers still reach the visit underneath.
            (State::ConfirmCallStaff(back), event) => {
                let (inner, effects) = self.next(*back, event);
                if in_visit(&inner) {
                    (State::ConfirmCallStaff(Box::new(inner)), effects)
                } else {
                    (inner, effects)
                }
            }
            (state, E::Ui(U::CallStaff)) if in_visit(&state) => {
                (State::ConfirmCallStaff(Box::new(state)), vec![])
            }
            (_, E::Ui(U::CallStaff)) => refer(StaffReason::PatientCalled),
            (State::MethodChoice(card), E::Ui(U::ChoosePin)) => choose_pin(card),
            (State::MethodChoice(card) | State::LastTryWarning(card), E::Ui(U::ChooseFace)) => {
                match self.face_attempts {
                    Some(_) => face::choose(card, self.card_front),
                    None => refer(StaffReason::FaceUnavailable),
                }
            }
            (state @ (State::CardFront { .. } | State::PutCardBack { .. }), event)
                if card_front::handles(&event) =>
            {
                card_front::step(state, event)
            }
            (state @ State::PhoneConfirm { .. }, event) if phone::handles(&event) => {
                phone::step(state, event)
            }
            (state @ (State::FaceCode { .. } | State::FaceStarting { .. }), event)
            | (state @ (State::FaceChecking { .. } | State::FaceRetry { .. }), event)
                if face::handles(&event) =>
            {
                face::step(state, event, self.face_attempts.unwrap_or(0))
            }
            (State::LastTryWarning(card), E::Ui(U::ConfirmLastTry)) => (
                State::PinEntry {
                    card,
                    digits: Digits::default(),
                    last_try_confirmed: true,
                },
                vec![],
            ),
            (State::LastTryWarning(card), E::Ui(U::Back)) => (State::MethodChoice(card), vec![]),
            (
                State::PinEntry {
                    card,
                    digits,
                    last_try_confirmed,
                },
                E::Ui(ui),
            ) => pin_entry(card, digits, last_try_confirmed, ui),
            (State::Verifying(card), E::Pin(outcome)) => after_pin(card, outcome),
            (State::Renewing { not_after }, E::Renewed(outcome)) => after_renew(not_after, outcome),
            (
                State::Consent {
                    individually,
                    selection,
                    not_after,
                },
                E::Ui(ui),
            ) => consent(individually, selection, not_after, ui),
            (State::Querying { consent, not_after }, E::Gateway(answer)) => {
                after_query(consent, not_after, answer)
            }
            (
                State::Notice {
                    back_to: Some(card),
                    ..
                },
                E::Ui(U::Finish),
            ) => choose_pin(card),
            (State::Notice { notice, .. }, E::Ui(U::Finish)) => take_card(notice.card_stays()),
            // A screen waiting for the patient asks first whether they need more time.
            (
                state @ (State::MethodChoice(_)
                | State::LastTryWarning(_)
                | State::PinEntry { .. }
                | State::FaceCode { .. }
                | State::FaceRetry { .. }
                | State::Consent { .. }),
                E::TimedOut,
            ) => {
                let cleared = typed_something(&state);
                (
                    State::MoreTime(Box::new(typed_forgotten(state)), cleared),
                    vec![],
                )
            }
            // The signature was made over a challenge that may have expired meanwhile.
            (State::MoreTime(back, _), E::Ui(U::StillHere)) => match *back {
                State::Consent { not_after, .. } => {
                    (State::Renewing { not_after }, vec![Effect::RenewEvidence])
                }
                back => (back, vec![]),
            },
            // A screen left alone ends the visit.
            (State::Idle, E::TimedOut) => (State::Idle, vec![]),
            // "Please speak to the reception counter" has no timer: it stays until touched or
            // the card is lifted.
            (
                state @ State::Notice {
                    notice: Notice::SpeakToReception,
                    ..
                },
                E::TimedOut,
            ) => (state, vec![]),
            // A message left on screen gives way to "please take your card".
            (
                State::Notice {
                    notice,
                    back_to: None,
                },
                E::TimedOut,
            ) => take_card(notice.card_stays()),
            // The card left on the reader: a case for staff, once; the screen stays.
            (
                State::Result {
                    view,
                    reported: false,
                },
                E::TimedOut,
            ) => (
                State::Result {
                    view,
                    reported: true,
                },
                card_left(),
            ),
            (
                State::TakeCard {
                    leave: false,
                    timed_out,
                    reported: false,
                },
                E::TimedOut,
            ) => (
                State::TakeCard {
                    leave: false,
                    timed_out,
                    reported: true,
                },
                card_left(),
            ),
            (state @ (State::Result { .. } | State::TakeCard { .. }), E::TimedOut) => {
                (state, vec![])
            }
            (_, E::TimedOut) => timed_out(),
            // Anything else (a late answer, a touch on a stale button) changes nothing.
            (state, _) => (state, vec![]),
        }
    }
}

/// How long "do you need more time?" waits before the visit ends.
const MORE_TIME_SECS: u64 = 20;

/// Whether `state` is a visit in progress that "call staff" would cut short (the screens that
/// offer staff as one of their answers, and the visit's end, call at once).
fn in_visit(state: &State) -> bool {
    !matches!(
        state,
        State::Idle
            | State::Result { .. }
            | State::TakeCard { .. }
            | State::Notice { .. }
            | State::LastTryWarning(_)
            | State::FaceRetry { .. }
            | State::ConfirmCallStaff(_)
    )
}

/// The state to go back to after "more time": nothing typed is kept (someone else may have
/// come to the kiosk), and a confirmed last PIN try is asked again.
/// Whether the patient had typed digits on `state` (a PIN, 照合番号B) that a timeout clears.
fn typed_something(state: &State) -> bool {
    match state {
        State::PinEntry { digits, .. } => !digits.0.is_empty(),
        State::FaceCode { entry, .. } => entry.era.is_some() || !entry.digits().is_empty(),
        _ => false,
    }
}

fn typed_forgotten(state: State) -> State {
    match state {
        State::PinEntry { card, .. } => State::PinEntry {
            card,
            digits: Digits::default(),
            last_try_confirmed: false,
        },
        State::FaceCode { card, .. } => State::FaceCode {
            card,
            entry: CodeBEntry::default(),
            problem: None,
        },
        // Back to the first consent screen, nothing chosen.
        State::Consent { not_after, .. } => State::Consent {
            individually: false,
            selection: Consent::default(),
            not_after,
        },
        other => other,
    }
}

/// The card as read: on to the method choice, or to staff. A card without a usable PIN (locked,
/// or issued without one) is offered face only, where the kiosk has it.
fn after_read(
    result: Result<CardInfo, CardProblem>,
    now: OffsetDateTime,
    face: bool,
    card_front: bool,
) -> (State, Vec<Effect>) {
    let card = match result {
        Ok(card) => card,
        Err(CardProblem::Removed) => return (State::Idle, vec![Effect::Forget]),
        Err(CardProblem::Unreadable) => return refer(StaffReason::CardUnreadable),
    };
    match card.kind {
        CardKind::Unknown => return refer(StaffReason::UnknownCard),
        // Before any PIN: a 住基カード is never an insurance card.
        CardKind::JukiCard => return refer(StaffReason::JukiCard),
        _ => {}
    }
    if card.standing(now) == Some(Standing::Expired) {
        return refer(StaffReason::CertificateExpired);
    }
    if card.kind == CardKind::IphoneToken {
        return phone::start(card);
    }
    if card.pin == PinStatus::Blocked && !face {
        return refer(StaffReason::PinLocked);
    }
    // Only one way can be used: straight to it, no method screen to touch (issue 18).
    match (card.pin == PinStatus::Blocked, face) {
        (false, false) => choose_pin(card),
        (true, true) => face::choose(card, card_front),
        _ => (State::MethodChoice(card), vec![]),
    }
}
