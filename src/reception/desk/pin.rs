//! The staff PIN as typed on the desk's keypad.

use super::*;

/// A staff PIN as typed: digits only, never printed, wiped on drop. Its buffer has room for
/// [`STAFF_PIN_MAX`] digits from the start and never grows (a growing `String` reallocates and
/// leaves the digits typed so far in freed memory).
pub struct StaffPin(pub(super) Zeroizing<String>);

impl Default for StaffPin {
    fn default() -> Self {
        StaffPin(Zeroizing::new(String::with_capacity(STAFF_PIN_MAX)))
    }
}

impl Clone for StaffPin {
    fn clone(&self) -> Self {
        let mut pin = StaffPin::default();
        pin.0.push_str(&self.0);
        pin
    }
}

impl StaffPin {
    /// A PIN given as text (the `staff add` command); `None` unless 6–12 ASCII digits.
    pub fn parse(text: &str) -> Option<Self> {
        let valid = (STAFF_PIN_MIN..=STAFF_PIN_MAX).contains(&text.len())
            && text.bytes().all(|b| b.is_ascii_digit());
        valid.then(|| {
            let mut pin = StaffPin::default();
            pin.0.push_str(text);
            pin
        })
    }

    /// One more digit typed; not taken past [`STAFF_PIN_MAX`] (the buffer never grows).
    pub(super) fn push_digit(&mut self, d: u8) {
        if d < 10 && self.0.len() < STAFF_PIN_MAX {
            self.0.push(char::from(b'0' + d));
        }
    }

    /// The buffer's capacity (for the test that it never grows).
    pub fn capacity(&self) -> usize {
        self.0.capacity()
    }

    pub fn as_bytes(&self) -> &[u8] {
        self.0.as_bytes()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl std::fmt::Debug for StaffPin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "StaffPin({} digits)", self.0.len())
    }
}
