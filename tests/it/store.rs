//! The kiosk store (`src/store/`) on real SQLite files in temporary directories.

use crate::store_support;

use std::path::Path;

use myna_kiosk::certificate_id::CertificateId;
use myna_kiosk::eligibility::device_key::keygen;
use myna_kiosk::store::{AuditAction, Store, StoreError};
use serde_json::json;
use store_support::*;
use time::Duration;
use time::macros::{date, offset};

#[test]
fn reopen_keeps_data() {
    let f = fixture();
    let store = f.open();
    store
        .cache_put(&certificate(SERIAL), &result("r1"), T0)
        .unwrap();
    store
        .record_visit(&visit(T0), Some(&request("r1")))
        .unwrap();
    store
        .audit_at(
            T0,
            "staff:01",
            AuditAction::StaffViewToday,
            &json!({ "serial": SERIAL }),
        )
        .unwrap();
    drop(store);
    let store = f.open();
    let cached = store
        .cache_get(&certificate(SERIAL), T0, Duration::days(7))
        .unwrap()
        .unwrap();
    assert_eq!(cached.result, result("r1"));
    assert_eq!(cached.confirmed_at, T0);
    assert_eq!(store.waiting().unwrap(), 1);
    let visits = store.visits_on(date!(2026 - 11 - 25), offset!(+9)).unwrap();
    assert_eq!(visits, vec![visit(T0.to_offset(time::UtcOffset::UTC))]);
    assert_eq!(store.verify_audit().unwrap().rows, 1);
}

#[test]
fn foreign_files_are_refused_and_left_untouched() {
    let f = fixture();
    std::fs::write(&f.db, "not a database, just notes\n").unwrap();
    let err = Store::open(&f.db, &f.key).unwrap_err();
    assert!(matches!(err, StoreError::NotSqlite { .. }), "{err}");
    assert!(err.to_string().contains("kiosk.sqlite"), "{err}");
    assert!(err.to_string().contains("left untouched"), "{err}");
    assert_eq!(
        std::fs::read(&f.db).unwrap(),
        b"not a database, just notes\n"
    );
    assert!(!wal(&f.db, "-wal").exists());

    std::fs::remove_file(&f.db).unwrap();
    let conn = f.raw();
    conn.execute_batch("PRAGMA application_id = 42; CREATE TABLE t (x); INSERT INTO t VALUES (1);")
        .unwrap();
    drop(conn);
    let before = std::fs::read(&f.db).unwrap();
    let err = Store::open(&f.db, &f.key).unwrap_err();
    assert!(
        matches!(
            err,
            StoreError::Foreign {
                application_id: 42,
                ..
            }
        ),
        "{err}"
    );
    assert!(err.to_string().contains("kiosk.sqlite"), "{err}");
    assert_eq!(std::fs::read(&f.db).unwrap(), before);

    // SQLite without an application_id but with tables: some other program's, too.
    std::fs::remove_file(&f.db).unwrap();
    f.raw().execute_batch("CREATE TABLE t (x);").unwrap();
    let err = Store::open(&f.db, &f.key).unwrap_err();
    assert!(
        matches!(
            err,
            StoreError::Foreign {
                application_id: 0,
                ..
            }
        ),
        "{err}"
    );
}

#[test]
fn a_corrupted_database_is_refused() {
    let f = fixture();
    let store = f.open();
    for i in 0..200 {
        store
            .record_visit(&visit(T0 + Duration::seconds(i)), None)
            .unwrap();
    }
    drop(store);
    let mut bytes = std::fs::read(&f.db).unwrap();
    assert!(bytes.len() > 8192);
    for b in &mut bytes[4096..8192] {
        *b = 0x55;
    }
    std::fs::write(&f.db, &bytes).unwrap();
    let err = Store::open(&f.db, &f.key).unwrap_err();
    assert!(matches!(err, StoreError::Corrupt { .. }), "{err}");
    assert_eq!(std::fs::read(&f.db).unwrap(), bytes);
}

#[test]
fn missing_or_readable_key_files_are_refused() {
    let f = fixture();
    let err = Store::open(&f.db, &f.key.with_file_name("nope.key")).unwrap_err();
    assert!(matches!(err, StoreError::Key(_)), "{err}");
    assert!(err.to_string().contains("nope.key"), "{err}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&f.key, std::fs::Permissions::from_mode(0o640)).unwrap();
        let err = Store::open(&f.db, &f.key).unwrap_err();
        assert!(err.to_string().contains("chmod 600"), "{err}");
    }
    assert!(!f.db.exists());
}

#[test]
fn a_wrong_key_is_refused_at_open() {
    let f = fixture();
    let store = f.open();
    store.record_visit(&visit(T0), None).unwrap();
    store
        .cache_put(&certificate(SERIAL), &result("r1"), T0)
        .unwrap();
    drop(store);
    let before = std::fs::read(&f.db).unwrap();
    let other = keygen(&f.db.with_file_name("other"), "k2").unwrap();
    let err = Store::open(&f.db, &other.data_key).unwrap_err();
    assert!(matches!(err, StoreError::WrongKey { .. }), "{err}");
    let message = err.to_string();
    assert!(
        message.contains("other/data.key") && message.contains("kiosk.sqlite"),
        "{message}"
    );
    assert_eq!(std::fs::read(&f.db).unwrap(), before);
    // The right key still opens everything.
    let store = f.open();
    assert_eq!(
        store
            .visits_on(date!(2026 - 11 - 25), offset!(+9))
            .unwrap()
            .len(),
        1
    );
}

fn assert_no_personal_data(db: &Path) -> usize {
    let serial_bytes = [0x1a, 0x2b, 0x3c, 0x4d, 0, 0, 0, 1];
    let mut checked = 0;
    for path in [db.to_path_buf(), wal(db, "-wal"), wal(db, "-shm")] {
        let Ok(bytes) = std::fs::read(&path) else {
            continue;
        };
        checked += bytes.len();
        for needle in [
            NAME.as_bytes(),
            INSURER.as_bytes(),
            ID_NUMBER.as_bytes(),
            SERIAL.as_bytes(),
            &serial_bytes,
        ] {
            assert!(
                !bytes.windows(needle.len()).any(|w| w == needle),
                "{} contains {:?}",
                path.display(),
                String::from_utf8_lossy(needle)
            );
        }
    }
    checked
}

#[test]
fn nothing_personal_reaches_the_files() {
    let f = fixture();
    let store = f.open();
    for i in 0..20 {
        let id = format!("req-{SERIAL}-{i}");
        let mut v = visit(T0 + Duration::minutes(i));
        v.provisional = i % 2 == 0;
        store.record_visit(&v, Some(&request(&id))).unwrap();
        store
            .cache_put(&certificate(SERIAL), &result(&id), T0)
            .unwrap();
        store.enqueue(&request(&format!("{id}-b"))).unwrap();
        store
            .audit_at(
                T0,
                "staff:01",
                AuditAction::StaffViewToday,
                &json!({ "serial": SERIAL, "name": NAME }),
            )
            .unwrap();
    }
    // Before any checkpoint: the data is in the WAL.
    assert!(std::fs::metadata(wal(&f.db, "-wal")).unwrap().len() > 0);
    assert!(assert_no_personal_data(&f.db) > 0);
    store.checkpoint().unwrap();
    assert_no_personal_data(&f.db);
    drop(store);
    assert!(assert_no_personal_data(&f.db) > 0);
    // And the data is all there.
    let store = f.open();
    assert_eq!(
        store
            .visits_on(date!(2026 - 11 - 25), offset!(+9))
            .unwrap()
            .len(),
        20
    );
    assert_eq!(store.waiting().unwrap(), 40);
}

#[test]
fn visit_and_outbox_are_one_transaction() {
    let f = fixture();
    let store = f.open();
    store.enqueue(&request("r1")).unwrap();
    let err = store
        .record_visit(&visit(T0), Some(&request("r1")))
        .unwrap_err();
    assert!(matches!(err, StoreError::DuplicateRequest), "{err}");
    assert!(
        store
            .visits_on(date!(2026 - 11 - 25), offset!(+9))
            .unwrap()
            .is_empty()
    );
    let n: i64 = f
        .raw()
        .query_row("SELECT count(*) FROM visits", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 0);
    assert_eq!(store.waiting().unwrap(), 1);
    let id = store
        .record_visit(&visit(T0), Some(&request("r2")))
        .unwrap();
    let linked: i64 = f
        .raw()
        .query_row("SELECT visit_id FROM outbox WHERE id = 2", [], |r| r.get(0))
        .unwrap();
    assert_eq!(linked, id);
}

#[test]
fn cache_expires_replaces_and_is_found_only_through_the_hmac() {
    let f = fixture();
    let store = f.open();
    let week = Duration::days(7);
    store
        .cache_put(&certificate(SERIAL), &result("r1"), T0)
        .unwrap();
    assert!(
        store
            .cache_get(&certificate(SERIAL), T0 + Duration::days(6), week)
            .unwrap()
            .is_some()
    );
    assert!(
        store
            .cache_get(&certificate(SERIAL), T0 + Duration::days(8), week)
            .unwrap()
            .is_none()
    );
    assert!(
        store
            .cache_get(&certificate("1a2b3c4d00000002"), T0, week)
            .unwrap()
            .is_none()
    );
    // The same serial from another issuer is another certificate.
    let other_ca = CertificateId::parse(&"cd".repeat(32), SERIAL).unwrap();
    assert!(store.cache_get(&other_ca, T0, week).unwrap().is_none());

    let later = T0 + Duration::days(5);
    store
        .cache_put(&certificate(SERIAL), &result("r2"), later)
        .unwrap();
    assert_eq!(store.cache_len().unwrap(), 1);
    let cached = store
        .cache_get(&certificate(SERIAL), T0 + Duration::days(8), week)
        .unwrap()
        .unwrap();
    assert_eq!(cached.result.request_id, "r2");
    assert_eq!(cached.confirmed_at, later);

    let lookup: Vec<u8> = f
        .raw()
        .query_row("SELECT lookup FROM cache", [], |r| r.get(0))
        .unwrap();
    assert_eq!(lookup.len(), 32);
    assert_ne!(lookup, SERIAL.as_bytes());

    store
        .cache_put(&certificate("1a2b3c4d00000002"), &result("r3"), T0)
        .unwrap();
    assert_eq!(store.cache_purge(T0 + Duration::days(8), week).unwrap(), 1);
    assert_eq!(store.cache_len().unwrap(), 1);
    assert!(
        store
            .cache_get(&certificate(SERIAL), T0 + Duration::days(8), week)
            .unwrap()
            .is_some()
    );
}

#[test]
fn outbox_order_due_times_and_duplicates() {
    let f = fixture();
    let store = f.open();
    let ids: Vec<i64> = ["a", "b", "c"]
        .iter()
        .map(|r| store.enqueue(&request(r)).unwrap())
        .collect();
    let now = T0;
    let pending = store.pending(now, 10).unwrap();
    let order: Vec<&str> = pending
        .iter()
        .map(|e| e.request.request_id.as_str())
        .collect();
    assert_eq!(order, ["a", "b", "c"]);
    assert_eq!(pending[0].request, request("a"));
    assert_eq!(store.pending(now, 2).unwrap().len(), 2);

    assert!(
        store
            .mark_failed(ids[0], now + Duration::seconds(60))
            .unwrap()
    );
    let order: Vec<i64> = store
        .pending(now, 10)
        .unwrap()
        .iter()
        .map(|e| e.id)
        .collect();
    assert_eq!(order, [ids[1], ids[2]]);
    let later = store.pending(now + Duration::seconds(60), 10).unwrap();
    assert_eq!(later[0].id, ids[0]);
    assert_eq!(later[0].attempts, 1);
    assert_eq!(later[0].next_attempt_at, now + Duration::seconds(60));

    assert!(store.mark_sent(ids[1]).unwrap());
    assert!(!store.mark_sent(ids[1]).unwrap());
    assert_eq!(store.waiting().unwrap(), 2);
    let order: Vec<i64> = store
        .pending(now + Duration::hours(1), 10)
        .unwrap()
        .iter()
        .map(|e| e.id)
        .collect();
    assert_eq!(order, [ids[0], ids[2]]);

    assert!(matches!(
        store.enqueue(&request("c")),
        Err(StoreError::DuplicateRequest)
    ));
    // A sent request id may not be queued again either? It may: the gateway answers a repeated
    // id with its first answer, so a second send is harmless.
    assert!(store.enqueue(&request("b")).is_ok());
    assert_eq!(
        store
            .pending(now + Duration::hours(1), 10)
            .unwrap()
            .last()
            .unwrap()
            .request
            .request_id,
        "b"
    );
}
