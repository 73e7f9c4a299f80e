//! Concurrent first creation: several processes (the kiosk app, `myna-kiosk outbox replay`,
//! `audit verify` started by a cron job …) and several threads open a store file that does not
//! exist yet at the same instant. Every open must succeed, and the store they made together must
//! be one sound store: schema at the latest version, one key check, a verifying audit chain.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use myna_kiosk::eligibility::device_key::keygen;
use myna_kiosk::store::{APPLICATION_ID, AuditAction, Store, schema};
use serde_json::json;

const ROUNDS: usize = 40;
const OPENERS: usize = 4;

/// One opener, run as a child process of the test below (`MYNA_OPEN_RACE_CHILD=<dir>`): waits
/// until the agreed instant (`MYNA_OPEN_RACE_AT`, unix nanoseconds) so that the openers collide,
/// opens the store, writes one audit row, prints `open-race: ok` or the error.
#[test]
fn open_race_child() {
    let Ok(dir) = std::env::var("MYNA_OPEN_RACE_CHILD") else {
        return;
    };
    let at: u128 = std::env::var("MYNA_OPEN_RACE_AT").unwrap().parse().unwrap();
    wait_until(at);
    let dir = Path::new(&dir);
    match open_and_write(dir) {
        Ok(()) => println!("\nopen-race: ok"),
        Err(e) => println!("\nopen-race: error: {e}"),
    }
}

fn wait_until(at_nanos: u128) {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    if at_nanos > now {
        std::thread::sleep(Duration::from_nanos((at_nanos - now) as u64));
    }
}

fn open_and_write(dir: &Path) -> Result<(), myna_kiosk::store::StoreError> {
    let store = Store::open(&dir.join("kiosk.sqlite"), &dir.join("keys/data.key"))?;
    store.audit(
        "kiosk",
        AuditAction::StaffViewToday,
        &json!({ "pid": std::process::id() }),
    )?;
    Ok(())
}

/// What the openers made together is one sound store.
fn assert_sound(dir: &Path, writers: usize) {
    let store = Store::open(&dir.join("kiosk.sqlite"), &dir.join("keys/data.key")).unwrap();
    assert_eq!(store.verify_audit().unwrap().rows, writers);
    drop(store);
    let raw = rusqlite::Connection::open(dir.join("kiosk.sqlite")).unwrap();
    let version: i64 = raw
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    let app: i32 = raw
        .pragma_query_value(None, "application_id", |r| r.get(0))
        .unwrap();
    let keys: i64 = raw
        .query_row("SELECT count(*) FROM key_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(
        (version, app, keys),
        (schema::LATEST_VERSION as i64, APPLICATION_ID, 1)
    );
}

fn fresh_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    keygen(&dir.path().join("keys"), "race").unwrap();
    dir
}

#[test]
fn processes_creating_one_store_at_once_all_succeed() {
    if std::env::var("MYNA_OPEN_RACE_CHILD").is_ok() {
        return;
    }
    let mut failures = Vec::new();
    for round in 0..ROUNDS {
        let dir = fresh_dir();
        // Far enough ahead that every child has started (a test binary starts in ~10 ms).
        let at = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap()
            .as_nanos()
            + 150_000_000;
        let children: Vec<_> = (0..OPENERS)
            .map(|_| {
                Command::new(std::env::current_exe().unwrap())
                    .args([
                        "store_open_race::open_race_child",
                        "--exact",
                        "--nocapture",
                        "--test-threads",
                        "1",
                    ])
                    .env("MYNA_OPEN_RACE_CHILD", dir.path())
                    .env("MYNA_OPEN_RACE_AT", at.to_string())
                    .stdout(Stdio::piped())
                    .stderr(Stdio::null())
                    .spawn()
                    .unwrap()
            })
            .collect();
        for child in children {
            let out = child.wait_with_output().unwrap();
            let stdout = String::from_utf8_lossy(&out.stdout);
            // libtest's own "test … ok" shares the output: look for our marker only.
            let line = stdout
                .lines()
                .find_map(|l| l.strip_prefix("open-race: "))
                .unwrap_or("no answer (crashed)")
                .to_string();
            if line != "ok" {
                failures.push(format!("round {round}: {line}"));
            }
        }
        if failures.is_empty() {
            assert_sound(dir.path(), OPENERS);
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} opens failed:\n{}",
        failures.len(),
        ROUNDS * OPENERS,
        failures.join("\n")
    );
}

#[test]
fn threads_creating_one_store_at_once_all_succeed() {
    if std::env::var("MYNA_OPEN_RACE_CHILD").is_ok() {
        return;
    }
    let mut failures = Vec::new();
    for round in 0..ROUNDS {
        let dir = fresh_dir();
        let barrier = std::sync::Barrier::new(OPENERS);
        let results: Vec<_> = std::thread::scope(|s| {
            let handles: Vec<_> = (0..OPENERS)
                .map(|_| {
                    s.spawn(|| {
                        barrier.wait();
                        open_and_write(dir.path())
                    })
                })
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        });
        for result in results {
            if let Err(e) = result {
                failures.push(format!("round {round}: {e}"));
            }
        }
        if failures.is_empty() {
            assert_sound(dir.path(), OPENERS);
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} opens failed:\n{}",
        failures.len(),
        ROUNDS * OPENERS,
        failures.join("\n")
    );
}
