//! The iPhone path of the patient flow: the patient confirms on the phone (Face ID / Touch ID),
//! never on the kiosk, so there is no PIN pad and no VERIFY (docs/domain/mynacard.md §7,
//! docs/domain/eligibility.md §1.6). The worker asks the phone to sign the gateway's challenge
//! and reports each answer; its own wait (`[card] phone_confirm_seconds`) is the countdown on
//! screen. Pure, like the rest of the flow.

use super::{CardInfo, CardProblem, Effect, Event, State, refer, to_consent};
use crate::reception::desk::StaffReason;
use crate::reception::view::{Notice, UiEvent};

/// What the worker learnt from one request to the phone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PhoneStep {
    /// Not confirmed yet; the kiosk waits `seconds_left` more.
    Waiting { seconds_left: u32 },
    /// Confirmed on the phone: the worker holds the signed evidence.
    Confirmed,
    /// The patient cancelled on the phone.
    Cancelled,
    /// The kiosk's wait ran out with no answer from the phone.
    NoAnswer,
    /// The phone left the reader, or answered something the kiosk does not know.
    Card(CardProblem),
    /// The challenge could not be fetched and there is no offline store: nothing was sent.
    GatewayUnreachable,
}

/// An iPhone token was read: ask the phone.
pub(super) fn start(card: CardInfo) -> (State, Vec<Effect>) {
    (
        State::PhoneConfirm {
            card,
            seconds_left: None,
        },
        vec![Effect::ConfirmOnPhone],
    )
}

/// Whether `event` belongs to the phone path (a timeout, a removed card or a staff call is the
/// flow's own business).
pub(super) fn handles(event: &Event) -> bool {
    matches!(event, Event::Phone(_) | Event::Ui(UiEvent::Back))
}

pub(super) fn step(state: State, event: Event) -> (State, Vec<Effect>) {
    let State::PhoneConfirm { card, seconds_left } = state else {
        return (state, vec![]);
    };
    match event {
        Event::Phone(PhoneStep::Waiting { seconds_left }) => (
            State::PhoneConfirm {
                card,
                seconds_left: Some(seconds_left),
            },
            vec![Effect::PollPhone],
        ),
        Event::Phone(PhoneStep::Confirmed) => to_consent(&card),
        // The patient's own choice: nothing for staff; they may hold the phone again.
        Event::Phone(PhoneStep::Cancelled) => (
            State::Notice {
                notice: Notice::PhoneCancelled,
                back_to: None,
            },
            vec![Effect::Forget],
        ),
        Event::Phone(PhoneStep::NoAnswer) => refer(StaffReason::PhoneNotConfirmed),
        Event::Phone(PhoneStep::Card(CardProblem::Removed)) => (State::Idle, vec![Effect::Forget]),
        Event::Phone(PhoneStep::Card(CardProblem::Unreadable)) => {
            refer(StaffReason::CardUnreadable)
        }
        Event::Phone(PhoneStep::GatewayUnreachable) => refer(StaffReason::OfflineNoCache),
        // "Cancel" on the kiosk: the visit ends, nothing kept; the phone goes with its holder.
        Event::Ui(UiEvent::Back) => super::take_card(false),
        _ => (State::PhoneConfirm { card, seconds_left }, vec![]),
    }
}
