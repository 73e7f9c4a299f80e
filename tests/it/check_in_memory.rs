//! `check`'s driver and the worker against the virtual card in memory and a stand-in gateway
//! (the real gateway process is in end_to_end.rs): PIN rules seen from the card's APDU log, and
//! a card read again when its first read fails.

use crate::common;
use crate::common::in_memory::{Card, StandIn};

use std::sync::{Arc, Mutex};

use myna_kiosk::card::transport::Transport;
use myna_kiosk::card::{AuthPin, CardError};
use myna_kiosk::check::{self, CheckOptions, exit};
use myna_kiosk::eligibility::protocol::Consent;
use myna_kiosk::reception::flow::{CardProblem, Effect, Event};
use myna_kiosk::reception::worker::{CardAccess, Worker};

fn check(
    profile: &'static str,
    pin: &str,
    confirm_last_try: bool,
    up: bool,
) -> (check::CheckReport, Vec<String>) {
    let log = Arc::new(Mutex::new(Vec::new()));
    let card = Card {
        profile: common::profile(profile),
        log: log.clone(),
    };
    let mut worker = Worker::new(
        card,
        StandIn {
            challenge: b"0123456789abcdef0123456789abcdef".to_vec(),
            up,
        },
    );
    let options = CheckOptions {
        pin: Some(AuthPin::new(pin).unwrap()),
        consent: Consent::ALL,
        confirm_last_try,
    };
    let report = check::run(&mut worker, options);
    let log = log.lock().unwrap().clone();
    (report, log)
}

fn verifies_with_data(log: &[String]) -> usize {
    log.iter()
        .filter(|l| l.contains(" 00 20 00 80 04 "))
        .count()
}

#[test]
fn confirmed_with_the_signature_checked() {
    let (report, log) = check("normal", "1234", false, true);
    assert_eq!(
        (report.status, report.exit_code),
        ("confirmed", exit::CONFIRMED),
        "{report:?}"
    );
    assert_eq!(report.results[0].name, "1a2b3c4d00000001");
    assert_eq!(verifies_with_data(&log), 1);
    common::assert_no_forbidden_access(&log);
}

#[test]
fn wrong_pin_is_sent_once_and_not_retried() {
    let (report, log) = check("normal", "9999", false, true);
    assert_eq!(report.exit_code, exit::WRONG_PIN, "{report:?}");
    assert_eq!(verifies_with_data(&log), 1);
}

#[test]
fn locked_and_pinless_cards_send_no_pin() {
    for profile in ["pin-locked", "no-pin"] {
        let (report, log) = check(profile, "1234", true, true);
        assert_eq!(report.exit_code, exit::PIN_LOCKED, "{profile}: {report:?}");
        assert_eq!(verifies_with_data(&log), 0, "{profile}");
    }
}

#[test]
fn last_try_needs_the_confirmation() {
    let (report, log) = check("one-try-left", "1234", false, true);
    assert_eq!(report.exit_code, exit::NEEDS_STAFF, "{report:?}");
    assert_eq!(verifies_with_data(&log), 0);
    let (report, log) = check("one-try-left", "1234", true, true);
    assert_eq!(report.exit_code, exit::CONFIRMED, "{report:?}");
    assert_eq!(verifies_with_data(&log), 1);
}

#[test]
fn android_token_reads_the_certificate_after_the_pin() {
    let (report, _) = check("android-token", "1234", false, true);
    assert_eq!(report.exit_code, exit::CONFIRMED, "{report:?}");
    assert_eq!(report.results[0].name, "1a2b3c4d00000008");
}

#[test]
fn gateway_down_means_the_pin_is_never_sent() {
    let (report, log) = check("normal", "1234", false, false);
    assert_eq!(report.exit_code, exit::GATEWAY_UNREACHABLE, "{report:?}");
    assert_eq!(verifies_with_data(&log), 0);
}

#[test]
fn unknown_cards_and_expired_certificates() {
    let (report, _) = check("foreign-card", "1234", false, true);
    assert_eq!(report.exit_code, exit::CARD_PROBLEM, "{report:?}");
    let (report, log) = check("expired-long-ago", "1234", false, true);
    assert_eq!(
        (report.status, report.exit_code),
        ("refused", exit::NEEDS_STAFF),
        "{report:?}"
    );
    assert_eq!(verifies_with_data(&log), 0);
    let (report, _) = check("expired-recently", "1357", false, true);
    assert_eq!(
        report.exit_code,
        exit::CONFIRMED,
        "inside the grace: {report:?}"
    );
}

/// The `normal` card whose first `silent` connections fail with `error` (a card still settling
/// on the reader does not answer); each connection counted.
struct Settling {
    card: Card,
    silent: usize,
    error: fn() -> CardError,
    connects: usize,
}

impl CardAccess for Settling {
    fn connect(&mut self) -> Result<Box<dyn Transport>, CardError> {
        self.connects += 1;
        if self.connects <= self.silent {
            return Err((self.error)());
        }
        self.card.connect()
    }
}

fn read_settling(silent: usize, error: fn() -> CardError) -> (Option<Event>, usize, Vec<String>) {
    let log = Arc::new(Mutex::new(Vec::new()));
    let card = Settling {
        card: Card {
            profile: common::profile("normal"),
            log: log.clone(),
        },
        silent,
        error,
        connects: 0,
    };
    let mut worker = Worker::new(
        card,
        StandIn {
            challenge: Vec::new(),
            up: true,
        },
    );
    let read = worker.run(Effect::ReadCard);
    let connects = worker.card_access().connects;
    let log = log.lock().unwrap().clone();
    (read, connects, log)
}

fn unreadable(read: &Option<Event>) -> bool {
    matches!(
        read,
        Some(Event::CardRead {
            result: Err(CardProblem::Unreadable),
            ..
        })
    )
}

#[test]
fn a_card_that_does_not_answer_its_first_read_is_read_again_once() {
    let silent = || CardError::CardNotResponding;
    let (read, connects, log) = read_settling(1, silent);
    assert!(
        matches!(read, Some(Event::CardRead { result: Ok(_), .. })),
        "{read:?}"
    );
    assert_eq!(connects, 2);
    assert!(!log.is_empty());
    common::assert_no_forbidden_access(&log);

    // Twice silent: the staff are called after the second try, not a third.
    let (read, connects, log) = read_settling(2, silent);
    assert!(unreadable(&read), "{read:?}");
    assert_eq!(connects, 2);
    assert!(log.is_empty(), "{log:?}");

    // A card that answered wrongly is not read again.
    let (read, connects, _) = read_settling(1, || CardError::Certificate("bad".into()));
    assert!(unreadable(&read), "{read:?}");
    assert_eq!(connects, 1);
}
