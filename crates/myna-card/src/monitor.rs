//! Card monitor: a thread that waits in `SCardGetStatusChange` for readers to come and go
//! (PnP notification) and cards to be inserted or removed, on a PC/SC context of its own. No
//! polling; [`CardMonitor::stop`] wakes the wait with `SCardCancel`.

use std::ffi::CString;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::Sender;
use std::sync::{Arc, Mutex, PoisonError};
use std::thread::JoinHandle;
use std::time::Duration;

use pcsc::{Context, PNP_NOTIFICATION, ReaderState, State};
use tracing::{debug, warn};

use super::pcsc::Pcsc;

/// What the monitor reports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CardEvent {
    ReaderAttached {
        reader: String,
    },
    ReaderDetached {
        reader: String,
    },
    CardInserted {
        reader: String,
        atr: Vec<u8>,
    },
    CardRemoved {
        reader: String,
    },
    /// pcscd stopped; the monitor re-establishes its context when it comes back.
    ServiceUnavailable,
}

/// A running monitor thread.
pub struct CardMonitor {
    context: SharedContext,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

/// How long to wait before trying pcscd again once it has gone away.
const SERVICE_RETRY: Duration = Duration::from_secs(1);
/// Longest single wait; `stop` cancels it sooner.
const WAIT_LIMIT: Duration = Duration::from_secs(60);

/// The context the thread waits on; replaced when pcscd restarts, so `stop` cancels the live one.
type SharedContext = Arc<Mutex<Context>>;

fn current(context: &SharedContext) -> Context {
    context
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .clone()
}

impl CardMonitor {
    /// Starts watching. Events for every reader whose name contains `reader_filter` (all when
    /// `None`) go to `events`; readers and cards present at start are reported as attached and
    /// inserted.
    pub fn spawn(pcsc: &Pcsc, reader_filter: Option<String>, events: Sender<CardEvent>) -> Self {
        let stop = Arc::new(AtomicBool::new(false));
        // A context of its own: pcsc-lite runs one call at a time per context, so a wait here
        // on the worker's context would hold up its SCardConnect until the next card event.
        // (Without pcscd there is none to make: the shared one is dead too, and the wait below
        // ends at once and reconnects.)
        let own = Context::establish(pcsc::Scope::User).unwrap_or_else(|_| pcsc.context().clone());
        let context = Arc::new(Mutex::new(own));
        let watch = Watch {
            context: context.clone(),
            filter: reader_filter,
            events,
            stop: stop.clone(),
        };
        let thread = std::thread::Builder::new()
            .name("card-monitor".into())
            .spawn(move || watch.run())
            .ok();
        CardMonitor {
            context,
            stop,
            thread,
        }
    }

    /// Stops the thread and waits for it.
    pub fn stop(mut self) {
        self.shutdown();
    }

    fn shutdown(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        if let Some(thread) = self.thread.take() {
            // SCardCancel wakes only a wait in progress: repeat it until the thread has seen
            // the flag, in case it was between two waits the first time.
            while !thread.is_finished() {
                let _ = current(&self.context).cancel();
                std::thread::sleep(Duration::from_millis(10));
            }
            let _ = thread.join();
        }
    }
}

impl Drop for CardMonitor {
    fn drop(&mut self) {
        self.shutdown();
    }
}

struct Watch {
    context: SharedContext,
    filter: Option<String>,
    events: Sender<CardEvent>,
    stop: Arc<AtomicBool>,
}

impl Watch {
    fn stopped(&self) -> bool {
        self.stop.load(Ordering::SeqCst)
    }

    fn run(self) {
        let mut states = vec![ReaderState::new(PNP_NOTIFICATION(), State::UNAWARE)];
        while !self.stopped() {
            self.sync_readers(&mut states);
            let context = current(&self.context);
            match context.get_status_change(WAIT_LIMIT, &mut states) {
                Ok(()) => {
                    if !self.report(&mut states) {
                        return;
                    }
                }
                Err(pcsc::Error::Cancelled) | Err(pcsc::Error::Timeout) => {}
                // pcscd gone (its socket broken: CommError) or restarted (our handle unknown).
                Err(
                    pcsc::Error::NoService
                    | pcsc::Error::ServiceStopped
                    | pcsc::Error::CommError
                    | pcsc::Error::InvalidHandle,
                ) => {
                    if self.events.send(CardEvent::ServiceUnavailable).is_err() {
                        return;
                    }
                    for state in states.iter().skip(1) {
                        let reader = state.name().to_string_lossy().into_owned();
                        let _ = self.events.send(CardEvent::ReaderDetached { reader });
                    }
                    states.truncate(1);
                    self.reconnect();
                }
                Err(e) => {
                    warn!("card monitor: {e}");
                    self.pause();
                }
            }
        }
    }

    /// Waits, interruptibly, for pcscd to come back.
    fn reconnect(&self) {
        while !self.stopped() {
            self.pause();
            if let Ok(context) = Context::establish(pcsc::Scope::User) {
                *self.context.lock().unwrap_or_else(PoisonError::into_inner) = context;
                return;
            }
        }
    }

    fn pause(&self) {
        let step = Duration::from_millis(50);
        let mut waited = Duration::ZERO;
        while waited < SERVICE_RETRY && !self.stopped() {
            std::thread::sleep(step);
            waited += step;
        }
    }

    /// Adds readers that appeared and drops those that went away, reporting both.
    fn sync_readers(&self, states: &mut Vec<ReaderState>) {
        let names = current(&self.context)
            .list_readers_owned()
            .unwrap_or_default();
        let wanted = |name: &CString| {
            self.filter
                .as_deref()
                .is_none_or(|f| name.to_string_lossy().contains(f))
        };
        states.retain(|s| {
            let keep =
                s.name() == PNP_NOTIFICATION() || names.iter().any(|n| n.as_c_str() == s.name());
            if !keep {
                let reader = s.name().to_string_lossy().into_owned();
                debug!(%reader, "reader detached");
                let _ = self.events.send(CardEvent::ReaderDetached { reader });
            }
            keep
        });
        for name in names.into_iter().filter(wanted) {
            if !states.iter().any(|s| s.name() == name.as_c_str()) {
                let reader = name.to_string_lossy().into_owned();
                debug!(%reader, "reader attached");
                let _ = self.events.send(CardEvent::ReaderAttached { reader });
                states.push(ReaderState::new(name, State::UNAWARE));
            }
        }
    }

    /// Sends card events for every changed reader; `false` when nobody listens any more.
    fn report(&self, states: &mut [ReaderState]) -> bool {
        for state in states.iter_mut() {
            let event = state.event_state();
            if !event.contains(State::CHANGED) {
                continue;
            }
            let was_present = state.current_state().contains(State::PRESENT);
            state.sync_current_state();
            if state.name() == PNP_NOTIFICATION() {
                continue;
            }
            let reader = state.name().to_string_lossy().into_owned();
            let now_present = event.contains(State::PRESENT);
            let message = if now_present && !was_present {
                CardEvent::CardInserted {
                    reader,
                    atr: state.atr().to_vec(),
                }
            } else if !now_present && was_present {
                CardEvent::CardRemoved { reader }
            } else {
                continue;
            };
            if self.events.send(message).is_err() {
                return false;
            }
        }
        true
    }
}
