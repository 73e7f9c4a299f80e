//! Layer 2: the kiosk's card layer against the virtual card through an in-memory transport
//! (no pcscd), for every fixture profile and for deliberately broken cards.

use crate::common;

use std::sync::{Arc, Mutex};

use myna_kiosk::card::transport::InMemoryTransport;
use myna_kiosk::card::{
    AuthPin, CardError, CardKind, CardSession, Credential, DigestInfo, PinStatus, VerificationCodeB,
};
use myna_kiosk::sim::vpcd::log_line;
use time::OffsetDateTime;
use time::macros::date;

/// A session on a fixture card, and the card's APDU log.
fn session(profile: &str) -> (CardSession<InMemoryTransport>, Arc<Mutex<Vec<String>>>) {
    let mut card =
        myna_kiosk::sim::load_card(&common::profile(profile), OffsetDateTime::now_utc()).unwrap();
    let log = Arc::new(Mutex::new(Vec::new()));
    let sink = log.clone();
    let transport = InMemoryTransport::new(move |apdu| {
        let app = card.current_application();
        let response = card.process(apdu);
        sink.lock().unwrap().push(log_line(app, apdu, &response));
        Some(response)
    });
    (CardSession::new(transport), log)
}

#[test]
fn identifies_every_profile() {
    let expected = [
        ("normal", CardKind::MyNumberCard),
        ("expiring-soon", CardKind::MyNumberCard),
        ("no-pin", CardKind::MyNumberCard),
        ("under-15", CardKind::MyNumberCard),
        ("android-token", CardKind::AndroidToken),
        ("iphone-token", CardKind::IphoneToken),
        ("juki-card", CardKind::JukiCard),
    ];
    for (profile, kind) in expected {
        let (mut s, _) = session(profile);
        assert_eq!(s.identify().unwrap(), kind, "{profile}");
    }
}

#[test]
fn reads_and_parses_the_auth_certificate() {
    let (mut s, log) = session("normal");
    let cert = s.read_auth_certificate().unwrap();
    assert_eq!(cert.serial, "1a2b3c4d00000001");
    assert!(cert.subject.contains("JPKI TEST ONLY"), "{}", cert.subject);
    let now = OffsetDateTime::now_utc();
    assert!(cert.not_before < now && now < cert.not_after);
    // Read in chunks of at most 256 bytes after an 8-byte header probe.
    let reads = log
        .lock()
        .unwrap()
        .iter()
        .filter(|l| l.contains(" 00 B0 "))
        .count();
    assert_eq!(reads, 1 + (cert.der().len() - 8).div_ceil(256));
}

#[test]
fn expired_certificates_are_read_with_their_dates() {
    let (mut s, _) = session("expired-long-ago");
    let cert = s.read_auth_certificate().unwrap();
    assert!(cert.not_after < OffsetDateTime::now_utc() - time::Duration::days(150));
}

#[test]
fn wrong_pin_counts_down_then_locks() {
    let (mut s, _) = session("normal");
    assert_eq!(s.auth_pin_status().unwrap(), PinStatus::TriesLeft(3));
    assert_eq!(
        s.auth_pin_status().unwrap(),
        PinStatus::TriesLeft(3),
        "the query spends nothing"
    );
    for left in [2, 1] {
        match s.verify_auth_pin(AuthPin::new("9999").unwrap()) {
            Err(CardError::WrongPin {
                credential: Credential::AuthPin,
                tries_left,
            }) => assert_eq!(tries_left, left),
            other => panic!("{:?}", other.err()),
        }
    }
    assert!(matches!(
        s.verify_auth_pin(AuthPin::new("9999").unwrap()),
        Err(CardError::Blocked { .. })
    ));
    assert_eq!(s.auth_pin_status().unwrap(), PinStatus::Blocked);
    // Even the right PIN is refused now.
    assert!(matches!(
        s.verify_auth_pin(AuthPin::new("1234").unwrap()),
        Err(CardError::Blocked { .. })
    ));
}

#[test]
fn correct_pin_signs_and_the_signature_verifies() {
    let (mut s, log) = session("normal");
    let cert = s.read_auth_certificate().unwrap();
    let challenge = b"gateway challenge 0001";
    let signature = {
        let mut auth = s.verify_auth_pin(AuthPin::new("1234").unwrap()).unwrap();
        auth.sign(&DigestInfo::sha256(challenge)).unwrap()
    };
    common::verify_rsa_sha256(cert.public_key(), challenge, &signature).unwrap();
    assert!(common::verify_rsa_sha256(cert.public_key(), b"another", &signature).is_err());
    let log = log.lock().unwrap();
    let verifies = log
        .iter()
        .filter(|l| l.contains(" 00 20 00 80 04 "))
        .count();
    assert_eq!(verifies, 1, "one VERIFY with data");
    assert!(
        log.iter().all(|l| !l.contains("31 32 33 34")),
        "PIN never in the log"
    );
}

#[test]
fn profiles_with_special_pins() {
    let (mut s, _) = session("one-try-left");
    assert_eq!(s.auth_pin_status().unwrap(), PinStatus::TriesLeft(1));
    let (mut s, _) = session("pin-locked");
    assert_eq!(s.auth_pin_status().unwrap(), PinStatus::Blocked);
    let (mut s, _) = session("no-pin");
    assert_eq!(s.auth_pin_status().unwrap(), PinStatus::Blocked);
    assert!(matches!(
        s.verify_auth_pin(AuthPin::new("0000").unwrap()),
        Err(CardError::Blocked { .. })
    ));
}

#[test]
fn android_token_needs_the_pin_before_the_certificate() {
    let (mut s, _) = session("android-token");
    assert!(matches!(
        s.read_auth_certificate(),
        Err(CardError::PinRequired)
    ));
    let mut auth = s.verify_auth_pin(AuthPin::new("1234").unwrap()).unwrap();
    assert_eq!(
        auth.read_auth_certificate().unwrap().serial,
        "1a2b3c4d00000008"
    );
}

#[test]
fn card_face_through_code_b() {
    let (mut s, log) = session("normal");
    let wrong = VerificationCodeB::new(date!(1980 - 02 - 17), 2035, "0000").unwrap();
    assert!(matches!(
        s.read_card_face(wrong),
        Err(CardError::WrongPin {
            credential: Credential::VerificationCodeB,
            tries_left: 2
        })
    ));
    let code = VerificationCodeB::new(date!(1980 - 02 - 17), 2035, "2285").unwrap();
    let face = s.read_card_face(code).unwrap();
    assert_eq!(face.birth_date, date!(1980 - 02 - 17));
    assert_eq!(face.card_expiry, date!(2035 - 02 - 17));
    let photo = std::fs::read(common::fixtures().join("cards/images/portrait.jp2")).unwrap();
    assert_eq!(face.photo_jp2(), &photo[..]);
    common::assert_no_forbidden_access(&log.lock().unwrap());
}

#[test]
fn phones_have_no_card_surface() {
    let (mut s, _) = session("iphone-token");
    let code = VerificationCodeB::new(date!(1999 - 09 - 09), 2035, "1414").unwrap();
    assert!(matches!(
        s.read_card_face(code),
        Err(CardError::NoCardSurface)
    ));
}

#[test]
fn certificate_that_is_not_der_is_a_typed_error() {
    let (mut s, _) = session("broken-certificate");
    assert!(matches!(
        s.read_auth_certificate(),
        Err(CardError::Certificate(_))
    ));
}

#[test]
fn the_whole_kiosk_path_never_touches_forbidden_files() {
    for profile in common::PROFILES {
        let (mut s, log) = session(profile);
        let _ = s.identify();
        let _ = s.read_auth_certificate();
        let _ = s.auth_pin_status();
        if let Ok(mut auth) = s.verify_auth_pin(AuthPin::new("1234").unwrap()) {
            let _ = auth.sign(&DigestInfo::sha256(b"x"));
        }
        common::assert_no_forbidden_access(&log.lock().unwrap());
    }
}
