//! How a visit ends: the take-your-card screen, a timeout, a card left on the reader, and a
//! referral to staff with its reason.

use super::*;

/// The visit is over: "please take your card" (or "leave it", where staff need it).
pub(super) fn take_card(leave: bool) -> (State, Vec<Effect>) {
    (
        State::TakeCard {
            leave,
            timed_out: false,
            reported: false,
        },
        vec![Effect::Forget],
    )
}

/// Nothing was touched for too long: the visit ends, and the card should go.
pub(super) fn timed_out() -> (State, Vec<Effect>) {
    (
        State::TakeCard {
            leave: false,
            timed_out: true,
            reported: false,
        },
        vec![Effect::Forget],
    )
}

/// The card has stayed on the reader after the visit: a case for staff.
pub(super) fn card_left() -> Vec<Effect> {
    vec![
        Effect::Forget,
        Effect::ReferToStaff(StaffReason::CardLeftOnReader),
    ]
}

/// Ends the visit with the patient's message for `reason`, and a case for the staff desk.
pub(super) fn refer(reason: StaffReason) -> (State, Vec<Effect>) {
    let notice = match reason {
        StaffReason::PatientCalled => Notice::StaffCalled,
        StaffReason::UnknownCard => Notice::NotMyNumberCard,
        StaffReason::CardUnreadable => Notice::CardProblem,
        StaffReason::PinLocked => Notice::PinLocked,
        StaffReason::CertificateExpired => Notice::CertificateExpired,
        StaffReason::JukiCard => Notice::JukiCard,
        StaffReason::FaceUnavailable => Notice::FaceUnavailable,
        StaffReason::FaceFailed => Notice::StaffCalled,
        StaffReason::CardDataUnproven => Notice::CardPhotoUnproven,
        StaffReason::Qualification(_) | StaffReason::SeveralResults | StaffReason::NoResult => {
            Notice::NeedsStaff
        }
        StaffReason::GatewayRefused(_)
        | StaffReason::OfflineCardCheckFailed
        | StaffReason::RefusedOnReplay { .. } => Notice::Refused,
        StaffReason::OfflineNoCache => Notice::GatewayUnreachable,
        StaffReason::PhoneNotConfirmed => Notice::PhoneNoAnswer,
        // Never a referral of the flow's own making through here (see `card_left`).
        StaffReason::CardLeftOnReader => Notice::NeedsStaff,
    };
    (
        State::Notice {
            notice,
            back_to: None,
        },
        vec![Effect::Forget, Effect::ReferToStaff(reason)],
    )
}

/// Why a gateway answer that is not a plain "valid, one match" needs staff.
pub(super) fn unsettled(result: &ConfirmationResult) -> StaffReason {
    if result.results.len() > 1 {
        return StaffReason::SeveralResults;
    }
    match result.qualification_validity.as_bytes() {
        [d @ b'2'..=b'9'] => StaffReason::Qualification(d - b'0'),
        _ => StaffReason::NoResult,
    }
}
