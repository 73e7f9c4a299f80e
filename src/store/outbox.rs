//! Visits and the outbox. A confirmation made while the gateway cannot be reached is written to
//! the outbox in the same transaction as its visit ([`Store::record_visit`]), then replayed in
//! insertion order; the request id (kept only as an HMAC) makes a second copy impossible.
//!
//! Any [`GatewayRequest`] can be queued (face, staff visual, insurance-number queries as well as
//! card confirmations): [`Store::pending_requests`] returns them all. [`Store::pending`] is the
//! card-only view: it stops before the first entry of another kind, so that a replay loop that
//! knows only card confirmations never sends anything out of order.
//!
//! An entry the gateway refuses for good leaves the queue only together with its visit's new
//! status and an audit row ([`Store::refuse_replayed`]); staff settle it later
//! ([`Store::settle_refusal`]).

use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};
use time::{Date, OffsetDateTime, Time, UtcOffset};

use super::codes::{AuditAction, VisitMethod, VisitStatus};
use super::{Store, StoreError, from_nanos, to_nanos};
use crate::eligibility::protocol::{Assurance, ConfirmationRequest, GatewayRequest};

const OUTBOX: &str = "outbox";
const OUTBOX_PURPOSE: &str = "confirmation_request";
const LOOKUP_REQUEST: &str = "request_id";
pub(super) const VISITS: &str = "visits";
pub(super) const VISIT_PURPOSE: &str = "visit_details";

/// The sealed details' binding: the visit's time, method, status and provisional flag, so that
/// any of them edited on disk (a provisional visit made to look settled, a refused one made to
/// look confirmed) fails to open. Whatever status is written is bound: a status change re-seals
/// the details ([`Store::set_visit_status`]). Before schema 5 it was the time alone.
pub(super) fn visit_binding(at: i64, method: &str, status: &str, provisional: bool) -> Vec<u8> {
    let mut binding = Vec::with_capacity(8 + 8 + method.len() + status.len() + 1);
    binding.extend_from_slice(&at.to_be_bytes());
    for field in [method, status] {
        binding.extend_from_slice(&(field.len() as u32).to_be_bytes());
        binding.extend_from_slice(field.as_bytes());
    }
    binding.push(u8::from(provisional));
    binding
}

/// One visit at the kiosk. `method` and `status` are codes (`pin`, `confirmed`, …), never
/// personal; whatever is personal goes in `details`, which is sealed.
#[derive(Debug, Clone, PartialEq)]
pub struct Visit {
    pub at: OffsetDateTime,
    pub method: VisitMethod,
    pub status: VisitStatus,
    /// Answered from the cache while the gateway could not be reached.
    pub provisional: bool,
    pub details: serde_json::Value,
}

/// A visit whose queued confirmation the gateway refused on replay, waiting for staff.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefusedVisit {
    pub visit_id: i64,
    /// When the visit was (not the replay).
    pub at: OffsetDateTime,
    pub method: VisitMethod,
    /// The gateway's error code (`certificate_revoked`, `bad_card_signature`, …).
    pub code: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct OutboxEntry {
    pub id: i64,
    pub request: ConfirmationRequest,
    /// Failed sends so far.
    pub attempts: u32,
    pub next_attempt_at: OffsetDateTime,
}

/// A queued request of any kind.
#[derive(Debug, Clone, PartialEq)]
pub struct QueuedRequest {
    pub id: i64,
    pub request: GatewayRequest,
    /// Failed sends so far.
    pub attempts: u32,
    pub next_attempt_at: OffsetDateTime,
}

impl QueuedRequest {
    /// What the queued confirmation rests on (shown to staff with the entry).
    pub fn assurance(&self) -> Assurance {
        self.request.method().assurance()
    }
}

impl Store {
    /// The gateway refused queued entry `id` for good (its evidence will never pass). In one
    /// transaction: the visit's status becomes [`VisitStatus::RefusedOnReplay`] (the refusal code
    /// kept in its sealed details), an audit row `outbox_refused` records the request id, the
    /// method and the code, and the entry leaves the queue. Nothing else is deleted. Returns the
    /// visit; `Ok(None)` when the entry was gone already or had no visit.
    pub fn refuse_replayed(
        &self,
        id: i64,
        code: &str,
        now: OffsetDateTime,
    ) -> Result<Option<RefusedVisit>, StoreError> {
        let mut conn = self.conn();
        let tx = conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(|e| self.db(e))?;
        let row: Option<(Vec<u8>, Option<i64>, Vec<u8>)> = tx
            .query_row(
                "SELECT request_key, visit_id, sealed FROM outbox WHERE id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()
            .map_err(|e| self.db(e))?;
        let Some((key, visit_id, sealed)) = row else {
            return Ok(None);
        };
        let json = self.sealer.open(OUTBOX, OUTBOX_PURPOSE, &key, &sealed)?;
        let request = GatewayRequest::from_json(&json).map_err(|source| StoreError::Json {
            table: OUTBOX,
            source,
        })?;
        let refused = match visit_id {
            Some(visit_id) => {
                self.mark_visit(&tx, visit_id, VisitStatus::RefusedOnReplay, Some(code))?
            }
            None => None,
        };
        let detail = serde_json::json!({
            "request_id": request.request_id(),
            "method": request.method().code(),
            "assurance": request.method().assurance().code(),
            "code": code,
            "visit_id": visit_id,
        });
        self.append_audit(&tx, now, "kiosk", AuditAction::OutboxRefused, &detail)?;
        tx.execute("DELETE FROM outbox WHERE id = ?1", [id])
            .map_err(|e| self.db(e))?;
        tx.commit().map_err(|e| self.db(e))?;
        Ok(refused)
    }

    /// Visits refused on replay that staff have not settled yet, oldest first.
    pub fn refused_visits(&self) -> Result<Vec<RefusedVisit>, StoreError> {
        let conn = self.conn();
        let mut stmt = conn
            .prepare_cached(
                "SELECT id, at, method, provisional, details FROM visits WHERE status = ?1 ORDER BY id",
            )
            .map_err(|e| self.db(e))?;
        let rows = stmt
            .query_map([VisitStatus::RefusedOnReplay.as_str()], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, i64>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, bool>(3)?,
                    r.get::<_, Vec<u8>>(4)?,
                ))
            })
            .map_err(|e| self.db(e))?;
        let mut refused = Vec::new();
        for row in rows {
            let (visit_id, at, method, provisional, sealed) = row.map_err(|e| self.db(e))?;
            let binding = visit_binding(
                at,
                &method,
                VisitStatus::RefusedOnReplay.as_str(),
                provisional,
            );
            let details = self.open_visit_details(&binding, &sealed)?;
            refused.push(RefusedVisit {
                visit_id,
                at: from_nanos(at)?,
                method: method.parse()?,
                code: details["refusal"].as_str().unwrap_or_default().to_owned(),
            });
        }
        Ok(refused)
    }

    /// Staff settled refused visit `visit_id` (status [`VisitStatus::RefusalSettled`], audited in
    /// `actor`'s name, in one transaction). `false` when it is not a refused visit (any more).
    pub fn settle_refusal(&self, visit_id: i64, actor: &str) -> Result<bool, StoreError> {
        let mut conn = self.conn();
        let tx = conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(|e| self.db(e))?;
        let status: Option<String> = tx
            .query_row("SELECT status FROM visits WHERE id = ?1", [visit_id], |r| {
                r.get(0)
            })
            .optional()
            .map_err(|e| self.db(e))?;
        if status.as_deref() != Some(VisitStatus::RefusedOnReplay.as_str()) {
            return Ok(false);
        }
        self.mark_visit(&tx, visit_id, VisitStatus::RefusalSettled, None)?;
        let detail = serde_json::json!({ "visit_id": visit_id });
        self.append_audit(
            &tx,
            OffsetDateTime::now_utc(),
            actor,
            AuditAction::StaffRefusalSettled,
            &detail,
        )?;
        tx.commit().map_err(|e| self.db(e))?;
        Ok(true)
    }

    /// Sets a visit's status inside the caller's transaction, its details sealed again under
    /// the new binding (with the refusal code when given). `None` when there is no such visit.
    fn mark_visit(
        &self,
        conn: &Connection,
        visit_id: i64,
        status: VisitStatus,
        refusal: Option<&str>,
    ) -> Result<Option<RefusedVisit>, StoreError> {
        let row: Option<(i64, String, String, bool, Vec<u8>)> = conn
            .query_row(
                "SELECT at, method, status, provisional, details FROM visits WHERE id = ?1",
                [visit_id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
            )
            .optional()
            .map_err(|e| self.db(e))?;
        let Some((at, method, old_status, provisional, sealed)) = row else {
            return Ok(None);
        };
        let old = visit_binding(at, &method, &old_status, provisional);
        let mut details = self.open_visit_details(&old, &sealed)?;
        if let (Some(code), Some(map)) = (refusal, details.as_object_mut()) {
            map.insert("refusal".into(), code.into());
        }
        let new = visit_binding(at, &method, status.as_str(), provisional);
        let sealed = self.seal_visit_details(&new, &details)?;
        conn.execute(
            "UPDATE visits SET status = ?2, details = ?3 WHERE id = ?1",
            params![visit_id, status.as_str(), sealed],
        )
        .map_err(|e| self.db(e))?;
        Ok(Some(RefusedVisit {
            visit_id,
            at: from_nanos(at)?,
            method: method.parse()?,
            code: refusal.unwrap_or_default().to_owned(),
        }))
    }

    fn seal_visit_details(
        &self,
        binding: &[u8],
        details: &serde_json::Value,
    ) -> Result<Vec<u8>, StoreError> {
        let json = zeroize::Zeroizing::new(serde_json::to_vec(details).map_err(|source| {
            StoreError::Json {
                table: VISITS,
                source,
            }
        })?);
        self.sealer.seal(VISITS, VISIT_PURPOSE, binding, &json)
    }

    fn open_visit_details(
        &self,
        binding: &[u8],
        sealed: &[u8],
    ) -> Result<serde_json::Value, StoreError> {
        let json = self.sealer.open(VISITS, VISIT_PURPOSE, binding, sealed)?;
        serde_json::from_slice(&json).map_err(|source| StoreError::Json {
            table: VISITS,
            source,
        })
    }

    /// Queues any request (due at once); a request id already queued is refused.
    pub fn enqueue_request(&self, request: &GatewayRequest) -> Result<i64, StoreError> {
        let conn = self.conn();
        self.insert_request(&conn, request, None)
    }

    /// [`Store::record_visit`] for a request of any kind.
    pub fn record_visit_with(
        &self,
        visit: &Visit,
        outbox: Option<&GatewayRequest>,
    ) -> Result<i64, StoreError> {
        self.record_visit_inner(visit, outbox)
    }

    /// Up to `limit` queued requests of every kind due at `now`, in the order they were queued.
    pub fn pending_requests(
        &self,
        now: OffsetDateTime,
        limit: usize,
    ) -> Result<Vec<QueuedRequest>, StoreError> {
        let conn = self.conn();
        let mut stmt = conn
            .prepare_cached(
                "SELECT id, request_key, attempts, next_attempt_at, sealed FROM outbox
                 WHERE next_attempt_at <= ?1 ORDER BY id LIMIT ?2",
            )
            .map_err(|e| self.db(e))?;
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let rows = stmt
            .query_map(params![to_nanos(now)?, limit], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, Vec<u8>>(1)?,
                    r.get::<_, u32>(2)?,
                    r.get::<_, i64>(3)?,
                    r.get::<_, Vec<u8>>(4)?,
                ))
            })
            .map_err(|e| self.db(e))?;
        let mut entries = Vec::new();
        for row in rows {
            let (id, key, attempts, next, sealed) = row.map_err(|e| self.db(e))?;
            let json = self.sealer.open(OUTBOX, OUTBOX_PURPOSE, &key, &sealed)?;
            let request = GatewayRequest::from_json(&json).map_err(|source| StoreError::Json {
                table: OUTBOX,
                source,
            })?;
            entries.push(QueuedRequest {
                id,
                request,
                attempts,
                next_attempt_at: from_nanos(next)?,
            });
        }
        Ok(entries)
    }

    /// Queues a confirmation (due at once). A request id already queued is refused
    /// ([`StoreError::DuplicateRequest`]).
    pub fn enqueue(&self, request: &ConfirmationRequest) -> Result<i64, StoreError> {
        let conn = self.conn();
        self.insert_request(&conn, &GatewayRequest::Card(request.clone()), None)
    }

    /// Records a visit and, when given, its queued confirmation, in one transaction: both or
    /// neither. Returns the visit id.
    pub fn record_visit(
        &self,
        visit: &Visit,
        outbox: Option<&ConfirmationRequest>,
    ) -> Result<i64, StoreError> {
        let outbox = outbox.cloned().map(GatewayRequest::Card);
        self.record_visit_inner(visit, outbox.as_ref())
    }

    fn record_visit_inner(
        &self,
        visit: &Visit,
        outbox: Option<&GatewayRequest>,
    ) -> Result<i64, StoreError> {
        let at = to_nanos(visit.at)?;
        let binding = visit_binding(
            at,
            visit.method.as_str(),
            visit.status.as_str(),
            visit.provisional,
        );
        let sealed = self.seal_visit_details(&binding, &visit.details)?;
        let mut conn = self.conn();
        let tx = conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(|e| self.db(e))?;
        tx.execute(
            "INSERT INTO visits (at, method, status, provisional, details) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![
                at,
                visit.method.as_str(),
                visit.status.as_str(),
                visit.provisional,
                sealed
            ],
        )
        .map_err(|e| self.db(e))?;
        let id = tx.last_insert_rowid();
        if let Some(request) = outbox {
            self.insert_request(&tx, request, Some(id))?;
        }
        tx.commit().map_err(|e| self.db(e))?;
        Ok(id)
    }

    /// The visits of `date` in the kiosk's time zone `offset` (UTC+9 in Japan), oldest first.
    pub fn visits_on(&self, date: Date, offset: UtcOffset) -> Result<Vec<Visit>, StoreError> {
        let start = date.with_time(Time::MIDNIGHT).assume_offset(offset);
        let end = start + time::Duration::DAY;
        let conn = self.conn();
        let mut stmt = conn
            .prepare_cached(
                "SELECT at, method, status, provisional, details FROM visits
                 WHERE at >= ?1 AND at < ?2 ORDER BY at, id",
            )
            .map_err(|e| self.db(e))?;
        let rows = stmt
            .query_map(params![to_nanos(start)?, to_nanos(end)?], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, bool>(3)?,
                    r.get::<_, Vec<u8>>(4)?,
                ))
            })
            .map_err(|e| self.db(e))?;
        let mut visits = Vec::new();
        for row in rows {
            let (at, method, status, provisional, sealed) = row.map_err(|e| self.db(e))?;
            let binding = visit_binding(at, &method, &status, provisional);
            // The seal first (an edited code does not open); then a code this version does
            // not know (a newer kiosk's row) is an error naming it.
            let details = self.open_visit_details(&binding, &sealed)?;
            visits.push(Visit {
                at: from_nanos(at)?,
                method: method.parse()?,
                status: status.parse()?,
                provisional,
                details,
            });
        }
        Ok(visits)
    }

    /// Sets visit `id`'s status and provisional flag, re-sealing its details under the new
    /// binding in the same transaction; `false` when there is no such visit.
    pub fn set_visit_status(
        &self,
        id: i64,
        status: VisitStatus,
        provisional: bool,
    ) -> Result<bool, StoreError> {
        let mut conn = self.conn();
        let tx = conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(|e| self.db(e))?;
        let row: Option<(i64, String, String, bool, Vec<u8>)> = tx
            .query_row(
                "SELECT at, method, status, provisional, details FROM visits WHERE id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
            )
            .optional()
            .map_err(|e| self.db(e))?;
        let Some((at, method, old_status, old_provisional, sealed)) = row else {
            return Ok(false);
        };
        let old = visit_binding(at, &method, &old_status, old_provisional);
        let json = self.sealer.open(VISITS, VISIT_PURPOSE, &old, &sealed)?;
        let new = visit_binding(at, &method, status.as_str(), provisional);
        let sealed = self.sealer.seal(VISITS, VISIT_PURPOSE, &new, &json)?;
        tx.execute(
            "UPDATE visits SET status = ?2, provisional = ?3, details = ?4 WHERE id = ?1",
            params![id, status.as_str(), provisional, sealed],
        )
        .map_err(|e| self.db(e))?;
        tx.commit().map_err(|e| self.db(e))?;
        Ok(true)
    }

    /// Up to `limit` queued card confirmations due at `now`, in the order they were queued,
    /// stopping before the first queued request of another kind.
    pub fn pending(
        &self,
        now: OffsetDateTime,
        limit: usize,
    ) -> Result<Vec<OutboxEntry>, StoreError> {
        let mut entries = Vec::new();
        for queued in self.pending_requests(now, limit)? {
            let GatewayRequest::Card(request) = queued.request else {
                break;
            };
            entries.push(OutboxEntry {
                id: queued.id,
                request,
                attempts: queued.attempts,
                next_attempt_at: queued.next_attempt_at,
            });
        }
        Ok(entries)
    }

    /// The gateway accepted entry `id`: it leaves the outbox. `false` when it was gone already
    /// (a replay after a crash between the send and this call).
    pub fn mark_sent(&self, id: i64) -> Result<bool, StoreError> {
        let n = self
            .conn()
            .execute("DELETE FROM outbox WHERE id = ?1", [id])
            .map_err(|e| self.db(e))?;
        Ok(n > 0)
    }

    /// Sending entry `id` failed: count the attempt and wait until `next_attempt_at`.
    pub fn mark_failed(
        &self,
        id: i64,
        next_attempt_at: OffsetDateTime,
    ) -> Result<bool, StoreError> {
        let n = self
            .conn()
            .execute(
                "UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ?2 WHERE id = ?1",
                params![id, to_nanos(next_attempt_at)?],
            )
            .map_err(|e| self.db(e))?;
        Ok(n > 0)
    }

    /// Confirmations waiting in the outbox, due or not.
    pub fn waiting(&self) -> Result<usize, StoreError> {
        self.conn()
            .query_row("SELECT count(*) FROM outbox", [], |r| r.get::<_, i64>(0))
            .map(|n| usize::try_from(n).unwrap_or(0))
            .map_err(|e| self.db(e))
    }

    fn insert_request(
        &self,
        conn: &Connection,
        request: &GatewayRequest,
        visit_id: Option<i64>,
    ) -> Result<i64, StoreError> {
        let key = self.sealer.lookup(LOOKUP_REQUEST, request.request_id());
        let json = zeroize::Zeroizing::new(serde_json::to_vec(request).map_err(|source| {
            StoreError::Json {
                table: OUTBOX,
                source,
            }
        })?);
        let sealed = self.sealer.seal(OUTBOX, OUTBOX_PURPOSE, &key, &json)?;
        conn.execute(
            "INSERT INTO outbox (request_key, visit_id, next_attempt_at, sealed) VALUES (?1, ?2, 0, ?3)",
            params![&key[..], visit_id, sealed],
        )
        .map_err(|e| match e {
            rusqlite::Error::SqliteFailure(f, _)
                if f.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE =>
            {
                StoreError::DuplicateRequest
            }
            e => self.db(e),
        })?;
        Ok(conn.last_insert_rowid())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::eligibility::protocol::{InsuranceNumberRequest, QualificationConfirmSearchInfo};

    fn store(dir: &std::path::Path) -> Store {
        let keys = crate::eligibility::device_key::keygen(&dir.join("keys"), "k1").unwrap();
        Store::open(&dir.join("kiosk.sqlite"), &keys.data_key).unwrap()
    }

    fn card(id: &str) -> ConfirmationRequest {
        serde_json::from_value(serde_json::json!({
            "request_id": id, "method": "pin", "challenge": "Y2g=",
            "evidence": {"auth_certificate": "Y2VydA==", "signature": "c2ln"},
            "consent": crate::eligibility::protocol::Consent::ALL,
        }))
        .unwrap()
    }

    fn query(id: &str) -> GatewayRequest {
        let mut request = InsuranceNumberRequest::new(
            id,
            QualificationConfirmSearchInfo {
                insurer_number: "01130012".into(),
                insured_card_symbol: Some("12345678".into()),
                insured_identification_number: "1234".into(),
                insured_branch_number: Some("00".into()),
                birthdate: "1980-02-17".into(),
                limit_application_certificate_related_cons_flg: "0".into(),
            },
            None,
        );
        request.offline_queried_at = Some("2026-11-25T10:00:00Z".into());
        request.into()
    }

    #[test]
    fn every_kind_is_queued_in_order_and_the_card_view_stops_at_another_kind() {
        let dir = tempfile::tempdir().unwrap();
        let store = store(dir.path());
        let now = OffsetDateTime::now_utc();
        store.enqueue(&card("c1")).unwrap();
        let visit = Visit {
            at: now,
            method: VisitMethod::InsuranceNumber,
            status: VisitStatus::Confirmed,
            provisional: true,
            details: serde_json::json!({}),
        };
        store.record_visit_with(&visit, Some(&query("q1"))).unwrap();
        store.enqueue(&card("c2")).unwrap();
        assert!(matches!(
            store.enqueue_request(&query("q1")),
            Err(StoreError::DuplicateRequest)
        ));
        let all = store.pending_requests(now, 10).unwrap();
        let ids: Vec<&str> = all.iter().map(|e| e.request.request_id()).collect();
        assert_eq!(ids, ["c1", "q1", "c2"]);
        assert_eq!(all[1].request, query("q1"));
        let cards = store.pending(now, 10).unwrap();
        assert_eq!(cards.len(), 1, "c2 waits behind the query");
        assert_eq!(cards[0].request, card("c1"));
        assert!(store.mark_sent(all[0].id).unwrap());
        assert!(store.mark_sent(all[1].id).unwrap());
        let cards = store.pending(now, 10).unwrap();
        assert_eq!(cards[0].request, card("c2"));
        assert_eq!(
            store
                .visits_on(now.date(), time::UtcOffset::UTC)
                .unwrap()
                .len(),
            1
        );
    }

    #[test]
    fn a_refused_replay_changes_the_visit_audits_and_leaves_the_queue_in_one_go() {
        let dir = tempfile::tempdir().unwrap();
        let store = store(dir.path());
        let now = OffsetDateTime::now_utc();
        let visit = Visit {
            at: now,
            method: VisitMethod::Pin,
            status: VisitStatus::Provisional,
            provisional: true,
            details: serde_json::json!({ "request_id": "c1", "assurance": "card_signature" }),
        };
        let visit_id = store.record_visit(&visit, Some(&card("c1"))).unwrap();
        store.enqueue(&card("c2")).unwrap();
        let entry = store.pending_requests(now, 1).unwrap().remove(0);
        assert_eq!(entry.assurance(), Assurance::CardSignature);

        let refused = store
            .refuse_replayed(entry.id, "certificate_revoked", now)
            .unwrap()
            .unwrap();
        assert_eq!(
            (
                refused.visit_id,
                refused.method.as_str(),
                refused.code.as_str()
            ),
            (visit_id, "pin", "certificate_revoked")
        );
        // Gone from the queue (c2 waits), but the visit stays, with its new status and the code.
        let left: Vec<_> = store.pending_requests(now, 10).unwrap();
        assert_eq!(left.len(), 1);
        assert_eq!(left[0].request.request_id(), "c2");
        let visits = store.visits_on(now.date(), time::UtcOffset::UTC).unwrap();
        assert_eq!(visits.len(), 1);
        assert_eq!(visits[0].status, VisitStatus::RefusedOnReplay);
        assert!(visits[0].provisional);
        assert_eq!(visits[0].details["refusal"], "certificate_revoked");
        assert_eq!(visits[0].details["request_id"], "c1");
        assert_eq!(store.refused_visits().unwrap(), vec![refused.clone()]);
        // Audited, and the chain still verifies.
        let conn = Connection::open(dir.path().join("kiosk.sqlite")).unwrap();
        let actions: Vec<(String, String)> = conn
            .prepare("SELECT actor, action FROM audit ORDER BY id")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        assert_eq!(actions, [("kiosk".into(), "outbox_refused".into())]);
        store.verify_audit().unwrap();
        // Twice is nothing (a crash after the commit, replayed again).
        assert_eq!(store.refuse_replayed(entry.id, "x", now).unwrap(), None);

        // Staff settle it once: no longer waiting, audited in their name.
        assert!(store.settle_refusal(visit_id, "suzuki").unwrap());
        assert!(!store.settle_refusal(visit_id, "suzuki").unwrap());
        assert!(store.refused_visits().unwrap().is_empty());
        let visits = store.visits_on(now.date(), time::UtcOffset::UTC).unwrap();
        assert_eq!(visits[0].status, VisitStatus::RefusalSettled);
        assert_eq!(visits[0].details["refusal"], "certificate_revoked");
        let last: (String, String) = conn
            .query_row(
                "SELECT actor, action FROM audit ORDER BY id DESC LIMIT 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
        // The actor column holds the role only; the name is sealed in the detail.
        assert_eq!(last, ("staff".into(), "staff_refusal_settled".into()));
        store.verify_audit().unwrap();
    }

    #[test]
    fn a_visit_code_this_version_does_not_know_is_an_error_naming_it() {
        let dir = tempfile::tempdir().unwrap();
        let store = store(dir.path());
        let now = OffsetDateTime::now_utc();
        let visit = Visit {
            at: now,
            method: VisitMethod::Pin,
            status: VisitStatus::Confirmed,
            provisional: false,
            details: serde_json::json!({}),
        };
        store.record_visit(&visit, None).unwrap();
        let today = |store: &Store| store.visits_on(now.date(), time::UtcOffset::UTC);
        assert_eq!(today(&store).unwrap(), vec![visit]);
        // The same strings as before the enums: old rows read the same.
        let conn = Connection::open(dir.path().join("kiosk.sqlite")).unwrap();
        let codes: (String, String) = conn
            .query_row("SELECT method, status FROM visits", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .unwrap();
        assert_eq!(codes, ("pin".into(), "confirmed".into()));
        // A row sealed properly with a status this version does not know (a newer kiosk's).
        let at = to_nanos(now).unwrap();
        let binding = visit_binding(at, "pin", "teleported", false);
        let sealed = store
            .seal_visit_details(&binding, &serde_json::json!({}))
            .unwrap();
        conn.execute(
            "UPDATE visits SET status = 'teleported', details = ?1",
            [sealed],
        )
        .unwrap();
        match today(&store) {
            Err(StoreError::UnknownCode(e)) => {
                assert_eq!(
                    e.to_string(),
                    "unknown visit status \"teleported\" in the store"
                );
            }
            other => panic!("{other:?}"),
        }
    }
}
