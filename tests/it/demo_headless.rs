//! The demo's wiring without a window: the worker thread loop with a virtual card in the demo
//! reader and the in-process gateway, driven by the inputs the window would send.

use crate::common;

use std::sync::mpsc;
use std::time::Duration;

use myna_kiosk::app::{VirtualReader, start_demo_gateway};
use myna_kiosk::eligibility::protocol::Consent;
use myna_kiosk::reception::runner::{self, Input};
use myna_kiosk::reception::view::{Screen, UiEvent, View};
use myna_kiosk::reception::worker::Worker;
use time::OffsetDateTime;

/// Waits for the first view that `done` accepts; panics with the last one after 10 s.
fn until(views: &mpsc::Receiver<View>, done: impl Fn(&Screen) -> bool) -> View {
    let mut last = None;
    while let Ok(view) = views.recv_timeout(Duration::from_secs(10)) {
        if done(&view.screen) {
            return view;
        }
        last = Some(view);
    }
    panic!("no such screen; last: {last:?}");
}

#[test]
fn demo_wiring_reaches_a_result_and_forgets_on_removal() {
    let gateway = start_demo_gateway(&common::fixtures()).unwrap();
    let reader = VirtualReader::default();
    let worker = Worker::new(reader.clone(), gateway.client);
    let (input_tx, input_rx) = mpsc::channel();
    let (view_tx, views) = mpsc::channel();
    let thread = std::thread::spawn(move || runner::run(worker, input_rx, view_tx, || {}, |_| {}));
    until(&views, |s| *s == Screen::Idle);

    reader.put(Some(
        myna_kiosk::sim::load_card(&common::profile("normal"), OffsetDateTime::now_utc()).unwrap(),
    ));
    input_tx.send(Input::CardInserted).unwrap();
    until(&views, |s| {
        matches!(
            s,
            Screen::PinEntry {
                tries_left: Some(3),
                entered: 0,
            }
        )
    });
    for digit in [1, 2, 3, 4] {
        input_tx.send(Input::Ui(UiEvent::PinDigit(digit))).unwrap();
    }
    input_tx.send(Input::Ui(UiEvent::PinSubmit)).unwrap();
    until(&views, |s| matches!(s, Screen::Consent { .. }));
    input_tx.send(Input::Ui(UiEvent::ConsentAll)).unwrap();
    let view = until(&views, |s| matches!(s, Screen::Result(_)));
    let Screen::Result(result) = view.screen else {
        unreachable!()
    };
    // "Done" only: who the patient is stays with staff.
    assert_eq!(result.provisional_since, None);
    assert_eq!(result.consent, Consent::ALL);

    reader.put(None);
    input_tx.send(Input::CardRemoved).unwrap();
    until(&views, |s| *s == Screen::Idle);
    drop(input_tx);
    thread.join().unwrap();
}
