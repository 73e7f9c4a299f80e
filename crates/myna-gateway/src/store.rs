//! The gateway's SQLite database: insured persons (re-imported from the seed data at every
//! start), consents (valid 24 hours) and confirmations (one per `request_id`, with the answer
//! as sent, so a repeated request gets the very same answer and nothing is recorded twice).

use std::path::Path;
use std::sync::{Mutex, MutexGuard};

use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};
use time::OffsetDateTime;

use super::Error;
use super::data::Person;
use super::schema;
use myna_protocol::certificate_id::CertificateId;
use myna_protocol::device_key::format_time;
use myna_protocol::protocol::{
    Assurance, CardData, ConfirmationResult, ConsentRecord, QualificationConfirmSearchInfo,
    QualificationResult,
};

mod enrolments;
mod reports;
mod retention;

pub use retention::{RecordsPurge, Retention};

pub use enrolments::{Decision, PendingEnrolment};

/// `(assurance, card_data)` as recorded for a confirmation (codes; NULL as `None`).
pub type RecordedAssurance = (Option<String>, Option<String>);

/// What a retention purge removed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Purge {
    pub confirmations: usize,
    pub consents: usize,
}

pub struct Store {
    conn: Mutex<Connection>,
}

/// A confirmation recorded earlier under the same `request_id`.
pub struct Earlier {
    pub kiosk_id: String,
    pub method: String,
    pub result: ConfirmationResult,
    pub assurance: Option<Assurance>,
    pub card_data: Option<CardData>,
}

/// What the gateway records for one confirmation.
pub struct NewConfirmation<'a> {
    pub kiosk_id: &'a str,
    /// The card's auth certificate; `None` for an insurance-number query.
    pub certificate: Option<&'a CertificateId>,
    pub method: &'a str,
    pub result: &'a ConfirmationResult,
    /// The kiosk's attestation or the query's numbers, as JSON; `None` for a card signature.
    pub evidence_json: Option<String>,
    pub assurance: Assurance,
    /// What the kiosk attested about the card-surface data (face, staff visual), if it said.
    pub card_data: Option<CardData>,
}

impl Store {
    /// Opens (creating with mode 0600) the database and brings its schema up to date.
    pub fn open(path: &Path) -> Result<Self, Error> {
        create_private(path)?;
        let mut conn = Connection::open(path)?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        migrate(&mut conn).map_err(|e| match e {
            rusqlite_migration::Error::MigrationDefinition(
                rusqlite_migration::MigrationDefinitionError::DatabaseTooFarAhead,
            ) => Error::data(
                path,
                format!(
                    "database schema is newer than this gateway ({})",
                    schema::LATEST_VERSION
                ),
            ),
            rusqlite_migration::Error::RusqliteError { err, .. } => Error::Db(err),
            other => Error::data(path, format!("database schema: {other}")),
        })?;
        Ok(Store {
            conn: Mutex::new(conn),
        })
    }

    pub(crate) fn conn(&self) -> Result<MutexGuard<'_, Connection>, Error> {
        self.conn
            .lock()
            .map_err(|_| Error::Internal("database lock poisoned".into()))
    }

    /// Replaces the insured persons by the seed data's.
    pub fn import_insured(&self, persons: &[Person]) -> Result<(), Error> {
        let mut conn = self.conn()?;
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute("DELETE FROM insured", [])?;
        {
            let mut insert = tx.prepare(
                "INSERT INTO insured (source, issuer_sha256, serial, qualification_validity,
                     insurer_number, insured_card_symbol, insured_identification_number,
                     insured_branch_number, birthdate, result_json)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            )?;
            for p in persons {
                let json =
                    serde_json::to_string(&p.result).map_err(|e| Error::Internal(e.to_string()))?;
                let r = &p.result;
                insert.execute(params![
                    p.source,
                    p.certificate.as_ref().map(|c| &c.issuer_sha256),
                    p.certificate.as_ref().map(|c| &c.serial),
                    p.qualification_validity,
                    r.insurer_number,
                    r.insured_card_symbol,
                    r.insured_identification_number,
                    r.insured_branch_number,
                    r.birthdate,
                    json
                ])?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// The persons registered for a certificate (issuer and serial), in file-name order.
    pub fn lookup(
        &self,
        certificate: &CertificateId,
    ) -> Result<Vec<(String, QualificationResult)>, Error> {
        let conn = self.conn()?;
        let mut query = conn.prepare_cached(
            "SELECT qualification_validity, result_json FROM insured
             WHERE serial = ?1 AND issuer_sha256 = ?2
             ORDER BY source",
        )?;
        let rows = query.query_map([&certificate.serial, &certificate.issuer_sha256], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
        })?;
        collect_found(rows)
    }

    /// The persons with these insurance numbers and birth date, in file-name order. Exact
    /// comparison (never padded); an absent 記号 matches only a person without one, an absent
    /// 枝番 matches any branch.
    pub fn lookup_numbers(
        &self,
        search: &QualificationConfirmSearchInfo,
    ) -> Result<Vec<(String, QualificationResult)>, Error> {
        let conn = self.conn()?;
        let mut query = conn.prepare_cached(
            "SELECT qualification_validity, result_json FROM insured
             WHERE insurer_number = ?1 AND insured_identification_number = ?2
               AND insured_card_symbol IS ?3
               AND (?4 IS NULL OR insured_branch_number = ?4)
               AND birthdate = ?5
             ORDER BY source",
        )?;
        let rows = query.query_map(
            params![
                search.insurer_number,
                search.insured_identification_number,
                search.insured_card_symbol,
                search.insured_branch_number,
                search.birthdate
            ],
            |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)),
        )?;
        collect_found(rows)
    }

    /// Deletes the confirmations processed, and the consents given, before `cutoff` (with the
    /// consents of the confirmations deleted), and records the purge, in one transaction.
    /// Times are compared as instants (`julianday`), not as text.
    pub fn purge_before(
        &self,
        cutoff: OffsetDateTime,
        now: OffsetDateTime,
    ) -> Result<Purge, Error> {
        let cutoff = format_time(cutoff);
        let mut conn = self.conn()?;
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let consents = tx.execute(
            "DELETE FROM consents
             WHERE julianday(cons_time) < julianday(?1)
                OR request_id IN (SELECT request_id FROM confirmations
                                  WHERE julianday(processed_at) < julianday(?1))",
            [&cutoff],
        )?;
        let confirmations = tx.execute(
            "DELETE FROM confirmations WHERE julianday(processed_at) < julianday(?1)",
            [&cutoff],
        )?;
        tx.execute(
            "INSERT INTO retention_purges (purged_at, cutoff, confirmations, consents)
             VALUES (?1, ?2, ?3, ?4)",
            params![
                format_time(now),
                cutoff,
                i64::try_from(confirmations).unwrap_or(i64::MAX),
                i64::try_from(consents).unwrap_or(i64::MAX)
            ],
        )?;
        tx.commit()?;
        Ok(Purge {
            confirmations,
            consents,
        })
    }

    /// The assurance level and card-data check recorded for a request id (for tests and staff
    /// tools).
    pub fn recorded_assurance(&self, request_id: &str) -> Result<Option<RecordedAssurance>, Error> {
        let conn = self.conn()?;
        Ok(conn
            .prepare_cached("SELECT assurance, card_data FROM confirmations WHERE request_id = ?1")?
            .query_row([request_id], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?)
    }

    /// The method and evidence recorded for a request id (for tests and staff tools).
    pub fn recorded(&self, request_id: &str) -> Result<Option<(String, Option<String>)>, Error> {
        let conn = self.conn()?;
        Ok(conn
            .prepare_cached(
                "SELECT method, evidence_json FROM confirmations WHERE request_id = ?1",
            )?
            .query_row([request_id], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?)
    }
}

fn collect_found(
    rows: impl Iterator<Item = rusqlite::Result<(String, String)>>,
) -> Result<Vec<(String, QualificationResult)>, Error> {
    let mut found = Vec::new();
    for row in rows {
        let (validity, json) = row?;
        let result = serde_json::from_str(&json).map_err(|e| Error::Internal(e.to_string()))?;
        found.push((validity, result));
    }
    Ok(found)
}

impl Store {
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
                 limit_application_certificate_related_cons_flg, cons_time, available_time,
                 certificate_issuer_sha256)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            params![
                new.result.request_id,
                new.kiosk_id,
                new.certificate.map(|c| &c.serial),
                consent.diagnosis_info_cons_flg,
                consent.pharmacists_info_cons_flg,
                consent.operation_info_cons_flg,
                consent.specific_health_checkups_info_cons_flg,
                consent.limit_application_certificate_related_cons_flg,
                consent.cons_time,
                consent.available_time,
                new.certificate.map(|c| &c.issuer_sha256),
            ],
        )?;
        tx.execute(
            "INSERT INTO confirmations (request_id, kiosk_id, certificate_serial, method,
                 qualification_validity, processed_at, result_json, evidence_json,
                 certificate_issuer_sha256, assurance, card_data)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            params![
                new.result.request_id,
                new.kiosk_id,
                new.certificate.map(|c| &c.serial),
                new.method,
                new.result.qualification_validity,
                new.result.processed_at,
                result_json,
                new.evidence_json,
                new.certificate.map(|c| &c.issuer_sha256),
                new.assurance.code(),
                new.card_data.map(CardData::code),
            ],
        )?;
        tx.commit()?;
        Ok(None)
    }
}

fn earlier(conn: &Connection, request_id: &str) -> Result<Option<Earlier>, Error> {
    let row = conn
        .prepare_cached(
            "SELECT kiosk_id, method, result_json, assurance, card_data FROM confirmations
             WHERE request_id = ?1",
        )?
        .query_row([request_id], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, Option<String>>(3)?,
                r.get::<_, Option<String>>(4)?,
            ))
        })
        .optional()?;
    row.map(|(kiosk_id, method, json, assurance, card_data)| {
        let result = serde_json::from_str(&json).map_err(|e| Error::Internal(e.to_string()))?;
        Ok(Earlier {
            kiosk_id,
            method,
            result,
            assurance: assurance.as_deref().and_then(Assurance::from_code),
            card_data: card_data.as_deref().and_then(CardData::from_code),
        })
    })
    .transpose()
}

/// Brings the schema to the latest version in one transaction (IMMEDIATE, so that a second
/// gateway started on the same file waits rather than failing on a stale read).
fn migrate(conn: &mut Connection) -> Result<(), rusqlite_migration::Error> {
    conn.set_transaction_behavior(TransactionBehavior::Immediate);
    let result = schema::MIGRATIONS.to_latest(conn);
    conn.set_transaction_behavior(TransactionBehavior::Deferred);
    result
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The version-1 schema as it shipped, to test the migration.
    const SCHEMA_1: &str = "
CREATE TABLE insured (source TEXT PRIMARY KEY, serial TEXT NOT NULL,
    qualification_validity TEXT NOT NULL, result_json TEXT NOT NULL);
CREATE INDEX insured_serial ON insured (serial);
CREATE TABLE consents (id INTEGER PRIMARY KEY, request_id TEXT NOT NULL UNIQUE,
    kiosk_id TEXT NOT NULL, certificate_serial TEXT NOT NULL,
    diagnosis_info_cons_flg TEXT NOT NULL, pharmacists_info_cons_flg TEXT NOT NULL,
    operation_info_cons_flg TEXT NOT NULL, specific_health_checkups_info_cons_flg TEXT NOT NULL,
    limit_application_certificate_related_cons_flg TEXT NOT NULL, cons_time TEXT NOT NULL,
    available_time TEXT NOT NULL);
CREATE INDEX consents_serial ON consents (certificate_serial, cons_time);
CREATE TABLE confirmations (request_id TEXT PRIMARY KEY, kiosk_id TEXT NOT NULL,
    certificate_serial TEXT NOT NULL, method TEXT NOT NULL, qualification_validity TEXT NOT NULL,
    processed_at TEXT NOT NULL, result_json TEXT NOT NULL);
PRAGMA user_version = 1;
";

    #[test]
    fn a_version_1_database_is_migrated_keeping_its_confirmations() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("gw.sqlite");
        let result = ConfirmationResult {
            request_id: "r1".into(),
            qualification_confirmation_date: "2026-11-25".into(),
            processed_at: "2026-11-25T00:00:00Z".into(),
            processing_result_status: "1".into(),
            processing_result_code: None,
            processing_result_message: None,
            qualification_validity: "1".into(),
            results: vec![],
            consent: ConsentRecord::default(),
            warnings: vec![],
        };
        {
            let conn = Connection::open(&path).unwrap();
            conn.execute_batch(SCHEMA_1).unwrap();
            conn.execute(
                "INSERT INTO confirmations VALUES ('r1', 'k1', 'ab', 'pin', '1', 'x', ?1)",
                [serde_json::to_string(&result).unwrap()],
            )
            .unwrap();
            conn.execute(
                "INSERT INTO consents VALUES (1, 'r1', 'k1', 'ab', '1', '1', '1', '1', '1', 't', 'u')",
                [],
            )
            .unwrap();
            // Written before serials kept their leading zero nibble.
            conn.execute(
                "INSERT INTO confirmations VALUES ('r0', 'k1', '7278ca1', 'pin', '1', 'x', ?1)",
                [serde_json::to_string(&result).unwrap()],
            )
            .unwrap();
        }
        let store = Store::open(&path).unwrap();
        let earlier = store.earlier("r1").unwrap().unwrap();
        assert_eq!(
            (earlier.kiosk_id.as_str(), earlier.method.as_str()),
            ("k1", "pin")
        );
        assert_eq!(earlier.result, result);
        assert_eq!(store.recorded("r1").unwrap(), Some(("pin".into(), None)));
        // The new shape: a confirmation without a certificate.
        let mut query = result.clone();
        query.request_id = "r2".into();
        let new = NewConfirmation {
            kiosk_id: "k1",
            certificate: None,
            method: "insurance_number",
            result: &query,
            evidence_json: Some("{}".into()),
            assurance: Assurance::KioskAttestation,
            card_data: None,
        };
        assert!(
            store
                .record(&new, &ConsentRecord::default())
                .unwrap()
                .is_none()
        );
        drop(store);
        let conn = Connection::open(&path).unwrap();
        let version: i64 = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        assert_eq!(version, schema::LATEST_VERSION as i64);
        let consents: i64 = conn
            .query_row("SELECT count(*) FROM consents", [], |r| r.get(0))
            .unwrap();
        assert_eq!(consents, 2);
        let serials: Vec<(String, Option<String>)> = conn
            .prepare("SELECT certificate_serial, certificate_issuer_sha256 FROM confirmations WHERE certificate_serial IS NOT NULL ORDER BY request_id")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(
            serials,
            [("07278ca1".to_string(), None), ("ab".to_string(), None)],
            "serials in the one form, issuer unknown"
        );
        // Opening again changes nothing.
        drop(conn);
        assert!(Store::open(&path).unwrap().earlier("r2").unwrap().is_some());
    }

    /// The schema as the gateway made it before it used `rusqlite_migration` (version 3, with
    /// the purge table it made at every open), to test that such a database opens and upgrades.
    const SCHEMA_3: &str = "
CREATE TABLE insured (source TEXT PRIMARY KEY, issuer_sha256 TEXT, serial TEXT,
    qualification_validity TEXT NOT NULL, insurer_number TEXT NOT NULL,
    insured_card_symbol TEXT, insured_identification_number TEXT NOT NULL,
    insured_branch_number TEXT, birthdate TEXT NOT NULL, result_json TEXT NOT NULL);
CREATE INDEX insured_certificate ON insured (serial, issuer_sha256);
CREATE INDEX insured_numbers ON insured (insurer_number, insured_identification_number);
CREATE TABLE consents (id INTEGER PRIMARY KEY, request_id TEXT NOT NULL UNIQUE,
    kiosk_id TEXT NOT NULL, certificate_serial TEXT, diagnosis_info_cons_flg TEXT NOT NULL,
    pharmacists_info_cons_flg TEXT NOT NULL, operation_info_cons_flg TEXT NOT NULL,
    specific_health_checkups_info_cons_flg TEXT NOT NULL,
    limit_application_certificate_related_cons_flg TEXT NOT NULL, cons_time TEXT NOT NULL,
    available_time TEXT NOT NULL, certificate_issuer_sha256 TEXT);
CREATE INDEX consents_serial ON consents (certificate_serial, cons_time);
CREATE TABLE confirmations (request_id TEXT PRIMARY KEY, kiosk_id TEXT NOT NULL,
    certificate_serial TEXT, method TEXT NOT NULL, qualification_validity TEXT NOT NULL,
    processed_at TEXT NOT NULL, result_json TEXT NOT NULL, evidence_json TEXT,
    certificate_issuer_sha256 TEXT);
CREATE TABLE IF NOT EXISTS retention_purges (id INTEGER PRIMARY KEY, purged_at TEXT NOT NULL,
    cutoff TEXT NOT NULL, confirmations INTEGER NOT NULL, consents INTEGER NOT NULL);
PRAGMA user_version = 3;
";

    fn result(request_id: &str) -> ConfirmationResult {
        ConfirmationResult {
            request_id: request_id.into(),
            qualification_confirmation_date: "2026-11-25".into(),
            processed_at: "2026-11-25T00:00:00Z".into(),
            processing_result_status: "1".into(),
            processing_result_code: None,
            processing_result_message: None,
            qualification_validity: "1".into(),
            results: vec![],
            consent: ConsentRecord::default(),
            warnings: vec![],
        }
    }

    #[test]
    fn a_version_3_database_opens_and_upgrades_keeping_everything() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("gw.sqlite");
        let earlier = result("r3");
        {
            let conn = Connection::open(&path).unwrap();
            conn.execute_batch(SCHEMA_3).unwrap();
            conn.execute(
                "INSERT INTO confirmations VALUES ('r3', 'k1', '0a', 'face', '1', 'x', ?1,
                     '{\"attestation\":1}', 'abc')",
                [serde_json::to_string(&earlier).unwrap()],
            )
            .unwrap();
            conn.execute(
                "INSERT INTO retention_purges VALUES (1, 'then', 'cutoff', 4, 5)",
                [],
            )
            .unwrap();
        }
        let store = Store::open(&path).unwrap();
        let got = store.earlier("r3").unwrap().unwrap();
        assert_eq!((got.kiosk_id.as_str(), got.method.as_str()), ("k1", "face"));
        assert_eq!(got.result, earlier);
        assert_eq!(
            store.recorded("r3").unwrap(),
            Some(("face".into(), Some("{\"attestation\":1}".into())))
        );
        let new = NewConfirmation {
            kiosk_id: "k1",
            certificate: None,
            method: "insurance_number",
            result: &result("r4"),
            evidence_json: None,
            assurance: Assurance::KioskAttestation,
            card_data: None,
        };
        assert!(
            store
                .record(&new, &ConsentRecord::default())
                .unwrap()
                .is_none()
        );
        drop(store);
        let conn = Connection::open(&path).unwrap();
        let version: i64 = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        assert_eq!(version, schema::LATEST_VERSION as i64);
        let purges: i64 = conn
            .query_row("SELECT confirmations FROM retention_purges", [], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(purges, 4, "the purge record survives");
        let issuer: String = conn
            .query_row(
                "SELECT certificate_issuer_sha256 FROM confirmations WHERE request_id = 'r3'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(issuer, "abc");
        drop(conn);
        // A row recorded before schema 5: the level its method implies, no card-data value.
        let store = Store::open(&path).unwrap();
        assert_eq!(
            store.recorded_assurance("r3").unwrap(),
            Some((Some("kiosk_attestation".into()), None))
        );
        let earlier = store.earlier("r3").unwrap().unwrap();
        assert_eq!(earlier.assurance, Some(Assurance::KioskAttestation));
        assert_eq!(earlier.card_data, None);
    }

    #[test]
    fn a_new_database_and_a_newer_one() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("gw.sqlite");
        let store = Store::open(&path).unwrap();
        assert!(store.earlier("none").unwrap().is_none());
        drop(store);
        // Opening again changes nothing.
        Store::open(&path).unwrap();
        let conn = Connection::open(&path).unwrap();
        conn.pragma_update(None, "user_version", 99).unwrap();
        drop(conn);
        match Store::open(&path) {
            Err(Error::Data { message, .. }) => assert!(message.contains("newer"), "{message}"),
            other => panic!("{:?}", other.map(|_| "a store")),
        }
    }

    #[test]
    fn old_confirmations_and_consents_are_purged_and_the_purge_recorded() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("gw.sqlite");
        let store = Store::open(&path).unwrap();
        let now = time::macros::datetime!(2029-12-01 00:00 UTC);
        for (id, at) in [
            ("old", "2026-11-30T23:59:59Z"),
            ("edge", "2026-12-01T00:00:00Z"),
            ("new", "2029-11-30T10:00:00Z"),
        ] {
            let result = ConfirmationResult {
                request_id: id.into(),
                qualification_confirmation_date: "2026-11-25".into(),
                processed_at: at.into(),
                processing_result_status: "1".into(),
                processing_result_code: None,
                processing_result_message: None,
                qualification_validity: "1".into(),
                results: vec![],
                consent: ConsentRecord::default(),
                warnings: vec![],
            };
            let consent = ConsentRecord {
                cons_time: at.into(),
                ..ConsentRecord::default()
            };
            let new = NewConfirmation {
                kiosk_id: "k1",
                certificate: None,
                method: "insurance_number",
                result: &result,
                evidence_json: None,
                assurance: Assurance::KioskAttestation,
                card_data: None,
            };
            assert!(store.record(&new, &consent).unwrap().is_none());
        }
        let cutoff = time::macros::datetime!(2026-12-01 00:00 UTC);
        let purge = store.purge_before(cutoff, now).unwrap();
        assert_eq!(
            purge,
            Purge {
                confirmations: 1,
                consents: 1
            }
        );
        assert!(store.earlier("old").unwrap().is_none());
        assert!(store.earlier("edge").unwrap().is_some());
        assert!(store.earlier("new").unwrap().is_some());
        // Nothing more to purge; each run is recorded.
        let again = store.purge_before(cutoff, now).unwrap();
        assert_eq!(again.confirmations + again.consents, 0);
        drop(store);
        let conn = Connection::open(&path).unwrap();
        let runs: Vec<(String, String, i64, i64)> = conn
            .prepare("SELECT purged_at, cutoff, confirmations, consents FROM retention_purges ORDER BY id")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(
            runs,
            [
                (
                    "2029-12-01T00:00:00Z".into(),
                    "2026-12-01T00:00:00Z".into(),
                    1,
                    1
                ),
                (
                    "2029-12-01T00:00:00Z".into(),
                    "2026-12-01T00:00:00Z".into(),
                    0,
                    0
                ),
            ]
        );
        let consents: i64 = conn
            .query_row("SELECT count(*) FROM consents", [], |r| r.get(0))
            .unwrap();
        assert_eq!(consents, 2);
    }
}
