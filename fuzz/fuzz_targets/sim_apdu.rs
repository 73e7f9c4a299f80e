//! The simulator's APDU interpreter: a sequence of APDUs (each one length byte, then the
//! bytes) sent to the `normal` card; every answer ends in a status word.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use myna_kiosk::sim::card::VirtualCard;

fn card() -> VirtualCard {
    static CARD: OnceLock<VirtualCard> = OnceLock::new();
    CARD.get_or_init(|| {
        let profile = concat!(env!("CARGO_MANIFEST_DIR"), "/../fixtures/cards/normal.toml");
        myna_kiosk::sim::profile::load_card(
            std::path::Path::new(profile),
            time::OffsetDateTime::now_utc(),
        )
        .expect("the normal profile loads")
    })
    .clone()
}

fuzz_target!(|data: &[u8]| {
    let mut card = card();
    let mut rest = data;
    while let Some((&len, tail)) = rest.split_first() {
        let (apdu, next) = tail.split_at((len as usize).min(tail.len()));
        let answer = card.process(apdu);
        assert!(answer.len() >= 2, "an answer without a status word");
        rest = next;
    }
});
