//! Staff cases waiting for the clinic server (issue 19): queued in the same database as the
//! visits, when they are raised, and deleted once the gateway has them; so a case raised while
//! the gateway is unreachable, or just before the kiosk stops, reaches it later. A case holds
//! codes and times only, so its JSON is kept in clear.

use rusqlite::params;
use time::OffsetDateTime;

use super::{Store, StoreError, to_nanos};
use crate::eligibility::reports::CaseReport;

const CASE_OUTBOX: &str = "case_outbox";

impl Store {
    /// Queues a case (a case id already queued is not queued twice).
    pub fn queue_case(&self, report: &CaseReport, now: OffsetDateTime) -> Result<(), StoreError> {
        let json = serde_json::to_string(report).map_err(|source| StoreError::Json {
            table: CASE_OUTBOX,
            source,
        })?;
        self.conn()
            .execute(
                "INSERT OR IGNORE INTO case_outbox (case_id, queued_at, report) VALUES (?1, ?2, ?3)",
                params![report.case_id, to_nanos(now)?, json],
            )
            .map_err(|e| self.db(e))?;
        Ok(())
    }

    /// The queued cases, oldest first.
    pub fn queued_cases(&self) -> Result<Vec<CaseReport>, StoreError> {
        let conn = self.conn();
        let mut stmt = conn
            .prepare_cached("SELECT report FROM case_outbox ORDER BY id")
            .map_err(|e| self.db(e))?;
        let rows = stmt
            .query_map([], |r| r.get::<_, String>(0))
            .map_err(|e| self.db(e))?;
        let mut cases = Vec::new();
        for row in rows {
            let json = row.map_err(|e| self.db(e))?;
            cases.push(
                serde_json::from_str(&json).map_err(|source| StoreError::Json {
                    table: CASE_OUTBOX,
                    source,
                })?,
            );
        }
        Ok(cases)
    }

    /// The gateway has the case (or refused it for good): it leaves the queue.
    pub fn case_sent(&self, case_id: &str) -> Result<(), StoreError> {
        self.conn()
            .execute("DELETE FROM case_outbox WHERE case_id = ?1", [case_id])
            .map_err(|e| self.db(e))?;
        Ok(())
    }

    /// How many cases wait.
    pub fn cases_waiting(&self) -> Result<usize, StoreError> {
        self.conn()
            .query_row("SELECT count(*) FROM case_outbox", [], |r| {
                r.get::<_, i64>(0)
            })
            .map(|n| usize::try_from(n).unwrap_or(0))
            .map_err(|e| self.db(e))
    }

    /// Another connection to this store's file, for a thread of its own (the kiosk's reporting
    /// thread): the same data key, the schema already brought up to date by this one.
    pub fn another_connection(&self, data_key_path: &std::path::Path) -> Result<Store, StoreError> {
        Store::open(&self.path, data_key_path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::eligibility::reports::{CaseReason, REPORTS_VERSION};

    fn case(id: &str) -> CaseReport {
        CaseReport {
            version: REPORTS_VERSION,
            case_id: id.into(),
            raised_at: "2026-12-03T01:00:00Z".into(),
            reason: CaseReason::PatientCalled,
            detail: None,
            next_step: "patient_called".into(),
        }
    }

    #[test]
    fn cases_queue_in_order_once_and_leave_when_sent() {
        let dir = tempfile::tempdir().unwrap();
        let keys = crate::eligibility::device_key::keygen(&dir.path().join("k"), "k").unwrap();
        let store = Store::open(&dir.path().join("s.db"), &keys.data_key).unwrap();
        let now = OffsetDateTime::now_utc();
        for id in ["b", "a", "b"] {
            store.queue_case(&case(id), now).unwrap();
        }
        assert_eq!(store.cases_waiting().unwrap(), 2);
        let other = store.another_connection(&keys.data_key).unwrap();
        let ids: Vec<_> = other
            .queued_cases()
            .unwrap()
            .into_iter()
            .map(|c| c.case_id)
            .collect();
        assert_eq!(ids, ["b", "a"]);
        other.case_sent("b").unwrap();
        assert_eq!(store.queued_cases().unwrap(), [case("a")]);
    }
}
