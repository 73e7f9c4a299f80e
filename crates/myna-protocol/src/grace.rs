//! Where an auth certificate (利用者証明用電子証明書) stands on a given day: the ONE rule that both
//! the kiosk flow and the gateway apply (docs/domain/eligibility.md §1.6).
//!
//! - Valid, with a warning from 3 calendar months before `notAfter` (§1.5).
//! - Expired, physical card: eligibility only (no viewing consent) until 23:59:59 JST on the last
//!   day of the third month after the month, in JST, in which `notAfter` falls (MHLW, quoted as
//!   期限満了日の属する月の末日から3ヶ月間; checked 2026-12). One secondary source counts from the
//!   expiry date itself; the month-end rule is the later of the two, so no patient is sent away
//!   whom a certified reader would serve.
//! - Expired, smartphone certificate (Android, iPhone): no grace at all.

use serde::{Deserialize, Serialize};
use time::{Date, Month, OffsetDateTime};

pub use crate::text::JST;

/// Months of grace after the month of expiry, and of warning before it.
pub const GRACE_MONTHS: i32 = 3;

/// What carries the certificate: the card, or a smartphone token (no grace).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Token {
    /// The physical My Number Card. Also what a request without the field means (kiosks before
    /// the field existed read physical cards and Android tokens alike; those requests keep the
    /// card's rule).
    #[default]
    Card,
    Android,
    Iphone,
}

/// Where a certificate stands at a moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    Valid,
    /// Valid, but it ends within 3 months: the patient is told to renew.
    Expiring,
    /// Expired, within the grace: eligibility only, until `until` (exclusive; 00:00 JST of the
    /// day after the grace's last day).
    InGrace {
        until: OffsetDateTime,
    },
    Expired,
}

/// The first moment after the grace: 00:00:00 JST on the first day of the fourth month after
/// the month (JST) of `not_after`; the grace's last instant is the second before, 23:59:59 JST
/// on the last day of the third month.
pub fn grace_end(not_after: OffsetDateTime) -> OffsetDateTime {
    let local = not_after.to_offset(JST).date();
    first_of_month(local, GRACE_MONTHS + 1)
        .midnight()
        .assume_offset(JST)
}

/// The grace's last day (JST), as a date to show.
pub fn grace_last_day(not_after: OffsetDateTime) -> Date {
    grace_end(not_after)
        .date()
        .previous_day()
        .unwrap_or(Date::MIN)
}

/// Where the certificate of `token`, valid until `not_after`, stands at `now`.
pub fn standing(not_after: OffsetDateTime, token: Token, now: OffsetDateTime) -> Standing {
    if now <= not_after {
        if now.to_offset(JST) > add_months(not_after.to_offset(JST), -GRACE_MONTHS) {
            return Standing::Expiring;
        }
        return Standing::Valid;
    }
    let until = grace_end(not_after);
    match token {
        Token::Card if now < until => Standing::InGrace { until },
        _ => Standing::Expired,
    }
}

/// The first day of the month `months` after the month of `date`.
fn first_of_month(date: Date, months: i32) -> Date {
    let index = date.year() * 12 + i32::from(u8::from(date.month())) - 1 + months;
    let month = Month::try_from((index.rem_euclid(12) + 1) as u8).unwrap_or(Month::January);
    Date::from_calendar_date(index.div_euclid(12), month, 1).unwrap_or(date)
}

/// Calendar months later (negative: earlier), the day clamped to the month's length.
fn add_months(time: OffsetDateTime, months: i32) -> OffsetDateTime {
    let date = time.date();
    let first = first_of_month(date, months);
    let day = date.day().min(first.month().length(first.year()));
    match first.replace_day(day) {
        Ok(d) => time.replace_date(d),
        Err(_) => time,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::{date, datetime};

    fn last_day(not_after: OffsetDateTime) -> Date {
        grace_last_day(not_after)
    }

    #[test]
    fn the_grace_ends_on_the_last_day_of_the_third_month_after() {
        // notAfter at noon JST (03:00 UTC) on month ends and in leap years.
        let cases = [
            (datetime!(2026-01-31 03:00 UTC), date!(2026 - 04 - 30)),
            (datetime!(2026-02-28 03:00 UTC), date!(2026 - 05 - 31)),
            (datetime!(2028-02-29 03:00 UTC), date!(2028 - 05 - 31)),
            (datetime!(2026-05-31 03:00 UTC), date!(2026 - 08 - 31)),
            (datetime!(2026-11-30 03:00 UTC), date!(2027 - 02 - 28)),
            (datetime!(2027-11-30 03:00 UTC), date!(2028 - 02 - 29)),
            (datetime!(2026-12-31 03:00 UTC), date!(2027 - 03 - 31)),
            (datetime!(2026-12-01 03:00 UTC), date!(2027 - 03 - 31)),
        ];
        for (not_after, last) in cases {
            assert_eq!(last_day(not_after), last, "{not_after}");
        }
    }

    #[test]
    fn the_month_is_counted_in_japan() {
        // 2026-01-31 20:00 UTC is already 2026-02-01 05:00 JST: the month of expiry is February.
        let late = datetime!(2026-01-31 20:00 UTC);
        assert_eq!(last_day(late), date!(2026 - 05 - 31));
        // 2026-12-31 15:00 UTC is 2027-01-01 00:00 JST.
        assert_eq!(
            last_day(datetime!(2026-12-31 15:00 UTC)),
            date!(2027 - 04 - 30)
        );
        // One second earlier is still December in Japan.
        assert_eq!(
            last_day(datetime!(2026-12-31 14:59:59 UTC)),
            date!(2027 - 03 - 31)
        );
    }

    #[test]
    fn the_last_second_of_the_grace_is_in_it_and_the_next_is_not() {
        let not_after = datetime!(2026-01-15 03:00 UTC);
        let last_second = datetime!(2026-04-30 23:59:59 +9);
        assert!(matches!(
            standing(not_after, Token::Card, last_second),
            Standing::InGrace { .. }
        ));
        assert_eq!(
            standing(not_after, Token::Card, datetime!(2026-05-01 00:00 +9)),
            Standing::Expired
        );
    }

    #[test]
    fn smartphones_get_no_grace() {
        let not_after = datetime!(2026-01-15 03:00 UTC);
        let day_after = datetime!(2026-01-16 03:00 UTC);
        assert!(matches!(
            standing(not_after, Token::Card, day_after),
            Standing::InGrace { .. }
        ));
        for phone in [Token::Android, Token::Iphone] {
            assert_eq!(standing(not_after, phone, day_after), Standing::Expired);
            assert_eq!(
                standing(not_after, phone, datetime!(2026-01-15 02:59 UTC)),
                Standing::Expiring,
            );
        }
    }

    #[test]
    fn a_warning_from_three_months_before() {
        let not_after = datetime!(2027-02-20 00:00 UTC);
        assert_eq!(
            standing(not_after, Token::Card, datetime!(2026-11-19 00:00 UTC)),
            Standing::Valid
        );
        assert_eq!(
            standing(not_after, Token::Card, datetime!(2026-11-25 00:00 UTC)),
            Standing::Expiring
        );
    }
}
