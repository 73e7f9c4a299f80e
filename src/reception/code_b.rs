//! 照合番号B as a person types it from the card front: the era and birth date as printed
//! (`YYMMDD`), the expiry year, the 4-digit security code under the photo (docs/domain/mynacard.md
//! §5.4). Used by the patient's face path and by the staff's 目視確認. Held in memory only and
//! wiped on drop.
//!
//! Typing is one [`CodeBSource`]; the camera reading the card front (issue 20) fills the same
//! entry ([`CodeBEntry::read_from_card`]) for the patient to check and correct on the pad, so
//! the rest of the face path does not care where the digits came from.

use std::fmt;

use zeroize::Zeroizing;

use crate::card::VerificationCodeB;
use time::Date;

use crate::wareki::{Era, from_era};

/// Digits of 照合番号B as the card prints them: era YYMMDD, expiry year, security code.
pub const CODE_B_DIGITS: usize = 14;

/// Where 照合番号B comes from: the patient's or staff member's typing ([`CodeBEntry`]), or the
/// card front read by the camera and shown on the same pad for confirmation (never touching
/// the Individual Number, which is on the back).
pub trait CodeBSource {
    /// The code, once there is a complete and valid one.
    fn code_b(&self) -> Option<VerificationCodeB>;
}

/// The era buttons and the 14 digits typed so far. The digits' buffer is allocated at its full
/// size from the start and never grows, so typing leaves no copy behind in freed memory (a
/// growing `String` reallocates and frees its old buffer unwiped); it is wiped on drop.
#[derive(PartialEq, Eq)]
pub struct CodeBEntry {
    pub era: Option<Era>,
    digits: Zeroizing<String>,
    /// Filled from the card front by the camera: the pad says "read from your card: check it
    /// and press OK" (the patient may still correct it).
    from_card: bool,
}

impl Default for CodeBEntry {
    fn default() -> Self {
        CodeBEntry {
            era: None,
            digits: Zeroizing::new(String::with_capacity(CODE_B_DIGITS)),
            from_card: false,
        }
    }
}

impl Clone for CodeBEntry {
    /// A clone has the full capacity too (`String::clone` allocates only the length).
    fn clone(&self) -> Self {
        let mut digits = Zeroizing::new(String::with_capacity(CODE_B_DIGITS));
        digits.push_str(&self.digits);
        CodeBEntry {
            era: self.era,
            digits,
            from_card: self.from_card,
        }
    }
}

impl fmt::Debug for CodeBEntry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "CodeBEntry({:?}, {} digits)",
            self.era,
            self.digits.len()
        )
    }
}

impl CodeBEntry {
    /// The era and digits as the camera read them from the card front (ASCII digits; anything
    /// else and any beyond 14 are not taken), for the patient to confirm.
    pub fn read_from_card(era: Era, digits: &[u8]) -> CodeBEntry {
        let mut entry = CodeBEntry {
            era: Some(era),
            from_card: true,
            ..CodeBEntry::default()
        };
        for d in digits {
            entry.push(d.wrapping_sub(b'0'));
        }
        entry
    }

    /// Whether the entry was filled from the card front by the camera.
    pub fn from_card(&self) -> bool {
        self.from_card
    }

    /// The digits typed so far.
    pub fn digits(&self) -> &str {
        &self.digits
    }

    /// Adds a digit (a fifteenth is not taken); returns whether it was.
    pub fn push(&mut self, digit: u8) -> bool {
        let taken = digit < 10 && self.digits.len() < CODE_B_DIGITS;
        if taken {
            self.digits.push(char::from(b'0' + digit));
        }
        taken
    }

    pub fn pop(&mut self) {
        self.digits.pop();
    }

    /// The birth date, once the era and its six digits make one (`01` is the era's 元年).
    pub fn birth_date(&self) -> Option<Date> {
        let d = self.digits.get(..6)?.as_bytes();
        let two = |at: usize| -> Option<u8> {
            let (tens, ones) = (d[at].checked_sub(b'0')?, d[at + 1].checked_sub(b'0')?);
            (tens < 10 && ones < 10).then_some(tens * 10 + ones)
        };
        from_era(self.era?, two(0)?, two(2)?, two(4)?)
    }
}

impl CodeBSource for CodeBEntry {
    /// From the era and the 14 digits, if they make a real date in that era, a 20xx expiry year
    /// and a 4-digit code.
    fn code_b(&self) -> Option<VerificationCodeB> {
        let d = self.digits.as_bytes();
        if d.len() != CODE_B_DIGITS {
            return None;
        }
        let number = |range: std::ops::Range<usize>| -> Option<u16> {
            std::str::from_utf8(&d[range]).ok()?.parse().ok()
        };
        let birth = self.birth_date()?;
        let expiry_year = number(6..10)?;
        let security = std::str::from_utf8(&d[10..14]).ok()?;
        VerificationCodeB::new(birth, expiry_year, security).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(era: Option<Era>, digits: &str) -> CodeBEntry {
        let mut entry = CodeBEntry {
            era,
            ..CodeBEntry::default()
        };
        for b in digits.bytes() {
            entry.push(b - b'0');
        }
        entry
    }

    #[test]
    fn typing_never_grows_the_buffer() {
        let mut entry = CodeBEntry::default();
        let (capacity, at) = (entry.digits.capacity(), entry.digits.as_ptr());
        assert!(capacity >= CODE_B_DIGITS);
        for d in [5, 5, 0, 2, 1, 7, 2, 0, 3, 5, 2, 2, 8, 5, 9, 9] {
            entry.push(d);
            assert_eq!(
                (entry.digits.capacity(), entry.digits.as_ptr()),
                (capacity, at)
            );
        }
        entry.pop();
        entry.push(4);
        assert_eq!(
            (entry.digits.capacity(), entry.digits.as_ptr()),
            (capacity, at)
        );
        assert!(entry.clone().digits.capacity() >= CODE_B_DIGITS);
    }

    #[test]
    fn code_b_needs_era_and_fourteen_digits_that_make_a_date() {
        assert!(entry(Some(Era::Showa), "55021720352285").code_b().is_some());
        assert!(entry(None, "55021720352285").code_b().is_none());
        assert!(entry(Some(Era::Showa), "5502172035228").code_b().is_none());
        // 平成55年 does not exist; 2月30日 neither; the expiry year must be 20xx.
        assert!(
            entry(Some(Era::Heisei), "55021720352285")
                .code_b()
                .is_none()
        );
        assert!(entry(Some(Era::Showa), "55023020352285").code_b().is_none());
        assert!(entry(Some(Era::Showa), "55021719992285").code_b().is_none());
        assert_eq!(
            entry(Some(Era::Showa), "550217203522859").digits().len(),
            14
        );
        assert!(!format!("{:?}", entry(None, "5502")).contains("5502"));
    }

    #[test]
    fn read_from_card_is_the_typed_code_marked() {
        let read = CodeBEntry::read_from_card(Era::Showa, b"36080420344817");
        assert!(read.from_card());
        assert_eq!(read.digits(), "36080420344817");
        assert!(read.code_b().is_some());
        assert_eq!(read, {
            let mut typed = entry(Some(Era::Showa), "36080420344817");
            typed.from_card = true;
            typed
        });
        let odd = CodeBEntry::read_from_card(Era::Showa, b"3608x04203448179");
        assert_eq!(odd.digits(), "36080420344817");
        assert!(!entry(None, "").from_card());
    }

    #[test]
    fn meiji_and_first_years() {
        // 明治45年7月29日, the last day of 明治; the same digits are no 大正 date.
        let meiji = entry(Some(Era::Meiji), "45072920302285");
        assert_eq!(
            meiji.birth_date(),
            Some(time::macros::date!(1912 - 07 - 29))
        );
        assert!(meiji.code_b().is_some());
        assert!(
            entry(Some(Era::Taisho), "45072920302285")
                .code_b()
                .is_none()
        );
        // 元年 is typed 01: 平成元年1月8日.
        let first = entry(Some(Era::Heisei), "010108");
        assert_eq!(
            first.birth_date(),
            Some(time::macros::date!(1989 - 01 - 08))
        );
        assert!(
            entry(Some(Era::Heisei), "00010820302285")
                .code_b()
                .is_none()
        );
        assert_eq!(entry(Some(Era::Heisei), "01010").birth_date(), None);
        assert_eq!(entry(None, "010108").birth_date(), None);
    }
}
