//! The kiosk's durable local store (issue 4): one SQLite file holding the eligibility cache, the
//! outbox of confirmations waiting for the gateway, the visits, and an append-only audit log
//! chained by hash. Everything personal is sealed with AES-256-GCM under keys derived from the
//! data key (`data.key`, written by `myna-kiosk keygen`); lookups go through HMACs ([`seal`]).
//!
//! [`Store::open`] refuses (and never writes to) a file that is not SQLite, or an SQLite database
//! of another program (`PRAGMA application_id`) or of a newer schema.

mod audit;
mod cache;
mod cases;
pub mod codes;
mod outbox;
pub mod schema;
pub mod seal;
mod staff;
pub mod staff_credentials;
mod upgrade;

use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, TransactionBehavior};
use time::OffsetDateTime;

pub use audit::{AuditReport, PurgeReport};
pub use cache::{CacheOrigin, CachedResult};
pub use codes::{AuditAction, UnknownCode, VisitMethod, VisitStatus};
pub use outbox::{OutboxEntry, QueuedRequest, RefusedVisit, Visit};
pub use schema::APPLICATION_ID;
pub use seal::Sealer;

use crate::eligibility::device_key::{KeyError, load_data_key};

/// How long a connection waits for a lock held by another connection (the worker and the UI may
/// both write, or another process such as `myna-kiosk audit verify`) before it reports
/// "database is locked". Write transactions are IMMEDIATE (they take the write lock at BEGIN),
/// so a second writer waits here instead of failing when a read lock cannot be upgraded.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("data key: {0}")]
    Key(#[source] KeyError),
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "{path} is not an SQLite database (foreign or corrupted file); it was left untouched: move it away or set [store] path to another file"
    )]
    NotSqlite { path: PathBuf },
    #[error(
        "{path} is an SQLite database of another program (application_id {application_id:#010x}); it was left untouched: set [store] path to another file"
    )]
    Foreign { path: PathBuf, application_id: i32 },
    #[error(
        "{path} has schema version {found}, newer than this myna-kiosk knows ({known}); it was left untouched"
    )]
    NewerSchema {
        path: PathBuf,
        found: i64,
        known: usize,
    },
    #[error("{path} is corrupted ({message}); it was left untouched: restore a backup")]
    Corrupt { path: PathBuf, message: String },
    /// SQLite could not write for lack of space (`SQLITE_FULL`): the write was rolled back as a
    /// whole, nothing written before is lost, and the same call succeeds once space returns.
    #[error(
        "the disk holding {path} is full: this record was NOT written (nothing written before is lost); free some space"
    )]
    DiskFull {
        path: PathBuf,
        source: rusqlite::Error,
    },
    #[error("{path}: {source}")]
    Sqlite {
        path: PathBuf,
        source: rusqlite::Error,
    },
    #[error("{path}: schema migration failed: {source}")]
    Migration {
        path: PathBuf,
        source: rusqlite_migration::Error,
    },
    #[error(
        "{key} is not the data key of {path} (its records do not open); use the key the store was created with"
    )]
    WrongKey { path: PathBuf, key: PathBuf },
    #[error(
        "a sealed record in table {table} does not open: wrong data key, or the record was altered or moved"
    )]
    Unseal { table: &'static str },
    #[error("a sealed record in table {table} is not the expected JSON: {source}")]
    Json {
        table: &'static str,
        source: serde_json::Error,
    },
    #[error("encryption: {0}")]
    Crypto(&'static str),
    #[error("a time outside 1678-2261 cannot be stored")]
    Time,
    #[error("the outbox holds this request id already; a confirmation is queued only once")]
    DuplicateRequest,
    #[error("audit log broken at row {row}: {reason}")]
    AuditBroken { row: i64, reason: String },
    /// A visit's status or method that this version does not know (a newer kiosk's row, or an
    /// edited file): reported, never taken for another code.
    #[error(transparent)]
    UnknownCode(#[from] UnknownCode),
}

pub struct Store {
    path: PathBuf,
    conn: Mutex<Connection>,
    sealer: Sealer,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("path", &self.path).finish()
    }
}

impl Store {
    /// Opens the store at `db_path` (created with mode 0600 when missing) with the data key at
    /// `data_key_path` (refused when group or others can read it), and brings the schema up to
    /// date.
    pub fn open(db_path: &Path, data_key_path: &Path) -> Result<Self, StoreError> {
        let key = load_data_key(data_key_path).map_err(StoreError::Key)?;
        let sealer = Sealer::new(&key)?;
        drop(key);
        let path = db_path.to_path_buf();
        // This function never opens (and so never closes) a descriptor of the database file
        // itself: closing any descriptor of a file drops every POSIX lock this process holds on
        // it, including those of another connection to the store in this process (SQLite's
        // "how to corrupt" §2.2). SQLite reads the header itself and says "not a database".
        let missing = match std::fs::metadata(db_path) {
            Ok(_) => false,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => true,
            Err(source) => return Err(StoreError::Io { path, source }),
        };
        let sql = |source| sqlite_error(&path, source);
        let corrupt = |e: rusqlite::Error| StoreError::Corrupt {
            path: path.clone(),
            message: e.to_string(),
        };
        let mut flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        if missing {
            flags |= OpenFlags::SQLITE_OPEN_CREATE;
        }
        let mut conn = Connection::open_with_flags(db_path, flags).map_err(sql)?;
        if missing {
            // SQLite creates the file empty; nothing is written before this, and the -wal and
            // -shm files SQLite makes later take the database file's mode.
            make_private(db_path)?;
        }
        conn.busy_timeout(BUSY_TIMEOUT).map_err(sql)?;

        // Identify the file before anything writes to it (even switching to WAL writes), in one
        // read transaction: another process creating the same new store at this moment must not
        // be seen half-way (no application_id yet but tables already, which reads as foreign).
        let (application_id, version, objects) = identify(&mut conn).map_err(|e| {
            if e.sqlite_error_code() == Some(rusqlite::ErrorCode::NotADatabase) {
                StoreError::NotSqlite { path: path.clone() }
            } else if is_busy(&e) {
                sql(e)
            } else {
                corrupt(e)
            }
        })?;
        let fresh = application_id == 0 && version == 0 && objects == 0;
        if !fresh && application_id != APPLICATION_ID {
            return Err(StoreError::Foreign {
                path,
                application_id,
            });
        }
        if version > schema::LATEST_VERSION as i64 {
            return Err(StoreError::NewerSchema {
                path,
                found: version,
                known: schema::LATEST_VERSION,
            });
        }
        if !fresh {
            let check: String = conn
                .pragma_query_value(None, "quick_check", |r| r.get(0))
                .map_err(corrupt)?;
            if check != "ok" {
                return Err(StoreError::Corrupt {
                    path,
                    message: check,
                });
            }
        }

        // Per-connection settings, outside the migrations.
        // The switch to WAL needs the file to itself for a moment; SQLite does not always call
        // the busy handler for it, so a second process creating the store now gets "database
        // is locked" at once: wait for it here.
        let mode: String =
            retry_busy(|| conn.pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get(0)))
                .map_err(sql)?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(StoreError::Corrupt {
                path,
                message: format!("cannot switch to WAL (journal_mode stays {mode})"),
            });
        }
        conn.pragma_update(None, "foreign_keys", "ON")
            .map_err(sql)?;
        // FULL, not NORMAL: in WAL mode NORMAL survives a crash of the process but a power cut
        // may lose the last commits, and "nothing a patient did is lost" must hold when the
        // kiosk is switched off at the wall. Commits are a few per visit, so the fsync costs
        // nothing anyone sees.
        conn.pragma_update(None, "synchronous", "FULL")
            .map_err(sql)?;
        // Deleted rows (purges, replaced cache entries) are overwritten, not left on free pages.
        conn.pragma_update(None, "secure_delete", "ON")
            .map_err(sql)?;

        if fresh {
            // Before the tables: a crash in between leaves an empty database that is ours.
            conn.pragma_update(None, "application_id", APPLICATION_ID)
                .map_err(sql)?;
        }
        migrate(&mut conn).map_err(|source| StoreError::Migration {
            path: path.clone(),
            source,
        })?;
        let store = Store {
            path,
            conn: Mutex::new(conn),
            sealer,
        };
        store.check_key(data_key_path)?;
        Ok(store)
    }

    /// Opens the sealed constant written with the first key this store saw (writing it when
    /// there is none yet): a different key is refused here, before any record is read. A store
    /// written before schema 5 is upgraded here, in the same transaction ([`upgrade`]).
    fn check_key(&self, data_key_path: &Path) -> Result<(), StoreError> {
        let mut conn = self.conn();
        // IMMEDIATE: two processes creating the store together must not both find no row and
        // both insert one (the second would fail on the primary key), nor both upgrade.
        let tx = conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(|e| self.db(e))?;
        match self.read_key_check(&tx) {
            Ok(Some(upgrade::KeyCheck::KeyedFrom(_))) => Ok(()),
            Ok(Some(upgrade::KeyCheck::Old)) => {
                self.upgrade(&tx)?;
                tx.commit().map_err(|e| self.db(e))
            }
            Ok(None) if self.holds_records(&tx)? => Err(StoreError::Corrupt {
                path: self.path.clone(),
                message: "its records are there but its sealed key_check row is missing".into(),
            }),
            Ok(None) => {
                self.init_key_check(&tx)?;
                tx.commit().map_err(|e| self.db(e))
            }
            Err(StoreError::Unseal { .. }) => Err(StoreError::WrongKey {
                path: self.path.clone(),
                key: data_key_path.to_path_buf(),
            }),
            Err(e) => Err(e),
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Copies the WAL into the database file (`PRAGMA wal_checkpoint(TRUNCATE)`).
    pub fn checkpoint(&self) -> Result<(), StoreError> {
        self.conn()
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
            .map_err(|e| self.db(e))
    }

    fn conn(&self) -> MutexGuard<'_, Connection> {
        // A panic while holding the lock rolled its transaction back: the connection is fine.
        self.conn.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn db(&self, source: rusqlite::Error) -> StoreError {
        sqlite_error(&self.path, source)
    }
}

/// A full disk gets its own error, so that callers (and staff) can tell it from a broken store.
fn sqlite_error(path: &Path, source: rusqlite::Error) -> StoreError {
    let path = path.to_path_buf();
    if source.sqlite_error_code() == Some(rusqlite::ErrorCode::DiskFull) {
        StoreError::DiskFull { path, source }
    } else {
        StoreError::Sqlite { path, source }
    }
}

/// `(application_id, user_version, schema objects)`, read in one transaction.
fn identify(conn: &mut Connection) -> Result<(i32, i64, i64), rusqlite::Error> {
    retry_busy(|| {
        let tx = conn.transaction()?;
        let application_id = tx.pragma_query_value(None, "application_id", |r| r.get(0))?;
        let version = tx.pragma_query_value(None, "user_version", |r| r.get(0))?;
        let objects = tx.query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get(0))?;
        tx.commit()?;
        Ok((application_id, version, objects))
    })
}

/// Brings the schema to the latest version. `rusqlite_migration` reads the version before its
/// transaction begins, so when another process creating the same store migrated it in between,
/// this attempt fails (a table that exists already); the retry reads the new version and has
/// nothing left to do. The migration transaction is IMMEDIATE so that it waits for the other
/// writer instead of failing on a stale read snapshot.
fn migrate(conn: &mut Connection) -> Result<(), rusqlite_migration::Error> {
    conn.set_transaction_behavior(TransactionBehavior::Immediate);
    let mut attempts = 0;
    let result = loop {
        let before = schema::MIGRATIONS.current_version(conn)?;
        match schema::MIGRATIONS.to_latest(conn) {
            Ok(()) => break Ok(()),
            Err(e) => {
                attempts += 1;
                let moved = schema::MIGRATIONS.current_version(conn)? != before;
                if !moved || attempts >= 3 {
                    break Err(e);
                }
            }
        }
    };
    conn.set_transaction_behavior(TransactionBehavior::Deferred);
    result
}

/// Runs `f` again while SQLite answers "busy" or "locked" without waiting itself (opening,
/// switching the journal mode), for at most [`BUSY_TIMEOUT`].
fn retry_busy<T>(mut f: impl FnMut() -> Result<T, rusqlite::Error>) -> Result<T, rusqlite::Error> {
    let deadline = std::time::Instant::now() + BUSY_TIMEOUT;
    loop {
        match f() {
            Err(e) if is_busy(&e) && std::time::Instant::now() < deadline => {
                std::thread::sleep(Duration::from_millis(5));
            }
            other => return other,
        }
    }
}

fn is_busy(e: &rusqlite::Error) -> bool {
    matches!(
        e.sqlite_error_code(),
        Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
    )
}

/// Mode 0600 for a store this call created: only the kiosk's user reads it.
fn make_private(path: &Path) -> Result<(), StoreError> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600)).map_err(
            |source| StoreError::Io {
                path: path.to_path_buf(),
                source,
            },
        )?;
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}

/// Times are stored as unix nanoseconds (UTC) in INTEGER columns.
fn to_nanos(time: OffsetDateTime) -> Result<i64, StoreError> {
    i64::try_from(time.unix_timestamp_nanos()).map_err(|_| StoreError::Time)
}

fn from_nanos(nanos: i64) -> Result<OffsetDateTime, StoreError> {
    OffsetDateTime::from_unix_timestamp_nanos(i128::from(nanos)).map_err(|_| StoreError::Time)
}

fn duration_nanos(d: time::Duration) -> Result<i64, StoreError> {
    i64::try_from(d.whole_nanoseconds()).map_err(|_| StoreError::Time)
}

/// `now - age` in unix nanoseconds.
fn cutoff(now: OffsetDateTime, age: time::Duration) -> Result<i64, StoreError> {
    to_nanos(now)?
        .checked_sub(duration_nanos(age)?)
        .ok_or(StoreError::Time)
}
