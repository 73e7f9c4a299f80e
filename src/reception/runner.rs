//! The worker thread's loop: inputs (touches, card events, timeouts) in, views out.

use std::collections::VecDeque;
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender};

use super::flow::{Event, Flow};
use super::view::{UiEvent, View};
use super::worker::{CardAccess, Gateway, Worker};

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
    loop {
        // Idle: no screen timer, but the outbox is retried while it is not empty.
        let idle = flow.timeout().is_none();
        let input = match flow.timeout().or_else(|| worker.replay_due()) {
            Some(limit) => match inputs.recv_timeout(limit) {
                Ok(input) => Some(input),
                Err(RecvTimeoutError::Timeout) if idle => {
                    worker.replay();
                    continue;
                }
                Err(RecvTimeoutError::Timeout) => None,
                Err(RecvTimeoutError::Disconnected) => return,
            },
            None => match inputs.recv() {
                Ok(input) => Some(input),
                Err(_) => return,
            },
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
