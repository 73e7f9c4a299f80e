//! What kiosks report, in the gateway's database (migration 6): cases with their
//! acknowledgement and resolution, each kiosk's latest health, and the events (with increasing
//! ids) that a console replays after a reconnect. Every write and its event are one transaction.

use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use super::{Error, Store};
use crate::reports::{EventWhat, KioskCase, ReportEvent};
use myna_protocol::device_key::format_time;
use myna_protocol::protocol::ErrorCode;
use myna_protocol::reports::{
    Acknowledgement, AcknowledgementKind, CaseOutcome, CaseReason, CaseReport, HealthReport,
};

const CASE_COLUMNS: &str = "kiosk_id, case_id, reason, detail, next_step, raised_at, received_at,
    acknowledged_at, acknowledged_by, resolved_at, resolved_by, outcome";

fn json<T: serde::Serialize>(value: &T) -> Result<String, Error> {
    serde_json::to_string(value).map_err(|e| Error::Internal(e.to_string()))
}

fn case_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<KioskCaseRow> {
    Ok(KioskCaseRow {
        kiosk_id: r.get(0)?,
        case_id: r.get(1)?,
        reason: r.get(2)?,
        detail: r.get(3)?,
        next_step: r.get(4)?,
        raised_at: r.get(5)?,
        received_at: r.get(6)?,
        acknowledged_at: r.get(7)?,
        acknowledged_by: r.get(8)?,
        resolved_at: r.get(9)?,
        resolved_by: r.get(10)?,
        outcome: r.get(11)?,
    })
}

/// A case as its row holds it (codes as text).
struct KioskCaseRow {
    kiosk_id: String,
    case_id: String,
    reason: String,
    detail: Option<String>,
    next_step: String,
    raised_at: String,
    received_at: String,
    acknowledged_at: Option<String>,
    acknowledged_by: Option<String>,
    resolved_at: Option<String>,
    resolved_by: Option<String>,
    outcome: Option<String>,
}

impl KioskCaseRow {
    fn into_case(self) -> Result<KioskCase, Error> {
        let unknown = |what: &str, code: &str| {
            Error::Internal(format!("unknown {what} {code:?} in kiosk_cases"))
        };
        let reason =
            CaseReason::from_code(&self.reason).ok_or_else(|| unknown("reason", &self.reason))?;
        let outcome = match self.outcome {
            Some(code) => {
                Some(CaseOutcome::from_code(&code).ok_or_else(|| unknown("outcome", &code))?)
            }
            None => None,
        };
        Ok(KioskCase {
            kiosk_id: self.kiosk_id,
            case_id: self.case_id,
            reason,
            detail: self.detail,
            next_step: self.next_step,
            raised_at: self.raised_at,
            received_at: self.received_at,
            acknowledged_at: self.acknowledged_at,
            acknowledged_by: self.acknowledged_by,
            resolved_at: self.resolved_at,
            resolved_by: self.resolved_by,
            outcome,
        })
    }
}

/// Appends an event; returns it with its id.
fn append_event(
    tx: &Connection,
    at: OffsetDateTime,
    kiosk_id: &str,
    case_id: Option<&str>,
    staff: Option<&str>,
    what: EventWhat,
) -> Result<ReportEvent, Error> {
    let at = format_time(at);
    tx.execute(
        "INSERT INTO report_events (at, kind, kiosk_id, case_id, staff, event_json)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![at, what.kind(), kiosk_id, case_id, staff, json(&what)?],
    )?;
    let id = u64::try_from(tx.last_insert_rowid())
        .map_err(|_| Error::Internal("negative event id".into()))?;
    Ok(ReportEvent {
        id,
        at,
        kiosk_id: kiosk_id.to_string(),
        what,
    })
}

fn event_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<(i64, String, String, String)> {
    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
}

fn into_event(
    (id, at, kiosk_id, what): (i64, String, String, String),
) -> Result<ReportEvent, Error> {
    Ok(ReportEvent {
        id: u64::try_from(id).map_err(|_| Error::Internal("negative event id".into()))?,
        at,
        kiosk_id,
        what: serde_json::from_str(&what).map_err(|e| Error::Internal(e.to_string()))?,
    })
}

fn no_case(kiosk_id: &str, case_id: &str) -> Error {
    Error::refused(
        ErrorCode::BadRequest,
        format!("kiosk {kiosk_id:?} has no case {case_id:?}"),
    )
}

impl Store {
    /// Records a case; `None` when this kiosk sent it before (nothing is written twice).
    pub fn record_case(
        &self,
        kiosk_id: &str,
        report: &CaseReport,
        now: OffsetDateTime,
    ) -> Result<Option<ReportEvent>, Error> {
        let mut conn = self.conn()?;
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let received_at = format_time(now);
        let inserted = tx.execute(
            "INSERT OR IGNORE INTO kiosk_cases (kiosk_id, case_id, reason, detail, next_step,
                 raised_at, received_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                kiosk_id,
                report.case_id,
                report.reason.code(),
                report.detail,
                report.next_step,
                report.raised_at,
                received_at
            ],
        )?;
        if inserted == 0 {
            return Ok(None);
        }
        let case = KioskCase {
            kiosk_id: kiosk_id.to_string(),
            case_id: report.case_id.clone(),
            reason: report.reason,
            detail: report.detail.clone(),
            next_step: report.next_step.clone(),
            raised_at: report.raised_at.clone(),
            received_at,
            acknowledged_at: None,
            acknowledged_by: None,
            resolved_at: None,
            resolved_by: None,
            outcome: None,
        };
        let event = append_event(
            &tx,
            now,
            kiosk_id,
            Some(&report.case_id),
            None,
            EventWhat::CaseRaised { case },
        )?;
        tx.commit()?;
        Ok(Some(event))
    }

    /// Records a kiosk's health as its latest; an event when what staff would see changed, or
    /// the kiosk was unknown or stale (`stale_after`) before.
    pub fn record_health(
        &self,
        kiosk_id: &str,
        report: &HealthReport,
        now: OffsetDateTime,
        stale_after: time::Duration,
    ) -> Result<Option<ReportEvent>, Error> {
        let mut conn = self.conn()?;
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let before: Option<(String, String)> = tx
            .query_row(
                "SELECT last_seen, health_json FROM kiosk_health WHERE kiosk_id = ?1",
                [kiosk_id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        tx.execute(
            "INSERT INTO kiosk_health (kiosk_id, last_seen, health_json) VALUES (?1, ?2, ?3)
             ON CONFLICT (kiosk_id) DO UPDATE SET last_seen = ?2, health_json = ?3",
            params![kiosk_id, format_time(now), json(report)?],
        )?;
        let changed = match before {
            None => true,
            Some((last_seen, health)) => {
                let was_stale = OffsetDateTime::parse(&last_seen, &Rfc3339)
                    .map_or(true, |seen| now - seen > stale_after);
                let same = serde_json::from_str::<HealthReport>(&health)
                    .is_ok_and(|earlier| earlier.same_state(report));
                was_stale || !same
            }
        };
        let event = if changed {
            Some(append_event(
                &tx,
                now,
                kiosk_id,
                None,
                None,
                EventWhat::KioskHealth {
                    health: report.clone(),
                },
            )?)
        } else {
            None
        };
        tx.commit()?;
        Ok(event)
    }

    /// Staff `staff` is on the way to a case that is not resolved.
    pub fn acknowledge_case(
        &self,
        kiosk_id: &str,
        case_id: &str,
        staff: &str,
        now: OffsetDateTime,
    ) -> Result<ReportEvent, Error> {
        let mut conn = self.conn()?;
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let updated = tx.execute(
            "UPDATE kiosk_cases SET acknowledged_at = ?3, acknowledged_by = ?4
             WHERE kiosk_id = ?1 AND case_id = ?2 AND resolved_at IS NULL",
            params![kiosk_id, case_id, format_time(now), staff],
        )?;
        if updated == 0 {
            return Err(match case_state(&tx, kiosk_id, case_id)? {
                None => no_case(kiosk_id, case_id),
                Some(_) => Error::refused(
                    ErrorCode::BadRequest,
                    format!("case {case_id:?} is resolved already"),
                ),
            });
        }
        let event = append_event(
            &tx,
            now,
            kiosk_id,
            Some(case_id),
            Some(staff),
            EventWhat::CaseAcknowledged {
                case_id: case_id.to_string(),
                staff: staff.to_string(),
            },
        )?;
        tx.commit()?;
        Ok(event)
    }

    /// Staff `staff` closed a case that was open, with `outcome`.
    pub fn resolve_case(
        &self,
        kiosk_id: &str,
        case_id: &str,
        outcome: CaseOutcome,
        staff: &str,
        now: OffsetDateTime,
    ) -> Result<ReportEvent, Error> {
        let mut conn = self.conn()?;
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let updated = tx.execute(
            "UPDATE kiosk_cases SET resolved_at = ?3, resolved_by = ?4, outcome = ?5
             WHERE kiosk_id = ?1 AND case_id = ?2 AND resolved_at IS NULL",
            params![kiosk_id, case_id, format_time(now), staff, outcome.code()],
        )?;
        if updated == 0 {
            return Err(match case_state(&tx, kiosk_id, case_id)? {
                None => no_case(kiosk_id, case_id),
                Some(_) => Error::refused(
                    ErrorCode::BadRequest,
                    format!("case {case_id:?} is resolved already"),
                ),
            });
        }
        let event = append_event(
            &tx,
            now,
            kiosk_id,
            Some(case_id),
            Some(staff),
            EventWhat::CaseResolved {
                case_id: case_id.to_string(),
                staff: staff.to_string(),
                outcome,
            },
        )?;
        tx.commit()?;
        Ok(event)
    }

    /// The cases not resolved, oldest first.
    pub fn open_cases(&self) -> Result<Vec<KioskCase>, Error> {
        let conn = self.conn()?;
        let mut query = conn.prepare_cached(&format!(
            "SELECT {CASE_COLUMNS} FROM kiosk_cases WHERE resolved_at IS NULL
             ORDER BY received_at, kiosk_id, case_id"
        ))?;
        let rows = query.query_map([], case_row)?;
        rows.map(|row| row.map_err(Error::from).and_then(KioskCaseRow::into_case))
            .collect()
    }

    /// One case, resolved or not.
    pub fn case(&self, kiosk_id: &str, case_id: &str) -> Result<Option<KioskCase>, Error> {
        let conn = self.conn()?;
        let row = conn
            .prepare_cached(&format!(
                "SELECT {CASE_COLUMNS} FROM kiosk_cases WHERE kiosk_id = ?1 AND case_id = ?2"
            ))?
            .query_row([kiosk_id, case_id], case_row)
            .optional()?;
        row.map(KioskCaseRow::into_case).transpose()
    }

    /// Every kiosk that reported health: its id, when it was last seen and its latest report.
    pub fn health_rows(&self) -> Result<Vec<(String, String, HealthReport)>, Error> {
        let conn = self.conn()?;
        let mut query = conn.prepare_cached(
            "SELECT kiosk_id, last_seen, health_json FROM kiosk_health ORDER BY kiosk_id",
        )?;
        let rows = query.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
            ))
        })?;
        let mut found = Vec::new();
        for row in rows {
            let (kiosk, seen, health) = row?;
            let health =
                serde_json::from_str(&health).map_err(|e| Error::Internal(e.to_string()))?;
            found.push((kiosk, seen, health));
        }
        Ok(found)
    }

    /// The events after `after`, oldest first, at most `limit`.
    pub fn events_since(&self, after: u64, limit: usize) -> Result<Vec<ReportEvent>, Error> {
        let conn = self.conn()?;
        let mut query = conn.prepare_cached(
            "SELECT id, at, kiosk_id, event_json FROM report_events WHERE id > ?1
             ORDER BY id LIMIT ?2",
        )?;
        let rows = query.query_map(
            params![
                i64::try_from(after).unwrap_or(i64::MAX),
                i64::try_from(limit).unwrap_or(i64::MAX)
            ],
            event_row,
        )?;
        rows.map(|row| row.map_err(Error::from).and_then(into_event))
            .collect()
    }

    /// The id of the latest event, 0 before the first.
    pub fn last_event_id(&self) -> Result<u64, Error> {
        let conn = self.conn()?;
        let id: i64 =
            conn.query_row("SELECT COALESCE(MAX(id), 0) FROM report_events", [], |r| {
                r.get(0)
            })?;
        Ok(u64::try_from(id).unwrap_or(0))
    }

    /// The acknowledgements and resolutions of this kiosk's cases after event `after`.
    pub fn acknowledgements_for(
        &self,
        kiosk_id: &str,
        after: u64,
        limit: usize,
    ) -> Result<Vec<Acknowledgement>, Error> {
        let conn = self.conn()?;
        let mut query = conn.prepare_cached(
            "SELECT id, at, kiosk_id, event_json FROM report_events
             WHERE kiosk_id = ?1 AND id > ?2 AND kind IN ('case_acknowledged', 'case_resolved')
             ORDER BY id LIMIT ?3",
        )?;
        let rows = query.query_map(
            params![
                kiosk_id,
                i64::try_from(after).unwrap_or(i64::MAX),
                i64::try_from(limit).unwrap_or(i64::MAX)
            ],
            event_row,
        )?;
        let mut found = Vec::new();
        for row in rows {
            let event = into_event(row?)?;
            let (case_id, kind) = match event.what {
                EventWhat::CaseAcknowledged { case_id, .. } => {
                    (case_id, AcknowledgementKind::OnMyWay)
                }
                EventWhat::CaseResolved {
                    case_id, outcome, ..
                } => (case_id, AcknowledgementKind::Resolved { outcome }),
                _ => continue,
            };
            found.push(Acknowledgement {
                event_id: event.id,
                case_id,
                kind,
                at: event.at,
            });
        }
        Ok(found)
    }
}

/// `Some(resolved)` for a case that exists.
fn case_state(tx: &Connection, kiosk_id: &str, case_id: &str) -> Result<Option<bool>, Error> {
    Ok(tx
        .query_row(
            "SELECT resolved_at IS NOT NULL FROM kiosk_cases WHERE kiosk_id = ?1 AND case_id = ?2",
            [kiosk_id, case_id],
            |r| r.get(0),
        )
        .optional()?)
}
