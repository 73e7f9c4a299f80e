//! "Do you need more time?" on the consent screen (issue 18 §3): the card signed the gateway's
//! challenge right after the one VERIFY, and that challenge expires; a patient who asks for
//! more time gets a fresh challenge signed by the card that is still authenticated: no PIN
//! asked, no second VERIFY. If the card no longer signs, the visit ends cleanly.
//!
//! In memory: the worker and the flow driven by hand with the virtual card (its APDUs logged)
//! and a stand-in gateway, with a card that forgets its security status. On the real stack
//! (`kiosk_loop`: the worker loop and card monitor on myna-sim → vpcd → the private pcscd, a
//! `myna-gateway` process whose challenges live 5 s, a real store): the consent screen is left
//! alone past the challenge's life and its own 45 s (the kiosk's clock moved on, not slept), the
//! patient asks for more time, and the confirmation goes through, with exactly one VERIFY in
//! the simulator's log.

use crate::common;
use crate::common::in_memory::StandIn;
use crate::kiosk_loop;
use crate::phone_support::{signatures, verifies};

use std::collections::VecDeque;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::stack::{self, Sim};
use kiosk_loop::Kiosk;
use myna_kiosk::card::CardError;
use myna_kiosk::card::transport::{InMemoryTransport, Transport};
use myna_kiosk::clock::ManualClock;
use myna_kiosk::reception::flow::{Event, Flow};
use myna_kiosk::reception::view::{Notice, Screen, UiEvent};
use myna_kiosk::reception::worker::{CardAccess, Worker};
use myna_kiosk::sim::vpcd::log_line;
use time::OffsetDateTime;

/// SELECT of the JPKI AP (docs/domain/mynacard.md §4).
const SELECT_JPKI: [u8; 15] = [
    0x00, 0xA4, 0x04, 0x0C, 0x0A, 0xD3, 0x92, 0xF0, 0x00, 0x26, 0x01, 0x00, 0x00, 0x00, 0x01,
];

/// The `normal` profile in memory; once `forget` is set, the card loses its security status
/// (reset, the JPKI AP selected again unlogged) before the next command: a card that no
/// longer remembers the VERIFY.
struct ForgetfulCard {
    log: Arc<Mutex<Vec<String>>>,
    forget: Arc<AtomicBool>,
}

impl CardAccess for ForgetfulCard {
    fn connect(&mut self) -> Result<Box<dyn Transport>, CardError> {
        let mut card =
            myna_kiosk::sim::load_card(&common::profile("normal"), OffsetDateTime::now_utc())
                .map_err(|e| CardError::Transport(e.to_string()))?;
        let log = self.log.clone();
        let forget = self.forget.clone();
        Ok(Box::new(InMemoryTransport::new(move |apdu| {
            if forget.swap(false, Ordering::SeqCst) {
                card.reset();
                card.process(&SELECT_JPKI);
            }
            let app = card.current_application();
            let response = card.process(apdu);
            log.lock().unwrap().push(log_line(app, apdu, &response));
            Some(response)
        })))
    }
}

/// Steps the flow with `event` and runs the worker's effects until none are left (as the
/// runner does, without its timers).
fn drive(flow: &mut Flow, worker: &mut Worker<ForgetfulCard, StandIn>, event: Event) {
    let mut queue = VecDeque::from([event]);
    while let Some(event) = queue.pop_front() {
        for effect in flow.step(event) {
            queue.extend(worker.run(effect));
        }
    }
}

/// A visit on the consent screen after one PIN entry: the flow, the worker, the card's log,
/// and the switch that makes the card forget the VERIFY.
struct Visit {
    flow: Flow,
    worker: Worker<ForgetfulCard, StandIn>,
    log: Arc<Mutex<Vec<String>>>,
    forget: Arc<AtomicBool>,
}

fn at_consent() -> Visit {
    let log = Arc::new(Mutex::new(Vec::new()));
    let forget = Arc::new(AtomicBool::new(false));
    let card = ForgetfulCard {
        log: log.clone(),
        forget: forget.clone(),
    };
    let gateway = StandIn {
        challenge: b"0123456789abcdef0123456789abcdef".to_vec(),
        up: true,
    };
    let mut worker = Worker::new(card, gateway);
    let mut flow = Flow::default();
    drive(&mut flow, &mut worker, Event::CardInserted);
    drive(&mut flow, &mut worker, Event::Ui(UiEvent::ChoosePin));
    for d in [1, 2, 3, 4] {
        drive(&mut flow, &mut worker, Event::Ui(UiEvent::PinDigit(d)));
    }
    drive(&mut flow, &mut worker, Event::Ui(UiEvent::PinSubmit));
    assert!(
        matches!(flow.view().screen, Screen::Consent { .. }),
        "{:?}",
        flow.view()
    );
    Visit {
        flow,
        worker,
        log,
        forget,
    }
}

#[test]
fn more_time_at_consent_signs_again_without_a_verify() {
    let Visit {
        mut flow,
        mut worker,
        log,
        ..
    } = at_consent();
    let before = signatures(&log.lock().unwrap()).0;
    drive(&mut flow, &mut worker, Event::TimedOut);
    assert!(matches!(flow.view().screen, Screen::MoreTime { .. }));
    drive(&mut flow, &mut worker, Event::Ui(UiEvent::StillHere));
    assert!(matches!(flow.view().screen, Screen::Consent { .. }));
    drive(&mut flow, &mut worker, Event::Ui(UiEvent::ConsentAll));
    assert!(
        matches!(flow.view().screen, Screen::Result(_)),
        "{:?}",
        flow.view()
    );
    let log = log.lock().unwrap();
    assert_eq!(verifies_with_data(&log), 1, "{log:#?}");
    assert_eq!(
        signatures(&log).0,
        before + 1,
        "one more signature, over the fresh challenge"
    );
}

#[test]
fn a_card_that_forgot_the_verify_ends_the_visit_without_asking_for_the_pin() {
    let Visit {
        mut flow,
        mut worker,
        log,
        forget,
    } = at_consent();
    drive(&mut flow, &mut worker, Event::TimedOut);
    forget.store(true, Ordering::SeqCst);
    drive(&mut flow, &mut worker, Event::Ui(UiEvent::StillHere));
    assert_eq!(flow.view().screen, Screen::Notice(Notice::TimedOut));
    drive(&mut flow, &mut worker, Event::Ui(UiEvent::Finish));
    assert!(
        matches!(flow.view().screen, Screen::TakeCard { leave: false, .. }),
        "{:?}",
        flow.view().screen
    );
    drive(&mut flow, &mut worker, Event::CardRemoved);
    assert_eq!(flow.view().screen, Screen::Idle);
    let log = log.lock().unwrap();
    // The card refused to sign (6982); the kiosk sent no VERIFY after the patient's one.
    let (_, refused) = signatures(&log);
    assert_eq!(refused, 1, "{log:#?}");
    assert_eq!(verifies_with_data(&log), 1, "{log:#?}");
    let last_verify = log.iter().rposition(|l| l.contains(" 00 20 ")).unwrap();
    let first_pin = log
        .iter()
        .position(|l| l.contains(" 00 20 00 80 04 "))
        .unwrap();
    assert_eq!(
        last_verify, first_pin,
        "a VERIFY after the PIN entry: {log:#?}"
    );
}

fn verifies_with_data(log: &[String]) -> usize {
    log.iter()
        .filter(|l| l.contains(" 00 20 00 80 04 "))
        .count()
}

#[test]
fn real_stack_consent_waits_past_the_challenge_and_confirms_with_one_verify() {
    let Some(reader) = stack::reader() else {
        return;
    };
    // The gateway's challenges live 5 s (its own clock, real time); the consent screen waits
    // 45 s by the kiosk's clock before it asks. We let the challenge expire in real time, then
    // move the kiosk's clock past the screen's 45 s.
    let clock = ManualClock::running();
    let kiosk = Kiosk::start_with_gateway_and_clock(
        &reader.name,
        &["--challenge-ttl-secs", "5"],
        clock.clone(),
    );
    let sim = Sim::start("normal", &reader, &[]);
    kiosk.screen(|s| matches!(s, Screen::PinEntry { .. }));
    kiosk.type_pin("1234");
    kiosk.screen(|s| matches!(s, Screen::Consent { .. }));
    std::thread::sleep(Duration::from_secs(6));
    clock
        .pass(Duration::from_secs(45), Duration::from_secs(10))
        .unwrap();
    let asked = kiosk.next_view(Duration::from_secs(15)).map(|v| v.screen);
    assert!(matches!(asked, Some(Screen::MoreTime { .. })), "{asked:?}");
    kiosk.touch(UiEvent::StillHere);
    kiosk.screen(|s| matches!(s, Screen::Consent { .. }));
    kiosk.touch(UiEvent::ConsentAll);
    let screen = kiosk.screen(|s| matches!(s, Screen::Result(_) | Screen::Notice(_)));
    assert!(matches!(screen, Screen::Result(_)), "{screen:?}");
    let log = sim.apdu_log();
    assert_eq!(verifies_with_data(&log), 1, "{log:#?}");
    // VERIFY without data (tries left) comes before the PIN; none after it.
    let first_pin = log
        .iter()
        .position(|l| l.contains(" 00 20 00 80 04 "))
        .unwrap();
    assert_eq!(
        verifies(&log[first_pin..]),
        1,
        "a VERIFY after the PIN entry: {log:#?}"
    );
    // The gateway's challenge, the kiosk's offline one, and the fresh challenge.
    assert_eq!(signatures(&log), (3, 0), "{log:#?}");
    common::assert_no_forbidden_access(&log);
    assert_eq!(kiosk.visits_today(), 1);
}
