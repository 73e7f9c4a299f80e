//! `myna-gateway staff add|remove|list|unlock`: the staff console's members, in the gateway's
//! database (`--db`, else `[gateway.server] db`, else `myna-gateway.sqlite`, as the server
//! finds it). Removing a member, or giving them a new secret or role, ends their console
//! sessions at once (a running gateway refuses the next page); an unlock lets them sign in again.

use std::io::{BufRead, IsTerminal};
use std::num::NonZeroU32;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Subcommand};
use myna_gateway::staff::{self, Role, Secret};
use myna_gateway::{Members, ServerConfig};

#[derive(Args)]
pub struct StaffArgs {
    /// Configuration file ([gateway.server] db gives the database).
    #[arg(long, global = true)]
    config: Option<PathBuf>,
    /// The gateway's SQLite database (created when missing). Default: [gateway.server] db,
    /// else myna-gateway.sqlite.
    #[arg(long, global = true)]
    db: Option<PathBuf>,
    #[command(subcommand)]
    command: StaffCommand,
}

#[derive(Subcommand)]
enum StaffCommand {
    /// Add a member, or set an existing member's new password or PIN (which also unlocks
    /// them). The secret is read twice without echo from a terminal, else as one line of
    /// standard input: a PIN of 6 to 12 digits or a password of 12 to 128 characters.
    Add {
        /// The name the member signs in with (1 to 32 characters).
        name: String,
        /// `staff` or `admin`. Default: `staff` for a new member; an existing member keeps
        /// its role.
        #[arg(long)]
        role: Option<Role>,
        /// PBKDF2 iterations (tests only).
        #[arg(long, hide = true)]
        iterations: Option<NonZeroU32>,
    },
    /// Remove a member.
    Remove { name: String },
    /// List the members, one per line: name, a tab, the role (and ", locked" or
    /// ", locked until an admin unlocks" when locked out).
    List,
    /// Clear a member's lock-out, the one that waits for an administrator too.
    Unlock { name: String },
}

fn failed(message: impl std::fmt::Display) -> ExitCode {
    eprintln!("myna-gateway staff: {message}");
    ExitCode::FAILURE
}

fn usage(message: impl std::fmt::Display) -> ExitCode {
    eprintln!("myna-gateway staff: {message}");
    ExitCode::from(64)
}

pub fn run(args: StaffArgs) -> ExitCode {
    let config = match ServerConfig::load(args.config.as_deref()) {
        Ok(config) => config,
        Err(e) => return usage(e),
    };
    let db = args
        .db
        .or(config.db)
        .unwrap_or_else(|| PathBuf::from("myna-gateway.sqlite"));
    // Check the input before the database is created or touched.
    let added = match &args.command {
        StaffCommand::Add {
            name, iterations, ..
        } => {
            if let Err(e) = staff::check_name(name) {
                return usage(e);
            }
            let secret = match read_secret() {
                Ok(secret) => secret,
                Err(message) => return usage(message),
            };
            if let Err(e) = secret.check_strength() {
                return usage(e);
            }
            let iterations = iterations
                .or(NonZeroU32::new(staff::DEFAULT_ITERATIONS))
                .unwrap_or(NonZeroU32::MIN);
            match staff::hash_secret(&secret, iterations) {
                Ok(hash) => Some(hash),
                Err(e) => return failed(e),
            }
        }
        _ => None,
    };
    let members = match Members::open(&db) {
        Ok(members) => members,
        Err(e) => return failed(e),
    };
    let name_missing = |name: &str| failed(format!("no staff member {name}"));
    match args.command {
        StaffCommand::Add { name, role, .. } => {
            let Some(hash) = added else {
                return failed("internal error: no hash");
            };
            match members.set(&name, role, &hash) {
                Ok((role, true)) => println!("added {name} ({})", role.code()),
                Ok((role, false)) => println!("updated {name} ({}), unlocked", role.code()),
                Err(e) => return failed(e),
            }
        }
        StaffCommand::Remove { name } => match members.remove(&name) {
            Ok(true) => println!("removed {name}"),
            Ok(false) => return name_missing(&name),
            Err(e) => return failed(e),
        },
        StaffCommand::Unlock { name } => match members.unlock(&name) {
            Ok(true) => println!("unlocked {name}"),
            Ok(false) => return name_missing(&name),
            Err(e) => return failed(e),
        },
        StaffCommand::List => {
            let list = match members.list() {
                Ok(list) => list,
                Err(e) => return failed(e),
            };
            let now = time::OffsetDateTime::now_utc();
            for member in list {
                let lock = if member.lock.needs_admin {
                    ", locked until an admin unlocks"
                } else if member.lock.locked_until.is_some_and(|until| until > now) {
                    ", locked"
                } else {
                    ""
                };
                println!("{}\t{}{lock}", member.name, member.role.code());
            }
        }
    }
    ExitCode::SUCCESS
}

/// The secret: typed twice without echo at a terminal, else the first line of stdin.
fn read_secret() -> Result<Secret, String> {
    if std::io::stdin().is_terminal() {
        let first = Secret::new(
            rpassword::prompt_password("Password or PIN: ")
                .map_err(|e| format!("reading the password: {e}"))?,
        );
        let again = Secret::new(
            rpassword::prompt_password("Again: ")
                .map_err(|e| format!("reading the password: {e}"))?,
        );
        if !first.same_as(&again) {
            return Err("the two entries differ; nothing was changed".into());
        }
        return Ok(first);
    }
    let mut line = zeroize::Zeroizing::new(String::new());
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(|e| format!("reading the password from stdin: {e}"))?;
    Ok(Secret::new(line.trim_end_matches(['\r', '\n']).to_string()))
}
