//! The face path of the patient flow: 照合番号B, the camera attempts, and the fallbacks (another
//! attempt, the PIN when the card has one, staff). Pure, like the rest of the flow.

use super::{CardInfo, CodeBEntry, Effect, Event, FaceStep, State, choose_pin, refer, to_consent};
use crate::card::PinStatus;
use crate::reception::code_b::CodeBSource;
use crate::reception::desk::StaffReason;
use crate::reception::view::{FaceGuide, FaceProblem, Notice, UiEvent};

/// The patient chose face: 照合番号B first, read by the camera from the card front where the
/// kiosk can, typed otherwise.
pub(super) fn choose(card: CardInfo, card_front: bool) -> (State, Vec<Effect>) {
    if card_front {
        return super::card_front::start(card);
    }
    (
        State::FaceCode {
            card,
            entry: CodeBEntry::default(),
            problem: None,
        },
        vec![],
    )
}

/// Whether `event` belongs to the face path (a timeout, a removed card or a staff call is the
/// flow's own business).
pub(super) fn handles(event: &Event) -> bool {
    matches!(
        event,
        Event::Ui(
            UiEvent::CodeEra(_)
                | UiEvent::CodeDigit(_)
                | UiEvent::CodeBackspace
                | UiEvent::CodeSubmit
                | UiEvent::Back
                | UiEvent::FaceRetry
                | UiEvent::ChoosePin
        ) | Event::FaceStarted(_)
            | Event::Face(_)
    )
}

/// One face-path event; `attempts` is how many camera attempts the kiosk offers.
pub(super) fn step(state: State, event: Event, attempts: u32) -> (State, Vec<Effect>) {
    match (state, event) {
        (
            State::FaceCode {
                card,
                entry,
                problem,
            },
            Event::Ui(ui),
        ) => code_entry(card, entry, problem, ui),
        (
            State::FaceStarting {
                card,
                attempt,
                entry,
            },
            Event::FaceStarted(started),
        ) => match started {
            Ok(()) => (
                State::FaceChecking {
                    card,
                    attempt,
                    guide: FaceGuide::Starting,
                    preview: None,
                },
                vec![Effect::FaceFrame],
            ),
            // The patient corrects the code (the card counted one try).
            Err(problem @ (FaceProblem::WrongCode { .. } | FaceProblem::BadCode)) => (
                State::FaceCode {
                    card,
                    entry: entry.unwrap_or_default(),
                    problem: Some(problem),
                },
                vec![],
            ),
            // The photo may be someone else's: no face match against it, and staff are told.
            Err(FaceProblem::CardDataUnproven) => refer(StaffReason::CardDataUnproven),
            Err(_) => cannot_continue(card),
        },
        (
            State::FaceChecking { card, attempt, .. },
            Event::Face(FaceStep::Frame { guide, preview }),
        ) => (
            State::FaceChecking {
                card,
                attempt,
                guide,
                preview,
            },
            vec![Effect::FaceFrame],
        ),
        (State::FaceChecking { card, .. }, Event::Face(FaceStep::Matched)) => to_consent(&card),
        (State::FaceChecking { card, attempt, .. }, Event::Face(FaceStep::Missed(miss))) => (
            State::FaceRetry {
                card,
                attempt,
                miss,
            },
            vec![],
        ),
        (State::FaceChecking { card, .. }, Event::Face(FaceStep::Problem(_))) => {
            cannot_continue(card)
        }
        (State::FaceRetry { card, attempt, .. }, Event::Ui(UiEvent::FaceRetry))
            if attempt < attempts =>
        {
            (
                State::FaceStarting {
                    card,
                    attempt: attempt + 1,
                    entry: None,
                },
                vec![Effect::RetryFace],
            )
        }
        (State::FaceRetry { card, .. }, Event::Ui(UiEvent::ChoosePin))
            if card.pin != PinStatus::Blocked =>
        {
            choose_pin(card)
        }
        (state, _) => (state, vec![]),
    }
}

fn code_entry(
    card: CardInfo,
    mut entry: CodeBEntry,
    mut problem: Option<FaceProblem>,
    ui: UiEvent,
) -> (State, Vec<Effect>) {
    match ui {
        UiEvent::CodeEra(era) => {
            entry.era = Some(era);
            problem = None;
        }
        UiEvent::CodeDigit(d) if entry.push(d) => problem = None,
        UiEvent::CodeBackspace => entry.pop(),
        UiEvent::Back => return (State::MethodChoice(card), vec![]),
        UiEvent::CodeSubmit => match entry.code_b() {
            Some(code) => {
                return (
                    State::FaceStarting {
                        card,
                        attempt: 1,
                        entry: Some(entry),
                    },
                    vec![Effect::StartFace(code)],
                );
            }
            None => problem = Some(FaceProblem::BadCode),
        },
        _ => {}
    }
    (
        State::FaceCode {
            card,
            entry,
            problem,
        },
        vec![],
    )
}

/// Face cannot be used for this card now (照合番号B locked, no usable photo, camera gone): the
/// PIN when the card has one, else staff.
fn cannot_continue(card: CardInfo) -> (State, Vec<Effect>) {
    if card.pin == PinStatus::Blocked {
        return refer(StaffReason::FaceFailed);
    }
    (
        State::Notice {
            notice: Notice::FaceUnavailable,
            back_to: Some(card),
        },
        vec![],
    )
}
