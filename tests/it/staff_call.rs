//! Calling staff (issue 18 §4) through the worker thread loop with the demo's in-process gateway
//! and a real store: with a `[staff] call_command` (a real `sh` writing a line to a file) the
//! patient is told staff were called, and the call is repeated until a staff member signs in;
//! without one, the patient is asked to speak to the reception counter and the staff's health
//! line says that no call mechanism is configured.

use crate::common;

use std::num::NonZeroU32;
use std::path::Path;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use myna_kiosk::app::{VirtualReader, start_demo_gateway};
use myna_kiosk::config::StaffConfig;
use myna_kiosk::reception::desk::{StaffPin, StaffScreen, StaffUi};
use myna_kiosk::reception::runner::{self, Input};
use myna_kiosk::reception::staff_auth::hash_pin;
use myna_kiosk::reception::view::{Notice, Screen, UiEvent, View};
use myna_kiosk::reception::worker::Worker;

const PIN: &str = "13579111";

/// The loop with one staff member (`tanaka`, [`PIN`]) and these `[staff]` settings.
struct Kiosk {
    inputs: mpsc::Sender<Input>,
    views: mpsc::Receiver<View>,
}

impl Kiosk {
    fn start(call_command: Vec<String>, call_repeat_seconds: u32) -> Kiosk {
        let gateway = start_demo_gateway(&common::fixtures()).unwrap();
        let store = &gateway.offline.store;
        let hash = hash_pin(
            &StaffPin::parse(PIN).unwrap(),
            NonZeroU32::new(10_000).unwrap(),
            store.staff_pepper(),
        )
        .unwrap();
        store.staff_set("tanaka", None, &hash).unwrap();
        // Built directly: the 1 s repeat is below kiosk.toml's minimum, to keep the test short.
        let staff = StaffConfig {
            call_command,
            call_repeat_seconds,
            ..StaffConfig::default()
        };
        let worker = Worker::new(VirtualReader::default(), gateway.client)
            .with_offline(gateway.offline)
            .with_staff(&staff);
        let (inputs, rx) = mpsc::channel();
        let (view_tx, views) = mpsc::channel();
        std::thread::spawn(move || runner::run(worker, rx, view_tx, || {}, |_| {}));
        Kiosk { inputs, views }
    }

    fn send(&self, ui: UiEvent) {
        self.inputs.send(Input::Ui(ui)).unwrap();
    }

    /// The first view that `done` accepts within 15 s.
    fn until(&self, done: impl Fn(&View) -> bool) -> View {
        let mut last = None;
        while let Ok(view) = self.views.recv_timeout(Duration::from_secs(15)) {
            if done(&view) {
                return view;
            }
            last = Some(view);
        }
        panic!("no such view; last: {last:?}");
    }

    /// Opens the desk and signs `tanaka` in; the signed-in view with its health line.
    fn sign_in(&self) -> View {
        self.send(UiEvent::Staff(StaffUi::Open));
        self.until(|v| v.staff.is_some());
        self.send(UiEvent::Staff(StaffUi::SelectMember(0)));
        for d in PIN.bytes() {
            self.send(UiEvent::Staff(StaffUi::Digit(d - b'0')));
        }
        self.send(UiEvent::Staff(StaffUi::Submit));
        self.until(|v| {
            v.staff.as_ref().is_some_and(|s| {
                matches!(s.screen, StaffScreen::Cases { .. }) && s.health.is_some()
            })
        })
    }
}

fn calls(file: &Path) -> usize {
    std::fs::read_to_string(file)
        .map(|text| text.lines().count())
        .unwrap_or(0)
}

/// Waits up to `limit` for the file to hold at least `n` calls.
fn wait_for_calls(file: &Path, n: usize, limit: Duration) -> usize {
    let deadline = Instant::now() + limit;
    while calls(file) < n && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
    calls(file)
}

#[test]
fn a_configured_call_is_repeated_until_staff_sign_in() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("calls.txt");
    let command = vec![
        "sh".into(),
        "-c".into(),
        "echo called >> \"$0\"".into(),
        file.to_str().unwrap().into(),
    ];
    let kiosk = Kiosk::start(command, 1);
    kiosk.send(UiEvent::CallStaff);
    kiosk.until(|v| v.screen == Screen::Notice(Notice::StaffCalled));
    assert_eq!(wait_for_calls(&file, 1, Duration::from_secs(5)), 1);
    // Nobody came: called again, about once a second.
    assert!(wait_for_calls(&file, 3, Duration::from_secs(10)) >= 3);
    let view = kiosk.sign_in();
    let health = view.staff.and_then(|s| s.health).unwrap();
    assert!(health.staff_call, "{health:?}");
    // Someone signed in: no more calls (one may have been started just before).
    std::thread::sleep(Duration::from_millis(300));
    let answered = calls(&file);
    std::thread::sleep(Duration::from_millis(2500));
    assert_eq!(calls(&file), answered, "the call went on after the sign-in");
}

#[test]
fn without_a_call_mechanism_the_patient_is_sent_to_the_counter_and_staff_are_warned() {
    let kiosk = Kiosk::start(vec![], 60);
    kiosk.send(UiEvent::CallStaff);
    kiosk.until(|v| v.screen == Screen::Notice(Notice::SpeakToReception));
    // The message stays: no view change comes on its own.
    let next = kiosk.views.recv_timeout(Duration::from_secs(2));
    assert!(next.is_err(), "{next:?}");
    let view = kiosk.sign_in();
    assert_eq!(
        view.screen,
        Screen::Notice(Notice::SpeakToReception),
        "still shown under the desk"
    );
    let health = view.staff.and_then(|s| s.health).unwrap();
    assert!(!health.staff_call, "{health:?}");
    // A touch ends it.
    kiosk.send(UiEvent::Staff(StaffUi::Close));
    kiosk.send(UiEvent::Finish);
    kiosk.until(|v| v.screen == Screen::Idle && v.staff.is_none());
}
