//! The BER helpers the card layer reads certificates and the card face with.
#![no_main]

use libfuzzer_sys::fuzz_target;
use myna_kiosk::card::ber;

fuzz_target!(|data: &[u8]| {
    if let Some((header, length)) = ber::header(data) {
        assert!(header <= data.len());
        let _ = header.checked_add(length);
    }
    if let Some(total) = ber::object_length(data) {
        assert!(total > 0);
    }
    let _ = ber::children(data);
});
