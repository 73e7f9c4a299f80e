//! Layer 3: myna-sim → vpcd → private pcscd → `pcsc` crate → card layer (and `myna-card status`,
//! the same as `myna-kiosk card status`). Run through `bash scripts/test.sh`; in CI these fail when the stack is missing.

use crate::common;

use std::process::Command;
use std::sync::mpsc;
use std::time::Duration;

use common::stack::{self, Sim};
use myna_kiosk::card::monitor::{CardEvent, CardMonitor};
use myna_kiosk::card::pcsc::Pcsc;
use myna_kiosk::card::{AuthPin, CardError, CardSession, DigestInfo, PinStatus};
use serde_json::Value;

/// SHA-256 of the test CA's DER name (fixtures/pki).
const TEST_CA_SHA256: &str = "1d59aaff5ca02eb5364efbabd3b25efba0ce3246ebf57c237d7434eace7c173c";

/// `myna-card status`, checked to print the same and exit the same as `myna-kiosk card status`.
fn card_status(reader: &str) -> (i32, Value) {
    let run = |command: &mut Command| {
        let out = command.output().unwrap();
        let stdout = String::from_utf8(out.stdout).unwrap();
        (out.status.code().unwrap(), stdout)
    };
    let (code, stdout) =
        run(Command::new(common::workspace_bin("myna-card")).args(["status", "--reader", reader]));
    let kiosk =
        run(Command::new(env!("CARGO_BIN_EXE_myna-kiosk"))
            .args(["card", "status", "--reader", reader]));
    assert_eq!(
        (code, &stdout),
        (kiosk.0, &kiosk.1),
        "myna-card and myna-kiosk differ"
    );
    let json = serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{e}: {stdout:?}"));
    (code, json)
}

/// `card status` for one profile: exit code, kind, certificate serial and tries left.
fn check_status(profile: &str, exit: i32, kind: &str, serial: Option<&str>, tries: Option<u64>) {
    let Some(reader) = stack::reader() else {
        return;
    };
    let sim = Sim::start(profile, &reader, &[]);
    // pcscd shows the profile's own ATR (src/sim/atr.rs); the kiosk identifies by content.
    assert_eq!(
        myna_kiosk::sim::atr::to_text(&stack::atr(&reader.name)),
        stack::profile_atr(profile),
        "{profile}"
    );
    let (code, json) = card_status(&reader.name);
    assert_eq!(code, exit, "{profile}: {json}");
    assert_eq!(json["reader"], reader.name.as_str());
    assert_eq!(json["card_kind"], kind, "{profile}: {json}");
    assert_eq!(
        json["auth_cert"]["serial"].as_str(),
        serial,
        "{profile}: {json}"
    );
    if serial.is_some() {
        // Every fixture card is issued by the test CA: SHA-256 of its DER name.
        assert_eq!(
            json["auth_cert"]["issuer_sha256"], TEST_CA_SHA256,
            "{profile}: {json}"
        );
    }
    if exit == 0 {
        assert_eq!(json["pin_tries_left"].as_u64(), tries, "{profile}: {json}");
    }
    common::assert_no_forbidden_access(&sim.apdu_log());
    let verifies_with_data = sim
        .apdu_log()
        .iter()
        .filter(|l| l.contains(" 00 20 00 80 04 "))
        .count();
    assert_eq!(verifies_with_data, 0, "card status spends no PIN try");
}

#[test]
fn status_normal() {
    check_status(
        "normal",
        0,
        "my_number_card",
        Some("1a2b3c4d00000001"),
        Some(3),
    );
}

#[test]
fn status_expiring_and_expired_certificates() {
    check_status(
        "expiring-soon",
        0,
        "my_number_card",
        Some("9e2b3c4d00000002"),
        Some(3),
    );
    check_status(
        "expired-recently",
        0,
        "my_number_card",
        Some("1a2b3c4d00000003"),
        Some(3),
    );
    check_status(
        "expired-long-ago",
        0,
        "my_number_card",
        Some("1a2b3c4d00000004"),
        Some(3),
    );
}

#[test]
fn status_pin_states() {
    check_status(
        "one-try-left",
        0,
        "my_number_card",
        Some("1a2b3c4d00000006"),
        Some(1),
    );
    check_status(
        "pin-locked",
        0,
        "my_number_card",
        Some("07278ca1b2c3d407"),
        Some(0),
    );
    check_status(
        "no-pin",
        0,
        "my_number_card",
        Some("1a2b3c4d00000005"),
        Some(0),
    );
}

#[test]
fn status_tokens_and_old_cards() {
    check_status("android-token", 0, "android_token", None, Some(3));
    check_status(
        "iphone-token",
        0,
        "iphone_token",
        Some("1a2b3c4d00000009"),
        Some(3),
    );
    check_status(
        "juki-card",
        0,
        "juki_card",
        Some("1a2b3c4d0000000a"),
        Some(3),
    );
    check_status(
        "under-15",
        0,
        "my_number_card",
        Some("1a2b3c4d0000000b"),
        Some(3),
    );
}

/// `card status` prints a serial as OpenSSL does: a leading zero nibble kept (pin-locked:
/// `07…`), DER's 00 sign byte before a high bit not shown (expiring-soon: `9e…`, stored as
/// `00 9e …`), the issuer hash that of the CA certificate's subject.
#[test]
fn status_serials_are_what_openssl_prints() {
    if Command::new("openssl").arg("version").output().is_err() {
        return stack::missing("openssl");
    }
    for (profile, serial, der_serial) in [
        (
            "pin-locked",
            "07278ca1b2c3d407",
            &[0x02, 0x08, 0x07, 0x27][..],
        ),
        (
            "expiring-soon",
            "9e2b3c4d00000002",
            &[0x02, 0x09, 0x00, 0x9e][..],
        ),
    ] {
        let Some(reader) = stack::reader() else {
            return;
        };
        let _sim = Sim::start(profile, &reader, &[]);
        let (code, json) = card_status(&reader.name);
        assert_eq!(code, 0, "{json}");
        assert_eq!(json["auth_cert"]["serial"], serial, "{profile}: {json}");
        let cert = connect(&reader.name).read_auth_certificate().unwrap();
        // The INTEGER as DER has it: tag, length, then the content (with its sign byte).
        assert!(
            cert.der()
                .windows(der_serial.len())
                .any(|w| w == der_serial),
            "{profile}: DER serial starts {der_serial:02x?}"
        );
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("auth.der");
        std::fs::write(&path, cert.der()).unwrap();
        let out = Command::new("openssl")
            .args(["x509", "-inform", "DER", "-noout", "-serial", "-in"])
            .arg(&path)
            .output()
            .unwrap();
        let openssl = String::from_utf8(out.stdout).unwrap();
        assert_eq!(
            openssl.trim().to_ascii_lowercase(),
            format!("serial={serial}"),
            "{profile}"
        );
        let ca =
            std::fs::read_to_string(common::fixtures().join("pki/jpki-test-ca.cert.pem")).unwrap();
        let ca_der = pem::parse(ca).unwrap();
        let (_, ca) = x509_parser::parse_x509_certificate(ca_der.contents()).unwrap();
        assert_eq!(
            myna_kiosk::certificate_id::issuer_sha256(ca.subject().as_raw()),
            TEST_CA_SHA256
        );
        assert_eq!(json["auth_cert"]["issuer_sha256"], TEST_CA_SHA256);
    }
}

#[test]
fn status_problems_have_exit_code_5() {
    check_status("foreign-card", 5, "unknown", None, None);
    check_status("broken-certificate", 5, "my_number_card", None, None);
    let Some(reader) = stack::reader() else {
        return;
    };
    // No card in the reader.
    let (code, json) = card_status(&reader.name);
    assert_eq!(
        (code, json["error"]["code"].as_str()),
        (5, Some("no_card")),
        "{json}"
    );
    let (code, json) = card_status("No Such Reader");
    assert_eq!(
        (code, json["error"]["code"].as_str()),
        (5, Some("no_reader")),
        "{json}"
    );
}

fn connect(reader: &str) -> CardSession<myna_kiosk::card::pcsc::PcscTransport> {
    CardSession::new(Pcsc::establish().unwrap().connect(reader).unwrap())
}

#[test]
fn wrong_pin_counts_down_then_locks() {
    let Some(reader) = stack::reader() else {
        return;
    };
    let sim = Sim::start("normal", &reader, &[]);
    let mut card = connect(&reader.name);
    assert_eq!(card.auth_pin_status().unwrap(), PinStatus::TriesLeft(3));
    for left in [2, 1] {
        let err = card
            .verify_auth_pin(AuthPin::new("0000").unwrap())
            .err()
            .unwrap();
        assert!(
            matches!(err, CardError::WrongPin { tries_left, .. } if tries_left == left),
            "{err}"
        );
        assert_eq!(card.auth_pin_status().unwrap(), PinStatus::TriesLeft(left));
    }
    let err = card
        .verify_auth_pin(AuthPin::new("0000").unwrap())
        .err()
        .unwrap();
    assert!(matches!(err, CardError::Blocked { .. }), "{err}");
    assert_eq!(card.auth_pin_status().unwrap(), PinStatus::Blocked);
    let log = sim.apdu_log();
    assert_eq!(
        log.iter()
            .filter(|l| l.contains(" 00 20 00 80 04 XX XX XX XX"))
            .count(),
        3
    );
    assert!(
        log.iter().all(|l| !l.contains("30 30 30 30")),
        "PIN data is masked in the log"
    );
}

#[test]
fn correct_pin_then_signature_verifies() {
    let Some(reader) = stack::reader() else {
        return;
    };
    let sim = Sim::start("normal", &reader, &[]);
    let mut card = connect(&reader.name);
    let cert = card.read_auth_certificate().unwrap();
    let challenge = b"one-time gateway challenge";
    let signature = card
        .verify_auth_pin(AuthPin::new("1234").unwrap())
        .unwrap()
        .sign(&DigestInfo::sha256(challenge))
        .unwrap();
    assert_eq!(signature.len(), 256);
    common::verify_rsa_sha256(cert.public_key(), challenge, &signature).unwrap();
    common::assert_no_forbidden_access(&sim.apdu_log());
}

#[test]
fn android_token_reads_its_certificate_after_the_pin() {
    let Some(reader) = stack::reader() else {
        return;
    };
    let _sim = Sim::start("android-token", &reader, &[]);
    let mut card = connect(&reader.name);
    assert!(matches!(
        card.read_auth_certificate(),
        Err(CardError::PinRequired)
    ));
    let mut auth = card.verify_auth_pin(AuthPin::new("1234").unwrap()).unwrap();
    assert_eq!(
        auth.read_auth_certificate().unwrap().serial,
        "1a2b3c4d00000008"
    );
}

#[test]
fn card_pulled_during_certificate_read_then_reinserted() {
    let Some(reader) = stack::reader() else {
        return;
    };
    // SELECT AP, SELECT EF, READ header, READ chunk: pulled before the second chunk.
    let mut sim = Sim::start("normal", &reader, &["--pull-after", "4"]);
    let mut card = connect(&reader.name);
    let err = card.read_auth_certificate().unwrap_err();
    assert!(
        matches!(err, CardError::CardRemoved | CardError::NoCard),
        "{err:?}"
    );
    drop(card);
    sim.put_back(&reader.name);
    let cert = connect(&reader.name).read_auth_certificate().unwrap();
    assert_eq!(cert.serial, "1a2b3c4d00000001");
}

#[test]
fn monitor_reports_insert_and_remove_and_stops_at_once() {
    let Some(reader) = stack::reader() else {
        return;
    };
    let (tx, rx) = mpsc::channel();
    let monitor = CardMonitor::spawn(&Pcsc::establish().unwrap(), Some(reader.name.clone()), tx);
    let next = || rx.recv_timeout(Duration::from_secs(10)).unwrap();
    assert_eq!(
        next(),
        CardEvent::ReaderAttached {
            reader: reader.name.clone()
        }
    );
    let mut sim = Sim::spawn("normal", &reader, &[]);
    match next() {
        CardEvent::CardInserted { reader: r, atr } => {
            assert_eq!(r, reader.name);
            // The normal profile sits on a contact reader (src/sim/atr.rs).
            assert_eq!(
                myna_kiosk::sim::atr::to_text(&atr),
                myna_kiosk::sim::atr::MY_NUMBER_CONTACT
            );
        }
        other => panic!("{other:?}"),
    }
    sim.control("remove");
    assert_eq!(
        next(),
        CardEvent::CardRemoved {
            reader: reader.name.clone()
        }
    );
    sim.control("insert");
    let event = next();
    assert!(matches!(event, CardEvent::CardInserted { .. }), "{event:?}");
    let started = std::time::Instant::now();
    monitor.stop();
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "stop cancels the wait"
    );
    drop(sim);
}

/// A session whose card was taken away is let go without a reset. Reset then, pcscd would power
/// up whatever is on the reader now (a card put back before its next poll) and show it present
/// without counting an insertion; a kiosk reading that card at once had its session broken when
/// pcscd counted the insertion late (its next APDU refused with PROTO_MISMATCH, never reaching
/// the card: the face path ended on "face unavailable" with the card on the reader).
#[test]
fn a_card_put_back_quickly_is_not_broken_by_the_old_session() {
    let Some(reader) = stack::reader() else {
        return;
    };
    let mut sim = Sim::start("normal", &reader, &[]);
    for round in 0..5 {
        let mut old = connect(&reader.name);
        old.identify().unwrap();
        sim.control("remove");
        stack::wait_for_card(&reader.name, false, stack::CARD_WAIT).unwrap();
        // Put back, and the old session dropped, within pcscd's poll interval (400 ms).
        sim.control("insert");
        std::thread::sleep(Duration::from_millis(50));
        drop(old);
        // Read as soon as pcscd shows a card, as the kiosk does…
        stack::wait_for_card(&reader.name, true, stack::CARD_WAIT).unwrap();
        let mut card = connect(&reader.name);
        card.identify().unwrap();
        // … and the session still works after pcscd's next polls.
        std::thread::sleep(Duration::from_millis(1200));
        let status = card.auth_pin_status();
        assert!(status.is_ok(), "round {round}: {status:?}");
    }
}
