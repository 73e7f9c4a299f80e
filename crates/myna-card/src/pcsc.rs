//! The PC/SC transport: a card in a reader, through pcscd and the `pcsc` crate.

use std::ffi::CString;
use std::time::{Duration, Instant};

use pcsc::{Context, Protocols, ReaderState, Scope, ShareMode, State};

use super::CardError;
use super::transport::Transport;

/// A PC/SC context (cheap to clone, shareable between threads).
#[derive(Clone)]
pub struct Pcsc {
    context: Context,
}

impl Pcsc {
    pub fn establish() -> Result<Self, CardError> {
        let context = Context::establish(Scope::User).map_err(map_error)?;
        Ok(Pcsc { context })
    }

    pub fn context(&self) -> &Context {
        &self.context
    }

    /// Names of the readers pcscd knows now (empty when none). After a restart of pcscd this
    /// context is gone: the question is asked with a fresh one.
    pub fn readers(&self) -> Result<Vec<String>, CardError> {
        let names = match self.context.list_readers_owned() {
            Err(e) if matches!(map_error(e), CardError::ServiceUnavailable) => {
                Context::establish(Scope::User).and_then(|c| c.list_readers_owned())
            }
            listed => listed,
        };
        match names {
            Ok(names) => Ok(names
                .into_iter()
                .map(|n| n.to_string_lossy().into_owned())
                .collect()),
            Err(pcsc::Error::NoReadersAvailable) => Ok(Vec::new()),
            Err(e) => Err(map_error(e)),
        }
    }

    /// Connects to the card in `reader`. The connection is exclusive: no other program may
    /// slip a SELECT between our VERIFY and our signature while we hold the card.
    pub fn connect(&self, reader: &str) -> Result<PcscTransport, CardError> {
        let name = CString::new(reader).map_err(|_| CardError::NoReader(reader.to_string()))?;
        let card = self
            .context
            .connect(&name, ShareMode::Exclusive, Protocols::ANY)
            .map_err(|e| match e {
                pcsc::Error::UnknownReader | pcsc::Error::ReaderUnavailable => {
                    CardError::NoReader(reader.to_string())
                }
                e => map_error(e),
            })?;
        Ok(PcscTransport {
            card: Some(card),
            context: self.context.clone(),
            reader: name,
        })
    }
}

/// A connected card. Dropped, it resets the card (clearing what was verified on it), unless
/// the card has left the reader since (see [`Drop`]).
pub struct PcscTransport {
    /// `None` only while being dropped.
    card: Option<pcsc::Card>,
    context: Context,
    reader: CString,
}

/// How long pcscd may take to notice that a card which stopped answering has left the reader.
const REMOVAL_NOTICE: Duration = Duration::from_secs(2);

impl PcscTransport {
    /// After a failed exchange: `CardRemoved` if the card leaves the reader within
    /// [`REMOVAL_NOTICE`] (an event wait, not polling), else `CardNotResponding`.
    fn removed_or_silent(&self) -> CardError {
        let mut state = [ReaderState::new(self.reader.clone(), State::UNAWARE)];
        let deadline = Instant::now() + REMOVAL_NOTICE;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            if self.context.get_status_change(left, &mut state).is_err() {
                return CardError::CardNotResponding;
            }
            if !state[0].event_state().contains(State::PRESENT) {
                return CardError::CardRemoved;
            }
            if left.is_zero() {
                return CardError::CardNotResponding;
            }
            state[0].sync_current_state();
        }
    }
}

impl Transport for PcscTransport {
    fn transmit(&mut self, command: &[u8]) -> Result<Vec<u8>, CardError> {
        let Some(card) = self.card.as_ref() else {
            return Err(CardError::CardRemoved);
        };
        let mut buffer = zeroize::Zeroizing::new(vec![0u8; pcsc::MAX_BUFFER_SIZE_EXTENDED]);
        match card.transmit(command, &mut buffer) {
            // An answer too short for a status word: a card pulled out mid-answer can leave
            // one (vpcd hands back nothing when its card goes, before pcscd has noticed; seen
            // in CI on 2026-12-05). A removal, if the card has left; else the card's own
            // malformed answer, for the session to refuse.
            Ok(response) if response.len() < 2 => match self.removed_or_silent() {
                CardError::CardRemoved => Err(CardError::CardRemoved),
                _ => Ok(response.to_vec()),
            },
            Ok(response) => Ok(response.to_vec()),
            // pcsc-lite reports a card pulled out during a transmit as "not transacted",
            // before it has noticed the card is gone.
            Err(pcsc::Error::NotTransacted) => Err(self.removed_or_silent()),
            Err(e) => Err(map_error(e)),
        }
    }
}

impl Drop for PcscTransport {
    /// A card still there is reset; a session whose card was removed (or reset) since is left
    /// as it is, as pcscd itself does for a client that goes away. Resetting then would reach
    /// whatever is on the reader now: with a card put back before pcscd's next poll, pcscd
    /// marks the reader as holding a powered card without counting an insertion, the kiosk
    /// reads that card, and pcscd's late "insertion" (a new power-up) breaks the new session
    /// (PROTO_MISMATCH on its next APDU; found by the card-pulled tests under load).
    fn drop(&mut self) {
        let Some(card) = self.card.take() else {
            return;
        };
        let disposition = match card.status2_owned() {
            Err(
                pcsc::Error::RemovedCard
                | pcsc::Error::ResetCard
                | pcsc::Error::NoSmartcard
                | pcsc::Error::InvalidHandle,
            ) => pcsc::Disposition::LeaveCard,
            _ => pcsc::Disposition::ResetCard,
        };
        // Nothing to do if that fails: pcscd drops the handle with the context.
        let _ = card.disconnect(disposition);
    }
}

pub(super) fn map_error(e: pcsc::Error) -> CardError {
    match e {
        // A handle pcscd does not know: it was restarted since the context was made.
        pcsc::Error::NoService | pcsc::Error::ServiceStopped | pcsc::Error::InvalidHandle => {
            CardError::ServiceUnavailable
        }
        pcsc::Error::NoSmartcard => CardError::NoCard,
        pcsc::Error::RemovedCard | pcsc::Error::ResetCard => CardError::CardRemoved,
        pcsc::Error::UnresponsiveCard | pcsc::Error::UnpoweredCard => CardError::CardNotResponding,
        pcsc::Error::SharingViolation => CardError::ReaderBusy,
        e => CardError::Transport(e.to_string()),
    }
}
