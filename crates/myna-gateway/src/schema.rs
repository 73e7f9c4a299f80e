//! The gateway database's schema: migrations applied in order by `rusqlite_migration`, which
//! keeps the version in `PRAGMA user_version` (never set that by hand), as the kiosk's store does
//! (`src/store/schema.rs`). Append new migrations; never edit one that has shipped.
//!
//! Migrations 1 to 3 are the schemas this gateway shipped before it used `rusqlite_migration`
//! (it set `user_version` 1, 2 and 3 itself, inside the same transaction as the change), so a
//! database made by any earlier release carries on from its own version. A new database goes
//! through all of them, in one transaction.

use rusqlite_migration::{M, Migrations};

const MIGRATION_ARRAY: &[M<'static>] = &[
    // 1: the first schema: persons by certificate serial, consents and confirmations.
    M::up(
        "
CREATE TABLE insured (
    source TEXT PRIMARY KEY,
    serial TEXT NOT NULL,
    qualification_validity TEXT NOT NULL,
    result_json TEXT NOT NULL
);
CREATE INDEX insured_serial ON insured (serial);
CREATE TABLE consents (
    id INTEGER PRIMARY KEY,
    request_id TEXT NOT NULL UNIQUE,
    kiosk_id TEXT NOT NULL,
    certificate_serial TEXT NOT NULL,
    diagnosis_info_cons_flg TEXT NOT NULL,
    pharmacists_info_cons_flg TEXT NOT NULL,
    operation_info_cons_flg TEXT NOT NULL,
    specific_health_checkups_info_cons_flg TEXT NOT NULL,
    limit_application_certificate_related_cons_flg TEXT NOT NULL,
    cons_time TEXT NOT NULL,
    available_time TEXT NOT NULL
);
CREATE INDEX consents_serial ON consents (certificate_serial, cons_time);
CREATE TABLE confirmations (
    request_id TEXT PRIMARY KEY,
    kiosk_id TEXT NOT NULL,
    certificate_serial TEXT NOT NULL,
    method TEXT NOT NULL,
    qualification_validity TEXT NOT NULL,
    processed_at TEXT NOT NULL,
    result_json TEXT NOT NULL
);
",
    ),
    // 2: persons without a card (serial NULL) and their insurance numbers in columns for
    // insurance-number queries; confirmations and consents without a certificate (those
    // queries), and the evidence a kiosk attested (face, staff visual) or the query's numbers.
    // `insured` is re-imported at every start, so it is simply made anew; the other two tables
    // are copied into their new shape.
    M::up(
        "
DROP TABLE insured;
CREATE TABLE insured (
    source TEXT PRIMARY KEY,
    serial TEXT,
    qualification_validity TEXT NOT NULL,
    insurer_number TEXT NOT NULL,
    insured_card_symbol TEXT,
    insured_identification_number TEXT NOT NULL,
    insured_branch_number TEXT,
    birthdate TEXT NOT NULL,
    result_json TEXT NOT NULL
);
CREATE INDEX insured_serial ON insured (serial);
CREATE INDEX insured_numbers ON insured (insurer_number, insured_identification_number);

ALTER TABLE consents RENAME TO consents_v1;
DROP INDEX consents_serial;
CREATE TABLE consents (
    id INTEGER PRIMARY KEY,
    request_id TEXT NOT NULL UNIQUE,
    kiosk_id TEXT NOT NULL,
    certificate_serial TEXT,
    diagnosis_info_cons_flg TEXT NOT NULL,
    pharmacists_info_cons_flg TEXT NOT NULL,
    operation_info_cons_flg TEXT NOT NULL,
    specific_health_checkups_info_cons_flg TEXT NOT NULL,
    limit_application_certificate_related_cons_flg TEXT NOT NULL,
    cons_time TEXT NOT NULL,
    available_time TEXT NOT NULL
);
CREATE INDEX consents_serial ON consents (certificate_serial, cons_time);
INSERT INTO consents SELECT * FROM consents_v1;
DROP TABLE consents_v1;

ALTER TABLE confirmations RENAME TO confirmations_v1;
CREATE TABLE confirmations (
    request_id TEXT PRIMARY KEY,
    kiosk_id TEXT NOT NULL,
    certificate_serial TEXT,
    method TEXT NOT NULL,
    qualification_validity TEXT NOT NULL,
    processed_at TEXT NOT NULL,
    result_json TEXT NOT NULL,
    evidence_json TEXT
);
INSERT INTO confirmations (request_id, kiosk_id, certificate_serial, method,
    qualification_validity, processed_at, result_json)
SELECT request_id, kiosk_id, certificate_serial, method, qualification_validity, processed_at,
    result_json FROM confirmations_v1;
DROP TABLE confirmations_v1;
",
    ),
    // 3: certificates are named by (issuer, serial) (`myna_protocol::certificate_id`): `insured`
    // gets `issuer_sha256` (made anew: it is re-imported at every start), consents and
    // confirmations `certificate_issuer_sha256`. Recorded rows keep every value: their serials
    // were written by the old code as hex without leading zeros, which differs from the one form
    // only by the leading zero nibble of an odd-length text, so that zero is added back (exact:
    // the old text was the same number). Their issuer was never recorded and stays NULL
    // ("unknown").
    M::up(
        "
DROP TABLE insured;
CREATE TABLE insured (
    source TEXT PRIMARY KEY,
    issuer_sha256 TEXT,
    serial TEXT,
    qualification_validity TEXT NOT NULL,
    insurer_number TEXT NOT NULL,
    insured_card_symbol TEXT,
    insured_identification_number TEXT NOT NULL,
    insured_branch_number TEXT,
    birthdate TEXT NOT NULL,
    result_json TEXT NOT NULL
);
CREATE INDEX insured_certificate ON insured (serial, issuer_sha256);
CREATE INDEX insured_numbers ON insured (insurer_number, insured_identification_number);
ALTER TABLE consents ADD COLUMN certificate_issuer_sha256 TEXT;
ALTER TABLE confirmations ADD COLUMN certificate_issuer_sha256 TEXT;
UPDATE consents SET certificate_serial = '0' || certificate_serial
    WHERE length(certificate_serial) % 2 = 1;
UPDATE confirmations SET certificate_serial = '0' || certificate_serial
    WHERE length(certificate_serial) % 2 = 1;
",
    ),
    // 4: each retention purge: when, the cutoff, and how many rows went
    // (docs/gateway-protocol.md, "Retention"). Releases at version 3 made this table at every
    // open without a version step, so it may be there already.
    M::up(
        "
CREATE TABLE IF NOT EXISTS retention_purges (
    id INTEGER PRIMARY KEY,
    purged_at TEXT NOT NULL,
    cutoff TEXT NOT NULL,
    confirmations INTEGER NOT NULL,
    consents INTEGER NOT NULL
);
",
    ),
    // 5 (issue 17): each confirmation's assurance level (`card_signature` for `pin`,
    // `kiosk_attestation` otherwise) and, for `face` and `staff_visual`, whether the kiosk
    // attested the card-surface data verified with the issuer key (`issuer_verified`,
    // `not_verified`; NULL: not said, an older kiosk). Rows recorded before get the level their
    // method implies and no card-data value.
    M::up(
        "
ALTER TABLE confirmations ADD COLUMN assurance TEXT;
ALTER TABLE confirmations ADD COLUMN card_data TEXT;
UPDATE confirmations SET assurance =
    CASE method WHEN 'pin' THEN 'card_signature' ELSE 'kiosk_attestation' END;
",
    ),
    // 6 (issue 19): what kiosks report. `kiosk_cases`: one row a (kiosk, case id), with its
    // acknowledgement and resolution; `kiosk_health`: each kiosk's latest health report and when
    // it was received; `report_events`: every case raised, acknowledged or resolved and every
    // change of a kiosk's health, with increasing ids (a reconnecting console asks for those
    // after the last it saw) and the staff member who acted: the audit of staff actions on
    // cases. Rows of `report_events` are never updated.
    M::up(
        "
CREATE TABLE kiosk_cases (
    kiosk_id TEXT NOT NULL,
    case_id TEXT NOT NULL,
    reason TEXT NOT NULL,
    detail TEXT,
    next_step TEXT NOT NULL,
    raised_at TEXT NOT NULL,
    received_at TEXT NOT NULL,
    acknowledged_at TEXT,
    acknowledged_by TEXT,
    resolved_at TEXT,
    resolved_by TEXT,
    outcome TEXT,
    PRIMARY KEY (kiosk_id, case_id)
);
CREATE INDEX kiosk_cases_open ON kiosk_cases (resolved_at, received_at);
CREATE TABLE kiosk_health (
    kiosk_id TEXT PRIMARY KEY,
    last_seen TEXT NOT NULL,
    health_json TEXT NOT NULL
);
CREATE TABLE report_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    kind TEXT NOT NULL,
    kiosk_id TEXT NOT NULL,
    case_id TEXT,
    staff TEXT,
    event_json TEXT NOT NULL
);
CREATE INDEX report_events_kiosk ON report_events (kiosk_id, id);
CREATE TRIGGER report_events_no_update BEFORE UPDATE ON report_events
BEGIN SELECT RAISE(ABORT, 'report events are append-only'); END;
",
    ),
    // 7 (issue 19): the staff console's members (name, role, PBKDF2 hash of the password or
    // PIN, their lock-out state) and its audit of every sign-in and action
    // (`crate::staff`, `crate::console`). `outcome` is `ok`, `failed`, `locked`, `refused`.
    M::up(
        "
CREATE TABLE staff_members (
    name TEXT PRIMARY KEY,
    role TEXT NOT NULL CHECK (role IN ('staff', 'admin')),
    secret_hash TEXT NOT NULL,
    failures INTEGER NOT NULL DEFAULT 0,
    lockouts INTEGER NOT NULL DEFAULT 0,
    locked_until TEXT,
    needs_admin INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE TABLE staff_audit (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    member TEXT,
    action TEXT NOT NULL,
    outcome TEXT NOT NULL,
    detail_json TEXT
);
CREATE INDEX staff_audit_at ON staff_audit (at);
",
    ),
    // 8 (issue 19): the staff console's sessions (`crate::console::session`), so that a
    // restart signs no one out: the SHA-256 of the session id (never the id), who is signed in
    // (NULL: the sign-in page's session), the CSRF token, and times in Unix milliseconds.
    M::up(
        "
CREATE TABLE console_sessions (
    id_sha256 TEXT PRIMARY KEY,
    member TEXT,
    role TEXT,
    csrf TEXT NOT NULL,
    created_ms INTEGER NOT NULL,
    last_seen_ms INTEGER NOT NULL
);
CREATE INDEX console_sessions_seen ON console_sessions (last_seen_ms);
",
    ),
    // 9 (issue 19): kiosk enrolment (`crate::enrolment`). `kiosk_enrolments`: the requests
    // waiting for an administrator (one per kiosk id; capped by the gateway), with the key
    // (base64) and when it was first and last asked for; `kiosk_keys`: the kiosks an
    // administrator approved, trusted beside the `kiosks/*.pub` files. A key is one kiosk's.
    M::up(
        "
CREATE TABLE kiosk_enrolments (
    kiosk_id TEXT PRIMARY KEY,
    public_key TEXT NOT NULL,
    display_name TEXT NOT NULL,
    kiosk_version TEXT NOT NULL,
    first_seen TEXT NOT NULL,
    last_seen TEXT NOT NULL
);
CREATE TABLE kiosk_keys (
    kiosk_id TEXT PRIMARY KEY,
    public_key TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    approved_at TEXT NOT NULL,
    approved_by TEXT NOT NULL
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
