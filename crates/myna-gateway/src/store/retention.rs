//! How long the gateway keeps what the staff console and the kiosks' reports leave behind, and
//! the purge that enforces it (the confirmations' own purge is [`Store::purge_before`]). Run by
//! the gateway's retention task, at start and then daily (docs/gateway-protocol.md, "Retention").

use rusqlite::{TransactionBehavior, params};
use time::OffsetDateTime;

use super::{Error, Store};
use myna_protocol::device_key::format_time;

/// How long each kind of record is kept (from `Limits`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Retention {
    /// Confirmations and consents (`--retention-days`).
    pub confirmations_days: u32,
    /// The staff console's audit, `staff_audit` (`--audit-retention-days`).
    pub audit_days: u32,
    /// Resolved kiosk cases and the report events (`--case-retention-days`), counted from a
    /// case's resolution; an open case and its events stay however old they are.
    pub cases_days: u32,
    /// A console session unused this long is over (`--console-session-minutes`); it is deleted.
    pub console_session: std::time::Duration,
}

/// What one purge of the console's and the reports' records removed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RecordsPurge {
    pub audit: usize,
    pub cases: usize,
    pub events: usize,
    pub sessions: usize,
}

fn days_before(now: OffsetDateTime, days: u32) -> String {
    format_time(now - time::Duration::days(i64::from(days)))
}

impl Store {
    /// Deletes, in one transaction, the audit rows, resolved cases and report events older than
    /// their periods and the console sessions past their idle time. When audit rows, cases or
    /// events went, the purge itself is an audit row (`retention_purge`, with its cutoffs and
    /// counts), written after the deletion so that it is kept its own full period. Times are
    /// compared as instants (`julianday`), not as text.
    pub fn purge_records(
        &self,
        retention: &Retention,
        now: OffsetDateTime,
    ) -> Result<RecordsPurge, Error> {
        let audit_cutoff = days_before(now, retention.audit_days);
        let cases_cutoff = days_before(now, retention.cases_days);
        let now_ms = i64::try_from(now.unix_timestamp_nanos() / 1_000_000).unwrap_or(i64::MAX);
        let idle_ms = i64::try_from(retention.console_session.as_millis()).unwrap_or(i64::MAX);
        let mut conn = self.conn()?;
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let audit = tx.execute(
            "DELETE FROM staff_audit WHERE julianday(at) < julianday(?1)",
            [&audit_cutoff],
        )?;
        let cases = tx.execute(
            "DELETE FROM kiosk_cases
             WHERE resolved_at IS NOT NULL AND julianday(resolved_at) < julianday(?1)",
            [&cases_cutoff],
        )?;
        // A case's events stay while the case does (an open one however old), so its history
        // goes with it, not before it.
        let events = tx.execute(
            "DELETE FROM report_events
             WHERE julianday(at) < julianday(?1)
               AND (case_id IS NULL OR NOT EXISTS (SELECT 1 FROM kiosk_cases c
                        WHERE c.kiosk_id = report_events.kiosk_id
                          AND c.case_id = report_events.case_id))",
            [&cases_cutoff],
        )?;
        let sessions = tx.execute(
            "DELETE FROM console_sessions WHERE last_seen_ms < ?1",
            [now_ms.saturating_sub(idle_ms)],
        )?;
        if audit + cases + events > 0 {
            let detail = serde_json::json!({
                "audit_before": audit_cutoff, "audit": audit,
                "cases_before": cases_cutoff, "cases": cases, "events": events,
            });
            tx.execute(
                "INSERT INTO staff_audit (at, member, action, outcome, detail_json)
                 VALUES (?1, NULL, 'retention_purge', 'ok', ?2)",
                params![format_time(now), detail.to_string()],
            )?;
        }
        tx.commit()?;
        Ok(RecordsPurge {
            audit,
            cases,
            events,
            sessions,
        })
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::time::Duration;

    use super::*;
    use crate::clock::SteppedClock;
    use crate::connections::Limits;
    use crate::service::Gateway;
    use crate::staff::AuditOutcome;
    use myna_protocol::reports::{
        CaseOutcome, CaseReason, CaseReport, HealthReport, REPORTS_VERSION,
    };

    const DAY: Duration = Duration::from_secs(86_400);

    /// A gateway on the fixture data and a new database in `dir`, on a clock the test steps.
    fn gateway_in(dir: &tempfile::TempDir) -> (Gateway, Arc<SteppedClock>) {
        let data = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../fixtures"));
        let db = dir.path().join("gateway.db");
        let (gateway, _) = Gateway::open(data, &db, time::Duration::minutes(1)).unwrap();
        let clock = Arc::new(SteppedClock::default());
        (gateway.with_clock(clock.clone()), clock)
    }

    fn case(id: &str, now: OffsetDateTime) -> CaseReport {
        CaseReport {
            version: REPORTS_VERSION,
            case_id: id.into(),
            raised_at: format_time(now),
            reason: CaseReason::PatientCalled,
            detail: None,
            next_step: CaseReason::PatientCalled.next_step(None),
        }
    }

    fn count(store: &Store, sql: &str) -> i64 {
        store
            .conn()
            .unwrap()
            .query_row(sql, [], |r| r.get(0))
            .unwrap()
    }

    /// A console session last used at `at`.
    fn session(store: &Store, id: &str, at: OffsetDateTime) {
        let ms = i64::try_from(at.unix_timestamp_nanos() / 1_000_000).unwrap();
        store
            .conn()
            .unwrap()
            .execute(
                "INSERT INTO console_sessions (id_sha256, member, role, csrf, created_ms, last_seen_ms)
                 VALUES (?1, 'sato', 'staff', 'x', ?2, ?2)",
                params![id, ms],
            )
            .unwrap();
    }

    #[test]
    fn the_audit_cases_events_and_sessions_go_each_after_its_own_period() {
        let dir = tempfile::tempdir().unwrap();
        let (gateway, clock) = gateway_in(&dir);
        let store = gateway.store();
        let retention = Limits::default().retention();
        let then = gateway.now_utc();
        store
            .staff_audit(then, Some("sato"), "sign_in", AuditOutcome::Ok, None)
            .unwrap();
        store
            .record_case("k1", &case("closed", then), then)
            .unwrap();
        store.record_case("k1", &case("open", then), then).unwrap();
        store
            .resolve_case("k1", "closed", CaseOutcome::Handled, "sato", then)
            .unwrap();
        let health = HealthReport {
            version: REPORTS_VERSION,
            sent_at: format_time(then),
            reader_attached: Some(true),
            card_in_reader: false,
            gateway: None,
            outbox_backlog: Some(0),
            face_available: true,
            kiosk_version: "0.1.0".into(),
        };
        store
            .record_health("k1", &health, then, time::Duration::seconds(20))
            .unwrap();
        session(store, "idle", then);
        let events = "SELECT count(*) FROM report_events";
        assert_eq!(
            count(store, events),
            4,
            "two raised, one resolved, one health"
        );

        // Past the session's idle time: only the session goes, and no audit row says so.
        clock.advance(retention.console_session + Duration::from_secs(1));
        session(store, "in use", gateway.now_utc());
        let (_, purged) = gateway.purge(&retention, gateway.now_utc()).unwrap();
        assert_eq!(
            purged,
            RecordsPurge {
                sessions: 1,
                ..RecordsPurge::default()
            }
        );
        assert_eq!(count(store, "SELECT count(*) FROM console_sessions"), 1);

        // Three years on: the resolved case and its events, the health event; the open case and
        // its event stay, and so does the audit (five years).
        clock.advance(DAY * retention.cases_days);
        let (_, purged) = gateway.purge(&retention, gateway.now_utc()).unwrap();
        assert_eq!(
            purged,
            RecordsPurge {
                audit: 0,
                cases: 1,
                events: 3,
                sessions: 1,
            }
        );
        let open = gateway.reports().open_cases().unwrap();
        assert_eq!(open.len(), 1);
        assert_eq!(open[0].case_id, "open");
        assert_eq!(count(store, events), 1);
        let purges = "SELECT count(*) FROM staff_audit WHERE action = 'retention_purge'";
        assert_eq!(count(store, purges), 1, "the purge is audited");
        assert_eq!(count(store, "SELECT count(*) FROM staff_audit"), 2);

        // Five years on: the sign-in's audit row goes; the purge's own row, written later,
        // stays its full period; the open case still stays.
        clock.advance(DAY * (retention.audit_days - retention.cases_days));
        let (_, purged) = gateway.purge(&retention, gateway.now_utc()).unwrap();
        assert_eq!((purged.audit, purged.cases, purged.events), (1, 0, 0));
        let actions = "SELECT count(*) FROM staff_audit WHERE action = 'sign_in'";
        assert_eq!(count(store, actions), 0);
        assert_eq!(count(store, purges), 2);
        assert_eq!(gateway.reports().open_cases().unwrap().len(), 1);
        assert_eq!(count(store, events), 1);
    }
}
