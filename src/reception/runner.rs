//! The worker thread's loop: inputs (touches, card events, timeouts) in, views out.

use std::collections::VecDeque;
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender};

use std::time::Instant;

use crate::clock::recv_until;

use super::desk::{Desk, DeskEvent};
use super::flow::{Effect, Event, Flow};
use super::view::{Screen, UiEvent, View};
use super::worker::{CardAccess, Gateway, Worker};
use crate::eligibility::reports::{Acknowledgement, AcknowledgementKind};

/// Retention purges run at start and, while idle, this often.
const HOUSEKEEPING_EVERY: std::time::Duration = std::time::Duration::from_secs(6 * 3600);

/// What reaches the worker thread.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    Ui(UiEvent),
    CardInserted,
    CardRemoved,
    /// Staff acknowledged a case of this kiosk at the clinic server (issue 19).
    Acknowledged(Acknowledgement),
    /// Ends the loop at once: the worker, with its card session and store, is dropped (a
    /// kiosk stopped while other senders, such as the reporter's, are still open).
    Shutdown,
}

/// Runs the flow until `inputs` or `views` closes, or [`Input::Shutdown`] arrives. After each step the new view is sent and
/// `repaint` called, so the screen shows "working" before a slow effect runs. `decorate` adds
/// what the flow does not know (the demo panel). Every deadline (screens, "need more time?",
/// the desk's idle lock, outbox retries, housekeeping) is on the worker's clock
/// ([`Worker::with_clock`]).
pub fn run<C: CardAccess, G: Gateway>(
    mut worker: Worker<C, G>,
    inputs: Receiver<Input>,
    views: Sender<View>,
    repaint: impl Fn(),
    decorate: impl Fn(&mut View),
) {
    let clock = worker.clock();
    let mut flow = Flow {
        face_attempts: worker.face_attempts(),
        card_front: worker.card_front(),
        staff_call: worker.staff_call_configured(),
        card_left: worker.card_left(),
        ..Flow::default()
    };
    if !flow.staff_call {
        tracing::warn!(
            "no staff call mechanism is configured ([staff] call_command): patients who call \
             staff are asked to speak to the reception counter"
        );
    }
    let mut desk = Desk::default();
    // A signed-in staff desk left alone this long locks itself.
    let mut desk_deadline: Option<Instant> = None;
    // Staff said "on my way" to the patient's case; until the patient screen is idle again.
    let staff_coming = std::cell::Cell::new(false);
    // What the card monitor said last (the health report's `card_in_reader`).
    let mut card_in_reader = false;
    let publish = |flow: &Flow, desk: &Desk| {
        let mut view = flow.view();
        if view.screen == Screen::Idle {
            staff_coming.set(false);
        }
        view.staff_coming =
            staff_coming.get() && matches!(view.screen, Screen::Notice(n) if n.see_staff());
        view.staff = desk.view();
        decorate(&mut view);
        let sent = views.send(view).is_ok();
        repaint();
        sent
    };
    desk.step(DeskEvent::FaceOff(worker.face_off()));
    desk.step(DeskEvent::CardFrontOff(
        flow.face_attempts.is_some() && !flow.card_front,
    ));
    // Provisional visits refused on replay (by this kiosk before a restart, or by `myna-kiosk
    // outbox replay`) wait for staff as cases.
    let refusals = worker.replay_refusals();
    drive_desk(&mut desk, &mut worker, DeskEvent::Refusals(refusals));
    if !publish(&flow, &desk) {
        return;
    }
    worker.housekeeping();
    let mut last_housekeeping = clock.now();
    // The screen's deadline, kept while a repeated staff call interrupts the wait.
    let mut flow_deadline: Option<Instant> = None;
    loop {
        let since_housekeeping = clock.now().saturating_duration_since(last_housekeeping);
        if flow.timeout().is_none() && since_housekeeping >= HOUSEKEEPING_EVERY {
            worker.housekeeping();
            last_housekeeping = clock.now();
        }
        // Idle (no screen timer) wakes only to retry the outbox or for the next purge: waiting
        // for a card costs nothing.
        let idle = flow.timeout().is_none();
        let idle_wake = worker.replay_due().unwrap_or_else(|| {
            let since = clock.now().saturating_duration_since(last_housekeeping);
            HOUSEKEEPING_EVERY.saturating_sub(since)
        });
        let started = clock.now();
        let flow_wait = match flow_deadline.take() {
            Some(deadline) => Some(deadline.saturating_duration_since(started)),
            None => flow.timeout(),
        };
        let mut deadline = started + flow_wait.unwrap_or(idle_wake);
        if let Some(desk) = desk_deadline {
            deadline = deadline.min(desk);
        }
        let call_due = worker.staff_call_due();
        if let Some(due) = call_due {
            deadline = deadline.min(due);
        }
        let health_due = worker.health_due();
        if let Some(due) = health_due {
            deadline = deadline.min(due);
        }
        let input = match recv_until(&*clock, &inputs, deadline) {
            Ok(input) => Some(input),
            Err(RecvTimeoutError::Timeout) if desk_deadline.is_some_and(|d| d <= clock.now()) => {
                desk_deadline = None;
                drive_desk(&mut desk, &mut worker, DeskEvent::IdleTimeout);
                if !publish(&flow, &desk) {
                    return;
                }
                continue;
            }
            // Nobody has signed in since staff were called: call again; the screen's own
            // deadline stays where it was.
            Err(RecvTimeoutError::Timeout) if call_due.is_some_and(|d| d <= clock.now()) => {
                worker.repeat_staff_call();
                flow_deadline = flow_wait.map(|w| started + w);
                continue;
            }
            // Health is due: sent (by the reporter's thread); the screen's deadline stays.
            Err(RecvTimeoutError::Timeout) if health_due.is_some_and(|d| d <= clock.now()) => {
                worker.send_health(card_in_reader);
                flow_deadline = flow_wait.map(|w| started + w);
                continue;
            }
            Err(RecvTimeoutError::Timeout) if idle => {
                worker.replay();
                let cases = desk.cases().len();
                let refusals = worker.replay_refusals();
                drive_desk(&mut desk, &mut worker, DeskEvent::Refusals(refusals));
                if desk.cases().len() != cases && !publish(&flow, &desk) {
                    return;
                }
                continue;
            }
            Err(RecvTimeoutError::Timeout) => None,
            Err(RecvTimeoutError::Disconnected) => return,
        };
        let event = match input {
            Some(Input::Shutdown) => return,
            Some(Input::Acknowledged(ack)) => {
                if acknowledged(&ack, &mut worker, &staff_coming) && !publish(&flow, &desk) {
                    return;
                }
                flow_deadline = flow_wait.map(|w| started + w);
                continue;
            }
            Some(Input::Ui(UiEvent::Staff(ui))) => {
                drive_desk(&mut desk, &mut worker, DeskEvent::Ui(ui));
                desk_deadline = desk
                    .is_open()
                    .then(|| clock.now() + worker.staff_idle_lock());
                if !publish(&flow, &desk) {
                    return;
                }
                continue;
            }
            Some(Input::Ui(ui)) => Event::Ui(ui),
            Some(Input::CardInserted) => {
                card_in_reader = true;
                Event::CardInserted
            }
            Some(Input::CardRemoved) => {
                card_in_reader = false;
                Event::CardRemoved
            }
            None => Event::TimedOut,
        };
        let mut queue = VecDeque::from([event]);
        let mut from_input = true;
        while let Some(event) = queue.pop_front() {
            // A long chain (the camera frames of a face attempt) still hears the patient, the
            // card and staff: an input that arrived meanwhile goes before the next result of
            // the worker (never before the input that started the chain).
            let arrived = match std::mem::replace(&mut from_input, false) {
                true => Interrupt::None,
                false => interrupt(&inputs, &mut desk, &mut worker, &staff_coming),
            };
            let event = match arrived {
                Interrupt::None => event,
                Interrupt::Flow(first) => {
                    queue.push_front(event);
                    first
                }
                Interrupt::Desk => {
                    desk_deadline = desk
                        .is_open()
                        .then(|| clock.now() + worker.staff_idle_lock());
                    queue.push_front(event);
                    if !publish(&flow, &desk) {
                        return;
                    }
                    continue;
                }
                Interrupt::Closed => return,
            };
            if let Event::CardInserted | Event::CardRemoved = event {
                card_in_reader = matches!(event, Event::CardInserted);
            }
            let effects = flow.step(event);
            if flow.view().screen == Screen::Idle {
                worker.forget_patient_case();
            }
            if !publish(&flow, &desk) {
                return;
            }
            for effect in effects {
                if let Effect::ReferToStaff(reason) = effect {
                    let at = time::OffsetDateTime::now_utc();
                    drive_desk(&mut desk, &mut worker, DeskEvent::Referred { reason, at });
                    continue;
                }
                queue.extend(worker.run(effect));
            }
        }
    }
}

/// What arrived while the flow was busy.
enum Interrupt {
    None,
    Flow(Event),
    /// A staff touch or an acknowledgement, already handled.
    Desk,
    Closed,
}

fn interrupt<C: CardAccess, G: Gateway>(
    inputs: &Receiver<Input>,
    desk: &mut Desk,
    worker: &mut Worker<C, G>,
    staff_coming: &std::cell::Cell<bool>,
) -> Interrupt {
    match inputs.try_recv() {
        Ok(Input::Ui(UiEvent::Staff(ui))) => {
            drive_desk(desk, worker, DeskEvent::Ui(ui));
            Interrupt::Desk
        }
        Ok(Input::Acknowledged(ack)) => {
            acknowledged(&ack, worker, staff_coming);
            Interrupt::Desk
        }
        Ok(Input::Ui(ui)) => Interrupt::Flow(Event::Ui(ui)),
        Ok(Input::CardInserted) => Interrupt::Flow(Event::CardInserted),
        Ok(Input::CardRemoved) => Interrupt::Flow(Event::CardRemoved),
        Err(std::sync::mpsc::TryRecvError::Empty) => Interrupt::None,
        Ok(Input::Shutdown) | Err(std::sync::mpsc::TryRecvError::Disconnected) => Interrupt::Closed,
    }
}

/// An acknowledgement from the clinic server: "on my way" for the patient's own case turns on
/// the "staff are coming" line (`true`: the screen changes). Others (older cases, resolutions)
/// change nothing here; the kiosk desk keeps its own cases.
fn acknowledged<C: CardAccess, G: Gateway>(
    ack: &Acknowledgement,
    worker: &mut Worker<C, G>,
    staff_coming: &std::cell::Cell<bool>,
) -> bool {
    tracing::info!(case = ack.case_id, kind = ?ack.kind, "staff acknowledged a case");
    let ours = worker.patient_case() == Some(ack.case_id.as_str());
    if ours && ack.kind == AcknowledgementKind::OnMyWay && !staff_coming.get() {
        staff_coming.set(true);
        return true;
    }
    false
}

/// Steps the staff desk with `event` and runs its effects until none are left.
fn drive_desk<C: CardAccess, G: Gateway>(
    desk: &mut Desk,
    worker: &mut Worker<C, G>,
    event: DeskEvent,
) {
    let mut queue = VecDeque::from([event]);
    while let Some(event) = queue.pop_front() {
        for effect in desk.step(event) {
            queue.extend(worker.run_desk(effect));
        }
    }
}
