//! How APDUs reach a card: PC/SC ([`super::pcsc::PcscTransport`]) or memory.

use super::CardError;

/// Sends one command APDU and returns the response APDU (data + SW1 SW2).
pub trait Transport: Send {
    fn transmit(&mut self, command: &[u8]) -> Result<Vec<u8>, CardError>;
}

impl<T: Transport + ?Sized> Transport for Box<T> {
    fn transmit(&mut self, command: &[u8]) -> Result<Vec<u8>, CardError> {
        (**self).transmit(command)
    }
}

type Handler = Box<dyn FnMut(&[u8]) -> Option<Vec<u8>> + Send>;

/// A card in memory: a function from command to response, `None` when the card is gone.
/// Tests plug the virtual card (or a deliberately broken one) in here, without pcscd.
pub struct InMemoryTransport {
    handler: Handler,
}

impl InMemoryTransport {
    pub fn new(handler: impl FnMut(&[u8]) -> Option<Vec<u8>> + Send + 'static) -> Self {
        InMemoryTransport {
            handler: Box::new(handler),
        }
    }
}

impl Transport for InMemoryTransport {
    fn transmit(&mut self, command: &[u8]) -> Result<Vec<u8>, CardError> {
        (self.handler)(command).ok_or(CardError::CardRemoved)
    }
}
