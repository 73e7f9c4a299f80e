//! The console's sessions: a random 256-bit id in a cookie (`HttpOnly; Secure; SameSite=Strict;
//! Path=/console`), the session itself only in this process's memory, so restarting the gateway
//! signs everyone out. Each session, signed in or not yet, has its own CSRF token that every
//! form carries and every POST must send back (the sign-in form too). A session left idle
//! longer than the configured time (`console_session_minutes`) is over; signing in starts a new
//! session id, so an id set before sign-in is worth nothing after it.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use ring::rand::{SecureRandom, SystemRandom};

use crate::Error;
use crate::staff::Role;

/// The session cookie's name (no `__Host-` prefix: that needs `Path=/`, and the cookie is kept
/// to `/console`).
pub const COOKIE: &str = "myna_console";
/// Sessions held at once; past it, the expired and then the oldest not signed in are dropped.
const MAX_SESSIONS: usize = 4096;

/// Who is signed in on a session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedIn {
    pub name: String,
    pub role: Role,
}

struct Session {
    member: Option<SignedIn>,
    csrf: String,
    last_seen: Instant,
}

/// What a request's cookie came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lookup {
    /// A live session (its idle time starts again now).
    Active {
        member: Option<SignedIn>,
        csrf: String,
    },
    /// It was there but idle too long (now removed); who was signed in, if anyone.
    Expired { member: Option<SignedIn> },
    /// No cookie, or one this process never made (or already forgot).
    Unknown,
}

pub struct Sessions {
    idle: Duration,
    sessions: Mutex<HashMap<String, Session>>,
    random: SystemRandom,
}

impl Sessions {
    pub fn new(idle: Duration) -> Self {
        Sessions {
            idle,
            sessions: Mutex::new(HashMap::new()),
            random: SystemRandom::new(),
        }
    }

    pub fn idle(&self) -> Duration {
        self.idle
    }

    /// 32 random bytes as 64 hex digits.
    fn token(&self) -> Result<String, Error> {
        let mut bytes = [0u8; 32];
        self.random
            .fill(&mut bytes)
            .map_err(|_| Error::Internal("no randomness for a session".into()))?;
        Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
    }

    fn lock(&self) -> Result<std::sync::MutexGuard<'_, HashMap<String, Session>>, Error> {
        self.sessions
            .lock()
            .map_err(|_| Error::Internal("console sessions lock poisoned".into()))
    }

    /// A new session (`member` signed in, or not yet): `(id, csrf)`.
    pub fn start(&self, member: Option<SignedIn>) -> Result<(String, String), Error> {
        let (id, csrf) = (self.token()?, self.token()?);
        let now = Instant::now();
        let mut sessions = self.lock()?;
        if sessions.len() >= MAX_SESSIONS {
            let idle = self.idle;
            sessions.retain(|_, s| now.duration_since(s.last_seen) <= idle);
        }
        if sessions.len() >= MAX_SESSIONS {
            let oldest = sessions
                .iter()
                .filter(|(_, s)| s.member.is_none())
                .min_by_key(|(_, s)| s.last_seen)
                .map(|(id, _)| id.clone());
            if let Some(oldest) = oldest {
                sessions.remove(&oldest);
            }
        }
        sessions.insert(
            id.clone(),
            Session {
                member,
                csrf: csrf.clone(),
                last_seen: now,
            },
        );
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
        let now = Instant::now();
        let mut sessions = self.lock()?;
        let Some(session) = sessions.get_mut(id) else {
            return Ok(Lookup::Unknown);
        };
        if now.duration_since(session.last_seen) > self.idle {
            let member = session.member.clone();
            if touch {
                sessions.remove(id);
            }
            return Ok(Lookup::Expired { member });
        }
        if touch {
            session.last_seen = now;
        }
        Ok(Lookup::Active {
            member: session.member.clone(),
            csrf: session.csrf.clone(),
        })
    }

    /// Ends a session (sign-out, or its id replaced at sign-in).
    pub fn end(&self, id: &str) -> Result<(), Error> {
        self.lock()?.remove(id);
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

    #[test]
    fn sessions_expire_when_idle_and_ids_are_random() {
        let sessions = Sessions::new(Duration::from_millis(200));
        let member = SignedIn {
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
