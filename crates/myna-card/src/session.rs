//! Typed operations on a My Number Card: the only way the kiosk talks to a card.
//!
//! There is deliberately no raw-APDU or select-any-file method. The card layer knows two
//! applications (JPKI and card surface) and, in them, only the files the kiosk may touch:
//! JPKI `0006`, `000A`, `0017`, `0018`, card-surface `0002` through 照合番号B (`0012`) and
//! card-surface `0004` (its CV certificate, free).
//! It cannot name the text AP, the Individual Number, 照合番号A or the signing key.

use tracing::trace;

use super::apdu::{Command, INS_VERIFY, Response};
use super::ber;
use super::certificate::AuthCertificate;
use super::credentials::{AuthPin, DigestInfo, VerificationCodeB};
use super::issuer::CvCertificate;
use super::kind::CardKind;
use super::status::StatusWord;
use super::surface::CardFace;
use super::transport::Transport;
use super::{CardError, Credential};

/// 公的個人認証AP (JPKI AP).
pub(crate) const JPKI_AID: [u8; 10] = [0xD3, 0x92, 0xF0, 0x00, 0x26, 0x01, 0x00, 0x00, 0x00, 0x01];
/// 券面事項確認AP (card-surface AP).
pub(crate) const CARD_SURFACE_AID: [u8; 10] =
    [0xD3, 0x92, 0x10, 0x00, 0x31, 0x00, 0x01, 0x01, 0x04, 0x02];

/// The files this layer may select, by application.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum File {
    /// JPKI `0006`: token info, whose first 32 bytes are the label.
    JpkiToken,
    /// JPKI `000A`: 利用者証明用電子証明書.
    JpkiAuthCertificate,
    /// JPKI `0017`: 利用者証明用秘密鍵.
    JpkiAuthKey,
    /// JPKI `0018`: 利用者証明用暗証番号.
    JpkiAuthPin,
    /// Card-surface `0002`: card face.
    SurfaceCardFace,
    /// Card-surface `0012`: 照合番号B.
    SurfaceCodeB,
    /// Card-surface `0004`: the AP's CV certificate (free).
    SurfaceCvCertificate,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Application {
    Jpki,
    CardSurface,
}

impl File {
    fn id(self) -> u16 {
        match self {
            File::JpkiToken => 0x0006,
            File::JpkiAuthCertificate => 0x000A,
            File::JpkiAuthKey => 0x0017,
            File::JpkiAuthPin => 0x0018,
            File::SurfaceCardFace => 0x0002,
            File::SurfaceCodeB => 0x0012,
            File::SurfaceCvCertificate => 0x0004,
        }
    }

    fn application(self) -> Application {
        match self {
            File::SurfaceCardFace | File::SurfaceCodeB | File::SurfaceCvCertificate => {
                Application::CardSurface
            }
            _ => Application::Jpki,
        }
    }
}

impl Application {
    fn aid(self) -> &'static [u8] {
        match self {
            Application::Jpki => &JPKI_AID,
            Application::CardSurface => &CARD_SURFACE_AID,
        }
    }
}

/// Token label length at the start of JPKI EF `0006`.
const TOKEN_LABEL_LEN: usize = 32;
/// Bytes read first to learn a file's BER length (tag ≤ 3 + length ≤ 4).
const HEADER_PROBE: usize = 8;
/// No file this layer reads is larger (a certificate is ~1.5 KB, the card face ~ 10 KB).
const MAX_FILE_LEN: usize = 32 * 1024;
/// Bytes per READ BINARY (short Le `00`).
const CHUNK: usize = 256;
/// The card pads DigestInfo for RSA-2048: at most 245 bytes (docs/domain/mynacard.md §9).
const MAX_SIGN_INPUT: usize = 245;
/// GET RESPONSE rounds after one command (`61xx`, T=0 readers). Every command here expects at
/// most 256 bytes (short Le), which a card sends in one or two rounds; a card that keeps
/// answering `61xx` is refused rather than read for ever.
const MAX_GET_RESPONSE_ROUNDS: usize = 8;
/// Bytes gathered over those rounds: no answer this layer asks for is longer than 256 bytes.
const MAX_RESPONSE_LEN: usize = 1024;

/// Auth PIN tries left, read without spending one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PinStatus {
    TriesLeft(u8),
    /// Locked, or a card issued without a PIN.
    Blocked,
    /// The card answered `9000` or `6300` (already verified, or no limit): no count.
    NotReported,
}

impl PinStatus {
    /// For JSON: tries left, `0` when blocked, `None` when not reported.
    pub fn tries_left(self) -> Option<u8> {
        match self {
            PinStatus::TriesLeft(n) => Some(n),
            PinStatus::Blocked => Some(0),
            PinStatus::NotReported => None,
        }
    }
}

/// A connected card. Each method selects what it needs; verified states end when another
/// application is selected, which [`AuthenticatedSession`] prevents by borrowing the session.
pub struct CardSession<T: Transport> {
    transport: T,
    current: Option<Application>,
    apdus: usize,
    /// The auth PIN was verified and the JPKI AP has not been left since.
    auth_verified: bool,
}

impl<T: Transport> CardSession<T> {
    pub fn new(transport: T) -> Self {
        CardSession {
            transport,
            current: None,
            apdus: 0,
            auth_verified: false,
        }
    }

    /// Command APDUs sent so far (for measurements).
    pub fn apdu_count(&self) -> usize {
        self.apdus
    }

    /// What the card is, by content: SELECT the JPKI AP and read the token label.
    pub fn identify(&mut self) -> Result<CardKind, CardError> {
        match self.select_application(Application::Jpki) {
            Ok(()) => {}
            Err(CardError::UnexpectedStatus { .. }) => return Ok(CardKind::Unknown),
            Err(e) => return Err(e),
        }
        let label = match self.read_file_prefix(File::JpkiToken, TOKEN_LABEL_LEN) {
            Ok(bytes) => bytes,
            Err(CardError::UnexpectedStatus { .. }) => return Ok(CardKind::Unknown),
            Err(e) => return Err(e),
        };
        let label = String::from_utf8_lossy(&label);
        Ok(CardKind::from_token_label(
            label.trim_end_matches([' ', '\0']),
        ))
    }

    /// Reads and parses the auth certificate. Needs no PIN on the card; the Android token
    /// answers [`CardError::PinRequired`] (use [`AuthenticatedSession::read_auth_certificate`]).
    pub fn read_auth_certificate(&mut self) -> Result<AuthCertificate, CardError> {
        let der = self.read_ber_file(File::JpkiAuthCertificate)?;
        AuthCertificate::from_der(der)
    }

    /// Auth PIN tries left: VERIFY without data, which never spends a try.
    pub fn auth_pin_status(&mut self) -> Result<PinStatus, CardError> {
        self.select_file(File::JpkiAuthPin)?;
        self.tries_left()
    }

    /// 照合番号B tries left on the card-surface AP, the same way (no try spent). A card
    /// without a card-surface AP (a smartphone token) is [`CardError::NoCardSurface`].
    pub fn card_face_code_status(&mut self) -> Result<PinStatus, CardError> {
        match self.select_file(File::SurfaceCodeB) {
            Err(CardError::UnexpectedStatus {
                status: StatusWord::FileNotFound,
                ..
            }) => Err(CardError::NoCardSurface),
            other => other,
        }?;
        self.tries_left()
    }

    /// VERIFY without data on the selected key: its tries left.
    fn tries_left(&mut self) -> Result<PinStatus, CardError> {
        let response =
            self.transmit(Command::new(0x00, INS_VERIFY, 0x00, 0x80), "VERIFY (tries)")?;
        match response.status {
            StatusWord::TriesLeft(n) => Ok(PinStatus::TriesLeft(n)),
            StatusWord::Blocked(_) => Ok(PinStatus::Blocked),
            StatusWord::Ok | StatusWord::NoRetryLimit => Ok(PinStatus::NotReported),
            status => Err(unexpected("VERIFY (tries)", status)),
        }
    }

    /// Sends the auth PIN in exactly one VERIFY (never retried) and, on success, returns the
    /// session in which the auth key may sign.
    pub fn verify_auth_pin(
        &mut self,
        pin: AuthPin,
    ) -> Result<AuthenticatedSession<'_, T>, CardError> {
        self.select_file(File::JpkiAuthPin)?;
        self.verify(pin.bytes(), Credential::AuthPin)?;
        self.auth_verified = true;
        Ok(AuthenticatedSession { session: self })
    }

    /// The session of an earlier successful auth-PIN VERIFY, while the JPKI AP has stayed
    /// selected since: the auth key may sign again without the PIN (no VERIFY is sent). `None`
    /// when no PIN was verified on this session or another application was selected since.
    ///
    /// UNCONFIRMED (docs/domain/mynacard.md §3): that a real card keeps the auth PIN's security
    /// status for minutes while it stays powered and the AP selected (ISO 7816-4 behaviour; the
    /// simulator does). A card that forgot answers `6982`, which [`AuthenticatedSession::sign`]
    /// reports as [`CardError::PinRequired`]: the caller then ends the visit, and never sends
    /// the PIN again by itself.
    pub fn still_authenticated(&mut self) -> Option<AuthenticatedSession<'_, T>> {
        (self.auth_verified && self.current == Some(Application::Jpki))
            .then_some(AuthenticatedSession { session: self })
    }

    /// Opens the card-surface AP with 照合番号B (one VERIFY) and reads the card face, with the
    /// AP's CV certificate (EF `0004`, free) that [`CardFace::verify_issuer`] needs; a
    /// certificate that is missing or unreadable is left out (the check then fails), a card
    /// that went away is an error.
    pub fn read_card_face(&mut self, code: VerificationCodeB) -> Result<CardFace, CardError> {
        match self.select_file(File::SurfaceCodeB) {
            Err(CardError::UnexpectedStatus {
                status: StatusWord::FileNotFound,
                ..
            }) => {
                return Err(CardError::NoCardSurface);
            }
            other => other?,
        }
        self.verify(code.bytes(), Credential::VerificationCodeB)?;
        let file = self.read_ber_file(File::SurfaceCardFace)?;
        let face = CardFace::parse(&file)?;
        let certificate = match self.read_ber_file(File::SurfaceCvCertificate) {
            Ok(bytes) => CvCertificate::parse(&bytes).ok(),
            Err(
                CardError::UnexpectedStatus { .. }
                | CardError::Malformed { .. }
                | CardError::PinRequired,
            ) => None,
            Err(e) => return Err(e),
        };
        Ok(face.with_certificate(certificate))
    }

    fn verify(&mut self, secret: &[u8], credential: Credential) -> Result<(), CardError> {
        let cmd = Command::new(0x00, INS_VERIFY, 0x00, 0x80).with_data(secret);
        let response = self.transmit(cmd, "VERIFY")?;
        match response.status {
            StatusWord::Ok => Ok(()),
            StatusWord::TriesLeft(tries_left) => Err(CardError::WrongPin {
                credential,
                tries_left,
            }),
            StatusWord::Blocked(_) => Err(CardError::Blocked { credential }),
            status => Err(unexpected("VERIFY", status)),
        }
    }

    fn select_application(&mut self, app: Application) -> Result<(), CardError> {
        if self.current == Some(app) {
            return Ok(());
        }
        // Another application's SELECT ends the verified state (docs/domain/mynacard.md §3).
        self.current = None;
        self.auth_verified = false;
        let cmd = Command::new(0x00, 0xA4, 0x04, 0x0C).with_data(app.aid());
        expect_ok(
            self.transmit(cmd, "SELECT application")?,
            "SELECT application",
        )?;
        self.current = Some(app);
        Ok(())
    }

    fn select_file(&mut self, file: File) -> Result<(), CardError> {
        self.select_application(file.application())?;
        let cmd = Command::new(0x00, 0xA4, 0x02, 0x0C).with_data(&file.id().to_be_bytes());
        expect_ok(self.transmit(cmd, "SELECT EF")?, "SELECT EF")
    }

    /// READ BINARY of up to `len` bytes at `offset` in the current EF. `Ok(empty)` at the end
    /// of the file, whether the card says `6B00`/`6282` or an empty `9000`.
    fn read_binary(&mut self, offset: usize, len: usize) -> Result<Vec<u8>, CardError> {
        let [p1, p2] = (offset as u16).to_be_bytes();
        let cmd = Command::new(0x00, 0xB0, p1, p2).with_le(len);
        let response = self.transmit(cmd, "READ BINARY")?;
        match response.status {
            StatusWord::Ok | StatusWord::EndOfFile if response.data.len() <= len => {
                Ok(response.data)
            }
            StatusWord::Ok | StatusWord::EndOfFile => Err(CardError::Malformed {
                command: "READ BINARY",
                reason: format!("{} bytes returned for {len} asked", response.data.len()),
            }),
            StatusWord::OffsetOutOfRange => Ok(Vec::new()),
            StatusWord::SecurityStatusNotSatisfied => Err(CardError::PinRequired),
            status => Err(unexpected("READ BINARY", status)),
        }
    }

    fn read_file_prefix(&mut self, file: File, len: usize) -> Result<Vec<u8>, CardError> {
        self.select_file(file)?;
        let bytes = self.read_binary(0, len)?;
        if bytes.len() < len {
            return Err(truncated(len, bytes.len()));
        }
        Ok(bytes)
    }

    /// Reads a file holding one BER object: its header first, then the rest in chunks.
    fn read_ber_file(&mut self, file: File) -> Result<Vec<u8>, CardError> {
        self.select_file(file)?;
        let mut data = self.read_binary(0, HEADER_PROBE)?;
        let total = ber::object_length(&data).ok_or_else(|| CardError::Malformed {
            command: "READ BINARY",
            reason: "file does not start with a BER header".into(),
        })?;
        if total > MAX_FILE_LEN {
            return Err(CardError::Malformed {
                command: "READ BINARY",
                reason: format!("file claims {total} bytes"),
            });
        }
        while data.len() < total {
            let chunk = self.read_binary(data.len(), (total - data.len()).min(CHUNK))?;
            if chunk.is_empty() {
                return Err(truncated(total, data.len()));
            }
            data.extend_from_slice(&chunk);
        }
        data.truncate(total);
        Ok(data)
    }

    fn transmit(&mut self, command: Command, what: &'static str) -> Result<Response, CardError> {
        self.apdus += 1;
        trace!(apdu = %command, "{what}");
        let bytes = zeroize::Zeroizing::new(command.to_bytes());
        let raw = match self.transport.transmit(&bytes) {
            Ok(raw) => raw,
            Err(e) => {
                self.current = None;
                return Err(e);
            }
        };
        let mut response = parse_response(&raw, what)?;
        trace!(sw = %response.status, len = response.data.len(), "{what}");
        // T=0 readers: fetch the rest with GET RESPONSE, within bounds.
        let mut rounds = 0;
        while let StatusWord::BytesAvailable(n) = response.status {
            rounds += 1;
            if rounds > MAX_GET_RESPONSE_ROUNDS || response.data.len() > MAX_RESPONSE_LEN {
                self.current = None;
                return Err(CardError::Malformed {
                    command: what,
                    reason: format!(
                        "the card still had more to send (61xx) after {} GET RESPONSE rounds \
                         and {} bytes; at most {MAX_GET_RESPONSE_ROUNDS} rounds and \
                         {MAX_RESPONSE_LEN} bytes are read",
                        rounds - 1,
                        response.data.len()
                    ),
                });
            }
            self.apdus += 1;
            let more =
                Command::new(0x00, 0xC0, 0, 0).with_le(if n == 0 { 256 } else { n as usize });
            let raw = match self.transport.transmit(&more.to_bytes()) {
                Ok(raw) => raw,
                Err(e) => {
                    self.current = None;
                    return Err(e);
                }
            };
            let next = parse_response(&raw, what)?;
            response.data.extend_from_slice(&next.data);
            response.status = next.status;
        }
        if response.data.len() > MAX_RESPONSE_LEN {
            self.current = None;
            return Err(CardError::Malformed {
                command: what,
                reason: format!(
                    "{} bytes in one answer; at most {MAX_RESPONSE_LEN} are read",
                    response.data.len()
                ),
            });
        }
        Ok(response)
    }
}

/// What an iPhone token answered to a signature request (see
/// [`CardSession::sign_confirmed_on_phone`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PhoneAnswer {
    /// The holder confirmed on the phone: the signature.
    Signed(Vec<u8>),
    /// Not confirmed yet (`6982`): ask again a little later.
    Waiting,
    /// The holder cancelled on the phone (`6985`).
    Cancelled,
}

impl<T: Transport> CardSession<T> {
    /// Asks an iPhone token to sign with its auth key, which the holder unlocks on the phone
    /// (Face ID / Touch ID): no VERIFY is ever sent for it. Call it again while the answer is
    /// [`PhoneAnswer::Waiting`].
    ///
    /// UNCONFIRMED (docs/domain/mynacard.md §7): how a real iPhone answers while its holder has
    /// not confirmed yet is not public. This layer takes `6982` (security status not satisfied)
    /// as "not yet" and `6985` (conditions not satisfied) as "cancelled"; any other status word
    /// is [`CardError::UnexpectedStatus`], which ends the visit cleanly. A phone that holds its
    /// answer back until the holder confirms is also fine: the call then only takes longer.
    pub fn sign_confirmed_on_phone(
        &mut self,
        digest_info: &DigestInfo,
    ) -> Result<PhoneAnswer, CardError> {
        let input = digest_info.as_bytes();
        if input.is_empty() || input.len() > MAX_SIGN_INPUT {
            return Err(CardError::InvalidCredential("DigestInfo of 1 to 245 bytes"));
        }
        self.select_file(File::JpkiAuthKey)?;
        let cmd = Command::new(0x80, 0x2A, 0x00, 0x80)
            .with_data(input)
            .with_le(256);
        let response = self.transmit(cmd, "COMPUTE DIGITAL SIGNATURE")?;
        match response.status {
            StatusWord::Ok if !response.data.is_empty() => Ok(PhoneAnswer::Signed(response.data)),
            StatusWord::Ok => Err(CardError::Malformed {
                command: "COMPUTE DIGITAL SIGNATURE",
                reason: "empty signature".into(),
            }),
            StatusWord::SecurityStatusNotSatisfied => Ok(PhoneAnswer::Waiting),
            StatusWord::ConditionsNotSatisfied => Ok(PhoneAnswer::Cancelled),
            status => Err(unexpected("COMPUTE DIGITAL SIGNATURE", status)),
        }
    }
}

/// The session after a successful auth-PIN VERIFY: the only place the auth key can sign.
pub struct AuthenticatedSession<'a, T: Transport> {
    session: &'a mut CardSession<T>,
}

impl<T: Transport> AuthenticatedSession<'_, T> {
    /// Signs with the auth key (`80 2A 00 80`, PKCS#1 v1.5 over the DigestInfo as given).
    pub fn sign(&mut self, digest_info: &DigestInfo) -> Result<Vec<u8>, CardError> {
        let input = digest_info.as_bytes();
        if input.is_empty() || input.len() > MAX_SIGN_INPUT {
            return Err(CardError::InvalidCredential("DigestInfo of 1 to 245 bytes"));
        }
        self.session.select_file(File::JpkiAuthKey)?;
        let cmd = Command::new(0x80, 0x2A, 0x00, 0x80)
            .with_data(input)
            .with_le(256);
        let response = self.session.transmit(cmd, "COMPUTE DIGITAL SIGNATURE")?;
        match response.status {
            StatusWord::Ok if !response.data.is_empty() => Ok(response.data),
            StatusWord::Ok => Err(CardError::Malformed {
                command: "COMPUTE DIGITAL SIGNATURE",
                reason: "empty signature".into(),
            }),
            StatusWord::SecurityStatusNotSatisfied => Err(CardError::PinRequired),
            status => Err(unexpected("COMPUTE DIGITAL SIGNATURE", status)),
        }
    }

    /// Reads the auth certificate after the PIN (the Android token needs this order).
    pub fn read_auth_certificate(&mut self) -> Result<AuthCertificate, CardError> {
        self.session.read_auth_certificate()
    }
}

fn parse_response(raw: &[u8], command: &'static str) -> Result<Response, CardError> {
    Response::parse(raw).map_err(|e| CardError::Malformed {
        command,
        reason: e.to_string(),
    })
}

fn expect_ok(response: Response, command: &'static str) -> Result<(), CardError> {
    match response.status {
        StatusWord::Ok => Ok(()),
        status => Err(unexpected(command, status)),
    }
}

fn unexpected(command: &'static str, status: StatusWord) -> CardError {
    CardError::UnexpectedStatus { command, status }
}

fn truncated(expected: usize, got: usize) -> CardError {
    CardError::Malformed {
        command: "READ BINARY",
        reason: format!("file ends after {got} of {expected} bytes"),
    }
}
