//! The staff console under a clinic's reporting load (issue 19): N simulated kiosks (default
//! 50) report health every 5 s and raise cases at random to a running `myna-gateway`, while
//! one real chromium is signed in on the case queue. Measures, for every case, the time from
//! the kiosk raising it to its row appearing in the browser, and the gateway's CPU and memory
//! for the load. A benchmark, not a test: it prints figures (Markdown on stdout, details on
//! stderr) and fails only when it cannot run. `scripts/bench/console-load.sh` builds it,
//! starts the gateway and runs both steps:
//!
//! ```sh
//! console_load keys --out KEYS --data GATEWAY_DATA [--kiosks 50]
//! console_load run --url URL --keys KEYS --gateway-pid PID --staff NAME < secret \
//!   [--kiosks 50] [--duration 120] [--health-every 5] [--case-every 60] [--resolve-after 30]
//! ```

mod browser;
mod kiosks;
#[path = "../support/proc_stat.rs"]
mod proc_stat;

use std::io::BufRead;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use clap::{Parser, Subcommand};

use kiosks::{Fleet, Plan};

#[derive(Parser)]
struct Args {
    #[command(subcommand)]
    step: Step,
}

#[derive(Subcommand)]
enum Step {
    /// Each kiosk's keys in OUT/kiosk-NN/, registered in DATA/kiosks/ (before the gateway starts).
    Keys {
        #[arg(long)]
        out: PathBuf,
        #[arg(long)]
        data: PathBuf,
        #[arg(long, default_value_t = 50)]
        kiosks: usize,
    },
    /// The load and the browser; the console member's secret on standard input.
    Run(RunArgs),
}

#[derive(clap::Args)]
struct RunArgs {
    /// The gateway, e.g. https://127.0.0.1:8443.
    #[arg(long)]
    url: String,
    /// The gateway's TLS CA (the kiosks check it).
    #[arg(long, default_value = "fixtures/tls/ca.cert.pem")]
    ca: PathBuf,
    /// Where `keys` put the kiosks' keys.
    #[arg(long)]
    keys: PathBuf,
    /// The gateway's process id: its CPU time and memory are read from /proc.
    #[arg(long)]
    gateway_pid: u32,
    /// The console member the browser signs in as.
    #[arg(long)]
    staff: String,
    #[arg(long, default_value_t = 50)]
    kiosks: usize,
    /// Seconds during which the kiosks raise cases.
    #[arg(long, default_value_t = 120)]
    duration: u64,
    /// Seconds between a kiosk's health reports.
    #[arg(long, default_value_t = 5)]
    health_every: u64,
    /// A kiosk's mean seconds between cases (exponential gaps: a Poisson process).
    #[arg(long, default_value_t = 60.0)]
    case_every: f64,
    /// Seconds after which the browser resolves a case it shows (0: never).
    #[arg(long, default_value_t = 30)]
    resolve_after: u64,
    /// Seconds to wait after the last case for the browser to show what is still on its way.
    #[arg(long, default_value_t = 20)]
    grace: u64,
    #[arg(long, default_value_t = 19)]
    seed: u64,
}

fn main() -> std::process::ExitCode {
    let result = match Args::parse().step {
        Step::Keys { out, data, kiosks } => kiosks::make_keys(&out, &data, kiosks),
        Step::Run(args) => run(&args),
    };
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("console_load: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}

fn run(args: &RunArgs) -> Result<(), String> {
    let mut secret = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut secret)
        .map_err(|e| format!("the secret on standard input: {e}"))?;
    let secret = secret.trim_end_matches(['\r', '\n']);
    let plan = Plan {
        url: args.url.clone(),
        ca: args.ca.clone(),
        keys: args.keys.clone(),
        kiosks: args.kiosks,
        health_every: Duration::from_secs(args.health_every),
        case_every: Duration::from_secs_f64(args.case_every),
        duration: Duration::from_secs(args.duration),
        seed: args.seed,
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    let driver = browser::Driver::start()?;
    let client = runtime.block_on(driver.browser())?;
    let outcome = measure(args, &plan, secret, (&runtime, &client));
    let _ = runtime.block_on(client.close());
    let report = outcome?;
    report.print(args, &plan);
    Ok(())
}

/// What one run measured.
struct Report {
    /// Event to browser, ms, one per case shown.
    latencies: Vec<f64>,
    raised: usize,
    lost: usize,
    seen: browser::Seen,
    counts: kiosks::Counts,
    gateway_cpu: f64,
    load_cpu: f64,
    gateway_rss_kib: Option<u64>,
    gateway_peak_kib: Option<u64>,
    seconds: f64,
}

fn measure(
    args: &RunArgs,
    plan: &Plan,
    secret: &str,
    (runtime, client): (&tokio::runtime::Runtime, &fantoccini::Client),
) -> Result<Report, String> {
    runtime.block_on(browser::open_queue(client, &args.url, &args.staff, secret))?;
    runtime.block_on(browser::watch(
        client,
        Duration::from_secs(args.resolve_after),
    ))?;
    eprintln!(
        "console_load: the browser is on the case queue; {} kiosks for {} s",
        plan.kiosks, args.duration
    );
    let hz = proc_stat::ticks_per_second()?;
    let cpu = |pid| proc_stat::cpu_time(pid, hz);
    let (gateway_before, load_before) = (cpu(args.gateway_pid)?, cpu(std::process::id())?);
    let started = Instant::now();
    let fleet = Fleet::start(plan)?;
    std::thread::sleep(plan.duration.saturating_sub(started.elapsed()));
    let seconds = started.elapsed().as_secs_f64();
    let (gateway_after, load_after) = (cpu(args.gateway_pid)?, cpu(std::process::id())?);
    let share = |used: Duration| 100.0 * used.as_secs_f64() / seconds;
    let (gateway_rss_kib, gateway_peak_kib) = memory(&format!("/proc/{}", args.gateway_pid));

    // The last cases are still on their way: wait until the page shows every one, or the grace.
    let deadline = Instant::now() + Duration::from_secs(args.grace);
    let (raised, seen) = loop {
        let raised = fleet.raised();
        let seen = runtime.block_on(browser::seen(client))?;
        let shown = raised
            .iter()
            .filter(|r| seen.at_ms.contains_key(&key(r)))
            .count();
        if shown == raised.len() || Instant::now() > deadline {
            break (raised, seen);
        }
        std::thread::sleep(Duration::from_millis(250));
    };
    let counts = fleet.stop()?;
    let mut latencies: Vec<f64> = raised
        .iter()
        .filter_map(|r| seen.at_ms.get(&key(r)).map(|shown| shown - r.at_ms))
        .collect();
    latencies.sort_by(f64::total_cmp);
    Ok(Report {
        lost: raised.len() - latencies.len(),
        raised: raised.len(),
        latencies,
        seen,
        counts,
        gateway_cpu: share(gateway_after.saturating_sub(gateway_before)),
        load_cpu: share(load_after.saturating_sub(load_before)),
        gateway_rss_kib,
        gateway_peak_kib,
        seconds,
    })
}

fn key(raised: &kiosks::Raised) -> String {
    format!("{} {}", raised.kiosk, raised.case_id)
}

/// Nearest rank.
fn percentile(sorted: &[f64], p: f64) -> Option<f64> {
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted.get(rank.clamp(1, sorted.len().max(1)) - 1).copied()
}

impl Report {
    fn print(&self, args: &RunArgs, plan: &Plan) {
        let ms = |v: Option<f64>| v.map_or("-".into(), |v| format!("{v:.0} ms"));
        let l = &self.latencies;
        let mib =
            |kib: Option<u64>| kib.map_or("-".into(), |k| format!("{:.1} MiB", k as f64 / 1024.0));
        let rate = plan.kiosks as f64 / args.case_every;
        println!("| measure | value |");
        println!("|---|---|");
        println!(
            "| load | {} kiosks, health every {} s each ({:.1} reports/s), cases at random: a Poisson process of mean {} s a kiosk ({rate:.2} cases/s in all), for {:.0} s |",
            plan.kiosks,
            args.health_every,
            plan.kiosks as f64 / args.health_every as f64,
            args.case_every,
            self.seconds
        );
        println!(
            "| cases raised / shown in the browser / lost | {} / {} / {} |",
            self.raised,
            l.len(),
            self.lost
        );
        println!(
            "| kiosk event → row in the browser: median / p90 / p99 / max | {} / {} / {} / {} |",
            ms(percentile(l, 50.0)),
            ms(percentile(l, 90.0)),
            ms(percentile(l, 99.0)),
            ms(l.last().copied())
        );
        println!(
            "| health reports sent | {} ({:.1}/s) |",
            self.counts.health,
            self.counts.health as f64 / self.seconds
        );
        println!(
            "| cases resolved from the browser {} s after they appeared / refused / acknowledgements back at the kiosks | {} / {} / {} |",
            args.resolve_after,
            self.seen.resolved,
            self.seen.resolve_failed,
            self.counts.acknowledgements
        );
        println!(
            "| myna-gateway CPU over the run (utime+stime, /proc) | {:.2} % of one core |",
            self.gateway_cpu
        );
        println!(
            "| myna-gateway resident memory at the end / peak | {} / {} |",
            mib(self.gateway_rss_kib),
            mib(self.gateway_peak_kib)
        );
        println!(
            "| the {} simulated kiosks' own CPU (this process) | {:.2} % of one core |",
            plan.kiosks, self.load_cpu
        );
    }
}

/// VmRSS and VmHWM of a process, in KiB.
fn memory(proc_dir: &str) -> (Option<u64>, Option<u64>) {
    let status = std::fs::read_to_string(format!("{proc_dir}/status")).unwrap_or_default();
    let value = |name: &str| {
        status
            .lines()
            .find_map(|line| line.strip_prefix(name))
            .and_then(|rest| rest.split_whitespace().next())
            .and_then(|v| v.parse().ok())
    };
    (value("VmRSS:"), value("VmHWM:"))
}
