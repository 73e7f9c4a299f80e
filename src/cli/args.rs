//! The arguments of `myna-kiosk`, as clap parses them.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::reception::staff_auth::Role;

use super::check::CheckArgs;

#[derive(Debug, Parser)]
#[command(
    name = "myna-kiosk",
    version,
    about = "Reception kiosk for the My Number Card as health insurance card"
)]
pub struct Args {
    /// Configuration file.
    #[arg(long, global = true)]
    pub config: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// The touchscreen kiosk on a real reader and the configured gateway (never a virtual card).
    Run {
        /// PC/SC reader name; default: [card] reader, else the only reader present.
        #[arg(long)]
        reader: Option<String>,
        /// Open a window instead of the full screen.
        #[arg(long)]
        windowed: bool,
    },
    /// The same app with virtual cards (buttons to insert/remove each profile) and an
    /// in-process gateway, or a gateway running elsewhere (--gateway): no hardware needed.
    Demo {
        /// Where the card profiles (cards/), insured persons (insured/) and CA (ca/) are.
        #[arg(long, default_value = "fixtures")]
        fixtures: PathBuf,
        /// Full screen instead of a window.
        #[arg(long)]
        fullscreen: bool,
        #[command(flatten)]
        gateway: DemoGatewayArgs,
    },
    /// Card commands for integrators.
    #[command(subcommand)]
    Card(CardCommand),
    /// The whole patient flow without a screen; prints one JSON object (exit codes:
    /// docs/design.md).
    Check(CheckArgs),
    /// The local store's audit log.
    #[command(subcommand)]
    Audit(AuditCommand),
    /// The queue of confirmations made while the gateway was unreachable.
    #[command(subcommand)]
    Outbox(OutboxCommand),
    /// Staff members who may sign in at the staff desk (kept in the store, [store]).
    #[command(subcommand)]
    Staff(StaffCommand),
    /// Play one audio-guidance sentence on the default output device, to check the speaker
    /// when installing ([ui] audio_dir; exit 0 once it has played).
    SpeakerTest {
        /// Language tag (ja, en, th, ne, …).
        #[arg(long, default_value = "ja")]
        language: String,
    },
    /// Write this kiosk's Ed25519 device key (kiosk.key, kiosk.pub) and its at-rest data key (data.key).
    Keygen {
        /// Directory for the key files (created with mode 0700 if missing).
        #[arg(long, default_value = ".")]
        out: PathBuf,
        /// The id the gateway will know this kiosk by; default: [gateway] kiosk_id.
        #[arg(long)]
        kiosk_id: Option<String>,
    },
}

/// `demo --gateway URL`: a demo kiosk that confirms at and reports to a gateway running
/// elsewhere (its staff console shows the kiosk's health and cases), so that several demo
/// kiosks can share one gateway, each under its own id.
#[derive(Debug, clap::Args)]
pub struct DemoGatewayArgs {
    /// The gateway (https://HOST:PORT, or http:// on loopback) instead of an in-process one;
    /// its TLS CA: [gateway] ca_file, else the fixtures' test CA (FIXTURES/tls/ca.cert.pem).
    #[arg(long, value_name = "URL")]
    pub gateway: Option<String>,
    /// The id the gateway knows this kiosk by (its kiosks/ID.pub); default: [gateway] kiosk_id.
    #[arg(long, requires = "gateway")]
    pub kiosk_id: Option<String>,
    /// This kiosk's device key (from `keygen`); default: [gateway] device_key.
    #[arg(long, value_name = "FILE", requires = "gateway")]
    pub device_key: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Check the hash chain of the local store's audit log ([store] in kiosk.toml); prints one
    /// JSON object and exits 0 when it verifies, 1 otherwise.
    Verify,
}

#[derive(Debug, Subcommand)]
pub enum StaffCommand {
    /// Add a member (or set a new PIN): the staff PIN (6-12 digits) is read from stdin and only
    /// its peppered PBKDF2 hash is stored, sealed with the name.
    Add {
        /// The member's name as it appears in the audit log (1-32 characters).
        id: String,
        /// Read the staff PIN from stdin (required: a PIN is never a command-line argument).
        #[arg(long, required = true)]
        pin_stdin: bool,
        /// `staff` or `admin` (an admin also unlocks members at the desk). Default: `staff` for
        /// a new member; an existing member keeps its role.
        #[arg(long)]
        role: Option<Role>,
    },
    /// Remove a member.
    Remove { id: String },
    /// Clear a member's lock-out (also the one that waits for an admin).
    Unlock { id: String },
    /// List the members, one per line: name, a tab, the role (and ", locked" when locked out).
    List,
}

#[derive(Debug, Subcommand)]
pub enum OutboxCommand {
    /// Send what waits now (the worker also retries by itself while idle); prints
    /// {"refused": R, "sent": N, "waiting": M}.
    Replay,
}

#[derive(Debug, Subcommand)]
pub enum CardCommand {
    /// Identify the card in a reader and print one JSON object (spends no PIN try).
    Status {
        /// PC/SC reader name; default: [card] reader, else the only reader present.
        #[arg(long)]
        reader: Option<String>,
    },
}
