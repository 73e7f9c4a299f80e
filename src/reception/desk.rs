//! The staff desk (issue 6): a second pure state machine beside the patient [`super::flow`].
//! Staff open it from any patient screen, sign in with their own staff PIN, and see the cases
//! the kiosk could not settle (with the reason and the next step the rules allow), today's
//! visits and the outbox, query by the insurance numbers on a document, and confirm a patient
//! by comparing the card photo with the person (目視確認); an admin also unlocks members locked
//! out ([`unlock`]). Signing out, or leaving it alone for the configured time, locks it and
//! drops every list from the screen.
//!
//! Like the flow it does no I/O: it returns [`DeskEffect`]s (verify a staff PIN, load a list,
//! retry the outbox, write an audit row) that the worker runs.

use time::{Date, OffsetDateTime};
use zeroize::Zeroizing;

use super::documents::{Decision, DocumentKind, Fact};
use super::staff_auth::Role;
use crate::card::VerificationCodeB;
use crate::eligibility::protocol::ErrorCode;
use crate::eligibility::requests::QualificationConfirmSearchInfo;
use crate::store::AuditAction;
use crate::wareki::Era;

mod form;
mod numbers;
mod pin;
mod reason;
mod unlock;
mod view;
mod visual;

pub use form::{DatePart, DocumentForm, step_date};
pub use numbers::{NumberField, NumberForm};
pub use pin::StaffPin;
pub use reason::{Case, FaceOff, ReplayRefusal, StaffReason};
pub use unlock::{LockedMember, UnlockForm};
pub use view::{
    Health, KeyStanding, LoginMessage, OutboxRow, QueryProblem, StaffAnswer, StaffScreen,
    StaffView, Standing, VisitRow,
};
pub use visual::{CardPhoto, PhotoProblem, VisualForm, VisualStep};

/// Staff PINs are digits only (the touch keypad), 6 to 12 of them.
pub const STAFF_PIN_MIN: usize = 6;
pub const STAFF_PIN_MAX: usize = 12;
/// Cases kept for staff (the oldest are dropped first; they hold no personal data).
const MAX_CASES: usize = 50;

/// The staff screens' language: Japanese, English available (issue 7).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum StaffLanguage {
    #[default]
    Japanese,
    English,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum StaffPage {
    #[default]
    Cases,
    Today,
    Outbox,
    /// What the patient shows instead of a settled card visit, and what the rules allow.
    Documents,
    /// A query by the insurance numbers on a document.
    Numbers,
    /// 目視確認: the card photo compared with the person.
    Visual,
    /// The members locked out, to unlock (admins only).
    Unlock,
}

/// What staff touched or typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StaffUi {
    Open,
    /// Back to the patient screen (locks the desk).
    Close,
    SelectMember(usize),
    Digit(u8),
    Backspace,
    Submit,
    Page(StaffPage),
    RetryOutbox,
    CaseDone(u32),
    Language(StaffLanguage),
    /// The document the patient shows (starts its facts afresh).
    Document(DocumentKind),
    /// Staff saw (or did not see) the patient's My Number Card.
    CardPresent(bool),
    /// Start entering a date fact, at the visit date.
    SetDate(Fact),
    /// The date fact is not printed on the document.
    ClearDate(Fact),
    /// One step (+1 or -1) of a date fact's year, month or day.
    StepDate {
        fact: Fact,
        part: DatePart,
        up: bool,
    },
    /// Write the decision shown to the audit log.
    RecordDocument,
    /// A number-query field's whole text after an edit.
    NumberText(NumberField, String),
    /// The patient consents (or not) to 限度額 information.
    LimitConsent(bool),
    /// Send the number query.
    SendNumbers,
    /// 目視確認: the era of the birth date printed on the card.
    VisualEra(Era),
    VisualDigit(u8),
    VisualBackspace,
    /// Read the card photo with the 照合番号B typed.
    ReadCardFace,
    /// Staff compared the photo with the person: the same person (`true`) or not.
    VisualVerdict(bool),
    /// Start 目視確認 again (the photo is dropped).
    VisualAgain,
    /// Unlock this member (an admin on the unlock page).
    Unlock(String),
}

/// How a staff PIN check ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoginResult {
    Accepted,
    /// Wrong PIN; this many more tries before the member is locked out.
    Wrong {
        tries_left: u32,
    },
    /// Too many wrong PINs: no check for this many more minutes (rounded up).
    LockedOut {
        minutes: u32,
    },
    /// Locked out too many times in a row: only an admin can unlock this member
    /// (`myna-kiosk staff unlock NAME`, or an admin signed in at the desk: [`StaffPage::Unlock`]).
    NeedsAdmin,
    /// The PIN could not be checked (store unreadable, member removed).
    Unavailable,
}

/// What the worker reports back to the desk.
#[derive(Debug)]
pub enum DeskEvent {
    Ui(StaffUi),
    /// The flow sent a patient to staff.
    Referred {
        reason: StaffReason,
        at: OffsetDateTime,
    },
    Members(Vec<String>),
    Login {
        member: String,
        result: LoginResult,
        /// The member's role (meaningful when the PIN was accepted).
        role: Role,
    },
    Today(Result<Vec<VisitRow>, String>),
    Outbox(Result<Vec<OutboxRow>, String>),
    Retried {
        sent: usize,
    },
    /// Left alone for the configured time while open.
    IdleTimeout,
    /// Today's date in Japan time, for the documents page's decision.
    VisitDate(Date),
    /// What staff should know about this kiosk (sent once at start).
    FaceOff(Option<FaceOff>),
    /// Face is on but 照合番号B is typed: the card-front OCR model could not be loaded (sent
    /// once at start).
    CardFrontOff(bool),
    /// The health line ([`DeskEffect::LoadHealth`]).
    Health(Health),
    /// The answer to [`DeskEffect::QueryNumbers`].
    NumberAnswer(StaffAnswer),
    /// The card photo read for 目視確認, or why not.
    CardFace(Result<CardPhoto, PhotoProblem>),
    /// The answer to [`DeskEffect::ConfirmVisual`].
    VisualAnswer(StaffAnswer),
    /// The visits refused on replay that staff have not settled ([`DeskEffect::LoadRefusals`]):
    /// each one not yet a case becomes one.
    Refusals(Vec<ReplayRefusal>),
    /// The members locked out now ([`DeskEffect::LoadLocked`]).
    Locked(Result<Vec<LockedMember>, String>),
    /// The answer to [`DeskEffect::Unlock`]: the member unlocked, or why not.
    Unlocked(Result<String, String>),
}

/// Requests to the worker.
#[derive(Debug)]
pub enum DeskEffect {
    LoadMembers,
    VerifyPin {
        member: String,
        pin: StaffPin,
    },
    LoadToday,
    LoadOutbox,
    /// Today's date in Japan time ([`DeskEvent::VisitDate`]).
    LoadVisitDate,
    RetryOutbox,
    /// An audit row in the signed-in member's name (`actor`).
    Audit {
        actor: String,
        action: AuditAction,
        detail: serde_json::Value,
    },
    /// Alert staff (the configured sound or pager command).
    CallStaff(StaffReason),
    /// An `insurance_number` query ([`DeskEvent::NumberAnswer`]).
    QueryNumbers(QualificationConfirmSearchInfo),
    /// Read the card face with 照合番号B, and the auth certificate ([`DeskEvent::CardFace`]).
    ReadCardFace(VerificationCodeB),
    /// Send the staff visual confirmation of the certificate read with the photo, signed in
    /// `member`'s name ([`DeskEvent::VisualAnswer`]).
    ConfirmVisual {
        member: String,
    },
    /// Drop the certificate read for 目視確認.
    ForgetCardFace,
    /// The health line ([`DeskEvent::Health`]).
    LoadHealth,
    /// The visits refused on replay, not settled yet ([`DeskEvent::Refusals`]).
    LoadRefusals,
    /// Staff marked the case of a visit refused on replay done: the visit is settled, in
    /// `actor`'s name.
    SettleRefusal {
        actor: String,
        visit: i64,
    },
    /// The members locked out now ([`DeskEvent::Locked`]).
    LoadLocked,
    /// Clear `member`'s lock-out and audit it in the admin `actor`'s name, as
    /// `myna-kiosk staff unlock` does ([`DeskEvent::Unlocked`]).
    Unlock {
        actor: String,
        member: String,
    },
}

#[derive(Debug, Default)]
enum State {
    #[default]
    Locked,
    Login {
        selected: Option<usize>,
        pin: StaffPin,
        message: Option<LoginMessage>,
    },
    Open {
        member: String,
        /// Signed in with the admin role: the unlock page is open to them.
        admin: bool,
        page: StaffPage,
        today: Option<Result<Vec<VisitRow>, String>>,
        outbox: Option<Result<Vec<OutboxRow>, String>>,
        retried: Option<usize>,
        documents: DocumentForm,
        numbers: Box<NumberForm>,
        visual: Box<VisualForm>,
        unlock: Box<UnlockForm>,
    },
}

/// The staff desk: its state, the members who can sign in, and the cases waiting.
#[derive(Debug, Default)]
pub struct Desk {
    state: State,
    members: Vec<String>,
    cases: Vec<Case>,
    next_case: u32,
    language: StaffLanguage,
    face_off: Option<FaceOff>,
    card_front_off: bool,
    /// Shown while signed in; dropped on lock.
    health: Option<Health>,
}

impl Desk {
    /// Whether a staff screen (sign-in or signed in) is showing.
    pub fn is_showing(&self) -> bool {
        !matches!(self.state, State::Locked)
    }

    /// Whether a member is signed in (the idle auto-lock applies).
    pub fn is_open(&self) -> bool {
        matches!(self.state, State::Open { .. })
    }

    pub fn cases(&self) -> &[Case] {
        &self.cases
    }

    pub fn step(&mut self, event: DeskEvent) -> Vec<DeskEffect> {
        let state = std::mem::take(&mut self.state);
        let (state, effects) = self.next(state, event);
        self.state = state;
        effects
    }

    fn next(&mut self, state: State, event: DeskEvent) -> (State, Vec<DeskEffect>) {
        use DeskEvent as E;
        match (state, event) {
            (state, E::Referred { reason, at }) => {
                self.refer(reason, at);
                (state, vec![DeskEffect::CallStaff(reason)])
            }
            (state, E::Refusals(refusals)) => {
                let mut effects = vec![];
                for refusal in refusals {
                    let reason = StaffReason::RefusedOnReplay {
                        code: refusal.code,
                        visit: refusal.visit,
                    };
                    let known = self.cases.iter().any(|c| match c.reason {
                        StaffReason::RefusedOnReplay { visit, .. } => visit == refusal.visit,
                        _ => false,
                    });
                    if !known {
                        self.refer(reason, refusal.at);
                        effects.push(DeskEffect::CallStaff(reason));
                    }
                }
                (state, effects)
            }
            (state, E::Members(members)) => {
                self.members = members;
                (state, vec![])
            }
            (state, E::FaceOff(reason)) => {
                self.face_off = reason;
                (state, vec![])
            }
            (state, E::CardFrontOff(off)) => {
                self.card_front_off = off;
                (state, vec![])
            }
            (state @ State::Open { .. }, E::Health(health)) => {
                self.health = Some(health);
                (state, vec![])
            }
            (state, E::Ui(StaffUi::Language(language))) => {
                self.language = language;
                (state, vec![])
            }
            (State::Locked, E::Ui(StaffUi::Open)) => (
                State::Login {
                    selected: None,
                    pin: StaffPin::default(),
                    message: None,
                },
                vec![DeskEffect::LoadMembers],
            ),
            (State::Open { member, .. }, E::Ui(StaffUi::Close)) => {
                self.language = StaffLanguage::default();
                self.health = None;
                (State::Locked, lock(&member, AuditAction::StaffSignOut))
            }
            (State::Open { member, .. }, E::IdleTimeout) => {
                self.language = StaffLanguage::default();
                self.health = None;
                (State::Locked, lock(&member, AuditAction::StaffAutoLock))
            }
            (_, E::Ui(StaffUi::Close) | E::IdleTimeout) => {
                self.language = StaffLanguage::default();
                (State::Locked, vec![])
            }
            (
                State::Login {
                    selected,
                    pin,
                    message,
                },
                E::Ui(ui),
            ) => self.login(selected, pin, message, ui),
            (
                State::Login {
                    selected: Some(i),
                    pin,
                    ..
                },
                E::Login {
                    member,
                    result,
                    role,
                },
            ) if self.members.get(i) == Some(&member) => {
                if result == LoginResult::Accepted {
                    drop(pin);
                    (
                        State::Open {
                            member: member.clone(),
                            admin: role == Role::Admin,
                            page: StaffPage::Cases,
                            today: None,
                            outbox: None,
                            retried: None,
                            documents: DocumentForm::default(),
                            numbers: Box::default(),
                            visual: Box::default(),
                            unlock: Box::default(),
                        },
                        vec![DeskEffect::LoadHealth],
                    )
                } else {
                    (
                        State::Login {
                            selected: Some(i),
                            pin: StaffPin::default(),
                            message: Some(LoginMessage::Result(result)),
                        },
                        vec![],
                    )
                }
            }
            (state @ State::Open { .. }, event) => self.open(state, event),
            (state, _) => (state, vec![]),
        }
    }

    fn refer(&mut self, reason: StaffReason, at: OffsetDateTime) {
        self.next_case = self.next_case.wrapping_add(1);
        self.cases.push(Case {
            id: self.next_case,
            at,
            reason,
        });
        if self.cases.len() > MAX_CASES {
            self.cases.remove(0);
        }
    }

    fn login(
        &mut self,
        selected: Option<usize>,
        mut pin: StaffPin,
        mut message: Option<LoginMessage>,
        ui: StaffUi,
    ) -> (State, Vec<DeskEffect>) {
        let waiting = message == Some(LoginMessage::Checking);
        match ui {
            StaffUi::SelectMember(i) if i < self.members.len() && !waiting => {
                return (
                    State::Login {
                        selected: Some(i),
                        pin: StaffPin::default(),
                        message: None,
                    },
                    vec![],
                );
            }
            StaffUi::Digit(d) if d < 10 && pin.len() < STAFF_PIN_MAX && !waiting => {
                pin.push_digit(d);
            }
            StaffUi::Backspace if !waiting => {
                pin.0.pop();
            }
            StaffUi::Submit if !waiting && pin.len() >= STAFF_PIN_MIN => {
                match selected.and_then(|i| self.members.get(i)) {
                    Some(member) => {
                        let effect = DeskEffect::VerifyPin {
                            member: member.clone(),
                            pin: std::mem::take(&mut pin),
                        };
                        return (
                            State::Login {
                                selected,
                                pin,
                                message: Some(LoginMessage::Checking),
                            },
                            vec![effect],
                        );
                    }
                    None if self.members.is_empty() => message = Some(LoginMessage::NoMembers),
                    None => {}
                }
            }
            _ => {}
        }
        if self.members.is_empty() && message.is_none() {
            message = Some(LoginMessage::NoMembers);
        }
        (
            State::Login {
                selected,
                pin,
                message,
            },
            vec![],
        )
    }

    fn open(&mut self, state: State, event: DeskEvent) -> (State, Vec<DeskEffect>) {
        let State::Open {
            member,
            admin,
            mut page,
            mut today,
            mut outbox,
            mut retried,
            mut documents,
            mut numbers,
            mut visual,
            mut unlock,
        } = state
        else {
            return (state, vec![]);
        };
        let mut effects = vec![];
        match event {
            // Not an admin: the page is not shown, and asking for it does nothing.
            DeskEvent::Ui(StaffUi::Page(StaffPage::Unlock)) if !admin => {}
            DeskEvent::Ui(StaffUi::Page(new)) => {
                if page == StaffPage::Visual {
                    effects.push(DeskEffect::ForgetCardFace);
                }
                page = new;
                match new {
                    StaffPage::Cases => effects.push(DeskEffect::LoadHealth),
                    StaffPage::Today => {
                        effects.push(DeskEffect::LoadToday);
                        effects.push(audit(&member, AuditAction::StaffViewToday, None));
                    }
                    StaffPage::Outbox => {
                        retried = None;
                        effects.push(DeskEffect::LoadOutbox);
                        effects.push(audit(&member, AuditAction::StaffViewOutbox, None));
                    }
                    StaffPage::Documents => {
                        // A fresh form for the patient at the counter, at today's date.
                        documents = DocumentForm::default();
                        effects.push(DeskEffect::LoadVisitDate);
                    }
                    // Fresh forms: nothing typed for the previous patient stays.
                    StaffPage::Numbers => *numbers = NumberForm::default(),
                    StaffPage::Visual => *visual = VisualForm::default(),
                    StaffPage::Unlock => {
                        *unlock = UnlockForm::default();
                        effects.push(DeskEffect::LoadLocked);
                        effects.push(audit(&member, AuditAction::StaffViewLocked, None));
                    }
                }
            }
            DeskEvent::Ui(ui) if page == StaffPage::Numbers => {
                effects.extend(numbers.touch(&member, ui));
            }
            DeskEvent::NumberAnswer(answer) if page == StaffPage::Numbers && numbers.waiting => {
                let detail = serde_json::json!({ "outcome": answer.code() });
                effects.push(audit(&member, AuditAction::StaffNumberAnswer, Some(detail)));
                numbers.waiting = false;
                numbers.answer = Some(answer);
            }
            DeskEvent::Ui(ui) if page == StaffPage::Unlock && admin => {
                effects.extend(unlock.touch(&member, ui));
            }
            DeskEvent::Locked(locked) if page == StaffPage::Unlock && admin => {
                unlock.locked = Some(locked);
            }
            DeskEvent::Unlocked(result) if page == StaffPage::Unlock && admin => {
                effects.extend(unlock.unlocked(result));
            }
            DeskEvent::Ui(ui) if page == StaffPage::Visual => {
                effects.extend(visual.touch(&member, ui));
            }
            DeskEvent::CardFace(read) if page == StaffPage::Visual => {
                effects.extend(visual.photo_read(&member, read));
            }
            DeskEvent::VisualAnswer(answer)
                if page == StaffPage::Visual && visual.step == VisualStep::Sending =>
            {
                let detail = serde_json::json!({ "outcome": answer.code() });
                effects.push(audit(&member, AuditAction::StaffVisualAnswer, Some(detail)));
                visual.step = VisualStep::Done(answer);
            }
            DeskEvent::Ui(StaffUi::RecordDocument) if page == StaffPage::Documents => {
                if let (Some(kind), Some(decision)) = (documents.kind, documents.decision())
                    && !matches!(decision, Decision::NeedsFact(_))
                {
                    // Codes only: no name, number or date from the document.
                    let detail = serde_json::json!({
                        "kind": kind.code(),
                        "decision": decision.code(),
                    });
                    effects.push(audit(
                        &member,
                        AuditAction::StaffDocumentDecision,
                        Some(detail),
                    ));
                    documents.recorded = true;
                }
            }
            DeskEvent::Ui(ui) if page == StaffPage::Documents => {
                documents.touch(ui);
            }
            DeskEvent::VisitDate(date) => documents.visit_date = Some(date),
            DeskEvent::Ui(StaffUi::RetryOutbox) if page == StaffPage::Outbox => {
                effects.push(audit(&member, AuditAction::StaffRetryOutbox, None));
                effects.push(DeskEffect::RetryOutbox);
            }
            DeskEvent::Ui(StaffUi::CaseDone(id)) => {
                if let Some(i) = self.cases.iter().position(|c| c.id == id) {
                    let case = self.cases.remove(i);
                    let detail = serde_json::json!({ "reason": case.reason.code() });
                    effects.push(audit(&member, AuditAction::StaffCaseDone, Some(detail)));
                    if let StaffReason::RefusedOnReplay { visit, .. } = case.reason {
                        effects.push(DeskEffect::SettleRefusal {
                            actor: member.clone(),
                            visit,
                        });
                    }
                }
            }
            DeskEvent::Today(rows) => today = Some(rows),
            DeskEvent::Outbox(rows) => outbox = Some(rows),
            DeskEvent::Retried { sent } => {
                retried = Some(sent);
                effects.push(DeskEffect::LoadOutbox);
                effects.push(DeskEffect::LoadRefusals);
            }
            _ => {}
        }
        (
            State::Open {
                member,
                admin,
                page,
                today,
                outbox,
                retried,
                documents,
                numbers,
                visual,
                unlock,
            },
            effects,
        )
    }

    /// What the staff screen shows, when it shows.
    pub fn view(&self) -> Option<StaffView> {
        let screen = match &self.state {
            State::Locked => return None,
            State::Login {
                selected,
                pin,
                message,
            } => StaffScreen::Login {
                members: self.members.clone(),
                selected: *selected,
                entered: pin.len(),
                message: *message,
            },
            State::Open {
                member,
                admin: _,
                page,
                today,
                outbox,
                retried,
                documents,
                numbers,
                visual,
                unlock,
            } => {
                let member = member.clone();
                match page {
                    StaffPage::Cases => StaffScreen::Cases {
                        member,
                        cases: self.cases.clone(),
                    },
                    StaffPage::Today => StaffScreen::Today {
                        member,
                        visits: today.clone(),
                    },
                    StaffPage::Outbox => StaffScreen::Outbox {
                        member,
                        entries: outbox.clone(),
                        retried: *retried,
                    },
                    StaffPage::Documents => StaffScreen::Documents {
                        member,
                        form: documents.clone(),
                    },
                    StaffPage::Numbers => StaffScreen::Numbers {
                        member,
                        form: numbers.as_ref().clone(),
                    },
                    StaffPage::Visual => StaffScreen::Visual {
                        member,
                        form: visual.as_ref().clone(),
                    },
                    StaffPage::Unlock => StaffScreen::Unlock {
                        member,
                        form: unlock.as_ref().clone(),
                    },
                }
            }
        };
        Some(StaffView {
            language: self.language,
            screen,
            cases_waiting: self.cases.len(),
            face_off: self.face_off,
            card_front_off: self.card_front_off,
            health: self.health.clone(),
            admin: matches!(self.state, State::Open { admin: true, .. }),
        })
    }
}

/// Locking drops every list, form and photo with the state; the worker drops the certificate.
fn lock(member: &str, action: AuditAction) -> Vec<DeskEffect> {
    vec![audit(member, action, None), DeskEffect::ForgetCardFace]
}

fn audit(member: &str, action: AuditAction, detail: Option<serde_json::Value>) -> DeskEffect {
    DeskEffect::Audit {
        actor: member.to_owned(),
        action,
        detail: detail.unwrap_or_else(|| serde_json::json!({})),
    }
}

#[cfg(test)]
mod tests;
