//! `kiosk.toml`: any text is a configuration or an error naming what is wrong.
#![no_main]

use libfuzzer_sys::fuzz_target;
use myna_kiosk::config::Config;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = Config::parse(text);
    }
});
