//! Bad input from a card: truncated, oversized or garbled answers, odd status words, a card that
//! disappears. Every case is a typed error, never a panic.

use crate::common;

use myna_kiosk::card::transport::InMemoryTransport;
use myna_kiosk::card::{AuthPin, CardError, CardKind, CardSession, DigestInfo, PinStatus};
use time::OffsetDateTime;

/// The normal fixture card, with `tamper` rewriting each (command, response).
fn tampered(
    mut tamper: impl FnMut(&[u8], Vec<u8>) -> Option<Vec<u8>> + Send + 'static,
) -> CardSession<InMemoryTransport> {
    let mut card =
        myna_kiosk::sim::load_card(&common::profile("normal"), OffsetDateTime::now_utc()).unwrap();
    CardSession::new(InMemoryTransport::new(move |apdu| {
        let response = card.process(apdu);
        tamper(apdu, response)
    }))
}

fn is_read_binary(apdu: &[u8]) -> bool {
    apdu.get(1) == Some(&0xB0)
}

fn offset(apdu: &[u8]) -> usize {
    u16::from_be_bytes([apdu[2], apdu[3]]) as usize
}

#[test]
fn certificate_cut_short_by_6b00_or_empty_9000() {
    for end in [vec![0x6B, 0x00], vec![0x90, 0x00], vec![0x62, 0x82]] {
        let mut s = tampered(move |apdu, r| {
            Some(if is_read_binary(apdu) && offset(apdu) >= 520 {
                end.clone()
            } else {
                r
            })
        });
        let err = s.read_auth_certificate().unwrap_err();
        assert!(matches!(err, CardError::Malformed { .. }), "{err}");
    }
}

#[test]
fn oversized_read_is_refused() {
    let mut s = tampered(|apdu, r| {
        Some(if is_read_binary(apdu) && offset(apdu) > 0 {
            let mut longer = vec![0x42; 300];
            longer.extend([0x90, 0x00]);
            longer
        } else {
            r
        })
    });
    assert!(matches!(
        s.read_auth_certificate(),
        Err(CardError::Malformed { .. })
    ));
}

#[test]
fn absurd_length_header_is_refused_before_reading() {
    let mut s = tampered(|apdu, r| {
        Some(if is_read_binary(apdu) && offset(apdu) == 0 {
            vec![0x30, 0x83, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0x90, 0x00]
        } else {
            r
        })
    });
    assert!(matches!(
        s.read_auth_certificate(),
        Err(CardError::Malformed { .. })
    ));
    let mut s = tampered(|apdu, r| {
        Some(if is_read_binary(apdu) {
            vec![0x30, 0x80, 0x90, 0x00]
        } else {
            r
        })
    });
    assert!(matches!(
        s.read_auth_certificate(),
        Err(CardError::Malformed { .. })
    ));
}

#[test]
fn answers_without_status_word() {
    let mut s = tampered(|_, _| Some(vec![0x90]));
    assert!(matches!(s.identify(), Err(CardError::Malformed { .. })));
}

#[test]
fn unknown_status_words_are_reported() {
    let mut s = tampered(|apdu, r| Some(if apdu[1] == 0x20 { vec![0x6F, 0x00] } else { r }));
    let err = s.auth_pin_status().unwrap_err();
    assert!(
        matches!(
            err,
            CardError::UnexpectedStatus {
                command: "VERIFY (tries)",
                ..
            }
        ),
        "{err}"
    );
}

#[test]
fn status_6983_means_blocked() {
    let mut s = tampered(|apdu, r| Some(if apdu[1] == 0x20 { vec![0x69, 0x83] } else { r }));
    assert_eq!(s.auth_pin_status().unwrap(), PinStatus::Blocked);
    assert!(matches!(
        s.verify_auth_pin(AuthPin::new("1234").unwrap()),
        Err(CardError::Blocked { .. })
    ));
}

#[test]
fn empty_signature_is_refused() {
    let mut s = tampered(|apdu, r| Some(if apdu[1] == 0x2A { vec![0x90, 0x00] } else { r }));
    let mut auth = s.verify_auth_pin(AuthPin::new("1234").unwrap()).unwrap();
    assert!(matches!(
        auth.sign(&DigestInfo::sha256(b"x")),
        Err(CardError::Malformed { .. })
    ));
}

#[test]
fn token_label_cut_short_or_garbled() {
    let mut s = tampered(|apdu, r| {
        Some(if is_read_binary(apdu) {
            vec![b'J', b'P', 0x90, 0x00]
        } else {
            r
        })
    });
    assert!(matches!(s.identify(), Err(CardError::Malformed { .. })));
    let mut s = tampered(|apdu, r| {
        Some(if is_read_binary(apdu) {
            let mut garbage = vec![0xFF; 32];
            garbage.extend([0x90, 0x00]);
            garbage
        } else {
            r
        })
    });
    assert_eq!(s.identify().unwrap(), CardKind::Unknown);
}

#[test]
fn card_gone_mid_read() {
    let mut n = 0;
    let mut s = tampered(move |_, r| {
        n += 1;
        (n < 5).then_some(r)
    });
    assert!(matches!(
        s.read_auth_certificate(),
        Err(CardError::CardRemoved)
    ));
}

/// Random answers to every operation: no panic, only typed errors or plausible results.
#[test]
fn random_answers_never_panic() {
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    for round in 0..3000 {
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let len = (next() % 24) as usize;
        let mut answer: Vec<u8> = (0..len).map(|_| next() as u8).collect();
        if round % 3 == 0 {
            answer.extend([0x90, 0x00]);
        }
        let mut s = CardSession::new(InMemoryTransport::new(move |_| Some(answer.clone())));
        let _ = s.identify();
        let _ = s.read_auth_certificate();
        let _ = s.auth_pin_status();
        if let Ok(mut auth) = s.verify_auth_pin(AuthPin::new("1234").unwrap()) {
            let _ = auth.sign(&DigestInfo::sha256(b"x"));
        }
    }
}
