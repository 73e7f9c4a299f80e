//! Bounded load test of `myna-gateway` on loopback, from a second process.
//!
//! ```sh
//! cargo build --release -p myna-gateway --bin myna-gateway && cargo build --release --example gateway_load
//! target/release/examples/gateway_load -n 2000 -k 4
//! ```
//!
//! Without `--url` it starts `myna-gateway` itself (next to this example in the target
//! directory, or `--gateway-bin PATH`) over HTTPS on 127.0.0.1 with a temporary copy of the
//! fixture data and a fresh kiosk key. With `--url URL --kiosk-key FILE --kiosk-id ID [--ca FILE]`
//! it uses a gateway already running on this machine (loopback only), which must let one
//! kiosk hold N/K challenges and one address K connections (`--max-challenges-per-kiosk`,
//! `--max-connections-per-address`).
//!
//! Each of K threads runs N/K confirmations with the `normal` card's certificate: first all its
//! challenges (timed), then the card signatures, computed with the `rsa` crate from the fixture key
//! (not timed: this measures the gateway, not the card), then all its confirmations (timed).
//! Prints challenges/s and confirmations/s. The threads start their confirmations together, and
//! when the gateway is its own child it also prints the CPU time the gateway and this load
//! generator spent on them: the gateway's CPU time per confirmation gives the rate it would reach
//! with its cores to itself. `--gateway-cpus 0,1` starts the gateway on those cores only (with
//! `taskset`; run this generator on the others, e.g. `taskset -c 2-15 gateway_load …`), so that
//! the two do not share cores.
//!
//! `--in-process` sends the same requests straight into an in-process `Gateway` on one thread,
//! without HTTP, TLS or the runtime: the gateway's own work a challenge and a confirmation, in
//! µs, with the kiosk known from its TLS handshake (as over HTTPS) and with signed requests.

#[path = "support/proc_stat.rs"]
mod proc_stat;

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Barrier;
use std::time::{Duration, Instant};

use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use myna_kiosk::card::CardSession;
use myna_kiosk::card::DigestInfo;
use myna_kiosk::card::transport::InMemoryTransport;
use myna_kiosk::config::GatewayConfig;
use myna_kiosk::eligibility::client::{GatewayClient, install_crypto_provider};
use myna_kiosk::eligibility::device_key::{DeviceKey, KeygenOutput, keygen};
use myna_kiosk::eligibility::protocol::{
    CardEvidence, ConfirmationRequest, Consent, Method, PATH_CHALLENGE, PATH_CONFIRMATIONS,
};
use myna_kiosk::gateway::{Gateway, KioskHeaders};
use proc_stat::{cpu_time, ticks_per_second};
use rsa::RsaPrivateKey;
use rsa::pkcs8::DecodePrivateKey;

const MAX_CONFIRMATIONS: usize = 50_000;
const MAX_THREADS: usize = 64;
/// Challenges live 60 s: a thread's batch must be signed and sent well within that.
const MAX_PER_THREAD: usize = 5_000;

struct Args {
    url: Option<String>,
    ca: PathBuf,
    kiosk_key: Option<PathBuf>,
    kiosk_id: String,
    confirmations: usize,
    threads: usize,
    gateway_bin: Option<PathBuf>,
    /// `taskset -c` list of the cores the spawned gateway may use.
    gateway_cpus: Option<String>,
    /// No HTTP: the same confirmations straight into an in-process `Gateway`, one thread.
    in_process: bool,
}

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        url: None,
        ca: fixtures().join("tls/ca.cert.pem"),
        kiosk_key: None,
        kiosk_id: "load-test".into(),
        confirmations: 2000,
        threads: 4,
        gateway_bin: None,
        gateway_cpus: None,
        in_process: false,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut value = || it.next().ok_or(format!("{flag} needs a value"));
        match flag.as_str() {
            "--url" => args.url = Some(value()?),
            "--ca" => args.ca = value()?.into(),
            "--kiosk-key" => args.kiosk_key = Some(value()?.into()),
            "--kiosk-id" => args.kiosk_id = value()?,
            "-n" => args.confirmations = value()?.parse().map_err(|e| format!("-n: {e}"))?,
            "-k" => args.threads = value()?.parse().map_err(|e| format!("-k: {e}"))?,
            "--gateway-bin" => args.gateway_bin = Some(value()?.into()),
            "--gateway-cpus" => args.gateway_cpus = Some(value()?),
            "--in-process" => args.in_process = true,
            other => return Err(format!("unknown argument {other}")),
        }
    }
    if !(1..=MAX_THREADS).contains(&args.threads) {
        return Err(format!("-k: 1 to {MAX_THREADS}"));
    }
    if !(args.threads..=MAX_CONFIRMATIONS).contains(&args.confirmations) {
        return Err(format!("-n: K to {MAX_CONFIRMATIONS}"));
    }
    if args.confirmations / args.threads > MAX_PER_THREAD {
        return Err(format!(
            "at most {MAX_PER_THREAD} per thread (challenges expire)"
        ));
    }
    if args.url.is_some() != args.kiosk_key.is_some() {
        return Err("--url and --kiosk-key go together".into());
    }
    Ok(args)
}

/// A gateway started for the run, killed at the end.
struct Spawned {
    child: Child,
    _dir: tempfile::TempDir,
}

impl Drop for Spawned {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn copy_dir(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let path = entry?.path();
        if path.is_file() {
            std::fs::copy(&path, to.join(path.file_name().unwrap_or_default()))?;
        }
    }
    Ok(())
}

/// A gateway's data directory (`dir/data`: the fixture insured persons and CAs) with a fresh
/// key for `kiosk_id` registered, and that key.
fn gateway_data(dir: &Path, kiosk_id: &str) -> Result<KeygenOutput, String> {
    let data = dir.join("data");
    copy_dir(&fixtures().join("insured"), &data.join("insured")).map_err(|e| e.to_string())?;
    copy_dir(&fixtures().join("ca"), &data.join("ca")).map_err(|e| e.to_string())?;
    let keys = keygen(&dir.join("keys"), kiosk_id).map_err(|e| e.to_string())?;
    std::fs::create_dir_all(data.join("kiosks")).map_err(|e| e.to_string())?;
    std::fs::copy(
        &keys.public_key,
        data.join(format!("kiosks/{kiosk_id}.pub")),
    )
    .map_err(|e| e.to_string())?;
    Ok(keys)
}

fn spawn_gateway(args: &mut Args) -> Result<Spawned, String> {
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    let data = dir.path().join("data");
    let keys = gateway_data(dir.path(), &args.kiosk_id)?;
    let bin = match &args.gateway_bin {
        Some(bin) => bin.clone(),
        None => std::env::current_exe()
            .map_err(|e| e.to_string())?
            .parent()
            .and_then(Path::parent)
            .map(|target| target.join("myna-gateway"))
            .ok_or("cannot find myna-gateway; give --gateway-bin")?,
    };
    // On the given cores only (`taskset` execs the gateway: the child's pid stays its own).
    let mut command = match &args.gateway_cpus {
        Some(cpus) => {
            let mut taskset = Command::new("taskset");
            taskset.args(["-c", cpus]).arg(&bin);
            taskset
        }
        None => Command::new(&bin),
    };
    let mut child = command
        .arg("--listen")
        .arg("127.0.0.1:0")
        .arg("--data")
        .arg(&data)
        .arg("--db")
        .arg(dir.path().join("gateway.sqlite"))
        // The load comes from one kiosk key: measure the gateway, not its per-kiosk limit.
        .args(["--rate-limit", "0"])
        // Each thread asks for all its challenges first: one kiosk holds thousands at once;
        // and up to 64 threads connect from this one address.
        .args(["--max-challenges-per-kiosk", "100000"])
        .args(["--max-connections-per-address", "512"])
        .arg("--tls-cert")
        .arg(fixtures().join("tls/server.cert.pem"))
        .arg("--tls-key")
        .arg(fixtures().join("tls/server.key.pem"))
        .args(["--config", "/dev/null"])
        .env("MYNA_LOG", "warn")
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| format!("{}: {e}", bin.display()))?;
    let mut line = String::new();
    if let Some(out) = child.stdout.take() {
        let _ = BufReader::new(out).read_line(&mut line);
    }
    let Some(url) = line.trim().strip_prefix("myna-gateway listening on ") else {
        let _ = child.kill();
        return Err(format!("myna-gateway did not start: {line:?}"));
    };
    args.url = Some(url.to_string());
    args.kiosk_key = Some(keys.device_key);
    Ok(Spawned { child, _dir: dir })
}

/// The `normal` card's auth certificate, read from the virtual card in memory.
fn card_certificate() -> Result<Vec<u8>, String> {
    let profile = fixtures().join("cards/normal.toml");
    let mut card = myna_kiosk::sim::load_card(&profile, time::OffsetDateTime::now_utc())
        .map_err(|e| e.to_string())?;
    let mut session =
        CardSession::new(InMemoryTransport::new(move |apdu| Some(card.process(apdu))));
    let cert = session.read_auth_certificate().map_err(|e| e.to_string())?;
    Ok(cert.der().to_vec())
}

struct Tally {
    challenge_time: Duration,
    confirm_time: Duration,
    latencies: Vec<Duration>,
    failures: usize,
}

/// How many cores a `taskset -c` list names (`0,1`, `0-3,8`).
fn count_cpus(list: &str) -> Result<usize, String> {
    let bad = || format!("--gateway-cpus {list:?}: expected a list like 0,1 or 0-3");
    list.split(',')
        .map(|part| {
            let (first, last) = part.split_once('-').unwrap_or((part, part));
            let first: usize = first.trim().parse().map_err(|_| bad())?;
            let last: usize = last.trim().parse().map_err(|_| bad())?;
            last.checked_sub(first).map(|d| d + 1).ok_or_else(bad)
        })
        .sum()
}

/// What one thread needs for its run.
struct Load<'a> {
    config: &'a GatewayConfig,
    card_key: &'a RsaPrivateKey,
    cert: &'a str,
    per_thread: usize,
    /// The threads and the main thread meet before and after the confirmations.
    together: Barrier,
}

/// One thread's challenges (timed) and signed requests.
fn prepare(
    load: &Load,
    key: DeviceKey,
    thread: usize,
) -> Result<(GatewayClient, Duration, Vec<ConfirmationRequest>), String> {
    let client = GatewayClient::new(load.config, key).map_err(|e| e.to_string())?;
    let started = Instant::now();
    let mut challenges = Vec::with_capacity(load.per_thread);
    for _ in 0..load.per_thread {
        challenges.push(client.challenge().map_err(|e| e.to_string())?.challenge);
    }
    let challenge_time = started.elapsed();
    let requests = challenges
        .into_iter()
        .enumerate()
        .map(|(i, challenge)| signed_by_card(load.card_key, load.cert, challenge, thread, i))
        .collect::<Result<_, _>>()?;
    Ok((client, challenge_time, requests))
}

/// The confirmation request the kiosk sends once the card signed `challenge` (PIN mode).
fn signed_by_card(
    card_key: &RsaPrivateKey,
    cert: &str,
    challenge: String,
    thread: usize,
    i: usize,
) -> Result<ConfirmationRequest, String> {
    let bytes = BASE64.decode(&challenge).map_err(|e| e.to_string())?;
    let signature = card_key
        .sign(
            rsa::Pkcs1v15Sign::new_unprefixed(),
            DigestInfo::sha256(&bytes).as_bytes(),
        )
        .map_err(|e| e.to_string())?;
    Ok(ConfirmationRequest {
        request_id: format!("load-{}-{thread}-{i}", std::process::id()),
        method: Method::Pin,
        challenge,
        evidence: CardEvidence {
            auth_certificate: cert.to_string(),
            signature: BASE64.encode(signature),
        },
        consent: Consent::ALL,
        token: Default::default(),
        facility_code: None,
        offline_signed_at: None,
    })
}

/// The gateway's own work without HTTP, TLS or the runtime: `n` challenges and then `n`
/// confirmations straight into an in-process [`Gateway`] on this thread (the same calls the HTTP
/// handler makes), first with the kiosk known from its TLS handshake (as over HTTPS), then with
/// each request signed (plain HTTP, or a kiosk without its TLS identity). Prints µs each.
fn in_process(args: &Args, card_key: &RsaPrivateKey, cert: &str) -> Result<(), String> {
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    let keys = gateway_data(dir.path(), &args.kiosk_id)?;
    let key = DeviceKey::load(&keys.device_key, &args.kiosk_id).map_err(|e| e.to_string())?;
    let (gateway, _) = Gateway::open(
        &dir.path().join("data"),
        &dir.path().join("gateway.sqlite"),
        time::Duration::minutes(10),
    )
    .map_err(|e| e.to_string())?;
    // All `n` challenges are asked for first: one kiosk holds them all at once.
    let gateway = gateway.with_max_challenges_per_kiosk(100_000);
    let n = args.confirmations;
    for (pass, label) in ["kiosk known from TLS", "signed request"]
        .iter()
        .enumerate()
    {
        let headers = |path: &str, body: &[u8]| {
            let mut headers = KioskHeaders::from(key.sign_request("POST", path, body));
            if pass == 0 {
                headers.signature = None;
                headers.tls_kiosk = Some(args.kiosk_id.clone());
            }
            headers
        };
        let challenge_headers: Vec<_> = (0..n).map(|_| headers(PATH_CHALLENGE, b"")).collect();
        let started = Instant::now();
        let mut challenges = Vec::with_capacity(n);
        for headers in &challenge_headers {
            let now = time::OffsetDateTime::now_utc();
            let kiosk = gateway
                .authenticate("POST", PATH_CHALLENGE, headers, b"", now)
                .map_err(|e| e.to_string())?;
            let answer = gateway
                .challenge(&kiosk, b"", now)
                .map_err(|e| e.to_string())?;
            challenges.push(answer.challenge);
        }
        let challenge_time = started.elapsed();
        let mut bodies = Vec::with_capacity(n);
        for (i, challenge) in challenges.into_iter().enumerate() {
            let request = signed_by_card(card_key, cert, challenge, pass, i)?;
            let body = serde_json::to_vec(&request).map_err(|e| e.to_string())?;
            bodies.push((headers(PATH_CONFIRMATIONS, &body), body));
        }
        let started = Instant::now();
        for (headers, body) in &bodies {
            let now = time::OffsetDateTime::now_utc();
            let kiosk = gateway
                .authenticate("POST", PATH_CONFIRMATIONS, headers, body, now)
                .map_err(|e| e.to_string())?;
            let answer = gateway
                .confirm(&kiosk, body, now)
                .map_err(|e| e.to_string())?;
            if !answer.result.is_confirmed() {
                return Err("a confirmation was not confirmed".into());
            }
        }
        let confirm_time = started.elapsed();
        let each = |spent: Duration| spent.as_secs_f64() * 1e6 / n as f64;
        println!(
            "in-process, {label}: challenge {:.0} µs, confirmation {:.0} µs",
            each(challenge_time),
            each(confirm_time)
        );
    }
    Ok(())
}

/// Prepares, then sends the confirmations together with the other threads. Reaches both
/// meetings even when preparing fails, so that no thread waits for ever.
fn worker(load: &Load, key: Result<DeviceKey, String>, thread: usize) -> Result<Tally, String> {
    let prepared = key.and_then(|key| prepare(load, key, thread));
    load.together.wait();
    let started = Instant::now();
    let mut latencies = Vec::with_capacity(load.per_thread);
    let mut failures = 0;
    if let Ok((client, _, requests)) = &prepared {
        for request in requests {
            let one = Instant::now();
            match client.confirm(request) {
                Ok(result) if result.is_confirmed() => {}
                Ok(_) => failures += 1,
                Err(e) => {
                    failures += 1;
                    eprintln!("gateway_load: {e}");
                }
            }
            latencies.push(one.elapsed());
        }
    }
    let confirm_time = started.elapsed();
    load.together.wait();
    let (_, challenge_time, _) = prepared?;
    Ok(Tally {
        challenge_time,
        confirm_time,
        latencies,
        failures,
    })
}

fn main() -> std::process::ExitCode {
    match run() {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("gateway_load: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), String> {
    let mut args = parse_args()?;
    install_crypto_provider();
    let key_pem = std::fs::read_to_string(fixtures().join("pki/cards/normal.key.pem"))
        .map_err(|e| e.to_string())?;
    let card_key = RsaPrivateKey::from_pkcs8_pem(&key_pem).map_err(|e| e.to_string())?;
    let cert = BASE64.encode(card_certificate()?);
    if args.in_process {
        return in_process(&args, &card_key, &cert);
    }
    let spawned = match args.url {
        None => Some(spawn_gateway(&mut args)?),
        Some(_) => None,
    };
    let url = args.url.clone().unwrap_or_default();
    let parsed = reqwest::Url::parse(&url).map_err(|e| format!("{url}: {e}"))?;
    let host = parsed.host_str().unwrap_or("");
    let loopback = host == "localhost"
        || host
            .trim_matches(|c| c == '[' || c == ']')
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback());
    if !loopback {
        return Err(format!("{url}: a load test targets loopback only"));
    }
    let config = GatewayConfig {
        url: Some(url.clone()),
        ca_file: Some(args.ca.clone()),
        kiosk_id: Some(args.kiosk_id.clone()),
        device_key: args.kiosk_key.clone().unwrap_or_default(),
        connect_timeout_ms: 5000,
        timeout_ms: 30_000,
        ..GatewayConfig::default()
    };
    let per_thread = args.confirmations / args.threads;
    let total = per_thread * args.threads;
    println!(
        "gateway_load: {total} confirmations over {} threads against {url}",
        args.threads
    );
    let load = Load {
        config: &config,
        card_key: &card_key,
        cert: &cert,
        per_thread,
        together: Barrier::new(args.threads + 1),
    };
    let gateway_pid = spawned.as_ref().map(|s| s.child.id());
    let hz = ticks_per_second()?;
    let cpu = || -> Result<(Option<Duration>, Duration), String> {
        let gateway = gateway_pid.map(|pid| cpu_time(pid, hz)).transpose()?;
        Ok((gateway, cpu_time(std::process::id(), hz)?))
    };
    let (tallies, cpu_before, cpu_after) = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..args.threads)
            .map(|thread| {
                let load = &load;
                let key_file = args.kiosk_key.clone().unwrap_or_default();
                let kiosk_id = args.kiosk_id.clone();
                scope.spawn(move || {
                    let key = DeviceKey::load(&key_file, &kiosk_id).map_err(|e| e.to_string());
                    worker(load, key, thread)
                })
            })
            .collect();
        load.together.wait();
        let before = cpu();
        load.together.wait();
        let after = cpu();
        let tallies: Vec<Result<Tally, String>> = handles
            .into_iter()
            .map(|h| h.join().unwrap_or_else(|_| Err("a thread panicked".into())))
            .collect();
        (tallies, before, after)
    });
    let tallies = tallies.into_iter().collect::<Result<Vec<_>, _>>()?;
    // Threads run side by side: the rate is the total over the slowest thread's time.
    let challenge_time = tallies
        .iter()
        .map(|t| t.challenge_time)
        .max()
        .unwrap_or_default();
    let confirm_time = tallies
        .iter()
        .map(|t| t.confirm_time)
        .max()
        .unwrap_or_default();
    let failures: usize = tallies.iter().map(|t| t.failures).sum();
    let mut latencies: Vec<Duration> = tallies.into_iter().flat_map(|t| t.latencies).collect();
    latencies.sort();
    let pct = |p: usize| {
        latencies
            .get((latencies.len() * p / 100).min(latencies.len().saturating_sub(1)))
            .copied()
            .unwrap_or_default()
    };
    println!(
        "challenges:    {total} in {:.2} s = {:.0}/s",
        challenge_time.as_secs_f64(),
        total as f64 / challenge_time.as_secs_f64()
    );
    println!(
        "confirmations: {total} in {:.2} s = {:.0}/s (latency p50 {:.1} ms, p99 {:.1} ms), {failures} not confirmed",
        confirm_time.as_secs_f64(),
        total as f64 / confirm_time.as_secs_f64(),
        pct(50).as_secs_f64() * 1000.0,
        pct(99).as_secs_f64() * 1000.0,
    );
    let ((gateway_before, self_before), (gateway_after, self_after)) = (cpu_before?, cpu_after?);
    let per = |spent: Duration| spent.as_secs_f64() / total as f64;
    let cores = match &args.gateway_cpus {
        Some(cpus) => count_cpus(cpus)?,
        None => std::thread::available_parallelism().map_or(1, |n| n.get()),
    };
    if let (Some(before), Some(after)) = (gateway_before, gateway_after) {
        let each = per(after.saturating_sub(before));
        println!(
            "gateway CPU:   {:.0} µs a confirmation = {:.0}/s with its {cores} cores to itself",
            each * 1e6,
            cores as f64 / each
        );
    }
    println!(
        "load CPU:      {:.0} µs a confirmation (this process)",
        per(self_after.saturating_sub(self_before)) * 1e6
    );
    if failures > 0 {
        return Err(format!("{failures} confirmations failed"));
    }
    Ok(())
}
