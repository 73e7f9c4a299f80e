//! The staff console's members: who may sign in (`myna-gateway staff add|remove|list|unlock`),
//! with which [`Role`], their secret's hash and their lock-out ([`LockOut`]); the SQL is in
//! [`members`], the audit of every sign-in and action too.
//!
//! A secret is a PIN of 6 to 12 digits, the kiosk desk's rule (`StaffPin` in the kiosk), or a
//! password of 12 to 128 characters; a PIN of one repeated digit or a straight run (123456,
//! 987654) is refused, which the desk does not, so the console asks at least as much.
//! It is kept only as `pbkdf2-sha256$ITERATIONS$SALT$HASH` (base64 without padding).
//! The kiosk also peppers its hash with a key from `data.key`; the gateway has no such key,
//! so its hashes are plain salted PBKDF2 in a database file of mode 0600.

pub mod members;

use std::num::NonZeroU32;
use std::time::Duration;

use base64::Engine;
use base64::engine::general_purpose::STANDARD_NO_PAD as B64;
use ring::pbkdf2;
use ring::rand::{SecureRandom, SystemRandom};
use time::OffsetDateTime;
use zeroize::Zeroizing;

use super::Error;

pub use members::{AuditOutcome, Member};

/// PBKDF2-HMAC-SHA256 iterations: OWASP's Password Storage Cheat Sheet figure (600 000, 2023)
/// for this function, the same as the kiosk desk; about a quarter of a second a check on a
/// clinic PC, paid once per sign-in. Each hash carries its own count, so it can be raised later.
pub const DEFAULT_ITERATIONS: u32 = 600_000;
/// 128-bit random salts (NIST SP 800-132 asks at least 128 bits), from the system's CSPRNG.
pub const SALT_LEN: usize = 16;
pub const HASH_LEN: usize = 32;
const SCHEME: &str = "pbkdf2-sha256";

pub const PIN_MIN: usize = 6;
pub const PIN_MAX: usize = 12;
pub const PASSWORD_MIN: usize = 12;
pub const PASSWORD_MAX: usize = 128;

/// What a member may do. Only an admin's unlock (`myna-gateway staff unlock`) frees a member
/// locked out for good.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Staff,
    Admin,
}

impl Role {
    pub fn code(self) -> &'static str {
        match self {
            Role::Staff => "staff",
            Role::Admin => "admin",
        }
    }
}

impl std::str::FromStr for Role {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "staff" => Ok(Role::Staff),
            "admin" => Ok(Role::Admin),
            _ => Err(format!("a role is `staff` or `admin`, not {s:?}")),
        }
    }
}

/// A member's name: 1 to 32 characters, none a control character or a space at either end
/// (it is typed at sign-in and shown in the audit).
pub fn check_name(name: &str) -> Result<(), Error> {
    let count = name.chars().count();
    if count == 0 || count > 32 || name.chars().any(char::is_control) || name.trim() != name {
        return Err(Error::Usage(
            "a staff name has 1 to 32 characters, no control characters, no spaces at either end"
                .into(),
        ));
    }
    Ok(())
}

/// A typed password or PIN, wiped from memory when dropped.
pub struct Secret(Zeroizing<String>);

impl Secret {
    pub fn new(text: String) -> Self {
        Secret(Zeroizing::new(text))
    }

    /// Whether it may be set as a member's secret (see the module's rule); the error says why
    /// not, never echoing it.
    pub fn check_strength(&self) -> Result<(), Error> {
        let text = self.0.as_str();
        if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) && text.len() <= PIN_MAX {
            if text.len() < PIN_MIN {
                return Err(Error::Usage(format!(
                    "a PIN has {PIN_MIN} to {PIN_MAX} digits (or use a password of {PASSWORD_MIN} characters or more)"
                )));
            }
            if is_trivial_pin(text.as_bytes()) {
                return Err(Error::Usage(
                    "this PIN is too easy to guess (one digit repeated, or a straight run): choose another".into(),
                ));
            }
            return Ok(());
        }
        let count = text.chars().count();
        if !(PASSWORD_MIN..=PASSWORD_MAX).contains(&count) {
            return Err(Error::Usage(format!(
                "a password has {PASSWORD_MIN} to {PASSWORD_MAX} characters (or use a PIN of {PIN_MIN} to {PIN_MAX} digits)"
            )));
        }
        if text.chars().any(char::is_control) {
            return Err(Error::Usage("a password has no control characters".into()));
        }
        Ok(())
    }

    fn as_bytes(&self) -> &[u8] {
        self.0.as_bytes()
    }

    /// Whether two entries are the same (the "type it again" check).
    pub fn same_as(&self, other: &Secret) -> bool {
        *self.0 == *other.0
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(..)")
    }
}

/// One digit repeated (000000) or a straight run up or down (123456, 987654).
fn is_trivial_pin(digits: &[u8]) -> bool {
    let steps: Vec<i16> = digits
        .windows(2)
        .map(|w| i16::from(w[1]) - i16::from(w[0]))
        .collect();
    steps.iter().all(|&s| s == 0) || steps.iter().all(|&s| s == 1) || steps.iter().all(|&s| s == -1)
}

/// Hashes `secret` with a fresh random salt.
pub fn hash_secret(secret: &Secret, iterations: NonZeroU32) -> Result<String, Error> {
    let mut salt = [0u8; SALT_LEN];
    SystemRandom::new()
        .fill(&mut salt)
        .map_err(|_| Error::Internal("the system has no randomness for a salt".into()))?;
    let mut hash = Zeroizing::new([0u8; HASH_LEN]);
    pbkdf2::derive(
        pbkdf2::PBKDF2_HMAC_SHA256,
        iterations,
        &salt,
        secret.as_bytes(),
        &mut hash[..],
    );
    Ok(format!(
        "{SCHEME}${iterations}${}${}",
        B64.encode(salt),
        B64.encode(&hash[..])
    ))
}

/// Whether `secret` matches `encoded` (ring compares in constant time). A malformed hash is an
/// error, never a match.
pub fn verify_secret(secret: &Secret, encoded: &str) -> Result<bool, Error> {
    let bad = || Error::Internal("a staff member's hash is malformed".into());
    let mut parts = encoded.split('$');
    let (Some(SCHEME), Some(iterations), Some(salt), Some(hash), None) = (
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
    ) else {
        return Err(bad());
    };
    let iterations = iterations.parse::<NonZeroU32>().map_err(|_| bad())?;
    let salt = B64.decode(salt).map_err(|_| bad())?;
    let hash = B64.decode(hash).map_err(|_| bad())?;
    if salt.is_empty() || hash.len() != HASH_LEN {
        return Err(bad());
    }
    Ok(pbkdf2::verify(
        pbkdf2::PBKDF2_HMAC_SHA256,
        iterations,
        &salt,
        secret.as_bytes(),
        &hash,
    )
    .is_ok())
}

/// A member's wrong secrets in a row, lock-outs in a row, and the end of the current lock-out
/// or that only an admin may unlock. Wall-clock time, kept in the database: a restart clears
/// nothing.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LockState {
    pub failures: u32,
    pub lockouts: u32,
    pub locked_until: Option<OffsetDateTime>,
    pub needs_admin: bool,
}

/// What one sign-in attempt came to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Attempt {
    Accepted,
    Wrong,
    /// Locked out for this many more seconds (rounded up to minutes on the page).
    LockedOut {
        seconds: u64,
    },
    /// Locked out until an admin unlocks.
    NeedsAdmin,
}

/// The kiosk desk's rule, with its defaults (`[staff]` of kiosk.toml: 5 failures, 5 minutes,
/// 3 lock-outs): `max_failures` wrong secrets in a row lock a member out for `lockout`, the
/// next time for twice as long, then four times…; the `max_lockouts`-th lock-out in a row lasts
/// until an admin unlocks.
#[derive(Debug, Clone, Copy)]
pub struct LockOut {
    pub max_failures: u32,
    pub lockout: Duration,
    pub max_lockouts: u32,
}

impl Default for LockOut {
    fn default() -> Self {
        LockOut {
            max_failures: 5,
            lockout: Duration::from_secs(5 * 60),
            max_lockouts: 3,
        }
    }
}

impl LockOut {
    /// How long the `n`-th lock-out in a row lasts (1-based): `lockout × 2^(n-1)`.
    pub fn duration(&self, n: u32) -> Duration {
        let factor = 1u32.checked_shl(n.saturating_sub(1)).unwrap_or(u32::MAX);
        self.lockout.saturating_mul(factor)
    }

    /// `Some` while the member may not try (the secret is then not even checked); a lock-out
    /// that is over starts a fresh count of failures (the lock-outs in a row are kept).
    pub fn check(&self, state: &mut LockState, now: OffsetDateTime) -> Option<Attempt> {
        if state.needs_admin {
            return Some(Attempt::NeedsAdmin);
        }
        match state.locked_until {
            Some(until) if until > now => Some(Attempt::LockedOut {
                seconds: u64::try_from((until - now).whole_seconds())
                    .unwrap_or(0)
                    .max(1),
            }),
            Some(_) => {
                state.failures = 0;
                state.locked_until = None;
                None
            }
            None => None,
        }
    }

    /// Records the outcome of one check.
    pub fn record(&self, state: &mut LockState, matched: bool, now: OffsetDateTime) -> Attempt {
        if matched {
            *state = LockState::default();
            return Attempt::Accepted;
        }
        state.failures = state.failures.saturating_add(1);
        if state.failures < self.max_failures {
            return Attempt::Wrong;
        }
        state.failures = 0;
        state.lockouts = state.lockouts.saturating_add(1);
        if state.lockouts >= self.max_lockouts {
            state.locked_until = None;
            state.needs_admin = true;
            return Attempt::NeedsAdmin;
        }
        let lockout = self.duration(state.lockouts);
        state.locked_until = Some(now + lockout);
        Attempt::LockedOut {
            seconds: lockout.as_secs().max(1),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secret(text: &str) -> Secret {
        Secret::new(text.into())
    }

    #[test]
    fn hash_and_verify() {
        let iterations = NonZeroU32::new(1000).unwrap();
        let encoded = hash_secret(&secret("246810"), iterations).unwrap();
        assert!(encoded.starts_with("pbkdf2-sha256$1000$"));
        assert!(!encoded.contains("246810"));
        assert!(verify_secret(&secret("246810"), &encoded).unwrap());
        assert!(!verify_secret(&secret("246811"), &encoded).unwrap());
        assert_ne!(encoded, hash_secret(&secret("246810"), iterations).unwrap());
        for bad in [
            "",
            "pbkdf2-sha256$1000$abc",
            "sha1$1000$AAAA$AAAA",
            "pbkdf2-sha256$0$AAAAAAAAAAAAAAAAAAAAAA$AAAA",
            &format!("{encoded}$x"),
        ] {
            assert!(verify_secret(&secret("246810"), bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn strength_is_at_least_the_desks() {
        for ok in [
            "246810",
            "135792468024",
            "correct horse battery",
            "ＰＡＳＳワード１２３４５６",
        ] {
            assert!(secret(ok).check_strength().is_ok(), "{ok}");
        }
        for weak in [
            "",
            "12345",
            "24681",
            "111111",
            "123456",
            "987654",
            "0123456789",
            "short pass",
            "tab\there1234",
        ] {
            assert!(secret(weak).check_strength().is_err(), "{weak:?}");
        }
        assert!(secret(&"x".repeat(129)).check_strength().is_err());
    }

    #[test]
    fn lock_out_escalates_then_needs_an_admin() {
        let policy = LockOut {
            max_failures: 2,
            lockout: Duration::from_secs(60),
            max_lockouts: 3,
        };
        let mut state = LockState::default();
        let t0 = OffsetDateTime::UNIX_EPOCH;
        assert_eq!(policy.record(&mut state, false, t0), Attempt::Wrong);
        assert_eq!(
            policy.record(&mut state, false, t0),
            Attempt::LockedOut { seconds: 60 }
        );
        assert!(policy.check(&mut state, t0).is_some());
        let t1 = t0 + Duration::from_secs(61);
        assert_eq!(policy.check(&mut state, t1), None);
        assert_eq!(policy.record(&mut state, false, t1), Attempt::Wrong);
        assert_eq!(
            policy.record(&mut state, false, t1),
            Attempt::LockedOut { seconds: 120 }
        );
        let t2 = t1 + Duration::from_secs(121);
        assert_eq!(policy.check(&mut state, t2), None);
        policy.record(&mut state, false, t2);
        assert_eq!(policy.record(&mut state, false, t2), Attempt::NeedsAdmin);
        assert_eq!(
            policy.check(&mut state, t2 + Duration::from_secs(86_400)),
            Some(Attempt::NeedsAdmin)
        );
        // A success clears everything.
        let mut state = LockState {
            failures: 1,
            lockouts: 1,
            ..LockState::default()
        };
        assert_eq!(policy.record(&mut state, true, t2), Attempt::Accepted);
        assert_eq!(state, LockState::default());
    }
}
