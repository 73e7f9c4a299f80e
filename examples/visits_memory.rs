//! Memory over many visits: the worker thread loop with the demo's in-process gateway and store,
//! a virtual card, N full PIN visits (card in, PIN, consent, result, card out). Prints the
//! resident memory after every tenth of the visits, and a `TABLE|…` row (the end against the
//! half-way point: caches fill up first, a leak keeps growing) for `scripts/bench.sh`.
//!   cargo run --release --example visits_memory -- [VISITS]
use std::path::Path;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use myna_kiosk::app::{VirtualReader, start_demo_gateway};
use myna_kiosk::reception::runner::{self, Input};
use myna_kiosk::reception::view::{Screen, UiEvent, View};
use myna_kiosk::reception::worker::Worker;

/// Resident memory in KiB (Linux `VmRSS`).
fn rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("VmRSS:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        })
        .unwrap_or(0)
}

fn until(views: &mpsc::Receiver<View>, done: impl Fn(&Screen) -> bool) -> Result<Screen, String> {
    while let Ok(view) = views.recv_timeout(Duration::from_secs(10)) {
        if done(&view.screen) {
            return Ok(view.screen);
        }
    }
    Err("the visit stalled".into())
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let visits: usize = std::env::args()
        .nth(1)
        .map(|n| n.parse())
        .transpose()?
        .unwrap_or(1000);
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let gateway = start_demo_gateway(&fixtures)?;
    let reader = VirtualReader::default();
    let worker = Worker::new(reader.clone(), gateway.client).with_offline(gateway.offline);
    let (inputs, rx) = mpsc::channel();
    let (view_tx, views) = mpsc::channel();
    let thread = std::thread::spawn(move || runner::run(worker, rx, view_tx, || {}, |_| {}));
    let profile = fixtures.join("cards/normal.toml");
    let send = |input| inputs.send(input).map_err(|e| e.to_string());
    let mut half = 0;
    let started = Instant::now();
    for visit in 0..visits {
        if visit > 0 && visit % (visits / 10).max(1) == 0 {
            let rss = rss_kib();
            eprintln!(
                "after {visit} visits: {:.1} MiB resident",
                rss as f64 / 1024.0
            );
            if visit == visits / 2 {
                half = rss;
            }
        }
        reader.put(Some(myna_kiosk::sim::load_card(
            &profile,
            time::OffsetDateTime::now_utc(),
        )?));
        send(Input::CardInserted)?;
        // No camera here: the PIN pad comes at once (no method screen).
        until(&views, |s| matches!(s, Screen::PinEntry { .. }))?;
        for digit in [1, 2, 3, 4] {
            send(Input::Ui(UiEvent::PinDigit(digit)))?;
        }
        send(Input::Ui(UiEvent::PinSubmit))?;
        until(&views, |s| matches!(s, Screen::Consent { .. }))?;
        send(Input::Ui(UiEvent::ConsentAll))?;
        // Every visit must take the gateway path: a provisional (cached) answer would measure
        // another path.
        if let Screen::Result(result) = until(&views, |s| matches!(s, Screen::Result(_)))?
            && let Some(since) = result.provisional_since
        {
            return Err(format!("visit {visit} was answered from the cache ({since})").into());
        }
        reader.put(None);
        send(Input::CardRemoved)?;
        until(&views, |s| *s == Screen::Idle)?;
    }
    let end = rss_kib();
    let elapsed = started.elapsed();
    drop(inputs);
    let _ = thread.join();
    let mib = |kib: u64| kib as f64 / 1024.0;
    println!(
        "{visits} visits in {:.1} s: resident {:.1} MiB after {}, {:.1} MiB at the end",
        elapsed.as_secs_f64(),
        mib(half),
        visits / 2,
        mib(end)
    );
    println!(
        "TABLE|App|resident memory after {visits} visits (worker, store, in-process gateway)|{:.1} MiB|after {}: {:.1} MiB|{:.2}×|",
        mib(end),
        visits / 2,
        mib(half),
        end as f64 / half.max(1) as f64
    );
    Ok(())
}
