//! End to end: myna-sim → vpcd → private pcscd → `myna-kiosk check` → a `myna-gateway` process
//! over HTTPS → JSON, for each card profile. Run through `bash scripts/test.sh`.

mod common;

use std::sync::OnceLock;

use common::kiosk::KioskAndGateway;
use common::stack::{self, Sim};
use serde_json::Value;

/// One gateway for the whole test binary.
fn gateway() -> &'static KioskAndGateway {
    static GATEWAY: OnceLock<KioskAndGateway> = OnceLock::new();
    GATEWAY.get_or_init(KioskAndGateway::start)
}

fn check(reader: &str, pin: &str, extra: &[&str]) -> (i32, Value) {
    let args = [&["check", "--reader", reader, "--pin-stdin"][..], extra].concat();
    gateway().kiosk(&args, pin)
}

/// Profile, PIN, extra arguments, exit code, status, insurer number of the one result.
type Case = (
    &'static str,
    &'static str,
    &'static [&'static str],
    i32,
    &'static str,
    Option<&'static str>,
);

const CASES: [Case; 12] = [
    (
        "normal",
        "1234",
        &["--consent", "all"],
        0,
        "confirmed",
        Some("01130012"),
    ),
    (
        "expiring-soon",
        "2468",
        &[],
        0,
        "confirmed",
        Some("06139992"),
    ),
    (
        "expired-recently",
        "1357",
        &[],
        0,
        "confirmed",
        Some("39131016"),
    ),
    ("expired-long-ago", "8642", &[], 2, "refused", None),
    ("no-pin", "1234", &[], 4, "needs_staff", None),
    ("one-try-left", "1234", &[], 2, "needs_staff", None),
    ("pin-locked", "1234", &[], 4, "needs_staff", None),
    (
        "android-token",
        "1234",
        &[],
        0,
        "confirmed",
        Some("01130012"),
    ),
    (
        "iphone-token",
        "1234",
        &[],
        0,
        "confirmed",
        Some("31130016"),
    ),
    ("juki-card", "1234", &[], 0, "confirmed", Some("39131016")),
    (
        "under-15",
        "1234",
        &["--consent", "medication_clinical,limit_certificate"],
        0,
        "confirmed",
        Some("01130012"),
    ),
    ("foreign-card", "1234", &[], 5, "needs_staff", None),
];

#[test]
fn every_profile_end_to_end() {
    let Some(reader) = stack::reader() else {
        return;
    };
    for (profile, pin, extra, exit, status, insurer) in CASES {
        let sim = Sim::start(profile, &reader, &[]);
        let (code, json) = check(&reader.name, pin, extra);
        assert_eq!(
            (code, json["status"].as_str()),
            (exit, Some(status)),
            "{profile}: {json}"
        );
        if let Some(insurer) = insurer {
            assert_eq!(json["source"], "gateway", "{profile}");
            assert_eq!(json["qualification_validity"], "1", "{profile}");
            assert_eq!(
                json["results"][0]["insurer_number"], insurer,
                "{profile}: {json}"
            );
        }
        common::assert_no_forbidden_access(&sim.apdu_log());
        drop(sim);
        stack::wait_for_card(&reader.name, false, std::time::Duration::from_secs(10)).unwrap();
    }
}

#[test]
fn wrong_pin_then_last_try_confirmed() {
    let Some(reader) = stack::reader() else {
        return;
    };
    let sim = Sim::start("normal", &reader, &[]);
    let (code, json) = check(&reader.name, "0000", &[]);
    assert_eq!(
        (code, json["error"]["code"].as_str()),
        (3, Some("wrong_pin")),
        "{json}"
    );
    check(&reader.name, "0000", &[]);
    let (code, json) = check(&reader.name, "1234", &[]);
    assert_eq!(
        (code, json["error"]["code"].as_str()),
        (2, Some("last_try_not_confirmed")),
        "{json}"
    );
    let (code, json) = check(
        &reader.name,
        "1234",
        &["--confirm-last-try", "--consent", "all"],
    );
    assert_eq!(
        (code, json["status"].as_str()),
        (0, Some("confirmed")),
        "{json}"
    );
    assert_eq!(
        json["consent"]["record"]["limit_application_certificate_related_cons_flg"], "1",
        "{json}"
    );
    let log = sim.apdu_log();
    assert_eq!(
        log.iter()
            .filter(|l| l.contains(" 00 20 00 80 04 "))
            .count(),
        3,
        "one VERIFY per entry"
    );
}
