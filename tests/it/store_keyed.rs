//! Issue 17 (6): records edited on disk with plain SQL are caught, the audit chain is keyed, staff
//! members are sealed, and a store written by schema 4 (before all of this) still opens, keeps
//! every record and its old audit chain verifies.

use crate::store_support;

use std::num::NonZeroU32;

use base64::Engine;
use base64::engine::general_purpose::STANDARD_NO_PAD as B64;
use myna_kiosk::eligibility::device_key::load_data_key;
use myna_kiosk::reception::desk::StaffPin;
use myna_kiosk::reception::staff_auth::{Role, hash_pin, verify_pin};
use myna_kiosk::store::schema::{APPLICATION_ID, MIGRATIONS};
use myna_kiosk::store::seal::Sealer;
use myna_kiosk::store::{AuditAction, Store, StoreError, VisitStatus};
use serde_json::json;
use store_support::*;
use time::{Duration, UtcOffset};

const JST: UtcOffset = time::macros::offset!(+9);

fn nanos(t: time::OffsetDateTime) -> i64 {
    t.unix_timestamp_nanos() as i64
}

fn audit_error(store: &Store) -> (i64, String) {
    match store.verify_audit() {
        Err(StoreError::AuditBroken { row, reason }) => (row, reason),
        other => panic!("expected a broken chain, got {other:?}"),
    }
}

/// Every byte of the store's files, for "not in clear" checks.
fn file_bytes(f: &Fixture) -> Vec<u8> {
    let mut bytes = std::fs::read(&f.db).unwrap();
    bytes.extend(std::fs::read(wal(&f.db, "-wal")).unwrap_or_default());
    bytes
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

#[test]
fn a_cache_entry_made_to_look_fresh_on_disk_does_not_open() {
    let f = fixture();
    let store = f.open();
    let confirmed = T0 - Duration::days(3);
    store
        .cache_put(&certificate(SERIAL), &result("r1"), confirmed)
        .unwrap();
    // Three days old: not answered with a one-day limit.
    assert!(
        store
            .cache_get(&certificate(SERIAL), T0, Duration::days(1))
            .unwrap()
            .is_none()
    );
    // Someone with the file moves the confirmation time to today.
    f.raw()
        .execute("UPDATE cache SET confirmed_at = ?1", [nanos(T0)])
        .unwrap();
    match store.cache_get(&certificate(SERIAL), T0, Duration::days(1)) {
        Err(StoreError::Unseal { table: "cache" }) => {}
        other => panic!("an edited confirmation time was taken: {other:?}"),
    }
}

#[test]
fn a_visit_status_or_provisional_flag_edited_on_disk_does_not_open() {
    for edit in [
        "UPDATE visits SET provisional = 0",
        "UPDATE visits SET status = 'confirmed_online'",
        "UPDATE visits SET method = 'face'",
    ] {
        let f = fixture();
        let store = f.open();
        let mut provisional = visit(T0);
        provisional.provisional = true;
        let id = store.record_visit(&provisional, None).unwrap();
        assert_eq!(
            store
                .visits_on(T0.to_offset(JST).date(), JST)
                .unwrap()
                .len(),
            1
        );
        f.raw().execute(edit, []).unwrap();
        match store.visits_on(T0.to_offset(JST).date(), JST) {
            Err(StoreError::Unseal { table: "visits" }) => {}
            other => panic!("{edit} was taken: {other:?}"),
        }
        // The store's own status change re-seals under the new status.
        let f = fixture();
        let store = f.open();
        let id2 = store.record_visit(&provisional, None).unwrap();
        assert_eq!(id, id2);
        assert!(
            store
                .set_visit_status(id2, VisitStatus::RefusedOnReplay, true)
                .unwrap()
        );
        let visits = store.visits_on(T0.to_offset(JST).date(), JST).unwrap();
        assert_eq!(visits[0].status, VisitStatus::RefusedOnReplay);
        assert_eq!(visits[0].details, provisional.details);
        assert!(
            !store
                .set_visit_status(99, VisitStatus::Confirmed, false)
                .unwrap()
        );
    }
}

fn audited(f: &Fixture, n: i64) -> Store {
    let store = f.open();
    for i in 0..n {
        store
            .audit_at(
                T0 + Duration::minutes(i),
                "kiosk",
                AuditAction::StaffViewToday,
                &json!({ "i": i }),
            )
            .unwrap();
    }
    assert_eq!(store.verify_audit().unwrap().rows, n as usize);
    store
}

/// The unkeyed chain's weakness: rewrite a row and recompute every hash after it with SHA-256
/// (and the head). With the keyed chain that is caught at the rewritten row.
#[test]
fn an_audit_chain_recomputed_without_the_key_is_caught_at_the_edited_row() {
    let f = fixture();
    let store = audited(&f, 5);
    let raw = f.raw();
    raw.execute_batch("DROP TRIGGER audit_no_update;").unwrap();
    let rows: Vec<(i64, i64, String, String, Vec<u8>)> = raw
        .prepare("SELECT id, at, actor, action, detail FROM audit ORDER BY id")
        .unwrap()
        .query_map([], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let mut prev = vec![0u8; 32];
    for (id, at, actor, action, detail) in rows {
        let action = if id == 2 {
            "nothing_happened".into()
        } else {
            action
        };
        let hash = sha256_row(&prev, id, at, &actor, &action, &detail);
        raw.execute(
            "UPDATE audit SET action = ?2, prev_hash = ?3, hash = ?4 WHERE id = ?1",
            rusqlite::params![id, action, prev, hash],
        )
        .unwrap();
        prev = hash;
    }
    raw.execute("UPDATE audit_head SET head_hash = ?1", [&prev])
        .unwrap();
    let (row, reason) = audit_error(&store);
    // The head's tag no longer matches its (recomputed) hash: caught before the rows.
    assert_eq!(row, 5, "{reason}");
    assert!(reason.contains("audit head was edited"), "{reason}");
    // With the head's tag left alone (only the rows recomputed), the edited row is named.
    let f = fixture();
    let store = audited(&f, 5);
    let raw = f.raw();
    raw.execute_batch("DROP TRIGGER audit_no_update;").unwrap();
    let (at, actor, detail, prev): (i64, String, Vec<u8>, Vec<u8>) = raw
        .query_row(
            "SELECT at, actor, detail, prev_hash FROM audit WHERE id = 2",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .unwrap();
    let hash = sha256_row(&prev, 2, at, &actor, "nothing_happened", &detail);
    raw.execute(
        "UPDATE audit SET action = 'nothing_happened', hash = ?1 WHERE id = 2",
        [hash],
    )
    .unwrap();
    let (row, reason) = audit_error(&store);
    assert_eq!(row, 2, "{reason}");
    assert!(reason.contains("keyed hash"), "{reason}");
}

/// Deleting the newest rows and moving the head back to the row before (hash, id, count all
/// consistent) is caught by the head's key tag.
#[test]
fn the_newest_audit_rows_deleted_with_the_head_moved_back_are_caught() {
    let f = fixture();
    let store = audited(&f, 5);
    let raw = f.raw();
    let hash4: Vec<u8> = raw
        .query_row("SELECT hash FROM audit WHERE id = 4", [], |r| r.get(0))
        .unwrap();
    raw.execute("DELETE FROM audit WHERE id = 5", []).unwrap();
    raw.execute(
        "UPDATE audit_head SET last_id = 4, head_hash = ?1, rows = 4",
        [hash4],
    )
    .unwrap();
    let (row, reason) = audit_error(&store);
    assert_eq!(row, 4, "{reason}");
    assert!(reason.contains("audit head was edited"), "{reason}");
}

#[test]
fn staff_names_roles_and_hashes_are_sealed_and_bound_to_their_member() {
    let f = fixture();
    let store = f.open();
    let iterations = NonZeroU32::new(1000).unwrap();
    let pin = StaffPin::parse("24681012").unwrap();
    for (name, role) in [("suzukitaro", Role::Admin), ("tanakajiro", Role::Staff)] {
        let hash = hash_pin(&pin, iterations, store.staff_pepper()).unwrap();
        store.staff_set(name, Some(role), &hash).unwrap();
    }
    store
        .audit("suzukitaro", AuditAction::StaffSignIn, &json!({}))
        .unwrap();
    assert_eq!(
        store.staff_roles().unwrap(),
        [
            ("suzukitaro".to_owned(), Role::Admin),
            ("tanakajiro".to_owned(), Role::Staff)
        ]
    );
    // A new PIN keeps the role unless one is given.
    let hash = hash_pin(&pin, iterations, store.staff_pepper()).unwrap();
    store.staff_set("suzukitaro", None, &hash).unwrap();
    assert_eq!(store.staff_role("suzukitaro").unwrap(), Some(Role::Admin));
    store.checkpoint().unwrap();
    let bytes = file_bytes(&f);
    for clear in [&b"suzukitaro"[..], b"tanakajiro", b"pbkdf2", b"admin\""] {
        assert!(
            !contains(&bytes, clear),
            "{} in clear",
            String::from_utf8_lossy(clear)
        );
    }
    // tanaka's record copied over suzuki's (to take suzuki's role, or PIN) does not open.
    let raw = f.raw();
    raw.execute_batch(
        "UPDATE staff SET sealed = (SELECT sealed FROM staff ORDER BY lookup LIMIT 1 OFFSET 1)
         WHERE lookup = (SELECT lookup FROM staff ORDER BY lookup LIMIT 1)",
    )
    .unwrap();
    let opened = ["suzukitaro", "tanakajiro"].map(|n| store.staff_credentials(n).is_ok());
    assert!(opened.contains(&false), "{opened:?}");
    // The audit chain still verifies (the actor's name is sealed in the detail).
    assert_eq!(store.verify_audit().unwrap().rows, 1);
}

fn sha256_row(prev: &[u8], id: i64, at: i64, actor: &str, action: &str, detail: &[u8]) -> Vec<u8> {
    let mut bytes = prev.to_vec();
    bytes.extend_from_slice(&id.to_be_bytes());
    bytes.extend_from_slice(&at.to_be_bytes());
    for field in [actor.as_bytes(), action.as_bytes(), detail] {
        bytes.extend_from_slice(&(field.len() as u64).to_be_bytes());
        bytes.extend_from_slice(field);
    }
    ring::digest::digest(&ring::digest::SHA256, &bytes)
        .as_ref()
        .to_vec()
}

/// A store as schema 4 wrote it: the old migrations, the old associated data (the cache bound
/// to its lookup key only, visits to their time only), staff names and unpeppered PBKDF2 hashes
/// in clear, a SHA-256 audit chain and the old `key_check` constant. Written here with the
/// same primitives the old code used, so the test does not depend on an old binary.
fn schema_4_store(f: &Fixture, pin: &StaffPin) {
    let key = load_data_key(&f.key).unwrap();
    let sealer = Sealer::new(&key).unwrap();
    let mut conn = rusqlite::Connection::open(&f.db).unwrap();
    conn.pragma_update(None, "application_id", APPLICATION_ID)
        .unwrap();
    MIGRATIONS.to_version(&mut conn, 4).unwrap();
    let check = sealer
        .seal("key_check", "key_check", b"", b"myna-kiosk store data key")
        .unwrap();
    conn.execute(
        "INSERT INTO key_check (one, sealed) VALUES (1, ?1)",
        [check],
    )
    .unwrap();
    // The cache.
    let lookup = sealer.lookup("certificate_id", &certificate(SERIAL).lookup_text());
    let json = serde_json::to_vec(&result("r1")).unwrap();
    let sealed = sealer
        .seal("cache", "confirmation_result", &lookup, &json)
        .unwrap();
    conn.execute(
        "INSERT INTO cache (lookup, confirmed_at, sealed) VALUES (?1, ?2, ?3)",
        rusqlite::params![&lookup[..], nanos(T0 - Duration::hours(1)), sealed],
    )
    .unwrap();
    // A provisional visit.
    let at = nanos(T0);
    let json = serde_json::to_vec(&visit(T0).details).unwrap();
    let sealed = sealer
        .seal("visits", "visit_details", &at.to_be_bytes(), &json)
        .unwrap();
    conn.execute(
        "INSERT INTO visits (at, method, status, provisional, details)
         VALUES (?1, 'pin', 'confirmed', 1, ?2)",
        rusqlite::params![at, sealed],
    )
    .unwrap();
    // A staff member with an unpeppered hash and one wrong PIN counted.
    let salt = [9u8; 16];
    let mut hash = [0u8; 32];
    ring::pbkdf2::derive(
        ring::pbkdf2::PBKDF2_HMAC_SHA256,
        NonZeroU32::new(1000).unwrap(),
        &salt,
        pin.as_bytes(),
        &mut hash,
    );
    let encoded = format!(
        "pbkdf2-sha256$1000${}${}",
        B64.encode(salt),
        B64.encode(hash)
    );
    conn.execute(
        "INSERT INTO staff_members (id, pin_hash, added_at, failures) VALUES ('oldmember', ?1, ?2, 1)",
        rusqlite::params![encoded, at],
    )
    .unwrap();
    // Three audit rows chained with SHA-256.
    let mut prev = vec![0u8; 32];
    for id in 1..=3i64 {
        let detail = sealer
            .seal("audit", "audit_detail", &id.to_be_bytes(), br#"{"i":1}"#)
            .unwrap();
        let at = nanos(T0 + Duration::minutes(id));
        let hash = sha256_row(&prev, id, at, "kiosk", "result_viewed", &detail);
        conn.execute(
            "INSERT INTO audit (id, at, actor, action, detail, prev_hash, hash)
             VALUES (?1, ?2, 'kiosk', 'result_viewed', ?3, ?4, ?5)",
            rusqlite::params![id, at, detail, prev, hash],
        )
        .unwrap();
        prev = hash;
    }
    conn.execute(
        "UPDATE audit_head SET last_id = 3, head_hash = ?1, rows = 3",
        [prev],
    )
    .unwrap();
}

#[test]
fn a_schema_4_store_opens_keeps_its_records_and_its_old_chain_verifies() {
    let f = fixture();
    let pin = StaffPin::parse("13579111").unwrap();
    schema_4_store(&f, &pin);
    let store = f.open();
    // The old chain verifies, and the chain goes on keyed.
    assert_eq!(store.verify_audit().unwrap().rows, 3);
    store
        .audit_at(
            T0 + Duration::minutes(9),
            "kiosk",
            AuditAction::StaffViewToday,
            &json!({}),
        )
        .unwrap();
    assert_eq!(store.verify_audit().unwrap().rows, 4);
    // Cache and visit re-bound: both still open.
    let cached = store
        .cache_get(&certificate(SERIAL), T0, Duration::days(1))
        .unwrap()
        .unwrap();
    assert_eq!(cached.result, result("r1"));
    let visits = store.visits_on(T0.to_offset(JST).date(), JST).unwrap();
    assert_eq!((visits.len(), visits[0].provisional), (1, true));
    // The member keeps the PIN (peppered without it), the role is staff, the count is kept.
    assert_eq!(store.staff_members().unwrap(), ["oldmember"]);
    let (role, hash) = store.staff_credentials("oldmember").unwrap().unwrap();
    assert_eq!(role, Role::Staff);
    assert!(hash.starts_with("pbkdf2-sha256-pepper$"));
    assert_eq!(verify_pin(&pin, &hash, store.staff_pepper()), Ok(true));
    assert_eq!(store.staff_lock_state("oldmember").unwrap().failures, 1);
    let raw = f.raw();
    let clear: i64 = raw
        .query_row("SELECT count(*) FROM staff_members", [], |r| r.get(0))
        .unwrap();
    assert_eq!(clear, 0, "the clear staff rows are gone");
    drop(store);
    // Opened again: nothing is upgraded twice, everything still opens.
    let store = f.open();
    assert_eq!(store.verify_audit().unwrap().rows, 4);
    assert!(
        store
            .cache_get(&certificate(SERIAL), T0, Duration::days(1))
            .unwrap()
            .is_some()
    );
    // An edit of an old (SHA-256) row is still caught, and named.
    raw.execute_batch("DROP TRIGGER audit_no_update; UPDATE audit SET action = 'x' WHERE id = 2;")
        .unwrap();
    let (row, reason) = audit_error(&store);
    assert_eq!(row, 2, "{reason}");
}

/// The old rows cannot be rewritten either: recomputing the old part of the chain with SHA-256
/// breaks the first keyed row, which covers the last old hash.
#[test]
fn the_old_part_of_an_upgraded_chain_cannot_be_recomputed() {
    let f = fixture();
    let pin = StaffPin::parse("13579111").unwrap();
    schema_4_store(&f, &pin);
    let store = f.open();
    store
        .audit_at(
            T0 + Duration::minutes(9),
            "kiosk",
            AuditAction::StaffViewToday,
            &json!({}),
        )
        .unwrap();
    let raw = f.raw();
    raw.execute_batch("DROP TRIGGER audit_no_update;").unwrap();
    let mut prev = vec![0u8; 32];
    for id in 1..=3i64 {
        let (at, detail): (i64, Vec<u8>) = raw
            .query_row("SELECT at, detail FROM audit WHERE id = ?1", [id], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .unwrap();
        let action = if id == 2 { "x" } else { "result_viewed" };
        let hash = sha256_row(&prev, id, at, "kiosk", action, &detail);
        raw.execute(
            "UPDATE audit SET action = ?2, prev_hash = ?3, hash = ?4 WHERE id = ?1",
            rusqlite::params![id, action, prev, hash],
        )
        .unwrap();
        prev = hash;
    }
    raw.execute("UPDATE audit SET prev_hash = ?1 WHERE id = 4", [prev])
        .unwrap();
    let (row, reason) = audit_error(&store);
    assert_eq!(row, 4, "{reason}");
}

/// Putting the old `key_check` constant back (to have the chain read as unkeyed) needs a blob
/// sealed with the data key; a row of the store's own moved there does not open.
#[test]
fn the_key_check_row_cannot_be_swapped_or_removed() {
    let f = fixture();
    let store = audited(&f, 2);
    drop(store);
    let raw = f.raw();
    raw.execute(
        "UPDATE key_check SET sealed = (SELECT detail FROM audit WHERE id = 1)",
        [],
    )
    .unwrap();
    assert!(matches!(
        Store::open(&f.db, &f.key),
        Err(StoreError::WrongKey { .. })
    ));
    raw.execute("DELETE FROM key_check", []).unwrap();
    match Store::open(&f.db, &f.key) {
        Err(StoreError::Corrupt { message, .. }) => {
            assert!(message.contains("key_check"), "{message}")
        }
        other => panic!("{other:?}"),
    }
}
