//! A full disk (issue 4): the store lives on a 1 MiB tmpfs (mounted in a private mount
//! namespace, so nothing outside sees it) that is then filled to the last byte. Writing a visit
//! with its outbox entry, an audit row or a cache entry must then fail with
//! [`StoreError::DiskFull`] at that call (never "recorded" when it was not), everything written
//! before must still be there and readable, and once space returns the same store takes the
//! refused records and its audit chain verifies.
//!
//! Needs root (`unshare -m`, `mount`): CI (`CI=true`) fails without them, a local run skips
//! loudly.

use crate::store_support;

use std::collections::BTreeSet;
use std::io::Write;
use std::path::Path;
use std::process::Command;

use myna_kiosk::eligibility::device_key::keygen;
use myna_kiosk::store::{AuditAction, Store, StoreError};
use serde_json::json;
use store_support::*;
use time::macros::{date, offset};
use time::{Duration, OffsetDateTime};

const TMPFS_SIZE: &str = "1m";

fn missing(what: &str) {
    let message =
        format!("\n!!!! SKIPPED store_full_disk: {what}. Run the tests as root (CI does). !!!!\n");
    if std::env::var("CI").is_ok_and(|v| v == "true" || v == "1") {
        panic!("{message}");
    }
    eprintln!("{message}");
}

#[test]
fn a_full_disk_refuses_writes_loses_nothing_and_recovers() {
    if std::env::var("MYNA_FULL_DISK_CHILD").is_ok() {
        return;
    }
    let probe = Command::new("unshare")
        .args(["-m", "--propagation", "private", "true"])
        .output();
    if !probe.as_ref().is_ok_and(|o| o.status.success()) {
        missing("`unshare -m` is not available or not permitted (needs root)");
        return;
    }
    let keys = tempfile::tempdir().unwrap();
    let key = keygen(&keys.path().join("keys"), "full").unwrap().data_key;
    let mount = tempfile::tempdir().unwrap();
    let out = Command::new("unshare")
        .args(["-m", "--propagation", "private", "sh", "-c"])
        .arg(format!(
            "mount -t tmpfs -o size={TMPFS_SIZE},mode=0700 myna-full-disk \"$1\" && \
             exec \"$2\" store_full_disk::full_disk_child --exact --nocapture --test-threads 1"
        ))
        .arg("sh")
        .arg(mount.path())
        .arg(std::env::current_exe().unwrap())
        .env("MYNA_FULL_DISK_CHILD", mount.path())
        .env("MYNA_FULL_DISK_KEY", &key)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success() && stdout.contains("full-disk: done"),
        "the child on the full tmpfs failed ({}):\n{stdout}\n{stderr}",
        out.status
    );
    for line in stdout.lines().filter(|l| l.starts_with("full-disk: ")) {
        eprintln!("{line}");
    }
    // The tmpfs lived only in the child's namespace: nothing of it is left here.
    assert_eq!(std::fs::read_dir(mount.path()).unwrap().count(), 0);
}

/// The mount point must really be our tmpfs, or this would fill the machine's disk.
fn assert_tmpfs(dir: &Path) {
    let mounts = std::fs::read_to_string("/proc/self/mountinfo").unwrap();
    let dir = dir.to_str().unwrap();
    assert!(
        mounts.lines().any(|l| {
            let fields: Vec<&str> = l.split(' ').collect();
            fields.get(4) == Some(&dir) && l.contains(" - tmpfs myna-full-disk ")
        }),
        "{dir} is not the test's tmpfs"
    );
}

fn fill(path: &Path) -> u64 {
    let mut file = std::fs::File::create(path).unwrap();
    let chunk = vec![0xA5u8; 4096];
    let mut written = 0;
    loop {
        match file.write(&chunk) {
            Ok(0) => break,
            Ok(n) => written += n as u64,
            Err(e) if e.kind() == std::io::ErrorKind::StorageFull => break,
            Err(e) => panic!("filling the disk: {e}"),
        }
    }
    // Whatever the page cache held goes to the file system now (tmpfs: already there).
    let _ = file.sync_all();
    written
}

fn is_disk_full(result: Result<i64, StoreError>, what: &str) -> bool {
    match result {
        Ok(_) => false,
        Err(e @ StoreError::DiskFull { .. }) => {
            let message = e.to_string();
            assert!(
                message.contains("kiosk.sqlite") && message.contains("NOT written"),
                "{what}: {message}"
            );
            true
        }
        Err(e) => panic!("{what}: a full disk gave another error: {e:?}"),
    }
}

struct Written {
    visits: Vec<String>,
    audit_rows: usize,
}

impl Written {
    fn check(&self, store: &Store) {
        let queued: Vec<String> = store
            .pending(OffsetDateTime::now_utc(), 1_000_000)
            .unwrap()
            .into_iter()
            .map(|e| e.request.request_id)
            .collect();
        assert_eq!(queued, self.visits, "outbox entries lost or invented");
        let visits = store.visits_on(date!(2026 - 11 - 25), offset!(+9)).unwrap();
        assert_eq!(visits.len(), self.visits.len(), "visits lost or invented");
        assert!(visits.iter().all(|v| v.details["name"] == NAME));
        assert_eq!(store.verify_audit().unwrap().rows, self.audit_rows);
    }
}

/// Runs inside the private mount namespace with the tmpfs at `MYNA_FULL_DISK_CHILD`.
#[test]
fn full_disk_child() {
    let Ok(dir) = std::env::var("MYNA_FULL_DISK_CHILD") else {
        return;
    };
    let dir = Path::new(&dir);
    assert_tmpfs(dir);
    let key = std::env::var("MYNA_FULL_DISK_KEY").unwrap();
    let db = dir.join("kiosk.sqlite");
    let store = Store::open(&db, Path::new(&key)).unwrap();
    let mut written = Written {
        visits: Vec::new(),
        audit_rows: 0,
    };
    let id = |i: usize| format!("full-{i:05}");
    let at = |i: usize| T0 + Duration::seconds(i as i64);
    for i in 0..20 {
        store
            .record_visit(&visit(at(i)), Some(&request(&id(i))))
            .unwrap();
        written.visits.push(id(i));
        store
            .audit("kiosk", AuditAction::StaffViewToday, &json!({ "i": i }))
            .unwrap();
        written.audit_rows += 1;
    }
    store
        .cache_put(&certificate(SERIAL), &result("r0"), T0)
        .unwrap();

    let filler = dir.join("filler");
    let filled = fill(&filler);

    // The WAL may still have room: writes succeed until it must grow. Each success must be real.
    let mut refused = None;
    for i in 20..100_000 {
        let result = store.record_visit(&visit(at(i)), Some(&request(&id(i))));
        if is_disk_full(result, "record_visit") {
            refused = Some(i);
            break;
        }
        written.visits.push(id(i));
    }
    let refused = refused.expect("the store kept accepting visits on a full disk");
    let audit_refused = (0..10_000).any(|i| {
        let result = store.audit(
            "kiosk",
            AuditAction::StaffViewToday,
            &json!({ "after_full": i }),
        );
        let full = is_disk_full(result, "audit");
        if !full {
            written.audit_rows += 1;
        }
        full
    });
    assert!(audit_refused, "the audit log kept growing on a full disk");
    let cache_refused = (0..10_000).any(|i| {
        let result = store
            .cache_put(&certificate(&format!("{SERIAL}{i:04x}")), &result("r1"), T0)
            .map(|()| 0);
        is_disk_full(result, "cache_put")
    });
    assert!(cache_refused, "the cache kept growing on a full disk");

    // Reads still work, and hold exactly what was acknowledged (visit and outbox together).
    written.check(&store);
    assert!(
        store
            .cache_get(&certificate(SERIAL), T0, Duration::days(1))
            .unwrap()
            .is_some()
    );

    // Restarting the kiosk while the disk is full: opens, or refuses with the full disk named.
    drop(store);
    let reopened = match Store::open(&db, Path::new(&key)) {
        Ok(store) => {
            written.check(&store);
            "opened"
        }
        Err(e @ (StoreError::DiskFull { .. } | StoreError::Sqlite { .. })) => {
            assert!(e.to_string().contains("kiosk.sqlite"), "{e}");
            "refused"
        }
        Err(e) => panic!("reopening on a full disk: {e:?}"),
    };

    // Space returns: the refused visit goes in, nothing is lost, the chain verifies.
    std::fs::remove_file(&filler).unwrap();
    let store = Store::open(&db, Path::new(&key)).unwrap();
    written.check(&store);
    store
        .record_visit(&visit(at(refused)), Some(&request(&id(refused))))
        .unwrap();
    written.visits.push(id(refused));
    store
        .audit(
            "kiosk",
            AuditAction::StaffViewToday,
            &json!({ "after_space": true }),
        )
        .unwrap();
    written.audit_rows += 1;
    store.checkpoint().unwrap();
    written.check(&store);
    let unique: BTreeSet<&String> = written.visits.iter().collect();
    assert_eq!(unique.len(), written.visits.len());
    println!(
        "\nfull-disk: done: {} KiB of filler, {} visits acknowledged ({} after the filler), \
         refused at visit {refused}; reopen while full: {reopened}",
        filled / 1024,
        written.visits.len(),
        refused - 20
    );
}
