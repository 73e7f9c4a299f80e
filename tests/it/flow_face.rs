//! The face path of the reception flow (pure state machine): 照合番号B, the attempts, and the
//! fallbacks to the PIN and to staff.

use myna_kiosk::card::{CardKind, PinStatus};
use myna_kiosk::eligibility::protocol::Consent;
use myna_kiosk::reception::code_b::CodeBEntry;
use myna_kiosk::reception::desk::StaffReason;
use myna_kiosk::reception::flow::{CardInfo, Effect, Event, FaceStep, Flow};
use myna_kiosk::reception::view::{
    FaceGuide, FaceMiss, FaceProblem, Notice, Screen, TurnSide, UiEvent,
};
use myna_kiosk::wareki::Era;
use time::OffsetDateTime;

fn card(pin: PinStatus) -> CardInfo {
    CardInfo {
        kind: CardKind::MyNumberCard,
        certificate_not_after: Some(OffsetDateTime::now_utc() + time::Duration::days(400)),
        pin,
    }
}

/// A kiosk offering `attempts` face attempts, with `pin` on the card read.
fn at_method_choice(attempts: u32, pin: PinStatus) -> Flow {
    let mut flow = Flow {
        face_attempts: Some(attempts),
        ..Flow::default()
    };
    flow.step(Event::CardInserted);
    let effects = flow.step(Event::CardRead {
        result: Ok(card(pin)),
        now: OffsetDateTime::now_utc(),
    });
    assert!(effects.is_empty(), "{effects:?}");
    flow
}

fn ui(flow: &mut Flow, event: UiEvent) -> Vec<Effect> {
    flow.step(Event::Ui(event))
}

/// Face chosen, 照合番号B typed and sent: the worker is asked to start.
fn start(flow: &mut Flow, digits: &str) -> Vec<Effect> {
    ui(flow, UiEvent::ChooseFace);
    ui(flow, UiEvent::CodeEra(Era::Showa));
    for d in digits.bytes() {
        ui(flow, UiEvent::CodeDigit(d - b'0'));
    }
    ui(flow, UiEvent::CodeSubmit)
}

const CODE: &str = "36080420344817";

fn referral(effects: &[Effect]) -> Option<StaffReason> {
    effects.iter().find_map(|e| match e {
        Effect::ReferToStaff(reason) => Some(*reason),
        _ => None,
    })
}

#[test]
fn a_card_without_a_usable_pin_is_offered_face_where_the_kiosk_has_it() {
    // Face is the only way: straight to the card's numbers, no method screen to touch.
    let flow = at_method_choice(3, PinStatus::Blocked);
    assert_eq!(
        flow.view().screen,
        Screen::FaceCode {
            entry: CodeBEntry::default(),
            problem: None,
        }
    );
    // Without face on this kiosk the same card goes to staff at once.
    let mut flow = Flow::default();
    flow.step(Event::CardInserted);
    let effects = flow.step(Event::CardRead {
        result: Ok(card(PinStatus::Blocked)),
        now: OffsetDateTime::now_utc(),
    });
    assert_eq!(referral(&effects), Some(StaffReason::PinLocked));
}

#[test]
fn the_code_is_checked_then_sent_once_and_a_wrong_one_can_be_corrected() {
    let mut flow = at_method_choice(3, PinStatus::TriesLeft(3));
    // 昭和36年2月30日 is no date: nothing goes to the card.
    assert!(start(&mut flow, "36023020344817").is_empty());
    let Screen::FaceCode { problem, entry } = flow.view().screen else {
        panic!()
    };
    assert_eq!(problem, Some(FaceProblem::BadCode));
    assert_eq!(entry.digits().len(), 14);

    let mut flow = at_method_choice(3, PinStatus::TriesLeft(3));
    let effects = start(&mut flow, CODE);
    assert!(matches!(effects[..], [Effect::StartFace(_)]), "{effects:?}");
    assert!(matches!(
        flow.view().screen,
        Screen::FaceCheck {
            guide: FaceGuide::Starting,
            attempt: 1,
            attempts: 3,
            ..
        }
    ));
    // The card refused it: back to the pad with the digits, to correct one.
    flow.step(Event::FaceStarted(Err(FaceProblem::WrongCode {
        tries_left: 2,
    })));
    let Screen::FaceCode { problem, entry } = flow.view().screen else {
        panic!()
    };
    assert_eq!(problem, Some(FaceProblem::WrongCode { tries_left: 2 }));
    assert_eq!(entry.digits(), CODE);
    ui(&mut flow, UiEvent::CodeBackspace);
    ui(&mut flow, UiEvent::CodeDigit(7));
    assert!(matches!(
        ui(&mut flow, UiEvent::CodeSubmit)[..],
        [Effect::StartFace(_)]
    ));
    // Back from the pad: the method choice again.
    let mut flow = at_method_choice(3, PinStatus::TriesLeft(3));
    ui(&mut flow, UiEvent::ChooseFace);
    ui(&mut flow, UiEvent::Back);
    assert!(matches!(flow.view().screen, Screen::MethodChoice { .. }));
}

#[test]
fn frames_guide_the_patient_and_a_match_asks_for_consent() {
    let mut flow = at_method_choice(3, PinStatus::TriesLeft(3));
    start(&mut flow, CODE);
    assert!(matches!(
        flow.step(Event::FaceStarted(Ok(())))[..],
        [Effect::FaceFrame]
    ));
    let guide = FaceGuide::TurnHead(TurnSide::Left);
    let effects = flow.step(Event::Face(FaceStep::Frame {
        guide,
        preview: None,
    }));
    assert!(matches!(effects[..], [Effect::FaceFrame]));
    assert!(matches!(flow.view().screen, Screen::FaceCheck { guide: g, .. } if g == guide));
    assert!(flow.step(Event::Face(FaceStep::Matched)).is_empty());
    assert!(matches!(flow.view().screen, Screen::Consent { .. }));
    assert!(matches!(
        ui(&mut flow, UiEvent::ConsentAll)[..],
        [Effect::QueryGateway(c)] if c == Consent::ALL
    ));
}

#[test]
fn misses_offer_another_attempt_then_the_pin_then_staff() {
    let mut flow = at_method_choice(2, PinStatus::TriesLeft(3));
    start(&mut flow, CODE);
    flow.step(Event::FaceStarted(Ok(())));
    flow.step(Event::Face(FaceStep::Missed(FaceMiss::NotSamePerson)));
    assert_eq!(
        flow.view().screen,
        Screen::FaceRetry {
            miss: FaceMiss::NotSamePerson,
            can_retry: true,
            pin_available: true,
        }
    );
    assert!(matches!(
        ui(&mut flow, UiEvent::FaceRetry)[..],
        [Effect::RetryFace]
    ));
    assert!(matches!(
        flow.view().screen,
        Screen::FaceCheck { attempt: 2, .. }
    ));
    flow.step(Event::FaceStarted(Ok(())));
    flow.step(Event::Face(FaceStep::Missed(FaceMiss::Liveness)));
    let Screen::FaceRetry { can_retry, .. } = flow.view().screen else {
        panic!()
    };
    assert!(!can_retry, "two attempts offered, two used");
    assert!(ui(&mut flow, UiEvent::FaceRetry).is_empty());
    ui(&mut flow, UiEvent::ChoosePin);
    assert!(matches!(flow.view().screen, Screen::PinEntry { .. }));

    // Without a PIN, the only way on is staff, and the case says face failed.
    let mut flow = at_method_choice(1, PinStatus::Blocked);
    start(&mut flow, CODE);
    flow.step(Event::FaceStarted(Ok(())));
    flow.step(Event::Face(FaceStep::Missed(FaceMiss::NoFace)));
    assert_eq!(
        flow.view().screen,
        Screen::FaceRetry {
            miss: FaceMiss::NoFace,
            can_retry: false,
            pin_available: false,
        }
    );
    assert!(ui(&mut flow, UiEvent::ChoosePin).is_empty());
    let effects = ui(&mut flow, UiEvent::CallStaff);
    assert_eq!(referral(&effects), Some(StaffReason::FaceFailed));
}

#[test]
fn a_camera_or_photo_problem_falls_back_to_the_pin_or_staff() {
    let mut flow = at_method_choice(3, PinStatus::TriesLeft(3));
    start(&mut flow, CODE);
    flow.step(Event::FaceStarted(Ok(())));
    assert!(
        flow.step(Event::Face(FaceStep::Problem(FaceProblem::Camera)))
            .is_empty()
    );
    assert_eq!(flow.view().screen, Screen::Notice(Notice::FaceUnavailable));
    ui(&mut flow, UiEvent::Finish);
    assert!(matches!(flow.view().screen, Screen::PinEntry { .. }));

    let mut flow = at_method_choice(3, PinStatus::Blocked);
    start(&mut flow, CODE);
    let effects = flow.step(Event::FaceStarted(Err(FaceProblem::CodeLocked)));
    assert_eq!(referral(&effects), Some(StaffReason::FaceFailed));
}

#[test]
fn a_card_taken_away_or_a_stale_frame_ends_nothing_else() {
    let mut flow = at_method_choice(3, PinStatus::TriesLeft(3));
    start(&mut flow, CODE);
    flow.step(Event::FaceStarted(Ok(())));
    let effects = flow.step(Event::CardRemoved);
    assert!(matches!(effects[..], [Effect::Forget]));
    assert_eq!(flow.view().screen, Screen::Idle);
    // A frame result arriving after that changes nothing and asks for no frame.
    assert!(flow.step(Event::Face(FaceStep::Matched)).is_empty());
    assert_eq!(flow.view().screen, Screen::Idle);
}
