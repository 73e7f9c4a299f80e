//! Properties of the reception flow over any sequence of card, screen, worker and timer events
//! (proptest, with shrinking to the shortest failing sequence): at most one VERIFY per PIN entry
//! and never two outstanding, none after a successful one in the same visit; the renewal of the
//! signature after "more time" on the consent screen only with the patient authenticated, never
//! with a VERIFY, and a failed renewal ends the visit; no VERIFY with one try left unless the patient confirmed; no
//! eligibility request without a verified PIN, a face match or a confirmation on the iPhone; an
//! iPhone token never gets a VERIFY; card removal always returns to idle, and idle is reachable
//! from anywhere.

use crate::common::results;
use myna_kiosk::card::{CardKind, PinStatus};
use myna_kiosk::eligibility::protocol::QualificationResult;
use myna_kiosk::reception::flow::{
    Answer, CardInfo, CardProblem, Effect, Event, FaceStep, Flow, GatewayProblem, PhoneStep,
    PinOutcome, RenewOutcome, State,
};
use myna_kiosk::reception::view::{
    Assist, ConsentItem, FaceGuide, FaceMiss, FaceProblem, Language, Screen, UiEvent,
};
use myna_kiosk::wareki::Era;
use proptest::prelude::*;
use time::OffsetDateTime;

fn card(tries: u8) -> CardInfo {
    CardInfo {
        kind: CardKind::MyNumberCard,
        certificate_not_after: Some(OffsetDateTime::now_utc() + time::Duration::days(400)),
        pin: match tries {
            0 => PinStatus::Blocked,
            n => PinStatus::TriesLeft(n),
        },
    }
}

/// An iPhone token: no tries are asked of it (no VERIFY at all).
fn iphone() -> CardInfo {
    CardInfo {
        kind: CardKind::IphoneToken,
        certificate_not_after: Some(OffsetDateTime::now_utc() + time::Duration::days(400)),
        pin: PinStatus::NotReported,
    }
}

fn confirmed() -> Answer {
    Answer {
        result: Box::new(results::confirmation(
            "r",
            vec![QualificationResult::default()],
        )),
        cached_on: None,
    }
}

const UI: [UiEvent; 25] = [
    UiEvent::ChoosePin,
    UiEvent::ChooseFace,
    UiEvent::PinDigit(1),
    UiEvent::PinDigit(7),
    UiEvent::PinBackspace,
    UiEvent::PinClear,
    UiEvent::PinSubmit,
    UiEvent::ConfirmLastTry,
    UiEvent::ConsentAll,
    UiEvent::ConsentIndividually,
    UiEvent::ConsentNone,
    UiEvent::ToggleConsent(ConsentItem::HealthCheck),
    UiEvent::SubmitConsent,
    UiEvent::CallStaff,
    UiEvent::Finish,
    UiEvent::Back,
    UiEvent::SelectLanguage(Language::English),
    UiEvent::CodeEra(Era::Showa),
    UiEvent::CodeDigit(3),
    UiEvent::CodeBackspace,
    UiEvent::CodeSubmit,
    UiEvent::FaceRetry,
    UiEvent::StillHere,
    UiEvent::PinDigit(4),
    UiEvent::SetAssist(Assist {
        large_text: true,
        high_contrast: false,
        audio: true,
    }),
];

/// One step, drawn by proptest: a single event, or what a patient does in one go (a card put
/// and read, a whole PIN entry, a whole 照合番号B entry), so that sequences reach the VERIFY
/// and the gateway often. `arg` picks among the variants' values.
fn step_events(kind: u8, arg: u8) -> Vec<Event> {
    let ui = |events: &[UiEvent]| events.iter().cloned().map(Event::Ui).collect();
    // Weights: the steps of a visit come often, the rest now and then.
    const KINDS: [u8; 36] = [
        0, 0, 0, 0, 3, 3, 3, 3, 4, 4, 4, 11, 11, 5, 5, 1, 6, 7, 7, 8, 8, 9, 10, 2, 12, 12, 12, 12,
        12, 12, 13, 13, 6, 14, 14, 15,
    ];
    match KINDS[usize::from(kind) % KINDS.len()] {
        0 => vec![
            Event::CardInserted,
            Event::CardRead {
                result: if arg % 9 == 8 {
                    Err(CardProblem::Unreadable)
                } else if arg % 5 == 4 {
                    Ok(iphone())
                } else {
                    Ok(card(arg % 4))
                },
                now: OffsetDateTime::now_utc(),
            },
        ],
        1 if arg.is_multiple_of(4) => vec![Event::CardRemoved],
        2 => ui(&[UiEvent::ChoosePin]),
        3 => {
            // From the method choice or on the pad; with or without the last-try answer;
            // sometimes a digit short.
            let mut pin = match arg % 3 {
                0 => vec![],
                1 => vec![UiEvent::ChoosePin],
                _ => vec![UiEvent::ChoosePin, UiEvent::ConfirmLastTry],
            };
            pin.extend(vec![
                UiEvent::PinDigit(1);
                3 + usize::from(!arg.is_multiple_of(5))
            ]);
            pin.push(UiEvent::PinSubmit);
            ui(&pin)
        }
        4 => vec![Event::Pin(match arg % 4 {
            0 | 1 => PinOutcome::Verified,
            2 => PinOutcome::Wrong {
                tries_left: 1 + arg % 2,
            },
            _ => PinOutcome::Locked,
        })],
        5 => vec![Event::Gateway(match arg % 4 {
            0 | 1 => Ok(confirmed()),
            2 => Err(GatewayProblem::Unreachable),
            _ => Err(GatewayProblem::Busy),
        })],
        6 => vec![Event::TimedOut],
        7 => vec![Event::FaceStarted(match arg % 3 {
            0 | 1 => Ok(()),
            _ => Err(FaceProblem::WrongCode { tries_left: 2 }),
        })],
        8 => vec![Event::Face(match arg % 4 {
            0 | 1 => FaceStep::Matched,
            2 => FaceStep::Missed(FaceMiss::NotSamePerson),
            _ => FaceStep::Frame {
                guide: FaceGuide::NoFace,
                preview: None,
            },
        })],
        9 => {
            let mut code = vec![UiEvent::ChooseFace, UiEvent::CodeEra(Era::Showa)];
            code.extend(
                "36080420344817"
                    .bytes()
                    .map(|d| UiEvent::CodeDigit(d - b'0')),
            );
            code.push(UiEvent::CodeSubmit);
            ui(&code)
        }
        10 => ui(&[UiEvent::ConfirmLastTry]),
        11 => ui(&[UiEvent::ConsentAll]),
        13 => vec![Event::Phone(match arg % 7 {
            0 | 1 => PhoneStep::Confirmed,
            2 | 3 => PhoneStep::Waiting { seconds_left: 42 },
            4 => PhoneStep::Cancelled,
            5 => PhoneStep::NoAnswer,
            _ => PhoneStep::Card(CardProblem::Unreadable),
        })],
        14 => vec![Event::Renewed(match arg % 4 {
            0 | 1 => RenewOutcome::Renewed,
            2 => RenewOutcome::Failed,
            _ => RenewOutcome::Card(CardProblem::Unreadable),
        })],
        // Left alone on the consent screen, then "yes, more time".
        15 => vec![Event::TimedOut, Event::Ui(UiEvent::StillHere)],
        _ => ui(&[UI[usize::from(arg) % UI.len()].clone()]),
    }
}

/// What the worker has been asked and has answered, as far as the rules need it.
#[derive(Default)]
struct Model {
    verify_pending: bool,
    face_pending: bool,
    phone_pending: bool,
    /// The kind of the card read in this visit.
    kind: Option<CardKind>,
    authenticated: bool,
    /// A PIN entry of this visit was verified: no VERIFY may follow.
    pin_verified: bool,
    renew_pending: bool,
    confirmed_last_try: bool,
    digits_since_verify: u32,
}

fn check(events: &[(u8, u8)]) -> Result<(), TestCaseError> {
    let mut flow = Flow {
        face_attempts: Some(2),
        ..Flow::default()
    };
    let mut m = Model::default();
    for event in events
        .iter()
        .flat_map(|&(kind, arg)| step_events(kind, arg))
    {
        let screen = flow.view().screen;
        if matches!(event, Event::Ui(UiEvent::ConfirmLastTry))
            && matches!(screen, Screen::LastTryWarning { .. })
        {
            m.confirmed_last_try = true;
        }
        if matches!(event, Event::Ui(UiEvent::PinDigit(_))) {
            m.digits_since_verify += 1;
        }
        let removed = matches!(event, Event::CardRemoved);
        let pin_answer = match &event {
            Event::Pin(outcome) => Some(*outcome == PinOutcome::Verified),
            _ => None,
        };
        let face_match = matches!(event, Event::Face(FaceStep::Matched));
        // An answer from the phone counts only while the phone was asked.
        let phone_answer = match &event {
            Event::Phone(step) if m.phone_pending => Some(*step == PhoneStep::Confirmed),
            _ => None,
        };
        if let Event::CardRead {
            result: Ok(info), ..
        } = &event
            && (matches!(flow.state, State::Reading)
                || matches!(&flow.state, State::ConfirmCallStaff(inner) if matches!(**inner, State::Reading)))
        {
            m.kind = Some(info.kind);
        }
        let face_end = matches!(
            event,
            Event::Face(FaceStep::Matched | FaceStep::Missed(_) | FaceStep::Problem(_))
        );
        let pad_tries = match screen {
            Screen::PinEntry { tries_left, .. } => Some(tries_left),
            _ => None,
        };
        let renew_answer = match &event {
            Event::Renewed(outcome) if m.renew_pending => Some(*outcome),
            _ => None,
        };
        let was_pending = (m.verify_pending, m.face_pending);
        let effects = flow.step(event);
        if let (Some(verified), (true, _)) = (pin_answer, was_pending) {
            m.verify_pending = false;
            m.authenticated = verified;
            m.pin_verified |= verified;
        }
        if let Some(outcome) = renew_answer {
            m.renew_pending = false;
            if outcome != RenewOutcome::Renewed {
                prop_assert!(
                    effects.iter().any(|e| matches!(e, Effect::Forget)),
                    "a failed renewal keeps the visit: {effects:?}"
                );
                let screen = flow.view().screen;
                prop_assert!(
                    matches!(screen, Screen::Notice(_) | Screen::Idle),
                    "a failed renewal ends on {screen:?}"
                );
            }
        }
        let renews = effects.iter().any(|e| matches!(e, Effect::RenewEvidence));
        let verifies = effects
            .iter()
            .any(|e| matches!(e, Effect::VerifyPinAndSign(_)));
        prop_assert!(!(renews && verifies), "a renewal with a VERIFY");
        if face_end && was_pending.1 {
            m.face_pending = false;
            m.authenticated = face_match;
        }
        if let Some(confirmed) = phone_answer {
            m.phone_pending = false;
            m.authenticated = confirmed;
        }
        for effect in &effects {
            match effect {
                Effect::VerifyPinAndSign(_) => {
                    prop_assert!(
                        !m.pin_verified,
                        "a VERIFY after a successful one in the same visit"
                    );
                    prop_assert!(!m.renew_pending, "a VERIFY while renewing");
                    prop_assert_ne!(
                        m.kind,
                        Some(CardKind::IphoneToken),
                        "a VERIFY for an iPhone token"
                    );
                    prop_assert!(
                        !m.verify_pending,
                        "a second VERIFY before the first answered"
                    );
                    prop_assert!(pad_tries.is_some(), "VERIFY only from the PIN pad");
                    prop_assert!(
                        m.digits_since_verify >= 4,
                        "a fresh 4-digit entry each time"
                    );
                    if pad_tries == Some(Some(1)) {
                        prop_assert!(m.confirmed_last_try, "last try sent without confirmation");
                    }
                    m.verify_pending = true;
                    m.digits_since_verify = 0;
                    m.confirmed_last_try = false;
                }
                Effect::StartFace(_) | Effect::RetryFace | Effect::FaceFrame => {
                    m.face_pending = true;
                }
                Effect::ConfirmOnPhone | Effect::PollPhone => {
                    prop_assert_eq!(
                        m.kind,
                        Some(CardKind::IphoneToken),
                        "only an iPhone is asked to confirm on the phone"
                    );
                    m.phone_pending = true;
                }
                Effect::QueryGateway(_) => {
                    prop_assert!(m.authenticated, "gateway asked without authentication");
                    prop_assert!(!m.renew_pending, "gateway asked while renewing");
                }
                Effect::RenewEvidence => {
                    prop_assert!(m.authenticated, "renewal without authentication");
                    prop_assert!(!m.verify_pending, "renewal while a VERIFY is pending");
                    m.renew_pending = true;
                }
                Effect::Forget => {
                    m.authenticated = false;
                    m.pin_verified = false;
                    m.renew_pending = false;
                    m.verify_pending = false;
                    m.face_pending = false;
                    m.phone_pending = false;
                }
                _ => {}
            }
        }
        if removed {
            prop_assert_eq!(
                flow.view().screen,
                Screen::Idle,
                "card removal returns to idle"
            );
        }
        // The visit ends with the card lifted: idle with a card still on the reader only
        // after the one extra read the worker's "no card" gets.
        if matches!(flow.view().screen, Screen::Idle) && flow.card_on_reader {
            prop_assert!(flow.reread, "idle with the card still on the reader");
        }
        if matches!(flow.view().screen, Screen::Idle) {
            m = Model::default();
        }
    }
    // Idle is always reachable: taking the card away; the visit's aids end with it.
    let in_visit = flow.view().screen != Screen::Idle;
    flow.step(Event::CardRemoved);
    prop_assert_eq!(flow.view().screen, Screen::Idle);
    if in_visit {
        prop_assert_eq!(
            flow.view().assist,
            Assist::default(),
            "aids outlive the visit"
        );
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(4000))]

    #[test]
    fn the_rules_hold_for_any_sequence(events in prop::collection::vec((0u8..36, any::<u8>()), 0..40)) {
        check(&events)?;
    }
}
