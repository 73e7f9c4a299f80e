//! The worker's side of what staff confirm at the desk: insurance-number queries (to the
//! gateway, or to the clinic's 資格確認端末 through its folders) and 目視確認 (the card photo
//! read with 照合番号B, then a staff-visual confirmation signed by the device key). Both are
//! cached, queued and recorded like card confirmations.
//!
//! 目視確認 never VERIFYs the auth PIN: the PIN counter is not touched. 照合番号B is sent once
//! per "read" touch, and only while the card reports more than [`MIN_CODE_B_TRIES`] tries.

use time::OffsetDateTime;
use tracing::warn;

use super::{CardAccess, Gateway, Worker, base64_encode, problem, request_id, write_result_file};
use crate::card::transport::Transport;
use crate::card::{
    AuthCertificate, CardError, CardFace, CardSession, IssuerKey, PinStatus, VerificationCodeB,
};
use crate::clinic::folder::NumberQuery;
use crate::eligibility::device_key::format_time;
use crate::eligibility::protocol::{
    CardData, ConfirmationResult, Consent, Method, offline_challenge,
};
use crate::eligibility::requests::{
    AttestedConfirmationRequest, GatewayRequest, InsuranceNumberRequest,
    QualificationConfirmSearchInfo,
};
use crate::identity::face::Picture;
use crate::reception::desk::{CardPhoto, PhotoProblem, QueryProblem, StaffAnswer};
use crate::reception::flow::{CardProblem, GatewayProblem};
use crate::store::{CacheOrigin, Visit, VisitStatus};
use crate::wareki::JST;

/// The kiosk reads the card photo only while 照合番号B has more than this many tries left:
/// how many the card allows is UNCONFIRMED (docs/domain/mynacard.md §3), and a locked card face
/// needs the municipality. The last try stays for the patient's own attempt there.
const MIN_CODE_B_TRIES: u8 = 1;

/// Where an answer is cached: a certificate (the one read from the card), or the numbers.
pub(super) enum CacheKey<'a> {
    Certificate(&'a AuthCertificate),
    Numbers(&'a QualificationConfirmSearchInfo),
}

impl<C: CardAccess, G: Gateway> Worker<C, G> {
    /// An insurance-number query: through the clinic's folders when configured, else the
    /// gateway (answered from the cache and queued when it cannot be reached).
    pub(super) fn query_numbers(&mut self, search: QualificationConfirmSearchInfo) -> StaffAnswer {
        if let Some(folder) = &self.folder {
            let today = OffsetDateTime::now_utc().to_offset(JST).date();
            let answer = match folder.query(&number_query(&search), today) {
                Ok(result) => StaffAnswer::Answered {
                    result: Box::new(result),
                    terminal: true,
                },
                Err(e) => {
                    warn!("資格確認端末 query: {e}");
                    StaffAnswer::Failed(QueryProblem::Terminal)
                }
            };
            self.record_staff(Method::InsuranceNumber, &answer, "", None, None);
            return answer;
        }
        let id = request_id();
        let online = InsuranceNumberRequest::new(&id, search.clone(), self.facility_code.clone());
        let mut offline = online.clone();
        offline.offline_queried_at = Some(format_time(OffsetDateTime::now_utc()));
        self.send_or_queue(
            Some(GatewayRequest::InsuranceNumber(online)),
            GatewayRequest::InsuranceNumber(offline),
            CacheKey::Numbers(&search),
        )
    }

    /// Reads the card photo with 照合番号B, and the auth certificate (no PIN) for the
    /// confirmation that may follow.
    pub(super) fn read_card_face(
        &mut self,
        code: VerificationCodeB,
    ) -> Result<CardPhoto, PhotoProblem> {
        self.visual_certificate = None;
        // Staff have taken over the visit: the patient flow's session is not used any more.
        self.session = None;
        let transport = self.card.connect().map_err(photo_problem)?;
        let mut session = CardSession::new(transport);
        session.identify().map_err(photo_problem)?;
        let (face, certificate, card_data) =
            read_face_and_certificate(&mut session, code, self.issuer_key.as_ref())?;
        let picture = Picture::decode_jpeg2000(face.photo_jp2()).map_err(|e| {
            warn!("card photo: {e}");
            PhotoProblem::Unreadable
        })?;
        self.visual_certificate = Some(certificate);
        self.visual_card_data = card_data;
        Ok(CardPhoto {
            width: picture.width(),
            height: picture.height(),
            rgb: zeroize::Zeroizing::new(picture.rgb().to_vec()),
        })
    }

    pub(super) fn forget_card_face(&mut self) {
        self.visual_certificate = None;
        self.visual_card_data = CardData::NotVerified;
    }

    /// The staff visual confirmation of the certificate read with the photo, attested by the
    /// device key in `member`'s name.
    pub(super) fn confirm_visual(&mut self, member: &str) -> StaffAnswer {
        let Some(certificate) = self.visual_certificate.take() else {
            return StaffAnswer::Failed(QueryProblem::NoCertificate);
        };
        let card_data = std::mem::replace(&mut self.visual_card_data, CardData::NotVerified);
        let id = request_id();
        let now = OffsetDateTime::now_utc();
        let signed_at = format_time(now);
        let facility_code = self.facility_code.clone();
        // No consent to medical information is asked at the desk: only eligibility is sent.
        let request = |challenge: &str, offline: bool, gateway: &dyn Gateway| {
            gateway
                .device_key()
                .map(|key| {
                    key.attest_staff_visual(
                        &id,
                        challenge,
                        certificate.der(),
                        member,
                        card_data,
                        now,
                    )
                })
                .map(|attestation| {
                    GatewayRequest::Attested(AttestedConfirmationRequest::new(
                        attestation,
                        certificate.der(),
                        Consent::default(),
                        facility_code.clone(),
                        offline,
                    ))
                })
        };
        let offline_challenge =
            base64_encode(&offline_challenge(self.gateway.kiosk_id(), &id, &signed_at));
        let Some(offline) = request(&offline_challenge, true, &self.gateway) else {
            return StaffAnswer::Failed(QueryProblem::CannotSign);
        };
        let online = match self.gateway.challenge() {
            Ok(challenge) => request(&challenge, false, &self.gateway),
            Err(_) => None,
        };
        self.send_or_queue(online, offline, CacheKey::Certificate(&certificate))
    }

    /// Sends `online` (when the gateway gave a challenge); when the gateway cannot be reached,
    /// answers from the cache and queues `offline`, together with the visit.
    pub(super) fn send_or_queue(
        &mut self,
        online: Option<GatewayRequest>,
        offline: GatewayRequest,
        key: CacheKey<'_>,
    ) -> StaffAnswer {
        let method = offline.method();
        let id = offline.request_id().to_owned();
        // Kept with the visit for the staff list (PIN-less confirmations only).
        let card_data = match &offline {
            GatewayRequest::Attested(request) => request.attestation.card_data,
            _ => None,
        };
        let sent = match &online {
            Some(request) => self.gateway.send(request),
            None => Err(GatewayProblem::Unreachable),
        };
        match sent {
            Ok(answer) => {
                let result = answer.result;
                if result.is_confirmed() {
                    self.cache_staff(&key, method, &result);
                }
                write_result_file(self.result_writer.as_ref(), &result, method);
                self.last_answer = Some((result.clone(), super::Source::Gateway));
                let answer = StaffAnswer::Answered {
                    result: Box::new(result),
                    terminal: false,
                };
                self.record_staff(method, &answer, &id, card_data, None);
                answer
            }
            Err(GatewayProblem::Refused(code)) => {
                let answer = StaffAnswer::Failed(QueryProblem::Refused(code));
                self.record_staff(method, &answer, &id, card_data, None);
                answer
            }
            // Not a gateway answer: the worker's own check, made only below.
            Err(GatewayProblem::CardCheckFailed) => {
                let answer = StaffAnswer::Failed(QueryProblem::CardCheckFailed);
                self.record_staff(method, &answer, &id, card_data, None);
                answer
            }
            Err(GatewayProblem::Unreachable | GatewayProblem::Busy) => {
                let Some(store) = self.offline.as_ref() else {
                    return StaffAnswer::Failed(QueryProblem::Unreachable);
                };
                let now = OffsetDateTime::now_utc();
                let max_age = self.offline.as_ref().map(|o| o.cache_max_age);
                let cached = max_age.and_then(|max_age| {
                    let found = match &key {
                        CacheKey::Certificate(cert) => {
                            store.store.cache_get(&cert.id(), now, max_age)
                        }
                        CacheKey::Numbers(search) => {
                            store.store.cache_get_numbers(search, now, max_age)
                        }
                    };
                    found.unwrap_or_else(|e| {
                        warn!("cache: {e}");
                        None
                    })
                });
                // A certificate's entry answers only for the certificate it was stored for (its
                // SHA-256): another one under the same issuer and serial gets nothing and is
                // not queued. An entry from before that was kept is not relied on (safe side).
                let cached = match (&key, cached) {
                    (CacheKey::Certificate(cert), Some(cached)) => match cached.origin {
                        Some(origin) if origin.is_for(cert.der()) => Some(cached),
                        Some(_) => {
                            warn!("offline: not the certificate the cached answer was stored for");
                            let answer = StaffAnswer::Failed(QueryProblem::CardCheckFailed);
                            self.record_staff(method, &answer, &id, card_data, None);
                            return answer;
                        }
                        None => None,
                    },
                    (_, cached) => cached,
                };
                let answer = match cached {
                    Some(cached) => StaffAnswer::Cached {
                        cached_on: cached.confirmed_at.to_offset(JST).date().to_string(),
                        result: Box::new(cached.result),
                    },
                    None => StaffAnswer::Queued,
                };
                if self.record_staff(method, &answer, &id, card_data, Some(&offline)) {
                    answer
                } else {
                    StaffAnswer::Failed(QueryProblem::NotQueued)
                }
            }
        }
    }

    fn cache_staff(&self, key: &CacheKey<'_>, method: Method, result: &ConfirmationResult) {
        let Some(offline) = &self.offline else { return };
        let now = OffsetDateTime::now_utc();
        let stored = match key {
            CacheKey::Certificate(cert) => offline.store.cache_put_with_origin(
                &cert.id(),
                CacheOrigin::new(cert.der(), method.assurance()),
                result,
                now,
            ),
            CacheKey::Numbers(search) => offline.store.cache_put_numbers(search, result, now),
        };
        if let Err(e) = stored {
            warn!("cache: {e}");
        }
    }

    /// Records the visit (with its outbox entry when queued, and with `card_data` for a PIN-less
    /// confirmation). Returns whether it was stored; without a store there is nothing to record.
    fn record_staff(
        &self,
        method: Method,
        answer: &StaffAnswer,
        request_id: &str,
        card_data: Option<CardData>,
        outbox: Option<&GatewayRequest>,
    ) -> bool {
        let Some(offline) = &self.offline else {
            return true;
        };
        let (status, provisional) = match answer {
            StaffAnswer::Answered { result, .. } if result.is_confirmed() => {
                (VisitStatus::Confirmed, false)
            }
            StaffAnswer::Answered { .. } => (VisitStatus::NeedsStaff, false),
            StaffAnswer::Cached { .. } => (VisitStatus::Provisional, true),
            StaffAnswer::Queued => (VisitStatus::NeedsStaff, true),
            StaffAnswer::Failed(QueryProblem::CardCheckFailed) => {
                (VisitStatus::CardCheckFailed, false)
            }
            StaffAnswer::Failed(_) => (VisitStatus::Refused, false),
        };
        let mut visit = Visit {
            at: OffsetDateTime::now_utc(),
            method: method.into(),
            status,
            provisional,
            details: serde_json::json!({
                "request_id": request_id,
                "assurance": method.assurance().code(),
            }),
        };
        if let Some(card_data) = card_data {
            visit.details["card_data"] = card_data.code().into();
        }
        match offline.store.record_visit_with(&visit, outbox) {
            Ok(_) => true,
            Err(e) => {
                warn!("recording the staff visit: {e}");
                false
            }
        }
    }
}

/// The card face (one VERIFY of 照合番号B, only while the card reports more than
/// [`MIN_CODE_B_TRIES`] tries) and the auth certificate, read without a PIN. With an issuer
/// key, the card face must be proven by it (its `DF28` under the AP's CV certificate, that
/// under the key: docs/domain/mynacard.md §5.3), else [`PhotoProblem::CardDataUnproven`];
/// without one the photo is used unproven and the confirmation says so (`not_verified`).
pub(super) fn read_face_and_certificate<T: Transport>(
    session: &mut CardSession<T>,
    code: VerificationCodeB,
    issuer_key: Option<&IssuerKey>,
) -> Result<(CardFace, AuthCertificate, CardData), PhotoProblem> {
    match session.card_face_code_status().map_err(photo_problem)? {
        PinStatus::Blocked => return Err(PhotoProblem::Blocked),
        PinStatus::TriesLeft(n) if n <= MIN_CODE_B_TRIES => {
            return Err(PhotoProblem::TooFewTries { tries_left: n });
        }
        _ => {}
    }
    let face = session.read_card_face(code).map_err(photo_problem)?;
    let card_data = match issuer_key {
        None => CardData::NotVerified,
        Some(key) => match face.verify_issuer(key) {
            Ok(()) => CardData::IssuerVerified,
            Err(problem) => {
                warn!(
                    reason = problem.code(),
                    "card-surface data not proven: {problem}"
                );
                return Err(PhotoProblem::CardDataUnproven);
            }
        },
    };
    let certificate = session.read_auth_certificate().map_err(photo_problem)?;
    Ok((face, certificate, card_data))
}

fn number_query(search: &QualificationConfirmSearchInfo) -> NumberQuery {
    NumberQuery {
        insurer_number: search.insurer_number.clone(),
        insured_card_symbol: search.insured_card_symbol.clone(),
        insured_identification_number: search.insured_identification_number.clone(),
        insured_branch_number: search.insured_branch_number.clone(),
        birthdate: search.birthdate.clone(),
        limit_certificate_consent: search.limit_consent(),
    }
}

fn photo_problem(e: CardError) -> PhotoProblem {
    match e {
        CardError::WrongPin { tries_left, .. } => PhotoProblem::WrongCode { tries_left },
        CardError::Blocked { .. } => PhotoProblem::Blocked,
        CardError::NoCardSurface => PhotoProblem::NoCardSurface,
        e => match problem(e) {
            CardProblem::Removed => PhotoProblem::NoCard,
            _ => PhotoProblem::Unreadable,
        },
    }
}
