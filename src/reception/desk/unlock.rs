//! The admin's unlock page: the members locked out (for a time, or for good after the last
//! lock-out in a row) and a button to unlock each, as `myna-kiosk staff unlock NAME` does. Only a
//! member signed in with the admin role reaches it; the desk refuses its events otherwise, and
//! the worker checks the role again in the store before it unlocks. Pure, like the rest of the
//! desk.

use super::{DeskEffect, StaffUi};

/// One member who may not sign in now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LockedMember {
    pub name: String,
    /// Locked out for good: only an admin unlocks.
    pub needs_admin: bool,
    /// Otherwise: the lock-out ends at this local time `HH:MM`.
    pub until: Option<String>,
}

/// What the unlock page shows. Wiped with the rest of the desk on lock.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UnlockForm {
    /// The members locked out, once loaded (or why not).
    pub locked: Option<Result<Vec<LockedMember>, String>>,
    /// An unlock was asked for; waiting for the worker.
    pub waiting: bool,
    /// The last unlock: the member's name, or why it failed.
    pub done: Option<Result<String, String>>,
}

impl UnlockForm {
    /// Applies one touch by the admin `actor`.
    pub(super) fn touch(&mut self, actor: &str, ui: StaffUi) -> Vec<DeskEffect> {
        match ui {
            StaffUi::Unlock(name) if !self.waiting && self.lists(&name) => {
                self.waiting = true;
                self.done = None;
                vec![DeskEffect::Unlock {
                    actor: actor.to_owned(),
                    member: name,
                }]
            }
            _ => vec![],
        }
    }

    /// The worker's answer to [`DeskEffect::Unlock`]; the list is loaded again.
    pub(super) fn unlocked(&mut self, result: Result<String, String>) -> Vec<DeskEffect> {
        if !self.waiting {
            return vec![];
        }
        self.waiting = false;
        self.done = Some(result);
        vec![DeskEffect::LoadLocked]
    }

    /// Only a member the page shows can be unlocked from it.
    fn lists(&self, name: &str) -> bool {
        matches!(&self.locked, Some(Ok(members)) if members.iter().any(|m| m.name == name))
    }
}
