//! Times the card side of the PIN path over a real reader: connect, identify, read the auth
//! certificate, read the tries left, VERIFY the PIN once, sign a DigestInfo. Then the floor: the
//! very APDUs of one run sent again raw through PC/SC, with no parsing and no logic. Prints the
//! medians of N runs, and `TABLE|…` rows for `scripts/bench.sh`.
//!   cargo run --release --example pin_path_timing -- READER PIN [RUNS]
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use myna_kiosk::card::pcsc::Pcsc;
use myna_kiosk::card::transport::Transport;
use myna_kiosk::card::{AuthPin, CardError, CardSession, DigestInfo};

/// Passes APDUs through and keeps a copy of each command.
struct Recording<T> {
    inner: T,
    commands: Arc<Mutex<Vec<Vec<u8>>>>,
}

impl<T: Transport> Transport for Recording<T> {
    fn transmit(&mut self, command: &[u8]) -> Result<Vec<u8>, CardError> {
        if let Ok(mut commands) = self.commands.lock() {
            commands.push(command.to_vec());
        }
        self.inner.transmit(command)
    }
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let usage = "usage: pin_path_timing READER PIN [RUNS]";
    let reader = args.next().ok_or(usage)?;
    let pin = args.next().ok_or(usage)?;
    let runs: usize = args.next().map(|n| n.parse()).transpose()?.unwrap_or(20);
    let pcsc = Pcsc::establish()?;
    let commands = Arc::new(Mutex::new(Vec::new()));
    let mut times = Vec::with_capacity(runs);
    let mut apdus = 0;
    for _ in 0..runs {
        let transport = Recording {
            inner: pcsc.connect(&reader)?,
            commands: commands.clone(),
        };
        let started = Instant::now();
        let mut card = CardSession::new(transport);
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
    // The first run's commands, as sent.
    let recorded: Vec<Vec<u8>> = commands
        .lock()
        .map(|c| c[..apdus].to_vec())
        .unwrap_or_default();
    let mut floor = Vec::with_capacity(runs);
    for _ in 0..runs {
        let mut raw = pcsc.connect(&reader)?;
        let started = Instant::now();
        for command in &recorded {
            raw.transmit(command)?;
        }
        floor.push(started.elapsed());
    }
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let (ours, floor) = (median(times), median(floor));
    println!(
        "identify + certificate + tries + VERIFY + sign: median {:.2} ms over {runs} runs, {apdus} APDUs; the same APDUs raw: {:.2} ms",
        ms(ours),
        ms(floor)
    );
    println!("TABLE|Card path|APDUs, identify + certificate + tries + VERIFY + sign|{apdus}|||");
    println!(
        "TABLE|Card path|host time, same (median of {runs})|{:.2} ms|raw APDUs, no processing: {:.2} ms|{:.2}×|",
        ms(ours),
        ms(floor),
        ours.as_secs_f64() / floor.as_secs_f64()
    );
    Ok(())
}
