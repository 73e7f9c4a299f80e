//! The store's database locked by another process (a backup tool, an administrator's sqlite3
//! shell holding a write transaction): the kiosk's write waits (up to the store's 5 s busy
//! timeout) and goes through once the lock is gone; past the timeout it fails with an error that
//! says so, nothing half-written, and the same visit is stored once when tried again.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use myna_kiosk::eligibility::device_key::keygen;
use myna_kiosk::eligibility::protocol::ConfirmationRequest;
use myna_kiosk::store::{Store, Visit, VisitMethod, VisitStatus};
use time::{OffsetDateTime, UtcOffset};

/// The other process, run as a child of the tests below (`MYNA_LOCK_CHILD=<db>,<millis>`): holds
/// an exclusive write transaction on the database for that long.
#[test]
fn lock_child() {
    let Ok(spec) = std::env::var("MYNA_LOCK_CHILD") else {
        return;
    };
    let (db, millis) = spec.rsplit_once(',').unwrap();
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.execute_batch("BEGIN EXCLUSIVE").unwrap();
    println!("locked");
    std::thread::sleep(Duration::from_millis(millis.parse().unwrap()));
    conn.execute_batch("COMMIT").unwrap();
}

/// Starts the locking process and returns once it holds the lock.
fn lock_for(db: &Path, millis: u64) -> std::process::Child {
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "store_locked::lock_child",
            "--nocapture",
            "--test-threads",
            "1",
        ])
        .env("MYNA_LOCK_CHILD", format!("{},{millis}", db.display()))
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    let mut out = BufReader::new(child.stdout.take().unwrap());
    while !line.contains("locked") {
        line.clear();
        assert!(
            out.read_line(&mut line).unwrap() > 0,
            "the locking process ended"
        );
    }
    // Keep reading what it prints until it ends.
    std::thread::spawn(move || std::io::copy(&mut out, &mut std::io::sink()));
    child
}

fn visit(id: &str) -> (Visit, ConfirmationRequest) {
    let request = serde_json::from_value(serde_json::json!({
        "request_id": id,
        "method": "pin",
        "challenge": "Y2hhbGxlbmdl",
        "evidence": { "auth_certificate": "MIIB", "signature": "c2ln" },
        "consent": { "medication_clinical": true, "surgery": false, "health_check": false, "limit_certificate": false },
        "offline_signed_at": "2026-11-25T10:00:00Z"
    }))
    .unwrap();
    let visit = Visit {
        at: OffsetDateTime::now_utc(),
        method: VisitMethod::Pin,
        status: VisitStatus::Provisional,
        provisional: true,
        details: serde_json::json!({ "request_id": id }),
    };
    (visit, request)
}

fn stored(store: &Store) -> (usize, usize) {
    let today = OffsetDateTime::now_utc().date();
    let visits = store.visits_on(today, UtcOffset::UTC).unwrap().len();
    let later = OffsetDateTime::now_utc() + time::Duration::days(1);
    let queued = store.pending_requests(later, 100).unwrap().len();
    (visits, queued)
}

/// A new store in a temporary folder: (the folder, the database file, the store).
fn new_store() -> (tempfile::TempDir, std::path::PathBuf, Store) {
    let dir = tempfile::tempdir().unwrap();
    let keys = keygen(&dir.path().join("keys"), "k").unwrap();
    let db = dir.path().join("kiosk.sqlite");
    let store = Store::open(&db, &keys.data_key).unwrap();
    (dir, db, store)
}

#[test]
fn a_write_waits_for_another_process_then_goes_through() {
    if std::env::var("MYNA_LOCK_CHILD").is_ok() {
        return;
    }
    let (_dir, db, store) = new_store();

    let mut locker = lock_for(&db, 1_500);
    let started = Instant::now();
    let (v, r) = visit("waited");
    store.record_visit(&v, Some(&r)).unwrap();
    let waited = started.elapsed();
    assert!(
        waited >= Duration::from_millis(1_000),
        "did not wait: {waited:?}"
    );
    assert!(waited < Duration::from_secs(5), "waited {waited:?}");
    locker.wait().unwrap();
    assert_eq!(stored(&store), (1, 1));
}

#[test]
fn a_lock_past_the_busy_timeout_fails_cleanly_and_the_retry_stores_once() {
    if std::env::var("MYNA_LOCK_CHILD").is_ok() {
        return;
    }
    let (_dir, db, store) = new_store();

    let mut locker = lock_for(&db, 8_000);
    let started = Instant::now();
    let (v, r) = visit("blocked");
    let err = store.record_visit(&v, Some(&r)).unwrap_err();
    let waited = started.elapsed();
    assert!(
        (Duration::from_secs(4)..Duration::from_secs(8)).contains(&waited),
        "{waited:?}"
    );
    let message = err.to_string();
    assert!(message.contains("locked"), "{message}");
    locker.wait().unwrap();
    // Nothing half-written: neither the visit nor its outbox entry.
    assert_eq!(stored(&store), (0, 0));
    store.record_visit(&v, Some(&r)).unwrap();
    assert_eq!(stored(&store), (1, 1));
}
