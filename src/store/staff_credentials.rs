//! How a staff member is kept: their [`Role`], their [`LockState`], and the format of their PIN
//! hash (`pbkdf2-sha256-pepper$ITERATIONS$SALT$TAG`, base64 without padding, where
//! `TAG = HMAC(pepper, PBKDF2(PIN, SALT))`). Hashing and checking a typed PIN is the desk's
//! (`reception::staff_auth`); this is what the store needs to keep and upgrade them.

use std::num::NonZeroU32;

use myna_protocol::staff::{HashParts, encode_hash};

use super::seal::Pepper;

// The roles, the lock state and the hash's format are the gateway console's too.
pub use myna_protocol::staff::{HASH_LEN, LockState, Role, SALT_LEN};

pub const SCHEME: &str = "pbkdf2-sha256-pepper";
pub const LEGACY_SCHEME: &str = "pbkdf2-sha256";
/// What the pepper's HMAC is separated by.
pub const PEPPER_CONTEXT: &[u8] = b"staff_pin";

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum StaffAuthError {
    #[error("a staff PIN hash must look like pbkdf2-sha256-pepper$ITERATIONS$SALT$TAG")]
    BadHash,
    #[error("the system has no randomness for a salt")]
    NoRandom,
}

/// An encoded hash's parts, of any scheme (the caller takes only its own).
pub fn parse(encoded: &str) -> Result<HashParts<'_>, StaffAuthError> {
    HashParts::parse(encoded).map_err(|_| StaffAuthError::BadHash)
}

/// An encoded peppered hash.
pub fn encode(iterations: NonZeroU32, salt: &[u8], tag: &[u8]) -> String {
    encode_hash(SCHEME, iterations, salt, tag)
}

/// Peppers a hash written before the pepper (`pbkdf2-sha256$…`); a peppered one is returned as
/// it is. Used once, by the store's upgrade.
pub fn pepper_legacy(encoded: &str, pepper: &Pepper) -> Result<String, StaffAuthError> {
    let parts = parse(encoded)?;
    match parts.scheme {
        SCHEME => Ok(encoded.to_owned()),
        LEGACY_SCHEME => Ok(encode(
            parts.iterations,
            &parts.salt,
            &pepper.tag(PEPPER_CONTEXT, &parts.hash),
        )),
        _ => Err(StaffAuthError::BadHash),
    }
}
