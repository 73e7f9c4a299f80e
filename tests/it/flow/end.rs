//! The end of a visit: "take your card", a card left behind, a card already on the reader,
//! calling staff, the touches from card to done.

use super::*;

#[test]
fn a_result_stays_until_the_card_is_lifted_and_a_card_left_behind_is_a_staff_case() {
    let mut flow = Flow::default();
    read(&mut flow, card(PinStatus::TriesLeft(3)));
    flow.step(Event::Ui(UiEvent::ChoosePin));
    type_pin(&mut flow, "1234");
    flow.step(Event::Pin(PinOutcome::Verified));
    flow.step(Event::Ui(UiEvent::ConsentAll));
    flow.step(Event::Gateway(Ok(answer(confirmed("1", 1)))));
    assert!(matches!(flow.view().screen, Screen::Result(_)));
    assert_eq!(flow.timeout(), Some(Duration::from_secs(60)), "the default");
    // Left on the reader for the configured time: one staff case, the screen stays.
    let effects = flow.step(Event::TimedOut);
    assert_eq!(referral(&effects), Some(StaffReason::CardLeftOnReader));
    assert!(matches!(flow.view().screen, Screen::Result(_)));
    assert_eq!(referral(&flow.step(Event::TimedOut)), None, "only once");
    assert!(matches!(flow.view().screen, Screen::Result(_)));
    // Lifting the card ends the visit and clears the screen.
    assert!(matches!(
        flow.step(Event::CardRemoved)[..],
        [Effect::Forget]
    ));
    assert_eq!(flow.view().screen, Screen::Idle);
    assert_eq!(flow.timeout(), None);

    // After a notice: "take your card", its own timer from `[card] card_left_seconds`.
    let mut flow = Flow {
        card_left: Some(Duration::from_secs(15)),
        ..Flow::default()
    };
    flow.step(Event::CardInserted);
    flow.step(Event::CardRead {
        result: Ok(CardInfo {
            kind: CardKind::JukiCard,
            certificate_not_after: None,
            pin: PinStatus::NotReported,
        }),
        now: OffsetDateTime::now_utc(),
    });
    assert_eq!(flow.view().screen, Screen::Notice(Notice::JukiCard));
    flow.step(Event::Ui(UiEvent::Finish));
    assert_eq!(
        flow.view().screen,
        Screen::TakeCard {
            leave: false,
            phone: false,
            timed_out: false
        }
    );
    assert_eq!(flow.timeout(), Some(Duration::from_secs(15)));
    let effects = flow.step(Event::TimedOut);
    assert_eq!(referral(&effects), Some(StaffReason::CardLeftOnReader));
    assert_eq!(referral(&flow.step(Event::TimedOut)), None);
    flow.step(Event::CardRemoved);
    assert_eq!(flow.view().screen, Screen::Idle);
}

#[test]
fn where_staff_need_the_card_the_patient_is_told_to_leave_it() {
    for notice in [
        Notice::PinLocked,
        Notice::StaffCalled,
        Notice::FaceUnavailable,
    ] {
        assert!(notice.card_stays(), "{notice:?}");
    }
    for notice in [Notice::NeedsStaff, Notice::JukiCard, Notice::PhoneNoAnswer] {
        assert!(!notice.card_stays(), "{notice:?}");
    }
    let mut flow = Flow::default();
    read(&mut flow, card(PinStatus::Blocked));
    assert_eq!(flow.view().screen, Screen::Notice(Notice::PinLocked));
    flow.step(Event::Ui(UiEvent::Finish));
    let leave = Screen::TakeCard {
        leave: true,
        phone: false,
        timed_out: false,
    };
    assert_eq!(flow.view().screen, leave);
    // Staff are already on it: no second case, however long the card stays.
    assert_eq!(referral(&flow.step(Event::TimedOut)), None);
    assert_eq!(referral(&flow.step(Event::TimedOut)), None);
    assert_eq!(flow.view().screen, leave);
    flow.step(Event::CardRemoved);
    assert_eq!(flow.view().screen, Screen::Idle);
    // A notice left alone says the same.
    let mut flow = Flow::default();
    read(&mut flow, card(PinStatus::Blocked));
    flow.step(Event::TimedOut);
    assert_eq!(flow.view().screen, leave);
}

#[test]
fn a_card_already_on_the_reader_when_idle_returns_is_read() {
    // The worker found no card (read while it settled), but the reader says it is there.
    let mut flow = Flow::default();
    assert!(matches!(
        flow.step(Event::CardInserted)[..],
        [Effect::ReadCard]
    ));
    let effects = flow.step(Event::CardRead {
        result: Err(CardProblem::Removed),
        now: OffsetDateTime::now_utc(),
    });
    assert!(
        matches!(effects[..], [Effect::Forget, Effect::ReadCard]),
        "{effects:?}"
    );
    assert_eq!(flow.view().screen, Screen::Working);
    let effects = flow.step(Event::CardRead {
        result: Ok(card(PinStatus::TriesLeft(3))),
        now: OffsetDateTime::now_utc(),
    });
    assert!(effects.is_empty());
    assert!(matches!(flow.view().screen, Screen::PinEntry { .. }));
    // Read once more only: a second miss waits at idle (no loop).
    let mut flow = Flow::default();
    flow.step(Event::CardInserted);
    for _ in 0..2 {
        flow.step(Event::CardRead {
            result: Err(CardProblem::Removed),
            now: OffsetDateTime::now_utc(),
        });
    }
    assert_eq!(flow.view().screen, Screen::Idle);
    // With nothing on the reader, the end of a visit is idle at once.
    let mut flow = Flow {
        staff_call: true,
        ..Flow::default()
    };
    flow.step(Event::Ui(UiEvent::CallStaff));
    assert_eq!(flow.view().screen, Screen::Notice(Notice::StaffCalled));
    assert!(matches!(
        flow.step(Event::Ui(UiEvent::Finish))[..],
        [Effect::Forget, Effect::Forget]
    ));
    assert_eq!(flow.view().screen, Screen::Idle);
}

#[test]
fn calling_staff_in_the_middle_of_a_visit_asks_once() {
    let mut flow = Flow {
        staff_call: true,
        ..Flow::default()
    };
    read(&mut flow, card(PinStatus::TriesLeft(3)));
    flow.step(Event::Ui(UiEvent::ChoosePin));
    flow.step(Event::Ui(UiEvent::PinDigit(1)));
    // The first touch only asks; "back" goes on where it was.
    assert!(flow.step(Event::Ui(UiEvent::CallStaff)).is_empty());
    assert_eq!(flow.view().screen, Screen::ConfirmCallStaff);
    assert!(flow.step(Event::Ui(UiEvent::PinDigit(2))).is_empty());
    assert!(flow.step(Event::Ui(UiEvent::Back)).is_empty());
    assert_eq!(
        flow.view().screen,
        Screen::PinEntry {
            entered: 1,
            tries_left: Some(3)
        }
    );
    // Asked again and confirmed: the case, and the card stays for staff.
    flow.step(Event::Ui(UiEvent::CallStaff));
    let effects = flow.step(Event::Ui(UiEvent::CallStaff));
    assert_eq!(referral(&effects), Some(StaffReason::PatientCalled));
    assert_eq!(flow.view().screen, Screen::Notice(Notice::StaffCalled));
    // The answer of a PIN already sent still arrives underneath the question.
    let mut flow = Flow::default();
    read(&mut flow, card(PinStatus::TriesLeft(3)));
    flow.step(Event::Ui(UiEvent::ChoosePin));
    type_pin(&mut flow, "1234");
    flow.step(Event::Ui(UiEvent::CallStaff));
    flow.step(Event::Pin(PinOutcome::Verified));
    assert_eq!(flow.view().screen, Screen::ConfirmCallStaff);
    flow.step(Event::Ui(UiEvent::Back));
    assert!(matches!(flow.view().screen, Screen::Consent { .. }));
    // Left alone, the question ends the visit like any screen.
    flow.step(Event::Ui(UiEvent::CallStaff));
    assert!(matches!(flow.step(Event::TimedOut)[..], [Effect::Forget]));
    assert!(matches!(
        flow.view().screen,
        Screen::TakeCard {
            timed_out: true,
            ..
        }
    ));
    // Where no visit is in progress, or the screen offers staff as an answer: at once.
    let mut flow = Flow::default();
    assert_eq!(
        referral(&flow.step(Event::Ui(UiEvent::CallStaff))),
        Some(StaffReason::PatientCalled)
    );
    let mut flow = Flow::default();
    read(&mut flow, card(PinStatus::TriesLeft(1)));
    flow.step(Event::Ui(UiEvent::ChoosePin));
    assert!(matches!(flow.view().screen, Screen::LastTryWarning { .. }));
    assert_eq!(
        referral(&flow.step(Event::Ui(UiEvent::CallStaff))),
        Some(StaffReason::PatientCalled)
    );
}

/// Touches from the card on the reader to "done" on the PIN path (issue 18 asks for the count):
/// the method, four digits and "enter", "agree to all". Lifting the card ends the visit; the
/// result needs no touch (before issue 18 it needed "done": 8).
#[test]
fn pin_path_takes_seven_touches_card_to_done() {
    let mut flow = Flow::default();
    read(&mut flow, card(PinStatus::TriesLeft(3)));
    let mut touches = 0;
    let mut touch = |flow: &mut Flow, ui: UiEvent| {
        touches += 1;
        flow.step(Event::Ui(ui))
    };
    touch(&mut flow, UiEvent::ChoosePin);
    for d in [1, 2, 3, 4] {
        touch(&mut flow, UiEvent::PinDigit(d));
    }
    touch(&mut flow, UiEvent::PinSubmit);
    flow.step(Event::Pin(PinOutcome::Verified));
    touch(&mut flow, UiEvent::ConsentAll);
    flow.step(Event::Gateway(Ok(answer(confirmed("1", 1)))));
    assert!(matches!(flow.view().screen, Screen::Result(_)));
    flow.step(Event::CardRemoved);
    assert_eq!(flow.view().screen, Screen::Idle);
    assert_eq!(touches, 7);
}
