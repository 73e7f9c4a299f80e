//! The 目視確認 page (staff visual confirmation): staff type 照合番号B from the card in their hand
//! (birth date with its era, the expiry year, the security code under the photo), the kiosk
//! reads the card photo, staff compare it with the person and confirm or not. The photo and
//! the code live in memory only and are wiped when the page is left or the desk locks.

use std::fmt;

use zeroize::Zeroizing;

use super::StaffAnswer;
use crate::card::VerificationCodeB;
use crate::wareki::{Era, from_era};

/// Digits of 照合番号B as the card prints them: era YYMMDD, expiry year, security code.
pub const CODE_B_DIGITS: usize = 14;

/// The card photo decoded for the staff screen (RGB, 3 bytes a pixel). Wiped on drop.
#[derive(Clone, PartialEq, Eq)]
pub struct CardPhoto {
    pub width: u32,
    pub height: u32,
    pub rgb: Zeroizing<Vec<u8>>,
}

impl fmt::Debug for CardPhoto {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "CardPhoto({}x{}, REDACTED)", self.width, self.height)
    }
}

/// Why the card photo could not be shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PhotoProblem {
    /// The digits are not a date in that era, or the expiry year is not 20xx.
    BadCode,
    /// The card refused 照合番号B; this many tries remain on it.
    WrongCode { tries_left: u8 },
    /// 照合番号B has this few tries left (UNCONFIRMED count): the kiosk does not risk locking
    /// the card face; the patient goes to the municipality.
    TooFewTries { tries_left: u8 },
    /// 照合番号B is locked on the card.
    Blocked,
    /// No card in the reader.
    NoCard,
    /// The card has no card face (a smartphone token): 目視確認 needs the physical card.
    NoCardSurface,
    /// The card or its photo could not be read.
    Unreadable,
}

impl PhotoProblem {
    pub fn code(self) -> &'static str {
        match self {
            PhotoProblem::BadCode => "bad_code",
            PhotoProblem::WrongCode { .. } => "wrong_code",
            PhotoProblem::TooFewTries { .. } => "too_few_tries",
            PhotoProblem::Blocked => "blocked",
            PhotoProblem::NoCard => "no_card",
            PhotoProblem::NoCardSurface => "no_card_surface",
            PhotoProblem::Unreadable => "unreadable",
        }
    }
}

/// Where the page is.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum VisualStep {
    /// Typing 照合番号B.
    #[default]
    Code,
    /// The card is being read.
    Reading,
    /// The photo is shown; staff compare.
    Compare(CardPhoto),
    /// The confirmation is with the gateway.
    Sending,
    /// What the gateway (or the cache) answered.
    Done(StaffAnswer),
    /// Staff could not confirm the person: nothing was sent.
    NotConfirmed,
}

/// The 目視確認 form. Wiped with the rest of the desk on lock.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct VisualForm {
    pub era: Option<Era>,
    digits: Zeroizing<String>,
    pub problem: Option<PhotoProblem>,
    pub step: VisualStep,
}

impl fmt::Debug for VisualForm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("VisualForm")
            .field("era", &self.era)
            .field("digits", &self.digits.len())
            .field("problem", &self.problem)
            .field("step", &self.step)
            .finish()
    }
}

impl VisualForm {
    /// The digits typed so far.
    pub fn digits(&self) -> &str {
        &self.digits
    }

    pub fn push(&mut self, digit: u8) {
        if digit < 10 && self.digits.len() < CODE_B_DIGITS && self.step == VisualStep::Code {
            self.digits.push(char::from(b'0' + digit));
            self.problem = None;
        }
    }

    pub fn pop(&mut self) {
        if self.step == VisualStep::Code {
            self.digits.pop();
            self.problem = None;
        }
    }

    /// 照合番号B from the era and the 14 digits, if they make one.
    pub(super) fn code(&self) -> Option<VerificationCodeB> {
        let era = self.era?;
        let d = self.digits.as_bytes();
        if d.len() != CODE_B_DIGITS {
            return None;
        }
        let number = |range: std::ops::Range<usize>| -> Option<u16> {
            std::str::from_utf8(&d[range]).ok()?.parse().ok()
        };
        let two = |at: usize| number(at..at + 2).and_then(|n| u8::try_from(n).ok());
        let birth = from_era(era, two(0)?, two(2)?, two(4)?)?;
        let expiry_year = number(6..10)?;
        let security = std::str::from_utf8(&d[10..14]).ok()?;
        VerificationCodeB::new(birth, expiry_year, security).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(era: Option<Era>, digits: &str) -> VisualForm {
        let mut form = VisualForm {
            era,
            ..VisualForm::default()
        };
        for b in digits.bytes() {
            form.push(b - b'0');
        }
        form
    }

    #[test]
    fn code_b_needs_era_and_fourteen_digits_that_make_a_date() {
        assert!(form(Some(Era::Showa), "55021720352285").code().is_some());
        assert!(form(None, "55021720352285").code().is_none());
        assert!(form(Some(Era::Showa), "5502172035228").code().is_none());
        // 平成55年 does not exist; 2月30日 neither; the expiry year must be 20xx.
        assert!(form(Some(Era::Heisei), "55021720352285").code().is_none());
        assert!(form(Some(Era::Showa), "55023020352285").code().is_none());
        assert!(form(Some(Era::Showa), "55021719992285").code().is_none());
        // A fifteenth digit is not taken.
        assert_eq!(form(Some(Era::Showa), "550217203522859").digits().len(), 14);
    }

    #[test]
    fn the_photo_is_redacted_in_debug() {
        let photo = CardPhoto {
            width: 2,
            height: 1,
            rgb: Zeroizing::new(vec![7; 6]),
        };
        assert_eq!(format!("{photo:?}"), "CardPhoto(2x1, REDACTED)");
    }
}
