//! What one client of the listener may hold, and the limits `myna-gateway` is started with.
//!
//! A client that opens connections and then sends nothing (slowloris) holds them until a
//! deadline: at most `max_connections_per_address` of them per address (per /64 for IPv6,
//! which one host gets whole), so that it cannot take the `max_connections` the kiosks need.

use std::collections::HashMap;
use std::net::{IpAddr, Ipv6Addr};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use super::Error;
use super::store::Retention;

/// The limits `myna-gateway` is started with (flags or `[gateway.server]`).
#[derive(Debug, Clone, PartialEq)]
pub struct Limits {
    /// The TLS handshake, the request headers, and the request body with the answer each get
    /// at most this long (`--request-timeout`); an idle connection is closed after it too.
    pub request_timeout: Duration,
    /// Connections open at once, all clients together (`--max-connections`).
    pub max_connections: usize,
    /// Connections open at once from one address (`--max-connections-per-address`).
    pub max_connections_per_address: usize,
    /// Only kiosks that present their registered device key as TLS client certificate get past
    /// the handshake (`--require-client-certificate`).
    pub require_client_certificate: bool,
    /// Challenges one kiosk may hold unanswered (`--max-challenges-per-kiosk`).
    pub max_challenges_per_kiosk: usize,
    /// Confirmations and consents older than this many days are purged (`--retention-days`).
    pub retention_days: u32,
    /// The staff console's audit is kept this many days (`--audit-retention-days`; at least
    /// `retention_days`: it says who saw the confirmations still kept).
    pub audit_retention_days: u32,
    /// Resolved kiosk cases and the report events are kept this many days
    /// (`--case-retention-days`); open cases are never purged.
    pub case_retention_days: u32,
    /// How often the retention purge runs after the one at start (a day; tests shorten it).
    pub purge_every: Duration,
    /// A kiosk whose last health report is older than this is stale on the health board
    /// (`--stale-after`, `[gateway.server] stale_after_secs`).
    pub stale_after: Duration,
    /// A staff console session left idle this long is over (`--console-session-minutes`).
    pub console_session: Duration,
    /// The staff console's first lock-out after too many wrong sign-ins (5 minutes, as the
    /// kiosk desk's default; twice as long each time; tests shorten it).
    pub console_lockout: Duration,
}

pub const DEFAULT_REQUEST_TIMEOUT_SECS: u64 = 10;
pub const DEFAULT_MAX_CONNECTIONS: usize = 512;
/// A clinic's kiosks behind one NAT address share it: a kiosk uses one or two at a time.
pub const DEFAULT_MAX_CONNECTIONS_PER_ADDRESS: usize = 32;
/// One per visit in progress and the abandoned ones until they expire (60 s).
pub const DEFAULT_MAX_CHALLENGES_PER_KIOSK: usize = 64;
/// Three years: 保険医療機関及び保険医療養担当規則 第9条 keeps a clinic's records of its
/// insurance work three years (診療録 five); a confirmation is such a record
/// (docs/gateway-protocol.md, "Retention").
pub const DEFAULT_RETENTION_DAYS: u32 = 1096;
/// Five years for the staff console's audit (who signed in, who saw which confirmations, who
/// acted on a case). No period of its own is set for such an access log as far as found
/// (医療情報システムの安全管理に関するガイドライン 第6.0版 asks that access logs be recorded and
/// reviewed, without a period): UNCONFIRMED, so the longer side is taken, the longest a clinic
/// keeps a record of its care, the 診療録's five years (保険医療機関及び保険医療養担当規則 第9条),
/// which also outlasts the three years of the confirmations the audit speaks of.
pub const DEFAULT_AUDIT_RETENTION_DAYS: u32 = 1827;
/// Three years for resolved kiosk cases and the report events: a case is part of a visit's
/// insurance work, kept as its confirmation is (`DEFAULT_RETENTION_DAYS`); what staff did on it
/// is in the staff audit too, kept longer.
pub const DEFAULT_CASE_RETENTION_DAYS: u32 = 1096;
/// Shorter would drop a confirmation a kiosk may still replay or staff still need to look up.
pub const MIN_RETENTION_DAYS: u32 = 30;
pub const MAX_RETENTION_DAYS: u32 = 36_525;
/// Kiosks report health every 5 s by default (`[gateway] health_seconds`): four reports
/// missed make a kiosk stale.
pub const DEFAULT_STALE_AFTER_SECS: u64 = 20;
/// A signed-in console left alone this long signs itself out: the confirmations page shows
/// personal data at a reception PC that staff leave between patients.
pub const DEFAULT_CONSOLE_SESSION_MINUTES: u64 = 15;
pub const MAX_CONSOLE_SESSION_MINUTES: u64 = 1440;

impl Default for Limits {
    fn default() -> Self {
        Limits {
            request_timeout: Duration::from_secs(DEFAULT_REQUEST_TIMEOUT_SECS),
            max_connections: DEFAULT_MAX_CONNECTIONS,
            max_connections_per_address: DEFAULT_MAX_CONNECTIONS_PER_ADDRESS,
            require_client_certificate: false,
            max_challenges_per_kiosk: DEFAULT_MAX_CHALLENGES_PER_KIOSK,
            retention_days: DEFAULT_RETENTION_DAYS,
            audit_retention_days: DEFAULT_AUDIT_RETENTION_DAYS,
            case_retention_days: DEFAULT_CASE_RETENTION_DAYS,
            purge_every: Duration::from_secs(24 * 3600),
            stale_after: Duration::from_secs(DEFAULT_STALE_AFTER_SECS),
            console_session: Duration::from_secs(DEFAULT_CONSOLE_SESSION_MINUTES * 60),
            console_lockout: Duration::from_secs(5 * 60),
        }
    }
}

impl Limits {
    /// How long each kind of record is kept.
    pub(crate) fn retention(&self) -> Retention {
        Retention {
            confirmations_days: self.retention_days,
            audit_days: self.audit_retention_days,
            cases_days: self.case_retention_days,
            console_session: self.console_session,
        }
    }

    /// A limit out of range is a usage error naming the flag and the range.
    pub fn check(&self) -> Result<(), Error> {
        let usage = |message: String| Err(Error::Usage(message));
        let timeout = self.request_timeout.as_secs_f64();
        if !(1.0..=300.0).contains(&timeout) {
            return usage(format!(
                "--request-timeout {timeout}: 1 to 300 seconds (default {DEFAULT_REQUEST_TIMEOUT_SECS})"
            ));
        }
        if !(1..=65_536).contains(&self.max_connections) {
            return usage(format!(
                "--max-connections {}: 1 to 65536 (default {DEFAULT_MAX_CONNECTIONS})",
                self.max_connections
            ));
        }
        if !(1..=self.max_connections).contains(&self.max_connections_per_address) {
            return usage(format!(
                "--max-connections-per-address {}: 1 to --max-connections ({}) (default {DEFAULT_MAX_CONNECTIONS_PER_ADDRESS})",
                self.max_connections_per_address, self.max_connections
            ));
        }
        if !(1..=super::auth::MAX_CHALLENGES).contains(&self.max_challenges_per_kiosk) {
            return usage(format!(
                "--max-challenges-per-kiosk {}: 1 to {} (default {DEFAULT_MAX_CHALLENGES_PER_KIOSK})",
                self.max_challenges_per_kiosk,
                super::auth::MAX_CHALLENGES
            ));
        }
        if !(1..=86_400).contains(&self.stale_after.as_secs()) {
            return usage(format!(
                "--stale-after {}: 1 to 86400 seconds (default {DEFAULT_STALE_AFTER_SECS})",
                self.stale_after.as_secs()
            ));
        }
        if !(MIN_RETENTION_DAYS..=MAX_RETENTION_DAYS).contains(&self.retention_days) {
            return usage(format!(
                "--retention-days {}: {MIN_RETENTION_DAYS} to {MAX_RETENTION_DAYS} (default {DEFAULT_RETENTION_DAYS}, three years)",
                self.retention_days
            ));
        }
        if !(self.retention_days..=MAX_RETENTION_DAYS).contains(&self.audit_retention_days) {
            return usage(format!(
                "--audit-retention-days {}: --retention-days ({}) to {MAX_RETENTION_DAYS}, as the audit says who saw the confirmations kept (default {DEFAULT_AUDIT_RETENTION_DAYS}, five years)",
                self.audit_retention_days, self.retention_days
            ));
        }
        if !(MIN_RETENTION_DAYS..=MAX_RETENTION_DAYS).contains(&self.case_retention_days) {
            return usage(format!(
                "--case-retention-days {}: {MIN_RETENTION_DAYS} to {MAX_RETENTION_DAYS} (default {DEFAULT_CASE_RETENTION_DAYS}, three years)",
                self.case_retention_days
            ));
        }
        if self.console_session.is_zero()
            || self.console_session > Duration::from_secs(MAX_CONSOLE_SESSION_MINUTES * 60)
        {
            return usage(format!(
                "--console-session-minutes: 1 to {MAX_CONSOLE_SESSION_MINUTES} (default {DEFAULT_CONSOLE_SESSION_MINUTES})"
            ));
        }
        if self.console_lockout.is_zero() {
            return usage("the console lock-out must be above 0".into());
        }
        if self.purge_every.is_zero() {
            return usage("the retention purge interval must be above 0".into());
        }
        Ok(())
    }
}

/// Why a connection was not admitted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Full {
    All,
    Address,
}

/// The connections open now, in all and per address.
pub struct Connections {
    max: usize,
    per_address: usize,
    open: Mutex<Open>,
    refused: AtomicU64,
    warned_at: Mutex<Option<Instant>>,
}

#[derive(Default)]
struct Open {
    total: usize,
    by_address: HashMap<IpAddr, usize>,
}

/// A connection's place; given back when dropped.
pub struct Slot {
    connections: Arc<Connections>,
    address: IpAddr,
}

/// The unit one client holds: the address itself, an IPv6 address's /64.
fn client_of(address: IpAddr) -> IpAddr {
    match address.to_canonical() {
        IpAddr::V6(v6) => {
            let prefix = u128::from(v6) & !((1u128 << 64) - 1);
            IpAddr::V6(Ipv6Addr::from(prefix))
        }
        v4 => v4,
    }
}

impl Connections {
    pub fn new(max: usize, per_address: usize) -> Arc<Self> {
        Arc::new(Connections {
            max,
            per_address,
            open: Mutex::new(Open::default()),
            refused: AtomicU64::new(0),
            warned_at: Mutex::new(None),
        })
    }

    /// A place for a connection from `peer`, unless all or this address's are taken.
    pub fn admit(self: &Arc<Self>, peer: IpAddr) -> Result<Slot, Full> {
        let address = client_of(peer);
        let mut open = self.open.lock().unwrap_or_else(PoisonError::into_inner);
        let full = if open.total >= self.max {
            Some(Full::All)
        } else if open.by_address.get(&address).copied().unwrap_or(0) >= self.per_address {
            Some(Full::Address)
        } else {
            None
        };
        if let Some(full) = full {
            drop(open);
            self.refused.fetch_add(1, Ordering::Relaxed);
            self.warn(peer, full);
            return Err(full);
        }
        open.total += 1;
        *open.by_address.entry(address).or_insert(0) += 1;
        Ok(Slot {
            connections: self.clone(),
            address,
        })
    }

    /// Connections open now from `peer`'s address (tests).
    #[cfg(test)]
    pub fn open_from(&self, peer: IpAddr) -> usize {
        let open = self.open.lock().unwrap_or_else(PoisonError::into_inner);
        open.by_address.get(&client_of(peer)).copied().unwrap_or(0)
    }

    /// A warning at most every 10 s, with the count: an attack must not flood the log.
    fn warn(&self, peer: IpAddr, full: Full) {
        let mut warned_at = self
            .warned_at
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if warned_at.is_some_and(|at| at.elapsed() < Duration::from_secs(10)) {
            return;
        }
        *warned_at = Some(Instant::now());
        let refused = self.refused.swap(0, Ordering::Relaxed);
        match full {
            Full::All => tracing::warn!(
                refused,
                "{} connections open: refusing new ones (latest from {peer})",
                self.max
            ),
            Full::Address => tracing::warn!(
                refused,
                "{} connections open from {peer}: refusing more from it",
                self.per_address
            ),
        }
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        let mut open = self
            .connections
            .open
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        open.total = open.total.saturating_sub(1);
        if let Some(n) = open.by_address.get_mut(&self.address) {
            *n -= 1;
            if *n == 0 {
                open.by_address.remove(&self.address);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_address_has_its_share_and_gets_it_back() {
        let connections = Connections::new(5, 2);
        let a: IpAddr = "127.0.0.2".parse().unwrap();
        let b: IpAddr = "127.0.0.1".parse().unwrap();
        let a1 = connections.admit(a).unwrap();
        let _a2 = connections.admit(a).unwrap();
        assert_eq!(connections.admit(a).err(), Some(Full::Address));
        // The same address written as IPv4-mapped IPv6 is the same client.
        let mapped: IpAddr = "::ffff:127.0.0.2".parse().unwrap();
        assert_eq!(connections.admit(mapped).err(), Some(Full::Address));
        let _b1 = connections.admit(b).unwrap();
        let _b2 = connections.admit(b).unwrap();
        drop(a1);
        assert_eq!(connections.open_from(a), 1);
        let _a3 = connections.admit(a).unwrap();
        let c: IpAddr = "10.0.0.1".parse().unwrap();
        let _c1 = connections.admit(c).unwrap();
        assert_eq!(connections.admit(c).err(), Some(Full::All), "5 in all");
    }

    #[test]
    fn an_ipv6_host_is_its_64() {
        let connections = Connections::new(10, 1);
        let _one = connections.admit("2001:db8::1".parse().unwrap()).unwrap();
        assert_eq!(
            connections.admit("2001:db8::ffff:2".parse().unwrap()).err(),
            Some(Full::Address)
        );
        assert!(
            connections
                .admit("2001:db8:0:1::1".parse().unwrap())
                .is_ok()
        );
    }

    #[test]
    fn limits_out_of_range_are_usage_errors_naming_the_flag() {
        assert!(Limits::default().check().is_ok());
        let cases = [
            (
                Limits {
                    request_timeout: Duration::ZERO,
                    ..Limits::default()
                },
                "--request-timeout",
            ),
            (
                Limits {
                    max_connections: 0,
                    ..Limits::default()
                },
                "--max-connections 0",
            ),
            (
                Limits {
                    max_connections_per_address: 600,
                    ..Limits::default()
                },
                "--max-connections-per-address 600",
            ),
            (
                Limits {
                    max_challenges_per_kiosk: 0,
                    ..Limits::default()
                },
                "--max-challenges-per-kiosk 0",
            ),
            (
                Limits {
                    retention_days: 7,
                    ..Limits::default()
                },
                "--retention-days 7",
            ),
            (
                Limits {
                    audit_retention_days: 1095,
                    ..Limits::default()
                },
                "--audit-retention-days 1095: --retention-days (1096)",
            ),
            (
                Limits {
                    case_retention_days: 29,
                    ..Limits::default()
                },
                "--case-retention-days 29",
            ),
        ];
        for (limits, flag) in cases {
            match limits.check() {
                Err(Error::Usage(message)) => assert!(message.starts_with(flag), "{message}"),
                other => panic!("{flag}: {other:?}"),
            }
        }
    }
}
