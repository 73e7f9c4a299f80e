//! The card-surface record (birth date, expiry, JPEG 2000 photo) as the card returns it.
#![no_main]

use libfuzzer_sys::fuzz_target;
use myna_kiosk::card::CardFace;

fuzz_target!(|data: &[u8]| {
    if let Ok(face) = CardFace::parse(data) {
        assert!(face.photo_jp2().len() <= data.len());
        let _ = format!("{face:?}");
    }
});
