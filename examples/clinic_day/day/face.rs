//! The face path as a patient walks it: 照合番号B typed on the pad from the card front (the era,
//! then the birth date, the expiry year and the security code, each read off the card with some
//! thought), the camera (the frames the patient's [`Kind::frames`] names), another attempt after
//! a miss, and staff when none matches.

use super::*;

/// What happened on the face path of one visit.
#[derive(Debug, Default)]
pub(super) struct FaceWalk {
    /// The security code was mistyped once already.
    pub(super) mistyped: bool,
    /// Staff were called after the last attempt missed.
    pub(super) failed: bool,
    /// Staff were called from the pad by a patient who does not use face.
    pub(super) called_at_pad: bool,
}

/// The digits of 照合番号B as the card front groups them, with the thought each group takes
/// (seconds, low and high, before the pace): finding the birth date, the expiry year, the code
/// under the photo.
const GROUPS: [(usize, usize, f64, f64); 3] =
    [(0, 6, 4.0, 10.0), (6, 10, 3.0, 6.0), (10, 14, 3.0, 6.0)];

/// The 照合番号B pad: the era and the digits still missing, then 決定. A patient who does not
/// use face (a locked or unset PIN at a kiosk that goes straight to the pad) calls staff.
pub(super) fn code_pad(
    clinic: &mut Clinic,
    patient: &Patient,
    walk: &mut FaceWalk,
    (era_typed, typed, problem): (bool, usize, Option<FaceProblem>),
    think: &mut impl FnMut(f64, f64) -> Duration,
) -> Result<(), String> {
    let Some((era, code)) = patient.kind.code_b() else {
        walk.called_at_pad = true;
        clinic.think(think(5.0, 15.0))?;
        return clinic.touch(UiEvent::CallStaff);
    };
    let mut typed = typed;
    match problem {
        None => {}
        // The card counted a try: read the code under the photo again and type it anew.
        Some(FaceProblem::WrongCode { .. }) if typed == code.len() => {
            clinic.think(think(5.0, 12.0))?;
            for _ in 10..typed {
                clinic.touch(UiEvent::CodeBackspace)?;
            }
            typed = 10;
        }
        Some(other) => return Err(format!("the 照合番号B pad said {other:?}")),
    }
    if !era_typed {
        clinic.think(think(3.0, 8.0))?;
        clinic.touch(UiEvent::CodeEra(era))?;
    }
    for (start, end, low, high) in GROUPS {
        if typed >= end {
            continue;
        }
        clinic.think(think(low, high))?;
        for at in typed.max(start)..end {
            let mut digit = code.as_bytes()[at] - b'0';
            // One slip on the last digit of the security code, the first time only.
            if patient.kind == Kind::FaceCodeMistyped && !walk.mistyped && at == code.len() - 1 {
                walk.mistyped = true;
                digit = (digit + 1) % 10;
            }
            clinic.touch(UiEvent::CodeDigit(digit))?;
        }
        typed = end;
    }
    clinic.think(think(1.0, 3.0))?;
    clinic.touch(UiEvent::CodeSubmit)
}

/// An attempt missed: another while the kiosk offers one, then the PIN for a holder who knows
/// it, else staff.
pub(super) fn retry(
    clinic: &mut Clinic,
    patient: &Patient,
    walk: &mut FaceWalk,
    (can_retry, pin_available): (bool, bool),
    think: &mut impl FnMut(f64, f64) -> Duration,
) -> Result<(), String> {
    clinic.think(think(3.0, 8.0))?;
    if can_retry {
        return clinic.touch(UiEvent::FaceRetry);
    }
    // Someone else with the holder's card does not know the PIN.
    if pin_available && patient.kind != Kind::FaceNotMatching {
        return clinic.touch(UiEvent::ChoosePin);
    }
    walk.failed = true;
    clinic.touch(UiEvent::CallStaff)
}
