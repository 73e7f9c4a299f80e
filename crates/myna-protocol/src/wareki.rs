//! Japanese era years (和暦), as the card-surface AP encodes the birth date in 照合番号B
//! and in its 生年月日 key (docs/domain/mynacard.md §5.4: era year, tested on one card only).
//!
//! Neither carries an era digit: both are `YYMMDD` with the year counted in the era the card
//! face prints, so the era is chosen on the pad and a 明治 birth date (people born before
//! 1912-07-30 hold cards) is its 明治 year, e.g. 明治45年7月29日 → `450729`. UNCONFIRMED for
//! 明治: the one tested card was 昭和, and no source shows a card of a person born in 明治;
//! this is the one reading consistent with the 昭和 example.
//!
//! The first year of an era is 元年 on the card face and in speech, typed `01` (the pad says
//! so): [`year_text`] writes it back as 元年.

use time::{Date, Month};

pub use crate::text::JST;

/// First day of each era since Meiji, newest first, with the Gregorian year that is its year 1.
const ERAS: [(i32, Month, u8); 5] = [
    (2019, Month::May, 1),       // 令和
    (1989, Month::January, 8),   // 平成
    (1926, Month::December, 25), // 昭和
    (1912, Month::July, 30),     // 大正
    (1868, Month::October, 23),  // 明治
];

/// The eras a living person's birth date can be in, as printed on the card face.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Era {
    /// 1868-10-23 to 1912-07-29.
    Meiji,
    Taisho,
    Showa,
    Heisei,
    Reiwa,
}

impl Era {
    /// Oldest first, as the pads show them.
    pub const ALL: [Era; 5] = [Era::Meiji, Era::Taisho, Era::Showa, Era::Heisei, Era::Reiwa];

    /// The era's name in kanji, as the card prints it.
    pub fn kanji(self) -> &'static str {
        match self {
            Era::Meiji => "明治",
            Era::Taisho => "大正",
            Era::Showa => "昭和",
            Era::Heisei => "平成",
            Era::Reiwa => "令和",
        }
    }

    fn index(self) -> usize {
        match self {
            Era::Reiwa => 0,
            Era::Heisei => 1,
            Era::Showa => 2,
            Era::Taisho => 3,
            Era::Meiji => 4,
        }
    }
}

/// The date of era year `year`, `month`, `day`; `None` unless it is a real date inside that
/// era (昭和64年1月8日 is 平成元年).
pub fn from_era(era: Era, year: u8, month: u8, day: u8) -> Option<Date> {
    let (start_year, start_month, start_day) = ERAS[era.index()];
    let start = Date::from_calendar_date(start_year, start_month, start_day).ok()?;
    let month = Month::try_from(month).ok()?;
    let date = Date::from_calendar_date(start_year + i32::from(year) - 1, month, day).ok()?;
    let next_era = match era.index() {
        0 => None,
        i => {
            let (y, m, d) = ERAS[i - 1];
            Date::from_calendar_date(y, m, d).ok()
        }
    };
    (year >= 1 && date >= start && next_era.is_none_or(|next| date < next)).then_some(date)
}

/// The era and era year of a date since 明治 (`None` before 1868-10-23).
pub fn era_year(date: Date) -> Option<(Era, i32)> {
    let era = Era::ALL.into_iter().rev().find(|era| {
        let (y, m, d) = ERAS[era.index()];
        Date::from_calendar_date(y, m, d).is_ok_and(|start| date >= start)
    })?;
    Some((era, date.year() - ERAS[era.index()].0 + 1))
}

/// An era year as the card face prints it: `平成元年`, `昭和55年`.
pub fn year_text(era: Era, year: i32) -> String {
    if year == 1 {
        format!("{}元年", era.kanji())
    } else {
        format!("{}{year}年", era.kanji())
    }
}

/// A date as the card face prints it: `平成元年1月8日` (`None` before 明治).
pub fn date_text(date: Date) -> Option<String> {
    let (era, year) = era_year(date)?;
    Some(format!(
        "{}{}月{}日",
        year_text(era, year),
        u8::from(date.month()),
        date.day()
    ))
}

/// The date as `YYMMDD` with the year counted in its era (1980-02-17 → `550217`, 昭和55).
/// `None` before Meiji.
pub fn era_yymmdd(date: Date) -> Option<String> {
    let digits = era_yymmdd_digits(date)?;
    Some(digits.iter().map(|&b| char::from(b)).collect())
}

/// [`era_yymmdd`] as six ASCII digits on the stack, for secrets (照合番号B): no heap copy is
/// made that could not be wiped.
pub fn era_yymmdd_digits(date: Date) -> Option<[u8; 6]> {
    let (start_year, ..) = ERAS
        .iter()
        .find(|(y, m, d)| Date::from_calendar_date(*y, *m, *d).is_ok_and(|start| date >= start))?;
    let era_year = u8::try_from((date.year() - start_year + 1).rem_euclid(100)).ok()?;
    let two = |n: u8| [b'0' + n / 10, b'0' + n % 10];
    let [y0, y1] = two(era_year);
    let [m0, m1] = two(u8::from(date.month()));
    let [d0, d1] = two(date.day());
    Some([y0, y1, m0, m1, d0, d1])
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn era_years() {
        // The one example tested on a card (SOLTIA): 1980-02-17 is 昭和55.
        assert_eq!(era_yymmdd(date!(1980 - 02 - 17)).as_deref(), Some("550217"));
        assert_eq!(era_yymmdd(date!(1989 - 01 - 07)).as_deref(), Some("640107"));
        assert_eq!(era_yymmdd(date!(1989 - 01 - 08)).as_deref(), Some("010108"));
        assert_eq!(era_yymmdd(date!(2019 - 04 - 30)).as_deref(), Some("310430"));
        assert_eq!(era_yymmdd(date!(2019 - 05 - 01)).as_deref(), Some("010501"));
        assert_eq!(era_yymmdd(date!(1926 - 12 - 25)).as_deref(), Some("011225"));
        assert_eq!(era_yymmdd(date!(1850 - 01 - 01)), None);
        // 明治: the last day, the first of 大正, and a day of 明治元年.
        assert_eq!(era_yymmdd(date!(1912 - 07 - 29)).as_deref(), Some("450729"));
        assert_eq!(era_yymmdd(date!(1912 - 07 - 30)).as_deref(), Some("010730"));
        assert_eq!(era_yymmdd(date!(1868 - 10 - 23)).as_deref(), Some("011023"));
        assert_eq!(era_yymmdd(date!(1868 - 10 - 22)), None);
    }

    #[test]
    fn meiji_dates_and_first_years() {
        assert_eq!(from_era(Era::Meiji, 45, 7, 29), Some(date!(1912 - 07 - 29)));
        assert_eq!(from_era(Era::Meiji, 45, 7, 30), None, "大正元年");
        assert_eq!(from_era(Era::Taisho, 1, 7, 30), Some(date!(1912 - 07 - 30)));
        assert_eq!(from_era(Era::Meiji, 1, 10, 23), Some(date!(1868 - 10 - 23)));
        assert_eq!(from_era(Era::Meiji, 1, 10, 22), None);
        assert_eq!(
            from_era(Era::Meiji, 44, 2, 29),
            None,
            "1911 is no leap year"
        );
        assert_eq!(from_era(Era::Meiji, 43, 5, 1), Some(date!(1910 - 05 - 01)));
        assert_eq!(era_year(date!(1910 - 05 - 01)), Some((Era::Meiji, 43)));
        assert_eq!(era_year(date!(1912 - 07 - 29)), Some((Era::Meiji, 45)));
        assert_eq!(era_year(date!(1912 - 07 - 30)), Some((Era::Taisho, 1)));
        assert_eq!(era_year(date!(1868 - 10 - 22)), None);
        assert_eq!(year_text(Era::Heisei, 1), "平成元年");
        assert_eq!(year_text(Era::Reiwa, 1), "令和元年");
        assert_eq!(year_text(Era::Meiji, 45), "明治45年");
        assert_eq!(year_text(Era::Showa, 55), "昭和55年");
        assert_eq!(
            date_text(date!(1989 - 01 - 08)).as_deref(),
            Some("平成元年1月8日")
        );
        assert_eq!(
            date_text(date!(1912 - 07 - 29)).as_deref(),
            Some("明治45年7月29日")
        );
        // Every era: typed 01 is 元年, and its first day round-trips.
        for era in Era::ALL {
            let first = ERAS[era.index()];
            let date = from_era(era, 1, u8::from(first.1), first.2).unwrap();
            assert_eq!(era_year(date), Some((era, 1)), "{era:?}");
        }
    }

    #[test]
    fn dates_from_era_years() {
        assert_eq!(from_era(Era::Showa, 55, 2, 17), Some(date!(1980 - 02 - 17)));
        assert_eq!(from_era(Era::Showa, 64, 1, 7), Some(date!(1989 - 01 - 07)));
        assert_eq!(from_era(Era::Showa, 64, 1, 8), None);
        assert_eq!(from_era(Era::Heisei, 1, 1, 8), Some(date!(1989 - 01 - 08)));
        assert_eq!(from_era(Era::Heisei, 1, 1, 7), None);
        assert_eq!(from_era(Era::Reiwa, 1, 5, 1), Some(date!(2019 - 05 - 01)));
        assert_eq!(from_era(Era::Taisho, 15, 12, 25), None);
        assert_eq!(from_era(Era::Showa, 0, 5, 1), None);
        assert_eq!(from_era(Era::Heisei, 3, 2, 30), None);
        assert_eq!(era_year(date!(1961 - 08 - 04)), Some((Era::Showa, 36)));
        assert_eq!(era_year(date!(2019 - 05 - 01)), Some((Era::Reiwa, 1)));
        assert_eq!(era_year(date!(1911 - 01 - 01)), Some((Era::Meiji, 44)));
        for era in Era::ALL {
            let date = from_era(era, 2, 3, 4).unwrap();
            assert_eq!(era_yymmdd(date).as_deref(), Some("020304"), "{era:?}");
        }
    }
}
