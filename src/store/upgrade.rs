//! The store's upgrade to schema 5, done once with the data key (SQL migrations have no key):
//! cache results re-sealed with their confirmation time in the associated data, visit details
//! with the visit's method, status and provisional flag, staff members moved into sealed
//! records with their PIN hashes peppered (no PIN needed: `staff_auth::pepper_legacy`), and the
//! audit chain keyed from the next row on.
//!
//! Whether it was done is recorded in the sealed `key_check` row, not in a clear column: the
//! upgraded constant holds the id of the first keyed audit row, and cannot be forged, moved or
//! put back to the old constant without the data key. (Only a whole file rolled back to a copy
//! taken before the upgrade reads as old again: see "What remains" in docs/operators.md, "Local
//! store".) All of it runs in the transaction that checks the key, so it is done in full or not
//! at all, and two processes opening the same old store do it once.

use rusqlite::{Connection, OptionalExtension, params};
use zeroize::Zeroizing;

use super::staff_credentials::{Role, pepper_legacy};
use super::{Store, StoreError, cache, outbox, staff};

const TABLE: &str = "key_check";
/// The constant sealed by stores before schema 5.
const KEY_CHECK_V1: &[u8] = b"myna-kiosk store data key";
/// Since schema 5: this, then the id of the first keyed audit row (8 bytes, big-endian).
const KEY_CHECK_V2: &[u8] = b"myna-kiosk store data key; schema 5; audit keyed from ";

/// What the sealed `key_check` row says.
pub(super) enum KeyCheck {
    /// Written before schema 5: the records still need [`Store::upgrade`].
    Old,
    /// Upgraded; audit rows from this id on are keyed.
    KeyedFrom(i64),
}

fn parse(plain: &[u8]) -> Option<KeyCheck> {
    if plain == KEY_CHECK_V1 {
        return Some(KeyCheck::Old);
    }
    let id = plain.strip_prefix(KEY_CHECK_V2)?;
    Some(KeyCheck::KeyedFrom(i64::from_be_bytes(id.try_into().ok()?)))
}

impl Store {
    /// The sealed `key_check` row: `None` when missing, `Err(Unseal)` when it does not open
    /// (another key) or says something else.
    pub(super) fn read_key_check(&self, conn: &Connection) -> Result<Option<KeyCheck>, StoreError> {
        let sealed: Option<Vec<u8>> = conn
            .query_row("SELECT sealed FROM key_check WHERE one = 1", [], |r| {
                r.get(0)
            })
            .optional()
            .map_err(|e| self.db(e))?;
        let Some(sealed) = sealed else {
            return Ok(None);
        };
        let plain = self.sealer.open(TABLE, TABLE, b"", &sealed)?;
        parse(&plain)
            .map(Some)
            .ok_or(StoreError::Unseal { table: TABLE })
    }

    /// The id of the first audit row chained with the HMAC.
    pub(super) fn audit_keyed_from(&self, conn: &Connection) -> Result<i64, StoreError> {
        match self.read_key_check(conn) {
            Ok(Some(KeyCheck::KeyedFrom(id))) => Ok(id),
            _ => Err(StoreError::AuditBroken {
                row: 0,
                reason: "the sealed key_check row, which says from which row the chain is keyed, is missing or was altered".into(),
            }),
        }
    }

    fn write_key_check(&self, conn: &Connection, keyed_from: i64) -> Result<(), StoreError> {
        let mut plain = KEY_CHECK_V2.to_vec();
        plain.extend_from_slice(&keyed_from.to_be_bytes());
        let sealed = self.sealer.seal(TABLE, TABLE, b"", &plain)?;
        conn.execute(
            "INSERT INTO key_check (one, sealed) VALUES (1, ?1)
             ON CONFLICT (one) DO UPDATE SET sealed = excluded.sealed",
            [sealed],
        )
        .map_err(|e| self.db(e))?;
        Ok(())
    }

    /// Whether the store holds any record (a store without `key_check` must not).
    pub(super) fn holds_records(&self, conn: &Connection) -> Result<bool, StoreError> {
        conn.query_row(
            "SELECT (SELECT last_id FROM audit_head) > 0
                 OR EXISTS (SELECT 1 FROM cache) OR EXISTS (SELECT 1 FROM visits)
                 OR EXISTS (SELECT 1 FROM outbox) OR EXISTS (SELECT 1 FROM staff)
                 OR EXISTS (SELECT 1 FROM staff_members)",
            [],
            |r| r.get(0),
        )
        .map_err(|e| self.db(e))
    }

    /// A new store: the chain is keyed from its first row.
    pub(super) fn init_key_check(&self, conn: &Connection) -> Result<(), StoreError> {
        let head = self.head(conn)?;
        self.write_head(conn, &head)?;
        self.write_key_check(conn, head.last_id + 1)
    }

    /// Brings the records of a store written before schema 5 up to date (see the module).
    pub(super) fn upgrade(&self, conn: &Connection) -> Result<(), StoreError> {
        self.upgrade_cache(conn)?;
        self.upgrade_visits(conn)?;
        self.upgrade_staff(conn)?;
        self.init_key_check(conn)
    }

    fn upgrade_cache(&self, conn: &Connection) -> Result<(), StoreError> {
        let rows: Vec<(Vec<u8>, i64, Vec<u8>)> = self.all(
            conn,
            "SELECT lookup, confirmed_at, sealed FROM cache",
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )?;
        for (lookup, confirmed_at, sealed) in rows {
            let (table, purpose) = (cache::TABLE, cache::PURPOSE);
            let plain =
                self.sealer
                    .open(table, purpose, &cache::legacy_binding(&lookup), &sealed)?;
            let binding = cache::binding(&lookup, confirmed_at);
            let sealed = self.sealer.seal(table, purpose, &binding, &plain)?;
            conn.execute(
                "UPDATE cache SET sealed = ?2 WHERE lookup = ?1",
                params![lookup, sealed],
            )
            .map_err(|e| self.db(e))?;
        }
        Ok(())
    }

    fn upgrade_visits(&self, conn: &Connection) -> Result<(), StoreError> {
        let rows: Vec<(i64, i64, String, String, bool, Vec<u8>)> = self.all(
            conn,
            "SELECT id, at, method, status, provisional, details FROM visits",
            |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                ))
            },
        )?;
        for (id, at, method, status, provisional, sealed) in rows {
            let (table, purpose) = (outbox::VISITS, outbox::VISIT_PURPOSE);
            let plain = self
                .sealer
                .open(table, purpose, &at.to_be_bytes(), &sealed)?;
            let binding = outbox::visit_binding(at, &method, &status, provisional);
            let sealed = self.sealer.seal(table, purpose, &binding, &plain)?;
            conn.execute(
                "UPDATE visits SET details = ?2 WHERE id = ?1",
                params![id, sealed],
            )
            .map_err(|e| self.db(e))?;
        }
        Ok(())
    }

    /// Each member of `staff_members` (name and PIN hash in clear) becomes a sealed record in
    /// `staff` (role `staff`: there were no roles), with its hash peppered and its lock-out
    /// kept; the clear rows are deleted (`secure_delete` overwrites them).
    fn upgrade_staff(&self, conn: &Connection) -> Result<(), StoreError> {
        /// `(name, pin_hash, added_at, failures, locked_until)`
        type OldMember = (String, Zeroizing<String>, i64, u32, Option<i64>);
        let rows: Vec<OldMember> = self.all(
            conn,
            "SELECT id, pin_hash, added_at, failures, locked_until FROM staff_members",
            |r| {
                Ok((
                    r.get(0)?,
                    Zeroizing::new(r.get(1)?),
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                ))
            },
        )?;
        for (name, pin_hash, added_at, failures, locked_until) in rows {
            // A hash that does not parse stays as it is: that member cannot sign in, as before.
            let pin_hash = pepper_legacy(&pin_hash, self.sealer.pepper())
                .unwrap_or_else(|_| pin_hash.to_string());
            let lookup = self.sealer.lookup(staff::LOOKUP_NAME, &name);
            let member = staff::Member {
                name,
                role: Role::Staff,
                pin_hash,
            };
            let sealed = self.seal_member(&lookup, &member)?;
            conn.execute(
                "INSERT INTO staff (lookup, sealed, added_at, failures, locked_until)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                params![&lookup[..], sealed, added_at, failures, locked_until],
            )
            .map_err(|e| self.db(e))?;
        }
        conn.execute("DELETE FROM staff_members", [])
            .map_err(|e| self.db(e))?;
        Ok(())
    }

    fn all<T>(
        &self,
        conn: &Connection,
        sql: &str,
        row: impl FnMut(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
    ) -> Result<Vec<T>, StoreError> {
        let mut statement = conn.prepare(sql).map_err(|e| self.db(e))?;
        let rows = statement.query_map([], row).map_err(|e| self.db(e))?;
        rows.collect::<Result<_, _>>().map_err(|e| self.db(e))
    }
}
