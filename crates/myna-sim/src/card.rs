//! The virtual My Number Card: an ISO 7816 interpreter over applications, files and keys,
//! behaving as docs/domain/mynacard.md §9 lists. It uses only `card::apdu` and `card::status`.

use std::collections::{BTreeMap, BTreeSet};
use std::time::{Duration, Instant};

use ring::rand::{SecureRandom, SystemRandom};
use rsa::{Pkcs1v15Sign, RsaPrivateKey};
use zeroize::Zeroizing;

use myna_card::apdu::{Command, Response};
use myna_card::status::StatusWord;

/// The ATR of a card built without a profile's choice: the 住基カード's contact ATR
/// (OpenSC `jpki_atrs`). Profiles choose their own ([`super::atr`]).
pub const ATR: [u8; 9] = [0x3B, 0xE0, 0x00, 0xFF, 0x81, 0x31, 0xFE, 0x45, 0x14];
/// GlobalPlatform Issuer Security Domain, current after reset.
const ISD_AID: [u8; 7] = [0xA0, 0x00, 0x00, 0x01, 0x51, 0x00, 0x00];
/// Largest input the RSA-2048 key pads with PKCS#1 v1.5 type 1.
const MAX_SIGN_INPUT: usize = 245;

/// Who may use a file or key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Access {
    Free,
    /// Open once any of these keys (references in the same application) is verified.
    AnyOf(Vec<u16>),
    /// Open once the holder confirmed on the phone (the iPhone token's auth key): see
    /// [`PhoneHolder`].
    OnPhone,
}

/// What the simulated patient does when the iPhone asks for Face ID / Touch ID.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PhonePatient {
    /// Confirms after the delay: the signature then succeeds.
    Confirm,
    /// Cancels after the delay.
    Cancel,
    /// Never answers: the phone keeps saying "not yet".
    NoAnswer,
}

/// The simulated holder of an iPhone token. The phone asks its holder when the first
/// COMPUTE DIGITAL SIGNATURE with the auth key arrives; until they answer, every signature
/// request gets `waiting_status`; a confirmation holds until the card is reset or another
/// application is selected.
///
/// UNCONFIRMED model (docs/domain/mynacard.md §7): how a real iPhone answers while its holder
/// has not confirmed yet is not public. Chosen here: `6982` (security status not satisfied) while
/// waiting, `6985` (conditions not satisfied) once cancelled, answers at once (no held-back
/// response). `waiting_status` lets a test make the phone answer something else.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PhoneHolder {
    pub patient: PhonePatient,
    /// How long after the first request the patient answers.
    pub after: Duration,
    pub waiting_status: StatusWord,
}

#[derive(Clone)]
pub struct Ef {
    pub data: Vec<u8>,
    pub read: Access,
}

/// A PIN or password IEF.
#[derive(Clone)]
pub struct Pin {
    value: Zeroizing<Vec<u8>>,
    max_tries: u8,
    tries_left: u8,
}

impl Pin {
    /// `tries_left = 0` models a key blocked from issue (text AP `0012`, a card issued without a PIN).
    pub fn new(value: &[u8], max_tries: u8, tries_left: u8) -> Self {
        Pin {
            value: Zeroizing::new(value.to_vec()),
            max_tries,
            tries_left: tries_left.min(max_tries),
        }
    }
}

#[derive(Clone)]
pub enum Key {
    Pin(Pin),
    Signing {
        key: Box<RsaPrivateKey>,
        usable: Access,
    },
}

#[derive(Clone)]
pub struct Application {
    pub name: &'static str,
    pub aid: Vec<u8>,
    pub files: BTreeMap<u16, Ef>,
    pub keys: BTreeMap<u16, Key>,
}

impl Application {
    pub fn new(name: &'static str, aid: &[u8]) -> Self {
        Application {
            name,
            aid: aid.to_vec(),
            files: BTreeMap::new(),
            keys: BTreeMap::new(),
        }
    }

    pub fn with_file(mut self, id: u16, data: Vec<u8>, read: Access) -> Self {
        self.files.insert(id, Ef { data, read });
        self
    }

    pub fn with_key(mut self, id: u16, key: Key) -> Self {
        self.keys.insert(id, key);
        self
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Current {
    File(u16),
    Key(u16),
}

#[derive(Clone, Default)]
struct State {
    app: Option<usize>,
    current: Option<Current>,
    verified: BTreeSet<u16>,
    /// `00 A4 00 00` answers `6A86` until an application has been selected since reset.
    app_selected_since_reset: bool,
    /// iPhone token: when the phone started asking its holder, and whether they confirmed.
    phone_asked_at: Option<Instant>,
    phone_confirmed: bool,
}

/// The card. [`VirtualCard::process`] takes a command APDU and returns the response APDU.
#[derive(Clone)]
pub struct VirtualCard {
    apps: Vec<Application>,
    state: State,
    /// `80 FC` (last-command indicator) is answered only by the iPhone token.
    accepts_last_command_indicator: bool,
    /// What the reader shows pcscd.
    atr: Vec<u8>,
    /// The chip's own contact ATR, for GET DATA `5F51`; `None`: no such data (phones).
    contact_atr: Option<Vec<u8>>,
    /// iPhone token: the simulated holder who confirms (or not) on the phone.
    phone: Option<PhoneHolder>,
    /// A defect for tests ([`VirtualCard::with_more_data_forever`]).
    more_data_forever: bool,
    rng: SystemRandom,
}

impl VirtualCard {
    pub fn new(apps: Vec<Application>, accepts_last_command_indicator: bool) -> Self {
        VirtualCard {
            apps,
            state: State::default(),
            accepts_last_command_indicator,
            atr: ATR.to_vec(),
            contact_atr: Some(ATR.to_vec()),
            phone: None,
            more_data_forever: false,
            rng: SystemRandom::new(),
        }
    }

    /// An iPhone token whose auth key ([`Access::OnPhone`]) `holder` unlocks on the phone.
    pub fn with_phone(mut self, holder: PhoneHolder) -> Self {
        self.phone = Some(holder);
        self
    }

    /// The ATR the reader shows, and the chip's contact ATR (GET DATA `5F51`), if it has one.
    pub fn with_atr(mut self, atr: Vec<u8>, contact_atr: Option<Vec<u8>>) -> Self {
        self.atr = atr;
        self.contact_atr = contact_atr;
        self
    }

    /// A card that never finishes an answer (profile `[faults] more_data_forever`): every
    /// command is answered `61 10` ("16 more bytes, ask with GET RESPONSE"), and every GET
    /// RESPONSE with 16 filler bytes and `61 10` again.
    pub fn with_more_data_forever(mut self) -> Self {
        self.more_data_forever = true;
        self
    }

    pub fn atr(&self) -> &[u8] {
        &self.atr
    }

    /// Power cycle or warm reset: back to the ISD, every security status cleared.
    pub fn reset(&mut self) {
        self.state = State::default();
    }

    pub fn process(&mut self, apdu: &[u8]) -> Vec<u8> {
        if self.more_data_forever {
            let more = StatusWord::BytesAvailable(0x10);
            return if apdu.get(1) == Some(&0xC0) {
                Response::new(vec![0xA5; 0x10], more).to_bytes()
            } else {
                Response::status(more).to_bytes()
            };
        }
        self.respond(apdu).to_bytes()
    }

    /// Name of the current application, for logs.
    pub fn current_application(&self) -> &'static str {
        self.state.app.map_or("isd", |i| self.apps[i].name)
    }

    fn respond(&mut self, raw: &[u8]) -> Response {
        let Ok(cmd) = Command::parse(raw) else {
            return Response::status(StatusWord::WrongLength);
        };
        if cmd.cla & 0x03 != 0 {
            return Response::status(StatusWord::LogicalChannelNotSupported);
        }
        if cmd.cla & 0x0C != 0 {
            return Response::status(match cmd.ins {
                0xA4 => StatusWord::SecureMessagingNotSupported,
                _ => StatusWord::SecureMessagingRefused,
            });
        }
        let status = |s| Ok(Response::status(s));
        let result = match (cmd.cla, cmd.ins) {
            (0x00, 0xA4) => self.select(&cmd),
            (0x00, 0xB0) => self.read_binary(&cmd),
            (0x00, 0x20) => self.verify(&cmd),
            (0x00, 0x24) => self.change_reference_data(&cmd),
            (0x00, 0x84) => self.get_challenge(&cmd, raw.len()),
            (0x00, 0xCA) => self.get_data(&cmd),
            (0x80, 0x2A) => self.sign(&cmd),
            // SET PUBLIC IC KEY (特定機関認証) is not emulated.
            (0x80, 0xA2) => status(StatusWord::IncorrectP1P2),
            (0x80, 0xFC) if self.accepts_last_command_indicator => status(StatusWord::Ok),
            (0x80, 0xFC) => status(StatusWord::WrongLength),
            (0x00 | 0x80, _) => status(StatusWord::InsNotSupported),
            _ => status(StatusWord::ClaNotSupported),
        };
        result.unwrap_or_else(Response::status)
    }

    fn app(&self) -> Result<&Application, StatusWord> {
        self.state
            .app
            .map(|i| &self.apps[i])
            .ok_or(StatusWord::CommandNotAllowed)
    }

    fn open(&self, access: &Access) -> bool {
        match access {
            Access::Free => true,
            Access::AnyOf(keys) => keys.iter().any(|k| self.state.verified.contains(k)),
            Access::OnPhone => self.state.phone_confirmed,
        }
    }

    /// The phone asks its holder (from the first request on) and answers as they do.
    fn confirm_on_phone(&mut self) -> Result<(), StatusWord> {
        let Some(holder) = self.phone else {
            return Err(StatusWord::SecurityStatusNotSatisfied);
        };
        if self.state.phone_confirmed {
            return Ok(());
        }
        let asked_at = *self.state.phone_asked_at.get_or_insert_with(Instant::now);
        if asked_at.elapsed() < holder.after {
            return Err(holder.waiting_status);
        }
        match holder.patient {
            PhonePatient::Confirm => {
                self.state.phone_confirmed = true;
                Ok(())
            }
            PhonePatient::Cancel => {
                // The prompt is gone: a new request would ask again.
                self.state.phone_asked_at = None;
                Err(StatusWord::ConditionsNotSatisfied)
            }
            PhonePatient::NoAnswer => Err(holder.waiting_status),
        }
    }

    fn select(&mut self, cmd: &Command) -> Result<Response, StatusWord> {
        if !matches!(cmd.p2, 0x00 | 0x0C) {
            return Err(StatusWord::IncorrectP1P2);
        }
        match cmd.p1 {
            0x04 => {
                if cmd.data == ISD_AID {
                    self.state = State {
                        app_selected_since_reset: self.state.app_selected_since_reset,
                        ..State::default()
                    };
                    return Ok(Response::status(StatusWord::Ok));
                }
                // Unknown AIDs (middleware probing other applets) change nothing.
                let index = self
                    .apps
                    .iter()
                    .position(|a| a.aid == cmd.data)
                    .ok_or(StatusWord::FileNotFound)?;
                self.state = State {
                    app: Some(index),
                    app_selected_since_reset: true,
                    ..State::default()
                };
                Ok(Response::status(StatusWord::Ok))
            }
            0x00 if cmd.data == [0x3F, 0x00] => Err(StatusWord::FileNotFound),
            0x00 if cmd.data.is_empty() => {
                // SELECT MF: refused after reset, accepted (and ignored) later.
                if self.state.app_selected_since_reset {
                    Ok(Response::status(StatusWord::Ok))
                } else {
                    Err(StatusWord::IncorrectP1P2)
                }
            }
            0x02 => {
                let app = self.app()?;
                let [hi, lo] = cmd.data[..] else {
                    return Err(StatusWord::WrongLength);
                };
                let id = u16::from_be_bytes([hi, lo]);
                let current = if app.files.contains_key(&id) {
                    Current::File(id)
                } else if app.keys.contains_key(&id) {
                    Current::Key(id)
                } else {
                    return Err(StatusWord::FileNotFound);
                };
                self.state.current = Some(current);
                Ok(Response::status(StatusWord::Ok))
            }
            _ => Err(StatusWord::IncorrectP1P2),
        }
    }

    fn read_binary(&mut self, cmd: &Command) -> Result<Response, StatusWord> {
        let (id, offset) = if cmd.p1 & 0x80 != 0 {
            let id = (cmd.p1 & 0x1F) as u16;
            let app = self.app()?;
            if !app.files.contains_key(&id) {
                return Err(StatusWord::FileNotFound);
            }
            self.state.current = Some(Current::File(id));
            (id, cmd.p2 as usize)
        } else {
            match self.state.current {
                Some(Current::File(id)) => (id, u16::from_be_bytes([cmd.p1, cmd.p2]) as usize),
                Some(Current::Key(_)) => return Err(StatusWord::SecurityStatusNotSatisfied),
                None => return Err(StatusWord::CommandNotAllowed),
            }
        };
        let le = cmd.le.ok_or(StatusWord::WrongLength)?;
        let app = self.app()?;
        let ef = app.files.get(&id).ok_or(StatusWord::FileNotFound)?;
        if !self.open(&ef.read) {
            return Err(StatusWord::SecurityStatusNotSatisfied);
        }
        if offset >= ef.data.len() {
            return Err(StatusWord::OffsetOutOfRange);
        }
        let end = ef.data.len().min(offset + le);
        Ok(Response::new(ef.data[offset..end].to_vec(), StatusWord::Ok))
    }

    /// The key a P2 of `80` (current IEF) or `80+ref` names.
    fn key_ref(&self, p2: u8) -> Result<u16, StatusWord> {
        let app = self.app()?;
        let id = match p2 {
            0x80 => match self.state.current {
                Some(Current::Key(id)) => id,
                _ => return Err(StatusWord::CommandNotAllowed),
            },
            p2 if p2 & 0x80 != 0 => (p2 & 0x1F) as u16,
            _ => return Err(StatusWord::IncorrectP1P2),
        };
        if app.keys.contains_key(&id) {
            Ok(id)
        } else {
            Err(StatusWord::ReferencedDataNotFound)
        }
    }

    fn pin_mut(&mut self, id: u16) -> Result<&mut Pin, StatusWord> {
        let i = self.state.app.ok_or(StatusWord::CommandNotAllowed)?;
        match self.apps[i].keys.get_mut(&id) {
            Some(Key::Pin(pin)) => Ok(pin),
            _ => Err(StatusWord::ReferencedDataNotFound),
        }
    }

    fn verify(&mut self, cmd: &Command) -> Result<Response, StatusWord> {
        if cmd.p1 != 0x00 {
            return Err(StatusWord::IncorrectP1P2);
        }
        let id = self.key_ref(cmd.p2)?;
        let pin = self.pin_mut(id)?;
        if cmd.data.is_empty() {
            // Tries query: never spends a try.
            return Err(match pin.tries_left {
                0 => StatusWord::Blocked(0x63C0),
                n => StatusWord::TriesLeft(n),
            });
        }
        if pin.tries_left == 0 {
            return Err(StatusWord::Blocked(0x6984));
        }
        if !same(&pin.value, &cmd.data) {
            pin.tries_left -= 1;
            return Err(match pin.tries_left {
                0 => StatusWord::Blocked(0x63C0),
                n => StatusWord::TriesLeft(n),
            });
        }
        // A correct value resets the counter (standard ISO; UNCONFIRMED for this card).
        pin.tries_left = pin.max_tries;
        self.state.verified.insert(id);
        Ok(Response::status(StatusWord::Ok))
    }

    fn change_reference_data(&mut self, cmd: &Command) -> Result<Response, StatusWord> {
        if cmd.p1 != 0x01 {
            return Err(StatusWord::IncorrectP1P2);
        }
        let id = self.key_ref(cmd.p2)?;
        if !self.state.verified.contains(&id) {
            return Err(StatusWord::SecurityStatusNotSatisfied);
        }
        let pin = self.pin_mut(id)?;
        pin.value = Zeroizing::new(cmd.data.clone());
        Ok(Response::status(StatusWord::Ok))
    }

    fn get_challenge(&mut self, cmd: &Command, raw_len: usize) -> Result<Response, StatusWord> {
        let n = cmd.le.ok_or(StatusWord::WrongLength)?;
        if raw_len != 5 || n > 256 {
            return Err(StatusWord::ConditionsNotSatisfied);
        }
        let mut bytes = vec![0u8; n];
        self.rng
            .fill(&mut bytes)
            .map_err(|_| StatusWord::ConditionsNotSatisfied)?;
        Ok(Response::new(bytes, StatusWord::Ok))
    }

    fn get_data(&mut self, cmd: &Command) -> Result<Response, StatusWord> {
        match (cmd.p1, cmd.p2) {
            // The contact ATR, stored without TS.
            (0x5F, 0x51) => match &self.contact_atr {
                Some(atr) => Ok(Response::new(atr[1..].to_vec(), StatusWord::Ok)),
                None => Err(StatusWord::ReferencedDataNotFound),
            },
            _ => Err(StatusWord::ReferencedDataNotFound),
        }
    }

    fn sign(&mut self, cmd: &Command) -> Result<Response, StatusWord> {
        // Only P1=00 (pad the given DigestInfo); SOLTIA's 01–05 are not emulated.
        if cmd.p1 != 0x00 {
            return Err(StatusWord::IncorrectP1P2);
        }
        let app = self.app()?;
        let id = if cmd.p2 == 0x00 {
            // The text and card-surface APs sign with their own key, with no credential.
            app.keys
                .iter()
                .find(|(_, k)| {
                    matches!(
                        k,
                        Key::Signing {
                            usable: Access::Free,
                            ..
                        }
                    )
                })
                .map(|(id, _)| *id)
                .ok_or(StatusWord::IncorrectP1P2)?
        } else {
            self.key_ref(cmd.p2)?
        };
        let Some(Key::Signing { usable, .. }) = app.keys.get(&id) else {
            return Err(StatusWord::ReferencedDataNotFound);
        };
        let (on_phone, open) = (*usable == Access::OnPhone, self.open(usable));
        if cmd.data.is_empty() || cmd.data.len() > MAX_SIGN_INPUT {
            return Err(StatusWord::WrongLength);
        }
        if on_phone {
            self.confirm_on_phone()?;
        } else if !open {
            return Err(StatusWord::SecurityStatusNotSatisfied);
        }
        let Some(Key::Signing { key, .. }) = self.app()?.keys.get(&id) else {
            return Err(StatusWord::ReferencedDataNotFound);
        };
        let signature = key
            .sign(Pkcs1v15Sign::new_unprefixed(), &cmd.data)
            .map_err(|_| StatusWord::ConditionsNotSatisfied)?;
        Ok(Response::new(signature, StatusWord::Ok))
    }
}

/// Compares without an early exit.
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}
