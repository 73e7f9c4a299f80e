//! The staff console's members: who may sign in (`myna-gateway staff add|remove|list|unlock`),
//! with which [`Role`], their secret's hash and their lock-out ([`LockOut`]); the SQL is in
//! [`members`], the audit of every sign-in and action too.
//!
//! A secret is a PIN of 6 to 12 digits, the kiosk desk's rule (`StaffPin` in the kiosk), or a
//! password of 12 to 128 characters; a PIN of one repeated digit or a straight run (123456,
//! 987654) is refused, which the desk does not, so the console asks at least as much.
//! It is kept only as `pbkdf2-sha256$ITERATIONS$SALT$HASH` (base64 without padding).
//! The kiosk also peppers its hash with a key from `data.key`; the gateway has no such key,
//! so its hashes are plain salted PBKDF2 in a database file of mode 0600. The roles, the
//! lock-out and the hash's format are the kiosk's too, so they live in `myna_protocol::staff`.

pub mod members;

use std::num::NonZeroU32;

use myna_protocol::staff::{HashParts, encode_hash};
use ring::pbkdf2;
use ring::rand::{SecureRandom, SystemRandom};
use zeroize::Zeroizing;

use super::Error;

pub use members::{AuditOutcome, Member};
// The rules the kiosk desk keeps too, written once (`myna_protocol::staff`).
pub use myna_protocol::staff::{Attempt, HASH_LEN, LockOut, LockState, Role, SALT_LEN};

/// PBKDF2-HMAC-SHA256 iterations: OWASP's Password Storage Cheat Sheet figure (600 000, 2023)
/// for this function, the same as the kiosk desk; about a quarter of a second a check on a
/// clinic PC, paid once per sign-in. Each hash carries its own count, so it can be raised later.
pub const DEFAULT_ITERATIONS: u32 = 600_000;
const SCHEME: &str = "pbkdf2-sha256";

pub const PIN_MIN: usize = 6;
pub const PIN_MAX: usize = 12;
pub const PASSWORD_MIN: usize = 12;
pub const PASSWORD_MAX: usize = 128;

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
    Ok(encode_hash(SCHEME, iterations, &salt, &hash[..]))
}

/// Whether `secret` matches `encoded` (ring compares in constant time). A malformed hash is an
/// error, never a match.
pub fn verify_secret(secret: &Secret, encoded: &str) -> Result<bool, Error> {
    let bad = || Error::Internal("a staff member's hash is malformed".into());
    let HashParts {
        scheme: SCHEME,
        iterations,
        salt,
        hash,
    } = HashParts::parse(encoded).map_err(|_| bad())?
    else {
        return Err(bad());
    };
    Ok(pbkdf2::verify(
        pbkdf2::PBKDF2_HMAC_SHA256,
        iterations,
        &salt,
        secret.as_bytes(),
        &hash,
    )
    .is_ok())
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
            // Well formed, but the kiosk's scheme: never taken for the gateway's.
            &encoded.replacen("pbkdf2-sha256$", "pbkdf2-sha256-pepper$", 1),
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
}
