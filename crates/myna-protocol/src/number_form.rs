//! The insurance-number query as staff type it from a document (資格確認書, 資格情報のお知らせ,
//! the マイナポータル screen, an old card): the same reading of the typed texts on the kiosk's
//! desk and in the gateway's staff console, so that both accept and refuse the same input.
//! Spaces at either end are dropped; an empty 記号 or 枝番 is "not on the document"; the birth
//! date is Gregorian, `YYYY-MM-DD` or `YYYYMMDD`; then [`QualificationConfirmSearchInfo::validate`]
//! (the insurer number's 検証番号 among its rules).

use time::Date;
use time::macros::format_description;

use crate::requests::{QualificationConfirmSearchInfo, SearchInfoError};

/// Longest text a field keeps (the query allows 20 characters; a birth date 10).
pub const FIELD_MAX_CHARS: usize = 20;

/// `text` cut at [`FIELD_MAX_CHARS`] characters, as a field keeps it.
pub fn keep(text: &str) -> String {
    text.chars().take(FIELD_MAX_CHARS).collect()
}

/// The birth date typed as `YYYY-MM-DD` or `YYYYMMDD` (Gregorian).
pub fn birth_date(text: &str) -> Option<Date> {
    let text = text.trim();
    let dashed = format_description!("[year]-[month]-[day]");
    let plain = format_description!("[year][month][day]");
    Date::parse(text, dashed)
        .or_else(|_| Date::parse(text, plain))
        .ok()
}

/// What staff typed, field by field.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TypedNumbers<'a> {
    pub insurer_number: &'a str,
    /// 記号: kanji and full-width characters are kept as typed.
    pub insured_card_symbol: &'a str,
    pub insured_identification_number: &'a str,
    pub insured_branch_number: &'a str,
    pub birthdate: &'a str,
    /// The patient consents to 限度額 information being given.
    pub limit_consent: bool,
}

impl TypedNumbers<'_> {
    /// The query, or the first field that is not right.
    pub fn search_info(&self) -> Result<QualificationConfirmSearchInfo, SearchInfoError> {
        let optional = |text: &str| {
            let text = text.trim();
            (!text.is_empty()).then(|| text.to_string())
        };
        let birthdate = birth_date(self.birthdate).ok_or(SearchInfoError {
            field: "birthdate",
            rule: "a date YYYY-MM-DD",
        })?;
        let info = QualificationConfirmSearchInfo {
            insurer_number: self.insurer_number.trim().to_string(),
            insured_card_symbol: optional(self.insured_card_symbol),
            insured_identification_number: self.insured_identification_number.trim().to_string(),
            insured_branch_number: optional(self.insured_branch_number),
            birthdate: birthdate.to_string(),
            limit_application_certificate_related_cons_flg: if self.limit_consent {
                "1"
            } else {
                "0"
            }
            .into(),
        };
        info.validate()?;
        Ok(info)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed<'a>(insurer: &'a str, symbol: &'a str, birth: &'a str) -> TypedNumbers<'a> {
        TypedNumbers {
            insurer_number: insurer,
            insured_card_symbol: symbol,
            insured_identification_number: " 1234 ",
            insured_branch_number: "",
            birthdate: birth,
            limit_consent: true,
        }
    }

    #[test]
    fn typed_texts_become_the_query() {
        let info = typed("01130012", "　愛知　", "19800217")
            .search_info()
            .unwrap();
        // Full-width spaces at either end are spaces too; the kanji stay.
        assert_eq!(info.insured_card_symbol.as_deref(), Some("愛知"));
        assert_eq!(info.insured_identification_number, "1234");
        assert_eq!(info.insured_branch_number, None);
        assert_eq!(info.birthdate, "1980-02-17");
        assert!(info.limit_consent());
        let info = typed("01130012", "", "1980-02-17").search_info().unwrap();
        assert_eq!(info.insured_card_symbol, None);
        let wrong = typed("01130013", "", "1980-02-17")
            .search_info()
            .unwrap_err();
        assert!(wrong.is_check_digit(), "{wrong}");
        let wrong = typed("01130012", "", "1980-02-30")
            .search_info()
            .unwrap_err();
        assert_eq!(wrong.field, "birthdate");
        assert_eq!(keep(&"記".repeat(30)).chars().count(), FIELD_MAX_CHARS);
    }
}
