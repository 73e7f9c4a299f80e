//! Kiosk request authentication (Ed25519 signature over `protocol::signing_input`, or a TLS
//! connection on which the kiosk presented its device key; time within ±`MAX_CLOCK_SKEW_SECS`,
//! each signed request accepted once) and the one-time challenges.
//!
//! Both live in memory: a signature can only be replayed while its time is inside the window,
//! and a challenge lives `CHALLENGE_TTL_SECS`; a restarted gateway simply issues new ones.

use std::collections::{HashMap, HashSet};
use std::sync::{Mutex, PoisonError, RwLock};

use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use ring::rand::{SecureRandom, SystemRandom};
use ring::signature::{ED25519, UnparsedPublicKey};
use time::format_description::well_known::Rfc3339;
use time::{Duration, OffsetDateTime};

use super::Error;
use myna_protocol::device_key::{SignedHeaders, format_time};
use myna_protocol::protocol::{
    ChallengeResponse, ErrorCode, HEADER_KIOSK_ID, HEADER_KIOSK_SIGNATURE, HEADER_KIOSK_TIME,
    MAX_CLOCK_SKEW_SECS, signing_input,
};

/// More outstanding challenges than this means something is wrong: expired ones are dropped
/// first, then new requests are refused until some expire.
pub(crate) const MAX_CHALLENGES: usize = 100_000;
const CHALLENGE_LEN: usize = 32;

/// The authentication headers of a request, as received, and the kiosk its TLS connection
/// belongs to, if the kiosk presented its device key in the handshake.
#[derive(Debug, Default)]
pub struct KioskHeaders {
    pub kiosk_id: Option<String>,
    pub time: Option<String>,
    pub signature: Option<String>,
    pub tls_kiosk: Option<String>,
}

/// The headers a kiosk signed, as the gateway would receive them (in-process benchmarks).
impl From<SignedHeaders> for KioskHeaders {
    fn from(signed: SignedHeaders) -> Self {
        KioskHeaders {
            kiosk_id: Some(signed.kiosk_id),
            time: Some(signed.time),
            signature: Some(signed.signature),
            tls_kiosk: None,
        }
    }
}

fn missing(name: &str) -> Error {
    Error::refused(
        ErrorCode::BadRequest,
        format!("the {name} header is missing or not text"),
    )
}

/// A request as received: what its signature covers, and its headers.
struct Signed<'a> {
    method: &'a str,
    path: &'a str,
    headers: &'a KioskHeaders,
    body: &'a [u8],
}

/// Where a kiosk's registration comes from: a `kiosks/<id>.pub` file, or an enrolment an
/// administrator approved in the console (`kiosk_keys` in the database).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeySource {
    File,
    Console,
}

impl KeySource {
    pub fn code(self) -> &'static str {
        match self {
            KeySource::File => "file",
            KeySource::Console => "console",
        }
    }
}

#[derive(Default)]
struct Registry {
    kiosks: HashMap<String, ([u8; 32], KeySource)>,
    by_key: HashMap<[u8; 32], String>,
}

pub struct KioskAuth {
    /// Read on every request, written only when an administrator approves an enrolment: an
    /// approved kiosk is trusted at once, without a restart.
    registry: RwLock<Registry>,
    /// Signatures accepted, until the time their request stops being fresh.
    seen: Mutex<Purged<Vec<u8>, OffsetDateTime>>,
}

impl KioskAuth {
    /// The kiosks of the `kiosks/*.pub` files.
    pub fn new(kiosks: HashMap<String, [u8; 32]>) -> Self {
        let auth = KioskAuth {
            registry: RwLock::new(Registry::default()),
            seen: Mutex::new(Purged::default()),
        };
        for (id, key) in kiosks {
            auth.add(&id, key, KeySource::File);
        }
        auth
    }

    fn read(&self) -> std::sync::RwLockReadGuard<'_, Registry> {
        self.registry.read().unwrap_or_else(PoisonError::into_inner)
    }

    /// Registers `key` for `kiosk_id` unless the id or the key is registered already (then
    /// `false`, and nothing changes: a registration is never replaced).
    pub fn add(&self, kiosk_id: &str, key: [u8; 32], source: KeySource) -> bool {
        let mut registry = self
            .registry
            .write()
            .unwrap_or_else(PoisonError::into_inner);
        if registry.kiosks.contains_key(kiosk_id) || registry.by_key.contains_key(&key) {
            return false;
        }
        registry.kiosks.insert(kiosk_id.to_string(), (key, source));
        registry.by_key.insert(key, kiosk_id.to_string());
        true
    }

    /// The registered public key of a kiosk.
    pub fn public_key(&self, kiosk_id: &str) -> Option<[u8; 32]> {
        self.read().kiosks.get(kiosk_id).map(|(key, _)| *key)
    }

    /// The registered kiosks' ids, sorted.
    pub fn kiosk_ids(&self) -> Vec<String> {
        let mut ids: Vec<String> = self.read().kiosks.keys().cloned().collect();
        ids.sort();
        ids
    }

    /// The registered kiosks, sorted by id: id, key, where the registration comes from.
    pub fn registered(&self) -> Vec<(String, [u8; 32], KeySource)> {
        let mut all: Vec<_> = self
            .read()
            .kiosks
            .iter()
            .map(|(id, (key, source))| (id.clone(), *key, *source))
            .collect();
        all.sort_by(|a, b| a.0.cmp(&b.0));
        all
    }

    /// The kiosk registered with this Ed25519 public key.
    pub fn kiosk_with_key(&self, public_key: &[u8]) -> Option<String> {
        let key: [u8; 32] = public_key.try_into().ok()?;
        self.read().by_key.get(&key).cloned()
    }

    /// Checks a request's kiosk id, time, signature and uniqueness; returns the kiosk id. On a TLS
    /// connection whose handshake proved this kiosk's key the signature is not needed: TLS
    /// already authenticates every byte and keeps them from being replayed.
    pub fn authenticate(
        &self,
        method: &str,
        path: &str,
        headers: &KioskHeaders,
        body: &[u8],
        now: OffsetDateTime,
    ) -> Result<String, Error> {
        let kiosk_id = headers
            .kiosk_id
            .as_deref()
            .ok_or_else(|| missing(HEADER_KIOSK_ID))?;
        headers
            .time
            .as_deref()
            .ok_or_else(|| missing(HEADER_KIOSK_TIME))?;
        let public_key = self.public_key(kiosk_id).ok_or_else(|| {
            Error::refused(ErrorCode::UnknownKiosk, "this kiosk is not registered")
        })?;
        let tls_proved = headers.tls_kiosk.as_deref() == Some(kiosk_id);
        let request = Signed {
            method,
            path,
            headers,
            body,
        };
        self.check_signed(&request, now, &public_key, tls_proved)?;
        Ok(kiosk_id.to_string())
    }

    /// Checks that a request was signed with `public_key` (the key an enrolment request
    /// carries: proof that the sender holds it), within the time window, once.
    pub fn check_proof_of_possession(
        &self,
        path: &str,
        headers: &KioskHeaders,
        body: &[u8],
        now: OffsetDateTime,
        public_key: &[u8; 32],
    ) -> Result<(), Error> {
        let request = Signed {
            method: "POST",
            path,
            headers,
            body,
        };
        self.check_signed(&request, now, public_key, false)
    }

    /// Time, signature (unless `tls_proved`) and uniqueness of a request signed with
    /// `public_key`.
    fn check_signed(
        &self,
        request: &Signed<'_>,
        now: OffsetDateTime,
        public_key: &[u8; 32],
        tls_proved: bool,
    ) -> Result<(), Error> {
        let Signed {
            method,
            path,
            headers,
            body,
        } = *request;
        let time_text = headers
            .time
            .as_deref()
            .ok_or_else(|| missing(HEADER_KIOSK_TIME))?;
        let time = OffsetDateTime::parse(time_text, &Rfc3339).map_err(|_| {
            Error::refused(
                ErrorCode::BadRequest,
                format!("{HEADER_KIOSK_TIME} is not an RFC 3339 time"),
            )
        })?;
        let signature = if tls_proved {
            None
        } else {
            let signature_text = headers
                .signature
                .as_deref()
                .ok_or_else(|| missing(HEADER_KIOSK_SIGNATURE))?;
            let bad_signature = || {
                Error::refused(
                    ErrorCode::BadKioskSignature,
                    "the kiosk signature does not verify",
                )
            };
            let signature = BASE64.decode(signature_text).map_err(|_| bad_signature())?;
            UnparsedPublicKey::new(&ED25519, public_key)
                .verify(&signing_input(method, path, time_text, body), &signature)
                .map_err(|_| bad_signature())?;
            Some(signature)
        };
        let skew = Duration::seconds(MAX_CLOCK_SKEW_SECS);
        if time < now - skew || time > now + skew {
            return Err(Error::refused(
                ErrorCode::StaleRequest,
                format!(
                    "the request time {time_text} is more than {MAX_CLOCK_SKEW_SECS} s from the gateway's {}; check the kiosk clock",
                    format_time(now)
                ),
            ));
        }
        if let Some(signature) = signature {
            let mut seen = self
                .seen
                .lock()
                .map_err(|_| Error::Internal("replay cache lock poisoned".into()))?;
            seen.purge(now, |fresh_until| *fresh_until >= now);
            if seen.map.contains_key(&signature) {
                return Err(Error::refused(
                    ErrorCode::ReplayedRequest,
                    "this signed request was received before; sign each request anew",
                ));
            }
            seen.map.insert(signature, time + skew);
        }
        Ok(())
    }
}

/// A map whose stale entries are dropped at most once a second: under load it holds thousands
/// of entries, and a full scan on every request made the gateway's cost grow with its load
/// (`bash scripts/bench.sh` showed the scans as the top of the profile). Entries kept up to a
/// second longer only make the checks stricter.
struct Purged<K, V> {
    map: HashMap<K, V>,
    purged_at: Option<OffsetDateTime>,
}

impl<K, V> Default for Purged<K, V> {
    fn default() -> Self {
        Purged {
            map: HashMap::new(),
            purged_at: None,
        }
    }
}

impl<K: std::hash::Hash + Eq, V> Purged<K, V> {
    /// Keeps the entries `keep` accepts, unless that was done less than a second before `now`.
    fn purge(&mut self, now: OffsetDateTime, keep: impl Fn(&V) -> bool) {
        let due = self
            .purged_at
            .is_none_or(|at| now - at >= Duration::SECOND || now < at);
        if due {
            self.map.retain(|_, v| keep(v));
            self.purged_at = Some(now);
        }
    }
}

struct Outstanding {
    kiosk_id: String,
    expires_at: OffsetDateTime,
}

/// The challenges, and which ones each kiosk holds (possibly some already taken or dropped
/// from `all`: a kiosk's set is tidied when it reaches its cap).
#[derive(Default)]
struct Table {
    all: Purged<[u8; CHALLENGE_LEN], Outstanding>,
    by_kiosk: HashMap<String, HashSet<[u8; CHALLENGE_LEN]>>,
}

/// One-time challenges, bound to the kiosk they were issued to; at most `per_kiosk` unexpired
/// ones for each kiosk, so that one kiosk (or its stolen key) cannot take the global cap from
/// the others.
pub struct Challenges {
    ttl: Duration,
    per_kiosk: usize,
    rng: SystemRandom,
    outstanding: Mutex<Table>,
}

impl Challenges {
    pub fn new(ttl: Duration, per_kiosk: usize) -> Self {
        Challenges {
            ttl,
            per_kiosk,
            rng: SystemRandom::new(),
            outstanding: Mutex::new(Table::default()),
        }
    }

    pub fn ttl(&self) -> Duration {
        self.ttl
    }

    fn lock(&self) -> Result<std::sync::MutexGuard<'_, Table>, Error> {
        self.outstanding
            .lock()
            .map_err(|_| Error::Internal("challenge lock poisoned".into()))
    }

    pub fn issue(&self, kiosk_id: &str, now: OffsetDateTime) -> Result<ChallengeResponse, Error> {
        let mut bytes = [0u8; CHALLENGE_LEN];
        self.rng
            .fill(&mut bytes)
            .map_err(|_| Error::Internal("random number generator failed".into()))?;
        let expires_at = now + self.ttl;
        let mut guard = self.lock()?;
        let table = &mut *guard;
        let held = table.by_kiosk.entry(kiosk_id.to_string()).or_default();
        if held.len() >= self.per_kiosk {
            // Keep only this kiosk's challenges still outstanding and unexpired (at most
            // `per_kiosk` of them: a short scan).
            held.retain(|b| table.all.map.get(b).is_some_and(|c| c.expires_at >= now));
            if held.len() >= self.per_kiosk {
                return Err(Error::refused(
                    ErrorCode::RateLimited,
                    format!(
                        "this kiosk holds {} unanswered challenges; use or let them expire first",
                        held.len()
                    ),
                ));
            }
        }
        if table.all.map.len() >= MAX_CHALLENGES {
            // Expired ones are kept a while to answer `expired_challenge`; drop them now.
            table.all.map.retain(|_, c| c.expires_at >= now);
            if table.all.map.len() >= MAX_CHALLENGES {
                return Err(Error::Internal("too many outstanding challenges".into()));
            }
        }
        held.insert(bytes);
        table.all.map.insert(
            bytes,
            Outstanding {
                kiosk_id: kiosk_id.to_string(),
                expires_at,
            },
        );
        Ok(ChallengeResponse {
            challenge: BASE64.encode(bytes),
            expires_at: format_time(expires_at),
            face_max_distance: None,
        })
    }

    /// Takes the challenge out (used or not, it is never accepted again) and returns its bytes.
    pub fn take(
        &self,
        kiosk_id: &str,
        challenge: &str,
        now: OffsetDateTime,
    ) -> Result<[u8; CHALLENGE_LEN], Error> {
        let unknown = || {
            Error::refused(
                ErrorCode::UnknownChallenge,
                "unknown or already used challenge; ask for a new one",
            )
        };
        let bytes: [u8; CHALLENGE_LEN] = BASE64
            .decode(challenge)
            .ok()
            .and_then(|b| b.try_into().ok())
            .ok_or_else(unknown)?;
        let mut table = self.lock()?;
        // Keep expired challenges for a few lifetimes so that a late kiosk learns why.
        let forget_before = now - self.ttl * 4;
        table.all.purge(now, |c| c.expires_at >= forget_before);
        match table.all.map.get(&bytes) {
            Some(c) if c.kiosk_id != kiosk_id => return Err(unknown()),
            None => return Err(unknown()),
            Some(_) => {}
        }
        let Some(found) = table.all.map.remove(&bytes) else {
            return Err(unknown());
        };
        if let Some(held) = table.by_kiosk.get_mut(kiosk_id) {
            held.remove(&bytes);
        }
        if found.expires_at < now {
            return Err(Error::refused(
                ErrorCode::ExpiredChallenge,
                "the challenge has expired; ask for a new one",
            ));
        }
        Ok(bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stale_entries_are_dropped_at_most_once_a_second() {
        let t0 = OffsetDateTime::now_utc();
        let mut purged = Purged::<u32, OffsetDateTime>::default();
        purged.map.insert(1, t0 - Duration::SECOND);
        purged.purge(t0, |until| *until >= t0);
        assert!(purged.map.is_empty(), "the first purge runs");
        purged.map.insert(2, t0);
        let soon = t0 + Duration::milliseconds(500);
        purged.purge(soon, |until| *until >= soon);
        assert!(
            purged.map.contains_key(&2),
            "kept: purged less than a second ago"
        );
        let later = t0 + Duration::milliseconds(1500);
        purged.purge(later, |until| *until >= later);
        assert!(purged.map.is_empty());
    }
    use myna_protocol::device_key::DeviceKey;

    fn kiosk() -> (DeviceKey, KioskAuth) {
        let pkcs8 = ring::signature::Ed25519KeyPair::generate_pkcs8(&SystemRandom::new()).unwrap();
        let key = DeviceKey::from_pkcs8("k1", pkcs8.as_ref()).unwrap();
        let public = myna_protocol::device_key::parse_public_key(&key.public_key_base64()).unwrap();
        (key, KioskAuth::new(HashMap::from([("k1".into(), public)])))
    }

    fn headers(h: &myna_protocol::device_key::SignedHeaders) -> KioskHeaders {
        KioskHeaders::from(h.clone())
    }

    fn code(r: Result<String, Error>) -> ErrorCode {
        match r {
            Err(e) => e.code(),
            Ok(_) => panic!("accepted"),
        }
    }

    #[test]
    fn signature_time_and_replay() {
        let (key, auth) = kiosk();
        let now = OffsetDateTime::now_utc();
        let h = key.sign_request_at("POST", "/v1/challenge", b"", now);
        assert_eq!(
            auth.authenticate("POST", "/v1/challenge", &headers(&h), b"", now)
                .unwrap(),
            "k1"
        );
        let again = auth.authenticate("POST", "/v1/challenge", &headers(&h), b"", now);
        assert_eq!(code(again), ErrorCode::ReplayedRequest);
        let other_body = auth.authenticate("POST", "/v1/challenge", &headers(&h), b"x", now);
        assert_eq!(code(other_body), ErrorCode::BadKioskSignature);
        let old = key.sign_request_at("POST", "/v1/challenge", b"", now - Duration::seconds(31));
        let stale = auth.authenticate("POST", "/v1/challenge", &headers(&old), b"", now);
        assert_eq!(code(stale), ErrorCode::StaleRequest);
        let mut unknown = headers(&h);
        unknown.kiosk_id = Some("k2".into());
        let r = auth.authenticate("POST", "/v1/challenge", &unknown, b"", now);
        assert_eq!(code(r), ErrorCode::UnknownKiosk);
        let r = auth.authenticate("POST", "/v1/challenge", &KioskHeaders::default(), b"", now);
        assert_eq!(code(r), ErrorCode::BadRequest);
    }

    #[test]
    fn a_connection_that_proved_the_kiosk_key_needs_no_signature_for_that_kiosk_only() {
        let (key, auth) = kiosk();
        let now = OffsetDateTime::now_utc();
        let check = |kiosk: &str, tls_kiosk: Option<&str>, time: OffsetDateTime| {
            let unsigned = KioskHeaders {
                kiosk_id: Some(kiosk.into()),
                time: Some(myna_protocol::device_key::format_request_time(time)),
                signature: None,
                tls_kiosk: tls_kiosk.map(str::to_string),
            };
            auth.authenticate("POST", "/v1/challenge", &unsigned, b"", now)
        };
        assert_eq!(check("k1", Some("k1"), now).unwrap(), "k1");
        // The same request twice: TLS, not the replay cache, keeps a connection's bytes unique.
        assert_eq!(check("k1", Some("k1"), now).unwrap(), "k1");
        assert_eq!(code(check("k1", None, now)), ErrorCode::BadRequest);
        assert_eq!(code(check("k1", Some("k9"), now)), ErrorCode::BadRequest);
        let stale = now - Duration::seconds(31);
        assert_eq!(
            code(check("k1", Some("k1"), stale)),
            ErrorCode::StaleRequest
        );
        assert_eq!(code(check("k2", Some("k2"), now)), ErrorCode::UnknownKiosk);
        // Another kiosk's connection: this kiosk's signature is checked as usual.
        let mut signed = headers(&key.sign_request_at("POST", "/v1/challenge", b"", now));
        signed.tls_kiosk = Some("k9".into());
        let r = auth.authenticate("POST", "/v1/challenge", &signed, b"x", now);
        assert_eq!(code(r), ErrorCode::BadKioskSignature);
        let r = auth.authenticate("POST", "/v1/challenge", &signed, b"", now);
        assert_eq!(r.unwrap(), "k1");
        let public = auth.public_key("k1").unwrap();
        assert_eq!(auth.kiosk_with_key(&public), Some("k1".to_string()));
        assert_eq!(auth.kiosk_with_key(&[0; 32]), None);
        assert_eq!(auth.kiosk_with_key(&public[..31]), None);
    }

    #[test]
    fn challenges_are_single_use_bound_and_expire() {
        let challenges = Challenges::new(Duration::seconds(60), 64);
        let now = OffsetDateTime::now_utc();
        let c = challenges.issue("k1", now).unwrap();
        let code = |r: Result<[u8; 32], Error>| r.err().map(|e| e.code());
        assert_eq!(
            code(challenges.take("k2", &c.challenge, now)),
            Some(ErrorCode::UnknownChallenge)
        );
        assert_eq!(code(challenges.take("k1", &c.challenge, now)), None);
        assert_eq!(
            code(challenges.take("k1", &c.challenge, now)),
            Some(ErrorCode::UnknownChallenge)
        );
        let c = challenges.issue("k1", now).unwrap();
        let later = now + Duration::seconds(61);
        assert_eq!(
            code(challenges.take("k1", &c.challenge, later)),
            Some(ErrorCode::ExpiredChallenge)
        );
        assert_eq!(
            code(challenges.take("k1", "not base64!", now)),
            Some(ErrorCode::UnknownChallenge)
        );
    }

    #[test]
    fn each_kiosk_holds_at_most_its_cap_of_unanswered_challenges() {
        let challenges = Challenges::new(Duration::seconds(60), 3);
        let now = OffsetDateTime::now_utc();
        let held: Vec<_> = (0..3)
            .map(|_| challenges.issue("k1", now).unwrap().challenge)
            .collect();
        let refused = challenges.issue("k1", now).unwrap_err();
        assert_eq!(refused.code(), ErrorCode::RateLimited);
        // Another kiosk is not affected.
        assert!(challenges.issue("k2", now).is_ok());
        // Answering one frees its place.
        challenges.take("k1", &held[0], now).unwrap();
        assert!(challenges.issue("k1", now).is_ok());
        assert!(challenges.issue("k1", now).is_err());
        // Expired ones do not count (they are still known, to answer `expired_challenge`).
        let later = now + Duration::seconds(61);
        let fresh: Vec<_> = (0..3)
            .map(|_| challenges.issue("k1", later).unwrap().challenge)
            .collect();
        assert_eq!(fresh.len(), 3);
        assert_eq!(
            challenges.take("k1", &held[1], later).unwrap_err().code(),
            ErrorCode::ExpiredChallenge
        );
        assert!(challenges.issue("k1", later).is_err());
    }
}
