//! The demo's wiring without a window: the worker thread loop with a virtual card in the demo
//! reader and the in-process gateway, driven by the inputs the window would send; and
//! `demo --gateway`'s, reporting to a `myna-gateway` process.

use crate::common;

use std::sync::mpsc;
use std::time::Duration;

use crate::gateway_support::{DataDir, Gateway, KIOSK_ID, tls_ca};
use myna_gateway::Reports;
use myna_kiosk::app::{DemoGateway, VirtualReader, connect_demo, start_demo_gateway};
use myna_kiosk::config::GatewayConfig;
use myna_kiosk::eligibility::protocol::Consent;
use myna_kiosk::eligibility::reports::CaseReason;
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

/// `myna-kiosk demo --gateway URL --kiosk-id ID`: the demo kiosk's store and reporter
/// (`connect_demo`) against a gateway process. A patient's call becomes a case there under the
/// kiosk's id, and staff's "on my way" reaches the screen.
#[test]
fn demo_at_a_gateway_elsewhere_reports_its_cases_and_hears_staff() {
    let gw = Gateway::start_with(DataDir::new(), true, &[]);
    let config = GatewayConfig {
        url: Some(gw.url.clone()),
        ca_file: Some(tls_ca()),
        kiosk_id: Some(KIOSK_ID.into()),
        device_key: gw.data.key_file.clone(),
        ..GatewayConfig::default()
    };
    let demo = connect_demo(&config).unwrap();
    let reporter = demo.reporter(Duration::from_secs(1)).unwrap();
    let DemoGateway {
        client,
        offline,
        dir: _dir,
    } = demo;
    let mut worker = Worker::new(VirtualReader::default(), client)
        .with_offline(offline)
        .with_reporter(Some(reporter));
    let (input_tx, input_rx) = mpsc::channel();
    worker.listen_for_acknowledgements(input_tx.clone());
    let (view_tx, views) = mpsc::channel();
    let thread = std::thread::spawn(move || runner::run(worker, input_rx, view_tx, || {}, |_| {}));
    until(&views, |s| *s == Screen::Idle);

    input_tx.send(Input::Ui(UiEvent::CallStaff)).unwrap();
    until(&views, |s| matches!(s, Screen::Notice(_)));
    let reports = Reports::open(&gw.data.db(), Duration::from_secs(20)).unwrap();
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    let case = loop {
        if let Some(case) = reports.open_cases().unwrap().into_iter().next() {
            break case;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "no case at the gateway"
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    assert_eq!(case.kiosk_id, KIOSK_ID);
    assert_eq!(case.reason, CaseReason::PatientCalled);
    reports
        .acknowledge(KIOSK_ID, &case.case_id, "tanaka", OffsetDateTime::now_utc())
        .unwrap();
    let came = loop {
        match views.recv_timeout(Duration::from_secs(10)) {
            Ok(view) if view.staff_coming => break true,
            Ok(_) => {}
            Err(_) => break false,
        }
    };
    assert!(came, "the screen never said staff are coming");
    // The reporter's long poll holds the loop's inputs: the loop ends with the test process.
    drop(thread);
}
