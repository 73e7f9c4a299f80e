//! Crash during replay (issue 4): a backlog of offline confirmations, signed by the virtual card
//! over the kiosk's offline challenge and queued with their visits, is replayed by real
//! `myna-kiosk outbox replay` processes against a real `myna-gateway` process, and each replaying
//! process is killed with SIGKILL at a random moment, 200 times. Then one last replay.
//!
//! A kill between the gateway's answer and the kiosk's `DELETE` leaves a confirmation the gateway
//! has recorded still queued ("sent but not marked"). That is harmless only because the gateway
//! answers a request id it has seen with its first answer and records nothing: the test counts
//! the rounds that left such rows, and requires the last replay to drain them while the gateway
//! still holds exactly one confirmation (and one consent) per request id.

use crate::common;

use std::collections::BTreeSet;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use base64::Engine;
use common::kiosk::KioskAndGateway;
use myna_kiosk::card::transport::InMemoryTransport;
use myna_kiosk::card::{AuthPin, CardSession, DigestInfo};
use myna_kiosk::eligibility::protocol::{ConfirmationRequest, Consent, offline_challenge};
use myna_kiosk::store::{Store, Visit, VisitMethod, VisitStatus};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

const ROUNDS: usize = 200;
/// Refill the backlog when fewer than this many wait, so that every kill lands in real work.
const LOW_WATER: usize = 8;
const REFILL: usize = 24;

/// Offline confirmations as the worker makes them: one VERIFY, then the card signs the kiosk's
/// offline challenge; visit and outbox entry are written in one transaction.
struct Backlog {
    session: CardSession<InMemoryTransport>,
    made: Vec<String>,
}

impl Backlog {
    fn new() -> Self {
        let mut card =
            myna_kiosk::sim::load_card(&common::profile("normal"), OffsetDateTime::now_utc())
                .unwrap();
        let transport = InMemoryTransport::new(move |apdu| Some(card.process(apdu)));
        let mut session = CardSession::new(transport);
        session.identify().unwrap();
        Backlog {
            session,
            made: Vec::new(),
        }
    }

    fn add(&mut self, store: &Store, n: usize) {
        let b64 = base64::engine::general_purpose::STANDARD;
        let mut signer = self
            .session
            .verify_auth_pin(AuthPin::new("1234").unwrap())
            .unwrap();
        let certificate = signer.read_auth_certificate().unwrap();
        for _ in 0..n {
            let request_id = format!("replay-crash-{:04}", self.made.len());
            let signed_at = OffsetDateTime::now_utc().format(&Rfc3339).unwrap();
            let challenge = offline_challenge("e2e", &request_id, &signed_at);
            let signature = signer.sign(&DigestInfo::sha256(&challenge)).unwrap();
            let request: ConfirmationRequest = serde_json::from_value(serde_json::json!({
                "request_id": request_id,
                "method": "pin",
                "challenge": b64.encode(&challenge),
                "evidence": {
                    "auth_certificate": b64.encode(certificate.der()),
                    "signature": b64.encode(&signature),
                },
                "consent": Consent::ALL,
                "offline_signed_at": signed_at,
            }))
            .unwrap();
            let visit = Visit {
                at: OffsetDateTime::now_utc(),
                method: VisitMethod::Pin,
                status: VisitStatus::Provisional,
                provisional: true,
                details: serde_json::json!({ "request_id": request_id }),
            };
            store.record_visit(&visit, Some(&request)).unwrap();
            self.made.push(request_id);
        }
    }
}

fn queued(store: &Store) -> Vec<String> {
    store
        .pending(
            OffsetDateTime::now_utc() + time::Duration::days(366),
            1_000_000,
        )
        .unwrap()
        .into_iter()
        .map(|e| e.request.request_id)
        .collect()
}

fn gateway_ids(kiosk: &KioskAndGateway, table: &str) -> Vec<String> {
    let db = rusqlite::Connection::open(kiosk.dir.path().join("gateway.sqlite")).unwrap();
    db.busy_timeout(Duration::from_secs(5)).unwrap();
    let mut stmt = db
        .prepare(&format!(
            "SELECT request_id FROM {table} ORDER BY request_id"
        ))
        .unwrap();
    stmt.query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

#[test]
fn replay_killed_at_random_records_each_confirmation_once() {
    let started = Instant::now();
    let kiosk = KioskAndGateway::start();
    let db = kiosk.dir.path().join("kiosk.sqlite");
    let key = kiosk.dir.path().join("keys/data.key");
    // How long a replay takes to start on this machine now (the process and the store, with
    // nothing queued yet): the kill window is placed around it, so that a loaded machine still
    // kills between the sends rather than always before the first.
    let startup = {
        let t = Instant::now();
        Command::new(env!("CARGO_BIN_EXE_myna-kiosk"))
            .arg("--config")
            .arg(&kiosk.config)
            .args(["outbox", "replay"])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .unwrap();
        t.elapsed().min(Duration::from_secs(2))
    };
    let startup_us = startup.as_micros() as u64;
    let mut backlog = Backlog::new();
    {
        let store = Store::open(&db, &key).unwrap();
        backlog.add(&store, REFILL);
    }

    let mut seed: u64 = 0x2545_F491_4F6C_DD1D;
    let mut sent_not_marked = 0;
    let mut exited_before_kill = 0;
    for _ in 0..ROUNDS {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let mut child = Command::new(env!("CARGO_BIN_EXE_myna-kiosk"))
            .arg("--config")
            .arg(&kiosk.config)
            .args(["outbox", "replay"])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        // From before the store is open to well into the sends.
        std::thread::sleep(Duration::from_micros(
            startup_us / 2 + seed % (60_000 + startup_us),
        ));
        if child.try_wait().unwrap().is_some() {
            exited_before_kill += 1;
        }
        child.kill().unwrap();
        child.wait().unwrap();

        let store = Store::open(&db, &key).unwrap();
        let waiting: BTreeSet<String> = queued(&store).into_iter().collect();
        let recorded: BTreeSet<String> = gateway_ids(&kiosk, "confirmations").into_iter().collect();
        if waiting.intersection(&recorded).next().is_some() {
            sent_not_marked += 1;
        }
        if waiting.len() < LOW_WATER {
            backlog.add(&store, REFILL);
        }
    }

    // The last replay, not killed: everything goes, the repeats are answered, not refused.
    let (code, json) = kiosk.kiosk(&["outbox", "replay"], "");
    assert_eq!((code, json["waiting"].as_u64()), (0, Some(0)), "{json}");
    let store = Store::open(&db, &key).unwrap();
    assert!(queued(&store).is_empty());

    // Exactly once at the gateway, nothing lost, nothing made up.
    let mut made = backlog.made.clone();
    made.sort();
    assert_eq!(gateway_ids(&kiosk, "confirmations"), made);
    assert_eq!(gateway_ids(&kiosk, "consents"), made);
    assert_eq!(kiosk.recorded("1a2b3c4d00000001"), made.len() as i64);
    // Every visit is still there (replay never touches visits).
    let today = OffsetDateTime::now_utc().date();
    let visits = store.visits_on(today, time::UtcOffset::UTC).unwrap().len()
        + store
            .visits_on(today.previous_day().unwrap(), time::UtcOffset::UTC)
            .unwrap()
            .len();
    assert_eq!(visits, made.len());
    drop(store);
    let (code, json) = kiosk.kiosk(&["audit", "verify"], "");
    assert_eq!(code, 0, "{json}");

    eprintln!(
        "replay crash: {ROUNDS} kills ({exited_before_kill} replays had finished first), \
         {} confirmations, {sent_not_marked} rounds left a sent-but-not-marked entry, {:.1} s",
        made.len(),
        started.elapsed().as_secs_f64()
    );
    // The rounds must have hit the window between the gateway's answer and the kiosk's DELETE,
    // or the idempotency this test is about was never exercised.
    assert!(
        sent_not_marked > 0,
        "no kill left a sent-but-not-marked entry"
    );
    assert!(
        made.len() > ROUNDS / 2,
        "the replays barely ran: {}",
        made.len()
    );
}
