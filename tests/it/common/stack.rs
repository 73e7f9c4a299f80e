//! The real PC/SC stack for tests: readers of the private pcscd started by scripts/with-pcscd.sh,
//! and `myna-sim` processes plugged into them.

use std::ffi::CString;
use std::io::Write;
use std::path::PathBuf;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::{Condvar, Mutex, OnceLock};
use std::time::{Duration, Instant};

use pcsc::{Context, ReaderState, Scope, State};

/// One vpcd reader slot: pcscd's name for it and the port a virtual card connects to.
#[derive(Debug, Clone)]
pub struct Reader {
    pub name: String,
    pub port: u16,
}

struct Pool {
    free: Mutex<Vec<Reader>>,
    returned: Condvar,
    /// How many readers there are.
    all: usize,
}

fn pool() -> Option<&'static Pool> {
    static POOL: OnceLock<Option<Pool>> = OnceLock::new();
    POOL.get_or_init(|| {
        let spec = std::env::var("MYNA_TEST_READERS").ok()?;
        let free: Vec<Reader> = spec
            .split(',')
            .filter_map(|entry| {
                let (name, port) = entry.rsplit_once('=')?;
                Some(Reader {
                    name: name.to_string(),
                    port: port.parse().ok()?,
                })
            })
            .collect();
        Some(Pool {
            all: free.len(),
            free: Mutex::new(free),
            returned: Condvar::new(),
        })
    })
    .as_ref()
}

/// Fails in CI and skips loudly elsewhere when `what` is missing.
pub fn missing(what: &str) {
    let message = format!(
        "\n!!!! SKIPPED: {what} is missing. Run the tests with `bash scripts/test.sh` for the real \
         PC/SC stack (private pcscd + vpcd + myna-sim). !!!!\n"
    );
    if std::env::var("CI").is_ok_and(|v| v == "true" || v == "1") {
        panic!("{message}");
    }
    eprintln!("{message}");
}

/// A reader of our own for the life of the guard, or `None` (after [`missing`]) without the stack.
pub fn reader() -> Option<ReaderGuard> {
    let Some(pool) = pool() else {
        missing("the private pcscd (MYNA_TEST_READERS)");
        return None;
    };
    let mut free = pool.free.lock().unwrap();
    loop {
        if let Some(reader) = free.pop() {
            return Some(ReaderGuard {
                reader: Some(reader),
            });
        }
        free = pool.returned.wait(free).unwrap();
    }
}

/// Every reader at once, or `None` (after [`missing`]) without the stack: for the test that
/// stops pcscd, which takes every reader away from whoever uses it.
pub fn every_reader() -> Option<Vec<ReaderGuard>> {
    let Some(pool) = pool() else {
        missing("the private pcscd (MYNA_TEST_READERS)");
        return None;
    };
    let mut free = pool.free.lock().unwrap();
    while free.len() < pool.all {
        free = pool.returned.wait(free).unwrap();
    }
    Some(
        free.drain(..)
            .map(|reader| ReaderGuard {
                reader: Some(reader),
            })
            .collect(),
    )
}

pub struct ReaderGuard {
    reader: Option<Reader>,
}

impl std::ops::Deref for ReaderGuard {
    type Target = Reader;
    fn deref(&self) -> &Reader {
        self.reader.as_ref().unwrap()
    }
}

impl Drop for ReaderGuard {
    fn drop(&mut self) {
        if let (Some(reader), Some(pool)) = (self.reader.take(), pool()) {
            // Hand the reader on only once its card is gone.
            let _ = wait_for_card(&reader.name, false, CARD_WAIT);
            pool.free.lock().unwrap().push(reader);
            // A test waiting for one reader and one waiting for all may both be asleep.
            pool.returned.notify_all();
        }
    }
}

/// Waits until the reader shows a card (`present`) or none; returns pcscd's count of insertions
/// and removals there.
///
/// "None" is pcscd's own poll having seen the card leave, not only the absent state: a card
/// pulled mid-command is reported absent at once (the command failed), before pcscd's poll of
/// the reader (every 0.4 s) has seen it gone. A card put in before that poll is one the poll
/// never saw leave: pcscd counts neither the removal nor the insertion, and the new card does
/// not show (20-second stalls of the card-pulled tests until 2026-12-05, docs/benchmarks.md).
/// The poll counts each insertion and removal from 0 with the reader empty, so an even count is
/// a reader its poll last saw empty. An odd one is taken as empty once it has stood for a
/// second ([`SETTLED`]): a reader whose count is out of step (a card already there when pcscd
/// started is not counted) is still handed on, a little later.
pub fn wait_for_card(reader: &str, present: bool, limit: Duration) -> Result<u32, String> {
    let deadline = Instant::now() + limit;
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        let count = wait_for(reader, left, |state, _| {
            state.contains(State::PRESENT) == present
        })
        .map_err(|_| {
            format!(
                "{reader}: card still {}",
                if present { "absent" } else { "present" }
            )
        })?;
        if present || count % 2 == 0 {
            return Ok(count);
        }
        // The poll may not have counted the removal yet: wait for it, or for a second of calm.
        let moved = wait_for(reader, SETTLED, |state, now| {
            now != count || state.contains(State::PRESENT)
        });
        if moved.is_err() {
            return Ok(count);
        }
    }
}

/// How long an odd count of an empty reader must stand before it is taken as settled
/// ([`wait_for_card`]): more than two of pcscd's polls.
const SETTLED: Duration = Duration::from_secs(1);

/// pcscd's count of insertions and removals on `reader` now.
pub fn event_count(reader: &str) -> u32 {
    wait_for(reader, CARD_WAIT, |_, _| true).unwrap()
}

/// Waits until `done(state, count)` holds for `reader` (`count`: pcscd's count of insertions
/// and removals there); returns that count.
fn wait_for(
    reader: &str,
    limit: Duration,
    done: impl Fn(State, u32) -> bool,
) -> Result<u32, String> {
    let ctx = Context::establish(Scope::User).map_err(|e| e.to_string())?;
    let mut states = [ReaderState::new(
        CString::new(reader).unwrap(),
        State::UNAWARE,
    )];
    let deadline = Instant::now() + limit;
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match ctx.get_status_change(left, &mut states) {
            Ok(()) | Err(pcsc::Error::Timeout) => {}
            Err(e) => return Err(e.to_string()),
        }
        let (event, count) = (states[0].event_state(), states[0].event_count());
        if !event.contains(State::UNKNOWN) && done(event, count) {
            return Ok(count);
        }
        if left.is_zero() {
            return Err(format!("{reader}: {event:?}"));
        }
        states[0].sync_current_state();
    }
}

/// How long a card may take to show in or leave a reader: generous, as a profile's card is built
/// when the simulator starts (keys, photo) and pcscd polls vpcd, both slow on a loaded machine;
/// a passing test never waits this long.
pub const CARD_WAIT: Duration = Duration::from_secs(40);

/// A running `myna-sim` with its APDU log.
pub struct Sim {
    child: Child,
    stdin: ChildStdin,
    pub log: PathBuf,
    _dir: tempfile::TempDir,
}

impl Sim {
    /// Starts `myna-sim` with `profile` in `reader` and waits until pcscd sees the card. Should
    /// it not show (a card that came before pcscd's poll saw the last one leave, see
    /// [`wait_for_card`]; the reader is handed on only once that poll saw it empty), the
    /// simulator is started once more.
    pub fn start(profile: &str, reader: &Reader, extra: &[&str]) -> Sim {
        let sim = Sim::spawn(profile, reader, extra);
        if wait_for_card(&reader.name, true, CARD_WAIT / 2).is_ok() {
            return sim;
        }
        eprintln!(
            "{}: the card did not show; starting myna-sim again",
            reader.name
        );
        drop(sim);
        let sim = Sim::spawn(profile, reader, extra);
        wait_for_card(&reader.name, true, CARD_WAIT).unwrap();
        sim
    }

    pub fn spawn(profile: &str, reader: &Reader, extra: &[&str]) -> Sim {
        let dir = tempfile::tempdir().unwrap();
        let log = dir.path().join("apdu.log");
        let mut child = Command::new(crate::common::workspace_bin("myna-sim"))
            .arg("--profile")
            .arg(super::profile(profile))
            .args(["--vpcd-port", &reader.port.to_string()])
            .arg("--apdu-log")
            .arg(&log)
            .args(extra)
            .stdin(Stdio::piped())
            .stderr(std::fs::File::create(dir.path().join("sim.log")).unwrap())
            .spawn()
            .unwrap();
        let stdin = child.stdin.take().unwrap();
        Sim {
            child,
            stdin,
            log,
            _dir: dir,
        }
    }

    /// Puts the card back (`insert`) once pcscd no longer shows it ([`wait_for_card`]), and
    /// waits until pcscd has seen it come (by its count of insertions and removals: the card
    /// may already be gone again, pulled by `pull-after`). Should it still not show, it is taken
    /// away and put back once more, as a patient would.
    pub fn put_back(&mut self, reader: &str) {
        for last in [false, true] {
            let before = wait_for_card(reader, false, CARD_WAIT).unwrap();
            self.control("insert");
            let wait = if last { CARD_WAIT } else { CARD_WAIT / 2 };
            match wait_for(reader, wait, |_, count| count != before) {
                Ok(_) => return,
                Err(e) if last => panic!("the card put back never showed: {e}"),
                Err(_) => {
                    eprintln!("{reader}: the card put back did not show; putting it back again");
                    self.control("remove");
                }
            }
        }
    }

    /// Sends a control command (`insert`, `remove`, `pull-after N`).
    pub fn control(&mut self, command: &str) {
        writeln!(self.stdin, "{command}").unwrap();
        self.stdin.flush().unwrap();
    }

    /// What myna-sim said (cards put in and taken out, vpcd connections ended), for a failure
    /// message: a connection vpcd dropped by itself is a bench problem, not the kiosk's.
    pub fn own_log(&self) -> String {
        std::fs::read_to_string(self.log.with_file_name("sim.log")).unwrap_or_default()
    }

    pub fn apdu_log(&self) -> Vec<String> {
        std::fs::read_to_string(&self.log)
            .unwrap_or_default()
            .lines()
            .map(str::to_string)
            .collect()
    }
}

impl Drop for Sim {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The ATR pcscd shows for the card in `reader` (what `pcsc_scan` prints).
pub fn atr(reader: &str) -> Vec<u8> {
    let ctx = Context::establish(Scope::User).unwrap();
    let mut states = [ReaderState::new(
        CString::new(reader).unwrap(),
        State::UNAWARE,
    )];
    ctx.get_status_change(Duration::from_secs(5), &mut states)
        .unwrap();
    states[0].atr().to_vec()
}

/// The ATR a profile's card shows (src/sim/atr.rs), as `pcsc_scan` writes it.
pub fn profile_atr(profile: &str) -> String {
    let (profile, _) = myna_kiosk::sim::profile::Profile::load(&super::profile(profile)).unwrap();
    myna_kiosk::sim::atr::to_text(&profile.atr().unwrap().0)
}
