//! The codes the store keeps as text: a visit's status and method, an audit row's action. Each
//! is an enum written as exactly the string it always was (no schema change: old rows read the
//! same, and the sealed details' binding and the audit chain hash the same bytes); a string read
//! back that is none of them is [`UnknownCode`] (a [`super::StoreError`]), never a panic.

use std::fmt;
use std::str::FromStr;

/// A code read from the store that this version does not know.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown {kind} {code:?} in the store")]
pub struct UnknownCode {
    /// What the code names (`visit status`, `visit method`, `audit action`).
    pub kind: &'static str,
    pub code: String,
}

/// An enum of codes with `ALL`, `as_str`, [`FromStr`] and [`fmt::Display`] (the code).
macro_rules! codes {
    (
        $(#[$meta:meta])*
        $name:ident ($kind:literal) {
            $($(#[$vmeta:meta])* $variant:ident = $code:literal,)+
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name {
            $($(#[$vmeta])* $variant,)+
        }

        impl $name {
            /// Every code, in declaration order.
            pub const ALL: &[$name] = &[$($name::$variant),+];

            /// The string the store keeps.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $code,)+
                }
            }
        }

        impl FromStr for $name {
            type Err = UnknownCode;
            fn from_str(code: &str) -> Result<Self, UnknownCode> {
                match code {
                    $($code => Ok($name::$variant),)+
                    _ => Err(UnknownCode {
                        kind: $kind,
                        code: code.to_owned(),
                    }),
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

codes! {
    /// Where a visit ended (the staff screen's texts are `staff-status-<code>`).
    VisitStatus ("visit status") {
        /// The gateway confirmed eligibility.
        Confirmed = "confirmed",
        /// The gateway answered without a confirmation, or offline without a cached answer.
        NeedsStaff = "needs_staff",
        /// Offline: the last cached confirmation, its request queued.
        Provisional = "provisional",
        /// The gateway refused the confirmation.
        Refused = "refused",
        /// Offline: the card did not pass the kiosk's own check (its signature, its
        /// certificate); nothing queued.
        CardCheckFailed = "card_check_failed",
        /// The gateway refused the queued confirmation on replay: the cached answer the
        /// patient was given does not stand (docs/operators.md, "Offline cache and outbox").
        RefusedOnReplay = "refused_on_replay",
        /// Staff dealt with a visit refused on replay.
        RefusalSettled = "refusal_settled",
    }
}

codes! {
    /// How the patient's identity was confirmed at a visit: the protocol's methods
    /// ([`crate::eligibility::protocol::Method`]) and the iPhone, confirmed on the phone.
    VisitMethod ("visit method") {
        /// The card's auth PIN and the card's signature.
        Pin = "pin",
        /// On an iPhone (Face ID / Touch ID on the phone), the phone's signature.
        Iphone = "iphone",
        /// Face matching against the card photo.
        Face = "face",
        /// Staff compared the card photo with the patient (目視確認).
        StaffVisual = "staff_visual",
        /// Numbers typed from an insurance document.
        InsuranceNumber = "insurance_number",
    }
}

impl From<crate::eligibility::protocol::Method> for VisitMethod {
    fn from(method: crate::eligibility::protocol::Method) -> Self {
        use crate::eligibility::protocol::Method;
        match method {
            Method::Pin => VisitMethod::Pin,
            Method::Face => VisitMethod::Face,
            Method::StaffVisual => VisitMethod::StaffVisual,
            Method::InsuranceNumber => VisitMethod::InsuranceNumber,
        }
    }
}

codes! {
    /// What an audit row records.
    AuditAction ("audit action") {
        /// The kiosk deleted rows past their retention.
        RetentionPurge = "retention_purge",
        /// The gateway refused a queued confirmation on replay.
        OutboxRefused = "outbox_refused",
        /// Offline, a card did not pass the kiosk's own check.
        OfflineCardCheckFailed = "offline_card_check_failed",
        /// `myna-kiosk staff add`: a member added or given a new PIN.
        StaffMemberSet = "staff_member_set",
        /// `myna-kiosk staff remove`.
        StaffMemberRemoved = "staff_member_removed",
        /// `myna-kiosk staff unlock`, or an admin at the desk.
        StaffUnlocked = "staff_unlocked",
        StaffSignIn = "staff_sign_in",
        StaffSignInFailed = "staff_sign_in_failed",
        StaffLockedOut = "staff_locked_out",
        StaffLockedOutNeedsAdmin = "staff_locked_out_needs_admin",
        StaffSignInUnavailable = "staff_sign_in_unavailable",
        StaffSignOut = "staff_sign_out",
        StaffAutoLock = "staff_auto_lock",
        StaffViewToday = "staff_view_today",
        StaffViewOutbox = "staff_view_outbox",
        /// An admin opened the desk's list of locked-out members.
        StaffViewLocked = "staff_view_locked",
        StaffNumberQuery = "staff_number_query",
        StaffNumberAnswer = "staff_number_answer",
        StaffVisualReadCard = "staff_visual_read_card",
        StaffVisualConfirmed = "staff_visual_confirmed",
        StaffVisualNotConfirmed = "staff_visual_not_confirmed",
        StaffVisualCardProblem = "staff_visual_card_problem",
        StaffVisualAnswer = "staff_visual_answer",
        StaffDocumentDecision = "staff_document_decision",
        StaffRetryOutbox = "staff_retry_outbox",
        StaffCaseDone = "staff_case_done",
        StaffRefusalSettled = "staff_refusal_settled",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_reads_back_as_itself() {
        for status in VisitStatus::ALL {
            assert_eq!(status.as_str().parse::<VisitStatus>(), Ok(*status));
        }
        for method in VisitMethod::ALL {
            assert_eq!(method.as_str().parse::<VisitMethod>(), Ok(*method));
        }
        for action in AuditAction::ALL {
            assert_eq!(action.as_str().parse::<AuditAction>(), Ok(*action));
        }
    }

    #[test]
    fn the_strings_are_those_of_older_rows() {
        assert_eq!(VisitStatus::NeedsStaff.as_str(), "needs_staff");
        assert_eq!(
            VisitStatus::RefusedOnReplay.to_string(),
            "refused_on_replay"
        );
        assert_eq!(VisitMethod::Iphone.as_str(), "iphone");
        assert_eq!(
            VisitMethod::from(crate::eligibility::protocol::Method::StaffVisual).as_str(),
            crate::eligibility::protocol::Method::StaffVisual.code()
        );
        assert_eq!(AuditAction::StaffSignIn.as_str(), "staff_sign_in");
    }

    #[test]
    fn an_unknown_code_is_an_error_naming_it() {
        let e = "teleported".parse::<VisitMethod>().unwrap_err();
        assert_eq!(
            e.to_string(),
            "unknown visit method \"teleported\" in the store"
        );
        assert!("".parse::<VisitStatus>().is_err());
        assert!("Confirmed".parse::<VisitStatus>().is_err());
    }
}
