//! Command and response APDUs and status words: parsed, and what parses encodes back the same.
#![no_main]

use libfuzzer_sys::fuzz_target;
use myna_kiosk::card::StatusWord;
use myna_kiosk::card::apdu::{Command, Response};

fuzz_target!(|data: &[u8]| {
    if let Ok(command) = Command::parse(data) {
        let bytes = command.to_bytes();
        let again = Command::parse(&bytes).expect("an encoded command parses");
        assert_eq!(again.to_bytes(), bytes);
        let _ = command.to_string();
    }
    if let Ok(response) = Response::parse(data) {
        assert_eq!(response.to_bytes(), data);
    }
    if data.len() >= 2 {
        let word = u16::from_be_bytes([data[0], data[1]]);
        let status = StatusWord::from(word);
        assert_eq!(u16::from(status), word);
        let _ = status.to_string();
    }
});
