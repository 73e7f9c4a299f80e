//! 保険者番号 (insurer numbers) as staff type them and as the gateway loads them: 8 digits
//! (法別番号 2, 都道府県番号 2, 保険者別番号 3, 検証番号 1), or 6 for 国保, which has no 法別番号.
//!
//! The last digit is the 検証番号 (check digit). It covers every digit before it (法別番号,
//! 都道府県番号 and 保険者別番号): starting from the last of those digits, multiply them by 2
//! and 1 in turn, add up the digits of each product (a two-digit product counts as the sum of
//! its two digits), and the check digit is 10 minus the last digit of that sum, or 0 when the
//! sum ends in 0. Source: 厚生労働省「保険者番号等の設定要領」(the numbering rules of the
//! 診療報酬請求書等の記載要領), as quoted with a worked example (33120015) by
//! www5f.biglobe.ne.jp/~h-it/mlcont/mc0124.htm and iryoujimu-blog.com (2018-05-15); read
//! 2026-12. The 6-digit 国保 number follows the same rule over its first 5 digits.

use std::fmt;

/// Why a typed text is not an insurer number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InsurerNumberError {
    /// Not 8 (or 6) ASCII digits: full-width digits, padding, a space, a letter.
    Format,
    /// The right shape, but the last digit is not the 検証番号 of the others: a typing error.
    CheckDigit,
}

impl InsurerNumberError {
    /// The rule broken, in words (for logs, load errors and `bad_request` answers).
    pub fn rule(self) -> &'static str {
        match self {
            InsurerNumberError::Format => "8 digits, or 6 for 国保; never padded",
            InsurerNumberError::CheckDigit => {
                "the last digit (検証番号) does not match the others: a typing error"
            }
        }
    }
}

impl fmt::Display for InsurerNumberError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.rule())
    }
}

impl std::error::Error for InsurerNumberError {}

/// The 検証番号 of the digits before it (`None` unless they are all ASCII digits).
pub fn check_digit(body: &str) -> Option<u8> {
    let mut sum = 0u32;
    for (i, b) in body.bytes().rev().enumerate() {
        if !b.is_ascii_digit() {
            return None;
        }
        let weight = if i % 2 == 0 { 2 } else { 1 };
        let product = u32::from(b - b'0') * weight;
        sum += product / 10 + product % 10;
    }
    // `sum % 10` is below 10, so this fits.
    u8::try_from((10 - sum % 10) % 10).ok()
}

/// Checks an insurer number as written on the document: 8 digits, or 6 for 国保, never
/// padded, ending in the right 検証番号.
pub fn check(number: &str) -> Result<(), InsurerNumberError> {
    let bytes = number.as_bytes();
    if !matches!(bytes.len(), 6 | 8) || !bytes.iter().all(u8::is_ascii_digit) {
        return Err(InsurerNumberError::Format);
    }
    let (body, last) = number.split_at(number.len() - 1);
    match check_digit(body) {
        Some(digit) if last.as_bytes() == [b'0' + digit] => Ok(()),
        _ => Err(InsurerNumberError::CheckDigit),
    }
}

/// Whether `insurer_number` is a 後期高齢者医療 insurer's: 法別番号 39 (the first two of the
/// eight digits, per the public 法別番号 table; 6-digit numbers are 国保 and have none).
pub fn is_late_elderly_insurer(insurer_number: &str) -> bool {
    insurer_number.len() == 8 && insurer_number.starts_with("39")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_good_numbers_pass() {
        // The worked example of the 設定要領's rule (a 警察 共済, 千葉): 3312001 → 5.
        assert_eq!(check_digit("3312001"), Some(5));
        for number in [
            "33120015", // the worked example
            "01130012", // 協会けんぽ 東京支部 as printed on its cards
            "138016",   // a 6-digit 国保 number
            "138057",   // another
            "06139992", // the fixtures' 健保組合
            "39131016", // the fixtures' 後期高齢
        ] {
            assert_eq!(check(number), Ok(()), "{number}");
        }
    }

    #[test]
    fn products_of_two_digits_count_as_their_digit_sum() {
        // 9×2 = 18 counts as 1+8 = 9, not 18 (nor 8): 0613999 → 9+9+9+3+2+6+0 = 38 → 2.
        assert_eq!(check_digit("0613999"), Some(2));
        // A sum ending in 0 gives 0, never 10.
        assert_eq!(check_digit("3913000"), Some(0));
        assert_eq!(check_digit(""), Some(0));
        assert_eq!(check_digit("12a"), None);
    }

    #[test]
    fn typing_errors_are_caught() {
        // Every single wrong digit, anywhere, is caught.
        let good = "06139992";
        for at in 0..good.len() {
            for d in b'0'..=b'9' {
                let mut typed = good.as_bytes().to_vec();
                if typed[at] == d {
                    continue;
                }
                typed[at] = d;
                let typed = String::from_utf8(typed).unwrap();
                assert_eq!(
                    check(&typed),
                    Err(InsurerNumberError::CheckDigit),
                    "{typed}"
                );
            }
        }
        // Two neighbours swapped (the most common slip) are caught when their weighted sums
        // differ: 13 8016 → 18 3016.
        assert_eq!(check("183016"), Err(InsurerNumberError::CheckDigit));
        // The number the fixtures used before their check digits were made right.
        assert_eq!(check("06139999"), Err(InsurerNumberError::CheckDigit));
    }

    #[test]
    fn the_shape_comes_first() {
        for typed in [
            "",
            "1380",
            "0138016",  // 7 digits
            "  138016", // padded with spaces
            "1380１6",  // a full-width digit
            "13801６",  // in the check position
            "0113001２",
            "011300123", // 9 digits
        ] {
            assert_eq!(check(typed), Err(InsurerNumberError::Format), "{typed:?}");
        }
        // Zero padding keeps the check digit right (leading zeros weigh nothing), so the check
        // cannot refuse it; the query compares numbers exactly, so a padded number finds no one.
        assert_eq!(check("00138016"), Ok(()));
    }
}
