//! The iPhone path of the reception flow (pure state machine): the patient confirms on the
//! phone, never on the kiosk; no PIN pad and no VERIFY; a wait, a cancel, a timeout or a card
//! problem all end cleanly. Android keeps its PIN-first path.

use crate::common::results;
use myna_kiosk::card::{CardKind, PinStatus};
use myna_kiosk::eligibility::protocol::{Consent, QualificationResult};
use myna_kiosk::reception::desk::StaffReason;
use myna_kiosk::reception::flow::{
    Answer, CardInfo, CardProblem, Effect, Event, Flow, PhoneStep, PinOutcome,
};
use myna_kiosk::reception::view::{Notice, Screen, UiEvent};
use time::OffsetDateTime;

fn token(kind: CardKind) -> CardInfo {
    CardInfo {
        kind,
        certificate_not_after: Some(OffsetDateTime::now_utc() + time::Duration::days(400)),
        pin: match kind {
            CardKind::IphoneToken => PinStatus::NotReported,
            _ => PinStatus::TriesLeft(3),
        },
    }
}

fn read(flow: &mut Flow, info: CardInfo) -> Vec<Effect> {
    assert!(matches!(
        flow.step(Event::CardInserted)[..],
        [Effect::ReadCard]
    ));
    flow.step(Event::CardRead {
        result: Ok(info),
        now: OffsetDateTime::now_utc(),
    })
}

/// An iPhone read: the phone is asked at once, the screen says so (no countdown yet).
fn asked(flow: &mut Flow) {
    let effects = read(flow, token(CardKind::IphoneToken));
    assert!(
        matches!(effects[..], [Effect::ConfirmOnPhone]),
        "{effects:?}"
    );
    assert_eq!(
        flow.view().screen,
        Screen::PhoneConfirm { seconds_left: None }
    );
}

fn no_verify(effects: &[Effect]) {
    assert!(
        !effects
            .iter()
            .any(|e| matches!(e, Effect::VerifyPinAndSign(_))),
        "{effects:?}"
    );
}

fn referral(effects: &[Effect]) -> Option<StaffReason> {
    effects.iter().find_map(|e| match e {
        Effect::ReferToStaff(reason) => Some(*reason),
        _ => None,
    })
}

fn confirmed() -> Answer {
    Answer {
        result: Box::new(results::confirmation(
            "r",
            vec![QualificationResult {
                insured_partial_contribution_ratio: "030".into(),
                ..Default::default()
            }],
        )),
        cached_on: None,
    }
}

#[test]
fn confirmed_on_the_phone_goes_to_consent_and_the_result() {
    let mut flow = Flow::default();
    asked(&mut flow);
    // Each "not yet" moves the countdown and asks again.
    for seconds_left in [60, 59, 58] {
        let effects = flow.step(Event::Phone(PhoneStep::Waiting { seconds_left }));
        assert!(matches!(effects[..], [Effect::PollPhone]), "{effects:?}");
        assert_eq!(
            flow.view().screen,
            Screen::PhoneConfirm {
                seconds_left: Some(seconds_left)
            }
        );
    }
    let effects = flow.step(Event::Phone(PhoneStep::Confirmed));
    assert!(effects.is_empty(), "{effects:?}");
    assert!(matches!(flow.view().screen, Screen::Consent { .. }));
    let effects = flow.step(Event::Ui(UiEvent::ConsentAll));
    assert!(matches!(effects[..], [Effect::QueryGateway(c)] if c == Consent::ALL));
    flow.step(Event::Gateway(Ok(confirmed())));
    assert!(matches!(flow.view().screen, Screen::Result(_)));
}

#[test]
fn pin_touches_on_the_phone_screen_change_nothing() {
    let mut flow = Flow::default();
    asked(&mut flow);
    for ui in [
        UiEvent::ChoosePin,
        UiEvent::PinDigit(1),
        UiEvent::PinDigit(2),
        UiEvent::PinDigit(3),
        UiEvent::PinDigit(4),
        UiEvent::PinSubmit,
        UiEvent::ConfirmLastTry,
        UiEvent::ChooseFace,
        UiEvent::ConsentAll,
    ] {
        let effects = flow.step(Event::Ui(ui));
        assert!(effects.is_empty(), "{effects:?}");
    }
    // A stray PIN answer (none was asked) changes nothing either.
    assert!(flow.step(Event::Pin(PinOutcome::Verified)).is_empty());
    assert_eq!(
        flow.view().screen,
        Screen::PhoneConfirm { seconds_left: None }
    );
}

#[test]
fn cancelled_on_the_phone_is_a_notice_without_staff_and_forgets_the_card() {
    let mut flow = Flow::default();
    asked(&mut flow);
    flow.step(Event::Phone(PhoneStep::Waiting { seconds_left: 50 }));
    let effects = flow.step(Event::Phone(PhoneStep::Cancelled));
    assert!(matches!(effects[..], [Effect::Forget]), "{effects:?}");
    assert_eq!(flow.view().screen, Screen::Notice(Notice::PhoneCancelled));
    assert!(!Notice::PhoneCancelled.see_staff());
    flow.step(Event::Ui(UiEvent::Finish));
    // The phone goes with its holder: "take your phone", and lifting it ends the visit.
    assert_eq!(
        flow.view().screen,
        Screen::TakeCard {
            leave: false,
            phone: true,
            timed_out: false
        }
    );
    flow.step(Event::CardRemoved);
    assert_eq!(flow.view().screen, Screen::Idle);
}

#[test]
fn no_answer_in_time_goes_to_staff() {
    let mut flow = Flow::default();
    asked(&mut flow);
    let effects = flow.step(Event::Phone(PhoneStep::NoAnswer));
    assert!(matches!(effects[0], Effect::Forget), "{effects:?}");
    assert_eq!(referral(&effects), Some(StaffReason::PhoneNotConfirmed));
    assert_eq!(flow.view().screen, Screen::Notice(Notice::PhoneNoAnswer));
    assert!(Notice::PhoneNoAnswer.see_staff());
}

#[test]
fn an_unknown_answer_or_a_removed_phone_ends_cleanly() {
    let mut flow = Flow::default();
    asked(&mut flow);
    let effects = flow.step(Event::Phone(PhoneStep::Card(CardProblem::Unreadable)));
    assert!(matches!(effects[0], Effect::Forget), "{effects:?}");
    assert_eq!(referral(&effects), Some(StaffReason::CardUnreadable));
    assert_eq!(flow.view().screen, Screen::Notice(Notice::CardProblem));

    let mut flow = Flow::default();
    asked(&mut flow);
    // The worker lost the phone but the reader still has it: read once more, no lift needed.
    let effects = flow.step(Event::Phone(PhoneStep::Card(CardProblem::Removed)));
    assert!(
        matches!(effects[..], [Effect::Forget, Effect::ReadCard]),
        "{effects:?}"
    );
    assert_eq!(flow.view().screen, Screen::Working);
    flow.step(Event::CardRemoved);
    assert_eq!(flow.view().screen, Screen::Idle);

    let mut flow = Flow::default();
    asked(&mut flow);
    flow.step(Event::Phone(PhoneStep::Waiting { seconds_left: 30 }));
    assert!(matches!(
        flow.step(Event::CardRemoved)[..],
        [Effect::Forget]
    ));
    assert_eq!(flow.view().screen, Screen::Idle);

    let mut flow = Flow::default();
    asked(&mut flow);
    let effects = flow.step(Event::Phone(PhoneStep::GatewayUnreachable));
    assert_eq!(referral(&effects), Some(StaffReason::OfflineNoCache));
}

#[test]
fn cancel_or_staff_on_the_kiosk_while_waiting() {
    let mut flow = Flow::default();
    asked(&mut flow);
    flow.step(Event::Phone(PhoneStep::Waiting { seconds_left: 40 }));
    let effects = flow.step(Event::Ui(UiEvent::Back));
    assert!(matches!(effects[..], [Effect::Forget]), "{effects:?}");
    let take_phone = Screen::TakeCard {
        leave: false,
        phone: true,
        timed_out: false,
    };
    assert_eq!(flow.view().screen, take_phone);
    // The phone's late answer finds the visit over: nothing happens.
    assert!(flow.step(Event::Phone(PhoneStep::Confirmed)).is_empty());
    assert_eq!(flow.view().screen, take_phone);

    // "Call staff" while the phone is asked: asked once, the phone's answers still arrive.
    let mut flow = Flow::default();
    asked(&mut flow);
    assert!(flow.step(Event::Ui(UiEvent::CallStaff)).is_empty());
    assert_eq!(flow.view().screen, Screen::ConfirmCallStaff);
    let effects = flow.step(Event::Phone(PhoneStep::Waiting { seconds_left: 20 }));
    assert!(matches!(effects[..], [Effect::PollPhone]), "{effects:?}");
    assert_eq!(flow.view().screen, Screen::ConfirmCallStaff);
    let effects = flow.step(Event::Ui(UiEvent::CallStaff));
    assert_eq!(referral(&effects), Some(StaffReason::PatientCalled));

    // A worker that stopped reporting: the screen's own timeout ends the visit.
    let mut flow = Flow::default();
    asked(&mut flow);
    assert!(flow.timeout().is_some());
    let effects = flow.step(Event::TimedOut);
    assert!(matches!(effects[..], [Effect::Forget]), "{effects:?}");
    assert_eq!(
        flow.view().screen,
        Screen::TakeCard {
            leave: false,
            phone: true,
            timed_out: true
        }
    );
}

#[test]
fn an_expired_certificate_is_refused_before_the_phone_is_asked() {
    let mut flow = Flow::default();
    let mut info = token(CardKind::IphoneToken);
    info.certificate_not_after = Some(OffsetDateTime::now_utc() - time::Duration::days(400));
    let effects = read(&mut flow, info);
    no_verify(&effects);
    assert!(
        !effects.iter().any(|e| matches!(e, Effect::ConfirmOnPhone)),
        "{effects:?}"
    );
    assert_eq!(referral(&effects), Some(StaffReason::CertificateExpired));
}

#[test]
fn android_keeps_the_pin_first_path() {
    let mut flow = Flow::default();
    let effects = read(&mut flow, token(CardKind::AndroidToken));
    assert!(effects.is_empty(), "{effects:?}");
    assert!(matches!(flow.view().screen, Screen::PinEntry { .. }));
    for d in [1, 2, 3, 4] {
        flow.step(Event::Ui(UiEvent::PinDigit(d)));
    }
    let effects = flow.step(Event::Ui(UiEvent::PinSubmit));
    assert!(
        matches!(effects[..], [Effect::VerifyPinAndSign(_)]),
        "{effects:?}"
    );
}
