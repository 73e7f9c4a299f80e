//! The store refuses writes (here: another connection holds SQLite's write lock, so every write
//! ends in SQLITE_BUSY after the store's busy timeout, as a full disk would end in an error):
//! - offline, a cached result is shown only when its visit and offline-signed confirmation were
//!   queued; otherwise the patient is sent to staff (exit "gateway unreachable");
//! - outbox replay counts an entry as sent only once the store has marked it, and stops at the
//!   first entry it cannot mark instead of sending the rest.

use crate::common::results;
use myna_kiosk::eligibility::device_key::DeviceKey;
use myna_kiosk::eligibility::requests::{ConfirmationAnswer, GatewayRequest};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use myna_kiosk::card::transport::{InMemoryTransport, Transport};
use myna_kiosk::card::{AuthPin, CardError};
use myna_kiosk::check::{self, CheckOptions, exit};
use myna_kiosk::eligibility::device_key::keygen;
use myna_kiosk::eligibility::protocol::{
    ConfirmationRequest, ConfirmationResult, Consent, QualificationResult,
};
use myna_kiosk::reception::flow::GatewayProblem;
use myna_kiosk::reception::worker::{CardAccess, Gateway, Offline, Worker};
use myna_kiosk::store::Store;
use time::OffsetDateTime;

/// The normal card, loaded once like a physical card: the simulator makes its certificate when
/// it loads, and offline the kiosk relies on a cached answer only for the certificate it was
/// stored for.
struct Card(Arc<Mutex<myna_kiosk::sim::VirtualCard>>);

impl Card {
    fn new() -> Self {
        let profile = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/cards/normal.toml");
        let card = myna_kiosk::sim::load_card(&profile, OffsetDateTime::now_utc()).unwrap();
        Card(Arc::new(Mutex::new(card)))
    }
}

impl CardAccess for Card {
    fn connect(&mut self) -> Result<Box<dyn Transport>, CardError> {
        let card = self.0.clone();
        card.lock().unwrap().reset();
        Ok(Box::new(InMemoryTransport::new(move |apdu| {
            Some(card.lock().unwrap().process(apdu))
        })))
    }
}

/// Answers "valid, one match" while `up`, else cannot be reached.
struct StandIn {
    up: Arc<AtomicBool>,
}

impl Gateway for StandIn {
    fn kiosk_id(&self) -> &str {
        "stand-in"
    }

    fn challenge(&mut self) -> Result<String, GatewayProblem> {
        use base64::Engine;
        if !self.up.load(Ordering::SeqCst) {
            return Err(GatewayProblem::Unreachable);
        }
        Ok(base64::engine::general_purpose::STANDARD.encode(b"0123456789abcdef0123456789abcdef"))
    }

    fn confirm(
        &mut self,
        request: &ConfirmationRequest,
    ) -> Result<ConfirmationResult, GatewayProblem> {
        if !self.up.load(Ordering::SeqCst) {
            return Err(GatewayProblem::Unreachable);
        }
        Ok(results::confirmation(
            &request.request_id,
            vec![QualificationResult {
                name: "試験 太郎".into(),
                ..Default::default()
            }],
        ))
    }

    /// Card confirmations only.
    fn send(&mut self, _: &GatewayRequest) -> Result<ConfirmationAnswer, GatewayProblem> {
        Err(GatewayProblem::Refused(
            myna_kiosk::eligibility::protocol::ErrorCode::BadRequest,
        ))
    }

    fn device_key(&self) -> Option<&DeviceKey> {
        None
    }
}

fn visit(worker: &mut Worker<Card, StandIn>) -> check::CheckReport {
    check::run(
        worker,
        CheckOptions {
            pin: Some(AuthPin::new("1234").unwrap()),
            consent: Consent::ALL,
            confirm_last_try: false,
        },
    )
}

/// Holds the database's write lock until dropped.
fn lock_writes(db: &Path) -> rusqlite::Connection {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.execute_batch("BEGIN IMMEDIATE").unwrap();
    conn
}

#[test]
fn a_store_that_refuses_writes_sends_to_staff_and_stops_the_replay() {
    let dir = tempfile::tempdir().unwrap();
    let key = keygen(&dir.path().join("keys"), "stand-in")
        .unwrap()
        .data_key;
    let db = dir.path().join("kiosk.db");
    let offline = Offline {
        store: Store::open(&db, &key).unwrap(),
        cache_max_age: time::Duration::days(30),
        visit_retention: time::Duration::days(90),
        audit_retention: time::Duration::days(365),
    };
    let observer = Store::open(&db, &key).unwrap();
    let up = Arc::new(AtomicBool::new(true));
    let mut worker = Worker::new(Card::new(), StandIn { up: up.clone() }).with_offline(offline);

    // Online: confirmed, and cached for offline days.
    let before = time::OffsetDateTime::now_utc();
    let report = visit(&mut worker);
    assert_eq!(report.exit_code, exit::CONFIRMED, "{report:?}");
    assert!(!report.provisional && report.as_of.is_none(), "{report:?}");
    let after = time::OffsetDateTime::now_utc();

    // Offline, the store writable: the cached result, its confirmation queued.
    up.store(false, Ordering::SeqCst);
    let report = visit(&mut worker);
    assert_eq!(report.exit_code, exit::CONFIRMED, "{report:?}");
    assert_eq!(report.source, Some("cache"), "{report:?}");
    // How old it is: as of the online confirmation above.
    assert!(report.provisional, "{report:?}");
    let as_of = report.as_of.unwrap();
    assert!(before <= as_of && as_of <= after, "{report:?}");
    let json = serde_json::to_value(&report).unwrap();
    assert_eq!(json["provisional"], true);
    assert!(json["as_of"].is_string(), "{json}");
    assert_eq!(observer.waiting().unwrap(), 1);

    // Offline, the store refusing writes: nothing queued, so no cached result either.
    let lock = lock_writes(&db);
    let report = visit(&mut worker);
    drop(lock);
    assert_eq!(report.exit_code, exit::GATEWAY_UNREACHABLE, "{report:?}");
    assert_eq!(observer.waiting().unwrap(), 1);

    // Back online, the store still refusing writes: the entry is delivered but cannot be marked
    // sent, so it does not count and stays queued.
    up.store(true, Ordering::SeqCst);
    let lock = lock_writes(&db);
    assert_eq!(worker.replay(), 0);
    drop(lock);
    assert_eq!(observer.waiting().unwrap(), 1);

    // The store writable again: sent once, and the queue is empty.
    assert_eq!(worker.replay(), 1);
    assert_eq!(observer.waiting().unwrap(), 0);
}
