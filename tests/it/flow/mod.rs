//! The reception flow as a pure state machine: paths, PIN rules, and properties over random
//! event sequences.

mod consent;
mod end;

use crate::common::results;
use myna_kiosk::card::{CardKind, PinStatus};
use myna_kiosk::eligibility::protocol::{ConfirmationResult, Consent, ErrorCode, Warning};
use myna_kiosk::reception::desk::StaffReason;
use myna_kiosk::reception::flow::{
    Answer, CardInfo, CardProblem, Effect, Event, Flow, GatewayProblem, PinOutcome, RenewOutcome,
};
use myna_kiosk::reception::view::{
    Assist, ConsentItem, Language, Notice, ResultWarning, Screen, UiEvent,
};
use std::time::Duration;

use time::OffsetDateTime;

fn card(pin: PinStatus) -> CardInfo {
    CardInfo {
        kind: CardKind::MyNumberCard,
        certificate_not_after: Some(OffsetDateTime::now_utc() + time::Duration::days(400)),
        pin,
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

fn type_pin(flow: &mut Flow, pin: &str) -> Vec<Effect> {
    for d in pin.bytes() {
        assert!(flow.step(Event::Ui(UiEvent::PinDigit(d - b'0'))).is_empty());
    }
    flow.step(Event::Ui(UiEvent::PinSubmit))
}

/// The staff case among `effects` (exactly one, with the visit forgotten), if any.
fn referral(effects: &[Effect]) -> Option<StaffReason> {
    let reasons: Vec<_> = effects
        .iter()
        .filter_map(|e| match e {
            Effect::ReferToStaff(reason) => Some(*reason),
            _ => None,
        })
        .collect();
    assert!(reasons.len() <= 1, "{effects:?}");
    if !reasons.is_empty() {
        assert!(matches!(effects[0], Effect::Forget), "{effects:?}");
    }
    reasons.first().copied()
}

fn answer(result: Box<ConfirmationResult>) -> Answer {
    Answer {
        result,
        cached_on: None,
    }
}

fn confirmed(validity: &str, n: usize) -> Box<ConfirmationResult> {
    Box::new(ConfirmationResult {
        qualification_validity: validity.into(),
        warnings: vec![Warning {
            code: "certificate_expiring".into(),
            message: "expires soon".into(),
        }],
        ..results::confirmation("r", vec![results::hanako(); n])
    })
}

#[test]
fn the_method_screen_shows_only_when_there_is_a_choice() {
    let at = |face: Option<u32>, pin: PinStatus| {
        let mut flow = Flow {
            face_attempts: face,
            ..Flow::default()
        };
        read(&mut flow, card(pin));
        flow.view().screen
    };
    // PIN and face: the patient chooses.
    assert!(matches!(
        at(Some(3), PinStatus::TriesLeft(3)),
        Screen::MethodChoice {
            pin_available: true,
            face_available: true,
            ..
        }
    ));
    // Only the PIN: the pad (or the last-try warning) at once.
    assert!(matches!(
        at(None, PinStatus::TriesLeft(3)),
        Screen::PinEntry { entered: 0, .. }
    ));
    assert!(matches!(
        at(None, PinStatus::TriesLeft(1)),
        Screen::LastTryWarning { .. }
    ));
    // Only face (PIN locked or never set): the card's numbers at once.
    assert!(matches!(
        at(Some(3), PinStatus::Blocked),
        Screen::FaceCode { .. }
    ));
}

#[test]
fn pin_path_to_result() {
    let mut flow = Flow::default();
    flow.step(Event::Ui(UiEvent::SelectLanguage(Language::English)));
    assert!(read(&mut flow, card(PinStatus::TriesLeft(3))).is_empty());
    // No camera: the PIN is the only way, so no method screen to touch.
    assert_eq!(
        flow.view().screen,
        Screen::PinEntry {
            entered: 0,
            tries_left: Some(3)
        }
    );
    let effects = type_pin(&mut flow, "1234");
    assert!(matches!(effects[..], [Effect::VerifyPinAndSign(_)]));
    assert_eq!(flow.view().screen, Screen::Working);
    flow.step(Event::Pin(PinOutcome::Verified));
    assert!(matches!(
        flow.view().screen,
        Screen::Consent {
            individually: false,
            ..
        }
    ));
    let effects = flow.step(Event::Ui(UiEvent::ConsentAll));
    assert!(matches!(effects[..], [Effect::QueryGateway(c)] if c == Consent::ALL));
    flow.step(Event::Gateway(Ok(answer(confirmed("1", 1)))));
    let Screen::Result(result) = flow.view().screen else {
        panic!("{:?}", flow.view())
    };
    assert!(matches!(
        result.warnings[..],
        [ResultWarning::CertificateExpiring { .. }]
    ));
    assert!(!result.phone);
    assert_eq!(flow.view().language, Language::English);
    // "Done" stays until the card is lifted: no touch ends it.
    assert!(flow.step(Event::Ui(UiEvent::Finish)).is_empty());
    assert!(matches!(flow.view().screen, Screen::Result(_)));
    flow.step(Event::CardRemoved);
    assert_eq!(flow.view().screen, Screen::Idle);
    assert_eq!(
        flow.view().language,
        Language::Japanese,
        "language resets after the visit"
    );
}

#[test]
fn aids_last_the_visit_change_nothing_else_and_reset_after_it() {
    let mut flow = Flow::default();
    let aids = Assist {
        large_text: true,
        high_contrast: true,
        audio: false,
    };
    assert!(flow.step(Event::Ui(UiEvent::SetAssist(aids))).is_empty());
    read(&mut flow, card(PinStatus::TriesLeft(3)));
    flow.step(Event::Ui(UiEvent::ChoosePin));
    type_pin(&mut flow, "12");
    // Audio turned on mid-entry (the + key): the screen and the digits typed stay.
    let spoken = Assist {
        audio: true,
        ..aids
    };
    assert!(flow.step(Event::Ui(UiEvent::SetAssist(spoken))).is_empty());
    assert_eq!(
        flow.view().screen,
        Screen::PinEntry {
            entered: 2,
            tries_left: Some(3)
        }
    );
    assert_eq!(flow.view().assist, spoken);
    type_pin(&mut flow, "34");
    flow.step(Event::Pin(PinOutcome::Verified));
    flow.step(Event::Ui(UiEvent::ConsentAll));
    flow.step(Event::Gateway(Ok(answer(confirmed("1", 1)))));
    assert!(matches!(flow.view().screen, Screen::Result(_)));
    assert_eq!(flow.view().assist, spoken);
    flow.step(Event::CardRemoved);
    assert_eq!(
        flow.view().assist,
        Assist::default(),
        "aids reset after the visit"
    );
    // Card removal ends a visit too.
    flow.step(Event::Ui(UiEvent::SetAssist(aids)));
    read(&mut flow, card(PinStatus::TriesLeft(3)));
    flow.step(Event::CardRemoved);
    assert_eq!(flow.view().assist, Assist::default());
}

#[test]
fn individual_consent() {
    let mut flow = Flow::default();
    read(&mut flow, card(PinStatus::TriesLeft(3)));
    flow.step(Event::Ui(UiEvent::ChoosePin));
    type_pin(&mut flow, "1234");
    flow.step(Event::Pin(PinOutcome::Verified));
    flow.step(Event::Ui(UiEvent::ConsentIndividually));
    assert!(
        flow.step(Event::Ui(UiEvent::ToggleConsent(ConsentItem::Surgery)))
            .is_empty()
    );
    flow.step(Event::Ui(UiEvent::ToggleConsent(ConsentItem::HealthCheck)));
    let effects = flow.step(Event::Ui(UiEvent::SubmitConsent));
    let expected = Consent {
        surgery: true,
        health_check: true,
        ..Consent::default()
    };
    assert!(matches!(effects[..], [Effect::QueryGateway(c)] if c == expected));
}

#[test]
fn wrong_pin_shows_tries_and_goes_back_to_the_pad_without_retrying() {
    let mut flow = Flow::default();
    read(&mut flow, card(PinStatus::TriesLeft(3)));
    flow.step(Event::Ui(UiEvent::ChoosePin));
    type_pin(&mut flow, "0000");
    assert!(
        flow.step(Event::Pin(PinOutcome::Wrong { tries_left: 2 }))
            .is_empty()
    );
    assert_eq!(
        flow.view().screen,
        Screen::Notice(Notice::WrongPin { tries_left: 2 })
    );
    flow.step(Event::Ui(UiEvent::Finish));
    assert_eq!(
        flow.view().screen,
        Screen::PinEntry {
            entered: 0,
            tries_left: Some(2)
        }
    );
    type_pin(&mut flow, "0000");
    flow.step(Event::Pin(PinOutcome::Wrong { tries_left: 1 }));
    flow.step(Event::Ui(UiEvent::Finish));
    assert_eq!(
        flow.view().screen,
        Screen::LastTryWarning {
            face_available: false
        }
    );
}

#[test]
fn last_try_needs_explicit_confirmation() {
    let mut flow = Flow::default();
    read(&mut flow, card(PinStatus::TriesLeft(1)));
    flow.step(Event::Ui(UiEvent::ChoosePin));
    assert_eq!(
        flow.view().screen,
        Screen::LastTryWarning {
            face_available: false
        }
    );
    flow.step(Event::Ui(UiEvent::ConfirmLastTry));
    assert!(matches!(
        type_pin(&mut flow, "1234")[..],
        [Effect::VerifyPinAndSign(_)]
    ));
}

#[test]
fn locked_no_pin_unknown_and_expired_cards_go_to_staff() {
    let cases = [
        (
            card(PinStatus::Blocked),
            Notice::PinLocked,
            StaffReason::PinLocked,
        ),
        (
            CardInfo {
                kind: CardKind::Unknown,
                ..card(PinStatus::TriesLeft(3))
            },
            Notice::NotMyNumberCard,
            StaffReason::UnknownCard,
        ),
        (
            // Past any grace: the longest is 3 months after the end of the month of expiry.
            CardInfo {
                certificate_not_after: Some(OffsetDateTime::now_utc() - time::Duration::days(125)),
                ..card(PinStatus::TriesLeft(3))
            },
            Notice::CertificateExpired,
            StaffReason::CertificateExpired,
        ),
        (
            // Smartphones have no grace at all.
            CardInfo {
                kind: CardKind::AndroidToken,
                certificate_not_after: Some(OffsetDateTime::now_utc() - time::Duration::days(1)),
                ..card(PinStatus::TriesLeft(3))
            },
            Notice::CertificateExpired,
            StaffReason::CertificateExpired,
        ),
        (
            // A 住基カード, whatever its PIN and certificate: refused before any PIN.
            CardInfo {
                kind: CardKind::JukiCard,
                ..card(PinStatus::TriesLeft(3))
            },
            Notice::JukiCard,
            StaffReason::JukiCard,
        ),
    ];
    for (info, expected, reason) in cases {
        let mut flow = Flow::default();
        let effects = read(&mut flow, info);
        assert_eq!(flow.view().screen, Screen::Notice(expected));
        assert!(expected.see_staff());
        assert_eq!(referral(&effects), Some(reason));
    }
    // Expired 30 days ago: inside the grace, the visit goes on.
    let mut flow = Flow::default();
    read(
        &mut flow,
        CardInfo {
            certificate_not_after: Some(OffsetDateTime::now_utc() - time::Duration::days(30)),
            ..card(PinStatus::TriesLeft(3))
        },
    );
    assert!(matches!(flow.view().screen, Screen::PinEntry { .. }));
    // … to eligibility only: no consent screen, no viewing consent sent.
    type_pin(&mut flow, "1234");
    let effects = flow.step(Event::Pin(PinOutcome::Verified));
    assert!(
        matches!(effects[..], [Effect::QueryGateway(c)] if c == Consent::default()),
        "{effects:?}"
    );
    assert_eq!(flow.view().screen, Screen::Working);
    // The next visit, with a valid card, gets its consent screen again.
    flow.step(Event::CardRemoved);
    read(&mut flow, card(PinStatus::TriesLeft(3)));
    flow.step(Event::Ui(UiEvent::ChoosePin));
    type_pin(&mut flow, "1234");
    assert!(flow.step(Event::Pin(PinOutcome::Verified)).is_empty());
    assert!(matches!(flow.view().screen, Screen::Consent { .. }));
}

#[test]
fn gateway_outcomes() {
    use StaffReason as R;
    let cases: [(Result<Answer, GatewayProblem>, Notice, Option<StaffReason>); 12] = [
        (Ok(answer(confirmed("1", 1))), Notice::NeedsStaff, None),
        (
            Ok(answer(confirmed("2", 1))),
            Notice::NeedsStaff,
            Some(R::Qualification(2)),
        ),
        (
            Ok(answer(confirmed("3", 1))),
            Notice::NeedsStaff,
            Some(R::Qualification(3)),
        ),
        (
            Ok(answer(confirmed("6", 1))),
            Notice::NeedsStaff,
            Some(R::Qualification(6)),
        ),
        (
            Ok(answer(confirmed("1", 2))),
            Notice::NeedsStaff,
            Some(R::SeveralResults),
        ),
        (
            Ok(answer(confirmed("4", 0))),
            Notice::NeedsStaff,
            Some(R::Qualification(4)),
        ),
        (
            Ok(answer(confirmed("1", 0))),
            Notice::NeedsStaff,
            Some(R::NoResult),
        ),
        (
            Err(GatewayProblem::Unreachable),
            Notice::GatewayUnreachable,
            Some(R::OfflineNoCache),
        ),
        // Over the kiosk's rate, with nothing cached: the same for the patient.
        (
            Err(GatewayProblem::Busy),
            Notice::GatewayUnreachable,
            Some(R::OfflineNoCache),
        ),
        (
            Err(GatewayProblem::Refused(ErrorCode::CertificateRevoked)),
            Notice::Refused,
            Some(R::GatewayRefused(ErrorCode::CertificateRevoked)),
        ),
        (
            Err(GatewayProblem::Refused(ErrorCode::CertificateExpired)),
            Notice::CertificateExpired,
            Some(R::CertificateExpired),
        ),
        // Offline, the card did not prove itself: no cached answer, "could not be used".
        (
            Err(GatewayProblem::CardCheckFailed),
            Notice::Refused,
            Some(R::OfflineCardCheckFailed),
        ),
    ];
    for (answer, expected, reason) in cases {
        let mut flow = Flow::default();
        read(&mut flow, card(PinStatus::TriesLeft(3)));
        flow.step(Event::Ui(UiEvent::ChoosePin));
        type_pin(&mut flow, "1234");
        flow.step(Event::Pin(PinOutcome::Verified));
        flow.step(Event::Ui(UiEvent::ConsentAll));
        let effects = flow.step(Event::Gateway(answer));
        assert_eq!(referral(&effects), reason);
        if reason.is_some() {
            assert_eq!(flow.view().screen, Screen::Notice(expected));
        } else {
            assert!(matches!(flow.view().screen, Screen::Result(_)));
        }
    }
}

#[test]
fn locked_pin_at_verify_unreadable_card_face_and_call_staff_are_referred() {
    let mut flow = Flow::default();
    read(&mut flow, card(PinStatus::TriesLeft(3)));
    flow.step(Event::Ui(UiEvent::ChoosePin));
    type_pin(&mut flow, "1234");
    let effects = flow.step(Event::Pin(PinOutcome::Locked));
    assert_eq!(referral(&effects), Some(StaffReason::PinLocked));
    let mut flow = Flow::default();
    read(&mut flow, card(PinStatus::TriesLeft(3)));
    flow.step(Event::Ui(UiEvent::ChoosePin));
    type_pin(&mut flow, "1234");
    let effects = flow.step(Event::Pin(PinOutcome::GatewayUnreachable));
    assert_eq!(referral(&effects), Some(StaffReason::OfflineNoCache));
    let mut flow = Flow::default();
    flow.step(Event::CardInserted);
    let effects = flow.step(Event::CardRead {
        result: Err(CardProblem::Unreadable),
        now: OffsetDateTime::now_utc(),
    });
    assert_eq!(referral(&effects), Some(StaffReason::CardUnreadable));
    let mut flow = Flow::default();
    read(&mut flow, card(PinStatus::TriesLeft(3)));
    // Back from the pad to the method screen, where face is shown disabled.
    flow.step(Event::Ui(UiEvent::Back));
    assert!(matches!(flow.view().screen, Screen::MethodChoice { .. }));
    let effects = flow.step(Event::Ui(UiEvent::ChooseFace));
    assert_eq!(referral(&effects), Some(StaffReason::FaceUnavailable));
    // "Call staff" works from every screen, idle included. Only a configured call mechanism
    // lets the screen say that staff were called.
    let mut flow = Flow {
        staff_call: true,
        ..Flow::default()
    };
    let effects = flow.step(Event::Ui(UiEvent::CallStaff));
    assert_eq!(referral(&effects), Some(StaffReason::PatientCalled));
    assert_eq!(flow.view().screen, Screen::Notice(Notice::StaffCalled));
    // A wrong PIN and a timeout are not cases for staff.
    let mut flow = Flow::default();
    read(&mut flow, card(PinStatus::TriesLeft(3)));
    flow.step(Event::Ui(UiEvent::ChoosePin));
    type_pin(&mut flow, "1234");
    let effects = flow.step(Event::Pin(PinOutcome::Wrong { tries_left: 2 }));
    assert_eq!(referral(&effects), None);
    assert_eq!(referral(&flow.step(Event::TimedOut)), None);
}

#[test]
fn unreadable_card_and_timeouts() {
    let mut flow = Flow::default();
    flow.step(Event::CardInserted);
    flow.step(Event::CardRead {
        result: Err(CardProblem::Unreadable),
        now: OffsetDateTime::now_utc(),
    });
    assert_eq!(flow.view().screen, Screen::Notice(Notice::CardProblem));
    let mut flow = Flow::default();
    read(&mut flow, card(PinStatus::TriesLeft(3)));
    assert!(flow.timeout().is_some());
    // Left alone: first "more time?", then the visit ends.
    flow.step(Event::TimedOut);
    assert_eq!(
        flow.view().screen,
        Screen::MoreTime {
            seconds: 20,
            cleared: false,
        }
    );
    flow.step(Event::TimedOut);
    assert_eq!(
        flow.view().screen,
        Screen::TakeCard {
            leave: false,
            phone: false,
            timed_out: true
        }
    );
    flow.step(Event::Ui(UiEvent::Finish));
    assert!(matches!(flow.view().screen, Screen::TakeCard { .. }));
    flow.step(Event::CardRemoved);
    assert_eq!(flow.view().screen, Screen::Idle);
    assert_eq!(
        flow.timeout(),
        None,
        "idle waits for a card without a timer"
    );
}
