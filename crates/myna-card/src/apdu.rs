//! ISO 7816-4 command and response APDUs, short and extended.
//!
//! The kiosk builds commands only inside this crate; the simulator parses them with
//! [`Command::parse`]. VERIFY and CHANGE REFERENCE DATA carry secrets, so [`Command`] prints
//! their data as `XX` and wipes its buffer when dropped.

use std::fmt;

use zeroize::{Zeroize, ZeroizeOnDrop};

use super::status::StatusWord;

/// INS of VERIFY: its data is a PIN or 照合番号 and is never printed.
pub const INS_VERIFY: u8 = 0x20;
/// INS of CHANGE REFERENCE DATA: its data holds PINs and is never printed.
pub const INS_CHANGE_REFERENCE_DATA: u8 = 0x24;

/// Largest short-APDU data field.
const SHORT_LC_MAX: usize = 255;
/// Largest short-APDU expected length (Le `00`).
const SHORT_LE_MAX: usize = 256;
/// Largest extended expected length (Le `00 00`).
pub const EXTENDED_LE_MAX: usize = 65_536;

/// Why bytes are not a well-formed command APDU.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ApduError {
    #[error("APDU shorter than its 4-byte header")]
    TooShort,
    #[error("APDU length fields do not match its size")]
    BadLength,
    #[error("response APDU has no status word")]
    NoStatusWord,
}

/// A command APDU. `le` is the number of bytes expected (1..=65536), `None` for none.
#[derive(Clone, PartialEq, Eq, Zeroize, ZeroizeOnDrop)]
pub struct Command {
    pub cla: u8,
    pub ins: u8,
    pub p1: u8,
    pub p2: u8,
    pub data: Vec<u8>,
    pub le: Option<usize>,
}

impl Command {
    /// A command without data or expected length (ISO case 1).
    pub fn new(cla: u8, ins: u8, p1: u8, p2: u8) -> Self {
        Command {
            cla,
            ins,
            p1,
            p2,
            data: Vec::new(),
            le: None,
        }
    }

    pub fn with_data(mut self, data: &[u8]) -> Self {
        self.data = data.to_vec();
        self
    }

    pub fn with_le(mut self, le: usize) -> Self {
        self.le = Some(le);
        self
    }

    /// Whether the command needs the extended length encoding.
    pub fn is_extended(&self) -> bool {
        self.data.len() > SHORT_LC_MAX || self.le.is_some_and(|le| le > SHORT_LE_MAX)
    }

    /// Encodes the command. Lengths beyond the extended range are clamped to it, so callers
    /// keep `data` under 65536 bytes (the card layer never sends more than 256).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = vec![self.cla, self.ins, self.p1, self.p2];
        let extended = self.is_extended();
        if !self.data.is_empty() {
            if extended {
                let lc = self.data.len().min(0xFFFF) as u16;
                out.push(0);
                out.extend_from_slice(&lc.to_be_bytes());
            } else {
                out.push(self.data.len() as u8);
            }
            out.extend_from_slice(&self.data);
        }
        if let Some(le) = self.le {
            if extended {
                if self.data.is_empty() {
                    out.push(0);
                }
                let le = if le >= EXTENDED_LE_MAX { 0 } else { le as u16 };
                out.extend_from_slice(&le.to_be_bytes());
            } else {
                out.push(if le >= SHORT_LE_MAX { 0 } else { le as u8 });
            }
        }
        out
    }

    /// Parses a command APDU in any of the seven ISO 7816-3 cases.
    pub fn parse(bytes: &[u8]) -> Result<Self, ApduError> {
        let [cla, ins, p1, p2, body @ ..] = bytes else {
            return Err(ApduError::TooShort);
        };
        let mut cmd = Command::new(*cla, *ins, *p1, *p2);
        match body {
            [] => {}
            [le] => cmd.le = Some(short_le(*le)),
            [0, rest @ ..] if rest.len() >= 2 => {
                let n = u16::from_be_bytes([rest[0], rest[1]]) as usize;
                let rest = &rest[2..];
                if rest.is_empty() {
                    // Case 2E: `00 Le1 Le2`.
                    cmd.le = Some(extended_le(n));
                } else if rest.len() == n {
                    cmd.data = rest.to_vec();
                } else if rest.len() == n + 2 && n > 0 {
                    cmd.data = rest[..n].to_vec();
                    cmd.le = Some(extended_le(
                        u16::from_be_bytes([rest[n], rest[n + 1]]) as usize
                    ));
                } else {
                    return Err(ApduError::BadLength);
                }
            }
            [lc, rest @ ..] => {
                let n = *lc as usize;
                if n == 0 {
                    return Err(ApduError::BadLength);
                }
                if rest.len() == n {
                    cmd.data = rest.to_vec();
                } else if rest.len() == n + 1 {
                    cmd.data = rest[..n].to_vec();
                    cmd.le = Some(short_le(rest[n]));
                } else {
                    return Err(ApduError::BadLength);
                }
            }
        }
        Ok(cmd)
    }
}

fn short_le(le: u8) -> usize {
    if le == 0 { SHORT_LE_MAX } else { le as usize }
}

fn extended_le(le: usize) -> usize {
    if le == 0 { EXTENDED_LE_MAX } else { le }
}

/// Hex dump with the data of VERIFY and CHANGE REFERENCE DATA masked (`XX`).
impl fmt::Display for Command {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let secret = matches!(self.ins, INS_VERIFY | INS_CHANGE_REFERENCE_DATA);
        let bytes = self.to_bytes();
        let header_len = bytes.len() - self.data.len() - trailer_len(self);
        for (i, b) in bytes.iter().enumerate() {
            if i > 0 {
                f.write_str(" ")?;
            }
            let in_data = i >= header_len && i < header_len + self.data.len();
            if secret && in_data {
                f.write_str("XX")?;
            } else {
                write!(f, "{b:02X}")?;
            }
        }
        Ok(())
    }
}

fn trailer_len(cmd: &Command) -> usize {
    match cmd.le {
        None => 0,
        Some(_) if !cmd.is_extended() => 1,
        Some(_) if cmd.data.is_empty() => 3,
        Some(_) => 2,
    }
}

impl fmt::Debug for Command {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Command({self})")
    }
}

/// A response APDU: data and status word.
#[derive(Clone, PartialEq, Eq)]
pub struct Response {
    pub data: Vec<u8>,
    pub status: StatusWord,
}

impl Response {
    pub fn new(data: Vec<u8>, status: StatusWord) -> Self {
        Response { data, status }
    }

    pub fn status(status: StatusWord) -> Self {
        Response::new(Vec::new(), status)
    }

    pub fn parse(bytes: &[u8]) -> Result<Self, ApduError> {
        let n = bytes.len().checked_sub(2).ok_or(ApduError::NoStatusWord)?;
        let sw = u16::from_be_bytes([bytes[n], bytes[n + 1]]);
        Ok(Response::new(bytes[..n].to_vec(), StatusWord::from(sw)))
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = self.data.clone();
        out.extend_from_slice(&u16::from(self.status).to_be_bytes());
        out
    }
}

impl fmt::Debug for Response {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Response({} bytes, {})", self.data.len(), self.status)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn select_jpki_encodes_as_in_the_spec() {
        let aid = [0xD3, 0x92, 0xF0, 0x00, 0x26, 0x01, 0x00, 0x00, 0x00, 0x01];
        let cmd = Command::new(0x00, 0xA4, 0x04, 0x0C).with_data(&aid);
        assert_eq!(
            cmd.to_bytes(),
            [
                0x00, 0xA4, 0x04, 0x0C, 0x0A, 0xD3, 0x92, 0xF0, 0x00, 0x26, 0x01, 0x00, 0x00, 0x00,
                0x01
            ]
        );
    }

    #[test]
    fn short_and_extended_le() {
        assert_eq!(
            Command::new(0, 0xB0, 0, 0).with_le(256).to_bytes(),
            [0, 0xB0, 0, 0, 0]
        );
        assert_eq!(
            Command::new(0, 0xB0, 0x8A, 0).with_le(65_536).to_bytes(),
            [0, 0xB0, 0x8A, 0, 0, 0, 0]
        );
        assert_eq!(
            Command::new(0x80, 0x2A, 0, 0x80)
                .with_data(&[1; 300])
                .with_le(256)
                .to_bytes()
                .len(),
            4 + 3 + 300 + 2
        );
    }

    #[test]
    fn parse_round_trips_every_case() {
        let cases = [
            Command::new(0, 0x20, 0, 0x80),
            Command::new(0, 0xB0, 0, 0).with_le(4),
            Command::new(0, 0xB0, 0, 0).with_le(256),
            Command::new(0, 0xA4, 2, 0x0C).with_data(&[0, 0x0A]),
            Command::new(0x80, 0x2A, 0, 0x80)
                .with_data(&[7; 51])
                .with_le(256),
            Command::new(0, 0xB0, 0x8A, 0).with_le(65_536),
            Command::new(0, 0xB0, 0x8A, 0).with_le(1000),
            Command::new(0, 0xD6, 0, 0).with_data(&[9; 300]),
            Command::new(0x80, 0x2A, 0, 0x80)
                .with_data(&[7; 300])
                .with_le(512),
        ];
        for cmd in cases {
            assert_eq!(Command::parse(&cmd.to_bytes()), Ok(cmd.clone()), "{cmd}");
        }
    }

    #[test]
    fn parse_rejects_broken_lengths() {
        assert_eq!(Command::parse(&[0, 0xA4, 4]), Err(ApduError::TooShort));
        assert_eq!(
            Command::parse(&[0, 0xA4, 4, 0x0C, 5, 1, 2]),
            Err(ApduError::BadLength)
        );
        assert_eq!(
            Command::parse(&[0, 0xA4, 4, 0x0C, 0, 1]),
            Err(ApduError::BadLength)
        );
        assert_eq!(
            Command::parse(&[0, 0xA4, 4, 0x0C, 0, 0, 3, 1]),
            Err(ApduError::BadLength)
        );
    }

    #[test]
    fn verify_data_is_masked_when_printed() {
        let cmd = Command::new(0, INS_VERIFY, 0, 0x80).with_data(b"1234");
        assert_eq!(cmd.to_string(), "00 20 00 80 04 XX XX XX XX");
        assert!(!format!("{cmd:?}").contains("31"));
        let read = Command::new(0, 0xB0, 0, 0).with_le(4);
        assert_eq!(read.to_string(), "00 B0 00 00 04");
    }

    #[test]
    fn response_needs_a_status_word() {
        assert_eq!(Response::parse(&[0x90]), Err(ApduError::NoStatusWord));
        let r = Response::parse(&[1, 2, 0x63, 0xC2]).unwrap();
        assert_eq!(r.data, [1, 2]);
        assert_eq!(r.status, StatusWord::TriesLeft(2));
        assert_eq!(r.to_bytes(), [1, 2, 0x63, 0xC2]);
    }
}
