//! The documents page's form: what staff entered about the document the patient shows, and the
//! date stepper. Pure, like the rest of the desk.

use time::{Date, Month};

use super::StaffUi;
use crate::reception::documents::{self, Decision, DocumentFacts, DocumentKind, Fact};

/// The part of a date a stepper button changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DatePart {
    Year,
    Month,
    Day,
}

/// What staff entered on the documents page. Wiped with the rest on lock.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DocumentForm {
    /// The visit date the rules are applied to (Japan time, from the worker).
    pub visit_date: Option<Date>,
    pub kind: Option<DocumentKind>,
    pub facts: DocumentFacts,
    /// The decision shown was written to the audit log (cleared by any change).
    pub recorded: bool,
}

impl DocumentForm {
    /// The decision for the visit date, once the date is known and a document chosen.
    pub fn decision(&self) -> Option<Decision> {
        Some(documents::decide(self.visit_date?, self.kind?, &self.facts))
    }

    /// The basis of the dated rule that decides, if one does (in Japanese and English).
    pub fn basis(&self) -> Option<documents::Basis> {
        documents::rule_in_force(self.visit_date?, self.kind?, &self.facts).map(|r| r.basis)
    }

    fn date_mut(&mut self, fact: Fact) -> Option<&mut Option<Date>> {
        match fact {
            Fact::DocumentExpiry => Some(&mut self.facts.document_expiry),
            Fact::OldCardValidUntil => Some(&mut self.facts.old_card_valid_until),
            Fact::CardPresent => None,
        }
    }

    /// Applies one touch; returns whether it changed a fact.
    pub(super) fn touch(&mut self, ui: StaffUi) -> bool {
        let visit = self.visit_date;
        match ui {
            StaffUi::Document(kind) => {
                self.kind = Some(kind);
                self.facts = DocumentFacts::default();
            }
            StaffUi::CardPresent(present) => self.facts.card_present = present,
            StaffUi::SetDate(fact) => match (self.date_mut(fact), visit) {
                (Some(date), Some(visit)) => *date = Some(date.unwrap_or(visit)),
                _ => return false,
            },
            StaffUi::ClearDate(fact) => match self.date_mut(fact) {
                Some(date) => *date = None,
                None => return false,
            },
            StaffUi::StepDate { fact, part, up } => match self.date_mut(fact) {
                Some(Some(date)) => *date = step_date(*date, part, up),
                _ => return false,
            },
            _ => return false,
        }
        self.recorded = false;
        true
    }
}

/// `date` one year, month or day later (`up`) or earlier; the day is kept within the month.
pub fn step_date(date: Date, part: DatePart, up: bool) -> Date {
    let (year, month, day) = (date.year(), date.month(), date.day());
    let with = |year: i32, month: Month| {
        let day = day.min(month.length(year));
        Date::from_calendar_date(year, month, day).unwrap_or(date)
    };
    match (part, up) {
        (DatePart::Year, true) => with(year + 1, month),
        (DatePart::Year, false) => with(year - 1, month),
        (DatePart::Month, true) if month == Month::December => with(year + 1, Month::January),
        (DatePart::Month, true) => with(year, month.next()),
        (DatePart::Month, false) if month == Month::January => with(year - 1, Month::December),
        (DatePart::Month, false) => with(year, month.previous()),
        (DatePart::Day, true) => date.next_day().unwrap_or(date),
        (DatePart::Day, false) => date.previous_day().unwrap_or(date),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_stepper_keeps_days_in_their_month() {
        use time::macros::date;
        let step = step_date;
        assert_eq!(
            step(date!(2024 - 02 - 29), DatePart::Year, true),
            date!(2025 - 02 - 28)
        );
        assert_eq!(
            step(date!(2026 - 01 - 31), DatePart::Month, true),
            date!(2026 - 02 - 28)
        );
        assert_eq!(
            step(date!(2026 - 12 - 15), DatePart::Month, true),
            date!(2027 - 01 - 15)
        );
        assert_eq!(
            step(date!(2026 - 01 - 15), DatePart::Month, false),
            date!(2025 - 12 - 15)
        );
        assert_eq!(
            step(date!(2026 - 03 - 01), DatePart::Day, false),
            date!(2026 - 02 - 28)
        );
    }
}
