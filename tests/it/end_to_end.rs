//! End to end: myna-sim → vpcd → private pcscd → `myna-kiosk check` → a `myna-gateway` process
//! over HTTPS → JSON, for each card profile. Run through `bash scripts/test.sh`.

use crate::common;

use std::sync::{Arc, Mutex, Weak};

use common::kiosk::KioskAndGateway;
use common::stack::{self, Sim};
use serde_json::Value;

/// The gateway these tests share while any of them uses it. Not a plain static: a static is
/// never dropped, and its `myna-gateway` process would outlive the test binary.
fn gateway() -> Arc<KioskAndGateway> {
    static GATEWAY: Mutex<Weak<KioskAndGateway>> = Mutex::new(Weak::new());
    let mut shared = GATEWAY.lock().unwrap();
    if let Some(gateway) = shared.upgrade() {
        return gateway;
    }
    let gateway = Arc::new(KioskAndGateway::start());
    *shared = Arc::downgrade(&gateway);
    gateway
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
    ("juki-card", "1234", &[], 5, "refused", None),
    (
        "under-15",
        "1234",
        &["--consent", "medication_clinical,health_check"],
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
        stack::wait_for_card(&reader.name, false, stack::CARD_WAIT).unwrap();
    }
}

/// Counts the VERIFY commands with data (a PIN sent) in the simulator's APDU log.
fn pins_sent(log: &[String]) -> usize {
    log.iter()
        .filter(|l| l.contains(" 00 20 00 80 04 "))
        .count()
}

#[test]
fn the_limit_information_is_not_a_consent() {
    let Some(reader) = stack::reader() else {
        return;
    };
    let sim = Sim::start("normal", &reader, &[]);
    let (code, json) = check(&reader.name, "1234", &["--consent", "limit_certificate"]);
    assert_eq!(code, 64, "{json}");
    assert!(
        json["error"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("no longer a consent")),
        "{json}"
    );
    assert_eq!(pins_sent(&sim.apdu_log()), 0, "a usage error sends no PIN");
    let (code, json) = check(&reader.name, "1234", &["--consent", "none"]);
    assert_eq!(code, 0, "{json}");
    let limit = &json["results"][0]["limit_application_certificate_related_info"];
    assert_eq!(
        limit["limit_application_certificate_classification_flag"], "A03",
        "{json}"
    );
    let record = &json["consent"]["record"];
    assert_eq!(record["diagnosis_info_cons_flg"], "0", "{json}");
    assert_eq!(
        record["limit_application_certificate_related_cons_flg"], "1",
        "{json}"
    );
}

#[test]
fn a_certificate_in_its_grace_confirms_eligibility_only() {
    let Some(reader) = stack::reader() else {
        return;
    };
    let _sim = Sim::start("expired-recently", &reader, &[]);
    let (code, json) = check(&reader.name, "1357", &["--consent", "all"]);
    assert_eq!(
        (code, json["status"].as_str()),
        (0, Some("confirmed")),
        "{json}"
    );
    // No consent screen: nothing given, nothing recorded, the 限度額 block flag still set.
    for item in ["medication_clinical", "surgery", "health_check"] {
        assert_eq!(json["consent"][item], false, "{item}: {json}");
    }
    let record = &json["consent"]["record"];
    for flag in [
        "diagnosis_info_cons_flg",
        "pharmacists_info_cons_flg",
        "operation_info_cons_flg",
        "specific_health_checkups_info_cons_flg",
    ] {
        assert_eq!(record[flag], "0", "{flag}: {json}");
    }
    assert_eq!(record["available_time"], "", "{json}");
    assert_eq!(
        record["limit_application_certificate_related_cons_flg"], "1",
        "{json}"
    );
    assert!(
        json["warnings"]
            .as_array()
            .is_some_and(|w| w.iter().any(|w| w["code"] == "certificate_expired_grace")),
        "{json}"
    );
}

#[test]
fn a_juki_card_is_refused_before_any_pin() {
    let Some(reader) = stack::reader() else {
        return;
    };
    let sim = Sim::start("juki-card", &reader, &[]);
    let (code, json) = check(&reader.name, "1234", &[]);
    assert_eq!(
        (code, json["error"]["code"].as_str()),
        (5, Some("juki_card")),
        "{json}"
    );
    assert_eq!(pins_sent(&sim.apdu_log()), 0);
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
    assert_eq!(pins_sent(&sim.apdu_log()), 3, "one VERIFY per entry");
}
