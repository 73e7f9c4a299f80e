//! Times the card side of the PIN path over a real reader: connect, identify, read the auth
//! certificate, read the tries left, VERIFY the PIN once, sign a DigestInfo. Prints the median
//! of N runs and the APDUs of one run. Used by `scripts/bench-card.sh`.
//!   cargo run --release --example pin_path_timing -- READER PIN [RUNS]
use std::time::{Duration, Instant};

use myna_kiosk::card::pcsc::Pcsc;
use myna_kiosk::card::{AuthPin, CardSession, DigestInfo};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let reader = args
        .next()
        .ok_or("usage: pin_path_timing READER PIN [RUNS]")?;
    let pin = args
        .next()
        .ok_or("usage: pin_path_timing READER PIN [RUNS]")?;
    let runs: usize = args.next().map(|n| n.parse()).transpose()?.unwrap_or(20);
    let pcsc = Pcsc::establish()?;
    let mut times = Vec::with_capacity(runs);
    let mut apdus = 0;
    for _ in 0..runs {
        let started = Instant::now();
        let mut card = CardSession::new(pcsc.connect(&reader)?);
        card.identify()?;
        let cert = card.read_auth_certificate()?;
        card.auth_pin_status()?;
        let signature = card
            .verify_auth_pin(AuthPin::new(&pin)?)?
            .sign(&DigestInfo::sha256(cert.serial.as_bytes()))?;
        times.push(started.elapsed());
        apdus = card.apdu_count();
        assert_eq!(signature.len(), 256);
    }
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "identify + certificate + tries + VERIFY + sign: median {:.1} ms (min {:.1}, max {:.1}) over {runs} runs, {apdus} APDUs per run",
        ms(times[runs / 2]),
        ms(times[0]),
        ms(times[runs - 1])
    );
    Ok(())
}
