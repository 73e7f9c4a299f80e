//! Japanese era years (和暦), as the card-surface AP encodes the birth date in 照合番号B
//! and in its 生年月日 key (docs/domain/mynacard.md §5.4: era year, tested on one card only).

use time::{Date, Month, UtcOffset};

/// Japan Standard Time (UTC+9, no daylight saving): the kiosk's day for "today's visits".
pub const JST: UtcOffset = match UtcOffset::from_hms(9, 0, 0) {
    Ok(offset) => offset,
    Err(_) => UtcOffset::UTC,
};

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
    Taisho,
    Showa,
    Heisei,
    Reiwa,
}

impl Era {
    pub const ALL: [Era; 4] = [Era::Taisho, Era::Showa, Era::Heisei, Era::Reiwa];

    /// The era's name in kanji, as the card prints it.
    pub fn kanji(self) -> &'static str {
        match self {
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

/// The era and era year of a date since 大正 (`None` before).
pub fn era_year(date: Date) -> Option<(Era, i32)> {
    let era = [Era::Reiwa, Era::Heisei, Era::Showa, Era::Taisho]
        .into_iter()
        .find(|era| {
            let (y, m, d) = ERAS[era.index()];
            Date::from_calendar_date(y, m, d).is_ok_and(|start| date >= start)
        })?;
    Some((era, date.year() - ERAS[era.index()].0 + 1))
}

/// The date as `YYMMDD` with the year counted in its era (1980-02-17 → `550217`, 昭和55).
/// `None` before Meiji.
pub fn era_yymmdd(date: Date) -> Option<String> {
    let (start_year, ..) = ERAS
        .iter()
        .find(|(y, m, d)| Date::from_calendar_date(*y, *m, *d).is_ok_and(|start| date >= start))?;
    let era_year = date.year() - start_year + 1;
    Some(format!(
        "{:02}{:02}{:02}",
        era_year % 100,
        u8::from(date.month()),
        date.day()
    ))
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
        assert_eq!(era_year(date!(1911 - 01 - 01)), None);
        for era in Era::ALL {
            let date = from_era(era, 2, 3, 4).unwrap();
            assert_eq!(era_yymmdd(date).as_deref(), Some("020304"), "{era:?}");
        }
    }
}
