//! The reader gone and back, on the real stack (`kiosk_loop`: the worker loop and the card
//! monitor on myna-sim → vpcd → the private pcscd, a `myna-gateway` process, a real store).
//! pcscd is stopped mid-visit (the reader disappears, as when it is unplugged) and started
//! again: the visit ends without a PIN spent, and when the reader is back the card on it starts
//! a new visit that goes to the end, without restarting the kiosk. A card put in a second reader
//! meanwhile changes nothing. The test holds every reader: stopping pcscd takes them all away.

use crate::common;
use crate::kiosk_loop;

use std::process::Command;
use std::time::Duration;

use common::stack::{self, Sim};
use kiosk_loop::Kiosk;
use myna_kiosk::reception::view::{Screen, UiEvent};

fn pcscd(action: &str) {
    let control = std::env::var("MYNA_PCSCD_CONTROL").expect("MYNA_PCSCD_CONTROL (with-pcscd.sh)");
    let status = Command::new(control).arg(action).status().unwrap();
    assert!(status.success(), "pcscd {action}");
}

fn auth_verifies(sim: &Sim) -> usize {
    let log = sim.apdu_log();
    log.iter()
        .filter(|l| l.contains(" 00 20 00 80 04 "))
        .count()
}

#[test]
fn pcscd_stopped_mid_visit_and_back_the_next_visit_goes_through() {
    let Some(mut readers) = stack::every_reader() else {
        return;
    };
    let (Some(reader), Some(other)) = (readers.pop(), readers.pop()) else {
        panic!("two readers at least (scripts/with-pcscd.sh)");
    };
    if std::env::var_os("MYNA_PCSCD_CONTROL").is_none() {
        stack::missing("MYNA_PCSCD_CONTROL (scripts/with-pcscd.sh)");
        return;
    }
    let sim = Sim::start("normal", &reader, &[]);
    let kiosk = Kiosk::start(&reader.name);

    // The card on the reader at start: a visit begins on the PIN pad (the only way here).
    kiosk.screen(|s| matches!(s, Screen::PinEntry { .. }));
    for d in [1, 2] {
        kiosk.touch(UiEvent::PinDigit(d));
    }
    kiosk.screen(|s| matches!(s, Screen::PinEntry { entered: 2, .. }));

    // Another card in the second reader: not this kiosk's reader, nothing happens.
    let _other_card = Sim::start("normal", &other, &[]);
    assert!(
        kiosk.next_view(Duration::from_millis(500)).is_none(),
        "a card in another reader changed the screen"
    );

    // pcscd goes away mid-entry: the visit ends (nothing typed is kept, nothing sent).
    pcscd("stop");
    kiosk.screen(|s| *s == Screen::Idle);
    assert_eq!(auth_verifies(&sim), 0);

    // Back: the monitor and the worker make new PC/SC contexts, the card is seen again and a
    // whole visit goes through.
    pcscd("start");
    kiosk.screen(|s| matches!(s, Screen::PinEntry { entered: 0, .. }));
    kiosk.type_pin("1234");
    kiosk.screen(|s| matches!(s, Screen::Consent { .. }));
    kiosk.touch(UiEvent::ConsentAll);
    let Screen::Result(result) = kiosk.screen(|s| matches!(s, Screen::Result(_))) else {
        unreachable!()
    };
    assert!(result.provisional_since.is_none(), "answered online");
    assert_eq!(
        auth_verifies(&sim),
        1,
        "one VERIFY, for the PIN typed after the restart"
    );
    assert_eq!(kiosk.visits_today(), 1);
}
