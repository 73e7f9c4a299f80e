//! Staff members who may sign in at the staff desk: a name and a PBKDF2 hash of their staff PIN
//! (made by `reception::staff_auth`; the store never sees a PIN). Adding and removing members is
//! audited by the caller.

use rusqlite::{OptionalExtension, params};
use time::OffsetDateTime;

use super::{Store, StoreError, from_nanos, to_nanos};
use crate::reception::staff_auth::LockState;

impl Store {
    /// Adds `id`, or replaces its PIN hash.
    pub fn staff_set(&self, id: &str, pin_hash: &str) -> Result<(), StoreError> {
        let at = to_nanos(OffsetDateTime::now_utc())?;
        self.conn()
            .execute(
                "INSERT INTO staff_members (id, pin_hash, added_at) VALUES (?1, ?2, ?3)
                 ON CONFLICT (id) DO UPDATE SET pin_hash = excluded.pin_hash",
                params![id, pin_hash, at],
            )
            .map_err(|e| self.db(e))?;
        Ok(())
    }

    /// Removes `id`; `false` when there was no such member.
    pub fn staff_remove(&self, id: &str) -> Result<bool, StoreError> {
        let n = self
            .conn()
            .execute("DELETE FROM staff_members WHERE id = ?1", params![id])
            .map_err(|e| self.db(e))?;
        Ok(n > 0)
    }

    /// The members' names, sorted.
    pub fn staff_members(&self) -> Result<Vec<String>, StoreError> {
        let conn = self.conn();
        let mut statement = conn
            .prepare("SELECT id FROM staff_members ORDER BY id")
            .map_err(|e| self.db(e))?;
        let rows = statement
            .query_map([], |r| r.get(0))
            .map_err(|e| self.db(e))?;
        rows.collect::<Result<_, _>>().map_err(|e| self.db(e))
    }

    /// The PIN hash of `id`, when it is a member.
    pub fn staff_pin_hash(&self, id: &str) -> Result<Option<String>, StoreError> {
        self.conn()
            .query_row(
                "SELECT pin_hash FROM staff_members WHERE id = ?1",
                params![id],
                |r| r.get(0),
            )
            .optional()
            .map_err(|e| self.db(e))
    }

    /// `id`'s wrong PINs in a row and lock-out end; the default for an unknown member.
    pub fn staff_lock_state(&self, id: &str) -> Result<LockState, StoreError> {
        let row: Option<(u32, Option<i64>)> = self
            .conn()
            .query_row(
                "SELECT failures, locked_until FROM staff_members WHERE id = ?1",
                params![id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()
            .map_err(|e| self.db(e))?;
        let Some((failures, until)) = row else {
            return Ok(LockState::default());
        };
        Ok(LockState {
            failures,
            locked_until: until.map(from_nanos).transpose()?,
        })
    }

    /// Stores `id`'s lock-out state (nothing when `id` is not a member).
    pub fn staff_set_lock_state(&self, id: &str, state: &LockState) -> Result<(), StoreError> {
        let until = state.locked_until.map(to_nanos).transpose()?;
        self.conn()
            .execute(
                "UPDATE staff_members SET failures = ?2, locked_until = ?3 WHERE id = ?1",
                params![id, state.failures, until],
            )
            .map_err(|e| self.db(e))?;
        Ok(())
    }
}
