//! The card-front step of the face path (issue 20): where the kiosk has a card-front reader,
//! 照合番号B is read by the camera from the card's FRONT instead of typed, then shown on the pad
//! for the patient to check (nothing goes to the card before their OK).
//!
//! Order: the card is read on the reader first (the flow already did: kind, tries, the auth
//! certificate without PIN), then lifted and shown to the camera, then put back. Reading first
//! keeps the one card check the rest of the visit rests on where it always was, and gives the
//! certificate whose serial proves that the card put back is the same one; the camera cannot
//! read the card while it lies face down on the reader. This is the ONE exception to "lifting
//! the card ends the visit": in these states a removed card does not end it, but it must come
//! back within [`CARD_BACK_WITHIN`] and be the same card (its auth certificate's serial, read
//! again without PIN, equals the one read before), otherwise the visit ends with nothing kept.
//! A card still on the reader when the code is read (the patient showed another copy, or the
//! camera sees it where it lies) skips the put-back step.
//!
//! Typing stays the fallback: "type it instead", a camera problem, or no agreed reading
//! within the reader's frame limit lead to the empty pad.

use std::time::Duration;

use super::{CardInfo, CodeBEntry, Effect, Event, State};
use crate::reception::view::{CardPreview, FrontGuide, UiEvent};

/// How long a card lifted for the camera may stay away. A minute: enough to show the card,
/// hear "put it back" and find the reader again with one hand, short enough that a card
/// walked away with does not leave a visit open for the next person.
pub const CARD_BACK_WITHIN: Duration = Duration::from_secs(60);

/// Where the visit's card is while the camera reads its front.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CardPlace {
    OnReader,
    Lifted,
    /// Put back; the worker checks that it is the same card.
    Checking,
}

/// What the worker reports after each card-front frame.
#[derive(Debug)]
pub enum FrontStep {
    /// Guidance for the patient, with the frame for the preview.
    Frame {
        guide: FrontGuide,
        preview: Option<CardPreview>,
    },
    /// The code, agreed over frames, as an entry for the patient to confirm.
    Read(CodeBEntry),
    /// No agreed reading within the reader's frame limit.
    CouldNotRead,
    /// No camera, or it stopped answering.
    Camera,
}

/// The patient chose face and the kiosk reads card fronts: lift the card and show its front.
pub(super) fn start(card: CardInfo) -> (State, Vec<Effect>) {
    (
        State::CardFront {
            card,
            guide: FrontGuide::Starting,
            preview: None,
            place: CardPlace::OnReader,
        },
        vec![Effect::StartCardFront],
    )
}

/// Whether `state` is one where the card may be off the reader (also under "call staff?").
pub(super) fn card_may_leave(state: &State) -> bool {
    match state {
        State::CardFront { .. } | State::PutCardBack { .. } => true,
        State::ConfirmCallStaff(under) => card_may_leave(under),
        _ => false,
    }
}

/// Whether `event` belongs to this step (in one of its states).
pub(super) fn handles(event: &Event) -> bool {
    matches!(
        event,
        Event::CardFront(_)
            | Event::CardBack { .. }
            | Event::CardInserted
            | Event::CardRemoved
            | Event::Ui(UiEvent::TypeInstead | UiEvent::Back)
    )
}

/// One event in [`State::CardFront`] or [`State::PutCardBack`].
pub(super) fn step(state: State, event: Event) -> (State, Vec<Effect>) {
    match (state, event) {
        (
            State::CardFront {
                card,
                guide,
                preview,
                place,
            },
            event,
        ) => front(card, guide, preview, place, event),
        (State::PutCardBack { card, entry, .. }, Event::CardInserted) => (
            State::PutCardBack {
                card,
                entry,
                checking: true,
            },
            vec![Effect::CheckCardBack],
        ),
        // Lifted again while being checked: the answer that comes says it is gone.
        (State::PutCardBack { card, entry, .. }, Event::CardRemoved) => (
            State::PutCardBack {
                card,
                entry,
                checking: false,
            },
            vec![],
        ),
        (
            State::PutCardBack {
                card,
                entry,
                checking: true,
            },
            Event::CardBack { same },
        ) => match same {
            true => code(card, entry),
            false => not_the_same_card(),
        },
        (state, _) => (state, vec![]),
    }
}

fn front(
    card: CardInfo,
    guide: FrontGuide,
    preview: Option<CardPreview>,
    place: CardPlace,
    event: Event,
) -> (State, Vec<Effect>) {
    let unchanged = |card, place| State::CardFront {
        card,
        guide,
        preview: preview.clone(),
        place,
    };
    match event {
        Event::CardFront(FrontStep::Frame { guide, preview }) => (
            State::CardFront {
                card,
                guide,
                preview,
                place,
            },
            vec![Effect::CardFrontFrame],
        ),
        Event::CardFront(FrontStep::Read(entry)) => done(card, place, entry, vec![]),
        Event::CardFront(FrontStep::CouldNotRead | FrontStep::Camera) => {
            done(card, place, CodeBEntry::default(), vec![])
        }
        Event::Ui(UiEvent::TypeInstead) => done(
            card,
            place,
            CodeBEntry::default(),
            vec![Effect::StopCardFront],
        ),
        Event::Ui(UiEvent::Back) if place == CardPlace::OnReader => {
            (State::MethodChoice(card), vec![Effect::StopCardFront])
        }
        // Lifted to show the front: expected here, the frames go on.
        Event::CardRemoved => (unchanged(card, CardPlace::Lifted), vec![]),
        Event::CardInserted => (
            unchanged(card, CardPlace::Checking),
            vec![Effect::CheckCardBack],
        ),
        Event::CardBack { same: true } if place == CardPlace::Checking => {
            (unchanged(card, CardPlace::OnReader), vec![])
        }
        Event::CardBack { same: false } if place == CardPlace::Checking => not_the_same_card(),
        _ => (unchanged(card, place), vec![]),
    }
}

/// The camera step is over with `entry` (read, or empty for typing): to the pad, once the
/// card is back on the reader (and checked).
fn done(
    card: CardInfo,
    place: CardPlace,
    entry: CodeBEntry,
    mut effects: Vec<Effect>,
) -> (State, Vec<Effect>) {
    match place {
        CardPlace::OnReader => {
            let (state, more) = code(card, entry);
            effects.extend(more);
            (state, effects)
        }
        CardPlace::Lifted | CardPlace::Checking => (
            State::PutCardBack {
                card,
                entry,
                checking: place == CardPlace::Checking,
            },
            effects,
        ),
    }
}

/// The pad with `entry`: prefilled from the card (to check and confirm) or empty (to type).
fn code(card: CardInfo, entry: CodeBEntry) -> (State, Vec<Effect>) {
    (
        State::FaceCode {
            card,
            entry,
            problem: None,
        },
        vec![],
    )
}

/// Another card came back (or none could be read): the visit ends with nothing kept; a card
/// on the reader is asked to be taken.
fn not_the_same_card() -> (State, Vec<Effect>) {
    super::take_card(false)
}

#[cfg(test)]
mod tests {
    use super::super::{CardInfo, Effect, Event, Flow, State};
    use super::*;
    use crate::card::{CardKind, PinStatus};
    use crate::reception::code_b::CodeBSource;
    use crate::reception::view::Screen;
    use crate::wareki::Era;
    use time::OffsetDateTime;

    const CODE: &[u8; 14] = b"36080420344817";

    /// A kiosk with face and a card-front reader, at the camera screen for a card with a PIN.
    fn at_camera() -> Flow {
        let mut flow = Flow {
            face_attempts: Some(3),
            card_front: true,
            ..Flow::default()
        };
        flow.step(Event::CardInserted);
        flow.step(Event::CardRead {
            result: Ok(CardInfo {
                kind: CardKind::MyNumberCard,
                certificate_not_after: Some(OffsetDateTime::now_utc() + time::Duration::days(400)),
                pin: PinStatus::TriesLeft(3),
            }),
            now: OffsetDateTime::now_utc(),
        });
        let effects = flow.step(Event::Ui(UiEvent::ChooseFace));
        assert!(
            matches!(effects[..], [Effect::StartCardFront]),
            "{effects:?}"
        );
        assert!(matches!(flow.view().screen, Screen::CardFront { .. }));
        flow
    }

    fn frame(flow: &mut Flow, guide: FrontGuide) -> Vec<Effect> {
        flow.step(Event::CardFront(FrontStep::Frame {
            guide,
            preview: None,
        }))
    }

    fn read(flow: &mut Flow) -> Vec<Effect> {
        flow.step(Event::CardFront(FrontStep::Read(
            CodeBEntry::read_from_card(Era::Showa, CODE),
        )))
    }

    fn forgets(effects: &[Effect]) -> bool {
        effects.iter().any(|e| matches!(e, Effect::Forget))
    }

    fn pad(flow: &Flow) -> (String, bool) {
        match flow.view().screen {
            Screen::FaceCode { entry, problem } => {
                assert_eq!(problem, None);
                (entry.digits().to_owned(), entry.from_card())
            }
            other => panic!("not the pad: {other:?}"),
        }
    }

    /// Lifted, read, put back and checked: the pad with the code read.
    fn read_and_put_back(flow: &mut Flow) {
        assert!(!frame(flow, FrontGuide::ShowCard).is_empty());
        assert!(flow.step(Event::CardRemoved).is_empty());
        assert!(matches!(flow.state, State::CardFront { .. }));
        assert!(matches!(
            frame(flow, FrontGuide::Reading)[..],
            [Effect::CardFrontFrame]
        ));
        assert!(read(flow).is_empty());
        assert_eq!(
            flow.view().screen,
            Screen::PutCardBack {
                seconds: CARD_BACK_WITHIN.as_secs() as u32,
                checking: false
            }
        );
        assert_eq!(flow.timeout(), Some(CARD_BACK_WITHIN));
        assert!(matches!(
            flow.step(Event::CardInserted)[..],
            [Effect::CheckCardBack]
        ));
        assert!(flow.step(Event::CardBack { same: true }).is_empty());
    }

    #[test]
    fn lifting_the_card_for_the_camera_does_not_end_the_visit() {
        let mut flow = at_camera();
        read_and_put_back(&mut flow);
        assert_eq!(pad(&flow), (String::from_utf8_lossy(CODE).into(), true));
    }

    #[test]
    fn confirming_sends_exactly_the_code_read_once() {
        let mut flow = at_camera();
        read_and_put_back(&mut flow);
        let effects = flow.step(Event::Ui(UiEvent::CodeSubmit));
        assert!(matches!(effects[..], [Effect::StartFace(_)]), "{effects:?}");
        // The code sent is the one the entry makes, and the entry is exactly the reading.
        let State::FaceStarting {
            entry: Some(entry), ..
        } = &flow.state
        else {
            panic!("not starting: {:?}", flow.state);
        };
        assert_eq!(
            (entry.era, entry.digits().as_bytes()),
            (Some(Era::Showa), &CODE[..])
        );
        assert!(entry.code_b().is_some());
    }

    #[test]
    fn nothing_reaches_the_card_before_the_ok() {
        let mut flow = at_camera();
        let mut effects = frame(&mut flow, FrontGuide::Reading);
        effects.extend(read(&mut flow));
        assert!(
            !effects.iter().any(|e| matches!(e, Effect::StartFace(_))),
            "{effects:?}"
        );
        // The card stayed on the reader: no put-back step.
        assert_eq!(pad(&flow), (String::from_utf8_lossy(CODE).into(), true));
    }

    #[test]
    fn the_patient_corrects_the_reading_on_the_pad() {
        let mut flow = at_camera();
        read(&mut flow);
        flow.step(Event::Ui(UiEvent::CodeBackspace));
        flow.step(Event::Ui(UiEvent::CodeDigit(9)));
        let (digits, from_card) = pad(&flow);
        assert_eq!(digits, "36080420344819");
        assert!(from_card);
        let effects = flow.step(Event::Ui(UiEvent::CodeSubmit));
        assert!(matches!(effects[..], [Effect::StartFace(_)]), "{effects:?}");
    }

    #[test]
    fn a_different_card_put_back_ends_the_visit_with_nothing_kept() {
        for lifted_when_read in [true, false] {
            let mut flow = at_camera();
            flow.step(Event::CardRemoved);
            if lifted_when_read {
                read(&mut flow);
            }
            flow.step(Event::CardInserted);
            let effects = flow.step(Event::CardBack { same: false });
            assert!(forgets(&effects), "{effects:?}");
            // The other card is on the reader: "please take your card", then idle.
            assert!(matches!(flow.view().screen, Screen::TakeCard { .. }));
            let effects = flow.step(Event::CardRemoved);
            assert!(forgets(&effects) || matches!(flow.state, State::Idle));
            assert!(matches!(flow.state, State::Idle));
        }
    }

    #[test]
    fn a_card_not_back_in_time_ends_the_visit_with_nothing_kept() {
        let mut flow = at_camera();
        flow.step(Event::CardRemoved);
        read(&mut flow);
        let effects = flow.step(Event::TimedOut);
        assert!(forgets(&effects), "{effects:?}");
        assert!(matches!(flow.state, State::Idle));
        // A card put back afterwards is a new visit.
        let effects = flow.step(Event::CardInserted);
        assert!(matches!(effects[..], [Effect::ReadCard]), "{effects:?}");
    }

    #[test]
    fn outside_the_camera_step_lifting_the_card_still_ends_the_visit() {
        let mut flow = at_camera();
        read(&mut flow);
        let effects = flow.step(Event::CardRemoved);
        assert!(forgets(&effects));
        assert!(matches!(flow.state, State::Idle));
    }

    #[test]
    fn type_instead_goes_to_the_empty_pad() {
        let mut flow = at_camera();
        let effects = flow.step(Event::Ui(UiEvent::TypeInstead));
        assert!(
            matches!(effects[..], [Effect::StopCardFront]),
            "{effects:?}"
        );
        assert_eq!(pad(&flow), (String::new(), false));
        // A frame still on its way changes nothing.
        assert!(frame(&mut flow, FrontGuide::Reading).is_empty());
    }

    #[test]
    fn type_instead_with_the_card_lifted_asks_for_it_back_first() {
        let mut flow = at_camera();
        flow.step(Event::CardRemoved);
        flow.step(Event::Ui(UiEvent::TypeInstead));
        assert!(matches!(flow.view().screen, Screen::PutCardBack { .. }));
        flow.step(Event::CardInserted);
        flow.step(Event::CardBack { same: true });
        assert_eq!(pad(&flow), (String::new(), false));
    }

    #[test]
    fn could_not_read_or_no_camera_goes_to_typing() {
        for step in [FrontStep::CouldNotRead, FrontStep::Camera] {
            let mut flow = at_camera();
            assert!(flow.step(Event::CardFront(step)).is_empty());
            assert_eq!(pad(&flow), (String::new(), false));
        }
    }

    #[test]
    fn card_put_back_during_the_reading_is_checked_there() {
        let mut flow = at_camera();
        flow.step(Event::CardRemoved);
        assert!(matches!(
            flow.step(Event::CardInserted)[..],
            [Effect::CheckCardBack]
        ));
        flow.step(Event::CardBack { same: true });
        // Back on the reader and proven: the reading goes straight to the pad.
        read(&mut flow);
        assert!(pad(&flow).1);
    }

    #[test]
    fn without_a_card_front_reader_face_starts_with_typing() {
        let mut flow = Flow {
            face_attempts: Some(3),
            ..Flow::default()
        };
        flow.step(Event::CardInserted);
        flow.step(Event::CardRead {
            result: Ok(CardInfo {
                kind: CardKind::MyNumberCard,
                certificate_not_after: None,
                pin: PinStatus::TriesLeft(3),
            }),
            now: OffsetDateTime::now_utc(),
        });
        assert!(flow.step(Event::Ui(UiEvent::ChooseFace)).is_empty());
        assert_eq!(pad(&flow), (String::new(), false));
    }
}
