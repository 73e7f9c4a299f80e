//! The link between a virtual card and pcscd's vpcd driver (vsmartcard).
//!
//! vpcd listens on a TCP port per reader slot; the card connects to it. Every message both ways
//! is a 2-byte big-endian length and a payload. A 1-byte payload from vpcd is a control code
//! (0 power off, 1 power on, 2 reset, 4 send the ATR); anything longer is a command APDU.
//! Closing the connection is pulling the card out; connecting again is inserting it.

use std::fs::File;
use std::io::{self, BufWriter, Read, Write};
use std::net::{Shutdown, TcpStream};
use std::path::Path;
use std::str::FromStr;
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use tracing::{debug, info, warn};

use super::SimError;
use super::card::VirtualCard;
use myna_card::apdu::{Command, Response};

/// Longest wait between two attempts to reach vpcd (pcscd may be restarting).
const MAX_RETRY: Duration = Duration::from_secs(1);

/// Commands to a running link (from `myna-sim`'s standard input, or a test).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Control {
    Insert,
    Remove,
    /// Pull the card out right after the next N command APDUs have been answered.
    PullAfter(u64),
    Quit,
}

impl FromStr for Control {
    type Err = String;

    fn from_str(line: &str) -> Result<Self, Self::Err> {
        let mut words = line.split_whitespace();
        match (words.next(), words.next(), words.next()) {
            (Some("insert"), None, _) => Ok(Control::Insert),
            (Some("remove"), None, _) => Ok(Control::Remove),
            (Some("quit"), None, _) => Ok(Control::Quit),
            (Some("pull-after"), Some(n), None) => n
                .parse()
                .map(Control::PullAfter)
                .map_err(|_| format!("pull-after needs a number, got {n:?}")),
            _ => Err(format!(
                "unknown command {line:?}: use insert, remove, pull-after N or quit"
            )),
        }
    }
}

#[derive(Default)]
struct Shared {
    inserted: bool,
    quit: bool,
    pull_after: Option<u64>,
    stream: Option<TcpStream>,
}

/// A virtual card attached (or not) to one vpcd reader slot.
#[derive(Clone)]
pub struct Link {
    address: String,
    shared: Arc<(Mutex<Shared>, Condvar)>,
}

impl Link {
    /// The card starts inserted; `pull_after` arms a pull after that many APDUs.
    pub fn new(host: &str, port: u16, pull_after: Option<u64>) -> Self {
        let shared = Shared {
            inserted: true,
            pull_after,
            ..Shared::default()
        };
        Link {
            address: format!("{host}:{port}"),
            shared: Arc::new((Mutex::new(shared), Condvar::new())),
        }
    }

    fn lock(&self) -> MutexGuard<'_, Shared> {
        self.shared.0.lock().unwrap_or_else(PoisonError::into_inner)
    }

    pub fn control(&self, control: Control) {
        let mut shared = self.lock();
        match control {
            Control::Insert => shared.inserted = true,
            Control::Remove => {
                shared.inserted = false;
                disconnect(&mut shared);
            }
            Control::PullAfter(n) => shared.pull_after = Some(n),
            Control::Quit => {
                shared.quit = true;
                disconnect(&mut shared);
            }
        }
        self.shared.1.notify_all();
    }

    /// Serves the card until [`Control::Quit`]. APDUs go to `apdu_log`, VERIFY data masked.
    pub fn run(&self, mut card: VirtualCard, apdu_log: Option<&Path>) -> Result<(), SimError> {
        let mut log = match apdu_log {
            Some(path) => Some(BufWriter::new(
                File::create(path).map_err(|e| SimError::io(path, e))?,
            )),
            None => None,
        };
        let mut retry = Duration::from_millis(50);
        loop {
            {
                let mut shared = self.lock();
                while !shared.inserted && !shared.quit {
                    shared = self
                        .shared
                        .1
                        .wait(shared)
                        .unwrap_or_else(PoisonError::into_inner);
                }
                if shared.quit {
                    return Ok(());
                }
            }
            let stream = match TcpStream::connect(&self.address) {
                Ok(stream) => stream,
                Err(e) => {
                    debug!("vpcd at {} not reachable: {e}", self.address);
                    let shared = self.lock();
                    let _ = self.shared.1.wait_timeout(shared, retry);
                    retry = (retry * 2).min(MAX_RETRY);
                    continue;
                }
            };
            retry = Duration::from_millis(50);
            let _ = stream.set_nodelay(true);
            self.lock().stream = stream.try_clone().ok();
            info!("card inserted (vpcd {})", self.address);
            card.reset();
            match self.serve(stream, &mut card, log.as_mut()) {
                Ok(()) => info!("card removed"),
                Err(e) => warn!("vpcd connection ended: {e}"),
            }
            self.lock().stream = None;
        }
    }

    fn serve(
        &self,
        mut stream: TcpStream,
        card: &mut VirtualCard,
        mut log: Option<&mut BufWriter<File>>,
    ) -> io::Result<()> {
        loop {
            let Some(message) = read_frame(&mut stream)? else {
                return Ok(());
            };
            if let [code] = message[..] {
                match code {
                    0..=2 => card.reset(),
                    4 => write_frame(&mut stream, card.atr())?,
                    other => debug!("unknown vpcd control code {other}"),
                }
                continue;
            }
            let application = card.current_application();
            let response = card.process(&message);
            if let Some(log) = log.as_deref_mut() {
                writeln!(log, "{}", log_line(application, &message, &response))?;
                log.flush()?;
            }
            write_frame(&mut stream, &response)?;
            let mut shared = self.lock();
            if let Some(n) = shared.pull_after {
                if n <= 1 {
                    shared.pull_after = None;
                    shared.inserted = false;
                    disconnect(&mut shared);
                    info!("card pulled out as asked");
                    return Ok(());
                }
                shared.pull_after = Some(n - 1);
            }
        }
    }
}

fn disconnect(shared: &mut Shared) {
    if let Some(stream) = shared.stream.take() {
        let _ = stream.shutdown(Shutdown::Both);
    }
}

/// One APDU exchange for logs: application, command (VERIFY data as `XX`), status word.
/// Response data is card data and is never logged.
pub fn log_line(application: &str, command: &[u8], response: &[u8]) -> String {
    let command = match Command::parse(command) {
        Ok(cmd) => cmd.to_string(),
        Err(e) => format!("<{} bytes: {e}>", command.len()),
    };
    let status = match Response::parse(response) {
        Ok(r) => format!("{} ({} bytes)", r.status, r.data.len()),
        Err(_) => "<no status>".into(),
    };
    format!("{application}: {command} -> {status}")
}

/// `Ok(None)` when vpcd closed the connection.
fn read_frame(stream: &mut TcpStream) -> io::Result<Option<Vec<u8>>> {
    // vpcd writes the length and the payload separately without TCP_NODELAY: without an
    // immediate ACK, Nagle holds its second write for our delayed ACK (~40 ms per APDU).
    let _ = socket2::SockRef::from(&*stream).set_tcp_quickack(true);
    let mut len = [0u8; 2];
    match stream.read_exact(&mut len) {
        Ok(()) => {}
        Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => return Ok(None),
        Err(e) => return Err(e),
    }
    let mut message = vec![0u8; u16::from_be_bytes(len) as usize];
    let _ = socket2::SockRef::from(&*stream).set_tcp_quickack(true);
    stream.read_exact(&mut message)?;
    Ok(Some(message))
}

fn write_frame(stream: &mut TcpStream, payload: &[u8]) -> io::Result<()> {
    let len =
        u16::try_from(payload.len()).map_err(|_| io::Error::other("response too long for vpcd"))?;
    let mut frame = len.to_be_bytes().to_vec();
    frame.extend_from_slice(payload);
    stream.write_all(&frame)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_commands() {
        assert_eq!("insert".parse(), Ok(Control::Insert));
        assert_eq!(" remove ".parse(), Ok(Control::Remove));
        assert_eq!("pull-after 7".parse(), Ok(Control::PullAfter(7)));
        assert!("pull-after x".parse::<Control>().is_err());
        assert!("eject".parse::<Control>().is_err());
    }

    #[test]
    fn log_masks_verify_data() {
        let line = log_line(
            "jpki",
            &[0, 0x20, 0, 0x80, 4, b'1', b'2', b'3', b'4'],
            &[0x63, 0xC2],
        );
        assert_eq!(line, "jpki: 00 20 00 80 04 XX XX XX XX -> 63C2 (0 bytes)");
    }
}
