//! The console's sessions: a random 256-bit id in a cookie (`HttpOnly; Secure; SameSite=Strict;
//! Path=/console`), the session kept in the gateway's database (table `console_sessions`,
//! migration 8), so restarting the gateway signs no one out and a live page resumes by itself.
//! The table holds only the SHA-256 of the id: whoever reads the database (or a backup of it)
//! cannot present a cookie. Each session, signed in or not yet, has its own CSRF token that
//! every form carries and every POST must send back (the sign-in form too); it is kept as is,
//! because every page writes it into its forms, and alone it is worth nothing without the id.
//! A session left idle longer than the configured time (`console_session_minutes`, counted from
//! its last-seen time by the gateway's clock) is over; signing in starts a new session id, so an
//! id set before sign-in is worth nothing after it.

use std::sync::Arc;
use std::time::Duration;

use ring::digest::{SHA256, digest};
use ring::rand::{SecureRandom, SystemRandom};
use rusqlite::{OptionalExtension, TransactionBehavior, params};

use crate::Error;
use crate::clock::SharedClock;
use crate::staff::Role;
use crate::store::Store;

/// The session cookie's name (no `__Host-` prefix: that needs `Path=/`, and the cookie is kept
/// to `/console`).
pub const COOKIE: &str = "myna_console";
/// Sessions held at once; past it, the expired and then the oldest not signed in are dropped
/// (the sign-in page makes a session for anyone who asks).
const MAX_SESSIONS: i64 = 4096;
/// A session's last-seen time is written at most this often: every page, form and list refresh
/// looks its session up, and a write for each would serialise them all on the database's one
/// writer. A session may so end up to this much before its idle time is quite over.
const TOUCH_EVERY: Duration = Duration::from_secs(5);

/// Who is signed in on a session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    pub name: String,
    pub role: Role,
}

/// What a request's cookie came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lookup {
    /// A live session (its idle time starts again now).
    Active {
        member: Option<Member>,
        csrf: String,
    },
    /// It was there but idle too long (now removed); who was signed in, if anyone.
    Expired { member: Option<Member> },
    /// No cookie, or one the gateway never made (or already forgot).
    Unknown,
}

pub struct Sessions {
    idle: Duration,
    store: Arc<Store>,
    clock: SharedClock,
    random: SystemRandom,
}

/// A session id as the database knows it: the hex SHA-256 of the id.
fn id_hash(id: &str) -> String {
    hex(digest(&SHA256, id.as_bytes()).as_ref())
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn millis(duration: Duration) -> i64 {
    i64::try_from(duration.as_millis()).unwrap_or(i64::MAX)
}

impl Sessions {
    pub fn new(store: Arc<Store>, clock: SharedClock, idle: Duration) -> Self {
        Sessions {
            idle,
            store,
            clock,
            random: SystemRandom::new(),
        }
    }

    pub fn idle(&self) -> Duration {
        self.idle
    }

    /// Now by the gateway's clock, in Unix milliseconds.
    fn now_ms(&self) -> i64 {
        i64::try_from(self.clock.now_utc().unix_timestamp_nanos() / 1_000_000).unwrap_or(i64::MAX)
    }

    /// How stale a last-seen time may be before it is written again: [`TOUCH_EVERY`], or less
    /// for a short idle time (tests), so that a session in use never runs out.
    fn touch_every_ms(&self) -> i64 {
        millis(TOUCH_EVERY.min(self.idle / 10))
    }

    /// 32 random bytes as 64 hex digits.
    fn token(&self) -> Result<String, Error> {
        let mut bytes = [0u8; 32];
        self.random
            .fill(&mut bytes)
            .map_err(|_| Error::Internal("no randomness for a session".into()))?;
        Ok(hex(&bytes))
    }

    /// A new session (`member` signed in, or not yet): `(id, csrf)`.
    pub fn start(&self, member: Option<Member>) -> Result<(String, String), Error> {
        let (id, csrf) = (self.token()?, self.token()?);
        let now = self.now_ms();
        let mut conn = self.store.conn()?;
        // IMMEDIATE: it reads, then writes; a deferred one fails at once ("database is locked")
        // when another connection (the gateway, the `staff` command) wrote in between.
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let held: i64 = tx.query_row("SELECT count(*) FROM console_sessions", [], |r| r.get(0))?;
        if held >= MAX_SESSIONS {
            tx.execute(
                "DELETE FROM console_sessions WHERE last_seen_ms < ?1",
                params![now.saturating_sub(millis(self.idle))],
            )?;
            tx.execute(
                "DELETE FROM console_sessions WHERE id_sha256 IN (SELECT id_sha256
                     FROM console_sessions WHERE member IS NULL ORDER BY last_seen_ms LIMIT
                     max(0, (SELECT count(*) FROM console_sessions) - ?1 + 1))",
                params![MAX_SESSIONS],
            )?;
        }
        tx.execute(
            "INSERT INTO console_sessions (id_sha256, member, role, csrf, created_ms, last_seen_ms)
             VALUES (?1, ?2, ?3, ?4, ?5, ?5)",
            params![
                id_hash(&id),
                member.as_ref().map(|m| &m.name),
                member.as_ref().map(|m| m.role.code()),
                csrf,
                now
            ],
        )?;
        tx.commit()?;
        Ok((id, csrf))
    }

    /// The session of a cookie's id, touched.
    pub fn lookup(&self, id: Option<&str>) -> Result<Lookup, Error> {
        self.find(id, true)
    }

    /// The session of a cookie's id, not touched: for what the page does by itself (the case
    /// queue's live stream and its refreshes), which must not keep an unattended console signed
    /// in. An expired session stays for the next page to report and remove.
    pub fn peek(&self, id: Option<&str>) -> Result<Lookup, Error> {
        self.find(id, false)
    }

    fn find(&self, id: Option<&str>, touch: bool) -> Result<Lookup, Error> {
        let Some(id) = id else {
            return Ok(Lookup::Unknown);
        };
        let hash = id_hash(id);
        let now = self.now_ms();
        let conn = self.store.conn()?;
        let found = conn
            .query_row(
                "SELECT member, role, csrf, last_seen_ms FROM console_sessions
                 WHERE id_sha256 = ?1",
                params![hash],
                |r| {
                    Ok((
                        r.get::<_, Option<String>>(0)?,
                        r.get::<_, Option<String>>(1)?,
                        r.get::<_, String>(2)?,
                        r.get::<_, i64>(3)?,
                    ))
                },
            )
            .optional()?;
        let Some((name, role, csrf, last_seen)) = found else {
            return Ok(Lookup::Unknown);
        };
        let member = name.map(|name| Member {
            name,
            // Anything but the two codes reads as the lesser role, which then differs from the
            // member's own and ends the session (`Console::still_member`).
            role: role.and_then(|r| r.parse().ok()).unwrap_or(Role::Staff),
        });
        if now.saturating_sub(last_seen) > millis(self.idle) {
            if touch {
                conn.execute(
                    "DELETE FROM console_sessions WHERE id_sha256 = ?1",
                    params![hash],
                )?;
            }
            return Ok(Lookup::Expired { member });
        }
        if touch && now.saturating_sub(last_seen) >= self.touch_every_ms() {
            conn.execute(
                "UPDATE console_sessions SET last_seen_ms = ?2 WHERE id_sha256 = ?1",
                params![hash, now],
            )?;
        }
        Ok(Lookup::Active { member, csrf })
    }

    /// Ends a session (sign-out, or its id replaced at sign-in).
    pub fn end(&self, id: &str) -> Result<(), Error> {
        self.store.conn()?.execute(
            "DELETE FROM console_sessions WHERE id_sha256 = ?1",
            params![id_hash(id)],
        )?;
        Ok(())
    }
}

/// Whether a form's CSRF token is the session's. Every byte is compared whatever the first
/// difference (ring's own helper for this is deprecated); tokens have one fixed length, so the
/// early return on a length difference tells nothing.
pub fn csrf_matches(expected: &str, sent: Option<&str>) -> bool {
    sent.is_some_and(|sent| {
        expected.len() == sent.len()
            && expected
                .bytes()
                .zip(sent.bytes())
                .fold(0u8, |diff, (a, b)| diff | (a ^ b))
                == 0
    })
}

/// The value of cookie `name` in a `Cookie` header.
pub fn cookie<'a>(header: &'a str, name: &str) -> Option<&'a str> {
    header.split(';').find_map(|pair| {
        let (key, value) = pair.trim().split_once('=')?;
        (key == name).then_some(value)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Sessions on a new database in `dir`, with `idle` and the system's clock.
    fn sessions_in(dir: &tempfile::TempDir, idle: Duration) -> (Sessions, Arc<Store>) {
        let store = Arc::new(Store::open(&dir.path().join("gateway.db")).unwrap());
        (
            Sessions::new(store.clone(), crate::clock::system(), idle),
            store,
        )
    }

    #[test]
    fn sessions_expire_when_idle_and_ids_are_random() {
        let dir = tempfile::tempdir().unwrap();
        let (sessions, _) = sessions_in(&dir, Duration::from_millis(200));
        let member = Member {
            name: "sato".into(),
            role: Role::Staff,
        };
        let (id, csrf) = sessions.start(Some(member.clone())).unwrap();
        assert_eq!(id.len(), 64);
        assert_ne!(id, csrf);
        assert_ne!(id, sessions.start(None).unwrap().0);
        assert_eq!(
            sessions.lookup(Some(&id)).unwrap(),
            Lookup::Active {
                member: Some(member.clone()),
                csrf
            }
        );
        std::thread::sleep(Duration::from_millis(50));
        // Peeking does not keep it alive, and leaves an expired one for the next page.
        assert!(matches!(
            sessions.peek(Some(&id)).unwrap(),
            Lookup::Active { .. }
        ));
        std::thread::sleep(Duration::from_millis(200));
        assert_eq!(
            sessions.peek(Some(&id)).unwrap(),
            Lookup::Expired {
                member: Some(member.clone())
            }
        );
        assert_eq!(
            sessions.lookup(Some(&id)).unwrap(),
            Lookup::Expired {
                member: Some(member)
            }
        );
        assert_eq!(sessions.lookup(Some(&id)).unwrap(), Lookup::Unknown);
        assert_eq!(sessions.lookup(None).unwrap(), Lookup::Unknown);
    }

    #[test]
    fn the_database_holds_only_a_hash_of_the_id_and_sessions_outlive_the_process() {
        let dir = tempfile::tempdir().unwrap();
        let member = Member {
            name: "sato".into(),
            role: Role::Admin,
        };
        let (id, csrf) = {
            let (sessions, store) = sessions_in(&dir, Duration::from_secs(600));
            let started = sessions.start(Some(member.clone())).unwrap();
            let conn = store.conn().unwrap();
            let hashes: Vec<String> = conn
                .prepare("SELECT id_sha256 FROM console_sessions")
                .unwrap()
                .query_map([], |r| r.get(0))
                .unwrap()
                .collect::<Result<_, _>>()
                .unwrap();
            assert_eq!(hashes, vec![id_hash(&started.0)]);
            assert_ne!(hashes[0], started.0);
            drop(conn);
            started
        };
        // Nowhere in the file (nor its write-ahead log) is the id itself.
        for file in std::fs::read_dir(dir.path()).unwrap() {
            let bytes = std::fs::read(file.unwrap().path()).unwrap();
            assert!(
                !bytes.windows(id.len()).any(|w| w == id.as_bytes()),
                "the session id is in the database"
            );
        }
        // Another process on the same database (a restarted gateway) knows the session.
        let (sessions, _) = sessions_in(&dir, Duration::from_secs(600));
        assert_eq!(
            sessions.lookup(Some(&id)).unwrap(),
            Lookup::Active {
                member: Some(member),
                csrf
            }
        );
        sessions.end(&id).unwrap();
        assert_eq!(sessions.lookup(Some(&id)).unwrap(), Lookup::Unknown);
    }

    #[test]
    fn csrf_and_cookies() {
        assert!(csrf_matches("abc", Some("abc")));
        assert!(!csrf_matches("abc", Some("abd")));
        assert!(!csrf_matches("abc", Some("")));
        assert!(!csrf_matches("abc", None));
        let header = "other=1; myna_console=ff00; myna_console_lang=en";
        assert_eq!(cookie(header, COOKIE), Some("ff00"));
        assert_eq!(cookie(header, "myna_console_lang"), Some("en"));
        assert_eq!(cookie(header, "missing"), None);
    }
}
