//! Offline: the gateway stops answering; the kiosk answers from its encrypted cache
//! (provisional), queues the confirmation with the visit, and replays it exactly once when the
//! gateway is back. Real stack: myna-sim → private pcscd → `myna-kiosk` → `myna-gateway`.

use crate::common;

use common::kiosk::KioskAndGateway;
use common::stack::{self, Sim};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

#[test]
fn offline_answers_from_cache_and_replays_exactly_once() {
    let Some(reader) = stack::reader() else {
        return;
    };
    let _sim = Sim::start("normal", &reader, &[]);
    let mut kiosk = KioskAndGateway::start();
    let online = kiosk.url.clone();
    let listen = kiosk.listen();
    let check = [
        "check",
        "--reader",
        reader.name.as_str(),
        "--pin-stdin",
        "--consent",
        "all",
    ];

    // Gateway down, nothing cached yet: staff, but the confirmation is queued.
    kiosk.stop_gateway();
    let (code, json) = kiosk.kiosk(&check, "1234");
    assert_eq!(
        (code, json["error"]["code"].as_str()),
        (6, Some("gateway_unreachable")),
        "{json}"
    );

    // Back up: confirmed by the gateway, which fills the cache.
    kiosk.start_gateway(&listen);
    assert_eq!(kiosk.url, online);
    let before = OffsetDateTime::now_utc();
    let (code, json) = kiosk.kiosk(&check, "1234");
    let after = OffsetDateTime::now_utc();
    assert_eq!(
        (code, json["source"].as_str(), json["provisional"].as_bool()),
        (0, Some("gateway"), Some(false)),
        "{json}"
    );
    assert!(json.get("as_of").is_none(), "today's answer: {json}");
    assert_eq!(kiosk.recorded("1a2b3c4d00000001"), 1);

    // Down again: answered from the cache, marked as such, queued.
    kiosk.stop_gateway();
    let (code, json) = kiosk.kiosk(&check, "1234");
    assert_eq!(
        (code, json["status"].as_str(), json["source"].as_str()),
        (0, Some("confirmed"), Some("cache")),
        "{json}"
    );
    assert_eq!(json["results"][0]["insurer_number"], "01130012");
    // It says how old it is: provisional, as of the confirmation it came from.
    assert_eq!(json["provisional"], true, "{json}");
    let as_of = OffsetDateTime::parse(json["as_of"].as_str().unwrap(), &Rfc3339).unwrap();
    assert!(before <= as_of && as_of <= after, "{json}");
    let (code, json) = kiosk.kiosk(&["outbox", "replay"], "");
    assert_eq!(
        (code, json["waiting"].as_u64()),
        (6, Some(2)),
        "still offline: {json}"
    );

    // Back: both queued confirmations are delivered, once.
    kiosk.start_gateway(&listen);
    let (code, json) = kiosk.kiosk(&["outbox", "replay"], "");
    assert_eq!(
        (code, json["sent"].as_u64(), json["waiting"].as_u64()),
        (0, Some(2), Some(0)),
        "{json}"
    );
    assert_eq!(kiosk.recorded("1a2b3c4d00000001"), 3);
    let (_, json) = kiosk.kiosk(&["outbox", "replay"], "");
    assert_eq!(json["sent"].as_u64(), Some(0));
    assert_eq!(
        kiosk.recorded("1a2b3c4d00000001"),
        3,
        "nothing recorded twice"
    );

    // The audit chain of the kiosk's store still verifies.
    let (code, json) = kiosk.kiosk(&["audit", "verify"], "");
    assert_eq!(code, 0, "{json}");
}
