//! The worker's side of reporting (issue 19): a raised case is queued in the store and handed
//! to the reporter; health is made from what the worker knows, on the loop's clock.

use std::sync::mpsc::Sender;
use std::time::Instant;

use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use tracing::warn;

use super::{CardAccess, Gateway, Worker};
use crate::eligibility::reports::{HealthReport, REPORTS_VERSION, Reachability};
use crate::reception::desk::StaffReason;
use crate::reception::report::{Reporter, case_report};
use crate::reception::runner::Input;

impl<C: CardAccess, G: Gateway> Worker<C, G> {
    /// Reports cases and health to the clinic server, and hears staff acknowledgements
    /// ([`Worker::listen_for_acknowledgements`]).
    pub fn with_reporter(mut self, reporter: Option<Reporter>) -> Self {
        self.health_due = reporter.as_ref().map(|_| self.clock.now());
        self.reporter = reporter;
        self
    }

    /// Starts the reporter's long poll, which sends each acknowledgement to `inputs` (the
    /// loop's own); nothing without a reporter.
    pub fn listen_for_acknowledgements(&mut self, inputs: Sender<Input>) {
        if let Some(reporter) = self.reporter.as_mut() {
            reporter.listen(inputs);
        }
    }

    /// A case raised: queued in the store first (nothing lost if the gateway is down or the
    /// kiosk stops), then handed to the reporter. A patient's case (not a refusal found on
    /// replay) becomes the one whose "on my way" the screen shows.
    pub(super) fn report_case(&mut self, reason: StaffReason) {
        let Some(reporter) = &self.reporter else {
            return;
        };
        let report = case_report(reason, OffsetDateTime::now_utc());
        if !matches!(reason, StaffReason::RefusedOnReplay { .. }) {
            self.patient_case = Some(report.case_id.clone());
        }
        match &self.offline {
            Some(offline) => match offline.store.queue_case(&report, OffsetDateTime::now_utc()) {
                Ok(()) => reporter.case_queued(None),
                Err(e) => {
                    warn!("queueing the case: {e}; sent from memory");
                    reporter.case_queued(Some(report));
                }
            },
            None => reporter.case_queued(Some(report)),
        }
    }

    /// The case of the patient at the kiosk now, if one was raised since the last idle screen.
    pub fn patient_case(&self) -> Option<&str> {
        self.patient_case.as_deref()
    }

    /// The visit is over (the idle screen): no case is the patient's any more.
    pub fn forget_patient_case(&mut self) {
        self.patient_case = None;
    }

    /// When health is due next (with a reporter).
    pub fn health_due(&self) -> Option<Instant> {
        self.health_due
    }

    /// Sends health when it is due, and sets the next time.
    pub fn send_health(&mut self, card_in_reader: bool) {
        let Some(reporter) = &self.reporter else {
            return;
        };
        let now = self.clock.now();
        if self.health_due.is_some_and(|due| due > now) {
            return;
        }
        self.health_due = Some(now + reporter.health_every());
        reporter.health(self.health_report(card_in_reader));
    }

    /// What the worker knows of the kiosk now, without waiting on the network.
    pub fn health_report(&self, card_in_reader: bool) -> HealthReport {
        let time = |at: OffsetDateTime| at.format(&Rfc3339).unwrap_or_default();
        let outbox_backlog = self.offline.as_ref().and_then(|offline| {
            let requests = offline.store.waiting().ok()?;
            let cases = offline.store.cases_waiting().ok()?;
            u64::try_from(requests + cases).ok()
        });
        HealthReport {
            version: REPORTS_VERSION,
            sent_at: time(OffsetDateTime::now_utc()),
            reader_attached: self.card.reader_present(),
            card_in_reader,
            gateway: self.gateway.last.map(|(reachable, at)| Reachability {
                reachable,
                at: time(at),
            }),
            outbox_backlog,
            face_available: self.face_attempts().is_some(),
            kiosk_version: env!("CARGO_PKG_VERSION").to_string(),
        }
    }
}
