//! `myna-kiosk staff add|remove|unlock|list`: the members who may sign in at the staff desk.

use std::num::NonZeroU32;

use crate::config::StoreConfig;
use crate::reception::desk::StaffPin;
use crate::reception::staff_auth::{DEFAULT_ITERATIONS, Role, hash_pin};
use crate::reception::worker::Offline;
use crate::store::{AuditAction, Store};

use super::{CliError, Outcome, StaffCommand};

pub(super) fn run(command: StaffCommand, store: &StoreConfig) -> Outcome {
    let offline = Offline::open(store).map_err(|e| CliError::usage(format!("[store]: {e}")))?;
    let store = &offline.store;
    match command {
        StaffCommand::Add { id, role, .. } => add(store, &id, role)?,
        StaffCommand::Remove { id } => {
            if !store.staff_remove(&id).map_err(CliError::failed)? {
                return Err(no_member(&id));
            }
            audit(store, AuditAction::StaffMemberRemoved, &id, None)?;
        }
        StaffCommand::Unlock { id } => {
            if !store.staff_unlock(&id).map_err(CliError::failed)? {
                return Err(no_member(&id));
            }
            audit(store, AuditAction::StaffUnlocked, &id, None)?;
        }
        StaffCommand::List => {
            let members = store.staff_roles().map_err(CliError::failed)?;
            let locked = store
                .staff_locked(time::OffsetDateTime::now_utc())
                .map_err(CliError::failed)?;
            for (member, role) in members {
                let lock = if locked.contains(&member) {
                    ", locked"
                } else {
                    ""
                };
                println!("{member}\t{}{lock}", role.code());
            }
        }
    }
    Ok(0)
}

/// Adds `id` (or sets its new PIN), the staff PIN read from the first line of stdin.
fn add(store: &Store, id: &str, role: Option<Role>) -> Result<(), CliError> {
    if id.is_empty() || id.chars().count() > 32 || id.chars().any(char::is_control) {
        return Err(CliError::usage("a staff id has 1-32 printable characters"));
    }
    let mut line = zeroize::Zeroizing::new(String::new());
    std::io::stdin()
        .read_line(&mut line)
        .map_err(|e| CliError::usage(format!("reading the staff PIN from stdin: {e}")))?;
    let pin = StaffPin::parse(line.trim_end_matches(['\r', '\n']))
        .ok_or_else(|| CliError::usage("a staff PIN has 6-12 digits"))?;
    let iterations = NonZeroU32::new(DEFAULT_ITERATIONS).unwrap_or(NonZeroU32::MIN);
    let hash = hash_pin(&pin, iterations, store.staff_pepper()).map_err(CliError::failed)?;
    store.staff_set(id, role, &hash).map_err(CliError::failed)?;
    let role = store.staff_role(id).ok().flatten().unwrap_or_default();
    audit(store, AuditAction::StaffMemberSet, id, Some(role))
}

/// The audit row of a change to the members, by the administrator at the command line.
fn audit(store: &Store, action: AuditAction, id: &str, role: Option<Role>) -> Result<(), CliError> {
    let detail = match role {
        Some(role) => serde_json::json!({ "id": id, "role": role.code() }),
        None => serde_json::json!({ "id": id }),
    };
    store
        .audit("admin", action, &detail)
        .map(|_| ())
        .map_err(CliError::failed)
}

fn no_member(id: &str) -> CliError {
    CliError::failed(format!("no staff member {id}"))
}
