//! The 目視確認 page (staff visual confirmation): staff type 照合番号B from the card in their hand
//! (birth date with its era, the expiry year, the security code under the photo), the kiosk
//! reads the card photo, staff compare it with the person and confirm or not. The photo and
//! the code live in memory only and are wiped when the page is left or the desk locks.

use std::fmt;

use zeroize::Zeroizing;

use super::{DeskEffect, StaffAnswer, StaffUi, audit};
use crate::reception::code_b::{CodeBEntry, CodeBSource};
use crate::store::AuditAction;

/// The card photo decoded for the staff screen (RGB, 3 bytes a pixel). Wiped on drop.
#[derive(Clone, PartialEq, Eq)]
pub struct CardPhoto {
    pub width: u32,
    pub height: u32,
    pub rgb: Zeroizing<Vec<u8>>,
}

impl fmt::Debug for CardPhoto {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "CardPhoto({}x{}, REDACTED)", self.width, self.height)
    }
}

/// Why the card photo could not be shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PhotoProblem {
    /// The digits are not a date in that era, or the expiry year is not 20xx.
    BadCode,
    /// The card refused 照合番号B; this many tries remain on it.
    WrongCode { tries_left: u8 },
    /// 照合番号B has this few tries left (UNCONFIRMED count): the kiosk does not risk locking
    /// the card face; the patient goes to the municipality.
    TooFewTries { tries_left: u8 },
    /// 照合番号B is locked on the card.
    Blocked,
    /// No card in the reader.
    NoCard,
    /// The card has no card face (a smartphone token): 目視確認 needs the physical card.
    NoCardSurface,
    /// The card or its photo could not be read.
    Unreadable,
    /// `[face] issuer_key` is set and the card face is not proven by it (no or a wrong `DF28`,
    /// a CV certificate J-LIS did not sign): the photo may be someone else's.
    CardDataUnproven,
}

impl PhotoProblem {
    pub fn code(self) -> &'static str {
        match self {
            PhotoProblem::BadCode => "bad_code",
            PhotoProblem::WrongCode { .. } => "wrong_code",
            PhotoProblem::TooFewTries { .. } => "too_few_tries",
            PhotoProblem::Blocked => "blocked",
            PhotoProblem::NoCard => "no_card",
            PhotoProblem::NoCardSurface => "no_card_surface",
            PhotoProblem::Unreadable => "unreadable",
            PhotoProblem::CardDataUnproven => "card_data_unproven",
        }
    }
}

/// Where the page is.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum VisualStep {
    /// Typing 照合番号B.
    #[default]
    Code,
    /// The card is being read.
    Reading,
    /// The photo is shown; staff compare.
    Compare(CardPhoto),
    /// The confirmation is with the gateway.
    Sending,
    /// What the gateway (or the cache) answered.
    Done(StaffAnswer),
    /// Staff could not confirm the person: nothing was sent.
    NotConfirmed,
}

/// The 目視確認 form. Wiped with the rest of the desk on lock.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct VisualForm {
    pub code: CodeBEntry,
    pub problem: Option<PhotoProblem>,
    pub step: VisualStep,
}

impl VisualForm {
    /// A digit of 照合番号B, while it is being typed.
    pub fn push(&mut self, digit: u8) {
        if self.step == VisualStep::Code && self.code.push(digit) {
            self.problem = None;
        }
    }

    pub fn pop(&mut self) {
        if self.step == VisualStep::Code {
            self.code.pop();
            self.problem = None;
        }
    }
    /// A touch on the 目視確認 page.
    pub(super) fn touch(&mut self, member: &str, ui: StaffUi) -> Vec<DeskEffect> {
        match (ui, &self.step) {
            (StaffUi::VisualEra(era), VisualStep::Code) => {
                self.code.era = Some(era);
                self.problem = None;
            }
            (StaffUi::VisualDigit(d), _) => self.push(d),
            (StaffUi::VisualBackspace, _) => self.pop(),
            (StaffUi::ReadCardFace, VisualStep::Code) => match self.code.code_b() {
                Some(code) => {
                    self.step = VisualStep::Reading;
                    self.problem = None;
                    return vec![
                        audit(member, AuditAction::StaffVisualReadCard, None),
                        DeskEffect::ReadCardFace(code),
                    ];
                }
                None => self.problem = Some(PhotoProblem::BadCode),
            },
            (StaffUi::VisualVerdict(true), VisualStep::Compare(_)) => {
                self.step = VisualStep::Sending;
                return vec![
                    audit(member, AuditAction::StaffVisualConfirmed, None),
                    DeskEffect::ConfirmVisual {
                        member: member.to_owned(),
                    },
                ];
            }
            (StaffUi::VisualVerdict(false), VisualStep::Compare(_)) => {
                self.step = VisualStep::NotConfirmed;
                return vec![
                    audit(member, AuditAction::StaffVisualNotConfirmed, None),
                    DeskEffect::ForgetCardFace,
                ];
            }
            (
                StaffUi::VisualAgain,
                VisualStep::Compare(_) | VisualStep::Done(_) | VisualStep::NotConfirmed,
            ) => {
                *self = VisualForm::default();
                return vec![DeskEffect::ForgetCardFace];
            }
            _ => {}
        }
        vec![]
    }

    /// The card read for 目視確認: the photo to compare, or why not (the code stays to correct).
    pub(super) fn photo_read(
        &mut self,
        member: &str,
        read: Result<CardPhoto, PhotoProblem>,
    ) -> Vec<DeskEffect> {
        if self.step != VisualStep::Reading {
            return vec![];
        }
        match read {
            Ok(photo) => {
                // The code has done its work: only the photo stays.
                *self = VisualForm::default();
                self.step = VisualStep::Compare(photo);
                vec![]
            }
            Err(problem) => {
                self.step = VisualStep::Code;
                self.problem = Some(problem);
                let detail = serde_json::json!({ "problem": problem.code() });
                vec![audit(
                    member,
                    AuditAction::StaffVisualCardProblem,
                    Some(detail),
                )]
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_photo_is_redacted_in_debug() {
        let photo = CardPhoto {
            width: 2,
            height: 1,
            rgb: Zeroizing::new(vec![7; 6]),
        };
        assert_eq!(format!("{photo:?}"), "CardPhoto(2x1, REDACTED)");
    }
}
