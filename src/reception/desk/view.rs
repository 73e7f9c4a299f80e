//! What the staff screens show: view models only (the desk builds them, the UI renders them).

use super::{Case, DocumentForm, LoginResult, NumberForm, StaffLanguage, UnlockForm, VisualForm};
use crate::eligibility::protocol::{Assurance, CardData, ConfirmationResult, ErrorCode};

/// What a staff query (insurance numbers, 目視確認) came back with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StaffAnswer {
    /// The gateway, or the clinic's 資格確認端末 (`terminal`), answered.
    Answered {
        result: Box<ConfirmationResult>,
        terminal: bool,
    },
    /// The gateway cannot be reached: the answer cached on `cached_on` (provisional); the
    /// query waits in the outbox.
    Cached {
        result: Box<ConfirmationResult>,
        cached_on: String,
    },
    /// The gateway cannot be reached and nothing is cached: the query waits in the outbox.
    Queued,
    /// No answer.
    Failed(QueryProblem),
}

impl StaffAnswer {
    /// A code for the audit log: `validity_N`, `cached_validity_N`, `queued`, or the problem.
    pub fn code(&self) -> String {
        match self {
            StaffAnswer::Answered { result, .. } => {
                format!("validity_{}", result.qualification_validity)
            }
            StaffAnswer::Cached { result, .. } => {
                format!("cached_validity_{}", result.qualification_validity)
            }
            StaffAnswer::Queued => "queued".into(),
            StaffAnswer::Failed(problem) => problem.code().into(),
        }
    }
}

/// Why a staff query has no answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueryProblem {
    /// The gateway refused it.
    Refused(ErrorCode),
    /// The gateway cannot be reached, and there is no store to queue it in.
    Unreachable,
    /// The gateway cannot be reached, and the store could not queue it: nothing was kept.
    NotQueued,
    /// The clinic's 資格確認端末 gave no usable answer in time.
    Terminal,
    /// The card was gone before the confirmation (目視確認: read it again).
    NoCertificate,
    /// This kiosk cannot sign attestations (no device key on this connection).
    CannotSign,
    /// Offline, the certificate read is not the one the cache entry was stored for: no cached
    /// answer, nothing queued.
    CardCheckFailed,
}

impl QueryProblem {
    pub fn code(self) -> &'static str {
        match self {
            QueryProblem::Refused(_) => "refused",
            QueryProblem::Unreachable => "unreachable",
            QueryProblem::NotQueued => "not_queued",
            QueryProblem::Terminal => "terminal",
            QueryProblem::NoCertificate => "no_certificate",
            QueryProblem::CannotSign => "cannot_sign",
            QueryProblem::CardCheckFailed => "card_check_failed",
        }
    }
}

/// One of today's visits, as the staff list shows it (codes only).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VisitRow {
    /// Local time `HH:MM`.
    pub time: String,
    pub method: String,
    pub status: String,
    pub provisional: bool,
    /// Its confirmation still waits in the outbox.
    pub waiting: bool,
    /// What the confirmation rests on (`None`: a visit recorded before this was kept, of a
    /// method the kiosk cannot tell it for).
    pub assurance: Option<Assurance>,
    /// Whether the card data of a PIN-less confirmation was proven by the issuer key (`None`: a
    /// PIN visit, or one recorded before this was kept).
    pub card_data: Option<CardData>,
}

/// One confirmation waiting in the outbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboxRow {
    pub id: i64,
    /// How the identity was confirmed (`pin`, `staff_visual`, `insurance_number` …).
    pub method: String,
    /// When it was signed or queried offline (local `YYYY-MM-DD HH:MM`).
    pub signed_at: String,
    pub attempts: u32,
    /// Local `HH:MM` of the next automatic try.
    pub next_attempt: String,
    /// What the queued confirmation rests on.
    pub assurance: Assurance,
}

/// The kiosk's state at a glance, for staff: reader, gateway, camera, store and outbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Health {
    /// The reader is attached; `None`: cannot tell.
    pub reader: Option<bool>,
    /// The gateway answered (`true`) or could not be reached at local time `HH:MM`; `None`:
    /// not asked yet since the start.
    pub gateway: Option<(bool, String)>,
    /// Why face confirmation is off, if it is.
    pub face_off: Option<super::FaceOff>,
    /// A staff call mechanism is configured (`[staff] call_command`); without one a case is
    /// only listed at this desk.
    pub staff_call: bool,
    /// Confirmations waiting in the outbox, or why the store cannot say.
    pub outbox: Result<usize, String>,
    /// This kiosk's key and whether the gateway accepts it; `None` without a clinic server
    /// to report to.
    pub key: Option<KeyStanding>,
}

/// This kiosk's device key as staff compare it with the console's (`/console/kiosks`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyStanding {
    /// [`myna_protocol::enrolment::fingerprint`] of the key.
    pub fingerprint: String,
    pub standing: Standing,
}

/// Where the gateway stands with this kiosk's key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    /// Not asked yet since the start.
    NotAsked,
    /// The gateway accepts this kiosk's requests.
    Registered,
    /// The kiosk asked to be enrolled; an administrator has not approved it yet.
    WaitingForApproval,
    /// The gateway could not be reached.
    Unreachable,
    /// The gateway refused the key (another key has this kiosk id, or the signature does
    /// not verify): an administrator must look.
    Refused,
}

/// What the login screen says under the keypad.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoginMessage {
    Checking,
    Result(LoginResult),
    NoMembers,
}

/// What the staff screen shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaffView {
    pub language: StaffLanguage,
    pub screen: StaffScreen,
    /// Cases waiting (also shown while signed out, as a count only).
    pub cases_waiting: usize,
    /// Why the kiosk offers no face confirmation, if it does not.
    pub face_off: Option<super::FaceOff>,
    /// Face is offered but 照合番号B is typed: the card-front OCR model is missing.
    pub card_front_off: bool,
    /// The health line, once loaded (signed in only).
    pub health: Option<Health>,
    /// The member signed in is an admin (the unlock page is offered).
    pub admin: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StaffScreen {
    Login {
        members: Vec<String>,
        selected: Option<usize>,
        entered: usize,
        message: Option<LoginMessage>,
    },
    Cases {
        member: String,
        cases: Vec<Case>,
    },
    Today {
        member: String,
        visits: Option<Result<Vec<VisitRow>, String>>,
    },
    Outbox {
        member: String,
        entries: Option<Result<Vec<OutboxRow>, String>>,
        retried: Option<usize>,
    },
    Documents {
        member: String,
        form: DocumentForm,
    },
    Numbers {
        member: String,
        form: NumberForm,
    },
    Visual {
        member: String,
        form: VisualForm,
    },
    Unlock {
        member: String,
        form: UnlockForm,
    },
}
