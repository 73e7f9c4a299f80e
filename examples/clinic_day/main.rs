//! A morning at a clinic, simulated on the real stack (issue 18 part 9; `day.rs` says how):
//! synthetic patients with scripted behaviour and think times, through the real worker loop,
//! `myna-sim` cards on the private pcscd, a `myna-gateway` process and a real store, on a clock
//! that skips the think times. Prints the report (Markdown) on stdout, one line a visit on
//! stderr; exits 1 when a visit was lost. Run inside `scripts/with-pcscd.sh` (it sets
//! `MYNA_TEST_READERS`), after building the binaries:
//!   cargo build --bins --example clinic_day
//!   bash scripts/with-pcscd.sh target/debug/examples/clinic_day [--patients N] [--seed S] [--no-outage] [--no-face] [--json]
//! `bash scripts/bench/clinic-day.sh` does both (QUICK=1: 40 patients). `--json` prints the
//! counts as one JSON object instead (`tests/it/clinic_day.rs` runs it so, on a few patients).
//! The kiosk has face confirmation (the models of scripts/fetch-models.sh and frame files for a
//! camera); `--no-face` runs it without, as a kiosk with no camera.

mod day;

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let mut plan = day::Plan {
        patients: 300,
        seed: 18,
        outage: true,
        face: true,
    };
    let mut json = false;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut number = |what: &str| -> Option<u64> {
            let value = args.next().and_then(|v| v.parse().ok());
            if value.is_none() {
                eprintln!("clinic_day: {what} needs a number");
            }
            value
        };
        match arg.as_str() {
            "--patients" => match number("--patients") {
                Some(n) => plan.patients = n as usize,
                None => return ExitCode::from(64),
            },
            "--seed" => match number("--seed") {
                Some(n) => plan.seed = n,
                None => return ExitCode::from(64),
            },
            "--no-outage" => plan.outage = false,
            "--no-face" => plan.face = false,
            "--json" => json = true,
            other => {
                eprintln!(
                    "clinic_day: unknown argument {other:?}; usage: clinic_day [--patients N] [--seed S] [--no-outage] [--no-face] [--json]"
                );
                return ExitCode::from(64);
            }
        }
    }
    let Some((reader, port)) = std::env::var("MYNA_TEST_READERS").ok().and_then(|spec| {
        let first = spec.split(',').next()?.to_string();
        let (name, port) = first.rsplit_once('=')?;
        Some((name.to_string(), port.parse().ok()?))
    }) else {
        eprintln!("clinic_day: no reader: run inside scripts/with-pcscd.sh (MYNA_TEST_READERS)");
        return ExitCode::from(69);
    };
    // target/<profile>/examples/clinic_day → target/<profile>/myna-sim, myna-gateway.
    let bins = std::env::current_exe()
        .ok()
        .and_then(|exe| Some(exe.parent()?.parent()?.to_path_buf()))
        .unwrap_or_else(|| PathBuf::from("target/debug"));
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let stack = day::Stack {
        reader,
        port,
        sim: bins.join("myna-sim"),
        gateway: bins.join("myna-gateway"),
        fixtures: root.join("fixtures"),
        models: root.join("assets/models"),
    };
    let report = day::run(stack, &plan, |i, visit| {
        eprintln!(
            "{i:>4} {:?} {} {:?} {:?} touches {} {:.1} s{}",
            visit.patient.kind,
            visit.patient.language.tag(),
            visit.path,
            visit.outcome,
            visit.touches,
            visit.card_to_done.as_secs_f64(),
            if visit.card_left { " card left" } else { "" }
        );
    });
    match report {
        Ok(report) => {
            if json {
                println!("{}", counts(&report));
            } else {
                println!("{}", report.markdown());
            }
            match report.lost() {
                0 => ExitCode::SUCCESS,
                _ => ExitCode::from(1),
            }
        }
        Err(e) => {
            eprintln!("clinic_day: {e}");
            ExitCode::from(70)
        }
    }
}

/// The report's counts as one JSON object.
fn counts(report: &day::Report) -> serde_json::Value {
    let done = |provisional: bool| {
        report
            .visits
            .iter()
            .filter(|v| v.outcome == day::Outcome::Done { provisional })
            .count()
    };
    let path_done = |path: day::Way| {
        report
            .visits
            .iter()
            .filter(|v| v.path == path && matches!(v.outcome, day::Outcome::Done { .. }))
            .count()
    };
    serde_json::json!({
        "patients": report.visits.len(),
        "answered": report.visits.iter().filter(|v| v.answered).count(),
        "records": report.records,
        "lost": report.lost(),
        "outbox_left": report.outbox_left,
        "done": done(false),
        "done_provisional": done(true),
        "pin_done": path_done(day::Way::Pin),
        "face_done": path_done(day::Way::Face),
        "face_visits": report.visits.iter().filter(|v| v.path == day::Way::Face).count(),
        // Consent reached after a match: the gateway (or the cache) was asked.
        "face_answered": report
            .visits
            .iter()
            .filter(|v| v.path == day::Way::Face && v.answered)
            .count(),
        "simulated_seconds": report.simulated.as_secs_f64(),
        "wall_seconds": report.wall.as_secs_f64(),
    })
}
