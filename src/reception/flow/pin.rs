//! The PIN path of the flow: the pad, the last-try confirmation and the one VERIFY's outcome.

use super::*;

pub(super) fn choose_pin(card: CardInfo) -> (State, Vec<Effect>) {
    // An iPhone is confirmed on the phone: it never gets the PIN pad (nor a VERIFY).
    if card.kind == CardKind::IphoneToken {
        return phone::start(card);
    }
    match card.pin {
        PinStatus::Blocked => refer(StaffReason::PinLocked),
        PinStatus::TriesLeft(1) => (State::LastTryWarning(card), vec![]),
        _ => (
            State::PinEntry {
                card,
                digits: Digits::default(),
                last_try_confirmed: false,
            },
            vec![],
        ),
    }
}

pub(super) fn pin_entry(
    card: CardInfo,
    mut digits: Digits,
    last_try_confirmed: bool,
    ui: UiEvent,
) -> (State, Vec<Effect>) {
    match ui {
        UiEvent::PinDigit(d) if d < 10 && digits.0.len() < PIN_LEN => {
            digits.0.push(char::from(b'0' + d))
        }
        UiEvent::PinBackspace => {
            digits.0.pop();
        }
        UiEvent::PinClear => digits.0.clear(),
        UiEvent::Back => return (State::MethodChoice(card), vec![]),
        UiEvent::PinSubmit if digits.0.len() == PIN_LEN => {
            let last_try = card.pin == PinStatus::TriesLeft(1);
            if last_try && !last_try_confirmed {
                return (State::LastTryWarning(card), vec![]);
            }
            return match AuthPin::new(&digits.0) {
                Ok(pin) => (State::Verifying(card), vec![Effect::VerifyPinAndSign(pin)]),
                Err(_) => (
                    State::PinEntry {
                        card,
                        digits: Digits::default(),
                        last_try_confirmed,
                    },
                    vec![],
                ),
            };
        }
        _ => {}
    }
    (
        State::PinEntry {
            card,
            digits,
            last_try_confirmed,
        },
        vec![],
    )
}

pub(super) fn after_pin(mut card: CardInfo, outcome: PinOutcome) -> (State, Vec<Effect>) {
    match outcome {
        PinOutcome::Verified => to_consent(&card),
        PinOutcome::Wrong { tries_left } => {
            card.pin = PinStatus::TriesLeft(tries_left);
            (
                State::Notice {
                    notice: Notice::WrongPin { tries_left },
                    back_to: Some(card),
                },
                vec![],
            )
        }
        PinOutcome::Locked => refer(StaffReason::PinLocked),
        PinOutcome::Card(CardProblem::Removed) => (State::Idle, vec![Effect::Forget]),
        PinOutcome::Card(CardProblem::Unreadable) => refer(StaffReason::CardUnreadable),
        PinOutcome::GatewayUnreachable => refer(StaffReason::OfflineNoCache),
    }
}
