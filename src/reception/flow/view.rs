//! What the screen shows for each state of the flow: the flow's state as the view model the
//! screens draw (`reception::view`), nothing decided here.

use super::*;

impl Flow {
    /// What the screen shows now.
    pub fn view(&self) -> View {
        let screen = match &self.state {
            State::Idle => Screen::Idle,
            State::Reading
            | State::Verifying(_)
            | State::Querying { .. }
            | State::Renewing { .. } => Screen::Working,
            State::MethodChoice(card) => Screen::MethodChoice {
                pin_available: card.pin != PinStatus::Blocked,
                face_available: self.face_attempts.is_some(),
                tries_left: card.pin.tries_left(),
            },
            State::LastTryWarning(_) => Screen::LastTryWarning {
                face_available: self.face_attempts.is_some(),
            },
            State::FaceCode { entry, problem, .. } => Screen::FaceCode {
                entry: entry.clone(),
                problem: *problem,
            },
            State::FaceStarting { attempt, .. } => Screen::FaceCheck {
                attempt: *attempt,
                attempts: self.face_attempts.unwrap_or(0),
                guide: FaceGuide::Starting,
                preview: None,
            },
            State::FaceChecking {
                attempt,
                guide,
                preview,
                ..
            } => Screen::FaceCheck {
                attempt: *attempt,
                attempts: self.face_attempts.unwrap_or(0),
                guide: *guide,
                preview: preview.clone(),
            },
            State::FaceRetry {
                card,
                attempt,
                miss,
            } => Screen::FaceRetry {
                miss: *miss,
                can_retry: *attempt < self.face_attempts.unwrap_or(0),
                pin_available: card.pin != PinStatus::Blocked,
            },
            State::CardFront { guide, preview, .. } => Screen::CardFront {
                guide: *guide,
                preview: preview.clone(),
            },
            State::PutCardBack { checking, .. } => Screen::PutCardBack {
                seconds: CARD_BACK_WITHIN.as_secs() as u32,
                checking: *checking,
            },
            State::PinEntry { card, digits, .. } => Screen::PinEntry {
                entered: digits.0.len(),
                tries_left: card.pin.tries_left(),
            },
            State::Consent {
                individually,
                selection,
                ..
            } => Screen::Consent {
                individually: *individually,
                selection: *selection,
            },
            State::Result { view, .. } => Screen::Result(ResultView {
                phone: self.phone,
                ..view.clone()
            }),
            State::TakeCard {
                leave, timed_out, ..
            } => Screen::TakeCard {
                leave: *leave,
                phone: self.phone,
                timed_out: *timed_out,
            },
            State::ConfirmCallStaff(_) => Screen::ConfirmCallStaff,
            State::Notice { notice, .. } => Screen::Notice(*notice),
            State::MoreTime(_, cleared) => Screen::MoreTime {
                seconds: MORE_TIME_SECS as u32,
                cleared: *cleared,
            },
            State::PhoneConfirm { seconds_left, .. } => Screen::PhoneConfirm {
                seconds_left: *seconds_left,
            },
        };
        View {
            language: self.language,
            assist: self.assist,
            screen,
            demo: None,
            staff: None,
            staff_coming: false,
        }
    }
}
