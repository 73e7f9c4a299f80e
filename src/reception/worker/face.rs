//! The worker's side of face confirmation (issue 5): 照合番号B opens the card photo, which is
//! enrolled once per visit; each camera frame goes through the [`FaceCheck`], under the stricter
//! of the kiosk's `[face] threshold` and the maximum the gateway tells with its challenge
//! (asked when the photo is read and again at the match; offline the kiosk's own); a match becomes
//! face evidence (the auth certificate read without a PIN, the distance, the gateway's
//! challenge) that the device key attests once the patient has consented. Frames, the photo and
//! the descriptors stay in memory and are dropped with the session; none reaches the store or a
//! log.

use std::sync::Arc;

use time::OffsetDateTime;
use tracing::{info, warn};

use super::staff_queries::CacheKey;
use super::{CardAccess, Gateway, Worker, base64_encode, request_id};
use crate::card::{AuthCertificate, VerificationCodeB};
use crate::eligibility::device_key::format_time;
use crate::eligibility::protocol::{
    CardData, Consent, ErrorCode, offline_challenge, stricter_face_max,
};
use crate::eligibility::requests::{AttestedConfirmationRequest, FaceVerdict, GatewayRequest};
use crate::identity::face::{
    FaceBox, FaceCheck, FaceMatcher, FrameSource, Picture, Progress, TurnDirection, Verdict,
    open_source_for,
};
use crate::reception::desk::{FaceOff, PhotoProblem, QueryProblem, StaffAnswer};
use crate::reception::flow::{Answer, FaceStep, GatewayProblem, RenewOutcome};
use crate::reception::view::{FaceGuide, FaceMiss, FacePreview, FaceProblem, TurnSide};

/// One visit's face attempts: the card photo (for a new attempt), the check, the camera.
pub(super) struct FaceSession {
    photo: Picture,
    certificate: AuthCertificate,
    /// Whether the issuer key proved the card photo (`[face] issuer_key`).
    card_data: CardData,
    check: FaceCheck,
    source: Box<dyn FrameSource>,
    /// The gateway's face-distance maximum, as learnt with a challenge this visit.
    gateway_max: Option<f64>,
}

/// A face match waiting for the patient's consent.
pub(super) struct FaceEvidence {
    certificate: AuthCertificate,
    card_data: CardData,
    verdict: FaceVerdict,
    request_id: String,
    /// The gateway's challenge, when it answered at match time.
    online: Option<String>,
    at: OffsetDateTime,
}

impl<C: CardAccess, G: Gateway> Worker<C, G> {
    /// Face confirmation with these models and `[face]` settings, or why there is none (the
    /// flow then offers PIN and staff only, and the staff desk says why).
    pub fn with_face(mut self, face: Result<FaceMatcher, FaceOff>) -> Self {
        match face {
            Ok(matcher) => {
                self.face_matcher = Some(matcher);
                self.face_off = None;
            }
            Err(reason) => {
                self.face_matcher = None;
                self.face_off = Some(reason);
            }
        }
        self
    }

    /// Why the kiosk offers no face confirmation; `None` when it does.
    pub fn face_off(&self) -> Option<FaceOff> {
        if self.face_matcher.is_some() && self.gateway.device_key().is_none() {
            return Some(FaceOff::NoDeviceKey);
        }
        self.face_off
    }

    /// The face attempts the flow may offer: `None` without models, frames or device key.
    pub fn face_attempts(&self) -> Option<u32> {
        let matcher = self.face_matcher.as_ref()?;
        self.gateway.device_key()?;
        Some(matcher.config().attempts.max(1))
    }

    pub(super) fn forget_face(&mut self) {
        // The card-front camera too: the face attempt opens the camera for itself.
        self.card_front = None;
        self.face = None;
        self.face_evidence = None;
    }

    /// Reads the card photo with 照合番号B (on the session of the card read), enrols it and
    /// starts the camera for the first attempt.
    pub(super) fn start_face(&mut self, code: VerificationCodeB) -> Result<(), FaceProblem> {
        self.forget_face();
        let matcher = self.face_matcher.clone().ok_or(FaceProblem::Camera)?;
        let session = match self.session.as_mut() {
            Some(session) => session,
            None => return Err(FaceProblem::NoCardPhoto),
        };
        let (face, certificate, card_data) = super::staff_queries::read_face_and_certificate(
            session,
            code,
            self.issuer_key.as_ref(),
        )
        .map_err(|p| match p {
            PhotoProblem::CardDataUnproven => FaceProblem::CardDataUnproven,
            PhotoProblem::BadCode => FaceProblem::BadCode,
            PhotoProblem::WrongCode { tries_left } => FaceProblem::WrongCode { tries_left },
            PhotoProblem::TooFewTries { .. } | PhotoProblem::Blocked => FaceProblem::CodeLocked,
            PhotoProblem::NoCard | PhotoProblem::NoCardSurface | PhotoProblem::Unreadable => {
                FaceProblem::NoCardPhoto
            }
        })?;
        let photo = Picture::decode_jpeg2000(face.photo_jp2()).map_err(|e| {
            warn!("card photo: {e}");
            FaceProblem::NoCardPhoto
        })?;
        // The gateway's maximum before the first frame, so that the frames are judged as the
        // gateway will judge the verdict. Offline (or an older gateway) the kiosk's own applies.
        let gateway_max = self
            .gateway
            .face_challenge()
            .ok()
            .and_then(|c| c.face_max_distance);
        let (check, source) = attempt(&matcher, &photo, gateway_max)?;
        self.face = Some(FaceSession {
            photo,
            certificate,
            card_data,
            check,
            source,
            gateway_max,
        });
        Ok(())
    }

    /// Another attempt: a new turn direction, the camera (or the file sequence) from the start.
    pub(super) fn retry_face(&mut self) -> Result<(), FaceProblem> {
        let matcher = self.face_matcher.clone().ok_or(FaceProblem::Camera)?;
        let session = self.face.as_mut().ok_or(FaceProblem::NoCardPhoto)?;
        let (check, source) = attempt(&matcher, &session.photo, session.gateway_max)?;
        session.check = check;
        session.source = source;
        Ok(())
    }

    /// Checks the next frame.
    pub(super) fn face_frame(&mut self) -> FaceStep {
        let Some(session) = self.face.as_mut() else {
            return FaceStep::Problem(FaceProblem::NoCardPhoto);
        };
        let frame = match session.source.next_frame() {
            Ok(Some(frame)) => frame,
            // The sequence ended: the verdict the frames so far give.
            Ok(None) => {
                let verdict = session.check.verdict();
                return self.finish_face(verdict);
            }
            Err(e) => {
                warn!("face frames: {e}");
                return FaceStep::Problem(FaceProblem::Camera);
            }
        };
        let progress = match session.check.check_frame(&frame) {
            Ok(progress) => progress,
            Err(e) => {
                warn!("face check: {e}");
                return FaceStep::Problem(FaceProblem::Camera);
            }
        };
        let preview = |face: Option<FaceBox>| {
            Some(FacePreview {
                width: frame.width(),
                height: frame.height(),
                rgb: Arc::new(frame.rgb().to_vec()),
                face: face
                    .map(|b| [b.left, b.top, b.width, b.height].map(|v| v.max(0.0).round() as u32)),
            })
        };
        let (guide, face) = match progress {
            Progress::NoFace => (FaceGuide::NoFace, None),
            Progress::SeveralFaces => (FaceGuide::SeveralFaces, None),
            Progress::ComeCloser(face) => (FaceGuide::ComeCloser, Some(face)),
            Progress::Looking {
                face,
                agreeing,
                needed,
                ..
            } => (FaceGuide::Looking { agreeing, needed }, Some(face)),
            Progress::TurnHead {
                face, direction, ..
            } => (FaceGuide::TurnHead(side(direction)), Some(face)),
            Progress::Done(verdict) => return self.finish_face(verdict),
        };
        FaceStep::Frame {
            guide,
            preview: preview(face),
        }
    }

    /// The end of an attempt. A match is checked once more against the gateway's maximum as
    /// told with the challenge fetched now (the consent screen stays under its lifetime): under
    /// it, the evidence is kept and the frames and the photo are dropped; over it, the attempt
    /// is a miss like any other (another attempt, the PIN, staff).
    fn finish_face(&mut self, verdict: Verdict) -> FaceStep {
        let miss = match verdict {
            Verdict::Match { distance } => match self.face_match(distance) {
                Some(step) => return step,
                None => FaceMiss::NotSamePerson,
            },
            Verdict::NoMatch { .. } => FaceMiss::NotSamePerson,
            Verdict::NoFace => FaceMiss::NoFace,
            Verdict::LivenessFailed => FaceMiss::Liveness,
            Verdict::Inconclusive => FaceMiss::Inconclusive,
        };
        info!(miss = ?miss, "face attempt did not confirm");
        FaceStep::Missed(miss)
    }

    /// A match at `distance`: the evidence, or `None` when the distance is not under the
    /// stricter of the kiosk's threshold and the gateway's maximum.
    fn face_match(&mut self, distance: f32) -> Option<FaceStep> {
        let challenge = self.gateway.face_challenge().ok();
        let Some(session) = self.face.as_mut() else {
            return Some(FaceStep::Problem(FaceProblem::NoCardPhoto));
        };
        let told = challenge.as_ref().and_then(|c| c.face_max_distance);
        let gateway_max = match (session.gateway_max, told) {
            (Some(a), Some(b)) => Some(stricter_face_max(a, Some(b))),
            (a, b) => a.or(b),
        };
        session.gateway_max = gateway_max;
        let own = self
            .face_matcher
            .as_ref()
            .map_or(0.0, |m| f64::from(m.config().threshold));
        let verdict = FaceVerdict::new(f64::from(distance), stricter_face_max(own, gateway_max));
        if !verdict.is_accepted(gateway_max) {
            info!("face attempt matched the kiosk's threshold but not the gateway's maximum");
            return None;
        }
        let session = self.face.take()?;
        info!("face attempt matched");
        self.face_evidence = Some(FaceEvidence {
            certificate: session.certificate,
            card_data: session.card_data,
            verdict,
            request_id: request_id(),
            online: challenge.map(|c| c.challenge),
            at: OffsetDateTime::now_utc(),
        });
        Some(FaceStep::Matched)
    }

    /// The patient took more time on the consent screen: the match is attested later over a
    /// fresh challenge (and must still be under the maximum the gateway tells with it). With
    /// the gateway unreachable, the offline attestation remains (answered from the cache).
    pub(super) fn renew_face(&mut self) -> RenewOutcome {
        let Some(evidence) = self.face_evidence.as_mut() else {
            return RenewOutcome::Failed;
        };
        match self.gateway.face_challenge() {
            Ok(fresh) if evidence.verdict.is_accepted(fresh.face_max_distance) => {
                evidence.online = Some(fresh.challenge);
                RenewOutcome::Renewed
            }
            Ok(_) => {
                info!("face match no longer under the gateway's maximum");
                RenewOutcome::Failed
            }
            Err(_) if self.offline.is_some() => {
                evidence.online = None;
                RenewOutcome::Renewed
            }
            Err(_) => RenewOutcome::Failed,
        }
    }

    /// Whether a face match waits for its consent.
    pub(super) fn has_face_evidence(&self) -> bool {
        self.face_evidence.is_some()
    }

    /// The face confirmation with `consent`: attested by the device key, sent, or answered from
    /// the cache and queued when the gateway cannot be reached.
    pub(super) fn query_face(&mut self, consent: Consent) -> Result<Answer, GatewayProblem> {
        let evidence = self
            .face_evidence
            .take()
            .ok_or(GatewayProblem::Refused(ErrorCode::BadRequest))?;
        let key = self
            .gateway
            .device_key()
            .ok_or(GatewayProblem::Refused(ErrorCode::UnknownKiosk))?;
        let der = evidence.certificate.der();
        let id = &evidence.request_id;
        let build = |challenge: &str, offline: bool| {
            let attestation = key.attest_face(
                id,
                challenge,
                der,
                evidence.verdict,
                evidence.card_data,
                evidence.at,
            );
            GatewayRequest::Attested(AttestedConfirmationRequest::new(
                attestation,
                der,
                consent,
                self.facility_code.clone(),
                offline,
            ))
        };
        let own = offline_challenge(key.kiosk_id(), id, &format_time(evidence.at));
        let offline = build(&base64_encode(&own), true);
        let online = evidence.online.as_deref().map(|c| build(c, false));
        match self.send_or_queue(
            online,
            offline,
            CacheKey::Certificate(&evidence.certificate),
        ) {
            StaffAnswer::Answered { result, .. } => Ok(Answer {
                result,
                cached_on: None,
            }),
            StaffAnswer::Cached { result, cached_on } => Ok(Answer {
                result,
                cached_on: Some(cached_on),
            }),
            StaffAnswer::Failed(QueryProblem::Refused(code)) => Err(GatewayProblem::Refused(code)),
            StaffAnswer::Failed(QueryProblem::CardCheckFailed) => {
                Err(GatewayProblem::CardCheckFailed)
            }
            StaffAnswer::Queued | StaffAnswer::Failed(_) => Err(GatewayProblem::Unreachable),
        }
    }
}

/// A new check with a fresh turn direction, and the frames for it.
fn attempt(
    matcher: &FaceMatcher,
    photo: &Picture,
    gateway_max: Option<f64>,
) -> Result<(FaceCheck, Box<dyn FrameSource>), FaceProblem> {
    let direction = TurnDirection::pick();
    let check = matcher
        .under_gateway_max(gateway_max)
        .enroll_picture(photo, direction)
        .map_err(|e| {
            warn!("card photo: {e}");
            FaceProblem::NoCardPhoto
        })?;
    let source = open_source_for(matcher.config(), direction).map_err(|e| {
        warn!("face frames: {e}");
        FaceProblem::Camera
    })?;
    Ok((check, source))
}

/// The turn as the patient makes it: the nose moving to the picture's left is a turn to the
/// patient's own right (the camera faces them).
fn side(direction: TurnDirection) -> TurnSide {
    match direction {
        TurnDirection::PictureLeft => TurnSide::Right,
        TurnDirection::PictureRight => TurnSide::Left,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_turn_is_said_from_the_patients_side() {
        assert_eq!(side(TurnDirection::PictureLeft), TurnSide::Right);
        assert_eq!(side(TurnDirection::PictureRight), TurnSide::Left);
    }
}
