//! Why a visit needs staff, and the cases staff work: codes only, never personal data.

use super::*;

/// Why a visit was sent to staff. Holds no personal data: only codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StaffReason {
    /// The patient pressed "call staff".
    PatientCalled,
    /// Not a My Number Card (or a token the kiosk does not know).
    UnknownCard,
    /// The reader or card did not answer properly.
    CardUnreadable,
    /// The PIN is locked, or the card was issued without one.
    PinLocked,
    /// The auth certificate expired and its grace has ended (a smartphone's: at expiry).
    CertificateExpired,
    /// An old 住基カード was placed: it cannot be an insurance card.
    JukiCard,
    /// The patient asked for face confirmation, which this kiosk cannot do now.
    FaceUnavailable,
    /// `[face] issuer_key` is set and the card photo is not proven by it (issue 17): the
    /// patient was refused face confirmation; the photo may be someone else's.
    CardDataUnproven,
    /// Face confirmation did not confirm the patient (attempts used, or the card photo could not
    /// be used) and the PIN is no way out.
    FaceFailed,
    /// QualificationValidity other than "1" (OQSCD006, the code as its digit).
    Qualification(u8),
    /// Several insured persons matched (複数該当).
    SeveralResults,
    /// The gateway's answer held no person.
    NoResult,
    /// The gateway refused the request.
    GatewayRefused(ErrorCode),
    /// The gateway cannot be reached and nothing is cached for this card.
    OfflineNoCache,
    /// An iPhone gave no confirmation (Face ID / Touch ID) before the kiosk's wait ran out.
    PhoneNotConfirmed,
    /// Offline, the card's signature over the kiosk's challenge did not verify with the
    /// certificate it presented, or that certificate is not the one the cache entry was stored
    /// for: no cached answer was shown and nothing was queued.
    OfflineCardCheckFailed,
    /// The gateway refused the queued confirmation of an earlier provisional visit (`visit`,
    /// the store's visit id) when the outbox was replayed: the answer given from the cache
    /// does not stand.
    RefusedOnReplay { code: ErrorCode, visit: i64 },
    /// The visit was over but the card stayed on the reader for `[card] card_left_seconds`:
    /// the patient may have walked away without it.
    CardLeftOnReader,
}

impl StaffReason {
    /// A stable code for the audit log and `check`'s JSON.
    pub fn code(self) -> &'static str {
        match self {
            StaffReason::PatientCalled => "patient_called",
            StaffReason::UnknownCard => "unknown_card",
            StaffReason::CardUnreadable => "card_unreadable",
            StaffReason::PinLocked => "pin_locked",
            StaffReason::CertificateExpired => "certificate_expired",
            StaffReason::JukiCard => "juki_card",
            StaffReason::FaceUnavailable => "face_unavailable",
            StaffReason::FaceFailed => "face_failed",
            StaffReason::CardDataUnproven => "card_data_unproven",
            StaffReason::Qualification(_) => "qualification",
            StaffReason::SeveralResults => "several_results",
            StaffReason::NoResult => "no_result",
            StaffReason::GatewayRefused(_) => "gateway_refused",
            StaffReason::OfflineNoCache => "offline_no_cache",
            StaffReason::PhoneNotConfirmed => "phone_not_confirmed",
            StaffReason::OfflineCardCheckFailed => "offline_card_check_failed",
            StaffReason::RefusedOnReplay { .. } => "refused_on_replay",
            StaffReason::CardLeftOnReader => "card_left",
        }
    }
}

/// Why this kiosk offers no face confirmation (shown to staff, never to patients).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FaceOff {
    /// `[face] source = "camera"` and the device is missing.
    NoCamera,
    /// `[face] source = "files"` and its path is missing.
    NoFrames,
    /// The models could not be loaded (scripts/fetch-models.sh not run?).
    NoModels,
    /// The gateway connection has no device key to attest with.
    NoDeviceKey,
}

impl FaceOff {
    pub fn code(self) -> &'static str {
        match self {
            FaceOff::NoCamera => "no_camera",
            FaceOff::NoFrames => "no_frames",
            FaceOff::NoModels => "no_models",
            FaceOff::NoDeviceKey => "no_device_key",
        }
    }
}

/// A provisional visit whose queued confirmation the gateway refused on replay (from the
/// store, so that the case survives a restart and a replay by `myna-kiosk outbox replay`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReplayRefusal {
    /// The store's visit id.
    pub visit: i64,
    /// When the visit was.
    pub at: OffsetDateTime,
    pub code: ErrorCode,
}

/// One case waiting for staff.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Case {
    pub id: u32,
    pub at: OffsetDateTime,
    pub reason: StaffReason,
}
