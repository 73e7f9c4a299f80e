//! Staff members who may sign in at the staff desk. Since schema 5 a member is one sealed
//! record (name, [`Role`] and the peppered PIN hash made by `reception::staff_auth`; the store
//! never sees a PIN) found by an HMAC of the name, so neither names nor hashes are in clear and
//! a record moved to another member does not open. The lock-out counts stay in clear columns:
//! they are not personal. Adding, removing and unlocking members is audited by the caller.

use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use zeroize::Zeroizing;

use super::seal::{Lookup, Pepper};
use super::staff_credentials::{LockState, Role};
use super::{Store, StoreError, from_nanos, to_nanos};

pub(super) const TABLE: &str = "staff";
pub(super) const PURPOSE: &str = "staff_member";
pub(super) const LOOKUP_NAME: &str = "staff_name";

/// One member's sealed record.
#[derive(Serialize, Deserialize)]
pub(super) struct Member {
    pub name: String,
    pub role: Role,
    pub pin_hash: String,
}

impl Store {
    /// The pepper staff PIN hashes are made with (`staff_auth::hash_pin`).
    pub fn staff_pepper(&self) -> &Pepper {
        self.sealer.pepper()
    }

    fn staff_lookup(&self, id: &str) -> Lookup {
        self.sealer.lookup(LOOKUP_NAME, id)
    }

    pub(super) fn seal_member(
        &self,
        lookup: &Lookup,
        member: &Member,
    ) -> Result<Vec<u8>, StoreError> {
        let json =
            Zeroizing::new(
                serde_json::to_vec(member).map_err(|source| StoreError::Json {
                    table: TABLE,
                    source,
                })?,
            );
        self.sealer.seal(TABLE, PURPOSE, lookup, &json)
    }

    fn open_member(&self, lookup: &[u8], sealed: &[u8]) -> Result<Member, StoreError> {
        let json = self.sealer.open(TABLE, PURPOSE, lookup, sealed)?;
        serde_json::from_slice(&json).map_err(|source| StoreError::Json {
            table: TABLE,
            source,
        })
    }

    fn member(&self, conn: &Connection, id: &str) -> Result<Option<Member>, StoreError> {
        let lookup = self.staff_lookup(id);
        let sealed: Option<Vec<u8>> = conn
            .query_row(
                "SELECT sealed FROM staff WHERE lookup = ?1",
                [&lookup[..]],
                |r| r.get(0),
            )
            .optional()
            .map_err(|e| self.db(e))?;
        sealed
            .map(|sealed| self.open_member(&lookup, &sealed))
            .transpose()
    }

    /// Adds `id` with `role` (staff when `None`), or replaces its PIN hash (and its role when
    /// given; `None` keeps it). A new PIN does not clear a lock-out: `staff_unlock` does.
    pub fn staff_set(
        &self,
        id: &str,
        role: Option<Role>,
        pin_hash: &str,
    ) -> Result<(), StoreError> {
        let at = to_nanos(OffsetDateTime::now_utc())?;
        let lookup = self.staff_lookup(id);
        let mut conn = self.conn();
        let tx = conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(|e| self.db(e))?;
        let old = self.member(&tx, id)?;
        let member = Member {
            name: id.to_owned(),
            role: role.or(old.map(|m| m.role)).unwrap_or_default(),
            pin_hash: pin_hash.to_owned(),
        };
        let sealed = self.seal_member(&lookup, &member)?;
        tx.execute(
            "INSERT INTO staff (lookup, sealed, added_at) VALUES (?1, ?2, ?3)
             ON CONFLICT (lookup) DO UPDATE SET sealed = excluded.sealed",
            params![&lookup[..], sealed, at],
        )
        .map_err(|e| self.db(e))?;
        tx.commit().map_err(|e| self.db(e))
    }

    /// Removes `id`; `false` when there was no such member.
    pub fn staff_remove(&self, id: &str) -> Result<bool, StoreError> {
        let lookup = self.staff_lookup(id);
        let n = self
            .conn()
            .execute("DELETE FROM staff WHERE lookup = ?1", [&lookup[..]])
            .map_err(|e| self.db(e))?;
        Ok(n > 0)
    }

    /// The members' names, sorted.
    pub fn staff_members(&self) -> Result<Vec<String>, StoreError> {
        Ok(self
            .staff_roles()?
            .into_iter()
            .map(|(name, _)| name)
            .collect())
    }

    /// The members' names and roles, sorted by name.
    pub fn staff_roles(&self) -> Result<Vec<(String, Role)>, StoreError> {
        let conn = self.conn();
        let mut statement = conn
            .prepare("SELECT lookup, sealed FROM staff")
            .map_err(|e| self.db(e))?;
        let rows = statement
            .query_map([], |r| {
                Ok((r.get::<_, Vec<u8>>(0)?, r.get::<_, Vec<u8>>(1)?))
            })
            .map_err(|e| self.db(e))?;
        let mut members = Vec::new();
        for row in rows {
            let (lookup, sealed) = row.map_err(|e| self.db(e))?;
            let member = self.open_member(&lookup, &sealed)?;
            members.push((member.name, member.role));
        }
        members.sort();
        Ok(members)
    }

    /// The role and PIN hash of `id`, when it is a member.
    pub fn staff_credentials(&self, id: &str) -> Result<Option<(Role, String)>, StoreError> {
        Ok(self.member(&self.conn(), id)?.map(|m| (m.role, m.pin_hash)))
    }

    /// The role of `id`, when it is a member.
    pub fn staff_role(&self, id: &str) -> Result<Option<Role>, StoreError> {
        Ok(self.staff_credentials(id)?.map(|(role, _)| role))
    }

    /// `id`'s lock-out state; the default for an unknown member.
    pub fn staff_lock_state(&self, id: &str) -> Result<LockState, StoreError> {
        let lookup = self.staff_lookup(id);
        let row: Option<(u32, u32, Option<i64>, bool)> = self
            .conn()
            .query_row(
                "SELECT failures, lockouts, locked_until, needs_admin FROM staff WHERE lookup = ?1",
                [&lookup[..]],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .optional()
            .map_err(|e| self.db(e))?;
        let Some((failures, lockouts, until, needs_admin)) = row else {
            return Ok(LockState::default());
        };
        Ok(LockState {
            failures,
            lockouts,
            locked_until: until.map(from_nanos).transpose()?,
            needs_admin,
        })
    }

    /// Stores `id`'s lock-out state (nothing when `id` is not a member).
    pub fn staff_set_lock_state(&self, id: &str, state: &LockState) -> Result<(), StoreError> {
        let lookup = self.staff_lookup(id);
        let until = state.locked_until.map(to_nanos).transpose()?;
        self.conn()
            .execute(
                "UPDATE staff SET failures = ?2, lockouts = ?3, locked_until = ?4, needs_admin = ?5
                 WHERE lookup = ?1",
                params![
                    &lookup[..],
                    state.failures,
                    state.lockouts,
                    until,
                    state.needs_admin
                ],
            )
            .map_err(|e| self.db(e))?;
        Ok(())
    }

    /// Clears `id`'s lock-out entirely (an admin's unlock); `false` when `id` is not a member.
    pub fn staff_unlock(&self, id: &str) -> Result<bool, StoreError> {
        let lookup = self.staff_lookup(id);
        let n = self
            .conn()
            .execute(
                "UPDATE staff SET failures = 0, lockouts = 0, locked_until = NULL, needs_admin = 0
                 WHERE lookup = ?1",
                [&lookup[..]],
            )
            .map_err(|e| self.db(e))?;
        Ok(n > 0)
    }

    /// The members locked out at `now` (for a time, or until an admin unlocks), sorted.
    pub fn staff_locked(&self, now: OffsetDateTime) -> Result<Vec<String>, StoreError> {
        let mut locked = Vec::new();
        for name in self.staff_members()? {
            let state = self.staff_lock_state(&name)?;
            if state.needs_admin || state.locked_until.is_some_and(|until| until > now) {
                locked.push(name);
            }
        }
        Ok(locked)
    }
}
