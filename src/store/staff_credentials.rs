//! How a staff member is kept: their [`Role`], their [`LockState`], and the format of their PIN
//! hash (`pbkdf2-sha256-pepper$ITERATIONS$SALT$TAG`, base64 without padding, where
//! `TAG = HMAC(pepper, PBKDF2(PIN, SALT))`). Hashing and checking a typed PIN is the desk's
//! (`reception::staff_auth`); this is what the store needs to keep and upgrade them.

use std::num::NonZeroU32;

use base64::Engine;
use base64::engine::general_purpose::STANDARD_NO_PAD as B64;
use time::OffsetDateTime;

use super::seal::Pepper;

pub const SCHEME: &str = "pbkdf2-sha256-pepper";
pub const LEGACY_SCHEME: &str = "pbkdf2-sha256";
/// What the pepper's HMAC is separated by.
pub const PEPPER_CONTEXT: &[u8] = b"staff_pin";
pub const SALT_LEN: usize = 16;
pub const HASH_LEN: usize = 32;

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum StaffAuthError {
    #[error("a staff PIN hash must look like pbkdf2-sha256-pepper$ITERATIONS$SALT$TAG")]
    BadHash,
    #[error("the system has no randomness for a salt")]
    NoRandom,
    #[error("a staff role is `staff` or `admin`")]
    BadRole,
}

/// What a member may do at the desk. Only an admin unlocks a member locked out for good.
#[derive(
    Debug,
    Clone,
    Copy,
    Default,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    serde::Serialize,
    serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    #[default]
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
    type Err = StaffAuthError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "staff" => Ok(Role::Staff),
            "admin" => Ok(Role::Admin),
            _ => Err(StaffAuthError::BadRole),
        }
    }
}

/// An encoded hash's parts: `(scheme, iterations, salt, hash)`.
pub type Parts<'a> = (&'a str, NonZeroU32, Vec<u8>, Vec<u8>);

pub fn parse(encoded: &str) -> Result<Parts<'_>, StaffAuthError> {
    let mut parts = encoded.split('$');
    let (Some(scheme), Some(iterations), Some(salt), Some(hash), None) = (
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
    Ok((scheme, iterations, salt, hash))
}

/// An encoded peppered hash.
pub fn encode(iterations: NonZeroU32, salt: &[u8], tag: &[u8]) -> String {
    format!(
        "{SCHEME}${iterations}${}${}",
        B64.encode(salt),
        B64.encode(tag)
    )
}

/// Peppers a hash written before the pepper (`pbkdf2-sha256$…`); a peppered one is returned as
/// it is. Used once, by the store's upgrade.
pub fn pepper_legacy(encoded: &str, pepper: &Pepper) -> Result<String, StaffAuthError> {
    match parse(encoded)? {
        (SCHEME, ..) => Ok(encoded.to_owned()),
        (LEGACY_SCHEME, iterations, salt, hash) => Ok(encode(
            iterations,
            &salt,
            &pepper.tag(PEPPER_CONTEXT, &hash),
        )),
        _ => Err(StaffAuthError::BadHash),
    }
}

/// A member's wrong PINs in a row, lock-outs in a row and, while locked out, the end of the
/// lock-out (or that only an admin may unlock). Kept in the store
/// ([`crate::store::Store::staff_lock_state`]), so that restarting the kiosk does not clear a
/// lock-out. Wall-clock time: a clock set back makes a lock-out longer, never shorter than the
/// clock says.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LockState {
    pub failures: u32,
    /// Lock-outs since the last successful sign-in (or unlock).
    pub lockouts: u32,
    pub locked_until: Option<OffsetDateTime>,
    /// Locked out until an admin unlocks (`myna-kiosk staff unlock`, or at the desk).
    pub needs_admin: bool,
}
