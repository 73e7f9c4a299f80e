//! Reporting to the clinic server (issue 19): each staff case as it is raised, the kiosk's health
//! every few seconds (`[gateway] health_seconds`), and staff acknowledgements, long-polled, back
//! to the worker loop as [`Input::Acknowledged`] (the kiosk opens no port; the gateway never
//! reaches into it).
//!
//! Two threads of their own, so that no report ever waits in the patient's path: the sender
//! (cases from the store's case outbox, oldest first, retried with a growing pause while the
//! gateway is unreachable; health coalesced: only the latest is sent, a failed one is dropped
//! for the next) and the long poll. A case is written to the store by the worker when it is
//! raised, before the sender is told: nothing is lost when the gateway is down or the kiosk
//! stops.

use std::collections::VecDeque;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use tracing::{debug, info, warn};

use super::desk::StaffReason;
use super::enrolment::Enrolment;
use super::runner::Input;
use crate::eligibility::client::{GatewayClient, GatewayError};
use crate::eligibility::protocol::ErrorCode;
use crate::eligibility::reports::{CaseReason, CaseReport, HealthReport, REPORTS_VERSION};
use crate::store::Store;

/// The first pause after a failed case send; it doubles up to [`RETRY_MAX`]. A health report
/// that gets through ends the pause at once.
const RETRY_MIN: Duration = Duration::from_secs(1);
const RETRY_MAX: Duration = Duration::from_secs(30);
/// What the kiosk asks the gateway to wait in a long poll (the gateway may answer sooner).
const POLL_WAIT: Duration = Duration::from_secs(25);
/// The longest pause between long polls while the gateway cannot be reached.
const POLL_RETRY_MAX: Duration = Duration::from_secs(5);

/// The case report for `reason`, raised at `at`, with a new case id (16 random bytes, hex).
pub fn case_report(reason: StaffReason, at: OffsetDateTime) -> CaseReport {
    let (reason, detail) = case_reason(reason);
    CaseReport {
        version: REPORTS_VERSION,
        case_id: super::worker::new_id(),
        raised_at: at.format(&Rfc3339).unwrap_or_default(),
        next_step: reason.next_step(detail.as_deref()),
        reason,
        detail,
    }
}

/// The protocol's reason and detail for a staff reason (codes only).
fn case_reason(reason: StaffReason) -> (CaseReason, Option<String>) {
    let code = |code: ErrorCode| {
        serde_json::to_value(code)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
    };
    match reason {
        StaffReason::PatientCalled => (CaseReason::PatientCalled, None),
        StaffReason::UnknownCard => (CaseReason::UnknownCard, None),
        StaffReason::CardUnreadable => (CaseReason::CardUnreadable, None),
        StaffReason::PinLocked => (CaseReason::PinLocked, None),
        StaffReason::CertificateExpired => (CaseReason::CertificateExpired, None),
        StaffReason::JukiCard => (CaseReason::JukiCard, None),
        StaffReason::FaceUnavailable => (CaseReason::FaceUnavailable, None),
        StaffReason::CardDataUnproven => (CaseReason::CardDataUnproven, None),
        StaffReason::FaceFailed => (CaseReason::FaceFailed, None),
        StaffReason::Qualification(digit) => (CaseReason::Qualification, Some(digit.to_string())),
        StaffReason::SeveralResults => (CaseReason::SeveralResults, None),
        StaffReason::NoResult => (CaseReason::NoResult, None),
        StaffReason::GatewayRefused(c) => (CaseReason::GatewayRefused, code(c)),
        StaffReason::OfflineNoCache => (CaseReason::OfflineNoCache, None),
        StaffReason::PhoneNotConfirmed => (CaseReason::PhoneNotConfirmed, None),
        StaffReason::OfflineCardCheckFailed => (CaseReason::OfflineCardCheckFailed, None),
        StaffReason::RefusedOnReplay { code: c, .. } => (CaseReason::RefusedOnReplay, code(c)),
        StaffReason::CardLeftOnReader => (CaseReason::CardLeft, None),
    }
}

enum Message {
    /// A case was queued (in the store when there is one; else carried here).
    Case(Option<CaseReport>),
    Health(Box<HealthReport>),
}

/// The kiosk's reporting threads. Dropping it stops them (the long poll after its current
/// wait).
pub struct Reporter {
    messages: Sender<Message>,
    client: GatewayClient,
    stop: Arc<AtomicBool>,
    health_every: Duration,
    listening: bool,
    /// Whether the gateway knows this kiosk, learnt from the health reports' answers.
    enrolment: Enrolment,
}

impl std::fmt::Debug for Reporter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Reporter")
            .field("health_every", &self.health_every)
            .finish()
    }
}

impl Drop for Reporter {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

impl Reporter {
    /// Starts the sender on `client`. `store` is a connection of its own to the kiosk's store
    /// ([`Store::another_connection`]), whose case outbox it empties; `None`: cases are held in
    /// memory until sent.
    pub fn start(client: GatewayClient, store: Option<Store>, health_every: Duration) -> Self {
        let (messages, rx) = mpsc::channel();
        let sender = client.clone();
        let enrolment = Enrolment::new(&client);
        let learns = enrolment.clone();
        std::thread::Builder::new()
            .name("reports".into())
            .spawn(move || send_loop(&sender, store, &rx, &learns))
            .map_err(|e| warn!("reports: cannot start the thread: {e}"))
            .ok();
        Reporter {
            messages,
            client,
            stop: Arc::new(AtomicBool::new(false)),
            health_every,
            listening: false,
            enrolment,
        }
    }

    /// This kiosk's key and where the gateway stands with it.
    pub fn enrolment(&self) -> &Enrolment {
        &self.enrolment
    }

    /// How often the worker loop sends health.
    pub fn health_every(&self) -> Duration {
        self.health_every
    }

    /// Starts the long poll: each acknowledgement goes to `inputs` (the worker loop's). Once.
    pub fn listen(&mut self, inputs: Sender<Input>) {
        if std::mem::replace(&mut self.listening, true) {
            return;
        }
        let (client, stop) = (self.client.clone(), self.stop.clone());
        std::thread::Builder::new()
            .name("acknowledgements".into())
            .spawn(move || poll_loop(&client, &inputs, &stop))
            .map_err(|e| warn!("acknowledgements: cannot start the thread: {e}"))
            .ok();
    }

    /// A case was queued in the store (`None`), or is to be sent from memory (no store).
    pub fn case_queued(&self, report: Option<CaseReport>) {
        let _ = self.messages.send(Message::Case(report));
    }

    pub fn health(&self, report: HealthReport) {
        let _ = self.messages.send(Message::Health(Box::new(report)));
    }
}

/// Where the cases wait.
enum Queue {
    Store(Box<Store>),
    Memory(VecDeque<CaseReport>),
}

impl Queue {
    fn pending(&self) -> Vec<CaseReport> {
        match self {
            Queue::Store(store) => store.queued_cases().unwrap_or_else(|e| {
                warn!("reports: reading the case outbox: {e}");
                Vec::new()
            }),
            Queue::Memory(cases) => cases.iter().cloned().collect(),
        }
    }

    fn sent(&mut self, case_id: &str) {
        match self {
            Queue::Store(store) => {
                if let Err(e) = store.case_sent(case_id) {
                    warn!("reports: the case outbox: {e}");
                }
            }
            Queue::Memory(cases) => cases.retain(|c| c.case_id != case_id),
        }
    }
}

fn send_loop(
    client: &GatewayClient,
    store: Option<Store>,
    rx: &Receiver<Message>,
    enrolment: &Enrolment,
) {
    let mut queue = match store {
        Some(store) => Queue::Store(Box::new(store)),
        None => Queue::Memory(VecDeque::new()),
    };
    // Cases left from before a restart go first.
    let mut cases_waiting = !queue.pending().is_empty();
    let mut retry_at = Some(Instant::now());
    let mut pause = RETRY_MIN;
    loop {
        let wait = retry_at
            .filter(|_| cases_waiting)
            .map_or(Duration::from_secs(3600), |at| {
                at.saturating_duration_since(Instant::now())
            });
        let mut health = None;
        let first = match rx.recv_timeout(wait) {
            Ok(message) => Some(message),
            Err(RecvTimeoutError::Timeout) => None,
            Err(RecvTimeoutError::Disconnected) => return,
        };
        for message in first.into_iter().chain(rx.try_iter()) {
            match message {
                Message::Case(report) => {
                    if let (Queue::Memory(cases), Some(report)) = (&mut queue, report) {
                        cases.push_back(report);
                    }
                    cases_waiting = true;
                    retry_at = Some(Instant::now());
                }
                // Only the latest counts.
                Message::Health(report) => health = Some(report),
            }
        }
        if let Some(report) = health {
            let answer = client.report_health(&report);
            match &answer {
                // The gateway answers: waiting cases go now.
                Ok(_) => retry_at = Some(Instant::now()),
                Err(e) => debug!("reports: health not sent: {e}"),
            }
            // An unknown kiosk asks to be enrolled.
            enrolment.after_answer(client, &answer);
        }
        if cases_waiting && retry_at.is_some_and(|at| at <= Instant::now()) {
            if send_cases(client, &mut queue) {
                cases_waiting = false;
                pause = RETRY_MIN;
            } else {
                retry_at = Some(Instant::now() + pause);
                pause = (pause * 2).min(RETRY_MAX);
            }
        }
    }
}

/// Sends the waiting cases in order; `false` when one could not be sent (it and those after it
/// wait for the next try).
fn send_cases(client: &GatewayClient, queue: &mut Queue) -> bool {
    for case in queue.pending() {
        match client.report_case(&case) {
            Ok(receipt) => {
                info!(case = case.case_id, new = receipt.new, "case reported");
                queue.sent(&case.case_id);
            }
            // A report the gateway read and refused (400) will never pass: dropped, loudly. Any
            // other answer (404 from a gateway without reports yet, 405, 408 on a slow network,
            // 5xx) may pass later: the case waits.
            Err(GatewayError::Refused {
                status: 400,
                code: ErrorCode::BadRequest,
                message,
            }) => {
                warn!(
                    case = case.case_id,
                    "case refused by the gateway: {message}"
                );
                queue.sent(&case.case_id);
            }
            Err(e) => {
                debug!("reports: case not sent: {e}");
                return false;
            }
        }
    }
    true
}

fn poll_loop(client: &GatewayClient, inputs: &Sender<Input>, stop: &AtomicBool) {
    let mut cursor = 0;
    let mut pause = RETRY_MIN;
    while !stop.load(Ordering::Relaxed) {
        match client.acknowledgements(cursor, POLL_WAIT) {
            Ok(answer) => {
                pause = RETRY_MIN;
                for ack in answer.acknowledgements {
                    if inputs.send(Input::Acknowledged(ack)).is_err() {
                        return;
                    }
                }
                cursor = cursor.max(answer.cursor);
            }
            Err(e) => {
                debug!("acknowledgements: {e}");
                let until = Instant::now() + pause;
                while Instant::now() < until && !stop.load(Ordering::Relaxed) {
                    std::thread::sleep(Duration::from_millis(100));
                }
                pause = (pause * 2).min(POLL_RETRY_MAX);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn staff_reasons_become_protocol_cases_with_codes_only() {
        let at = OffsetDateTime::now_utc();
        let locked = case_report(StaffReason::PinLocked, at);
        assert_eq!(locked.reason, CaseReason::PinLocked);
        assert_eq!(locked.next_step, "pin_locked");
        assert_eq!(locked.check(), Ok(()));
        assert_eq!(locked.case_id.len(), 32);
        assert_ne!(
            locked.case_id,
            case_report(StaffReason::PinLocked, at).case_id
        );
        let refused = case_report(
            StaffReason::GatewayRefused(ErrorCode::CertificateRevoked),
            at,
        );
        assert_eq!(refused.detail.as_deref(), Some("certificate_revoked"));
        assert_eq!(refused.check(), Ok(()));
        let q = case_report(StaffReason::Qualification(3), at);
        assert_eq!(q.detail.as_deref(), Some("3"));
        assert_eq!(q.next_step, "qualification_3");
        // Each staff reason's code is the protocol's.
        for reason in [
            StaffReason::PatientCalled,
            StaffReason::CardLeftOnReader,
            StaffReason::OfflineCardCheckFailed,
            StaffReason::RefusedOnReplay {
                code: ErrorCode::BadCardSignature,
                visit: 3,
            },
        ] {
            assert_eq!(case_reason(reason).0.code(), reason.code());
        }
    }
}
