//! The reader gone and back, on the real stack: the kiosk's worker loop and card monitor
//! (`app::watch_reader`) on a card in myna-sim → vpcd → the private pcscd, a `myna-gateway`
//! process, a real store. pcscd is stopped mid-visit (the reader disappears, as when it is
//! unplugged) and started again: the visit ends without a PIN spent, and when the reader is back
//! the card on it starts a new visit that goes to the end, without restarting the kiosk.
//! Its own test binary: stopping pcscd would disturb other tests running beside it.

mod common;
#[path = "gateway_support/mod.rs"]
mod support;

use std::process::Command;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use common::stack::{self, Sim};
use myna_kiosk::app::watch_reader;
use myna_kiosk::card::pcsc::Pcsc;
use myna_kiosk::reception::adapters::PcscReader;
use myna_kiosk::reception::runner::{self, Input};
use myna_kiosk::reception::view::{Screen, UiEvent, View};
use myna_kiosk::reception::worker::{Offline, Worker};
use myna_kiosk::store::Store;
use support::{DataDir, Gateway as GatewayProcess};

fn pcscd(action: &str) {
    let control = std::env::var("MYNA_PCSCD_CONTROL").expect("MYNA_PCSCD_CONTROL (with-pcscd.sh)");
    let status = Command::new(control).arg(action).status().unwrap();
    assert!(status.success(), "pcscd {action}");
}

/// The next view whose screen satisfies `done` (earlier ones are skipped), within 20 s.
fn screen(views: &mpsc::Receiver<View>, done: impl Fn(&Screen) -> bool) -> Screen {
    let deadline = Instant::now() + Duration::from_secs(20);
    let mut last = None;
    while let Some(left) = deadline.checked_duration_since(Instant::now()) {
        match views.recv_timeout(left) {
            Ok(view) if done(&view.screen) => return view.screen,
            Ok(view) => last = Some(view.screen),
            Err(_) => break,
        }
    }
    panic!("screen not reached; last: {last:?}");
}

fn auth_verifies(sim: &Sim) -> usize {
    let log = sim.apdu_log();
    log.iter()
        .filter(|l| l.contains(" 00 20 00 80 04 "))
        .count()
}

#[test]
fn pcscd_stopped_mid_visit_and_back_the_next_visit_goes_through() {
    let Some(reader) = stack::reader() else {
        return;
    };
    if std::env::var_os("MYNA_PCSCD_CONTROL").is_none() {
        stack::missing("MYNA_PCSCD_CONTROL (scripts/with-pcscd.sh)");
        return;
    }
    let sim = Sim::start("normal", &reader, &[]);
    let gateway = GatewayProcess::start(DataDir::new());
    let dir = tempfile::tempdir().unwrap();
    let keys = myna_kiosk::eligibility::device_key::keygen(&dir.path().join("keys"), "k").unwrap();
    let offline = Offline {
        store: Store::open(&dir.path().join("kiosk.db"), &keys.data_key).unwrap(),
        cache_max_age: time::Duration::days(30),
        visit_retention: time::Duration::days(90),
        audit_retention: time::Duration::days(365),
    };
    let pcsc = Pcsc::establish().unwrap();
    let card = PcscReader::new(pcsc.clone(), reader.name.clone());
    let worker = Worker::new(card, gateway.client()).with_offline(offline);
    let (inputs, rx) = mpsc::channel();
    let (view_tx, views) = mpsc::channel();
    let worker = std::thread::spawn(move || runner::run(worker, rx, view_tx, || {}, |_| {}));
    watch_reader(&pcsc, reader.name.clone(), inputs.clone());

    // The card on the reader at start: a visit begins; the patient chooses the PIN pad.
    screen(&views, |s| matches!(s, Screen::MethodChoice { .. }));
    inputs.send(Input::Ui(UiEvent::ChoosePin)).unwrap();
    screen(&views, |s| matches!(s, Screen::PinEntry { .. }));
    for d in [1, 2] {
        inputs.send(Input::Ui(UiEvent::PinDigit(d))).unwrap();
    }
    screen(&views, |s| matches!(s, Screen::PinEntry { entered: 2, .. }));

    // pcscd goes away mid-entry: the visit ends (nothing typed is kept, nothing sent).
    pcscd("stop");
    screen(&views, |s| *s == Screen::Idle);
    assert_eq!(auth_verifies(&sim), 0);

    // Back: the monitor and the worker make new PC/SC contexts, the card is seen again and a
    // whole visit goes through.
    pcscd("start");
    screen(&views, |s| matches!(s, Screen::MethodChoice { .. }));
    inputs.send(Input::Ui(UiEvent::ChoosePin)).unwrap();
    for d in [1, 2, 3, 4] {
        inputs.send(Input::Ui(UiEvent::PinDigit(d))).unwrap();
    }
    inputs.send(Input::Ui(UiEvent::PinSubmit)).unwrap();
    screen(&views, |s| matches!(s, Screen::Consent { .. }));
    inputs.send(Input::Ui(UiEvent::ConsentAll)).unwrap();
    let Screen::Result(result) = screen(&views, |s| matches!(s, Screen::Result(_))) else {
        unreachable!()
    };
    assert!(result.provisional_since.is_none(), "answered online");
    assert_eq!(
        auth_verifies(&sim),
        1,
        "one VERIFY, for the PIN typed after the restart"
    );

    drop(inputs);
    drop(views);
    drop(sim);
    let _ = worker.join();
}
