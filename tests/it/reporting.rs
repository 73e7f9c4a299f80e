//! Kiosks reporting to the clinic server (issue 19), against real `myna-gateway` processes:
//! a PIN-locked visit on the real PC/SC stack (myna-sim → vpcd → the private pcscd → the kiosk's
//! worker loop) becomes a case at the gateway within a second, and a staff "on my way" recorded
//! at the gateway reaches that kiosk's screen; a case raised while the gateway is down arrives
//! once it is up (the store's case outbox); a kiosk that stops turns stale on the health board;
//! a console reconnecting "since id N" gets what it missed; bad signatures are refused.
//!
//! The gateway's console API is used as a library on the gateway's database
//! (`myna_gateway::Reports::open`), as a tool beside the running process would.

use crate::common;
use crate::gateway_support::{self, DataDir, Gateway, KIOSK_ID, tls_ca};
use crate::kiosk_loop::Kiosk;

use std::sync::mpsc;
use std::time::{Duration, Instant};

use common::stack::{self, Sim};
use myna_gateway::{EventWhat, Reports};
use myna_kiosk::app::VirtualReader;
use myna_kiosk::config::GatewayConfig;
use myna_kiosk::eligibility::client::{GatewayClient, install_crypto_provider};
use myna_kiosk::eligibility::device_key::DeviceKey;
use myna_kiosk::eligibility::protocol::ErrorCode;
use myna_kiosk::eligibility::reports::{
    CaseOutcome, CaseReason, CaseReport, REPORTS_VERSION, acknowledgements_path,
};
use myna_kiosk::reception::report::Reporter;
use myna_kiosk::reception::runner::{self, Input};
use myna_kiosk::reception::view::{Notice, Screen, UiEvent, View};
use myna_kiosk::reception::worker::{Offline, Worker};
use myna_kiosk::store::Store;

fn reports(gateway: &Gateway) -> Reports {
    Reports::open(&gateway.data.db(), Duration::from_secs(20)).unwrap()
}

/// Polls `found` every 20 ms until it gives something, for at most `limit`.
fn within<T>(limit: Duration, mut found: impl FnMut() -> Option<T>) -> Option<T> {
    let deadline = Instant::now() + limit;
    loop {
        if let Some(value) = found() {
            return Some(value);
        }
        if Instant::now() >= deadline {
            return None;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn a_pin_locked_visit_becomes_a_case_and_staff_on_their_way_reach_the_screen() {
    let Some(reader) = stack::reader() else {
        return;
    };
    let _sim = Sim::start("pin-locked", &reader, &[]);
    let kiosk = Kiosk::start_reporting(&reader.name, Duration::from_secs(1));
    kiosk.screen(|s| *s == Screen::Notice(Notice::PinLocked));
    let shown = Instant::now();
    let reports = reports(kiosk.gateway());
    let case = within(Duration::from_secs(1), || {
        reports.open_cases().unwrap().into_iter().next()
    })
    .unwrap_or_else(|| {
        panic!(
            "no case at the gateway a second after the screen ({:?} later: {:?})",
            shown.elapsed(),
            reports.open_cases()
        )
    });
    assert_eq!(case.kiosk_id, KIOSK_ID);
    assert_eq!(case.reason, CaseReason::PinLocked);
    assert_eq!(case.next_step, "pin_locked");
    // Staff at the console: "on my way".
    reports
        .acknowledge(
            KIOSK_ID,
            &case.case_id,
            "tanaka",
            time::OffsetDateTime::now_utc(),
        )
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(10);
    let mut last: Option<View> = None;
    while let Some(left) = deadline.checked_duration_since(Instant::now()) {
        match kiosk.next_view(left) {
            Some(view) if view.staff_coming => {
                assert_eq!(view.screen, Screen::Notice(Notice::PinLocked));
                let acked = reports.find_case(KIOSK_ID, &case.case_id).unwrap().unwrap();
                assert_eq!(acked.acknowledged_by.as_deref(), Some("tanaka"));
                // The health board has this kiosk, with the card on its reader.
                let board = within(Duration::from_secs(5), || {
                    let board = reports
                        .health_board(time::OffsetDateTime::now_utc())
                        .unwrap();
                    board
                        .into_iter()
                        .find(|k| k.kiosk_id == KIOSK_ID && k.health.card_in_reader)
                })
                .expect("no health with the card in the reader");
                assert!(!board.stale);
                assert_eq!(board.health.reader_attached, Some(true));
                return;
            }
            Some(view) => last = Some(view),
            None => break,
        }
    }
    panic!("the screen never said staff are coming; last view {last:?}");
}

/// The worker loop on an empty virtual reader, reporting with `client` (health every
/// `health_every`), with a real store. Dropping `inputs` stops it. Also the staff console's
/// kiosk (tests/it/console/cases.rs).
pub(crate) struct Loop {
    pub(crate) inputs: mpsc::Sender<Input>,
    pub(crate) views: mpsc::Receiver<View>,
    _dir: tempfile::TempDir,
}

pub(crate) fn start_loop(client: GatewayClient, health_every: Duration, listen: bool) -> Loop {
    let dir = tempfile::tempdir().unwrap();
    let keys = myna_kiosk::eligibility::device_key::keygen(&dir.path().join("keys"), "k").unwrap();
    let offline = Offline {
        store: Store::open(&dir.path().join("kiosk.db"), &keys.data_key).unwrap(),
        cache_max_age: time::Duration::days(30),
        visit_retention: time::Duration::days(90),
        audit_retention: time::Duration::days(365),
    };
    let reports_store = offline.store.another_connection(&keys.data_key).unwrap();
    let reporter = Reporter::start(client.clone(), Some(reports_store), health_every);
    let mut worker = Worker::new(VirtualReader::default(), client)
        .with_offline(offline)
        .with_reporter(Some(reporter));
    let (inputs, rx) = mpsc::channel();
    if listen {
        worker.listen_for_acknowledgements(inputs.clone());
    }
    let (view_tx, views) = mpsc::channel();
    std::thread::spawn(move || runner::run(worker, rx, view_tx, || {}, |_| {}));
    Loop {
        inputs,
        views,
        _dir: dir,
    }
}

impl Loop {
    pub(crate) fn until(&self, done: impl Fn(&View) -> bool) -> View {
        let mut last = None;
        while let Ok(view) = self.views.recv_timeout(Duration::from_secs(15)) {
            if done(&view) {
                return view;
            }
            last = Some(view);
        }
        panic!("no such view; last: {last:?}");
    }
}

/// A kiosk's gateway settings for a gateway at `port` that may be down: short timeouts.
pub(crate) fn config_at(data: &DataDir, port: u16) -> GatewayConfig {
    GatewayConfig {
        url: Some(format!("https://127.0.0.1:{port}")),
        ca_file: Some(tls_ca()),
        kiosk_id: Some(KIOSK_ID.into()),
        device_key: data.key_file.clone(),
        connect_timeout_ms: 300,
        timeout_ms: 1000,
        ..GatewayConfig::default()
    }
}

pub(crate) fn free_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap().port()
}

#[test]
fn a_case_raised_while_the_gateway_is_down_arrives_when_it_is_back() {
    install_crypto_provider();
    let data = DataDir::new();
    let port = free_port();
    let config = config_at(&data, port);
    let kiosk = start_loop(
        GatewayClient::from_config(&config).unwrap(),
        Duration::from_millis(500),
        false,
    );
    // The patient calls staff; no gateway answers.
    kiosk.inputs.send(Input::Ui(UiEvent::CallStaff)).unwrap();
    kiosk.until(|v| matches!(v.screen, Screen::Notice(_)));
    std::thread::sleep(Duration::from_secs(2));
    // The gateway comes up where the kiosk looks for it.
    let listen = format!("127.0.0.1:{port}");
    let gateway = Gateway::start_with(data, true, &["--listen", &listen]);
    let reports = reports(&gateway);
    let case = within(Duration::from_secs(20), || {
        reports.open_cases().unwrap().into_iter().next()
    })
    .expect("the queued case never reached the gateway");
    assert_eq!(case.kiosk_id, KIOSK_ID);
    assert_eq!(case.reason, CaseReason::PatientCalled);
    // Raised before the gateway had it.
    let raised = time::OffsetDateTime::parse(
        &case.raised_at,
        &time::format_description::well_known::Rfc3339,
    )
    .unwrap();
    let received = time::OffsetDateTime::parse(
        &case.received_at,
        &time::format_description::well_known::Rfc3339,
    )
    .unwrap();
    assert!(received - raised >= time::Duration::seconds(1), "{case:?}");
    // Sent once: the outbox is empty, no second row.
    std::thread::sleep(Duration::from_secs(1));
    assert_eq!(reports.open_cases().unwrap().len(), 1);
}

#[test]
fn a_kiosk_that_stops_reporting_turns_stale() {
    let gateway = Gateway::start_with(DataDir::new(), true, &["--stale-after", "2"]);
    let kiosk = start_loop(gateway.client(), Duration::from_millis(300), false);
    let reports = Reports::open(&gateway.data.db(), Duration::from_secs(2)).unwrap();
    let now = time::OffsetDateTime::now_utc;
    let fresh = within(Duration::from_secs(5), || {
        reports.health_board(now()).unwrap().into_iter().next()
    })
    .expect("no health report reached the gateway");
    assert_eq!(fresh.kiosk_id, KIOSK_ID);
    assert!(!fresh.stale);
    assert!(!fresh.health.card_in_reader);
    assert_eq!(fresh.health.kiosk_version, env!("CARGO_PKG_VERSION"));
    assert_eq!(fresh.health.outbox_backlog, Some(0));
    // Still fresh a while later: the reports go on.
    std::thread::sleep(Duration::from_secs(3));
    assert!(!reports.health_board(now()).unwrap()[0].stale);
    // The kiosk stops (its loop ends with its inputs).
    drop(kiosk);
    let stale = within(Duration::from_secs(8), || {
        reports
            .health_board(now())
            .unwrap()
            .into_iter()
            .find(|k| k.stale)
    });
    assert!(stale.is_some(), "{:?}", reports.health_board(now()));
}

fn case(id: &str, reason: CaseReason) -> CaseReport {
    CaseReport {
        version: REPORTS_VERSION,
        case_id: id.into(),
        raised_at: "2026-12-03T01:00:00Z".into(),
        reason,
        detail: None,
        next_step: reason.next_step(None),
    }
}

#[test]
fn a_console_reconnecting_since_id_n_gets_what_it_missed_and_the_kiosk_its_acknowledgements() {
    let gateway = Gateway::start(DataDir::new());
    let client = gateway.client();
    let console = reports(&gateway);
    client
        .report_case(&case("c1", CaseReason::PinLocked))
        .unwrap();
    let seen = console.events_since(0).unwrap();
    assert_eq!(seen.len(), 1);
    let last_seen = seen[0].id;
    // The page is gone while these happen.
    client
        .report_case(&case("c2", CaseReason::PatientCalled))
        .unwrap();
    assert!(
        !client
            .report_case(&case("c1", CaseReason::PinLocked))
            .unwrap()
            .new,
        "a repeat"
    );
    let now = time::OffsetDateTime::now_utc();
    console.acknowledge(KIOSK_ID, "c2", "sato", now).unwrap();
    console
        .resolve(KIOSK_ID, "c1", CaseOutcome::PatientLeft, "sato", now)
        .unwrap();
    let missed = console.events_since(last_seen).unwrap();
    let kinds: Vec<_> = missed.iter().map(|e| e.what.kind()).collect();
    assert_eq!(kinds, ["case_raised", "case_acknowledged", "case_resolved"]);
    assert!(missed.windows(2).all(|w| w[0].id < w[1].id));
    assert!(matches!(&missed[0].what, EventWhat::CaseRaised { case } if case.case_id == "c2"));
    // Live: a subscriber sees the next event, with the next id.
    let mut live = console.subscribe();
    console
        .resolve(KIOSK_ID, "c2", CaseOutcome::Handled, "sato", now)
        .unwrap();
    let event = live.try_recv().unwrap();
    assert!(event.id > missed[2].id);
    // The kiosk's long poll: everything for its cases, from the start, then nothing new.
    let acks = client.acknowledgements(0, Duration::ZERO).unwrap();
    assert_eq!(acks.acknowledgements.len(), 3);
    assert_eq!(acks.cursor, event.id);
    let started = Instant::now();
    let none = client
        .acknowledgements(acks.cursor, Duration::from_secs(1))
        .unwrap();
    assert!(none.acknowledgements.is_empty());
    assert!(started.elapsed() >= Duration::from_millis(900), "it waited");
    assert!(console.open_cases().unwrap().is_empty());
}

#[test]
fn reports_with_a_bad_kiosk_signature_are_refused() {
    let gateway = Gateway::start(DataDir::new());
    // The registered id with another key.
    let pkcs8 =
        ring::signature::Ed25519KeyPair::generate_pkcs8(&ring::rand::SystemRandom::new()).unwrap();
    let impostor = DeviceKey::from_pkcs8(KIOSK_ID, pkcs8.as_ref()).unwrap();
    // Over plain signatures only: the TLS handshake would otherwise show the wrong key.
    let client = gateway.client_with(impostor);
    assert_eq!(
        gateway_support::refused(client.report_case(&case("c1", CaseReason::PinLocked))),
        (401, ErrorCode::BadKioskSignature)
    );
    assert_eq!(
        gateway_support::refused(client.acknowledgements(0, Duration::ZERO)),
        (401, ErrorCode::BadKioskSignature)
    );
    assert!(reports(&gateway).open_cases().unwrap().is_empty());
    assert!(reports(&gateway).events_since(0).unwrap().is_empty());
    // The right key, but the query changed after signing: refused as well.
    install_crypto_provider();
    let key = gateway.key();
    let signed = key.sign_request("GET", &acknowledgements_path(0, 0), b"");
    let http = reqwest::blocking::Client::builder()
        .tls_backend_preconfigured(gateway_support::client_tls())
        .build()
        .unwrap();
    let mut request = http.get(format!("{}{}", gateway.url, acknowledgements_path(5, 0)));
    for (name, value) in signed.pairs() {
        request = request.header(name, value);
    }
    let response = request.send().unwrap();
    assert_eq!(response.status().as_u16(), 401);
    // And signed rightly, accepted.
    assert!(
        gateway
            .client()
            .acknowledgements(0, Duration::ZERO)
            .unwrap()
            .acknowledgements
            .is_empty()
    );
}
