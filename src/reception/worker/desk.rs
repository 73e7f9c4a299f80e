//! The worker's side of the staff desk: staff PIN checks with lock-out, the lists staff see, the
//! outbox retry, the audit rows in the member's name, and the staff call.

use std::time::{Duration, Instant};

use time::OffsetDateTime;
use time::macros::format_description;
use tracing::{info, warn};

use super::{CardAccess, Gateway, Worker, replay_outbox_report};
use crate::eligibility::protocol::{Assurance, CardData};
use crate::eligibility::requests::GatewayRequest;
use crate::reception::desk::{
    DeskEffect, DeskEvent, Health, LockedMember, LoginResult, OutboxRow, StaffPin, VisitRow,
};
use crate::reception::staff_auth::{LockOut, Role, login_result, verify_pin};
use crate::store::{AuditAction, Store, StoreError, VisitMethod};
use crate::wareki::JST;

/// The staff desk's settings and lock-out counts.
#[derive(Debug)]
pub struct StaffDesk {
    pub lock_out: LockOut,
    /// Program and arguments run when a visit is sent to staff.
    pub call_command: Vec<String>,
    /// How often the call is run again until a staff member signs in.
    pub call_repeat: Duration,
    /// When the call is run again; `None`: no call waits for an answer.
    pub call_due: Option<Instant>,
    /// A signed-in desk left alone this long locks itself.
    pub idle_lock: Duration,
}

impl StaffDesk {
    pub fn new(config: &crate::config::StaffConfig) -> Self {
        StaffDesk {
            lock_out: LockOut::new(
                config.max_failures,
                std::time::Duration::from_secs(u64::from(config.lockout_minutes) * 60),
                config.max_lockouts,
            ),
            call_command: config.call_command.clone(),
            call_repeat: Duration::from_secs(u64::from(config.call_repeat_seconds)),
            call_due: None,
            idle_lock: Duration::from_secs(u64::from(config.idle_lock_seconds)),
        }
    }
}

impl Default for StaffDesk {
    fn default() -> Self {
        StaffDesk::new(&crate::config::StaffConfig::default())
    }
}

const NO_STORE: &str = "no local store is configured";

impl<C: CardAccess, G: Gateway> Worker<C, G> {
    /// How long a signed-in staff desk may be left alone (`[staff] idle_lock_seconds`).
    pub fn staff_idle_lock(&self) -> Duration {
        self.staff.idle_lock
    }

    /// Whether a staff call mechanism is configured (`[staff] call_command`).
    pub fn staff_call_configured(&self) -> bool {
        !self.staff.call_command.is_empty()
    }

    /// When the staff call is to be run again (until a staff member signs in).
    pub fn staff_call_due(&self) -> Option<Instant> {
        self.staff.call_due
    }

    /// Runs the staff call again when it is due, and sets the next time.
    pub fn repeat_staff_call(&mut self) {
        if self
            .staff
            .call_due
            .is_some_and(|due| due <= self.clock.now())
        {
            info!("staff call repeated: nobody has signed in yet");
            self.call_staff();
        }
    }

    /// Runs one staff-desk effect; returns the event it produced, if any.
    pub fn run_desk(&mut self, effect: DeskEffect) -> Option<DeskEvent> {
        let store = self.offline.as_ref().map(|o| &o.store);
        match effect {
            DeskEffect::LoadMembers => Some(DeskEvent::Members(match store {
                Some(store) => store.staff_members().unwrap_or_else(|e| {
                    warn!("staff members: {e}");
                    Vec::new()
                }),
                None => Vec::new(),
            })),
            DeskEffect::VerifyPin { member, pin } => {
                let (result, role) = self.check_staff_pin(&member, &pin);
                // Someone came: the call has been answered.
                if result == LoginResult::Accepted {
                    self.staff.call_due = None;
                }
                Some(DeskEvent::Login {
                    member,
                    result,
                    role,
                })
            }
            DeskEffect::LoadToday => Some(DeskEvent::Today(match store {
                Some(store) => today(store).map_err(|e| e.to_string()),
                None => Err(NO_STORE.into()),
            })),
            DeskEffect::LoadOutbox => Some(DeskEvent::Outbox(match store {
                Some(store) => outbox(store).map_err(|e| e.to_string()),
                None => Err(NO_STORE.into()),
            })),
            DeskEffect::LoadVisitDate => Some(DeskEvent::VisitDate(
                OffsetDateTime::now_utc().to_offset(JST).date(),
            )),
            DeskEffect::RetryOutbox => {
                // Refused entries are not "sent": they come back as cases (LoadRefusals).
                let sent = match &self.offline {
                    Some(offline) => {
                        replay_outbox_report(
                            &offline.store,
                            &mut self.gateway,
                            true,
                            self.result_writer.as_ref(),
                        )
                        .sent
                    }
                    None => 0,
                };
                Some(DeskEvent::Retried { sent })
            }
            DeskEffect::Audit {
                actor,
                action,
                detail,
            } => {
                if let Some(store) = store
                    && let Err(e) = store.audit(&actor, action, &detail)
                {
                    warn!("audit: {e}");
                }
                None
            }
            DeskEffect::CallStaff(reason) => {
                info!(reason = reason.code(), "visit sent to staff");
                self.report_case(reason);
                self.call_staff();
                None
            }
            DeskEffect::QueryNumbers(search) => {
                Some(DeskEvent::NumberAnswer(self.query_numbers(search)))
            }
            DeskEffect::ReadCardFace(code) => Some(DeskEvent::CardFace(self.read_card_face(code))),
            DeskEffect::ConfirmVisual { member } => {
                Some(DeskEvent::VisualAnswer(self.confirm_visual(&member)))
            }
            DeskEffect::ForgetCardFace => {
                self.forget_card_face();
                None
            }
            DeskEffect::LoadHealth => Some(DeskEvent::Health(self.health())),
            DeskEffect::LoadRefusals => Some(DeskEvent::Refusals(self.replay_refusals())),
            DeskEffect::LoadLocked => Some(DeskEvent::Locked(match store {
                Some(store) => locked(store, self.clock.now_utc()).map_err(|e| e.to_string()),
                None => Err(NO_STORE.into()),
            })),
            DeskEffect::Unlock { actor, member } => Some(DeskEvent::Unlocked(match store {
                Some(store) => unlock(store, &actor, member),
                None => Err(NO_STORE.into()),
            })),
            DeskEffect::SettleRefusal { actor, visit } => {
                if let Some(store) = store
                    && let Err(e) = store.settle_refusal(visit, &actor)
                {
                    warn!("settling a refused visit: {e}");
                }
                None
            }
        }
    }

    /// The health line: what the worker knows now, without waiting on the network.
    fn health(&self) -> Health {
        Health {
            reader: self.card.reader_present(),
            gateway: self
                .gateway
                .last
                .map(|(reached, at)| (reached, local(at, false))),
            face_off: self.face_off(),
            staff_call: self.staff_call_configured(),
            outbox: match &self.offline {
                Some(offline) => offline.store.waiting().map_err(|e| e.to_string()),
                None => Err(NO_STORE.into()),
            },
            key: self
                .reporter
                .as_ref()
                .map(|reporter| reporter.enrolment().key_standing()),
        }
    }

    /// One check of one entry: lock-out first (as stored), then the hash; every outcome
    /// audited. Without a readable store there is nothing to check against. With the member's
    /// role (`Staff` unless accepted).
    fn check_staff_pin(&mut self, member: &str, pin: &StaffPin) -> (LoginResult, Role) {
        let Some(store) = self.offline.as_ref().map(|o| &o.store) else {
            return (LoginResult::Unavailable, Role::Staff);
        };
        let lock_out = self.staff.lock_out;
        let clock = self.clock.clone();
        let checked = || -> Result<(LoginResult, Role), StoreError> {
            let now = clock.now_utc();
            let mut state = store.staff_lock_state(member)?;
            if let Some(locked) = lock_out.check(&mut state, now) {
                return Ok((login_result(locked, &lock_out, &state), Role::Staff));
            }
            let Some((role, hash)) = store.staff_credentials(member)? else {
                return Ok((LoginResult::Unavailable, Role::Staff));
            };
            let result = match verify_pin(pin, &hash, store.staff_pepper()) {
                Ok(matched) => {
                    let attempt = lock_out.record(&mut state, matched, now);
                    login_result(attempt, &lock_out, &state)
                }
                Err(e) => {
                    warn!(member, "staff PIN hash: {e}");
                    return Ok((LoginResult::Unavailable, Role::Staff));
                }
            };
            // A failure that cannot be counted is not a check: the next try is refused too.
            store.staff_set_lock_state(member, &state)?;
            let role = if result == LoginResult::Accepted {
                role
            } else {
                Role::Staff
            };
            Ok((result, role))
        };
        let (result, role) = checked().unwrap_or_else(|e| {
            warn!("staff PIN check: {e}");
            (LoginResult::Unavailable, Role::Staff)
        });
        let action = match result {
            LoginResult::Accepted => AuditAction::StaffSignIn,
            LoginResult::Wrong { .. } => AuditAction::StaffSignInFailed,
            LoginResult::LockedOut { .. } => AuditAction::StaffLockedOut,
            LoginResult::NeedsAdmin => AuditAction::StaffLockedOutNeedsAdmin,
            LoginResult::Unavailable => AuditAction::StaffSignInUnavailable,
        };
        if let Err(e) = store.audit(member, action, &serde_json::json!({})) {
            warn!("audit: {e}");
        }
        (result, role)
    }

    /// Starts `[staff] call_command` without waiting for it (a thread reaps it), and sets when
    /// it runs again unless a staff member signs in before.
    fn call_staff(&mut self) {
        let Some((program, args)) = self.staff.call_command.split_first() else {
            return;
        };
        self.staff.call_due = Some(self.clock.now() + self.staff.call_repeat);
        match std::process::Command::new(program)
            .args(args)
            .stdin(std::process::Stdio::null())
            .spawn()
        {
            Ok(mut child) => {
                std::thread::spawn(move || child.wait());
            }
            Err(e) => warn!(program, "staff call command: {e}"),
        }
    }
}

/// The members locked out at `now`, with until when (or for good).
fn locked(store: &Store, now: OffsetDateTime) -> Result<Vec<LockedMember>, StoreError> {
    store
        .staff_locked(now)?
        .into_iter()
        .map(|name| {
            let state = store.staff_lock_state(&name)?;
            Ok(LockedMember {
                until: state
                    .locked_until
                    .filter(|_| !state.needs_admin)
                    .map(|at| local(at, false)),
                needs_admin: state.needs_admin,
                name,
            })
        })
        .collect()
}

/// Clears `member`'s lock-out in the admin `actor`'s name and audits it as
/// `myna-kiosk staff unlock` does (`staff_unlocked`, `{"id": member}`). The role is checked
/// again here: the desk offers the page to admins only, and the store has the last word.
fn unlock(store: &Store, actor: &str, member: String) -> Result<String, String> {
    match store.staff_role(actor) {
        Ok(Some(Role::Admin)) => {}
        Ok(_) => {
            warn!(actor, "unlock refused: not an admin");
            return Err(format!("{actor} is not an admin"));
        }
        Err(e) => return Err(e.to_string()),
    }
    match store.staff_unlock(&member) {
        Ok(true) => store
            .audit(
                actor,
                AuditAction::StaffUnlocked,
                &serde_json::json!({ "id": member }),
            )
            .map(|_| member)
            .map_err(|e| e.to_string()),
        Ok(false) => Err(format!("no staff member {member}")),
        Err(e) => Err(e.to_string()),
    }
}

/// Today's visits (Japan time), with whether each one's confirmation still waits.
fn today(store: &Store) -> Result<Vec<VisitRow>, crate::store::StoreError> {
    let now = OffsetDateTime::now_utc().to_offset(JST);
    let waiting: Vec<String> = all_waiting(store)?
        .into_iter()
        .map(|r| r.request_id().to_owned())
        .collect();
    let visits = store.visits_on(now.date(), JST)?;
    Ok(visits
        .into_iter()
        .map(|visit| {
            let request_id = visit.details["request_id"].as_str().unwrap_or_default();
            // Kept with the visit since issue 17; before, only a PIN visit's can be told.
            let assurance = visit.details["assurance"]
                .as_str()
                .and_then(Assurance::from_code)
                .or_else(|| (visit.method == VisitMethod::Pin).then_some(Assurance::CardSignature));
            VisitRow {
                time: local(visit.at, false),
                assurance,
                card_data: visit.details["card_data"]
                    .as_str()
                    .and_then(CardData::from_code),
                waiting: !request_id.is_empty() && waiting.iter().any(|w| w == request_id),
                method: visit.method.as_str().to_owned(),
                status: visit.status.as_str().to_owned(),
                provisional: visit.provisional,
            }
        })
        .collect())
}

fn outbox(store: &Store) -> Result<Vec<OutboxRow>, crate::store::StoreError> {
    let far = OffsetDateTime::now_utc() + time::Duration::days(3650);
    Ok(store
        .pending_requests(far, 1000)?
        .into_iter()
        .map(|entry| OutboxRow {
            id: entry.id,
            assurance: entry.assurance(),
            method: entry.request.method().code().to_owned(),
            signed_at: entry
                .request
                .offline_at()
                .and_then(|t| {
                    OffsetDateTime::parse(t, &time::format_description::well_known::Rfc3339).ok()
                })
                .map(|t| local(t, true))
                .unwrap_or_default(),
            attempts: entry.attempts,
            next_attempt: local(entry.next_attempt_at, false),
        })
        .collect())
}

fn all_waiting(store: &Store) -> Result<Vec<GatewayRequest>, crate::store::StoreError> {
    let far = OffsetDateTime::now_utc() + time::Duration::days(3650);
    Ok(store
        .pending_requests(far, 10_000)?
        .into_iter()
        .map(|e| e.request)
        .collect())
}

/// Japan time as `HH:MM`, or `YYYY-MM-DD HH:MM`.
fn local(at: OffsetDateTime, with_date: bool) -> String {
    let at = at.to_offset(JST);
    let formatted = if with_date {
        at.format(format_description!("[year]-[month]-[day] [hour]:[minute]"))
    } else {
        at.format(format_description!("[hour]:[minute]"))
    };
    formatted.unwrap_or_default()
}
