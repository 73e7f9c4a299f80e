//! The eligibility cache: the last confirmed result per certificate, with its confirmation time,
//! found only through HMAC(certificate serial, lower-case hex as design.md names it;
//! upper case is folded). Used when the gateway cannot be reached, and then
//! always shown as provisional with that date (design.md, Offline behaviour).

use rusqlite::{OptionalExtension, params};
use time::{Duration, OffsetDateTime};

use super::{Store, StoreError, cutoff, from_nanos, to_nanos};
use crate::eligibility::protocol::ConfirmationResult;

const TABLE: &str = "cache";
const PURPOSE: &str = "confirmation_result";
const LOOKUP_SERIAL: &str = "certificate_serial";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CachedResult {
    pub result: ConfirmationResult,
    /// When the gateway confirmed it (never today's confirmation unless it says so).
    pub confirmed_at: OffsetDateTime,
}

impl Store {
    /// Caches `result` for the certificate, replacing any earlier entry for it.
    pub fn cache_put(
        &self,
        certificate_serial: &str,
        result: &ConfirmationResult,
        confirmed_at: OffsetDateTime,
    ) -> Result<(), StoreError> {
        let lookup = self
            .sealer
            .lookup(LOOKUP_SERIAL, &certificate_serial.to_ascii_lowercase());
        let json = zeroize::Zeroizing::new(serde_json::to_vec(result).map_err(|source| {
            StoreError::Json {
                table: TABLE,
                source,
            }
        })?);
        let sealed = self.sealer.seal(TABLE, PURPOSE, &lookup, &json)?;
        self.conn()
            .execute(
                "INSERT INTO cache (lookup, confirmed_at, sealed) VALUES (?1, ?2, ?3)
                 ON CONFLICT (lookup) DO UPDATE
                 SET confirmed_at = excluded.confirmed_at, sealed = excluded.sealed",
                params![&lookup[..], to_nanos(confirmed_at)?, sealed],
            )
            .map_err(|e| self.db(e))?;
        Ok(())
    }

    /// The cached result for the certificate, unless it is older than `max_age` at `now`.
    pub fn cache_get(
        &self,
        certificate_serial: &str,
        now: OffsetDateTime,
        max_age: Duration,
    ) -> Result<Option<CachedResult>, StoreError> {
        let lookup = self
            .sealer
            .lookup(LOOKUP_SERIAL, &certificate_serial.to_ascii_lowercase());
        let since = cutoff(now, max_age)?;
        let row: Option<(i64, Vec<u8>)> = self
            .conn()
            .prepare_cached(
                "SELECT confirmed_at, sealed FROM cache WHERE lookup = ?1 AND confirmed_at >= ?2",
            )
            .and_then(|mut stmt| {
                stmt.query_row(params![&lookup[..], since], |r| Ok((r.get(0)?, r.get(1)?)))
                    .optional()
            })
            .map_err(|e| self.db(e))?;
        let Some((confirmed_at, sealed)) = row else {
            return Ok(None);
        };
        let json = self.sealer.open(TABLE, PURPOSE, &lookup, &sealed)?;
        let result = serde_json::from_slice(&json).map_err(|source| StoreError::Json {
            table: TABLE,
            source,
        })?;
        Ok(Some(CachedResult {
            result,
            confirmed_at: from_nanos(confirmed_at)?,
        }))
    }

    /// Deletes entries older than `max_age` at `now`; returns how many.
    pub fn cache_purge(&self, now: OffsetDateTime, max_age: Duration) -> Result<usize, StoreError> {
        self.conn()
            .execute(
                "DELETE FROM cache WHERE confirmed_at < ?1",
                [cutoff(now, max_age)?],
            )
            .map_err(|e| self.db(e))
    }

    /// Entries in the cache.
    pub fn cache_len(&self) -> Result<usize, StoreError> {
        self.conn()
            .query_row("SELECT count(*) FROM cache", [], |r| r.get::<_, i64>(0))
            .map(|n| usize::try_from(n).unwrap_or(0))
            .map_err(|e| self.db(e))
    }
}
