//! The local store's audit log: hash chain, tamper detection, retention purge, and
//! `myna-kiosk audit verify`.

use crate::store_support;

use myna_kiosk::store::{AuditAction, Store, StoreError};
use serde_json::json;
use store_support::*;
use time::Duration;

fn audited(f: &Fixture, n: i64) -> Store {
    let store = f.open();
    for i in 0..n {
        store
            .audit_at(
                T0 + Duration::days(i),
                "staff:01",
                AuditAction::StaffViewToday,
                &json!({ "i": i }),
            )
            .unwrap();
    }
    assert_eq!(store.verify_audit().unwrap().rows, n as usize);
    store
}

fn broken_at(store: &Store) -> i64 {
    match store.verify_audit() {
        Err(StoreError::AuditBroken { row, .. }) => row,
        other => panic!("expected a broken chain, got {other:?}"),
    }
}

#[test]
fn audit_rows_cannot_be_updated_by_the_code() {
    let f = fixture();
    let _store = audited(&f, 3);
    let err = f
        .raw()
        .execute("UPDATE audit SET actor = 'x' WHERE id = 2", [])
        .unwrap_err();
    assert!(err.to_string().contains("append-only"), "{err}");
}

#[test]
fn audit_edits_are_detected() {
    let f = fixture();
    let store = audited(&f, 5);
    let raw = f.raw();
    raw.execute_batch(
        "DROP TRIGGER audit_no_update; UPDATE audit SET actor = 'staff:99' WHERE id = 3;",
    )
    .unwrap();
    assert_eq!(broken_at(&store), 3);

    let f = fixture();
    let store = audited(&f, 5);
    let raw = f.raw();
    let other: Vec<u8> = raw
        .query_row("SELECT detail FROM audit WHERE id = 4", [], |r| r.get(0))
        .unwrap();
    raw.execute_batch("DROP TRIGGER audit_no_update;").unwrap();
    raw.execute("UPDATE audit SET detail = ?1 WHERE id = 2", [other])
        .unwrap();
    assert_eq!(broken_at(&store), 2);
}

#[test]
fn audit_deletions_and_reordering_are_detected() {
    let f = fixture();
    let store = audited(&f, 5);
    f.raw()
        .execute("DELETE FROM audit WHERE id = 3", [])
        .unwrap();
    assert_eq!(broken_at(&store), 4);

    let f = fixture();
    let store = audited(&f, 5);
    f.raw()
        .execute("DELETE FROM audit WHERE id = 5", [])
        .unwrap();
    assert_eq!(broken_at(&store), 5);

    let f = fixture();
    let store = audited(&f, 5);
    f.raw()
        .execute("DELETE FROM audit WHERE id = 1", [])
        .unwrap();
    assert!(broken_at(&store) >= 1);

    let f = fixture();
    let store = audited(&f, 5);
    f.raw()
        .execute_batch(
            "DROP TRIGGER audit_no_update;
             UPDATE audit SET id = 100 WHERE id = 2;
             UPDATE audit SET id = 2 WHERE id = 3;
             UPDATE audit SET id = 3 WHERE id = 100;",
        )
        .unwrap();
    assert_eq!(broken_at(&store), 2);
}

#[test]
fn purge_keeps_the_chain_verifiable() {
    let f = fixture();
    let store = audited(&f, 10); // one row a day from T0
    for i in 0..10 {
        store
            .record_visit(
                &visit(T0 + Duration::days(i)),
                Some(&request(&format!("r{i}"))),
            )
            .unwrap();
    }
    let now = T0 + Duration::days(10);
    let report = store
        .purge(now, Duration::days(3), Duration::days(5))
        .unwrap();
    assert_eq!(report.visits, 7);
    assert_eq!(report.audit_rows, 5);
    let verified = store.verify_audit().unwrap();
    assert_eq!(verified.rows, 6); // 5 kept + the purge's own row
    // The outbox keeps its entries; their visit is gone.
    assert_eq!(store.waiting().unwrap(), 10);
    // Purging again with nothing old: only the purge row is added.
    let report = store
        .purge(now, Duration::days(3), Duration::days(5))
        .unwrap();
    assert_eq!((report.visits, report.audit_rows), (0, 0));
    assert_eq!(store.verify_audit().unwrap().rows, 7);
    // Deleting the oldest remaining row is still detected.
    f.raw()
        .execute("DELETE FROM audit WHERE id = 6", [])
        .unwrap();
    assert_eq!(broken_at(&store), 7);
}

fn audit_verify_cli(f: &Fixture) -> (i32, serde_json::Value) {
    let config = f.db.with_file_name("kiosk.toml");
    let text = format!("[store]\npath = {:?}\ndata_key = {:?}\n", f.db, f.key);
    std::fs::write(&config, text).unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_myna-kiosk"))
        .args(["audit", "verify", "--config"])
        .arg(&config)
        .output()
        .unwrap();
    let json = serde_json::from_slice(&out.stdout).unwrap();
    (out.status.code().unwrap(), json)
}

#[test]
fn audit_verify_command() {
    let f = fixture();
    let (code, json) = audit_verify_cli(&f);
    assert_eq!(code, 1);
    assert_eq!(json["ok"], false);
    assert!(
        json["error"].as_str().unwrap().contains("kiosk.sqlite"),
        "{json}"
    );
    assert!(!f.db.exists());

    let store = audited(&f, 4);
    let (code, json) = audit_verify_cli(&f);
    assert_eq!(
        (code, &json["rows"], &json["ok"]),
        (0, &json!(4), &json!(true)),
        "{json}"
    );
    assert_eq!(json["head"].as_str().unwrap().len(), 64);
    drop(store);
    f.raw()
        .execute("DELETE FROM audit WHERE id = 2", [])
        .unwrap();
    let (code, json) = audit_verify_cli(&f);
    assert_eq!(
        (code, &json["ok"], &json["row"]),
        (1, &json!(false), &json!(3)),
        "{json}"
    );
}

#[test]
fn two_connections_append_without_breaking_the_chain() {
    let f = fixture();
    let stores = [f.open(), f.open()];
    std::thread::scope(|s| {
        for (n, store) in stores.iter().enumerate() {
            s.spawn(move || {
                for i in 0..50 {
                    let actor = format!("staff:{n}");
                    store
                        .audit(&actor, AuditAction::StaffViewToday, &json!({ "i": i }))
                        .unwrap();
                }
            });
        }
    });
    assert_eq!(stores[0].verify_audit().unwrap().rows, 100);
}
