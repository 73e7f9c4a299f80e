//! This kiosk's standing with the gateway (issue 19): whether its device key is registered,
//! and, when the gateway answers that it does not know the kiosk, the enrolment request it
//! sends by itself (again every [`ASK_AGAIN`] while it is not approved). The reporter's health
//! reports are the probe, so nothing of a visit waits on it; refused confirmations stay in the
//! outbox and go once the kiosk is approved.
//!
//! The staff screen shows the key's fingerprint and the standing, for staff to compare with
//! what the administrator sees in the console (`/console/kiosks`).

use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use tracing::{info, warn};

use super::desk::{KeyStanding, Standing};
use crate::eligibility::client::{GatewayClient, GatewayError};
use crate::eligibility::enrolment::{EnrolmentStatus, MAX_TEXT_CHARS};
use crate::eligibility::protocol::ErrorCode;

/// The shortest time between two enrolment requests from this kiosk.
pub const ASK_AGAIN: Duration = Duration::from_secs(30);

struct State {
    standing: Standing,
    asked_at: Option<Instant>,
}

/// Shared by the reporter (which learns the standing) and the worker (which shows it).
#[derive(Clone)]
pub struct Enrolment {
    fingerprint: String,
    state: Arc<Mutex<State>>,
}

impl std::fmt::Debug for Enrolment {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Enrolment")
            .field("fingerprint", &self.fingerprint)
            .field("standing", &self.standing())
            .finish()
    }
}

impl Enrolment {
    pub fn new(client: &GatewayClient) -> Self {
        Enrolment {
            fingerprint: client.device_key().fingerprint(),
            state: Arc::new(Mutex::new(State {
                standing: Standing::NotAsked,
                asked_at: None,
            })),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    pub fn standing(&self) -> Standing {
        self.lock().standing
    }

    /// What the staff screen shows.
    pub fn key_standing(&self) -> KeyStanding {
        KeyStanding {
            fingerprint: self.fingerprint.clone(),
            standing: self.standing(),
        }
    }

    /// Learns from the answer to a signed request (a health report), and asks to be enrolled
    /// when the gateway does not know this kiosk and it has not asked for [`ASK_AGAIN`].
    pub fn after_answer<T>(&self, client: &GatewayClient, answer: &Result<T, GatewayError>) {
        let standing = match answer {
            Ok(_) => Standing::Registered,
            Err(GatewayError::Refused {
                code: ErrorCode::UnknownKiosk,
                ..
            }) => match self.ask(client) {
                Some(standing) => standing,
                None => return,
            },
            Err(e) if e.is_unreachable() => Standing::Unreachable,
            Err(GatewayError::Refused { .. }) => Standing::Refused,
            Err(GatewayError::Config(_)) => return,
            Err(_) => Standing::Unreachable,
        };
        self.lock().standing = standing;
    }

    /// Sends the enrolment request, unless one was sent less than [`ASK_AGAIN`] ago (then
    /// `None`: the standing stays).
    fn ask(&self, client: &GatewayClient) -> Option<Standing> {
        {
            let mut state = self.lock();
            if state.asked_at.is_some_and(|at| at.elapsed() < ASK_AGAIN) {
                return None;
            }
            state.asked_at = Some(Instant::now());
        }
        Some(match client.enrol(&display_name(client.kiosk_id())) {
            Ok(answer) => {
                if answer.fingerprint != self.fingerprint {
                    warn!("enrolment: the gateway names another fingerprint than this kiosk's");
                }
                info!(
                    fingerprint = self.fingerprint,
                    status = ?answer.status,
                    "enrolment: asked the gateway to register this kiosk"
                );
                match answer.status {
                    EnrolmentStatus::Registered => Standing::Registered,
                    EnrolmentStatus::Pending => Standing::WaitingForApproval,
                }
            }
            Err(e) if e.is_unreachable() => Standing::Unreachable,
            Err(e) => {
                warn!("enrolment refused: {e}");
                Standing::Refused
            }
        })
    }
}

/// The name the console shows beside the kiosk id: the machine's host name (what an
/// administrator finds on the PC), else the kiosk id.
fn display_name(kiosk_id: &str) -> String {
    std::fs::read_to_string("/proc/sys/kernel/hostname")
        .ok()
        .map(|name| name.trim().to_string())
        .filter(|name| {
            !name.is_empty()
                && name.chars().count() <= MAX_TEXT_CHARS
                && !name.chars().any(char::is_control)
        })
        .unwrap_or_else(|| kiosk_id.to_string())
}
