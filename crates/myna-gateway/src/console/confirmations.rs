//! Today's confirmations across kiosks, from the gateway's `confirmations` table: the filter
//! (a day in Japan, a time range in it, a kiosk) and the rows staff see.

use rusqlite::params;
use serde::{Deserialize, Serialize};
use time::macros::format_description;
use time::{Date, Duration, OffsetDateTime, PrimitiveDateTime, Time};

use crate::Error;
use crate::store::Store;
use myna_protocol::device_key::format_time;
use myna_protocol::protocol::ConfirmationResult;
use myna_protocol::text::JST;

/// Rows shown at most; more are counted as truncated.
pub const MAX_ROWS: usize = 500;

/// The filter as the GET form sends it (every field optional: an empty form is today).
#[derive(Debug, Default, Deserialize)]
pub struct FilterForm {
    pub date: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub kiosk: Option<String>,
}

/// A checked filter: `[from, to)` in UTC, and a kiosk or all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Filter {
    pub date: Date,
    pub from: Time,
    pub to: Time,
    pub kiosk: Option<String>,
}

/// What is wrong with a filter (a message id).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FilterError {
    Date,
    Time,
    Range,
    Kiosk,
}

impl FilterError {
    pub fn message_id(self) -> &'static str {
        match self {
            FilterError::Date => "filter-bad-date",
            FilterError::Time => "filter-bad-time",
            FilterError::Range => "filter-bad-range",
            FilterError::Kiosk => "filter-bad-kiosk",
        }
    }
}

fn nonempty(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

impl Filter {
    /// Today in Japan, the whole day, every kiosk.
    pub fn today(now: OffsetDateTime) -> Self {
        Filter {
            date: now.to_offset(JST).date(),
            from: Time::MIDNIGHT,
            to: Time::MIDNIGHT,
            kiosk: None,
        }
    }

    /// The form's filter; an absent field keeps today's value. `to` of 00:00 is the day's end.
    pub fn parse(form: &FilterForm, now: OffsetDateTime) -> Result<Self, FilterError> {
        let mut filter = Filter::today(now);
        if let Some(date) = nonempty(&form.date) {
            filter.date = Date::parse(date, format_description!("[year]-[month]-[day]"))
                .ok()
                // Years a confirmation can have; at the edges of `time`'s range the day's end
                // would be out of range.
                .filter(|d| (2000..=2100).contains(&d.year()))
                .ok_or(FilterError::Date)?;
        }
        let time = |text: &str| {
            Time::parse(text, format_description!("[hour]:[minute]")).map_err(|_| FilterError::Time)
        };
        if let Some(from) = nonempty(&form.from) {
            filter.from = time(from)?;
        }
        if let Some(to) = nonempty(&form.to) {
            filter.to = time(to)?;
        }
        if filter.to != Time::MIDNIGHT && filter.from >= filter.to {
            return Err(FilterError::Range);
        }
        if let Some(kiosk) = nonempty(&form.kiosk) {
            if kiosk.chars().count() > 64 || kiosk.chars().any(char::is_control) {
                return Err(FilterError::Kiosk);
            }
            filter.kiosk = Some(kiosk.to_string());
        }
        Ok(filter)
    }

    /// The range's start and end as instants.
    pub fn instants(&self) -> (OffsetDateTime, OffsetDateTime) {
        let start = PrimitiveDateTime::new(self.date, self.from).assume_offset(JST);
        let end = if self.to == Time::MIDNIGHT {
            PrimitiveDateTime::new(self.date, Time::MIDNIGHT).assume_offset(JST) + Duration::DAY
        } else {
            PrimitiveDateTime::new(self.date, self.to).assume_offset(JST)
        };
        (start, end)
    }

    /// For the form's fields: (date, from, to) as typed.
    pub fn fields(&self) -> (String, String, String) {
        let hm = |t: Time| format!("{:02}:{:02}", t.hour(), t.minute());
        let to = if self.to == Time::MIDNIGHT {
            String::new()
        } else {
            hm(self.to)
        };
        let from = if self.from == Time::MIDNIGHT {
            String::new()
        } else {
            hm(self.from)
        };
        (self.date.to_string(), from, to)
    }
}

/// One person of one confirmation, as staff need them.
#[derive(Debug, Clone, Serialize)]
pub struct Person {
    pub name: String,
    pub name_kana: String,
    pub insurer_number: String,
    /// 記号・番号・枝番 as printed on the card: `記号・番号（枝番）`.
    pub numbers: String,
}

/// One confirmation row.
#[derive(Debug, Clone, Serialize)]
pub struct Row {
    /// The time in Japan, `HH:MM:SS`.
    pub time: String,
    pub kiosk: String,
    pub method: String,
    pub assurance: String,
    pub validity: String,
    pub persons: Vec<Person>,
}

/// The rows of a filter, newest first, at most [`MAX_ROWS`]; and whether there were more.
pub fn query(store: &Store, filter: &Filter) -> Result<(Vec<Row>, bool), Error> {
    let (start, end) = filter.instants();
    let conn = store.conn()?;
    let mut statement = conn.prepare_cached(
        "SELECT processed_at, kiosk_id, method, assurance, qualification_validity, result_json
         FROM confirmations
         WHERE julianday(processed_at) >= julianday(?1) AND julianday(processed_at) < julianday(?2)
           AND (?3 IS NULL OR kiosk_id = ?3)
         ORDER BY julianday(processed_at) DESC, request_id
         LIMIT ?4",
    )?;
    let limit = i64::try_from(MAX_ROWS + 1).unwrap_or(i64::MAX);
    let rows = statement.query_map(
        params![format_time(start), format_time(end), filter.kiosk, limit],
        |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, Option<String>>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, String>(5)?,
            ))
        },
    )?;
    let mut out = Vec::new();
    for row in rows {
        let (processed_at, kiosk, method, assurance, validity, json) = row?;
        let result: ConfirmationResult =
            serde_json::from_str(&json).map_err(|e| Error::Internal(e.to_string()))?;
        let time = OffsetDateTime::parse(
            &processed_at,
            &time::format_description::well_known::Rfc3339,
        )
        .map(|t| {
            let t = t.to_offset(JST);
            format!("{:02}:{:02}:{:02}", t.hour(), t.minute(), t.second())
        })
        .unwrap_or(processed_at);
        let persons = result
            .results
            .iter()
            .map(|p| {
                let mut numbers = match &p.insured_card_symbol {
                    Some(symbol) => format!("{symbol}・{}", p.insured_identification_number),
                    None => p.insured_identification_number.clone(),
                };
                if let Some(branch) = &p.insured_branch_number {
                    numbers.push_str(&format!("（{branch}）"));
                }
                Person {
                    name: p.name.clone(),
                    name_kana: p.name_kana.clone(),
                    insurer_number: p.insurer_number.clone(),
                    numbers,
                }
            })
            .collect();
        out.push(Row {
            time,
            kiosk,
            method,
            assurance: assurance.unwrap_or_default(),
            validity,
            persons,
        });
    }
    let truncated = out.len() > MAX_ROWS;
    out.truncate(MAX_ROWS);
    Ok((out, truncated))
}

/// Every kiosk that is registered or has a confirmation, sorted, for the filter's choices.
pub fn kiosks(store: &Store, registered: Vec<String>) -> Result<Vec<String>, Error> {
    let conn = store.conn()?;
    let mut statement = conn.prepare_cached("SELECT DISTINCT kiosk_id FROM confirmations")?;
    let mut all: std::collections::BTreeSet<String> = registered.into_iter().collect();
    for id in statement.query_map([], |r| r.get::<_, String>(0))? {
        all.insert(id?);
    }
    Ok(all.into_iter().collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    fn form(date: &str, from: &str, to: &str, kiosk: &str) -> FilterForm {
        let some = |s: &str| Some(s.to_string());
        FilterForm {
            date: some(date),
            from: some(from),
            to: some(to),
            kiosk: some(kiosk),
        }
    }

    #[test]
    fn the_filter_is_a_day_in_japan() {
        // 2026-12-02 23:30 UTC is 2026-12-03 08:30 in Japan.
        let now = datetime!(2026-12-02 23:30 UTC);
        let today = Filter::parse(&FilterForm::default(), now).unwrap();
        assert_eq!(today.date.to_string(), "2026-12-03");
        let (start, end) = today.instants();
        assert_eq!(format_time(start), "2026-12-02T15:00:00Z");
        assert_eq!(format_time(end), "2026-12-03T15:00:00Z");
        let morning = Filter::parse(&form("2026-12-01", "09:00", "12:30", " k1 "), now).unwrap();
        let (start, end) = morning.instants();
        assert_eq!(format_time(start), "2026-12-01T00:00:00Z");
        assert_eq!(format_time(end), "2026-12-01T03:30:00Z");
        assert_eq!(morning.kiosk.as_deref(), Some("k1"));
        assert_eq!(
            morning.fields(),
            ("2026-12-01".into(), "09:00".into(), "12:30".into())
        );
        for (bad, why) in [
            (form("2026-13-01", "", "", ""), FilterError::Date),
            (form("yesterday", "", "", ""), FilterError::Date),
            // The day after would be out of `time`'s range (it panicked).
            (form("9999-12-31", "", "", ""), FilterError::Date),
            (form("1999-12-31", "", "", ""), FilterError::Date),
            (form("", "9時", "", ""), FilterError::Time),
            (form("", "25:00", "", ""), FilterError::Time),
            (form("", "12:00", "09:00", ""), FilterError::Range),
            (form("", "", "", "k\n1"), FilterError::Kiosk),
        ] {
            assert_eq!(Filter::parse(&bad, now), Err(why), "{bad:?}");
        }
    }
}
