//! The audit log (who saw which result; never PINs or photos) and the retention purge.
//!
//! Rows are chained: `hash = HMAC-SHA256(audit key, prev_hash || canonical bytes of the row)`
//! over the row's id, time, actor, action and *sealed* detail, the audit key being derived from
//! `data.key` ([`super::seal::Sealer::audit_mac`]); any edit, reorder or deletion inside the
//! chain breaks it, and without the key nobody can compute a chain that verifies. The one-row
//! `audit_head` table, updated in the same transaction as every append, holds the newest id and
//! hash and the row count under an HMAC tag of its own, so deleting the newest rows (and moving
//! the head back) is detected too; the retention purge deletes a prefix and moves the chain's
//! anchor (the hash of the newest purged row) into the head, so the rest still verifies.
//!
//! Rows written before schema 5 were chained with plain SHA-256. They keep their hashes (an
//! append-only log is never rewritten) and still verify: the store's upgrade records, inside the
//! sealed `key_check` row, the id of the first keyed row ([`super::upgrade`]); rows before it are
//! checked with SHA-256, rows from it on with the HMAC, and the first keyed row's HMAC covers the
//! last unkeyed hash, so the old part cannot be rewritten either. The sealed record cannot be
//! forged or moved without the key; only a whole file rolled back to a copy taken before the
//! upgrade reads as unkeyed again.
//!
//! From schema 5 on the `actor` column holds `kiosk`, `admin` or `staff`; a staff member's name
//! is sealed with the detail (`{"actor": …, "detail": …}`). Older rows keep the name in clear
//! until the retention purge removes them.

use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};
use serde::Serialize;
use time::{Duration, OffsetDateTime};

use myna_protocol::text::lower_hex;

use super::codes::AuditAction;
use super::seal::Sealer;
use super::{Store, StoreError, cutoff, to_nanos};

const TABLE: &str = "audit";
const PURPOSE: &str = "audit_detail";
/// Actors that are not a person: written in clear. Anyone else is written as `staff`, with the
/// name sealed in the detail.
const SYSTEM_ACTORS: &[&str] = &["kiosk", "admin"];

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditReport {
    /// Rows checked.
    pub rows: usize,
    /// Hex SHA-256 of the newest row (record it elsewhere to detect a rewritten chain).
    pub head: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct PurgeReport {
    pub visits: usize,
    pub audit_rows: usize,
}

pub(super) struct Head {
    pub last_id: i64,
    pub head_hash: Vec<u8>,
    pub rows: i64,
    pub anchor_id: i64,
    pub anchor_hash: Vec<u8>,
    pub tag: Option<Vec<u8>>,
}

impl Head {
    /// The HMAC of everything in the head but the tag itself.
    pub(super) fn tag(&self, sealer: &Sealer) -> Vec<u8> {
        let mut ctx = sealer.audit_mac();
        ctx.update(b"audit_head");
        ctx.update(&self.last_id.to_be_bytes());
        ctx.update(&self.head_hash);
        ctx.update(&self.rows.to_be_bytes());
        ctx.update(&self.anchor_id.to_be_bytes());
        ctx.update(&self.anchor_hash);
        ctx.sign().as_ref().to_vec()
    }
}

/// The row's chain hash: HMAC under the audit key (`keyed`), or SHA-256 for rows written
/// before schema 5.
fn row_hash(
    keyed: Option<&Sealer>,
    prev: &[u8],
    id: i64,
    at: i64,
    actor: &str,
    action: &str,
    detail: &[u8],
) -> Vec<u8> {
    let mut bytes = Vec::with_capacity(prev.len() + 40 + actor.len() + action.len() + detail.len());
    bytes.extend_from_slice(prev);
    bytes.extend_from_slice(&id.to_be_bytes());
    bytes.extend_from_slice(&at.to_be_bytes());
    for field in [actor.as_bytes(), action.as_bytes(), detail] {
        bytes.extend_from_slice(&(field.len() as u64).to_be_bytes());
        bytes.extend_from_slice(field);
    }
    match keyed {
        Some(sealer) => {
            let mut ctx = sealer.audit_mac();
            ctx.update(&bytes);
            ctx.sign().as_ref().to_vec()
        }
        None => ring::digest::digest(&ring::digest::SHA256, &bytes)
            .as_ref()
            .to_vec(),
    }
}

impl Store {
    /// Appends an audit row made now. `detail` is sealed; put no PIN or photo in it.
    pub fn audit(
        &self,
        actor: &str,
        action: AuditAction,
        detail: &serde_json::Value,
    ) -> Result<i64, StoreError> {
        self.audit_at(OffsetDateTime::now_utc(), actor, action, detail)
    }

    /// [`Store::audit`] with the time given.
    pub fn audit_at(
        &self,
        at: OffsetDateTime,
        actor: &str,
        action: AuditAction,
        detail: &serde_json::Value,
    ) -> Result<i64, StoreError> {
        let mut conn = self.conn();
        let tx = conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(|e| self.db(e))?;
        let id = self.append_audit(&tx, at, actor, action, detail)?;
        tx.commit().map_err(|e| self.db(e))?;
        Ok(id)
    }

    pub(super) fn head(&self, conn: &Connection) -> Result<Head, StoreError> {
        conn.query_row(
            "SELECT last_id, head_hash, rows, anchor_id, anchor_hash, tag FROM audit_head
             WHERE one = 1",
            [],
            |r| {
                Ok(Head {
                    last_id: r.get(0)?,
                    head_hash: r.get(1)?,
                    rows: r.get(2)?,
                    anchor_id: r.get(3)?,
                    anchor_hash: r.get(4)?,
                    tag: r.get(5)?,
                })
            },
        )
        .optional()
        .map_err(|e| self.db(e))?
        .ok_or_else(|| StoreError::AuditBroken {
            row: 0,
            reason: "the audit head row is missing".into(),
        })
    }

    /// Appends inside the caller's transaction.
    pub(super) fn append_audit(
        &self,
        conn: &Connection,
        at: OffsetDateTime,
        actor: &str,
        action: AuditAction,
        detail: &serde_json::Value,
    ) -> Result<i64, StoreError> {
        let mut head = self.head(conn)?;
        let id = head.last_id + 1;
        let at = to_nanos(at)?;
        let envelope = serde_json::json!({ "actor": actor, "detail": detail });
        let json = zeroize::Zeroizing::new(serde_json::to_vec(&envelope).map_err(|source| {
            StoreError::Json {
                table: TABLE,
                source,
            }
        })?);
        drop(envelope);
        let clear_actor = if SYSTEM_ACTORS.contains(&actor) {
            actor
        } else {
            "staff"
        };
        let sealed = self.sealer.seal(TABLE, PURPOSE, &id.to_be_bytes(), &json)?;
        let hash = row_hash(
            Some(&self.sealer),
            &head.head_hash,
            id,
            at,
            clear_actor,
            action.as_str(),
            &sealed,
        );
        conn.execute(
            "INSERT INTO audit (id, at, actor, action, detail, prev_hash, hash)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                id,
                at,
                clear_actor,
                action.as_str(),
                sealed,
                head.head_hash,
                hash
            ],
        )
        .map_err(|e| self.db(e))?;
        head.last_id = id;
        head.head_hash = hash;
        head.rows += 1;
        self.write_head(conn, &head)?;
        Ok(id)
    }

    /// Writes the head with a fresh tag.
    pub(super) fn write_head(&self, conn: &Connection, head: &Head) -> Result<(), StoreError> {
        conn.execute(
            "UPDATE audit_head SET last_id = ?1, head_hash = ?2, rows = ?3, anchor_id = ?4,
             anchor_hash = ?5, tag = ?6 WHERE one = 1",
            params![
                head.last_id,
                head.head_hash,
                head.rows,
                head.anchor_id,
                head.anchor_hash,
                head.tag(&self.sealer)
            ],
        )
        .map_err(|e| self.db(e))?;
        Ok(())
    }

    /// Checks the whole chain from its anchor to the head.
    pub fn verify_audit(&self) -> Result<AuditReport, StoreError> {
        let conn = self.conn();
        let head = self.head(&conn)?;
        let broken = |row: i64, reason: String| StoreError::AuditBroken { row, reason };
        if head.tag.as_deref() != Some(&head.tag(&self.sealer)[..]) {
            return Err(broken(
                head.last_id,
                "the audit head was edited (its key tag does not match): rows were deleted or the head moved".into(),
            ));
        }
        let keyed_from = self.audit_keyed_from(&conn)?;
        let mut stmt = conn
            .prepare("SELECT id, at, actor, action, detail, prev_hash, hash FROM audit ORDER BY id")
            .map_err(|e| self.db(e))?;
        let mut rows = stmt.query([]).map_err(|e| self.db(e))?;
        let mut expected_id = head.anchor_id + 1;
        let mut prev = head.anchor_hash.clone();
        let mut count: i64 = 0;
        while let Some(r) = rows.next().map_err(|e| self.db(e))? {
            let id: i64 = r.get(0).map_err(|e| self.db(e))?;
            let at: i64 = r.get(1).map_err(|e| self.db(e))?;
            let actor: String = r.get(2).map_err(|e| self.db(e))?;
            let action: String = r.get(3).map_err(|e| self.db(e))?;
            let detail: Vec<u8> = r.get(4).map_err(|e| self.db(e))?;
            let prev_hash: Vec<u8> = r.get(5).map_err(|e| self.db(e))?;
            let hash: Vec<u8> = r.get(6).map_err(|e| self.db(e))?;
            if id != expected_id {
                return Err(broken(
                    id,
                    format!("row {expected_id} is missing (deleted or renumbered)"),
                ));
            }
            if prev_hash != prev {
                return Err(broken(
                    id,
                    "its prev_hash does not match the row before (a row was deleted, reordered or edited)".into(),
                ));
            }
            let keyed = (id >= keyed_from).then_some(&self.sealer);
            if row_hash(keyed, &prev_hash, id, at, &actor, &action, &detail) != hash {
                return Err(broken(
                    id,
                    if keyed.is_some() {
                        "its content does not match its keyed hash (the row was edited, or its hash recomputed without the data key)".into()
                    } else {
                        "its content does not match its hash (the row was edited)".into()
                    },
                ));
            }
            prev = hash;
            expected_id += 1;
            count += 1;
        }
        let last = expected_id - 1;
        if last != head.last_id || prev != head.head_hash {
            return Err(broken(
                last.max(head.last_id),
                format!(
                    "the log ends at row {last} but the head records row {}: the newest rows were deleted",
                    head.last_id
                ),
            ));
        }
        if count != head.rows {
            return Err(broken(
                last,
                format!("the head records {} rows, the log has {count}", head.rows),
            ));
        }
        Ok(AuditReport {
            rows: usize::try_from(count).unwrap_or(0),
            head: lower_hex(&prev),
        })
    }

    /// Retention: deletes visits older than `visits_older_than` and audit rows older than
    /// `audit_older_than` (as a prefix of the chain: the oldest rows up to the newest one past
    /// the limit), then audits the purge itself, all in one transaction.
    pub fn purge(
        &self,
        now: OffsetDateTime,
        visits_older_than: Duration,
        audit_older_than: Duration,
    ) -> Result<PurgeReport, StoreError> {
        let visits_before = cutoff(now, visits_older_than)?;
        let audit_before = cutoff(now, audit_older_than)?;
        let mut conn = self.conn();
        let tx = conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(|e| self.db(e))?;
        let visits = tx
            .execute("DELETE FROM visits WHERE at < ?1", [visits_before])
            .map_err(|e| self.db(e))?;
        let newest_old: Option<(i64, Vec<u8>)> = tx
            .query_row(
                "SELECT id, hash FROM audit WHERE id = (SELECT max(id) FROM audit WHERE at < ?1)",
                [audit_before],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()
            .map_err(|e| self.db(e))?;
        let mut audit_rows = 0;
        if let Some((anchor_id, anchor_hash)) = newest_old {
            audit_rows = tx
                .execute("DELETE FROM audit WHERE id <= ?1", [anchor_id])
                .map_err(|e| self.db(e))?;
            let mut head = self.head(&tx)?;
            head.anchor_id = anchor_id;
            head.anchor_hash = anchor_hash;
            head.rows -= audit_rows as i64;
            self.write_head(&tx, &head)?;
        }
        let report = PurgeReport { visits, audit_rows };
        let detail = serde_json::json!({
            "visits": visits,
            "audit_rows": audit_rows,
            "visits_older_than_days": visits_older_than.whole_days(),
            "audit_older_than_days": audit_older_than.whole_days(),
        });
        self.append_audit(&tx, now, "kiosk", AuditAction::RetentionPurge, &detail)?;
        tx.commit().map_err(|e| self.db(e))?;
        Ok(report)
    }
}
