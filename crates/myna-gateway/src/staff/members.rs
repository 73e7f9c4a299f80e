//! The staff console's members and its audit in the gateway's database (schema migration 7):
//! tables `staff_members` and `staff_audit`; a member removed or changed ends their console
//! sessions (`console_sessions`) in the same transaction.

use std::path::Path;

use rusqlite::{OptionalExtension, TransactionBehavior, params};
use time::OffsetDateTime;

use super::{LockState, Role};
use crate::Error;
use crate::store::Store;
use myna_protocol::device_key::format_time;

/// A member as listed (never with the hash).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    pub name: String,
    pub role: Role,
    pub lock: LockState,
}

/// How an audited sign-in or action ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuditOutcome {
    Ok,
    /// A wrong secret, or an unknown name.
    Failed,
    /// Tried while locked out (the secret was not checked), or the try that locked out.
    Locked,
    /// Refused before anything was done (CSRF token missing or wrong, session expired).
    Refused,
}

impl AuditOutcome {
    pub fn code(self) -> &'static str {
        match self {
            AuditOutcome::Ok => "ok",
            AuditOutcome::Failed => "failed",
            AuditOutcome::Locked => "locked",
            AuditOutcome::Refused => "refused",
        }
    }
}

fn role_of(code: &str) -> Role {
    // The table's CHECK allows only these two; anything else is read as the lesser role.
    if code == "admin" {
        Role::Admin
    } else {
        Role::Staff
    }
}

fn parse_time(text: Option<String>) -> Option<OffsetDateTime> {
    text.and_then(|t| {
        OffsetDateTime::parse(&t, &time::format_description::well_known::Rfc3339).ok()
    })
}

impl Store {
    /// Adds `name`, or sets an existing member's new secret (and role, when given); either way
    /// the member's lock-out is cleared, and their console sessions end ([`end_sessions`]).
    /// Returns the role it has now, whether it is new, and how many sessions ended.
    pub fn staff_set(
        &self,
        name: &str,
        role: Option<Role>,
        hash: &str,
        now: OffsetDateTime,
    ) -> Result<(Role, bool, usize), Error> {
        let now = format_time(now);
        let mut conn = self.conn()?;
        // IMMEDIATE: it reads, then writes; a deferred one fails at once ("database is locked")
        // when another connection (the gateway, the `staff` command) wrote in between.
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let existing: Option<String> = tx
            .query_row(
                "SELECT role FROM staff_members WHERE name = ?1",
                [name],
                |r| r.get(0),
            )
            .optional()?;
        let role = role.unwrap_or_else(|| existing.as_deref().map_or(Role::Staff, role_of));
        tx.execute(
            "INSERT INTO staff_members (name, role, secret_hash, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?4)
             ON CONFLICT (name) DO UPDATE SET role = ?2, secret_hash = ?3, failures = 0,
                 lockouts = 0, locked_until = NULL, needs_admin = 0, updated_at = ?4",
            params![name, role.code(), hash, now],
        )?;
        let ended = end_sessions(&tx, name)?;
        tx.commit()?;
        Ok((role, existing.is_none(), ended))
    }

    /// Removes `name` and ends their console sessions; `None` when there is no such member,
    /// else how many sessions ended.
    pub fn staff_remove(&self, name: &str) -> Result<Option<usize>, Error> {
        let mut conn = self.conn()?;
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        if tx.execute("DELETE FROM staff_members WHERE name = ?1", [name])? == 0 {
            return Ok(None);
        }
        let ended = end_sessions(&tx, name)?;
        tx.commit()?;
        Ok(Some(ended))
    }

    /// Clears `name`'s lock-out, the one that waits for an admin too; false when there is no
    /// such member.
    pub fn staff_unlock(&self, name: &str, now: OffsetDateTime) -> Result<bool, Error> {
        let conn = self.conn()?;
        Ok(conn.execute(
            "UPDATE staff_members SET failures = 0, lockouts = 0, locked_until = NULL,
                 needs_admin = 0, updated_at = ?2
             WHERE name = ?1",
            params![name, format_time(now)],
        )? > 0)
    }

    /// Every member, by name.
    pub fn staff_members(&self) -> Result<Vec<Member>, Error> {
        let conn = self.conn()?;
        let mut query = conn.prepare(
            "SELECT name, role, failures, lockouts, locked_until, needs_admin
             FROM staff_members ORDER BY name",
        )?;
        let rows = query.query_map([], member_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// A member and their hash, to check a sign-in.
    pub fn staff_member(&self, name: &str) -> Result<Option<(Member, String)>, Error> {
        let conn = self.conn()?;
        Ok(conn
            .query_row(
                "SELECT name, role, failures, lockouts, locked_until, needs_admin, secret_hash
                 FROM staff_members WHERE name = ?1",
                [name],
                |r| Ok((member_row(r)?, r.get::<_, String>(6)?)),
            )
            .optional()?)
    }

    /// Keeps a member's lock-out state after a sign-in attempt.
    pub fn staff_save_lock(&self, name: &str, lock: &LockState) -> Result<(), Error> {
        let conn = self.conn()?;
        conn.execute(
            "UPDATE staff_members SET failures = ?2, lockouts = ?3, locked_until = ?4,
                 needs_admin = ?5
             WHERE name = ?1",
            params![
                name,
                lock.failures,
                lock.lockouts,
                lock.locked_until.map(format_time),
                lock.needs_admin
            ],
        )?;
        Ok(())
    }

    /// One audit row: who (a member's name; `None` for an unknown name or no session, so that
    /// a secret typed into the name field is never kept), what, how it ended, and the details
    /// staff need (never a secret, never a patient's data).
    pub fn staff_audit(
        &self,
        now: OffsetDateTime,
        member: Option<&str>,
        action: &str,
        outcome: AuditOutcome,
        detail: Option<&serde_json::Value>,
    ) -> Result<(), Error> {
        let conn = self.conn()?;
        conn.execute(
            "INSERT INTO staff_audit (at, member, action, outcome, detail_json)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![
                format_time(now),
                member,
                action,
                outcome.code(),
                detail.map(serde_json::Value::to_string)
            ],
        )?;
        Ok(())
    }
}

/// Ends every console session of `name` (`crate::console::session`), in the transaction that
/// removes or changes the member: a page left open must not carry on with a role or a secret
/// the member no longer has, not even until its next check.
fn end_sessions(tx: &rusqlite::Transaction<'_>, name: &str) -> Result<usize, Error> {
    Ok(tx.execute("DELETE FROM console_sessions WHERE member = ?1", [name])?)
}

fn member_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Member> {
    Ok(Member {
        name: r.get(0)?,
        role: role_of(&r.get::<_, String>(1)?),
        lock: LockState {
            failures: r.get(2)?,
            lockouts: r.get(3)?,
            locked_until: parse_time(r.get(4)?),
            needs_admin: r.get(5)?,
        },
    })
}

/// The members as `myna-gateway staff` manages them: the gateway's database alone, without the
/// seed data.
pub struct Members {
    store: Store,
}

impl Members {
    /// Opens (creating, and bringing its schema up to date) the gateway's database.
    pub fn open(db: &Path) -> Result<Self, Error> {
        Ok(Members {
            store: Store::open(db)?,
        })
    }

    /// Adds or updates a member (audited as done at the command line).
    pub fn set(&self, name: &str, role: Option<Role>, hash: &str) -> Result<(Role, bool), Error> {
        let now = OffsetDateTime::now_utc();
        let (role, new, ended) = self.store.staff_set(name, role, hash, now)?;
        let action = if new {
            "member_added"
        } else {
            "member_changed"
        };
        self.audit(now, action, name, Some(role))?;
        self.sessions_ended(now, name, "member changed", ended)?;
        Ok((role, new))
    }

    pub fn remove(&self, name: &str) -> Result<bool, Error> {
        let now = OffsetDateTime::now_utc();
        let Some(ended) = self.store.staff_remove(name)? else {
            return Ok(false);
        };
        self.audit(now, "member_removed", name, None)?;
        self.sessions_ended(now, name, "member removed", ended)?;
        Ok(true)
    }

    pub fn unlock(&self, name: &str) -> Result<bool, Error> {
        let now = OffsetDateTime::now_utc();
        let unlocked = self.store.staff_unlock(name, now)?;
        if unlocked {
            self.audit(now, "member_unlocked", name, None)?;
        }
        Ok(unlocked)
    }

    pub fn list(&self) -> Result<Vec<Member>, Error> {
        self.store.staff_members()
    }

    fn audit(
        &self,
        now: OffsetDateTime,
        action: &str,
        name: &str,
        role: Option<Role>,
    ) -> Result<(), Error> {
        let mut detail = serde_json::json!({ "by": "command line", "name": name });
        if let Some(role) = role {
            detail["role"] = role.code().into();
        }
        self.store
            .staff_audit(now, None, action, AuditOutcome::Ok, Some(&detail))
    }

    /// The member's console sessions that the command ended, audited under their name as the
    /// console audits a session it ends itself.
    fn sessions_ended(
        &self,
        now: OffsetDateTime,
        name: &str,
        reason: &str,
        sessions: usize,
    ) -> Result<(), Error> {
        if sessions == 0 {
            return Ok(());
        }
        let detail =
            serde_json::json!({ "by": "command line", "reason": reason, "sessions": sessions });
        let outcome = AuditOutcome::Refused;
        self.store
            .staff_audit(now, Some(name), "session_ended", outcome, Some(&detail))
    }
}
