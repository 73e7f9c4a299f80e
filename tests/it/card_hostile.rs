//! Hostile cards (issue 17 part 4): a card photo whose JPEG 2000 header claims a huge picture,
//! and a card that answers `61xx` ("more data, ask with GET RESPONSE") for ever. Both end in a
//! typed error at once, in memory and (the `61xx` card) on the real PC/SC stack.

use crate::common;

use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::stack::{self, Sim};
use myna_kiosk::card::transport::InMemoryTransport;
use myna_kiosk::card::{AuthPin, CardError, CardSession, VerificationCodeB};
use myna_kiosk::identity::face::Picture;
use myna_kiosk::identity::face::jpeg2000_header::MAX_SIDE;
use myna_kiosk::sim::vpcd::log_line;
use time::OffsetDateTime;
use time::macros::date;

/// A session on a card built from `profile` (a path), and the card's APDU log.
fn session_on(
    profile: &std::path::Path,
) -> (CardSession<InMemoryTransport>, Arc<Mutex<Vec<String>>>) {
    let mut card = myna_kiosk::sim::load_card(profile, OffsetDateTime::now_utc()).unwrap();
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

fn get_responses(log: &[String]) -> usize {
    log.iter().filter(|l| l.contains(" 00 C0 00 00")).count()
}

// ---- 61xx for ever ----

#[test]
fn a_card_that_always_has_more_data_is_a_card_error_in_memory() {
    let (mut s, log) = session_on(&common::profile("more-data-forever"));
    let started = Instant::now();
    let err = s.identify().unwrap_err();
    assert!(
        matches!(&err, CardError::Malformed { reason, .. } if reason.contains("61xx")),
        "{err}"
    );
    assert_eq!(err.code(), "card_error");
    // The rounds are bounded: 8 GET RESPONSE after the one command.
    assert_eq!(get_responses(&log.lock().unwrap()), 8);
    // Every other operation ends the same way, and the PIN never leaves the kiosk.
    assert!(matches!(
        s.read_auth_certificate(),
        Err(CardError::Malformed { .. })
    ));
    assert!(matches!(
        s.auth_pin_status(),
        Err(CardError::Malformed { .. })
    ));
    assert!(matches!(
        s.verify_auth_pin(AuthPin::new("1234").unwrap()),
        Err(CardError::Malformed { .. })
    ));
    let log = log.lock().unwrap();
    assert!(
        !log.iter().any(|l| l.contains(" 00 20 00 80 04 ")),
        "a PIN was sent: {log:?}"
    );
    assert!(started.elapsed() < Duration::from_secs(2));
}

/// A T=0 card that answers in `61xx` rounds as it should is still read: the bound does not
/// get in the way of a real card.
#[test]
fn a_card_answering_in_get_response_rounds_is_still_read() {
    let mut card =
        myna_kiosk::sim::load_card(&common::profile("normal"), OffsetDateTime::now_utc()).unwrap();
    let mut pending: Vec<u8> = Vec::new();
    let rounds = Arc::new(AtomicUsize::new(0));
    let counted = rounds.clone();
    let mut s = CardSession::new(InMemoryTransport::new(move |apdu| {
        if apdu.get(1) == Some(&0xC0) {
            counted.fetch_add(1, Ordering::Relaxed);
            // Two rounds for each answer: half, then the rest.
            let le = usize::from(apdu[4]).max(1);
            let take = le.min(pending.len());
            let mut out: Vec<u8> = pending.drain(..take).collect();
            if pending.is_empty() {
                out.extend([0x90, 0x00]);
            } else {
                out.extend([0x61, pending.len().min(255) as u8]);
            }
            return Some(out);
        }
        let response = card.process(apdu);
        let (data, sw) = response.split_at(response.len() - 2);
        if sw == [0x90, 0x00] && data.len() > 1 {
            pending = data.to_vec();
            Some(vec![0x61, (data.len() / 2) as u8])
        } else {
            Some(response)
        }
    }));
    s.identify().unwrap();
    let certificate = s.read_auth_certificate().unwrap();
    assert!(!certificate.der().is_empty());
    assert!(
        rounds.load(Ordering::Relaxed) > 8,
        "the answers came in rounds"
    );
}

/// Through vpcd and the private pcscd: `myna-kiosk card status` ends with a card error at once.
#[test]
fn a_card_that_always_has_more_data_on_the_real_stack() {
    let Some(reader) = stack::reader() else {
        return;
    };
    let sim = Sim::start("more-data-forever", &reader, &[]);
    let started = Instant::now();
    let out = Command::new(env!("CARGO_BIN_EXE_myna-kiosk"))
        .args(["card", "status", "--reader", &reader.name])
        .output()
        .unwrap();
    let took = started.elapsed();
    let stdout = String::from_utf8(out.stdout).unwrap();
    let json: serde_json::Value =
        serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{e}: {stdout:?}"));
    assert_eq!(out.status.code(), Some(5), "{json}");
    assert_eq!(json["error"]["code"], "card_error", "{json}");
    assert!(
        json["error"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("61xx")),
        "{json}"
    );
    assert!(took < Duration::from_secs(10), "took {took:?}");
    // The card saw a bounded number of GET RESPONSE, and no PIN.
    let log = sim.apdu_log();
    let rounds = get_responses(&log);
    assert!((1..=8).contains(&rounds), "{rounds} GET RESPONSE: {log:?}");
    common::assert_no_forbidden_access(&log);
}

// ---- a photo that claims a huge size ----

fn portrait() -> Vec<u8> {
    std::fs::read(common::fixtures().join("cards/images/portrait.jp2")).unwrap()
}

fn find(bytes: &[u8], what: &[u8]) -> usize {
    bytes.windows(what.len()).position(|w| w == what).unwrap()
}

/// The fixture portrait with its JP2 header and SIZ marker rewritten to claim `side`×`side`
/// pixels in one tile: a few kilobytes that a decoder would size its buffers from.
fn claiming(side: u32) -> Vec<u8> {
    let mut jp2 = portrait();
    let ihdr = find(&jp2, b"ihdr") + 4;
    jp2[ihdr..ihdr + 4].copy_from_slice(&side.to_be_bytes());
    jp2[ihdr + 4..ihdr + 8].copy_from_slice(&side.to_be_bytes());
    let siz = find(&jp2, &[0xFF, 0x4F, 0xFF, 0x51]);
    for at in [8, 12, 24, 28] {
        jp2[siz + at..siz + at + 4].copy_from_slice(&side.to_be_bytes());
    }
    jp2
}

#[test]
fn a_photo_claiming_a_huge_size_is_refused_before_decoding() {
    // The fixture itself decodes.
    let picture = Picture::decode_jpeg2000(&portrait()).unwrap();
    assert_eq!((picture.width(), picture.height()), (240, 300));

    for side in [60_000, 1 << 20, MAX_SIDE + 1] {
        let started = Instant::now();
        let err = Picture::decode_jpeg2000(&claiming(side)).unwrap_err();
        assert!(
            err.to_string()
                .contains(&format!("claims {side}×{side} pixels")),
            "{err}"
        );
        assert!(started.elapsed() < Duration::from_millis(500));
    }
    // Only the JP2 header lies (the codestream is the real 240×300): refused too.
    let mut lying = portrait();
    let ihdr = find(&lying, b"ihdr") + 4;
    lying[ihdr..ihdr + 4].copy_from_slice(&60_000u32.to_be_bytes());
    assert!(Picture::decode_jpeg2000(&lying).is_err());
}

/// The same photo on a card: the card face is read (the card layer only checks it is JPEG 2000)
/// and the photo refused where it would be decoded, for face confirmation and for staff.
#[test]
fn a_card_with_such_a_photo_gets_no_decoded_photo() {
    let dir = tempfile::tempdir().unwrap();
    let photo = dir.path().join("huge.jp2");
    std::fs::write(&photo, claiming(60_000)).unwrap();
    let cards = common::fixtures().join("cards");
    let text = std::fs::read_to_string(cards.join("normal.toml"))
        .unwrap()
        .replace("\"../", &format!("\"{}/../", cards.display()))
        .replace(
            "\"images/portrait.jp2\"",
            &format!("{:?}", photo.display().to_string()),
        )
        .replace("\"images/", &format!("\"{}/images/", cards.display()));
    let profile = dir.path().join("huge-photo.toml");
    std::fs::write(&profile, text).unwrap();

    let (mut s, _) = session_on(&profile);
    let code = VerificationCodeB::new(date!(1980 - 02 - 17), 2035, "2285").unwrap();
    let face = s.read_card_face(code).unwrap();
    let err = Picture::decode_jpeg2000(face.photo_jp2()).unwrap_err();
    assert!(err.to_string().contains("claims 60000×60000"), "{err}");
}
