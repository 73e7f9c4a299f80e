//! Kiosk enrolments in the gateway's database (migration 9): the requests waiting for an
//! administrator, and the kiosks approved in the console. An approval or a refusal and its
//! audit row are one transaction.

use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use rusqlite::{OptionalExtension, TransactionBehavior, params};
use time::OffsetDateTime;

use super::{Error, Store};
use crate::staff::AuditOutcome;
use myna_protocol::device_key::{format_time, parse_public_key};
use myna_protocol::enrolment::{EnrolmentRequest, fingerprint};
use myna_protocol::protocol::ErrorCode;

/// A request waiting for an administrator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingEnrolment {
    pub kiosk_id: String,
    pub public_key: [u8; 32],
    pub display_name: String,
    pub kiosk_version: String,
    /// RFC 3339, UTC.
    pub first_seen: String,
    pub last_seen: String,
}

/// A kiosk an administrator approved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Approved {
    pub kiosk_id: String,
    pub public_key: [u8; 32],
}

/// A key as stored (base64); a row that does not hold one is a broken database.
fn key(text: &str) -> rusqlite::Result<[u8; 32]> {
    parse_public_key(text).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e))
    })
}

fn pending_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<PendingEnrolment> {
    Ok(PendingEnrolment {
        kiosk_id: r.get(0)?,
        public_key: key(&r.get::<_, String>(1)?)?,
        display_name: r.get(2)?,
        kiosk_version: r.get(3)?,
        first_seen: r.get(4)?,
        last_seen: r.get(5)?,
    })
}

const PENDING_COLUMNS: &str =
    "kiosk_id, public_key, display_name, kiosk_version, first_seen, last_seen";

/// What an administrator decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Approve,
    Refuse,
}

impl Decision {
    pub fn audit_action(self) -> &'static str {
        match self {
            Decision::Approve => "kiosk_enrol_approve",
            Decision::Refuse => "kiosk_enrol_refuse",
        }
    }
}

impl Store {
    /// Records a request for `key`, or refreshes its `last_seen` when this id asked with this
    /// key before (idempotent). Refused: the id is waiting with another key
    /// (`kiosk_id_taken`), or `cap` requests are waiting already (`rate_limited`).
    pub fn request_enrolment(
        &self,
        request: &EnrolmentRequest,
        key: &[u8; 32],
        now: OffsetDateTime,
        cap: usize,
    ) -> Result<(), Error> {
        let mut conn = self.conn()?;
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let waiting: Option<String> = tx
            .query_row(
                "SELECT public_key FROM kiosk_enrolments WHERE kiosk_id = ?1",
                [&request.kiosk_id],
                |r| r.get(0),
            )
            .optional()?;
        let now = format_time(now);
        match waiting {
            Some(waiting) if key_matches(&waiting, key) => {
                tx.execute(
                    "UPDATE kiosk_enrolments SET last_seen = ?2, display_name = ?3,
                         kiosk_version = ?4 WHERE kiosk_id = ?1",
                    params![
                        request.kiosk_id,
                        now,
                        request.display_name,
                        request.kiosk_version
                    ],
                )?;
            }
            Some(_) => {
                return Err(Error::refused(
                    ErrorCode::KioskIdTaken,
                    "this kiosk id is waiting for approval with another key",
                ));
            }
            None => {
                let count: i64 =
                    tx.query_row("SELECT count(*) FROM kiosk_enrolments", [], |r| r.get(0))?;
                if usize::try_from(count).unwrap_or(usize::MAX) >= cap {
                    return Err(Error::refused(
                        ErrorCode::RateLimited,
                        "too many kiosks are waiting for approval; try again later",
                    ));
                }
                tx.execute(
                    "INSERT INTO kiosk_enrolments (kiosk_id, public_key, display_name,
                         kiosk_version, first_seen, last_seen)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?5)",
                    params![
                        request.kiosk_id,
                        BASE64.encode(key),
                        request.display_name,
                        request.kiosk_version,
                        now
                    ],
                )?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// The requests waiting, oldest first.
    pub fn pending_enrolments(&self) -> Result<Vec<PendingEnrolment>, Error> {
        let conn = self.conn()?;
        let mut query = conn.prepare(&format!(
            "SELECT {PENDING_COLUMNS} FROM kiosk_enrolments ORDER BY first_seen, kiosk_id"
        ))?;
        let rows = query.query_map([], pending_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The kiosks approved in the console.
    pub fn approved_kiosks(&self) -> Result<Vec<Approved>, Error> {
        let conn = self.conn()?;
        let mut query = conn.prepare("SELECT kiosk_id, public_key FROM kiosk_keys")?;
        let rows = query.query_map([], |r| {
            Ok(Approved {
                kiosk_id: r.get(0)?,
                public_key: key(&r.get::<_, String>(1)?)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Takes the request of `kiosk_id` out, if it is waiting with the key whose fingerprint
    /// is `shown` (what the administrator saw: a request that changed in between is not
    /// decided unseen); when approved, its key becomes the kiosk's. Audited by `member` in the
    /// same transaction (the fingerprint only, never the key). `None`: no such request.
    pub fn decide_enrolment(
        &self,
        kiosk_id: &str,
        shown: &str,
        decision: Decision,
        member: &str,
        now: OffsetDateTime,
    ) -> Result<Option<PendingEnrolment>, Error> {
        let mut conn = self.conn()?;
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let pending = tx
            .query_row(
                &format!("SELECT {PENDING_COLUMNS} FROM kiosk_enrolments WHERE kiosk_id = ?1"),
                [kiosk_id],
                pending_row,
            )
            .optional()?
            .filter(|p| fingerprint(&p.public_key) == shown);
        let Some(pending) = pending else {
            return Ok(None);
        };
        let at = format_time(now);
        tx.execute(
            "DELETE FROM kiosk_enrolments WHERE kiosk_id = ?1",
            [kiosk_id],
        )?;
        if decision == Decision::Approve {
            tx.execute(
                "INSERT INTO kiosk_keys (kiosk_id, public_key, display_name, approved_at,
                     approved_by) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![
                    kiosk_id,
                    BASE64.encode(pending.public_key),
                    pending.display_name,
                    at,
                    member
                ],
            )?;
        }
        let detail = serde_json::json!({ "kiosk": kiosk_id, "fingerprint": shown });
        tx.execute(
            "INSERT INTO staff_audit (at, member, action, outcome, detail_json)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![
                at,
                member,
                decision.audit_action(),
                AuditOutcome::Ok.code(),
                detail.to_string()
            ],
        )?;
        tx.commit()?;
        Ok(Some(pending))
    }
}

fn key_matches(stored: &str, key: &[u8; 32]) -> bool {
    parse_public_key(stored).is_ok_and(|stored| &stored == key)
}

#[cfg(test)]
mod tests {
    use super::*;
    use myna_protocol::enrolment::ENROLMENT_VERSION;

    fn request(id: &str, key: u8) -> (EnrolmentRequest, [u8; 32]) {
        let request = EnrolmentRequest {
            version: ENROLMENT_VERSION,
            kiosk_id: id.into(),
            public_key: BASE64.encode([key; 32]),
            display_name: "受付".into(),
            kiosk_version: "0.1.0".into(),
        };
        (request, [key; 32])
    }

    fn code(r: Result<(), Error>) -> ErrorCode {
        r.unwrap_err().code()
    }

    #[test]
    fn requests_are_idempotent_capped_and_never_replace_a_key() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("g.sqlite")).unwrap();
        let t0 = OffsetDateTime::now_utc();
        let (a, key_a) = request("a", 1);
        store.request_enrolment(&a, &key_a, t0, 2).unwrap();
        // The same id and key again: one row, seen later.
        let later = t0 + time::Duration::minutes(1);
        store.request_enrolment(&a, &key_a, later, 2).unwrap();
        let pending = store.pending_enrolments().unwrap();
        assert_eq!(pending.len(), 1);
        assert_eq!(pending[0].first_seen, format_time(t0));
        assert_eq!(pending[0].last_seen, format_time(later));
        // The same id with another key: refused, the first key stays.
        let (a_other, key_other) = request("a", 9);
        assert_eq!(
            code(store.request_enrolment(&a_other, &key_other, t0, 2)),
            ErrorCode::KioskIdTaken
        );
        assert_eq!(store.pending_enrolments().unwrap()[0].public_key, key_a);
        // The cap: a second id fits, a third does not.
        let (b, key_b) = request("b", 2);
        store.request_enrolment(&b, &key_b, t0, 2).unwrap();
        let (c, key_c) = request("c", 3);
        assert_eq!(
            code(store.request_enrolment(&c, &key_c, t0, 2)),
            ErrorCode::RateLimited
        );
        // A decision needs the fingerprint shown.
        assert_eq!(
            store
                .decide_enrolment("a", "0000-0000-0000-0000-0000", Decision::Approve, "x", t0)
                .unwrap(),
            None
        );
        let shown = fingerprint(&key_a);
        let approved = store
            .decide_enrolment("a", &shown, Decision::Approve, "admin", t0)
            .unwrap()
            .unwrap();
        assert_eq!(approved.public_key, key_a);
        assert_eq!(
            store.approved_kiosks().unwrap(),
            vec![Approved {
                kiosk_id: "a".into(),
                public_key: key_a
            }]
        );
        // Refused: gone, and room for another.
        store
            .decide_enrolment("b", &fingerprint(&key_b), Decision::Refuse, "admin", t0)
            .unwrap()
            .unwrap();
        assert_eq!(store.pending_enrolments().unwrap(), vec![]);
        store.request_enrolment(&c, &key_c, t0, 2).unwrap();
        let conn = store.conn().unwrap();
        let audit: Vec<(String, String)> = conn
            .prepare("SELECT action, detail_json FROM staff_audit ORDER BY id")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(audit.len(), 2);
        assert_eq!(audit[0].0, "kiosk_enrol_approve");
        assert!(audit[0].1.contains(&shown));
        assert!(!audit[0].1.contains(&BASE64.encode(key_a)), "no key");
        assert_eq!(audit[1].0, "kiosk_enrol_refuse");
    }
}
