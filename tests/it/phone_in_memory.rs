//! The iPhone path through `check`'s driver and the worker, with the virtual iPhone in memory
//! and a stand-in gateway that checks the phone's signature (the real stack is in
//! phone_real_stack.rs): no VERIFY ever reaches the phone; confirm, cancel, no answer and an
//! unknown status word each end as they should.

use crate::common;
use crate::common::in_memory::{Card, StandIn};
use crate::phone_support;

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use myna_kiosk::card::transport::InMemoryTransport;
use myna_kiosk::card::{AuthPin, CardSession, DigestInfo, PhoneAnswer};
use myna_kiosk::check::{self, CheckOptions, exit};
use myna_kiosk::eligibility::protocol::Consent;
use myna_kiosk::reception::worker::Worker;
use time::OffsetDateTime;

struct Run {
    report: check::CheckReport,
    log: Vec<String>,
    took: Duration,
}

fn run(phone: &str, pin: Option<&str>, wait: Duration, up: bool) -> Run {
    let dir = tempfile::tempdir().unwrap();
    let profile = phone_support::profile(dir.path(), "case", phone).with_extension("toml");
    let log = Arc::new(Mutex::new(Vec::new()));
    let card = Card {
        profile,
        log: log.clone(),
    };
    let mut worker = Worker::new(
        card,
        StandIn {
            challenge: b"0123456789abcdef0123456789abcdef".to_vec(),
            up,
        },
    )
    .with_phone_wait(wait);
    let options = CheckOptions {
        pin: pin.map(|p| AuthPin::new(p).unwrap()),
        consent: Consent::ALL,
        confirm_last_try: false,
    };
    let started = Instant::now();
    let report = check::run(&mut worker, options);
    let took = started.elapsed();
    let log = log.lock().unwrap().clone();
    Run { report, log, took }
}

#[test]
fn confirmed_on_the_phone_with_no_verify() {
    let r = run(
        "patient = \"confirm\"\nafter_ms = 1200",
        None,
        Duration::from_secs(20),
        true,
    );
    assert_eq!(
        (r.report.status, r.report.exit_code, r.report.method),
        ("confirmed", exit::CONFIRMED, "iphone"),
        "{:?}",
        r.report
    );
    assert_eq!(r.report.results[0].name, "1a2b3c4d00000009");
    assert_eq!(phone_support::verifies(&r.log), 0, "{:#?}", r.log);
    let (signs, waiting) = phone_support::signatures(&r.log);
    assert!(waiting >= 2, "the kiosk waited for the phone: {:#?}", r.log);
    // The gateway's challenge and the offline one, once confirmed.
    assert_eq!(signs - waiting, 2, "{:#?}", r.log);
    assert!(r.took >= Duration::from_millis(1200));
    common::assert_no_forbidden_access(&r.log);
}

#[test]
fn a_pin_given_for_an_iphone_is_never_sent() {
    let r = run(
        "patient = \"confirm\"\nafter_ms = 0",
        Some("1234"),
        Duration::from_secs(20),
        true,
    );
    assert_eq!(r.report.status, "confirmed", "{:?}", r.report);
    assert_eq!(phone_support::verifies(&r.log), 0, "{:#?}", r.log);
}

#[test]
fn cancelled_on_the_phone() {
    let r = run(
        "patient = \"cancel\"\nafter_ms = 600",
        None,
        Duration::from_secs(20),
        true,
    );
    let error = r.report.error.as_ref().unwrap();
    assert_eq!(
        (r.report.exit_code, error.code),
        (exit::NEEDS_STAFF, "phone_cancelled"),
        "{:?}",
        r.report
    );
    assert!(r.report.results.is_empty());
    assert_eq!(phone_support::verifies(&r.log), 0, "{:#?}", r.log);
    assert!(r.log.last().unwrap().contains("-> 6985"), "{:#?}", r.log);
}

#[test]
fn no_answer_ends_when_the_wait_runs_out() {
    let r = run(
        "patient = \"no_answer\"",
        None,
        Duration::from_millis(1500),
        true,
    );
    let error = r.report.error.as_ref().unwrap();
    assert_eq!(
        (r.report.exit_code, error.code),
        (exit::NEEDS_STAFF, "phone_no_answer"),
        "{:?}",
        r.report
    );
    assert!(r.took >= Duration::from_millis(1500), "{:?}", r.took);
    assert!(r.took < Duration::from_secs(5), "{:?}", r.took);
    assert_eq!(phone_support::verifies(&r.log), 0);
}

#[test]
fn an_unknown_status_word_while_waiting_ends_cleanly() {
    let r = run(
        "patient = \"confirm\"\nafter_ms = 5000\nwaiting_status = \"6F00\"",
        None,
        Duration::from_secs(20),
        true,
    );
    let error = r.report.error.as_ref().unwrap();
    assert_eq!(
        (r.report.exit_code, error.code),
        (exit::CARD_PROBLEM, "card_error"),
        "{:?}",
        r.report
    );
    assert!(
        r.took < Duration::from_secs(3),
        "no waiting on an unknown answer"
    );
    assert_eq!(phone_support::verifies(&r.log), 0);
}

#[test]
fn gateway_down_without_a_store_asks_nothing_of_the_phone() {
    let r = run(
        "patient = \"confirm\"\nafter_ms = 0",
        None,
        Duration::from_secs(20),
        false,
    );
    let error = r.report.error.as_ref().unwrap();
    assert_eq!(
        (r.report.exit_code, error.code),
        (exit::GATEWAY_UNREACHABLE, "gateway_unreachable"),
        "{:?}",
        r.report
    );
    assert_eq!(phone_support::signatures(&r.log).0, 0, "{:#?}", r.log);
    assert_eq!(phone_support::verifies(&r.log), 0);
}

#[test]
fn check_without_a_pin_on_a_card_that_needs_one() {
    let log = Arc::new(Mutex::new(Vec::new()));
    let card = Card {
        profile: common::profile("normal"),
        log: log.clone(),
    };
    let mut worker = Worker::new(
        card,
        StandIn {
            challenge: b"0123456789abcdef0123456789abcdef".to_vec(),
            up: true,
        },
    );
    let report = check::run(
        &mut worker,
        CheckOptions {
            pin: None,
            consent: Consent::ALL,
            confirm_last_try: false,
        },
    );
    let error = report.error.as_ref().unwrap();
    assert_eq!(
        (report.exit_code, error.code),
        (exit::USAGE, "pin_needed"),
        "{report:?}"
    );
    let log = log.lock().unwrap();
    assert!(
        !log.iter().any(|l| l.contains(" 00 20 00 80 04 ")),
        "no PIN was sent: {log:#?}"
    );
}

/// The simulator's phone, seen through the card layer alone.
#[test]
fn the_simulated_phone_answers_not_yet_then_signs() {
    let dir = tempfile::tempdir().unwrap();
    let profile =
        phone_support::profile(dir.path(), "sim", "patient = \"confirm\"\nafter_ms = 300")
            .with_extension("toml");
    let mut card = myna_kiosk::sim::load_card(&profile, OffsetDateTime::now_utc()).unwrap();
    let transport = InMemoryTransport::new(move |apdu| Some(card.process(apdu)));
    let mut session = CardSession::new(transport);
    assert_eq!(
        session.identify().unwrap(),
        myna_kiosk::card::CardKind::IphoneToken
    );
    let digest = DigestInfo::sha256(b"challenge");
    assert_eq!(
        session.sign_confirmed_on_phone(&digest).unwrap(),
        PhoneAnswer::Waiting
    );
    std::thread::sleep(Duration::from_millis(350));
    let PhoneAnswer::Signed(signature) = session.sign_confirmed_on_phone(&digest).unwrap() else {
        panic!("not signed after the confirmation")
    };
    let cert = session.read_auth_certificate().unwrap();
    common::verify_rsa_sha256(cert.public_key(), b"challenge", &signature).unwrap();
    // A confirmation holds for the next signature of the same session.
    assert!(matches!(
        session.sign_confirmed_on_phone(&digest).unwrap(),
        PhoneAnswer::Signed(_)
    ));
}

#[test]
fn a_phone_section_is_refused_on_other_profiles_and_bad_status_words() {
    let dir = tempfile::tempdir().unwrap();
    let bad = phone_support::profile(dir.path(), "bad", "waiting_status = \"9000\"")
        .with_extension("toml");
    let err = myna_kiosk::sim::load_card(&bad, OffsetDateTime::now_utc())
        .err()
        .unwrap()
        .to_string();
    assert!(err.contains("phone.waiting_status"), "{err}");
    let typo =
        phone_support::profile(dir.path(), "typo", "patient = \"maybe\"").with_extension("toml");
    let err = myna_kiosk::sim::load_card(&typo, OffsetDateTime::now_utc())
        .err()
        .unwrap()
        .to_string();
    assert!(err.contains("maybe"), "{err}");
    let normal = std::fs::read_to_string(common::profile("normal")).unwrap();
    let fixtures = common::fixtures();
    let normal = normal
        .replace("\"../pki/", &format!("\"{}/pki/", fixtures.display()))
        .replace(
            "\"images/",
            &format!("\"{}/cards/images/", fixtures.display()),
        );
    let path = dir.path().join("normal-phone.toml");
    std::fs::write(&path, format!("{normal}\n[phone]\npatient = \"confirm\"\n")).unwrap();
    let err = myna_kiosk::sim::load_card(&path, OffsetDateTime::now_utc())
        .err()
        .unwrap()
        .to_string();
    assert!(err.contains("iphone_token profiles only"), "{err}");
}

#[test]
fn gateway_down_with_a_store_queues_the_phone_signed_offline_confirmation() {
    let dir = tempfile::tempdir().unwrap();
    let keys = myna_kiosk::eligibility::device_key::keygen(&dir.path().join("keys"), "k1").unwrap();
    let store =
        myna_kiosk::store::Store::open(&dir.path().join("kiosk.sqlite"), &keys.data_key).unwrap();
    let offline = myna_kiosk::reception::worker::Offline {
        store,
        cache_max_age: time::Duration::days(90),
        visit_retention: time::Duration::days(90),
        audit_retention: time::Duration::days(90),
    };
    let profile = phone_support::profile(
        dir.path(),
        "offline",
        "patient = \"confirm\"\nafter_ms = 300",
    )
    .with_extension("toml");
    let log = Arc::new(Mutex::new(Vec::new()));
    let mut worker = Worker::new(
        Card {
            profile,
            log: log.clone(),
        },
        StandIn {
            challenge: b"0123456789abcdef0123456789abcdef".to_vec(),
            up: false,
        },
    )
    .with_offline(offline);
    let report = check::run(
        &mut worker,
        CheckOptions {
            pin: None,
            consent: Consent::ALL,
            confirm_last_try: false,
        },
    );
    // Nothing cached for this phone: staff; the confirmation waits in the outbox.
    assert_eq!(
        report.error.as_ref().map(|e| e.code),
        Some("gateway_unreachable"),
        "{report:?}"
    );
    let log = log.lock().unwrap();
    assert_eq!(phone_support::verifies(&log), 0);
    let (signs, waiting) = phone_support::signatures(&log);
    assert_eq!(signs - waiting, 1, "only the offline challenge: {log:#?}");
    let store =
        myna_kiosk::store::Store::open(&dir.path().join("kiosk.sqlite"), &keys.data_key).unwrap();
    assert_eq!(store.waiting().unwrap(), 1);
    let visits = store
        .visits_on(OffsetDateTime::now_utc().date(), time::UtcOffset::UTC)
        .unwrap();
    assert_eq!(
        visits
            .iter()
            .map(|v| (v.method.as_str(), v.status.as_str(), v.provisional))
            .collect::<Vec<_>>(),
        [("iphone", "needs_staff", true)]
    );
}
