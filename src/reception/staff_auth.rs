//! Staff PINs: stored only as peppered PBKDF2-HMAC-SHA256 hashes
//! (`pbkdf2-sha256-pepper$ITERATIONS$SALT$TAG`, base64 without padding, where
//! `TAG = HMAC(pepper, PBKDF2(PIN, SALT))` and the pepper is derived from `data.key` and never
//! stored: [`crate::store::seal::Pepper`]), checked in constant time, with a lock-out that grows
//! with each lock-out in a row until only an admin can unlock the member. Members have a
//! [`Role`]. The hash format and what the store keeps of a member: `store::staff_credentials`.
//!
//! Hashes written before the pepper (`pbkdf2-sha256$ITERATIONS$SALT$HASH`) are peppered in place
//! when the store is first opened with this version ([`pepper_legacy`]): `HMAC(pepper, HASH)` is
//! exactly the new tag of the same PIN, so no PIN is needed, nobody is locked out, and no
//! unpeppered hash is left waiting for its member's next sign-in.

use std::num::NonZeroU32;
use std::time::Duration;

use ring::pbkdf2;
use ring::rand::{SecureRandom, SystemRandom};
use time::OffsetDateTime;
use zeroize::Zeroizing;

use super::desk::{LoginResult, StaffPin};
use crate::store::seal::Pepper;
use crate::store::staff_credentials::{HASH_LEN, PEPPER_CONTEXT, SALT_LEN, SCHEME, encode, parse};
pub use crate::store::staff_credentials::{LockState, Role, StaffAuthError, pepper_legacy};

/// OWASP's 2023 figure for PBKDF2-HMAC-SHA256; about a quarter of a second per check here,
/// paid once per sign-in.
pub const DEFAULT_ITERATIONS: u32 = 600_000;
fn derive(pin: &StaffPin, iterations: NonZeroU32, salt: &[u8]) -> Zeroizing<[u8; HASH_LEN]> {
    let mut hash = Zeroizing::new([0u8; HASH_LEN]);
    pbkdf2::derive(
        pbkdf2::PBKDF2_HMAC_SHA256,
        iterations,
        salt,
        pin.as_bytes(),
        &mut hash[..],
    );
    hash
}

/// Hashes `pin` with a fresh random salt, peppered.
pub fn hash_pin(
    pin: &StaffPin,
    iterations: NonZeroU32,
    pepper: &Pepper,
) -> Result<String, StaffAuthError> {
    let mut salt = [0u8; SALT_LEN];
    SystemRandom::new()
        .fill(&mut salt)
        .map_err(|_| StaffAuthError::NoRandom)?;
    let hash = derive(pin, iterations, &salt);
    Ok(encode(
        iterations,
        &salt,
        &pepper.tag(PEPPER_CONTEXT, &hash[..]),
    ))
}

/// Whether `pin` matches `encoded` (a [`hash_pin`] string made with the same pepper).
pub fn verify_pin(pin: &StaffPin, encoded: &str, pepper: &Pepper) -> Result<bool, StaffAuthError> {
    let (SCHEME, iterations, salt, tag) = parse(encoded)? else {
        return Err(StaffAuthError::BadHash);
    };
    let hash = derive(pin, iterations, &salt);
    Ok(pepper.verify(PEPPER_CONTEXT, &hash[..], &tag))
}

/// `max_failures` wrong PINs in a row lock a member out for `lockout`, the next time for twice
/// as long, then four times…; the `max_lockouts`-th lock-out in a row lasts until an admin
/// unlocks (every failure is also in the audit log).
#[derive(Debug, Clone, Copy)]
pub struct LockOut {
    max_failures: u32,
    lockout: Duration,
    max_lockouts: u32,
}

impl LockOut {
    pub fn new(max_failures: u32, lockout: Duration, max_lockouts: u32) -> Self {
        LockOut {
            max_failures: max_failures.max(1),
            lockout,
            max_lockouts: max_lockouts.max(1),
        }
    }

    /// How long the `n`-th lock-out in a row lasts (1-based): `lockout × 2^(n-1)`.
    pub fn duration(&self, n: u32) -> Duration {
        let factor = 1u32.checked_shl(n.saturating_sub(1)).unwrap_or(u32::MAX);
        self.lockout.saturating_mul(factor)
    }

    /// `Some(LockedOut | NeedsAdmin)` while the member may not try; a lock-out that is over
    /// starts a fresh count of failures (the lock-outs in a row are kept).
    pub fn check(&self, state: &mut LockState, now: OffsetDateTime) -> Option<LoginResult> {
        if state.needs_admin {
            return Some(LoginResult::NeedsAdmin);
        }
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
                state.failures = 0;
                state.locked_until = None;
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
        if state.failures < self.max_failures {
            return LoginResult::Wrong {
                tries_left: self.max_failures - state.failures,
            };
        }
        state.failures = 0;
        state.lockouts = state.lockouts.saturating_add(1);
        if state.lockouts >= self.max_lockouts {
            state.locked_until = None;
            state.needs_admin = true;
            return LoginResult::NeedsAdmin;
        }
        let lockout = self.duration(state.lockouts);
        state.locked_until = Some(now + lockout);
        LoginResult::LockedOut {
            minutes: u32::try_from(lockout.as_secs().div_ceil(60)).unwrap_or(u32::MAX),
        }
    }
}

#[cfg(test)]
mod tests {
    use base64::Engine;
    use base64::engine::general_purpose::STANDARD_NO_PAD as B64;

    use super::*;
    use crate::store::seal::Sealer;

    fn pin(text: &str) -> StaffPin {
        StaffPin::parse(text).unwrap()
    }

    fn sealer(byte: u8) -> Sealer {
        Sealer::new(&Zeroizing::new(
            [byte; crate::eligibility::device_key::DATA_KEY_LEN],
        ))
        .unwrap()
    }

    #[test]
    fn hash_and_verify() {
        let iterations = NonZeroU32::new(1000).unwrap();
        let sealer = sealer(1);
        let pepper = sealer.pepper();
        let encoded = hash_pin(&pin("246810"), iterations, pepper).unwrap();
        assert!(encoded.starts_with("pbkdf2-sha256-pepper$1000$"));
        assert!(!encoded.contains("246810"));
        assert_eq!(verify_pin(&pin("246810"), &encoded, pepper), Ok(true));
        assert_eq!(verify_pin(&pin("246811"), &encoded, pepper), Ok(false));
        // A fresh salt each time.
        assert_ne!(
            encoded,
            hash_pin(&pin("246810"), iterations, pepper).unwrap()
        );
        for bad in [
            "",
            "pbkdf2-sha256-pepper$1000$abc",
            "sha1$1000$AAAA$AAAA",
            "pbkdf2-sha256-pepper$0$AAAAAAAAAAAAAAAAAAAAAA$AAAA",
            "pbkdf2-sha256-pepper$1000$$AAAA",
            &format!("{encoded}$x"),
        ] {
            assert_eq!(
                verify_pin(&pin("246810"), bad, pepper),
                Err(StaffAuthError::BadHash),
                "{bad}"
            );
        }
    }

    /// Without the data key the hash cannot be searched: the same PIN and salt under another
    /// pepper does not match, and the plain PBKDF2 of the PIN is not in the hash.
    #[test]
    fn the_pepper_is_needed_to_check_a_pin() {
        let iterations = NonZeroU32::new(1000).unwrap();
        let (ours, theirs) = (sealer(1), sealer(2));
        let encoded = hash_pin(&pin("246810"), iterations, ours.pepper()).unwrap();
        assert_eq!(
            verify_pin(&pin("246810"), &encoded, theirs.pepper()),
            Ok(false)
        );
        let (_, _, salt, tag) = parse(&encoded).unwrap();
        assert_ne!(&derive(&pin("246810"), iterations, &salt)[..], &tag[..]);
    }

    /// A hash made before the pepper is peppered in place and still takes the same PIN.
    #[test]
    fn legacy_hashes_are_peppered_without_the_pin() {
        let iterations = NonZeroU32::new(1000).unwrap();
        let sealer = sealer(1);
        let salt = [7u8; SALT_LEN];
        let hash = derive(&pin("246810"), iterations, &salt);
        let legacy = format!(
            "pbkdf2-sha256$1000${}${}",
            B64.encode(salt),
            B64.encode(&hash[..])
        );
        assert_eq!(
            verify_pin(&pin("246810"), &legacy, sealer.pepper()),
            Err(StaffAuthError::BadHash),
            "an unpeppered hash is never taken"
        );
        let peppered = pepper_legacy(&legacy, sealer.pepper()).unwrap();
        assert!(peppered.starts_with("pbkdf2-sha256-pepper$1000$"));
        assert_eq!(
            verify_pin(&pin("246810"), &peppered, sealer.pepper()),
            Ok(true)
        );
        assert_eq!(
            verify_pin(&pin("246811"), &peppered, sealer.pepper()),
            Ok(false)
        );
        assert_eq!(pepper_legacy(&peppered, sealer.pepper()).unwrap(), peppered);
    }

    #[test]
    fn roles() {
        assert_eq!("admin".parse(), Ok(Role::Admin));
        assert_eq!("staff".parse(), Ok(Role::Staff));
        assert_eq!("root".parse::<Role>(), Err(StaffAuthError::BadRole));
        assert_eq!(Role::default(), Role::Staff);
    }

    #[test]
    fn lock_out_after_failures_and_release_after_the_time() {
        let lock = LockOut::new(3, Duration::from_secs(300), 3);
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
        assert_eq!(suzuki.failures, 0, "a fresh count");
        assert_eq!(suzuki.lockouts, 1, "the lock-out is remembered");
        assert_eq!(
            lock.record(&mut suzuki, false, at(302)),
            LoginResult::Wrong { tries_left: 2 }
        );
        // A success resets everything.
        assert_eq!(
            lock.record(&mut suzuki, true, at(303)),
            LoginResult::Accepted
        );
        assert_eq!(suzuki, LockState::default());
        assert_eq!(
            lock.record(&mut suzuki, false, at(304)),
            LoginResult::Wrong { tries_left: 2 }
        );
    }

    #[test]
    fn lock_outs_grow_and_the_last_one_needs_an_admin() {
        let lock = LockOut::new(2, Duration::from_secs(300), 3);
        let mut t = OffsetDateTime::now_utc();
        let mut sato = LockState::default();
        let lock_out = |sato: &mut LockState, t: OffsetDateTime| {
            assert_eq!(lock.check(sato, t), None);
            assert_eq!(
                lock.record(sato, false, t),
                LoginResult::Wrong { tries_left: 1 }
            );
            lock.record(sato, false, t)
        };
        assert_eq!(
            lock_out(&mut sato, t),
            LoginResult::LockedOut { minutes: 5 }
        );
        t += time::Duration::minutes(5);
        assert_eq!(
            lock_out(&mut sato, t),
            LoginResult::LockedOut { minutes: 10 }
        );
        assert_eq!(
            lock.check(&mut sato, t + time::Duration::minutes(9)),
            Some(LoginResult::LockedOut { minutes: 1 })
        );
        t += time::Duration::minutes(10);
        assert_eq!(lock_out(&mut sato, t), LoginResult::NeedsAdmin);
        // No time ends it; the right PIN is not even checked.
        assert_eq!(
            lock.check(&mut sato, t + time::Duration::days(365)),
            Some(LoginResult::NeedsAdmin)
        );
        assert!(sato.needs_admin && sato.locked_until.is_none());
        assert_eq!(
            lock.duration(40),
            Duration::from_secs(300).saturating_mul(u32::MAX)
        );
    }
}
