//! Consent: "more time" and the renewed signature, "none" in one touch, the staff call
//! without a call mechanism.

use super::*;

#[test]
fn more_time_goes_back_with_nothing_typed_kept() {
    let mut flow = Flow::default();
    read(&mut flow, card(PinStatus::TriesLeft(1)));
    flow.step(Event::Ui(UiEvent::ChoosePin));
    flow.step(Event::Ui(UiEvent::ConfirmLastTry));
    for d in [1, 2] {
        flow.step(Event::Ui(UiEvent::PinDigit(d)));
    }
    assert!(flow.step(Event::TimedOut).is_empty());
    assert!(matches!(flow.view().screen, Screen::MoreTime { .. }));
    // Other touches do nothing here; "continue" goes back to the pad, empty.
    assert!(flow.step(Event::Ui(UiEvent::PinDigit(3))).is_empty());
    assert!(flow.step(Event::Ui(UiEvent::StillHere)).is_empty());
    assert_eq!(
        flow.view().screen,
        Screen::PinEntry {
            entered: 0,
            tries_left: Some(1)
        }
    );
    // The last try must be confirmed again before the PIN goes out.
    type_pin(&mut flow, "1234");
    assert!(matches!(flow.view().screen, Screen::LastTryWarning { .. }));
}

/// Consent at the end of the PIN path: a flow on the consent screen, nothing chosen.
fn at_consent() -> Flow {
    let mut flow = Flow::default();
    read(&mut flow, card(PinStatus::TriesLeft(3)));
    flow.step(Event::Ui(UiEvent::ChoosePin));
    type_pin(&mut flow, "1234");
    flow.step(Event::Pin(PinOutcome::Verified));
    flow
}

#[test]
fn consent_none_is_one_touch_and_sends_no_consent() {
    let mut flow = at_consent();
    assert_eq!(
        flow.view().screen,
        Screen::Consent {
            individually: false,
            selection: Consent::default()
        },
        "nothing preselected"
    );
    let effects = flow.step(Event::Ui(UiEvent::ConsentNone));
    assert!(matches!(effects[..], [Effect::QueryGateway(c)] if c == Consent::default()));
    assert_eq!(flow.view().screen, Screen::Working);
}

#[test]
fn consent_left_alone_asks_for_more_time_and_renews_the_signature() {
    let mut flow = at_consent();
    flow.step(Event::Ui(UiEvent::ConsentIndividually));
    flow.step(Event::Ui(UiEvent::ToggleConsent(ConsentItem::Surgery)));
    // Left alone: "more time?", not the end of the visit.
    assert!(flow.step(Event::TimedOut).is_empty());
    assert_eq!(
        flow.view().screen,
        Screen::MoreTime {
            seconds: 20,
            cleared: false,
        }
    );
    // "Continue": the challenge is signed again (no PIN), then the first screen, nothing kept.
    let effects = flow.step(Event::Ui(UiEvent::StillHere));
    assert!(
        matches!(effects[..], [Effect::RenewEvidence]),
        "{effects:?}"
    );
    assert_eq!(flow.view().screen, Screen::Working);
    assert!(flow.step(Event::Ui(UiEvent::ConsentAll)).is_empty());
    assert!(flow.step(Event::Renewed(RenewOutcome::Renewed)).is_empty());
    assert_eq!(
        flow.view().screen,
        Screen::Consent {
            individually: false,
            selection: Consent::default()
        }
    );
    let effects = flow.step(Event::Ui(UiEvent::ConsentAll));
    assert!(matches!(effects[..], [Effect::QueryGateway(c)] if c == Consent::ALL));
    // Asked and left again: the visit ends after the prompt's own wait.
    let mut flow = at_consent();
    flow.step(Event::TimedOut);
    let effects = flow.step(Event::TimedOut);
    assert!(matches!(effects[..], [Effect::Forget]));
    assert!(matches!(
        flow.view().screen,
        Screen::TakeCard {
            timed_out: true,
            ..
        }
    ));
}

#[test]
fn a_failed_renewal_ends_the_visit_cleanly_and_never_asks_for_the_pin() {
    for (outcome, screen) in [
        (RenewOutcome::Failed, Screen::Notice(Notice::TimedOut)),
        (
            RenewOutcome::Card(CardProblem::Unreadable),
            Screen::Notice(Notice::TimedOut),
        ),
        // The reader still says a card is there: it is read once more, from the start.
        (RenewOutcome::Card(CardProblem::Removed), Screen::Working),
    ] {
        let mut flow = at_consent();
        flow.step(Event::TimedOut);
        flow.step(Event::Ui(UiEvent::StillHere));
        let effects = flow.step(Event::Renewed(outcome));
        assert!(
            matches!(
                effects[..],
                [Effect::Forget] | [Effect::Forget, Effect::ReadCard]
            ),
            "{outcome:?}: {effects:?}"
        );
        assert!(
            !effects
                .iter()
                .any(|e| matches!(e, Effect::VerifyPinAndSign(_))),
            "{outcome:?}"
        );
        assert_eq!(flow.view().screen, screen, "{outcome:?}");
        assert_eq!(referral(&effects), None, "not a case for staff");
    }
    // A worker that stops answering: the renewal's own timer ends the visit too.
    let mut flow = at_consent();
    flow.step(Event::TimedOut);
    flow.step(Event::Ui(UiEvent::StillHere));
    assert!(flow.timeout().is_some());
    let effects = flow.step(Event::TimedOut);
    assert!(matches!(effects[..], [Effect::Forget]));
    assert!(matches!(
        flow.view().screen,
        Screen::TakeCard {
            timed_out: true,
            ..
        }
    ));
}

#[test]
fn without_a_call_mechanism_the_patient_is_sent_to_the_counter() {
    let mut flow = at_consent();
    // In the middle of a visit the call is asked once, then made.
    flow.step(Event::Ui(UiEvent::CallStaff));
    let effects = flow.step(Event::Ui(UiEvent::CallStaff));
    assert_eq!(referral(&effects), Some(StaffReason::PatientCalled));
    assert_eq!(
        flow.view().screen,
        Screen::Notice(Notice::SpeakToReception),
        "never 'staff were called' when nobody was"
    );
    // It stays until touched or the card is lifted.
    assert_eq!(flow.timeout(), None);
    assert!(flow.step(Event::TimedOut).is_empty());
    assert_eq!(flow.view().screen, Screen::Notice(Notice::SpeakToReception));
    // Nobody comes to the kiosk: the patient takes the card to the counter.
    flow.step(Event::Ui(UiEvent::Finish));
    assert!(matches!(
        flow.view().screen,
        Screen::TakeCard { leave: false, .. }
    ));
    flow.step(Event::CardRemoved);
    assert_eq!(flow.view().screen, Screen::Idle);
    let mut flow = Flow::default();
    flow.step(Event::Ui(UiEvent::CallStaff));
    flow.step(Event::CardRemoved);
    assert_eq!(flow.view().screen, Screen::Idle);
}
