//! The gateway's SQLite database: insured persons (re-imported from the seed data at every
//! start), consents (valid 24 hours) and confirmations (one per `request_id`, with the answer
//! as sent, so a repeated request gets the very same answer and nothing is recorded twice).

use std::path::Path;
use std::sync::{Mutex, MutexGuard};

use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};

use super::Error;
use super::data::Person;
use crate::eligibility::protocol::{ConfirmationResult, ConsentRecord, QualificationResult};

const SCHEMA_VERSION: i64 = 1;

const SCHEMA: &str = "
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
";

pub struct Store {
    conn: Mutex<Connection>,
}

/// A confirmation recorded earlier under the same `request_id`.
pub struct Earlier {
    pub kiosk_id: String,
    pub result: ConfirmationResult,
}

/// What the gateway records for one confirmation.
pub struct NewConfirmation<'a> {
    pub kiosk_id: &'a str,
    pub certificate_serial: &'a str,
    pub method: &'a str,
    pub result: &'a ConfirmationResult,
}

impl Store {
    /// Opens (creating with mode 0600) the database and brings its schema up to date.
    pub fn open(path: &Path) -> Result<Self, Error> {
        create_private(path)?;
        let conn = Connection::open(path)?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
        match version {
            0 => {
                conn.execute_batch(SCHEMA)?;
                conn.pragma_update(None, "user_version", SCHEMA_VERSION)?;
            }
            SCHEMA_VERSION => {}
            newer => {
                return Err(Error::data(
                    path,
                    format!(
                        "database schema {newer} is newer than this gateway ({SCHEMA_VERSION})"
                    ),
                ));
            }
        }
        Ok(Store {
            conn: Mutex::new(conn),
        })
    }

    fn conn(&self) -> Result<MutexGuard<'_, Connection>, Error> {
        self.conn
            .lock()
            .map_err(|_| Error::Internal("database lock poisoned".into()))
    }

    /// Replaces the insured persons by the seed data's.
    pub fn import_insured(&self, persons: &[Person]) -> Result<(), Error> {
        let mut conn = self.conn()?;
        let tx = conn.transaction()?;
        tx.execute("DELETE FROM insured", [])?;
        {
            let mut insert = tx.prepare(
                "INSERT INTO insured (source, serial, qualification_validity, result_json)
                 VALUES (?1, ?2, ?3, ?4)",
            )?;
            for p in persons {
                let json =
                    serde_json::to_string(&p.result).map_err(|e| Error::Internal(e.to_string()))?;
                insert.execute(params![p.source, p.serial, p.qualification_validity, json])?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// The persons registered for a certificate serial, in file-name order.
    pub fn lookup(&self, serial: &str) -> Result<Vec<(String, QualificationResult)>, Error> {
        let conn = self.conn()?;
        let mut query = conn.prepare_cached(
            "SELECT qualification_validity, result_json FROM insured WHERE serial = ?1
             ORDER BY source",
        )?;
        let rows = query.query_map([serial], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
        })?;
        let mut found = Vec::new();
        for row in rows {
            let (validity, json) = row?;
            let result = serde_json::from_str(&json).map_err(|e| Error::Internal(e.to_string()))?;
            found.push((validity, result));
        }
        Ok(found)
    }

    /// The answer recorded for `request_id`, if any.
    pub fn earlier(&self, request_id: &str) -> Result<Option<Earlier>, Error> {
        let conn = self.conn()?;
        earlier(&conn, request_id)
    }

    /// Records consent and confirmation in one transaction. When the `request_id` was recorded
    /// meanwhile (a concurrent repeat), nothing is written and the earlier answer is returned.
    pub fn record(
        &self,
        new: &NewConfirmation<'_>,
        consent: &ConsentRecord,
    ) -> Result<Option<Earlier>, Error> {
        let result_json =
            serde_json::to_string(new.result).map_err(|e| Error::Internal(e.to_string()))?;
        let mut conn = self.conn()?;
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        if let Some(earlier) = earlier(&tx, &new.result.request_id)? {
            return Ok(Some(earlier));
        }
        tx.execute(
            "INSERT INTO consents (request_id, kiosk_id, certificate_serial,
                 diagnosis_info_cons_flg, pharmacists_info_cons_flg, operation_info_cons_flg,
                 specific_health_checkups_info_cons_flg,
                 limit_application_certificate_related_cons_flg, cons_time, available_time)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            params![
                new.result.request_id,
                new.kiosk_id,
                new.certificate_serial,
                consent.diagnosis_info_cons_flg,
                consent.pharmacists_info_cons_flg,
                consent.operation_info_cons_flg,
                consent.specific_health_checkups_info_cons_flg,
                consent.limit_application_certificate_related_cons_flg,
                consent.cons_time,
                consent.available_time,
            ],
        )?;
        tx.execute(
            "INSERT INTO confirmations (request_id, kiosk_id, certificate_serial, method,
                 qualification_validity, processed_at, result_json)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                new.result.request_id,
                new.kiosk_id,
                new.certificate_serial,
                new.method,
                new.result.qualification_validity,
                new.result.processed_at,
                result_json,
            ],
        )?;
        tx.commit()?;
        Ok(None)
    }
}

fn earlier(conn: &Connection, request_id: &str) -> Result<Option<Earlier>, Error> {
    let row = conn
        .prepare_cached("SELECT kiosk_id, result_json FROM confirmations WHERE request_id = ?1")?
        .query_row([request_id], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
        })
        .optional()?;
    row.map(|(kiosk_id, json)| {
        let result = serde_json::from_str(&json).map_err(|e| Error::Internal(e.to_string()))?;
        Ok(Earlier { kiosk_id, result })
    })
    .transpose()
}

/// The database holds personal data: create it readable by its owner only.
fn create_private(path: &Path) -> Result<(), Error> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(false);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(path).map(drop).map_err(|e| Error::io(path, e))
}
