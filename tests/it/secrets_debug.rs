//! `Debug` of every type that holds a PIN, 照合番号B, a photo, a camera frame or a face
//! descriptor prints a redaction: a `{:?}` in a log line or a panic message cannot leak them.

use myna_kiosk::card::apdu::Command;
use myna_kiosk::card::{AuthPin, CardFace, CardKind, PinStatus, VerificationCodeB};
use myna_kiosk::reception::code_b::CodeBEntry;
use myna_kiosk::reception::desk::{CardPhoto, StaffPin};
use myna_kiosk::reception::flow::{CardInfo, Event, Flow};
use myna_kiosk::reception::view::{FacePreview, UiEvent};
use time::macros::date;

/// `shown` does not contain `secret`, in text or as decimal bytes (`[49, 50, …]`).
fn hides(shown: &str, secret: &str) {
    assert!(!shown.contains(secret), "{shown:?} shows {secret:?}");
    let bytes: Vec<String> = secret.bytes().map(|b| b.to_string()).collect();
    assert!(
        !shown.contains(&bytes.join(", ")),
        "{shown:?} shows the bytes of {secret:?}"
    );
}

#[test]
fn pins_and_codes() {
    hides(&format!("{:?}", AuthPin::new("4096").unwrap()), "4096");
    let code = VerificationCodeB::new(date!(1975 - 08 - 15), 2033, "2718").unwrap();
    hides(&format!("{code:?}"), "2718");
    hides(&format!("{code:?}"), "500815");
    hides(
        &format!("{:?}", StaffPin::parse("24681012").unwrap()),
        "24681012",
    );
    let mut entry = CodeBEntry::default();
    for d in [5, 0, 0, 8, 1, 5, 2, 0, 3, 3, 2, 7, 1, 8] {
        entry.push(d);
    }
    hides(&format!("{entry:?}"), "50081520332718");
    // A VERIFY APDU shows its data as XX.
    let verify = Command::parse(&[0x00, 0x20, 0x00, 0x80, 0x04, b'4', b'0', b'9', b'6']).unwrap();
    let shown = format!("{verify:?}");
    assert!(shown.contains("XX"), "{shown}");
    assert!(!shown.contains("34 30 39 36"), "{shown}");
}

#[test]
fn the_pin_typed_into_the_flow() {
    let mut flow = Flow::default();
    flow.step(Event::CardInserted);
    flow.step(Event::CardRead {
        result: Ok(CardInfo {
            kind: CardKind::MyNumberCard,
            certificate_not_after: None,
            pin: PinStatus::TriesLeft(3),
        }),
        now: time::OffsetDateTime::now_utc(),
    });
    flow.step(Event::Ui(UiEvent::ChoosePin));
    for d in [4, 0, 9] {
        flow.step(Event::Ui(UiEvent::PinDigit(d)));
    }
    let shown = format!("{flow:?}");
    assert!(shown.contains("3 entered"), "{shown}");
    hides(&shown, "409");
}

#[test]
fn photos_and_frames() {
    // The card face record: the JPEG 2000 photo is not printed.
    let mut photo = vec![0x00, 0x00, 0x00, 0x0C, 0x6A, 0x50, 0x20, 0x20];
    photo.extend(b"SECRET-PHOTO-BYTES");
    let tlv = |tag: u16, value: &[u8]| {
        let mut out = tag.to_be_bytes().to_vec();
        out.push(value.len() as u8);
        out.extend(value);
        out
    };
    let mut value = tlv(0xDF22, b"19800217");
    value.extend(tlv(0xDF27, &photo));
    value.extend(tlv(0xDF29, b"20350217"));
    let face = CardFace::parse(&tlv(0xFF20, &value)).unwrap();
    hides(&format!("{face:?}"), "SECRET-PHOTO-BYTES");
    let pixels: Vec<u8> = (0..=255).collect();
    let card_photo = CardPhoto {
        width: 16,
        height: 16,
        rgb: pixels.clone().into(),
    };
    hides(&format!("{card_photo:?}"), "10, 11, 12, 13");
    let frame = FacePreview {
        width: 16,
        height: 16,
        rgb: std::sync::Arc::new(pixels),
        face: None,
    };
    hides(&format!("{frame:?}"), "10, 11, 12, 13");
}
