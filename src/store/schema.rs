//! The store's schema: migrations applied in order by `rusqlite_migration` (it keeps the version
//! in `PRAGMA user_version`; never set that by hand). Append new migrations; never edit one that
//! has shipped.
//!
//! Nothing personal is in a clear column: certificate serials, request ids and staff names only
//! as HMACs (`lookup`, `request_key`), results, requests, visit details, staff records and audit
//! details (with the actor's name) only sealed. Audit rows written before schema 5 keep their
//! `actor` in clear until the retention purge removes them (the chain forbids rewriting them).

use rusqlite_migration::{M, Migrations};

/// `PRAGMA application_id` of a myna-kiosk store: "MYNA" in ASCII. A database with another
/// non-zero id belongs to some other program and is never touched.
pub const APPLICATION_ID: i32 = 0x4D59_4E41;

const MIGRATION_ARRAY: &[M<'static>] = &[
    // 1: cache, visits, outbox, audit log.
    M::up(
        "
CREATE TABLE cache (
    lookup BLOB PRIMARY KEY,            -- HMAC-SHA256(certificate serial)
    confirmed_at INTEGER NOT NULL,      -- unix nanoseconds, UTC
    sealed BLOB NOT NULL                -- ConfirmationResult as JSON, AES-256-GCM
) WITHOUT ROWID;
CREATE INDEX cache_confirmed_at ON cache (confirmed_at);

CREATE TABLE visits (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at INTEGER NOT NULL,                -- unix nanoseconds, UTC
    method TEXT NOT NULL,
    status TEXT NOT NULL,
    provisional INTEGER NOT NULL CHECK (provisional IN (0, 1)),
    details BLOB NOT NULL               -- JSON, AES-256-GCM
);
CREATE INDEX visits_at ON visits (at);

CREATE TABLE outbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT,  -- insertion order = replay order
    request_key BLOB NOT NULL UNIQUE,      -- HMAC-SHA256(request_id)
    visit_id INTEGER REFERENCES visits (id) ON DELETE SET NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,      -- unix nanoseconds, UTC
    sealed BLOB NOT NULL                   -- ConfirmationRequest as JSON, AES-256-GCM
);
CREATE INDEX outbox_due ON outbox (next_attempt_at, id);

CREATE TABLE audit (
    id INTEGER PRIMARY KEY,             -- consecutive, set by the store
    at INTEGER NOT NULL,                -- unix nanoseconds, UTC
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    detail BLOB NOT NULL,               -- JSON, AES-256-GCM
    prev_hash BLOB NOT NULL,
    hash BLOB NOT NULL                  -- SHA-256(prev_hash || canonical row bytes)
);
-- Append-only for the code: rows are only ever inserted, and deleted only by the retention
-- purge (which moves the chain's anchor). Someone with the file can drop this trigger; the
-- hash chain is what detects that.
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;

CREATE TABLE audit_head (
    one INTEGER PRIMARY KEY CHECK (one = 1),
    last_id INTEGER NOT NULL,           -- id of the newest row ever written
    head_hash BLOB NOT NULL,            -- hash of that row
    rows INTEGER NOT NULL,              -- rows in `audit` now
    anchor_id INTEGER NOT NULL,         -- id of the newest purged row (0: none)
    anchor_hash BLOB NOT NULL           -- its hash (32 zero bytes: none)
);
INSERT INTO audit_head VALUES (1, 0, zeroblob(32), 0, 0, zeroblob(32));
",
    ),
    // 2: a sealed constant, so that a wrong data key is refused at open rather than at the
    // first record it cannot read.
    M::up(
        "
CREATE TABLE key_check (
    one INTEGER PRIMARY KEY CHECK (one = 1),
    sealed BLOB NOT NULL
);
",
    ),
    // 3: staff members who may sign in at the staff desk (issue 6). `id` is the name staff
    // chose (it appears in the audit log); `pin_hash` a PBKDF2 string, never the PIN.
    M::up(
        "
CREATE TABLE staff_members (
    id TEXT PRIMARY KEY NOT NULL CHECK (length(id) BETWEEN 1 AND 32),
    pin_hash TEXT NOT NULL,
    added_at INTEGER NOT NULL           -- unix nanoseconds, UTC
) WITHOUT ROWID;
",
    ),
    // 4: each member's wrong staff PINs in a row and the end of a lock-out, so that a restart
    // does not clear them.
    M::up(
        "
ALTER TABLE staff_members ADD COLUMN failures INTEGER NOT NULL DEFAULT 0;
ALTER TABLE staff_members ADD COLUMN locked_until INTEGER;  -- unix nanoseconds, UTC
",
    ),
    // 5 (issue 17): staff members sealed like other personal data (name, role and peppered PIN
    // hash in one sealed record, found by HMAC of the name), lock-outs that grow and then wait
    // for an admin, and an HMAC tag over the audit head. The rows of `staff_members` are moved
    // here (sealed) and the cache, visits and audit chain re-bound by the store's upgrade at
    // the first open with the data key (`store::upgrade`): SQL alone has no key.
    M::up(
        "
CREATE TABLE staff (
    lookup BLOB PRIMARY KEY,            -- HMAC-SHA256(name)
    sealed BLOB NOT NULL,               -- {name, role, pin_hash} as JSON, AES-256-GCM
    added_at INTEGER NOT NULL,          -- unix nanoseconds, UTC
    failures INTEGER NOT NULL DEFAULT 0,
    lockouts INTEGER NOT NULL DEFAULT 0,
    locked_until INTEGER,               -- unix nanoseconds, UTC
    needs_admin INTEGER NOT NULL DEFAULT 0 CHECK (needs_admin IN (0, 1))
) WITHOUT ROWID;
ALTER TABLE audit_head ADD COLUMN tag BLOB;  -- HMAC of the head under the audit key
",
    ),
    // 6 (issue 19): staff cases waiting to reach the clinic server, in the order raised. A case
    // holds codes and times only (no personal data), kept as its protocol JSON in clear.
    M::up(
        "
CREATE TABLE case_outbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT,  -- insertion order = sending order
    case_id TEXT NOT NULL UNIQUE,
    queued_at INTEGER NOT NULL,            -- unix nanoseconds, UTC
    report TEXT NOT NULL                   -- myna_protocol::reports::CaseReport as JSON
);
",
    ),
];

pub const MIGRATIONS: Migrations<'static> = Migrations::from_slice(MIGRATION_ARRAY);

/// The schema version this build knows (the number of migrations).
pub const LATEST_VERSION: usize = MIGRATION_ARRAY.len();

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_validate() {
        MIGRATIONS.validate().unwrap();
    }
}
