//! Checks of a face or staff-visual confirmation that do not involve the card: the kiosk's
//! attestation matches its request, verifies under the key of a registered kiosk, is fresh,
//! and (face) its distance is under the gateway's threshold and the kiosk's own.
//! The challenge and the certificate are checked by the service like a card confirmation's.

use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use ring::signature::{ED25519, UnparsedPublicKey};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use super::Error;
use super::auth::KioskAuth;
use super::data::FacePolicy;
use myna_protocol::protocol::{
    AttestedConfirmationRequest, ErrorCode, KioskAttestation, MAX_CLOCK_SKEW_SECS, Method,
};

fn bad(message: impl Into<String>) -> Error {
    Error::refused(ErrorCode::BadAttestation, message)
}

/// Everything about the attestation itself; returns the time it was signed.
pub fn check(
    kiosk_id: &str,
    request: &AttestedConfirmationRequest,
    auth: &KioskAuth,
    face: &FacePolicy,
) -> Result<OffsetDateTime, Error> {
    let a = &request.attestation;
    let public_key = &auth.public_key(&a.kiosk_id).ok_or_else(|| {
        Error::refused(
            ErrorCode::UnknownKiosk,
            "the attestation names a kiosk that is not registered",
        )
    })?;
    if a.kiosk_id != kiosk_id {
        return Err(bad("the attestation is another kiosk's"));
    }
    if [
        &a.kiosk_id,
        &a.request_id,
        &a.challenge,
        &a.certificate_sha256,
        &a.signed_at,
    ]
    .iter()
    .any(|f| f.contains(['\n', '\r']))
    {
        return Err(bad("a line break in an attested field"));
    }
    let signature = BASE64
        .decode(&a.signature)
        .map_err(|_| bad("the attestation signature is not base64"))?;
    UnparsedPublicKey::new(&ED25519, public_key)
        .verify(&a.signing_input(), &signature)
        .map_err(|_| bad("the attestation signature does not verify with the kiosk's key"))?;
    if a.request_id != request.request_id || a.method != request.method {
        return Err(bad("the attestation is for another request or method"));
    }
    check_method(a, face)?;
    OffsetDateTime::parse(&a.signed_at, &Rfc3339)
        .map_err(|_| Error::refused(ErrorCode::BadRequest, "signed_at is not RFC 3339"))
}

/// What each method must and must not carry.
fn check_method(a: &KioskAttestation, policy: &FacePolicy) -> Result<(), Error> {
    match (a.method, &a.face, &a.staff_id) {
        (Method::Face, Some(verdict), None) => {
            let (d, t) = (verdict.distance, verdict.threshold);
            if !(d.is_finite() && t.is_finite() && d >= 0.0 && t > 0.0) {
                return Err(bad(
                    "face distance and threshold must be non-negative numbers",
                ));
            }
            if !verdict.is_accepted(Some(policy.max_distance)) {
                return Err(Error::refused(
                    ErrorCode::FaceNotMatched,
                    format!(
                        "face distance {d} is not under the threshold (kiosk {t}, gateway {})",
                        policy.max_distance
                    ),
                ));
            }
            Ok(())
        }
        (Method::StaffVisual, None, Some(staff)) => {
            let n = staff.chars().count();
            if (1..=64).contains(&n) && staff.trim() == staff && !staff.contains(char::is_control) {
                Ok(())
            } else {
                Err(bad(
                    "staff_id: 1 to 64 characters, no spaces at either end, no line breaks",
                ))
            }
        }
        (Method::Face, ..) => Err(bad("a face attestation carries a face verdict only")),
        (Method::StaffVisual, ..) => Err(bad("a staff_visual attestation carries staff_id only")),
        _ => Err(Error::refused(
            ErrorCode::BadRequest,
            "attested confirmations are for method face or staff_visual",
        )),
    }
}

/// An online attestation is signed moments before it is sent.
pub fn check_fresh(signed_at: OffsetDateTime, now: OffsetDateTime) -> Result<(), Error> {
    let skew = time::Duration::seconds(MAX_CLOCK_SKEW_SECS);
    if signed_at < now - skew || signed_at > now + skew {
        return Err(Error::refused(
            ErrorCode::StaleRequest,
            format!(
                "the attestation was signed more than {MAX_CLOCK_SKEW_SECS} s from the gateway's time; check the kiosk clock"
            ),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use myna_protocol::protocol::FaceVerdict;

    fn attestation(method: Method) -> KioskAttestation {
        KioskAttestation {
            kiosk_id: "k1".into(),
            method,
            request_id: "r".into(),
            challenge: "c".into(),
            certificate_sha256: "h".into(),
            face: None,
            staff_id: None,
            card_data: None,
            signed_at: "2026-11-25T10:00:00Z".into(),
            signature: String::new(),
        }
    }

    #[test]
    fn method_rules() {
        let policy = FacePolicy { max_distance: 0.5 };
        let code_under = |a: &KioskAttestation, max: f64| {
            check_method(a, &FacePolicy { max_distance: max })
                .err()
                .map(|e| e.code())
        };
        let code = |a: &KioskAttestation| check_method(a, &policy).err().map(|e| e.code());
        let mut face = attestation(Method::Face);
        face.face = Some(FaceVerdict::new(0.3, 0.45));
        assert_eq!(code(&face), None);
        face.face = Some(FaceVerdict::new(0.46, 0.45));
        assert_eq!(
            code(&face),
            Some(ErrorCode::FaceNotMatched),
            "over the kiosk's own"
        );
        face.face = Some(FaceVerdict::new(0.52, 0.6));
        assert_eq!(
            code(&face),
            Some(ErrorCode::FaceNotMatched),
            "over the gateway's"
        );
        // Between the gateway's maximum and the kiosk's threshold: refused.
        face.face = Some(FaceVerdict::new(0.47, 0.5));
        assert_eq!(code_under(&face, 0.45), Some(ErrorCode::FaceNotMatched));
        assert_eq!(code_under(&face, 0.47), Some(ErrorCode::FaceNotMatched));
        assert_eq!(code_under(&face, 0.48), None);
        face.face = Some(FaceVerdict::new(f64::NAN, 0.6));
        assert_eq!(code(&face), Some(ErrorCode::BadAttestation));
        face.face = None;
        assert_eq!(code(&face), Some(ErrorCode::BadAttestation));
        let mut staff = attestation(Method::StaffVisual);
        assert_eq!(code(&staff), Some(ErrorCode::BadAttestation));
        staff.staff_id = Some("受付 山田".into());
        assert_eq!(code(&staff), None);
        staff.face = Some(FaceVerdict::new(0.1, 0.5));
        assert_eq!(code(&staff), Some(ErrorCode::BadAttestation));
        assert_eq!(code(&attestation(Method::Pin)), Some(ErrorCode::BadRequest));
    }

    #[test]
    fn freshness() {
        let now = time::macros::datetime!(2026-11-25 10:00 UTC);
        assert!(check_fresh(now - time::Duration::seconds(29), now).is_ok());
        let stale = check_fresh(now - time::Duration::seconds(31), now).unwrap_err();
        assert_eq!(stale.code(), ErrorCode::StaleRequest);
        assert!(check_fresh(now + time::Duration::seconds(31), now).is_err());
    }
}
