//! Japanese era years (和暦), as the card-surface AP encodes the birth date in 照合番号B
//! and in its 生年月日 key (domain/mynacard.md §5.4: era year, tested on one card only).

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
}
