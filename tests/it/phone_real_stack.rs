//! The iPhone on the real stack: `myna-sim` (iPhone profile, simulated patient) → vpcd → private
//! pcscd → `myna-kiosk check` → a `myna-gateway` process over HTTPS. The patient confirms on
//! the phone: a result, and not one VERIFY in the simulator's APDU log; a cancel, no answer in
//! time and an unknown status word end cleanly, with nothing recorded. Run through
//! `bash scripts/test.sh` (or `scripts/with-pcscd.sh`).

use crate::common;
use crate::phone_support;

use std::time::{Duration, Instant};

use common::kiosk::KioskAndGateway;
use common::stack::{self, Sim};
use serde_json::Value;

/// The iPhone fixture's certificate serial (fixtures/cards/iphone-token.toml).
const SERIAL: &str = "1a2b3c4d00000009";

/// The kiosk waits 10 s for the phone (the shortest `[card] phone_confirm_seconds`).
fn gateway() -> KioskAndGateway {
    let gateway = KioskAndGateway::start();
    let mut config = std::fs::read_to_string(&gateway.config).unwrap();
    config.push_str("[card]\nphone_confirm_seconds = 10\n");
    std::fs::write(&gateway.config, config).unwrap();
    gateway
}

/// `check` on `reader`, with `--pin-stdin` and this PIN when given.
fn check(gateway: &KioskAndGateway, reader: &str, pin: Option<&str>) -> (i32, Value, Duration) {
    let mut args = vec!["check", "--reader", reader, "--consent", "all"];
    if pin.is_some() {
        args.push("--pin-stdin");
    }
    let started = Instant::now();
    let (code, json) = gateway.kiosk(&args, pin.unwrap_or(""));
    (code, json, started.elapsed())
}

/// Visits the kiosk recorded today (UTC day).
fn visits(gateway: &KioskAndGateway) -> Vec<(String, String)> {
    let d = gateway.dir.path();
    let store =
        myna_kiosk::store::Store::open(&d.join("kiosk.sqlite"), &d.join("keys/data.key")).unwrap();
    store
        .visits_on(time::OffsetDateTime::now_utc().date(), time::UtcOffset::UTC)
        .unwrap()
        .into_iter()
        .map(|v| (v.method.to_string(), v.status.to_string()))
        .collect()
}

#[test]
fn iphone_confirm_cancel_no_answer_unknown_status() {
    let Some(reader) = stack::reader() else {
        return;
    };
    let gateway = gateway();
    let dir = tempfile::tempdir().unwrap();

    // Confirmed on the phone after 1.5 s: a result, no VERIFY, no PIN asked.
    let confirm = phone_support::profile(
        dir.path(),
        "confirm",
        "patient = \"confirm\"\nafter_ms = 1500",
    );
    let sim = Sim::start(confirm.to_str().unwrap(), &reader, &[]);
    let (code, json, took) = check(&gateway, &reader.name, None);
    assert_eq!(
        (code, json["status"].as_str()),
        (0, Some("confirmed")),
        "{json}"
    );
    assert_eq!(json["method"], "iphone", "{json}");
    assert_eq!(json["source"], "gateway", "{json}");
    assert_eq!(json["results"][0]["insurer_number"], "31130016", "{json}");
    assert!(took >= Duration::from_millis(1500), "{took:?}");
    let log = sim.apdu_log();
    assert_eq!(phone_support::verifies(&log), 0, "{log:#?}");
    let (signs, waiting) = phone_support::signatures(&log);
    assert!(waiting >= 1 && signs - waiting == 2, "{log:#?}");
    common::assert_no_forbidden_access(&log);
    assert_eq!(gateway.recorded(SERIAL), 1);
    assert_eq!(
        visits(&gateway),
        [("iphone".to_string(), "confirmed".to_string())]
    );
    drop(sim);
    stack::wait_for_card(&reader.name, false, stack::CARD_WAIT).unwrap();

    // A PIN given for an iPhone is never sent.
    let sim = Sim::start(confirm.to_str().unwrap(), &reader, &[]);
    let (code, json, _) = check(&gateway, &reader.name, Some("1234"));
    assert_eq!(
        (code, json["status"].as_str()),
        (0, Some("confirmed")),
        "{json}"
    );
    assert_eq!(phone_support::verifies(&sim.apdu_log()), 0);
    assert_eq!(gateway.recorded(SERIAL), 2);
    drop(sim);
    stack::wait_for_card(&reader.name, false, stack::CARD_WAIT).unwrap();
    let before = visits(&gateway).len();

    // Cancelled on the phone: a clean end, nothing recorded at the kiosk or the gateway.
    let cancel = phone_support::profile(
        dir.path(),
        "cancel",
        "patient = \"cancel\"\nafter_ms = 1000",
    );
    let sim = Sim::start(cancel.to_str().unwrap(), &reader, &[]);
    let (code, json, _) = check(&gateway, &reader.name, None);
    assert_eq!(
        (code, json["error"]["code"].as_str()),
        (2, Some("phone_cancelled")),
        "{json}"
    );
    assert_eq!(json["results"], Value::Array(vec![]), "{json}");
    assert_eq!(phone_support::verifies(&sim.apdu_log()), 0);
    drop(sim);
    stack::wait_for_card(&reader.name, false, stack::CARD_WAIT).unwrap();

    // No answer: the kiosk gives up after its 10 s.
    let silent = phone_support::profile(dir.path(), "silent", "patient = \"no_answer\"");
    let sim = Sim::start(silent.to_str().unwrap(), &reader, &[]);
    let (code, json, took) = check(&gateway, &reader.name, None);
    assert_eq!(
        (code, json["error"]["code"].as_str()),
        (2, Some("phone_no_answer")),
        "{json}"
    );
    assert!(
        took >= Duration::from_secs(10) && took < Duration::from_secs(20),
        "{took:?}"
    );
    let log = sim.apdu_log();
    assert_eq!(phone_support::verifies(&log), 0);
    assert!(
        phone_support::signatures(&log).1 >= 10,
        "asked again while waiting"
    );
    drop(sim);
    stack::wait_for_card(&reader.name, false, stack::CARD_WAIT).unwrap();

    // A status word the kiosk does not know: a card problem, at once.
    let odd = phone_support::profile(
        dir.path(),
        "odd",
        "patient = \"confirm\"\nafter_ms = 5000\nwaiting_status = \"6F00\"",
    );
    let sim = Sim::start(odd.to_str().unwrap(), &reader, &[]);
    let (code, json, took) = check(&gateway, &reader.name, None);
    assert_eq!(
        (code, json["error"]["code"].as_str()),
        (5, Some("card_error")),
        "{json}"
    );
    assert!(took < Duration::from_secs(5), "{took:?}");
    assert_eq!(phone_support::verifies(&sim.apdu_log()), 0);
    drop(sim);

    assert_eq!(
        gateway.recorded(SERIAL),
        2,
        "nothing more reached the gateway"
    );
    assert_eq!(
        visits(&gateway).len(),
        before,
        "nothing more recorded at the kiosk"
    );
}
