//! The worker thread's loop: inputs (touches, card events, timeouts) in, views out.

use std::collections::VecDeque;
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender};

use super::flow::{Event, Flow};
use super::view::{UiEvent, View};
use super::worker::{CardAccess, Gateway, Worker};

/// Retention purges run at start and, while idle, this often.
const HOUSEKEEPING_EVERY: std::time::Duration = std::time::Duration::from_secs(6 * 3600);

/// What reaches the worker thread.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Input {
    Ui(UiEvent),
    CardInserted,
    CardRemoved,
}

/// Runs the flow until `inputs` or `views` closes. After each step the new view is sent and
/// `repaint` called, so the screen shows "working" before a slow effect runs. `decorate` adds
/// what the flow does not know (the demo panel).
pub fn run<C: CardAccess, G: Gateway>(
    mut worker: Worker<C, G>,
    inputs: Receiver<Input>,
    views: Sender<View>,
    repaint: impl Fn(),
    decorate: impl Fn(&mut View),
) {
    let mut flow = Flow::default();
    let publish = |flow: &Flow| {
        let mut view = flow.view();
        decorate(&mut view);
        let sent = views.send(view).is_ok();
        repaint();
        sent
    };
    if !publish(&flow) {
        return;
    }
    worker.housekeeping();
    let mut last_housekeeping = std::time::Instant::now();
    loop {
        if flow.timeout().is_none() && last_housekeeping.elapsed() >= HOUSEKEEPING_EVERY {
            worker.housekeeping();
            last_housekeeping = std::time::Instant::now();
        }
        // Idle (no screen timer) wakes only to retry the outbox or for the next purge: waiting
        // for a card costs nothing.
        let idle = flow.timeout().is_none();
        let idle_wake = worker
            .replay_due()
            .unwrap_or_else(|| HOUSEKEEPING_EVERY.saturating_sub(last_housekeeping.elapsed()));
        let input = match inputs.recv_timeout(flow.timeout().unwrap_or(idle_wake)) {
            Ok(input) => Some(input),
            Err(RecvTimeoutError::Timeout) if idle => {
                worker.replay();
                continue;
            }
            Err(RecvTimeoutError::Timeout) => None,
            Err(RecvTimeoutError::Disconnected) => return,
        };
        let event = match input {
            Some(Input::Ui(ui)) => Event::Ui(ui),
            Some(Input::CardInserted) => Event::CardInserted,
            Some(Input::CardRemoved) => Event::CardRemoved,
            None => Event::TimedOut,
        };
        let mut queue = VecDeque::from([event]);
        while let Some(event) = queue.pop_front() {
            let effects = flow.step(event);
            if !publish(&flow) {
                return;
            }
            for effect in effects {
                queue.extend(worker.run(effect));
            }
        }
    }
}
