//! Crash test: a process writing visits with their outbox entries and audit rows is killed
//! (SIGKILL) at random moments, 200 times. Afterwards nothing it reported as written is lost,
//! nothing is duplicated, every visit has its outbox entry (one transaction), and the audit chain
//! verifies.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use myna_kiosk::eligibility::device_key::keygen;
use myna_kiosk::eligibility::protocol::ConfirmationRequest;
use myna_kiosk::store::{AuditAction, Store, Visit, VisitMethod, VisitStatus};
use time::{OffsetDateTime, UtcOffset};

const ROUNDS: usize = 200;

fn request(id: &str) -> ConfirmationRequest {
    serde_json::from_value(serde_json::json!({
        "request_id": id,
        "method": "pin",
        "challenge": "Y2hhbGxlbmdl",
        "evidence": { "auth_certificate": "MIIB", "signature": "c2ln" },
        "consent": { "medication_clinical": true, "surgery": false, "health_check": true, "limit_certificate": false },
        "offline_signed_at": "2026-11-25T10:00:00Z"
    }))
    .unwrap()
}

/// The writer, run as a child process of the test below (`MYNA_CRASH_CHILD=<dir>`).
#[test]
fn crash_child() {
    let Ok(dir) = std::env::var("MYNA_CRASH_CHILD") else {
        return;
    };
    let dir = Path::new(&dir);
    let store = Store::open(&dir.join("kiosk.sqlite"), &dir.join("keys/data.key")).unwrap();
    // The parent starts its random kill delay from here, not from the process start (which
    // varies with the machine's load and the test binary's size).
    println!("ready");
    let pid = std::process::id();
    for i in 0.. {
        let id = format!("crash-{pid}-{i}");
        let visit = Visit {
            at: OffsetDateTime::now_utc(),
            method: VisitMethod::Pin,
            status: VisitStatus::Provisional,
            provisional: true,
            details: serde_json::json!({ "request_id": id, "name": "試験 花子" }),
        };
        store.record_visit(&visit, Some(&request(&id))).unwrap();
        store
            .audit(
                "kiosk",
                AuditAction::StaffViewToday,
                &serde_json::json!({ "request_id": id }),
            )
            .unwrap();
        println!("committed {id}");
    }
}

#[test]
fn killed_writers_lose_and_duplicate_nothing() {
    if std::env::var("MYNA_CRASH_CHILD").is_ok() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    keygen(&dir.path().join("keys"), "crash").unwrap();
    // Create the store before the writers race to.
    drop(
        Store::open(
            &dir.path().join("kiosk.sqlite"),
            &dir.path().join("keys/data.key"),
        )
        .unwrap(),
    );
    let mut committed = Vec::new();
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    for _ in 0..ROUNDS {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let mut child = Command::new(std::env::current_exe().unwrap())
            .args([
                "store_crash::crash_child",
                "--exact",
                "--nocapture",
                "--test-threads",
                "1",
            ])
            .env("MYNA_CRASH_CHILD", dir.path())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let ready = lines
            .by_ref()
            .map_while(Result::ok)
            .any(|l| l.ends_with("ready"));
        assert!(ready, "the writer did not open the store");
        std::thread::sleep(Duration::from_millis(5 + seed % 40));
        child.kill().unwrap();
        committed.extend(
            lines
                .map_while(Result::ok)
                .filter_map(|l| l.strip_prefix("committed ").map(str::to_string)),
        );
        child.wait().unwrap();
    }
    let store = Store::open(
        &dir.path().join("kiosk.sqlite"),
        &dir.path().join("keys/data.key"),
    )
    .unwrap();
    let queued: Vec<String> = store
        .pending(
            OffsetDateTime::now_utc() + time::Duration::days(1),
            1_000_000,
        )
        .unwrap()
        .into_iter()
        .map(|e| e.request.request_id)
        .collect();
    let mut unique = queued.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), queued.len(), "duplicated outbox entries");
    for id in &committed {
        assert!(queued.contains(id), "lost {id}");
    }
    assert!(
        committed.len() > ROUNDS / 2,
        "the writers barely wrote: {}",
        committed.len()
    );
    let today = OffsetDateTime::now_utc().date();
    let visits = store.visits_on(today, UtcOffset::UTC).unwrap().len()
        + store
            .visits_on(today.previous_day().unwrap(), UtcOffset::UTC)
            .unwrap()
            .len();
    assert_eq!(
        visits,
        queued.len(),
        "a visit without its outbox entry, or the reverse"
    );
    let report = store.verify_audit().unwrap();
    assert!(report.rows >= committed.len(), "audit rows {report:?}");
}
