//! Offline: answers from the cache (only for a card that proves itself), the visit records, and
//! the outbox replay with its refusals (docs/design.md, Offline behaviour).

use super::*;
use crate::store::{AuditAction, VisitStatus};

impl<C: CardAccess, G: Gateway> Worker<C, G> {
    /// The gateway cannot be reached: the cached result for this certificate (provisional, with
    /// its date) or staff; either way the visit and the offline-signed confirmation are stored
    /// together.
    ///
    /// First the kiosk checks, locally, what the card proved: its signature over the offline
    /// challenge must verify with the certificate it presented, and a cache entry is used only
    /// when it was stored for that very certificate (its SHA-256; the lookup key names only the
    /// issuer and serial). A card that fails gets no cached answer and nothing is queued (the
    /// gateway could never accept it); the visit and an audit row say why. Whether the
    /// certificate is valid (CA, revocation, expiry) stays the gateway's call on replay: the
    /// law reserves JPKI verification to approved verifiers (docs/domain/mynacard.md §8).
    pub(super) fn answer_offline(
        &mut self,
        evidence: &Evidence,
        consent: Consent,
    ) -> Result<Answer, GatewayProblem> {
        let Some(offline) = &self.offline else {
            return Err(GatewayProblem::Unreachable);
        };
        let challenge = offline_challenge(
            self.gateway.kiosk_id(),
            &evidence.request_id,
            &evidence.signed_at,
        );
        // An iPhone that signed only the gateway's challenge proved nothing offline: staff.
        let Some(offline_signature) = &evidence.offline_signature else {
            return Err(GatewayProblem::Unreachable);
        };
        let signed = base64_decode(offline_signature).is_ok_and(|signature| {
            card_signature_verifies(evidence.certificate.public_key(), &challenge, &signature)
        });
        if !signed {
            warn!("offline: the card's signature does not verify with its certificate");
            self.record_card_check_failed(evidence, "bad_card_signature");
            return Err(GatewayProblem::CardCheckFailed);
        }
        let now = OffsetDateTime::now_utc();
        let cached =
            match offline
                .store
                .cache_get(&evidence.certificate.id(), now, offline.cache_max_age)
            {
                Ok(cached) => cached,
                Err(e) => {
                    warn!("cache: {e}");
                    None
                }
            };
        let cached = match cached {
            Some(cached) => match cached.origin {
                Some(origin) if origin.is_for(evidence.certificate.der()) => Some(cached),
                Some(_) => {
                    warn!("offline: not the certificate the cached answer was stored for");
                    self.record_card_check_failed(evidence, "certificate_mismatch");
                    return Err(GatewayProblem::CardCheckFailed);
                }
                // Stored before entries named their certificate: the safe side is not to rely
                // on it for a card visit (the next online confirmation stores a new one).
                None => {
                    info!("offline: cached answer without its certificate's hash: not used");
                    None
                }
            },
            None => None,
        };
        // Without an offline signature nothing can be queued: staff, and nothing recorded.
        let Some(request) = self.request(evidence, consent, false) else {
            return Err(GatewayProblem::Unreachable);
        };
        let status = if cached.is_some() {
            VisitStatus::Provisional
        } else {
            VisitStatus::NeedsStaff
        };
        // A cached answer is only shown when its offline-signed confirmation is queued: if the
        // visit and outbox entry cannot be stored, the patient goes to staff instead.
        if let Err(e) = self.record(evidence, status, true, Some(&request)) {
            warn!("recording the offline visit and its outbox entry: {e}");
            return Err(GatewayProblem::Unreachable);
        }
        match cached {
            Some(cached) => {
                let cached_on = cached.confirmed_at.date().to_string();
                self.last_answer = Some((
                    cached.result.clone(),
                    Source::Cache {
                        confirmed_at: cached.confirmed_at,
                    },
                ));
                Ok(Answer {
                    result: Box::new(cached.result),
                    cached_on: Some(cached_on),
                })
            }
            None => Err(GatewayProblem::Unreachable),
        }
    }

    /// Stores the visit (and, offline, its outbox entry, in the same transaction). Without a
    /// store there is nothing to record.
    pub(super) fn record(
        &self,
        evidence: &Evidence,
        status: VisitStatus,
        provisional: bool,
        outbox: Option<&ConfirmationRequest>,
    ) -> Result<(), StoreError> {
        let Some(offline) = &self.offline else {
            return Ok(());
        };
        let visit = Visit {
            at: OffsetDateTime::now_utc(),
            method: evidence.method,
            status,
            provisional,
            details: serde_json::json!({
                "request_id": evidence.request_id,
                "assurance": Assurance::CardSignature.code(),
            }),
        };
        offline.store.record_visit(&visit, outbox).map(|_| ())
    }

    /// The card failed the offline check (`why`: `bad_card_signature`, `certificate_mismatch`):
    /// the visit (nothing queued) and an audit row. Failures to store are logged only: the
    /// patient goes to staff either way.
    pub(super) fn record_card_check_failed(&self, evidence: &Evidence, why: &str) {
        let Some(offline) = &self.offline else { return };
        if let Err(e) = self.record(evidence, VisitStatus::CardCheckFailed, false, None) {
            warn!("recording the visit: {e}");
        }
        let detail = serde_json::json!({ "request_id": evidence.request_id, "reason": why });
        if let Err(e) = offline
            .store
            .audit("kiosk", AuditAction::OfflineCardCheckFailed, &detail)
        {
            warn!("audit: {e}");
        }
    }

    /// The visits refused on replay that staff have not settled (as staff cases).
    pub fn replay_refusals(&self) -> Vec<ReplayRefusal> {
        let Some(offline) = &self.offline else {
            return Vec::new();
        };
        match offline.store.refused_visits() {
            Ok(visits) => visits.iter().map(replay_refusal).collect(),
            Err(e) => {
                warn!("refused visits: {e}");
                Vec::new()
            }
        }
    }

    /// Sends what waits in the outbox (see [`replay_outbox`]).
    pub fn replay(&mut self) -> usize {
        match &self.offline {
            Some(offline) => {
                // The back-off is on the worker's clock, as the runner's retry deadline is.
                let report = replay_outbox_at(
                    &offline.store,
                    &mut self.gateway,
                    false,
                    self.result_writer.as_ref(),
                    self.clock.now_utc(),
                );
                report.sent + report.refused
            }
            None => 0,
        }
    }

    /// Retention: purges expired cache entries, and visits and audit rows past their retention
    /// (the purge is itself audited). The runner calls it at start and every few hours.
    pub fn housekeeping(&self) {
        let Some(offline) = &self.offline else { return };
        let now = OffsetDateTime::now_utc();
        if let Err(e) = offline.store.cache_purge(now, offline.cache_max_age) {
            warn!("cache purge: {e}");
        }
        match offline
            .store
            .purge(now, offline.visit_retention, offline.audit_retention)
        {
            Ok(report) => info!(
                visits = report.visits,
                audit_rows = report.audit_rows,
                "retention purge"
            ),
            Err(e) => warn!("retention purge: {e}"),
        }
    }

    /// When to try the outbox again: `None` when it is empty (or there is no store).
    pub fn replay_due(&self) -> Option<Duration> {
        let offline = self.offline.as_ref()?;
        match offline.store.waiting() {
            Ok(0) | Err(_) => None,
            Ok(_) => Some(REPLAY_EVERY),
        }
    }
}

/// Sends what waits in the outbox, strictly oldest first; stops at the first entry that cannot
/// be sent, and backs it off unless the gateway was only busy (over this kiosk's rate).
/// `retry_now` (staff) ignores the back-off. The gateway answers a request id it has seen with
/// its first answer, so a send that was delivered but not acknowledged is harmless to repeat.
/// Returns how many left the queue (accepted or refused for good: see [`replay_outbox_report`]).
/// Writes no result files: see [`replay_outbox_with`].
pub fn replay_outbox(store: &Store, gateway: &mut impl Gateway, retry_now: bool) -> usize {
    replay_outbox_with(store, gateway, retry_now, None)
}

/// [`replay_outbox`], and each confirmed answer the gateway gives to a replayed entry is written
/// by `writer`: the receipt software gets the confirmed file once the gateway has answered (a
/// second replay of the same entry replaces the same file).
pub fn replay_outbox_with(
    store: &Store,
    gateway: &mut impl Gateway,
    retry_now: bool,
    writer: Option<&ResultWriter>,
) -> usize {
    let report = replay_outbox_report(store, gateway, retry_now, writer);
    report.sent + report.refused
}

/// What one replay round did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReplayReport {
    /// Entries the gateway accepted.
    pub sent: usize,
    /// Entries the gateway refused for good: each one audited (`outbox_refused`), its visit
    /// now `refused_on_replay`.
    pub refused: usize,
    /// Those refused entries' visits (the staff cases).
    pub refused_visits: Vec<RefusedVisit>,
}

/// How the gateway took one replayed entry.
enum Replayed {
    Accepted,
    /// Refused for good: the evidence will never pass.
    Refused(ErrorCode),
    /// Not now (unreachable, or a refusal of the kiosk itself): backed off, tried again.
    Later,
}

/// [`replay_outbox_with`], reporting the refusals.
///
/// Evidence the gateway refuses (a bad card signature, a revoked certificate, an expired
/// challenge, an unknown person) will never pass, and the provisional answer the visit was given
/// does not stand: the entry leaves the queue, but never silently: in one transaction its
/// visit's status becomes `refused_on_replay` and an audit row records the refusal
/// ([`Store::refuse_replayed`]); the kiosk's staff desk shows it as a case until staff settle it
/// ([`Worker::replay_refusals`]). A refusal of the kiosk itself (unknown kiosk, its key, its
/// clock) or the gateway's internal error keeps the entry queued.
pub fn replay_outbox_report(
    store: &Store,
    gateway: &mut impl Gateway,
    retry_now: bool,
    writer: Option<&ResultWriter>,
) -> ReplayReport {
    replay_outbox_at(store, gateway, retry_now, writer, OffsetDateTime::now_utc())
}

/// [`replay_outbox_report`] at `now` (by the worker's clock): the back-off is measured from it.
pub(super) fn replay_outbox_at(
    store: &Store,
    gateway: &mut impl Gateway,
    retry_now: bool,
    writer: Option<&ResultWriter>,
    now: OffsetDateTime,
) -> ReplayReport {
    let mut report = ReplayReport::default();
    // Every entry, in order; the head's back-off holds back the whole queue.
    let pending = match store.pending_requests(now + time::Duration::days(365), 100) {
        Ok(pending) => pending,
        Err(e) => {
            warn!("outbox: {e}");
            return report;
        }
    };
    if !retry_now
        && pending
            .first()
            .is_some_and(|head| head.next_attempt_at > now)
    {
        return report;
    }
    for entry in pending {
        let answer = match &entry.request {
            GatewayRequest::Card(request) => gateway.confirm(request),
            request => gateway.send(request).map(|answer| answer.result),
        };
        let replayed = match answer {
            Ok(result) => {
                write_result_file(writer, &result, entry.request.method());
                Replayed::Accepted
            }
            Err(GatewayProblem::Refused(
                ErrorCode::UnknownKiosk
                | ErrorCode::BadKioskSignature
                | ErrorCode::StaleRequest
                | ErrorCode::ReplayedRequest
                | ErrorCode::Internal,
            )) => Replayed::Later,
            Err(GatewayProblem::Refused(code)) => Replayed::Refused(code),
            // Over the kiosk's rate: no back-off, the next round goes on from this entry.
            Err(GatewayProblem::Busy) => break,
            Err(GatewayProblem::Unreachable | GatewayProblem::CardCheckFailed) => Replayed::Later,
        };
        let marked = match replayed {
            Replayed::Accepted => store.mark_sent(entry.id).map(|_| ()),
            Replayed::Refused(code) => {
                let code = error_code(code);
                warn!(code, "the gateway refused a queued confirmation");
                store
                    .refuse_replayed(entry.id, &code, now)
                    .map(|visit| report.refused_visits.extend(visit))
            }
            Replayed::Later => store
                .mark_failed(entry.id, now + backoff(entry.attempts))
                .map(|_| ()),
        };
        // A store that cannot be written (full disk) would have every round send the same
        // entries again: stop here, and count only what the store knows has left.
        if let Err(e) = marked {
            warn!("outbox: {e}");
            break;
        }
        match replayed {
            Replayed::Accepted => report.sent += 1,
            Replayed::Refused(_) => report.refused += 1,
            Replayed::Later => break,
        }
    }
    report
}

/// The protocol's name of an error code (`certificate_revoked`, …), as serde writes it.
pub(super) fn error_code(code: ErrorCode) -> String {
    serde_json::to_value(code)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_else(|| "internal".into())
}

/// A refused visit as a staff case; a code this build does not know reads as `internal`.
pub(super) fn replay_refusal(visit: &RefusedVisit) -> ReplayRefusal {
    let code = serde_json::from_value(serde_json::Value::String(visit.code.clone()))
        .unwrap_or(ErrorCode::Internal);
    ReplayRefusal {
        visit: visit.visit_id,
        at: visit.at,
        code,
    }
}

/// Writes a confirmed gateway result for the clinic's receipt software. A failure is logged
/// (without personal data) and changes nothing the patient sees.
pub(super) fn write_result_file(
    writer: Option<&ResultWriter>,
    result: &ConfirmationResult,
    method: Method,
) {
    let Some(writer) = writer else { return };
    if !result.is_confirmed() {
        return;
    }
    match writer.write(result, method) {
        Ok(path) => info!(file = %path.display(), "clinic result file written"),
        Err(e) => warn!("clinic result file: {e}"),
    }
}

/// How often a non-empty outbox is retried while the kiosk is idle.
pub(super) const REPLAY_EVERY: Duration = Duration::from_secs(30);

/// 30 s, 1 min, 2 min … up to an hour between tries of one entry.
pub(super) fn backoff(attempts: u32) -> time::Duration {
    time::Duration::seconds((30i64 << attempts.min(7)).min(3600))
}

impl Offline {
    /// Opens the store of `[store]`.
    pub fn open(config: &crate::config::StoreConfig) -> Result<Self, StoreError> {
        Ok(Offline {
            store: Store::open(&config.path, &config.data_key)?,
            cache_max_age: time::Duration::days(i64::from(config.cache_max_age_days)),
            visit_retention: time::Duration::days(i64::from(config.visit_retention_days)),
            audit_retention: time::Duration::days(i64::from(config.audit_retention_days)),
        })
    }
}
