//! Prints card events from every reader until Ctrl-C: `cargo run --example monitor`.
use myna_kiosk::card::monitor::CardMonitor;
use myna_kiosk::card::pcsc::Pcsc;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let (tx, rx) = std::sync::mpsc::channel();
    let _monitor = CardMonitor::spawn(&Pcsc::establish()?, std::env::args().nth(1), tx);
    for event in rx {
        println!("{event:?}");
    }
    Ok(())
}
