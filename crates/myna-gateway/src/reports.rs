//! What kiosks report (issue 19) and the API the staff console uses: the open cases, the health
//! board, a live stream of events with increasing ids plus the events since an id (from the
//! database, so that a page that reconnects misses nothing), and the staff actions
//! ("on my way", resolve), each recorded as an event with the staff member's name (the audit
//! of what staff did about cases).
//!
//! A console subscribes first ([`Reports::subscribe`]), then reads [`Reports::events_since`] the
//! last id it showed, and drops live events with an id it has already seen.

use std::path::Path;
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use tokio::sync::broadcast;

use super::Error;
use super::store::Store;
use myna_protocol::device_key::format_time;
use myna_protocol::protocol::ErrorCode;
use myna_protocol::reports::{
    Acknowledgements, CaseOutcome, CaseReason, CaseReceipt, CaseReport, HealthReceipt,
    HealthReport, MAX_ACKNOWLEDGEMENTS, REPORTS_VERSION,
};

/// Live events kept for a slow subscriber before it is told it lagged (and reads the
/// database instead).
const EVENT_BUFFER: usize = 1024;
/// Events in one [`Reports::events_since`] answer at most.
pub const MAX_EVENTS: usize = 1000;

/// A case as the gateway keeps it: what the kiosk reported and what staff did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KioskCase {
    pub kiosk_id: String,
    pub case_id: String,
    pub reason: CaseReason,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    pub next_step: String,
    /// RFC 3339, the kiosk's clock.
    pub raised_at: String,
    /// RFC 3339, the gateway's clock.
    pub received_at: String,
    #[serde(default)]
    pub acknowledged_at: Option<String>,
    #[serde(default)]
    pub acknowledged_by: Option<String>,
    #[serde(default)]
    pub resolved_at: Option<String>,
    #[serde(default)]
    pub resolved_by: Option<String>,
    #[serde(default)]
    pub outcome: Option<CaseOutcome>,
}

/// What happened.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum EventWhat {
    CaseRaised {
        case: KioskCase,
    },
    CaseAcknowledged {
        case_id: String,
        staff: String,
    },
    CaseResolved {
        case_id: String,
        staff: String,
        outcome: CaseOutcome,
    },
    /// A kiosk's health changed, or the kiosk reported for the first time or after being stale.
    KioskHealth {
        health: HealthReport,
    },
}

impl EventWhat {
    /// The `kind` code (as in the JSON and the `report_events.kind` column).
    pub fn kind(&self) -> &'static str {
        match self {
            EventWhat::CaseRaised { .. } => "case_raised",
            EventWhat::CaseAcknowledged { .. } => "case_acknowledged",
            EventWhat::CaseResolved { .. } => "case_resolved",
            EventWhat::KioskHealth { .. } => "kiosk_health",
        }
    }
}

/// One event, with its id (increasing) and time (the gateway's, RFC 3339).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportEvent {
    pub id: u64,
    pub at: String,
    pub kiosk_id: String,
    #[serde(flatten)]
    pub what: EventWhat,
}

/// One line of the health board.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KioskHealth {
    pub kiosk_id: String,
    /// When its last report arrived (RFC 3339, the gateway's clock).
    pub last_seen: String,
    /// Not seen for longer than the gateway's `stale_after`: shown red.
    pub stale: bool,
    pub health: HealthReport,
}

/// The reports and the console's API over them. Cheap to clone (shared database and stream).
#[derive(Clone)]
pub struct Reports {
    store: Arc<Store>,
    events: broadcast::Sender<ReportEvent>,
    stale_after: time::Duration,
}

impl std::fmt::Debug for Reports {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Reports")
            .field("stale_after", &self.stale_after)
            .finish()
    }
}

fn bad_request(e: impl std::fmt::Display) -> Error {
    Error::refused(ErrorCode::BadRequest, format!("malformed report: {e}"))
}

/// A staff member's name as the console passes it: 1 to 64 characters, no control characters.
fn check_staff(staff: &str) -> Result<(), Error> {
    if staff.is_empty() || staff.chars().count() > 64 || staff.chars().any(char::is_control) {
        return Err(Error::Usage(format!(
            "staff {staff:?}: 1 to 64 characters without control characters"
        )));
    }
    Ok(())
}

impl Reports {
    pub(crate) fn new(store: Arc<Store>, stale_after: std::time::Duration) -> Self {
        let (events, _) = broadcast::channel(EVENT_BUFFER);
        Reports {
            store,
            events,
            stale_after: time::Duration::try_from(stale_after)
                .unwrap_or(time::Duration::seconds(20)),
        }
    }

    /// The reports in the gateway database `db` (schema brought up to date), outside a running
    /// gateway: for tools and tests. Its live stream sees only what this handle records; the
    /// kiosks' long polls in a gateway process on the same file still see its acknowledgements
    /// (they also read the database about twice a second).
    pub fn open(db: &Path, stale_after: std::time::Duration) -> Result<Self, Error> {
        Ok(Reports::new(Arc::new(Store::open(db)?), stale_after))
    }

    /// How long a kiosk may go unseen before it is stale.
    pub fn stale_after(&self) -> time::Duration {
        self.stale_after
    }

    fn publish(&self, event: ReportEvent) -> ReportEvent {
        // No subscriber is fine: the database has it.
        let _ = self.events.send(event.clone());
        tracing::info!(
            id = event.id,
            kind = event.what.kind(),
            kiosk = event.kiosk_id,
            "report event"
        );
        event
    }

    /// `POST /v1/cases` from `kiosk_id`.
    pub fn case(
        &self,
        kiosk_id: &str,
        body: &[u8],
        now: OffsetDateTime,
    ) -> Result<CaseReceipt, Error> {
        let report: CaseReport = serde_json::from_slice(body).map_err(bad_request)?;
        report.check().map_err(bad_request)?;
        let new = match self.store.record_case(kiosk_id, &report, now)? {
            Some(event) => {
                self.publish(event);
                true
            }
            None => false,
        };
        Ok(CaseReceipt {
            case_id: report.case_id,
            new,
        })
    }

    /// `POST /v1/health` from `kiosk_id`.
    pub fn health(
        &self,
        kiosk_id: &str,
        body: &[u8],
        now: OffsetDateTime,
    ) -> Result<HealthReceipt, Error> {
        let report: HealthReport = serde_json::from_slice(body).map_err(bad_request)?;
        report.check().map_err(bad_request)?;
        if let Some(event) = self
            .store
            .record_health(kiosk_id, &report, now, self.stale_after)?
        {
            self.publish(event);
        }
        Ok(HealthReceipt {
            received_at: format_time(now),
        })
    }

    /// The acknowledgements of `kiosk_id`'s cases after event `after` (`GET
    /// /v1/acknowledgements`, without the wait).
    pub fn acknowledgements(&self, kiosk_id: &str, after: u64) -> Result<Acknowledgements, Error> {
        let acknowledgements =
            self.store
                .acknowledgements_for(kiosk_id, after, MAX_ACKNOWLEDGEMENTS)?;
        let cursor = acknowledgements.last().map_or(after, |a| a.event_id);
        Ok(Acknowledgements {
            version: REPORTS_VERSION,
            acknowledgements,
            cursor,
        })
    }

    /// The live events from now on. Subscribe before reading [`Reports::events_since`].
    pub fn subscribe(&self) -> broadcast::Receiver<ReportEvent> {
        self.events.subscribe()
    }

    /// The recorded events after `after`, oldest first, at most [`MAX_EVENTS`] (ask again from
    /// the last one's id while an answer is full).
    pub fn events_since(&self, after: u64) -> Result<Vec<ReportEvent>, Error> {
        self.store.events_since(after, MAX_EVENTS)
    }

    /// The id of the latest event (0 before the first): where a page rendered now starts its
    /// live stream.
    pub fn last_event_id(&self) -> Result<u64, Error> {
        self.store.last_event_id()
    }

    /// The cases not resolved yet, oldest first.
    pub fn open_cases(&self) -> Result<Vec<KioskCase>, Error> {
        self.store.open_cases()
    }

    /// One case, resolved or not.
    pub fn find_case(&self, kiosk_id: &str, case_id: &str) -> Result<Option<KioskCase>, Error> {
        self.store.case(kiosk_id, case_id)
    }

    /// Every kiosk that has reported health, with whether it is stale at `now`.
    pub fn health_board(&self, now: OffsetDateTime) -> Result<Vec<KioskHealth>, Error> {
        Ok(self
            .store
            .health_rows()?
            .into_iter()
            .map(|(kiosk_id, last_seen, health)| {
                let stale = OffsetDateTime::parse(&last_seen, &Rfc3339)
                    .map_or(true, |seen| now - seen > self.stale_after);
                KioskHealth {
                    kiosk_id,
                    last_seen,
                    stale,
                    health,
                }
            })
            .collect())
    }

    /// Staff member `staff` is on the way to `kiosk_id`'s case: recorded (with the name, as
    /// the audit), streamed, and answered to that kiosk's long poll.
    pub fn acknowledge(
        &self,
        kiosk_id: &str,
        case_id: &str,
        staff: &str,
        now: OffsetDateTime,
    ) -> Result<ReportEvent, Error> {
        check_staff(staff)?;
        let event = self.store.acknowledge_case(kiosk_id, case_id, staff, now)?;
        Ok(self.publish(event))
    }

    /// Staff member `staff` closed `kiosk_id`'s case with `outcome`; a case is resolved once.
    pub fn resolve(
        &self,
        kiosk_id: &str,
        case_id: &str,
        outcome: CaseOutcome,
        staff: &str,
        now: OffsetDateTime,
    ) -> Result<ReportEvent, Error> {
        check_staff(staff)?;
        let event = self
            .store
            .resolve_case(kiosk_id, case_id, outcome, staff, now)?;
        Ok(self.publish(event))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use myna_protocol::reports::{AcknowledgementKind, Reachability};

    fn reports() -> (tempfile::TempDir, Reports) {
        let dir = tempfile::tempdir().unwrap();
        let reports = Reports::open(
            &dir.path().join("gw.sqlite"),
            std::time::Duration::from_secs(20),
        )
        .unwrap();
        (dir, reports)
    }

    fn case_body(id: &str, reason: CaseReason) -> Vec<u8> {
        serde_json::to_vec(&CaseReport {
            version: REPORTS_VERSION,
            case_id: id.into(),
            raised_at: "2026-12-03T01:00:00Z".into(),
            reason,
            detail: None,
            next_step: reason.next_step(None),
        })
        .unwrap()
    }

    fn health_body(card: bool) -> Vec<u8> {
        serde_json::to_vec(&HealthReport {
            version: REPORTS_VERSION,
            sent_at: "2026-12-03T01:00:00Z".into(),
            reader_attached: Some(true),
            card_in_reader: card,
            gateway: Some(Reachability {
                reachable: true,
                at: "2026-12-03T01:00:00Z".into(),
            }),
            outbox_backlog: Some(0),
            face_available: false,
            kiosk_version: "0.1.0".into(),
        })
        .unwrap()
    }

    #[test]
    fn a_case_is_recorded_once_and_streamed() {
        let (_dir, reports) = reports();
        let mut live = reports.subscribe();
        let now = OffsetDateTime::now_utc();
        let body = case_body("c1", CaseReason::PinLocked);
        assert!(reports.case("k1", &body, now).unwrap().new);
        assert!(!reports.case("k1", &body, now).unwrap().new, "a repeat");
        // Another kiosk may use the same id.
        assert!(reports.case("k2", &body, now).unwrap().new);
        let first = live.try_recv().unwrap();
        assert_eq!(first.what.kind(), "case_raised");
        assert_eq!(first.kiosk_id, "k1");
        assert_eq!(live.try_recv().unwrap().kiosk_id, "k2");
        assert!(live.try_recv().is_err(), "the repeat made no event");
        let open = reports.open_cases().unwrap();
        assert_eq!(open.len(), 2);
        assert_eq!(open[0].reason, CaseReason::PinLocked);
        assert_eq!(open[0].next_step, "pin_locked");
    }

    #[test]
    fn acknowledge_and_resolve_reach_the_kiosk_in_order_and_are_audited() {
        let (_dir, reports) = reports();
        let now = OffsetDateTime::now_utc();
        reports
            .case("k1", &case_body("c1", CaseReason::PatientCalled), now)
            .unwrap();
        let on_way = reports.acknowledge("k1", "c1", "tanaka", now).unwrap();
        let done = reports
            .resolve("k1", "c1", CaseOutcome::Handled, "tanaka", now)
            .unwrap();
        assert!(done.id > on_way.id);
        let acks = reports.acknowledgements("k1", 0).unwrap();
        assert_eq!(acks.cursor, done.id);
        let kinds: Vec<_> = acks.acknowledgements.iter().map(|a| a.kind).collect();
        assert_eq!(
            kinds,
            [
                AcknowledgementKind::OnMyWay,
                AcknowledgementKind::Resolved {
                    outcome: CaseOutcome::Handled
                }
            ]
        );
        assert!(
            reports
                .acknowledgements("k2", 0)
                .unwrap()
                .acknowledgements
                .is_empty(),
            "only the kiosk of the case"
        );
        assert!(
            reports
                .acknowledgements("k1", done.id)
                .unwrap()
                .acknowledgements
                .is_empty()
        );
        let case = reports.find_case("k1", "c1").unwrap().unwrap();
        assert_eq!(case.acknowledged_by.as_deref(), Some("tanaka"));
        assert_eq!(case.outcome, Some(CaseOutcome::Handled));
        assert!(reports.open_cases().unwrap().is_empty());
        // Resolved once; unknown cases and bad names refused.
        let again = reports.resolve("k1", "c1", CaseOutcome::NotNeeded, "sato", now);
        assert!(again.unwrap_err().to_string().contains("resolved already"));
        assert!(reports.acknowledge("k1", "c1", "sato", now).is_err());
        assert!(reports.acknowledge("k1", "nope", "sato", now).is_err());
        assert!(reports.acknowledge("k1", "c1", "", now).is_err());
    }

    #[test]
    fn health_events_only_on_change_and_stale_after_silence() {
        let (_dir, reports) = reports();
        let t0 = OffsetDateTime::now_utc();
        reports.health("k1", &health_body(false), t0).unwrap();
        reports
            .health("k1", &health_body(false), t0 + time::Duration::seconds(5))
            .unwrap();
        reports
            .health("k1", &health_body(true), t0 + time::Duration::seconds(10))
            .unwrap();
        let events = reports.events_since(0).unwrap();
        assert_eq!(events.len(), 2, "the first report and the card: {events:?}");
        let board = reports
            .health_board(t0 + time::Duration::seconds(15))
            .unwrap();
        assert!(!board[0].stale);
        assert!(board[0].health.card_in_reader);
        let later = reports
            .health_board(t0 + time::Duration::seconds(31))
            .unwrap();
        assert!(later[0].stale);
        // Back after being stale: an event even though nothing else changed.
        reports
            .health("k1", &health_body(true), t0 + time::Duration::seconds(60))
            .unwrap();
        assert_eq!(reports.events_since(events[1].id).unwrap().len(), 1);
    }

    #[test]
    fn malformed_reports_are_bad_requests() {
        let (_dir, reports) = reports();
        let now = OffsetDateTime::now_utc();
        for body in [
            &b"{}"[..],
            b"not json",
            &case_body("bad id", CaseReason::NoResult),
        ] {
            let e = reports.case("k1", body, now).unwrap_err();
            assert_eq!(e.code(), ErrorCode::BadRequest, "{e}");
        }
        assert!(reports.events_since(0).unwrap().is_empty());
    }
}
