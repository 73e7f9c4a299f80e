//! Bad files under the store (issue 4), beyond tests/it/store.rs: data keys of the wrong size or
//! not a file, a schema newer than this build, a truncated database, a database whose first page
//! is broken, and what `myna-kiosk audit verify` says about each. Every case is a clear error at
//! open that names the file, and the database is left byte for byte as it was.

use crate::store_support;

use std::path::Path;

use myna_kiosk::eligibility::device_key::KeyError;
use myna_kiosk::store::{Store, StoreError};
use store_support::*;
use time::Duration;

fn with_visits(f: &Fixture, n: i64) {
    let store = f.open();
    for i in 0..n {
        store
            .record_visit(
                &visit(T0 + Duration::seconds(i)),
                Some(&request(&format!("r{i}"))),
            )
            .unwrap();
    }
    store.checkpoint().unwrap();
}

#[cfg(unix)]
fn write_private(path: &Path, bytes: &[u8]) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::write(path, bytes).unwrap();
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600)).unwrap();
}

#[cfg(unix)]
#[test]
fn data_keys_of_the_wrong_size_are_refused() {
    let f = fixture();
    for len in [0usize, 16, 31, 33, 64] {
        let key = f.key.with_file_name(format!("short-{len}.key"));
        write_private(&key, &vec![7u8; len]);
        let err = Store::open(&f.db, &key).unwrap_err();
        assert!(
            matches!(err, StoreError::Key(KeyError::Invalid { .. })),
            "{len} bytes: {err:?}"
        );
        let message = err.to_string();
        assert!(
            message.contains(&format!("short-{len}.key")) && message.contains("32 bytes"),
            "{message}"
        );
        assert!(!f.db.exists(), "a store was created with a bad key");
    }
}

#[test]
fn a_data_key_that_is_a_directory_is_refused() {
    let f = fixture();
    let key = f.key.with_file_name("a-directory.key");
    std::fs::create_dir(&key).unwrap();
    let err = Store::open(&f.db, &key).unwrap_err();
    assert!(matches!(err, StoreError::Key(_)), "{err:?}");
    assert!(err.to_string().contains("a-directory.key"), "{err}");
    assert!(!f.db.exists());
}

#[test]
fn a_newer_schema_is_refused_and_left_untouched() {
    let f = fixture();
    with_visits(&f, 3);
    f.raw().pragma_update(None, "user_version", 99).unwrap();
    let before = std::fs::read(&f.db).unwrap();
    let err = Store::open(&f.db, &f.key).unwrap_err();
    assert!(
        matches!(err, StoreError::NewerSchema { found: 99, .. }),
        "{err:?}"
    );
    let message = err.to_string();
    assert!(
        message.contains("kiosk.sqlite") && message.contains("newer"),
        "{message}"
    );
    assert_eq!(std::fs::read(&f.db).unwrap(), before);
}

#[test]
fn a_truncated_database_is_refused_and_left_untouched() {
    let f = fixture();
    with_visits(&f, 300);
    let bytes = std::fs::read(&f.db).unwrap();
    assert!(bytes.len() > 16 * 4096, "{}", bytes.len());
    let cut = &bytes[..bytes.len() / 2];
    std::fs::write(&f.db, cut).unwrap();
    let err = Store::open(&f.db, &f.key).unwrap_err();
    assert!(matches!(err, StoreError::Corrupt { .. }), "{err:?}");
    assert!(err.to_string().contains("kiosk.sqlite"), "{err}");
    assert_eq!(std::fs::read(&f.db).unwrap(), cut);
}

#[test]
fn a_broken_first_page_is_refused_and_left_untouched() {
    let f = fixture();
    with_visits(&f, 50);
    let mut bytes = std::fs::read(&f.db).unwrap();
    // Keep the 16-byte magic, break the rest of the header and the schema page.
    for b in &mut bytes[16..4096] {
        *b = 0xEE;
    }
    std::fs::write(&f.db, &bytes).unwrap();
    let err = Store::open(&f.db, &f.key).unwrap_err();
    assert!(
        matches!(
            err,
            StoreError::Corrupt { .. } | StoreError::NotSqlite { .. }
        ),
        "{err:?}"
    );
    assert!(err.to_string().contains("kiosk.sqlite"), "{err}");
    assert_eq!(std::fs::read(&f.db).unwrap(), bytes);
}

/// `myna-kiosk audit verify` on each bad file: exit 1, `ok: false`, the reason in `error`.
#[test]
fn audit_verify_names_each_bad_file() {
    let verify = |f: &Fixture, key: &Path| {
        let config = f.db.with_file_name("kiosk.toml");
        let text = format!("[store]\npath = {:?}\ndata_key = {:?}\n", f.db, key);
        std::fs::write(&config, text).unwrap();
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_myna-kiosk"))
            .args(["audit", "verify", "--config"])
            .arg(&config)
            .output()
            .unwrap();
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(
            (out.status.code(), &json["ok"]),
            (Some(1), &serde_json::json!(false)),
            "{json}"
        );
        json["error"].as_str().unwrap().to_string()
    };

    let f = fixture();
    std::fs::write(&f.db, "minutes of the staff meeting\n".repeat(10)).unwrap();
    let error = verify(&f, &f.key);
    assert!(error.contains("not an SQLite database"), "{error}");

    let f = fixture();
    with_visits(&f, 3);
    let other = myna_kiosk::eligibility::device_key::keygen(&f.db.with_file_name("other"), "k2")
        .unwrap()
        .data_key;
    let error = verify(&f, &other);
    assert!(error.contains("is not the data key"), "{error}");

    f.raw().pragma_update(None, "user_version", 99).unwrap();
    let error = verify(&f, &f.key);
    assert!(error.contains("newer"), "{error}");
}

/// The store SQLite creates is private from the start, and so are its -wal and -shm files.
#[cfg(unix)]
#[test]
fn a_new_store_and_its_wal_are_private() {
    use std::os::unix::fs::PermissionsExt;
    let f = fixture();
    let store = f.open();
    store.record_visit(&visit(T0), None).unwrap();
    for path in [f.db.clone(), wal(&f.db, "-wal"), wal(&f.db, "-shm")] {
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "{}", path.display());
    }
}
