//! The number-query page's form: the insurance numbers staff type from the document the patient
//! shows (資格確認書, 資格情報のお知らせ, the マイナポータル screen, an old card during the
//! transitional measure), sent as an `insurance_number` query. Pure, like the rest of the desk.

use time::Date;

use crate::eligibility::number_form::{self, TypedNumbers};
use crate::eligibility::requests::{QualificationConfirmSearchInfo, SearchInfoError};
use crate::store::AuditAction;

use super::{DeskEffect, StaffAnswer, StaffUi, audit};

/// A text field of the form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NumberField {
    InsurerNumber,
    Symbol,
    Number,
    Branch,
    BirthDate,
}

impl NumberField {
    pub const ALL: [NumberField; 5] = [
        NumberField::InsurerNumber,
        NumberField::Symbol,
        NumberField::Number,
        NumberField::Branch,
        NumberField::BirthDate,
    ];

    /// The query's field name (as in [`SearchInfoError::field`]).
    pub fn query_field(self) -> &'static str {
        match self {
            NumberField::InsurerNumber => "insurer_number",
            NumberField::Symbol => "insured_card_symbol",
            NumberField::Number => "insured_identification_number",
            NumberField::Branch => "insured_branch_number",
            NumberField::BirthDate => "birthdate",
        }
    }
}

/// What staff typed, and what came back. Wiped with the rest of the desk on lock.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NumberForm {
    texts: [String; 5],
    /// The patient consents to 限度額 information being given.
    pub limit_consent: bool,
    /// Why the typed numbers are not a query (shown next to the field).
    pub error: Option<SearchInfoError>,
    /// Sent; waiting for the answer.
    pub waiting: bool,
    pub answer: Option<StaffAnswer>,
}

impl NumberForm {
    pub fn text(&self, field: NumberField) -> &str {
        &self.texts[field as usize]
    }

    /// Replaces a field's text (cut at [`number_form::FIELD_MAX_CHARS`]); the last answer no longer applies.
    pub fn set(&mut self, field: NumberField, text: &str) {
        self.texts[field as usize] = number_form::keep(text);
        self.error = None;
        self.answer = None;
    }

    /// The birth date typed as `YYYY-MM-DD` or `YYYYMMDD` (Gregorian).
    pub fn birth_date(&self) -> Option<Date> {
        number_form::birth_date(self.text(NumberField::BirthDate))
    }

    /// The query, or the first field that is not right (read as the staff console reads it:
    /// [`number_form`]).
    pub fn search_info(&self) -> Result<QualificationConfirmSearchInfo, SearchInfoError> {
        TypedNumbers {
            insurer_number: self.text(NumberField::InsurerNumber),
            insured_card_symbol: self.text(NumberField::Symbol),
            insured_identification_number: self.text(NumberField::Number),
            insured_branch_number: self.text(NumberField::Branch),
            birthdate: self.text(NumberField::BirthDate),
            limit_consent: self.limit_consent,
        }
        .search_info()
    }

    /// A touch on the number-query page (one query at a time).
    pub(super) fn touch(&mut self, member: &str, ui: StaffUi) -> Vec<DeskEffect> {
        if self.waiting {
            return vec![];
        }
        match ui {
            StaffUi::NumberText(field, text) => self.set(field, &text),
            StaffUi::LimitConsent(consent) => {
                self.limit_consent = consent;
                self.answer = None;
            }
            StaffUi::SendNumbers => match self.search_info() {
                Ok(info) => {
                    self.waiting = true;
                    self.answer = None;
                    // Codes only: the numbers themselves never reach the audit log.
                    let detail = serde_json::json!({ "limit_consent": self.limit_consent });
                    return vec![
                        audit(member, AuditAction::StaffNumberQuery, Some(detail)),
                        DeskEffect::QueryNumbers(info),
                    ];
                }
                Err(error) => self.error = Some(error),
            },
            _ => {}
        }
        vec![]
    }
}
