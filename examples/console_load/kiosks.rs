//! The simulated kiosks. Each is the kiosk's own reporting client, not a copy of the protocol: a
//! [`GatewayClient`] with its registered device key, a [`Reporter`] on it, and a store whose
//! case outbox the reporter empties, with each case queued there first as the worker does
//! (`Worker::report_case`). Health every `health_every` (each kiosk starting at a random point
//! of the first period, so that the reports are spread as kiosks switched on at different times
//! would send them), cases at random: a Poisson process, exponential gaps of mean `case_every`.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use myna_kiosk::config::GatewayConfig;
use myna_kiosk::eligibility::client::GatewayClient;
use myna_kiosk::eligibility::device_key::keygen;
use myna_kiosk::eligibility::reports::{HealthReport, REPORTS_VERSION, Reachability};
use myna_kiosk::reception::desk::StaffReason;
use myna_kiosk::reception::report::{Reporter, case_report};
use myna_kiosk::reception::runner::Input;
use myna_kiosk::store::Store;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

/// The reasons a simulated case carries, drawn evenly (a patient's call rings the console's
/// alert as well).
const REASONS: [StaffReason; 5] = [
    StaffReason::PatientCalled,
    StaffReason::PinLocked,
    StaffReason::CertificateExpired,
    StaffReason::CardUnreadable,
    StaffReason::Qualification(3),
];

pub fn kiosk_id(i: usize) -> String {
    format!("kiosk-{i:02}")
}

/// Each kiosk's device and data key in `out/<kiosk_id>/`, its public key registered in
/// `data/kiosks/<kiosk_id>.pub` (the gateway reads them when it starts).
pub fn make_keys(out: &Path, data: &Path, kiosks: usize) -> Result<(), String> {
    let registered = data.join("kiosks");
    std::fs::create_dir_all(&registered).map_err(|e| format!("{}: {e}", registered.display()))?;
    for i in 1..=kiosks {
        let id = kiosk_id(i);
        let keys = keygen(&out.join(&id), &id).map_err(|e| format!("{id}: {e}"))?;
        std::fs::copy(&keys.public_key, registered.join(format!("{id}.pub")))
            .map_err(|e| format!("{id}: {e}"))?;
    }
    Ok(())
}

/// What the kiosks do and for how long.
pub struct Plan {
    pub url: String,
    pub ca: PathBuf,
    pub keys: PathBuf,
    pub kiosks: usize,
    pub health_every: Duration,
    pub case_every: Duration,
    pub duration: Duration,
    pub seed: u64,
}

/// A case as a kiosk raised it: when, in milliseconds since the Unix epoch (the browser's
/// `Date.now()` on the same machine).
#[derive(Debug, Clone)]
pub struct Raised {
    pub kiosk: String,
    pub case_id: String,
    pub at_ms: f64,
}

/// The running kiosks. [`Fleet::stop`] ends them (they keep reporting health and sending
/// what waits until then) and counts what they did.
pub struct Fleet {
    stop: Arc<AtomicBool>,
    raised: Arc<Mutex<Vec<Raised>>>,
    threads: Vec<std::thread::JoinHandle<Result<Counts, String>>>,
}

/// One kiosk's reports, and the acknowledgements (staff resolving its cases) that reached it.
#[derive(Debug, Default, Clone, Copy)]
pub struct Counts {
    pub health: u64,
    pub acknowledgements: u64,
}

impl Fleet {
    /// Starts every kiosk; each raises cases until `plan.duration` has passed.
    pub fn start(plan: &Plan) -> Result<Self, String> {
        let stop = Arc::new(AtomicBool::new(false));
        let raised = Arc::new(Mutex::new(Vec::new()));
        let started = Instant::now();
        let mut threads = Vec::new();
        for i in 1..=plan.kiosks {
            let kiosk = Kiosk::open(plan, i)?;
            let (stop, raised) = (stop.clone(), raised.clone());
            let mut rng = Rng(plan.seed ^ (i as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15));
            let (health_every, case_every) = (plan.health_every, plan.case_every);
            let end = started + plan.duration;
            threads.push(std::thread::spawn(move || {
                kiosk.run(&mut rng, (health_every, case_every), end, &stop, &raised)
            }));
        }
        Ok(Fleet {
            stop,
            raised,
            threads,
        })
    }

    /// The cases raised so far.
    pub fn raised(&self) -> Vec<Raised> {
        self.raised
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    pub fn stop(self) -> Result<Counts, String> {
        self.stop.store(true, Ordering::Relaxed);
        let mut total = Counts::default();
        for thread in self.threads {
            let counts = thread
                .join()
                .map_err(|_| "a kiosk thread panicked".to_string())??;
            total.health += counts.health;
            total.acknowledgements += counts.acknowledgements;
        }
        Ok(total)
    }
}

struct Kiosk {
    id: String,
    store: Store,
    reporter: Reporter,
    acknowledgements: mpsc::Receiver<Input>,
}

impl Kiosk {
    fn open(plan: &Plan, i: usize) -> Result<Self, String> {
        let id = kiosk_id(i);
        let dir = plan.keys.join(&id);
        let config = GatewayConfig {
            url: Some(plan.url.clone()),
            ca_file: Some(plan.ca.clone()),
            kiosk_id: Some(id.clone()),
            device_key: dir.join("kiosk.key"),
            ..GatewayConfig::default()
        };
        let client = GatewayClient::from_config(&config).map_err(|e| format!("{id}: {e}"))?;
        let data_key = dir.join("data.key");
        let store =
            Store::open(&dir.join("kiosk.sqlite"), &data_key).map_err(|e| format!("{id}: {e}"))?;
        let outbox = store
            .another_connection(&data_key)
            .map_err(|e| format!("{id}: {e}"))?;
        let mut reporter = Reporter::start(client, Some(outbox), plan.health_every);
        let (inputs, acknowledgements) = mpsc::channel();
        reporter.listen(inputs);
        Ok(Kiosk {
            id,
            store,
            reporter,
            acknowledgements,
        })
    }

    fn run(
        self,
        rng: &mut Rng,
        (health_every, case_every): (Duration, Duration),
        end: Instant,
        stop: &AtomicBool,
        raised: &Mutex<Vec<Raised>>,
    ) -> Result<Counts, String> {
        let mut counts = Counts::default();
        let now = Instant::now();
        let mut next_health = now + health_every.mul_f64(rng.unit());
        let mut next_case = now + rng.exponential(case_every);
        while !stop.load(Ordering::Relaxed) {
            let cases = next_case < end;
            let next = if cases {
                next_health.min(next_case)
            } else {
                next_health
            };
            // Short sleeps, so that a stop is seen soon.
            let wait = next.saturating_duration_since(Instant::now());
            if !wait.is_zero() {
                std::thread::sleep(wait.min(Duration::from_millis(200)));
                continue;
            }
            if cases && next == next_case {
                let report = case_report(REASONS[rng.below(REASONS.len())], now_utc());
                let at_ms = unix_ms();
                self.store
                    .queue_case(&report, now_utc())
                    .map_err(|e| format!("{}: {e}", self.id))?;
                raised
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .push(Raised {
                        kiosk: self.id.clone(),
                        case_id: report.case_id.clone(),
                        at_ms,
                    });
                self.reporter.case_queued(None);
                next_case += rng.exponential(case_every);
            } else {
                self.reporter.health(self.health());
                counts.health += 1;
                next_health += health_every;
            }
        }
        counts.acknowledgements = self
            .acknowledgements
            .try_iter()
            .filter(|input| matches!(input, Input::Acknowledged(_)))
            .count() as u64;
        Ok(counts)
    }

    /// What an idle kiosk with its reader attached reports.
    fn health(&self) -> HealthReport {
        let now = now_utc().format(&Rfc3339).unwrap_or_default();
        HealthReport {
            version: REPORTS_VERSION,
            sent_at: now.clone(),
            reader_attached: Some(true),
            card_in_reader: false,
            gateway: Some(Reachability {
                reachable: true,
                at: now,
            }),
            outbox_backlog: self.store.cases_waiting().ok().map(|n| n as u64),
            face_available: false,
            kiosk_version: env!("CARGO_PKG_VERSION").to_string(),
        }
    }
}

fn now_utc() -> OffsetDateTime {
    OffsetDateTime::now_utc()
}

pub fn unix_ms() -> f64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0.0, |d| d.as_secs_f64() * 1000.0)
}

/// SplitMix64: the same run for the same seed, without a dependency.
pub struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }

    fn below(&mut self, n: usize) -> usize {
        (self.unit() * n as f64) as usize % n.max(1)
    }

    /// An exponential gap of mean `mean`: the next arrival of a Poisson process.
    fn exponential(&mut self, mean: Duration) -> Duration {
        mean.mul_f64(-(1.0 - self.unit()).ln())
    }
}
