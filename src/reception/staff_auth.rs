//! Staff PINs: stored only as PBKDF2-HMAC-SHA256 hashes (`pbkdf2-sha256$ITERATIONS$SALT$HASH`,
//! base64 without padding), checked in constant time, with a lock-out after repeated failures.

use std::num::NonZeroU32;
use std::time::Duration;

use base64::Engine;
use base64::engine::general_purpose::STANDARD_NO_PAD as B64;
use ring::pbkdf2;
use ring::rand::{SecureRandom, SystemRandom};
use time::OffsetDateTime;

use super::desk::{LoginResult, StaffPin};

/// OWASP's 2023 figure for PBKDF2-HMAC-SHA256; about a quarter of a second per check here,
/// paid once per sign-in.
pub const DEFAULT_ITERATIONS: u32 = 600_000;
const SCHEME: &str = "pbkdf2-sha256";
const SALT_LEN: usize = 16;
const HASH_LEN: usize = 32;

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum StaffAuthError {
    #[error("a staff PIN hash must look like pbkdf2-sha256$ITERATIONS$SALT$HASH")]
    BadHash,
    #[error("the system has no randomness for a salt")]
    NoRandom,
}

/// Hashes `pin` with a fresh random salt.
pub fn hash_pin(pin: &StaffPin, iterations: NonZeroU32) -> Result<String, StaffAuthError> {
    let mut salt = [0u8; SALT_LEN];
    SystemRandom::new()
        .fill(&mut salt)
        .map_err(|_| StaffAuthError::NoRandom)?;
    let mut hash = [0u8; HASH_LEN];
    pbkdf2::derive(
        pbkdf2::PBKDF2_HMAC_SHA256,
        iterations,
        &salt,
        pin.as_bytes(),
        &mut hash,
    );
    Ok(format!(
        "{SCHEME}${iterations}${}${}",
        B64.encode(salt),
        B64.encode(hash)
    ))
}

/// Whether `pin` matches `encoded` (a [`hash_pin`] string).
pub fn verify_pin(pin: &StaffPin, encoded: &str) -> Result<bool, StaffAuthError> {
    let mut parts = encoded.split('$');
    let (Some(SCHEME), Some(iterations), Some(salt), Some(hash), None) = (
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
    ) else {
        return Err(StaffAuthError::BadHash);
    };
    let iterations = iterations
        .parse::<NonZeroU32>()
        .map_err(|_| StaffAuthError::BadHash)?;
    let salt = B64.decode(salt).map_err(|_| StaffAuthError::BadHash)?;
    let hash = B64.decode(hash).map_err(|_| StaffAuthError::BadHash)?;
    if salt.is_empty() || hash.len() != HASH_LEN {
        return Err(StaffAuthError::BadHash);
    }
    Ok(pbkdf2::verify(
        pbkdf2::PBKDF2_HMAC_SHA256,
        iterations,
        &salt,
        pin.as_bytes(),
        &hash,
    )
    .is_ok())
}

/// A member's wrong PINs in a row and, once too many, the end of the lock-out. Kept in the
/// store ([`crate::store::Store::staff_lock_state`]), so that restarting the kiosk does not
/// clear a lock-out. Wall-clock time: a clock set back makes a lock-out longer, never shorter
/// than the clock says.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LockState {
    pub failures: u32,
    pub locked_until: Option<OffsetDateTime>,
}

/// `max_failures` wrong PINs in a row lock a member out for `lockout` (every failure is also
/// in the audit log).
#[derive(Debug, Clone, Copy)]
pub struct LockOut {
    max_failures: u32,
    lockout: Duration,
}

impl LockOut {
    pub fn new(max_failures: u32, lockout: Duration) -> Self {
        LockOut {
            max_failures: max_failures.max(1),
            lockout,
        }
    }

    /// `Some(LockedOut)` while the member may not try; a lock-out that is over starts a fresh
    /// count.
    pub fn check(&self, state: &mut LockState, now: OffsetDateTime) -> Option<LoginResult> {
        match state.locked_until {
            Some(until) if until > now => {
                let secs = u64::try_from((until - now).whole_seconds())
                    .unwrap_or(0)
                    .max(1);
                Some(LoginResult::LockedOut {
                    minutes: u32::try_from(secs.div_ceil(60)).unwrap_or(u32::MAX),
                })
            }
            Some(_) => {
                *state = LockState::default();
                None
            }
            None => None,
        }
    }

    /// Records the outcome of one check and says what the screen should show.
    pub fn record(&self, state: &mut LockState, matched: bool, now: OffsetDateTime) -> LoginResult {
        if matched {
            *state = LockState::default();
            return LoginResult::Accepted;
        }
        state.failures = state.failures.saturating_add(1);
        if state.failures >= self.max_failures {
            state.locked_until = Some(now + self.lockout);
            return LoginResult::LockedOut {
                minutes: u32::try_from(self.lockout.as_secs().div_ceil(60)).unwrap_or(u32::MAX),
            };
        }
        LoginResult::Wrong {
            tries_left: self.max_failures - state.failures,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pin(text: &str) -> StaffPin {
        StaffPin::parse(text).unwrap()
    }

    #[test]
    fn hash_and_verify() {
        let iterations = NonZeroU32::new(1000).unwrap();
        let encoded = hash_pin(&pin("246810"), iterations).unwrap();
        assert!(encoded.starts_with("pbkdf2-sha256$1000$"));
        assert!(!encoded.contains("246810"));
        assert_eq!(verify_pin(&pin("246810"), &encoded), Ok(true));
        assert_eq!(verify_pin(&pin("246811"), &encoded), Ok(false));
        // A fresh salt each time.
        assert_ne!(encoded, hash_pin(&pin("246810"), iterations).unwrap());
        for bad in [
            "",
            "pbkdf2-sha256$1000$abc",
            "sha1$1000$AAAA$AAAA",
            "pbkdf2-sha256$0$AAAAAAAAAAAAAAAAAAAAAA$AAAA",
            "pbkdf2-sha256$1000$$AAAA",
            &format!("{encoded}$x"),
        ] {
            assert_eq!(
                verify_pin(&pin("246810"), bad),
                Err(StaffAuthError::BadHash),
                "{bad}"
            );
        }
    }

    #[test]
    fn lock_out_after_failures_and_release_after_the_time() {
        let lock = LockOut::new(3, Duration::from_secs(300));
        let t0 = OffsetDateTime::now_utc();
        let at = |secs: i64| t0 + time::Duration::seconds(secs);
        let mut suzuki = LockState::default();
        assert_eq!(lock.check(&mut suzuki, t0), None);
        assert_eq!(
            lock.record(&mut suzuki, false, t0),
            LoginResult::Wrong { tries_left: 2 }
        );
        assert_eq!(
            lock.record(&mut suzuki, false, t0),
            LoginResult::Wrong { tries_left: 1 }
        );
        assert_eq!(
            lock.record(&mut suzuki, false, t0),
            LoginResult::LockedOut { minutes: 5 }
        );
        assert_eq!(
            lock.check(&mut suzuki, at(61)),
            Some(LoginResult::LockedOut { minutes: 4 })
        );
        assert_eq!(lock.check(&mut suzuki, at(301)), None);
        assert_eq!(suzuki, LockState::default(), "a fresh count");
        assert_eq!(
            lock.record(&mut suzuki, false, at(302)),
            LoginResult::Wrong { tries_left: 2 }
        );
        // A success resets the count.
        assert_eq!(
            lock.record(&mut suzuki, true, at(303)),
            LoginResult::Accepted
        );
        assert_eq!(
            lock.record(&mut suzuki, false, at(304)),
            LoginResult::Wrong { tries_left: 2 }
        );
    }
}
