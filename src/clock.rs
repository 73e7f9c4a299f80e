//! Time as the kiosk's timers see it (issue 21): the system's clock in production, a
//! [`ManualClock`] in tests and in the clinic-day simulation (`examples/clinic_day`), which move
//! it forward instead of sleeping until a screen, a "need more time?" prompt or a staff lock-out
//! runs out.
//!
//! The worker holds the clock ([`crate::reception::worker::Worker::with_clock`]); the runner
//! takes its screen and desk deadlines from it and waits for input with [`recv_until`], the
//! staff desk its lock-outs. What goes to the gateway or into the store (signing times, visit
//! times) keeps the system's time: the gateway is another process on its own clock.

use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use time::OffsetDateTime;

/// A source of "now" for deadlines, and how long a waiter may block before it looks again.
pub trait Clock: Send + Sync + std::fmt::Debug {
    /// Monotonic now, for deadlines.
    fn now(&self) -> Instant;
    /// Wall-clock now (UTC), for what is kept as a date (staff lock-outs).
    fn now_utc(&self) -> OffsetDateTime;
    /// How long a waiter for `deadline` may block (in real time) before it asks again; `None`
    /// once the deadline has passed.
    fn slice(&self, deadline: Instant) -> Option<Duration>;
    /// A waiter starts (`Some(deadline)`) or stops (`None`) waiting. Lets a manual clock move
    /// time through the waiter's deadlines one at a time ([`ManualClock::pass`]).
    fn waiting(&self, _deadline: Option<Instant>) {}
}

/// A clock shared by the worker, the runner and the desk.
pub type SharedClock = Arc<dyn Clock>;

/// The system's clock.
pub fn system() -> SharedClock {
    Arc::new(SystemClock)
}

/// The operating system's monotonic and wall clocks.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> Instant {
        Instant::now()
    }

    fn now_utc(&self) -> OffsetDateTime {
        OffsetDateTime::now_utc()
    }

    fn slice(&self, deadline: Instant) -> Option<Duration> {
        let left = deadline.saturating_duration_since(Instant::now());
        (!left.is_zero()).then_some(left)
    }
}

/// The next message on `inputs` before `deadline` by `clock`.
pub fn recv_until<T>(
    clock: &dyn Clock,
    inputs: &Receiver<T>,
    deadline: Instant,
) -> Result<T, RecvTimeoutError> {
    clock.waiting(Some(deadline));
    let outcome = loop {
        let Some(slice) = clock.slice(deadline) else {
            break Err(RecvTimeoutError::Timeout);
        };
        match inputs.recv_timeout(slice) {
            Err(RecvTimeoutError::Timeout) => continue,
            other => break other,
        }
    };
    clock.waiting(None);
    outcome
}

/// How often a waiter on a manual clock looks at it again.
const MANUAL_POLL: Duration = Duration::from_millis(2);

/// A clock that moves when told to: frozen ([`ManualClock::frozen`]: only [`advance`] and
/// [`pass`] move it), or running with the system's time plus what was skipped
/// ([`ManualClock::running`]: a simulation's think times are skipped, the kiosk's own work
/// still takes its real time).
///
/// [`advance`]: ManualClock::advance
/// [`pass`]: ManualClock::pass
#[derive(Debug)]
pub struct ManualClock {
    origin: Instant,
    wall_origin: OffsetDateTime,
    running: bool,
    state: Mutex<ManualState>,
    changed: Condvar,
}

#[derive(Debug, Default)]
struct ManualState {
    skipped: Duration,
    /// The deadline the waiter (the runner) waits for now, if it waits.
    waiter: Option<Instant>,
    /// Counts the waiter's waits, to tell when it came back after a deadline.
    waits: u64,
}

/// The waiter did not come back to wait within the patience given to [`ManualClock::pass`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the kiosk did not come back to wait within {0:?} of real time")]
pub struct Stalled(pub Duration);

impl ManualClock {
    /// Stands still until moved.
    pub fn frozen() -> Arc<ManualClock> {
        Arc::new(ManualClock::new(false))
    }

    /// Runs with the system's time; [`advance`](ManualClock::advance) and
    /// [`pass`](ManualClock::pass) skip time on top of it.
    pub fn running() -> Arc<ManualClock> {
        Arc::new(ManualClock::new(true))
    }

    fn new(running: bool) -> ManualClock {
        ManualClock {
            origin: Instant::now(),
            wall_origin: OffsetDateTime::now_utc(),
            running,
            state: Mutex::new(ManualState::default()),
            changed: Condvar::new(),
        }
    }

    fn lock(&self) -> MutexGuard<'_, ManualState> {
        // A waiter that panicked holding the lock leaves plain numbers behind: still usable.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn now_with(&self, state: &ManualState) -> Instant {
        let real = if self.running {
            self.origin.elapsed()
        } else {
            Duration::ZERO
        };
        self.origin + real + state.skipped
    }

    /// Moves the clock `by` at once, whoever waits.
    pub fn advance(&self, by: Duration) {
        self.lock().skipped += by;
        self.changed.notify_all();
    }

    /// Lets `by` pass as the kiosk would live it: each deadline the runner waits for inside it is
    /// reached in turn, and the runner is given the time to act on it (a timeout, a "need more
    /// time?" prompt, a desk lock) and to wait again before the clock moves on. Waits up to
    /// `patience` of real time each time for the runner to be waiting.
    pub fn pass(&self, by: Duration, patience: Duration) -> Result<(), Stalled> {
        let mut state = self.lock();
        let target = self.now_with(&state) + by;
        loop {
            state = self.wait_for(state, patience, |s| s.waiter.is_some())?;
            let now = self.now_with(&state);
            match state.waiter {
                Some(deadline) if deadline <= target => {
                    state.skipped += deadline.saturating_duration_since(now);
                    let waits = state.waits;
                    self.changed.notify_all();
                    state = self.wait_for(state, patience, |s| s.waits != waits)?;
                }
                _ => {
                    state.skipped += target.saturating_duration_since(now);
                    self.changed.notify_all();
                    return Ok(());
                }
            }
        }
    }

    fn wait_for<'a>(
        &self,
        state: MutexGuard<'a, ManualState>,
        patience: Duration,
        ready: impl Fn(&ManualState) -> bool,
    ) -> Result<MutexGuard<'a, ManualState>, Stalled> {
        let (state, timeout) = self
            .changed
            .wait_timeout_while(state, patience, |s| !ready(s))
            .unwrap_or_else(|e| e.into_inner());
        match timeout.timed_out() && !ready(&state) {
            true => Err(Stalled(patience)),
            false => Ok(state),
        }
    }
}

impl Clock for ManualClock {
    fn now(&self) -> Instant {
        self.now_with(&self.lock())
    }

    fn now_utc(&self) -> OffsetDateTime {
        self.wall_origin + (self.now() - self.origin)
    }

    fn slice(&self, deadline: Instant) -> Option<Duration> {
        let left = deadline.saturating_duration_since(self.now());
        (!left.is_zero()).then_some(left.min(MANUAL_POLL))
    }

    fn waiting(&self, deadline: Option<Instant>) {
        let mut state = self.lock();
        state.waiter = deadline;
        if deadline.is_some() {
            state.waits += 1;
        }
        drop(state);
        self.changed.notify_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc;

    #[test]
    fn a_frozen_clock_moves_only_when_told() {
        let clock = ManualClock::frozen();
        let t0 = clock.now();
        let w0 = clock.now_utc();
        std::thread::sleep(Duration::from_millis(5));
        assert_eq!(clock.now(), t0);
        clock.advance(Duration::from_secs(90));
        assert_eq!(clock.now() - t0, Duration::from_secs(90));
        assert_eq!(clock.now_utc() - w0, time::Duration::seconds(90));
        assert_eq!(clock.slice(t0 + Duration::from_secs(90)), None);
        assert_eq!(clock.slice(t0 + Duration::from_secs(91)), Some(MANUAL_POLL));
    }

    #[test]
    fn a_running_clock_adds_the_skipped_time_to_the_real_one() {
        let clock = ManualClock::running();
        let t0 = clock.now();
        clock.advance(Duration::from_secs(3600));
        let gone = clock.now() - t0;
        assert!(gone >= Duration::from_secs(3600) && gone < Duration::from_secs(3660));
    }

    /// A waiter with a 60 s deadline, then a 20 s one after it (a screen, then "more time?"):
    /// passing 100 s reaches both in turn, each from the moment the one before ran out.
    #[test]
    fn pass_stops_at_each_deadline_of_the_waiter() {
        let clock = ManualClock::frozen();
        let (tx, rx) = mpsc::channel::<()>();
        let waiter = {
            let clock = clock.clone();
            std::thread::spawn(move || {
                let t0 = clock.now();
                let mut fired = vec![];
                for wait in [60, 20] {
                    let deadline = clock.now() + Duration::from_secs(wait);
                    assert_eq!(
                        recv_until(&*clock, &rx, deadline),
                        Err(RecvTimeoutError::Timeout)
                    );
                    fired.push((clock.now() - t0).as_secs());
                }
                // Then waits for a message that comes.
                let far = clock.now() + Duration::from_secs(3600);
                assert_eq!(recv_until(&*clock, &rx, far), Ok(()));
                fired
            })
        };
        clock
            .pass(Duration::from_secs(100), Duration::from_secs(10))
            .unwrap();
        tx.send(()).unwrap();
        assert_eq!(waiter.join().unwrap(), [60, 80]);
    }

    #[test]
    fn pass_without_a_waiter_stalls() {
        let clock = ManualClock::frozen();
        assert_eq!(
            clock.pass(Duration::from_secs(1), Duration::from_millis(20)),
            Err(Stalled(Duration::from_millis(20)))
        );
    }

    #[test]
    fn the_system_clock_waits_in_one_slice() {
        let clock = SystemClock;
        let (_tx, rx) = mpsc::channel::<()>();
        let started = Instant::now();
        let deadline = clock.now() + Duration::from_millis(30);
        assert_eq!(
            recv_until(&clock, &rx, deadline),
            Err(RecvTimeoutError::Timeout)
        );
        assert!(started.elapsed() >= Duration::from_millis(30));
    }
}
