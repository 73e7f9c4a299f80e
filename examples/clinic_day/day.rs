//! A morning at a clinic, simulated on the real stack (issue 18 part 9): the worker loop
//! (`runner::run`) on a PC/SC reader of the private pcscd with the card monitor, one `myna-sim`
//! process per patient's card (vpcd), a `myna-gateway` process over HTTPS, a real store. The
//! kiosk runs on a [`ManualClock`] that goes with the system's time and skips the patients'
//! think times (and the gaps between them), so a morning takes minutes.
//!
//! Each synthetic patient has a kind (what their card is and what they do), a language, a pace
//! and may forget the card. The script reacts to the screen the kiosk shows, as a patient would;
//! the report counts touches, time card-to-done, staff cases by reason, cards left on the
//! reader, and checks every answered visit against the store's visit records.
//! Used by `main.rs`; `tests/it/clinic_day.rs` runs the built example on a few patients.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::{Arc, mpsc};
use std::time::{Duration, Instant};

use myna_kiosk::app::watch_reader;
use myna_kiosk::card::pcsc::Pcsc;
use myna_kiosk::clock::{Clock, ManualClock};
use myna_kiosk::config::GatewayConfig;
use myna_kiosk::eligibility::client::{GatewayClient, install_crypto_provider};
use myna_kiosk::reception::adapters::PcscReader;
use myna_kiosk::reception::runner::{self, Input};
use myna_kiosk::reception::view::{Language, Notice, Screen, UiEvent, View};
use myna_kiosk::reception::worker::{Offline, Worker};
use myna_kiosk::store::Store;

const KIOSK_ID: &str = "clinic-day";
/// Real time the kiosk may take for one step (a card read, a gateway round trip) before the
/// simulation gives up on it.
const PATIENCE: Duration = Duration::from_secs(30);
/// The gateway outage: when it starts (a share of the morning's patients) and how long it lasts.
const OUTAGE_AT: f64 = 0.4;
const OUTAGE: Duration = Duration::from_secs(10 * 60);

/// What the simulation runs on.
pub struct Stack {
    /// pcscd's name for the vpcd reader and its port.
    pub reader: String,
    pub port: u16,
    pub sim: PathBuf,
    pub gateway: PathBuf,
    pub fixtures: PathBuf,
}

/// What is simulated.
#[derive(Debug, Clone, Copy)]
pub struct Plan {
    pub patients: usize,
    pub seed: u64,
    /// A ten-minute gateway outage 40 % into the morning.
    pub outage: bool,
}

/// What the patient's card is and what they do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    /// Knows the PIN, types it, agrees to all.
    PinKnown,
    /// The same, the certificate expires within three months (a warning on the result).
    ExpiringSoon,
    /// Types a wrong PIN once, then the right one.
    PinMistypedOnce,
    /// Does not remember the PIN: one wrong guess, then calls staff.
    PinForgotten,
    /// The PIN is locked (three wrong entries on an earlier day).
    PinLocked,
    /// The card was issued without a PIN.
    NoPin,
    /// The certificate expired within its grace: eligibility only.
    InGrace,
    /// The certificate expired past its grace.
    PastGrace,
    /// A smartphone with the certificate (Android): the PIN on the kiosk's pad.
    AndroidToken,
    /// An iPhone: confirms on the phone.
    IphoneToken,
    /// An old 住基カード.
    JukiCard,
    /// A card whose holder is not registered for insurance use (有効（未登録）).
    Unregistered,
    /// Lifts the card at the consent screen, thinking the PIN was the last step, then puts it
    /// back and starts again.
    LiftsEarly,
    /// Leaves at the consent screen without a touch.
    WalksAway,
    /// Reads the PIN screen for 75 s before typing (past the screen's minute).
    SlowReader,
}

impl Kind {
    /// Per 100 patients (UNCONFIRMED mix: no public figures per clinic; chosen so that every
    /// case appears a few times in a few hundred visits).
    const MIX: [(Kind, u32); 15] = [
        (Kind::PinKnown, 48),
        (Kind::ExpiringSoon, 4),
        (Kind::PinMistypedOnce, 9),
        (Kind::PinForgotten, 4),
        (Kind::PinLocked, 3),
        (Kind::NoPin, 2),
        (Kind::InGrace, 3),
        (Kind::PastGrace, 2),
        (Kind::AndroidToken, 4),
        (Kind::IphoneToken, 6),
        (Kind::JukiCard, 2),
        (Kind::Unregistered, 3),
        (Kind::LiftsEarly, 4),
        (Kind::WalksAway, 3),
        (Kind::SlowReader, 3),
    ];

    /// The PIN the patient knows (that of the card's profile).
    fn pin(self) -> &'static str {
        match self {
            Kind::ExpiringSoon => "2468",
            Kind::InGrace => "1357",
            _ => "1234",
        }
    }

    fn profile(self) -> &'static str {
        match self {
            Kind::PinKnown
            | Kind::PinMistypedOnce
            | Kind::PinForgotten
            | Kind::LiftsEarly
            | Kind::WalksAway
            | Kind::SlowReader => "normal",
            Kind::ExpiringSoon => "expiring-soon",
            Kind::PinLocked => "pin-locked",
            Kind::NoPin => "no-pin",
            Kind::InGrace => "expired-recently",
            Kind::PastGrace => "expired-long-ago",
            Kind::AndroidToken => "android-token",
            Kind::IphoneToken => "iphone-token",
            Kind::JukiCard => "juki-card",
            Kind::Unregistered => "unregistered",
        }
    }
}

/// One synthetic patient.
#[derive(Debug, Clone)]
pub struct Patient {
    pub kind: Kind,
    pub language: Language,
    /// Takes twice as long for each step.
    pub slow: bool,
    /// Leaves the card on the reader unless a screen tells them to take it.
    pub forgetful: bool,
    /// Time after the previous patient left.
    pub gap: Duration,
}

/// splitmix64: a fixed, seeded sequence (the morning is the same for a seed).
struct Dice(u64);

impl Dice {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in [0, n).
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    /// Uniform seconds in [low, high).
    fn secs(&mut self, low: f64, high: f64) -> Duration {
        let unit = (self.next() >> 11) as f64 / (1u64 << 53) as f64;
        Duration::from_secs_f64(low + unit * (high - low))
    }
}

/// The morning's patients: the mix in [`Kind::MIX`] over the first `n` of a shuffled 100-patient
/// deck (repeated), one in five in a language other than Japanese (all 13 in turn), a third
/// slow, one in ten forgetful, 0–90 s between patients.
pub fn patients(plan: &Plan) -> Vec<Patient> {
    let mut dice = Dice(plan.seed);
    let mut deck: Vec<Kind> = vec![];
    let mut out = vec![];
    for i in 0..plan.patients {
        if deck.is_empty() {
            deck = Kind::MIX
                .iter()
                .flat_map(|&(kind, n)| std::iter::repeat_n(kind, n as usize))
                .collect();
            for j in (1..deck.len()).rev() {
                deck.swap(j, dice.below(j as u64 + 1) as usize);
            }
        }
        let kind = deck.pop().unwrap_or(Kind::PinKnown);
        let language = match i % 5 {
            4 => Language::ALL[1 + (i / 5) % 12],
            _ => Language::Japanese,
        };
        out.push(Patient {
            kind,
            language,
            slow: dice.below(3) == 0,
            forgetful: dice.below(10) == 0,
            gap: dice.secs(0.0, 90.0),
        });
    }
    out
}

/// How a visit ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// A result on the screen (`provisional`: answered from the cache).
    Done { provisional: bool },
    /// Sent to staff, with the notice's reason.
    Staff(String),
    /// Left without a result and without staff.
    WalkedAway,
}

/// The way the patient proved who they are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Way {
    Pin,
    Iphone,
    /// Neither got as far (staff, or left).
    None,
}

/// One simulated visit.
#[derive(Debug, Clone)]
pub struct Visit {
    pub patient: Patient,
    pub outcome: Outcome,
    pub path: Way,
    /// Patient touches from the card on the reader to the end (the language choice not counted).
    pub touches: u32,
    /// Card on the reader to the result or the staff notice (simulated time).
    pub card_to_done: Duration,
    pub card_left: bool,
    /// "Need more time?" prompts the patient saw.
    pub more_time: u32,
    /// The gateway (or the cache) answered: the store must hold a visit record for it.
    pub answered: bool,
}

/// The figures of one simulated morning.
#[derive(Debug)]
pub struct Report {
    pub visits: Vec<Visit>,
    /// Visit records in the store at the end.
    pub records: usize,
    /// Offline confirmations still in the outbox after the gateway came back and the kiosk had
    /// time to replay.
    pub outbox_left: usize,
    /// Simulated time from the first arrival to the last patient's leaving.
    pub simulated: Duration,
    pub wall: Duration,
}

impl Report {
    /// Answered visits without a record in the store.
    pub fn lost(&self) -> usize {
        let answered = self.visits.iter().filter(|v| v.answered).count();
        answered.saturating_sub(self.records)
    }

    pub fn without_staff(&self) -> usize {
        self.visits
            .iter()
            .filter(|v| matches!(v.outcome, Outcome::Done { .. }))
            .count()
    }

    pub fn staff_by_reason(&self) -> BTreeMap<String, usize> {
        let mut by = BTreeMap::new();
        for v in &self.visits {
            if let Outcome::Staff(reason) = &v.outcome {
                *by.entry(reason.clone()).or_default() += 1;
            }
        }
        by
    }

    /// Markdown: the figures, as docs/benchmarks.md shows them.
    pub fn markdown(&self) -> String {
        let n = self.visits.len();
        let mut out = String::new();
        let share = |k: usize| format!("{k} of {n} ({:.0} %)", 100.0 * k as f64 / n.max(1) as f64);
        out += "| measure | value |\n|---|---|\n";
        out += &format!(
            "| patients (simulated day / real time) | {n} ({} / {}) |\n",
            hms(self.simulated),
            hms(self.wall)
        );
        out += &format!(
            "| visits that end without staff (a result on the screen) | {} |\n",
            share(self.without_staff())
        );
        let provisional = self
            .visits
            .iter()
            .filter(|v| v.outcome == Outcome::Done { provisional: true })
            .count();
        out += &format!("| of them provisional (answered from the cache) | {provisional} |\n");
        let staff: usize = self.staff_by_reason().values().sum();
        out += &format!("| staff cases | {} |\n", share(staff));
        for (reason, k) in self.staff_by_reason() {
            out += &format!("| staff: {reason} | {k} |\n");
        }
        let walked = self
            .visits
            .iter()
            .filter(|v| v.outcome == Outcome::WalkedAway)
            .count();
        out += &format!(
            "| ended with neither result nor staff (walked away, or the kiosk timed the visit out) | {walked} |\n"
        );
        for (path, name) in [(Way::Pin, "PIN path"), (Way::Iphone, "iPhone path")] {
            let done: Vec<&Visit> = self
                .visits
                .iter()
                .filter(|v| v.path == path && matches!(v.outcome, Outcome::Done { .. }))
                .collect();
            let mut touches: Vec<f64> = done.iter().map(|v| f64::from(v.touches)).collect();
            let mut secs: Vec<f64> = done.iter().map(|v| v.card_to_done.as_secs_f64()).collect();
            out += &format!(
                "| {name}, to a result ({} visits): touches, median / p90 | {} / {} |\n",
                done.len(),
                pct(&mut touches, 50),
                pct(&mut touches, 90)
            );
            out += &format!(
                "| {name}: time card-to-result, median / p90 | {} s / {} s |\n",
                pct(&mut secs, 50),
                pct(&mut secs, 90)
            );
        }
        let mut staff_secs: Vec<f64> = self
            .visits
            .iter()
            .filter(|v| matches!(v.outcome, Outcome::Staff(_)))
            .map(|v| v.card_to_done.as_secs_f64())
            .collect();
        out += &format!(
            "| staff cases: time card-to-staff-notice, median / p90 | {} s / {} s |\n",
            pct(&mut staff_secs, 50),
            pct(&mut staff_secs, 90)
        );
        let more_time: u32 = self.visits.iter().map(|v| v.more_time).sum();
        out += &format!("| \"need more time?\" prompts | {more_time} |\n");
        out += &format!(
            "| cards left on the reader | {} |\n",
            self.visits.iter().filter(|v| v.card_left).count()
        );
        let answered = self.visits.iter().filter(|v| v.answered).count();
        out += &format!(
            "| visits lost (answered visits {answered}, visit records {}) | {} |\n",
            self.records,
            self.lost()
        );
        out += &format!(
            "| offline confirmations still queued at the end | {} |\n",
            self.outbox_left
        );
        out
    }
}

/// The `p`th percentile (nearest rank), one decimal; `–` when empty.
fn pct(values: &mut [f64], p: usize) -> String {
    if values.is_empty() {
        return "–".into();
    }
    values.sort_by(f64::total_cmp);
    let rank = (values.len() * p).div_ceil(100).clamp(1, values.len());
    let v = values[rank - 1];
    if v.fract() == 0.0 {
        format!("{v:.0}")
    } else {
        format!("{v:.1}")
    }
}

fn hms(d: Duration) -> String {
    let s = d.as_secs();
    format!("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
}

/// A `myna-gateway` process, stopped and started again on the same port for the outage.
struct GatewayProcess {
    bin: PathBuf,
    fixtures: PathBuf,
    data: PathBuf,
    db: PathBuf,
    child: Option<Child>,
    listen: String,
    url: String,
}

impl GatewayProcess {
    fn start(&mut self) -> Result<(), String> {
        let tls = self.fixtures.join("tls");
        let mut child = Command::new(&self.bin)
            .args(["--listen", &self.listen, "--config", "/dev/null", "--data"])
            .arg(&self.data)
            .arg("--db")
            .arg(&self.db)
            .arg("--tls-cert")
            .arg(tls.join("server.cert.pem"))
            .arg("--tls-key")
            .arg(tls.join("server.key.pem"))
            .args(["--rate-limit", "0"])
            .stdout(Stdio::piped())
            .stderr(match std::env::var_os("CLINIC_DAY_GATEWAY_LOG") {
                Some(_) => Stdio::inherit(),
                None => Stdio::null(),
            })
            .spawn()
            .map_err(|e| format!("{}: {e}", self.bin.display()))?;
        let mut line = String::new();
        if let Some(out) = child.stdout.take() {
            let _ = BufReader::new(out).read_line(&mut line);
        }
        let Some(url) = line.trim().strip_prefix("myna-gateway listening on ") else {
            let _ = child.kill();
            let _ = child.wait();
            return Err(format!("myna-gateway did not start: {line:?}"));
        };
        self.url = url.to_string();
        self.listen = url.trim_start_matches("https://").to_string();
        self.child = Some(child);
        Ok(())
    }

    fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    fn is_up(&self) -> bool {
        self.child.is_some()
    }
}

impl Drop for GatewayProcess {
    fn drop(&mut self) {
        self.stop();
    }
}

/// A patient's card: a `myna-sim` process in the reader.
struct Card {
    child: Child,
    stdin: ChildStdin,
}

impl Card {
    fn control(&mut self, command: &str) {
        let _ = writeln!(self.stdin, "{command}");
        let _ = self.stdin.flush();
    }
}

impl Drop for Card {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The kiosk, its clock, the stack around it, and what the simulation saw.
struct Clinic {
    stack: Stack,
    clock: Arc<ManualClock>,
    inputs: mpsc::Sender<Input>,
    views: mpsc::Receiver<View>,
    screen: Screen,
    gateway: GatewayProcess,
    store: PathBuf,
    data_key: PathBuf,
    profiles: PathBuf,
    card: Option<Card>,
    /// The one moment every card's certificate is made from: each patient's card keeps its
    /// certificate from one visit to the next, as a real card does.
    issued_at: i64,
    touches: u32,
    more_time: u32,
    _dir: tempfile::TempDir,
}

fn copy_dir(from: &Path, to: &Path) -> Result<(), String> {
    std::fs::create_dir_all(to).map_err(|e| e.to_string())?;
    for entry in std::fs::read_dir(from)
        .map_err(|e| e.to_string())?
        .flatten()
    {
        if entry.path().is_file() {
            std::fs::copy(entry.path(), to.join(entry.file_name())).map_err(|e| e.to_string())?;
        }
    }
    Ok(())
}

impl Clinic {
    fn open(stack: Stack) -> Result<Clinic, String> {
        let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
        let d = dir.path();
        let keys = myna_kiosk::eligibility::device_key::keygen(&d.join("keys"), KIOSK_ID)
            .map_err(|e| e.to_string())?;
        let data = d.join("data");
        copy_dir(&stack.fixtures.join("insured"), &data.join("insured"))?;
        copy_dir(&stack.fixtures.join("ca"), &data.join("ca"))?;
        std::fs::copy(stack.fixtures.join("revoked.txt"), data.join("revoked.txt"))
            .map_err(|e| e.to_string())?;
        std::fs::create_dir_all(data.join("kiosks")).map_err(|e| e.to_string())?;
        std::fs::copy(
            &keys.public_key,
            data.join("kiosks").join(format!("{KIOSK_ID}.pub")),
        )
        .map_err(|e| e.to_string())?;
        let mut gateway = GatewayProcess {
            bin: stack.gateway.clone(),
            fixtures: stack.fixtures.clone(),
            data,
            db: d.join("gateway.sqlite"),
            child: None,
            listen: "127.0.0.1:0".into(),
            url: String::new(),
        };
        gateway.start()?;
        let profiles = d.join("cards");
        write_profiles(&stack.fixtures, &profiles)?;

        install_crypto_provider();
        let client = GatewayClient::from_config(&GatewayConfig {
            url: Some(gateway.url.clone()),
            ca_file: Some(stack.fixtures.join("tls/ca.cert.pem")),
            kiosk_id: Some(KIOSK_ID.into()),
            device_key: keys.device_key.clone(),
            ..GatewayConfig::default()
        })
        .map_err(|e| e.to_string())?;
        let store = d.join("kiosk.db");
        let offline = Offline {
            store: Store::open(&store, &keys.data_key).map_err(|e| e.to_string())?,
            cache_max_age: time::Duration::days(30),
            visit_retention: time::Duration::days(90),
            audit_retention: time::Duration::days(365),
        };
        let clock = ManualClock::running();
        let pcsc = Pcsc::establish().map_err(|e| e.to_string())?;
        let card = PcscReader::new(pcsc.clone(), stack.reader.clone());
        let worker = Worker::new(card, client)
            .with_offline(offline)
            .with_clock(clock.clone());
        let (inputs, rx) = mpsc::channel();
        let (view_tx, views) = mpsc::channel();
        // Ends when the simulation drops its inputs and views (the monitor's sender stays
        // with the process).
        std::thread::spawn(move || runner::run(worker, rx, view_tx, || {}, |_| {}));
        watch_reader(&pcsc, stack.reader.clone(), inputs.clone());
        let mut clinic = Clinic {
            stack,
            clock,
            inputs,
            views,
            screen: Screen::Idle,
            gateway,
            store,
            data_key: keys.data_key,
            profiles,
            card: None,
            issued_at: time::OffsetDateTime::now_utc().unix_timestamp(),
            touches: 0,
            more_time: 0,
            _dir: dir,
        };
        clinic.settle()?;
        Ok(clinic)
    }

    /// Waits until the kiosk waits for input again, then takes the latest screen.
    fn settle(&mut self) -> Result<&Screen, String> {
        self.clock
            .pass(Duration::ZERO, PATIENCE)
            .map_err(|e| e.to_string())?;
        self.drain();
        Ok(&self.screen)
    }

    fn drain(&mut self) {
        for view in self.views.try_iter() {
            self.screen = view.screen;
        }
    }

    /// The patient thinks (or the kiosk stands alone) for `d` of simulated time.
    fn think(&mut self, d: Duration) -> Result<(), String> {
        self.clock.pass(d, PATIENCE).map_err(|e| e.to_string())?;
        self.settle().map(|_| ())
    }

    /// A touch; waits for the kiosk to show its answer (each input is answered with a view)
    /// and to wait for the next input (after whatever the touch set off: a VERIFY, the gateway).
    fn touch(&mut self, event: UiEvent) -> Result<(), String> {
        self.touches += 1;
        self.inputs
            .send(Input::Ui(event))
            .map_err(|e| e.to_string())?;
        let view = self
            .views
            .recv_timeout(PATIENCE)
            .map_err(|_| format!("no answer to a touch; last screen {:?}", self.screen))?;
        self.screen = view.screen;
        self.settle().map(|_| ())
    }

    /// Waits (real time) for a screen `done` accepts among those that come next, then settles.
    fn until(&mut self, what: &str, done: impl Fn(&Screen) -> bool) -> Result<(), String> {
        let deadline = Instant::now() + PATIENCE;
        while let Some(left) = deadline.checked_duration_since(Instant::now()) {
            match self.views.recv_timeout(left) {
                Ok(view) => {
                    let matched = done(&view.screen);
                    self.screen = view.screen;
                    if matched {
                        self.settle()?;
                        return Ok(());
                    }
                }
                Err(_) => break,
            }
        }
        Err(format!(
            "{what}: not reached; last screen {:?}",
            self.screen
        ))
    }

    /// Puts the patient's card (a new `myna-sim`) on the reader; waits for the kiosk to see it.
    fn place_card(&mut self, profile: &str) -> Result<(), String> {
        let path = self.profiles.join(format!("{profile}.toml"));
        let mut child = Command::new(&self.stack.sim)
            .arg("--profile")
            .arg(&path)
            .args(["--vpcd-port", &self.stack.port.to_string()])
            .args(["--issued-at", &self.issued_at.to_string()])
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("{}: {e}", self.stack.sim.display()))?;
        let Some(stdin) = child.stdin.take() else {
            return Err("myna-sim without its standard input".into());
        };
        self.card = Some(Card { child, stdin });
        self.until("the card read", |s| *s != Screen::Idle)
    }

    /// The card leaves the reader (the patient or staff takes it).
    fn lift_card(&mut self) -> Result<(), String> {
        if self.card.take().is_some() && self.screen != Screen::Idle {
            self.until("the idle screen after the card was taken", |s| {
                *s == Screen::Idle
            })?;
        }
        // pcscd must see the reader empty before the next card goes on.
        reader_empty(&self.stack.reader)?;
        self.settle().map(|_| ())
    }

    /// Counts the store's visit records and the outbox entries left.
    fn records(&self) -> Result<(usize, usize), String> {
        let store = Store::open(&self.store, &self.data_key).map_err(|e| e.to_string())?;
        let now = time::OffsetDateTime::now_utc();
        let mut records = 0;
        for date in [now.date().previous_day(), Some(now.date())]
            .into_iter()
            .flatten()
        {
            records += store
                .visits_on(date, time::UtcOffset::UTC)
                .map_err(|e| e.to_string())?
                .len();
        }
        let pending = store
            .pending_requests(now + time::Duration::days(365), 10_000)
            .map_err(|e| e.to_string())?
            .len();
        Ok((records, pending))
    }
}

/// Waits until pcscd shows no card in `reader`.
fn reader_empty(reader: &str) -> Result<(), String> {
    use pcsc::{Context, ReaderState, Scope, State};
    let ctx = Context::establish(Scope::User).map_err(|e| e.to_string())?;
    let name = std::ffi::CString::new(reader).map_err(|e| e.to_string())?;
    let mut states = [ReaderState::new(name, State::UNAWARE)];
    let deadline = Instant::now() + PATIENCE;
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match ctx.get_status_change(left, &mut states) {
            Ok(()) | Err(pcsc::Error::Timeout) => {}
            Err(e) => return Err(e.to_string()),
        }
        let event = states[0].event_state();
        if !event.contains(State::PRESENT) && !event.contains(State::UNKNOWN) {
            return Ok(());
        }
        if left.is_zero() {
            return Err(format!("{reader}: the card is still there"));
        }
        states[0].sync_current_state();
    }
}

/// The card profiles the patients carry, with absolute paths: the fixtures' own, and an
/// `unregistered` one (the `normal` card with the serial of fixtures/insured/x-unregistered.toml,
/// a person whose card is not registered for insurance use).
fn write_profiles(fixtures: &Path, to: &Path) -> Result<(), String> {
    std::fs::create_dir_all(to).map_err(|e| e.to_string())?;
    let cards = fixtures.join("cards");
    let absolute = |text: String| {
        text.replace("\"../pki/", &format!("\"{}/pki/", fixtures.display()))
            .replace("\"images/", &format!("\"{}/images/", cards.display()))
    };
    for kind in Kind::MIX.map(|(k, _)| k) {
        let name = kind.profile();
        let source = match name {
            "unregistered" => "normal",
            other => other,
        };
        let text = std::fs::read_to_string(cards.join(format!("{source}.toml")))
            .map_err(|e| format!("{source}: {e}"))?;
        let mut text = absolute(text);
        if name == "unregistered" {
            text = text.replace(
                "serial = \"1a2b3c4d00000001\"",
                "serial = \"1a2b3c4d000000f4\"",
            );
        }
        std::fs::write(to.join(format!("{name}.toml")), text).map_err(|e| e.to_string())?;
    }
    Ok(())
}

/// The staff case a notice stands for, in words.
fn staff_reason(notice: Notice) -> Option<&'static str> {
    Some(match notice {
        Notice::WrongPin { .. } | Notice::TimedOut | Notice::PhoneCancelled => return None,
        Notice::NotMyNumberCard => "not a My Number Card",
        Notice::CardRemoved => "card removed",
        Notice::CardProblem => "card unreadable",
        Notice::PinLocked => "PIN locked or never set",
        Notice::CertificateExpired => "certificate expired past its grace",
        Notice::JukiCard => "住基カード",
        Notice::NeedsStaff => "gateway: not valid as insurance (e.g. not registered)",
        Notice::Refused => "gateway refused",
        Notice::GatewayUnreachable => "gateway unreachable, nothing cached",
        Notice::FaceUnavailable => "face asked for, not available",
        Notice::CardPhotoUnproven => "card photo not proven by the issuer key",
        Notice::StaffCalled => "patient called staff",
        Notice::SpeakToReception => "patient called staff (told to speak to the counter)",
        Notice::PhoneNoAnswer => "iPhone not confirmed in time",
    })
}

/// Runs the morning; `progress` hears about each visit.
pub fn run(
    stack: Stack,
    plan: &Plan,
    mut progress: impl FnMut(usize, &Visit),
) -> Result<Report, String> {
    let started = Instant::now();
    let patients = patients(plan);
    let mut clinic = Clinic::open(stack)?;
    let t0 = clinic.clock.now();
    let outage_at = (plan.patients as f64 * OUTAGE_AT) as usize;
    let mut outage_until: Option<Instant> = None;
    let mut visits = vec![];
    for (i, patient) in patients.into_iter().enumerate() {
        clinic.think(patient.gap)?;
        if plan.outage && i == outage_at {
            clinic.gateway.stop();
            outage_until = Some(clinic.clock.now() + OUTAGE);
        }
        if outage_until.is_some_and(|until| clinic.clock.now() >= until) {
            clinic.gateway.start()?;
            outage_until = None;
        }
        let visit = visit(&mut clinic, patient).map_err(|e| format!("patient {i}: {e}"))?;
        progress(i, &visit);
        visits.push(visit);
    }
    let simulated = clinic.clock.now() - t0;
    if !clinic.gateway.is_up() {
        clinic.gateway.start()?;
    }
    // The kiosk replays its outbox (every 30 s, backing off to an hour): give it the time.
    let mut outbox_left = usize::MAX;
    for _ in 0..24 {
        clinic.think(Duration::from_secs(5 * 60))?;
        outbox_left = clinic.records()?.1;
        if outbox_left == 0 {
            break;
        }
    }
    let (records, outbox_left) = (clinic.records()?.0, outbox_left);
    Ok(Report {
        visits,
        records,
        outbox_left,
        simulated,
        wall: started.elapsed(),
    })
}

/// One patient at the kiosk, as scripted by their kind.
fn visit(clinic: &mut Clinic, patient: Patient) -> Result<Visit, String> {
    let mut dice = Dice(patient.gap.as_nanos() as u64);
    let pace = if patient.slow { 2.0 } else { 1.0 };
    let mut think = |low: f64, high: f64| dice.secs(low * pace, high * pace);
    // A card the last patient left: this patient hands it to staff first.
    if clinic.card.is_some() {
        clinic.think(think(5.0, 20.0))?;
        clinic.lift_card()?;
    }
    if clinic.screen != Screen::Idle {
        return Err(format!("the kiosk is not idle: {:?}", clinic.screen));
    }
    if patient.language != Language::Japanese {
        clinic.think(think(3.0, 8.0))?;
        clinic.touch(UiEvent::SelectLanguage(patient.language))?;
    }
    clinic.think(think(3.0, 8.0))?;
    clinic.touches = 0;
    clinic.more_time = 0;
    let placed = clinic.clock.now();
    clinic.place_card(patient.kind.profile())?;
    let mut path = Way::None;
    let mut wrong_typed = false;
    let mut lifted_once = false;
    let mut read_slowly = false;
    let mut answered = false;
    let mut consented = false;
    let (outcome, done_at) = loop {
        let screen = clinic.screen.clone();
        match screen {
            Screen::Working => {
                clinic.until("the end of the kiosk's work", |s| *s != Screen::Working)?
            }
            Screen::Idle => {
                // The card was lifted before the end: put it back and start again (once).
                if patient.kind == Kind::LiftsEarly && lifted_once && clinic.card.is_some() {
                    clinic.think(think(4.0, 10.0))?;
                    if let Some(card) = clinic.card.as_mut() {
                        card.control("insert");
                    }
                    clinic.until("the card read again", |s| *s != Screen::Idle)?;
                    lifted_once = false;
                    continue;
                }
                break (Outcome::WalkedAway, clinic.clock.now());
            }
            Screen::MethodChoice { pin_available, .. } => {
                clinic.think(think(3.0, 8.0))?;
                clinic.touch(match pin_available {
                    true => UiEvent::ChoosePin,
                    false => UiEvent::CallStaff,
                })?;
            }
            Screen::LastTryWarning { .. } => {
                clinic.think(think(4.0, 10.0))?;
                clinic.touch(UiEvent::ConfirmLastTry)?;
            }
            Screen::PinEntry { entered, .. } => {
                if patient.kind == Kind::SlowReader && !read_slowly {
                    read_slowly = true;
                    clinic.think(Duration::from_secs(75))?;
                    continue;
                }
                if patient.kind == Kind::PinForgotten && wrong_typed {
                    clinic.think(think(5.0, 15.0))?;
                    clinic.touch(UiEvent::CallStaff)?;
                    continue;
                }
                for _ in 0..entered {
                    clinic.touch(UiEvent::PinBackspace)?;
                }
                let wrong = matches!(patient.kind, Kind::PinMistypedOnce | Kind::PinForgotten)
                    && !wrong_typed;
                wrong_typed |= wrong;
                // Four digits and 決定, about a second each.
                clinic.think(think(4.0, 8.0))?;
                let pin = if wrong { "9999" } else { patient.kind.pin() };
                for d in pin.bytes() {
                    clinic.touch(UiEvent::PinDigit(d - b'0'))?;
                }
                path = Way::Pin;
                clinic.touch(UiEvent::PinSubmit)?;
            }
            Screen::PhoneConfirm { .. } => {
                // The phone's holder confirms on the phone (myna-sim's [phone] patient) while
                // the worker asks it again and again.
                clinic.until("the phone's answer", |s| {
                    !matches!(s, Screen::PhoneConfirm { .. } | Screen::Working)
                })?;
            }
            Screen::Consent { individually, .. } => match patient.kind {
                _ if patient.kind == Kind::IphoneToken && path == Way::None => {
                    // Confirmed on the phone (the worker's polling ran without a pause).
                    path = Way::Iphone;
                }
                Kind::WalksAway => {
                    // Gone: the kiosk is alone until it gives up on the visit.
                    clinic.think(Duration::from_secs(5 * 60))?;
                    break (Outcome::WalkedAway, clinic.clock.now());
                }
                Kind::LiftsEarly if !consented && clinic.card.is_some() && !lifted_once => {
                    clinic.think(think(2.0, 5.0))?;
                    lifted_once = true;
                    consented = true;
                    if let Some(card) = clinic.card.as_mut() {
                        card.control("remove");
                    }
                    clinic.until("the idle screen after the early lift", |s| {
                        *s == Screen::Idle
                    })?;
                }
                _ => {
                    clinic.think(think(5.0, 15.0))?;
                    clinic.touch(match individually {
                        false => UiEvent::ConsentAll,
                        true => UiEvent::SubmitConsent,
                    })?;
                    answered = true;
                }
            },
            Screen::Result(result) => {
                // The grace path skips the consent screen: the gateway was asked all the same.
                answered = true;
                break (
                    Outcome::Done {
                        provisional: result.provisional_since.is_some(),
                    },
                    clinic.clock.now(),
                );
            }
            Screen::Notice(Notice::WrongPin { .. }) => {
                clinic.think(think(3.0, 8.0))?;
                clinic.touch(UiEvent::Finish)?;
            }
            Screen::Notice(notice) => {
                let at = clinic.clock.now();
                // The grace path has no consent screen: a verified PIN goes to the gateway.
                answered |= patient.kind == Kind::InGrace && path == Way::Pin;
                match staff_reason(notice) {
                    Some(reason) => break (Outcome::Staff(reason.into()), at),
                    None => break (Outcome::WalkedAway, at),
                }
            }
            // The visit ended without a result (a screen left alone): only the card is asked for.
            Screen::TakeCard { .. } => break (Outcome::WalkedAway, clinic.clock.now()),
            // "Call staff?" in the middle of a visit: yes.
            Screen::ConfirmCallStaff => {
                clinic.think(think(1.0, 3.0))?;
                clinic.touch(UiEvent::CallStaff)?;
            }
            Screen::MoreTime { .. } => {
                clinic.more_time += 1;
                clinic.think(think(2.0, 5.0))?;
                clinic.touch(UiEvent::StillHere)?;
            }
            other @ (Screen::FaceCode { .. }
            | Screen::FaceCheck { .. }
            | Screen::FaceRetry { .. }) => {
                return Err(format!("the face path is not simulated: {other:?}"));
            }
        }
    };
    let touches = clinic.touches;
    let more_time = clinic.more_time;
    // The patient reads the end, then takes the card and goes (a forgetful one leaves it,
    // as does one who walked away).
    let mut card_left = false;
    if clinic.card.is_some() {
        if patient.forgetful || patient.kind == Kind::WalksAway {
            card_left = true;
        } else {
            clinic.think(think(4.0, 10.0))?;
            clinic.lift_card()?;
        }
    }
    if card_left {
        // Alone with a card on it, the kiosk asks for it, then makes it a staff case.
        clinic.think(Duration::from_secs(2 * 60))?;
    }
    Ok(Visit {
        patient,
        outcome,
        path,
        touches,
        card_to_done: done_at - placed,
        card_left,
        more_time,
        answered,
    })
}
