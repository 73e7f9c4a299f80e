//! `myna-kiosk`: the reception kiosk and its integrator commands.
#![forbid(unsafe_code)]

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use myna_kiosk::card::AuthPin;
use myna_kiosk::card::cli::{self, Failure};
use myna_kiosk::card::pcsc::Pcsc;
use myna_kiosk::config::Config;
use myna_kiosk::eligibility::client::GatewayClient;
use myna_kiosk::reception::adapters::PcscReader;
use myna_kiosk::reception::worker::{Offline, Worker};

#[derive(Parser)]
#[command(
    version,
    about = "Reception kiosk for the My Number Card as health insurance card"
)]
struct Args {
    /// Configuration file.
    #[arg(long, global = true)]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
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
    /// in-process gateway: no hardware needed.
    Demo {
        /// Where the card profiles (cards/), insured persons (insured/) and CA (ca/) are.
        #[arg(long, default_value = "fixtures")]
        fixtures: PathBuf,
        /// Full screen instead of a window.
        #[arg(long)]
        fullscreen: bool,
    },
    /// Card commands for integrators.
    #[command(subcommand)]
    Card(CardCommand),
    /// The whole patient flow without a screen; prints one JSON object (exit codes:
    /// docs/design.md).
    Check {
        /// PC/SC reader name; default: [card] reader, else the only reader present.
        #[arg(long)]
        reader: Option<String>,
        /// Gateway base URL; default: [gateway] url.
        #[arg(long)]
        gateway: Option<String>,
        /// Read the 4-digit PIN from the first line of standard input (not needed for an
        /// iPhone, whose holder confirms on the phone; a PIN given for one is never sent).
        #[arg(long)]
        pin_stdin: bool,
        /// `pin` (face confirmation is not available yet).
        #[arg(long, default_value = "pin")]
        method: String,
        /// `all`, `none`, or a comma list of medication_clinical, surgery, health_check (the 限度額
        /// information is always returned: not a consent).
        #[arg(long, default_value = "none")]
        consent: String,
        /// Spend the last PIN try when only one is left (the patient's explicit confirmation).
        #[arg(long)]
        confirm_last_try: bool,
    },
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

#[derive(Subcommand)]
enum AuditCommand {
    /// Check the hash chain of the local store's audit log ([store] in kiosk.toml); prints one
    /// JSON object and exits 0 when it verifies, 1 otherwise.
    Verify,
}

#[derive(Subcommand)]
enum StaffCommand {
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
        role: Option<myna_kiosk::reception::staff_auth::Role>,
    },
    /// Remove a member.
    Remove { id: String },
    /// Clear a member's lock-out (also the one that waits for an admin).
    Unlock { id: String },
    /// List the members, one per line: name, a tab, the role (and ", locked" when locked out).
    List,
}

#[derive(Subcommand)]
enum OutboxCommand {
    /// Send what waits now (the worker also retries by itself while idle); prints
    /// {"refused": R, "sent": N, "waiting": M}.
    Replay,
}

#[derive(Subcommand)]
enum CardCommand {
    /// Identify the card in a reader and print one JSON object (spends no PIN try).
    Status {
        /// PC/SC reader name; default: [card] reader, else the only reader present.
        #[arg(long)]
        reader: Option<String>,
    },
}

const PROGRAM: &str = "myna-kiosk";

fn main() -> ExitCode {
    let args = Args::parse();
    let config = match Config::load(args.config.as_deref()) {
        Ok(config) => config,
        Err(e) => {
            eprintln!("myna-kiosk: {e}");
            return ExitCode::from(cli::EXIT_USAGE);
        }
    };
    if let Err(e) = myna_kiosk::logging::init_with(&config.log, "warn") {
        eprintln!("myna-kiosk: {e}");
        return ExitCode::from(cli::EXIT_USAGE);
    }
    tracing::info!(
        version = env!("CARGO_PKG_VERSION"),
        pid = std::process::id(),
        "myna-kiosk starting"
    );
    match args.command {
        Command::Run { reader, windowed } => {
            let mut options = myna_kiosk::ui::UiOptions::from_config(&config.ui);
            options.fullscreen &= !windowed;
            let writer = myna_kiosk::clinic::result_writer(&config);
            let folder = myna_kiosk::clinic::folder_gateway(&config);
            let reader = reader.or(config.card.reader.clone());
            run(reader, &config, (writer, folder), options)
        }
        Command::Demo {
            fixtures,
            fullscreen,
        } => {
            let mut options = myna_kiosk::ui::UiOptions::from_config(&config.ui);
            options.fullscreen = fullscreen;
            demo(&fixtures, &config, options)
        }
        Command::Card(CardCommand::Status { reader }) => card_status(reader.or(config.card.reader)),
        Command::Check {
            reader,
            gateway,
            pin_stdin,
            method,
            consent,
            confirm_last_try,
        } => {
            let writer = myna_kiosk::clinic::result_writer(&config);
            let mut gateway_config = config.gateway;
            if gateway.is_some() {
                gateway_config.url = gateway;
            }
            let options = CheckArgs {
                phone_wait: config.card.phone_confirm_timeout(),
                reader: reader.or(config.card.reader),
                pin_stdin,
                method,
                consent,
                confirm_last_try,
            };
            check(options, &gateway_config, &config.store, writer)
        }
        Command::Outbox(OutboxCommand::Replay) => {
            let writer = myna_kiosk::clinic::result_writer(&config);
            outbox_replay(&config.gateway, &config.store, writer)
        }
        Command::Keygen { out, kiosk_id } => keygen(&out, kiosk_id.or(config.gateway.kiosk_id)),
        Command::Audit(AuditCommand::Verify) => audit_verify(&config.store),
        Command::SpeakerTest { language } => speaker_test(&config.ui.audio_dir, &language),
        Command::Staff(command) => staff(command, &config.store),
    }
}

fn speaker_test(dir: &std::path::Path, tag: &str) -> ExitCode {
    use myna_kiosk::reception::view::Language;
    use myna_kiosk::ui::audio::{Cue, speak_once};
    let language = match Language::from_tag(tag) {
        Ok(language) => language,
        Err(e) => return usage(e),
    };
    match speak_once(dir, language, Cue::Idle) {
        Ok(played) => {
            println!("played {:.1} s", played.as_secs_f32());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("myna-kiosk: {e}");
            ExitCode::FAILURE
        }
    }
}

fn staff(command: StaffCommand, store: &myna_kiosk::config::StoreConfig) -> ExitCode {
    use myna_kiosk::reception::desk::StaffPin;
    use myna_kiosk::reception::staff_auth::{DEFAULT_ITERATIONS, hash_pin};
    let offline = match myna_kiosk::reception::worker::Offline::open(store) {
        Ok(offline) => offline,
        Err(e) => return usage(format!("[store]: {e}")),
    };
    let store = &offline.store;
    let done = match command {
        StaffCommand::Add { id, role, .. } => {
            if id.is_empty() || id.chars().count() > 32 || id.chars().any(char::is_control) {
                return usage("a staff id has 1-32 printable characters".into());
            }
            let mut line = zeroize::Zeroizing::new(String::new());
            if let Err(e) = std::io::stdin().read_line(&mut line) {
                return usage(format!("reading the staff PIN from stdin: {e}"));
            }
            let Some(pin) = StaffPin::parse(line.trim_end_matches(['\r', '\n'])) else {
                return usage("a staff PIN has 6-12 digits".into());
            };
            let iterations =
                std::num::NonZeroU32::new(DEFAULT_ITERATIONS).unwrap_or(std::num::NonZeroU32::MIN);
            hash_pin(&pin, iterations, store.staff_pepper())
                .map_err(|e| e.to_string())
                .and_then(|hash| store.staff_set(&id, role, &hash).map_err(|e| e.to_string()))
                .and_then(|()| {
                    let role = store.staff_role(&id).ok().flatten().unwrap_or_default();
                    store
                        .audit(
                            "admin",
                            "staff_member_set",
                            &serde_json::json!({ "id": id, "role": role.code() }),
                        )
                        .map(|_| ())
                        .map_err(|e| e.to_string())
                })
        }
        StaffCommand::Remove { id } => match store.staff_remove(&id) {
            Ok(true) => store
                .audit(
                    "admin",
                    "staff_member_removed",
                    &serde_json::json!({ "id": id }),
                )
                .map(|_| ())
                .map_err(|e| e.to_string()),
            Ok(false) => Err(format!("no staff member {id}")),
            Err(e) => Err(e.to_string()),
        },
        StaffCommand::Unlock { id } => match store.staff_unlock(&id) {
            Ok(true) => store
                .audit("admin", "staff_unlocked", &serde_json::json!({ "id": id }))
                .map(|_| ())
                .map_err(|e| e.to_string()),
            Ok(false) => Err(format!("no staff member {id}")),
            Err(e) => Err(e.to_string()),
        },
        StaffCommand::List => {
            let now = time::OffsetDateTime::now_utc();
            store
                .staff_roles()
                .and_then(|members| Ok((members, store.staff_locked(now)?)))
                .map_err(|e| e.to_string())
                .map(|(members, locked)| {
                    for (member, role) in members {
                        let lock = if locked.contains(&member) {
                            ", locked"
                        } else {
                            ""
                        };
                        println!("{member}\t{}{lock}", role.code());
                    }
                })
        }
    };
    match done {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("myna-kiosk: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(
    reader: Option<String>,
    config: &Config,
    (writer, folder): (ClinicWriter, ClinicFolder),
    options: myna_kiosk::ui::UiOptions,
) -> ExitCode {
    let (client, offline) = match connect(&config.gateway, &config.store) {
        Ok(both) => both,
        Err(exit) => return exit,
    };
    let result_writer = match result_writer(writer) {
        Ok(writer) => writer,
        Err(exit) => return exit,
    };
    let folder = match folder {
        Ok(folder) => folder,
        Err(e) => return usage(format!("[clinic] req_dir / res_dir: {e}")),
    };
    let clinic = myna_kiosk::clinic::ClinicLinks {
        result_writer,
        folder,
    };
    let pcsc = match establish(reader.as_deref()) {
        Ok(pcsc) => pcsc,
        Err(exit) => return exit,
    };
    let reader = match choose_reader(&pcsc, reader) {
        Ok(reader) => reader,
        Err(exit) => return exit,
    };
    match myna_kiosk::app::run(reader, client, offline, config, clinic, options) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("myna-kiosk: {e}");
            ExitCode::FAILURE
        }
    }
}

fn demo(
    fixtures: &std::path::Path,
    config: &Config,
    options: myna_kiosk::ui::UiOptions,
) -> ExitCode {
    let fixtures = if fixtures.is_dir() {
        fixtures.to_path_buf()
    } else {
        // Started outside the repository: the fixtures it was built from.
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures")
    };
    let gateway = match myna_kiosk::app::start_demo_gateway(&fixtures) {
        Ok(gateway) => gateway,
        Err(e) => return usage(e.to_string()),
    };
    let myna_kiosk::app::DemoGateway {
        client,
        offline,
        dir: _dir,
    } = gateway;
    let face = myna_kiosk::app::demo_face(&config.face, &fixtures);
    let setup = (&config.staff, &face, &config.card);
    match myna_kiosk::app::demo(&fixtures.join("cards"), client, offline, setup, options) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("myna-kiosk: {e}");
            ExitCode::FAILURE
        }
    }
}

fn outbox_replay(
    gateway: &myna_kiosk::config::GatewayConfig,
    store: &myna_kiosk::config::StoreConfig,
    writer: ClinicWriter,
) -> ExitCode {
    let (mut client, offline) = match connect(gateway, store) {
        Ok(both) => both,
        Err(exit) => return exit,
    };
    let writer = match result_writer(writer) {
        Ok(writer) => writer,
        Err(exit) => return exit,
    };
    let (mut sent, mut refused) = (0, 0);
    loop {
        let report = myna_kiosk::reception::worker::replay_outbox_report(
            &offline.store,
            &mut client,
            true,
            writer.as_ref(),
        );
        sent += report.sent;
        refused += report.refused;
        if report.sent + report.refused == 0 {
            break;
        }
    }
    // A store that cannot be read is not an empty outbox: like `audit verify`, a store error
    // is reported (stdout JSON and stderr) with exit 1.
    let waiting = match offline.store.waiting() {
        Ok(waiting) => waiting,
        Err(e) => {
            eprintln!("myna-kiosk: outbox: {e}");
            println!(
                "{}",
                serde_json::json!({ "sent": sent, "refused": refused, "error": e.to_string() })
            );
            return ExitCode::FAILURE;
        }
    };
    println!(
        "{}",
        serde_json::json!({ "sent": sent, "refused": refused, "waiting": waiting })
    );
    if waiting == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(6)
    }
}

fn keygen(out: &std::path::Path, kiosk_id: Option<String>) -> ExitCode {
    let Some(kiosk_id) = kiosk_id else {
        eprintln!("myna-kiosk: keygen needs --kiosk-id ID (or [gateway] kiosk_id)");
        return ExitCode::from(cli::EXIT_USAGE);
    };
    match myna_kiosk::eligibility::device_key::keygen(out, &kiosk_id) {
        Ok(keys) => {
            println!("device key:  {}", keys.device_key.display());
            println!("data key:    {}", keys.data_key.display());
            println!(
                "public key:  {} (copy to the gateway as kiosks/{kiosk_id}.pub)",
                keys.public_key.display()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("myna-kiosk: {e}");
            ExitCode::from(cli::EXIT_USAGE)
        }
    }
}

/// `myna-kiosk audit verify`: `{"ok": true, "rows": N, "head": HEX}` and exit 0, or
/// `{"ok": false, "error": MESSAGE, "row": N?}` and exit 1.
fn audit_verify(config: &myna_kiosk::config::StoreConfig) -> ExitCode {
    use myna_kiosk::store::{Store, StoreError};
    let result = if config.path.exists() {
        Store::open(&config.path, &config.data_key).and_then(|store| store.verify_audit())
    } else {
        Err(StoreError::Io {
            path: config.path.clone(),
            source: std::io::Error::new(
                std::io::ErrorKind::NotFound,
                "no store here (see [store] path in kiosk.toml)",
            ),
        })
    };
    match result {
        Ok(report) => {
            println!(
                "{}",
                serde_json::json!({ "rows": report.rows, "ok": true, "head": report.head })
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            let row = match &e {
                StoreError::AuditBroken { row, .. } => Some(*row),
                _ => None,
            };
            println!(
                "{}",
                serde_json::json!({ "ok": false, "error": e.to_string(), "row": row })
            );
            ExitCode::FAILURE
        }
    }
}

struct CheckArgs {
    phone_wait: std::time::Duration,
    reader: Option<String>,
    pin_stdin: bool,
    method: String,
    consent: String,
    confirm_last_try: bool,
}

fn usage(message: String) -> ExitCode {
    Failure::usage(message).report(PROGRAM)
}

fn check(
    args: CheckArgs,
    gateway: &myna_kiosk::config::GatewayConfig,
    store: &myna_kiosk::config::StoreConfig,
    writer: ClinicWriter,
) -> ExitCode {
    use myna_kiosk::check::{self, CheckOptions};
    if args.method != "pin" {
        return usage(format!(
            "--method {}: only pin is available (face confirmation comes later)",
            args.method
        ));
    }
    let consent = match check::parse_consent(&args.consent) {
        Ok(consent) => consent,
        Err(e) => return usage(e),
    };
    // Without --pin-stdin only an iPhone can be confirmed (a card asking for its PIN then ends
    // with `pin_needed`): the PIN is never taken from the command line.
    let pin = if args.pin_stdin {
        let mut line = zeroize::Zeroizing::new(String::new());
        if std::io::stdin().read_line(&mut line).is_err() {
            return usage("could not read the PIN from standard input".into());
        }
        match AuthPin::new(line.trim()) {
            Ok(pin) => Some(pin),
            Err(e) => return usage(e.to_string()),
        }
    } else {
        None
    };
    let (client, offline) = match connect(gateway, store) {
        Ok(both) => both,
        Err(exit) => return exit,
    };
    let writer = match result_writer(writer) {
        Ok(writer) => writer,
        Err(exit) => return exit,
    };
    let pcsc = match establish(args.reader.as_deref()) {
        Ok(pcsc) => pcsc,
        Err(exit) => return exit,
    };
    let reader = match choose_reader(&pcsc, args.reader) {
        Ok(reader) => reader,
        Err(exit) => return exit,
    };
    let mut worker = Worker::new(PcscReader::new(pcsc, reader), client)
        .with_offline(offline)
        .with_facility_code(gateway.facility_code.clone())
        .with_result_writer(writer)
        .with_phone_wait(args.phone_wait);
    let options = CheckOptions {
        pin,
        consent,
        confirm_last_try: args.confirm_last_try,
    };
    let report = check::run(&mut worker, options);
    if let Some(error) = &report.error {
        eprintln!("myna-kiosk: {}", error.message);
    }
    print_json(&report);
    ExitCode::from(report.exit_code)
}

/// The gateway client and the local store of the configuration (usage error otherwise).
fn connect(
    gateway: &myna_kiosk::config::GatewayConfig,
    store: &myna_kiosk::config::StoreConfig,
) -> Result<(GatewayClient, Offline), ExitCode> {
    let client = GatewayClient::from_config(gateway).map_err(|e| usage(e.to_string()))?;
    let offline = Offline::open(store).map_err(|e| usage(format!("[store]: {e}")))?;
    Ok((client, offline))
}

/// The result-file writer of `[clinic] result_dir`, built in `main` while the whole
/// configuration is at hand.
type ClinicWriter =
    Result<Option<myna_kiosk::clinic::result_file::ResultWriter>, myna_kiosk::clinic::ClinicError>;

/// The 資格確認端末 folder gateway of `[clinic] req_dir` / `res_dir`, built in `main`.
type ClinicFolder =
    Result<Option<myna_kiosk::clinic::folder::FolderGateway>, myna_kiosk::clinic::ClinicError>;

/// The writer, or a usage error (exit 64) when `[clinic] result_dir` is missing or cannot be
/// written.
fn result_writer(
    writer: ClinicWriter,
) -> Result<Option<myna_kiosk::clinic::result_file::ResultWriter>, ExitCode> {
    writer.map_err(|e| usage(format!("[clinic] result_dir: {e}")))
}

/// A PC/SC context, or the card-problem exit when pcscd is not there.
fn establish(reader: Option<&str>) -> Result<Pcsc, ExitCode> {
    cli::establish(reader).map_err(|f| f.report(PROGRAM))
}

/// The reader to use: the one named, else the only one present.
fn choose_reader(pcsc: &Pcsc, reader: Option<String>) -> Result<String, ExitCode> {
    cli::choose_reader(pcsc, reader).map_err(|f| f.report(PROGRAM))
}

fn print_json(value: &impl serde::Serialize) {
    cli::print_json(PROGRAM, value);
}

/// `card status`: the same call as `myna-card status`.
fn card_status(reader: Option<String>) -> ExitCode {
    match cli::status(reader) {
        Ok(status) => {
            print_json(&status);
            ExitCode::SUCCESS
        }
        Err(failure) => failure.report(PROGRAM),
    }
}
