//! The three printed fields as read, parsed and checked: the birth line into era + `YYMMDD`, the
//! expiry line into its year, the security code; together 照合番号B's 14 digits.

use std::fmt;

use myna_protocol::wareki::{Era, era_year, era_yymmdd_digits, from_era};
use time::{Date, Month};
use zeroize::Zeroizing;

/// 照合番号B's length: era `YYMMDD`, the expiry year, the security code.
pub const CODE_DIGITS: usize = 14;

/// Expiry years a card read today can carry: the first cards were issued in 2016 (the field
/// takes 2014 for margin), and a card issued now is valid for at most 10 years, to the holder's
/// 10th birthday after issue.
const EXPIRY_YEARS: std::ops::RangeInclusive<u16> = 2014..=2045;

/// How the birth date is printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BirthForm {
    /// Era as printed (Japanese nationals): the digits are the printed ones.
    Era,
    /// Western (foreign residents), converted here to the era form. UNCONFIRMED: no source says
    /// what the chip expects for them (docs/card-front-ocr.md §1); the kiosk keeps typing as the
    /// fallback when a VERIFY with these digits fails.
    Western,
}

/// 照合番号B as read from the card front, with the era it was counted in. Card data: the digits
/// are wiped on drop and `Debug` does not print them; never log them.
#[derive(Clone, PartialEq, Eq)]
pub struct FrontCode {
    era: Era,
    form: BirthForm,
    digits: Zeroizing<[u8; CODE_DIGITS]>,
}

impl fmt::Debug for FrontCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "FrontCode({:?}, {:?}, REDACTED)", self.era, self.form)
    }
}

impl FrontCode {
    /// The code from the three fields as read (spaces anywhere are ignored); `None` unless each
    /// parses and the birth date is a real date of its era.
    pub fn parse(birth: &str, expiry: &str, security: &str) -> Option<FrontCode> {
        Some(FrontCode::from_fields(
            &parse_birth(birth)?,
            parse_expiry(expiry)?,
            &*parse_security_code(security)?,
        ))
    }

    /// The code from the three fields, each already parsed.
    pub fn from_fields(birth: &Birth, expiry_year: u16, security: &[u8; 4]) -> FrontCode {
        let (era, form, yymmdd) = birth;
        let mut digits = Zeroizing::new([0u8; CODE_DIGITS]);
        digits[..6].copy_from_slice(&yymmdd[..]);
        for (i, d) in digits[6..10].iter_mut().enumerate() {
            *d = b'0' + (expiry_year / 10u16.pow(3 - i as u32) % 10) as u8;
        }
        digits[10..].copy_from_slice(security);
        FrontCode {
            era: *era,
            form: *form,
            digits,
        }
    }

    /// The era of the birth date (the pad's era button).
    pub fn era(&self) -> Era {
        self.era
    }

    /// Whether the birth date was printed in the era form or converted from the Western one.
    pub fn form(&self) -> BirthForm {
        self.form
    }

    /// The 14 digits as ASCII: era `YYMMDD`, expiry year, security code (never log them).
    pub fn digits(&self) -> &[u8; CODE_DIGITS] {
        &self.digits
    }

    /// The birth date (checked when parsed).
    pub fn birth_date(&self) -> Option<Date> {
        let two = |at: usize| (self.digits[at] - b'0') * 10 + (self.digits[at + 1] - b'0');
        from_era(self.era, two(0), two(2), two(4))
    }

    /// The expiry year.
    pub fn expiry_year(&self) -> u16 {
        self.digits[6..10]
            .iter()
            .fold(0, |n, d| n * 10 + u16::from(d - b'0'))
    }

    /// The security code's four ASCII digits (never log them).
    pub fn security_code(&self) -> &[u8] {
        &self.digits[10..]
    }
}

/// The text without spaces, full-width digits made ASCII.
fn compact(text: &str) -> Zeroizing<String> {
    Zeroizing::new(
        text.chars()
            .filter(|c| !c.is_whitespace())
            .map(|c| match c {
                '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
                c => c,
            })
            .collect(),
    )
}

/// One or two ASCII digits at the start of `s`, the number and the rest.
fn number(s: &str, most: usize) -> Option<(u16, &str)> {
    let len = s.bytes().take_while(u8::is_ascii_digit).count();
    if len == 0 || len > most {
        return None;
    }
    Some((s[..len].parse().ok()?, &s[len..]))
}

/// `月D日` after the year: month and day, and the rest.
fn month_day(s: &str) -> Option<(u8, u8, &str)> {
    let (month, s) = number(s, 2)?;
    let s = s.strip_prefix('月')?;
    let (day, s) = number(s, 2)?;
    let s = s.strip_prefix('日')?;
    Some((u8::try_from(month).ok()?, u8::try_from(day).ok()?, s))
}

/// A parsed birth line: the era, the form it was printed in and the era `YYMMDD` digits (card
/// data, wiped on drop).
pub type Birth = (Era, BirthForm, Zeroizing<[u8; 6]>);

/// `昭和55年 2月17日生` or `1980年 2月17日生`: the era, the form and the era `YYMMDD` digits;
/// `None` unless the date is real (in its era: 平成31年5月1日 is 令和元年 and refused).
pub fn parse_birth(text: &str) -> Option<Birth> {
    let s = compact(text);
    if let Some(era) = Era::ALL.into_iter().find(|e| s.starts_with(e.kanji())) {
        let s = &s[era.kanji().len()..];
        let (year, s) = match s.strip_prefix('元') {
            Some(rest) => (1, rest),
            None => number(s, 2)?,
        };
        let (month, day, rest) = month_day(s.strip_prefix('年')?)?;
        if rest != "生" {
            return None;
        }
        let date = from_era(era, u8::try_from(year).ok()?, month, day)?;
        return Some((
            era,
            BirthForm::Era,
            Zeroizing::new(era_yymmdd_digits(date)?),
        ));
    }
    let (year, s) = number(&s, 4).filter(|(_, r)| s.len() - r.len() == 4)?;
    let (month, day, rest) = month_day(s.strip_prefix('年')?)?;
    if rest != "生" {
        return None;
    }
    let date = Date::from_calendar_date(i32::from(year), Month::try_from(month).ok()?, day).ok()?;
    // Born before the expiry years' end; before 明治 `era_year` says None.
    if year > *EXPIRY_YEARS.end() {
        return None;
    }
    let (era, _) = era_year(date)?;
    Some((
        era,
        BirthForm::Western,
        Zeroizing::new(era_yymmdd_digits(date)?),
    ))
}

/// `2035年 2月17日まで有効` (its end cut as far as まで): the year, when in 2014..=2045 and the
/// date is real.
pub fn parse_expiry(text: &str) -> Option<u16> {
    let s = compact(text);
    let (year, rest) = number(&s, 4).filter(|(_, r)| s.len() - r.len() == 4)?;
    let (month, day, rest) = month_day(rest.strip_prefix('年')?)?;
    // The recogniser, on a long line squeezed to its input width, sometimes drops the last
    // character or two; まで still tells this line from the birth line's 生.
    if !matches!(rest, "まで" | "まで有" | "まで有効") || !EXPIRY_YEARS.contains(&year) {
        return None;
    }
    Date::from_calendar_date(i32::from(year), Month::try_from(month).ok()?, day).ok()?;
    Some(year)
}

/// Exactly four digits.
pub fn parse_security_code(text: &str) -> Option<Zeroizing<[u8; 4]>> {
    let s = compact(text);
    let b = s.as_bytes();
    if b.len() != 4 || !b.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(Zeroizing::new([b[0], b[1], b[2], b[3]]))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn birth(text: &str) -> Option<(Era, BirthForm, String)> {
        parse_birth(text).map(|(e, f, d)| (e, f, String::from_utf8(d.to_vec()).unwrap()))
    }

    #[test]
    fn era_birth_lines() {
        let cases = [
            ("昭和55年 2月17日生", Era::Showa, "550217"),
            ("昭和55年2月17日生", Era::Showa, "550217"),
            ("平成元年 1月 8日生", Era::Heisei, "010108"),
            ("平成1年1月8日生", Era::Heisei, "010108"),
            ("令和元年 5月 1日生", Era::Reiwa, "010501"),
            ("令和 7年10月 9日生", Era::Reiwa, "071009"),
            ("大正15年12月24日生", Era::Taisho, "151224"),
            ("明治45年 7月29日生", Era::Meiji, "450729"),
            ("平成31年 4月30日生", Era::Heisei, "310430"),
            ("昭和64年 1月 7日生", Era::Showa, "640107"),
            ("昭和３６年 ８月 ４日生", Era::Showa, "360804"),
        ];
        for (text, era, digits) in cases {
            assert_eq!(
                birth(text),
                Some((era, BirthForm::Era, digits.into())),
                "{text}"
            );
        }
    }

    #[test]
    fn impossible_or_garbled_birth_lines_are_refused() {
        for text in [
            "平成31年 5月 1日生", // 令和元年
            "平成32年 1月 1日生",
            "昭和64年 1月 8日生", // 平成元年
            "大正15年12月25日生", // 昭和元年
            "明治45年 7月30日生",
            "昭和 0年 1月 1日生",
            "令和 3年 2月29日生", // 2021: no leap year
            "昭和55年13月 1日生",
            "昭和55年 2月17日", // 生 missing: the line was not read whole
            "昭和55年 2月17日生生",
            "昭和555年 2月17日生",
            "合和 7年10月 9日生", // 令 misread
            "昭和55年 2月17",
            "",
            "1980年 2月30日生",
            "198年 2月17日生",
            "1850年 1月 1日生", // before 明治
            "2050年 1月 1日生",
        ] {
            assert_eq!(birth(text), None, "{text}");
        }
    }

    #[test]
    fn western_birth_lines_become_the_era_form() {
        assert_eq!(
            birth("1980年 2月17日生"),
            Some((Era::Showa, BirthForm::Western, "550217".into()))
        );
        assert_eq!(
            birth("1989年1月8日生"),
            Some((Era::Heisei, BirthForm::Western, "010108".into()))
        );
        assert_eq!(
            birth("2019年 4月30日生"),
            Some((Era::Heisei, BirthForm::Western, "310430".into()))
        );
        assert_eq!(
            birth("2019年 5月 1日生"),
            Some((Era::Reiwa, BirthForm::Western, "010501".into()))
        );
    }

    #[test]
    fn expiry_lines_and_codes() {
        assert_eq!(parse_expiry("2035年 2月17日まで有効"), Some(2035));
        assert_eq!(parse_expiry("2029年12月 1日まで有効"), Some(2029));
        assert_eq!(parse_expiry("2013年 2月17日まで有効"), None);
        assert_eq!(parse_expiry("2046年 2月17日まで有効"), None);
        assert_eq!(parse_expiry("2035年 2月30日まで有効"), None);
        assert_eq!(parse_expiry("2034年7月15日まで有"), Some(2034));
        assert_eq!(parse_expiry("2034年7月15日まで"), Some(2034));
        assert_eq!(parse_expiry("2034年7月15日ま"), None);
        assert_eq!(parse_expiry("2034年7月15日まで有効生"), None);
        assert_eq!(parse_expiry("2035年 2月17日"), None);
        assert_eq!(parse_expiry("203年 2月17日まで有効"), None);
        assert_eq!(parse_security_code(" 2285 ").as_deref(), Some(b"2285"));
        assert_eq!(parse_security_code("0391").as_deref(), Some(b"0391"));
        for bad in ["228", "22855", "22a5", ""] {
            assert!(parse_security_code(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn the_fourteen_digits_match_the_tested_card() {
        // SOLTIA's example tested on a card (docs/domain/mynacard.md §5.4).
        let code =
            FrontCode::parse("昭和55年 2月17日生", "2035年 2月17日まで有効", "2285").unwrap();
        assert_eq!(code.digits(), b"55021720352285");
        assert_eq!(code.era(), Era::Showa);
        assert_eq!(code.form(), BirthForm::Era);
        assert_eq!(code.expiry_year(), 2035);
        assert_eq!(code.security_code(), b"2285");
        assert_eq!(
            code.birth_date(),
            Date::from_calendar_date(1980, Month::February, 17).ok()
        );
        let shown = format!("{code:?}");
        assert!(
            !shown.contains("5502") && !shown.contains("2285"),
            "{shown}"
        );
        assert!(FrontCode::parse("昭和55年 2月17日生", "2035年 2月17日まで有効", "228").is_none());
        assert!(FrontCode::parse("昭和55年 2月17日生", "2035年", "2285").is_none());
    }
}
