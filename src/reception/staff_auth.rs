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

use myna_protocol::staff::HashParts;
use ring::pbkdf2;
use ring::rand::{SecureRandom, SystemRandom};
use zeroize::Zeroizing;

use super::desk::{LoginResult, StaffPin};
use crate::store::seal::Pepper;
use crate::store::staff_credentials::{HASH_LEN, PEPPER_CONTEXT, SALT_LEN, SCHEME, encode, parse};
pub use crate::store::staff_credentials::{LockState, Role, StaffAuthError, pepper_legacy};
/// The lock-out policy the gateway's console keeps too; [`login_result`] puts its answer in the
/// desk's words.
pub use myna_protocol::staff::{Attempt, LockOut};

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
    let HashParts {
        scheme: SCHEME,
        iterations,
        salt,
        hash: tag,
    } = parse(encoded)?
    else {
        return Err(StaffAuthError::BadHash);
    };
    let hash = derive(pin, iterations, &salt);
    Ok(pepper.verify(PEPPER_CONTEXT, &hash[..], &tag))
}

/// What the desk shows for an attempt: after a wrong PIN, the tries left before the lock-out
/// (from the member's `state` as recorded); a lock-out in minutes, rounded up (every failure is
/// also in the audit log).
pub fn login_result(attempt: Attempt, lock_out: &LockOut, state: &LockState) -> LoginResult {
    match attempt {
        Attempt::Accepted => LoginResult::Accepted,
        Attempt::Wrong => LoginResult::Wrong {
            tries_left: lock_out.tries_left(state),
        },
        Attempt::LockedOut { seconds } => LoginResult::LockedOut {
            minutes: u32::try_from(seconds.div_ceil(60)).unwrap_or(u32::MAX),
        },
        Attempt::NeedsAdmin => LoginResult::NeedsAdmin,
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use base64::Engine;
    use base64::engine::general_purpose::STANDARD_NO_PAD as B64;
    use time::OffsetDateTime;

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
        let parts = parse(&encoded).unwrap();
        assert_ne!(
            &derive(&pin("246810"), iterations, &parts.salt)[..],
            &parts.hash[..]
        );
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

    /// The shared lock-out's answers in the desk's words: the same rule as before it was
    /// shared (`myna_protocol::staff` tests the rule itself).
    #[test]
    fn attempts_in_the_desks_words() {
        let lock = LockOut::new(3, Duration::from_secs(300), 3);
        let t0 = OffsetDateTime::now_utc();
        let mut suzuki = LockState::default();
        let mut wrong = |t| {
            let attempt = lock.record(&mut suzuki, false, t);
            login_result(attempt, &lock, &suzuki)
        };
        assert_eq!(wrong(t0), LoginResult::Wrong { tries_left: 2 });
        assert_eq!(wrong(t0), LoginResult::Wrong { tries_left: 1 });
        assert_eq!(wrong(t0), LoginResult::LockedOut { minutes: 5 });
        let locked = |suzuki: &mut LockState, secs| {
            lock.check(suzuki, t0 + time::Duration::seconds(secs))
                .map(|attempt| login_result(attempt, &lock, suzuki))
        };
        assert_eq!(
            locked(&mut suzuki, 61),
            Some(LoginResult::LockedOut { minutes: 4 })
        );
        assert_eq!(
            locked(&mut suzuki, 299),
            Some(LoginResult::LockedOut { minutes: 1 })
        );
        assert_eq!(locked(&mut suzuki, 301), None);
        suzuki.needs_admin = true;
        assert_eq!(locked(&mut suzuki, 302), Some(LoginResult::NeedsAdmin));
        let accepted = lock.record(&mut suzuki, true, t0);
        assert_eq!(
            login_result(accepted, &lock, &suzuki),
            LoginResult::Accepted
        );
        assert_eq!(
            login_result(Attempt::LockedOut { seconds: 601 }, &lock, &suzuki),
            LoginResult::LockedOut { minutes: 11 }
        );
    }
}
