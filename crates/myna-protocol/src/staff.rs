//! The staff rules the kiosk desk and the gateway's staff console keep alike: a member's
//! [`Role`], their [`LockState`], the lock-out policy ([`LockOut`]: failures, escalating
//! lock-outs, then only an admin) with what one sign-in attempt came to ([`Attempt`]), and the
//! format of a secret's hash (`SCHEME$ITERATIONS$SALT$HASH`, base64 without padding:
//! [`HashParts`]).
//!
//! Hashing and checking a secret stays with each side, since their schemes differ: the kiosk
//! peppers its PBKDF2 output with a key from `data.key` (`pbkdf2-sha256-pepper`), the gateway
//! has no such key (`pbkdf2-sha256`). What they share is how the parts are written and read.

use std::num::NonZeroU32;
use std::time::Duration;

use base64::Engine;
use base64::engine::general_purpose::STANDARD_NO_PAD as B64;
use time::OffsetDateTime;

/// 128-bit random salts (NIST SP 800-132 asks at least 128 bits).
pub const SALT_LEN: usize = 16;
/// PBKDF2-HMAC-SHA256's output, and so the length of every stored hash (or the kiosk's tag).
pub const HASH_LEN: usize = 32;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StaffError {
    #[error("a staff secret's hash must look like SCHEME$ITERATIONS$SALT$HASH")]
    BadHash,
    #[error("a staff role is `staff` or `admin`, not {0:?}")]
    BadRole(String),
}

/// What a member may do. Only an admin unlocks a member locked out for good.
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
    type Err = StaffError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "staff" => Ok(Role::Staff),
            "admin" => Ok(Role::Admin),
            _ => Err(StaffError::BadRole(s.to_owned())),
        }
    }
}

/// A stored hash's parts. The scheme is not checked here: each side takes only its own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HashParts<'a> {
    pub scheme: &'a str,
    pub iterations: NonZeroU32,
    pub salt: Vec<u8>,
    pub hash: Vec<u8>,
}

impl<'a> HashParts<'a> {
    /// Reads `SCHEME$ITERATIONS$SALT$HASH`: exactly four parts, iterations above zero, a salt,
    /// and a hash of [`HASH_LEN`] bytes. Anything else is [`StaffError::BadHash`].
    pub fn parse(encoded: &'a str) -> Result<Self, StaffError> {
        let mut parts = encoded.split('$');
        let (Some(scheme), Some(iterations), Some(salt), Some(hash), None) = (
            parts.next(),
            parts.next(),
            parts.next(),
            parts.next(),
            parts.next(),
        ) else {
            return Err(StaffError::BadHash);
        };
        let iterations = iterations
            .parse::<NonZeroU32>()
            .map_err(|_| StaffError::BadHash)?;
        let salt = B64.decode(salt).map_err(|_| StaffError::BadHash)?;
        let hash = B64.decode(hash).map_err(|_| StaffError::BadHash)?;
        if salt.is_empty() || hash.len() != HASH_LEN {
            return Err(StaffError::BadHash);
        }
        Ok(HashParts {
            scheme,
            iterations,
            salt,
            hash,
        })
    }
}

/// Writes a hash's parts as [`HashParts::parse`] reads them.
pub fn encode_hash(scheme: &str, iterations: NonZeroU32, salt: &[u8], hash: &[u8]) -> String {
    format!(
        "{scheme}${iterations}${}${}",
        B64.encode(salt),
        B64.encode(hash)
    )
}

/// A member's wrong secrets in a row, lock-outs in a row and, while locked out, the end of the
/// lock-out (or that only an admin may unlock). Each side keeps it in its database, so that a
/// restart clears nothing. Wall-clock time: a clock set back makes a lock-out longer, never
/// shorter than the clock says.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LockState {
    pub failures: u32,
    /// Lock-outs since the last successful sign-in (or unlock).
    pub lockouts: u32,
    pub locked_until: Option<OffsetDateTime>,
    /// Locked out until an admin unlocks.
    pub needs_admin: bool,
}

/// What one sign-in attempt came to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Attempt {
    Accepted,
    /// A wrong secret; [`LockOut::tries_left`] says how many more before a lock-out.
    Wrong,
    /// Locked out for this many more seconds (at least 1; the kiosk and the console show
    /// minutes, rounded up).
    LockedOut {
        seconds: u64,
    },
    /// Locked out until an admin unlocks.
    NeedsAdmin,
}

/// `max_failures` wrong secrets in a row lock a member out for `lockout`, the next time for
/// twice as long, then four times…; the `max_lockouts`-th lock-out in a row lasts until an
/// admin unlocks. The defaults are the kiosk's `[staff]` ones (5 failures, 5 minutes,
/// 3 lock-outs).
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
    /// A policy with at least one failure and one lock-out (0 would lock before any try).
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

    /// Wrong secrets the member may still type before the next lock-out.
    pub fn tries_left(&self, state: &LockState) -> u32 {
        self.max_failures.saturating_sub(state.failures)
    }

    /// `Some(LockedOut | NeedsAdmin)` while the member may not try (the secret is then not even
    /// checked); a lock-out that is over starts a fresh count of failures (the lock-outs in a
    /// row are kept).
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
mod tests;
