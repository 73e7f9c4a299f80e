//! The eligibility cache: the last confirmed result per certificate, with its confirmation time,
//! found only through HMAC(certificate issuer and serial, as [`crate::certificate_id`] writes
//! them: `issuer_sha256:serial`). Used when the gateway cannot be reached, and then
//! always shown as provisional with that date (docs/design.md, Offline behaviour).
//! A certificate's entry also seals what it was stored for ([`CacheOrigin`]: the SHA-256 of the
//! whole certificate and the assurance of the confirmation), so that an offline answer is given
//! only for that very certificate.
//! Insurance-number queries are cached the same way, found through HMAC of the query's numbers
//! and birth date ([`QualificationConfirmSearchInfo::lookup_text`]) under a purpose of their own.
//!
//! Entries written before certificates were named by (issuer, serial) were keyed on
//! HMAC("certificate_serial", serial without its leading zero nibble). An HMAC cannot be
//! re-keyed without the serial, which the store never holds in clear, so they are not migrated:
//! they are simply never found again (the first online confirmation of each card writes a new
//! entry) and [`Store::cache_purge`] deletes them once older than `cache_max_age_days`, like
//! any other. Nothing but a cached copy of a gateway answer is lost: the gateway keeps the
//! confirmation itself, and visits and the outbox are keyed otherwise.

use rusqlite::{OptionalExtension, params};
use serde::{Deserialize, Serialize};
use time::{Duration, OffsetDateTime};

use super::seal::Lookup;
use super::{Store, StoreError, cutoff, from_nanos, to_nanos};
use crate::certificate_id::CertificateId;
use crate::eligibility::protocol::{Assurance, ConfirmationResult, QualificationConfirmSearchInfo};

pub(super) const TABLE: &str = "cache";
pub(super) const PURPOSE: &str = "confirmation_result";
/// The purpose of the (issuer, serial) key; the old serial-only key was "certificate_serial".
const LOOKUP_CERTIFICATE: &str = "certificate_id";
const LOOKUP_NUMBERS: &str = "insurance_numbers";

/// The sealed result's binding: its lookup key and its confirmation time, so that a
/// `confirmed_at` edited on disk (to make an old answer look fresh) fails to open. Before
/// schema 5 it was the lookup key alone ([`legacy_binding`]).
pub(super) fn binding(lookup: &[u8], confirmed_at: i64) -> Vec<u8> {
    let mut binding = Vec::with_capacity(lookup.len() + 8);
    binding.extend_from_slice(lookup);
    binding.extend_from_slice(&confirmed_at.to_be_bytes());
    binding
}

pub(super) fn legacy_binding(lookup: &[u8]) -> Vec<u8> {
    lookup.to_vec()
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CachedResult {
    pub result: ConfirmationResult,
    /// When the gateway confirmed it (never today's confirmation unless it says so).
    pub confirmed_at: OffsetDateTime,
    /// Which certificate the gateway confirmed (for certificate entries written since issue 17).
    pub origin: Option<CacheOrigin>,
}

/// What a certificate's cache entry was stored for: the SHA-256 of the whole certificate the
/// gateway confirmed (the lookup key names only its issuer and serial), and the assurance of
/// that confirmation. Sealed with the result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct CacheOrigin {
    #[serde(with = "hex32")]
    pub certificate_sha256: [u8; 32],
    pub assurance: Assurance,
}

impl CacheOrigin {
    /// For the certificate `der`, confirmed with `assurance`.
    pub fn new(der: &[u8], assurance: Assurance) -> Self {
        CacheOrigin {
            certificate_sha256: certificate_sha256(der),
            assurance,
        }
    }

    /// Whether the entry was stored for exactly this certificate.
    pub fn is_for(&self, der: &[u8]) -> bool {
        // Both hashes are of public certificates: no secret to compare in constant time.
        self.certificate_sha256 == certificate_sha256(der)
    }
}

fn certificate_sha256(der: &[u8]) -> [u8; 32] {
    let mut out = [0u8; 32];
    out.copy_from_slice(ring::digest::digest(&ring::digest::SHA256, der).as_ref());
    out
}

/// The sealed record. Entries written before issue 17 hold the bare result (no origin).
#[derive(Serialize, Deserialize)]
#[serde(untagged)]
enum Record {
    WithOrigin {
        result: ConfirmationResult,
        origin: CacheOrigin,
    },
    Bare(ConfirmationResult),
}

mod hex32 {
    use serde::{Deserialize, Deserializer, Serializer, de::Error};

    pub fn serialize<S: Serializer>(bytes: &[u8; 32], s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&bytes.iter().map(|b| format!("{b:02x}")).collect::<String>())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<[u8; 32], D::Error> {
        let text = String::deserialize(d)?;
        let mut out = [0u8; 32];
        if text.len() != 64 || !text.is_ascii() {
            return Err(D::Error::custom("not 64 hex digits"));
        }
        for (i, byte) in out.iter_mut().enumerate() {
            *byte = u8::from_str_radix(&text[2 * i..2 * i + 2], 16).map_err(D::Error::custom)?;
        }
        Ok(out)
    }
}

impl Store {
    /// Caches `result` for the certificate, replacing any earlier entry for it.
    pub fn cache_put(
        &self,
        certificate: &CertificateId,
        result: &ConfirmationResult,
        confirmed_at: OffsetDateTime,
    ) -> Result<(), StoreError> {
        let lookup = self
            .sealer
            .lookup(LOOKUP_CERTIFICATE, &certificate.lookup_text());
        self.cache_put_at(&lookup, &Record::Bare(result.clone()), confirmed_at)
    }

    /// Caches `result` for the certificate with what it was stored for ([`CacheOrigin`]):
    /// only such entries answer a card visit offline.
    pub fn cache_put_with_origin(
        &self,
        certificate: &CertificateId,
        origin: CacheOrigin,
        result: &ConfirmationResult,
        confirmed_at: OffsetDateTime,
    ) -> Result<(), StoreError> {
        let lookup = self
            .sealer
            .lookup(LOOKUP_CERTIFICATE, &certificate.lookup_text());
        let record = Record::WithOrigin {
            result: result.clone(),
            origin,
        };
        self.cache_put_at(&lookup, &record, confirmed_at)
    }

    /// Caches the result of an insurance-number query, replacing any earlier one for the same
    /// numbers and birth date.
    pub fn cache_put_numbers(
        &self,
        search: &QualificationConfirmSearchInfo,
        result: &ConfirmationResult,
        confirmed_at: OffsetDateTime,
    ) -> Result<(), StoreError> {
        let lookup = self.sealer.lookup(LOOKUP_NUMBERS, &search.lookup_text());
        self.cache_put_at(&lookup, &Record::Bare(result.clone()), confirmed_at)
    }

    /// The cached result for these numbers and birth date, unless older than `max_age`. The
    /// 限度額 information is left out unless this query gives the consent for it.
    pub fn cache_get_numbers(
        &self,
        search: &QualificationConfirmSearchInfo,
        now: OffsetDateTime,
        max_age: Duration,
    ) -> Result<Option<CachedResult>, StoreError> {
        let lookup = self.sealer.lookup(LOOKUP_NUMBERS, &search.lookup_text());
        let mut cached = self.cache_get_at(&lookup, now, max_age)?;
        if let Some(cached) = &mut cached
            && !search.limit_consent()
        {
            for person in &mut cached.result.results {
                person.limit_application_certificate_related_info = None;
                // Answered under the same rule as the 限度額 information (gateway::service).
                person.specific_diseases_certificate_list.clear();
            }
        }
        Ok(cached)
    }

    fn cache_put_at(
        &self,
        lookup: &Lookup,
        record: &Record,
        confirmed_at: OffsetDateTime,
    ) -> Result<(), StoreError> {
        let json = zeroize::Zeroizing::new(serde_json::to_vec(record).map_err(|source| {
            StoreError::Json {
                table: TABLE,
                source,
            }
        })?);
        let confirmed_at = to_nanos(confirmed_at)?;
        let sealed = self
            .sealer
            .seal(TABLE, PURPOSE, &binding(lookup, confirmed_at), &json)?;
        self.conn()
            .execute(
                "INSERT INTO cache (lookup, confirmed_at, sealed) VALUES (?1, ?2, ?3)
                 ON CONFLICT (lookup) DO UPDATE
                 SET confirmed_at = excluded.confirmed_at, sealed = excluded.sealed",
                params![&lookup[..], confirmed_at, sealed],
            )
            .map_err(|e| self.db(e))?;
        Ok(())
    }

    /// The cached result for the certificate, unless it is older than `max_age` at `now`.
    pub fn cache_get(
        &self,
        certificate: &CertificateId,
        now: OffsetDateTime,
        max_age: Duration,
    ) -> Result<Option<CachedResult>, StoreError> {
        let lookup = self
            .sealer
            .lookup(LOOKUP_CERTIFICATE, &certificate.lookup_text());
        self.cache_get_at(&lookup, now, max_age)
    }

    fn cache_get_at(
        &self,
        lookup: &Lookup,
        now: OffsetDateTime,
        max_age: Duration,
    ) -> Result<Option<CachedResult>, StoreError> {
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
        let json = self
            .sealer
            .open(TABLE, PURPOSE, &binding(lookup, confirmed_at), &sealed)?;
        let record = serde_json::from_slice(&json).map_err(|source| StoreError::Json {
            table: TABLE,
            source,
        })?;
        let (result, origin) = match record {
            Record::WithOrigin { result, origin } => (result, Some(origin)),
            Record::Bare(result) => (result, None),
        };
        Ok(Some(CachedResult {
            result,
            confirmed_at: from_nanos(confirmed_at)?,
            origin,
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::eligibility::protocol::{
        LimitApplicationCertificateRelatedInfo, QualificationResult,
    };

    fn store(dir: &std::path::Path) -> Store {
        let keys = crate::eligibility::device_key::keygen(&dir.join("keys"), "k1").unwrap();
        Store::open(&dir.join("kiosk.sqlite"), &keys.data_key).unwrap()
    }

    fn search(limit: &str) -> QualificationConfirmSearchInfo {
        QualificationConfirmSearchInfo {
            insurer_number: "138016".into(),
            insured_card_symbol: Some("練馬".into()),
            insured_identification_number: "0012".into(),
            insured_branch_number: Some("01".into()),
            birthdate: "1980-02-17".into(),
            limit_application_certificate_related_cons_flg: limit.into(),
        }
    }

    fn result() -> ConfirmationResult {
        serde_json::from_value(serde_json::json!({
            "request_id": "r1",
            "qualification_confirmation_date": "2026-11-25",
            "processed_at": "2026-11-25T10:00:00Z",
            "processing_result_status": "1",
            "qualification_validity": "1",
            "results": [QualificationResult {
                insurer_number: "138016".into(),
                limit_application_certificate_related_info: Some(
                    LimitApplicationCertificateRelatedInfo::default()
                ),
                ..Default::default()
            }],
        }))
        .unwrap()
    }

    #[test]
    fn insurance_numbers_have_their_own_cache_key() {
        let dir = tempfile::tempdir().unwrap();
        let store = store(dir.path());
        let now = OffsetDateTime::now_utc();
        let day = Duration::days(1);
        store
            .cache_put_numbers(&search("1"), &result(), now)
            .unwrap();
        let got = store
            .cache_get_numbers(&search("1"), now, day)
            .unwrap()
            .unwrap();
        assert_eq!(got.result, result());
        // The 限度額 flag is not part of the key, but without it the 限度額 item is left out.
        let got = store
            .cache_get_numbers(&search("0"), now, day)
            .unwrap()
            .unwrap();
        assert!(
            got.result.results[0]
                .limit_application_certificate_related_info
                .is_none()
        );
        // Another number (no padding, no trimming of zeros) or birth date is another entry.
        for edit in [
            |s: &mut QualificationConfirmSearchInfo| s.insured_identification_number = "12".into(),
            |s: &mut QualificationConfirmSearchInfo| s.insurer_number = "00138016".into(),
            |s: &mut QualificationConfirmSearchInfo| s.birthdate = "1980-02-18".into(),
            |s: &mut QualificationConfirmSearchInfo| s.insured_branch_number = None,
        ] {
            let mut other = search("1");
            edit(&mut other);
            assert!(store.cache_get_numbers(&other, now, day).unwrap().is_none());
        }
        // A certificate serial equal to the key text does not find it either.
        let text = search("1").lookup_text();
        let id = CertificateId {
            issuer_sha256: text.clone(),
            serial: text,
        };
        assert!(store.cache_get(&id, now, day).unwrap().is_none());
        // Too old: not answered, and purged.
        let later = now + Duration::days(2);
        assert!(
            store
                .cache_get_numbers(&search("1"), later, day)
                .unwrap()
                .is_none()
        );
        assert_eq!(store.cache_purge(later, day).unwrap(), 1);
        // Nothing of the numbers is stored in clear.
        drop(store);
        let bytes = std::fs::read(dir.path().join("kiosk.sqlite")).unwrap();
        let clear = String::from_utf8_lossy(&bytes);
        assert!(!clear.contains("138016") && !clear.contains("1980-02-17"));
    }

    #[test]
    fn certificates_are_found_by_issuer_and_serial() {
        let dir = tempfile::tempdir().unwrap();
        let store = store(dir.path());
        let now = OffsetDateTime::now_utc();
        let day = Duration::days(1);
        let id =
            |issuer: &str, serial: &str| CertificateId::parse(&issuer.repeat(32), serial).unwrap();
        store
            .cache_put(&id("ab", "07278ca1"), &result(), now)
            .unwrap();
        let got = store.cache_get(&id("ab", "07278ca1"), now, day).unwrap();
        assert_eq!(got.map(|c| c.result), Some(result()));
        // Same serial from another CA: another certificate.
        assert!(
            store
                .cache_get(&id("cd", "07278ca1"), now, day)
                .unwrap()
                .is_none()
        );
        // An entry under the old serial-only key (without the leading zero) is never found, and
        // the purge deletes it once it is too old.
        let old = store.sealer.lookup("certificate_serial", "7278ca1");
        store
            .cache_put_at(&old, &Record::Bare(result()), now)
            .unwrap();
        assert_eq!(store.cache_len().unwrap(), 2);
        let later = now + Duration::days(2);
        assert_eq!(store.cache_purge(later, day).unwrap(), 2);
        assert_eq!(store.cache_len().unwrap(), 0);
    }

    #[test]
    fn a_certificate_entry_knows_the_certificate_and_assurance_it_was_stored_for() {
        let dir = tempfile::tempdir().unwrap();
        let store = store(dir.path());
        let now = OffsetDateTime::now_utc();
        let day = Duration::days(1);
        let id = CertificateId::parse(&"ab".repeat(32), "07278ca1").unwrap();
        let origin = CacheOrigin::new(b"certificate one", Assurance::KioskAttestation);
        store
            .cache_put_with_origin(&id, origin, &result(), now)
            .unwrap();
        let got = store.cache_get(&id, now, day).unwrap().unwrap();
        assert_eq!(got.result, result());
        let got = got.origin.unwrap();
        assert_eq!(got.assurance, Assurance::KioskAttestation);
        assert!(got.is_for(b"certificate one"));
        assert!(!got.is_for(b"certificate two"));
        // An entry written as before (no origin) still reads, without one.
        store.cache_put(&id, &result(), now).unwrap();
        let got = store.cache_get(&id, now, day).unwrap().unwrap();
        assert_eq!((got.result, got.origin), (result(), None));
    }
}
