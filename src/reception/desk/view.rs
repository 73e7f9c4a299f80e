//! What the staff screens show: view models only (the desk builds them, the UI renders them).

use super::{Case, DocumentForm, LoginResult, StaffLanguage};

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
}

/// One confirmation waiting in the outbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboxRow {
    pub id: i64,
    /// When the card signed it (local `YYYY-MM-DD HH:MM`).
    pub signed_at: String,
    pub attempts: u32,
    /// Local `HH:MM` of the next automatic try.
    pub next_attempt: String,
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
}
