//! The gateway's time (issue 21): the system's clock when it serves, a [`SteppedClock`] in tests,
//! which jump it forward instead of sleeping until a challenge, a signed request's window or the
//! retention period runs out. The gateway's "now" comes from here: the request time a kiosk
//! signature is checked against, challenge lifetimes, consent and confirmation times, the
//! per-kiosk rate limit and the retention purge (only the pacing of log warnings and of the
//! purge task keep the system's timers).

use std::sync::{Arc, Mutex, PoisonError};
use std::time::Instant;

use time::OffsetDateTime;

/// A source of "now".
pub trait Clock: Send + Sync + std::fmt::Debug {
    /// Wall-clock now (UTC): what is signed, recorded and compared with kiosk request times.
    fn now_utc(&self) -> OffsetDateTime;
    /// Monotonic now, for the rate limit.
    fn now(&self) -> Instant;
}

/// A clock shared by the gateway's tasks.
pub type SharedClock = Arc<dyn Clock>;

/// The system's clock.
pub fn system() -> SharedClock {
    Arc::new(SystemClock)
}

/// The operating system's wall and monotonic clocks.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now_utc(&self) -> OffsetDateTime {
        OffsetDateTime::now_utc()
    }

    fn now(&self) -> Instant {
        Instant::now()
    }
}

/// The system's time plus the steps a test has added: time runs as usual (kiosks sign with
/// their own system clock) and [`SteppedClock::advance`] jumps it forward.
#[derive(Debug, Default)]
pub struct SteppedClock {
    ahead: Mutex<std::time::Duration>,
}

impl SteppedClock {
    /// Moves this clock `step` further ahead of the system's.
    pub fn advance(&self, step: std::time::Duration) {
        *self.ahead.lock().unwrap_or_else(PoisonError::into_inner) += step;
    }

    fn ahead(&self) -> std::time::Duration {
        *self.ahead.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl Clock for SteppedClock {
    fn now_utc(&self) -> OffsetDateTime {
        OffsetDateTime::now_utc() + self.ahead()
    }

    fn now(&self) -> Instant {
        Instant::now() + self.ahead()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn a_stepped_clock_runs_with_the_system_and_jumps_when_told() {
        let clock = SteppedClock::default();
        let (wall, mono) = (OffsetDateTime::now_utc(), Instant::now());
        assert!(clock.now_utc() - wall < time::Duration::seconds(1));
        clock.advance(Duration::from_secs(90));
        clock.advance(Duration::from_secs(30));
        let ahead = clock.now_utc() - wall;
        assert!(ahead >= time::Duration::seconds(120) && ahead < time::Duration::seconds(121));
        assert!(clock.now().duration_since(mono) >= Duration::from_secs(120));
    }
}
